/* bench_queue: what the queue costs, beside what SQLite itself costs.
 *  1. Durable put latency: fb_queue_put (seal, validate, BEGIN IMMEDIATE,
 *     INSERT, COMMIT with synchronous=FULL) against a bare SQLite WAL insert
 *     with synchronous=FULL of a row of the same size, interleaved one for one
 *     in the same run so both see the same disk. Target: median within 2x.
 *  2. Reading a batch of 500 records (fb_queue_take_batch). Target: < 2 ms.
 * Files go in $FB_BENCH_DIR, else $TMPDIR, else /tmp (the path is printed:
 * fsync on tmpfs costs nothing, so say where it ran). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "queue.h"
#include "record.h"
#include "seal.h"

#define PUTS 300
#define BATCH 500
#define READS 200
#define TMPFS_MAGIC_ 0x01021994

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

static void fill(fb_response *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->survey_id, sizeof r->survey_id, "fft");
	r->survey_version = 1;
	snprintf(r->location, sizeof r->location, "RXX01-OAK");
	snprintf(r->language, sizeof r->language, "en");
	r->started_at_ms = 1795683600000LL;
	r->duration_ms = 45000;
	r->fft = 1;
	r->answers_json = "{\"age\":\"25-34\",\"gender\":\"woman\"}";
	r->private_json = "{\"do_better\":\"The wait to be seen was long.\","
			  "\"what_was_good\":\"Staff listened to me and explained things.\"}";
}

int main(void)
{
	const char *base = getenv("FB_BENCH_DIR");
	char dir[512], qpath[600], bpath[600], wal[640];
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	fb_queue *q = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	fb_err err = {0};
	double put_ms[PUTS], bare_ms[PUTS], read_ms[READS];
	size_t body_len = 0;
	int rc = 1;
	struct statfs sfs;

	if (!base || !*base)
		base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	snprintf(dir, sizeof dir, "%s/fb-bench-queue.XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(qpath, sizeof qpath, "%s/queue.db", dir);
	snprintf(bpath, sizeof bpath, "%s/bare.db", dir);
	if (fb_keypair_generate(pk, sk, &err) || fb_queue_open(&q, qpath, pk, &err)) {
		fprintf(stderr, "bench_queue: %s\n", err.msg);
		goto out;
	}
	if (sqlite3_open(bpath, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE t (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, body TEXT)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t (id, body) VALUES (?1, ?2)", -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_queue: bare sqlite: %s\n", sqlite3_errmsg(db));
		goto out;
	}

	/* A body as the queue stores it, to give the bare insert the same row. */
	{
		fb_response r;
		fb_batch b;
		fill(&r);
		if (fb_queue_put(q, &r, &err) || fb_queue_take_batch(q, 1, 1 << 20, &b, &err)) {
			fprintf(stderr, "bench_queue: %s\n", err.msg);
			goto out;
		}
		body_len = b.items[0].body_len;
		fb_batch_free(&b);
	}
	char *row = malloc(body_len + 1);
	memset(row, 'x', body_len);
	row[body_len] = '\0';

	for (int i = 0; i < PUTS; i++) {
		fb_response r;
		char id[40];
		double t0;
		fill(&r);
		t0 = now_ms();
		if (fb_queue_put(q, &r, &err)) {
			fprintf(stderr, "bench_queue: %s\n", err.msg);
			free(row);
			goto out;
		}
		put_ms[i] = now_ms() - t0;

		snprintf(id, sizeof id, "bare-%08d", i);
		t0 = now_ms();
		sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, row, (int)body_len, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "bench_queue: bare insert: %s\n", sqlite3_errmsg(db));
			free(row);
			goto out;
		}
		sqlite3_reset(ins);
		bare_ms[i] = now_ms() - t0;
	}
	free(row);

	/* Enough unsent records for full batches (the puts above are some). */
	{
		fb_queue_stats st;
		fb_queue_stats_get(q, &st, &err);
		for (int64_t i = st.depth; i < BATCH + 50; i++) {
			fb_response r;
			fill(&r);
			if (fb_queue_put(q, &r, &err)) {
				fprintf(stderr, "bench_queue: %s\n", err.msg);
				goto out;
			}
		}
	}
	for (int i = 0; i < READS; i++) {
		fb_batch b;
		double t0 = now_ms();
		if (fb_queue_take_batch(q, BATCH, 4 << 20, &b, &err)) {
			fprintf(stderr, "bench_queue: %s\n", err.msg);
			goto out;
		}
		read_ms[i] = now_ms() - t0;
		if (b.n != BATCH) {
			fprintf(stderr, "bench_queue: batch of %zu, wanted %d\n", b.n, BATCH);
			fb_batch_free(&b);
			goto out;
		}
		fb_batch_free(&b);
	}

	double pm = pct(put_ms, PUTS, 0.5), pp = pct(put_ms, PUTS, 0.99);
	double bm = pct(bare_ms, PUTS, 0.5), bp = pct(bare_ms, PUTS, 0.99);
	double rm = pct(read_ms, READS, 0.5), rp = pct(read_ms, READS, 0.99);
	double ratio = bm > 0 ? pm / bm : 0;
	int tmpfs = statfs(dir, &sfs) == 0 && sfs.f_type == TMPFS_MAGIC_;

	printf("queue durable put vs bare SQLite WAL insert (synchronous=FULL), %d each, interleaved\n", PUTS);
	printf("  files in %s%s; row %zu bytes\n", dir,
	       tmpfs ? " (tmpfs: fsync is free here, figures flatter the disk)" : "", body_len);
	printf("  %-34s median %8.3f ms   p99 %8.3f ms\n", "fb_queue_put (seal+validate+commit)", pm, pp);
	printf("  %-34s median %8.3f ms   p99 %8.3f ms\n", "bare sqlite insert", bm, bp);
	printf("  %-34s %8.2fx           target <= 2.00x   %s\n", "ratio of medians", ratio,
	       ratio <= 2.0 ? "MET" : "MISSED");
	printf("  %-34s median %8.3f ms   p99 %8.3f ms   target < 2 ms (median)   %s\n",
	       "take_batch of 500", rm, rp, rm < 2.0 ? "MET" : "MISSED");
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	fb_queue_close(q);
	snprintf(wal, sizeof wal, "%s-wal", qpath);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", qpath);
	unlink(wal);
	unlink(qpath);
	snprintf(wal, sizeof wal, "%s-wal", bpath);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", bpath);
	unlink(wal);
	unlink(bpath);
	rmdir(dir);
	return rc;
}
