/* Tests for touch and hear's switch in kiosk/flow.c (kiosk/flow.h, "Touch
 * and hear"): the read-aloud button held for two seconds, or headphones,
 * turn it on; the next person never inherits it. A fake clock, no SDL. What
 * a finger hears once it is on is kiosk/input.c's (test_input_hear). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kiosk/flow.h"
#include "../../kiosk/staff.h"
#include "survey.h"
#include "kiosk_fixture.h"

#include "flow_fixture.h"

static bool hear(fixture *fx)
{
	return fb_flow_touch_hear(fx->flow);
}

/* A finger on read-aloud for ms, with the clock ticking as the app's does. */
static void hold_read_aloud(fixture *fx, int64_t ms)
{
	send(fx, FB_EV_READ_ALOUD_DOWN, 0, 100);
	wait_ms(fx, ms);
	send(fx, FB_EV_READ_ALOUD_UP, 0, 0);
}

static void test_touch_and_hear_should_be_off_when_the_kiosk_starts(void **state)
{
	fixture *fx = *state;
	assert_false(hear(fx));
	begin_in(fx, 0);
	assert_false(hear(fx));
}

static void test_holding_read_aloud_two_seconds_should_turn_touch_and_hear_on(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	hold_read_aloud(fx, 2000);
	assert_true(hear(fx));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_int_equal(question(fx), Q_RATING);
	assert_false(fb_flow_answer(fx->flow)->answered);
}

static void test_it_should_turn_on_at_two_seconds_while_the_finger_is_still_down(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	send(fx, FB_EV_READ_ALOUD_DOWN, 0, 100);
	/* the app sleeps until the flow's next deadline: it is the switch */
	assert_int_equal(fb_flow_next_deadline_ms(fx->flow), fx->now + 2000);
	wait_ms(fx, 1999);
	assert_false(hear(fx));
	wait_ms(fx, 1);
	assert_true(hear(fx));        /* said now, before the finger lifts */
	wait_ms(fx, 5000);
	assert_true(hear(fx));        /* a longer hold does not switch back */
	send(fx, FB_EV_READ_ALOUD_UP, 0, 0);
	assert_true(hear(fx));
}

static void test_a_short_press_on_read_aloud_should_leave_touch_and_hear_off(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	hold_read_aloud(fx, 600);
	assert_false(hear(fx));
	wait_ms(fx, 5000);            /* nothing left pending */
	assert_false(hear(fx));
}

static void test_holding_read_aloud_again_should_turn_it_off(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	hold_read_aloud(fx, 2100);
	assert_true(hear(fx));
	hold_read_aloud(fx, 2100);
	assert_false(hear(fx));
}

static void test_touch_and_hear_should_stay_on_through_the_survey_and_off_at_the_next_attract(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	hold_read_aloud(fx, 2000);
	assert_true(hear(fx));
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 500);
	send(fx, FB_EV_NEXT, 0, 200);
	assert_true(hear(fx));
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 200);
	send(fx, FB_EV_NEXT, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_true(hear(fx));        /* the thanks are heard too */
	wait_ms(fx, fx->o.thanks_ms + 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_false(hear(fx));       /* the next person starts without it */
}

static void test_leaving_by_the_idle_timeout_should_turn_touch_and_hear_off(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	hold_read_aloud(fx, 2000);
	wait_ms(fx, fx->o.idle_timeout_ms + fx->o.still_there_ms + 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_false(hear(fx));
}

static void test_turning_it_on_at_the_start_screen_should_last_into_the_survey(void **state)
{
	fixture *fx = *state;
	hold_read_aloud(fx, 2000);
	assert_true(hear(fx));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	begin_in(fx, 0);
	assert_true(hear(fx));
}

static void test_headphones_plugged_in_should_turn_touch_and_hear_on(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	send(fx, FB_EV_TOUCH_HEAR_ON, 0, 100);
	assert_true(hear(fx));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	send(fx, FB_EV_BACK, 0, 100);
	send(fx, FB_EV_BACK, 0, 100);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_false(hear(fx));
}

static void test_a_press_cut_short_by_the_attract_screen_should_switch_nothing(void **state)
{
	fixture *fx = *state;
	begin_in(fx, 0);
	send(fx, FB_EV_READ_ALOUD_DOWN, 0, 100);
	send(fx, FB_EV_BACK, 0, 100);
	send(fx, FB_EV_BACK, 0, 100);   /* out to attract, finger still down */
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	wait_ms(fx, 3000);
	assert_false(hear(fx));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_touch_and_hear_should_be_off_when_the_kiosk_starts),
		T(test_holding_read_aloud_two_seconds_should_turn_touch_and_hear_on),
		T(test_it_should_turn_on_at_two_seconds_while_the_finger_is_still_down),
		T(test_a_short_press_on_read_aloud_should_leave_touch_and_hear_off),
		T(test_holding_read_aloud_again_should_turn_it_off),
		T(test_touch_and_hear_should_stay_on_through_the_survey_and_off_at_the_next_attract),
		T(test_leaving_by_the_idle_timeout_should_turn_touch_and_hear_off),
		T(test_turning_it_on_at_the_start_screen_should_last_into_the_survey),
		T(test_headphones_plugged_in_should_turn_touch_and_hear_on),
		T(test_a_press_cut_short_by_the_attract_screen_should_switch_nothing),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
