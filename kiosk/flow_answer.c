/* flow_answer: what a person does on a question page (see flow_impl.h):
 * choose, toggle, type and delete, and Next, Skip and Back; the quick
 * path's Send now and skip section, and the "Delete what you wrote?"
 * question that stands between a Skip and typed text. Typed text is
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

static bool text_typed(const fb_flow *f, size_t qi)
{
	const fb_answer *a = &f->answers[qi];
	return f->sv->questions[qi].kind == FB_Q_TEXT && a->text && a->text[0];
}

/* Words typed on any question of this session. */
static bool any_typed(const fb_flow *f)
{
	for (size_t i = 0; i < f->sv->n_questions; i++)
		if (text_typed(f, i))
			return true;
	return false;
}

void flow_leave(fb_flow *f, int64_t now)
{
	if (!any_typed(f)) {
		/* Leaving on purpose: what they gave goes with them. */
		flow_reset(f, now);
		return;
	}
	f->pending = FB_EV_BACK;
	f->confirm_from = f->screen;
	f->screen = FB_SCREEN_CONFIRM_DELETE;
}

/* Every question after qi is optional (or a page with no answer). */
static bool rest_optional(const fb_flow *f, int qi)
{
	for (size_t i = (size_t)qi + 1; i < f->sv->n_questions; i++) {
		const fb_question *qu = &f->sv->questions[i];
		if (!qu->optional && qu->kind != FB_Q_INFO &&
		    fb_survey_visible(f->sv, i, f->answers))
			return false;
	}
	return true;
}

/* The comment screen: a text question straight after an answered rating. */
bool flow_q_send_now(const fb_flow *f)
{
	if (f->q < 0 || f->sv->questions[f->q].kind != FB_Q_TEXT)
		return false;
	int prev = flow_prev_visible(f, f->q);
	return prev >= 0 && f->sv->questions[prev].kind == FB_Q_FFT &&
	       f->answers[prev].answered && rest_optional(f, f->q);
}

/* One past the last question of the section an information page opens. */
static int section_end(const fb_flow *f, int info)
{
	size_t i = (size_t)info + 1;
	while (i < f->sv->n_questions && f->sv->questions[i].kind != FB_Q_INFO)
		i++;
	return (int)i;
}

bool flow_q_skip_section(const fb_flow *f)
{
	if (f->q < 0 || f->sv->questions[f->q].kind != FB_Q_INFO)
		return false;
	int end = section_end(f, f->q);
	if (end == f->q + 1)
		return false;           /* nothing in it to skip */
	for (int i = f->q + 1; i < end; i++)
		if (!f->sv->questions[i].optional)
			return false;
	return true;
}

/* Would the pending action delete words the person typed? */
static bool pending_deletes_text(const fb_flow *f, fb_event_kind kind)
{
	if (kind == FB_EV_SKIP)
		return text_typed(f, (size_t)f->q);
	for (int i = f->q + 1; i < section_end(f, f->q); i++)
		if (text_typed(f, (size_t)i))
			return true;
	return false;
}

/* Moves on past qi (or submits after the last). */
static void go_past(fb_flow *f, int qi, int64_t now)
{
	int next = flow_next_visible(f, qi);
	if (next < 0)
		flow_finish_survey(f, now);
	else
		flow_go_question(f, next, now);
}

/* Skip or skip section, done: the answers go, the person moves on. */
static void do_skip(fb_flow *f, fb_event_kind kind, int64_t now)
{
	if (kind == FB_EV_SKIP) {
		flow_answer_wipe(f, (size_t)f->q);
		go_past(f, f->q, now);
		return;
	}
	int end = section_end(f, f->q);
	for (int i = f->q + 1; i < end; i++)
		flow_answer_wipe(f, (size_t)i);
	go_past(f, end - 1, now);
}

bool flow_on_confirm(fb_flow *f, const fb_event *ev, int64_t now)
{
	fb_event_kind kind = f->pending;

	if (ev->kind == FB_EV_CONFIRM_YES) {
		f->pending = FB_EV_TICK;
		if (kind == FB_EV_BACK) {
			flow_reset(f, now);         /* they leave, words and all */
			return true;
		}
		f->screen = FB_SCREEN_QUESTION;
		do_skip(f, kind, now);
		return true;
	}
	if (ev->kind == FB_EV_CONFIRM_NO || ev->kind == FB_EV_BACK) {
		f->pending = FB_EV_TICK;
		/* the words are still there */
		f->screen = kind == FB_EV_BACK ? f->confirm_from : FB_SCREEN_QUESTION;
		return true;
	}
	return false;
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
		bool same = a->answered && a->choice == ev->index;
		a->answered = true;
		a->choice = ev->index;
		/* The quick path: the rating goes straight to the comment
		 * screen (Back there brings the faces back, choice kept). */
		int next = flow_next_visible(f, f->q);
		if (qu->kind == FB_Q_FFT && next >= 0 &&
		    f->sv->questions[next].kind == FB_Q_TEXT) {
			flow_go_question(f, next, now);
			return true;
		}
		return !same;
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
	case FB_EV_SKIP_SECTION:
		if (ev->kind == FB_EV_SKIP ? !qu->optional : !flow_q_skip_section(f))
			return false;
		if (pending_deletes_text(f, ev->kind)) {
			f->pending = ev->kind;
			f->screen = FB_SCREEN_CONFIRM_DELETE;
			return true;
		}
		do_skip(f, ev->kind, now);
		return true;
	case FB_EV_SEND_NOW:
		if (!flow_q_send_now(f))
			return false;
		flow_finish_survey(f, now);
		return true;
	case FB_EV_NEXT:
		if (!flow_q_can_next(f))
			return false;
		goto forward;
	case FB_EV_BACK:
		prev = flow_prev_visible(f, f->q);
		if (prev >= 0) {
			flow_go_question(f, prev, now);
		} else if (f->n_lang > 1) {
			/* the answers stay: a language chosen again brings
			 * them back */
			f->q = -1;
			f->screen = FB_SCREEN_LANGUAGE;
		} else {
			flow_leave(f, now);
		}
		return true;
	default:
		return false;
	}
forward:
	go_past(f, f->q, now);
	return true;
}
