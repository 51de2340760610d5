/* Where the unit tests find the files the project ships (config/,
 * assets/): below $FB_SRC, which tests/run.sh sets, else below the working
 * directory. Header-only (static inline). */
#ifndef FB_TESTS_SRC_PATH_H
#define FB_TESTS_SRC_PATH_H

#include <stdio.h>
#include <stdlib.h>

/* The path of rel in the source tree, in one of four static buffers that
 * take turns, so that a test may hold up to four at once. */
static inline const char *test_src_path(const char *rel)
{
	static char buf[4][1024];
	static int next;
	const char *src = getenv("FB_SRC");
	char *out = buf[next++ % 4];

	snprintf(out, sizeof buf[0], "%s/%s", src ? src : ".", rel);
	return out;
}

#endif
