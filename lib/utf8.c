/* utf8.c: validation and counting through libunistring (u8_check,
 * u8_mbsnlen); cutting and stepping only look for continuation bytes, which
 * needs no table. */
#include "utf8.h"

#include <unistr.h>

bool fb_utf8_valid(const char *s, size_t n)
{
	return u8_check((const uint8_t *)s, n) == NULL;
}

size_t fb_utf8_count(const char *s, size_t n)
{
	return u8_mbsnlen((const uint8_t *)s, n);
}

size_t fb_utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t i = max;
	while (i > 0 && fb_utf8_is_cont((unsigned char)s[i]))
		i--;
	return i;
}

size_t fb_utf8_prev(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && fb_utf8_is_cont((unsigned char)s[i]))
		i--;
	return i;
}

size_t fb_utf8_next(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return n;
	i++;
	while (i < n && fb_utf8_is_cont((unsigned char)s[i]))
		i++;
	return i;
}
