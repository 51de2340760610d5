/* fuzz_push: libFuzzer harness for the push ingest, as the HTTPS layer
 * (collector/server.c) hands a body over: gunzipped when it starts with the
 * gzip magic (fb_gunzip under max_body_bytes, as Content-Encoding: gzip
 * is), then coll_ingest_responses and coll_ingest_heartbeat
 * (collector/ingest.c, which reads with lib/protocol.c and lib/record.c),
 * from a fake device, kiosk-fuzz, enrolled for WARD1 and WARD3 but not
 * WARD2, on a real SQLite store in a scratch directory (removed at exit;
 * left after a crash, for a look). No network: the device is taken as
 * authenticated, as the server does once its token matched.
 * Promises under test: whatever the bytes, each reply is fb-sync/1 JSON
 * with a 2xx or 4xx status (a 5xx would say the store broke on a body it
 * should have refused); a 200 to a batch answers each record once; never
 * a crash, a leak or a read past the body. The Trust's secret key is fixed
 * (32 bytes of 0x42), as fuzz_bundle's. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gz.h"
#include "../../collector/collector_config.h"
#include "../../collector/ingest.h"
#include "../../collector/safeguard.h"
#include "../../collector/store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static coll_store *st;
static coll_safeguard *sg;
static coll_ingest *ig;
static coll_store_device dev;
static size_t body_max;
static char dir[] = "/tmp/fb-fuzz-push.XXXXXX";

static void fuzz_teardown(void)
{
	const char *files[] = {"c.db", "c.db-wal", "c.db-shm", "c.db-journal"};
	char path[64];

	coll_ingest_free(ig);
	coll_safeguard_free(sg);
	coll_store_close(st);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void fuzz_setup(void)
{
	char path[64];
	unsigned char sk[32], hash[COLL_STORE_HASH_LEN] = {0};
	coll_config cfg;
	fb_err err = {0};

	memset(sk, 0x42, sizeof sk);
	coll_config_defaults(&cfg);
	body_max = cfg.max_body_bytes;
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/c.db", dir);
	sg = coll_safeguard_new();
	if (coll_store_open_sqlite(path, &st, &err) ||
	    coll_store_location_add(st, "WARD1", "Willow", "willow", &err) ||
	    coll_store_location_add(st, "WARD2", "Oak", "oak", &err) ||
	    coll_store_location_add(st, "WARD3", "Ash", "willow", &err) ||
	    coll_store_device_add(st, "kiosk-fuzz", (const char *[]){"WARD1", "WARD3"}, 2, hash, 0,
				  &err) ||
	    coll_store_device_get(st, "kiosk-fuzz", &dev, &err) ||
	    !sg || coll_ingest_new(st, sk, sg, cfg.batch_max_records, &ig, &err)) {
		fprintf(stderr, "fuzz_push: set-up failed: %s\n", err.msg);
		abort();
	}
	atexit(fuzz_teardown);
}

/* A reply the device can read: the marker, and a status it acts on. */
static json_t *check_reply(const coll_ingest_reply *rep)
{
	json_t *r;

	if (rep->status < 200 || rep->status >= 500 || !rep->body)
		abort();
	r = json_loads(rep->body, 0, NULL);
	const char *marker = json_string_value(json_object_get(r, "protocol"));
	if (!marker || strcmp(marker, FB_PROTOCOL) != 0)
		abort();
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *plain = NULL, *body = NULL;
	size_t len = size;
	coll_ingest_reply rep;
	fb_err err = {0};
	const int64_t now = 1795683600000LL;

	if (!ig)
		fuzz_setup();
	if (size > body_max)
		return 0;   /* refused 413 before it is read */
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		if (fb_gunzip(data, size, body_max, &plain, &len, &err))
			return 0;   /* 400 or 413, nothing read */
		body = plain;
	} else {
		body = malloc(size ? size : 1);   /* exactly the body: a read past it is caught */
		if (!body)
			return 0;
		memcpy(body, data, size);
	}

	coll_ingest_responses(ig, &dev, body, len, now, &rep);
	json_t *r = check_reply(&rep);
	if (rep.status == 200) {
		json_t *req = json_loadb(body, len, 0, NULL);
		if (json_array_size(json_object_get(r, "results")) !=
		    json_array_size(json_object_get(req, "records")))
			abort();
		json_decref(req);
	}
	json_decref(r);
	coll_ingest_reply_clear(&rep);

	coll_ingest_heartbeat(ig, &dev, body, len, now, &rep);
	json_decref(check_reply(&rep));
	coll_ingest_reply_clear(&rep);
	free(body);
	return 0;
}
