/* record: a response's wire form (docs/protocol.md, "Record"), both ways.
 * Owns: the canonical JSON body made once at put (keys sorted, compact: a
 * resend is byte-identical), its validation on the collector's side, and the
 * content digest that tells a duplicate from a conflict. The batch, bundle
 * and reply around records are lib/protocol.h's; the record stays apart
 * because the kiosk makes it at put time and never needs the rest. */
#ifndef FB_RECORD_H
#define FB_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "response.h"

#define FB_RECORD_VERSION 1
#define FB_RECORD_MAX_BYTES (256 * 1024)  /* cap on one record's body */
#define FB_DIGEST_LEN 32

/* The canonical body of r, with sealed_b64 (base64 of the sealed private
 * answers, or NULL). malloc'd: free(3) it. NULL on error. */
char *fb_record_body(const fb_response *r, const char *sealed_b64, fb_err *err);

/* A record received from a device, validated. Strings point into the json_t
 * it came from, which must outlive it. */
typedef struct fb_record_in {
	const char *id;
	const char *survey_id;
	int survey_version;
	const char *location;
	const char *language;
	fb_mode mode;
	int64_t started_at_ms;
	int64_t submitted_at_ms;
	int64_t duration_ms;
	unsigned flags;
	int fft;
	json_t *answers;           /* borrowed object */
	const char *sealed_b64;    /* NULL when none */
	bool has_age;              /* age_ms sent (same boot as the put) */
	int64_t age_ms;            /* how long ago, by the device's boot clock */
	unsigned char digest[FB_DIGEST_LEN]; /* of the body, age_ms left out */
} fb_record_in;

/* Checks every field (types, ranges, caps) and fills out. On error, err
 * names the field and what was expected. */
int fb_record_from_json(json_t *obj, fb_record_in *out, fb_err *err);

/* Whether s is an id: 1 to size - 1 letters, digits, '-', '_' and '.' (the
 * form of device ids, location and team codes, survey ids, language tags). */
bool fb_id_valid(const char *s, size_t size);

/* Whether s looks like a UUIDv7 in its 36-character text form. */
bool fb_uuid7_valid(const char *s);

#endif
