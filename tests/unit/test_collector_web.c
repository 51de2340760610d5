/* test_collector_web: the results pages as a team member sees them, driven
 * through coll_web_handle on a temporary SQLite store: counts, small-number
 * suppression, comment order, filters, escaping, charts, months, fleet,
 * assets and downloads. Signing in and who may see what are in
 * test_collector_signin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "response.h"
#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */
#define MAY31_2330Z 1780270200000LL    /* 00:30 BST on 1 June 2026 */
#define DEC01_0030Z 1796085000000LL    /* 00:30 GMT on 1 December 2026 */
/* The frontend's table cells and headline figures, as pages write them. */
#define TD "<td class=\"nhsuk-table__cell\">"
#define TDN "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">"
#define RH(head) "<span class=\"nhsuk-table-responsive__heading\" aria-hidden=\"true\">" head " </span>"
#define FIG(label) label "</h2><p class=\"nhsuk-card__description\"><span class=\"fb-figure-n\">"
#define FIGN "<span class=\"fb-figure-n\">"

#include "collector_web_fixture.h"

/* One response with free_text_json as given, written (device clock,
 * corrected when corrected > 0) and received at the times given. */
static void put_json(fx *f, const char *location, int fft, const char *free_text_json,
		     int64_t submitted, int64_t corrected, int64_t received)
{
	coll_store_response r = fx_response(f, location, fft, submitted);
	r.received_at_ms = received;
	r.has_corrected = corrected > 0;
	r.corrected_submitted_at_ms = corrected;
	r.free_text_json = free_text_json;
	fx_store(f, &r);
}

/* ---- numbers --------------------------------------------------------------------- */

static void test_location_page_should_show_counts_and_percentages_for_known_data(void **state)
{
	fx *f = *state;
	/* 8 very good, 6 good, 5 poor, 1 don't know: 20 answers,
	 * 70% positive; don't know counted in the total. 25% negative would
	 * give away the one "don't know" (20 - 14 - 5 = 1), so it goes, with
	 * the Poor count beside it */
	put(f, "WARD1", 1, 8, NULL, false, 0, NOW - 2 * DAY);
	put(f, "WARD1", 2, 6, NULL, false, 0, NOW - 2 * DAY);
	put(f, "WARD1", 4, 5, NULL, false, 0, NOW - 2 * DAY);
	put(f, "WARD1", 6, 1, NULL, false, 0, NOW - 2 * DAY);
	put(f, "WARD1", 1, 9, NULL, false, 0, NOW - 40 * DAY);   /* last month: not this one */
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Willow Ward, November 2026"));
	assert_non_null(strstr(f->r.body, FIG("Responses") "20</span>"));
	assert_non_null(strstr(f->r.body, FIGN "70%</span>"));
	assert_null(strstr(f->r.body, FIGN "25%</span>"));
	assert_non_null(strstr(f->r.body, "hidden so that a small number cannot be worked out"));
	assert_non_null(strstr(f->r.body, TD "Very good</td>" TDN "8</td>"));
	assert_non_null(strstr(f->r.body, TD "Good</td>" TDN "6</td>"));
	assert_non_null(strstr(f->r.body, TD "Poor</td>" TDN "*</td>"));
	assert_non_null(strstr(f->r.body, TD "Neither good nor poor</td>" TDN "0</td>"));
	/* one "don't know" is a count from 1 to 4: a star */
	assert_non_null(strstr(f->r.body, TD "Don&#39;t know</td>" TDN "*</td>"));
	/* the home page agrees */
	get(f, "/");
	assert_non_null(strstr(f->r.body, RH("Responses") "20</td>" TDN RH("% positive") "70%"));
}

static void test_counts_from_1_to_4_should_show_as_a_star_and_hide_percentages(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 3, NULL, false, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, FIG("Responses") "*</span>"));
	assert_non_null(strstr(f->r.body, "too few responses"));
	assert_null(strstr(f->r.body, "<strong>too few"));    /* words, not a headline */
	assert_non_null(strstr(f->r.body, TD "Very good</td>" TDN "*</td>"));
	assert_null(strstr(f->r.body, FIGN "100%"));
	assert_null(strstr(f->r.body, "100%</td>"));
	assert_null(strstr(f->r.body, "<circle"));   /* no point on the trend */
	assert_null(strstr(f->r.body, ">3<"));
	get(f, "/");
	assert_non_null(strstr(f->r.body, RH("Responses") "*</td>" TDN RH("% positive") "\u2013 <span class=\"fb-why-inline\">too few responses</span></td>"));
	get(f, "/team");
	assert_non_null(strstr(f->r.body, FIG("Responses") "*</span>"));
}

/* The case that was found: 81 + 54 + * + 0 + * + * = 138, so each * was 1
 * and one person said "Very poor". Now no page gives that away. */
static void test_willows_three_small_answers_should_not_be_worked_out_from_any_page(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 81, NULL, false, 0, NOW - DAY);
	put(f, "WARD1", 2, 54, NULL, false, 0, NOW - DAY);
	put(f, "WARD1", 3, 1, NULL, false, 0, NOW - DAY);
	put(f, "WARD1", 5, 1, NULL, false, 0, NOW - DAY);
	put(f, "WARD1", 6, 1, NULL, false, 0, NOW - DAY);
	login(f, "wendy");
	const char *pages[] = {"/location/WARD1", "/team", "/"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		get(f, pages[i]);
		assert_int_equal(f->r.status, 200);
		/* 135 of 138 positive would make the three others one each */
		assert_null(strstr(f->r.body, "98%"));
		assert_null(strstr(f->r.body, "97%"));
	}
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, FIG("Responses") "138</span>"));
	assert_non_null(strstr(f->r.body, TD "Very poor</td>" TDN "*</td>"));
	assert_non_null(strstr(f->r.body, TD "Good</td>" TDN "*</td>"));
	assert_non_null(strstr(f->r.body, "hidden so that a small number cannot be worked out"));
}

static void test_synthetic_responses_should_never_be_counted(void **state)
{
	fx *f = *state;
	put(f, "WARD3", 1, 12, "made up", false, FB_FLAG_SYNTHETIC, NOW - DAY);
	login(f, "wendy");
	get(f, "/location/WARD3");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, FIG("Responses") "0</span>"));
	assert_null(strstr(f->r.body, "made up"));
	get(f, "/export/responses.csv");
	assert_null(strstr(f->r.body, "made up"));
}

/* ---- comments ---------------------------------------------------------------- */

static void test_safeguarding_comment_should_come_first_and_be_marked(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 5, 1, "I feel unsafe at night", true, 0, NOW - 5 * DAY);
	put(f, "WARD1", 1, 1, "lovely nurses", false, 0, NOW - DAY);
	put(f, "WARD1", 2, 1, "good food", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	const char *flagged = strstr(f->r.body, "I feel unsafe at night");
	const char *newest = strstr(f->r.body, "lovely nurses");
	const char *older = strstr(f->r.body, "good food");
	assert_non_null(flagged);
	assert_non_null(newest);
	assert_non_null(older);
	assert_true(flagged < newest);
	assert_true(newest < older);
	const char *mark = strstr(f->r.body, "Safeguarding concern</strong> Read and act on this today");
	assert_non_null(mark);
	assert_true(mark < flagged);
	assert_non_null(strstr(f->r.body, "Very poor</strong> &middot; written 10 Nov 2026 12:00"));
}

static void test_rating_filter_and_search_should_narrow_the_comments(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 1, "Lovely garden", false, 0, NOW - DAY);
	put(f, "WARD1", 4, 1, "long wait in the garden", false, 0, NOW - DAY);
	put(f, "WARD1", 4, 1, "cold food", false, 0, NOW - DAY);
	login(f, "wendy");
	f->args[0] = "fft";
	f->args[1] = "4";
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "long wait in the garden"));
	assert_non_null(strstr(f->r.body, "cold food"));
	assert_null(strstr(f->r.body, "Lovely garden"));
	assert_non_null(strstr(f->r.body, "<option value=\"4\" selected>"));
	f->args[2] = "q";
	f->args[3] = "GARDEN";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "long wait in the garden"));
	assert_null(strstr(f->r.body, "cold food"));
	assert_null(strstr(f->r.body, "Lovely garden"));
	f->args[1] = "0";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "long wait in the garden"));
	assert_non_null(strstr(f->r.body, "Lovely garden"));
	assert_null(strstr(f->r.body, "cold food"));
	f->args[1] = "9";
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 400);
}

static void test_a_comment_with_markup_should_be_shown_as_text(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 1, "<script>alert(1)</script> & \\\"quotes\\\"", false, 0, NOW - DAY);
	login(f, "wendy");
	f->args[0] = "q";
	f->args[1] = "<script>\"x";
	get(f, "/location/WARD1");
	assert_null(strstr(f->r.body, "<script>"));
	f->args[0] = NULL;
	get(f, "/location/WARD1");
	assert_null(strstr(f->r.body, "<script>"));
	assert_non_null(strstr(f->r.body, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
}

static void test_comments_should_be_paged_at_50(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 60, "thank you", false, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_int_equal(count_of(f, "class=\"fb-comment-meta"), 50);
	assert_non_null(strstr(f->r.body, "Older comments (page 2)"));
	f->args[0] = "page";
	f->args[1] = "2";
	get(f, "/location/WARD1");
	assert_int_equal(count_of(f, "class=\"fb-comment-meta"), 10);
	assert_non_null(strstr(f->r.body, "Newer comments"));
	assert_null(strstr(f->r.body, "Older comments"));
}

static void test_compliments_should_be_counted_year_on_year(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 6, "great", false, 0, NOW - 10 * DAY);
	put(f, "WARD1", 2, 1, "good", false, 0, NOW - 200 * DAY);
	put(f, "WARD1", 4, 3, "poor", false, 0, NOW - 10 * DAY);     /* not compliments */
	put(f, "WARD1", 1, 5, NULL, false, 0, NOW - 10 * DAY);       /* no comment */
	put(f, "WARD1", 1, 9, "last year", false, 0, NOW - 375 * DAY);
	put(f, "WARD1", 1, 4, "later last year", false, 0, NOW - 330 * DAY);   /* 20 Dec 2025 */
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "This year to date (2026)</td>" TDN "7</td>"));
	assert_non_null(strstr(f->r.body, "Same period last year (2025)</td>" TDN "9</td>"));
}

/* ---- charts, Quality Board, fleet ------------------------------------------------ */

static void test_location_page_should_draw_svg_charts_with_the_95_percent_line(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 10, NULL, false, 0, NOW - DAY);
	put(f, "WARD1", 1, 8, NULL, false, 0, NOW - 35 * DAY);
	put(f, "WARD1", 5, 2, NULL, false, 0, NOW - 35 * DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "<svg class=\"fb-chart fb-trend fb-chart--wide\""));
	assert_non_null(strstr(f->r.body, "<svg class=\"fb-chart fb-bars fb-chart--wide\""));
	assert_non_null(strstr(f->r.body, "<line class=\"target\""));
	assert_non_null(strstr(f->r.body, "Target 95%</text>"));
	/* October: 8 very good and 2 very poor of 10. 80% positive would give
	 * away the 2, so October has no percentage and no point */
	assert_null(strstr(f->r.body, ">80%</text>"));
	assert_non_null(strstr(f->r.body, TD "October 2026</td>" TDN "10</td>" TDN "\u2013 <span class=\"fb-why-inline\">hidden so that a small number cannot be worked out</span></td>"));
	assert_non_null(strstr(f->r.body, TD "November 2026</td>" TDN "10</td>" TDN "100%</td>"));
	assert_non_null(strstr(f->r.body, "December 2025 to November 2026"));
}

static void test_quality_board_should_show_each_location_but_never_safeguarding_comments(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 6, "kind staff", false, 0, NOW - DAY);
	put(f, "WARD1", 5, 1, "I will hurt myself", true, 0, NOW - DAY);
	login(f, "wendy");
	f->args[0] = "quarter";
	f->args[1] = "2026-27-Q3";
	get(f, "/quality-board");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "<h1 class=\"nhsuk-u-margin-bottom-2\">Quality Board, Q3 2026/27</h1>"));
	assert_non_null(strstr(f->r.body, "October 2026 to December 2026"));
	assert_non_null(strstr(f->r.body, "/export/quality-board.csv?quarter=2026-27-Q3"));
	assert_non_null(strstr(f->r.body, "Willow Ward: You said, we did"));
	assert_non_null(strstr(f->r.body, "Ash Ward: You said, we did"));
	assert_null(strstr(f->r.body, "Oak Ward"));
	assert_non_null(strstr(f->r.body, "kind staff"));
	assert_null(strstr(f->r.body, "hurt myself"));
	assert_non_null(strstr(f->r.body, "We did"));
	f->args[1] = "2026-Q4";   /* a calendar quarter: not what the NHS uses */
	get(f, "/quality-board");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "2026-27-Q3"));
	get(f, "/export/quality-board.csv");
	assert_int_equal(f->r.status, 400);
	f->args[1] = "2026-27-Q3";
	get(f, "/export/quality-board.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.disposition, "quality-board-willow-2026-27-Q3.csv"));
}

static void test_fleet_should_label_devices_silent_for_more_than_a_day(void **state)
{
	fx *f = *state;
	fb_err err;
	unsigned char h1[COLL_STORE_HASH_LEN] = {1}, h2[COLL_STORE_HASH_LEN] = {2}, h3[COLL_STORE_HASH_LEN] = {3};
	assert_int_equal(coll_store_device_add(f->st, "kiosk-fresh", (const char *[]){"WARD1"}, 1, h1, NOW, &err), 0);
	assert_int_equal(coll_store_device_add(f->st, "kiosk-quiet", (const char *[]){"WARD3"}, 1, h2, NOW, &err), 0);
	assert_int_equal(coll_store_device_add(f->st, "kiosk-oak", (const char *[]){"WARD2"}, 1, h3, NOW, &err), 0);
	coll_store_heartbeat hb = {.device_id = "kiosk-fresh", .version = "0.1.0",
			      .received_at_ms = NOW - 60000, .queue_depth = 3,
			      .oldest_unsent_age_s = 340, .last_error = "<b>timeout</b>"};
	assert_int_equal(coll_store_heartbeat_put(f->st, &hb, &err), 0);
	hb.device_id = "kiosk-quiet";
	hb.received_at_ms = NOW - 3 * DAY;
	hb.last_error = "";
	assert_int_equal(coll_store_heartbeat_put(f->st, &hb, &err), 0);
	login(f, "wendy");
	get(f, "/fleet");
	assert_int_equal(f->r.status, 200);
	const char *quiet = strstr(f->r.body, "kiosk-quiet");
	const char *fresh = strstr(f->r.body, "kiosk-fresh");
	assert_non_null(quiet);
	assert_non_null(fresh);
	assert_null(strstr(f->r.body, "kiosk-oak"));
	/* the label sits in the quiet device's row, and only there */
	const char *label = strstr(f->r.body, "Silent over a day");
	assert_non_null(label);
	assert_true(label < quiet);
	assert_null(strstr(label + 1, "Silent over a day"));
	assert_non_null(strstr(f->r.body, "1 device has been silent for more than a day"));
	assert_non_null(strstr(f->r.body, "&lt;b&gt;timeout&lt;/b&gt;"));
	assert_non_null(strstr(f->r.body, "5 minutes"));
}

/* ---- months in UK time, estates, unknown locations ------------------------------ */

static void test_a_response_at_0030_bst_on_1_june_should_count_in_june_not_may(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 5, "late night visit", false, 0, MAY31_2330Z);
	login(f, "wendy");
	f->args[0] = "month";
	f->args[1] = "2026-06";
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Willow Ward, June 2026"));
	assert_non_null(strstr(f->r.body, FIG("Responses") "5</span>"));
	/* the time people read is the Trust's: 00:30 on 1 June, not 23:30 on 31 May */
	assert_non_null(strstr(f->r.body, "written 1 Jun 2026 00:30"));
	/* the trend's June is June's */
	assert_non_null(strstr(f->r.body, TD "June 2026</td>" TDN "5</td>"));
	assert_non_null(strstr(f->r.body, TD "May 2026</td>" TDN "0</td>"));
	f->args[1] = "2026-05";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, FIG("Responses") "0</span>"));
	f->args[1] = "2026-06";
	get(f, "/export/fft-monthly.csv");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "2026-06,willow,WARD1,Willow Ward,5,0,0,0,0,0,5,100%,0%,0,0,0,0,0,0,0,5\r\n"));
	f->args[1] = "2026-05";
	get(f, "/export/fft-monthly.csv");
	assert_non_null(strstr(f->r.body, "2026-05,willow,WARD1,Willow Ward,0,0,0,0,0,0,0,\u2013,\u2013,0,0,0,0,0,0,0,0\r\n"));
	/* the Quality Board's Q1 2026/27 (April to June) holds it */
	f->args[0] = "quarter";
	f->args[1] = "2026-27-Q1";
	get(f, "/quality-board");
	assert_non_null(strstr(f->r.body, TD "June 2026</td>" TDN "5</td>"));
}

static void test_a_response_at_0030_gmt_on_1_december_should_count_in_december(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 2, 5, NULL, false, 0, DEC01_0030Z);
	login(f, "wendy");
	f->args[0] = "month";
	f->args[1] = "2026-12";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, FIG("Responses") "5</span>"));
	f->args[1] = "2026-11";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, FIG("Responses") "0</span>"));
	f->args[1] = "2026-12";
	get(f, "/export/responses.csv");
	assert_non_null(strstr(f->r.body, ",2026-12-01 00:30:00,"));
}

static void add_devices(fx *f)
{
	fb_err err;
	unsigned char h1[COLL_STORE_HASH_LEN] = {1}, h3[COLL_STORE_HASH_LEN] = {3};
	assert_int_equal(coll_store_device_add(f->st, "kiosk-willow", (const char *[]){"WARD1"}, 1, h1, NOW, &err), 0);
	assert_int_equal(coll_store_device_add(f->st, "kiosk-oak", (const char *[]){"WARD2"}, 1, h3, NOW, &err), 0);
}

static void test_fleet_team_should_see_every_device_and_other_teams_only_their_own(void **state)
{
	fx *f = *state;
	snprintf(f->cfg.fleet_team, sizeof f->cfg.fleet_team, "estates");
	add_user(f, "eddie", "estates");
	add_devices(f);
	login(f, "eddie");
	get(f, "/fleet");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Devices in every location"));
	assert_non_null(strstr(f->r.body, "kiosk-willow"));
	assert_non_null(strstr(f->r.body, "kiosk-oak"));
	/* estates see devices, not results: another team's location is still 403 */
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 403);
	f->cookie[0] = '\0';
	login(f, "wendy");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "Devices in your team's locations"));
	assert_non_null(strstr(f->r.body, "kiosk-willow"));
	assert_null(strstr(f->r.body, "kiosk-oak"));
}

static void test_without_fleet_team_each_team_should_see_only_its_own_devices(void **state)
{
	fx *f = *state;
	add_user(f, "eddie", "estates");
	add_devices(f);
	login(f, "eddie");
	get(f, "/fleet");
	assert_null(strstr(f->r.body, "kiosk-willow"));
	assert_null(strstr(f->r.body, "kiosk-oak"));
	assert_non_null(strstr(f->r.body, "No devices are enrolled in your team's locations"));
}

static void test_fleet_page_should_list_unknown_locations_with_counts_for_estates(void **state)
{
	fx *f = *state;
	snprintf(f->cfg.fleet_team, sizeof f->cfg.fleet_team, "estates");
	add_user(f, "eddie", "estates");
	put(f, "WARD9", 1, 7, "typo ward", false, 0, NOW - DAY);
	put(f, "WARD8", 1, 2, NULL, false, 0, NOW - DAY);
	put(f, "WARD7", 1, 3, NULL, false, 4u /* synthetic: never counted */, NOW - DAY);
	put(f, "WARD1", 1, 6, NULL, false, 0, NOW - DAY);
	login(f, "eddie");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "Responses from unknown locations"));
	assert_non_null(strstr(f->r.body, "add them with <code>feedback-collector location add"));
	assert_non_null(strstr(f->r.body, "<tr><td>WARD9</td><td class=\"num\">7</td></tr>"));
	assert_non_null(strstr(f->r.body, "<tr><td>WARD8</td><td class=\"num\">*</td></tr>"));
	assert_null(strstr(f->r.body, "WARD7"));
	assert_null(strstr(f->r.body, TD "WARD1</td>"));
	/* a ward team does not get the list when estates have it */
	f->cookie[0] = '\0';
	login(f, "wendy");
	get(f, "/fleet");
	assert_null(strstr(f->r.body, "unknown locations"));
	/* once the location is added its responses are a team's, and off the list */
	fb_err err;
	assert_int_equal(coll_store_location_add(f->st, "WARD9", "Birch Ward", "willow", &err), 0);
	get(f, "/location/WARD9");
	assert_non_null(strstr(f->r.body, FIG("Responses") "7</span>"));
	f->cookie[0] = '\0';
	login(f, "eddie");
	get(f, "/fleet");
	assert_null(strstr(f->r.body, "WARD9"));
	assert_non_null(strstr(f->r.body, "WARD8"));
}

static void test_without_fleet_team_everyone_should_see_unknown_locations(void **state)
{
	fx *f = *state;
	put(f, "WARD9", 1, 7, NULL, false, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "<tr><td>WARD9</td><td class=\"num\">7</td></tr>"));
}

/* ---- static files ---------------------------------------------------------------- */

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* A static directory in the test's scratch dir: a stylesheet, an icon, a
 * subdirectory, a file of a kind not served and a symlink out of it. */
static void make_static(fx *f)
{
	char p[COLL_PATH_MAX + 64];
	snprintf(f->cfg.static_dir, sizeof f->cfg.static_dir, "%s/static", f->dir);
	assert_int_equal(mkdir(f->cfg.static_dir, 0755), 0);
	snprintf(p, sizeof p, "%s/images", f->cfg.static_dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/sub.css", f->cfg.static_dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/nhsuk-frontend.min.css", f->cfg.static_dir);
	write_text(p, "body{color:#212b32}");
	snprintf(p, sizeof p, "%s/images/nhsuk-icon-tick.svg", f->cfg.static_dir);
	write_text(p, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
	snprintf(p, sizeof p, "%s/notes.txt", f->cfg.static_dir);
	write_text(p, "not for the web");
	snprintf(p, sizeof p, "%s/db.css", f->cfg.static_dir);
	assert_int_equal(symlink("../collector.db", p), 0);
}

static void remove_static(fx *f)
{
	const char *files[] = {"db.css", "notes.txt", "images/nhsuk-icon-tick.svg", "nhsuk-frontend.min.css"};
	const char *dirs[] = {"sub.css", "images", ""};
	char p[COLL_PATH_MAX + 64];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->cfg.static_dir, files[i]);
		unlink(p);
	}
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->cfg.static_dir, dirs[i]);
		rmdir(p);
	}
}

static void test_assets_should_be_served_with_their_type_and_a_long_cache_without_a_session(void **state)
{
	fx *f = *state;
	make_static(f);
	send_req(f, "GET", "/assets/nhsuk-frontend.min.css", NULL, NULL);
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.body, "body{color:#212b32}");
	assert_string_equal(f->r.content_type, "text/css; charset=utf-8");
	assert_non_null(strstr(f->r.cache_control, "max-age=31536000"));
	assert_string_equal(f->r.set_cookie, "");
	assert_string_equal(f->r.location, "");
	send_req(f, "GET", "/assets/images/nhsuk-icon-tick.svg", NULL, NULL);
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.content_type, "image/svg+xml");
	assert_string_equal(f->r.set_cookie, "");
	/* signed in, the session cookie is neither needed nor replaced */
	login(f, "wendy");
	get(f, "/assets/nhsuk-frontend.min.css");
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.set_cookie, "");
	/* a page is never cached */
	get(f, "/");
	assert_string_equal(f->r.cache_control, "");
	remove_static(f);
}

static void test_asset_paths_that_are_not_a_plain_file_name_should_get_a_plain_404(void **state)
{
	fx *f = *state;
	make_static(f);
	const char *paths[] = {
		"/assets/../collector.db", "/assets/%2e%2e/collector.db", "/assets/..%2fcollector.db",
		"/assets/images%2fnhsuk-icon-tick.svg", "/assets/images/../../collector.db",
		"/assets/images/..", "/assets/images", "/assets/images/", "/assets/", "/assets/sub.css",
		"/assets/missing.css", "/assets/.nhsuk-frontend.min.css", "/assets/notes.txt",
		"/assets/db.css", "/assets/images/images/nhsuk-icon-tick.svg",
		"/assets/nhsuk-frontend.min.css/", "/assets//nhsuk-frontend.min.css",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		send_req(f, "GET", paths[i], NULL, NULL);
		if (f->r.status != 404)
			fail_msg("%s answered %d, not 404", paths[i], f->r.status);
		assert_string_equal(f->r.set_cookie, "");
		assert_non_null(strstr(f->r.content_type, "text/plain"));
		assert_null(strstr(f->r.body, "SQLite"));
	}
	send_req(f, "POST", "/assets/nhsuk-frontend.min.css", NULL, "x=1");
	assert_int_equal(f->r.status, 404);
	remove_static(f);
}

/* The CSP allows styles from /assets/ only: no page may carry its own. */
static void test_pages_should_link_the_nhs_styles_and_carry_no_inline_style(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 6, "kind staff", false, 0, NOW - DAY);
	send_req(f, "GET", "/login", NULL, NULL);
	assert_non_null(strstr(f->r.body, "<link rel=\"stylesheet\" href=\"/assets/nhsuk-frontend.min.css"));
	assert_non_null(strstr(f->r.body, "<link rel=\"stylesheet\" href=\"/assets/feedback.css"));
	login(f, "wendy");
	const char *pages[] = {"/", "/team", "/location/WARD1", "/quality-board", "/fleet"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		get(f, pages[i]);
		assert_null(strstr(f->r.body, "<style"));
		assert_null(strstr(f->r.body, " style=\""));
		assert_null(strstr(f->r.body, "<script"));
		assert_non_null(strstr(f->r.body, "class=\"nhsuk-header\""));
	}
}

/* ---- the person's words ------------------------------------------------------------ */

static void test_search_should_match_only_the_persons_words_not_field_names_or_contacts(void **state)
{
	fx *f = *state;
	put_json(f, "WARD1", 1, "{\"what_was_good\": \"Kind staff\", \"contact_phone\": \"07700 900123\","
		 " \"contact_email\": \"pat@example.org\"}", NOW - DAY, 0, NOW - DAY);
	put_json(f, "WARD1", 4, "{\"do_better\": \"the food was good\"}", NOW - DAY, 0, NOW - DAY);
	login(f, "wendy");
	f->args[0] = "q";
	const char *none[] = {"what_was_good", "do_better", "contact", "07700", "example.org", "phone"};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		f->args[1] = none[i];
		get(f, "/location/WARD1");
		assert_int_equal(f->r.status, 200);
		if (strstr(f->r.body, "Kind staff") || strstr(f->r.body, "the food was good"))
			fail_msg("a search for '%s' matched something nobody wrote", none[i]);
		assert_non_null(strstr(f->r.body, "No comments to show."));
	}
	f->args[1] = "KIND";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "Kind staff"));
	assert_null(strstr(f->r.body, "the food was good"));
	/* "good" is in a field name of both, but in the words of one only */
	f->args[1] = "good";
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "the food was good"));
	assert_null(strstr(f->r.body, "Kind staff"));
	/* the team page and the store's own count agree */
	get(f, "/team");
	assert_non_null(strstr(f->r.body, "the food was good"));
	assert_null(strstr(f->r.body, "Kind staff"));
	int64_t k[7];
	fb_err err;
	coll_store_query q = {.location = "WARD1", .from_ms = NOW - 30 * DAY, .to_ms = NOW,
			      .search = "07700"};
	assert_int_equal(coll_store_fft_counts(f->st, &q, k, &err), 0);
	for (int i = 0; i < 7; i++)
		assert_int_equal(k[i], 0);
	q.search = "good";
	assert_int_equal(coll_store_fft_counts(f->st, &q, k, &err), 0);
	assert_int_equal(k[4], 1);
	assert_int_equal(k[1], 0);
}

static void test_a_search_should_still_show_a_whole_page_when_field_names_match_other_rows(void **state)
{
	fx *f = *state;
	/* 60 rows whose JSON holds "good" only as a field name, then 3 that say it */
	for (int i = 0; i < 60; i++)
		put_json(f, "WARD1", 1, "{\"what_was_good\": \"fine\"}", NOW - DAY, 0, NOW - DAY);
	for (int i = 0; i < 3; i++)
		put_json(f, "WARD1", 1, "{\"what_was_good\": \"good care\"}", NOW - 2 * DAY, 0, NOW - 2 * DAY);
	login(f, "wendy");
	f->args[0] = "q";
	f->args[1] = "good";
	get(f, "/location/WARD1");
	assert_int_equal(count_of(f, "good care"), 3);
	assert_int_equal(count_of(f, ">fine<"), 0);
}

static void test_comments_should_keep_line_breaks_and_put_what_was_good_first(void **state)
{
	fx *f = *state;
	put_json(f, "WARD1", 2, "{\"do_better\": \"more chairs\", \"what_was_good\":"
		 " \"line one\\nline two <b>\"}", NOW - DAY, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	const char *good = strstr(f->r.body, "What was good");
	const char *better = strstr(f->r.body, "What could be better");
	assert_non_null(good);
	assert_non_null(better);
	assert_true(good < better);
	/* escaped, and the break kept for white-space: pre-line */
	assert_non_null(strstr(f->r.body, "<p class=\"fb-comment-text\">line one\nline two &lt;b&gt;</p>"));
	assert_null(strstr(f->r.body, "<b>"));
}

static void test_a_comment_should_be_dated_when_written_not_when_received(void **state)
{
	fx *f = *state;
	/* the tablet's clock said 1 Nov; corrected, it was 12 Nov 09:15 UTC
	 * (09:15 GMT); it reached the collector on 14 Nov */
	int64_t nov12_0915 = 1794474900000LL;
	put_json(f, "WARD1", 1, "{\"what_was_good\": \"the garden\"}", nov12_0915 - 11 * DAY,
		 nov12_0915, nov12_0915 + 2 * DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "written 12 Nov 2026 09:15"));
	assert_null(strstr(f->r.body, "14 Nov 2026"));
	assert_null(strstr(f->r.body, "received"));
}

/* ---- NHS financial-year quarters -------------------------------------------------- */

static void test_quarters_should_be_nhs_financial_year_quarters_april_to_march(void **state)
{
	struct { int y, m; const char *id, *label; } cases[] = {
		{2026, 3, "2026-27-Q1", "Q1 2026/27"},    /* April */
		{2026, 5, "2026-27-Q1", "Q1 2026/27"},    /* June */
		{2026, 6, "2026-27-Q2", "Q2 2026/27"},    /* July */
		{2026, 11, "2026-27-Q3", "Q3 2026/27"},   /* December */
		{2027, 0, "2026-27-Q4", "Q4 2026/27"},    /* January of the next year */
		{2027, 2, "2026-27-Q4", "Q4 2026/27"},    /* March */
		{2099, 11, "2099-00-Q3", "Q3 2099/00"},
	};
	char id[COLL_MONTHS_FYQ_ID], label[COLL_MONTHS_FYQ_ID], want[8];
	int64_t from, to;
	fb_err err;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t mid = coll_months_start(cases[i].y, cases[i].m) + 14 * DAY;
		coll_months_fyq_id(mid, id);
		coll_months_fyq_label(mid, label);
		assert_string_equal(id, cases[i].id);
		assert_string_equal(label, cases[i].label);
		/* the id names a range holding the month, three months long */
		assert_int_equal(coll_months_fyq_range(id, &from, &to, &err), 0);
		assert_true(from <= mid && mid < to);
		assert_int_equal(to, coll_months_add(from, 3));
	}
	assert_int_equal(coll_months_fyq_range("2026-27-Q4", &from, &to, &err), 0);
	coll_months_name(from, want);
	assert_string_equal(want, "2027-01");
	coll_months_name(to, want);
	assert_string_equal(want, "2027-04");
	const char *bad[] = {"2026-Q3", "2026-28-Q3", "2026-27-Q5", "2026-27-Q0", "Q3 2026/27", "", "2026-27-Q3x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(coll_months_fyq_range(bad[i], &from, &to, &err), FB_ERR_INVALID);
		assert_non_null(strstr(err.msg, "2026-27-Q3"));
	}
}

/* ---- pages a manager reads in a minute ------------------------------------------- */

static void test_a_month_under_target_should_be_marked_in_words_and_shape(void **state)
{
	fx *f = *state;
	/* November: 40 very good, 10 poor of 50: 80% positive, nothing small */
	put(f, "WARD1", 1, 40, NULL, false, 0, NOW - DAY);
	put(f, "WARD1", 4, 10, NULL, false, 0, NOW - DAY);
	login(f, "wendy");
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, FIGN "80%</span>"));
	/* in words, beside the figure and in the month's row, and as a triangle */
	assert_true(count_of(f, "&#9660; under the 95% target") >= 2);
	assert_non_null(strstr(f->r.body, "Target 95%"));
	assert_non_null(strstr(f->r.body, "<path d=\"M"));
	assert_null(strstr(f->r.body, "<circle"));
	get(f, "/");
	assert_non_null(strstr(f->r.body, "&#9660; under the 95% target"));
	/* a team's own target: 80% meets 75% */
	f->cfg.n_teams = 1;
	snprintf(f->cfg.teams[0].code, sizeof f->cfg.teams[0].code, "willow");
	f->cfg.teams[0].target_pct = 75;
	get(f, "/location/WARD1");
	assert_null(strstr(f->r.body, "under the"));
	assert_non_null(strstr(f->r.body, "Target 75%"));
	assert_non_null(strstr(f->r.body, "<circle"));
	/* and the Trust's: 85% for everyone else */
	f->cfg.n_teams = 0;
	f->cfg.target_pct = 85;
	get(f, "/location/WARD1");
	assert_non_null(strstr(f->r.body, "&#9660; under the 85% target"));
}

static void test_the_home_page_should_pick_a_month_and_show_that_months_figures(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 7, NULL, false, 0, NOW - 40 * DAY);   /* early October */
	login(f, "wendy");
	get(f, "/");
	assert_non_null(strstr(f->r.body, "Your locations, November 2026"));
	assert_non_null(strstr(f->r.body, "<select class=\"nhsuk-select\" id=\"month\" name=\"month\">"));
	assert_non_null(strstr(f->r.body, "<option value=\"2026-11\" selected>November 2026</option>"));
	assert_non_null(strstr(f->r.body, "<option value=\"2024-12\">December 2024</option>"));
	assert_null(strstr(f->r.body, "<option value=\"2026-12\""));   /* nothing from the future */
	assert_null(strstr(f->r.body, RH("Responses") "7</td>"));
	f->args[0] = "month";
	f->args[1] = "2026-10";
	get(f, "/");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Your locations, October 2026"));
	assert_non_null(strstr(f->r.body, "<option value=\"2026-10\" selected>"));
	assert_non_null(strstr(f->r.body, RH("Responses") "7</td>"));
	f->args[1] = "October";
	get(f, "/");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "YYYY-MM"));
}

static void test_teams_and_wards_should_be_shown_by_their_names(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 1, 6, "kind staff", false, 0, NOW - DAY);
	f->cfg.n_teams = 1;
	snprintf(f->cfg.teams[0].code, sizeof f->cfg.teams[0].code, "willow");
	snprintf(f->cfg.teams[0].name, sizeof f->cfg.teams[0].name, "Willow adult wards");
	login(f, "wendy");
	get(f, "/team");
	assert_non_null(strstr(f->r.body, "<h1>Willow adult wards, all locations, November 2026</h1>"));
	assert_null(strstr(f->r.body, "Team willow,"));
	/* the team page's comments say which ward, by name */
	assert_non_null(strstr(f->r.body, "&middot; Willow Ward</p>"));
	get(f, "/");
	assert_non_null(strstr(f->r.body, ">Willow Ward</a> <span class=\"fb-secondary\">WARD1</span>"));
	assert_non_null(strstr(f->r.body, "Willow adult wards"));
}

int main(void)
{
	if (fx_use_trust_zone())
		return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_wards, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_location_page_should_show_counts_and_percentages_for_known_data),
		T(test_counts_from_1_to_4_should_show_as_a_star_and_hide_percentages),
		T(test_willows_three_small_answers_should_not_be_worked_out_from_any_page),
		T(test_synthetic_responses_should_never_be_counted),
		T(test_safeguarding_comment_should_come_first_and_be_marked),
		T(test_rating_filter_and_search_should_narrow_the_comments),
		T(test_a_comment_with_markup_should_be_shown_as_text),
		T(test_comments_should_be_paged_at_50),
		T(test_compliments_should_be_counted_year_on_year),
		T(test_location_page_should_draw_svg_charts_with_the_95_percent_line),
		T(test_quality_board_should_show_each_location_but_never_safeguarding_comments),
		T(test_fleet_should_label_devices_silent_for_more_than_a_day),
		T(test_a_response_at_0030_bst_on_1_june_should_count_in_june_not_may),
		T(test_a_response_at_0030_gmt_on_1_december_should_count_in_december),
		T(test_fleet_team_should_see_every_device_and_other_teams_only_their_own),
		T(test_without_fleet_team_each_team_should_see_only_its_own_devices),
		T(test_fleet_page_should_list_unknown_locations_with_counts_for_estates),
		T(test_without_fleet_team_everyone_should_see_unknown_locations),
		T(test_assets_should_be_served_with_their_type_and_a_long_cache_without_a_session),
		T(test_asset_paths_that_are_not_a_plain_file_name_should_get_a_plain_404),
		T(test_pages_should_link_the_nhs_styles_and_carry_no_inline_style),
		T(test_search_should_match_only_the_persons_words_not_field_names_or_contacts),
		T(test_a_search_should_still_show_a_whole_page_when_field_names_match_other_rows),
		T(test_comments_should_keep_line_breaks_and_put_what_was_good_first),
		T(test_a_comment_should_be_dated_when_written_not_when_received),
		T(test_quarters_should_be_nhs_financial_year_quarters_april_to_march),
		T(test_a_month_under_target_should_be_marked_in_words_and_shape),
		T(test_the_home_page_should_pick_a_month_and_show_that_months_figures),
		T(test_teams_and_wards_should_be_shown_by_their_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
