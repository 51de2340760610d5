/* Tests for kiosk/staff.c: the PIN pad and its lock-out on a fake clock,
 * the sync daemon's status file read tolerantly, and "sync now" reaching
 * the daemon by its pid file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/prctl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../kiosk/staff.h"
#include "../../kiosk/store.h"
#include "config.h"
#include "sync_status.h"
#include "kiosk_fixture.h"
#include "tmpdir.h"
#include "assert_text.h"

static fb_staff *staff_with_pin(const char *pin)
{
	char hash[crypto_pwhash_STRBYTES];
	fb_staff *st = NULL;
	fb_err err;

	assert_true(sodium_init() >= 0);
	assert_int_equal(kiosk_fixture_pin_hash(hash, pin), 0);
	assert_int_equal(fb_staff_new(&st, hash, &err), 0);
	return st;
}

static fb_staff_pin_result enter(fb_staff *st, const char *pin, int64_t now)
{
	for (const char *p = pin; *p; p++)
		fb_staff_pin_digit(st, *p - '0', now);
	return fb_staff_pin_check(st, now);
}

static void test_right_pin_should_be_accepted_and_the_digits_forgotten(void **state)
{
	fb_staff *st = staff_with_pin("80085");

	assert_true(fb_staff_enabled(st));
	assert_int_equal(enter(st, "80085", 1000), FB_STAFF_PIN_OK);
	assert_int_equal(fb_staff_pin_length(st), 0);
	assert_int_equal(fb_staff_tries_left(st), FB_STAFF_MAX_TRIES);
	fb_staff_free(st);
}

static void test_five_wrong_pins_should_lock_the_pad_for_five_minutes(void **state)
{
	fb_staff *st = staff_with_pin("2468");
	int64_t t = 50000;

	for (int i = 1; i < FB_STAFF_MAX_TRIES; i++) {
		assert_int_equal(enter(st, "1111", t), FB_STAFF_PIN_WRONG);
		assert_int_equal(fb_staff_tries_left(st), FB_STAFF_MAX_TRIES - i);
	}
	assert_int_equal(enter(st, "1111", t), FB_STAFF_PIN_LOCKED);
	assert_true(fb_staff_locked(st, t));
	assert_true(fb_staff_locked_until(st) == t + FB_STAFF_LOCKOUT_MS);
	/* While locked the pad takes no digits and refuses the right PIN. */
	assert_false(fb_staff_pin_digit(st, 2, t + 1000));
	assert_int_equal(enter(st, "2468", t + 1000), FB_STAFF_PIN_LOCKED);
	assert_int_equal(enter(st, "2468", t + FB_STAFF_LOCKOUT_MS - 1),
			 FB_STAFF_PIN_LOCKED);
	/* Five minutes on, it opens and the count starts again. */
	assert_int_equal(enter(st, "2468", t + FB_STAFF_LOCKOUT_MS),
			 FB_STAFF_PIN_OK);
	assert_false(fb_staff_locked(st, t + FB_STAFF_LOCKOUT_MS));
	assert_int_equal(fb_staff_tries_left(st), FB_STAFF_MAX_TRIES);
	fb_staff_free(st);
}

static void test_a_right_pin_should_reset_the_wrong_count(void **state)
{
	fb_staff *st = staff_with_pin("2468");

	for (int i = 0; i < 4; i++)
		enter(st, "0000", 10);
	assert_int_equal(enter(st, "2468", 20), FB_STAFF_PIN_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(enter(st, "0000", 30), FB_STAFF_PIN_WRONG);
	fb_staff_free(st);
}

static void test_pad_should_take_at_most_twelve_digits_and_an_empty_pin_is_wrong(void **state)
{
	fb_staff *st = staff_with_pin("2468");

	assert_int_equal(fb_staff_pin_check(st, 0), FB_STAFF_PIN_WRONG);
	for (int i = 0; i < 20; i++)
		fb_staff_pin_digit(st, 1, 0);
	assert_int_equal(fb_staff_pin_length(st), FB_STAFF_PIN_MAX);
	assert_false(fb_staff_pin_digit(st, 10, 0));
	fb_staff_pin_clear(st);
	assert_int_equal(fb_staff_pin_length(st), 0);
	fb_staff_free(st);
}

static void test_staff_access_should_be_off_without_a_hash_and_refuse_a_bad_hash(void **state)
{
	fb_staff *st = NULL;
	fb_err err;

	assert_int_equal(fb_staff_new(&st, "", &err), 0);
	assert_false(fb_staff_enabled(st));
	assert_int_equal(enter(st, "1234", 0), FB_STAFF_PIN_DISABLED);
	fb_staff_free(st);
	fb_staff_free(NULL);
	assert_int_equal(fb_staff_new(&st, "1234", &err), FB_ERR_INVALID);
	assert_null(st);
	assert_contains(err.msg, "staff_pin_hash");
}

static char *tmpdir(void)
{
	static char dir[64];
	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "staff"), 0);
	return dir;
}

static void rm_dir(const char *dir)
{
	assert_int_equal(test_tmpdir_remove(dir), 0);
}

static void test_missing_sync_status_should_say_the_daemon_has_not_reported(void **state)
{
	char *dir = tmpdir();
	fb_staff_status st;

	memset(&st, 0, sizeof st);
	st.queue_depth = -1;
	assert_int_equal(fb_staff_read_sync_status(dir, 0, &st), 0);
	assert_false(st.have_sync_status);
	/* what staff can do about it, in words: no daemon's name */
	assert_contains(st.last_sync_error, "no word from the sending service yet");
	assert_null(strstr(st.last_sync_error, "syncd"));
	assert_true(st.queue_depth == -1);
	assert_true(fb_staff_disk_free(dir) > 0);
	rm_dir(dir);
}

static void test_sync_status_should_give_last_sync_and_error_in_words(void **state)
{
	char *dir = tmpdir();
	char path[256];
	fb_sync_status ss;
	fb_staff_status st;
	fb_err err;

	memset(&ss, 0, sizeof ss);
	snprintf(ss.state, sizeof ss.state, "backing_off");
	ss.last_success_ms = 1790000000000LL;
	snprintf(ss.last_error, sizeof ss.last_error,
		 "collector unreachable: check the network");
	ss.queue_depth = 12;
	ss.quarantined = 1;
	ss.oldest_unsent_ms = 1790000000000LL;
	snprintf(path, sizeof path, "%s/%s", dir, FB_SYNC_STATUS_FILE);
	assert_int_equal(fb_sync_status_write(path, &ss, &err), 0);

	memset(&st, 0, sizeof st);
	st.queue_depth = -1;
	st.quarantined = -1;
	st.oldest_unsent_age_ms = -1;
	assert_int_equal(fb_staff_read_sync_status(dir, 1790000060000LL, &st), 0);
	assert_true(st.have_sync_status);
	assert_string_equal(st.sync_state, "backing_off");
	assert_true(st.last_sync_ok_ms == 1790000000000LL);
	assert_string_equal(st.last_sync_error,
			    "collector unreachable: check the network");
	assert_true(st.queue_depth == 12);
	assert_true(st.quarantined == 1);
	assert_true(st.oldest_unsent_age_ms == 60000);

	/* A damaged file is reported, never fatal. */
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("{not json", fp);
	fclose(fp);
	assert_int_equal(fb_staff_read_sync_status(dir, 0, &st), 0);
	assert_false(st.have_sync_status);
	rm_dir(dir);
}

static void test_sync_status_should_give_the_trust_config_fetched_or_why_refused(void **state)
{
	char *dir = tmpdir();
	char path[256];
	fb_sync_status ss;
	fb_staff_status st;
	fb_err err;

	memset(&ss, 0, sizeof ss);
	snprintf(path, sizeof path, "%s/%s", dir, FB_SYNC_STATUS_FILE);
	snprintf(ss.config_state, sizeof ss.config_state, "unchanged");
	snprintf(ss.config_etag, sizeof ss.config_etag, "3f0c1a2b9d8e7f6a5b4c3d2e1f0a9b8c");
	ss.config_fetched_ms = 1790000000000LL;
	assert_int_equal(fb_sync_status_write(path, &ss, &err), 0);
	memset(&st, 0, sizeof st);
	assert_int_equal(fb_staff_read_sync_status(dir, 1790000300000LL, &st), 0);
	assert_string_equal(st.remote_config, "3f0c1a2b fetched 5 minutes ago");

	snprintf(ss.config_state, sizeof ss.config_state, "refused");
	snprintf(ss.config_error, sizeof ss.config_error,
		 "languages offers 'ur' but the config's survey has no 'ur' text");
	assert_int_equal(fb_sync_status_write(path, &ss, &err), 0);
	assert_int_equal(fb_staff_read_sync_status(dir, 1790000300000LL, &st), 0);
	assert_non_null(strstr(st.remote_config, "refused"));
	assert_non_null(strstr(st.remote_config, "has no 'ur' text"));

	snprintf(ss.config_state, sizeof ss.config_state, "unavailable");
	assert_int_equal(fb_sync_status_write(path, &ss, &err), 0);
	assert_int_equal(fb_staff_read_sync_status(dir, 1790000300000LL, &st), 0);
	assert_non_null(strstr(st.remote_config, "does not offer one"));
	rm_dir(dir);
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Runs fb_staff_sync_now with this process posing as feedback-syncd (or
 * not); returns its result and whether SIGUSR1 arrived. */
static int sync_now_as(const char *dir, const char *comm, bool *got, fb_err *err)
{
	struct sigaction sa, old;
	char was[32] = "";
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, &old);
	prctl(PR_GET_NAME, was, 0, 0, 0);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	got_usr1 = 0;
	rc = fb_staff_sync_now(dir, err);
	for (int i = 0; i < 100 && !got_usr1; i++)
		usleep(1000);
	prctl(PR_SET_NAME, was, 0, 0, 0);
	sigaction(SIGUSR1, &old, NULL);
	*got = got_usr1;
	return rc;
}

static void test_sync_now_should_signal_the_daemon_and_nothing_else(void **state)
{
	char *dir = tmpdir();
	char pid[32], path[256];
	fb_err err;
	bool got;
	fb_sync_status ss;

	assert_int_equal(fb_staff_sync_now(dir, &err), FB_ERR_NOTFOUND);
	/* staff read what to do, not a program's name */
	assert_contains(err.msg, "the sending service is not running");
	assert_contains(err.msg, "restart the device");
	assert_null(strstr(err.msg, "syncd"));

	/* The pid the daemon puts in its status file. */
	memset(&ss, 0, sizeof ss);
	ss.pid = (int)getpid();
	snprintf(path, sizeof path, "%s/%s", dir, FB_SYNC_STATUS_FILE);
	assert_int_equal(fb_sync_status_write(path, &ss, &err), 0);
	assert_int_equal(sync_now_as(dir, "feedback-syncd", &got, &err), 0);
	assert_true(got);

	/* A pid file wins; a pid now used by another program is left alone. */
	snprintf(pid, sizeof pid, "%d\n", (int)getpid());
	write_file(dir, FB_SYNCD_PID_FILE, pid);
	assert_int_equal(sync_now_as(dir, "feedback-syncd", &got, &err), 0);
	assert_true(got);
	assert_int_equal(sync_now_as(dir, "bash", &got, &err), FB_ERR_NOTFOUND);
	assert_false(got);
	assert_contains(err.msg, "has stopped: restart the device");
	assert_null(strstr(err.msg, "syncd"));

	write_file(dir, FB_SYNCD_PID_FILE, "not-a-pid\n");
	assert_int_equal(fb_staff_sync_now(dir, &err), FB_ERR_INVALID);
	assert_contains(err.msg, "does not hold a pid");
	rm_dir(dir);
}

static void test_ages_should_read_as_words(void **state)
{
	char buf[32];

	fb_staff_format_age(-1, buf, sizeof buf);
	assert_string_equal(buf, "never");
	fb_staff_format_age(5000, buf, sizeof buf);
	assert_string_equal(buf, "just now");
	fb_staff_format_age(3 * 60000, buf, sizeof buf);
	assert_string_equal(buf, "3 minutes ago");
	fb_staff_format_age(60000, buf, sizeof buf);
	assert_string_equal(buf, "1 minute ago");
	fb_staff_format_age(5 * 3600000LL, buf, sizeof buf);
	assert_string_equal(buf, "5 hours ago");
	fb_staff_format_age(3 * 86400000LL, buf, sizeof buf);
	assert_string_equal(buf, "3 days ago");
}

static void test_waits_and_disk_space_should_read_as_staff_say_them(void **state)
{
	char buf[64];

	fb_staff_format_duration(300, buf, sizeof buf);
	assert_string_equal(buf, "5 minutes");        /* not "300 seconds" */
	fb_staff_format_duration(60, buf, sizeof buf);
	assert_string_equal(buf, "1 minute");
	fb_staff_format_duration(90, buf, sizeof buf);
	assert_string_equal(buf, "1 minute 30 seconds");
	fb_staff_format_duration(45, buf, sizeof buf);
	assert_string_equal(buf, "45 seconds");
	fb_staff_format_bytes(3200000000LL, buf, sizeof buf);
	assert_string_equal(buf, "3.2 GB");
	fb_staff_format_bytes(41000000000LL, buf, sizeof buf);
	assert_string_equal(buf, "41 GB");
	fb_staff_format_bytes(-1, buf, sizeof buf);
	assert_string_equal(buf, "unknown");
}

/* ---- the store: what the flow submits, what the staff screen shows ---- */

static void store_config(fb_config *cfg, const char *dir)
{
	unsigned char sk[crypto_box_SECRETKEYBYTES];

	fb_config_defaults(cfg);
	snprintf(cfg->device_id, sizeof cfg->device_id, "kiosk-test-01");
	snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s", dir);
	crypto_box_keypair(cfg->trust_public_key, sk);
}

static void put_one(fb_store *s, int fft, int expect_rc)
{
	fb_response r;
	fb_err err;

	memset(&r, 0, sizeof r);
	snprintf(r.survey_id, sizeof r.survey_id, "fft");
	r.survey_version = 1;
	snprintf(r.location, sizeof r.location, "ward-a");
	snprintf(r.language, sizeof r.language, "en");
	r.started_at_ms = 1790000000000LL;
	r.submitted_at_ms = 1790000030000LL;
	r.duration_ms = 30000;
	r.fft = fft;
	r.answers_json = "{\"fft\":1}";
	r.private_json = "{\"what_was_good\":\"kind staff\"}";
	assert_int_equal(fb_store_submit(s, &r, &err), expect_rc);
}

static void test_store_should_queue_responses_and_show_the_depth_to_staff(void **state)
{
	char *dir = tmpdir();
	fb_config cfg;
	fb_store *s = NULL;
	fb_err err;
	fb_staff_status st;

	assert_true(sodium_init() >= 0);
	store_config(&cfg, dir);
	assert_int_equal(fb_store_open(&s, &cfg, &err), 0);
	assert_null(fb_store_open_error(s));
	put_one(s, 1, 0);
	put_one(s, 2, 0);
	fb_store_status_get(s, 1790000090000LL, &st);
	assert_string_equal(st.device_id, "kiosk-test-01");
	assert_true(st.queue_depth == 2);
	assert_true(st.quarantined == 0);
	assert_true(st.oldest_unsent_age_ms == 60000);
	assert_true(st.disk_free_bytes > 0);
	assert_false(st.have_sync_status);
	assert_string_equal(st.last_put_error, "");
	assert_int_equal(fb_store_flow_action(s, FB_FLOW_ACTION_STAFF_OPENED,
					      &err), 0);
	assert_true(fb_store_status_cached(s)->queue_depth == 2);
	fb_store_free(s);
	fb_store_free(NULL);
	rm_dir(dir);
}

static void test_store_without_its_directory_should_keep_the_kiosk_running_and_say_why(void **state)
{
	fb_config cfg;
	fb_store *s = NULL;
	fb_err err;
	fb_staff_status st;

	assert_true(sodium_init() >= 0);
	store_config(&cfg, "/nonexistent/feedback-data");
	assert_int_equal(fb_store_open(&s, &cfg, &err), 0);
	assert_non_null(fb_store_open_error(s));
	put_one(s, 1, FB_ERR_IO);      /* no such directory: not "full" */
	fb_store_status_get(s, 0, &st);
	assert_true(st.queue_depth == -1);
	assert_contains(st.last_put_error, "queue not open");
	assert_int_equal(fb_store_flow_action(s, FB_FLOW_ACTION_SYNC_NOW, &err),
			 FB_ERR_NOTFOUND);
	assert_contains(err.msg, "restart the device");
	fb_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_right_pin_should_be_accepted_and_the_digits_forgotten),
		cmocka_unit_test(test_five_wrong_pins_should_lock_the_pad_for_five_minutes),
		cmocka_unit_test(test_a_right_pin_should_reset_the_wrong_count),
		cmocka_unit_test(test_pad_should_take_at_most_twelve_digits_and_an_empty_pin_is_wrong),
		cmocka_unit_test(test_staff_access_should_be_off_without_a_hash_and_refuse_a_bad_hash),
		cmocka_unit_test(test_missing_sync_status_should_say_the_daemon_has_not_reported),
		cmocka_unit_test(test_sync_status_should_give_last_sync_and_error_in_words),
		cmocka_unit_test(test_sync_status_should_give_the_trust_config_fetched_or_why_refused),
		cmocka_unit_test(test_sync_now_should_signal_the_daemon_and_nothing_else),
		cmocka_unit_test(test_ages_should_read_as_words),
		cmocka_unit_test(test_waits_and_disk_space_should_read_as_staff_say_them),
		cmocka_unit_test(test_store_should_queue_responses_and_show_the_depth_to_staff),
		cmocka_unit_test(test_store_without_its_directory_should_keep_the_kiosk_running_and_say_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
