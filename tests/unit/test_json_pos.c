/* Tests for lib/json_pos.c, the scan that finds where a survey's mistake
 * is: it ends on every valid JSON text, at any depth (issue 12: a 77-byte
 * survey nested 33 deep spun the kiosk at 100% CPU for ever), and still
 * names the line and column of what it can reach. Each test runs under an
 * alarm, so a hang fails the test instead of stalling the suite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_pos.h"
#include "survey.h"

#define SECONDS_ALLOWED 5

static void on_alarm(int sig)
{
	static const char msg[] = "json_pos: the scan did not end (hang)\n";

	(void)sig;
	(void)!write(2, msg, sizeof msg - 1);
	_exit(3);
}

static int arm(void **st)
{
	signal(SIGALRM, on_alarm);
	alarm(SECONDS_ALLOWED);
	return 0;
}

static int disarm(void **st)
{
	alarm(0);
	return 0;
}

/* {"comment": then depth [, 1, depth ], } in a malloc'd string. */
static char *nested_comment(int depth)
{
	size_t n = 0;
	char *t = malloc(32 + 2 * (size_t)depth);

	assert_non_null(t);
	n += (size_t)sprintf(t, "{\"comment\":");
	memset(t + n, '[', (size_t)depth);
	n += (size_t)depth;
	t[n++] = '1';
	memset(t + n, ']', (size_t)depth);
	n += (size_t)depth;
	strcpy(t + n, "}");
	return t;
}

static void test_the_77_byte_survey_of_issue_12_should_be_refused_not_hang(void **st)
{
	char *text = nested_comment(32);
	fb_survey *s = NULL;
	fb_err err = { 0 };

	assert_int_equal(strlen(text), 77);
	assert_int_equal(fb_survey_parse(text, "deep.json", &s, &err), FB_ERR_INVALID);
	assert_null(s);
	/* a message a survey author can act on, positioned in the file */
	assert_non_null(strstr(err.msg, "deep.json:1:"));
	free(text);
}

static void test_a_missing_key_after_deep_nesting_should_point_at_its_object(void **st)
{
	static const int depths[] = { 31, 32, 33, 34, 100, 1000 };

	for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
		char *text = nested_comment(depths[i]);
		int line = 0, col = 0;

		fb_json_pos_find(text, strlen(text), "/id", &line, &col);
		assert_int_equal(line, 1);
		assert_int_equal(col, 1);
		free(text);
	}
}

static void test_a_key_after_a_deep_value_should_still_be_found(void **st)
{
	/* 40 deep, then a sibling key on line 2: the scan must get past the
	 * deep value to reach it */
	char text[256];
	int line = 0, col = 0;
	int n = snprintf(text, sizeof text, "{\"a\":");

	/* the innermost value is a string holding brackets, which the skip
	 * must not count */
	for (int i = 0; i < 40; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "[");
	n += snprintf(text + n, sizeof text - (size_t)n, "\"]}\"");
	for (int i = 0; i < 40; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "]");
	snprintf(text + n, sizeof text - (size_t)n, ",\n  \"b\": 2}");

	fb_json_pos_find(text, strlen(text), "/b", &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
}

static void test_a_shallow_value_should_keep_its_exact_position(void **st)
{
	static const char text[] = "{\n  \"questions\": [\n    {\"id\": \"q1\"},\n    {\"idd\": 1}\n  ]\n}";
	int line = 0, col = 0;

	fb_json_pos_find(text, sizeof text - 1, "/questions/1/idd", &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_77_byte_survey_of_issue_12_should_be_refused_not_hang, arm, disarm),
		cmocka_unit_test_setup_teardown(test_a_missing_key_after_deep_nesting_should_point_at_its_object, arm, disarm),
		cmocka_unit_test_setup_teardown(test_a_key_after_a_deep_value_should_still_be_found, arm, disarm),
		cmocka_unit_test_setup_teardown(test_a_shallow_value_should_keep_its_exact_position, arm, disarm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
