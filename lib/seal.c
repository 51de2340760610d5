/* seal: see seal.h. All base64 is libsodium's ORIGINAL variant (standard
 * alphabet, padded), the same that record.c accepts for "sealed". */
#include "seal.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define B64_VARIANT sodium_base64_VARIANT_ORIGINAL
#define KEY_FILE_MAX 1024  /* a key file is a few short lines (FB_KEYS_MAX); refuse more */

int fb_sodium_init(fb_err *err)
{
	/* sodium_init is itself thread-safe and returns 1 once initialised. */
	if (sodium_init() < 0)
		return fb_err_set(err, FB_ERR_CRYPTO,
				  "unable to start libsodium; check the libsodium install");
	return 0;
}

int fb_seal(const unsigned char pk[FB_KEY_BYTES], const char *plain, size_t len,
	    char **b64, fb_err *err)
{
	int rc = 0;
	unsigned char *box = NULL;
	char *text = NULL;
	size_t box_len, text_len;

	*b64 = NULL;
	rc = fb_sodium_init(err);
	if (rc)
		goto out;
	if (len > FB_SEAL_MAX_PLAIN) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"private answers are %zu bytes, more than the %d allowed",
				len, FB_SEAL_MAX_PLAIN);
		goto out;
	}
	box_len = len + crypto_box_SEALBYTES;
	text_len = sodium_base64_encoded_len(box_len, B64_VARIANT);
	box = malloc(box_len);
	text = malloc(text_len);
	if (!box || !text) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory sealing private answers");
		goto out;
	}
	if (crypto_box_seal(box, (const unsigned char *)plain, len, pk) != 0) {
		rc = fb_err_set(err, FB_ERR_CRYPTO,
				"unable to seal private answers; check trust_public_key");
		goto out;
	}
	sodium_bin2base64(text, text_len, box, box_len, B64_VARIANT);
	*b64 = text;
	text = NULL;
out:
	free(box);
	free(text);
	return rc;
}

int fb_seal_open(const unsigned char pk[FB_KEY_BYTES],
		 const unsigned char sk[FB_KEY_BYTES], const char *b64,
		 char **plain, size_t *len, fb_err *err)
{
	int rc = 0;
	unsigned char *box = NULL;
	char *text = NULL;
	size_t b64_len, box_cap, box_len = 0;

	*plain = NULL;
	if (len)
		*len = 0;
	rc = fb_sodium_init(err);
	if (rc)
		goto out;
	b64_len = strlen(b64);
	box_cap = b64_len / 4 * 3 + 3;
	if (box_cap > FB_SEAL_MAX_PLAIN * 2 + crypto_box_SEALBYTES) {
		rc = fb_err_set(err, FB_ERR_INVALID, "sealed answers are too large to open");
		goto out;
	}
	box = malloc(box_cap);
	if (!box) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory opening sealed answers");
		goto out;
	}
	if (sodium_base642bin(box, box_cap, b64, b64_len, NULL, &box_len, NULL,
			      B64_VARIANT) != 0 || box_len < crypto_box_SEALBYTES) {
		rc = fb_err_set(err, FB_ERR_CRYPTO, "sealed answers are not valid base64 of a sealed box");
		goto out;
	}
	text = malloc(box_len - crypto_box_SEALBYTES + 1);
	if (!text) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory opening sealed answers");
		goto out;
	}
	if (crypto_box_seal_open((unsigned char *)text, box, box_len, pk, sk) != 0) {
		rc = fb_err_set(err, FB_ERR_CRYPTO,
				"unable to open sealed answers: sealed for another key or damaged; check the collector's secret key matches the devices' trust_public_key");
		goto out;
	}
	text[box_len - crypto_box_SEALBYTES] = '\0';
	if (len)
		*len = box_len - crypto_box_SEALBYTES;
	*plain = text;
	text = NULL;
out:
	free(box);
	free(text);
	return rc;
}

int fb_keypair_generate(unsigned char pk[FB_KEY_BYTES],
			unsigned char sk[FB_KEY_BYTES], fb_err *err)
{
	int rc = fb_sodium_init(err);
	if (rc)
		return rc;
	if (crypto_box_keypair(pk, sk) != 0)
		return fb_err_set(err, FB_ERR_CRYPTO, "unable to generate a keypair");
	return 0;
}

/* base64 text (whitespace around it ignored) -> exactly 32 bytes. */
static int key_decode(const char *text, unsigned char key[FB_KEY_BYTES])
{
	const char *start = text;
	size_t n, got = 0;
	while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
		start++;
	n = strlen(start);
	while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t' ||
			 start[n - 1] == '\n' || start[n - 1] == '\r'))
		n--;
	if (n != FB_KEY_B64_LEN - 1)
		return -1;
	if (sodium_base642bin(key, FB_KEY_BYTES, start, n, NULL, &got, NULL,
			      B64_VARIANT) != 0 || got != FB_KEY_BYTES)
		return -1;
	return 0;
}

int fb_key_parse_public(const char *b64, unsigned char pk[FB_KEY_BYTES],
			fb_err *err)
{
	int rc = fb_sodium_init(err);
	if (rc)
		return rc;
	if (!b64 || key_decode(b64, pk) != 0)
		return fb_err_set(err, FB_ERR_INVALID,
				  "public key is not base64 of 32 bytes (44 characters ending '='); copy it again from the collector's public key file");
	return 0;
}

void fb_key_format_public(const unsigned char pk[FB_KEY_BYTES], char *out,
			  size_t out_size)
{
	if (out_size < FB_KEY_B64_LEN) {
		if (out_size)
			out[0] = '\0';
		return;
	}
	sodium_bin2base64(out, out_size, pk, FB_KEY_BYTES, B64_VARIANT);
}

int fb_key_read_secrets(const char *path, unsigned char (*sks)[FB_KEY_BYTES], size_t max,
			size_t *n, fb_err *err)
{
	char buf[KEY_FILE_MAX];
	int rc = fb_sodium_init(err), line = 0;
	*n = 0;
	if (rc)
		return rc;
	rc = fb_read_small_file(path, true, "secret key file", "check the path in the config",
				buf, sizeof buf, NULL, err);
	for (char *save = NULL, *t = rc ? NULL : strtok_r(buf, "\n", &save); t && rc == 0;
	     t = strtok_r(NULL, "\n", &save)) {
		line++;
		if (strspn(t, " \t\r") == strlen(t))
			continue;
		if (*n == max)
			rc = fb_err_set(err, FB_ERR_INVALID, "secret key file '%s' holds more than %zu keys;"
					" retire the oldest (its last lines)", path, max);
		else if (key_decode(t, sks[*n]) != 0)
			rc = fb_err_set(err, FB_ERR_INVALID, "secret key file '%s' line %d does not hold"
					" base64 of 32 bytes; restore it from backup", path, line);
		else
			(*n)++;
	}
	if (rc == 0 && *n == 0)
		rc = fb_err_set(err, FB_ERR_INVALID, "secret key file '%s' holds no key; restore it"
				" from backup", path);
	if (rc) {
		sodium_memzero(sks, max * FB_KEY_BYTES);
		*n = 0;
	}
	sodium_memzero(buf, sizeof buf);
	return rc;
}

int fb_key_read_secret(const char *path, unsigned char sk[FB_KEY_BYTES],
		       fb_err *err)
{
	unsigned char sks[FB_KEYS_MAX][FB_KEY_BYTES];
	size_t n = 0;
	int rc = fb_key_read_secrets(path, sks, FB_KEYS_MAX, &n, err);
	if (rc == 0)
		memcpy(sk, sks[0], FB_KEY_BYTES);     /* the current key */
	sodium_memzero(sks, sizeof sks);
	return rc;
}

int fb_key_read_public(const char *path, unsigned char pk[FB_KEY_BYTES],
		       fb_err *err)
{
	char buf[KEY_FILE_MAX];
	int rc = fb_sodium_init(err);
	if (rc)
		return rc;
	rc = fb_read_small_file(path, false, "public key file", "check the path in the config",
				buf, sizeof buf, NULL, err);
	if (rc == 0 && key_decode(buf, pk) != 0)
		rc = fb_err_set(err, FB_ERR_INVALID,
				"public key file '%s' does not hold base64 of 32 bytes", path);
	return rc;
}

/* Writes text to path, created with flags and mode, then fsyncs. */
static int key_file_write(const char *path, int flags, mode_t mode,
			  const char *text, fb_err *err)
{
	int rc = 0, fd;
	size_t len = strlen(text), done = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | flags, mode);
	if (fd < 0)
		return fb_err_set(err, errno == EEXIST ? FB_ERR_INVALID : FB_ERR_IO,
				  "unable to create key file '%s': %s%s", path, strerror(errno),
				  errno == EEXIST ? "; move the old key away first if you mean to replace it" : "");
	if (fchmod(fd, mode) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to set mode of '%s': %s", path, strerror(errno));
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = fb_err_set(err, errno == ENOSPC ? FB_ERR_FULL : FB_ERR_IO,
					"unable to write key file '%s': %s", path, strerror(errno));
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to flush key file '%s': %s", path, strerror(errno));
		goto out;
	}
out:
	close(fd);
	return rc;
}

int fb_keypair_write(const char *public_path, const char *secret_path,
		     char *public_b64_out, size_t out_size, fb_err *err)
{
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	char pk_line[FB_KEY_B64_LEN + 1], sk_line[FB_KEY_B64_LEN + 1];
	int rc;

	rc = fb_keypair_generate(pk, sk, err);
	if (rc)
		goto out;
	sodium_bin2base64(pk_line, FB_KEY_B64_LEN, pk, FB_KEY_BYTES, B64_VARIANT);
	sodium_bin2base64(sk_line, FB_KEY_B64_LEN, sk, FB_KEY_BYTES, B64_VARIANT);
	strcat(pk_line, "\n");
	strcat(sk_line, "\n");
	rc = key_file_write(secret_path, O_EXCL, 0600, sk_line, err);
	if (rc)
		goto out;
	rc = key_file_write(public_path, O_TRUNC, 0644, pk_line, err);
	if (rc) {
		unlink(secret_path);  /* ours, just made: keep no half pair */
		goto out;
	}
	if (public_b64_out)
		fb_key_format_public(pk, public_b64_out, out_size);
out:
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(sk_line, sizeof sk_line);
	return rc;
}

int fb_keypair_rotate(const char *public_path, const char *secret_path,
		      char *public_b64_out, size_t out_size, fb_err *err)
{
	unsigned char sks[FB_KEYS_MAX][FB_KEY_BYTES], pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	char text[KEY_FILE_MAX], tmp[4096];
	char pk_line[FB_KEY_B64_LEN + 1];
	size_t n = 0, len = 0;
	int rc = fb_key_read_secrets(secret_path, sks, FB_KEYS_MAX, &n, err);
	if (rc)
		goto out;
	if (n >= FB_KEYS_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID, "secret key file '%s' already holds %d keys:"
				" retire the oldest first (delete its last line, once no device can"
				" still seal to it)", secret_path, FB_KEYS_MAX);
		goto out;
	}
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.new", secret_path) >= sizeof tmp) {
		rc = fb_err_set(err, FB_ERR_INVALID, "path '%s' is too long", secret_path);
		goto out;
	}
	rc = fb_keypair_generate(pk, sk, err);
	if (rc)
		goto out;
	for (size_t i = 0; i <= n; i++) {
		sodium_bin2base64(text + len, FB_KEY_B64_LEN, i == 0 ? sk : sks[i - 1], FB_KEY_BYTES,
				  B64_VARIANT);
		len += FB_KEY_B64_LEN - 1;
		text[len++] = '\n';
	}
	text[len] = '\0';
	unlink(tmp);     /* a half-written one from a rotation that was cut short */
	rc = key_file_write(tmp, O_EXCL, 0600, text, err);
	if (rc == 0 && rename(tmp, secret_path) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to replace '%s': %s", secret_path, strerror(errno));
		unlink(tmp);
	}
	if (rc)
		goto out;
	sodium_bin2base64(pk_line, FB_KEY_B64_LEN, pk, FB_KEY_BYTES, B64_VARIANT);
	strcat(pk_line, "\n");
	rc = key_file_write(public_path, O_TRUNC, 0644, pk_line, err);
	if (rc == 0 && public_b64_out)
		fb_key_format_public(pk, public_b64_out, out_size);
out:
	sodium_memzero(sks, sizeof sks);
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(text, sizeof text);
	return rc;
}
