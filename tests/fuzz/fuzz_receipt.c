/* fuzz_receipt: libFuzzer harness for the receipt import on the device
 * (feedback-queue import-receipt: lib/receipt.c's fb_receipt_read and
 * fb_receipt_apply, after the tool's gunzip when the bytes start with the
 * gzip magic), on a real queue: each input gets a fresh copy, in a scratch
 * directory, of a queue made once with four records (removed at exit; left
 * after a crash, for a look). Their ids are random, so the input names them
 * "@0" to "@3" and the harness puts the real ids in their place.
 * Promises under test: whatever the bytes, a receipt is refused before the
 * queue is touched, or applied without a queue error; an applied one counts
 * each result once (acknowledged, quarantined or skipped), and moves out of
 * the unsent queue no more records than it acknowledged and quarantined,
 * each into one state; never a crash, a leak, or a read out of bounds. The
 * device is kiosk-fuzz. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "gz.h"
#include "queue.h"
#include "receipt.h"
#include "seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N_RECORDS 4
#define RECEIPT_CAP (1024 * 1024)

static char dir[] = "/tmp/fb-fuzz-receipt.XXXXXX";
static char template_path[64], work_path[64];
static char ids[N_RECORDS][FB_ID_LEN];

static void remove_queue(const char *path)
{
	const char *ext[] = {"", "-wal", "-shm", "-journal"};
	char p[80];
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, ext[i]);
		unlink(p);
	}
}

static void fuzz_teardown(void)
{
	remove_queue(template_path);
	remove_queue(work_path);
	rmdir(dir);
}

static void fuzz_setup(void)
{
	unsigned char pk[FB_KEY_BYTES];
	fb_queue *q = NULL;
	fb_err err = {0};

	memset(pk, 0x42, sizeof pk);
	if (!mkdtemp(dir))
		abort();
	snprintf(template_path, sizeof template_path, "%s/template.db", dir);
	snprintf(work_path, sizeof work_path, "%s/queue.db", dir);
	atexit(fuzz_teardown);
	if (fb_queue_open(&q, template_path, pk, &err))
		goto fail;
	for (int i = 0; i < N_RECORDS; i++) {
		fb_response r = {.survey_version = 1, .mode = FB_MODE_KIOSK, .fft = 1 + i,
				 .started_at_ms = 1795683600000LL, .duration_ms = 30000,
				 .answers_json = "{\"felt_safe\":\"yes\"}",
				 .private_json = i == 0 ? "{\"what_was_good\":\"kind\"}" : NULL};
		snprintf(r.survey_id, sizeof r.survey_id, "fft-mh");
		snprintf(r.location, sizeof r.location, "WARD1");
		snprintf(r.language, sizeof r.language, "en");
		if (fb_queue_put(q, &r, &err))
			goto fail;
		memcpy(ids[i], r.id, FB_ID_LEN);
	}
	fb_queue_close(q);   /* checkpoints: the template is one file */
	return;
fail:
	fprintf(stderr, "fuzz_receipt: set-up failed: %s\n", err.msg);
	abort();
}

/* A fresh copy of the template queue at work_path. */
static void queue_fresh(void)
{
	char buf[8192];
	ssize_t n;
	int in = open(template_path, O_RDONLY), out;

	remove_queue(work_path);
	out = open(work_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || out < 0)
		abort();
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			abort();
	close(in);
	close(out);
}

/* data with "@0".."@3" replaced by the records' ids (malloc'd). */
static char *with_ids(const uint8_t *data, size_t size, size_t *len)
{
	char *s = malloc(size * (FB_ID_LEN / 2) + 1), *o = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < size; i++) {
		if (data[i] == '@' && i + 1 < size && data[i + 1] >= '0' &&
		    data[i + 1] < '0' + N_RECORDS) {
			size_t n = strlen(ids[data[i + 1] - '0']);
			memcpy(o, ids[data[i + 1] - '0'], n);
			o += n;
			i++;
		} else {
			*o++ = (char)data[i];
		}
	}
	*o = '\0';
	*len = (size_t)(o - s);
	return s;
}

static fb_queue_stats stats_of(fb_queue *q)
{
	fb_queue_stats s;
	fb_err err = {0};
	if (fb_queue_stats_get(q, &s, &err))
		abort();
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = NULL, *text = NULL;
	size_t raw_len = 0, len = 0;
	fb_proto_answer *receipt = NULL;
	fb_receipt_counts n;
	fb_queue *q = NULL;
	fb_err err = {0};

	if (!ids[0][0])
		fuzz_setup();
	if (size > RECEIPT_CAP)
		return 0;
	raw = with_ids(data, size, &raw_len);
	if (!raw)
		return 0;
	if (raw_len >= 2 && (unsigned char)raw[0] == 0x1f && (unsigned char)raw[1] == 0x8b) {
		if (fb_gunzip(raw, raw_len, RECEIPT_CAP, &text, &len, &err))
			goto out;   /* the tool says the file is not valid gzip */
	} else {
		text = raw;
		len = raw_len;
		raw = NULL;
	}
	if (fb_receipt_read(text, len, "fuzz.receipt.json", "kiosk-fuzz", &receipt, &err)) {
		if (receipt || !err.msg[0])
			abort();
		goto out;   /* refused before the queue is opened, as by the tool */
	}
	queue_fresh();
	if (fb_queue_open(&q, work_path, NULL, &err))
		goto broken;
	fb_queue_stats before = stats_of(q);
	if (fb_receipt_apply(q, receipt, fb_wall_ms(), &n, &err))
		goto broken;
	fb_queue_stats after = stats_of(q);
	if (n.acked < 0 || n.quarantined < 0 || n.skipped < 0 ||
	    (size_t)(n.acked + n.quarantined + n.skipped) != fb_proto_answer_count(receipt) ||
	    after.depth > before.depth || after.depth < before.depth - (n.acked + n.quarantined) ||
	    after.acked + after.quarantined + after.depth != before.depth)
		abort();
	goto out;
broken:
	fprintf(stderr, "fuzz_receipt: the queue failed: %s\n", err.msg);
	abort();
out:
	fb_queue_close(q);
	fb_proto_answer_free(receipt);
	free(text);
	free(raw);
	return 0;
}
