/* pages_board.c: the Quality Board, one printable sheet per location for a
 * quarter: figures, the months, a few comments ("You said") and an empty box
 * for "We did" (see pages.h). */
#include "pages_shared.h"

#include <stdio.h>
#include <stdlib.h>

#include "../months.h"

#define BOARD_COMMENTS 3
#define BOARD_WALK_MAX 500      /* rows looked at to find a board's few comments */

/* ---- Quality Board ------------------------------------------------------- */

/* One location's sheet; its figures from r (the quarter and its months,
 * suppressed together). */
static int board_one(const coll_web_ctx *c, coll_html *h, const coll_results *r,
		     const coll_store_location *loc, int64_t from, int64_t to, const char *period,
		     fb_err *err)
{
	double pct[3];
	char labels[3][16], n[24];
	const char *lp[3];
	coll_store_query q = {.location = loc->code, .from_ms = from, .to_ms = to};
	const coll_sup_row *whole = coll_results_row(r, -1, loc->code);
	int rc;
	coll_results_count_text(whole, COLL_RESULTS_TOTAL, n, sizeof n);
	coll_html_raw(h, "<section class=\"board\"><h2>");
	coll_html_text(h, loc->name);
	coll_html_raw(h, ": You said, we did</h2><p class=\"hint\">");
	coll_html_text(h, period);
	coll_html_raw(h, "</p><div class=\"figures\">");
	coll_html_printf(h, "<div class=\"figure\">Responses<span class=\"n\">%s</span></div>", n);
	coll_html_raw(h, "<div class=\"figure\">Positive (Very good or Good)");
	coll_page_share_figure(h, r, whole, true);
	coll_html_raw(h, "</div>");
	coll_html_raw(h, "</div><div class=\"card\"><table><thead><tr><th>Month</th><th class=\"num\">"
		      "Responses</th><th class=\"num\">% positive</th></tr></thead><tbody>");
	for (int i = 0; i < 3; i++) {
		char mn[32], mc[24];
		const coll_sup_row *row = coll_results_row(r, i, loc->code);
		double v = coll_results_share(row, true);
		coll_page_month_short(r->month_from[i], labels[i], sizeof labels[i]);
		lp[i] = labels[i];
		pct[i] = v >= 0 ? v : row->total == 0 ? COLL_SVG_NO_DATA : COLL_SVG_TOO_FEW;
		coll_page_month_long(r->month_from[i], mn, sizeof mn);
		coll_results_count_text(row, COLL_RESULTS_TOTAL, mc, sizeof mc);
		coll_html_printf(h, "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">", mn, mc);
		coll_page_share_cell(h, r, row, true);
		coll_html_raw(h, "</td></tr>");
	}
	coll_html_raw(h, "</tbody></table>");
	coll_svg_trend(h, "% positive each month of the quarter", lp, pct, 3, COLL_WEB_TARGET_PCT);
	coll_html_raw(h, "</div><div class=\"card\"><h3>You said</h3>");
	coll_page_comment_walk w = {.c = c, .h = h, .max = BOARD_COMMENTS, .hide_flagged = true};
	q.with_text_only = true;
	q.limit = BOARD_WALK_MAX;
	rc = coll_store_responses_each(c->st, &q, coll_page_comment_out, &w, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc)
		return rc;
	if (w.shown == 0)
		coll_html_raw(h, "<p>No comments this quarter.</p>");
	coll_html_raw(h, "</div><h3>We did</h3><div class=\"wedid\"></div></section>");
	return 0;
}

int coll_page_quality_board(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int64_t from, to;
	char qn[8], title[160], first[32], last[32], period[96];
	const char *quarter = coll_page_arg(c, "quarter");
	coll_results r = {0};
	int status = 200;
	int rc;
	if (quarter && quarter[0]) {
		rc = coll_months_quarter_range(quarter, &from, &to, &err);
		if (rc) {
			status = coll_page_message(h, &c->user, 400, "Quarter not understood", err.msg);
			goto out;
		}
	} else {
		coll_months_quarter_name(c->req->now_ms, qn);
		coll_months_quarter_range(qn, &from, &to, &err);
	}
	coll_months_quarter_name(from, qn);
	coll_page_month_long(from, first, sizeof first);
	coll_page_month_long(coll_months_add(from, 2), last, sizeof last);
	snprintf(period, sizeof period, "%s to %s", first, last);
	snprintf(title, sizeof title, "Quality Board, %s (%s)", qn, period);
	rc = coll_results_load(c->st, c->cfg, c->user.team, from, 3, true, &r, &err);
	if (rc)
		goto fail;
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1><div class=\"card noprint\"><p>Print this page for your Quality Board: each"
		      " location starts a new sheet. Read the comments before printing and leave out"
		      " anything that could identify someone. Safeguarding concerns are never shown"
		      " here. Write what you did in the empty box.</p>");
	{
		char pq[8], nq[8];
		coll_months_quarter_name(coll_months_add(from, -3), pq);
		coll_months_quarter_name(to, nq);
		coll_html_printf(h, "<p><a href=\"/quality-board?quarter=%s\">Previous quarter</a>", pq);
		if (to <= c->req->now_ms)
			coll_html_printf(h, " &middot; <a href=\"/quality-board?quarter=%s\">Next quarter</a>", nq);
		coll_html_printf(h, " &middot; <a href=\"/export/quality-board.csv?quarter=%s\">Download as CSV</a></p>",
				 qn);
	}
	coll_html_raw(h, "</div>");
	if (r.locs.n == 0)
		coll_html_raw(h, "<div class=\"card\"><p>Your team has no locations yet.</p></div>");
	for (size_t i = 0; i < r.locs.n; i++) {
		rc = board_one(c, h, &r, &r.locs.v[i], from, to, period, &err);
		if (rc)
			goto fail;
	}
	coll_html_page_end(h);
	goto out;
fail:
	status = coll_page_store_failed(c, h, &err);
out:
	coll_results_free(&r);
	return status;
}
