/* test_flow_reconfigure: the Trust's config reaches the flow only on the
 * attract screen (fb_flow_reconfigure): a new survey, languages and idle
 * timeout apply to the next person, never to the one answering, whose
 * response finishes on the survey version it started on; and the "You
 * said, we did" list the attract screen shows holds only the items in its
 * language (fb_yousaid_for_lang). */
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
#include "../../kiosk/yousaid.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "flow_fixture.h"

/* Version 8 of the same survey, offered in Polish only. */
static fb_survey *survey_v8(void)
{
	char *text = strdup(SURVEY);
	char *v = strstr(text, "\"version\": 7");
	fb_survey *s = NULL;
	fb_err err = {0};

	assert_non_null(v);
	v[11] = '8';
	assert_int_equal(fb_survey_parse(text, "v8.json", &s, &err), 0);
	free(text);
	return s;
}

static void test_a_new_config_mid_response_should_wait_and_the_response_finish_on_the_old_survey(void **state)
{
	fixture *fx = *state;
	fb_survey *v8 = survey_v8();
	fb_flow_options o = fx->o;
	fb_err err = {0};

	o.survey = v8;
	snprintf(o.languages[0], FB_LANGUAGE_MAX, "pl");
	o.n_languages = 1;
	o.idle_timeout_ms = 90000;
	begin_in(fx, 0);
	assert_int_not_equal(fb_flow_reconfigure(fx->flow, &o, &err), 0);
	assert_non_null(strstr(err.msg, "start screen"));
	/* the person finishes, in English, on version 7 */
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 500);
	send(fx, FB_EV_NEXT, 0, 200);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 200);
	send(fx, FB_EV_NEXT, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_int_equal(fx->subs[0].r.survey_version, 7);
	assert_int_not_equal(fb_flow_reconfigure(fx->flow, &o, &err), 0);   /* still thanks */
	send(fx, FB_EV_FINISH, 0, 500);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);

	/* at the start screen it applies: the next person gets version 8 in Polish */
	assert_int_equal(fb_flow_reconfigure(fx->flow, &o, &err), 0);
	assert_int_equal(fb_flow_language_count(fx->flow), 1);
	assert_string_equal(fb_flow_language_code(fx->flow, 0), "pl");
	assert_true(send(fx, FB_EV_START, 0, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);      /* one language: no choice */
	assert_string_equal(fb_flow_language_current(fx->flow), "pl");
	/* the Trust's 90 s idle timeout, not the default 60 s */
	wait_ms(fx, 61000);
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	wait_ms(fx, 30000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	fb_flow_free(fx->flow);
	fx->flow = NULL;
	make_flow(fx);
	fb_survey_free(v8);
}

static void test_a_config_offering_a_language_its_survey_lacks_should_change_nothing(void **state)
{
	fixture *fx = *state;
	fb_flow_options o = fx->o;
	fb_err err = {0};

	snprintf(o.languages[0], FB_LANGUAGE_MAX, "cy");
	o.n_languages = 1;
	assert_int_not_equal(fb_flow_reconfigure(fx->flow, &o, &err), 0);
	assert_non_null(strstr(err.msg, "'cy'"));
	assert_int_equal(fb_flow_language_count(fx->flow), 2);
}

static void test_an_item_should_be_shown_only_in_its_language(void **state)
{
	fb_yousaid *all = NULL, *en = NULL, *pl = NULL, *cy = NULL;
	fb_err err = {0};

	assert_int_equal(fb_yousaid_parse("You said: too hot\nWe did: blinds\n\n"
					  "lang: pl\nYou said: za gorąco\nWe did: rolety\n",
					  &all, &err), 0);
	assert_int_equal(fb_yousaid_count(all), 2);
	assert_int_equal(fb_yousaid_for_lang(all, "en", &en, &err), 0);
	assert_int_equal(fb_yousaid_for_lang(all, "pl", &pl, &err), 0);
	assert_int_equal(fb_yousaid_for_lang(all, "cy", &cy, &err), 0);
	assert_int_equal(fb_yousaid_count(en), 1);
	assert_string_equal(fb_yousaid_get(en, 0)->we_did, "blinds");
	assert_int_equal(fb_yousaid_count(pl), 1);
	assert_string_equal(fb_yousaid_get(pl, 0)->we_did, "rolety");
	assert_int_equal(fb_yousaid_count(cy), 0);
	/* the Trust's items go in the same list */
	assert_int_equal(fb_yousaid_add(cy, "cy", "Roedd hi'n rhy boeth", "Bleindiau"), 0);
	assert_int_equal(fb_yousaid_add(cy, "cy", "", "nothing said"), -1);
	assert_int_equal(fb_yousaid_count(cy), 1);
	fb_yousaid_free(all);
	fb_yousaid_free(en);
	fb_yousaid_free(pl);
	fb_yousaid_free(cy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_new_config_mid_response_should_wait_and_the_response_finish_on_the_old_survey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_config_offering_a_language_its_survey_lacks_should_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_item_should_be_shown_only_in_its_language, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
