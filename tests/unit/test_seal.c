/* Unit tests for lib/seal: sealed boxes and the Trust's key files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal.h"
#include "tmpdir.h"

typedef struct fx {
	char dir[64];
	char pub[128];
	char sec[128];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	if (!f || test_tmpdir_make(f->dir, sizeof f->dir, "seal") != 0)
		return -1;
	snprintf(f->pub, sizeof f->pub, "%s/trust.pub", f->dir);
	snprintf(f->sec, sizeof f->sec, "%s/trust.key", f->dir);
	*state = f;
	return 0;
}

static void test_sealed_text_should_open_only_with_the_matching_secret_key(void **state)
{
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES], pk2[FB_KEY_BYTES], sk2[FB_KEY_BYTES];
	const char *msg = "{\"better\":\"the waiting room was cold\"}";
	char *b64 = NULL, *plain = NULL;
	size_t len = 0;
	fb_err err = {0};

	assert_int_equal(fb_keypair_generate(pk, sk, &err), 0);
	assert_int_equal(fb_keypair_generate(pk2, sk2, &err), 0);
	assert_int_equal(fb_seal(pk, msg, strlen(msg), &b64, &err), 0);
	assert_null(strstr(b64, "cold"));
	assert_int_equal(strspn(b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
			 strlen(b64));

	assert_int_equal(fb_seal_open(pk, sk, b64, &plain, &len, &err), 0);
	assert_int_equal(len, strlen(msg));
	assert_string_equal(plain, msg);
	free(plain);

	assert_int_equal(fb_seal_open(pk2, sk2, b64, &plain, &len, &err), FB_ERR_CRYPTO);
	assert_null(plain);
	assert_non_null(strstr(err.msg, "secret key"));
	assert_int_equal(fb_seal_open(pk, sk, "not base64 at all!", &plain, &len, &err), FB_ERR_CRYPTO);
	b64[10] = b64[10] == 'A' ? 'B' : 'A';   /* one damaged character */
	assert_int_equal(fb_seal_open(pk, sk, b64, &plain, &len, &err), FB_ERR_CRYPTO);
	free(b64);
}

static void test_seal_should_refuse_text_over_the_cap(void **state)
{
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	char *big = calloc(1, FB_SEAL_MAX_PLAIN + 2), *b64 = NULL;
	fb_err err = {0};
	memset(big, 'x', FB_SEAL_MAX_PLAIN + 1);
	assert_int_equal(fb_keypair_generate(pk, sk, &err), 0);
	assert_int_equal(fb_seal(pk, big, FB_SEAL_MAX_PLAIN + 1, &b64, &err), FB_ERR_INVALID);
	assert_null(b64);
	assert_int_equal(fb_seal(pk, big, FB_SEAL_MAX_PLAIN, &b64, &err), 0);
	free(b64);
	free(big);
}

static void test_keypair_write_should_make_a_0600_secret_file_that_reads_back(void **state)
{
	fx *f = *state;
	char b64[FB_KEY_B64_LEN];
	unsigned char pk[FB_KEY_BYTES], pk2[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	struct stat st;
	fb_err err = {0};
	char *box = NULL, *plain = NULL;

	assert_int_equal(fb_keypair_write(f->pub, f->sec, b64, sizeof b64, &err), 0);
	assert_int_equal(strlen(b64), 44);
	assert_int_equal(stat(f->sec, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(fb_key_parse_public(b64, pk, &err), 0);
	assert_int_equal(fb_key_read_public(f->pub, pk2, &err), 0);
	assert_memory_equal(pk, pk2, FB_KEY_BYTES);
	assert_int_equal(fb_key_read_secret(f->sec, sk, &err), 0);
	assert_int_equal(fb_seal(pk, "hello", 5, &box, &err), 0);
	assert_int_equal(fb_seal_open(pk, sk, box, &plain, NULL, &err), 0);
	assert_string_equal(plain, "hello");
	free(box);
	free(plain);

	/* never overwrites an existing secret key */
	assert_int_equal(fb_keypair_write(f->pub, f->sec, NULL, 0, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "move the old key away"));
}

static void test_read_secret_should_refuse_a_file_others_can_read_and_say_how_to_fix_it(void **state)
{
	fx *f = *state;
	unsigned char sk[FB_KEY_BYTES];
	fb_err err = {0};

	assert_int_equal(fb_keypair_write(f->pub, f->sec, NULL, 0, &err), 0);
	assert_int_equal(chmod(f->sec, 0644), 0);
	assert_int_equal(fb_key_read_secret(f->sec, sk, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_int_equal(chmod(f->sec, 0640), 0);
	assert_int_equal(fb_key_read_secret(f->sec, sk, &err), FB_ERR_INVALID);
	assert_int_equal(chmod(f->sec, 0400), 0);
	assert_int_equal(fb_key_read_secret(f->sec, sk, &err), 0);
	assert_int_equal(fb_key_read_secret("/nonexistent/trust.key", sk, &err), FB_ERR_NOTFOUND);
}

static void test_parse_public_should_refuse_anything_but_32_bytes_of_base64(void **state)
{
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES], back[FB_KEY_BYTES];
	char b64[FB_KEY_B64_LEN], padded[64];
	fb_err err = {0};

	assert_int_equal(fb_keypair_generate(pk, sk, &err), 0);
	fb_key_format_public(pk, b64, sizeof b64);
	snprintf(padded, sizeof padded, "  %s\n", b64);
	assert_int_equal(fb_key_parse_public(padded, back, &err), 0);
	assert_memory_equal(pk, back, FB_KEY_BYTES);
	assert_int_equal(fb_key_parse_public("", back, &err), FB_ERR_INVALID);
	assert_int_equal(fb_key_parse_public("aGVsbG8=", back, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "44 characters"));
	b64[3] = '*';
	assert_int_equal(fb_key_parse_public(b64, back, &err), FB_ERR_INVALID);
	assert_int_equal(fb_key_parse_public(NULL, back, &err), FB_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sealed_text_should_open_only_with_the_matching_secret_key),
		cmocka_unit_test(test_seal_should_refuse_text_over_the_cap),
		cmocka_unit_test_setup_teardown(test_keypair_write_should_make_a_0600_secret_file_that_reads_back, setup, test_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_read_secret_should_refuse_a_file_others_can_read_and_say_how_to_fix_it, setup, test_tmpdir_teardown),
		cmocka_unit_test(test_parse_public_should_refuse_anything_but_32_bytes_of_base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
