/* fuzz_gunzip: libFuzzer harness for lib/gz.c's fb_gunzip.
 * Promise under test: whatever the bytes, it returns an error or at most
 * cap bytes, NUL-terminated, and never reads or writes out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL;
	size_t out_len = 0;
	fb_err err = {0};
	const size_t cap = 64 * 1024;

	if (fb_gunzip(data, size, cap, &out, &out_len, &err) == 0) {
		if (out_len > cap || out[out_len] != '\0')
			abort();
	}
	free(out);
	return 0;
}
