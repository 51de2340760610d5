/* fb_err: the one error report every lib/ call fills in.
 * Owns: an error code a caller can branch on, and a message a person can act
 * on ("what, which, what to do"; no capital, no full stop). Never holds secrets
 * or response content. */
#ifndef FB_ERR_H
#define FB_ERR_H

#include <stdarg.h>

typedef enum fb_code {
	FB_OK = 0,
	FB_ERR_INVALID,   /* bad input: config, survey file, record, HTTP body */
	FB_ERR_IO,        /* file or database could not be read or written */
	FB_ERR_FULL,      /* disk full: nothing new stored, nothing old lost */
	FB_ERR_CORRUPT,   /* a file is damaged (queue moved aside, see message) */
	FB_ERR_NOTFOUND,
	FB_ERR_NOMEM,
	FB_ERR_CRYPTO,
	FB_ERR_NETWORK,
} fb_code;

typedef struct fb_err {
	fb_code code;
	char msg[512];
} fb_err;

/* Sets err (when not NULL) and returns code, so callers can
 * `return fb_err_set(err, FB_ERR_IO, "unable to open '%s'", path);` */
int fb_err_set(fb_err *err, fb_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void fb_err_clear(fb_err *err);
const char *fb_code_name(fb_code code);

#endif
