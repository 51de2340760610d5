/* retrain: the themes model kept up with the Trust's own coding, without
 * anyone remembering to run `themes train` ([themes] retrain_days).
 * Owns: when a retrain is due, and the daily check in the serving collector
 * that trains (at a low CPU priority) when it is, logging one line.
 * And "Train now" (the themes page's button): one training on a background
 * thread of its own, at the same low priority, started without waiting.
 * Promises: never trains when nothing was coded since the newest model; a
 * retrain that cannot learn yet (not enough coding) keeps the old model and
 * says so; the model's trained_by is "weekly retrain" (or every N days), or
 * "Train now by NAME"; one training at a time in the collector: the daily
 * check skips while Train now runs, and a second Train now is not started
 * while either runs. */
#ifndef COLL_RETRAIN_H
#define COLL_RETRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector_config.h"
#include "store/store.h"
#include "fb_err.h"

#define COLL_RETRAIN_CHECK_MS (24LL * 3600 * 1000)   /* how often it looks */

/* Whether to train at now_ms, given the newest model's training time and
 * the newest coding's time (0: none yet), every days days (0: never); why
 * says so in words either way. */
bool coll_retrain_due(int64_t now_ms, int64_t model_at_ms, int64_t coding_at_ms, int days, char *why,
		      size_t size);

/* The daily check: at start and every COLL_RETRAIN_CHECK_MS until freed
 * (with retrain_days 0 none runs, but Train now still does); on_model(ctx)
 * (may be NULL) after each model either stores, so ingest uses it at once.
 * The caller starts it only when the framework loads (themes on). */
typedef struct coll_retrain coll_retrain;
int coll_retrain_start(const coll_config *cfg, coll_store *st, void (*on_model)(void *ctx),
		       void *ctx, coll_retrain **out, fb_err *err);
/* Stops the daily check and waits for a training under way; NULL is a no-op. */
void coll_retrain_free(coll_retrain *r);

/* Train now: starts one training by who (a user name) on its own thread
 * and returns at once; *started false (nothing started) when a training is
 * already running. Trains whatever is coded, as `themes train` does (the
 * daily check's "nothing new" rule is for the schedule). */
int coll_retrain_now(coll_retrain *r, const char *who, bool *started, fb_err *err);

#define COLL_RETRAIN_TEXT_MAX 256
/* What the themes page says of the trainer: whether a training runs (whose,
 * since when), and how the last one this collector ran ended ("" none yet). */
typedef struct coll_retrain_status {
	bool running;
	char running_by[COLL_RETRAIN_TEXT_MAX];
	int64_t running_since_ms;
	char last[COLL_RETRAIN_TEXT_MAX];    /* "model 4 stored", or why none was */
	int64_t last_at_ms;
	bool last_ok;
	int retrain_days;                    /* [themes] retrain_days: 0 = no schedule */
} coll_retrain_status;
void coll_retrain_status_get(coll_retrain *r, coll_retrain_status *out);

#endif
