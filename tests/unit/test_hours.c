/* test_hours: opening hours (lib/hours.h): the text kiosk.conf and the
 * Trust's config share, what it refuses and how it says so, which minutes
 * are open (day edges, a range past midnight), and when the next change
 * falls in wall time, right on the days Europe/London's clocks change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "hours.h"

enum { MON, TUE, WED, THU, FRI, SAT, SUN };
#define HM(h, m) ((h) * 60 + (m))

static fb_hours parsed(const char *text)
{
	fb_hours h;
	fb_err err = {0};
	if (fb_hours_parse(text, &h, &err) != 0)
		fail_msg("'%s' refused: %s", text, err.msg);
	return h;
}

static void refused(const char *text, const char *want)
{
	fb_hours h;
	fb_err err = {0};
	assert_int_not_equal(fb_hours_parse(text, &h, &err), 0);
	if (!strstr(err.msg, want))
		fail_msg("'%s' refused with '%s', not saying '%s'", text, err.msg, want);
	assert_true(fb_hours_always_open(&h));
}

static void test_empty_hours_should_be_always_open(void **state)
{
	(void)state;
	fb_hours h = parsed("");
	assert_true(fb_hours_always_open(&h));
	assert_true(fb_hours_open_at(&h, SUN, HM(3, 0)));
	assert_int_equal(fb_hours_minutes_to_change(&h, SUN, HM(3, 0)), -1);
	h = parsed("   ");
	assert_true(fb_hours_always_open(&h));
	/* what the settings page tells a Trust to write for "open all hours" */
	h = parsed("Mon-Sun 00:00-24:00");
	for (int day = 0; day < 7; day++)
		for (int m = 0; m < 24 * 60; m++)
			if (!fb_hours_open_at(&h, day, m))
				fail_msg("Mon-Sun 00:00-24:00 closed on day %d at minute %d", day, m);
}

static void test_a_weekday_range_should_be_open_from_its_first_minute_to_before_its_last(void **state)
{
	(void)state;
	fb_hours h = parsed("Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	assert_false(fb_hours_open_at(&h, MON, HM(7, 59)));
	assert_true(fb_hours_open_at(&h, MON, HM(8, 0)));
	assert_true(fb_hours_open_at(&h, FRI, HM(17, 59)));
	assert_false(fb_hours_open_at(&h, FRI, HM(18, 0)));
	assert_true(fb_hours_open_at(&h, SAT, HM(11, 59)));
	assert_false(fb_hours_open_at(&h, SAT, HM(12, 0)));
	assert_false(fb_hours_open_at(&h, SUN, HM(10, 0)));
	/* Friday 18:00 closes until Saturday 09:00: 15 hours */
	assert_int_equal(fb_hours_minutes_to_change(&h, FRI, HM(18, 0)), 15 * 60);
	/* Saturday noon until Monday 08:00, across the whole of Sunday */
	assert_int_equal(fb_hours_minutes_to_change(&h, SAT, HM(12, 0)), 12 * 60 + 24 * 60 + 8 * 60);
	assert_int_equal(fb_hours_minutes_to_change(&h, TUE, HM(17, 59)), 1);
}

static void test_lists_of_days_times_and_any_case_should_be_taken(void **state)
{
	(void)state;
	fb_hours h = parsed("mon-wed,FRI 08:00-12:00, 13:00-17:30;sun 10:00-24:00");
	assert_true(fb_hours_open_at(&h, WED, HM(9, 0)));
	assert_false(fb_hours_open_at(&h, THU, HM(9, 0)));
	assert_false(fb_hours_open_at(&h, FRI, HM(12, 30)));   /* lunch */
	assert_true(fb_hours_open_at(&h, FRI, HM(17, 29)));
	assert_true(fb_hours_open_at(&h, SUN, HM(23, 59)));
	assert_false(fb_hours_open_at(&h, MON, HM(0, 0)));
	/* Sat-Mon wraps over the week's end */
	h = parsed("Sat-Mon 10:00-11:00");
	assert_true(fb_hours_open_at(&h, SUN, HM(10, 30)));
	assert_true(fb_hours_open_at(&h, MON, HM(10, 30)));
	assert_false(fb_hours_open_at(&h, TUE, HM(10, 30)));
}

static void test_a_range_past_midnight_should_run_into_the_next_day(void **state)
{
	(void)state;
	fb_hours h = parsed("Fri 22:00-02:00");
	assert_false(fb_hours_open_at(&h, FRI, HM(21, 59)));
	assert_true(fb_hours_open_at(&h, FRI, HM(23, 30)));
	assert_true(fb_hours_open_at(&h, SAT, HM(1, 59)));
	assert_false(fb_hours_open_at(&h, SAT, HM(2, 0)));
	assert_false(fb_hours_open_at(&h, FRI, HM(1, 0)));     /* Thursday night was not */
	assert_int_equal(fb_hours_minutes_to_change(&h, FRI, HM(23, 0)), 3 * 60);
	/* Sunday into Monday wraps the week */
	h = parsed("Sun 23:00-01:00");
	assert_true(fb_hours_open_at(&h, MON, HM(0, 30)));
}

static void test_bad_hours_should_be_refused_saying_what_is_wrong(void **state)
{
	(void)state;
	refused("Mon-Fry 08:00-18:00", "'Fry' is not a day");
	refused("Monday 08:00-18:00", "'Monday' is not a day");
	refused("08:00-18:00", "'08:00-18:00' is not a day");
	refused("Mon-Fri 8-18", "'8-18' is not a time range");
	refused("Mon 08:00-25:00", "'08:00-25:00' is not a time range");
	refused("Mon 08:60-09:00", "is not a time range");
	refused("Mon 24:00-02:00", "is not a time range");    /* 24:00 only ends */
	refused("Mon 09:00-09:00", "opens and closes at the same time");
	refused("Mon-Fri 08:00-18:00 Sat 09:00-12:00", "separate days with ';'");
	refused("Mon-Fri", "expected a space and opening times");
	refused("Mon\n08:00-09:00", "control character");
	char big[400];
	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	refused(big, "longer than 255 bytes");
}

/* Local time as the device has it: TZ and localtime_r. */
static int64_t utc_ms(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi };
	return (int64_t)timegm(&tm) * 1000;
}

static void test_the_next_change_should_be_right_on_the_days_the_clocks_change(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	tzset();
	fb_hours h = parsed("Mon-Sun 08:00-18:00");

	/* 2026-03-29, a Sunday: clocks go forward at 01:00 GMT. Closed at
	 * 00:30 GMT; opens at 08:00 BST, which is 07:00 UTC. */
	int64_t t = utc_ms(2026, 3, 29, 0, 30);
	assert_false(fb_hours_open_wall(&h, t, fb_local_time, NULL));
	assert_true(fb_hours_next_change_ms(&h, t, fb_local_time, NULL) == utc_ms(2026, 3, 29, 7, 0));
	/* and closes at 18:00 BST = 17:00 UTC */
	t = utc_ms(2026, 3, 29, 12, 0);
	assert_true(fb_hours_open_wall(&h, t, fb_local_time, NULL));
	assert_true(fb_hours_next_change_ms(&h, t, fb_local_time, NULL) == utc_ms(2026, 3, 29, 17, 0));

	/* 2026-10-25, a Sunday: back at 02:00 BST. From 23:30 UTC on the
	 * Saturday (00:30 BST) it opens at 08:00 GMT = 08:00 UTC. */
	t = utc_ms(2026, 10, 24, 23, 30);
	assert_false(fb_hours_open_wall(&h, t, fb_local_time, NULL));
	assert_true(fb_hours_next_change_ms(&h, t, fb_local_time, NULL) == utc_ms(2026, 10, 25, 8, 0));
	/* a Monday in winter: 18:00 GMT */
	t = utc_ms(2026, 12, 7, 17, 59);
	assert_true(fb_hours_next_change_ms(&h, t, fb_local_time, NULL) == utc_ms(2026, 12, 7, 18, 0));
	/* a spring-forward night inside the hours: 00:00-24:00 is never closed */
	h = parsed("Mon-Sun 00:00-24:00");
	assert_true(fb_hours_next_change_ms(&h, t, fb_local_time, NULL) == FB_HOURS_NEVER);
	h = parsed("");
	assert_true(fb_hours_next_change_ms(&h, t, fb_local_time, NULL) == FB_HOURS_NEVER);
}

/* The staff screen reads the hours back as a person says them: days with
 * the same times in one group, en dashes, a night on the day it starts. */
static void said(const char *text, const char *want)
{
	char out[256];
	fb_hours h = parsed(text);
	fb_hours_format(&h, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("'%s' reads '%s', not '%s'", text, out, want);
}

static void test_hours_should_read_back_grouped_by_day_with_en_dashes(void **state)
{
	(void)state;
	said("", "");
	said("mon-fri 08:00-18:00; sat 09:00-12:00",
	     "Mon\u2013Fri 08:00\u201318:00; Sat 09:00\u201312:00");
	said("Mon,Wed,Fri 09:00-17:00", "Mon, Wed, Fri 09:00\u201317:00");
	said("Mon-Tue 08:00-12:00,13:00-17:00; Wed 08:00-12:00; Thu-Fri 08:00-12:00,13:00-17:00",
	     "Mon\u2013Tue, Thu\u2013Fri 08:00\u201312:00, 13:00\u201317:00; Wed 08:00\u201312:00");
	said("Fri 22:00-02:00", "Fri 22:00\u201302:00");
	said("Sun 20:00-01:00; Mon 09:00-10:00", "Mon 09:00\u201310:00; Sun 20:00\u201301:00");
	said("Mon 08:00-12:00,10:00-14:00", "Mon 08:00\u201314:00");
	said("Mon-Sun 00:00-24:00", "Mon\u2013Sun 00:00\u201324:00");
	/* too little room: whole groups only, then an ellipsis */
	char small[40];
	fb_hours h = parsed("Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	fb_hours_format(&h, small, sizeof small);
	assert_string_equal(small, "Mon\u2013Fri 08:00\u201318:00; \u2026");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_hours_should_be_always_open),
		cmocka_unit_test(test_a_weekday_range_should_be_open_from_its_first_minute_to_before_its_last),
		cmocka_unit_test(test_lists_of_days_times_and_any_case_should_be_taken),
		cmocka_unit_test(test_a_range_past_midnight_should_run_into_the_next_day),
		cmocka_unit_test(test_bad_hours_should_be_refused_saying_what_is_wrong),
		cmocka_unit_test(test_the_next_change_should_be_right_on_the_days_the_clocks_change),
		cmocka_unit_test(test_hours_should_read_back_grouped_by_day_with_en_dashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
