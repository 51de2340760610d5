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

/* A cmocka teardown for a fixture that is one calloc'd struct whose first
 * member is its directory (char dir[...]): removes the directory, then
 * frees the struct. C lets the struct's address stand for its first
 * member's, so one teardown serves every such fixture. */
static inline int test_tmpdir_teardown(void **state)
{
	const char *dir = *state;

	test_tmpdir_remove(dir);
	free(*state);
	return 0;
}

/* The fixture of a test about one file: a fresh directory, and the path of
 * a file in it that the test may write. */
typedef struct test_file_fixture {
	char dir[64];
	char path[128];
} test_file_fixture;

/* A cmocka setup's body: makes the fixture with /tmp/fb-test-<name>.XXXXXX
 * and path <dir>/<file>. Returns 0, or -1 when it could not. */
static inline int test_file_fixture_new(void **state, const char *name, const char *file)
{
	test_file_fixture *f = calloc(1, sizeof *f);

	if (!f || test_tmpdir_make(f->dir, sizeof f->dir, name) != 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, file);
	*state = f;
	return 0;
}

#endif
