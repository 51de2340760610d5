/* model.c: liblinear fits, folds, thresholds and the text form (see
 * model.h). A trained model is a table: for each kept feature (IDF > 0,
 * seen in at least two comments) its IDF and one weight per column, the
 * columns being the learnt sub-categories and then the sentiment's labels;
 * scoring a comment is a sum over its few hundred features. */
#include "model.h"

#include <linear.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "features.h"

#define MIN_DF 2                    /* a feature seen once teaches nothing */
#define SVM_C 0.5                   /* as good here as 1 and a fifth quicker to fit */
#define SVM_EPS 0.3                 /* liblinear's stopping tolerance: 0.1 scored no better here, 20% slower */
#define POS_WEIGHT_MAX 5.0          /* rare themes' positives count up to 5 times */
#define MAX_COLS (COLL_THEMES_MAX_CATEGORIES + COLL_THEMES_SENTIMENTS)

struct coll_themes_model {
	coll_themes_framework fw;
	float *idf;                     /* COLL_THEMES_DIMS */
	int32_t *row;                   /* COLL_THEMES_DIMS: row of w, or -1 */
	int n_rows, n_cols;
	float *w;                       /* n_rows * n_cols, feature-major */
	float bias[MAX_COLS];
	int cat_col[COLL_THEMES_MAX_CATEGORIES];   /* column of fw.cats[c], or -1 */
	float thr[COLL_THEMES_MAX_CATEGORIES];
	int n_sent;                     /* sentiment labels (columns after the categories) */
	int sent_label[COLL_THEMES_SENTIMENTS];
	int sent_col0;
};

void coll_themes_train_opts_default(coll_themes_train_opts *o)
{
	o->seed = 1;
	o->min_positives = 20;
	o->recall_target = 0.8;
}

static void quiet(const char *s)
{
	(void)s;
}

/* splitmix64: the folds' shuffle, the same on every machine. */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static coll_themes_model *model_new(const coll_themes_framework *fw)
{
	coll_themes_model *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->fw = *fw;
	m->idf = calloc(COLL_THEMES_DIMS, sizeof *m->idf);
	m->row = malloc(COLL_THEMES_DIMS * sizeof *m->row);
	if (!m->idf || !m->row) {
		coll_themes_model_free(m);
		return NULL;
	}
	for (uint32_t i = 0; i < COLL_THEMES_DIMS; i++)
		m->row[i] = -1;
	for (int c = 0; c < COLL_THEMES_MAX_CATEGORIES; c++)
		m->cat_col[c] = -1;
	return m;
}

void coll_themes_model_free(coll_themes_model *m)
{
	if (!m)
		return;
	free(m->idf);
	free(m->row);
	free(m->w);
	free(m);
}

const coll_themes_framework *coll_themes_model_framework(const coll_themes_model *m)
{
	return &m->fw;
}

/* ---- training --------------------------------------------------------- */

typedef struct train_set {
	size_t n;
	struct feature_node **x;        /* per example, bias node and terminator included */
	int *fold;
} train_set;

static void set_free(train_set *t)
{
	if (t->x)
		for (size_t i = 0; i < t->n; i++)
			free(t->x[i]);
	free(t->x);
	free(t->fold);
}

/* Fits rows rows[0..k) with labels y (+1/-1 or sentiment values); NULL when
 * liblinear refuses (it says why in err). */
static struct model *fit(train_set *t, const size_t *rows, size_t k, double *y, struct feature_node **xs,
			 double pos_weight, uint64_t seed, fb_err *err)
{
	struct problem prob = {0};
	struct parameter par = {0};
	int wl = 1;
	double wv = pos_weight;
	const char *bad;
	for (size_t i = 0; i < k; i++)
		xs[i] = t->x[rows[i]];
	prob.l = (int)k;
	prob.n = (int)COLL_THEMES_DIMS + 1;
	prob.y = y;
	prob.x = xs;
	prob.bias = 1;
	par.solver_type = L2R_L2LOSS_SVC_DUAL;
	par.C = SVM_C;
	par.eps = SVM_EPS;
	if (pos_weight > 0) {
		par.nr_weight = 1;
		par.weight_label = &wl;
		par.weight = &wv;
	}
	bad = check_parameter(&prob, &par);
	if (bad) {
		fb_err_set(err, FB_ERR_INVALID, "liblinear refused the problem: %s", bad);
		return NULL;
	}
	srand((unsigned)(seed ^ (seed >> 32)));   /* liblinear's coordinate order */
	set_print_string_function(quiet);
	return train(&prob, &par);
}

/* The decision value of binary model md for +1. */
static double binary_score(const struct model *md, const struct feature_node *x)
{
	double dec = 0;
	predict_values(md, x, &dec);
	return md->label[0] == 1 ? dec : -dec;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x > y ? -1 : x < y;
}

static void score_finish(coll_themes_cat_score *s)
{
	s->precision = s->tp + s->fp ? (double)s->tp / (s->tp + s->fp) : 0;
	s->recall = s->tp + s->fn ? (double)s->tp / (s->tp + s->fn) : 0;
	s->f1 = s->precision + s->recall > 0 ?
		2 * s->precision * s->recall / (s->precision + s->recall) : 0;
}

static void report_finish(coll_themes_report *rep)
{
	int tp = 0, fp = 0, fn = 0;
	double macro = 0;
	rep->n_learnt = 0;
	for (int c = 0; c < rep->n_cats; c++) {
		coll_themes_cat_score *s = &rep->cats[c];
		if (!s->learnt)
			continue;
		score_finish(s);
		tp += s->tp;
		fp += s->fp;
		fn += s->fn;
		macro += s->f1;
		rep->n_learnt++;
	}
	rep->micro_precision = tp + fp ? (double)tp / (tp + fp) : 0;
	rep->micro_recall = tp + fn ? (double)tp / (tp + fn) : 0;
	rep->micro_f1 = rep->micro_precision + rep->micro_recall > 0 ?
		2 * rep->micro_precision * rep->micro_recall / (rep->micro_precision + rep->micro_recall) : 0;
	rep->macro_f1 = rep->n_learnt ? macro / rep->n_learnt : 0;
}

/* Weight column col of m from liblinear model md (sign: +1 keeps, -1 flips;
 * k selects a class of a multi-class model, -1 for a binary one). */
static void take_weights(coll_themes_model *m, int col, const struct model *md, int k, double sign)
{
	int nc = md->nr_class > 2 ? md->nr_class : 1;
	int kk = k < 0 ? 0 : k;
	for (uint32_t f = 0; f < COLL_THEMES_DIMS; f++)
		if (m->row[f] >= 0)
			m->w[(size_t)m->row[f] * m->n_cols + col] = (float)(sign * md->w[(size_t)f * nc + kk]);
	m->bias[col] = (float)(sign * md->w[(size_t)COLL_THEMES_DIMS * nc + kk]);
}

/* Builds features, IDF and liblinear rows of ex into t and m. */
static int prepare(coll_themes_model *m, const coll_themes_example *ex, size_t n, uint64_t seed,
		   train_set *t, fb_err *err)
{
	coll_themes_vec *v = calloc(n ? n : 1, sizeof *v);
	int32_t *df = calloc(COLL_THEMES_DIMS, sizeof *df);
	size_t *perm = malloc((n ? n : 1) * sizeof *perm);
	int rc = 0;
	t->n = n;
	t->x = calloc(n ? n : 1, sizeof *t->x);
	t->fold = malloc((n ? n : 1) * sizeof *t->fold);
	if (!v || !df || !perm || !t->x || !t->fold) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading %zu comments", n);
		goto out;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = coll_themes_features(ex[i].text, ex[i].question, &v[i]);
		for (int j = 0; rc == 0 && j < v[i].n; j++)
			df[v[i].idx[j]]++;
	}
	if (rc) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory making features");
		goto out;
	}
	m->n_rows = 0;
	for (uint32_t f = 0; f < COLL_THEMES_DIMS; f++) {
		if (df[f] >= MIN_DF) {
			m->idf[f] = (float)(log((1.0 + (double)n) / (1.0 + df[f])) + 1.0);
			m->row[f] = m->n_rows++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		coll_themes_tfidf(&v[i], m->idf);
		t->x[i] = malloc(((size_t)v[i].n + 2) * sizeof *t->x[i]);
		if (!t->x[i]) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory making features");
			goto out;
		}
		for (int j = 0; j < v[i].n; j++)
			t->x[i][j] = (struct feature_node){(int)v[i].idx[j] + 1, v[i].val[j]};
		t->x[i][v[i].n] = (struct feature_node){(int)COLL_THEMES_DIMS + 1, 1.0};
		t->x[i][v[i].n + 1] = (struct feature_node){-1, 0};
	}
	/* folds: a seeded shuffle dealt round five ways */
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(next_rand(&seed) % i), tmp = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = tmp;
	}
	for (size_t i = 0; i < n; i++)
		t->fold[perm[i]] = (int)(i % COLL_THEMES_FOLDS);
out:
	if (v)
		for (size_t i = 0; i < n; i++)
			coll_themes_vec_free(&v[i]);
	free(v);
	free(df);
	free(perm);
	return rc;
}

/* One sub-category: five folds for its held-out scores and threshold, then
 * the fit on everything into column col. */
static int train_category(coll_themes_model *m, train_set *t, const coll_themes_example *ex, int c,
			  int col, const coll_themes_train_opts *o, coll_themes_cat_score *s,
			  size_t *rows, double *y, struct feature_node **xs, double *oof, fb_err *err)
{
	size_t n = t->n;
	int pos = s->positives;
	double pw = pos > 0 ? (double)(n - (size_t)pos) / pos : 1;
	double *ps = malloc((pos > 0 ? (size_t)pos : 1) * sizeof *ps);
	struct model *md = NULL;
	int rc = 0, np = 0;
	if (!ps)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory training");
	pw = pw < 1 ? 1 : pw > POS_WEIGHT_MAX ? POS_WEIGHT_MAX : pw;
	for (int f = 0; f < COLL_THEMES_FOLDS; f++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (t->fold[i] != f) {
				y[k] = ex[i].labels[c] ? 1 : -1;
				rows[k++] = i;
			}
		}
		md = fit(t, rows, k, y, xs, pw, o->seed + (uint64_t)c * 31 + (uint64_t)f, err);
		if (!md) {
			rc = FB_ERR_INVALID;
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			if (t->fold[i] == f)
				oof[i] = binary_score(md, t->x[i]);
		free_and_destroy_model(&md);
	}
	for (size_t i = 0; i < n; i++)
		if (ex[i].labels[c])
			ps[np++] = oof[i];
	qsort(ps, (size_t)np, sizeof *ps, cmp_desc);
	int keep = (int)ceil(o->recall_target * np);
	keep = keep < 1 ? 1 : keep > np ? np : keep;
	s->threshold = ps[keep - 1];
	s->tp = s->fp = s->fn = 0;
	for (size_t i = 0; i < n; i++) {
		bool on = oof[i] >= s->threshold;
		if (on && ex[i].labels[c])
			s->tp++;
		else if (on)
			s->fp++;
		else if (ex[i].labels[c])
			s->fn++;
	}
	for (size_t i = 0; i < n; i++) {
		rows[i] = i;
		y[i] = ex[i].labels[c] ? 1 : -1;
	}
	md = fit(t, rows, n, y, xs, pw, o->seed + (uint64_t)c * 31 + COLL_THEMES_FOLDS, err);
	if (!md) {
		rc = FB_ERR_INVALID;
		goto out;
	}
	take_weights(m, col, md, -1, md->label[0] == 1 ? 1 : -1);
	m->thr[c] = (float)s->threshold;
	m->cat_col[c] = col;
	free_and_destroy_model(&md);
out:
	free(ps);
	return rc;
}

/* The sentiment label with the highest decision value of md. */
static int sentiment_of(const struct model *md, const struct feature_node *x)
{
	return (int)predict(md, x);
}

static int train_sentiment(coll_themes_model *m, train_set *t, const coll_themes_example *ex,
			   const coll_themes_train_opts *o, coll_themes_report *rep, size_t *rows,
			   double *y, struct feature_node **xs, fb_err *err)
{
	size_t n = t->n, have = 0;
	int seen[COLL_THEMES_SENTIMENTS + 1] = {0}, distinct = 0, rc = 0;
	struct model *md = NULL;
	for (size_t i = 0; i < n; i++)
		if (ex[i].sentiment >= 1 && ex[i].sentiment <= COLL_THEMES_SENTIMENTS) {
			have++;
			if (!seen[ex[i].sentiment]++)
				distinct++;
		}
	rep->sentiment_n = (int)have;
	if ((int)have < o->min_positives || distinct < 2)
		return 0;
	int exact = 0, near = 0;
	for (int f = 0; f < COLL_THEMES_FOLDS; f++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (t->fold[i] != f && ex[i].sentiment >= 1 && ex[i].sentiment <= COLL_THEMES_SENTIMENTS) {
				y[k] = ex[i].sentiment;
				rows[k++] = i;
			}
		md = fit(t, rows, k, y, xs, 0, o->seed + 7919u + (uint64_t)f, err);
		if (!md)
			return FB_ERR_INVALID;
		for (size_t i = 0; i < n; i++)
			if (t->fold[i] == f && ex[i].sentiment >= 1 && ex[i].sentiment <= COLL_THEMES_SENTIMENTS) {
				int p = sentiment_of(md, t->x[i]);
				exact += p == ex[i].sentiment;
				near += abs(p - ex[i].sentiment) <= 1;
			}
		free_and_destroy_model(&md);
	}
	rep->sentiment_exact = (double)exact / (double)have;
	rep->sentiment_within_one = (double)near / (double)have;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (ex[i].sentiment >= 1 && ex[i].sentiment <= COLL_THEMES_SENTIMENTS) {
			y[k] = ex[i].sentiment;
			rows[k++] = i;
		}
	md = fit(t, rows, k, y, xs, 0, o->seed + 7919u + COLL_THEMES_FOLDS, err);
	if (!md)
		return FB_ERR_INVALID;
	m->n_sent = md->nr_class;
	for (int j = 0; j < md->nr_class; j++) {
		m->sent_label[j] = md->label[j];
		if (md->nr_class == 2)
			take_weights(m, m->sent_col0 + j, md, -1, j == 0 ? 1 : -1);
		else
			take_weights(m, m->sent_col0 + j, md, j, 1);
	}
	rep->sentiment_learnt = true;
	free_and_destroy_model(&md);
	return rc;
}

int coll_themes_train(const coll_themes_framework *fw, const coll_themes_example *ex, size_t n,
		      const coll_themes_train_opts *o, coll_themes_model **out,
		      coll_themes_report *rep_out, fb_err *err)
{
	coll_themes_report rep_local, *rep = rep_out ? rep_out : &rep_local;
	coll_themes_model *m = model_new(fw);
	train_set t = {0};
	size_t *rows = malloc((n ? n : 1) * sizeof *rows);
	double *y = malloc((n ? n : 1) * sizeof *y), *oof = malloc((n ? n : 1) * sizeof *oof);
	struct feature_node **xs = malloc((n ? n : 1) * sizeof *xs);
	int rc = 0, col = 0;
	*out = NULL;
	memset(rep, 0, sizeof *rep);
	rep->n_cats = fw->n_cats;
	rep->n_examples = (int)n;
	if (!m || !rows || !y || !oof || !xs) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory training on %zu comments", n);
		goto out;
	}
	for (int c = 0; c < fw->n_cats; c++) {
		coll_themes_cat_score *s = &rep->cats[c];
		for (size_t i = 0; i < n; i++)
			s->positives += ex[i].labels[c] != 0;
		s->learnt = s->positives >= o->min_positives && (size_t)s->positives < n;
		s->needed = s->learnt ? 0 : o->min_positives - s->positives;
		if (s->needed < 0)
			s->needed = 0;
		if (s->learnt)
			col++;
	}
	m->sent_col0 = col;
	m->n_cols = col + COLL_THEMES_SENTIMENTS;
	rc = prepare(m, ex, n, o->seed, &t, err);
	if (rc)
		goto out;
	m->w = calloc((size_t)(m->n_rows ? m->n_rows : 1) * (size_t)m->n_cols, sizeof *m->w);
	if (!m->w) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for a model of %d features", m->n_rows);
		goto out;
	}
	col = 0;
	for (int c = 0; c < fw->n_cats && rc == 0; c++)
		if (rep->cats[c].learnt)
			rc = train_category(m, &t, ex, c, col++, o, &rep->cats[c], rows, y, xs, oof, err);
	if (rc == 0)
		rc = train_sentiment(m, &t, ex, o, rep, rows, y, xs, err);
	if (rc)
		goto out;
	m->n_cols = m->sent_col0 + m->n_sent;
	/* the matrix was laid out for every sentiment column: close the gap */
	if (m->n_sent < COLL_THEMES_SENTIMENTS) {
		int wide = m->sent_col0 + COLL_THEMES_SENTIMENTS;
		for (int r = 0; r < m->n_rows; r++)
			memmove(m->w + (size_t)r * m->n_cols, m->w + (size_t)r * wide,
				(size_t)m->n_cols * sizeof *m->w);
	}
	report_finish(rep);
	if (rep->n_learnt == 0 && !rep->sentiment_learnt) {
		rc = fb_err_set(err, FB_ERR_INVALID, "not enough coding yet: no theme has %d coded"
				" comments and fewer than %d have a sentiment; code more comments"
				" (themes import FILE.csv)", o->min_positives, o->min_positives);
		goto out;
	}
	*out = m;
	m = NULL;
out:
	coll_themes_model_free(m);
	set_free(&t);
	free(rows);
	free(y);
	free(oof);
	free(xs);
	return rc;
}

/* ---- suggesting ------------------------------------------------------- */

/* Scores of every column for one comment into sc. */
static int score_cols(const coll_themes_model *m, const char *text, coll_themes_question q,
		      float *sc)
{
	coll_themes_vec v = {0};
	int rc = coll_themes_features(text, q, &v);
	if (rc)
		goto out;
	coll_themes_tfidf(&v, m->idf);
	memcpy(sc, m->bias, (size_t)m->n_cols * sizeof *sc);
	for (int i = 0; i < v.n; i++) {
		int32_t r = m->row[v.idx[i]];
		if (r < 0)
			continue;
		const float *w = m->w + (size_t)r * m->n_cols;
		for (int c = 0; c < m->n_cols; c++)
			sc[c] += v.val[i] * w[c];
	}
out:
	coll_themes_vec_free(&v);
	return rc;
}

int coll_themes_suggest(const coll_themes_model *m, const char *text, coll_themes_question q,
			coll_themes_suggestion *out)
{
	float sc[MAX_COLS];
	int rc;
	memset(out, 0, sizeof *out);
	rc = score_cols(m, text, q, sc);
	if (rc)
		return rc;
	if (m->n_sent > 0) {
		int best = 0;
		for (int j = 1; j < m->n_sent; j++)
			if (sc[m->sent_col0 + j] > sc[m->sent_col0 + best])
				best = j;
		out->sentiment = m->sent_label[best];
	}
	for (int c = 0; c < m->fw.n_cats; c++) {
		int col = m->cat_col[c];
		if (col < 0 || sc[col] < m->thr[c])
			continue;
		out->on[c] = 1;
		out->n_on++;
		/* no sentiment model: a person looks rather than nobody */
		if (m->fw.cats[c].flag == COLL_THEMES_FLAG_ALWAYS ||
		    (m->fw.cats[c].flag == COLL_THEMES_FLAG_NEGATIVE &&
		     (out->sentiment == 0 || out->sentiment >= 4)))
			out->safeguarding = true;
	}
	return 0;
}

int coll_themes_score(const coll_themes_model *m, const coll_themes_example *ex, size_t n,
		      coll_themes_report *rep, fb_err *err)
{
	int exact = 0, near = 0;
	memset(rep, 0, sizeof *rep);
	rep->n_cats = m->fw.n_cats;
	rep->n_examples = (int)n;
	for (int c = 0; c < m->fw.n_cats; c++) {
		rep->cats[c].learnt = m->cat_col[c] >= 0;
		rep->cats[c].threshold = m->thr[c];
	}
	for (size_t i = 0; i < n; i++) {
		coll_themes_suggestion s;
		if (coll_themes_suggest(m, ex[i].text, ex[i].question, &s))
			return fb_err_set(err, FB_ERR_NOMEM, "out of memory scoring comment %zu", i + 1);
		for (int c = 0; c < m->fw.n_cats; c++) {
			coll_themes_cat_score *cs = &rep->cats[c];
			cs->positives += ex[i].labels[c] != 0;
			if (s.on[c] && ex[i].labels[c])
				cs->tp++;
			else if (s.on[c])
				cs->fp++;
			else if (ex[i].labels[c])
				cs->fn++;
		}
		if (ex[i].sentiment >= 1 && m->n_sent > 0) {
			rep->sentiment_n++;
			exact += s.sentiment == ex[i].sentiment;
			near += abs(s.sentiment - ex[i].sentiment) <= 1;
		}
	}
	rep->sentiment_learnt = m->n_sent > 0;
	if (rep->sentiment_n) {
		rep->sentiment_exact = (double)exact / rep->sentiment_n;
		rep->sentiment_within_one = (double)near / rep->sentiment_n;
	}
	report_finish(rep);
	return 0;
}

/* ---- text form -------------------------------------------------------- */

typedef struct sbuf {
	char *p;
	size_t n, cap;
	bool failed;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	if (b->failed)
		return;
	for (;;) {
		size_t room = b->cap - b->n;
		va_start(ap, fmt);
		int k = vsnprintf(b->p ? b->p + b->n : NULL, room, fmt, ap);
		va_end(ap);
		if (k < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)k < room) {
			b->n += (size_t)k;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 65536;
		while (cap - b->n <= (size_t)k)
			cap *= 2;
		char *np = cap <= COLL_THEMES_MODEL_MAX ? realloc(b->p, cap) : NULL;
		if (!np) {
			b->failed = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
}

/* A weight: "0" for none (most of them), else 6 significant digits. */
static void sb_weight(sbuf *b, float w)
{
	if (w == 0)
		sb_printf(b, " 0");
	else
		sb_printf(b, " %.6g", (double)w);
}

int coll_themes_model_save(const coll_themes_model *m, char **text, size_t *len, fb_err *err)
{
	sbuf b = {0};
	sb_printf(&b, "fb-themes-model/1\ndims %u\ncolumns %d\n", COLL_THEMES_DIMS, m->n_cols);
	for (int c = 0; c < m->fw.n_cats; c++)
		if (m->cat_col[c] >= 0)
			sb_printf(&b, "category %d %s %.9g\n", m->cat_col[c], m->fw.cats[c].code, (double)m->thr[c]);
	for (int j = 0; j < m->n_sent; j++)
		sb_printf(&b, "sentiment %d %d\n", m->sent_col0 + j, m->sent_label[j]);
	sb_printf(&b, "bias");
	for (int c = 0; c < m->n_cols; c++)
		sb_weight(&b, m->bias[c]);
	sb_printf(&b, "\nfeatures %d\n", m->n_rows);
	for (uint32_t f = 0; f < COLL_THEMES_DIMS; f++) {
		if (m->row[f] < 0)
			continue;
		const float *w = m->w + (size_t)m->row[f] * m->n_cols;
		sb_printf(&b, "%u %.7g", f, (double)m->idf[f]);
		for (int c = 0; c < m->n_cols; c++)
			sb_weight(&b, w[c]);
		sb_printf(&b, "\n");
	}
	sb_printf(&b, "end\n");
	if (b.failed) {
		free(b.p);
		return fb_err_set(err, FB_ERR_NOMEM, "the model's text is over %u MB or memory ran out",
				  COLL_THEMES_MODEL_MAX >> 20);
	}
	*text = b.p;
	*len = b.n;
	return 0;
}

/* The next line of text (from *pos) into line, NUL-terminated in place of
 * its newline; false at the end. */
static bool next_line(char *text, size_t len, size_t *pos, char **line)
{
	if (*pos >= len)
		return false;
	char *s = text + *pos, *nl = memchr(s, '\n', len - *pos);
	if (!nl)
		return false;
	*nl = '\0';
	*pos = (size_t)(nl - text) + 1;
	*line = s;
	return true;
}

int coll_themes_model_load(const coll_themes_framework *fw, const char *text, size_t len,
			   coll_themes_model **out, fb_err *err)
{
	coll_themes_model *m = model_new(fw);
	char *copy = malloc(len + 1), *line = NULL, *end;
	size_t pos = 0;
	unsigned dims = 0;
	int rc = 0, lineno = 0, col;
	*out = NULL;
	if (!m || !copy) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the model");
		goto out;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
#define BAD(what) do { rc = fb_err_set(err, FB_ERR_CORRUPT, "stored themes model, line %d: %s;" \
		" train again (feedback-collector themes train)", lineno, what); goto out; } while (0)
	lineno++;
	if (!next_line(copy, len, &pos, &line) || strcmp(line, "fb-themes-model/1") != 0)
		BAD("not an fb-themes-model/1");
	lineno++;
	if (!next_line(copy, len, &pos, &line) || sscanf(line, "dims %u", &dims) != 1 ||
	    dims != COLL_THEMES_DIMS)
		BAD("made for another feature space");
	lineno++;
	if (!next_line(copy, len, &pos, &line) || sscanf(line, "columns %d", &m->n_cols) != 1 ||
	    m->n_cols < 0 || m->n_cols > MAX_COLS)
		BAD("no column count");
	m->sent_col0 = m->n_cols;
	for (;;) {
		char code[COLL_THEMES_CODE_MAX + 2];
		double thr;
		int label;
		lineno++;
		if (!next_line(copy, len, &pos, &line))
			BAD("ends early");
		if (sscanf(line, "category %d %41s %lf", &col, code, &thr) == 3) {
			if (col < 0 || col >= m->n_cols)
				BAD("a category's column is out of range");
			int c = coll_themes_category_find(fw, code);
			if (c >= 0) {        /* a sub-category since removed is dropped */
				m->cat_col[c] = col;
				m->thr[c] = (float)thr;
			}
		} else if (sscanf(line, "sentiment %d %d", &col, &label) == 2) {
			if (col < 0 || col >= m->n_cols || m->n_sent >= COLL_THEMES_SENTIMENTS)
				BAD("a sentiment column is out of range");
			if (m->n_sent == 0)
				m->sent_col0 = col;
			m->sent_label[m->n_sent++] = label;
		} else if (strncmp(line, "bias", 4) == 0) {
			char *p = line + 4;
			for (int c = 0; c < m->n_cols; c++) {
				m->bias[c] = strtof(p, &end);
				if (end == p)
					BAD("the bias line is short");
				p = end;
			}
			break;
		} else {
			BAD("unknown line");
		}
	}
	lineno++;
	if (!next_line(copy, len, &pos, &line) || sscanf(line, "features %d", &m->n_rows) != 1 ||
	    m->n_rows < 0 || (unsigned)m->n_rows > COLL_THEMES_DIMS)
		BAD("no feature count");
	m->w = calloc((size_t)(m->n_rows ? m->n_rows : 1) * (size_t)(m->n_cols ? m->n_cols : 1), sizeof *m->w);
	if (!m->w) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for a model of %d features", m->n_rows);
		goto out;
	}
	for (int r = 0; r < m->n_rows; r++) {
		lineno++;
		if (!next_line(copy, len, &pos, &line))
			BAD("ends before its features do");
		unsigned long f = strtoul(line, &end, 10);
		if (end == line || f >= COLL_THEMES_DIMS || m->row[f] >= 0)
			BAD("a feature index is out of range or repeated");
		char *p = end;
		m->idf[f] = strtof(p, &end);
		if (end == p || !(m->idf[f] > 0))
			BAD("a feature has no IDF");
		p = end;
		m->row[f] = r;
		for (int c = 0; c < m->n_cols; c++) {
			m->w[(size_t)r * m->n_cols + c] = strtof(p, &end);
			if (end == p)
				BAD("a feature line is short");
			p = end;
		}
	}
	lineno++;
	if (!next_line(copy, len, &pos, &line) || strcmp(line, "end") != 0)
		BAD("no end line");
#undef BAD
	*out = m;
	m = NULL;
out:
	coll_themes_model_free(m);
	free(copy);
	return rc;
}

/* ---- the report ------------------------------------------------------- */

void coll_themes_report_print(FILE *f, const coll_themes_framework *fw, const coll_themes_report *rep,
			      const char *title)
{
	fprintf(f, "%s (%d comments)\n", title, rep->n_examples);
	fprintf(f, "  %-58s %6s %9s %6s %5s\n", "sub-category", "coded", "precision", "recall", "F1");
	for (int c = 0; c < rep->n_cats; c++) {
		const coll_themes_cat_score *s = &rep->cats[c];
		if (s->learnt)
			fprintf(f, "  %-58.58s %6d %9.2f %6.2f %5.2f\n", fw->cats[c].name, s->positives,
				s->precision, s->recall, s->f1);
		else if (s->needed > 0)
			fprintf(f, "  %-58.58s %6d   not enough coding yet (%d more needed)\n",
				fw->cats[c].name, s->positives, s->needed);
		else
			fprintf(f, "  %-58.58s %6d   not learnt (not enough coding to train on)\n",
				fw->cats[c].name, s->positives);
	}
	fprintf(f, "  micro precision %.2f, recall %.2f, F1 %.2f; macro F1 %.2f over %d learnt sub-categories\n",
		rep->micro_precision, rep->micro_recall, rep->micro_f1, rep->macro_f1, rep->n_learnt);
	if (rep->sentiment_learnt)
		fprintf(f, "  sentiment: %.2f exact, %.2f within one point (%d comments)\n",
			rep->sentiment_exact, rep->sentiment_within_one, rep->sentiment_n);
	else
		fprintf(f, "  sentiment: not enough coding yet (%d coded)\n", rep->sentiment_n);
}
