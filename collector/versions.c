/* versions.c: counting answers per (survey, version), the survey files that
 * name their questions, the same-questions decision and the grouping. */
#include "versions.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void coll_versions_init(coll_versions *vs)
{
	memset(vs, 0, sizeof *vs);
}

void coll_versions_free(coll_versions *vs)
{
	if (!vs)
		return;
	for (size_t i = 0; i < vs->n; i++)
		free(vs->v[i].q);
	memset(vs, 0, sizeof *vs);
}

static coll_version *version_get(coll_versions *vs, const char *survey_id, int version,
				 bool make, fb_err *err, int *rc)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].version == version && strcmp(vs->v[i].survey_id, survey_id) == 0)
			return &vs->v[i];
	if (!make || vs->n >= COLL_VERSIONS_MAX)
		return NULL;
	coll_version *v = &vs->v[vs->n];
	memset(v, 0, sizeof *v);
	v->q = calloc(COLL_VERSIONS_QUESTIONS_MAX, sizeof *v->q);
	if (!v->q) {
		*rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory counting survey versions");
		return NULL;
	}
	snprintf(v->survey_id, sizeof v->survey_id, "%s", survey_id);
	v->version = version;
	vs->n++;
	return v;
}

static coll_vq *question_get(coll_version *v, const char *id)
{
	for (size_t i = 0; i < v->n_q; i++)
		if (strcmp(v->q[i].id, id) == 0)
			return &v->q[i];
	if (v->n_q >= COLL_VERSIONS_QUESTIONS_MAX || strlen(id) >= COLL_VERSIONS_ID_MAX)
		return NULL;
	coll_vq *q = &v->q[v->n_q++];
	memset(q, 0, sizeof *q);
	snprintf(q->id, sizeof q->id, "%s", id);
	q->kind = COLL_VQ_UNKNOWN;
	return q;
}

static void option_count(coll_vq *q, const char *value, int64_t n)
{
	for (size_t i = 0; i < q->n_options; i++)
		if (strcmp(q->options[i].value, value) == 0) {
			q->options[i].count += n;
			return;
		}
	if (q->n_options >= COLL_VERSIONS_OPTIONS_MAX || strlen(value) >= COLL_VERSIONS_ID_MAX) {
		q->other += n;
		return;
	}
	coll_vq_option *o = &q->options[q->n_options++];
	memset(o, 0, sizeof *o);
	snprintf(o->value, sizeof o->value, "%s", value);
	o->count = n;
}

/* One answer: a number (a rating: its code), a string (one choice), a list
 * (any of), or, in the free text, words. */
static void answer_count(coll_version *v, const char *key, json_t *a, bool free_text, int64_t n)
{
	coll_vq *q = question_get(v, key);
	if (!q)
		return;
	q->seen = true;
	q->answered += n;
	if (free_text) {
		q->free_text = true;
		return;
	}
	if (json_is_integer(a)) {
		char code[24];
		snprintf(code, sizeof code, "%lld", (long long)json_integer_value(a));
		option_count(q, code, n);
	} else if (json_is_string(a)) {
		option_count(q, json_string_value(a), n);
	} else if (json_is_array(a)) {
		size_t i;
		json_t *e;
		q->any_of = true;
		json_array_foreach(a, i, e)
			if (json_is_string(e))
				option_count(q, json_string_value(e), n);
	}
}

static void answers_count(coll_version *v, const char *text, bool free_text, int64_t n)
{
	if (!text)
		return;
	json_t *o = json_loads(text, 0, NULL);
	const char *key;
	json_t *a;
	if (json_is_object(o))
		json_object_foreach(o, key, a)
			answer_count(v, key, a, free_text, n);
	json_decref(o);
}

int coll_versions_add(coll_versions *vs, const char *survey_id, int version, int64_t at_ms,
		      const char *answers_json, const char *free_text_json, int64_t n,
		      fb_err *err)
{
	int rc = 0;
	coll_version *v = version_get(vs, survey_id ? survey_id : "", version, true, err, &rc);
	if (rc)
		return rc;
	if (!v) {
		vs->other_n += n;
		return 0;
	}
	if (v->n == 0 || at_ms < v->first_ms)
		v->first_ms = at_ms;
	v->n += n;
	answers_count(v, answers_json, false, n);
	answers_count(v, free_text_json, true, n);
	return 0;
}

/* The English words of t (or the survey's first language's). */
static void words(const fb_survey *s, const fb_text *t, char *out, size_t size)
{
	int en = fb_survey_language_index(s, "en");
	const char *w = fb_text_get(t, en >= 0 ? (size_t)en : 0);
	snprintf(out, size, "%s", w ? w : "");
}

void coll_versions_define(coll_versions *vs, const fb_survey *s)
{
	int rc = 0;
	coll_version *v = version_get(vs, s->id, s->version, false, NULL, &rc);
	if (!v || v->has_file)
		return;
	coll_vq *old = calloc(COLL_VERSIONS_QUESTIONS_MAX, sizeof *old);
	if (!old)
		return;   /* the questions seen in the answers are used */
	size_t n_old = v->n_q;
	memcpy(old, v->q, n_old * sizeof *old);
	memset(v->q, 0, COLL_VERSIONS_QUESTIONS_MAX * sizeof *v->q);
	v->n_q = 0;
	v->has_file = true;
	for (size_t i = 0; i < s->n_questions && v->n_q < COLL_VERSIONS_QUESTIONS_MAX; i++) {
		const fb_question *fq = &s->questions[i];
		if (strlen(fq->id) >= COLL_VERSIONS_ID_MAX)
			continue;
		coll_vq *q = &v->q[v->n_q++];
		const coll_vq *was = NULL;
		for (size_t k = 0; k < n_old && !was; k++)
			if (strcmp(old[k].id, fq->id) == 0)
				was = &old[k];
		snprintf(q->id, sizeof q->id, "%s", fq->id);
		q->kind = (int)fq->kind;
		q->defined = true;
		q->free_text = fq->kind == FB_Q_TEXT;
		q->any_of = fq->kind == FB_Q_MULTI;
		words(s, &fq->title, q->title, sizeof q->title);
		for (size_t k = 0; k < fq->n_options && q->n_options < COLL_VERSIONS_OPTIONS_MAX; k++) {
			coll_vq_option *o = &q->options[q->n_options++];
			/* FFT and agree-5 answers are stored as their codes 1.. */
			if (fq->kind == FB_Q_FFT || fq->kind == FB_Q_AGREE5)
				snprintf(o->value, sizeof o->value, "%zu", k + 1);
			else
				snprintf(o->value, sizeof o->value, "%s", fq->options[k].value);
			words(s, &fq->options[k].label, o->label, sizeof o->label);
			o->defined = true;
		}
		if (!was)
			continue;
		q->seen = was->seen;
		q->answered = was->answered;
		q->other = was->other;
		for (size_t k = 0; k < was->n_options; k++) {
			size_t j = 0;
			while (j < q->n_options && strcmp(q->options[j].value, was->options[k].value))
				j++;
			if (j == q->n_options && j < COLL_VERSIONS_OPTIONS_MAX) {
				q->options[j] = was->options[k];
				q->options[j].defined = false;
				q->n_options++;
				continue;
			}
			if (j == q->n_options)
				q->other += was->options[k].count;
			else
				q->options[j].count = was->options[k].count;
		}
	}
	/* answers to questions the file does not have (kept, after its own) */
	for (size_t k = 0; k < n_old && v->n_q < COLL_VERSIONS_QUESTIONS_MAX; k++) {
		bool known = false;
		for (size_t i = 0; i < v->n_q && !known; i++)
			known = strcmp(v->q[i].id, old[k].id) == 0;
		if (!known)
			v->q[v->n_q++] = old[k];
	}
	free(old);
}

void coll_versions_load_dir(coll_versions *vs, const char *dir)
{
	DIR *dh = dir && dir[0] ? opendir(dir) : NULL;
	struct dirent *e;
	if (!dh)
		return;
	while ((e = readdir(dh)) != NULL) {
		size_t n = strlen(e->d_name);
		char path[4096];
		fb_survey *s = NULL;
		fb_err err;
		if (e->d_name[0] == '.' || n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path)
			continue;
		if (fb_survey_load(path, &s, &err) == 0)
			coll_versions_define(vs, s);
		fb_survey_free(s);
	}
	closedir(dh);
}

/* A defined question's option values, as a set. */
static bool options_same(const coll_vq *a, const coll_vq *b)
{
	size_t na = 0, nb = 0;
	for (size_t i = 0; i < a->n_options; i++)
		na += a->options[i].defined;
	for (size_t i = 0; i < b->n_options; i++)
		nb += b->options[i].defined;
	if (na != nb)
		return false;
	for (size_t i = 0; i < a->n_options; i++) {
		bool found = !a->options[i].defined;
		for (size_t k = 0; k < b->n_options && !found; k++)
			found = b->options[k].defined &&
				strcmp(a->options[i].value, b->options[k].value) == 0;
		if (!found)
			return false;
	}
	return true;
}

static bool counts_in(const coll_vq *q, bool by_file)
{
	return by_file ? q->defined && q->kind != FB_Q_INFO : q->seen;
}

/* Every question of a (counted as by_file says) is in b, the same. */
static bool questions_within(const coll_version *a, const coll_version *b, bool by_file)
{
	for (size_t i = 0; i < a->n_q; i++) {
		const coll_vq *qa = &a->q[i], *qb = NULL;
		if (!counts_in(qa, by_file))
			continue;
		for (size_t k = 0; k < b->n_q && !qb; k++)
			if (strcmp(b->q[k].id, qa->id) == 0 && counts_in(&b->q[k], by_file))
				qb = &b->q[k];
		if (!qb)
			return false;
		if (by_file && (qa->kind != qb->kind || !options_same(qa, qb)))
			return false;
	}
	return true;
}

bool coll_versions_same_questions(const coll_version *a, const coll_version *b)
{
	bool by_file = a->has_file && b->has_file;
	return questions_within(a, b, by_file) && questions_within(b, a, by_file);
}

static int by_survey_version(const void *pa, const void *pb)
{
	const coll_version *a = pa, *b = pb;
	int c = strcmp(a->survey_id, b->survey_id);
	return c ? c : (a->version > b->version) - (a->version < b->version);
}

int coll_versions_group(coll_versions *vs)
{
	qsort(vs->v, vs->n, sizeof vs->v[0], by_survey_version);
	vs->n_groups = 0;
	for (size_t i = 0; i < vs->n; i++) {
		vs->v[i].group = -1;
		for (size_t k = 0; k < i && vs->v[i].group < 0; k++)
			if (coll_versions_same_questions(&vs->v[k], &vs->v[i]))
				vs->v[i].group = vs->v[k].group;
		if (vs->v[i].group < 0)
			vs->v[i].group = vs->n_groups++;
	}
	return vs->n_groups;
}

void coll_versions_hide(const int64_t *n, size_t k, int threshold, bool hide_all, bool *hidden)
{
	size_t n_hidden = 0, lone = 0;
	for (size_t i = 0; i < k; i++) {
		hidden[i] = hide_all || (n[i] > 0 && n[i] < threshold);
		if (hidden[i]) {
			n_hidden++;
			lone = i;
		}
	}
	if (n_hidden != 1 || k < 2)
		return;
	size_t pick = k;
	for (size_t i = 0; i < k; i++)
		if (i != lone && (pick == k || n[i] < n[pick]))
			pick = i;
	hidden[pick] = true;
}

bool coll_versions_shown(const coll_vq *q)
{
	if (q->kind == FB_Q_FFT || q->kind == FB_Q_INFO)
		return false;
	/* the record's own rating, when no file says what it is */
	return !(q->kind == COLL_VQ_UNKNOWN && strcmp(q->id, "fft") == 0);
}
