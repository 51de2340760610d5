/* doc_cache: parsed JSON objects by their text, for a walk of many rows. A
 * survey's clear answers (its choice questions) repeat from response to
 * response, and parsing them again each time was most of an export's time.
 * Owns: up to DOC_CACHE_SLOTS texts and their parsed objects (a slot holds
 * the last text that hashed to it; texts over DOC_CACHE_TEXT_MAX bytes are
 * parsed and not kept), so its memory is bounded whatever the walk's size.
 * Promises: coll_doc_cache_object gives what parsing the text gives: a new
 * reference to an object, or NULL for no text, "" or anything that is not a
 * JSON object. Not for sharing between threads. */
#ifndef COLL_DOC_CACHE_H
#define COLL_DOC_CACHE_H

#include <jansson.h>
#include <stdint.h>

#define DOC_CACHE_SLOTS 1024
#define DOC_CACHE_TEXT_MAX 512

typedef struct coll_doc_cache coll_doc_cache;

/* NULL when out of memory. */
coll_doc_cache *coll_doc_cache_new(void);
void coll_doc_cache_free(coll_doc_cache *c);

/* The object text holds, as a new reference (json_decref it), or NULL. */
json_t *coll_doc_cache_object(coll_doc_cache *c, const char *text);

/* How many lookups found their text already parsed (for tests). */
uint64_t coll_doc_cache_hits(const coll_doc_cache *c);

#endif
