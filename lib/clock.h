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
/* The device's local time (TZ, localtime_r) at wall_ms: weekday 0 Monday
 * .. 6 Sunday and minute of the day; an fb_hours_local_fn (lib/hours.h),
 * ctx unused. */
void fb_local_time(void *ctx, int64_t wall_ms, int *day, int *minute);
/* "2026-11-26T09:01:02.345Z" into out (at least 25 bytes). */
void fb_format_utc(int64_t ms, char *out, size_t out_size);

#endif
