/* Tests for kiosk/replay.c: scripts a tester writes for
 * `feedback-kiosk --replay` parse into the commands they mean, and a
 * mistake is reported with its line number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kiosk/replay.h"
#include "assert_text.h"

static void test_a_script_should_parse_every_command_in_order(void **state)
{
	const char *text =
		"# a whole visit\n"
		"\n"
		"tap start\n"
		"tap 120 640\n"
		"press 10 10 5200\n"
		"key return\n"
		"  key Backspace  \n"
		"type Zażółć  gęślą \n"
		"wait 61000\n"
		"expect still_there\n"
		"screenshot 01-still.there_ok\r\n";
	fb_replay *r = NULL;
	fb_err err;
	const fb_replay_cmd *c;

	assert_int_equal(fb_replay_parse(text, "visit.replay", &r, &err), 0);
	assert_int_equal(fb_replay_count(r), 9);
	c = fb_replay_get(r, 0);
	assert_int_equal(c->op, FB_REPLAY_TAP_WIDGET);
	assert_string_equal(c->arg, "start");
	assert_int_equal(c->line, 3);
	c = fb_replay_get(r, 1);
	assert_int_equal(c->op, FB_REPLAY_TAP_XY);
	assert_int_equal(c->x, 120);
	assert_int_equal(c->y, 640);
	c = fb_replay_get(r, 2);
	assert_int_equal(c->op, FB_REPLAY_PRESS);
	assert_true(c->ms == 5200);
	c = fb_replay_get(r, 3);
	assert_int_equal(c->op, FB_REPLAY_KEY);
	assert_int_equal(c->key, FB_KEY_RETURN);
	assert_int_equal(fb_replay_get(r, 4)->key, FB_KEY_BACKSPACE);
	c = fb_replay_get(r, 5);
	assert_int_equal(c->op, FB_REPLAY_TYPE);
	assert_string_equal(c->arg, "Zażółć  gęślą ");  /* spaces kept */
	assert_true(fb_replay_get(r, 6)->ms == 61000);
	c = fb_replay_get(r, 7);
	assert_int_equal(c->op, FB_REPLAY_EXPECT);
	assert_int_equal(c->screen, FB_SCREEN_STILL_THERE);
	c = fb_replay_get(r, 8);
	assert_int_equal(c->op, FB_REPLAY_SCREENSHOT);
	assert_string_equal(c->arg, "01-still.there_ok");
	assert_int_equal(c->line, 11);
	assert_null(fb_replay_get(r, 9));
	assert_string_equal(fb_replay_key_name(FB_KEY_ESCAPE), "Escape");
	fb_replay_free(r);
}

static void expect_error(const char *text, const char *where, const char *what)
{
	fb_replay *r = NULL;
	fb_err err;

	assert_int_equal(fb_replay_parse(text, "t.replay", &r, &err),
			 FB_ERR_INVALID);
	assert_null(r);
	assert_contains(err.msg, where);
	assert_contains(err.msg, what);
}

static void test_press_on_a_widget_and_headphones_should_parse(void **state)
{
	fb_replay *r = NULL;
	fb_err err;
	(void)state;
	assert_int_equal(fb_replay_parse("press read-aloud 2000\nheadphones\n", "hear.replay",
					 &r, &err), 0);
	assert_int_equal(fb_replay_count(r), 2);
	assert_int_equal(fb_replay_get(r, 0)->op, FB_REPLAY_PRESS_WIDGET);
	assert_string_equal(fb_replay_get(r, 0)->arg, "read-aloud");
	assert_true(fb_replay_get(r, 0)->ms == 2000);
	assert_int_equal(fb_replay_get(r, 1)->op, FB_REPLAY_HEADPHONES);
	fb_replay_free(r);
	assert_int_equal(fb_replay_parse("press read-aloud\n", "x.replay", &r, &err),
			 FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "x.replay:1: press takes"));
	assert_int_equal(fb_replay_parse("headphones on\n", "x.replay", &r, &err),
			 FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "x.replay:1: headphones takes nothing"));
}

static void test_sleep_should_let_real_time_pass_for_sound(void **state)
{
	fb_replay *r = NULL;
	fb_err err;
	(void)state;
	assert_int_equal(fb_replay_parse("tap read-aloud\nsleep 1500\n", "s.replay",
					 &r, &err), 0);
	assert_int_equal(fb_replay_count(r), 2);
	assert_int_equal(fb_replay_get(r, 1)->op, FB_REPLAY_SLEEP);
	assert_true(fb_replay_get(r, 1)->ms == 1500);
	fb_replay_free(r);
}

static void test_size_should_resize_within_the_shipped_range(void **state)
{
	fb_replay *r = NULL;
	fb_err err;
	(void)state;
	assert_int_equal(fb_replay_parse("size 1080x1920\n", "s.replay", &r, &err), 0);
	assert_int_equal(fb_replay_get(r, 0)->op, FB_REPLAY_SIZE);
	assert_int_equal(fb_replay_get(r, 0)->x, 1080);
	assert_int_equal(fb_replay_get(r, 0)->y, 1920);
	fb_replay_free(r);
	expect_error("size 100x100\n", "t.replay:1:", "WIDTHxHEIGHT");
	expect_error("size 800x480x2\n", "t.replay:1:", "WIDTHxHEIGHT");
	expect_error("size big\n", "t.replay:1:", "WIDTHxHEIGHT");
}

static void test_mistakes_should_name_the_line_and_what_is_wrong(void **state)
{
	expect_error("tap start\nclick next\n", "t.replay:2:", "unknown command 'click'");
	expect_error("# x\n\nexpect thanks_page\n", "t.replay:3:", "screen name");
	expect_error("wait soon\n", "t.replay:1:", "milliseconds");
	expect_error("wait -5\n", "t.replay:1:", "milliseconds");
	/* real time is capped: a replay never hangs a test run */
	expect_error("sleep 10001\n", "t.replay:1:", "real time");
	expect_error("sleep\n", "t.replay:1:", "real time");
	expect_error("tap 10\n", "t.replay:1:", "widget id or X Y");
	expect_error("tap 1 2 3\n", "t.replay:1:", "widget id or X Y");
	expect_error("press 1 2\n", "t.replay:1:", "press takes X Y MS");
	expect_error("key F13\n", "t.replay:1:", "Backspace");
	expect_error("type\n", "t.replay:1:", "text to type");
	expect_error("screenshot ../../etc/x\n", "t.replay:1:", "screenshot");
}

static void test_oversized_scripts_should_be_refused_not_truncated(void **state)
{
	size_t n = FB_REPLAY_MAX_LINE + 10;
	char *text = malloc(n + 8);
	fb_replay *r = NULL;
	fb_err err;

	assert_non_null(text);
	memcpy(text, "type ", 5);
	memset(text + 5, 'a', n - 5);
	text[n] = '\0';
	assert_int_equal(fb_replay_parse(text, "long", &r, &err), FB_ERR_INVALID);
	assert_contains(err.msg, "long:1: line longer");
	free(text);
}

static void test_missing_file_should_say_which(void **state)
{
	fb_replay *r = NULL;
	fb_err err;

	assert_int_equal(fb_replay_load("/nonexistent/x.replay", &r, &err),
			 FB_ERR_NOTFOUND);
	assert_contains(err.msg, "/nonexistent/x.replay");
	fb_replay_free(NULL);
}

static void test_an_empty_script_should_load_with_no_commands(void **state)
{
	fb_replay *r = NULL;
	fb_err err;

	assert_int_equal(fb_replay_parse("# nothing\n\n", NULL, &r, &err), 0);
	assert_int_equal(fb_replay_count(r), 0);
	fb_replay_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_script_should_parse_every_command_in_order),
		cmocka_unit_test(test_press_on_a_widget_and_headphones_should_parse),
		cmocka_unit_test(test_sleep_should_let_real_time_pass_for_sound),
		cmocka_unit_test(test_size_should_resize_within_the_shipped_range),
		cmocka_unit_test(test_mistakes_should_name_the_line_and_what_is_wrong),
		cmocka_unit_test(test_oversized_scripts_should_be_refused_not_truncated),
		cmocka_unit_test(test_missing_file_should_say_which),
		cmocka_unit_test(test_an_empty_script_should_load_with_no_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
