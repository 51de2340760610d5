/* Assertions about text that cmocka lacks, shared by the unit tests.
 * Header-only (static inline); include it after <cmocka.h>. */
#ifndef FB_TESTS_ASSERT_TEXT_H
#define FB_TESTS_ASSERT_TEXT_H

#include <string.h>

/* Fails the test, showing both, unless needle occurs in hay: for messages
 * whose exact wording may change but whose point (a name, a fix) may not. */
static inline void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		print_error("expected \"%s\" in \"%s\"\n", needle, hay);
		fail();
	}
}

#endif
