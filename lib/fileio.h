/* fileio: reading a whole small file (config, survey, script, receipt,
 * bundle) into memory, under a cap.
 * Owns: nothing beyond the buffer it returns (malloc'd: free(3) it).
 * Promises: never allocates more than cap + 1 bytes for a file, or for what
 * it inflates to; the buffer is NUL-terminated (the NUL not counted in
 * *out_len); messages name the file. Reads, and one writer:
 * fb_write_file_atomic, after which a reader sees the old file or the new
 * one, never half of either. */
#ifndef FB_FILEIO_H
#define FB_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "fb_err.h"

/* Reads all of path into *out. what names the file in messages ("survey",
 * "replay script"; NULL: the path alone); hint follows the message when the
 * file cannot be opened ("check survey_file in [kiosk]"; NULL: none).
 * FB_ERR_NOTFOUND when there is no such file, FB_ERR_IO when it cannot be
 * opened or read, FB_ERR_INVALID when it is larger than cap bytes. */
int fb_read_file(const char *path, size_t cap, const char *what,
		 const char *hint, char **out, size_t *out_len, fb_err *err);

/* fb_read_file for a text file: FB_ERR_INVALID when it holds a NUL byte, so
 * the buffer can be used as one C string. */
int fb_read_text_file(const char *path, size_t cap, const char *what,
		      const char *hint, char **out, size_t *out_len,
		      fb_err *err);

/* fb_read_file, then, when the file starts with the gzip magic (1f 8b),
 * fb_gunzip under the same cap: FB_ERR_FULL when it inflates to more than
 * cap bytes, FB_ERR_INVALID when it is not valid gzip. Otherwise the file
 * as it is. */
int fb_read_file_maybe_gzip(const char *path, size_t cap, const char *what,
			    const char *hint, char **out, size_t *out_len,
			    fb_err *err);

/* Reads a small file (a key, a token) into the caller's buf (size bytes,
 * NUL-terminated; *out_len without the NUL) without touching the heap, so
 * secrets stay where the caller can wipe them. It must be a regular file;
 * when owner_only, one others or the group could read is refused with the
 * chmod to run. what and hint as for fb_read_file. FB_ERR_INVALID when the
 * file does not fit in size - 1 bytes. */
int fb_read_small_file(const char *path, bool owner_only, const char *what,
		       const char *hint, char *buf, size_t size,
		       size_t *out_len, fb_err *err);

/* Replaces path with len bytes of data, mode 0644: a temp file beside it
 * (path.tmp), fsync, rename, fsync of the directory. On failure path is
 * untouched and the temp file removed; FB_ERR_FULL when the disk is full. */
int fb_write_file_atomic(const char *path, const void *data, size_t len,
			 fb_err *err);
/* The same for a secret (a token, an enrolment code): mode 0600, the temp
 * file made afresh (O_EXCL). */
int fb_write_secret_atomic(const char *path, const void *data, size_t len, fb_err *err);

#endif
