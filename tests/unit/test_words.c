/* Tests for kiosk/words.c: every word a patient sees exists, really
 * translated, in every built-in language (read from the build's gettext
 * catalogues, build/.../locale, with no locale but C.UTF-8); the crisis
 * card gives the same numbers everywhere, in the reader's own script;
 * --check-config's check fails for a language missing a word and lists
 * the unchecked ones; and numbers go into sentences safely. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../kiosk/words.h"
#include "survey.h"

static const char *const LANGS[] = { "en", "pl", "ro", "pt", "es", "cy",
				     "pa", "ur", "bn", "gu", "ar" };
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

static void test_crisis_line_should_give_samaritans_111_option_2_and_999_in_every_language(void **state)
{
	assert_string_equal(fb_str("en", FB_STR_CRISIS),
			    "Need to talk to someone now? Call Samaritans free "
			    "on 116 123, any time. For urgent mental health "
			    "help, call NHS 111 and choose option 2. In an "
			    "emergency, call 999. Or tell a member of staff.");
	for (size_t l = 0; l < N_LANGS; l++) {
		for (int c = 0; c < 2; c++) {
			const char *s = fb_str_crisis(LANGS[l], NULL, c == 1);
			assert_non_null(strstr(s, "111"));
			assert_non_null(strstr(s, "2"));
			assert_non_null(strstr(s, "116 123"));
			assert_non_null(strstr(s, "999"));
			/* Childline on the children's card only */
			if ((strstr(s, "0800 1111") != NULL) != (c == 1)) {
				print_error("'%s' %s card: Childline 0800 1111 "
					    "%s\n", LANGS[l], c ? "children's" :
					    "adults'", c ? "missing" : "shown");
				fail();
			}
		}
	}
	assert_string_equal(fb_str_crisis("pl", "Call the ward on 01234 567890", false),
			    "Call the ward on 01234 567890");
	assert_string_equal(fb_str_crisis("pl", "", false), fb_str("pl", FB_STR_CRISIS));
	assert_string_equal(fb_str_crisis("pl", "", true),
			    fb_str("pl", FB_STR_CRISIS_CHILDREN));
}

/* Letters of s in U+0600..U+06FF (Arabic script) and in ASCII. */
static void count_scripts(const char *s, int *arabic, int *latin)
{
	const unsigned char *p = (const unsigned char *)s;
	*arabic = *latin = 0;
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			(*latin)++;
		else if (*p == 0xD8 || *p == 0xD9 || *p == 0xDA || *p == 0xDB)
			(*arabic)++;   /* lead byte of U+0600..U+06FF */
	}
}

static void test_the_urdu_crisis_card_should_be_urdu_with_the_numbers_as_digits(void **state)
{
	const char *ur = fb_str_crisis("ur", NULL, false);
	int arabic, latin;

	count_scripts(ur, &arabic, &latin);
	print_message("ur crisis: %d Arabic-script letters, %d Latin\n",
		      arabic, latin);
	assert_true(arabic > 60);
	assert_int_equal(latin, 0);     /* not one English word left */
	assert_non_null(strstr(ur, "116 123"));
	assert_non_null(strstr(ur, "111"));
	assert_non_null(strstr(ur, "999"));
	/* Urdu's own question mark ends the card's title */
	assert_non_null(strstr(ur, "\xd8\x9f "));
	/* and it is not Arabic's text: Urdu has letters Arabic does not */
	assert_string_not_equal(ur, fb_str_crisis("ar", NULL, false));
	assert_non_null(strstr(ur, "\xdb\x92"));  /* U+06D2 yeh barree */
}

/* A survey in en and the given extra languages. */
static fb_survey *survey_with(const char *langs_json, const char *title_json,
			      bool children)
{
	char json[2048];
	fb_survey *s = NULL;
	fb_err err;

	snprintf(json, sizeof json,
		 "{\"id\": \"t\", \"version\": 1, %s\"languages\": [%s],"
		 " \"questions\": [{\"id\": \"good\", \"kind\": \"text\","
		 " \"title\": {%s}}]}",
		 children ? "\"audience\": \"children\", " : "", langs_json,
		 title_json);
	if (fb_survey_parse(json, "t.json", &s, &err) != 0)
		fail_msg("survey: %s", err.msg);
	return s;
}

/* Writes dir/xx/LC_MESSAGES/feedback-kiosk.mo: every kiosk word in "xx"
 * but those in leave_out (keys), compiled with the real msgfmt. */
static void write_catalogue(const char *dir, const char *leave_out)
{
	char path[512], cmd[1200];
	FILE *f;

	snprintf(path, sizeof path, "%s/xx.po", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "msgid \"\"\nmsgstr \"Content-Type: text/plain; "
		"charset=UTF-8\\n\"\n\n");
	for (int id = 0; id < FB_STR_PATIENT_COUNT; id++) {
		const char *key = fb_str_key((fb_str_id)id);
		char bar[64];
		snprintf(bar, sizeof bar, "|%s|", key);
		if (strstr(leave_out, bar))
			continue;
		fprintf(f, "msgctxt \"%s\"\nmsgid \"%s\"\nmsgstr \"xx %s\"\n\n",
			key, fb_str("en", (fb_str_id)id), key);
	}
	fclose(f);
	snprintf(cmd, sizeof cmd, "mkdir -p %s/xx/LC_MESSAGES && msgfmt -o "
		 "%s/xx/LC_MESSAGES/feedback-kiosk.mo %s", dir, dir, path);
	assert_int_equal(system(cmd), 0);
}

static void test_check_should_fail_naming_a_survey_language_and_the_kiosk_words_it_lacks(void **state)
{
	char dir[] = "/tmp/test_words_XXXXXX", cmd[64];
	fb_survey *s;
	fb_err err;

	assert_non_null(mkdtemp(dir));
	write_catalogue(dir, "|next|back|");
	/* reading a catalogue leaves the process's LANGUAGE as it was */
	setenv("LANGUAGE", "de:fr", 1);
	s = survey_with("{\"code\": \"en\", \"name\": \"English\"},"
			" {\"code\": \"xx\", \"name\": \"Xx\"}",
			"\"en\": \"Good?\", \"xx\": \"Xx?\"", false);
	assert_int_equal(fb_words_check(dir, s, NULL, &err), FB_ERR_INVALID);
	print_message("%s\n", err.msg);
	assert_string_equal(getenv("LANGUAGE"), "de:fr");
	unsetenv("LANGUAGE");
	assert_non_null(strstr(err.msg, "xx lacks next, back"));
	assert_non_null(strstr(err.msg, "po/LANG.po"));
	/* With every word there, it passes (crisis_children is for a
	 * children's survey only). A new directory: gettext never reads a
	 * catalogue file twice. */
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	assert_non_null(mkdtemp(strcpy(dir, "/tmp/test_words_XXXXXX")));
	write_catalogue(dir, "|crisis_children|");
	if (fb_words_check(dir, s, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	fb_survey_free(s);
	/* a children's survey needs the children's crisis card too */
	s = survey_with("{\"code\": \"en\", \"name\": \"English\"},"
			" {\"code\": \"xx\", \"name\": \"Xx\"}",
			"\"en\": \"Good?\", \"xx\": \"Xx?\"", true);
	assert_int_equal(fb_words_check(dir, s, NULL, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "xx lacks crisis_children"));
	fb_survey_free(s);
	/* a language with no catalogue at all */
	s = survey_with("{\"code\": \"en\", \"name\": \"English\"},"
			" {\"code\": \"zz\", \"name\": \"Zz\"}",
			"\"en\": \"Good?\", \"zz\": \"Zz?\"", false);
	assert_int_equal(fb_words_check(dir, s, NULL, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "zz lacks all (no "));
	fb_survey_free(s);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_check_should_list_the_words_no_native_speaker_has_checked(void **state)
{
	char dir[1024], *out = NULL;
	size_t len = 0;
	FILE *warn = open_memstream(&out, &len);
	fb_survey *s;
	fb_err err;

	assert_non_null(warn);
	fb_words_dir(dir, sizeof dir);
	s = survey_with("{\"code\": \"en\", \"name\": \"English\"},"
			" {\"code\": \"ur\", \"name\": \"Urdu\"}",
			"\"en\": \"Good?\", \"ur\": \"Urdu?\"", false);
	assert_int_equal(fb_words_check(dir, s, warn, &err), 0);
	fclose(warn);
	print_message("%s", out);
	/* the build's ur.po is all fuzzy: every key listed, a warning only */
	char want[128];
	snprintf(want, sizeof want, "warning: ur: %d of the kiosk's %d words not "
		 "yet checked", (int)FB_STR_PATIENT_COUNT, (int)FB_STR_PATIENT_COUNT);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, " mode_easy_read mode_children"));
	assert_non_null(strstr(out, " crisis "));
	assert_non_null(strstr(out, "read_aloud_stop"));
	free(out);
	fb_survey_free(s);
}

static void test_the_surveys_unchecked_questions_should_be_listed_per_language(void **state)
{
	const char *json = "{\"id\": \"t\", \"version\": 1, \"languages\": ["
		"{\"code\": \"en\", \"name\": \"English\"},"
		"{\"code\": \"pl\", \"name\": \"Polski\"}],"
		" \"unchecked\": {\"pl\": [\"good\", \"fft\"]},"
		" \"questions\": ["
		"{\"id\": \"fft\", \"kind\": \"text\", \"title\": {\"en\": \"A?\", \"pl\": \"B?\"}},"
		"{\"id\": \"good\", \"kind\": \"text\", \"title\": {\"en\": \"A?\", \"pl\": \"B?\"}}]}";
	char dir[1024], *out = NULL;
	size_t len = 0;
	FILE *warn;
	fb_survey *s = NULL;
	fb_err err;

	if (fb_survey_parse(json, "t.json", &s, &err) != 0)
		fail_msg("%s", err.msg);
	assert_null(s->unchecked[0]);
	assert_string_equal(s->unchecked[1], "good, fft");
	warn = open_memstream(&out, &len);
	fb_words_dir(dir, sizeof dir);
	assert_int_equal(fb_words_check(dir, s, warn, &err), 0);
	fclose(warn);
	assert_non_null(strstr(out, "warning: pl: the survey's words not yet "
			       "checked by a native speaker (questions): good, fft"));
	free(out);
	fb_survey_free(s);
	/* an id that is not a question, or a language not offered, is an error */
	char bad[2048];
	snprintf(bad, sizeof bad, "%s", json);
	memcpy(strstr(bad, "\"good\", \"fft\""), "\"gold\"", 6);
	assert_int_not_equal(fb_survey_parse(bad, "t.json", &s, &err), 0);
	assert_non_null(strstr(err.msg, "not a question id"));
	snprintf(bad, sizeof bad, "%s", json);
	memcpy(strstr(bad, "{\"pl\": [\"good"), "{\"cy\"", 5);
	assert_int_not_equal(fb_survey_parse(bad, "t.json", &s, &err), 0);
	assert_non_null(strstr(err.msg, "'cy' is not one of the survey's languages"));
}

/* Every shipped survey offers only languages with all the kiosk's words. */
static void test_the_shipped_surveys_should_pass_the_words_check(void **state)
{
	static const char *const files[] = { "config/surveys/fft.json",
					     "config/surveys/children.json" };
	const char *src = getenv("FB_SRC");
	char dir[1024], path[1200];

	fb_words_dir(dir, sizeof dir);
	for (size_t i = 0; i < 2; i++) {
		fb_survey *s = NULL;
		fb_err err;
		snprintf(path, sizeof path, "%s/%s", src ? src : ".", files[i]);
		if (fb_survey_load(path, &s, &err) != 0)
			fail_msg("%s", err.msg);
		assert_true(s->n_languages >= N_LANGS);
		for (size_t l = 0; l < N_LANGS; l++)
			assert_true(fb_survey_language_index(s, LANGS[l]) >= 0);
		assert_int_equal(s->for_children, i == 1);
		if (fb_words_check(dir, s, NULL, &err) != 0)
			fail_msg("%s: %s", files[i], err.msg);
		fb_survey_free(s);
	}
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
		cmocka_unit_test(test_crisis_line_should_give_samaritans_111_option_2_and_999_in_every_language),
		cmocka_unit_test(test_the_urdu_crisis_card_should_be_urdu_with_the_numbers_as_digits),
		cmocka_unit_test(test_check_should_fail_naming_a_survey_language_and_the_kiosk_words_it_lacks),
		cmocka_unit_test(test_check_should_list_the_words_no_native_speaker_has_checked),
		cmocka_unit_test(test_the_surveys_unchecked_questions_should_be_listed_per_language),
		cmocka_unit_test(test_the_shipped_surveys_should_pass_the_words_check),
		cmocka_unit_test(test_unknown_language_and_staff_words_should_fall_back_to_english),
		cmocka_unit_test(test_format_should_put_numbers_in_and_never_split_a_character),
		cmocka_unit_test(test_sorry_countdown_and_you_said_words_should_each_say_their_own_thing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
