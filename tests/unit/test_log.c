/* test_log: the line every program's running log shares (lib/log.h): its
 * ISO-8601 UTC time and program name, one line per call whatever the
 * message holds, a cut that says so, and the cleaner that keeps a request's
 * values from forging a line or a field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* What fb_log wrote to stderr while fn ran (malloc'd). */
static char *capture(void (*fn)(void))
{
	char path[] = "/tmp/fb-log.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	assert_true(dup2(fd, 2) == 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *text = calloc(1, 8192);
	assert_non_null(text);
	size_t n = fread(text, 1, 8191, f);
	text[n] = '\0';
	fclose(f);
	close(fd);
	unlink(path);
	return text;
}

static void two_lines(void)
{
	fb_log_set_program("feedback-test");
	fb_log("listening on %s:%d", "127.0.0.1", 8443);
	fb_log("a message that brings its own newline\n");
}

static void test_each_line_should_carry_the_utc_time_and_the_program_once(void **state)
{
	char *text = capture(two_lines);
	regex_t re;
	assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z"
				 " feedback-test: listening on 127\\.0\\.0\\.1:8443\n"
				 "[0-9T:.-]{23}Z feedback-test: a message that brings its own newline\n$",
				 REG_EXTENDED), 0);
	assert_int_equal(regexec(&re, text, 0, NULL, 0), 0);
	regfree(&re);
	free(text);
}

static void one_long_line(void)
{
	char big[3 * FB_LOG_LINE_MAX];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fb_log("%s", big);
}

static void test_a_line_too_long_should_be_cut_marked_and_still_end_its_line(void **state)
{
	char *text = capture(one_long_line);
	size_t n = strlen(text);
	assert_int_equal(n, FB_LOG_LINE_MAX - 1);
	assert_memory_equal(text + n - 4, "...\n", 4);
	assert_ptr_equal(strchr(text, '\n'), text + n - 1);   /* one line */
	free(text);
}

static void test_clean_should_keep_a_value_one_field_and_never_a_new_line(void **state)
{
	char out[32];
	fb_log_clean("wendy.o-brien@trust", out, sizeof out);
	assert_string_equal(out, "wendy.o-brien@trust");
	fb_log_clean("eve\nforged client=9.9.9.9", out, sizeof out);
	assert_string_equal(out, "eve?forged?client?9.9.9.9");
	fb_log_clean("a \"quoted\\\" \t name", out, sizeof out);
	assert_string_equal(out, "a??quoted?????name");
	fb_log_clean("\xc5\x81ucja", out, sizeof out);           /* not ASCII: '?' each byte */
	assert_string_equal(out, "??ucja");
	fb_log_clean("", out, sizeof out);
	assert_string_equal(out, "-");
	fb_log_clean(NULL, out, sizeof out);
	assert_string_equal(out, "-");
	fb_log_clean("a-name-much-longer-than-the-field-it-goes-in", out, 12);
	assert_string_equal(out, "a-name-m...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_line_should_carry_the_utc_time_and_the_program_once),
		cmocka_unit_test(test_a_line_too_long_should_be_cut_marked_and_still_end_its_line),
		cmocka_unit_test(test_clean_should_keep_a_value_one_field_and_never_a_new_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
