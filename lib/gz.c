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

int fb_gunzip(const void *in, size_t in_len, size_t cap, char **out,
	      size_t *out_len, fb_err *err)
{
	z_stream zs;
	int rc = 0, zrc;
	/* A first guess at the inflated size, never above cap + 1: one byte
	 * past the cap is how a stream that is too large shows itself. */
	size_t size;
	char *buf = NULL;

	*out = NULL;
	*out_len = 0;
	memset(&zs, 0, sizeof zs);
	if (in_len > UINT32_MAX)
		return fb_err_set(err, FB_ERR_FULL, "gzip data of %zu bytes is too large to inflate", in_len);
	size = in_len * 4 + 1024;
	if (size > cap + 1)
		size = cap + 1;
	buf = malloc(size + 1);
	if (!buf)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory inflating gzip data");
	/* windowBits 15 + 16: gzip only, never a bare zlib stream. */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory inflating gzip data");
	}
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)in_len;
	for (;;) {
		if (zs.total_out >= size) {
			if (size > cap) {
				rc = fb_err_set(err, FB_ERR_FULL,
						"gzip data is larger than %zu bytes once inflated", cap);
				goto out;
			}
			size_t bigger = size * 2 > cap + 1 ? cap + 1 : size * 2;
			char *nb = realloc(buf, bigger + 1);
			if (!nb) {
				rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory inflating gzip data");
				goto out;
			}
			buf = nb;
			size = bigger;
		}
		zs.next_out = (Bytef *)buf + zs.total_out;
		zs.avail_out = (uInt)(size - zs.total_out);
		zrc = inflate(&zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_BUF_ERROR && zs.avail_in == 0) {
			rc = fb_err_set(err, FB_ERR_INVALID, "gzip data is cut short");
			goto out;
		}
		if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			rc = fb_err_set(err, FB_ERR_INVALID, "not valid gzip: %s",
					zs.msg ? zs.msg : "bad data");
			goto out;
		}
	}
	if (zs.total_out > cap) {
		rc = fb_err_set(err, FB_ERR_FULL, "gzip data is larger than %zu bytes once inflated", cap);
		goto out;
	}
	buf[zs.total_out] = '\0';
	*out_len = zs.total_out;
	*out = buf;
	buf = NULL;
out:
	inflateEnd(&zs);
	free(buf);
	return rc;
}
