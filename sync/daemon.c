/* daemon: see daemon.h. Start reading at fb_syncd_run(): each turn of the
 * loop handles the signal flags, pushes one batch when one is due, sends a
 * heartbeat when one is due, asks for the Trust's config when one is due
 * (never between a backlog's batches), purges once an hour, writes the status file when
 * something changed, and sleeps at most poll_ms when there is nothing to do.
 * The sleep ends early when the kiosk writes the queue (wake.c: inotify on
 * data_dir), so a new record goes within tens of milliseconds; the poll
 * stays as the safety net and is all there is when inotify is not. */
#include "daemon.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "enrol.h"
#include "log.h"
#include "push.h"
#include "queue.h"
#include "remote_config.h"
#include "retry.h"
#include "sync_status.h"
#include "transport.h"
#include "utf8.h"
#include "wake.h"

#define TOKEN_MAX 512
#define PURGE_EVERY_MS (60 * 60 * 1000)
#define STATUS_MIN_GAP_MS 500      /* while a backlog drains */
#define STATUS_REFRESH_MS 30000    /* with nothing new to say */
#define PROGRESS_MIN_BACKLOG 1000  /* smaller backlogs need no bar */
/* After the queue's files change, look again every SETTLE_STEP_MS for
 * SETTLE_MS: the kiosk's commit becomes visible to readers only after its
 * last write and fsync, so the first look may come a moment too early. */
#define SETTLE_MS 300
#define SETTLE_STEP_MS 20

struct fb_syncd {
	fb_syncd_opts opts;
	char config_path[FB_PATH_MAX];
	fb_config cfg;
	char token[TOKEN_MAX];
	fb_queue *q;
	fb_transport *t;
	fb_push *p;
	char status_path[FB_PATH_MAX + 32];
	fb_sync_status st;
	bool authorised;
	bool unenrolled;              /* no token file yet: waiting for an enrolment code */
	unsigned failures;            /* consecutive, drives the backoff */
	int64_t next_try_mono;
	int64_t next_heartbeat_mono;
	int64_t next_purge_mono;
	int64_t last_status_mono;
	bool heartbeat_after_push;    /* records went since the last heartbeat */
	fb_rconf rconf;               /* GET /v1/config: the ETag in force */
	int64_t next_config_mono;     /* at start, then at least hourly */
	bool config_after_push;       /* records went since the last fetch */
	bool status_dirty;
	fb_wake *wake;                /* NULL: inotify unavailable, poll only */
	int64_t settle_until_mono;    /* look often until then (see SETTLE_MS) */
	/* progress bar */
	bool bar;
	int64_t bar_total, bar_done;
};

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fb_vlog(fmt, ap);     /* main names the program (lib/log.h) */
	va_end(ap);
}

static void drop_network(fb_syncd *d)
{
	fb_push_free(d->p);
	d->p = NULL;
	fb_transport_free(d->t);
	d->t = NULL;
	fb_queue_close(d->q);
	d->q = NULL;
}

/* --timeout, when given, wins over [sync] request_timeout. */
static long request_timeout_ms(const fb_syncd *d)
{
	return d->opts.timeout_ms > 0 ? d->opts.timeout_ms : (long)d->cfg.request_timeout_s * 1000L;
}

/* (Re)loads everything the config decides. On failure d keeps nothing
 * half-made: the caller may keep going without a network side. */
static int load(fb_syncd *d, fb_err *err)
{
	fb_config cfg;
	char token[TOKEN_MAX], qpath[FB_PATH_MAX + 32];
	fb_transport_opts to = {0};
	fb_push_opts po = {0};
	bool dropped = false;
	int rc;

	rc = fb_config_load(d->config_path, &cfg, err);
	if (rc)
		goto out;
	if (!cfg.collector_url[0]) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s: [sync] collector_url is not set; set it to the Trust's "
				"collector (https://...)", d->config_path);
		goto out;
	}
	rc = fb_config_read_token(&cfg, token, sizeof token, err);
	/* No token file at all: a tablet waiting to be enrolled with a code
	 * from its staff screen. Everything but the network side is set up. */
	bool no_token = rc == FB_ERR_NOTFOUND && fb_config_token_awaits_code(&cfg);
	if (rc && !no_token)
		goto out;
	rc = 0;
	/* From here on the old set-up is gone: a failure leaves none. */
	dropped = true;
	drop_network(d);
	d->cfg = cfg;
	sodium_memzero(d->token, sizeof d->token);
	memcpy(d->token, token, sizeof token);
	fb_config_data_path(&d->cfg, FB_SYNC_STATUS_FILE, d->status_path, sizeof d->status_path);
	fb_config_data_path(&d->cfg, FB_QUEUE_FILE, qpath, sizeof qpath);
	rc = fb_queue_open(&d->q, qpath, NULL, err);
	if (rc)
		goto out;
	if (fb_queue_damage(d->q)) {
		logf_("%s", fb_queue_damage(d->q));
	} else {
		char note[1024];
		if (fb_queue_damage_note(qpath, false, note, sizeof note))
			logf_("a damaged queue file is kept beside the queue: %s", note);
	}
	d->unenrolled = no_token;
	if (no_token)
		goto out;
	to.base_url = d->cfg.collector_url;
	to.ca_file = d->cfg.ca_file;
	to.pinned_pubkey = d->cfg.pinned_pubkey;
	to.proxy = d->cfg.proxy;
	to.token = d->token;
	to.timeout_ms = request_timeout_ms(d);
	rc = fb_transport_curl_new(&d->t, &to, err);
	if (rc)
		goto out;
	po.device_id = d->cfg.device_id;
	po.batch_max_records = (size_t)d->cfg.batch_max_records;
	po.batch_max_bytes = (size_t)d->cfg.batch_max_bytes;
	po.backoff_cap_ms = (int64_t)d->cfg.backoff_cap_s * 1000;
	rc = fb_push_new(&d->p, d->q, d->t, &po, err);
	if (rc)
		goto out;
	fb_rconf_init(&d->rconf, &d->cfg);
	d->next_config_mono = 0;      /* fetch soon after a (re)load */
out:
	sodium_memzero(token, sizeof token);
	if (rc && dropped)
		drop_network(d);
	return rc;
}

/* Carries what the staff screen cares about across restarts. */
static void carry_status(fb_syncd *d)
{
	fb_sync_status prev;
	fb_err ignored = {0};

	if (fb_sync_status_read(d->status_path, &prev, &ignored) != 0)
		return;
	d->st.last_success_ms = prev.last_success_ms;
	d->st.last_attempt_ms = prev.last_attempt_ms;
	d->st.last_heartbeat_ms = prev.last_heartbeat_ms;
	d->st.config_fetched_ms = prev.config_fetched_ms;
	memcpy(d->st.config_state, prev.config_state, sizeof d->st.config_state);
	memcpy(d->st.config_error, prev.config_error, sizeof d->st.config_error);
	snprintf(d->st.config_etag, sizeof d->st.config_etag, "%s", d->rconf.etag);
}

int fb_syncd_new(fb_syncd **out, const fb_syncd_opts *opts, fb_err *err)
{
	fb_syncd *d = NULL;
	int rc = 0;

	*out = NULL;
	d = calloc(1, sizeof *d);
	if (!d)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	d->opts = *opts;
	if (d->opts.poll_ms <= 0)
		d->opts.poll_ms = 1000;
	snprintf(d->config_path, sizeof d->config_path, "%s", opts->config_path);
	rc = load(d, err);
	if (rc)
		goto out;
	d->authorised = true;
	carry_status(d);
	d->st.authorised = true;
	d->st.pid = (int)getpid();
	snprintf(d->st.state, sizeof d->st.state, "starting");
	d->bar = opts->progress && isatty(STDERR_FILENO);
	*out = d;
	d = NULL;
out:
	fb_syncd_free(d);
	return rc;
}

void fb_syncd_free(fb_syncd *d)
{
	if (!d)
		return;
	drop_network(d);
	fb_wake_free(d->wake);
	sodium_memzero(d->token, sizeof d->token);
	free(d);
}

static void set_state(fb_syncd *d, const char *state)
{
	if (strcmp(d->st.state, state) != 0) {
		snprintf(d->st.state, sizeof d->st.state, "%s", state);
		d->status_dirty = true;
	}
}

static void set_error(fb_syncd *d, const char *error)
{
	/* Long words are cut to the status field's size, on a character
	 * boundary (the status file and the heartbeat are JSON: UTF-8). */
	size_t n = fb_utf8_cut(error, strlen(error), sizeof d->st.last_error - 1);

	if (strncmp(d->st.last_error, error, n) != 0 || d->st.last_error[n] != '\0') {
		memcpy(d->st.last_error, error, n);
		d->st.last_error[n] = '\0';
		d->status_dirty = true;
	}
}

static void write_status(fb_syncd *d, bool force)
{
	int64_t now = fb_mono_ms();
	fb_queue_stats qs;
	fb_err err = {0};

	/* Flash storage: write on change (at most twice a second), else only
	 * now and then so updated_ms shows the daemon is alive. */
	if (!force && now - d->last_status_mono < (d->status_dirty ? STATUS_MIN_GAP_MS
								  : STATUS_REFRESH_MS))
		return;
	if (d->q && fb_queue_stats_get(d->q, &qs, &err) == 0) {
		d->st.queue_depth = qs.depth;
		d->st.oldest_unsent_ms = qs.oldest_unsent_ms;
		d->st.quarantined = qs.quarantined;
	}
	d->st.updated_ms = fb_wall_ms();
	d->st.authorised = d->authorised;
	d->st.consecutive_failures = d->failures;
	d->st.next_try_ms = d->next_try_mono > now ? d->st.updated_ms + (d->next_try_mono - now) : 0;
	if (d->status_path[0] && fb_sync_status_write(d->status_path, &d->st, &err) != 0)
		logf_("%s", err.msg);
	d->last_status_mono = now;
	d->status_dirty = false;
}

static void bar_draw(fb_syncd *d, bool done)
{
	int width = 40, fill;

	if (!d->bar || d->bar_total <= 0)
		return;
	fill = (int)(d->bar_done * width / d->bar_total);
	if (fill > width)
		fill = width;
	fprintf(stderr, "\rsending [%.*s%*s] %" PRId64 "/%" PRId64 "%s",
		fill, "########################################", width - fill, "",
		d->bar_done, d->bar_total, done ? "\n" : "");
	fflush(stderr);
	if (done)
		d->bar_total = 0;
}

static void heartbeat(fb_syncd *d)
{
	fb_queue_stats qs = {0};
	fb_heartbeat hb = {0};
	fb_push_result res;
	fb_err err = {0};
	struct statvfs vfs;
	int64_t now = fb_mono_ms();

	d->next_heartbeat_mono = now + (int64_t)d->cfg.heartbeat_interval_s * 1000;
	d->heartbeat_after_push = false;
	if (!d->p || fb_queue_stats_get(d->q, &qs, &err) != 0) {
		if (err.msg[0])
			logf_("heartbeat skipped: %s", err.msg);
		return;
	}
	hb.queue_depth = qs.depth;
	hb.oldest_unsent_age_s = qs.oldest_unsent_ms > 0 && fb_wall_ms() > qs.oldest_unsent_ms
				 ? (fb_wall_ms() - qs.oldest_unsent_ms) / 1000 : 0;
	hb.quarantined = qs.quarantined;
	hb.last_ack_ms = qs.last_ack_ms;
	hb.last_error = d->st.last_error;
	/* No other error: a damaged queue file still kept beside the queue is
	 * what IT should see on the fleet page. */
	char qpath[FB_PATH_MAX + 32], damage[320];
	fb_config_data_path(&d->cfg, FB_QUEUE_FILE, qpath, sizeof qpath);
	if (!d->st.last_error[0] && fb_queue_damage_note(qpath, true, damage, sizeof damage))
		hb.last_error = damage;
	if (statvfs(d->cfg.data_dir, &vfs) == 0)
		hb.disk_free_bytes = (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
	if (fb_push_heartbeat(d->p, &hb, &res, &err) != 0) {
		logf_("heartbeat not sent: %s", err.msg);
		return;
	}
	if (res.outcome == FB_PUSH_DONE) {
		d->st.last_heartbeat_ms = fb_wall_ms();
		d->status_dirty = true;
		logf_("heartbeat sent (queue %" PRId64 ", quarantined %" PRId64 ")", hb.queue_depth,
		      hb.quarantined);
	} else if (res.outcome == FB_PUSH_UNAUTHORISED) {
		d->authorised = false;
		set_state(d, "not_authorised");
		set_error(d, res.error);
		logf_("%s", res.error);
	} else {
		logf_("heartbeat failed: %s", res.error);
	}
}

/* One GET /v1/config; whatever happens, pushing goes on as before. */
static void fetch_config(fb_syncd *d)
{
	char words[1024];
	fb_rconf_result r;

	d->next_config_mono = fb_mono_ms() + FB_RCONF_EVERY_MS;
	d->config_after_push = false;
	if (!d->t)
		return;
	r = fb_rconf_fetch(&d->rconf, d->t, fb_wall_ms(), words, sizeof words);
	if (words[0])
		logf_("%s", words);
	snprintf(d->st.config_state, sizeof d->st.config_state, "%s", fb_rconf_result_name(r));
	snprintf(d->st.config_etag, sizeof d->st.config_etag, "%s", d->rconf.etag);
	if (r != FB_RCONF_FAILED)
		d->st.config_fetched_ms = fb_wall_ms();
	if (r == FB_RCONF_REFUSED || r == FB_RCONF_FAILED) {
		size_t n = fb_utf8_cut(words, strlen(words), sizeof d->st.config_error - 1);

		memcpy(d->st.config_error, words, n);
		d->st.config_error[n] = '\0';
	} else {
		d->st.config_error[0] = '\0';
	}
	d->status_dirty = true;
}

static void purge(fb_syncd *d)
{
	int64_t purged = 0, before;
	fb_err err = {0};

	d->next_purge_mono = fb_mono_ms() + PURGE_EVERY_MS;
	if (!d->q)
		return;
	before = fb_wall_ms() - (int64_t)d->cfg.retention_days * 86400000LL;
	if (fb_queue_purge(d->q, before, &purged, &err) != 0)
		logf_("purge failed: %s", err.msg);
	else if (purged > 0)
		logf_("purged %" PRId64 " acknowledged records older than %d days", purged,
		      d->cfg.retention_days);
}

/* One push and what it means for the schedule, as sync/retry.c decides.
 * Returns whether to push again at once (no nap); *outcome (may be NULL)
 * says how it went. */
static bool push_once(fb_syncd *d, fb_push_outcome *outcome)
{
	fb_push_result res;
	fb_err err = {0};
	fb_retry r;
	int64_t now = fb_mono_ms();

	if (outcome)
		*outcome = FB_PUSH_LOCAL;
	if (!d->p)
		return false;
	fb_push_batch(d->p, &res, &err);
	if (outcome)
		*outcome = res.outcome;
	r = fb_retry_decide(&res.end, d->failures, (int64_t)d->cfg.backoff_cap_s * 1000,
			    randombytes_random());
	if (res.outcome != FB_PUSH_IDLE) {
		d->st.last_attempt_ms = fb_wall_ms();
		d->status_dirty = true;
	}
	if (r.action == FB_RETRY_NEXT && (d->failures > 0 || d->st.last_error[0]))
		logf_("the collector is answering again");
	d->failures = r.failures;
	if (r.wait_ms > 0)
		d->next_try_mono = now + r.wait_ms;
	else if (r.action == FB_RETRY_NEXT)
		d->next_try_mono = 0;
	switch (r.action) {
	case FB_RETRY_NOTHING:
		set_state(d, "idle");
		break;
	case FB_RETRY_NEXT:
		d->heartbeat_after_push = true;
		d->config_after_push = true;
		d->st.last_success_ms = fb_wall_ms();
		d->st.sent_total += (int64_t)res.sent;
		d->st.stored_total += (int64_t)res.stored;
		d->st.duplicate_total += (int64_t)res.duplicate;
		d->st.quarantined_total += (int64_t)res.quarantined;
		set_state(d, "sending");
		set_error(d, "");
		if (!d->bar)
			logf_("batch of %zu: %zu stored, %zu duplicate, %zu quarantined, %zu unanswered (HTTP %ld)",
			      res.sent, res.stored, res.duplicate, res.quarantined, res.unanswered,
			      res.status);
		d->bar_done += (int64_t)(res.stored + res.duplicate + res.quarantined);
		bar_draw(d, false);
		break;
	case FB_RETRY_HALVE:
	case FB_RETRY_PARK:
		logf_("%s (now at most %zu records)", res.error, fb_push_batch_limit(d->p));
		break;
	case FB_RETRY_BACKOFF:
		set_state(d, "backing_off");
		set_error(d, res.error);
		logf_("push failed (%u in a row): %s; next try in %.1f s", d->failures, res.error,
		      (double)r.wait_ms / 1000.0);
		break;
	case FB_RETRY_WAIT:
		set_state(d, "waiting");
		set_error(d, res.error);
		logf_("%s", res.error);
		break;
	case FB_RETRY_STOP:
		d->authorised = false;
		set_state(d, "not_authorised");
		set_error(d, res.error);
		logf_("%s; pushing stopped until the config is reloaded", res.error);
		break;
	}
	return r.at_once;
}

/* (Re)places the watch on data_dir; without one the poll does the work. */
static void watch_queue(fb_syncd *d)
{
	static const char *const names[] = {FB_QUEUE_FILE "-wal", FB_QUEUE_FILE, NULL};
	fb_err err = {0};

	fb_wake_free(d->wake);
	d->wake = NULL;
	if (fb_wake_new(&d->wake, d->cfg.data_dir, names, &err) == 0)
		logf_("watching '%s' for new records (inotify); looking at the queue every %.1f s as well",
		      d->cfg.data_dir, (double)d->opts.poll_ms / 1000.0);
	else
		logf_("not watching for new records (%s); looking at the queue every %.1f s instead",
		      err.msg, (double)d->opts.poll_ms / 1000.0);
}

/* Words for a tablet that has no token yet. */
#define NOT_ENROLLED "not enrolled yet: on the staff screen, Enrol this tablet, type the" \
	" code from the collector's Devices page"

static void say_unenrolled(fb_syncd *d)
{
	if (!d->unenrolled)
		return;
	set_state(d, "not_enrolled");
	set_error(d, NOT_ENROLLED);
}

static void reload(fb_syncd *d);

/* The staff screen asked to enrol with a code: one turn of sync/enrol.h,
 * then, when a token came, a reload that starts pushing with it. */
static void enrol_turn(fb_syncd *d)
{
	fb_enrol_result res;
	fb_err err = {0};
	int rc = fb_enrol_step(&d->cfg, NULL, &res, &err);
	if (rc == FB_ERR_NOTFOUND)
		return;
	if (rc)
		logf_("enrolment result not written: %s", err.msg);
	if (res.enrolled) {
		logf_("enrolled with a one-time code for %s; token written to '%s'", res.words,
		      d->cfg.token_file);
		reload(d);
	} else {
		logf_("enrolment with a one-time code failed: %s", res.words);
	}
	d->status_dirty = true;
}

static void reload(fb_syncd *d)
{
	fb_err err = {0};

	logf_("reloading '%s'", d->config_path);
	if (load(d, &err) != 0) {
		char words[sizeof err.msg + 128];

		if (d->p) {
			snprintf(words, sizeof words, "config reload failed, still using the previous "
				 "config: %s", err.msg);
		} else {
			snprintf(words, sizeof words, "config reload failed, nothing will be sent "
				 "until it is fixed and reloaded (SIGHUP): %s", err.msg);
			set_state(d, "backing_off");
		}
		logf_("%s", words);
		set_error(d, words);
		return;
	}
	d->authorised = true;
	d->failures = 0;
	d->next_try_mono = 0;
	set_error(d, "");
	set_state(d, "idle");
	say_unenrolled(d);
	logf_("config reloaded; %s %s", d->unenrolled ? "not enrolled yet, waiting for a code for"
	      : "pushing to", d->cfg.collector_url);
	watch_queue(d);
}

int fb_syncd_run(fb_syncd *d, fb_syncd_flags *flags)
{
	fb_push_outcome o = FB_PUSH_IDLE, prev = FB_PUSH_IDLE;
	bool again;
	int64_t now, wake;

	logf_("started (version %s); pushing to %s for device %s; a request may take %.1f s",
	      FB_VERSION, d->cfg.collector_url, d->cfg.device_id, (double)request_timeout_ms(d) / 1000.0);
	watch_queue(d);
	purge(d);
	d->next_heartbeat_mono = fb_mono_ms();
	say_unenrolled(d);
	if (d->unenrolled)
		logf_("%s", NOT_ENROLLED);
	write_status(d, true);
	while (!flags->stop) {
		if (flags->reload) {
			flags->reload = 0;
			reload(d);
		}
		if (fb_enrol_request_waiting(d->cfg.data_dir))
			enrol_turn(d);
		if (flags->sync_now) {
			flags->sync_now = 0;
			logf_("sync now requested (SIGUSR1)");
			d->next_try_mono = 0;
			d->next_config_mono = 0;   /* staff asked: the Trust's config too */
			if (d->st.state[0] && strcmp(d->st.state, "backing_off") == 0)
				set_state(d, "idle");
		}
		now = fb_mono_ms();
		o = FB_PUSH_IDLE;
		again = false;
		if (d->authorised && now >= d->next_try_mono) {
			if (d->bar && d->bar_total == 0 && prev == FB_PUSH_IDLE) {
				fb_queue_stats qs;
				fb_err err = {0};

				if (fb_queue_stats_get(d->q, &qs, &err) == 0 &&
				    qs.depth >= PROGRESS_MIN_BACKLOG) {
					d->bar_total = qs.depth;
					d->bar_done = 0;
				}
			}
			again = push_once(d, &o);
			if (!again && d->bar_total)
				bar_draw(d, true);
		}
		prev = o;
		now = fb_mono_ms();
		if (d->authorised && (now >= d->next_heartbeat_mono ||
				      (d->heartbeat_after_push && o == FB_PUSH_IDLE)))
			heartbeat(d);
		/* Between batches, never in the middle of a backlog: one bounded
		 * request, after which pushing carries on. */
		if (d->authorised && !again &&
		    (now >= d->next_config_mono || (d->config_after_push && o == FB_PUSH_IDLE)))
			fetch_config(d);
		if (now >= d->next_purge_mono)
			purge(d);
		write_status(d, false);
		if (again)
			continue; /* more may be waiting: no nap */
		wake = d->opts.poll_ms;
		if (d->next_config_mono > now && d->next_config_mono - now < wake)
			wake = d->next_config_mono - now;
		if (d->next_try_mono > now && d->next_try_mono - now < wake)
			wake = d->next_try_mono - now;
		if (now < d->settle_until_mono && d->authorised && now >= d->next_try_mono &&
		    wake > SETTLE_STEP_MS)
			wake = SETTLE_STEP_MS;
		if (wake > 0 && !flags->stop && !flags->reload && !flags->sync_now) {
			/* A signal (no SA_RESTART) cuts the wait short: that is the point. */
			fb_wake_result w = fb_wake_wait(d->wake, wake);

			if (w == FB_WAKE_CHANGED)
				d->settle_until_mono = fb_mono_ms() + SETTLE_MS;
			else if (w == FB_WAKE_LOST)
				logf_("stopped watching '%s' (moved or removed); looking at the queue "
				      "every %.1f s instead", d->cfg.data_dir,
				      (double)d->opts.poll_ms / 1000.0);
		}
	}
	set_state(d, "stopped");
	write_status(d, true);
	logf_("stopped");
	return FB_SYNCD_EXIT_OK;
}

int fb_syncd_once(fb_syncd *d, fb_syncd_flags *flags)
{
	fb_queue_stats qs = {0};
	fb_err err = {0};
	int rc = FB_SYNCD_EXIT_OK;

	if (fb_enrol_request_waiting(d->cfg.data_dir))
		enrol_turn(d);
	say_unenrolled(d);
	purge(d);
	if (d->bar && fb_queue_stats_get(d->q, &qs, &err) == 0 && qs.depth > 0) {
		d->bar_total = qs.depth;
		d->bar_done = 0;
		bar_draw(d, false);
	}
	while (push_once(d, NULL) && !flags->stop)
		continue;
	bar_draw(d, true);
	if (d->authorised && d->heartbeat_after_push)
		heartbeat(d);
	if (d->authorised)
		fetch_config(d);
	set_state(d, "stopped");
	write_status(d, true);
	if (fb_queue_stats_get(d->q, &qs, &err) != 0) {
		fprintf(stderr, "feedback-syncd: %s\n", err.msg);
		return FB_SYNCD_EXIT_UNSENT;
	}
	if (qs.depth > 0) {
		fprintf(stderr, "feedback-syncd: %" PRId64 " records not sent: %s\n", qs.depth,
			d->st.last_error[0] ? d->st.last_error : "stopped before the queue was empty");
		rc = d->authorised ? FB_SYNCD_EXIT_UNSENT : FB_SYNCD_EXIT_UNAUTHORISED;
	} else {
		fprintf(stderr, "feedback-syncd: queue empty (%" PRId64 " sent, %" PRId64
			" quarantined)\n", d->st.sent_total, d->st.quarantined_total);
	}
	return rc;
}

int fb_syncd_check_config(const char *config_path, fb_err *err)
{
	fb_config cfg;
	char token[TOKEN_MAX];
	int rc;

	rc = fb_config_load(config_path, &cfg, err);
	if (rc)
		goto out;
	if (!cfg.collector_url[0]) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: [sync] collector_url is not set", config_path);
		goto out;
	}
	/* a tablet waiting for its enrolment code has no token yet */
	if (!fb_config_token_awaits_code(&cfg))
		rc = fb_config_read_token(&cfg, token, sizeof token, err);
	if (rc)
		goto out;
	if (cfg.ca_file[0] && access(cfg.ca_file, R_OK) != 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "unable to read ca_file '%s': %s; check [sync] ca_file",
				cfg.ca_file, strerror(errno));
out:
	sodium_memzero(token, sizeof token);
	return rc;
}
