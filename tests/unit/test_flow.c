/* Tests for kiosk/flow.c: the kiosk's survey state machine driven with a
 * fake clock and a fake store, no SDL. Each test walks a path a patient or
 * a member of staff would take and checks what they would see and what
 * would be stored. Staff screens and "You said, we did" are in
 * test_flow_staff. */
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
#include "assert_text.h"
#include "src_path.h"

#include "flow_fixture.h"

/* ---- the patient's paths ---- */

static void test_start_should_offer_language_choice_when_two_languages_are_offered(void **state)
{
	fixture *fx = *state;

	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fb_flow_language_count(fx->flow), 2);
	assert_string_equal(fb_flow_language_code(fx->flow, 1), "pl");
	assert_true(send(fx, FB_EV_START, 0, 10));
	assert_int_equal(screen(fx), FB_SCREEN_LANGUAGE);
	assert_string_equal(fb_screen_name(screen(fx)), "language");
}

static void test_start_should_skip_language_choice_when_only_one_language_is_offered(void **state)
{
	fixture *fx = *state;

	snprintf(fx->o.languages[0], FB_LANGUAGE_MAX, "pl");
	fx->o.n_languages = 1;
	make_flow(fx);
	assert_true(send(fx, FB_EV_START, 0, 10));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_int_equal(question(fx), Q_RATING);
	assert_string_equal(fb_flow_language_current(fx->flow), "pl");
	/* Back from the first question leaves: straight to attract. */
	assert_true(send(fx, FB_EV_BACK, 0, 10));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_flow_should_refuse_a_language_the_survey_lacks(void **state)
{
	fixture *fx = *state;
	fb_flow *f = NULL;
	fb_err err;

	snprintf(fx->o.languages[0], FB_LANGUAGE_MAX, "fr");
	fx->o.n_languages = 1;
	assert_int_equal(fb_flow_new(&f, &fx->o, 0, &err), FB_ERR_INVALID);
	assert_null(f);
	assert_contains(err.msg, "'fr'");
}

static void test_next_should_do_nothing_until_a_required_answer_is_chosen(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	assert_false(fb_flow_can_next(fx->flow));
	assert_false(fb_flow_can_skip(fx->flow));
	assert_false(send(fx, FB_EV_NEXT, 0, 100));
	assert_false(send(fx, FB_EV_SKIP, 0, 100));
	assert_int_equal(question(fx), Q_RATING);
	assert_false(send(fx, FB_EV_CHOOSE_ANSWER, 7, 100));  /* no such code */
	assert_true(send(fx, FB_EV_CHOOSE_ANSWER, 2, 100));
	/* A choice never advances by itself. */
	assert_int_equal(question(fx), Q_RATING);
	assert_true(fb_flow_can_next(fx->flow));
	assert_true(send(fx, FB_EV_NEXT, 0, 100));
	assert_int_equal(question(fx), Q_VISIT);
}

static void test_complete_survey_should_store_one_response_and_thank_in_the_persons_language(void **state)
{
	fixture *fx = *state;
	int64_t started;

	begin_in(fx, 1);
	started = fx->wall + fx->now - 1000;
	send(fx, FB_EV_CHOOSE_ANSWER, 5, 2000);         /* very poor */
	send(fx, FB_EV_NEXT, 0, 500);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 2000);         /* visit: again */
	send(fx, FB_EV_NEXT, 0, 500);
	assert_int_equal(question(fx), Q_HELPED);
	send(fx, FB_EV_TOGGLE_OPTION, 0, 500);
	send(fx, FB_EV_TOGGLE_OPTION, 1, 500);
	send(fx, FB_EV_TOGGLE_OPTION, 1, 500);          /* changed mind */
	send(fx, FB_EV_NEXT, 0, 500);
	assert_int_equal(question(fx), Q_WHY);
	type_text(fx, "Czekałem");
	send(fx, FB_EV_NEXT, 0, 500);
	assert_int_equal(question(fx), Q_COMMENTS);
	assert_true(fb_flow_is_last(fx->flow));
	assert_int_equal(fx->n_subs, 0);
	send(fx, FB_EV_NEXT, 0, 500);

	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_string_equal(fb_flow_language_current(fx->flow), "pl");
	assert_int_equal(fx->n_subs, 1);
	fb_response *r = &fx->subs[0].r;
	assert_string_equal(r->survey_id, "flowtest");
	assert_int_equal(r->survey_version, 7);
	assert_string_equal(r->location, "ward-a");
	assert_string_equal(r->language, "pl");
	assert_int_equal(r->mode, FB_MODE_KIOSK);
	assert_int_equal(r->fft, 5);
	assert_int_equal(r->flags, 0);
	assert_true(r->started_at_ms == started);
	assert_true(r->submitted_at_ms == fx->wall + fx->now);
	assert_true(r->duration_ms == 9300);
	assert_contains(fx->subs[0].answers, "\"visit\":\"again\"");
	assert_contains(fx->subs[0].answers, "\"helped_by\":[\"nurse\"]");
	assert_null(strstr(fx->subs[0].answers, "Czekałem"));
	assert_contains(fx->subs[0].priv, "\"why_poor\":\"Czekałem\"");
	/* Nothing of theirs is left to show. */
	assert_null(fb_flow_question(fx->flow));
	assert_null(fb_flow_answer(fx->flow));
}

static void test_progress_should_count_only_the_questions_this_person_will_see(void **state)
{
	fixture *fx = *state;
	size_t n, m;

	begin_in(fx, 0);
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 1);
	assert_int_equal(m, 4);                 /* why_poor hidden */
	send(fx, FB_EV_CHOOSE_ANSWER, 4, 100);  /* poor: why_poor will follow */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(m, 4);                 /* fixed while on this screen */
	send(fx, FB_EV_NEXT, 0, 100);
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 2);
	assert_int_equal(m, 5);                 /* counted on the next one */
	send(fx, FB_EV_BACK, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 3);
	assert_int_equal(m, 4);
	send(fx, FB_EV_SKIP, 0, 100);
	/* Rating 1: the why_poor page is not shown at all. */
	assert_int_equal(question(fx), Q_COMMENTS);
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 4);
}

static void test_back_should_keep_answers_and_leaving_from_language_should_store_nothing(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 3, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	assert_true(send(fx, FB_EV_BACK, 0, 100));
	assert_int_equal(question(fx), Q_RATING);
	assert_int_equal(fb_flow_answer(fx->flow)->choice, 3);
	assert_true(send(fx, FB_EV_BACK, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_LANGUAGE);
	assert_true(send(fx, FB_EV_BACK, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fx->n_subs, 0);
	/* The next person starts clean. */
	begin_in(fx, 0);
	assert_false(fb_flow_answer(fx->flow)->answered);
}

static void test_skip_should_clear_the_answer_and_move_on(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_TOGGLE_OPTION, 1, 100);
	assert_true(fb_flow_can_skip(fx->flow));
	assert_true(send(fx, FB_EV_SKIP, 0, 100));
	assert_int_equal(question(fx), Q_COMMENTS);
	type_text(fx, "lovely");
	send(fx, FB_EV_SKIP, 0, 100);
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	send(fx, FB_EV_CONFIRM_YES, 0, 100);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_null(strstr(fx->subs[0].answers, "helped_by"));
	assert_false(fx->subs[0].has_priv);
}

static void test_text_should_stop_at_max_length_code_points_and_backspace_one_code_point(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 4, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_SKIP, 0, 100);
	assert_int_equal(question(fx), Q_WHY);
	assert_int_equal(fb_flow_text_max(fx->flow), 10);
	assert_true(type_text(fx, "Zażółć"));
	assert_true(type_text(fx, " gęślą jaźń"));
	assert_int_equal(fb_flow_text_length(fx->flow), 10);
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Zażółć gęś");
	assert_false(type_text(fx, "more"));     /* full: nothing changes */
	assert_true(send(fx, FB_EV_TEXT_BACKSPACE, 0, 100));
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Zażółć gę");
	/* Broken UTF-8 never reaches a stored answer. */
	assert_false(type_text(fx, "\xC3("));
	assert_false(type_text(fx, "\xED\xA0\x80"));    /* a surrogate */
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Zażółć gę");
	for (int i = 0; i < 9; i++)
		send(fx, FB_EV_TEXT_BACKSPACE, 0, 10);
	assert_false(fb_flow_answer(fx->flow)->answered);
	assert_false(send(fx, FB_EV_TEXT_BACKSPACE, 0, 10));
}

/* ---- walking away ---- */

static void answer_rating_and_walk_away(fixture *fx)
{
	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	send(fx, FB_EV_NEXT, 0, 1000);
	wait_ms(fx, 59000);
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	wait_ms(fx, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	assert_int_equal(fb_flow_countdown_s(fx->flow, fx->now), 20);
	wait_ms(fx, 19500);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	assert_int_equal(fb_flow_countdown_s(fx->flow, fx->now), 1);
	wait_ms(fx, 500);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_idle_timeout_should_keep_partial_response_flagged_partial(void **state)
{
	fixture *fx = *state;
	fb_flow_counts c;

	answer_rating_and_walk_away(fx);
	assert_int_equal(fx->n_subs, 1);
	assert_true(fx->subs[0].r.flags & FB_FLAG_PARTIAL);
	assert_int_equal(fx->subs[0].r.fft, 2);
	fb_flow_counts_get(fx->flow, &c);
	assert_int_equal(c.partial_kept, 1);
	/* The next person sees none of it. */
	begin_in(fx, 0);
	assert_false(fb_flow_answer(fx->flow)->answered);
}

static void test_idle_timeout_should_discard_partial_when_configured(void **state)
{
	fixture *fx = *state;
	fb_flow_counts c;

	fx->o.keep_partial = false;
	make_flow(fx);
	answer_rating_and_walk_away(fx);
	assert_int_equal(fx->n_subs, 0);
	fb_flow_counts_get(fx->flow, &c);
	assert_int_equal(c.discarded, 1);
}

static void test_idle_timeout_with_nothing_answered_should_store_nothing(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	wait_ms(fx, 90000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fx->n_subs, 0);
}

static void test_still_here_should_return_to_the_same_question_with_answers_intact(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);           /* helped: optional */
	type_text(fx, "ok");
	wait_ms(fx, 61000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	assert_true(send(fx, FB_EV_STILL_HERE, 0, 5000));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_int_equal(question(fx), Q_COMMENTS);
	assert_string_equal(fb_flow_answer(fx->flow)->text, "ok");
	/* The idle timer starts again from the tap. */
	wait_ms(fx, 59000);
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
}

static void test_a_long_sleep_should_pass_through_still_there_to_attract(void **state)
{
	fixture *fx = *state;
	fb_event tick = { .kind = FB_EV_TICK };

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	fx->now += 10 * 60 * 1000;              /* the device slept */
	assert_true(fb_flow_event(fx->flow, &tick, fx->now));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fx->n_subs, 1);
	assert_true(fx->subs[0].r.flags & FB_FLAG_PARTIAL);
}

static void test_a_partial_that_cannot_be_saved_should_leave_its_error_for_staff(void **state)
{
	fixture *fx = *state;
	fb_flow_counts c;

	fx->fail_with = FB_ERR_FULL;
	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 3, 100);
	wait_ms(fx, 90000);
	/* Nobody is there to apologise to: straight back to attract. */
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fb_flow_last_error(fx->flow)->code, FB_ERR_FULL);
	fb_flow_counts_get(fx->flow, &c);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.partial_kept, 0);
}

static void test_events_that_mean_nothing_on_a_screen_should_change_nothing(void **state)
{
	fixture *fx = *state;
	fb_event bad = { .kind = FB_EV_COUNT, .index = 0 };

	assert_false(send(fx, FB_EV_NEXT, 0, 0));
	assert_false(send(fx, FB_EV_CHOOSE_ANSWER, 1, 0));
	assert_false(send(fx, FB_EV_PIN_OK, 0, 0));
	assert_false(send(fx, FB_EV_STAFF_EXIT, 0, 0));
	assert_false(fb_flow_event(fx->flow, &bad, fx->now));
	assert_false(fb_flow_event(fx->flow, NULL, fx->now));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	begin_in(fx, 0);
	assert_false(send(fx, FB_EV_TOGGLE_OPTION, 0, 0));   /* not multi */
	assert_false(send(fx, FB_EV_TEXT_INSERT, 0, 0));     /* not text */
	assert_false(send(fx, FB_EV_FINISH, 0, 0));
	assert_false(send(fx, FB_EV_STAFF_CORNER_DOWN, 0, 0));
	assert_false(send(fx, FB_EV_CHOOSE_LANGUAGE, 1, 0));
	assert_int_equal(question(fx), Q_RATING);
	assert_string_equal(fb_flow_language_current(fx->flow), "en");
}

/* ---- storing ---- */

static void test_disk_full_should_show_sorry_keep_the_error_and_return_to_attract(void **state)
{
	fixture *fx = *state;
	fb_flow_counts c;

	fx->fail_with = FB_ERR_FULL;
	complete_quickly(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_SORRY);
	assert_int_equal(fb_flow_last_error(fx->flow)->code, FB_ERR_FULL);
	assert_contains(fb_flow_last_error(fx->flow)->msg, "disk full");
	fb_flow_counts_get(fx->flow, &c);
	assert_int_equal(c.failed, 1);
	wait_ms(fx, 20000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	/* Out of order: nobody starts answering into a full disk. */
	assert_true(fb_flow_out_of_order(fx->flow));
	send(fx, FB_EV_START, 0, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	/* The kiosk goes on; once the app sees space back, the next one is
	 * stored. */
	fx->fail_with = 0;
	fb_flow_set_out_of_order(fx->flow, false);
	complete_quickly(fx, 2);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_int_equal(fb_flow_last_error(fx->flow)->code, FB_ERR_FULL);
}

static void test_thanks_should_return_to_attract_after_twenty_seconds_or_on_finish(void **state)
{
	fixture *fx = *state;

	complete_quickly(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fb_flow_countdown_s(fx->flow, fx->now), 20);
	wait_ms(fx, 19999);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	wait_ms(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	wait_ms(fx, 20000);
	complete_quickly(fx, 1);
	assert_true(send(fx, FB_EV_FINISH, 0, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_second_response_within_ten_seconds_should_be_flagged_rapid_repeat_not_dropped(void **state)
{
	fixture *fx = *state;

	complete_quickly(fx, 1);
	send(fx, FB_EV_FINISH, 0, 100);
	complete_quickly(fx, 3);
	assert_int_equal(fx->n_subs, 2);
	assert_int_equal(fx->subs[0].r.flags & FB_FLAG_RAPID_REPEAT, 0);
	assert_true(fx->subs[1].r.flags & FB_FLAG_RAPID_REPEAT);
	/* Much later: an ordinary response again. */
	wait_ms(fx, 120000);
	complete_quickly(fx, 2);
	assert_int_equal(fx->subs[2].r.flags & FB_FLAG_RAPID_REPEAT, 0);
}

static void test_the_same_rating_three_times_in_a_row_quickly_should_be_flagged(void **state)
{
	fixture *fx = *state;

	for (int i = 0; i < 3; i++) {
		complete_quickly(fx, 5);
		wait_ms(fx, 25000);             /* past thanks and the 10 s window */
	}
	assert_int_equal(fx->n_subs, 3);
	assert_int_equal(fx->subs[1].r.flags & FB_FLAG_RAPID_REPEAT, 0);
	assert_true(fx->subs[2].r.flags & FB_FLAG_RAPID_REPEAT);
}

static void test_a_child_pressing_very_poor_fifty_times_should_be_flagged_not_dropped(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	for (int i = 0; i < 50; i++)
		send(fx, FB_EV_CHOOSE_ANSWER, 5, 80);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_SKIP, 0, 100);
	send(fx, FB_EV_SKIP, 0, 100);
	send(fx, FB_EV_SKIP, 0, 100);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_int_equal(fx->subs[0].r.fft, 5);
	assert_true(fx->subs[0].r.flags & FB_FLAG_RAPID_REPEAT);
}

static void test_deadline_should_tell_the_app_when_to_wake(void **state)
{
	fixture *fx = *state;
	int64_t d;

	begin_in(fx, 0);
	d = fb_flow_next_deadline_ms(fx->flow);
	assert_true(d == fx->now + 60000);
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	/* The countdown changes every second: wake for each. */
	d = fb_flow_next_deadline_ms(fx->flow);
	assert_true(d == fx->now + 1000);
	wait_ms(fx, 400);
	d = fb_flow_next_deadline_ms(fx->flow);
	assert_true(d == fx->now + 600);
}

/* ---- attract ---- */

static void test_you_said_items_should_cycle_every_eight_seconds_on_attract(void **state)
{
	fixture *fx = *state;
	float x1, y1, dim1, x2, y2, dim2;

	fx->o.n_yousaid = 3;
	make_flow(fx);
	assert_int_equal(fb_flow_yousaid_index(fx->flow), 0);
	fb_flow_drift(fx->flow, &x1, &y1, &dim1);
	wait_ms(fx, 7999);
	assert_int_equal(fb_flow_yousaid_index(fx->flow), 0);
	wait_ms(fx, 1);
	assert_int_equal(fb_flow_yousaid_index(fx->flow), 1);
	wait_ms(fx, 16000);
	assert_int_equal(fb_flow_yousaid_index(fx->flow), 0);
	wait_ms(fx, 60000);
	fb_flow_drift(fx->flow, &x2, &y2, &dim2);
	assert_true(x1 != x2 || y1 != y2);
	assert_true(x2 >= -1 && x2 <= 1 && dim2 >= 0 && dim2 <= 1);
	/* Never on a question page. */
	begin_in(fx, 0);
	assert_int_equal(fb_flow_yousaid_index(fx->flow), -1);
}

/* ---- the shipped survey ---- */

static void test_shipped_survey_should_complete_with_everything_skipped(void **state)
{
	fixture *fx = *state;
	fb_survey *s = NULL;
	fb_err err;

	assert_int_equal(fb_survey_load(test_src_path("config/surveys/fft.json"), &s, &err), 0);
	fx->o.survey = s;
	make_flow(fx);
	send(fx, FB_EV_START, 0, 100);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 5, 100);        /* Cymraeg */
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	for (int i = 0; i < 20 && screen(fx) == FB_SCREEN_QUESTION; i++) {
		if (!send(fx, FB_EV_SKIP, 0, 100))
			send(fx, FB_EV_NEXT, 0, 100);   /* an info page */
	}
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_string_equal(fx->subs[0].r.language, "cy");
	assert_int_equal(fx->subs[0].r.fft, 1);
	fb_flow_free(fx->flow);
	fx->flow = NULL;
	fb_survey_free(s);
}

/* "About you" is a page of information, not a question: it is not
 * counted, and it shows no "Question n of m" of its own (the shipped
 * survey once read "Question 4 of 9" there, with eight questions). */
static void test_progress_should_not_count_the_about_you_page_and_show_no_number_on_it(void **state)
{
	fixture *fx = *state;
	fb_survey *s = NULL;
	fb_err err;
	size_t n = 99, m = 99;

	assert_int_equal(fb_survey_load(test_src_path("config/surveys/fft.json"), &s, &err), 0);
	fx->o.survey = s;
	make_flow(fx);
	send(fx, FB_EV_START, 0, 100);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 100);        /* English */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 1);
	assert_int_equal(m, 8);      /* 11 pages: one is information, two
	                              * wait for a yes to contact */
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);          /* to what was good */
	assert_string_equal(fb_flow_question(fx->flow)->id, "what_was_good");
	send(fx, FB_EV_SKIP, 0, 100);                   /* do better */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 3);
	assert_int_equal(m, 8);
	send(fx, FB_EV_SKIP, 0, 100);
	assert_int_equal(fb_flow_question(fx->flow)->kind, FB_Q_INFO);
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 0);      /* no number on the information page */
	assert_int_equal(m, 8);
	send(fx, FB_EV_NEXT, 0, 100);                   /* age */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 4);
	assert_int_equal(m, 8);
	send(fx, FB_EV_SKIP, 0, 100);                   /* gender */
	send(fx, FB_EV_SKIP, 0, 100);                   /* ethnicity */
	send(fx, FB_EV_SKIP, 0, 100);                   /* disability */
	send(fx, FB_EV_SKIP, 0, 100);                   /* contact? */
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);          /* yes */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 8);
	assert_int_equal(m, 8);      /* fixed on this screen: no jump */
	send(fx, FB_EV_NEXT, 0, 100); /* name and details now follow */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 9);
	assert_int_equal(m, 10);
	fb_flow_free(fx->flow);
	fx->flow = NULL;
	fb_survey_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_start_should_offer_language_choice_when_two_languages_are_offered),
		T(test_start_should_skip_language_choice_when_only_one_language_is_offered),
		T(test_flow_should_refuse_a_language_the_survey_lacks),
		T(test_next_should_do_nothing_until_a_required_answer_is_chosen),
		T(test_complete_survey_should_store_one_response_and_thank_in_the_persons_language),
		T(test_progress_should_count_only_the_questions_this_person_will_see),
		T(test_back_should_keep_answers_and_leaving_from_language_should_store_nothing),
		T(test_skip_should_clear_the_answer_and_move_on),
		T(test_text_should_stop_at_max_length_code_points_and_backspace_one_code_point),
		T(test_idle_timeout_should_keep_partial_response_flagged_partial),
		T(test_idle_timeout_should_discard_partial_when_configured),
		T(test_idle_timeout_with_nothing_answered_should_store_nothing),
		T(test_still_here_should_return_to_the_same_question_with_answers_intact),
		T(test_a_long_sleep_should_pass_through_still_there_to_attract),
		T(test_disk_full_should_show_sorry_keep_the_error_and_return_to_attract),
		T(test_a_partial_that_cannot_be_saved_should_leave_its_error_for_staff),
		T(test_events_that_mean_nothing_on_a_screen_should_change_nothing),
		T(test_thanks_should_return_to_attract_after_twenty_seconds_or_on_finish),
		T(test_second_response_within_ten_seconds_should_be_flagged_rapid_repeat_not_dropped),
		T(test_the_same_rating_three_times_in_a_row_quickly_should_be_flagged),
		T(test_a_child_pressing_very_poor_fifty_times_should_be_flagged_not_dropped),
		T(test_deadline_should_tell_the_app_when_to_wake),
		T(test_you_said_items_should_cycle_every_eight_seconds_on_attract),
		T(test_shipped_survey_should_complete_with_everything_skipped),
		T(test_progress_should_not_count_the_about_you_page_and_show_no_number_on_it),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
