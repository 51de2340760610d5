/* test_collector_coding_queue: "Code comments one by one" (/themes/next) as
 * a ward manager uses it, through coll_web_handle on a temporary SQLite
 * store with the shipped framework: the team's newest answer no person has
 * coded comes first, never another team's; saving its coding through the
 * form comes back here and brings the next, one fewer waiting; a comment's
 * two answers are offered one after the other; Skip passes one over; when
 * all are coded the page says so; the suggestion is ticked; the words are
 * escaped; each choice carries its key; estates gets 403 and no Themes in
 * the menu, and a collector without a framework 404. */
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
#include "src_path.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */

#include "collector_web_fixture.h"

static coll_themes_framework fw;

static int setup(void **state)
{
	return fx_setup_themes(state, &fw);
}

/* A comment at location with these answers (NULL: not answered); its id
 * into id. */
static void comment(fx *f, const char *location, const char *good, const char *better, int64_t at,
		    char *id, size_t size)
{
	char json[512];
	coll_store_response r = fx_response(f, location, 1, at);
	snprintf(json, sizeof json, "{%s%s%s%s%s%s%s}", good ? "\"what_was_good\": \"" : "",
		 good ? good : "", good ? "\"" : "", good && better ? ", " : "",
		 better ? "\"do_better\": \"" : "", better ? better : "", better ? "\"" : "");
	r.free_text_json = json;
	fx_store(f, &r);
	snprintf(id, size, "%s", f->response_id);
}

/* Saves a coding of id's answer as the page's form does, coming back to back. */
static void code_it(fx *f, const char *id, const char *question, const char *back)
{
	char body[512];
	snprintf(body, sizeof body, "id=%s&question=%s&team=willow&back=%s&sentiment=2&cat_staff_manner=1",
		 id, question, back);
	post(f, "/themes/code", body);
}

/* GET /themes/next?skip=skip (a negative skip: none given). */
static void next_page(fx *f, int skip)
{
	char n[16];
	snprintf(n, sizeof n, "%d", skip);
	f->args[0] = skip >= 0 ? "skip" : NULL;
	f->args[1] = n;
	f->args[2] = NULL;
	get(f, "/themes/next");
	f->args[0] = NULL;
}

/* The number in "N answer(s) waiting to be coded", -1 when the page has none. */
static int waiting(const fx *f)
{
	const char *p = strstr(f->r.body, "fb-queue-count\">");
	return p ? atoi(p + strlen("fb-queue-count\">")) : -1;
}

static void test_newest_first_and_next_after_saving(void **state)
{
	fx *f = *state;
	char older[40], newer[40], oak[40], back[64];
	comment(f, "WARD1", "The garden was lovely", NULL, NOW - 3 * DAY, older, sizeof older);
	comment(f, "WARD3", "Kind night staff", NULL, NOW - 2 * DAY, newer, sizeof newer);
	comment(f, "WARD2", "Oak ward food", NULL, NOW - DAY, oak, sizeof oak);
	login(f, "wendy");
	get(f, "/themes/next");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "<h1>Code comments one by one</h1>"));
	assert_int_equal(waiting(f), 2);
	/* the newest of the team's, with its ward; never the other team's */
	assert_non_null(strstr(f->r.body, "Kind night staff"));
	assert_non_null(strstr(f->r.body, "Ash Ward"));
	assert_null(strstr(f->r.body, "The garden was lovely"));
	assert_null(strstr(f->r.body, "Oak ward food"));
	assert_non_null(strstr(f->r.body, "Coding: What was good"));
	assert_non_null(strstr(f->r.body, "Save and show the next"));
	assert_non_null(strstr(f->r.body, "href=\"/themes/next?skip=1\""));

	/* the view of a page with comments is audited, as the ward page's is */
	assert_int_equal(fx_audit_of(f, COLL_AUDIT_VIEW_COMMENTS).n, 1);
	assert_string_equal(fx_audit_of(f, COLL_AUDIT_VIEW_COMMENTS).object, "/themes/next");

	code_it(f, newer, "good", "/themes/next?skip=0");
	assert_int_equal(f->r.status, 303);
	snprintf(back, sizeof back, "/themes/next?skip=0#c-%s", newer);
	assert_string_equal(f->r.location, back);
	next_page(f, 0);
	assert_int_equal(waiting(f), 1);
	assert_non_null(strstr(f->r.body, "The garden was lovely"));
	assert_null(strstr(f->r.body, "Kind night staff"));

	code_it(f, older, "good", "/themes/next?skip=0");
	next_page(f, 0);
	assert_int_equal(waiting(f), -1);
	assert_non_null(strstr(f->r.body, "Every comment with words is coded"));
	assert_null(strstr(f->r.body, "/themes/code"));
}

/* A comment with both answers is offered twice: what was good, then what
 * could be better, and Skip passes one over. */
static void test_both_answers_and_skip(void **state)
{
	fx *f = *state;
	char id[40], other[40];
	comment(f, "WARD1", "Friendly", NULL, NOW - 2 * DAY, other, sizeof other);
	comment(f, "WARD1", "Warm welcome", "Shorter waits", NOW - DAY, id, sizeof id);
	login(f, "wendy");
	get(f, "/themes/next");
	assert_int_equal(waiting(f), 3);
	assert_non_null(strstr(f->r.body, "Warm welcome"));
	/* one form, for the first answer the walk meets */
	assert_int_equal(count_of(f, "action=\"/themes/code\""), 1);
	bool good_first = strstr(f->r.body, "Coding: What was good") != NULL;
	code_it(f, id, good_first ? "good" : "better", "/themes/next?skip=0");
	next_page(f, -1);
	assert_int_equal(waiting(f), 2);
	assert_non_null(strstr(f->r.body, "Warm welcome"));
	assert_non_null(strstr(f->r.body, good_first ? "Coding: What could be better" : "Coding: What was good"));

	next_page(f, 1);
	assert_int_equal(waiting(f), 2);
	assert_non_null(strstr(f->r.body, "Friendly"));
	assert_non_null(strstr(f->r.body, "You skipped 1."));
	next_page(f, 2);
	assert_non_null(strstr(f->r.body, "You have skipped all 2 answers waiting to be coded"));
	assert_non_null(strstr(f->r.body, "Start again from the newest"));
	/* nonsense is the newest */
	f->args[0] = "skip";
	f->args[1] = "-4";
	get(f, "/themes/next");
	f->args[0] = NULL;
	assert_non_null(strstr(f->r.body, "Warm welcome"));
}

/* The suggestion is ticked but is not coding; the words are escaped; every
 * choice has its key. */
static void test_suggestion_keys_and_escaping(void **state)
{
	fx *f = *state;
	coll_store_theme_suggestion g = {"good", "staff_manner", 4, 1, NOW - DAY};
	coll_store_response r = fx_response(f, "WARD1", 1, NOW - DAY);
	r.free_text_json = "{\"what_was_good\": \"<b>bold</b> nurses\"}";
	r.themes = &g;
	r.n_themes = 1;
	fx_store(f, &r);
	login(f, "wendy");
	get(f, "/themes/next");
	assert_int_equal(waiting(f), 1);
	assert_non_null(strstr(f->r.body, "&lt;b&gt;bold&lt;/b&gt; nurses"));
	assert_null(strstr(f->r.body, "<b>bold"));
	assert_non_null(strstr(f->r.body, "Staff manner &amp; personal attributes, ticked below"));
	assert_non_null(strstr(f->r.body, "name=\"cat_staff_manner\" type=\"checkbox\" value=\"1\" checked"));
	assert_int_equal(count_of(f, " checked"), 2);   /* the theme and Negative */
	assert_non_null(strstr(f->r.body, "value=\"4\" checked required data-key=\"-\""));
	/* a key per theme (32 in the framework: a..z, 0..5) and per sentiment */
	assert_int_equal(count_of(f, "type=\"checkbox\" value=\"1\""), fw.n_cats);
	assert_int_equal(count_of(f, "<input class=\"nhsuk-checkboxes__input\""), fw.n_cats);
	assert_int_equal(count_of(f, " data-key=\""), (fw.n_cats < 36 ? fw.n_cats : 36) + 3);
	assert_non_null(strstr(f->r.body, "data-key=\"a\""));
	assert_non_null(strstr(f->r.body, "data-key=\"5\""));
	assert_non_null(strstr(f->r.body, "data-focus=\"1\""));
	assert_non_null(strstr(f->r.body, "<script src=\"/assets/coding.js"));
	assert_non_null(strstr(f->r.body, "href=\"/themes\">Themes</a>"));
	/* still waiting: a suggestion is never coding */
	get(f, "/themes/next");
	assert_int_equal(waiting(f), 1);
}

static void test_estates_refused(void **state)
{
	fx *f = *state;
	char id[40];
	comment(f, "WARD1", "Tidy", NULL, NOW - DAY, id, sizeof id);
	add_role(f, "ed", "willow", "estates");
	login(f, "ed");
	get(f, "/themes/next");
	assert_int_equal(f->r.status, 403);
	assert_null(strstr(f->r.body, "Tidy"));
	get(f, "/fleet");
	assert_null(strstr(f->r.body, "href=\"/themes\">Themes</a>"));
	assert_null(strstr(f->r.body, "coding.js"));
}

static void test_no_framework(void **state)
{
	fx *f = *state;
	char id[40];
	coll_web_set_themes(f->w, NULL);
	comment(f, "WARD1", "Tidy", NULL, NOW - DAY, id, sizeof id);
	login(f, "wendy");
	get(f, "/themes/next");
	assert_int_equal(f->r.status, 404);
	assert_non_null(strstr(f->r.body, "Themes are off"));
	get(f, "/");
	assert_null(strstr(f->r.body, "href=\"/themes\">Themes</a>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_newest_first_and_next_after_saving, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_both_answers_and_skip, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_suggestion_keys_and_escaping, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_estates_refused, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_framework, setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
