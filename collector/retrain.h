/* retrain: the themes model kept up with the Trust's own coding, without
 * anyone remembering to run `themes train` ([themes] retrain_days).
 * Owns: when a retrain is due, and the daily check in the serving collector
 * that trains (at a low CPU priority) when it is, logging one line.
 * Promises: never trains when nothing was coded since the newest model; a
 * retrain that cannot learn yet (not enough coding) keeps the old model and
 * says so; the model's trained_by is "weekly retrain" (or every N days). */
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

/* The daily check: at start and every COLL_RETRAIN_CHECK_MS until freed;
 * on_model(ctx) (may be NULL) after each model it stores, so ingest uses it
 * at once.
 * *out is NULL (and nothing runs) with retrain_days 0. The caller starts it
 * only when the framework loads (themes on). */
typedef struct coll_retrain coll_retrain;
int coll_retrain_start(const coll_config *cfg, coll_store *st, void (*on_model)(void *ctx),
		       void *ctx, coll_retrain **out, fb_err *err);
void coll_retrain_free(coll_retrain *r);    /* stops and joins; NULL is a no-op */

#endif
