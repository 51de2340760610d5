/* Tests for lib/survey.c: the shipped surveys load, every question kind
 * loads with its defaults, a survey author's mistakes are reported with
 * file:line:column and the exact string, and answers become the record's
 * clear and private JSON (free text never in the clear). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey.h"
#include "assert_text.h"
#include "src_path.h"

static fb_survey *load_ok(const char *rel)
{
	fb_survey *s = NULL;
	fb_err err = { 0 };
	int rc = fb_survey_load(test_src_path(rel), &s, &err);

	if (rc)
		print_error("%s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_non_null(s);
	return s;
}

/* Parses text expecting failure; returns the message. */
static const char *parse_fails(const char *text)
{
	static fb_err err;
	fb_survey *s = NULL;
	int rc = fb_survey_parse(text, "inline.json", &s, &err);

	assert_int_equal(rc, FB_ERR_INVALID);
	assert_null(s);
	return err.msg;
}

/* ---- the shipped surveys ---- */

static void test_shipped_fft_survey_should_load_in_eleven_languages(void **st)
{
	fb_survey *s = load_ok("config/surveys/fft.json");
	static const char *langs[] = { "en", "pl", "ro", "pt", "es", "cy",
				       "pa", "ur", "bn", "gu", "ar" };
	int q;

	assert_string_equal(s->id, "fft");
	assert_int_equal(s->n_languages, 11);
	assert_false(s->for_children);
	/* the new languages' words are marked for a native speaker's check */
	assert_null(s->unchecked[1]);
	assert_non_null(strstr(s->unchecked[7], "fft"));
	for (size_t i = 0; i < 11; i++)
		assert_string_equal(s->languages[i], langs[i]);
	assert_string_equal(s->language_native_names[1], "Polski");
	assert_string_equal(s->language_native_names[2], "Română");
	assert_int_equal(s->questions[0].kind, FB_Q_FFT);
	assert_string_equal(fb_text_get(&s->questions[0].title, 0),
			    "Overall, how was your experience of our service?");
	assert_int_equal(s->questions[0].n_options, 6);
	assert_string_equal(s->questions[0].options[5].value, "6");
	assert_string_equal(fb_text_get(&s->questions[0].options[5].label, 0),
			    "Don't know");
	/* contact details only after saying yes, and never in the clear */
	q = fb_survey_question_index(s, "contact_details");
	assert_true(q > 0);
	assert_int_equal(s->questions[q].kind, FB_Q_TEXT);
	assert_int_equal(s->questions[q].max_length, 200);
	assert_string_equal(s->questions[q].input_hint, "contact");
	assert_int_equal(s->questions[q].show_if_question,
			 fb_survey_question_index(s, "contact_opt_in"));
	/* the consent to being contacted is on the page where the person says
	 * yes, in every language, so the box keeps its room above the keyboard */
	int opt_in = fb_survey_question_index(s, "contact_opt_in");
	assert_null(s->questions[q].help.s[0]);
	assert_non_null(strstr(fb_text_get(&s->questions[opt_in].help, 0),
			       "you can ask us to delete them at any time"));
	for (size_t i = 0; i < s->n_languages; i++)
		assert_non_null(s->questions[opt_in].help.s[i]);
	fb_survey_free(s);
}

static void test_shipped_demographic_questions_should_offer_prefer_not_to_say(void **st)
{
	fb_survey *s = load_ok("config/surveys/fft.json");
	static const char *ids[] = { "age", "gender", "ethnicity", "disability" };

	for (size_t i = 0; i < 4; i++) {
		int q = fb_survey_question_index(s, ids[i]);
		const fb_question *qq;

		assert_true(q >= 0);
		qq = &s->questions[q];
		assert_true(qq->optional);
		assert_string_equal(qq->options[qq->n_options - 1].value,
				    "prefer_not_to_say");
	}
	fb_survey_free(s);
}

static void test_shipped_children_survey_should_load_with_the_fft_scale(void **st)
{
	FILE *f = fopen(test_src_path("config/surveys/children.json"), "r");
	fb_survey *s;

	if (!f)
		skip();
	fclose(f);
	s = load_ok("config/surveys/children.json");
	assert_int_equal(s->questions[0].kind, FB_Q_FFT);
	assert_int_equal(s->questions[0].n_options, 6);
	fb_survey_free(s);
}

/* ---- each kind ---- */

static void test_each_kind_should_load_with_its_values_and_defaults(void **st)
{
	fb_survey *s = load_ok("tests/data/survey_kinds.json");
	const fb_question *q;

	assert_string_equal(s->id, "kinds");
	assert_int_equal(s->version, 3);
	assert_int_equal(s->n_questions, 9);

	q = &s->questions[0];
	assert_int_equal(q->kind, FB_Q_FFT);
	assert_false(q->optional);
	for (size_t i = 0; i < 6; i++) {
		char v[4];
		snprintf(v, sizeof v, "%zu", i + 1);
		assert_string_equal(q->options[i].value, v);
	}
	assert_string_equal(fb_text_get(&q->options[2].label, 1),
			    "Ani dobrze, ani źle");

	q = &s->questions[1];
	assert_int_equal(q->kind, FB_Q_AGREE5);
	assert_int_equal(q->n_options, 5);
	assert_string_equal(q->options[4].value, "5");

	q = &s->questions[2];
	assert_int_equal(q->kind, FB_Q_SINGLE);
	assert_int_equal(q->n_options, 2);
	assert_string_equal(q->options[1].value, "again");
	assert_null(q->help.s[0]);

	q = &s->questions[3];
	assert_int_equal(q->kind, FB_Q_MULTI);
	assert_int_equal(q->n_options, 3);
	assert_string_equal(fb_text_get(&q->help, 1),
			    "Zaznacz wszystkie pasujące.");

	q = &s->questions[4];
	assert_int_equal(q->kind, FB_Q_TEXT);
	assert_int_equal(q->max_length, 300);
	assert_int_equal(q->show_if_question, 0);
	assert_int_equal(q->n_show_if_values, 2);

	q = &s->questions[5];
	assert_int_equal(q->kind, FB_Q_INFO);
	assert_true(q->optional);

	q = &s->questions[6];
	assert_int_equal(q->max_length, 500);
	assert_string_equal(q->input_hint, "text");
	assert_int_equal(q->show_if_question, -1);

	assert_string_equal(s->questions[8].input_hint, "phone");
	fb_survey_free(s);
}

static void test_text_lookup_should_fall_back_to_the_first_language(void **st)
{
	fb_survey *s = load_ok("tests/data/survey_kinds.json");

	assert_int_equal(fb_survey_language_index(s, "pl"), 1);
	assert_int_equal(fb_survey_language_index(s, "de"), -1);
	assert_string_equal(fb_text_get(&s->questions[2].title, 7),
			    "Is this your first visit?");
	assert_int_equal(fb_survey_question_index(s, "nope"), -1);
	fb_survey_free(s);
}

/* ---- an author's mistakes ---- */

static void test_missing_translation_should_name_file_line_language_and_string(void **st)
{
	fb_survey *s = NULL;
	fb_err err = { 0 };
	int rc = fb_survey_load(test_src_path("tests/data/survey_missing_translation.json"),
				&s, &err);

	assert_int_equal(rc, FB_ERR_INVALID);
	assert_null(s);
	/* line 19 is the "help" object lacking its Polish text */
	assert_contains(err.msg, "survey_missing_translation.json:19:7: ");
	assert_contains(err.msg, "question 'good' help");
	assert_contains(err.msg, "'pl' (Polski)");
	assert_contains(err.msg, "\"You can skip this question.\"");
}

static void test_syntax_error_should_give_file_line_and_column(void **st)
{
	fb_survey *s = NULL;
	fb_err err = { 0 };
	int rc = fb_survey_load(test_src_path("tests/data/survey_syntax_error.json"),
				&s, &err);

	assert_int_equal(rc, FB_ERR_INVALID);
	assert_null(s);
	assert_contains(err.msg, "survey_syntax_error.json:9:5: ");
	assert_contains(err.msg, "comma missing");
}

static void test_show_if_on_a_later_question_should_be_refused(void **st)
{
	fb_survey *s = NULL;
	fb_err err = { 0 };
	int rc = fb_survey_load(test_src_path("tests/data/survey_show_if_later.json"),
				&s, &err);

	assert_int_equal(rc, FB_ERR_INVALID);
	assert_contains(err.msg, "survey_show_if_later.json:12:19: ");
	assert_contains(err.msg, "'opt_in' comes later");
}

#define HEAD "{\"id\": \"t\", \"version\": 1,\n" \
	"\"languages\": [{\"code\": \"en\", \"name\": \"English\"}],\n" \
	"\"questions\": [\n"
#define YESNO "\"options\": [{\"value\": \"yes\", \"label\": {\"en\": \"Yes\"}}," \
	" {\"value\": \"no\", \"label\": {\"en\": \"No\"}}]"

static void test_show_if_on_a_value_the_question_lacks_should_be_refused(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"a\", \"kind\": \"single\", \"title\": {\"en\": \"A?\"}, "
		YESNO "},\n"
		"{\"id\": \"b\", \"kind\": \"text\", \"title\": {\"en\": \"B\"},\n"
		" \"show_if\": {\"question\": \"a\", \"in\": [\"maybe\"]}}]}");

	assert_contains(msg, "inline.json:6:38: ");
	assert_contains(msg, "'maybe' is not one of the answer values of 'a'");
}

static void test_show_if_on_a_text_question_should_be_refused(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"a\", \"kind\": \"text\", \"title\": {\"en\": \"A?\"}},\n"
		"{\"id\": \"b\", \"kind\": \"text\", \"title\": {\"en\": \"B\"},\n"
		" \"show_if\": {\"question\": \"a\", \"in\": [\"x\"]}}]}");

	assert_contains(msg, "inline.json:6:14: ");
	assert_contains(msg, "only a question with choices can decide");
}

static void test_show_if_on_an_unknown_question_should_be_refused(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"b\", \"kind\": \"text\", \"title\": {\"en\": \"B\"},\n"
		" \"show_if\": {\"question\": \"opt_inn\", \"in\": [\"yes\"]}}]}");

	assert_contains(msg, "inline.json:5:14: ");
	assert_contains(msg, "no question 'opt_inn'");
}

static void test_misspelt_key_should_be_refused_at_its_position(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"a\", \"kind\": \"text\", \"optinal\": true,\n"
		" \"title\": {\"en\": \"A?\"}}]}");

	assert_contains(msg, "inline.json:4:29: ");
	assert_contains(msg, "unknown key 'optinal'");
}

static void test_text_longer_than_the_cap_should_be_refused(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"a\", \"kind\": \"text\", \"max_length\": 5000,\n"
		" \"title\": {\"en\": \"A?\"}}]}");

	assert_contains(msg, "inline.json:4:29: ");
	assert_contains(msg, "from 1 to 2000");
}

static void test_fft_with_other_english_wording_should_be_refused_unless_adapted(void **st)
{
	static const char labels[] = "\"labels\": [{\"en\": \"Very good\"}, "
		"{\"en\": \"Good\"}, {\"en\": \"Neither good nor poor\"}, "
		"{\"en\": \"Poor\"}, {\"en\": \"Very poor\"}, "
		"{\"en\": \"Don't know\"}]";
	char text[2048];
	const char *msg;
	fb_survey *s = NULL;
	fb_err err;

	snprintf(text, sizeof text, HEAD "{\"id\": \"f\", \"kind\": \"fft\", "
		 "\"title\": {\"en\": \"How was it?\"}, %s}]}", labels);
	msg = parse_fails(text);
	assert_contains(msg, "inline.json:4:");
	assert_contains(msg, "Overall, how was your experience of our service?");

	snprintf(text, sizeof text, HEAD "{\"id\": \"f\", \"kind\": \"fft\", "
		 "\"adapted\": true, \"title\": {\"en\": \"How was it?\"}, "
		 "%s}]}", labels);
	assert_int_equal(fb_survey_parse(text, "inline.json", &s, &err), 0);
	fb_survey_free(s);
}

static void test_fft_with_five_answers_should_be_refused(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"f\", \"kind\": \"fft\", \"title\": {\"en\": "
		"\"Overall, how was your experience of our service?\"},\n"
		"\"labels\": [{\"en\": \"Very good\"}, {\"en\": \"Good\"}, "
		"{\"en\": \"Poor\"}, {\"en\": \"Very poor\"}, "
		"{\"en\": \"Don't know\"}]}]}");

	assert_contains(msg, "inline.json:5:1: ");
	assert_contains(msg, "exactly 6 answers");
}

static void test_translation_in_a_language_not_offered_should_be_refused(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"a\", \"kind\": \"info\",\n"
		" \"title\": {\"en\": \"Hello\", \"de\": \"Hallo\"}}]}");

	assert_contains(msg, "inline.json:5:27: ");
	assert_contains(msg, "'de' is not one of the survey's languages");
}

static void test_duplicate_key_and_duplicate_id_should_be_refused(void **st)
{
	const char *msg = parse_fails(HEAD
		"{\"id\": \"a\", \"id\": \"b\", \"kind\": \"info\", "
		"\"title\": {\"en\": \"Hi\"}}]}");
	assert_contains(msg, "inline.json:4:");
	assert_contains(msg, "duplicate");

	msg = parse_fails(HEAD
		"{\"id\": \"a\", \"kind\": \"info\", \"title\": {\"en\": \"Hi\"}},\n"
		"{\"id\": \"a\", \"kind\": \"info\", \"title\": {\"en\": \"Ho\"}}]}");
	assert_contains(msg, "inline.json:5:2: ");
	assert_contains(msg, "id 'a' is used twice");
}

/* An author's slip anywhere in the file gives a positioned message (or a
 * survey that still loads), never a crash: delete each line in turn. */
static void test_any_deleted_line_should_give_a_positioned_error_or_load(void **st)
{
	FILE *f = fopen(test_src_path("config/surveys/fft.json"), "rb");
	char *text = calloc(1, 256 * 1024), *cut = calloc(1, 256 * 1024);
	size_t len, start = 0;
	int lines = 0, failed = 0;

	assert_non_null(f);
	assert_non_null(text);
	assert_non_null(cut);
	len = fread(text, 1, 256 * 1024 - 1, f);
	fclose(f);
	assert_true(len > 0);
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;
		fb_survey *s = NULL;
		fb_err err = { 0 };
		int ln = 0, col = 0;

		memcpy(cut, text, start);
		memcpy(cut + start, text + end, len - end);
		cut[start + len - end] = '\0';
		if (fb_survey_parse(cut, "fft.json", &s, &err) != 0) {
			assert_int_equal(sscanf(err.msg, "fft.json:%d:%d: ",
						&ln, &col), 2);
			if (ln < 1 || col < 1)
				print_error("%s\n", err.msg);
			assert_true(ln >= 1 && col >= 1);
			failed++;
		}
		fb_survey_free(s);
		lines++;
		start = end;
	}
	assert_true(lines > 100);
	assert_true(failed > lines / 2);
	free(text);
	free(cut);
}

static void test_missing_file_should_say_which_file(void **st)
{
	fb_survey *s = NULL;
	fb_err err = { 0 };

	assert_int_equal(fb_survey_load("/nonexistent/fft.json", &s, &err),
			 FB_ERR_NOTFOUND);
	assert_contains(err.msg, "/nonexistent/fft.json");
	fb_survey_free(NULL);
}

/* ---- answers ---- */

enum { RATING, STAFF, VISIT, HELPED, WHY_POOR, NOTE, COMMENTS, CALL, PHONE,
       NQ };

static void answer_text(fb_answer *a, const char *text)
{
	a->answered = true;
	a->text = strdup(text);
	assert_non_null(a->text);
}

static void test_answers_json_should_keep_choices_clear_and_text_private(void **st)
{
	fb_survey *s = load_ok("tests/data/survey_kinds.json");
	fb_answer a[NQ] = { { 0 } };
	char *clear = NULL, *priv = NULL;
	int fft = -1;
	fb_err err;

	a[RATING] = (fb_answer){ .answered = true, .choice = 4 };
	a[STAFF] = (fb_answer){ .answered = true, .choice = 2 };
	a[VISIT] = (fb_answer){ .answered = true, .choice = 1 };
	a[HELPED] = (fb_answer){ .answered = true, .multi = 0x5 };
	answer_text(&a[WHY_POOR], "Waited two hours, \"no\" updates");
	answer_text(&a[COMMENTS], "Zażółć gęślą jaźń");
	a[CALL] = (fb_answer){ .answered = true, .choice = 0 };
	answer_text(&a[PHONE], "07700 900123");

	assert_int_equal(fb_survey_answers_json(s, a, &clear, &priv, &fft,
						&err), 0);
	assert_int_equal(fft, 4);
	assert_string_equal(clear, "{\"call_back\":\"yes\",\"helped_by\":"
			    "[\"nurse\",\"reception\"],\"staff_kind\":2,"
			    "\"visit\":\"again\"}");
	assert_string_equal(priv, "{\"comments\":\"Zażółć gęślą jaźń\","
			    "\"phone\":\"07700 900123\",\"why_poor\":"
			    "\"Waited two hours, \\\"no\\\" updates\"}");
	assert_null(strstr(clear, "07700"));
	free(clear);
	free(priv);
	fb_answers_clear(a, NQ);
	assert_null(a[PHONE].text);
	assert_false(a[PHONE].answered);
	fb_survey_free(s);
}

static void test_answers_json_should_be_empty_when_everything_is_skipped(void **st)
{
	fb_survey *s = load_ok("tests/data/survey_kinds.json");
	fb_answer a[NQ] = { { 0 } };
	char *clear = NULL, *priv = NULL;
	int fft = -1;
	fb_err err;

	/* an empty text and an empty tick list count as skipped */
	answer_text(&a[COMMENTS], "");
	a[HELPED] = (fb_answer){ .answered = true, .multi = 0 };
	assert_int_equal(fb_survey_answers_json(s, a, &clear, &priv, &fft,
						&err), 0);
	assert_int_equal(fft, 0);
	assert_string_equal(clear, "{}");
	assert_null(priv);
	free(clear);
	fb_answers_clear(a, NQ);
	fb_survey_free(s);
}

static void test_answers_to_hidden_questions_should_be_left_out(void **st)
{
	fb_survey *s = load_ok("tests/data/survey_kinds.json");
	fb_answer a[NQ] = { { 0 } };
	char *clear = NULL, *priv = NULL;
	int fft = 0;
	fb_err err;

	/* rated Very good, then went back after typing why it was poor;
	 * said yes to a call, typed a number, then changed to no */
	a[RATING] = (fb_answer){ .answered = true, .choice = 1 };
	answer_text(&a[WHY_POOR], "typed before going back");
	a[CALL] = (fb_answer){ .answered = true, .choice = 1 };
	answer_text(&a[PHONE], "07700 900123");

	assert_false(fb_survey_visible(s, WHY_POOR, a));
	assert_false(fb_survey_visible(s, PHONE, a));
	assert_true(fb_survey_visible(s, COMMENTS, a));
	assert_int_equal(fb_survey_answers_json(s, a, &clear, &priv, &fft,
						&err), 0);
	assert_int_equal(fft, 1);
	assert_string_equal(clear, "{\"call_back\":\"no\"}");
	assert_null(priv);
	free(clear);

	a[RATING].choice = 5;
	assert_true(fb_survey_visible(s, WHY_POOR, a));
	a[CALL].choice = 0;
	assert_true(fb_survey_visible(s, PHONE, a));
	assert_int_equal(fb_survey_answers_json(s, a, &clear, &priv, &fft,
						&err), 0);
	assert_string_equal(priv, "{\"phone\":\"07700 900123\",\"why_poor\":"
			    "\"typed before going back\"}");
	free(clear);
	free(priv);
	fb_answers_clear(a, NQ);
	fb_survey_free(s);
}

static void test_answers_out_of_range_or_too_long_should_be_refused(void **st)
{
	fb_survey *s = load_ok("tests/data/survey_kinds.json");
	fb_answer a[NQ] = { { 0 } };
	char *clear = NULL, *priv = NULL;
	char long_text[400];
	int fft = 0;
	fb_err err;

	a[RATING] = (fb_answer){ .answered = true, .choice = 7 };
	assert_int_equal(fb_survey_answers_json(s, a, &clear, &priv, &fft,
						&err), FB_ERR_INVALID);
	assert_contains(err.msg, "'rating'");
	assert_null(clear);

	a[RATING].choice = 5;
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	answer_text(&a[WHY_POOR], long_text);
	assert_int_equal(fb_survey_answers_json(s, a, &clear, &priv, &fft,
						&err), FB_ERR_INVALID);
	assert_contains(err.msg, "'why_poor' is longer than its 300");
	assert_null(priv);
	fb_answers_clear(a, NQ);
	fb_survey_free(s);
}

/* ---- easy read ---- */

static void test_shipped_easy_read_survey_should_keep_the_fft_codes_with_a_picture_for_every_answer(void **st)
{
	fb_survey *s = load_ok("config/surveys/easy-read.json");
	static const char *langs[] = { "en", "pl", "ro", "pt", "es", "cy",
				       "pa", "ur", "bn", "gu", "ar" };

	assert_string_equal(s->id, "fft-easy-read");
	assert_true(s->easy_read);
	assert_false(s->for_children);
	assert_int_equal(s->n_languages, 11);
	for (size_t i = 0; i < 11; i++) {
		assert_string_equal(s->languages[i], langs[i]);
		/* machine-made words are listed for a native speaker's check,
		 * every question of them */
		if (i == 0) {
			assert_null(s->unchecked[i]);
		} else {
			assert_non_null(s->unchecked[i]);
			for (size_t q = 0; q < s->n_questions; q++)
				assert_non_null(strstr(s->unchecked[i], s->questions[q].id));
		}
	}
	/* the national scale underneath: six answers, codes 1..6 */
	assert_int_equal(s->questions[0].kind, FB_Q_FFT);
	assert_int_equal(s->questions[0].n_options, 6);
	for (size_t i = 0; i < 6; i++) {
		char v[4];
		snprintf(v, sizeof v, "%zu", i + 1);
		assert_string_equal(s->questions[0].options[i].value, v);
	}
	/* few words, and few questions, each optional after the rating */
	assert_true(s->n_questions <= 5);
	for (size_t q = 0; q < s->n_questions; q++) {
		const fb_question *qu = &s->questions[q];
		assert_true(strlen(fb_text_get(&qu->title, 0)) <= 40);
		assert_true(q == 0 || qu->optional);
		for (size_t o = 0; qu->kind == FB_Q_SINGLE && o < qu->n_options; o++)
			assert_true(fb_survey_easy_read_value(qu->options[o].value));
	}
	fb_survey_free(s);
}

#define EASY_HEAD "{\"id\": \"er\", \"version\": 1, \"audience\": \"easy_read\",\n" \
	" \"languages\": [{\"code\": \"en\", \"name\": \"English\"}],\n"
#define EASY_FFT "  {\"id\": \"fft\", \"kind\": \"fft\", \"adapted\": true,\n" \
	"   \"title\": {\"en\": \"How was it?\"},\n" \
	"   \"labels\": [{\"en\": \"Very good\"}, {\"en\": \"Good\"}, {\"en\": \"OK\"},\n" \
	"              {\"en\": \"Bad\"}, {\"en\": \"Very bad\"}, {\"en\": \"I don't know\"}]}"

static void test_easy_read_choice_without_a_picture_should_be_refused_saying_which(void **st)
{
	const char *msg = parse_fails(EASY_HEAD " \"questions\": [\n" EASY_FFT ",\n"
		"  {\"id\": \"ward\", \"kind\": \"single\", \"title\": {\"en\": \"Which ward?\"},\n"
		"   \"options\": [{\"value\": \"yes\", \"label\": {\"en\": \"Yes\"}},\n"
		"               {\"value\": \"oak\", \"label\": {\"en\": \"Oak\"}}]}\n ]}\n");

	assert_contains(msg, "inline.json:10:");
	assert_contains(msg, "question 'ward'");
	assert_contains(msg, "'oak' has none");
}

static void test_easy_read_without_the_rating_should_be_refused(void **st)
{
	const char *msg = parse_fails(EASY_HEAD " \"questions\": [\n"
		"  {\"id\": \"good\", \"kind\": \"text\", \"title\": {\"en\": \"What was good?\"}}\n ]}\n");

	assert_contains(msg, "easy-read survey asks the Friends and Family Test");
}

static void test_easy_read_with_yes_no_and_not_sure_should_load(void **st)
{
	fb_survey *s = NULL;
	fb_err err;
	int rc = fb_survey_parse(EASY_HEAD " \"questions\": [\n" EASY_FFT ",\n"
		"  {\"id\": \"heard\", \"kind\": \"single\", \"title\": {\"en\": \"Did we listen?\"},\n"
		"   \"options\": [{\"value\": \"yes\", \"label\": {\"en\": \"Yes\"}},\n"
		"               {\"value\": \"no\", \"label\": {\"en\": \"No\"}},\n"
		"               {\"value\": \"not_sure\", \"label\": {\"en\": \"Not sure\"}}]}\n ]}\n",
		"inline.json", &s, &err);

	if (rc)
		print_error("%s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_true(s->easy_read);
	fb_survey_free(s);
}

static void test_unknown_audience_should_name_the_three(void **st)
{
	const char *msg = parse_fails("{\"id\": \"x\", \"version\": 1, \"audience\": \"easyread\",\n"
		" \"languages\": [{\"code\": \"en\", \"name\": \"English\"}],\n"
		" \"questions\": [" EASY_FFT "]}\n");

	assert_contains(msg, "\"easy_read\"");
	assert_contains(msg, "\"children\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_fft_survey_should_load_in_eleven_languages),
		cmocka_unit_test(test_shipped_demographic_questions_should_offer_prefer_not_to_say),
		cmocka_unit_test(test_shipped_children_survey_should_load_with_the_fft_scale),
		cmocka_unit_test(test_shipped_easy_read_survey_should_keep_the_fft_codes_with_a_picture_for_every_answer),
		cmocka_unit_test(test_easy_read_choice_without_a_picture_should_be_refused_saying_which),
		cmocka_unit_test(test_easy_read_without_the_rating_should_be_refused),
		cmocka_unit_test(test_easy_read_with_yes_no_and_not_sure_should_load),
		cmocka_unit_test(test_unknown_audience_should_name_the_three),
		cmocka_unit_test(test_each_kind_should_load_with_its_values_and_defaults),
		cmocka_unit_test(test_text_lookup_should_fall_back_to_the_first_language),
		cmocka_unit_test(test_missing_translation_should_name_file_line_language_and_string),
		cmocka_unit_test(test_syntax_error_should_give_file_line_and_column),
		cmocka_unit_test(test_show_if_on_a_later_question_should_be_refused),
		cmocka_unit_test(test_show_if_on_a_value_the_question_lacks_should_be_refused),
		cmocka_unit_test(test_show_if_on_a_text_question_should_be_refused),
		cmocka_unit_test(test_show_if_on_an_unknown_question_should_be_refused),
		cmocka_unit_test(test_misspelt_key_should_be_refused_at_its_position),
		cmocka_unit_test(test_text_longer_than_the_cap_should_be_refused),
		cmocka_unit_test(test_fft_with_other_english_wording_should_be_refused_unless_adapted),
		cmocka_unit_test(test_fft_with_five_answers_should_be_refused),
		cmocka_unit_test(test_translation_in_a_language_not_offered_should_be_refused),
		cmocka_unit_test(test_duplicate_key_and_duplicate_id_should_be_refused),
		cmocka_unit_test(test_any_deleted_line_should_give_a_positioned_error_or_load),
		cmocka_unit_test(test_missing_file_should_say_which_file),
		cmocka_unit_test(test_answers_json_should_keep_choices_clear_and_text_private),
		cmocka_unit_test(test_answers_json_should_be_empty_when_everything_is_skipped),
		cmocka_unit_test(test_answers_to_hidden_questions_should_be_left_out),
		cmocka_unit_test(test_answers_out_of_range_or_too_long_should_be_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
