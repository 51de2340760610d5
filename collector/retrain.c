/* retrain.c: when the themes model is retrained, and the daily check that
 * does it (retrain.h). The training is themes_cli.h's, as `themes train`
 * does it. */
#include "retrain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

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
	char why[200];
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
	/* training's report (scores per theme) is for `themes train`'s reader
	 * and the themes page; the log gets one line */
	FILE *sink = fopen("/dev/null", "w");
	int rc = coll_themes_train_store(r->cfg, r->st, (uint64_t)fb_wall_ms(), r->by,
					 sink ? sink : stderr, &err);
	if (sink)
		fclose(sink);
	int64_t id = 0;
	if (rc == 0)
		rc = coll_store_themes_model_latest_id(r->st, &id, &err);
	if (rc) {
		fb_log("themes retrain (%s): no new model: %s; %s (it looks"
			" again in a day)", why, err.msg,
			model_at ? "the old one stays" : "comments get no suggested themes yet");
		return;
	}
	fb_log("themes retrain (%s): model %lld stored", why, (long long)id);
	if (r->on_model)
		r->on_model(r->ctx);
}

int coll_retrain_start(const coll_config *cfg, coll_store *st, void (*on_model)(void *ctx),
		       void *ctx, coll_retrain **out, fb_err *err)
{
	*out = NULL;
	if (cfg->themes_retrain_days <= 0)
		return 0;
	coll_retrain *r = calloc(1, sizeof *r);
	if (!r)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the themes retrain");
	r->cfg = cfg;
	r->st = st;
	r->on_model = on_model;
	r->ctx = ctx;
	if (cfg->themes_retrain_days == 7)
		snprintf(r->by, sizeof r->by, "weekly retrain");
	else
		snprintf(r->by, sizeof r->by, "retrain every %d day%s", cfg->themes_retrain_days,
			 cfg->themes_retrain_days == 1 ? "" : "s");
	int rc = coll_every_start("themes retrain", COLL_RETRAIN_CHECK_MS, true, retrain_job, r,
				  &r->every, err);
	if (rc) {
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
	free(r);
}
