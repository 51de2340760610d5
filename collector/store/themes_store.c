/* themes_store.c: schema 7 and the themes' statements (see store.h, "themes").
 * No backend-specific DDL: model ids are worked out in the storing
 * transaction (max + 1), so the step is the same SQL on SQLite and
 * PostgreSQL. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

const char *const coll_store_schema_themes[] = {
	/* people's coding: one current row per comment (replaced_at_ms NULL),
	 * the rows it replaced kept with when */
	"CREATE TABLE themes_coding (response_id TEXT NOT NULL, question TEXT NOT NULL,"
	" comment TEXT NOT NULL, categories TEXT NOT NULL, sentiment INTEGER NOT NULL,"
	" coded_by TEXT NOT NULL, coded_at_ms BIGINT NOT NULL, replaced_at_ms BIGINT)",
	"CREATE INDEX themes_coding_comment ON themes_coding (response_id, question, replaced_at_ms)",
	/* the model's suggestions, made at ingest in the response's transaction */
	"CREATE TABLE themes_suggestions (response_id TEXT NOT NULL, question TEXT NOT NULL,"
	" categories TEXT NOT NULL, sentiment INTEGER NOT NULL, model_id BIGINT NOT NULL,"
	" made_at_ms BIGINT NOT NULL, PRIMARY KEY (response_id, question))",
	/* trained models, their text (fb-themes-model/1) and the scores printed */
	"CREATE TABLE themes_models (id BIGINT PRIMARY KEY, trained_at_ms BIGINT NOT NULL,"
	" trained_by TEXT NOT NULL, n_comments BIGINT NOT NULL, scores TEXT NOT NULL,"
	" body TEXT NOT NULL)",
	NULL,
};

static int check_coding(const coll_store_theme_coding *c, size_t i, fb_err *err)
{
	if (!c->response_id || !c->response_id[0] || !c->question || !c->comment || !c->comment[0] ||
	    !c->coded_by)
		return fb_err_set(err, FB_ERR_INVALID, "coding %zu has no comment, question or coder", i + 1);
	if (c->sentiment < 1 || c->sentiment > 5)
		return fb_err_set(err, FB_ERR_INVALID, "coding %zu: sentiment %d is not 1 to 5", i + 1,
				  c->sentiment);
	if (!c->categories || strlen(c->categories) > COLL_STORE_THEMES_CATS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "coding %zu: more sub-categories than %d bytes hold",
				  i + 1, COLL_STORE_THEMES_CATS_MAX);
	return 0;
}

int coll_store_themes_coding_put(coll_store *s, const coll_store_theme_coding *v, size_t n, fb_err *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = check_coding(&v[i], i, err);
	if (rc)
		return rc;
	rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const coll_store_theme_coding *c = &v[i];
		coll_store_param up[] = {P_INT(c->coded_at_ms), P_TEXT(c->response_id), P_TEXT(c->question)};
		rc = s->be->exec(s->db, "UPDATE themes_coding SET replaced_at_ms = $1 WHERE response_id = $2"
				 " AND question = $3 AND replaced_at_ms IS NULL", up, 3, NULL, NULL, err);
		if (rc)
			break;
		coll_store_param p[] = {P_TEXT(c->response_id), P_TEXT(c->question), P_TEXT(c->comment),
					P_TEXT(c->categories), P_INT(c->sentiment), P_TEXT(c->coded_by),
					P_INT(c->coded_at_ms)};
		rc = s->be->exec(s->db, "INSERT INTO themes_coding (response_id, question, comment, categories,"
				 " sentiment, coded_by, coded_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)",
				 p, 7, NULL, NULL, err);
	}
	return coll_store_tx_end(s, rc, err);
}

typedef struct coding_ctx {
	int (*fn)(void *ctx, const coll_store_theme_coding *c);
	void *ctx;
} coding_ctx;

static int coding_row(void *ctx, int ncols, const char *const *vals)
{
	coding_ctx *c = ctx;
	coll_store_theme_coding row = {
		.response_id = vals[0], .question = vals[1], .comment = vals[2], .categories = vals[3],
		.sentiment = (int)coll_store_i64(vals[4]), .coded_by = vals[5],
		.coded_at_ms = coll_store_i64(vals[6]), .replaced_at_ms = coll_store_i64(vals[7]),
	};
	return c->fn(c->ctx, &row);
}

int coll_store_themes_coding_each(coll_store *s,
				  int (*fn)(void *ctx, const coll_store_theme_coding *c), void *ctx,
				  fb_err *err)
{
	coding_ctx c = {fn, ctx};
	return coll_store_run(s, "SELECT response_id, question, comment, categories, sentiment, coded_by,"
			      " coded_at_ms, replaced_at_ms FROM themes_coding WHERE replaced_at_ms IS NULL"
			      " ORDER BY coded_at_ms, response_id, question", NULL, 0, coding_row, &c, err);
}

int coll_store_themes_coding_history_each(coll_store *s, const char *response_id, const char *question,
					  int (*fn)(void *ctx, const coll_store_theme_coding *c),
					  void *ctx, fb_err *err)
{
	coding_ctx c = {fn, ctx};
	coll_store_param p[] = {P_TEXT(response_id), P_TEXT(question)};
	return coll_store_run(s, "SELECT response_id, question, comment, categories, sentiment, coded_by,"
			      " coded_at_ms, replaced_at_ms FROM themes_coding WHERE response_id = $1"
			      " AND question = $2 ORDER BY coded_at_ms, replaced_at_ms IS NULL", p, 2,
			      coding_row, &c, err);
}

int coll_store_themes_coding_count(coll_store *s, int64_t *out, fb_err *err)
{
	*out = 0;
	return coll_store_run(s, "SELECT count(*) FROM themes_coding WHERE replaced_at_ms IS NULL",
			      NULL, 0, coll_store_get_int, out, err);
}

int coll_store_themes_suggestions_put_tx(coll_store *s, const char *response_id,
					 const coll_store_theme_suggestion *v, size_t n, fb_err *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		coll_store_param p[] = {P_TEXT(response_id), P_TEXT(v[i].question), P_TEXT(v[i].categories),
					P_INT(v[i].sentiment), P_INT(v[i].model_id), P_INT(v[i].made_at_ms)};
		rc = s->be->exec(s->db, "INSERT INTO themes_suggestions (response_id, question, categories,"
				 " sentiment, model_id, made_at_ms) VALUES ($1, $2, $3, $4, $5, $6)"
				 " ON CONFLICT (response_id, question) DO NOTHING", p, 6, NULL, NULL, err);
	}
	return rc;
}

typedef struct sugg_ctx {
	int (*fn)(void *ctx, const coll_store_theme_suggestion *g);
	void *ctx;
} sugg_ctx;

static int sugg_row(void *ctx, int ncols, const char *const *vals)
{
	sugg_ctx *c = ctx;
	coll_store_theme_suggestion g = {
		.question = vals[0], .categories = vals[1], .sentiment = (int)coll_store_i64(vals[2]),
		.model_id = coll_store_i64(vals[3]), .made_at_ms = coll_store_i64(vals[4]),
	};
	return c->fn(c->ctx, &g);
}

int coll_store_themes_suggestions_each(coll_store *s, const char *response_id,
				       int (*fn)(void *ctx, const coll_store_theme_suggestion *g),
				       void *ctx, fb_err *err)
{
	sugg_ctx c = {fn, ctx};
	coll_store_param p[] = {P_TEXT(response_id)};
	return coll_store_run(s, "SELECT question, categories, sentiment, model_id, made_at_ms FROM"
			      " themes_suggestions WHERE response_id = $1 ORDER BY question", p, 1,
			      sugg_row, &c, err);
}

int coll_store_themes_model_put(coll_store *s, const char *body, const char *scores, int64_t n_comments,
				const char *by, int64_t now_ms, int64_t *id_out, fb_err *err)
{
	int64_t id = 0;
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = s->be->exec(s->db, "SELECT coalesce(max(id), 0) + 1 FROM themes_models", NULL, 0,
			 coll_store_get_int, &id, err);
	if (rc == 0) {
		coll_store_param p[] = {P_INT(id), P_INT(now_ms), P_TEXT(by), P_INT(n_comments),
					P_TEXT(scores), P_TEXT(body)};
		rc = s->be->exec(s->db, "INSERT INTO themes_models (id, trained_at_ms, trained_by, n_comments,"
				 " scores, body) VALUES ($1, $2, $3, $4, $5, $6)", p, 6, NULL, NULL, err);
	}
	if (rc == 0) {
		coll_store_param p[] = {P_INT(id - COLL_STORE_THEMES_MODELS_KEPT)};
		rc = s->be->exec(s->db, "DELETE FROM themes_models WHERE id <= $1", p, 1, NULL, NULL, err);
	}
	rc = coll_store_tx_end(s, rc, err);
	if (rc == 0 && id_out)
		*id_out = id;
	return rc;
}

typedef struct model_ctx {
	char *body;
	int64_t id, at;
	bool nomem;
} model_ctx;

static int model_row(void *ctx, int ncols, const char *const *vals)
{
	model_ctx *m = ctx;
	m->id = coll_store_i64(vals[0]);
	m->at = coll_store_i64(vals[1]);
	m->body = strdup(vals[2] ? vals[2] : "");
	m->nomem = !m->body;
	return 0;
}

int coll_store_themes_model_latest(coll_store *s, char **body, int64_t *id, int64_t *trained_at_ms,
				   fb_err *err)
{
	model_ctx m = {NULL, 0, 0, false};
	int rc = coll_store_run(s, "SELECT id, trained_at_ms, body FROM themes_models ORDER BY id DESC"
				" LIMIT 1", NULL, 0, model_row, &m, err);
	*body = NULL;
	if (rc == 0 && m.nomem)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the themes model");
	else if (rc == 0 && !m.body)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no themes model yet; run 'feedback-collector"
				" themes train' once comments are coded");
	if (rc) {
		free(m.body);
		return rc;
	}
	*body = m.body;
	if (id)
		*id = m.id;
	if (trained_at_ms)
		*trained_at_ms = m.at;
	return 0;
}

int coll_store_themes_model_latest_id(coll_store *s, int64_t *id, fb_err *err)
{
	*id = 0;
	return coll_store_run(s, "SELECT coalesce(max(id), 0) FROM themes_models", NULL, 0,
			      coll_store_get_int, id, err);
}

typedef struct info_ctx {
	coll_store_themes_model_info *out;
	bool found;
} info_ctx;

static int info_row(void *ctx, int ncols, const char *const *vals)
{
	info_ctx *c = ctx;
	(void)ncols;
	c->found = true;
	c->out->id = coll_store_i64(vals[0]);
	c->out->trained_at_ms = coll_store_i64(vals[1]);
	snprintf(c->out->trained_by, sizeof c->out->trained_by, "%s", vals[2] ? vals[2] : "");
	c->out->n_comments = coll_store_i64(vals[3]);
	return 0;
}

int coll_store_themes_model_info_get(coll_store *s, coll_store_themes_model_info *out, fb_err *err)
{
	info_ctx c = {out, false};
	memset(out, 0, sizeof *out);
	int rc = coll_store_run(s, "SELECT id, trained_at_ms, trained_by, n_comments FROM themes_models"
				" ORDER BY id DESC LIMIT 1", NULL, 0, info_row, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no themes model is trained yet");
	return rc;
}

int coll_store_themes_freshness(coll_store *s, int64_t *model_at_ms, int64_t *coding_at_ms, fb_err *err)
{
	*model_at_ms = *coding_at_ms = 0;
	int rc = coll_store_run(s, "SELECT coalesce(max(trained_at_ms), 0) FROM themes_models", NULL, 0,
				coll_store_get_int, model_at_ms, err);
	if (rc == 0)
		rc = coll_store_run(s, "SELECT coalesce(max(coded_at_ms), 0) FROM themes_coding"
				    " WHERE replaced_at_ms IS NULL", NULL, 0, coll_store_get_int,
				    coding_at_ms, err);
	return rc;
}

/* ---- counts for the pages --------------------------------------------- */

#define TOP_MAX 256    /* distinct codes counted (the framework has far fewer) */

typedef struct top_ctx {
	char code[TOP_MAX][48];
	int64_t n[TOP_MAX];
	int used;
} top_ctx;

static int top_row(void *ctx, int ncols, const char *const *vals)
{
	top_ctx *t = ctx;
	const char *p = vals[0] ? vals[0] : "";
	while (*p) {
		size_t k = strcspn(p, ",");
		if (k > 0 && k < sizeof t->code[0]) {
			int i = 0;
			while (i < t->used && (strncmp(t->code[i], p, k) != 0 || t->code[i][k] != '\0'))
				i++;
			if (i == t->used && t->used < TOP_MAX) {
				memcpy(t->code[i], p, k);
				t->code[i][k] = '\0';
				t->n[i] = 0;
				t->used++;
			}
			if (i < t->used)
				t->n[i]++;
		}
		p += k;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* team (or every location when NULL), or one location when by_location. */
static int themes_top_in(coll_store *s, const char *scope, bool by_location, int64_t from_ms,
			 int64_t to_ms, const char *question,
			 int (*fn)(void *ctx, const char *code, int64_t n), void *ctx, fb_err *err)
{
	top_ctx *t = calloc(1, sizeof *t);
	int rc = 0;
	if (!t)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory counting themes");
	coll_store_param p[] = {P_TEXT(scope), P_INT(from_ms), P_INT(to_ms), P_TEXT(question)};
	static const char *const coded[2] = {
		"SELECT c.categories FROM themes_coding c JOIN responses r ON r.id = c.response_id"
		" LEFT JOIN locations l ON l.code = r.location WHERE c.replaced_at_ms IS NULL"
		" AND r.synthetic = 0 AND (CAST($1 AS TEXT) IS NULL OR l.team = $1)"
		" AND r.effective_at_ms >= $2 AND r.effective_at_ms < $3"
		" AND (CAST($4 AS TEXT) IS NULL OR c.question = $4)",
		"SELECT c.categories FROM themes_coding c JOIN responses r ON r.id = c.response_id"
		" WHERE c.replaced_at_ms IS NULL AND r.synthetic = 0 AND r.location = $1"
		" AND r.effective_at_ms >= $2 AND r.effective_at_ms < $3"
		" AND (CAST($4 AS TEXT) IS NULL OR c.question = $4)"};
	static const char *const suggested[2] = {
		"SELECT g.categories FROM themes_suggestions g JOIN responses r ON"
		" r.id = g.response_id LEFT JOIN locations l ON l.code = r.location"
		" WHERE r.synthetic = 0 AND (CAST($1 AS TEXT) IS NULL OR l.team = $1)"
		" AND r.effective_at_ms >= $2 AND r.effective_at_ms < $3"
		" AND (CAST($4 AS TEXT) IS NULL OR g.question = $4) AND NOT EXISTS"
		" (SELECT 1 FROM themes_coding c WHERE c.response_id = g.response_id AND"
		" c.question = g.question AND c.replaced_at_ms IS NULL)",
		"SELECT g.categories FROM themes_suggestions g JOIN responses r ON"
		" r.id = g.response_id WHERE r.synthetic = 0 AND r.location = $1"
		" AND r.effective_at_ms >= $2 AND r.effective_at_ms < $3"
		" AND (CAST($4 AS TEXT) IS NULL OR g.question = $4) AND NOT EXISTS"
		" (SELECT 1 FROM themes_coding c WHERE c.response_id = g.response_id AND"
		" c.question = g.question AND c.replaced_at_ms IS NULL)"};
	rc = coll_store_run(s, coded[by_location], p, 4, top_row, t, err);
	if (rc == 0)
		rc = coll_store_run(s, suggested[by_location], p, 4, top_row, t, err);
	/* the most mentioned first, then by code */
	for (int done = 0; rc == 0 && done < t->used; done++) {
		int best = -1;
		for (int i = 0; i < t->used; i++)
			if (t->n[i] >= 0 && (best < 0 || t->n[i] > t->n[best] ||
					     (t->n[i] == t->n[best] && strcmp(t->code[i], t->code[best]) < 0)))
				best = i;
		rc = fn(ctx, t->code[best], t->n[best]);
		t->n[best] = -1;
	}
	free(t);
	return rc;
}

int coll_store_themes_top(coll_store *s, const char *team, int64_t from_ms, int64_t to_ms,
			  const char *question, int (*fn)(void *ctx, const char *code, int64_t n),
			  void *ctx, fb_err *err)
{
	return themes_top_in(s, team, false, from_ms, to_ms, question, fn, ctx, err);
}

int coll_store_themes_top_location(coll_store *s, const char *location, int64_t from_ms, int64_t to_ms,
				   const char *question,
				   int (*fn)(void *ctx, const char *code, int64_t n), void *ctx,
				   fb_err *err)
{
	return themes_top_in(s, location, true, from_ms, to_ms, question, fn, ctx, err);
}

int coll_store_themes_coded_counts(coll_store *s, int (*fn)(void *ctx, const char *code, int64_t n),
				   void *ctx, fb_err *err)
{
	top_ctx *t = calloc(1, sizeof *t);
	int rc = 0;
	if (!t)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory counting coded comments");
	rc = coll_store_run(s, "SELECT categories FROM themes_coding WHERE replaced_at_ms IS NULL", NULL, 0,
			    top_row, t, err);
	for (int i = 0; rc == 0 && i < t->used; i++)
		rc = fn(ctx, t->code[i], t->n[i]);
	free(t);
	return rc;
}

/* ---- schema 12: the Quality Board's quotes, the themes an action answers ---------- */

const char *const coll_store_schema_board[] = {
	/* one chosen comment per theme of a location's sheet of a quarter: which
	 * comment only, never its words */
	"CREATE TABLE theme_quotes (location TEXT NOT NULL, quarter TEXT NOT NULL,"
	" code TEXT NOT NULL, response_id TEXT NOT NULL, question TEXT NOT NULL,"
	" chosen_by TEXT NOT NULL, chosen_at_ms BIGINT NOT NULL,"
	" PRIMARY KEY (location, quarter, code))",
	"CREATE INDEX theme_quotes_response ON theme_quotes (response_id)",
	"ALTER TABLE actions ADD COLUMN themes TEXT NOT NULL DEFAULT ''",
	NULL,
};

int coll_store_theme_quote_put(coll_store *s, const char *location, const char *quarter,
			       const char *code, const char *response_id, const char *question,
			       const char *by, int64_t now_ms, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(location), P_TEXT(quarter), P_TEXT(code), P_TEXT(response_id),
				P_TEXT(question), P_TEXT(by), P_INT(now_ms)};
	return coll_store_run(s, "INSERT INTO theme_quotes (location, quarter, code, response_id, question,"
			      " chosen_by, chosen_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)"
			      " ON CONFLICT (location, quarter, code) DO UPDATE SET"
			      " response_id = excluded.response_id, question = excluded.question,"
			      " chosen_by = excluded.chosen_by, chosen_at_ms = excluded.chosen_at_ms",
			      p, 7, NULL, NULL, err);
}

static int count_one(void *ctx, int ncols, const char *const *vals)
{
	(void)ncols;
	(void)vals;
	*(bool *)ctx = true;
	return 0;
}

int coll_store_theme_quote_clear(coll_store *s, const char *location, const char *quarter,
				 const char *code, bool *removed, fb_err *err)
{
	bool gone = false;
	coll_store_param p[] = {P_TEXT(location), P_TEXT(quarter), P_TEXT(code)};
	int rc = coll_store_run(s, "DELETE FROM theme_quotes WHERE location = $1 AND quarter = $2"
				" AND code = $3 RETURNING 1", p, 3, count_one, &gone, err);
	if (removed)
		*removed = gone;
	return rc;
}

typedef struct quote_ctx {
	int (*fn)(void *ctx, const coll_store_theme_quote *q);
	void *ctx;
} quote_ctx;

static int quote_row(void *ctx, int ncols, const char *const *vals)
{
	quote_ctx *c = ctx;
	(void)ncols;
	coll_store_theme_quote q = {
		.code = vals[0], .response_id = vals[1], .question = vals[2], .chosen_by = vals[3],
		.chosen_at_ms = coll_store_i64(vals[4]), .free_text_json = vals[5],
		.safeguarding = coll_store_i64(vals[6]) != 0,
	};
	return c->fn(c->ctx, &q);
}

int coll_store_theme_quotes_each(coll_store *s, const char *location, const char *quarter,
				 int (*fn)(void *ctx, const coll_store_theme_quote *q), void *ctx,
				 fb_err *err)
{
	quote_ctx c = {fn, ctx};
	coll_store_param p[] = {P_TEXT(location), P_TEXT(quarter)};
	/* the words as stored now, from the same location: a response whose
	 * words went (or that moved away) shows nothing */
	return coll_store_run(s, "SELECT q.code, q.response_id, q.question, q.chosen_by, q.chosen_at_ms,"
			      " r.free_text, coalesce(r.safeguarding, 0) FROM theme_quotes q"
			      " LEFT JOIN responses r ON r.id = q.response_id AND r.location = q.location"
			      " AND r.synthetic = 0"
			      " WHERE q.location = $1 AND q.quarter = $2 ORDER BY q.code", p, 2,
			      quote_row, &c, err);
}
