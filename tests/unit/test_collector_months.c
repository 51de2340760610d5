/* months: a ward's month is the Trust's calendar month (Europe/London), not
 * UTC's: what the monthly return, the counters and a database made by an
 * older collector (UTC month keys) show at the month boundaries of summer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/export.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "schema_undo.h"

#define MAY31_2330Z 1780270200000LL    /* 00:30 BST on 1 June 2026 */
#define MAY31_2259Z 1780268399000LL    /* 23:59:59 BST on 31 May 2026 */
#define JUN01_BST   1780268400000LL    /* 2026-06-01T00:00 BST = 2026-05-31T23:00Z */
#define JUL01_BST   1782860400000LL    /* 2026-07-01T00:00 BST */
#define DEC01_0030Z 1796085000000LL    /* 00:30 GMT on 1 December 2026 */
#define NOV30_2330Z 1796081400000LL    /* 23:30 GMT on 30 November 2026 */

typedef struct fixture {
	char dir[64];
	char path[128];
	coll_store *st;
	coll_config cfg;
	int seq;
} fixture;

static void use_zone(const char *zone)
{
	fb_err err;
	assert_int_equal(coll_months_use_zone(zone, &err), 0);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fb_err err;
	use_zone("Europe/London");
	snprintf(f->dir, sizeof f->dir, "/tmp/fb-cmon.XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/c.db", f->dir);
	coll_config_defaults(&f->cfg);
	snprintf(f->cfg.org_code, sizeof f->cfg.org_code, "RXT");
	if (coll_store_open_sqlite(f->path, &f->st, &err) ||
	    coll_store_location_add(f->st, "WARD1", "Willow Ward", "willow", &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char cmd[128];
	coll_store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	use_zone("Europe/London");
	return rc;
}

static void put(fixture *f, int fft, int n, int64_t at)
{
	fb_err err;
	unsigned char digest[COLL_STORE_HASH_LEN] = {0};
	for (int i = 0; i < n; i++) {
		char id[40];
		coll_store_outcome o;
		snprintf(id, sizeof id, "019a0000-0000-7000-8000-%012d", ++f->seq);
		coll_store_response r = {
			.id = id, .digest = digest, .device_id = "kiosk-1", .location = "WARD1",
			.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
			.started_at_ms = at - 1000, .submitted_at_ms = at, .received_at_ms = at,
			.fft = fft, .answers_json = "{}",
		};
		assert_int_equal(coll_store_responses_put(f->st, &r, 1, &o, &err), 0);
		assert_int_equal(o, COLL_STORE_STORED);
	}
}

static void reopen(fixture *f)
{
	fb_err err;
	coll_store_close(f->st);
	f->st = NULL;
	assert_int_equal(coll_store_open_sqlite(f->path, &f->st, &err), 0);
}

/* Answers of month "YYYY-MM" (whole month: from the counters) */
static int64_t month_total(fixture *f, const char *month)
{
	int64_t from, to, k[7];
	fb_err err;
	assert_int_equal(coll_months_range(month, &from, &to, &err), 0);
	coll_store_query q = {.location = "WARD1", .from_ms = from, .to_ms = to};
	assert_int_equal(coll_store_fft_counts(f->st, &q, k, &err), 0);
	return k[0] + k[1] + k[2] + k[3] + k[4] + k[5] + k[6];
}

static char *fft_return(fixture *f, const char *month)
{
	char *buf = NULL;
	size_t len = 0;
	int64_t from, to;
	fb_err err;
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(coll_months_range(month, &from, &to, &err), 0);
	assert_int_equal(coll_export_write(f->st, &f->cfg, COLL_EXPORT_FFT_SUBMISSION, NULL, from, to, m, &err), 0);
	fclose(m);
	return buf;
}

static void sql(fixture *f, const char *text)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int64_t sql_int(fixture *f, const char *text)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, text, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* ---- the calendar ------------------------------------------------------------ */

static void test_months_should_turn_at_local_midnight_in_summer_and_winter(void **state)
{
	int64_t from, to;
	fb_err err;
	assert_int_equal(coll_months_of(MAY31_2330Z), 202606);
	assert_int_equal(coll_months_of(MAY31_2259Z), 202605);
	assert_int_equal(coll_months_of(DEC01_0030Z), 202612);
	assert_int_equal(coll_months_of(NOV30_2330Z), 202611);
	assert_int_equal(coll_months_range("2026-06", &from, &to, &err), 0);
	assert_int_equal(from, JUN01_BST);
	assert_int_equal(to, JUL01_BST);
	assert_int_equal(coll_months_add(MAY31_2330Z, 0), JUN01_BST);
	assert_int_equal(coll_months_add(JUL01_BST - 1, -1), coll_months_start(2026, 4));
	char name[8];
	coll_months_name(MAY31_2330Z, name);
	assert_string_equal(name, "2026-06");
}

static void test_a_zone_the_system_does_not_know_should_be_refused_saying_so(void **state)
{
	char why[300];
	fb_err err;
	assert_true(coll_months_zone_known("Europe/London", why, sizeof why));
	assert_true(coll_months_zone_known("UTC", why, sizeof why));
	assert_false(coll_months_zone_known("Europe/Londn", why, sizeof why));
	assert_non_null(strstr(why, "unknown time zone 'Europe/Londn'"));
	assert_false(coll_months_zone_known("../../etc/passwd", why, sizeof why));
	assert_false(coll_months_zone_known("/etc/localtime", why, sizeof why));
	assert_false(coll_months_zone_known("GMT0BST,M3.5.0/1,M10.5.0", why, sizeof why));
	assert_false(coll_months_zone_known("Europe", why, sizeof why));   /* a directory */
	assert_false(coll_months_zone_known("", why, sizeof why));
	assert_int_equal(coll_months_use_zone("Mars/Olympus", &err), FB_ERR_INVALID);
	assert_string_equal(coll_months_zone(), "Europe/London");         /* left as it was */
}

/* The export's fast local times: the same text strftime of localtime writes,
 * for every hour around the clock changes and across years, in zones whose
 * offset is an hour, half an hour (Lord Howe changes by 30 minutes) or a
 * quarter (Kathmandu), and for times out of range (clamped as before). */
static void test_the_fast_clock_should_write_what_strftime_writes_in_every_zone(void **state)
{
	static const char *const zones[] = {"Europe/London", "Australia/Lord_Howe",
					    "Asia/Kathmandu", "America/St_Johns", "UTC"};
	coll_months_clock clock;
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		use_zone(zones[z]);
		coll_months_clock_init(&clock);
		/* 2024-01-01 to 2028-01-01 in steps of 7 h 13 min 17 s: every hour of
		 * the day, both clock changes of each year, and seconds */
		for (int64_t ms = 1704067200000LL; ms < 1830297600000LL; ms += 25997000LL) {
			char fast[20], want[32];
			struct tm tm;
			coll_months_clock_format(&clock, ms, fast);
			coll_months_local(ms, &tm);
			strftime(want, sizeof want, "%Y-%m-%d %H:%M:%S", &tm);
			if (strcmp(fast, want) != 0)
				fail_msg("%s at %lld ms: '%s', strftime '%s'", zones[z], (long long)ms, fast,
					 want);
		}
	}
	/* the minutes either side of London's change on 29 March 2026 (01:00 GMT) */
	use_zone("Europe/London");
	coll_months_clock_init(&clock);
	char t[20];
	coll_months_clock_format(&clock, 1774745999000LL, t);
	assert_string_equal(t, "2026-03-29 00:59:59");
	coll_months_clock_format(&clock, 1774746000000LL, t);
	assert_string_equal(t, "2026-03-29 02:00:00");
	coll_months_clock_format(&clock, MAY31_2330Z, t);
	assert_string_equal(t, "2026-06-01 00:30:00");
	coll_months_clock_format(&clock, -5, t);
	assert_string_equal(t, "1970-01-01 01:00:00");   /* London kept BST all year in 1970 */
	coll_months_clock_format(&clock, INT64_MAX, t);
	assert_string_equal(t, "9999-12-31 23:59:59");
}

/* ---- counts, the return and the counters ---------------------------------------- */

static void test_a_response_at_0030_bst_on_1_june_should_be_in_junes_counts_and_return(void **state)
{
	fixture *f = *state;
	int64_t months[8][7];
	fb_err err;
	put(f, 1, 5, MAY31_2330Z);
	put(f, 2, 5, DEC01_0030Z);
	put(f, 4, 5, NOV30_2330Z);
	assert_int_equal(month_total(f, "2026-05"), 0);
	assert_int_equal(month_total(f, "2026-06"), 5);
	assert_int_equal(month_total(f, "2026-11"), 5);
	assert_int_equal(month_total(f, "2026-12"), 5);
	coll_store_query q = {.location = "WARD1", .from_ms = coll_months_start(2026, 4),
			 .to_ms = coll_months_start(2027, 0)};
	assert_int_equal(coll_store_fft_monthly(f->st, &q, months, 8, &err), 0);
	assert_int_equal(months[0][1], 0);    /* May */
	assert_int_equal(months[1][1], 5);    /* June */
	assert_int_equal(months[6][4], 5);    /* November */
	assert_int_equal(months[7][2], 5);    /* December */
	/* a part-month read from the rows agrees with the counters */
	q.from_ms = MAY31_2330Z - 60000;
	q.to_ms = MAY31_2330Z + 60000;
	assert_int_equal(coll_store_fft_monthly(f->st, &q, months, 1, &err), 0);
	assert_int_equal(months[0][1], 5);
	char *csv = fft_return(f, "2026-06");
	assert_non_null(strstr(csv, "2026-06,RXT,,WARD1,Willow Ward,willow,5,0,0,0,0,0,5,1.0000,0.0000,0,0,0,0,0,0,0,5\r\n"));
	free(csv);
	csv = fft_return(f, "2026-05");
	assert_non_null(strstr(csv, "2026-05,RXT,,WARD1,Willow Ward,willow,0,0,0,0,0,0,0,,,0,0,0,0,0,0,0,0\r\n"));
	free(csv);
	csv = fft_return(f, "2026-12");
	assert_non_null(strstr(csv, "2026-12,RXT,,WARD1,Willow Ward,willow,0,5,0,0,0,0,5,1.0000,0.0000,0,0,0,0,0,0,0,5\r\n"));
	free(csv);
	/* the stored key and the counter say June */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM response_counts WHERE month = 202606"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM responses WHERE month = 202605"), 0);
}

static void test_a_database_with_utc_months_should_be_migrated_to_uk_months(void **state)
{
	fixture *f = *state;
	/* what schema 1 wrote: UTC months, and no settings table */
	use_zone("UTC");
	reopen(f);
	put(f, 1, 5, MAY31_2330Z);
	put(f, 2, 5, DEC01_0030Z);
	coll_store_close(f->st);
	f->st = NULL;
	sql(f, "DROP TABLE settings; DROP TABLE device_locations; DROP TABLE device_refusals;"
	    " ALTER TABLE devices DROP COLUMN enrolled_at_ms; ALTER TABLE devices DROP COLUMN last_push_ms;"
	    " DROP TABLE alerts; DROP INDEX responses_flag_new; ALTER TABLE responses DROP COLUMN flag_new;"
	    " ALTER TABLE responses DROP COLUMN flag_seen_by; ALTER TABLE responses DROP COLUMN flag_seen_at_ms;"
	    " ALTER TABLE responses DROP COLUMN flag_actioned_by;"
	    " ALTER TABLE responses DROP COLUMN flag_actioned_at_ms; ALTER TABLE responses DROP COLUMN flag_note;"
	    " DROP TABLE actions; DROP TABLE action_comments; DROP TABLE action_history;"
	    " DROP TABLE published_items; DROP TABLE published_locations;"
	    " DROP TABLE published_texts; DROP TABLE device_config_fetch;" SCHEMA_UNDO_TO_5
	    " DELETE FROM schema_version WHERE version >= 2");
	assert_int_equal(sql_int(f, "SELECT count(*) FROM responses WHERE month = 202605"), 5);
	use_zone("Europe/London");
	reopen(f);
	assert_int_equal(sql_int(f, "SELECT max(version) FROM schema_version"), COLL_STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM responses WHERE month = 202605"), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM responses WHERE month = 202606"), 5);
	assert_int_equal(sql_int(f, "SELECT sum(n) FROM response_counts WHERE month = 202606"), 5);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM response_counts WHERE month = 202605"), 0);
	assert_int_equal(month_total(f, "2026-05"), 0);
	assert_int_equal(month_total(f, "2026-06"), 5);
	assert_int_equal(month_total(f, "2026-12"), 5);
	/* opening again changes nothing */
	reopen(f);
	assert_int_equal(sql_int(f, "SELECT sum(n) FROM response_counts"), 10);
}

static void test_changing_the_zone_should_work_the_months_out_again(void **state)
{
	fixture *f = *state;
	put(f, 2, 5, DEC01_0030Z);
	assert_int_equal(month_total(f, "2026-12"), 5);
	/* 00:30 GMT on 1 December is 19:30 on 30 November in New York */
	use_zone("America/New_York");
	reopen(f);
	assert_int_equal(month_total(f, "2026-11"), 5);
	assert_int_equal(month_total(f, "2026-12"), 0);
	use_zone("Europe/London");
	reopen(f);
	assert_int_equal(month_total(f, "2026-12"), 5);
	assert_int_equal(sql_int(f, "SELECT sum(n) FROM response_counts"), 5);
}

static int64_t unknown_total;
static int unknown_seen;

static int on_unknown(void *ctx, const char *code, int64_t n)
{
	assert_string_equal(code, "WARD9");
	unknown_total += n;
	unknown_seen++;
	return 0;
}

static void test_unknown_locations_should_be_listed_with_their_counts(void **state)
{
	fixture *f = *state;
	fb_err err;
	unsigned char digest[COLL_STORE_HASH_LEN] = {0};
	coll_store_outcome o;
	put(f, 1, 3, MAY31_2330Z);
	for (int i = 0; i < 4; i++) {
		char id[40];
		snprintf(id, sizeof id, "019a0000-0000-7000-9000-%012d", i);
		coll_store_response r = {
			.id = id, .digest = digest, .device_id = "kiosk-1", .location = "WARD9",
			.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
			.submitted_at_ms = MAY31_2330Z + i * 40LL * 24 * 3600 * 1000,
			.received_at_ms = MAY31_2330Z, .fft = 1, .answers_json = "{}",
		};
		assert_int_equal(coll_store_responses_put(f->st, &r, 1, &o, &err), 0);
	}
	assert_int_equal(coll_store_unknown_locations_each(f->st, on_unknown, NULL, &err), 0);
	assert_int_equal(unknown_seen, 1);
	assert_int_equal(unknown_total, 4);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_months_should_turn_at_local_midnight_in_summer_and_winter),
		T(test_a_zone_the_system_does_not_know_should_be_refused_saying_so),
		T(test_the_fast_clock_should_write_what_strftime_writes_in_every_zone),
		T(test_a_response_at_0030_bst_on_1_june_should_be_in_junes_counts_and_return),
		T(test_a_database_with_utc_months_should_be_migrated_to_uk_months),
		T(test_changing_the_zone_should_work_the_months_out_again),
		T(test_unknown_locations_should_be_listed_with_their_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
