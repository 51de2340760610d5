/* test_buf: the capped growing buffer (lib/buf.h) every body, page and
 * batch is built in: it grows, stays NUL-terminated, never passes its cap,
 * and a failed add leaves nothing half-built behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void test_adds_should_grow_the_buffer_and_keep_it_nul_terminated(void **state)
{
	fb_buf b;
	fb_buf_init(&b, 1 << 20);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(fb_buf_addf(&b, "%04d,", i), 0);
	assert_int_equal(b.len, 5000);
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data + 4995, "0999,", 5);
	assert_int_equal(fb_buf_adds(&b, "end"), 0);
	assert_int_equal(fb_buf_addc(&b, '!'), 0);
	assert_string_equal(b.data + 5000, "end!");
	fb_buf_free(&b);
	fb_buf_free(NULL);
}

static void test_an_add_past_the_cap_should_fail_and_free_everything(void **state)
{
	fb_buf b;
	fb_buf_init(&b, 10);
	assert_int_equal(fb_buf_adds(&b, "0123456789"), 0);   /* exactly the cap */
	assert_true(b.cap <= 11);
	assert_int_equal(fb_buf_addc(&b, 'x'), -1);
	assert_true(b.failed);
	assert_true(b.over);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(fb_buf_adds(&b, "a"), -1);          /* stays failed */
	assert_null(fb_buf_take(&b, NULL));
	fb_buf_reset(&b);
	assert_int_equal(fb_buf_adds(&b, "again"), 0);
	assert_string_equal(b.data, "again");
	fb_buf_free(&b);
}

static void test_a_long_formatted_add_should_be_written_whole(void **state)
{
	fb_buf b;
	char big[1000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fb_buf_init(&b, 4096);
	assert_int_equal(fb_buf_addf(&b, "<%s>", big), 0);
	assert_int_equal(b.len, 1001);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[1000], '>');
	assert_int_equal(fb_buf_addf(&b, "%s%s%s%s", big, big, big, big), -1);
	assert_true(b.over);
	fb_buf_free(&b);
}

static void test_take_should_hand_over_the_block_and_give_empty_text_for_nothing(void **state)
{
	fb_buf b;
	size_t len = 99;
	fb_buf_init(&b, 100);
	char *empty = fb_buf_take(&b, &len);
	assert_non_null(empty);
	assert_string_equal(empty, "");
	assert_int_equal(len, 0);
	free(empty);
	fb_buf_add(&b, "a\0b", 3);
	char *d = fb_buf_take(&b, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(d, "a\0b", 4);
	assert_null(b.data);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adds_should_grow_the_buffer_and_keep_it_nul_terminated),
		cmocka_unit_test(test_an_add_past_the_cap_should_fail_and_free_everything),
		cmocka_unit_test(test_a_long_formatted_add_should_be_written_whole),
		cmocka_unit_test(test_take_should_hand_over_the_block_and_give_empty_text_for_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
