/* queue: the device's durable outbox of responses (SQLite, WAL, one file).
 * Owns: the queue file, its schema and migrations, sealing free text with the
 * Trust's public key before anything is written.
 * Promises: fb_queue_put returns only when the record is on disk (synchronous=
 * FULL); a crash mid-put leaves no half record; a record leaves the outbox only
 * on the server's word (ack) or to quarantine with a reason. The kiosk (writer)
 * and the sync daemon (reader) may use one file from two processes at once. */
#ifndef FB_QUEUE_H
#define FB_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "response.h"

#define FB_QUEUE_FILE "queue.db"   /* file name inside the data directory */

typedef struct fb_queue fb_queue;

/* Opens (creating and migrating as needed) the queue at path. trust_pk is the
 * Trust's 32-byte public key for sealing; NULL opens for reading and syncing
 * only (fb_queue_put then fails with FB_ERR_INVALID). A corrupt or unreadable
 * file is moved aside as "<path>.corrupt-<UTC timestamp>" (never deleted or
 * written), a fresh queue is started with every unsent and quarantined
 * record still readable in the old one copied into it (same id and body, so
 * a record the collector already has comes back "duplicate"),
 * fb_queue_moved_aside() names the old file and fb_queue_damage() says what
 * was copied and what could not be read. */
int fb_queue_open(fb_queue **out, const char *path,
		  const unsigned char *trust_pk, fb_err *err);
/* Seals what is put from now on to trust_pk (32 bytes) instead: the Trust's
 * new key after a rotation, sent with the device's config. What is already
 * queued stays sealed as it was (the collector keeps the old secret keys). */
void fb_queue_set_trust_key(fb_queue *q, const unsigned char *trust_pk);
void fb_queue_close(fb_queue *q);              /* NULL is a no-op */
const char *fb_queue_moved_aside(const fb_queue *q); /* NULL when not */
/* Words for logs and the staff screen when this open moved a damaged file
 * aside: what it was, where it is, how many records were copied, which
 * could not be read, what to do. NULL when not. Also written to
 * "<moved>.txt". */
const char *fb_queue_damage(const fb_queue *q);
/* Whether a damaged queue file moved aside from path ("<path>.corrupt-*")
 * is still there, whoever moved it: 1 and words for the latest in out (from
 * its .txt note: staff, one short line for the staff screen, "answer store
 * damaged: up to 9 lost, 1491 kept; tell IT, keep ..."; else the whole
 * words, as fb_queue_damage said them); 0 and "" when none. */
int fb_queue_damage_note(const char *path, bool staff, char *out, size_t out_size);

/* Stores r durably. Fills r->id (UUIDv7, made now) and r->submitted_at_ms
 * when 0. private_json is sealed; answers_json is checked to be a JSON
 * object. Disk full: FB_ERR_FULL with a message fit for the staff screen,
 * and every record stored earlier is intact. */
int fb_queue_put(fb_queue *q, fb_response *r, fb_err *err);

/* Stores a volunteer sign-up (lib/signup.h) durably as its own record:
 * private_json (roles, name, contact, consent; a non-empty JSON object) is
 * sealed, the id (into id_out, FB_ID_LEN bytes) is random, and the row keeps
 * only the UTC date of wall_ms (its midnight) and no boot clock reading, so
 * neither the body nor the batch's age_ms can join it to a response. */
int fb_queue_put_signup(fb_queue *q, const char *location, const char *private_json,
			int64_t wall_ms, char id_out[FB_ID_LEN], fb_err *err);

/* A record as the sync daemon sends it. body is the record's canonical wire
 * JSON (see docs/protocol.md), fixed at put: a resend is byte-identical. */
typedef struct fb_queued {
	char id[FB_ID_LEN];
	char *body;
	size_t body_len;
	int64_t submitted_at_ms;
	int64_t submitted_mono_ms;  /* CLOCK_BOOTTIME at put */
	char boot_id[40];           /* kernel boot id at put; age is only known
	                             * while it matches the current boot */
	int attempts;
} fb_queued;

typedef struct fb_batch {
	fb_queued *items;
	size_t n;
} fb_batch;

/* The oldest unsent records (not acked, not quarantined), at most
 * max_records and (after the first) at most max_bytes of bodies. */
int fb_queue_take_batch(fb_queue *q, size_t max_records, size_t max_bytes,
			fb_batch *out, fb_err *err);
void fb_batch_free(fb_batch *b);               /* frees items, zeroes b */

/* The server's word: stored or duplicate. Unknown ids are ignored. */
int fb_queue_ack(fb_queue *q, const char *const ids[], size_t n,
		 int64_t now_ms, fb_err *err);
/* Conflict or rejected: kept with the reason, never sent again by itself. */
int fb_queue_quarantine(fb_queue *q, const char *id, const char *reason,
			int64_t now_ms, fb_err *err);
/* A failed attempt (network, 5xx): counts it and keeps the error words. */
int fb_queue_note_failure(fb_queue *q, const char *const ids[], size_t n,
			  const char *error, fb_err *err);
/* Deletes acknowledged records acked before acked_before_ms. */
int fb_queue_purge(fb_queue *q, int64_t acked_before_ms, int64_t *purged,
		   fb_err *err);

typedef struct fb_queue_stats {
	int64_t depth;              /* unsent: neither acked nor quarantined */
	int64_t oldest_unsent_ms;   /* submitted_at of the oldest unsent; 0 none */
	int64_t quarantined;
	int64_t acked;              /* acknowledged, not yet purged */
	int64_t last_ack_ms;        /* 0 when never */
	int64_t synthetic;          /* of all records kept, how many synthetic */
} fb_queue_stats;
int fb_queue_stats_get(fb_queue *q, fb_queue_stats *st, fb_err *err);

/* Visits quarantined records, oldest first. cb returns non-zero to stop. */
typedef int (*fb_quarantine_cb)(void *ctx, const char *id, const char *reason,
				int64_t quarantined_at_ms);
int fb_queue_each_quarantined(fb_queue *q, fb_quarantine_cb cb, void *ctx,
			      fb_err *err);
/* Visits unsent records, oldest first (for the USB export). */
typedef int (*fb_unsent_cb)(void *ctx, const fb_queued *rec);
int fb_queue_each_unsent(fb_queue *q, fb_unsent_cb cb, void *ctx, fb_err *err);

/* Added by the queue module (additive): the schema it writes and its caps. */
#define FB_QUEUE_SCHEMA_VERSION 2          /* PRAGMA user_version */
#define FB_QUEUE_APPLICATION_ID 0x46425131 /* PRAGMA application_id, "FBQ1" */
#define FB_QUEUE_MAX_BYTES (1024LL * 1024 * 1024) /* file cap: past it, put
                                             * fails with FB_ERR_FULL */
#define FB_QUEUE_REASON_MAX 500            /* reason/error words kept */

/* Test only (fault injection, in the manner of SQLite's faultsim): the nth
 * SQLite step from now (1 = the next) fails once with kind, as if the disk
 * had failed (FB_QUEUE_FAULT_IO) or filled (FB_QUEUE_FAULT_FULL); n = 0
 * disarms. fb_queue_fault_pending() says whether it has not fired yet. */
enum fb_queue_fault { FB_QUEUE_FAULT_IO = 1, FB_QUEUE_FAULT_FULL = 2 };
void fb_queue_fault_after(fb_queue *q, int n, int kind);
int fb_queue_fault_pending(const fb_queue *q);

#endif
