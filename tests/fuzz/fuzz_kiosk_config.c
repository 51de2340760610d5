/* fuzz_kiosk_config: libFuzzer harness for the device's config loader
 * (lib/config.c) through its buffer entry point, fb_config_load_text.
 * Promise under test: whatever the text, the loader accepts it or refuses it
 * naming the file; never a crash or an overrun. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fb_config cfg;
	fb_err err = {0};
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (fb_config_load_text("fuzz.conf", "/etc/feedback", text, size, &cfg, &err) != 0 &&
	    strncmp(err.msg, "fuzz.conf", 9) != 0 && strncmp(err.msg, "out of memory", 13) != 0)
		abort();   /* every refusal names the file */
	free(text);
	return 0;
}
