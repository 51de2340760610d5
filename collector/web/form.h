/* form: the two request parsers of the results pages, apart from web.c so
 * they can be tested and fuzzed alone (tests/fuzz/fuzz_form.c).
 * Owns: reading one cookie from a Cookie header, and one field from an
 * application/x-www-form-urlencoded body (%XX and '+' decoded).
 * Promises: never write past out (size bytes, NUL-terminated; a field is
 * decoded whole or refused, never cut), never read past the header's or
 * body's NUL; no allocation. */
#ifndef COLL_WEB_FORM_H
#define COLL_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>

/* The value of cookie name in a Cookie header (NULL: none) into out; false
 * when absent, empty, or not shorter than size bytes. */
bool coll_web_cookie_get(const char *header, const char *name, char *out, size_t size);

/* Field name of a form body (NULL: none), decoded into out. 0, or
 * FB_ERR_NOTFOUND, or FB_ERR_INVALID when its value does not fit in size - 1
 * bytes or holds an encoded NUL (%00, which would cut it). out is "" after
 * anything but 0. */
int coll_web_form_get(const char *body, const char *name, char *out, size_t size);

#endif
