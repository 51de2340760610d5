/* fuzz_survey: libFuzzer harness for the survey loader (lib/survey.c,
 * fb_survey_parse: the text fb_survey_load reads).
 * Promise under test: whatever the text, the loader returns a survey or a
 * refusal naming "fuzz.json:LINE:COLUMN" or the file, in bounded time (a
 * 77-byte file once hung it at 100% CPU: libFuzzer's -timeout catches a
 * hang); never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fb_survey *s = NULL;
	fb_err err = {0};
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (fb_survey_parse(text, "fuzz.json", &s, &err) == 0) {
		if (!s)
			abort();
	} else if (s || strstr(err.msg, "fuzz.json") == NULL) {
		abort();
	}
	fb_survey_free(s);
	free(text);
	return 0;
}
