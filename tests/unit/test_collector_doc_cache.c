/* doc_cache: an export parses each distinct answers text once, and gets
 * what parsing it gives, whatever the texts and however many. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/doc_cache.h"

static void test_a_repeated_text_should_be_parsed_once_and_give_the_same_answers(void **state)
{
	coll_doc_cache *c = coll_doc_cache_new();
	assert_non_null(c);
	json_t *a = coll_doc_cache_object(c, "{\"staff_kind\":4,\"who\":\"carer\"}");
	json_t *b = coll_doc_cache_object(c, "{\"staff_kind\":4,\"who\":\"carer\"}");
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_int_equal(coll_doc_cache_hits(c), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "staff_kind")), 4);
	json_t *d = coll_doc_cache_object(c, "{\"staff_kind\":5,\"who\":\"carer\"}");
	assert_ptr_not_equal(a, d);
	assert_int_equal(json_integer_value(json_object_get(d, "staff_kind")), 5);
	json_decref(a);
	json_decref(b);
	json_decref(d);
	coll_doc_cache_free(c);
}

static void test_no_text_or_what_is_no_object_should_give_null_as_parsing_would(void **state)
{
	coll_doc_cache *c = coll_doc_cache_new();
	assert_null(coll_doc_cache_object(c, NULL));
	assert_null(coll_doc_cache_object(c, ""));
	assert_null(coll_doc_cache_object(c, "[1,2]"));
	assert_null(coll_doc_cache_object(c, "[1,2]"));      /* cached as "no object" too */
	assert_null(coll_doc_cache_object(c, "{\"a\":"));
	assert_null(coll_doc_cache_object(c, "7"));
	coll_doc_cache_free(c);
}

/* Many more distinct texts than slots, each checked against its own value,
 * and a text past DOC_CACHE_TEXT_MAX parsed whole and not kept. Run under
 * the sanitizers, this is also the check that nothing leaks or is freed
 * while still in use. */
static void test_many_texts_should_each_give_their_own_object_and_long_ones_parse_whole(void **state)
{
	coll_doc_cache *c = coll_doc_cache_new();
	char text[64];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 5 * DOC_CACHE_SLOTS; i++) {
			snprintf(text, sizeof text, "{\"n\":%d}", i);
			json_t *o = coll_doc_cache_object(c, text);
			assert_non_null(o);
			assert_int_equal(json_integer_value(json_object_get(o, "n")), i);
			json_decref(o);
		}
	}
	size_t n = DOC_CACHE_TEXT_MAX + 100;
	char *big = malloc(n + 16);
	assert_non_null(big);
	memcpy(big, "{\"t\":\"", 6);
	memset(big + 6, 'x', n - 6);
	strcpy(big + n, "\"}");
	uint64_t hits = coll_doc_cache_hits(c);
	for (int i = 0; i < 2; i++) {
		json_t *o = coll_doc_cache_object(c, big);
		assert_non_null(o);
		assert_int_equal(strlen(json_string_value(json_object_get(o, "t"))), n - 6);
		json_decref(o);
	}
	assert_int_equal(coll_doc_cache_hits(c), hits);     /* not kept, so never a hit */
	free(big);
	coll_doc_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_repeated_text_should_be_parsed_once_and_give_the_same_answers),
		cmocka_unit_test(test_no_text_or_what_is_no_object_should_give_null_as_parsing_would),
		cmocka_unit_test(test_many_texts_should_each_give_their_own_object_and_long_ones_parse_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
