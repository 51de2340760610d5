#include "gunzip.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int gunzip_capped(const void *in, size_t len, size_t cap, char **out,
		  size_t *out_len, fb_err *err)
{
	z_stream zs;
	int rc = 0, zrc;
	size_t size = len * 4 + 1024;
	char *buf = NULL;

	*out = NULL;
	*out_len = 0;
	memset(&zs, 0, sizeof zs);
	if (size > cap + 1)
		size = cap + 1;
	buf = malloc(size + 1);
	if (!buf)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory inflating a body");
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory inflating a body");
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	for (;;) {
		if (zs.total_out >= size) {
			if (size > cap) {
				rc = fb_err_set(err, FB_ERR_FULL,
						"body is larger than %zu bytes once inflated", cap);
				goto out;
			}
			size_t bigger = size * 2 > cap + 1 ? cap + 1 : size * 2;
			char *nb = realloc(buf, bigger + 1);
			if (!nb) {
				rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory inflating a body");
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
			rc = fb_err_set(err, FB_ERR_INVALID, "gzip body is cut short");
			goto out;
		}
		if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			rc = fb_err_set(err, FB_ERR_INVALID, "body is not valid gzip: %s",
					zs.msg ? zs.msg : "bad data");
			goto out;
		}
	}
	if (zs.total_out > cap) {
		rc = fb_err_set(err, FB_ERR_FULL, "body is larger than %zu bytes once inflated", cap);
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

int gunzip_read_file(const char *path, size_t cap, char **out, size_t *out_len,
		     fb_err *err)
{
	int rc = 0;
	char *raw = NULL;
	size_t n = 0;
	FILE *f = fopen(path, "rb");
	*out = NULL;
	*out_len = 0;
	if (!f)
		return fb_err_set(err, FB_ERR_IO, "unable to open '%s': %s", path, strerror(errno));
	raw = malloc(cap + 1);
	if (!raw) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
		goto out;
	}
	n = fread(raw, 1, cap + 1, f);
	if (ferror(f)) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (n > cap) {
		rc = fb_err_set(err, FB_ERR_FULL, "'%s' is larger than %zu bytes", path, cap);
		goto out;
	}
	if (n >= 2 && (unsigned char)raw[0] == 0x1f && (unsigned char)raw[1] == 0x8b) {
		rc = gunzip_capped(raw, n, cap, out, out_len, err);
		goto out;
	}
	raw[n] = '\0';
	*out = raw;
	*out_len = n;
	raw = NULL;
out:
	free(raw);
	fclose(f);
	return rc;
}
