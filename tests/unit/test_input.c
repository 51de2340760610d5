/* Tests for kiosk/input.c: fingers, the mouse and a switch (Tab and Enter)
 * on a real flow and a real layout with a fake text measure: no SDL, no
 * window. Each test does what a person at the kiosk would do and checks
 * where they end up and what they see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kiosk/flow.h"
#include "../../kiosk/input.h"
#include "../../kiosk/layout.h"
#include "../../kiosk/view.h"
#include "config.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "input_rig.h"

/* en + pl; a rating, then an optional comment. */
static const char *SURVEY =
"{\"id\": \"inputtest\", \"version\": 1,\n"
KIOSK_FIXTURE_LANGUAGES_EN_PL
" \"questions\": [\n"
KIOSK_FIXTURE_QUESTION_RATING
"  {\"id\": \"comments\", \"kind\": \"text\", \"optional\": true,\n"
"   \"title\": {\"en\": \"Anything else?\", \"pl\": \"Coś jeszcze?\"}}\n"
" ]}\n";

typedef input_rig fixture;

static int setup(void **state)
{
	const input_rig_options o = {.width = 1280, .height = 800, .step_ms = 100, .sound = true};
	return input_rig_setup(state, sizeof(fixture), SURVEY, "inputtest.json", &o);
}

/* A finger down and up on the middle of the widget with id. */
static void tap(fixture *fx, const char *id)
{
	const kiosk_widget *w = kiosk_layout_find(fx->layout, id);
	assert_non_null(w);
	int x = w->x + w->w / 2, y = w->y + w->h / 2;
	input_rig_pointer(fx, KIOSK_IN_DOWN, x, y);
	input_rig_pointer(fx, KIOSK_IN_UP, x, y);
}

static void key(fixture *fx, kiosk_input_key k, bool repeat)
{
	kiosk_input_event ev = { .kind = KIOSK_IN_KEY, .key = k, .repeat = repeat };
	kiosk_input_handle(fx->in, &ev);
	input_rig_refresh(fx);
}

static void typed(fixture *fx, const char *s)
{
	kiosk_input_event ev = { .kind = KIOSK_IN_TEXT };
	snprintf(ev.text, sizeof ev.text, "%s", s);
	kiosk_input_handle(fx->in, &ev);
	input_rig_refresh(fx);
}

static void to_comments(fixture *fx)
{
	tap(fx, "lang-en");
	tap(fx, "answer-1");          /* the rating goes on to the comment */
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_QUESTION);
	assert_int_equal(fb_flow_question(fx->flow)->kind, FB_Q_TEXT);
}

static void test_tapping_start_takes_the_person_to_the_languages(void **state)
{
	fixture *fx = *state;
	tap(fx, "start");
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_LANGUAGE);
}

static void test_a_tap_anywhere_on_the_start_screen_starts(void **state)
{
	fixture *fx = *state;
	input_rig_pointer(fx, KIOSK_IN_DOWN, 640, 790);
	input_rig_pointer(fx, KIOSK_IN_UP, 640, 790);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_LANGUAGE);
}

static void test_a_language_on_the_start_screen_goes_straight_to_the_first_question(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-pl");
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_QUESTION);
	assert_string_equal(fb_flow_language_current(fx->flow), "pl");
}

static void test_sliding_off_a_button_before_lifting_presses_nothing(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	const kiosk_widget *w = kiosk_layout_find(fx->layout, "answer-1");
	assert_non_null(w);
	input_rig_pointer(fx, KIOSK_IN_DOWN, w->x + w->w / 2, w->y + w->h / 2);
	assert_string_equal(kiosk_input_pressed(fx->in), "answer-1");
	input_rig_pointer(fx, KIOSK_IN_MOVE, 2, 2);             /* slid away */
	assert_null(kiosk_input_pressed(fx->in));
	input_rig_pointer(fx, KIOSK_IN_UP, 2, 2);
	assert_false(fb_flow_answer(fx->flow)->answered);
}

static void test_a_rating_goes_to_the_comment_screen_and_back_brings_it_back(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	tap(fx, "answer-2");
	assert_string_equal(fb_flow_question(fx->flow)->id, "comments");
	assert_non_null(kiosk_layout_find(fx->layout, "send-now"));
	tap(fx, "back");              /* a slip of the finger: corrected here */
	assert_string_equal(fb_flow_question(fx->flow)->id, "rating");
	assert_int_equal(fb_flow_answer(fx->flow)->choice, 2);
}

static void test_three_taps_from_the_start_screen_send_a_rating(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	tap(fx, "answer-1");
	tap(fx, "send-now");
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_THANKS);
}

static void test_the_on_screen_keyboard_types_with_a_capital_first(void **state)
{
	fixture *fx = *state;
	to_comments(fx);
	assert_true(kiosk_input_shift(fx->in));       /* as a phone does */
	tap(fx, "key-o");
	assert_false(kiosk_input_shift(fx->in));
	tap(fx, "key-k");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Ok");
	tap(fx, "key-backspace");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "O");
}

static void test_a_hardware_keyboard_types_into_the_answer(void **state)
{
	fixture *fx = *state;
	to_comments(fx);
	typed(fx, "Kind");
	typed(fx, " staff");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Kind staff");
	key(fx, KIOSK_IN_KEY_BACKSPACE, false);
	assert_string_equal(fb_flow_answer(fx->flow)->text, "Kind staf");
}

static void test_a_switch_user_moves_to_a_button_and_presses_it(void **state)
{
	fixture *fx = *state;
	key(fx, KIOSK_IN_KEY_TAB, false);             /* shows where the focus is */
	assert_non_null(kiosk_input_focus(fx->in));
	/* Tab along to Start, then Enter. */
	for (int i = 0; i < 20 && strcmp(kiosk_input_focus(fx->in), "start") != 0; i++)
		key(fx, KIOSK_IN_KEY_TAB, false);
	assert_string_equal(kiosk_input_focus(fx->in), "start");
	key(fx, KIOSK_IN_KEY_RETURN, false);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_LANGUAGE);
	/* The new screen starts with its first button focused. */
	assert_non_null(kiosk_input_focus(fx->in));
}

static void test_a_held_switch_presses_only_once(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	for (int i = 0; i < 20 && (!kiosk_input_focus(fx->in) ||
				   strcmp(kiosk_input_focus(fx->in), "answer-1") != 0); i++)
		key(fx, KIOSK_IN_KEY_TAB, false);
	assert_string_equal(kiosk_input_focus(fx->in), "answer-1");
	key(fx, KIOSK_IN_KEY_RETURN, false);         /* on to the comment */
	assert_string_equal(fb_flow_question(fx->flow)->id, "comments");
	key(fx, KIOSK_IN_KEY_RETURN, true);           /* still held: nothing */
	key(fx, KIOSK_IN_KEY_RETURN, true);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_QUESTION);
	assert_string_equal(fb_flow_question(fx->flow)->id, "comments");
}

static void test_escape_on_a_question_goes_back(void **state)
{
	fixture *fx = *state;
	to_comments(fx);
	key(fx, KIOSK_IN_KEY_ESCAPE, false);
	assert_string_equal(fb_flow_question(fx->flow)->id, "rating");
}

static void test_larger_text_lasts_until_the_next_person(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	tap(fx, "text-size");
	assert_true(kiosk_input_large_text(fx->in));
	tap(fx, "back");                              /* to the languages */
	assert_true(kiosk_input_large_text(fx->in));
	tap(fx, "back");                              /* left: back to attract */
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_ATTRACT);
	assert_false(kiosk_input_large_text(fx->in));
}

static void test_the_speaker_on_still_there_reads_the_question_instead_of_answering(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	fx->now += 60000;                             /* idle a minute */
	input_rig_send(fx, FB_EV_TICK, 0, NULL);
	input_rig_refresh(fx);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_STILL_THERE);
	tap(fx, "read-aloud");
	assert_int_equal(fx->read_aloud_presses, 1);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_STILL_THERE);
	tap(fx, "still-here");
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_QUESTION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, input_rig_teardown)
		T(test_tapping_start_takes_the_person_to_the_languages),
		T(test_a_tap_anywhere_on_the_start_screen_starts),
		T(test_a_language_on_the_start_screen_goes_straight_to_the_first_question),
		T(test_sliding_off_a_button_before_lifting_presses_nothing),
		T(test_a_rating_goes_to_the_comment_screen_and_back_brings_it_back),
		T(test_three_taps_from_the_start_screen_send_a_rating),
		T(test_the_on_screen_keyboard_types_with_a_capital_first),
		T(test_a_hardware_keyboard_types_into_the_answer),
		T(test_a_switch_user_moves_to_a_button_and_presses_it),
		T(test_a_held_switch_presses_only_once),
		T(test_escape_on_a_question_goes_back),
		T(test_larger_text_lasts_until_the_next_person),
		T(test_the_speaker_on_still_there_reads_the_question_instead_of_answering),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
