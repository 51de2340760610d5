/* fuzz_web: libFuzzer harness for the whole results-pages request handler
 * (collector/web/web.c, coll_web_handle, with the pages, exports and assets
 * behind it), on a fixture: a real SQLite store in a scratch directory (the
 * wards WARD1 and WARD3 of team willow, WARD2 of team oak, a device, a few
 * responses with comments, one flagged), wendy of willow signed in with a
 * known session and CSRF token (in the dictionary), and an assets
 * directory with one stylesheet. All removed at exit; left after a crash.
 * The input is the request, split at newlines: method, path, query string
 * (name=value&..., %-decoded as the HTTP layer does), Cookie header, then
 * the body (the rest, newlines and all).
 * Promises under test: whatever the request, the reply has a status the
 * pages give (never 5xx: the fixture's store is healthy), a body, headers
 * with no CR or LF (no header can be forged), a redirect only to a path of
 * this site, and no markup from the request in a page: the dictionary
 * offers "<x-fuzz", an element no page has, so an HTML reply holding it
 * wrote something it was sent without escaping (the fixture's own
 * comments carry markup too, for the same reason); never a crash, a leak,
 * or a read out of bounds. */
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/form.h"
#include "../../collector/web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1795683600000LL                  /* 2026-11-25, as fuzz_bundle */
#define SID "fuzz-session-of-wendy-0123456789abcdefghijk"
#define CSRF "fuzz-csrf-token-of-wendy-0123456789abcdefghi"
#define QUERY_MAX 8

static coll_config cfg;
static coll_store *st;
static coll_web *web;
static char dir[] = "/tmp/fb-fuzz-web.XXXXXX";

static void fuzz_teardown(void)
{
	const char *files[] = {"c.db", "c.db-wal", "c.db-shm", "c.db-journal",
			       "static/feedback.css", "static"};
	char path[96];

	coll_web_free(web);
	coll_store_close(st);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		if (unlink(path) != 0)
			rmdir(path);
	}
	rmdir(dir);
}

static void session_hash(unsigned char out[COLL_STORE_HASH_LEN])
{
	crypto_generichash(out, COLL_STORE_HASH_LEN, (const unsigned char *)SID, strlen(SID), NULL, 0);
}

/* wendy's session, again after a fuzzed request signed her out. */
static void session_ensure(void)
{
	unsigned char h[COLL_STORE_HASH_LEN];
	coll_store_session s;
	fb_err err = {0};

	session_hash(h);
	if (coll_store_session_get(st, h, NOW, &s, &err) == 0)
		return;
	if (coll_store_session_add(st, h, "wendy", "willow", CSRF, NOW + 3600000, NOW, &err)) {
		fprintf(stderr, "fuzz_web: session: %s\n", err.msg);
		abort();
	}
}

static int put_response(int n, const char *location, int fft, const char *text, bool flagged)
{
	static const unsigned char digest[COLL_STORE_HASH_LEN];
	char id[40], json[256];
	coll_store_outcome o;
	fb_err err = {0};

	snprintf(id, sizeof id, "019a0000-0000-7000-8000-%012d", n);
	snprintf(json, sizeof json, "{\"what_was_good\": \"%s\"}", text);
	coll_store_response r = {
		.id = id, .digest = digest, .device_id = "kiosk-fuzz", .location = location,
		.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
		.started_at_ms = NOW - 86400000 * (int64_t)n - 60000,
		.submitted_at_ms = NOW - 86400000 * (int64_t)n, .duration_ms = 60000,
		.received_at_ms = NOW - 86400000 * (int64_t)n + 1000, .fft = fft,
		.answers_json = "{}", .free_text_json = json, .safeguarding = flagged,
	};
	return coll_store_responses_put(st, &r, 1, &o, &err);
}

static void fuzz_setup(void)
{
	char path[COLL_PATH_MAX + 32], hash[crypto_pwhash_STRBYTES];
	unsigned char token[COLL_STORE_HASH_LEN] = {0};
	const char *pw = "correct horse battery";
	fb_err err = {0};
	int fd, rc = 0;

	if (sodium_init() < 0 || !mkdtemp(dir) || coll_months_use_zone("Europe/London", &err))
		abort();
	coll_config_defaults(&cfg);
	snprintf(cfg.static_dir, sizeof cfg.static_dir, "%s/static", dir);
	snprintf(cfg.fleet_team, sizeof cfg.fleet_team, "willow");
	snprintf(cfg.safeguarding_team, sizeof cfg.safeguarding_team, "willow");
	snprintf(cfg.submission_team, sizeof cfg.submission_team, "willow");
	mkdir(cfg.static_dir, 0700);
	snprintf(path, sizeof path, "%s/feedback.css", cfg.static_dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "body{}\n", 7) != 7)
		abort();
	close(fd);
	snprintf(path, sizeof path, "%s/c.db", dir);
	if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_MIN,
			      crypto_pwhash_MEMLIMIT_MIN) != 0)
		abort();
	rc = coll_store_open_sqlite(path, &st, &err) ||
	     coll_store_location_add(st, "WARD1", "Willow Ward", "willow", &err) ||
	     coll_store_location_add(st, "WARD3", "Ash Ward", "willow", &err) ||
	     coll_store_location_add(st, "WARD2", "Oak Ward", "oak", &err) ||
	     coll_store_device_add(st, "kiosk-fuzz", (const char *[]){"WARD1"}, 1, token, NOW, &err) ||
	     coll_store_user_add(st, "wendy", "willow", hash, &err) ||
	     coll_store_user_add(st, "owen", "oak", hash, &err);
	for (int i = 1; !rc && i <= 12; i++)
		rc = put_response(i, i % 3 ? "WARD1" : "WARD2", i % 7,
				  i == 2 ? "I want to hurt myself" : "<b>kind</b> & \"quick\"", i == 2);
	if (rc || coll_web_new(&cfg, st, &web, &err)) {
		fprintf(stderr, "fuzz_web: set-up failed: %s\n", err.msg);
		abort();
	}
	atexit(fuzz_teardown);
}

/* The query string's argument by name, %-decoded (as libmicrohttpd's). */
static const char *query_arg(void *ctx, const char *name)
{
	static char vals[QUERY_MAX][512];
	static int next;
	char *v = vals[next];
	if (coll_web_form_get(ctx, name, v, sizeof vals[0]) != 0)
		return NULL;
	next = (next + 1) % QUERY_MAX;
	return v;
}

static bool header_ok(const char *h, size_t size)
{
	size_t n = strnlen(h, size);
	return n < size && strcspn(h, "\r\n") == n;
}

/* The next line of [*p, end) as a C string (malloc'd), *p moved past it. */
static char *next_line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = strndup(*p, n);
	*p = nl ? nl + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *method, *path, *query, *cookie, *body;
	coll_web_reply rep;

	if (!web)
		fuzz_setup();
	if (size > 64 * 1024)
		return 0;   /* the server's cap on a form body */
	session_ensure();
	method = next_line(&p, end);
	path = next_line(&p, end);
	query = next_line(&p, end);
	cookie = next_line(&p, end);
	body = strndup(p, (size_t)(end - p));
	if (!method || !path || !query || !cookie || !body)
		goto out;
	coll_web_request req = {
		.method = method, .path = path, .cookie = cookie[0] ? cookie : NULL,
		.arg = query_arg, .arg_ctx = query,
		.body = strcmp(method, "POST") == 0 ? body : NULL, .body_len = strlen(body),
		.now_ms = NOW, .client_addr = "192.0.2.10",
	};
	coll_web_handle(web, &req, &rep);
	if (rep.status < 200 || rep.status >= 500 || (!rep.body && !rep.body_file) || rep.len == 0 ||
	    !header_ok(rep.content_type, sizeof rep.content_type) ||
	    !header_ok(rep.set_cookie, sizeof rep.set_cookie) ||
	    !header_ok(rep.location, sizeof rep.location) ||
	    !header_ok(rep.disposition, sizeof rep.disposition) ||
	    !header_ok(rep.cache_control, sizeof rep.cache_control) ||
	    (rep.location[0] && (rep.location[0] != '/' || rep.location[1] == '/' ||
				 rep.location[1] == '\\')))
		abort();
	if (strncmp(rep.content_type, "text/html", 9) == 0 &&
	    (memmem(rep.body, rep.len, "<x-fuzz", 7) || memmem(rep.body, rep.len, "<b>kind", 7)))
		abort();   /* markup from the request or the store, unescaped */
	coll_web_reply_clear(&rep);
out:
	free(method);
	free(path);
	free(query);
	free(cookie);
	free(body);
	return 0;
}
