/* survey_answers.c: one person's answers (see survey.h): which questions
 * they see (show_if), and their answers as a record's JSON, the clear
 * fields apart from the private ones that will be sealed. */
#include "survey.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response.h"
#include "utf8.h"

/* Whether answer a to question t is value v. */
static bool answer_is(const fb_question *t, const fb_answer *a, const char *v)
{
	char num[16];

	if (!a->answered)
		return false;
	switch (t->kind) {
	case FB_Q_FFT:
	case FB_Q_AGREE5:
		snprintf(num, sizeof num, "%d", a->choice);
		return strcmp(num, v) == 0;
	case FB_Q_SINGLE:
		return a->choice >= 0 && (size_t)a->choice < t->n_options &&
		       strcmp(t->options[a->choice].value, v) == 0;
	case FB_Q_MULTI:
		for (size_t i = 0; i < t->n_options && i < 32; i++)
			if ((a->multi & (1u << i)) &&
			    strcmp(t->options[i].value, v) == 0)
				return true;
		return false;
	case FB_Q_TEXT:
	case FB_Q_INFO:
		break;
	}
	return false;
}

bool fb_survey_visible(const fb_survey *s, size_t qi, const fb_answer *answers)
{
	const fb_question *q;
	size_t ti;

	if (!s || qi >= s->n_questions)
		return false;
	q = &s->questions[qi];
	if (q->show_if_question < 0)
		return true;
	ti = (size_t)q->show_if_question;
	if (ti >= qi || !answers)   /* never true for a loaded survey */
		return false;
	/* A question hidden itself cannot show another. */
	if (!fb_survey_visible(s, ti, answers))
		return false;
	for (size_t i = 0; i < q->n_show_if_values; i++)
		if (answer_is(&s->questions[ti], &answers[ti],
			      q->show_if_values[i]))
			return true;
	return false;
}

static int answer_add(const fb_question *q, const fb_answer *a, json_t *clear,
		      json_t *priv, int *fft, fb_err *err)
{
	json_t *v = NULL;
	json_t *dest = clear;
	int rc = 0;

	switch (q->kind) {
	case FB_Q_FFT:
	case FB_Q_AGREE5:
		if (a->choice < 1 || (size_t)a->choice > q->n_options) {
			rc = fb_err_set(err, FB_ERR_INVALID, "answer to '%s' is "
					"%d; expected 1 to %zu", q->id,
					a->choice, q->n_options);
			goto out;
		}
		if (q->kind == FB_Q_FFT) {
			*fft = a->choice;
			goto out;
		}
		v = json_integer(a->choice);
		break;
	case FB_Q_SINGLE:
		if (a->choice < 0 || (size_t)a->choice >= q->n_options) {
			rc = fb_err_set(err, FB_ERR_INVALID, "answer to '%s' is "
					"option %d; it has %zu options", q->id,
					a->choice, q->n_options);
			goto out;
		}
		v = json_string(q->options[a->choice].value);
		break;
	case FB_Q_MULTI:
		if (q->n_options < 32 && (a->multi >> q->n_options) != 0) {
			rc = fb_err_set(err, FB_ERR_INVALID, "answer to '%s' "
					"ticks an option it does not have",
					q->id);
			goto out;
		}
		if (a->multi == 0)
			goto out;   /* nothing ticked: as if skipped */
		v = json_array();
		for (size_t i = 0; v && i < q->n_options; i++)
			if ((a->multi & (1u << i)) &&
			    json_array_append_new(
				    v, json_string(q->options[i].value)) != 0) {
				json_decref(v);
				v = NULL;
			}
		break;
	case FB_Q_TEXT:
		if (!a->text || a->text[0] == '\0')
			goto out;
		if (fb_utf8_count(a->text, strlen(a->text)) > (size_t)q->max_length) {
			rc = fb_err_set(err, FB_ERR_INVALID, "answer to '%s' is "
					"longer than its %d characters", q->id,
					q->max_length);
			goto out;
		}
		v = json_string(a->text);
		if (!v) {
			rc = fb_err_set(err, FB_ERR_INVALID, "answer to '%s' is "
					"not valid UTF-8 text", q->id);
			goto out;
		}
		dest = priv;
		break;
	case FB_Q_INFO:
		goto out;
	}
	if (!v || json_object_set_new(dest, q->id, v) != 0) {
		v = NULL;
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory building "
				"answers");
		goto out;
	}
out:
	return rc;
}

int fb_survey_answers_json(const fb_survey *s, const fb_answer *answers,
			   char **clear_json, char **private_json, int *fft,
			   fb_err *err)
{
	json_t *clear = NULL, *priv = NULL;
	char *c = NULL, *p = NULL;
	int rc = 0;

	*clear_json = NULL;
	*private_json = NULL;
	*fft = 0;
	fb_err_clear(err);
	clear = json_object();
	priv = json_object();
	if (!clear || !priv) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory building "
				"answers");
		goto out;
	}
	for (size_t i = 0; i < s->n_questions; i++) {
		if (!answers[i].answered || !fb_survey_visible(s, i, answers))
			continue;
		rc = answer_add(&s->questions[i], &answers[i], clear, priv,
				fft, err);
		if (rc)
			goto out;
	}
	c = json_dumps(clear, JSON_COMPACT | JSON_SORT_KEYS);
	if (json_object_size(priv) > 0)
		p = json_dumps(priv, JSON_COMPACT | JSON_SORT_KEYS);
	if (!c || (json_object_size(priv) > 0 && !p)) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory building "
				"answers");
		goto out;
	}
	if (strlen(c) > FB_ANSWERS_MAX || (p && strlen(p) > FB_ANSWERS_MAX)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "answers are larger than "
				"%d bytes", FB_ANSWERS_MAX);
		goto out;
	}
	*clear_json = c;
	*private_json = p;
	c = NULL;
	p = NULL;
out:
	if (rc)
		*fft = 0;
	free(c);
	free(p);
	json_decref(clear);
	json_decref(priv);
	return rc;
}

void fb_answers_clear(fb_answer *answers, size_t n)
{
	if (!answers)
		return;
	for (size_t i = 0; i < n; i++) {
		free(answers[i].text);
		memset(&answers[i], 0, sizeof answers[i]);
	}
}
