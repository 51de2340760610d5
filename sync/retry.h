/* retry: what feedback-syncd does after each send, decided in one place
 * (docs/protocol.md, "Whole-request answers"; docs/sync.md, "Outcomes").
 * Owns: the mapping from how a send ended (fb_send_end: the facts, no
 * judgement) to what the daemon does next (fb_retry_action) and when
 * (the backoff of backoff.h, or the collector's Retry-After).
 * Promises: fb_retry_decide is a pure function of its arguments; push.c
 * calls it to act on a reply, daemon.c to schedule the next push, and
 * tests/unit/test_retry.c pins each row of the table. */
#ifndef FB_RETRY_H
#define FB_RETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a send ended, as seen from the device. */
typedef enum fb_send_kind {
	FB_SENT_NOTHING = 0,   /* the queue was empty: nothing went */
	FB_SENT_PARKED,        /* every record taken was damaged on the device and
	                        * quarantined before sending: go on */
	FB_SENT_LOCAL,         /* the device itself failed (the queue, memory) */
	FB_SENT_NO_REPLY,      /* no HTTP reply: refused, reset, DNS, TLS, timeout */
	FB_SENT_REPLY,         /* an HTTP reply came: see the rest */
} fb_send_kind;

typedef struct fb_send_end {
	fb_send_kind kind;
	long status;             /* FB_SENT_REPLY: the HTTP status */
	bool marked;             /* the protocol's marker, in header and body */
	bool answered;           /* 2xx + marker: some record was given a result
	                          * (or none was left without one) */
	bool has_retry_after;    /* a Retry-After that could be read ... */
	int64_t retry_after_ms;  /* ... and the wait it asks for (capped) */
	size_t records;          /* records in the request */
} fb_send_end;

typedef enum fb_retry_action {
	FB_RETRY_NOTHING = 0,  /* nothing to send: nap until a record comes */
	FB_RETRY_NEXT,         /* done: forget the backoff, send the next batch now */
	FB_RETRY_BACKOFF,      /* transient: wait the backoff, then send again */
	FB_RETRY_WAIT,         /* busy: wait as Retry-After asks, then send again */
	FB_RETRY_HALVE,        /* too large: halve the batch, send again now */
	FB_RETRY_PARK,         /* one record too large alone: quarantine it for a
	                        * human, go on now */
	FB_RETRY_STOP,         /* not authorised: stop pushing until the config is
	                        * re-read (SIGHUP) */
} fb_retry_action;

const char *fb_retry_action_name(fb_retry_action a);

typedef struct fb_retry {
	fb_retry_action action;
	unsigned failures;     /* failures in a row, this send counted */
	int64_t wait_ms;       /* before the next push; 0 = no wait */
	bool at_once;          /* push again without napping */
} fb_retry;

/* The decision for end, after `failures` failures in a row. cap_ms is the
 * backoff cap (<= 0: the default); random is any 32-bit value (the jitter,
 * see fb_backoff_delay_ms). */
fb_retry fb_retry_decide(const fb_send_end *end, unsigned failures, int64_t cap_ms,
			 uint32_t random);

#endif
