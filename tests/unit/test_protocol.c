/* test_protocol: fb-sync/1 and fb-bundle/1 both ways (lib/protocol.h): what
 * the device writes the collector reads back, what the collector answers
 * the device reads back, and a malformed request is refused in words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "protocol.h"
#include "uuid7.h"

#define BOOT "6f1d3c2e-0a4b-4c5d-9e8f-112233445566"
#define OTHER_BOOT "00000000-0000-4000-8000-000000000000"

typedef struct rec {
	fb_queued q;
	char *body;
} rec;

/* A stored record as the queue hands it out: a canonical body put at
 * put_mono_ms in boot. */
static void make_rec(rec *r, const char *boot, int64_t put_mono_ms)
{
	fb_response resp;
	fb_err err = {0};

	memset(r, 0, sizeof *r);
	memset(&resp, 0, sizeof resp);
	assert_int_equal(fb_uuid7_make(fb_wall_ms(), resp.id, NULL), 0);
	snprintf(resp.survey_id, sizeof resp.survey_id, "fft");
	resp.survey_version = 1;
	snprintf(resp.location, sizeof resp.location, "ward_7");
	snprintf(resp.language, sizeof resp.language, "en");
	resp.mode = FB_MODE_KIOSK;
	resp.started_at_ms = 1795683600000LL;
	resp.submitted_at_ms = 1795683660000LL;
	resp.duration_ms = 60000;
	resp.fft = 1;
	r->body = fb_record_body(&resp, NULL, &err);
	assert_non_null(r->body);
	snprintf(r->q.id, sizeof r->q.id, "%s", resp.id);
	r->q.body = r->body;
	r->q.body_len = strlen(r->body);
	r->q.submitted_mono_ms = put_mono_ms;
	snprintf(r->q.boot_id, sizeof r->q.boot_id, "%s", boot);
}

/* A batch of n records written as push.c writes it; the body is malloc'd. */
static char *write_batch(rec *recs, size_t n, size_t *len)
{
	fb_proto_writer w;
	fb_buf out;
	fb_err err = {0};

	fb_buf_init(&out, 1 << 20);
	assert_int_equal(fb_proto_batch_open(&w, &out, "kiosk-0042", 1795683600000LL, BOOT,
					     50000, &err), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(fb_proto_writer_add(&w, &recs[i].q), 0);
	assert_int_equal(fb_proto_writer_close(&w), 0);
	assert_int_equal(w.n, n);
	return fb_buf_take(&out, len);
}

static void expect_refused(const char *body, const char *words)
{
	fb_proto_in *in = (fb_proto_in *)1;
	fb_err err = {0};

	assert_int_equal(fb_proto_batch_read(body, strlen(body), &in, &err), FB_ERR_INVALID);
	assert_null(in);
	if (!strstr(err.msg, words))
		fail_msg("'%s' was refused with '%s', not '%s'", body, err.msg, words);
}

static void test_a_batch_written_on_the_device_should_read_back_at_the_collector_record_for_record(void **state)
{
	rec recs[3];
	size_t len;
	fb_proto_in *in = NULL;
	fb_record_in r;
	fb_err err = {0};
	int64_t t;

	make_rec(&recs[0], BOOT, 20000);        /* this boot: 30 s ago */
	make_rec(&recs[1], OTHER_BOOT, 20000);  /* an earlier boot: no age */
	make_rec(&recs[2], BOOT, 50000);        /* just now */
	char *body = write_batch(recs, 3, &len);
	assert_int_equal(fb_proto_batch_read(body, len, &in, &err), 0);
	assert_string_equal(fb_proto_in_device_id(in), "kiosk-0042");
	assert_true(fb_proto_in_device_time(in, &t));
	assert_int_equal(t, 1795683600000LL);
	assert_int_equal(fb_proto_in_count(in), 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(fb_proto_in_record(in, i, &r, &err), 0);
		assert_string_equal(r.id, recs[i].q.id);
		assert_string_equal(r.location, "ward_7");
	}
	assert_int_equal(fb_proto_in_record(in, 0, &r, &err), 0);
	assert_true(r.has_age);
	assert_int_equal(r.age_ms, 30000);
	assert_int_equal(fb_proto_in_record(in, 1, &r, &err), 0);
	assert_false(r.has_age);
	assert_int_equal(fb_proto_in_record(in, 2, &r, &err), 0);
	assert_true(r.has_age);
	assert_int_equal(r.age_ms, 0);
	/* the record itself goes byte for byte: age_ms only in front */
	assert_non_null(strstr(body, recs[1].body));
	assert_non_null(strstr(body, recs[0].body + 1));
	fb_proto_in_free(in);
	free(body);
	for (size_t i = 0; i < 3; i++)
		free(recs[i].body);
}

static void test_a_record_damaged_on_the_device_should_be_kept_out_of_the_batch(void **state)
{
	static const char *const damaged[] = {"", "[1,2]", "{}", "{\"id\":", "{\"age_ms\":1,\"v\":1}"};
	rec good;
	fb_proto_writer w;
	fb_buf out;
	fb_err err = {0};
	fb_proto_in *in = NULL;
	char *body;
	size_t len;

	make_rec(&good, BOOT, 0);
	fb_buf_init(&out, 1 << 20);
	assert_int_equal(fb_proto_batch_open(&w, &out, "kiosk-0042", 0, BOOT, 0, &err), 0);
	for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
		fb_queued bad = good.q;

		bad.body = (char *)(uintptr_t)damaged[i];
		bad.body_len = strlen(damaged[i]);
		assert_int_equal(fb_proto_writer_add(&w, &bad), FB_ERR_CORRUPT);
	}
	assert_int_equal(fb_proto_writer_add(&w, &good.q), 0);
	assert_int_equal(fb_proto_writer_close(&w), 0);
	assert_int_equal(w.n, 1);
	body = fb_buf_take(&out, &len);
	assert_int_equal(fb_proto_batch_read(body, len, &in, &err), 0);
	assert_int_equal(fb_proto_in_count(in), 1);
	fb_proto_in_free(in);
	free(body);
	free(good.body);
}

static void test_a_device_id_that_is_not_utf8_should_be_refused_before_anything_is_written(void **state)
{
	fb_proto_writer w;
	fb_buf out;
	fb_err err = {0};

	fb_buf_init(&out, 1 << 20);
	assert_int_equal(fb_proto_batch_open(&w, &out, "kiosk-\xff", 0, BOOT, 0, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "UTF-8"));
	fb_buf_free(&out);
}

static void test_a_malformed_batch_should_be_refused_with_words_that_say_what_is_wrong(void **state)
{
	expect_refused("{\"protocol\": \"fb-sync/1\", \"records\": [", "body is not JSON");
	expect_refused("<html>Log in to Hospital Wi-Fi</html>", "body is not JSON");
	expect_refused("[1,2,3]", "body is not a JSON object with \"protocol\": \"fb-sync/1\"");
	expect_refused("{\"protocol\":\"fb-sync/2\",\"device_id\":\"k\",\"records\":[]}",
		       "\"protocol\": \"fb-sync/1\"");
	expect_refused("{\"protocol\":\"fb-bundle/1\",\"device_id\":\"k\",\"records\":[]}",
		       "\"protocol\": \"fb-sync/1\"");
	expect_refused("{\"protocol\":\"fb-sync/1\",\"device_id\":\"k\"}",
		       "body needs \"device_id\" (string), \"records\" (array)");
	expect_refused("{\"protocol\":\"fb-sync/1\",\"device_id\":7,\"records\":[]}",
		       "\"device_id\" (string)");
	expect_refused("{\"protocol\":\"fb-sync/1\",\"device_id\":\"k\",\"records\":{}}",
		       "\"records\" (array)");
	expect_refused("{\"protocol\":\"fb-sync/1\",\"device_id\":\"k\",\"records\":[],"
		       "\"device_time_ms\":\"noon\"}", "\"device_time_ms\" (integer)");
	expect_refused("{\"protocol\":\"fb-sync/1\",\"protocol\":\"fb-sync/1\",\"device_id\":\"k\","
		       "\"records\":[]}", "body is not JSON");
}

static void test_a_batch_without_the_device_clock_should_still_be_read(void **state)
{
	const char *body = "{\"protocol\":\"fb-sync/1\",\"device_id\":\"k\",\"records\":[]}";
	fb_proto_in *in = NULL;
	fb_err err = {0};
	int64_t t = 7;

	assert_int_equal(fb_proto_batch_read(body, strlen(body), &in, &err), 0);
	assert_false(fb_proto_in_device_time(in, &t));
	assert_int_equal(fb_proto_in_count(in), 0);
	fb_proto_in_free(in);
}

static void test_the_reply_should_give_each_record_one_result_by_id_or_else_by_index(void **state)
{
	rec recs[2];
	size_t len;
	fb_proto_in *in = NULL;
	fb_proto_answer *a;
	fb_proto_result r;
	fb_record_in ri;
	fb_err err = {0};

	make_rec(&recs[0], BOOT, 0);
	make_rec(&recs[1], BOOT, 0);
	char *body = write_batch(recs, 2, &len);
	/* a third record whose id cannot be read */
	char *bad = malloc(len + 64);
	assert_non_null(bad);
	memcpy(bad, body, len - 2);
	strcpy(bad + len - 2, ",{\"id\":\"not-a-uuid\"}]}");
	assert_int_equal(fb_proto_batch_read(bad, strlen(bad), &in, &err), 0);
	assert_int_equal(fb_proto_in_count(in), 3);
	fb_proto_in_answer(in, 0, FB_OUTCOME_STORED, NULL);
	fb_proto_in_answer(in, 1, FB_OUTCOME_CONFLICT, "same id, different content");
	assert_int_not_equal(fb_proto_in_record(in, 2, &ri, &err), 0);
	fb_proto_in_answer(in, 2, FB_OUTCOME_REJECTED, err.msg);
	char *reply = fb_proto_in_reply(in, 1795683600123LL);
	assert_non_null(reply);

	a = fb_proto_reply_read(true, reply, strlen(reply));
	assert_non_null(a);
	assert_true(fb_proto_answer_has_results(a));
	assert_int_equal(fb_proto_answer_count(a), 3);
	fb_proto_answer_result(a, 0, &r);
	assert_string_equal(r.id, recs[0].q.id);
	assert_int_equal(r.index, -1);
	assert_int_equal(r.outcome, FB_OUTCOME_STORED);
	assert_null(r.reason);
	fb_proto_answer_result(a, 1, &r);
	assert_string_equal(r.id, recs[1].q.id);
	assert_int_equal(r.outcome, FB_OUTCOME_CONFLICT);
	assert_string_equal(r.reason, "same id, different content");
	fb_proto_answer_result(a, 2, &r);
	assert_null(r.id);
	assert_int_equal(r.index, 2);
	assert_int_equal(r.outcome, FB_OUTCOME_REJECTED);
	assert_non_null(strstr(r.reason, "record field"));
	assert_null(fb_proto_answer_error(a));
	fb_proto_answer_free(a);
	free(reply);
	fb_proto_in_free(in);
	free(bad);
	free(body);
	free(recs[0].body);
	free(recs[1].body);
}

static void test_a_reply_should_count_only_with_the_marker_in_both_header_and_body(void **state)
{
	const char *ours = "{\"protocol\":\"fb-sync/1\",\"server_time_ms\":1,\"results\":[]}";
	const char *html = "<html><body>Welcome to Hospital Wi-Fi. Log in.</body></html>";
	const char *other = "{\"protocol\":\"fb-sync/2\",\"results\":[]}";
	fb_proto_answer *a;

	assert_null(fb_proto_reply_read(false, ours, strlen(ours)));
	assert_null(fb_proto_reply_read(true, html, strlen(html)));
	assert_null(fb_proto_reply_read(true, other, strlen(other)));
	assert_null(fb_proto_reply_read(true, "", 0));
	assert_null(fb_proto_reply_read(true, NULL, 0));
	a = fb_proto_reply_read(true, ours, strlen(ours));
	assert_non_null(a);
	assert_true(fb_proto_answer_has_results(a));
	assert_int_equal(fb_proto_answer_count(a), 0);
	fb_proto_answer_free(a);
}

static void test_an_error_reply_should_carry_the_marker_and_the_words_for_the_log(void **state)
{
	char *body = fb_proto_error_body("body is not gzip");
	fb_proto_answer *a;

	assert_non_null(body);
	a = fb_proto_reply_read(true, body, strlen(body));
	assert_non_null(a);
	assert_string_equal(fb_proto_answer_error(a), "body is not gzip");
	assert_false(fb_proto_answer_has_results(a));
	fb_proto_answer_free(a);
	free(body);
	/* words that are not UTF-8 still leave with the marker */
	body = fb_proto_error_body("bad \xff words");
	assert_non_null(body);
	a = fb_proto_reply_read(true, body, strlen(body));
	assert_non_null(a);
	assert_non_null(fb_proto_answer_error(a));
	fb_proto_answer_free(a);
	free(body);
}

static void test_each_outcome_should_say_what_the_device_does_with_the_record(void **state)
{
	static const struct {
		const char *word;
		fb_proto_outcome outcome;
		fb_proto_fate fate;
	} table[] = {
		{"stored", FB_OUTCOME_STORED, FB_FATE_ACK},
		{"duplicate", FB_OUTCOME_DUPLICATE, FB_FATE_ACK},
		{"conflict", FB_OUTCOME_CONFLICT, FB_FATE_QUARANTINE},
		{"rejected", FB_OUTCOME_REJECTED, FB_FATE_QUARANTINE},
		{"Stored", FB_OUTCOME_UNKNOWN, FB_FATE_UNSENT},
		{"lost", FB_OUTCOME_UNKNOWN, FB_FATE_UNSENT},
		{"", FB_OUTCOME_UNKNOWN, FB_FATE_UNSENT},
		{NULL, FB_OUTCOME_UNKNOWN, FB_FATE_UNSENT},
	};

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		fb_proto_outcome o = fb_proto_outcome_parse(table[i].word);

		assert_int_equal(o, table[i].outcome);
		assert_int_equal(fb_proto_outcome_fate(o), table[i].fate);
		if (o != FB_OUTCOME_UNKNOWN)
			assert_string_equal(fb_proto_outcome_name(o), table[i].word);
	}
}

static void test_a_bundle_should_read_back_and_its_receipt_should_read_back_on_the_device(void **state)
{
	rec recs[2];
	fb_proto_writer w;
	fb_buf out;
	fb_err err = {0};
	fb_proto_in *in = NULL;
	fb_proto_bundle *b = NULL;
	fb_proto_answer *a = NULL;
	fb_proto_result r;
	fb_record_in ri;
	char *body, *receipt;
	size_t len;

	make_rec(&recs[0], BOOT, 1000);
	make_rec(&recs[1], OTHER_BOOT, 1000);
	fb_buf_init(&out, 1 << 20);
	assert_int_equal(fb_proto_bundle_open(&w, &out, "kiosk-0042", 1795683600000LL, BOOT, 4000,
					      &err), 0);
	assert_int_equal(fb_proto_writer_add(&w, &recs[0].q), 0);
	assert_int_equal(fb_proto_writer_add(&w, &recs[1].q), 0);
	assert_int_equal(fb_proto_writer_close(&w), 0);
	body = fb_buf_take(&out, &len);
	assert_non_null(strstr(body, "\"protocol\":\"fb-bundle/1\""));

	/* a bundle is not a batch, nor a batch a bundle */
	assert_int_not_equal(fb_proto_batch_read(body, len, &in, &err), 0);
	assert_int_equal(fb_proto_bundle_scan(body, len, &b, &err), 0);
	assert_string_equal(fb_proto_bundle_device_id(b), "kiosk-0042");
	assert_int_equal(fb_proto_bundle_count(b), 2);
	assert_int_equal(fb_proto_bundle_next(b, 10, &in, &err), 0);
	assert_string_equal(fb_proto_in_device_id(in), "kiosk-0042");
	assert_int_equal(fb_proto_in_count(in), 2);
	assert_int_equal(fb_proto_in_record(in, 0, &ri, &err), 0);
	assert_true(ri.has_age);
	assert_int_equal(ri.age_ms, 3000);
	assert_int_equal(fb_proto_in_record(in, 1, &ri, &err), 0);
	assert_false(ri.has_age);
	fb_proto_in_answer(in, 0, FB_OUTCOME_STORED, NULL);
	fb_proto_in_answer(in, 1, FB_OUTCOME_DUPLICATE, NULL);
	assert_int_equal(fb_proto_bundle_answered(b, in, &err), 0);
	fb_proto_in_free(in);
	assert_int_equal(fb_proto_bundle_next(b, 10, &in, &err), 0);
	assert_null(in);
	receipt = fb_proto_bundle_receipt(b);
	assert_non_null(receipt);
	fb_proto_bundle_free(b);

	assert_int_equal(fb_proto_receipt_read(receipt, strlen(receipt), "usb.receipt.json", &a,
					       &err), 0);
	assert_string_equal(fb_proto_answer_device_id(a), "kiosk-0042");
	assert_int_equal(fb_proto_answer_count(a), 2);
	fb_proto_answer_result(a, 0, &r);
	assert_string_equal(r.id, recs[0].q.id);
	assert_int_equal(r.outcome, FB_OUTCOME_STORED);
	fb_proto_answer_result(a, 1, &r);
	assert_string_equal(r.id, recs[1].q.id);
	assert_int_equal(r.outcome, FB_OUTCOME_DUPLICATE);
	fb_proto_answer_free(a);
	free(receipt);

	/* the receipt is not taken for anything else, and says which file */
	assert_int_not_equal(fb_proto_receipt_read(body, len, "usb.bundle", &a, &err), 0);
	assert_null(a);
	assert_non_null(strstr(err.msg, "'usb.bundle' is not an fb-receipt/1 receipt"));
	assert_int_not_equal(fb_proto_receipt_read("nope", 4, "x.json", &a, &err), 0);
	assert_non_null(strstr(err.msg, "'x.json' is not JSON"));
	const char *headless = "{\"protocol\":\"fb-bundle/1\"}";
	assert_int_not_equal(fb_proto_bundle_scan(headless, strlen(headless), &b, &err), 0);
	assert_null(b);
	assert_non_null(strstr(err.msg, "bundle needs \"device_id\""));
	assert_int_not_equal(fb_proto_bundle_scan("{}", 2, &b, &err), 0);
	assert_non_null(strstr(err.msg, "not an offline bundle"));
	free(body);
	free(recs[0].body);
	free(recs[1].body);
}

/* A bundle of n records, each the text one, the records list first. */
static char *bundle_of(size_t n, const char *one)
{
	fb_buf b;
	fb_buf_init(&b, 64 << 20);
	fb_buf_adds(&b, "{\"records\": [");
	for (size_t i = 0; i < n; i++)
		fb_buf_addf(&b, "%s%s", i ? ",\n" : "", one);
	fb_buf_adds(&b, "], \"device_id\": \"kiosk-0042\", \"protocol\": \"fb-bundle/1\"}");
	return fb_buf_take(&b, NULL);
}

static void test_a_bundle_should_be_read_in_chunks_each_record_once_named_by_its_place_in_the_bundle(void **state)
{
	fb_err err = {0};
	fb_proto_bundle *b = NULL;
	fb_proto_in *in = NULL;
	fb_proto_answer *a = NULL;
	fb_proto_result r;
	size_t seen = 0, chunks = 0;
	char *body = bundle_of(2500, "{\"n\": [1, \"]\"]}");

	/* the records list may come first: members are read in any order */
	assert_int_equal(fb_proto_bundle_scan(body, strlen(body), &b, &err), 0);
	assert_int_equal(fb_proto_bundle_count(b), 2500);
	for (;;) {
		assert_int_equal(fb_proto_bundle_next(b, 1000, &in, &err), 0);
		if (!in)
			break;
		assert_true(fb_proto_in_count(in) <= 1000);
		for (size_t i = 0; i < fb_proto_in_count(in); i++)
			fb_proto_in_answer(in, i, FB_OUTCOME_REJECTED, "no id");
		seen += fb_proto_in_count(in);
		chunks++;
		assert_int_equal(fb_proto_bundle_answered(b, in, &err), 0);
		fb_proto_in_free(in);
	}
	assert_int_equal(seen, 2500);
	assert_int_equal(chunks, 3);
	char *receipt = fb_proto_bundle_receipt(b);
	assert_int_equal(fb_proto_receipt_read(receipt, strlen(receipt), "r.json", &a, &err), 0);
	assert_int_equal(fb_proto_answer_count(a), 2500);
	for (size_t i = 0; i < 2500; i += 1249) {
		fb_proto_answer_result(a, i, &r);
		assert_int_equal(r.index, (int64_t)i);
		assert_int_equal(r.outcome, FB_OUTCOME_REJECTED);
	}
	fb_proto_answer_free(a);
	free(receipt);
	fb_proto_bundle_free(b);
	free(body);
}

static void test_a_bundle_of_more_records_than_the_cap_should_be_refused_naming_the_cap(void **state)
{
	fb_err err = {0};
	fb_proto_bundle *b = NULL;
	char *body = bundle_of(FB_BUNDLE_RECORDS_MAX, "{}");

	assert_int_equal(fb_proto_bundle_scan(body, strlen(body), &b, &err), 0);
	assert_int_equal(fb_proto_bundle_count(b), FB_BUNDLE_RECORDS_MAX);
	fb_proto_bundle_free(b);
	free(body);
	body = bundle_of(FB_BUNDLE_RECORDS_MAX + 1, "{}");
	assert_int_equal(fb_proto_bundle_scan(body, strlen(body), &b, &err), FB_ERR_INVALID);
	assert_null(b);
	assert_non_null(strstr(err.msg, "more than 100000 records"));
	assert_non_null(strstr(err.msg, "nothing was imported"));
	free(body);
}

static void test_a_bundle_that_is_not_json_should_be_refused_saying_where(void **state)
{
	const char *bad[] = {
		"", "[]", "{\"protocol\": \"fb-bundle/1\", \"device_id\": \"k\", \"records\": [{}, ]}",
		"{\"protocol\": \"fb-bundle/1\", \"device_id\": \"k\", \"records\": [{} {}]}",
		"{\"protocol\": \"fb-bundle/1\", \"device_id\": \"k\", \"records\": [{}]",
		"{\"protocol\": \"fb-bundle/1\", \"device_id\": \"k\", \"records\": [{}]} x",
		"{\"protocol\": \"fb-bundle/1\" \"device_id\": \"k\", \"records\": []}",
		"{\"protocol\": \"fb-bundle/1\", 7: \"k\", \"records\": []}",
		"{\"protocol\": \"fb-bundle/1\", \"device_id\": \"k\", \"records\": [], \"records\": []}",
		"{\"protocol\": \"fb-bundle/1\", \"device_id\": \"k\", \"device_id\": \"j\", \"records\": []}",
		"{\"protocol\": \"fb-bundle/1\", \"device_id\": \"k\", \"records\": {}}",
	};
	const char *says[] = {
		"not a JSON object", "not a JSON object", "not JSON", "expected ',' or ']'", "expected ',' or '}'",
		"more after its end", "expected ',' or '}'", "name is not a string", "twice", "twice",
		"bundle needs",
	};
	fb_proto_bundle *b = NULL;
	fb_err err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fb_err_clear(&err);
		assert_int_equal(fb_proto_bundle_scan(bad[i], strlen(bad[i]), &b, &err), FB_ERR_INVALID);
		assert_null(b);
		if (!strstr(err.msg, says[i]))
			fail_msg("bundle %zu: '%s' does not say '%s'", i, err.msg, says[i]);
	}
	const char *empty = " {\"protocol\":\"fb-bundle/1\",\"device_id\":\"k\",\"records\":[ ]}\n";
	assert_int_equal(fb_proto_bundle_scan(empty, strlen(empty), &b, &err), 0);
	assert_int_equal(fb_proto_bundle_count(b), 0);
	char *receipt = fb_proto_bundle_receipt(b);
	assert_string_equal(receipt, "{\"protocol\":\"fb-receipt/1\",\"device_id\":\"k\",\"results\":[]}");
	free(receipt);
	fb_proto_bundle_free(b);
}

static void test_age_should_be_given_only_in_the_boot_the_record_was_put_in(void **state)
{
	fb_queued q;
	int64_t age = -1;

	memset(&q, 0, sizeof q);
	snprintf(q.boot_id, sizeof q.boot_id, BOOT);
	q.submitted_mono_ms = 5000;
	assert_true(fb_proto_age_ms(&q, BOOT, 65000, &age));
	assert_int_equal(age, 60000);
	assert_false(fb_proto_age_ms(&q, OTHER_BOOT, 65000, &age));
	assert_false(fb_proto_age_ms(&q, BOOT, 4999, &age));   /* the clock went back */
	assert_false(fb_proto_age_ms(&q, "", 65000, &age));
	q.boot_id[0] = '\0';
	assert_false(fb_proto_age_ms(&q, "", 65000, &age));
}

static void test_a_device_clock_more_than_five_minutes_off_should_be_corrected_by_age(void **state)
{
	const int64_t now = 1795683600000LL;
	fb_record_in r;
	int64_t at = 0;

	assert_false(fb_proto_clock_off(true, now, now));
	assert_false(fb_proto_clock_off(true, now - FB_PROTO_CLOCK_SKEW_MS, now));
	assert_false(fb_proto_clock_off(true, now + FB_PROTO_CLOCK_SKEW_MS, now));
	assert_true(fb_proto_clock_off(true, now - FB_PROTO_CLOCK_SKEW_MS - 1, now));
	assert_true(fb_proto_clock_off(true, 0, now));          /* 1970 after a power cut */
	assert_true(fb_proto_clock_off(true, INT64_MAX, now));  /* no overflow */
	assert_true(fb_proto_clock_off(true, INT64_MIN, now));
	assert_false(fb_proto_clock_off(false, 0, now));        /* a bundle: no clock sent */

	memset(&r, 0, sizeof r);
	r.has_age = true;
	r.age_ms = 90000;
	assert_true(fb_proto_corrected_ms(true, &r, now, &at));
	assert_int_equal(at, now - 90000);
	assert_false(fb_proto_corrected_ms(false, &r, now, &at));
	r.has_age = false;
	assert_false(fb_proto_corrected_ms(true, &r, now, &at));
}

static void test_a_record_stored_while_the_clock_was_a_year_off_should_be_corrected_once_it_is_right(void **state)
{
	const int64_t now = 1795683600000LL, year = 365LL * 86400000;
	fb_record_in r;
	int64_t at = 0;

	(void)state;
	memset(&r, 0, sizeof r);
	r.has_age = true;
	r.age_ms = 90000;                       /* stored 90 s ago by the boot clock */
	r.submitted_at_ms = now - 90000 - year;  /* ... while the wall clock read a year back */
	/* the device's clock is right again at the push: the batch is not off */
	assert_false(fb_proto_clock_off(true, now, now));
	assert_true(fb_proto_record_clock_off(true, &r, now));
	assert_true(fb_proto_corrected_ms(fb_proto_record_clock_off(true, &r, now), &r, now, &at));
	assert_int_equal(at, now - 90000);
	r.submitted_at_ms = now - 90000 + year;  /* a year forward */
	assert_true(fb_proto_record_clock_off(true, &r, now));
	/* within five minutes of what the boot clock says: kept as sent */
	r.submitted_at_ms = now - 90000 + FB_PROTO_CLOCK_SKEW_MS;
	assert_false(fb_proto_record_clock_off(true, &r, now));
	r.submitted_at_ms = INT64_MIN;           /* any int64 from the device: no overflow */
	assert_true(fb_proto_record_clock_off(true, &r, now));
	/* a USB bundle (no device time): age_ms was measured at export, not now */
	r.submitted_at_ms = now - 90000 - year;
	assert_false(fb_proto_record_clock_off(false, &r, now));
	/* no age_ms (another boot): nothing to correct with */
	r.has_age = false;
	assert_false(fb_proto_record_clock_off(true, &r, now));
}

static void test_a_heartbeat_should_read_back_field_for_field(void **state)
{
	fb_proto_heartbeat hb = {
		.device_id = "kiosk-0042", .version = "0.1.0", .device_time_ms = 1795683600000LL,
		.queue_depth = 12, .oldest_unsent_age_s = 340, .quarantined = 1,
		.last_ack_ms = 1795683500000LL, .last_error = "", .disk_free_bytes = 1234567890,
	}, got;
	fb_proto_in *in = NULL;
	fb_err err = {0};
	char *body = fb_proto_heartbeat_write(&hb);

	assert_non_null(body);
	assert_int_equal(fb_proto_heartbeat_read(body, strlen(body), &in, &got, &err), 0);
	assert_string_equal(got.device_id, "kiosk-0042");
	assert_string_equal(got.version, "0.1.0");
	assert_int_equal(got.device_time_ms, hb.device_time_ms);
	assert_int_equal(got.queue_depth, 12);
	assert_int_equal(got.oldest_unsent_age_s, 340);
	assert_int_equal(got.quarantined, 1);
	assert_int_equal(got.last_ack_ms, hb.last_ack_ms);
	assert_string_equal(got.last_error, "");
	assert_int_equal(got.disk_free_bytes, 1234567890);
	fb_proto_in_free(in);
	free(body);

	hb.version = "0.1.0-with-a-version-string-far-longer-than-sixty-four-characters-x";
	body = fb_proto_heartbeat_write(&hb);
	assert_int_not_equal(fb_proto_heartbeat_read(body, strlen(body), &in, &got, &err), 0);
	assert_null(in);
	assert_non_null(strstr(err.msg, "\"version\" (up to 64 characters)"));
	free(body);
	hb.last_error = "cut \xe2\x82";   /* half a character: not sendable */
	assert_null(fb_proto_heartbeat_write(&hb));
}

static void test_an_enrolment_answer_should_name_whole_locations_and_a_refusal_should_say_why(void **state)
{
	(void)state;
	char token[64], names[24];
	fb_err err = {0};
	const char *codes[] = {"W1", "W2", "W3"};
	/* the second name would be cut inside a letter: it goes whole, or not at all */
	const char *long_names[] = {"Oak Ward", "\xd9\x88\xd8\xa7\xd8\xb1\xda\x88 \xd9\x86\xd9\x85\xd8\xa8\xd8\xb1", "Elm"};
	char *body = fb_proto_enrol_reply("kiosk-oak", "t0k3n", codes, long_names, 3);
	assert_non_null(body);
	assert_int_equal(fb_proto_enrol_answer(true, body, strlen(body), token, sizeof token, names,
					       sizeof names, &err), 0);
	assert_string_equal(token, "t0k3n");
	assert_string_equal(names, "Oak Ward");
	free(body);
	const char *empty = "{\"protocol\":\"fb-sync/1\",\"error\":\"\"}";
	assert_int_not_equal(fb_proto_enrol_answer(true, empty, strlen(empty), token, sizeof token,
						   names, sizeof names, &err), 0);
	assert_string_equal(err.msg, "the collector refused the code without saying why");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_batch_written_on_the_device_should_read_back_at_the_collector_record_for_record),
		cmocka_unit_test(test_a_record_damaged_on_the_device_should_be_kept_out_of_the_batch),
		cmocka_unit_test(test_a_device_id_that_is_not_utf8_should_be_refused_before_anything_is_written),
		cmocka_unit_test(test_a_malformed_batch_should_be_refused_with_words_that_say_what_is_wrong),
		cmocka_unit_test(test_a_batch_without_the_device_clock_should_still_be_read),
		cmocka_unit_test(test_the_reply_should_give_each_record_one_result_by_id_or_else_by_index),
		cmocka_unit_test(test_a_reply_should_count_only_with_the_marker_in_both_header_and_body),
		cmocka_unit_test(test_an_error_reply_should_carry_the_marker_and_the_words_for_the_log),
		cmocka_unit_test(test_each_outcome_should_say_what_the_device_does_with_the_record),
		cmocka_unit_test(test_a_bundle_should_read_back_and_its_receipt_should_read_back_on_the_device),
		cmocka_unit_test(test_a_bundle_should_be_read_in_chunks_each_record_once_named_by_its_place_in_the_bundle),
		cmocka_unit_test(test_a_bundle_of_more_records_than_the_cap_should_be_refused_naming_the_cap),
		cmocka_unit_test(test_a_bundle_that_is_not_json_should_be_refused_saying_where),
		cmocka_unit_test(test_age_should_be_given_only_in_the_boot_the_record_was_put_in),
		cmocka_unit_test(test_a_device_clock_more_than_five_minutes_off_should_be_corrected_by_age),
		cmocka_unit_test(test_a_record_stored_while_the_clock_was_a_year_off_should_be_corrected_once_it_is_right),
		cmocka_unit_test(test_a_heartbeat_should_read_back_field_for_field),
		cmocka_unit_test(test_an_enrolment_answer_should_name_whole_locations_and_a_refusal_should_say_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
