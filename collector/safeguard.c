#include "safeguard.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct coll_safeguard {
	char **words;     /* lower-case */
	int n;
};

coll_safeguard *coll_safeguard_new(void)
{
	return calloc(1, sizeof(coll_safeguard));
}

void coll_safeguard_free(coll_safeguard *sg)
{
	if (!sg)
		return;
	for (int i = 0; i < sg->n; i++)
		free(sg->words[i]);
	free(sg->words);
	free(sg);
}

int coll_safeguard_count(const coll_safeguard *sg)
{
	return sg ? sg->n : 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

int coll_safeguard_load(const char *path, coll_safeguard **out, fb_err *err)
{
	int rc = 0, line = 0;
	char buf[COLL_SAFEGUARD_MAX_LEN + 4];
	coll_safeguard *sg = coll_safeguard_new();
	FILE *f = NULL;

	*out = NULL;
	if (!sg)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
	sg->words = calloc(COLL_SAFEGUARD_MAX_WORDS, sizeof *sg->words);
	f = fopen(path, "r");
	if (!sg->words || !f) {
		rc = fb_err_set(err, FB_ERR_IO,
				"unable to open safeguarding word list '%s': %s; check safeguarding_words_file",
				path, f ? "out of memory" : strerror(errno));
		goto out;
	}
	while (fgets(buf, sizeof buf, f)) {
		line++;
		if (!strchr(buf, '\n') && !feof(f)) {
			rc = fb_err_set(err, FB_ERR_INVALID,
					"%s:%d: longer than %d characters; shorten it", path, line,
					COLL_SAFEGUARD_MAX_LEN);
			goto out;
		}
		char *hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		char *w = trim(buf);
		if (!*w)
			continue;
		if (sg->n >= COLL_SAFEGUARD_MAX_WORDS) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: more than %d entries", path, line,
					COLL_SAFEGUARD_MAX_WORDS);
			goto out;
		}
		for (char *c = w; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		sg->words[sg->n] = strdup(w);
		if (!sg->words[sg->n]) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
			goto out;
		}
		sg->n++;
	}
	*out = sg;
	sg = NULL;
out:
	if (f)
		fclose(f);
	coll_safeguard_free(sg);
	return rc;
}

static bool is_word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Case-insensitive (ASCII) search for word in text at word boundaries. */
static bool has_word(const char *text, const char *word)
{
	size_t wn = strlen(word);
	for (const char *p = text; *p; p++) {
		if (p != text && is_word_char((unsigned char)p[-1]))
			continue;
		if (strncasecmp(p, word, wn) != 0)
			continue;
		if (!is_word_char((unsigned char)p[wn]))
			return true;
	}
	return false;
}

bool coll_safeguard_match(const coll_safeguard *sg, const char *text)
{
	if (!sg || !text)
		return false;
	for (int i = 0; i < sg->n; i++)
		if (has_word(text, sg->words[i]))
			return true;
	return false;
}
