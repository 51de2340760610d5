/* test_collector_signin: signing in and out as a browser does, and who may
 * see what, driven through coll_web_handle on a temporary SQLite store:
 * cookies, the form token, waits after wrong passwords, what the log says,
 * CSRF on every form, sessions ending, and another team's pages refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */
#define ATTACKER "203.0.113.9"

#include "collector_web_fixture.h"

/* ---- signing in ------------------------------------------------------------ */

static void test_signing_in_should_set_a_secure_httponly_strict_session_cookie(void **state)
{
	fx *f = *state;
	try_login(f, "wendy", "correct+horse+battery");
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/");
	assert_true(strncmp(f->r.set_cookie, "fb_session=", 11) == 0);
	assert_non_null(strstr(f->r.set_cookie, "; Secure"));
	assert_non_null(strstr(f->r.set_cookie, "; HttpOnly"));
	assert_non_null(strstr(f->r.set_cookie, "; SameSite=Strict"));
	assert_non_null(strstr(f->r.set_cookie, "; Path=/;"));
	assert_non_null(strstr(f->r.set_cookie, "Max-Age=28800"));
	/* 32 random bytes, base64url: 43 characters */
	assert_int_equal(strcspn(f->r.set_cookie + 11, ";"), 43);
}

static void test_signed_in_person_should_see_their_name_and_their_locations(void **state)
{
	fx *f = *state;
	login(f, "wendy");
	assert_non_null(strstr(f->r.body, "Signed in as wendy"));
	assert_non_null(strstr(f->r.body, "Willow Ward"));
	assert_non_null(strstr(f->r.body, "Ash Ward"));
	assert_null(strstr(f->r.body, "Oak Ward"));
}

static void test_wrong_password_and_unknown_user_should_get_the_same_plain_refusal(void **state)
{
	fx *f = *state;
	const char *msg = "The user name or password is not right.";
	try_login(f, "wendy", "wrong+password+here");
	assert_int_equal(f->r.status, 401);
	assert_non_null(strstr(f->r.body, msg));
	assert_null(strstr(f->r.set_cookie, "fb_session"));
	try_login(f, "nobody", "correct+horse+battery");
	assert_int_equal(f->r.status, 401);
	assert_non_null(strstr(f->r.body, msg));
	assert_null(strstr(f->r.set_cookie, "fb_session"));
	assert_null(strstr(f->r.body, "unknown user"));
	assert_null(strstr(f->r.body, "no user"));
}

/* stderr into a file while a test runs, to read what the log says. */
typedef struct log_capture {
	char path[64];
	int saved;
} log_capture;

static void log_start(log_capture *lc)
{
	snprintf(lc->path, sizeof lc->path, "/tmp/fb-web-log-XXXXXX");
	int fd = mkstemp(lc->path);
	assert_true(fd >= 0);
	fflush(stderr);
	lc->saved = dup(2);
	assert_true(dup2(fd, 2) == 2);
	close(fd);
}

/* The log written since log_start (malloc'd). */
static char *log_end(log_capture *lc)
{
	fflush(stderr);
	dup2(lc->saved, 2);
	close(lc->saved);
	FILE *fp = fopen(lc->path, "rb");
	assert_non_null(fp);
	char *text = calloc(1, 1 << 20);
	assert_non_null(text);
	size_t n = fread(text, 1, (1 << 20) - 1, fp);
	text[n] = '\0';
	fclose(fp);
	unlink(lc->path);
	return text;
}

static void test_wrong_passwords_from_one_address_should_make_it_wait_twice_as_long_each_time(void **state)
{
	fx *f = *state;
	int waits[8], n = 0;
	f->addr = ATTACKER;
	for (int i = 0; i < 3; i++) {                  /* three free tries */
		try_login(f, "wendy", "guess");
		assert_int_equal(f->r.status, 401);
		assert_int_equal(f->r.retry_after_s, 0);
	}
	while (n < 8) {
		try_login(f, "wendy", "guess");
		assert_int_equal(f->r.status, 401);    /* checked, and wrong */
		try_login(f, "wendy", "correct+horse+battery");
		assert_int_equal(f->r.status, 429);    /* not checked while waiting */
		assert_null(strstr(f->r.set_cookie, "fb_session"));
		assert_non_null(strstr(f->r.body, "Wait "));
		waits[n++] = f->r.retry_after_s;
		f->now += (int64_t)f->r.retry_after_s * 1000;
	}
	printf("# waits after each wrong password beyond the free three (s):");
	for (int i = 0; i < n; i++) {
		printf(" %d", waits[i]);
		if (i > 0)
			assert_int_equal(waits[i], 2 * waits[i - 1]);
	}
	printf("\n");
	assert_int_equal(waits[0], 1);
	/* the wait in words, rounded up: 2^7 s is 128 s, "3 minutes" */
	assert_non_null(strstr(f->r.body, "Wait 3 minutes"));
	try_login(f, "wendy", "correct+horse+battery"); /* once it is over: in */
	assert_int_equal(f->r.status, 303);
}

/* Finding 5: the old 128-slot table forgot a name once 128 others had
 * failed, so nine tries, 128 junk names and nine more tries went through
 * unslowed. Now the attacker's address waits, and the wait outlives the
 * junk: the last nine tries are never checked, the right password too. */
static void test_nine_tries_128_junk_names_and_nine_more_should_not_sign_in(void **state)
{
	fx *f = *state;
	char junk[32];
	int checked = 0, refused = 0, last_refused = 0;
	f->addr = ATTACKER;
	for (int i = 0; i < 9 + 128 + 9; i++) {
		bool last = i >= 9 + 128;
		const char *pw = i == 9 + 128 + 8 ? "correct+horse+battery" : "guess";
		snprintf(junk, sizeof junk, "junk%d", i);
		try_login(f, i < 9 || last ? "wendy" : junk, pw);
		assert_int_not_equal(f->r.status, 303);
		assert_null(strstr(f->r.set_cookie, "fb_session"));
		checked += f->r.status == 401;
		refused += f->r.status == 429;
		last_refused += last && f->r.status == 429;
		f->now += 1000;                        /* one try a second */
	}
	printf("# 146 tries at one a second: %d checked, %d refused unchecked; last nine refused: %d;"
	       " the wait at the end %d s\n", checked, refused, last_refused, f->r.retry_after_s);
	assert_int_equal(last_refused, 9);
	assert_true(checked < 15);
}

static void test_ten_bad_tries_from_an_attacker_should_not_stop_the_manager_signing_in_elsewhere(void **state)
{
	fx *f = *state;
	f->addr = ATTACKER;
	for (int i = 0; i < 10; i++)
		try_login(f, "wendy", "guess");
	assert_int_equal(f->r.status, 429);
	f->addr = MANAGER_PC;
	try_login(f, "wendy", "typo");                 /* she mistypes once */
	assert_int_equal(f->r.status, 401);
	try_login(f, "wendy", "correct+horse+battery");
	assert_int_equal(f->r.status, 303);
	try_login(f, "owen", "correct+horse+battery");  /* and a colleague too */
	assert_int_equal(f->r.status, 303);
}

static void test_every_failure_should_be_logged_with_name_and_address_never_the_password(void **state)
{
	fx *f = *state;
	log_capture lc;
	log_start(&lc);
	f->addr = ATTACKER;
	for (int i = 0; i < 5; i++)
		try_login(f, "wendy", "Secret%2DGuess%2D42");
	f->addr = "198.51.100.77";
	try_login(f, "no%0Abody", "Secret%2DGuess%2D42"); /* a newline in the name */
	f->addr = "2001:db8::7";
	try_login(f, "owen", "Secret%2DGuess%2D42");
	char *log = log_end(&lc);
	printf("# log:\n");
	for (char *p = log, *e; *p; p = e + 1) {
		e = strchr(p, '\n');
		if (!e)
			break;
		printf("#   %.*s\n", (int)(e - p), p);
	}
	assert_non_null(strstr(log, "security event=sign-in-failed client=203.0.113.9 user=wendy"
				    " reason=\"wrong password\""));
	assert_non_null(strstr(log, "security event=sign-in-locked client=203.0.113.9 user=wendy"
				    " reason=\"too many wrong passwords"));
	assert_non_null(strstr(log, "security event=sign-in-failed client=198.51.100.77 user=no?body"
				    " reason=\"unknown or disabled user\""));
	assert_non_null(strstr(log, "security event=sign-in-failed client=2001:db8::7 user=owen "));
	assert_null(strstr(log, "Secret"));
	assert_null(strstr(log, "Guess"));
	assert_null(strstr(log, "\nbody"));          /* no forged line */
	free(log);
}

static void test_sign_in_without_the_form_token_should_be_refused(void **state)
{
	fx *f = *state;
	char cookie[128], tok[80];
	login_form(f, cookie, sizeof cookie, tok, sizeof tok);
	send_req(f, "POST", "/login", cookie,
		 "csrf=forged&user=wendy&password=correct+horse+battery");
	assert_int_equal(f->r.status, 403);
	assert_null(strstr(f->r.set_cookie, "fb_session"));
	send_req(f, "POST", "/login", NULL, "user=wendy&password=correct+horse+battery");
	assert_int_equal(f->r.status, 403);
	assert_null(strstr(f->r.set_cookie, "fb_session"));
}

/* What a browser does: load the form, ask for /favicon.ico (which carries no
 * fb_login cookie: that cookie's Path is /login), maybe load the form again,
 * then post the form it shows. */
static void test_a_favicon_request_and_a_reload_should_not_expire_the_sign_in_form(void **state)
{
	fx *f = *state;
	char cookie[128], tok[80], body[256];
	login_form(f, cookie, sizeof cookie, tok, sizeof tok);
	send_req(f, "GET", "/favicon.ico", NULL, NULL);
	assert_int_equal(f->r.status, 404);
	assert_string_equal(f->r.set_cookie, "");
	assert_string_equal(f->r.location, "");
	send_req(f, "GET", "/login", cookie, NULL);      /* a reload, a second tab */
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.set_cookie, "");        /* the browser's cookie is kept */
	assert_non_null(strstr(f->r.body, tok));         /* and so is the form's token */
	snprintf(body, sizeof body, "csrf=%s&user=wendy&password=correct+horse+battery", tok);
	send_req(f, "POST", "/login", cookie, body);
	assert_int_equal(f->r.status, 303);
	assert_true(strncmp(f->r.set_cookie, "fb_session=", 11) == 0);
}

static void test_requests_that_are_not_pages_should_get_a_plain_404_and_no_cookie(void **state)
{
	fx *f = *state;
	const char *paths[] = {"/favicon.ico", "/robots.txt", "/apple-touch-icon.png",
			       "/wp-login.php", "/location/", "/login/x", "/.env"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		send_req(f, "GET", paths[i], NULL, NULL);
		assert_int_equal(f->r.status, 404);
		assert_string_equal(f->r.set_cookie, "");
		assert_string_equal(f->r.location, "");
		assert_non_null(strstr(f->r.content_type, "text/plain"));
	}
	login(f, "wendy");
	get(f, "/favicon.ico");
	assert_int_equal(f->r.status, 404);
	assert_string_equal(f->r.set_cookie, "");       /* the session is not replaced */
	get(f, "/");
	assert_int_equal(f->r.status, 200);
}

/* A form cookie the server never made (planted by someone else, or from
 * before a restart) and one that has expired are both refused, and the
 * form that comes back sets a fresh cookie. */
static void test_a_planted_or_expired_form_token_should_be_refused_and_replaced(void **state)
{
	fx *f = *state;
	const char *planted = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	char cookie[128], tok[80], body[256];
	snprintf(cookie, sizeof cookie, "fb_login=%s", planted);
	snprintf(body, sizeof body, "csrf=%s&user=wendy&password=correct+horse+battery", planted);
	send_req(f, "POST", "/login", cookie, body);
	assert_int_equal(f->r.status, 403);
	assert_true(strncmp(f->r.set_cookie, "fb_login=", 9) == 0);
	assert_null(strstr(f->r.set_cookie, planted));
	send_req(f, "GET", "/login", cookie, NULL);
	assert_true(strncmp(f->r.set_cookie, "fb_login=", 9) == 0);

	login_form(f, cookie, sizeof cookie, tok, sizeof tok);
	f->now += 61 * 60 * 1000;                        /* the form's hour is over */
	snprintf(body, sizeof body, "csrf=%s&user=wendy&password=correct+horse+battery", tok);
	send_req(f, "POST", "/login", cookie, body);
	assert_int_equal(f->r.status, 403);
	assert_non_null(strstr(f->r.body, "had expired"));
	assert_true(strncmp(f->r.set_cookie, "fb_login=", 9) == 0);
}

static void test_pages_should_send_someone_not_signed_in_to_the_sign_in_page(void **state)
{
	fx *f = *state;
	const char *paths[] = {"/", "/team", "/location/WARD1", "/fleet", "/quality-board",
			       "/export/responses.csv"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		send_req(f, "GET", paths[i], NULL, NULL);
		assert_int_equal(f->r.status, 303);
		assert_string_equal(f->r.location, "/login");
	}
	send_req(f, "GET", "/", "fb_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL);
	assert_int_equal(f->r.status, 303);
}

static void test_sign_out_should_need_the_csrf_token_and_then_end_the_session(void **state)
{
	fx *f = *state;
	char body[160];
	login(f, "wendy");
	send_req(f, "POST", "/logout", f->cookie, "csrf=not-the-token");
	assert_int_equal(f->r.status, 403);
	send_req(f, "POST", "/logout", f->cookie, NULL);
	assert_int_equal(f->r.status, 403);
	get(f, "/");
	assert_int_equal(f->r.status, 200);     /* still signed in */
	snprintf(body, sizeof body, "csrf=%s", f->csrf);
	send_req(f, "POST", "/logout", f->cookie, body);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/login");
	assert_non_null(strstr(f->r.set_cookie, "Max-Age=0"));
	get(f, "/");
	assert_int_equal(f->r.status, 303);     /* the old cookie is dead */
}

static void test_a_session_should_end_after_session_ttl(void **state)
{
	fx *f = *state;
	login(f, "wendy");
	f->now += (int64_t)f->cfg.session_ttl_s * 1000 - 1000;
	get(f, "/");
	assert_int_equal(f->r.status, 200);
	f->now += 2000;
	get(f, "/");
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/login");
}

static void test_every_post_form_on_a_page_should_carry_the_csrf_token(void **state)
{
	fx *f = *state;
	login(f, "wendy");
	const char *paths[] = {"/", "/team", "/location/WARD1", "/fleet", "/quality-board"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		get(f, paths[i]);
		char want[120];
		snprintf(want, sizeof want, "name=\"csrf\" value=\"%s\"", f->csrf);
		int forms = count_of(f, "method=\"post\"");
		int tokens = count_of(f, want);
		assert_true(forms >= 1);
		assert_int_equal(forms, tokens);
	}
}

/* ---- access control ----------------------------------------------------------- */

static void test_another_teams_location_should_answer_403(void **state)
{
	fx *f = *state;
	put(f, "WARD2", 1, 10, "oak secret words", false, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/location/WARD2");
	assert_int_equal(f->r.status, 403);
	assert_null(strstr(f->r.body, "oak secret words"));
	assert_non_null(strstr(f->r.body, "another team"));
	get(f, "/location/NOPE");
	assert_int_equal(f->r.status, 404);
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
}

static void test_team_page_and_downloads_should_hold_only_the_teams_locations(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 6, "willow words", false, 0, NOW - DAY);
	put(f, "WARD2", 1, 7, "oak words", false, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/team");
	assert_int_equal(f->r.status, 200);
	assert_null(strstr(f->r.body, "oak words"));
	assert_null(strstr(f->r.body, "Oak Ward"));
	assert_non_null(strstr(f->r.body, "willow words"));
	get(f, "/export/responses.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.content_type, "text/csv"));
	assert_non_null(strstr(f->r.disposition, "attachment; filename=\"responses-willow-2026-11.csv\""));
	assert_non_null(strstr(f->r.body, "willow words"));
	assert_null(strstr(f->r.body, "oak words"));
	assert_null(strstr(f->r.body, "WARD2"));
	f->args[0] = "month";
	f->args[1] = "2026-11";
	get(f, "/export/fft-monthly.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Percentage Positive"));
	assert_non_null(strstr(f->r.body, "WARD1"));
	assert_null(strstr(f->r.body, "WARD2"));
	f->args[1] = "November";
	get(f, "/export/fft-monthly.csv");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "YYYY-MM"));
}

int main(void)
{
	if (fx_use_trust_zone())
		return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_wards, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_signing_in_should_set_a_secure_httponly_strict_session_cookie),
		T(test_signed_in_person_should_see_their_name_and_their_locations),
		T(test_wrong_password_and_unknown_user_should_get_the_same_plain_refusal),
		T(test_wrong_passwords_from_one_address_should_make_it_wait_twice_as_long_each_time),
		T(test_nine_tries_128_junk_names_and_nine_more_should_not_sign_in),
		T(test_ten_bad_tries_from_an_attacker_should_not_stop_the_manager_signing_in_elsewhere),
		T(test_every_failure_should_be_logged_with_name_and_address_never_the_password),
		T(test_sign_in_without_the_form_token_should_be_refused),
		T(test_a_favicon_request_and_a_reload_should_not_expire_the_sign_in_form),
		T(test_requests_that_are_not_pages_should_get_a_plain_404_and_no_cookie),
		T(test_a_planted_or_expired_form_token_should_be_refused_and_replaced),
		T(test_pages_should_send_someone_not_signed_in_to_the_sign_in_page),
		T(test_sign_out_should_need_the_csrf_token_and_then_end_the_session),
		T(test_a_session_should_end_after_session_ttl),
		T(test_every_post_form_on_a_page_should_carry_the_csrf_token),
		T(test_another_teams_location_should_answer_403),
		T(test_team_page_and_downloads_should_hold_only_the_teams_locations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
