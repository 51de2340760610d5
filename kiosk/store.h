/* store: where the kiosk's flow hands a response, and what the staff screen
 * learns about storage and sync.
 * Owns: the kiosk's connection to the queue (lib/queue, data_dir/queue.db),
 * the last failed save in words, and gathering the staff screen's status
 * (queue stats, the sync daemon's status file, free disk).
 * Promises: a queue that cannot be opened does not stop the kiosk: every
 * submit retries the open and fails with words for the staff screen. */
#ifndef FB_KIOSK_STORE_H
#define FB_KIOSK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "fb_err.h"
#include "flow.h"
#include "response.h"
#include "staff.h"

typedef struct fb_store fb_store;

/* Opens data_dir/queue.db for writing, sealing with the Trust's key. When
 * the queue cannot be opened, *out is still a store (0 is returned) and
 * fb_store_open_error says why; submits will retry. Fails only for bad
 * arguments or no memory. cfg is copied from. */
int fb_store_open(fb_store **out, const fb_config *cfg, fb_err *err);
void fb_store_free(fb_store *s);                /* NULL is a no-op */
/* The reason the queue is not open, or NULL when it is. */
const char *fb_store_open_error(const fb_store *s);
/* Seals new answers and sign-ups to trust_pk (32 bytes) from now on, also
 * when the queue is opened again later: the Trust's key from its config. */
void fb_store_set_trust_key(fb_store *s, const unsigned char *trust_pk);

/* fb_flow_submit_fn: ctx is an fb_store. Puts r in the queue. */
int fb_store_submit(void *ctx, fb_response *r, fb_err *err);

/* fb_flow_signup_fn: ctx is an fb_store. Seals the sign-up (its roles,
 * name, contact, the consent words shown in the person's language, and
 * that language) and queues it as its own record (fb_queue_put_signup). */
int fb_store_signup(void *ctx, const fb_flow_signup *su, fb_err *err);

/* Whether the queue can take answers now: it opens, the disk has
 * FB_STORE_MIN_FREE_BYTES free, and after a disk-full put, until
 * FB_STORE_RECOVER_FREE_BYTES are free again (someone made room). The
 * attract screen is out of order while it cannot. why (may be NULL) gets
 * the reason, for the log; the staff screen's last error says it too. */
#define FB_STORE_MIN_FREE_BYTES (64 * 1024)      /* a response and its journal */
#define FB_STORE_RECOVER_FREE_BYTES (512 * 1024)
bool fb_store_can_take(fb_store *s, char *why, size_t why_size);

/* fb_flow_action_fn: ctx is an fb_store. SYNC_NOW signals feedback-syncd
 * (see fb_staff_sync_now); STAFF_OPENED refreshes the cached status;
 * others do nothing here. */
int fb_store_flow_action(void *ctx, fb_flow_action a, fb_err *err);
/* The flow's enrol callback: leaves the code for feedback-syncd in
 * data_dir (lib/enrol_file.h, 0600). */
int fb_store_enrol(void *ctx, const char *code, fb_err *err);

/* Fills everything the staff screen shows except location (the flow's):
 * device id, version, queue stats, sync status, disk free, last put error.
 * Never fails: what cannot be read is "unknown" (-1 or ""). */
void fb_store_status_get(fb_store *s, int64_t now_wall_ms,
			 fb_staff_status *out);
/* The status as last gathered (by fb_store_status_get or STAFF_OPENED). */
const fb_staff_status *fb_store_status_cached(const fb_store *s);

#endif
