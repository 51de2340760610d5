/* test_collector_versions: the results pages read survey versions apart only
 * when their questions differ. The decision is made from the survey files
 * when both versions have one (ids, kinds and options), else from the
 * question ids seen in their answers; and no small count is left where the
 * total would give it away. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../collector/versions.h"

#define FFT_Q "{\"id\": \"fft\", \"kind\": \"fft\", \"adapted\": true, \"title\": {\"en\": \"How was it?\"}," \
	" \"labels\": [{\"en\": \"Really good\"}, {\"en\": \"Good\"}, {\"en\": \"Not good or bad\"}," \
	" {\"en\": \"Bad\"}, {\"en\": \"Really bad\"}, {\"en\": \"I don't know\"}]}"
#define WHO_Q(third) "{\"id\": \"who\", \"kind\": \"single\", \"optional\": true, \"title\": {\"en\":" \
	" \"Who is answering?\"}, \"options\": [{\"value\": \"child\", \"label\": {\"en\": \"Me\"}}," \
	" {\"value\": \"parent_carer\", \"label\": {\"en\": \"My parent or carer\"}}" third "]}"
#define TOGETHER ", {\"value\": \"together\", \"label\": {\"en\": \"We answered together\"}}"
#define LIKED_Q "{\"id\": \"liked\", \"kind\": \"text\", \"optional\": true, \"max_length\": 300," \
	" \"title\": {\"en\": \"What did you like?\"}}"

static fb_survey *survey(int version, const char *questions)
{
	char text[4096];
	fb_survey *s = NULL;
	fb_err err;
	snprintf(text, sizeof text, "{\"id\": \"kids\", \"version\": %d, \"languages\": [{\"code\": \"en\","
		 " \"name\": \"English\"}], \"questions\": [%s]}", version, questions);
	if (fb_survey_parse(text, "kids.json", &s, &err) != 0)
		fail_msg("%s", err.msg);
	return s;
}

static void add(coll_versions *vs, int version, int64_t at, const char *answers, const char *text)
{
	fb_err err;
	assert_int_equal(coll_versions_add(vs, "kids", version, at, answers, text, 1, &err), 0);
}

static const coll_version *version_of(const coll_versions *vs, int version)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].version == version)
			return &vs->v[i];
	fail_msg("no version %d", version);
	return NULL;
}

static void test_versions_whose_files_add_a_question_should_be_shown_apart(void **state)
{
	coll_versions vs;
	fb_survey *v1 = survey(1, FFT_Q "," WHO_Q(""));
	fb_survey *v2 = survey(2, FFT_Q "," WHO_Q("") "," LIKED_Q);
	coll_versions_init(&vs);
	/* version 2 is counted first: the grouping must still put 1 first */
	add(&vs, 2, 3000, "{\"fft\": 1, \"who\": \"child\"}", "{\"liked\": \"the fish\"}");
	add(&vs, 1, 1000, "{\"fft\": 2, \"who\": \"child\"}", NULL);
	add(&vs, 1, 2000, "{\"fft\": 1, \"who\": \"parent_carer\"}", NULL);
	coll_versions_define(&vs, v1);
	coll_versions_define(&vs, v2);
	assert_int_equal(coll_versions_group(&vs), 2);
	assert_int_equal(vs.v[0].version, 1);
	assert_int_equal(vs.v[0].n, 2);
	assert_int_equal(vs.v[0].first_ms, 1000);
	assert_int_not_equal(vs.v[0].group, vs.v[1].group);
	/* the file gives the words, and the counts counted before it stay */
	const coll_version *one = version_of(&vs, 1);
	assert_string_equal(one->q[1].id, "who");
	assert_string_equal(one->q[1].title, "Who is answering?");
	assert_string_equal(one->q[1].options[1].label, "My parent or carer");
	assert_int_equal(one->q[1].options[0].count, 1);
	assert_int_equal(one->q[1].options[1].count, 1);
	coll_versions_free(&vs);
	fb_survey_free(v1);
	fb_survey_free(v2);
}

static void test_versions_with_the_same_questions_should_be_one_group(void **state)
{
	coll_versions vs;
	/* version 2 changed only words, not questions or answers */
	fb_survey *v1 = survey(1, FFT_Q "," WHO_Q(TOGETHER));
	fb_survey *v2 = survey(2, FFT_Q "," WHO_Q(TOGETHER));
	coll_versions_init(&vs);
	add(&vs, 1, 1000, "{\"fft\": 2, \"who\": \"child\"}", NULL);
	add(&vs, 2, 2000, "{\"fft\": 1}", NULL);   /* skipped "who": still the same survey */
	coll_versions_define(&vs, v1);
	coll_versions_define(&vs, v2);
	assert_int_equal(coll_versions_group(&vs), 1);
	assert_int_equal(vs.v[0].group, vs.v[1].group);
	coll_versions_free(&vs);
	fb_survey_free(v1);
	fb_survey_free(v2);
}

static void test_a_new_answer_to_a_question_should_make_versions_differ(void **state)
{
	coll_versions vs;
	fb_survey *v1 = survey(1, FFT_Q "," WHO_Q(""));
	fb_survey *v2 = survey(2, FFT_Q "," WHO_Q(TOGETHER));
	coll_versions_init(&vs);
	add(&vs, 1, 1000, "{\"fft\": 2, \"who\": \"child\"}", NULL);
	add(&vs, 2, 2000, "{\"fft\": 2, \"who\": \"child\"}", NULL);
	coll_versions_define(&vs, v1);
	coll_versions_define(&vs, v2);
	assert_false(coll_versions_same_questions(&vs.v[0], &vs.v[1]));
	assert_int_equal(coll_versions_group(&vs), 2);
	coll_versions_free(&vs);
	fb_survey_free(v1);
	fb_survey_free(v2);
}

static void test_without_files_the_question_ids_answered_should_decide(void **state)
{
	coll_versions vs;
	coll_versions_init(&vs);
	add(&vs, 3, 1000, "{\"fft\": 1, \"who\": \"child\"}", NULL);
	add(&vs, 4, 2000, "{\"fft\": 1, \"who\": \"child\"}", "{\"liked\": \"x\"}");
	add(&vs, 5, 3000, "{\"fft\": 5, \"who\": \"parent_carer\"}", "{\"liked\": \"y\"}");
	assert_int_equal(coll_versions_group(&vs), 2);
	assert_int_not_equal(version_of(&vs, 3)->group, version_of(&vs, 4)->group);
	assert_int_equal(version_of(&vs, 4)->group, version_of(&vs, 5)->group);
	/* a file for one of them only: still by the ids answered */
	fb_survey *v4 = survey(4, FFT_Q "," WHO_Q("") "," LIKED_Q);
	coll_versions_define(&vs, v4);
	assert_true(coll_versions_same_questions(version_of(&vs, 4), version_of(&vs, 5)));
	coll_versions_free(&vs);
	fb_survey_free(v4);
}

static void test_a_list_of_answers_should_count_each_and_read_as_any_of(void **state)
{
	coll_versions vs;
	coll_versions_init(&vs);
	add(&vs, 1, 1000, "{\"fft\": 1, \"help\": [\"food\", \"noise\"]}", NULL);
	add(&vs, 1, 2000, "{\"fft\": 1, \"help\": [\"noise\"]}", "{\"better\": \"quiet\"}");
	add(&vs, 1, 3000, "not json", NULL);   /* counted as a response, no answers */
	assert_int_equal(vs.v[0].n, 3);
	const coll_vq *fft = &vs.v[0].q[0], *help = &vs.v[0].q[1], *better = &vs.v[0].q[2];
	assert_false(coll_versions_shown(fft));   /* the FFT is shown for all versions together */
	assert_true(help->any_of && coll_versions_shown(help));
	assert_int_equal(help->answered, 2);
	assert_string_equal(help->options[1].value, "noise");
	assert_int_equal(help->options[1].count, 2);
	assert_true(better->free_text);
	assert_int_equal(better->answered, 1);
	coll_versions_free(&vs);
}

static void test_a_lone_small_count_should_take_a_second_one_with_it(void **state)
{
	int64_t n[3] = {41, 3, 0};
	bool hidden[3];
	coll_versions_hide(n, 3, 5, false, hidden);
	/* 3 is hidden; 41 + 3 + 0 is known, so 0 (the smallest other) goes too */
	assert_false(hidden[0]);
	assert_true(hidden[1]);
	assert_true(hidden[2]);
	int64_t m[3] = {41, 30, 12};
	coll_versions_hide(m, 3, 5, false, hidden);
	assert_false(hidden[0] || hidden[1] || hidden[2]);
	int64_t p[2] = {2, 3};
	coll_versions_hide(p, 2, 5, false, hidden);
	assert_true(hidden[0] && hidden[1]);
	coll_versions_hide(m, 3, 5, true, hidden);
	assert_true(hidden[0] && hidden[1] && hidden[2]);
}

static void test_more_versions_than_the_cap_should_be_counted_apart(void **state)
{
	coll_versions vs;
	coll_versions_init(&vs);
	for (int v = 1; v <= COLL_VERSIONS_MAX + 2; v++)
		add(&vs, v, v, "{\"fft\": 1}", NULL);
	assert_int_equal(vs.n, COLL_VERSIONS_MAX);
	assert_int_equal(vs.other_n, 2);
	assert_int_equal(coll_versions_group(&vs), 1);
	coll_versions_free(&vs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions_whose_files_add_a_question_should_be_shown_apart),
		cmocka_unit_test(test_versions_with_the_same_questions_should_be_one_group),
		cmocka_unit_test(test_a_new_answer_to_a_question_should_make_versions_differ),
		cmocka_unit_test(test_without_files_the_question_ids_answered_should_decide),
		cmocka_unit_test(test_a_list_of_answers_should_count_each_and_read_as_any_of),
		cmocka_unit_test(test_a_lone_small_count_should_take_a_second_one_with_it),
		cmocka_unit_test(test_more_versions_than_the_cap_should_be_counted_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
