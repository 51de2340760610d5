/* log: the one line format the programs' running logs share (stderr, which
 * the systemd units send to the journal).
 * Owns: "2026-12-07T17:40:01.123Z PROGRAM: message" lines, each written with
 * one call on an unbuffered stderr so lines from several threads never mix;
 * the ISO-8601 UTC time is there for a file log or a console, where there is
 * no journal to add one. A cleaner for values from outside (user names,
 * paths, ids), so no request can forge a line or a field.
 * Promises: no allocation (a stack buffer; a longer line is cut, marked
 * "..."); never given a secret, a comment's text or contact details by any
 * caller (docs/security.md, "What the logs hold"). */
#ifndef FB_LOG_H
#define FB_LOG_H

#include <stdarg.h>
#include <stddef.h>

#define FB_LOG_LINE_MAX 1024      /* one line at most, with its time and name */

/* The name every line carries ("feedback-collector"); set once in main,
 * before any thread starts. prog is kept, not copied. Default "feedback". */
void fb_log_set_program(const char *prog);
void fb_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fb_vlog(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* The time part of a line: "2026-12-07T17:40:01.123Z" (at least 25 bytes). */
void fb_log_time(char *out, size_t size);
/* A value fit for a key=value field: printable ASCII kept except space,
 * '"', '\\' and '='; anything else '?'; cut to size - 1 bytes, the cut
 * marked "..."; "" as "-". */
void fb_log_clean(const char *in, char *out, size_t size);

#endif
