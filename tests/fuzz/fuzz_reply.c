/* fuzz_reply: libFuzzer harness for what the device reads back from the
 * collector (lib/protocol.c): a push's or heartbeat's reply
 * (fb_proto_reply_read and every result in it) and an enrolment's answer
 * (fb_proto_enrol_answer). The first byte says whether the protocol's
 * marker header came (bit 0); the rest is the body, as a proxy, a Wi-Fi
 * login page or a broken collector might send it.
 * Promises under test: whatever the bytes, an answer is read or refused;
 * a read answer has no more results than the body could hold, each with an
 * outcome the device knows how to act on and strings it can print; an
 * enrolment answer that is taken gives a token and names that fit their
 * buffers, the names whole UTF-8 (the staff screen draws them), and a
 * refused one says why; never a crash, a leak or a read out of bounds. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BODY_MAX (1024 * 1024)      /* FB_REPLY_MAX_BYTES: the transport reads no more */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size - 1 > BODY_MAX)
		return 0;
	bool marker = data[0] & 1;
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	fb_proto_answer *a = fb_proto_reply_read(marker, body, len);
	if (a) {
		if (!marker)
			abort();                         /* no marker, no answer */
		size_t n = fb_proto_answer_count(a);
		if (n > len)
			abort();
		const char *why = fb_proto_answer_error(a);
		if (why)
			(void)strlen(why);
		for (size_t i = 0; i < n; i++) {
			fb_proto_result r;
			fb_proto_answer_result(a, i, &r);
			(void)fb_proto_outcome_fate(r.outcome);
			if (r.id)
				(void)strlen(r.id);
			if (r.reason)
				(void)strlen(r.reason);
			if (!r.id && r.index < -1)
				abort();
		}
		fb_proto_answer_free(a);
	}
	char token[128], names[256];
	fb_err err = {0};
	if (fb_proto_enrol_answer(marker, body, len, token, sizeof token, names, sizeof names,
				  &err) == 0) {
		size_t nl = strnlen(names, sizeof names);
		if (!marker || strnlen(token, sizeof token) == sizeof token || token[0] == '\0' ||
		    nl == sizeof names || !fb_utf8_valid(names, nl))
			abort();                         /* the staff screen draws the names */
	} else if (strnlen(err.msg, sizeof err.msg) == 0) {
		abort();                                 /* a refusal says why */
	}
	return 0;
}
