/* uuid7: RFC 9562 UUIDv7 ids in their 36-character lower-case text form.
 * Owns: the process's id generator. Promises: 48-bit Unix milliseconds, version
 * 7, variant 10, the rest from libsodium's randombytes; ids made by one process
 * sort (as text) in the order they were made, even within one millisecond and
 * even when the wall clock steps back (the last timestamp is kept instead).
 * Thread-safe. Nothing on disk. Validation lives in record.h (fb_uuid7_valid). */
#ifndef FB_UUID7_H
#define FB_UUID7_H

#include <stdint.h>

#include "fb_err.h"
#include "response.h"   /* FB_ID_LEN */

/* A new id into out (FB_ID_LEN bytes), stamped with now_ms (Unix epoch ms;
 * pass fb_wall_ms()). 0, or FB_ERR_CRYPTO when libsodium cannot start. */
int fb_uuid7_make(int64_t now_ms, char out[FB_ID_LEN], fb_err *err);

/* The Unix ms stamped in a valid id's first 48 bits; -1 when not valid. */
int64_t fb_uuid7_time_ms(const char *id);

#endif
