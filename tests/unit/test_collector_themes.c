/* themes: what a Trust's coding teaches the collector. The features of a
 * comment are the same whatever its case or Unicode form and tell "what was
 * good" from "what could be better"; a file of earlier coding with a bad row
 * is refused whole, naming the line; a model trained on the synthetic test
 * set (tests/data/themes) scores well above one trained on the same comments
 * with their labels shuffled, learns nothing it has too little coding for,
 * gives the same model for the same seed, and flags "Feeling safe" negative
 * comments for safeguarding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/themes/coded_csv.h"
#include "../../collector/themes/features.h"
#include "../../collector/themes/model.h"
#include "src_path.h"
#include "tmpdir.h"

static coll_themes_framework fw;

static int setup(void **state)
{
	fb_err err;
	if (coll_themes_framework_load(test_src_path("config/themes/framework.json"), NULL, &fw, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static bool same_vec(const coll_themes_vec *a, const coll_themes_vec *b)
{
	if (a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++)
		if (a->idx[i] != b->idx[i] || a->val[i] != b->val[i])
			return false;
	return true;
}

static void test_features_should_be_the_same_whatever_the_case_or_unicode_form(void **state)
{
	coll_themes_vec a = {0}, b = {0}, c = {0};
	assert_int_equal(coll_themes_features("The staff were kind", COLL_THEMES_Q_GOOD, &a), 0);
	assert_int_equal(coll_themes_features("THE STAFF WERE KIND", COLL_THEMES_Q_GOOD, &b), 0);
	assert_true(same_vec(&a, &b));
	/* full-width letters fold to plain ones (NFKC) */
	assert_int_equal(coll_themes_features("The \xef\xbd\x93\xef\xbd\x94\xef\xbd\x81\xef\xbd\x86\xef\xbd\x86"
					      " were kind", COLL_THEMES_Q_GOOD, &c), 0);
	assert_true(same_vec(&a, &c));
	/* the same again, on a reused vector: nothing random */
	assert_int_equal(coll_themes_features("The staff were kind", COLL_THEMES_Q_GOOD, &b), 0);
	assert_true(same_vec(&a, &b));
	assert_true(a.n > 40);   /* words, word pairs and character n-grams */
	coll_themes_vec_free(&a);
	coll_themes_vec_free(&b);
	coll_themes_vec_free(&c);
}

static void test_question_answered_should_be_a_feature(void **state)
{
	coll_themes_vec a = {0}, b = {0};
	assert_int_equal(coll_themes_features("the food", COLL_THEMES_Q_GOOD, &a), 0);
	assert_int_equal(coll_themes_features("the food", COLL_THEMES_Q_BETTER, &b), 0);
	assert_int_equal(a.n, b.n);
	int differ = 0;
	for (int i = 0; i < a.n; i++)
		differ += a.idx[i] != b.idx[i];
	assert_true(differ >= 1 && differ <= 2);   /* only the question's feature moves */
	coll_themes_vec_free(&a);
	coll_themes_vec_free(&b);
}

static void test_urdu_and_punjabi_should_give_character_n_grams(void **state)
{
	coll_themes_vec a = {0}, b = {0};
	assert_int_equal(coll_themes_features("عملہ بہت مہربان تھا", COLL_THEMES_Q_GOOD, &a), 0);
	assert_int_equal(coll_themes_features("ਸਟਾਫ਼ ਬਹੁਤ ਚੰਗਾ ਸੀ", COLL_THEMES_Q_GOOD, &b), 0);
	assert_true(a.n > 30);
	assert_true(b.n > 30);
	/* not UTF-8: only the question's feature, no crash */
	assert_int_equal(coll_themes_features("bad \xff\xfe text", COLL_THEMES_Q_GOOD, &a), 0);
	assert_int_equal(a.n, 1);
	coll_themes_vec_free(&a);
	coll_themes_vec_free(&b);
}

static char *header_line(void)
{
	static char h[4096];
	snprintf(h, sizeof h, "comment,question");
	for (int c = 0; c < fw.n_cats; c++)
		snprintf(h + strlen(h), sizeof h - strlen(h), ",%s", fw.cats[c].code);
	snprintf(h + strlen(h), sizeof h - strlen(h), ",sentiment\n");
	return h;
}

static void row_line(char *out, size_t n, const char *comment, const char *question, const char *label,
		     const char *sentiment)
{
	snprintf(out, n, "%s,%s", comment, question);
	for (int c = 0; c < fw.n_cats; c++)
		snprintf(out + strlen(out), n - strlen(out), ",%s", c == 0 ? label : "0");
	snprintf(out + strlen(out), n - strlen(out), ",%s\n", sentiment);
}

static void test_import_file_with_a_bad_row_should_be_refused_whole_naming_its_lines(void **state)
{
	char dir[256], path[300], r1[1024], r2[1024], r3[1024], r4[1024];
	coll_themes_coded_set set;
	fb_err err = {0};
	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "themes-csv"), 0);
	snprintf(path, sizeof path, "%s/coded.csv", dir);
	row_line(r1, sizeof r1, "\"Kind staff, thank you\"", "good", "1", "1");
	row_line(r2, sizeof r2, "Waited ages", "better", "2", "4");         /* label 2 */
	row_line(r3, sizeof r3, "\"A comment\nover two lines\"", "what_was_good", "0", "9");  /* sentiment 9 */
	row_line(r4, sizeof r4, "Fine", "sideways", "0", "3");              /* unknown question */
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s%s%s%s%s", header_line(), r1, r2, r3, r4);
	fclose(f);
	assert_int_equal(coll_themes_csv_read(&fw, path, &set, &err), FB_ERR_INVALID);
	assert_int_equal(set.n, 0);
	if (!strstr(err.msg, "coded.csv:3: column positive_experience holds \"2\"; write 0 or 1") ||
	    !strstr(err.msg, "coded.csv:4: sentiment \"9\" is not 1") ||
	    !strstr(err.msg, "coded.csv:6: question \"sideways\"") ||
	    !strstr(err.msg, "3 things to fix, nothing imported"))
		fail_msg("message was: %s", err.msg);
	/* the good rows alone are read, the two-line comment kept whole */
	row_line(r3, sizeof r3, "\"A comment\nover two lines\"", "what_was_good", "0", "3");
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s%s%s", header_line(), r1, r3);
	fclose(f);
	assert_int_equal(coll_themes_csv_read(&fw, path, &set, &err), 0);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.v[0].text, "Kind staff, thank you");
	assert_int_equal(set.v[0].labels[0], 1);
	assert_string_equal(set.v[1].text, "A comment\nover two lines");
	assert_int_equal(set.v[1].question, COLL_THEMES_Q_GOOD);
	assert_int_equal(set.v[1].line, 3);
	coll_themes_coded_set_free(&set);
	/* a header without a sub-category's column */
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "comment,question,sentiment\nhello,good,1\n");
	fclose(f);
	assert_int_equal(coll_themes_csv_read(&fw, path, &set, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "no column for sub-category \"positive_experience\""));
	test_tmpdir_remove(dir);
}

typedef struct trained {
	coll_themes_coded_set set;
	coll_themes_example *ex;
	coll_themes_model *m;
	coll_themes_report rep;
} trained;

static void train_file(const char *rel, uint64_t seed, trained *t)
{
	fb_err err = {0};
	coll_themes_train_opts o;
	memset(t, 0, sizeof *t);
	coll_themes_train_opts_default(&o);
	o.seed = seed;
	if (coll_themes_csv_read(&fw, test_src_path(rel), &t->set, &err))
		fail_msg("%s", err.msg);
	t->ex = calloc(t->set.n, sizeof *t->ex);
	assert_non_null(t->ex);
	for (size_t i = 0; i < t->set.n; i++)
		t->ex[i] = (coll_themes_example){t->set.v[i].text, t->set.v[i].question,
						 t->set.v[i].labels, t->set.v[i].sentiment};
	if (coll_themes_train(&fw, t->ex, t->set.n, &o, &t->m, &t->rep, &err))
		fail_msg("%s", err.msg);
}

static void trained_free(trained *t)
{
	coll_themes_model_free(t->m);
	coll_themes_coded_set_free(&t->set);
	free(t->ex);
}

static void test_model_should_score_well_above_one_learnt_from_shuffled_labels(void **state)
{
	trained real, shuffled;
	train_file("tests/data/themes/coded.csv", 15, &real);
	train_file("tests/data/themes/coded-shuffled.csv", 15, &shuffled);
	coll_themes_report_print(stdout, &fw, &real.rep, "cross-validated, coded.csv");
	coll_themes_report_print(stdout, &fw, &shuffled.rep, "cross-validated, coded-shuffled.csv");
	assert_true(real.rep.n_learnt >= 25);
	assert_true(real.rep.micro_f1 > 0.6);
	assert_true(real.rep.macro_f1 > 0.5);
	assert_true(shuffled.rep.micro_f1 < real.rep.micro_f1 / 2);
	assert_true(real.rep.sentiment_exact > shuffled.rep.sentiment_exact + 0.15);
	/* recall was what the thresholds were chosen for */
	assert_true(real.rep.micro_recall >= 0.75);
	trained_free(&real);
	trained_free(&shuffled);
}

static void test_theme_with_too_little_coding_should_say_how_many_more_are_needed(void **state)
{
	trained t;
	train_file("tests/data/themes/coded.csv", 15, &t);
	int pain = coll_themes_category_find(&fw, "pain");
	assert_int_equal(t.rep.cats[pain].positives, 17);
	assert_false(t.rep.cats[pain].learnt);
	assert_int_equal(t.rep.cats[pain].needed, 3);
	coll_themes_suggestion s;
	assert_int_equal(coll_themes_suggest(t.m, "my pain was not managed, I needed painkillers",
					     COLL_THEMES_Q_BETTER, &s), 0);
	assert_int_equal(s.on[pain], 0);   /* never guessed */
	trained_free(&t);
}

static void test_same_seed_should_give_the_same_model_and_it_should_survive_its_text_form(void **state)
{
	trained a, b;
	char *ta = NULL, *tb = NULL, *tc = NULL;
	size_t na, nb, nc;
	fb_err err;
	coll_themes_model *back = NULL;
	train_file("tests/data/themes/coded.csv", 15, &a);
	train_file("tests/data/themes/coded.csv", 15, &b);
	assert_int_equal(coll_themes_model_save(a.m, &ta, &na, &err), 0);
	assert_int_equal(coll_themes_model_save(b.m, &tb, &nb, &err), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(ta, tb, na);
	assert_true(a.rep.micro_f1 == b.rep.micro_f1);
	assert_int_equal(coll_themes_model_load(&fw, ta, na, &back, &err), 0);
	assert_int_equal(coll_themes_model_save(back, &tc, &nc, &err), 0);
	assert_int_equal(nc, na);
	assert_memory_equal(tc, ta, na);
	/* a damaged text is refused, saying so */
	ta[na / 2] = '\0';
	coll_themes_model_free(back);
	back = NULL;
	assert_int_equal(coll_themes_model_load(&fw, ta, na / 2, &back, &err), FB_ERR_CORRUPT);
	assert_non_null(strstr(err.msg, "train again"));
	free(ta);
	free(tb);
	free(tc);
	trained_free(&a);
	trained_free(&b);
}

static void test_feeling_unsafe_should_flag_for_safeguarding_and_feeling_safe_should_not(void **state)
{
	trained t;
	coll_themes_suggestion s;
	int safe;
	train_file("tests/data/themes/coded.csv", 15, &t);
	safe = coll_themes_category_find(&fw, "feeling_safe");
	assert_int_equal(coll_themes_suggest(t.m, "I did not feel safe at night, another patient"
					     " threatened me", COLL_THEMES_Q_BETTER, &s), 0);
	assert_int_equal(s.on[safe], 1);
	assert_true(s.sentiment >= 4);
	assert_true(s.safeguarding);
	assert_int_equal(coll_themes_suggest(t.m, "I felt safe on the ward, thank you", COLL_THEMES_Q_GOOD,
					     &s), 0);
	assert_true(s.sentiment <= 2);
	assert_false(s.safeguarding);
	trained_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_features_should_be_the_same_whatever_the_case_or_unicode_form),
		cmocka_unit_test(test_question_answered_should_be_a_feature),
		cmocka_unit_test(test_urdu_and_punjabi_should_give_character_n_grams),
		cmocka_unit_test(test_import_file_with_a_bad_row_should_be_refused_whole_naming_its_lines),
		cmocka_unit_test(test_model_should_score_well_above_one_learnt_from_shuffled_labels),
		cmocka_unit_test(test_theme_with_too_little_coding_should_say_how_many_more_are_needed),
		cmocka_unit_test(test_same_seed_should_give_the_same_model_and_it_should_survive_its_text_form),
		cmocka_unit_test(test_feeling_unsafe_should_flag_for_safeguarding_and_feeling_safe_should_not),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
