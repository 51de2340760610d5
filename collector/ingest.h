/* ingest: what the collector does with a batch of records, however it came
 * (HTTPS push or USB bundle): docs/protocol.md made code, with no HTTP in it.
 * Owns: parsing and checking the request body, opening sealed answers with the
 * Trust's secret key, flagging safeguarding words (and, with themes on, the
 * model's suggested themes), the clock correction, one
 * store transaction per batch, and the reply body with one result per record;
 * and a device's config document for GET /v1/config.
 * Promises: nothing is stored for a request answered other than 200; a record
 * that fails its checks is answered "rejected" and never blocks the others;
 * a record for a location its device is not enrolled for is rejected ("this
 * device is not enrolled for location X"), never stored or counted, and
 * counted against the device for the fleet page; a bundle from a device that
 * is not enrolled is refused whole; replies never contain patients' words or
 * keys; a stored response whose location was never added (stored before
 * enrolment named locations) has its code said once in the log. */
#ifndef COLL_INGEST_H
#define COLL_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "protocol.h"   /* the protocol itself: its marker, forms and rules */
#include "proto_config.h"  /* the config document of GET /v1/config */
#include "safeguard.h"
#include "store/store.h"
#include "themes/framework.h"

typedef struct coll_ingest coll_ingest;

/* s and sg are borrowed and must outlive the ingest; sk (the Trust's secret
 * key) is copied into locked memory. */
int coll_ingest_new(coll_store *s, const unsigned char sk[32], const coll_safeguard *sg,
	       int batch_max_records, coll_ingest **out, fb_err *err);
void coll_ingest_free(coll_ingest *ig);    /* NULL is a no-op; wipes the keys */
/* Stores the current key's public half as the one devices are sent with
 * their config (store.h coll_store_trust_key_put): the serving collector
 * calls it at start, so a keygen --rotate reaches the tablets. */
int coll_ingest_publish_key(coll_ingest *ig, char b64[COLL_STORE_TRUST_KEY_B64], fb_err *err);
/* Turns on themes: fw (borrowed, outliving ig) names the sub-categories and
 * which answers are "what was good" and "what could be better". Each batch
 * then uses the newest model stored (themes train), looked for every 30 s:
 * each comment gets suggested themes and a sentiment, stored in the batch's
 * transaction as suggestions (never as coding), and a suggested
 * safeguarding theme ("Feeling safe" with a negative sentiment, or one the
 * framework marks "always") flags the response as a listed word does; the
 * model never clears a flag. Returns the id of the model in use (0: none
 * yet, no suggestions). */
int coll_ingest_set_themes(coll_ingest *ig, const coll_themes_framework *fw);
/* Takes up the newest stored model now, not at the next 30 s look (the
 * scheduled retrain calls it when it stores one). */
void coll_ingest_themes_reload(coll_ingest *ig);
/* An older Trust secret key (after keygen --rotate) sealed boxes are also
 * opened with, tried after the current one; copied into locked memory. */
int coll_ingest_add_key(coll_ingest *ig, const unsigned char sk[32], fb_err *err);
/* Opens a box a device sealed to one of the Trust's keys (a stored
 * volunteer sign-up, to show it). *plain malloc'd, NUL-terminated: wipe
 * (sodium_memzero) and free(3) it. FB_ERR_CRYPTO when no key opens it. */
int coll_ingest_open(const coll_ingest *ig, const char *b64, char **plain, size_t *len, fb_err *err);

typedef struct coll_ingest_reply {
	int status;          /* HTTP status */
	char *body;          /* JSON with the protocol marker; malloc'd */
	int retry_after_s;   /* > 0: send Retry-After */
} coll_ingest_reply;
void coll_ingest_reply_clear(coll_ingest_reply *r);

/* POST /v1/responses from dev (already authenticated). */
void coll_ingest_responses(coll_ingest *ig, const coll_store_device *dev, const char *body,
		      size_t len, int64_t now_ms, coll_ingest_reply *out);
/* POST /v1/heartbeat from dev. */
void coll_ingest_heartbeat(coll_ingest *ig, const coll_store_device *dev, const char *body,
		      size_t len, int64_t now_ms, coll_ingest_reply *out);

/* GET /v1/config?location=CODE from dev (already authenticated), with the
 * If-None-Match header's value or NULL: the config document
 * (lib/proto_config.h) of location, which must be one dev is enrolled for
 * (403 otherwise, 400 when none is named), as coll_ingest_config_build
 * makes it.
 * 200 with the body and etag, or 304 with no body when if_none_match names
 * that etag. Either way the fetch is recorded (device_config_fetch: the
 * action page's "picked up by"). */
/* The config document of location at now_ms into c (fb_proto_config_init'd
 * for location): the "You said, we did" items published for it and showing
 * at now_ms (a list present and maybe empty: an empty one clears the
 * tablet's), and the location's tablet settings (store.h "tablet settings":
 * languages, idle timeout, crisis text, survey); a setting never saved is
 * left unset, so the device keeps its own. The same call serves the config
 * and tells the settings page its current ETag. */
int coll_ingest_config_build(coll_store *st, const char *location, int64_t now_ms,
			     fb_proto_config *c, fb_err *err);
/* coll_ingest_config_build then fb_proto_config_write: the whole 200 body
 * GET /v1/config answers for location at now_ms (malloc'd into *body) and
 * its ETag. The one maker of that answer: the HTTP handler below and the
 * config bundles (coll_ingest_config_bundle) both call it. On failure
 * *unreadable says whether the store could not be read (try again later)
 * rather than the config could not be written. */
int coll_ingest_config_body(coll_store *st, const char *location, int64_t now_ms, char **body,
			    char etag[FB_PROTO_ETAG_LEN + 1], bool *unreadable, fb_err *err);
/* An fb-config-bundle/1 (lib/device_config.h) for device_id: for each
 * location it is enrolled for (or only location, when not NULL, which it
 * must be enrolled for), exactly the body GET /v1/config would answer it at
 * now_ms. malloc'd into *text. Refused (FB_ERR_INVALID) for a device that
 * is not enrolled or was revoked. Records no fetch: the device has not got
 * it yet. */
int coll_ingest_config_bundle(coll_store *st, const char *device_id, const char *location,
			      int64_t now_ms, char **text, fb_err *err);
typedef struct coll_ingest_config_reply {
	int status;
	char *body;          /* malloc'd; NULL on 304 */
	char etag[40];       /* 32 hex; "" unless 200 or 304 */
	int retry_after_s;
} coll_ingest_config_reply;
void coll_ingest_config(coll_ingest *ig, const coll_store_device *dev, const char *location,
			const char *if_none_match, int64_t now_ms, coll_ingest_config_reply *out);

/* Says in the log (stderr) each location code that stored responses carry
 * but that was never added, once per code: at start-up for those already
 * stored (with their counts), then as new ones arrive. */
void coll_ingest_log_unknown_locations(coll_ingest *ig);

/* An fb-bundle/1 (already gunzipped), refused whole (FB_ERR_INVALID, nothing
 * stored) when it is not one, holds more than FB_BUNDLE_RECORDS_MAX records,
 * or its device_id is empty, has control characters, is too long, or names
 * no enrolled device (or a revoked one). Then stored a chunk of records per
 * transaction, one chunk held at a time: a store failure part-way keeps the
 * chunks before it, and importing again is safe (they come back duplicate).
 * *receipt is the fb-receipt/1 object (malloc'd JSON text: free it). Counts
 * of each outcome go to counts[0..3] = stored, duplicate, conflict, rejected;
 * the bundle's device to device_id when not NULL. */
int coll_ingest_bundle(coll_ingest *ig, const char *body, size_t len, int64_t now_ms,
		  char **receipt, int counts[4], char device_id[COLL_STORE_ID_MAX], fb_err *err);

#endif
