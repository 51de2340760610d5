/* test_utf8: validating, counting, cutting and stepping through UTF-8
 * (lib/utf8.h), in the scripts the kiosk offers: a cut or a backspace never
 * leaves half a letter that the kiosk would then refuse to draw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "utf8.h"

#define URDU "\xd8\xb4\xda\xa9\xd8\xb1\xdb\x8c\xdb\x81"        /* shukriya: 5 letters */
#define GURMUKHI "\xe0\xa8\xa7\xe0\xa9\xb0\xe0\xa8\xa8"          /* 3 code points */
#define POLISH "Dzi\xc4\x99kuj\xc4\x99"                          /* 8 letters */

static void test_valid_text_in_every_script_should_pass_and_broken_bytes_fail(void **state)
{
	assert_true(fb_utf8_valid(URDU, strlen(URDU)));
	assert_true(fb_utf8_valid(GURMUKHI, strlen(GURMUKHI)));
	assert_true(fb_utf8_valid("\xf0\x9f\x98\x80", 4));             /* an emoji */
	assert_false(fb_utf8_valid("\xc0\xaf", 2));                      /* overlong '/' */
	assert_false(fb_utf8_valid("\xed\xa0\x80", 3));                  /* a surrogate */
	assert_false(fb_utf8_valid("\xf4\x90\x80\x80", 4));              /* past U+10FFFF */
	assert_false(fb_utf8_valid(URDU, strlen(URDU) - 1));             /* cut short */
	assert_false(fb_utf8_valid("\x80", 1));
}

static void test_count_should_give_letters_not_bytes(void **state)
{
	assert_int_equal(fb_utf8_count(URDU, strlen(URDU)), 5);
	assert_int_equal(fb_utf8_count(GURMUKHI, strlen(GURMUKHI)), 3);
	assert_int_equal(fb_utf8_count(POLISH, strlen(POLISH)), 8);
	assert_int_equal(fb_utf8_count("", 0), 0);
}

static void test_a_cut_should_never_split_a_character(void **state)
{
	size_t n = strlen(URDU);                   /* 10 bytes, 2 a letter */
	assert_int_equal(fb_utf8_cut(URDU, n, 100), n);
	assert_int_equal(fb_utf8_cut(URDU, n, 5), 4);
	assert_int_equal(fb_utf8_cut(URDU, n, 4), 4);
	assert_int_equal(fb_utf8_cut(URDU, n, 1), 0);
	for (size_t max = 0; max <= strlen(GURMUKHI); max++) {
		size_t cut = fb_utf8_cut(GURMUKHI, strlen(GURMUKHI), max);
		assert_true(cut <= max);
		assert_true(fb_utf8_valid(GURMUKHI, cut));
	}
}

static void test_prev_and_next_should_step_one_whole_character(void **state)
{
	const char *s = POLISH;                     /* "Dzię": ę is 2 bytes at 3 */
	size_t n = strlen(s);
	assert_int_equal(fb_utf8_next(s, n, 2), 3);
	assert_int_equal(fb_utf8_next(s, n, 3), 5);
	assert_int_equal(fb_utf8_prev(s, 5), 3);
	assert_int_equal(fb_utf8_prev(s, 3), 2);
	assert_int_equal(fb_utf8_prev(s, 0), 0);
	assert_int_equal(fb_utf8_next(s, n, n), n);
	size_t i = n, steps = 0;
	while (i > 0 && steps < 100) {
		i = fb_utf8_prev(s, i);
		steps++;
	}
	assert_int_equal(steps, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_text_in_every_script_should_pass_and_broken_bytes_fail),
		cmocka_unit_test(test_count_should_give_letters_not_bytes),
		cmocka_unit_test(test_a_cut_should_never_split_a_character),
		cmocka_unit_test(test_prev_and_next_should_step_one_whole_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
