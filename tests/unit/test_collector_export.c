/* export: the CSV files a ward team takes to its Quality Board and to NHS
 * England, read back as a spreadsheet would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/export.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"

typedef struct fixture {
	char dir[64];
	coll_store *st;
	coll_config cfg;
} fixture;

/* 2026-10-15T12:00:00Z */
#define OCT15 1792065600000LL

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fb_err err;
	char path[128];
	snprintf(f->dir, sizeof f->dir, "/tmp/fb-cexp.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	coll_config_defaults(&f->cfg);
	snprintf(f->cfg.fft_mode_column, sizeof f->cfg.fft_mode_column, "Mode Tablet");
	if (coll_store_open_sqlite(path, &f->st, &err) ||
	    coll_store_location_add(f->st, "WARD1", "Willow Ward", "willow", &err) ||
	    coll_store_location_add(f->st, "WARD2", "Oak, Ward", "oak", &err))
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
	return rc;
}

/* n responses with this rating (ids made from seq) */
static void put(fixture *f, const char *loc, int fft, int n, const char *text, unsigned flags)
{
	static int seq;
	fb_err err;
	unsigned char digest[COLL_STORE_HASH_LEN] = {0};
	for (int i = 0; i < n; i++) {
		char id[40];
		coll_store_outcome o;
		snprintf(id, sizeof id, "019a0000-0000-7000-8000-%012d", ++seq);
		coll_store_response r = {
			.id = id, .digest = digest, .device_id = "kiosk-1", .location = loc,
			.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
			.started_at_ms = OCT15, .submitted_at_ms = OCT15, .received_at_ms = OCT15,
			.fft = fft, .flags = flags, .answers_json = "{}", .free_text_json = text,
		};
		assert_int_equal(coll_store_responses_put(f->st, &r, 1, &o, &err), 0);
		assert_int_equal(o, COLL_STORE_STORED);
	}
}

static char *export_text(fixture *f, coll_export_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	int64_t from, to;
	fb_err err;
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(coll_months_range("2026-10", &from, &to, &err), 0);
	assert_int_equal(coll_export_write(f->st, &f->cfg, fmt, NULL, from, to, m, &err), 0);
	fclose(m);
	return buf;
}

static void test_fft_return_should_star_counts_below_five_and_proportions_made_from_them(void **state)
{
	fixture *f = *state;
	put(f, "WARD1", 1, 10, NULL, 0);
	put(f, "WARD1", 2, 6, NULL, 0);
	put(f, "WARD1", 4, 2, NULL, 0);
	put(f, "WARD1", 6, 2, NULL, 0);
	put(f, "WARD1", 5, 7, NULL, 4u /* synthetic: never counted */);
	char *csv = export_text(f, COLL_EXPORT_FFT_MONTHLY);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(csv, "1 Very Good,2 Good,3 Neither Good nor Poor,4 Poor,5 Very Poor,"
				    "6 Dont Know,Total Responses,Prop_Pos,Prop_Neg,Mode Tablet\r\n"));
	assert_non_null(strstr(csv, "2026-10,WARD1,Willow Ward,willow,10,6,0,*,0,*,20,0.8000,*,20\r\n"));
	/* a location with nothing: zeros, no proportions; its comma-holding name quoted */
	assert_non_null(strstr(csv, "2026-10,WARD2,\"Oak, Ward\",oak,0,0,0,0,0,0,0,,,0\r\n"));
	free(csv);
}

static void test_responses_csv_should_quote_text_and_defuse_formulas(void **state)
{
	fixture *f = *state;
	put(f, "WARD1", 1, 1, "{\"good\":\"kind, \\\"really\\\" kind\"}", 0);
	put(f, "WARD1", 2, 1, "=HYPERLINK(\"http://x\")", 0);
	char *csv = export_text(f, COLL_EXPORT_RESPONSES);
	assert_non_null(strstr(csv, "\"{\"\"good\"\":\"\"kind, \\\"\"really\\\"\" kind\"\"}\"\r\n"));
	assert_non_null(strstr(csv, "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"));
	assert_null(strstr(csv, ",=HYPERLINK"));
	free(csv);
}

static void test_month_range_should_refuse_anything_but_year_and_month(void **state)
{
	int64_t from, to;
	fb_err err;
	assert_int_equal(coll_months_range("2026-13", &from, &to, &err), FB_ERR_INVALID);
	assert_int_equal(coll_months_range("2026-1", &from, &to, &err), FB_ERR_INVALID);
	assert_int_equal(coll_months_range("2026-10x", &from, &to, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "expected YYYY-MM"));
	assert_int_equal(coll_months_range("2026-12", &from, &to, &err), 0);
	assert_int_equal(from, 1796083200000LL);   /* 2026-12-01 */
	assert_int_equal(to, 1798761600000LL);     /* 2027-01-01 */
}

static void test_locations_list_should_stop_at_its_cap_and_say_more_were_left_out(void **state)
{
	fixture *f = *state;
	fb_err err;
	coll_store_location_list l = {0};
	assert_int_equal(coll_store_location_add(f->st, "WARD3", "Ash Ward", "willow", &err), 0);
	assert_int_equal(coll_store_location_add(f->st, "WARD4", "Elm Ward", "willow", &err), 0);

	assert_int_equal(coll_store_locations_list(f->st, "willow", 2, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.truncated);
	assert_string_equal(l.v[0].code, "WARD1");
	assert_string_equal(l.v[1].code, "WARD3");
	free(l.v);

	assert_int_equal(coll_store_locations_list(f->st, "willow", 3, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_false(l.truncated);
	assert_string_equal(l.v[2].code, "WARD4");
	assert_string_equal(l.v[2].name, "Elm Ward");
	assert_string_equal(l.v[2].team, "willow");
	free(l.v);

	assert_int_equal(coll_store_locations_list(f->st, NULL, SIZE_MAX, &l, &err), 0);
	assert_int_equal(l.n, 4);
	assert_false(l.truncated);
	free(l.v);

	assert_int_equal(coll_store_locations_list(f->st, "nobody", SIZE_MAX, &l, &err), 0);
	assert_int_equal(l.n, 0);
	assert_false(l.truncated);
	free(l.v);
}

int main(void)
{
	fb_err err;
	if (coll_months_use_zone("Europe/London", &err)) {   /* as main sets it */
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fft_return_should_star_counts_below_five_and_proportions_made_from_them, setup, teardown),
		cmocka_unit_test_setup_teardown(test_responses_csv_should_quote_text_and_defuse_formulas, setup, teardown),
		cmocka_unit_test(test_month_range_should_refuse_anything_but_year_and_month),
		cmocka_unit_test_setup_teardown(test_locations_list_should_stop_at_its_cap_and_say_more_were_left_out, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
