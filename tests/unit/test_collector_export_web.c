/* test_collector_export_web: who gets which FFT file from the results pages.
 * Until roles exist (issue 9), [results] submission_team is the one team that
 * may download the unsuppressed submission and contact details; a ward
 * manager asking for either gets the published file, or a 403. Driven
 * through coll_web_handle on a temporary SQLite store, signed in as a
 * browser would be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */
#define PASSWORD "correct horse battery"

typedef struct fx {
	char dir[64];
	coll_config cfg;
	coll_store *st;
	coll_web *w;
	const char *args[8];           /* name, value, ..., NULL */
	char cookie[128];
	coll_web_reply r;
	int next_id;
} fx;

static const char *fx_arg(void *ctx, const char *name)
{
	fx *f = ctx;
	for (int i = 0; i + 1 < 8 && f->args[i]; i += 2)
		if (strcmp(f->args[i], name) == 0)
			return f->args[i + 1];
	return NULL;
}

static void send_req(fx *f, const char *method, const char *path, const char *cookie,
		     const char *body)
{
	coll_web_reply_clear(&f->r);
	coll_web_request req = {.method = method, .path = path, .cookie = cookie, .arg = fx_arg,
				.arg_ctx = f, .body = body, .body_len = body ? strlen(body) : 0,
				.now_ms = NOW};
	coll_web_handle(f->w, &req, &f->r);
	assert_non_null(f->r.body);
	char *b = realloc(f->r.body, f->r.len + 1);
	assert_non_null(b);
	b[f->r.len] = '\0';
	f->r.body = b;
}

static void get(fx *f, const char *path)
{
	send_req(f, "GET", path, f->cookie[0] ? f->cookie : NULL, NULL);
}

static void login(fx *f, const char *user)
{
	char cookie[128], tok[80], body[256];
	f->cookie[0] = '\0';
	send_req(f, "GET", "/login", NULL, NULL);
	const char *p = strstr(f->r.body, "name=\"csrf\"");
	assert_non_null(p);
	p = strstr(p, "value=\"");
	assert_non_null(p);
	p += 7;
	size_t n = strcspn(p, "\"");
	assert_true(n < sizeof tok);
	memcpy(tok, p, n);
	tok[n] = '\0';
	n = strcspn(f->r.set_cookie, ";");
	assert_true(n < sizeof cookie);
	memcpy(cookie, f->r.set_cookie, n);
	cookie[n] = '\0';
	snprintf(body, sizeof body, "csrf=%s&user=%s&password=correct+horse+battery", tok, user);
	send_req(f, "POST", "/login", cookie, body);
	assert_int_equal(f->r.status, 303);
	n = strcspn(f->r.set_cookie, ";");
	assert_true(n < sizeof f->cookie);
	memcpy(f->cookie, f->r.set_cookie, n);
	f->cookie[n] = '\0';
}

static void add_user(fx *f, const char *name, const char *team)
{
	char hash[crypto_pwhash_STRBYTES];
	fb_err err;
	assert_int_equal(crypto_pwhash_str(hash, PASSWORD, strlen(PASSWORD),
					   crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(coll_store_user_add(f->st, name, team, hash, &err), 0);
}

static void put(fx *f, const char *location, int fft, int n, const char *text)
{
	fb_err err;
	for (int i = 0; i < n; i++) {
		char id[40];
		unsigned char digest[COLL_STORE_HASH_LEN] = {0};
		coll_store_outcome o;
		snprintf(id, sizeof id, "019a0000-0000-7000-8000-%012d", ++f->next_id);
		coll_store_response r = {
			.id = id, .digest = digest, .device_id = "kiosk-1", .location = location,
			.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
			.started_at_ms = NOW - 60000, .submitted_at_ms = NOW, .duration_ms = 60000,
			.received_at_ms = NOW, .fft = fft, .answers_json = "{}", .free_text_json = text,
		};
		assert_int_equal(coll_store_responses_put(f->st, &r, 1, &o, &err), 0);
	}
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	fb_err err;
	char path[128];
	assert_non_null(f);
	assert_true(sodium_init() >= 0);
	snprintf(f->dir, sizeof f->dir, "/tmp/fb-expweb-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(path, sizeof path, "%s/collector.db", f->dir);
	coll_config_defaults(&f->cfg);
	snprintf(f->cfg.submission_team, sizeof f->cfg.submission_team, "patient-experience");
	snprintf(f->cfg.org_code, sizeof f->cfg.org_code, "RXT");
	assert_int_equal(coll_store_open_sqlite(path, &f->st, &err), 0);
	assert_int_equal(coll_web_new(&f->cfg, f->st, &f->w, &err), 0);
	assert_int_equal(coll_store_location_add(f->st, "WARD1", "Willow Ward", "willow", &err), 0);
	assert_int_equal(coll_store_location_add(f->st, "WARD2", "Oak Ward", "oak", &err), 0);
	add_user(f, "wendy", "willow");
	add_user(f, "pat", "patient-experience");
	/* Willow Ward, November: 81 + 54 + 1 + 0 + 1 + 1 = 138 (finding 2's table) */
	put(f, "WARD1", 1, 81, NULL);
	put(f, "WARD1", 2, 54, NULL);
	put(f, "WARD1", 3, 1, NULL);
	put(f, "WARD1", 5, 1, "{\"what_was_good\":\"tea\",\"contact_name\":\"Sam Jones\"}");
	put(f, "WARD1", 6, 1, NULL);
	put(f, "WARD2", 1, 6, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[128];
	coll_web_reply_clear(&f->r);
	coll_web_free(f->w);
	coll_store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc;
}

static void test_a_ward_manager_should_get_the_published_file_whichever_fft_link(void **state)
{
	fx *f = *state;
	const char *paths[] = {"/export/fft-monthly.csv", "/export/fft-submission.csv",
			       "/export/fft-published.csv"};
	login(f, "wendy");
	f->args[0] = "month";
	f->args[1] = "2026-11";
	for (size_t i = 0; i < 3; i++) {
		get(f, paths[i]);
		assert_int_equal(f->r.status, 200);
		assert_non_null(strstr(f->r.disposition, "filename=\"fft-published-willow-2026-11.csv\""));
		assert_non_null(strstr(f->r.body, "Very Good,Good,Neither Good nor Poor"));
		assert_null(strstr(f->r.body, "Prop_Pos"));
		/* the 1s are hidden, and so is what would give them away */
		assert_null(strstr(f->r.body, ",81,54,1,0,1,1,"));
		const char *row = strstr(f->r.body, ",Willow Ward,");
		assert_non_null(row);
		int stars = 0;
		for (const char *c = row; *c && *c != '\r'; c++)
			stars += *c == '*';
		assert_true(stars >= 2);
		assert_null(strstr(f->r.body, "Oak Ward"));
	}
	/* and the home page's link says what they will get */
	f->args[0] = NULL;
	get(f, "/");
	assert_non_null(strstr(f->r.body, "FFT figures as published, October 2026"));
	assert_null(strstr(f->r.body, "NHS England FFT return"));
}

static void test_the_submission_team_should_get_real_counts_for_every_location(void **state)
{
	fx *f = *state;
	login(f, "pat");
	f->args[0] = "month";
	f->args[1] = "2026-11";
	get(f, "/export/fft-submission.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.disposition, "filename=\"fft-submission-all-2026-11.csv\""));
	assert_non_null(strstr(f->r.body, "1 Very Good,2 Good,3 Neither Good nor Poor"));
	assert_non_null(strstr(f->r.body, "2026-11,RXT,,WARD1,Willow Ward,willow,81,54,1,0,1,1,138,"));
	assert_non_null(strstr(f->r.body, "2026-11,RXT,,WARD2,Oak Ward,oak,6,0,0,0,0,0,6,"));
	assert_null(strchr(f->r.body, '*'));
	get(f, "/export/fft-monthly.csv");
	assert_non_null(strstr(f->r.body, ",81,54,1,0,1,1,138,"));
	f->args[0] = NULL;
	get(f, "/");
	assert_non_null(strstr(f->r.body, "NHS England FFT return, October 2026"));
	f->args[0] = "month";
	/* they can take the published one too, to share */
	get(f, "/export/fft-published.csv");
	assert_non_null(strstr(f->r.disposition, "fft-published-all-2026-11.csv"));
	assert_null(strstr(f->r.body, ",81,54,1,0,1,1,"));
}

static void test_contact_details_should_download_only_for_the_submission_team(void **state)
{
	fx *f = *state;
	login(f, "wendy");
	f->args[0] = "month";
	f->args[1] = "2026-11";
	f->args[2] = "restricted";
	f->args[3] = "1";
	get(f, "/export/responses.csv");
	assert_int_equal(f->r.status, 403);
	assert_null(strstr(f->r.body, "Sam Jones"));
	f->args[2] = NULL;
	get(f, "/export/responses.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, ",tea"));
	assert_null(strstr(f->r.body, "Sam Jones"));
	login(f, "pat");
	f->args[2] = "restricted";
	get(f, "/export/responses.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.disposition, "responses-restricted-all-2026-11.csv"));
	assert_non_null(strstr(f->r.body, "Contact: contact_name"));
	assert_non_null(strstr(f->r.body, "Sam Jones"));
}

static void test_without_a_submission_team_nobody_should_get_the_submission_on_the_web(void **state)
{
	fx *f = *state;
	f->cfg.submission_team[0] = '\0';
	login(f, "pat");
	f->args[0] = "month";
	f->args[1] = "2026-11";
	get(f, "/export/fft-submission.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.disposition, "fft-published-patient-experience-2026-11.csv"));
	assert_null(strstr(f->r.body, "Willow Ward"));   /* a team with no locations: no rows */
}

int main(void)
{
	fb_err err;
	if (coll_months_use_zone("Europe/London", &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_ward_manager_should_get_the_published_file_whichever_fft_link),
		T(test_the_submission_team_should_get_real_counts_for_every_location),
		T(test_contact_details_should_download_only_for_the_submission_team),
		T(test_without_a_submission_team_nobody_should_get_the_submission_on_the_web),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
