/* pages.c: home, location, team, Quality Board, fleet, sign-in and
 * message pages (see pages.h). Numbers go through count_text/pct_text
 * so the small-number rule is applied in one place. */
#include "pages.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../export.h"
#include "../months.h"
#include "svg.h"

#define TREND_MONTHS 12
#define BOARD_COMMENTS 3
#define BOARD_WALK_MAX 500      /* rows looked at to find a board's few comments */
#define COMMENT_SHOW_MAX 4000   /* bytes of one answer shown on a page */
#define WALK_STOP 1000          /* a row callback's "enough, stop" (not an fb_code) */

static const char *const fft_labels[7] = {
	"Not answered", "Very good", "Good", "Neither good nor poor", "Poor", "Very poor",
	"Don't know",
};

const char *coll_page_fft_label(int fft)
{
	return (fft >= 0 && fft <= 6) ? fft_labels[fft] : "Unknown";
}

static const char *arg_of(const coll_web_ctx *c, const char *name)
{
	const coll_web_request *r = c->req;
	return (r && r->arg) ? r->arg(r->arg_ctx, name) : NULL;
}

static void count_text(const coll_web_ctx *c, int64_t n, char *out, size_t size)
{
	coll_export_count_text(n, c->cfg->suppress_below, out, size);
}

static int64_t fft_total(const int64_t k[7])
{
	return k[1] + k[2] + k[3] + k[4] + k[5] + k[6];
}

/* A share of all answers, or why it is not shown. */
static void pct_text(const coll_web_ctx *c, int64_t part, int64_t total, char *out, size_t size)
{
	int sup = c->cfg->suppress_below;
	if (total == 0)
		snprintf(out, size, "no responses");
	else if (coll_export_share_hidden(part, total, sup))
		snprintf(out, size, "too few responses to show");
	else
		snprintf(out, size, "%.0f%%", 100.0 * (double)part / (double)total);
}

static double pct_value(const coll_web_ctx *c, int64_t part, int64_t total)
{
	int sup = c->cfg->suppress_below;
	if (total == 0)
		return COLL_SVG_NO_DATA;
	if (coll_export_share_hidden(part, total, sup))
		return COLL_SVG_TOO_FEW;
	return 100.0 * (double)part / (double)total;
}

/* Times and months are shown in the Trust's zone (months.h set TZ). */
static void time_text(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%d %b %Y %H:%M", &tm) == 0 && size)
		out[0] = '\0';
}

/* "November 2026" */
static void month_long(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%B %Y", &tm) == 0 && size)
		out[0] = '\0';
}

static void month_short(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%b", &tm) == 0 && size)
		out[0] = '\0';
}

static int store_failed(const coll_web_ctx *c, coll_html *h, const fb_err *err)
{
	fprintf(stderr, "feedback-collector: results page %s: %s\n",
		c->req && c->req->path ? c->req->path : "?", err->msg);
	coll_html_free(h);
	return coll_page_message(h, &c->user, 500, "Results not available just now",
				 "The results database did not answer. Try again in a minute; if this "
				 "keeps happening, tell the IT service desk that the feedback collector "
				 "cannot read its database.");
}

int coll_page_message(coll_html *h, const coll_html_user *u, int status, const char *title,
		      const char *text)
{
	coll_html_page_begin(h, title, u);
	coll_html_raw(h, "<h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1><div class=\"card\"><p>");
	coll_html_text(h, text);
	coll_html_raw(h, "</p>");
	if (u)
		coll_html_raw(h, "<p><a href=\"/\">Back to your locations</a></p>");
	else
		coll_html_raw(h, "<p><a href=\"/login\">Sign in</a></p>");
	coll_html_raw(h, "</div>");
	coll_html_page_end(h);
	return status;
}

int coll_page_login(coll_html *h, int status, const char *csrf, const char *message,
		    const char *user)
{
	coll_html_page_begin(h, "Sign in", NULL);
	coll_html_raw(h, "<h1>Sign in to see your team's feedback</h1>");
	if (message) {
		coll_html_raw(h, "<div class=\"error\" role=\"alert\"><p>");
		coll_html_text(h, message);
		coll_html_raw(h, "</p></div>");
	}
	coll_html_raw(h, "<div class=\"card\"><form method=\"post\" action=\"/login\">");
	coll_html_csrf_field(h, csrf);
	coll_html_raw(h, "<p><label for=\"user\">User name</label><br><input id=\"user\" name=\"user\""
		      " autocomplete=\"username\" required maxlength=\"63\" value=\"");
	coll_html_text(h, user ? user : "");
	coll_html_raw(h, "\"></p><p><label for=\"password\">Password</label><br><input id=\"password\""
		      " name=\"password\" type=\"password\" autocomplete=\"current-password\" required"
		      " maxlength=\"255\"></p><p><button type=\"submit\">Sign in</button></p></form>"
		      "<p class=\"hint\">Forgotten your password? Ask the person who looks after the"
		      " feedback collector to set a new one.</p></div>");
	coll_html_page_end(h);
	return status;
}

/* ---- locations --------------------------------------------------------- */

/* The signed-in team's locations, capped for any one page (l->truncated). */
static int team_locations(const coll_web_ctx *c, coll_store_location_list *l, fb_err *err)
{
	return coll_store_locations_list(c->st, c->user.team, COLL_WEB_LOCATIONS_MAX, l, err);
}

/* One table row per location: responses and % positive in [from, to). */
static int location_table(const coll_web_ctx *c, coll_html *h, const coll_store_location_list *l, int64_t from,
			  int64_t to, fb_err *err)
{
	int rc = 0;
	coll_html_raw(h, "<table><thead><tr><th>Location</th><th>Code</th><th class=\"num\">Responses</th>"
		      "<th class=\"num\">% positive</th><th class=\"num\">% negative</th></tr></thead><tbody>");
	for (size_t i = 0; i < l->n; i++) {
		int64_t k[7];
		char n[24], pos[40], neg[40];
		coll_store_query q = {.location = l->v[i].code, .from_ms = from, .to_ms = to};
		rc = coll_store_fft_counts(c->st, &q, k, err);
		if (rc)
			goto out;
		count_text(c, fft_total(k), n, sizeof n);
		pct_text(c, k[1] + k[2], fft_total(k), pos, sizeof pos);
		pct_text(c, k[4] + k[5], fft_total(k), neg, sizeof neg);
		coll_html_raw(h, "<tr><td><a href=\"/location/");
		coll_html_url(h, l->v[i].code);
		coll_html_raw(h, "\">");
		coll_html_text(h, l->v[i].name);
		coll_html_raw(h, "</a></td><td>");
		coll_html_text(h, l->v[i].code);
		coll_html_rawf(h, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
			       "<td class=\"num\">%s</td></tr>", n, pos, neg);
	}
	coll_html_raw(h, "</tbody></table>");
	if (l->truncated)
		coll_html_rawf(h, "<p class=\"hint\">Only the first %d locations are shown.</p>",
			       COLL_WEB_LOCATIONS_MAX);
out:
	return rc;
}

/* ?month=YYYY-MM, or this month. */
static int selected_month(const coll_web_ctx *c, int64_t *from, int64_t *to, fb_err *err)
{
	const char *m = arg_of(c, "month");
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
	coll_html_rawf(h, "<li><a href=\"/export/responses.csv?month=%s\">Every response, %s</a></li>", m, m);
	coll_html_rawf(h, "<li><a href=\"/export/fft-monthly.csv?month=%s\">NHS England FFT return, %s</a></li>",
		       prev, prev);
	coll_html_rawf(h, "<li><a href=\"/export/fft-monthly.csv?month=%s\">NHS England FFT return, %s so far</a></li>",
		       m, m);
	coll_html_rawf(h, "<li><a href=\"/export/quality-board.csv?quarter=%s\">Quality Board summary, %s</a></li>",
		       qn, qn);
	coll_html_raw(h, "</ul></div>");
}

int coll_page_home(const coll_web_ctx *c, coll_html *h)
{
	coll_store_location_list l;
	fb_err err;
	char title[160], mname[32];
	int64_t from = coll_months_add(c->req->now_ms, 0);
	int64_t to = coll_months_add(c->req->now_ms, 1);
	int status = 200;
	int rc = team_locations(c, &l, &err);
	if (rc) {
		status = store_failed(c, h, &err);
		goto out;
	}
	month_long(from, mname, sizeof mname);
	snprintf(title, sizeof title, "Your locations, %s", mname);
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1>");
	if (l.n == 0) {
		coll_html_raw(h, "<div class=\"card\"><p>Your team has no locations yet. Ask the person who "
			      "looks after the feedback collector to add your wards and clinics to team ");
		coll_html_text(h, c->user.team);
		coll_html_raw(h, ".</p></div>");
	} else {
		coll_html_raw(h, "<p>Responses to the Friends and Family Test this month. % positive is "
			      "Very good and Good out of every answer (Don't know included).</p>");
		rc = location_table(c, h, &l, from, to, &err);
		if (rc) {
			status = store_failed(c, h, &err);
			goto out;
		}
		coll_html_raw(h, "<p><a href=\"/team\">See the whole team together</a></p>");
	}
	downloads_card(c, h, from);
	coll_html_page_end(h);
out:
	free(l.v);
	return status;
}

/* ---- comments ------------------------------------------------------------ */

/* Prints the answers of one free-text object; contact details are left to
 * the CSV (they are for follow-up, not for reading out). */
static void comment_text(coll_html *h, const char *json, bool *had_contact)
{
	json_error_t jerr;
	json_t *o = json ? json_loads(json, 0, &jerr) : NULL;
	const char *key;
	json_t *v;
	*had_contact = false;
	if (!json_is_object(o)) {
		json_decref(o);
		return;
	}
	json_object_foreach(o, key, v) {
		const char *label = key;
		if (strncmp(key, "contact", 7) == 0) {
			*had_contact = true;
			continue;
		}
		if (!json_is_string(v) || json_string_length(v) == 0)
			continue;
		if (strcmp(key, "what_was_good") == 0 || strcmp(key, "good") == 0)
			label = "What was good";
		else if (strcmp(key, "do_better") == 0 || strcmp(key, "better") == 0)
			label = "What could be better";
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		bool cut = n > COMMENT_SHOW_MAX;
		if (cut) {
			n = COMMENT_SHOW_MAX;
			while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
				n--;   /* never split a character */
		}
		coll_html_raw(h, "<p><strong>");
		coll_html_text(h, label);
		coll_html_raw(h, ":</strong> ");
		coll_html_textn(h, s, n);
		if (cut)
			coll_html_raw(h, " &hellip; (shortened; the whole text is in the CSV)");
		coll_html_raw(h, "</p>");
	}
	json_decref(o);
}

typedef struct comment_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int skip;          /* rows before this page */
	int max;           /* rows to show */
	int seen, shown;
	bool more;
	bool hide_flagged; /* Quality Board: flagged comments are not for a wall */
	bool show_location;
} comment_walk;

static int comment_out(void *ctx, const coll_store_row *r)
{
	comment_walk *w = ctx;
	coll_html *h = w->h;
	char when[64];
	bool contact = false;
	if (w->hide_flagged && r->safeguarding)
		return 0;
	if (w->seen++ < w->skip)
		return 0;
	if (w->shown >= w->max) {
		w->more = true;
		return WALK_STOP;
	}
	w->shown++;
	time_text(r->received_at_ms, when, sizeof when);
	coll_html_raw(h, r->safeguarding ? "<div class=\"comment flag\">" : "<div class=\"comment\">");
	if (r->safeguarding)
		coll_html_raw(h, "<p><span class=\"label bad\">Safeguarding: read and act on this"
			      " today</span></p>");
	coll_html_raw(h, "<p class=\"meta\">");
	coll_html_text(h, coll_page_fft_label(r->fft));
	coll_html_raw(h, " &middot; received ");
	coll_html_text(h, when);
	if (w->show_location) {
		coll_html_raw(h, " &middot; ");
		coll_html_text(h, r->location);
	}
	coll_html_raw(h, "</p>");
	comment_text(h, r->free_text_json, &contact);
	if (contact && !w->hide_flagged)
		coll_html_raw(h, "<p class=\"hint\">This person left contact details: see the"
			      " responses CSV.</p>");
	coll_html_raw(h, "</div>");
	return 0;
}

/* Builds the query string for a comments link, keeping the filters. */
static void comments_link(coll_html *h, const char *base, const char *month, int fft,
			  const char *search, int page)
{
	coll_html_text(h, base);
	coll_html_raw(h, "?month=");
	coll_html_url(h, month);
	if (fft)
		coll_html_rawf(h, "&amp;fft=%d", fft);
	if (search && search[0]) {
		coll_html_raw(h, "&amp;q=");
		coll_html_url(h, search);
	}
	coll_html_rawf(h, "&amp;page=%d#comments", page);
}

static int comments_section(const coll_web_ctx *c, coll_html *h, const char *location,
			    const char *base, int64_t from, int64_t to, fb_err *err,
			    bool *bad_input)
{
	int rc = 0;
	int fft = 0, page = 1;
	char month[8], total_text[24];
	const char *s_fft = arg_of(c, "fft");
	const char *s_page = arg_of(c, "page");
	const char *search = arg_of(c, "q");
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
	count_text(c, k[0] + fft_total(k), total_text, sizeof total_text);

	coll_html_raw(h, "<div class=\"card\" id=\"comments\"><h2>Comments</h2>"
		      "<form class=\"filter\" method=\"get\" action=\"");
	coll_html_text(h, base);
	coll_html_raw(h, "#comments\"><input type=\"hidden\" name=\"month\" value=\"");
	coll_html_text(h, month);
	coll_html_raw(h, "\"><label for=\"fft\">Rating</label><select id=\"fft\" name=\"fft\">");
	coll_html_rawf(h, "<option value=\"0\"%s>Any rating</option>", fft == 0 ? " selected" : "");
	for (int i = 1; i <= 6; i++)
		coll_html_rawf(h, "<option value=\"%d\"%s>%s</option>", i, fft == i ? " selected" : "",
			       i == 6 ? "Don&#39;t know" : fft_labels[i]);
	coll_html_raw(h, "</select> <label for=\"q\">Words</label><input id=\"q\" name=\"q\" maxlength=\"100\" value=\"");
	coll_html_text(h, search ? search : "");
	coll_html_raw(h, "\"> <button type=\"submit\">Show comments</button></form>");
	coll_html_rawf(h, "<p>%s: %s. Safeguarding concerns come first, then the newest.</p>",
		       (fft || search) ? "Comments that match" : "Comments this month", total_text);

	comment_walk w = {.c = c, .h = h, .skip = (page - 1) * COLL_WEB_COMMENTS_PAGE,
			  .max = COLL_WEB_COMMENTS_PAGE, .show_location = location == NULL};
	q.limit = page * COLL_WEB_COMMENTS_PAGE + 1;
	rc = coll_store_responses_each(c->st, &q, comment_out, &w, err);
	if (rc == WALK_STOP)
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
		coll_html_rawf(h, "\">Older comments (page %d)</a>", page + 1);
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
	count_text(c, k1[1] + k1[2], a, sizeof a);
	count_text(c, k0[1] + k0[2], b, sizeof b);
	struct tm tm;
	coll_months_local(now, &tm);
	char upto[32];
	strftime(upto, sizeof upto, "%d %B", &tm);
	coll_html_raw(h, "<div class=\"card\"><h2>Compliments</h2><p class=\"hint\">Very good or Good"
		      " with a comment, from 1 January to ");
	coll_html_text(h, upto);
	coll_html_raw(h, ".</p><table><thead><tr><th>Period</th><th class=\"num\">Compliments</th></tr>"
		      "</thead><tbody>");
	coll_html_rawf(h, "<tr><td>This year to date (%d)</td><td class=\"num\">%s</td></tr>",
		       tm.tm_year + 1900, a);
	coll_html_rawf(h, "<tr><td>Same period last year (%d)</td><td class=\"num\">%s</td></tr>",
		       tm.tm_year + 1899, b);
	coll_html_raw(h, "</tbody></table></div>");
	return 0;
}

static int trend_card(const coll_web_ctx *c, coll_html *h, const char *location, int64_t from,
		      fb_err *err)
{
	int64_t months[TREND_MONTHS][7];
	double pct[TREND_MONTHS];
	char labels[TREND_MONTHS][16];
	const char *lp[TREND_MONTHS];
	char first[32], last[32], title[128];
	int64_t start = coll_months_add(from, -(TREND_MONTHS - 1));
	coll_store_query q = {.location = location, .team = location ? NULL : c->user.team,
			 .from_ms = start, .to_ms = coll_months_add(from, 1)};
	int rc = coll_store_fft_monthly(c->st, &q, months, TREND_MONTHS, err);
	if (rc)
		return rc;
	for (int i = 0; i < TREND_MONTHS; i++) {
		int64_t m = coll_months_add(start, i);
		month_short(m, labels[i], sizeof labels[i]);
		lp[i] = labels[i];
		pct[i] = pct_value(c, months[i][1] + months[i][2], fft_total(months[i]));
	}
	month_long(start, first, sizeof first);
	month_long(from, last, sizeof last);
	snprintf(title, sizeof title, "%% positive each month, %s to %s, against the %.0f%% target",
		 first, last, COLL_WEB_TARGET_PCT);
	coll_html_raw(h, "<div class=\"card\"><h2>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h2>");
	coll_svg_trend(h, title, lp, pct, TREND_MONTHS, COLL_WEB_TARGET_PCT);
	coll_html_raw(h, "<details><summary>The figures</summary><table><thead><tr><th>Month</th>"
		      "<th class=\"num\">Responses</th><th class=\"num\">% positive</th></tr></thead><tbody>");
	for (int i = 0; i < TREND_MONTHS; i++) {
		char mn[32], n[24], p[40];
		month_long(coll_months_add(start, i), mn, sizeof mn);
		count_text(c, fft_total(months[i]), n, sizeof n);
		pct_text(c, months[i][1] + months[i][2], fft_total(months[i]), p, sizeof p);
		coll_html_rawf(h, "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>",
			       mn, n, p);
	}
	coll_html_raw(h, "</tbody></table></details></div>");
	return 0;
}

static void answers_card(const coll_web_ctx *c, coll_html *h, const int64_t k[7], const char *mname)
{
	const char *labels[6];
	char title[96];
	coll_html_raw(h, "<div class=\"card\"><h2>How people answered</h2><table><thead><tr><th>Answer</th>"
		      "<th class=\"num\">Responses</th></tr></thead><tbody>");
	for (int i = 1; i <= 6; i++) {
		char n[24];
		labels[i - 1] = fft_labels[i];
		count_text(c, k[i], n, sizeof n);
		coll_html_raw(h, "<tr><td>");
		coll_html_text(h, fft_labels[i]);
		coll_html_rawf(h, "</td><td class=\"num\">%s</td></tr>", n);
	}
	char tot[24];
	count_text(c, fft_total(k), tot, sizeof tot);
	coll_html_rawf(h, "<tr><th>All answers</th><th class=\"num\">%s</th></tr></tbody></table>", tot);
	snprintf(title, sizeof title, "Answers to the Friends and Family Test, %s", mname);
	coll_svg_bars(h, title, labels, k + 1, 6, c->cfg->suppress_below);
	coll_html_rawf(h, "<p class=\"hint\">* means %d or fewer: too few to show without risking"
		       " that someone is recognised.</p></div>", c->cfg->suppress_below - 1);
}

/* The page for one location (loc) or the whole team (loc NULL). */
static int page_results(const coll_web_ctx *c, const coll_store_location *loc, coll_html *h)
{
	fb_err err;
	int64_t from, to, k[7];
	char mname[32], title[256], n[24], pos[40], neg[40], month[8], base[128];
	int status = 200;
	bool bad = false;
	coll_store_location_list l = {0};
	const char *code = loc ? loc->code : NULL;
	int rc = selected_month(c, &from, &to, &err);
	if (rc) {
		status = coll_page_message(h, &c->user, 400, "Month not understood", err.msg);
		goto out;
	}
	coll_store_query q = {.location = code, .team = code ? NULL : c->user.team,
			 .from_ms = from, .to_ms = to};
	rc = coll_store_fft_counts(c->st, &q, k, &err);
	if (rc)
		goto fail;
	month_long(from, mname, sizeof mname);
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
		coll_html_rawf(h, "?month=%s\">Previous month</a>", pm);
		if (to <= c->req->now_ms) {
			coll_html_raw(h, " &middot; <a href=\"");
			coll_html_text(h, base);
			coll_html_rawf(h, "?month=%s\">Next month</a>", nm);
		}
	}
	coll_html_raw(h, "</p>");
	count_text(c, fft_total(k), n, sizeof n);
	pct_text(c, k[1] + k[2], fft_total(k), pos, sizeof pos);
	pct_text(c, k[4] + k[5], fft_total(k), neg, sizeof neg);
	coll_html_raw(h, "<div class=\"figures\">");
	coll_html_rawf(h, "<div class=\"figure\">Responses<span class=\"n\">%s</span></div>", n);
	coll_html_rawf(h, "<div class=\"figure\">Positive (Very good or Good)<span class=\"n\">%s</span>"
		       "<span class=\"hint\">target %.0f%%</span></div>", pos, COLL_WEB_TARGET_PCT);
	coll_html_rawf(h, "<div class=\"figure\">Negative (Poor or Very poor)<span class=\"n\">%s</span></div>",
		       neg);
	coll_html_raw(h, "</div>");
	answers_card(c, h, k, mname);
	rc = trend_card(c, h, code, from, &err);
	if (rc)
		goto fail;
	if (!loc) {
		rc = team_locations(c, &l, &err);
		if (rc)
			goto fail;
		coll_html_raw(h, "<div class=\"card\"><h2>Each location</h2>");
		rc = location_table(c, h, &l, from, to, &err);
		if (rc)
			goto fail;
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
	status = store_failed(c, h, &err);
out:
	free(l.v);
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

/* ---- Quality Board ------------------------------------------------------- */

static int board_one(const coll_web_ctx *c, coll_html *h, const coll_store_location *loc, int64_t from,
		     int64_t to, const char *period, fb_err *err)
{
	int64_t k[7], months[3][7];
	double pct[3];
	char labels[3][16], n[24], pos[40];
	const char *lp[3];
	coll_store_query q = {.location = loc->code, .from_ms = from, .to_ms = to};
	int rc = coll_store_fft_counts(c->st, &q, k, err);
	if (rc)
		return rc;
	rc = coll_store_fft_monthly(c->st, &q, months, 3, err);
	if (rc)
		return rc;
	count_text(c, fft_total(k), n, sizeof n);
	pct_text(c, k[1] + k[2], fft_total(k), pos, sizeof pos);
	coll_html_raw(h, "<section class=\"board\"><h2>");
	coll_html_text(h, loc->name);
	coll_html_raw(h, ": You said, we did</h2><p class=\"hint\">");
	coll_html_text(h, period);
	coll_html_raw(h, "</p><div class=\"figures\">");
	coll_html_rawf(h, "<div class=\"figure\">Responses<span class=\"n\">%s</span></div>", n);
	coll_html_rawf(h, "<div class=\"figure\">Positive (Very good or Good)<span class=\"n\">%s</span></div>",
		       pos);
	coll_html_raw(h, "</div><div class=\"card\"><table><thead><tr><th>Month</th><th class=\"num\">"
		      "Responses</th><th class=\"num\">% positive</th></tr></thead><tbody>");
	for (int i = 0; i < 3; i++) {
		char mn[32], mc[24], mp[40];
		int64_t m = coll_months_add(from, i);
		month_short(m, labels[i], sizeof labels[i]);
		lp[i] = labels[i];
		pct[i] = pct_value(c, months[i][1] + months[i][2], fft_total(months[i]));
		month_long(m, mn, sizeof mn);
		count_text(c, fft_total(months[i]), mc, sizeof mc);
		pct_text(c, months[i][1] + months[i][2], fft_total(months[i]), mp, sizeof mp);
		coll_html_rawf(h, "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>",
			       mn, mc, mp);
	}
	coll_html_raw(h, "</tbody></table>");
	coll_svg_trend(h, "% positive each month of the quarter", lp, pct, 3, COLL_WEB_TARGET_PCT);
	coll_html_raw(h, "</div><div class=\"card\"><h3>You said</h3>");
	comment_walk w = {.c = c, .h = h, .max = BOARD_COMMENTS, .hide_flagged = true};
	q.with_text_only = true;
	q.limit = BOARD_WALK_MAX;
	rc = coll_store_responses_each(c->st, &q, comment_out, &w, err);
	if (rc == WALK_STOP)
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
	const char *quarter = arg_of(c, "quarter");
	coll_store_location_list l = {0};
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
	month_long(from, first, sizeof first);
	month_long(coll_months_add(from, 2), last, sizeof last);
	snprintf(period, sizeof period, "%s to %s", first, last);
	snprintf(title, sizeof title, "Quality Board, %s (%s)", qn, period);
	rc = team_locations(c, &l, &err);
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
		coll_html_rawf(h, "<p><a href=\"/quality-board?quarter=%s\">Previous quarter</a>", pq);
		if (to <= c->req->now_ms)
			coll_html_rawf(h, " &middot; <a href=\"/quality-board?quarter=%s\">Next quarter</a>", nq);
		coll_html_rawf(h, " &middot; <a href=\"/export/quality-board.csv?quarter=%s\">Download as CSV</a></p>",
			       qn);
	}
	coll_html_raw(h, "</div>");
	if (l.n == 0)
		coll_html_raw(h, "<div class=\"card\"><p>Your team has no locations yet.</p></div>");
	for (size_t i = 0; i < l.n; i++) {
		rc = board_one(c, h, &l.v[i], from, to, period, &err);
		if (rc)
			goto fail;
	}
	coll_html_page_end(h);
	goto out;
fail:
	status = store_failed(c, h, &err);
out:
	free(l.v);
	return status;
}

/* ---- fleet ---------------------------------------------------------------- */

/* "5 minutes", "3 days": an age given in seconds (negative read as 0). */
static void age_text(int64_t s, char *out, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, size, "%lld seconds", (long long)s);
	else if (s < 2 * 3600)
		snprintf(out, size, "%lld minutes", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(out, size, "%lld hours", (long long)(s / 3600));
	else
		snprintf(out, size, "%lld days", (long long)(s / 86400));
}

typedef struct fleet_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int rows, silent;
	bool truncated;
} fleet_walk;

static int fleet_out(void *ctx, const coll_store_fleet_row *r)
{
	fleet_walk *w = ctx;
	coll_html *h = w->h;
	int64_t now = w->c->req->now_ms;
	char seen[64] = "never", ago[48], oldest[48];
	bool silent = !r->revoked && (r->last_seen_ms == 0 || now - r->last_seen_ms > COLL_WEB_SILENT_MS);
	if (w->rows >= COLL_WEB_FLEET_MAX) {
		w->truncated = true;
		return WALK_STOP;
	}
	w->rows++;
	if (silent)
		w->silent++;
	coll_html_raw(h, silent ? "<tr class=\"flag\"><td>" : "<tr><td>");
	if (r->revoked)
		coll_html_raw(h, "<span class=\"label\">Revoked</span>");
	else if (r->last_seen_ms == 0)
		coll_html_raw(h, "<span class=\"label bad\">Never heard from</span>");
	else if (silent)
		coll_html_raw(h, "<span class=\"label bad\">Silent over a day</span>");
	else
		coll_html_raw(h, "OK");
	coll_html_raw(h, "</td><td>");
	coll_html_text(h, r->device_id);
	coll_html_raw(h, "</td><td>");
	coll_html_text(h, r->location);
	coll_html_raw(h, "</td><td>");
	coll_html_text(h, r->version && r->version[0] ? r->version : "unknown");
	coll_html_raw(h, "</td><td>");
	if (r->last_seen_ms) {
		time_text(r->last_seen_ms, seen, sizeof seen);
		age_text((now - r->last_seen_ms) / 1000, ago, sizeof ago);
		coll_html_text(h, seen);
		coll_html_raw(h, "<br><span class=\"hint\">");
		coll_html_text(h, ago);
		coll_html_raw(h, " ago</span>");
	} else {
		coll_html_raw(h, "never");
	}
	age_text(r->oldest_unsent_age_s, oldest, sizeof oldest);
	coll_html_rawf(h, "</td><td class=\"num\">%lld</td><td>%s</td><td>",
		       (long long)r->queue_depth, r->queue_depth > 0 ? oldest : "nothing waiting");
	coll_html_text(h, r->last_error && r->last_error[0] ? r->last_error : "none");
	coll_html_raw(h, "</td></tr>");
	return 0;
}

typedef struct unknown_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int rows;
	bool truncated;
} unknown_walk;

static int unknown_out(void *ctx, const char *code, int64_t responses)
{
	unknown_walk *w = ctx;
	char n[24];
	if (w->rows >= COLL_WEB_UNKNOWN_MAX) {
		w->truncated = true;
		return WALK_STOP;
	}
	w->rows++;
	count_text(w->c, responses, n, sizeof n);
	coll_html_raw(w->h, "<tr><td>");
	coll_html_text(w->h, code);
	coll_html_rawf(w->h, "</td><td class=\"num\">%s</td></tr>", n);
	return 0;
}

/* Location codes responses came with that were never added: stored, but on
 * no team's pages until someone adds them. */
static int unknown_card(const coll_web_ctx *c, coll_html *h, fb_err *err)
{
	coll_html rows;
	coll_html_init(&rows, COLL_HTML_PAGE_MAX);
	unknown_walk w = {.c = c, .h = &rows};
	int rc = coll_store_unknown_locations_each(c->st, unknown_out, &w, err);
	if (rc == WALK_STOP)
		rc = 0;
	if (rc || w.rows == 0)
		goto out;
	coll_html_raw(h, "<div class=\"card\" id=\"unknown\"><h2>Responses from unknown locations</h2>"
		      "<p>Devices sent responses with these location codes, but no location has"
		      " them, so the responses are stored and shown on no results page. Responses from"
		      " unknown locations: add them with <code>feedback-collector location add CODE"
		      " &quot;Name&quot; --team TEAM</code> (or correct the location in the device's"
		      " config) and they appear on that team's pages.</p><table><thead><tr>"
		      "<th>Location code</th><th class=\"num\">Responses</th></tr></thead><tbody>");
	coll_html_raw(h, rows.buf ? rows.buf : "");
	coll_html_raw(h, "</tbody></table>");
	if (w.truncated)
		coll_html_rawf(h, "<p class=\"hint\">Only the first %d codes are shown.</p>", COLL_WEB_UNKNOWN_MAX);
	coll_html_raw(h, "</div>");
	if (coll_html_failed(&rows))
		h->failed = true;
out:
	coll_html_free(&rows);
	return rc;
}

int coll_page_fleet(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int status = 200;
	coll_html rows;
	const char *fleet = c->cfg->fleet_team;
	bool everything = fleet[0] && strcmp(c->user.team, fleet) == 0;
	bool show_unknown = everything || !fleet[0];
	coll_html_init(&rows, COLL_HTML_PAGE_MAX);
	fleet_walk w = {.c = c, .h = &rows};
	int rc = coll_store_fleet_each(c->st, everything ? NULL : c->user.team, fleet_out, &w, &err);
	if (rc == WALK_STOP)
		rc = 0;
	if (rc) {
		status = store_failed(c, h, &err);
		goto out;
	}
	coll_html_page_begin(h, "Devices", &c->user);
	coll_html_raw(h, everything ? "<h1>Devices in every location</h1>" :
		      "<h1>Devices in your team's locations</h1>");
	if (w.silent)
		coll_html_rawf(h, "<div class=\"error\" role=\"status\"><p><strong>%d device%s silent for"
			       " more than a day.</strong> Check the tablet is switched on and on the"
			       " Wi-Fi; its staff screen shows what it last tried.</p></div>",
			       w.silent, w.silent == 1 ? " has been" : "s have been");
	if (w.rows == 0) {
		coll_html_raw(h, everything ? "<div class=\"card\"><p>No devices are enrolled yet.</p></div>" :
			      "<div class=\"card\"><p>No devices are enrolled in your team's locations.</p></div>");
	} else {
		coll_html_raw(h, "<table><thead><tr><th>Status</th><th>Device</th><th>Location</th><th>Version</th>"
			      "<th>Last seen</th><th class=\"num\">Waiting to send</th><th>Oldest unsent</th>"
			      "<th>Last error</th></tr></thead><tbody>");
		coll_html_raw(h, rows.buf);
		coll_html_raw(h, "</tbody></table>");
	}
	if (w.truncated)
		coll_html_rawf(h, "<p class=\"hint\">Only the first %d devices are shown.</p>", COLL_WEB_FLEET_MAX);
	if (coll_html_failed(&rows))
		h->failed = true;
	if (show_unknown) {
		rc = unknown_card(c, h, &err);
		if (rc) {
			status = store_failed(c, h, &err);
			goto out;
		}
	}
	coll_html_page_end(h);
out:
	coll_html_free(&rows);
	return status;
}
