/* model: learning the themes from people's coding, and suggesting them.
 * One liblinear model per sub-category (L2-regularised L2-loss linear SVM,
 * the published baseline's learner) and one for the 1..5 sentiment, over the
 * TF-IDF of features.h. A sub-category is learnt only once it has
 * min_positives coded comments; until then it is "not enough coding yet".
 * Owns: training, five-fold cross-validation, the per-sub-category threshold
 * (the highest keeping recall >= recall_target on the held-out folds: Trusts
 * would rather dismiss a theme than miss it), scoring held-out comments, the
 * model's text form (kept in the store), and suggestions for new comments.
 * Promises: the same examples, options and seed give the same model, scores
 * and text; nothing here touches a file or the store; suggesting is pure and
 * safe from many threads on one model. */
#ifndef COLL_THEMES_MODEL_H
#define COLL_THEMES_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fb_err.h"
#include "framework.h"

#define COLL_THEMES_FOLDS 5
#define COLL_THEMES_MODEL_MAX (256u << 20)   /* bytes of a model's text form */

/* One coded comment. labels[c] is 0/1 for fw->cats[c]; sentiment 1..5, or 0
 * when not coded. Borrowed for the call. */
typedef struct coll_themes_example {
	const char *text;
	coll_themes_question question;
	const unsigned char *labels;
	int sentiment;
} coll_themes_example;

typedef struct coll_themes_train_opts {
	uint64_t seed;              /* folds and liblinear's own order */
	int min_positives;          /* default 20 */
	double recall_target;       /* default 0.8 */
} coll_themes_train_opts;
void coll_themes_train_opts_default(coll_themes_train_opts *o);

/* Scores of one sub-category. */
typedef struct coll_themes_cat_score {
	int positives;              /* coded comments with it */
	bool learnt;                /* enough of them: a model exists */
	int needed;                 /* when not learnt: how many more */
	double threshold;           /* decision value at or above which it is suggested */
	int tp, fp, fn;
	double precision, recall, f1;
} coll_themes_cat_score;

typedef struct coll_themes_report {
	int n_cats;
	coll_themes_cat_score cats[COLL_THEMES_MAX_CATEGORIES];
	int n_examples;
	double micro_precision, micro_recall, micro_f1;
	double macro_f1;            /* over learnt sub-categories */
	int n_learnt;
	int sentiment_n;            /* comments with a sentiment scored */
	double sentiment_exact, sentiment_within_one;
	bool sentiment_learnt;
} coll_themes_report;

typedef struct coll_themes_model coll_themes_model;

/* Learns from ex[0..n); *out is the model (free it), rep (may be NULL) the
 * five-fold cross-validated scores, at the thresholds chosen from those same
 * held-out folds (so a little kinder than coll_themes_score on comments the
 * model never saw). The IDF is taken from all of ex (it reads no labels).
 * FB_ERR_INVALID when no sub-category has enough coding and no
 * sentiment can be learnt ("not enough coding yet"). */
int coll_themes_train(const coll_themes_framework *fw, const coll_themes_example *ex, size_t n,
		      const coll_themes_train_opts *o, coll_themes_model **out,
		      coll_themes_report *rep, fb_err *err);
/* Scores m on held-out ex[0..n) (its thresholds, no refitting) into rep. */
int coll_themes_score(const coll_themes_model *m, const coll_themes_example *ex, size_t n,
		      coll_themes_report *rep, fb_err *err);
void coll_themes_model_free(coll_themes_model *m);   /* NULL is a no-op */

/* What the model suggests for one comment. */
typedef struct coll_themes_suggestion {
	unsigned char on[COLL_THEMES_MAX_CATEGORIES];   /* by the framework's index */
	int n_on;
	int sentiment;              /* 1..5, 0 = no sentiment model */
	bool safeguarding;          /* a suggested sub-category flags it */
} coll_themes_suggestion;
int coll_themes_suggest(const coll_themes_model *m, const char *text, coll_themes_question q,
			coll_themes_suggestion *out);

/* The model as text (fb-themes-model/1, malloc'd into *text): what the store
 * keeps beside the data. */
int coll_themes_model_save(const coll_themes_model *m, char **text, size_t *len, fb_err *err);
/* A model from its text, its sub-categories matched to fw's by code (ones fw
 * no longer has are dropped; new ones are not learnt). FB_ERR_CORRUPT names
 * what is wrong. */
int coll_themes_model_load(const coll_themes_framework *fw, const char *text, size_t len,
			   coll_themes_model **out, fb_err *err);
/* The framework the model was made with (borrowed). */
const coll_themes_framework *coll_themes_model_framework(const coll_themes_model *m);

/* The report as people read it: one line per sub-category (precision,
 * recall, F1 and its threshold, or "not enough coding yet (N more needed)"),
 * then micro and macro F1 and the sentiment's accuracy. */
void coll_themes_report_print(FILE *f, const coll_themes_framework *fw, const coll_themes_report *rep,
			      const char *title);

#endif
