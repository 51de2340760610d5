/* Tests for kiosk/flow.c's staff screens and the attract screen's "You
 * said, we did" items: the PIN pad, cleaning and assisted modes, changing
 * location, and reading the items file. Driven with a fake clock and a fake
 * store, no SDL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../kiosk/flow.h"
#include "../../kiosk/staff.h"
#include "../../kiosk/yousaid.h"
#include "utf8.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "assert_text.h"
#include "src_path.h"
#include "flow_fixture.h"

/* ---- staff ---- */

static void enter_pin(fixture *fx, const char *pin)
{
	for (const char *p = pin; *p; p++)
		send(fx, FB_EV_PIN_DIGIT, *p - '0', 300);
	send(fx, FB_EV_PIN_OK, 0, 300);
}

static void open_pin_pad(fixture *fx)
{
	send(fx, FB_EV_STAFF_CORNER_DOWN, 0, 100);
	wait_ms(fx, 5000);
	send(fx, FB_EV_STAFF_CORNER_UP, 0, 100);
	assert_int_equal(screen(fx), FB_SCREEN_STAFF_PIN);
}

static void test_staff_corner_should_open_the_pin_pad_only_after_five_seconds(void **state)
{
	fixture *fx = *state;

	send(fx, FB_EV_STAFF_CORNER_DOWN, 0, 100);
	wait_ms(fx, 4000);
	send(fx, FB_EV_STAFF_CORNER_UP, 0, 0);
	wait_ms(fx, 5000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	open_pin_pad(fx);
	assert_true(send(fx, FB_EV_STAFF_CLOSE, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_right_pin_should_open_staff_screen_and_five_wrong_lock_for_five_minutes(void **state)
{
	fixture *fx = *state;

	open_pin_pad(fx);
	enter_pin(fx, "1111");
	assert_int_equal(screen(fx), FB_SCREEN_STAFF_PIN);
	assert_contains(fb_flow_staff_message(fx->flow), "4 tries left");
	for (int i = 0; i < 4; i++)
		enter_pin(fx, "1234");
	assert_contains(fb_flow_staff_message(fx->flow), "locked");
	/* Locked: even the right PIN is refused, and a countdown shows. */
	enter_pin(fx, "2468");
	assert_int_equal(screen(fx), FB_SCREEN_STAFF_PIN);
	assert_true(fb_flow_countdown_s(fx->flow, fx->now) > 290);
	wait_ms(fx, 60000);                     /* pad times out */
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	wait_ms(fx, 4 * 60000);
	open_pin_pad(fx);
	enter_pin(fx, "2468");
	assert_int_equal(screen(fx), FB_SCREEN_STAFF);
	assert_int_equal(fx->actions[0], FB_FLOW_ACTION_STAFF_OPENED);
	assert_int_equal(fb_staff_pin_length(fx->staff), 0);
}

static void open_staff(fixture *fx)
{
	open_pin_pad(fx);
	enter_pin(fx, "2468");
	assert_int_equal(screen(fx), FB_SCREEN_STAFF);
}

static void test_cleaning_mode_should_ignore_touches_for_sixty_seconds(void **state)
{
	fixture *fx = *state;

	open_staff(fx);
	assert_true(send(fx, FB_EV_STAFF_CLEANING, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_CLEANING);
	assert_int_equal(fb_flow_countdown_s(fx->flow, fx->now), 60);
	wait_ms(fx, 1000);
	assert_false(send(fx, FB_EV_START, 0, 0));
	assert_false(send(fx, FB_EV_STAFF_CLOSE, 0, 0));
	assert_false(send(fx, FB_EV_ACTIVITY, 0, 0));
	assert_int_equal(screen(fx), FB_SCREEN_CLEANING);
	wait_ms(fx, 58999);
	assert_int_equal(screen(fx), FB_SCREEN_CLEANING);
	wait_ms(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_assisted_mode_should_mark_only_the_next_response(void **state)
{
	fixture *fx = *state;

	open_staff(fx);
	send(fx, FB_EV_STAFF_ASSISTED, 0, 100);
	assert_true(fb_flow_assisted(fx->flow));
	send(fx, FB_EV_STAFF_CLOSE, 0, 100);
	complete_quickly(fx, 1);
	send(fx, FB_EV_FINISH, 0, 100);
	wait_ms(fx, 20000);
	complete_quickly(fx, 2);
	assert_int_equal(fx->n_subs, 2);
	assert_int_equal(fx->subs[0].r.mode, FB_MODE_ASSISTED);
	assert_int_equal(fx->subs[1].r.mode, FB_MODE_KIOSK);
}

static void test_change_location_should_apply_to_the_next_response(void **state)
{
	fixture *fx = *state;

	open_staff(fx);
	assert_false(send(fx, FB_EV_STAFF_LOCATION, 9, 100));
	assert_true(send(fx, FB_EV_STAFF_LOCATION, 1, 100));
	assert_string_equal(fb_flow_location(fx->flow), "ward-b");
	assert_contains(fb_flow_staff_message(fx->flow), "ward-b");
	send(fx, FB_EV_STAFF_CLOSE, 0, 100);
	complete_quickly(fx, 1);
	assert_string_equal(fx->subs[0].r.location, "ward-b");
}

/* After a change of location the staff screen says where, by the name the
 * location's button shows, not its code. */
static void test_a_change_of_location_should_be_said_by_the_locations_name(void **state)
{
	fixture *fx = *state;

	snprintf(fx->o.location_names[0], FB_FLOW_LOCATION_NAME_MAX, "Ash Ward");
	snprintf(fx->o.location_names[1], FB_FLOW_LOCATION_NAME_MAX, "Willow Ward");
	make_flow(fx);
	open_staff(fx);
	assert_true(send(fx, FB_EV_STAFF_LOCATION, 1, 100));
	assert_string_equal(fb_flow_location(fx->flow), "ward-b");
	assert_string_equal(fb_flow_staff_message(fx->flow), "location is now Willow Ward");
}

/* The staff screen's pages: More and Back move between them, the last
 * action's words stay, a page out of range is refused, and the screen
 * opens on its first page each time. */
static void test_staff_pages_should_keep_the_message_and_open_on_the_first(void **state)
{
	fixture *fx = *state;

	open_staff(fx);
	assert_int_equal(fb_flow_staff_page(fx->flow), 0);
	assert_true(send(fx, FB_EV_STAFF_ASSISTED, 0, 100));
	assert_true(send(fx, FB_EV_STAFF_PAGE, 2, 100));
	assert_int_equal(fb_flow_staff_page(fx->flow), 2);
	assert_int_equal(screen(fx), FB_SCREEN_STAFF);
	assert_contains(fb_flow_staff_message(fx->flow), "marked assisted");
	assert_false(send(fx, FB_EV_STAFF_PAGE, -1, 100));
	assert_false(send(fx, FB_EV_STAFF_PAGE, FB_FLOW_STAFF_PAGES_MAX, 100));
	assert_int_equal(fb_flow_staff_page(fx->flow), 2);
	/* the enrol screen and back: the same page */
	assert_true(send(fx, FB_EV_STAFF_ENROL, 0, 100));
	assert_true(send(fx, FB_EV_BACK, 0, 100));
	assert_int_equal(fb_flow_staff_page(fx->flow), 2);
	send(fx, FB_EV_STAFF_CLOSE, 0, 100);
	open_staff(fx);
	assert_int_equal(fb_flow_staff_page(fx->flow), 0);
}

static void test_exit_should_be_refused_unless_maintenance_exit_is_allowed(void **state)
{
	fixture *fx = *state;

	open_staff(fx);
	send(fx, FB_EV_STAFF_EXIT, 0, 100);
	assert_false(fb_flow_exit_requested(fx->flow));
	assert_contains(fb_flow_staff_message(fx->flow), "allow_maintenance_exit");
	fx->o.allow_maintenance_exit = true;
	make_flow(fx);
	open_staff(fx);
	send(fx, FB_EV_STAFF_EXIT, 0, 100);
	assert_true(fb_flow_exit_requested(fx->flow));
}

static void test_sync_now_failure_should_be_shown_in_words_on_the_staff_screen(void **state)
{
	fixture *fx = *state;

	open_staff(fx);
	assert_true(send(fx, FB_EV_STAFF_SYNC, 0, 100));
	assert_int_equal(fx->actions[fx->n_actions - 1], FB_FLOW_ACTION_SYNC_NOW);
	assert_contains(fb_flow_staff_message(fx->flow), "feedback-syncd");
}

/* What the enrol callback was given. */
static char enrolled_code[32];

static int fake_enrol(void *ctx, const char *code, fb_err *err)
{
	(void)ctx;
	(void)err;
	snprintf(enrolled_code, sizeof enrolled_code, "%s", code);
	return 0;
}

static void send_text(fixture *fx, const char *text)
{
	fb_event ev = { FB_EV_TEXT_INSERT, 0, text };
	fx->now += 100;
	fb_flow_event(fx->flow, &ev, fx->now);
}

static void test_enrol_should_take_only_the_codes_letters_and_send_all_eight(void **state)
{
	fixture *fx = *state;

	fx->o.enrol = fake_enrol;
	make_flow(fx);
	enrolled_code[0] = '\0';
	open_staff(fx);
	assert_true(send(fx, FB_EV_STAFF_ENROL, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_STAFF_ENROL);
	send_text(fx, "k7");
	send_text(fx, "0O1I-");         /* not in the code's alphabet: ignored */
	send_text(fx, "qmX");
	send(fx, FB_EV_TEXT_BACKSPACE, 0, 100);
	assert_string_equal(fb_flow_enrol_code(fx->flow), "K7QM");
	send(fx, FB_EV_STAFF_ENROL_SEND, 0, 100);   /* 4 of 8: says so, sends nothing */
	assert_string_equal(enrolled_code, "");
	assert_contains(fb_flow_staff_message(fx->flow), "all 8 characters");
	send_text(fx, "w4hzAB");        /* capped at 8 */
	assert_string_equal(fb_flow_enrol_code(fx->flow), "K7QMW4HZ");
	send(fx, FB_EV_STAFF_ENROL_SEND, 0, 100);
	assert_string_equal(enrolled_code, "K7QMW4HZ");
	assert_string_equal(fb_flow_enrol_code(fx->flow), "");   /* not kept after */
	assert_contains(fb_flow_staff_message(fx->flow), "code sent");
	assert_true(send(fx, FB_EV_BACK, 0, 100));
	assert_int_equal(screen(fx), FB_SCREEN_STAFF);
	/* the enrol screen times out like the staff screen */
	send(fx, FB_EV_STAFF_ENROL, 0, 100);
	send_text(fx, "AB");
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	send(fx, FB_EV_STAFF_CORNER_DOWN, 0, 100);
	assert_string_equal(fb_flow_enrol_code(fx->flow), "");
}

static void test_staff_screen_should_time_out_to_attract(void **state)
{
	fixture *fx = *state;

	open_staff(fx);
	wait_ms(fx, 59000);
	assert_int_equal(screen(fx), FB_SCREEN_STAFF);
	wait_ms(fx, 1000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void test_staff_corner_should_do_nothing_without_a_pin_hash(void **state)
{
	fixture *fx = *state;

	fx->o.staff = NULL;
	make_flow(fx);
	send(fx, FB_EV_STAFF_CORNER_DOWN, 0, 100);
	wait_ms(fx, 10000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

/* ---- You said, we did (the attract screen's items) ---- */

static void test_you_said_file_should_give_its_items_and_skip_broken_blocks(void **state)
{
	fb_yousaid *y = NULL;
	fb_err err;
	const fb_yousaid_item *it;
	const char *text =
		"# comment\n"
		"You said: too hot\n"
		"We did: we fitted blinds\n"
		"and a fan\n"
		"\n\n"
		"You said: a block with no answer\n"
		"\n"
		"lang: pl\r\n"
		"you said : za gorąco\r\n"
		"WE DID: rolety\r\n";

	assert_int_equal(fb_yousaid_parse(text, &y, &err), 0);
	assert_int_equal(fb_yousaid_count(y), 2);
	assert_int_equal(fb_yousaid_skipped(y), 1);
	it = fb_yousaid_get(y, 0);
	assert_string_equal(it->lang, "en");
	assert_string_equal(it->you_said, "too hot");
	assert_string_equal(it->we_did, "we fitted blinds and a fan");
	it = fb_yousaid_get(y, 1);
	assert_string_equal(it->lang, "pl");
	assert_string_equal(it->you_said, "za gorąco");
	assert_null(fb_yousaid_get(y, 2));
	fb_yousaid_free(y);
}

static void test_you_said_file_missing_should_leave_an_empty_list_and_say_so(void **state)
{
	fb_yousaid *y = NULL;
	fb_err err;

	assert_int_equal(fb_yousaid_load("/nonexistent/ysd.txt", &y, &err),
			 FB_ERR_NOTFOUND);
	assert_non_null(y);
	assert_int_equal(fb_yousaid_count(y), 0);
	assert_contains(err.msg, "/nonexistent/ysd.txt");
	fb_yousaid_free(y);
	assert_int_equal(fb_yousaid_load("", &y, &err), 0);
	assert_int_equal(fb_yousaid_count(y), 0);
	fb_yousaid_free(y);
}

static void test_you_said_items_should_be_capped_in_number_and_length(void **state)
{
	size_t cap = 64 * 1024;
	char *text = calloc(1, cap);
	char *p = text;
	fb_yousaid *y = NULL;
	fb_err err;

	assert_non_null(text);
	for (int i = 0; i < 40; i++)
		p += sprintf(p, "You said: item %d\nWe did: done\n\n", i);
	p += sprintf(p, "You said: ");
	for (int i = 0; i < 300; i++)
		p += sprintf(p, "\xc5\xbc");         /* 600 bytes of ż */
	p += sprintf(p, "\nWe did: x\n");
	assert_int_equal(fb_yousaid_parse(text, &y, &err), 0);
	assert_int_equal(fb_yousaid_count(y), FB_YOUSAID_MAX_ITEMS);
	fb_yousaid_free(y);
	/* The long one alone: cut at 400 bytes, on a character boundary. */
	assert_int_equal(fb_yousaid_parse(strstr(text, "You said: \xc5"), &y,
					  &err), 0);
	assert_int_equal(fb_yousaid_count(y), 1);
	assert_int_equal(strlen(fb_yousaid_get(y, 0)->you_said), 400);
	fb_yousaid_free(y);
	free(text);
}

/* A line longer than the reader's line buffer, indented so that what is
 * left of it after the key is shorter than an item: at every cut point the
 * item must end on a whole character (the kiosk draws only valid UTF-8). */
static void test_a_long_line_of_urdu_or_polish_should_be_cut_between_characters(void **state)
{
	const char *words[] = {"ہم نے انتظار گاہ میں پنکھا لگایا ", "wstawiliśmy żaluzje i wentylator "};
	char text[4096], said[2048];

	for (size_t w = 0; w < 2; w++) {
		for (size_t indent = 470; indent < 476; indent++) {
			fb_yousaid *y = NULL;
			fb_err err;
			size_t n = 0;
			said[0] = '\0';
			while (strlen(said) + strlen(words[w]) < sizeof said / 2)
				strcat(said, words[w]);
			n = (size_t)snprintf(text, sizeof text, "You said: it was hot\n%*sWe did: %s\n",
					     (int)indent, "", said);
			assert_true(n < sizeof text);
			assert_int_equal(fb_yousaid_parse(text, &y, &err), 0);
			assert_int_equal(fb_yousaid_count(y), 1);
			const fb_yousaid_item *it = fb_yousaid_get(y, 0);
			size_t len = strlen(it->we_did);
			if (!fb_utf8_valid(it->we_did, len))
				fail_msg("%s, indented %zu: the item ends inside a character: '%s'",
					 w ? "Polish" : "Urdu", indent, it->we_did);
			/* cut cleanly: what is shown is the start of what was written */
			assert_true(len > 300);
			assert_memory_equal(it->we_did, said, len);
			fb_yousaid_free(y);
		}
	}
}

/* A file past the 64 KB cap whose last item crosses the cap inside a
 * character: that item is shown, cut between characters. */
static void test_a_file_cut_at_its_cap_should_end_between_characters(void **state)
{
	char path[] = "/tmp/fb-ysd-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	fb_yousaid *y = NULL;
	fb_err err;
	long at;

	assert_non_null(f);
	/* comments up to just before the cap, then an item whose ą (2 bytes)
	 * starts at the cap's last byte */
	while (ftell(f) < FB_YOUSAID_MAX_FILE - 300)
		fputs("# filler comment line, the kind staff leave in\n", f);
	fputs("\nYou said: za gor", f);
	fputs("ąco\nWe did: ", f);
	at = ftell(f);
	for (long i = at; i < FB_YOUSAID_MAX_FILE - 1; i++)
		fputc('w', f);
	fputs("ąą\n", f);
	fclose(f);
	assert_int_equal(fb_yousaid_load(path, &y, &err), 0);
	unlink(path);
	assert_int_equal(fb_yousaid_count(y), 1);
	const fb_yousaid_item *it = fb_yousaid_get(y, 0);
	/* every w, and no half of the ą after them */
	assert_true(fb_utf8_valid(it->we_did, strlen(it->we_did)));
	assert_int_equal(strlen(it->we_did), FB_YOUSAID_MAX_FILE - 1 - at);
	fb_yousaid_free(y);
}

static void test_an_item_that_is_not_utf8_should_be_skipped_not_shown_broken(void **state)
{
	fb_yousaid *y = NULL;
	fb_err err;
	/* "za gorąco" saved as ISO-8859-2: 0xB1 for ą */
	const char *text = "You said: za gor\xb1" "co\nWe did: rolety\n\nYou said: hot\nWe did: a fan\n";

	assert_int_equal(fb_yousaid_parse(text, &y, &err), 0);
	assert_int_equal(fb_yousaid_count(y), 1);
	assert_int_equal(fb_yousaid_skipped(y), 1);
	assert_string_equal(fb_yousaid_get(y, 0)->you_said, "hot");
	fb_yousaid_free(y);
}

static void test_shipped_you_said_example_should_load_every_item(void **state)
{
	fb_yousaid *y = NULL;
	fb_err err;

	assert_int_equal(fb_yousaid_load(test_src_path("config/you-said-we-did.txt"), &y, &err), 0);
	assert_int_equal(fb_yousaid_count(y), 5);
	assert_int_equal(fb_yousaid_skipped(y), 0);
	assert_string_equal(fb_yousaid_get(y, 4)->lang, "cy");
	fb_yousaid_free(y);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_staff_corner_should_open_the_pin_pad_only_after_five_seconds),
		T(test_right_pin_should_open_staff_screen_and_five_wrong_lock_for_five_minutes),
		T(test_cleaning_mode_should_ignore_touches_for_sixty_seconds),
		T(test_assisted_mode_should_mark_only_the_next_response),
		T(test_change_location_should_apply_to_the_next_response),
		T(test_a_change_of_location_should_be_said_by_the_locations_name),
		T(test_staff_pages_should_keep_the_message_and_open_on_the_first),
		T(test_exit_should_be_refused_unless_maintenance_exit_is_allowed),
		T(test_sync_now_failure_should_be_shown_in_words_on_the_staff_screen),
		T(test_enrol_should_take_only_the_codes_letters_and_send_all_eight),
		T(test_staff_screen_should_time_out_to_attract),
		T(test_staff_corner_should_do_nothing_without_a_pin_hash),
		cmocka_unit_test(test_you_said_file_should_give_its_items_and_skip_broken_blocks),
		cmocka_unit_test(test_you_said_file_missing_should_leave_an_empty_list_and_say_so),
		cmocka_unit_test(test_you_said_items_should_be_capped_in_number_and_length),
		cmocka_unit_test(test_a_long_line_of_urdu_or_polish_should_be_cut_between_characters),
		cmocka_unit_test(test_an_item_that_is_not_utf8_should_be_skipped_not_shown_broken),
		cmocka_unit_test(test_a_file_cut_at_its_cap_should_end_between_characters),
		cmocka_unit_test(test_shipped_you_said_example_should_load_every_item),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
