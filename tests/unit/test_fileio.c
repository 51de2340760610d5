/* test_fileio: whole-file reads under a cap (lib/fileio.h) and gzip in
 * memory (lib/gz.h), which the kiosk, the sync daemon, the collector and
 * feedback-queue all share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "fileio.h"
#include "gz.h"
#include "tmpdir.h"

typedef test_file_fixture fx;

static int setup(void **state)
{
	return test_file_fixture_new(state, "fileio", "file");
}

static void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void test_a_file_at_the_cap_should_be_read_whole_and_nul_terminated(void **state)
{
	fx *f = *state;
	char *out = NULL;
	size_t n = 0;
	fb_err err = {0};

	write_bytes(f->path, "0123456789", 10);
	assert_int_equal(fb_read_file(f->path, 10, "survey", NULL, &out, &n, &err), 0);
	assert_int_equal(n, 10);
	assert_string_equal(out, "0123456789");
	free(out);
}

static void test_a_file_over_the_cap_should_be_refused_naming_it(void **state)
{
	fx *f = *state;
	char *out = NULL;
	size_t n = 0;
	fb_err err = {0};

	write_bytes(f->path, "0123456789", 10);
	assert_int_equal(fb_read_file(f->path, 9, "survey", NULL, &out, &n, &err), FB_ERR_INVALID);
	assert_null(out);
	assert_non_null(strstr(err.msg, "survey '"));
	assert_non_null(strstr(err.msg, f->path));
}

static void test_a_missing_file_should_say_what_to_check(void **state)
{
	char *out = NULL;
	size_t n = 0;
	fb_err err = {0};

	assert_int_equal(fb_read_file("/nonexistent/s.json", 100, "survey",
				      "check survey_file in [kiosk]", &out, &n, &err),
			 FB_ERR_NOTFOUND);
	assert_null(out);
	assert_non_null(strstr(err.msg, "unable to open survey '/nonexistent/s.json'"));
	assert_non_null(strstr(err.msg, "; check survey_file in [kiosk]"));
}

static void test_a_text_file_with_a_nul_byte_should_be_refused(void **state)
{
	fx *f = *state;
	char *out = NULL;
	size_t n = 0;
	fb_err err = {0};

	write_bytes(f->path, "ab\0cd", 5);
	assert_int_equal(fb_read_file(f->path, 100, NULL, NULL, &out, &n, &err), 0);
	assert_int_equal(n, 5);
	free(out);
	out = NULL;
	assert_int_equal(fb_read_text_file(f->path, 100, NULL, NULL, &out, &n, &err), FB_ERR_INVALID);
	assert_null(out);
	assert_non_null(strstr(err.msg, "NUL byte"));
}

static void test_a_gzip_file_should_be_inflated_and_a_plain_one_kept(void **state)
{
	fx *f = *state;
	const char *text = "{\"protocol\":\"fb-receipt/1\"}";
	void *z = NULL;
	size_t zlen = 0, n = 0;
	char *out = NULL;
	fb_err err = {0};

	assert_int_equal(fb_gzip(text, strlen(text), &z, &zlen, &err), 0);
	write_bytes(f->path, z, zlen);
	free(z);
	assert_int_equal(fb_read_file_maybe_gzip(f->path, 1000, "receipt", NULL, &out, &n, &err), 0);
	assert_int_equal(n, strlen(text));
	assert_string_equal(out, text);
	free(out);
	out = NULL;
	write_bytes(f->path, text, strlen(text));
	assert_int_equal(fb_read_file_maybe_gzip(f->path, 1000, "receipt", NULL, &out, &n, &err), 0);
	assert_string_equal(out, text);
	free(out);
}

static void test_a_zip_bomb_should_stop_at_the_cap(void **state)
{
	fx *f = *state;
	size_t big = 4 * 1024 * 1024, zlen = 0, n = 0;
	char *plain = calloc(1, big), *out = NULL;
	void *z = NULL;
	fb_err err = {0};

	assert_non_null(plain);
	memset(plain, ' ', big);
	assert_int_equal(fb_gzip(plain, big, &z, &zlen, &err), 0);
	free(plain);
	assert_int_equal(fb_gunzip(z, zlen, 64 * 1024, &out, &n, &err), FB_ERR_FULL);
	assert_null(out);
	write_bytes(f->path, z, zlen);
	free(z);
	assert_int_equal(fb_read_file_maybe_gzip(f->path, 64 * 1024, "bundle", NULL, &out, &n, &err),
			 FB_ERR_FULL);
	assert_null(out);
	assert_non_null(strstr(err.msg, f->path));
}

static void test_gunzip_should_refuse_what_is_not_gzip_or_cut_short(void **state)
{
	const char *text = "hello, hello, hello";
	void *z = NULL;
	size_t zlen = 0, n = 0;
	char *out = NULL;
	fb_err err = {0};

	assert_int_equal(fb_gunzip("plain text", 10, 1000, &out, &n, &err), FB_ERR_INVALID);
	assert_int_equal(fb_gzip(text, strlen(text), &z, &zlen, &err), 0);
	assert_int_equal(fb_gunzip(z, zlen - 4, 1000, &out, &n, &err), FB_ERR_INVALID);
	assert_null(out);
	assert_int_equal(fb_gunzip(z, zlen, strlen(text), &out, &n, &err), 0);
	assert_string_equal(out, text);
	free(out);
	free(z);
}

static void test_a_small_secret_file_should_fit_its_buffer_and_be_owner_only(void **state)
{
	fx *f = *state;
	char buf[8];
	size_t n = 0;
	fb_err err = {0};

	write_bytes(f->path, "abc\n", 4);
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(fb_read_small_file(f->path, true, "token file", NULL, buf,
					    sizeof buf, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(buf, "abc\n");

	assert_int_equal(chmod(f->path, 0640), 0);
	assert_int_equal(fb_read_small_file(f->path, true, "token file", NULL, buf,
					    sizeof buf, &n, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_string_equal(buf, "");   /* nothing of the file left behind */
	/* a public file may be readable by all */
	assert_int_equal(fb_read_small_file(f->path, false, "public key file", NULL,
					    buf, sizeof buf, &n, &err), 0);

	write_bytes(f->path, "0123456789", 10);
	assert_int_equal(fb_read_small_file(f->path, false, "public key file", NULL,
					    buf, sizeof buf, &n, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "longer than 7 bytes"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_file_at_the_cap_should_be_read_whole_and_nul_terminated),
		T(test_a_file_over_the_cap_should_be_refused_naming_it),
		T(test_a_missing_file_should_say_what_to_check),
		T(test_a_text_file_with_a_nul_byte_should_be_refused),
		T(test_a_gzip_file_should_be_inflated_and_a_plain_one_kept),
		T(test_a_zip_bomb_should_stop_at_the_cap),
		T(test_gunzip_should_refuse_what_is_not_gzip_or_cut_short),
		T(test_a_small_secret_file_should_fit_its_buffer_and_be_owner_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
