/* enrol: one-time enrolment codes, the one module the admin pages, the
 * command line (device code) and the device call POST /v1/enrol share; and
 * the making of a device token, which device add uses too.
 * Owns: the code's form (COLL_ENROL_CODE_LEN characters of an alphabet
 * with no 0, O, 1 or I: 40 random bits, shown "ABCD-EFGH"), its hash (a
 * BLAKE2b of the code and the device id: only that is stored), its life
 * (COLL_ENROL_VALID_S from when it is made, used once), and one audit row
 * for each code made and each one used.
 * Promises: neither a code nor a token ever reaches the audit trail, a log
 * or the database in clear; a code enrols only the device id it was made
 * for, exactly as 'device add' would (a fresh 32-byte token, only its hash
 * kept). Throttling guesses is the caller's (server.c, by client address). */
#ifndef COLL_ENROL_H
#define COLL_ENROL_H

#include <stddef.h>
#include <stdint.h>

#include "enrol_file.h"
#include "store/store.h"
#include "users.h"

#define COLL_ENROL_CODE_LEN FB_ENROL_CODE_LEN               /* lib/enrol_file.h */
#define COLL_ENROL_CODE_TEXT (COLL_ENROL_CODE_LEN + 2)   /* "ABCD-EFGH" and its NUL */
#define COLL_ENROL_ALPHABET FB_ENROL_ALPHABET            /* 32: 5 bits each */
#define COLL_ENROL_VALID_S 3600                          /* one hour */
#define COLL_ENROL_TOKEN_TEXT 48                         /* base64url of 32 bytes, NUL */

/* A fresh random code, grouped: "ABCD-EFGH". */
void coll_enrol_code_make(char out[COLL_ENROL_CODE_TEXT]);
/* The code a person typed ("abcd efgh", "ABCD-EFGH") as its 8 characters
 * in capitals; -1 when it is not 8 characters of the alphabet once spaces
 * and '-' are dropped. */
int coll_enrol_code_normalise(const char *typed, char out[COLL_ENROL_CODE_LEN + 1]);
/* The stored hash of a normalised code for device_id. */
void coll_enrol_code_hash(const char *device_id, const char *code,
			  unsigned char out[COLL_STORE_HASH_LEN]);
/* A fresh device token (32 random bytes, base64url) and its stored hash. */
int coll_enrol_token_make(char token[COLL_ENROL_TOKEN_TEXT], unsigned char hash[COLL_STORE_HASH_LEN],
			  fb_err *err);

/* Makes a code for device_id (not enrolled yet) to speak for codes[0..n)
 * (each added, not retired), valid valid_s seconds (1 to
 * COLL_ENROL_VALID_S; 0 = COLL_ENROL_VALID_S) from a->now_ms: code gets it
 * grouped (show it once), *expires_ms when it stops working. Audited as
 * "device-code". */
int coll_enrol_issue(coll_store *s, const coll_actor *a, const char *device_id,
		     const char *const *codes, size_t n, int64_t valid_s,
		     char code[COLL_ENROL_CODE_TEXT], int64_t *expires_ms, fb_err *err);

/* Uses typed for device_id at a->now_ms: on a waiting code enrols the
 * device (token gets its token: give it to the device once; dev its
 * locations) and audits "device-enrol". FB_ERR_NOTFOUND (one message for
 * every case: malformed, unknown, used, expired, another device's) or
 * FB_ERR_INVALID (the device id is not one). */
int coll_enrol_redeem(coll_store *s, const coll_actor *a, const char *typed, const char *device_id,
		      char token[COLL_ENROL_TOKEN_TEXT], coll_store_device *dev, fb_err *err);

#define COLL_ENROL_REFUSED "that enrolment code is wrong, used or out of date; ask for a new" \
	" one on the collector's Devices page"

#endif
