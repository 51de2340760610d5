/* gz: see gz.h. */
#include "gz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int fb_gzip(const void *in, size_t in_len, void **out, size_t *out_len,
	    fb_err *err)
{
	z_stream zs;
	unsigned char *buf = NULL;
	size_t cap;
	int rc = 0, zrc;

	memset(&zs, 0, sizeof zs);
	*out = NULL;
	*out_len = 0;
	if (in_len > (size_t)UINT32_MAX / 2)
		return fb_err_set(err, FB_ERR_INVALID, "request body of %zu bytes is too large to compress", in_len);
	/* windowBits 15 + 16: a gzip wrapper. Level 6: zlib's default balance. */
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return fb_err_set(err, FB_ERR_NOMEM, "unable to start gzip: out of memory");
	cap = deflateBound(&zs, (uLong)in_len);
	buf = malloc(cap);
	if (!buf) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory compressing %zu bytes", in_len);
		goto out;
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)in_len;
	zs.next_out = buf;
	zs.avail_out = (uInt)cap;
	zrc = deflate(&zs, Z_FINISH);
	if (zrc != Z_STREAM_END) {
		rc = fb_err_set(err, FB_ERR_IO, "gzip failed (zlib error %d)", zrc);
		goto out;
	}
	*out = buf;
	*out_len = zs.total_out;
	buf = NULL;
out:
	deflateEnd(&zs);
	free(buf);
	return rc;
}

int fb_gunzip(const void *in, size_t in_len, size_t max_out, void **out,
	      size_t *out_len, fb_err *err)
{
	z_stream zs;
	unsigned char *buf = NULL, *nb;
	size_t cap = 64 * 1024;
	int rc = 0, zrc = Z_OK;

	memset(&zs, 0, sizeof zs);
	*out = NULL;
	*out_len = 0;
	/* windowBits 15 + 32: gzip or zlib, detected from the header. */
	if (inflateInit2(&zs, 15 + 32) != Z_OK)
		return fb_err_set(err, FB_ERR_NOMEM, "unable to start gunzip: out of memory");
	buf = malloc(cap + 1);
	if (!buf) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory decompressing");
		goto out;
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)in_len;
	while (zrc != Z_STREAM_END) {
		if (zs.total_out == cap) {
			if (cap >= max_out) {
				rc = fb_err_set(err, FB_ERR_INVALID, "gzip body expands beyond %zu bytes", max_out);
				goto out;
			}
			cap = cap * 2 > max_out ? max_out : cap * 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory decompressing");
				goto out;
			}
			buf = nb;
		}
		zs.next_out = buf + zs.total_out;
		zs.avail_out = (uInt)(cap - zs.total_out);
		zrc = inflate(&zs, Z_NO_FLUSH);
		if (zrc != Z_OK && zrc != Z_STREAM_END) {
			rc = fb_err_set(err, FB_ERR_INVALID, "body is not valid gzip (zlib error %d)", zrc);
			goto out;
		}
		if (zrc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
			rc = fb_err_set(err, FB_ERR_INVALID, "gzip body is truncated");
			goto out;
		}
	}
	buf[zs.total_out] = '\0';
	*out = buf;
	*out_len = zs.total_out;
	buf = NULL;
out:
	inflateEnd(&zs);
	free(buf);
	return rc;
}
