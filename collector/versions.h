/* versions: which survey versions a period's responses answered, what each
 * version's people answered to each question, and which versions ask the
 * same questions and so are read as one group.
 * Owns: its versions and their questions (heap, freed by coll_versions_free).
 * Promises: a version's questions are its survey file's (in [devices]
 * surveys_dir, matched by id and version) when there is one, else the
 * question ids seen in its answers. Two versions ask the same questions when
 * both have a file and their questions match by id, kind and option values
 * (order aside, information pages left out), or, when either has no file,
 * when the same question ids were answered in both. Grouping is decided by
 * coll_versions_group alone; a figure is shown only as coll_versions_hide
 * allows (small numbers hidden, and a second one beside a lone hidden one so
 * that it cannot be worked out from the total). Reads only (survey files). */
#ifndef COLL_VERSIONS_H
#define COLL_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "survey.h"

#define COLL_VERSIONS_MAX 16          /* (survey, version) pairs told apart in a period */
#define COLL_VERSIONS_QUESTIONS_MAX 64
#define COLL_VERSIONS_OPTIONS_MAX 32
#define COLL_VERSIONS_ID_MAX 64
#define COLL_VERSIONS_WORDS_MAX 256

/* A question's kind when only its answers are known (no survey file):
 * guessed from them (a number: a rating; a string: one choice; a list: any
 * of). */
#define COLL_VQ_UNKNOWN (-1)

typedef struct coll_vq_option {
	char value[COLL_VERSIONS_ID_MAX];        /* the stored code */
	char label[COLL_VERSIONS_WORDS_MAX];     /* English words, or "" (then the code is shown) */
	int64_t count;
	bool defined;                            /* in the survey file */
} coll_vq_option;

typedef struct coll_vq {
	char id[COLL_VERSIONS_ID_MAX];
	int kind;                                /* fb_qkind, or COLL_VQ_UNKNOWN */
	char title[COLL_VERSIONS_WORDS_MAX];     /* English words, or "" */
	coll_vq_option options[COLL_VERSIONS_OPTIONS_MAX];
	size_t n_options;
	int64_t other;                           /* answers beyond the options' cap */
	int64_t answered;                        /* people who answered it */
	bool defined;                            /* in the survey file */
	bool seen;                               /* answered at least once */
	bool free_text;                          /* its answers are free text */
	bool any_of;                             /* a list of answers seen (FB_Q_MULTI) */
} coll_vq;

typedef struct coll_version {
	char survey_id[COLL_VERSIONS_ID_MAX];
	int version;
	int64_t n;                               /* responses */
	int64_t first_ms;                        /* the earliest of them */
	bool has_file;                           /* its survey file was found */
	coll_vq *q;                              /* COLL_VERSIONS_QUESTIONS_MAX, heap */
	size_t n_q;
	int group;                               /* set by coll_versions_group */
} coll_version;

typedef struct coll_versions {
	coll_version v[COLL_VERSIONS_MAX];
	size_t n;
	int64_t other_n;                         /* responses of versions past the cap */
	int n_groups;
} coll_versions;

void coll_versions_init(coll_versions *vs);
void coll_versions_free(coll_versions *vs);           /* NULL is a no-op */

/* Counts n responses (n >= 1) that gave the same answers: their survey,
 * version, the earliest's time, their clear answers and free-text answers
 * (JSON objects as stored; either may be NULL). Responses past
 * COLL_VERSIONS_MAX versions are counted in other_n. Answers that do not
 * parse count as none. FB_ERR_NOMEM only. */
int coll_versions_add(coll_versions *vs, const char *survey_id, int version, int64_t at_ms,
		      const char *answers_json, const char *free_text_json, int64_t n,
		      fb_err *err);

/* Gives the version with s's id and version (when one was counted) s's
 * questions, their English words and options, in the survey's order; the
 * answers already counted are kept. */
void coll_versions_define(coll_versions *vs, const fb_survey *s);

/* Reads every *.json survey file in dir and defines the versions they are.
 * A folder or file that cannot be read is skipped (the questions seen in
 * the answers are used then). */
void coll_versions_load_dir(coll_versions *vs, const char *dir);

/* Whether a and b ask the same questions (see the top of this file). */
bool coll_versions_same_questions(const coll_version *a, const coll_version *b);

/* Sorts the versions (survey id, then version) and puts each in a group
 * with the first earlier one asking the same questions; returns how many
 * groups (also in n_groups). */
int coll_versions_group(coll_versions *vs);

/* What of n[0..k) may be shown (hidden[i] false), whose sum may be known:
 * every count from 1 to threshold-1 hidden, and when that leaves exactly one
 * hidden, the smallest other one too. With hide_all every one is hidden. */
void coll_versions_hide(const int64_t *n, size_t k, int threshold, bool hide_all, bool *hidden);

/* Whether question q is one the pages break down (not the FFT, which is
 * shown for every version together, nor an information page). */
bool coll_versions_shown(const coll_vq *q);

#endif
