/* themes store (schema 6): people's coding of a comment is kept, a
 * correction replaces it with the old one kept as history, imports of the
 * same comment correct rather than duplicate, the model's suggestions arrive
 * with their response and never count as coding, the newest models are kept
 * beside the data, and a team's themes are counted for its pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../../collector/store/store.h"
#include "tmpdir.h"

typedef struct fixture {
	char dir[256];
	coll_store *st;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char path[300];
	fb_err err;
	if (!f || test_tmpdir_make(f->dir, sizeof f->dir, "themes-store"))
		return -1;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	if (coll_store_open_sqlite(path, &f->st, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	coll_store_close(f->st);
	test_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

typedef struct seen {
	char cats[8][256];
	char by[8][64];
	int sentiment[8];
	int64_t replaced[8];
	int n;
} seen;

static int keep(void *ctx, const coll_store_theme_coding *c)
{
	seen *s = ctx;
	if (s->n < 8) {
		snprintf(s->cats[s->n], sizeof s->cats[0], "%s", c->categories);
		snprintf(s->by[s->n], sizeof s->by[0], "%s", c->coded_by);
		s->sentiment[s->n] = c->sentiment;
		s->replaced[s->n] = c->replaced_at_ms;
	}
	s->n++;
	return 0;
}

static void test_correction_should_replace_the_coding_and_keep_the_old_one_as_history(void **state)
{
	fixture *f = *state;
	fb_err err;
	seen cur = {0}, hist = {0};
	int64_t n = 0;
	coll_store_theme_coding a = {"r-1", "better", "Waited hours", "timeliness", 4, "amy", 1000, 0};
	coll_store_theme_coding b = {"r-1", "better", "Waited hours", "timeliness,staffing_levels", 5, "ben",
				     2000, 0};
	assert_int_equal(coll_store_themes_coding_put(f->st, &a, 1, &err), 0);
	assert_int_equal(coll_store_themes_coding_put(f->st, &b, 1, &err), 0);
	assert_int_equal(coll_store_themes_coding_each(f->st, keep, &cur, &err), 0);
	assert_int_equal(cur.n, 1);
	assert_string_equal(cur.cats[0], "timeliness,staffing_levels");
	assert_string_equal(cur.by[0], "ben");
	assert_int_equal(coll_store_themes_coding_history_each(f->st, "r-1", "better", keep, &hist, &err), 0);
	assert_int_equal(hist.n, 2);
	assert_string_equal(hist.by[0], "amy");
	assert_int_equal(hist.replaced[0], 2000);
	assert_int_equal(hist.replaced[1], 0);
	assert_int_equal(coll_store_themes_coding_count(f->st, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void test_a_bad_coding_should_leave_the_whole_batch_unstored(void **state)
{
	fixture *f = *state;
	fb_err err;
	int64_t n = -1;
	coll_store_theme_coding v[] = {
		{"r-2", "good", "Kind", "staff_manner", 1, "amy", 1000, 0},
		{"r-3", "good", "Nice", "staff_manner", 7, "amy", 1000, 0},
	};
	assert_int_equal(coll_store_themes_coding_put(f->st, v, 2, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "coding 2: sentiment 7 is not 1 to 5"));
	assert_int_equal(coll_store_themes_coding_count(f->st, &n, &err), 0);
	assert_int_equal(n, 0);
}

static void test_models_should_be_kept_newest_first_and_only_the_last_three(void **state)
{
	fixture *f = *state;
	fb_err err;
	int64_t id = 0, latest = 0, at = 0, count = 0;
	char *body = NULL;
	assert_int_equal(coll_store_themes_model_latest(f->st, &body, &id, &at, &err), FB_ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "themes train"));
	assert_int_equal(coll_store_themes_model_latest_id(f->st, &latest, &err), 0);
	assert_int_equal(latest, 0);
	for (int i = 1; i <= 5; i++) {
		char text[32];
		snprintf(text, sizeof text, "model %d", i);
		assert_int_equal(coll_store_themes_model_put(f->st, text, "scores", 100, "amy", i * 1000LL, &id, &err), 0);
		assert_int_equal(id, i);
	}
	assert_int_equal(coll_store_themes_model_latest(f->st, &body, &id, &at, &err), 0);
	assert_string_equal(body, "model 5");
	assert_int_equal(id, 5);
	assert_int_equal(at, 5000);
	free(body);
	/* the cap */
	assert_int_equal(coll_store_themes_model_latest_id(f->st, &latest, &err), 0);
	assert_int_equal(latest, 5);
	char path[300];
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), min(id) FROM themes_models", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	count = sqlite3_column_int64(q, 0);
	assert_int_equal(count, COLL_STORE_THEMES_MODELS_KEPT);
	assert_int_equal(sqlite3_column_int64(q, 1), 3);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static int top_keep(void *ctx, const char *code, int64_t n)
{
	char *out = ctx;
	snprintf(out + strlen(out), 512 - strlen(out), "%s=%lld ", code, (long long)n);
	return 0;
}

static void put_response(fixture *f, const char *id, const coll_store_theme_suggestion *g, size_t n_g)
{
	unsigned char digest[COLL_STORE_HASH_LEN] = {0};
	coll_store_outcome out;
	fb_err err;
	digest[0] = (unsigned char)id[strlen(id) - 1];
	coll_store_response r = {
		.id = id, .digest = digest, .device_id = "dev-1", .location = "ward-7",
		.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
		.started_at_ms = 1795683600000LL, .submitted_at_ms = 1795683642000LL, .duration_ms = 42000,
		.received_at_ms = 1795683650000LL, .fft = 1, .answers_json = "{}",
		.free_text_json = "{\"do_better\":\"x\"}", .themes = g, .n_themes = n_g,
	};
	assert_int_equal(coll_store_responses_put(f->st, &r, 1, &out, &err), 0);
	assert_int_equal(out, COLL_STORE_STORED);
}

static int sugg_keep(void *ctx, const coll_store_theme_suggestion *g)
{
	char *out = ctx;
	snprintf(out + strlen(out), 512 - strlen(out), "%s:%s:%d ", g->question, g->categories, g->sentiment);
	return 0;
}

static void test_team_themes_should_count_coding_where_there_is_some_else_suggestions(void **state)
{
	fixture *f = *state;
	fb_err err;
	char top[512] = "", sugg[512] = "";
	assert_int_equal(coll_store_location_add(f->st, "ward-7", "Ward 7", "team-a", &err), 0);
	coll_store_theme_suggestion g1[] = {{"better", "timeliness,food_drink", 4, 1, 10}};
	coll_store_theme_suggestion g2[] = {{"better", "timeliness", 5, 1, 10}};
	coll_store_theme_suggestion g3[] = {{"better", "parking", 4, 1, 10}};
	put_response(f, "0190a000-0000-7000-8000-000000000001", g1, 1);
	put_response(f, "0190a000-0000-7000-8000-000000000002", g2, 1);
	put_response(f, "0190a000-0000-7000-8000-000000000003", g3, 1);
	/* a person corrects the third: staff, not parking */
	coll_store_theme_coding c = {"0190a000-0000-7000-8000-000000000003", "better", "x", "staffing_levels",
				     4, "amy", 2000, 0};
	assert_int_equal(coll_store_themes_coding_put(f->st, &c, 1, &err), 0);
	assert_int_equal(coll_store_themes_top(f->st, "team-a", 0, INT64_MAX, "better", top_keep, top, &err), 0);
	assert_string_equal(top, "timeliness=2 food_drink=1 staffing_levels=1 ");
	top[0] = '\0';
	assert_int_equal(coll_store_themes_top(f->st, "team-b", 0, INT64_MAX, NULL, top_keep, top, &err), 0);
	assert_string_equal(top, "");
	/* the suggestion stays a suggestion beside the coding */
	assert_int_equal(coll_store_themes_suggestions_each(f->st, "0190a000-0000-7000-8000-000000000003",
							    sugg_keep, sugg, &err), 0);
	assert_string_equal(sugg, "better:parking:4 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_correction_should_replace_the_coding_and_keep_the_old_one_as_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_bad_coding_should_leave_the_whole_batch_unstored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_models_should_be_kept_newest_first_and_only_the_last_three, setup, teardown),
		cmocka_unit_test_setup_teardown(test_team_themes_should_count_coding_where_there_is_some_else_suggestions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
