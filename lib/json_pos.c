/* json_pos.c: a walk over text already known to be valid JSON, keeping the
 * line and column (in characters) of each value and the JSON Pointer path
 * to it, until the path looked for is reached. */
#include "json_pos.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

#define SCAN_DEPTH_MAX 32

typedef struct scan {
	const char *p, *end;
	int line, col;          /* of *p; col counts characters, from 1 */
	const char *target;     /* JSON Pointer looked for */
	char path[FB_JSON_PATH_MAX];
	size_t plen;
	bool found;
	int fline, fcol;
} scan;

static void sc_adv(scan *S)
{
	unsigned char ch;

	if (S->p >= S->end)
		return;
	ch = (unsigned char)*S->p++;
	if (ch == '\n') {
		S->line++;
		S->col = 1;
	} else if (!fb_utf8_is_cont(ch)) {
		S->col++;
	}
}

static void sc_ws(scan *S)
{
	while (S->p < S->end && (*S->p == ' ' || *S->p == '\t' ||
				 *S->p == '\n' || *S->p == '\r'))
		sc_adv(S);
}

/* Skips a string at *p == '"', copying its raw bytes (escapes kept as
 * they are: our keys never need them) into buf when given. */
static void sc_string(scan *S, char *buf, size_t size)
{
	size_t n = 0;

	sc_adv(S);
	while (S->p < S->end && *S->p != '"') {
		if (*S->p == '\\') {
			if (buf && n + 1 < size)
				buf[n++] = *S->p;
			sc_adv(S);
		}
		if (S->p < S->end && buf && n + 1 < size)
			buf[n++] = *S->p;
		sc_adv(S);
	}
	sc_adv(S);
	if (buf)
		buf[n] = '\0';
}

static void sc_value(scan *S, int kline, int kcol, int depth);

/* Skips one value of any depth without recursing: past SCAN_DEPTH_MAX no
 * path is looked for (none is that long), but the walk must still move on,
 * or the container that holds the value would never reach its end. */
static void sc_skip(scan *S)
{
	long nest = 0;

	while (S->p < S->end) {
		char ch = *S->p;

		if (ch == '"') {
			sc_string(S, NULL, 0);
		} else if (ch == '{' || ch == '[') {
			nest++;
			sc_adv(S);
		} else if (ch == '}' || ch == ']') {
			if (nest == 0)
				return;   /* the holder's end, not ours */
			nest--;
			sc_adv(S);
		} else if (ch == ',' && nest == 0) {
			return;
		} else {
			sc_adv(S);
		}
		if (nest == 0 && (ch == '"' || ch == '}' || ch == ']'))
			return;
	}
}

static void sc_push(scan *S, const char *part, size_t *saved)
{
	int n;

	*saved = S->plen;
	n = snprintf(S->path + S->plen, sizeof S->path - S->plen, "/%s", part);
	if (n > 0 && S->plen + (size_t)n < sizeof S->path)
		S->plen += (size_t)n;
	else
		S->path[S->plen] = '\0';  /* too deep to name: never matches */
}

static void sc_pop(scan *S, size_t saved)
{
	S->plen = saved;
	S->path[saved] = '\0';
}

static void sc_value(scan *S, int kline, int kcol, int depth)
{
	if (S->found || S->p >= S->end)
		return;
	if (strcmp(S->path, S->target) == 0) {
		S->found = true;
		S->fline = kline;
		S->fcol = kcol;
		return;
	}
	if (depth > SCAN_DEPTH_MAX) {
		sc_skip(S);
		return;
	}
	if (*S->p == '{' || *S->p == '[') {
		bool obj = *S->p == '{';
		char close = obj ? '}' : ']';
		long index = 0;

		sc_adv(S);
		for (;;) {
			char key[FB_JSON_PATH_MAX];
			const char *before;
			size_t saved;
			int l, c;

			sc_ws(S);
			before = S->p;
			if (S->found || S->p >= S->end)
				return;
			if (*S->p == close) {
				sc_adv(S);
				return;
			}
			l = S->line;
			c = S->col;
			if (obj) {
				if (*S->p != '"')
					return;
				sc_string(S, key, sizeof key);
				sc_ws(S);
				if (S->p >= S->end || *S->p != ':')
					return;
				sc_adv(S);
				sc_ws(S);
			} else {
				snprintf(key, sizeof key, "%ld", index++);
			}
			sc_push(S, key, &saved);
			sc_value(S, l, c, depth + 1);
			sc_pop(S, saved);
			sc_ws(S);
			if (S->found || S->p >= S->end)
				return;
			if (*S->p == ',')
				sc_adv(S);
			else if (*S->p != close || S->p == before)
				return;   /* not the JSON we were promised: stop, never spin */
		}
	} else if (*S->p == '"') {
		sc_string(S, NULL, 0);
	} else {
		while (S->p < S->end && !strchr(",]} \t\r\n", *S->p))
			sc_adv(S);
	}
}

void fb_json_pos_find(const char *text, size_t len, const char *path, int *line, int *col)
{
	char target[FB_JSON_PATH_MAX];

	snprintf(target, sizeof target, "%s", path);
	for (;;) {
		scan S = { .p = text, .end = text + len, .line = 1, .col = 1,
			   .target = target };
		char *slash;

		sc_ws(&S);
		sc_value(&S, S.line, S.col, 0);
		if (S.found) {
			*line = S.fline;
			*col = S.fcol;
			return;
		}
		slash = strrchr(target, '/');
		if (!slash) {
			*line = 1;
			*col = 1;
			return;
		}
		*slash = '\0';
	}
}

