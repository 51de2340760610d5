#include "ingest.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "clock.h"
#include "device_config.h"
#include "record.h"
#include "seal.h"
#include "themes/model.h"

/* Location codes already looked at for the "unknown location" log line:
 * each is looked up once, and an unknown one is logged once. */
#define INGEST_CODES_MAX 2048
/* Records of a bundle stored per transaction: the import holds one chunk's
 * records at a time, so its memory does not grow with the bundle. */
#define INGEST_BUNDLE_CHUNK 1000
/* How often a batch looks for a newer themes model (one cheap query). */
#define INGEST_THEMES_CHECK_MS 30000
/* Comments of one response the model suggests for: one per question kind. */
#define INGEST_THEMES_MAX 3

struct coll_ingest {
	coll_store *st;
	const coll_safeguard *sg;
	int batch_max;
	unsigned char *keys;   /* sodium_malloc: FB_KEYS_MAX pairs of pk (32) then sk (32),
				* the current key first */
	int n_keys;
	pthread_mutex_t mu;    /* guards codes */
	char (*codes)[COLL_STORE_ID_MAX];
	int n_codes;
	bool codes_full;       /* said once that the list is full */
	/* themes: the framework (borrowed) and the newest stored model, looked
	 * for again every INGEST_THEMES_CHECK_MS; model_mu lets many batches
	 * suggest at once while a newer model is swapped in */
	const coll_themes_framework *fw;
	pthread_rwlock_t model_mu;
	coll_themes_model *model;
	int64_t model_id;
	int64_t model_checked_ms;
	int64_t model_failed_id;   /* said once that this stored model would not load */
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
	ig->keys = sodium_malloc(64 * FB_KEYS_MAX);
	ig->codes = calloc(INGEST_CODES_MAX, sizeof *ig->codes);
	if (!ig->keys || !ig->codes) {
		sodium_free(ig->keys);
		free(ig->codes);
		free(ig);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting ingest");
	}
	pthread_mutex_init(&ig->mu, NULL);
	pthread_rwlock_init(&ig->model_mu, NULL);
	memcpy(ig->keys + 32, sk, 32);
	crypto_scalarmult_base(ig->keys, ig->keys + 32);
	ig->n_keys = 1;
	ig->st = s;
	ig->sg = sg;
	ig->batch_max = batch_max_records;
	*out = ig;
	return 0;
}

static int open_sealed(const coll_ingest *ig, const char *b64, char **plain, size_t *len,
		       int *key, fb_err *err);

int coll_ingest_open(const coll_ingest *ig, const char *b64, char **plain, size_t *len, fb_err *err)
{
	int key = 0;
	return open_sealed(ig, b64, plain, len, &key, err);
}

int coll_ingest_add_key(coll_ingest *ig, const unsigned char sk[32], fb_err *err)
{
	if (ig->n_keys >= FB_KEYS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "more than %d Trust secret keys", FB_KEYS_MAX);
	unsigned char *pair = ig->keys + 64 * ig->n_keys;
	memcpy(pair + 32, sk, 32);
	crypto_scalarmult_base(pair, pair + 32);
	ig->n_keys++;
	return 0;
}

/* Opens a sealed box with whichever of the Trust's keys it was made for
 * (after a rotation, devices not yet given the new public key still seal to
 * an old one). */
static int open_sealed(const coll_ingest *ig, const char *b64, char **plain, size_t *len,
		       int *key, fb_err *err)
{
	int rc = FB_ERR_CRYPTO;
	for (int k = 0; k < ig->n_keys && rc; k++) {
		rc = fb_seal_open(ig->keys + 64 * k, ig->keys + 64 * k + 32, b64, plain, len, err);
		*key = k;
	}
	return rc;
}

void coll_ingest_free(coll_ingest *ig)
{
	if (!ig)
		return;
	sodium_free(ig->keys);
	pthread_mutex_destroy(&ig->mu);
	pthread_rwlock_destroy(&ig->model_mu);
	coll_themes_model_free(ig->model);
	free(ig->codes);
	free(ig);
}

/* Loads the newest stored model when it is not the one in use (now, or
 * INGEST_THEMES_CHECK_MS after the last look). A model that will not load is
 * said once and left unused: comments then get no suggestions, never wrong
 * ones. */
static void themes_refresh(coll_ingest *ig, int64_t now_ms, bool force)
{
	int64_t id = 0, at = 0;
	char *body = NULL;
	coll_themes_model *m = NULL, *old = NULL;
	fb_err err;
	if (!ig->fw)
		return;
	pthread_mutex_lock(&ig->mu);
	bool due = force || now_ms - ig->model_checked_ms >= INGEST_THEMES_CHECK_MS ||
		   now_ms < ig->model_checked_ms;
	if (due)
		ig->model_checked_ms = now_ms;
	pthread_mutex_unlock(&ig->mu);
	if (!due || coll_store_themes_model_latest_id(ig->st, &id, &err) || id == 0)
		return;
	pthread_rwlock_rdlock(&ig->model_mu);
	bool same = id == ig->model_id || id == ig->model_failed_id;
	pthread_rwlock_unlock(&ig->model_mu);
	if (same)
		return;
	if (coll_store_themes_model_latest(ig->st, &body, &id, &at, &err) ||
	    coll_themes_model_load(ig->fw, body, strlen(body), &m, &err)) {
		fb_log("themes model %lld not used: %s", (long long)id, err.msg);
		pthread_rwlock_wrlock(&ig->model_mu);
		ig->model_failed_id = id;
		pthread_rwlock_unlock(&ig->model_mu);
		free(body);
		return;
	}
	free(body);
	pthread_rwlock_wrlock(&ig->model_mu);
	old = ig->model;
	ig->model = m;
	ig->model_id = id;
	pthread_rwlock_unlock(&ig->model_mu);
	coll_themes_model_free(old);
	fb_log("themes model %lld in use: new comments get its suggestions",
		(long long)id);
}

int coll_ingest_set_themes(coll_ingest *ig, const coll_themes_framework *fw)
{
	ig->fw = fw;
	themes_refresh(ig, fb_wall_ms(), true);
	return ig->model_id;
}

void coll_ingest_themes_reload(coll_ingest *ig)
{
	themes_refresh(ig, fb_wall_ms(), true);
}

void coll_ingest_reply_clear(coll_ingest_reply *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

/* body is lib/protocol.c's (NULL: it ran out of memory). */
static void reply_body(coll_ingest_reply *out, int status, char *body)
{
	out->status = status;
	out->body = body;
	if (!out->body) {
		out->status = 500;
		out->body = fb_proto_error_body("out of memory");
	}
}

static void reply_error(coll_ingest_reply *out, int status, const char *msg)
{
	reply_body(out, status, fb_proto_error_body(msg));
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
	bool flagged;       /* free_text matches the safeguarding list, or the model
			     * suggested a safeguarding theme */
	coll_store_theme_suggestion themes[INGEST_THEMES_MAX];
	char *theme_cats[INGEST_THEMES_MAX];   /* owned: the themes' code lists */
	size_t n_themes;
} batch_row;

/* The model's suggestions for each comment of br (one per question kind the
 * framework names: "what was good", "what could be better"); a suggested
 * safeguarding theme flags the response. Caller holds model_mu for reading;
 * m is not NULL. Out of memory: no suggestions (never a refused record). */
static void suggest_row(const coll_ingest *ig, const coll_themes_model *m, int64_t model_id,
			batch_row *br, int64_t now_ms)
{
	json_error_t jerr;
	json_t *o = json_loads(br->free_text, 0, &jerr), *v;
	const char *k;
	bool done[3] = {false, false, false};
	json_object_foreach(o, k, v) {
		coll_themes_question q = coll_themes_question_of(ig->fw, k);
		coll_themes_suggestion s;
		char *cats;
		size_t used = 0;
		if (q == COLL_THEMES_Q_OTHER || done[q] || br->n_themes >= INGEST_THEMES_MAX ||
		    !json_is_string(v) || coll_themes_suggest(m, json_string_value(v), q, &s))
			continue;
		cats = malloc(COLL_STORE_THEMES_CATS_MAX + 1);
		if (!cats)
			continue;
		cats[0] = '\0';
		for (int c = 0; c < ig->fw->n_cats; c++) {
			if (!s.on[c])
				continue;
			int w = snprintf(cats + used, COLL_STORE_THEMES_CATS_MAX + 1 - used, "%s%s",
					 used ? "," : "", ig->fw->cats[c].code);
			if (w > 0 && used + (size_t)w <= COLL_STORE_THEMES_CATS_MAX)
				used += (size_t)w;
			else
				cats[used] = '\0';
		}
		done[q] = true;
		br->theme_cats[br->n_themes] = cats;
		br->themes[br->n_themes++] = (coll_store_theme_suggestion){
			coll_themes_question_name(q), cats, s.sentiment, model_id, now_ms};
		if (s.safeguarding)
			br->flagged = true;   /* in addition to the word lists; never cleared here */
	}
	json_decref(o);
}

static void say_unknown(const char *code, int64_t n)
{
	char count[48] = "";
	if (n > 0)
		snprintf(count, sizeof count, " (%lld stored)", (long long)n);
	fb_log("responses from unknown location '%s'%s are stored but"
		" shown on no results page; add it with 'feedback-collector location add %s"
		" \"Name\" --team TEAM'", code, count, code);
}

/* Remembers code as looked at; caller holds ig->mu. false when the list is full. */
static bool code_remember(coll_ingest *ig, const char *code)
{
	if (ig->n_codes >= INGEST_CODES_MAX) {
		if (!ig->codes_full)
			fb_log("more than %d location codes seen; further"
				" unknown ones are listed on the fleet page only", INGEST_CODES_MAX);
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
		fb_log("listing unknown locations: %s", err.msg);
	pthread_mutex_unlock(&ig->mu);
}

/* Counts one record refused for location: refused[0..*n) by location. */
static void refusal_add(coll_store_refusal *refused, size_t *n, const char *location)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(refused[i].location, location) == 0) {
			refused[i].n++;
			return;
		}
	}
	snprintf(refused[*n].location, sizeof refused[*n].location, "%s", location);
	refused[(*n)++].n = 1;
}

/* A volunteer sign-up of a batch, checked (lib/signup.h). */
typedef struct signup_row {
	fb_signup_in in;
} signup_row;

/* Checks sign-up i of req: valid, for a location dev speaks for, and sealed
 * to one of this Trust's keys (opened to see that, then wiped: it is kept
 * sealed). 0 when it is to be stored; otherwise answered rejected. */
static int signup_check(coll_ingest *ig, const coll_store_device *dev, fb_proto_in *req, size_t i,
			signup_row *out, coll_store_refusal *refused, size_t *n_refused, int counts[4])
{
	fb_err rerr;
	char *plain = NULL;
	size_t plen = 0;
	int key = 0;
	json_t *o;

	fb_err_clear(&rerr);
	if (fb_proto_in_signup(req, i, &out->in, &rerr)) {
		fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED, rerr.msg);
		counts[FB_OUTCOME_REJECTED]++;
		return -1;
	}
	if (!coll_store_device_speaks_for(dev, out->in.location)) {
		char why[COLL_STORE_ID_MAX + 64];
		snprintf(why, sizeof why, "this device is not enrolled for location %s", out->in.location);
		fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED, why);
		counts[FB_OUTCOME_REJECTED]++;
		refusal_add(refused, n_refused, out->in.location);
		return -1;
	}
	if (open_sealed(ig, out->in.sealed_b64, &plain, &plen, &key, &rerr)) {
		fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED,
			"sign-up field 'sealed': cannot be opened with any of this Trust's keys; check the device's trust public key");
		counts[FB_OUTCOME_REJECTED]++;
		return -1;
	}
	o = json_loads(plain, 0, NULL);
	sodium_memzero(plain, plen);
	free(plain);
	bool ok = json_is_object(o);
	json_decref(o);
	if (!ok) {
		fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED,
				   "sign-up field 'sealed': the opened sign-up is not a JSON object");
		counts[FB_OUTCOME_REJECTED]++;
		return -1;
	}
	return 0;
}

/* Stores the checked sign-ups (their own transaction, their own table) and
 * answers each. */
static int signups_store(coll_ingest *ig, fb_proto_in *req, const signup_row *sgn,
			 const size_t *at, size_t n, int counts[4], fb_err *err)
{
	coll_store_signup *put = calloc(n ? n : 1, sizeof *put);
	coll_store_outcome *oc = calloc(n ? n : 1, sizeof *oc);
	int rc = 0;

	if (!put || !oc) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for %zu sign-ups", n);
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		put[k] = (coll_store_signup){
			.id = sgn[k].in.id, .digest = sgn[k].in.digest, .location = sgn[k].in.location,
			.date = sgn[k].in.date, .sealed_b64 = sgn[k].in.sealed_b64,
		};
	rc = coll_store_signups_put(ig->st, put, n, oc, err);
	for (size_t k = 0; rc == 0 && k < n; k++) {
		fb_proto_in_answer(req, at[k], (fb_proto_outcome)oc[k],
				   oc[k] == COLL_STORE_CONFLICT ? "same id, different content" : NULL);
		counts[oc[k]]++;
	}
out:
	free(put);
	free(oc);
	return rc;
}

/* Checks each record of req, stores the good ones in one transaction and
 * answers each in req. A record for a location dev is not enrolled for is
 * answered rejected before its sealed text is opened, and counted against dev
 * for the fleet page. pushed: a push (contact), not a USB bundle. Returns
 * non-zero only when the store failed (nothing stored then). */
static int ingest_records(coll_ingest *ig, const coll_store_device *dev, bool pushed,
			  fb_proto_in *req, int64_t now_ms, int counts[4], fb_err *err)
{
	size_t n = fb_proto_in_count(req), n_ok = 0;
	const char *device_id = fb_proto_in_device_id(req);
	int64_t device_time_ms;
	bool has_device_time = fb_proto_in_device_time(req, &device_time_ms);
	int rc = 0;
	batch_row *rows = calloc(n ? n : 1, sizeof *rows);
	coll_store_response *put = calloc(n ? n : 1, sizeof *put);
	coll_store_outcome *outcomes = calloc(n ? n : 1, sizeof *outcomes);
	fb_record_in *recs = calloc(n ? n : 1, sizeof *recs);
	coll_store_refusal *refused = calloc(n ? n : 1, sizeof *refused);
	size_t n_refused = 0;
	signup_row *sgn = calloc(n ? n : 1, sizeof *sgn);
	size_t *sgn_at = calloc(n ? n : 1, sizeof *sgn_at), n_sgn = 0;
	bool clock_off = fb_proto_clock_off(has_device_time, device_time_ms, now_ms);
	int seal_key = -1;             /* the key the latest sealed record opened with */
	int64_t seal_submitted = INT64_MIN;
	char seal_b64[FB_KEY_B64_LEN];

	if (!rows || !put || !outcomes || !recs || !refused || !sgn || !sgn_at) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for a batch of %zu", n);
		goto out;
	}
	themes_refresh(ig, now_ms, false);
	pthread_rwlock_rdlock(&ig->model_mu);
	const coll_themes_model *model = ig->model;
	int64_t model_id = ig->model_id;
	for (size_t i = 0; i < n; i++) {
		fb_record_in *in = &recs[i];
		fb_err rerr;
		fb_err_clear(&rerr);

		if (fb_proto_in_is_signup(req, i)) {
			if (signup_check(ig, dev, req, i, &sgn[n_sgn], refused, &n_refused, counts) == 0)
				sgn_at[n_sgn++] = i;
			continue;
		}
		if (fb_proto_in_record(req, i, in, &rerr)) {
			fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED, rerr.msg);
			counts[FB_OUTCOME_REJECTED]++;
			continue;
		}
		if (!coll_store_device_speaks_for(dev, in->location)) {
			char why[COLL_STORE_ID_MAX + 64];
			snprintf(why, sizeof why, "this device is not enrolled for location %s", in->location);
			fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED, why);
			counts[FB_OUTCOME_REJECTED]++;
			refusal_add(refused, &n_refused, in->location);
			continue;
		}
		if (in->sealed_b64) {
			char *plain = NULL;
			size_t plen = 0;
			bool is_object = false;
			int key = 0;
			if (open_sealed(ig, in->sealed_b64, &plain, &plen, &key, &rerr)) {
				fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED,
					"record field 'sealed': cannot be opened with any of this Trust's keys; check the device's trust public key");
				counts[FB_OUTCOME_REJECTED]++;
				continue;
			}
			rows[i].free_text = text_of(plain, ig->sg, &is_object, &rows[i].flagged);
			sodium_memzero(plain, plen);
			free(plain);
			if (!is_object) {
				fb_proto_in_answer(req, i, FB_OUTCOME_REJECTED,
					"record field 'sealed': the opened answers are not a JSON object");
				counts[FB_OUTCOME_REJECTED]++;
				continue;
			}
			if (in->submitted_at_ms >= seal_submitted) {
				seal_key = key;
				seal_submitted = in->submitted_at_ms;
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
		/* The device's clock now, or when it stored this record (a clock
		 * that jumped and came back before the push): either way its boot
		 * clock says when. */
		r->has_corrected = fb_proto_corrected_ms(
			clock_off || fb_proto_record_clock_off(has_device_time, in, now_ms), in,
			now_ms, &r->corrected_submitted_at_ms);
		r->fft = in->fft;
		r->flags = in->flags;
		r->answers_json = rows[i].answers;
		r->free_text_json = rows[i].free_text;
		if (model && rows[i].free_text)
			suggest_row(ig, model, model_id, &rows[i], now_ms);
		r->themes = rows[i].themes;
		r->n_themes = rows[i].n_themes;
		r->safeguarding = rows[i].flagged;
		put[n_ok++] = *r;
	}
	coll_store_batch_note note = {
		.device_id = dev->id, .pushed_at_ms = pushed ? now_ms : 0,
		.refused = refused, .n_refused = n_refused, .at_ms = now_ms,
		.seal_submitted_ms = seal_submitted,
	};
	if (seal_key >= 0) {
		fb_key_format_public(ig->keys + 64 * seal_key, seal_b64, sizeof seal_b64);
		note.seal_key = seal_b64;
	}
	rc = signups_store(ig, req, sgn, sgn_at, n_sgn, counts, err);
	if (rc)
		goto out;
	rc = coll_store_batch_put(ig->st, put, n_ok, outcomes, &note, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < n_refused; i++)
		fb_log("refused %lld record%s from device '%s' for location"
			" '%s': it is not enrolled there (see the fleet page; if it should speak for it:"
			" feedback-collector device locations %s --location ...)",
			(long long)refused[i].n, refused[i].n == 1 ? "" : "s", dev->id,
			refused[i].location, dev->id);
	note_locations(ig, put, outcomes, n_ok);
	for (size_t i = 0, k = 0; i < n; i++) {
		if (!rows[i].answers)
			continue;
		coll_store_outcome o = outcomes[k++];
		/* The store's outcomes are the protocol's first three, in order. */
		fb_proto_in_answer(req, i, (fb_proto_outcome)o,
				   o == COLL_STORE_CONFLICT ? "same id, different content" : NULL);
		counts[o]++;
	}
out:
	if (rows && put && outcomes && recs && refused && sgn && sgn_at)
		pthread_rwlock_unlock(&ig->model_mu);
	for (size_t i = 0; rows && i < n; i++) {
		for (size_t t = 0; t < rows[i].n_themes; t++)
			free(rows[i].theme_cats[t]);
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
	free(refused);
	free(sgn);
	free(sgn_at);
	return rc;
}

/* True, with a 403 reply, when the request's device_id is not the token's
 * device. */
static bool other_device(const char *dev_id, const coll_store_device *dev, coll_ingest_reply *out)
{
	if (strcmp(dev_id, dev->id) == 0)
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
	fb_proto_in *req = NULL;
	memset(out, 0, sizeof *out);
	fb_err_clear(&err);
	if (fb_proto_batch_read(body, len, &req, &err)) {
		reply_error(out, 400, err.msg);
		goto out;
	}
	if (other_device(fb_proto_in_device_id(req), dev, out))
		goto out;
	if (fb_proto_in_count(req) > (size_t)ig->batch_max) {
		snprintf(why, sizeof why, "more than %d records in one batch; send fewer", ig->batch_max);
		reply_error(out, 413, why);
		goto out;
	}
	if (ingest_records(ig, dev, true, req, now_ms, counts, &err)) {
		fb_log("batch from '%s' not stored: %s", dev->id, err.msg);
		reply_error(out, 503, "the collector cannot store responses just now; retry later");
		out->retry_after_s = 30;
		goto out;
	}
	reply_body(out, 200, fb_proto_in_reply(req, now_ms));
out:
	fb_proto_in_free(req);
}

void coll_ingest_heartbeat(coll_ingest *ig, const coll_store_device *dev, const char *body,
		      size_t len, int64_t now_ms, coll_ingest_reply *out)
{
	fb_err err;
	fb_proto_in *req = NULL;
	fb_proto_heartbeat in;
	memset(out, 0, sizeof *out);
	fb_err_clear(&err);
	if (fb_proto_heartbeat_read(body, len, &req, &in, &err)) {
		reply_error(out, 400, err.msg);
		goto out;
	}
	if (other_device(in.device_id, dev, out))
		goto out;
	coll_store_heartbeat hb = {
		.device_id = dev->id,
		.version = in.version,
		.received_at_ms = now_ms,
		.device_time_ms = in.device_time_ms,
		.queue_depth = in.queue_depth,
		.oldest_unsent_age_s = in.oldest_unsent_age_s,
		.quarantined = in.quarantined,
		.last_ack_ms = in.last_ack_ms,
		.last_error = in.last_error,
		.disk_free_bytes = in.disk_free_bytes,
	};
	if (coll_store_heartbeat_put(ig->st, &hb, &err)) {
		fb_log("heartbeat from '%s' not stored: %s", dev->id, err.msg);
		reply_error(out, 503, "the collector cannot store heartbeats just now; retry later");
		out->retry_after_s = 30;
		goto out;
	}
	reply_body(out, 200, fb_proto_heartbeat_reply(now_ms));
out:
	fb_proto_in_free(req);
}

typedef struct items_ctx {
	fb_proto_config *c;
	bool over;
} items_ctx;

static int config_item(void *ctx, int64_t item_id, const char *lang, const char *you_said,
		       const char *we_did, int64_t from_ms, int64_t to_ms)
{
	items_ctx *ic = ctx;
	fb_proto_config *c = ic->c;
	if (c->n_items >= FB_PROTO_CONFIG_ITEMS_MAX) {
		ic->over = true;
		return 0;
	}
	fb_proto_config_item *it = &c->items[c->n_items++];
	snprintf(it->id, sizeof it->id, "item-%lld", (long long)item_id);
	snprintf(it->lang, sizeof it->lang, "%s", lang);
	snprintf(it->you_said, sizeof it->you_said, "%s", you_said);
	snprintf(it->we_did, sizeof it->we_did, "%s", we_did);
	it->from_ms = from_ms;
	it->to_ms = to_ms;
	return 0;
}

/* Whether an If-None-Match value names etag: "*", or one of its
 * comma-separated entity tags (quoted, maybe weak W/). */
static bool etag_matches(const char *inm, const char *etag)
{
	size_t n = strlen(etag);
	if (!inm)
		return false;
	for (const char *p = inm; *p;) {
		p += strspn(p, " ,");
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p == '"' && strncmp(p + 1, etag, n) == 0 && p[1 + n] == '"')
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

_Static_assert(COLL_STORE_HOURS_MAX == FB_HOURS_TEXT_MAX, "the store keeps a whole hours text");
_Static_assert(COLL_STORE_MODES_MAX == FB_PROTO_CONFIG_MODES_MAX &&
	       COLL_STORE_MODE_MAX == FB_MODE_NAME_MAX, "the store keeps every mode");

/* The tablet settings of location into c (unset stays unset). */
static int config_settings(coll_store *st, const char *location, fb_proto_config *c, fb_err *err)
{
	coll_store_location_settings v;
	int rc = coll_store_location_settings_get(st, location, &v, err);
	if (rc)
		return rc;
	if (v.n_languages > 0) {
		c->has_languages = true;
		for (size_t i = 0; i < v.n_languages && i < FB_PROTO_CONFIG_LANGS_MAX; i++)
			snprintf(c->languages[c->n_languages++], sizeof c->languages[0], "%s",
				 v.languages[i]);
	}
	if (v.idle_timeout_s > 0) {
		c->has_idle_timeout = true;
		c->idle_timeout_s = v.idle_timeout_s;
	}
	if (v.opening_hours[0]) {
		c->has_opening_hours = true;
		snprintf(c->opening_hours, sizeof c->opening_hours, "%s", v.opening_hours);
	}
	if (v.n_modes > 0) {
		c->has_modes = true;
		for (size_t i = 0; i < v.n_modes && i < FB_PROTO_CONFIG_MODES_MAX; i++)
			snprintf(c->modes[c->n_modes++], sizeof c->modes[0], "%s", v.modes[i]);
	}
	if (v.n_crisis > 0) {
		c->has_crisis = true;
		for (size_t i = 0; i < v.n_crisis && i < FB_PROTO_CONFIG_LANGS_MAX; i++) {
			fb_proto_config_crisis *cr = &c->crisis[c->n_crisis++];
			snprintf(cr->lang, sizeof cr->lang, "%s", v.crisis[i].lang);
			snprintf(cr->text, sizeof cr->text, "%s", v.crisis[i].text);
		}
	}
	c->survey_json = v.survey_json;   /* taken */
	v.survey_json = NULL;
	coll_store_location_settings_clear(&v);
	return 0;
}

int coll_ingest_publish_key(coll_ingest *ig, char b64[COLL_STORE_TRUST_KEY_B64], fb_err *err)
{
	sodium_bin2base64(b64, COLL_STORE_TRUST_KEY_B64, ig->keys, FB_KEY_BYTES,
			  sodium_base64_VARIANT_ORIGINAL);   /* the current pair's pk */
	return coll_store_trust_key_put(ig->st, b64, err);
}

/* The key the serving collector last started with (none before the first
 * serve): tablets seal new answers to it. */
static int config_trust_key(coll_store *st, fb_proto_config *c, fb_err *err)
{
	char b64[COLL_STORE_TRUST_KEY_B64];
	size_t len = 0;
	int rc = coll_store_trust_key_get(st, b64, err);
	if (rc || !b64[0])
		return rc;
	if (sodium_base642bin(c->trust_key, sizeof c->trust_key, b64, strlen(b64), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || len != sizeof c->trust_key)
		return fb_err_set(err, FB_ERR_INVALID, "the stored Trust public key is not a key;"
				  " restart the collector to store it again");
	c->has_trust_key = true;
	return 0;
}

int coll_ingest_config_build(coll_store *st, const char *location, int64_t now_ms,
			     fb_proto_config *c, fb_err *err)
{
	c->has_items = true;
	items_ctx ic = {c, false};
	int rc = coll_store_published_for_location(st, location, now_ms, config_item, &ic, err);
	if (rc)
		return rc;
	if (ic.over)
		fb_log("location %s has more than %d \"You said, we did\""
			" texts showing; the kiosks get the first %d (end some on their action pages)",
			location, FB_PROTO_CONFIG_ITEMS_MAX, FB_PROTO_CONFIG_ITEMS_MAX);
	rc = config_settings(st, location, c, err);
	return rc ? rc : config_trust_key(st, c, err);
}

int coll_ingest_config_body(coll_store *st, const char *location, int64_t now_ms, char **body,
			    char etag[FB_PROTO_ETAG_LEN + 1], bool *unreadable, fb_err *err)
{
	fb_proto_config *c = calloc(1, sizeof *c);
	int rc = 0;

	*body = NULL;
	etag[0] = '\0';
	*unreadable = false;
	if (!c)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	fb_proto_config_init(c, location);
	rc = coll_ingest_config_build(st, location, now_ms, c, err);
	if (rc) {
		*unreadable = true;
		goto out;
	}
	*body = fb_proto_config_write(c, etag, err);
	if (!*body) {
		etag[0] = '\0';
		rc = err->code ? err->code : FB_ERR_INVALID;
	}
out:
	fb_proto_config_clear(c);
	free(c);
	return rc;
}

void coll_ingest_config(coll_ingest *ig, const coll_store_device *dev, const char *location,
			const char *if_none_match, int64_t now_ms, coll_ingest_config_reply *out)
{
	fb_err err;
	coll_ingest_reply r = {0};
	char msg[200];
	char *body = NULL;
	bool unreadable = false;
	memset(out, 0, sizeof *out);
	if (!location || !location[0]) {
		reply_error(&r, 400, "name the location: GET /v1/config?location=CODE");
		goto out;
	}
	if (!coll_store_device_speaks_for(dev, location)) {
		snprintf(msg, sizeof msg, "this device is not enrolled for location %.64s", location);
		reply_error(&r, 403, msg);
		goto out;
	}
	if (coll_ingest_config_body(ig->st, location, now_ms, &body, out->etag, &unreadable, &err)) {
		if (unreadable) {
			fb_log("config for '%s' not read: %s", dev->id, err.msg);
			reply_error(&r, 503, "the collector cannot read configs just now; retry later");
			r.retry_after_s = 30;
		} else {
			fb_log("config for location %s not written: %s", location, err.msg);
			reply_error(&r, 500, "the collector could not make this location's config");
		}
		out->etag[0] = '\0';
		goto out;
	}
	if (coll_store_config_fetch_put(ig->st, dev->id, out->etag, now_ms, &err))
		fb_log("config fetch by '%s' not recorded: %s", dev->id,
			err.msg);     /* the device still gets its config */
	if (etag_matches(if_none_match, out->etag)) {
		free(body);
		out->status = 304;
		goto out;
	}
	out->status = 200;
	out->body = body;
out:
	if (r.body) {
		out->status = r.status;
		out->body = r.body;
		out->retry_after_s = r.retry_after_s;
	}
}

int coll_ingest_config_bundle(coll_store *st, const char *device_id, const char *location,
			      int64_t now_ms, char **text, fb_err *err)
{
	coll_store_device dev;
	char *docs[COLL_STORE_DEVICE_LOCATIONS_MAX] = {0};
	size_t n = 0;
	int rc;

	*text = NULL;
	rc = coll_store_device_get(st, device_id, &dev, err);
	if (rc == FB_ERR_NOTFOUND)
		rc = fb_err_set(err, FB_ERR_INVALID, "no device '%s' is enrolled; 'feedback-collector "
				"device add' enrols one", device_id);
	if (rc)
		goto out;
	if (dev.revoked) {
		rc = fb_err_set(err, FB_ERR_INVALID, "device '%s' was revoked; it gets no config",
				device_id);
		goto out;
	}
	if (location && !coll_store_device_speaks_for(&dev, location)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "device '%s' is not enrolled for location '%s'; "
				"add it with 'feedback-collector device locations'", device_id,
				location);
		goto out;
	}
	for (size_t i = 0; i < dev.n_locations; i++) {
		char etag[FB_PROTO_ETAG_LEN + 1];
		bool unreadable;
		if (location && strcmp(dev.locations[i], location) != 0)
			continue;
		rc = coll_ingest_config_body(st, dev.locations[i], now_ms, &docs[n], etag,
					     &unreadable, err);
		if (rc)
			goto out;
		n++;
	}
	*text = fb_devconf_bundle_write(device_id, now_ms, docs, n, err);
	if (!*text)
		rc = err->code ? err->code : FB_ERR_INVALID;
out:
	for (size_t i = 0; i < n; i++)
		free(docs[i]);
	return rc;
}

/* The bundle's device_id: one an enrolled device has, readable, not revoked. */
static int bundle_device(coll_ingest *ig, const char *id, coll_store_device *dev, fb_err *err)
{
	size_t len = id ? strlen(id) : 0;
	if (len == 0)
		return fb_err_set(err, FB_ERR_INVALID, "the bundle names no device (its device_id is"
				  " empty); nothing was imported: export it again on the device with"
				  " 'feedback-queue export'");
	for (const char *c = id; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return fb_err_set(err, FB_ERR_INVALID, "the bundle's device_id has control"
					  " characters; nothing was imported: this is not a bundle a"
					  " device wrote, or it was changed on the way");
	if (len >= COLL_STORE_ID_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "the bundle's device_id is %zu bytes, longer than"
				  " any device id (at most %d); nothing was imported", len,
				  COLL_STORE_ID_MAX - 1);
	int rc = coll_store_device_get(ig->st, id, dev, err);
	if (rc == FB_ERR_NOTFOUND)
		return fb_err_set(err, FB_ERR_INVALID, "the bundle is from device '%s', which is not"
				  " enrolled; nothing was imported: enrol it with 'feedback-collector device"
				  " add --location CODE[,CODE...] --id %s' if it is the Trust's", id, id);
	if (rc == 0 && dev->revoked)
		rc = fb_err_set(err, FB_ERR_INVALID, "the bundle is from device '%s', which was revoked;"
				" nothing was imported", id);
	return rc;
}

int coll_ingest_bundle(coll_ingest *ig, const char *body, size_t len, int64_t now_ms,
		  char **receipt, int counts[4], char device_id[COLL_STORE_ID_MAX], fb_err *err)
{
	fb_proto_bundle *b = NULL;
	fb_proto_in *chunk = NULL;
	coll_store_device dev;
	int rc = fb_proto_bundle_scan(body, len, &b, err);
	*receipt = NULL;
	if (rc)
		goto out;
	rc = bundle_device(ig, fb_proto_bundle_device_id(b), &dev, err);
	if (rc)
		goto out;
	if (device_id)
		snprintf(device_id, COLL_STORE_ID_MAX, "%s", dev.id);
	for (;;) {
		rc = fb_proto_bundle_next(b, INGEST_BUNDLE_CHUNK, &chunk, err);
		if (rc || !chunk)
			break;
		rc = ingest_records(ig, &dev, false, chunk, now_ms, counts, err);
		if (rc == 0)
			rc = fb_proto_bundle_answered(b, chunk, err);
		fb_proto_in_free(chunk);
		chunk = NULL;
		if (rc)
			goto out;
	}
	if (rc)
		goto out;
	*receipt = fb_proto_bundle_receipt(b);
	if (!*receipt)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the receipt");
out:
	fb_proto_bundle_free(b);
	return rc;
}
