/* themes_cli.c: see themes_cli.h. Imported comments get the response id
 * "import:" and 32 hex digits of a BLAKE2b hash (libsodium) of their question
 * and text, so importing a file again corrects what is there. */
#include "themes_cli.h"

#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "themes/coded_csv.h"
#include "themes/model.h"

static int load_framework(const coll_config *cfg, coll_themes_framework **fw, fb_err *err)
{
	*fw = malloc(sizeof **fw);
	if (!*fw)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	int rc = coll_themes_framework_load(cfg->themes_framework_file, cfg->themes_extra_file, *fw, err);
	if (rc) {
		free(*fw);
		*fw = NULL;
	}
	return rc;
}

/* The codes of labels, comma-separated, into out. */
static void codes_of(const coll_themes_framework *fw, const unsigned char *labels, char *out, size_t n)
{
	out[0] = '\0';
	for (int c = 0; c < fw->n_cats; c++)
		if (labels[c])
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "", fw->cats[c].code);
}

int coll_themes_cli_import(const coll_config *cfg, coll_store *st, const char *path, FILE *out,
			   fb_err *err)
{
	coll_themes_framework *fw = NULL;
	coll_themes_coded_set set = {0};
	coll_store_theme_coding *v = NULL;
	char (*ids)[48] = NULL;
	char (*cats)[COLL_STORE_THEMES_CATS_MAX + 1] = NULL;
	char by[300], base[256];
	int64_t now = fb_wall_ms();
	int rc = load_framework(cfg, &fw, err);
	if (rc)
		goto out;
	rc = coll_themes_csv_read(fw, path, &set, err);
	if (rc)
		goto out;
	snprintf(base, sizeof base, "%s", path);
	snprintf(by, sizeof by, "import %s", basename(base));
	v = calloc(set.n ? set.n : 1, sizeof *v);
	ids = calloc(set.n ? set.n : 1, sizeof *ids);
	cats = calloc(set.n ? set.n : 1, sizeof *cats);
	if (!v || !ids || !cats) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory importing %zu comments", set.n);
		goto out;
	}
	for (size_t i = 0; i < set.n; i++) {
		unsigned char h[16];
		crypto_generichash_state gs;
		const char *q = coll_themes_question_name(set.v[i].question);
		crypto_generichash_init(&gs, NULL, 0, sizeof h);
		crypto_generichash_update(&gs, (const unsigned char *)q, strlen(q) + 1);
		crypto_generichash_update(&gs, (const unsigned char *)set.v[i].text, strlen(set.v[i].text));
		crypto_generichash_final(&gs, h, sizeof h);
		memcpy(ids[i], "import:", 7);
		sodium_bin2hex(ids[i] + 7, sizeof ids[i] - 7, h, sizeof h);
		codes_of(fw, set.v[i].labels, cats[i], sizeof cats[i]);
		v[i] = (coll_store_theme_coding){ids[i], q, set.v[i].text, cats[i], set.v[i].sentiment, by, now, 0};
	}
	rc = coll_store_themes_coding_put(st, v, set.n, err);
	if (rc)
		goto out;
	fprintf(out, "imported %zu row%s of coding from %s (a comment coded before is corrected,"
		" its old coding kept); train with 'feedback-collector themes train'\n",
		set.n, set.n == 1 ? "" : "s", path);
out:
	coll_themes_coded_set_free(&set);
	free(v);
	free(ids);
	free(cats);
	free(fw);
	return rc;
}

/* ---- train ------------------------------------------------------------ */

typedef struct gather {
	const coll_themes_framework *fw;
	coll_themes_coded_set set;
	int unknown;                 /* codes the framework no longer has */
	bool nomem;
} gather;

static int gather_row(void *ctx, const coll_store_theme_coding *c)
{
	gather *g = ctx;
	coll_themes_coded k = {0};
	const char *p = c->categories ? c->categories : "";
	if (g->set.n == g->set.cap) {
		size_t cap = g->set.cap ? g->set.cap * 2 : 1024;
		coll_themes_coded *nv = realloc(g->set.v, cap * sizeof *nv);
		if (!nv) {
			g->nomem = true;
			return 1;
		}
		g->set.v = nv;
		g->set.cap = cap;
	}
	while (*p) {
		char code[COLL_THEMES_CODE_MAX + 2];
		size_t n = strcspn(p, ",");
		snprintf(code, sizeof code, "%.*s", (int)(n < sizeof code - 1 ? n : sizeof code - 1), p);
		int i = coll_themes_category_find(g->fw, code);
		if (i >= 0)
			k.labels[i] = 1;
		else
			g->unknown++;
		p += n;
		if (*p == ',')
			p++;
	}
	k.question = coll_themes_question_of(g->fw, c->question);
	k.sentiment = c->sentiment;
	k.text = strdup(c->comment);
	if (!k.text) {
		g->nomem = true;
		return 1;
	}
	g->set.v[g->set.n++] = k;
	return 0;
}

static coll_themes_example *examples_of(const coll_themes_coded *v, size_t n)
{
	coll_themes_example *ex = calloc(n ? n : 1, sizeof *ex);
	for (size_t i = 0; ex && i < n; i++)
		ex[i] = (coll_themes_example){v[i].text, v[i].question, v[i].labels, v[i].sentiment};
	return ex;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int coll_themes_train_store(const coll_config *cfg, coll_store *st, uint64_t seed, const char *by,
			    FILE *out, fb_err *err)
{
	coll_themes_framework *fw = NULL;
	gather g = {0};
	coll_themes_example *ex = NULL;
	coll_themes_model *m = NULL;
	coll_themes_report rep;
	coll_themes_train_opts o;
	char *text = NULL, *scores = NULL;
	size_t len = 0, slen = 0;
	FILE *sf = NULL;
	int64_t id = 0;
	struct timespec t0;
	int rc = load_framework(cfg, &fw, err);
	if (rc)
		goto out;
	g.fw = fw;
	rc = coll_store_themes_coding_each(st, gather_row, &g, err);
	if (rc == 0 && g.nomem)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the coding");
	if (rc)
		goto out;
	if (g.unknown)
		fprintf(out, "note: %d coded sub-categor%s the framework no longer has %s left out\n",
			g.unknown, g.unknown == 1 ? "y" : "ies", g.unknown == 1 ? "is" : "are");
	ex = examples_of(g.set.v, g.set.n);
	if (!ex) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	coll_themes_train_opts_default(&o);
	o.seed = seed;
	o.min_positives = cfg->themes_min_positives;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = coll_themes_train(fw, ex, g.set.n, &o, &m, &rep, err);
	if (rc) {
		/* say what is missing theme by theme, then why nothing was learnt */
		coll_themes_report_print(out, fw, &rep, "coded comments in the store");
		goto out;
	}
	double took = seconds_since(&t0);
	sf = open_memstream(&scores, &slen);
	if (!sf) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	coll_themes_report_print(sf, fw, &rep, "five-fold cross-validation on the coded comments in the store");
	fclose(sf);
	sf = NULL;
	fputs(scores, out);
	rc = coll_themes_model_save(m, &text, &len, err);
	if (rc == 0)
		rc = coll_store_themes_model_put(st, text, scores, (int64_t)g.set.n, by,
						 fb_wall_ms(), &id, err);
	if (rc)
		goto out;
	fprintf(out, "model %lld stored (trained on %zu comments in %.1f s); new comments get its"
		" suggestions\n", (long long)id, g.set.n, took);
out:
	coll_themes_model_free(m);
	coll_themes_coded_set_free(&g.set);
	free(ex);
	free(text);
	free(scores);
	free(fw);
	return rc;
}

/* ---- evaluate --------------------------------------------------------- */

int coll_themes_cli_evaluate(const coll_config *cfg, const char *path, double train_fraction,
			     uint64_t seed, FILE *out, fb_err *err)
{
	coll_themes_framework *fw = NULL;
	coll_themes_coded_set set = {0};
	coll_themes_example *ex = NULL;
	coll_themes_model *m = NULL;
	coll_themes_report rep;
	coll_themes_train_opts o;
	struct timespec t0;
	uint64_t s = seed;
	int rc = 0;
	if (!(train_fraction > 0 && train_fraction < 1))
		return fb_err_set(err, FB_ERR_INVALID, "--train-fraction %g must be between 0 and 1,"
				  " such as 0.8", train_fraction);
	rc = load_framework(cfg, &fw, err);
	if (rc == 0)
		rc = coll_themes_csv_read(fw, path, &set, err);
	if (rc)
		goto out;
	/* a seeded shuffle (xorshift64*, the same everywhere), then the split */
	s = s ? s : 1;
	for (size_t i = set.n; i > 1; i--) {
		s ^= s >> 12;
		s ^= s << 25;
		s ^= s >> 27;
		size_t j = (size_t)((s * 2685821657736338717ull) % i);
		coll_themes_coded tmp = set.v[i - 1];
		set.v[i - 1] = set.v[j];
		set.v[j] = tmp;
	}
	size_t n_train = (size_t)(train_fraction * (double)set.n);
	if (n_train < 1 || n_train >= set.n) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: %zu comments cannot be split %g to %g; use more"
				" comments or another --train-fraction", path, set.n, train_fraction,
				1 - train_fraction);
		goto out;
	}
	ex = examples_of(set.v, set.n);
	if (!ex) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	coll_themes_train_opts_default(&o);
	o.seed = seed;
	o.min_positives = cfg->themes_min_positives;
	fprintf(out, "%s: %zu comments, %zu to train on and %zu held out (seed %llu)\n", path, set.n,
		n_train, set.n - n_train, (unsigned long long)seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = coll_themes_train(fw, ex, n_train, &o, &m, &rep, err);
	if (rc) {
		coll_themes_report_print(out, fw, &rep, "the training part");
		goto out;
	}
	double took = seconds_since(&t0);
	coll_themes_report_print(out, fw, &rep, "five-fold cross-validation on the training part");
	fprintf(out, "trained in %.1f s\n", took);
	rc = coll_themes_score(m, ex + n_train, set.n - n_train, &rep, err);
	if (rc)
		goto out;
	/* themes the training part could not learn stay "not enough coding" */
	coll_themes_report_print(out, fw, &rep, "held out, never seen in training");
out:
	coll_themes_model_free(m);
	coll_themes_coded_set_free(&set);
	free(ex);
	free(fw);
	return rc;
}
