/* buf: a growing byte buffer with a cap, for request and reply bodies, pages,
 * batches and exports (the shape of curl's dynbuf).
 * Owns: its heap block (data), which is always NUL-terminated after a
 * successful add, the NUL not counted in len.
 * Promises: never holds more than max bytes; the first add that fails (over
 * the cap, or out of memory) frees the block and leaves the buffer failed and
 * empty, so no caller sees half a body. Every later add is a no-op. */
#ifndef FB_BUF_H
#define FB_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct fb_buf {
	char *data;       /* NULL until the first add; NUL-terminated after one */
	size_t len;       /* bytes held, without the NUL */
	size_t cap;       /* bytes allocated */
	size_t max;       /* most bytes it may hold, without the NUL */
	bool failed;      /* an add went past max or ran out of memory */
	bool over;        /* ... and it was past max (not out of memory) */
} fb_buf;

/* An empty buffer that will hold at most max bytes. No allocation. */
void fb_buf_init(fb_buf *b, size_t max);
/* Frees the block and empties the buffer; it keeps its cap on size and may
 * be used again. NULL is a no-op. */
void fb_buf_free(fb_buf *b);
/* Empties the buffer, keeping its block for reuse (failed is cleared). */
void fb_buf_reset(fb_buf *b);

/* Appends n bytes (s may hold NULs). 0, or -1 once failed. */
int fb_buf_add(fb_buf *b, const void *s, size_t n);
int fb_buf_adds(fb_buf *b, const char *s);           /* a C string */
int fb_buf_addc(fb_buf *b, char c);
int fb_buf_addf(fb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fb_buf_vaddf(fb_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Hands the block to the caller (free(3) it) and empties the buffer. Never
 * NULL unless failed or out of memory: an empty buffer gives "". */
char *fb_buf_take(fb_buf *b, size_t *len_out);

#endif
