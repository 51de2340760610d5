/* test_device_config: the Trust's config as a file on a USB stick
 * (lib/device_config.h). A config bundle the collector writes gives the
 * device back, byte for byte, the document GET /v1/config served; one for
 * another device, one with no config for the device's location, a cut one
 * and one that is not a config bundle are refused in words; the one gate
 * (fb_devconf_accept) refuses an edited document and one offering a
 * language the survey lacks, as the sync daemon does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "device_config.h"
#include "proto_config.h"
#include "src_path.h"

/* The document GET /v1/config would serve location, offering en and lang2. */
static char *doc_for(const char *location, const char *lang2)
{
	fb_proto_config c;
	fb_err err = {0};
	char etag[FB_PROTO_ETAG_LEN + 1];
	char *body;

	fb_proto_config_init(&c, location);
	c.has_languages = true;
	c.n_languages = 2;
	snprintf(c.languages[0], sizeof c.languages[0], "en");
	snprintf(c.languages[1], sizeof c.languages[1], "%s", lang2);
	c.has_idle_timeout = true;
	c.idle_timeout_s = 90;
	body = fb_proto_config_write(&c, etag, &err);
	fb_proto_config_clear(&c);
	assert_non_null(body);
	return body;
}

static void device(fb_config *cfg, const char *location)
{
	fb_config_defaults(cfg);
	snprintf(cfg->device_id, sizeof cfg->device_id, "kiosk-1");
	snprintf(cfg->location_code, sizeof cfg->location_code, "%s", location);
	snprintf(cfg->survey_file, sizeof cfg->survey_file, "%s",
		 test_src_path("config/surveys/fft.json"));
	cfg->n_languages = 1;
	snprintf(cfg->languages[0], sizeof cfg->languages[0], "en");
}

static void test_a_bundle_should_give_each_location_back_the_bytes_get_config_served(void **state)
{
	char *docs[2] = {doc_for("WARD1", "pl"), doc_for("WARD2", "cy")};
	fb_err err = {0};
	char *text = fb_devconf_bundle_write("kiosk-1", 1795683600000LL, docs, 2, &err);
	char *doc = NULL;
	size_t len = 0;

	assert_non_null(text);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(fb_devconf_bundle_pick(text, strlen(text), "usb.json", "kiosk-1",
							i ? "WARD2" : "WARD1", &doc, &len, &err), 0);
		assert_int_equal(len, strlen(docs[i]));
		assert_memory_equal(doc, docs[i], len);
		free(doc);
	}
	free(text);
	free(docs[0]);
	free(docs[1]);
}

static void test_another_devices_bundle_or_another_location_should_be_refused(void **state)
{
	char *docs[1] = {doc_for("WARD1", "pl")};
	fb_err err = {0};
	char *text = fb_devconf_bundle_write("kiosk-9", 0, docs, 1, &err);
	char *doc = NULL;
	size_t len = 0;

	assert_non_null(text);
	assert_int_equal(fb_devconf_bundle_pick(text, strlen(text), "usb.json", "kiosk-1", "WARD1",
						&doc, &len, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "is for device 'kiosk-9', this is 'kiosk-1'"));
	assert_null(doc);
	assert_int_equal(fb_devconf_bundle_pick(text, strlen(text), "usb.json", "kiosk-9", "WARD3",
						&doc, &len, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "no config for 'WARD3'"));
	assert_non_null(strstr(err.msg, "'WARD1'"));
	assert_null(doc);
	free(text);
	free(docs[0]);
}

static void test_a_cut_bundle_or_another_file_should_be_refused_in_words(void **state)
{
	char *docs[1] = {doc_for("WARD1", "pl")};
	fb_err err = {0};
	char *text = fb_devconf_bundle_write("kiosk-1", 0, docs, 1, &err);
	char *doc = NULL;
	size_t len = 0;
	const char *receipt = "{\"protocol\": \"fb-receipt/1\", \"device_id\": \"kiosk-1\", \"results\": []}";

	assert_non_null(text);
	assert_int_equal(fb_devconf_bundle_pick(text, strlen(text) / 2, "usb.json", "kiosk-1",
						"WARD1", &doc, &len, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "not whole JSON"));
	assert_int_equal(fb_devconf_bundle_pick(receipt, strlen(receipt), "r.json", "kiosk-1",
						"WARD1", &doc, &len, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "is not a config bundle"));
	assert_null(doc);
	free(text);
	free(docs[0]);
}

static void test_the_gate_should_refuse_what_the_sync_daemon_refuses(void **state)
{
	fb_config cfg;
	fb_proto_config c;
	fb_err err = {0};
	char etag[FB_PROTO_ETAG_LEN + 1];
	char *good = doc_for("WARD1", "pl"), *bad = doc_for("WARD1", "xx");

	device(&cfg, "WARD1");
	assert_int_equal(fb_devconf_accept(good, strlen(good), &cfg, &c, etag, &err), 0);
	assert_int_equal(c.idle_timeout_s, 90);
	fb_proto_config_clear(&c);
	assert_int_not_equal(fb_devconf_accept(bad, strlen(bad), &cfg, &c, etag, &err), 0);
	assert_non_null(strstr(err.msg, "languages offers 'xx'"));
	char *edited = strstr(good, "\"idle_timeout_s\":90");
	assert_non_null(edited);
	memcpy(edited, "\"idle_timeout_s\":99", strlen("\"idle_timeout_s\":99"));
	assert_int_not_equal(fb_devconf_accept(good, strlen(good), &cfg, &c, etag, &err), 0);
	device(&cfg, "WARD2");
	free(good);
	good = doc_for("WARD1", "pl");
	assert_int_not_equal(fb_devconf_accept(good, strlen(good), &cfg, &c, etag, &err), 0);
	assert_non_null(strstr(err.msg, "but this device stands in 'WARD2'"));
	free(good);
	free(bad);
}

static void test_too_many_configs_should_be_refused_by_the_writer(void **state)
{
	char *docs[FB_CONFIG_BUNDLE_CONFIGS_MAX + 1];
	fb_err err = {0};

	for (size_t i = 0; i <= FB_CONFIG_BUNDLE_CONFIGS_MAX; i++)
		docs[i] = (char *)"{}";
	assert_null(fb_devconf_bundle_write("kiosk-1", 0, docs, FB_CONFIG_BUNDLE_CONFIGS_MAX + 1,
					    &err));
	assert_non_null(strstr(err.msg, "at most 32"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_bundle_should_give_each_location_back_the_bytes_get_config_served),
		cmocka_unit_test(test_another_devices_bundle_or_another_location_should_be_refused),
		cmocka_unit_test(test_a_cut_bundle_or_another_file_should_be_refused_in_words),
		cmocka_unit_test(test_the_gate_should_refuse_what_the_sync_daemon_refuses),
		cmocka_unit_test(test_too_many_configs_should_be_refused_by_the_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
