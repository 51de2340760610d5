/* safeguard: which comments the shipped word lists flag for a person to read
 * today, whatever case, accents or Unicode forms the writer's keyboard used,
 * and which they leave alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/safeguard.h"
#include "src_path.h"
#include "tmpdir.h"

/* Every shipped list (config/safeguarding), as the collector loads them. */
static int setup_lists(void **state)
{
	coll_config cfg;
	fb_err err;
	coll_safeguard *sg = NULL;
	coll_config_defaults(&cfg);
	snprintf(cfg.safeguarding_lists_dir, sizeof cfg.safeguarding_lists_dir, "%s",
		 test_src_path("config/safeguarding"));
	if (coll_safeguard_load_config(&cfg, &sg, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = sg;
	return 0;
}

static int teardown_lists(void **state)
{
	coll_safeguard_free(*state);
	return 0;
}

/* A list of its own in a temporary file: text is its whole content. */
static coll_safeguard *list_of(const char *text, fb_err *err, int *rc)
{
	char dir[64], path[96];
	coll_safeguard *sg = NULL;
	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "sg"), 0);
	snprintf(path, sizeof path, "%s/words.txt", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	*rc = coll_safeguard_load(path, &sg, err);
	test_tmpdir_remove(dir);
	return sg;
}

static void test_polish_should_match_whatever_the_case_and_the_ending(void **state)
{
	const coll_safeguard *sg = *state;
	assert_true(coll_safeguard_match(sg, "Myślę o SAMOBÓJSTWIE"));
	assert_true(coll_safeguard_match(sg, "mam myśli samobójcze"));
	assert_true(coll_safeguard_match(sg, "SAMOBÓJSTWO"));
	assert_true(coll_safeguard_match(sg, "samobójstwo"));
	/* typed without Polish letters */
	assert_true(coll_safeguard_match(sg, "samobojstwo"));
	/* ó as o + combining acute (U+0301), as some keyboards send it */
	assert_true(coll_safeguard_match(sg, "samobo\xcc\x81jstwo"));
	assert_true(coll_safeguard_match(sg, "Chcę UMRZEĆ"));
	assert_false(coll_safeguard_match(sg, "Pielęgniarki były bardzo miłe"));
}

static void test_decomposed_accents_should_match_composed_ones_both_ways(void **state)
{
	const coll_safeguard *sg = *state;
	/* the list has "autolesión" composed; the comment writes o + U+0301 */
	assert_true(coll_safeguard_match(sg, "pienso en la autolesio\xcc\x81n"));
	assert_true(coll_safeguard_match(sg, "AUTOLESIÓN"));
	/* and the other way round: a list written decomposed */
	fb_err err;
	int rc;
	coll_safeguard *own = list_of("me violo\xcc\x81\n", &err, &rc);
	assert_int_equal(rc, 0);
	assert_true(coll_safeguard_match(own, "ME VIOLÓ"));
	assert_false(coll_safeguard_match(own, "me violo"));
	coll_safeguard_free(own);
}

static void test_urdu_should_match_in_either_keyboards_letters_where_listed(void **state)
{
	const coll_safeguard *sg = *state;
	/* "I think about suicide": Urdu keyboard (ک U+06A9, ی U+06CC) */
	assert_true(coll_safeguard_match(sg, "میں خودکشی کے بارے میں سوچتا ہوں"));
	/* the same word from an Arabic keyboard (ك U+0643, ي U+064A) */
	assert_true(coll_safeguard_match(sg, "خودكشي"));
	assert_true(coll_safeguard_match(sg, "میں یہاں محفوظ نہیں ہوں"));
	/* "the staff were very good" */
	assert_false(coll_safeguard_match(sg, "عملہ بہت اچھا تھا"));
}

static void test_arabic_should_match_presentation_forms_and_decomposed_hamza(void **state)
{
	const coll_safeguard *sg = *state;
	assert_true(coll_safeguard_match(sg, "كان هناك عنف في البيت"));
	/* عنف in Arabic presentation forms (U+FECB U+FEE8 U+FED2): NFKC */
	assert_true(coll_safeguard_match(sg, "\xef\xbb\x8b\xef\xbb\xa8\xef\xbb\x92"));
	/* أريد أن أموت with each أ as ا + U+0654 (hamza above) */
	assert_true(coll_safeguard_match(sg, "ا\xd9\x94ريد ا\xd9\x94ن ا\xd9\x94موت"));
	/* "the doctor was kind" */
	assert_false(coll_safeguard_match(sg, "كان الطبيب لطيفا"));
}

static void test_a_word_inside_a_longer_word_should_not_match_unless_listed_with_a_star(void **state)
{
	fb_err err;
	int rc;
	coll_safeguard *sg = list_of("# own words\nharm\nabuse\nsinucid*\n", &err, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(coll_safeguard_count(sg), 3);
	assert_true(coll_safeguard_match(sg, "I want to self-harm"));
	assert_true(coll_safeguard_match(sg, "HARM."));
	assert_false(coll_safeguard_match(sg, "the pharmacy was shut"));
	assert_false(coll_safeguard_match(sg, "harmless fun"));
	assert_false(coll_safeguard_match(sg, "they were abusers"));
	assert_true(coll_safeguard_match(sg, "Mă gândesc la SINUCIDERE"));
	assert_true(coll_safeguard_match(sg, "vreau să mă sinucid"));
	assert_false(coll_safeguard_match(sg, "presinucidere"));
	coll_safeguard_free(sg);
}

static void test_spacing_and_full_width_letters_should_not_hide_a_phrase(void **state)
{
	const coll_safeguard *sg = *state;
	assert_true(coll_safeguard_match(sg, "I want to kill   myself"));
	assert_true(coll_safeguard_match(sg, "I want to kill\nmyself"));
	assert_true(coll_safeguard_match(sg, "kill\xc2\xa0myself"));     /* no-break space */
	assert_true(coll_safeguard_match(sg, "\xef\xbc\xb3\xef\xbc\xb5\xef\xbc\xa9\xef\xbc\xa3"
					 "\xef\xbc\xa9\xef\xbc\xa4\xef\xbc\xa5"));  /* ＳＵＩＣＩＤＥ */
	assert_true(coll_safeguard_match(sg, "Rwy'n meddwl am HUNANLADDIAD"));
	assert_false(coll_safeguard_match(sg, "The nurses were lovely and kind"));
	assert_false(coll_safeguard_match(sg, ""));
}

static void test_every_shipped_list_should_load_and_say_whether_a_native_speaker_checked_it(void **state)
{
	static const char *const langs[] = {"en", "cy", "es", "pt", "pl", "ro", "pa", "ur", "bn",
					    "gu", "ar"};
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		char rel[64], head[512];
		coll_safeguard *sg = NULL;
		fb_err err;
		snprintf(rel, sizeof rel, "config/safeguarding/%s.txt", langs[i]);
		assert_int_equal(coll_safeguard_load(test_src_path(rel), &sg, &err), 0);
		assert_true(coll_safeguard_count(sg) >= 8);
		coll_safeguard_free(sg);
		FILE *f = fopen(test_src_path(rel), "r");
		assert_non_null(f);
		size_t n = fread(head, 1, sizeof head - 1, f);
		head[n] = '\0';
		fclose(f);
		if (strcmp(langs[i], "en") != 0)
			assert_non_null(strstr(head, "UNCHECKED"));
	}
	assert_true(coll_safeguard_count(*state) > 200);
}

static void test_a_bad_list_line_should_be_refused_with_its_file_and_line(void **state)
{
	fb_err err;
	int rc;
	coll_safeguard *sg = list_of("abuse\n\xff\xfe broken\n", &err, &rc);
	assert_int_equal(rc, FB_ERR_INVALID);
	assert_null(sg);
	assert_non_null(strstr(err.msg, "words.txt:2: not UTF-8"));
	sg = list_of("abuse\n  *\n", &err, &rc);
	assert_int_equal(rc, FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "words.txt:2:"));
	/* a long comment is fine; a long entry is not */
	char text[400];
	snprintf(text, sizeof text, "# %0200d\nabuse\n%0130d\n", 0, 0);
	sg = list_of(text, &err, &rc);
	assert_int_equal(rc, FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "words.txt:3: an entry longer than 120 bytes"));
	/* a byte-order mark before the first entry is not part of it */
	sg = list_of("\xef\xbb\xbfoverdose\n", &err, &rc);
	assert_int_equal(rc, 0);
	assert_true(coll_safeguard_match(sg, "an overdose"));
	coll_safeguard_free(sg);
}

static void test_text_that_cannot_be_read_should_be_flagged_for_a_person(void **state)
{
	assert_true(coll_safeguard_match(*state, "caf\xc3"));  /* cut UTF-8 */
	coll_safeguard *empty = coll_safeguard_new();
	assert_false(coll_safeguard_match(empty, "caf\xc3"));
	coll_safeguard_free(empty);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
	const struct CMUnitTest tests[] = {
		T(test_polish_should_match_whatever_the_case_and_the_ending),
		T(test_decomposed_accents_should_match_composed_ones_both_ways),
		T(test_urdu_should_match_in_either_keyboards_letters_where_listed),
		T(test_arabic_should_match_presentation_forms_and_decomposed_hamza),
		T(test_a_word_inside_a_longer_word_should_not_match_unless_listed_with_a_star),
		T(test_spacing_and_full_width_letters_should_not_hide_a_phrase),
		T(test_every_shipped_list_should_load_and_say_whether_a_native_speaker_checked_it),
		T(test_a_bad_list_line_should_be_refused_with_its_file_and_line),
		T(test_text_that_cannot_be_read_should_be_flagged_for_a_person),
	};
	return cmocka_run_group_tests(tests, setup_lists, teardown_lists);
}
