/* utf8: the few questions every program asks of UTF-8 text, answered in one
 * place (validation and counting by libunistring).
 * Owns: nothing; every function is pure and reads only the bytes it is given.
 * Promises: "valid" is RFC 3629 (no overlongs, no surrogates, nothing past
 * U+10FFFF); a cut never splits a character. */
#ifndef FB_UTF8_H
#define FB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether the n bytes at s are valid UTF-8. */
bool fb_utf8_valid(const char *s, size_t n);
/* How many characters (code points) the n bytes at s hold; an invalid byte
 * counts as one. */
size_t fb_utf8_count(const char *s, size_t n);
/* The largest length <= max (and <= n) that ends on a character boundary of
 * s: where to cut s to fit max bytes. */
size_t fb_utf8_cut(const char *s, size_t n, size_t max);
/* The start of the character before byte offset i (0 when i is 0): how far
 * a backspace goes. */
size_t fb_utf8_prev(const char *s, size_t i);
/* The end of the character at byte offset i (n when i >= n): a cursor
 * step forward. */
size_t fb_utf8_next(const char *s, size_t n, size_t i);
/* Whether byte c continues a character (10xxxxxx). */
static inline bool fb_utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

#endif
