/* pages_results.c: the home page (your locations this month), and the
 * results of one location or the whole team: figures, answers, trend,
 * compliments and the comments with their filters (see pages.h). */
#include "pages_shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../months.h"
#include "../results.h"

#define TREND_MONTHS 12

/* ---- locations --------------------------------------------------------- */

/* One table row per location: responses and % positive in month m of r. */
static void location_table(coll_html *h, const coll_results *r, int m)
{
	coll_html_raw(h, "<table><thead><tr><th>Location</th><th>Code</th><th class=\"num\">Responses</th>"
		      "<th class=\"num\">% positive</th><th class=\"num\">% negative</th></tr></thead><tbody>");
	for (size_t i = 0; i < r->locs.n; i++) {
		const coll_sup_row *row = coll_results_row(r, m, r->locs.v[i].code);
		char n[24];
		coll_results_count_text(row, COLL_RESULTS_TOTAL, n, sizeof n);
		coll_html_raw(h, "<tr><td><a href=\"/location/");
		coll_html_url(h, r->locs.v[i].code);
		coll_html_raw(h, "\">");
		coll_html_text(h, r->locs.v[i].name);
		coll_html_raw(h, "</a></td><td>");
		coll_html_text(h, r->locs.v[i].code);
		coll_html_printf(h, "</td><td class=\"num\">%s</td><td class=\"num\">", n);
		coll_page_share_cell(h, r, row, true);
		coll_html_raw(h, "</td><td class=\"num\">");
		coll_page_share_cell(h, r, row, false);
		coll_html_raw(h, "</td></tr>");
	}
	coll_html_raw(h, "</tbody></table>");
	if (r->locs.truncated)
		coll_html_printf(h, "<p class=\"hint\">Only the first %d locations are shown.</p>",
				 COLL_SUP_ROWS_MAX);
}

/* ?month=YYYY-MM, or this month. */
static int selected_month(const coll_web_ctx *c, int64_t *from, int64_t *to, fb_err *err)
{
	const char *m = coll_page_arg(c, "month");
	if (m && m[0])
		return coll_months_range(m, from, to, err);
	*from = coll_months_add(c->req->now_ms, 0);
	*to = coll_months_add(c->req->now_ms, 1);
	return 0;
}

static void downloads_card(const coll_web_ctx *c, coll_html *h, int64_t from)
{
	char m[8], prev[8], qn[8];
	coll_months_name(from, m);
	coll_months_name(coll_months_add(from, -1), prev);
	coll_months_quarter_name(from, qn);
	coll_html_raw(h, "<div class=\"card noprint\"><h2>Downloads (CSV, opens in a spreadsheet)</h2><ul>");
	coll_html_printf(h, "<li><a href=\"/export/responses.csv?month=%s\">Every response, %s</a></li>", m, m);
	coll_html_printf(h, "<li><a href=\"/export/fft-monthly.csv?month=%s\">NHS England FFT return, %s</a></li>",
			 prev, prev);
	coll_html_printf(h, "<li><a href=\"/export/fft-monthly.csv?month=%s\">NHS England FFT return, %s so far</a></li>",
			 m, m);
	coll_html_printf(h, "<li><a href=\"/export/quality-board.csv?quarter=%s\">Quality Board summary, %s</a></li>",
			 qn, qn);
	coll_html_raw(h, "</ul></div>");
}

int coll_page_home(const coll_web_ctx *c, coll_html *h)
{
	coll_results r;
	fb_err err;
	char title[160], mname[32];
	int64_t from = coll_months_add(c->req->now_ms, 0);
	int status = 200;
	int rc = coll_results_load(c->st, c->cfg, c->user.team, from, 1, false, &r, &err);
	if (rc) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	coll_page_month_long(from, mname, sizeof mname);
	snprintf(title, sizeof title, "Your locations, %s", mname);
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1>");
	if (r.locs.n == 0) {
		coll_html_raw(h, "<div class=\"card\"><p>Your team has no locations yet. Ask the person who "
			      "looks after the feedback collector to add your wards and clinics to team ");
		coll_html_text(h, c->user.team);
		coll_html_raw(h, ".</p></div>");
	} else {
		coll_html_raw(h, "<p>Responses to the Friends and Family Test this month. % positive is "
			      "Very good and Good out of every answer (Don't know included).</p>");
		location_table(h, &r, 0);
		coll_html_raw(h, "<p><a href=\"/team\">See the whole team together</a></p>");
	}
	downloads_card(c, h, from);
	coll_html_page_end(h);
out:
	coll_results_free(&r);
	return status;
}

/* Builds the query string for a comments link, keeping the filters. */
static void comments_link(coll_html *h, const char *base, const char *month, int fft,
			  const char *search, int page)
{
	coll_html_text(h, base);
	coll_html_raw(h, "?month=");
	coll_html_url(h, month);
	if (fft)
		coll_html_printf(h, "&amp;fft=%d", fft);
	if (search && search[0]) {
		coll_html_raw(h, "&amp;q=");
		coll_html_url(h, search);
	}
	coll_html_printf(h, "&amp;page=%d#comments", page);
}

static int comments_section(const coll_web_ctx *c, coll_html *h, const char *location,
			    const char *base, int64_t from, int64_t to, fb_err *err,
			    bool *bad_input)
{
	int rc = 0;
	int fft = 0, page = 1;
	char month[8], total_text[24];
	const char *s_fft = coll_page_arg(c, "fft");
	const char *s_page = coll_page_arg(c, "page");
	const char *search = coll_page_arg(c, "q");
	int64_t k[7];
	*bad_input = false;
	if (s_fft && s_fft[0]) {
		char *end = NULL;
		long v = strtol(s_fft, &end, 10);
		*bad_input |= *end || v < 0 || v > 6;
		fft = (int)v;
	}
	if (s_page && s_page[0]) {
		char *end = NULL;
		long v = strtol(s_page, &end, 10);
		*bad_input |= *end || v < 1 || v > COLL_WEB_COMMENT_PAGES_MAX;
		page = (int)v;
	}
	*bad_input |= search && strlen(search) > COLL_WEB_SEARCH_MAX;
	if (*bad_input)
		goto out;
	if (search && !search[0])
		search = NULL;
	coll_months_name(from, month);
	coll_store_query q = {.location = location, .team = location ? NULL : c->user.team,
			 .from_ms = from, .to_ms = to, .fft = fft, .search = search,
			 .with_text_only = true};
	rc = coll_store_fft_counts(c->st, &q, k, err);
	if (rc)
		goto out;
	/* the comments are listed below, so their number is shown as it is */
	snprintf(total_text, sizeof total_text, "%lld", (long long)(k[0] + coll_page_fft_total(k)));

	coll_html_raw(h, "<div class=\"card\" id=\"comments\"><h2>Comments</h2>"
		      "<form class=\"filter\" method=\"get\" action=\"");
	coll_html_text(h, base);
	coll_html_raw(h, "#comments\"><input type=\"hidden\" name=\"month\" value=\"");
	coll_html_text(h, month);
	coll_html_raw(h, "\"><label for=\"fft\">Rating</label><select id=\"fft\" name=\"fft\">");
	coll_html_printf(h, "<option value=\"0\"%s>Any rating</option>", fft == 0 ? " selected" : "");
	for (int i = 1; i <= 6; i++)
		coll_html_printf(h, "<option value=\"%d\"%s>%s</option>", i, fft == i ? " selected" : "",
				 coll_page_fft_label(i));
	coll_html_raw(h, "</select> <label for=\"q\">Words</label><input id=\"q\" name=\"q\" maxlength=\"100\" value=\"");
	coll_html_text(h, search ? search : "");
	coll_html_raw(h, "\"> <button type=\"submit\">Show comments</button></form>");
	coll_html_printf(h, "<p>%s: %s. Safeguarding concerns come first, then the newest.</p>",
			 (fft || search) ? "Comments that match" : "Comments this month", total_text);

	coll_page_comment_walk w = {.c = c, .h = h, .skip = (page - 1) * COLL_WEB_COMMENTS_PAGE,
			  .max = COLL_WEB_COMMENTS_PAGE, .show_location = location == NULL};
	q.limit = page * COLL_WEB_COMMENTS_PAGE + 1;
	rc = coll_store_responses_each(c->st, &q, coll_page_comment_out, &w, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc)
		goto out;
	if (w.shown == 0)
		coll_html_raw(h, "<p>No comments to show.</p>");
	coll_html_raw(h, "<p class=\"noprint\">");
	if (page > 1) {
		coll_html_raw(h, "<a href=\"");
		comments_link(h, base, month, fft, search, page - 1);
		coll_html_raw(h, "\">Newer comments</a> ");
	}
	if (w.more && page < COLL_WEB_COMMENT_PAGES_MAX) {
		coll_html_raw(h, "<a href=\"");
		comments_link(h, base, month, fft, search, page + 1);
		coll_html_printf(h, "\">Older comments (page %d)</a>", page + 1);
	}
	coll_html_raw(h, "</p></div>");
out:
	return rc;
}

/* ---- location and team --------------------------------------------------- */

/* 1 January (local) of the year holding ms, years_back years before. */
static int64_t year_start(int64_t ms, int years_back)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	return coll_months_start(tm.tm_year + 1900 - years_back, 0);
}

/* The same local date and time a year before ms. */
static int64_t year_earlier(int64_t ms)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	tm.tm_year--;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000 + ms % 1000;
}

static int compliments_card(const coll_web_ctx *c, coll_html *h, const char *location, fb_err *err)
{
	int64_t now = c->req->now_ms, k1[7], k0[7];
	char a[24], b[24];
	coll_store_query q = {.location = location, .team = location ? NULL : c->user.team,
			 .from_ms = year_start(now, 0), .to_ms = now + 1, .with_text_only = true};
	int rc = coll_store_fft_counts(c->st, &q, k1, err);
	if (rc)
		return rc;
	q.from_ms = year_start(now, 1);
	q.to_ms = year_earlier(now) + 1;
	rc = coll_store_fft_counts(c->st, &q, k0, err);
	if (rc)
		return rc;
	coll_page_count_text(c, k1[1] + k1[2], a, sizeof a);
	coll_page_count_text(c, k0[1] + k0[2], b, sizeof b);
	struct tm tm;
	coll_months_local(now, &tm);
	char upto[32];
	strftime(upto, sizeof upto, "%d %B", &tm);
	coll_html_raw(h, "<div class=\"card\"><h2>Compliments</h2><p class=\"hint\">Very good or Good"
		      " with a comment, from 1 January to ");
	coll_html_text(h, upto);
	coll_html_raw(h, ".</p><table><thead><tr><th>Period</th><th class=\"num\">Compliments</th></tr>"
		      "</thead><tbody>");
	coll_html_printf(h, "<tr><td>This year to date (%d)</td><td class=\"num\">%s</td></tr>",
			 tm.tm_year + 1900, a);
	coll_html_printf(h, "<tr><td>Same period last year (%d)</td><td class=\"num\">%s</td></tr>",
			 tm.tm_year + 1899, b);
	coll_html_raw(h, "</tbody></table></div>");
	return 0;
}

/* The last TREND_MONTHS months of r (the selected month last). */
static void trend_card(coll_html *h, const coll_results *r, const char *location)
{
	double pct[TREND_MONTHS];
	char labels[TREND_MONTHS][16];
	const char *lp[TREND_MONTHS];
	char first[32], last[32], title[128];
	for (int i = 0; i < TREND_MONTHS; i++) {
		const coll_sup_row *row = location ? coll_results_row(r, i, location) :
					  coll_results_team(r, i);
		double v = coll_results_share(row, true);
		coll_page_month_short(r->month_from[i], labels[i], sizeof labels[i]);
		lp[i] = labels[i];
		pct[i] = v >= 0 ? v : row->total == 0 ? COLL_SVG_NO_DATA : COLL_SVG_TOO_FEW;
	}
	coll_page_month_long(r->month_from[0], first, sizeof first);
	coll_page_month_long(r->month_from[TREND_MONTHS - 1], last, sizeof last);
	snprintf(title, sizeof title, "%% positive each month, %s to %s, against the %.0f%% target",
		 first, last, COLL_WEB_TARGET_PCT);
	coll_html_raw(h, "<div class=\"card\"><h2>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h2>");
	coll_svg_trend(h, title, lp, pct, TREND_MONTHS, COLL_WEB_TARGET_PCT);
	coll_html_raw(h, "<details><summary>The figures</summary><table><thead><tr><th>Month</th>"
		      "<th class=\"num\">Responses</th><th class=\"num\">% positive</th></tr></thead><tbody>");
	for (int i = 0; i < TREND_MONTHS; i++) {
		const coll_sup_row *row = location ? coll_results_row(r, i, location) :
					  coll_results_team(r, i);
		char mn[32], n[24];
		coll_page_month_long(r->month_from[i], mn, sizeof mn);
		coll_results_count_text(row, COLL_RESULTS_TOTAL, n, sizeof n);
		coll_html_printf(h, "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">", mn, n);
		coll_page_share_cell(h, r, row, true);
		coll_html_raw(h, "</td></tr>");
	}
	coll_html_raw(h, "</tbody></table></details></div>");
}

static void answers_card(const coll_web_ctx *c, coll_html *h, const coll_sup_row *row,
			 const char *mname)
{
	const char *labels[6];
	char title[96];
	coll_html_raw(h, "<div class=\"card\"><h2>How people answered</h2><table><thead><tr><th>Answer</th>"
		      "<th class=\"num\">Responses</th></tr></thead><tbody>");
	for (int i = 0; i < COLL_SUP_ANSWERS; i++) {
		char n[24];
		labels[i] = coll_page_fft_label(i + 1);
		coll_results_count_text(row, i, n, sizeof n);
		coll_html_raw(h, "<tr><td>");
		coll_html_text(h, labels[i]);
		coll_html_printf(h, "</td><td class=\"num\">%s</td></tr>", n);
	}
	char tot[24];
	coll_results_count_text(row, COLL_RESULTS_TOTAL, tot, sizeof tot);
	coll_html_printf(h, "<tr><th>All answers</th><th class=\"num\">%s</th></tr></tbody></table>", tot);
	snprintf(title, sizeof title, "Answers to the Friends and Family Test, %s", mname);
	coll_svg_bars(h, title, labels, row->count, row->count_hidden, COLL_SUP_ANSWERS);
	coll_html_printf(h, "<p class=\"hint\">* means hidden so that nobody can be recognised: a count"
			 " of %d or fewer, or a figure that would let one be worked out.</p></div>",
			 c->cfg->suppress_below - 1);
}

/* The page for one location (loc) or the whole team (loc NULL). */
static int page_results(const coll_web_ctx *c, const coll_store_location *loc, coll_html *h)
{
	fb_err err;
	int64_t from, to;
	char mname[32], title[256], n[24], month[8], base[128];
	int status = 200;
	bool bad = false;
	coll_results r = {0};
	const char *code = loc ? loc->code : NULL;
	int rc = selected_month(c, &from, &to, &err);
	if (rc) {
		status = coll_page_message(h, &c->user, 400, "Month not understood", err.msg);
		goto out;
	}
	/* the trend's months end with the one shown; all from one suppression */
	rc = coll_results_load(c->st, c->cfg, c->user.team, coll_months_add(from, -(TREND_MONTHS - 1)),
			       TREND_MONTHS, false, &r, &err);
	if (rc)
		goto fail;
	const coll_sup_row *row = code ? coll_results_row(&r, TREND_MONTHS - 1, code) :
				  coll_results_team(&r, TREND_MONTHS - 1);
	if (!row) {
		status = coll_page_message(h, &c->user, 404, "No such location",
					   "There is no location with that code in your team.");
		goto out;
	}
	coll_page_month_long(from, mname, sizeof mname);
	coll_months_name(from, month);
	if (loc)
		snprintf(title, sizeof title, "%s, %s", loc->name, mname);
	else
		snprintf(title, sizeof title, "Team %s, all locations, %s", c->user.team, mname);
	snprintf(base, sizeof base, "%s%s", loc ? "/location/" : "/team", loc ? loc->code : "");

	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1><p class=\"noprint\">");
	{
		char pm[8], nm[8];
		coll_months_name(coll_months_add(from, -1), pm);
		coll_months_name(coll_months_add(from, 1), nm);
		coll_html_raw(h, "<a href=\"");
		coll_html_text(h, base);
		coll_html_printf(h, "?month=%s\">Previous month</a>", pm);
		if (to <= c->req->now_ms) {
			coll_html_raw(h, " &middot; <a href=\"");
			coll_html_text(h, base);
			coll_html_printf(h, "?month=%s\">Next month</a>", nm);
		}
	}
	coll_html_raw(h, "</p>");
	coll_results_count_text(row, COLL_RESULTS_TOTAL, n, sizeof n);
	coll_html_raw(h, "<div class=\"figures\">");
	coll_html_printf(h, "<div class=\"figure\">Responses<span class=\"n\">%s</span></div>", n);
	coll_html_raw(h, "<div class=\"figure\">Positive (Very good or Good)");
	coll_page_share_figure(h, &r, row, true);
	coll_html_printf(h, "<span class=\"hint\">target %.0f%%</span></div>", COLL_WEB_TARGET_PCT);
	coll_html_raw(h, "<div class=\"figure\">Negative (Poor or Very poor)");
	coll_page_share_figure(h, &r, row, false);
	coll_html_raw(h, "</div></div>");
	answers_card(c, h, row, mname);
	trend_card(h, &r, code);
	if (!loc) {
		coll_html_raw(h, "<div class=\"card\"><h2>Each location</h2>");
		location_table(h, &r, TREND_MONTHS - 1);
		coll_html_raw(h, "</div>");
	}
	rc = compliments_card(c, h, code, &err);
	if (rc)
		goto fail;
	rc = comments_section(c, h, code, base, from, to, &err, &bad);
	if (rc)
		goto fail;
	if (bad) {
		coll_html_free(h);
		status = coll_page_message(h, &c->user, 400, "Filter not understood",
					   "Pick a rating from the list, keep the words to 100 "
					   "characters or fewer, and use the page links given.");
		goto out;
	}
	coll_html_page_end(h);
	goto out;
fail:
	status = coll_page_store_failed(c, h, &err);
out:
	coll_results_free(&r);
	return status;
}

int coll_page_location(const coll_web_ctx *c, const coll_store_location *loc, coll_html *h)
{
	return page_results(c, loc, h);
}

int coll_page_team(const coll_web_ctx *c, coll_html *h)
{
	return page_results(c, NULL, h);
}
