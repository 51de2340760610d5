/* json_pos: where a value of a JSON text starts, by its JSON Pointer path
 * ("/questions/3/title/pl"), for messages of the form file:line:column.
 * Owns: nothing; pure, reads only the text it is given.
 * Promises: the text must already be valid JSON (jansson parsed it); a path
 * that is not there falls back to its nearest present parent, and at worst
 * to 1:1. Columns count characters, not bytes, from 1. */
#ifndef FB_JSON_POS_H
#define FB_JSON_POS_H

#include <stddef.h>

#define FB_JSON_PATH_MAX 256   /* longest path looked for, with its NUL */

void fb_json_pos_find(const char *text, size_t len, const char *path, int *line, int *col);

#endif
