/* html: the page writer escapes by default. Every %s of coll_html_printf,
 * and coll_html_text and coll_html_attr, turn & < > " ' into entities; numbers
 * come out as printf writes them; raw markup is a string literal; a page past
 * its cap fails whole and holds nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/web/html.h"

/* The page so far, as a string the test owns (freed by the caller). */
static char *page_text(coll_html *h)
{
	size_t len = 0;
	char *s = coll_html_take(h, &len);
	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	return s;
}

static void test_printf_should_escape_every_string_in_text_and_attributes(void **state)
{
	coll_html h;
	coll_html_init(&h, 0);
	coll_html_printf(&h, "<a title=\"%s\">%s</a>", "5\" & 'six'", "<script>alert(1)</script>");
	char *s = page_text(&h);
	assert_string_equal(s, "<a title=\"5&quot; &amp; &#39;six&#39;\">"
			       "&lt;script&gt;alert(1)&lt;/script&gt;</a>");
	free(s);
	coll_html_free(&h);
}

static void test_printf_should_write_numbers_as_printf_does(void **state)
{
	coll_html h;
	char want[256];
	coll_html_init(&h, 0);
	coll_html_printf(&h, "%d|%5.1f|%.0f%%|%lld|%zu|%u|%x|%ld|%c", -42, 3.14159, 99.6,
			 (long long)-9000000000LL, (size_t)7, 8u, 255u, 12345678L, '<');
	snprintf(want, sizeof want, "%d|%5.1f|%.0f%%|%lld|%zu|%u|%x|%ld|&lt;", -42, 3.14159, 99.6,
		 (long long)-9000000000LL, (size_t)7, 8u, 255u, 12345678L);
	char *s = page_text(&h);
	assert_string_equal(s, want);
	free(s);
	coll_html_free(&h);
}

static void test_printf_should_print_nothing_for_null_and_stop_at_a_precision(void **state)
{
	coll_html h;
	const char *volatile none = NULL;   /* volatile: the compiler must not see the NULL */
	coll_html_init(&h, 0);
	coll_html_printf(&h, "[%s][%.*s][%.2s]", none, 3, "a<bcdef", "&&&");
	char *s = page_text(&h);
	assert_string_equal(s, "[][a&lt;b][&amp;&amp;]");
	free(s);
	coll_html_free(&h);
}

static void test_text_and_attr_should_escape_all_five_characters_and_raw_should_not(void **state)
{
	coll_html h;
	coll_html_init(&h, 0);
	coll_html_raw(&h, "<p>");
	coll_html_text(&h, "a&b<c>d\"e'f");
	coll_html_raw(&h, "</p><input value=\"");
	coll_html_attr(&h, "\"><script>");
	coll_html_raw(&h, "\">");
	coll_html_textn(&h, "<<<<", 2);
	coll_html_text(&h, NULL);
	char *s = page_text(&h);
	assert_string_equal(s, "<p>a&amp;b&lt;c&gt;d&quot;e&#39;f</p><input value=\"&quot;&gt;"
			       "&lt;script&gt;\">&lt;&lt;");
	free(s);
	coll_html_free(&h);
}

static void test_url_should_percent_encode_all_but_the_unreserved(void **state)
{
	coll_html h;
	coll_html_init(&h, 0);
	coll_html_url(&h, "Ward 1/A&B?~x_y.z-");
	char *s = page_text(&h);
	assert_string_equal(s, "Ward%201%2FA%26B%3F~x_y.z-");
	free(s);
	coll_html_free(&h);
}

static void test_a_page_past_its_cap_should_fail_and_hold_nothing(void **state)
{
	coll_html h;
	size_t len = 99;
	coll_html_init(&h, 16);
	coll_html_raw(&h, "0123456789");
	assert_false(coll_html_failed(&h));
	coll_html_printf(&h, "%s", "abcdef");   /* 16 with the NUL: one too many */
	assert_true(coll_html_failed(&h));
	coll_html_raw(&h, "x");                  /* later writes change nothing */
	assert_true(coll_html_failed(&h));
	assert_null(coll_html_take(&h, &len));
	coll_html_free(&h);
	assert_false(coll_html_failed(&h));      /* free leaves it usable */
	coll_html_raw(&h, "ok");
	char *s = page_text(&h);
	assert_string_equal(s, "ok");
	free(s);
	coll_html_free(&h);
}

static void test_adding_a_failed_part_should_fail_the_page(void **state)
{
	coll_html page, part, small;
	coll_html_init(&page, 0);
	coll_html_init(&part, 0);
	coll_html_init(&small, 4);
	coll_html_raw(&page, "<table>");
	coll_html_printf(&part, "<tr><td>%s</td></tr>", "A&E");
	coll_html_add_html(&page, &part);
	assert_false(coll_html_failed(&page));
	coll_html_raw(&small, "too long");
	assert_true(coll_html_failed(&small));
	coll_html_add_html(&page, &small);
	assert_true(coll_html_failed(&page));
	coll_html_free(&small);
	coll_html_free(&page);
	coll_html_init(&page, 0);
	coll_html_add_html(&page, &part);
	char *s = page_text(&page);
	assert_string_equal(s, "<tr><td>A&amp;E</td></tr>");
	free(s);
	coll_html_free(&part);
	coll_html_free(&page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_should_escape_every_string_in_text_and_attributes),
		cmocka_unit_test(test_printf_should_write_numbers_as_printf_does),
		cmocka_unit_test(test_printf_should_print_nothing_for_null_and_stop_at_a_precision),
		cmocka_unit_test(test_text_and_attr_should_escape_all_five_characters_and_raw_should_not),
		cmocka_unit_test(test_url_should_percent_encode_all_but_the_unreserved),
		cmocka_unit_test(test_a_page_past_its_cap_should_fail_and_hold_nothing),
		cmocka_unit_test(test_adding_a_failed_part_should_fail_the_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
