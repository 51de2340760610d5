/* framework.c: reading the framework files (see framework.h) with jansson.
 * Both files go through read_file(); the extra file may not set sentiment or
 * questions, only add groups and sub-categories. */
#include "framework.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > COLL_THEMES_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/* A string member key of o into dst (size bytes): required, non-empty, fits. */
static int get_text(const char *path, const char *where, json_t *o, const char *key, char *dst,
		    size_t size, fb_err *err)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v) || json_string_length(v) == 0)
		return fb_err_set(err, FB_ERR_INVALID, "%s: %s needs \"%s\", a non-empty string",
				  path, where, key);
	if (json_string_length(v) >= size)
		return fb_err_set(err, FB_ERR_INVALID, "%s: %s: \"%s\" is longer than %zu bytes; shorten it",
				  path, where, key, size - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int read_questions(const char *path, json_t *q, const char *kind,
			  char (*dst)[COLL_THEMES_CODE_MAX + 1], int *n, fb_err *err)
{
	json_t *a = json_object_get(q, kind), *v;
	size_t i;
	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > COLL_THEMES_MAX_QUESTIONS)
		return fb_err_set(err, FB_ERR_INVALID, "%s: questions.%s must be a list of at most %d"
				  " survey question ids", path, kind, COLL_THEMES_MAX_QUESTIONS);
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > COLL_THEMES_CODE_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "%s: questions.%s[%zu] must be a survey"
					  " question id of 1 to %d bytes", path, kind, i, COLL_THEMES_CODE_MAX);
		snprintf(dst[(*n)++], COLL_THEMES_CODE_MAX + 1, "%s", json_string_value(v));
	}
	return 0;
}

static int read_category(const char *path, json_t *c, int group, size_t gi, size_t ci, bool extra,
			 coll_themes_framework *fw, fb_err *err)
{
	char where[96];
	coll_themes_category *cat;
	json_t *flag;
	int rc;
	snprintf(where, sizeof where, "groups[%zu].categories[%zu]", gi, ci);
	if (!json_is_object(c))
		return fb_err_set(err, FB_ERR_INVALID, "%s: %s must be an object with code, name and"
				  " description", path, where);
	if (fw->n_cats >= COLL_THEMES_MAX_CATEGORIES)
		return fb_err_set(err, FB_ERR_INVALID, "%s: %s: more than %d sub-categories in all;"
				  " merge some", path, where, COLL_THEMES_MAX_CATEGORIES);
	cat = &fw->cats[fw->n_cats];
	memset(cat, 0, sizeof *cat);
	rc = get_text(path, where, c, "code", cat->code, sizeof cat->code, err);
	if (rc == 0 && !code_ok(cat->code))
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: %s: code \"%s\" may hold only a-z, 0-9 and _"
				" (it names a CSV column)", path, where, cat->code);
	if (rc == 0 && coll_themes_category_find(fw, cat->code) >= 0)
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: %s: code \"%s\" is used twice; give each"
				" sub-category its own", path, where, cat->code);
	if (rc == 0)
		rc = get_text(path, where, c, "name", cat->name, sizeof cat->name, err);
	if (rc == 0)
		rc = get_text(path, where, c, "description", cat->description, sizeof cat->description, err);
	if (rc)
		return rc;
	flag = json_object_get(c, "safeguarding");
	if (flag && !(json_is_string(flag) &&
		      (strcmp(json_string_value(flag), "negative") == 0 ||
		       strcmp(json_string_value(flag), "always") == 0)))
		return fb_err_set(err, FB_ERR_INVALID, "%s: %s: \"safeguarding\" is \"negative\" or"
				  " \"always\" (or left out)", path, where);
	if (flag)
		cat->flag = strcmp(json_string_value(flag), "always") == 0 ? COLL_THEMES_FLAG_ALWAYS
									  : COLL_THEMES_FLAG_NEGATIVE;
	cat->group = group;
	cat->trust_own = extra;
	fw->n_cats++;
	return 0;
}

static int read_file(const char *path, bool extra, coll_themes_framework *fw, fb_err *err)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	json_t *groups, *g, *s, *q;
	size_t gi, ci;
	int rc = 0;
	if (!doc) {
		rc = fb_err_set(err, jerr.line < 0 ? FB_ERR_IO : FB_ERR_INVALID,
				"%s:%d:%d: %s; fix the file or name another in [themes]",
				path, jerr.line, jerr.column, jerr.text);
		goto out;
	}
	if (!json_is_object(doc)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: must hold one JSON object with \"groups\"", path);
		goto out;
	}
	s = json_object_get(doc, "sentiment");
	q = json_object_get(doc, "questions");
	if (extra && (s || q)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: a Trust's extra file adds groups and"
				" sub-categories only; move \"sentiment\" and \"questions\" out", path);
		goto out;
	}
	if (!extra) {
		json_t *v;
		size_t i;
		if (!json_is_array(s) || json_array_size(s) != COLL_THEMES_SENTIMENTS) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s: \"sentiment\" must list %d values,"
					" 1 (very positive) to 5 (very negative)", path, COLL_THEMES_SENTIMENTS);
			goto out;
		}
		json_array_foreach(s, i, v) {
			char where[32];
			snprintf(where, sizeof where, "sentiment[%zu]", i);
			if (json_integer_value(json_object_get(v, "value")) != (json_int_t)i + 1) {
				rc = fb_err_set(err, FB_ERR_INVALID, "%s: %s needs \"value\": %zu", path,
						where, i + 1);
				goto out;
			}
			rc = get_text(path, where, v, "name", fw->sentiment[i], sizeof fw->sentiment[i], err);
			if (rc)
				goto out;
		}
		if (q && !json_is_object(q)) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s: \"questions\" must be an object with"
					" \"good\" and \"better\" lists", path);
			goto out;
		}
		rc = read_questions(path, q, "good", fw->q_good, &fw->n_good, err);
		if (rc == 0)
			rc = read_questions(path, q, "better", fw->q_better, &fw->n_better, err);
		if (rc)
			goto out;
	}
	groups = json_object_get(doc, "groups");
	if (!json_is_array(groups) || json_array_size(groups) == 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: \"groups\" must be a non-empty list", path);
		goto out;
	}
	json_array_foreach(groups, gi, g) {
		char where[48], name[COLL_THEMES_NAME_MAX + 1];
		json_t *cats = json_object_get(g, "categories"), *c;
		int group = -1;
		snprintf(where, sizeof where, "groups[%zu]", gi);
		rc = get_text(path, where, g, "name", name, sizeof name, err);
		if (rc)
			goto out;
		for (int i = 0; i < fw->n_groups; i++)
			if (strcmp(fw->groups[i], name) == 0)
				group = i;
		if (group < 0) {
			if (fw->n_groups >= COLL_THEMES_MAX_GROUPS) {
				rc = fb_err_set(err, FB_ERR_INVALID, "%s: %s: more than %d groups", path,
						where, COLL_THEMES_MAX_GROUPS);
				goto out;
			}
			group = fw->n_groups++;
			memcpy(fw->groups[group], name, sizeof name);
		}
		if (!json_is_array(cats) || json_array_size(cats) == 0) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s: %s (\"%s\") needs \"categories\", a"
					" non-empty list", path, where, name);
			goto out;
		}
		json_array_foreach(cats, ci, c) {
			rc = read_category(path, c, group, gi, ci, extra, fw, err);
			if (rc)
				goto out;
		}
	}
out:
	json_decref(doc);
	return rc;
}

int coll_themes_framework_load(const char *path, const char *extra_path, coll_themes_framework *fw,
			       fb_err *err)
{
	int rc;
	memset(fw, 0, sizeof *fw);
	rc = read_file(path, false, fw, err);
	if (rc == 0 && extra_path && extra_path[0])
		rc = read_file(extra_path, true, fw, err);
	if (rc)
		memset(fw, 0, sizeof *fw);
	return rc;
}

int coll_themes_category_find(const coll_themes_framework *fw, const char *code)
{
	for (int i = 0; i < fw->n_cats; i++)
		if (strcmp(fw->cats[i].code, code) == 0)
			return i;
	return -1;
}

coll_themes_question coll_themes_question_of(const coll_themes_framework *fw, const char *question_id)
{
	if (strcmp(question_id, "good") == 0)
		return COLL_THEMES_Q_GOOD;
	if (strcmp(question_id, "better") == 0)
		return COLL_THEMES_Q_BETTER;
	for (int i = 0; i < fw->n_good; i++)
		if (strcmp(fw->q_good[i], question_id) == 0)
			return COLL_THEMES_Q_GOOD;
	for (int i = 0; i < fw->n_better; i++)
		if (strcmp(fw->q_better[i], question_id) == 0)
			return COLL_THEMES_Q_BETTER;
	return COLL_THEMES_Q_OTHER;
}

const char *coll_themes_question_name(coll_themes_question q)
{
	return q == COLL_THEMES_Q_GOOD ? "good" : q == COLL_THEMES_Q_BETTER ? "better" : "other";
}
