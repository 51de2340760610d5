/* safeguard: the words and phrases that make a comment need a person's eyes
 * soon (self-harm, suicide, abuse, ...), and matching them at ingest.
 * Owns: the lists: one file per language in [ingest] safeguarding_lists_dir
 * (config/safeguarding/<lang>.txt) and the Trust's own safeguarding_words_file.
 * A file has one word or phrase a line, '#' starts a comment, blank lines are
 * ignored; a trailing '*' matches any word that starts so ("samobój*" flags
 * "samobójczy"). At most COLL_SAFEGUARD_MAX_WORDS entries (all lists
 * together) of at most COLL_SAFEGUARD_MAX_LEN bytes, on lines of at most
 * 1024 bytes with their comments.
 * Promises: entries and comments are compared after Unicode case folding and
 * NFKC normalisation (libunistring), so "SAMOBÓJSTWO", "samobójstwo" and its
 * decomposed accents match alike; runs of spaces count as one; an entry
 * matches only from a word boundary to a word boundary (libunistring's
 * u8_wordbreaks): "harm" flags "self harm" but not "pharmacy". Every list is
 * matched against every comment, whatever language the kiosk was showing.
 * A word list misses what is said in other words and flags what only looks
 * alike; it is a prompt for a person, never a judgement. */
#ifndef COLL_SAFEGUARD_H
#define COLL_SAFEGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector_config.h"
#include "fb_err.h"

#define COLL_SAFEGUARD_MAX_WORDS 5000
#define COLL_SAFEGUARD_MAX_LEN 120
#define COLL_SAFEGUARD_MAX_FILES 64      /* *.txt read from the lists directory */

typedef struct coll_safeguard coll_safeguard;

/* An empty list (matches nothing). */
coll_safeguard *coll_safeguard_new(void);
/* Reads one list file into a new list; FB_ERR_INVALID names the file and
 * line when an entry is too long, not UTF-8, or over the cap. */
int coll_safeguard_load(const char *path, coll_safeguard **out, fb_err *err);
/* Adds the entries of path to sg (errors as for load; on error sg keeps
 * what it had). */
int coll_safeguard_add_file(coll_safeguard *sg, const char *path, fb_err *err);
/* The same from len bytes of text (a list's content, name for messages): the
 * fuzz harness's way in, and for lists that come from elsewhere than a file. */
int coll_safeguard_add_text(coll_safeguard *sg, const char *name, const char *text, size_t len,
			    fb_err *err);
/* Adds every *.txt file of dir, in name order. */
int coll_safeguard_add_dir(coll_safeguard *sg, const char *dir, fb_err *err);
/* The lists cfg names: safeguarding_lists_dir, then safeguarding_words_file
 * (either may be ""; with neither, an empty list). */
int coll_safeguard_load_config(const coll_config *cfg, coll_safeguard **out, fb_err *err);
void coll_safeguard_free(coll_safeguard *sg);   /* NULL is a no-op */
int coll_safeguard_count(const coll_safeguard *sg);
/* Whether any listed word or phrase appears in text as whole words. Text
 * that cannot be folded (not UTF-8, out of memory) is flagged: a person
 * looks rather than nobody. */
bool coll_safeguard_match(const coll_safeguard *sg, const char *text);
/* The n bytes at s as the lists and comments are compared: NFKC, Unicode case
 * folding, runs of spaces made one. malloc'd (free it), its length in *len;
 * NULL when s is not UTF-8 or memory ran out. The themes' features read
 * comments through it too, so both see the same words. */
uint8_t *coll_safeguard_fold(const char *s, size_t n, size_t *len);

#endif
