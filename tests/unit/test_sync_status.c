/* test_sync_status: the status file the staff screen reads (lib/sync_status.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync_status.h"
#include "tmpdir.h"

typedef test_file_fixture fx;

static int setup(void **state)
{
	return test_file_fixture_new(state, "status", FB_SYNC_STATUS_FILE);
}

static void test_a_written_status_should_read_back_field_for_field(void **state)
{
	fx *f = *state;
	fb_sync_status in = {0}, out;
	fb_err err = {0};

	snprintf(in.state, sizeof in.state, "backing_off");
	in.authorised = true;
	in.last_attempt_ms = 1795683600000LL;
	in.last_success_ms = 1795683500000LL;
	in.next_try_ms = 1795683604000LL;
	snprintf(in.last_error, sizeof in.last_error, "unable to reach the collector: \"refused\"; check it");
	in.queue_depth = 12;
	in.oldest_unsent_ms = 1795683000000LL;
	in.quarantined = 2;
	in.consecutive_failures = 3;
	in.sent_total = 1000;
	in.stored_total = 990;
	in.duplicate_total = 8;
	in.quarantined_total = 2;
	in.last_heartbeat_ms = 1795683400000LL;
	in.pid = 4242;
	assert_int_equal(fb_sync_status_write(f->path, &in, &err), 0);
	assert_int_equal(fb_sync_status_read(f->path, &out, &err), 0);
	assert_string_equal(out.state, "backing_off");
	assert_true(out.authorised);
	assert_int_equal(out.last_attempt_ms, in.last_attempt_ms);
	assert_int_equal(out.last_success_ms, in.last_success_ms);
	assert_int_equal(out.next_try_ms, in.next_try_ms);
	assert_string_equal(out.last_error, in.last_error);
	assert_int_equal(out.queue_depth, 12);
	assert_int_equal(out.quarantined, 2);
	assert_int_equal(out.consecutive_failures, 3);
	assert_int_equal(out.sent_total, 1000);
	assert_int_equal(out.duplicate_total, 8);
	assert_int_equal(out.last_heartbeat_ms, in.last_heartbeat_ms);
	assert_int_equal(out.pid, 4242);
}

static void test_rewriting_should_replace_the_file_and_leave_no_temporary(void **state)
{
	fx *f = *state;
	fb_sync_status st = {0}, out;
	fb_err err = {0};
	char tmp[160];

	snprintf(st.state, sizeof st.state, "sending");
	assert_int_equal(fb_sync_status_write(f->path, &st, &err), 0);
	snprintf(st.state, sizeof st.state, "idle");
	st.authorised = false;
	assert_int_equal(fb_sync_status_write(f->path, &st, &err), 0);
	assert_int_equal(fb_sync_status_read(f->path, &out, &err), 0);
	assert_string_equal(out.state, "idle");
	assert_false(out.authorised);
	snprintf(tmp, sizeof tmp, "%s.tmp", f->path);
	assert_int_not_equal(access(tmp, F_OK), 0);
}

static void test_no_file_yet_should_say_the_daemon_has_not_run(void **state)
{
	fx *f = *state;
	fb_sync_status out;
	fb_err err = {0};

	assert_int_equal(fb_sync_status_read(f->path, &out, &err), FB_ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "has not run yet"));
}

static void test_a_damaged_file_should_be_reported_not_crash(void **state)
{
	fx *f = *state;
	fb_sync_status out;
	fb_err err = {0};
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	fputs("{\"state\": \"idle\", \"queue_dep", fp);
	fclose(fp);
	assert_int_equal(fb_sync_status_read(f->path, &out, &err), FB_ERR_CORRUPT);
	assert_non_null(strstr(err.msg, f->path));
}

static void test_an_unwritable_directory_should_fail_with_the_path(void **state)
{
	fb_sync_status st = {0};
	fb_err err = {0};

	assert_int_not_equal(fb_sync_status_write("/nonexistent-dir/sync-status.json", &st, &err), 0);
	assert_non_null(strstr(err.msg, "/nonexistent-dir/sync-status.json.tmp"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_written_status_should_read_back_field_for_field),
		T(test_rewriting_should_replace_the_file_and_leave_no_temporary),
		T(test_no_file_yet_should_say_the_daemon_has_not_run),
		T(test_a_damaged_file_should_be_reported_not_crash),
		T(test_an_unwritable_directory_should_fail_with_the_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
