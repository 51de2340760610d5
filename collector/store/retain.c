/* retain.c: what the store forgets, and its copies (store.h, "retention and
 * erasure"): the retention run, erasure of one person's records, the scrub
 * that makes the freed bytes unreadable, and the backend's backup and restore.
 * Every count a deleted or erased response was part of is put right in the
 * same transaction (response_counts), so the pages and the monthly returns
 * read the same figures afterwards. */
#include "backend.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#include "../months.h"

#define HEX_LEN (COLL_STORE_HASH_LEN * 2 + 1)
#define DRY_RUN_DONE 0x0D5A   /* rolls a dry run's transaction back */

/* Schema 8: months whose national return was made, and the hashes of erased
 * responses' ids (nothing else of them: the hash only answers "was this id
 * erased?" for a record sent again). */
const char *const coll_store_schema_retention[] = {
	"CREATE TABLE IF NOT EXISTS returns_made (month INTEGER PRIMARY KEY, made_ms BIGINT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS erased_ids (id_hash TEXT PRIMARY KEY)",
	/* after a key rotation: which key each device still seals to */
	"CREATE TABLE IF NOT EXISTS device_seal_keys (device_id TEXT PRIMARY KEY,"
	" public_key TEXT NOT NULL, submitted_ms BIGINT NOT NULL)",
	NULL,
};

static void id_hash(const char *id, char out[HEX_LEN])
{
	unsigned char h[COLL_STORE_HASH_LEN];
	crypto_generichash(h, sizeof h, (const unsigned char *)id, strlen(id), NULL, 0);
	sodium_bin2hex(out, HEX_LEN, h, sizeof h);
}

static int count_rows(void *ctx, int ncols, const char *const *vals)
{
	(void)ncols;
	(void)vals;
	(*(int64_t *)ctx)++;
	return 0;
}

int coll_store_return_made(coll_store *s, int month, int64_t now_ms, fb_err *err)
{
	coll_store_param p[] = {P_INT(month), P_INT(now_ms)};
	return coll_store_run(s, "INSERT INTO returns_made (month, made_ms) VALUES ($1, $2)"
			      " ON CONFLICT (month) DO NOTHING", p, 2, NULL, NULL, err);
}

int coll_store_erased(coll_store *s, const char *id, bool *out, fb_err *err)
{
	char h[HEX_LEN];
	int64_t n = 0;
	id_hash(id, h);
	coll_store_param p[] = {P_TEXT(h)};
	int rc = coll_store_run(s, "SELECT 1 FROM erased_ids WHERE id_hash = $1", p, 1,
				count_rows, &n, err);
	*out = n > 0;
	return rc;
}

/* ---- moving counts ---------------------------------------------------------- */

/* Responses of one (location, month, fft) that lose their words. */
typedef struct text_group {
	char location[COLL_STORE_ID_MAX];
	int64_t month, fft, n;
} text_group;

typedef struct group_list {
	text_group *v;
	size_t n, cap;
} group_list;

static int add_group(void *ctx, int ncols, const char *const *vals)
{
	group_list *l = ctx;
	if (ncols < 4)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		text_group *nv = realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return FB_ERR_NOMEM;
		l->v = nv;
		l->cap = cap;
	}
	text_group *g = &l->v[l->n++];
	snprintf(g->location, sizeof g->location, "%s", vals[0] ? vals[0] : "");
	g->month = coll_store_i64(vals[1]);
	g->fft = coll_store_i64(vals[2]);
	g->n = coll_store_i64(vals[3]);
	return 0;
}

/* Moves g's responses from the has_text = 1 count to the has_text = 0 one. */
static int move_text_count(coll_store *s, const text_group *g, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(g->location), P_INT(g->month), P_INT(g->fft), P_INT(g->n)};
	int rc = s->be->exec(s->db, "UPDATE response_counts SET n = n - $4 WHERE location = $1"
			     " AND month = $2 AND fft = $3 AND has_text = 1", p, 4, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM response_counts WHERE location = $1 AND month = $2"
				 " AND fft = $3 AND has_text = 1 AND n <= 0", p, 3, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "INSERT INTO response_counts (location, month, fft, has_text, n)"
				 " VALUES ($1, $2, $3, 0, $4) ON CONFLICT (location, month, fft, has_text)"
				 " DO UPDATE SET n = response_counts.n + $4", p, 4, NULL, NULL, err);
	return rc;
}

/* ---- retention --------------------------------------------------------------- */

/* Whole responses the run may delete: of months before $1 whose return was
 * made ($2: months up to it are past their return anyway). */
#define OLD_MONTHS " month < $1 AND (month <= $2 OR month IN (SELECT month FROM returns_made))"

int coll_store_retention_run(coll_store *s, const coll_store_retention *r,
			     coll_store_retention_done *out, fb_err *err)
{
	group_list groups = {0};
	coll_store_param old[] = {P_INT(r->ratings_before), P_INT(r->return_safe_through)};
	coll_store_param text[] = {P_INT(r->text_before_ms)};
	memset(out, 0, sizeof *out);
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	/* Whole responses first: their words go with them, and their counts. */
	rc = s->be->exec(s->db, "DELETE FROM alerts WHERE response_id IN (SELECT id FROM responses"
			 " WHERE" OLD_MONTHS ")", old, 2, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM action_comments WHERE response_id IN"
				 " (SELECT id FROM responses WHERE" OLD_MONTHS ")", old, 2, NULL, NULL, err);
	/* a coded comment keeps a copy of its words (themes_coding.comment,
	 * with its history): they go with the response's */
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM themes_coding WHERE response_id IN"
				 " (SELECT id FROM responses WHERE" OLD_MONTHS ")", old, 2, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM themes_suggestions WHERE response_id IN"
				 " (SELECT id FROM responses WHERE" OLD_MONTHS ")", old, 2, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM theme_quotes WHERE response_id IN"
				 " (SELECT id FROM responses WHERE" OLD_MONTHS ")", old, 2, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM responses WHERE" OLD_MONTHS " RETURNING 1",
				 old, 2, count_rows, &out->responses, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM response_counts WHERE" OLD_MONTHS,
				 old, 2, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "SELECT count(*) FROM responses WHERE month < $1",
				 old, 1, coll_store_get_int, &out->held, err);
	/* Then the words of the rest that are old enough. */
	if (rc == 0)
		rc = s->be->exec(s->db, "SELECT location, month, fft, count(*) FROM responses"
				 " WHERE has_text = 1 AND synthetic = 0 AND effective_at_ms < $1"
				 " GROUP BY location, month, fft ORDER BY location, month, fft",
				 text, 1, add_group, &groups, err);
	if (rc == FB_ERR_NOMEM)
		fb_err_set(err, rc, "out of memory in the retention run");
	for (size_t i = 0; i < groups.n && rc == 0; i++)
		rc = move_text_count(s, &groups.v[i], err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM themes_coding WHERE response_id IN (SELECT id FROM"
				 " responses WHERE effective_at_ms < $1)",
				 text, 1, NULL, NULL, err);
	/* a Quality Board quote is of words that are going */
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM theme_quotes WHERE response_id IN (SELECT id FROM"
				 " responses WHERE effective_at_ms < $1)",
				 text, 1, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "UPDATE responses SET free_text = NULL, has_text = 0,"
				 " flag_note = NULL WHERE effective_at_ms < $1"
				 " AND (free_text IS NOT NULL OR flag_note IS NOT NULL) RETURNING 1",
				 text, 1, count_rows, &out->texts, err);
	/* Volunteer sign-ups given before the limit, whatever their state: one
	 * who joined is in the Trust's own volunteer records by then. */
	if (rc == 0 && r->signups_before[0]) {
		coll_store_param sd[] = {P_TEXT(r->signups_before)};
		rc = s->be->exec(s->db, "DELETE FROM volunteer_signups WHERE signed_date < $1 RETURNING 1",
				 sd, 1, count_rows, &out->signups, err);
	}
	if (rc == 0 && r->dry_run)
		rc = DRY_RUN_DONE;
	rc = coll_store_tx_end(s, rc, err);
	if (rc == DRY_RUN_DONE)
		rc = 0;
	free(groups.v);
	return rc;
}

/* ---- erasure ----------------------------------------------------------------- */

/* text folded for comparison (NFC, Unicode case folding); NULL when out of
 * memory or not UTF-8. The caller frees it. */
static char *fold(const char *text, size_t n)
{
	size_t len = 0;
	uint8_t *f = u8_casefold((const uint8_t *)text, n, NULL, UNINORM_NFC, NULL, &len);
	if (!f)
		return NULL;
	char *out = realloc(f, len + 1);
	if (!out) {
		free(f);
		return NULL;
	}
	out[len] = '\0';
	return out;
}

typedef struct search_ctx {
	const char *needle;          /* folded */
	int limit, seen;
	int (*fn)(void *ctx, const coll_store_erase_hit *h);
	void *ctx;
	int rc;
} search_ctx;

#define SEARCH_DONE 0x5EA4

static bool text_holds(const char *free_text, const char *needle)
{
	json_t *o = free_text ? json_loads(free_text, 0, NULL) : NULL;
	const char *key;
	json_t *v;
	bool found = false;
	json_object_foreach(o, key, v) {
		if (!json_is_string(v))
			continue;
		char *f = fold(json_string_value(v), json_string_length(v));
		found = f && strstr(f, needle) != NULL;
		free(f);
		if (found)
			break;
	}
	json_decref(o);
	return found;
}

static int search_row(void *ctx, int ncols, const char *const *vals)
{
	search_ctx *c = ctx;
	if (ncols < 4 || !text_holds(vals[3], c->needle))
		return 0;
	coll_store_erase_hit h = {vals[0], vals[1], coll_store_i64(vals[2]), vals[3]};
	int rc = c->fn(c->ctx, &h);
	if (rc == 0 && c->limit > 0 && ++c->seen >= c->limit)
		rc = SEARCH_DONE;
	return rc;
}

int coll_store_erase_search(coll_store *s, const char *text, int limit,
			    int (*fn)(void *ctx, const coll_store_erase_hit *h), void *ctx,
			    fb_err *err)
{
	char *needle = fold(text, strlen(text));
	if (!needle || !needle[0]) {
		free(needle);
		return fb_err_set(err, FB_ERR_INVALID, "give some text to search for (a name, a phone"
				  " number, words the person remembers writing)");
	}
	search_ctx c = {needle, limit, 0, fn, ctx, 0};
	/* Every response with words, read whole: erasure searches are rare and
	 * the folding (any script) is done here, not by the database. */
	int rc = coll_store_run(s, "SELECT id, location, effective_at_ms, free_text FROM responses"
				" WHERE free_text IS NOT NULL ORDER BY effective_at_ms DESC",
				NULL, 0, search_row, &c, err);
	if (rc == SEARCH_DONE)
		rc = 0;
	free(needle);
	return rc;
}

typedef struct signup_search_ctx {
	const char *needle;          /* folded */
	coll_store_open_fn open;
	const void *open_ctx;
	int (*fn)(void *ctx, const coll_store_signup_hit *h);
	void *ctx;
	int64_t unopened;
} signup_search_ctx;

static bool holds(const char *text, const char *needle);

static int signup_search_row(void *ctx, int ncols, const char *const *vals)
{
	signup_search_ctx *c = ctx;
	char *plain = NULL;
	size_t len = 0;
	fb_err oerr;
	int rc = 0;
	if (ncols < 4 || !vals[3] || !c->open ||
	    c->open(c->open_ctx, vals[3], &plain, &len, &oerr) != 0) {
		c->unopened++;
		return 0;
	}
	json_t *o = json_loads(plain, 0, NULL);
	sodium_memzero(plain, len);
	free(plain);
	const char *name = json_string_value(json_object_get(o, "name"));
	const char *contact = json_string_value(json_object_get(o, "contact"));
	if (holds(name, c->needle) || holds(contact, c->needle)) {
		coll_store_signup_hit h = {vals[0], vals[1], vals[2], name ? name : "",
					   contact ? contact : ""};
		rc = c->fn(c->ctx, &h);
	}
	json_decref(o);
	return rc;
}

int coll_store_signups_search(coll_store *s, const char *text, coll_store_open_fn open,
			      const void *open_ctx,
			      int (*fn)(void *ctx, const coll_store_signup_hit *h), void *ctx,
			      int64_t *unopened, fb_err *err)
{
	char *needle = fold(text, strlen(text));
	*unopened = 0;
	if (!needle || !needle[0]) {
		free(needle);
		return fb_err_set(err, FB_ERR_INVALID, "give some text to search for (a name, a phone"
				  " number, an email address)");
	}
	signup_search_ctx c = {needle, open, open_ctx, fn, ctx, 0};
	/* each one opened in turn: sign-ups are few, and kept sealed at rest */
	int rc = coll_store_run(s, "SELECT id, location, signed_date, sealed FROM volunteer_signups"
				" ORDER BY signed_date DESC, id", NULL, 0, signup_search_row, &c, err);
	*unopened = c.unopened;
	free(needle);
	return rc;
}

typedef struct action_search_ctx {
	const char *needle;
	int64_t last;            /* the action just reported (rows come by id) */
	int (*fn)(void *ctx, int64_t action_id, const char *team);
	void *ctx;
} action_search_ctx;

static bool holds(const char *text, const char *needle)
{
	char *f = text ? fold(text, strlen(text)) : NULL;
	bool found = f && strstr(f, needle) != NULL;
	free(f);
	return found;
}

static int action_row(void *ctx, int ncols, const char *const *vals)
{
	action_search_ctx *c = ctx;
	int64_t id = coll_store_i64(vals[0]);
	if (id == c->last)
		return 0;
	for (int i = 2; i < ncols; i++) {
		if (holds(vals[i], c->needle)) {
			c->last = id;
			return c->fn(c->ctx, id, vals[1]);
		}
	}
	return 0;
}

int coll_store_erase_search_actions(coll_store *s, const char *text,
				    int (*fn)(void *ctx, int64_t action_id, const char *team),
				    void *ctx, fb_err *err)
{
	char *needle = fold(text, strlen(text));
	if (!needle || !needle[0]) {
		free(needle);
		return fb_err_set(err, FB_ERR_INVALID, "give some text to search for");
	}
	action_search_ctx c = {needle, -1, fn, ctx};
	int rc = coll_store_run(s, "SELECT a.id, a.team, a.you_said, a.we_will, a.reason, t.you_said,"
				" t.we_did FROM actions a LEFT JOIN published_items i ON i.action_id = a.id"
				" LEFT JOIN published_texts t ON t.item_id = i.id ORDER BY a.id",
				NULL, 0, action_row, &c, err);
	free(needle);
	return rc;
}

typedef struct erase_row {
	bool found;
	char location[COLL_STORE_ID_MAX];
	int64_t month, fft, has_text, synthetic, effective;
} erase_row;

static int get_erase_row(void *ctx, int ncols, const char *const *vals)
{
	erase_row *e = ctx;
	e->found = true;
	snprintf(e->location, sizeof e->location, "%s", vals[0] ? vals[0] : "");
	e->month = coll_store_i64(vals[1]);
	e->fft = coll_store_i64(vals[2]);
	e->has_text = coll_store_i64(vals[3]);
	e->synthetic = coll_store_i64(vals[4]);
	e->effective = coll_store_i64(vals[5]);
	return 0;
}

/* A fresh random UUID (version 4): nothing of the old id, time or device. */
static void random_uuid(char out[37])
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

static int erase_one(coll_store *s, const char *id, fb_err *err)
{
	erase_row e = {0};
	char h[HEX_LEN], fresh[37], digest[HEX_LEN];
	coll_store_param q[] = {P_TEXT(id)};
	int rc = s->be->exec(s->db, "SELECT location, month, fft, has_text, synthetic, effective_at_ms"
			     " FROM responses WHERE id = $1", q, 1, get_erase_row, &e, err);
	if (rc)
		return rc;
	if (!e.found)
		return fb_err_set(err, FB_ERR_NOTFOUND, "no response '%s' (already erased, or mistyped);"
				  " nothing was erased: find the ids with 'feedback-collector erase"
				  " search TEXT'", id);
	if (e.has_text && !e.synthetic) {
		text_group g = {.month = e.month, .fft = e.fft, .n = 1};
		snprintf(g.location, sizeof g.location, "%s", e.location);
		rc = move_text_count(s, &g, err);
	}
	random_uuid(fresh);
	id_hash(fresh, digest);
	/* the start of its month: the month stays (its counts and return), the
	 * day and time that could tie it to a visit go */
	int64_t at = coll_months_start((int)(e.month / 100), (int)(e.month % 100) - 1);
	coll_store_param u[] = {P_TEXT(id), P_TEXT(fresh), P_TEXT(digest), P_INT(at)};
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM alerts WHERE response_id = $1", q, 1, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM action_comments WHERE response_id = $1", q, 1,
				 NULL, NULL, err);
	/* the copy of its words a coding keeps (every version), and what the
	 * model suggested for it */
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM themes_coding WHERE response_id = $1", q, 1,
				 NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM themes_suggestions WHERE response_id = $1", q, 1,
				 NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM theme_quotes WHERE response_id = $1", q, 1,
				 NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "UPDATE responses SET id = $2, digest = $3, device_id = 'erased',"
				 " language = 'und', answers = '{}', free_text = NULL, has_text = 0,"
				 " flag_note = NULL, flag_new = 0, started_at_ms = $4, submitted_at_ms = $4,"
				 " received_at_ms = $4, corrected_submitted_at_ms = NULL,"
				 " effective_at_ms = $4, duration_ms = 0 WHERE id = $1",
				 u, 4, NULL, NULL, err);
	id_hash(id, h);
	coll_store_param k[] = {P_TEXT(h)};
	if (rc == 0)
		rc = s->be->exec(s->db, "INSERT INTO erased_ids (id_hash) VALUES ($1)"
				 " ON CONFLICT (id_hash) DO NOTHING", k, 1, NULL, NULL, err);
	return rc;
}

int coll_store_erase_ids(coll_store *s, const char *const *ids, size_t n, fb_err *err)
{
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erase_one(s, ids[i], err);
	rc = coll_store_tx_end(s, rc, err);
	if (rc == 0 && n > 0)
		rc = coll_store_scrub(s, err);
	return rc;
}

int coll_store_scrub(coll_store *s, fb_err *err)
{
	pthread_mutex_lock(&s->mu);
	int rc = s->be->scrub(s->db, err);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

typedef struct seal_keys_ctx {
	int (*fn)(void *ctx, const char *device_id, const char *public_key, int64_t submitted_ms);
	void *ctx;
} seal_keys_ctx;

static int seal_key_row(void *ctx, int ncols, const char *const *vals)
{
	seal_keys_ctx *c = ctx;
	return c->fn(c->ctx, vals[0], vals[1], coll_store_i64(vals[2]));
}

int coll_store_device_seal_keys_each(coll_store *s,
				     int (*fn)(void *ctx, const char *device_id, const char *public_key,
					       int64_t submitted_ms),
				     void *ctx, fb_err *err)
{
	seal_keys_ctx c = {fn, ctx};
	return coll_store_run(s, "SELECT device_id, public_key, submitted_ms FROM device_seal_keys"
			      " ORDER BY device_id", NULL, 0, seal_key_row, &c, err);
}

/* ---- copies ------------------------------------------------------------------ */

bool coll_store_can_copy(const coll_store *s)
{
	return s->be->backup != NULL;
}

int coll_store_backup(coll_store *s, const char *path, fb_err *err)
{
	if (!s->be->backup)
		return fb_err_set(err, FB_ERR_INVALID, "the %s store is backed up with pg_dump", s->be->name);
	pthread_mutex_lock(&s->mu);
	int rc = s->be->backup(s->db, path, err);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

int coll_store_restore(coll_store *s, const char *path, fb_err *err)
{
	if (!s->be->restore)
		return fb_err_set(err, FB_ERR_INVALID, "the %s store is restored with pg_restore", s->be->name);
	pthread_mutex_lock(&s->mu);
	int rc = s->be->restore(s->db, path, err);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

int coll_store_is_empty(coll_store *s, bool *out, fb_err *err)
{
	int64_t n = 0;
	int rc = coll_store_run(s, "SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM devices)"
				" + (SELECT count(*) FROM locations) + (SELECT count(*) FROM users)",
				NULL, 0, coll_store_get_int, &n, err);
	*out = n == 0;
	return rc;
}
