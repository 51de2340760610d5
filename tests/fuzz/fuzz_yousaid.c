/* fuzz_yousaid: libFuzzer harness for the "You said, we did" reader
 * (kiosk/yousaid.c, fb_yousaid_parse: the text the file loader reads).
 * Promise under test: whatever the text, every item it keeps is valid UTF-8
 * (the kiosk draws nothing else) within its caps; never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../kiosk/yousaid.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
	size_t n = strnlen(s, FB_YOUSAID_MAX_TEXT + 1);
	if (n == 0 || n > FB_YOUSAID_MAX_TEXT || !fb_utf8_valid(s, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fb_yousaid *y = NULL;
	fb_err err = {0};
	char *text;

	if (size > FB_YOUSAID_MAX_FILE)
		return 0;   /* the loader reads no more */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (fb_yousaid_parse(text, &y, &err) == 0) {
		size_t n = fb_yousaid_count(y);
		if (n > FB_YOUSAID_MAX_ITEMS)
			abort();
		for (size_t i = 0; i < n; i++) {
			check_text(fb_yousaid_get(y, i)->you_said);
			check_text(fb_yousaid_get(y, i)->we_did);
		}
	}
	fb_yousaid_free(y);
	free(text);
	return 0;
}
