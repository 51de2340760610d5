/* queue: see queue.h. One SQLite file in WAL mode with synchronous=FULL, so a
 * commit returns only after the WAL is fsync'd. Every write is one
 * BEGIN IMMEDIATE ... COMMIT (the write lock is taken up front and waited for
 * with busy_timeout, so a second process never sees "database is locked").
 * Rows are taken in insertion order (seq), not by wall clock, which may be
 * wrong on a device without a real-time clock. Schema and migrations: the
 * `migrations` list below; PRAGMA user_version says how many have run.
 * docs/queue.md has the schema, the states and the durability argument. */
#include "queue.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
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

#include "clock.h"
#include "record.h"
#include "seal.h"
#include "uuid7.h"

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

enum stmt_id {
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_INSERT, S_TAKE, S_ACK, S_LAST_ACK,
	S_QUARANTINE, S_FAILURE, S_PURGE, S_STATS, N_STMTS
};

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

struct fb_queue {
	sqlite3 *db;
	char *path;
	char *moved_aside;
	unsigned char pk[FB_KEY_BYTES];
	int has_pk;
	sqlite3_stmt *stmt[N_STMTS];
	int fault_countdown;   /* test hook: 0 = off */
	int fault_kind;
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
static int q_fail(fb_queue *q, int rc, const char *doing, fb_err *err)
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

static int q_step(fb_queue *q, sqlite3_stmt *st)
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
static int q_run(fb_queue *q, enum stmt_id s)
{
	sqlite3_stmt *st = q->stmt[s];
	int rc = q_step(q, st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : rc;
}

static int q_begin(fb_queue *q)
{
	return q_run(q, S_BEGIN);
}

static int q_commit(fb_queue *q)
{
	return q_run(q, S_COMMIT);
}

/* Undoes an open transaction, if SQLite has not already done so. Never
 * fault-injected: it is how a fault is recovered from. */
static void q_rollback(fb_queue *q)
{
	if (!sqlite3_get_autocommit(q->db)) {
		sqlite3_step(q->stmt[S_ROLLBACK]);
		sqlite3_reset(q->stmt[S_ROLLBACK]);
	}
}

/* Ends a write transaction: commits when src (the work's result) is 0; on
 * any failure maps it to err with q_fail and rolls back. */
static int q_end(fb_queue *q, int src, const char *doing, fb_err *err)
{
	int rc = 0;
	if (src == 0)
		src = q_commit(q);
	if (src) {
		rc = q_fail(q, src, doing, err);
		q_rollback(q);
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
		*fail_code = q_fail(q, rc, "opening it", err);
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
		*fail_code = q_fail(q, rc, "checking it", err);
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
		return q_fail(q, rc, "setting it up", err);
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
		int frc = q_fail(q, rc, "migrating its schema", err);
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
			return q_fail(q, rc, "preparing its statements", err);
	}
	return 0;
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
		rc = q_fail(q, rc, "setting it up", err);
		goto out;
	}
	rc = db_migrate(q, err);
	if (rc)
		goto out;
	rc = q_prepare_all(q, err);
	if (rc)
		goto out;
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
	free(q);
}

const char *fb_queue_moved_aside(const fb_queue *q)
{
	return q ? q->moved_aside : NULL;
}

/* ---- put ---------------------------------------------------------------- */

static int field_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	return n > 0 && n < cap;
}

/* Validates and canonicalises private_json, then seals it. *sealed stays
 * NULL when there is nothing private. */
static int seal_private(fb_queue *q, const char *private_json, char **sealed,
			fb_err *err)
{
	json_t *o = NULL;
	json_error_t jerr;
	char *canon = NULL;
	int rc = 0;

	*sealed = NULL;
	if (!private_json || !private_json[0])
		goto out;
	if (strnlen(private_json, FB_ANSWERS_MAX + 1) > FB_ANSWERS_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"record field 'sealed': private answers are more than %d bytes",
				FB_ANSWERS_MAX);
		goto out;
	}
	o = json_loads(private_json, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(o)) {
		/* Never jerr.text: jansson quotes the input near the error, and
		 * this is the person's own words. The offset is enough. */
		if (o)
			rc = fb_err_set(err, FB_ERR_INVALID,
					"record field 'sealed': private answers must be a JSON object (not an object)");
		else
			rc = fb_err_set(err, FB_ERR_INVALID,
					"record field 'sealed': private answers must be a JSON object (not valid JSON at byte %d)",
					jerr.position);
		goto out;
	}
	if (json_object_size(o) == 0)
		goto out;
	canon = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	if (!canon) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory sealing private answers");
		goto out;
	}
	rc = fb_seal(q->pk, canon, strlen(canon), sealed, err);
out:
	if (canon) {
		sodium_memzero(canon, strlen(canon));
		free(canon);
	}
	json_decref(o);
	return rc;
}

/* The body as the collector will check it: a record it would refuse is
 * refused here, naming the field, before anything is stored. */
static int body_validate(const char *body, fb_err *err)
{
	json_error_t jerr;
	fb_record_in in;
	int rc;
	json_t *o = json_loads(body, 0, &jerr);
	if (!o)
		return fb_err_set(err, FB_ERR_INVALID, "record body is not JSON: %s", jerr.text);
	rc = fb_record_from_json(o, &in, err);
	json_decref(o);
	return rc ? FB_ERR_INVALID : 0;
}

int fb_queue_put(fb_queue *q, fb_response *r, fb_err *err)
{
	char *sealed = NULL, *body = NULL;
	char boot[40];
	size_t body_len;
	int rc = 0, src;
	sqlite3_stmt *st;

	if (!q->has_pk) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"queue opened without the Trust's public key cannot store responses; set trust_public_key in the config");
		goto out;
	}
	if (!field_ok(r->survey_id, sizeof r->survey_id) ||
	    !field_ok(r->location, sizeof r->location) ||
	    !field_ok(r->language, sizeof r->language)) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"record field '%s': expected 1 to %zu characters",
				!field_ok(r->survey_id, sizeof r->survey_id) ? "survey_id" :
				!field_ok(r->location, sizeof r->location) ? "location" : "language",
				(size_t)(!field_ok(r->survey_id, sizeof r->survey_id) ? FB_SURVEY_ID_MAX - 1 :
				 !field_ok(r->location, sizeof r->location) ? FB_LOCATION_MAX - 1 :
				 FB_LANGUAGE_MAX - 1));
		goto out;
	}
	if (r->answers_json && strnlen(r->answers_json, FB_ANSWERS_MAX + 1) > FB_ANSWERS_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"record field 'answers': more than %d bytes", FB_ANSWERS_MAX);
		goto out;
	}
	rc = fb_uuid7_make(fb_wall_ms(), r->id, err);
	if (rc)
		goto out;
	if (r->submitted_at_ms == 0)
		r->submitted_at_ms = fb_wall_ms();
	rc = seal_private(q, r->private_json, &sealed, err);
	if (rc)
		goto out;
	body = fb_record_body(r, sealed, err);
	if (!body) {
		rc = err ? (int)err->code : FB_ERR_INVALID;
		if (rc == FB_OK)
			rc = FB_ERR_INVALID;
		goto out;
	}
	body_len = strlen(body);
	if (body_len > FB_RECORD_MAX_BYTES) {
		rc = fb_err_set(err, FB_ERR_INVALID, "record is %zu bytes, more than the %d allowed",
				body_len, FB_RECORD_MAX_BYTES);
		goto out;
	}
	rc = body_validate(body, err);
	if (rc)
		goto out;
	fb_boot_id(boot, sizeof boot);

	src = q_begin(q);
	if (src) {
		rc = q_fail(q, src, "storing a response", err);
		goto out;
	}
	st = q->stmt[S_INSERT];
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body, (int)body_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->submitted_at_ms);
	sqlite3_bind_int64(st, 4, fb_mono_ms());
	sqlite3_bind_text(st, 5, boot, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->fft);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)r->flags);
	sqlite3_bind_int(st, 8, (r->flags & FB_FLAG_SYNTHETIC) != 0);
	src = q_run(q, S_INSERT);
	rc = q_end(q, src, "storing a response", err);
out:
	free(body);
	free(sealed);
	return rc;
}

/* ---- take --------------------------------------------------------------- */

void fb_batch_free(fb_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free(b->items[i].body);
	free(b->items);
	b->items = NULL;
	b->n = 0;
}

/* Fills rec from the current row of a S_TAKE-shaped statement. */
static int row_to_queued(sqlite3_stmt *st, fb_queued *rec)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *body = (const char *)sqlite3_column_text(st, 1);
	const char *boot = (const char *)sqlite3_column_text(st, 4);
	size_t len = (size_t)sqlite3_column_bytes(st, 1);

	memset(rec, 0, sizeof *rec);
	snprintf(rec->id, sizeof rec->id, "%s", id ? id : "");
	rec->body = malloc(len + 1);
	if (!rec->body)
		return -1;
	if (body)
		memcpy(rec->body, body, len);
	rec->body[len] = '\0';
	rec->body_len = len;
	rec->submitted_at_ms = sqlite3_column_int64(st, 2);
	rec->submitted_mono_ms = sqlite3_column_int64(st, 3);
	snprintf(rec->boot_id, sizeof rec->boot_id, "%s", boot ? boot : "");
	rec->attempts = sqlite3_column_int(st, 5);
	return 0;
}

int fb_queue_take_batch(fb_queue *q, size_t max_records, size_t max_bytes,
			fb_batch *out, fb_err *err)
{
	sqlite3_stmt *st = q->stmt[S_TAKE];
	fb_batch b = {0};
	size_t cap = 0, bytes = 0;
	int rc = 0, src;

	out->items = NULL;
	out->n = 0;
	if (max_records == 0)
		goto out;
	sqlite3_bind_int64(st, 1, max_records > INT64_MAX ? INT64_MAX : (sqlite3_int64)max_records);
	for (;;) {
		src = q_step(q, st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = q_fail(q, src, "reading unsent responses", err);
			goto out;
		}
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if (b.n > 0 && bytes + len > max_bytes)
			break;
		if (b.n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			fb_queued *n = realloc(b.items, ncap * sizeof *n);
			if (!n) {
				rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a batch");
				goto out;
			}
			b.items = n;
			cap = ncap;
		}
		if (row_to_queued(st, &b.items[b.n]) != 0) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a batch");
			goto out;
		}
		b.n++;
		bytes += len;
	}
	*out = b;
	b.items = NULL;
	b.n = 0;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	fb_batch_free(&b);
	return rc;
}

/* ---- ack, quarantine, failure, purge ------------------------------------ */

int fb_queue_ack(fb_queue *q, const char *const ids[], size_t n,
		 int64_t now_ms, fb_err *err)
{
	int src;
	int changed = 0;

	if (n == 0)
		return 0;
	src = q_begin(q);
	for (size_t i = 0; src == 0 && i < n; i++) {
		sqlite3_bind_text(q->stmt[S_ACK], 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(q->stmt[S_ACK], 2, now_ms);
		src = q_run(q, S_ACK);
		if (src == 0)
			changed += sqlite3_changes(q->db);
	}
	if (src == 0 && changed > 0) {
		sqlite3_bind_int64(q->stmt[S_LAST_ACK], 1, now_ms);
		src = q_run(q, S_LAST_ACK);
	}
	return q_end(q, src, "recording acknowledgements", err);
}

int fb_queue_quarantine(fb_queue *q, const char *id, const char *reason,
			int64_t now_ms, fb_err *err)
{
	int src;

	src = q_begin(q);
	if (src == 0) {
		sqlite3_stmt *st = q->stmt[S_QUARANTINE];
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, reason ? reason : "no reason given", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now_ms);
		src = q_run(q, S_QUARANTINE);
	}
	return q_end(q, src, "quarantining a response", err);
}

int fb_queue_note_failure(fb_queue *q, const char *const ids[], size_t n,
			  const char *error, fb_err *err)
{
	int src;

	if (n == 0)
		return 0;
	src = q_begin(q);
	for (size_t i = 0; src == 0 && i < n; i++) {
		sqlite3_stmt *st = q->stmt[S_FAILURE];
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, error ? error : "", -1, SQLITE_STATIC);
		src = q_run(q, S_FAILURE);
	}
	return q_end(q, src, "noting a failed attempt", err);
}

int fb_queue_purge(fb_queue *q, int64_t acked_before_ms, int64_t *purged,
		   fb_err *err)
{
	int rc = 0, src;
	int64_t n = 0;

	src = q_begin(q);
	if (src == 0) {
		sqlite3_bind_int64(q->stmt[S_PURGE], 1, acked_before_ms);
		src = q_run(q, S_PURGE);
		if (src == 0)
			n = sqlite3_changes(q->db);
	}
	rc = q_end(q, src, "purging acknowledged responses", err);
	if (rc)
		n = 0;
	if (purged)
		*purged = n;
	return rc;
}

/* ---- stats and visits --------------------------------------------------- */

int fb_queue_stats_get(fb_queue *q, fb_queue_stats *stats, fb_err *err)
{
	sqlite3_stmt *st = q->stmt[S_STATS];
	int rc = 0, src;

	memset(stats, 0, sizeof *stats);
	src = q_step(q, st);
	if (src != SQLITE_ROW) {
		rc = q_fail(q, src, "counting responses", err);
		goto out;
	}
	stats->depth = sqlite3_column_int64(st, 0);
	stats->oldest_unsent_ms = sqlite3_column_int64(st, 1);
	stats->quarantined = sqlite3_column_int64(st, 2);
	stats->acked = sqlite3_column_int64(st, 3);
	stats->last_ack_ms = sqlite3_column_int64(st, 4);
	stats->synthetic = sqlite3_column_int64(st, 5);
out:
	sqlite3_reset(st);
	return rc;
}

/* Runs sql (our own constant SQL) and calls row for each row it returns
 * until row gives non-zero: Q_STOP ends early with 0, an FB_ERR_* code is
 * returned as is. doing names the work in messages. */
#define Q_STOP (-1)
static int q_each(fb_queue *q, const char *sql, const char *doing,
		  int (*row)(sqlite3_stmt *st, void *ctx, fb_err *err), void *ctx,
		  fb_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, src;

	src = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
	if (src != SQLITE_OK) {
		rc = q_fail(q, src, doing, err);
		goto out;
	}
	for (;;) {
		src = q_step(q, st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = q_fail(q, src, doing, err);
			goto out;
		}
		rc = row(st, ctx, err);
		if (rc)
			break;
	}
	if (rc == Q_STOP)
		rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

typedef struct quarantined_ctx {
	fb_quarantine_cb cb;
	void *ctx;
} quarantined_ctx;

static int quarantined_row(sqlite3_stmt *st, void *ctx, fb_err *err)
{
	quarantined_ctx *c = ctx;
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *reason = (const char *)sqlite3_column_text(st, 1);
	return c->cb(c->ctx, id ? id : "", reason ? reason : "", sqlite3_column_int64(st, 2)) ?
	       Q_STOP : 0;
}

int fb_queue_each_quarantined(fb_queue *q, fb_quarantine_cb cb, void *ctx,
			      fb_err *err)
{
	quarantined_ctx c = {cb, ctx};
	return q_each(q, "SELECT id, quarantine_reason, quarantined_at_ms FROM records"
			 " WHERE state = 'quarantined' ORDER BY seq",
		      "listing quarantined responses", quarantined_row, &c, err);
}

typedef struct unsent_ctx {
	fb_unsent_cb cb;
	void *ctx;
} unsent_ctx;

static int unsent_row(sqlite3_stmt *st, void *ctx, fb_err *err)
{
	unsent_ctx *c = ctx;
	fb_queued rec;
	if (row_to_queued(st, &rec) != 0)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory listing unsent responses");
	int stop = c->cb(c->ctx, &rec);
	free(rec.body);
	return stop ? Q_STOP : 0;
}

int fb_queue_each_unsent(fb_queue *q, fb_unsent_cb cb, void *ctx, fb_err *err)
{
	unsent_ctx c = {cb, ctx};
	return q_each(q, "SELECT id, body, submitted_at_ms, submitted_mono_ms, boot_id,"
			 " attempts FROM records WHERE state = 'unsent' ORDER BY seq",
		      "listing unsent responses", unsent_row, &c, err);
}
