/* Tests for kiosk/words.c: every word a patient sees exists, really
 * translated, in every built-in language; the crisis line gives the same
 * numbers everywhere; and numbers go into sentences safely. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../kiosk/words.h"

static const char *const LANGS[] = { "en", "pl", "ro", "pt", "es", "cy" };
#define N_LANGS (sizeof LANGS / sizeof LANGS[0])

static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 :
			   (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
		if (n == 0)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_every_patient_string_should_exist_in_every_language(void **state)
{
	assert_int_equal(fb_str_language_count(), N_LANGS);
	for (size_t l = 0; l < N_LANGS; l++) {
		assert_string_equal(fb_str_language(l), LANGS[l]);
		for (int id = 0; id < FB_STR_PATIENT_COUNT; id++) {
			const char *s = fb_str_lookup(LANGS[l], (fb_str_id)id);
			if (!s || !*s) {
				print_error("'%s' has no %s\n", LANGS[l],
					    fb_str_key((fb_str_id)id));
				fail();
			}
			assert_true(valid_utf8(s));
			/* The same numbers go in: no {n} lost or added. */
			const char *en = fb_str_lookup("en", (fb_str_id)id);
			if (count(s, "{n}") != count(en, "{n}") ||
			    count(s, "{m}") != count(en, "{m}")) {
				print_error("'%s' %s has other placeholders than "
					    "English: \"%s\"\n", LANGS[l],
					    fb_str_key((fb_str_id)id), s);
				fail();
			}
		}
	}
}

static void test_translations_should_not_be_english_copied_over(void **state)
{
	static const fb_str_id words[] = {
		FB_STR_START, FB_STR_ATTRACT_TITLE, FB_STR_NEXT, FB_STR_BACK,
		FB_STR_SKIP, FB_STR_FINISH, FB_STR_STILL_THERE,
		FB_STR_STILL_HERE, FB_STR_THANKS, FB_STR_CRISIS,
		FB_STR_SORRY_BODY, FB_STR_PROGRESS, FB_STR_SORRY_TITLE,
		FB_STR_BACK_TO_START, FB_STR_YSW_HEADING, FB_STR_READ_ALOUD,
		FB_STR_READ_ALOUD_STOP,
	};
	for (size_t l = 1; l < N_LANGS; l++)
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strcmp(fb_str(LANGS[l], words[i]),
				   fb_str("en", words[i])) == 0) {
				print_error("'%s' %s is still English\n",
					    LANGS[l], fb_str_key(words[i]));
				fail();
			}
}

static void test_crisis_line_should_give_111_option_2_and_samaritans_in_every_language(void **state)
{
	assert_string_equal(fb_str("en", FB_STR_CRISIS),
			    "Need to talk to someone now? Call NHS 111 and "
			    "choose option 2 for mental health crisis support, "
			    "or call Samaritans free on 116 123, or tell a "
			    "member of staff.");
	for (size_t l = 0; l < N_LANGS; l++) {
		const char *s = fb_str(LANGS[l], FB_STR_CRISIS);
		assert_non_null(strstr(s, "111"));
		assert_non_null(strstr(s, "2"));
		assert_non_null(strstr(s, "116 123"));
	}
	assert_string_equal(fb_str_crisis("pl", "Call the ward on 01234 567890"),
			    "Call the ward on 01234 567890");
	assert_string_equal(fb_str_crisis("pl", ""), fb_str("pl", FB_STR_CRISIS));
}

static void test_unknown_language_and_staff_words_should_fall_back_to_english(void **state)
{
	assert_string_equal(fb_str("fr", FB_STR_NEXT), "Next");
	assert_string_equal(fb_str(NULL, FB_STR_BACK), "Back");
	assert_null(fb_str_lookup("fr", FB_STR_NEXT));
	assert_false(fb_str_has_language("fr"));
	assert_true(fb_str_has_language("cy"));
	assert_string_equal(fb_str("pl", FB_STR_STAFF_SYNC), "Sync now");
	assert_false(fb_str_is_patient_facing(FB_STR_STAFF_SYNC));
	assert_true(fb_str_is_patient_facing(FB_STR_CRISIS));
	assert_string_equal(fb_str("en", FB_STR_COUNT), "");
	for (int id = 0; id < FB_STR_COUNT; id++) {
		assert_true(*fb_str("en", (fb_str_id)id) != '\0');
		assert_true(*fb_str_key((fb_str_id)id) != '\0');
	}
}

static void test_format_should_put_numbers_in_and_never_split_a_character(void **state)
{
	char buf[64];
	char tiny[10];

	assert_string_equal(fb_str_format(fb_str("cy", FB_STR_PROGRESS), 2, 9,
					  buf, sizeof buf), "Cwestiwn 2 o 9");
	assert_string_equal(fb_str_format(fb_str("pl", FB_STR_CHARS_LEFT), 481,
					  0, buf, sizeof buf),
			    "Pozostało znaków: 481");
	assert_string_equal(fb_str_format("{x} {n", 1, 2, buf, sizeof buf),
			    "{x} {n");
	/* Cut to fit 9 bytes, "Zażółć" must not end in half a letter. */
	fb_str_format("Zażółć gęślą", 0, 0, tiny, sizeof tiny);
	assert_true(valid_utf8(tiny));
	assert_string_equal(tiny, "Zażół");
}

/* The sorry page's title says what happened and its words say what now:
 * the two never open with the same word ("Sorry ... Sorry, ..."). The
 * thank-you and sorry countdowns say where the screen goes, and carry the
 * number; the You-said card has a heading of its own. */
static void test_sorry_countdown_and_you_said_words_should_each_say_their_own_thing(void **state)
{
	for (size_t l = 0; l < N_LANGS; l++) {
		const char *title = fb_str(LANGS[l], FB_STR_SORRY_TITLE);
		const char *body = fb_str(LANGS[l], FB_STR_SORRY_BODY);
		size_t w = strcspn(title, " ,");
		if (strncmp(title, body, w) == 0) {
			print_error("'%s': the sorry title and body both begin "
				    "\"%.*s\"\n", LANGS[l], (int)w, title);
			fail();
		}
		const char *back = fb_str(LANGS[l], FB_STR_BACK_TO_START);
		assert_non_null(strstr(back, "{n}"));
		assert_string_not_equal(back, fb_str(LANGS[l],
						     FB_STR_STILL_THERE_COUNTDOWN));
		const char *ysw = fb_str(LANGS[l], FB_STR_YSW_HEADING);
		assert_true(*ysw != '\0');
		assert_null(strchr(ysw, '{'));
	}
	assert_string_equal(fb_str("en", FB_STR_YSW_HEADING), "You said, we did");
	assert_string_equal(fb_str("en", FB_STR_STAFF_CHANGE_LOCATION),
			    "Location: choose where this device is");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_patient_string_should_exist_in_every_language),
		cmocka_unit_test(test_translations_should_not_be_english_copied_over),
		cmocka_unit_test(test_crisis_line_should_give_111_option_2_and_samaritans_in_every_language),
		cmocka_unit_test(test_unknown_language_and_staff_words_should_fall_back_to_english),
		cmocka_unit_test(test_format_should_put_numbers_in_and_never_split_a_character),
		cmocka_unit_test(test_sorry_countdown_and_you_said_words_should_each_say_their_own_thing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
