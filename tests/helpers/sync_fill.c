/* sync_fill: puts N synthetic responses into a queue through lib/queue.h, as
 * the kiosk would, for the sync tests and benchmark.
 *   sync_fill QUEUE_DB N [--ids FILE] [--pk BASE64] [--location CODE] [--real 1]
 * --location puts them at CODE (default ward-7); --real 1 makes them real
 * answers (counted on the results pages) instead of synthetic ones. Free text is sealed to --pk (the Trust's public key, as in the config), or
 * to a fresh key when none is given (the fake collector never opens sealed
 * answers). --ids appends each new record's id to FILE, one a line.
 * Prints "queued N" and exits 0, or names what failed and exits 1. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"
#include "seal.h"

int main(int argc, char **argv)
{
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	fb_queue *q = NULL;
	fb_err err = {0};
	FILE *ids = NULL;
	const char *location = "ward-7";
	bool real = false;
	long n, i;
	int rc = 1;

	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: sync_fill QUEUE_DB N [--ids FILE] [--pk BASE64] [--location CODE] [--real 1]\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	if (fb_keypair_generate(pk, sk, &err))
		goto fail;
	for (i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--ids") == 0) {
			ids = fopen(argv[i + 1], "a");
			if (!ids) {
				perror(argv[i + 1]);
				goto out;
			}
		} else if (strcmp(argv[i], "--pk") == 0) {
			if (fb_key_parse_public(argv[i + 1], pk, &err))
				goto fail;
		} else if (strcmp(argv[i], "--location") == 0) {
			location = argv[i + 1];
		} else if (strcmp(argv[i], "--real") == 0) {
			real = strcmp(argv[i + 1], "1") == 0;
		} else {
			fprintf(stderr, "sync_fill: unknown option '%s'\n", argv[i]);
			goto out;
		}
	}
	if (fb_queue_open(&q, argv[1], pk, &err))
		goto fail;
	for (i = 0; i < n; i++) {
		fb_response r;

		memset(&r, 0, sizeof r);
		snprintf(r.survey_id, sizeof r.survey_id, "fft-mh");
		r.survey_version = 3;
		snprintf(r.location, sizeof r.location, "%s", location);
		snprintf(r.language, sizeof r.language, i % 3 ? "en" : "cy");
		r.mode = FB_MODE_KIOSK;
		r.started_at_ms = 1795683600000LL + i * 1000;
		r.duration_ms = 30000 + i % 5000;
		r.flags = real ? 0 : FB_FLAG_SYNTHETIC;
		r.fft = 1 + (int)(i % 6);
		r.answers_json = "{\"felt_safe\":\"yes\",\"staff_kind\":4}";
		r.private_json = i % 4 ? NULL : "{\"good\":\"the nurses listened to me\"}";
		if (fb_queue_put(q, &r, &err))
			goto fail;
		if (ids)
			fprintf(ids, "%s\n", r.id);
	}
	printf("queued %ld\n", n);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "sync_fill: %s\n", err.msg);
out:
	if (ids)
		fclose(ids);
	fb_queue_close(q);
	return rc;
}
