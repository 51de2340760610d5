/* yousaid: reads "You said, we did" blocks (format in yousaid.h). Lenient
 * by design: estates and ward staff edit this file by hand, and a typo must
 * cost one item, never the attract screen. */
#include "yousaid.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

struct fb_yousaid {
	fb_yousaid_item items[FB_YOUSAID_MAX_ITEMS];
	size_t n;
	size_t skipped;
};

typedef enum field { F_NONE, F_YOU, F_WE } field;

typedef struct block {
	fb_yousaid_item item;
	bool has_you, has_we, any;
	field last;
} block;

/* Appends text (trimmed) to dst (cap FB_YOUSAID_MAX_TEXT), joining with a
 * space, cutting at a UTF-8 boundary. */
static void append(char *dst, const char *text)
{
	size_t len = strlen(dst);
	size_t n;

	while (*text == ' ' || *text == '\t')
		text++;
	n = strlen(text);
	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	if (len > 0 && len < FB_YOUSAID_MAX_TEXT)
		dst[len++] = ' ';
	n = fb_utf8_cut(text, n, FB_YOUSAID_MAX_TEXT - len);
	memcpy(dst + len, text, n);
	dst[len + n] = '\0';
}

static void block_end(fb_yousaid *y, block *b)
{
	if (b->any) {
		/* text that is not UTF-8 (a file saved in another encoding)
		 * could not be drawn: the item is skipped, not shown broken */
		if (b->has_you && b->has_we && b->item.you_said[0] &&
		    b->item.we_did[0] && y->n < FB_YOUSAID_MAX_ITEMS &&
		    fb_utf8_valid(b->item.you_said, strlen(b->item.you_said)) &&
		    fb_utf8_valid(b->item.we_did, strlen(b->item.we_did))) {
			if (!b->item.lang[0])
				snprintf(b->item.lang, sizeof b->item.lang, "en");
			y->items[y->n++] = b->item;
		} else {
			y->skipped++;
		}
	}
	memset(b, 0, sizeof *b);
}

/* Matches "key:" at the start of s (case-insensitive); returns the text
 * after the colon or NULL. */
static const char *after_key(const char *s, const char *key)
{
	size_t n = strlen(key);
	if (strncasecmp(s, key, n) != 0)
		return NULL;
	s += n;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != ':')
		return NULL;
	return s + 1;
}

static void parse_line(fb_yousaid *y, block *b, char *line)
{
	const char *v;
	char *s = line + strspn(line, " \t");

	if (*s == '#')
		return;
	if (*s == '\0') {
		block_end(y, b);
		return;
	}
	b->any = true;
	v = after_key(s, "you said");
	if (v) {
		b->has_you = true;
		b->last = F_YOU;
		append(b->item.you_said, v);
		return;
	}
	v = after_key(s, "we did");
	if (v) {
		b->has_we = true;
		b->last = F_WE;
		append(b->item.we_did, v);
		return;
	}
	v = after_key(s, "lang");
	if (v) {
		v += strspn(v, " \t");
		size_t n = strcspn(v, " \t");
		if (n > 0 && n < sizeof b->item.lang) {
			memcpy(b->item.lang, v, n);
			b->item.lang[n] = '\0';
		}
		b->last = F_NONE;
		return;
	}
	if (b->last == F_YOU)
		append(b->item.you_said, s);
	else if (b->last == F_WE)
		append(b->item.we_did, s);
	/* else: a stray line before any key; the block will be counted as
	 * skipped if it never gets both keys. */
}

int fb_yousaid_parse(const char *text, fb_yousaid **out, fb_err *err)
{
	int rc = 0;
	fb_yousaid *y = NULL;
	char line[FB_YOUSAID_MAX_TEXT * 2 + 64];
	block b;
	const char *p = text;

	*out = NULL;
	memset(&b, 0, sizeof b);
	y = calloc(1, sizeof *y);
	if (!y) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading You said we did");
		goto out;
	}
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* a longer line is cut between characters, never inside one: the
		 * kiosk draws only valid UTF-8, so half a character would cost
		 * the patient the whole item */
		size_t take = fb_utf8_cut(p, len, sizeof line - 1);

		memcpy(line, p, take);
		line[take] = '\0';
		if (take > 0 && line[take - 1] == '\r')
			line[--take] = '\0';
		parse_line(y, &b, line);
		p = nl ? nl + 1 : NULL;
	}
	block_end(y, &b);
	*out = y;
	y = NULL;
out:
	free(y);
	return rc;
}

int fb_yousaid_load(const char *path, fb_yousaid **out, fb_err *err)
{
	int rc = 0;
	FILE *fp = NULL;
	char *text = NULL;
	size_t len;

	*out = NULL;
	if (!path || !*path)
		goto empty;
	fp = fopen(path, "rb");
	if (!fp) {
		rc = fb_err_set(err, FB_ERR_NOTFOUND,
				"unable to open you_said_we_did file '%s': %s "
				"(the attract screen runs without it)",
				path, strerror(errno));
		goto empty;
	}
	/* one byte past the cap, to know where a character that crosses it starts */
	text = malloc(FB_YOUSAID_MAX_FILE + 2);
	if (!text) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
		goto empty;
	}
	len = fread(text, 1, FB_YOUSAID_MAX_FILE + 1, fp);
	if (ferror(fp)) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read '%s'", path);
		goto empty;
	}
	/* past the cap: the rest is left out, cut between characters */
	len = fb_utf8_cut(text, len, FB_YOUSAID_MAX_FILE);
	text[len] = '\0';
	rc = fb_yousaid_parse(text, out, err);
	goto out;
empty:
	if (fb_yousaid_parse("", out, NULL) != 0 && rc == 0)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
out:
	free(text);
	if (fp)
		fclose(fp);
	return rc;
}

void fb_yousaid_free(fb_yousaid *y)
{
	free(y);
}

size_t fb_yousaid_count(const fb_yousaid *y)
{
	return y ? y->n : 0;
}

const fb_yousaid_item *fb_yousaid_get(const fb_yousaid *y, size_t i)
{
	if (!y || i >= y->n)
		return NULL;
	return &y->items[i];
}

size_t fb_yousaid_skipped(const fb_yousaid *y)
{
	return y ? y->skipped : 0;
}

int fb_yousaid_new(fb_yousaid **out, fb_err *err)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory for You said, we did");
	return 0;
}

int fb_yousaid_add(fb_yousaid *y, const char *lang, const char *you_said,
		   const char *we_did)
{
	fb_yousaid_item *it;
	size_t n;

	if (!y || y->n >= FB_YOUSAID_MAX_ITEMS || !you_said[0] || !we_did[0] ||
	    !fb_utf8_valid(you_said, strlen(you_said)) || !fb_utf8_valid(we_did, strlen(we_did)))
		return -1;
	it = &y->items[y->n++];
	memset(it, 0, sizeof *it);
	snprintf(it->lang, sizeof it->lang, "%s", lang && lang[0] ? lang : "en");
	n = fb_utf8_cut(you_said, strlen(you_said), FB_YOUSAID_MAX_TEXT);
	memcpy(it->you_said, you_said, n);
	n = fb_utf8_cut(we_did, strlen(we_did), FB_YOUSAID_MAX_TEXT);
	memcpy(it->we_did, we_did, n);
	return 0;
}

int fb_yousaid_for_lang(const fb_yousaid *y, const char *lang, fb_yousaid **out,
			fb_err *err)
{
	int rc = fb_yousaid_new(out, err);

	if (rc || !y || !lang)
		return rc;
	for (size_t i = 0; i < y->n; i++)
		if (strcmp(y->items[i].lang, lang) == 0)
			(*out)->items[(*out)->n++] = y->items[i];
	return 0;
}
