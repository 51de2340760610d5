/* themes framework: the shipped NHS England framework loads as the groups and
 * sub-categories a Trust codes with, a Trust's own file adds to it, and a bad
 * file is refused with its name, the place and what to change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/themes/framework.h"
#include "src_path.h"
#include "tmpdir.h"

static coll_themes_framework fw;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_shipped_framework_should_list_the_ten_groups_and_thirty_two_sub_categories(void **state)
{
	fb_err err = {0};
	assert_int_equal(coll_themes_framework_load(test_src_path("config/themes/framework.json"), NULL,
						    &fw, &err), 0);
	assert_int_equal(fw.n_groups, 10);
	assert_int_equal(fw.n_cats, 32);
	int safe = coll_themes_category_find(&fw, "feeling_safe");
	assert_true(safe >= 0);
	assert_string_equal(fw.cats[safe].name, "Feeling safe");
	assert_int_equal(fw.cats[safe].flag, COLL_THEMES_FLAG_NEGATIVE);
	int mha = coll_themes_category_find(&fw, "mental_health_act");
	assert_string_equal(fw.groups[fw.cats[mha].group], "Mental Health specifics");
	assert_string_equal(fw.sentiment[0], "Very positive");
	assert_string_equal(fw.sentiment[4], "Very negative");
	assert_int_equal(coll_themes_question_of(&fw, "what_was_good"), COLL_THEMES_Q_GOOD);
	assert_int_equal(coll_themes_question_of(&fw, "do_better"), COLL_THEMES_Q_BETTER);
	assert_int_equal(coll_themes_question_of(&fw, "contact_details"), COLL_THEMES_Q_OTHER);
}

static void test_trust_extra_file_should_add_its_sub_categories_to_the_framework(void **state)
{
	fb_err err = {0};
	assert_int_equal(coll_themes_framework_load(test_src_path("config/themes/framework.json"),
						    test_src_path("config/themes/trust-extra.json.example"),
						    &fw, &err), 0);
	assert_int_equal(fw.n_cats, 34);
	assert_int_equal(fw.n_groups, 11);
	int sg = coll_themes_category_find(&fw, "safeguarding_concern");
	assert_true(sg >= 0);
	assert_true(fw.cats[sg].trust_own);
	assert_string_equal(fw.groups[fw.cats[sg].group], "General");
	assert_int_equal(fw.cats[sg].flag, COLL_THEMES_FLAG_ALWAYS);
}

static void expect_refused(const char *dir, const char *text, bool extra, const char *says)
{
	char path[512];
	fb_err err = {0};
	snprintf(path, sizeof path, "%s/bad.json", dir);
	write_file(path, text);
	int rc = extra ? coll_themes_framework_load(test_src_path("config/themes/framework.json"), path, &fw, &err)
		       : coll_themes_framework_load(path, NULL, &fw, &err);
	assert_int_equal(rc, FB_ERR_INVALID);
	if (!strstr(err.msg, says) || !strstr(err.msg, "bad.json"))
		fail_msg("message '%s' does not say '%s' and name the file", err.msg, says);
	assert_int_equal(fw.n_cats, 0);   /* refused whole */
}

static void test_bad_files_should_be_refused_naming_the_place_and_the_fix(void **state)
{
	char dir[256];
	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "themes-fw"), 0);
	const char *sent = "\"sentiment\":[{\"value\":1,\"name\":\"a\"},{\"value\":2,\"name\":\"b\"},"
			   "{\"value\":3,\"name\":\"c\"},{\"value\":4,\"name\":\"d\"},{\"value\":5,\"name\":\"e\"}],";
	char text[2048];
	expect_refused(dir, "{\"groups\": [", false, "bad.json:1");
	snprintf(text, sizeof text, "{%s\"groups\":[{\"name\":\"G\",\"categories\":[{\"code\":\"Bad Code\","
		 "\"name\":\"n\",\"description\":\"d\"}]}]}", sent);
	expect_refused(dir, text, false, "groups[0].categories[0]: code \"Bad Code\" may hold only");
	snprintf(text, sizeof text, "{%s\"groups\":[{\"name\":\"G\",\"categories\":[{\"code\":\"a\","
		 "\"name\":\"n\",\"description\":\"d\"},{\"code\":\"a\",\"name\":\"m\",\"description\":\"d\"}]}]}", sent);
	expect_refused(dir, text, false, "code \"a\" is used twice");
	snprintf(text, sizeof text, "{%s\"groups\":[{\"name\":\"G\",\"categories\":[{\"code\":\"a\","
		 "\"name\":\"n\"}]}]}", sent);
	expect_refused(dir, text, false, "needs \"description\"");
	expect_refused(dir, "{\"groups\":[{\"name\":\"G\",\"categories\":[{\"code\":\"a\",\"name\":\"n\","
		       "\"description\":\"d\"}]}]}", false, "\"sentiment\" must list 5");
	/* a Trust may add, not reuse a framework code or change the sentiment */
	expect_refused(dir, "{\"groups\":[{\"name\":\"Staff\",\"categories\":[{\"code\":\"staff_manner\","
		       "\"name\":\"n\",\"description\":\"d\"}]}]}", true, "code \"staff_manner\" is used twice");
	expect_refused(dir, "{\"sentiment\":[],\"groups\":[]}", true, "adds groups and sub-categories only");
	test_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_framework_should_list_the_ten_groups_and_thirty_two_sub_categories),
		cmocka_unit_test(test_trust_extra_file_should_add_its_sub_categories_to_the_framework),
		cmocka_unit_test(test_bad_files_should_be_refused_naming_the_place_and_the_fix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
