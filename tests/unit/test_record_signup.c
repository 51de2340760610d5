/* Tests for the volunteer sign-up record (lib/signup.h, issue 10): queued
 * as its own record, sealed to the Trust's key, with no field that could
 * join it to a response (no response or survey id, no time of day, an id
 * with no time in it, no age_ms in a batch), checked by the collector's
 * reader, and refused by the reader of responses (what a collector that
 * does not know the kind does: the device then quarantines it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "protocol.h"
#include "queue.h"
#include "record.h"
#include "seal.h"
#include "signup.h"
#include "uuid7.h"
#include "tmpdir.h"

typedef struct fx {
	char dir[64];
	char path[128];
	unsigned char pk[FB_KEY_BYTES];
	unsigned char sk[FB_KEY_BYTES];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	if (!f || test_tmpdir_make(f->dir, sizeof f->dir, "signup") != 0)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/queue.db", f->dir);
	if (fb_keypair_generate(f->pk, f->sk, NULL) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	test_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static const char *SIGNUP_PLAIN =
	"{\"roles\":[\"Expert by Experience partner\"],\"name\":\"Ann Lee\","
	"\"contact\":\"07700 900123\",\"language\":\"en\",\"consent\":\"I agree\"}";

/* 2026-12-07 15:04:05.678 UTC */
#define WALL_MS 1796655845678LL

static void test_a_sign_up_should_be_queued_sealed_with_only_location_and_date(void **state)
{
	fx *f = *state;
	fb_queue *q = NULL;
	fb_err err = {0};
	char id[FB_ID_LEN];
	fb_batch b = {0};
	json_t *o;

	assert_int_equal(fb_queue_open(&q, f->path, f->pk, &err), 0);
	if (fb_queue_put_signup(q, "ward-7", SIGNUP_PLAIN, WALL_MS, id, &err) != 0)
		fail_msg("put: %s", err.msg);
	assert_true(fb_uuid7_valid(id));
	assert_int_equal(fb_uuid7_time_ms(id), 0);          /* the id says nothing of when */
	assert_int_equal(fb_queue_take_batch(q, 10, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.items[0].id, id);
	assert_null(strstr(b.items[0].body, "Ann"));        /* nothing in the clear */
	assert_null(strstr(b.items[0].body, "07700"));
	o = json_loads(b.items[0].body, 0, NULL);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), 6);           /* kind v id location date sealed */
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "volunteer");
	assert_string_equal(json_string_value(json_object_get(o, "location")), "ward-7");
	assert_string_equal(json_string_value(json_object_get(o, "date")), "2026-12-07");
	const char *banned[] = {"response_id", "survey_id", "submitted_at_ms", "started_at_ms",
				"duration_ms", "answers", "fft", "flags", "language", "mode"};
	for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
		assert_null(json_object_get(o, banned[i]));
	/* the row's own time is that day's midnight, no boot clock */
	assert_int_equal(b.items[0].submitted_at_ms, WALL_MS / 86400000 * 86400000);
	assert_string_equal(b.items[0].boot_id, "");

	char *plain = NULL;
	size_t len = 0;
	assert_int_equal(fb_seal_open(f->pk, f->sk, json_string_value(json_object_get(o, "sealed")),
				      &plain, &len, &err), 0);
	assert_non_null(strstr(plain, "\"name\":\"Ann Lee\""));
	assert_non_null(strstr(plain, "07700 900123"));
	free(plain);

	/* in a batch it carries no age_ms, which would give its time away */
	fb_buf out;
	fb_proto_writer w;
	fb_buf_init(&out, 1 << 20);
	assert_int_equal(fb_proto_batch_open(&w, &out, "kiosk-1", WALL_MS, "boot-a", 5000, &err), 0);
	assert_int_equal(fb_proto_writer_add(&w, &b.items[0]), 0);
	assert_int_equal(fb_proto_writer_close(&w), 0);
	assert_null(strstr(out.data, "age_ms"));
	fb_proto_in *in = NULL;
	assert_int_equal(fb_proto_batch_read(out.data, out.len, &in, &err), 0);
	assert_true(fb_proto_in_is_signup(in, 0));
	fb_signup_in s;
	assert_int_equal(fb_proto_in_signup(in, 0, &s, &err), 0);
	assert_string_equal(s.id, id);
	assert_string_equal(s.date, "2026-12-07");
	/* a collector that knows only responses refuses it (the device then
	 * quarantines it: kept, never lost) */
	fb_record_in r;
	assert_int_not_equal(fb_proto_in_record(in, 0, &r, &err), 0);
	fb_proto_in_free(in);
	fb_buf_free(&out);
	json_decref(o);
	fb_batch_free(&b);
	fb_queue_close(q);
}

static void test_two_sign_ups_should_get_unrelated_random_ids(void **state)
{
	fx *f = *state;
	fb_queue *q = NULL;
	fb_err err = {0};
	char a[FB_ID_LEN], b[FB_ID_LEN];
	assert_int_equal(fb_queue_open(&q, f->path, f->pk, &err), 0);
	assert_int_equal(fb_queue_put_signup(q, "ward-7", SIGNUP_PLAIN, WALL_MS, a, &err), 0);
	assert_int_equal(fb_queue_put_signup(q, "ward-7", SIGNUP_PLAIN, WALL_MS, b, &err), 0);
	assert_string_not_equal(a, b);
	fb_queue_close(q);
}

static void test_a_sign_up_with_nothing_to_seal_should_be_refused(void **state)
{
	fx *f = *state;
	fb_queue *q = NULL;
	fb_err err = {0};
	char id[FB_ID_LEN];
	fb_queue_stats st;
	assert_int_equal(fb_queue_open(&q, f->path, f->pk, &err), 0);
	assert_int_not_equal(fb_queue_put_signup(q, "ward-7", "{}", WALL_MS, id, &err), 0);
	assert_int_not_equal(fb_queue_put_signup(q, "ward-7", "not json", WALL_MS, id, &err), 0);
	assert_int_not_equal(fb_queue_put_signup(q, "", SIGNUP_PLAIN, WALL_MS, id, &err), 0);
	assert_int_equal(fb_queue_stats_get(q, &st, &err), 0);
	assert_int_equal(st.depth, 0);
	fb_queue_close(q);
}

static void test_the_reader_should_refuse_a_sign_up_that_carries_more(void **state)
{
	(void)state;
	fb_err err = {0};
	fb_signup_in s;
	const char *good = "{\"kind\":\"volunteer\",\"v\":1,\"id\":\"00000000-0000-7abc-8def-0123456789ab\","
			   "\"location\":\"ward-7\",\"date\":\"2026-12-07\",\"sealed\":\"QUJD\"}";
	const char *bad[] = {
		"{\"kind\":\"volunteer\",\"v\":1,\"id\":\"00000000-0000-7abc-8def-0123456789ab\","
		"\"location\":\"ward-7\",\"date\":\"2026-12-07\",\"sealed\":\"QUJD\","
		"\"response_id\":\"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b\"}",
		"{\"kind\":\"volunteer\",\"v\":1,\"id\":\"00000000-0000-7abc-8def-0123456789ab\","
		"\"location\":\"ward-7\",\"date\":\"2026-12-07T15:04\",\"sealed\":\"QUJD\"}",
		"{\"kind\":\"volunteer\",\"v\":1,\"id\":\"00000000-0000-7abc-8def-0123456789ab\","
		"\"location\":\"ward-7\",\"date\":\"2026-12-07\"}",
	};
	json_t *o = json_loads(good, 0, NULL);
	assert_int_equal(fb_signup_from_json(o, &s, &err), 0);
	json_decref(o);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		o = json_loads(bad[i], 0, NULL);
		assert_non_null(o);
		assert_int_not_equal(fb_signup_from_json(o, &s, &err), 0);
		json_decref(o);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
		T(test_a_sign_up_should_be_queued_sealed_with_only_location_and_date),
		T(test_two_sign_ups_should_get_unrelated_random_ids),
		T(test_a_sign_up_with_nothing_to_seal_should_be_refused),
		T(test_the_reader_should_refuse_a_sign_up_that_carries_more),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
