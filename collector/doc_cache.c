/* doc_cache.c: a direct-mapped cache of parsed JSON objects (see doc_cache.h). */
#include "doc_cache.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
	uint64_t hash;
	char *text;        /* NULL = empty */
	json_t *obj;       /* the cache's reference; NULL when text is no object */
} slot;

struct coll_doc_cache {
	slot slots[DOC_CACHE_SLOTS];
	uint64_t hits;
};

coll_doc_cache *coll_doc_cache_new(void)
{
	return calloc(1, sizeof(coll_doc_cache));
}

void coll_doc_cache_free(coll_doc_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < DOC_CACHE_SLOTS; i++) {
		free(c->slots[i].text);
		json_decref(c->slots[i].obj);
	}
	free(c);
}

static json_t *parse_object(const char *text, size_t n)
{
	json_t *o = json_loadb(text, n, 0, NULL);
	if (o && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* FNV-1a, 64 bits: cheap, and spreads short similar texts well */
static uint64_t hash_of(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

json_t *coll_doc_cache_object(coll_doc_cache *c, const char *text)
{
	if (!text || !text[0])
		return NULL;
	size_t n = strlen(text);
	if (n > DOC_CACHE_TEXT_MAX)
		return parse_object(text, n);
	uint64_t h = hash_of(text, n);
	slot *s = &c->slots[h % DOC_CACHE_SLOTS];
	if (s->text && s->hash == h && strcmp(s->text, text) == 0) {
		c->hits++;
		return json_incref(s->obj);
	}
	json_t *o = parse_object(text, n);
	char *copy = malloc(n + 1);
	if (!copy)
		return o;     /* parsed, just not kept */
	memcpy(copy, text, n + 1);
	free(s->text);
	json_decref(s->obj);
	s->hash = h;
	s->text = copy;
	s->obj = json_incref(o);
	return o;
}

uint64_t coll_doc_cache_hits(const coll_doc_cache *c)
{
	return c->hits;
}
