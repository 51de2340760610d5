/* store.c: the schema and its migration, the handle, and every write
 * (backends, sqlite.c and pg.c, run the statements; reads are in query.c).
 * Placeholders are $1..$n in both backends. Hashes and digests are stored as
 * lower-case hex text so both backends compare them alike. */
#include "backend.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "../months.h"

#define HEX_LEN (COLL_STORE_HASH_LEN * 2 + 1)
#define HEARTBEAT_KEEP_MS (30LL * 24 * 3600 * 1000)
/* Refused location codes kept apart per device; more count together under "". */
#define COLL_STORE_REFUSALS_MAX 32

static void to_hex(const unsigned char *bin, char out[HEX_LEN])
{
	sodium_bin2hex(out, HEX_LEN, bin, COLL_STORE_HASH_LEN);
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* YYYYMM of a Unix ms time in the Trust's time zone (months.h). */
static int month_of(int64_t ms)
{
	return coll_months_of(ms);
}

int coll_store_get_int(void *ctx, int ncols, const char *const *vals)
{
	*(int64_t *)ctx = ncols > 0 ? coll_store_i64(vals[0]) : 0;
	return 0;
}

static int count_rows(void *ctx, int ncols, const char *const *vals)
{
	(*(int64_t *)ctx)++;
	return 0;
}

typedef struct text_ctx {
	char buf[COLL_MONTHS_ZONE_MAX];
	bool found;
} text_ctx;

static int get_text(void *ctx, int ncols, const char *const *vals)
{
	text_ctx *c = ctx;
	copy_str(c->buf, sizeof c->buf, ncols > 0 ? vals[0] : NULL);
	c->found = true;
	return 0;
}

typedef struct range_ctx {
	int64_t n, lo, hi;
} range_ctx;

static int get_range(void *ctx, int ncols, const char *const *vals)
{
	range_ctx *c = ctx;
	c->n = coll_store_i64(vals[0]);
	c->lo = coll_store_i64(vals[1]);
	c->hi = coll_store_i64(vals[2]);
	return 0;
}

/* Schema 2: month keys follow the configured time zone; settings holds the
 * zone they were worked out in ('month_zone'). Schema 1 kept UTC months. */
static const char *const schema_v2[] = {
	"CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
	"INSERT INTO settings (name, value) VALUES ('month_zone', 'UTC')",
	NULL,
};

/* Schema 3: a device speaks only for the locations it is enrolled for
 * (device_locations); records refused for any other are counted per device and
 * location (device_refusals); a push is contact (last_push_ms); enrolled_at_ms
 * tells a new device from a silent one. A device enrolled before schema 3 is
 * carried over with the one location it was enrolled at (devices.location,
 * which add checked was an added location). */
static const char *const schema_v3[] = {
	"CREATE TABLE device_locations (device_id TEXT NOT NULL, location TEXT NOT NULL,"
	" PRIMARY KEY (device_id, location))",
	"INSERT INTO device_locations (device_id, location) SELECT id, location FROM devices",
	"CREATE TABLE device_refusals (device_id TEXT NOT NULL, location TEXT NOT NULL,"
	" n BIGINT NOT NULL, last_ms BIGINT NOT NULL, PRIMARY KEY (device_id, location))",
	"ALTER TABLE devices ADD COLUMN enrolled_at_ms BIGINT",
	"ALTER TABLE devices ADD COLUMN last_push_ms BIGINT",
	NULL,
};

/* Schema 4: a flagged comment's state. flag_new is 1 from arrival until
 * someone marks it seen or actioned (the pages list those first, through the
 * responses_flag_new index); who and when are kept for each step, and a
 * short note for the action. Comments flagged before schema 4 start new
 * (and get no email alert: alerts holds those of comments flagged since). */
static const char *const schema_v4[] = {
	"ALTER TABLE responses ADD COLUMN flag_new INTEGER NOT NULL DEFAULT 0",
	"ALTER TABLE responses ADD COLUMN flag_seen_by TEXT",
	"ALTER TABLE responses ADD COLUMN flag_seen_at_ms BIGINT",
	"ALTER TABLE responses ADD COLUMN flag_actioned_by TEXT",
	"ALTER TABLE responses ADD COLUMN flag_actioned_at_ms BIGINT",
	"ALTER TABLE responses ADD COLUMN flag_note TEXT",
	"UPDATE responses SET flag_new = 1 WHERE safeguarding = 1",
	"CREATE INDEX responses_flag_new ON responses (location, synthetic, flag_new, effective_at_ms)",
	/* one email alert per flagged comment (the key): made with the response,
	 * in its transaction; sent_ms set once the mail server took it */
	"CREATE TABLE alerts (response_id TEXT PRIMARY KEY, location TEXT NOT NULL,"
	" created_ms BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
	" next_attempt_ms BIGINT NOT NULL, last_error TEXT, sent_ms BIGINT)",
	"CREATE INDEX alerts_due ON alerts (sent_ms, next_attempt_ms)",
	NULL,
};

/* Schema 6, roles and audit: each user has a role (results, estates,
 * safeguarding, patient-experience, admin; existing users keep what they had:
 * results) and may be disabled; a location may be retired (its responses kept,
 * shown as retired); a password reset link is kept as its hash only, used
 * once; teams may be named and retired; the audit table comes from the
 * backend (its id). */
static const char *const schema_v6[] = {
	"ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'results'",
	"ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
	"ALTER TABLE locations ADD COLUMN retired_ms BIGINT",
	"CREATE TABLE password_resets (token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL,"
	" expires_ms BIGINT NOT NULL, used_ms BIGINT)",
	/* a team is the code its locations and users share; a row here names it
	 * (over [team CODE] name) and may retire it */
	"CREATE TABLE teams (code TEXT PRIMARY KEY, name TEXT NOT NULL, retired_ms BIGINT)",
	NULL,
};

/* Schema 9: a one-time enrolment code an admin made for a device id, kept
 * as its hash only, with the locations (codes, ',' between) the device
 * will speak for; used once (used_ms), until expires_ms. */
static const char *const schema_v9[] = {
	"CREATE TABLE enrol_codes (code_hash TEXT PRIMARY KEY, device_id TEXT NOT NULL,"
	" locations TEXT NOT NULL, made_by TEXT NOT NULL, made_ms BIGINT NOT NULL,"
	" expires_ms BIGINT NOT NULL, used_ms BIGINT)",
	NULL,
};

/* Works every response's month key out again in the zone now in use and
 * rebuilds response_counts from the responses. Runs inside migrate's
 * transaction (and, on PostgreSQL, its advisory lock). The months are made
 * here in C: a table of local month starts, then one UPDATE that looks each
 * row's start up (the databases' own date functions are never used). */
static int rekey_months(coll_store *s, const char *old_zone, fb_err *err)
{
	const coll_store_backend *be = s->be;
	range_ctx r = {0, 0, 0};
	int rc = be->exec(s->db, "SELECT count(*), min(effective_at_ms), max(effective_at_ms) FROM responses",
			  NULL, 0, get_range, &r, err);
	if (rc)
		return rc;
	if (r.n > 0) {
		rc = be->exec_plain(s->db, "CREATE TABLE month_starts (lo BIGINT PRIMARY KEY,"
				    " month INTEGER NOT NULL)", err);
		int first = month_of(r.lo), last = month_of(r.hi);
		for (int m = first; rc == 0 && m <= last; m = (m % 100 == 12) ? m + 89 : m + 1) {
			/* the first month also takes anything earlier (month_of clamps) */
			int64_t lo = m == first ? INT64_MIN : coll_months_start(m / 100, m % 100 - 1);
			coll_store_param p[] = {P_INT(lo), P_INT(m)};
			rc = be->exec(s->db, "INSERT INTO month_starts (lo, month) VALUES ($1, $2)",
				      p, 2, NULL, NULL, err);
		}
		if (rc == 0)
			rc = be->exec_plain(s->db,
				"UPDATE responses SET month = (SELECT ms.month FROM month_starts ms"
				" WHERE ms.lo <= responses.effective_at_ms ORDER BY ms.lo DESC LIMIT 1)"
				" WHERE month <> (SELECT ms.month FROM month_starts ms"
				" WHERE ms.lo <= responses.effective_at_ms ORDER BY ms.lo DESC LIMIT 1)", err);
		if (rc == 0)
			rc = be->exec_plain(s->db, "DROP TABLE month_starts", err);
	}
	if (rc == 0)
		rc = be->exec_plain(s->db, "DELETE FROM response_counts", err);
	if (rc == 0)
		rc = be->exec_plain(s->db,
			"INSERT INTO response_counts (location, month, fft, has_text, n)"
			" SELECT location, month, fft, has_text, count(*) FROM responses"
			" WHERE synthetic = 0 GROUP BY location, month, fft, has_text", err);
	coll_store_param z[] = {P_TEXT(coll_months_zone())};
	if (rc == 0)
		rc = be->exec(s->db, "UPDATE settings SET value = $1 WHERE name = 'month_zone'",
			      z, 1, NULL, NULL, err);
	if (rc == 0 && r.n > 0)
		fb_log("the months of %lld stored responses were worked"
			" out again in %s (they were in %s)", (long long)r.n,
			coll_months_zone()[0] ? coll_months_zone() : "the system's local time",
			old_zone[0] ? old_zone : "the system's local time");
	return rc;
}

/* Runs one schema step's DDL and records the version it makes. */
static int migrate_step(coll_store *s, int step, const char *const *ddl, fb_err *err)
{
	int rc = 0;
	for (; *ddl && rc == 0; ddl++)
		rc = s->be->exec_plain(s->db, *ddl, err);
	if (rc == 0) {
		coll_store_param v[] = {P_INT(step)};
		rc = s->be->exec(s->db, "INSERT INTO schema_version (version) VALUES ($1)",
				 v, 1, NULL, NULL, err);
	}
	return rc;
}

static int migrate(coll_store *s, fb_err *err)
{
	int64_t version = 0;
	text_ctx zone = {"", false};
	int rc = s->be->exec_plain(s->db, s->be->begin_sql, err);
	if (rc)
		return rc;
	if (s->be->schema_lock_sql) {
		rc = s->be->exec(s->db, s->be->schema_lock_sql, NULL, 0, NULL, NULL, err);
		if (rc)
			goto out;
	}
	rc = s->be->exec_plain(s->db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", err);
	if (rc)
		goto out;
	rc = s->be->exec(s->db, "SELECT coalesce(max(version), 0) FROM schema_version",
			 NULL, 0, coll_store_get_int, &version, err);
	if (rc)
		goto out;
	if (version > COLL_STORE_SCHEMA_VERSION) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"database schema version %lld is newer than this collector's (%d); upgrade feedback-collector",
				(long long)version, COLL_STORE_SCHEMA_VERSION);
		goto out;
	}
	/* Each step's DDL, by the version it makes (backend-specific where ids differ). */
	const char *const *const steps[COLL_STORE_SCHEMA_VERSION + 1] = {
		[1] = s->be->schema_v1, [2] = schema_v2, [3] = schema_v3, [4] = schema_v4,
		[5] = s->be->schema_v5, [6] = schema_v6, [7] = coll_store_schema_themes,
		[8] = coll_store_schema_retention, [9] = schema_v9, [10] = coll_store_schema_settings,
		[11] = coll_store_schema_volunteers, [12] = coll_store_schema_board,
		[13] = coll_store_schema_settings_modes,
	};
	for (int step = (int)version + 1; step <= COLL_STORE_SCHEMA_VERSION; step++) {
		int64_t carried = 0;
		if (step == 3 && version >= 1)
			rc = s->be->exec(s->db, "SELECT count(*) FROM devices", NULL, 0,
					 coll_store_get_int, &carried, err);
		if (rc == 0 && step == 6)   /* the backend's part first, then the version */
			for (const char *const *d = s->be->schema_roles; *d && rc == 0; d++)
				rc = s->be->exec_plain(s->db, *d, err);
		if (rc == 0)
			rc = migrate_step(s, step, steps[step], err);
		if (rc)
			goto out;
		if (carried > 0)
			fb_log("database schema 3: devices now speak only for"
				" the locations they are enrolled for; the %lld device%s enrolled before"
				" this speak%s for the one location each was enrolled at, and records for"
				" any other are refused; add locations with 'feedback-collector device"
				" locations ID --location CODE[,CODE...]'", (long long)carried,
				carried == 1 ? "" : "s", carried == 1 ? "s" : "");
	}
	/* Month keys made in another zone (schema 1's UTC, or a changed
	 * [results] timezone) are worked out again before anything is read. */
	rc = s->be->exec(s->db, "SELECT value FROM settings WHERE name = 'month_zone'",
			 NULL, 0, get_text, &zone, err);
	if (rc)
		goto out;
	if (!zone.found || strcmp(zone.buf, coll_months_zone()) != 0) {
		if (!zone.found)
			rc = s->be->exec_plain(s->db, "INSERT INTO settings (name, value) VALUES ('month_zone', 'UTC')", err);
		if (rc == 0)
			rc = rekey_months(s, zone.found ? zone.buf : "UTC", err);
		if (rc)
			goto out;
	}
	rc = s->be->exec_plain(s->db, "COMMIT", err);
out:
	if (rc)
		s->be->exec_plain(s->db, "ROLLBACK", NULL);
	return rc;
}

int coll_store_wrap(const coll_store_backend *be, void *db, coll_store **out, fb_err *err)
{
	int rc = 0;
	*out = NULL;
	coll_store *s = calloc(1, sizeof *s);
	if (!s) {
		be->close(db);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory opening the database");
	}
	s->be = be;
	s->db = db;
	pthread_mutex_init(&s->mu, NULL);
	rc = migrate(s, err);
	if (rc) {
		coll_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void coll_store_close(coll_store *s)
{
	if (!s)
		return;
	s->be->close(s->db);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

const char *coll_store_backend_name(const coll_store *s)
{
	return s->be->name;
}

int coll_store_run(coll_store *s, const char *sql, const coll_store_param *p, int np,
		   coll_store_row_fn fn, void *ctx, fb_err *err)
{
	pthread_mutex_lock(&s->mu);
	int rc = s->be->exec(s->db, sql, p, np, fn, ctx, err);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

typedef struct get_ctx {
	coll_store_row_fn fn;
	void *ctx;
	bool found;
} get_ctx;

static int get_row(void *ctx, int ncols, const char *const *vals)
{
	get_ctx *c = ctx;
	c->found = true;
	return c->fn(c->ctx, ncols, vals);
}

/* A query for one row (run's lock), fn filling ctx from it. FB_ERR_NOTFOUND
 * when there is no row, err left for the caller to word. */
static int run_get(coll_store *s, const char *sql, const coll_store_param *p, int np,
		   coll_store_row_fn fn, void *ctx, fb_err *err)
{
	get_ctx c = {fn, ctx, false};
	int rc = coll_store_run(s, sql, p, np, get_row, &c, err);
	if (rc == 0 && !c.found)
		rc = FB_ERR_NOTFOUND;
	return rc;
}

int coll_store_tx_begin(coll_store *s, fb_err *err)
{
	pthread_mutex_lock(&s->mu);
	int rc = s->be->exec_plain(s->db, s->be->begin_sql, err);
	if (rc)
		pthread_mutex_unlock(&s->mu);
	return rc;
}

int coll_store_tx_end(coll_store *s, int rc, fb_err *err)
{
	if (rc == 0)
		rc = s->be->exec_plain(s->db, "COMMIT", err);
	if (rc)
		s->be->exec_plain(s->db, "ROLLBACK", NULL);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

typedef struct digest_ctx {
	char hex[HEX_LEN];
	bool found;
} digest_ctx;

static int get_digest(void *ctx, int ncols, const char *const *vals)
{
	digest_ctx *d = ctx;
	copy_str(d->hex, sizeof d->hex, vals[0]);
	d->found = true;
	return 0;
}

static int put_one(coll_store *s, const coll_store_response *r, coll_store_outcome *outcome, fb_err *err)
{
	char digest[HEX_LEN];
	int64_t inserted = 0;
	int64_t effective = r->has_corrected ? r->corrected_submitted_at_ms : r->submitted_at_ms;
	to_hex(r->digest, digest);
	/* an erased response's record sent again (a retry, an old USB bundle):
	 * the device is told it is stored, and nothing is */
	char id_hex[HEX_LEN];
	unsigned char idh[COLL_STORE_HASH_LEN];
	int64_t erased = 0;
	crypto_generichash(idh, sizeof idh, (const unsigned char *)r->id, strlen(r->id), NULL, 0);
	to_hex(idh, id_hex);
	coll_store_param e[] = {P_TEXT(id_hex)};
	int erc = s->be->exec(s->db, "SELECT 1 FROM erased_ids WHERE id_hash = $1", e, 1,
			      count_rows, &erased, err);
	if (erc)
		return erc;
	if (erased) {
		*outcome = COLL_STORE_DUPLICATE;
		return 0;
	}
	coll_store_param p[] = {
		P_TEXT(r->id), P_TEXT(digest), P_TEXT(r->device_id), P_TEXT(r->location),
		P_TEXT(r->survey_id), P_INT(r->survey_version), P_TEXT(r->language),
		P_TEXT(r->mode), P_INT(r->started_at_ms), P_INT(r->submitted_at_ms),
		P_INT(r->duration_ms), P_INT(r->received_at_ms),
		r->has_corrected ? P_INT(r->corrected_submitted_at_ms) : P_TEXT(NULL),
		P_INT(effective), P_INT(month_of(effective)), P_INT(r->fft), P_INT(r->flags),
		P_INT((r->flags & 4u) ? 1 : 0), P_TEXT(r->answers_json),
		P_TEXT(r->free_text_json), P_INT(r->safeguarding ? 1 : 0),
		P_INT(r->free_text_json ? 1 : 0), P_INT(r->safeguarding ? 1 : 0),
	};
	int rc = s->be->exec(s->db,
		"INSERT INTO responses (id, digest, device_id, location, survey_id, survey_version,"
		" language, mode, started_at_ms, submitted_at_ms, duration_ms, received_at_ms,"
		" corrected_submitted_at_ms, effective_at_ms, month, fft, flags, synthetic,"
		" answers, free_text, safeguarding, has_text, flag_new) VALUES ($1, $2, $3, $4, $5, $6,"
		" $7, $8, $9, $10, $11, $12, CAST($13 AS BIGINT), $14, $15, $16, $17, $18, $19, $20,"
		" $21, $22, $23)"
		" ON CONFLICT (id) DO NOTHING RETURNING 1",
		p, (int)(sizeof p / sizeof p[0]), count_rows, &inserted, err);
	if (rc)
		return rc;
	if (inserted && r->safeguarding && !(r->flags & 4u)) {
		coll_store_param ap[] = {P_TEXT(r->id), P_TEXT(r->location), P_INT(r->received_at_ms)};
		rc = s->be->exec(s->db, "INSERT INTO alerts (response_id, location, created_ms,"
				 " next_attempt_ms) VALUES ($1, $2, $3, $3) ON CONFLICT (response_id) DO NOTHING",
				 ap, 3, NULL, NULL, err);
		if (rc)
			return rc;
	}
	if (inserted && r->n_themes > 0) {
		rc = coll_store_themes_suggestions_put_tx(s, r->id, r->themes, r->n_themes, err);
		if (rc)
			return rc;
	}
	return coll_store_put_outcome(s, "SELECT digest FROM responses WHERE id = $1", r->id, digest,
				      inserted, outcome, err);
}

int coll_store_put_outcome(coll_store *s, const char *digest_sql, const char *id,
			   const char *digest, int64_t inserted, coll_store_outcome *outcome,
			   fb_err *err)
{
	if (inserted) {
		*outcome = COLL_STORE_STORED;
		return 0;
	}
	digest_ctx d = {.found = false};
	coll_store_param q[] = {P_TEXT(id)};
	int rc = s->be->exec(s->db, digest_sql, q, 1, get_digest, &d, err);
	if (rc)
		return rc;
	*outcome = (d.found && strcmp(d.hex, digest) == 0) ? COLL_STORE_DUPLICATE : COLL_STORE_CONFLICT;
	return 0;
}

/* One whole-month counter bump (response_counts), gathered per batch. */
typedef struct count_key {
	const char *location;
	int64_t month, fft, has_text, n;
} count_key;

static int cmp_count_key(const void *a, const void *b)
{
	const count_key *x = a, *y = b;
	int c = strcmp(x->location, y->location);
	if (c)
		return c;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if (x->fft != y->fft)
		return x->fft < y->fft ? -1 : 1;
	return (x->has_text > y->has_text) - (x->has_text < y->has_text);
}

typedef struct row_order {
	const coll_store_response *rows;
} row_order;

static int cmp_row_id(const void *a, const void *b, void *ctx)
{
	const coll_store_response *rows = ((const row_order *)ctx)->rows;
	return strcmp(rows[*(const size_t *)a].id, rows[*(const size_t *)b].id);
}

/* Adds the batch's stored, non-synthetic rows to the whole-month counters:
 * one upsert per distinct key, in key order (two processes bumping the same
 * counters in one order cannot deadlock each other). */
static int bump_counts(coll_store *s, const coll_store_response *rows, size_t n,
		       const coll_store_outcome *outcomes, fb_err *err)
{
	int rc = 0;
	size_t k = 0;
	count_key *keys = malloc((n ? n : 1) * sizeof *keys);
	if (!keys)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory storing a batch");
	for (size_t i = 0; i < n; i++) {
		const coll_store_response *r = &rows[i];
		if (outcomes[i] != COLL_STORE_STORED || (r->flags & 4u))
			continue;   /* synthetic responses are never counted */
		int64_t eff = r->has_corrected ? r->corrected_submitted_at_ms : r->submitted_at_ms;
		keys[k++] = (count_key){r->location, month_of(eff), r->fft,
					r->free_text_json ? 1 : 0, 1};
	}
	qsort(keys, k, sizeof *keys, cmp_count_key);
	for (size_t i = 0; i < k && rc == 0; i++) {
		size_t j = i;
		int64_t total = 0;
		while (j < k && cmp_count_key(&keys[i], &keys[j]) == 0)
			total += keys[j++].n;
		coll_store_param c[] = {P_TEXT(keys[i].location), P_INT(keys[i].month),
				   P_INT(keys[i].fft), P_INT(keys[i].has_text), P_INT(total)};
		rc = s->be->exec(s->db,
			"INSERT INTO response_counts (location, month, fft, has_text, n)"
			" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (location, month, fft, has_text)"
			" DO UPDATE SET n = response_counts.n + $5", c, 5, NULL, NULL, err);
		i = j - 1;
	}
	free(keys);
	return rc;
}

/* The note's push time and refusals, inside the batch's transaction. */
static int put_note(coll_store *s, const coll_store_batch_note *note, fb_err *err)
{
	int rc = 0;
	if (note->pushed_at_ms > 0) {
		coll_store_param p[] = {P_TEXT(note->device_id), P_INT(note->pushed_at_ms)};
		rc = s->be->exec(s->db, "UPDATE devices SET last_push_ms = $2 WHERE id = $1"
				 " AND coalesce(last_push_ms, 0) < $2", p, 2, NULL, NULL, err);
	}
	if (note->seal_key && rc == 0) {
		/* the latest sealed record wins: an older batch arriving late changes nothing */
		coll_store_param k[] = {P_TEXT(note->device_id), P_TEXT(note->seal_key),
					P_INT(note->seal_submitted_ms)};
		rc = s->be->exec(s->db, "INSERT INTO device_seal_keys (device_id, public_key, submitted_ms)"
				 " VALUES ($1, $2, $3) ON CONFLICT (device_id) DO UPDATE SET"
				 " public_key = $2, submitted_ms = $3"
				 " WHERE device_seal_keys.submitted_ms <= $3", k, 3, NULL, NULL, err);
	}
	for (size_t i = 0; i < note->n_refused && rc == 0; i++) {
		/* The table's cap: past COLL_STORE_REFUSALS_MAX codes for one device
		 * (a stolen token making codes up) the rest count under "". */
		range_ctx r = {0, 0, 0};   /* n: codes of the device; lo: this one among them */
		const char *loc = note->refused[i].location;
		coll_store_param k[] = {P_TEXT(note->device_id), P_TEXT(loc)};
		rc = s->be->exec(s->db, "SELECT count(*), coalesce(sum(CASE WHEN location = $2 THEN 1"
				 " ELSE 0 END), 0), 0 FROM device_refusals WHERE device_id = $1",
				 k, 2, get_range, &r, err);
		if (rc == 0 && r.lo == 0 && r.n >= COLL_STORE_REFUSALS_MAX)
			loc = "";
		coll_store_param p[] = {P_TEXT(note->device_id), P_TEXT(loc),
					P_INT(note->refused[i].n), P_INT(note->at_ms)};
		if (rc == 0)
			rc = s->be->exec(s->db,
			"INSERT INTO device_refusals (device_id, location, n, last_ms) VALUES ($1, $2, $3, $4)"
			" ON CONFLICT (device_id, location) DO UPDATE SET n = device_refusals.n + $3,"
			" last_ms = $4", p, 4, NULL, NULL, err);
	}
	return rc;
}

int coll_store_batch_put(coll_store *s, const coll_store_response *rows, size_t n,
			 coll_store_outcome *outcomes, const coll_store_batch_note *note,
			 fb_err *err)
{
	int rc;
	size_t *order;
	if (n == 0 && !note)
		return 0;
	order = malloc((n ? n : 1) * sizeof *order);
	if (!order)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory storing a batch");
	/* Rows in id order: two processes storing overlapping batches take the
	 * same locks in the same order. */
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	row_order by = {.rows = rows};
	qsort_r(order, n, sizeof *order, cmp_row_id, &by);
	rc = coll_store_tx_begin(s, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = put_one(s, &rows[order[i]], &outcomes[order[i]], err);
	if (rc == 0 && n > 0)
		rc = bump_counts(s, rows, n, outcomes, err);
	if (rc == 0 && note)
		rc = put_note(s, note, err);
	rc = coll_store_tx_end(s, rc, err);
out:
	free(order);
	return rc;
}

int coll_store_responses_put(coll_store *s, const coll_store_response *rows, size_t n,
			     coll_store_outcome *outcomes, fb_err *err)
{
	return coll_store_batch_put(s, rows, n, outcomes, NULL, err);
}

bool coll_store_device_speaks_for(const coll_store_device *dev, const char *location)
{
	for (size_t i = 0; i < dev->n_locations && i < COLL_STORE_DEVICE_LOCATIONS_MAX; i++)
		if (strcmp(dev->locations[i], location) == 0)
			return true;
	return false;
}

/* Checks an enrolment list inside a transaction: 1 to the cap, no code twice,
 * each an added location. */
static int check_enrolment(coll_store *s, const char *const *locations, size_t n, fb_err *err)
{
	if (n == 0)
		return fb_err_set(err, FB_ERR_INVALID, "a device needs at least one location;"
				  " give --location CODE[,CODE...]");
	if (n > COLL_STORE_DEVICE_LOCATIONS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "%zu locations: a device may speak for at most %d",
				  n, COLL_STORE_DEVICE_LOCATIONS_MAX);
	for (size_t i = 0; i < n; i++) {
		int64_t found = 0;
		for (size_t j = 0; j < i; j++)
			if (strcmp(locations[i], locations[j]) == 0)
				return fb_err_set(err, FB_ERR_INVALID, "location '%s' is listed twice",
						  locations[i]);
		coll_store_param p[] = {P_TEXT(locations[i])};
		int rc = s->be->exec(s->db, "SELECT 1 FROM locations WHERE code = $1", p, 1,
				     count_rows, &found, err);
		if (rc)
			return rc;
		if (!found)
			return fb_err_set(err, FB_ERR_INVALID, "no location '%s'; add it first with"
					  " 'feedback-collector location add %s \"Name\" --team TEAM'",
					  locations[i], locations[i]);
	}
	return 0;
}

static int put_enrolment(coll_store *s, const char *id, const char *const *locations, size_t n,
			 fb_err *err)
{
	coll_store_param d[] = {P_TEXT(id)};
	int rc = s->be->exec(s->db, "DELETE FROM device_locations WHERE device_id = $1", d, 1,
			     NULL, NULL, err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		coll_store_param p[] = {P_TEXT(id), P_TEXT(locations[i])};
		rc = s->be->exec(s->db, "INSERT INTO device_locations (device_id, location) VALUES ($1, $2)",
				 p, 2, NULL, NULL, err);
	}
	/* devices.location: the first, for a reader of schema 2's one location */
	coll_store_param f[] = {P_TEXT(id), P_TEXT(locations[0])};
	if (rc == 0)
		rc = s->be->exec(s->db, "UPDATE devices SET location = $2 WHERE id = $1", f, 2,
				 NULL, NULL, err);
	return rc;
}

/* The body of coll_store_device_add, inside the caller's transaction. */
static int device_add_tx(coll_store *s, const char *id, const char *const *locations, size_t n,
			 const unsigned char token_hash[COLL_STORE_HASH_LEN], int64_t now_ms,
			 fb_err *err)
{
	char hex[HEX_LEN];
	int64_t taken = 0;
	int rc = check_enrolment(s, locations, n, err);
	to_hex(token_hash, hex);
	coll_store_param q[] = {P_TEXT(id)};
	if (rc == 0)
		rc = s->be->exec(s->db, "SELECT 1 FROM devices WHERE id = $1", q, 1, count_rows, &taken, err);
	if (rc == 0 && taken)
		rc = fb_err_set(err, FB_ERR_INVALID, "device '%s' already exists; pick another --id,"
				" or change its locations with 'feedback-collector device locations %s"
				" --location ...'", id, id);
	coll_store_param p[] = {P_TEXT(id), P_TEXT(n ? locations[0] : NULL), P_TEXT(hex), P_INT(now_ms)};
	if (rc == 0)
		rc = s->be->exec(s->db, "INSERT INTO devices (id, location, token_hash, revoked, enrolled_at_ms)"
				 " VALUES ($1, $2, $3, 0, $4)", p, 4, NULL, NULL, err);
	if (rc == 0)
		rc = put_enrolment(s, id, locations, n, err);
	return rc;
}

int coll_store_device_add(coll_store *s, const char *id, const char *const *locations, size_t n,
			  const unsigned char token_hash[COLL_STORE_HASH_LEN], int64_t now_ms,
			  fb_err *err)
{
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = device_add_tx(s, id, locations, n, token_hash, now_ms, err);
	return coll_store_tx_end(s, rc, err);
}

/* ---- enrolment codes (schema 9) ----------------------------------------------- */

int coll_store_enrol_code_add(coll_store *s, const unsigned char code_hash[COLL_STORE_HASH_LEN],
			      const char *device_id, const char *const *locations, size_t n,
			      const char *made_by, int64_t now_ms, int64_t expires_ms, fb_err *err)
{
	char hex[HEX_LEN];
	char list[COLL_STORE_DEVICE_LOCATIONS_MAX * COLL_STORE_ID_MAX];
	int64_t taken = 0;
	size_t used = 0;
	list[0] = '\0';
	for (size_t i = 0; i < n && i < COLL_STORE_DEVICE_LOCATIONS_MAX; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? "," : "",
					 locations[i]);
	to_hex(code_hash, hex);
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = check_enrolment(s, locations, n, err);
	coll_store_param q[] = {P_TEXT(device_id)};
	if (rc == 0)
		rc = s->be->exec(s->db, "SELECT 1 FROM devices WHERE id = $1", q, 1, count_rows,
				 &taken, err);
	if (rc == 0 && taken)
		rc = fb_err_set(err, FB_ERR_INVALID, "device '%s' already exists; pick another id, or"
				" change its locations on its own page", device_id);
	/* a new code for the same device replaces any still waiting */
	coll_store_param d[] = {P_TEXT(device_id), P_INT(now_ms)};
	if (rc == 0)
		rc = s->be->exec(s->db, "UPDATE enrol_codes SET expires_ms = $2 WHERE device_id = $1"
				 " AND used_ms IS NULL AND expires_ms > $2", d, 2, NULL, NULL, err);
	coll_store_param p[] = {P_TEXT(hex), P_TEXT(device_id), P_TEXT(list), P_TEXT(made_by),
				P_INT(now_ms), P_INT(expires_ms)};
	if (rc == 0)
		rc = s->be->exec(s->db, "INSERT INTO enrol_codes (code_hash, device_id, locations, made_by,"
				 " made_ms, expires_ms) VALUES ($1, $2, $3, $4, $5, $6)", p, 6, NULL,
				 NULL, err);
	return coll_store_tx_end(s, rc, err);
}

typedef struct code_ctx {
	char locations[COLL_STORE_DEVICE_LOCATIONS_MAX * COLL_STORE_ID_MAX];
	bool found;
} code_ctx;

static int get_code(void *ctx, int ncols, const char *const *vals)
{
	code_ctx *c = ctx;
	(void)ncols;
	copy_str(c->locations, sizeof c->locations, vals[0]);
	c->found = true;
	return 0;
}

int coll_store_enrol_code_redeem(coll_store *s, const unsigned char code_hash[COLL_STORE_HASH_LEN],
				 const char *device_id, int64_t now_ms,
				 const unsigned char token_hash[COLL_STORE_HASH_LEN],
				 coll_store_device *out, fb_err *err)
{
	char hex[HEX_LEN];
	code_ctx c = {{0}, false};
	const char *v[COLL_STORE_DEVICE_LOCATIONS_MAX];
	size_t n = 0;
	to_hex(code_hash, hex);
	memset(out, 0, sizeof *out);
	coll_store_param p[] = {P_TEXT(hex), P_TEXT(device_id), P_INT(now_ms)};
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = s->be->exec(s->db, "SELECT locations FROM enrol_codes WHERE code_hash = $1"
			 " AND device_id = $2 AND used_ms IS NULL AND expires_ms > $3", p, 3,
			 get_code, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "unknown, used or expired code");
	if (rc == 0)
		rc = s->be->exec(s->db, "UPDATE enrol_codes SET used_ms = $3 WHERE code_hash = $1"
				 " AND device_id = $2", p, 3, NULL, NULL, err);
	if (rc == 0) {
		copy_str(out->id, sizeof out->id, device_id);
		for (char *q = c.locations; *q && n < COLL_STORE_DEVICE_LOCATIONS_MAX; ) {
			char *e = strchr(q, ',');
			if (e)
				*e = '\0';
			size_t len = strlen(q);
			if (len >= sizeof out->locations[n]) {   /* never cut a code short */
				rc = fb_err_set(err, FB_ERR_INVALID, "the code's location '%.32s...' is too long", q);
				break;
			}
			memcpy(out->locations[n], q, len + 1);
			v[n] = out->locations[n];
			n++;
			if (!e)
				break;
			q = e + 1;
		}
		out->n_locations = n;
		if (rc == 0)
			rc = device_add_tx(s, device_id, v, n, token_hash, now_ms, err);
	}
	return coll_store_tx_end(s, rc, err);
}

int coll_store_enrol_codes_prune(coll_store *s, int64_t before_ms, int64_t *n, fb_err *err)
{
	coll_store_param p[] = {P_INT(before_ms)};
	*n = 0;
	return coll_store_run(s, "DELETE FROM enrol_codes WHERE expires_ms < $1 OR used_ms < $1"
			      " RETURNING 1", p, 1, count_rows, n, err);
}

int coll_store_device_locations_set(coll_store *s, const char *id, const char *const *locations,
				    size_t n, fb_err *err)
{
	int64_t found = 0;
	coll_store_param q[] = {P_TEXT(id)};
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = s->be->exec(s->db, "SELECT 1 FROM devices WHERE id = $1", q, 1, count_rows, &found, err);
	if (rc == 0 && !found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no device '%s'; enrol it with 'feedback-collector"
				" device add --location CODE[,CODE...] --id %s'", id, id);
	if (rc == 0)
		rc = check_enrolment(s, locations, n, err);
	if (rc == 0)
		rc = put_enrolment(s, id, locations, n, err);
	return coll_store_tx_end(s, rc, err);
}

int coll_store_device_revoke(coll_store *s, const char *id, fb_err *err)
{
	int64_t n = 0;
	coll_store_param p[] = {P_TEXT(id)};
	int rc = coll_store_run(s, "UPDATE devices SET revoked = 1 WHERE id = $1 RETURNING 1", p, 1,
		     count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no device '%s'", id);
	return rc;
}

static int get_device(void *ctx, int ncols, const char *const *vals)
{
	coll_store_device *d = ctx;
	copy_str(d->id, sizeof d->id, vals[0]);
	d->revoked = coll_store_i64(vals[1]) != 0;
	return 0;
}

static int get_device_location(void *ctx, int ncols, const char *const *vals)
{
	coll_store_device *d = ctx;
	if (d->n_locations < COLL_STORE_DEVICE_LOCATIONS_MAX)
		copy_str(d->locations[d->n_locations++], sizeof d->locations[0], vals[0]);
	return 0;
}

/* The device of the one row sql finds by p, with its locations. */
static int device_find(coll_store *s, const char *sql, const coll_store_param *p, coll_store_device *out,
		       fb_err *err)
{
	memset(out, 0, sizeof *out);
	int rc = run_get(s, sql, p, 1, get_device, out, err);
	coll_store_param q[] = {P_TEXT(out->id)};
	if (rc == 0)
		rc = coll_store_run(s, "SELECT location FROM device_locations WHERE device_id = $1"
				    " ORDER BY location", q, 1, get_device_location, out, err);
	return rc;
}

int coll_store_device_by_token(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			       coll_store_device *out, fb_err *err)
{
	char hex[HEX_LEN];
	to_hex(token_hash, hex);
	coll_store_param p[] = {P_TEXT(hex)};
	int rc = device_find(s, "SELECT id, revoked FROM devices WHERE token_hash = $1", p, out, err);
	if (rc == FB_ERR_NOTFOUND)
		rc = fb_err_set(err, rc, "unknown device token");
	return rc;
}

int coll_store_device_get(coll_store *s, const char *id, coll_store_device *out, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(id)};
	int rc = device_find(s, "SELECT id, revoked FROM devices WHERE id = $1", p, out, err);
	if (rc == FB_ERR_NOTFOUND)
		rc = fb_err_set(err, rc, "no device '%s'", id);
	return rc;
}

int coll_store_heartbeat_put(coll_store *s, const coll_store_heartbeat *hb, fb_err *err)
{
	int rc;
	coll_store_param p[] = {
		P_TEXT(hb->device_id), P_INT(hb->received_at_ms), P_INT(hb->device_time_ms),
		P_TEXT(hb->version), P_INT(hb->queue_depth), P_INT(hb->oldest_unsent_age_s),
		P_INT(hb->quarantined), P_INT(hb->last_ack_ms), P_TEXT(hb->last_error),
		P_INT(hb->disk_free_bytes),
	};
	coll_store_param old[] = {P_TEXT(hb->device_id), P_INT(hb->received_at_ms - HEARTBEAT_KEEP_MS)};
	rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = s->be->exec(s->db,
		"INSERT INTO heartbeats (device_id, received_at_ms, device_time_ms, version,"
		" queue_depth, oldest_unsent_age_s, quarantined, last_ack_ms, last_error,"
		" disk_free_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
		p, 10, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db,
			"UPDATE devices SET last_seen_ms = $2, device_time_ms = $3, version = $4,"
			" queue_depth = $5, oldest_unsent_age_s = $6, quarantined = $7,"
			" last_ack_ms = $8, last_error = $9, disk_free_bytes = $10 WHERE id = $1",
			p, 10, NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db,
			"DELETE FROM heartbeats WHERE device_id = $1 AND received_at_ms < $2",
			old, 2, NULL, NULL, err);
	return coll_store_tx_end(s, rc, err);
}

int coll_store_location_add(coll_store *s, const char *code, const char *name,
			    const char *team, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(code), P_TEXT(name), P_TEXT(team)};
	int rc = coll_store_run(s, "INSERT INTO locations (code, name, team) VALUES ($1, $2, $3)",
		     p, 3, NULL, NULL, err);
	if (rc == FB_ERR_INVALID)
		fb_err_set(err, rc, "location '%s' already exists", code);
	return rc;
}

typedef struct loc_ctx {
	coll_store_location *loc;
	int (*fn)(void *ctx, const coll_store_location *loc);
	void *ctx;
} loc_ctx;

static int get_location(void *ctx, int ncols, const char *const *vals)
{
	loc_ctx *c = ctx;
	coll_store_location tmp;
	coll_store_location *l = c->loc ? c->loc : &tmp;
	copy_str(l->code, sizeof l->code, vals[0]);
	copy_str(l->name, sizeof l->name, vals[1]);
	copy_str(l->team, sizeof l->team, vals[2]);
	l->retired_ms = coll_store_i64(vals[3]);
	return c->fn ? c->fn(c->ctx, l) : 0;
}

int coll_store_location_get(coll_store *s, const char *code, coll_store_location *out, fb_err *err)
{
	loc_ctx c = {out, NULL, NULL};
	coll_store_param p[] = {P_TEXT(code)};
	int rc = run_get(s, "SELECT code, name, team, retired_ms FROM locations WHERE code = $1", p, 1,
			 get_location, &c, err);
	if (rc == FB_ERR_NOTFOUND)
		rc = fb_err_set(err, rc, "no location '%s'", code);
	return rc;
}

int coll_store_locations_each(coll_store *s, const char *team,
			      int (*fn)(void *ctx, const coll_store_location *loc), void *ctx,
			      fb_err *err)
{
	loc_ctx c = {NULL, fn, ctx};
	coll_store_param p[] = {P_TEXT(team)};
	return coll_store_run(s, "SELECT code, name, team, retired_ms FROM locations"
		      " WHERE $1 IS NULL OR team = $1 ORDER BY code",
		   p, 1, get_location, &c, err);
}

typedef struct loc_list_ctx {
	coll_store_location_list *l;
	size_t max;
} loc_list_ctx;

static int loc_list_add(void *ctx, const coll_store_location *loc)
{
	loc_list_ctx *c = ctx;
	coll_store_location_list *l = c->l;
	if (l->n >= c->max) {
		l->truncated = true;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		coll_store_location *nv = realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return FB_ERR_NOMEM;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = *loc;
	return 0;
}

int coll_store_locations_list(coll_store *s, const char *team, size_t max,
			      coll_store_location_list *out, fb_err *err)
{
	memset(out, 0, sizeof *out);
	loc_list_ctx c = {out, max};
	int rc = coll_store_locations_each(s, team, loc_list_add, &c, err);
	if (rc == FB_ERR_NOMEM)
		fb_err_set(err, rc, "out of memory listing locations");
	return rc;
}

int coll_store_user_add(coll_store *s, const char *name, const char *team,
			const char *password_hash, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(name), P_TEXT(team), P_TEXT(password_hash)};
	int rc = coll_store_run(s, "INSERT INTO users (name, team, password_hash) VALUES ($1, $2, $3)",
		     p, 3, NULL, NULL, err);
	if (rc == FB_ERR_INVALID)
		fb_err_set(err, rc, "user '%s' already exists", name);
	return rc;
}

typedef struct user_ctx {
	char *team, *hash;
	size_t team_size, hash_size;
} user_ctx;

static int get_user(void *ctx, int ncols, const char *const *vals)
{
	user_ctx *c = ctx;
	copy_str(c->team, c->team_size, vals[0]);
	copy_str(c->hash, c->hash_size, vals[1]);
	return 0;
}

int coll_store_user_get(coll_store *s, const char *name, char *team_out, size_t team_size,
			char *hash_out, size_t hash_size, fb_err *err)
{
	user_ctx c = {team_out, hash_out, team_size, hash_size};
	coll_store_param p[] = {P_TEXT(name)};
	int rc = run_get(s, "SELECT team, password_hash FROM users WHERE name = $1 AND disabled = 0", p, 1,
			 get_user, &c, err);
	if (rc == FB_ERR_NOTFOUND)
		rc = fb_err_set(err, rc, "no user '%s'", name);
	return rc;
}

int coll_store_session_add(coll_store *s, const unsigned char sid_hash[COLL_STORE_HASH_LEN],
			   const char *user, const char *team, const char *csrf,
			   int64_t expires_ms, int64_t now_ms, fb_err *err)
{
	char hex[HEX_LEN];
	to_hex(sid_hash, hex);
	coll_store_param old[] = {P_INT(now_ms)};
	coll_store_param p[] = {P_TEXT(hex), P_TEXT(user), P_TEXT(team), P_TEXT(csrf), P_INT(expires_ms)};
	int rc = coll_store_run(s, "DELETE FROM sessions WHERE expires_ms <= $1", old, 1, NULL, NULL, err);
	if (rc == 0)
		rc = coll_store_run(s, "INSERT INTO sessions (sid_hash, user_name, team, csrf, expires_ms)"
			    " VALUES ($1, $2, $3, $4, $5)", p, 5, NULL, NULL, err);
	return rc;
}

static int get_session(void *ctx, int ncols, const char *const *vals)
{
	coll_store_session *out = ctx;
	copy_str(out->user, sizeof out->user, vals[0]);
	copy_str(out->team, sizeof out->team, vals[1]);
	copy_str(out->csrf, sizeof out->csrf, vals[2]);
	copy_str(out->role, sizeof out->role, vals[3]);
	return 0;
}

int coll_store_session_get(coll_store *s, const unsigned char sid_hash[COLL_STORE_HASH_LEN],
			   int64_t now_ms, coll_store_session *out, fb_err *err)
{
	char hex[HEX_LEN];
	to_hex(sid_hash, hex);
	coll_store_param p[] = {P_TEXT(hex), P_INT(now_ms)};
	/* the user's team and role as they are now; a disabled user has none */
	int rc = run_get(s, "SELECT s.user_name, u.team, s.csrf, u.role FROM sessions s"
			    " JOIN users u ON u.name = s.user_name"
			    " WHERE s.sid_hash = $1 AND s.expires_ms > $2 AND u.disabled = 0",
			 p, 2, get_session, out, err);
	if (rc == FB_ERR_NOTFOUND)
		rc = fb_err_set(err, rc, "no such session");
	return rc;
}

int coll_store_session_delete(coll_store *s, const unsigned char sid_hash[COLL_STORE_HASH_LEN], fb_err *err)
{
	char hex[HEX_LEN];
	to_hex(sid_hash, hex);
	coll_store_param p[] = {P_TEXT(hex)};
	return coll_store_run(s, "DELETE FROM sessions WHERE sid_hash = $1", p, 1, NULL, NULL, err);
}

/* ---- flagged comments (schema 4) --------------------------------------------- */

/* The first to see a comment stays its seer; marking it again changes nothing. */
int coll_store_flag_mark_seen(coll_store *s, const char *id, const char *user, int64_t now_ms,
			      fb_err *err)
{
	coll_store_param p[] = {P_TEXT(id), P_TEXT(user), P_INT(now_ms)};
	return coll_store_run(s, "UPDATE responses SET flag_new = 0, flag_seen_by = $2,"
			      " flag_seen_at_ms = $3 WHERE id = $1 AND safeguarding = 1"
			      " AND flag_seen_at_ms IS NULL", p, 3, NULL, NULL, err);
}

/* Actioned is seen too: a comment actioned unseen is seen by the same person
 * then. A later action replaces the note (the audit trail keeps each). */
int coll_store_flag_mark_actioned(coll_store *s, const char *id, const char *user,
				  const char *note, int64_t now_ms, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(id), P_TEXT(user), P_INT(now_ms), P_TEXT(note)};
	return coll_store_run(s, "UPDATE responses SET flag_new = 0,"
			      " flag_seen_by = coalesce(flag_seen_by, $2),"
			      " flag_seen_at_ms = coalesce(flag_seen_at_ms, $3), flag_actioned_by = $2,"
			      " flag_actioned_at_ms = $3, flag_note = $4"
			      " WHERE id = $1 AND safeguarding = 1", p, 4, NULL, NULL, err);
}

/* ---- email alerts (schema 4) ------------------------------------------------- */

int coll_store_alert_sent(coll_store *s, const char *response_id, int64_t now_ms, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(response_id), P_INT(now_ms)};
	return coll_store_run(s, "UPDATE alerts SET sent_ms = $2, attempts = attempts + 1,"
			      " last_error = NULL WHERE response_id = $1 AND sent_ms IS NULL",
			      p, 2, NULL, NULL, err);
}

int coll_store_alert_failed(coll_store *s, const char *response_id, const char *error,
			    int64_t next_attempt_ms, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(response_id), P_TEXT(error), P_INT(next_attempt_ms)};
	return coll_store_run(s, "UPDATE alerts SET attempts = attempts + 1, last_error = $2,"
			      " next_attempt_ms = $3 WHERE response_id = $1 AND sent_ms IS NULL",
			      p, 3, NULL, NULL, err);
}
