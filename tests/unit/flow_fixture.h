/* flow_fixture: what the flow tests (test_flow, test_flow_staff) share: a
 * survey in English and Polish, a fixture with a fake clock, a fake store and
 * a staff PIN, and the events a person's taps become. Include after
 * <cmocka.h> and the kiosk headers. */
#ifndef FB_TESTS_FLOW_FIXTURE_H
#define FB_TESTS_FLOW_FIXTURE_H

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* en + pl; rating required, visit required, helped optional multi, why_poor
 * shown only for poor ratings (max 10 characters), comments optional. */
static const char *SURVEY =
"{\"id\": \"flowtest\", \"version\": 7,\n"
KIOSK_FIXTURE_LANGUAGES_EN_PL
" \"questions\": [\n"
KIOSK_FIXTURE_QUESTION_RATING
KIOSK_FIXTURE_QUESTION_VISIT
"  {\"id\": \"helped_by\", \"kind\": \"multi\", \"optional\": true,\n"
"   \"title\": {\"en\": \"Who helped?\", \"pl\": \"Kto pomógł?\"},\n"
"   \"options\": [{\"value\": \"nurse\", \"label\": {\"en\": \"Nurse\", \"pl\": \"Pielęgniarka\"}},\n"
"               {\"value\": \"doctor\", \"label\": {\"en\": \"Doctor\", \"pl\": \"Lekarz\"}}]},\n"
"  {\"id\": \"why_poor\", \"kind\": \"text\", \"optional\": true, \"max_length\": 10,\n"
"   \"show_if\": {\"question\": \"rating\", \"in\": [\"4\", \"5\"]},\n"
"   \"title\": {\"en\": \"What went wrong?\", \"pl\": \"Co poszło źle?\"}},\n"
"  {\"id\": \"comments\", \"kind\": \"text\", \"optional\": true,\n"
"   \"title\": {\"en\": \"Anything else?\", \"pl\": \"Coś jeszcze?\"}}\n"
" ]}\n";

enum { Q_RATING, Q_VISIT, Q_HELPED, Q_WHY, Q_COMMENTS };

#define MAX_SUBMITS 8

typedef struct stored {
	fb_response r;
	char answers[1024];
	char priv[1024];
	bool has_priv;
} stored;

typedef struct fixture {
	fb_survey *survey;
	fb_flow *flow;
	fb_staff *staff;
	fb_flow_options o;
	int64_t now;            /* the fake monotonic clock */
	int64_t wall;           /* the fake wall clock */
	stored subs[MAX_SUBMITS];
	int n_subs;
	int fail_with;          /* non-zero: submit fails with this code */
	int actions[16];
	int n_actions;
} fixture;

static inline int fake_submit(void *ctx, fb_response *r, fb_err *err)
{
	fixture *fx = ctx;

	if (fx->fail_with)
		return fb_err_set(err, (fb_code)fx->fail_with,
				  "disk full: the queue could not grow; free "
				  "space in /var/lib/feedback");
	assert_true(fx->n_subs < MAX_SUBMITS);
	stored *s = &fx->subs[fx->n_subs++];
	s->r = *r;
	snprintf(s->answers, sizeof s->answers, "%s",
		 r->answers_json ? r->answers_json : "{}");
	s->has_priv = r->private_json != NULL;
	snprintf(s->priv, sizeof s->priv, "%s",
		 r->private_json ? r->private_json : "");
	s->r.answers_json = NULL;
	s->r.private_json = NULL;
	return 0;
}

static inline int fake_action(void *ctx, fb_flow_action a, fb_err *err)
{
	fixture *fx = ctx;

	if (fx->n_actions < 16)
		fx->actions[fx->n_actions++] = (int)a;
	if (a == FB_FLOW_ACTION_SYNC_NOW)
		return fb_err_set(err, FB_ERR_NOTFOUND,
				  "sync daemon not running: start feedback-syncd");
	return 0;
}

static inline int64_t fake_wall(void *ctx)
{
	fixture *fx = ctx;
	return fx->wall + fx->now;
}

static inline void make_flow(fixture *fx)
{
	fb_err err;

	fb_flow_free(fx->flow);
	fx->flow = NULL;
	assert_int_equal(fb_flow_new(&fx->flow, &fx->o, fx->now, &err), 0);
}

static inline int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	fb_err err;
	char hash[crypto_pwhash_STRBYTES];

	assert_non_null(fx);
	assert_true(sodium_init() >= 0);
	if (fb_survey_parse(SURVEY, "flowtest.json", &fx->survey, &err) != 0) {
		print_error("%s\n", err.msg);
		free(fx);
		return -1;
	}
	assert_int_equal(kiosk_fixture_pin_hash(hash, "2468"), 0);
	assert_int_equal(fb_staff_new(&fx->staff, hash, &err), 0);
	fx->now = 1000000;
	fx->wall = 1790000000000LL;
	fb_flow_options_defaults(&fx->o);
	fx->o.survey = fx->survey;
	fx->o.submit = fake_submit;
	fx->o.submit_ctx = fx;
	fx->o.action = fake_action;
	fx->o.action_ctx = fx;
	fx->o.wall_ms = fake_wall;
	fx->o.wall_ctx = fx;
	fx->o.staff = fx->staff;
	snprintf(fx->o.location, sizeof fx->o.location, "ward-a");
	snprintf(fx->o.locations[0], FB_LOCATION_MAX, "ward-a");
	snprintf(fx->o.locations[1], FB_LOCATION_MAX, "ward-b");
	fx->o.n_locations = 2;
	make_flow(fx);
	*state = fx;
	return 0;
}

static inline int teardown(void **state)
{
	fixture *fx = *state;

	fb_flow_free(fx->flow);
	fb_staff_free(fx->staff);
	fb_survey_free(fx->survey);
	free(fx);
	return 0;
}

/* Sends one event after advancing the fake clock by after_ms. */
static inline bool send(fixture *fx, fb_event_kind kind, int index, int64_t after_ms)
{
	fb_event ev = { .kind = kind, .index = index, .text = NULL };
	fx->now += after_ms;
	return fb_flow_event(fx->flow, &ev, fx->now);
}

static inline bool type_text(fixture *fx, const char *text)
{
	fb_event ev = { .kind = FB_EV_TEXT_INSERT, .index = 0, .text = text };
	fx->now += 300;
	return fb_flow_event(fx->flow, &ev, fx->now);
}

/* Lets time pass the way the app would: a TICK at each deadline. */
static inline void wait_ms(fixture *fx, int64_t ms)
{
	int64_t end = fx->now + ms;
	fb_event tick = { .kind = FB_EV_TICK };

	for (int guard = 0; guard < 100000; guard++) {
		int64_t d = fb_flow_next_deadline_ms(fx->flow);
		if (d > end)
			break;
		assert_true(d >= fx->now);
		fx->now = d;
		fb_flow_event(fx->flow, &tick, fx->now);
	}
	fx->now = end;
	fb_flow_event(fx->flow, &tick, fx->now);
}

static inline fb_screen screen(fixture *fx)
{
	return fb_flow_screen(fx->flow);
}

static inline int question(fixture *fx)
{
	return fb_flow_question_index(fx->flow);
}

/* attract -> language (English) -> the rating question. */
static inline void begin_in(fixture *fx, int lang)
{
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_true(send(fx, FB_EV_START, 0, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_LANGUAGE);
	assert_true(send(fx, FB_EV_CHOOSE_LANGUAGE, lang, 1000));
	assert_int_equal(screen(fx), FB_SCREEN_QUESTION);
	assert_int_equal(question(fx), Q_RATING);
}

/* A whole response, every optional question skipped. */
static inline void complete_quickly(fixture *fx, int rating)
{
	begin_in(fx, 0);
	send(fx, FB_EV_CHOOSE_ANSWER, rating, 500);
	send(fx, FB_EV_NEXT, 0, 200);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 200);
	send(fx, FB_EV_NEXT, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
	if (question(fx) == Q_WHY)
		send(fx, FB_EV_SKIP, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
}

#endif
