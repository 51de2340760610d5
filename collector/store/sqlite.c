/* sqlite.c: the SQLite backend of store.h (the default).
 * Owns: one connection in WAL mode with synchronous=FULL (an acknowledged
 * batch survives a power cut), a cache of prepared statements keyed by the
 * address of their SQL text. The database file is created mode 0600: it
 * holds patients' words. */
#include "backend.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define STMT_CACHE 128
#define MAX_COLS 32

typedef struct sq_db {
	sqlite3 *db;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	int n_cache;
} sq_db;

static int sq_error(sq_db *d, int code, const char *what, fb_err *err)
{
	int base = code & 0xff;
	fb_code fc = base == SQLITE_CONSTRAINT ? FB_ERR_INVALID :
		     base == SQLITE_FULL ? FB_ERR_FULL :
		     base == SQLITE_NOMEM ? FB_ERR_NOMEM :
		     base == SQLITE_CORRUPT || base == SQLITE_NOTADB ? FB_ERR_CORRUPT : FB_ERR_IO;
	return fb_err_set(err, fc, "database %s failed: %s%s", what, sqlite3_errmsg(d->db),
			  fc == FB_ERR_FULL ? "; free disk space on the collector" :
			  fc == FB_ERR_CORRUPT ? "; the database file is damaged: stop the collector,"
			  " keep the file as it is and restore the latest backup"
			  " (feedback-collector restore, docs/collector.md, Backups)" : "");
}

static int sq_prepare(sq_db *d, const char *sql, sqlite3_stmt **out, fb_err *err)
{
	for (int i = 0; i < d->n_cache; i++) {
		if (d->cache[i].sql == sql) {
			*out = d->cache[i].st;
			return 0;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_error(d, rc, "prepare", err);
	if (d->n_cache < STMT_CACHE) {
		d->cache[d->n_cache].sql = sql;
		d->cache[d->n_cache].st = st;
		d->n_cache++;
	}
	/* else: never expected (we have fewer statements); the caller below
	 * finalizes statements not found in the cache */
	*out = st;
	return 0;
}

static bool sq_cached(sq_db *d, sqlite3_stmt *st)
{
	for (int i = 0; i < d->n_cache; i++)
		if (d->cache[i].st == st)
			return true;
	return false;
}

static int sq_exec(void *db, const char *sql, const coll_store_param *p, int np,
		   coll_store_row_fn fn, void *ctx, fb_err *err)
{
	sq_db *d = db;
	sqlite3_stmt *st = NULL;
	const char *vals[MAX_COLS];
	int rc = sq_prepare(d, sql, &st, err);
	if (rc)
		return rc;
	for (int i = 0; i < np && rc == 0; i++) {
		char name[16];
		snprintf(name, sizeof name, "$%d", i + 1);
		int idx = sqlite3_bind_parameter_index(st, name);
		if (idx == 0)
			continue;
		int brc = p[i].type == COLL_SP_INT ? sqlite3_bind_int64(st, idx, p[i].i) :
			  p[i].type == COLL_SP_TEXT ? sqlite3_bind_text(st, idx, p[i].s, -1, SQLITE_STATIC) :
			  sqlite3_bind_null(st, idx);
		if (brc != SQLITE_OK)
			rc = sq_error(d, brc, "bind", err);
	}
	while (rc == 0) {
		int src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = sq_error(d, src, "query", err);
			break;
		}
		int n = sqlite3_column_count(st);
		if (n > MAX_COLS)
			n = MAX_COLS;
		for (int c = 0; c < n; c++)
			vals[c] = (const char *)sqlite3_column_text(st, c);
		if (fn)
			rc = fn(ctx, n, vals);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!sq_cached(d, st))
		sqlite3_finalize(st);
	return rc;
}

static int sq_exec_plain(void *db, const char *sql, fb_err *err)
{
	sq_db *d = db;
	int rc = sqlite3_exec(d->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sq_error(d, rc, "statement", err);
	return 0;
}

static void sq_close(void *db)
{
	sq_db *d = db;
	if (!d)
		return;
	for (int i = 0; i < d->n_cache; i++)
		sqlite3_finalize(d->cache[i].st);
	sqlite3_close(d->db);
	free(d);
}

static const char *const sq_schema_v1[] = {
	"CREATE TABLE locations (code TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT NOT NULL)",
	"CREATE INDEX locations_team ON locations (team)",
	"CREATE TABLE devices (id TEXT PRIMARY KEY, location TEXT NOT NULL,"
	" token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0,"
	" last_seen_ms INTEGER, device_time_ms INTEGER, version TEXT, queue_depth INTEGER,"
	" oldest_unsent_age_s INTEGER, quarantined INTEGER, last_ack_ms INTEGER,"
	" last_error TEXT, disk_free_bytes INTEGER)",
	"CREATE TABLE users (name TEXT PRIMARY KEY, team TEXT NOT NULL, password_hash TEXT NOT NULL)",
	"CREATE TABLE sessions (sid_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL,"
	" team TEXT NOT NULL, csrf TEXT NOT NULL, expires_ms INTEGER NOT NULL)",
	"CREATE TABLE responses (id TEXT PRIMARY KEY, digest TEXT NOT NULL,"
	" device_id TEXT NOT NULL, location TEXT NOT NULL, survey_id TEXT NOT NULL,"
	" survey_version INTEGER NOT NULL, language TEXT NOT NULL, mode TEXT NOT NULL,"
	" started_at_ms INTEGER NOT NULL, submitted_at_ms INTEGER NOT NULL,"
	" duration_ms INTEGER NOT NULL, received_at_ms INTEGER NOT NULL,"
	" corrected_submitted_at_ms INTEGER, effective_at_ms INTEGER NOT NULL,"
	" month INTEGER NOT NULL, fft INTEGER NOT NULL, flags INTEGER NOT NULL,"
	" synthetic INTEGER NOT NULL, answers TEXT NOT NULL, free_text TEXT,"
	" safeguarding INTEGER NOT NULL, has_text INTEGER NOT NULL)",
	"CREATE INDEX responses_counts ON responses (location, synthetic, effective_at_ms, month, fft, has_text)",
	/* whole months' counts, kept in step with each insert (synthetic left out) */
	"CREATE TABLE response_counts (location TEXT NOT NULL, month INTEGER NOT NULL,"
	" fft INTEGER NOT NULL, has_text INTEGER NOT NULL, n INTEGER NOT NULL,"
	" PRIMARY KEY (location, month, fft, has_text))",
	"CREATE INDEX responses_recent ON responses (location, synthetic, safeguarding, effective_at_ms)",
	"CREATE TABLE heartbeats (id INTEGER PRIMARY KEY, device_id TEXT NOT NULL,"
	" received_at_ms INTEGER NOT NULL, device_time_ms INTEGER, version TEXT,"
	" queue_depth INTEGER, oldest_unsent_age_s INTEGER, quarantined INTEGER,"
	" last_ack_ms INTEGER, last_error TEXT, disk_free_bytes INTEGER)",
	"CREATE INDEX heartbeats_device ON heartbeats (device_id, received_at_ms)",
	NULL,
};

/* Schema 5 (store.c's migrate runs it): "You said, we did" actions, their
 * linked comments and dated state changes, the items published to the waiting
 * room, and each device's latest config fetch (filled by GET /v1/config). */
static const char *const sq_schema_v5[] = {
	"CREATE TABLE actions (id INTEGER PRIMARY KEY, team TEXT NOT NULL,"
	" you_said TEXT NOT NULL, we_will TEXT NOT NULL, owner TEXT NOT NULL, due TEXT NOT NULL,"
	" state TEXT NOT NULL, reason TEXT, state_ms BIGINT NOT NULL, created_ms BIGINT NOT NULL,"
	" created_by TEXT NOT NULL)",
	"CREATE INDEX actions_team ON actions (team, state_ms)",
	"CREATE TABLE action_comments (action_id BIGINT NOT NULL, response_id TEXT NOT NULL,"
	" PRIMARY KEY (action_id, response_id))",
	"CREATE TABLE action_history (id INTEGER PRIMARY KEY, action_id BIGINT NOT NULL,"
	" state TEXT NOT NULL, reason TEXT, by_user TEXT NOT NULL, at_ms BIGINT NOT NULL)",
	"CREATE INDEX action_history_action ON action_history (action_id, at_ms)",
	"CREATE TABLE published_items (id INTEGER PRIMARY KEY, action_id BIGINT NOT NULL UNIQUE,"
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
static const char *const sq_schema_roles[] = {
	"CREATE TABLE audit (id INTEGER PRIMARY KEY, at_ms BIGINT NOT NULL, user_name TEXT NOT NULL,"
	" client_addr TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL,"
	" detail TEXT NOT NULL)",
	"CREATE INDEX audit_at ON audit (at_ms)",
	"CREATE INDEX audit_user ON audit (user_name, at_ms)",
	NULL,
};
/* The write-ahead log still holds the pages as they were before the words
 * went: checkpoint it into the database (where secure_delete zeroed them)
 * and truncate it. Its first column is 1 when a reader held it up. */
static int get_busy(void *ctx, int ncols, const char *const *vals)
{
	*(int *)ctx = ncols > 0 && vals[0] && strcmp(vals[0], "0") != 0;
	return 0;
}

static int sq_scrub(void *db, fb_err *err)
{
	int busy = 0;
	int rc = sq_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, 0, get_busy, &busy, err);
	if (rc == 0 && busy)
		rc = fb_err_set(err, FB_ERR_IO, "the deleted words are gone from every query, but another"
				" connection held up clearing them from the database's log file;"
				" run 'feedback-collector erase scrub' again in a minute");
	return rc;
}

/* Copies the whole database with SQLite's online backup API: one
 * consistent snapshot (WAL readers never block the collector's writers),
 * into a new file made 0600. */
static int sq_copy(sqlite3 *from, sqlite3 *to, sqlite3 *msg_db, const char *path, fb_err *err)
{
	int rc = 0;
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return fb_err_set(err, FB_ERR_IO, "unable to copy the database with '%s': %s", path,
				  sqlite3_errmsg(msg_db));
	int src;
	do {
		src = sqlite3_backup_step(b, -1);
		if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED);
	if (src != SQLITE_DONE)
		rc = fb_err_set(err, src == SQLITE_FULL ? FB_ERR_FULL : FB_ERR_IO,
				"copying the database with '%s' failed: %s", path, sqlite3_errstr(src));
	sqlite3_backup_finish(b);
	return rc;
}

static int sq_backup(void *db, const char *path, fb_err *err)
{
	sq_db *d = db;
	sqlite3 *out = NULL;
	int rc = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return fb_err_set(err, FB_ERR_IO, "unable to make backup file '%s': %s; give a new"
				  " file's name (an old backup is never overwritten)", path, strerror(errno));
	close(fd);
	if (sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to open backup file '%s': %s", path,
				out ? sqlite3_errmsg(out) : "out of memory");
		goto out;
	}
	rc = sq_copy(d->db, out, d->db, path, err);
out:
	sqlite3_close(out);
	if (rc)
		unlink(path);
	return rc;
}

static int sq_restore(void *db, const char *path, fb_err *err)
{
	sq_db *d = db;
	sqlite3 *in = NULL;
	int rc = 0;
	if (sqlite3_open_v2(path, &in, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to open backup '%s': %s", path,
				in ? sqlite3_errmsg(in) : "out of memory");
		goto out;
	}
	/* a file that is no SQLite database fails here, before anything is copied */
	if (sqlite3_exec(in, "SELECT count(*) FROM responses", NULL, NULL, NULL) != SQLITE_OK) {
		rc = fb_err_set(err, FB_ERR_INVALID, "'%s' is not a feedback-collector backup: %s",
				path, sqlite3_errmsg(in));
		goto out;
	}
	rc = sq_copy(in, d->db, in, path, err);
out:
	sqlite3_close(in);
	return rc;
}

static const coll_store_backend sqlite_backend = {
	.name = "sqlite",
	.exec = sq_exec,
	.exec_plain = sq_exec_plain,
	.close = sq_close,
	.begin_sql = "BEGIN IMMEDIATE",
	.schema_v1 = sq_schema_v1,
	.schema_v5 = sq_schema_v5,
	.schema_roles = sq_schema_roles,
	.schema_lock_sql = NULL,
	.scrub = sq_scrub,
	.backup = sq_backup,
	.restore = sq_restore,
};

/* PRAGMA quick_check before anything is written (a migration, a pragma):
 * a damaged file is refused whole, left as it is, with what to do. */
static int sq_check(sq_db *d, const char *path, fb_err *err)
{
	sqlite3_stmt *st = NULL;
	char why[300] = "";
	int rc = sqlite3_prepare_v2(d->db, "PRAGMA quick_check", -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *txt = (const char *)sqlite3_column_text(st, 0);
		if (txt && strcmp(txt, "ok") != 0)
			snprintf(why, sizeof why, "quick_check: %s", txt);
	} else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(d->db));
	} else if (rc != SQLITE_DONE) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to check database '%s': %s; check sqlite_path",
				path, sqlite3_errmsg(d->db));
		goto out;
	}
	rc = 0;
	for (char *c = why; *c; c++)  /* quick_check's words span lines */
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	if (why[0]) {
		/* closing must not checkpoint the write-ahead log into it either */
		sqlite3_db_config(d->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
		rc = fb_err_set(err, FB_ERR_CORRUPT, "database '%s' is damaged (%.240s); nothing was"
				" changed in it and the collector will not use it: stop the collector,"
				" keep the file as it is and restore the latest backup into a new"
				" sqlite_path (feedback-collector restore FILE, docs/collector.md, Backups)",
				path, why);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

int coll_store_open_sqlite(const char *path, coll_store **out, fb_err *err)
{
	int rc = 0;
	sq_db *d = calloc(1, sizeof *d);
	*out = NULL;
	if (!d)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory opening '%s'", path);
	int src = sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				  SQLITE_OPEN_NOMUTEX, NULL);
	if (src != SQLITE_OK) {
		rc = fb_err_set(err, FB_ERR_IO,
				"unable to open database '%s': %s; check sqlite_path and that its directory exists",
				path, d->db ? sqlite3_errmsg(d->db) : "out of memory");
		goto out;
	}
	chmod(path, 0600);
	sqlite3_busy_timeout(d->db, 10000);
	rc = sq_check(d, path, err);
	if (rc)
		goto out;
	rc = sq_exec_plain(d, "PRAGMA journal_mode=WAL", err);
	if (rc == 0)
		rc = sq_exec_plain(d, "PRAGMA synchronous=FULL", err);
	/* freed space is zeroed: erased and expired words leave no bytes behind */
	if (rc == 0)
		rc = sq_exec_plain(d, "PRAGMA secure_delete=ON", err);
	if (rc) {
		fb_err_set(err, FB_ERR_IO, "unable to use '%s' as a database: %s; check sqlite_path",
			   path, sqlite3_errmsg(d->db));
		goto out;
	}
	rc = coll_store_wrap(&sqlite_backend, d, out, err);
	d = NULL; /* coll_store_wrap took it */
out:
	if (d)
		sq_close(d);
	return rc;
}
