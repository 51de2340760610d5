/* input: touches, clicks and keys to flow events. See input.h.
 * Every press ends in kiosk_input_activate with the widget's id, whether it
 * came from a finger, the mouse, or Enter on the focus: one mapping from
 * widget ids ("next", "answer-3", "lang-pl", "key-a", "pin-7",
 * "staff-location-ward2") to the flow's events. */
#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"       /* kiosk_view_rtl, kiosk_view_screen_key */

struct kiosk_input {
	kiosk_input_host h;
	char focus[KIOSK_WIDGET_ID_MAX];
	bool show_focus;             /* a key was used: draw the ring */
	char pressed[KIOSK_WIDGET_ID_MAX];
	bool pointer_down, swallow, corner_down;
	kiosk_kb_mode kb_mode;
	kiosk_kb_mode kb_base;       /* the field's own page: letters, phone, email */
	bool shift;
	bool eat_space;              /* the Space that pressed a button types nothing */
	bool large_text;             /* "A+": until the next person */
	/* read-aloud held (touch and hear's switch): the flow's state when
	 * the finger went down, to tell a hold from a tap */
	bool ra_down, hear_at_down;
	/* touch and hear: a finger exploring, the widget last said, the last
	 * tap (widget and lift time) and a second tap on it under way */
	bool exploring, double_pending;
	char heard[KIOSK_WIDGET_ID_MAX];
	char last_tap[KIOSK_WIDGET_ID_MAX];
	int64_t last_up;
};

int kiosk_input_new(kiosk_input **out, const kiosk_input_host *host)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return -1;
	(*out)->h = *host;
	return 0;
}

void kiosk_input_free(kiosk_input *in)
{
	free(in);
}

static void in_send(kiosk_input *in, fb_event_kind kind, int index, const char *text)
{
	in->h.send(in->h.ctx, kind, index, text);
}

static int in_option_index(const kiosk_input *in, const char *value)
{
	const fb_question *q = fb_flow_question(in->h.flow);
	for (size_t i = 0; q && i < q->n_options; i++)
		if (q->options[i].value && strcmp(q->options[i].value, value) == 0)
			return (int)i;
	return -1;
}

static int in_language_index(const kiosk_input *in, const char *code)
{
	for (size_t i = 0; i < fb_flow_language_count(in->h.flow); i++)
		if (strcmp(fb_flow_language_code(in->h.flow, i), code) == 0)
			return (int)i;
	return -1;
}

static int in_location_index(const kiosk_input *in, const char *code)
{
	for (size_t i = 0; i < fb_flow_location_count(in->h.flow); i++)
		if (strcmp(fb_flow_location_code(in->h.flow, i), code) == 0)
			return (int)i;
	return -1;
}

static void in_press_key(kiosk_input *in, const char *id)
{
	kiosk_key keys[KIOSK_KB_MAX_KEYS];
	int rows = 0;
	const char *lang = fb_flow_language_current(in->h.flow);
	/* Every key the page can show, however the layout arranged them. */
	kiosk_kb_fit fit = { .digit_row = true };
	int n = kiosk_kb_keys(lang, in->kb_mode, in->shift, &fit, NULL, keys,
			      KIOSK_KB_MAX_KEYS, &rows);
	for (int i = 0; i < n; i++) {
		if (strcmp(keys[i].id, id) != 0)
			continue;
		switch (keys[i].kind) {
		case KIOSK_KEY_CHAR:
			in_send(in, FB_EV_TEXT_INSERT, 0, keys[i].insert);
			in->shift = false;           /* one letter, like a phone */
			break;
		case KIOSK_KEY_SPACE:
			in_send(in, FB_EV_TEXT_INSERT, 0, " ");
			break;
		case KIOSK_KEY_BACKSPACE:
			in_send(in, FB_EV_TEXT_BACKSPACE, 0, NULL);
			break;
		case KIOSK_KEY_SHIFT:
			in->shift = !in->shift;
			break;
		case KIOSK_KEY_ACCENTS:
			in->kb_mode = in->kb_mode == KIOSK_KB_ACCENTS ? in->kb_base
								    : KIOSK_KB_ACCENTS;
			break;
		case KIOSK_KEY_DIGITS:
			in->kb_mode = in->kb_mode == KIOSK_KB_DIGITS ? in->kb_base
								   : KIOSK_KB_DIGITS;
			break;
		}
		return;
	}
}

/* A widget was pressed (tap, click, Enter or Space on the focus). */
void kiosk_input_activate(kiosk_input *in, const char *id)
{
	fb_screen sc = fb_flow_screen(in->h.flow);
	static const struct { const char *id; fb_event_kind kind; } simple[] = {
		{ "start", FB_EV_START }, { "next", FB_EV_NEXT },
		{ "back", FB_EV_BACK }, { "skip", FB_EV_SKIP },
		{ "finish", FB_EV_FINISH }, { "still-here", FB_EV_STILL_HERE },
		{ "send-now", FB_EV_SEND_NOW }, { "skip-section", FB_EV_SKIP_SECTION },
		{ "delete-yes", FB_EV_CONFIRM_YES }, { "delete-no", FB_EV_CONFIRM_NO },
		{ "volunteer-yes", FB_EV_CONFIRM_YES }, { "volunteer-no", FB_EV_CONFIRM_NO },
		{ "pin-ok", FB_EV_PIN_OK }, { "pin-clear", FB_EV_PIN_CLEAR },
		{ "staff-sync", FB_EV_STAFF_SYNC },
		{ "staff-cleaning", FB_EV_STAFF_CLEANING },
		{ "staff-assisted", FB_EV_STAFF_ASSISTED },
		{ "staff-exit", FB_EV_STAFF_EXIT },
		{ "staff-close", FB_EV_STAFF_CLOSE },
		{ "staff-enrol", FB_EV_STAFF_ENROL },
		{ "staff-enrol-send", FB_EV_STAFF_ENROL_SEND },
		{ "staff-enrol-back", FB_EV_BACK },
		{ "enrol-delete", FB_EV_TEXT_BACKSPACE },
	};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(id, simple[i].id) == 0) {
			in_send(in, simple[i].kind, 0, NULL);
			return;
		}
	if (strcmp(id, "read-aloud") == 0) {
		if (fb_flow_screen(in->h.flow) != FB_SCREEN_STILL_THERE)
			in_send(in, FB_EV_ACTIVITY, 0, NULL);
		in->h.read_aloud(in->h.ctx);
		return;
	}
	if (strcmp(id, "staff-more") == 0 || strcmp(id, "staff-back") == 0) {
		/* the page the button leads to is the layout's (its value):
		 * only it knows how many pages the figures take */
		const kiosk_widget *w = kiosk_layout_find(in->h.layout, id);
		if (w && sc == FB_SCREEN_STAFF)
			in_send(in, FB_EV_STAFF_PAGE, w->value, NULL);
		return;
	}
	if (strcmp(id, "text-size") == 0) {
		in->large_text = !in->large_text;
		in_send(in, FB_EV_ACTIVITY, 0, NULL);
		return;
	}
	if (strncmp(id, "mode-", 5) == 0) {
		for (size_t i = 1; i < fb_flow_mode_count(in->h.flow); i++)
			if (strcmp(fb_flow_mode_name(in->h.flow, i), id + 5) == 0)
				in_send(in, FB_EV_CHOOSE_MODE, (int)i, NULL);
	} else if (strncmp(id, "lang-", 5) == 0) {
		int li = in_language_index(in, id + 5);
		if (sc == FB_SCREEN_ATTRACT)
			in_send(in, FB_EV_START, 0, NULL);
		if (li >= 0)
			in_send(in, FB_EV_CHOOSE_LANGUAGE, li, NULL);
	} else if (strncmp(id, "answer-", 7) == 0) {
		in_send(in, FB_EV_CHOOSE_ANSWER, atoi(id + 7), NULL);
	} else if (strncmp(id, "option-role", 11) == 0 && sc == FB_SCREEN_VOLUNTEER_ROLES) {
		in_send(in, FB_EV_TOGGLE_OPTION, atoi(id + 11), NULL);
	} else if (strcmp(id, "option-consent") == 0 && sc == FB_SCREEN_VOLUNTEER_CONSENT) {
		in_send(in, FB_EV_TOGGLE_OPTION, 0, NULL);
	} else if (strncmp(id, "option-", 7) == 0) {
		const fb_question *q = fb_flow_question(in->h.flow);
		int oi = in_option_index(in, id + 7);
		if (q && oi >= 0)
			in_send(in, q->kind == FB_Q_MULTI ? FB_EV_TOGGLE_OPTION :
				 FB_EV_CHOOSE_ANSWER, oi, NULL);
	} else if (strncmp(id, "key-", 4) == 0) {
		in_press_key(in, id);
	} else if (strncmp(id, "enrol-key-", 10) == 0 && id[10] && !id[11]) {
		in_send(in, FB_EV_TEXT_INSERT, 0, id + 10);
	} else if (strncmp(id, "pin-", 4) == 0 && id[4] >= '0' && id[4] <= '9') {
		in_send(in, FB_EV_PIN_DIGIT, id[4] - '0', NULL);
	} else if (strncmp(id, "staff-location-", 15) == 0) {
		int li = in_location_index(in, id + 15);
		if (li >= 0)
			in_send(in, FB_EV_STAFF_LOCATION, li, NULL);
	}
}

/* ---- pointer and keys ------------------------------------------------ */

/* On "Are you still there?" any touch means yes, except read-aloud: someone
 * who cannot read it taps the speaker to hear what it asks. */
static bool in_listening(const kiosk_input *in, const kiosk_widget *w)
{
	return w && strcmp(w->id, "read-aloud") == 0 &&
	       fb_flow_screen(in->h.flow) == FB_SCREEN_STILL_THERE;
}

static int64_t in_now(const kiosk_input *in)
{
	return in->h.now_ms ? in->h.now_ms(in->h.ctx) : 0;
}

static void in_hear(kiosk_input *in, const kiosk_widget *w)
{
	snprintf(in->heard, sizeof in->heard, "%s", w ? w->id : "");
	if (!w)
		return;
	if (w->target) {
		/* the ring shows a partially sighted person where they are */
		snprintf(in->focus, sizeof in->focus, "%s", w->id);
		in->show_focus = true;
	}
	if (in->h.hear)
		in->h.hear(in->h.ctx, w);
}

/* Touch and hear works on the patient screens; a press on read-aloud and
 * the staff corner keep their own ways. */
static bool in_hearing(const kiosk_input *in, const kiosk_widget *w)
{
	fb_screen sc = fb_flow_screen(in->h.flow);
	if (!fb_flow_touch_hear(in->h.flow) || sc == FB_SCREEN_STAFF_PIN ||
	    sc == FB_SCREEN_STAFF || sc == FB_SCREEN_CLEANING)
		return false;
	return !w || (strcmp(w->id, "read-aloud") != 0 && w->role != KIOSK_ROLE_CORNER);
}

static void in_explore_down(kiosk_input *in, int x, int y)
{
	const kiosk_widget *w = kiosk_layout_words_at(in->h.layout, x, y);
	int64_t now = in_now(in);
	in->exploring = true;
	in->pressed[0] = '\0';
	in->double_pending = w && in->h.now_ms && in->last_tap[0] &&
			     strcmp(w->id, in->last_tap) == 0 &&
			     now - in->last_up <= KIOSK_INPUT_DOUBLE_TAP_MS;
	if (in->double_pending) {
		snprintf(in->heard, sizeof in->heard, "%s", w->id);
		in->show_focus = in->focus[0] != '\0';
	} else
		in_hear(in, w);
}

static void in_explore_move(kiosk_input *in, int x, int y)
{
	const kiosk_widget *w = kiosk_layout_words_at(in->h.layout, x, y);
	if (strcmp(w ? w->id : "", in->heard) == 0)
		return;
	in->double_pending = false;      /* slid on: a new widget is said */
	in_hear(in, w);
}

static void in_explore_up(kiosk_input *in, int x, int y)
{
	const kiosk_widget *w = kiosk_layout_words_at(in->h.layout, x, y);
	bool twice = in->double_pending && w && w->target &&
		     strcmp(w->id, in->last_tap) == 0;
	in->exploring = false;
	in->double_pending = false;
	if (!twice) {
		snprintf(in->last_tap, sizeof in->last_tap, "%s", w ? w->id : "");
		in->last_up = in_now(in);
		return;
	}
	char id[KIOSK_WIDGET_ID_MAX], before[128], after[128];
	snprintf(id, sizeof id, "%s", w->id);
	in->last_tap[0] = '\0';
	kiosk_view_screen_key(in->h.flow, before, sizeof before);
	kiosk_input_activate(in, id);
	kiosk_view_screen_key(in->h.flow, after, sizeof after);
	if (strcmp(before, after) != 0)
		return;                   /* a new screen: the app says its title */
	/* The same screen: say the widget again, now chosen (or not). */
	in->h.refresh(in->h.ctx);
	in_hear(in, kiosk_layout_find(in->h.layout, id));
}

static void in_pointer_down(kiosk_input *in, int x, int y)
{
	char before[128], after[128];
	kiosk_view_screen_key(in->h.flow, before, sizeof before);
	in->pointer_down = true;
	in->swallow = false;
	in->show_focus = false;
	if (!in_listening(in, kiosk_layout_hit(in->h.layout, x, y)))
		in_send(in, FB_EV_ACTIVITY, 0, NULL);
	kiosk_view_screen_key(in->h.flow, after, sizeof after);
	if (strcmp(before, after) != 0) {
		in->swallow = true;          /* the touch woke the screen */
		return;
	}
	in->h.refresh(in->h.ctx);     /* hit-test what is on screen now */
	const kiosk_widget *w = kiosk_layout_hit(in->h.layout, x, y);
	in->pressed[0] = '\0';
	if (in_hearing(in, w)) {
		in_explore_down(in, x, y);
		return;
	}
	if (!w)
		return;
	snprintf(in->pressed, sizeof in->pressed, "%s", w->id);
	if (strcmp(w->id, "read-aloud") == 0) {
		in->ra_down = true;
		in->hear_at_down = fb_flow_touch_hear(in->h.flow);
		in_send(in, FB_EV_READ_ALOUD_DOWN, 0, NULL);
	}
	if (w->role == KIOSK_ROLE_CORNER) {
		in->corner_down = true;
		in_send(in, FB_EV_STAFF_CORNER_DOWN, 0, NULL);
	}
}

static void in_read_aloud_up(kiosk_input *in)
{
	if (in->ra_down) {
		in->ra_down = false;
		in_send(in, FB_EV_READ_ALOUD_UP, 0, NULL);
	}
}

static void in_pointer_move(kiosk_input *in, int x, int y)
{
	if (in->pointer_down && in->exploring && !in->swallow) {
		in_explore_move(in, x, y);
		return;
	}
	if (!in->pointer_down || !in->pressed[0])
		return;
	const kiosk_widget *w = kiosk_layout_hit(in->h.layout, x, y);
	if (!w || strcmp(w->id, in->pressed) != 0) {
		if (in->corner_down) {
			in->corner_down = false;
			in_send(in, FB_EV_STAFF_CORNER_UP, 0, NULL);
		}
		in_read_aloud_up(in);
		in->pressed[0] = '\0';   /* slid off: a cancel, as on phones */
	}
}

static void in_pointer_up(kiosk_input *in, int x, int y)
{
	bool was_down = in->pointer_down;
	char id[KIOSK_WIDGET_ID_MAX];
	snprintf(id, sizeof id, "%s", in->pressed);
	in->pointer_down = false;
	in->pressed[0] = '\0';
	if (was_down)
		in_send(in, FB_EV_TOUCH_UP, 0, NULL);   /* countdowns run again */
	if (!was_down || in->swallow) {
		in->swallow = false;
		in->exploring = false;
		return;
	}
	if (in->exploring) {
		in_explore_up(in, x, y);
		return;
	}
	if (in->ra_down) {
		in_read_aloud_up(in);
		if (fb_flow_touch_hear(in->h.flow) != in->hear_at_down)
			return;              /* a hold: it switched touch and hear */
	}
	fb_screen sc = fb_flow_screen(in->h.flow);
	if (in->corner_down) {
		in->corner_down = false;
		in_send(in, FB_EV_STAFF_CORNER_UP, 0, NULL);
		if (fb_flow_screen(in->h.flow) == FB_SCREEN_ATTRACT)
			in_send(in, FB_EV_START, 0, NULL);  /* a short tap */
		return;
	}
	const kiosk_widget *w = kiosk_layout_hit(in->h.layout, x, y);
	if (id[0] && w && strcmp(w->id, id) == 0)
		kiosk_input_activate(in, id);
	else if (!id[0] && sc == FB_SCREEN_ATTRACT)
		in_send(in, FB_EV_START, 0, NULL);   /* anywhere starts */
}

static void in_move_focus(kiosk_input *in, int dir)
{
	int from = -1;
	for (size_t i = 0; in->focus[0] && i < kiosk_layout_count(in->h.layout); i++)
		if (strcmp(kiosk_layout_get(in->h.layout, i)->id, in->focus) == 0)
			from = (int)i;
	if (!in->show_focus && from >= 0)
		dir = 0;                    /* first key press shows where it is */
	int next = dir == 0 ? from : kiosk_layout_next_target(in->h.layout, from, dir);
	if (next >= 0)
		snprintf(in->focus, sizeof in->focus, "%s",
			 kiosk_layout_get(in->h.layout, (size_t)next)->id);
	in->show_focus = true;
}

static bool in_on_text_question(const kiosk_input *in)
{
	const fb_question *q = fb_flow_question(in->h.flow);
	fb_screen sc = fb_flow_screen(in->h.flow);
	return (sc == FB_SCREEN_QUESTION && q && q->kind == FB_Q_TEXT) ||
	       sc == FB_SCREEN_VOLUNTEER_NAME || sc == FB_SCREEN_VOLUNTEER_CONTACT;
}

static void in_key(kiosk_input *in, const kiosk_input_event *k)
{
	bool rtl = kiosk_view_rtl(fb_flow_language_current(in->h.flow));
	fb_screen sc = fb_flow_screen(in->h.flow);
	if (k->repeat && (k->key == KIOSK_IN_KEY_RETURN ||
			  k->key == KIOSK_IN_KEY_SPACE)) {
		/* A held switch presses once (and a held Space on a button
		 * types nothing either). */
		in->eat_space = k->key == KIOSK_IN_KEY_SPACE && in->show_focus &&
			       in->focus[0] && strcmp(in->focus, "text-field") != 0;
		return;
	}
	in->eat_space = false;
	in_send(in, FB_EV_ACTIVITY, 0, NULL);
	switch (k->key) {
	case KIOSK_IN_KEY_TAB:
		in_move_focus(in, k->shift ? -1 : 1);
		break;
	case KIOSK_IN_KEY_RIGHT:
		in_move_focus(in, rtl ? -1 : 1);
		break;
	case KIOSK_IN_KEY_LEFT:
		in_move_focus(in, rtl ? 1 : -1);
		break;
	case KIOSK_IN_KEY_DOWN:
		in_move_focus(in, 1);
		break;
	case KIOSK_IN_KEY_UP:
		in_move_focus(in, -1);
		break;
	case KIOSK_IN_KEY_RETURN:
	case KIOSK_IN_KEY_SPACE:
		if (in->show_focus && in->focus[0] &&
		    strcmp(in->focus, "text-field") != 0) {
			char id[KIOSK_WIDGET_ID_MAX];
			snprintf(id, sizeof id, "%s", in->focus);
			in->eat_space = k->key == KIOSK_IN_KEY_SPACE;
			kiosk_input_activate(in, id);
		} else if (sc == FB_SCREEN_ATTRACT) {
			in_send(in, FB_EV_START, 0, NULL);
			in->eat_space = k->key == KIOSK_IN_KEY_SPACE;
		}
		break;
	case KIOSK_IN_KEY_BACKSPACE:
		if (in_on_text_question(in) || sc == FB_SCREEN_STAFF_ENROL)
			in_send(in, FB_EV_TEXT_BACKSPACE, 0, NULL);
		break;
	case KIOSK_IN_KEY_ESCAPE:
		if (sc == FB_SCREEN_QUESTION || sc == FB_SCREEN_LANGUAGE)
			in_send(in, FB_EV_BACK, 0, NULL);
		else if (sc == FB_SCREEN_STAFF || sc == FB_SCREEN_STAFF_PIN)
			in_send(in, FB_EV_STAFF_CLOSE, 0, NULL);
		else if (sc == FB_SCREEN_STAFF_ENROL)
			in_send(in, FB_EV_BACK, 0, NULL);
		break;
	default:
		break;
	}
}

static void in_text(kiosk_input *in, const char *text)
{
	if (in->eat_space && strcmp(text, " ") == 0) {
		in->eat_space = false;
		return;
	}
	in->eat_space = false;
	if (in_on_text_question(in)) {
		in_send(in, FB_EV_TEXT_INSERT, 0, text);
		in->shift = false;
	} else if (fb_flow_screen(in->h.flow) == FB_SCREEN_STAFF_ENROL) {
		in_send(in, FB_EV_TEXT_INSERT, 0, text);   /* a USB keyboard, when there is one */
	}
}


void kiosk_input_handle(kiosk_input *in, const kiosk_input_event *ev)
{
	switch (ev->kind) {
	case KIOSK_IN_DOWN:
		in_pointer_down(in, ev->x, ev->y);
		break;
	case KIOSK_IN_MOVE:
		in_pointer_move(in, ev->x, ev->y);
		break;
	case KIOSK_IN_UP:
		in_pointer_up(in, ev->x, ev->y);
		break;
	case KIOSK_IN_KEY:
		in_key(in, ev);
		break;
	case KIOSK_IN_TEXT:
		in_text(in, ev->text);
		break;
	case KIOSK_IN_HEADPHONES:
		in_send(in, FB_EV_TOUCH_HEAR_ON, 0, NULL);
		break;
	default:
		break;
	}
}

void kiosk_input_new_screen(kiosk_input *in)
{
	const fb_question *q = fb_flow_question(in->h.flow);
	const fb_answer *ans = fb_flow_answer(in->h.flow);
	/* The field's own page (a phone pad for a phone number) and a capital
	 * to begin with, as a phone does, where the script has capitals. */
	fb_screen sc = fb_flow_screen(in->h.flow);
	bool vol_text = sc == FB_SCREEN_VOLUNTEER_NAME || sc == FB_SCREEN_VOLUNTEER_CONTACT;
	/* the volunteer's name: a name's keyboard; a phone or an email: the
	 * contact keyboard (email's, its 123 key has the digits) */
	in->kb_base = kiosk_kb_mode_for_hint(vol_text ? (sc == FB_SCREEN_VOLUNTEER_NAME ? "name" :
							 "contact") :
					     q && q->kind == FB_Q_TEXT ? q->input_hint : NULL);
	in->kb_mode = in->kb_base;
	in->shift = ((q && q->kind == FB_Q_TEXT && (!ans || !ans->text || !ans->text[0])) ||
		     (sc == FB_SCREEN_VOLUNTEER_NAME && !fb_flow_volunteer_text(in->h.flow)[0])) &&
		    kiosk_kb_auto_capital(fb_flow_language_current(in->h.flow), in->kb_base);
	in->pressed[0] = '\0';
	in->focus[0] = '\0';
	in->exploring = in->double_pending = false;
	in->heard[0] = in->last_tap[0] = '\0';
	if (fb_flow_screen(in->h.flow) == FB_SCREEN_ATTRACT)
		in->large_text = false;      /* the next person chooses */
}

void kiosk_input_settle(kiosk_input *in)
{
	if (in->focus[0] && !kiosk_layout_find(in->h.layout, in->focus))
		in->focus[0] = '\0';
	if (in->show_focus && !in->focus[0]) {
		/* Switch access: a new screen starts with its first button. */
		int first = kiosk_layout_next_target(in->h.layout, -1, 1);
		if (first >= 0)
			snprintf(in->focus, sizeof in->focus, "%s",
				 kiosk_layout_get(in->h.layout, (size_t)first)->id);
	}
}

const char *kiosk_input_focus(const kiosk_input *in)
{
	return in->show_focus && in->focus[0] ? in->focus : NULL;
}

const char *kiosk_input_pressed(const kiosk_input *in)
{
	return in->pressed[0] ? in->pressed : NULL;
}

kiosk_kb_mode kiosk_input_kb_mode(const kiosk_input *in)
{
	return in->kb_mode;
}

bool kiosk_input_shift(const kiosk_input *in)
{
	return in->shift;
}

bool kiosk_input_large_text(const kiosk_input *in)
{
	return in->large_text;
}
