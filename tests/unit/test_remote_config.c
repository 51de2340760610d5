/* test_remote_config: the sync daemon's GET /v1/config (sync/remote_config.h)
 * over the fake transport: a good config is written whole, a 304 keeps it,
 * a bad one is refused with its reason and the old one stays in force, a
 * 404 (an older collector) is said once, and a network error changes
 * nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "fileio.h"
#include "proto_config.h"
#include "src_path.h"
#include "tmpdir.h"
#include "../../sync/remote_config.h"
#include "../../sync/transport.h"

typedef struct fx {
	char dir[64];
	fb_config cfg;
	fb_transport *t;
	fb_rconf r;
	/* the fake collector: what it answers and what it saw */
	long status;
	char *body;               /* served on 200 (copied per call) */
	bool no_marker;
	bool network_down;
	int calls;
	char path_seen[128];
	char inm_seen[128];
} fx;

static void on_get(void *ctx, const char *path_query, const char *if_none_match,
		   fb_http_reply *reply)
{
	fx *f = ctx;

	f->calls++;
	snprintf(f->path_seen, sizeof f->path_seen, "%s", path_query);
	snprintf(f->inm_seen, sizeof f->inm_seen, "%s", if_none_match);
	if (f->network_down) {
		reply->fail = FB_NET_CONNECT;
		snprintf(reply->error, sizeof reply->error, "unable to reach the collector: refused");
		return;
	}
	reply->status = f->status;
	reply->marker_header = !f->no_marker;
	if (f->status == 200 && f->body)
		reply->body = strdup(f->body);
}

static void on_post(void *ctx, const char *path, const char *body, size_t body_len,
		    bool was_gzipped, fb_http_reply *reply)
{
	reply->status = 500;
}

/* A config for WARD1 with languages and one English item. */
static char *good_body(const char *we_did, const char *lang2, char etag[FB_PROTO_ETAG_LEN + 1])
{
	fb_proto_config c;
	fb_err err = {0};
	char *body;

	fb_proto_config_init(&c, "WARD1");
	c.has_languages = true;
	c.n_languages = 2;
	snprintf(c.languages[0], sizeof c.languages[0], "en");
	snprintf(c.languages[1], sizeof c.languages[1], "%s", lang2);
	c.has_items = true;
	c.n_items = 1;
	snprintf(c.items[0].id, sizeof c.items[0].id, "action-1");
	snprintf(c.items[0].lang, sizeof c.items[0].lang, "en");
	snprintf(c.items[0].you_said, sizeof c.items[0].you_said, "The room was too hot");
	snprintf(c.items[0].we_did, sizeof c.items[0].we_did, "%s", we_did);
	body = fb_proto_config_write(&c, etag, &err);
	fb_proto_config_clear(&c);
	assert_non_null(body);
	return body;
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	fb_err err = {0};

	assert_non_null(f);
	assert_int_equal(test_tmpdir_make(f->dir, sizeof f->dir, "rconf"), 0);
	fb_config_defaults(&f->cfg);
	snprintf(f->cfg.location_code, sizeof f->cfg.location_code, "WARD1");
	snprintf(f->cfg.data_dir, sizeof f->cfg.data_dir, "%s", f->dir);
	snprintf(f->cfg.survey_file, sizeof f->cfg.survey_file, "%s",
		 test_src_path("config/surveys/fft.json"));
	f->cfg.n_languages = 1;
	snprintf(f->cfg.languages[0], sizeof f->cfg.languages[0], "en");
	assert_int_equal(fb_transport_fake_new(&f->t, on_post, f, &err), 0);
	fb_transport_fake_on_get(f->t, on_get);
	fb_rconf_init(&f->r, &f->cfg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	fb_transport_free(f->t);
	free(f->body);
	test_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;
	fb_err err = {0};

	if (fb_read_file(path, 4 << 20, NULL, NULL, &text, &len, &err) != 0)
		return NULL;
	return text;
}

static void test_a_good_config_should_be_written_whole_and_sent_back_as_its_etag(void **state)
{
	fx *f = *state;
	char etag[FB_PROTO_ETAG_LEN + 1], words[1024], *saved;
	struct stat st;

	f->status = 200;
	f->body = good_body("We fitted blinds", "pl", etag);
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words), FB_RCONF_NEW);
	assert_string_equal(f->path_seen, "/v1/config?location=WARD1");
	assert_string_equal(f->inm_seen, "");          /* nothing held yet */
	saved = slurp(f->r.path);
	assert_non_null(saved);
	assert_string_equal(saved, f->body);
	free(saved);
	assert_string_equal(f->r.etag, etag);
	assert_non_null(strstr(words, "new config"));
	/* written whole: no temp file left beside it */
	char tmp[FB_PATH_MAX + 64];
	snprintf(tmp, sizeof tmp, "%s.tmp", f->r.path);
	assert_int_not_equal(stat(tmp, &st), 0);

	/* a daemon started later asks with the ETag on disk */
	fb_rconf again;
	char inm[64];
	fb_rconf_init(&again, &f->cfg);
	assert_string_equal(again.etag, etag);
	f->status = 304;
	assert_int_equal(fb_rconf_fetch(&again, f->t, 2000, words, sizeof words),
			 FB_RCONF_UNCHANGED);
	snprintf(inm, sizeof inm, "\"%s\"", etag);
	assert_string_equal(f->inm_seen, inm);
	assert_string_equal(words, "");
}

static void test_a_304_should_keep_the_config_in_force(void **state)
{
	fx *f = *state;
	char etag[FB_PROTO_ETAG_LEN + 1], words[1024], *saved;

	f->status = 200;
	f->body = good_body("We fitted blinds", "pl", etag);
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words), FB_RCONF_NEW);
	f->status = 304;
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 2000, words, sizeof words),
			 FB_RCONF_UNCHANGED);
	saved = slurp(f->r.path);
	assert_string_equal(saved, f->body);
	free(saved);
	assert_string_equal(f->r.etag, etag);
}

static void test_a_config_offering_a_language_the_survey_lacks_should_be_refused_keeping_the_old(void **state)
{
	fx *f = *state;
	char etag[FB_PROTO_ETAG_LEN + 1], bad_etag[FB_PROTO_ETAG_LEN + 1], words[1024];
	char *saved, *refused, *good;
	json_t *o;

	f->status = 200;
	f->body = good_body("We fitted blinds", "pl", etag);
	good = strdup(f->body);
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words), FB_RCONF_NEW);
	free(f->body);
	f->body = good_body("We fitted blinds", "so", bad_etag);   /* fft.json has no Somali */
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 2000, words, sizeof words),
			 FB_RCONF_REFUSED);
	assert_non_null(strstr(words, "refused"));
	assert_non_null(strstr(words, "'so'"));
	saved = slurp(f->r.path);
	assert_string_equal(saved, good);              /* the old one stays */
	assert_string_equal(f->r.etag, etag);
	refused = slurp(f->r.refused_path);
	assert_non_null(refused);
	o = json_loads(refused, 0, NULL);
	assert_non_null(o);
	assert_non_null(strstr(json_string_value(json_object_get(o, "reason")), "'so'"));
	assert_string_equal(json_string_value(json_object_get(o, "etag")), bad_etag);
	assert_string_equal(json_string_value(json_object_get(o, "document")), f->body);
	json_decref(o);
	free(refused);
	free(saved);
	free(good);
}

static void test_a_damaged_document_should_be_refused_naming_the_problem(void **state)
{
	fx *f = *state;
	char etag[FB_PROTO_ETAG_LEN + 1], words[1024];
	char *p;

	f->status = 200;
	f->body = good_body("We fitted blinds", "pl", etag);
	p = strstr(f->body, "blinds");
	memcpy(p, "BLINDS", 6);                        /* edited on the way: ETag no longer fits */
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words),
			 FB_RCONF_REFUSED);
	assert_int_not_equal(access(f->r.path, F_OK), 0);
	assert_int_equal(access(f->r.refused_path, F_OK), 0);
	assert_string_equal(f->r.etag, "");
}

static void test_a_config_for_another_location_should_be_refused(void **state)
{
	fx *f = *state;
	char etag[FB_PROTO_ETAG_LEN + 1], words[1024];

	snprintf(f->cfg.location_code, sizeof f->cfg.location_code, "WARD2");
	f->status = 200;
	f->body = good_body("We fitted blinds", "pl", etag);
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words),
			 FB_RCONF_REFUSED);
	assert_non_null(strstr(words, "'WARD2'"));
	assert_int_not_equal(access(f->r.path, F_OK), 0);
}

static void test_a_404_from_an_older_collector_should_be_said_once(void **state)
{
	fx *f = *state;
	char words[1024];

	f->status = 404;
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words),
			 FB_RCONF_UNAVAILABLE);
	assert_non_null(strstr(words, "404"));
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 2000, words, sizeof words),
			 FB_RCONF_UNAVAILABLE);
	assert_string_equal(words, "");
	assert_int_equal(f->calls, 2);
	assert_int_not_equal(access(f->r.path, F_OK), 0);
}

static void test_a_network_error_or_a_proxy_page_should_change_nothing(void **state)
{
	fx *f = *state;
	char etag[FB_PROTO_ETAG_LEN + 1], words[1024];

	f->network_down = true;
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words), FB_RCONF_FAILED);
	assert_non_null(strstr(words, "unable to reach"));
	f->network_down = false;
	f->status = 200;
	f->no_marker = true;
	f->body = good_body("We fitted blinds", "pl", etag);
	assert_int_equal(fb_rconf_fetch(&f->r, f->t, 1000, words, sizeof words), FB_RCONF_FAILED);
	assert_int_not_equal(access(f->r.path, F_OK), 0);
	assert_int_not_equal(access(f->r.refused_path, F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_good_config_should_be_written_whole_and_sent_back_as_its_etag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_304_should_keep_the_config_in_force, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_config_offering_a_language_the_survey_lacks_should_be_refused_keeping_the_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_damaged_document_should_be_refused_naming_the_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_config_for_another_location_should_be_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_404_from_an_older_collector_should_be_said_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_network_error_or_a_proxy_page_should_change_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
