/* test_collector_form: the results pages read the fields a browser sends
 * (a form body, %-encoded) and the cookies it holds, exactly: a field is
 * decoded in full or refused when too long, never cut; a cookie is found
 * among others by its whole name. The same parsers are fuzzed
 * (tests/fuzz/fuzz_form.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fb_err.h"
#include "../../collector/web/form.h"

static void test_a_form_field_should_be_decoded_whole(void **state)
{
	char out[64];
	const char *body = "csrf=abc&note=Rang+the+GP%2C+then+the+family%21&back=%2Flocation%2FWARD1";

	assert_int_equal(coll_web_form_get(body, "note", out, sizeof out), 0);
	assert_string_equal(out, "Rang the GP, then the family!");
	assert_int_equal(coll_web_form_get(body, "back", out, sizeof out), 0);
	assert_string_equal(out, "/location/WARD1");
	assert_int_equal(coll_web_form_get("a=%zz%4", "a", out, sizeof out), 0);
	assert_string_equal(out, "%zz%4");   /* not an escape: kept as sent */
}

static void test_a_field_should_be_found_by_its_whole_name(void **state)
{
	char out[64];

	assert_int_equal(coll_web_form_get("username=x&user=wendy", "user", out, sizeof out), 0);
	assert_string_equal(out, "wendy");
	assert_int_equal(coll_web_form_get("username=x", "user", out, sizeof out), FB_ERR_NOTFOUND);
	assert_int_equal(coll_web_form_get(NULL, "user", out, sizeof out), FB_ERR_NOTFOUND);
	assert_int_equal(coll_web_form_get("user&x=1", "user", out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void test_a_field_too_long_should_be_refused_not_cut(void **state)
{
	char out[6];

	assert_int_equal(coll_web_form_get("pw=abcdef", "pw", out, sizeof out), FB_ERR_INVALID);
	assert_int_equal(coll_web_form_get("pw=abcde", "pw", out, sizeof out), 0);
	assert_string_equal(out, "abcde");
}

/* A page that shows a field back (the note of what was done, the user name)
 * must find nothing of one that was refused or absent. */
static void test_a_refused_or_absent_field_should_leave_an_empty_string(void **state)
{
	char out[6];

	memset(out, 'x', sizeof out);
	assert_int_equal(coll_web_form_get("note=abcdefgh", "note", out, sizeof out), FB_ERR_INVALID);
	assert_string_equal(out, "");
	memset(out, 'x', sizeof out);
	assert_int_equal(coll_web_form_get("id=1", "note", out, sizeof out), FB_ERR_NOTFOUND);
	assert_string_equal(out, "");
}

/* "%00" would end the value as a C string, silently cutting what follows
 * (a password, a note): refused instead. */
static void test_a_field_with_an_encoded_nul_should_be_refused_not_cut(void **state)
{
	char out[32];

	assert_int_equal(coll_web_form_get("password=secret%00anything", "password", out, sizeof out),
			 FB_ERR_INVALID);
	assert_string_equal(out, "");
}

static void test_a_cookie_should_be_found_among_others(void **state)
{
	char out[16];

	assert_true(coll_web_cookie_get("theme=dark; fb_session=s3cret ;x=1", "fb_session", out,
					sizeof out));
	assert_string_equal(out, "s3cret");
	assert_false(coll_web_cookie_get("xfb_session=a", "fb_session", out, sizeof out));
	assert_false(coll_web_cookie_get("fb_session=", "fb_session", out, sizeof out));
	assert_false(coll_web_cookie_get("fb_session=0123456789abcdef", "fb_session", out, sizeof out));
	assert_false(coll_web_cookie_get(NULL, "fb_session", out, sizeof out));
	assert_false(coll_web_cookie_get(" ; ;", "fb_session", out, sizeof out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_form_field_should_be_decoded_whole),
		cmocka_unit_test(test_a_field_should_be_found_by_its_whole_name),
		cmocka_unit_test(test_a_field_too_long_should_be_refused_not_cut),
		cmocka_unit_test(test_a_refused_or_absent_field_should_leave_an_empty_string),
		cmocka_unit_test(test_a_field_with_an_encoded_nul_should_be_refused_not_cut),
		cmocka_unit_test(test_a_cookie_should_be_found_among_others),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
