/* test_collector_settings: a location's tablet settings as the Trust sets
 * them and a tablet receives them. The store keeps each setting (unset until
 * set) and replaces them whole; GET /v1/config carries them, leaves unset
 * keys out, and its ETag changes only when a setting changes (a 304
 * otherwise); the /settings pages, for the admin and patient experience
 * roles, check a change in words (an idle timeout of 5 seconds, a crisis
 * text over the limit, a broken survey file) and keep the old settings, ask
 * for confirmation, audit the change, and show which tablets have picked up
 * the current settings. */
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
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/ingest.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"
#include "fileio.h"
#include "src_path.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */

#include "collector_web_fixture.h"

/* A good survey in English only. */
#define EN_ONLY "{\"id\": \"en-only\", \"version\": 3,\n" \
	" \"languages\": [{\"code\": \"en\", \"name\": \"English\"}],\n" \
	" \"questions\": [{\"id\": \"fft\", \"kind\": \"fft\", \"title\": {\"en\": \"Overall, how was your experience of our service?\"},\n" \
	"   \"labels\": [{\"en\": \"Very good\"}, {\"en\": \"Good\"}, {\"en\": \"Neither good nor poor\"},\n" \
	"              {\"en\": \"Poor\"}, {\"en\": \"Very poor\"}, {\"en\": \"Don't know\"}]}]}\n"

static void write_survey(fx *f, const char *name, const char *text)
{
	char path[COLL_PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/%s", f->cfg.surveys_dir, name);
	FILE *o = fopen(path, "w");
	assert_non_null(o);
	fputs(text, o);
	assert_int_equal(fclose(o), 0);
}

/* A survey folder of the fixture: the shipped fft.json and a broken one. */
static void surveys_dir(fx *f)
{
	char path[COLL_PATH_MAX + 32], *text = NULL;
	size_t len = 0;
	fb_err err;
	snprintf(f->cfg.surveys_dir, sizeof f->cfg.surveys_dir, "%s/surveys", f->dir);
	assert_int_equal(mkdir(f->cfg.surveys_dir, 0700), 0);
	assert_int_equal(fb_read_file(test_src_path("config/surveys/fft.json"), 1 << 20, "survey", NULL,
				      &text, &len, &err), 0);
	snprintf(path, sizeof path, "%s/fft.json", f->cfg.surveys_dir);
	FILE *o = fopen(path, "w");
	assert_non_null(o);
	assert_int_equal(fwrite(text, 1, len, o), len);
	fclose(o);
	free(text);
	snprintf(path, sizeof path, "%s/broken.json", f->cfg.surveys_dir);
	o = fopen(path, "w");
	assert_non_null(o);
	fputs("{\"id\": \"broken\", \"version\": 1, \"languages\": [", o);
	fclose(o);
	write_survey(f, "en-only.json", EN_ONLY);
}

static void surveys_dir_remove(fx *f)
{
	char path[COLL_PATH_MAX + 32];
	const char *names[] = {"fft.json", "broken.json", "en-only.json"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", f->cfg.surveys_dir, names[i]);
		unlink(path);
	}
	rmdir(f->cfg.surveys_dir);
}

/* wendy (results, willow), ada the admin, pat (patient experience). */
static int setup(void **state)
{
	fb_err err;
	fx_setup_wards(state);
	fx *f = *state;
	add_user(f, "ada", "it");
	assert_int_equal(coll_store_user_set_role(f->st, "ada", "admin", &err), 0);
	add_user(f, "pat", "px");
	assert_int_equal(coll_store_user_set_role(f->st, "pat", "patient-experience", &err), 0);
	surveys_dir(f);
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	surveys_dir_remove(f);
	return fx_teardown(state);
}

/* The config a device enrolled at WARD1 is served: *c read back, its ETag
 * in etag; the reply's status returned (200 or 304). */
static int fetch(fx *f, coll_ingest *ig, const char *inm, fb_proto_config *c,
		 char etag[FB_PROTO_ETAG_LEN + 1])
{
	coll_store_device dev;
	coll_ingest_config_reply rep;
	fb_err err;
	char got[FB_PROTO_ETAG_LEN + 1];
	assert_int_equal(coll_store_device_get(f->st, "kiosk-willow", &dev, &err), 0);
	coll_ingest_config(ig, &dev, "WARD1", inm, f->now, &rep);
	int status = rep.status;
	snprintf(etag, FB_PROTO_ETAG_LEN + 1, "%.32s", rep.etag);
	if (status == 200) {
		assert_int_equal(fb_proto_config_read(rep.body, strlen(rep.body), c, got, &err), 0);
		assert_string_equal(got, etag);
	}
	free(rep.body);
	return status;
}

static void enrol(fx *f)
{
	fb_err err;
	const char *locs[] = {"WARD1"};
	unsigned char hash[COLL_STORE_HASH_LEN] = {3};
	assert_int_equal(coll_store_device_add(f->st, "kiosk-willow", locs, 1, hash, NOW, &err), 0);
}

/* ---- the store ------------------------------------------------------------------ */

static void test_settings_never_saved_should_read_back_unset_and_a_put_should_replace_them_whole(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_store_location_settings v, got;
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_int_equal(got.n_languages, 0);
	assert_int_equal(got.idle_timeout_s, 0);
	assert_int_equal(got.n_crisis, 0);
	assert_null(got.survey_json);
	assert_string_equal(got.opening_hours, "");
	assert_int_equal(got.n_modes, 0);
	assert_int_equal(got.updated_ms, 0);

	memset(&v, 0, sizeof v);
	v.n_languages = 2;
	snprintf(v.languages[0], sizeof v.languages[0], "pl");   /* the order is kept */
	snprintf(v.languages[1], sizeof v.languages[1], "en");
	v.idle_timeout_s = 90;
	v.n_crisis = 1;
	snprintf(v.crisis[0].lang, sizeof v.crisis[0].lang, "pl");
	snprintf(v.crisis[0].text, sizeof v.crisis[0].text, "Zadzwoń pod 111, opcja 2");
	snprintf(v.survey_file, sizeof v.survey_file, "fft.json");
	v.survey_json = strdup("{\"id\":\"fft\"}");
	snprintf(v.opening_hours, sizeof v.opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	v.n_modes = 2;
	snprintf(v.modes[0], sizeof v.modes[0], "standard");
	snprintf(v.modes[1], sizeof v.modes[1], "children");
	assert_int_equal(coll_store_location_settings_put(f->st, "WARD1", &v, "ada", NOW, &err), 0);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_string_equal(got.opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	assert_int_equal(got.n_modes, 2);
	assert_string_equal(got.modes[0], "standard");
	assert_string_equal(got.modes[1], "children");
	assert_int_equal(got.n_languages, 2);
	assert_string_equal(got.languages[0], "pl");
	assert_string_equal(got.languages[1], "en");
	assert_int_equal(got.idle_timeout_s, 90);
	assert_int_equal(got.n_crisis, 1);
	assert_string_equal(got.crisis[0].text, "Zadzwoń pod 111, opcja 2");
	assert_string_equal(got.survey_file, "fft.json");
	assert_string_equal(got.survey_json, "{\"id\":\"fft\"}");
	assert_string_equal(got.updated_by, "ada");
	coll_store_location_settings_clear(&got);
	/* another location is untouched */
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD3", &got, &err), 0);
	assert_int_equal(got.n_languages, 0);
	coll_store_location_settings_clear(&got);

	/* replaced whole: the crisis text and the survey go back to unset */
	free(v.survey_json);
	v.survey_json = NULL;
	v.survey_file[0] = '\0';
	v.n_crisis = 0;
	v.idle_timeout_s = 0;
	v.opening_hours[0] = '\0';
	v.n_modes = 0;
	assert_int_equal(coll_store_location_settings_put(f->st, "WARD1", &v, "pat", NOW + 1000, &err), 0);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_int_equal(got.n_languages, 2);
	assert_int_equal(got.idle_timeout_s, 0);
	assert_int_equal(got.n_crisis, 0);
	assert_null(got.survey_json);
	assert_string_equal(got.survey_file, "");
	assert_string_equal(got.opening_hours, "");
	assert_int_equal(got.n_modes, 0);
	assert_string_equal(got.updated_by, "pat");
	coll_store_location_settings_clear(&got);
}

/* ---- the document ---------------------------------------------------------------- */

static void test_the_config_should_carry_the_settings_and_change_its_etag_only_when_they_change(void **state)
{
	fx *f = *state;
	fb_err err;
	unsigned char sk[32] = {7};
	coll_ingest *ig = NULL;
	fb_proto_config c;
	char e0[FB_PROTO_ETAG_LEN + 1], e1[FB_PROTO_ETAG_LEN + 1], e[FB_PROTO_ETAG_LEN + 1];
	char inm[48];
	enrol(f);
	assert_int_equal(coll_ingest_new(f->st, sk, NULL, 50, &ig, &err), 0);

	/* nothing set: only the (empty) items; every other key absent */
	assert_int_equal(fetch(f, ig, NULL, &c, e0), 200);
	assert_true(c.has_items);
	assert_false(c.has_languages);
	assert_false(c.has_idle_timeout);
	assert_false(c.has_crisis);
	assert_null(c.survey_json);
	fb_proto_config_clear(&c);

	coll_store_location_settings v;
	memset(&v, 0, sizeof v);
	v.n_languages = 2;
	snprintf(v.languages[0], sizeof v.languages[0], "en");
	snprintf(v.languages[1], sizeof v.languages[1], "pl");
	v.idle_timeout_s = 90;
	assert_int_equal(coll_store_location_settings_put(f->st, "WARD1", &v, "ada", NOW, &err), 0);
	assert_int_equal(fetch(f, ig, NULL, &c, e1), 200);
	assert_string_not_equal(e1, e0);
	assert_true(c.has_languages);
	assert_int_equal(c.n_languages, 2);
	assert_string_equal(c.languages[0], "en");
	assert_string_equal(c.languages[1], "pl");
	assert_true(c.has_idle_timeout);
	assert_int_equal(c.idle_timeout_s, 90);
	assert_false(c.has_crisis);              /* still unset: the kiosk's own card */
	assert_null(c.survey_json);
	fb_proto_config_clear(&c);

	/* saved again unchanged (a later time, another person): the same ETag, a 304 */
	f->now = NOW + 3600 * 1000;
	assert_int_equal(coll_store_location_settings_put(f->st, "WARD1", &v, "pat", f->now, &err), 0);
	snprintf(inm, sizeof inm, "\"%s\"", e1);
	assert_int_equal(fetch(f, ig, inm, &c, e), 304);
	assert_string_equal(e, e1);

	/* a crisis text in Polish: a new ETag, and only Polish has one */
	v.n_crisis = 1;
	snprintf(v.crisis[0].lang, sizeof v.crisis[0].lang, "pl");
	snprintf(v.crisis[0].text, sizeof v.crisis[0].text, "Potrzebujesz pomocy teraz? Zadzwoń 111");
	assert_int_equal(coll_store_location_settings_put(f->st, "WARD1", &v, "ada", f->now, &err), 0);
	assert_int_equal(fetch(f, ig, inm, &c, e), 200);
	assert_string_not_equal(e, e1);
	assert_string_equal(fb_proto_config_crisis_for(&c, "pl"), "Potrzebujesz pomocy teraz? Zadzwoń 111");
	assert_null(fb_proto_config_crisis_for(&c, "en"));
	assert_false(c.has_opening_hours);
	assert_false(c.has_modes);
	fb_proto_config_clear(&c);

	/* opening hours and modes: each a new ETag, carried as set */
	snprintf(inm, sizeof inm, "\"%s\"", e);
	snprintf(v.opening_hours, sizeof v.opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	assert_int_equal(coll_store_location_settings_put(f->st, "WARD1", &v, "ada", f->now, &err), 0);
	assert_int_equal(fetch(f, ig, inm, &c, e1), 200);
	assert_true(c.has_opening_hours);
	assert_string_equal(c.opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	assert_false(c.has_modes);
	fb_proto_config_clear(&c);
	snprintf(inm, sizeof inm, "\"%s\"", e1);
	v.n_modes = 2;
	snprintf(v.modes[0], sizeof v.modes[0], "standard");
	snprintf(v.modes[1], sizeof v.modes[1], "easy_read");
	assert_int_equal(coll_store_location_settings_put(f->st, "WARD1", &v, "ada", f->now, &err), 0);
	assert_int_equal(fetch(f, ig, inm, &c, e0), 200);
	assert_string_not_equal(e0, e1);
	assert_true(c.has_modes);
	assert_int_equal(c.n_modes, 2);
	assert_string_equal(c.modes[1], "easy_read");
	fb_proto_config_clear(&c);
	coll_ingest_free(ig);
}

/* ---- the pages --------------------------------------------------------------------- */

static void test_only_admin_and_patient_experience_should_reach_the_settings(void **state)
{
	fx *f = *state;
	login(f, "wendy");
	get(f, "/settings/WARD1");
	assert_int_equal(f->r.status, 403);
	post(f, "/settings/WARD1", "idle=90&confirm=yes");
	assert_int_equal(f->r.status, 403);
	f->cookie[0] = '\0';
	login(f, "pat");
	get(f, "/settings");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "href=\"/settings/WARD1\""));
	get(f, "/settings/WARD1");
	assert_int_equal(f->r.status, 200);
	get(f, "/settings/NOWHERE");
	assert_int_equal(f->r.status, 404);
}

static void test_an_admin_should_set_languages_idle_and_crisis_after_confirming_and_it_is_audited(void **state)
{
	fx *f = *state;
	fb_err err;
	const char *body = "survey=&lang_en=1&lang_pl=1&idle=90&crisis_en="
			   "&crisis_pl=Potrzebujesz+pomocy%3F+Zadzwo%C5%84+111";
	enrol(f);
	login(f, "ada");
	get(f, "/settings/WARD1");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Tablet settings: Willow Ward"));
	assert_non_null(strstr(f->r.body, "name=\"lang_pl\""));          /* from the folder's surveys */
	assert_non_null(strstr(f->r.body, "<option value=\"90\">1 minute 30 seconds</option>"));
	assert_non_null(strstr(f->r.body, "Has not asked for its settings yet"));
	/* the broken survey is listed with why, and cannot be chosen */
	assert_non_null(strstr(f->r.body, "<strong>broken.json</strong>: broken.json:1:"));
	assert_null(strstr(f->r.body, "<option value=\"broken.json\""));

	/* first the confirmation page: nothing saved yet */
	post(f, "/settings/WARD1", body);
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Check before you go on"));
	assert_non_null(strstr(f->r.body, "<li>Languages offered: English, Polski (was: the tablet&#39;s own)</li>"));
	assert_non_null(strstr(f->r.body, "<li>Back to the first screen after: 1 minute 30 seconds (was:"));
	assert_non_null(strstr(f->r.body, "<li>Crisis help in Polski: the Trust&#39;s text, not the kiosk&#39;s own card</li>"));
	assert_null(strstr(f->r.body, "<li>Crisis help in English"));
	coll_store_location_settings got;
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_int_equal(got.idle_timeout_s, 0);
	coll_store_location_settings_clear(&got);

	char full[2048];
	snprintf(full, sizeof full, "%s&confirm=yes", body);
	post(f, "/settings/WARD1", full);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.location, "/settings/WARD1?saved=1");
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_int_equal(got.n_languages, 2);
	assert_string_equal(got.languages[0], "en");
	assert_string_equal(got.languages[1], "pl");
	assert_int_equal(got.idle_timeout_s, 90);
	assert_int_equal(got.n_crisis, 1);
	assert_string_equal(got.crisis[0].lang, "pl");
	assert_string_equal(got.crisis[0].text, "Potrzebujesz pomocy? Zadzwoń 111");
	coll_store_location_settings_clear(&got);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "<dd class=\"nhsuk-summary-list__value\">English, Polski</dd>"));
	assert_non_null(strstr(f->r.body, "<dd class=\"nhsuk-summary-list__value\">1 minute 30 seconds</dd>"));

}

static void test_a_saved_change_should_leave_one_audit_row_without_the_text(void **state)
{
	fx *f = *state;
	fb_err err;
	login(f, "ada");
	post(f, "/settings/WARD1", "survey=fft.json&lang_en=1&lang_pl=1&idle=90"
	     "&crisis_pl=Zadzwo%C5%84+111&confirm=yes");
	assert_int_equal(f->r.status, 303);
	fx_audit_seen s = {0};
	coll_store_audit_query q = {.action = "location-settings"};
	assert_int_equal(coll_store_audit_each(f->st, &q, fx_audit_row, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.object, "WARD1");
	assert_string_equal(s.user, "ada");
	assert_non_null(strstr(s.detail, "survey the tablet's own -> fft.json"));
	assert_non_null(strstr(s.detail, "languages the tablet's own -> en,pl"));
	assert_non_null(strstr(s.detail, "idle timeout the tablet's own -> 1 minute 30 seconds"));
	assert_non_null(strstr(s.detail, "crisis text pl set"));
	assert_null(strstr(s.detail, "111"));
	/* the same again changes nothing and writes no row */
	post(f, "/settings/WARD1", "survey=fft.json&lang_en=1&lang_pl=1&idle=90"
	     "&crisis_pl=Zadzwo%C5%84+111&confirm=yes");
	assert_int_equal(f->r.status, 303);
	s.n = 0;
	assert_int_equal(coll_store_audit_each(f->st, &q, fx_audit_row, &s, &err), 0);
	assert_int_equal(s.n, 1);
}

static void test_opening_hours_and_modes_should_be_set_on_the_page_confirmed_and_audited(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_store_location_settings got;
	const char *body = "lang_en=1&idle=90&hours=+Mon-Fri+08%3A00-18%3A00%3B+Sat+09%3A00-12%3A00+"
			   "&modes=set&mode_easy_read=1";
	login(f, "ada");
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "name=\"hours\""));
	assert_non_null(strstr(f->r.body, "Mon-Fri 08:00-18:00; Sat 09:00-12:00"));   /* the hint */
	assert_non_null(strstr(f->r.body, "id=\"modes_own\" name=\"modes\" type=\"radio\" value=\"\" checked"));
	assert_non_null(strstr(f->r.body, "name=\"mode_easy_read\""));
	assert_non_null(strstr(f->r.body, "name=\"mode_children\""));
	post(f, "/settings/WARD1", body);
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "<li>Opening hours: Mon-Fri 08:00-18:00; Sat 09:00-12:00 (was:"
			       " the tablet&#39;s own)</li>"));
	assert_non_null(strstr(f->r.body, "<li>Modes a person may choose: Standard, Easy read (was:"
			       " the tablet&#39;s own)</li>"));
	/* the confirmation carries them on */
	assert_non_null(strstr(f->r.body, "name=\"hours\" value=\"Mon-Fri 08:00-18:00; Sat 09:00-12:00\""));
	assert_non_null(strstr(f->r.body, "name=\"mode_easy_read\" value=\"1\""));
	char full[1024];
	snprintf(full, sizeof full, "%s&confirm=yes", body);
	post(f, "/settings/WARD1", full);
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_string_equal(got.opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");   /* trimmed */
	assert_int_equal(got.n_modes, 2);
	assert_string_equal(got.modes[0], "standard");
	assert_string_equal(got.modes[1], "easy_read");
	coll_store_location_settings_clear(&got);
	fx_audit_seen s = {0};
	coll_store_audit_query q = {.action = "location-settings"};
	assert_int_equal(coll_store_audit_each(f->st, &q, fx_audit_row, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.detail, "opening hours the tablet's own -> Mon-Fri 08:00-18:00; Sat 09:00-12:00"));
	if (!strstr(s.detail, "modes the tablet's own -> standard,easy_read"))
		fail_msg("audit: %s", s.detail);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "<dd class=\"nhsuk-summary-list__value\">Standard, Easy read</dd>"));
	assert_non_null(strstr(f->r.body, "id=\"mode_easy_read\" name=\"mode_easy_read\" type=\"checkbox\" value=\"1\" checked"));
	assert_non_null(strstr(f->r.body, "value=\"set\" checked"));

	/* back to the tablet's own: both unset, audited */
	post(f, "/settings/WARD1", "lang_en=1&idle=90&hours=&modes=&confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_string_equal(got.opening_hours, "");
	assert_int_equal(got.n_modes, 0);
	coll_store_location_settings_clear(&got);
	/* "only these" with none ticked: standard alone, no choice shown */
	post(f, "/settings/WARD1", "lang_en=1&idle=90&modes=set&confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_int_equal(got.n_modes, 1);
	assert_string_equal(got.modes[0], "standard");
	coll_store_location_settings_clear(&got);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "Standard only (no choice on the first screen)"));
}

/* Saves idle 90 for WARD1, then sends body: it must be refused in words
 * (want), and the 90 seconds stay. */
static void refused(fx *f, const char *body, const char *want)
{
	fb_err err;
	coll_store_location_settings got;
	post(f, "/settings/WARD1", body);
	assert_int_equal(f->r.status, 400);
	if (!strstr(f->r.body, want))
		fail_msg("no \"%s\" in the page:\n%s", want, f->r.body);
	assert_non_null(strstr(f->r.body, "Nothing was changed"));
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_int_equal(got.idle_timeout_s, 90);
	assert_int_equal(got.n_crisis, 0);
	assert_string_equal(got.survey_file, "");
	coll_store_location_settings_clear(&got);
}

static void test_bad_values_should_be_refused_in_words_and_the_old_settings_stay(void **state)
{
	fx *f = *state;
	char body[8192], crisis[4000];
	login(f, "ada");
	post(f, "/settings/WARD1", "lang_en=1&idle=90&confirm=yes");
	assert_int_equal(f->r.status, 303);
	refused(f, "lang_en=1&idle=5&confirm=yes",
		"The idle timeout must be between 10 seconds and 1 hour; 5 seconds is too short.");
	refused(f, "lang_en=1&idle=7200&confirm=yes", "2 hours is too long");
	refused(f, "lang_en=1&idle=soon&confirm=yes", "The idle timeout must be a number of seconds.");
	/* 600 bytes of Polish: over the 511 the tablets take */
	size_t o = 0;
	for (int i = 0; i < 300; i++)
		o += (size_t)snprintf(crisis + o, sizeof crisis - o, "%%C5%%84");
	snprintf(body, sizeof body, "lang_en=1&lang_pl=1&idle=90&crisis_pl=%s&confirm=yes", crisis);
	refused(f, body, "The crisis-help text for Polski is 600 bytes long; it can be at most 511 bytes");
	refused(f, "lang_en=1&idle=90&crisis_pl=%C5&confirm=yes",
		"The crisis-help text for Polski is not readable text");
	refused(f, "survey=broken.json&lang_en=1&idle=90&confirm=yes", "The survey broken.json cannot be used: ");
	refused(f, "survey=..%2Fetc.json&lang_en=1&idle=90&confirm=yes", "There is no survey file called");
	/* opening hours: the parser's own words, and the form as sent */
	refused(f, "lang_en=1&idle=90&hours=Mon-Fry+08%3A00-18%3A00&modes=set&mode_children=1&confirm=yes",
		"The opening hours cannot be used: &#39;Fry&#39; is not a day");
	assert_non_null(strstr(f->r.body, "name=\"hours\" type=\"text\" spellcheck=\"false\""
			       " aria-describedby=\"hours-hint\" value=\"Mon-Fry 08:00-18:00\""));
	assert_non_null(strstr(f->r.body, "id=\"mode_children\" name=\"mode_children\" type=\"checkbox\" value=\"1\" checked"));
	refused(f, "lang_en=1&idle=90&hours=Mon+25%3A00-26%3A00&confirm=yes", "The opening hours cannot be used: ");
	refused(f, "lang_en=1&idle=90&hours=%22%3E%3Cscript%3E&confirm=yes", "value=\"&quot;&gt;&lt;script&gt;\"");
	/* a mode ticked while the modes are to stay the tablet's own */
	refused(f, "lang_en=1&idle=90&modes=&mode_easy_read=1&confirm=yes",
		"Easy read is ticked, but the modes are to stay as each tablet has them.");
	/* without the session's token: nothing */
	send_req(f, "POST", "/settings/WARD1", f->cookie, "idle=300&confirm=yes");
	assert_int_equal(f->r.status, 403);
}

static void test_the_page_should_show_which_tablets_have_the_current_settings(void **state)
{
	fx *f = *state;
	fb_err err;
	unsigned char sk[32] = {7};
	coll_ingest *ig = NULL;
	fb_proto_config c;
	char e[FB_PROTO_ETAG_LEN + 1];
	enrol(f);
	assert_int_equal(coll_ingest_new(f->st, sk, NULL, 50, &ig, &err), 0);
	login(f, "ada");
	post(f, "/settings/WARD1", "lang_en=1&lang_pl=1&idle=90&confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(fetch(f, ig, NULL, &c, e), 200);
	assert_int_equal(c.idle_timeout_s, 90);
	fb_proto_config_clear(&c);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "Has the current settings"));
	assert_non_null(strstr(f->r.body, "Tablets with the current settings: 1 of 1."));
	/* a change: the tablet has older settings until it asks again */
	post(f, "/settings/WARD1", "lang_en=1&lang_pl=1&idle=120&confirm=yes");
	assert_int_equal(f->r.status, 303);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "Has older settings"));
	assert_non_null(strstr(f->r.body, "Tablets with the current settings: 0 of 1."));
	coll_ingest_free(ig);
}

static void test_a_language_the_chosen_survey_lacks_should_be_refused_in_words(void **state)
{
	fx *f = *state;
	login(f, "ada");
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "<option value=\"en-only.json\">en-only.json (en-only, version 3)"));
	post(f, "/settings/WARD1", "survey=en-only.json&lang_en=1&lang_pl=1&idle=90&confirm=yes");
	assert_int_equal(f->r.status, 400);
	assert_non_null(strstr(f->r.body, "The survey en-only.json has no Polski (pl) words, so the"
			       " tablets cannot offer it."));
	assert_int_equal(count_of(f, "Nothing was changed"), 1);
	post(f, "/settings/WARD1", "survey=en-only.json&lang_en=1&idle=90&confirm=yes");
	assert_int_equal(f->r.status, 303);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "name=\"lang_en\" type=\"checkbox\" value=\"1\" checked"));
	assert_null(strstr(f->r.body, "name=\"lang_pl\""));   /* only the survey's languages */
}

static void test_a_survey_whose_file_changed_should_stay_as_chosen_until_chosen_again(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_store_location_settings got;
	char *first;
	login(f, "ada");
	post(f, "/settings/WARD1", "survey=fft.json&lang_en=1&idle=90&confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	first = got.survey_json;
	got.survey_json = NULL;
	assert_non_null(first);
	coll_store_location_settings_clear(&got);

	/* the file edited: the page says so and keeps the chosen version selected */
	write_survey(f, "fft.json", EN_ONLY);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "<option value=\":kept\" selected>fft.json as chosen before (fft, version"));
	assert_non_null(strstr(f->r.body, "<option value=\"fft.json\">fft.json as the file is now (en-only, version 3)"));
	assert_non_null(strstr(f->r.body, "the file has changed since; choose it again"));
	/* another change keeps the survey the tablets have */
	post(f, "/settings/WARD1", "survey=%3Akept&lang_en=1&idle=120&confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_string_equal(got.survey_json, first);
	assert_int_equal(got.idle_timeout_s, 120);
	coll_store_location_settings_clear(&got);
	/* chosen again: the file as it is now */
	post(f, "/settings/WARD1", "survey=fft.json&lang_en=1&idle=120&confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_string_not_equal(got.survey_json, first);
	assert_non_null(strstr(got.survey_json, "\"en-only\""));
	coll_store_location_settings_clear(&got);
	fx_audit_seen s = {0};
	coll_store_audit_query q = {.action = "location-settings", .limit = 1};
	assert_int_equal(coll_store_audit_each(f->st, &q, fx_audit_row, &s, &err), 0);
	assert_string_equal(s.detail, "survey fft.json -> its file as it is now");

	/* the file gone: still offered as chosen, and kept */
	char path[COLL_PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/fft.json", f->cfg.surveys_dir);
	assert_int_equal(unlink(path), 0);
	get(f, "/settings/WARD1");
	assert_non_null(strstr(f->r.body, "<option value=\":kept\" selected>fft.json as chosen before (en-only"));
	assert_non_null(strstr(f->r.body, "the file is now missing or refused"));
	post(f, "/settings/WARD1", "survey=%3Akept&lang_en=1&idle=300&confirm=yes");
	assert_int_equal(f->r.status, 303);
	assert_int_equal(coll_store_location_settings_get(f->st, "WARD1", &got, &err), 0);
	assert_string_equal(got.survey_file, "fft.json");
	assert_non_null(strstr(got.survey_json, "\"en-only\""));
	assert_int_equal(got.idle_timeout_s, 300);
	coll_store_location_settings_clear(&got);
	free(first);
}

int main(void)
{
	if (fx_use_trust_zone())
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_settings_never_saved_should_read_back_unset_and_a_put_should_replace_them_whole),
		T(test_the_config_should_carry_the_settings_and_change_its_etag_only_when_they_change),
		T(test_only_admin_and_patient_experience_should_reach_the_settings),
		T(test_an_admin_should_set_languages_idle_and_crisis_after_confirming_and_it_is_audited),
		T(test_a_saved_change_should_leave_one_audit_row_without_the_text),
		T(test_bad_values_should_be_refused_in_words_and_the_old_settings_stay),
		T(test_opening_hours_and_modes_should_be_set_on_the_page_confirmed_and_audited),
		T(test_the_page_should_show_which_tablets_have_the_current_settings),
		T(test_a_language_the_chosen_survey_lacks_should_be_refused_in_words),
		T(test_a_survey_whose_file_changed_should_stay_as_chosen_until_chosen_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
