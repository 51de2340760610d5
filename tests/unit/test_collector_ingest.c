/* ingest + store (SQLite): what a device and a ward team would notice when
 * batches arrive, without HTTP in the way. */
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
#include <zlib.h>

#include "gz.h"
#include "../../collector/ingest.h"
#include "../../collector/safeguard.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/themes/coded_csv.h"
#include "../../collector/themes/model.h"
#include "clock.h"
#include "record.h"
#include "seal.h"
#include "src_path.h"
#include "uuid7.h"
#include "schema_undo.h"

typedef struct fixture {
	char dir[64];
	coll_store *st;
	coll_safeguard *sg;
	coll_ingest *ig;
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	coll_store_device dev;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fb_err err;
	char path[128];
	snprintf(f->dir, sizeof f->dir, "/tmp/fb-cing.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	if (coll_store_open_sqlite(path, &f->st, &err) || fb_keypair_generate(f->pk, f->sk, &err))
		return -1;
	snprintf(path, sizeof path, "%s/words", f->dir);
	FILE *w = fopen(path, "w");
	fputs("# words\nhurt me\nabuse\n", w);
	fclose(w);
	if (coll_safeguard_load(path, &f->sg, &err) || coll_ingest_new(f->st, f->sk, f->sg, 50, &f->ig, &err))
		return -1;
	coll_store_location_add(f->st, "WARD1", "Willow", "willow", &err);
	coll_store_location_add(f->st, "WARD2", "Oak", "oak", &err);
	/* kiosk-1 speaks for both wards; kiosk-oak, the Oak tablet, for Oak only */
	unsigned char h1[COLL_STORE_HASH_LEN] = {0xa1}, h2[COLL_STORE_HASH_LEN] = {0xa2};
	if (coll_store_device_add(f->st, "kiosk-1", (const char *[]){"WARD1", "WARD2"}, 2, h1,
				  fb_wall_ms(), &err) ||
	    coll_store_device_add(f->st, "kiosk-oak", (const char *[]){"WARD2"}, 1, h2, fb_wall_ms(),
				  &err) ||
	    coll_store_device_get(f->st, "kiosk-1", &f->dev, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char cmd[128];
	coll_ingest_free(f->ig);
	coll_safeguard_free(f->sg);
	coll_store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc;
}

/* A record as a device makes it, text sealed to pk when given. */
static json_t *make_record(const unsigned char *pk, int fft, const char *text, unsigned flags)
{
	fb_response r;
	fb_err err;
	char *sealed = NULL, priv[512];
	memset(&r, 0, sizeof r);
	assert_int_equal(fb_uuid7_make(fb_wall_ms(), r.id, &err), 0);
	snprintf(r.survey_id, sizeof r.survey_id, "fft");
	r.survey_version = 1;
	snprintf(r.location, sizeof r.location, "WARD1");
	snprintf(r.language, sizeof r.language, "en");
	r.submitted_at_ms = fb_wall_ms();
	r.started_at_ms = r.submitted_at_ms - 1000;
	r.duration_ms = 1000;
	r.fft = fft;
	r.flags = flags;
	if (text) {
		snprintf(priv, sizeof priv, "{\"better\":\"%s\"}", text);
		assert_int_equal(fb_seal(pk, priv, strlen(priv), &sealed, &err), 0);
	}
	char *body = fb_record_body(&r, sealed, &err);
	assert_non_null(body);
	json_t *o = json_loads(body, 0, NULL);
	free(body);
	free(sealed);
	return o;
}

static char *batch_text(const char *device, json_t *records)
{
	json_t *b = json_pack("{s:s, s:s, s:I, s:O}", "protocol", "fb-sync/1", "device_id", device,
			      "device_time_ms", (json_int_t)fb_wall_ms(), "records", records);
	char *s = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	return s;
}

/* outcome of result i, or "" */
static const char *outcome(json_t *reply, size_t i)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(reply, "results"), i),
						 "outcome"));
}

static json_t *push(fixture *f, const char *device, json_t *records, int *status)
{
	coll_ingest_reply rep;
	coll_store_device dev = f->dev;
	char *body = batch_text(device, records);
	coll_ingest_responses(f->ig, &dev, body, strlen(body), fb_wall_ms(), &rep);
	free(body);
	*status = rep.status;
	json_t *o = json_loads(rep.body, 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "protocol")), "fb-sync/1");
	coll_ingest_reply_clear(&rep);
	return o;
}

static int64_t stored(fixture *f)
{
	int64_t n = -1;
	fb_err err;
	assert_int_equal(coll_store_count_responses(f->st, true, &n, &err), 0);
	return n;
}

static void test_batch_should_store_each_record_once_and_answer_duplicate_on_replay(void **state)
{
	fixture *f = *state;
	int status;
	json_t *recs = json_array();
	for (int i = 0; i < 5; i++)
		json_array_append_new(recs, make_record(f->pk, 1 + i, NULL, 0));
	json_t *r1 = push(f, "kiosk-1", recs, &status);
	assert_int_equal(status, 200);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(outcome(r1, i), "stored");
	json_t *r2 = push(f, "kiosk-1", recs, &status);
	assert_int_equal(status, 200);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(outcome(r2, i), "duplicate");
	assert_int_equal(stored(f), 5);
	json_decref(r1);
	json_decref(r2);
	json_decref(recs);
}

static void test_same_id_with_different_content_should_be_a_conflict_and_keep_the_first(void **state)
{
	fixture *f = *state;
	int status;
	int64_t counts[7];
	fb_err err;
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 1, NULL, 0));
	json_decref(push(f, "kiosk-1", recs, &status));
	json_object_set_new(json_array_get(recs, 0), "fft", json_integer(5));
	json_t *r = push(f, "kiosk-1", recs, &status);
	assert_string_equal(outcome(r, 0), "conflict");
	coll_store_query q = {.location = "WARD1", .from_ms = 0, .to_ms = INT64_MAX};
	assert_int_equal(coll_store_fft_counts(f->st, &q, counts, &err), 0);
	assert_int_equal(counts[1], 1);
	assert_int_equal(counts[5], 0);
	json_decref(r);
	json_decref(recs);
}

static void test_a_bad_record_should_be_rejected_by_index_without_blocking_the_others(void **state)
{
	fixture *f = *state;
	int status;
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 2, NULL, 0));
	json_array_append_new(recs, json_pack("{s:s}", "id", "not-a-uuid"));
	json_array_append_new(recs, make_record(f->pk, 3, NULL, 0));
	json_t *r = push(f, "kiosk-1", recs, &status);
	assert_int_equal(status, 200);
	assert_string_equal(outcome(r, 0), "stored");
	assert_string_equal(outcome(r, 1), "rejected");
	json_t *bad = json_array_get(json_object_get(r, "results"), 1);
	assert_int_equal(json_integer_value(json_object_get(bad, "index")), 1);
	assert_string_equal(outcome(r, 2), "stored");
	assert_int_equal(stored(f), 2);
	json_decref(r);
	json_decref(recs);
}

static void test_a_body_that_is_not_json_should_be_400_and_store_nothing(void **state)
{
	fixture *f = *state;
	coll_ingest_reply rep;
	const char *body = "{\"protocol\":\"fb-sync/1\",\"records\":[";
	coll_ingest_responses(f->ig, &f->dev, body, strlen(body), fb_wall_ms(), &rep);
	assert_int_equal(rep.status, 400);
	assert_non_null(strstr(rep.body, "\"protocol\":\"fb-sync/1\""));
	coll_ingest_reply_clear(&rep);
	assert_int_equal(stored(f), 0);
}

static void test_a_device_id_other_than_the_token_s_should_be_403(void **state)
{
	fixture *f = *state;
	int status;
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 2, NULL, 0));
	json_t *r = push(f, "kiosk-2", recs, &status);
	assert_int_equal(status, 403);
	assert_int_equal(stored(f), 0);
	json_decref(r);
	json_decref(recs);
}

static void test_too_many_records_should_be_413_so_the_device_halves_its_batch(void **state)
{
	fixture *f = *state;
	int status;
	json_t *recs = json_array();
	for (int i = 0; i < 51; i++)
		json_array_append_new(recs, make_record(f->pk, 1, NULL, 0));
	json_t *r = push(f, "kiosk-1", recs, &status);
	assert_int_equal(status, 413);
	assert_int_equal(stored(f), 0);
	json_decref(r);
	json_decref(recs);
}

static int first_text(void *ctx, const coll_store_row *row)
{
	snprintf(ctx, 256, "%s|%d", row->free_text_json ? row->free_text_json : "", row->safeguarding);
	return 1;
}

static void test_sealed_text_should_be_opened_and_a_listed_phrase_flagged(void **state)
{
	fixture *f = *state;
	int status;
	char got[256] = "";
	fb_err err;
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 4, "Please don't HURT ME again", 0));
	json_decref(push(f, "kiosk-1", recs, &status));
	coll_store_query q = {.location = "WARD1", .from_ms = 0, .to_ms = INT64_MAX};
	assert_int_equal(coll_store_responses_each(f->st, &q, first_text, got, &err), 1);
	assert_string_equal(got, "{\"better\":\"Please don't HURT ME again\"}|1");
	json_decref(recs);
}

static void test_text_sealed_to_another_key_should_be_rejected_saying_check_the_key(void **state)
{
	fixture *f = *state;
	int status;
	unsigned char pk2[FB_KEY_BYTES], sk2[FB_KEY_BYTES];
	fb_err err;
	assert_int_equal(fb_keypair_generate(pk2, sk2, &err), 0);
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(pk2, 4, "hello", 0));
	json_t *r = push(f, "kiosk-1", recs, &status);
	assert_string_equal(outcome(r, 0), "rejected");
	assert_non_null(strstr(json_string_value(json_object_get(
		json_array_get(json_object_get(r, "results"), 0), "reason")), "trust public key"));
	assert_int_equal(stored(f), 0);
	json_decref(r);
	json_decref(recs);
}

static void test_synthetic_responses_should_be_stored_but_never_counted(void **state)
{
	fixture *f = *state;
	int status;
	int64_t counts[7], n;
	fb_err err;
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 1, NULL, FB_FLAG_SYNTHETIC));
	json_array_append_new(recs, make_record(f->pk, 2, NULL, 0));
	json_decref(push(f, "kiosk-1", recs, &status));
	coll_store_query q = {.location = "WARD1", .from_ms = 0, .to_ms = INT64_MAX};
	assert_int_equal(coll_store_fft_counts(f->st, &q, counts, &err), 0);
	assert_int_equal(counts[1], 0);
	assert_int_equal(counts[2], 1);
	assert_int_equal(coll_store_count_responses(f->st, false, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(stored(f), 2);
	json_decref(recs);
}

static void test_a_team_should_count_only_its_own_locations(void **state)
{
	fixture *f = *state;
	int status;
	int64_t counts[7];
	fb_err err;
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 1, NULL, 0));
	json_t *other = make_record(f->pk, 1, NULL, 0);
	json_object_set_new(other, "location", json_string("WARD2"));
	json_array_append_new(recs, other);
	json_decref(push(f, "kiosk-1", recs, &status));
	coll_store_query q = {.team = "willow", .from_ms = 0, .to_ms = INT64_MAX};
	assert_int_equal(coll_store_fft_counts(f->st, &q, counts, &err), 0);
	assert_int_equal(counts[1], 1);
	q.team = "oak";
	assert_int_equal(coll_store_fft_counts(f->st, &q, counts, &err), 0);
	assert_int_equal(counts[1], 1);
	q.team = "nobody";
	assert_int_equal(coll_store_fft_counts(f->st, &q, counts, &err), 0);
	assert_int_equal(counts[1], 0);
	json_decref(recs);
}

static void test_counts_should_agree_whether_months_are_whole_or_cut(void **state)
{
	fixture *f = *state;
	int status;
	int64_t k[7], months[3][7];
	fb_err err;
	/* 2026-09-15, 2026-10-15, 2026-11-15 (UTC) */
	const int64_t t[3] = {1789430400000LL, 1792022400000LL, 1794700800000LL};
	json_t *recs = json_array();
	for (int i = 0; i < 3; i++) {
		json_t *r = make_record(f->pk, 1 + i, NULL, 0);
		json_object_set_new(r, "submitted_at_ms", json_integer(t[i]));
		json_array_append_new(recs, r);
	}
	json_decref(push(f, "kiosk-1", recs, &status));
	/* 2026-09-01 .. 2026-12-01: three whole months */
	coll_store_query q = {.location = "WARD1", .from_ms = 1788220800000LL, .to_ms = 1796083200000LL};
	assert_int_equal(coll_store_fft_counts(f->st, &q, k, &err), 0);
	assert_int_equal(k[1] + k[2] + k[3], 3);
	/* 2026-09-20 .. 2026-11-10: cut at both ends, only October's left */
	q.from_ms = 1789862400000LL;
	q.to_ms = 1794268800000LL;
	assert_int_equal(coll_store_fft_counts(f->st, &q, k, &err), 0);
	assert_int_equal(k[1], 0);
	assert_int_equal(k[2], 1);
	assert_int_equal(k[3], 0);
	/* 2026-09-10 .. 2026-11-20: all three, September and November cut */
	q.from_ms = 1789000000000LL;
	q.to_ms = 1795132800000LL;
	assert_int_equal(coll_store_fft_counts(f->st, &q, k, &err), 0);
	assert_int_equal(k[1] + k[2] + k[3], 3);
	q.from_ms = 1788220800000LL;
	assert_int_equal(coll_store_fft_monthly(f->st, &q, months, 3, &err), 0);
	assert_int_equal(months[0][1], 1);
	assert_int_equal(months[1][2], 1);
	assert_int_equal(months[2][3], 1);
	json_decref(recs);
}

static void test_a_revoked_token_should_be_found_revoked(void **state)
{
	fixture *f = *state;
	unsigned char h[COLL_STORE_HASH_LEN] = {1, 2, 3};
	coll_store_device d;
	fb_err err;
	assert_int_equal(coll_store_device_add(f->st, "kiosk-7", (const char *[]){"WARD1"}, 1, h,
					       fb_wall_ms(), &err), 0);
	assert_int_equal(coll_store_device_by_token(f->st, h, &d, &err), 0);
	assert_false(d.revoked);
	assert_int_equal(coll_store_device_revoke(f->st, "kiosk-7", &err), 0);
	assert_int_equal(coll_store_device_by_token(f->st, h, &d, &err), 0);
	assert_true(d.revoked);
	h[0] = 9;
	assert_int_equal(coll_store_device_by_token(f->st, h, &d, &err), FB_ERR_NOTFOUND);
	assert_int_equal(coll_store_device_revoke(f->st, "kiosk-none", &err), FB_ERR_NOTFOUND);
}

static void test_an_expired_session_should_not_be_found(void **state)
{
	fixture *f = *state;
	unsigned char h[COLL_STORE_HASH_LEN] = {7};
	coll_store_session s;
	fb_err err;
	/* a session is found only for a user who exists and is not disabled */
	assert_int_equal(coll_store_user_add(f->st, "amy", "willow", "not-a-real-hash", &err), 0);
	assert_int_equal(coll_store_session_add(f->st, h, "amy", "willow", "csrf1", 2000, 1000, &err), 0);
	assert_int_equal(coll_store_session_get(f->st, h, 1500, &s, &err), 0);
	assert_string_equal(s.team, "willow");
	assert_int_equal(coll_store_session_get(f->st, h, 2000, &s, &err), FB_ERR_NOTFOUND);
}

static void test_safeguarding_should_match_whole_words_only(void **state)
{
	fixture *f = *state;
	assert_true(coll_safeguard_match(f->sg, "There was ABUSE."));
	assert_false(coll_safeguard_match(f->sg, "they were abusers"));
	assert_false(coll_safeguard_match(f->sg, "nothing to see"));
	assert_true(coll_safeguard_match(f->sg, "hurt me"));
}

static void test_gunzip_should_stop_at_the_cap_and_refuse_garbage(void **state)
{
	unsigned char in[4096], z[8192];
	uLongf zlen = sizeof z;
	char *out = NULL;
	size_t n = 0;
	fb_err err;
	z_stream zs;
	memset(in, 'a', sizeof in);
	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = in;
	zs.avail_in = sizeof in;
	zs.next_out = z;
	zs.avail_out = (uInt)zlen;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	zlen = zs.total_out;
	deflateEnd(&zs);
	assert_int_equal(fb_gunzip(z, zlen, sizeof in, &out, &n, &err), 0);
	assert_int_equal(n, sizeof in);
	free(out);
	assert_int_equal(fb_gunzip(z, zlen, 1000, &out, &n, &err), FB_ERR_FULL);
	assert_null(out);
	assert_int_equal(fb_gunzip("plain text", 10, 1000, &out, &n, &err), FB_ERR_INVALID);
	assert_int_equal(fb_gunzip(z, zlen / 2, sizeof in, &out, &n, &err), FB_ERR_INVALID);
}

static void test_a_device_clock_at_the_int64_limit_should_be_stored_not_crash(void **state)
{
	fixture *f = *state;
	coll_ingest_reply rep;
	coll_store_device dev = f->dev;
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 1, NULL, 0));
	json_t *b = json_pack("{s:s, s:s, s:I, s:O}", "protocol", "fb-sync/1", "device_id", "kiosk-1",
			      "device_time_ms", (json_int_t)INT64_MIN, "records", recs);
	char *body = json_dumps(b, JSON_COMPACT);
	coll_ingest_responses(f->ig, &dev, body, strlen(body), fb_wall_ms(), &rep);
	assert_int_equal(rep.status, 200);
	json_t *o = json_loads(rep.body, 0, NULL);
	assert_string_equal(outcome(o, 0), "stored");
	assert_int_equal(stored(f), 1);
	json_decref(o);
	coll_ingest_reply_clear(&rep);
	free(body);
	json_decref(b);
	json_decref(recs);
}

/* ---- devices bound to places ---------------------------------------------------- */

static const char *reason(json_t *reply, size_t i)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(reply, "results"), i),
						 "reason"));
}

/* The fleet row of one device, copied out of the walk. */
typedef struct fleet_seen {
	const char *want;
	bool found;
	int64_t last_seen_ms, last_push_ms, enrolled_at_ms;
	char locations[256];
	char refused_location[COLL_STORE_ID_MAX];
	int64_t refused_n;
	size_t n_refused;
} fleet_seen;

static int fleet_row_of(void *ctx, const coll_store_fleet_row *r)
{
	fleet_seen *s = ctx;
	if (strcmp(r->device_id, s->want) != 0)
		return 0;
	s->found = true;
	s->last_seen_ms = r->last_seen_ms;
	s->last_push_ms = r->last_push_ms;
	s->enrolled_at_ms = r->enrolled_at_ms;
	snprintf(s->locations, sizeof s->locations, "%s", r->locations);
	s->n_refused = r->n_refused;
	if (r->n_refused) {
		snprintf(s->refused_location, sizeof s->refused_location, "%s", r->refused[0].location);
		s->refused_n = r->refused[0].n;
	}
	return 0;
}

static fleet_seen fleet_of(fixture *f, const char *id)
{
	fleet_seen s = {.want = id};
	fb_err err;
	assert_int_equal(coll_store_fleet_each(f->st, NULL, fleet_row_of, &s, &err), 0);
	assert_true(s.found);
	return s;
}

static json_t *record_at(fixture *f, const char *location, int fft, const char *text)
{
	json_t *r = make_record(f->pk, fft, text, 0);
	json_object_set_new(r, "location", json_string(location));
	return r;
}

static void test_an_oak_tablets_willow_records_should_be_rejected_and_never_counted(void **state)
{
	fixture *f = *state;
	int status;
	int64_t counts[7];
	fb_err err;
	int64_t before = fb_wall_ms();
	assert_int_equal(coll_store_device_get(f->st, "kiosk-oak", &f->dev, &err), 0);
	json_t *recs = json_array();
	json_array_append_new(recs, record_at(f, "WARD1", 5, "Very poor, nobody listened"));
	json_array_append_new(recs, record_at(f, "WARD2", 1, NULL));
	json_array_append_new(recs, record_at(f, "WARD1", 5, NULL));
	json_t *rep = push(f, "kiosk-oak", recs, &status);
	json_decref(recs);
	assert_int_equal(status, 200);
	assert_string_equal(outcome(rep, 0), "rejected");
	assert_string_equal(reason(rep, 0), "this device is not enrolled for location WARD1");
	assert_string_equal(outcome(rep, 1), "stored");
	assert_string_equal(outcome(rep, 2), "rejected");
	assert_string_equal(reason(rep, 2), "this device is not enrolled for location WARD1");
	json_decref(rep);
	/* nothing for Willow was stored or counted; Oak's own record was */
	assert_int_equal(stored(f), 1);
	coll_store_query q = {.team = "willow", .from_ms = 0, .to_ms = INT64_MAX};
	assert_int_equal(coll_store_fft_counts(f->st, &q, counts, &err), 0);
	assert_int_equal(counts[5], 0);
	q.team = "oak";
	assert_int_equal(coll_store_fft_counts(f->st, &q, counts, &err), 0);
	assert_int_equal(counts[1], 1);
	/* estates see the two refusals against the Oak tablet, and the push as contact */
	fleet_seen s = fleet_of(f, "kiosk-oak");
	assert_int_equal(s.n_refused, 1);
	assert_string_equal(s.refused_location, "WARD1");
	assert_int_equal(s.refused_n, 2);
	assert_true(s.last_push_ms >= before);
	assert_int_equal(s.last_seen_ms, s.last_push_ms);
	assert_string_equal(s.locations, "WARD2");
	/* the same device resending them: still refused, counted again */
	recs = json_array();
	json_array_append_new(recs, record_at(f, "WARD1", 5, NULL));
	json_decref(push(f, "kiosk-oak", recs, &status));
	json_decref(recs);
	assert_int_equal(fleet_of(f, "kiosk-oak").refused_n, 3);
	assert_int_equal(stored(f), 1);
}

static void test_a_push_of_only_refused_records_should_still_count_as_contact(void **state)
{
	fixture *f = *state;
	int status;
	fb_err err;
	assert_int_equal(coll_store_device_get(f->st, "kiosk-oak", &f->dev, &err), 0);
	assert_int_equal(fleet_of(f, "kiosk-oak").last_seen_ms, 0);
	json_t *recs = json_array();
	json_array_append_new(recs, record_at(f, "WARD1", 2, NULL));
	json_decref(push(f, "kiosk-oak", recs, &status));
	json_decref(recs);
	assert_int_equal(status, 200);
	assert_true(fleet_of(f, "kiosk-oak").last_seen_ms > 0);
}

static void test_enrolment_should_refuse_an_unknown_or_repeated_location_and_change_on_request(void **state)
{
	fixture *f = *state;
	unsigned char h[COLL_STORE_HASH_LEN] = {0xb1};
	coll_store_device d;
	fb_err err;
	assert_int_equal(coll_store_device_add(f->st, "kiosk-x", (const char *[]){"WARD1", "NOPE"}, 2,
					       h, 1, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "no location 'NOPE'"));
	assert_non_null(strstr(err.msg, "location add NOPE"));
	/* nothing half made: the id is free and its token unknown */
	assert_int_equal(coll_store_device_get(f->st, "kiosk-x", &d, &err), FB_ERR_NOTFOUND);
	assert_int_equal(coll_store_device_by_token(f->st, h, &d, &err), FB_ERR_NOTFOUND);
	assert_int_equal(coll_store_device_add(f->st, "kiosk-x", (const char *[]){"WARD1", "WARD1"}, 2,
					       h, 1, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "listed twice"));
	assert_int_equal(coll_store_device_add(f->st, "kiosk-x", NULL, 0, h, 1, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--location"));
	assert_int_equal(coll_store_device_add(f->st, "kiosk-x", (const char *[]){"WARD1"}, 1, h, 1,
					       &err), 0);
	assert_int_equal(coll_store_device_locations_set(f->st, "kiosk-x",
							 (const char *[]){"WARD2", "WARD1"}, 2, &err), 0);
	assert_int_equal(coll_store_device_by_token(f->st, h, &d, &err), 0);
	assert_int_equal(d.n_locations, 2);
	assert_true(coll_store_device_speaks_for(&d, "WARD1"));
	assert_true(coll_store_device_speaks_for(&d, "WARD2"));
	assert_false(coll_store_device_speaks_for(&d, "WARD3"));
	assert_int_equal(coll_store_device_locations_set(f->st, "kiosk-x", (const char *[]){"NOPE"}, 1,
							 &err), FB_ERR_INVALID);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-x", &d, &err), 0);
	assert_int_equal(d.n_locations, 2);   /* a refused change changes nothing */
	assert_int_equal(coll_store_device_locations_set(f->st, "kiosk-none", (const char *[]){"WARD1"},
							 1, &err), FB_ERR_NOTFOUND);
}

static char *bundle_text(const char *device, json_t *records)
{
	json_t *b = json_pack("{s:s, s:s, s:I, s:O}", "protocol", "fb-bundle/1", "device_id", device,
			      "exported_at_ms", (json_int_t)fb_wall_ms(), "records", records);
	char *s = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	return s;
}

static int import(fixture *f, const char *device, json_t *records, json_t **receipt, fb_err *err)
{
	char *text = NULL;
	int counts[4] = {0};
	char *body = bundle_text(device, records);
	int rc = coll_ingest_bundle(f->ig, body, strlen(body), fb_wall_ms(), &text, counts, NULL, err);
	free(body);
	*receipt = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return rc;
}

/* corrected_submitted_at_ms (-1 when none) and effective_at_ms of response id,
 * from the file */
static void stored_time(fixture *f, const char *id, int64_t *corrected, int64_t *effective)
{
	char path[128];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT coalesce(corrected_submitted_at_ms, -1),"
					    " effective_at_ms FROM responses WHERE id = ?", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	*corrected = sqlite3_column_int64(st, 0);
	*effective = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_a_record_stored_while_the_clock_was_a_year_back_should_count_when_it_was_given(void **state)
{
	fixture *f = *state;
	const int64_t year = 365LL * 86400000, age = 90000;
	int status = 0;
	int64_t corrected = 0, effective = 0;
	json_t *recs = json_array(), *rec = make_record(f->pk, 1, NULL, 0);
	char id[FB_ID_LEN];

	/* stored 90 s ago (boot clock) while the wall clock read a year back;
	 * pushed now that it is right: the batch's device_time_ms is not off */
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(rec, "id")));
	json_object_set_new(rec, "submitted_at_ms", json_integer(fb_wall_ms() - age - year));
	json_object_set_new(rec, "age_ms", json_integer(age));
	json_array_append_new(recs, rec);
	int64_t before = fb_wall_ms();
	json_t *o = push(f, "kiosk-1", recs, &status);
	assert_int_equal(status, 200);
	assert_string_equal(outcome(o, 0), "stored");
	stored_time(f, id, &corrected, &effective);
	assert_true(corrected >= before - age && corrected <= fb_wall_ms() - age);
	assert_int_equal(effective, corrected);
	json_decref(o);
	json_decref(recs);

	/* a USB bundle's age_ms is from its export: its times are kept as sent */
	json_t *receipt = NULL;
	fb_err err;
	recs = json_array();
	rec = make_record(f->pk, 2, NULL, 0);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(rec, "id")));
	int64_t sent = fb_wall_ms() - age - year;
	json_object_set_new(rec, "submitted_at_ms", json_integer(sent));
	json_object_set_new(rec, "age_ms", json_integer(age));
	json_array_append_new(recs, rec);
	assert_int_equal(import(f, "kiosk-1", recs, &receipt, &err), 0);
	stored_time(f, id, &corrected, &effective);
	assert_int_equal(corrected, -1);
	assert_int_equal(effective, sent);
	json_decref(receipt);
	json_decref(recs);
}

static void test_a_damaged_database_should_be_refused_at_open_naming_it_and_left_unchanged(void **state)
{
	fixture *f = *state;
	char path[128], code[32], name[64];
	coll_store *st = NULL;
	fb_err err;
	snprintf(path, sizeof path, "%s/damaged.db", f->dir);
	assert_int_equal(coll_store_open_sqlite(path, &st, &err), 0);
	for (int i = 0; i < 2000; i++) {
		snprintf(code, sizeof code, "W%04d", i);
		snprintf(name, sizeof name, "Ward number %d of a large Trust", i);
		assert_int_equal(coll_store_location_add(st, code, name, "t", &err), 0);
	}
	coll_store_close(st);
	st = NULL;

	/* random-looking bytes over the page in the middle, as a failing disk would */
	FILE *fp = fopen(path, "r+b");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long pages = ftell(fp) / 4096;
	assert_true(pages > 4);
	fseek(fp, (pages / 2) * 4096, SEEK_SET);
	for (int i = 0; i < 4096; i++)
		fputc((i * 7919 + 13) & 0xff, fp);
	fclose(fp);
	char before[64], after[64], cmd[256];
	snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
	FILE *p1 = popen(cmd, "r");
	assert_non_null(fgets(before, sizeof before, p1));
	pclose(p1);

	assert_int_equal(coll_store_open_sqlite(path, &st, &err), FB_ERR_CORRUPT);
	assert_null(st);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "is damaged"));
	assert_non_null(strstr(err.msg, "restore the latest backup"));
	p1 = popen(cmd, "r");
	assert_non_null(fgets(after, sizeof after, p1));
	pclose(p1);
	assert_string_equal(after, before);
}

static void test_a_bundle_from_a_device_that_is_not_enrolled_should_be_refused_and_store_nothing(void **state)
{
	fixture *f = *state;
	json_t *receipt = NULL;
	fb_err err;
	char long_id[COLL_STORE_ID_MAX + 8];
	memset(long_id, 'k', sizeof long_id - 1);
	long_id[sizeof long_id - 1] = '\0';
	char *huge_id = malloc(100 * 1024 + 1);   /* the 100 KB id of issue 12 */
	assert_non_null(huge_id);
	memset(huge_id, 'k', 100 * 1024);
	huge_id[100 * 1024] = '\0';
	const char *bad[] = {"kiosk-stolen", "", "kiosk-1\n", "kiosk\x7f", long_id, huge_id};
	const char *says[] = {"not enrolled", "empty", "control characters", "control characters",
			      "longer than", "longer than"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *recs = json_array();
		json_array_append_new(recs, record_at(f, "WARD1", 1, NULL));
		fb_err_clear(&err);
		assert_int_equal(import(f, bad[i], recs, &receipt, &err), FB_ERR_INVALID);
		assert_null(receipt);
		assert_non_null(strstr(err.msg, says[i]));
		assert_non_null(strstr(err.msg, "nothing was imported"));
		json_decref(recs);
	}
	free(huge_id);
	/* a revoked device's bundle too */
	assert_int_equal(coll_store_device_revoke(f->st, "kiosk-oak", &err), 0);
	json_t *recs = json_array();
	json_array_append_new(recs, record_at(f, "WARD2", 1, NULL));
	assert_int_equal(import(f, "kiosk-oak", recs, &receipt, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "revoked"));
	json_decref(recs);
	assert_int_equal(stored(f), 0);
}

static void test_a_bundle_should_apply_the_devices_enrolment_record_by_record(void **state)
{
	fixture *f = *state;
	json_t *receipt = NULL;
	fb_err err;
	json_t *recs = json_array();
	json_array_append_new(recs, record_at(f, "WARD2", 1, NULL));
	json_array_append_new(recs, record_at(f, "WARD1", 5, NULL));
	assert_int_equal(import(f, "kiosk-oak", recs, &receipt, &err), 0);
	assert_non_null(receipt);
	assert_string_equal(outcome(receipt, 0), "stored");
	assert_string_equal(outcome(receipt, 1), "rejected");
	assert_string_equal(reason(receipt, 1), "this device is not enrolled for location WARD1");
	assert_int_equal(stored(f), 1);
	fleet_seen s = fleet_of(f, "kiosk-oak");
	assert_int_equal(s.refused_n, 1);
	/* a USB stick is not the device being heard from */
	assert_int_equal(s.last_seen_ms, 0);
	json_decref(receipt);
	json_decref(recs);
}

static void test_a_device_enrolled_before_schema_3_should_keep_speaking_for_its_location(void **state)
{
	fixture *f = *state;
	char path[128];
	fb_err err;
	coll_store_device d;
	sqlite3 *db;
	/* what schema 2 kept: one location per device, in devices.location */
	coll_store_close(f->st);
	f->st = NULL;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE device_locations; DROP TABLE device_refusals;"
				      " ALTER TABLE devices DROP COLUMN enrolled_at_ms;"
				      " ALTER TABLE devices DROP COLUMN last_push_ms;"
				      " UPDATE devices SET location = 'WARD2' WHERE id = 'kiosk-oak';"
				      " DROP TABLE alerts; DROP INDEX responses_flag_new; ALTER TABLE responses DROP COLUMN flag_new;"
				      " ALTER TABLE responses DROP COLUMN flag_seen_by; ALTER TABLE responses DROP COLUMN flag_seen_at_ms;"
				      " ALTER TABLE responses DROP COLUMN flag_actioned_by;"
				      " ALTER TABLE responses DROP COLUMN flag_actioned_at_ms; ALTER TABLE responses DROP COLUMN flag_note;"
				      " DROP TABLE actions; DROP TABLE action_comments; DROP TABLE action_history;"
				      " DROP TABLE published_items; DROP TABLE published_locations;"
				      " DROP TABLE published_texts; DROP TABLE device_config_fetch;" SCHEMA_UNDO_TO_5
				      " DELETE FROM schema_version WHERE version >= 3", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(coll_store_open_sqlite(path, &f->st, &err), 0);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-oak", &d, &err), 0);
	assert_int_equal(d.n_locations, 1);
	assert_true(coll_store_device_speaks_for(&d, "WARD2"));
	assert_false(coll_store_device_speaks_for(&d, "WARD1"));
	/* kiosk-1 had WARD1 first: only that is carried over */
	assert_int_equal(coll_store_device_get(f->st, "kiosk-1", &d, &err), 0);
	assert_int_equal(d.n_locations, 1);
	assert_true(coll_store_device_speaks_for(&d, "WARD1"));
	/* and coll_ingest still holds the old handle: make it anew on the new one */
	coll_ingest_free(f->ig);
	assert_int_equal(coll_ingest_new(f->st, f->sk, f->sg, 50, &f->ig, &err), 0);
}

/* Trains on the synthetic coded set and stores the model, as 'themes train' does. */
static void store_trained_model(fixture *f, const coll_themes_framework *fw)
{
	coll_themes_coded_set set;
	coll_themes_model *m = NULL;
	coll_themes_train_opts o;
	fb_err err;
	char *text = NULL;
	size_t len = 0;
	int64_t id = 0;
	assert_int_equal(coll_themes_csv_read(fw, test_src_path("tests/data/themes/coded.csv"), &set, &err), 0);
	coll_themes_example *ex = calloc(set.n, sizeof *ex);
	assert_non_null(ex);
	for (size_t i = 0; i < set.n; i++)
		ex[i] = (coll_themes_example){set.v[i].text, set.v[i].question, set.v[i].labels, set.v[i].sentiment};
	coll_themes_train_opts_default(&o);
	assert_int_equal(coll_themes_train(fw, ex, set.n, &o, &m, NULL, &err), 0);
	assert_int_equal(coll_themes_model_save(m, &text, &len, &err), 0);
	assert_int_equal(coll_store_themes_model_put(f->st, text, "", (int64_t)set.n, "test", fb_wall_ms(), &id, &err), 0);
	free(text);
	coll_themes_model_free(m);
	free(ex);
	coll_themes_coded_set_free(&set);
}

static int flag_of(void *ctx, const coll_store_row *row)
{
	char *out = ctx;
	snprintf(out + strlen(out), 512 - strlen(out), "%d", row->safeguarding);
	return 0;
}

static int sugg_of(void *ctx, const coll_store_theme_suggestion *g)
{
	char *out = ctx;
	snprintf(out, 512, "%s|%s|%d|%lld", g->question, g->categories, g->sentiment, (long long)g->model_id);
	return 0;
}

/* flag state of the one stored response with text containing needle, and
 * its suggestion */
static void look(fixture *f, const char *needle, char flag[512], char sugg[512])
{
	coll_store_query q = {.team = "willow", .from_ms = 0, .to_ms = INT64_MAX, .search = needle};
	fb_err err;
	flag[0] = sugg[0] = '\0';
	assert_int_equal(coll_store_responses_each(f->st, &q, flag_of, flag, &err), 0);
	sqlite3 *db = NULL;
	char path[128], *id = NULL;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM responses WHERE free_text LIKE '%' || ?1 || '%'",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, needle, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	id = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(coll_store_themes_suggestions_each(f->st, id, sugg_of, sugg, &err), 0);
	free(id);
}

static void test_themes_model_should_suggest_at_ingest_and_flag_a_comment_of_feeling_unsafe(void **state)
{
	fixture *f = *state;
	static coll_themes_framework fw;
	fb_err err;
	int status;
	char flag[512], sugg[512];
	assert_int_equal(coll_themes_framework_load(test_src_path("config/themes/framework.json"), NULL, &fw, &err), 0);
	/* no model yet: the words list alone decides, and there is no suggestion */
	assert_int_equal(coll_ingest_set_themes(f->ig, &fw), 0);
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 5, "At night I did not feel safe, another patient threatened me", 0));
	json_decref(push(f, "kiosk-1", recs, &status));
	json_decref(recs);
	assert_int_equal(status, 200);
	look(f, "another patient threatened", flag, sugg);
	assert_string_equal(flag, "0");
	assert_string_equal(sugg, "");
	/* with a trained model: suggestions stored with the response, and the
	 * unsafe comment flagged for a person as a listed word would be */
	store_trained_model(f, &fw);
	assert_int_equal(coll_ingest_set_themes(f->ig, &fw), 1);
	recs = json_array();
	json_array_append_new(recs, make_record(f->pk, 5, "I was scared at night and did not feel safe, other patients threatened me", 0));
	json_array_append_new(recs, make_record(f->pk, 4, "The food was cold and there was no choice", 0));
	json_decref(push(f, "kiosk-1", recs, &status));
	json_decref(recs);
	assert_int_equal(status, 200);
	look(f, "I was scared at night", flag, sugg);
	assert_string_equal(flag, "1");
	if (!strstr(sugg, "better|") || !strstr(sugg, "feeling_safe") || !strstr(sugg, "|1"))
		fail_msg("suggestion was '%s'", sugg);
	look(f, "The food was cold", flag, sugg);
	assert_string_equal(flag, "0");
	if (!strstr(sugg, "food_drink"))
		fail_msg("suggestion was '%s'", sugg);
	/* suggestions are not coding */
	int64_t coded = -1;
	assert_int_equal(coll_store_themes_coding_count(f->st, &coded, &err), 0);
	assert_int_equal(coded, 0);
}

typedef struct texts_ctx {
	char all[512];
} texts_ctx;

static int collect_text(void *ctx, const coll_store_row *row)
{
	texts_ctx *c = ctx;
	size_t n = strlen(c->all);
	snprintf(c->all + n, sizeof c->all - n, "%s;", row->free_text_json ? row->free_text_json : "-");
	return 0;
}

typedef struct seal_key_ctx {
	char key[FB_KEY_B64_LEN];
} seal_key_ctx;

static int get_seal_key(void *ctx, const char *device_id, const char *public_key, int64_t at)
{
	seal_key_ctx *c = ctx;
	if (strcmp(device_id, "kiosk-1") == 0)
		snprintf(c->key, sizeof c->key, "%s", public_key);
	return 0;
}

static void test_after_keygen_rotate_comments_sealed_to_the_old_and_the_new_key_should_both_open(void **state)
{
	fixture *f = *state;
	char pub[128], sec[128];
	unsigned char pk_old[FB_KEY_BYTES], pk_new[FB_KEY_BYTES], sks[FB_KEYS_MAX][FB_KEY_BYTES];
	size_t n = 0;
	int status;
	fb_err err;
	snprintf(pub, sizeof pub, "%s/trust.pub", f->dir);
	snprintf(sec, sizeof sec, "%s/trust.key", f->dir);
	assert_int_equal(fb_keypair_write(pub, sec, NULL, 0, &err), 0);
	assert_int_equal(fb_key_read_public(pub, pk_old, &err), 0);
	assert_int_equal(fb_keypair_rotate(pub, sec, NULL, 0, &err), 0);
	assert_int_equal(fb_key_read_public(pub, pk_new, &err), 0);
	assert_memory_not_equal(pk_old, pk_new, FB_KEY_BYTES);
	/* the secret file now holds the new key first, then the old one */
	assert_int_equal(fb_key_read_secrets(sec, sks, FB_KEYS_MAX, &n, &err), 0);
	assert_int_equal(n, 2);
	/* the collector as main.c makes it: every key, the current first */
	coll_ingest_free(f->ig);
	assert_int_equal(coll_ingest_new(f->st, sks[0], f->sg, 50, &f->ig, &err), 0);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(coll_ingest_add_key(f->ig, sks[i], &err), 0);
	char old_b64[FB_KEY_B64_LEN], new_b64[FB_KEY_B64_LEN];
	fb_key_format_public(pk_old, old_b64, sizeof old_b64);
	fb_key_format_public(pk_new, new_b64, sizeof new_b64);
	/* a tablet not yet given the new public key */
	json_t *recs = json_array();
	json_array_append_new(recs, make_record(pk_old, 2, "sealed before the rotation", 0));
	json_t *r = push(f, "kiosk-1", recs, &status);
	assert_int_equal(status, 200);
	assert_string_equal(outcome(r, 0), "stored");
	seal_key_ctx k = {""};
	assert_int_equal(coll_store_device_seal_keys_each(f->st, get_seal_key, &k, &err), 0);
	assert_string_equal(k.key, old_b64);     /* device keys: it still seals to the old key */
	json_decref(r);
	json_decref(recs);
	/* and once it has the new one */
	recs = json_array();
	json_array_append_new(recs, make_record(pk_new, 3, "sealed after the rotation", 0));
	r = push(f, "kiosk-1", recs, &status);
	assert_int_equal(status, 200);
	assert_string_equal(outcome(r, 0), "stored");
	assert_int_equal(coll_store_device_seal_keys_each(f->st, get_seal_key, &k, &err), 0);
	assert_string_equal(k.key, new_b64);
	texts_ctx c = {""};
	coll_store_query q = {.location = "WARD1", .from_ms = 0, .to_ms = INT64_MAX};
	assert_int_equal(coll_store_responses_each(f->st, &q, collect_text, &c, &err), 0);
	assert_non_null(strstr(c.all, "sealed before the rotation"));
	assert_non_null(strstr(c.all, "sealed after the rotation"));
	json_decref(r);
	json_decref(recs);
}

/* One stored response of month offset k (k months back), with a comment. */
static void put_in_month(fixture *f, int k, const char *id)
{
	fb_err err;
	unsigned char digest[COLL_STORE_HASH_LEN] = {(unsigned char)k};
	int64_t at = coll_months_add(fb_wall_ms(), -k) + 3600 * 1000;
	coll_store_response r = {.id = id, .digest = digest, .device_id = "kiosk-1", .location = "WARD1",
		.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
		.started_at_ms = at, .submitted_at_ms = at, .received_at_ms = at, .fft = 1,
		.answers_json = "{}", .free_text_json = "{\"good\":\"kind\"}"};
	coll_store_outcome o;
	assert_int_equal(coll_store_responses_put(f->st, &r, 1, &o, &err), 0);
	assert_int_equal(o, COLL_STORE_STORED);
}

static void test_ratings_should_wait_for_their_months_return_before_retention_deletes_them(void **state)
{
	fixture *f = *state;
	fb_err err;
	int64_t now = fb_wall_ms(), n = 0;
	put_in_month(f, 1, "01900000-0000-7000-8000-000000000001");
	put_in_month(f, 2, "01900000-0000-7000-8000-000000000002");
	put_in_month(f, 4, "01900000-0000-7000-8000-000000000004");
	/* a limit that would take everything before this month */
	coll_store_retention plan = {.text_before_ms = 0, .ratings_before = coll_months_of(now),
		.return_safe_through = coll_months_of(coll_months_add(now, -3))};
	coll_store_retention_done done;
	assert_int_equal(coll_store_retention_run(f->st, &plan, &done, &err), 0);
	/* only the month more than 2 months past goes: the others' returns are not made */
	assert_int_equal(done.responses, 1);
	assert_int_equal(done.held, 2);
	/* the return of last month is taken: its ratings may go now, the month before's still wait */
	assert_int_equal(coll_store_return_made(f->st, coll_months_of(coll_months_add(now, -1)), now, &err), 0);
	assert_int_equal(coll_store_retention_run(f->st, &plan, &done, &err), 0);
	assert_int_equal(done.responses, 1);
	assert_int_equal(done.held, 1);
	assert_int_equal(coll_store_count_responses(f->st, true, &n, &err), 0);
	assert_int_equal(n, 1);
}

static int count_action(void *ctx, int64_t action_id, const char *team)
{
	(*(int64_t *)ctx)++;
	return 0;
}

static void test_erase_search_should_name_actions_whose_staff_words_quote_the_person(void **state)
{
	fixture *f = *state;
	fb_err err;
	int64_t id = 0, found = 0;
	static coll_store_action a;     /* big: three 4 KB texts */
	memset(&a, 0, sizeof a);
	snprintf(a.you_said, sizeof a.you_said, "Zoë said the night staff never came");
	snprintf(a.we_will, sizeof a.we_will, "Check every hour");
	snprintf(a.owner, sizeof a.owner, "ward manager");
	snprintf(a.team, sizeof a.team, "willow");
	assert_int_equal(coll_store_action_add(f->st, &a, "lead", NULL, 0, fb_wall_ms(), &id, &err), 0);
	assert_int_equal(coll_store_erase_search_actions(f->st, "ZOË SAID", count_action, &found, &err), 0);
	assert_int_equal(found, 1);
	found = 0;
	assert_int_equal(coll_store_erase_search_actions(f->st, "nobody", count_action, &found, &err), 0);
	assert_int_equal(found, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_batch_should_store_each_record_once_and_answer_duplicate_on_replay),
		T(test_same_id_with_different_content_should_be_a_conflict_and_keep_the_first),
		T(test_a_bad_record_should_be_rejected_by_index_without_blocking_the_others),
		T(test_a_body_that_is_not_json_should_be_400_and_store_nothing),
		T(test_a_device_id_other_than_the_token_s_should_be_403),
		T(test_too_many_records_should_be_413_so_the_device_halves_its_batch),
		T(test_sealed_text_should_be_opened_and_a_listed_phrase_flagged),
		T(test_text_sealed_to_another_key_should_be_rejected_saying_check_the_key),
		T(test_synthetic_responses_should_be_stored_but_never_counted),
		T(test_a_team_should_count_only_its_own_locations),
		T(test_counts_should_agree_whether_months_are_whole_or_cut),
		T(test_a_revoked_token_should_be_found_revoked),
		T(test_an_expired_session_should_not_be_found),
		T(test_safeguarding_should_match_whole_words_only),
		T(test_a_device_clock_at_the_int64_limit_should_be_stored_not_crash),
		T(test_a_record_stored_while_the_clock_was_a_year_back_should_count_when_it_was_given),
		T(test_a_damaged_database_should_be_refused_at_open_naming_it_and_left_unchanged),
		cmocka_unit_test(test_gunzip_should_stop_at_the_cap_and_refuse_garbage),
		T(test_an_oak_tablets_willow_records_should_be_rejected_and_never_counted),
		T(test_a_push_of_only_refused_records_should_still_count_as_contact),
		T(test_enrolment_should_refuse_an_unknown_or_repeated_location_and_change_on_request),
		T(test_a_bundle_from_a_device_that_is_not_enrolled_should_be_refused_and_store_nothing),
		T(test_a_bundle_should_apply_the_devices_enrolment_record_by_record),
		T(test_a_device_enrolled_before_schema_3_should_keep_speaking_for_its_location),
		T(test_themes_model_should_suggest_at_ingest_and_flag_a_comment_of_feeling_unsafe),
		T(test_after_keygen_rotate_comments_sealed_to_the_old_and_the_new_key_should_both_open),
		T(test_ratings_should_wait_for_their_months_return_before_retention_deletes_them),
		T(test_erase_search_should_name_actions_whose_staff_words_quote_the_person),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
