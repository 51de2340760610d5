/* users.c: users, locations and devices changed with the same checks for
 * the command line and the admin pages, each change one audit row (users.h). */
#include "users.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "record.h"
#include "seal.h"
#include "utf8.h"

static const char *const role_names[COLL_ROLES] = {
	"results", "estates", "safeguarding", "patient-experience", "admin",
};
static const char *const role_labels[COLL_ROLES] = {
	"Results", "Estates", "Safeguarding", "Patient experience", "Admin",
};

const char *coll_role_name(coll_role r)
{
	return r >= 0 && r < COLL_ROLES ? role_names[r] : "results";
}

const char *coll_role_label(coll_role r)
{
	return r >= 0 && r < COLL_ROLES ? role_labels[r] : "Results";
}

int coll_role_parse(const char *name)
{
	for (int i = 0; name && i < COLL_ROLES; i++)
		if (strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

int coll_audit_add(coll_store *s, int64_t now_ms, const char *user, const char *addr,
		   const char *action, const char *object, const char *detail, fb_err *err)
{
	int rc = coll_store_audit_add(s, now_ms, user && user[0] ? user : "unknown",
				      addr && addr[0] ? addr : "unknown", action, object ? object : "",
				      detail ? detail : "", err);
	if (rc)
		fb_log("the audit trail did not take '%s' by %s: %s",
			action, user && user[0] ? user : "unknown", err->msg);
	return rc;
}

int coll_audit_day_start(const char *day, int64_t *ms, fb_err *err)
{
	return coll_audit_day_range(day, ms, NULL, err);
}

int coll_audit_day_range(const char *day, int64_t *from_ms, int64_t *to_ms, fb_err *err)
{
	int y = 0, m = 0, d = 0;
	char tail = 0;
	struct tm tm = {0};
	if (!day || sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(day) != 10 ||
	    y < 2000 || m < 1 || m > 12 || d < 1 || d > 31)
		return fb_err_set(err, FB_ERR_INVALID, "the date '%s' is not a day like 2026-11-05",
				  day ? day : "");
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;     /* the zone's own offset that day */
	struct tm next = tm;
	*from_ms = (int64_t)mktime(&tm) * 1000;
	if (to_ms) {
		next.tm_mday++;   /* mktime carries into the next month; a 23- or 25-hour day stays right */
		*to_ms = (int64_t)mktime(&next) * 1000;
	}
	return 0;
}

/* One CSV field: quoted when it holds , " CR LF or starts like a formula. */
static void csv_field(FILE *f, const char *v, bool last)
{
	bool formula = v[0] && strchr("=+-@\t\r", v[0]) != NULL;
	if (formula || strpbrk(v, ",\"\r\n")) {
		fputc('"', f);
		if (formula)
			fputc('\'', f);
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else {
		fputs(v, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

typedef struct csv_ctx {
	FILE *f;
	int64_t rows;
} csv_ctx;

static int csv_row(void *ctx, const coll_store_audit_row *r)
{
	csv_ctx *c = ctx;
	char when[32];
	struct tm tm;
	time_t t = (time_t)(r->at_ms / 1000);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	csv_field(c->f, when, false);
	csv_field(c->f, r->user ? r->user : "", false);
	csv_field(c->f, r->addr ? r->addr : "", false);
	csv_field(c->f, r->action ? r->action : "", false);
	csv_field(c->f, r->object ? r->object : "", false);
	csv_field(c->f, r->detail ? r->detail : "", true);
	c->rows++;
	return 0;
}

int coll_audit_write_csv(coll_store *s, const coll_store_audit_query *q, FILE *f, int64_t *rows,
			 fb_err *err)
{
	csv_ctx c = {f, 0};
	fputs("when,user,address,action,object,detail\r\n", f);
	int rc = coll_store_audit_each(s, q, csv_row, &c, err);
	*rows = c.rows;
	return rc;
}

/* The change's audit row; the change is made already, so a failed row is
 * said on stderr (coll_audit_add) and not returned as the change's failure. */
static void audit(coll_store *s, const coll_actor *a, const char *action, const char *object,
		  const char *detail)
{
	fb_err err;
	coll_audit_add(s, a->now_ms, a->name, a->addr, action, object, detail, &err);
}

static int check_id(const char *what, const char *v, fb_err *err)
{
	if (!v || !fb_id_valid(v, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID, "%s takes letters, digits, '-', '_' and '.' only"
				  " (1 to %d)", what, COLL_STORE_ID_MAX - 1);
	return 0;
}

static int check_role(const char *role, fb_err *err)
{
	if (coll_role_parse(role) < 0)
		return fb_err_set(err, FB_ERR_INVALID, "role '%s' is not one of results, estates,"
				  " safeguarding, patient-experience, admin", role ? role : "");
	return 0;
}

/* Whether taking admin away from (or disabling) u would leave no enabled
 * admin: refused with a message saying what to do. */
static int check_not_last_admin(coll_store *s, const coll_store_user *u, fb_err *err)
{
	int64_t n = 0;
	if (u->disabled || strcmp(u->role, "admin") != 0)
		return 0;
	int rc = coll_store_users_count_role(s, "admin", &n, err);
	if (rc == 0 && n <= 1)
		rc = fb_err_set(err, FB_ERR_INVALID, "'%s' is the only admin left; make another user admin"
				" first, so someone can still manage users", u->name);
	return rc;
}

int coll_users_add(coll_store *s, const coll_actor *a, const char *name, const char *team,
		   const char *role, const char *password_hash, fb_err *err)
{
	char detail[COLL_STORE_ID_MAX + COLL_STORE_ROLE_MAX + 16];
	int rc = check_id("a user name", name, err);
	if (rc == 0)
		rc = check_id("a team", team, err);
	if (rc == 0)
		rc = check_role(role, err);
	if (rc == 0)
		rc = coll_store_user_add_role(s, name, team, role, password_hash ? password_hash : "", err);
	if (rc == 0) {
		snprintf(detail, sizeof detail, "team %s, role %s", team, role);
		audit(s, a, "user-add", name, detail);
	}
	return rc;
}

int coll_users_set_disabled(coll_store *s, const coll_actor *a, const char *name, bool disabled,
			    fb_err *err)
{
	coll_store_user u;
	int rc = coll_store_user_find(s, name, &u, err);
	if (rc)
		return rc;
	if (disabled && strcmp(name, a->name) == 0)
		return fb_err_set(err, FB_ERR_INVALID, "you cannot disable yourself; ask another admin");
	if (disabled)
		rc = check_not_last_admin(s, &u, err);
	if (rc == 0 && u.disabled != disabled)
		rc = coll_store_user_set_disabled(s, name, disabled, err);
	else if (rc == 0)
		return fb_err_set(err, FB_ERR_INVALID, "user '%s' is already %s", name,
				  disabled ? "disabled" : "enabled");
	if (rc == 0)
		audit(s, a, disabled ? "user-disable" : "user-enable", name,
		      disabled ? "signed out everywhere" : "");
	return rc;
}

int coll_users_set_team(coll_store *s, const coll_actor *a, const char *name, const char *team,
			fb_err *err)
{
	coll_store_user u;
	char detail[2 * COLL_STORE_ID_MAX + 8];
	int rc = check_id("a team", team, err);
	if (rc == 0)
		rc = coll_store_user_find(s, name, &u, err);
	if (rc == 0)
		rc = coll_store_user_set_team(s, name, team, err);
	if (rc == 0) {
		snprintf(detail, sizeof detail, "%s -> %s", u.team, team);
		audit(s, a, "user-team", name, detail);
	}
	return rc;
}

int coll_users_set_role(coll_store *s, const coll_actor *a, const char *name, const char *role,
			fb_err *err)
{
	coll_store_user u;
	char detail[2 * COLL_STORE_ROLE_MAX + 8];
	int rc = check_role(role, err);
	if (rc == 0)
		rc = coll_store_user_find(s, name, &u, err);
	if (rc == 0 && strcmp(role, "admin") != 0)
		rc = check_not_last_admin(s, &u, err);
	if (rc == 0)
		rc = coll_store_user_set_role(s, name, role, err);
	if (rc == 0) {
		snprintf(detail, sizeof detail, "%s -> %s", u.role, role);
		audit(s, a, "user-role", name, detail);
	}
	return rc;
}

static void token_hash(const char *token, unsigned char out[COLL_STORE_HASH_LEN])
{
	crypto_generichash(out, COLL_STORE_HASH_LEN, (const unsigned char *)token, strlen(token), NULL, 0);
}

int coll_users_reset(coll_store *s, const coll_actor *a, const char *name,
		     char token[COLL_USERS_TOKEN_TEXT], fb_err *err)
{
	coll_store_user u;
	unsigned char raw[32], hash[COLL_STORE_HASH_LEN];
	int rc = fb_sodium_init(err);
	token[0] = '\0';
	if (rc == 0)
		rc = coll_store_user_find(s, name, &u, err);
	if (rc == 0 && u.disabled)
		rc = fb_err_set(err, FB_ERR_INVALID, "user '%s' is disabled; enable them first", name);
	if (rc)
		return rc;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, COLL_USERS_TOKEN_TEXT, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	token_hash(token, hash);
	rc = coll_store_reset_add(s, hash, name,
				  a->now_ms + (int64_t)COLL_USERS_RESET_HOURS * 3600 * 1000, err);
	if (rc == 0)
		audit(s, a, "user-reset", name, "one-time link made, valid 24 hours");
	else
		sodium_memzero(token, COLL_USERS_TOKEN_TEXT);
	return rc;
}

int coll_users_reset_check(coll_store *s, const char *token, int64_t now_ms, char *user,
			   size_t size, fb_err *err)
{
	unsigned char hash[COLL_STORE_HASH_LEN];
	if (!token || !token[0] || strlen(token) >= COLL_USERS_TOKEN_TEXT)
		return fb_err_set(err, FB_ERR_NOTFOUND, "that reset link is unknown, used or expired");
	token_hash(token, hash);
	return coll_store_reset_check(s, hash, now_ms, user, size, err);
}

int coll_users_reset_use(coll_store *s, const coll_actor *a, const char *token, const char *password,
			 char *user, size_t size, fb_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	unsigned char th[COLL_STORE_HASH_LEN];
	int rc = fb_sodium_init(err);
	user[0] = '\0';
	if (rc)
		return rc;
	if (!token || !token[0] || strlen(token) >= COLL_USERS_TOKEN_TEXT)
		return fb_err_set(err, FB_ERR_NOTFOUND, "that reset link is unknown, used or expired");
	if (fb_utf8_count(password, strlen(password)) < COLL_USERS_PASSWORD_MIN)
		return fb_err_set(err, FB_ERR_INVALID, "a password needs at least %d characters",
				  COLL_USERS_PASSWORD_MIN);
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory hashing the password");
	token_hash(token, th);
	rc = coll_store_reset_use(s, th, a->now_ms, hash, user, size, err);
	if (rc == 0) {
		coll_actor self = {user, a->addr, a->now_ms};
		audit(s, &self, COLL_AUDIT_PASSWORD_SET, user, "with a one-time link");
	}
	return rc;
}

static int check_location_name(const char *name, fb_err *err)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= COLL_STORE_NAME_MAX || !fb_utf8_valid(name, n) || strpbrk(name, ";#\r\n\t"))
		return fb_err_set(err, FB_ERR_INVALID, "a location's name is 1 to %d characters, without"
				  " ';' or '#' (a tablet's config cannot hold them)", COLL_STORE_NAME_MAX - 1);
	return 0;
}

int coll_users_location_add(coll_store *s, const coll_actor *a, const char *code, const char *name,
			    const char *team, fb_err *err)
{
	char detail[COLL_STORE_NAME_MAX + COLL_STORE_ID_MAX + 16];
	int rc = check_id("a location code", code, err);
	if (rc == 0)
		rc = check_id("a team", team, err);
	if (rc == 0)
		rc = check_location_name(name, err);
	if (rc == 0)
		rc = coll_store_location_add(s, code, name, team, err);
	if (rc == 0) {
		snprintf(detail, sizeof detail, "%s, team %s", name, team);
		audit(s, a, "location-add", code, detail);
	}
	return rc;
}

int coll_users_location_rename(coll_store *s, const coll_actor *a, const char *code,
			       const char *name, fb_err *err)
{
	coll_store_location loc;
	char detail[2 * COLL_STORE_NAME_MAX + 8];
	int rc = check_location_name(name, err);
	if (rc == 0)
		rc = coll_store_location_get(s, code, &loc, err);
	if (rc == 0)
		rc = coll_store_location_rename(s, code, name, err);
	if (rc == 0) {
		snprintf(detail, sizeof detail, "%s -> %s", loc.name, name);
		audit(s, a, "location-rename", code, detail);
	}
	return rc;
}

int coll_users_location_retire(coll_store *s, const coll_actor *a, const char *code, bool retire,
			       fb_err *err)
{
	coll_store_location loc;
	int rc = coll_store_location_get(s, code, &loc, err);
	if (rc == 0 && (loc.retired_ms != 0) == retire)
		rc = fb_err_set(err, FB_ERR_INVALID, "location '%s' is already %s", code,
				retire ? "retired" : "in use");
	if (rc == 0)
		rc = coll_store_location_retire(s, code, retire ? a->now_ms : 0, err);
	if (rc == 0)
		audit(s, a, retire ? "location-retire" : "location-unretire", code,
		      retire ? "responses kept" : "");
	return rc;
}

int coll_users_team_add(coll_store *s, const coll_actor *a, const char *code, const char *name,
			fb_err *err)
{
	coll_store_team t;
	int rc = check_id("a team", code, err);
	if (rc == 0)
		rc = check_location_name(name, err);
	if (rc == 0 && coll_store_team_get(s, code, &t, err) == 0)
		rc = fb_err_set(err, FB_ERR_INVALID, "team '%s' already exists%s", code,
				t.name[0] ? "" : " (its locations or users have it): rename it instead");
	if (rc == 0)
		rc = coll_store_team_put(s, code, name, true, err);
	if (rc == 0)
		audit(s, a, "team-add", code, name);
	return rc;
}

int coll_users_team_rename(coll_store *s, const coll_actor *a, const char *code, const char *name,
			   fb_err *err)
{
	coll_store_team t;
	char detail[2 * COLL_STORE_NAME_MAX + 8];
	int rc = check_location_name(name, err);
	if (rc == 0)
		rc = coll_store_team_get(s, code, &t, err);
	if (rc == 0)
		rc = coll_store_team_put(s, code, name, false, err);
	if (rc == 0) {
		snprintf(detail, sizeof detail, "%s -> %s", t.name[0] ? t.name : code, name);
		audit(s, a, "team-rename", code, detail);
	}
	return rc;
}

int coll_users_team_retire(coll_store *s, const coll_actor *a, const char *code, bool retire,
			   fb_err *err)
{
	coll_store_team t;
	int rc = coll_store_team_get(s, code, &t, err);
	if (rc == 0 && (t.retired_ms != 0) == retire)
		rc = fb_err_set(err, FB_ERR_INVALID, "team '%s' is already %s", code,
				retire ? "retired" : "in use");
	else if (rc == 0 && retire && (t.open_locations > 0 || t.users > 0))
		rc = fb_err_set(err, FB_ERR_INVALID, "team '%s' still has %lld location%s in use and %lld"
				" enabled user%s: retire its locations and move or disable its people first",
				code, (long long)t.open_locations, t.open_locations == 1 ? "" : "s",
				(long long)t.users, t.users == 1 ? "" : "s");
	if (rc == 0 && !t.name[0])      /* a team known only from its locations gets its row */
		rc = coll_store_team_put(s, code, code, false, err);
	if (rc == 0)
		rc = coll_store_team_retire(s, code, retire ? a->now_ms : 0, err);
	if (rc == 0)
		audit(s, a, retire ? "team-retire" : "team-unretire", code, retire ? "history kept" : "");
	return rc;
}

int coll_users_device_revoke(coll_store *s, const coll_actor *a, const char *id, fb_err *err)
{
	int rc = coll_store_device_revoke(s, id, err);
	if (rc == 0)
		audit(s, a, "device-revoke", id, "can no longer send");
	return rc;
}

int coll_users_device_locations(coll_store *s, const coll_actor *a, const char *id,
				const char *const *codes, size_t n, fb_err *err)
{
	coll_store_device dev;
	char detail[COLL_STORE_AUDIT_FIELD_MAX] = "";
	size_t used = 0;
	int rc = coll_store_device_get(s, id, &dev, err);
	if (rc == 0 && (n == 0 || n > COLL_STORE_DEVICE_LOCATIONS_MAX))
		rc = fb_err_set(err, FB_ERR_INVALID, "a device speaks for 1 to %d locations",
				COLL_STORE_DEVICE_LOCATIONS_MAX);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		coll_store_location loc;
		rc = coll_store_location_get(s, codes[i], &loc, err);
		if (rc == FB_ERR_NOTFOUND)
			rc = fb_err_set(err, FB_ERR_INVALID, "no location '%s'; add it first", codes[i]);
		else if (rc == 0 && loc.retired_ms)
			rc = fb_err_set(err, FB_ERR_INVALID, "location '%s' is retired; a device cannot"
					" speak for it", codes[i]);
		if (rc == 0 && used < sizeof detail)
			used += (size_t)snprintf(detail + used, sizeof detail - used, "%s%s",
						 i ? ", " : "", codes[i]);
	}
	if (rc == 0)
		rc = coll_store_device_locations_set(s, id, codes, n, err);
	if (rc == 0)
		audit(s, a, "device-locations", id, detail);
	return rc;
}
