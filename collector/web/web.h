/* web: the results pages, exports and fleet page teams and estates staff read
 * in a browser (no JavaScript), kept apart from ingest.
 * Owns: login sessions (cookie Secure, HttpOnly, SameSite=Strict; CSRF token
 * on every form), access control (a team sees only its own locations, 403
 * otherwise; the estates role, or [results] fleet_team, sees every device on
 * /fleet; the patient experience role reads every team's pages; the admin
 * role alone opens /admin), HTML,
 * server-drawn SVG charts and CSV downloads; the page styles and icons of
 * [results] static_dir at /assets/NAME and /assets/images/NAME (plain names
 * only, no sign-in, no cookie).
 * Promises: counts from 1 to suppress_below-1 are shown as '*' everywhere;
 * synthetic responses are never counted; every page escapes what it prints. */
#ifndef COLL_WEB_H
#define COLL_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "../collector_config.h"
#include "../store/store.h"

typedef struct coll_web coll_web;

/* A request as the HTTP layer hands it over (nothing of libmicrohttpd). */
typedef struct coll_web_request {
	const char *method;         /* "GET" / "POST" */
	const char *path;           /* without the query string */
	const char *cookie;         /* Cookie header or NULL */
	/* query-string argument by name, or NULL */
	const char *(*arg)(void *ctx, const char *name);
	void *arg_ctx;
	const char *body;           /* form body (POST), NUL-terminated, or NULL */
	size_t body_len;
	int64_t now_ms;
	const char *client_addr;    /* "192.0.2.7", "2001:db8::1"; NULL or "" unknown */
} coll_web_request;

typedef struct coll_web_reply {
	int status;
	char *body;                 /* malloc'd */
	size_t len;
	FILE *body_file;            /* else the body is this file's first len bytes
				     * (a download); closed by coll_web_reply_clear */
	char content_type[64];
	char set_cookie[256];       /* "" = none */
	char location[256];         /* redirect target, "" = none */
	char disposition[128];      /* Content-Disposition, "" = none */
	char cache_control[64];     /* "" = no-store (every page); set for /assets/ */
	int retry_after_s;          /* Retry-After, 0 = none */
	/* For the access line (seclog.h): the signed-in person ("" none) and
	 * whether this request's security event line is already written. */
	char user[COLL_STORE_ID_MAX];
	bool logged;
} coll_web_reply;

int coll_web_new(const coll_config *cfg, coll_store *s, coll_web **out, fb_err *err);
void coll_web_free(coll_web *w);          /* NULL is a no-op */
/* Downloads read through s, a second handle on the same store, so a long
 * export never holds the handle that pushes and pages use (SQLite's WAL
 * lets its reads run beside their writes). s outlives w. */
void coll_web_set_export_store(coll_web *w, coll_store *s);
/* Turns on the themes parts of the pages (suggested themes, coding a
 * comment, "What people are telling us") with fw, borrowed: it outlives w.
 * Without it the pages show no themes. */
struct coll_themes_framework;
void coll_web_set_themes(coll_web *w, const struct coll_themes_framework *fw);
/* Turns on the themes page's Train now button with the collector's trainer
 * (retrain.h), borrowed: it outlives w. Without it the page shows the model
 * but no button. Set before serving. */
struct coll_retrain;
void coll_web_set_trainer(coll_web *w, struct coll_retrain *rt);
/* How the volunteers page opens a sign-up's sealed contact (the ingest's
 * keys: coll_ingest_open), with ctx; *plain malloc'd, wiped and freed by the
 * page. Without it the page says the contact cannot be opened here. */
typedef int (*coll_web_open_fn)(const void *ctx, const char *b64, char **plain, size_t *len,
				fb_err *err);
void coll_web_set_opener(coll_web *w, coll_web_open_fn fn, const void *ctx);
/* Gives /fleet the Trust's public keys (collector/seal_keys.h), borrowed: k
 * outlives w. With them each device's row says which key it seals to, and
 * those who see every device are told whether each old key can be retired.
 * Without them the page shows no keys. */
struct coll_seal_keys;
void coll_web_set_seal_keys(coll_web *w, const struct coll_seal_keys *k);
void coll_web_handle(coll_web *w, const coll_web_request *req, coll_web_reply *out);
void coll_web_reply_clear(coll_web_reply *r);

#endif
