/* Frame damage: what the kiosk draws again when the screen changes. A new
 * "You said" item on the start screen is drawn in its card alone (the idle
 * kiosk's commonest frame); a new screen, size, dimming or drift is drawn
 * whole; the same frame draws nothing. Layouts are real (kiosk_layout_build
 * with the fixture's fake text measure); no SDL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../kiosk/frame.h"
#include "../../kiosk/layout.h"
#include "kiosk_fixture.h"

#define W 1920
#define H 1080

typedef struct fixture {
	kiosk_layout *l;
	kiosk_view v;
	kiosk_paint p;
	kiosk_frame_sig was, now;
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	if (!fx || kiosk_layout_new(&fx->l) != 0)
		return -1;
	kiosk_view *v = &fx->v;
	v->screen = FB_SCREEN_ATTRACT;
	v->language = "en";
	v->service = "Brook Ward";
	v->organisation = "";
	v->text_size = true;
	v->title = "Tell us about your visit";
	v->body = "Touch the screen to start. It takes about a minute.";
	v->primary = "Start";
	v->langs[0].code = "en";
	v->langs[0].name = "English";
	v->langs[1].code = "pl";
	v->langs[1].name = "Polski";
	v->n_langs = 2;
	v->ysw_heading = "You said, we did";
	v->you_said_label = "You said:";
	v->you_said = "you wanted to do your own laundry.";
	v->we_did_label = "We did:";
	v->we_did = "a washing machine is now in the ADL flat, for use with support.";
	v->ysw_index = 0;
	v->ysw_count = 3;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	kiosk_layout_free(fx->l);
	free(fx);
	return 0;
}

/* Lays out fx's view at w x h and fingerprints it into sig. */
static void sign(fixture *fx, kiosk_frame_sig *sig, int w, int h)
{
	kiosk_layout_build(fx->l, &fx->v, w, h, kiosk_fixture_measure, NULL);
	kiosk_frame_sig_make(sig, fx->l, &fx->p, w, h);
}

static bool inside(const kiosk_frame_box *b, const kiosk_widget *wd)
{
	return wd->x >= b->x && wd->y >= b->y && wd->x + wd->w <= b->x + b->w &&
	       wd->y + wd->h <= b->y + b->h;
}

static bool meets(const kiosk_frame_box *b, const kiosk_widget *wd)
{
	return wd->x < b->x + b->w && b->x < wd->x + wd->w && wd->y < b->y + b->h &&
	       b->y < wd->y + wd->h;
}

static void test_a_new_you_said_item_should_redraw_its_card_and_not_the_start_button(void **state)
{
	fixture *fx = *state;
	kiosk_frame_box box;

	sign(fx, &fx->was, W, H);
	fx->v.you_said = "there was nothing for children to do.";
	fx->v.we_did = "we added books and a play corner.";
	fx->v.ysw_index = 1;
	sign(fx, &fx->now, W, H);
	assert_int_equal(kiosk_frame_damage(&fx->was, &fx->now, 4, W, H, &box),
			 KIOSK_FRAME_PART);
	const kiosk_widget *said = kiosk_layout_find(fx->l, "you-said");
	const kiosk_widget *dots = kiosk_layout_find(fx->l, "yousaid-dots");
	const kiosk_widget *start = kiosk_layout_find(fx->l, "start");
	assert_non_null(said);
	assert_non_null(dots);
	assert_non_null(start);
	assert_true(inside(&box, said));
	assert_true(inside(&box, dots));
	assert_false(meets(&box, start));
	assert_true((int64_t)box.w * box.h * 2 <= (int64_t)W * H);
}

static void test_the_same_frame_should_draw_nothing(void **state)
{
	fixture *fx = *state;
	kiosk_frame_box box;

	sign(fx, &fx->was, W, H);
	sign(fx, &fx->now, W, H);
	assert_int_equal(kiosk_frame_damage(&fx->was, &fx->now, 4, W, H, &box),
			 KIOSK_FRAME_SAME);
}

static void test_dimming_a_new_size_or_the_first_frame_should_draw_it_all(void **state)
{
	fixture *fx = *state;
	kiosk_frame_box box;
	kiosk_frame_sig none = { 0 };

	sign(fx, &fx->was, W, H);
	assert_int_equal(kiosk_frame_damage(&none, &fx->was, 4, W, H, &box),
			 KIOSK_FRAME_ALL);
	assert_true(box.x == 0 && box.y == 0 && box.w == W && box.h == H);
	fx->p.dim = 0.5f;
	sign(fx, &fx->now, W, H);
	assert_int_equal(kiosk_frame_damage(&fx->was, &fx->now, 4, W, H, &box),
			 KIOSK_FRAME_ALL);
	fx->p.dim = 0;
	sign(fx, &fx->now, 1280, 800);
	assert_int_equal(kiosk_frame_damage(&fx->was, &fx->now, 4, 1280, 800, &box),
			 KIOSK_FRAME_ALL);
	fx->p.pressed_id = "start";     /* a finger down: the tap's frame */
	sign(fx, &fx->now, W, H);
	assert_int_equal(kiosk_frame_damage(&fx->was, &fx->now, 4, W, H, &box),
			 KIOSK_FRAME_ALL);
}

static void test_the_burn_in_drift_should_draw_it_all(void **state)
{
	fixture *fx = *state;
	kiosk_frame_box box;

	sign(fx, &fx->was, W, H);
	fx->v.drift_x = 1;
	fx->v.drift_y = -1;
	sign(fx, &fx->now, W, H);
	assert_int_equal(kiosk_frame_damage(&fx->was, &fx->now, 4, W, H, &box),
			 KIOSK_FRAME_ALL);
}

static void test_a_new_screen_should_draw_it_all(void **state)
{
	fixture *fx = *state;
	kiosk_frame_box box;

	sign(fx, &fx->was, W, H);
	fx->v.screen = FB_SCREEN_LANGUAGE;
	fx->v.title = "Choose your language";
	fx->v.ysw_count = 0;
	fx->v.can_back = true;
	fx->v.back_label = "Back";
	sign(fx, &fx->now, W, H);
	assert_int_equal(kiosk_frame_damage(&fx->was, &fx->now, 4, W, H, &box),
			 KIOSK_FRAME_ALL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_new_you_said_item_should_redraw_its_card_and_not_the_start_button),
		T(test_the_same_frame_should_draw_nothing),
		T(test_dimming_a_new_size_or_the_first_frame_should_draw_it_all),
		T(test_the_burn_in_drift_should_draw_it_all),
		T(test_a_new_screen_should_draw_it_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
