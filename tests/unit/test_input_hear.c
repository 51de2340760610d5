/* Tests for touch and hear in kiosk/input.c (kiosk/input.h): a blind or
 * partially sighted person holds the read-aloud button, then explores the
 * screen with a finger, hearing each thing it touches, and taps twice to
 * choose. A real flow, view and layout with a fake text measure and a fake
 * clock; what would be spoken is what kiosk/speech.c says for the widget
 * (kiosk_speech_widget), recorded instead of played. No SDL. */
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
#include "../../kiosk/speech.h"
#include "../../kiosk/view.h"
#include "config.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "input_rig.h"

/* en + pl; a rating, a single choice, then an optional comment. */
static const char *SURVEY =
"{\"id\": \"heartest\", \"version\": 1,\n"
KIOSK_FIXTURE_LANGUAGES_EN_PL
" \"questions\": [\n"
KIOSK_FIXTURE_QUESTION_RATING
KIOSK_FIXTURE_QUESTION_VISIT
"  {\"id\": \"comments\", \"kind\": \"text\", \"optional\": true,\n"
"   \"title\": {\"en\": \"Anything else?\", \"pl\": \"Coś jeszcze?\"}}\n"
" ]}\n";

#define MAX_SAID 32

typedef struct fixture {
	input_rig r;                 /* first: the host's ctx is both */
	char said[MAX_SAID][256];    /* what touch and hear said, in order */
	char said_id[MAX_SAID][KIOSK_WIDGET_ID_MAX];
	int n_said;
} fixture;

static void host_hear(void *ctx, const kiosk_widget *w)
{
	fixture *fx = ctx;
	kiosk_view v;
	assert_true(fx->n_said < MAX_SAID);
	input_rig_view(&fx->r, &v);
	kiosk_speech_widget(&v, w, fx->said[fx->n_said], sizeof fx->said[0]);
	snprintf(fx->said_id[fx->n_said], sizeof fx->said_id[0], "%s", w->id);
	fx->n_said++;
}

static int setup(void **state)
{
	const input_rig_options o = {.width = 1280, .height = 800, .step_ms = 50, .sound = true,
				     .hear = host_hear};
	return input_rig_setup(state, sizeof(fixture), SURVEY, "heartest.json", &o);
}

static void centre(fixture *fx, const char *id, int *x, int *y)
{
	const kiosk_widget *w = kiosk_layout_find(fx->r.layout, id);
	assert_non_null(w);
	*x = w->x + w->w / 2;
	*y = w->y + w->h / 2;
}

static void tap(fixture *fx, const char *id)
{
	int x, y;
	centre(fx, id, &x, &y);
	input_rig_pointer(&fx->r, KIOSK_IN_DOWN, x, y);
	input_rig_pointer(&fx->r, KIOSK_IN_UP, x, y);
}

/* Time passing with nothing touched, the app's TICKs. */
static void wait_ms(fixture *fx, int64_t ms)
{
	fb_event tick = { .kind = FB_EV_TICK };
	int64_t end = fx->r.now + ms;
	for (int guard = 0; guard < 1000; guard++) {
		int64_t d = fb_flow_next_deadline_ms(fx->r.flow);
		if (d > end)
			break;
		fx->r.now = d;
		fb_flow_event(fx->r.flow, &tick, fx->r.now);
	}
	fx->r.now = end;
	fb_flow_event(fx->r.flow, &tick, fx->r.now);
	input_rig_refresh(&fx->r);
}

/* The read-aloud button held for ms. */
static void hold_read_aloud(fixture *fx, int64_t ms)
{
	int x, y;
	centre(fx, "read-aloud", &x, &y);
	input_rig_pointer(&fx->r, KIOSK_IN_DOWN, x, y);
	wait_ms(fx, ms);
	input_rig_pointer(&fx->r, KIOSK_IN_UP, x, y);
}

static bool selected(fixture *fx, const char *id)
{
	const kiosk_widget *w = kiosk_layout_find(fx->r.layout, id);
	assert_non_null(w);
	return w->selected;
}

/* On the rating screen with touch and hear on, nothing said yet. */
static void rating_hearing(fixture *fx)
{
	tap(fx, "lang-en");
	assert_int_equal(fb_flow_screen(fx->r.flow), FB_SCREEN_QUESTION);
	hold_read_aloud(fx, 2000);
	assert_true(fb_flow_touch_hear(fx->r.flow));
	fx->n_said = 0;
	wait_ms(fx, 1000);
}

static void test_holding_read_aloud_two_seconds_turns_touch_and_hear_on_without_reading(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	hold_read_aloud(fx, 2000);
	assert_true(fb_flow_touch_hear(fx->r.flow));
	assert_int_equal(fx->r.read_aloud_presses, 0);   /* a hold, not a tap */
	/* the band says so in words */
	const kiosk_widget *m = kiosk_layout_find(fx->r.layout, "touch-hear");
	assert_non_null(m);
	assert_string_equal(m->label, "Touch and hear");
	assert_false(m->target);
}

static void test_a_tap_on_read_aloud_still_reads_the_screen(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	tap(fx, "read-aloud");
	assert_int_equal(fx->r.read_aloud_presses, 1);
	assert_false(fb_flow_touch_hear(fx->r.flow));
	assert_null(kiosk_layout_find(fx->r.layout, "touch-hear"));
}

static void test_a_single_touch_speaks_the_answer_and_does_not_choose_it(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	tap(fx, "answer-2");
	assert_int_equal(fx->n_said, 1);
	assert_string_equal(fx->said_id[0], "answer-2");
	assert_string_equal(fx->said[0], "Good.");
	assert_false(fb_flow_answer(fx->r.flow)->answered);
	assert_false(selected(fx, "answer-2"));
	/* the ring shows a partially sighted person where the finger was */
	assert_string_equal(kiosk_input_focus(fx->r.in), "answer-2");
}

static void test_a_touch_on_the_question_speaks_its_title(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	const kiosk_widget *t = NULL;
	for (size_t i = 0; i < kiosk_layout_count(fx->r.layout); i++) {
		const kiosk_widget *w = kiosk_layout_get(fx->r.layout, i);
		if (w->label && strcmp(w->label, "Overall, how was your experience of our service?") == 0)
			t = w;
	}
	assert_non_null(t);
	int x = t->x + 4, y = t->y + t->h / 2;
	input_rig_pointer(&fx->r, KIOSK_IN_DOWN, x, y);
	input_rig_pointer(&fx->r, KIOSK_IN_UP, x, y);
	assert_int_equal(fx->n_said, 1);
	assert_string_equal(fx->said[0], "Overall, how was your experience of our service?");
}

static void test_a_double_tap_on_the_same_answer_chooses_it(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	tap(fx, "answer-4");
	tap(fx, "answer-4");           /* well inside KIOSK_INPUT_DOUBLE_TAP_MS */
	assert_true(fb_flow_answer(fx->r.flow)->answered);
	assert_int_equal(fb_flow_answer(fx->r.flow)->choice, 4);
	/* heard once, then again as chosen */
	assert_int_equal(fx->n_said, 2);
	assert_string_equal(fx->said[1], "Poor. Chosen.");
	assert_true(selected(fx, "answer-4"));
}

static void test_two_taps_slower_than_the_double_tap_time_only_speak(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	tap(fx, "answer-1");
	wait_ms(fx, KIOSK_INPUT_DOUBLE_TAP_MS + 100);
	tap(fx, "answer-1");
	assert_false(fb_flow_answer(fx->r.flow)->answered);
	assert_int_equal(fx->n_said, 2);
	assert_string_equal(fx->said[1], "Very good.");
}

static void test_taps_on_two_different_answers_choose_neither(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	tap(fx, "answer-1");
	tap(fx, "answer-2");
	assert_false(fb_flow_answer(fx->r.flow)->answered);
	assert_int_equal(fx->n_said, 2);
	assert_string_equal(fx->said_id[1], "answer-2");
}

static void test_a_slide_across_the_answers_speaks_each_once(void **state)
{
	fixture *fx = *state;
	int x1, y1, x2, y2, x3, y3;
	rating_hearing(fx);
	centre(fx, "answer-1", &x1, &y1);
	centre(fx, "answer-2", &x2, &y2);
	centre(fx, "answer-3", &x3, &y3);
	input_rig_pointer(&fx->r, KIOSK_IN_DOWN, x1, y1);
	input_rig_pointer(&fx->r, KIOSK_IN_MOVE, x1 + 2, y1);        /* still on it: no repeat */
	input_rig_pointer(&fx->r, KIOSK_IN_MOVE, x2, y2);
	input_rig_pointer(&fx->r, KIOSK_IN_MOVE, x3, y3);
	input_rig_pointer(&fx->r, KIOSK_IN_UP, x3, y3);
	assert_int_equal(fx->n_said, 3);
	assert_string_equal(fx->said[0], "Very good.");
	assert_string_equal(fx->said[1], "Good.");
	assert_string_equal(fx->said[2], "Neither good nor poor.");
	assert_false(fb_flow_answer(fx->r.flow)->answered);
}

static void test_a_double_tap_on_next_moves_on_and_a_single_one_does_not(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	tap(fx, "answer-1");
	tap(fx, "answer-1");
	wait_ms(fx, 1000);
	tap(fx, "next");
	assert_int_equal(fb_flow_question_index(fx->r.flow), 0);
	assert_string_equal(fx->said[fx->n_said - 1], "Next.");
	tap(fx, "next");
	assert_int_equal(fb_flow_question_index(fx->r.flow), 1);
	assert_true(fb_flow_touch_hear(fx->r.flow));
}

static void test_the_text_box_says_its_placeholder_never_what_was_typed(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	tap(fx, "answer-1");
	tap(fx, "answer-1");
	wait_ms(fx, 1000);
	tap(fx, "next");
	tap(fx, "next");
	wait_ms(fx, 1000);
	tap(fx, "option-first");
	tap(fx, "option-first");
	assert_string_equal(fx->said[fx->n_said - 1], "Yes. Chosen.");
	wait_ms(fx, 1000);
	tap(fx, "next");
	tap(fx, "next");
	assert_int_equal(fb_flow_question_index(fx->r.flow), 2);
	kiosk_input_event t = { .kind = KIOSK_IN_TEXT };
	snprintf(t.text, sizeof t.text, "my secret");
	kiosk_input_handle(fx->r.in, &t);
	input_rig_refresh(&fx->r);
	wait_ms(fx, 1000);
	tap(fx, "text-field");
	assert_null(strstr(fx->said[fx->n_said - 1], "secret"));
	assert_string_equal(fx->said[fx->n_said - 1], "Type your answer here.");
}

static void test_the_next_attract_screen_turns_it_off_and_taps_press_again(void **state)
{
	fixture *fx = *state;
	rating_hearing(fx);
	tap(fx, "back");
	tap(fx, "back");                /* twice: back to the languages */
	assert_int_equal(fb_flow_screen(fx->r.flow), FB_SCREEN_LANGUAGE);
	assert_true(fb_flow_touch_hear(fx->r.flow));
	wait_ms(fx, 1000);
	tap(fx, "back");
	tap(fx, "back");                /* out: the person left */
	assert_int_equal(fb_flow_screen(fx->r.flow), FB_SCREEN_ATTRACT);
	assert_false(fb_flow_touch_hear(fx->r.flow));
	assert_null(kiosk_layout_find(fx->r.layout, "touch-hear"));
	int said = fx->n_said;
	tap(fx, "lang-en");             /* one tap chooses again */
	assert_int_equal(fb_flow_screen(fx->r.flow), FB_SCREEN_QUESTION);
	assert_int_equal(fx->n_said, said);
}

static void test_headphones_plugged_in_turn_touch_and_hear_on(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	kiosk_input_event ev = { .kind = KIOSK_IN_HEADPHONES };
	kiosk_input_handle(fx->r.in, &ev);
	input_rig_refresh(&fx->r);
	assert_true(fb_flow_touch_hear(fx->r.flow));
	tap(fx, "answer-3");
	assert_false(fb_flow_answer(fx->r.flow)->answered);
	assert_string_equal(fx->said[fx->n_said - 1], "Neither good nor poor.");
}

static void test_words_are_said_in_the_persons_language(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-pl");
	hold_read_aloud(fx, 2000);
	const kiosk_widget *m = kiosk_layout_find(fx->r.layout, "touch-hear");
	assert_non_null(m);
	assert_string_not_equal(m->label, "Touch and hear");
	wait_ms(fx, 1000);
	tap(fx, "answer-1");
	tap(fx, "answer-1");
	assert_string_equal(fx->said[fx->n_said - 2], "Bardzo dobrze.");
	assert_string_equal(fx->said[fx->n_said - 1], "Bardzo dobrze. Wybrano.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, input_rig_teardown)
		T(test_holding_read_aloud_two_seconds_turns_touch_and_hear_on_without_reading),
		T(test_a_tap_on_read_aloud_still_reads_the_screen),
		T(test_a_single_touch_speaks_the_answer_and_does_not_choose_it),
		T(test_a_touch_on_the_question_speaks_its_title),
		T(test_a_double_tap_on_the_same_answer_chooses_it),
		T(test_two_taps_slower_than_the_double_tap_time_only_speak),
		T(test_taps_on_two_different_answers_choose_neither),
		T(test_a_slide_across_the_answers_speaks_each_once),
		T(test_a_double_tap_on_next_moves_on_and_a_single_one_does_not),
		T(test_the_text_box_says_its_placeholder_never_what_was_typed),
		T(test_the_next_attract_screen_turns_it_off_and_taps_press_again),
		T(test_headphones_plugged_in_turn_touch_and_hear_on),
		T(test_words_are_said_in_the_persons_language),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
