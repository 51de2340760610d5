/* survey: loading and validating a survey definition (docs/survey.md). See
 * survey.h; turning one person's answers into a record's JSON is in
 * survey_answers.c.
 *
 * jansson parses the file and reports syntax errors with line and column.
 * It keeps no positions for values, so for a file that parses but says
 * something wrong we re-scan the text (already known to be valid JSON) to
 * find where the offending key or value starts, by its JSON Pointer path
 * ("/questions/3/title/pl"); a missing key points at the object that lacks
 * it. That scan (lib/json_pos.h) only walks; it never decides what the file
 * means. */
#include "survey.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "json_pos.h"
#include "utf8.h"
#include "response.h"

#define SURVEY_MAX_BYTES (1024 * 1024)  /* cap on a survey file */
#define SURVEY_STRING_MAX 2000          /* cap on one visible string, bytes */
#define SURVEY_ID_MAX 63

static const char FFT_TITLE_EN[] =
	"Overall, how was your experience of our service?";
static const char *const FFT_LABELS_EN[6] = {
	"Very good", "Good", "Neither good nor poor", "Poor", "Very poor",
	"Don't know",
};
static const char *const INPUT_HINTS[] = {
	"text", "name", "phone", "email", "contact",
};

/* ---- loading ---- */

typedef struct loader {
	const char *name;
	const char *text;
	size_t len;
	fb_survey *s;
	fb_err *err;
} loader;

static int fail_at(loader *L, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_at(loader *L, const char *path, const char *fmt, ...)
{
	char msg[400];
	int line = 1, col = 1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fb_json_pos_find(L->text, L->len, path, &line, &col);
	return fb_err_set(L->err, FB_ERR_INVALID, "%s:%d:%d: %s", L->name,
			  line, col, msg);
}

static int fail_nomem(loader *L)
{
	return fb_err_set(L->err, FB_ERR_NOMEM, "%s: out of memory", L->name);
}

static bool str_is_code(const char *s, bool allow_dash)
{
	size_t n = strlen(s);

	if (n == 0 || n > SURVEY_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || (allow_dash && ch == '-')))
			return false;
	}
	return true;
}

/* A language tag such as "en", "pl" or "pt-BR". */
static bool str_is_lang(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n >= FB_LANGUAGE_MAX || !isalpha((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

/* Keys allowed in obj; the first other one is an error. */
static int check_keys(loader *L, json_t *obj, const char *path,
		      const char *what, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		bool ok = strcmp(key, "comment") == 0;
		for (size_t i = 0; !ok && allowed[i]; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok) {
			char p[FB_JSON_PATH_MAX];
			snprintf(p, sizeof p, "%s/%s", path, key);
			return fail_at(L, p, "%s: unknown key '%s'; check the "
				       "spelling (docs/survey.md lists the "
				       "keys)", what, key);
		}
	}
	return 0;
}

/* A string to show the author which text lacks a translation. */
/* s in quotes for a message, cut at 47 bytes (never inside a character). */
static void quote_text(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s ? s : "");

	if (n <= 50) {
		snprintf(buf, size, "\"%s\"", s ? s : "");
		return;
	}
	snprintf(buf, size, "\"%.*s...\"", (int)fb_utf8_cut(s, n, 47), s);
}

static void quote_first(const fb_text *t, char *buf, size_t size)
{
	quote_text(t->s[0], buf, size);
}

/* A {"en": "...", "pl": "..."} object with every offered language. */
static int load_text(loader *L, json_t *v, const char *path,
		     const char *what, fb_text *out)
{
	const fb_survey *s = L->s;
	const char *key;
	json_t *jv;
	char p[FB_JSON_PATH_MAX];

	if (!json_is_object(v))
		return fail_at(L, path, "%s: expected an object of "
			       "translations such as {\"en\": \"...\", "
			       "\"pl\": \"...\"}", what);
	json_object_foreach(v, key, jv) {
		if (fb_survey_language_index(s, key) < 0) {
			snprintf(p, sizeof p, "%s/%s", path, key);
			return fail_at(L, p, "%s: '%s' is not one of the "
				       "survey's languages; add it to "
				       "\"languages\" or remove it", what, key);
		}
	}
	for (size_t i = 0; i < s->n_languages; i++) {
		const char *lang = s->languages[i];
		const char *str;

		jv = json_object_get(v, lang);
		snprintf(p, sizeof p, "%s/%s", path, lang);
		if (!jv) {
			char q[64];
			if (i == 0) {
				/* quote another language, so it can be found */
				const char *other = NULL;
				const char *k2;
				json_t *v2;
				json_object_foreach(v, k2, v2) {
					if (json_is_string(v2)) {
						other = json_string_value(v2);
						break;
					}
				}
				quote_text(other, q, sizeof q);
				return fail_at(L, path, "%s: missing the '%s' "
					       "(%s) text%s%s", what, lang,
					       s->language_native_names[i],
					       other ? " for " : "",
					       other ? q : "");
			}
			quote_first(out, q, sizeof q);
			return fail_at(L, path, "%s: missing the '%s' (%s) "
				       "translation of %s", what, lang,
				       s->language_native_names[i], q);
		}
		str = json_string_value(jv);
		if (!str || str[0] == '\0')
			return fail_at(L, p, "%s: the '%s' text must be a "
				       "string that is not empty", what, lang);
		for (const char *ch = str; *ch; ch++) {
			if ((unsigned char)*ch < 0x20 && *ch != '\n')
				return fail_at(L, p, "%s: the '%s' text holds a "
					       "control character (only \\n "
					       "is allowed)", what, lang);
		}
		if (strlen(str) > SURVEY_STRING_MAX)
			return fail_at(L, p, "%s: the '%s' text is longer than "
				       "%d bytes; shorten it", what, lang,
				       SURVEY_STRING_MAX);
		out->s[i] = strdup(str);
		if (!out->s[i])
			return fail_nomem(L);
	}
	return 0;
}

static int load_languages(loader *L, json_t *root)
{
	fb_survey *s = L->s;
	json_t *arr = json_object_get(root, "languages");
	size_t i;
	json_t *jl;
	static const char *const keys[] = { "code", "name", NULL };

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return fail_at(L, "/languages", "\"languages\" must be a list "
			       "such as [{\"code\": \"en\", \"name\": "
			       "\"English\"}]");
	if (json_array_size(arr) > FB_SURVEY_MAX_LANGUAGES)
		return fail_at(L, "/languages", "at most %d languages",
			       FB_SURVEY_MAX_LANGUAGES);
	json_array_foreach(arr, i, jl) {
		char p[FB_JSON_PATH_MAX];
		const char *code, *name;
		int rc;

		snprintf(p, sizeof p, "/languages/%zu", i);
		if (!json_is_object(jl))
			return fail_at(L, p, "language %zu: expected {\"code\": "
				       "\"pl\", \"name\": \"Polski\"}", i + 1);
		rc = check_keys(L, jl, p, "language", keys);
		if (rc)
			return rc;
		code = json_string_value(json_object_get(jl, "code"));
		name = json_string_value(json_object_get(jl, "name"));
		snprintf(p, sizeof p, "/languages/%zu/code", i);
		if (!code || !str_is_lang(code))
			return fail_at(L, p, "language %zu: \"code\" must be a "
				       "language code such as \"pl\" or "
				       "\"pt-BR\" (2 to %d letters, digits or "
				       "'-')", i + 1, FB_LANGUAGE_MAX - 1);
		if (fb_survey_language_index(s, code) >= 0)
			return fail_at(L, p, "language '%s' is listed twice",
				       code);
		snprintf(p, sizeof p, "/languages/%zu/name", i);
		if (!name || name[0] == '\0' || strlen(name) > 64)
			return fail_at(L, p, "language '%s': \"name\" must be "
				       "its own name for itself, such as "
				       "\"Polski\" (1 to 64 bytes)", code);
		s->languages[i] = strdup(code);
		s->language_native_names[i] = strdup(name);
		s->n_languages = i + 1;
		if (!s->languages[i] || !s->language_native_names[i])
			return fail_nomem(L);
	}
	return 0;
}

/* Sets answer i of q, the last so far: its stored code value (copied) and
 * its label, read from label (at path p, named what in messages). */
static int set_option(loader *L, fb_question *q, size_t i, const char *value,
		      json_t *label, const char *p, const char *what)
{
	q->options[i].value = strdup(value);
	q->n_options = i + 1;
	if (!q->options[i].value)
		return fail_nomem(L);
	return load_text(L, label, p, what, &q->options[i].label);
}

static int load_scale(loader *L, json_t *jq, const char *qpath,
		      fb_question *q, size_t n)
{
	json_t *labels = json_object_get(jq, "labels");
	char p[FB_JSON_PATH_MAX], what[128];
	int rc = 0;

	snprintf(p, sizeof p, "%s/labels", qpath);
	if (!json_is_array(labels) || json_array_size(labels) != n)
		return fail_at(L, json_is_array(labels) ? p : qpath,
			       "question '%s': \"labels\" must list exactly %zu "
			       "answers, in order from %s", q->id, n,
			       q->kind == FB_Q_FFT ?
			       "\"Very good\" (1) to \"Don't know\" (6)" :
			       "\"Strongly disagree\" (1) to \"Strongly "
			       "agree\" (5)");
	for (size_t i = 0; i < n; i++) {
		char v[24];

		snprintf(p, sizeof p, "%s/labels/%zu", qpath, i);
		snprintf(what, sizeof what, "question '%s' answer %zu", q->id,
			 i + 1);
		snprintf(v, sizeof v, "%zu", i + 1);
		rc = set_option(L, q, i, v, json_array_get(labels, i), p, what);
		if (rc)
			return rc;
	}
	return 0;
}

/* The national wording, unless the question says it is adapted (children,
 * easy read): the scale and codes stay the same either way. */
static int check_fft_wording(loader *L, json_t *jq, const char *qpath,
			     fb_question *q)
{
	json_t *adapted = json_object_get(jq, "adapted");
	int en = fb_survey_language_index(L->s, "en");
	char p[FB_JSON_PATH_MAX];

	snprintf(p, sizeof p, "%s/adapted", qpath);
	if (adapted && !json_is_boolean(adapted))
		return fail_at(L, p, "question '%s': \"adapted\" must be true "
			       "or false", q->id);
	if (json_is_true(adapted) || en < 0)
		return 0;
	if (strcmp(q->title.s[en], FFT_TITLE_EN) != 0) {
		snprintf(p, sizeof p, "%s/title/en", qpath);
		return fail_at(L, p, "question '%s': the Friends and Family "
			       "Test must ask \"%s\" in English; set "
			       "\"adapted\": true only for an approved "
			       "children's or easy-read version", q->id,
			       FFT_TITLE_EN);
	}
	for (size_t i = 0; i < 6; i++) {
		if (strcmp(q->options[i].label.s[en], FFT_LABELS_EN[i]) != 0) {
			snprintf(p, sizeof p, "%s/labels/%zu/en", qpath, i);
			return fail_at(L, p, "question '%s': answer %zu must "
				       "read \"%s\" in English (the national "
				       "scale)", q->id, i + 1,
				       FFT_LABELS_EN[i]);
		}
	}
	return 0;
}

static int load_options(loader *L, json_t *jq, const char *qpath,
			fb_question *q)
{
	json_t *opts = json_object_get(jq, "options");
	static const char *const keys[] = { "value", "label", NULL };
	char p[FB_JSON_PATH_MAX], what[160];
	size_t i;
	json_t *jo;
	int rc;

	snprintf(p, sizeof p, "%s/options", qpath);
	if (!json_is_array(opts) || json_array_size(opts) < 2 ||
	    json_array_size(opts) > FB_SURVEY_MAX_OPTIONS)
		return fail_at(L, opts ? p : qpath, "question '%s': "
			       "\"options\" must list 2 to %d choices such as "
			       "{\"value\": \"yes\", \"label\": {...}}", q->id,
			       FB_SURVEY_MAX_OPTIONS);
	json_array_foreach(opts, i, jo) {
		const char *value;

		snprintf(p, sizeof p, "%s/options/%zu", qpath, i);
		if (!json_is_object(jo))
			return fail_at(L, p, "question '%s' option %zu: expected "
				       "{\"value\": ..., \"label\": {...}}",
				       q->id, i + 1);
		snprintf(what, sizeof what, "question '%s' option %zu", q->id,
			 i + 1);
		rc = check_keys(L, jo, p, what, keys);
		if (rc)
			return rc;
		value = json_string_value(json_object_get(jo, "value"));
		snprintf(p, sizeof p, "%s/options/%zu/value", qpath, i);
		if (!value || !str_is_code(value, true))
			return fail_at(L, p, "question '%s' option %zu: "
				       "\"value\" must be a stored code such "
				       "as \"prefer_not_to_say\" (a-z, 0-9, "
				       "'_', '-'; at most %d)", q->id, i + 1,
				       SURVEY_ID_MAX);
		for (size_t j = 0; j < i; j++)
			if (strcmp(q->options[j].value, value) == 0)
				return fail_at(L, p, "question '%s': option "
					       "value '%s' is used twice",
					       q->id, value);
		snprintf(p, sizeof p, "%s/options/%zu/label", qpath, i);
		snprintf(what, sizeof what, "question '%s' option '%s' label",
			 q->id, value);
		rc = set_option(L, q, i, value, json_object_get(jo, "label"),
				p, what);
		if (rc)
			return rc;
	}
	return 0;
}

static int load_textq(loader *L, json_t *jq, const char *qpath,
		      fb_question *q)
{
	json_t *ml = json_object_get(jq, "max_length");
	json_t *hint = json_object_get(jq, "input_hint");
	const char *h = "text";
	char p[FB_JSON_PATH_MAX];
	bool known = false;

	q->max_length = 500;
	if (ml) {
		snprintf(p, sizeof p, "%s/max_length", qpath);
		if (!json_is_integer(ml) || json_integer_value(ml) < 1 ||
		    json_integer_value(ml) > FB_TEXT_MAX_LENGTH)
			return fail_at(L, p, "question '%s': \"max_length\" "
				       "must be a whole number of characters "
				       "from 1 to %d", q->id,
				       FB_TEXT_MAX_LENGTH);
		q->max_length = (int)json_integer_value(ml);
	}
	if (hint) {
		snprintf(p, sizeof p, "%s/input_hint", qpath);
		h = json_string_value(hint);
		for (size_t i = 0; h && i < sizeof INPUT_HINTS /
			     sizeof INPUT_HINTS[0]; i++)
			known = known || strcmp(h, INPUT_HINTS[i]) == 0;
		if (!known)
			return fail_at(L, p, "question '%s': \"input_hint\" "
				       "must be one of text, name, phone, "
				       "email, contact", q->id);
	}
	q->input_hint = strdup(h);
	return q->input_hint ? 0 : fail_nomem(L);
}

static bool value_valid_for(const fb_question *t, const char *v)
{
	for (size_t i = 0; i < t->n_options; i++)
		if (strcmp(t->options[i].value, v) == 0)
			return true;
	return false;
}

static int load_show_if(loader *L, json_t *jq, const char *qpath,
			fb_question *q, size_t qi)
{
	json_t *si = json_object_get(jq, "show_if");
	static const char *const keys[] = { "question", "in", NULL };
	char p[FB_JSON_PATH_MAX], what[128];
	const char *target;
	const fb_question *t;
	json_t *in, *jv;
	size_t i;
	int ti, rc;

	q->show_if_question = -1;
	if (!si)
		return 0;
	snprintf(p, sizeof p, "%s/show_if", qpath);
	snprintf(what, sizeof what, "question '%s' show_if", q->id);
	if (!json_is_object(si))
		return fail_at(L, p, "%s: expected {\"question\": \"id\", "
			       "\"in\": [\"value\", ...]}", what);
	rc = check_keys(L, si, p, what, keys);
	if (rc)
		return rc;
	target = json_string_value(json_object_get(si, "question"));
	snprintf(p, sizeof p, "%s/show_if/question", qpath);
	if (!target)
		return fail_at(L, p, "%s: \"question\" must name an earlier "
			       "question's id", what);
	ti = fb_survey_question_index(L->s, target);
	if (ti < 0)
		return fail_at(L, p, "%s: there is no question '%s' before "
			       "this one; check the id", what, target);
	t = &L->s->questions[ti];
	if (t->kind == FB_Q_TEXT || t->kind == FB_Q_INFO)
		return fail_at(L, p, "%s: '%s' is a %s question; only a "
			       "question with choices can decide", what,
			       target, t->kind == FB_Q_TEXT ? "text" : "info");
	q->show_if_question = ti;
	in = json_object_get(si, "in");
	snprintf(p, sizeof p, "%s/show_if/in", qpath);
	if (!json_is_array(in) || json_array_size(in) == 0 ||
	    json_array_size(in) > FB_SURVEY_MAX_OPTIONS)
		return fail_at(L, in ? p : qpath, "%s: \"in\" must list 1 to "
			       "%d answer values of '%s'", what,
			       FB_SURVEY_MAX_OPTIONS, target);
	json_array_foreach(in, i, jv) {
		char num[24];
		const char *v = json_string_value(jv);

		if (json_is_integer(jv)) {
			snprintf(num, sizeof num, "%lld",
				 (long long)json_integer_value(jv));
			v = num;
		}
		snprintf(p, sizeof p, "%s/show_if/in/%zu", qpath, i);
		if (!v || !value_valid_for(t, v))
			return fail_at(L, p, "%s: '%s' is not one of the "
				       "answer values of '%s'", what,
				       v ? v : "(not a string)", target);
		q->show_if_values[i] = strdup(v);
		q->n_show_if_values = i + 1;
		if (!q->show_if_values[i])
			return fail_nomem(L);
	}
	return 0;
}

static const struct {
	const char *name;
	fb_qkind kind;
	const char *const keys[12];
} KINDS[] = {
	{ "fft", FB_Q_FFT, { "id", "kind", "title", "help", "optional",
			     "show_if", "labels", "adapted", NULL } },
	{ "agree5", FB_Q_AGREE5, { "id", "kind", "title", "help", "optional",
				   "show_if", "labels", NULL } },
	{ "single", FB_Q_SINGLE, { "id", "kind", "title", "help", "optional",
				   "show_if", "options", NULL } },
	{ "multi", FB_Q_MULTI, { "id", "kind", "title", "help", "optional",
				 "show_if", "options", NULL } },
	{ "text", FB_Q_TEXT, { "id", "kind", "title", "help", "optional",
			       "show_if", "max_length", "input_hint", NULL } },
	{ "info", FB_Q_INFO, { "id", "kind", "title", "help", "optional",
			       "show_if", NULL } },
};

/* For a show_if that names a question later in the file: say so. */
static int find_later(json_t *qs, size_t qi, const char *id)
{
	for (size_t j = qi + 1; j < json_array_size(qs); j++) {
		const char *other = json_string_value(
			json_object_get(json_array_get(qs, j), "id"));
		if (other && strcmp(other, id) == 0)
			return (int)j;
	}
	return -1;
}

static int load_question(loader *L, json_t *qs, size_t qi)
{
	json_t *jq = json_array_get(qs, qi);
	fb_question *q = &L->s->questions[qi];
	char qpath[64], p[FB_JSON_PATH_MAX], what[128];
	const char *id, *kind;
	json_t *jv;
	size_t k;
	int rc;

	snprintf(qpath, sizeof qpath, "/questions/%zu", qi);
	q->show_if_question = -1;
	if (!json_is_object(jq))
		return fail_at(L, qpath, "question %zu: expected an object "
			       "with \"id\", \"kind\" and \"title\"", qi + 1);
	id = json_string_value(json_object_get(jq, "id"));
	snprintf(p, sizeof p, "%s/id", qpath);
	if (!id || !str_is_code(id, false))
		return fail_at(L, p, "question %zu: \"id\" must be a short "
			       "code such as \"what_was_good\" (a-z, 0-9, "
			       "'_'; at most %d)", qi + 1, SURVEY_ID_MAX);
	if (fb_survey_question_index(L->s, id) >= 0)
		return fail_at(L, p, "question %zu: id '%s' is used twice",
			       qi + 1, id);
	q->id = strdup(id);
	if (!q->id)
		return fail_nomem(L);
	L->s->n_questions = qi + 1;

	kind = json_string_value(json_object_get(jq, "kind"));
	snprintf(p, sizeof p, "%s/kind", qpath);
	for (k = 0; kind && k < sizeof KINDS / sizeof KINDS[0]; k++)
		if (strcmp(kind, KINDS[k].name) == 0)
			break;
	if (!kind || k == sizeof KINDS / sizeof KINDS[0])
		return fail_at(L, p, "question '%s': \"kind\" must be one of "
			       "fft, agree5, single, multi, text, info", id);
	q->kind = KINDS[k].kind;
	snprintf(what, sizeof what, "question '%s'", id);
	rc = check_keys(L, jq, qpath, what, KINDS[k].keys);
	if (rc)
		return rc;

	jv = json_object_get(jq, "optional");
	snprintf(p, sizeof p, "%s/optional", qpath);
	if (jv && !json_is_boolean(jv))
		return fail_at(L, p, "question '%s': \"optional\" must be true "
			       "or false", id);
	q->optional = json_is_true(jv) || q->kind == FB_Q_INFO;

	snprintf(p, sizeof p, "%s/title", qpath);
	snprintf(what, sizeof what, "question '%s' title", id);
	rc = load_text(L, json_object_get(jq, "title"), p, what, &q->title);
	if (rc)
		return rc;
	jv = json_object_get(jq, "help");
	if (jv) {
		snprintf(p, sizeof p, "%s/help", qpath);
		snprintf(what, sizeof what, "question '%s' help", id);
		rc = load_text(L, jv, p, what, &q->help);
		if (rc)
			return rc;
	}

	switch (q->kind) {
	case FB_Q_FFT:
		rc = load_scale(L, jq, qpath, q, 6);
		if (!rc)
			rc = check_fft_wording(L, jq, qpath, q);
		break;
	case FB_Q_AGREE5:
		rc = load_scale(L, jq, qpath, q, 5);
		break;
	case FB_Q_SINGLE:
	case FB_Q_MULTI:
		rc = load_options(L, jq, qpath, q);
		break;
	case FB_Q_TEXT:
		rc = load_textq(L, jq, qpath, q);
		break;
	case FB_Q_INFO:
		break;
	}
	if (rc)
		return rc;

	jv = json_object_get(jq, "show_if");
	if (json_is_object(jv)) {
		const char *target = json_string_value(
			json_object_get(jv, "question"));
		if (target && find_later(qs, qi, target) >= 0) {
			snprintf(p, sizeof p, "%s/show_if/question", qpath);
			return fail_at(L, p, "question '%s' show_if: '%s' comes "
				       "later in the survey; a question can "
				       "only depend on one asked before it",
				       id, target);
		}
		if (target && strcmp(target, id) == 0) {
			snprintf(p, sizeof p, "%s/show_if/question", qpath);
			return fail_at(L, p, "question '%s' show_if: a question "
				       "cannot depend on itself", id);
		}
	}
	return load_show_if(L, jq, qpath, q, qi);
}

/* The choice answers an easy-read survey may offer: the ones the kiosk
 * draws a picture for (a tick, a cross, a question mark). */
static const char *const EASY_READ_VALUES[] = { "yes", "no", "not_sure", NULL };

bool fb_survey_easy_read_value(const char *value)
{
	for (size_t i = 0; value && EASY_READ_VALUES[i]; i++)
		if (strcmp(value, EASY_READ_VALUES[i]) == 0)
			return true;
	return false;
}

/* Easy read: a picture beside every answer, so every choice option is one
 * the kiosk has a picture for, and the rating is there (its faces). */
static int check_easy_read(loader *L)
{
	const fb_survey *s = L->s;
	char p[FB_JSON_PATH_MAX];
	bool fft = false;

	for (size_t i = 0; i < s->n_questions; i++) {
		const fb_question *q = &s->questions[i];
		fft = fft || q->kind == FB_Q_FFT;
		if (q->kind != FB_Q_SINGLE && q->kind != FB_Q_MULTI)
			continue;
		for (size_t j = 0; j < q->n_options; j++) {
			if (fb_survey_easy_read_value(q->options[j].value))
				continue;
			snprintf(p, sizeof p, "/questions/%zu/options/%zu/value", i, j);
			return fail_at(L, p, "question '%s': an easy-read answer "
				       "needs a picture, and the kiosk draws them "
				       "only for \"yes\", \"no\" and \"not_sure\"; "
				       "'%s' has none (ask it as a yes/no question)",
				       q->id, q->options[j].value);
		}
	}
	if (!fft)
		return fail_at(L, "/questions", "an easy-read survey asks the "
			       "Friends and Family Test (a question of kind "
			       "\"fft\", its faces beside the answers)");
	return 0;
}

/* "audience": "adults" (the default), "children" or "easy_read". */
static int load_audience(loader *L, json_t *root)
{
	json_t *jv = json_object_get(root, "audience");
	const char *v = json_string_value(jv);

	if (!jv)
		return 0;
	if (!v || (strcmp(v, "adults") != 0 && strcmp(v, "children") != 0 &&
		   strcmp(v, "easy_read") != 0))
		return fail_at(L, "/audience", "\"audience\" must be "
			       "\"adults\", \"children\" (children get "
			       "Childline on the crisis card) or \"easy_read\" "
			       "(pictures beside the answers, bigger words)");
	L->s->for_children = strcmp(v, "children") == 0;
	L->s->easy_read = strcmp(v, "easy_read") == 0;
	return L->s->easy_read ? check_easy_read(L) : 0;
}

/* "unchecked": {"ur": ["fft", "good"]}: offered languages, known ids. */
static int load_unchecked(loader *L, json_t *root)
{
	fb_survey *s = L->s;
	json_t *obj = json_object_get(root, "unchecked"), *ids, *jid;
	const char *code;
	char p[FB_JSON_PATH_MAX];

	if (!obj)
		return 0;
	if (!json_is_object(obj))
		return fail_at(L, "/unchecked", "\"unchecked\" must be an "
			       "object such as {\"ur\": [\"fft\", \"good\"]}: "
			       "per language, the questions no native "
			       "speaker has checked yet");
	json_object_foreach(obj, code, ids) {
		int li = fb_survey_language_index(s, code);
		size_t j, len = 0;
		char *list;

		snprintf(p, sizeof p, "/unchecked/%s", code);
		if (li < 0)
			return fail_at(L, p, "unchecked: '%s' is not one of the "
				       "survey's languages", code);
		if (!json_is_array(ids) || json_array_size(ids) == 0)
			return fail_at(L, p, "unchecked: '%s' must list question "
				       "ids, such as [\"fft\"]", code);
		json_array_foreach(ids, j, jid) {
			const char *id = json_string_value(jid);
			snprintf(p, sizeof p, "/unchecked/%s/%zu", code, j);
			if (!id || fb_survey_question_index(s, id) < 0)
				return fail_at(L, p, "unchecked: '%s' item %zu "
					       "is not a question id of this "
					       "survey", code, j + 1);
			len += strlen(id) + 2;
		}
		list = calloc(1, len + 1);
		if (!list)
			return fail_nomem(L);
		json_array_foreach(ids, j, jid) {
			if (j > 0)
				strcat(list, ", ");
			strcat(list, json_string_value(jid));
		}
		free(s->unchecked[li]);
		s->unchecked[li] = list;
	}
	return 0;
}

static int load_root(loader *L, json_t *root)
{
	fb_survey *s = L->s;
	static const char *const keys[] = { "id", "version", "languages",
					    "questions", "audience",
					    "unchecked", NULL };
	json_t *qs, *jv;
	const char *id;
	size_t n_fft = 0;
	int rc;

	if (!json_is_object(root))
		return fail_at(L, "", "a survey file is one object with \"id\", "
			       "\"version\", \"languages\" and \"questions\"");
	rc = check_keys(L, root, "", "survey", keys);
	if (rc)
		return rc;
	id = json_string_value(json_object_get(root, "id"));
	if (!id || !str_is_code(id, true) || strlen(id) >= FB_SURVEY_ID_MAX)
		return fail_at(L, "/id", "\"id\" must be a short code such as "
			       "\"fft\" (a-z, 0-9, '_', '-'; at most %d)",
			       FB_SURVEY_ID_MAX - 1);
	s->id = strdup(id);
	if (!s->id)
		return fail_nomem(L);
	jv = json_object_get(root, "version");
	if (!json_is_integer(jv) || json_integer_value(jv) < 1 ||
	    json_integer_value(jv) > INT_MAX)
		return fail_at(L, "/version", "\"version\" must be a whole "
			       "number from 1; raise it whenever a question "
			       "or its answers change");
	s->version = (int)json_integer_value(jv);
	rc = load_languages(L, root);
	if (rc)
		return rc;
	qs = json_object_get(root, "questions");
	if (!json_is_array(qs) || json_array_size(qs) == 0 ||
	    json_array_size(qs) > FB_SURVEY_MAX_QUESTIONS)
		return fail_at(L, "/questions", "\"questions\" must list 1 to %d "
			       "questions", FB_SURVEY_MAX_QUESTIONS);
	for (size_t i = 0; i < json_array_size(qs); i++) {
		rc = load_question(L, qs, i);
		if (rc)
			return rc;
		if (s->questions[i].kind == FB_Q_FFT)
			n_fft++;
		if (n_fft > 1 && s->questions[i].kind == FB_Q_FFT) {
			char p[64];
			snprintf(p, sizeof p, "/questions/%zu/kind", i);
			return fail_at(L, p, "question '%s': a survey has at "
				       "most one fft question",
				       s->questions[i].id);
		}
	}
	rc = load_audience(L, root);
	if (rc)
		return rc;
	return load_unchecked(L, root);
}

int fb_survey_parse(const char *json_text, const char *name,
		    fb_survey **out, fb_err *err)
{
	loader L = { .name = name ? name : "survey", .text = json_text,
		     .err = err };
	json_error_t jerr;
	json_t *root = NULL;
	fb_survey *s = NULL;
	int rc = 0;

	*out = NULL;
	fb_err_clear(err);
	L.len = strlen(json_text);
	if (L.len > SURVEY_MAX_BYTES) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: larger than %d bytes; "
				"is it the right file?", L.name,
				SURVEY_MAX_BYTES);
		goto out;
	}
	root = json_loadb(json_text, L.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		/* jansson says "']' expected near '{'" where a comma was
		 * left out: say so, as that is what an author needs. */
		bool comma = (strncmp(jerr.text, "']' expected", 12) == 0 ||
			      strncmp(jerr.text, "'}' expected", 12) == 0) &&
			     !strstr(jerr.text, "end of file");
		/* at the very end jansson reports column 0 */
		rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d:%d: %s%s", L.name,
				jerr.line < 1 ? 1 : jerr.line,
				jerr.column < 1 ? 1 : jerr.column, jerr.text,
				comma ? " (is a comma missing before it?)" : "");
		goto out;
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "%s: out of memory", L.name);
		goto out;
	}
	L.s = s;
	rc = load_root(&L, root);
	if (rc)
		goto out;
	*out = s;
	s = NULL;
out:
	fb_survey_free(s);
	json_decref(root);
	return rc;
}

int fb_survey_load(const char *path, fb_survey **out, fb_err *err)
{
	char *buf = NULL;
	size_t n;
	int rc;

	*out = NULL;
	rc = fb_read_text_file(path, SURVEY_MAX_BYTES, "survey",
			       "check survey_file in [kiosk]", &buf, &n, err);
	if (rc)
		goto out;
	rc = fb_survey_parse(buf, path, out, err);
out:
	free(buf);
	return rc;
}

static void text_free(fb_text *t)
{
	for (size_t i = 0; i < FB_SURVEY_MAX_LANGUAGES; i++)
		free(t->s[i]);
}

void fb_survey_free(fb_survey *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < FB_SURVEY_MAX_LANGUAGES; i++)
		free(s->unchecked[i]);
	for (size_t i = 0; i < FB_SURVEY_MAX_QUESTIONS; i++) {
		fb_question *q = &s->questions[i];
		free(q->id);
		text_free(&q->title);
		text_free(&q->help);
		for (size_t j = 0; j < FB_SURVEY_MAX_OPTIONS; j++) {
			free(q->options[j].value);
			text_free(&q->options[j].label);
			free(q->show_if_values[j]);
		}
		free(q->input_hint);
	}
	for (size_t i = 0; i < FB_SURVEY_MAX_LANGUAGES; i++) {
		free(s->languages[i]);
		free(s->language_native_names[i]);
	}
	free(s->id);
	free(s);
}

int fb_survey_language_index(const fb_survey *s, const char *code)
{
	if (!s || !code)
		return -1;
	for (size_t i = 0; i < s->n_languages; i++)
		if (s->languages[i] && strcmp(s->languages[i], code) == 0)
			return (int)i;
	return -1;
}

const char *fb_text_get(const fb_text *t, size_t lang)
{
	if (lang < FB_SURVEY_MAX_LANGUAGES && t->s[lang])
		return t->s[lang];
	return t->s[0];
}

int fb_survey_question_index(const fb_survey *s, const char *id)
{
	if (!s || !id)
		return -1;
	for (size_t i = 0; i < s->n_questions; i++)
		if (s->questions[i].id && strcmp(s->questions[i].id, id) == 0)
			return (int)i;
	return -1;
}
