/* ini_text: an INI file's text as inih reads it, shared by both config
 * loaders (lib/config.c for the device, collector/collector_config.c).
 * Owns: refusing, as "FILE:LINE: ...", a line longer than inih reads in one
 * go (inih would split it silently and read its tail as the next line: a
 * long path or pg_conninfo cut short); and the line reader for ini_parse_stream, which counts lines so a handler
 * knows the line of every key.
 * Promises: no I/O (the loaders read the file whole, under their cap); the
 * text is borrowed, never copied or changed. */
#ifndef FB_INI_TEXT_H
#define FB_INI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "fb_err.h"

/* The longest line inih reads whole, without its newline (INI_MAX_LINE,
 * less the newline and the NUL). */
#define FB_INI_LINE_MAX 198

/* FB_ERR_INVALID, "name:LINE: line is longer than ...", when a line of text
 * is longer than FB_INI_LINE_MAX; name is the file, for the message. */
int fb_ini_text_check(const char *name, const char *text, size_t len, fb_err *err);

/* The reader's place in the text. */
typedef struct fb_ini_text {
	const char *pos, *end;
	int lineno;             /* of the line last read: 1 for the first */
	bool line_indented;     /* it starts with a space or tab */
} fb_ini_text;

void fb_ini_text_init(fb_ini_text *t, const char *text, size_t len);
/* inih's ini_reader: ini_parse_stream(fb_ini_text_line, &t, handler, user). */
char *fb_ini_text_line(char *str, int num, void *stream);

#endif
