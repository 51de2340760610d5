/* test_proto_config: the body of GET /v1/config both ways
 * (lib/proto_config.h). What the collector writes a device reads back
 * field for field with the same ETag; the ETag changes exactly when the
 * config does; a damaged, cut or hostile document is refused naming the
 * key; keys the Trust did not set stay "not set". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "proto_config.h"

/* Willow Ward: English and Polish, a 90 s timeout, an Urdu crisis text,
 * one item in two languages for December only, and a survey. */
static void willow(fb_proto_config *c)
{
	fb_proto_config_init(c, "WARD1");
	c->has_languages = true;
	c->n_languages = 3;
	snprintf(c->languages[0], sizeof c->languages[0], "en");
	snprintf(c->languages[1], sizeof c->languages[1], "pl");
	snprintf(c->languages[2], sizeof c->languages[2], "ur");
	c->has_idle_timeout = true;
	c->idle_timeout_s = 90;
	c->has_opening_hours = true;
	snprintf(c->opening_hours, sizeof c->opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	c->has_modes = true;
	c->n_modes = 2;
	snprintf(c->modes[0], sizeof c->modes[0], "standard");
	snprintf(c->modes[1], sizeof c->modes[1], "easy_read");
	c->has_crisis = true;
	c->n_crisis = 1;
	snprintf(c->crisis[0].lang, sizeof c->crisis[0].lang, "ur");
	snprintf(c->crisis[0].text, sizeof c->crisis[0].text,
		 "\xd8\xb3\xd8\xa7\xd9\x85\xd8\xb1\xdb\x8c\xd9\xb9\xd9\x86\xd8\xb2 116 123");
	c->has_items = true;
	c->n_items = 2;
	const char *lang[2] = {"en", "pl"};
	const char *said[2] = {"The waiting room was too hot", "W poczekalni by\xc5\x82o za gor\xc4\x85\x63o"};
	const char *did[2] = {"We fitted blinds and a fan", "Zamontowali\xc5\x9bmy rolety i wentylator"};
	for (int i = 0; i < 2; i++) {
		fb_proto_config_item *it = &c->items[i];
		snprintf(it->id, sizeof it->id, "action-12");
		snprintf(it->lang, sizeof it->lang, "%s", lang[i]);
		snprintf(it->you_said, sizeof it->you_said, "%s", said[i]);
		snprintf(it->we_did, sizeof it->we_did, "%s", did[i]);
		it->from_ms = 1796083200000;   /* 2026-12-01 */
		it->to_ms = 1798761600000;     /* 2027-01-01 */
	}
	c->survey_json = strdup("{\"id\":\"fft\",\"version\":2}");
	c->has_trust_key = true;    /* after a keygen --rotate */
	for (int i = 0; i < FB_PROTO_CONFIG_KEY_BYTES; i++)
		c->trust_key[i] = (unsigned char)(i * 7 + 1);
}

static void test_a_config_written_at_the_collector_should_read_back_on_the_device_field_for_field(void **state)
{
	fb_proto_config c, got;
	char etag[FB_PROTO_ETAG_LEN + 1], etag2[FB_PROTO_ETAG_LEN + 1];
	fb_err err = {0};

	willow(&c);
	char *body = fb_proto_config_write(&c, etag, &err);
	assert_non_null(body);
	assert_int_equal(strlen(etag), FB_PROTO_ETAG_LEN);
	assert_int_equal(fb_proto_config_read(body, strlen(body), &got, etag2, &err), 0);
	assert_string_equal(etag, etag2);
	assert_string_equal(got.location, "WARD1");
	assert_true(got.has_languages);
	assert_int_equal(got.n_languages, 3);
	assert_string_equal(got.languages[2], "ur");
	assert_int_equal(got.idle_timeout_s, 90);
	assert_true(got.has_opening_hours);
	assert_string_equal(got.opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	assert_true(got.has_modes);
	assert_int_equal(got.n_modes, 2);
	assert_string_equal(got.modes[0], "standard");
	assert_string_equal(got.modes[1], "easy_read");
	assert_non_null(strstr(body, "\"modes\":[\"standard\",\"easy_read\"]"));
	assert_non_null(strstr(fb_proto_config_crisis_for(&got, "ur"), "116 123"));
	assert_null(fb_proto_config_crisis_for(&got, "en"));
	assert_int_equal(got.n_items, 2);
	assert_string_equal(got.items[1].we_did, c.items[1].we_did);
	assert_int_equal(got.items[0].to_ms, 1798761600000);
	assert_string_equal(got.survey_json, "{\"id\":\"fft\",\"version\":2}");
	assert_true(got.has_trust_key);
	assert_memory_equal(got.trust_key, c.trust_key, FB_PROTO_CONFIG_KEY_BYTES);
	assert_non_null(strstr(body, "\"trust_public_key\":\"AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\""));
	/* the same config always writes the same bytes */
	char *again = fb_proto_config_write(&got, etag2, &err);
	assert_string_equal(again, body);
	free(again);
	free(body);
	fb_proto_config_clear(&got);
	fb_proto_config_clear(&c);
}

static void test_the_etag_should_change_exactly_when_the_config_does(void **state)
{
	fb_proto_config c;
	char a[FB_PROTO_ETAG_LEN + 1], b[FB_PROTO_ETAG_LEN + 1];
	fb_err err = {0};

	willow(&c);
	free(fb_proto_config_write(&c, a, &err));
	free(fb_proto_config_write(&c, b, &err));
	assert_string_equal(a, b);
	snprintf(c.items[1].we_did, sizeof c.items[1].we_did, "Zamontowali\xc5\x9bmy rolety");
	free(fb_proto_config_write(&c, b, &err));
	assert_string_not_equal(a, b);
	/* new opening hours are a new config */
	free(fb_proto_config_write(&c, a, &err));
	snprintf(c.opening_hours, sizeof c.opening_hours, "Mon-Fri 08:00-17:00");
	free(fb_proto_config_write(&c, b, &err));
	assert_string_not_equal(a, b);
	/* so are new modes, and taking them away */
	free(fb_proto_config_write(&c, a, &err));
	snprintf(c.modes[c.n_modes++], sizeof c.modes[0], "children");
	free(fb_proto_config_write(&c, b, &err));
	assert_string_not_equal(a, b);
	c.has_modes = false;
	free(fb_proto_config_write(&c, a, &err));
	assert_string_not_equal(a, b);
	fb_proto_config_clear(&c);
}

static void test_keys_the_trust_did_not_set_should_stay_not_set(void **state)
{
	fb_proto_config c, got;
	char etag[FB_PROTO_ETAG_LEN + 1];
	fb_err err = {0};

	fb_proto_config_init(&c, "WARD2");
	char *body = fb_proto_config_write(&c, etag, &err);
	assert_non_null(body);
	assert_null(strstr(body, "languages"));
	assert_int_equal(fb_proto_config_read(body, strlen(body), &got, etag, &err), 0);
	assert_false(got.has_languages);
	assert_false(got.has_idle_timeout);
	assert_false(got.has_crisis);
	assert_false(got.has_opening_hours);   /* the device keeps its own hours */
	assert_false(got.has_modes);           /* and its own [kiosk] modes */
	assert_null(strstr(body, "modes"));
	assert_false(got.has_items);
	assert_null(got.survey_json);
	free(body);
	/* an empty list is set: it clears the tablet's items */
	c.has_items = true;
	body = fb_proto_config_write(&c, etag, &err);
	assert_int_equal(fb_proto_config_read(body, strlen(body), &got, etag, &err), 0);
	assert_true(got.has_items);
	assert_int_equal(got.n_items, 0);
	free(body);
}

/* body must be refused, with words containing want, and leave nothing. */
static void refused(const char *body, const char *want)
{
	fb_proto_config got;
	char etag[FB_PROTO_ETAG_LEN + 1];
	fb_err err = {0};
	assert_int_not_equal(fb_proto_config_read(body, strlen(body), &got, etag, &err), 0);
	if (!strstr(err.msg, want))
		fail_msg("refused with '%s', not naming '%s'", err.msg, want);
	assert_int_equal(etag[0], '\0');
	assert_null(got.survey_json);
}

static void test_a_damaged_or_hostile_config_should_be_refused_naming_the_key(void **state)
{
	fb_proto_config c;
	char etag[FB_PROTO_ETAG_LEN + 1];
	fb_err err = {0};

	willow(&c);
	char *body = fb_proto_config_write(&c, etag, &err);
	/* cut short, as a file saved half-way */
	char *cut = strndup(body, strlen(body) / 2);
	refused(cut, "not a JSON object");
	free(cut);
	/* edited by hand: the etag no longer matches */
	char *edited = strdup(body);
	char *p = strstr(edited, "\"idle_timeout_s\":90");
	p[strlen("\"idle_timeout_s\":")] = '8';
	refused(edited, "\"etag\" does not match");
	free(edited);
	refused("[1,2]", "not a JSON object");
	refused("{\"protocol\":\"fb-sync/9\",\"config\":{\"location\":\"W\"}}", "\"protocol\"");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\"},\"config\":{}}",
		"not a JSON object");   /* a key twice */
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"../etc\"}}", "\"location\"");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"idle_timeout_s\":1}}",
		"\"idle_timeout_s\" must be 10 to 3600");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"languages\":[\"en\",\"en\"]}}",
		"lists 'en' twice");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"crisis_text\":{\"ur\":\"\"}}}",
		"\"crisis_text\" for 'ur' must be 1 to 511 bytes");
	char big[1024];
	snprintf(big, sizeof big, "{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\","
		 "\"you_said_we_did\":[{\"id\":\"a\",\"lang\":\"en\",\"you_said\":\"%0401d\",\"we_did\":\"z\"}]}}", 7);
	refused(big, "item 1 \"you_said\" must be 1 to 400 bytes (it is 401)");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"you_said_we_did\":"
		"[{\"id\":\"a\",\"lang\":\"en\",\"you_said\":\"x\\u0000y\",\"we_did\":\"z\"}]}}",
		"not a JSON object");   /* a NUL inside a text */
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"you_said_we_did\":"
		"[{\"id\":\"a\",\"lang\":\"en\",\"you_said\":\"x\",\"we_did\":\"z\",\"from_ms\":5,\"to_ms\":4}]}}",
		"ends (\"to_ms\") before it starts");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"opening_hours\":\"Mon-Fry 08:00-18:00\"}}",
		"\"opening_hours\": 'Fry' is not a day");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"opening_hours\":{\"mon\":1}}}",
		"\"opening_hours\" must be a string");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":[\"easy_read\"]}}",
		"\"modes\" must start with \"standard\"");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":"
		"[\"standard\",\"children\",\"children\"]}}", "\"modes\" lists 'children' twice");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":"
		"[\"standard\",\"large_print\"]}}", "\"modes\" entry 2 must be \"easy_read\" or \"children\"");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":"
		"[\"standard\",\"standard\"]}}", "\"modes\" entry 2 must be");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":[]}}",
		"\"modes\" must be a list of 1 to 3 modes");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":"
		"[\"standard\",\"easy_read\",\"children\",\"easy_read\"]}}", "\"modes\" must be a list of 1 to 3");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":\"standard\"}}",
		"\"modes\" must be a list");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"modes\":[\"standard\",2]}}",
		"\"modes\" entry 2");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"survey\":[1]}}",
		"\"survey\" must be");
	/* a key that seals to nobody, or is not a key */
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"trust_public_key\":"
		"\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}}", "\"trust_public_key\" must be the base64");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"trust_public_key\":"
		"\"AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM0g==\"}}", "32-byte public key");
	refused("{\"protocol\":\"fb-sync/1\",\"config\":{\"location\":\"W\",\"trust_public_key\":7}}",
		"\"trust_public_key\"");
	free(body);
	/* the collector never sends what a device would refuse */
	c.idle_timeout_s = 5;
	assert_null(fb_proto_config_write(&c, etag, &err));
	assert_non_null(strstr(err.msg, "idle_timeout_s"));
	assert_int_equal(etag[0], '\0');
	c.idle_timeout_s = 90;
	snprintf(c.opening_hours, sizeof c.opening_hours, "Mon 25:00-26:00");
	assert_null(fb_proto_config_write(&c, etag, &err));
	assert_non_null(strstr(err.msg, "opening_hours"));
	snprintf(c.opening_hours, sizeof c.opening_hours, "Mon 08:00-18:00");
	snprintf(c.modes[0], sizeof c.modes[0], "children");   /* not standard first */
	assert_null(fb_proto_config_write(&c, etag, &err));
	assert_non_null(strstr(err.msg, "\"modes\""));
	fb_proto_config_clear(&c);
}

static void test_items_should_be_shown_only_in_their_language_and_between_their_dates(void **state)
{
	fb_proto_config c;
	size_t idx[FB_PROTO_CONFIG_ITEMS_MAX];

	willow(&c);
	assert_int_equal(fb_proto_config_items_for(&c, "en", 1796500000000, idx), 1);
	assert_int_equal(idx[0], 0);
	assert_int_equal(fb_proto_config_items_for(&c, "pl", 1796500000000, idx), 1);
	assert_int_equal(idx[0], 1);
	assert_int_equal(fb_proto_config_items_for(&c, "cy", 1796500000000, idx), 0);
	assert_int_equal(fb_proto_config_items_for(&c, "en", 1796083199999, idx), 0);   /* before */
	assert_int_equal(fb_proto_config_items_for(&c, "en", 1798761600000, idx), 0);   /* at the end */
	fb_proto_config_clear(&c);
}

static void test_a_newer_collectors_extra_keys_should_be_ignored(void **state)
{
	fb_proto_config got;
	char etag[FB_PROTO_ETAG_LEN + 1], hex[FB_PROTO_ETAG_LEN + 1], body[256];
	unsigned char h[FB_PROTO_ETAG_LEN / 2];
	fb_err err = {0};
	/* the ETag covers the config as the collector sent it, extra keys too */
	const char *cfg = "{\"location\":\"W\",\"screen_brightness\":{\"night\":30}}";
	crypto_generichash(h, sizeof h, (const unsigned char *)cfg, strlen(cfg), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(body, sizeof body, "{\"config\":%s,\"etag\":\"%s\",\"protocol\":\"fb-sync/1\"}", cfg, hex);
	assert_int_equal(fb_proto_config_read(body, strlen(body), &got, etag, &err), 0);
	assert_string_equal(got.location, "W");
	assert_string_equal(etag, hex);
	fb_proto_config_clear(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_config_written_at_the_collector_should_read_back_on_the_device_field_for_field),
		cmocka_unit_test(test_the_etag_should_change_exactly_when_the_config_does),
		cmocka_unit_test(test_keys_the_trust_did_not_set_should_stay_not_set),
		cmocka_unit_test(test_a_damaged_or_hostile_config_should_be_refused_naming_the_key),
		cmocka_unit_test(test_items_should_be_shown_only_in_their_language_and_between_their_dates),
		cmocka_unit_test(test_a_newer_collectors_extra_keys_should_be_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
