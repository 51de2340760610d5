/* test_collector_admin: roles, the admin pages and the audit trail, driven
 * through coll_web_handle (and users.h, the module the command line calls)
 * on a temporary SQLite store: a results user is refused the admin pages,
 * an admin adds a user who sets their password with a one-time link (once,
 * within 24 hours), disabling signs a person out at once, destructive steps
 * ask first, each action leaves exactly one audit row, and no audit row
 * holds comment text or a password. */
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
#include "../../collector/users.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */
#define HOUR (3600LL * 1000)
#define COMMENT_WORDS "zebra crossing outside was frightening"
#define NEW_PASSWORD "a brand new passphrase"

#include "collector_web_fixture.h"

/* wendy (willow) and owen (oak) as the fixture makes them, ada the admin. */
static int setup(void **state)
{
	fb_err err;
	fx_setup_wards(state);
	fx *f = *state;
	add_user(f, "ada", "it");
	assert_int_equal(coll_store_user_set_role(f->st, "ada", "admin", &err), 0);
	return 0;
}

/* Signs the fixture's browser out of whoever it was (a new browser). */
static void new_browser(fx *f)
{
	f->cookie[0] = '\0';
	f->csrf[0] = '\0';
}

typedef struct audit_scan {
	const char *action;
	int n;
	const char *needles[4];
	int found;
} audit_scan;

static int scan_row(void *ctx, const coll_store_audit_row *r)
{
	audit_scan *s = ctx;
	if (!s->action || strcmp(r->action, s->action) == 0)
		s->n++;
	const char *fields[] = {r->user, r->addr, r->action, r->object, r->detail};
	for (int i = 0; i < 4 && s->needles[i]; i++)
		for (int k = 0; k < 5; k++)
			if (fields[k] && strcasestr(fields[k], s->needles[i]))
				s->found++;
	return 0;
}

/* Audit rows with action (every row when NULL). */
static int audit_count(fx *f, const char *action)
{
	fb_err err;
	audit_scan s = {.action = action};
	coll_store_audit_query q = {0};
	assert_int_equal(coll_store_audit_each(f->st, &q, scan_row, &s, &err), 0);
	return s.n;
}

/* The token of the one-time link on an admin's reset page. */
static void reset_token(fx *f, char *out, size_t size)
{
	const char *p = strstr(f->r.body, "href=\"/reset?token=");
	assert_non_null(p);
	p += strlen("href=\"/reset?token=");
	size_t n = strcspn(p, "\"");
	assert_true(n < size);
	memcpy(out, p, n);
	out[n] = '\0';
}

static void use_link(fx *f, const char *token, const char *pw)
{
	char body[512];
	snprintf(body, sizeof body, "token=%s&password=%s&again=%s", token, pw, pw);
	send_req(f, "POST", "/reset", NULL, body);
}

/* ---- roles -------------------------------------------------------------------- */

static void test_a_results_user_should_get_403_on_every_admin_page_and_form(void **state)
{
	fx *f = *state;
	coll_store_user u;
	fb_err err;
	login(f, "wendy");
	const char *pages[] = {"/admin", "/admin/users", "/admin/users/owen", "/admin/locations",
			       "/admin/devices", "/admin/audit", "/admin/audit.csv"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		get(f, pages[i]);
		assert_int_equal(f->r.status, 403);
		assert_non_null(strstr(f->r.body, "This page is for people with the Admin role, and your"
				       " account has the Results role."));
	}
	post(f, "/admin/users/add", "name=mallory&team=oak&role=admin");
	assert_int_equal(f->r.status, 403);
	assert_int_equal(coll_store_user_find(f->st, "mallory", &u, &err), FB_ERR_NOTFOUND);
	post(f, "/admin/users/owen/disable", "confirm=yes");
	assert_int_equal(f->r.status, 403);
	assert_int_equal(coll_store_user_find(f->st, "owen", &u, &err), 0);
	assert_false(u.disabled);
	/* and the results pages still work for the results role, with no admin link */
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_null(strstr(f->r.body, "href=\"/admin\""));
}

static void test_the_safeguarding_role_should_see_every_locations_flagged_comments(void **state)
{
	fx *f = *state;
	fb_err err;
	put(f, "WARD2", 5, 1, "oak comment that may need action", true, 0, NOW - HOUR);
	add_user(f, "sam", "safeguarding");
	login(f, "sam");
	get(f, "/safeguarding");
	assert_null(strstr(f->r.body, "oak comment that may need action"));
	assert_int_equal(coll_store_user_set_role(f->st, "sam", "safeguarding", &err), 0);
	get(f, "/safeguarding");      /* the role takes effect in the same session */
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "oak comment that may need action"));
}

/* GET path as a browser holding the session and the chosen-team cookie. */
static void get_keeping_team(fx *f, const char *path, const char *team)
{
	char jar[300];
	snprintf(jar, sizeof jar, "%s; fb_team=%s", f->cookie, team);
	send_req(f, "GET", path, jar, NULL);
}

static void test_the_patient_experience_role_should_read_every_teams_pages(void **state)
{
	fx *f = *state;
	fb_err err;
	put(f, "WARD2", 1, 6, "oak garden words", false, 0, NOW - HOUR);
	add_user(f, "pat", "willow");
	login(f, "pat");
	get(f, "/location/WARD2");
	assert_int_equal(f->r.status, 403);          /* as a results user: own team only */
	assert_int_equal(coll_store_user_set_role(f->st, "pat", "patient-experience", &err), 0);
	get(f, "/");
	assert_non_null(strstr(f->r.body, "href=\"/?team=oak\""));
	f->args[0] = "team";
	f->args[1] = "oak";
	f->args[2] = NULL;
	get(f, "/");
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Oak Ward"));
	assert_null(strstr(f->r.body, "Willow Ward</a>"));
	get(f, "/location/WARD2");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "oak garden words"));
	/* the choice is kept: the team's own links (no ?team=) stay on oak */
	f->args[0] = "team";
	f->args[1] = "oak";
	get(f, "/");
	f->args[0] = NULL;
	assert_non_null(strstr(f->r.set_cookie, "fb_team=oak;"));
	get_keeping_team(f, "/team", "oak");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Oak Ward"));
	assert_null(strstr(f->r.body, "Willow Ward"));
	get_keeping_team(f, "/location/WARD2", "oak");
	assert_int_equal(f->r.status, 200);
	/* choosing their own team again forgets it */
	f->args[0] = "team";
	f->args[1] = "willow";
	get(f, "/");
	f->args[0] = NULL;
	assert_non_null(strstr(f->r.set_cookie, "fb_team=;"));
	assert_non_null(strstr(f->r.set_cookie, "Max-Age=0"));
	get(f, "/");
	assert_non_null(strstr(f->r.body, "Willow Ward"));
	/* a results user's ?team= is ignored */
	new_browser(f);
	login(f, "wendy");
	f->args[0] = "team";
	f->args[1] = "oak";
	get(f, "/");
	f->args[0] = NULL;
	assert_null(strstr(f->r.body, "Oak Ward"));
	assert_string_equal(f->r.set_cookie, "");
	/* and so is the cookie */
	get_keeping_team(f, "/team", "oak");
	assert_null(strstr(f->r.body, "Oak Ward"));
}

/* ---- users -------------------------------------------------------------------- */

static void test_an_added_user_should_set_their_password_with_the_link_once(void **state)
{
	fx *f = *state;
	char token[COLL_USERS_TOKEN_TEXT];
	login(f, "ada");
	assert_non_null(strstr(f->r.body, "href=\"/admin\""));
	post(f, "/admin/users/add", "name=nina&team=willow&role=results");
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/admin/users/nina");
	get(f, "/admin/users/nina");
	assert_non_null(strstr(f->r.body, "No password yet"));
	post(f, "/admin/users/nina/reset", "");
	assert_int_equal(f->r.status, 200);
	reset_token(f, token, sizeof token);
	/* nina, in her own browser, with no session */
	new_browser(f);
	try_login(f, "nina", "anything+at+all");
	assert_int_equal(f->r.status, 401);
	f->args[0] = "token";
	f->args[1] = token;
	f->args[2] = NULL;
	send_req(f, "GET", "/reset", NULL, NULL);
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Choose a password, nina"));
	use_link(f, token, "a+brand+new+passphrase");
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/login");
	try_login(f, "nina", "a+brand+new+passphrase");
	assert_int_equal(f->r.status, 303);
	/* used once: the same link again is refused and changes nothing */
	use_link(f, token, "another+long+password");
	assert_int_equal(f->r.status, 410);
	assert_non_null(strstr(f->r.body, "A password link works once, for 24 hours."));
	try_login(f, "nina", "another+long+password");
	assert_int_equal(f->r.status, 401);
}

static void test_a_reset_link_should_stop_working_after_24_hours(void **state)
{
	fx *f = *state;
	char token[COLL_USERS_TOKEN_TEXT];
	login(f, "ada");
	post(f, "/admin/users/wendy/reset", "");
	reset_token(f, token, sizeof token);
	new_browser(f);
	f->now = NOW + 24 * HOUR + 1000;
	use_link(f, token, "a+brand+new+passphrase");
	assert_int_equal(f->r.status, 410);
	try_login(f, "wendy", "a+brand+new+passphrase");
	assert_int_equal(f->r.status, 401);
	f->now = NOW + 23 * HOUR;      /* within the day it works */
	use_link(f, token, "a+brand+new+passphrase");
	assert_int_equal(f->r.status, 303);
}

static void test_a_reset_link_should_be_stored_only_as_its_hash(void **state)
{
	fx *f = *state;
	char token[COLL_USERS_TOKEN_TEXT], cmd[512], line[256];
	login(f, "ada");
	post(f, "/admin/users/wendy/reset", "");
	reset_token(f, token, sizeof token);
	snprintf(cmd, sizeof cmd, "sqlite3 %s 'SELECT token_hash FROM password_resets'", f->path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof line, p));
	pclose(p);
	assert_int_equal(strcspn(line, "\n"), 64);     /* a 32-byte hash in hex */
	assert_null(strstr(line, token));
}

static void test_disabling_a_user_should_ask_first_then_sign_them_out_at_once(void **state)
{
	fx *f = *state;
	char wendy_cookie[128];
	login(f, "wendy");
	snprintf(wendy_cookie, sizeof wendy_cookie, "%s", f->cookie);
	new_browser(f);
	login(f, "ada");
	post(f, "/admin/users/wendy/disable", "");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Disable this user?"));
	assert_non_null(strstr(f->r.body, "name=\"confirm\" value=\"yes\""));
	send_req(f, "GET", "/", wendy_cookie, NULL);
	assert_int_equal(f->r.status, 200);         /* not yet: only asked */
	post(f, "/admin/users/wendy/disable", "confirm=yes");
	assert_int_equal(f->r.status, 303);
	send_req(f, "GET", "/location/WARD1", wendy_cookie, NULL);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/login");
	new_browser(f);
	try_login(f, "wendy", "correct+horse+battery");
	assert_int_equal(f->r.status, 401);
}

static void test_the_last_admin_should_not_be_disabled_or_lose_the_role(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_actor cli = {"command line", "local", NOW};
	assert_int_equal(coll_users_set_disabled(f->st, &cli, "ada", true, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "only admin left"));
	assert_int_equal(coll_users_set_role(f->st, &cli, "ada", "results", &err), FB_ERR_INVALID);
	login(f, "ada");
	post(f, "/admin/users/ada/disable", "confirm=yes");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "you cannot disable yourself"));
	post(f, "/admin/users/ada/role", "role=results");
	assert_int_equal(f->r.status, 400);
	get(f, "/admin");
	assert_int_equal(f->r.status, 200);
}

/* ---- locations and devices ------------------------------------------------------- */

static void test_a_retired_location_should_keep_its_responses_and_take_no_device(void **state)
{
	fx *f = *state;
	fb_err err;
	unsigned char hash[COLL_STORE_HASH_LEN] = {1};
	const char *locs[] = {"WARD1"};
	coll_store_device dev;
	assert_int_equal(coll_store_device_add(f->st, "kiosk-1", locs, 1, hash, NOW, &err), 0);
	put(f, "WARD3", 1, 6, NULL, false, 0, NOW - HOUR);
	login(f, "ada");
	post(f, "/admin/locations/WARD3/retire", "");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Retire this location?"));
	post(f, "/admin/locations/WARD3/retire", "confirm=yes");
	assert_int_equal(f->r.status, 303);
	get(f, "/admin/locations");
	assert_non_null(strstr(f->r.body, "Retired"));
	post(f, "/admin/devices/kiosk-1/locations", "loc_WARD1=on&loc_WARD3=on");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "location &#39;WARD3&#39; is retired"));
	post(f, "/admin/devices/kiosk-1/locations", "loc_WARD2=on");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-1", &dev, &err), 0);
	assert_int_equal(dev.n_locations, 1);
	assert_string_equal(dev.locations[0], "WARD2");
	/* the retired ward's six responses are still on its team's page */
	new_browser(f);
	login(f, "wendy");
	get(f, "/location/WARD3");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Ash Ward"));
	assert_non_null(strstr(f->r.body, "This location is no longer in use; its results are kept."));
	get(f, "/");
	assert_int_equal(count_of(f, ">Retired</strong>"), 1);
}

static void test_the_estates_role_should_see_every_device_on_the_fleet_page(void **state)
{
	fx *f = *state;
	fb_err err;
	unsigned char h1[COLL_STORE_HASH_LEN] = {4}, h2[COLL_STORE_HASH_LEN] = {5};
	const char *willow[] = {"WARD1"}, *oak[] = {"WARD2"};
	assert_int_equal(coll_store_device_add(f->st, "kiosk-w", willow, 1, h1, NOW, &err), 0);
	assert_int_equal(coll_store_device_add(f->st, "kiosk-o", oak, 1, h2, NOW, &err), 0);
	add_user(f, "eddie", "estates");
	login(f, "eddie");
	get(f, "/fleet");
	assert_null(strstr(f->r.body, "kiosk-o"));
	assert_int_equal(coll_store_user_set_role(f->st, "eddie", "estates", &err), 0);
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "kiosk-w"));
	assert_non_null(strstr(f->r.body, "kiosk-o"));
}

static void test_a_team_should_be_named_and_retired_only_once_empty(void **state)
{
	fx *f = *state;
	login(f, "ada");
	post(f, "/admin/teams/add", "code=rowan&name=Rowan+older+adults");
	assert_int_equal(f->r.status, 303);
	post(f, "/admin/teams/add", "code=willow&name=Willow+again");
	assert_int_equal(f->r.status, 400);       /* willow exists: its locations have it */
	post(f, "/admin/teams/willow/rename", "name=Willow+adult+wards");
	assert_int_equal(f->r.status, 303);
	post(f, "/admin/teams/oak/retire", "confirm=yes");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "still has 1 location in use and 1 enabled user"));
	post(f, "/admin/teams/rowan/retire", "");
	assert_non_null(strstr(f->r.body, "Retire this team?"));
	post(f, "/admin/teams/rowan/retire", "confirm=yes");
	assert_int_equal(f->r.status, 303);
	get(f, "/admin/teams");
	assert_non_null(strstr(f->r.body, "Rowan older adults"));
	assert_int_equal(count_of(f, ">Retired</strong>"), 1);
	/* the team's own pages show the name the admin gave */
	new_browser(f);
	login(f, "wendy");
	assert_non_null(strstr(f->r.body, "Willow adult wards"));
}

static void test_revoking_a_device_should_ask_first(void **state)
{
	fx *f = *state;
	fb_err err;
	unsigned char hash[COLL_STORE_HASH_LEN] = {2};
	const char *locs[] = {"WARD1"};
	coll_store_device dev;
	assert_int_equal(coll_store_device_add(f->st, "kiosk-2", locs, 1, hash, NOW, &err), 0);
	login(f, "ada");
	post(f, "/admin/devices/kiosk-2/revoke", "");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Revoke this device?"));
	assert_int_equal(coll_store_device_get(f->st, "kiosk-2", &dev, &err), 0);
	assert_false(dev.revoked);
	post(f, "/admin/devices/kiosk-2/revoke", "confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-2", &dev, &err), 0);
	assert_true(dev.revoked);
}

/* ---- the audit trail ------------------------------------------------------------- */

/* Does one step and checks it left exactly one row of action (and no other row). */
#define ONE_ROW(f, action, step) do { \
		int before_ = audit_count(f, action), all_ = audit_count(f, NULL); \
		step; \
		assert_int_equal(audit_count(f, action), before_ + 1); \
		assert_int_equal(audit_count(f, NULL), all_ + 1); \
	} while (0)

static void test_each_action_should_leave_exactly_one_audit_row(void **state)
{
	fx *f = *state;
	fb_err err;
	char token[COLL_USERS_TOKEN_TEXT], id[40];
	unsigned char hash[COLL_STORE_HASH_LEN] = {3};
	const char *locs[] = {"WARD1"};
	assert_int_equal(coll_store_device_add(f->st, "kiosk-3", locs, 1, hash, NOW, &err), 0);
	put(f, "WARD1", 5, 1, COMMENT_WORDS, true, 0, NOW - HOUR);
	snprintf(id, sizeof id, "%s", f->response_id);

	ONE_ROW(f, "sign-in-failed", try_login(f, "wendy", "wrong+password+here"));
	ONE_ROW(f, "sign-in", login(f, "wendy"));
	ONE_ROW(f, "view-comments", get(f, "/location/WARD1"));
	ONE_ROW(f, "view-comments", get(f, "/safeguarding"));
	ONE_ROW(f, "export", get(f, "/export/responses.csv"));
	assert_int_equal(f->r.status, 200);
	{
		char body[128];
		snprintf(body, sizeof body, "id=%s&back=/safeguarding", id);
		ONE_ROW(f, "safeguarding", post(f, "/safeguarding/seen", body));
		assert_int_equal(f->r.status, 303);
	}
	ONE_ROW(f, "sign-out", post(f, "/logout", ""));
	new_browser(f);
	login(f, "ada");
	ONE_ROW(f, "user-add", post(f, "/admin/users/add", "name=nina&team=willow&role=estates"));
	ONE_ROW(f, "user-team", post(f, "/admin/users/nina/team", "team=oak"));
	ONE_ROW(f, "user-role", post(f, "/admin/users/nina/role", "role=results"));
	ONE_ROW(f, "user-reset", post(f, "/admin/users/nina/reset", ""));
	reset_token(f, token, sizeof token);
	ONE_ROW(f, "password-set", use_link(f, token, "a+brand+new+passphrase"));
	ONE_ROW(f, "user-disable", post(f, "/admin/users/nina/disable", "confirm=yes"));
	ONE_ROW(f, "user-enable", post(f, "/admin/users/nina/enable", ""));
	ONE_ROW(f, "location-add", post(f, "/admin/locations/add", "code=WARD7&name=Rowan+Ward&team=oak"));
	ONE_ROW(f, "location-rename", post(f, "/admin/locations/WARD7/rename", "name=Rowan+House"));
	ONE_ROW(f, "location-retire", post(f, "/admin/locations/WARD7/retire", "confirm=yes"));
	ONE_ROW(f, "team-add", post(f, "/admin/teams/add", "code=rowan&name=Rowan"));
	ONE_ROW(f, "team-rename", post(f, "/admin/teams/rowan/rename", "name=Rowan+older+adults"));
	ONE_ROW(f, "team-retire", post(f, "/admin/teams/rowan/retire", "confirm=yes"));
	ONE_ROW(f, "device-locations", post(f, "/admin/devices/kiosk-3/locations", "loc_WARD2=on"));
	ONE_ROW(f, "device-revoke", post(f, "/admin/devices/kiosk-3/revoke", "confirm=yes"));
	ONE_ROW(f, "export", get(f, "/admin/audit.csv"));
	assert_int_equal(f->r.status, 200);
	ONE_ROW(f, "erasure", coll_audit_add(f->st, NOW, "pat", "192.0.2.1", COLL_AUDIT_ERASURE,
					     "response x", "words and contact details", &err));
	/* a step asked about but not confirmed changes nothing and is not a row */
	int all = audit_count(f, NULL);
	post(f, "/admin/users/nina/disable", "");
	assert_int_equal(audit_count(f, NULL), all);
}

static void test_no_audit_row_should_hold_comment_text_or_a_password(void **state)
{
	fx *f = *state;
	char token[COLL_USERS_TOKEN_TEXT], id[40], body[256];
	put(f, "WARD1", 5, 1, COMMENT_WORDS, true, 0, NOW - HOUR);
	snprintf(id, sizeof id, "%s", f->response_id);
	try_login(f, "wendy", "zebra+wrong+password");
	login(f, "wendy");
	f->args[0] = "q";
	f->args[1] = "zebra";
	f->args[2] = NULL;
	get(f, "/location/WARD1");
	f->args[0] = NULL;
	assert_non_null(strstr(f->r.body, COMMENT_WORDS));
	get(f, "/export/responses.csv");
	snprintf(body, sizeof body, "id=%s&back=/safeguarding&note=zebra+note+told+the+manager", id);
	post(f, "/safeguarding/actioned", body);
	assert_int_equal(f->r.status, 303);
	new_browser(f);
	login(f, "ada");
	post(f, "/admin/users/wendy/reset", "");
	reset_token(f, token, sizeof token);
	use_link(f, token, "zebra+new+passphrase");
	assert_int_equal(f->r.status, 303);
	get(f, "/admin/audit");
	assert_int_equal(f->r.status, 200);
	fb_err err;
	audit_scan s = {.needles = {"zebra", "horse", token, NULL}};
	coll_store_audit_query q = {0};
	assert_int_equal(coll_store_audit_each(f->st, &q, scan_row, &s, &err), 0);
	assert_true(s.n >= 8);
	assert_int_equal(s.found, 0);
}

static void test_the_audit_page_should_filter_by_user_action_and_day(void **state)
{
	fx *f = *state;
	fb_err err;
	assert_int_equal(fx_use_trust_zone(), 0);
	assert_int_equal(coll_audit_add(f->st, NOW - 48 * HOUR, "owen", "192.0.2.5", "sign-in", "owen",
					"", &err), 0);
	login(f, "wendy");
	new_browser(f);
	login(f, "ada");
	f->args[0] = "user";
	f->args[1] = "owen";
	f->args[2] = NULL;
	get(f, "/admin/audit");
	assert_int_equal(f->r.status, 200);
	assert_int_equal(count_of(f, "<td"), 6);   /* one row: owen's */
	assert_non_null(strstr(f->r.body, "192.0.2.5"));
	f->args[0] = "action";
	f->args[1] = "sign-in";
	f->args[2] = "from";
	f->args[3] = "2026-11-15";
	f->args[4] = "to";
	f->args[5] = "2026-11-15";
	f->args[6] = NULL;
	get(f, "/admin/audit");
	assert_int_equal(count_of(f, "<td"), 12);  /* wendy's and ada's sign-ins today */
	assert_null(strstr(f->r.body, "192.0.2.5"));
	get(f, "/admin/audit.csv");
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.content_type, "text/csv; charset=utf-8");
	assert_int_equal(count_of(f, "\r\n"), 3);  /* header and two rows */
	assert_non_null(strstr(f->r.body, "when,user,address,action,object,detail\r\n"));
	f->args[1] = "sign-in";
	f->args[3] = "15/11/2026";
	get(f, "/admin/audit");
	assert_int_equal(f->r.status, 400);
	f->args[0] = NULL;
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_results_user_should_get_403_on_every_admin_page_and_form),
		T(test_the_safeguarding_role_should_see_every_locations_flagged_comments),
		T(test_the_patient_experience_role_should_read_every_teams_pages),
		T(test_an_added_user_should_set_their_password_with_the_link_once),
		T(test_a_reset_link_should_stop_working_after_24_hours),
		T(test_a_reset_link_should_be_stored_only_as_its_hash),
		T(test_disabling_a_user_should_ask_first_then_sign_them_out_at_once),
		T(test_the_last_admin_should_not_be_disabled_or_lose_the_role),
		T(test_a_retired_location_should_keep_its_responses_and_take_no_device),
		T(test_revoking_a_device_should_ask_first),
		T(test_a_team_should_be_named_and_retired_only_once_empty),
		T(test_the_estates_role_should_see_every_device_on_the_fleet_page),
		T(test_each_action_should_leave_exactly_one_audit_row),
		T(test_no_audit_row_should_hold_comment_text_or_a_password),
		T(test_the_audit_page_should_filter_by_user_action_and_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
