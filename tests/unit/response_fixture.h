/* A response as the kiosk queues one, for the tests of the queue and of
 * what the sync daemon sends (test_queue, test_push). Header-only (static
 * inline); each test binary is one .c file. */
#ifndef FB_TESTS_RESPONSE_FIXTURE_H
#define FB_TESTS_RESPONSE_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "response.h"

/* Fills r afresh: survey fft-mh version 3 on ward-7, in English, at the
 * kiosk, started 2026-11-26 and taking 42 s, with the FFT answer fft and
 * the answers given. private_json (the free text the queue seals) may be
 * NULL. The strings are borrowed, not copied. */
static inline void test_response_fill(fb_response *r, int fft, const char *answers_json,
				      const char *private_json)
{
	memset(r, 0, sizeof *r);
	snprintf(r->survey_id, sizeof r->survey_id, "fft-mh");
	r->survey_version = 3;
	snprintf(r->location, sizeof r->location, "ward-7");
	snprintf(r->language, sizeof r->language, "en");
	r->mode = FB_MODE_KIOSK;
	r->started_at_ms = 1795683600000LL;
	r->duration_ms = 42000;
	r->fft = fft;
	r->answers_json = answers_json;
	r->private_json = private_json;
}

#endif
