/* Read-aloud (kiosk/speech.c) with the real espeak-ng: every language the
 * kiosk ships is heard (a non-silent buffer about as long as the words take
 * to say), a language with no voice says so, a long text is cut at the cap,
 * and what is read for a screen is its words in order, never what a person
 * typed, with phone numbers read digit by digit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include <cmocka.h>

#include "../../kiosk/speech.h"
#include "../../kiosk/words.h"

/* One engine for the run (espeak-ng is global to the process). */
static kiosk_speech *sp;

static int group_setup(void **state)
{
	fb_err err;
	(void)state;
	return kiosk_speech_new(&sp, &err);
}

static int group_teardown(void **state)
{
	(void)state;
	kiosk_speech_free(sp);
	return 0;
}

/* Words as heard: a phone number is read digit by digit, so each digit
 * after a number's first counts as one more word. */
static int count_words(const char *s)
{
	int n = 0;
	bool in = false;
	for (const char *p = s; *p; p++) {
		bool sp_ = *p == ' ';
		if (!sp_ && !in)
			n++;
		else if (!sp_ && *p >= '0' && *p <= '9' && p > s &&
			 p[-1] >= '0' && p[-1] <= '9')
			n++;
		in = !sp_;
	}
	return n;
}

static double rms(const kiosk_pcm *p)
{
	double sum = 0;
	for (size_t i = 0; i < p->n; i++)
		sum += (double)p->samples[i] * p->samples[i];
	return p->n ? sqrt(sum / (double)p->n) : 0;
}

static void test_nothing_starts_until_the_first_press_and_an_unknown_language_has_no_voice(void **state)
{
	kiosk_pcm pcm;
	fb_err err;
	(void)state;
	/* runs first: creating the engine must not have started espeak */
	assert_false(kiosk_speech_started(sp));
	const char *none[] = { "xx", "so", "ps", "", "en-US" };
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		assert_null(kiosk_speech_voice(none[i]));
		assert_int_equal(kiosk_speech_say(sp, none[i], "Hello", &pcm, &err),
				 FB_ERR_NOTFOUND);
		assert_non_null(strstr(err.msg, "no voice"));
		assert_null(pcm.samples);
		assert_int_equal(pcm.n, 0);
	}
	assert_int_equal(kiosk_speech_say(sp, NULL, "Hello", &pcm, &err),
			 FB_ERR_NOTFOUND);
	assert_false(kiosk_speech_started(sp));
}

static void test_every_built_in_language_has_a_voice_and_english_is_british(void **state)
{
	(void)state;
	for (size_t i = 0; i < fb_str_language_count(); i++)
		if (!kiosk_speech_voice(fb_str_language(i)))
			fail_msg("no voice for the built-in language '%s'",
				 fb_str_language(i));
	assert_string_equal(kiosk_speech_voice("en"), "en-gb");
}

static void test_each_language_is_heard_for_about_as_long_as_its_words_take(void **state)
{
	(void)state;
	for (size_t i = 0; i < fb_str_language_count(); i++) {
		const char *lang = fb_str_language(i);
		const char *text = fb_str(lang, FB_STR_CRISIS);
		kiosk_pcm pcm;
		fb_err err;
		if (kiosk_speech_say(sp, lang, text, &pcm, &err) != 0)
			fail_msg("%s: %s", lang, err.msg);
		assert_true(kiosk_speech_started(sp));
		int words = count_words(text);
		double secs = (double)pcm.n / pcm.rate;
		double level = rms(&pcm);
		int peak = 0;
		for (size_t k = 0; k < pcm.n; k++)
			peak = abs(pcm.samples[k]) > peak ? abs(pcm.samples[k]) : peak;
		print_message("%s: %d words, %.1f s at %d Hz, rms %.0f, peak %d\n",
			      lang, words, secs, pcm.rate, level, peak);
		assert_true(pcm.rate >= 8000);
		assert_false(pcm.truncated);
		/* 150 words a minute is 0.4 s a word: allow half to twice */
		if (secs < words * 0.2 || secs > words * 0.8)
			fail_msg("%s: %.1f s for %d words", lang, secs, words);
		if (level < 500 || peak < 4000)
			fail_msg("%s: too quiet to hear (rms %.0f, peak %d)", lang,
				 level, peak);
		kiosk_pcm_free(&pcm);
	}
}

static void test_a_very_long_text_is_cut_at_the_cap_and_stops_early(void **state)
{
	static char text[3 * KIOSK_SPEECH_TEXT_MAX + 1];
	size_t n = sizeof text - 1;
	kiosk_pcm pcm;
	fb_err err;
	struct timespec t0, t1;
	(void)state;
	for (size_t i = 0; i < n; i++)
		text[i] = "one two three four. "[i % 20];
	text[n] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (kiosk_speech_say(sp, "en", text, &pcm, &err) != 0)
		fail_msg("%s", err.msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("%zu bytes: %zu samples (%.1f s) in %.0f ms\n", n, pcm.n,
		      (double)pcm.n / pcm.rate, ms);
	assert_true(pcm.truncated);
	assert_int_equal(pcm.n, (size_t)pcm.rate * KIOSK_SPEECH_MAX_SECONDS);
	assert_true(ms < 10000);
	kiosk_pcm_free(&pcm);

	/* The text cap on its own: words past KIOSK_SPEECH_TEXT_MAX bytes are
	 * never spoken (spaces up to the cap, then a sentence). */
	memset(text, ' ', sizeof text - 1);
	memcpy(text + KIOSK_SPEECH_TEXT_MAX + 8, "Hello there, how are you?", 25);
	if (kiosk_speech_say(sp, "en", text, &pcm, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(pcm.truncated);
	assert_true(pcm.n < (size_t)pcm.rate / 2);  /* not the 2 s of words */
	kiosk_pcm_free(&pcm);
	kiosk_pcm_free(&pcm);            /* twice is harmless */
	kiosk_pcm_free(NULL);
}

static void test_only_one_engine_at_a_time(void **state)
{
	kiosk_speech *other = NULL;
	fb_err err;
	(void)state;
	assert_int_equal(kiosk_speech_new(&other, &err), FB_ERR_INVALID);
	assert_null(other);
	kiosk_speech_free(NULL);
}

/* ---- what is read ---- */

static void test_a_question_is_read_with_its_help_then_each_answer_in_order(void **state)
{
	kiosk_view v;
	char out[2048];
	static const char *labels[6] = { "Very good", "Good",
					 "Neither good nor poor", "Poor",
					 "Very poor", "Don't know" };
	(void)state;
	memset(&v, 0, sizeof v);
	v.screen = FB_SCREEN_QUESTION;
	v.kind = FB_Q_FFT;
	v.progress = "Question 1 of 4";
	v.question = "Overall, how was your experience of our service?";
	v.help = "Choose one answer";
	for (int i = 0; i < 6; i++)
		v.options[i].label = labels[i];
	v.n_options = 6;
	v.back_label = "Back";
	assert_true(kiosk_speech_script(&v, out, sizeof out) > 0);
	assert_string_equal(out, "Overall, how was your experience of our "
			    "service? Choose one answer. Very good. Good. Neither "
			    "good nor poor. Poor. Very poor. Don't know.");
}

static void test_what_a_person_typed_is_never_read_out(void **state)
{
	kiosk_view v;
	char out[2048];
	(void)state;
	memset(&v, 0, sizeof v);
	v.screen = FB_SCREEN_QUESTION;
	v.kind = FB_Q_TEXT;
	v.question = "What could we do better?";
	v.help = "You can skip this question.";
	v.text = "my private words about Dr Smith";
	v.placeholder = "Type your answer here";
	v.counter = "Characters left: 469";
	kiosk_speech_script(&v, out, sizeof out);
	assert_string_equal(out, "What could we do better? You can skip this "
			    "question.");
	assert_null(strstr(out, "private"));
}

static void test_the_thank_you_screen_reads_the_crisis_help_with_numbers_digit_by_digit(void **state)
{
	kiosk_view v;
	char out[2048];
	(void)state;
	memset(&v, 0, sizeof v);
	v.screen = FB_SCREEN_THANKS;
	v.title = "Thank you";
	v.body = "Your answers have been saved.";
	v.card_title = "Need to talk to someone now?";
	v.card_body = "Call NHS 111 and choose option 2, or call Samaritans free "
		      "on 116 123, or tell a member of staff.";
	v.hint = "We will go back to the start in 10 seconds.";
	v.secondary = "Finish";
	kiosk_speech_script(&v, out, sizeof out);
	assert_string_equal(out, "Thank you. Your answers have been saved. Need to "
			    "talk to someone now? Call NHS 1 1 1 and choose option "
			    "2, or call Samaritans free on 1 1 6, 1 2 3, or tell a "
			    "member of staff.");
}

static void test_attract_and_still_there_read_their_words_and_staff_screens_nothing(void **state)
{
	kiosk_view v;
	char out[512];
	(void)state;
	memset(&v, 0, sizeof v);
	v.screen = FB_SCREEN_ATTRACT;
	v.title = "Tell us about your visit";
	v.body = "Touch the screen to start. It takes about a minute.";
	v.primary = "Start";
	v.you_said = "you wanted more chairs";
	kiosk_speech_script(&v, out, sizeof out);
	assert_string_equal(out, "Tell us about your visit. Touch the screen to "
			    "start. It takes about a minute.");
	memset(&v, 0, sizeof v);
	v.screen = FB_SCREEN_STILL_THERE;
	v.title = "Are you still there?";
	v.hint = "We will start again in 20 seconds.";
	v.primary = "Yes, I'm still here";
	kiosk_speech_script(&v, out, sizeof out);
	assert_string_equal(out, "Are you still there? Yes, I'm still here.");
	memset(&v, 0, sizeof v);
	v.screen = FB_SCREEN_STAFF;
	v.title = "Staff";
	assert_int_equal(kiosk_speech_script(&v, out, sizeof out), 0);
	assert_string_equal(out, "");
	v.screen = FB_SCREEN_CLEANING;
	assert_int_equal(kiosk_speech_script(&v, out, sizeof out), 0);
}

static void test_the_script_is_cut_on_a_character_boundary(void **state)
{
	kiosk_view v;
	char out[11];
	(void)state;
	memset(&v, 0, sizeof v);
	v.screen = FB_SCREEN_LANGUAGE;
	v.title = "Zażółć gęślą jaźń";
	size_t n = kiosk_speech_script(&v, out, sizeof out);
	assert_true(n < sizeof out);
	assert_int_equal(strlen(out), n);
	/* no half character at the end */
	assert_true(n == 0 || ((unsigned char)out[n - 1] & 0xC0) != 0xC0);
	assert_string_equal(out, "Zażółć");
}

/* ---- touch and hear: one widget's words ---- */

static void test_a_touched_widget_says_its_own_words_and_chosen_when_chosen(void **state)
{
	kiosk_view v;
	kiosk_widget w;
	char out[512];
	(void)state;
	memset(&v, 0, sizeof v);
	memset(&w, 0, sizeof w);
	v.screen = FB_SCREEN_QUESTION;
	v.language = "en";
	w.role = KIOSK_ROLE_ANSWER;
	w.label = "Very good";
	assert_true(kiosk_speech_widget(&v, &w, out, sizeof out) > 0);
	assert_string_equal(out, "Very good.");
	w.selected = true;
	kiosk_speech_widget(&v, &w, out, sizeof out);
	assert_string_equal(out, "Very good. Chosen.");
	/* Urdu and Bengali stops end a sentence: nothing added after them */
	w.role = KIOSK_ROLE_TITLE;
	w.label = "\xd8\xa2\xd9\xbe \xda\xa9\xdb\x8c\xd8\xa7\xd8\x9f";
	kiosk_speech_widget(&v, &w, out, sizeof out);
	assert_string_equal(out, w.label);
	w.label = "\xe0\xa6\xa7\xe0\xa6\xa8\xe0\xa7\x8d\xe0\xa6\xaf\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\xa6\xe0\xa5\xa4";
	kiosk_speech_widget(&v, &w, out, sizeof out);
	assert_string_equal(out, w.label);
	/* a phone number on the crisis card, digit by digit */
	w.role = KIOSK_ROLE_TEXT;
	w.label = "Samaritans 116 123";
	kiosk_speech_widget(&v, &w, out, sizeof out);
	assert_string_equal(out, "Samaritans 1 1 6, 1 2 3.");
}

static void test_a_touched_text_box_says_its_placeholder_never_the_typing(void **state)
{
	kiosk_view v;
	kiosk_widget w;
	char out[512];
	(void)state;
	memset(&v, 0, sizeof v);
	memset(&w, 0, sizeof w);
	v.screen = FB_SCREEN_QUESTION;
	v.text = "my private words";
	v.placeholder = "Type your answer here";
	w.role = KIOSK_ROLE_FIELD;
	w.label = "my private words";
	kiosk_speech_widget(&v, &w, out, sizeof out);
	assert_string_equal(out, "Type your answer here.");
	/* the staff screens say nothing, whatever is touched */
	v.screen = FB_SCREEN_STAFF;
	w.role = KIOSK_ROLE_BUTTON;
	w.label = "Sync now";
	assert_int_equal(kiosk_speech_widget(&v, &w, out, sizeof out), 0);
	v.screen = FB_SCREEN_STAFF_PIN;
	w.role = KIOSK_ROLE_KEY;
	w.label = "7";
	assert_int_equal(kiosk_speech_widget(&v, &w, out, sizeof out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_starts_until_the_first_press_and_an_unknown_language_has_no_voice),
		cmocka_unit_test(test_every_built_in_language_has_a_voice_and_english_is_british),
		cmocka_unit_test(test_each_language_is_heard_for_about_as_long_as_its_words_take),
		cmocka_unit_test(test_a_very_long_text_is_cut_at_the_cap_and_stops_early),
		cmocka_unit_test(test_only_one_engine_at_a_time),
		cmocka_unit_test(test_a_question_is_read_with_its_help_then_each_answer_in_order),
		cmocka_unit_test(test_what_a_person_typed_is_never_read_out),
		cmocka_unit_test(test_the_thank_you_screen_reads_the_crisis_help_with_numbers_digit_by_digit),
		cmocka_unit_test(test_attract_and_still_there_read_their_words_and_staff_screens_nothing),
		cmocka_unit_test(test_the_script_is_cut_on_a_character_boundary),
		cmocka_unit_test(test_a_touched_widget_says_its_own_words_and_chosen_when_chosen),
		cmocka_unit_test(test_a_touched_text_box_says_its_placeholder_never_the_typing),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
