/* test_flow_hours: opening hours in the survey flow (kiosk/flow.h). At
 * closing time the attract screen goes blank, never a person's answers; a
 * touch on blank wakes the closed attract screen, which takes a response
 * as usual and goes blank again after the idle timeout; opening time
 * brings the normal attract screen back. A fake clock: local time is UTC
 * here (test_hours checks the time zone's days). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../../kiosk/flow.h"
#include "../../kiosk/staff.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "flow_fixture.h"

#define MIN_MS 60000LL

/* Local time = UTC: 1970-01-01 was a Thursday (3, Monday being 0). */
static void utc_local(void *ctx, int64_t wall_ms, int *day, int *minute)
{
	(void)ctx;
	int64_t mins = wall_ms / MIN_MS;
	*day = (int)((mins / 1440 + 3) % 7);
	*minute = (int)(mins % 1440);
}

static int64_t utc_ms(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi };
	return (int64_t)timegm(&tm) * 1000;
}

/* A flow open Mon-Fri 08:00-18:00, started at the wall time given. */
static void open_at(fixture *fx, int64_t wall)
{
	fb_err err = {0};
	assert_int_equal(fb_hours_parse("Mon-Fri 08:00-18:00", &fx->o.hours, &err), 0);
	fx->o.local = utc_local;
	fx->wall = wall - fx->now;
	make_flow(fx);
}

/* Monday 7 December 2026, 17:50. */
#define MONDAY_1750 utc_ms(2026, 12, 7, 17, 50)

static void test_closing_time_should_blank_the_attract_screen_and_draw_nothing_more(void **state)
{
	fixture *fx = *state;
	open_at(fx, MONDAY_1750);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_false(fb_flow_closed(fx->flow));
	wait_ms(fx, 9 * MIN_MS + 59000);           /* 17:59:59 */
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	wait_ms(fx, 1000);                          /* 18:00 */
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
	assert_true(fb_flow_closed(fx->flow));
	/* blank: nothing changes with time, so nothing is redrawn, and the
	 * only timer is a look at the hours (minutes away, not the drift) */
	assert_true(fb_flow_next_deadline_ms(fx->flow) - fx->now >= 5 * MIN_MS);
	assert_false(send(fx, FB_EV_TICK, 0, 5 * MIN_MS));
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
}

static void test_a_touch_on_blank_should_wake_the_closed_attract_screen_which_idles_back_to_blank(void **state)
{
	fixture *fx = *state;
	open_at(fx, utc_ms(2026, 12, 7, 20, 0));    /* started after closing */
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
	assert_true(send(fx, FB_EV_ACTIVITY, 0, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);   /* the waking touch starts nothing */
	assert_true(fb_flow_closed(fx->flow));
	wait_ms(fx, fx->o.idle_timeout_ms - 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	wait_ms(fx, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
	/* a START (a key, a tap) on blank wakes it too, without starting */
	send(fx, FB_EV_START, 0, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_a_person_who_wakes_it_should_answer_as_usual_and_it_blanks_after_them(void **state)
{
	fixture *fx = *state;
	open_at(fx, utc_ms(2026, 12, 7, 21, 0));
	send(fx, FB_EV_ACTIVITY, 0, 1000);
	complete_quickly(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_int_equal(fx->subs[0].r.fft, 1);
	/* the thanks countdown ends with nobody there: straight to blank */
	wait_ms(fx, fx->o.thanks_ms);
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
}

static void test_closing_time_should_wait_for_a_person_answering(void **state)
{
	fixture *fx = *state;
	open_at(fx, utc_ms(2026, 12, 7, 17, 59));
	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 500);
	/* past 18:00, touching now and then */
	for (int i = 0; i < 6; i++)
		send(fx, FB_EV_ACTIVITY, 0, 20000);
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_int_equal(question(fx), Q_RATING);
	assert_int_equal(fb_flow_answer(fx->flow)->choice, 2);   /* nothing lost */
	send(fx, FB_EV_NEXT, 0, 1000);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 1000);
	send(fx, FB_EV_NEXT, 0, 1000);
	send(fx, FB_EV_SKIP, 0, 1000);
	send(fx, FB_EV_SKIP, 0, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	/* Finish tapped: they are there, so the closed attract screen shows */
	send(fx, FB_EV_FINISH, 0, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_true(fb_flow_closed(fx->flow));
	wait_ms(fx, fx->o.idle_timeout_ms);
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
}

static void test_a_person_who_walks_away_after_closing_should_leave_a_blank_screen(void **state)
{
	fixture *fx = *state;
	open_at(fx, utc_ms(2026, 12, 7, 17, 59));
	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 4, 500);
	wait_ms(fx, fx->o.idle_timeout_ms + fx->o.still_there_ms);
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
	assert_int_equal(fx->n_subs, 1);            /* the partial is kept */
	assert_true(fx->subs[0].r.flags & FB_FLAG_PARTIAL);
}

static void test_opening_time_should_bring_the_normal_attract_screen_back(void **state)
{
	fixture *fx = *state;
	open_at(fx, utc_ms(2026, 12, 11, 17, 0));   /* Friday */
	wait_ms(fx, 61 * MIN_MS);
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
	/* the weekend stays blank; Monday 08:00 opens */
	wait_ms(fx, (24 * 60 * 2 + 13 * 60 + 59) * MIN_MS - MIN_MS);   /* Mon 07:59 */
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
	wait_ms(fx, MIN_MS);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_false(fb_flow_closed(fx->flow));
	/* and the closed attract screen, left woken at opening time, opens */
	wait_ms(fx, 10 * 60 * MIN_MS);              /* 18:00 Monday */
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);
}

static void test_new_hours_should_apply_at_the_attract_screen(void **state)
{
	fixture *fx = *state;
	fb_err err = {0};
	open_at(fx, MONDAY_1750);
	fb_flow_options o = fx->o;
	assert_int_equal(fb_hours_parse("Mon-Fri 08:00-17:00", &o.hours, &err), 0);
	begin_in(fx, 0);
	assert_int_not_equal(fb_flow_reconfigure(fx->flow, &o, &err), 0);   /* answering */
	send(fx, FB_EV_BACK, 0, 1000);
	send(fx, FB_EV_BACK, 0, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fb_flow_reconfigure(fx->flow, &o, &err), 0);
	assert_int_equal(screen(fx), FB_SCREEN_BLANK);     /* closed since 17:00 */
	/* and empty hours: always open again, even from blank */
	memset(&o.hours, 0, sizeof o.hours);
	assert_int_equal(fb_flow_reconfigure(fx->flow, &o, &err), 0);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fb_flow_next_deadline_ms(fx->flow) - fx->now <= 60000, true); /* drift only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_closing_time_should_blank_the_attract_screen_and_draw_nothing_more, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_touch_on_blank_should_wake_the_closed_attract_screen_which_idles_back_to_blank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_person_who_wakes_it_should_answer_as_usual_and_it_blanks_after_them, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closing_time_should_wait_for_a_person_answering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_person_who_walks_away_after_closing_should_leave_a_blank_screen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_opening_time_should_bring_the_normal_attract_screen_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_hours_should_apply_at_the_attract_screen, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
