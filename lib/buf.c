/* buf.c: the capped growing buffer. Growth doubles from 256 bytes, clamped
 * to max + 1 so a buffer near its cap never asks for more than it may use. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_FIRST 256

void fb_buf_init(fb_buf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

void fb_buf_free(fb_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void fb_buf_reset(fb_buf *b)
{
	b->len = 0;
	b->failed = b->over = false;
	if (b->data)
		b->data[0] = '\0';
}

static int buf_fail(fb_buf *b, bool over)
{
	fb_buf_free(b);
	b->failed = true;
	b->over = over;
	return -1;
}

/* Room for n more bytes and the NUL. */
static int buf_reserve(fb_buf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (n > b->max - b->len)
		return buf_fail(b, true);
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : BUF_FIRST;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	char *nb = realloc(b->data, cap);
	if (!nb)
		return buf_fail(b, false);
	b->data = nb;
	b->cap = cap;
	return 0;
}

int fb_buf_add(fb_buf *b, const void *s, size_t n)
{
	if (buf_reserve(b, n))
		return -1;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int fb_buf_adds(fb_buf *b, const char *s)
{
	return fb_buf_add(b, s, strlen(s));
}

int fb_buf_addc(fb_buf *b, char c)
{
	return fb_buf_add(b, &c, 1);
}

int fb_buf_vaddf(fb_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	char small[256];
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	int rc = -1;
	if (n < 0) {
		buf_fail(b, false);
	} else if ((size_t)n < sizeof small) {
		rc = fb_buf_add(b, small, (size_t)n);
	} else if (buf_reserve(b, (size_t)n) == 0) {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
		rc = 0;
	}
	va_end(again);
	return rc;
}

int fb_buf_addf(fb_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = fb_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *fb_buf_take(fb_buf *b, size_t *len_out)
{
	char *d = NULL;
	size_t len = 0;
	if (!b->failed) {
		d = b->data ? b->data : calloc(1, 1);
		len = b->len;
		b->data = NULL;
		b->len = b->cap = 0;
	}
	if (len_out)
		*len_out = len;
	return d;
}
