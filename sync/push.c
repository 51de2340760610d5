/* push: see push.h. The request is spliced together as text: each record's
 * body is the canonical JSON fixed at put (checked to parse before sending),
 * and age_ms goes in front of its first key, so a resend differs from the
 * first send only in age_ms and device_time_ms. */
#include "push.h"

#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backoff.h"
#include "clock.h"
#include "gz.h"
#include "record.h"

#define REASON_MAX 300       /* cap on a server's reason kept in the queue */
#define ENVELOPE_BYTES 512   /* protocol, device_id, device_time_ms, brackets */
#define PER_RECORD_BYTES 40  /* "age_ms":N, and the comma */

struct fb_push {
	fb_queue *q;
	fb_transport *t;
	char *device_id_json;    /* the device id as a JSON string literal */
	size_t max_records, max_bytes;
	size_t limit_records, limit_bytes;   /* halved by 413 */
	int64_t cap_ms;
	char boot_id[40];
};

/* A growable text buffer with a cap (curl's dynbuf habit). */
typedef struct buf {
	char *p;
	size_t len, cap, max;
	bool failed;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 4096;
		char *np;

		while (nc < b->len + n + 1)
			nc *= 2;
		if (nc > b->max) {
			b->failed = true;
			return;
		}
		np = realloc(b->p, nc);
		if (!np) {
			b->failed = true;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

const char *fb_push_outcome_name(fb_push_outcome o)
{
	switch (o) {
	case FB_PUSH_IDLE: return "idle";
	case FB_PUSH_DONE: return "done";
	case FB_PUSH_RETRY: return "retry";
	case FB_PUSH_WAIT: return "wait";
	case FB_PUSH_SHRUNK: return "shrunk";
	case FB_PUSH_UNAUTHORISED: return "unauthorised";
	case FB_PUSH_LOCAL: return "local";
	}
	return "unknown";
}

int fb_push_new(fb_push **out, fb_queue *q, fb_transport *t,
		const fb_push_opts *o, fb_err *err)
{
	fb_push *p = NULL;
	json_t *s = NULL;
	int rc = 0;

	*out = NULL;
	p = calloc(1, sizeof *p);
	if (!p)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	p->q = q;
	p->t = t;
	p->max_records = o->batch_max_records ? o->batch_max_records : 500;
	p->max_bytes = o->batch_max_bytes ? o->batch_max_bytes : 1024 * 1024;
	p->limit_records = p->max_records;
	p->limit_bytes = p->max_bytes;
	p->cap_ms = o->backoff_cap_ms > 0 ? o->backoff_cap_ms : FB_BACKOFF_DEFAULT_CAP_MS;
	fb_boot_id(p->boot_id, sizeof p->boot_id);
	s = json_string(o->device_id ? o->device_id : "");
	if (s)
		p->device_id_json = json_dumps(s, JSON_ENCODE_ANY);
	if (!p->device_id_json) {
		rc = fb_err_set(err, FB_ERR_INVALID, "device id is not valid UTF-8; check [device] id");
		goto out;
	}
	*out = p;
	p = NULL;
out:
	json_decref(s);
	fb_push_free(p);
	return rc;
}

void fb_push_free(fb_push *p)
{
	if (!p)
		return;
	free(p->device_id_json);
	free(p);
}

size_t fb_push_batch_limit(const fb_push *p)
{
	return p->limit_records;
}

/* Copies a server-given reason into out, printable ASCII-safe and capped. */
static void copy_reason(char *out, size_t out_size, const char *in)
{
	size_t n = 0;

	for (; in && *in && n + 1 < out_size && n < REASON_MAX; in++)
		out[n++] = ((unsigned char)*in < 0x20 || *in == 0x7f) ? ' ' : *in;
	out[n] = '\0';
}

/* Whether the reply is the protocol's answer: header and body marker. On
 * success *body_out holds the parsed JSON object (caller decrefs). */
static bool reply_has_marker(const fb_http_reply *r, json_t **body_out)
{
	json_t *o;
	json_error_t je;

	*body_out = NULL;
	if (!r->marker_header || !r->body || r->body_len == 0)
		return false;
	o = json_loadb(r->body, r->body_len, 0, &je);
	if (!o || !json_is_object(o) ||
	    !json_is_string(json_object_get(o, "protocol")) ||
	    strcmp(json_string_value(json_object_get(o, "protocol")), FB_PROTOCOL) != 0) {
		json_decref(o);
		return false;
	}
	*body_out = o;
	return true;
}

/* Maps a whole reply that is not a 2xx-with-marker to an outcome. */
static void classify_failure(fb_push *p, const fb_http_reply *r, json_t *marked,
			     fb_push_result *res)
{
	const char *why;

	res->status = r->status;
	if (r->fail != FB_NET_OK) {
		res->outcome = FB_PUSH_RETRY;
		snprintf(res->error, sizeof res->error, "%s", r->error);
		return;
	}
	if (r->status == 401 || r->status == 403) {
		res->outcome = FB_PUSH_UNAUTHORISED;
		snprintf(res->error, sizeof res->error,
			 "device not authorised (HTTP %ld): the collector does not accept "
			 "this device's token; check token_file and [device] id, then "
			 "reload feedback-syncd (SIGHUP)", r->status);
		return;
	}
	if (r->status == 413) {
		res->outcome = FB_PUSH_SHRUNK;
		snprintf(res->error, sizeof res->error,
			 "the collector found the batch too large (HTTP 413); sending smaller batches");
		return;
	}
	if ((r->status == 429 || r->status == 503) &&
	    fb_backoff_parse_retry_after(r->retry_after, fb_wall_ms(), p->cap_ms,
					 &res->retry_after_ms) == 0) {
		res->outcome = FB_PUSH_WAIT;
		snprintf(res->error, sizeof res->error,
			 "the collector is busy (HTTP %ld); waiting %" PRId64 " s as it asked",
			 r->status, res->retry_after_ms / 1000);
		return;
	}
	res->outcome = FB_PUSH_RETRY;
	if (r->status >= 200 && r->status < 300) {
		snprintf(res->error, sizeof res->error,
			 "HTTP %ld without the fb-sync/1 marker: something other than the "
			 "collector answered (a Wi-Fi login page or proxy?); check collector_url "
			 "and the network", r->status);
		return;
	}
	why = marked ? json_string_value(json_object_get(marked, "error")) : NULL;
	if (r->status >= 500) {
		char reason[REASON_MAX + 1];

		copy_reason(reason, sizeof reason, why ? why : "");
		snprintf(res->error, sizeof res->error,
			 "the collector had a server error (HTTP %ld)%s%s; will retry",
			 r->status, why ? ": " : "", reason);
	} else if (why) {
		char reason[REASON_MAX + 1];

		copy_reason(reason, sizeof reason, why);
		snprintf(res->error, sizeof res->error, "the collector refused the batch (HTTP %ld): %s",
			 r->status, reason);
	} else {
		snprintf(res->error, sizeof res->error,
			 "unexpected HTTP %ld from %s; check collector_url", r->status,
			 marked ? "the collector" : "the server (not the collector)");
	}
}

static int find_item(const fb_batch *b, size_t hint, const char *id)
{
	if (hint < b->n && strcmp(b->items[hint].id, id) == 0)
		return (int)hint;
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->items[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* The per-record results of a 200. answered[i] marks items given one. */
static int apply_results(fb_push *p, const fb_batch *b, const bool *sendable,
			 json_t *reply, fb_push_result *res, fb_err *err)
{
	json_t *results = json_object_get(reply, "results");
	const char **acks = NULL, **missing = NULL;
	bool *answered = NULL;
	size_t n_acks = 0, n_missing = 0, n_quarantined = 0, i;
	int64_t now = fb_wall_ms();
	int rc = 0;

	if (!json_is_array(results)) {
		res->outcome = FB_PUSH_RETRY;
		snprintf(res->error, sizeof res->error,
			 "the collector's reply has no results list; will retry");
		return 0;
	}
	acks = calloc(b->n + 1, sizeof *acks);
	missing = calloc(b->n + 1, sizeof *missing);
	answered = calloc(b->n + 1, sizeof *answered);
	if (!acks || !missing || !answered) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory applying results");
		goto out;
	}
	for (i = 0; i < json_array_size(results); i++) {
		json_t *r = json_array_get(results, i);
		const char *id = json_string_value(json_object_get(r, "id"));
		const char *outcome = json_string_value(json_object_get(r, "outcome"));
		const char *why = json_string_value(json_object_get(r, "reason"));
		json_t *index = json_object_get(r, "index");
		char reason[REASON_MAX + 64], words[REASON_MAX + 1];
		int k = -1;

		if (id)
			k = find_item(b, i, id);
		else if (json_is_integer(index) && json_integer_value(index) >= 0 &&
			 json_integer_value(index) < (json_int_t)b->n)
			k = (int)json_integer_value(index); /* index among those sent */
		if (!id && k >= 0) {
			/* index counts sendable records only; map to batch position */
			size_t seen = 0, j;
			for (j = 0; j < b->n; j++) {
				if (!sendable[j])
					continue;
				if (seen == (size_t)k)
					break;
				seen++;
			}
			k = j < b->n ? (int)j : -1;
		}
		if (k < 0 || !sendable[k] || answered[k] || !outcome)
			continue; /* not ours, or said twice: ignore */
		if (strcmp(outcome, "stored") == 0 || strcmp(outcome, "duplicate") == 0) {
			answered[k] = true;
			acks[n_acks++] = b->items[k].id;
			if (outcome[0] == 's')
				res->stored++;
			else
				res->duplicate++;
		} else if (strcmp(outcome, "conflict") == 0 || strcmp(outcome, "rejected") == 0) {
			answered[k] = true;
			copy_reason(words, sizeof words, why ? why : "no reason given");
			snprintf(reason, sizeof reason, "%s by the collector: %s", outcome, words);
			rc = fb_queue_quarantine(p->q, b->items[k].id, reason, now, err);
			if (rc)
				goto out;
			res->quarantined++;
			n_quarantined++;
		}
	}
	if (n_acks) {
		rc = fb_queue_ack(p->q, acks, n_acks, now, err);
		if (rc)
			goto out;
	}
	for (i = 0; i < b->n; i++)
		if (sendable[i] && !answered[i])
			missing[n_missing++] = b->items[i].id;
	res->unanswered = n_missing;
	if (n_missing && n_acks == 0 && n_quarantined == 0) {
		/* Not one record answered: sending again at once would get the
		 * same reply, so back off like any transient failure (the
		 * caller notes the attempt on each record). */
		res->outcome = FB_PUSH_RETRY;
		snprintf(res->error, sizeof res->error,
			 "the collector answered but gave no result for any of the %zu records sent; will retry",
			 n_missing);
		goto out;
	}
	if (n_missing) {
		rc = fb_queue_note_failure(p->q, missing, n_missing,
					   "the collector gave no result for this record", err);
		if (rc)
			goto out;
	}
	res->outcome = FB_PUSH_DONE;
out:
	free(acks);
	free(missing);
	free(answered);
	return rc;
}

/* Sets the records' failure words after a transient outcome. */
static int note_failure(fb_push *p, const fb_batch *b, const bool *sendable,
			const char *error, fb_err *err)
{
	const char **ids = calloc(b->n + 1, sizeof *ids);
	size_t n = 0;
	int rc;

	if (!ids)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < b->n; i++)
		if (sendable[i])
			ids[n++] = b->items[i].id;
	rc = n ? fb_queue_note_failure(p->q, ids, n, error, err) : 0;
	free(ids);
	return rc;
}

/* Builds the request body; marks records whose stored body does not parse
 * (those are quarantined, never sent). */
static int build_request(fb_push *p, const fb_batch *b, bool *sendable,
			 size_t *n_sendable, buf *out, fb_push_result *res,
			 fb_err *err)
{
	int64_t now_mono = fb_mono_ms();
	char num[64];
	bool first = true;
	int rc = 0;

	*n_sendable = 0;
	buf_str(out, "{\"protocol\":\"" FB_PROTOCOL "\",\"device_id\":");
	buf_str(out, p->device_id_json);
	snprintf(num, sizeof num, ",\"device_time_ms\":%" PRId64 ",\"records\":[", fb_wall_ms());
	buf_str(out, num);
	for (size_t i = 0; i < b->n; i++) {
		const fb_queued *it = &b->items[i];
		json_error_t je;
		json_t *o = NULL;

		if (it->body && it->body_len >= 2 && it->body[0] == '{')
			o = json_loadb(it->body, it->body_len, 0, &je);
		if (!o || !json_is_object(o) || json_object_size(o) == 0 ||
		    json_object_get(o, "age_ms")) {
			json_decref(o);
			rc = fb_queue_quarantine(p->q, it->id,
						 "the record stored on this device is not a valid "
						 "record (not a JSON object); it cannot be sent",
						 fb_wall_ms(), err);
			if (rc)
				return rc;
			res->quarantined++;
			continue;
		}
		json_decref(o);
		sendable[i] = true;
		(*n_sendable)++;
		if (!first)
			buf_add(out, ",", 1);
		first = false;
		if (it->boot_id[0] && strcmp(it->boot_id, p->boot_id) == 0 &&
		    now_mono >= it->submitted_mono_ms) {
			snprintf(num, sizeof num, "{\"age_ms\":%" PRId64 ",",
				 now_mono - it->submitted_mono_ms);
			buf_str(out, num);
			buf_add(out, it->body + 1, it->body_len - 1);
		} else {
			buf_add(out, it->body, it->body_len);
		}
	}
	buf_str(out, "]}");
	if (out->failed)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory building a batch of %zu records", b->n);
	return rc;
}

int fb_push_batch(fb_push *p, fb_push_result *res, fb_err *err)
{
	fb_batch b = {0};
	fb_http_reply reply = {0};
	buf req = {.max = (size_t)1 << 31};
	bool *sendable = NULL;
	size_t n_sendable = 0;
	void *gz = NULL;
	size_t gz_len = 0;
	json_t *marked = NULL;
	size_t overhead;
	int rc;

	memset(res, 0, sizeof *res);
	/* The limit is on the whole request before compression: leave room for
	 * the envelope and each record's age_ms and comma. */
	overhead = ENVELOPE_BYTES + PER_RECORD_BYTES * p->limit_records;
	rc = fb_queue_take_batch(p->q, p->limit_records,
				 p->limit_bytes > overhead ? p->limit_bytes - overhead : 1, &b, err);
	if (rc) {
		res->outcome = FB_PUSH_LOCAL;
		snprintf(res->error, sizeof res->error, "%s", err ? err->msg : "unable to read the queue");
		goto out;
	}
	if (b.n == 0) {
		res->outcome = FB_PUSH_IDLE;
		goto out;
	}
	sendable = calloc(b.n, sizeof *sendable);
	if (!sendable) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto local;
	}
	rc = build_request(p, &b, sendable, &n_sendable, &req, res, err);
	if (rc)
		goto local;
	if (n_sendable == 0) {
		res->outcome = FB_PUSH_DONE;
		goto out;
	}
	rc = fb_gzip(req.p, req.len, &gz, &gz_len, err);
	if (rc)
		goto local;
	res->sent = n_sendable;
	rc = fb_transport_post(p->t, "/v1/responses", gz, gz_len, true, &reply, err);
	if (rc)
		goto local;
	if (reply.fail == FB_NET_OK && reply.status >= 200 && reply.status < 300 &&
	    reply_has_marker(&reply, &marked)) {
		res->status = reply.status;
		rc = apply_results(p, &b, sendable, marked, res, err);
		if (!rc && res->outcome == FB_PUSH_RETRY)
			rc = note_failure(p, &b, sendable, res->error, err);
		if (rc)
			goto local;
		goto out;
	}
	if (!marked && reply.fail == FB_NET_OK && reply.status >= 300)
		reply_has_marker(&reply, &marked);
	classify_failure(p, &reply, marked, res);
	if (res->outcome == FB_PUSH_SHRUNK) {
		if (n_sendable <= 1) {
			/* One record alone is too large for the collector: park it. */
			for (size_t i = 0; i < b.n; i++) {
				if (!sendable[i])
					continue;
				rc = fb_queue_quarantine(p->q, b.items[i].id,
							 "rejected by the collector: larger than it accepts (HTTP 413)",
							 fb_wall_ms(), err);
				if (rc)
					goto local;
				res->quarantined++;
			}
		} else {
			/* Below what was just refused, and at least halved. */
			size_t half = n_sendable / 2;

			p->limit_records = p->limit_records / 2 < half ? p->limit_records / 2 : half;
			if (p->limit_records < 1)
				p->limit_records = 1;
			p->limit_bytes = p->limit_bytes / 2 > FB_RECORD_MAX_BYTES
					 ? p->limit_bytes / 2 : FB_RECORD_MAX_BYTES;
		}
		goto out;
	}
	if (res->outcome == FB_PUSH_RETRY || res->outcome == FB_PUSH_WAIT)
		rc = note_failure(p, &b, sendable, res->error, err);
	if (!rc)
		goto out;
local:
	res->outcome = FB_PUSH_LOCAL;
	snprintf(res->error, sizeof res->error, "%s", err ? err->msg : "local error");
out:
	json_decref(marked);
	fb_http_reply_clear(&reply);
	free(gz);
	free(req.p);
	free(sendable);
	fb_batch_free(&b);
	return rc;
}

int fb_push_heartbeat(fb_push *p, const fb_heartbeat *hb, fb_push_result *res,
		      fb_err *err)
{
	fb_http_reply reply = {0};
	json_t *o = NULL, *marked = NULL;
	char *text = NULL;
	json_error_t je;
	int rc = 0;

	memset(res, 0, sizeof *res);
	o = json_loads(p->device_id_json, JSON_DECODE_ANY, &je);
	if (o) {
		json_t *id = o;

		o = json_pack("{s:s, s:O, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:I}",
			      "protocol", FB_PROTOCOL, "device_id", id, "version", FB_VERSION,
			      "device_time_ms", (json_int_t)fb_wall_ms(),
			      "queue_depth", (json_int_t)hb->queue_depth,
			      "oldest_unsent_age_s", (json_int_t)hb->oldest_unsent_age_s,
			      "quarantined", (json_int_t)hb->quarantined,
			      "last_ack_ms", (json_int_t)hb->last_ack_ms,
			      "last_error", hb->last_error ? hb->last_error : "",
			      "disk_free_bytes", (json_int_t)hb->disk_free_bytes);
		json_decref(id);
	}
	if (o)
		text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "unable to build the heartbeat");
		res->outcome = FB_PUSH_LOCAL;
		goto out;
	}
	rc = fb_transport_post(p->t, "/v1/heartbeat", text, strlen(text), false, &reply, err);
	if (rc) {
		res->outcome = FB_PUSH_LOCAL;
		goto out;
	}
	if (reply.fail == FB_NET_OK && reply.status >= 200 && reply.status < 300 &&
	    reply_has_marker(&reply, &marked)) {
		res->status = reply.status;
		res->outcome = FB_PUSH_DONE;
		goto out;
	}
	if (reply.fail == FB_NET_OK && reply.status >= 300)
		reply_has_marker(&reply, &marked);
	classify_failure(p, &reply, marked, res);
	if (res->outcome != FB_PUSH_UNAUTHORISED)
		res->outcome = FB_PUSH_RETRY;
out:
	fb_http_reply_clear(&reply);
	json_decref(marked);
	json_decref(o);
	free(text);
	return rc;
}
