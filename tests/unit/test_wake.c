/* Tests for sync/wake.c: feedback-syncd's nap ends within milliseconds when
 * the queue's files are written, not when other files in data_dir are, and
 * without inotify (a directory that cannot be watched, or one removed while
 * watched) it still sleeps the full poll period, so the poll carries on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "../../sync/wake.h"
#include "tmpdir.h"

static const char *const NAMES[] = {"queue.db-wal", "queue.db", NULL};

typedef struct fixture {
	char dir[64];
	fb_wake *w;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fb_err err = {0};

	if (!f)
		return -1;
	if (test_tmpdir_make(f->dir, sizeof f->dir, "wake") != 0 ||
	    fb_wake_new(&f->w, f->dir, NAMES, &err) != 0) {
		print_error("%s\n", err.msg);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	fb_wake_free(f->w);
	if (test_tmpdir_remove(f->dir) != 0)
		return -1;
	free(f);
	return 0;
}

static void append(const fixture *f, const char *name)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	fp = fopen(path, "a");
	assert_non_null(fp);
	assert_true(fputs("x", fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

static void test_write_to_the_wal_should_end_the_nap_at_once(void **state)
{
	fixture *f = *state;
	int64_t t0;

	assert_true(fb_wake_watching(f->w));
	append(f, "queue.db-wal");     /* created, then written */
	t0 = fb_mono_ms();
	assert_int_equal(fb_wake_wait(f->w, 5000), FB_WAKE_CHANGED);
	assert_true(fb_mono_ms() - t0 < 100);
	/* the events were drained: with nothing new it sleeps the full time */
	t0 = fb_mono_ms();
	assert_int_equal(fb_wake_wait(f->w, 120), FB_WAKE_TIMEOUT);
	assert_true(fb_mono_ms() - t0 >= 115);
	/* the main database file counts too (a checkpoint, a rollback journal) */
	append(f, "queue.db");
	assert_int_equal(fb_wake_wait(f->w, 5000), FB_WAKE_CHANGED);
}

static void test_other_files_in_data_dir_should_not_end_the_nap(void **state)
{
	fixture *f = *state;
	int64_t t0 = fb_mono_ms();

	append(f, "sync-status.json");  /* the daemon's own status file */
	append(f, "queue.db-shm");
	assert_int_equal(fb_wake_wait(f->w, 150), FB_WAKE_TIMEOUT);
	assert_true(fb_mono_ms() - t0 >= 145);
}

static void test_without_a_watch_it_should_sleep_the_poll_period(void **state)
{
	fb_wake *w = (fb_wake *)1;
	fb_err err = {0};
	int64_t t0;

	(void)state;
	assert_int_not_equal(fb_wake_new(&w, "/nonexistent/fb-data", NAMES, &err), 0);
	assert_null(w);
	assert_non_null(strstr(err.msg, "unable to watch '/nonexistent/fb-data'"));
	assert_false(fb_wake_watching(NULL));
	t0 = fb_mono_ms();
	assert_int_equal(fb_wake_wait(NULL, 100), FB_WAKE_TIMEOUT);
	assert_true(fb_mono_ms() - t0 >= 95);
	assert_int_equal(fb_wake_wait(NULL, 0), FB_WAKE_TIMEOUT);
	fb_wake_free(NULL);
}

static void test_removed_data_dir_should_fall_back_to_sleeping(void **state)
{
	fixture *f = *state;
	int64_t t0;

	assert_int_equal(rmdir(f->dir), 0);
	assert_int_equal(fb_wake_wait(f->w, 5000), FB_WAKE_LOST);
	assert_false(fb_wake_watching(f->w));
	t0 = fb_mono_ms();
	assert_int_equal(fb_wake_wait(f->w, 100), FB_WAKE_TIMEOUT);
	assert_true(fb_mono_ms() - t0 >= 95);
}

static void test_bad_names_should_be_refused(void **state)
{
	static const char *const slash[] = {"a/b", NULL};
	fb_wake *w = NULL;
	fb_err err = {0};

	(void)state;
	assert_int_equal(fb_wake_new(&w, "/tmp", slash, &err), FB_ERR_INVALID);
	assert_null(w);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_write_to_the_wal_should_end_the_nap_at_once),
		T(test_other_files_in_data_dir_should_not_end_the_nap),
		cmocka_unit_test(test_without_a_watch_it_should_sleep_the_poll_period),
		T(test_removed_data_dir_should_fall_back_to_sleeping),
		cmocka_unit_test(test_bad_names_should_be_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
