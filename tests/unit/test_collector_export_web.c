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

#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */

#include "collector_web_fixture.h"

static void put_free_text(fx *f, const char *location, int fft, int n, const char *text)
{
	for (int i = 0; i < n; i++) {
		coll_store_response r = fx_response(f, location, fft, NOW);
		r.free_text_json = text;
		fx_store(f, &r);
	}
}

static int setup(void **state)
{
	fb_err err;
	fx *f = fx_open("expweb", NOW);
	snprintf(f->cfg.submission_team, sizeof f->cfg.submission_team, "patient-experience");
	snprintf(f->cfg.org_code, sizeof f->cfg.org_code, "RXT");
	assert_int_equal(coll_store_location_add(f->st, "WARD1", "Willow Ward", "willow", &err), 0);
	assert_int_equal(coll_store_location_add(f->st, "WARD2", "Oak Ward", "oak", &err), 0);
	add_user(f, "wendy", "willow");
	add_user(f, "pat", "patient-experience");
	/* Willow Ward, November: 81 + 54 + 1 + 0 + 1 + 1 = 138 (finding 2's table) */
	put_free_text(f, "WARD1", 1, 81, NULL);
	put_free_text(f, "WARD1", 2, 54, NULL);
	put_free_text(f, "WARD1", 3, 1, NULL);
	put_free_text(f, "WARD1", 5, 1, "{\"what_was_good\":\"tea\",\"contact_name\":\"Sam Jones\"}");
	put_free_text(f, "WARD1", 6, 1, NULL);
	put_free_text(f, "WARD2", 1, 6, NULL);
	*state = f;
	return 0;
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
	if (fx_use_trust_zone())
		return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_ward_manager_should_get_the_published_file_whichever_fft_link),
		T(test_the_submission_team_should_get_real_counts_for_every_location),
		T(test_contact_details_should_download_only_for_the_submission_team),
		T(test_without_a_submission_team_nobody_should_get_the_submission_on_the_web),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
