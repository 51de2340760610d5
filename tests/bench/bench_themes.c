/* bench_themes: the themes' two speeds (issue 15): training on 10,000 coded
 * comments (target under 30 s on 2 cores) and suggesting themes for new
 * comments at ingest (target 1,000 comments/s or more). The comments are the
 * synthetic set's generator's (tests/data/themes/make_set.py --n 10000).
 * Baselines in the same run: for training, reading the same comments into
 * TF-IDF features (what any model must do first), so the ratio says what
 * the 32 x 6 liblinear fits cost on top; for suggesting, the features alone.
 * Figures are medians: BENCH_THEMES_TRAINS (default 3) trainings, 5 passes
 * of suggesting over all the comments. BENCH_THEMES_N changes the 10,000. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../collector/themes/coded_csv.h"
#include "../../collector/themes/features.h"
#include "../../collector/themes/model.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(void)
{
	static coll_themes_framework fw;
	coll_themes_coded_set set = {0};
	coll_themes_example *ex = NULL;
	coll_themes_model *m = NULL;
	coll_themes_train_opts o;
	coll_themes_vec v = {0};
	fb_err err;
	char path[512], cmd[1400], fwpath[1024];
	const char *src = getenv("FB_SRC") ? getenv("FB_SRC") : ".";
	int n = getenv("BENCH_THEMES_N") ? atoi(getenv("BENCH_THEMES_N")) : 10000;
	int trains = getenv("BENCH_THEMES_TRAINS") ? atoi(getenv("BENCH_THEMES_TRAINS")) : 3;
	double t_train[16], t_feat[16], t_sugg[5], t_sfeat[5], c_train[16];
	int rc = 1;
	trains = trains < 1 ? 1 : trains > 16 ? 16 : trains;
	snprintf(path, sizeof path, "/tmp/fb-bench-themes-%d.csv", (int)getpid());
	snprintf(cmd, sizeof cmd, "python3 '%s/tests/data/themes/make_set.py' --n %d --seed 7 > '%s'", src, n, path);
	snprintf(fwpath, sizeof fwpath, "%s/config/themes/framework.json", src);
	if (system(cmd) != 0 || coll_themes_framework_load(fwpath, NULL, &fw, &err) ||
	    coll_themes_csv_read(&fw, path, &set, &err)) {
		fprintf(stderr, "bench_themes: could not make or read %d coded comments: %s\n", n, err.msg);
		goto out;
	}
	ex = calloc(set.n, sizeof *ex);
	if (!ex)
		goto out;
	for (size_t i = 0; i < set.n; i++)
		ex[i] = (coll_themes_example){set.v[i].text, set.v[i].question, set.v[i].labels, set.v[i].sentiment};
	coll_themes_train_opts_default(&o);
	float *idf = malloc(COLL_THEMES_DIMS * sizeof *idf);
	if (!idf)
		goto out;
	for (uint32_t f = 0; f < COLL_THEMES_DIMS; f++)
		idf[f] = 1.0f;
	for (int r = 0; r < trains; r++) {
		double t0 = now_s();
		for (size_t i = 0; i < set.n; i++) {
			coll_themes_features(ex[i].text, ex[i].question, &v);
			coll_themes_tfidf(&v, idf);
		}
		t_feat[r] = now_s() - t0;
		coll_themes_model_free(m);
		m = NULL;
		t0 = now_s();
		clock_t c0 = clock();
		if (coll_themes_train(&fw, ex, set.n, &o, &m, NULL, &err)) {
			fprintf(stderr, "bench_themes: training failed: %s\n", err.msg);
			goto out_idf;
		}
		t_train[r] = now_s() - t0;
		c_train[r] = (double)(clock() - c0) / CLOCKS_PER_SEC;
	}
	for (int r = 0; r < 5; r++) {
		coll_themes_suggestion s;
		double t0 = now_s();
		for (size_t i = 0; i < set.n; i++) {
			coll_themes_features(ex[i].text, ex[i].question, &v);
			coll_themes_tfidf(&v, idf);
		}
		t_sfeat[r] = now_s() - t0;
		t0 = now_s();
		for (size_t i = 0; i < set.n; i++)
			coll_themes_suggest(m, ex[i].text, ex[i].question, &s);
		t_sugg[r] = now_s() - t0;
	}
	double train = median(t_train, trains), feat = median(t_feat, trains), cpu = median(c_train, trains);
	double sugg = median(t_sugg, 5), sfeat = median(t_sfeat, 5);
	double rate = (double)set.n / sugg;
	/* one thread: on a shared machine the wall clock waits for the CPU, so
	 * the CPU time is printed beside it (the target is the wall clock) */
	printf("themes training on %zu coded comments (5-fold CV, 32 sub-categories + sentiment): median %.1f s"
	       " (%.1f s of CPU) of %d, %.0fx the %.2f s of reading them into features (target < 30 s) %s\n",
	       set.n, train, cpu, trains, train / feat, feat, train < 30 ? "MET" : "MISSED");
	printf("themes suggestions: median %.0f comments/s over 5 passes of %zu, %.2fx the time of their"
	       " features alone (target >= 1000/s) %s\n", rate, set.n, sugg / sfeat, rate >= 1000 ? "MET" : "MISSED");
	rc = 0;
out_idf:
	free(idf);
out:
	coll_themes_vec_free(&v);
	coll_themes_model_free(m);
	coll_themes_coded_set_free(&set);
	free(ex);
	remove(path);
	return rc;
}
