/* fuzz_bundle: libFuzzer harness for the USB bundle import
 * (collector/ingest.h's coll_ingest_bundle, which reads with lib/protocol.c's
 * fb_proto_bundle_scan and stores in chunks), on a real SQLite store in a
 * scratch directory (removed at exit; left after a crash, for a look) with
 * one enrolled device, kiosk-fuzz at WARD1.
 * Promise under test: whatever the (already gunzipped) bytes, the import
 * refuses them with a message, or stores them and answers every record once
 * in a receipt that is fb-receipt/1 JSON; never a crash, a leak or a read
 * out of bounds. The Trust's secret key is fixed (32 bytes of 0x42) so seeds
 * can carry sealed answers it opens. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/ingest.h"
#include "../../collector/safeguard.h"
#include "../../collector/store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static coll_store *st;
static coll_safeguard *sg;
static coll_ingest *ig;
static char dir[] = "/tmp/fb-fuzz-bundle.XXXXXX";

/* At exit (libFuzzer's, or the replay's): the scratch store goes. */
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
	fb_err err = {0};

	memset(sk, 0x42, sizeof sk);
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/c.db", dir);
	sg = coll_safeguard_new();
	if (coll_store_open_sqlite(path, &st, &err) ||
	    coll_store_location_add(st, "WARD1", "Willow", "willow", &err) ||
	    coll_store_device_add(st, "kiosk-fuzz", (const char *[]){"WARD1"}, 1, hash, 0, &err) ||
	    !sg || coll_ingest_new(st, sk, sg, 500, &ig, &err)) {
		fprintf(stderr, "fuzz_bundle: set-up failed: %s\n", err.msg);
		abort();
	}
	atexit(fuzz_teardown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body, *receipt = NULL;
	int counts[4] = {0};
	fb_err err = {0};

	if (!ig)
		fuzz_setup();
	body = malloc(size + 1);   /* the import's body is NUL-terminated (fb_read_file) */
	if (!body)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	if (coll_ingest_bundle(ig, body, size, 1795683600000LL, &receipt, counts, NULL, &err) == 0) {
		json_t *r = json_loads(receipt, 0, NULL);
		size_t n = (size_t)counts[0] + counts[1] + counts[2] + counts[3];
		if (!r || json_array_size(json_object_get(r, "results")) != n)
			abort();
		json_decref(r);
	} else if (receipt || err.msg[0] == '\0') {
		abort();   /* a refusal says why, and writes no receipt */
	}
	free(receipt);
	free(body);
	return 0;
}
