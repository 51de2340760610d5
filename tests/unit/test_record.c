/* Unit tests for lib/record (the wire form, both ways) and lib/uuid7 (the
 * ids it carries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "record.h"
#include "uuid7.h"

static void make_response(fb_response *r)
{
	memset(r, 0, sizeof *r);
	assert_int_equal(fb_uuid7_make(fb_wall_ms(), r->id, NULL), 0);
	snprintf(r->survey_id, sizeof r->survey_id, "fft-ld");
	r->survey_version = 2;
	snprintf(r->location, sizeof r->location, "clinic_3");
	snprintf(r->language, sizeof r->language, "pl");
	r->mode = FB_MODE_ASSISTED;
	r->started_at_ms = 1795683600000LL;
	r->submitted_at_ms = 1795683660000LL;
	r->duration_ms = 60000;
	r->flags = FB_FLAG_PARTIAL | FB_FLAG_SYNTHETIC;
	r->fft = 5;
	r->answers_json = "{\"q2\":[\"a\",\"c\"],\"q1\":3}";
}

/* Parses body and validates it; returns the error code, fills in. */
static int parse(const char *body, json_t **o, fb_record_in *in, fb_err *err)
{
	*o = json_loads(body, 0, NULL);
	assert_non_null(*o);
	return fb_record_from_json(*o, in, err);
}

static void test_body_should_round_trip_every_field_through_validation(void **state)
{
	fb_response r;
	fb_err err = {0};
	fb_record_in in;
	json_t *o;

	make_response(&r);
	char *body = fb_record_body(&r, "c2VhbGVk", &err);
	assert_non_null(body);
	assert_int_equal(parse(body, &o, &in, &err), 0);
	assert_string_equal(in.id, r.id);
	assert_string_equal(in.survey_id, "fft-ld");
	assert_int_equal(in.survey_version, 2);
	assert_string_equal(in.location, "clinic_3");
	assert_string_equal(in.language, "pl");
	assert_int_equal(in.mode, FB_MODE_ASSISTED);
	assert_int_equal(in.started_at_ms, 1795683600000LL);
	assert_int_equal(in.submitted_at_ms, 1795683660000LL);
	assert_int_equal(in.duration_ms, 60000);
	assert_int_equal(in.flags, FB_FLAG_PARTIAL | FB_FLAG_SYNTHETIC);
	assert_int_equal(in.fft, 5);
	assert_int_equal(json_integer_value(json_object_get(in.answers, "q1")), 3);
	assert_string_equal(in.sealed_b64, "c2VhbGVk");
	assert_false(in.has_age);
	/* canonical: sorted keys, compact; the same response gives the same bytes */
	char *again = fb_record_body(&r, "c2VhbGVk", &err);
	assert_string_equal(body, again);
	assert_null(strchr(body, ' '));
	assert_true(strstr(body, "\"answers\"") < strstr(body, "\"id\""));
	free(again);
	json_decref(o);
	free(body);
}

static void test_digest_should_ignore_age_but_see_any_change_of_content(void **state)
{
	fb_response r;
	fb_err err = {0};
	fb_record_in a, b;
	json_t *oa, *ob;

	make_response(&r);
	char *body = fb_record_body(&r, NULL, &err);
	assert_int_equal(parse(body, &oa, &a, &err), 0);
	assert_null(a.sealed_b64);
	json_t *aged = json_copy(oa);
	json_object_set_new(aged, "age_ms", json_integer(1234));
	assert_int_equal(fb_record_from_json(aged, &b, &err), 0);
	assert_true(b.has_age);
	assert_int_equal(b.age_ms, 1234);
	assert_memory_equal(a.digest, b.digest, FB_DIGEST_LEN);
	json_decref(aged);

	r.fft = 4;
	char *changed = fb_record_body(&r, NULL, &err);
	assert_int_equal(parse(changed, &ob, &b, &err), 0);
	assert_memory_not_equal(a.digest, b.digest, FB_DIGEST_LEN);
	json_decref(oa);
	json_decref(ob);
	free(body);
	free(changed);
}

/* Sets one field of a valid record to bad JSON and expects the field named. */
static void expect_refused(const char *key, const char *bad_json, const char *named)
{
	fb_response r;
	fb_err err = {0};
	fb_record_in in;
	json_t *o;

	make_response(&r);
	char *body = fb_record_body(&r, NULL, &err);
	o = json_loads(body, 0, NULL);
	if (bad_json)
		json_object_set_new(o, key, json_loads(bad_json, JSON_DECODE_ANY, NULL));
	else
		json_object_del(o, key);
	assert_int_equal(fb_record_from_json(o, &in, &err), FB_ERR_INVALID);
	if (!strstr(err.msg, named))
		fail_msg("%s=%s: message '%s' does not name '%s'", key,
			 bad_json ? bad_json : "(missing)", err.msg, named);
	json_decref(o);
	free(body);
}

static void test_bad_records_should_be_refused_naming_the_field(void **state)
{
	expect_refused("v", "2", "'v'");
	expect_refused("id", "\"not-a-uuid\"", "'id'");
	expect_refused("id", "\"0190a000-0000-4000-8000-000000000000\"", "'id'");  /* v4 */
	expect_refused("id", NULL, "'id'");
	expect_refused("survey_id", "\"\"", "'survey_id'");
	expect_refused("survey_version", "\"2\"", "'survey_version'");
	expect_refused("location", "7", "'location'");
	expect_refused("language", "\"xxxxxxxxxxxxxxxxxxxxxx\"", "'language'");
	expect_refused("mode", "\"robot\"", "'mode'");
	expect_refused("fft", "7", "'fft'");
	expect_refused("fft", "-1", "'fft'");
	expect_refused("duration_ms", "-5", "'duration_ms'");
	expect_refused("submitted_at_ms", "1.5", "'submitted_at_ms'");
	expect_refused("flags", "[\"vip\"]", "'flags'");
	expect_refused("flags", "{}", "'flags'");
	expect_refused("answers", "[]", "'answers'");
	expect_refused("sealed", "\"<script>\"", "'sealed'");
	expect_refused("sealed", "5", "'sealed'");
	expect_refused("age_ms", "-1", "'age_ms'");
}

static void test_uuid7_ids_should_be_valid_and_sort_in_the_order_made_even_in_one_millisecond(void **state)
{
	enum { N = 5000 };
	char (*ids)[FB_ID_LEN] = calloc(N, FB_ID_LEN);
	int64_t now = fb_wall_ms();

	for (int i = 0; i < N; i++) {
		/* all in the same millisecond, then a clock step back */
		assert_int_equal(fb_uuid7_make(i < N / 2 ? now : now - 60000, ids[i], NULL), 0);
		assert_true(fb_uuid7_valid(ids[i]));
		if (i > 0 && strcmp(ids[i - 1], ids[i]) >= 0)
			fail_msg("id %d '%s' does not sort after '%s'", i, ids[i], ids[i - 1]);
	}
	assert_int_equal(fb_uuid7_time_ms(ids[0]), now);
	assert_true(fb_uuid7_time_ms(ids[N - 1]) >= now);
	assert_int_equal(fb_uuid7_time_ms("nonsense"), -1);
	/* two ids are never the same */
	assert_string_not_equal(ids[0], ids[1]);
	free(ids);
}

static void test_uuid7_should_carry_the_timestamp_and_version_bits(void **state)
{
	char id[FB_ID_LEN];
	/* an hour ahead of anything this process made before */
	int64_t t = fb_wall_ms() + 3600000;
	assert_int_equal(fb_uuid7_make(t, id, NULL), 0);
	assert_int_equal(strlen(id), 36);
	assert_int_equal(id[14], '7');
	assert_non_null(strchr("89ab", id[19]));
	assert_int_equal(fb_uuid7_time_ms(id), t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_should_round_trip_every_field_through_validation),
		cmocka_unit_test(test_digest_should_ignore_age_but_see_any_change_of_content),
		cmocka_unit_test(test_bad_records_should_be_refused_naming_the_field),
		cmocka_unit_test(test_uuid7_ids_should_be_valid_and_sort_in_the_order_made_even_in_one_millisecond),
		cmocka_unit_test(test_uuid7_should_carry_the_timestamp_and_version_bits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
