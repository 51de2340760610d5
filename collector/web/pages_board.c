/* pages_board.c: the Quality Board, one printable A4 sheet per location for
 * an NHS financial-year quarter (Q1 April to June .. Q4 January to March):
 * figures against the target and their trend, a few comments ("You said"),
 * the team's actions in each state as they stood at the quarter's end, and
 * "We did": the actions done that quarter, each naming the themes it answers
 * (see pages.h). Print rules (one sheet per ward, no menus, no
 * "Signed in as") are in feedback.css. */
#include "pages_shared.h"

#include <stdio.h>
#include <stdlib.h>

#include "../months.h"

#define BOARD_COMMENTS 3
#define BOARD_WALK_MAX 500      /* rows looked at to find a board's few comments */
#define BOARD_TEXT_MAX 280      /* bytes of a comment on a sheet: three fit on A4 */

/* ---- Quality Board ------------------------------------------------------- */

typedef struct board_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int n[COLL_ACTION_STATES];
	coll_html open, done;     /* the open actions' list, the "We did" items */
} board_walk;

/* "Answers: Theme A and Theme B" after an action that names its themes. */
static void board_answers(const board_walk *w, coll_html *h, const coll_store_action *a)
{
	if (!a->themes[0])
		return;
	coll_html_raw(h, " <span class=\"fb-action-themes\">Answers: ");
	coll_page_theme_names(w->c, h, a->themes);
	coll_html_raw(h, "</span>");
}

static int board_action(void *ctx, const coll_store_action *a)
{
	board_walk *w = ctx;
	w->n[a->state]++;
	if (a->state == COLL_ACTION_DONE) {
		coll_html_printf(&w->done, "<li><strong>You said:</strong> %s <strong>We did:</strong>"
				 " <a href=\"/actions/%lld\">%s</a>", a->you_said, (long long)a->id,
				 a->we_will);
		board_answers(w, &w->done, a);
		coll_html_raw(&w->done, "</li>");
	} else if (coll_action_state_open(a->state)) {
		coll_html_printf(&w->open, "<li><a href=\"/actions/%lld\">%s</a>"
				 " <span class=\"fb-why-inline\">(%s%s%s%s%s)</span>", (long long)a->id,
				 a->we_will, coll_action_state_name(a->state), a->owner[0] ? ", " : "",
				 a->owner, a->due[0] ? ", due " : "", a->due);
		board_answers(w, &w->open, a);
		coll_html_raw(&w->open, "</li>");
	}
	return 0;
}

/* The quarter's actions of the location (and the team's that came from no
 * comment): how many in each state, the open ones carried on, and "We did":
 * the done ones, with the box still there to write in by hand. */
static int board_actions(const coll_web_ctx *c, coll_html *h, const char *location, int64_t from,
			 int64_t to, fb_err *err)
{
	board_walk w = {.c = c, .h = h};
	coll_html_init(&w.open, 0);
	coll_html_init(&w.done, 0);
	int rc = coll_store_actions_each(c->st, c->user.team, location, from, to, board_action, &w, err);
	if (rc)
		goto out;
	coll_html_printf(h, "<h3 class=\"nhsuk-heading-m\">Our actions</h3><p class=\"fb-board-states\">"
			 "%d proposed &middot; %d planned &middot; %d doing &middot; %d done &middot;"
			 " %d dropped</p>", w.n[COLL_ACTION_PROPOSED], w.n[COLL_ACTION_PLANNED],
			 w.n[COLL_ACTION_DOING], w.n[COLL_ACTION_DONE], w.n[COLL_ACTION_DROPPED]);
	if (w.n[COLL_ACTION_PROPOSED] + w.n[COLL_ACTION_PLANNED] + w.n[COLL_ACTION_DOING] > 0) {
		coll_html_raw(h, "<ul class=\"fb-board-actions\">");
		coll_html_add_html(h, &w.open);
		coll_html_raw(h, "</ul>");
	}
	coll_html_raw(h, "<h3 class=\"nhsuk-heading-m\">We did</h3><div class=\"fb-wedid\">");
	if (w.n[COLL_ACTION_DONE] > 0) {
		coll_html_raw(h, "<ul class=\"fb-wedid-list\">");
		coll_html_add_html(h, &w.done);
		coll_html_raw(h, "</ul>");
	}
	coll_html_raw(h, "</div></section>");
out:
	coll_html_free(&w.open);
	coll_html_free(&w.done);
	return rc;
}

/* One location's sheet; its figures from r (the quarter and its months,
 * suppressed together). */
static int board_one(const coll_web_ctx *c, coll_html *h, const coll_results *r,
		     const coll_store_location *loc, int64_t from, int64_t to, const char *period,
		     fb_err *err)
{
	static const char *const heads[] = {"Month", "Responses", "% positive"};
	double pct[3];
	char labels[3][16], n[24], v[16];
	const char *lp[3], *why = "";
	int target = coll_page_target(c);
	coll_store_query q = {.location = loc->code, .from_ms = from, .to_ms = to};
	const coll_sup_row *whole = coll_results_row(r, -1, loc->code);
	coll_page_table t;
	int rc;
	coll_results_count_text(whole, COLL_RESULTS_TOTAL, n, sizeof n);
	coll_results_share_text(r, whole, true, v, sizeof v, &why);
	coll_html_printf(h, "<section class=\"fb-board\" id=\"board-%s\"><h2 class=\"nhsuk-heading-l"
			 " nhsuk-u-margin-bottom-1\">", loc->code);
	coll_html_text(h, loc->name);
	coll_html_raw(h, ": You said, we did</h2><p class=\"nhsuk-caption-m\">");
	coll_html_text(h, period);
	coll_html_raw(h, "</p><div class=\"fb-board-top\"><div><dl class=\"nhsuk-summary-list\">"
		      "<div class=\"nhsuk-summary-list__row\">"
		      "<dt class=\"nhsuk-summary-list__key\">Responses</dt><dd class=\"nhsuk-summary-list__value\">");
	coll_html_text(h, n);
	coll_html_raw(h, "</dd></div><div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">"
		      "Positive (Very good or Good)</dt><dd class=\"nhsuk-summary-list__value\">");
	coll_html_text(h, v);
	if (why[0]) {
		coll_html_raw(h, " <span class=\"fb-why-inline\">");
		coll_html_text(h, why);
		coll_html_raw(h, "</span>");
	}
	coll_html_printf(h, " <span class=\"fb-why-inline\">(target %d%%)</span>", target);
	coll_page_target_mark(h, coll_results_share(whole, true), target);
	coll_html_raw(h, "</dd></div></dl>");
	coll_page_table_begin(&t, h, "Each month", heads, 3, 6u, false);
	for (int i = 0; i < 3; i++) {
		char mn[32], mc[24];
		const coll_sup_row *row = coll_results_row(r, i, loc->code);
		double s = coll_results_share(row, true);
		coll_page_month_short(r->month_from[i], labels[i], sizeof labels[i]);
		lp[i] = labels[i];
		pct[i] = s >= 0 ? s : row->total == 0 ? COLL_SVG_NO_DATA : COLL_SVG_TOO_FEW;
		coll_page_month_long(r->month_from[i], mn, sizeof mn);
		coll_results_count_text(row, COLL_RESULTS_TOTAL, mc, sizeof mc);
		coll_page_row_begin(&t);
		coll_page_cell(&t, mn);
		coll_page_cell(&t, mc);
		coll_page_cell_begin(&t);
		coll_page_share_cell(h, r, row, true);
		coll_page_target_mark(h, s, target);
		coll_page_cell_end(&t);
		coll_page_row_end(&t);
	}
	coll_page_table_end(&t);
	coll_html_raw(h, "</div><div>");
	coll_svg_trend(h, "% positive each month of the quarter", lp, pct, 3, target);
	coll_html_raw(h, "</div></div>");
	rc = coll_page_themes_board(c, h, loc->code, from, to, err);
	if (rc)
		return rc;
	coll_html_raw(h, "<h3 class=\"nhsuk-heading-m\">You said</h3>");
	coll_page_comment_walk w = {.c = c, .h = h, .max = BOARD_COMMENTS, .hide_flagged = true,
				    .text_max = BOARD_TEXT_MAX};
	q.with_text_only = true;
	q.limit = BOARD_WALK_MAX;
	rc = coll_store_responses_each(c->st, &q, coll_page_comment_out, &w, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc)
		return rc;
	if (w.shown == 0)
		coll_html_raw(h, "<p>No comments this quarter.</p>");
	return board_actions(c, h, loc->code, from, to, err);
}

int coll_page_quality_board(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int64_t from, to;
	char qid[COLL_MONTHS_FYQ_ID], qlabel[COLL_MONTHS_FYQ_ID], title[160], first[32], last[32];
	char period[128];
	const char *quarter = coll_page_arg(c, "quarter");
	coll_results r = {0};
	int status = 200;
	int rc;
	if (quarter && quarter[0]) {
		rc = coll_months_fyq_range(quarter, &from, &to, &err);
		if (rc) {
			status = coll_page_message(h, &c->user, 400, "Quarter not understood", err.msg);
			goto out;
		}
	} else {
		coll_months_fyq_id(c->req->now_ms, qid);
		coll_months_fyq_range(qid, &from, &to, &err);
	}
	coll_months_fyq_id(from, qid);
	coll_months_fyq_label(from, qlabel);
	coll_page_month_long(from, first, sizeof first);
	coll_page_month_long(coll_months_add(from, 2), last, sizeof last);
	snprintf(period, sizeof period, "%s, %s to %s", qlabel, first, last);
	snprintf(title, sizeof title, "Quality Board, %s", qlabel);
	rc = coll_results_load(c->st, c->cfg, c->user.team, from, 3, true, &r, &err);
	if (rc)
		goto fail;
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<h1 class=\"nhsuk-u-margin-bottom-2\">");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1><p class=\"nhsuk-caption-l\">");
	coll_html_printf(h, "%s to %s &middot; %s", first, last, coll_page_team_name(c));
	coll_html_raw(h, "</p><div class=\"nhsuk-warning-callout fb-noprint\"><h2 class=\"nhsuk-warning-callout__label\">"
		      "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
		      "Before you print</span></h2><p>Each location prints on its own A4 sheet. Read the"
		      " comments first and leave out anything that could identify someone. Safeguarding"
		      " concerns are never shown here. &ldquo;We did&rdquo; lists the actions done this quarter; <a href=\"/actions\">add and move actions</a> before you print.</p></div>");
	{
		coll_page_quarter_pagination(h, "/quality-board", from, to, c->req->now_ms);
		coll_html_printf(h, "<p class=\"fb-noprint\"><a href=\"/export/quality-board.csv?quarter=%s\">"
				 "Download %s as CSV</a></p>", qid, qlabel);
	}
	if (r.locs.n == 0)
		coll_html_raw(h, "<div class=\"nhsuk-inset-text\"><p>Your team has no locations yet.</p></div>");
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
