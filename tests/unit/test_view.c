/* Tests for kiosk/view.c: what each screen says, in the person's words,
 * for a flow driven with a fake clock (no SDL, no window). Each test takes
 * a step a patient or a member of staff would take and checks the words
 * and choices they would see. */
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
#include "../../kiosk/view.h"
#include "config.h"
#include "survey.h"
#include "kiosk_fixture.h"

/* en + pl; a rating, a single choice, and a short optional comment. */
static const char *SURVEY =
"{\"id\": \"viewtest\", \"version\": 1,\n"
KIOSK_FIXTURE_LANGUAGES_EN_PL
" \"questions\": [\n"
KIOSK_FIXTURE_QUESTION_RATING
KIOSK_FIXTURE_QUESTION_VISIT
"  {\"id\": \"comments\", \"kind\": \"text\", \"optional\": true, \"max_length\": 20,\n"
"   \"title\": {\"en\": \"Anything else?\", \"pl\": \"Coś jeszcze?\"}}\n"
" ]}\n";

typedef struct fixture {
	fb_survey *survey;
	fb_staff *staff;
	fb_flow *flow;
	fb_config cfg;
	fb_staff_status status;
	kiosk_view_words *words;
	kiosk_view v;
	int64_t now;
	bool sound;
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	fb_flow_options o;
	fb_err err;
	char hash[crypto_pwhash_STRBYTES];

	assert_non_null(fx);
	assert_true(sodium_init() >= 0);
	assert_int_equal(fb_survey_parse(SURVEY, "viewtest.json", &fx->survey, &err), 0);
	assert_int_equal(kiosk_fixture_pin_hash(hash, "2468"), 0);
	assert_int_equal(fb_staff_new(&fx->staff, hash, &err), 0);
	fb_config_defaults(&fx->cfg);
	snprintf(fx->cfg.location_code, sizeof fx->cfg.location_code, "ward-a");
	snprintf(fx->cfg.location_name, sizeof fx->cfg.location_name, "Ward A");
	snprintf(fx->cfg.locations[0].code, sizeof fx->cfg.locations[0].code, "ward-a");
	snprintf(fx->cfg.locations[0].name, sizeof fx->cfg.locations[0].name, "Ward A");
	fx->cfg.n_locations = 1;
	fx->cfg.crisis_text[0] = '\0';
	fx->now = 1000000;
	fb_flow_options_defaults(&o);
	o.survey = fx->survey;
	o.submit = kiosk_fixture_submit_nothing;
	o.staff = fx->staff;
	snprintf(o.location, sizeof o.location, "ward-a");
	assert_int_equal(fb_flow_new(&fx->flow, &o, fx->now, &err), 0);
	assert_int_equal(kiosk_view_words_new(&fx->words), 0);
	fx->sound = true;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	kiosk_view_words_free(fx->words);
	fb_flow_free(fx->flow);
	fb_staff_free(fx->staff);
	fb_survey_free(fx->survey);
	free(fx);
	return 0;
}

static const kiosk_view *look(fixture *fx)
{
	kiosk_view_facts f = {
		.flow = fx->flow, .survey = fx->survey, .cfg = &fx->cfg,
		.status = &fx->status, .sound = fx->sound,
		.now_ms = fx->now, .wall_ms = 1790000000000LL,
	};
	kiosk_view_build(&fx->v, fx->words, &f);
	return &fx->v;
}

static void send(fixture *fx, fb_event_kind kind, int index, const char *text)
{
	fb_event ev = { kind, index, text };
	fx->now += 500;
	fb_flow_event(fx->flow, &ev, fx->now);
}

/* From attract to the first question, in English. */
static void start(fixture *fx)
{
	send(fx, FB_EV_START, 0, NULL);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 0, NULL);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_QUESTION);
}

/* From attract to the last question, the comment: "Good", then "Yes". */
static void to_the_comment(fixture *fx)
{
	start(fx);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, NULL);
	send(fx, FB_EV_NEXT, 0, NULL);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, NULL);
	send(fx, FB_EV_NEXT, 0, NULL);
}

static void test_the_start_screen_invites_the_person_in_and_names_the_ward(void **state)
{
	fixture *fx = *state;
	const kiosk_view *v = look(fx);
	assert_int_equal(v->screen, FB_SCREEN_ATTRACT);
	assert_string_equal(v->title, "Tell us about your visit");
	assert_string_equal(v->primary, "Start");
	assert_string_equal(v->service, "Ward A");
	assert_false(v->rtl);
	/* Each language is offered in its own words. */
	assert_int_equal(v->n_langs, 2);
	assert_string_equal(v->langs[1].code, "pl");
	assert_string_equal(v->langs[1].name, "Polski");
	assert_true(v->staff_corner);
}

static void test_the_first_question_says_which_of_how_many_it_is(void **state)
{
	fixture *fx = *state;
	start(fx);
	const kiosk_view *v = look(fx);
	assert_string_equal(v->question, "Overall, how was your experience of our service?");
	assert_string_equal(v->progress, "Question 1 of 3");
	assert_int_equal(v->n_options, 6);
	assert_string_equal(v->options[0].label, "Very good");
	/* Nothing chosen yet: Next waits for an answer. */
	assert_false(v->can_next);
	assert_string_equal(v->next_label, "Next");
	assert_string_equal(v->back_label, "Back");
}

static void test_a_chosen_rating_shows_as_chosen_and_lets_the_person_go_on(void **state)
{
	fixture *fx = *state;
	start(fx);
	send(fx, FB_EV_CHOOSE_ANSWER, 2, NULL);     /* "Good" */
	const kiosk_view *v = look(fx);
	assert_false(v->options[0].selected);
	assert_true(v->options[1].selected);
	assert_true(v->can_next);
}

static void test_a_polish_speaker_sees_the_question_and_buttons_in_polish(void **state)
{
	fixture *fx = *state;
	send(fx, FB_EV_START, 0, NULL);
	send(fx, FB_EV_CHOOSE_LANGUAGE, 1, NULL);
	const kiosk_view *v = look(fx);
	assert_string_equal(v->language, "pl");
	assert_string_equal(v->question, "Ogólnie?");
	assert_string_equal(v->progress, "Pytanie 1 z 3");
	assert_string_equal(v->next_label, "Dalej");
	assert_string_equal(v->options[4].label, "Bardzo źle");
}

static void test_the_last_question_sends_and_counts_the_characters_left(void **state)
{
	fixture *fx = *state;
	to_the_comment(fx);
	send(fx, FB_EV_TEXT_INSERT, 0, "Kind staff");
	const kiosk_view *v = look(fx);
	assert_int_equal(v->kind, FB_Q_TEXT);
	assert_string_equal(v->text, "Kind staff");
	assert_string_equal(v->counter, "Characters left: 10");
	assert_string_equal(v->placeholder, "Type your answer here");
	assert_string_equal(v->next_label, "Send");
	assert_true(v->can_skip);
}

static void test_the_still_there_screen_counts_down_the_seconds(void **state)
{
	fixture *fx = *state;
	start(fx);
	fx->now += 60000;                             /* idle a minute */
	send(fx, FB_EV_TICK, 0, NULL);
	const kiosk_view *v = look(fx);
	assert_int_equal(v->screen, FB_SCREEN_STILL_THERE);
	assert_string_equal(v->title, "Are you still there?");
	assert_string_equal(v->primary, "Yes, I'm still here");
	assert_non_null(strstr(v->hint, "seconds"));
}

static void test_the_thank_you_screen_shows_where_to_get_help_now(void **state)
{
	fixture *fx = *state;
	to_the_comment(fx);
	send(fx, FB_EV_NEXT, 0, NULL);                /* Send */
	const kiosk_view *v = look(fx);
	assert_int_equal(v->screen, FB_SCREEN_THANKS);
	assert_string_equal(v->title, "Thank you");
	/* The help line's question is the card's title, the numbers its body. */
	assert_string_equal(v->card_title, "Need to talk to someone now?");
	assert_non_null(strstr(v->card_body, "111"));
	/* each way to get help on its own line, easy to scan */
	assert_string_equal(v->card_body,
			    "Call Samaritans free on 116 123, any time.\n"
			    "For urgent mental health help, call NHS 111 and choose option 2.\n"
			    "In an emergency, call 999.\n"
			    "Or tell a member of staff.");
	assert_string_equal(v->secondary, "Finish");
}

static void test_read_aloud_is_offered_only_when_there_is_sound(void **state)
{
	fixture *fx = *state;
	const kiosk_view *v = look(fx);
	assert_true(v->read_aloud);
	assert_string_equal(v->read_aloud_label, "Read aloud");
	fx->sound = false;
	v = look(fx);
	assert_false(v->read_aloud);
	/* Larger text is offered either way. */
	assert_true(v->text_size);
}

static void test_the_staff_screen_says_unknown_rather_than_hiding_a_figure(void **state)
{
	fixture *fx = *state;
	fx->status.queue_depth = -1;
	fx->status.oldest_unsent_age_ms = -1;
	fx->status.quarantined = 0;
	fx->status.disk_free_bytes = -1;
	snprintf(fx->status.last_sync_error, sizeof fx->status.last_sync_error,
		 "collector unreachable");
	send(fx, FB_EV_STAFF_CORNER_DOWN, 0, NULL);
	fx->now += 6000;
	send(fx, FB_EV_TICK, 0, NULL);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_STAFF_PIN);
	for (int d = 2; d <= 8; d += 2)
		send(fx, FB_EV_PIN_DIGIT, d, NULL);
	send(fx, FB_EV_PIN_OK, 0, NULL);
	const kiosk_view *v = look(fx);
	assert_int_equal(v->screen, FB_SCREEN_STAFF);
	bool depth = false, disk = false;
	for (size_t i = 0; i < v->n_status; i++) {
		depth |= strcmp(v->status[i], "Waiting to send: unknown") == 0;
		disk |= strcmp(v->status[i], "Disk free: unknown") == 0;
	}
	assert_true(depth);
	assert_true(disk);
	assert_string_equal(v->status_error, "Last error: collector unreachable");
	/* Staff screens are English and offer larger text, nothing else of
	 * the patient screens' band. */
	assert_true(v->text_size);
	assert_false(v->read_aloud);
	assert_string_equal(v->actions[0].id, "staff-sync");
}

/* Local time = UTC for the hours (1970-01-01 was a Thursday). */
static void view_utc_local(void *ctx, int64_t wall_ms, int *day, int *minute)
{
	(void)ctx;
	int64_t mins = wall_ms / 60000;
	*day = (int)((mins / 1440 + 3) % 7);
	*minute = (int)(mins % 1440);
}

static int64_t view_wall(void *ctx)
{
	return *(const int64_t *)ctx;
}

static void staff_in(fixture *fx)
{
	send(fx, FB_EV_STAFF_CORNER_DOWN, 0, NULL);
	fx->now += 6000;
	send(fx, FB_EV_TICK, 0, NULL);
	for (int d = 2; d <= 8; d += 2)
		send(fx, FB_EV_PIN_DIGIT, d, NULL);
	send(fx, FB_EV_PIN_OK, 0, NULL);
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_STAFF);
}

/* The figure line that starts with prefix, or NULL. */
static const char *figure(const kiosk_view *v, const char *prefix)
{
	for (size_t i = 0; i < v->n_status; i++)
		if (strncmp(v->status[i], prefix, strlen(prefix)) == 0)
			return v->status[i];
	return NULL;
}

/* Staff see the hours the Trust set for this location and the locations
 * this device may send for, the one in use marked; outside the hours,
 * what the screen does. */
static void test_the_staff_screen_says_the_opening_hours_and_the_locations_it_speaks_for(void **state)
{
	fixture *fx = *state;
	fb_flow_options o;
	fb_err err = {0};
	/* Monday 7 December 2026, 20:00 UTC: after closing */
	int64_t wall = 1796673600000LL;

	staff_in(fx);
	const kiosk_view *v = look(fx);
	assert_non_null(figure(v, "Open all hours"));
	assert_null(figure(v, "Closed now"));
	assert_string_equal(figure(v, "Speaks for: "), "Speaks for: Ward A (current)");

	snprintf(fx->cfg.locations[1].code, sizeof fx->cfg.locations[1].code, "ward-b");
	snprintf(fx->cfg.locations[1].name, sizeof fx->cfg.locations[1].name, "Ward B");
	fx->cfg.n_locations = 2;
	fb_flow_free(fx->flow);
	fx->flow = NULL;
	fb_flow_options_from_config(&o, &fx->cfg);
	o.survey = fx->survey;
	o.submit = kiosk_fixture_submit_nothing;
	o.staff = fx->staff;
	o.local = view_utc_local;
	o.wall_ms = view_wall;
	o.wall_ctx = &wall;
	assert_int_equal(fb_hours_parse("mon-fri 08:00-18:00; Sat 09:00-12:00", &o.hours, &err), 0);
	assert_int_equal(fb_flow_new(&fx->flow, &o, fx->now, &err), 0);
	assert_true(fb_flow_closed(fx->flow));
	send(fx, FB_EV_ACTIVITY, 0, NULL);       /* a touch wakes the blank screen */
	staff_in(fx);
	v = look(fx);
	assert_string_equal(figure(v, "Open: "),
			    "Open: Mon\u2013Fri 08:00\u201318:00; Sat 09:00\u201312:00");
	assert_string_equal(figure(v, "Closed now"),
			    "Closed now: the screen is blank until touched");
	assert_string_equal(figure(v, "Speaks for: "), "Speaks for: Ward A (current), Ward B");
	send(fx, FB_EV_STAFF_LOCATION, 1, NULL);
	v = look(fx);
	assert_string_equal(figure(v, "Speaks for: "), "Speaks for: Ward A, Ward B (current)");
	assert_string_equal(figure(v, "Location: "), "Location: Ward B");
	/* English, so left to right, with More and Back for its pages */
	assert_false(v->rtl);
	assert_string_equal(v->language, "en");
	assert_string_equal(v->more_label, "More");
	assert_string_equal(v->page_back_label, "Back");
	assert_int_equal(v->staff_page, 0);
	send(fx, FB_EV_STAFF_PAGE, 1, NULL);
	assert_int_equal(look(fx)->staff_page, 1);
	char key[64];
	kiosk_view_screen_key(fx->flow, key, sizeof key);
	assert_string_equal(key, "staff-page-2");
}

static void test_arabic_and_urdu_pages_read_right_to_left(void **state)
{
	assert_true(kiosk_view_rtl("ar"));
	assert_true(kiosk_view_rtl("ur-PK"));
	assert_false(kiosk_view_rtl("en"));
	assert_false(kiosk_view_rtl("arn"));
	assert_false(kiosk_view_rtl(NULL));
}

static void test_each_question_is_a_screen_of_its_own(void **state)
{
	fixture *fx = *state;
	char key[128];
	kiosk_view_screen_key(fx->flow, key, sizeof key);
	assert_string_equal(key, "attract");
	start(fx);
	kiosk_view_screen_key(fx->flow, key, sizeof key);
	assert_string_equal(key, "question-rating");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_the_start_screen_invites_the_person_in_and_names_the_ward),
		T(test_the_first_question_says_which_of_how_many_it_is),
		T(test_a_chosen_rating_shows_as_chosen_and_lets_the_person_go_on),
		T(test_a_polish_speaker_sees_the_question_and_buttons_in_polish),
		T(test_the_last_question_sends_and_counts_the_characters_left),
		T(test_the_still_there_screen_counts_down_the_seconds),
		T(test_the_thank_you_screen_shows_where_to_get_help_now),
		T(test_read_aloud_is_offered_only_when_there_is_sound),
		T(test_the_staff_screen_says_unknown_rather_than_hiding_a_figure),
		T(test_the_staff_screen_says_the_opening_hours_and_the_locations_it_speaks_for),
		T(test_arabic_and_urdu_pages_read_right_to_left),
		T(test_each_question_is_a_screen_of_its_own),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
