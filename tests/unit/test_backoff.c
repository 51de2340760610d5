/* test_backoff: the retry schedule and Retry-After reading (sync/backoff.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../sync/backoff.h"

#define CAP (15 * 60 * 1000)

static void test_first_failure_should_wait_about_one_second(void **state)
{
	for (uint32_t r = 0; r < 1000; r += 7) {
		int64_t d = fb_backoff_delay_ms(1, CAP, r);
		assert_true(d >= 500 && d <= 1000);
	}
	assert_int_equal(fb_backoff_delay_ms(1, CAP, 0), 1000);
}

static void test_waits_should_roughly_double_with_each_failure(void **state)
{
	for (unsigned a = 1; a <= 10; a++) {
		int64_t ceiling = 1000LL << (a - 1);
		int64_t lo = fb_backoff_delay_ms(a, CAP, 0);
		int64_t hi = fb_backoff_delay_ms(a, CAP, UINT32_MAX);
		int64_t mid = fb_backoff_delay_ms(a, CAP, 12345);
		assert_true(lo >= ceiling / 2 || lo == 1000);
		assert_true(hi <= ceiling);
		assert_true(mid >= lo && mid <= hi);
	}
	/* the lowest wait after 6 failures exceeds the highest after 3 */
	assert_true(fb_backoff_delay_ms(6, CAP, 0) > fb_backoff_delay_ms(3, CAP, UINT32_MAX));
}

static void test_waits_should_never_exceed_the_cap(void **state)
{
	for (unsigned a = 1; a < 200; a++)
		for (uint32_t r = 0; r < 50; r++) {
			int64_t d = fb_backoff_delay_ms(a, CAP, r * 85899345u);
			assert_true(d <= CAP);
			assert_true(d >= 1000);
		}
	assert_true(fb_backoff_delay_ms(UINT32_MAX, 10000, 99) <= 10000);
	/* default cap when none given */
	assert_true(fb_backoff_delay_ms(100, 0, UINT32_MAX) <= CAP);
	assert_true(fb_backoff_delay_ms(100, 0, UINT32_MAX) >= CAP / 2);
}

static void test_jitter_should_spread_devices_across_half_the_window(void **state)
{
	int64_t min = INT64_MAX, max = 0;

	assert_int_equal(fb_backoff_delay_ms(20, CAP, UINT32_MAX), CAP);

	for (uint64_t r = 0; r <= UINT32_MAX; r += 65537) {
		int64_t d = fb_backoff_delay_ms(20, CAP, (uint32_t)r);
		if (d < min) min = d;
		if (d > max) max = d;
	}
	assert_int_equal(min, CAP / 2);
	assert_int_equal(max, CAP);
}

static void test_retry_after_should_read_seconds(void **state)
{
	int64_t d = -1;

	assert_int_equal(fb_backoff_parse_retry_after("120", 0, CAP, &d), 0);
	assert_int_equal(d, 120000);
	assert_int_equal(fb_backoff_parse_retry_after(" 0 ", 0, CAP, &d), 0);
	assert_int_equal(d, 0);
}

static void test_retry_after_should_read_an_http_date(void **state)
{
	int64_t d = -1;
	/* Wed, 21 Oct 2026 07:28:00 GMT = 1792567680 */
	int64_t now = 1792567680LL * 1000 - 90000;

	assert_int_equal(fb_backoff_parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now, CAP, &d), 0);
	assert_int_equal(d, 90000);
	/* a date in the past means now */
	assert_int_equal(fb_backoff_parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now + 3600000, CAP, &d), 0);
	assert_int_equal(d, 0);
}

static void test_retry_after_should_be_capped(void **state)
{
	int64_t d = -1;

	assert_int_equal(fb_backoff_parse_retry_after("99999999999999999", 0, CAP, &d), 0);
	assert_int_equal(d, CAP);
	assert_int_equal(fb_backoff_parse_retry_after("86400", 0, 60000, &d), 0);
	assert_int_equal(d, 60000);
}

static void test_retry_after_should_refuse_garbage(void **state)
{
	int64_t d = 42;

	assert_int_equal(fb_backoff_parse_retry_after("", 0, CAP, &d), -1);
	assert_int_equal(fb_backoff_parse_retry_after(NULL, 0, CAP, &d), -1);
	assert_int_equal(fb_backoff_parse_retry_after("soon", 0, CAP, &d), -1);
	assert_int_equal(fb_backoff_parse_retry_after("12abc", 0, CAP, &d), -1);
	assert_int_equal(fb_backoff_parse_retry_after("-5", 0, CAP, &d), -1);
	assert_int_equal(d, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_failure_should_wait_about_one_second),
		cmocka_unit_test(test_waits_should_roughly_double_with_each_failure),
		cmocka_unit_test(test_waits_should_never_exceed_the_cap),
		cmocka_unit_test(test_jitter_should_spread_devices_across_half_the_window),
		cmocka_unit_test(test_retry_after_should_read_seconds),
		cmocka_unit_test(test_retry_after_should_read_an_http_date),
		cmocka_unit_test(test_retry_after_should_be_capped),
		cmocka_unit_test(test_retry_after_should_refuse_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
