/* accounts.c: users' roles and disabled state, password reset links and
 * retiring or renaming locations (schema 6; store.h's "accounts" part).
 * Every statement is prepared with $1..$n; a change touching more than one
 * table (disabling, using a reset link) is one transaction. */
#include "backend.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HEX_LEN (COLL_STORE_HASH_LEN * 2 + 1)

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void to_hex(const unsigned char *bin, char out[HEX_LEN])
{
	sodium_bin2hex(out, HEX_LEN, bin, COLL_STORE_HASH_LEN);
}

static int count_rows(void *ctx, int ncols, const char *const *vals)
{
	(void)ncols;
	(void)vals;
	(*(int64_t *)ctx)++;
	return 0;
}

int coll_store_user_add_role(coll_store *s, const char *name, const char *team, const char *role,
			     const char *password_hash, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(name), P_TEXT(team), P_TEXT(password_hash), P_TEXT(role)};
	int rc = coll_store_run(s, "INSERT INTO users (name, team, password_hash, role)"
				" VALUES ($1, $2, $3, $4)", p, 4, NULL, NULL, err);
	if (rc == FB_ERR_INVALID)
		fb_err_set(err, rc, "user '%s' already exists", name);
	return rc;
}

typedef struct users_ctx {
	int (*fn)(void *ctx, const coll_store_user *u);
	void *ctx;
	coll_store_user *one;
	bool found;
} users_ctx;

static int get_user_row(void *ctx, int ncols, const char *const *vals)
{
	users_ctx *c = ctx;
	coll_store_user tmp;
	coll_store_user *u = c->one ? c->one : &tmp;
	(void)ncols;
	copy_str(u->name, sizeof u->name, vals[0]);
	copy_str(u->team, sizeof u->team, vals[1]);
	copy_str(u->role, sizeof u->role, vals[2]);
	u->disabled = coll_store_i64(vals[3]) != 0;
	u->has_password = coll_store_i64(vals[4]) != 0;
	c->found = true;
	return c->fn ? c->fn(c->ctx, u) : 0;
}

int coll_store_user_find(coll_store *s, const char *name, coll_store_user *out, fb_err *err)
{
	users_ctx c = {NULL, NULL, out, false};
	coll_store_param p[] = {P_TEXT(name)};
	memset(out, 0, sizeof *out);
	int rc = coll_store_run(s, "SELECT name, team, role, disabled,"
				" CASE WHEN password_hash = '' THEN 0 ELSE 1 END FROM users WHERE name = $1",
				p, 1, get_user_row, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no user '%s'", name);
	return rc;
}

int coll_store_users_each(coll_store *s, int (*fn)(void *ctx, const coll_store_user *u), void *ctx,
			  fb_err *err)
{
	users_ctx c = {fn, ctx, NULL, false};
	return coll_store_run(s, "SELECT name, team, role, disabled,"
			      " CASE WHEN password_hash = '' THEN 0 ELSE 1 END FROM users ORDER BY name",
			      NULL, 0, get_user_row, &c, err);
}

int coll_store_users_count_role(coll_store *s, const char *role, int64_t *out, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(role)};
	*out = 0;
	return coll_store_run(s, "SELECT count(*) FROM users WHERE role = $1 AND disabled = 0",
			      p, 1, coll_store_get_int, out, err);
}

/* Runs one UPDATE ... RETURNING 1 of user name; FB_ERR_NOTFOUND when none. */
static int user_update(coll_store *s, const char *sql, const char *name, const char *value,
		       fb_err *err)
{
	int64_t n = 0;
	coll_store_param p[] = {P_TEXT(name), P_TEXT(value)};
	int rc = coll_store_run(s, sql, p, 2, count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no user '%s'", name);
	return rc;
}

int coll_store_user_set_role(coll_store *s, const char *name, const char *role, fb_err *err)
{
	return user_update(s, "UPDATE users SET role = $2 WHERE name = $1 RETURNING 1", name, role, err);
}

int coll_store_user_set_team(coll_store *s, const char *name, const char *team, fb_err *err)
{
	return user_update(s, "UPDATE users SET team = $2 WHERE name = $1 RETURNING 1", name, team, err);
}

int coll_store_user_set_disabled(coll_store *s, const char *name, bool disabled, fb_err *err)
{
	int64_t n = 0;
	coll_store_param p[] = {P_TEXT(name), P_INT(disabled ? 1 : 0)};
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = s->be->exec(s->db, "UPDATE users SET disabled = $2 WHERE name = $1 RETURNING 1", p, 2,
			 count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no user '%s'", name);
	/* signed out everywhere at once */
	if (rc == 0 && disabled)
		rc = s->be->exec(s->db, "DELETE FROM sessions WHERE user_name = $1", p, 1, NULL, NULL, err);
	return coll_store_tx_end(s, rc, err);
}

int coll_store_reset_add(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			 const char *name, int64_t expires_ms, fb_err *err)
{
	char hex[HEX_LEN];
	to_hex(token_hash, hex);
	coll_store_param p[] = {P_TEXT(hex), P_TEXT(name), P_INT(expires_ms)};
	return coll_store_run(s, "INSERT INTO password_resets (token_hash, user_name, expires_ms)"
			      " VALUES ($1, $2, $3)", p, 3, NULL, NULL, err);
}

typedef struct name_ctx {
	char *buf;
	size_t size;
	bool found;
} name_ctx;

static int get_name(void *ctx, int ncols, const char *const *vals)
{
	name_ctx *c = ctx;
	(void)ncols;
	copy_str(c->buf, c->size, vals[0]);
	c->found = true;
	return 0;
}

#define RESET_FIND_SQL "SELECT r.user_name FROM password_resets r JOIN users u ON u.name = r.user_name" \
	" WHERE r.token_hash = $1 AND r.used_ms IS NULL AND r.expires_ms > $2 AND u.disabled = 0"

int coll_store_reset_check(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			   int64_t now_ms, char *user, size_t size, fb_err *err)
{
	char hex[HEX_LEN];
	name_ctx c = {user, size, false};
	to_hex(token_hash, hex);
	coll_store_param p[] = {P_TEXT(hex), P_INT(now_ms)};
	int rc = coll_store_run(s, RESET_FIND_SQL, p, 2, get_name, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "that reset link is unknown, used or expired");
	return rc;
}

int coll_store_reset_use(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			 int64_t now_ms, const char *password_hash, char *user, size_t size,
			 fb_err *err)
{
	char hex[HEX_LEN];
	name_ctx c = {user, size, false};
	to_hex(token_hash, hex);
	coll_store_param p[] = {P_TEXT(hex), P_INT(now_ms)};
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	rc = s->be->exec(s->db, RESET_FIND_SQL, p, 2, get_name, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "that reset link is unknown, used or expired");
	if (rc == 0)
		rc = s->be->exec(s->db, "UPDATE password_resets SET used_ms = $2 WHERE token_hash = $1",
				 p, 2, NULL, NULL, err);
	coll_store_param q[] = {P_TEXT(user), P_TEXT(password_hash)};
	if (rc == 0)
		rc = s->be->exec(s->db, "UPDATE users SET password_hash = $2 WHERE name = $1", q, 2,
				 NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM sessions WHERE user_name = $1", q, 1, NULL, NULL, err);
	return coll_store_tx_end(s, rc, err);
}

int coll_store_location_rename(coll_store *s, const char *code, const char *name, fb_err *err)
{
	int64_t n = 0;
	coll_store_param p[] = {P_TEXT(code), P_TEXT(name)};
	int rc = coll_store_run(s, "UPDATE locations SET name = $2 WHERE code = $1 RETURNING 1", p, 2,
				count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no location '%s'", code);
	return rc;
}

int coll_store_location_retire(coll_store *s, const char *code, int64_t now_ms, fb_err *err)
{
	int64_t n = 0;
	coll_store_param p[] = {P_TEXT(code), now_ms ? P_INT(now_ms) : P_TEXT(NULL)};
	int rc = coll_store_run(s, "UPDATE locations SET retired_ms = $2 WHERE code = $1 RETURNING 1",
				p, 2, count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no location '%s'", code);
	return rc;
}

#define TEAMS_SQL "SELECT c.code, t.name, t.retired_ms," \
	" (SELECT count(*) FROM locations l WHERE l.team = c.code)," \
	" (SELECT count(*) FROM locations l WHERE l.team = c.code AND l.retired_ms IS NULL)," \
	" (SELECT count(*) FROM users u WHERE u.team = c.code AND u.disabled = 0)" \
	" FROM (SELECT code FROM teams UNION SELECT team FROM locations UNION SELECT team FROM users) c" \
	" LEFT JOIN teams t ON t.code = c.code"

typedef struct teams_ctx {
	int (*fn)(void *ctx, const coll_store_team *t);
	void *ctx;
	coll_store_team *one;
	bool found;
} teams_ctx;

static int get_team_row(void *ctx, int ncols, const char *const *vals)
{
	teams_ctx *c = ctx;
	coll_store_team tmp;
	coll_store_team *t = c->one ? c->one : &tmp;
	(void)ncols;
	copy_str(t->code, sizeof t->code, vals[0]);
	copy_str(t->name, sizeof t->name, vals[1]);
	t->retired_ms = coll_store_i64(vals[2]);
	t->locations = coll_store_i64(vals[3]);
	t->open_locations = coll_store_i64(vals[4]);
	t->users = coll_store_i64(vals[5]);
	c->found = true;
	return c->fn ? c->fn(c->ctx, t) : 0;
}

int coll_store_teams_each(coll_store *s, int (*fn)(void *ctx, const coll_store_team *t), void *ctx,
			  fb_err *err)
{
	teams_ctx c = {fn, ctx, NULL, false};
	return coll_store_run(s, TEAMS_SQL " ORDER BY c.code", NULL, 0, get_team_row, &c, err);
}

int coll_store_team_get(coll_store *s, const char *code, coll_store_team *out, fb_err *err)
{
	teams_ctx c = {NULL, NULL, out, false};
	coll_store_param p[] = {P_TEXT(code)};
	memset(out, 0, sizeof *out);
	int rc = coll_store_run(s, TEAMS_SQL " WHERE c.code = $1", p, 1, get_team_row, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no team '%s'", code);
	return rc;
}

int coll_store_team_put(coll_store *s, const char *code, const char *name, bool add, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(code), P_TEXT(name)};
	int rc = add ? coll_store_run(s, "INSERT INTO teams (code, name) VALUES ($1, $2)", p, 2, NULL,
				      NULL, err) :
		       coll_store_run(s, "INSERT INTO teams (code, name) VALUES ($1, $2)"
				      " ON CONFLICT (code) DO UPDATE SET name = excluded.name", p, 2, NULL,
				      NULL, err);
	if (rc == FB_ERR_INVALID && add)
		fb_err_set(err, rc, "team '%s' already exists", code);
	return rc;
}

int coll_store_team_retire(coll_store *s, const char *code, int64_t now_ms, fb_err *err)
{
	int64_t n = 0;
	coll_store_param p[] = {P_TEXT(code), now_ms ? P_INT(now_ms) : P_TEXT(NULL)};
	int rc = coll_store_run(s, "UPDATE teams SET retired_ms = $2 WHERE code = $1 RETURNING 1", p, 2,
				count_rows, &n, err);
	if (rc == 0 && n == 0)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no team '%s'", code);
	return rc;
}
