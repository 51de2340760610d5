/* pages_results.c: the home page (your locations in a month), and the
 * results of one location or the whole team: figures, answers, trend,
 * compliments and the comments with their filters (see pages.h), on the
 * NHS.UK frontend's components. Every figure comes from collector/results.h;
 * a month below the team's target is marked in words and shape. */
#include "pages_shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../months.h"
#include "../results.h"

#define TREND_MONTHS 12

/* ---- locations --------------------------------------------------------- */

/* s percent-encoded onto out (a URL we build; cut short rather than overrun). */
static void url_cat(char *out, size_t size, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = strlen(out);
	for (const unsigned char *c = (const unsigned char *)s; *c && o + 4 < size; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    *c == '-' || *c == '_' || *c == '.' || *c == '~') {
			out[o++] = (char)*c;
		} else {
			out[o++] = '%';
			out[o++] = hex[*c >> 4];
			out[o++] = hex[*c & 15];
		}
	}
	out[o] = '\0';
}

/* A share cell: the figure or "–" with why, and the under-target mark. */
static void positive_cell(const coll_web_ctx *c, coll_page_table *t, const coll_results *r,
			  const coll_sup_row *row)
{
	coll_page_cell_begin(t);
	coll_page_share_cell(t->h, r, row, true);
	coll_page_target_mark(t->h, coll_results_share(row, true), coll_page_target(c));
	coll_page_cell_end(t);
}

/* One table row per location: responses and % positive in month m of r.
 * Stacked on a phone (the frontend's responsive table). */
static void location_table(const coll_web_ctx *c, coll_html *h, const coll_results *r, int m)
{
	static const char *const heads[] = {"Location", "Responses", "% positive", "% negative"};
	coll_page_table t;
	coll_page_table_begin(&t, h, NULL, heads, 4, 14u, true);
	for (size_t i = 0; i < r->locs.n; i++) {
		const coll_sup_row *row = coll_results_row(r, m, r->locs.v[i].code);
		char n[24];
		coll_results_count_text(row, COLL_RESULTS_TOTAL, n, sizeof n);
		coll_page_row_begin(&t);
		coll_page_cell_begin(&t);
		coll_html_raw(h, "<a href=\"/location/");
		coll_html_url(h, r->locs.v[i].code);
		coll_html_raw(h, "\">");
		coll_html_text(h, r->locs.v[i].name);
		coll_html_raw(h, "</a> <span class=\"fb-secondary\">");
		coll_html_text(h, r->locs.v[i].code);
		coll_html_raw(h, "</span>");
		if (r->locs.v[i].retired_ms)   /* its history is kept; no tablet sends for it */
			coll_html_raw(h, " <strong class=\"nhsuk-tag nhsuk-tag--grey\">Retired</strong>");
		coll_page_cell_end(&t);
		coll_page_cell(&t, n);
		positive_cell(c, &t, r, row);
		coll_page_cell_begin(&t);
		coll_page_share_cell(h, r, row, false);
		coll_page_cell_end(&t);
		coll_page_row_end(&t);
	}
	coll_page_table_end(&t);
	if (r->locs.truncated)
		coll_html_printf(h, "<p class=\"nhsuk-hint\">Only the first %d locations are shown.</p>",
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
	char m[8], prev[8], qid[COLL_MONTHS_FYQ_ID], ql[COLL_MONTHS_FYQ_ID];
	char mn[32], pn[32];
	coll_months_name(from, m);
	coll_months_name(coll_months_add(from, -1), prev);
	coll_page_month_long(from, mn, sizeof mn);
	coll_page_month_long(coll_months_add(from, -1), pn, sizeof pn);
	coll_months_fyq_id(from, qid);
	coll_months_fyq_label(from, ql);
	coll_html_raw(h, "<div class=\"nhsuk-card fb-noprint\"><div class=\"nhsuk-card__content\">"
		      "<h2 class=\"nhsuk-card__heading nhsuk-heading-m\">Downloads</h2><p class=\"nhsuk-body-s\">"
		      "CSV files, which open in a spreadsheet.</p><ul class=\"nhsuk-list nhsuk-list--bullet\">");
	coll_html_printf(h, "<li><a href=\"/export/responses.csv?month=%s\">Every response, %s</a></li>", m, mn);
	/* the same link gives the submission team the return with the real
	 * counts, and everyone else the suppressed figures as published */
	const char *fft = c->cfg->submission_team[0] &&
			  strcmp(c->user.team, c->cfg->submission_team) == 0 ?
			  "NHS England FFT return" : "FFT figures as published";
	coll_html_printf(h, "<li><a href=\"/export/fft-monthly.csv?month=%s\">%s, %s</a></li>",
			 prev, fft, pn);
	coll_html_printf(h, "<li><a href=\"/export/fft-monthly.csv?month=%s\">%s, %s so far</a></li>",
			 m, fft, mn);
	coll_html_printf(h, "<li><a href=\"/export/quality-board.csv?quarter=%s\">Quality Board summary, %s</a></li>",
			 qid, ql);
	coll_html_raw(h, "</ul></div></div>");
}

/* For the patient experience role: every team, each a link to its pages
 * (?team=CODE), the one shown first. */
static int team_picker(const coll_web_ctx *c, coll_html *h, fb_err *err)
{
	coll_store_location_list l = {0};
	int rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &l, err);
	if (rc == 0) {
		coll_html_raw(h, "<nav class=\"fb-noprint\" aria-label=\"Teams\"><h2 class=\"nhsuk-heading-s\">"
			      "Every team</h2><ul class=\"nhsuk-list fb-team-list\">");
		for (size_t i = 0; i < l.n; i++) {
			bool seen = false;
			for (size_t k = 0; k < i && !seen; k++)
				seen = strcmp(l.v[k].team, l.v[i].team) == 0;
			if (seen)
				continue;
			if (strcmp(l.v[i].team, c->user.team) == 0)
				coll_html_printf(h, "<li><strong>%s</strong> (shown)</li>",
						 coll_config_team_name(c->cfg, l.v[i].team));
			else
				coll_html_printf(h, "<li><a href=\"/?team=%s\">%s</a></li>", l.v[i].team,
						 coll_config_team_name(c->cfg, l.v[i].team));
		}
		coll_html_raw(h, "</ul></nav>");
	}
	free(l.v);
	return rc;
}

int coll_page_home(const coll_web_ctx *c, coll_html *h)
{
	coll_results r = {0};
	fb_err err;
	char title[160], mname[32];
	int64_t from, to;
	int status = 200;
	int rc = selected_month(c, &from, &to, &err);
	if (rc) {
		status = coll_page_message(h, &c->user, 400, "Month not understood", err.msg);
		goto out;
	}
	rc = coll_results_load(c->st, c->cfg, c->user.team, from, 1, false, &r, &err);
	if (rc) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	coll_page_month_long(from, mname, sizeof mname);
	snprintf(title, sizeof title, "Your locations, %s", mname);
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<span class=\"nhsuk-caption-l\">");
	coll_html_text(h, coll_page_team_name(c));
	coll_html_raw(h, "</span><h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1>");
	rc = coll_page_flag_notice(c, h, NULL, &err);
	if (rc) {
		coll_html_free(h);
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	if (coll_page_has_role(c, COLL_ROLE_PATIENT_EXPERIENCE)) {
		rc = team_picker(c, h, &err);
		if (rc) {
			coll_html_free(h);
			status = coll_page_store_failed(c, h, &err);
			goto out;
		}
	}
	coll_page_month_picker(h, "/", from, c->req->now_ms);
	if (r.locs.n == 0) {
		coll_html_raw(h, "<div class=\"nhsuk-inset-text\"><p>Your team has no locations yet. Ask the"
			      " person who looks after the feedback collector to add your wards and clinics to"
			      " team ");
		coll_html_text(h, c->user.team);
		coll_html_raw(h, ".</p></div>");
	} else {
		coll_html_printf(h, "<p>Responses to the Friends and Family Test in %s. %% positive is Very"
				 " good and Good out of every answer (Don&#39;t know included); the target is"
				 " %d%%.</p>", mname, coll_page_target(c));
		location_table(c, h, &r, 0);
		coll_html_raw(h, "<p><a href=\"/team\">See the whole team together</a></p>");
	}
	downloads_card(c, h, from);
	coll_html_page_end(h);
out:
	coll_results_free(&r);
	return status;
}

/* The address of a page of comments, keeping the filters. */
static void comments_href(char *out, size_t size, const char *base, const char *month, int fft,
			  const char *search, const char *quarter, const char *theme, int page)
{
	if (theme)
		snprintf(out, size, "%s?quarter=%s&theme=%s", base, quarter, theme);
	else
		snprintf(out, size, "%s?month=%s", base, month);
	if (fft)
		snprintf(out + strlen(out), size - strlen(out), "&fft=%d", fft);
	if (search && search[0]) {
		snprintf(out + strlen(out), size - strlen(out), "&q=");
		url_cat(out, size, search);
	}
	snprintf(out + strlen(out), size - strlen(out), "&page=%d#comments", page);
}

static int comments_section(const coll_web_ctx *c, coll_html *h, const char *location,
			    const coll_store_location_list *locs, const char *base, int64_t from,
			    int64_t to, fb_err *err, bool *bad_input)
{
	int rc = 0;
	int fft = 0, page = 1;
	char month[8], total_text[24];
	const char *s_fft = coll_page_arg(c, "fft");
	const char *s_page = coll_page_arg(c, "page");
	const char *search = coll_page_arg(c, "q");
	const char *theme = coll_page_arg(c, "theme");
	char qid[COLL_MONTHS_FYQ_ID] = "", ql[COLL_MONTHS_FYQ_ID] = "", back[300];
	int64_t k[7];
	coll_page_themes_map *themes = NULL;
	*bad_input = false;
	if (theme && !theme[0])
		theme = NULL;
	coll_months_name(from, month);
	/* ?theme= (a link from "What people are telling us"): that theme's
	 * comments of the quarter */
	if (theme) {
		const char *qa = coll_page_arg(c, "quarter");
		fb_err qerr;
		*bad_input |= !c->fw || coll_themes_category_find(c->fw, theme) < 0 || !qa ||
			      coll_months_fyq_range(qa, &from, &to, &qerr) != 0;
		if (*bad_input)
			goto out;
		coll_months_fyq_id(from, qid);
		coll_months_fyq_label(from, ql);
	}
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
	coll_store_query q = {.location = location, .team = location ? NULL : c->user.team,
			 .from_ms = from, .to_ms = to, .fft = fft, .search = search,
			 .with_text_only = true, .theme = theme};
	rc = coll_store_fft_counts(c->st, &q, k, err);
	if (rc)
		goto out;
	/* the coding forms come back here, to the same filters and page */
	comments_href(back, sizeof back, base, month, fft, search, qid, theme, page);
	*strchr(back, '#') = '\0';
	/* the comments are listed below, so their number is shown as it is */
	snprintf(total_text, sizeof total_text, "%lld", (long long)(k[0] + coll_page_fft_total(k)));

	coll_html_raw(h, "<section id=\"comments\"><h2 class=\"nhsuk-heading-l\">Comments</h2>"
		      "<form class=\"fb-filter fb-month-form\" method=\"get\" action=\"");
	coll_html_attr(h, base);
	coll_html_raw(h, "#comments\"><input type=\"hidden\" name=\"month\" value=\"");
	coll_html_attr(h, month);
	coll_html_raw(h, "\"><div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"fft\">Rating"
		      "</label><select class=\"nhsuk-select\" id=\"fft\" name=\"fft\">");
	coll_html_printf(h, "<option value=\"0\"%s>Any rating</option>", fft == 0 ? " selected" : "");
	for (int i = 1; i <= 6; i++)
		coll_html_printf(h, "<option value=\"%d\"%s>%s</option>", i, fft == i ? " selected" : "",
				 coll_page_fft_label(i));
	coll_html_raw(h, "</select></div><div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\""
		      " for=\"q\">Words</label><input class=\"nhsuk-input nhsuk-input--width-20\" id=\"q\""
		      " name=\"q\" type=\"text\" maxlength=\"100\" value=\"");
	coll_html_attr(h, search ? search : "");
	coll_html_raw(h, "\"></div><div class=\"nhsuk-form-group\"><button class=\"nhsuk-button"
		      " nhsuk-button--secondary nhsuk-u-margin-bottom-0\" type=\"submit\">Show comments"
		      "</button></div></form>");
	if (theme) {
		coll_html_raw(h, "<p class=\"fb-theme-filter\">Comments about <strong>");
		coll_html_text(h, c->fw->cats[coll_themes_category_find(c->fw, theme)].name);
		coll_html_printf(h, "</strong> in %s, newest first (safeguarding concerns not yet seen first)."
				 " <a href=\"%s?month=%s#comments\">Show every comment</a></p>", ql, base, month);
	} else {
		coll_html_printf(h, "<p>%s: %s. Safeguarding concerns not yet seen come first, then the newest.</p>",
				 (fft || search) ? "Comments that match" : "Comments this month", total_text);
	}

	coll_page_comment_walk w = {.c = c, .h = h, .skip = (page - 1) * COLL_WEB_COMMENTS_PAGE,
			  .max = COLL_WEB_COMMENTS_PAGE, .show_location = location == NULL,
			  .names = locs, .action_button = true, .themes_back = c->fw ? back : NULL};
	if (search) {
		int64_t n = k[0] + coll_page_fft_total(k);
		char href[512];
		snprintf(href, sizeof href, "/actions/new?month=%s&fft=%d&q=", month, fft);
		url_cat(href, sizeof href, search);
		if (location) {
			snprintf(href + strlen(href), sizeof href - strlen(href), "&location=");
			url_cat(href, sizeof href, location);
		}
		if (n > 0) {
			coll_html_raw(h, "<p class=\"fb-noprint\"><a class=\"nhsuk-button nhsuk-button--secondary\" href=\"");
			coll_html_attr(h, href);
			if (n > COLL_STORE_ACTION_COMMENTS_MAX)
				coll_html_printf(h, "\">Make an action from the newest %d of these %lld comments</a></p>",
						 COLL_STORE_ACTION_COMMENTS_MAX, (long long)n);
			else
				coll_html_printf(h, "\">Make an action from these %lld comment%s</a></p>",
						 (long long)n, n == 1 ? "" : "s");
		}
	}
	q.limit = page * COLL_WEB_COMMENTS_PAGE + 1;
	rc = coll_page_themes_map_load(c, &q, w.skip, w.max, &themes, err);
	if (rc)
		goto out;
	w.themes = themes;
	rc = coll_store_responses_each(c->st, &q, coll_page_comment_out, &w, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc)
		goto out;
	if (w.shown == 0)
		coll_html_raw(h, "<p class=\"nhsuk-inset-text\">No comments to show.</p>");
	{
		char prev[512], next[512], next_label[48];
		comments_href(prev, sizeof prev, base, month, fft, search, qid, theme, page - 1);
		comments_href(next, sizeof next, base, month, fft, search, qid, theme, page + 1);
		snprintf(next_label, sizeof next_label, "Older comments (page %d)", page + 1);
		coll_page_pagination(h, page > 1 ? prev : NULL, "Newer comments",
				     w.more && page < COLL_WEB_COMMENT_PAGES_MAX ? next : NULL, next_label);
	}
	coll_html_raw(h, "</section>");
out:
	coll_page_themes_map_free(themes);
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
	strftime(upto, sizeof upto, "%-d %B", &tm);
	static const char *const heads[] = {"Period", "Compliments"};
	char p1[48], p0[48];
	coll_page_table t;
	coll_html_raw(h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
		      "<h2 class=\"nhsuk-card__heading nhsuk-heading-m\">Compliments</h2>"
		      "<p class=\"nhsuk-body-s\">Very good or Good with a comment, from 1 January to ");
	coll_html_text(h, upto);
	coll_html_raw(h, ".</p>");
	snprintf(p1, sizeof p1, "This year to date (%d)", tm.tm_year + 1900);
	snprintf(p0, sizeof p0, "Same period last year (%d)", tm.tm_year + 1899);
	coll_page_table_begin(&t, h, NULL, heads, 2, 2u, false);
	coll_page_row_begin(&t);
	coll_page_cell(&t, p1);
	coll_page_cell(&t, a);
	coll_page_row_end(&t);
	coll_page_row_begin(&t);
	coll_page_cell(&t, p0);
	coll_page_cell(&t, b);
	coll_page_row_end(&t);
	coll_page_table_end(&t);
	coll_html_raw(h, "</div></div>");
	return 0;
}

/* The last TREND_MONTHS months of r (the selected month last). */
static void trend_card(const coll_web_ctx *c, coll_html *h, const coll_results *r, const char *location)
{
	static const char *const heads[] = {"Month", "Responses", "% positive"};
	double pct[TREND_MONTHS];
	char labels[TREND_MONTHS][16];
	const char *lp[TREND_MONTHS];
	char first[32], last[32], title[160];
	int target = coll_page_target(c);
	coll_page_table t;
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
	snprintf(title, sizeof title, "%% positive each month, %s to %s, against the %d%% target",
		 first, last, target);
	coll_html_raw(h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
		      "<h2 class=\"nhsuk-card__heading nhsuk-heading-m\">");
	coll_html_text(h, title);
	coll_html_raw(h, "</h2>");
	coll_svg_trend(h, title, lp, pct, TREND_MONTHS, target);
	coll_html_raw(h, "<details class=\"nhsuk-details nhsuk-u-margin-bottom-0\"><summary class=\"nhsuk-details__summary\">"
		      "<span class=\"nhsuk-details__summary-text\">The figures</span></summary>"
		      "<div class=\"nhsuk-details__text\">");
	coll_page_table_begin(&t, h, NULL, heads, 3, 6u, false);
	for (int i = 0; i < TREND_MONTHS; i++) {
		const coll_sup_row *row = location ? coll_results_row(r, i, location) :
					  coll_results_team(r, i);
		char mn[32], n[24];
		coll_page_month_long(r->month_from[i], mn, sizeof mn);
		coll_results_count_text(row, COLL_RESULTS_TOTAL, n, sizeof n);
		coll_page_row_begin(&t);
		coll_page_cell(&t, mn);
		coll_page_cell(&t, n);
		positive_cell(c, &t, r, row);
		coll_page_row_end(&t);
	}
	coll_page_table_end(&t);
	coll_html_raw(h, "</div></details></div></div>");
}

static void answers_card(const coll_web_ctx *c, coll_html *h, const coll_sup_row *row,
			 const char *mname)
{
	static const char *const heads[] = {"Answer", "Responses"};
	const char *labels[6];
	char title[96], tot[24];
	coll_page_table t;
	coll_html_raw(h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
		      "<h2 class=\"nhsuk-card__heading nhsuk-heading-m\">How people answered</h2>");
	coll_page_table_begin(&t, h, NULL, heads, 2, 2u, false);
	for (int i = 0; i < COLL_SUP_ANSWERS; i++) {
		char n[24];
		labels[i] = coll_page_fft_label(i + 1);
		coll_results_count_text(row, i, n, sizeof n);
		coll_page_row_begin(&t);
		coll_page_cell(&t, labels[i]);
		coll_page_cell(&t, n);
		coll_page_row_end(&t);
	}
	coll_results_count_text(row, COLL_RESULTS_TOTAL, tot, sizeof tot);
	coll_page_row_begin(&t);
	coll_page_cell_begin(&t);
	coll_html_raw(h, "<strong>All answers</strong>");
	coll_page_cell_end(&t);
	coll_page_cell_begin(&t);
	coll_html_printf(h, "<strong>%s</strong>", tot);
	coll_page_cell_end(&t);
	coll_page_row_end(&t);
	coll_page_table_end(&t);
	snprintf(title, sizeof title, "Answers to the Friends and Family Test, %s", mname);
	coll_svg_bars(h, title, labels, row->count, row->count_hidden, COLL_SUP_ANSWERS);
	coll_html_printf(h, "<p class=\"nhsuk-body-s nhsuk-u-margin-bottom-0\">* means hidden so that"
			 " nobody can be recognised: a count of %d or fewer, or a figure that would let"
			 " one be worked out.</p></div></div>", c->cfg->suppress_below - 1);
}

/* The page for one location (loc) or the whole team (loc NULL). */
static int page_results(const coll_web_ctx *c, const coll_store_location *loc, coll_html *h)
{
	fb_err err;
	int64_t from, to;
	char mname[32], title[256], n[24], month[8], base[160];
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
		snprintf(title, sizeof title, "%s, all locations, %s", coll_page_team_name(c), mname);
	snprintf(base, sizeof base, "%s", loc ? "/location/" : "/team");
	if (loc)
		url_cat(base, sizeof base, loc->code);

	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<span class=\"nhsuk-caption-l\">");
	if (loc) {
		coll_html_text(h, coll_page_team_name(c));
		coll_html_raw(h, " &middot; location code ");
		coll_html_text(h, loc->code);
	} else {
		coll_html_raw(h, "Team code ");
		coll_html_text(h, c->user.team);
	}
	coll_html_raw(h, "</span><h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1>");
	if (loc && loc->retired_ms)
		coll_html_raw(h, "<p><strong class=\"nhsuk-tag nhsuk-tag--grey\">Retired</strong> This"
			      " location is no longer in use; its results are kept.</p>");
	/* flagged comments not yet seen, of any month, before anything else */
	rc = coll_page_flag_notice(c, h, code, &err);
	if (rc)
		goto fail;
	coll_page_month_picker(h, base, from, c->req->now_ms);
	{
		char pm[8], nm[8], ph[200], nh[200], pl[32], nl[32];
		coll_months_name(coll_months_add(from, -1), pm);
		coll_months_name(coll_months_add(from, 1), nm);
		coll_page_month_long(coll_months_add(from, -1), pl, sizeof pl);
		coll_page_month_long(coll_months_add(from, 1), nl, sizeof nl);
		snprintf(ph, sizeof ph, "%s?month=%s", base, pm);
		snprintf(nh, sizeof nh, "%s?month=%s", base, nm);
		coll_page_pagination(h, ph, pl, to <= c->req->now_ms ? nh : NULL, nl);
	}
	{
		char v[16];
		const char *why = "";
		int target = coll_page_target(c);
		coll_results_count_text(row, COLL_RESULTS_TOTAL, n, sizeof n);
		coll_html_raw(h, "<div class=\"fb-figures\">");
		coll_page_figure(h, "Responses", n, "", -1, 0);
		coll_results_share_text(&r, row, true, v, sizeof v, &why);
		coll_page_figure(h, "Positive (Very good or Good)", v, why, coll_results_share(row, true), target);
		coll_results_share_text(&r, row, false, v, sizeof v, &why);
		coll_page_figure(h, "Negative (Poor or Very poor)", v, why, -1, 0);
		coll_html_raw(h, "</div>");
	}
	answers_card(c, h, row, mname);
	trend_card(c, h, &r, code);
	/* the team's page only: a location's own breakdown and the team's
	 * together would let a small number be worked out by subtraction */
	if (!loc) {
		rc = coll_page_versions_section(c, h, NULL, from, to, row, &err);
		if (rc)
			goto fail;
	} else {
		coll_html_printf(h, "<p class=\"fb-versions-link\">The answers to the survey&#39;s other"
				 " questions are on <a href=\"/team?month=%s#questions\">the team&#39;s page</a>,"
				 " for all its locations together, so that a small number at one location"
				 " cannot be worked out.</p>", month);
	}
	if (!loc) {
		coll_html_raw(h, "<h2 class=\"nhsuk-heading-l\">Each location</h2>");
		location_table(c, h, &r, TREND_MONTHS - 1);
	}
	rc = compliments_card(c, h, code, &err);
	if (rc)
		goto fail;
	rc = coll_page_themes_section(c, h, code, base, from, &err);
	if (rc)
		goto fail;
	rc = comments_section(c, h, code, &r.locs, base, from, to, &err, &bad);
	if (rc)
		goto fail;
	if (bad) {
		coll_html_free(h);
		status = coll_page_message(h, &c->user, 400, "Filter not understood",
					   "Pick a rating from the list, keep the words to 100 "
					   "characters or fewer, and use the page links given (a theme's"
					   " comments open from \"What people are telling us\").");
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
