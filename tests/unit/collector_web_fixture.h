/* collector_web_fixture: what the results-page unit tests share: a fixture
 * (a temporary store, a config, the web handler, a cookie jar and a clock),
 * one request through coll_web_handle, and signing in as a browser would
 * (the form's token and its cookie, then the session's CSRF token).
 * fx_open and fx_close make and remove the temporary store; fx_response
 * and fx_store put one response in it, put n alike; count_of counts what a
 * page says; post sends a form with the session's CSRF token; fx_audit_of
 * reads back the audit rows of one action; fx_setup_themes is the setup of
 * the pages that show themes; add_user and add_role make test users, all
 * with PASSWORD, which login sends.
 * Include after cmocka.h and the collector headers; define NOW (the clock
 * fx_setup_wards starts at) first. */
#ifndef TEST_COLLECTOR_WEB_FIXTURE_H
#define TEST_COLLECTOR_WEB_FIXTURE_H

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/themes/framework.h"
#include "src_path.h"

/* The test users' password (login sends it form-encoded). */
#define PASSWORD "correct horse battery"
#define DAY (24LL * 3600 * 1000)           /* in milliseconds, as the clock is */

/* The address a ward manager's PC signs in from. */
#define MANAGER_PC "192.0.2.10"

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
	char response_id[40];          /* the id fx_response gave last */
} fx;

/* A fixture on an empty SQLite store in /tmp/fb-<tag>-XXXXXX, the clock at
 * now; the config is read by the handler as the test changes it. */
static inline fx *fx_open(const char *tag, int64_t now)
{
	fx *f = calloc(1, sizeof *f);
	fb_err err;
	assert_non_null(f);
	f->now = now;
	assert_true(sodium_init() >= 0);
	snprintf(f->dir, sizeof f->dir, "/tmp/fb-%s-XXXXXX", tag);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/collector.db", f->dir);
	coll_config_defaults(&f->cfg);
	assert_int_equal(coll_store_open_sqlite(f->path, &f->st, &err), 0);
	assert_int_equal(coll_web_new(&f->cfg, f->st, &f->w, &err), 0);
	return f;
}

/* The Trust's zone, as the collector's main sets it: 0, or 1 said on stderr. */
static inline int fx_use_trust_zone(void)
{
	fb_err err;
	if (coll_months_use_zone("Europe/London", &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return 0;
}

/* Willow and Ash wards (team willow) and Oak ward (team oak). */
static inline void fx_add_wards(fx *f)
{
	fb_err err;
	assert_int_equal(coll_store_location_add(f->st, "WARD1", "Willow Ward", "willow", &err), 0);
	assert_int_equal(coll_store_location_add(f->st, "WARD3", "Ash Ward", "willow", &err), 0);
	assert_int_equal(coll_store_location_add(f->st, "WARD2", "Oak Ward", "oak", &err), 0);
}

static inline void fx_close(fx *f)
{
	char p[160];
	coll_web_reply_clear(&f->r);
	coll_web_free(f->w);
	coll_store_close(f->st);
	const char *files[] = {"collector.db", "collector.db-wal", "collector.db-shm",
			       "collector.db-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, files[i]);
		unlink(p);
	}
	assert_int_equal(rmdir(f->dir), 0);
	free(f);
}

static inline void add_user(fx *f, const char *name, const char *team);

/* A cmocka setup: the three wards, their managers wendy (willow) and owen
 * (oak), requests from the manager's PC. */
static inline int fx_setup_wards(void **state)
{
	fx *f = fx_open("web", NOW);
	f->addr = MANAGER_PC;
	fx_add_wards(f);
	add_user(f, "wendy", "willow");
	add_user(f, "owen", "oak");
	*state = f;
	return 0;
}

/* A cmocka setup for the pages that show themes: fx_setup_wards on the
 * Trust's zone, with the shipped framework (config/themes/framework.json)
 * loaded into fw and given to the web handler; 0, or 1 said on stderr. */
static inline int fx_setup_themes(void **state, coll_themes_framework *fw)
{
	fb_err err;
	if (fx_use_trust_zone())
		return 1;
	if (coll_themes_framework_load(test_src_path("config/themes/framework.json"), NULL, fw, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	fx_setup_wards(state);
	fx *f = *state;
	coll_web_set_themes(f->w, fw);
	return 0;
}

static inline int fx_teardown(void **state)
{
	fx_close(*state);
	return 0;
}

/* A one-minute English FFT response from kiosk-1 at location, submitted at
 * `at` and received then, with the next id; callers set what else they need. */
static inline coll_store_response fx_response(fx *f, const char *location, int fft, int64_t at)
{
	static const unsigned char digest[COLL_STORE_HASH_LEN];
	snprintf(f->response_id, sizeof f->response_id, "019a0000-0000-7000-8000-%012d",
		 ++f->next_id);
	return (coll_store_response){
		.id = f->response_id, .digest = digest, .device_id = "kiosk-1", .location = location,
		.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
		.started_at_ms = at - 60000, .submitted_at_ms = at, .duration_ms = 60000,
		.received_at_ms = at, .fft = fft, .answers_json = "{}",
	};
}

/* Stores r, which must be new. */
static inline void fx_store(fx *f, const coll_store_response *r)
{
	fb_err err;
	coll_store_outcome o;
	assert_int_equal(coll_store_responses_put(f->st, r, 1, &o, &err), 0);
	assert_int_equal(o, COLL_STORE_STORED);
}

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
	if (f->r.body_file) { /* a download: read back from its file, as MHD sends it */
		assert_null(f->r.body);
		f->r.body = malloc(f->r.len + 1);
		assert_non_null(f->r.body);
		rewind(f->r.body_file);
		assert_int_equal(fread(f->r.body, 1, f->r.len, f->r.body_file), f->r.len);
		assert_int_equal(fgetc(f->r.body_file), EOF);
	}
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

/* POSTs body (form-encoded, without the token; may be "") to path with csrf
 * as the form's token, in the session's cookie. */
static inline void post_with_token(fx *f, const char *path, const char *body, const char *csrf)
{
	size_t size = strlen("csrf=&") + strlen(csrf) + strlen(body) + 1;
	char *full = malloc(size);
	assert_non_null(full);
	snprintf(full, size, "csrf=%s%s%s", csrf, body[0] ? "&" : "", body);
	send_req(f, "POST", path, f->cookie, full);
	free(full);
}

/* The same with the session's CSRF token, as the page's form would send it. */
static inline void post(fx *f, const char *path, const char *body)
{
	post_with_token(f, path, body, f->csrf);
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

/* PASSWORD's hash, made quickly (the least work libsodium allows). */
static inline void fx_password_hash(char hash[crypto_pwhash_STRBYTES])
{
	assert_int_equal(crypto_pwhash_str(hash, PASSWORD, strlen(PASSWORD),
					   crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
}

/* A results user of team. */
static inline void add_user(fx *f, const char *name, const char *team)
{
	char hash[crypto_pwhash_STRBYTES];
	fb_err err;
	fx_password_hash(hash);
	assert_int_equal(coll_store_user_add(f->st, name, team, hash, &err), 0);
}

/* A user of team with role ("estates", "patient-experience", ...). */
static inline void add_role(fx *f, const char *name, const char *team, const char *role)
{
	char hash[crypto_pwhash_STRBYTES];
	fb_err err;
	fx_password_hash(hash);
	assert_int_equal(coll_store_user_add_role(f->st, name, team, role, hash, &err), 0);
}

/* How many times needle occurs in the reply's body. */
static inline int count_of(const fx *f, const char *needle)
{
	int n = 0;
	const char *p = strstr(f->r.body, needle);
	while (p && n < 100000) {
		n++;
		p = strstr(p + 1, needle);
	}
	return n;
}

/* What an audit query found: fx_audit_row counts the rows it visits and
 * keeps the last one's words; fx_audit_of runs it over one action's rows. */
typedef struct fx_audit_seen {
	int n;
	char user[64], object[96], detail[512];
} fx_audit_seen;

static int fx_audit_row(void *ctx, const coll_store_audit_row *r)
{
	fx_audit_seen *a = ctx;
	a->n++;
	snprintf(a->user, sizeof a->user, "%s", r->user);
	snprintf(a->object, sizeof a->object, "%s", r->object);
	snprintf(a->detail, sizeof a->detail, "%s", r->detail);
	return 0;
}

static inline fx_audit_seen fx_audit_of(fx *f, const char *action)
{
	fx_audit_seen a = {0};
	fb_err err;
	coll_store_audit_query q = {.action = action};
	assert_int_equal(coll_store_audit_each(f->st, &q, fx_audit_row, &a, &err), 0);
	return a;
}

/* n responses at location with rating fft, submitted at `at` and received
 * a second later. */
static inline void put(fx *f, const char *location, int fft, int n, const char *text,
		       bool flagged, unsigned flags, int64_t at)
{
	for (int i = 0; i < n; i++) {
		char json[512];
		coll_store_response r = fx_response(f, location, fft, at);
		if (text)
			snprintf(json, sizeof json, "{\"what_was_good\": \"%s\"}", text);
		r.received_at_ms = at + 1000;
		r.flags = flags;
		r.free_text_json = text ? json : NULL;
		r.safeguarding = flagged;
		fx_store(f, &r);
	}
}

#endif
