/* yousaid: the "You said, we did" items the attract screen cycles through,
 * read from a small text file (config key you_said_we_did).
 * Owns: the items (at most FB_YOUSAID_MAX_ITEMS, each side at most
 * FB_YOUSAID_MAX_TEXT bytes; a longer side, or line, is cut between two
 * characters, never inside one; an item whose text is not UTF-8 is
 * skipped). Promises: tolerant:
 * a bad block is skipped (and counted), never a reason not to start; a
 * missing file is an error the caller may log, with an empty list.
 *
 * File format (UTF-8), blocks separated by blank lines, '#' comment lines:
 *     lang: pl                  (optional; the item's language, default en)
 *     You said: the waiting room was too hot
 *     We did: we fitted blinds and a fan
 * A line not starting with a key continues the previous field. A block
 * needs both "You said:" and "We did:" to count.
 *
 * An item is shown only to a person reading its language: the attract
 * screen shows fb_yousaid_for_lang's list, never the whole file. The same
 * list type carries the Trust's items from remote-config.json
 * (fb_yousaid_add), so the attract screen does not care where they came
 * from. */
#ifndef FB_KIOSK_YOUSAID_H
#define FB_KIOSK_YOUSAID_H

#include <stddef.h>

#include "fb_err.h"

#define FB_YOUSAID_MAX_ITEMS 32
#define FB_YOUSAID_MAX_TEXT 400
#define FB_YOUSAID_MAX_FILE (64 * 1024)

typedef struct fb_yousaid_item {
	char lang[16];
	char you_said[FB_YOUSAID_MAX_TEXT + 1];
	char we_did[FB_YOUSAID_MAX_TEXT + 1];
} fb_yousaid_item;

typedef struct fb_yousaid fb_yousaid;

/* Loads path. Always sets *out to a list (empty on error) so the kiosk can
 * run on; returns non-zero with err for a missing or unreadable file.
 * path "" or NULL: an empty list and 0. */
int fb_yousaid_load(const char *path, fb_yousaid **out, fb_err *err);
int fb_yousaid_parse(const char *text, fb_yousaid **out, fb_err *err);
void fb_yousaid_free(fb_yousaid *y);            /* NULL is a no-op */
size_t fb_yousaid_count(const fb_yousaid *y);  /* 0 for NULL */
const fb_yousaid_item *fb_yousaid_get(const fb_yousaid *y, size_t i);
size_t fb_yousaid_skipped(const fb_yousaid *y); /* blocks left out */

/* An empty list (NULL and FB_ERR_NOMEM when out of memory). */
int fb_yousaid_new(fb_yousaid **out, fb_err *err);
/* Appends one item, each side cut between characters at FB_YOUSAID_MAX_TEXT.
 * Returns -1 (nothing added) when the list is full or a side is empty or
 * not UTF-8. */
int fb_yousaid_add(fb_yousaid *y, const char *lang, const char *you_said,
		   const char *we_did);
/* A new list of y's items in language lang, in order (an empty list for
 * NULL y). NULL and FB_ERR_NOMEM when out of memory. */
int fb_yousaid_for_lang(const fb_yousaid *y, const char *lang, fb_yousaid **out,
			fb_err *err);

#endif
