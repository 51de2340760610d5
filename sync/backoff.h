/* backoff: how long feedback-syncd waits before trying again.
 * Owns: the retry schedule (exponential from 1 s, jittered, capped) and the
 * reading of a server's Retry-After header (delta-seconds or HTTP date).
 * Promises: pure functions of their arguments; no clock, no randomness of
 * their own, no I/O, so tests can pin every value. Whether to back off at
 * all, or wait, halve, park or stop, is sync/retry.h's. */
#ifndef FB_BACKOFF_H
#define FB_BACKOFF_H

#include <stdint.h>

#define FB_BACKOFF_BASE_MS 1000                 /* first wait */
#define FB_BACKOFF_DEFAULT_CAP_MS (15 * 60 * 1000)
#define FB_BACKOFF_MAX_CAP_MS (7LL * 24 * 3600 * 1000) /* keeps the arithmetic small */

/* The wait after the attempt-th consecutive failure (attempt >= 1).
 * ceiling = min(cap_ms, 1 s * 2^(attempt-1)); the result lies in
 * [ceiling/2, ceiling] chosen by random (0 gives the least, UINT32_MAX the most) (any 32-bit value, e.g. from
 * randombytes_random), and is never below 1 s unless cap_ms is. attempt 0
 * is taken as 1; cap_ms <= 0 means FB_BACKOFF_DEFAULT_CAP_MS. */
int64_t fb_backoff_delay_ms(unsigned attempt, int64_t cap_ms, uint32_t random);

/* Reads a Retry-After header value: "120" (seconds) or an HTTP date such as
 * "Wed, 21 Oct 2026 07:28:00 GMT" (compared with now_wall_ms). Puts the wait
 * in *delay_ms, clamped to [0, cap_ms] (cap_ms <= 0: default cap). Returns 0,
 * or -1 when value is empty or cannot be read (caller backs off instead). */
int fb_backoff_parse_retry_after(const char *value, int64_t now_wall_ms,
				 int64_t cap_ms, int64_t *delay_ms);

#endif
