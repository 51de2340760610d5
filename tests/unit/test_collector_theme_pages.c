/* test_collector_theme_pages: themes on the results pages as a ward manager
 * sees them, through coll_web_handle on a temporary SQLite store with the
 * shipped framework: a comment's suggested themes are shown as suggestions;
 * coding it from the page stores the coding (with the stored text, not the
 * form's) and leaves one audit row without the comment's words, and brings
 * the person back to the comment; a manager of another team cannot code it;
 * "What people are telling us" shows '*' for fewer than 5, the count from 5,
 * the change against last quarter, and "Not enough coding yet" until a theme
 * has [themes] min_positives coded comments; ?theme= lists only that theme's
 * comments; the Quality Board's "What you told us" lists the top themes. */
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
#include "../../collector/themes/framework.h"
#include "../../collector/users.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC: Q3 2026/27 */
#define QUARTER "2026-27-Q3"

#include "collector_web_fixture.h"

static coll_themes_framework fw;

static int setup(void **state)
{
	return fx_setup_themes(state, &fw);
}

/* One comment "what was good: text" at location, at `at`; its id in f->response_id. */
static void comment(fx *f, const char *location, const char *text, int64_t at)
{
	put(f, location, 1, 1, text, false, 0, at);
}

/* Codes the last comment through the page's form as the signed-in person. */
static void code_it(fx *f, const char *id, const char *cats, int sentiment)
{
	char body[1024];
	snprintf(body, sizeof body, "id=%s&question=good&back=/location/WARD1&sentiment=%d%s", id,
		 sentiment, cats);
	post(f, "/themes/code", body);
}

/* The theme-coding audit rows. */
static fx_audit_seen coding_audit(fx *f)
{
	return fx_audit_of(f, COLL_AUDIT_THEME_CODING);
}

typedef struct coding_seen {
	int n;
	char cats[256], text[256];
	int sentiment;
} coding_seen;

static int coding_row(void *ctx, const coll_store_theme_coding *c)
{
	coding_seen *s = ctx;
	if (c->replaced_at_ms == 0) {
		s->n++;
		snprintf(s->cats, sizeof s->cats, "%s", c->categories);
		snprintf(s->text, sizeof s->text, "%s", c->comment);
		s->sentiment = c->sentiment;
	}
	return 0;
}

static coding_seen coding_of(fx *f, const char *id)
{
	coding_seen s = {0};
	fb_err err;
	assert_int_equal(coll_store_themes_coding_history_each(f->st, id, "good", coding_row, &s, &err), 0);
	return s;
}

/* A suggestion shows as one; confirming it from the page is coding, audited once. */
static void test_confirm_suggestion(void **state)
{
	fx *f = *state;
	char id[40];
	coll_store_theme_suggestion g = {"good", "staff_manner", 2, 1, NOW - DAY};
	coll_store_response r = fx_response(f, "WARD1", 1, NOW - DAY);
	r.free_text_json = "{\"what_was_good\": \"The nurses were kind to my son\"}";
	r.themes = &g;
	r.n_themes = 1;
	fx_store(f, &r);
	snprintf(id, sizeof id, "%s", f->response_id);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Suggested</strong> What was good: Staff manner &amp; personal attributes"));
	assert_non_null(strstr(f->r.body, "name=\"cat_staff_manner\" type=\"checkbox\" value=\"1\" checked"));
	assert_non_null(strstr(f->r.body, "action=\"/themes/code\""));
	assert_int_equal(coding_of(f, id).n, 0);

	/* confirmed, with a second theme ticked; the form's words are not used */
	code_it(f, id, "&cat_staff_manner=1&cat_competence=1&comment=forged", 2);
	assert_int_equal(f->r.status, 303);
	char want[128];
	snprintf(want, sizeof want, "/location/WARD1#c-%s", id);
	assert_string_equal(f->r.location, want);
	coding_seen s = coding_of(f, id);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.cats, "staff_manner,competence");
	assert_string_equal(s.text, "The nurses were kind to my son");
	assert_int_equal(s.sentiment, 2);
	fx_audit_seen a = coding_audit(f);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.object, id);
	assert_null(strstr(a.detail, "nurses"));

	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "Coded</strong> What was good: Staff manner &amp; personal attributes"
				       " and Competence &amp; training"));
	assert_null(strstr(f->r.body, "Suggested</strong>"));
	snprintf(want, sizeof want, "id=\"c-%s\"", id);
	assert_non_null(strstr(f->r.body, want));

	/* a correction is coding too: the history keeps the old one */
	code_it(f, id, "&cat_competence=1", 4);
	assert_int_equal(f->r.status, 303);
	s = coding_of(f, id);
	assert_string_equal(s.cats, "competence");
	assert_int_equal(s.sentiment, 4);
	assert_int_equal(coding_audit(f).n, 2);
}

/* Oak's manager cannot code Willow's comment: nothing stored, nothing audited. */
static void test_other_team_cannot_code(void **state)
{
	fx *f = *state;
	comment(f, "WARD1", "Lovely garden", NOW - DAY);
	login(f, "owen");
	code_it(f, f->response_id, "&cat_staff_manner=1", 2);
	assert_int_equal(f->r.status, 403);
	assert_non_null(strstr(f->r.body, "Not your team"));
	assert_int_equal(coding_of(f, f->response_id).n, 0);
	assert_int_equal(coding_audit(f).n, 0);
	/* nor without the session's token */
	login(f, "wendy");
	char body[256];
	snprintf(body, sizeof body, "csrf=nope&id=%s&question=good&sentiment=2&cat_staff_manner=1",
		 f->response_id);
	send_req(f, "POST", "/themes/code", f->cookie, body);
	assert_int_equal(f->r.status, 403);
	assert_int_equal(coding_of(f, f->response_id).n, 0);
}

/* The patient experience team codes any team's comments; an estates user none. */
static void test_patient_experience_codes_any_team(void **state)
{
	fx *f = *state;
	char body[512];
	add_role(f, "pat", "px", "patient-experience");
	add_role(f, "ed", "willow", "estates");
	comment(f, "WARD2", "Oak staff were kind", NOW - DAY);
	login(f, "pat");
	get(f, "/location/WARD2");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "name=\"team\" value=\"oak\""));
	snprintf(body, sizeof body, "id=%s&question=good&team=oak&back=/location/WARD2&sentiment=2"
		 "&cat_staff_manner=1", f->response_id);
	post(f, "/themes/code", body);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(coding_of(f, f->response_id).cats, "staff_manner");
	/* a team that is not the comment's is refused, whatever the form says */
	snprintf(body, sizeof body, "id=%s&question=good&team=willow&sentiment=2&cat_competence=1",
		 f->response_id);
	post(f, "/themes/code", body);
	assert_int_equal(f->r.status, 403);
	assert_string_equal(coding_of(f, f->response_id).cats, "staff_manner");
	login(f, "ed");
	snprintf(body, sizeof body, "id=%s&question=good&sentiment=2&cat_competence=1", f->response_id);
	post(f, "/themes/code", body);
	assert_int_equal(f->r.status, 403);
	assert_string_equal(coding_of(f, f->response_id).cats, "staff_manner");
	assert_int_equal(coding_audit(f).n, 1);
}

/* n comments at WARD1 at `at`, each coded cats by wendy through the page. */
static void coded(fx *f, int n, const char *text, const char *cats, int64_t at)
{
	for (int i = 0; i < n; i++) {
		comment(f, "WARD1", text, at);
		code_it(f, f->response_id, cats, 2);
		assert_int_equal(f->r.status, 303);
	}
}

/* The theme's line in "What people are telling us" (up to </li>), or "". */
static void theme_line(fx *f, const char *name, char *out, size_t size)
{
	const char *sec = strstr(f->r.body, "What people are telling us");
	const char *p = sec ? strstr(sec, name) : NULL;
	out[0] = '\0';
	if (p) {
		size_t n = strcspn(p, "\n");
		const char *e = strstr(p, "</li>");
		if (e && (size_t)(e - p) < n)
			n = (size_t)(e - p);
		snprintf(out, size, "%.*s", (int)n, p);
	}
}

static void test_counts_suppressed_and_needed(void **state)
{
	fx *f = *state;
	char line[512];
	f->cfg.themes_min_positives = 6;
	login(f, "wendy");
	/* last quarter: 5 about the food */
	coded(f, 5, "Good food", "&cat_food_drink=1", NOW - 60 * DAY);
	coded(f, 3, "Kind staff", "&cat_staff_manner=1", NOW - DAY);
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "What people are telling us"));
	assert_non_null(strstr(f->r.body, "Not enough coding yet: 1 more coded comment needed for Food"));
	assert_null(strstr(f->r.body, "fb-theme-count"));

	coded(f, 1, "Good food", "&cat_food_drink=1", NOW - DAY);
	f->cfg.themes_min_positives = 3;
	get(f, "/location/WARD1");
	assert_null(strstr(f->r.body, "Not enough coding yet"));
	theme_line(f, "Staff manner &amp; personal attributes", line, sizeof line);
	assert_non_null(strstr(line, "<strong class=\"fb-theme-count\">*</strong>"));
	theme_line(f, "Food", line, sizeof line);
	assert_non_null(strstr(line, "<strong class=\"fb-theme-count\">*</strong>"));
	assert_non_null(strstr(line, "(last quarter 5)"));
	/* the theme links to its comments */
	assert_non_null(strstr(f->r.body, "href=\"/location/WARD1?quarter=" QUARTER "&amp;theme=staff_manner#comments\""));

	coded(f, 2, "Kind staff", "&cat_staff_manner=1", NOW - DAY);
	coded(f, 5, "Good food", "&cat_food_drink=1", NOW - DAY);
	get(f, "/location/WARD1");
	theme_line(f, "Staff manner &amp; personal attributes", line, sizeof line);
	assert_non_null(strstr(line, "<strong class=\"fb-theme-count\">5</strong>"));
	theme_line(f, "Food", line, sizeof line);
	assert_non_null(strstr(line, "<strong class=\"fb-theme-count\">6</strong>"));
	assert_non_null(strstr(line, "up 1 on last quarter"));

	/* the whole team's page and the Quality Board count them too */
	get(f, "/team");
	theme_line(f, "Staff manner &amp; personal attributes", line, sizeof line);
	assert_non_null(strstr(line, "<strong class=\"fb-theme-count\">5</strong>"));
	get(f, "/quality-board");
	assert_int_equal(f->r.status, 200);
	const char *told = strstr(f->r.body, "What you told us");
	assert_non_null(told);
	/* one comment of a theme this quarter is '*', and the wording does not give the 1 away */
	coded(f, 2, "Clean rooms", "&cat_cleanliness=1", NOW - 60 * DAY);
	coded(f, 1, "Clean rooms", "&cat_cleanliness=1", NOW - DAY);
	get(f, "/quality-board");
	told = strstr(f->r.body, "What you told us");
	assert_non_null(told);
	/* (the quote form or the actions follow the word on the same line) */
	assert_non_null(strstr(told, "<strong class=\"fb-theme-count\">*</strong> comments<"));
	assert_null(strstr(told, "</strong> comment<"));
	assert_null(strstr(told, "</strong> comment "));
	assert_non_null(strstr(told, "Food &amp; drink provision &amp; facilities: <strong class=\"fb-theme-count\">6</strong> comments"));
}

static void test_theme_filter(void **state)
{
	fx *f = *state;
	login(f, "wendy");
	coded(f, 1, "The nurses listened", "&cat_staff_manner=1", NOW - DAY);
	coded(f, 1, "The soup was cold", "&cat_food_drink=1", NOW - 2 * DAY);
	comment(f, "WARD1", "Nothing coded here", NOW - 3 * DAY);
	f->args[0] = "quarter";
	f->args[1] = QUARTER;
	f->args[2] = "theme";
	f->args[3] = "food_drink";
	f->args[4] = NULL;
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Comments about <strong>Food &amp; drink provision &amp; facilities</strong>"));
	assert_non_null(strstr(f->r.body, "The soup was cold"));
	assert_null(strstr(f->r.body, "The nurses listened"));
	assert_null(strstr(f->r.body, "Nothing coded here"));
	/* the coding form comes back to the same list */
	assert_non_null(strstr(f->r.body, "name=\"back\" value=\"/location/WARD1?quarter=" QUARTER
				       "&amp;theme=food_drink&amp;page=1\""));
	f->args[3] = "no_such_theme";
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 400);
	f->args[0] = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_confirm_suggestion, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_other_team_cannot_code, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_patient_experience_codes_any_team, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_counts_suppressed_and_needed, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_theme_filter, setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
