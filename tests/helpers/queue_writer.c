/* queue_writer: a small program the queue's integration tests drive, standing
 * in for the kiosk (writer), the sync daemon (reader) and an inspector.
 *
 *   queue_writer write PATH PUBKEY_B64 [N [SECONDS]]
 *       puts N records (0 = until SECONDS pass, or forever when SECONDS is 0
 *       too), printing "PUT <id>" after each put has returned, flushed. On
 *       failure prints "FAIL <code name>: <message>" to stderr and exits 3
 *       (disk full) or 1.
 *   queue_writer read PATH SECONDS
 *       takes batches of up to 50 and acks them, printing "ACK <id>", for
 *       SECONDS, then drains what is left (bounded: 15 s more), then exits.
 *   queue_writer keygen PUBLIC_FILE SECRET_FILE
 *       writes a throwaway Trust keypair and prints the public key's base64.
 *   queue_writer check PATH
 *       opens the queue read-only (no key), checks every unsent record's
 *       body parses and validates with its id, prints "HAVE <id>" for each
 *       and a summary line "records N invalid N depth N acked N".
 *
 * Environment: QW_FSIZE=BYTES sets RLIMIT_FSIZE (with SIGXFSZ ignored), the
 * fall-back way to make a "full disk" when tmpfs cannot be mounted.
 * QW_PAUSE_MS=N makes write sleep N ms (boot clock) after each put, the pace
 * of a busy ward rather than of a loop (sync_clock_jump moves the clock
 * between puts). */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "queue.h"
#include "record.h"
#include "seal.h"

static const char *const comments[] = {
	"{\"good\":\"staff listened to me\"}",
	"{\"better\":\"the wait was long\",\"good\":\"kind\"}",
	"{\"better\":\"more activities on the ward please\"}",
};

static void fill(fb_response *r, unsigned i)
{
	memset(r, 0, sizeof *r);
	snprintf(r->survey_id, sizeof r->survey_id, "fft-mh");
	r->survey_version = 1;
	snprintf(r->location, sizeof r->location, "ward-7");
	snprintf(r->language, sizeof r->language, "en");
	r->started_at_ms = fb_wall_ms() - 30000;
	r->duration_ms = 30000;
	r->fft = 1 + (int)(i % 6);
	r->answers_json = "{\"q_staff\":4,\"q_safe\":\"yes\"}";
	r->private_json = i % 3 == 0 ? NULL : comments[i % 3];
}

static int do_write(const char *path, const char *pk_b64, long n, double seconds)
{
	unsigned char pk[FB_KEY_BYTES];
	fb_queue *q = NULL;
	fb_err err = {0};
	int rc = 0;
	int64_t end = fb_mono_ms() + (int64_t)(seconds * 1000);
	const char *pause = getenv("QW_PAUSE_MS");
	long pause_ms = pause ? strtol(pause, NULL, 10) : 0;

	rc = fb_key_parse_public(pk_b64, pk, &err);
	if (rc == 0)
		rc = fb_queue_open(&q, path, pk, &err);
	if (rc)
		goto out;
	if (fb_queue_moved_aside(q))
		printf("MOVED %s\n", fb_queue_moved_aside(q));
	for (long i = 0; n == 0 || i < n; i++) {
		fb_response r;
		if (n == 0 && seconds > 0 && fb_mono_ms() >= end)
			break;
		fill(&r, (unsigned)i);
		rc = fb_queue_put(q, &r, &err);
		if (rc)
			goto out;
		printf("PUT %s\n", r.id);
		fflush(stdout);
		if (pause_ms > 0) {
			struct timespec ts = {pause_ms / 1000, (pause_ms % 1000) * 1000000L};
			clock_nanosleep(CLOCK_BOOTTIME, 0, &ts, NULL);
		}
	}
out:
	if (rc)
		fprintf(stderr, "FAIL %s: %s\n", fb_code_name((fb_code)rc), err.msg);
	fb_queue_close(q);
	return rc == 0 ? 0 : rc == FB_ERR_FULL ? 3 : 1;
}

static int do_read(const char *path, double seconds)
{
	fb_queue *q = NULL;
	fb_err err = {0};
	int rc;
	int64_t start = fb_mono_ms();
	int64_t end = start + (int64_t)(seconds * 1000);
	int64_t hard_end = end + 15000;

	rc = fb_queue_open(&q, path, NULL, &err);
	if (rc)
		goto out;
	for (;;) {
		fb_batch b;
		int64_t now = fb_mono_ms();
		if (now >= hard_end)
			break;
		rc = fb_queue_take_batch(q, 50, 1 << 20, &b, &err);
		if (rc)
			goto out;
		if (b.n == 0 && now >= end)
			break;
		const char *ids[50];
		for (size_t i = 0; i < b.n; i++)
			ids[i] = b.items[i].id;
		rc = fb_queue_ack(q, ids, b.n, fb_wall_ms(), &err);
		if (rc == 0)
			for (size_t i = 0; i < b.n; i++)
				printf("ACK %s\n", ids[i]);
		fflush(stdout);
		size_t got = b.n;
		fb_batch_free(&b);
		if (rc)
			goto out;
		if (got == 0) {
			struct timespec ts = {0, 2 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
out:
	if (rc)
		fprintf(stderr, "FAIL %s: %s\n", fb_code_name((fb_code)rc), err.msg);
	fb_queue_close(q);
	return rc ? 1 : 0;
}

struct check_ctx {
	long records;
	long invalid;
};

static int check_one(void *vctx, const fb_queued *rec)
{
	struct check_ctx *c = vctx;
	json_error_t jerr;
	fb_record_in in;
	fb_err err = {0};
	json_t *o = json_loads(rec->body, 0, &jerr);

	c->records++;
	if (!o || fb_record_from_json(o, &in, &err) != 0 || strcmp(in.id, rec->id) != 0) {
		c->invalid++;
		printf("BAD %s %s\n", rec->id, o ? err.msg : jerr.text);
	} else {
		printf("HAVE %s\n", rec->id);
	}
	json_decref(o);
	return 0;
}

static int do_check(const char *path)
{
	fb_queue *q = NULL;
	fb_err err = {0};
	fb_queue_stats st = {0};
	struct check_ctx c = {0};
	int rc;

	rc = fb_queue_open(&q, path, NULL, &err);
	if (rc == 0 && fb_queue_moved_aside(q))
		printf("MOVED %s\n", fb_queue_moved_aside(q));
	if (rc == 0)
		rc = fb_queue_each_unsent(q, check_one, &c, &err);
	if (rc == 0)
		rc = fb_queue_stats_get(q, &st, &err);
	if (rc)
		fprintf(stderr, "FAIL %s: %s\n", fb_code_name((fb_code)rc), err.msg);
	else
		printf("records %ld invalid %ld depth %lld acked %lld\n", c.records, c.invalid,
		       (long long)st.depth, (long long)st.acked);
	fb_queue_close(q);
	return rc || c.invalid ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *fsize = getenv("QW_FSIZE");
	if (fsize && *fsize) {
		struct rlimit rl;
		rl.rlim_cur = rl.rlim_max = (rlim_t)strtoull(fsize, NULL, 10);
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0) {
			perror("setrlimit");
			return 2;
		}
	}
	if (argc >= 4 && strcmp(argv[1], "write") == 0)
		return do_write(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 0,
				argc > 5 ? atof(argv[5]) : 0);
	if (argc == 4 && strcmp(argv[1], "read") == 0)
		return do_read(argv[2], atof(argv[3]));
	if (argc == 4 && strcmp(argv[1], "keygen") == 0) {
		char b64[FB_KEY_B64_LEN];
		fb_err err = {0};
		if (fb_keypair_write(argv[2], argv[3], b64, sizeof b64, &err) != 0) {
			fprintf(stderr, "FAIL %s\n", err.msg);
			return 1;
		}
		printf("%s\n", b64);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "check") == 0)
		return do_check(argv[2]);
	fprintf(stderr, "usage: queue_writer write PATH PUBKEY_B64 [N [SECONDS]]\n"
		"       queue_writer read PATH SECONDS\n"
		"       queue_writer keygen PUBLIC_FILE SECRET_FILE\n"
		"       queue_writer check PATH\n");
	return 2;
}
