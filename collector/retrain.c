/* retrain.c: when the themes model is retrained, the daily check that
 * does it and Train now's one-off thread, one training at a time (retrain.h). The training is themes_cli.h's, as `themes train`
 * does it. */
#include "retrain.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clock.h"
#include "every.h"
#include "log.h"
#include "themes_cli.h"

#define DAY_MS (24LL * 3600 * 1000)

struct coll_retrain {
	const coll_config *cfg;
	coll_store *st;
	coll_every *every;
	void (*on_model)(void *ctx);
	void *ctx;
	char by[48];
	pthread_mutex_t mu;          /* guards everything below */
	bool running;                /* a training (either kind) is under way */
	char running_by[COLL_RETRAIN_TEXT_MAX];
	int64_t running_since_ms;
	char last[COLL_RETRAIN_TEXT_MAX];
	int64_t last_at_ms;
	bool last_ok;
	bool now_thread_used;        /* now_thread is to be joined */
	pthread_t now_thread;
	char now_by[COLL_RETRAIN_TEXT_MAX];
};

/* Takes the one training slot for by; false when a training runs. */
static bool begin(coll_retrain *r, const char *by)
{
	bool ok;
	pthread_mutex_lock(&r->mu);
	ok = !r->running;
	if (ok) {
		r->running = true;
		snprintf(r->running_by, sizeof r->running_by, "%s", by);
		r->running_since_ms = fb_wall_ms();
	}
	pthread_mutex_unlock(&r->mu);
	return ok;
}

static void end(coll_retrain *r, bool ok, const char *what)
{
	pthread_mutex_lock(&r->mu);
	r->running = false;
	r->last_ok = ok;
	snprintf(r->last, sizeof r->last, "%s", what);
	r->last_at_ms = fb_wall_ms();
	pthread_mutex_unlock(&r->mu);
}

/* One training by by, as `themes train` does it; the log gets one line
 * (label: why it ran), what it ended with goes into r->last. */
static void train_once(coll_retrain *r, const char *by, const char *label, bool had_model)
{
	fb_err err;
	char what[COLL_RETRAIN_TEXT_MAX];
	fb_err_clear(&err);
	/* training's report (scores per theme) is for `themes train`'s reader;
	 * the log gets one line */
	FILE *sink = fopen("/dev/null", "w");
	int rc = coll_themes_train_store(r->cfg, r->st, (uint64_t)fb_wall_ms(), by,
					 sink ? sink : stderr, &err);
	if (sink)
		fclose(sink);
	int64_t id = 0;
	if (rc == 0)
		rc = coll_store_themes_model_latest_id(r->st, &id, &err);
	if (rc) {
		fb_log("themes %s: no new model: %s; %s%s", label, err.msg,
			had_model ? "the old one stays" : "comments get no suggested themes yet",
			strncmp(label, "retrain", 7) == 0 ? " (it looks again in a day)" : "");
		snprintf(what, sizeof what, "no new model: %.200s", err.msg);
		end(r, false, what);
		return;
	}
	fb_log("themes %s: model %lld stored", label, (long long)id);
	snprintf(what, sizeof what, "model %lld stored", (long long)id);
	end(r, true, what);
	if (r->on_model)
		r->on_model(r->ctx);
}

bool coll_retrain_due(int64_t now_ms, int64_t model_at_ms, int64_t coding_at_ms, int days, char *why,
		      size_t size)
{
	if (days <= 0) {
		snprintf(why, size, "retraining is off ([themes] retrain_days = 0)");
		return false;
	}
	if (coding_at_ms == 0) {
		snprintf(why, size, "nothing is coded yet");
		return false;
	}
	if (model_at_ms == 0) {
		snprintf(why, size, "comments are coded and no model is trained yet");
		return true;
	}
	if (coding_at_ms <= model_at_ms) {
		snprintf(why, size, "nothing was coded since the newest model");
		return false;
	}
	int64_t age_days = (now_ms - model_at_ms) / DAY_MS;
	if (now_ms - model_at_ms < (int64_t)days * DAY_MS) {
		snprintf(why, size, "comments were coded since the newest model, which is %lld day%s old"
			 " (retrained after %d)", (long long)age_days, age_days == 1 ? "" : "s", days);
		return false;
	}
	snprintf(why, size, "comments were coded since the newest model, %lld days old", (long long)age_days);
	return true;
}

static void retrain_job(void *arg)
{
	coll_retrain *r = arg;
	fb_err err;
	char why[200], label[260];
	int64_t model_at = 0, coding_at = 0;
	fb_err_clear(&err);
	if (coll_store_themes_freshness(r->st, &model_at, &coding_at, &err) != 0) {
		fb_log("themes retrain: %s (it looks again in a day)", err.msg);
		return;
	}
	if (!coll_retrain_due(fb_wall_ms(), model_at, coding_at, r->cfg->themes_retrain_days, why,
			      sizeof why)) {
		fb_log("themes retrain: not now: %s", why);
		return;
	}
	if (!begin(r, r->by)) {
		fb_log("themes retrain: not now: a training is already running (it looks again in a day)");
		return;
	}
	snprintf(label, sizeof label, "retrain (%s)", why);
	train_once(r, r->by, label, model_at != 0);
}

static void *now_main(void *arg)
{
	coll_retrain *r = arg;
	int64_t model_at = 0, coding_at = 0;
	fb_err err;
	char label[COLL_RETRAIN_TEXT_MAX + 16];
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);   /* as the daily check */
	(void)coll_store_themes_freshness(r->st, &model_at, &coding_at, &err);
	snprintf(label, sizeof label, "train now (%s)", r->now_by);
	train_once(r, r->now_by, label, model_at != 0);
	return NULL;
}

int coll_retrain_now(coll_retrain *r, const char *who, bool *started, fb_err *err)
{
	char by[COLL_RETRAIN_TEXT_MAX];
	*started = false;
	snprintf(by, sizeof by, "Train now by %s", who);
	if (!begin(r, by))
		return 0;
	/* the slot is ours: the last Train now thread (if any) has ended or is ending */
	pthread_mutex_lock(&r->mu);
	pthread_t old = r->now_thread;
	bool join = r->now_thread_used;
	r->now_thread_used = false;
	pthread_mutex_unlock(&r->mu);
	if (join)
		pthread_join(old, NULL);
	snprintf(r->now_by, sizeof r->now_by, "%s", by);
	if (pthread_create(&r->now_thread, NULL, now_main, r) != 0) {
		end(r, false, "no new model: the training thread could not start");
		return fb_err_set(err, FB_ERR_NOMEM, "the training thread could not start; try again in"
				  " a minute");
	}
	pthread_mutex_lock(&r->mu);
	r->now_thread_used = true;
	pthread_mutex_unlock(&r->mu);
	*started = true;
	return 0;
}

void coll_retrain_status_get(coll_retrain *r, coll_retrain_status *out)
{
	memset(out, 0, sizeof *out);
	if (!r)
		return;
	pthread_mutex_lock(&r->mu);
	out->running = r->running;
	snprintf(out->running_by, sizeof out->running_by, "%s", r->running_by);
	out->running_since_ms = r->running_since_ms;
	snprintf(out->last, sizeof out->last, "%s", r->last);
	out->last_at_ms = r->last_at_ms;
	out->last_ok = r->last_ok;
	out->retrain_days = r->cfg->themes_retrain_days;
	pthread_mutex_unlock(&r->mu);
}

int coll_retrain_start(const coll_config *cfg, coll_store *st, void (*on_model)(void *ctx),
		       void *ctx, coll_retrain **out, fb_err *err)
{
	*out = NULL;
	coll_retrain *r = calloc(1, sizeof *r);
	if (!r)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the themes retrain");
	pthread_mutex_init(&r->mu, NULL);
	r->cfg = cfg;
	r->st = st;
	r->on_model = on_model;
	r->ctx = ctx;
	if (cfg->themes_retrain_days == 7)
		snprintf(r->by, sizeof r->by, "weekly retrain");
	else
		snprintf(r->by, sizeof r->by, "retrain every %d day%s", cfg->themes_retrain_days,
			 cfg->themes_retrain_days == 1 ? "" : "s");
	int rc = cfg->themes_retrain_days <= 0 ? 0 :
		 coll_every_start("themes retrain", COLL_RETRAIN_CHECK_MS, true, retrain_job, r, &r->every, err);
	if (rc) {
		pthread_mutex_destroy(&r->mu);
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void coll_retrain_free(coll_retrain *r)
{
	if (!r)
		return;
	coll_every_free(r->every);
	pthread_mutex_lock(&r->mu);
	bool join = r->now_thread_used;
	r->now_thread_used = false;
	pthread_mutex_unlock(&r->mu);
	if (join)
		pthread_join(r->now_thread, NULL);
	pthread_mutex_destroy(&r->mu);
	free(r);
}
