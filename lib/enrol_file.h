/* enrol_file: enrolling a tablet with a one-time code, the device's side of
 * it on disk: the request the staff screen writes for feedback-syncd
 * (<data_dir>/enrol-request, the code as typed, mode 0600) and the result
 * feedback-syncd writes back for the staff screen (<data_dir>/enrol-result).
 * Owns: both files' names and forms, and writing them whole (temp file,
 * fsync, rename) so a reader never sees half of one.
 * Promises: the request is written 0600 and removed once used; the result
 * holds no code and no token (the locations' names, or the collector's
 * reason, in words). */
#ifndef FB_ENROL_FILE_H
#define FB_ENROL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"

/* The code: FB_ENROL_CODE_LEN characters of this alphabet (no 0, O, 1 or
 * I: 32 letters and digits, 5 bits each, 40 bits), shown "ABCD-EFGH". The
 * collector makes it (collector/enrol.h), the staff screen types it. */
#define FB_ENROL_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#define FB_ENROL_CODE_LEN 8

#define FB_ENROL_REQUEST_FILE "enrol-request"
#define FB_ENROL_RESULT_FILE "enrol-result"
#define FB_ENROL_CODE_MAX 16        /* "ABCD-EFGH" as typed, and its NUL */
#define FB_ENROL_WORDS_MAX 512

/* The staff screen: asks feedback-syncd to enrol with code (written 0600,
 * replacing any earlier request; any earlier result is removed). */
int fb_enrol_request_write(const char *data_dir, const char *code, fb_err *err);
/* feedback-syncd: the waiting request's code; FB_ERR_NOTFOUND when none. */
int fb_enrol_request_read(const char *data_dir, char code[FB_ENROL_CODE_MAX], fb_err *err);
/* Removes the request (after it was used, whatever the answer). */
void fb_enrol_request_remove(const char *data_dir);
/* Whether a request is waiting (the staff screen: "enrolling..."). */
bool fb_enrol_request_waiting(const char *data_dir);

typedef struct fb_enrol_result {
	bool enrolled;                  /* true: a token was written */
	int64_t at_ms;                  /* wall clock when written */
	char words[FB_ENROL_WORDS_MAX]; /* enrolled: the locations' names
	                                 * ("Oak Ward"); else why not */
} fb_enrol_result;

int fb_enrol_result_write(const char *data_dir, const fb_enrol_result *r, fb_err *err);
/* FB_ERR_NOTFOUND when there is none yet. */
int fb_enrol_result_read(const char *data_dir, fb_enrol_result *r, fb_err *err);

#endif
