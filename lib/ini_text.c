/* ini_text: see ini_text.h. */
#include "ini_text.h"

#include <ini.h>

_Static_assert(FB_INI_LINE_MAX == INI_MAX_LINE - 2, "FB_INI_LINE_MAX follows inih's INI_MAX_LINE");

int fb_ini_text_check(const char *name, const char *text, size_t len, fb_err *err)
{
	int line = 1;
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (i - start > FB_INI_LINE_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "%s:%d: line is longer than %d characters;"
					  " continue a long value on indented lines below it", name, line,
					  FB_INI_LINE_MAX);
		line++;
		start = i + 1;
	}
	return 0;
}

void fb_ini_text_init(fb_ini_text *t, const char *text, size_t len)
{
	t->pos = text;
	t->end = text + len;
	t->lineno = 0;
	t->line_indented = false;
}

/* fgets over the text, counting lines. */
char *fb_ini_text_line(char *str, int num, void *stream)
{
	fb_ini_text *t = stream;
	int n = 0;

	if (t->pos >= t->end || num < 2)
		return NULL;
	t->lineno++;
	t->line_indented = (*t->pos == ' ' || *t->pos == '\t');
	while (t->pos < t->end && n < num - 1) {
		char ch = *t->pos++;
		str[n++] = ch;
		if (ch == '\n')
			break;
	}
	str[n] = '\0';
	return str;
}
