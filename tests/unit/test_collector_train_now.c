/* test_collector_train_now: the themes page's Train now, through
 * coll_web_handle and the collector's trainer (retrain.h) on a temporary
 * SQLite store holding the synthetic coded set (tests/data/themes): the
 * page says no model is trained yet; pressing Train now answers at once
 * (the training runs on its own thread) and is audited; a second press
 * while it runs starts nothing and says "Training is already running"; the
 * page then says when the model was trained and from how many coded
 * comments, and ingest's hook was called once; a person who may not code
 * is refused; with retrain_days 0 Train now still works; freeing the
 * trainer waits for a training under way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/retrain.h"
#include "../../collector/store/store.h"
#include "../../collector/themes/framework.h"
#include "../../collector/themes_cli.h"
#include "../../collector/users.h"
#include "../../collector/web/web.h"
#include "src_path.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */

#include "collector_web_fixture.h"

static coll_themes_framework fw;
static atomic_int models_taken;

static void on_model(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&models_taken, 1);
}

static int setup(void **state)
{
	fb_err err;
	if (fx_setup_themes(state, &fw))
		return 1;
	fx *f = *state;
	snprintf(f->cfg.themes_framework_file, sizeof f->cfg.themes_framework_file, "%s",
		 test_src_path("config/themes/framework.json"));
	FILE *out = fopen("/dev/null", "w");
	assert_non_null(out);
	assert_int_equal(coll_themes_cli_import(&f->cfg, f->st, test_src_path("tests/data/themes/coded.csv"),
						out, &err), 0);
	fclose(out);
	atomic_store(&models_taken, 0);
	return 0;
}

/* Waits (at most 120 s: the sanitizer build trains slowly) until no
 * training runs; whether it ended in time. */
static bool wait_idle(coll_retrain *rt)
{
	coll_retrain_status t;
	for (int i = 0; i < 1200; i++) {
		coll_retrain_status_get(rt, &t);
		if (!t.running)
			return true;
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return false;
}

/* How many Train now presses were audited. */
static int train_audits(fx *f)
{
	return fx_audit_of(f, COLL_AUDIT_THEMES_TRAIN).n;
}

static void test_train_now_should_run_in_the_background_once_at_a_time(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_retrain *rt = NULL;
	f->cfg.themes_retrain_days = 0;         /* no schedule: the button still trains */
	assert_int_equal(coll_retrain_start(&f->cfg, f->st, on_model, NULL, &rt, &err), 0);
	assert_non_null(rt);
	coll_web_set_trainer(f->w, rt);
	login(f, "wendy");
	get(f, "/themes");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Not yet: no model is trained"));
	assert_non_null(strstr(f->r.body, "No ([themes] retrain_days = 0)"));
	assert_non_null(strstr(f->r.body, "<form method=\"post\" action=\"/themes/train\">"));
	assert_non_null(strstr(f->r.body, ">Train now</button>"));

	post(f, "/themes/train", "");
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/themes");
	/* the press answered while the training runs */
	get(f, "/themes");
	assert_non_null(strstr(f->r.body, ">Running</strong>"));
	assert_non_null(strstr(f->r.body, "(Train now by wendy)"));
	post(f, "/themes/train", "");
	assert_int_equal(f->r.status, 409);
	assert_non_null(strstr(f->r.body, "Training is already running"));
	assert_int_equal(train_audits(f), 1);      /* the refused press started and audited nothing */

	assert_true(wait_idle(rt));
	assert_int_equal(atomic_load(&models_taken), 1);
	coll_store_themes_model_info m;
	assert_int_equal(coll_store_themes_model_info_get(f->st, &m, &err), 0);
	assert_string_equal(m.trained_by, "Train now by wendy");
	get(f, "/themes");
	char want[160];
	snprintf(want, sizeof want, "from %lld coded comments", (long long)m.n_comments);
	assert_true(m.n_comments > 800);
	assert_non_null(strstr(f->r.body, want));
	assert_non_null(strstr(f->r.body, "model 1 stored"));
	assert_null(strstr(f->r.body, ">Running</strong>"));

	/* pressed again once it ended: a second model */
	post(f, "/themes/train", "");
	assert_int_equal(f->r.status, 303);
	assert_true(wait_idle(rt));
	assert_int_equal(atomic_load(&models_taken), 2);
	assert_int_equal(train_audits(f), 2);
	coll_retrain_free(rt);
	coll_web_set_trainer(f->w, NULL);
}

static void test_only_those_who_code_should_train(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_retrain *rt = NULL;
	f->cfg.themes_retrain_days = 0;
	assert_int_equal(coll_retrain_start(&f->cfg, f->st, on_model, NULL, &rt, &err), 0);
	coll_web_set_trainer(f->w, rt);
	add_role(f, "ed", "willow", "estates");
	login(f, "ed");
	get(f, "/themes");
	assert_int_equal(f->r.status, 403);
	post(f, "/themes/train", "");
	assert_int_equal(f->r.status, 403);
	/* nor without the session's token */
	login(f, "wendy");
	send_req(f, "POST", "/themes/train", f->cookie, "csrf=forged");
	assert_int_equal(f->r.status, 403);
	coll_retrain_status t;
	coll_retrain_status_get(rt, &t);
	assert_false(t.running);
	assert_int_equal(train_audits(f), 0);
	int64_t id = 0;
	assert_int_equal(coll_store_themes_model_latest_id(f->st, &id, &err), 0);
	assert_int_equal(id, 0);
	coll_retrain_free(rt);
	coll_web_set_trainer(f->w, NULL);
}

static void test_freeing_should_wait_for_a_training_under_way(void **state)
{
	fx *f = *state;
	fb_err err;
	bool started = false, again = true;
	coll_retrain *rt = NULL;
	f->cfg.themes_retrain_days = 0;
	assert_int_equal(coll_retrain_start(&f->cfg, f->st, on_model, NULL, &rt, &err), 0);
	assert_int_equal(coll_retrain_now(rt, "wendy", &started, &err), 0);
	assert_true(started);
	assert_int_equal(coll_retrain_now(rt, "owen", &again, &err), 0);
	assert_false(again);
	coll_retrain_free(rt);                  /* joins the thread: the model is stored */
	int64_t id = 0;
	assert_int_equal(coll_store_themes_model_latest_id(f->st, &id, &err), 0);
	assert_int_equal(id, 1);
	assert_int_equal(atomic_load(&models_taken), 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_train_now_should_run_in_the_background_once_at_a_time),
		T(test_only_those_who_code_should_train),
		T(test_freeing_should_wait_for_a_training_under_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
