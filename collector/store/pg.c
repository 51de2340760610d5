/* pg.c: the PostgreSQL backend of store.h (libpq).
 * Owns: one connection, statements prepared once per connection (named by
 * their place in a cache keyed by the address of their SQL text) and run with
 * PQexecPrepared, never spliced. Several collector processes may share one
 * database: the schema is created under an advisory lock, inserts use ON
 * CONFLICT so two processes racing on one id still store it once. A lost
 * connection is reset and the request fails (the device retries). */
#include "backend.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 128
#define MAX_PARAMS 32
#define MAX_COLS 32
#define INT8OID 20
#define TEXTOID 25

typedef struct pg_db {
	PGconn *conn;
	const char *cache[STMT_CACHE];
	int n_cache;
} pg_db;

static int pg_error(pg_db *d, PGresult *res, const char *what, fb_err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	fb_code fc = FB_ERR_IO;
	if (state && strncmp(state, "23", 2) == 0)
		fc = FB_ERR_INVALID;
	else if (state && strcmp(state, "53100") == 0)
		fc = FB_ERR_FULL;
	char msg[300];
	snprintf(msg, sizeof msg, "%s", PQerrorMessage(d->conn));
	msg[strcspn(msg, "\n")] = '\0';
	fb_err_set(err, fc, "database %s failed: %s", what, msg);
	if (PQstatus(d->conn) == CONNECTION_BAD) {
		/* prepared statements die with the connection */
		PQreset(d->conn);
		d->n_cache = 0;
	}
	return (int)fc;
}

static int pg_exec(void *db, const char *sql, const coll_store_param *p, int np,
		   coll_store_row_fn fn, void *ctx, fb_err *err)
{
	pg_db *d = db;
	PGresult *res = NULL;
	char name[16];
	char ints[MAX_PARAMS][24];
	const char *values[MAX_PARAMS];
	Oid types[MAX_PARAMS];
	const char *vals[MAX_COLS];
	int rc = 0, slot = -1;

	if (np > MAX_PARAMS)
		return fb_err_set(err, FB_ERR_INVALID, "too many query parameters");
	for (int i = 0; i < np; i++) {
		types[i] = p[i].type == COLL_SP_INT ? INT8OID : TEXTOID;
		if (p[i].type == COLL_SP_INT) {
			snprintf(ints[i], sizeof ints[i], "%lld", (long long)p[i].i);
			values[i] = ints[i];
		} else {
			values[i] = p[i].type == COLL_SP_TEXT ? p[i].s : NULL;
		}
	}
	for (int i = 0; i < d->n_cache; i++)
		if (d->cache[i] == sql)
			slot = i;
	if (slot < 0 && d->n_cache < STMT_CACHE) {
		slot = d->n_cache;
		snprintf(name, sizeof name, "s%d", slot);
		res = PQprepare(d->conn, name, sql, np, types);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = pg_error(d, res, "prepare", err);
			goto out;
		}
		PQclear(res);
		res = NULL;
		d->cache[d->n_cache++] = sql;
	}
	if (slot >= 0) {
		snprintf(name, sizeof name, "s%d", slot);
		res = PQexecPrepared(d->conn, name, np, values, NULL, NULL, 0);
	} else {
		res = PQexecParams(d->conn, sql, np, types, values, NULL, NULL, 0);
	}
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = pg_error(d, res, "query", err);
		goto out;
	}
	int rows = PQntuples(res), cols = PQnfields(res);
	if (cols > MAX_COLS)
		cols = MAX_COLS;
	for (int r = 0; r < rows && fn && rc == 0; r++) {
		for (int c = 0; c < cols; c++)
			vals[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
		rc = fn(ctx, cols, vals);
	}
out:
	PQclear(res);
	return rc;
}

static int pg_exec_plain(void *db, const char *sql, fb_err *err)
{
	pg_db *d = db;
	int rc = 0;
	PGresult *res = PQexec(d->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_error(d, res, "statement", err);
	PQclear(res);
	return rc;
}

static void pg_close(void *db)
{
	pg_db *d = db;
	if (!d)
		return;
	PQfinish(d->conn);
	free(d);
}

static const char *const pg_schema_v1[] = {
	"CREATE TABLE locations (code TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT NOT NULL)",
	"CREATE INDEX locations_team ON locations (team)",
	"CREATE TABLE devices (id TEXT PRIMARY KEY, location TEXT NOT NULL,"
	" token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0,"
	" last_seen_ms BIGINT, device_time_ms BIGINT, version TEXT, queue_depth BIGINT,"
	" oldest_unsent_age_s BIGINT, quarantined BIGINT, last_ack_ms BIGINT,"
	" last_error TEXT, disk_free_bytes BIGINT)",
	"CREATE TABLE users (name TEXT PRIMARY KEY, team TEXT NOT NULL, password_hash TEXT NOT NULL)",
	"CREATE TABLE sessions (sid_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL,"
	" team TEXT NOT NULL, csrf TEXT NOT NULL, expires_ms BIGINT NOT NULL)",
	"CREATE TABLE responses (id TEXT PRIMARY KEY, digest TEXT NOT NULL,"
	" device_id TEXT NOT NULL, location TEXT NOT NULL, survey_id TEXT NOT NULL,"
	" survey_version INTEGER NOT NULL, language TEXT NOT NULL, mode TEXT NOT NULL,"
	" started_at_ms BIGINT NOT NULL, submitted_at_ms BIGINT NOT NULL,"
	" duration_ms BIGINT NOT NULL, received_at_ms BIGINT NOT NULL,"
	" corrected_submitted_at_ms BIGINT, effective_at_ms BIGINT NOT NULL,"
	" month INTEGER NOT NULL, fft INTEGER NOT NULL, flags INTEGER NOT NULL,"
	" synthetic INTEGER NOT NULL, answers TEXT NOT NULL, free_text TEXT,"
	" safeguarding INTEGER NOT NULL, has_text INTEGER NOT NULL)",
	"CREATE INDEX responses_counts ON responses (location, synthetic, effective_at_ms, month, fft, has_text)",
	/* whole months' counts, kept in step with each insert (synthetic left out) */
	"CREATE TABLE response_counts (location TEXT NOT NULL, month INTEGER NOT NULL,"
	" fft INTEGER NOT NULL, has_text INTEGER NOT NULL, n BIGINT NOT NULL,"
	" PRIMARY KEY (location, month, fft, has_text))",
	"CREATE INDEX responses_recent ON responses (location, synthetic, safeguarding, effective_at_ms)",
	"CREATE TABLE heartbeats (id BIGSERIAL PRIMARY KEY, device_id TEXT NOT NULL,"
	" received_at_ms BIGINT NOT NULL, device_time_ms BIGINT, version TEXT,"
	" queue_depth BIGINT, oldest_unsent_age_s BIGINT, quarantined BIGINT,"
	" last_ack_ms BIGINT, last_error TEXT, disk_free_bytes BIGINT)",
	"CREATE INDEX heartbeats_device ON heartbeats (device_id, received_at_ms)",
	NULL,
};

/* Schema 5 (store.c's migrate runs it): "You said, we did" actions, their
 * linked comments and dated state changes, the items published to the waiting
 * room, and each device's latest config fetch (filled by GET /v1/config). */
static const char *const pg_schema_v5[] = {
	"CREATE TABLE actions (id BIGSERIAL PRIMARY KEY, team TEXT NOT NULL,"
	" you_said TEXT NOT NULL, we_will TEXT NOT NULL, owner TEXT NOT NULL, due TEXT NOT NULL,"
	" state TEXT NOT NULL, reason TEXT, state_ms BIGINT NOT NULL, created_ms BIGINT NOT NULL,"
	" created_by TEXT NOT NULL)",
	"CREATE INDEX actions_team ON actions (team, state_ms)",
	"CREATE TABLE action_comments (action_id BIGINT NOT NULL, response_id TEXT NOT NULL,"
	" PRIMARY KEY (action_id, response_id))",
	"CREATE TABLE action_history (id BIGSERIAL PRIMARY KEY, action_id BIGINT NOT NULL,"
	" state TEXT NOT NULL, reason TEXT, by_user TEXT NOT NULL, at_ms BIGINT NOT NULL)",
	"CREATE INDEX action_history_action ON action_history (action_id, at_ms)",
	"CREATE TABLE published_items (id BIGSERIAL PRIMARY KEY, action_id BIGINT NOT NULL UNIQUE,"
	" team TEXT NOT NULL, from_ms BIGINT NOT NULL, to_ms BIGINT NOT NULL,"
	" updated_ms BIGINT NOT NULL, updated_by TEXT NOT NULL)",
	"CREATE TABLE published_locations (item_id BIGINT NOT NULL, location TEXT NOT NULL,"
	" PRIMARY KEY (item_id, location))",
	"CREATE INDEX published_locations_location ON published_locations (location)",
	"CREATE TABLE published_texts (item_id BIGINT NOT NULL, lang TEXT NOT NULL,"
	" you_said TEXT NOT NULL, we_did TEXT NOT NULL, PRIMARY KEY (item_id, lang))",
	"CREATE TABLE device_config_fetch (device_id TEXT PRIMARY KEY, etag TEXT NOT NULL,"
	" fetched_at_ms BIGINT NOT NULL)",
	NULL,
};

/* The roles-and-audit step (store.c's migrate runs it after its common
 * DDL): the audit trail, one append-only row per thing done (ids in order). */
static const char *const pg_schema_roles[] = {
	"CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, at_ms BIGINT NOT NULL, user_name TEXT NOT NULL,"
	" client_addr TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL,"
	" detail TEXT NOT NULL)",
	"CREATE INDEX audit_at ON audit (at_ms)",
	"CREATE INDEX audit_user ON audit (user_name, at_ms)",
	NULL,
};
/* Dead row versions of erased or deleted words become free space no query
 * can read (the bytes may stay in the files, WAL and backups until reused:
 * docs/collector.md says so). */
static int pg_scrub(void *db, fb_err *err)
{
	return pg_exec_plain(db, "VACUUM responses, themes_coding, volunteer_signups", err);
}

static const coll_store_backend pg_backend = {
	.name = "postgresql",
	.exec = pg_exec,
	.exec_plain = pg_exec_plain,
	.close = pg_close,
	.begin_sql = "BEGIN",
	.schema_v1 = pg_schema_v1,
	.schema_v5 = pg_schema_v5,
	.schema_roles = pg_schema_roles,
	.schema_lock_sql = "SELECT pg_advisory_xact_lock(7283010)",
	.scrub = pg_scrub,
	.backup = NULL,     /* pg_dump (collector/backup.c) */
	.restore = NULL,    /* pg_restore */
};

int coll_store_open_pg(const char *conninfo, coll_store **out, fb_err *err)
{
	int rc = 0;
	pg_db *d = calloc(1, sizeof *d);
	*out = NULL;
	if (!d)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory connecting to PostgreSQL");
	d->conn = PQconnectdb(conninfo);
	if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
		char msg[300];
		snprintf(msg, sizeof msg, "%s", d->conn ? PQerrorMessage(d->conn) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		/* the conninfo may hold a password: never echo it */
		rc = fb_err_set(err, FB_ERR_IO,
				"unable to connect to PostgreSQL: %s; check pg_conninfo and that the server is running",
				msg);
		goto out;
	}
	rc = pg_exec_plain(d, "SET client_min_messages = warning", err);
	if (rc)
		goto out;
	rc = coll_store_wrap(&pg_backend, d, out, err);
	d = NULL; /* coll_store_wrap took it */
out:
	if (d)
		pg_close(d);
	return rc;
}
