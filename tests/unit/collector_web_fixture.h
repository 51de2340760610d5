/* collector_web_fixture: what the results-page unit tests share: a fixture
 * (a temporary store, a config, the web handler, a cookie jar and a clock),
 * one request through coll_web_handle, and signing in as a browser would
 * (the form's token and its cookie, then the session's CSRF token).
 * Include after cmocka.h and the collector headers; define PASSWORD (the
 * test users' password) first. */
#ifndef TEST_COLLECTOR_WEB_FIXTURE_H
#define TEST_COLLECTOR_WEB_FIXTURE_H

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx {
	char dir[64];
	char path[128];
	coll_config cfg;
	coll_store *st;
	coll_web *w;
	int next_id;
	const char *args[16];          /* name, value, ..., NULL */
	char cookie[128];              /* "fb_session=..." once signed in */
	char csrf[80];
	coll_web_reply r;
	int64_t now;                   /* the clock requests carry */
	const char *addr;              /* the client address requests carry */
} fx;

static const char *fx_arg(void *ctx, const char *name)
{
	fx *f = ctx;
	for (int i = 0; i + 1 < 16 && f->args[i]; i += 2)
		if (strcmp(f->args[i], name) == 0)
			return f->args[i + 1];
	return NULL;
}

/* Sends one request; the reply is left in f->r (body NUL-terminated). */
static inline void send_req(fx *f, const char *method, const char *path, const char *cookie,
		     const char *body)
{
	coll_web_reply_clear(&f->r);
	coll_web_request req = {.method = method, .path = path, .cookie = cookie, .arg = fx_arg,
			   .arg_ctx = f, .body = body, .body_len = body ? strlen(body) : 0,
			   .now_ms = f->now, .client_addr = f->addr};
	coll_web_handle(f->w, &req, &f->r);
	assert_non_null(f->r.body);
	char *b = realloc(f->r.body, f->r.len + 1);
	assert_non_null(b);
	b[f->r.len] = '\0';
	f->r.body = b;
}

static inline void get(fx *f, const char *path)
{
	send_req(f, "GET", path, f->cookie[0] ? f->cookie : NULL, NULL);
}

/* Copies value="..." after `after` in the body. */
static inline void field_value(const char *body, const char *after, char *out, size_t size)
{
	const char *p = strstr(body, after);
	assert_non_null(p);
	p = strstr(p, "value=\"");
	assert_non_null(p);
	p += 7;
	size_t n = strcspn(p, "\"");
	assert_true(n < size);
	memcpy(out, p, n);
	out[n] = '\0';
}

/* The sign-in form's token and its cookie, as a browser would hold them. */
static inline void login_form(fx *f, char *cookie, size_t csize, char *tok, size_t tsize)
{
	send_req(f, "GET", "/login", NULL, NULL);
	assert_int_equal(f->r.status, 200);
	field_value(f->r.body, "name=\"csrf\"", tok, tsize);
	size_t n = strcspn(f->r.set_cookie, ";");
	assert_true(n < csize);
	memcpy(cookie, f->r.set_cookie, n);
	cookie[n] = '\0';
}

static inline void try_login(fx *f, const char *user, const char *pw)
{
	char cookie[128], tok[80], body[256];
	login_form(f, cookie, sizeof cookie, tok, sizeof tok);
	snprintf(body, sizeof body, "csrf=%s&user=%s&password=%s", tok, user, pw);
	send_req(f, "POST", "/login", cookie, body);
}

static inline void login(fx *f, const char *user)
{
	try_login(f, user, "correct+horse+battery");
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/");
	size_t n = strcspn(f->r.set_cookie, ";");
	assert_true(n < sizeof f->cookie);
	memcpy(f->cookie, f->r.set_cookie, n);
	f->cookie[n] = '\0';
	get(f, "/");
	assert_int_equal(f->r.status, 200);
	field_value(f->r.body, "action=\"/logout\"", f->csrf, sizeof f->csrf);
}

static inline void add_user(fx *f, const char *name, const char *team)
{
	char hash[crypto_pwhash_STRBYTES];
	fb_err err;
	assert_int_equal(crypto_pwhash_str(hash, PASSWORD, strlen(PASSWORD),
					   crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(coll_store_user_add(f->st, name, team, hash, &err), 0);
}

#endif
