/* gunzip: inflating a gzip'd request body or bundle (zlib) under a cap.
 * Owns: nothing beyond the output buffer it returns. Promises: never
 * allocates more than cap + 1 bytes of output, whatever the input claims
 * (a "zip bomb" stops at the cap). */
#ifndef COLL_GUNZIP_H
#define COLL_GUNZIP_H

#include <stddef.h>

#include "fb_err.h"

/* *out is malloc'd and NUL-terminated (free it). FB_ERR_FULL when the
 * inflated size would exceed cap; FB_ERR_INVALID when in is not gzip. */
int gunzip_capped(const void *in, size_t len, size_t cap, char **out,
		  size_t *out_len, fb_err *err);

/* Reads a whole file (at most cap bytes, FB_ERR_FULL above) and inflates it
 * when it starts with the gzip magic; otherwise returns it as it is. */
int gunzip_read_file(const char *path, size_t cap, char **out, size_t *out_len,
		     fb_err *err);

#endif
