/* test_collector_report: the six-monthly Trust report as the patient
 * experience lead reads it, through coll_web_handle on a temporary SQLite
 * store seeded across two half-years: each team's actions done in the half
 * (and only those), % positive against the team's own target with the count
 * behind it, compliments against the same half a year before, responses by
 * mode and by language, the plain line about volunteer sign-ups; a team of 3
 * responses shows no % and cannot be worked out from "All teams"; the page
 * is refused (403) to the results, estates and safeguarding roles and is in
 * the menu only for those who may open it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC: H2 2026/27 under way */
#define JUNE_2026 1781092800000LL      /* 2026-06-10 12:00 UTC: H1 2026/27 */
#define JUNE_2025 1749556800000LL      /* 2025-06-10 12:00 UTC: H1 2025/26 */
#define NOV_2026 1793613600000LL       /* 2026-11-02 10:00 UTC: H2 2026/27 */
#define HOUR (3600LL * 1000)

#include "collector_web_fixture.h"

/* n responses at location, rated fft, in mode and language, at `at`; with a
 * "what was good" comment when text is set. */
static void seed(fx *f, const char *location, int fft, int n, const char *mode, const char *lang,
		 const char *text, int64_t at)
{
	for (int i = 0; i < n; i++) {
		char json[256];
		coll_store_response r = fx_response(f, location, fft, at + i * 1000);
		r.mode = mode;
		r.language = lang;
		if (text) {
			snprintf(json, sizeof json, "{\"what_was_good\": \"%s\"}", text);
			r.free_text_json = json;
		}
		fx_store(f, &r);
	}
}

/* An action of team, done at done_ms (0: left planned). */
static void action(fx *f, const char *team, const char *you_said, const char *we_did, int64_t done_ms)
{
	coll_store_action a = {0};
	int64_t id;
	fb_err err;
	snprintf(a.team, sizeof a.team, "%s", team);
	snprintf(a.you_said, sizeof a.you_said, "%s", you_said);
	snprintf(a.we_will, sizeof a.we_will, "%s", we_did);
	snprintf(a.owner, sizeof a.owner, "Ward manager");
	int64_t made = done_ms ? done_ms - 20 * 24 * HOUR : JUNE_2026;
	assert_int_equal(coll_store_action_add(f->st, &a, "wendy", NULL, 0, made, &id, &err), 0);
	assert_int_equal(coll_store_action_set_state(f->st, id, COLL_ACTION_PLANNED, NULL, "wendy",
						     made + HOUR, &err), 0);
	if (done_ms)
		assert_int_equal(coll_store_action_set_state(f->st, id, COLL_ACTION_DONE, NULL, "wendy",
							     done_ms, &err), 0);
}

/* Willow (Willow Ward, Ash Ward; its own 90% target), Elm (Elm Ward) and Oak
 * (Oak Ward), seeded in June 2025, June 2026 and November 2026; the lead
 * pat (patient experience) and people of every other role. */
static int setup(void **state)
{
	fx *f = fx_open("report", NOW);
	fb_err err;
	if (fx_use_trust_zone())
		return 1;
	f->addr = MANAGER_PC;
	fx_add_wards(f);
	assert_int_equal(coll_store_location_add(f->st, "WARD4", "Elm Ward", "elm", &err), 0);
	snprintf(f->cfg.teams[0].code, sizeof f->cfg.teams[0].code, "willow");
	snprintf(f->cfg.teams[0].name, sizeof f->cfg.teams[0].name, "Willow Team");
	f->cfg.teams[0].target_pct = 90;
	f->cfg.n_teams = 1;
	/* H1 2026/27: Willow 10 Very good (6 with a comment) on the kiosk in
	 * English, 5 Poor assisted in Polish: 15, 67%; Elm 7 Very good; Oak 3. */
	seed(f, "WARD1", 1, 6, "kiosk", "en", "Kind staff", JUNE_2026);
	seed(f, "WARD1", 1, 4, "kiosk", "en", NULL, JUNE_2026);
	seed(f, "WARD1", 4, 5, "assisted", "pl", NULL, JUNE_2026);
	seed(f, "WARD4", 1, 7, "kiosk", "en", NULL, JUNE_2026);
	seed(f, "WARD2", 1, 3, "kiosk", "cy", NULL, JUNE_2026);
	/* a year before: Willow's 2 compliments */
	seed(f, "WARD1", 2, 2, "kiosk", "en", "Lovely garden", JUNE_2025);
	/* H2 2026/27 so far: Willow 12 Good with a comment */
	seed(f, "WARD1", 2, 12, "kiosk", "en", "Quick to see us", NOV_2026);
	action(f, "willow", "The waiting room is too hot <b>", "Fitted blinds & a fan", JUNE_2026 + 2 * 24 * HOUR);
	action(f, "willow", "Nobody said when the doctor was late", "A board shows the wait", NOV_2026);
	action(f, "willow", "Parking is hard", "Ask estates for two more bays", 0);
	action(f, "oak", "Too noisy at night", "Quiet hours from 10pm", JUNE_2026 + 5 * 24 * HOUR);
	add_role(f, "pat", "px", "patient-experience");
	add_role(f, "ada", "it", "admin");
	add_role(f, "ed", "estates", "estates");
	add_role(f, "sam", "safe", "safeguarding");
	add_user(f, "wendy", "willow");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_close(*state);
	return 0;
}

static void get_half(fx *f, const char *half)
{
	f->args[0] = half ? "half" : NULL;
	f->args[1] = half;
	f->args[2] = NULL;
	get(f, "/report");
	f->args[0] = NULL;
}

/* The body from the row whose first cell is name to the end of that row. */
static void row_of(const fx *f, const char *name, char *out, size_t size)
{
	char cell[200];
	snprintf(cell, sizeof cell, "%s</td>", name);
	const char *p = strstr(f->r.body, cell);
	if (!p) {
		snprintf(cell, sizeof cell, "%s</strong>", name);
		p = strstr(f->r.body, cell);
	}
	assert_non_null(p);
	const char *e = strstr(p, "</tr>");
	assert_non_null(e);
	size_t n = (size_t)(e - p);
	assert_true(n < size);
	memcpy(out, p, n);
	out[n] = '\0';
}

/* The section from heading id to the next section's start. */
static void section_of(const fx *f, const char *id, char *out, size_t size)
{
	char h[64];
	snprintf(h, sizeof h, "id=\"%s\"", id);
	const char *p = strstr(f->r.body, h);
	assert_non_null(p);
	const char *e = strstr(p, "</section>");
	assert_non_null(e);
	size_t n = (size_t)(e - p);
	assert_true(n < size);
	memcpy(out, p, n);
	out[n] = '\0';
}

static void test_the_report_should_show_each_teams_percent_positive_against_its_own_target(void **state)
{
	fx *f = *state;
	char row[4096];
	login(f, "pat");
	get_half(f, "2026-27-H1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Trust report, H1 2026/27"));
	assert_non_null(strstr(f->r.body, "April 2026 to September 2026"));
	row_of(f, "Willow Team", row, sizeof row);
	assert_non_null(strstr(row, ">15<"));
	assert_non_null(strstr(row, "67%"));
	assert_non_null(strstr(row, "under the 90% target"));     /* the team's own, not 95 */
	assert_non_null(strstr(row, ">90%<"));
	/* All teams: 10 + 5 + 7 + 3 responses, 20 of them positive */
	row_of(f, "All teams", row, sizeof row);
	assert_non_null(strstr(row, ">25<"));
	assert_non_null(strstr(row, "80%"));
	assert_non_null(strstr(row, "under the 95% target"));
}

static void test_a_team_with_three_responses_should_show_no_percent_and_not_be_worked_out(void **state)
{
	fx *f = *state;
	char oak[4096], elm[4096], willow[4096], all[4096];
	login(f, "pat");
	get_half(f, "2026-27-H1");
	assert_int_equal(f->r.status, 200);
	row_of(f, "oak", oak, sizeof oak);
	assert_non_null(strstr(oak, ">*<"));
	assert_null(strstr(oak, ">3<"));
	assert_null(strstr(oak, "100%"));
	assert_non_null(strstr(oak, "too few responses"));
	/* 25 - 15 - 7 would give Oak's 3 away: one more team is hidden with it */
	row_of(f, "elm", elm, sizeof elm);
	row_of(f, "Willow Team", willow, sizeof willow);
	row_of(f, "All teams", all, sizeof all);
	assert_non_null(strstr(all, ">25<"));
	assert_true(strstr(elm, ">*<") != NULL || strstr(willow, ">*<") != NULL);
	assert_null(strstr(elm, ">7<"));      /* the smaller one goes: Willow's 15 stays */
	assert_non_null(strstr(willow, ">15<"));
	/* Welsh (Oak's 3) hidden, and one more language with it; modes add up */
	char langs[8192], modes[8192];
	section_of(f, "languages", langs, sizeof langs);
	assert_non_null(strstr(langs, "Welsh (cy)</td>"));
	assert_null(strstr(langs, ">3<"));
	/* English 17 and Polish 5 are not both shown: 25 - 17 - 5 = 3 */
	assert_true(strstr(langs, ">17<") == NULL || strstr(langs, ">5<") == NULL);
	assert_non_null(strstr(langs, "English (en)</td>"));
	assert_non_null(strstr(langs, "Polish (pl)</td>"));
	assert_non_null(strstr(langs, ">25<"));
	section_of(f, "modes", modes, sizeof modes);
	assert_non_null(strstr(modes, ">20<"));   /* kiosk */
	assert_non_null(strstr(modes, ">5<"));    /* assisted */
	assert_non_null(strstr(modes, ">25<"));
}

static void test_the_report_should_list_only_the_actions_done_in_the_half(void **state)
{
	fx *f = *state;
	char s[16384];
	login(f, "pat");
	get_half(f, "2026-27-H1");
	section_of(f, "actions", s, sizeof s);
	assert_non_null(strstr(s, "The waiting room is too hot &lt;b&gt;"));
	assert_null(strstr(s, "<b>"));
	assert_non_null(strstr(s, "Fitted blinds &amp; a fan"));
	assert_non_null(strstr(s, "Done on 12 June 2026"));
	assert_non_null(strstr(s, "Quiet hours from 10pm"));
	assert_null(strstr(s, "A board shows the wait"));       /* done in November */
	assert_null(strstr(s, "Ask estates for two more bays"));  /* not done */
	char row[4096];
	row_of(f, "Willow Team", row, sizeof row);
	assert_non_null(strstr(row, ">1<"));        /* actions done */
	/* the half under way (no ?half=): November's action */
	get_half(f, NULL);
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Trust report, H2 2026/27"));
	section_of(f, "actions", s, sizeof s);
	assert_non_null(strstr(s, "A board shows the wait"));
	assert_null(strstr(s, "Fitted blinds"));
	/* previous and next half-years; none after the one under way */
	assert_non_null(strstr(f->r.body, "href=\"/report?half=2026-27-H1\""));
	assert_null(strstr(f->r.body, "href=\"/report?half=2027-28-H1\""));
	get_half(f, "2026-27-H1");
	assert_non_null(strstr(f->r.body, "href=\"/report?half=2025-26-H2\""));
	assert_non_null(strstr(f->r.body, "href=\"/report?half=2026-27-H2\""));
	get_half(f, "2026-H2");
	assert_int_equal(f->r.status, 400);
}

static void test_compliments_should_be_set_beside_the_same_half_a_year_before(void **state)
{
	fx *f = *state;
	char s[16384];
	login(f, "pat");
	get_half(f, "2026-27-H1");
	section_of(f, "compliments", s, sizeof s);
	assert_non_null(strstr(s, "Very good or Good that also left a comment"));
	const char *w = strstr(s, "Willow Team</td>");
	assert_non_null(w);
	const char *e = strstr(w, "</tr>");
	assert_non_null(e);
	char cw[1024];
	snprintf(cw, sizeof cw, "%.*s", (int)(e - w), w);
	assert_non_null(strstr(cw, ">6<"));     /* this year */
	assert_non_null(strstr(cw, ">*<"));     /* 2 a year before: hidden */
	assert_null(strstr(cw, ">2<"));
	/* the half under way, against the same days a year before */
	get_half(f, NULL);
	section_of(f, "compliments", s, sizeof s);
	assert_non_null(strstr(s, "to 15 November"));
	assert_non_null(strstr(s, ">12<"));
	/* volunteer sign-ups: 6 this half so far, 2 a year before (hidden) */
	static const unsigned char dg[COLL_STORE_HASH_LEN];
	char ids[8][40];
	coll_store_signup su[8];
	coll_store_outcome oc[8];
	fb_err err;
	for (int i = 0; i < 8; i++) {
		snprintf(ids[i], sizeof ids[i], "00000000-0000-7000-8000-%012d", i + 1);
		su[i] = (coll_store_signup){.id = ids[i], .digest = dg, .location = "WARD1",
					    .date = i < 6 ? "2026-11-10" : "2025-11-10",
					    .sealed_b64 = "QUJD"};
	}
	assert_int_equal(coll_store_signups_put(f->st, su, 8, oc, &err), 0);
	get_half(f, NULL);
	section_of(f, "volunteers", s, sizeof s);
	assert_null(strstr(s, "does not collect volunteer sign-ups yet"));
	assert_non_null(strstr(s, ">6<"));
	assert_non_null(strstr(s, ">*<"));
	assert_null(strstr(s, ">2<"));
}

static void test_the_report_should_be_refused_to_other_roles_and_in_the_menu_only_for_its_own(void **state)
{
	fx *f = *state;
	static const char *const refused[] = {"wendy", "ed", "sam"};
	for (size_t i = 0; i < 3; i++) {
		f->cookie[0] = '\0';
		login(f, refused[i]);
		assert_null(strstr(f->r.body, "href=\"/report\""));
		get_half(f, "2026-27-H1");
		assert_int_equal(f->r.status, 403);
		assert_null(strstr(f->r.body, "Willow Team"));
		assert_null(strstr(f->r.body, "Fitted blinds"));
		assert_non_null(strstr(f->r.body, "Patient experience role"));
	}
	static const char *const allowed[] = {"pat", "ada"};
	for (size_t i = 0; i < 2; i++) {
		f->cookie[0] = '\0';
		login(f, allowed[i]);
		assert_non_null(strstr(f->r.body, "href=\"/report\""));
		get_half(f, "2026-27-H1");
		assert_int_equal(f->r.status, 200);
		assert_non_null(strstr(f->r.body, "Fitted blinds"));
	}
}

static int count_audit(void *ctx, const coll_store_audit_row *r)
{
	int64_t *n = ctx;
	if (strcmp(r->object, "trust-report") == 0 && strstr(r->detail, "half 2026-27-H1") &&
	    strcmp(r->user, "pat") == 0)
		(*n)++;
	return 0;
}

static void test_the_reports_csv_should_hide_what_the_page_hides_and_be_audited(void **state)
{
	fx *f = *state;
	f->args[0] = "half";
	f->args[1] = "2026-27-H1";
	f->args[2] = NULL;
	login(f, "wendy");
	get(f, "/report.csv");
	assert_int_equal(f->r.status, 403);
	f->cookie[0] = '\0';
	login(f, "pat");
	f->args[0] = "half";
	get(f, "/report.csv");
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.content_type, "text/csv; charset=utf-8");
	assert_non_null(strstr(f->r.disposition, "trust-report-2026-27-H1.csv"));
	const char *b = f->r.body;
	assert_non_null(strstr(b, "Part,Team,Figure,Value,Date\r\n"));
	assert_non_null(strstr(b, "% positive,Willow Team,Responses,15,2026-27-H1\r\n"));
	assert_non_null(strstr(b, "% positive,Willow Team,% positive,67%,2026-27-H1\r\n"));
	assert_non_null(strstr(b, "% positive,oak,Responses,*,2026-27-H1\r\n"));
	assert_non_null(strstr(b, "% positive,elm,Responses,*,2026-27-H1\r\n"));
	assert_non_null(strstr(b, "% positive,All teams,Responses,25,2026-27-H1\r\n"));
	assert_non_null(strstr(b, "\"You said, we did\",Willow Team,The waiting room is too hot <b>,"
			       "Fitted blinds & a fan,2026-06-12\r\n"));
	assert_null(strstr(b, "A board shows the wait"));
	assert_non_null(strstr(b, "Responses by language,,Welsh (cy),*,"));
	assert_non_null(strstr(b, "Responses by mode,,Assisted (a member of staff or a volunteer helped),5,"));
	assert_non_null(strstr(b, "Volunteer sign-ups,All teams,"));
	assert_null(strstr(b, "Not collected by the kiosk yet"));
	/* the download is audited, as every export is */
	get(f, "/report");     /* a page view is not an export */
	int64_t n = 0;
	fb_err err;
	coll_store_audit_query q = {.action = "export"};
	assert_int_equal(coll_store_audit_each(f->st, &q, count_audit, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void test_a_half_year_should_be_two_financial_quarters_in_uk_time(void **state)
{
	(void)state;
	int64_t from, to;
	char id[COLL_MONTHS_FYQ_ID], label[COLL_MONTHS_FYQ_ID];
	fb_err err;
	assert_int_equal(coll_months_fyh_range("2026-27-H2", &from, &to, &err), 0);
	assert_int_equal(from, 1790809200000LL);     /* 1 October 2026 00:00 BST */
	assert_int_equal(to, 1806534000000LL);       /* 1 April 2027 00:00 BST */
	coll_months_fyh_id(to - 1, id);
	assert_string_equal(id, "2026-27-H2");
	coll_months_fyh_id(to, id);
	assert_string_equal(id, "2027-28-H1");
	coll_months_fyh_id(from - 1, id);
	assert_string_equal(id, "2026-27-H1");
	coll_months_fyh_label(from, label);
	assert_string_equal(label, "H2 2026/27");
	assert_int_equal(coll_months_fyh_range("2026-27-H1", &from, &to, &err), 0);
	assert_int_equal(coll_months_add(from, 6), to);
	static const char *const bad[] = {"2026-H2", "2026-27-H3", "2026-28-H1", "2026-27-Q1", "",
					  "2026-27-H1x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(coll_months_fyh_range(bad[i], &from, &to, &err), FB_ERR_INVALID);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_the_report_should_show_each_teams_percent_positive_against_its_own_target),
		T(test_a_team_with_three_responses_should_show_no_percent_and_not_be_worked_out),
		T(test_the_report_should_list_only_the_actions_done_in_the_half),
		T(test_compliments_should_be_set_beside_the_same_half_a_year_before),
		T(test_the_report_should_be_refused_to_other_roles_and_in_the_menu_only_for_its_own),
		T(test_the_reports_csv_should_hide_what_the_page_hides_and_be_audited),
		T(test_a_half_year_should_be_two_financial_quarters_in_uk_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
