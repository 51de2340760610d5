/* settings.c: the tablet settings of each location (schema 10, opening
 * hours and modes schema 13; store.h's
 * "tablet settings" part): one row per location that ever had one saved,
 * and its crisis-help texts, one row per language. A put replaces both in
 * one transaction, so a reader never sees half of a change. And the Trust's
 * current public key, which every location's tablets are sent (a row of
 * the settings table). */
#include "backend.h"

#include <stdio.h>
#include <string.h>

const char *const coll_store_schema_settings[] = {
	/* NULL = not set: the tablet keeps its own */
	"CREATE TABLE IF NOT EXISTS location_settings (location TEXT PRIMARY KEY,"
	" languages TEXT, idle_timeout_s INTEGER, survey_file TEXT, survey_json TEXT,"
	" updated_ms BIGINT NOT NULL, updated_by TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS location_crisis (location TEXT NOT NULL, lang TEXT NOT NULL,"
	" text TEXT NOT NULL, PRIMARY KEY (location, lang))",
	NULL,
};

/* Schema 13: opening hours (lib/hours.h's text) and the modes a person may
 * choose ("standard,easy_read"), each NULL = not set. */
const char *const coll_store_schema_settings_modes[] = {
	"ALTER TABLE location_settings ADD COLUMN opening_hours TEXT",
	"ALTER TABLE location_settings ADD COLUMN modes TEXT",
	NULL,
};

void coll_store_location_settings_clear(coll_store_location_settings *v)
{
	free(v->survey_json);
	memset(v, 0, sizeof *v);
}

typedef struct get_ctx {
	coll_store_location_settings *v;
	bool nomem;
} get_ctx;

/* languages: codes joined with ',' (a code never holds one). */
static void split_languages(coll_store_location_settings *v, const char *list)
{
	const char *p = list;
	while (p && *p && v->n_languages < COLL_STORE_SETTINGS_LANGS_MAX) {
		size_t n = strcspn(p, ",");
		if (n > 0 && n < COLL_STORE_LANG_MAX) {
			memcpy(v->languages[v->n_languages], p, n);
			v->languages[v->n_languages++][n] = '\0';
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

/* modes: names joined with ',' (a name never holds one). */
static void split_modes(coll_store_location_settings *v, const char *list)
{
	const char *p = list;
	while (p && *p && v->n_modes < COLL_STORE_MODES_MAX) {
		size_t n = strcspn(p, ",");
		if (n > 0 && n < COLL_STORE_MODE_MAX) {
			memcpy(v->modes[v->n_modes], p, n);
			v->modes[v->n_modes++][n] = '\0';
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

static int get_row(void *ctx, int ncols, const char *const *vals)
{
	get_ctx *g = ctx;
	coll_store_location_settings *v = g->v;
	(void)ncols;
	split_languages(v, vals[0]);
	v->idle_timeout_s = (int)coll_store_i64(vals[1]);
	snprintf(v->survey_file, sizeof v->survey_file, "%s", vals[2] ? vals[2] : "");
	if (vals[3]) {
		v->survey_json = strdup(vals[3]);
		if (!v->survey_json)
			g->nomem = true;
	}
	v->updated_ms = coll_store_i64(vals[4]);
	snprintf(v->updated_by, sizeof v->updated_by, "%s", vals[5] ? vals[5] : "");
	snprintf(v->opening_hours, sizeof v->opening_hours, "%s", vals[6] ? vals[6] : "");
	split_modes(v, vals[7]);
	return 0;
}

static int get_crisis(void *ctx, int ncols, const char *const *vals)
{
	coll_store_location_settings *v = ctx;
	(void)ncols;
	if (v->n_crisis >= COLL_STORE_SETTINGS_LANGS_MAX)
		return 0;
	struct coll_store_crisis *c = &v->crisis[v->n_crisis++];
	snprintf(c->lang, sizeof c->lang, "%s", vals[0]);
	snprintf(c->text, sizeof c->text, "%s", vals[1]);
	return 0;
}

int coll_store_location_settings_get(coll_store *s, const char *location,
				     coll_store_location_settings *out, fb_err *err)
{
	memset(out, 0, sizeof *out);
	get_ctx g = {out, false};
	coll_store_param p[] = {P_TEXT(location)};
	int rc = coll_store_run(s, "SELECT languages, idle_timeout_s, survey_file, survey_json,"
				" updated_ms, updated_by, opening_hours, modes FROM location_settings"
				" WHERE location = $1",
				p, 1, get_row, &g, err);
	if (rc == 0 && g.nomem)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the settings of %s", location);
	if (rc == 0)
		rc = coll_store_run(s, "SELECT lang, text FROM location_crisis WHERE location = $1"
				    " ORDER BY lang", p, 1, get_crisis, out, err);
	if (rc)
		coll_store_location_settings_clear(out);
	return rc;
}

int coll_store_location_settings_put(coll_store *s, const char *location,
				     const coll_store_location_settings *v, const char *user,
				     int64_t now_ms, fb_err *err)
{
	char langs[COLL_STORE_SETTINGS_LANGS_MAX * COLL_STORE_LANG_MAX];
	char modes[COLL_STORE_MODES_MAX * COLL_STORE_MODE_MAX];
	size_t used = 0;
	if (v->n_languages > COLL_STORE_SETTINGS_LANGS_MAX || v->n_crisis > COLL_STORE_SETTINGS_LANGS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "at most %d languages", COLL_STORE_SETTINGS_LANGS_MAX);
	if (v->n_modes > COLL_STORE_MODES_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "at most %d modes", COLL_STORE_MODES_MAX);
	modes[0] = '\0';
	for (size_t i = 0; i < v->n_modes; i++) {
		const char *m = v->modes[i];
		if (!m[0] || strchr(m, ','))
			return fb_err_set(err, FB_ERR_INVALID, "'%s' is not a mode", m);
		used += (size_t)snprintf(modes + used, sizeof modes - used, "%s%s", i ? "," : "", m);
	}
	used = 0;
	langs[0] = '\0';
	for (size_t i = 0; i < v->n_languages; i++) {
		const char *l = v->languages[i];
		if (!l[0] || strchr(l, ','))
			return fb_err_set(err, FB_ERR_INVALID, "'%s' is not a language code", l);
		used += (size_t)snprintf(langs + used, sizeof langs - used, "%s%s", i ? "," : "", l);
	}
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	coll_store_param p[] = {P_TEXT(location), P_TEXT(v->n_languages ? langs : NULL),
				v->idle_timeout_s > 0 ? P_INT(v->idle_timeout_s) : P_TEXT(NULL),
				P_TEXT(v->survey_file[0] ? v->survey_file : NULL), P_TEXT(v->survey_json),
				P_INT(now_ms), P_TEXT(user),
				P_TEXT(v->opening_hours[0] ? v->opening_hours : NULL),
				P_TEXT(v->n_modes ? modes : NULL)};
	rc = s->be->exec(s->db, "INSERT INTO location_settings (location, languages, idle_timeout_s,"
			 " survey_file, survey_json, updated_ms, updated_by, opening_hours, modes)"
			 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (location) DO UPDATE"
			 " SET languages = excluded.languages,"
			 " idle_timeout_s = excluded.idle_timeout_s, survey_file = excluded.survey_file,"
			 " survey_json = excluded.survey_json, updated_ms = excluded.updated_ms,"
			 " updated_by = excluded.updated_by, opening_hours = excluded.opening_hours,"
			 " modes = excluded.modes", p, 9, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM location_crisis WHERE location = $1", p, 1, NULL,
				 NULL, err);
	for (size_t i = 0; rc == 0 && i < v->n_crisis; i++) {
		coll_store_param c[] = {P_TEXT(location), P_TEXT(v->crisis[i].lang),
					P_TEXT(v->crisis[i].text)};
		rc = s->be->exec(s->db, "INSERT INTO location_crisis (location, lang, text)"
				 " VALUES ($1, $2, $3)", c, 3, NULL, NULL, err);
	}
	return coll_store_tx_end(s, rc, err);
}

typedef struct fetch_ctx {
	int (*fn)(void *ctx, const char *device_id, const char *etag, int64_t fetched_at_ms);
	void *ctx;
} fetch_ctx;

static int get_fetch(void *ctx, int ncols, const char *const *vals)
{
	fetch_ctx *f = ctx;
	(void)ncols;
	return f->fn(f->ctx, vals[0], vals[1], coll_store_i64(vals[2]));
}

int coll_store_location_fetches_each(coll_store *s, const char *location,
				     int (*fn)(void *ctx, const char *device_id, const char *etag,
					       int64_t fetched_at_ms),
				     void *ctx, fb_err *err)
{
	fetch_ctx f = {fn, ctx};
	coll_store_param p[] = {P_TEXT(location)};
	return coll_store_run(s, "SELECT dl.device_id, f.etag, f.fetched_at_ms FROM device_locations dl"
			      " JOIN devices d ON d.id = dl.device_id AND d.revoked = 0"
			      " LEFT JOIN device_config_fetch f ON f.device_id = dl.device_id"
			      " WHERE dl.location = $1 ORDER BY dl.device_id", p, 1, get_fetch, &f, err);
}

/* ---- the Trust's current public key ------------------------------------- */

int coll_store_trust_key_put(coll_store *s, const char *b64, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(b64)};
	return coll_store_run(s, "INSERT INTO settings (name, value) VALUES ('trust_public_key', $1)"
			      " ON CONFLICT (name) DO UPDATE SET value = excluded.value", p, 1, NULL, NULL,
			      err);
}

typedef struct key_ctx {
	char *out;
} key_ctx;

static int key_row(void *ctx, int ncols, const char *const *vals)
{
	key_ctx *k = ctx;
	snprintf(k->out, COLL_STORE_TRUST_KEY_B64, "%s", vals[0] ? vals[0] : "");
	return 0;
}

int coll_store_trust_key_get(coll_store *s, char b64[COLL_STORE_TRUST_KEY_B64], fb_err *err)
{
	key_ctx k = {b64};
	b64[0] = '\0';
	return coll_store_run(s, "SELECT value FROM settings WHERE name = 'trust_public_key'", NULL, 0,
			      key_row, &k, err);
}
