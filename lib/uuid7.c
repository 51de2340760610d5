/* uuid7: see uuid7.h. Layout (RFC 9562 section 5.7):
 *   unix_ts_ms:48 | ver:4 = 7 | rand_a:12 | var:2 = 10 | rand_b:62
 * Monotonicity (RFC 9562 6.2, method 2 "monotonic random"): rand_a and rand_b
 * together are one 74-bit counter; a new id in the same (or an earlier)
 * millisecond as the last one adds a random step of 1..2^32 to it, so ids stay
 * unguessable and sorted; on overflow the timestamp moves on by one ms. */
#include "uuid7.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "record.h"

static pthread_mutex_t uuid_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_ms = -1;
static uint64_t last_hi;   /* rand_a, 12 bits */
static uint64_t last_lo;   /* rand_b, 62 bits */

#define LO_MASK ((UINT64_C(1) << 62) - 1)
#define HI_MASK ((UINT64_C(1) << 12) - 1)

int fb_uuid7_make(int64_t now_ms, char out[FB_ID_LEN], fb_err *err)
{
	int rc = 0;
	int64_t ms;
	uint64_t hi, lo;

	if (sodium_init() < 0)
		return fb_err_set(err, FB_ERR_CRYPTO,
				  "unable to start libsodium; check the libsodium install");
	if (now_ms < 0)
		now_ms = 0;
	now_ms &= (INT64_C(1) << 48) - 1;

	pthread_mutex_lock(&uuid_lock);
	if (now_ms > last_ms) {
		ms = now_ms;
		/* Fresh randomness; the top bit of rand_a left clear so that a
		 * burst within this millisecond has room to count up. */
		hi = (uint64_t)randombytes_uniform(1u << 11);
		randombytes_buf(&lo, sizeof lo);
		lo &= LO_MASK;
	} else {
		ms = last_ms;
		uint64_t step = (uint64_t)randombytes_uniform(UINT32_MAX) + 1;
		hi = last_hi;
		lo = last_lo + step;
		if (lo > LO_MASK) {
			lo &= LO_MASK;
			hi++;
		}
		if (hi > HI_MASK) {
			/* 74 bits used up in one ms: borrow the next ms. */
			ms = last_ms + 1;
			hi = (uint64_t)randombytes_uniform(1u << 11);
			randombytes_buf(&lo, sizeof lo);
			lo &= LO_MASK;
		}
	}
	last_ms = ms;
	last_hi = hi;
	last_lo = lo;
	pthread_mutex_unlock(&uuid_lock);

	uint64_t u_ms = (uint64_t)ms;
	char text[64];
	snprintf(text, sizeof text, "%08llx-%04llx-7%03llx-%04llx-%012llx",
		 (unsigned long long)(u_ms >> 16),
		 (unsigned long long)(u_ms & 0xffff),
		 (unsigned long long)hi,
		 (unsigned long long)(0x8000 | ((lo >> 48) & 0x3fff)),
		 (unsigned long long)(lo & UINT64_C(0xffffffffffff)));
	memcpy(out, text, FB_ID_LEN - 1);
	out[FB_ID_LEN - 1] = '\0';
	return rc;
}

int64_t fb_uuid7_time_ms(const char *id)
{
	unsigned long long a = 0, b = 0;
	if (!fb_uuid7_valid(id))
		return -1;
	if (sscanf(id, "%8llx-%4llx", &a, &b) != 2)
		return -1;
	return (int64_t)((a << 16) | b);
}
