/* Layout: every screen at the four display sizes the kiosk ships on, with a
 * fake text measure (no SDL, no fonts): what a patient would notice is a
 * button off the screen, too small to hit, too close to the next one, or
 * the answers in the wrong order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../kiosk/layout.h"
#include "kiosk_fixture.h"

static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1920, 1080 },
				{ 1080, 1920 } };
#define N_SIZES (sizeof sizes / sizeof sizes[0])


static const char *fft_labels[6] = { "Very good", "Good", "Neither good nor poor",
				     "Poor", "Very poor", "Don't know" };
static const char *fft_values[6] = { "1", "2", "3", "4", "5", "6" };

static bool large_text;   /* the "A+" button was pressed */
static int staff_page;    /* the staff screen's page asked for */

static void view_common(kiosk_view *v, fb_screen s)
{
	memset(v, 0, sizeof *v);
	v->screen = s;
	v->language = "en";
	v->service = "Brook Ward";
	v->organisation = "";
	/* "A+" on the patient screens and the staff screen; read-aloud on
	 * the patient screens only */
	v->text_size = s != FB_SCREEN_STAFF_PIN && s != FB_SCREEN_CLEANING;
	v->large_text = large_text && v->text_size;
	v->read_aloud = v->text_size && s != FB_SCREEN_STAFF;
	v->read_aloud_label = "Read aloud";
}

static void view_question(kiosk_view *v, fb_qkind kind)
{
	view_common(v, FB_SCREEN_QUESTION);
	v->kind = kind;
	v->progress = "Question 1 of 5";
	v->question = "Overall, how was your experience of our service?";
	v->can_back = true;
	v->can_next = true;
	v->can_skip = kind != FB_Q_FFT;
	v->back_label = "Back";
	v->next_label = "Next";
	v->skip_label = "Skip";
	if (kind == FB_Q_FFT) {
		for (int i = 0; i < 6; i++) {
			v->options[i].value = fft_values[i];
			v->options[i].label = fft_labels[i];
		}
		v->n_options = 6;
	} else if (kind == FB_Q_SINGLE) {
		static const char *ages[9] = { "Under 16", "16-24", "25-34", "35-44",
					       "45-54", "55-64", "65-74",
					       "75 or over", "Prefer not to say" };
		for (int i = 0; i < 9; i++) {
			v->options[i].value = ages[i];
			v->options[i].label = ages[i];
		}
		v->n_options = 9;
	} else if (kind == FB_Q_TEXT) {
		v->question = "What could we do better?";
		v->help = "You can skip this question.";
		v->text = "The waiting room is too hot in the afternoon";
		v->placeholder = "Type your answer here";
		v->counter = "Characters left: 457";
		v->space_label = "space";
	}
}

#define N_SCREENS 14

/* The staff screen's figures, in words, and the longest last error the
 * kiosk keeps (250 characters: the queue's "storage full" message). */
/* Easy read: a yes / no / not sure question, a picture beside each. */
static void view_easy_yes_no(kiosk_view *v)
{
	static const char *values[3] = { "yes", "no", "not_sure" };
	static const char *labels[3] = { "Yes", "No", "Not sure" };
	view_question(v, FB_Q_SINGLE);
	v->easy_read = true;
	v->question = "Did we listen to you?";
	v->help = "Tap one. You can skip this.";
	for (int i = 0; i < 3; i++) {
		v->options[i].value = values[i];
		v->options[i].label = labels[i];
		v->options[i].selected = i == 0;
	}
	v->n_options = 3;
}

static const char *staff_figures[] = {
	"Device: kiosk-0001", "Location: Oak Ward",
	"Speaks for: Oak Ward (current), Ash Ward, Willow Ward",
	"Open: Mon\u2013Fri 08:00\u201318:00; Sat 09:00\u201312:00",
	"Closed now: the screen is blank until touched", "Version: 0.1.0",
	"Waiting to send: 3", "Oldest unsent: 2 min ago",
	"Held back (quarantined): 0", "Last successful sync: never",
	"Disk free: 812 MB", "Trust config: 3f2a9c1e fetched 5 minutes ago",
	"Enrolment: Enrolled for Oak Ward, Ash Ward, Willow Ward" };
#define N_FIGURES 13
static const char *staff_error =
	"Last error: queue not open: storage full while opening it: nothing "
	"new was saved, earlier responses are safe; ask estates or IT to free "
	"space on the device and check it is syncing (queue "
	"'/var/lib/feedback/queue.db')";

static bool view_for_one(int i, kiosk_view *v);

/* Fills v for screen number i of the tour, every screen twice: with the
 * usual text, then with "A+" larger text. False past the end. */
static bool view_for(int i, kiosk_view *v)
{
	large_text = i >= N_SCREENS;
	bool ok = i < 2 * N_SCREENS && view_for_one(i % N_SCREENS, v);
	large_text = false;
	return ok;
}

static bool view_for_one(int i, kiosk_view *v)
{
	switch (i) {
	case 0:
		view_common(v, FB_SCREEN_ATTRACT);
		v->title = "Tell us about your visit";
		v->body = "Touch the screen to start. It takes about a minute.";
		v->primary = "Start";
		{
			static const char *codes[6] = { "en", "pl", "ro", "pt", "es", "cy" };
			static const char *names[6] = { "English", "Polski", "Română",
							"Português", "Español", "Cymraeg" };
			for (int k = 0; k < 6; k++) {
				v->langs[k].code = codes[k];
				v->langs[k].name = names[k];
			}
			v->n_langs = 6;
		}
		v->ysw_heading = "You said, we did";
		v->you_said_label = "You said:";
		v->you_said = "you wanted to do your own laundry.";
		v->we_did_label = "We did:";
		v->we_did = "a washing machine is now in the ADL flat, for use with support.";
		v->ysw_count = 3;
		v->drift_x = 1;
		v->drift_y = -1;
		v->staff_corner = true;
		return true;
	case 1:
		view_for_one(0, v);
		v->screen = FB_SCREEN_LANGUAGE;
		v->title = "Choose your language";
		v->can_back = true;
		v->back_label = "Back";
		return true;
	case 2:
		view_question(v, FB_Q_FFT);
		return true;
	case 3:
		view_question(v, FB_Q_TEXT);
		return true;
	case 4:
		view_question(v, FB_Q_SINGLE);
		return true;
	case 5:
		view_common(v, FB_SCREEN_STILL_THERE);
		v->title = "Are you still there?";
		v->hint = "We will start again in 20 seconds.";
		v->primary = "Yes, I'm still here";
		return true;
	case 6:
		view_common(v, FB_SCREEN_THANKS);
		v->title = "Thank you";
		v->body = "Your answers have been saved. They help us make our service better.";
		v->card_title = "Need to talk to someone now?";
		v->card_body = "Call NHS 111 and choose option 2 for mental health crisis "
			       "support, or call Samaritans free on 116 123, or tell a "
			       "member of staff.";
		v->hint = "We will go back to the start in 10 seconds.";
		v->secondary = "Finish";
		return true;
	case 7:
		view_common(v, FB_SCREEN_SORRY);
		v->title = "Sorry, we could not save your answers";
		v->body = "This is our fault, not yours. A member of staff can help "
			  "you give your feedback another way.";
		v->hint = "We will go back to the start in 8 seconds.";
		v->secondary = "Finish";
		return true;
	case 8:
		view_common(v, FB_SCREEN_STAFF_PIN);
		v->title = "Staff PIN";
		v->pin_length = 2;
		v->pin_ok_label = "OK";
		v->pin_clear_label = "Clear";
		v->secondary = "Close";
		return true;
	case 9: {
		view_common(v, FB_SCREEN_STAFF);
		v->title = "Staff";
		for (int k = 0; k < N_FIGURES; k++)
			v->status[k] = staff_figures[k];
		v->n_status = N_FIGURES;
		v->status_error = staff_error;
		v->location_heading = "Location: choose where this device is";
		v->actions[0].id = "staff-sync";
		v->actions[0].label = "Sync now";
		v->actions[1].id = "staff-cleaning";
		v->actions[1].label = "Cleaning mode";
		v->actions[2].id = "staff-assisted";
		v->actions[2].label = "Assisted response";
		v->actions[3].id = "staff-location-OAK";
		v->actions[3].label = "Oak Ward";
		v->actions[3].selected = true;
		v->actions[3].location = true;
		v->actions[4].id = "staff-location-ASH";
		v->actions[4].label = "Ash Ward";
		v->actions[4].location = true;
		v->actions[5].id = "staff-enrol";
		v->actions[5].label = "Enrol this tablet";
		v->actions[6].id = "staff-exit";
		v->actions[6].label = "Exit to maintenance";
		v->n_actions = 7;
		v->secondary = "Close";
		v->body = "sync requested: the sync daemon will try now";
		v->more_label = "More";
		v->page_back_label = "Back";
		v->staff_page = staff_page;
		return true;
	}
	case 10:
		view_common(v, FB_SCREEN_CLEANING);
		v->title = "Cleaning mode";
		v->body = "The screen ignores touches for 60 seconds.";
		return true;
	case 11:
		/* an information page: no answer, so no "Question n of m" */
		view_question(v, FB_Q_INFO);
		v->progress = NULL;
		v->question = "About you";
		v->help = "The next few questions are about you. They help us check "
			  "that we treat everyone fairly.";
		return true;
	case 12:
		/* [kiosk] modes: easy read and children's beside Start */
		view_for_one(0, v);
		v->modes[0].id = "mode-easy_read";
		v->modes[0].label = "Easy read";
		v->modes[1].id = "mode-children";
		v->modes[1].label = "For children";
		v->n_modes = 2;
		return true;
	case 13:
		view_easy_yes_no(v);
		return true;
	default:
		return false;
	}
}

/* One layout for the whole run, so a failing check (which leaves the test
 * by longjmp) leaks nothing. */
static kiosk_layout *shared;

static int group_setup(void **state)
{
	(void)state;
	return kiosk_layout_new(&shared);
}

static int group_teardown(void **state)
{
	(void)state;
	kiosk_layout_free(shared);
	return 0;
}

static kiosk_layout *build(const kiosk_view *v, int w, int h)
{
	kiosk_layout_build(shared, v, w, h, kiosk_fixture_measure, NULL);
	return shared;
}

static void test_every_widget_lies_inside_the_window_on_every_screen(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++)
		for (int i = 0; view_for(i, &v); i++) {
			int W = sizes[s][0], H = sizes[s][1];
			kiosk_layout *l = build(&v, W, H);
			assert_true(kiosk_layout_count(l) > 1);
			for (size_t k = 0; k < kiosk_layout_count(l); k++) {
				const kiosk_widget *w = kiosk_layout_get(l, k);
				if (w->x < 0 || w->y < 0 || w->x + w->w > W ||
				    w->y + w->h > H)
					fail_msg("%dx%d screen %d: '%s' at %d,%d %dx%d is "
						 "outside the window", W, H, i, w->id,
						 w->x, w->y, w->w, w->h);
				if (w->n_lines * w->line_h > w->h + 2 && w->role !=
				    KIOSK_ROLE_HEADER && w->role != KIOSK_ROLE_CARD)
					fail_msg("%dx%d screen %d: '%s' has %d lines in "
						 "%d px", W, H, i, w->id, w->n_lines, w->h);
			}
			(void)l;
		}
}

static void test_touch_targets_are_at_least_90_px_at_1920x1080(void **state)
{
	kiosk_view v;
	(void)state;
	for (int i = 0; view_for(i, &v); i++) {
		kiosk_layout *l = build(&v, 1920, 1080);
		for (size_t k = 0; k < kiosk_layout_count(l); k++) {
			const kiosk_widget *w = kiosk_layout_get(l, k);
			if (w->target && (w->w < 90 || w->h < 90))
				fail_msg("screen %d: '%s' is %dx%d, under 90 px", i,
					 w->id, w->w, w->h);
		}
		(void)l;
	}
}

static void test_buttons_are_never_smaller_than_a_fingertip_at_any_size(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++)
		for (int i = 0; view_for(i, &v); i++) {
			int W = sizes[s][0], H = sizes[s][1];
			kiosk_layout *l = build(&v, W, H);
			/* keyboard keys may be smaller on the 7-inch panel only */
			int min_key = W * H < 500000 ? 40 :
				      kiosk_layout_min_target(W, H) < 90 ?
				      kiosk_layout_min_target(W, H) : 90;
			for (size_t k = 0; k < kiosk_layout_count(l); k++) {
				const kiosk_widget *w = kiosk_layout_get(l, k);
				int min = w->role == KIOSK_ROLE_KEY ? min_key :
					  kiosk_layout_min_target(W, H);
				if (!w->target || w->role == KIOSK_ROLE_FIELD)
					continue;
				if (w->h < min || w->w < min)
					fail_msg("%dx%d screen %d: '%s' is %dx%d, under %d",
						 W, H, i, w->id, w->w, w->h, min);
			}
			(void)l;
		}
}

static int axis_gap(int a0, int a1, int b0, int b1)
{
	if (a1 <= b0)
		return b0 - a1;
	if (b1 <= a0)
		return a0 - b1;
	return -1;   /* overlap on this axis */
}

static void test_targets_are_16_px_or_more_apart(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++)
		for (int i = 0; view_for(i, &v); i++) {
			int W = sizes[s][0], H = sizes[s][1];
			kiosk_layout *l = build(&v, W, H);
			size_t n = kiosk_layout_count(l);
			for (size_t a = 0; a < n; a++)
				for (size_t b = a + 1; b < n; b++) {
					const kiosk_widget *p = kiosk_layout_get(l, a);
					const kiosk_widget *q = kiosk_layout_get(l, b);
					if (!p->target || !q->target)
						continue;
					int gx = axis_gap(p->x, p->x + p->w, q->x, q->x + q->w);
					int gy = axis_gap(p->y, p->y + p->h, q->y, q->y + q->h);
					if (gx < 16 && gy < 16)
						fail_msg("%dx%d screen %d: '%s' and '%s' are "
							 "closer than 16 px (%d, %d)", W, H, i,
							 p->id, q->id, gx, gy);
				}
			(void)l;
		}
}

static void test_text_is_never_smaller_than_22_px(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++)
		for (int i = 0; view_for(i, &v); i++) {
			kiosk_layout *l = build(&v, sizes[s][0], sizes[s][1]);
			for (size_t k = 0; k < kiosk_layout_count(l); k++) {
				const kiosk_widget *w = kiosk_layout_get(l, k);
				if (w->n_lines > 0 && w->px < 22)
					fail_msg("'%s' uses %d px text", w->id, w->px);
			}
			(void)l;
		}
}

static void test_question_pages_have_back_and_next(void **state)
{
	kiosk_view v;
	const fb_qkind kinds[] = { FB_Q_FFT, FB_Q_TEXT, FB_Q_SINGLE };
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++)
		for (size_t k = 0; k < 3; k++) {
			view_question(&v, kinds[k]);
			kiosk_layout *l = build(&v, sizes[s][0], sizes[s][1]);
			assert_non_null(kiosk_layout_find(l, "back"));
			assert_non_null(kiosk_layout_find(l, "next"));
			assert_non_null(kiosk_layout_find(l, "progress"));
			(void)l;
		}
}

static void test_next_is_shown_but_disabled_until_an_answer_is_chosen(void **state)
{
	kiosk_view v;
	(void)state;
	view_question(&v, FB_Q_FFT);
	v.can_next = false;
	kiosk_layout *l = build(&v, 1280, 800);
	const kiosk_widget *n = kiosk_layout_find(l, "next");
	assert_non_null(n);
	assert_true(n->disabled);
	(void)l;
}

/* Reading order: rows top to bottom, then along the row in the reading
 * direction. */
static void check_national_order(const kiosk_layout *l, bool rtl, int W, int H)
{
	const kiosk_widget *prev = NULL;
	for (int code = 1; code <= 6; code++) {
		char id[32];
		snprintf(id, sizeof id, "answer-%d", code);
		const kiosk_widget *w = kiosk_layout_find(l, id);
		if (!w)
			fail_msg("%dx%d: no %s", W, H, id);
		assert_int_equal(w->code, code);   /* the face matches the words */
		if (prev) {
			bool same_row = w->y == prev->y;
			bool later = same_row ? (rtl ? w->x < prev->x : w->x > prev->x)
					      : w->y > prev->y;
			if (!later)
				fail_msg("%dx%d: %s is not after answer-%d", W, H, id,
					 code - 1);
		}
		prev = w;
	}
}

static void test_six_rating_buttons_in_national_order_at_every_size(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++) {
		view_question(&v, FB_Q_FFT);
		kiosk_layout *l = build(&v, sizes[s][0], sizes[s][1]);
		int answers = 0;
		for (size_t k = 0; k < kiosk_layout_count(l); k++)
			answers += kiosk_layout_get(l, k)->role == KIOSK_ROLE_ANSWER;
		assert_int_equal(answers, 6);
		check_national_order(l, false, sizes[s][0], sizes[s][1]);
		(void)l;
	}
}

static void test_easy_read_puts_a_picture_beside_every_answer_in_bigger_words(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++) {
		int W = sizes[s][0], H = sizes[s][1], pictures = 0, easy_px = 0;
		view_easy_yes_no(&v);
		kiosk_layout *l = build(&v, W, H);
		static const int want[3] = { KIOSK_PICTURE_YES, KIOSK_PICTURE_NO,
					     KIOSK_PICTURE_NOT_SURE };
		static const char *ids[3] = { "option-yes", "option-no", "option-not_sure" };
		for (int i = 0; i < 3; i++) {
			const kiosk_widget *o = kiosk_layout_find(l, ids[i]);
			assert_non_null(o);
			assert_int_equal(o->picture, want[i]);
			/* the picture is beside the words, inside the card */
			assert_true(o->face_r >= 16);
			assert_true(o->face_x + o->face_r <= o->text_x);
			assert_true(o->face_y - o->face_r >= 0 && o->face_y + o->face_r <= o->h);
			pictures++;
		}
		assert_int_equal(pictures, 3);
		easy_px = kiosk_layout_find(l, "question")->px;
		int easy_help = kiosk_layout_find(l, "help")->px;
		/* the same question outside easy read: smaller words, no pictures */
		v.easy_read = false;
		l = build(&v, W, H);
		assert_int_equal(kiosk_layout_find(l, "option-yes")->picture, KIOSK_PICTURE_NONE);
		assert_true(easy_px > kiosk_layout_find(l, "question")->px);
		assert_true(easy_help > kiosk_layout_find(l, "help")->px);
	}
}

static void test_the_start_screen_offers_a_button_per_mode_beside_start(void **state)
{
	kiosk_view v;
	(void)state;
	for (int big = 0; big < 2; big++)
		for (size_t s = 0; s < N_SIZES; s++) {
			large_text = big;
			view_for_one(12, &v);
			large_text = false;
			kiosk_layout *l = build(&v, sizes[s][0], sizes[s][1]);
			const kiosk_widget *st = kiosk_layout_find(l, "start");
			const kiosk_widget *er = kiosk_layout_find(l, "mode-easy_read");
			const kiosk_widget *ch = kiosk_layout_find(l, "mode-children");
			assert_non_null(st);
			assert_non_null(er);
			assert_non_null(ch);
			assert_true(er->target && ch->target);
			assert_false(er->cut || ch->cut);
			/* as easy to hit as Start */
			assert_int_equal(er->h, st->h);
			assert_int_equal(ch->h, st->h);
			/* read in order: Start, then easy read, then children's */
			assert_true(er->y > st->y || (er->y == st->y && er->x > st->x));
			assert_true(ch->y > er->y || (ch->y == er->y && ch->x > er->x));
		}
}

static void test_right_to_left_languages_mirror_the_whole_page(void **state)
{
	kiosk_view v;
	(void)state;
	view_question(&v, FB_Q_FFT);
	v.rtl = true;
	v.language = "ar";
	kiosk_layout *l = build(&v, 1280, 800);
	const kiosk_widget *back = kiosk_layout_find(l, "back");
	const kiosk_widget *next = kiosk_layout_find(l, "next");
	assert_true(back->x > 640);               /* Back on the right */
	assert_true(next->x + next->w < 640);     /* Next on the left */
	check_national_order(l, true, 1280, 800);
	const kiosk_widget *q = kiosk_layout_find(l, "question");
	assert_int_equal(q->align, KIOSK_ALIGN_END);   /* text from the right */
	(void)l;
}

/* Checks that each of w's lines says truly where it came from: its bytes
 * in a paragraph with no newline inside. Returns how many lines had one. */
static int check_line_sources(const kiosk_widget *w)
{
	const char *p = w->lines;
	int with_src = 0;
	for (int i = 0; i < w->n_lines && w->line_src; i++) {
		const kiosk_line_src *src = &w->line_src[i];
		size_t n = strcspn(p, "\n");
		assert_true(src->off + src->len <= src->para_len);
		assert_null(memchr(src->para, '\n', src->para_len));
		/* the same bytes, unless the layout cut the line with "…" */
		if (!(n > src->len && strncmp(p + src->len, "…", n - src->len) == 0)) {
			assert_int_equal(n, src->len);
			assert_memory_equal(src->para + src->off, p, n);
		}
		with_src++;
		p += n + (p[n] == '\n');
	}
	return with_src;
}

static void test_every_wrapped_line_knows_the_paragraph_it_came_from(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++)
		for (int i = 0; view_for(i, &v); i++) {
			v.rtl = true;
			v.language = "ur";
			kiosk_layout *l = build(&v, sizes[s][0], sizes[s][1]);
			for (size_t k = 0; k < kiosk_layout_count(l); k++)
				check_line_sources(kiosk_layout_get(l, k));
		}
}

static void test_the_crisis_number_line_is_drawn_from_the_whole_paragraph(void **state)
{
	/* At 800x480 the crisis card breaks before "116 123"; the renderer can
	 * only read it the right way round if it has the whole paragraph. */
	kiosk_view v;
	(void)state;
	assert_true(view_for(6, &v));
	v.rtl = true;
	v.language = "ur";
	const char *body = v.card_body;
	kiosk_layout *l = build(&v, 800, 480);
	const kiosk_widget *card = kiosk_layout_find(l, "crisis-body-1");
	assert_non_null(card);
	assert_true(card->n_lines >= 2);
	assert_int_equal(check_line_sources(card), card->n_lines);
	for (int i = 0; i < card->n_lines; i++) {
		assert_int_equal(card->line_src[i].para_len, strlen(body));
		assert_memory_equal(card->line_src[i].para, body, strlen(body));
	}
}

/* The bytes of line k of w, as an offset into its label. */
static size_t line_at(const kiosk_widget *w, int k)
{
	return (size_t)(w->line_src[k].para - w->label) + w->line_src[k].off;
}

/* Whether the bold runs of w are exactly the strings in want (NULL-ended,
 * in order), each on one line, none across a break. */
static void check_bold_runs(const kiosk_widget *w, const char *const *want)
{
	int n = 0;
	while (want[n])
		n++;
	if (w->n_bold_runs != n)
		fail_msg("'%s' (%s): %d bold runs, wanted %d", w->id, w->label,
			 w->n_bold_runs, n);
	for (int k = 0; k < n; k++) {
		const kiosk_span *r = &w->bold_runs[k];
		if (r->len != strlen(want[k]) ||
		    memcmp(w->label + r->off, want[k], r->len) != 0)
			fail_msg("'%s': bold run %d is '%.*s', wanted '%s'", w->id, k,
				 (int)r->len, w->label + r->off, want[k]);
		bool one_line = false;
		for (int j = 0; j < w->n_lines; j++) {
			size_t a = line_at(w, j), b = a + w->line_src[j].len;
			if (r->off >= a && r->off + r->len <= b)
				one_line = true;
		}
		if (!one_line)
			fail_msg("'%s': '%s' is broken across lines:\n%s", w->id,
				 want[k], w->lines);
	}
}

static void test_the_crisis_card_gives_each_way_to_get_help_its_own_lines_with_the_numbers_bold(void **state)
{
	static const char *const paras[] = {
		"Call Childline free on 0800 1111, any time.",
		"Or call Samaritans free on 116 123, any time.",
		"For urgent mental health help, call NHS 111 and choose option 2.",
		"Or text SHOUT to 85258.",
		"Or tell a member of staff.",
	};
	static const char *const b0[] = { "0800 1111", NULL };
	static const char *const b1[] = { "116 123", NULL };
	static const char *const b2[] = { "NHS 111", "2", NULL };
	static const char *const b3[] = { "SHOUT", "85258", NULL };
	static const char *const b4[] = { NULL };
	static const char *const *const bolds[] = { b0, b1, b2, b3, b4 };
	char body[1024] = "";
	kiosk_view v;
	(void)state;
	for (size_t k = 0; k < 5; k++)
		snprintf(body + strlen(body), sizeof body - strlen(body), "%s%s",
			 k ? "\n" : "", paras[k]);
	/* every size, A+ or not, either direction, and narrow windows that
	 * put the numbers at the ends of lines */
	static const int more[][2] = { { 800, 480 }, { 640, 480 }, { 560, 480 },
				       { 480, 640 }, { 1920, 1080 } };
	for (int dir = 0; dir < 2; dir++)
		for (int big = 0; big < 2; big++)
			for (size_t s = 0; s < sizeof more / sizeof more[0]; s++) {
				assert_true(view_for(6, &v));
				v.card_body = body;
				v.large_text = big;
				v.rtl = dir;
				v.language = dir ? "ur" : "en";
				kiosk_layout *l = build(&v, more[s][0], more[s][1]);
				assert_null(kiosk_layout_find(l, "crisis-body"));
				int bottom = 0;
				for (size_t k = 0; k < 5; k++) {
					char id[32];
					snprintf(id, sizeof id, "crisis-body-%zu", k + 1);
					const kiosk_widget *w = kiosk_layout_find(l, id);
					if (!w)
						fail_msg("%dx%d: no %s", more[s][0], more[s][1], id);
					assert_string_equal(w->label, paras[k]);
					assert_false(w->bold);
					assert_false(w->cut);
					assert_int_equal(check_line_sources(w), w->n_lines);
					/* each on lines of its own, below the one before */
					if (w->y < bottom)
						fail_msg("%dx%d: %s starts at %d, over the one "
							 "before (bottom %d)", more[s][0],
							 more[s][1], id, w->y, bottom);
					bottom = w->y + w->h;
					check_bold_runs(w, bolds[k]);
				}
				assert_null(kiosk_layout_find(l, "crisis-body-6"));
			}
}

static void test_numbers_in_any_script_and_with_a_plus_are_bold_but_words_are_not(void **state)
{
	kiosk_view v;
	(void)state;
	assert_true(view_for(6, &v));
	v.card_body = "Ring +44 20 7946 0000 or 0121-612-8026 from 9am, A4 room.\n"
		      "\xdb\xb1\xdb\xb1\xdb\xb6 \xdb\xb1\xdb\xb2\xdb\xb3 "
		      "\xd9\xbe\xd8\xb1 \xda\xa9\xd8\xa7\xd9\x84 \xda\xa9\xd8\xb1\xdb\x8c\xda\xba";
	v.rtl = true;
	v.language = "ur";
	kiosk_layout *l = build(&v, 1280, 800);
	static const char *const b0[] = { "+44 20 7946 0000", "0121-612-8026", "9",
					  NULL };
	static const char *const b1[] = { "\xdb\xb1\xdb\xb1\xdb\xb6 \xdb\xb1\xdb\xb2\xdb\xb3",
					  NULL };
	check_bold_runs(kiosk_layout_find(l, "crisis-body-1"), b0);
	check_bold_runs(kiosk_layout_find(l, "crisis-body-2"), b1);
	/* bold is wider: the ink is measured with the bold runs bold */
	const kiosk_widget *w = kiosk_layout_find(l, "crisis-body-2");
	assert_int_equal(w->n_lines, 1);
	assert_true(w->ink_w > kiosk_fixture_measure(NULL, w->label, w->px, false, true));
}

static void test_the_text_field_shows_its_last_lines_from_their_paragraphs(void **state)
{
	kiosk_view v;
	(void)state;
	view_question(&v, FB_Q_TEXT);
	v.rtl = true;
	v.language = "ur";
	v.text = "The waiting room is too hot in the afternoon and there is "
		 "nowhere to get water while you wait, which is hard with a "
		 "child. The chairs are too low.\nThe nurses were kind, "
		 "call 116 123 anytime";
	kiosk_layout *l = build(&v, 1280, 800);
	const kiosk_widget *f = kiosk_layout_find(l, "text-field");
	assert_non_null(f);
	assert_int_equal(check_line_sources(f), f->n_lines);
	/* the last line is the end of the last paragraph */
	const kiosk_line_src *last = &f->line_src[f->n_lines - 1];
	assert_int_equal(last->off + last->len, last->para_len);
	assert_memory_equal(last->para, "The nurses", strlen("The nurses"));
}

static void test_the_keyboard_has_an_accents_key_for_polish_but_not_english(void **state)
{
	kiosk_view v;
	(void)state;
	view_question(&v, FB_Q_TEXT);
	kiosk_layout *l = build(&v, 1280, 800);
	assert_null(kiosk_layout_find(l, "key-accents"));
	assert_non_null(kiosk_layout_find(l, "key-space"));
	assert_non_null(kiosk_layout_find(l, "key-backspace"));
	assert_non_null(kiosk_layout_find(l, "key-shift"));
	assert_non_null(kiosk_layout_find(l, "key-digits"));
	(void)l;
	v.language = "pl";
	v.kb_mode = KIOSK_KB_ACCENTS;
	l = build(&v, 1280, 800);
	assert_non_null(kiosk_layout_find(l, "key-accents"));
	assert_non_null(kiosk_layout_find(l, "key-ł"));
	assert_non_null(kiosk_layout_find(l, "key-ż"));
	(void)l;
}

static void test_a_tap_finds_the_button_under_the_finger(void **state)
{
	kiosk_view v;
	(void)state;
	view_question(&v, FB_Q_FFT);
	kiosk_layout *l = build(&v, 1280, 800);
	const kiosk_widget *a3 = kiosk_layout_find(l, "answer-3");
	const kiosk_widget *hit = kiosk_layout_hit(l, a3->x + a3->w / 2,
						   a3->y + a3->h / 2);
	assert_non_null(hit);
	assert_string_equal(hit->id, "answer-3");
	assert_null(kiosk_layout_hit(l, 2, 2));   /* the header is not a button */
	(void)l;
}

static void test_focus_moves_through_every_button_and_wraps_round(void **state)
{
	kiosk_view v;
	(void)state;
	view_question(&v, FB_Q_FFT);
	kiosk_layout *l = build(&v, 1280, 800);
	int first = kiosk_layout_next_target(l, -1, 1), i = first, seen = 0;
	assert_true(first >= 0);
	do {
		seen++;
		i = kiosk_layout_next_target(l, i, 1);
	} while (i != first && seen < 100);
	assert_int_equal(seen, 10);  /* A+, read aloud, six answers, Back, Next */
	(void)l;
}

static void test_a_very_long_question_wraps_and_stays_on_screen(void **state)
{
	kiosk_view v;
	char q[600];
	(void)state;
	memset(q, 0, sizeof q);
	for (int i = 0; i < 40; i++)
		strcat(q, "wording ");
	view_question(&v, FB_Q_FFT);
	v.question = q;
	kiosk_layout *l = build(&v, 800, 480);
	const kiosk_widget *w = kiosk_layout_find(l, "question");
	/* a real question wraps whole (tests/integration/kiosk_fit.sh);
	 * one of 320 characters stops at six lines */
	assert_true(w->n_lines <= 6);
	assert_true(w->cut);
	assert_true(kiosk_layout_truncated(l));   /* cut with an ellipsis */
	assert_non_null(strstr(w->lines, "…"));
	(void)l;
}

static void test_an_information_page_shows_no_question_number(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++) {
		view_for_one(11, &v);
		kiosk_layout *l = build(&v, sizes[s][0], sizes[s][1]);
		assert_null(kiosk_layout_find(l, "progress"));
		assert_non_null(kiosk_layout_find(l, "question"));
		assert_non_null(kiosk_layout_find(l, "next"));
		(void)l;
	}
}

/* Where widget id is on the staff screen at W x H: the page (its widget
 * copied to *out), or -1. Pages are walked as staff walk them, by the
 * page each "More" leads to; there are at most FB_FLOW_STAFF_PAGES_MAX. */
static int staff_find(int W, int H, bool aplus, const char *id, kiosk_widget *out, int *pages)
{
	kiosk_view v;
	int found = -1, page = 0;
	for (int n = 0; n < FB_FLOW_STAFF_PAGES_MAX; n++) {
		staff_page = page;
		large_text = aplus;
		view_for_one(9, &v);
		large_text = false;
		staff_page = 0;
		kiosk_layout *l = build(&v, W, H);
		const kiosk_widget *w = kiosk_layout_find(l, id);
		if (w && found < 0) {
			/* the words are the shared layout's: kept apart */
			static char label[2048], lines[4096];
			found = page;
			*out = *w;
			snprintf(label, sizeof label, "%s", w->label ? w->label : "");
			snprintf(lines, sizeof lines, "%s", w->lines ? w->lines : "");
			out->label = label;
			out->lines = lines;
		}
		const kiosk_widget *more = kiosk_layout_find(l, "staff-more");
		*pages = page + 1;
		if (!more)
			break;
		assert_true(more->value == page + 1);
		page = more->value;
	}
	return found;
}

/* The staff screen holds more than one screen's worth: every figure, the
 * last error in full and every action are on some page, at every size,
 * with and without A+; none cut, each button a finger's size; "More" and
 * "Back" lead through the pages and back; the last action's words are on
 * every page. Wide screens have the actions beside the figures. */
static void test_the_staff_screen_puts_what_does_not_fit_on_pages_none_cut(void **state)
{
	(void)state;
	static const char *acts[] = { "staff-sync", "staff-cleaning", "staff-assisted",
				      "staff-location-OAK", "staff-location-ASH", "staff-enrol",
				      "staff-exit", "staff-close", "text-size" };
	for (size_t s = 0; s < N_SIZES; s++)
		for (int aplus = 0; aplus < 2; aplus++) {
			int W = sizes[s][0], H = sizes[s][1], pages = 0;
			int min = kiosk_layout_min_target(W, H);
			kiosk_widget w;
			char id[32];
			assert_true(min >= 44);
			for (int k = 0; k < N_FIGURES; k++) {
				snprintf(id, sizeof id, "status-%d", k);
				if (staff_find(W, H, aplus, id, &w, &pages) < 0)
					fail_msg("%dx%d%s: figure %d is on no page", W, H,
						 aplus ? " A+" : "", k);
				assert_string_equal(w.label, staff_figures[k]);
				if (w.cut || strstr(w.lines, "…"))
					fail_msg("%dx%d%s: '%s' is cut", W, H, aplus ? " A+" : "",
						 w.label);
			}
			if (staff_find(W, H, aplus, "status-error", &w, &pages) < 0)
				fail_msg("%dx%d: the last error is on no page", W, H);
			if (w.cut || !strstr(w.lines, "queue.db')"))
				fail_msg("%dx%d%s: the last error is cut: '%s'", W, H,
					 aplus ? " A+" : "", w.lines);
			for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
				if (staff_find(W, H, aplus, acts[k], &w, &pages) < 0)
					fail_msg("%dx%d%s: %s is on no page", W, H,
						 aplus ? " A+" : "", acts[k]);
				if (!w.target || w.w < min || w.h < min || w.cut)
					fail_msg("%dx%d%s: %s is %dx%d%s", W, H, aplus ? " A+" : "",
						 acts[k], w.w, w.h, w.cut ? ", cut" : "");
			}
			assert_true(pages <= FB_FLOW_STAFF_PAGES_MAX);
			if (W == 1920 && !aplus && pages != 1)
				fail_msg("%dx%d: %d pages where one fits", W, H, pages);
			if (W == 800 && pages < 2)
				fail_msg("800x480%s: all on one page?", aplus ? " A+" : "");
			/* every page: the message, Back to the one before */
			for (int pg = 0; pg < pages; pg++) {
				kiosk_view v;
				staff_page = pg;
				large_text = aplus;
				view_for_one(9, &v);
				large_text = false;
				staff_page = 0;
				kiosk_layout *l = build(&v, W, H);
				const kiosk_widget *m = kiosk_layout_find(l, "message");
				if (!m || m->cut)
					fail_msg("%dx%d page %d: the last action's words %s", W, H,
						 pg + 1, m ? "are cut" : "are missing");
				const kiosk_widget *b = kiosk_layout_find(l, "staff-back");
				if (pg > 0 && (!b || b->value != pg - 1 || b->h < min))
					fail_msg("%dx%d page %d: no Back to page %d", W, H, pg + 1, pg);
				if (pg == 0 && b)
					fail_msg("%dx%d: Back on the first page", W, H);
				const kiosk_widget *d = kiosk_layout_find(l, "staff-pages");
				if (pages > 1 && (!d || d->code != pg || d->value != pages))
					fail_msg("%dx%d page %d: the dots do not say where", W, H, pg + 1);
				(void)l;
			}
		}
	/* 1920x1080: the actions in a column of their own, beside the figures */
	kiosk_widget f, a;
	int pages;
	staff_find(1920, 1080, false, "status-0", &f, &pages);
	staff_find(1920, 1080, false, "staff-sync", &a, &pages);
	assert_true(a.x > f.x + f.w);
	assert_true(a.y < 1080 / 2);
}

/* A page asked for past the last (a smaller window since) shows the last,
 * and its Back leads to the one before it. */
static void test_a_staff_page_past_the_last_shows_the_last(void **state)
{
	kiosk_view v;
	kiosk_widget w;
	int pages = 0;
	(void)state;
	staff_find(800, 480, true, "status-0", &w, &pages);
	assert_true(pages >= 2);
	staff_page = 7;
	large_text = true;
	view_for_one(9, &v);
	large_text = false;
	staff_page = 0;
	kiosk_layout *l = build(&v, 800, 480);
	assert_null(kiosk_layout_find(l, "staff-more"));
	assert_int_equal(kiosk_layout_find(l, "staff-back")->value, pages - 2);
	assert_int_equal(kiosk_layout_find(l, "staff-pages")->code, pages - 1);
}

/* The two round buttons at the band's end: read-aloud in the corner, text
 * size beside it, both full-size targets, 16 px or more apart, on every
 * patient screen at every size; at the other end for right to left. */
static void check_round_buttons(const kiosk_layout *l, int W, int H, int i,
				bool rtl)
{
	const kiosk_widget *ra = kiosk_layout_find(l, "read-aloud");
	const kiosk_widget *ts = kiosk_layout_find(l, "text-size");
	const kiosk_widget *hd = kiosk_layout_find(l, "header");
	int min = kiosk_layout_min_target(W, H);
	if (!ra || !ts)
		fail_msg("%dx%d screen %d: no read-aloud or text-size", W, H, i);
	assert_int_equal(ra->role, KIOSK_ROLE_ROUND);
	assert_int_equal(ra->code, KIOSK_ROUND_SPEAKER);
	assert_true(ra->target);
	assert_string_equal(ra->label, "Read aloud");
	if (ra->w != ra->h || ra->w < min || (W * H >= 1900000 && ra->w < 90))
		fail_msg("%dx%d screen %d: read-aloud is %dx%d (round, at least "
			 "%d)", W, H, i, ra->w, ra->h, min);
	assert_int_equal(ra->w, ts->w);
	assert_int_equal(ra->y, ts->y);                 /* one row, in the band */
	assert_true(ra->y >= 0 && ra->y + ra->h <= hd->h);
	int gap = rtl ? ts->x - (ra->x + ra->w) : ra->x - (ts->x + ts->w);
	if (gap < 16)
		fail_msg("%dx%d screen %d: read-aloud and text-size %d px apart", W,
			 H, i, gap);
	if (rtl ? ra->x > W / 4 : ra->x + ra->w < W * 3 / 4)
		fail_msg("%dx%d screen %d: read-aloud at x %d is not at the band's "
			 "end", W, H, i, ra->x);
	/* the ward's name never runs under them */
	if (!rtl && hd->text_x + hd->text_w > ts->x)
		fail_msg("%dx%d screen %d: the header text reaches %d, under "
			 "text-size at %d", W, H, i, hd->text_x + hd->text_w, ts->x);
}

static void test_read_aloud_sits_beside_text_size_on_every_patient_screen(void **state)
{
	kiosk_view v;
	(void)state;
	for (size_t s = 0; s < N_SIZES; s++)
		for (int i = 0; view_for(i, &v); i++) {
			int W = sizes[s][0], H = sizes[s][1];
			for (int rtl = 0; rtl < 2; rtl++) {
				v.rtl = rtl;
				kiosk_layout *l = build(&v, W, H);
				if (!v.read_aloud) {
					/* staff screens and cleaning: neither */
					assert_null(kiosk_layout_find(l, "read-aloud"));
					continue;
				}
				check_round_buttons(l, W, H, i, rtl);
				(void)l;
			}
		}
}

static void test_read_aloud_shows_that_it_is_reading_in_words_and_state(void **state)
{
	kiosk_view v;
	(void)state;
	view_question(&v, FB_Q_FFT);
	v.reading = true;
	v.read_aloud_label = "Stop reading aloud";
	kiosk_layout *l = build(&v, 1280, 800);
	const kiosk_widget *ra = kiosk_layout_find(l, "read-aloud");
	assert_non_null(ra);
	assert_true(ra->selected);
	assert_string_equal(ra->label, "Stop reading aloud");
	/* a language with no voice: no button, and the band keeps its room */
	view_question(&v, FB_Q_FFT);
	v.read_aloud = false;
	l = build(&v, 1280, 800);
	assert_null(kiosk_layout_find(l, "read-aloud"));
	const kiosk_widget *ts = kiosk_layout_find(l, "text-size");
	assert_int_equal(ts->x + ts->w, 1280 - 56);      /* at the band's end */
	(void)l;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_widget_lies_inside_the_window_on_every_screen),
		cmocka_unit_test(test_touch_targets_are_at_least_90_px_at_1920x1080),
		cmocka_unit_test(test_buttons_are_never_smaller_than_a_fingertip_at_any_size),
		cmocka_unit_test(test_targets_are_16_px_or_more_apart),
		cmocka_unit_test(test_text_is_never_smaller_than_22_px),
		cmocka_unit_test(test_question_pages_have_back_and_next),
		cmocka_unit_test(test_next_is_shown_but_disabled_until_an_answer_is_chosen),
		cmocka_unit_test(test_six_rating_buttons_in_national_order_at_every_size),
		cmocka_unit_test(test_easy_read_puts_a_picture_beside_every_answer_in_bigger_words),
		cmocka_unit_test(test_the_start_screen_offers_a_button_per_mode_beside_start),
		cmocka_unit_test(test_right_to_left_languages_mirror_the_whole_page),
		cmocka_unit_test(test_every_wrapped_line_knows_the_paragraph_it_came_from),
		cmocka_unit_test(test_the_crisis_number_line_is_drawn_from_the_whole_paragraph),
		cmocka_unit_test(test_the_crisis_card_gives_each_way_to_get_help_its_own_lines_with_the_numbers_bold),
		cmocka_unit_test(test_numbers_in_any_script_and_with_a_plus_are_bold_but_words_are_not),
		cmocka_unit_test(test_the_text_field_shows_its_last_lines_from_their_paragraphs),
		cmocka_unit_test(test_the_keyboard_has_an_accents_key_for_polish_but_not_english),
		cmocka_unit_test(test_a_tap_finds_the_button_under_the_finger),
		cmocka_unit_test(test_focus_moves_through_every_button_and_wraps_round),
		cmocka_unit_test(test_a_very_long_question_wraps_and_stays_on_screen),
		cmocka_unit_test(test_an_information_page_shows_no_question_number),
		cmocka_unit_test(test_the_staff_screen_puts_what_does_not_fit_on_pages_none_cut),
		cmocka_unit_test(test_a_staff_page_past_the_last_shows_the_last),
		cmocka_unit_test(test_read_aloud_sits_beside_text_size_on_every_patient_screen),
		cmocka_unit_test(test_read_aloud_shows_that_it_is_reading_in_words_and_state),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
