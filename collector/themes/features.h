/* features: what the themes' models see of a comment. The comment is folded
 * as the safeguarding lists fold it (coll_safeguard_fold: NFKC, case folding,
 * spaces), split at libunistring's word breaks, and turned into hashed counts
 * of word 1- and 2-grams, character 2- to 4-grams within each word (padded
 * with a space either side: they carry Urdu, Punjabi, Bengali and Polish
 * without a tokenizer per language), and one feature for the question the
 * comment answered ("what was good" or "what could be better").
 * Owns: the feature space: COLL_THEMES_DIMS hashed indices (FNV-1a), so its
 * size is bounded whatever the vocabulary; collisions are the price.
 * Promises: the same text and question give the same features on every
 * machine and run (no seed, no locale); indices come sorted and unique. */
#ifndef COLL_THEMES_FEATURES_H
#define COLL_THEMES_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "framework.h"

#define COLL_THEMES_DIMS (1u << 18)       /* hashed feature indices 0..DIMS-1 */
#define COLL_THEMES_TEXT_MAX 8000         /* bytes of a comment read; the rest ignored */

/* A comment's features: idx[i] ascending and unique, val[i] its count (or,
 * after coll_themes_tfidf, its weight). */
typedef struct coll_themes_vec {
	uint32_t *idx;
	float *val;
	int n, cap;
} coll_themes_vec;

/* The counts of text (UTF-8) answering q into out (its arrays reused and
 * grown; free them with coll_themes_vec_free). Text that is not UTF-8 gives
 * only the question's feature. FB_ERR_NOMEM when memory ran out. */
int coll_themes_features(const char *text, coll_themes_question q, coll_themes_vec *out);
void coll_themes_vec_free(coll_themes_vec *v);
/* Counts to TF-IDF in place: (1 + ln count) * idf[idx], features whose idf
 * is 0 (not kept by the model) dropped, then scaled to unit length. */
void coll_themes_tfidf(coll_themes_vec *v, const float *idf);

#endif
