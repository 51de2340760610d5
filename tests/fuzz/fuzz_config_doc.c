/* fuzz_config_doc: libFuzzer harness for the device's config as the Trust
 * sets it (GET /v1/config's body, lib/proto_config.c), read on the device.
 * Promises under test: whatever the bytes, a document is read or refused
 * with words; one that is read writes back (the collector can send what a
 * device takes), and what it writes reads back to the same bytes and the
 * same ETag however often it goes round; never a crash, a leak or a read
 * out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fb_proto_config c, again;
	char etag[FB_PROTO_ETAG_LEN + 1], etag2[FB_PROTO_ETAG_LEN + 1], etag3[FB_PROTO_ETAG_LEN + 1];
	fb_err err = {0};
	if (size > FB_PROTO_CONFIG_BODY_MAX)
		return 0;
	if (fb_proto_config_read((const char *)data, size, &c, etag, &err) != 0) {
		if (strnlen(err.msg, sizeof err.msg) == 0)
			abort();                          /* a refusal names the key */
		return 0;
	}
	char *body = fb_proto_config_write(&c, etag2, &err);
	if (!body)
		abort();                                  /* read, so it must write */
	if (fb_proto_config_read(body, strlen(body), &again, etag3, &err) != 0 ||
	    strcmp(etag2, etag3) != 0)
		abort();
	char *body2 = fb_proto_config_write(&again, etag3, &err);
	if (!body2 || strcmp(body, body2) != 0 || strcmp(etag2, etag3) != 0)
		abort();
	free(body2);
	free(body);
	fb_proto_config_clear(&again);
	fb_proto_config_clear(&c);
	return 0;
}
