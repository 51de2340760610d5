/* input_rig: the kiosk as test_input, test_keyboard and test_input_hear
 * drive it: a real flow, view, layout and input handler on one survey, laid
 * out at one screen size with the fake text measure of kiosk_fixture.h, on a
 * fake clock that moves on at each event. No SDL, no window. What the host
 * does (kiosk/app.c's part) is here once: build the view in the person's
 * words, lay it out, tell the input handler when the screen changes.
 * Header-only (static inline); include it after <cmocka.h> and
 * kiosk_fixture.h. A test whose fixture needs more puts an input_rig first
 * in its own struct, so the host's ctx is both. */
#ifndef FB_TESTS_INPUT_RIG_H
#define FB_TESTS_INPUT_RIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kiosk/flow.h"
#include "../../kiosk/input.h"
#include "../../kiosk/layout.h"
#include "../../kiosk/view.h"
#include "config.h"
#include "survey.h"

typedef struct input_rig {
	fb_survey *survey;
	fb_flow *flow;
	fb_config cfg;
	kiosk_layout *layout;
	kiosk_view_words *words;
	kiosk_input *in;
	int64_t now;
	char screen[128];        /* the screen key, to notice a new screen */
	int width, height;       /* the screen laid out for */
	int step_ms;             /* the clock's move at each event */
	bool sound;              /* the read-aloud button is offered */
	int read_aloud_presses;
} input_rig;

/* The screen the flow is on, in the person's words. */
static inline void input_rig_view(input_rig *r, kiosk_view *v)
{
	kiosk_view_facts f = {
		.flow = r->flow, .survey = r->survey, .cfg = &r->cfg,
		.sound = r->sound, .large_text = kiosk_input_large_text(r->in),
		.kb_mode = kiosk_input_kb_mode(r->in),
		.shift = kiosk_input_shift(r->in), .now_ms = r->now,
	};
	kiosk_view_build(v, r->words, &f);
}

/* kiosk_input_host.refresh: the view, laid out. */
static inline void input_rig_refresh(void *ctx)
{
	input_rig *r = ctx;
	kiosk_view v;
	input_rig_view(r, &v);
	kiosk_layout_build(r->layout, &v, r->width, r->height, kiosk_fixture_measure, NULL);
	kiosk_input_settle(r->in);
}

/* kiosk_input_host.send: the event to the flow, a step later. */
static inline void input_rig_send(void *ctx, fb_event_kind kind, int index, const char *text)
{
	input_rig *r = ctx;
	fb_event ev = { kind, index, text };
	char key[128];
	r->now += r->step_ms;
	fb_flow_event(r->flow, &ev, r->now);
	kiosk_view_screen_key(r->flow, key, sizeof key);
	if (strcmp(key, r->screen) != 0) {
		snprintf(r->screen, sizeof r->screen, "%s", key);
		kiosk_input_new_screen(r->in);
	}
}

static inline void input_rig_read_aloud(void *ctx)
{
	input_rig *r = ctx;
	r->read_aloud_presses++;
}

static inline int64_t input_rig_now(void *ctx)
{
	input_rig *r = ctx;
	return r->now;
}

/* How the rig is set: the screen laid out for, the clock's step, whether
 * read-aloud is offered, and kiosk_input_host.hear (NULL: touch and hear
 * off), called with the rig as ctx. */
typedef struct input_rig_options {
	int width, height;
	int step_ms;
	bool sound;
	void (*hear)(void *ctx, const kiosk_widget *w);
} input_rig_options;

/* Opens the rig on survey_json (named name in messages). Returns 0, or -1
 * with the reason printed. */
static inline int input_rig_open(input_rig *r, const char *survey_json, const char *name,
				 const input_rig_options *opt)
{
	fb_flow_options o;
	fb_err err;
	memset(r, 0, sizeof *r);
	if (fb_survey_parse(survey_json, name, &r->survey, &err) != 0) {
		print_error("%s\n", err.msg);
		return -1;
	}
	fb_config_defaults(&r->cfg);
	snprintf(r->cfg.location_name, sizeof r->cfg.location_name, "Ward A");
	r->now = 1000000;
	r->width = opt->width;
	r->height = opt->height;
	r->step_ms = opt->step_ms;
	r->sound = opt->sound;
	fb_flow_options_defaults(&o);
	o.survey = r->survey;
	o.submit = kiosk_fixture_submit_nothing;
	assert_int_equal(fb_flow_new(&r->flow, &o, r->now, &err), 0);
	assert_int_equal(kiosk_layout_new(&r->layout), 0);
	assert_int_equal(kiosk_view_words_new(&r->words), 0);
	kiosk_input_host h = {
		.flow = r->flow, .layout = r->layout, .send = input_rig_send,
		.refresh = input_rig_refresh, .read_aloud = input_rig_read_aloud,
		.hear = opt->hear, .now_ms = opt->hear ? input_rig_now : NULL, .ctx = r,
	};
	assert_int_equal(kiosk_input_new(&r->in, &h), 0);
	kiosk_view_screen_key(r->flow, r->screen, sizeof r->screen);
	input_rig_refresh(r);
	return 0;
}

static inline void input_rig_close(input_rig *r)
{
	kiosk_input_free(r->in);
	kiosk_view_words_free(r->words);
	kiosk_layout_free(r->layout);
	fb_flow_free(r->flow);
	fb_survey_free(r->survey);
}

/* A cmocka setup's body: *state becomes a zeroed fixture of size bytes
 * (an input_rig, or a struct with one first) with its rig open. */
static inline int input_rig_setup(void **state, size_t size, const char *survey_json,
				  const char *name, const input_rig_options *opt)
{
	input_rig *r = calloc(1, size);
	assert_non_null(r);
	if (input_rig_open(r, survey_json, name, opt) != 0) {
		free(r);
		return -1;
	}
	*state = r;
	return 0;
}

/* The cmocka teardown of input_rig_setup. */
static inline int input_rig_teardown(void **state)
{
	input_rig_close(*state);
	free(*state);
	return 0;
}

/* A pointer (finger or mouse) event at x, y, and the screen it leaves. */
static inline void input_rig_pointer(input_rig *r, kiosk_input_kind kind, int x, int y)
{
	kiosk_input_event ev = { .kind = kind, .x = x, .y = y };
	kiosk_input_handle(r->in, &ev);
	input_rig_refresh(r);
}

#endif
