#include "ingest.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "seal.h"

/* Location codes already looked at for the "unknown location" log line:
 * each is looked up once, and an unknown one is logged once. */
#define INGEST_CODES_MAX 2048

struct coll_ingest {
	coll_store *st;
	const coll_safeguard *sg;
	int batch_max;
	unsigned char *keys;   /* sodium_malloc: pk (32) then sk (32) */
	pthread_mutex_t mu;    /* guards codes */
	char (*codes)[COLL_STORE_ID_MAX];
	int n_codes;
	bool codes_full;       /* said once that the list is full */
};

int coll_ingest_new(coll_store *s, const unsigned char sk[32], const coll_safeguard *sg,
		    int batch_max_records, coll_ingest **out, fb_err *err)
{
	*out = NULL;
	int rc = fb_sodium_init(err);
	if (rc)
		return rc;
	coll_ingest *ig = calloc(1, sizeof *ig);
	if (!ig)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	ig->keys = sodium_malloc(64);
	ig->codes = calloc(INGEST_CODES_MAX, sizeof *ig->codes);
	if (!ig->keys || !ig->codes) {
		sodium_free(ig->keys);
		free(ig->codes);
		free(ig);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting ingest");
	}
	pthread_mutex_init(&ig->mu, NULL);
	memcpy(ig->keys + 32, sk, 32);
	crypto_scalarmult_base(ig->keys, ig->keys + 32);
	ig->st = s;
	ig->sg = sg;
	ig->batch_max = batch_max_records;
	*out = ig;
	return 0;
}

void coll_ingest_free(coll_ingest *ig)
{
	if (!ig)
		return;
	sodium_free(ig->keys);
	pthread_mutex_destroy(&ig->mu);
	free(ig->codes);
	free(ig);
}

void coll_ingest_reply_clear(coll_ingest_reply *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

static void reply_json(coll_ingest_reply *out, int status, json_t *obj)
{
	json_object_set_new(obj, "protocol", json_string(FB_PROTOCOL));
	out->status = status;
	out->body = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (!out->body) {
		out->status = 500;
		out->body = strdup("{\"protocol\":\"" FB_PROTOCOL "\",\"error\":\"out of memory\"}");
	}
}

static void reply_error(coll_ingest_reply *out, int status, const char *msg)
{
	reply_json(out, status, json_pack("{s:s}", "error", msg));
}

/* Values of the opened object that are non-empty strings, kept; the rest
 * dropped. NULL when none is left (no free text). *flagged: one of them
 * matches the safeguarding list (checked in the same pass). */
static char *text_of(const char *plain, const coll_safeguard *sg, bool *is_object, bool *flagged)
{
	json_error_t jerr;
	char *out = NULL;
	json_t *o = json_loads(plain, JSON_REJECT_DUPLICATES, &jerr);
	json_t *kept = json_object();
	const char *k;
	json_t *v;
	*is_object = json_is_object(o);
	*flagged = false;
	if (!*is_object || !kept)
		goto out;
	json_object_foreach(o, k, v) {
		if (json_is_string(v) && json_string_length(v) > 0) {
			json_object_set(kept, k, v);
			if (!*flagged)
				*flagged = coll_safeguard_match(sg, json_string_value(v));
		}
	}
	if (json_object_size(kept) > 0)
		out = json_dumps(kept, JSON_COMPACT | JSON_SORT_KEYS);
out:
	json_decref(kept);
	json_decref(o);
	if (!out)
		*flagged = false;
	return out;
}

typedef struct batch_row {
	coll_store_response row;
	char *answers;      /* owned */
	char *free_text;    /* owned */
	json_t *result;     /* borrowed from results */
	bool flagged;       /* free_text matches the safeguarding list */
} batch_row;

static void say_unknown(const char *code, int64_t n)
{
	char count[48] = "";
	if (n > 0)
		snprintf(count, sizeof count, " (%lld stored)", (long long)n);
	fprintf(stderr, "feedback-collector: responses from unknown location '%s'%s are stored but"
		" shown on no results page; add it with 'feedback-collector location add %s"
		" \"Name\" --team TEAM'\n", code, count, code);
}

/* Remembers code as looked at; caller holds ig->mu. false when the list is full. */
static bool code_remember(coll_ingest *ig, const char *code)
{
	if (ig->n_codes >= INGEST_CODES_MAX) {
		if (!ig->codes_full)
			fprintf(stderr, "feedback-collector: more than %d location codes seen; further"
				" unknown ones are listed on the fleet page only\n", INGEST_CODES_MAX);
		ig->codes_full = true;
		return false;
	}
	snprintf(ig->codes[ig->n_codes++], COLL_STORE_ID_MAX, "%s", code);
	return true;
}

static bool code_seen(const coll_ingest *ig, const char *code)
{
	for (int i = 0; i < ig->n_codes; i++)
		if (strcmp(ig->codes[i], code) == 0)
			return true;
	return false;
}

/* Says in the log, once per code, that stored responses came from a location
 * that was never added (their results appear on no page). */
static void note_locations(coll_ingest *ig, const coll_store_response *rows, const coll_store_outcome *outcomes,
			   size_t n)
{
	pthread_mutex_lock(&ig->mu);
	for (size_t i = 0; i < n && !ig->codes_full; i++) {
		coll_store_location loc;
		fb_err err;
		if (outcomes[i] != COLL_STORE_STORED || code_seen(ig, rows[i].location))
			continue;
		int rc = coll_store_location_get(ig->st, rows[i].location, &loc, &err);
		if (rc && rc != FB_ERR_NOTFOUND)
			continue;   /* the database did not answer: look again next time */
		if (code_remember(ig, rows[i].location) && rc == FB_ERR_NOTFOUND)
			say_unknown(rows[i].location, 0);
	}
	pthread_mutex_unlock(&ig->mu);
}

static int unknown_at_start(void *ctx, const char *code, int64_t n)
{
	coll_ingest *ig = ctx;
	if (!code_seen(ig, code) && code_remember(ig, code))
		say_unknown(code, n);
	return 0;
}

void coll_ingest_log_unknown_locations(coll_ingest *ig)
{
	fb_err err;
	pthread_mutex_lock(&ig->mu);
	if (coll_store_unknown_locations_each(ig->st, unknown_at_start, ig, &err))
		fprintf(stderr, "feedback-collector: listing unknown locations: %s\n", err.msg);
	pthread_mutex_unlock(&ig->mu);
}

/* Checks each record, stores the good ones in one transaction and fills
 * results (one object per record). Returns non-zero only when the store
 * failed (nothing stored then). */
static int ingest_records(coll_ingest *ig, const char *device_id, json_t *records,
			  bool has_device_time, int64_t device_time_ms, int64_t now_ms,
			  json_t *results, int counts[4], fb_err *err)
{
	size_t n = json_array_size(records), n_ok = 0;
	int rc = 0;
	batch_row *rows = calloc(n ? n : 1, sizeof *rows);
	coll_store_response *put = calloc(n ? n : 1, sizeof *put);
	coll_store_outcome *outcomes = calloc(n ? n : 1, sizeof *outcomes);
	fb_record_in *recs = calloc(n ? n : 1, sizeof *recs);
	/* Compared without subtracting: device_time_ms is the device's, any int64. */
	bool clock_off = has_device_time && (device_time_ms < now_ms - INGEST_CLOCK_SKEW_MS ||
					     device_time_ms > now_ms + INGEST_CLOCK_SKEW_MS);

	if (!rows || !put || !outcomes || !recs) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for a batch of %zu", n);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *obj = json_array_get(records, i);
		fb_record_in *in = &recs[i];
		fb_err rerr;
		json_t *res = NULL;
		fb_err_clear(&rerr);
		json_t *idv = json_is_object(obj) ? json_object_get(obj, "id") : NULL;
		if (json_is_string(idv) && fb_uuid7_valid(json_string_value(idv)))
			res = json_pack("{s:O}", "id", idv);
		else
			res = json_pack("{s:I}", "index", (json_int_t)i);
		json_array_append_new(results, res);
		rows[i].result = res;

		if (fb_record_from_json(obj, in, &rerr)) {
			json_object_set_new(res, "outcome", json_string("rejected"));
			json_object_set_new(res, "reason", json_string(rerr.msg));
			counts[3]++;
			continue;
		}
		if (in->sealed_b64) {
			char *plain = NULL;
			size_t plen = 0;
			bool is_object = false;
			if (fb_seal_open(ig->keys, ig->keys + 32, in->sealed_b64, &plain, &plen, &rerr)) {
				json_object_set_new(res, "outcome", json_string("rejected"));
				json_object_set_new(res, "reason", json_string(
					"record field 'sealed': cannot be opened with this Trust's key; check the device's trust public key"));
				counts[3]++;
				continue;
			}
			rows[i].free_text = text_of(plain, ig->sg, &is_object, &rows[i].flagged);
			sodium_memzero(plain, plen);
			free(plain);
			if (!is_object) {
				json_object_set_new(res, "outcome", json_string("rejected"));
				json_object_set_new(res, "reason", json_string(
					"record field 'sealed': the opened answers are not a JSON object"));
				counts[3]++;
				continue;
			}
		}
		rows[i].answers = json_dumps(in->answers, JSON_COMPACT | JSON_SORT_KEYS);
		if (!rows[i].answers) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a record");
			goto out;
		}
		coll_store_response *r = &rows[i].row;
		r->id = in->id;
		r->digest = in->digest;
		r->device_id = device_id;
		r->location = in->location;
		r->survey_id = in->survey_id;
		r->survey_version = in->survey_version;
		r->language = in->language;
		r->mode = fb_mode_name(in->mode);
		r->started_at_ms = in->started_at_ms;
		r->submitted_at_ms = in->submitted_at_ms;
		r->duration_ms = in->duration_ms;
		r->received_at_ms = now_ms;
		r->has_corrected = clock_off && in->has_age;
		r->corrected_submitted_at_ms = now_ms - in->age_ms;
		r->fft = in->fft;
		r->flags = in->flags;
		r->answers_json = rows[i].answers;
		r->free_text_json = rows[i].free_text;
		r->safeguarding = rows[i].flagged;
		put[n_ok++] = *r;
	}
	rc = coll_store_responses_put(ig->st, put, n_ok, outcomes, err);
	if (rc)
		goto out;
	note_locations(ig, put, outcomes, n_ok);
	for (size_t i = 0, k = 0; i < n; i++) {
		if (!rows[i].answers)
			continue;
		static const char *const names[] = {"stored", "duplicate", "conflict"};
		coll_store_outcome o = outcomes[k++];
		json_object_set_new(rows[i].result, "outcome", json_string(names[o]));
		if (o == COLL_STORE_CONFLICT)
			json_object_set_new(rows[i].result, "reason",
					    json_string("same id, different content"));
		counts[o]++;
	}
out:
	for (size_t i = 0; rows && i < n; i++) {
		free(rows[i].answers);
		if (rows[i].free_text) {
			sodium_memzero(rows[i].free_text, strlen(rows[i].free_text));
			free(rows[i].free_text);
		}
	}
	free(rows);
	free(put);
	free(outcomes);
	free(recs);
	return rc;
}

/* The request's JSON object with protocol == want; NULL and a reply when not. */
static json_t *load_request(const char *body, size_t len, const char *want,
			    char *why, size_t why_size)
{
	json_error_t jerr;
	json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		snprintf(why, why_size, "body is not JSON: %s (line %d)", jerr.text, jerr.line);
		return NULL;
	}
	json_t *p = json_object_get(o, "protocol");
	if (!json_is_object(o) || !json_is_string(p) || strcmp(json_string_value(p), want) != 0) {
		snprintf(why, why_size, "body is not a JSON object with \"protocol\": \"%s\"", want);
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A device's request: out cleared, then the JSON object of our protocol, or
 * NULL with a 400 reply. */
static json_t *device_request(const char *body, size_t len, coll_ingest_reply *out)
{
	char why[300];
	json_t *o = load_request(body, len, FB_PROTOCOL, why, sizeof why);
	memset(out, 0, sizeof *out);
	if (!o)
		reply_error(out, 400, why);
	return o;
}

/* True, with a 403 reply, when the body's device_id (a string) is not the
 * token's device. */
static bool other_device(json_t *dev_id, const coll_store_device *dev, coll_ingest_reply *out)
{
	if (strcmp(json_string_value(dev_id), dev->id) == 0)
		return false;
	reply_error(out, 403, "device_id does not match the device token; check device_id and token_file");
	return true;
}

void coll_ingest_responses(coll_ingest *ig, const coll_store_device *dev, const char *body,
			   size_t len, int64_t now_ms, coll_ingest_reply *out)
{
	char why[300];
	int counts[4] = {0};
	fb_err err;
	json_t *results = NULL;
	json_t *o = device_request(body, len, out);
	fb_err_clear(&err);
	if (!o)
		goto out;
	json_t *dev_id = json_object_get(o, "device_id");
	json_t *records = json_object_get(o, "records");
	json_t *dtime = json_object_get(o, "device_time_ms");
	if (!json_is_string(dev_id) || !json_is_array(records) ||
	    (dtime && !json_is_integer(dtime))) {
		reply_error(out, 400, "body needs \"device_id\" (string), \"records\" (array) and \"device_time_ms\" (integer)");
		goto out;
	}
	if (other_device(dev_id, dev, out))
		goto out;
	if (json_array_size(records) > (size_t)ig->batch_max) {
		snprintf(why, sizeof why, "more than %d records in one batch; send fewer", ig->batch_max);
		reply_error(out, 413, why);
		goto out;
	}
	results = json_array();
	if (ingest_records(ig, dev->id, records, json_is_integer(dtime),
			   dtime ? json_integer_value(dtime) : 0, now_ms, results, counts, &err)) {
		fprintf(stderr, "feedback-collector: batch from '%s' not stored: %s\n", dev->id, err.msg);
		reply_error(out, 503, "the collector cannot store responses just now; retry later");
		out->retry_after_s = 30;
		goto out;
	}
	reply_json(out, 200, json_pack("{s:I, s:O}", "server_time_ms", (json_int_t)now_ms,
				       "results", results));
out:
	json_decref(results);
	json_decref(o);
}

static int64_t int_or(json_t *o, const char *key, int64_t dflt)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

void coll_ingest_heartbeat(coll_ingest *ig, const coll_store_device *dev, const char *body,
			   size_t len, int64_t now_ms, coll_ingest_reply *out)
{
	fb_err err;
	json_t *o = device_request(body, len, out);
	fb_err_clear(&err);
	if (!o)
		goto out;
	json_t *dev_id = json_object_get(o, "device_id");
	json_t *version = json_object_get(o, "version");
	json_t *last_error = json_object_get(o, "last_error");
	if (!json_is_string(dev_id) || (version && !json_is_string(version)) ||
	    (last_error && !json_is_string(last_error)) ||
	    json_string_length(version) > 64 || json_string_length(last_error) > 1024) {
		reply_error(out, 400, "heartbeat needs \"device_id\"; \"version\" (up to 64 characters) and \"last_error\" (up to 1024) are strings");
		goto out;
	}
	if (other_device(dev_id, dev, out))
		goto out;
	coll_store_heartbeat hb = {
		.device_id = dev->id,
		.version = json_string_value(version),
		.received_at_ms = now_ms,
		.device_time_ms = int_or(o, "device_time_ms", 0),
		.queue_depth = int_or(o, "queue_depth", 0),
		.oldest_unsent_age_s = int_or(o, "oldest_unsent_age_s", 0),
		.quarantined = int_or(o, "quarantined", 0),
		.last_ack_ms = int_or(o, "last_ack_ms", 0),
		.last_error = json_string_value(last_error),
		.disk_free_bytes = int_or(o, "disk_free_bytes", 0),
	};
	if (coll_store_heartbeat_put(ig->st, &hb, &err)) {
		fprintf(stderr, "feedback-collector: heartbeat from '%s' not stored: %s\n", dev->id, err.msg);
		reply_error(out, 503, "the collector cannot store heartbeats just now; retry later");
		out->retry_after_s = 30;
		goto out;
	}
	reply_json(out, 200, json_pack("{s:I}", "server_time_ms", (json_int_t)now_ms));
out:
	json_decref(o);
}

int coll_ingest_bundle(coll_ingest *ig, const char *body, size_t len, int64_t now_ms,
		       char **receipt, int counts[4], fb_err *err)
{
	char why[300];
	int rc = 0;
	json_t *results = json_array(), *r = NULL;
	json_t *o = load_request(body, len, FB_BUNDLE_PROTOCOL, why, sizeof why);
	*receipt = NULL;
	if (!o) {
		rc = fb_err_set(err, FB_ERR_INVALID, "not an offline bundle: %s", why);
		goto out;
	}
	json_t *dev_id = json_object_get(o, "device_id");
	json_t *records = json_object_get(o, "records");
	if (!json_is_string(dev_id) || !json_is_array(records)) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"bundle needs \"device_id\" (string) and \"records\" (array)");
		goto out;
	}
	/* Bundles carry no device clock to compare: times are kept as sent. */
	rc = ingest_records(ig, json_string_value(dev_id), records, false, 0, now_ms,
			    results, counts, err);
	if (rc)
		goto out;
	r = json_pack("{s:s, s:O, s:O}", "protocol", FB_RECEIPT_PROTOCOL, "device_id", dev_id,
		      "results", results);
	*receipt = r ? json_dumps(r, JSON_COMPACT) : NULL;
	if (!*receipt)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the receipt");
out:
	json_decref(r);
	json_decref(results);
	json_decref(o);
	return rc;
}
