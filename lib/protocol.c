/* protocol: see protocol.h. The JSON keys of the protocol are spelled here
 * and in lib/record.c (the record) only. */
#include "protocol.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define HEARTBEAT_VERSION_MAX 64
#define HEARTBEAT_ERROR_MAX 1024

/* ---- per-record outcomes ------------------------------------------------ */

static const char *const outcome_names[] = {
	[FB_OUTCOME_STORED] = "stored",
	[FB_OUTCOME_DUPLICATE] = "duplicate",
	[FB_OUTCOME_CONFLICT] = "conflict",
	[FB_OUTCOME_REJECTED] = "rejected",
};
#define N_OUTCOMES (sizeof outcome_names / sizeof outcome_names[0])

const char *fb_proto_outcome_name(fb_proto_outcome o)
{
	return (size_t)o < N_OUTCOMES ? outcome_names[o] : "unknown";
}

fb_proto_outcome fb_proto_outcome_parse(const char *s)
{
	for (size_t i = 0; s && i < N_OUTCOMES; i++)
		if (strcmp(s, outcome_names[i]) == 0)
			return (fb_proto_outcome)i;
	return FB_OUTCOME_UNKNOWN;
}

fb_proto_fate fb_proto_outcome_fate(fb_proto_outcome o)
{
	switch (o) {
	case FB_OUTCOME_STORED:
	case FB_OUTCOME_DUPLICATE:
		return FB_FATE_ACK;
	case FB_OUTCOME_CONFLICT:
	case FB_OUTCOME_REJECTED:
		return FB_FATE_QUARANTINE;
	case FB_OUTCOME_UNKNOWN:
		break;
	}
	return FB_FATE_UNSENT;
}

/* ---- age_ms and the clock ----------------------------------------------- */

bool fb_proto_age_ms(const fb_queued *rec, const char *boot_id, int64_t mono_now_ms,
		     int64_t *age_ms)
{
	/* The boot clock restarts at each boot: a reading from another boot
	 * says nothing about how long ago. */
	if (!boot_id || !boot_id[0] || strcmp(rec->boot_id, boot_id) != 0 ||
	    mono_now_ms < rec->submitted_mono_ms)
		return false;
	*age_ms = mono_now_ms - rec->submitted_mono_ms;
	return true;
}

bool fb_proto_clock_off(bool has_device_time, int64_t device_time_ms, int64_t server_time_ms)
{
	/* Compared without subtracting: device_time_ms is the device's, any int64. */
	return has_device_time && (device_time_ms < server_time_ms - FB_PROTO_CLOCK_SKEW_MS ||
				   device_time_ms > server_time_ms + FB_PROTO_CLOCK_SKEW_MS);
}

bool fb_proto_record_clock_off(bool has_device_time, const fb_record_in *rec,
			       int64_t received_ms)
{
	/* age_ms is 0..10 years (fb_record_from_json): no overflow. */
	return has_device_time && rec->has_age &&
	       fb_proto_clock_off(true, rec->submitted_at_ms, received_ms - rec->age_ms);
}

bool fb_proto_corrected_ms(bool clock_off, const fb_record_in *rec, int64_t received_ms,
			   int64_t *out)
{
	*out = received_ms - rec->age_ms;
	return clock_off && rec->has_age;
}

/* ---- device: writing a batch request or a bundle ------------------------ */

/* s as a JSON string literal, quotes and escapes included. */
static int add_json_string(fb_buf *out, const char *s, fb_err *err)
{
	json_t *j;
	char *lit;

	if (!s || !fb_utf8_valid(s, strlen(s)))
		return fb_err_set(err, FB_ERR_INVALID, "device id is not valid UTF-8");
	j = json_string(s);
	lit = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	json_decref(j);
	if (!lit)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	fb_buf_adds(out, lit);
	free(lit);
	return 0;
}

static void writer_init(fb_proto_writer *w, fb_buf *out, bool bundle, const char *boot_id,
			int64_t mono_now_ms)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->bundle = bundle;
	snprintf(w->boot_id, sizeof w->boot_id, "%s", boot_id ? boot_id : "");
	w->mono_now_ms = mono_now_ms;
}

int fb_proto_batch_open(fb_proto_writer *w, fb_buf *out, const char *device_id,
			int64_t device_time_ms, const char *boot_id, int64_t mono_now_ms,
			fb_err *err)
{
	int rc;

	writer_init(w, out, false, boot_id, mono_now_ms);
	fb_buf_adds(out, "{\"protocol\":\"" FB_PROTOCOL "\",\"device_id\":");
	rc = add_json_string(out, device_id, err);
	if (rc)
		return rc;
	fb_buf_addf(out, ",\"device_time_ms\":%" PRId64 ",\"records\":[", device_time_ms);
	return 0;
}

int fb_proto_bundle_open(fb_proto_writer *w, fb_buf *out, const char *device_id,
			 int64_t exported_at_ms, const char *boot_id, int64_t mono_now_ms,
			 fb_err *err)
{
	int rc;

	writer_init(w, out, true, boot_id, mono_now_ms);
	/* Keys in sorted order, as the records inside. */
	fb_buf_adds(out, "{\"device_id\":");
	rc = add_json_string(out, device_id, err);
	if (rc)
		return rc;
	fb_buf_addf(out, ",\"exported_at_ms\":%" PRId64 ",\"protocol\":\"" FB_BUNDLE_PROTOCOL
		    "\",\"records\":[", exported_at_ms);
	return 0;
}

/* Whether a stored body may go in a batch: a non-empty JSON object that
 * does not already carry the transport's age_ms. */
static bool batch_sendable(const fb_queued *rec)
{
	json_error_t je;
	json_t *o = NULL;
	bool ok;

	if (rec->body && rec->body_len >= 2 && rec->body[0] == '{')
		o = json_loadb(rec->body, rec->body_len, 0, &je);
	ok = json_is_object(o) && json_object_size(o) > 0 && !json_object_get(o, "age_ms");
	json_decref(o);
	return ok;
}

static int batch_add(fb_proto_writer *w, const fb_queued *rec)
{
	int64_t age;

	if (!batch_sendable(rec))
		return FB_ERR_CORRUPT;
	if (w->n > 0)
		fb_buf_addc(w->out, ',');
	if (fb_proto_age_ms(rec, w->boot_id, w->mono_now_ms, &age)) {
		fb_buf_addf(w->out, "{\"age_ms\":%" PRId64 ",", age);
		fb_buf_add(w->out, rec->body + 1, rec->body_len - 1);
	} else {
		fb_buf_add(w->out, rec->body, rec->body_len);
	}
	return 0;
}

static int bundle_add(fb_proto_writer *w, const fb_queued *rec)
{
	json_t *o = rec->body ? json_loadb(rec->body, rec->body_len, 0, NULL) : NULL;
	char *txt;
	int64_t age;

	if (!o)
		return FB_ERR_CORRUPT;
	if (fb_proto_age_ms(rec, w->boot_id, w->mono_now_ms, &age))
		json_object_set_new(o, "age_ms", json_integer(age));
	txt = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!txt)
		return FB_ERR_NOMEM;
	if (w->n > 0)
		fb_buf_addc(w->out, ',');
	fb_buf_adds(w->out, txt);
	free(txt);
	return 0;
}

int fb_proto_writer_add(fb_proto_writer *w, const fb_queued *rec)
{
	int rc = w->bundle ? bundle_add(w, rec) : batch_add(w, rec);

	if (rc)
		return rc;
	w->n++;
	return w->out->failed ? FB_ERR_NOMEM : 0;
}

int fb_proto_writer_close(fb_proto_writer *w)
{
	fb_buf_adds(w->out, w->bundle ? "]}\n" : "]}");
	return w->out->failed ? FB_ERR_NOMEM : 0;
}

char *fb_proto_heartbeat_write(const fb_proto_heartbeat *hb)
{
	json_t *o;
	char *text;

	/* s*: a string not given is left out, never sent as null. */
	o = json_pack("{s:s, s:s, s:s*, s:I, s:I, s:I, s:I, s:I, s:s*, s:I}",
		      "protocol", FB_PROTOCOL, "device_id", hb->device_id,
		      "version", hb->version,
		      "device_time_ms", (json_int_t)hb->device_time_ms,
		      "queue_depth", (json_int_t)hb->queue_depth,
		      "oldest_unsent_age_s", (json_int_t)hb->oldest_unsent_age_s,
		      "quarantined", (json_int_t)hb->quarantined,
		      "last_ack_ms", (json_int_t)hb->last_ack_ms,
		      "last_error", hb->last_error,
		      "disk_free_bytes", (json_int_t)hb->disk_free_bytes);
	text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return text;
}

/* ---- device: reading a reply or a receipt ------------------------------- */

struct fb_proto_answer {
	json_t *doc;
	json_t *results;     /* borrowed; NULL when the answer has none */
};

static fb_proto_answer *answer_of(json_t *doc)
{
	fb_proto_answer *a = calloc(1, sizeof *a);

	if (!a) {
		json_decref(doc);
		return NULL;
	}
	a->doc = doc;
	a->results = json_object_get(doc, "results");
	if (!json_is_array(a->results))
		a->results = NULL;
	return a;
}

/* Whether o is a JSON object whose protocol is want. */
static bool speaks(json_t *o, const char *want)
{
	json_t *p = json_object_get(o, "protocol");

	return json_is_object(o) && json_is_string(p) && strcmp(json_string_value(p), want) == 0;
}

fb_proto_answer *fb_proto_reply_read(bool marker_header, const char *body, size_t len)
{
	json_error_t je;
	json_t *o;

	if (!marker_header || !body || len == 0)
		return NULL;
	o = json_loadb(body, len, 0, &je);
	if (!speaks(o, FB_PROTOCOL)) {
		json_decref(o);
		return NULL;
	}
	return answer_of(o);
}

int fb_proto_receipt_read(const char *text, size_t len, const char *file,
			  fb_proto_answer **out, fb_err *err)
{
	json_error_t jerr;
	json_t *doc;

	*out = NULL;
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return fb_err_set(err, FB_ERR_INVALID,
				  "'%s' is not JSON (line %d: %s); is it the receipt file?",
				  file, jerr.line, jerr.text);
	if (!speaks(doc, FB_RECEIPT_PROTOCOL)) {
		json_decref(doc);
		return fb_err_set(err, FB_ERR_INVALID, "'%s' is not an " FB_RECEIPT_PROTOCOL " receipt",
				  file);
	}
	*out = answer_of(doc);
	return *out ? 0 : fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", file);
}

void fb_proto_answer_free(fb_proto_answer *a)
{
	if (!a)
		return;
	json_decref(a->doc);
	free(a);
}

const char *fb_proto_answer_error(const fb_proto_answer *a)
{
	return json_string_value(json_object_get(a->doc, "error"));
}

const char *fb_proto_answer_device_id(const fb_proto_answer *a)
{
	return json_string_value(json_object_get(a->doc, "device_id"));
}

bool fb_proto_answer_has_results(const fb_proto_answer *a)
{
	return a->results != NULL;
}

size_t fb_proto_answer_count(const fb_proto_answer *a)
{
	return json_array_size(a->results);
}

void fb_proto_answer_result(const fb_proto_answer *a, size_t i, fb_proto_result *r)
{
	json_t *o = json_array_get(a->results, i);
	json_t *index = json_object_get(o, "index");

	r->id = json_string_value(json_object_get(o, "id"));
	r->index = json_is_integer(index) && json_integer_value(index) >= 0
		   ? (int64_t)json_integer_value(index) : -1;
	r->outcome = fb_proto_outcome_parse(json_string_value(json_object_get(o, "outcome")));
	r->reason = json_string_value(json_object_get(o, "reason"));
}

/* ---- collector: reading a request and answering it ---------------------- */

struct fb_proto_in {
	json_t *doc;
	json_t *records;     /* borrowed from doc; NULL for a heartbeat */
	json_t *results;     /* one object per record, in order; made at the
	                      * first answer, so a batch refused as too large
	                      * costs nothing more */
	const char *device_id;
	bool has_time;
	int64_t device_time_ms;
	size_t base;         /* a bundle's chunk: its first record's index */
};

void fb_proto_in_free(fb_proto_in *in)
{
	if (!in)
		return;
	json_decref(in->results);
	json_decref(in->doc);
	free(in);
}

/* The body as a JSON object speaking want, in a new fb_proto_in. */
static int in_load(const char *body, size_t len, const char *want, fb_proto_in **out,
		   fb_err *err)
{
	json_error_t jerr;
	json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);

	*out = NULL;
	if (!o)
		return fb_err_set(err, FB_ERR_INVALID, "body is not JSON: %s (line %d)", jerr.text,
				  jerr.line);
	if (!speaks(o, want)) {
		json_decref(o);
		return fb_err_set(err, FB_ERR_INVALID,
				  "body is not a JSON object with \"protocol\": \"%s\"", want);
	}
	*out = calloc(1, sizeof **out);
	if (!*out) {
		json_decref(o);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a request");
	}
	(*out)->doc = o;
	return 0;
}

/* One result per record, naming it by id when it has a readable one: a
 * record whose id cannot be read is answered by its position. 0, or -1 when
 * out of memory (then there are none). */
static int in_results(fb_proto_in *in)
{
	size_t i;
	json_t *rec;

	if (in->results)
		return 0;
	in->results = json_array();
	if (!in->results)
		return -1;
	json_array_foreach(in->records, i, rec) {
		json_t *idv = json_is_object(rec) ? json_object_get(rec, "id") : NULL;
		json_t *res;

		if (json_is_string(idv) && fb_uuid7_valid(json_string_value(idv)))
			res = json_pack("{s:O}", "id", idv);
		else
			res = json_pack("{s:I}", "index", (json_int_t)(in->base + i));
		if (json_array_append_new(in->results, res) != 0) {
			json_decref(in->results);
			in->results = NULL;
			return -1;
		}
	}
	return 0;
}

int fb_proto_batch_read(const char *body, size_t len, fb_proto_in **out, fb_err *err)
{
	fb_proto_in *in = NULL;
	json_t *dev_id, *dtime;
	int rc = in_load(body, len, FB_PROTOCOL, &in, err);

	if (rc)
		goto out;
	dev_id = json_object_get(in->doc, "device_id");
	in->records = json_object_get(in->doc, "records");
	dtime = json_object_get(in->doc, "device_time_ms");
	if (!json_is_string(dev_id) || !json_is_array(in->records) ||
	    (dtime && !json_is_integer(dtime))) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"body needs \"device_id\" (string), \"records\" (array) and "
				"\"device_time_ms\" (integer)");
		goto out;
	}
	in->device_id = json_string_value(dev_id);
	in->has_time = json_is_integer(dtime);
	in->device_time_ms = in->has_time ? json_integer_value(dtime) : 0;
out:
	if (rc) {
		fb_proto_in_free(in);
		in = NULL;
	}
	*out = in;
	return rc;
}

static int64_t int_or(json_t *o, const char *key, int64_t dflt)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int fb_proto_heartbeat_read(const char *body, size_t len, fb_proto_in **out,
			    fb_proto_heartbeat *hb, fb_err *err)
{
	fb_proto_in *in = NULL;
	json_t *dev_id, *version, *last_error;
	int rc = in_load(body, len, FB_PROTOCOL, &in, err);

	memset(hb, 0, sizeof *hb);
	if (rc)
		goto out;
	dev_id = json_object_get(in->doc, "device_id");
	version = json_object_get(in->doc, "version");
	last_error = json_object_get(in->doc, "last_error");
	if (!json_is_string(dev_id) || (version && !json_is_string(version)) ||
	    (last_error && !json_is_string(last_error)) ||
	    json_string_length(version) > HEARTBEAT_VERSION_MAX ||
	    json_string_length(last_error) > HEARTBEAT_ERROR_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"heartbeat needs \"device_id\"; \"version\" (up to %d characters) "
				"and \"last_error\" (up to %d) are strings",
				HEARTBEAT_VERSION_MAX, HEARTBEAT_ERROR_MAX);
		goto out;
	}
	in->device_id = json_string_value(dev_id);
	hb->device_id = in->device_id;
	hb->version = json_string_value(version);
	hb->device_time_ms = int_or(in->doc, "device_time_ms", 0);
	hb->queue_depth = int_or(in->doc, "queue_depth", 0);
	hb->oldest_unsent_age_s = int_or(in->doc, "oldest_unsent_age_s", 0);
	hb->quarantined = int_or(in->doc, "quarantined", 0);
	hb->last_ack_ms = int_or(in->doc, "last_ack_ms", 0);
	hb->last_error = json_string_value(last_error);
	hb->disk_free_bytes = int_or(in->doc, "disk_free_bytes", 0);
out:
	if (rc) {
		fb_proto_in_free(in);
		in = NULL;
		memset(hb, 0, sizeof *hb);
	}
	*out = in;
	return rc;
}

const char *fb_proto_in_device_id(const fb_proto_in *in)
{
	return in->device_id;
}

bool fb_proto_in_device_time(const fb_proto_in *in, int64_t *device_time_ms)
{
	*device_time_ms = in->device_time_ms;
	return in->has_time;
}

size_t fb_proto_in_count(const fb_proto_in *in)
{
	return json_array_size(in->records);
}

int fb_proto_in_record(fb_proto_in *in, size_t i, fb_record_in *rec, fb_err *err)
{
	return fb_record_from_json(json_array_get(in->records, i), rec, err);
}

bool fb_proto_in_is_signup(const fb_proto_in *in, size_t i)
{
	return fb_record_is_signup(json_array_get(in->records, i));
}

int fb_proto_in_signup(fb_proto_in *in, size_t i, fb_signup_in *rec, fb_err *err)
{
	return fb_signup_from_json(json_array_get(in->records, i), rec, err);
}

void fb_proto_in_answer(fb_proto_in *in, size_t i, fb_proto_outcome o, const char *reason)
{
	json_t *res = in_results(in) == 0 ? json_array_get(in->results, i) : NULL;

	json_object_set_new(res, "outcome", json_string(fb_proto_outcome_name(o)));
	if (reason)
		json_object_set_new(res, "reason", json_string(reason));
}

/* Compact text of o (stolen), or NULL. */
static char *dump(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	return s;
}

char *fb_proto_in_reply(fb_proto_in *in, int64_t server_time_ms)
{
	if (in_results(in))
		return NULL;
	return dump(json_pack("{s:s, s:I, s:O}", "protocol", FB_PROTOCOL,
			      "server_time_ms", (json_int_t)server_time_ms, "results", in->results));
}

char *fb_proto_heartbeat_reply(int64_t server_time_ms)
{
	return dump(json_pack("{s:s, s:I}", "protocol", FB_PROTOCOL,
			      "server_time_ms", (json_int_t)server_time_ms));
}

char *fb_proto_error_body(const char *msg)
{
	char *s = dump(json_pack("{s:s, s:s}", "protocol", FB_PROTOCOL, "error", msg));

	/* Words that are not UTF-8 must not leave a 4xx without its marker. */
	return s ? s : dump(json_pack("{s:s, s:s}", "protocol", FB_PROTOCOL, "error",
				      "the collector could not word its answer"));
}

/* ---- collector: reading a bundle a chunk at a time ---------------------- */

/* The envelope is walked by hand, member by member, and every value in it
 * (each record too) is read by jansson, one at a time: so the records are
 * checked and counted without ever being held together. */
struct fb_proto_bundle {
	const char *body;        /* borrowed */
	size_t len;
	json_t *env;             /* the envelope's members but "records" */
	const char *device_id;   /* in env */
	size_t records_at;       /* offset just past the records' '[' */
	size_t count;            /* records in the bundle */
	size_t at;               /* offset of the next record to hand out */
	size_t next;             /* ... and its index */
	fb_buf results;          /* the receipt's results so far, comma-separated */
	size_t answered;
};

static int bundle_bad(fb_err *err, size_t at, const char *what)
{
	return fb_err_set(err, FB_ERR_INVALID, "not an offline bundle: %s (byte %zu)", what, at);
}

static size_t skip_ws(const char *s, size_t len, size_t at)
{
	while (at < len && (s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r'))
		at++;
	return at;
}

/* The JSON value (of any kind) at *at, *at moved just past it; NULL, with
 * err set, when there is none. */
static json_t *value_at(const char *s, size_t len, size_t *at, fb_err *err)
{
	json_error_t jerr;
	json_t *v = json_loadb(s + *at, len - *at,
			       JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &jerr);

	if (!v) {
		fb_err_set(err, FB_ERR_INVALID, "not an offline bundle: it is not JSON: %s (byte %zu)",
			   jerr.text, *at + (size_t)(jerr.position > 0 ? jerr.position : 0));
		return NULL;
	}
	*at += (size_t)jerr.position;
	return v;
}

/* Record index of the list, from *at (just past '[' or the record before):
 * *rec is the record, or NULL at the list's end (*at then past its ']'). */
static int record_next(const char *s, size_t len, size_t *at, size_t index, json_t **rec,
		       fb_err *err)
{
	size_t p = skip_ws(s, len, *at);

	*rec = NULL;
	if (p < len && s[p] == ']') {
		*at = p + 1;
		return 0;
	}
	if (index > 0) {
		if (p >= len || s[p] != ',')
			return bundle_bad(err, p, "expected ',' or ']' after a record");
		p = skip_ws(s, len, p + 1);
	}
	*rec = value_at(s, len, &p, err);
	if (!*rec)
		return FB_ERR_INVALID;
	*at = p;
	return 0;
}

/* The records list at *at (its '['): walked to its end, each record read
 * and let go, counted into b->count up to the cap. */
static int records_count(fb_proto_bundle *b, size_t *at, fb_err *err)
{
	json_t *rec = NULL;

	b->records_at = ++*at;
	for (;;) {
		int rc = record_next(b->body, b->len, at, b->count, &rec, err);

		if (rc || !rec)
			return rc;
		json_decref(rec);
		if (++b->count > FB_BUNDLE_RECORDS_MAX)
			return fb_err_set(err, FB_ERR_INVALID,
					  "the bundle holds more than %d records, the most one import"
					  " takes (years of a tablet's answers); nothing was imported:"
					  " this is not a bundle a device wrote, or it was changed on the way",
					  FB_BUNDLE_RECORDS_MAX);
	}
}

/* The envelope: its members into b->env, the records counted. */
static int envelope_read(fb_proto_bundle *b, bool *has_records, fb_err *err)
{
	const char *s = b->body;
	size_t len = b->len, at = skip_ws(s, len, 0);
	json_t *key = NULL, *v = NULL;
	int rc = 0;

	if (at >= len || s[at] != '{')
		return bundle_bad(err, at, "it is not a JSON object");
	at = skip_ws(s, len, at + 1);
	if (at < len && s[at] == '}')
		goto end;
	for (;;) {
		key = value_at(s, len, &at, err);
		if (!key) {
			rc = FB_ERR_INVALID;
			goto out;
		}
		if (!json_is_string(key)) {
			rc = bundle_bad(err, at, "a member's name is not a string");
			goto out;
		}
		at = skip_ws(s, len, at);
		if (at >= len || s[at] != ':') {
			rc = bundle_bad(err, at, "expected ':' after a member's name");
			goto out;
		}
		at = skip_ws(s, len, at + 1);
		if (json_object_get(b->env, json_string_value(key)) ||
		    (*has_records && strcmp(json_string_value(key), "records") == 0)) {
			rc = bundle_bad(err, at, "a member is there twice");
			goto out;
		}
		if (strcmp(json_string_value(key), "records") == 0 && at < len && s[at] == '[') {
			*has_records = true;
			rc = records_count(b, &at, err);
			if (rc)
				goto out;
		} else {
			v = value_at(s, len, &at, err);
			if (!v || json_object_set_new(b->env, json_string_value(key), v) != 0) {
				rc = v ? FB_ERR_NOMEM : FB_ERR_INVALID;
				if (v)
					fb_err_set(err, rc, "out of memory reading a bundle");
				goto out;
			}
		}
		json_decref(key);
		key = NULL;
		at = skip_ws(s, len, at);
		if (at < len && s[at] == ',') {
			at = skip_ws(s, len, at + 1);
			continue;
		}
		if (at < len && s[at] == '}')
			break;
		rc = bundle_bad(err, at, "expected ',' or '}' after a member");
		goto out;
	}
end:
	at = skip_ws(s, len, at + 1);
	if (at != len)
		rc = bundle_bad(err, at, "there is more after its end");
out:
	json_decref(key);
	return rc;
}

int fb_proto_bundle_scan(const char *body, size_t len, fb_proto_bundle **out, fb_err *err)
{
	fb_proto_bundle *b = calloc(1, sizeof *b);
	bool has_records = false;
	json_t *dev_id;
	int rc = 0;

	*out = NULL;
	if (!b || !(b->env = json_object())) {
		free(b);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a bundle");
	}
	b->body = body;
	b->len = len;
	fb_buf_init(&b->results, (size_t)FB_BUNDLE_RECORDS_MAX * 1024);
	rc = envelope_read(b, &has_records, err);
	if (rc)
		goto out;
	if (!speaks(b->env, FB_BUNDLE_PROTOCOL)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "not an offline bundle: body is not a JSON object"
				" with \"protocol\": \"%s\"", FB_BUNDLE_PROTOCOL);
		goto out;
	}
	dev_id = json_object_get(b->env, "device_id");
	if (!json_is_string(dev_id) || !has_records) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"bundle needs \"device_id\" (string) and \"records\" (array)");
		goto out;
	}
	/* Bundles carry no device clock to compare: times are kept as sent. */
	b->device_id = json_string_value(dev_id);
	b->at = b->records_at;
out:
	if (rc) {
		fb_proto_bundle_free(b);
		b = NULL;
	}
	*out = b;
	return rc;
}

void fb_proto_bundle_free(fb_proto_bundle *b)
{
	if (!b)
		return;
	json_decref(b->env);
	fb_buf_free(&b->results);
	free(b);
}

const char *fb_proto_bundle_device_id(const fb_proto_bundle *b)
{
	return b->device_id;
}

size_t fb_proto_bundle_count(const fb_proto_bundle *b)
{
	return b->count;
}

int fb_proto_bundle_next(fb_proto_bundle *b, size_t max, fb_proto_in **out, fb_err *err)
{
	fb_proto_in *in = NULL;
	json_t *rec = NULL;
	int rc = 0;

	*out = NULL;
	if (b->next >= b->count)
		return 0;
	in = calloc(1, sizeof *in);
	if (!in || !(in->doc = json_array())) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a bundle");
		goto out;
	}
	in->records = in->doc;
	in->device_id = b->device_id;
	in->base = b->next;
	while (json_array_size(in->records) < max && b->next < b->count) {
		/* scanned already: a record missing now is a bug, not the file */
		rc = record_next(b->body, b->len, &b->at, b->next, &rec, err);
		if (!rc && !rec)
			rc = fb_err_set(err, FB_ERR_INVALID, "the bundle changed while it was read");
		if (rc)
			goto out;
		if (json_array_append_new(in->records, rec) != 0) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a bundle");
			goto out;
		}
		b->next++;
	}
out:
	if (rc) {
		fb_proto_in_free(in);
		in = NULL;
	}
	*out = in;
	return rc;
}

int fb_proto_bundle_answered(fb_proto_bundle *b, fb_proto_in *chunk, fb_err *err)
{
	size_t i;
	json_t *res;

	if (in_results(chunk))
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the receipt");
	json_array_foreach(chunk->results, i, res) {
		char *text = json_dumps(res, JSON_COMPACT);

		if (b->answered++ > 0)
			fb_buf_addc(&b->results, ',');
		if (!text || fb_buf_adds(&b->results, text) != 0) {
			free(text);
			return fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the receipt");
		}
		free(text);
	}
	return 0;
}

char *fb_proto_bundle_receipt(fb_proto_bundle *b)
{
	fb_buf out;
	size_t n;
	/* ends "results":[]}, in insertion order: the results go in the brackets */
	char *head = dump(json_pack("{s:s, s:s, s:[]}", "protocol", FB_RECEIPT_PROTOCOL,
				    "device_id", b->device_id, "results"));

	if (!head || b->results.failed) {
		free(head);
		return NULL;
	}
	n = strlen(head);
	fb_buf_init(&out, n + b->results.len + 1);
	fb_buf_add(&out, head, n - 2);
	fb_buf_add(&out, b->results.data ? b->results.data : "", b->results.len);
	fb_buf_adds(&out, "]}");
	free(head);
	return fb_buf_take(&out, NULL);
}

/* ---- POST /v1/enrol ------------------------------------------------------ */

char *fb_proto_enrol_write(const char *device_id, const char *code)
{
	if (!device_id || !code || !fb_utf8_valid(device_id, strlen(device_id)) ||
	    !fb_utf8_valid(code, strlen(code)))
		return NULL;
	return dump(json_pack("{s:s, s:s, s:s}", "protocol", FB_PROTOCOL, "device_id", device_id,
			      "code", code));
}

/* Copies string member key of o into out; false when absent, not a string
 * or too long. */
static bool get_text(json_t *o, const char *key, char *out, size_t size)
{
	const char *v = json_string_value(json_object_get(o, key));
	if (!v || strlen(v) >= size)
		return false;
	memcpy(out, v, strlen(v) + 1);
	return true;
}

int fb_proto_enrol_read(const char *body, size_t len, char *device_id, size_t id_size,
			char *code, size_t code_size, fb_err *err)
{
	json_error_t je;
	json_t *o = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &je);
	int rc = 0;
	device_id[0] = code[0] = '\0';
	if (!json_is_object(o))
		rc = fb_err_set(err, FB_ERR_INVALID, "the body is not a JSON object; send"
				" {\"protocol\":\"%s\",\"device_id\":...,\"code\":...}", FB_PROTOCOL);
	else if (!get_text(o, "device_id", device_id, id_size))
		rc = fb_err_set(err, FB_ERR_INVALID, "device_id missing, not a string or too long");
	else if (!get_text(o, "code", code, code_size))
		rc = fb_err_set(err, FB_ERR_INVALID, "code missing, not a string or too long");
	json_decref(o);
	return rc;
}

char *fb_proto_enrol_reply(const char *device_id, const char *token, const char *const *codes,
			   const char *const *names, size_t n)
{
	json_t *locs = json_array();
	for (size_t i = 0; locs && i < n; i++)
		if (json_array_append_new(locs, json_pack("{s:s, s:s}", "code", codes[i], "name",
							  names[i])) != 0) {
			json_decref(locs);
			return NULL;
		}
	if (!locs)
		return NULL;
	return dump(json_pack("{s:s, s:s, s:s, s:o}", "protocol", FB_PROTOCOL, "device_id", device_id,
			      "token", token, "locations", locs));
}

int fb_proto_enrol_answer(bool marker_header, const char *body, size_t len, char *token,
			  size_t token_size, char *names, size_t names_size, fb_err *err)
{
	json_error_t je;
	json_t *o = marker_header && body && len ? json_loadb(body, len, 0, &je) : NULL;
	int rc = 0;
	token[0] = names[0] = '\0';
	if (!speaks(o, FB_PROTOCOL)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the answer is not the collector's (a Wi-Fi login"
				" page or a proxy?); check [sync] url");
	} else if (json_string_value(json_object_get(o, "error"))) {
		const char *why = json_string_value(json_object_get(o, "error"));
		rc = fb_err_set(err, FB_ERR_INVALID, "%s", why[0] ? why :
				"the collector refused the code without saying why");
	} else if (!get_text(o, "token", token, token_size) || !token[0]) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the collector's answer has no token");
	} else {
		json_t *locs = json_object_get(o, "locations");
		size_t i, used = 0;
		json_t *l;
		json_array_foreach(locs, i, l) {
			const char *nm = json_string_value(json_object_get(l, "name"));
			if (!nm)
				continue;
			int w = snprintf(names + used, names_size - used, "%s%s", used ? ", " : "", nm);
			if (w < 0 || (size_t)w >= names_size - used) {
				names[used] = '\0';   /* never half a name (or half a letter) */
				break;
			}
			used += (size_t)w;
		}
	}
	json_decref(o);
	return rc;
}
