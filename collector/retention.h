/* retention: how long the collector keeps what patients told it
 * (collector.conf [retention]), and erasure for a person who asks.
 * Owns: the retention plan (which months' words and ratings go, today),
 * the daily job in the serving collector, and the plain-words report of
 * each run and erasure (the log line, the CLI's output).
 * Promises: a month's ratings are never deleted before its national return is
 * made: the fft-submission export of every location ran after the month ended
 * (returns_made), or the month ended more than 2 months ago; counts stay right
 * (store.h). Nothing here holds a patient's words longer than a callback. */
#ifndef COLL_RETENTION_H
#define COLL_RETENTION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "collector_config.h"
#include "store/store.h"
#include "fb_err.h"

#define COLL_RETENTION_EVERY_MS (24LL * 3600 * 1000)   /* the daily job */
#define COLL_ERASE_IDS_MAX 200            /* ids one erasure takes */

/* What the run at now_ms deletes under cfg: whole months, in the Trust's
 * time zone. Words: responses of months before the one free_text_months
 * before now's. Ratings: months before the one ratings_years before now's;
 * months up to three before now's are past their return anyway. Volunteer
 * sign-ups: given before the first day of the month signup_months before
 * now's, whatever their state. */
void coll_retention_plan(const coll_config *cfg, int64_t now_ms, bool dry_run,
			 coll_store_retention *out);
/* Runs the plan for now_ms, and writes what it did (or would do) in plain
 * words to log (NULL: nowhere). */
int coll_retention_run(const coll_config *cfg, coll_store *st, int64_t now_ms, bool dry_run,
		       FILE *log, coll_store_retention_done *done, fb_err *err);

/* The daily job: runs at start and every COLL_RETENTION_EVERY_MS until freed,
 * logging to stderr. */
typedef struct coll_retention coll_retention;
int coll_retention_start(const coll_config *cfg, coll_store *st, coll_retention **out,
			 fb_err *err);
void coll_retention_free(coll_retention *r);    /* stops and joins; NULL is a no-op */

/* erase search TEXT: each hit as "id  location  date" then its answers
 * (comments and contact details), to out; then each volunteer sign-up whose
 * name or contact holds it, as "id  location  date  volunteer sign-up" then
 * its name and contact (opened with open, open_ctx: the collector's secret
 * keys; sign-ups none opens are counted and said); then each "You said, we
 * did" action whose staff-written words hold it (to be reworded by hand). */
int coll_erase_search(coll_store *st, const char *text, coll_store_open_fn open,
		      const void *open_ctx, FILE *out, fb_err *err);
/* Erases the words and contact details of responses "ID[,ID...]" (at most
 * 200), all or none, for a named person at addr (a client address, or
 * "local"), one audit row each; *n is how many. The /erasure page and
 * erase ids both use it. */
int coll_erase_responses(coll_store *st, const char *ids, const char *by, const char *addr,
			 size_t *n, fb_err *err);
/* erase ids ID[,ID...] --by NAME: erases them all or none, says so to out. */
int coll_erase_ids(coll_store *st, const char *ids, const char *by, FILE *out, fb_err *err);
/* erase signups ID[,ID...] --by NAME: erases those volunteer sign-ups, all
 * or none (coll_store_signups_erase, as the /volunteers page does), one
 * audit row each, then scrubs; says so to out. */
int coll_erase_signups(coll_store *st, const char *ids, const char *by, FILE *out, fb_err *err);

#endif
