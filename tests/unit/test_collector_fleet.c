/* test_collector_fleet: the devices page as estates and ward managers read
 * it, driven through coll_web_handle on a temporary SQLite store: a device
 * enrolled minutes ago is new, not silent; a push is contact; records refused
 * for a location the device is not enrolled for are shown in words; a
 * heartbeat's quarantined count and disk free are shown; only the fleet team
 * sees admin commands; each row says which Trust key the device seals to and
 * the fleet team is told whether the old key can be retired. */
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
#include "../../collector/seal_keys.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */
#define MINUTE (60LL * 1000)

#include "collector_web_fixture.h"

/* A stored response for a location code nobody added (kept from before
 * enrolment named locations). */
static void put_unknown(fx *f)
{
	coll_store_response r = fx_response(f, "WARD9", 1, NOW - DAY);
	r.device_id = "kiosk-old";
	fx_store(f, &r);
}

static int setup(void **state)
{
	fx_setup_wards(state);
	fx *f = *state;
	add_user(f, "eddie", "estates");
	snprintf(f->cfg.fleet_team, sizeof f->cfg.fleet_team, "estates");
	*state = f;
	return 0;
}

/* Enrols id for one location at enrolled_ms (token hash from the id's first byte). */
static void enrol(fx *f, const char *id, const char *location, int64_t enrolled_ms)
{
	fb_err err;
	unsigned char h[COLL_STORE_HASH_LEN] = {0};
	snprintf((char *)h, sizeof h, "%s", id);
	assert_int_equal(coll_store_device_add(f->st, id, (const char *[]){location}, 1, h,
					       enrolled_ms, &err), 0);
}

static void heartbeat(fx *f, const char *id, int64_t at, int64_t quarantined, int64_t disk_free)
{
	fb_err err;
	coll_store_heartbeat hb = {.device_id = id, .version = "0.1.0", .received_at_ms = at,
				   .quarantined = quarantined, .last_error = "",
				   .disk_free_bytes = disk_free};
	assert_int_equal(coll_store_heartbeat_put(f->st, &hb, &err), 0);
}

/* A push from id at `at` that stored nothing and refused n records for refused_at. */
static void push_note(fx *f, const char *id, int64_t at, const char *refused_at, int64_t n)
{
	fb_err err;
	coll_store_refusal r = {.n = n};
	snprintf(r.location, sizeof r.location, "%s", refused_at ? refused_at : "");
	coll_store_batch_note note = {.device_id = id, .pushed_at_ms = at, .refused = &r,
				      .n_refused = refused_at ? 1 : 0, .at_ms = at};
	assert_int_equal(coll_store_batch_put(f->st, NULL, 0, NULL, &note, &err), 0);
}

/* The body from needle's row to the end of that row. */
static const char *row_of(const fx *f, const char *needle, char *out, size_t size)
{
	const char *p = strstr(f->r.body, needle);
	assert_non_null(p);
	const char *start = p;
	while (start > f->r.body && strncmp(start, "<tr", 3) != 0)
		start--;
	const char *end = strstr(p, "</tr>");
	assert_non_null(end);
	snprintf(out, size, "%.*s", (int)(end - start), start);
	return out;
}

static void test_a_device_enrolled_minutes_ago_should_show_as_new_not_silent(void **state)
{
	fx *f = *state;
	char row[4096];
	enrol(f, "kiosk-fresh", "WARD1", NOW - 5 * MINUTE);
	enrol(f, "kiosk-lost", "WARD1", NOW - 3 * DAY);
	enrol(f, "kiosk-just", "WARD1", NOW - 1000);
	login(f, "wendy");
	get(f, "/fleet");
	assert_int_equal(f->r.status, 200);
	row_of(f, "kiosk-fresh", row, sizeof row);
	assert_non_null(strstr(row, "New"));
	assert_non_null(strstr(row, "enrolled 5 minutes ago, not heard from yet"));
	row_of(f, "kiosk-just", row, sizeof row);
	assert_non_null(strstr(row, "enrolled 1 second ago,"));     /* never "1 seconds" */
	assert_null(strstr(row, "Never heard from"));
	assert_null(strstr(row, "Silent"));
	/* one enrolled days ago and never heard from is the one that stands out */
	row_of(f, "kiosk-lost", row, sizeof row);
	assert_non_null(strstr(row, "Never heard from"));
	assert_non_null(strstr(f->r.body, "1 device has been silent for more than a day"));
}

static void test_a_push_should_count_as_contact_on_the_fleet_page(void **state)
{
	fx *f = *state;
	char row[4096];
	enrol(f, "kiosk-busy", "WARD1", NOW - 30 * DAY);
	heartbeat(f, "kiosk-busy", NOW - 3 * DAY, 0, 0);
	push_note(f, "kiosk-busy", NOW - 10 * MINUTE, NULL, 0);
	enrol(f, "kiosk-quiet", "WARD1", NOW - 30 * DAY);
	heartbeat(f, "kiosk-quiet", NOW - 3 * DAY, 0, 0);
	login(f, "wendy");
	get(f, "/fleet");
	row_of(f, "kiosk-busy", row, sizeof row);
	assert_null(strstr(row, "Silent"));
	assert_non_null(strstr(row, "10 minutes ago, by sending responses"));
	row_of(f, "kiosk-quiet", row, sizeof row);
	assert_non_null(strstr(row, "Silent over a day"));
	assert_non_null(strstr(f->r.body, "1 device has been silent for more than a day"));
}

static void test_a_heartbeat_should_show_quarantined_records_and_disk_free(void **state)
{
	fx *f = *state;
	char row[4096];
	enrol(f, "kiosk-full", "WARD1", NOW - 30 * DAY);
	heartbeat(f, "kiosk-full", NOW - MINUTE, 4, 120LL * 1000 * 1000);
	enrol(f, "kiosk-roomy", "WARD1", NOW - 30 * DAY);
	heartbeat(f, "kiosk-roomy", NOW - MINUTE, 0, 1500LL * 1000 * 1000);
	enrol(f, "kiosk-mute", "WARD1", NOW - 30 * DAY);
	push_note(f, "kiosk-mute", NOW - MINUTE, NULL, 0);
	login(f, "wendy");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "<th>On the tablet</th>"));
	row_of(f, "kiosk-full", row, sizeof row);
	assert_non_null(strstr(row, "4 quarantined"));
	assert_non_null(strstr(row, "120 MB disk free <span class=\"label bad\">Low</span>"));
	row_of(f, "kiosk-roomy", row, sizeof row);
	assert_non_null(strstr(row, "0 quarantined<br>1.5 GB disk free"));
	assert_null(strstr(row, "Low"));
	/* heard from by a push only: the tablet has not said how it is */
	row_of(f, "kiosk-mute", row, sizeof row);
	assert_non_null(strstr(row, "not reported yet"));
	assert_null(strstr(row, "quarantined"));
}

static void test_refused_records_should_be_shown_in_words_and_commands_only_to_estates(void **state)
{
	fx *f = *state;
	char row[4096];
	enrol(f, "kiosk-oak", "WARD2", NOW - 30 * DAY);
	push_note(f, "kiosk-oak", NOW - 2 * MINUTE, "WARD1", 2);
	put_unknown(f);
	login(f, "eddie");
	get(f, "/fleet");
	row_of(f, "kiosk-oak", row, sizeof row);
	assert_non_null(strstr(row, "Oak Ward (WARD2)"));
	assert_non_null(strstr(row, "2 records for Willow Ward (WARD1), which it is not enrolled for"));
	assert_non_null(strstr(f->r.body, "1 device sent records for a location it is not enrolled for"));
	assert_non_null(strstr(f->r.body, "feedback-collector device locations"));
	assert_non_null(strstr(f->r.body, "feedback-collector location add"));
	/* the Oak ward manager sees what happened, and no command to type */
	f->cookie[0] = '\0';
	login(f, "owen");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "2 records for Willow Ward (WARD1), which it is not enrolled for"));
	assert_non_null(strstr(f->r.body, "tell the Trust's estates team"));
	assert_null(strstr(f->r.body, "feedback-collector"));
	assert_null(strstr(f->r.body, "<code>"));
}

static void test_without_a_fleet_team_no_one_should_be_shown_admin_commands(void **state)
{
	fx *f = *state;
	f->cfg.fleet_team[0] = '\0';
	enrol(f, "kiosk-oak", "WARD2", NOW - 30 * DAY);
	push_note(f, "kiosk-oak", NOW - 2 * MINUTE, "WARD1", 1);
	put_unknown(f);
	login(f, "owen");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "1 record for Willow Ward (WARD1), which it is not enrolled for"));
	assert_non_null(strstr(f->r.body, "Responses from unknown locations"));
	assert_null(strstr(f->r.body, "feedback-collector"));
}

/* A push whose latest sealed record, submitted at sealed_ms, used pk. */
static void push_sealed(fx *f, const char *id, int64_t at, const char *pk, int64_t sealed_ms)
{
	fb_err err;
	coll_store_batch_note note = {.device_id = id, .pushed_at_ms = at, .at_ms = at,
				      .seal_key = pk, .seal_submitted_ms = sealed_ms};
	assert_int_equal(coll_store_batch_put(f->st, NULL, 0, NULL, &note, &err), 0);
}

static void test_each_row_should_say_its_key_and_estates_whether_the_old_one_can_go(void **state)
{
	fx *f = *state;
	fb_err err;
	char row[4096];
	/* public halves only, as the collector keeps them: line 1 current, line 2 old */
	static const coll_seal_keys keys = {
		.pks = {"CURRENTkeyCURRENTkeyCURRENTkeyCURRENTkey000=",
			"OLDKEYxyOLDKEYxyOLDKEYxyOLDKEYxyOLDKEYxy000="},
		.n = 2};
	enrol(f, "kiosk-a", "WARD1", NOW - 30 * DAY);
	enrol(f, "kiosk-b", "WARD1", NOW - 30 * DAY);
	enrol(f, "kiosk-c", "WARD2", NOW - 30 * DAY);
	push_sealed(f, "kiosk-a", NOW - 5 * MINUTE, keys.pks[0], NOW - 6 * MINUTE);
	push_sealed(f, "kiosk-b", NOW - 5 * MINUTE, keys.pks[1], NOW - 2 * DAY);
	coll_store_heartbeat hb = {.device_id = "kiosk-b", .version = "0.1.0",
				   .received_at_ms = NOW - MINUTE, .queue_depth = 4, .last_error = "",
				   .disk_free_bytes = 1000LL * 1000 * 1000};
	assert_int_equal(coll_store_heartbeat_put(f->st, &hb, &err), 0);
	hb.device_id = "kiosk-c";     /* sealed nothing yet, and nothing waiting */
	hb.queue_depth = 0;
	assert_int_equal(coll_store_heartbeat_put(f->st, &hb, &err), 0);

	/* (rows are found by the device cell: the box above the table names devices too) */
	/* without the keys (a web handler not given them) the page shows none */
	login(f, "eddie");
	get(f, "/fleet");
	assert_null(strstr(f->r.body, "Seals to"));

	coll_web_set_seal_keys(f->w, &keys);
	get(f, "/fleet");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "<th>Seals to</th>"));
	row_of(f, "kiosk-a<br>", row, sizeof row);
	assert_non_null(strstr(row, "current key<br>"));
	row_of(f, "kiosk-b<br>", row, sizeof row);
	assert_non_null(strstr(row, "<strong class=\"nhsuk-tag nhsuk-tag--orange\">old key 2 (OLDKEYxy\u2026)</strong>"));
	assert_non_null(strstr(row, "latest sealed record 13 Nov 2026"));
	row_of(f, "kiosk-c<br>", row, sizeof row);
	assert_non_null(strstr(row, "nothing sealed yet"));
	assert_non_null(strstr(f->r.body, "Old Trust keys"));
	assert_null(strstr(f->r.body, "old-key-why"));        /* the box says it to estates */
	assert_non_null(strstr(f->r.body, "Keep</strong> Key line 2 (OLDKEYxy\u2026): keep it: 1 device"
			       " still seals to it: kiosk-b (4 records waiting to send).</li>"));
	/* never more of a key than its first 8 characters */
	assert_null(strstr(f->r.body, "OLDKEYxyO"));
	assert_null(strstr(f->r.body, "CURRENTke"));

	/* a ward manager sees her devices' keys, but no verdict: it needs every device */
	login(f, "wendy");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "old key 2 (OLDKEYxy"));
	assert_null(strstr(f->r.body, "kiosk-c"));
	assert_null(strstr(f->r.body, "Old Trust keys"));
	/* so the tag is said in words beside the table, for her */
	assert_non_null(strstr(f->r.body, "An old key means the tablet still seals answers to a"
			       " Trust key that has since been replaced: nothing is lost"));

	/* the admin, who enrols and revokes devices, sees every one and the verdict */
	add_role(f, "ada", "it", "admin");
	login(f, "ada");
	get(f, "/fleet");
	assert_non_null(strstr(f->r.body, "<h1>Devices in every location</h1>"));
	assert_non_null(strstr(f->r.body, "kiosk-c<br>"));
	assert_non_null(strstr(f->r.body, "Keep</strong> Key line 2 (OLDKEYxy\u2026): keep it"));

	/* kiosk-b's next push was sealed to the current key: the old one can go */
	push_sealed(f, "kiosk-b", NOW, keys.pks[0], NOW - MINUTE);
	login(f, "eddie");
	get(f, "/fleet");
	row_of(f, "kiosk-b<br>", row, sizeof row);
	assert_non_null(strstr(row, "current key<br>"));
	assert_non_null(strstr(f->r.body, "Can be retired</strong> Key line 2 (OLDKEYxy\u2026) can be"
			       " retired: no device seals to it and every device not yet on a newer"
			       " key has nothing waiting to send.</li>"));
}

int main(void)
{
	if (fx_use_trust_zone())
		return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_device_enrolled_minutes_ago_should_show_as_new_not_silent),
		T(test_a_push_should_count_as_contact_on_the_fleet_page),
		T(test_a_heartbeat_should_show_quarantined_records_and_disk_free),
		T(test_refused_records_should_be_shown_in_words_and_commands_only_to_estates),
		T(test_without_a_fleet_team_no_one_should_be_shown_admin_commands),
		T(test_each_row_should_say_its_key_and_estates_whether_the_old_one_can_go),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
