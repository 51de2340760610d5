/* fuzz_replay: libFuzzer harness for the kiosk's replay script parser
 * (kiosk/replay.c, fb_replay_parse: the text fb_replay_load reads).
 * Promise under test: whatever the text, a script that loads holds at most
 * FB_REPLAY_MAX_COMMANDS commands, each a known one with the arguments its
 * op needs, in range; a refusal names the line; never a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../kiosk/replay.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_cmd(const fb_replay_cmd *c)
{
	switch (c->op) {
	case FB_REPLAY_TAP_WIDGET:
	case FB_REPLAY_TYPE:
	case FB_REPLAY_EXPECT:
	case FB_REPLAY_SCREENSHOT:
		if (!c->arg || !c->arg[0])
			abort();
		break;
	case FB_REPLAY_TAP_XY:
	case FB_REPLAY_PRESS:
		if (c->x < 0 || c->y < 0 || c->x > 100000 || c->y > 100000)
			abort();
		if (c->op == FB_REPLAY_PRESS && (c->ms < 0 || c->ms > FB_REPLAY_MAX_WAIT_MS))
			abort();
		break;
	case FB_REPLAY_KEY:
		if (strcmp(fb_replay_key_name(c->key), "?") == 0)
			abort();
		break;
	case FB_REPLAY_WAIT:
		if (c->ms < 0 || c->ms > FB_REPLAY_MAX_WAIT_MS)
			abort();
		break;
	case FB_REPLAY_SLEEP:
		if (c->ms < 0 || c->ms > FB_REPLAY_MAX_SLEEP_MS)
			abort();
		break;
	default:
		abort();
	}
	if (c->line < 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fb_replay *r = NULL;
	fb_err err = {0};
	char *text;

	if (size > 1024 * 1024)
		return 0;   /* more lines add nothing a shorter script lacks */
	text = malloc(size + 1);   /* the loader's text is one C string (fb_read_text_file) */
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (fb_replay_parse(text, "fuzz.replay", &r, &err) == 0) {
		size_t n = fb_replay_count(r);
		if (n > FB_REPLAY_MAX_COMMANDS || fb_replay_get(r, n))
			abort();
		for (size_t i = 0; i < n; i++)
			check_cmd(fb_replay_get(r, i));
	} else if (r || strncmp(err.msg, "fuzz.replay", 11) != 0) {
		abort();   /* a refusal names the script, and keeps nothing */
	}
	fb_replay_free(r);
	free(text);
	return 0;
}
