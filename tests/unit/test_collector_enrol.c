/* test_collector_enrol: one-time enrolment codes (collector/enrol.h), on a
 * temporary SQLite store: a code is 8 characters of an alphabet without 0,
 * O, 1 or I, shown ABCD-EFGH; typed in small letters or with spaces it is
 * the same code; only its hash is stored; it enrols only the device id it
 * was made for, once, within its hour (the actor's clock: no sleeping),
 * exactly as 'device add' does (the token's hash is what the collector
 * keeps); each code made and used leaves one audit row without the code;
 * the Devices page makes one with its CSRF field and shows it once. */
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
#include <sqlite3.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/enrol.h"
#include "../../collector/months.h"
#include "../../collector/retention.h"
#include "../../collector/store/store.h"
#include "../../collector/users.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */
#define HOUR (3600LL * 1000)

#include "collector_web_fixture.h"

static int setup(void **state)
{
	fb_err err;
	fx_setup_wards(state);
	fx *f = *state;
	add_user(f, "ada", "it");
	assert_int_equal(coll_store_user_set_role(f->st, "ada", "admin", &err), 0);
	return 0;
}

static const coll_actor ADA = {"ada", "192.0.2.7", NOW};

static void issue(fx *f, const char *id, const char *loc, int64_t valid_s, char code[COLL_ENROL_CODE_TEXT])
{
	fb_err err;
	int64_t expires = 0;
	const char *locs[] = {loc};
	assert_int_equal(coll_enrol_issue(f->st, &ADA, id, locs, 1, valid_s, code, &expires, &err), 0);
	assert_int_equal(expires, NOW + (valid_s ? valid_s : COLL_ENROL_VALID_S) * 1000);
}

static int redeem_at(fx *f, const char *typed, const char *id, int64_t at, char *token,
		     coll_store_device *dev)
{
	fb_err err;
	coll_actor a = {"device", "192.0.2.8", at};
	return coll_enrol_redeem(f->st, &a, typed, id, token, dev, &err);
}

static void test_a_code_should_be_8_unambiguous_characters_grouped_4_and_4(void **state)
{
	(void)state;
	int seen[256] = {0};
	for (int i = 0; i < 2000; i++) {
		char code[COLL_ENROL_CODE_TEXT];
		coll_enrol_code_make(code);
		assert_int_equal(strlen(code), 9);
		assert_int_equal(code[4], '-');
		for (int k = 0; k < 9; k++) {
			if (k == 4)
				continue;
			assert_non_null(strchr(COLL_ENROL_ALPHABET, code[k]));
			seen[(unsigned char)code[k]]++;
		}
	}
	assert_int_equal(strlen(COLL_ENROL_ALPHABET), 32);      /* 5 bits a character */
	for (const char *p = "0O1I"; *p; p++) {
		assert_null(strchr(COLL_ENROL_ALPHABET, *p));
		assert_int_equal(seen[(unsigned char)*p], 0);
	}
	for (const char *p = COLL_ENROL_ALPHABET; *p; p++)   /* 16,000 draws reach each */
		assert_true(seen[(unsigned char)*p] > 0);
}

static void test_a_typed_code_should_be_read_in_any_case_with_spaces_or_a_dash(void **state)
{
	(void)state;
	char n[COLL_ENROL_CODE_LEN + 1];
	assert_int_equal(coll_enrol_code_normalise("abcd-efgh", n), 0);
	assert_string_equal(n, "ABCDEFGH");
	assert_int_equal(coll_enrol_code_normalise(" ab cd ef gh ", n), 0);
	assert_string_equal(n, "ABCDEFGH");
	assert_int_equal(coll_enrol_code_normalise("ABCD-EFG", n), -1);      /* short */
	assert_int_equal(coll_enrol_code_normalise("ABCD-EFGHJ", n), -1);    /* long */
	assert_int_equal(coll_enrol_code_normalise("ABCD-EFG0", n), -1);     /* not in it */
	assert_int_equal(coll_enrol_code_normalise("ABCD-EFGI", n), -1);
	assert_int_equal(coll_enrol_code_normalise("", n), -1);
	assert_int_equal(coll_enrol_code_normalise(NULL, n), -1);
}

static void test_the_hash_should_differ_by_device_and_code(void **state)
{
	(void)state;
	unsigned char a[COLL_STORE_HASH_LEN], b[COLL_STORE_HASH_LEN], c[COLL_STORE_HASH_LEN];
	coll_enrol_code_hash("kiosk-oak", "ABCDEFGH", a);
	coll_enrol_code_hash("kiosk-elm", "ABCDEFGH", b);
	coll_enrol_code_hash("kiosk-oak", "ABCDEFGJ", c);
	assert_memory_not_equal(a, b, sizeof a);
	assert_memory_not_equal(a, c, sizeof a);
	coll_enrol_code_hash("kiosk-oak", "ABCDEFGH", b);
	assert_memory_equal(a, b, sizeof a);
}

static void test_a_code_should_enrol_its_device_once_with_a_token_the_collector_knows(void **state)
{
	fx *f = *state;
	fb_err err;
	char code[COLL_ENROL_CODE_TEXT], lower[COLL_ENROL_CODE_TEXT], token[COLL_ENROL_TOKEN_TEXT];
	unsigned char th[COLL_STORE_HASH_LEN];
	coll_store_device dev, by_token;
	issue(f, "kiosk-oak", "WARD2", 0, code);
	for (size_t i = 0; i <= strlen(code); i++)
		lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] - 'A' + 'a' : code[i]);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-oak", &dev, &err), FB_ERR_NOTFOUND);
	assert_int_equal(redeem_at(f, lower, "kiosk-oak", NOW + HOUR - 1000, token, &dev), 0);
	assert_int_equal(dev.n_locations, 1);
	assert_string_equal(dev.locations[0], "WARD2");
	assert_int_equal(strlen(token), 43);                 /* 32 bytes, base64url */
	crypto_generichash(th, sizeof th, (const unsigned char *)token, strlen(token), NULL, 0);
	assert_int_equal(coll_store_device_by_token(f->st, th, &by_token, &err), 0);
	assert_string_equal(by_token.id, "kiosk-oak");
	assert_true(coll_store_device_speaks_for(&by_token, "WARD2"));
	assert_false(coll_store_device_speaks_for(&by_token, "WARD1"));
	/* used: refused, nothing changes */
	assert_int_equal(redeem_at(f, code, "kiosk-oak", NOW + 2000, token, &dev), FB_ERR_NOTFOUND);
	assert_string_equal(token, "");
	assert_int_equal(coll_store_device_by_token(f->st, th, &by_token, &err), 0);
}

static void test_a_code_should_stop_working_after_its_hour(void **state)
{
	fx *f = *state;
	fb_err err;
	char code[COLL_ENROL_CODE_TEXT], token[COLL_ENROL_TOKEN_TEXT];
	coll_store_device dev;
	issue(f, "kiosk-oak", "WARD2", 0, code);
	assert_int_equal(redeem_at(f, code, "kiosk-oak", NOW + HOUR, token, &dev), FB_ERR_NOTFOUND);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-oak", &dev, &err), FB_ERR_NOTFOUND);
	/* a shorter life when asked for */
	issue(f, "kiosk-elm", "WARD2", 60, code);
	assert_int_equal(redeem_at(f, code, "kiosk-elm", NOW + 61000, token, &dev), FB_ERR_NOTFOUND);
	const char *locs[] = {"WARD2"};
	int64_t e;
	assert_int_equal(coll_enrol_issue(f->st, &ADA, "kiosk-elm", locs, 1, COLL_ENROL_VALID_S + 1,
					  code, &e, &err), FB_ERR_INVALID);
}

static int codes_left(fx *f)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int n = -1;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM enrol_codes", -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static void test_spent_codes_should_go_with_the_daily_retention_run_and_waiting_ones_stay(void **state)
{
	fx *f = *state;
	fb_err err;
	char used[COLL_ENROL_CODE_TEXT], stale[COLL_ENROL_CODE_TEXT], waiting[COLL_ENROL_CODE_TEXT];
	char token[COLL_ENROL_TOKEN_TEXT];
	coll_store_device dev;
	coll_store_retention_done done;
	int64_t gone = -1;
	issue(f, "kiosk-oak", "WARD2", 0, used);
	issue(f, "kiosk-elm", "WARD2", 60, stale);
	issue(f, "kiosk-ash", "WARD2", 0, waiting);
	assert_int_equal(redeem_at(f, used, "kiosk-oak", NOW + 1000, token, &dev), 0);
	assert_int_equal(codes_left(f), 3);
	/* half an hour on: the used and the run-out one go, the waiting one stays */
	assert_int_equal(coll_store_enrol_codes_prune(f->st, NOW + HOUR / 2, &gone, &err), 0);
	assert_int_equal(gone, 2);
	assert_int_equal(codes_left(f), 1);
	assert_int_equal(redeem_at(f, waiting, "kiosk-ash", NOW + HOUR / 2 + 1000, token, &dev), 0);
	/* and the daily job, a day after it was used, takes that one too */
	assert_int_equal(coll_retention_run(&f->cfg, f->st, NOW + 25 * HOUR, false, NULL, &done, &err), 0);
	assert_int_equal(codes_left(f), 0);
}

static void test_a_code_should_enrol_no_other_device_and_a_new_one_replaces_it(void **state)
{
	fx *f = *state;
	fb_err err;
	char first[COLL_ENROL_CODE_TEXT], second[COLL_ENROL_CODE_TEXT], token[COLL_ENROL_TOKEN_TEXT];
	coll_store_device dev;
	issue(f, "kiosk-oak", "WARD2", 0, first);
	assert_int_equal(redeem_at(f, first, "kiosk-elm", NOW + 1000, token, &dev), FB_ERR_NOTFOUND);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-elm", &dev, &err), FB_ERR_NOTFOUND);
	issue(f, "kiosk-oak", "WARD2", 0, second);          /* the first was lost */
	assert_int_equal(redeem_at(f, first, "kiosk-oak", NOW + 2000, token, &dev), FB_ERR_NOTFOUND);
	assert_int_equal(redeem_at(f, second, "kiosk-oak", NOW + 3000, token, &dev), 0);
	/* an enrolled id gets no code; a retired or unknown location none either */
	assert_int_equal(coll_enrol_issue(f->st, &ADA, "kiosk-oak", (const char *[]){"WARD2"}, 1, 0,
					  first, &(int64_t){0}, &err), FB_ERR_INVALID);
	assert_int_equal(coll_enrol_issue(f->st, &ADA, "kiosk-ash", (const char *[]){"NOWHERE"}, 1, 0,
					  first, &(int64_t){0}, &err), FB_ERR_INVALID);
	assert_int_equal(coll_enrol_issue(f->st, &ADA, "bad id!", (const char *[]){"WARD2"}, 1, 0,
					  first, &(int64_t){0}, &err), FB_ERR_INVALID);
}

typedef struct audit_scan {
	int codes, enrols, leaks;
	const char *code, *bare, *token;
} audit_scan;

static int scan_row(void *ctx, const coll_store_audit_row *r)
{
	audit_scan *s = ctx;
	s->codes += strcmp(r->action, "device-code") == 0 && strcmp(r->user, "ada") == 0;
	s->enrols += strcmp(r->action, "device-enrol") == 0 && strcmp(r->object, "kiosk-oak") == 0;
	const char *fields[] = {r->user, r->addr, r->action, r->object, r->detail};
	for (int k = 0; k < 5; k++)
		if (fields[k] && (strstr(fields[k], s->code) || strstr(fields[k], s->bare) ||
				  strstr(fields[k], s->token)))
			s->leaks++;
	return 0;
}

static void test_making_and_using_a_code_should_each_leave_one_audit_row_without_it(void **state)
{
	fx *f = *state;
	fb_err err;
	char code[COLL_ENROL_CODE_TEXT], bare[COLL_ENROL_CODE_LEN + 1], token[COLL_ENROL_TOKEN_TEXT];
	coll_store_device dev;
	issue(f, "kiosk-oak", "WARD2", 0, code);
	assert_int_equal(redeem_at(f, code, "kiosk-oak", NOW + 1000, token, &dev), 0);
	coll_enrol_code_normalise(code, bare);
	audit_scan s = {0, 0, 0, code, bare, token};
	coll_store_audit_query q = {0};
	assert_int_equal(coll_store_audit_each(f->st, &q, scan_row, &s, &err), 0);
	assert_int_equal(s.codes, 1);
	assert_int_equal(s.enrols, 1);
	assert_int_equal(s.leaks, 0);
}

static void test_the_devices_page_should_make_a_code_and_show_it_once(void **state)
{
	fx *f = *state;
	char code[COLL_ENROL_CODE_TEXT] = "", token[COLL_ENROL_TOKEN_TEXT];
	coll_store_device dev;
	login(f, "ada");
	get(f, "/admin/devices");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "<h2 id=\"enrol\">Enrol a tablet</h2>"));
	assert_non_null(strstr(f->r.body, "name=\"loc_WARD2\""));
	send_req(f, "POST", "/admin/devices/enrol", f->cookie, "device_id=kiosk-oak&loc_WARD2=on");
	assert_int_equal(f->r.status, 403);                  /* no CSRF field: no code */
	post(f, "/admin/devices/enrol", "device_id=kiosk-oak&loc_WARD2=on");
	assert_int_equal(f->r.status, 200);
	const char *p = strstr(f->r.body, "id=\"enrol-code\">");
	assert_non_null(p);
	p += strlen("id=\"enrol-code\">");
	memcpy(code, p, 9);
	code[9] = '\0';
	assert_int_equal(code[4], '-');
	assert_non_null(strstr(f->r.body, "for device kiosk-oak only"));
	get(f, "/admin/devices");                            /* never shown again */
	assert_null(strstr(f->r.body, code));
	assert_int_equal(redeem_at(f, code, "kiosk-oak", f->now + 1000, token, &dev), 0);
	post(f, "/admin/devices/enrol", "device_id=kiosk-elm");   /* no location ticked */
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "pick at least one location"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_code_should_be_8_unambiguous_characters_grouped_4_and_4),
		cmocka_unit_test(test_a_typed_code_should_be_read_in_any_case_with_spaces_or_a_dash),
		cmocka_unit_test(test_the_hash_should_differ_by_device_and_code),
		T(test_a_code_should_enrol_its_device_once_with_a_token_the_collector_knows),
		T(test_a_code_should_stop_working_after_its_hour),
		T(test_spent_codes_should_go_with_the_daily_retention_run_and_waiting_ones_stay),
		T(test_a_code_should_enrol_no_other_device_and_a_new_one_replaces_it),
		T(test_making_and_using_a_code_should_each_leave_one_audit_row_without_it),
		T(test_the_devices_page_should_make_a_code_and_show_it_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
