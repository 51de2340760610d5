/* web.c: request routing, sign-in sessions, CSRF and access control for the
 * results pages. The pages themselves live in pages*.c; HTML helpers in
 * html.c; charts in svg.c.
 *
 * Sessions: the cookie holds 32 random bytes (base64url); the store keeps
 * only their BLAKE2b hash, the user, the team and the session's CSRF token.
 * Every POST form carries that token; the sign-in form, made before there is
 * a session, carries a token matched against a short-lived cookie instead
 * (double submit). A person sees only the locations and devices of their own
 * team: another team's location answers 403. The one exception is [results]
 * fleet_team (estates), whose people see every device on /fleet. */
#include "web.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "../export.h"
#include "../months.h"
#include "../seclog.h"
#include "../throttle.h"
#include "buf.h"
#include "record.h"
#include "seal.h"
#include "utf8.h"
#include "form.h"
#include "html.h"
#include "pages.h"
#include "../users.h"

#define SESSION_COOKIE "fb_session"
#define LOGIN_COOKIE "fb_login"
#define TOKEN_BYTES 32
#define TOKEN_TEXT 64            /* base64url of 32 bytes is 43 chars */
/* A sign-in form token: expiry (8 bytes, big-endian seconds), a nonce and a
 * keyed BLAKE2b tag over both, so the server can tell a still-valid token it
 * made (and reuse it) from an expired or forged one without storing any. */
#define FORM_NONCE_BYTES 16
#define FORM_TAG_BYTES 16
#define FORM_TOKEN_BYTES (8 + FORM_NONCE_BYTES + FORM_TAG_BYTES)
#define PASSWORD_MAX 256
#define LOGIN_FORM_TTL_S 3600
/* A download is written to an unlinked temporary file (tmpfile(3): the
 * unit's private /tmp) and sent from there, so the collector's memory stays
 * flat whatever its size; the cap keeps one download from filling the disk. */
#define EXPORT_MAX ((off_t)2 * 1024 * 1024 * 1024)
#define COOKIE_FLAGS "Secure; HttpOnly; SameSite=Strict"
/* The patient experience role's chosen team (a team code, no secret): only
 * read for that role, and only on the read-only team pages. */
#define VIEW_COOKIE "fb_team"
#define ASSET_MAX (4u * 1024 * 1024)     /* the NHS.UK CSS is about 150 KB */
#define ASSET_NAME_MAX 96
/* Links carry ?v=<version>, so an upgrade is fetched at once anyway. */
#define ASSET_CACHE "public, max-age=31536000, immutable"
/* Password guessing is slowed by throttle.h: waits that double per user
 * name and per client address, refused unchecked (429) while they last. */
#define LOG_NAME_MAX 48              /* a user name as logged, at most */

struct coll_web {
	const coll_config *cfg;
	coll_store *st;
	coll_store *export_st;       /* the downloads' own handle (else st) */
	unsigned char form_key[crypto_generichash_KEYBYTES]; /* this process's form tokens */
	pthread_mutex_t mu;          /* guards dummy_hash */
	bool have_dummy;
	char dummy_hash[crypto_pwhash_STRBYTES];
	coll_throttle *throttle;     /* sign-in failures by name and by address */
	const coll_themes_framework *fw;  /* borrowed; NULL = no themes on the pages */
	struct coll_retrain *trainer;   /* Train now; NULL = no button */
	coll_web_open_fn open;       /* sealed sign-ups; NULL = not here */
	const void *open_ctx;
	const struct coll_seal_keys *seal_keys;  /* borrowed; NULL = /fleet shows no keys */
};

void coll_web_set_seal_keys(coll_web *w, const struct coll_seal_keys *k)
{
	w->seal_keys = k;
}

void coll_web_set_opener(coll_web *w, coll_web_open_fn fn, const void *ctx)
{
	w->open = fn;
	w->open_ctx = ctx;
}

void coll_web_set_themes(coll_web *w, const coll_themes_framework *fw)
{
	w->fw = fw;
}

void coll_web_set_trainer(coll_web *w, struct coll_retrain *rt)
{
	w->trainer = rt;
}

int coll_web_new(const coll_config *cfg, coll_store *s, coll_web **out, fb_err *err)
{
	int rc = 0;
	coll_web *w = NULL;
	*out = NULL;
	rc = fb_sodium_init(err);
	if (rc)
		goto out;
	w = calloc(1, sizeof *w);
	if (!w) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the results pages");
		goto out;
	}
	w->cfg = cfg;
	w->st = s;
	w->export_st = s;
	randombytes_buf(w->form_key, sizeof w->form_key);
	w->throttle = coll_throttle_new(0);
	if (!w->throttle) {
		free(w);
		w = NULL;
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the results pages");
		goto out;
	}
	pthread_mutex_init(&w->mu, NULL);
	*out = w;
out:
	return rc;
}

void coll_web_free(coll_web *w)
{
	if (!w)
		return;
	pthread_mutex_destroy(&w->mu);
	coll_throttle_free(w->throttle);
	sodium_memzero(w->form_key, sizeof w->form_key);
	free(w);
}

void coll_web_set_export_store(coll_web *w, coll_store *s)
{
	w->export_st = s;
}

void coll_web_reply_clear(coll_web_reply *r)
{
	free(r->body);
	if (r->body_file)
		fclose(r->body_file);
	memset(r, 0, sizeof *r);
}

/* ---- small parsers ---------------------------------------------------------- */

static bool token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static void token_new(char out[TOKEN_TEXT])
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, TOKEN_TEXT, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

static void session_hash(const char *sid, unsigned char out[COLL_STORE_HASH_LEN])
{
	crypto_generichash(out, COLL_STORE_HASH_LEN, (const unsigned char *)sid, strlen(sid), NULL, 0);
}

/* ---- replies ------------------------------------------------------------------ */

static void reply_page(coll_web_reply *out, int status, coll_html *h)
{
	if (coll_html_failed(h)) {
		coll_html_free(h);
		coll_html_init(h, 0);
		status = coll_page_message(h, NULL, 500, "Page too large",
					   "This page grew past its size limit, so it was not sent half"
					   " finished. Narrow it down: pick a rating or a search word, or"
					   " one location at a time.");
	}
	out->status = status;
	out->body = coll_html_take(h, &out->len);
	snprintf(out->content_type, sizeof out->content_type, "text/html; charset=utf-8");
}

static void reply_message(coll_web_reply *out, const coll_html_user *u, int status, const char *title,
			  const char *text)
{
	coll_html h;
	coll_html_init(&h, 0);
	reply_page(out, coll_page_message(&h, u, status, title, text), &h);
	coll_html_free(&h);
}

static void reply_redirect(coll_web_reply *out, const char *to)
{
	coll_html h;
	coll_html_init(&h, 0);
	coll_html_raw(&h, "<!doctype html><title>Moved</title><p><a href=\"");
	coll_html_text(&h, to);
	coll_html_raw(&h, "\">Continue</a></p>\n");
	reply_page(out, 303, &h);
	snprintf(out->location, sizeof out->location, "%s", to);
	coll_html_free(&h);
}

/* ---- sign-in ------------------------------------------------------------------ */

static void form_tag(const coll_web *w, const unsigned char *msg, size_t len,
		     unsigned char tag[FORM_TAG_BYTES])
{
	crypto_generichash(tag, FORM_TAG_BYTES, msg, len, w->form_key, sizeof w->form_key);
}

/* A new sign-in form token valid until now + LOGIN_FORM_TTL_S. */
static void form_token_new(const coll_web *w, int64_t now_ms, char out[TOKEN_TEXT])
{
	unsigned char raw[FORM_TOKEN_BYTES];
	uint64_t expires = (uint64_t)(now_ms / 1000 + LOGIN_FORM_TTL_S);
	for (int i = 0; i < 8; i++)
		raw[i] = (unsigned char)(expires >> (56 - 8 * i));
	randombytes_buf(raw + 8, FORM_NONCE_BYTES);
	form_tag(w, raw, 8 + FORM_NONCE_BYTES, raw + 8 + FORM_NONCE_BYTES);
	sodium_bin2base64(out, TOKEN_TEXT, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Whether tok is a form token this process made that has not yet expired;
 * its remaining life in seconds in *left_s. */
static bool form_token_valid(const coll_web *w, const char *tok, int64_t now_ms, int *left_s)
{
	unsigned char raw[FORM_TOKEN_BYTES], tag[FORM_TAG_BYTES];
	size_t n = 0;
	uint64_t expires = 0;
	if (sodium_base642bin(raw, sizeof raw, tok, strlen(tok), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != sizeof raw)
		return false;
	form_tag(w, raw, 8 + FORM_NONCE_BYTES, tag);
	if (sodium_memcmp(tag, raw + 8 + FORM_NONCE_BYTES, FORM_TAG_BYTES) != 0)
		return false;
	for (int i = 0; i < 8; i++)
		expires = expires << 8 | raw[i];
	int64_t left = (int64_t)expires - now_ms / 1000;
	if (left <= 0 || left > LOGIN_FORM_TTL_S)
		return false;
	*left_s = (int)left;
	return true;
}

/* The sign-in form. A browser still holding a valid form cookie keeps it:
 * the form carries the same token and no new cookie is set, so a second
 * GET /login (a favicon redirect, a reload, another tab) never makes the
 * form on screen stale. Otherwise a fresh token and its cookie. */
static void login_form(coll_web *w, const coll_web_request *req, coll_web_reply *out, int status,
		       const char *message, const char *user)
{
	char tok[TOKEN_TEXT];
	int left_s = 0;
	coll_html h;
	bool reuse = coll_web_cookie_get(req->cookie, LOGIN_COOKIE, tok, sizeof tok) &&
		     form_token_valid(w, tok, req->now_ms, &left_s);
	if (!reuse)
		form_token_new(w, req->now_ms, tok);
	coll_html_init(&h, 0);
	reply_page(out, coll_page_login(&h, status, tok, message, user), &h);
	if (!reuse)
		snprintf(out->set_cookie, sizeof out->set_cookie, LOGIN_COOKIE "=%s; " COOKIE_FLAGS
			 "; Path=/login; Max-Age=%d", tok, LOGIN_FORM_TTL_S);
	coll_html_free(&h);
}

/* A hash to check unknown user names against, so they take as long as
 * known ones (made once, on the first unknown name). */
static const char *dummy_hash(coll_web *w)
{
	const char *h = NULL;
	pthread_mutex_lock(&w->mu);
	if (!w->have_dummy) {
		char pw[TOKEN_TEXT];
		token_new(pw);
		if (crypto_pwhash_str(w->dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0)
			w->have_dummy = true;
	}
	if (w->have_dummy)
		h = w->dummy_hash;
	pthread_mutex_unlock(&w->mu);
	return h;
}

/* A user name fit for the log: printable ASCII kept, anything else (a
 * newline that would forge a log line, a control character) as '?', and
 * cut short. The password never goes near the log. */
static void log_name(const char *user, char out[LOG_NAME_MAX])
{
	size_t i = 0;
	for (; user[i] && i < LOG_NAME_MAX - 1; i++)
		out[i] = user[i] >= 0x20 && user[i] < 0x7f ? user[i] : '?';
	out[i] = '\0';
	if (user[i] && i >= 3)
		memcpy(out + i - 3, "...", 3);
}

static const char *addr_of(const coll_web_request *req)
{
	return req->client_addr && req->client_addr[0] ? req->client_addr : "unknown address";
}

/* Who, for a security line (seclog.h): the client and user (NULL none). */
#define WHO(req, user) (&(coll_seclog_who){(req)->client_addr, NULL, (user), NULL})

/* One audit row for what this request did (users.h); never a password or
 * comment text. A row the store refuses is said on stderr. */
static void web_audit(coll_web *w, const coll_web_request *req, const char *user,
		      const char *action, const char *object, const char *detail)
{
	fb_err err;
	coll_audit_add(w->st, req->now_ms, user, addr_of(req), action, object, detail, &err);
}

/* "8 seconds", "1 minute", "15 minutes": a wait as a person reads it,
 * rounded up. */
static void wait_words(int64_t ms, char *out, size_t size)
{
	int64_t s = (ms + 999) / 1000;
	if (s < 1)
		s = 1;
	if (s < 60)
		snprintf(out, size, "%lld second%s", (long long)s, s == 1 ? "" : "s");
	else
		snprintf(out, size, "%lld minute%s", (long long)((s + 59) / 60), (s + 59) / 60 == 1 ? "" : "s");
}

/* Refused unchecked while a wait lasts: 429 with Retry-After and the wait
 * in words. */
static void login_wait(coll_web *w, const coll_web_request *req, coll_web_reply *out,
		       const char *user, int64_t wait_ms)
{
	char words[32], msg[400];
	wait_words(wait_ms, words, sizeof words);
	coll_seclog_event(WHO(req, user), "sign-in-locked", NULL, "too many wrong passwords;"
			  " refused unchecked, next try in %lld ms", (long long)wait_ms);
	out->logged = true;
	/* The form's own footer already says what to do about a forgotten
	 * password. */
	snprintf(msg, sizeof msg, "Too many wrong passwords have been tried from here or for this"
		 " user name, so this one was not checked. Wait %s and try again.", words);
	login_form(w, req, out, 429, msg, user);
	out->retry_after_s = (int)((wait_ms + 999) / 1000);
}

static void login_failed(coll_web *w, const coll_web_request *req, const char *user, bool known,
			 coll_web_reply *out)
{
	char name[LOG_NAME_MAX];
	log_name(user, name);
	web_audit(w, req, name, COLL_AUDIT_SIGN_IN_FAILED, name,
		  known ? "wrong password" : "unknown or disabled user");
	bool counted = coll_throttle_fail(w->throttle, user, req->client_addr, req->now_ms);
	coll_seclog_event(WHO(req, user), "sign-in-failed", NULL, "%s%s",
			  known ? "wrong password" : "unknown or disabled user",
			  counted ? "" : "; the sign-in throttle is full of recent failures (someone is"
			  " guessing on a large scale: check the firewall), so this one was not counted");
	out->logged = true;
}

static void login_post(coll_web *w, const coll_web_request *req, coll_web_reply *out)
{
	char form_tok[TOKEN_TEXT], cookie_tok[TOKEN_TEXT], csrf[TOKEN_TEXT], sid[TOKEN_TEXT];
	char user[COLL_STORE_ID_MAX], team[COLL_STORE_ID_MAX], hash[crypto_pwhash_STRBYTES];
	char pw[PASSWORD_MAX];
	unsigned char sid_hash[COLL_STORE_HASH_LEN];
	fb_err err;
	bool good = false;
	const char *bad = "The user name or password is not right. Check both and try again.";

	pw[0] = '\0';
	if (coll_web_form_get(req->body, "csrf", form_tok, sizeof form_tok) != 0 ||
	    !coll_web_cookie_get(req->cookie, LOGIN_COOKIE, cookie_tok, sizeof cookie_tok) ||
	    !token_equal(form_tok, cookie_tok) ||
	    !form_token_valid(w, form_tok, req->now_ms, &(int){0})) {
		login_form(w, req, out, 403, "This sign-in form had expired, so nothing was checked. "
			   "Enter your user name and password again.", NULL);
		coll_seclog_event(WHO(req, NULL), "csrf-refused", req->path, "the sign-in form's"
				  " token was missing, expired or not this collector's");
		out->logged = true;
		goto out;
	}
	int ru = coll_web_form_get(req->body, "user", user, sizeof user);
	int rp = coll_web_form_get(req->body, "password", pw, sizeof pw);
	if (ru == FB_ERR_INVALID || rp == FB_ERR_INVALID) {
		login_form(w, req, out, 401, bad, NULL);
		goto out;
	}
	if (ru || rp || !user[0] || !pw[0]) {
		login_form(w, req, out, 400, "Enter both your user name and your password.",
			   ru ? NULL : user);
		goto out;
	}
	int64_t wait_ms = coll_throttle_wait(w->throttle, user, req->client_addr, req->now_ms);
	if (wait_ms > 0) {
		login_wait(w, req, out, user, wait_ms);
		goto out;
	}
	int rc = coll_store_user_get(w->st, user, team, sizeof team, hash, sizeof hash, &err);
	if (rc == FB_ERR_NOTFOUND) {
		const char *d = dummy_hash(w);
		int burnt = d ? crypto_pwhash_str_verify(d, pw, strlen(pw)) : -1;
		(void)burnt;   /* as slow as a real check; always a refusal */
	} else if (rc) {
		fb_log("sign-in: %s", err.msg);
		reply_message(out, NULL, 500, "Sign-in not available just now",
			      "The results database did not answer. Try again in a minute; if this"
			      " keeps happening, tell the IT service desk.");
		goto out;
	} else {
		good = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	}
	if (!good) {
		login_failed(w, req, user, rc == 0, out);
		login_form(w, req, out, 401, bad, user);
		goto out;
	}
	coll_throttle_success(w->throttle, user);
	token_new(sid);
	token_new(csrf);
	session_hash(sid, sid_hash);
	rc = coll_store_session_add(w->st, sid_hash, user, team, csrf,
				    req->now_ms + (int64_t)w->cfg->session_ttl_s * 1000, req->now_ms, &err);
	if (rc) {
		fb_log("sign-in: %s", err.msg);
		reply_message(out, NULL, 500, "Sign-in not available just now",
			      "The session could not be saved. Try again in a minute; if this keeps"
			      " happening, tell the IT service desk.");
		goto out;
	}
	web_audit(w, req, user, COLL_AUDIT_SIGN_IN, user, "");
	coll_seclog_event(WHO(req, user), "sign-in", NULL, NULL);
	reply_redirect(out, "/");
	snprintf(out->user, sizeof out->user, "%s", user);
	snprintf(out->set_cookie, sizeof out->set_cookie, SESSION_COOKIE "=%s; " COOKIE_FLAGS
		 "; Path=/; Max-Age=%d", sid, w->cfg->session_ttl_s);
out:
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(sid, sizeof sid);
}

/* 0 with the session, FB_ERR_NOTFOUND when not signed in, other on error. */
static int session_of(coll_web *w, const coll_web_request *req, coll_store_session *s,
		      unsigned char sid_hash[COLL_STORE_HASH_LEN], fb_err *err)
{
	char sid[TOKEN_TEXT];
	if (!coll_web_cookie_get(req->cookie, SESSION_COOKIE, sid, sizeof sid))
		return fb_err_set(err, FB_ERR_NOTFOUND, "not signed in");
	session_hash(sid, sid_hash);
	sodium_memzero(sid, sizeof sid);
	return coll_store_session_get(w->st, sid_hash, req->now_ms, s, err);
}

static void logout(coll_web *w, const coll_web_request *req, const coll_store_session *s,
		   const unsigned char sid_hash[COLL_STORE_HASH_LEN], coll_web_reply *out)
{
	fb_err err;
	if (coll_store_session_delete(w->st, sid_hash, &err))
		fb_log("sign-out: %s", err.msg);
	else
		web_audit(w, req, s->user, COLL_AUDIT_SIGN_OUT, s->user, "");
	coll_seclog_event(WHO(req, s->user), "sign-out", NULL, NULL);
	reply_redirect(out, "/login");
	snprintf(out->set_cookie, sizeof out->set_cookie, SESSION_COOKIE "=; " COOKIE_FLAGS
		 "; Path=/; Max-Age=0");
}

/* ---- CSV downloads -------------------------------------------------------------- */

/* The download's file, counted: past EXPORT_MAX it takes nothing more. */
typedef struct spill {
	FILE *f;
	off_t n;
	int64_t lines;           /* newlines written */
	bool over;
} spill;

static ssize_t spill_write(void *cookie, const char *data, size_t n)
{
	spill *sp = cookie;
	if (sp->over || sp->n + (off_t)n > EXPORT_MAX) {
		sp->over = true;
		return -1;
	}
	if (fwrite(data, 1, n, sp->f) != n)
		return -1;
	sp->n += (off_t)n;
	for (size_t i = 0; i < n; i++)
		sp->lines += data[i] == '\n';
	return (ssize_t)n;
}

/* A stream into a new temporary file for sp (NULL when none could be made:
 * errno says why). */
static FILE *spill_open(spill *sp)
{
	cookie_io_functions_t io = {.write = spill_write};
	*sp = (spill){NULL, 0, 0, false};
	sp->f = tmpfile();
	return sp->f ? fopencookie(sp, "w", io) : NULL;
}

/* Hands the finished file to out as the reply's body. */
static void spill_reply(spill *sp, coll_web_reply *out)
{
	out->body_file = sp->f;
	out->len = (size_t)sp->n;
	sp->f = NULL;
}

/* Whether this person is in [results] submission_team: until roles exist
 * (issue 9), the one team that may take the unsuppressed FFT submission and
 * contact details, for every location. */
static bool in_submission_team(const coll_web *w, const coll_html_user *u)
{
	return w->cfg->submission_team[0] && strcmp(u->team, w->cfg->submission_team) == 0;
}

/* A download. fmt is what the route asks for: the FFT submission goes only
 * to the submission team, everyone else gets the published file instead;
 * ?restricted=1 on the responses (contact details) only to the submission
 * team, everyone else a 403. The submission team's files cover every
 * location; everyone else's their own team's. */
static void export_csv(coll_web *w, const coll_web_request *req, const coll_html_user *u,
		       coll_export_format fmt, coll_web_reply *out)
{
	spill sp = {NULL, 0, 0, false};
	fb_err err;
	int64_t from, to;
	char period[COLL_MONTHS_FYQ_ID], safe_team[COLL_STORE_ID_MAX], name[40];
	bool allowed = in_submission_team(w, u);
	const char *arg = req->arg ? req->arg(req->arg_ctx, fmt == COLL_EXPORT_QUALITY_BOARD ?
					      "quarter" : "month") : NULL;
	const char *restricted = req->arg ? req->arg(req->arg_ctx, "restricted") : NULL;
	coll_export_request rq = {.format = fmt, .team = allowed ? NULL : u->team};
	FILE *f = NULL;
	int rc;

	if (fmt == COLL_EXPORT_FFT_SUBMISSION && !allowed)
		rq.format = fmt = COLL_EXPORT_FFT_PUBLISHED;
	rq.restricted = fmt == COLL_EXPORT_RESPONSES && restricted && strcmp(restricted, "1") == 0;
	if (rq.restricted && !allowed) {
		reply_message(out, u, 403, "Contact details not available to you",
			      "Contact details are only in the restricted download, which for now only"
			      " the team set as submission_team in the collector's config can take. The"
			      " download without them is at the same link without restricted=1.");
		goto out;
	}
	snprintf(name, sizeof name, "%s%s", coll_export_format_name(fmt),
		 rq.restricted ? "-restricted" : "");
	if (fmt == COLL_EXPORT_QUALITY_BOARD) {
		/* NHS financial-year quarters (months.h), as on the Quality Board */
		if (arg && arg[0]) {
			rc = coll_months_fyq_range(arg, &from, &to, &err);
		} else {
			coll_months_fyq_id(req->now_ms, period);
			rc = coll_months_fyq_range(period, &from, &to, &err);
		}
	} else if (arg && arg[0]) {
		rc = coll_months_range(arg, &from, &to, &err);
	} else {
		from = coll_months_add(req->now_ms, 0);
		to = coll_months_add(req->now_ms, 1);
		rc = 0;
	}
	if (rc) {
		reply_message(out, u, 400, "Period not understood", err.msg);
		goto out;
	}
	rq.from_ms = from;
	rq.to_ms = to;
	/* named only once from is set: a period not understood leaves it unset */
	if (fmt == COLL_EXPORT_QUALITY_BOARD) {
		coll_months_fyq_id(from, period);
	} else {
		char m[8];
		coll_months_name(from, m);
		snprintf(period, sizeof period, "%s", m);
	}
	f = spill_open(&sp);
	if (!f) {
		fb_log("download %s: no temporary file: %s", name,
			strerror(errno));
		reply_message(out, u, 500, "Download not available just now",
			      "The server could not make room for the file. Try again in a minute;"
			      " if this keeps happening, tell the IT service desk.");
		goto out;
	}
	rc = coll_export_run(w->export_st, w->cfg, &rq, f, &err);
	if (fclose(f) != 0 && rc == 0)
		rc = fb_err_set(&err, FB_ERR_IO, "writing the temporary file: %s", strerror(errno));
	f = NULL;
	if (rc == 0 && fflush(sp.f) != 0)
		rc = fb_err_set(&err, FB_ERR_IO, "writing the temporary file: %s", strerror(errno));
	if (sp.over) {
		char msg[200];
		snprintf(msg, sizeof msg, "This download would be larger than %lld GB. Ask for one month"
			 " at a time, or ask the collector's administrator for a command-line export.",
			 (long long)(EXPORT_MAX / (1024 * 1024 * 1024)));
		reply_message(out, u, 413, "Download too large", msg);
		goto out;
	}
	if (rc == FB_ERR_INVALID) {
		fb_log("download %s: %s", name, err.msg);
		reply_message(out, u, 409, "Download not set up yet", err.msg);
		goto out;
	}
	if (rc) {
		fb_log("download %s: %s", name, err.msg);
		reply_message(out, u, 500, "Download not available just now",
			      "The results database did not answer. Try again in a minute; if this"
			      " keeps happening, tell the IT service desk.");
		goto out;
	}
	size_t i = 0;
	for (const char *t = allowed ? "all" : u->team; *t && i + 1 < sizeof safe_team; t++)
		safe_team[i++] = (strchr("-_.", *t) || (*t >= '0' && *t <= '9') ||
				  (*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z')) ? *t : '_';
	safe_team[i] = '\0';
	{
		/* which file, which filter, how many rows (its lines but the header) */
		int64_t lines = sp.lines;
		char detail[160];
		snprintf(detail, sizeof detail, "team %s, period %s, %lld rows", allowed ? "all" : u->team,
			 period, (long long)(lines > 0 ? lines - 1 : 0));
		web_audit(w, req, u->name, COLL_AUDIT_EXPORT, name, detail);
	}
	out->status = 200;
	spill_reply(&sp, out);
	snprintf(out->content_type, sizeof out->content_type, "text/csv; charset=utf-8");
	snprintf(out->disposition, sizeof out->disposition,
		 "attachment; filename=\"%.30s-%.40s-%.15s.csv\"", name, safe_team, period);
out:
	if (f)
		fclose(f);
	if (sp.f)
		fclose(sp.f);
}

/* ---- routing ---------------------------------------------------------------------- */

/* Whether path is one of the pages (or downloads) a person navigates to.
 * Everything else (/favicon.ico, /robots.txt, a typo, a scanner's probe) gets
 * a plain 404 before any session or sign-in state is looked at or made. */
static bool is_page_path(const char *p)
{
	static const char *const exact[] = {"/", "/login", "/logout", "/team", "/quality-board",
					    "/fleet", "/safeguarding", "/safeguarding/seen",
					    "/safeguarding/actioned", "/themes/code", "/quality-board/quote",
					    "/themes", "/themes/train", "/themes/next",
					    "/export/responses.csv",
					    "/export/fft-monthly.csv", "/export/fft-published.csv",
					    "/export/fft-submission.csv", "/export/quality-board.csv",
					    "/report", "/report.csv", "/erasure", "/erasure/confirm",
					    "/erasure/erase"};
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(p, exact[i]) == 0)
			return true;
	if (strcmp(p, "/actions") == 0 || (strncmp(p, "/actions/", 9) == 0 && p[9] != '\0'))
		return true;
	if (strcmp(p, "/volunteers") == 0 || (strncmp(p, "/volunteers/", 12) == 0 && p[12] != '\0'))
		return true;
	if (strcmp(p, "/settings") == 0 || (strncmp(p, "/settings/", 10) == 0 && p[10] != '\0'))
		return true;
	if (strcmp(p, "/admin") == 0 || strcmp(p, "/reset") == 0 ||
	    (strncmp(p, "/admin/", 7) == 0 && p[7] != '\0'))
		return true;
	return strncmp(p, "/location/", 10) == 0 && p[10] != '\0';
}

static void reply_not_found(coll_web_reply *out)
{
	static const char text[] = "Not found\n";
	out->status = 404;
	out->body = malloc(sizeof text - 1);
	if (out->body) {
		memcpy(out->body, text, sizeof text - 1);
		out->len = sizeof text - 1;
	}
	snprintf(out->content_type, sizeof out->content_type, "text/plain; charset=utf-8");
}

static bool is_get(const coll_web_request *req)
{
	return strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
}

/* ---- static files ----------------------------------------------------------------- */

/* A name we serve: letters, digits, '-', '_' and '.', not starting with a
 * dot, so "..", "%2e%2e", "%2f", a hidden file or an empty name never
 * reach the file system. */
static bool asset_name_ok(const char *s, size_t n)
{
	if (n == 0 || n >= ASSET_NAME_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' || s[i] == '.'))
			return false;
	return true;
}

/* The Content-Type of a served name, NULL for a kind we do not serve. */
static const char *asset_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".ico", "image/x-icon"}, {".png", "image/png"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* GET /assets/NAME or /assets/images/NAME: a regular file of
 * [results] static_dir, read whole; anything else a plain 404. */
static void asset(coll_web *w, const coll_web_request *req, coll_web_reply *out)
{
	const char *rel = req->path + strlen("/assets/");
	const char *name = strncmp(rel, "images/", 7) == 0 ? rel + 7 : rel;
	char path[COLL_PATH_MAX + 2 * ASSET_NAME_MAX];
	const char *type = asset_type(name);
	struct stat st;
	int fd = -1;
	char *body = NULL;
	size_t got = 0;

	if (!is_get(req) || !asset_name_ok(name, strlen(name)) || !type)
		goto not_found;
	snprintf(path, sizeof path, "%s/%s", w->cfg->static_dir, rel);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)ASSET_MAX)
		goto not_found;
	body = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!body)
		goto not_found;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, body + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got != (size_t)st.st_size) {
		fb_log("unable to read %s; check [results] static_dir", path);
		goto not_found;
	}
	close(fd);
	out->status = 200;
	out->body = body;
	out->len = got;
	snprintf(out->content_type, sizeof out->content_type, "%s", type);
	snprintf(out->cache_control, sizeof out->cache_control, ASSET_CACHE);
	return;
not_found:
	if (fd >= 0)
		close(fd);
	free(body);
	reply_not_found(out);
}

/* c->team_name from the store's teams (the admin pages' name), else "". */
static void ctx_team_name(coll_web_ctx *c)
{
	coll_store_team t;
	fb_err err;
	c->team_name[0] = '\0';
	if (coll_store_team_get(c->st, c->user.team, &t, &err) == 0)
		snprintf(c->team_name, sizeof c->team_name, "%s", t.name);
}

static void location_page(coll_web *w, const coll_web_ctx *c, const char *code, coll_web_reply *out)
{
	coll_store_location loc;
	fb_err err;
	coll_html h;
	coll_html_init(&h, 0);
	int rc = strlen(code) < COLL_STORE_ID_MAX && !strchr(code, '/') ?
		 coll_store_location_get(w->st, code, &loc, &err) : FB_ERR_NOTFOUND;
	if (rc == FB_ERR_NOTFOUND) {
		reply_message(out, &c->user, 404, "No such location",
			      "There is no location with that code. Pick one from your locations.");
	} else if (rc) {
		fb_log("location page: %s", err.msg);
		reply_message(out, &c->user, 500, "Results not available just now",
			      "The results database did not answer. Try again in a minute.");
	} else if (strcmp(loc.team, c->user.team) != 0 &&
		   !coll_page_has_role(c, COLL_ROLE_PATIENT_EXPERIENCE)) {
		reply_message(out, &c->user, 403, "Not your team's location",
			      "This location belongs to another team, so its results are not shown"
			      " to you. If you have moved team, ask the collector's administrator to"
			      " move your account.");
	} else {
		coll_web_ctx as = *c;     /* the patient experience role: the location's own team */
		as.user.team = loc.team;
		ctx_team_name(&as);
		reply_page(out, coll_page_location(&as, &loc, &h), &h);
	}
	coll_html_free(&h);
}

/* ---- flagged comments ------------------------------------------------------------ */

/* Where a flag form may send the person back to: one of our page paths,
 * plain characters only (no "//host", no query), else /safeguarding. */
static const char *flag_back(const char *back)
{
	bool ok = back[0] == '/' && back[1] != '/';
	for (const char *p = back; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     *p == '/' || *p == '-' || *p == '_' || *p == '.';
	return ok && is_page_path(back) ? back : "/safeguarding";
}

/* POST /safeguarding/seen or /safeguarding/actioned (the CSRF token already
 * checked): id, back and, for actioned, a note of what was done. A person
 * marks the flagged comments of their own team's locations; [results]
 * safeguarding_team those of every location. */
static void flag_post(coll_web *w, const coll_web_ctx *c, bool actioned, coll_web_reply *out)
{
	char id[COLL_STORE_ID_MAX], back[256] = "", note[COLL_STORE_FLAG_NOTE_MAX + 1] = "";
	char code[COLL_STORE_ID_MAX];
	coll_store_location loc;
	fb_err err;
	const char *body = c->req->body;
	int rc;
	if (coll_web_form_get(body, "id", id, sizeof id) != 0 || !id[0]) {
		reply_message(out, &c->user, 400, "Comment not understood",
			      "The form did not say which comment it was for. Go back, reload the page"
			      " and try again.");
		return;
	}
	if (coll_web_form_get(body, "back", back, sizeof back) != 0)
		back[0] = '\0';
	if (actioned) {
		rc = coll_web_form_get(body, "note", note, sizeof note);
		size_t n = strlen(note);
		while (n > 0 && (note[n - 1] == ' ' || note[n - 1] == '\t'))
			note[--n] = '\0';
		if (rc == FB_ERR_INVALID || fb_utf8_count(note, n) > COLL_WEB_FLAG_NOTE_CHARS ||
		    !fb_utf8_valid(note, n)) {
			reply_message(out, &c->user, 400, "Note too long",
				      "Keep the note of what was done to 200 characters or fewer, and"
				      " leave out names. Nothing was changed.");
			return;
		}
		if (n == 0) {
			reply_message(out, &c->user, 400, "Say what was done",
				      "Write a few words about what was done (for example \"discussed"
				      " with the ward manager\") before marking it actioned. Nothing was"
				      " changed.");
			return;
		}
	}
	rc = coll_store_flag_location(w->st, id, code, sizeof code, &err);
	if (rc == 0) {
		rc = coll_store_location_get(w->st, code, &loc, &err);
		if (rc == FB_ERR_NOTFOUND) {      /* belongs to no team: only Trust-wide */
			loc.team[0] = '\0';
			rc = 0;
		}
	}
	if (rc == FB_ERR_NOTFOUND) {
		reply_message(out, &c->user, 404, "No such flagged comment",
			      "There is no flagged comment with that id. Start again from the"
			      " safeguarding page.");
		return;
	}
	if (rc)
		goto failed;
	if (!coll_page_in_safeguarding_team(c) && strcmp(loc.team, c->user.team) != 0) {
		reply_message(out, &c->user, 403, "Not your team's comment",
			      "This comment belongs to another team's location, so you cannot mark it."
			      " Nothing was changed.");
		return;
	}
	rc = actioned ? coll_store_flag_mark_actioned(w->st, id, c->user.name, note, c->req->now_ms, &err) :
		       coll_store_flag_mark_seen(w->st, id, c->user.name, c->req->now_ms, &err);
	if (rc)
		goto failed;
	/* who did what to which comment, never its words nor the note */
	fb_log("safeguarding: %s marked comment %s %s", c->user.name,
		id, actioned ? "actioned" : "seen");
	web_audit(w, c->req, c->user.name, COLL_AUDIT_SAFEGUARDING, id,
		  actioned ? "marked actioned (note kept with the comment)" : "marked seen");
	reply_redirect(out, flag_back(back));
	return;
failed:
	fb_log("safeguarding mark: %s", err.msg);
	reply_message(out, &c->user, 500, "Not saved just now",
		      "The results database did not answer, so the comment was not marked. Try again"
		      " in a minute.");
}

/* Whether the page at p shows comments (its views are audited). */
static bool shows_comments(const char *p)
{
	return strncmp(p, "/location/", 10) == 0 || strcmp(p, "/team") == 0 ||
	       strcmp(p, "/safeguarding") == 0 || strcmp(p, "/quality-board") == 0 ||
	       strncmp(p, "/actions/", 9) == 0 || strcmp(p, "/themes/next") == 0;
}

/* A view of a page with comments: the page and its filters, never ?q= (a
 * search may be words from a comment). */
static void audit_view(coll_web *w, const coll_web_request *req, const coll_html_user *u)
{
	static const char *const keep[] = {"month", "quarter", "fft", "page", "comment", "theme", "skip"};
	char detail[200] = "";
	size_t used = 0;
	for (size_t i = 0; req->arg && i < sizeof keep / sizeof keep[0]; i++) {
		const char *v = req->arg(req->arg_ctx, keep[i]);
		if (v && v[0] && used < sizeof detail)
			used += (size_t)snprintf(detail + used, sizeof detail - used, "%s%s=%.40s",
						 used ? " " : "", keep[i], v);
	}
	const char *team = req->arg ? req->arg(req->arg_ctx, "team") : NULL;
	if (team && team[0] && used < sizeof detail)   /* the patient experience role's choice */
		snprintf(detail + used, sizeof detail - used, "%steam=%.40s", used ? " " : "", team);
	web_audit(w, req, u->name, COLL_AUDIT_VIEW_COMMENTS, req->path, detail);
}

/* GET /admin/audit.csv (pages_admin.c checks the role and the filter); the
 * download itself is audited, as every export is. */
static void audit_csv(coll_web *w, const coll_web_ctx *c, coll_web_reply *out)
{
	spill sp = {NULL, 0, 0, false};
	coll_html h;
	int64_t rows = 0;
	int status;
	coll_html_init(&h, 0);
	FILE *f = spill_open(&sp);
	if (!f) {
		fb_log("download audit: no temporary file: %s",
			strerror(errno));
		reply_message(out, &c->user, 500, "Download not available just now",
			      "The server could not make room for the file. Try again in a minute;"
			      " if this keeps happening, tell the IT service desk.");
		goto out;
	}
	status = coll_page_admin_audit_csv(c, &h, f, &rows);
	bool written = fclose(f) == 0;
	if (status != 200 && !sp.over) {
		reply_page(out, status, &h);
		goto out;
	}
	if (!written && !sp.over) {
		fb_log("download audit: writing the temporary file: %s",
			strerror(errno));
		reply_message(out, &c->user, 500, "Download not available just now",
			      "The server could not write the file. Try again in a minute;"
			      " if this keeps happening, tell the IT service desk.");
		goto out;
	}
	if (sp.over) {
		reply_message(out, &c->user, 413, "Download too large",
			      "The audit trail asked for is larger than 2 GB. Pick a shorter date range.");
		goto out;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "%lld rows", (long long)rows);
	web_audit(w, c->req, c->user.name, COLL_AUDIT_EXPORT, "audit", detail);
	out->status = 200;
	spill_reply(&sp, out);
	snprintf(out->content_type, sizeof out->content_type, "text/csv; charset=utf-8");
	snprintf(out->disposition, sizeof out->disposition, "attachment; filename=\"audit.csv\"");
out:
	coll_html_free(&h);
	if (sp.f)
		fclose(sp.f);
}

/* GET /report.csv (pages_report.c checks the role and the half); audited as
 * every download is. */
static void report_csv(coll_web *w, const coll_web_ctx *c, coll_web_reply *out)
{
	spill sp = {NULL, 0, 0, false};
	coll_html h;
	int64_t rows = 0;
	char half[16] = "";
	coll_html_init(&h, 0);
	FILE *f = spill_open(&sp);
	if (!f) {
		fb_log("download trust-report: no temporary file: %s",
			strerror(errno));
		reply_message(out, &c->user, 500, "Download not available just now",
			      "The server could not make room for the file. Try again in a minute;"
			      " if this keeps happening, tell the IT service desk.");
		goto out;
	}
	int status = coll_page_report_csv(c, &h, f, half, &rows);
	bool written = fclose(f) == 0;
	if (status != 200 || sp.over || !written) {
		if (status == 200)
			status = coll_page_message(&h, &c->user, 500, "Download not available just now",
						   "The server could not write the file. Try again in a"
						   " minute; if this keeps happening, tell the IT service desk.");
		reply_page(out, status, &h);
		goto out;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "half %s, %lld rows", half, (long long)rows);
	web_audit(w, c->req, c->user.name, COLL_AUDIT_EXPORT, "trust-report", detail);
	out->status = 200;
	spill_reply(&sp, out);
	snprintf(out->content_type, sizeof out->content_type, "text/csv; charset=utf-8");
	snprintf(out->disposition, sizeof out->disposition,
		 "attachment; filename=\"trust-report-%.15s.csv\"", half);
out:
	coll_html_free(&h);
	if (sp.f)
		fclose(sp.f);
}

static void signed_in(coll_web *w, const coll_web_request *req, const coll_store_session *s,
		      const unsigned char sid_hash[COLL_STORE_HASH_LEN], coll_web_reply *out)
{
	coll_web_ctx c = {.st = w->st, .cfg = w->cfg, .req = req, .fw = w->fw, .trainer = w->trainer,
		     .open = w->open, .open_ctx = w->open_ctx, .seal_keys = w->seal_keys,
		     .user = {.name = s->user, .team = s->team, .csrf = s->csrf, .role = s->role}};
	const char *p = req->path;
	coll_html h;
	coll_html_init(&h, 0);
	/* The patient experience role reads every team's pages: ?team=CODE on the
	 * read-only team pages, location pages and downloads shows that team's
	 * (forms still act for the person's own team, so the actions pages are
	 * left out). The choice is kept in a cookie, so the team's own links
	 * (months, locations, downloads, the menu) stay on it until another is
	 * chosen; choosing their own team forgets it. */
	const char *as_team = req->arg ? req->arg(req->arg_ctx, "team") : NULL;
	char kept_team[COLL_STORE_ID_MAX] = "";
	bool chose_team = false;
	if (is_get(req) && coll_page_has_role(&c, COLL_ROLE_PATIENT_EXPERIENCE) &&
	    (strcmp(p, "/") == 0 || strcmp(p, "/team") == 0 || strcmp(p, "/quality-board") == 0 ||
	     strcmp(p, "/themes/next") == 0 ||
	     strncmp(p, "/location/", 10) == 0 || strncmp(p, "/export/", 8) == 0)) {
		if (as_team && fb_id_valid(as_team, COLL_STORE_ID_MAX)) {
			chose_team = true;
		} else if (!as_team && coll_web_cookie_get(req->cookie, VIEW_COOKIE, kept_team,
							   sizeof kept_team) &&
			   fb_id_valid(kept_team, COLL_STORE_ID_MAX)) {
			as_team = kept_team;
		} else {
			as_team = NULL;
		}
		if (as_team)
			c.user.team = as_team;
	}
	ctx_team_name(&c);
	c.user.themes = coll_page_may_code(&c);
	if (!is_get(req)) {
		char csrf[TOKEN_TEXT];
		if (strcmp(req->method, "POST") != 0) {
			reply_message(out, &c.user, 405, "Not allowed", "Use the links and buttons on the pages.");
		} else if (coll_web_form_get(req->body, "csrf", csrf, sizeof csrf) != 0 ||
			   !token_equal(csrf, s->csrf)) {
			reply_message(out, &c.user, 403, "Form expired",
				      "This form was not sent from a page of this session, so nothing was"
				      " done. Go back, reload the page and try again.");
			coll_seclog_event(WHO(req, s->user), "csrf-refused", p, "the form's token was"
					  " missing or not this session's");
			out->logged = true;
		} else if (strcmp(p, "/logout") == 0) {
			logout(w, req, s, sid_hash, out);
		} else if (strcmp(p, "/safeguarding/seen") == 0) {
			flag_post(w, &c, false, out);
		} else if (strcmp(p, "/safeguarding/actioned") == 0) {
			flag_post(w, &c, true, out);
		} else if (strcmp(p, "/themes/code") == 0) {
			char to[256] = "";
			int status = coll_page_theme_code_post(&c, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else if (strcmp(p, "/themes/train") == 0) {
			char to[64] = "";
			int status = coll_page_themes_train_post(&c, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else if (strcmp(p, "/quality-board/quote") == 0) {
			char to[256] = "";
			int status = coll_page_theme_quote_post(&c, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else if (strncmp(p, "/admin/", 7) == 0) {
			char to[256] = "";
			int status = coll_page_admin_post(&c, p + 7, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else if (strncmp(p, "/erasure/", 9) == 0) {
			char to[64] = "";
			int status = coll_page_erasure_post(&c, p + 9, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else if (strncmp(p, "/volunteers/", 12) == 0) {
			char to[96] = "";
			int status = coll_page_volunteers_post(&c, p + 12, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else if (strncmp(p, "/settings/", 10) == 0) {
			char to[256] = "";
			int status = coll_page_settings_post(&c, p + 10, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else if (strncmp(p, "/actions/", 9) == 0) {
			char to[64] = "";
			int status = coll_page_action_post(&c, p + 9, &h, to, sizeof to);
			if (status == 303)
				reply_redirect(out, to);
			else
				reply_page(out, status, &h);
		} else {
			reply_message(out, &c.user, 404, "Page not found",
				      "There is nothing to send a form to at this address.");
		}
		goto out;
	}
	if (strcmp(p, "/") == 0)
		reply_page(out, coll_page_home(&c, &h), &h);
	else if (strcmp(p, "/login") == 0)
		reply_redirect(out, "/");
	else if (strcmp(p, "/team") == 0)
		reply_page(out, coll_page_team(&c, &h), &h);
	else if (strncmp(p, "/location/", 10) == 0)
		location_page(w, &c, p + 10, out);
	else if (strcmp(p, "/themes") == 0)
		reply_page(out, coll_page_themes_model(&c, &h), &h);
	else if (strcmp(p, "/themes/next") == 0)
		reply_page(out, coll_page_coding_queue(&c, &h), &h);
	else if (strcmp(p, "/quality-board") == 0)
		reply_page(out, coll_page_quality_board(&c, &h), &h);
	else if (strcmp(p, "/report") == 0)
		reply_page(out, coll_page_report(&c, &h), &h);
	else if (strcmp(p, "/report.csv") == 0)
		report_csv(w, &c, out);
	else if (strcmp(p, "/volunteers") == 0 || strncmp(p, "/volunteers/", 12) == 0)
		reply_page(out, coll_page_volunteers(&c, p[11] == '/' ? p + 12 : "", &h), &h);
	else if (strcmp(p, "/erasure") == 0)
		reply_page(out, coll_page_erasure(&c, &h), &h);
	else if (strcmp(p, "/fleet") == 0)
		reply_page(out, coll_page_fleet(&c, &h), &h);
	else if (strcmp(p, "/safeguarding") == 0)
		reply_page(out, coll_page_safeguarding(&c, &h), &h);
	else if (strcmp(p, "/actions") == 0)
		reply_page(out, coll_page_actions(&c, &h), &h);
	else if (strncmp(p, "/actions/", 9) == 0)
		reply_page(out, coll_page_action_get(&c, p + 9, &h), &h);
	else if (strcmp(p, "/settings") == 0)
		reply_page(out, coll_page_settings_get(&c, "", &h), &h);
	else if (strncmp(p, "/settings/", 10) == 0)
		reply_page(out, coll_page_settings_get(&c, p + 10, &h), &h);
	else if (strcmp(p, "/admin") == 0)
		reply_page(out, coll_page_admin_get(&c, "", &h), &h);
	else if (strcmp(p, "/admin/audit.csv") == 0)
		audit_csv(w, &c, out);
	else if (strncmp(p, "/admin/", 7) == 0)
		reply_page(out, coll_page_admin_get(&c, p + 7, &h), &h);
	else if (strcmp(p, "/export/responses.csv") == 0)
		export_csv(w, req, &c.user, COLL_EXPORT_RESPONSES, out);
	else if (strcmp(p, "/export/fft-monthly.csv") == 0 || strcmp(p, "/export/fft-submission.csv") == 0)
		export_csv(w, req, &c.user, COLL_EXPORT_FFT_SUBMISSION, out);
	else if (strcmp(p, "/export/fft-published.csv") == 0)
		export_csv(w, req, &c.user, COLL_EXPORT_FFT_PUBLISHED, out);
	else if (strcmp(p, "/export/quality-board.csv") == 0)
		export_csv(w, req, &c.user, COLL_EXPORT_QUALITY_BOARD, out);
	else
		reply_message(out, &c.user, 404, "Page not found",
			      "There is no page at this address. Start again from your locations.");
	if (out->status == 200 && shows_comments(p))
		audit_view(w, req, &c.user);
	if (chose_team && out->status == 200 && !out->set_cookie[0]) {
		if (strcmp(as_team, s->team) == 0)
			snprintf(out->set_cookie, sizeof out->set_cookie, VIEW_COOKIE "=; " COOKIE_FLAGS
				 "; Path=/; Max-Age=0");
		else
			snprintf(out->set_cookie, sizeof out->set_cookie, VIEW_COOKIE "=%s; " COOKIE_FLAGS
				 "; Path=/", as_team);
	}
out:
	coll_html_free(&h);
}

/* GET /reset?token= (the form) or POST /reset (the new password). The
 * token in the form is the secret only the link's holder has, so it also
 * stands for the CSRF check; a used or expired link is refused. */
static void reset_page(coll_web *w, const coll_web_request *req, coll_web_reply *out)
{
	coll_web_ctx c = {.st = w->st, .cfg = w->cfg, .req = req};
	coll_html h;
	char to[64] = "";
	coll_html_init(&h, 0);
	if (is_get(req)) {
		reply_page(out, coll_page_reset_get(&c, &h), &h);
	} else if (strcmp(req->method, "POST") == 0) {
		int status = coll_page_reset_post(&c, &h, to, sizeof to);
		if (status == 303)
			reply_redirect(out, to);
		else
			reply_page(out, status, &h);
	} else {
		reply_message(out, NULL, 405, "Not allowed", "Use the link you were given.");
	}
	coll_html_free(&h);
}

void coll_web_handle(coll_web *w, const coll_web_request *req, coll_web_reply *out)
{
	coll_store_session s;
	unsigned char sid_hash[COLL_STORE_HASH_LEN];
	fb_err err;
	int rc;
	memset(out, 0, sizeof *out);
	memset(&s, 0, sizeof s);
	if (!req->method || !req->path) {
		reply_message(out, NULL, 400, "Request not understood", "Start again from the sign-in page.");
		goto out;
	}
	if (strncmp(req->path, "/assets/", 8) == 0) {
		asset(w, req, out);     /* before any session is looked at */
		goto out;
	}
	if (!is_page_path(req->path)) {
		reply_not_found(out);
		goto out;
	}
	if (strcmp(req->path, "/login") == 0 && strcmp(req->method, "POST") == 0) {
		login_post(w, req, out);
		goto out;
	}
	if (strcmp(req->path, "/reset") == 0) {
		reset_page(w, req, out);      /* the link's token is its own proof: no session */
		goto out;
	}
	rc = session_of(w, req, &s, sid_hash, &err);
	if (rc == FB_ERR_NOTFOUND) {
		if (strcmp(req->path, "/login") == 0 && is_get(req))
			login_form(w, req, out, 200, NULL, NULL);
		else if (is_get(req))
			reply_redirect(out, "/login");
		else
			reply_message(out, NULL, 403, "Signed out",
				      "You are not signed in (or your session ended), so nothing was"
				      " done. Sign in and try again.");
	} else if (rc) {
		fb_log("session check: %s", err.msg);
		reply_message(out, NULL, 500, "Results not available just now",
			      "The results database did not answer. Try again in a minute.");
	} else {
		signed_in(w, req, &s, sid_hash, out);
		snprintf(out->user, sizeof out->user, "%s", s.user);
	}
out:
	/* every 403 says so once: another team's page, a role's, signed out */
	if (out->status == 403 && !out->logged)
		coll_seclog_event(WHO(req, s.user[0] ? s.user : NULL), "forbidden", req->path, NULL);
	sodium_memzero(&s, sizeof s);
}
