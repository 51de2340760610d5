/* fuzz_form: libFuzzer harness for the results pages' request parsers
 * (collector/web/form.c: coll_web_cookie_get on a Cookie header,
 * coll_web_form_get on a form body). The input is split at its first NUL:
 * the Cookie header before it, the form body after it.
 * Promises under test: whatever the bytes, neither reads past its NUL or
 * writes past out; after coll_web_form_get, out is a C string whatever the
 * answer, and empty unless the field was found (a caller never shows part
 * of a refused field); a cookie found is non-empty, fits, holds no ';' and
 * no trailing blank (a leading one is the sender's: it only fails to
 * match); a field found fits and, written back %-encoded, reads back the
 * same. Each is asked for the names the pages use, into the buffer sizes
 * they use (64 for tokens, 257 for a password) and a tight one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fb_err.h"
#include "../../collector/web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const cookies[] = {"fb_session", "fb_login", "a"};
static const char *const fields[] = {"csrf", "user", "password", "id", "back", "note", "a"};
static const size_t sizes[] = {1, 2, 8, 64, 257};

static void check_cookie(const char *header, const char *name, size_t size)
{
	char *out = malloc(size);   /* exactly size: a write past it is caught */
	if (!out)
		return;
	if (coll_web_cookie_get(header, name, out, size)) {
		size_t n = strnlen(out, size);
		if (n == 0 || n >= size || strchr(out, ';') || out[n - 1] == ' ')
			abort();
	}
	free(out);
}

static void check_field(const char *body, const char *name, size_t size)
{
	char *out = malloc(size), *again = malloc(size), *enc = NULL;
	int rc;

	if (!out || !again)
		goto out;
	memset(out, 'x', size);   /* what a caller's buffer held before */
	rc = coll_web_form_get(body, name, out, size);
	if (rc != 0 && rc != FB_ERR_NOTFOUND && rc != FB_ERR_INVALID)
		abort();
	size_t n = strnlen(out, size);
	if (n >= size || (rc != 0 && n != 0))
		abort();
	if (rc != 0)
		goto out;
	enc = malloc(strlen(name) + 2 + 3 * n);
	if (!enc)
		goto out;
	char *e = enc + sprintf(enc, "%s=", name);
	for (size_t i = 0; i < n; i++)
		e += sprintf(e, "%%%02X", (unsigned char)out[i]);
	if (coll_web_form_get(enc, name, again, size) != 0 || strcmp(out, again) != 0)
		abort();
out:
	free(enc);
	free(again);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);   /* both parts are C strings, as the server's are */
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *header = text;
	const char *body = text + strlen(text) + (strlen(text) < size);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		for (size_t i = 0; i < sizeof cookies / sizeof cookies[0]; i++)
			check_cookie(header, cookies[i], sizes[s]);
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			check_field(body, fields[i], sizes[s]);
	}
	check_cookie(NULL, "fb_session", 64);
	check_field(NULL, "csrf", 64);
	free(text);
	return 0;
}
