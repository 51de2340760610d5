/* results: a team's FFT figures for a period, read from the store and
 * suppressed once, for every page, chart and published export to show.
 * Owns: the team's location list and one suppressed table per month (or one
 * for a quarter), all heap memory freed by coll_results_free.
 * Promises: a figure is shown only as coll_results_count_text and
 * coll_results_share_text write it, so what one page shows can never undo
 * what another hides (collector/suppress.h says how). The trend months and a
 * quarter are suppressed together: a month's total hidden in its month's
 * table is hidden in the quarter's too, so the quarter minus the shown
 * months gives nothing away. Reads only. */
#ifndef COLL_RESULTS_H
#define COLL_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector_config.h"
#include "store/store.h"
#include "suppress.h"

#define COLL_RESULTS_MONTHS_MAX 12

/* Which figure of a row: an answer 0..5 (Very good .. Don't know), or: */
#define COLL_RESULTS_TOTAL 6

typedef struct coll_results {
	coll_store_location_list locs;        /* the team's locations, by code */
	int n_months;
	int64_t month_from[COLL_RESULTS_MONTHS_MAX];
	coll_sup_table month[COLL_RESULTS_MONTHS_MAX];  /* rows = locs, team shown */
	bool has_quarter;
	coll_sup_table quarter;               /* the same rows over the whole span */
	int threshold;
} coll_results;

/* The team's figures for n_months calendar months from the month holding
 * from_ms (1..COLL_RESULTS_MONTHS_MAX), and, with whole_span, for all of
 * them together (a quarter: n_months 3). out is filled in; free it with
 * coll_results_free even on error. */
int coll_results_load(coll_store *s, const coll_config *cfg, const char *team, int64_t from_ms,
		      int n_months, bool whole_span, coll_results *out, fb_err *err);
void coll_results_free(coll_results *r);   /* NULL is a no-op */

/* A location's row in month m (0 = the first), or in the whole span with
 * m = -1; NULL when the location is not the team's. */
const coll_sup_row *coll_results_row(const coll_results *r, int m, const char *location);
/* The team's row (the sums) in month m, or the whole span with m = -1. */
const coll_sup_row *coll_results_team(const coll_results *r, int m);

/* A figure as people see it: the number, or "*" when hidden. */
void coll_results_count_text(const coll_sup_row *row, int figure, char *out, size_t size);
/* Whether a figure is hidden. */
bool coll_results_hidden(const coll_sup_row *row, int figure);
/* A share as people see it: "65%", or "–" when not shown; *why (when not
 * NULL) says why in words ("no responses", "too few responses", "hidden so
 * that a small number cannot be worked out"), or "" when shown. */
void coll_results_share_text(const coll_results *r, const coll_sup_row *row, bool positive,
			     char *out, size_t size, const char **why);
/* The share in percent, or -1 when not shown. */
double coll_results_share(const coll_sup_row *row, bool positive);

#endif
