/* gz: gzip in memory (zlib) for request bodies, and gunzip for the fake
 * transport and tests.
 * Promises: output is malloc'd (free(3) it) and capped: gunzip refuses to
 * produce more than max_out bytes. */
#ifndef FB_GZ_H
#define FB_GZ_H

#include <stddef.h>

#include "fb_err.h"

int fb_gzip(const void *in, size_t in_len, void **out, size_t *out_len,
	    fb_err *err);
/* Output is NUL-terminated (not counted in out_len). */
int fb_gunzip(const void *in, size_t in_len, size_t max_out, void **out,
	      size_t *out_len, fb_err *err);

#endif
