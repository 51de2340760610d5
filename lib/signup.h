/* signup: a volunteer sign-up's wire form (docs/protocol.md, "Sign-up
 * record"), both ways: the kind "volunteer" record a kiosk queues when a
 * person offers to help the Trust, and its validation on the collector.
 * Promises: a sign-up carries no link to any response: its id is random
 * (UUIDv7 form with the 48 time bits zero, so it says nothing of when), no
 * response id, no survey, no time of day: only the location and the UTC
 * date. The person's roles, name, contact and consent are sealed to the
 * Trust's public key (lib/seal.h) before they are written anywhere. */
#ifndef FB_SIGNUP_H
#define FB_SIGNUP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "fb_err.h"
#include "record.h"
#include "response.h"

#define FB_SIGNUP_KIND "volunteer"
#define FB_SIGNUP_VERSION 1
#define FB_SIGNUP_DATE_LEN 11     /* "YYYY-MM-DD" + NUL */

/* A fresh random id (FB_ID_LEN bytes): 74 random bits in UUIDv7 form, time
 * bits zero. 0, or FB_ERR_CRYPTO when libsodium cannot start. */
int fb_signup_id_make(char out[FB_ID_LEN], fb_err *err);

/* "YYYY-MM-DD" (UTC) of wall_ms into out (FB_SIGNUP_DATE_LEN bytes), and the
 * UTC midnight that starts it (what the device queue keeps as its time). */
void fb_signup_date(int64_t wall_ms, char out[FB_SIGNUP_DATE_LEN]);
int64_t fb_signup_day_start_ms(int64_t wall_ms);

/* The canonical body (keys sorted, compact). malloc'd: free(3); NULL on
 * error with err set. sealed_b64 is required. */
char *fb_signup_body(const char *id, const char *location, const char *date,
		     const char *sealed_b64, fb_err *err);

/* Whether a received record says it is a sign-up (its "kind"). */
bool fb_record_is_signup(json_t *obj);

/* A sign-up received from a device, validated; strings point into obj. */
typedef struct fb_signup_in {
	const char *id;
	const char *location;
	const char *date;
	const char *sealed_b64;
	unsigned char digest[FB_DIGEST_LEN]; /* of the body, age_ms left out */
} fb_signup_in;

/* Checks every field and fills out; err names the field otherwise. Any key
 * beyond kind, v, id, location, date, sealed (and a transport age_ms, which
 * is ignored) is refused: a sign-up never carries more. */
int fb_signup_from_json(json_t *obj, fb_signup_in *out, fb_err *err);

#endif
