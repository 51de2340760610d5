/* Tests for the modes of kiosk/flow.c ([kiosk] modes): the person picks
 * easy read (or children's) on the start screen and answers that survey;
 * the response says which survey it answered; the next person starts in
 * the standard one. Fake clock and store, no SDL. */
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
#include "assert_text.h"
#include "src_path.h"

#include "flow_fixture.h"

/* An easy-read survey in English and Polish: the rating, one yes/no. */
static const char *EASY =
"{\"id\": \"easytest\", \"version\": 3, \"audience\": \"easy_read\",\n"
KIOSK_FIXTURE_LANGUAGES_EN_PL
" \"questions\": [\n"
"  {\"id\": \"fft\", \"kind\": \"fft\", \"adapted\": true,\n"
"   \"title\": {\"en\": \"How was it?\", \"pl\": \"Jak było?\"},\n"
"   \"labels\": [{\"en\": \"Very good\", \"pl\": \"Bardzo dobrze\"}, {\"en\": \"Good\", \"pl\": \"Dobrze\"},\n"
"              {\"en\": \"OK\", \"pl\": \"W porządku\"}, {\"en\": \"Bad\", \"pl\": \"Źle\"},\n"
"              {\"en\": \"Very bad\", \"pl\": \"Bardzo źle\"}, {\"en\": \"I don't know\", \"pl\": \"Nie wiem\"}]},\n"
"  {\"id\": \"listened\", \"kind\": \"single\", \"optional\": true,\n"
"   \"title\": {\"en\": \"Did we listen?\", \"pl\": \"Czy słuchaliśmy?\"},\n"
"   \"options\": [{\"value\": \"yes\", \"label\": {\"en\": \"Yes\", \"pl\": \"Tak\"}},\n"
"               {\"value\": \"no\", \"label\": {\"en\": \"No\", \"pl\": \"Nie\"}}]}\n"
" ]}\n";

/* The fixture's flow again, offering easy read after the standard survey. */
static fb_survey *with_easy_read(fixture *fx)
{
	fb_survey *easy = NULL;
	fb_err err;

	if (fb_survey_parse(EASY, "easy.json", &easy, &err) != 0)
		print_error("%s\n", err.msg);
	assert_non_null(easy);
	snprintf(fx->o.modes[0].name, sizeof fx->o.modes[0].name, "easy_read");
	fx->o.modes[0].survey = easy;
	fx->o.n_modes = 1;
	make_flow(fx);
	return easy;
}

static void test_without_modes_there_should_be_one_mode_the_standard_survey(void **state)
{
	fixture *fx = *state;

	assert_int_equal(fb_flow_mode_count(fx->flow), 1);
	assert_string_equal(fb_flow_mode_name(fx->flow, 0), "standard");
	assert_ptr_equal(fb_flow_survey(fx->flow), fx->survey);
	/* choosing a mode that is not on offer starts nothing */
	assert_false(send(fx, FB_EV_CHOOSE_MODE, 1, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_easy_read_chosen_should_be_answered_and_stored_as_easy_read(void **state)
{
	fixture *fx = *state;
	fb_survey *easy = with_easy_read(fx);

	assert_int_equal(fb_flow_mode_count(fx->flow), 2);
	assert_string_equal(fb_flow_mode_name(fx->flow, 1), "easy_read");
	assert_true(send(fx, FB_EV_CHOOSE_MODE, 1, 1000));
	assert_int_equal(fb_flow_mode(fx->flow), 1);
	assert_ptr_equal(fb_flow_survey(fx->flow), easy);
	/* the language next, then easy read's own questions */
	assert_int_equal(screen(fx), FB_SCREEN_LANGUAGE);
	assert_true(send(fx, FB_EV_CHOOSE_LANGUAGE, 1, 1000));
	assert_string_equal(fb_flow_language_current(fx->flow), "pl");
	assert_string_equal(fb_flow_question(fx->flow)->id, "fft");
	assert_true(send(fx, FB_EV_CHOOSE_ANSWER, 2, 500));
	assert_true(send(fx, FB_EV_NEXT, 0, 500));
	assert_string_equal(fb_flow_question(fx->flow)->id, "listened");
	assert_true(send(fx, FB_EV_CHOOSE_ANSWER, 0, 500));
	assert_true(fb_flow_is_last(fx->flow));
	assert_true(send(fx, FB_EV_NEXT, 0, 500));
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_string_equal(fx->subs[0].r.survey_id, "easytest");
	assert_int_equal(fx->subs[0].r.survey_version, 3);
	assert_int_equal(fx->subs[0].r.fft, 2);
	assert_string_equal(fx->subs[0].r.language, "pl");
	assert_contains(fx->subs[0].answers, "\"listened\":\"yes\"");
	/* thanked in easy read, in Polish */
	assert_ptr_equal(fb_flow_survey(fx->flow), easy);
	assert_string_equal(fb_flow_language_current(fx->flow), "pl");

	/* the next person starts in the standard survey */
	assert_true(send(fx, FB_EV_FINISH, 0, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fb_flow_mode(fx->flow), 0);
	assert_ptr_equal(fb_flow_survey(fx->flow), fx->survey);
	complete_quickly(fx, 1);
	assert_int_equal(fx->n_subs, 2);
	assert_string_equal(fx->subs[1].r.survey_id, "flowtest");
	assert_int_equal(fx->subs[1].r.survey_version, 7);

	fb_flow_free(fx->flow);
	fx->flow = NULL;
	fb_survey_free(easy);
}

static void test_easy_read_left_idle_should_keep_its_partial_and_go_back_to_standard(void **state)
{
	fixture *fx = *state;
	fb_survey *easy;

	fx->o.keep_partial = true;
	easy = with_easy_read(fx);
	assert_true(send(fx, FB_EV_CHOOSE_MODE, 1, 1000));
	assert_true(send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 1000));
	assert_true(send(fx, FB_EV_CHOOSE_ANSWER, 6, 500));
	assert_true(send(fx, FB_EV_NEXT, 0, 500));
	wait_ms(fx, fx->o.idle_timeout_ms + fx->o.still_there_ms + 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fx->n_subs, 1);
	assert_string_equal(fx->subs[0].r.survey_id, "easytest");
	assert_true(fx->subs[0].r.flags & FB_FLAG_PARTIAL);
	assert_int_equal(fx->subs[0].r.fft, 6);
	assert_ptr_equal(fb_flow_survey(fx->flow), fx->survey);
	/* Back on the language screen is leaving: standard again */
	assert_true(send(fx, FB_EV_CHOOSE_MODE, 1, 1000));
	assert_true(send(fx, FB_EV_BACK, 0, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fb_flow_mode(fx->flow), 0);

	fb_flow_free(fx->flow);
	fx->flow = NULL;
	fb_survey_free(easy);
}

static void test_a_mode_whose_survey_lacks_an_offered_language_should_be_refused(void **state)
{
	fixture *fx = *state;
	fb_survey *easy = NULL;
	fb_flow *f = NULL;
	fb_err err;
	char text[4096];
	/* easy read in English only; the standard survey offers Polish too */
	snprintf(text, sizeof text, "%s", EASY);
	char *pl = strstr(text, ",\n                {\"code\": \"pl\"");
	assert_non_null(pl);
	memmove(pl, strstr(pl, "]"), strlen(strstr(pl, "]")) + 1);
	for (char *p = strstr(text, ", \"pl\": \""); p; p = strstr(text, ", \"pl\": \"")) {
		char *end = strchr(p + 9, '"');
		memmove(p, end + 1, strlen(end + 1) + 1);
	}
	if (fb_survey_parse(text, "easy.json", &easy, &err) != 0)
		print_error("%s\n", err.msg);
	assert_non_null(easy);
	snprintf(fx->o.modes[0].name, sizeof fx->o.modes[0].name, "easy_read");
	fx->o.modes[0].survey = easy;
	fx->o.n_modes = 1;
	assert_int_equal(fb_flow_new(&f, &fx->o, fx->now, &err), FB_ERR_INVALID);
	assert_null(f);
	assert_contains(err.msg, "mode easy_read: survey 'easytest' has no 'pl' text");
	fb_survey_free(easy);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_without_modes_there_should_be_one_mode_the_standard_survey),
		T(test_easy_read_chosen_should_be_answered_and_stored_as_easy_read),
		T(test_easy_read_left_idle_should_keep_its_partial_and_go_back_to_standard),
		T(test_a_mode_whose_survey_lacks_an_offered_language_should_be_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
