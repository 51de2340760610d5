/* clock: the two clocks the product uses, in milliseconds.
 * Wall time (UTC) may be wrong on a device without a real-time clock; the
 * monotonic boot clock is right within one boot and is what ages are
 * measured on (see docs/protocol.md, "Clocks"). */
#ifndef FB_CLOCK_H
#define FB_CLOCK_H

#include <stddef.h>
#include <stdint.h>

int64_t fb_wall_ms(void);   /* CLOCK_REALTIME, Unix epoch ms */
int64_t fb_mono_ms(void);   /* CLOCK_BOOTTIME: counts suspend, not wall jumps */
/* The kernel's boot id (36 chars), or "" when unavailable. */
void fb_boot_id(char *out, size_t out_size);
/* "2026-11-26T09:01:02.345Z" into out (at least 25 bytes). */
void fb_format_utc(int64_t ms, char *out, size_t out_size);

#endif
