/* queue_records.c: the records' life in the queue (see queue.h): put
 * (sealed, validated, committed before it returns), take in insertion
 * order, ack, quarantine, note a failure, purge, stats and visits. Opening
 * and the schema are in queue.c. */
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "queue_impl.h"
#include "record.h"
#include "seal.h"
#include "signup.h"
#include "uuid7.h"

/* ---- put ---------------------------------------------------------------- */

static int field_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	return n > 0 && n < cap;
}

/* Validates and canonicalises private_json, then seals it. *sealed stays
 * NULL when there is nothing private. */
static int seal_private(fb_queue *q, const char *private_json, char **sealed,
			fb_err *err)
{
	json_t *o = NULL;
	json_error_t jerr;
	char *canon = NULL;
	int rc = 0;

	*sealed = NULL;
	if (!private_json || !private_json[0])
		goto out;
	if (strnlen(private_json, FB_ANSWERS_MAX + 1) > FB_ANSWERS_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"record field 'sealed': private answers are more than %d bytes",
				FB_ANSWERS_MAX);
		goto out;
	}
	o = json_loads(private_json, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(o)) {
		/* Never jerr.text: jansson quotes the input near the error, and
		 * this is the person's own words. The offset is enough. */
		if (o)
			rc = fb_err_set(err, FB_ERR_INVALID,
					"record field 'sealed': private answers must be a JSON object (not an object)");
		else
			rc = fb_err_set(err, FB_ERR_INVALID,
					"record field 'sealed': private answers must be a JSON object (not valid JSON at byte %d)",
					jerr.position);
		goto out;
	}
	if (json_object_size(o) == 0)
		goto out;
	canon = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	if (!canon) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory sealing private answers");
		goto out;
	}
	rc = fb_seal(q->pk, canon, strlen(canon), sealed, err);
out:
	if (canon) {
		sodium_memzero(canon, strlen(canon));
		free(canon);
	}
	json_decref(o);
	return rc;
}

/* The body as the collector will check it: a record it would refuse is
 * refused here, naming the field, before anything is stored. */
static int body_validate(const char *body, fb_err *err)
{
	json_error_t jerr;
	fb_record_in in;
	int rc;
	json_t *o = json_loads(body, 0, &jerr);
	if (!o)
		return fb_err_set(err, FB_ERR_INVALID, "record body is not JSON: %s", jerr.text);
	rc = fb_record_from_json(o, &in, err);
	json_decref(o);
	return rc ? FB_ERR_INVALID : 0;
}

int fb_queue_put(fb_queue *q, fb_response *r, fb_err *err)
{
	char *sealed = NULL, *body = NULL;
	char boot[40];
	size_t body_len;
	int rc = 0, src;
	sqlite3_stmt *st;

	if (!q->has_pk) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"queue opened without the Trust's public key cannot store responses; set trust_public_key in the config");
		goto out;
	}
	if (!field_ok(r->survey_id, sizeof r->survey_id) ||
	    !field_ok(r->location, sizeof r->location) ||
	    !field_ok(r->language, sizeof r->language)) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"record field '%s': expected 1 to %zu characters",
				!field_ok(r->survey_id, sizeof r->survey_id) ? "survey_id" :
				!field_ok(r->location, sizeof r->location) ? "location" : "language",
				(size_t)(!field_ok(r->survey_id, sizeof r->survey_id) ? FB_SURVEY_ID_MAX - 1 :
				 !field_ok(r->location, sizeof r->location) ? FB_LOCATION_MAX - 1 :
				 FB_LANGUAGE_MAX - 1));
		goto out;
	}
	if (r->answers_json && strnlen(r->answers_json, FB_ANSWERS_MAX + 1) > FB_ANSWERS_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"record field 'answers': more than %d bytes", FB_ANSWERS_MAX);
		goto out;
	}
	rc = fb_uuid7_make(fb_wall_ms(), r->id, err);
	if (rc)
		goto out;
	if (r->submitted_at_ms == 0)
		r->submitted_at_ms = fb_wall_ms();
	rc = seal_private(q, r->private_json, &sealed, err);
	if (rc)
		goto out;
	body = fb_record_body(r, sealed, err);
	if (!body) {
		rc = err ? (int)err->code : FB_ERR_INVALID;
		if (rc == FB_OK)
			rc = FB_ERR_INVALID;
		goto out;
	}
	body_len = strlen(body);
	if (body_len > FB_RECORD_MAX_BYTES) {
		rc = fb_err_set(err, FB_ERR_INVALID, "record is %zu bytes, more than the %d allowed",
				body_len, FB_RECORD_MAX_BYTES);
		goto out;
	}
	rc = body_validate(body, err);
	if (rc)
		goto out;
	fb_boot_id(boot, sizeof boot);

	src = fbq_begin(q);
	if (src) {
		rc = fbq_fail(q, src, "storing a response", err);
		goto out;
	}
	st = q->stmt[S_INSERT];
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body, (int)body_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->submitted_at_ms);
	sqlite3_bind_int64(st, 4, fb_mono_ms());
	sqlite3_bind_text(st, 5, boot, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->fft);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)r->flags);
	sqlite3_bind_int(st, 8, (r->flags & FB_FLAG_SYNTHETIC) != 0);
	src = fbq_run(q, S_INSERT);
	rc = fbq_end(q, src, "storing a response", err);
out:
	free(body);
	free(sealed);
	return rc;
}

int fb_queue_put_signup(fb_queue *q, const char *location, const char *private_json,
			int64_t wall_ms, char id_out[FB_ID_LEN], fb_err *err)
{
	char *sealed = NULL, *body = NULL;
	char id[FB_ID_LEN], date[FB_SIGNUP_DATE_LEN];
	json_t *check = NULL;
	fb_signup_in in;
	int rc = 0, src;
	sqlite3_stmt *st;

	if (!q->has_pk) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"queue opened without the Trust's public key cannot store sign-ups; set trust_public_key in the config");
		goto out;
	}
	if (!location || !field_ok(location, FB_LOCATION_MAX)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "sign-up field 'location': expected 1 to %d characters",
				FB_LOCATION_MAX - 1);
		goto out;
	}
	rc = seal_private(q, private_json, &sealed, err);
	if (rc)
		goto out;
	if (!sealed) {
		rc = fb_err_set(err, FB_ERR_INVALID, "sign-up: nothing to seal (roles and contact are required)");
		goto out;
	}
	rc = fb_signup_id_make(id, err);
	if (rc)
		goto out;
	fb_signup_date(wall_ms, date);
	body = fb_signup_body(id, location, date, sealed, err);
	if (!body) {
		rc = FB_ERR_INVALID;
		goto out;
	}
	check = json_loads(body, 0, NULL);
	rc = fb_signup_from_json(check, &in, err);
	if (rc)
		goto out;

	src = fbq_begin(q);
	if (src) {
		rc = fbq_fail(q, src, "storing a sign-up", err);
		goto out;
	}
	st = q->stmt[S_INSERT];
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, fb_signup_day_start_ms(wall_ms));
	sqlite3_bind_int64(st, 4, 0);
	sqlite3_bind_text(st, 5, "", -1, SQLITE_STATIC);  /* no boot id: no age_ms */
	sqlite3_bind_int(st, 6, 0);
	sqlite3_bind_int64(st, 7, 0);
	sqlite3_bind_int(st, 8, 0);
	src = fbq_run(q, S_INSERT);
	rc = fbq_end(q, src, "storing a sign-up", err);
	if (rc == 0 && id_out)
		memcpy(id_out, id, FB_ID_LEN);
out:
	json_decref(check);
	free(body);
	free(sealed);
	return rc;
}

/* ---- take --------------------------------------------------------------- */

void fb_batch_free(fb_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free(b->items[i].body);
	free(b->items);
	b->items = NULL;
	b->n = 0;
}

/* Fills rec from the current row of a S_TAKE-shaped statement. */
static int row_to_queued(sqlite3_stmt *st, fb_queued *rec)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *body = (const char *)sqlite3_column_text(st, 1);
	const char *boot = (const char *)sqlite3_column_text(st, 4);
	size_t len = (size_t)sqlite3_column_bytes(st, 1);

	memset(rec, 0, sizeof *rec);
	snprintf(rec->id, sizeof rec->id, "%s", id ? id : "");
	rec->body = malloc(len + 1);
	if (!rec->body)
		return -1;
	if (body)
		memcpy(rec->body, body, len);
	rec->body[len] = '\0';
	rec->body_len = len;
	rec->submitted_at_ms = sqlite3_column_int64(st, 2);
	rec->submitted_mono_ms = sqlite3_column_int64(st, 3);
	snprintf(rec->boot_id, sizeof rec->boot_id, "%s", boot ? boot : "");
	rec->attempts = sqlite3_column_int(st, 5);
	return 0;
}

int fb_queue_take_batch(fb_queue *q, size_t max_records, size_t max_bytes,
			fb_batch *out, fb_err *err)
{
	sqlite3_stmt *st = q->stmt[S_TAKE];
	fb_batch b = {0};
	size_t cap = 0, bytes = 0;
	int rc = 0, src;

	out->items = NULL;
	out->n = 0;
	if (max_records == 0)
		goto out;
	sqlite3_bind_int64(st, 1, max_records > INT64_MAX ? INT64_MAX : (sqlite3_int64)max_records);
	for (;;) {
		src = fbq_step(q, st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = fbq_fail(q, src, "reading unsent responses", err);
			goto out;
		}
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if (b.n > 0 && bytes + len > max_bytes)
			break;
		if (b.n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			fb_queued *n = realloc(b.items, ncap * sizeof *n);
			if (!n) {
				rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a batch");
				goto out;
			}
			b.items = n;
			cap = ncap;
		}
		if (row_to_queued(st, &b.items[b.n]) != 0) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a batch");
			goto out;
		}
		b.n++;
		bytes += len;
	}
	*out = b;
	b.items = NULL;
	b.n = 0;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	fb_batch_free(&b);
	return rc;
}

/* ---- ack, quarantine, failure, purge ------------------------------------ */

int fb_queue_ack(fb_queue *q, const char *const ids[], size_t n,
		 int64_t now_ms, fb_err *err)
{
	int src;
	int changed = 0;

	if (n == 0)
		return 0;
	src = fbq_begin(q);
	for (size_t i = 0; src == 0 && i < n; i++) {
		sqlite3_bind_text(q->stmt[S_ACK], 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(q->stmt[S_ACK], 2, now_ms);
		src = fbq_run(q, S_ACK);
		if (src == 0)
			changed += sqlite3_changes(q->db);
	}
	if (src == 0 && changed > 0) {
		sqlite3_bind_int64(q->stmt[S_LAST_ACK], 1, now_ms);
		src = fbq_run(q, S_LAST_ACK);
	}
	return fbq_end(q, src, "recording acknowledgements", err);
}

int fb_queue_quarantine(fb_queue *q, const char *id, const char *reason,
			int64_t now_ms, fb_err *err)
{
	int src;

	src = fbq_begin(q);
	if (src == 0) {
		sqlite3_stmt *st = q->stmt[S_QUARANTINE];
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, reason ? reason : "no reason given", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now_ms);
		src = fbq_run(q, S_QUARANTINE);
	}
	return fbq_end(q, src, "quarantining a response", err);
}

int fb_queue_note_failure(fb_queue *q, const char *const ids[], size_t n,
			  const char *error, fb_err *err)
{
	int src;

	if (n == 0)
		return 0;
	src = fbq_begin(q);
	for (size_t i = 0; src == 0 && i < n; i++) {
		sqlite3_stmt *st = q->stmt[S_FAILURE];
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, error ? error : "", -1, SQLITE_STATIC);
		src = fbq_run(q, S_FAILURE);
	}
	return fbq_end(q, src, "noting a failed attempt", err);
}

int fb_queue_purge(fb_queue *q, int64_t acked_before_ms, int64_t *purged,
		   fb_err *err)
{
	int rc = 0, src;
	int64_t n = 0;

	src = fbq_begin(q);
	if (src == 0) {
		sqlite3_bind_int64(q->stmt[S_PURGE], 1, acked_before_ms);
		src = fbq_run(q, S_PURGE);
		if (src == 0)
			n = sqlite3_changes(q->db);
	}
	rc = fbq_end(q, src, "purging acknowledged responses", err);
	if (rc)
		n = 0;
	if (purged)
		*purged = n;
	return rc;
}

/* ---- stats and visits --------------------------------------------------- */

int fb_queue_stats_get(fb_queue *q, fb_queue_stats *stats, fb_err *err)
{
	sqlite3_stmt *st = q->stmt[S_STATS];
	int rc = 0, src;

	memset(stats, 0, sizeof *stats);
	src = fbq_step(q, st);
	if (src != SQLITE_ROW) {
		rc = fbq_fail(q, src, "counting responses", err);
		goto out;
	}
	stats->depth = sqlite3_column_int64(st, 0);
	stats->oldest_unsent_ms = sqlite3_column_int64(st, 1);
	stats->quarantined = sqlite3_column_int64(st, 2);
	stats->acked = sqlite3_column_int64(st, 3);
	stats->last_ack_ms = sqlite3_column_int64(st, 4);
	stats->synthetic = sqlite3_column_int64(st, 5);
out:
	sqlite3_reset(st);
	return rc;
}

/* Runs sql (our own constant SQL) and calls row for each row it returns
 * until row gives non-zero: Q_STOP ends early with 0, an FB_ERR_* code is
 * returned as is. doing names the work in messages. */
#define Q_STOP (-1)
static int q_each(fb_queue *q, const char *sql, const char *doing,
		  int (*row)(sqlite3_stmt *st, void *ctx, fb_err *err), void *ctx,
		  fb_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, src;

	src = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
	if (src != SQLITE_OK) {
		rc = fbq_fail(q, src, doing, err);
		goto out;
	}
	for (;;) {
		src = fbq_step(q, st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = fbq_fail(q, src, doing, err);
			goto out;
		}
		rc = row(st, ctx, err);
		if (rc)
			break;
	}
	if (rc == Q_STOP)
		rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

typedef struct quarantined_ctx {
	fb_quarantine_cb cb;
	void *ctx;
} quarantined_ctx;

static int quarantined_row(sqlite3_stmt *st, void *ctx, fb_err *err)
{
	quarantined_ctx *c = ctx;
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *reason = (const char *)sqlite3_column_text(st, 1);
	return c->cb(c->ctx, id ? id : "", reason ? reason : "", sqlite3_column_int64(st, 2)) ?
	       Q_STOP : 0;
}

int fb_queue_each_quarantined(fb_queue *q, fb_quarantine_cb cb, void *ctx,
			      fb_err *err)
{
	quarantined_ctx c = {cb, ctx};
	return q_each(q, "SELECT id, quarantine_reason, quarantined_at_ms FROM records"
			 " WHERE state = 'quarantined' ORDER BY seq",
		      "listing quarantined responses", quarantined_row, &c, err);
}

typedef struct unsent_ctx {
	fb_unsent_cb cb;
	void *ctx;
} unsent_ctx;

static int unsent_row(sqlite3_stmt *st, void *ctx, fb_err *err)
{
	unsent_ctx *c = ctx;
	fb_queued rec;
	if (row_to_queued(st, &rec) != 0)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory listing unsent responses");
	int stop = c->cb(c->ctx, &rec);
	free(rec.body);
	return stop ? Q_STOP : 0;
}

int fb_queue_each_unsent(fb_queue *q, fb_unsent_cb cb, void *ctx, fb_err *err)
{
	unsent_ctx c = {cb, ctx};
	return q_each(q, "SELECT id, body, submitted_at_ms, submitted_mono_ms, boot_id,"
			 " attempts FROM records WHERE state = 'unsent' ORDER BY seq",
		      "listing unsent responses", unsent_row, &c, err);
}
