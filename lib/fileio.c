/* fileio: see fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gz.h"

#include <sodium.h>

/* "survey 'x.json'" or "'x.json'": how messages name the file. */
#define NAME_FMT "%s%s'%s'"
#define NAME_ARGS(what, path) (what) ? (what) : "", (what) ? " " : "", (path)

int fb_read_file(const char *path, size_t cap, const char *what,
		 const char *hint, char **out, size_t *out_len, fb_err *err)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	*out_len = 0;
	f = fopen(path, "rb");
	if (!f) {
		rc = fb_err_set(err, errno == ENOENT ? FB_ERR_NOTFOUND : FB_ERR_IO,
				"unable to open " NAME_FMT ": %s%s%s", NAME_ARGS(what, path),
				strerror(errno), hint ? "; " : "", hint ? hint : "");
		goto out;
	}
	buf = malloc(cap + 1);
	if (!buf) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading " NAME_FMT,
				NAME_ARGS(what, path));
		goto out;
	}
	n = fread(buf, 1, cap + 1, f);
	if (ferror(f)) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read " NAME_FMT ": %s",
				NAME_ARGS(what, path), strerror(errno));
		goto out;
	}
	if (n > cap) {
		rc = fb_err_set(err, FB_ERR_INVALID, NAME_FMT " is larger than %zu bytes; "
				"is it the right file?", NAME_ARGS(what, path), cap);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	buf = NULL;
out:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

int fb_read_text_file(const char *path, size_t cap, const char *what,
		      const char *hint, char **out, size_t *out_len,
		      fb_err *err)
{
	int rc = fb_read_file(path, cap, what, hint, out, out_len, err);

	if (rc == 0 && memchr(*out, '\0', *out_len)) {
		rc = fb_err_set(err, FB_ERR_INVALID, NAME_FMT " contains a NUL byte; "
				"is it a text file?", NAME_ARGS(what, path));
		free(*out);
		*out = NULL;
		*out_len = 0;
	}
	return rc;
}

int fb_read_file_maybe_gzip(const char *path, size_t cap, const char *what,
			    const char *hint, char **out, size_t *out_len,
			    fb_err *err)
{
	char *raw = NULL;
	size_t n = 0;
	fb_err zerr;
	int rc;

	rc = fb_read_file(path, cap, what, hint, &raw, &n, err);
	if (rc)
		goto out;
	if (n < 2 || (unsigned char)raw[0] != 0x1f || (unsigned char)raw[1] != 0x8b) {
		*out = raw;
		*out_len = n;
		raw = NULL;
		goto out;
	}
	rc = fb_gunzip(raw, n, cap, out, out_len, &zerr);
	if (rc)
		fb_err_set(err, rc, NAME_FMT ": %s%s", NAME_ARGS(what, path), zerr.msg,
			   rc == FB_ERR_NOMEM ? "" : "; is it the right file?");
out:
	free(raw);
	return rc;
}

int fb_read_small_file(const char *path, bool owner_only, const char *what,
		       const char *hint, char *buf, size_t size,
		       size_t *out_len, fb_err *err)
{
	struct stat st;
	ssize_t n;
	int rc = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (size > 0)
		buf[0] = '\0';
	if (fd < 0)
		return fb_err_set(err, errno == ENOENT ? FB_ERR_NOTFOUND : FB_ERR_IO,
				  "unable to open %s '%s': %s%s%s", what, path,
				  strerror(errno), hint ? "; " : "", hint ? hint : "");
	if (fstat(fd, &st) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to stat %s '%s': %s", what,
				path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s '%s' is not a regular file",
				what, path);
		goto out;
	}
	if (owner_only && (st.st_mode & (S_IRWXG | S_IRWXO))) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s '%s' can be read by group or others (mode %04o); refusing it: run chmod 600 '%s'",
				what, path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	if (size < 2) {
		rc = fb_err_set(err, FB_ERR_INVALID, "no room to read %s '%s'", what, path);
		goto out;
	}
	n = read(fd, buf, size);
	if (n < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read %s '%s': %s", what,
				path, strerror(errno));
		goto out;
	}
	if ((size_t)n >= size) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s '%s' is longer than %zu bytes; is it the right file?",
				what, path, size - 1);
		goto out;
	}
	buf[n] = '\0';
	if (out_len)
		*out_len = (size_t)n;
out:
	if (rc && size > 0)
		sodium_memzero(buf, size);
	close(fd);
	return rc;
}

static int write_atomic(const char *path, const void *data, size_t len, bool secret,
			fb_err *err)
{
	char tmp[4096], dir[4096];
	const char *p = data;
	int fd = -1, dfd = -1, rc = 0;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return fb_err_set(err, FB_ERR_INVALID, "path '%s' is too long", path);
	if (secret)   /* a fresh file, never one someone else may already hold open */
		unlink(tmp);
	fd = secret ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600) :
		      open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0 && secret && fchmod(fd, 0600) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to make '%s' 0600: %s", tmp, strerror(errno));
		goto out;
	}
	if (fd < 0) {
		rc = fb_err_set(err, errno == ENOSPC ? FB_ERR_FULL : FB_ERR_IO,
				"unable to create '%s': %s; check the directory is writable",
				tmp, strerror(errno));
		goto out;
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = fb_err_set(err, errno == ENOSPC ? FB_ERR_FULL : FB_ERR_IO,
					"unable to write '%s': %s; check free space", tmp,
					w < 0 ? strerror(errno) : "short write");
			goto out;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		rc = fb_err_set(err, errno == ENOSPC ? FB_ERR_FULL : FB_ERR_IO,
				"unable to write '%s': %s; check free space", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to rename '%s' to '%s': %s", tmp, path,
				strerror(errno));
		goto out;
	}
	/* The rename itself must survive a power cut. */
	snprintf(dir, sizeof dir, "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
out:
	if (fd >= 0)
		close(fd);
	if (rc)
		unlink(tmp);
	return rc;
}

int fb_write_file_atomic(const char *path, const void *data, size_t len,
			 fb_err *err)
{
	return write_atomic(path, data, len, false, err);
}

int fb_write_secret_atomic(const char *path, const void *data, size_t len, fb_err *err)
{
	return write_atomic(path, data, len, true, err);
}
