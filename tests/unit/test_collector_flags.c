/* test_collector_flags: a flagged comment's state as the people who read it
 * see it, through coll_web_handle on a temporary SQLite store: new at the top
 * of the team's pages and of /safeguarding until someone marks it seen; who
 * saw it and when; actioned with a note; CSRF on both forms; a team marks only
 * its own; [results] safeguarding_team sees and marks every location's. */
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
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */

#include "collector_web_fixture.h"
#include "schema_undo.h"

#define NEW_MARK "Safeguarding concern</strong> Read and act on this today"
#define NOTICE_ONE "1 comment that may need action today has not been seen yet"

/* A flagged comment at location, `days` ago; its id is left in id (40 bytes). */
static void put_flagged(fx *f, const char *location, const char *text, int days, char *id)
{
	put(f, location, 5, 1, text, true, 0, NOW - days * DAY);
	snprintf(id, 40, "%s", f->response_id);
}

/* POSTs a flag form as the page would send it; csrf NULL = the session's. */
static void mark(fx *f, const char *what, const char *id, const char *note, const char *back,
		 const char *csrf)
{
	char body[1024], path[64];
	snprintf(body, sizeof body, "csrf=%s&id=%s&back=%s%s%s", csrf ? csrf : f->csrf, id,
		 back, note ? "&note=" : "", note ? note : "");
	snprintf(path, sizeof path, "/safeguarding/%s", what);
	send_req(f, "POST", path, f->cookie, body);
}

static void test_a_new_flagged_comment_should_stay_at_the_top_until_someone_marks_it_seen(void **state)
{
	fx *f = *state;
	char id[40];
	put_flagged(f, "WARD1", "I want to hurt myself", 5, id);
	put(f, "WARD1", 1, 1, "lovely nurses", false, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, NOTICE_ONE));
	assert_non_null(strstr(f->r.body, NEW_MARK));
	assert_non_null(strstr(f->r.body, "Not yet seen."));
	assert_true(strstr(f->r.body, "I want to hurt myself") < strstr(f->r.body, "lovely nurses"));
	assert_non_null(strstr(f->r.body, ">Mark seen</button>"));
	/* the team page and the home page say so too */
	get(f, "/team");
	assert_non_null(strstr(f->r.body, NOTICE_ONE));
	get(f, "/");
	assert_non_null(strstr(f->r.body, NOTICE_ONE));

	f->now = NOW + 60000;
	mark(f, "seen", id, NULL, "/location/WARD1", NULL);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/location/WARD1");
	get(f, "/location/WARD1");
	assert_null(strstr(f->r.body, "may need action today"));
	assert_null(strstr(f->r.body, NEW_MARK));
	assert_null(strstr(f->r.body, ">Mark seen</button>"));
	assert_non_null(strstr(f->r.body, "Seen by <strong>wendy</strong> on 15 Nov 2026 12:01."));
	/* seen, it takes its place by date: the newer comment is now above it */
	assert_true(strstr(f->r.body, "lovely nurses") < strstr(f->r.body, "I want to hurt myself"));
	assert_non_null(strstr(f->r.body, ">Mark actioned</button>"));
}

static void test_marking_actioned_should_keep_who_when_and_the_note(void **state)
{
	fx *f = *state;
	char id[40];
	put_flagged(f, "WARD1", "he hits me at home", 1, id);
	login(f, "wendy");
	/* straight to actioned: it is seen then too */
	mark(f, "actioned", id, "Told+the+ward+manager%3B+safeguarding+referral+made", "/safeguarding",
	     NULL);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/safeguarding");
	get(f, "/safeguarding");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Seen by <strong>wendy</strong> on 15 Nov 2026 12:00."));
	assert_non_null(strstr(f->r.body, "Actioned</strong> by <strong>wendy</strong> on 15 Nov 2026"
				  " 12:00: Told the ward manager; safeguarding referral made"));
	assert_null(strstr(f->r.body, ">Mark actioned</button>"));
	assert_non_null(strstr(f->r.body, "None: every flagged comment has been seen."));
}

static void test_an_action_without_a_note_or_with_a_long_one_should_change_nothing(void **state)
{
	fx *f = *state;
	char id[40], longnote[400];
	put_flagged(f, "WARD1", "I feel unsafe", 1, id);
	login(f, "wendy");
	mark(f, "actioned", id, "+++", "/safeguarding", NULL);
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "Say what was done"));
	memset(longnote, 'a', 201);
	longnote[201] = '\0';
	mark(f, "actioned", id, longnote, "/safeguarding", NULL);
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "200 characters or fewer"));
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, NEW_MARK));
}

static void test_a_mark_without_the_sessions_csrf_token_should_change_nothing(void **state)
{
	fx *f = *state;
	char id[40];
	put_flagged(f, "WARD1", "I feel unsafe", 1, id);
	login(f, "wendy");
	mark(f, "seen", id, NULL, "/safeguarding", "forged");
	assert_int_equal(f->r.status, 403);
	assert_non_null(strstr(f->r.body, "Form expired"));
	send_req(f, "POST", "/safeguarding/seen", f->cookie, "id=x");
	assert_int_equal(f->r.status, 403);
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, NEW_MARK));
}

static void test_a_team_should_mark_only_its_own_locations_comments(void **state)
{
	fx *f = *state;
	char id[40];
	put_flagged(f, "WARD1", "I feel unsafe on the ward", 1, id);
	login(f, "owen");          /* oak */
	mark(f, "seen", id, NULL, "/safeguarding", NULL);
	assert_int_equal(f->r.status, 403);
	assert_non_null(strstr(f->r.body, "another team"));
	/* nor does oak's safeguarding page show willow's comment */
	get(f, "/safeguarding");
	assert_int_equal(f->r.status, 200);
	assert_null(strstr(f->r.body, "I feel unsafe on the ward"));
	mark(f, "seen", "019a0000-0000-7000-8000-999999999999", NULL, "/safeguarding", NULL);
	assert_int_equal(f->r.status, 404);
}

static void test_the_safeguarding_team_should_see_and_mark_every_locations_comments(void **state)
{
	fx *f = *state;
	char willow[40], oak[40];
	add_user(f, "sam", "safeguarding");
	f->cfg.safeguarding_team[0] = '\0';
	put_flagged(f, "WARD1", "I want to end my life", 30, willow);  /* last month */
	put_flagged(f, "WARD2", "they hit me", 1, oak);
	login(f, "sam");
	/* before it is named, sam's team has no locations: nothing shown */
	get(f, "/safeguarding");
	assert_null(strstr(f->r.body, "I want to end my life"));
	get(f, "/");
	assert_null(strstr(f->r.body, "may need action today"));
	snprintf(f->cfg.safeguarding_team, sizeof f->cfg.safeguarding_team, "safeguarding");
	/* the safeguarding team's home page counts every location's */
	get(f, "/");
	assert_non_null(strstr(f->r.body, "2 comments that may need action today have not been seen yet"));
	get(f, "/safeguarding");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Every location's comments"));
	const char *a = strstr(f->r.body, "they hit me"), *b = strstr(f->r.body, "I want to end my life");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);        /* newest first */
	assert_non_null(strstr(f->r.body, "&middot; Oak Ward</p>"));
	mark(f, "seen", willow, NULL, "/safeguarding", NULL);
	assert_int_equal(f->r.status, 303);
	get(f, "/safeguarding");
	const char *seen_head = strstr(f->r.body, "Seen or actioned");
	assert_non_null(seen_head);
	assert_true(strstr(f->r.body, "they hit me") < seen_head);
	assert_true(strstr(f->r.body, "I want to end my life") > seen_head);
	assert_non_null(strstr(f->r.body, "Seen by <strong>sam</strong>"));
	/* the Willow team sees who saw it on its own page */
	f->cookie[0] = '\0';
	login(f, "wendy");
	f->args[0] = "month";
	f->args[1] = "2026-10";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "Seen by <strong>sam</strong>"));
	assert_null(strstr(f->r.body, "may need action today"));
}

static void test_a_flag_form_should_send_back_only_to_a_page_of_ours(void **state)
{
	fx *f = *state;
	char id[40];
	put_flagged(f, "WARD1", "I feel unsafe", 1, id);
	login(f, "wendy");
	mark(f, "seen", id, NULL, "%2F%2Fevil.example%2F", NULL);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/safeguarding");
	mark(f, "seen", id, NULL, "https%3A%2F%2Fevil.example%2F", NULL);
	assert_string_equal(f->r.location, "/safeguarding");
	mark(f, "seen", id, NULL, "%2Fteam", NULL);
	assert_string_equal(f->r.location, "/team");
}

static void test_the_quality_board_should_never_show_flag_forms(void **state)
{
	fx *f = *state;
	char id[40];
	put_flagged(f, "WARD1", "I feel unsafe", 1, id);
	login(f, "wendy");
	get(f, "/quality-board");
	assert_int_equal(f->r.status, 200);
	assert_null(strstr(f->r.body, "I feel unsafe"));
	assert_null(strstr(f->r.body, "Mark seen"));
}

static void test_comments_flagged_before_schema_4_should_start_new(void **state)
{
	fx *f = *state;
	char id[40];
	fb_err err;
	sqlite3 *db;
	put_flagged(f, "WARD1", "I feel unsafe", 1, id);
	put(f, "WARD1", 1, 1, "lovely nurses", false, 0, NOW - DAY);
	/* what schema 3 kept: the flag, and no state */
	coll_web_free(f->w);
	coll_store_close(f->st);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"DROP TABLE alerts; DROP INDEX responses_flag_new; ALTER TABLE responses DROP COLUMN flag_new;"
		" ALTER TABLE responses DROP COLUMN flag_seen_by;"
		" ALTER TABLE responses DROP COLUMN flag_seen_at_ms;"
		" ALTER TABLE responses DROP COLUMN flag_actioned_by;"
		" ALTER TABLE responses DROP COLUMN flag_actioned_at_ms;"
		" ALTER TABLE responses DROP COLUMN flag_note;"
		" DROP TABLE actions; DROP TABLE action_comments; DROP TABLE action_history;"
		" DROP TABLE published_items; DROP TABLE published_locations;"
		" DROP TABLE published_texts; DROP TABLE device_config_fetch;" SCHEMA_UNDO_TO_5
		" DELETE FROM schema_version WHERE version >= 4", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(coll_store_open_sqlite(f->path, &f->st, &err), 0);
	assert_int_equal(coll_web_new(&f->cfg, f->st, &f->w, &err), 0);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, NOTICE_ONE));
	assert_non_null(strstr(f->r.body, NEW_MARK));
	assert_null(strstr(f->r.body, "Seen by"));
}

int main(void)
{
	if (fx_use_trust_zone())
		return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_wards, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_new_flagged_comment_should_stay_at_the_top_until_someone_marks_it_seen),
		T(test_marking_actioned_should_keep_who_when_and_the_note),
		T(test_an_action_without_a_note_or_with_a_long_one_should_change_nothing),
		T(test_a_mark_without_the_sessions_csrf_token_should_change_nothing),
		T(test_a_team_should_mark_only_its_own_locations_comments),
		T(test_the_safeguarding_team_should_see_and_mark_every_locations_comments),
		T(test_a_flag_form_should_send_back_only_to_a_page_of_ours),
		T(test_the_quality_board_should_never_show_flag_forms),
		T(test_comments_flagged_before_schema_4_should_start_new),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
