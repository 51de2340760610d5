/* backoff: see backoff.h. */
#include "backoff.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int64_t fb_backoff_delay_ms(unsigned attempt, int64_t cap_ms, uint32_t random)
{
	int64_t ceiling = FB_BACKOFF_BASE_MS, half, delay;

	if (cap_ms <= 0)
		cap_ms = FB_BACKOFF_DEFAULT_CAP_MS;
	if (cap_ms > FB_BACKOFF_MAX_CAP_MS)
		cap_ms = FB_BACKOFF_MAX_CAP_MS;
	if (attempt == 0)
		attempt = 1;
	/* 2^40 s is far beyond any cap: stop doubling there (no overflow). */
	for (unsigned i = 1; i < attempt && i < 40 && ceiling < cap_ms; i++)
		ceiling *= 2;
	if (ceiling > cap_ms)
		ceiling = cap_ms;
	half = ceiling / 2;
	/* Scaled, not modulo: a larger random always means a longer wait. */
	delay = half + (int64_t)(((uint64_t)(ceiling - half) * random) / UINT32_MAX);
	if (delay < FB_BACKOFF_BASE_MS)
		delay = ceiling < FB_BACKOFF_BASE_MS ? ceiling : FB_BACKOFF_BASE_MS;
	return delay;
}

int fb_backoff_parse_retry_after(const char *value, int64_t now_wall_ms,
				 int64_t cap_ms, int64_t *delay_ms)
{
	const char *p = value;
	int64_t d;

	if (cap_ms <= 0)
		cap_ms = FB_BACKOFF_DEFAULT_CAP_MS;
	if (!value)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (!*p)
		return -1;
	if (isdigit((unsigned char)*p)) {
		char *end = NULL;
		unsigned long long s;

		errno = 0;
		s = strtoull(p, &end, 10);
		while (end && isspace((unsigned char)*end))
			end++;
		if (errno || !end || *end)
			return -1;
		d = s > (unsigned long long)(cap_ms / 1000) ? cap_ms : (int64_t)s * 1000;
	} else {
		/* An HTTP date: libcurl's parser, not one of our own. */
		time_t t = curl_getdate(p, NULL);

		if (t == (time_t)-1)
			return -1;
		d = (int64_t)t * 1000 - now_wall_ms;
	}
	if (d < 0)
		d = 0;
	if (d > cap_ms)
		d = cap_ms;
	*delay_ms = d;
	return 0;
}
