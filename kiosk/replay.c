/* replay: parses replay scripts (see replay.h for the commands). The app
 * runs them; here each line becomes one checked fb_replay_cmd. */
#include "replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fileio.h"

#define FB_REPLAY_MAX_FILE (4 * 1024 * 1024)

struct fb_replay {
	fb_replay_cmd *cmds;
	size_t n, cap;
};

static const char *const KEY_NAMES[] = {
	[FB_KEY_TAB] = "Tab",
	[FB_KEY_LEFT] = "Left",
	[FB_KEY_RIGHT] = "Right",
	[FB_KEY_UP] = "Up",
	[FB_KEY_DOWN] = "Down",
	[FB_KEY_RETURN] = "Return",
	[FB_KEY_SPACE] = "Space",
	[FB_KEY_BACKSPACE] = "Backspace",
	[FB_KEY_ESCAPE] = "Escape",
};
#define N_KEYS (sizeof KEY_NAMES / sizeof KEY_NAMES[0])

const char *fb_replay_key_name(fb_replay_key k)
{
	if ((size_t)k >= N_KEYS)
		return "?";
	return KEY_NAMES[k];
}

void fb_replay_free(fb_replay *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->cmds[i].arg);
	free(r->cmds);
	free(r);
}

size_t fb_replay_count(const fb_replay *r)
{
	return r ? r->n : 0;
}

const fb_replay_cmd *fb_replay_get(const fb_replay *r, size_t i)
{
	if (!r || i >= r->n)
		return NULL;
	return &r->cmds[i];
}

/* Parses a whole decimal number in [lo, hi]. */
static int parse_num(const char *s, long long lo, long long hi, long long *out)
{
	char *end = NULL;
	long long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Splits line into at most max words at spaces/tabs (modifies line). */
static size_t split_words(char *line, char **words, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *w = strtok_r(line, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return max + 1;
		words[n++] = w;
	}
	return n;
}

static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Parses one non-comment line into cmd. On error fills err. */
static int parse_line(char *line, const char *name, int lineno,
		      fb_replay_cmd *cmd, fb_err *err)
{
	int rc = 0;
	char *words[5];
	size_t n;
	char *verb, *rest;
	long long a, b, c;

	memset(cmd, 0, sizeof *cmd);
	cmd->line = lineno;
	/* "type" keeps the rest of the line verbatim, spaces and all. */
	verb = line;
	rest = line + strcspn(line, " \t");
	if (*rest) {
		*rest++ = '\0';
		if (strcmp(verb, "type") != 0)
			rest += strspn(rest, " \t");
	}
	if (strcmp(verb, "type") == 0) {
		if (!*rest) {
			rc = fb_err_set(err, FB_ERR_INVALID,
					"%s:%d: type needs text to type", name, lineno);
			goto out;
		}
		cmd->op = FB_REPLAY_TYPE;
		cmd->arg = strdup(rest);
		goto dup;
	}
	n = split_words(rest, words, 3);
	if (strcmp(verb, "tap") == 0) {
		/* A lone number is a tap missing its Y, not a widget. */
		if (n == 1 &&
		    strspn(words[0], "0123456789") != strlen(words[0])) {
			cmd->op = FB_REPLAY_TAP_WIDGET;
			cmd->arg = strdup(words[0]);
			goto dup;
		}
		if (n == 2 && parse_num(words[0], 0, 100000, &a) == 0 &&
		    parse_num(words[1], 0, 100000, &b) == 0) {
			cmd->op = FB_REPLAY_TAP_XY;
			cmd->x = (int)a;
			cmd->y = (int)b;
			goto out;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: tap takes a widget id or X Y pixels",
				name, lineno);
	} else if (strcmp(verb, "press") == 0) {
		if (n == 2 && strspn(words[0], "0123456789") != strlen(words[0]) &&
		    parse_num(words[1], 0, FB_REPLAY_MAX_WAIT_MS, &c) == 0) {
			cmd->op = FB_REPLAY_PRESS_WIDGET;
			cmd->ms = c;
			cmd->arg = strdup(words[0]);
			goto dup;
		}
		if (n == 3 && parse_num(words[0], 0, 100000, &a) == 0 &&
		    parse_num(words[1], 0, 100000, &b) == 0 &&
		    parse_num(words[2], 0, FB_REPLAY_MAX_WAIT_MS, &c) == 0) {
			cmd->op = FB_REPLAY_PRESS;
			cmd->x = (int)a;
			cmd->y = (int)b;
			cmd->ms = c;
			goto out;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: press takes X Y MS (pixels, milliseconds) "
				"or WIDGET MS",
				name, lineno);
	} else if (strcmp(verb, "key") == 0) {
		if (n == 1) {
			for (size_t k = 0; k < N_KEYS; k++) {
				if (strcasecmp(words[0], KEY_NAMES[k]) == 0) {
					cmd->op = FB_REPLAY_KEY;
					cmd->key = (fb_replay_key)k;
					goto out;
				}
			}
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: key takes one of Tab, Left, Right, Up, "
				"Down, Return, Space, Backspace, Escape",
				name, lineno);
	} else if (strcmp(verb, "wait") == 0) {
		if (n == 1 &&
		    parse_num(words[0], 0, FB_REPLAY_MAX_WAIT_MS, &a) == 0) {
			cmd->op = FB_REPLAY_WAIT;
			cmd->ms = a;
			goto out;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: wait takes milliseconds (0 to %lld)",
				name, lineno, (long long)FB_REPLAY_MAX_WAIT_MS);
	} else if (strcmp(verb, "sleep") == 0) {
		if (n == 1 &&
		    parse_num(words[0], 0, FB_REPLAY_MAX_SLEEP_MS, &a) == 0) {
			cmd->op = FB_REPLAY_SLEEP;
			cmd->ms = a;
			goto out;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: sleep takes milliseconds of real time (0 "
				"to %d)", name, lineno, FB_REPLAY_MAX_SLEEP_MS);
	} else if (strcmp(verb, "expect") == 0) {
		if (n == 1 && fb_screen_parse(words[0], &cmd->screen) == 0) {
			cmd->op = FB_REPLAY_EXPECT;
			cmd->arg = strdup(words[0]);
			goto dup;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: expect takes a screen name (attract, "
				"language, question, still_there, thanks, sorry, "
				"staff_pin, staff, cleaning)", name, lineno);
	} else if (strcmp(verb, "screenshot") == 0) {
		if (n == 1 && name_ok(words[0])) {
			cmd->op = FB_REPLAY_SCREENSHOT;
			cmd->arg = strdup(words[0]);
			goto dup;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: screenshot takes one name of letters, "
				"digits, '-', '_' and '.'", name, lineno);
	} else if (strcmp(verb, "size") == 0) {
		char x = 0, tail = 0;
		int sw = 0, sh = 0;
		if (n == 1 && sscanf(words[0], "%d%c%d%c", &sw, &x, &sh, &tail) == 3 &&
		    x == 'x' && sw >= 320 && sh >= 240 && sw <= 8192 && sh <= 8192) {
			cmd->op = FB_REPLAY_SIZE;
			cmd->x = sw;
			cmd->y = sh;
			goto out;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: size takes WIDTHxHEIGHT, e.g. 1280x800 "
				"(320x240 to 8192x8192)", name, lineno);
	} else if (strcmp(verb, "headphones") == 0) {
		if (n == 0) {
			cmd->op = FB_REPLAY_HEADPHONES;
			goto out;
		}
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: headphones takes nothing", name, lineno);
	} else {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s:%d: unknown command '%.40s' (tap, press, key, "
				"type, wait, sleep, expect, screenshot, size, "
				"headphones)", name,
				lineno, verb);
	}
	goto out;
dup:
	if (!cmd->arg)
		rc = fb_err_set(err, FB_ERR_NOMEM, "%s:%d: out of memory",
				name, lineno);
out:
	return rc;
}

int fb_replay_parse(const char *text, const char *name, fb_replay **out,
		    fb_err *err)
{
	int rc = 0;
	fb_replay *r = NULL;
	char *line = NULL;
	int lineno = 0;
	const char *p = text;

	*out = NULL;
	if (!name)
		name = "replay";
	r = calloc(1, sizeof *r);
	line = malloc(FB_REPLAY_MAX_LINE + 1);
	if (!r || !line) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "%s: out of memory", name);
		goto out;
	}
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		fb_replay_cmd cmd;

		lineno++;
		if (len > FB_REPLAY_MAX_LINE) {
			rc = fb_err_set(err, FB_ERR_INVALID,
					"%s:%d: line longer than %d bytes", name,
					lineno, FB_REPLAY_MAX_LINE);
			goto out;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : NULL;
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		char *s = line + strspn(line, " \t");
		if (*s == '\0' || *s == '#')
			continue;
		/* Trailing blanks are not part of a command (nor of typed
		 * text: type " " keeps its text since it is not trailing). */
		if (strncmp(s, "type ", 5) != 0 && strncmp(s, "type\t", 5) != 0) {
			size_t sl = strlen(s);
			while (sl > 0 && (s[sl - 1] == ' ' || s[sl - 1] == '\t'))
				s[--sl] = '\0';
		}
		if (r->n >= FB_REPLAY_MAX_COMMANDS) {
			rc = fb_err_set(err, FB_ERR_INVALID,
					"%s:%d: more than %d commands", name,
					lineno, FB_REPLAY_MAX_COMMANDS);
			goto out;
		}
		rc = parse_line(s, name, lineno, &cmd, err);
		if (rc) {
			free(cmd.arg);
			goto out;
		}
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 32;
			fb_replay_cmd *c = realloc(r->cmds, cap * sizeof *c);
			if (!c) {
				free(cmd.arg);
				rc = fb_err_set(err, FB_ERR_NOMEM,
						"%s:%d: out of memory", name, lineno);
				goto out;
			}
			r->cmds = c;
			r->cap = cap;
		}
		r->cmds[r->n++] = cmd;
	}
	*out = r;
	r = NULL;
out:
	free(line);
	fb_replay_free(r);
	return rc;
}

int fb_replay_load(const char *path, fb_replay **out, fb_err *err)
{
	int rc;
	char *text = NULL;
	size_t len;

	*out = NULL;
	rc = fb_read_text_file(path, FB_REPLAY_MAX_FILE, "replay script",
			       NULL, &text, &len, err);
	if (rc)
		goto out;
	rc = fb_replay_parse(text, path, out, err);
out:
	free(text);
	return rc;
}
