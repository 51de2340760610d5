/* volunteers.c: volunteer sign-ups (schema 11; store.h's "volunteer
 * sign-ups" part). A sign-up row holds its random id, the digest of its
 * record, the location, the UTC date it was given, and the sealed box as the
 * device sent it (opened only when a page shows it); its state and who set
 * it when. No column names a response, a device or a received time. */
#include "backend.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HEX_LEN (COLL_STORE_HASH_LEN * 2 + 1)

const char *const coll_store_schema_volunteers[] = {
	"CREATE TABLE volunteer_signups (id TEXT PRIMARY KEY, digest TEXT NOT NULL,"
	" location TEXT NOT NULL, signed_date TEXT NOT NULL, sealed TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'new', state_by TEXT, state_at_ms BIGINT)",
	"CREATE INDEX volunteer_signups_date ON volunteer_signups (signed_date)",
	NULL,
};

static const char *const states[] = {"new", "contacted", "joined", "declined"};

const char *coll_store_signup_state_name(coll_store_signup_state st)
{
	return (unsigned)st < sizeof states / sizeof states[0] ? states[st] : "new";
}

int coll_store_signup_state_parse(const char *name, coll_store_signup_state *out)
{
	for (size_t i = 0; name && i < sizeof states / sizeof states[0]; i++)
		if (strcmp(name, states[i]) == 0) {
			*out = (coll_store_signup_state)i;
			return 0;
		}
	return -1;
}

static void hex_of(const unsigned char *bin, char out[HEX_LEN])
{
	sodium_bin2hex(out, HEX_LEN, bin, COLL_STORE_HASH_LEN);
}

static void id_hash(const char *id, char out[HEX_LEN])
{
	unsigned char h[COLL_STORE_HASH_LEN];
	crypto_generichash(h, sizeof h, (const unsigned char *)id, strlen(id), NULL, 0);
	hex_of(h, out);
}

static int count_rows(void *ctx, int ncols, const char *const *vals)
{
	(void)ncols;
	(void)vals;
	(*(int64_t *)ctx)++;
	return 0;
}

static int put_one(coll_store *s, const coll_store_signup *r, coll_store_outcome *outcome,
		   fb_err *err)
{
	char digest[HEX_LEN], idh[HEX_LEN];
	int64_t erased = 0, inserted = 0;
	hex_of(r->digest, digest);
	id_hash(r->id, idh);
	/* an erased sign-up sent again (a retry, an old USB bundle): the device
	 * is told it is stored, and nothing is */
	coll_store_param e[] = {P_TEXT(idh)};
	int rc = s->be->exec(s->db, "SELECT 1 FROM erased_ids WHERE id_hash = $1", e, 1,
			     count_rows, &erased, err);
	if (rc)
		return rc;
	if (erased) {
		*outcome = COLL_STORE_DUPLICATE;
		return 0;
	}
	coll_store_param p[] = {P_TEXT(r->id), P_TEXT(digest), P_TEXT(r->location),
				P_TEXT(r->date), P_TEXT(r->sealed_b64)};
	rc = s->be->exec(s->db, "INSERT INTO volunteer_signups (id, digest, location, signed_date,"
			 " sealed) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING 1",
			 p, 5, count_rows, &inserted, err);
	if (rc)
		return rc;
	return coll_store_put_outcome(s, "SELECT digest FROM volunteer_signups WHERE id = $1", r->id,
				      digest, inserted, outcome, err);
}

int coll_store_signups_put(coll_store *s, const coll_store_signup *rows, size_t n,
			   coll_store_outcome *outcomes, fb_err *err)
{
	if (n == 0)
		return 0;
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = put_one(s, &rows[i], &outcomes[i], err);
	return coll_store_tx_end(s, rc, err);
}

typedef struct each_ctx {
	int (*fn)(void *ctx, const coll_store_signup_row *r);
	void *ctx;
} each_ctx;

static int get_row(void *ctx, int ncols, const char *const *vals)
{
	each_ctx *c = ctx;
	coll_store_signup_row r = {
		.id = vals[0], .location = vals[1], .date = vals[2], .sealed_b64 = vals[3],
		.state_by = vals[5], .state_at_ms = vals[6] ? coll_store_i64(vals[6]) : 0,
	};
	(void)ncols;
	if (coll_store_signup_state_parse(vals[4], &r.state))
		r.state = COLL_SIGNUP_NEW;
	return c->fn(c->ctx, &r);
}

int coll_store_signups_each(coll_store *s, int (*fn)(void *ctx, const coll_store_signup_row *r),
			    void *ctx, fb_err *err)
{
	each_ctx c = {fn, ctx};
	return coll_store_run(s, "SELECT id, location, signed_date, sealed, state, state_by, state_at_ms"
			      " FROM volunteer_signups ORDER BY signed_date DESC, id", NULL, 0,
			      get_row, &c, err);
}

int coll_store_signup_get(coll_store *s, const char *id,
			  int (*fn)(void *ctx, const coll_store_signup_row *r), void *ctx,
			  fb_err *err)
{
	each_ctx c = {fn, ctx};
	int64_t found = 0;
	coll_store_param p[] = {P_TEXT(id)};
	int rc = coll_store_run(s, "SELECT 1 FROM volunteer_signups WHERE id = $1", p, 1, count_rows,
				&found, err);
	if (rc == 0 && !found)
		return fb_err_set(err, FB_ERR_NOTFOUND, "no sign-up '%s'", id);
	if (rc == 0)
		rc = coll_store_run(s, "SELECT id, location, signed_date, sealed, state, state_by,"
				    " state_at_ms FROM volunteer_signups WHERE id = $1", p, 1, get_row,
				    &c, err);
	return rc;
}

int coll_store_signup_set_state(coll_store *s, const char *id, coll_store_signup_state st,
				const char *by, int64_t now_ms, fb_err *err)
{
	int64_t n = 0;
	coll_store_param p[] = {P_TEXT(id), P_TEXT(coll_store_signup_state_name(st)), P_TEXT(by),
				P_INT(now_ms)};
	int rc = coll_store_run(s, "UPDATE volunteer_signups SET state = $2, state_by = $3,"
				" state_at_ms = $4 WHERE id = $1 RETURNING 1", p, 4, count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no sign-up '%s'", id);
	return rc;
}

static int erase_one(coll_store *s, const char *id, fb_err *err)
{
	char idh[HEX_LEN];
	int64_t n = 0;
	id_hash(id, idh);
	coll_store_param p[] = {P_TEXT(id)};
	coll_store_param h[] = {P_TEXT(idh)};
	int rc = s->be->exec(s->db, "DELETE FROM volunteer_signups WHERE id = $1 RETURNING 1", p, 1,
			     count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no sign-up '%s' (already erased, or mistyped);"
				" nothing was erased", id);
	if (rc == 0)
		rc = s->be->exec(s->db, "INSERT INTO erased_ids (id_hash) VALUES ($1)"
				 " ON CONFLICT (id_hash) DO NOTHING", h, 1, NULL, NULL, err);
	return rc;
}

int coll_store_signups_erase(coll_store *s, const char *const *ids, size_t n, fb_err *err)
{
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erase_one(s, ids[i], err);
	return coll_store_tx_end(s, rc, err);
}

int coll_store_signup_erase(coll_store *s, const char *id, fb_err *err)
{
	return coll_store_signups_erase(s, &id, 1, err);
}

int coll_store_signups_count(coll_store *s, const char *from_date, const char *to_date,
			     int64_t *n, fb_err *err)
{
	*n = 0;
	coll_store_param p[] = {P_TEXT(from_date), P_TEXT(to_date)};
	return coll_store_run(s, "SELECT count(*) FROM volunteer_signups WHERE signed_date >= $1"
			      " AND signed_date < $2", p, 2, coll_store_get_int, n, err);
}
