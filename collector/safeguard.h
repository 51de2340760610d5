/* safeguard: the Trust's list of words and phrases that make a comment need a
 * person's eyes soon (self-harm, abuse, ...), and matching them at ingest.
 * Owns: the list read from safeguarding_words_file (one word or phrase a line,
 * '#' starts a comment, blank lines ignored; at most COLL_SAFEGUARD_MAX_WORDS of at
 * most COLL_SAFEGUARD_MAX_LEN bytes). Promises: matching ignores ASCII case and
 * needs whole words ("harm" flags "self harm" but not "pharmacy"). */
#ifndef COLL_SAFEGUARD_H
#define COLL_SAFEGUARD_H

#include <stdbool.h>

#include "fb_err.h"

#define COLL_SAFEGUARD_MAX_WORDS 5000
#define COLL_SAFEGUARD_MAX_LEN 120

typedef struct coll_safeguard coll_safeguard;

/* An empty list (matches nothing). */
coll_safeguard *coll_safeguard_new(void);
/* Reads path; FB_ERR_INVALID names the line when one is too long or the list
 * has too many entries. */
int coll_safeguard_load(const char *path, coll_safeguard **out, fb_err *err);
void coll_safeguard_free(coll_safeguard *sg);   /* NULL is a no-op */
int coll_safeguard_count(const coll_safeguard *sg);
/* Whether any listed word or phrase appears in text as whole words. */
bool coll_safeguard_match(const coll_safeguard *sg, const char *text);

#endif
