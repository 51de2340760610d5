/* test_push: every canned collector reply, paired with the queue state it
 * must leave (sync/push.h over the fake transport and a real queue file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "queue.h"
#include "seal.h"
#include "response_fixture.h"
#include "tmpdir.h"
#include "../../sync/push.h"
#include "../../sync/transport.h"


typedef enum reply_kind {
	R_STORED, R_DUPLICATE, R_CONFLICT_SECOND, R_REJECTED_THIRD_BY_INDEX,
	R_MISSING_LAST, R_STATUS_ONLY, R_HTML_200, R_GARBAGE_JSON_200,
	R_BODY_MARKER_NO_HEADER, R_NETWORK_DOWN, R_413_THEN_STORED,
	R_STORED_BY_INDEX_PAST_INT, R_NO_RESULTS,
} reply_kind;

typedef struct fx {
	char dir[64];
	char path[128];
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	fb_queue *q;
	fb_transport *t;
	fb_push *p;
	/* the fake collector's script and what it saw */
	reply_kind kind;
	long status;
	const char *retry_after;
	int calls;
	size_t last_n_records;
	bool last_gzipped;
	bool last_all_have_age;
	bool last_protocol_ok;
	char last_path[64];
	char device_id_seen[64];
	json_t *last_heartbeat;
	char ids[64][FB_ID_LEN];
} fx;

static char *results_reply(json_t *records, reply_kind kind)
{
	json_t *res = json_array(), *o;
	char *s;

	for (size_t i = 0; i < json_array_size(records); i++) {
		const char *id = json_string_value(json_object_get(json_array_get(records, i), "id"));
		if (kind == R_MISSING_LAST && i == json_array_size(records) - 1)
			continue;
		if (kind == R_NO_RESULTS)
			continue;
		if (kind == R_STORED_BY_INDEX_PAST_INT && i == 0) {
			/* 2^32: the same as index 0 once cut to 32 bits */
			json_array_append_new(res, json_pack("{s:I, s:s}", "index",
							     (json_int_t)4294967296LL,
							     "outcome", "stored"));
			continue;
		}
		if (kind == R_CONFLICT_SECOND && i == 1)
			json_array_append_new(res, json_pack("{s:s, s:s, s:s}", "id", id, "outcome",
							     "conflict", "reason", "same id, different content"));
		else if (kind == R_REJECTED_THIRD_BY_INDEX && i == 2)
			json_array_append_new(res, json_pack("{s:i, s:s, s:s}", "index", (int)i, "outcome",
							     "rejected", "reason", "record field 'id': expected a UUIDv7"));
		else
			json_array_append_new(res, json_pack("{s:s, s:s}", "id", id, "outcome",
							     kind == R_DUPLICATE ? "duplicate" : "stored"));
	}
	o = json_pack("{s:s, s:I, s:o}", "protocol", "fb-sync/1", "server_time_ms",
		      (json_int_t)1795683600123LL, "results", res);
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static void fake_collector(void *ctx, const char *path, const char *body, size_t len,
			   bool gzipped, fb_http_reply *reply)
{
	fx *f = ctx;
	json_error_t je;
	json_t *req = json_loadb(body, len, 0, &je), *records;

	f->calls++;
	snprintf(f->last_path, sizeof f->last_path, "%s", path);
	f->last_gzipped = gzipped;
	assert_non_null(req);
	if (strcmp(path, "/v1/heartbeat") == 0) {
		json_decref(f->last_heartbeat);
		f->last_heartbeat = req;
		reply->status = 200;
		reply->marker_header = true;
		reply->body = strdup("{\"protocol\":\"fb-sync/1\",\"server_time_ms\":1}");
		return;
	}
	records = json_object_get(req, "records");
	f->last_n_records = json_array_size(records);
	f->last_protocol_ok = json_is_string(json_object_get(req, "protocol")) &&
		strcmp(json_string_value(json_object_get(req, "protocol")), "fb-sync/1") == 0 &&
		json_is_integer(json_object_get(req, "device_time_ms"));
	snprintf(f->device_id_seen, sizeof f->device_id_seen, "%s",
		 json_string_value(json_object_get(req, "device_id")));
	f->last_all_have_age = true;
	for (size_t i = 0; i < json_array_size(records); i++) {
		json_t *a = json_object_get(json_array_get(records, i), "age_ms");
		if (!json_is_integer(a) || json_integer_value(a) < 0)
			f->last_all_have_age = false;
	}
	switch (f->kind) {
	case R_NETWORK_DOWN:
		reply->fail = FB_NET_CONNECT;
		snprintf(reply->error, sizeof reply->error, "Couldn't connect to server");
		break;
	case R_STATUS_ONLY:
		reply->status = f->status;
		reply->marker_header = true;
		if (f->retry_after)
			snprintf(reply->retry_after, sizeof reply->retry_after, "%s", f->retry_after);
		reply->body = strdup("{\"protocol\":\"fb-sync/1\",\"error\":\"body is not gzip\"}");
		break;
	case R_HTML_200:
		reply->status = 200;
		reply->body = strdup("<html><body>Welcome to Hospital Wi-Fi. Log in.</body></html>");
		break;
	case R_GARBAGE_JSON_200:
		reply->status = 200;
		reply->marker_header = true;
		reply->body = strdup("{\"protocol\":\"fb-sync/1\",\"results\":[{\"id\":");
		break;
	case R_BODY_MARKER_NO_HEADER:
		reply->status = 200;
		reply->body = results_reply(records, R_STORED);
		break;
	case R_413_THEN_STORED:
		if (f->calls == 1) {
			reply->status = 413;
			reply->marker_header = true;
			reply->body = strdup("{\"protocol\":\"fb-sync/1\",\"error\":\"too large\"}");
			break;
		}
		/* fall through */
	default:
		reply->status = 200;
		reply->marker_header = true;
		reply->body = results_reply(records, f->kind);
	}
	json_decref(req);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	fb_err err = {0};
	fb_push_opts o = {.device_id = "kiosk-0042", .batch_max_records = 500};

	if (!f || test_tmpdir_make(f->dir, sizeof f->dir, "push") != 0)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/queue.db", f->dir);
	if (fb_keypair_generate(f->pk, f->sk, &err) ||
	    fb_queue_open(&f->q, f->path, f->pk, &err) ||
	    fb_transport_fake_new(&f->t, fake_collector, f, &err) ||
	    fb_push_new(&f->p, f->q, f->t, &o, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	fb_push_free(f->p);
	fb_transport_free(f->t);
	fb_queue_close(f->q);
	json_decref(f->last_heartbeat);
	test_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static void put_n(fx *f, int n)
{
	for (int i = 0; i < n; i++) {
		fb_response r;
		fb_err err = {0};

		test_response_fill(&r, 1 + i % 6, "{\"felt_safe\":\"yes\"}",
				   i % 2 ? "{\"good\":\"kind nurses\"}" : NULL);
		if (fb_queue_put(f->q, &r, &err))
			fail_msg("put %d: %s", i, err.msg);
		memcpy(f->ids[i], r.id, FB_ID_LEN);
	}
}

static fb_queue_stats stats(fx *f)
{
	fb_queue_stats st;
	fb_err err = {0};

	assert_int_equal(fb_queue_stats_get(f->q, &st, &err), 0);
	return st;
}

static fb_push_result push(fx *f)
{
	fb_push_result res;
	fb_err err = {0};
	int rc = fb_push_batch(f->p, &res, &err);

	if (rc)
		fail_msg("push: %s", err.msg);
	return res;
}

/* Queues n records and pushes them to a collector that answers with kind. */
static fb_push_result push_to(fx *f, int n, reply_kind kind)
{
	put_n(f, n);
	f->kind = kind;
	return push(f);
}

/* Queues n records and pushes them to a collector that answers the whole
 * request with HTTP status, and with Retry-After when retry_after is not NULL. */
static fb_push_result push_to_status(fx *f, int n, long status, const char *retry_after)
{
	f->status = status;
	f->retry_after = retry_after;
	return push_to(f, n, R_STATUS_ONLY);
}

typedef struct q_reason {
	int n;
	char id[FB_ID_LEN];
	char reason[400];
} q_reason;

static int on_quarantined(void *ctx, const char *id, const char *reason, int64_t at)
{
	q_reason *r = ctx;

	r->n++;
	snprintf(r->id, sizeof r->id, "%s", id);
	snprintf(r->reason, sizeof r->reason, "%s", reason);
	return 0;
}

static q_reason quarantined(fx *f)
{
	q_reason r = {0};
	fb_err err = {0};

	assert_int_equal(fb_queue_each_quarantined(f->q, on_quarantined, &r, &err), 0);
	return r;
}

/* ---- 200 with the marker: per-record outcomes --------------------------- */

static void test_stored_reply_should_ack_every_record_and_empty_the_queue(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 5, R_STORED);

	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(res.sent, 5);
	assert_int_equal(res.stored, 5);
	assert_int_equal(stats(f).depth, 0);
	assert_int_equal(stats(f).acked, 5);
	assert_true(stats(f).last_ack_ms > 0);
	/* the next push finds nothing to send */
	assert_int_equal(push(f).outcome, FB_PUSH_IDLE);
	assert_int_equal(f->calls, 1);
}

static void test_request_should_be_gzipped_fb_sync_1_with_age_on_every_record(void **state)
{
	fx *f = *state;

	push_to(f, 3, R_STORED);
	assert_string_equal(f->last_path, "/v1/responses");
	assert_true(f->last_gzipped);
	assert_true(f->last_protocol_ok);
	assert_string_equal(f->device_id_seen, "kiosk-0042");
	assert_int_equal(f->last_n_records, 3);
	assert_true(f->last_all_have_age);
}

static void test_duplicate_reply_should_ack_like_stored(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 4, R_DUPLICATE);

	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(res.duplicate, 4);
	assert_int_equal(stats(f).depth, 0);
	assert_int_equal(stats(f).acked, 4);
}

static void test_conflict_should_quarantine_that_record_with_the_reason_and_ack_the_rest(void **state)
{
	fx *f = *state;
	fb_push_result res;
	q_reason q;

	res = push_to(f, 4, R_CONFLICT_SECOND);
	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(res.stored, 3);
	assert_int_equal(res.quarantined, 1);
	assert_int_equal(stats(f).depth, 0);
	assert_int_equal(stats(f).acked, 3);
	assert_int_equal(stats(f).quarantined, 1);
	q = quarantined(f);
	assert_int_equal(q.n, 1);
	assert_string_equal(q.id, f->ids[1]);
	assert_non_null(strstr(q.reason, "same id, different content"));
	/* never resent by itself */
	assert_int_equal(push(f).outcome, FB_PUSH_IDLE);
}

static void test_rejected_by_index_should_quarantine_that_record_and_ack_the_rest(void **state)
{
	fx *f = *state;
	q_reason q;

	assert_int_equal(push_to(f, 4, R_REJECTED_THIRD_BY_INDEX).outcome, FB_PUSH_DONE);
	assert_int_equal(stats(f).acked, 3);
	q = quarantined(f);
	assert_int_equal(q.n, 1);
	assert_string_equal(q.id, f->ids[2]);
	assert_non_null(strstr(q.reason, "rejected"));
	assert_non_null(strstr(q.reason, "expected a UUIDv7"));
}

static void test_record_without_a_result_should_stay_unsent(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 3, R_MISSING_LAST);

	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(res.unanswered, 1);
	assert_int_equal(stats(f).depth, 1);
	assert_int_equal(stats(f).acked, 2);
}

static void test_result_with_an_index_past_the_batch_should_ack_only_what_was_answered(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 2, R_STORED_BY_INDEX_PAST_INT);

	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(res.unanswered, 1);
	assert_int_equal(stats(f).acked, 1);
	assert_int_equal(stats(f).depth, 1);
}

static void test_reply_with_no_result_for_any_record_should_back_off_not_resend_at_once(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 3, R_NO_RESULTS);

	assert_int_equal(res.outcome, FB_PUSH_RETRY);
	assert_int_equal(res.unanswered, 3);
	assert_non_null(strstr(res.error, "no result"));
	assert_int_equal(stats(f).depth, 3);
	assert_int_equal(stats(f).acked, 0);
	assert_int_equal(stats(f).quarantined, 0);
}

/* ---- whole-request answers --------------------------------------------- */

static void expect_nothing_acked(fx *f, int n)
{
	assert_int_equal(stats(f).depth, n);
	assert_int_equal(stats(f).acked, 0);
	assert_int_equal(stats(f).quarantined, 0);
}

static void test_400_should_back_off_with_the_collectors_reason_and_ack_nothing(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to_status(f, 3, 400, NULL);

	assert_int_equal(res.outcome, FB_PUSH_RETRY);
	assert_non_null(strstr(res.error, "body is not gzip"));
	expect_nothing_acked(f, 3);
}

static void test_401_should_stop_pushing_as_not_authorised_and_ack_nothing(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to_status(f, 3, 401, NULL);

	assert_int_equal(res.outcome, FB_PUSH_UNAUTHORISED);
	assert_non_null(strstr(res.error, "device not authorised"));
	expect_nothing_acked(f, 3);
}

static void test_403_should_stop_pushing_as_not_authorised(void **state)
{
	fx *f = *state;

	assert_int_equal(push_to_status(f, 1, 403, NULL).outcome, FB_PUSH_UNAUTHORISED);
	expect_nothing_acked(f, 1);
}

static void test_413_should_halve_the_batch_and_the_retry_should_succeed(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 8, R_413_THEN_STORED);

	assert_int_equal(res.outcome, FB_PUSH_SHRUNK);
	expect_nothing_acked(f, 8);
	assert_int_equal(fb_push_batch_limit(f->p), 4);
	res = push(f);
	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(f->last_n_records, 4);
	assert_int_equal(stats(f).depth, 4);
	push(f);
	assert_int_equal(stats(f).depth, 0);
}

static void test_413_for_one_record_alone_should_park_it_for_a_human_and_go_on(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to_status(f, 1, 413, NULL);

	assert_int_equal(res.outcome, FB_PUSH_SHRUNK);
	assert_int_equal(res.quarantined, 1);
	assert_int_equal(stats(f).depth, 0);
	assert_int_equal(stats(f).quarantined, 1);
	assert_non_null(strstr(quarantined(f).reason, "larger than it accepts (HTTP 413)"));
	/* the daemon goes on at once, without counting a failure */
	fb_retry r = fb_retry_decide(&res.end, 2, 0, 0);
	assert_int_equal(r.action, FB_RETRY_PARK);
	assert_true(r.at_once);
	assert_int_equal(r.failures, 2);
}

static void test_the_result_should_tell_the_daemon_what_the_retry_policy_decides(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 2, R_NETWORK_DOWN);

	assert_int_equal(fb_retry_decide(&res.end, 0, 0, 0).action, FB_RETRY_BACKOFF);
	f->kind = R_HTML_200;
	res = push(f);
	assert_int_equal(fb_retry_decide(&res.end, 0, 0, 0).action, FB_RETRY_BACKOFF);
	f->kind = R_STATUS_ONLY;
	f->status = 401;
	res = push(f);
	assert_int_equal(fb_retry_decide(&res.end, 0, 0, 0).action, FB_RETRY_STOP);
	f->kind = R_STORED;
	res = push(f);
	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(fb_retry_decide(&res.end, 5, 0, 0).action, FB_RETRY_NEXT);
	assert_int_equal(fb_retry_decide(&res.end, 5, 0, 0).failures, 0);
	res = push(f);
	assert_int_equal(res.outcome, FB_PUSH_IDLE);
	assert_int_equal(fb_retry_decide(&res.end, 0, 0, 0).action, FB_RETRY_NOTHING);
}

static void test_429_with_retry_after_should_wait_as_told_and_ack_nothing(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to_status(f, 2, 429, "7");

	assert_int_equal(res.outcome, FB_PUSH_WAIT);
	assert_int_equal(res.retry_after_ms, 7000);
	expect_nothing_acked(f, 2);
}

static void test_503_with_retry_after_should_wait_as_told(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to_status(f, 2, 503, "30");

	assert_int_equal(res.outcome, FB_PUSH_WAIT);
	assert_int_equal(res.retry_after_ms, 30000);
	expect_nothing_acked(f, 2);
}

static void test_503_without_retry_after_should_back_off(void **state)
{
	fx *f = *state;

	assert_int_equal(push_to_status(f, 2, 503, NULL).outcome, FB_PUSH_RETRY);
	expect_nothing_acked(f, 2);
}

static void test_500_should_back_off_and_ack_nothing(void **state)
{
	fx *f = *state;

	assert_int_equal(push_to_status(f, 2, 500, NULL).outcome, FB_PUSH_RETRY);
	expect_nothing_acked(f, 2);
}

static void test_html_200_from_a_wifi_login_page_should_ack_nothing(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 3, R_HTML_200);

	assert_int_equal(res.outcome, FB_PUSH_RETRY);
	assert_non_null(strstr(res.error, "without the fb-sync/1 marker"));
	expect_nothing_acked(f, 3);
}

static void test_garbage_json_200_should_ack_nothing(void **state)
{
	fx *f = *state;

	assert_int_equal(push_to(f, 3, R_GARBAGE_JSON_200).outcome, FB_PUSH_RETRY);
	expect_nothing_acked(f, 3);
}

static void test_results_without_the_marker_header_should_ack_nothing(void **state)
{
	fx *f = *state;

	assert_int_equal(push_to(f, 3, R_BODY_MARKER_NO_HEADER).outcome, FB_PUSH_RETRY);
	expect_nothing_acked(f, 3);
}

static void test_network_failure_should_back_off_and_ack_nothing(void **state)
{
	fx *f = *state;
	fb_push_result res = push_to(f, 3, R_NETWORK_DOWN);

	assert_int_equal(res.outcome, FB_PUSH_RETRY);
	assert_non_null(strstr(res.error, "connect"));
	expect_nothing_acked(f, 3);
	/* and once the network is back, everything goes */
	f->kind = R_STORED;
	assert_int_equal(push(f).outcome, FB_PUSH_DONE);
	assert_int_equal(stats(f).depth, 0);
}

static void test_batches_should_respect_the_record_limit(void **state)
{
	fx *f = *state;
	fb_push *small = NULL;
	fb_err err = {0};
	fb_push_result res;
	fb_push_opts o = {.device_id = "kiosk-0042", .batch_max_records = 3};

	assert_int_equal(fb_push_new(&small, f->q, f->t, &o, &err), 0);
	put_n(f, 7);
	f->kind = R_STORED;
	assert_int_equal(fb_push_batch(small, &res, &err), 0);
	assert_int_equal(f->last_n_records, 3);
	assert_int_equal(fb_push_batch(small, &res, &err), 0);
	assert_int_equal(fb_push_batch(small, &res, &err), 0);
	assert_int_equal(f->last_n_records, 1);
	assert_int_equal(stats(f).depth, 0);
	fb_push_free(small);
}

static void test_a_damaged_record_on_the_device_should_be_quarantined_not_block_the_rest(void **state)
{
	fx *f = *state;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	fb_push_result res;
	q_reason q;

	put_n(f, 4);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE records SET body = '{\"v\":1,\"id\":' WHERE id = ?",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, f->ids[2], -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	f->kind = R_STORED;
	res = push(f);
	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_int_equal(res.sent, 3);
	assert_int_equal(f->last_n_records, 3);
	assert_int_equal(res.quarantined, 1);
	assert_int_equal(stats(f).acked, 3);
	q = quarantined(f);
	assert_string_equal(q.id, f->ids[2]);
	assert_non_null(strstr(q.reason, "not a valid record"));
}

static void test_heartbeat_should_report_queue_health_in_fb_sync_1(void **state)
{
	fx *f = *state;
	fb_push_result res;
	fb_err err = {0};
	fb_heartbeat hb = {.queue_depth = 12, .oldest_unsent_age_s = 340, .quarantined = 1,
			   .last_ack_ms = 1795683500000LL, .last_error = "",
			   .disk_free_bytes = 1234567890LL};

	assert_int_equal(fb_push_heartbeat(f->p, &hb, &res, &err), 0);
	assert_int_equal(res.outcome, FB_PUSH_DONE);
	assert_string_equal(f->last_path, "/v1/heartbeat");
	assert_non_null(f->last_heartbeat);
	assert_string_equal(json_string_value(json_object_get(f->last_heartbeat, "protocol")), "fb-sync/1");
	assert_string_equal(json_string_value(json_object_get(f->last_heartbeat, "device_id")), "kiosk-0042");
	assert_int_equal(json_integer_value(json_object_get(f->last_heartbeat, "queue_depth")), 12);
	assert_int_equal(json_integer_value(json_object_get(f->last_heartbeat, "oldest_unsent_age_s")), 340);
	assert_int_equal(json_integer_value(json_object_get(f->last_heartbeat, "disk_free_bytes")), 1234567890LL);
	assert_non_null(json_object_get(f->last_heartbeat, "version"));
	assert_non_null(json_object_get(f->last_heartbeat, "device_time_ms"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_stored_reply_should_ack_every_record_and_empty_the_queue),
		T(test_request_should_be_gzipped_fb_sync_1_with_age_on_every_record),
		T(test_duplicate_reply_should_ack_like_stored),
		T(test_conflict_should_quarantine_that_record_with_the_reason_and_ack_the_rest),
		T(test_rejected_by_index_should_quarantine_that_record_and_ack_the_rest),
		T(test_result_with_an_index_past_the_batch_should_ack_only_what_was_answered),
		T(test_reply_with_no_result_for_any_record_should_back_off_not_resend_at_once),
		T(test_record_without_a_result_should_stay_unsent),
		T(test_400_should_back_off_with_the_collectors_reason_and_ack_nothing),
		T(test_401_should_stop_pushing_as_not_authorised_and_ack_nothing),
		T(test_403_should_stop_pushing_as_not_authorised),
		T(test_413_should_halve_the_batch_and_the_retry_should_succeed),
		T(test_413_for_one_record_alone_should_park_it_for_a_human_and_go_on),
		T(test_the_result_should_tell_the_daemon_what_the_retry_policy_decides),
		T(test_429_with_retry_after_should_wait_as_told_and_ack_nothing),
		T(test_503_with_retry_after_should_wait_as_told),
		T(test_503_without_retry_after_should_back_off),
		T(test_500_should_back_off_and_ack_nothing),
		T(test_html_200_from_a_wifi_login_page_should_ack_nothing),
		T(test_garbage_json_200_should_ack_nothing),
		T(test_results_without_the_marker_header_should_ack_nothing),
		T(test_network_failure_should_back_off_and_ack_nothing),
		T(test_batches_should_respect_the_record_limit),
		T(test_a_damaged_record_on_the_device_should_be_quarantined_not_block_the_rest),
		T(test_heartbeat_should_report_queue_health_in_fb_sync_1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
