/* fuzz_collector_config: libFuzzer harness for collector/collector_config.c
 * through its buffer entry point, coll_config_load_text.
 * Promise under test: whatever the text, the loader accepts it or refuses it
 * with "FILE:LINE: ..." or "FILE: ..." words; never a crash or an overrun. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/collector_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	coll_config cfg;
	fb_err err = {0};
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (coll_config_load_text("fuzz.conf", "/etc/feedback", text, size, &cfg, &err) != 0 &&
	    strncmp(err.msg, "fuzz.conf", 9) != 0)
		abort();   /* every refusal names the file */
	free(text);
	return 0;
}
