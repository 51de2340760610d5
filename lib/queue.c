/* queue: see queue.h. One SQLite file in WAL mode with synchronous=FULL, so a
 * commit returns only after the WAL is fsync'd. Every write is one
 * BEGIN IMMEDIATE ... COMMIT (the write lock is taken up front and waited for
 * with busy_timeout, so a second process never sees "database is locked").
 * Rows are taken in insertion order (seq), not by wall clock, which may be
 * wrong on a device without a real-time clock. Schema and migrations: the
 * `migrations` list below; PRAGMA user_version says how many have run.
 * This file opens, checks, migrates and moves a damaged file aside; the
 * records' life (put, take, ack, ...) is in queue_records.c.
 * docs/queue.md has the schema, the states and the durability argument. */
#include "queue.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "queue_impl.h"
#include "seal.h"

#define BUSY_TIMEOUT_MS 15000

/* Each entry takes user_version from its index to index + 1. Never edit a
 * shipped entry: add a new one. */
static const char *const migrations[] = {
	/* 0 -> 1: the outbox and a small key/value table. */
	"CREATE TABLE records ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" body TEXT NOT NULL,"
	" submitted_at_ms INTEGER NOT NULL,"
	" submitted_mono_ms INTEGER NOT NULL,"
	" boot_id TEXT NOT NULL,"
	" fft INTEGER NOT NULL,"
	" flags INTEGER NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'unsent'"
	"  CHECK (state IN ('unsent', 'acked', 'quarantined')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" acked_at_ms INTEGER,"
	" quarantine_reason TEXT,"
	" quarantined_at_ms INTEGER);"
	"CREATE INDEX records_state ON records (state, seq);"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);",
	/* 1 -> 2: synthetic (generated test) records counted apart. */
	"ALTER TABLE records ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0;"
	"UPDATE records SET synthetic = ((flags & 4) != 0);"
	"CREATE INDEX records_acked ON records (state, acked_at_ms);",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(N_MIGRATIONS == FB_QUEUE_SCHEMA_VERSION,
	       "FB_QUEUE_SCHEMA_VERSION must match the migrations list");



static const char *const stmt_sql[N_STMTS] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_INSERT] = "INSERT INTO records (id, body, submitted_at_ms,"
		     " submitted_mono_ms, boot_id, fft, flags, synthetic)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_TAKE] = "SELECT id, body, submitted_at_ms, submitted_mono_ms, boot_id,"
		   " attempts FROM records WHERE state = 'unsent'"
		   " ORDER BY seq LIMIT ?1",
	[S_ACK] = "UPDATE records SET state = 'acked', acked_at_ms = ?2"
		  " WHERE id = ?1 AND state != 'acked'",
	[S_LAST_ACK] = "INSERT INTO meta (key, value) VALUES ('last_ack_ms', ?1)"
		       " ON CONFLICT (key) DO UPDATE SET value = max(value, ?1)",
	[S_QUARANTINE] = "UPDATE records SET state = 'quarantined',"
			 " quarantine_reason = substr(?2, 1, 500),"
			 " quarantined_at_ms = ?3 WHERE id = ?1 AND state = 'unsent'",
	[S_FAILURE] = "UPDATE records SET attempts = attempts + 1,"
		      " last_error = substr(?2, 1, 500)"
		      " WHERE id = ?1 AND state = 'unsent'",
	[S_PURGE] = "DELETE FROM records WHERE state = 'acked' AND acked_at_ms < ?1",
	[S_STATS] = "SELECT"
		    " (SELECT count(*) FROM records WHERE state = 'unsent'),"
		    " (SELECT submitted_at_ms FROM records WHERE state = 'unsent'"
		    "  ORDER BY seq LIMIT 1),"
		    " (SELECT count(*) FROM records WHERE state = 'quarantined'),"
		    " (SELECT count(*) FROM records WHERE state = 'acked'),"
		    " (SELECT value FROM meta WHERE key = 'last_ack_ms'),"
		    " (SELECT count(*) FROM records WHERE synthetic != 0)",
};



/* ---- errors ------------------------------------------------------------ */

#define ROOM_MARGIN (256 * 1024)  /* less than this left counts as full */

/* SQLite reports ENOSPC as SQLITE_FULL, but EFBIG (the file size limit) and
 * EDQUOT only as SQLITE_IOERR_WRITE, with errno often gone by then. So after
 * an I/O error we look for ourselves: is the filesystem or the file size
 * limit within ROOM_MARGIN of its end? */
static int out_of_room(const char *path)
{
	struct statvfs vfs;
	struct rlimit rl;
	struct stat st;
	char wal[4200];
	off_t biggest = 0;

	if (statvfs(path, &vfs) == 0 &&
	    (unsigned long long)vfs.f_bavail * vfs.f_frsize < ROOM_MARGIN)
		return 1;
	if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	if (stat(path, &st) == 0)
		biggest = st.st_size;
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &st) == 0 && st.st_size > biggest)
		biggest = st.st_size;
	return (unsigned long long)biggest + ROOM_MARGIN >= (unsigned long long)rl.rlim_cur;
}

/* Out of room: the disk (ENOSPC), a quota (EDQUOT), the file size limit
 * (EFBIG, RLIMIT_FSIZE) or our own FB_QUEUE_MAX_BYTES cap (SQLITE_FULL). */
static int is_full(fb_queue *q, int rc)
{
	int e = q->db ? sqlite3_system_errno(q->db) : 0;
	if ((rc & 0xff) == SQLITE_FULL)
		return 1;
	if ((rc & 0xff) != SQLITE_IOERR)
		return 0;
	return e == ENOSPC || e == EDQUOT || e == EFBIG || out_of_room(q->path);
}

/* Maps an SQLite failure to an fb_err a person can act on. */
int fbq_fail(fb_queue *q, int rc, const char *doing, fb_err *err)
{
	const char *why = q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
	if (is_full(q, rc))
		return fb_err_set(err, FB_ERR_FULL,
				  "storage full while %s: nothing new was saved, earlier responses are safe; ask estates or IT to free space on the device and check it is syncing (queue '%s')",
				  doing, q->path);
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory %s", doing);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return fb_err_set(err, FB_ERR_CORRUPT,
				  "queue '%s' is damaged (%s) while %s; restart the program to move it aside and start a fresh one",
				  q->path, why, doing);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return fb_err_set(err, FB_ERR_IO,
				  "queue '%s' stayed busy for %d s while %s; check no stray program holds it",
				  q->path, BUSY_TIMEOUT_MS / 1000, doing);
	default:
		return fb_err_set(err, FB_ERR_IO,
				  "unable to use queue '%s' while %s: %s (sqlite %d, %s); check the storage",
				  q->path, doing, why, rc,
				  q->db ? strerror(sqlite3_system_errno(q->db)) : "-");
	}
}

/* ---- stepping, with the fault hook ------------------------------------- */

int fbq_step(fb_queue *q, sqlite3_stmt *st)
{
	if (q->fault_countdown > 0 && --q->fault_countdown == 0)
		return q->fault_kind == FB_QUEUE_FAULT_FULL ? SQLITE_FULL : SQLITE_IOERR;
	return sqlite3_step(st);
}

void fb_queue_fault_after(fb_queue *q, int n, int kind)
{
	if (!q)
		return;
	q->fault_countdown = n > 0 ? n : 0;
	q->fault_kind = kind;
}

int fb_queue_fault_pending(const fb_queue *q)
{
	return q && q->fault_countdown > 0;
}

/* Runs a statement that returns no rows; resets it. SQLITE_DONE -> 0. */
int fbq_run(fb_queue *q, enum stmt_id s)
{
	sqlite3_stmt *st = q->stmt[s];
	int rc = fbq_step(q, st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : rc;
}

int fbq_begin(fb_queue *q)
{
	return fbq_run(q, S_BEGIN);
}

static int fbq_commit(fb_queue *q)
{
	return fbq_run(q, S_COMMIT);
}

/* Undoes an open transaction, if SQLite has not already done so. Never
 * fault-injected: it is how a fault is recovered from. */
static void fbq_rollback(fb_queue *q)
{
	if (!sqlite3_get_autocommit(q->db)) {
		sqlite3_step(q->stmt[S_ROLLBACK]);
		sqlite3_reset(q->stmt[S_ROLLBACK]);
	}
}

/* Ends a write transaction: commits when src (the work's result) is 0; on
 * any failure maps it to err with fbq_fail and rolls back. */
int fbq_end(fb_queue *q, int src, const char *doing, fb_err *err)
{
	int rc = 0;
	if (src == 0)
		src = fbq_commit(q);
	if (src) {
		rc = fbq_fail(q, src, doing, err);
		fbq_rollback(q);
	}
	return rc;
}

/* ---- open, check, migrate, move aside ----------------------------------- */

/* One integer from a pragma or query (sqlite3_exec-free: prepared). */
static int db_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			*out = 0;
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Steps st to its end, ignoring rows. SQLITE_DONE -> SQLITE_OK. */
static int db_step_all(sqlite3_stmt *st)
{
	int rc;
	do
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs one statement that may return rows (ignored). */
static int db_exec1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = db_step_all(st);
	sqlite3_finalize(st);
	return rc;
}

/* Runs a list of ';'-separated statements (our own constant SQL), one
 * prepared statement at a time. */
static int db_exec_script(sqlite3 *db, const char *sql)
{
	int rc = SQLITE_OK;
	const char *tail = sql;
	while (rc == SQLITE_OK && tail && *tail) {
		sqlite3_stmt *st = NULL;
		rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);
		if (rc != SQLITE_OK || !st)
			break;
		rc = db_step_all(st);
		sqlite3_finalize(st);
	}
	return rc;
}

enum check { CHECK_OK, CHECK_CORRUPT, CHECK_FAIL };

static int is_corrupt_rc(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* Whether the open file is ours and whole. CHECK_FAIL with err set for
 * problems that are not the file's fault (permissions, busy, newer schema). */
static enum check db_check(fb_queue *q, char *why, size_t why_size,
			   int *fail_code, fb_err *err)
{
	sqlite3_stmt *st = NULL;
	int64_t app = 0, ver = 0, tables = 0;
	enum check res = CHECK_OK;
	int rc;

	/* One read transaction, so the three readings come from one snapshot:
	 * read apart, a second process opening a new queue while the first
	 * creates it could see application_id 0 and then the first's tables,
	 * and move a healthy queue aside as "not a feedback queue". */
	rc = db_exec1(q->db, "BEGIN");
	if (rc == SQLITE_OK)
		rc = db_int(q->db, "PRAGMA application_id", &app);
	if (rc == SQLITE_OK)
		rc = db_int(q->db, "PRAGMA user_version", &ver);
	if (rc == SQLITE_OK)
		rc = db_int(q->db, "SELECT count(*) FROM sqlite_master", &tables);
	if (!sqlite3_get_autocommit(q->db))
		db_exec1(q->db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK");
	if (is_corrupt_rc(rc)) {
		snprintf(why, why_size, "%s", sqlite3_errstr(rc));
		res = CHECK_CORRUPT;
		goto out;
	}
	if (rc != SQLITE_OK) {
		*fail_code = fbq_fail(q, rc, "opening it", err);
		res = CHECK_FAIL;
		goto out;
	}
	if (app != FB_QUEUE_APPLICATION_ID && (app != 0 || tables != 0)) {
		snprintf(why, why_size, "not a feedback queue (application_id %lld)",
			 (long long)app);
		res = CHECK_CORRUPT;
		goto out;
	}
	if (ver > N_MIGRATIONS) {
		*fail_code = fb_err_set(err, FB_ERR_INVALID,
			   "queue '%s' was written by a newer version (schema %lld, this one knows %d); install the newer feedback software",
			   q->path, (long long)ver, N_MIGRATIONS);
		res = CHECK_FAIL;
		goto out;
	}
	if (tables == 0)
		goto out;  /* new, empty file */
	rc = sqlite3_prepare_v2(q->db, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *txt = (const char *)sqlite3_column_text(st, 0);
		if (!txt || strcmp(txt, "ok") != 0) {
			snprintf(why, why_size, "quick_check: %s", txt ? txt : "no answer");
			res = CHECK_CORRUPT;
		}
	} else if (is_corrupt_rc(rc)) {
		snprintf(why, why_size, "%s", sqlite3_errstr(rc));
		res = CHECK_CORRUPT;
	} else {
		*fail_code = fbq_fail(q, rc, "checking it", err);
		res = CHECK_FAIL;
	}
out:
	sqlite3_finalize(st);
	return res;
}

static int db_migrate(fb_queue *q, fb_err *err)
{
	int64_t ver = 0;
	int rc;
	char sql[64];

	rc = db_exec1(q->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return fbq_fail(q, rc, "setting it up", err);
	rc = db_int(q->db, "PRAGMA user_version", &ver);
	for (int64_t v = ver; rc == SQLITE_OK && v < N_MIGRATIONS; v++)
		rc = db_exec_script(q->db, migrations[v]);
	if (rc == SQLITE_OK && ver < N_MIGRATIONS) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", N_MIGRATIONS);
		rc = db_exec1(q->db, sql);
	}
	if (rc == SQLITE_OK && ver == 0) {
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", FB_QUEUE_APPLICATION_ID);
		rc = db_exec1(q->db, sql);
	}
	if (rc == SQLITE_OK)
		rc = db_exec1(q->db, "COMMIT");
	if (rc != SQLITE_OK) {
		int frc = fbq_fail(q, rc, "migrating its schema", err);
		if (!sqlite3_get_autocommit(q->db))
			db_exec1(q->db, "ROLLBACK");
		return frc;
	}
	return 0;
}

static int db_open_file(fb_queue *q, fb_err *err)
{
	int rc = sqlite3_open_v2(q->path, &q->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return fb_err_set(err, FB_ERR_IO,
				  "unable to open queue '%s': %s; check the data_dir exists and is writable",
				  q->path, q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc));
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, BUSY_TIMEOUT_MS);
	return 0;
}

static void db_close_file(fb_queue *q)
{
	for (int i = 0; i < N_STMTS; i++) {
		sqlite3_finalize(q->stmt[i]);
		q->stmt[i] = NULL;
	}
	sqlite3_close(q->db);
	q->db = NULL;
}

/* rename(2) that never replaces an existing file (no loss by overwrite). */
static int rename_keep(const char *from, const char *to)
{
	return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

/* Moves path (and its -wal, -shm) to "<path>.corrupt-<UTC>"; never deletes,
 * never overwrites. */
static int move_aside(fb_queue *q, const char *why, fb_err *err)
{
	char stamp[32], target[4200], from[4200], to[4300];
	time_t now = time(NULL);
	struct tm tm;
	int rc = 0, moved = -1;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(target, sizeof target, "%s.corrupt-%s", q->path, stamp);
		else
			snprintf(target, sizeof target, "%s.corrupt-%s-%d", q->path, stamp, i);
		moved = rename_keep(q->path, target);
		if (moved == 0 || errno != EEXIST)
			break;
	}
	if (moved != 0 && errno == ENOENT)
		goto out;  /* another process (kiosk or syncd) moved it a moment ago */
	if (moved != 0) {
		rc = fb_err_set(err, FB_ERR_CORRUPT,
				"queue '%s' is damaged (%s) and could not be moved aside: %s; move it away by hand",
				q->path, why, strerror(errno));
		goto out;
	}
	snprintf(from, sizeof from, "%s-wal", q->path);
	snprintf(to, sizeof to, "%s-wal", target);
	rename_keep(from, to);
	snprintf(from, sizeof from, "%s-shm", q->path);
	snprintf(to, sizeof to, "%s-shm", target);
	rename_keep(from, to);
	free(q->moved_aside);
	q->moved_aside = strdup(target);
	if (!q->moved_aside)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
out:
	return rc;
}

/* Switches to WAL; SQLITE_MISUSE when the filesystem will not have it. */
static int db_wal_on(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *mode = (const char *)sqlite3_column_text(st, 0);
			rc = mode && strcmp(mode, "wal") == 0 ? SQLITE_OK : SQLITE_MISUSE;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static int q_prepare_all(fb_queue *q, fb_err *err)
{
	for (int i = 0; i < N_STMTS; i++) {
		int rc = sqlite3_prepare_v3(q->db, stmt_sql[i], -1,
					    SQLITE_PREPARE_PERSISTENT, &q->stmt[i], NULL);
		if (rc != SQLITE_OK)
			return fbq_fail(q, rc, "preparing its statements", err);
	}
	return 0;
}

void fb_queue_set_trust_key(fb_queue *q, const unsigned char *trust_pk)
{
	memcpy(q->pk, trust_pk, FB_KEY_BYTES);
	q->has_pk = 1;
}

int fb_queue_open(fb_queue **out, const char *path,
		  const unsigned char *trust_pk, fb_err *err)
{
	fb_queue *q = NULL;
	char why[256] = "";
	int rc = 0;
	int64_t page_size = 4096;
	char sql[96];

	*out = NULL;
	q = calloc(1, sizeof *q);
	if (!q) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory opening the queue");
		goto out;
	}
	q->path = strdup(path);
	if (!q->path) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory opening the queue");
		goto out;
	}
	if (trust_pk) {
		memcpy(q->pk, trust_pk, FB_KEY_BYTES);
		q->has_pk = 1;
	}
	rc = fb_sodium_init(err);
	if (rc)
		goto out;

	for (int attempt = 0; attempt < 2; attempt++) {
		rc = db_open_file(q, err);
		if (rc)
			goto out;
		int fail_code = FB_ERR_IO;
		enum check c = db_check(q, why, sizeof why, &fail_code, err);
		if (c == CHECK_OK)
			break;
		/* a damaged file is left as it was: no checkpoint into it on close */
		sqlite3_db_config(q->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
		db_close_file(q);
		if (c == CHECK_FAIL || attempt == 1) {
			rc = fail_code;
			if (c != CHECK_FAIL)
				rc = fb_err_set(err, FB_ERR_CORRUPT,
					   "queue '%s' is still damaged after starting fresh (%s); check the storage",
					   path, why);
			goto out;
		}
		rc = move_aside(q, why, err);
		if (rc)
			goto out;
	}

	/* Switching a new file to WAL needs it alone for a moment. When another
	 * process is opening the same new file (kiosk and sync daemon at boot)
	 * SQLite answers BUSY at once rather than wait, as waiting could
	 * deadlock; so try again, for no longer than the usual busy timeout. */
	for (int waited_ms = 0;; waited_ms += 10) {
		rc = db_wal_on(q->db);
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
			break;
		usleep(10 * 1000);
	}
	if (rc == SQLITE_MISUSE) {
		rc = fb_err_set(err, FB_ERR_IO,
				"queue '%s' cannot use write-ahead logging, which the kiosk and sync daemon need to share it; put data_dir on a local filesystem",
				path);
		goto out;
	}
	if (rc == SQLITE_OK)
		rc = db_exec1(q->db, "PRAGMA synchronous = FULL");
	if (rc == SQLITE_OK)
		rc = db_int(q->db, "PRAGMA page_size", &page_size);
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld",
			 (long long)(FB_QUEUE_MAX_BYTES / (page_size > 0 ? page_size : 4096)));
		rc = db_exec1(q->db, sql);
	}
	if (rc != SQLITE_OK) {
		rc = fbq_fail(q, rc, "setting it up", err);
		goto out;
	}
	rc = db_migrate(q, err);
	if (rc)
		goto out;
	rc = q_prepare_all(q, err);
	if (rc)
		goto out;
	/* A failure to copy is in the words (and the note the staff screen
	 * shows); the fresh queue still takes answers. */
	if (q->moved_aside) {
		fb_err serr = {0};
		(void)fbq_salvage(q, why, &serr);
	}
	*out = q;
	q = NULL;
out:
	fb_queue_close(q);
	return rc;
}

void fb_queue_close(fb_queue *q)
{
	if (!q)
		return;
	db_close_file(q);
	free(q->path);
	free(q->moved_aside);
	free(q->damage);
	free(q);
}

const char *fb_queue_moved_aside(const fb_queue *q)
{
	return q ? q->moved_aside : NULL;
}

