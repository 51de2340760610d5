/* flow_answer: what a person does on a question page (see flow_impl.h):
 * choose, toggle, type and delete, and Next, Skip and Back. Typed text is
 * kept in one allocation at the question's cap (no realloc leaves copies of
 * it behind), holds valid UTF-8 only, never control characters, and is
 * wiped with sodium_memzero as it is deleted. */
#include "flow_impl.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

bool flow_q_can_next(const fb_flow *f)
{
	if (f->q < 0)
		return false;
	const fb_question *qu = &f->sv->questions[f->q];
	if (qu->optional || qu->kind == FB_Q_INFO)
		return true;
	return f->answers[f->q].answered;
}

size_t flow_text_cap(const fb_question *qu)
{
	if (qu->max_length > 0 && qu->max_length < FB_TEXT_MAX_LENGTH)
		return (size_t)qu->max_length;
	return FB_TEXT_MAX_LENGTH;
}

static bool text_insert(fb_flow *f, const char *in)
{
	const fb_question *qu = &f->sv->questions[f->q];
	fb_answer *a = &f->answers[f->q];
	size_t max = flow_text_cap(qu);
	size_t have = a->text ? fb_utf8_count(a->text, strlen(a->text)) : 0;
	size_t len = a->text ? strlen(a->text) : 0;
	bool changed = false;

	if (!in)
		return false;
	/* Whole input must be valid: a broken byte means a broken caller. */
	size_t in_len = strlen(in);
	if (!fb_utf8_valid(in, in_len))
		return false;
	if (!a->text) {
		/* One allocation at the cap: no realloc leaves copies behind. */
		size_t cap = max * 4 + 1;
		a->text = calloc(1, cap);
		if (!a->text)
			return false;
		f->text_cap[f->q] = cap;
	}
	for (size_t i = 0; i < in_len && have < max;) {
		size_t n = fb_utf8_next(in, in_len, i) - i;
		unsigned char c = (unsigned char)in[i];
		if (n == 1 && (c < 0x20 || c == 0x7F)) {
			i++;    /* control characters have no place in a field */
			continue;
		}
		memcpy(a->text + len, in + i, n);
		len += n;
		have++;
		i += n;
		changed = true;
	}
	a->text[len] = '\0';
	a->answered = len > 0;
	return changed;
}

static bool text_backspace(fb_flow *f)
{
	fb_answer *a = &f->answers[f->q];
	size_t len = a->text ? strlen(a->text) : 0;

	if (len == 0)
		return false;
	len = fb_utf8_prev(a->text, len);
	sodium_memzero(a->text + len, strlen(a->text + len));
	a->answered = len > 0;
	return true;
}

static void note_tap(fb_flow *f, int choice, int64_t now)
{
	if (f->tap_run > 0 && f->tap_q == f->q && f->tap_choice == choice &&
	    now - f->tap_first <= f->o.rapid_window_ms) {
		f->tap_run++;
	} else {
		f->tap_q = f->q;
		f->tap_choice = choice;
		f->tap_first = now;
		f->tap_run = 1;
	}
	if (f->o.rapid_taps > 0 && f->tap_run >= f->o.rapid_taps)
		f->rapid = true;
}

bool flow_on_question(fb_flow *f, const fb_event *ev, int64_t now)
{
	const fb_question *qu = &f->sv->questions[f->q];
	fb_answer *a = &f->answers[f->q];
	int prev;

	switch (ev->kind) {
	case FB_EV_CHOOSE_ANSWER: {
		bool ok;
		if (qu->kind == FB_Q_FFT)
			ok = ev->index >= 1 && ev->index <= 6;
		else if (qu->kind == FB_Q_AGREE5)
			ok = ev->index >= 1 && ev->index <= 5;
		else if (qu->kind == FB_Q_SINGLE)
			ok = ev->index >= 0 && (size_t)ev->index < qu->n_options;
		else
			ok = false;
		if (!ok)
			return false;
		note_tap(f, ev->index, now);
		if (a->answered && a->choice == ev->index)
			return false;
		a->answered = true;
		a->choice = ev->index;
		return true;
	}
	case FB_EV_TOGGLE_OPTION:
		if (qu->kind != FB_Q_MULTI || ev->index < 0 ||
		    (size_t)ev->index >= qu->n_options || ev->index >= 32)
			return false;
		a->multi ^= 1u << ev->index;
		a->answered = a->multi != 0;
		return true;
	case FB_EV_TEXT_INSERT:
		if (qu->kind != FB_Q_TEXT)
			return false;
		return text_insert(f, ev->text);
	case FB_EV_TEXT_BACKSPACE:
		if (qu->kind != FB_Q_TEXT)
			return false;
		return text_backspace(f);
	case FB_EV_SKIP:
		if (!qu->optional)
			return false;
		flow_answer_wipe(f, (size_t)f->q);
		goto forward;
	case FB_EV_NEXT:
		if (!flow_q_can_next(f))
			return false;
		goto forward;
	case FB_EV_BACK:
		prev = flow_prev_visible(f, f->q);
		if (prev >= 0) {
			flow_go_question(f, prev, now);
		} else if (f->n_lang > 1) {
			f->q = -1;
			f->screen = FB_SCREEN_LANGUAGE;
		} else {
			/* Leaving on purpose: what they gave goes with them. */
			flow_reset(f, now);
		}
		return true;
	default:
		return false;
	}
forward:;
	int next = flow_next_visible(f, f->q);
	if (next < 0)
		flow_finish_survey(f, now);
	else
		flow_go_question(f, next, now);
	return true;
}
