/* staff: PIN pad, lock-out, sync daemon status and "sync now" for the
 * kiosk's staff screen (see staff.h). */
#include "staff.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/types.h>

#include "enrol_file.h"

struct fb_staff {
	char *hash;                     /* NULL: staff access off */
	char pin[FB_STAFF_PIN_MAX + 1];
	size_t pin_len;
	int wrong;                      /* wrong tries in a row */
	int64_t locked_until;           /* 0: not locked */
};

int fb_staff_new(fb_staff **out, const char *pin_hash, fb_err *err)
{
	int rc = 0;
	fb_staff *st = NULL;

	*out = NULL;
	if (sodium_init() < 0) {
		rc = fb_err_set(err, FB_ERR_CRYPTO, "libsodium could not start");
		goto out;
	}
	st = calloc(1, sizeof *st);
	if (!st) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for the staff pad");
		goto out;
	}
	if (pin_hash && pin_hash[0] != '\0') {
		if (strlen(pin_hash) >= crypto_pwhash_STRBYTES ||
		    strncmp(pin_hash, "$argon2", 7) != 0) {
			rc = fb_err_set(err, FB_ERR_INVALID,
					"staff_pin_hash is not a libsodium "
					"crypto_pwhash_str hash ($argon2...): "
					"make one with 'feedback-queue hash-pin'");
			goto out;
		}
		st->hash = strdup(pin_hash);
		if (!st->hash) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for the staff pad");
			goto out;
		}
	}
	*out = st;
	st = NULL;
out:
	fb_staff_free(st);
	return rc;
}

void fb_staff_free(fb_staff *st)
{
	if (!st)
		return;
	free(st->hash);
	sodium_memzero(st, sizeof *st);
	free(st);
}

bool fb_staff_enabled(const fb_staff *st)
{
	return st && st->hash;
}

static void lock_expire(fb_staff *st, int64_t now_ms)
{
	if (st->locked_until != 0 && now_ms >= st->locked_until) {
		st->locked_until = 0;
		st->wrong = 0;
	}
}

bool fb_staff_locked(const fb_staff *st, int64_t now_ms)
{
	return st && st->locked_until != 0 && now_ms < st->locked_until;
}

int64_t fb_staff_locked_until(const fb_staff *st)
{
	return st ? st->locked_until : 0;
}

int fb_staff_tries_left(const fb_staff *st)
{
	int left = FB_STAFF_MAX_TRIES - (st ? st->wrong : 0);
	return left < 0 ? 0 : left;
}

bool fb_staff_pin_digit(fb_staff *st, int digit, int64_t now_ms)
{
	if (!st || digit < 0 || digit > 9)
		return false;
	lock_expire(st, now_ms);
	if (fb_staff_locked(st, now_ms) || st->pin_len >= FB_STAFF_PIN_MAX)
		return false;
	st->pin[st->pin_len++] = (char)('0' + digit);
	st->pin[st->pin_len] = '\0';
	return true;
}

void fb_staff_pin_clear(fb_staff *st)
{
	if (!st)
		return;
	sodium_memzero(st->pin, sizeof st->pin);
	st->pin_len = 0;
}

size_t fb_staff_pin_length(const fb_staff *st)
{
	return st ? st->pin_len : 0;
}

fb_staff_pin_result fb_staff_pin_check(fb_staff *st, int64_t now_ms)
{
	fb_staff_pin_result res;

	if (!fb_staff_enabled(st)) {
		res = FB_STAFF_PIN_DISABLED;
		goto out;
	}
	lock_expire(st, now_ms);
	if (fb_staff_locked(st, now_ms)) {
		res = FB_STAFF_PIN_LOCKED;
		goto out;
	}
	if (st->pin_len > 0 &&
	    crypto_pwhash_str_verify(st->hash, st->pin, st->pin_len) == 0) {
		st->wrong = 0;
		res = FB_STAFF_PIN_OK;
		goto out;
	}
	st->wrong++;
	if (st->wrong >= FB_STAFF_MAX_TRIES) {
		st->locked_until = now_ms + FB_STAFF_LOCKOUT_MS;
		if (st->locked_until == 0)
			st->locked_until = 1;
		res = FB_STAFF_PIN_LOCKED;
		goto out;
	}
	res = FB_STAFF_PIN_WRONG;
out:
	fb_staff_pin_clear(st);
	return res;
}

/* The daemon's last GET /v1/config, for one line of the staff screen. */
static void staff_remote_words(const fb_sync_status *ss, int64_t now_wall_ms, char *out,
			       size_t out_size)
{
	char age[64];

	fb_staff_format_age(ss->config_fetched_ms > 0 && now_wall_ms >= ss->config_fetched_ms ?
			    now_wall_ms - ss->config_fetched_ms : -1, age, sizeof age);
	if (!ss->config_state[0])
		snprintf(out, out_size, "not fetched yet");
	else if (strcmp(ss->config_state, "refused") == 0)
		snprintf(out, out_size, "last one refused %.20s: %.180s", age, ss->config_error);
	else if (strcmp(ss->config_state, "unavailable") == 0)
		snprintf(out, out_size, "the collector does not offer one (checked %.20s)", age);
	else if (strcmp(ss->config_state, "failed") == 0)
		snprintf(out, out_size, "last fetch failed: %.180s", ss->config_error);
	else
		snprintf(out, out_size, "%.8s fetched %.20s", ss->config_etag[0] ? ss->config_etag :
			 "none", age);
}

int fb_staff_read_sync_status(const char *data_dir, int64_t now_wall_ms,
			      fb_staff_status *st)
{
	char path[4096];
	fb_sync_status ss;
	fb_err err;

	fb_err_clear(&err);
	snprintf(path, sizeof path, "%s/%s", data_dir ? data_dir : ".",
		 FB_SYNC_STATUS_FILE);
	st->have_sync_status = false;
	st->sync_state[0] = '\0';
	if (fb_sync_status_read(path, &ss, &err) != 0) {
		if (err.code == FB_ERR_NOTFOUND)
			snprintf(st->last_sync_error, sizeof st->last_sync_error,
				 "no word from the sending service yet: if "
				 "this lasts, restart the device");
		else
			snprintf(st->last_sync_error, sizeof st->last_sync_error,
				 "sync status unreadable: %.200s", err.msg);
		return 0;
	}
	st->have_sync_status = true;
	snprintf(st->sync_state, sizeof st->sync_state, "%s", ss.state);
	st->last_sync_ok_ms = ss.last_success_ms;
	snprintf(st->last_sync_error, sizeof st->last_sync_error, "%.250s",
		 ss.last_error);
	staff_remote_words(&ss, now_wall_ms, st->remote_config, sizeof st->remote_config);
	if (st->queue_depth < 0)
		st->queue_depth = ss.queue_depth;
	if (st->quarantined < 0)
		st->quarantined = ss.quarantined;
	if (st->oldest_unsent_age_ms < 0 && ss.oldest_unsent_ms > 0 &&
	    now_wall_ms >= ss.oldest_unsent_ms)
		st->oldest_unsent_age_ms = now_wall_ms - ss.oldest_unsent_ms;
	return 0;
}

void fb_staff_read_enrol(const char *data_dir, fb_staff_status *st)
{
	fb_enrol_result r;
	fb_err err;
	const char *dir = data_dir ? data_dir : ".";

	st->enrol[0] = '\0';
	st->enrol_waiting = fb_enrol_request_waiting(dir);
	if (st->enrol_waiting) {
		snprintf(st->enrol, sizeof st->enrol, "Enrolling: the sending service"
			 " (feedback-syncd) is asking the collector");
		return;
	}
	fb_err_clear(&err);
	if (fb_enrol_result_read(dir, &r, &err) != 0)
		return;
	if (r.enrolled)
		snprintf(st->enrol, sizeof st->enrol, "Enrolled for %.500s", r.words);
	else
		snprintf(st->enrol, sizeof st->enrol, "Not enrolled: %.500s", r.words);
}

int64_t fb_staff_disk_free(const char *data_dir)
{
	struct statvfs vfs;

	if (!data_dir || statvfs(data_dir, &vfs) != 0)
		return -1;
	return (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
}

/* The pid from data_dir/feedback-syncd.pid, else the "pid" the daemon puts
 * in its status file; 0 with err filled when neither names one. */
static long syncd_pid(const char *data_dir, fb_err *err)
{
	char path[4096];
	FILE *fp = NULL;
	char line[64];
	char *end = NULL;
	long pid = 0;
	fb_sync_status ss;

	snprintf(path, sizeof path, "%s/%s", data_dir, FB_SYNCD_PID_FILE);
	fp = fopen(path, "r");
	if (fp) {
		if (fgets(line, sizeof line, fp)) {
			errno = 0;
			pid = strtol(line, &end, 10);
			if (errno != 0 || end == line ||
			    (*end != '\0' && *end != '\n'))
				pid = 0;
		}
		fclose(fp);
		if (pid <= 1)
			fb_err_set(err, FB_ERR_INVALID,
				   "the sending service's pid file '%s' does not hold a pid",
				   path);
		return pid > 1 ? pid : 0;
	}
	snprintf(path, sizeof path, "%s/%s", data_dir, FB_SYNC_STATUS_FILE);
	if (fb_sync_status_read(path, &ss, NULL) == 0 && ss.pid > 1)
		return ss.pid;
	/* no path: staff read this on a small screen, and the path is the
	 * config's data_dir, which IT already know */
	fb_err_set(err, FB_ERR_NOTFOUND,
		   "the sending service is not running (it has left no pid "
		   "or status file): restart the device");
	return 0;
}

/* Whether pid is a feedback-syncd now: a pid the kernel has handed to
 * another program must never get SIGUSR1 (it would end it). */
static bool is_syncd(long pid)
{
	char path[64], comm[32] = "";
	FILE *fp;
	bool ok = false;

	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	fp = fopen(path, "r");
	if (!fp)
		return false;
	if (fgets(comm, sizeof comm, fp))
		ok = strcmp(comm, "feedback-syncd\n") == 0 ||
		     strcmp(comm, "feedback-syncd") == 0;
	fclose(fp);
	return ok;
}

int fb_staff_sync_now(const char *data_dir, fb_err *err)
{
	int rc = 0;
	long pid;
	fb_err perr;

	fb_err_clear(&perr);
	pid = syncd_pid(data_dir ? data_dir : ".", &perr);
	if (pid == 0) {
		rc = fb_err_set(err, perr.code, "%s", perr.msg);
		goto out;
	}
	if (!is_syncd(pid) || kill((pid_t)pid, SIGUSR1) != 0) {
		rc = fb_err_set(err, FB_ERR_NOTFOUND,
				"the sending service (process %ld) has stopped: "
				"restart the device", pid);
		goto out;
	}
out:
	return rc;
}

void fb_staff_format_age(int64_t age_ms, char *out, size_t out_size)
{
	int64_t s = age_ms / 1000;

	if (age_ms < 0)
		snprintf(out, out_size, "never");
	else if (s < 60)
		snprintf(out, out_size, "just now");
	else if (s < 3600)
		snprintf(out, out_size, "%lld minute%s ago", (long long)(s / 60),
			 s / 60 == 1 ? "" : "s");
	else if (s < 2 * 86400)
		snprintf(out, out_size, "%lld hour%s ago", (long long)(s / 3600),
			 s / 3600 == 1 ? "" : "s");
	else
		snprintf(out, out_size, "%lld days ago", (long long)(s / 86400));
}

void fb_staff_format_duration(long seconds, char *out, size_t out_size)
{
	long m = seconds / 60, s = seconds % 60;
	if (seconds < 0)
		seconds = 0;
	if (seconds < 60)
		snprintf(out, out_size, "%ld second%s", seconds, seconds == 1 ? "" : "s");
	else if (s == 0)
		snprintf(out, out_size, "%ld minute%s", m, m == 1 ? "" : "s");
	else
		snprintf(out, out_size, "%ld minute%s %ld second%s", m, m == 1 ? "" : "s",
			 s, s == 1 ? "" : "s");
}

void fb_staff_format_bytes(long long bytes, char *out, size_t out_size)
{
	double gb = (double)bytes / 1e9;
	if (bytes < 0)
		snprintf(out, out_size, "unknown");
	else if (gb >= 10)
		snprintf(out, out_size, "%.0f GB", gb);
	else
		snprintf(out, out_size, "%.1f GB", gb);
}
