#include "clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t fb_wall_ms(void) { return clock_ms(CLOCK_REALTIME); }
int64_t fb_mono_ms(void) { return clock_ms(CLOCK_BOOTTIME); }

void fb_boot_id(char *out, size_t out_size)
{
	static char cached[40];
	if (!cached[0]) {
		FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
		if (f) {
			if (fgets(cached, sizeof cached, f))
				cached[strcspn(cached, "\n")] = '\0';
			fclose(f);
		}
	}
	snprintf(out, out_size, "%s", cached);
}

void fb_local_time(void *ctx, int64_t wall_ms, int *day, int *minute)
{
	time_t secs = (time_t)(wall_ms / 1000);
	struct tm tm;

	(void)ctx;
	memset(&tm, 0, sizeof tm);
	localtime_r(&secs, &tm);
	*day = (tm.tm_wday + 6) % 7;
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

void fb_format_utc(int64_t ms, char *out, size_t out_size)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	snprintf(out, out_size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}
