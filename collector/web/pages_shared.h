/* pages_shared: what the page files (pages.c, pages_results.c, pages_board.c,
 * pages_fleet.c) share, and nothing else includes.
 * Promises: every FFT count and share a page shows comes from one
 * suppressed coll_results (collector/results.h), through
 * coll_results_count_text and coll_page_share_*; other counts (compliments)
 * through coll_page_count_text; times and months are in the Trust's zone
 * (months.h). */
#ifndef COLL_PAGES_SHARED_H
#define COLL_PAGES_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pages.h"
#include "svg.h"
#include "../results.h"

/* A row callback's "enough, stop" (not an fb_code). */
#define COLL_PAGE_WALK_STOP 1000

/* The query-string argument name, or NULL. */
const char *coll_page_arg(const coll_web_ctx *c, const char *name);
/* A count as shown: '*' for 1..suppress_below-1. */
void coll_page_count_text(const coll_web_ctx *c, int64_t n, char *out, size_t size);
/* All six answers (k[0], not answered, left out). */
int64_t coll_page_fft_total(const int64_t k[7]);
/* A share from r (collector/results.h) in a table cell: "65%", or "–" with
 * the reason in words beside it. */
void coll_page_share_cell(coll_html *h, const coll_results *r, const coll_sup_row *row, bool positive);
/* The same as a headline figure: the number large, or "–" large and the
 * reason in ordinary words under it (never a bold sentence). */
void coll_page_share_figure(coll_html *h, const coll_results *r, const coll_sup_row *row,
			    bool positive);
void coll_page_time_text(int64_t ms, char *out, size_t size);    /* "05 Nov 2026 14:30" */
void coll_page_month_long(int64_t ms, char *out, size_t size);   /* "November 2026" */
void coll_page_month_short(int64_t ms, char *out, size_t size);  /* "Nov" */
/* Says on stderr what failed and makes h the 500 page; returns 500. */
int coll_page_store_failed(const coll_web_ctx *c, coll_html *h, const fb_err *err);

/* Walks comments into h (a coll_store_responses_each callback, ctx a
 * coll_page_comment_walk): skips skip rows, shows at most max, then sets more
 * and stops with COLL_PAGE_WALK_STOP. */
typedef struct coll_page_comment_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int skip;          /* rows before this page */
	int max;           /* rows to show */
	int seen, shown;
	bool more;
	bool hide_flagged; /* Quality Board: flagged comments are not for a wall */
	bool show_location;
} coll_page_comment_walk;

int coll_page_comment_out(void *ctx, const coll_store_row *r);

#endif
