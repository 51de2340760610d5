/* Tests for the kiosk's quick path and its guards (issue 11): rating, then
 * Send now on the comment screen; "Skip these questions" for About you;
 * "Delete what you wrote?" before typed words go; countdowns of 20 s that
 * stand still under a finger; a progress count that stays put; and the
 * start screen out of order when the disk is full. The flow is driven with
 * a fake clock and a fake store; what the person sees is checked through
 * the view and the layout (no SDL). The shipped survey
 * (config/surveys/fft.json) is the one the quick path is for. */
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
#include "../../kiosk/layout.h"
#include "../../kiosk/staff.h"
#include "../../kiosk/view.h"
#include "../../kiosk/words.h"
#include "config.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "assert_text.h"
#include "src_path.h"

#include "flow_fixture.h"

/* The shipped survey in place of the fixture's. */
static fb_survey *use_fft_json(fixture *fx)
{
	fb_survey *s = NULL;
	fb_err err;

	assert_int_equal(fb_survey_load(test_src_path("config/surveys/fft.json"), &s, &err), 0);
	fx->o.survey = s;
	make_flow(fx);
	return s;
}

static void drop_fft_json(fixture *fx, fb_survey *s)
{
	fb_flow_free(fx->flow);
	fx->flow = NULL;
	fb_survey_free(s);
}

static const char *qid(fixture *fx)
{
	const fb_question *q = fb_flow_question(fx->flow);
	return q ? q->id : "(none)";
}

/* What the person sees now, as a view (words in w, owned by the caller). */
static void view_now(fixture *fx, fb_config *cfg, kiosk_view_words *w, kiosk_view *v)
{
	kiosk_view_facts f = {
		.flow = fx->flow, .survey = fx->o.survey, .cfg = cfg,
		.now_ms = fx->now, .wall_ms = fx->wall + fx->now,
	};
	kiosk_view_build(v, w, &f);
}

static void cfg_make(fb_config *cfg)
{
	fb_config_defaults(cfg);
	snprintf(cfg->location_code, sizeof cfg->location_code, "ward-a");
	snprintf(cfg->location_name, sizeof cfg->location_name, "Ward A");
	cfg->crisis_text[0] = '\0';
}

/* ---- rating, then Send now ---- */

static void test_rating_then_send_now_should_store_the_rating_in_three_taps(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	/* Tap 1: a language on the attract screen (the input sends START and
	 * the language for that one tap, see kiosk/input.c "lang-"). */
	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	assert_string_equal(qid(fx), "fft");
	assert_false(fb_flow_can_send_now(fx->flow));   /* a rating first */
	/* Tap 2: a face. It goes straight to the comment screen. */
	assert_true(send(fx, FB_EV_CHOOSE_ANSWER, 2, 1500));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_string_equal(qid(fx), "what_was_good");
	assert_true(fb_flow_can_send_now(fx->flow));
	/* Tap 3: Send now. */
	assert_true(send(fx, FB_EV_SEND_NOW, 0, 1500));
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_int_equal(fx->subs[0].r.fft, 2);
	assert_int_equal(fx->subs[0].r.flags & FB_FLAG_PARTIAL, 0);
	assert_false(fx->subs[0].has_priv);
	drop_fft_json(fx, s);
}

static void test_the_free_text_question_should_always_be_asked_before_send_now(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	/* Send now means nothing on the faces: the comment screen is shown. */
	assert_false(send(fx, FB_EV_SEND_NOW, 0, 100));
	assert_string_equal(qid(fx), "fft");
	assert_int_equal(fx->n_subs, 0);
	drop_fft_json(fx, s);
}

static void test_send_now_should_keep_a_short_comment(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 1500);
	type_text(fx, "Kind nurses");
	assert_true(send(fx, FB_EV_SEND_NOW, 0, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_contains(fx->subs[0].priv, "\"what_was_good\":\"Kind nurses\"");
	drop_fft_json(fx, s);
}

static void test_tell_us_more_should_go_on_to_the_next_question_with_the_comment_kept(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 1500);
	type_text(fx, "Quick");
	assert_true(send(fx, FB_EV_NEXT, 0, 500));
	assert_string_equal(qid(fx), "do_better");
	assert_false(fb_flow_can_send_now(fx->flow));  /* only the comment screen */
	send(fx, FB_EV_BACK, 0, 500);
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Quick");
	drop_fft_json(fx, s);
}

static void test_back_on_the_comment_screen_should_bring_the_faces_back_with_the_choice(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 5, 1500);         /* a slip: very poor */
	assert_true(send(fx, FB_EV_BACK, 0, 500));
	assert_string_equal(qid(fx), "fft");
	assert_int_equal(fb_flow_answer(fx->flow)->choice, 5);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 500);          /* meant very good */
	send(fx, FB_EV_SEND_NOW, 0, 500);
	assert_int_equal(fx->subs[0].r.fft, 1);
	drop_fft_json(fx, s);
}

/* The fixture's survey: the rating is followed by a required question, so
 * it neither jumps on by itself nor offers Send now anywhere. */
static void test_a_rating_followed_by_a_required_question_should_wait_for_next(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 500);
	assert_int_equal(question(fx), Q_RATING);
	send(fx, FB_EV_NEXT, 0, 500);
	assert_int_equal(question(fx), Q_VISIT);
	assert_false(fb_flow_can_send_now(fx->flow));
}

static void test_skip_these_questions_should_skip_the_about_you_section_at_once(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	send(fx, FB_EV_NEXT, 0, 500);                   /* tell us more */
	send(fx, FB_EV_SKIP, 0, 500);                   /* do better */
	assert_string_equal(qid(fx), "about_you");
	assert_true(fb_flow_can_skip_section(fx->flow));
	assert_true(send(fx, FB_EV_SKIP_SECTION, 0, 500));
	/* Seven questions in one tap: nothing follows, so it is sent. */
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_null(strstr(fx->subs[0].answers, "age"));
	drop_fft_json(fx, s);
}

/* ---- nothing typed is lost without a word ---- */

static void test_skip_after_typing_should_ask_and_no_should_keep_the_words(void **state)
{
	fixture *fx = *state;
	fb_config cfg;
	kiosk_view_words *w = NULL;
	kiosk_view v;

	complete_quickly(fx, 1);        /* one done; the next person: */
	send(fx, FB_EV_FINISH, 0, 100);
	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_SKIP, 0, 100);                   /* helped by */
	assert_int_equal(question(fx), Q_COMMENTS);
	type_text(fx, "lovely");
	assert_true(send(fx, FB_EV_SKIP, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	assert_string_equal(fb_screen_name(screen(fx)), "confirm_delete");
	cfg_make(&cfg);
	assert_int_equal(kiosk_view_words_new(&w), 0);
	view_now(fx, &cfg, w, &v);
	assert_string_equal(v.title, "Delete what you wrote?");
	assert_string_equal(v.primary, "No, keep it");
	assert_string_equal(v.secondary, "Yes, delete it");
	assert_true(send(fx, FB_EV_CONFIRM_NO, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_int_equal(question(fx), Q_COMMENTS);
	assert_string_equal(fb_flow_answer(fx->flow)->text, "lovely");
	/* Skip with nothing typed asks nothing. */
	for (int i = 0; i < 6; i++)
		send(fx, FB_EV_TEXT_BACKSPACE, 0, 50);
	assert_true(send(fx, FB_EV_SKIP, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 2);
	kiosk_view_words_free(w);
}

static void test_yes_delete_should_delete_the_words_and_move_on(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_SKIP, 0, 100);
	type_text(fx, "secret");
	send(fx, FB_EV_SKIP, 0, 100);
	assert_true(send(fx, FB_EV_CONFIRM_YES, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_false(fx->subs[0].has_priv);
}

static void test_skip_these_questions_after_typing_a_name_should_ask_first(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	send(fx, FB_EV_NEXT, 0, 500);
	send(fx, FB_EV_SKIP, 0, 500);                   /* about you */
	send(fx, FB_EV_NEXT, 0, 500);                   /* age */
	for (int i = 0; i < 4; i++)
		send(fx, FB_EV_SKIP, 0, 300);           /* .. contact? */
	assert_string_equal(qid(fx), "contact_opt_in");
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 300);          /* yes */
	send(fx, FB_EV_NEXT, 0, 300);
	assert_string_equal(qid(fx), "contact_name");
	type_text(fx, "Sam");
	for (int i = 0; i < 6; i++)
		send(fx, FB_EV_BACK, 0, 300);
	assert_string_equal(qid(fx), "about_you");
	assert_true(send(fx, FB_EV_SKIP_SECTION, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	send(fx, FB_EV_CONFIRM_NO, 0, 300);
	assert_string_equal(qid(fx), "about_you");
	assert_int_equal(fx->n_subs, 0);
	send(fx, FB_EV_SKIP_SECTION, 0, 300);
	send(fx, FB_EV_CONFIRM_YES, 0, 300);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fx->n_subs, 1);
	assert_false(fx->subs[0].has_priv);
	drop_fft_json(fx, s);
}

static void test_walking_away_from_delete_what_you_wrote_should_keep_the_words(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	send(fx, FB_EV_NEXT, 0, 100);
	send(fx, FB_EV_SKIP, 0, 100);
	type_text(fx, "kept");
	send(fx, FB_EV_SKIP, 0, 100);
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	wait_ms(fx, 20000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fx->n_subs, 1);
	assert_true(fx->subs[0].r.flags & FB_FLAG_PARTIAL);
	assert_contains(fx->subs[0].priv, "kept");
}

static void test_back_after_typing_should_keep_the_words_and_coming_forward_show_them(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 500);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	assert_string_equal(qid(fx), "what_was_good");
	type_text(fx, "Kind nurses");
	assert_true(send(fx, FB_EV_BACK, 0, 300));
	assert_string_equal(qid(fx), "fft");
	assert_true(send(fx, FB_EV_BACK, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_LANGUAGE);
	/* forward again, another language even: everything is still there */
	send(fx, FB_EV_CHOOSE_LANGUAGE, 1, 500);
	assert_string_equal(qid(fx), "fft");
	assert_int_equal(fb_flow_answer(fx->flow)->choice, 2);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 500);
	assert_string_equal(qid(fx), "what_was_good");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Kind nurses");
	assert_int_equal(fx->n_subs, 0);
	drop_fft_json(fx, s);
}

static void test_back_out_of_the_language_screen_after_typing_should_ask_first(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 500);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 1000);
	type_text(fx, "Kind");
	send(fx, FB_EV_BACK, 0, 300);
	send(fx, FB_EV_BACK, 0, 300);
	assert_int_equal(screen(fx), FB_SCREEN_LANGUAGE);
	assert_true(send(fx, FB_EV_BACK, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	/* No: back where Back was pressed, the words kept */
	assert_true(send(fx, FB_EV_CONFIRM_NO, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_LANGUAGE);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 500);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 500);
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Kind");
	send(fx, FB_EV_BACK, 0, 300);
	send(fx, FB_EV_BACK, 0, 300);
	send(fx, FB_EV_BACK, 0, 300);
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	/* Yes: they leave; nothing stored, nothing left for the next person */
	assert_true(send(fx, FB_EV_CONFIRM_YES, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fx->n_subs, 0);
	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 500);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 500);
	assert_string_equal(qid(fx), "what_was_good");
	assert_null(fb_flow_answer(fx->flow)->text);
	/* a rating alone is not words: Back leaves without asking */
	send(fx, FB_EV_BACK, 0, 300);
	send(fx, FB_EV_BACK, 0, 300);
	assert_true(send(fx, FB_EV_BACK, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	drop_fft_json(fx, s);
}

static void test_back_on_the_first_question_with_one_language_after_typing_should_ask_first(void **state)
{
	fixture *fx = *state;
	fb_survey *s = NULL;
	fb_err err;

	assert_int_equal(fb_survey_load(test_src_path("config/surveys/fft.json"), &s, &err), 0);
	fx->o.survey = s;
	snprintf(fx->o.languages[0], FB_LANGUAGE_MAX, "en");
	fx->o.n_languages = 1;
	make_flow(fx);
	send(fx, FB_EV_START, 0, 1000);
	assert_string_equal(qid(fx), "fft");
	send(fx, FB_EV_CHOOSE_ANSWER, 3, 1000);
	type_text(fx, "Too hot");
	send(fx, FB_EV_BACK, 0, 300);
	assert_string_equal(qid(fx), "fft");
	assert_true(send(fx, FB_EV_BACK, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	assert_true(send(fx, FB_EV_CONFIRM_NO, 0, 300));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_string_equal(qid(fx), "fft");
	/* Back on the question itself is No too */
	send(fx, FB_EV_BACK, 0, 300);
	assert_true(send(fx, FB_EV_BACK, 0, 300));
	assert_string_equal(qid(fx), "fft");
	send(fx, FB_EV_CHOOSE_ANSWER, 3, 500);
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Too hot");
	/* walking away from the question keeps the words (a partial) */
	send(fx, FB_EV_BACK, 0, 300);
	send(fx, FB_EV_BACK, 0, 300);
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	send(fx, FB_EV_ACTIVITY, 0, 5000);          /* back: still asked */
	assert_int_equal(screen(fx), FB_SCREEN_CONFIRM_DELETE);
	wait_ms(fx, 80000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(fx->n_subs, 1);
	assert_true(fx->subs[0].r.flags & FB_FLAG_PARTIAL);
	assert_contains(fx->subs[0].priv, "Too hot");
	drop_fft_json(fx, s);
}

static void test_are_you_still_there_should_bring_the_words_back_at_a_touch(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 500);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	type_text(fx, "Kind");
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	assert_true(send(fx, FB_EV_STILL_HERE, 0, 19000));
	assert_string_equal(qid(fx), "what_was_good");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Kind");
	assert_int_equal(fx->n_subs, 0);
	drop_fft_json(fx, s);
}

static void test_are_you_still_there_should_say_what_becomes_of_the_words(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);
	fb_config cfg;
	kiosk_view_words *w = NULL;
	kiosk_view v;

	cfg_make(&cfg);
	assert_int_equal(kiosk_view_words_new(&w), 0);
	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 500);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	view_now(fx, &cfg, w, &v);
	assert_null(v.body);                    /* nothing typed: no word */
	send(fx, FB_EV_STILL_HERE, 0, 1000);
	type_text(fx, "Kind");
	wait_ms(fx, 60000);
	view_now(fx, &cfg, w, &v);
	assert_string_equal(v.body, "If nobody answers, what you wrote so far will be kept.");
	cfg.keep_partial = false;
	view_now(fx, &cfg, w, &v);
	assert_string_equal(v.body, "If nobody answers, what you wrote will be deleted.");
	kiosk_view_words_free(w);
	drop_fft_json(fx, s);
}

/* ---- time enough (WCAG 2.2.1) ---- */

static void test_thanks_should_stand_still_while_touched_and_start_again_in_full(void **state)
{
	fixture *fx = *state;

	complete_quickly(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_true(fb_flow_countdown_s(fx->flow, fx->now) >= 20);
	wait_ms(fx, 15000);
	assert_int_equal(fb_flow_countdown_s(fx->flow, fx->now), 5);
	send(fx, FB_EV_ACTIVITY, 0, 0);                 /* a finger lands */
	wait_ms(fx, 40000);                             /* reading the card */
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(fb_flow_countdown_s(fx->flow, fx->now), 20);
	send(fx, FB_EV_TOUCH_UP, 0, 0);                 /* and lifts */
	wait_ms(fx, 19999);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	wait_ms(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_sorry_should_give_twenty_seconds_and_stand_still_while_touched(void **state)
{
	fixture *fx = *state;

	fx->fail_with = FB_ERR_IO;
	complete_quickly(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_SORRY);
	assert_true(fb_flow_countdown_s(fx->flow, fx->now) >= 20);
	wait_ms(fx, 19000);
	assert_int_equal(screen(fx), FB_SCREEN_SORRY);
	send(fx, FB_EV_ACTIVITY, 0, 0);
	wait_ms(fx, 30000);
	assert_int_equal(screen(fx), FB_SCREEN_SORRY);
	send(fx, FB_EV_TOUCH_UP, 0, 0);
	wait_ms(fx, 20000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_a_touch_that_never_lifts_should_not_hold_thanks_for_ever(void **state)
{
	fixture *fx = *state;

	complete_quickly(fx, 1);
	send(fx, FB_EV_ACTIVITY, 0, 0);                 /* a stuck touch */
	wait_ms(fx, 60000 + 20000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_are_you_still_there_should_give_twenty_seconds(void **state)
{
	fixture *fx = *state;

	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	assert_true(fb_flow_countdown_s(fx->flow, fx->now) >= 20);
	wait_ms(fx, 19999);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
}

/* ---- what the screen says ---- */

static void test_a_greyed_next_should_say_choose_one_answer(void **state)
{
	fixture *fx = *state;
	fb_config cfg;
	kiosk_view_words *w = NULL;
	kiosk_view v;

	cfg_make(&cfg);
	assert_int_equal(kiosk_view_words_new(&w), 0);
	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 100);
	send(fx, FB_EV_NEXT, 0, 100);                   /* visit: required */
	view_now(fx, &cfg, w, &v);
	assert_false(v.can_next);
	assert_non_null(v.next_why);
	assert_string_equal(v.next_why, "Choose one answer");
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 100);
	view_now(fx, &cfg, w, &v);
	assert_true(v.can_next);
	assert_null(v.next_why);
	kiosk_view_words_free(w);
}

static void test_the_progress_count_should_stay_fixed_on_one_screen(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);
	size_t n, m;

	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	send(fx, FB_EV_NEXT, 0, 500);
	send(fx, FB_EV_SKIP, 0, 500);
	send(fx, FB_EV_NEXT, 0, 500);
	for (int i = 0; i < 4; i++)
		send(fx, FB_EV_SKIP, 0, 300);
	assert_string_equal(qid(fx), "contact_opt_in");
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 8);
	assert_int_equal(m, 8);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 300);          /* yes: two follow */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 8);
	assert_int_equal(m, 8);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 300);          /* no */
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 300);          /* yes again */
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(m, 8);
	send(fx, FB_EV_NEXT, 0, 300);
	fb_flow_progress(fx->flow, &n, &m);
	assert_int_equal(n, 9);
	assert_int_equal(m, 10);
	drop_fft_json(fx, s);
}

static void test_the_comment_screen_should_show_send_now_beside_tell_us_more(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);
	fb_config cfg;
	kiosk_view_words *w = NULL;
	kiosk_view v;
	kiosk_layout *l = NULL;
	int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1920, 1080 }, { 1080, 1920 } };

	cfg_make(&cfg);
	assert_int_equal(kiosk_view_words_new(&w), 0);
	assert_int_equal(kiosk_layout_new(&l), 0);
	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	view_now(fx, &cfg, w, &v);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		kiosk_layout_build(l, &v, sizes[i][0], sizes[i][1],
				   kiosk_fixture_measure, NULL);
		const kiosk_widget *sn = kiosk_layout_find(l, "send-now");
		const kiosk_widget *nx = kiosk_layout_find(l, "next");
		assert_non_null(sn);
		assert_non_null(nx);
		assert_string_equal(sn->label, "Send now");
		assert_string_equal(nx->label, "Tell us more");
		assert_int_equal(sn->role, KIOSK_ROLE_PRIMARY);
		assert_true(sn->target);
		assert_false(sn->disabled);
		/* side by side or stacked, never on top of each other */
		assert_true(sn->x + sn->w <= nx->x || nx->x + nx->w <= sn->x ||
			    sn->y + sn->h <= nx->y || nx->y + nx->h <= sn->y);
		assert_null(kiosk_layout_find(l, "skip"));
	}
	kiosk_layout_free(l);
	kiosk_view_words_free(w);
	drop_fft_json(fx, s);
}

static void test_the_about_you_page_should_offer_skip_these_questions(void **state)
{
	fixture *fx = *state;
	fb_survey *s = use_fft_json(fx);
	fb_config cfg;
	kiosk_view_words *w = NULL;
	kiosk_view v;
	kiosk_layout *l = NULL;

	cfg_make(&cfg);
	assert_int_equal(kiosk_view_words_new(&w), 0);
	assert_int_equal(kiosk_layout_new(&l), 0);
	send(fx, FB_EV_START, 0, 1000);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, 1000);
	send(fx, FB_EV_NEXT, 0, 500);
	send(fx, FB_EV_SKIP, 0, 500);
	view_now(fx, &cfg, w, &v);
	kiosk_layout_build(l, &v, 800, 480, kiosk_fixture_measure, NULL);
	const kiosk_widget *k = kiosk_layout_find(l, "skip-section");
	assert_non_null(k);
	assert_string_equal(k->label, "Skip these questions");
	kiosk_layout_free(l);
	kiosk_view_words_free(w);
	drop_fft_json(fx, s);
}

/* ---- out of order ---- */

static void test_a_full_disk_should_put_the_start_screen_out_of_order(void **state)
{
	fixture *fx = *state;
	fb_config cfg;
	kiosk_view_words *w = NULL;
	kiosk_view v;
	kiosk_layout *l = NULL;

	cfg_make(&cfg);
	assert_int_equal(kiosk_view_words_new(&w), 0);
	assert_int_equal(kiosk_layout_new(&l), 0);
	fx->fail_with = FB_ERR_FULL;
	complete_quickly(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_SORRY);
	/* The sorry screen carries the crisis card too. */
	view_now(fx, &cfg, w, &v);
	assert_non_null(v.card_body);
	assert_contains(v.card_body, "116 123");
	send(fx, FB_EV_FINISH, 0, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	view_now(fx, &cfg, w, &v);
	assert_string_equal(v.title, "Sorry, this kiosk is out of order");
	kiosk_layout_build(l, &v, 800, 480, kiosk_fixture_measure, NULL);
	assert_null(kiosk_layout_find(l, "start"));
	assert_null(kiosk_layout_find(l, "lang-en"));
	send(fx, FB_EV_START, 0, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	/* Space made: the app says so and the kiosk starts again. */
	fb_flow_set_out_of_order(fx->flow, false);
	view_now(fx, &cfg, w, &v);
	assert_string_equal(v.title, "Tell us about your visit");
	assert_true(send(fx, FB_EV_START, 0, 1000));
	kiosk_layout_free(l);
	kiosk_view_words_free(w);
}

static void test_other_save_failures_should_not_put_the_kiosk_out_of_order(void **state)
{
	fixture *fx = *state;

	fx->fail_with = FB_ERR_IO;
	complete_quickly(fx, 1);
	send(fx, FB_EV_FINISH, 0, 1000);
	assert_false(fb_flow_out_of_order(fx->flow));
	assert_true(send(fx, FB_EV_START, 0, 1000));
}

/* ---- the words ---- */

static void test_every_new_word_should_be_in_every_language(void **state)
{
	const fb_str_id ids[] = { FB_STR_SEND_NOW, FB_STR_TELL_US_MORE,
		FB_STR_SKIP_SECTION, FB_STR_DELETE_TITLE, FB_STR_DELETE_YES,
		FB_STR_DELETE_NO, FB_STR_OUT_OF_ORDER, FB_STR_OUT_OF_ORDER_BODY };
	(void)state;
	fb_words_preload();
	for (size_t i = 1; i < fb_str_language_count(); i++) {
		const char *lang = fb_str_language(i);
		for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
			const char *t = fb_str_lookup(lang, ids[k]);
			if (!t)
				fail_msg("%s has no '%s'", lang, fb_str_key(ids[k]));
			assert_true(fb_str_is_patient_facing(ids[k]));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_rating_then_send_now_should_store_the_rating_in_three_taps),
		T(test_the_free_text_question_should_always_be_asked_before_send_now),
		T(test_send_now_should_keep_a_short_comment),
		T(test_tell_us_more_should_go_on_to_the_next_question_with_the_comment_kept),
		T(test_back_on_the_comment_screen_should_bring_the_faces_back_with_the_choice),
		T(test_a_rating_followed_by_a_required_question_should_wait_for_next),
		T(test_skip_these_questions_should_skip_the_about_you_section_at_once),
		T(test_skip_after_typing_should_ask_and_no_should_keep_the_words),
		T(test_yes_delete_should_delete_the_words_and_move_on),
		T(test_skip_these_questions_after_typing_a_name_should_ask_first),
		T(test_walking_away_from_delete_what_you_wrote_should_keep_the_words),
		T(test_back_after_typing_should_keep_the_words_and_coming_forward_show_them),
		T(test_back_out_of_the_language_screen_after_typing_should_ask_first),
		T(test_back_on_the_first_question_with_one_language_after_typing_should_ask_first),
		T(test_are_you_still_there_should_bring_the_words_back_at_a_touch),
		T(test_are_you_still_there_should_say_what_becomes_of_the_words),
		T(test_thanks_should_stand_still_while_touched_and_start_again_in_full),
		T(test_sorry_should_give_twenty_seconds_and_stand_still_while_touched),
		T(test_a_touch_that_never_lifts_should_not_hold_thanks_for_ever),
		T(test_are_you_still_there_should_give_twenty_seconds),
		T(test_a_greyed_next_should_say_choose_one_answer),
		T(test_the_progress_count_should_stay_fixed_on_one_screen),
		T(test_the_comment_screen_should_show_send_now_beside_tell_us_more),
		T(test_the_about_you_page_should_offer_skip_these_questions),
		T(test_a_full_disk_should_put_the_start_screen_out_of_order),
		T(test_other_save_failures_should_not_put_the_kiosk_out_of_order),
		T(test_every_new_word_should_be_in_every_language),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
