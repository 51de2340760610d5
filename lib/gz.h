/* gz: gzip in memory (zlib): compressing request bodies and bundles, and
 * inflating them under a cap.
 * Owns: nothing beyond the output buffer it returns (malloc'd: free(3) it).
 * Promises: fb_gunzip never produces more than cap bytes of output, whatever
 * the input claims (a zip bomb stops at the cap); nothing touches the disk. */
#ifndef FB_GZ_H
#define FB_GZ_H

#include <stddef.h>

#include "fb_err.h"

/* Compresses in into a gzip stream at *out (*out_len bytes). */
int fb_gzip(const void *in, size_t in_len, void **out, size_t *out_len,
	    fb_err *err);

/* Inflates the gzip stream in into *out, NUL-terminated (the NUL is not
 * counted in *out_len). FB_ERR_FULL when the inflated size would exceed cap;
 * FB_ERR_INVALID when in is not gzip, or is cut short. */
int fb_gunzip(const void *in, size_t in_len, size_t cap, char **out,
	      size_t *out_len, fb_err *err);

#endif
