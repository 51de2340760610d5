/* retrain: when the collector retrains the themes model by itself. A Trust
 * that codes comments on Monday gets suggestions learnt from them within the
 * week, without anyone running `themes train`; a Trust that codes nothing
 * never has its model replaced; a fresh model is not retrained daily. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../collector/retrain.h"

#define DAY (24LL * 3600 * 1000)
#define NOW (1796000000000LL)

static bool due(int64_t model_at, int64_t coding_at, int days, char *why)
{
	return coll_retrain_due(NOW, model_at, coding_at, days, why, 200);
}

static void test_the_first_model_is_trained_once_comments_are_coded(void **state)
{
	char why[200];
	assert_true(due(0, NOW - DAY, 7, why));
	assert_non_null(strstr(why, "no model is trained yet"));
}

static void test_nothing_coded_trains_nothing(void **state)
{
	char why[200];
	assert_false(due(0, 0, 7, why));
	assert_non_null(strstr(why, "nothing is coded yet"));
	assert_false(due(NOW - 30 * DAY, 0, 7, why));
}

static void test_no_new_coding_keeps_the_model_however_old(void **state)
{
	char why[200];
	assert_false(due(NOW - 300 * DAY, NOW - 301 * DAY, 7, why));
	assert_non_null(strstr(why, "nothing was coded since the newest model"));
	/* coded in the same millisecond the model was trained: it saw it */
	assert_false(due(NOW - 10 * DAY, NOW - 10 * DAY, 7, why));
}

static void test_new_coding_waits_until_the_model_is_a_week_old(void **state)
{
	char why[200];
	assert_false(due(NOW - 6 * DAY, NOW - DAY, 7, why));
	assert_non_null(strstr(why, "6 days old (retrained after 7)"));
	assert_true(due(NOW - 7 * DAY, NOW - DAY, 7, why));
	assert_non_null(strstr(why, "7 days old"));
	/* every day when the Trust sets 1 */
	assert_true(due(NOW - DAY, NOW - 1000, 1, why));
	assert_false(due(NOW - DAY + 1000, NOW - 1000, 1, why));
}

static void test_retrain_days_0_turns_it_off(void **state)
{
	char why[200];
	assert_false(due(0, NOW - DAY, 0, why));
	assert_non_null(strstr(why, "retrain_days = 0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_first_model_is_trained_once_comments_are_coded),
		cmocka_unit_test(test_nothing_coded_trains_nothing),
		cmocka_unit_test(test_no_new_coding_keeps_the_model_however_old),
		cmocka_unit_test(test_new_coding_waits_until_the_model_is_a_week_old),
		cmocka_unit_test(test_retrain_days_0_turns_it_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
