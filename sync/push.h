/* push: one exchange with the collector (docs/protocol.md, fb-sync/1).
 * Owns: taking a batch from the queue, having lib/protocol.h write it (records
 * + age_ms) and read the reply, sending it gzip'd, and carrying out what
 * sync/retry.h decides the reply means: applying the per-record results to
 * the queue (ack, quarantine, note failure), halving the batch, parking a
 * record; likewise the heartbeat.
 * Promises: a record is acknowledged only on a 2xx that carries the protocol
 * marker in both the header and the body and names that record stored or
 * duplicate; anything else leaves it unsent (or quarantined with a reason).
 * Never logs or returns record content or the token. */
#ifndef FB_PUSH_H
#define FB_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "queue.h"
#include "retry.h"
#include "transport.h"

typedef struct fb_push fb_push;

typedef enum fb_push_outcome {
	FB_PUSH_IDLE = 0,       /* queue empty: nothing sent */
	FB_PUSH_DONE,           /* 2xx + marker: results applied (see counts) */
	FB_PUSH_RETRY,          /* transient (network, TLS, timeout, 5xx, 400,
	                         * 2xx without marker): back off */
	FB_PUSH_WAIT,           /* 429/503 with Retry-After: wait retry_after_ms */
	FB_PUSH_SHRUNK,         /* 413: batch limit halved; send again at once */
	FB_PUSH_UNAUTHORISED,   /* 401/403: stop until the config is re-read */
	FB_PUSH_LOCAL,          /* the queue itself failed (see error) */
} fb_push_outcome;

const char *fb_push_outcome_name(fb_push_outcome o);

typedef struct fb_push_result {
	fb_push_outcome outcome;
	long status;             /* HTTP status, 0 when none */
	size_t sent;             /* records in the request */
	size_t stored, duplicate, quarantined;
	size_t unanswered;       /* sent but given no result: left unsent */
	int64_t retry_after_ms;  /* FB_PUSH_WAIT */
	char error[512];         /* words for logs and the staff screen */
	fb_send_end end;         /* how it ended: give it to fb_retry_decide */
} fb_push_result;

typedef struct fb_push_opts {
	const char *device_id;
	size_t batch_max_records;   /* 0 = 500 */
	size_t batch_max_bytes;     /* 0 = 1 MiB; bodies before compression */
	int64_t backoff_cap_ms;     /* clamps Retry-After; 0 = 15 min */
} fb_push_opts;

/* q and t are borrowed: they must outlive p. */
int fb_push_new(fb_push **out, fb_queue *q, fb_transport *t,
		const fb_push_opts *opts, fb_err *err);
void fb_push_free(fb_push *p);                 /* NULL is a no-op */

/* Takes the oldest unsent batch, sends it, applies the reply. Returns 0
 * with res filled for every network or server outcome; non-zero only when
 * nothing could be tried (res->outcome FB_PUSH_LOCAL, err says why). */
int fb_push_batch(fb_push *p, fb_push_result *res, fb_err *err);

/* The record limit a batch is currently held to (halved by each 413). */
size_t fb_push_batch_limit(const fb_push *p);

typedef struct fb_heartbeat {
	int64_t queue_depth;
	int64_t oldest_unsent_age_s;
	int64_t quarantined;
	int64_t last_ack_ms;
	const char *last_error;     /* "" when none */
	int64_t disk_free_bytes;
} fb_heartbeat;

/* POST /v1/heartbeat. outcome is FB_PUSH_DONE, FB_PUSH_RETRY (logged, no
 * backoff needed) or FB_PUSH_UNAUTHORISED. */
int fb_push_heartbeat(fb_push *p, const fb_heartbeat *hb, fb_push_result *res,
		      fb_err *err);

#endif
