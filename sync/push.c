/* push: see push.h. The request and the reply's form are lib/protocol.c's;
 * what a reply means for the records is decided here, and what it means for
 * the daemon (retry, wait, halve, park, stop) by sync/retry.c, which this
 * file asks before acting. */
#include "push.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backoff.h"
#include "buf.h"
#include "clock.h"
#include "gz.h"
#include "protocol.h"
#include "record.h"
#include "utf8.h"

#define REASON_MAX 300       /* cap on a server's reason kept in the queue */
#define REQUEST_MAX ((size_t)1 << 31) /* the body before compression */

struct fb_push {
	fb_queue *q;
	fb_transport *t;
	char *device_id;
	size_t max_records, max_bytes;
	size_t limit_records, limit_bytes;   /* halved by 413 */
	int64_t cap_ms;
	char boot_id[40];
};

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
	const char *id = o->device_id ? o->device_id : "";
	int rc = 0;

	*out = NULL;
	if (!fb_utf8_valid(id, strlen(id)))
		return fb_err_set(err, FB_ERR_INVALID, "device id is not valid UTF-8; check [device] id");
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
	p->device_id = strdup(id);
	if (!p->device_id) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	*out = p;
	p = NULL;
out:
	fb_push_free(p);
	return rc;
}

void fb_push_free(fb_push *p)
{
	if (!p)
		return;
	free(p->device_id);
	free(p);
}

size_t fb_push_batch_limit(const fb_push *p)
{
	return p->limit_records;
}

/* Copies a server-given reason into out: control characters made spaces,
 * cut at REASON_MAX bytes on a character boundary. */
static void copy_reason(char *out, size_t out_size, const char *in)
{
	size_t max = out_size - 1 < REASON_MAX ? out_size - 1 : REASON_MAX;
	size_t n = in ? fb_utf8_cut(in, strlen(in), max) : 0;

	for (size_t i = 0; i < n; i++)
		out[i] = ((unsigned char)in[i] < 0x20 || in[i] == 0x7f) ? ' ' : in[i];
	out[n] = '\0';
}

/* The facts of a reply (sync/retry.h) and, when it is the protocol's
 * answer, the answer itself (*answer; caller frees). */
static void read_reply(const fb_push *p, const fb_http_reply *r, fb_proto_answer **answer,
		       fb_send_end *e)
{
	*answer = NULL;
	e->status = r->status;
	if (r->fail != FB_NET_OK) {
		e->kind = FB_SENT_NO_REPLY;
		return;
	}
	e->kind = FB_SENT_REPLY;
	*answer = fb_proto_reply_read(r->marker_header, r->body, r->body_len);
	e->marked = *answer != NULL;
	e->has_retry_after = fb_backoff_parse_retry_after(r->retry_after, fb_wall_ms(), p->cap_ms,
							  &e->retry_after_ms) == 0;
}

/* Words for a whole reply that is not a 2xx with the marker, once retry.c
 * has said what it means. */
static void describe(const fb_http_reply *r, const fb_proto_answer *a, const fb_retry *act,
		     const fb_send_end *e, fb_push_result *res)
{
	const char *why;
	char reason[REASON_MAX + 1];

	switch (act->action) {
	case FB_RETRY_STOP:
		snprintf(res->error, sizeof res->error,
			 "device not authorised (HTTP %ld): the collector does not accept "
			 "this device's token; check token_file and [device] id, then "
			 "reload feedback-syncd (SIGHUP)", r->status);
		return;
	case FB_RETRY_HALVE:
	case FB_RETRY_PARK:
		snprintf(res->error, sizeof res->error,
			 "the collector found the batch too large (HTTP 413); sending smaller batches");
		return;
	case FB_RETRY_WAIT:
		snprintf(res->error, sizeof res->error,
			 "the collector is busy (HTTP %ld); waiting %" PRId64 " s as it asked",
			 r->status, e->retry_after_ms / 1000);
		return;
	default:
		break;
	}
	if (r->fail != FB_NET_OK) {
		snprintf(res->error, sizeof res->error, "%s", r->error);
		return;
	}
	if (r->status >= 200 && r->status < 300) {
		snprintf(res->error, sizeof res->error,
			 "HTTP %ld without the " FB_PROTOCOL " marker: something other than the "
			 "collector answered (a Wi-Fi login page or proxy?); check collector_url "
			 "and the network", r->status);
		return;
	}
	why = a ? fb_proto_answer_error(a) : NULL;
	if (r->status >= 500) {
		copy_reason(reason, sizeof reason, why ? why : "");
		snprintf(res->error, sizeof res->error,
			 "the collector had a server error (HTTP %ld)%s%s; will retry",
			 r->status, why ? ": " : "", reason);
	} else if (why) {
		copy_reason(reason, sizeof reason, why);
		snprintf(res->error, sizeof res->error, "the collector refused the batch (HTTP %ld): %s",
			 r->status, reason);
	} else {
		snprintf(res->error, sizeof res->error,
			 "unexpected HTTP %ld from %s; check collector_url", r->status,
			 a ? "the collector" : "the server (not the collector)");
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

/* The per-record results of a 2xx with the marker. Sets res->end.answered
 * (and the words when not: then nothing was applied). */
static int apply_results(fb_push *p, const fb_batch *b, const bool *sendable,
			 const fb_proto_answer *a, fb_push_result *res, fb_err *err)
{
	const char **acks = NULL, **missing = NULL;
	bool *answered = NULL;
	size_t n_acks = 0, n_missing = 0, n_quarantined = 0, i;
	int64_t now = fb_wall_ms();
	int rc = 0;

	if (!fb_proto_answer_has_results(a)) {
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
	for (i = 0; i < fb_proto_answer_count(a); i++) {
		fb_proto_result r;
		fb_proto_fate fate;
		char reason[REASON_MAX + 64], words[REASON_MAX + 1];
		int k = -1;

		fb_proto_answer_result(a, i, &r);
		fate = fb_proto_outcome_fate(r.outcome);
		if (r.id)
			k = find_item(b, i, r.id);
		else if (r.index >= 0 && r.index < (int64_t)b->n)
			k = (int)r.index; /* index among those sent */
		if (!r.id && k >= 0) {
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
		if (k < 0 || !sendable[k] || answered[k] || fate == FB_FATE_UNSENT)
			continue; /* not ours, said twice, or an outcome we do not know */
		answered[k] = true;
		if (fate == FB_FATE_ACK) {
			acks[n_acks++] = b->items[k].id;
			if (r.outcome == FB_OUTCOME_STORED)
				res->stored++;
			else
				res->duplicate++;
			continue;
		}
		copy_reason(words, sizeof words, r.reason ? r.reason : "no reason given");
		snprintf(reason, sizeof reason, "%s by the collector: %s",
			 fb_proto_outcome_name(r.outcome), words);
		rc = fb_queue_quarantine(p->q, b->items[k].id, reason, now, err);
		if (rc)
			goto out;
		res->quarantined++;
		n_quarantined++;
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
		 * same reply, so this counts as a transient failure (the caller
		 * notes the attempt on each record). */
		snprintf(res->error, sizeof res->error,
			 "the collector answered but gave no result for any of the %zu records sent; will retry",
			 n_missing);
		goto out;
	}
	res->end.answered = true;
	if (n_missing)
		rc = fb_queue_note_failure(p->q, missing, n_missing,
					   "the collector gave no result for this record", err);
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

/* Builds the request body; records whose stored body is not fit to send
 * are quarantined, never sent. */
static int build_request(fb_push *p, const fb_batch *b, bool *sendable,
			 size_t *n_sendable, fb_buf *out, fb_push_result *res,
			 fb_err *err)
{
	fb_proto_writer w;
	int64_t now_mono = fb_mono_ms();
	int rc;

	*n_sendable = 0;
	rc = fb_proto_batch_open(&w, out, p->device_id, fb_wall_ms(), p->boot_id, now_mono, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < b->n; i++) {
		if (fb_proto_writer_add(&w, &b->items[i]) == FB_ERR_CORRUPT) {
			rc = fb_queue_quarantine(p->q, b->items[i].id,
						 "the record stored on this device is not a valid "
						 "record (not a JSON object); it cannot be sent",
						 fb_wall_ms(), err);
			if (rc)
				return rc;
			res->quarantined++;
			continue;
		}
		sendable[i] = true;
		(*n_sendable)++;
	}
	if (fb_proto_writer_close(&w))
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory building a batch of %zu records", b->n);
	return rc;
}

/* 413: below what was just refused, and at least halved. */
static void halve(fb_push *p, size_t n_sent)
{
	size_t half = n_sent / 2;

	p->limit_records = p->limit_records / 2 < half ? p->limit_records / 2 : half;
	if (p->limit_records < 1)
		p->limit_records = 1;
	p->limit_bytes = p->limit_bytes / 2 > FB_RECORD_MAX_BYTES
			 ? p->limit_bytes / 2 : FB_RECORD_MAX_BYTES;
}

/* 413 for one record alone: it can never be sent, so a human looks at it. */
static int park(fb_push *p, const fb_batch *b, const bool *sendable, fb_push_result *res,
		fb_err *err)
{
	for (size_t i = 0; i < b->n; i++) {
		int rc;

		if (!sendable[i])
			continue;
		rc = fb_queue_quarantine(p->q, b->items[i].id,
					 "rejected by the collector: larger than it accepts (HTTP 413)",
					 fb_wall_ms(), err);
		if (rc)
			return rc;
		res->quarantined++;
	}
	return 0;
}

int fb_push_batch(fb_push *p, fb_push_result *res, fb_err *err)
{
	fb_batch b = {0};
	fb_http_reply reply = {0};
	fb_buf req;
	bool *sendable = NULL;
	size_t n_sendable = 0;
	void *gz = NULL;
	size_t gz_len = 0;
	fb_proto_answer *answer = NULL;
	fb_retry act;
	bool has_results;
	size_t overhead;
	int rc;

	memset(res, 0, sizeof *res);
	fb_buf_init(&req, REQUEST_MAX);
	/* The limit is on the whole request before compression: leave room for
	 * the envelope and each record's age_ms and comma. */
	overhead = FB_PROTO_ENVELOPE_BYTES + FB_PROTO_PER_RECORD_BYTES * p->limit_records;
	rc = fb_queue_take_batch(p->q, p->limit_records,
				 p->limit_bytes > overhead ? p->limit_bytes - overhead : 1, &b, err);
	if (rc) {
		res->outcome = FB_PUSH_LOCAL;
		res->end.kind = FB_SENT_LOCAL;
		snprintf(res->error, sizeof res->error, "%s", err ? err->msg : "unable to read the queue");
		goto out;
	}
	if (b.n == 0) {
		res->outcome = FB_PUSH_IDLE;
		res->end.kind = FB_SENT_NOTHING;
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
		res->end.kind = FB_SENT_PARKED;
		goto out;
	}
	rc = fb_gzip(req.data, req.len, &gz, &gz_len, err);
	if (rc)
		goto local;
	res->sent = n_sendable;
	res->end.records = n_sendable;
	rc = fb_transport_post(p->t, "/v1/responses", gz, gz_len, true, &reply, err);
	if (rc)
		goto local;
	read_reply(p, &reply, &answer, &res->end);
	res->status = reply.status;
	has_results = res->end.marked && reply.status >= 200 && reply.status < 300;
	if (has_results) {
		rc = apply_results(p, &b, sendable, answer, res, err);
		if (rc)
			goto local;
	}
	act = fb_retry_decide(&res->end, 0, p->cap_ms, 0);
	if (!has_results)   /* else apply_results had its say */
		describe(&reply, answer, &act, &res->end, res);
	switch (act.action) {
	case FB_RETRY_NEXT:
		res->outcome = FB_PUSH_DONE;
		break;
	case FB_RETRY_HALVE:
		res->outcome = FB_PUSH_SHRUNK;
		halve(p, n_sendable);
		break;
	case FB_RETRY_PARK:
		res->outcome = FB_PUSH_SHRUNK;
		rc = park(p, &b, sendable, res, err);
		break;
	case FB_RETRY_STOP:
		res->outcome = FB_PUSH_UNAUTHORISED;
		break;
	case FB_RETRY_WAIT:
		res->outcome = FB_PUSH_WAIT;
		res->retry_after_ms = res->end.retry_after_ms;
		rc = note_failure(p, &b, sendable, res->error, err);
		break;
	case FB_RETRY_NOTHING:
	case FB_RETRY_BACKOFF:
		res->outcome = FB_PUSH_RETRY;
		rc = note_failure(p, &b, sendable, res->error, err);
		break;
	}
	if (!rc)
		goto out;
local:
	res->outcome = FB_PUSH_LOCAL;
	res->end.kind = FB_SENT_LOCAL;
	snprintf(res->error, sizeof res->error, "%s", err ? err->msg : "local error");
out:
	fb_proto_answer_free(answer);
	fb_http_reply_clear(&reply);
	free(gz);
	fb_buf_free(&req);
	free(sendable);
	fb_batch_free(&b);
	return rc;
}

int fb_push_heartbeat(fb_push *p, const fb_heartbeat *hb, fb_push_result *res,
		      fb_err *err)
{
	fb_http_reply reply = {0};
	fb_proto_answer *answer = NULL;
	fb_proto_heartbeat ph = {
		.device_id = p->device_id,
		.version = FB_VERSION,
		.device_time_ms = fb_wall_ms(),
		.queue_depth = hb->queue_depth,
		.oldest_unsent_age_s = hb->oldest_unsent_age_s,
		.quarantined = hb->quarantined,
		.last_ack_ms = hb->last_ack_ms,
		.last_error = hb->last_error ? hb->last_error : "",
		.disk_free_bytes = hb->disk_free_bytes,
	};
	fb_retry act;
	char *text;
	int rc = 0;

	memset(res, 0, sizeof *res);
	text = fb_proto_heartbeat_write(&ph);
	if (!text) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "unable to build the heartbeat");
		res->outcome = FB_PUSH_LOCAL;
		res->end.kind = FB_SENT_LOCAL;
		goto out;
	}
	rc = fb_transport_post(p->t, "/v1/heartbeat", text, strlen(text), false, &reply, err);
	if (rc) {
		res->outcome = FB_PUSH_LOCAL;
		res->end.kind = FB_SENT_LOCAL;
		goto out;
	}
	read_reply(p, &reply, &answer, &res->end);
	res->status = reply.status;
	res->end.answered = true;   /* a heartbeat has no records to answer */
	act = fb_retry_decide(&res->end, 0, p->cap_ms, 0);
	if (act.action == FB_RETRY_NEXT) {
		res->outcome = FB_PUSH_DONE;
		goto out;
	}
	describe(&reply, answer, &act, &res->end, res);
	/* A heartbeat's failure is logged; only "not authorised" changes
	 * what the daemon does. */
	res->outcome = act.action == FB_RETRY_STOP ? FB_PUSH_UNAUTHORISED : FB_PUSH_RETRY;
out:
	fb_proto_answer_free(answer);
	fb_http_reply_clear(&reply);
	free(text);
	return rc;
}
