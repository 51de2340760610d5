/* Bidi per paragraph (kiosk/text_bidi.c), with no window and no fonts: what
 * a person on an Urdu or Arabic kiosk would notice is a phone number read
 * backwards ("123 116" for Samaritans), an English sentence with its full
 * stop at the front (".Your answers have been saved"), or "+A" on the
 * text-size button. Each check reads a line the way it shows, left to
 * right, as kiosk_bidi_visual gives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../kiosk/text_bidi.h"

/* "Call Samaritans 116 123" in Urdu, the first words taken from the brief */
#define URDU_CALL "اتصل بسامریٹنز 116 123"

/* The line of para that starts at its first occurrence of line_start and
 * runs to the paragraph's end, as shown. */
static const char *shown_from(const char *para, const char *line_start,
			      bool rtl)
{
	static char out[1024];
	const char *at = strstr(para, line_start);
	assert_non_null(at);
	size_t off = (size_t)(at - para), n = strlen(para);
	assert_true(kiosk_bidi_visual(para, n, off, n - off, rtl, out,
				      sizeof out) >= 0);
	return out;
}

static const char *shown(const char *para, bool rtl)
{
	return shown_from(para, para, rtl);
}

static void test_samaritans_number_reads_116_123_on_a_line_of_its_own(void **state)
{
	(void)state;
	/* wrapped so the number starts the second line */
	assert_string_equal(shown_from(URDU_CALL, "116", true), "116 123");
}

static void test_samaritans_number_reads_116_123_in_the_whole_urdu_line(void **state)
{
	(void)state;
	const char *s = shown(URDU_CALL, true);
	/* right to left: the number is leftmost and reads left to right */
	assert_memory_equal(s, "116 123 ", strlen("116 123 "));
}

static void test_the_english_crisis_line_that_starts_with_the_number_keeps_its_order(void **state)
{
	const char *para = "Call NHS 111 and choose option 2 for mental health "
			   "crisis support, or call Samaritans free on 116 123, "
			   "or tell a member of staff.";
	(void)state;
	assert_string_equal(shown_from(para, "116 123", true),
			    "116 123, or tell a member of staff.");
	assert_string_equal(shown_from(para, "123,", true),
			    "123, or tell a member of staff.");
}

static void test_an_english_sentence_on_a_right_to_left_page_ends_with_its_full_stop(void **state)
{
	(void)state;
	assert_string_equal(shown("Your answers have been saved.", true),
			    "Your answers have been saved.");
	assert_string_equal(shown("Need to talk to someone now?", true),
			    "Need to talk to someone now?");
	assert_false(kiosk_bidi_para_rtl("Your answers have been saved.",
					  strlen("Your answers have been saved."),
					  true));
}

static void test_an_urdu_sentence_puts_its_full_stop_at_the_left(void **state)
{
	const char *s = "شکریہ.";
	(void)state;
	assert_true(kiosk_bidi_para_rtl(s, strlen(s), false));
	assert_memory_equal(shown(s, false), ".", 1);
}

static void test_the_text_size_button_reads_a_plus_in_every_direction(void **state)
{
	(void)state;
	assert_string_equal(shown("A+", true), "A+");
	assert_string_equal(shown("A+", false), "A+");
}

static void test_a_number_alone_on_a_right_to_left_page_reads_left_to_right(void **state)
{
	(void)state;
	assert_string_equal(shown("116 123", true), "116 123");
	assert_string_equal(shown("0800 1111", true), "0800 1111");
	assert_string_equal(shown("+44 20 7946 0000", true), "+44 20 7946 0000");
	/* no strong character at all: the language's direction is the base */
	assert_true(kiosk_bidi_para_rtl("116 123", strlen("116 123"), true));
}

static void test_the_line_order_comes_from_the_paragraph_not_the_line(void **state)
{
	/* "Please phone Samaritans" in Urdu, wrapped before "Samaritans":
	 * taken alone that line would start with an English word and read left
	 * to right; in its Urdu paragraph the English word is at the right,
	 * where the sentence began. */
	const char *para = "براہ کرم Samaritans کو فون کریں";
	(void)state;
	const char *s = shown_from(para, "Samaritans", false);
	size_t n = strlen(s), w = strlen("Samaritans");
	assert_true(n > w);
	assert_string_equal(s + n - w, "Samaritans");
}

static void test_broken_or_long_text_is_refused_not_read_past(void **state)
{
	char out[64];
	static char longer[KIOSK_BIDI_MAX_CHARS + 2];
	(void)state;
	assert_int_equal(kiosk_bidi_visual("bad \xC3", 5, 0, 5, true, out,
					   sizeof out), -1);
	memset(longer, 'a', sizeof longer - 1);
	assert_int_equal(kiosk_bidi_visual(longer, sizeof longer - 1, 0, 4, true,
					   out, sizeof out), -1);
	/* a range that does not fall on characters */
	assert_int_equal(kiosk_bidi_visual("اردو", strlen("اردو"), 1, 2, true,
					   out, sizeof out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samaritans_number_reads_116_123_on_a_line_of_its_own),
		cmocka_unit_test(test_samaritans_number_reads_116_123_in_the_whole_urdu_line),
		cmocka_unit_test(test_the_english_crisis_line_that_starts_with_the_number_keeps_its_order),
		cmocka_unit_test(test_an_english_sentence_on_a_right_to_left_page_ends_with_its_full_stop),
		cmocka_unit_test(test_an_urdu_sentence_puts_its_full_stop_at_the_left),
		cmocka_unit_test(test_the_text_size_button_reads_a_plus_in_every_direction),
		cmocka_unit_test(test_a_number_alone_on_a_right_to_left_page_reads_left_to_right),
		cmocka_unit_test(test_the_line_order_comes_from_the_paragraph_not_the_line),
		cmocka_unit_test(test_broken_or_long_text_is_refused_not_read_past),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
