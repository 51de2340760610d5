/* features.c: folding, word breaks and n-gram hashing (see features.h). Each
 * feature is hashed with a one-byte kind first ('w' word, 'b' word pair,
 * 'c' character n-gram, 'q' question) so a word and a character n-gram with
 * the same letters do not share an index. */
#include "features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "../safeguard.h"
#include "fb_err.h"
#include "utf8.h"

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

typedef struct hashes {
	uint32_t *v;
	size_t n, cap;
} hashes;

static uint32_t fnv(uint32_t h, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= FNV_PRIME;
	}
	return h;
}

static int push(hashes *h, uint32_t v)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 512;
		uint32_t *nv = realloc(h->v, cap * sizeof *nv);
		if (!nv)
			return FB_ERR_NOMEM;
		h->v = nv;
		h->cap = cap;
	}
	h->v[h->n++] = v & (COLL_THEMES_DIMS - 1);
	return 0;
}

static uint32_t kind(char k)
{
	uint8_t b = (uint8_t)k;
	return fnv(FNV_BASIS, &b, 1);
}

#define WORD_MAX 256   /* bytes of one word whose character n-grams are taken */

/* Character 2- to 4-grams of word w (n bytes, the first WORD_MAX) padded " w ". */
static int char_grams(hashes *h, const uint8_t *w, size_t n)
{
	size_t starts[WORD_MAX + 3];
	size_t m = 0, i = 0;
	uint8_t pad[WORD_MAX + 2];
	int rc = 0;
	n = fb_utf8_cut((const char *)w, n, WORD_MAX);
	pad[0] = ' ';
	memcpy(pad + 1, w, n);
	pad[n + 1] = ' ';
	n += 2;
	while (i < n) {             /* code point starts; the end is starts[m] */
		starts[m++] = i;
		i = fb_utf8_next((const char *)pad, n, i);
	}
	starts[m] = n;
	for (size_t g = 2; g <= 4 && rc == 0; g++)
		for (size_t a = 0; a + g <= m && rc == 0; a++)
			rc = push(h, fnv(kind('c'), pad + starts[a], starts[a + g] - starts[a]));
	return rc;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int grow(coll_themes_vec *v, int need)
{
	if (need <= v->cap)
		return 0;
	uint32_t *idx = realloc(v->idx, (size_t)need * sizeof *idx);
	if (!idx)
		return FB_ERR_NOMEM;
	v->idx = idx;
	float *val = realloc(v->val, (size_t)need * sizeof *val);
	if (!val)
		return FB_ERR_NOMEM;
	v->val = val;
	v->cap = need;
	return 0;
}

/* Whether the word segment at s starts with a letter or digit (else it is
 * spaces or punctuation, which word breaks also delimit). */
static bool is_word(const uint8_t *s, size_t n)
{
	ucs4_t c;
	u8_mbtouc(&c, s, n);
	return uc_is_alnum(c) || uc_is_general_category(c, UC_CATEGORY_M);
}

int coll_themes_features(const char *text, coll_themes_question q, coll_themes_vec *out)
{
	hashes h = {NULL, 0, 0};
	size_t n = text ? strlen(text) : 0, fn = 0;
	uint8_t *t = NULL;
	char *br = NULL;
	int rc = 0;
	uint8_t qb = (uint8_t)q;
	out->n = 0;
	rc = push(&h, fnv(kind('q'), &qb, 1));
	n = fb_utf8_cut(text ? text : "", n, COLL_THEMES_TEXT_MAX);
	if (rc || n == 0 || !fb_utf8_valid(text, n))
		goto sorted;
	t = coll_safeguard_fold(text, n, &fn);
	br = malloc(fn + 1);
	if (!t || !br) {
		rc = FB_ERR_NOMEM;
		goto out;
	}
	u8_wordbreaks(t, fn, br);
	br[fn] = 1;
	size_t prev_at = 0, prev_n = 0;
	bool have_prev = false;
	for (size_t a = 0; a < fn && rc == 0;) {
		size_t b = a + 1;
		while (b < fn && !br[b])
			b++;
		if (is_word(t + a, b - a)) {
			rc = push(&h, fnv(kind('w'), t + a, b - a));
			if (rc == 0 && have_prev) {
				uint32_t x = fnv(kind('b'), t + prev_at, prev_n);
				uint8_t sep = ' ';
				x = fnv(fnv(x, &sep, 1), t + a, b - a);
				rc = push(&h, x);
			}
			if (rc == 0)
				rc = char_grams(&h, t + a, b - a);
			prev_at = a;
			prev_n = b - a;
			have_prev = true;
		}
		a = b;
	}
	if (rc)
		goto out;
sorted:
	if (rc)
		goto out;
	qsort(h.v, h.n, sizeof *h.v, cmp_u32);
	rc = grow(out, (int)h.n);
	if (rc)
		goto out;
	for (size_t i = 0; i < h.n; i++) {
		if (out->n > 0 && out->idx[out->n - 1] == h.v[i]) {
			out->val[out->n - 1] += 1.0f;
		} else {
			out->idx[out->n] = h.v[i];
			out->val[out->n++] = 1.0f;
		}
	}
out:
	free(h.v);
	free(t);
	free(br);
	return rc;
}

void coll_themes_vec_free(coll_themes_vec *v)
{
	free(v->idx);
	free(v->val);
	memset(v, 0, sizeof *v);
}

void coll_themes_tfidf(coll_themes_vec *v, const float *idf)
{
	double sum = 0;
	int o = 0;
	for (int i = 0; i < v->n; i++) {
		float w = idf[v->idx[i]];
		if (w <= 0)
			continue;
		v->idx[o] = v->idx[i];
		v->val[o] = (1.0f + logf(v->val[i])) * w;
		sum += (double)v->val[o] * v->val[o];
		o++;
	}
	v->n = o;
	if (sum > 0) {
		float k = (float)(1.0 / sqrt(sum));
		for (int i = 0; i < o; i++)
			v->val[i] *= k;
	}
}
