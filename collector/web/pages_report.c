/* pages_report.c: the six-monthly Trust report for the Quality and Safety
 * Steering Group (GET /report?half=2026-27-H2), for the patient experience
 * and admin roles: every team's "You said, we did" actions done in the
 * half-year, % positive per team against its target, compliments this year
 * against last, responses by mode and by language, and a plain line that
 * volunteer sign-ups are not collected yet. A half is two Quality Board
 * quarters of the NHS financial year (months.h).
 *
 * Suppression: every figure goes through coll_suppress (suppress.h), never a
 * rule of this file's own.
 *  - A team's half-year figures are its own coll_results over the six months
 *    (months and span suppressed together, as a quarter is). Its total is
 *    also hidden when one of its months' totals is hidden on its pages, so
 *    the half minus the months shown gives nothing away.
 *  - The teams then make one table (rows = teams, the Trust's sums as its
 *    team row) so a hidden team cannot be worked out from "All teams".
 *  - Responses by mode and by language add up to the same Trust total: they
 *    are suppressed with it shown, and all hidden when it is hidden there.
 *  - Compliments per team make their own table, with their Trust row.
 * Hiding more after a suppression never exposes anything, so a figure shown
 * here is shown only when every table it is in shows it. */
#include "pages_shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../export.h"
#include "../months.h"
#include "signup.h"

#define REPORT_TEAMS_MAX COLL_SUP_ROWS_MAX
#define REPORT_KEYS_MAX 64          /* modes or languages listed */
#define REPORT_KEY_TEXT 32

typedef struct report_team {
	char code[COLL_STORE_ID_MAX];
	char name[COLL_STORE_NAME_MAX];
	int target;
	int actions_done;
	bool total_hidden_own;      /* hidden on the team's own pages (the half or a month) */
	bool share_hidden_own;
} report_team;

typedef struct report {
	const coll_web_ctx *c;
	int64_t from, to;           /* the half */
	report_team *teams;
	size_t n_teams;
	coll_sup_table trust;       /* rows = teams (their half's six answers) */
	coll_sup_table compl_now, compl_before;   /* rows = teams, count[0] */
	int64_t compl_to, compl_before_to;        /* the half so far, and a year before */
	coll_html done;             /* the actions done, per team */
	int teams_with_done;
	bool truncated;             /* more teams than REPORT_TEAMS_MAX */
	char hid[COLL_MONTHS_FYQ_ID], hlabel[COLL_MONTHS_FYQ_ID];
	char now_label[96], before_label[96];   /* the compliments' two periods */
} report;

static int team_add(void *ctx, const coll_store_team *t)
{
	report *r = ctx;
	if (t->locations == 0)
		return 0;                 /* a team of users only has no results */
	if (r->n_teams >= REPORT_TEAMS_MAX) {
		r->truncated = true;      /* said on the page */
		return 0;
	}
	report_team *rt = &r->teams[r->n_teams++];
	memset(rt, 0, sizeof *rt);
	snprintf(rt->code, sizeof rt->code, "%s", t->code);
	snprintf(rt->name, sizeof rt->name, "%s",
		 t->name[0] ? t->name : coll_config_team_name(r->c->cfg, t->code));
	rt->target = coll_config_team_target(r->c->cfg, t->code);
	return 0;
}

static void table_rows(coll_sup_table *t, size_t n)
{
	memset(t, 0, sizeof *t);
	t->rows = calloc(n ? n : 1, sizeof *t->rows);
	t->n_rows = t->rows ? n : 0;
	t->team_shown = true;
}

static void tables_free(report *r)
{
	free(r->trust.rows);
	free(r->compl_now.rows);
	free(r->compl_before.rows);
	free(r->teams);
	coll_html_free(&r->done);
}

/* The team's own half-year (as its pages suppress it) into the Trust table's
 * row i. */
static int team_figures(report *r, size_t i, fb_err *err)
{
	report_team *rt = &r->teams[i];
	coll_results res;
	int rc = coll_results_load(r->c->st, r->c->cfg, rt->code, r->from, 6, true, &res, err);
	if (rc == 0) {
		const coll_sup_row *half = coll_results_team(&res, -1);
		coll_sup_row *row = &r->trust.rows[i];
		for (int a = 0; a < COLL_SUP_ANSWERS; a++)
			row->count[a] = half->count[a];
		rt->total_hidden_own = half->total_hidden;
		for (int m = 0; m < res.n_months; m++)
			if (coll_results_team(&res, m)->total_hidden)
				rt->total_hidden_own = true;
		rt->share_hidden_own = half->positive_hidden;
		row->hide_total = rt->total_hidden_own;
	}
	coll_results_free(&res);
	return rc;
}

/* Compliments: Very good or Good with a comment, as each team's page counts
 * them, in [from, to). */
static int compliments(const coll_web_ctx *c, const char *team, int64_t from, int64_t to,
		       int64_t *n, fb_err *err)
{
	int64_t k[7];
	coll_store_query q = {.team = team, .from_ms = from, .to_ms = to, .with_text_only = true};
	int rc = coll_store_fft_counts(c->st, &q, k, err);
	*n = rc ? 0 : k[1] + k[2];
	return rc;
}

static int report_load(report *r, fb_err *err)
{
	r->teams = calloc(REPORT_TEAMS_MAX, sizeof *r->teams);
	if (!r->teams)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory making the Trust report");
	int rc = coll_store_teams_each(r->c->st, team_add, r, err);
	if (rc)
		return rc;
	table_rows(&r->trust, r->n_teams);
	table_rows(&r->compl_now, r->n_teams);
	table_rows(&r->compl_before, r->n_teams);
	if (!r->trust.rows || !r->compl_now.rows || !r->compl_before.rows)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory making the Trust report");
	for (size_t i = 0; i < r->n_teams; i++) {
		rc = team_figures(r, i, err);
		if (rc == 0)
			rc = compliments(r->c, r->teams[i].code, r->from, r->compl_to,
					 &r->compl_now.rows[i].count[0], err);
		if (rc == 0)
			rc = compliments(r->c, r->teams[i].code, coll_months_add(r->from, -12),
					 r->compl_before_to, &r->compl_before.rows[i].count[0], err);
		if (rc)
			return rc;
	}
	int th = r->c->cfg->suppress_below;
	coll_suppress(&r->trust, th);          /* fails closed: all hidden */
	coll_suppress(&r->compl_now, th);
	coll_suppress(&r->compl_before, th);
	return 0;
}

/* ---- parts of the page ------------------------------------------------------ */

static void count_text(const coll_sup_row *row, bool hidden, char *out, size_t size)
{
	if (hidden || row->total_hidden)
		snprintf(out, size, "*");
	else
		snprintf(out, size, "%lld", (long long)row->total);
}

static void count_cell(coll_page_table *t, const coll_sup_row *row, bool hidden)
{
	char n[24];
	count_text(row, hidden, n, sizeof n);
	coll_page_cell(t, n);
}

/* A team's (or the Trust's) % positive as shown: hidden when any table
 * hides it. */
static void share_cell(const report *r, coll_page_table *t, const coll_sup_row *row, bool hide_more,
		       int target)
{
	coll_sup_row shown = *row;
	coll_results th = {.threshold = r->c->cfg->suppress_below};
	if (hide_more)
		shown.positive_hidden = shown.total_hidden = true;
	coll_page_cell_begin(t);
	coll_page_share_cell(t->h, &th, &shown, true);
	coll_page_target_mark(t->h, coll_results_share(&shown, true), target);
	coll_page_cell_end(t);
}

static void section_positive(const report *r, coll_html *h)
{
	static const char *const heads[] = {"Team", "Responses", "% positive", "Target",
					    "Actions done"};
	coll_page_table t;
	char target[16], done[16];
	int all_done = 0;
	coll_html_raw(h, "<section class=\"fb-report-part\"><h2 id=\"positive\">% positive per team</h2>"
		      "<p>Positive means Very good or Good, out of every response that chose one of"
		      " the six answers, from the first to the last day of the half-year. The target"
		      " is the team's own, as on its Quality Board.</p>");
	coll_page_table_begin(&t, h, NULL, heads, 5, 2u | 8u | 16u,
			      true);
	for (size_t i = 0; i < r->n_teams; i++) {
		const report_team *rt = &r->teams[i];
		const coll_sup_row *row = &r->trust.rows[i];
		coll_page_row_begin(&t);
		coll_page_cell(&t, rt->name);
		count_cell(&t, row, rt->total_hidden_own);
		share_cell(r, &t, row, rt->total_hidden_own || rt->share_hidden_own, rt->target);
		snprintf(target, sizeof target, "%d%%", rt->target);
		coll_page_cell(&t, target);
		snprintf(done, sizeof done, "%d", rt->actions_done);
		coll_page_cell(&t, done);
		coll_page_row_end(&t);
		all_done += rt->actions_done;
	}
	coll_page_row_begin(&t);
	coll_page_cell_begin(&t);
	coll_html_raw(h, "<strong>All teams</strong>");
	coll_page_cell_end(&t);
	count_cell(&t, &r->trust.team, false);
	share_cell(r, &t, &r->trust.team, false, r->c->cfg->target_pct);
	snprintf(target, sizeof target, "%d%%", r->c->cfg->target_pct);
	coll_page_cell(&t, target);
	snprintf(done, sizeof done, "%d", all_done);
	coll_page_cell(&t, done);
	coll_page_row_end(&t);
	coll_page_table_end(&t);
	if (r->n_teams == 0)
		coll_html_raw(h, "<p>No team has a location yet.</p>");
	if (r->truncated)
		coll_html_printf(h, "<p><strong>Only the first %d teams (by code) are in this report."
				 " Ask the collector's administrator to retire teams no longer in use.</strong></p>",
				 REPORT_TEAMS_MAX);
	coll_html_raw(h, "</section>");
}

typedef struct done_walk {
	coll_html *h;
	const char *team_name;
	int n;
} done_walk;

static int done_row(void *ctx, const coll_store_action *a)
{
	done_walk *w = ctx;
	char when[32];
	if (a->state != COLL_ACTION_DONE)
		return 0;
	if (w->n++ == 0) {
		coll_html_raw(w->h, "<h3 class=\"nhsuk-heading-s nhsuk-u-margin-bottom-2\">");
		coll_html_text(w->h, w->team_name);
		coll_html_raw(w->h, "</h3><ul class=\"nhsuk-list fb-report-wedid\">");
	}
	struct tm tm;
	coll_months_local(a->state_ms, &tm);
	if (strftime(when, sizeof when, "%-d %B %Y", &tm) == 0)
		when[0] = '\0';
	coll_html_printf(w->h, "<li><p class=\"nhsuk-u-margin-bottom-1\"><strong>You said:</strong> %s</p>"
			 "<p class=\"nhsuk-u-margin-bottom-1\"><strong>We did:</strong> %s</p>"
			 "<p class=\"fb-why-inline\">Done on %s</p></li>", a->you_said, a->we_will, when);
	return 0;
}

/* Each team's actions done in the half into r->done, counted per team. */
static int actions_load(report *r, fb_err *err)
{
	for (size_t i = 0; i < r->n_teams; i++) {
		done_walk w = {.h = &r->done, .team_name = r->teams[i].name};
		int rc = coll_store_actions_each(r->c->st, r->teams[i].code, NULL, r->from, r->to,
						 done_row, &w, err);
		if (rc)
			return rc;
		if (w.n > 0) {
			coll_html_raw(&r->done, "</ul>");
			r->teams_with_done++;
		}
		r->teams[i].actions_done = w.n;
	}
	return 0;
}

static void section_actions(const report *r, coll_html *h)
{
	coll_html_raw(h, "<section class=\"fb-report-part\"><h2 id=\"actions\">You said, we did:"
		      " actions done</h2><p>Every action a team marked done in the half-year, with"
		      " the date it was marked done. Teams add and move their actions on their"
		      " Actions page.</p>");
	if (r->teams_with_done == 0)
		coll_html_raw(h, "<p>No team marked an action done in this half-year.</p>");
	coll_html_add_html(h, &r->done);
	coll_html_raw(h, "</section>");
}

/* Volunteer sign-ups given in the half so far and in the same months a year
 * before, as counts shown ('*' below the threshold). A sign-up keeps only
 * its date: each period's ends are local midnights, so the date 12 hours on
 * is the local day they start. */
static int signups_load(const report *r, char now[32], char before[32], fb_err *err)
{
	char a[FB_SIGNUP_DATE_LEN], b[FB_SIGNUP_DATE_LEN];
	int64_t n = 0;
	const int64_t half_day = 12LL * 3600 * 1000;
	fb_signup_date(r->from + half_day, a);
	fb_signup_date(r->compl_to + half_day, b);
	int rc = coll_store_signups_count(r->c->st, a, b, &n, err);
	if (rc)
		return rc;
	coll_page_count_text(r->c, n, now, 32);
	fb_signup_date(coll_months_add(r->from, -12) + half_day, a);
	fb_signup_date(r->compl_before_to + half_day, b);
	rc = coll_store_signups_count(r->c->st, a, b, &n, err);
	if (rc == 0)
		coll_page_count_text(r->c, n, before, 32);
	return rc;
}

static void section_compliments(const report *r, coll_html *h, const char *now_label,
				const char *before_label)
{
	const char *heads[] = {"Team", now_label, before_label};
	coll_page_table t;
	coll_html_raw(h, "<section class=\"fb-report-part\"><h2 id=\"compliments\">Compliments</h2>"
		      "<p>A compliment is a response rated Very good or Good that also left a comment"
		      " in its own words, the same count as the Compliments card on each team's page."
		      " This half-year is set beside the same six months a year before.</p>");
	coll_page_table_begin(&t, h, NULL, heads, 3, 2u | 4u, true);
	for (size_t i = 0; i <= r->n_teams; i++) {
		bool all = i == r->n_teams;
		coll_page_row_begin(&t);
		if (all) {
			coll_page_cell_begin(&t);
			coll_html_raw(h, "<strong>All teams</strong>");
			coll_page_cell_end(&t);
		} else {
			coll_page_cell(&t, r->teams[i].name);
		}
		count_cell(&t, all ? &r->compl_now.team : &r->compl_now.rows[i], false);
		count_cell(&t, all ? &r->compl_before.team : &r->compl_before.rows[i], false);
		coll_page_row_end(&t);
	}
	coll_page_table_end(&t);
	coll_html_raw(h, "</section>");
}

/* ---- responses by mode and by language ---------------------------------------- */

typedef struct by_walk {
	char keys[REPORT_KEYS_MAX][REPORT_KEY_TEXT];
	coll_sup_row rows[REPORT_KEYS_MAX];
	size_t n;
	bool truncated;
} by_walk;

static int by_add(void *ctx, const char *key, int fft, int64_t n)
{
	by_walk *w = ctx;
	if (fft < 1 || fft > 6)
		return 0;                  /* not answered: in no page's totals */
	if (w->n == 0 || strcmp(w->keys[w->n - 1], key) != 0) {
		if (w->n == REPORT_KEYS_MAX) {
			w->truncated = true;
			return 0;
		}
		snprintf(w->keys[w->n], REPORT_KEY_TEXT, "%s", key);
		memset(&w->rows[w->n], 0, sizeof w->rows[w->n]);
		w->n++;
	}
	w->rows[w->n - 1].count[fft - 1] += n;
	return 0;
}

static const char *mode_label(const char *key)
{
	if (strcmp(key, "kiosk") == 0)
		return "Kiosk (the person answered on their own)";
	if (strcmp(key, "assisted") == 0)
		return "Assisted (a member of staff or a volunteer helped)";
	return key;
}

static const char *language_label(const char *key)
{
	static const struct { const char *tag, *name; } names[] = {
		{"en", "English"}, {"cy", "Welsh"}, {"pl", "Polish"}, {"ur", "Urdu"},
		{"ar", "Arabic"}, {"bn", "Bengali"}, {"pa", "Punjabi"}, {"gu", "Gujarati"},
		{"ro", "Romanian"}, {"pt", "Portuguese"}, {"es", "Spanish"},
		{"und", "Not known (the response was erased)"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(key, names[i].tag) == 0)
			return names[i].name;
	return NULL;
}

/* One breakdown of the Trust's responses into *out (free it), suppressed
 * with the Trust total as the trust table shows it: *all_hidden when it is
 * hidden there, or the breakdown would not add up to it (fail closed). */
static int by_load(const report *r, coll_store_by by, by_walk **out, bool *all_hidden, fb_err *err)
{
	by_walk *w = calloc(1, sizeof *w);
	coll_sup_table t = {0};
	*out = w;
	*all_hidden = true;
	if (!w)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory making the Trust report");
	int rc = coll_store_fft_by(r->c->st, by, coll_months_of(r->from), coll_months_of(r->to), by_add,
				   w, err);
	if (rc)
		return rc;
	t.rows = w->rows;
	t.n_rows = w->n;
	t.team_shown = true;
	*all_hidden = coll_suppress(&t, r->c->cfg->suppress_below) != 0 || w->truncated ||
		      r->trust.team.total_hidden || t.team.total != r->trust.team.total ||
		      t.team.total_hidden;
	return 0;
}

static void by_label(coll_store_by by, const char *key, char *out, size_t size)
{
	const char *name = by == COLL_STORE_BY_LANGUAGE ? language_label(key) : mode_label(key);
	if (by == COLL_STORE_BY_LANGUAGE && name)
		snprintf(out, size, "%s (%s)", name, key);
	else
		snprintf(out, size, "%s", name ? name : key);
}

static int section_by(const report *r, coll_html *h, coll_store_by by, fb_err *err)
{
	static const char *const mode_heads[] = {"Mode", "Responses"};
	static const char *const lang_heads[] = {"Language", "Responses"};
	by_walk *w = NULL;
	coll_page_table pt;
	bool lang = by == COLL_STORE_BY_LANGUAGE, all_hidden;
	int rc = by_load(r, by, &w, &all_hidden, err);
	if (rc)
		goto out;
	if (lang)
		coll_html_raw(h, "<section class=\"fb-report-part\"><h2 id=\"languages\">Responses by"
			      " language</h2><p>The language the person chose on the kiosk.</p>");
	else
		coll_html_raw(h, "<section class=\"fb-report-part\"><h2 id=\"modes\">Responses by"
			      " mode</h2><p>How the response was given: on the kiosk by the person"
			      " themselves, or assisted (a member of staff or a volunteer helped,"
			      " from the kiosk's staff screen).</p>");
	if (all_hidden && w->n > 0)
		coll_html_raw(h, "<p class=\"fb-why-inline\">Hidden, because the Trust's total is"
			      " hidden above: these would add up to it.</p>");
	coll_page_table_begin(&pt, h, NULL, lang ? lang_heads : mode_heads, 2, 2u, false);
	for (size_t i = 0; i < w->n; i++) {
		char label[REPORT_KEY_TEXT + 160];
		by_label(by, w->keys[i], label, sizeof label);
		coll_page_row_begin(&pt);
		coll_page_cell(&pt, label);
		count_cell(&pt, &w->rows[i], all_hidden);
		coll_page_row_end(&pt);
	}
	coll_page_row_begin(&pt);
	coll_page_cell_begin(&pt);
	coll_html_raw(h, "<strong>All responses</strong>");
	coll_page_cell_end(&pt);
	count_cell(&pt, &r->trust.team, false);
	coll_page_row_end(&pt);
	coll_page_table_end(&pt);
	coll_html_raw(h, "</section>");
out:
	free(w);
	return rc;
}

/* The same local date and time a year before ms (as the team page's
 * compliments card compares). */
static int64_t year_earlier(int64_t ms)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	tm.tm_year--;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000 + ms % 1000;
}

/* ---- the page ------------------------------------------------------------------- */

static void half_pagination(coll_html *h, int64_t from, int64_t to, int64_t now_ms)
{
	char pid[COLL_MONTHS_FYQ_ID], nid[COLL_MONTHS_FYQ_ID], pl[COLL_MONTHS_FYQ_ID],
	     nl[COLL_MONTHS_FYQ_ID], ph[64], nh[64];
	coll_months_fyh_id(coll_months_add(from, -6), pid);
	coll_months_fyh_label(coll_months_add(from, -6), pl);
	coll_months_fyh_id(to, nid);
	coll_months_fyh_label(to, nl);
	snprintf(ph, sizeof ph, "/report?half=%s", pid);
	snprintf(nh, sizeof nh, "/report?half=%s", nid);
	coll_page_pagination(h, ph, pl, to <= now_ms ? nh : NULL, nl);
}

/* Who may, which half and its labels: 200, else the status of the page in h. */
static int report_prepare(const coll_web_ctx *c, coll_html *h, report *r)
{
	fb_err err;
	char upto[32];
	const char *half = coll_page_arg(c, "half");
	if (!coll_page_has_role(c, COLL_ROLE_ADMIN)) {
		int status = coll_page_require_role(c, h, COLL_ROLE_PATIENT_EXPERIENCE);
		if (status)
			return status;
	}
	if (half && half[0]) {
		if (coll_months_fyh_range(half, &r->from, &r->to, &err))
			return coll_page_message(h, &c->user, 400, "Half-year not understood", err.msg);
	} else {
		coll_months_fyh_id(c->req->now_ms, r->hid);
		coll_months_fyh_range(r->hid, &r->from, &r->to, &err);
	}
	coll_months_fyh_id(r->from, r->hid);
	coll_months_fyh_label(r->from, r->hlabel);
	/* a half still under way is set beside the same days a year before */
	r->compl_to = r->to <= c->req->now_ms ? r->to : c->req->now_ms + 1;
	r->compl_before_to = r->to <= c->req->now_ms ? coll_months_add(r->to, -12) :
			     year_earlier(c->req->now_ms) + 1;
	coll_months_fyh_label(r->from, r->now_label);
	coll_months_fyh_label(coll_months_add(r->from, -12), r->before_label);
	upto[0] = '\0';
	if (r->to > c->req->now_ms) {
		struct tm tm;
		coll_months_local(c->req->now_ms, &tm);
		if (strftime(upto, sizeof upto, " to %-d %B", &tm) == 0)
			upto[0] = '\0';
		size_t n = strlen(r->now_label);
		snprintf(r->now_label + n, sizeof r->now_label - n, "%s", upto);
		n = strlen(r->before_label);
		snprintf(r->before_label + n, sizeof r->before_label - n, "%s", upto);
	}
	return 200;
}

int coll_page_report(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	char title[96], first[32], last[32], now_label[96], before_label[96];
	report r = {.c = c};
	coll_html_init(&r.done, 0);
	int status = report_prepare(c, h, &r), rc;
	if (status != 200)
		goto out;
	snprintf(now_label, sizeof now_label, "%s", r.now_label);
	snprintf(before_label, sizeof before_label, "%s", r.before_label);
	coll_page_month_long(r.from, first, sizeof first);
	coll_page_month_long(coll_months_add(r.to, -1), last, sizeof last);
	snprintf(title, sizeof title, "Trust report, %s", r.hlabel);
	rc = report_load(&r, &err);
	if (rc == 0)
		rc = actions_load(&r, &err);
	if (rc)
		goto fail;
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<div class=\"fb-report\"><h1 class=\"nhsuk-u-margin-bottom-2\">");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1><p class=\"nhsuk-caption-l\">");
	coll_html_printf(h, "%s to %s%s &middot; for the Quality and Safety Steering Group", first, last,
			 r.to > c->req->now_ms ? " (under way: figures so far)" : "");
	coll_html_raw(h, "</p><div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
		      "Information: </span><p>Counts from 1 to ");
	coll_html_printf(h, "%d are shown as * and their %% positive as &ndash;, as on every results"
			 " page, and a few more are hidden so that a small number cannot be worked"
			 " out from the others. Print this page from your browser: each part starts"
			 " on the sheet where it fits, without the menus.</p></div>",
			 c->cfg->suppress_below - 1);
	half_pagination(h, r.from, r.to, c->req->now_ms);
	coll_html_printf(h, "<p class=\"fb-noprint\"><a href=\"/report.csv?half=%s\">Download %s"
			 " as CSV</a> (the same tables, the same hidden figures)</p>", r.hid, r.hlabel);
	section_positive(&r, h);
	section_actions(&r, h);
	{
		char a[128], b[128];
		snprintf(a, sizeof a, "%s (this year)", now_label);
		snprintf(b, sizeof b, "%s (a year before)", before_label);
		section_compliments(&r, h, a, b);
	}
	rc = section_by(&r, h, COLL_STORE_BY_MODE, &err);
	if (rc == 0)
		rc = section_by(&r, h, COLL_STORE_BY_LANGUAGE, &err);
	if (rc)
		goto fail;
	char vol_now[32], vol_before[32];
	rc = signups_load(&r, vol_now, vol_before, &err);
	if (rc)
		goto fail;
	coll_html_raw(h, "<section class=\"fb-report-part\"><h2 id=\"volunteers\">Volunteer sign-ups"
		      "</h2><p>People who offered on a kiosk to volunteer or to work with a team as"
		      " an Expert by Experience partner, set beside the same months a year before."
		      " Sign-ups are kept apart from the feedback, by the day they were given.</p>");
	{
		const char *heads[] = {"Sign-ups", now_label, before_label};
		coll_page_table t;
		coll_page_table_begin(&t, h, NULL, heads, 3, 2u | 4u, false);
		coll_page_row_begin(&t);
		coll_page_cell(&t, "Every location");
		coll_page_cell(&t, vol_now);
		coll_page_cell(&t, vol_before);
		coll_page_row_end(&t);
		coll_page_table_end(&t);
	}
	coll_html_raw(h, "</section></div>");
	coll_html_page_end(h);
	goto out;
fail:
	status = coll_page_store_failed(c, h, &err);
out:
	tables_free(&r);
	return status;
}

/* ---- the CSV of the same tables ------------------------------------------------- */

static void csv_row(FILE *f, const char *part, const char *team, const char *what, const char *value,
		    const char *date)
{
	coll_export_cell(f, part, false);
	coll_export_cell(f, team, false);
	coll_export_cell(f, what, false);
	coll_export_cell(f, value, false);
	coll_export_cell(f, date, true);
}

typedef struct csv_done {
	FILE *f;
	const char *team;
	int64_t *rows;
} csv_done;

static int csv_action(void *ctx, const coll_store_action *a)
{
	csv_done *w = ctx;
	char day[16];
	if (a->state != COLL_ACTION_DONE)
		return 0;
	struct tm tm;
	coll_months_local(a->state_ms, &tm);
	if (strftime(day, sizeof day, "%Y-%m-%d", &tm) == 0)
		day[0] = '\0';
	csv_row(w->f, "You said, we did", w->team, a->you_said, a->we_will, day);
	(*w->rows)++;
	return 0;
}

static void csv_share(const report *r, const coll_sup_row *row, bool hide_more, char *out, size_t size)
{
	coll_sup_row shown = *row;
	coll_results th = {.threshold = r->c->cfg->suppress_below};
	if (hide_more)
		shown.positive_hidden = shown.total_hidden = true;
	coll_results_share_text(&th, &shown, true, out, size, NULL);
}

int coll_page_report_csv(const coll_web_ctx *c, coll_html *h, FILE *out, char half_id[16],
			 int64_t *rows)
{
	fb_err err;
	report r = {.c = c};
	char n[32], v[32], t[16];
	by_walk *w = NULL;
	coll_html_init(&r.done, 0);
	*rows = 0;
	half_id[0] = '\0';
	int status = report_prepare(c, h, &r), rc;
	if (status != 200)
		goto out;
	snprintf(half_id, 16, "%s", r.hid);
	rc = report_load(&r, &err);
	if (rc)
		goto fail;
	fputs("\xEF\xBB\xBF", out);   /* as the other exports: Excel then reads UTF-8 */
	csv_row(out, "Part", "Team", "Figure", "Value", "Date");
	for (size_t i = 0; i <= r.n_teams; i++) {
		bool all = i == r.n_teams;
		const report_team *rt = all ? NULL : &r.teams[i];
		const coll_sup_row *row = all ? &r.trust.team : &r.trust.rows[i];
		const char *name = all ? "All teams" : rt->name;
		count_text(row, !all && rt->total_hidden_own, n, sizeof n);
		csv_share(&r, row, !all && (rt->total_hidden_own || rt->share_hidden_own), v, sizeof v);
		snprintf(t, sizeof t, "%d%%", all ? c->cfg->target_pct : rt->target);
		csv_row(out, "% positive", name, "Responses", n, r.hid);
		csv_row(out, "% positive", name, "% positive", v, r.hid);
		csv_row(out, "% positive", name, "Target", t, r.hid);
		*rows += 3;
	}
	for (size_t i = 0; i < r.n_teams; i++) {
		csv_done d = {out, r.teams[i].name, rows};
		rc = coll_store_actions_each(c->st, r.teams[i].code, NULL, r.from, r.to, csv_action, &d, &err);
		if (rc)
			goto fail;
	}
	for (size_t i = 0; i <= r.n_teams; i++) {
		bool all = i == r.n_teams;
		const char *name = all ? "All teams" : r.teams[i].name;
		count_text(all ? &r.compl_now.team : &r.compl_now.rows[i], false, n, sizeof n);
		count_text(all ? &r.compl_before.team : &r.compl_before.rows[i], false, v, sizeof v);
		csv_row(out, "Compliments", name, r.now_label, n, r.hid);
		csv_row(out, "Compliments", name, r.before_label, v, r.hid);
		*rows += 2;
	}
	for (int b = 0; b < 2; b++) {
		coll_store_by by = b ? COLL_STORE_BY_LANGUAGE : COLL_STORE_BY_MODE;
		bool all_hidden;
		rc = by_load(&r, by, &w, &all_hidden, &err);
		if (rc)
			goto fail;
		for (size_t i = 0; i < w->n; i++) {
			char label[REPORT_KEY_TEXT + 160];
			by_label(by, w->keys[i], label, sizeof label);
			count_text(&w->rows[i], all_hidden, n, sizeof n);
			csv_row(out, b ? "Responses by language" : "Responses by mode", "", label, n, r.hid);
			(*rows)++;
		}
		free(w);
		w = NULL;
	}
	rc = signups_load(&r, n, v, &err);
	if (rc)
		goto fail;
	csv_row(out, "Volunteer sign-ups", "All teams", r.now_label, n, r.hid);
	csv_row(out, "Volunteer sign-ups", "All teams", r.before_label, v, r.hid);
	*rows += 2;
	goto out;
fail:
	status = coll_page_store_failed(c, h, &err);
out:
	free(w);
	tables_free(&r);
	return status;
}
