/* queue_impl: what the parts of the queue share (queue.c: opening,
 * checking, migrating and moving a damaged file aside; queue_salvage.c:
 * copying what is readable out of it; queue_records.c: put, take, ack,
 * quarantine, purge, stats). Nothing outside lib/queue*.c
 * includes it.
 * Promises: every statement goes through fbq_step, so the test fault hook
 * sees them all; every write is fbq_begin ... fbq_end. */
#ifndef FB_QUEUE_IMPL_H
#define FB_QUEUE_IMPL_H

#include <sqlite3.h>

#include "queue.h"
#include "seal.h"

enum stmt_id {
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_INSERT, S_TAKE, S_ACK, S_LAST_ACK,
	S_QUARANTINE, S_FAILURE, S_PURGE, S_STATS, N_STMTS
};

struct fb_queue {
	sqlite3 *db;
	char *path;
	char *moved_aside;
	char *damage;          /* fb_queue_damage's words, NULL */
	unsigned char pk[FB_KEY_BYTES];
	int has_pk;
	sqlite3_stmt *stmt[N_STMTS];
	int fault_countdown;   /* test hook: 0 = off */
	int fault_kind;
};

/* Maps an SQLite failure to an fb_err a person can act on. */
int fbq_fail(fb_queue *q, int rc, const char *doing, fb_err *err);
/* sqlite3_step, or the fault the test hook has armed. */
int fbq_step(fb_queue *q, sqlite3_stmt *st);
/* Runs a statement that returns no rows; resets it. SQLITE_DONE -> 0. */
int fbq_run(fb_queue *q, enum stmt_id s);
int fbq_begin(fb_queue *q);
/* Ends a write transaction: commits when src (the work's result) is 0; on
 * any failure maps it to err with fbq_fail and rolls back. */
int fbq_end(fb_queue *q, int src, const char *doing, fb_err *err);
/* After this open moved the file aside (q->moved_aside, for why): copies
 * every record still readable in it (unsent and quarantined; acked ones are
 * at the collector) into the fresh queue, sets q->damage to words saying
 * what was copied and what could not be read, and writes them to
 * "<moved>.txt". The damaged file is only read. Returns non-zero with err
 * set when the fresh queue could not take them (the words say so too). */
int fbq_salvage(fb_queue *q, const char *why, fb_err *err);

#endif
