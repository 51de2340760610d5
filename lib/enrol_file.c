/* enrol_file.c: the enrolment request and result files (enrol_file.h). */
#include "enrol_file.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

static int path_of(const char *data_dir, const char *name, char *out, size_t size, fb_err *err)
{
	if ((size_t)snprintf(out, size, "%s/%s", data_dir, name) >= size)
		return fb_err_set(err, FB_ERR_INVALID, "data_dir '%s' is too long", data_dir);
	return 0;
}

int fb_enrol_request_write(const char *data_dir, const char *code, fb_err *err)
{
	char path[4096], line[FB_ENROL_CODE_MAX + 2];
	size_t n = code ? strlen(code) : 0;
	int rc = path_of(data_dir, FB_ENROL_REQUEST_FILE, path, sizeof path, err);
	if (rc)
		return rc;
	if (n == 0 || n >= FB_ENROL_CODE_MAX || strpbrk(code, "\r\n"))
		return fb_err_set(err, FB_ERR_INVALID, "an enrolment code is 1 to %d characters on one"
				  " line", FB_ENROL_CODE_MAX - 1);
	snprintf(line, sizeof line, "%s\n", code);
	rc = fb_write_secret_atomic(path, line, strlen(line), err);
	sodium_memzero(line, sizeof line);
	if (rc == 0 && path_of(data_dir, FB_ENROL_RESULT_FILE, path, sizeof path, err) == 0)
		unlink(path);
	return rc;
}

int fb_enrol_request_read(const char *data_dir, char code[FB_ENROL_CODE_MAX], fb_err *err)
{
	char path[4096], buf[FB_ENROL_CODE_MAX + 2];
	size_t len = 0;
	code[0] = '\0';
	int rc = path_of(data_dir, FB_ENROL_REQUEST_FILE, path, sizeof path, err);
	if (rc == 0)
		rc = fb_read_small_file(path, true, "enrolment request", NULL, buf, sizeof buf, &len,
					err);
	if (rc == 0) {
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (len == 0 || len >= FB_ENROL_CODE_MAX)
			rc = fb_err_set(err, FB_ERR_INVALID, "the enrolment request '%s' is not one code",
					path);
		else
			memcpy(code, buf, len + 1);
	}
	sodium_memzero(buf, sizeof buf);
	return rc;
}

void fb_enrol_request_remove(const char *data_dir)
{
	char path[4096];
	fb_err err;
	if (path_of(data_dir, FB_ENROL_REQUEST_FILE, path, sizeof path, &err) == 0)
		unlink(path);
}

bool fb_enrol_request_waiting(const char *data_dir)
{
	char path[4096];
	fb_err err;
	return path_of(data_dir, FB_ENROL_REQUEST_FILE, path, sizeof path, &err) == 0 &&
	       access(path, F_OK) == 0;
}

/* The result's form: "enrolled" or "refused", the wall ms, the words: one
 * line each. */
int fb_enrol_result_write(const char *data_dir, const fb_enrol_result *r, fb_err *err)
{
	char path[4096], text[FB_ENROL_WORDS_MAX + 64], words[FB_ENROL_WORDS_MAX];
	int rc = path_of(data_dir, FB_ENROL_RESULT_FILE, path, sizeof path, err);
	if (rc)
		return rc;
	snprintf(words, sizeof words, "%s", r->words);
	for (char *p = words; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	int n = snprintf(text, sizeof text, "%s\n%" PRId64 "\n%s\n",
			 r->enrolled ? "enrolled" : "refused", r->at_ms, words);
	return fb_write_file_atomic(path, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1,
				    err);
}

int fb_enrol_result_read(const char *data_dir, fb_enrol_result *r, fb_err *err)
{
	char path[4096], *text = NULL, *p, *e;
	size_t len = 0;
	memset(r, 0, sizeof *r);
	int rc = path_of(data_dir, FB_ENROL_RESULT_FILE, path, sizeof path, err);
	if (rc == 0)
		rc = fb_read_text_file(path, FB_ENROL_WORDS_MAX + 64, "enrolment result", NULL, &text,
				       &len, err);
	if (rc)
		return rc;
	p = text;
	e = strchr(p, '\n');
	if (!e) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the enrolment result '%s' is damaged", path);
		goto out;
	}
	*e = '\0';
	r->enrolled = strcmp(p, "enrolled") == 0;
	p = e + 1;
	r->at_ms = strtoll(p, &e, 10);
	if (*e == '\n')
		e++;
	p = e;
	e = strchr(p, '\n');
	if (e)
		*e = '\0';
	snprintf(r->words, sizeof r->words, "%s", p);
out:
	free(text);
	return rc;
}
