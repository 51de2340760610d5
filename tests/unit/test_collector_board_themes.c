/* test_collector_board_themes: the Quality Board's "What you told us" as a
 * ward manager sees it, through coll_web_handle on a temporary SQLite store
 * with the shipped framework: a theme's quote is chosen from its comments
 * (CSRF, audited without the words, refused for another team, a flagged
 * comment or one without that theme), shown escaped in a blockquote, and
 * gone once its words are erased or deleted by retention; an action names
 * the themes it answers (the page's boxes and team_actions' check, an
 * unknown code refused), the action list and the board show them and each
 * theme's line says how many actions answer it; a schema 11 database gains
 * the quotes table and the actions' themes on open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/team_actions.h"
#include "../../collector/themes/framework.h"
#include "../../collector/users.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC: Q3 2026/27 */
#define QUARTER "2026-27-Q3"

#include "collector_web_fixture.h"

static coll_themes_framework fw;

static int setup(void **state)
{
	if (fx_setup_themes(state, &fw))
		return 1;
	fx *f = *state;
	f->cfg.themes_min_positives = 2;
	return 0;
}

/* A comment "what was good: text" at WARD1 at `at` (flagged or not), coded
 * cats ("&cat_food_drink=1") by the signed-in person; its id into id. */
static void coded(fx *f, const char *text, const char *cats, bool flagged, int64_t at, char id[40])
{
	char body[1024];
	put(f, "WARD1", 1, 1, text, flagged, 0, at);
	snprintf(id, 40, "%s", f->response_id);
	snprintf(body, sizeof body, "id=%s&question=good&back=/location/WARD1&sentiment=2%s", id, cats);
	post(f, "/themes/code", body);
	assert_int_equal(f->r.status, 303);
}

/* Sends the board's quote form for theme code at WARD1: value is "none" or
 * "<comment id>:good". */
static void pick(fx *f, const char *code, const char *value)
{
	char body[512];
	snprintf(body, sizeof body, "location=WARD1&quarter=" QUARTER "&code=%s&pick=%s", code, value);
	post(f, "/quality-board/quote", body);
}

/* Picks comment id's "what was good" as theme code's quote at WARD1. */
static void pick_comment(fx *f, const char *code, const char *id)
{
	char value[80];
	snprintf(value, sizeof value, "%s:good", id);
	pick(f, code, value);
}

/* The board's "What you told us" part (up to "You said"), into out. */
static void told(fx *f, char *out, size_t size)
{
	get(f, "/quality-board");
	assert_int_equal(f->r.status, 200);
	const char *a = strstr(f->r.body, "What you told us");
	assert_non_null(a);
	const char *b = strstr(a, "<h3 class=\"nhsuk-heading-m\">You said</h3>");
	assert_non_null(b);
	snprintf(out, size, "%.*s", (int)(b - a), a);
}

/* As wendy: two comments about the food, a (text, at `at`) and b ("Good
 * tea", a day ago), and a picked as the theme's quote. */
static void quote_one_of_two(fx *f, const char *text, int64_t at, char a[40], char b[40])
{
	login(f, "wendy");
	coded(f, text, "&cat_food_drink=1", false, at, a);
	coded(f, "Good tea", "&cat_food_drink=1", false, NOW - DAY, b);
	pick_comment(f, "food_drink", a);
	assert_int_equal(f->r.status, 303);
}

static int quote_count(void *ctx, const coll_store_theme_quote *q)
{
	(void)q;
	(*(int *)ctx)++;
	return 0;
}

static int quotes_kept(fx *f)
{
	int n = 0;
	fb_err err;
	assert_int_equal(coll_store_theme_quotes_each(f->st, "WARD1", QUARTER, quote_count, &n, &err), 0);
	return n;
}

static void test_a_chosen_quote_should_show_escaped_under_its_theme_and_be_audited(void **state)
{
	fx *f = *state;
	char a[40], b[40], flagged[40], other[40], part[65536], value[80];
	login(f, "wendy");
	coded(f, "The soup was <b>hot</b> & fresh", "&cat_food_drink=1", false, NOW - DAY, a);
	coded(f, "Lovely meals", "&cat_food_drink=1", false, NOW - 2 * DAY, b);
	coded(f, "Dinner was fine but I feel unsafe", "&cat_food_drink=1", true, NOW - 3 * DAY, flagged);
	coded(f, "The nurses listened", "&cat_staff_manner=1", false, NOW - 4 * DAY, other);
	coded(f, "Kind staff", "&cat_staff_manner=1", false, NOW - 5 * DAY, other);
	told(f, part, sizeof part);
	/* no quote yet; the form offers the theme's comments, never the flagged one */
	assert_null(strstr(part, "<blockquote"));
	assert_non_null(strstr(part, "Choose the quote for Food &amp; drink provision &amp; facilities"));
	snprintf(value, sizeof value, "value=\"%s:good\"", a);
	assert_non_null(strstr(part, value));
	assert_non_null(strstr(part, "The soup was &lt;b&gt;hot&lt;/b&gt; &amp; fresh"));
	assert_null(strstr(part, "I feel unsafe"));
	/* and a way to an action answering the theme, its box ticked (tested below) */
	assert_non_null(strstr(part, "href=\"/actions/new?theme=food_drink\""));

	pick_comment(f, "food_drink", a);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/quality-board?quarter=" QUARTER "#board-WARD1");
	told(f, part, sizeof part);
	const char *line = strstr(part, "Food &amp; drink provision &amp; facilities: <strong class=\"fb-theme-count\">*</strong> comments");
	assert_non_null(line);
	assert_non_null(strstr(line, "<blockquote class=\"fb-quote\"><p>&ldquo;The soup was &lt;b&gt;hot&lt;/b&gt;"
				     " &amp; fresh&rdquo;</p></blockquote>"));
	assert_null(strstr(f->r.body, "<b>hot</b>"));
	assert_non_null(strstr(part, "Change the quote for Food"));
	/* one audit row saying which comment, never its words */
	fx_audit_seen au = fx_audit_of(f, COLL_AUDIT_THEME_QUOTE);
	assert_int_equal(au.n, 1);
	assert_string_equal(au.object, "quote WARD1 " QUARTER " food_drink");
	assert_non_null(strstr(au.detail, a));
	assert_null(strstr(au.detail, "soup"));

	/* another comment replaces it */
	pick_comment(f, "food_drink", b);
	assert_int_equal(f->r.status, 303);
	told(f, part, sizeof part);
	assert_non_null(strstr(part, "&ldquo;Lovely meals&rdquo;"));
	assert_null(strstr(part, "&ldquo;The soup"));

	/* refused: a flagged comment, a comment without the theme, another team, no token */
	pick_comment(f, "food_drink", flagged);
	assert_int_equal(f->r.status, 400);
	pick_comment(f, "food_drink", other);
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "Not about this theme"));
	pick_comment(f, "no_such_theme", other);
	assert_int_equal(f->r.status, 400);
	char body[256];
	snprintf(body, sizeof body, "csrf=nope&location=WARD1&quarter=" QUARTER "&code=food_drink&pick=none");
	send_req(f, "POST", "/quality-board/quote", f->cookie, body);
	assert_int_equal(f->r.status, 403);
	login(f, "owen");
	pick_comment(f, "food_drink", a);
	assert_int_equal(f->r.status, 403);
	pick(f, "food_drink", "none");
	assert_int_equal(f->r.status, 403);
	login(f, "wendy");
	told(f, part, sizeof part);
	assert_non_null(strstr(part, "&ldquo;Lovely meals&rdquo;"));
	assert_int_equal(fx_audit_of(f, COLL_AUDIT_THEME_QUOTE).n, 2);

	/* "No quote" takes it off */
	pick(f, "food_drink", "none");
	assert_int_equal(f->r.status, 303);
	told(f, part, sizeof part);
	assert_null(strstr(part, "<blockquote"));
	assert_int_equal(quotes_kept(f), 0);
	assert_int_equal(fx_audit_of(f, COLL_AUDIT_THEME_QUOTE).n, 3);
}

/* A person without a coding role sees the quote but no form. */
static void test_an_estates_user_should_see_the_quote_but_no_form(void **state)
{
	fx *f = *state;
	char a[40], b[40], part[65536];
	quote_one_of_two(f, "Warm porridge", NOW - DAY, a, b);
	add_role(f, "ed", "willow", "estates");
	login(f, "ed");
	told(f, part, sizeof part);
	assert_non_null(strstr(part, "&ldquo;Warm porridge&rdquo;"));
	assert_null(strstr(part, "/quality-board/quote"));
	pick_comment(f, "food_drink", b);
	assert_int_equal(f->r.status, 403);
}

static void test_a_quote_should_go_when_its_comment_is_erased(void **state)
{
	fx *f = *state;
	char a[40], b[40], part[65536];
	fb_err err;
	quote_one_of_two(f, "Jam roly-poly on Tuesday, said Mrs Example", NOW - DAY, a, b);
	told(f, part, sizeof part);
	assert_non_null(strstr(part, "Mrs Example"));
	const char *ids[1] = {a};
	assert_int_equal(coll_store_erase_ids(f->st, ids, 1, &err), 0);
	told(f, part, sizeof part);
	assert_null(strstr(f->r.body, "Mrs Example"));
	assert_null(strstr(part, "<blockquote"));
	assert_int_equal(quotes_kept(f), 0);     /* the pick went with the words */
}

static void test_a_quote_should_go_when_retention_deletes_its_words(void **state)
{
	fx *f = *state;
	char a[40], b[40], part[65536];
	fb_err err;
	quote_one_of_two(f, "The old menu was better", NOW - 20 * DAY, a, b);
	pick_comment(f, "staff_manner", b);    /* not this comment's theme */
	assert_int_equal(f->r.status, 400);
	/* a dry run changes nothing */
	coll_store_retention r = {.text_before_ms = NOW - 10 * DAY, .ratings_before = 190001,
				  .return_safe_through = 190001, .dry_run = true};
	coll_store_retention_done done;
	assert_int_equal(coll_store_retention_run(f->st, &r, &done, &err), 0);
	assert_int_equal(quotes_kept(f), 1);
	r.dry_run = false;
	assert_int_equal(coll_store_retention_run(f->st, &r, &done, &err), 0);
	assert_int_equal(done.texts, 1);
	assert_int_equal(quotes_kept(f), 0);
	told(f, part, sizeof part);
	assert_null(strstr(f->r.body, "The old menu was better"));
	assert_null(strstr(part, "<blockquote"));
}

static void test_an_action_should_show_the_themes_it_answers(void **state)
{
	fx *f = *state;
	char a[40], part[65536], body[1024];
	fb_err err;
	login(f, "wendy");
	coded(f, "Cold soup", "&cat_food_drink=1", false, NOW - DAY, a);
	coded(f, "Cold tea", "&cat_food_drink=1", false, NOW - DAY, a);
	/* the new action's form has the framework's boxes; from the board's theme, that one ticked */
	f->args[0] = "theme";
	f->args[1] = "food_drink";
	f->args[2] = NULL;
	get(f, "/actions/new");
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Which themes does it answer?"));
	assert_non_null(strstr(f->r.body, "name=\"theme_food_drink\" type=\"checkbox\" value=\"1\" checked"));
	snprintf(body, sizeof body, "comments=%s&you_said=The+food+is+cold&we_will=Heated+trolleys"
		 "&owner=&due=&theme_food_drink=1&theme_staff_manner=1", a);
	post(f, "/actions/new", body);
	assert_int_equal(f->r.status, 303);
	long id = strtol(f->r.location + strlen("/actions/"), NULL, 10);
	assert_true(id > 0);
	coll_store_action got;
	assert_int_equal(coll_store_action_get(f->st, id, &got, &err), 0);
	assert_string_equal(got.themes, "staff_manner,food_drink");   /* the framework's order */
	get(f, "/actions");
	assert_non_null(strstr(f->r.body, "Answers: Staff manner &amp; personal attributes and Food"));
	told(f, part, sizeof part);
	assert_non_null(strstr(part, "1 action answers it"));
	get(f, "/quality-board");
	assert_non_null(strstr(strstr(f->r.body, "Our actions"), "Answers: Staff manner"));

	/* editing takes a box off; a second action makes it two */
	snprintf(body, sizeof body, "you_said=The+food+is+cold&we_will=Heated+trolleys&owner=&due="
		 "&theme_food_drink=1");
	char path[64];
	snprintf(path, sizeof path, "/actions/%ld/edit", id);
	post(f, path, body);
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_action_get(f->st, id, &got, &err), 0);
	assert_string_equal(got.themes, "food_drink");
	assert_non_null(strstr(fx_audit_of(f, "action-edit").detail, "themes food_drink"));
	snprintf(body, sizeof body, "comments=&you_said=Tea+is+cold&we_will=New+urn&owner=&due="
		 "&theme_food_drink=1");
	post(f, "/actions/new", body);
	assert_int_equal(f->r.status, 303);
	told(f, part, sizeof part);
	assert_non_null(strstr(part, "2 actions answer it"));

	/* the shared check: an unknown code, or any code with themes off, is refused */
	coll_store_action x = {0};
	assert_int_equal(coll_actions_themes_set(&fw, &x, "food_drink, nonsense", &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "nonsense"));
	assert_string_equal(x.themes, "");
	assert_int_equal(coll_actions_themes_set(NULL, &x, "food_drink", &err), FB_ERR_INVALID);
	assert_int_equal(coll_actions_themes_set(&fw, &x, " food_drink,food_drink ", &err), 0);
	assert_string_equal(x.themes, "food_drink");
	assert_int_equal(coll_actions_themes_set(NULL, &x, "", &err), 0);
	assert_string_equal(x.themes, "");
}

static int one_int(void *ctx, int ncols, char **vals, char **names)
{
	(void)ncols;
	(void)names;
	*(int *)ctx = vals[0] ? atoi(vals[0]) : -1;
	return 0;
}

static void test_a_schema_11_database_should_gain_quotes_and_action_themes_on_open(void **state)
{
	fx *f = *state;
	fb_err err;
	sqlite3 *db;
	int n = 0;
	int64_t id = 0;
	coll_store_action a = {0};
	coll_actor who = {"wendy", MANAGER_PC, NOW};
	snprintf(a.team, sizeof a.team, "willow");
	snprintf(a.you_said, sizeof a.you_said, "Too hot");
	snprintf(a.we_will, sizeof a.we_will, "A fan");
	assert_int_equal(coll_actions_add(f->st, &who, &a, NULL, 0, &id, &err), 0);
	coll_web_free(f->w);
	f->w = NULL;            /* the teardown must not free them again if this fails */
	coll_store_close(f->st);
	f->st = NULL;
	/* undo steps 13 (tablet hours and modes) and 12, as a collector before
	 * them left the database */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE location_settings DROP COLUMN opening_hours;"
				      " ALTER TABLE location_settings DROP COLUMN modes;"
				      " DROP TABLE theme_quotes; ALTER TABLE actions DROP COLUMN themes;"
				      " DELETE FROM schema_version WHERE version >= 12", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(coll_store_open_sqlite(f->path, &f->st, &err), 0);
	assert_int_equal(coll_web_new(&f->cfg, f->st, &f->w, &err), 0);
	coll_web_set_themes(f->w, &fw);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "SELECT max(version) FROM schema_version", one_int, &n, NULL), SQLITE_OK);
	assert_int_equal(n, COLL_STORE_SCHEMA_VERSION);
	assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master WHERE name = 'theme_quotes'",
				      one_int, &n, NULL), SQLITE_OK);
	assert_int_equal(n, 1);
	sqlite3_close(db);
	/* the old action is there, answering no theme, and can be given one */
	coll_store_action got;
	assert_int_equal(coll_store_action_get(f->st, id, &got, &err), 0);
	assert_string_equal(got.you_said, "Too hot");
	assert_string_equal(got.themes, "");
	assert_int_equal(coll_actions_themes_set(&fw, &got, fw.cats[0].code, &err), 0);
	assert_int_equal(coll_actions_edit(f->st, &who, &got, &err), 0);
	coll_store_action again;
	assert_int_equal(coll_store_action_get(f->st, id, &again, &err), 0);
	assert_string_equal(again.themes, got.themes);
	assert_true(again.themes[0] != '\0');
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_chosen_quote_should_show_escaped_under_its_theme_and_be_audited),
		T(test_an_estates_user_should_see_the_quote_but_no_form),
		T(test_a_quote_should_go_when_its_comment_is_erased),
		T(test_a_quote_should_go_when_retention_deletes_its_words),
		T(test_an_action_should_show_the_themes_it_answers),
		T(test_a_schema_11_database_should_gain_quotes_and_action_themes_on_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
