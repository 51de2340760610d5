/* test_collector_throttle: password guessing at the sign-in page is slowed
 * per name and per address, cannot be dodged by flooding the tables with
 * made-up names, and never keeps a manager at a clean address out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "../../collector/throttle.h"

#define T0 1794744000000LL
#define SEC 1000LL
#define ATTACKER "203.0.113.9"
#define MANAGER_PC "198.51.100.20"

static int setup(void **state)
{
	*state = coll_throttle_new(16);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	coll_throttle_free(*state);
	return 0;
}

static void test_waits_should_double_after_three_free_failures_and_stop_at_15_minutes(void **state)
{
	coll_throttle *t = *state;
	int64_t now = T0;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(coll_throttle_wait(t, "wendy", ATTACKER, now), 0);
		coll_throttle_fail(t, "wendy", ATTACKER, now);
	}
	assert_int_equal(coll_throttle_wait(t, "wendy", ATTACKER, now), 0);
	coll_throttle_fail(t, "wendy", ATTACKER, now);          /* 4th: 1 s */
	assert_int_equal(coll_throttle_wait(t, "wendy", ATTACKER, now), 1 * SEC);
	now += 1 * SEC;
	coll_throttle_fail(t, "wendy", ATTACKER, now);          /* 5th: 2 s */
	assert_int_equal(coll_throttle_wait(t, "wendy", ATTACKER, now), 2 * SEC);
	for (int i = 0; i < 30; i++) {
		now += coll_throttle_wait(t, "wendy", ATTACKER, now);
		coll_throttle_fail(t, "wendy", ATTACKER, now);
	}
	assert_int_equal(coll_throttle_wait(t, "wendy", ATTACKER, now), COLL_THROTTLE_MAX_WAIT_MS);
}

static void test_a_manager_at_a_clean_address_should_get_in_while_their_name_is_attacked(void **state)
{
	coll_throttle *t = *state;
	for (int i = 0; i < 20; i++)
		coll_throttle_fail(t, "wendy", ATTACKER, T0);
	assert_true(coll_throttle_wait(t, "wendy", ATTACKER, T0) > 0);
	assert_int_equal(coll_throttle_wait(t, "wendy", MANAGER_PC, T0), 0);
	/* and once she is in, the attacker's run on her name is cleared; his
	 * address still waits */
	coll_throttle_success(t, "wendy");
	assert_true(coll_throttle_wait(t, "owen", ATTACKER, T0) > 0);
}

static void test_a_manager_who_mistypes_twice_should_not_inherit_the_attackers_wait_on_her_name(void **state)
{
	coll_throttle *t = *state;
	for (int i = 0; i < 20; i++)
		coll_throttle_fail(t, "wendy", ATTACKER, T0);
	coll_throttle_fail(t, "wendy", MANAGER_PC, T0 + SEC);     /* two typos */
	coll_throttle_fail(t, "wendy", MANAGER_PC, T0 + 2 * SEC);
	assert_int_equal(coll_throttle_wait(t, "wendy", MANAGER_PC, T0 + 3 * SEC), 0);
	coll_throttle_fail(t, "wendy", MANAGER_PC, T0 + 3 * SEC); /* a third: now it counts */
	assert_true(coll_throttle_wait(t, "wendy", MANAGER_PC, T0 + 4 * SEC) > 60 * SEC);
}

static void test_cycling_made_up_names_should_be_slowed_by_address(void **state)
{
	coll_throttle *t = *state;
	char name[32];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "junk%d", i);
		coll_throttle_fail(t, name, ATTACKER, T0);
	}
	assert_true(coll_throttle_wait(t, "wendy", ATTACKER, T0) >= 2 * SEC);
	assert_int_equal(coll_throttle_wait(t, "wendy", MANAGER_PC, T0), 0);
}

/* The old table had 128 slots and let the oldest go: 9 tries, 128 junk
 * names, 9 more tries. Here a full table keeps what is in force. */
static void test_flooding_the_table_should_never_wipe_a_penalty_in_force(void **state)
{
	coll_throttle *t = *state;
	char name[32], addr[32];
	for (int i = 0; i < 9; i++)
		coll_throttle_fail(t, "wendy", ATTACKER, T0);
	int64_t before = coll_throttle_wait(t, "wendy", ATTACKER, T0);
	assert_true(before > 0);
	int untracked = 0;
	for (int i = 0; i < 1000; i++) {    /* far more names and addresses than slots */
		snprintf(name, sizeof name, "junk%d", i);
		snprintf(addr, sizeof addr, "10.0.%d.%d", i / 250, i % 250);
		for (int k = 0; k < 5; k++)
			untracked += !coll_throttle_fail(t, name, addr, T0);
	}
	assert_true(untracked > 0);     /* said, not silently dropped */
	assert_int_equal(coll_throttle_wait(t, "wendy", ATTACKER, T0), before);
}

static void test_an_hour_of_quiet_should_forget_and_a_slash_64_should_count_as_one(void **state)
{
	coll_throttle *t = *state;
	for (int i = 0; i < 6; i++)
		coll_throttle_fail(t, "x", "2001:db8:1:2::10", T0);
	assert_true(coll_throttle_wait(t, "y", "2001:db8:1:2:ffff::99", T0) > 0);
	assert_int_equal(coll_throttle_wait(t, "y", "2001:db8:1:3::10", T0), 0);
	assert_int_equal(coll_throttle_wait(t, "y", "2001:db8:1:2::10", T0 + 61 * 60 * SEC), 0);
	for (int i = 0; i < 6; i++)
		coll_throttle_fail(t, "x", "::ffff:192.0.2.1", T0);
	assert_true(coll_throttle_wait(t, "y", "192.0.2.1", T0) > 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_waits_should_double_after_three_free_failures_and_stop_at_15_minutes),
		T(test_a_manager_at_a_clean_address_should_get_in_while_their_name_is_attacked),
		T(test_a_manager_who_mistypes_twice_should_not_inherit_the_attackers_wait_on_her_name),
		T(test_cycling_made_up_names_should_be_slowed_by_address),
		T(test_flooding_the_table_should_never_wipe_a_penalty_in_force),
		T(test_an_hour_of_quiet_should_forget_and_a_slash_64_should_count_as_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
