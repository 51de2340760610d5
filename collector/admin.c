#include "admin.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "export.h"
#include "fileio.h"
#include "months.h"
#include "record.h"
#include "seal.h"

int coll_admin_keygen(const char *public_path, const char *secret_path, FILE *out, fb_err *err)
{
	char b64[FB_KEY_B64_LEN];
	int rc = fb_keypair_write(public_path, secret_path, b64, sizeof b64, err);
	if (rc)
		return rc;
	fprintf(out, "%s\n", b64);
	fprintf(stderr, "wrote the Trust keypair: secret key '%s' (0600: keep it on the collector only),"
		" public key '%s'; put the public key line above in each device's config\n",
		secret_path, public_path);
	return 0;
}

/* Writes text to a new file of mode 0600 (refuses to overwrite). */
static int write_secret_file(const char *path, const char *text, fb_err *err)
{
	int rc = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return fb_err_set(err, FB_ERR_IO, "unable to create '%s': %s%s", path, strerror(errno),
				  errno == EEXIST ? "; it already exists: remove it or pick another file" : "");
	size_t n = strlen(text);
	if (write(fd, text, n) != (ssize_t)n || fsync(fd) != 0)
		rc = fb_err_set(err, FB_ERR_IO, "unable to write '%s': %s", path, strerror(errno));
	close(fd);
	if (rc)
		unlink(path);
	return rc;
}

int coll_admin_device_add(coll_store *s, const char *location, const char *id,
			  const char *token_path, FILE *out, fb_err *err)
{
	unsigned char raw[32], hash[COLL_STORE_HASH_LEN];
	char token[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING) + 1];
	char made_id[16];
	int rc = fb_sodium_init(err);
	if (rc)
		return rc;
	if (!id) {
		unsigned char r[4];
		randombytes_buf(r, sizeof r);
		snprintf(made_id, sizeof made_id, "dev-%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
		id = made_id;
	}
	if (!fb_id_valid(id, COLL_STORE_ID_MAX) || !fb_id_valid(location, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID,
				  "device id and location take letters, digits, '-', '_' and '.' only (1 to %d)",
				  COLL_STORE_ID_MAX - 1);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token, strlen(token), NULL, 0);
	if (token_path) {
		char line[sizeof token + 1];
		snprintf(line, sizeof line, "%s\n", token);
		rc = write_secret_file(token_path, line, err);
		sodium_memzero(line, sizeof line);
		if (rc)
			goto out;
	}
	rc = coll_store_device_add(s, id, location, hash, err);
	if (rc) {
		if (token_path)
			unlink(token_path);
		goto out;
	}
	if (token_path) {
		fprintf(out, "%s\n", id);
		fprintf(stderr, "enrolled device '%s' at '%s'; its token is in '%s' (0600): copy it to the device's token_file\n",
			id, location, token_path);
	} else {
		fprintf(out, "%s\n", token);
		fprintf(stderr, "enrolled device '%s' at '%s'; the token above is shown once only: put it in the device's token_file (mode 0600)\n",
			id, location);
	}
out:
	sodium_memzero(token, sizeof token);
	return rc;
}

int coll_admin_device_revoke(coll_store *s, const char *id, FILE *out, fb_err *err)
{
	int rc = coll_store_device_revoke(s, id, err);
	if (rc == 0)
		fprintf(out, "revoked device '%s': it can no longer send\n", id);
	return rc;
}

int coll_admin_location_add(coll_store *s, const char *code, const char *name,
			    const char *team, FILE *out, fb_err *err)
{
	if (!fb_id_valid(code, COLL_STORE_ID_MAX) || !fb_id_valid(team, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID,
				  "location code and team take letters, digits, '-', '_' and '.' only");
	if (!name || !name[0] || strlen(name) >= COLL_STORE_NAME_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "location name: 1 to %d characters", COLL_STORE_NAME_MAX - 1);
	int rc = coll_store_location_add(s, code, name, team, err);
	if (rc == 0)
		fprintf(out, "added location '%s' (%s) for team '%s'\n", code, name, team);
	return rc;
}

int coll_admin_user_add(coll_store *s, const char *name, const char *team,
			const char *password_path, FILE *in, FILE *out, fb_err *err)
{
	char pw[256];
	char hash[crypto_pwhash_STRBYTES];
	int rc = fb_sodium_init(err);
	FILE *f = in;
	if (rc)
		return rc;
	if (!fb_id_valid(name, COLL_STORE_ID_MAX) || !fb_id_valid(team, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID,
				  "user name and team take letters, digits, '-', '_' and '.' only");
	if (password_path) {
		f = fopen(password_path, "r");
		if (!f)
			return fb_err_set(err, FB_ERR_IO, "unable to open '%s': %s", password_path,
					  strerror(errno));
	}
	if (!fgets(pw, sizeof pw, f))
		pw[0] = '\0';
	if (f != in)
		fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	if (strlen(pw) < COLL_ADMIN_PASSWORD_MIN) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"password must be at least %d characters (give it on stdin or with --password-file)",
				COLL_ADMIN_PASSWORD_MIN);
		goto out;
	}
	if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory hashing the password");
		goto out;
	}
	rc = coll_store_user_add(s, name, team, hash, err);
	if (rc == 0)
		fprintf(out, "added user '%s' for team '%s'\n", name, team);
out:
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* Writes text to path atomically (temporary file, fsync, rename). */
static int write_file_atomic(const char *path, const char *text, fb_err *err)
{
	char tmp[1100];
	int rc = 0;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return fb_err_set(err, FB_ERR_INVALID, "path '%s' is too long", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return fb_err_set(err, FB_ERR_IO, "unable to create '%s': %s", tmp, strerror(errno));
	if (fputs(text, f) < 0 || fputc('\n', f) < 0 || fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = fb_err_set(err, FB_ERR_IO, "unable to write '%s': %s", tmp, strerror(errno));
	if (fclose(f) != 0 && rc == 0)
		rc = fb_err_set(err, FB_ERR_IO, "unable to write '%s': %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = fb_err_set(err, FB_ERR_IO, "unable to rename '%s': %s", tmp, strerror(errno));
	if (rc)
		unlink(tmp);
	return rc;
}

int coll_admin_import(coll_ingest *ig, const char *path, FILE *out, fb_err *err)
{
	char *body = NULL, *receipt = NULL;
	size_t len = 0;
	int counts[4] = {0};
	char rpath[1100];
	int rc = fb_read_file_maybe_gzip(path, COLL_ADMIN_BUNDLE_MAX, "bundle", NULL, &body, &len, err);
	if (rc)
		goto out;
	rc = coll_ingest_bundle(ig, body, len, fb_wall_ms(), &receipt, counts, err);
	if (rc)
		goto out;
	if ((size_t)snprintf(rpath, sizeof rpath, "%s.receipt.json", path) >= sizeof rpath) {
		rc = fb_err_set(err, FB_ERR_INVALID, "path '%s' is too long", path);
		goto out;
	}
	rc = write_file_atomic(rpath, receipt, err);
	if (rc)
		goto out;
	fprintf(out, "imported '%s': %d stored, %d duplicate, %d conflict, %d rejected; receipt '%s'"
		" (take it back to the device: feedback-queue import-receipt)\n",
		path, counts[0], counts[1], counts[2], counts[3], rpath);
out:
	free(body);
	free(receipt);
	return rc;
}

int coll_admin_export(coll_store *s, const coll_config *cfg, const char *format,
		      const char *month, const char *team, const char *out_path,
		      bool restricted, FILE *out, fb_err *err)
{
	int64_t from, to;
	int rc;
	FILE *f = out;
	char tmp[1100] = "";
	int fmt = coll_export_format_parse(format);
	if (fmt < 0 && format && strcmp(format, "fft-monthly") == 0)
		return fb_err_set(err, FB_ERR_INVALID,
				  "--format fft-monthly is now two files: fft-submission (the return to"
				  " NHS England, real counts) or fft-published (suppressed, to share)");
	if (fmt < 0)
		return fb_err_set(err, FB_ERR_INVALID,
				  "--format '%s': expected responses, fft-published, fft-submission or"
				  " quality-board", format ? format : "");
	if (restricted && fmt != COLL_EXPORT_RESPONSES)
		return fb_err_set(err, FB_ERR_INVALID,
				  "--restricted is for --format responses (contact details); the other"
				  " files hold none");
	if (month) {
		rc = coll_months_range(month, &from, &to, err);
		if (rc)
			return rc;
	} else {
		from = coll_months_add(fb_wall_ms(), 0);
		to = coll_months_add(fb_wall_ms(), 1);
	}
	if (fmt == COLL_EXPORT_QUALITY_BOARD) {
		/* the quarter holding the month */
		char name[8];
		coll_months_name(from, name);
		int m = atoi(name + 5) - 1;
		from = coll_months_add(from, -(m % 3));
		to = coll_months_add(from, 3);
	}
	if (out_path) {
		if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", out_path) >= sizeof tmp)
			return fb_err_set(err, FB_ERR_INVALID, "path '%s' is too long", out_path);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f) {
			if (fd >= 0)
				close(fd);
			return fb_err_set(err, FB_ERR_IO, "unable to create '%s': %s", tmp, strerror(errno));
		}
	}
	coll_export_request rq = {.format = (coll_export_format)fmt, .team = team, .from_ms = from,
				  .to_ms = to, .restricted = restricted};
	rc = coll_export_run(s, cfg, &rq, f, err);
	if (out_path) {
		if (fclose(f) != 0 && rc == 0)
			rc = fb_err_set(err, FB_ERR_IO, "unable to write '%s': %s", tmp, strerror(errno));
		if (rc == 0 && rename(tmp, out_path) != 0)
			rc = fb_err_set(err, FB_ERR_IO, "unable to rename '%s': %s", tmp, strerror(errno));
		if (rc)
			unlink(tmp);
	}
	return rc;
}
