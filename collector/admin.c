#include "admin.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "enrol.h"
#include "export.h"
#include "fileio.h"
#include "months.h"
#include "record.h"
#include "response.h"
#include "seal.h"
#include "seal_keys.h"
#include "users.h"

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

int coll_admin_keygen_rotate(const char *public_path, const char *secret_path, FILE *out,
			     fb_err *err)
{
	char b64[FB_KEY_B64_LEN];
	int rc = fb_keypair_rotate(public_path, secret_path, b64, sizeof b64, err);
	if (rc)
		return rc;
	fprintf(out, "%s\n", b64);
	fprintf(stderr, "made a new Trust keypair: '%s' now starts with the new secret key and"
		" keeps the old ones (restart the collector to use it); '%s' holds the new public"
		" key: give it to every device (trust_public_key in its config, through the"
		" provisioning script); retire an old key, its line in '%s', only once no device"
		" can still have records sealed to it\n", secret_path, public_path, secret_path);
	return 0;
}

int coll_admin_device_keys(const coll_config *cfg, coll_store *st, FILE *out, fb_err *err)
{
	coll_seal_keys k;
	int rc = coll_seal_keys_load(cfg->secret_key_file, &k, err);
	if (rc == 0)
		rc = coll_seal_keys_report(&k, st, cfg->secret_key_file, out, err);
	return rc;
}

/* The command line as an actor: the shell's administrator, from this host. */
static coll_actor cli_actor(void)
{
	return (coll_actor){"command line", "local", fb_wall_ms()};
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

/* A --location list "CODE[,CODE...]" split into codes (spaces around each
 * dropped). A code must fit a tablet's config (FB_LOCATION_MAX), where it is
 * offered on the staff screen. */
typedef struct loc_list {
	char codes[COLL_STORE_DEVICE_LOCATIONS_MAX][FB_LOCATION_MAX];
	const char *v[COLL_STORE_DEVICE_LOCATIONS_MAX];
	size_t n;
} loc_list;

static int parse_locations(const char *list, loc_list *out, fb_err *err)
{
	memset(out, 0, sizeof *out);
	if (!list || !list[0])
		return fb_err_set(err, FB_ERR_INVALID, "name the locations the device may speak for:"
				  " --location CODE[,CODE...], each added with 'feedback-collector"
				  " location add'");
	for (const char *p = list; ; ) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (out->n >= COLL_STORE_DEVICE_LOCATIONS_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "--location: more than %d locations; a"
					  " device may speak for at most %d", COLL_STORE_DEVICE_LOCATIONS_MAX,
					  COLL_STORE_DEVICE_LOCATIONS_MAX);
		if (len == 0 || len >= FB_LOCATION_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "--location '%s': each code is 1 to %d"
					  " letters, digits, '-', '_' or '.', with ',' between codes",
					  list, FB_LOCATION_MAX - 1);
		memcpy(out->codes[out->n], p, len);
		out->codes[out->n][len] = '\0';
		if (!fb_id_valid(out->codes[out->n], FB_LOCATION_MAX))
			return fb_err_set(err, FB_ERR_INVALID, "--location: '%s' is not a location code"
					  " (letters, digits, '-', '_' and '.' only, ',' between codes)",
					  out->codes[out->n]);
		out->v[out->n] = out->codes[out->n];
		out->n++;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* The kiosk.conf [device] lines of an enrolment, for feedback-provision-device
 * --enrolment: the staff screen then offers exactly the enrolled locations.
 * Checked before anything is enrolled: each location's name must fit a
 * tablet's config (no ';' or '#', which start comments there). */
static int enrolment_text(coll_store *s, const char *id, const loc_list *l, char *out, size_t size,
			  fb_err *err)
{
	char when[32];
	size_t used;
	fb_format_utc(fb_wall_ms(), when, sizeof when);
	used = (size_t)snprintf(out, size, "# The enrolment of device %s on the collector, %s.\n"
				"# Give this file to feedback-provision-device --enrolment FILE: the\n"
				"# tablet's staff screen then offers exactly these locations.\n"
				"id = %s\n", id, when, id);
	for (size_t i = 0; i < l->n && used < size; i++) {
		coll_store_location loc;
		int rc = coll_store_location_get(s, l->v[i], &loc, err);
		if (rc == FB_ERR_NOTFOUND)
			return fb_err_set(err, FB_ERR_INVALID, "no location '%s'; add it first with"
					  " 'feedback-collector location add %s \"Name\" --team TEAM'",
					  l->v[i], l->v[i]);
		if (rc)
			return rc;
		if (strpbrk(loc.name, ";#\r\n"))
			return fb_err_set(err, FB_ERR_INVALID, "location '%s' is named '%s': a tablet's"
					  " config cannot hold ';' or '#' in a name; nothing was enrolled",
					  loc.code, loc.name);
		if (i == 0)
			used += (size_t)snprintf(out + used, size - used, "location_code = %s\n"
						 "location_name = %s\nlocations = ", loc.code, loc.name);
		if (used < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s=%s", i ? "; " : "",
						 loc.code, loc.name);
	}
	const char *line = strstr(out, "\nlocations = ");
	/* lib/config.c reads a value of up to 1023 bytes */
	if (used + 2 >= size || !line || strlen(line + 13) >= 1023)
		return fb_err_set(err, FB_ERR_INVALID, "the enrolment is too long for a tablet's config"
				  " (its 'locations' line); enrol the device for fewer locations");
	snprintf(out + used, size - used, "\n");
	return 0;
}

/* Says which locations id now speaks for, by code and name. */
static void say_enrolment(coll_store *s, const char *what, const char *id, const loc_list *l)
{
	fprintf(stderr, "%s device '%s' for %zu location%s:", what, id, l->n, l->n == 1 ? "" : "s");
	for (size_t i = 0; i < l->n; i++) {
		coll_store_location loc;
		fb_err err;
		if (coll_store_location_get(s, l->v[i], &loc, &err) == 0)
			fprintf(stderr, "%s %s (%s)", i ? "," : "", loc.code, loc.name);
		else
			fprintf(stderr, "%s %s", i ? "," : "", l->v[i]);
	}
	fprintf(stderr, "; records for any other location are refused\n");
}

/* Room for a [device] block with COLL_STORE_DEVICE_LOCATIONS_MAX locations. */
#define ENROLMENT_MAX 8192

int coll_admin_device_add(coll_store *s, const char *locations, const char *id,
			  const char *token_path, const char *enrolment_path, FILE *out, fb_err *err)
{
	char enrolment[ENROLMENT_MAX];
	unsigned char hash[COLL_STORE_HASH_LEN];
	char token[COLL_ENROL_TOKEN_TEXT];
	char made_id[16];
	loc_list l;
	int rc = fb_sodium_init(err);
	if (rc)
		return rc;
	if (!id) {
		unsigned char r[4];
		randombytes_buf(r, sizeof r);
		snprintf(made_id, sizeof made_id, "dev-%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
		id = made_id;
	}
	if (!fb_id_valid(id, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID,
				  "device id takes letters, digits, '-', '_' and '.' only (1 to %d)",
				  COLL_STORE_ID_MAX - 1);
	rc = parse_locations(locations, &l, err);
	if (rc == 0)
		rc = enrolment_text(s, id, &l, enrolment, sizeof enrolment, err);
	if (rc)
		return rc;
	rc = coll_enrol_token_make(token, hash, err);
	if (rc)
		return rc;
	if (token_path) {
		char line[sizeof token + 1];
		snprintf(line, sizeof line, "%s\n", token);
		rc = write_secret_file(token_path, line, err);
		sodium_memzero(line, sizeof line);
		if (rc)
			goto out;
	}
	rc = coll_store_device_add(s, id, l.v, l.n, hash, fb_wall_ms(), err);
	if (rc) {
		if (token_path)
			unlink(token_path);
		goto out;
	}
	say_enrolment(s, "enrolled", id, &l);
	if (enrolment_path && write_file_atomic(enrolment_path, enrolment, err) == 0)
		fprintf(stderr, "wrote '%s': give it to feedback-provision-device --enrolment on the"
			" tablet\n", enrolment_path);
	else if (enrolment_path)   /* enrolled all the same: say how to get the file */
		fprintf(stderr, "%s; the device is enrolled: write the file again with '"
			"feedback-collector device locations %s --location %s --enrolment FILE'\n",
			err->msg, id, locations);
	if (token_path) {
		fprintf(out, "%s\n", id);
		fprintf(stderr, "its token is in '%s' (0600): copy it to the device's token_file\n",
			token_path);
	} else {
		fprintf(out, "%s\n", token);
		fprintf(stderr, "the token above is shown once only: put it in the device's token_file (mode 0600)\n");
	}
out:
	sodium_memzero(token, sizeof token);
	return rc;
}

int coll_admin_device_code(coll_store *s, const char *id, const char *locations, int64_t valid_s,
			   FILE *out, fb_err *err)
{
	char code[COLL_ENROL_CODE_TEXT], when[32];
	int64_t expires_ms = 0;
	loc_list l;
	coll_actor a = cli_actor();
	int rc = parse_locations(locations, &l, err);
	if (rc == 0)
		rc = coll_enrol_issue(s, &a, id, l.v, l.n, valid_s, code, &expires_ms, err);
	if (rc)
		return rc;
	fb_format_utc(expires_ms, when, sizeof when);
	fprintf(out, "%s\n", code);
	fprintf(stderr, "type the code above on tablet '%s', staff screen, 'Enrol this tablet'; it"
		" works once, until %s (UTC), for that device id only\n", id, when);
	sodium_memzero(code, sizeof code);
	return 0;
}

int coll_admin_device_locations(coll_store *s, const char *id, const char *locations,
				const char *enrolment_path, FILE *out, fb_err *err)
{
	char enrolment[ENROLMENT_MAX];
	loc_list l;
	int rc = parse_locations(locations, &l, err);
	if (rc == 0)
		rc = enrolment_text(s, id, &l, enrolment, sizeof enrolment, err);
	coll_actor a = cli_actor();
	if (rc == 0)
		rc = coll_users_device_locations(s, &a, id, l.v, l.n, err);
	if (rc == 0 && enrolment_path)
		rc = write_file_atomic(enrolment_path, enrolment, err);
	if (rc == 0) {
		say_enrolment(s, "changed", id, &l);
		if (enrolment_path)
			fprintf(stderr, "wrote '%s': give it to feedback-provision-device --enrolment"
				" --force on the tablet\n", enrolment_path);
		else
			fprintf(stderr, "the tablet's staff screen still offers its old list until it"
				" is provisioned again (--enrolment FILE writes what to give it)\n");
		fprintf(out, "%s\n", id);
	}
	return rc;
}

int coll_admin_device_revoke(coll_store *s, const char *id, FILE *out, fb_err *err)
{
	coll_actor a = cli_actor();
	int rc = coll_users_device_revoke(s, &a, id, err);
	if (rc == 0)
		fprintf(out, "revoked device '%s': it can no longer send\n", id);
	return rc;
}

int coll_admin_location_add(coll_store *s, const char *code, const char *name,
			    const char *team, FILE *out, fb_err *err)
{
	coll_actor a = cli_actor();
	int rc = coll_users_location_add(s, &a, code, name, team, err);
	if (rc == 0)
		fprintf(out, "added location '%s' (%s) for team '%s'\n", code, name, team);
	return rc;
}

int coll_admin_user_add(coll_store *s, const char *name, const char *team, const char *role,
			const char *password_path, FILE *in, FILE *out, fb_err *err)
{
	coll_actor a = cli_actor();
	char pw[256];
	char hash[crypto_pwhash_STRBYTES];
	int rc = fb_sodium_init(err);
	FILE *f = in;
	if (rc)
		return rc;
	if (!role)
		role = "results";
	if (!fb_id_valid(name, COLL_STORE_ID_MAX) || !fb_id_valid(team, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID,
				  "user name and team take letters, digits, '-', '_' and '.' only");
	if (coll_role_parse(role) < 0)
		return fb_err_set(err, FB_ERR_INVALID, "--role '%s': expected results, estates,"
				  " safeguarding, patient-experience or admin", role);
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
	rc = coll_users_add(s, &a, name, team, role, hash, err);
	if (rc == 0)
		fprintf(out, "added user '%s' for team '%s' with role %s\n", name, team, role);
out:
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* path + suffix into buf, or FB_ERR_INVALID when it does not fit. */
static int beside(char *buf, size_t size, const char *path, const char *suffix, fb_err *err)
{
	if ((size_t)snprintf(buf, size, "%s%s", path, suffix) >= size)
		return fb_err_set(err, FB_ERR_INVALID, "path '%s' is too long", path);
	return 0;
}

int coll_admin_device_config(coll_store *st, const char *id, const char *location,
			     const char *out_path, FILE *out, fb_err *err)
{
	char *text = NULL;
	int rc = coll_ingest_config_bundle(st, id, location, fb_wall_ms(), &text, err);
	if (rc == 0)
		rc = write_file_atomic(out_path, text, err);
	if (rc == 0)
		fprintf(out, "wrote '%s', the config of device '%s' as GET /v1/config would answer it"
			" (take it to the device: feedback-queue import-config)\n", out_path, id);
	free(text);
	return rc;
}

int coll_admin_import(coll_ingest *ig, coll_store *st, const char *path, FILE *out, fb_err *err)
{
	char *body = NULL, *receipt = NULL;
	size_t len = 0;
	int counts[4] = {0};
	char rpath[1100], cpath[1100], dev[COLL_STORE_ID_MAX] = "";
	fb_err cerr = {0};
	int rc = fb_read_file_maybe_gzip(path, COLL_ADMIN_BUNDLE_MAX, "bundle", NULL, &body, &len, err);
	if (rc)
		goto out;
	rc = beside(rpath, sizeof rpath, path, ".receipt.json", err);
	if (rc == 0)
		rc = beside(cpath, sizeof cpath, path, ".config.json", err);
	if (rc)
		goto out;
	rc = coll_ingest_bundle(ig, body, len, fb_wall_ms(), &receipt, counts, dev, err);
	if (rc)
		goto out;
	rc = write_file_atomic(rpath, receipt, err);
	if (rc)
		goto out;
	fprintf(out, "imported '%s': %d stored, %d duplicate, %d conflict, %d rejected; receipt '%s'"
		" (take it back to the device: feedback-queue import-receipt)\n",
		path, counts[0], counts[1], counts[2], counts[3], rpath);
	/* The records are in: a config that cannot be written is said, not
	 * a failed import. */
	if (coll_admin_device_config(st, dev, NULL, cpath, out, &cerr) != 0)
		fprintf(stderr, "feedback-collector: the device's config bundle was not written: %s;"
			" write it with 'feedback-collector device config %s --out FILE'\n", cerr.msg,
			dev);
out:
	free(body);
	free(receipt);
	return rc;
}

/* A stream passing writes on to f and counting the lines (the export's
 * rows, for the audit trail). */
typedef struct count_ctx {
	FILE *f;
	int64_t lines;
} count_ctx;

static ssize_t count_write(void *cookie, const char *data, size_t n)
{
	count_ctx *c = cookie;
	for (size_t i = 0; i < n; i++)
		c->lines += data[i] == '\n';
	return fwrite(data, 1, n, c->f) == n ? (ssize_t)n : -1;
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
	count_ctx cc = {f, 0};
	FILE *cf = fopencookie(&cc, "w", (cookie_io_functions_t){.write = count_write});
	rc = cf ? coll_export_run(s, cfg, &rq, cf, err) :
		  fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the export");
	if (cf && fclose(cf) != 0 && rc == 0)
		rc = fb_err_set(err, FB_ERR_IO, "unable to write the export: %s", strerror(errno));
	if (rc == 0) {
		char what[64], detail[160], m[8];
		coll_actor a = cli_actor();
		coll_months_name(from, m);
		snprintf(what, sizeof what, "%s%s", coll_export_format_name((coll_export_format)fmt),
			 restricted ? "-restricted" : "");
		snprintf(detail, sizeof detail, "team %s, from %s, %lld rows", team ? team : "all", m,
			 (long long)(cc.lines > 0 ? cc.lines - 1 : 0));
		coll_audit_add(s, a.now_ms, a.name, a.addr, COLL_AUDIT_EXPORT, what, detail, err);
		rc = 0;      /* the file is made; a lost audit row is said on stderr */
	}
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

static int list_user(void *ctx, const coll_store_user *u)
{
	fprintf(ctx, "%s\tteam %s\trole %s\t%s%s\n", u->name, u->team, u->role,
		u->disabled ? "disabled" : "enabled", u->has_password ? "" : " (no password yet)");
	return 0;
}

int coll_admin_user_list(coll_store *s, FILE *out, fb_err *err)
{
	return coll_store_users_each(s, list_user, out, err);
}

int coll_admin_user_change(coll_store *s, const char *what, const char *name, const char *value,
			   const char *link_base, FILE *out, fb_err *err)
{
	coll_actor a = cli_actor();
	char token[COLL_USERS_TOKEN_TEXT];
	int rc;
	bool needs_value = strcmp(what, "role") == 0 || strcmp(what, "team") == 0;
	if (needs_value != (value != NULL))
		return fb_err_set(err, FB_ERR_INVALID, "user %s takes %s", what,
				  needs_value ? "a value: 'user role NAME ROLE' or 'user team NAME TEAM'" :
				  "only the user's name");
	if (strcmp(what, "disable") == 0 || strcmp(what, "enable") == 0) {
		bool off = strcmp(what, "disable") == 0;
		rc = coll_users_set_disabled(s, &a, name, off, err);
		if (rc == 0)
			fprintf(out, "%s user '%s'%s\n", off ? "disabled" : "enabled", name,
				off ? ": signed out everywhere" : "");
	} else if (strcmp(what, "role") == 0) {
		rc = coll_users_set_role(s, &a, name, value, err);
		if (rc == 0)
			fprintf(out, "user '%s' now has role %s\n", name, value);
	} else if (strcmp(what, "team") == 0) {
		rc = coll_users_set_team(s, &a, name, value, err);
		if (rc == 0)
			fprintf(out, "user '%s' is now in team %s\n", name, value);
	} else if (strcmp(what, "reset") == 0) {
		rc = coll_users_reset(s, &a, name, token, err);
		if (rc == 0) {
			size_t n = link_base ? strlen(link_base) : 0;
			fprintf(out, "%.*s/reset?token=%s\n", (int)(n && link_base[n - 1] == '/' ? n - 1 : n),
				link_base ? link_base : "", token);
			fprintf(stderr, "give this link to '%s' only: it sets a new password once, within"
				" %d hours%s\n", name, COLL_USERS_RESET_HOURS,
				n ? "" : " (put the results pages' address in front of it)");
		}
		sodium_memzero(token, sizeof token);
	} else {
		rc = fb_err_set(err, FB_ERR_INVALID, "'user %s' is not a command: use add, list, disable,"
				" enable, role, team or reset", what);
	}
	return rc;
}

int coll_admin_location_change(coll_store *s, const char *code, const char *name, FILE *out,
			       fb_err *err)
{
	coll_actor a = cli_actor();
	int rc = name ? coll_users_location_rename(s, &a, code, name, err) :
			coll_users_location_retire(s, &a, code, true, err);
	if (rc == 0 && name)
		fprintf(out, "renamed location '%s' to %s\n", code, name);
	else if (rc == 0)
		fprintf(out, "retired location '%s': its responses are kept and shown as retired\n", code);
	return rc;
}

int coll_admin_team(coll_store *s, const char *what, const char *code, const char *name, FILE *out,
		    fb_err *err)
{
	coll_actor a = cli_actor();
	int rc;
	if (strcmp(what, "retire") == 0 ? name != NULL : name == NULL)
		return fb_err_set(err, FB_ERR_INVALID, "use 'team add CODE \"Name\"', 'team rename CODE"
				  " \"Name\"' or 'team retire CODE'");
	if (strcmp(what, "add") == 0)
		rc = coll_users_team_add(s, &a, code, name, err);
	else if (strcmp(what, "rename") == 0)
		rc = coll_users_team_rename(s, &a, code, name, err);
	else if (strcmp(what, "retire") == 0)
		rc = coll_users_team_retire(s, &a, code, true, err);
	else
		return fb_err_set(err, FB_ERR_INVALID, "'team %s' is not a command: use add, rename or"
				  " retire", what);
	if (rc == 0)
		fprintf(out, "team '%s': %s\n", code, strcmp(what, "retire") == 0 ? "retired, history kept" :
			name);
	return rc;
}

int coll_admin_audit(coll_store *s, const char *user, const char *action, const char *from,
		     const char *to, FILE *out, fb_err *err)
{
	coll_store_audit_query q = {.user = user, .action = action};
	int64_t rows = 0;
	int rc = from ? coll_audit_day_start(from, &q.from_ms, err) : 0;
	if (rc == 0 && to) {
		int64_t day;
		rc = coll_audit_day_range(to, &day, &q.to_ms, err);   /* to the end of that day */
	}
	if (rc == 0)
		rc = coll_audit_write_csv(s, &q, out, &rows, err);
	if (rc == 0)
		fprintf(stderr, "%lld audit row%s\n", (long long)rows, rows == 1 ? "" : "s");
	return rc;
}
