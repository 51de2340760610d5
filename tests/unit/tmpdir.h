/* A fresh directory under /tmp for one unit test, and its removal with
 * everything the code under test left in it (queue.db-wal, *.tmp, ...).
 * Header-only: each test binary is one .c file, so the helpers are
 * static inline and a test includes only what it uses. */
#ifndef FB_TESTS_TMPDIR_H
#define FB_TESTS_TMPDIR_H

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Makes /tmp/fb-test-<name>.XXXXXX and writes its path into dir (n bytes).
 * Returns 0, or -1 when it could not be made. */
static inline int test_tmpdir_make(char *dir, size_t n, const char *name)
{
	int len = snprintf(dir, n, "/tmp/fb-test-%s.XXXXXX", name);

	if (len < 0 || (size_t)len >= n)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

static inline int test_tmpdir_remove_one(const char *path, const struct stat *st,
					 int type, struct FTW *ftw)
{
	return remove(path);
}

/* Removes dir and all below it; a dir the test removed itself is fine.
 * Returns 0, or -1 when something stayed. */
static inline int test_tmpdir_remove(const char *dir)
{
	if (access(dir, F_OK) != 0 && errno == ENOENT)
		return 0;
	return nftw(dir, test_tmpdir_remove_one, 8, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

#endif
