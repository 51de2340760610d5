/* test_collector_offload: the page threads run every job handed in once,
 * keep running others while one takes long, refuse rather than queue
 * without bound, and close only when all is done. Real threads, bounded
 * waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "clock.h"
#include "../../collector/offload.h"

static atomic_int done;

static void count(void *arg)
{
	(void)arg;
	atomic_fetch_add(&done, 1);
}

/* Holds its thread until *release is set (at most 5 s). */
static void hold(void *arg)
{
	atomic_bool *release = arg;
	int64_t end = fb_mono_ms() + 5000;
	while (!atomic_load(release) && fb_mono_ms() < end) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	atomic_fetch_add(&done, 1);
}

static bool done_within(int want, int ms)
{
	int64_t end = fb_mono_ms() + ms;
	while (atomic_load(&done) < want && fb_mono_ms() < end) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return atomic_load(&done) >= want;
}

static void test_every_job_handed_in_should_run_once(void **state)
{
	(void)state;
	atomic_store(&done, 0);
	coll_offload *o = coll_offload_new(3, 1000);
	assert_non_null(o);
	for (int i = 0; i < 500; i++)
		assert_true(coll_offload_run(o, count, NULL));
	coll_offload_close(o);
	assert_int_equal(atomic_load(&done), 500);     /* close waited for all */
	assert_false(coll_offload_run(o, count, NULL)); /* and refuses from then on */
	coll_offload_free(o);
	assert_int_equal(atomic_load(&done), 500);
}

static void test_a_long_job_should_not_hold_up_the_others(void **state)
{
	(void)state;
	atomic_bool release = false;
	atomic_store(&done, 0);
	coll_offload *o = coll_offload_new(2, 16);
	assert_non_null(o);
	assert_true(coll_offload_run(o, hold, &release));   /* a year's CSV */
	for (int i = 0; i < 5; i++)
		assert_true(coll_offload_run(o, count, NULL));   /* quick pages */
	assert_true(done_within(5, 2000));
	assert_false(done_within(6, 100));                    /* the long one still runs */
	atomic_store(&release, true);
	assert_true(done_within(6, 5000));
	coll_offload_free(o);
}

static void test_a_full_queue_should_refuse_a_job_rather_than_grow(void **state)
{
	(void)state;
	atomic_bool release = false;
	atomic_store(&done, 0);
	coll_offload *o = coll_offload_new(1, 2);
	assert_non_null(o);
	assert_true(coll_offload_run(o, hold, &release));
	int64_t end = fb_mono_ms() + 2000;                    /* until the thread took it */
	bool refused = false;
	int queued = 0;
	while (!refused && fb_mono_ms() < end) {
		if (coll_offload_run(o, count, NULL))
			queued++;
		else
			refused = true;
	}
	assert_true(refused);
	assert_in_range(queued, 1, 2);   /* 2 waiting, the long one among them if not yet taken */
	atomic_store(&release, true);
	coll_offload_free(o);
	assert_int_equal(atomic_load(&done), 1 + queued);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_job_handed_in_should_run_once),
		cmocka_unit_test(test_a_long_job_should_not_hold_up_the_others),
		cmocka_unit_test(test_a_full_queue_should_refuse_a_job_rather_than_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
