/* safeguard: the Trust's list of words and phrases that make a comment need a
 * person's eyes soon (self-harm, abuse, ...), and matching them at ingest.
 * Owns: the list read from safeguarding_words_file (one word or phrase a line,
 * '#' starts a comment, blank lines ignored; at most SAFEGUARD_MAX_WORDS of at
 * most SAFEGUARD_MAX_LEN bytes). Promises: matching ignores ASCII case and
 * needs whole words ("harm" flags "self harm" but not "pharmacy"). */
#ifndef COLL_SAFEGUARD_H
#define COLL_SAFEGUARD_H

#include <stdbool.h>

#include "fb_err.h"

#define SAFEGUARD_MAX_WORDS 5000
#define SAFEGUARD_MAX_LEN 120

typedef struct safeguard safeguard;

/* An empty list (matches nothing). */
safeguard *safeguard_new(void);
/* Reads path; FB_ERR_INVALID names the line when one is too long or the list
 * has too many entries. */
int safeguard_load(const char *path, safeguard **out, fb_err *err);
void safeguard_free(safeguard *sg);   /* NULL is a no-op */
int safeguard_count(const safeguard *sg);
/* Whether any listed word or phrase appears in text as whole words. */
bool safeguard_match(const safeguard *sg, const char *text);

#endif
