/* Unit tests for lib/queue: the device's durable outbox. Each test gets a
 * fresh directory under /tmp and a fresh Trust keypair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/wait.h>

#include "queue.h"
#include "record.h"
#include "seal.h"
#include "response_fixture.h"
#include "tmpdir.h"

typedef struct fx {
	char dir[64];
	char path[128];
	unsigned char pk[FB_KEY_BYTES];
	unsigned char sk[FB_KEY_BYTES];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	if (!f || test_tmpdir_make(f->dir, sizeof f->dir, "queue") != 0)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/queue.db", f->dir);
	if (fb_keypair_generate(f->pk, f->sk, NULL) != 0)
		return -1;
	*state = f;
	return 0;
}

static void make_response(fb_response *r, int fft, const char *comment_json)
{
	test_response_fill(r, fft, "{\"staff_kind\":4,\"felt_safe\":\"yes\"}", comment_json);
}

static fb_queue *open_q(fx *f)
{
	fb_queue *q = NULL;
	fb_err err = {0};
	int rc = fb_queue_open(&q, f->path, f->pk, &err);
	if (rc)
		fail_msg("open: %s", err.msg);
	return q;
}

static void put_n(fb_queue *q, int n, char ids[][FB_ID_LEN])
{
	for (int i = 0; i < n; i++) {
		fb_response r;
		fb_err err = {0};
		make_response(&r, 1 + i % 6, i % 2 ? "{\"good\":\"kind nurses\"}" : NULL);
		int rc = fb_queue_put(q, &r, &err);
		if (rc)
			fail_msg("put %d: %s", i, err.msg);
		if (ids)
			memcpy(ids[i], r.id, FB_ID_LEN);
	}
}

static int64_t depth(fb_queue *q)
{
	fb_queue_stats st;
	fb_err err = {0};
	assert_int_equal(fb_queue_stats_get(q, &st, &err), 0);
	return st.depth;
}

static void test_put_then_take_should_return_records_oldest_first_with_valid_bodies(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	char ids[20][FB_ID_LEN];
	fb_batch b;
	fb_err err = {0};

	put_n(q, 20, ids);
	assert_int_equal(fb_queue_take_batch(q, 100, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 20);
	for (size_t i = 0; i < b.n; i++) {
		assert_string_equal(b.items[i].id, ids[i]);
		if (i > 0)
			assert_true(strcmp(b.items[i - 1].id, b.items[i].id) < 0);
		json_t *o = json_loads(b.items[i].body, 0, NULL);
		fb_record_in in;
		assert_non_null(o);
		assert_int_equal(fb_record_from_json(o, &in, &err), 0);
		assert_string_equal(in.id, ids[i]);
		assert_int_equal(in.fft, 1 + (int)i % 6);
		assert_true(in.submitted_at_ms > 0);
		assert_int_equal(strlen(b.items[i].body), b.items[i].body_len);
		assert_int_equal(b.items[i].attempts, 0);
		assert_true(b.items[i].submitted_mono_ms > 0);
		json_decref(o);
	}
	fb_batch_free(&b);
	assert_null(b.items);
	fb_queue_close(q);
}

static void test_take_should_stop_at_the_record_and_byte_caps(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	fb_batch b;
	fb_err err = {0};

	put_n(q, 30, NULL);
	assert_int_equal(fb_queue_take_batch(q, 7, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 7);
	size_t one = b.items[0].body_len;
	fb_batch_free(&b);

	/* Room for about three bodies: never more bytes than asked, past the first. */
	assert_int_equal(fb_queue_take_batch(q, 100, one * 3 + one / 2, &b, &err), 0);
	size_t bytes = 0;
	for (size_t i = 0; i < b.n; i++)
		bytes += b.items[i].body_len;
	assert_true(b.n >= 2 && b.n <= 4);
	assert_true(bytes <= one * 3 + one / 2);
	fb_batch_free(&b);

	/* One record bigger than the byte cap still goes, alone. */
	assert_int_equal(fb_queue_take_batch(q, 100, 10, &b, &err), 0);
	assert_int_equal(b.n, 1);
	fb_batch_free(&b);

	assert_int_equal(fb_queue_take_batch(q, 0, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 0);
	fb_queue_close(q);
}

static void test_ack_should_take_records_out_of_the_outbox_and_record_the_time(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	char ids[5][FB_ID_LEN];
	fb_batch b;
	fb_err err = {0};
	fb_queue_stats st;

	put_n(q, 5, ids);
	const char *acked[] = {ids[0], ids[2], "0190a000-0000-7000-8000-000000000000"};
	assert_int_equal(fb_queue_ack(q, acked, 3, 1800000000000LL, &err), 0);
	/* acking again changes nothing (the server said duplicate) */
	assert_int_equal(fb_queue_ack(q, acked, 2, 1800000009999LL, &err), 0);

	assert_int_equal(fb_queue_take_batch(q, 100, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 3);
	assert_string_equal(b.items[0].id, ids[1]);
	assert_string_equal(b.items[1].id, ids[3]);
	assert_string_equal(b.items[2].id, ids[4]);
	fb_batch_free(&b);

	assert_int_equal(fb_queue_stats_get(q, &st, &err), 0);
	assert_int_equal(st.depth, 3);
	assert_int_equal(st.acked, 2);
	assert_int_equal(st.quarantined, 0);
	assert_int_equal(st.last_ack_ms, 1800000000000LL);
	assert_true(st.oldest_unsent_ms > 0);
	fb_queue_close(q);
}

static int collect_quarantined(void *ctx, const char *id, const char *reason,
			       int64_t at)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	snprintf(buf + n, 1024 - n, "%s|%s|%lld;", id, reason, (long long)at);
	return 0;
}

static void test_quarantine_should_keep_the_record_with_its_reason_and_never_send_it_again(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	char ids[3][FB_ID_LEN];
	char seen[1024] = "", want[1024];
	fb_batch b;
	fb_err err = {0};
	fb_queue_stats st;

	put_n(q, 3, ids);
	assert_int_equal(fb_queue_quarantine(q, ids[1], "same id, different content",
					     1800000000000LL, &err), 0);
	assert_int_equal(fb_queue_take_batch(q, 100, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.items[0].id, ids[0]);
	assert_string_equal(b.items[1].id, ids[2]);
	fb_batch_free(&b);

	assert_int_equal(fb_queue_each_quarantined(q, collect_quarantined, seen, &err), 0);
	snprintf(want, sizeof want, "%s|same id, different content|1800000000000;", ids[1]);
	assert_string_equal(seen, want);
	assert_int_equal(fb_queue_stats_get(q, &st, &err), 0);
	assert_int_equal(st.quarantined, 1);
	assert_int_equal(st.depth, 2);
	fb_queue_close(q);
}

static void test_note_failure_should_count_attempts_and_keep_the_record_unsent(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	char ids[2][FB_ID_LEN];
	fb_batch b;
	fb_err err = {0};

	put_n(q, 2, ids);
	const char *one[] = {ids[0]};
	assert_int_equal(fb_queue_note_failure(q, one, 1, "connection refused", &err), 0);
	assert_int_equal(fb_queue_note_failure(q, one, 1, "timeout", &err), 0);
	assert_int_equal(fb_queue_take_batch(q, 100, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.items[0].attempts, 2);
	assert_int_equal(b.items[1].attempts, 0);
	fb_batch_free(&b);
	fb_queue_close(q);
}

static void test_purge_should_delete_only_records_acked_before_the_time(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	char ids[4][FB_ID_LEN];
	fb_err err = {0};
	fb_queue_stats st;
	int64_t purged = -1;

	put_n(q, 4, ids);
	const char *old[] = {ids[0]}, *recent[] = {ids[1]};
	assert_int_equal(fb_queue_ack(q, old, 1, 1000, &err), 0);
	assert_int_equal(fb_queue_ack(q, recent, 1, 5000, &err), 0);
	assert_int_equal(fb_queue_quarantine(q, ids[2], "rejected", 10, &err), 0);
	assert_int_equal(fb_queue_purge(q, 2000, &purged, &err), 0);
	assert_int_equal(purged, 1);
	assert_int_equal(fb_queue_stats_get(q, &st, &err), 0);
	assert_int_equal(st.acked, 1);
	assert_int_equal(st.quarantined, 1);
	assert_int_equal(st.depth, 1);
	assert_int_equal(st.last_ack_ms, 5000);
	fb_queue_close(q);
}

/* Whether needle occurs in the bytes of file path (missing file: no). */
static int file_contains(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	size_t cap = 1 << 22, n;
	char *buf = malloc(cap);
	n = fread(buf, 1, cap, fp);
	fclose(fp);
	int found = memmem(buf, n, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

static void test_sealed_comment_should_not_be_readable_in_the_queue_file_but_opens_with_the_trust_key(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	fb_response r;
	fb_batch b;
	fb_err err = {0};
	char wal[160];
	const char *secret = "the night nurse Priya was wonderful";
	char priv[256];

	snprintf(priv, sizeof priv, "{\"good\":\"%s\"}", secret);
	make_response(&r, 1, priv);
	assert_int_equal(fb_queue_put(q, &r, &err), 0);
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_false(file_contains(f->path, "Priya"));
	assert_false(file_contains(wal, "Priya"));
	/* the clear answers are there (they are counted at the Trust) */
	assert_true(file_contains(f->path, "felt_safe") || file_contains(wal, "felt_safe"));

	assert_int_equal(fb_queue_take_batch(q, 1, 1 << 20, &b, &err), 0);
	json_t *o = json_loads(b.items[0].body, 0, NULL);
	fb_record_in in;
	assert_int_equal(fb_record_from_json(o, &in, &err), 0);
	assert_non_null(in.sealed_b64);
	char *plain = NULL;
	size_t len = 0;
	assert_int_equal(fb_seal_open(f->pk, f->sk, in.sealed_b64, &plain, &len, &err), 0);
	json_t *p = json_loads(plain, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(p, "good")), secret);
	json_decref(p);
	free(plain);
	json_decref(o);
	fb_batch_free(&b);
	fb_queue_close(q);
	/* and after the WAL is checkpointed into the main file on close */
	assert_false(file_contains(f->path, "Priya"));
}

static void test_reopen_after_close_should_keep_every_record_and_state(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	char ids[10][FB_ID_LEN];
	fb_err err = {0};
	fb_queue_stats st;

	put_n(q, 10, ids);
	const char *a[] = {ids[0], ids[1]};
	assert_int_equal(fb_queue_ack(q, a, 2, 777, &err), 0);
	fb_queue_close(q);

	q = open_q(f);
	assert_null(fb_queue_moved_aside(q));
	assert_int_equal(fb_queue_stats_get(q, &st, &err), 0);
	assert_int_equal(st.depth, 8);
	assert_int_equal(st.acked, 2);
	assert_int_equal(st.last_ack_ms, 777);
	fb_queue_close(q);

	/* read-only use (the sync daemon) opens without a key; put refuses */
	fb_queue *ro = NULL;
	fb_response r;
	assert_int_equal(fb_queue_open(&ro, f->path, NULL, &err), 0);
	assert_int_equal(depth(ro), 8);
	make_response(&r, 2, NULL);
	assert_int_equal(fb_queue_put(ro, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "trust_public_key"));
	assert_int_equal(depth(ro), 8);
	fb_queue_close(ro);
	fb_queue_close(NULL);
}

/* Runs our own SQL on a file outside the queue module. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("raw sql: %s", msg);
	sqlite3_close(db);
}

static void test_open_should_migrate_a_version_1_queue_and_keep_its_records(void **state)
{
	fx *f = *state;
	fb_err err = {0};
	fb_queue_stats st;
	fb_batch b;
	char sql[2048];

	/* the schema as version 1 shipped it, with one unsent synthetic record */
	snprintf(sql, sizeof sql,
		 "PRAGMA application_id = %d;"
		 "CREATE TABLE records (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
		 " body TEXT NOT NULL, submitted_at_ms INTEGER NOT NULL,"
		 " submitted_mono_ms INTEGER NOT NULL, boot_id TEXT NOT NULL,"
		 " fft INTEGER NOT NULL, flags INTEGER NOT NULL,"
		 " state TEXT NOT NULL DEFAULT 'unsent'"
		 "  CHECK (state IN ('unsent', 'acked', 'quarantined')),"
		 " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
		 " acked_at_ms INTEGER, quarantine_reason TEXT, quarantined_at_ms INTEGER);"
		 "CREATE INDEX records_state ON records (state, seq);"
		 "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
		 "INSERT INTO records (id, body, submitted_at_ms, submitted_mono_ms, boot_id,"
		 " fft, flags) VALUES ('0190a000-0000-7000-8000-000000000001', '{\"v\":1}',"
		 " 5, 6, 'b', 1, 4);"
		 "PRAGMA user_version = 1;", FB_QUEUE_APPLICATION_ID);
	raw_exec(f->path, sql);

	fb_queue *q = open_q(f);
	assert_null(fb_queue_moved_aside(q));
	assert_int_equal(fb_queue_stats_get(q, &st, &err), 0);
	assert_int_equal(st.depth, 1);
	assert_int_equal(st.synthetic, 1);   /* filled by migration 2 */
	assert_int_equal(fb_queue_take_batch(q, 10, 1 << 20, &b, &err), 0);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.items[0].id, "0190a000-0000-7000-8000-000000000001");
	assert_string_equal(b.items[0].body, "{\"v\":1}");
	fb_batch_free(&b);
	put_n(q, 1, NULL);
	assert_int_equal(depth(q), 2);
	fb_queue_close(q);

	sqlite3 *db = NULL;
	sqlite3_stmt *stq = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stq, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stq), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stq, 0), FB_QUEUE_SCHEMA_VERSION);
	sqlite3_finalize(stq);
	sqlite3_close(db);
}

static void test_open_should_refuse_a_queue_from_a_newer_version_and_leave_it_in_place(void **state)
{
	fx *f = *state;
	fb_queue *q = NULL;
	fb_err err = {0};
	char sql[256];
	struct stat sb;

	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; CREATE TABLE records (x);"
		 "PRAGMA user_version = 99;", FB_QUEUE_APPLICATION_ID);
	raw_exec(f->path, sql);
	assert_int_equal(fb_queue_open(&q, f->path, f->pk, &err), FB_ERR_INVALID);
	assert_null(q);
	assert_non_null(strstr(err.msg, "newer version"));
	assert_int_equal(stat(f->path, &sb), 0);
}

/* Counts "<path>.corrupt-*" files (not their -wal, -shm or .txt note) and
 * checks one holds content. */
static int count_moved(fx *f, const char *expect_bytes)
{
	DIR *d = opendir(f->dir);
	struct dirent *e;
	int n = 0;
	char p[512];
	for (e = readdir(d); e; e = readdir(d)) {
		if (strncmp(e->d_name, "queue.db.corrupt-", 17) != 0)
			continue;
		if (strstr(e->d_name, "-wal") || strstr(e->d_name, "-shm") ||
		    strstr(e->d_name, ".txt"))
			continue;  /* its WAL, its index, the note saying what happened */
		n++;
		snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
		if (expect_bytes)
			assert_true(file_contains(p, expect_bytes));
	}
	closedir(d);
	return n;
}

static void test_open_should_move_a_file_that_is_not_a_database_aside_and_start_fresh(void **state)
{
	fx *f = *state;
	FILE *fp = fopen(f->path, "wb");
	for (int i = 0; i < 300; i++)
		fputs("this is not a database, it is a shopping list; ", fp);
	fclose(fp);

	fb_queue *q = open_q(f);
	const char *moved = fb_queue_moved_aside(q);
	assert_non_null(moved);
	assert_non_null(strstr(moved, "queue.db.corrupt-"));
	assert_int_equal(count_moved(f, "shopping list"), 1);
	assert_int_equal(depth(q), 0);
	put_n(q, 2, NULL);
	assert_int_equal(depth(q), 2);
	fb_queue_close(q);
	/* the fresh one is fine: nothing more moved on reopen */
	q = open_q(f);
	assert_null(fb_queue_moved_aside(q));
	assert_int_equal(depth(q), 2);
	fb_queue_close(q);

	/* damaged again within the same second: a second file, the first kept */
	fp = fopen(f->path, "wb");
	fputs("a second shopping list, much shorter", fp);
	fclose(fp);
	q = open_q(f);
	assert_non_null(fb_queue_moved_aside(q));
	assert_int_equal(count_moved(f, NULL), 2);
	fb_queue_close(q);
}

static void test_open_should_move_a_damaged_queue_aside_when_quick_check_fails(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	put_n(q, 200, NULL);
	fb_queue_close(q);

	/* scribble over pages 2 and 3 (table b-trees), keeping the header */
	FILE *fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	fseek(fp, 4096 + 100, SEEK_SET);
	for (int i = 0; i < 6000; i++)
		fputc(0xA5, fp);
	fclose(fp);

	q = open_q(f);
	assert_non_null(fb_queue_moved_aside(q));
	assert_int_equal(count_moved(f, NULL), 1);
	assert_int_equal(depth(q), 0);
	fb_queue_close(q);
}

/* The whole file's bytes, for "never changed". */
static char *slurp(const char *path, long *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	*len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)*len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)*len, fp), (size_t)*len);
	fclose(fp);
	return buf;
}

static int count_quarantined(void *ctx, const char *id, const char *reason, int64_t at)
{
	(void)id; (void)at;
	if (strstr(reason, "kept across the damage"))
		(*(int *)ctx)++;
	return 0;
}

static void test_a_damaged_page_mid_queue_should_lose_only_its_rows_and_say_which(void **state)
{
	fx *f = *state;
	enum { N = 1500, ACKED = 100 };
	static char ids[N][FB_ID_LEN];
	const char *acked[ACKED];
	fb_queue *q = open_q(f);
	fb_err err = {0};
	char moved[256], note[1024];
	long len_before, len_after;
	int kept_q = 0;

	put_n(q, N, ids);
	for (int i = 0; i < ACKED; i++)
		acked[i] = ids[i];
	assert_int_equal(fb_queue_ack(q, acked, ACKED, 1, &err), 0);
	assert_int_equal(fb_queue_quarantine(q, ids[N - 1], "kept across the damage", 2, &err), 0);
	fb_queue_close(q);
	assert_int_equal(fb_queue_damage_note(f->path, false, note, sizeof note), 0);

	/* random bytes over one whole page in the middle, as a failing card would */
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long pages = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	FILE *fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	fseek(fp, (pages / 2) * 4096, SEEK_SET);
	for (int i = 0; i < 4096; i++)
		fputc((i * 7919 + 13) & 0xff, fp);
	fclose(fp);
	char *before = slurp(f->path, &len_before);

	q = open_q(f);
	assert_non_null(fb_queue_moved_aside(q));
	snprintf(moved, sizeof moved, "%s", fb_queue_moved_aside(q));
	const char *words = fb_queue_damage(q);
	assert_non_null(words);
	assert_non_null(strstr(words, moved));
	assert_non_null(strstr(words, "copied to a fresh queue"));
	assert_non_null(strstr(words, "tell IT"));
	assert_null(strchr(words, '\n'));
	char *words_kept = strdup(words);

	/* every record the damaged page did not hold is still there to send,
	 * under its own id, oldest first; the quarantined one still quarantined */
	fb_batch b;
	assert_int_equal(fb_queue_take_batch(q, N, 1 << 30, &b, &err), 0);
	int64_t have = (int64_t)b.n, lost = (N - ACKED - 1) - have;
	print_message("%s\n", words);
	assert_true(have > (N - ACKED - 1) / 2);
	assert_true(lost >= 0 && lost < 100);  /* one 4 KiB page of ~400 byte rows */
	for (size_t i = 0, j = ACKED; i < b.n; i++, j++) {
		while (j < N && strcmp(ids[j], b.items[i].id) != 0)
			j++;  /* skipping the lost */
		assert_true(j < N - 1);
	}
	fb_batch_free(&b);
	if (lost > 0)
		assert_non_null(strstr(words, "unreadable"));
	assert_int_equal(fb_queue_each_quarantined(q, count_quarantined, &kept_q, &err), 0);
	assert_int_equal(kept_q, 1);
	fb_queue_close(q);

	/* the damaged file itself was only read */
	char *after = slurp(moved, &len_after);
	assert_int_equal(len_after, len_before);
	assert_memory_equal(after, before, (size_t)len_before);
	free(before);
	free(after);

	/* reopened: nothing more moved, and the note stays for the staff screen
	 * for as long as the damaged file is kept */
	q = open_q(f);
	assert_null(fb_queue_moved_aside(q));
	assert_null(fb_queue_damage(q));
	assert_int_equal(depth(q), have);
	fb_queue_close(q);
	assert_int_equal(fb_queue_damage_note(f->path, false, note, sizeof note), 1);
	assert_string_equal(note, words_kept);
	free(words_kept);
	/* the staff screen's line: what happened and what to do, first */
	char staff_words[160];
	snprintf(staff_words, sizeof staff_words, "answer store damaged: up to %lld lost, %lld kept;"
		 " tell IT, keep %s", (long long)lost, (long long)have + 1, strrchr(moved, '/') + 1);
	assert_int_equal(fb_queue_damage_note(f->path, true, note, sizeof note), 1);
	assert_string_equal(note, staff_words);
}

static void test_open_should_move_aside_a_database_that_belongs_to_another_program(void **state)
{
	fx *f = *state;
	raw_exec(f->path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('la bamba');");
	fb_queue *q = open_q(f);
	assert_non_null(fb_queue_moved_aside(q));
	assert_int_equal(count_moved(f, "la bamba"), 1);
	assert_int_equal(depth(q), 0);
	fb_queue_close(q);
}

/* Kiosk and sync daemon start together at boot on a new device: several
 * processes open (and so create) one new queue at the same moment. None may
 * take the half-made queue for a foreign file and move it aside. */
static void test_processes_creating_one_new_queue_at_once_should_never_move_it_aside(void **state)
{
	fx *f = *state;
	enum { ROUNDS = 30, PROCS = 4 };
	char p[512];
	int bad = 0;

	for (int round = 0; round < ROUNDS; round++) {
		int gate[2];
		pid_t kids[PROCS];
		const char *suffix[] = { "", "-wal", "-shm", "-journal" };
		for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
			snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
			unlink(p);
		}
		assert_int_equal(pipe(gate), 0);
		for (int k = 0; k < PROCS; k++) {
			kids[k] = fork();
			assert_true(kids[k] >= 0);
			if (kids[k] == 0) {
				char c;
				fb_queue *q = NULL;
				close(gate[1]);
				/* wait until the parent opens the gate for all at once */
				while (read(gate[0], &c, 1) > 0)
					;
				fb_err err = {0};
				int rc = fb_queue_open(&q, f->path, f->pk, &err);
				int moved = q && fb_queue_moved_aside(q) != NULL;
				if (rc || moved)
					print_error("round %d: %s\n", round,
						    rc ? err.msg : "moved aside");
				fb_queue_close(q);
				_exit(rc ? 2 : moved ? 1 : 0);
			}
		}
		close(gate[0]);
		close(gate[1]);
		for (int k = 0; k < PROCS; k++) {
			int st = 0;
			waitpid(kids[k], &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				bad++;
		}
	}
	assert_int_equal(bad, 0);
	assert_int_equal(count_moved(f, NULL), 0);
}

static void test_open_in_a_missing_directory_should_say_which_and_move_nothing(void **state)
{
	fx *f = *state;
	fb_queue *q = NULL;
	fb_err err = {0};
	char path[256];

	snprintf(path, sizeof path, "%s/no-such-dir/queue.db", f->dir);
	assert_int_equal(fb_queue_open(&q, path, f->pk, &err), FB_ERR_IO);
	assert_null(q);
	assert_non_null(strstr(err.msg, "no-such-dir/queue.db"));
	assert_non_null(strstr(err.msg, "check the data_dir"));
	assert_int_equal(count_moved(f, NULL), 0);
}

static void test_put_should_refuse_bad_records_naming_the_field_and_store_nothing(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	fb_response r;
	fb_err err = {0};

	make_response(&r, 1, NULL);
	r.answers_json = "[1,2]";
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "answers"));

	make_response(&r, 9, NULL);
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "'fft'"));

	make_response(&r, 1, NULL);
	r.location[0] = '\0';
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "'location'"));

	make_response(&r, 1, NULL);
	snprintf(r.language, sizeof r.language, "en gb");
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "language"));

	make_response(&r, 1, "\"just a string\"");
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "private answers must be a JSON object"));

	make_response(&r, 1, NULL);
	r.survey_version = 0;
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "'survey_version'"));

	assert_int_equal(depth(q), 0);
	fb_queue_close(q);
}

static void test_put_refusing_broken_private_answers_should_not_quote_the_words_in_the_message(void **state)
{
	fx *f = *state;
	fb_queue *q = open_q(f);
	fb_response r;
	fb_err err = {0};

	/* a quote lost from the words: jansson names the token it stopped at */
	make_response(&r, 1, "{\"better\":\"the nurse\" Ann was rude}");
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "private answers must be a JSON object"));
	assert_null(strstr(err.msg, "Ann"));
	assert_int_equal(depth(q), 0);
	fb_queue_close(q);
}

/* Fault injection: for every SQLite step an operation makes, fail exactly that
 * step once. The operation must report an error (never crash, never leak:
 * ASan/LSan watch), the queue must hold what it held before, and the same
 * operation must then succeed. */
typedef int (*op_fn)(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err);

static int op_put(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err)
{
	fb_response r;
	make_response(&r, 2, "{\"better\":\"more chairs\"}");
	return fb_queue_put(q, &r, err);
}
static int op_take(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err)
{
	fb_batch b;
	int rc = fb_queue_take_batch(q, 100, 1 << 20, &b, err);
	if (rc == 0) {
		assert_int_equal(b.n, 3);
		fb_batch_free(&b);
	} else {
		assert_null(b.items);
		assert_int_equal(b.n, 0);
	}
	return rc;
}
static int op_ack(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err)
{
	const char *a[] = {ids[0], ids[1]};
	return fb_queue_ack(q, a, 2, 1234, err);
}
static int op_quarantine(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err)
{
	return fb_queue_quarantine(q, ids[2], "rejected: test", 99, err);
}
static int op_failure(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err)
{
	const char *a[] = {ids[0], ids[1], ids[2]};
	return fb_queue_note_failure(q, a, 3, "timeout", err);
}
static int op_stats(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err)
{
	fb_queue_stats st;
	return fb_queue_stats_get(q, &st, err);
}
static int visit_nop(void *ctx, const fb_queued *rec) { (*(int *)ctx)++; return 0; }
static int op_each(fb_queue *q, char ids[][FB_ID_LEN], fb_err *err)
{
	int n = 0;
	return fb_queue_each_unsent(q, visit_nop, &n, err);
}

/* What a person would notice: unsent/acked/quarantined counts and attempts. */
static void snapshot(fb_queue *q, char *out, size_t size)
{
	fb_queue_stats st;
	fb_batch b;
	int attempts = 0;
	assert_int_equal(fb_queue_stats_get(q, &st, NULL), 0);
	assert_int_equal(fb_queue_take_batch(q, 100, 1 << 20, &b, NULL), 0);
	for (size_t i = 0; i < b.n; i++)
		attempts += b.items[i].attempts;
	fb_batch_free(&b);
	snprintf(out, size, "d%lld a%lld q%lld t%d", (long long)st.depth,
		 (long long)st.acked, (long long)st.quarantined, attempts);
}

static void fault_each_step(fx *f, op_fn op, const char *name, int kind)
{
	char ids[3][FB_ID_LEN], before[64], after[64];
	int n, steps = 0;

	for (n = 1; n < 100; n++) {
		fb_queue *q;
		fb_err err = {0};
		unlink(f->path);
		q = open_q(f);
		put_n(q, 3, ids);
		snapshot(q, before, sizeof before);
		fb_queue_fault_after(q, n, kind);
		int rc = op(q, ids, &err);
		if (fb_queue_fault_pending(q)) {
			/* op finished in fewer than n steps: all faults covered */
			fb_queue_fault_after(q, 0, 0);
			assert_int_equal(rc, 0);
			fb_queue_close(q);
			break;
		}
		steps++;
		if (rc == 0)
			fail_msg("%s: fault at step %d was not reported", name, n);
		if (kind == FB_QUEUE_FAULT_FULL && op != op_take && op != op_stats && op != op_each)
			assert_int_equal(rc, FB_ERR_FULL);
		assert_true(err.msg[0] != '\0');
		snapshot(q, after, sizeof after);
		if (strcmp(before, after) != 0)
			fail_msg("%s: fault at step %d changed the queue: %s -> %s", name, n,
				 before, after);
		/* and it works once the fault has passed */
		assert_int_equal(op(q, ids, &err), 0);
		fb_queue_close(q);
		/* nothing lost across a reopen either */
		q = open_q(f);
		assert_true(depth(q) >= 1);
		fb_queue_close(q);
	}
	assert_true(steps >= 1);
	print_message("# %s: %d step faults injected, each reported, nothing changed\n",
		      name, steps);
}

static void test_each_failing_sqlite_step_should_be_reported_and_change_nothing(void **state)
{
	fx *f = *state;
	fault_each_step(f, op_put, "put", FB_QUEUE_FAULT_IO);
	fault_each_step(f, op_take, "take_batch", FB_QUEUE_FAULT_IO);
	fault_each_step(f, op_ack, "ack", FB_QUEUE_FAULT_IO);
	fault_each_step(f, op_quarantine, "quarantine", FB_QUEUE_FAULT_IO);
	fault_each_step(f, op_failure, "note_failure", FB_QUEUE_FAULT_IO);
	fault_each_step(f, op_stats, "stats", FB_QUEUE_FAULT_IO);
	fault_each_step(f, op_each, "each_unsent", FB_QUEUE_FAULT_IO);
}

static void test_disk_full_during_put_should_say_so_for_staff_and_keep_earlier_records(void **state)
{
	fx *f = *state;
	fault_each_step(f, op_put, "put (disk full)", FB_QUEUE_FAULT_FULL);
	fault_each_step(f, op_ack, "ack (disk full)", FB_QUEUE_FAULT_FULL);

	fb_queue *q;
	fb_err err = {0};
	fb_response r;
	unlink(f->path);
	q = open_q(f);
	put_n(q, 2, NULL);
	make_response(&r, 1, NULL);
	fb_queue_fault_after(q, 2, FB_QUEUE_FAULT_FULL);
	assert_int_equal(fb_queue_put(q, &r, &err), FB_ERR_FULL);
	assert_non_null(strstr(err.msg, "storage full"));
	assert_non_null(strstr(err.msg, "earlier responses are safe"));
	fb_queue_close(q);
	q = open_q(f);
	assert_int_equal(depth(q), 2);
	fb_queue_close(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_tmpdir_teardown)
		T(test_put_then_take_should_return_records_oldest_first_with_valid_bodies),
		T(test_take_should_stop_at_the_record_and_byte_caps),
		T(test_ack_should_take_records_out_of_the_outbox_and_record_the_time),
		T(test_quarantine_should_keep_the_record_with_its_reason_and_never_send_it_again),
		T(test_note_failure_should_count_attempts_and_keep_the_record_unsent),
		T(test_purge_should_delete_only_records_acked_before_the_time),
		T(test_sealed_comment_should_not_be_readable_in_the_queue_file_but_opens_with_the_trust_key),
		T(test_reopen_after_close_should_keep_every_record_and_state),
		T(test_open_should_migrate_a_version_1_queue_and_keep_its_records),
		T(test_open_should_refuse_a_queue_from_a_newer_version_and_leave_it_in_place),
		T(test_open_should_move_a_file_that_is_not_a_database_aside_and_start_fresh),
		T(test_open_should_move_a_damaged_queue_aside_when_quick_check_fails),
		T(test_a_damaged_page_mid_queue_should_lose_only_its_rows_and_say_which),
		T(test_open_should_move_aside_a_database_that_belongs_to_another_program),
		T(test_open_in_a_missing_directory_should_say_which_and_move_nothing),
		T(test_processes_creating_one_new_queue_at_once_should_never_move_it_aside),
		T(test_put_should_refuse_bad_records_naming_the_field_and_store_nothing),
		T(test_put_refusing_broken_private_answers_should_not_quote_the_words_in_the_message),
		T(test_each_failing_sqlite_step_should_be_reported_and_change_nothing),
		T(test_disk_full_during_put_should_say_so_for_staff_and_keep_earlier_records),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
