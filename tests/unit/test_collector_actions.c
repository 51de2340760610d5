/* test_collector_actions: the team's "You said, we did" loop as a ward
 * manager sees it, through coll_web_handle on a temporary SQLite store: an
 * action made from one comment or from the comments a search found, moved
 * through its states with each change dated, dropped only with a reason,
 * carried into the next quarter until done; another team gets 403 and a
 * form without the session's CSRF token changes nothing; a done action
 * published for chosen locations in the languages written (the page says
 * which translations are missing, and the config the kiosks will fetch has
 * none for them); the Quality Board lists the actions done this quarter; a
 * schema 4 database gains the tables on open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/ingest.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC: Q3 2026/27 */

#include "collector_web_fixture.h"
#include "schema_undo.h"

/* Makes an action from comment id through the pages; its number. */
static long make_from_comment(fx *f, const char *id, const char *we_will)
{
	char body[1024];
	f->args[0] = "comment";
	f->args[1] = id;
	f->args[2] = NULL;
	get(f, "/actions/new");
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 200);
	snprintf(body, sizeof body, "comments=%s&you_said=The+waiting+room+is+too+hot&we_will=%s"
		 "&owner=Ward+manager&due=2026-12-20", id, we_will);
	post(f, "/actions/new", body);
	assert_int_equal(f->r.status, 303);
	assert_memory_equal(f->r.location, "/actions/", 9);
	return strtol(f->r.location + 9, NULL, 10);
}

/* The clock moved on to at, with wendy signed in again (a session lasts a
 * working day). */
static void later(fx *f, int64_t at)
{
	f->now = at;
	f->cookie[0] = '\0';
	login(f, "wendy");
}

static void move(fx *f, long id, const char *state, const char *reason)
{
	char path[64], body[256];
	snprintf(path, sizeof path, "/actions/%ld/state", id);
	snprintf(body, sizeof body, "state=%s&reason=%s", state, reason ? reason : "");
	post(f, path, body);
}

static void show(fx *f, long id)
{
	char path[64];
	snprintf(path, sizeof path, "/actions/%ld", id);
	get(f, path);
}

static void test_an_action_made_from_a_comment_should_link_it_and_start_proposed(void **state)
{
	fx *f = *state;
	char id[40];
	put(f, "WARD1", 4, 1, "the waiting room is far too hot", false, 0, NOW - 3 * DAY);
	snprintf(id, sizeof id, "%s", f->response_id);
	login(f, "wendy");
	/* the button is on the comment of the location's page */
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "/actions/new?comment="));
	assert_non_null(strstr(f->r.body, "Make an action from this comment"));
	/* the form shows the comment and starts "You said" with its words */
	f->args[0] = "comment";
	f->args[1] = id;
	get(f, "/actions/new");
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "From this comment"));
	assert_non_null(strstr(f->r.body, ">the waiting room is far too hot</textarea>"));
	long n = make_from_comment(f, id, "Fit+a+fan+and+open+the+window+at+lunch");
	show(f, n);
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Fit a fan and open the window at lunch"));
	assert_non_null(strstr(f->r.body, "What people said (1 comment)"));
	assert_non_null(strstr(f->r.body, "the waiting room is far too hot"));
	assert_non_null(strstr(f->r.body, "Proposed</strong>"));
	assert_non_null(strstr(f->r.body, "20 Dec 2026"));
	/* and it is on the team's list */
	get(f, "/actions");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Fit a fan and open the window at lunch"));
	assert_non_null(strstr(f->r.body, "1 proposed, 0 planned"));
}

static void test_an_action_made_from_a_search_should_link_every_matching_comment(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 4, 3, "too noisy at night", false, 0, NOW - 2 * DAY);
	put(f, "WARD1", 1, 2, "kind staff", false, 0, NOW - 2 * DAY);
	put(f, "WARD2", 4, 2, "noisy corridor", false, 0, NOW - 2 * DAY);    /* oak's */
	login(f, "wendy");
	f->args[0] = "q";
	f->args[1] = "noisy";
	f->args[2] = "month";
	f->args[3] = "2026-11";
	f->args[4] = NULL;
	get(f, "/location/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Make an action from these 3 comments"));
	f->args[4] = "location";
	f->args[5] = "WARD1";
	f->args[6] = NULL;
	get(f, "/actions/new");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "3 comments linked to this action"));
	char list[400];
	field_value(f->r.body, "name=\"comments\"", list, sizeof list);
	f->args[0] = NULL;
	char body[1024];
	snprintf(body, sizeof body, "comments=%s&you_said=Nights+are+noisy&we_will=Quiet+hours+from+10pm"
		 "&owner=&due=", list);
	post(f, "/actions/new", body);
	assert_int_equal(f->r.status, 303);
	long n = strtol(f->r.location + 9, NULL, 10);
	show(f, n);
	assert_non_null(strstr(f->r.body, "What people said (3 comments)"));
	assert_int_equal(count_of(f, "too noisy at night"), 3);
	assert_null(strstr(f->r.body, "noisy corridor"));
	/* the same search over the whole team leaves oak's ward out too */
	f->args[0] = "q";
	f->args[1] = "noisy";
	f->args[2] = NULL;
	get(f, "/actions/new");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "3 comments linked"));
	f->args[0] = NULL;
}

/* Appends "action object detail\n" of each audit row (newest first) to ctx. */
static int audit_line(void *ctx, const coll_store_audit_row *r)
{
	char *out = ctx;
	size_t n = strlen(out);
	snprintf(out + n, 1024 - n, "%s %s %s\n", r->action, r->object, r->detail ? r->detail : "");
	return 0;
}

static void test_each_state_change_should_be_dated_in_the_history(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 4, 1, "no water jug", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	long n = make_from_comment(f, f->response_id, "Water+jugs+on+every+table");
	later(f, NOW + 1 * DAY);
	move(f, n, "planned", NULL);
	assert_int_equal(f->r.status, 303);
	later(f, NOW + 2 * DAY);
	move(f, n, "doing", NULL);
	later(f, NOW + 5 * DAY);
	move(f, n, "done", NULL);
	assert_int_equal(f->r.status, 303);
	show(f, n);
	assert_int_equal(f->r.status, 200);
	const char *hist = strstr(f->r.body, "History: each change of state");
	assert_non_null(hist);
	const char *p1 = strstr(hist, "15 Nov 2026"), *p2 = strstr(hist, "16 Nov 2026");
	const char *p3 = strstr(hist, "17 Nov 2026"), *p4 = strstr(hist, "20 Nov 2026");
	assert_true(p1 && p2 && p3 && p4 && p1 < p2 && p2 < p3 && p3 < p4);
	assert_non_null(strstr(hist, "Planned</strong>"));
	assert_non_null(strstr(hist, "Done</strong>"));
	assert_non_null(strstr(f->r.body, "Done since 20 Nov 2026"));
	assert_non_null(strstr(hist, "wendy"));
	/* each step is in the audit trail too, by wendy, without the words
	 * (team_actions.c, the module the command line's 'action' uses) */
	char rows[1024] = "";
	coll_store_audit_query q = {.user = "wendy", .action = "action-state", .to_ms = NOW + 6 * DAY};
	fb_err e;
	assert_int_equal(coll_store_audit_each(f->st, &q, audit_line, rows, &e), 0);
	q.action = "action-add";
	assert_int_equal(coll_store_audit_each(f->st, &q, audit_line, rows, &e), 0);
	char want[512];
	snprintf(want, sizeof want, "action-state action %ld doing -> done\n"
		 "action-state action %ld planned -> doing\n"
		 "action-state action %ld proposed -> planned\n"
		 "action-add action %ld team willow, from 1 comment, due 2026-12-20\n", n, n, n, n);
	assert_string_equal(rows, want);
}

static void test_dropping_an_action_should_need_a_reason(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 5, 1, "move the window", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	long n = make_from_comment(f, f->response_id, "Move+the+window");
	move(f, n, "dropped", NULL);
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "Say why it is dropped"));
	show(f, n);
	assert_non_null(strstr(f->r.body, "Proposed since"));
	move(f, n, "dropped", "Estates+cannot+move+a+load-bearing+wall");
	assert_int_equal(f->r.status, 303);
	show(f, n);
	assert_non_null(strstr(f->r.body, "Dropped since 15 Nov 2026 12:00: Estates cannot move a load-bearing wall"));
	get(f, "/actions");
	assert_non_null(strstr(f->r.body, "Dropped this quarter"));
}

static void test_another_team_should_get_403_for_an_action_and_change_nothing(void **state)
{
	fx *f = *state;
	char path[64], wid[40];
	put(f, "WARD1", 4, 1, "cold tea", false, 0, NOW - 3 * DAY);
	snprintf(wid, sizeof wid, "%s", f->response_id);
	login(f, "wendy");
	long n = make_from_comment(f, wid, "Hot+tea+at+ten");
	f->cookie[0] = '\0';
	login(f, "owen");
	show(f, n);
	assert_int_equal(f->r.status, 403);
	assert_null(strstr(f->r.body, "Hot tea at ten"));
	move(f, n, "done", NULL);
	assert_int_equal(f->r.status, 403);
	snprintf(path, sizeof path, "/actions/%ld/edit", n);
	post(f, path, "you_said=x&we_will=hijacked&owner=&due=");
	assert_int_equal(f->r.status, 403);
	/* nor can oak make an action from willow's comment */
	f->args[0] = "comment";
	f->args[1] = wid;
	get(f, "/actions/new");
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 403);
	char body[256];
	snprintf(body, sizeof body, "comments=%s&you_said=a&we_will=b&owner=&due=", wid);
	post(f, "/actions/new", body);
	assert_int_equal(f->r.status, 403);
	get(f, "/actions");
	assert_null(strstr(f->r.body, "Hot tea at ten"));
	/* willow's action is as it was */
	f->cookie[0] = '\0';
	login(f, "wendy");
	show(f, n);
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Hot tea at ten"));
	assert_null(strstr(f->r.body, "hijacked"));
	assert_non_null(strstr(f->r.body, "Proposed since"));
}

static void test_an_action_form_without_the_session_csrf_should_be_refused(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 4, 1, "dirty toilets", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	long n = make_from_comment(f, f->response_id, "Clean+twice+a+day");
	char path[64];
	snprintf(path, sizeof path, "/actions/%ld/state", n);
	post_with_token(f, path, "state=done&reason=", "forged-token");
	assert_int_equal(f->r.status, 403);
	assert_non_null(strstr(f->r.body, "Form expired"));
	send_req(f, "POST", "/actions/new", f->cookie, "comments=&you_said=a&we_will=b");
	assert_int_equal(f->r.status, 403);
	show(f, n);
	assert_non_null(strstr(f->r.body, "Proposed since"));
	get(f, "/actions");
	assert_non_null(strstr(f->r.body, "1 proposed, 0 planned"));
}

typedef struct served {
	char langs[8][8];
	int n;
	char we_did[64];
} served;

static int serve_one(void *ctx, int64_t item_id, const char *lang, const char *you_said,
		     const char *we_did, int64_t from_ms, int64_t to_ms)
{
	served *s = ctx;
	if (s->n < 8)
		snprintf(s->langs[s->n++], 8, "%s", lang);
	snprintf(s->we_did, sizeof s->we_did, "%s", we_did);
	return 0;
}

static void test_publishing_should_show_missing_translations_and_serve_only_those_written(void **state)
{
	fx *f = *state;
	char path[64];
	fb_err err;
	snprintf(f->cfg.languages, sizeof f->cfg.languages, "en, pl, cy");
	put(f, "WARD1", 4, 1, "nothing to do in the evenings", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	long n = make_from_comment(f, f->response_id, "Board+games+and+a+radio");
	snprintf(path, sizeof path, "/actions/%ld/publish", n);
	/* only a done action is published */
	post(f, path, "loc_WARD1=on&from=2026-11-15&to=2027-02-14&said_en=a&did_en=b");
	assert_int_equal(f->r.status, 409);
	show(f, n);
	assert_null(strstr(f->r.body, "Publish to the waiting room</button>"));
	move(f, n, "done", NULL);
	show(f, n);
	assert_non_null(strstr(f->r.body, "Publish to the waiting room</button>"));
	assert_non_null(strstr(f->r.body, "Language: pl"));
	assert_non_null(strstr(f->r.body, "Language: cy"));
	post(f, path, "loc_WARD1=on&from=2026-11-15&to=2027-02-14"
		 "&said_en=Evenings+were+dull&did_en=We+bought+board+games"
		 "&said_pl=Wieczory+by%C5%82y+nudne&did_pl=Kupili%C5%9Bmy+gry+planszowe"
		 "&said_cy=&did_cy=");
	assert_int_equal(f->r.status, 303);
	show(f, n);
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "From 15 Nov 2026 to 14 Feb 2027, at Willow Ward."));
	assert_int_equal(count_of(f, "Translation missing"), 1);
	assert_non_null(strstr(f->r.body, "Translation missing</strong> not shown to people reading this language"));
	const char *cy = strstr(f->r.body, ">cy</td>");
	assert_non_null(cy);
	assert_non_null(strstr(f->r.body, "Language: cy (missing)"));
	assert_non_null(strstr(f->r.body, "Picked up by"));
	assert_non_null(strstr(f->r.body, "Not yet: no kiosk"));
	/* what the config will serve: English and Polish at Willow, nothing at Ash */
	served s = {0};
	assert_int_equal(coll_store_published_for_location(f->st, "WARD1", NOW, serve_one, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.langs[0], "en");
	assert_string_equal(s.langs[1], "pl");
	assert_string_equal(s.we_did, "Kupiliśmy gry planszowe");
	served none = {0};
	assert_int_equal(coll_store_published_for_location(f->st, "WARD3", NOW, serve_one, &none, &err), 0);
	assert_int_equal(none.n, 0);
	/* shown until the end of the last day, not after */
	served late = {0};
	assert_int_equal(coll_store_published_for_location(f->st, "WARD1", NOW + 100 * DAY, serve_one,
							   &late, &err), 0);
	assert_int_equal(late.n, 0);
	/* a kiosk at Willow that fetched its config since is listed */
	const char *locs[] = {"WARD1"};
	unsigned char hash[COLL_STORE_HASH_LEN] = {1};
	assert_int_equal(coll_store_device_add(f->st, "kiosk-willow", locs, 1, hash, NOW, &err), 0);
	assert_int_equal(coll_store_config_fetch_put(f->st, "kiosk-willow", "\"e1\"", NOW + 60000, &err), 0);
	show(f, n);
	assert_non_null(strstr(f->r.body, "kiosk-willow, fetched 15 Nov 2026 12:01"));
	assert_null(strstr(f->r.body, "Not yet: no kiosk"));
	/* oak's ward cannot be chosen */
	post(f, path, "loc_WARD2=on&from=2026-11-15&to=2027-02-14&said_en=a&did_en=b");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "Choose at least one location"));
}

static void test_get_config_should_serve_the_items_with_an_etag_and_304_when_unchanged(void **state)
{
	fx *f = *state;
	char path[64], etag[40];
	fb_err err;
	unsigned char sk[32] = {7};
	coll_ingest *ig = NULL;
	coll_ingest_config_reply rep;
	coll_store_device dev;
	fb_proto_config got;
	char got_etag[FB_PROTO_ETAG_LEN + 1];
	const char *locs[] = {"WARD1", "WARD3"};
	unsigned char hash[COLL_STORE_HASH_LEN] = {2};
	snprintf(f->cfg.languages, sizeof f->cfg.languages, "en pl cy");
	assert_int_equal(coll_store_device_add(f->st, "kiosk-willow", locs, 2, hash, NOW, &err), 0);
	assert_int_equal(coll_store_device_get(f->st, "kiosk-willow", &dev, &err), 0);
	assert_int_equal(coll_ingest_new(f->st, sk, NULL, 50, &ig, &err), 0);
	put(f, "WARD1", 4, 1, "no one explained my medicines", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	long n = make_from_comment(f, f->response_id, "Pharmacist+visits+on+Tuesdays");
	move(f, n, "done", NULL);
	snprintf(path, sizeof path, "/actions/%ld/publish", n);
	post(f, path, "loc_WARD1=on&from=2026-11-15&to=2027-02-14&said_en=Medicines+were+not+explained"
		 "&did_en=A+pharmacist+visits+on+Tuesdays&said_pl=Nie+wyja%C5%9Bniono+lek%C3%B3w"
		 "&did_pl=Farmaceuta+przychodzi+we+wtorki");
	assert_int_equal(f->r.status, 303);

	coll_ingest_config(ig, &dev, NULL, NULL, NOW, &rep);
	assert_int_equal(rep.status, 400);
	free(rep.body);
	coll_ingest_config(ig, &dev, "WARD2", NULL, NOW, &rep);
	assert_int_equal(rep.status, 403);
	assert_non_null(strstr(rep.body, "not enrolled for location WARD2"));
	free(rep.body);
	/* show: the page says no kiosk has it yet */
	show(f, n);
	assert_non_null(strstr(f->r.body, "Not yet: no kiosk"));

	coll_ingest_config(ig, &dev, "WARD1", NULL, NOW, &rep);
	assert_int_equal(rep.status, 200);
	assert_int_equal(strlen(rep.etag), FB_PROTO_ETAG_LEN);
	snprintf(etag, sizeof etag, "%s", rep.etag);
	assert_int_equal(fb_proto_config_read(rep.body, strlen(rep.body), &got, got_etag, &err), 0);
	assert_string_equal(got_etag, etag);
	assert_true(got.has_items);
	assert_int_equal(got.n_items, 2);       /* English and Polish; no Welsh */
	size_t idx[FB_PROTO_CONFIG_ITEMS_MAX];
	assert_int_equal(fb_proto_config_items_for(&got, "pl", NOW, idx), 1);
	assert_string_equal(got.items[idx[0]].we_did, "Farmaceuta przychodzi we wtorki");
	assert_int_equal(fb_proto_config_items_for(&got, "cy", NOW, idx), 0);
	assert_false(got.has_languages);        /* the device keeps its own */
	fb_proto_config_clear(&got);
	free(rep.body);

	/* unchanged: 304, nothing sent, the fetch still counted */
	char inm[48];
	snprintf(inm, sizeof inm, "\"%s\"", etag);
	coll_ingest_config(ig, &dev, "WARD1", inm, NOW + 60000, &rep);
	assert_int_equal(rep.status, 304);
	assert_null(rep.body);
	assert_string_equal(rep.etag, etag);
	show(f, n);
	assert_non_null(strstr(f->r.body, "kiosk-willow, fetched 15 Nov 2026 12:01"));

	/* Ash Ward has nothing published: an empty list, which clears the tablet's */
	coll_ingest_config(ig, &dev, "WARD3", inm, NOW, &rep);
	assert_int_equal(rep.status, 200);
	assert_int_equal(fb_proto_config_read(rep.body, strlen(rep.body), &got, got_etag, &err), 0);
	assert_true(got.has_items);
	assert_int_equal(got.n_items, 0);
	assert_string_not_equal(got_etag, etag);
	fb_proto_config_clear(&got);
	free(rep.body);
	coll_ingest_free(ig);
}

/* n copies of the UTF-8 character ch, percent-encoded for a form, into out. */
static void repeat_encoded(const char *ch, int n, char *out, size_t size)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		for (const unsigned char *p = (const unsigned char *)ch; *p && o + 4 < size; p++)
			o += (size_t)snprintf(out + o, size - o, "%%%02X", *p);
}

static void test_texts_in_scripts_of_wider_characters_should_be_kept_up_to_their_character_limits(void **state)
{
	fx *f = *state;
	char path[64], body[12000], will[7000], did[2000];
	snprintf(f->cfg.languages, sizeof f->cfg.languages, "en, hi");
	put(f, "WARD1", 4, 1, "the signs are only in English", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	/* "We will" of 600 Urdu letters: 600 characters, 1200 bytes */
	repeat_encoded("\xd8\xb3", 600, will, sizeof will);
	snprintf(body, sizeof body, "comments=%s&you_said=Signs+only+in+English&we_will=%s&owner=&due=",
		 f->response_id, will);
	post(f, "/actions/new", body);
	assert_int_equal(f->r.status, 303);
	long n = strtol(f->r.location + 9, NULL, 10);
	move(f, n, "done", NULL);
	/* a Hindi "We did" of 120 characters, 360 bytes */
	repeat_encoded("\xe0\xa4\x95", 120, did, sizeof did);
	snprintf(path, sizeof path, "/actions/%ld/publish", n);
	snprintf(body, sizeof body, "loc_WARD1=on&from=2026-11-15&to=2027-02-14&said_en=Signs&did_en=New+signs"
		 "&said_hi=%s&did_hi=%s", did, did);
	post(f, path, body);
	assert_int_equal(f->r.status, 303);
	show(f, n);
	assert_null(strstr(f->r.body, "Translation missing"));
}

static void test_the_quality_board_should_list_the_actions_done_this_quarter(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 4, 6, "the chairs are hard", false, 0, NOW - 3 * DAY);
	char first[40];
	snprintf(first, sizeof first, "%s", f->response_id);
	login(f, "wendy");
	long done = make_from_comment(f, first, "New+soft+chairs");
	long open = make_from_comment(f, first, "Cushions+for+the+quiet+room");
	move(f, done, "done", NULL);
	move(f, open, "planned", NULL);
	get(f, "/quality-board");
	assert_int_equal(f->r.status, 200);
	const char *wedid = strstr(f->r.body, "Willow Ward: You said, we did");
	assert_non_null(wedid);
	const char *box = strstr(wedid, "<div class=\"fb-wedid\">");
	assert_non_null(box);
	assert_non_null(strstr(box, "<strong>You said:</strong> The waiting room is too hot <strong>We did:</strong>"));
	assert_non_null(strstr(box, ">New soft chairs</a></li>"));
	assert_non_null(strstr(wedid, "0 proposed &middot; 1 planned &middot; 0 doing &middot; 1 done"));
	assert_non_null(strstr(wedid, "Cushions for the quiet room"));
	/* Ash Ward's sheet: the action came from a Willow comment */
	const char *ash = strstr(f->r.body, "Ash Ward: You said, we did");
	assert_non_null(ash);
	assert_null(strstr(ash, "New soft chairs"));
	/* next quarter: the done one is not carried, the planned one is */
	later(f, NOW + 60 * DAY);      /* 14 Jan 2027: Q4 */
	get(f, "/quality-board");
	wedid = strstr(f->r.body, "Willow Ward: You said, we did");
	assert_non_null(wedid);
	assert_null(strstr(wedid, "New soft chairs"));
	assert_non_null(strstr(wedid, "Cushions for the quiet room"));
	get(f, "/actions");
	assert_non_null(strstr(f->r.body, "Actions, Q4 2026/27"));
	assert_non_null(strstr(f->r.body, "Cushions for the quiet room"));
	assert_null(strstr(f->r.body, "New soft chairs"));
	/* and the quarter before still shows it done */
	f->args[0] = "quarter";
	f->args[1] = "2026-27-Q3";
	get(f, "/actions");
	f->args[0] = NULL;
	assert_non_null(strstr(f->r.body, "New soft chairs"));
	assert_non_null(strstr(f->r.body, "Done this quarter"));
}

static void test_an_action_should_show_as_it_stood_at_the_end_of_an_earlier_quarter(void **state)
{
	fx *f = *state;
	put(f, "WARD1", 4, 1, "long waits", false, 0, NOW - 3 * DAY);
	login(f, "wendy");
	long n = make_from_comment(f, f->response_id, "A+second+receptionist");
	later(f, NOW + 60 * DAY);      /* done in Q4 */
	move(f, n, "done", NULL);
	f->args[0] = "quarter";
	f->args[1] = "2026-27-Q3";
	get(f, "/actions");
	f->args[0] = NULL;
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "A second receptionist"));
	assert_non_null(strstr(f->r.body, "1 proposed, 0 planned, 0 doing, 0 done"));
}

static int count_tables(void *ctx, int ncols, char **vals, char **names)
{
	(*(int *)ctx) = atoi(vals[0]);
	return 0;
}

static void test_a_schema_4_database_should_gain_the_action_tables_on_open(void **state)
{
	fx *f = *state;
	fb_err err;
	sqlite3 *db;
	int n = 0;
	put(f, "WARD1", 1, 1, "lovely", false, 0, NOW - DAY);
	coll_web_free(f->w);
	coll_store_close(f->st);
	/* undo step 5, as a collector before it left the database */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE actions; DROP TABLE action_comments;"
				      " DROP TABLE action_history; DROP TABLE published_items;"
				      " DROP TABLE published_locations; DROP TABLE published_texts;"
				      " DROP TABLE device_config_fetch;" SCHEMA_UNDO_TO_5
				      " DELETE FROM schema_version WHERE version >= 5", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	/* and redo it on open */
	assert_int_equal(coll_store_open_sqlite(f->path, &f->st, &err), 0);
	assert_int_equal(coll_web_new(&f->cfg, f->st, &f->w, &err), 0);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "SELECT max(version) FROM schema_version", count_tables, &n,
				      NULL), SQLITE_OK);
	assert_int_equal(n, COLL_STORE_SCHEMA_VERSION);   /* every later step ran too */
	assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
				      " ('actions', 'action_comments', 'action_history', 'published_items',"
				      " 'published_locations', 'published_texts', 'device_config_fetch')",
				      count_tables, &n, NULL), SQLITE_OK);
	assert_int_equal(n, 7);
	sqlite3_close(db);
	/* the response from before is still there and an action can be made from it */
	login(f, "wendy");
	long id = make_from_comment(f, f->response_id, "Keep+it+up");
	assert_true(id > 0);
	int64_t count = 0;
	assert_int_equal(coll_store_count_responses(f->st, false, &count, &err), 0);
	assert_int_equal(count, 1);
}

int main(void)
{
	if (fx_use_trust_zone())
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup_wards, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_an_action_made_from_a_comment_should_link_it_and_start_proposed),
		T(test_an_action_made_from_a_search_should_link_every_matching_comment),
		T(test_each_state_change_should_be_dated_in_the_history),
		T(test_dropping_an_action_should_need_a_reason),
		T(test_another_team_should_get_403_for_an_action_and_change_nothing),
		T(test_an_action_form_without_the_session_csrf_should_be_refused),
		T(test_publishing_should_show_missing_translations_and_serve_only_those_written),
		T(test_get_config_should_serve_the_items_with_an_etag_and_304_when_unchanged),
		T(test_texts_in_scripts_of_wider_characters_should_be_kept_up_to_their_character_limits),
		T(test_the_quality_board_should_list_the_actions_done_this_quarter),
		T(test_an_action_should_show_as_it_stood_at_the_end_of_an_earlier_quarter),
		T(test_a_schema_4_database_should_gain_the_action_tables_on_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
