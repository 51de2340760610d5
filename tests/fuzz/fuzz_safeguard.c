/* fuzz_safeguard: libFuzzer harness for the safeguarding word lists
 * (collector/safeguard.c): a list's text through coll_safeguard_add_text,
 * the loader a list file goes through, then a comment matched against it.
 * The input is the list, then a NUL byte, then the comment (none without
 * one), as a Trust might write a list and a patient a comment.
 * Promises under test: whatever the bytes, a list is loaded or refused with
 * words, never beyond its caps, and a refused one leaves the list as it was;
 * any comment is matched or flagged without a crash, a leak, or a read out
 * of bounds; an empty list flags only what cannot be folded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/safeguard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUT_MAX (256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > INPUT_MAX)
		return 0;
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t list_len = nul ? (size_t)(nul - text) : size;
	char *comment = NULL;
	if (nul) {
		size_t n = size - list_len - 1;
		comment = malloc(n + 1);
		if (!comment)
			return 0;
		memcpy(comment, nul + 1, n);
		comment[n] = '\0';
	}
	coll_safeguard *sg = coll_safeguard_new();
	fb_err err = {0};
	if (!sg) {
		free(comment);
		return 0;
	}
	/* An empty list first: it flags only what cannot be folded. */
	if (comment && coll_safeguard_match(sg, comment)) {
		size_t n;
		uint8_t *f = coll_safeguard_fold(comment, strlen(comment), &n);
		if (f)
			abort();
	}
	if (coll_safeguard_add_text(sg, "fuzz.txt", text, list_len, &err) == 0) {
		if (coll_safeguard_count(sg) > COLL_SAFEGUARD_MAX_WORDS)
			abort();
	} else {
		if (coll_safeguard_count(sg) != 0 || strnlen(err.msg, sizeof err.msg) == 0)
			abort();                         /* kept what it had (nothing), said why */
	}
	if (comment)
		(void)coll_safeguard_match(sg, comment);
	coll_safeguard_free(sg);
	free(comment);
	return 0;
}
