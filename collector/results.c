/* results.c: one store read per location (its monthly counts), then one
 * coll_suppress per month and, for a quarter, one more for the span with
 * every month-hidden total forced hidden there too. */
#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "months.h"

static void table_init(coll_sup_table *t, size_t n)
{
	memset(t, 0, sizeof *t);
	t->rows = calloc(n ? n : 1, sizeof *t->rows);
	t->n_rows = n;
	t->team_shown = true;
}

int coll_results_load(coll_store *s, const coll_config *cfg, const char *team, int64_t from_ms,
		      int n_months, bool whole_span, coll_results *out, fb_err *err)
{
	int rc = 0;
	int64_t (*months)[7] = NULL;
	memset(out, 0, sizeof *out);
	out->threshold = cfg->suppress_below;
	if (n_months < 1 || n_months > COLL_RESULTS_MONTHS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "results: %d months asked for (1 to %d)",
				  n_months, COLL_RESULTS_MONTHS_MAX);
	rc = coll_store_locations_list(s, team, COLL_SUP_ROWS_MAX, &out->locs, err);
	if (rc)
		goto out;
	out->n_months = n_months;
	out->has_quarter = whole_span;
	for (int m = 0; m < n_months; m++) {
		out->month_from[m] = coll_months_add(from_ms, m);
		table_init(&out->month[m], out->locs.n);
		if (!out->month[m].rows) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading results");
			goto out;
		}
	}
	if (whole_span) {
		table_init(&out->quarter, out->locs.n);
		if (!out->quarter.rows) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading results");
			goto out;
		}
	}
	months = calloc((size_t)n_months, sizeof *months);
	if (!months) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading results");
		goto out;
	}
	for (size_t i = 0; i < out->locs.n; i++) {
		coll_store_query q = {.location = out->locs.v[i].code, .from_ms = out->month_from[0],
				      .to_ms = coll_months_add(from_ms, n_months)};
		rc = coll_store_fft_monthly(s, &q, months, n_months, err);
		if (rc)
			goto out;
		for (int m = 0; m < n_months; m++)
			for (int a = 0; a < COLL_SUP_ANSWERS; a++) {
				out->month[m].rows[i].count[a] = months[m][a + 1];
				if (whole_span)
					out->quarter.rows[i].count[a] += months[m][a + 1];
			}
	}
	for (int m = 0; m < n_months; m++)
		coll_suppress(&out->month[m], out->threshold);   /* fails closed: all hidden */
	if (whole_span) {
		for (size_t i = 0; i < out->locs.n; i++)
			for (int m = 0; m < n_months; m++)
				if (out->month[m].rows[i].total_hidden)
					out->quarter.rows[i].hide_total = true;
		coll_suppress(&out->quarter, out->threshold);
	}
out:
	free(months);
	return rc;
}

void coll_results_free(coll_results *r)
{
	if (!r)
		return;
	for (int m = 0; m < r->n_months; m++)
		free(r->month[m].rows);
	free(r->quarter.rows);
	free(r->locs.v);
	memset(r, 0, sizeof *r);
}

static const coll_sup_table *table_of(const coll_results *r, int m)
{
	if (m < 0)
		return r->has_quarter ? &r->quarter : NULL;
	return m < r->n_months ? &r->month[m] : NULL;
}

const coll_sup_row *coll_results_row(const coll_results *r, int m, const char *location)
{
	const coll_sup_table *t = table_of(r, m);
	for (size_t i = 0; t && i < r->locs.n; i++)
		if (strcmp(r->locs.v[i].code, location) == 0)
			return &t->rows[i];
	return NULL;
}

const coll_sup_row *coll_results_team(const coll_results *r, int m)
{
	const coll_sup_table *t = table_of(r, m);
	return t ? &t->team : NULL;
}

bool coll_results_hidden(const coll_sup_row *row, int figure)
{
	return figure == COLL_RESULTS_TOTAL ? row->total_hidden : row->count_hidden[figure];
}

void coll_results_count_text(const coll_sup_row *row, int figure, char *out, size_t size)
{
	if (coll_results_hidden(row, figure))
		snprintf(out, size, "*");
	else
		snprintf(out, size, "%lld", (long long)(figure == COLL_RESULTS_TOTAL ?
							row->total : row->count[figure]));
}

double coll_results_share(const coll_sup_row *row, bool positive)
{
	bool hidden = positive ? row->positive_hidden : row->negative_hidden;
	int64_t part = positive ? row->count[0] + row->count[1] : row->count[3] + row->count[4];
	if (hidden || row->total <= 0)
		return -1;
	return 100.0 * (double)part / (double)row->total;
}

void coll_results_share_text(const coll_results *r, const coll_sup_row *row, bool positive,
			     char *out, size_t size, const char **why)
{
	double v = coll_results_share(row, positive);
	const char *reason = "";
	if (v >= 0) {
		snprintf(out, size, "%.0f%%", v);
	} else {
		snprintf(out, size, "\u2013");
		if (row->total == 0)
			reason = "no responses";
		else if (row->total < r->threshold)
			reason = "too few responses";
		else
			reason = "hidden so that a small number cannot be worked out";
	}
	if (why)
		*why = reason;
}
