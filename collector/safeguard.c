/* safeguard.c: reading the lists and matching them (see safeguard.h). Both
 * an entry and a comment go through coll_safeguard_fold(): NFKC, then case folding with
 * NFKC again (libunistring's u8_casefold), then runs of spaces made one.
 * Matching is a byte search in the folded comment, kept where it starts and
 * ends on a word break of that folded text (u8_wordbreaks). */
#include "safeguard.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <uniwbrk.h>

#include "utf8.h"

#define SG_LINE_MAX 1024   /* a line with its comment; an entry is at most COLL_SAFEGUARD_MAX_LEN */

typedef struct sg_entry {
	uint8_t *s;       /* folded */
	size_t n;
	bool prefix;      /* listed with a trailing '*': the last word may go on */
} sg_entry;

struct coll_safeguard {
	sg_entry *v;
	int n, cap;
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
		free(sg->v[i].s);
	free(sg->v);
	free(sg);
}

int coll_safeguard_count(const coll_safeguard *sg)
{
	return sg ? sg->n : 0;
}

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* s folded for matching, malloc'd, its length in *len; NULL when s is not
 * UTF-8 or memory ran out. NFKC first so compatibility forms (Arabic
 * presentation forms, full-width letters, ligatures) fold as their plain
 * letters; NFKC maps the other Unicode spaces to ' ', collapsed here. */
uint8_t *coll_safeguard_fold(const char *s, size_t n, size_t *len)
{
	size_t nn = 0, fn = 0, o = 0;
	uint8_t *norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, n, NULL, &nn);
	uint8_t *folded = NULL;
	if (!norm)
		goto out;
	folded = u8_casefold(norm, nn, NULL, UNINORM_NFKC, NULL, &fn);
	if (!folded)
		goto out;
	for (size_t i = 0; i < fn; i++) {
		if (is_space(folded[i])) {
			if (o > 0 && folded[o - 1] == ' ')
				continue;
			folded[o++] = ' ';
		} else {
			folded[o++] = folded[i];
		}
	}
	*len = o;
out:
	free(norm);
	return folded;
}

static char *trim(char *s)
{
	while (is_space((uint8_t)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space((uint8_t)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Adds one trimmed, non-empty entry w (line of path, for messages). */
static int add_entry(coll_safeguard *sg, char *w, const char *path, int line, fb_err *err)
{
	sg_entry e = {NULL, 0, false};
	size_t n = strlen(w);
	if (n > COLL_SAFEGUARD_MAX_LEN)
		return fb_err_set(err, FB_ERR_INVALID, "%s:%d: an entry longer than %d bytes; shorten it",
				  path, line, COLL_SAFEGUARD_MAX_LEN);
	if (!fb_utf8_valid(w, n))
		return fb_err_set(err, FB_ERR_INVALID, "%s:%d: not UTF-8; save the list as UTF-8",
				  path, line);
	if (w[n - 1] == '*') {
		e.prefix = true;
		w[--n] = '\0';
		n = strlen(trim(w));
		if (n == 0)
			return fb_err_set(err, FB_ERR_INVALID,
					  "%s:%d: '*' needs the start of a word before it", path, line);
	}
	if (sg->n >= COLL_SAFEGUARD_MAX_WORDS)
		return fb_err_set(err, FB_ERR_INVALID, "%s:%d: more than %d entries in all the lists",
				  path, line, COLL_SAFEGUARD_MAX_WORDS);
	if (sg->n == sg->cap) {
		int cap = sg->cap ? sg->cap * 2 : 64;
		sg_entry *nv = realloc(sg->v, (size_t)cap * sizeof *nv);
		if (!nv)
			return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
		sg->v = nv;
		sg->cap = cap;
	}
	e.s = coll_safeguard_fold(trim(w), strlen(trim(w)), &e.n);
	if (!e.s)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
	if (e.n == 0) {          /* only marks that fold to nothing */
		free(e.s);
		return 0;
	}
	sg->v[sg->n++] = e;
	return 0;
}

/* The lines of f (named name in messages) into sg; on error sg keeps what it had. */
static int add_stream(coll_safeguard *sg, FILE *f, const char *name, fb_err *err)
{
	int rc = 0, line = 0, had = sg->n;
	char buf[SG_LINE_MAX + 2];
	while (fgets(buf, sizeof buf, f)) {
		line++;
		if (!strchr(buf, '\n') && !feof(f)) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: longer than %d bytes; shorten it",
					name, line, SG_LINE_MAX);
			goto out;
		}
		char *w = buf;
		if (line == 1 && strncmp(w, "\xEF\xBB\xBF", 3) == 0)
			w += 3;      /* a byte-order mark some editors write */
		char *hash = strchr(w, '#');
		if (hash)
			*hash = '\0';
		w = trim(w);
		if (!*w)
			continue;
		rc = add_entry(sg, w, name, line, err);
		if (rc)
			goto out;
	}
	if (ferror(f))
		rc = fb_err_set(err, FB_ERR_IO, "unable to read '%s'", name);
out:
	if (rc) {
		for (int i = had; i < sg->n; i++)
			free(sg->v[i].s);
		sg->n = had;
	}
	return rc;
}

int coll_safeguard_add_file(coll_safeguard *sg, const char *path, fb_err *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return fb_err_set(err, FB_ERR_IO,
				  "unable to open safeguarding word list '%s': %s; check"
				  " safeguarding_words_file and safeguarding_lists_dir", path, strerror(errno));
	int rc = add_stream(sg, f, path, err);
	fclose(f);
	return rc;
}

int coll_safeguard_add_text(coll_safeguard *sg, const char *name, const char *text, size_t len,
			    fb_err *err)
{
	char *copy = malloc(len + 1);     /* fmemopen wants a buffer it may write */
	if (!copy)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", name);
	memcpy(copy, text, len);
	copy[len] = '\0';
	FILE *f = len ? fmemopen(copy, len, "r") : NULL;
	int rc = 0;
	if (f) {
		rc = add_stream(sg, f, name, err);
		fclose(f);
	} else if (len) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", name);
	}
	free(copy);
	return rc;
}

int coll_safeguard_load(const char *path, coll_safeguard **out, fb_err *err)
{
	coll_safeguard *sg = coll_safeguard_new();
	int rc = 0;
	*out = NULL;
	if (!sg)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
	rc = coll_safeguard_add_file(sg, path, err);
	if (rc)
		goto out;
	*out = sg;
	sg = NULL;
out:
	coll_safeguard_free(sg);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_list_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

int coll_safeguard_add_dir(coll_safeguard *sg, const char *dir, fb_err *err)
{
	int rc = 0;
	char *names[COLL_SAFEGUARD_MAX_FILES];
	int n = 0;
	struct dirent *de;
	DIR *d = opendir(dir);
	if (!d)
		return fb_err_set(err, FB_ERR_IO,
				  "unable to open safeguarding_lists_dir '%s': %s; point it at the"
				  " installed lists (config/safeguarding/)", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (!is_list_name(de->d_name))
			continue;
		if (n == COLL_SAFEGUARD_MAX_FILES) {
			rc = fb_err_set(err, FB_ERR_INVALID, "'%s' has more than %d lists (*.txt);"
					" keep one per language there", dir, COLL_SAFEGUARD_MAX_FILES);
			goto out;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", dir);
			goto out;
		}
		n++;
	}
	qsort(names, (size_t)n, sizeof names[0], cmp_name);
	for (int i = 0; i < n && rc == 0; i++) {
		char path[COLL_PATH_MAX + 300];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		rc = coll_safeguard_add_file(sg, path, err);
	}
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	closedir(d);
	return rc;
}

int coll_safeguard_load_config(const coll_config *cfg, coll_safeguard **out, fb_err *err)
{
	int rc = 0;
	coll_safeguard *sg = coll_safeguard_new();
	*out = NULL;
	if (!sg)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the safeguarding lists");
	if (cfg->safeguarding_lists_dir[0])
		rc = coll_safeguard_add_dir(sg, cfg->safeguarding_lists_dir, err);
	if (rc == 0 && cfg->safeguarding_words_file[0])
		rc = coll_safeguard_add_file(sg, cfg->safeguarding_words_file, err);
	if (rc)
		goto out;
	*out = sg;
	sg = NULL;
out:
	coll_safeguard_free(sg);
	return rc;
}

/* Whether e occurs in t (n bytes, breaks from u8_wordbreaks) from a word
 * break to a word break (or, for a prefix entry, to anywhere). */
static bool has_entry(const uint8_t *t, size_t n, const char *breaks, const sg_entry *e)
{
	const uint8_t *p = t;
	while (e->n <= n - (size_t)(p - t)) {
		const uint8_t *hit = memmem(p, n - (size_t)(p - t), e->s, e->n);
		if (!hit)
			return false;
		size_t at = (size_t)(hit - t), end = at + e->n;
		if ((at == 0 || breaks[at]) && (e->prefix || end == n || breaks[end]))
			return true;
		p = hit + 1;
	}
	return false;
}

bool coll_safeguard_match(const coll_safeguard *sg, const char *text)
{
	bool found = false;
	size_t n = 0;
	uint8_t *t = NULL;
	char *breaks = NULL;
	if (!sg || !text || sg->n == 0)
		return false;
	if (!fb_utf8_valid(text, strlen(text))) {
		found = true;
		goto out;
	}
	t = coll_safeguard_fold(text, strlen(text), &n);
	breaks = malloc(n ? n : 1);
	if (!t || !breaks) {
		found = true;
		goto out;
	}
	u8_wordbreaks(t, n, breaks);
	for (int i = 0; i < sg->n && !found; i++)
		found = has_entry(t, n, breaks, &sg->v[i]);
out:
	free(t);
	free(breaks);
	return found;
}
