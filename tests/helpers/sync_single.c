/* sync_single: the naive way, for the benchmark's comparison: sends N queued
 * records each in its own HTTPS request on a new connection (a fresh libcurl
 * handle, so a fresh TCP and TLS handshake each time), through the same push
 * code as feedback-syncd.
 *   sync_single CONFIG N
 * Prints "sent N in MS ms; per request median MS p99 MS" and exits 0 when
 * every request was answered stored or duplicate. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "queue.h"
#include "../../sync/push.h"
#include "../../sync/transport.h"

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	fb_config cfg;
	fb_err err = {0};
	fb_queue *q = NULL;
	char token[512], qpath[FB_PATH_MAX + 32];
	int64_t *lat = NULL, t0, t;
	long n, i, done = 0;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: sync_single CONFIG N\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	lat = calloc((size_t)(n > 0 ? n : 1), sizeof *lat);
	if (!lat || fb_config_load(argv[1], &cfg, &err) ||
	    fb_config_read_token(&cfg, token, sizeof token, &err))
		goto fail;
	fb_config_data_path(&cfg, FB_QUEUE_FILE, qpath, sizeof qpath);
	if (fb_queue_open(&q, qpath, NULL, &err))
		goto fail;
	t0 = fb_mono_ms();
	for (i = 0; i < n; i++) {
		fb_transport_opts to = {.base_url = cfg.collector_url, .ca_file = cfg.ca_file,
					.pinned_pubkey = cfg.pinned_pubkey, .proxy = cfg.proxy,
					.token = token};
		fb_push_opts po = {.device_id = cfg.device_id, .batch_max_records = 1};
		fb_transport *tr = NULL;
		fb_push *p = NULL;
		fb_push_result res;

		t = fb_mono_ms();
		if (fb_transport_curl_new(&tr, &to, &err) || fb_push_new(&p, q, tr, &po, &err) ||
		    fb_push_batch(p, &res, &err)) {
			fb_push_free(p);
			fb_transport_free(tr);
			goto fail;
		}
		lat[i] = fb_mono_ms() - t;
		fb_push_free(p);
		fb_transport_free(tr);
		if (res.outcome != FB_PUSH_DONE || res.stored + res.duplicate != 1) {
			fprintf(stderr, "sync_single: record %ld: %s %s\n", i,
				fb_push_outcome_name(res.outcome), res.error);
			goto out;
		}
		done++;
	}
	t = fb_mono_ms() - t0;
	qsort(lat, (size_t)n, sizeof *lat, cmp64);
	printf("sent %ld in %" PRId64 " ms; per request median %" PRId64 " ms p99 %" PRId64 " ms\n",
	       done, t, n ? lat[n / 2] : 0, n ? lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] : 0);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "sync_single: %s\n", err.msg);
out:
	fb_queue_close(q);
	free(lat);
	return rc;
}
