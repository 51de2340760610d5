/* signup: see signup.h. */
#include "signup.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seal.h"

int fb_signup_id_make(char out[FB_ID_LEN], fb_err *err)
{
	unsigned char b[16];

	if (fb_sodium_init(err))
		return FB_ERR_CRYPTO;
	randombytes_buf(b, sizeof b);
	memset(b, 0, 6);                       /* no time: 48 bits zero */
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	snprintf(out, FB_ID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
		 b[12], b[13], b[14], b[15]);
	sodium_memzero(b, sizeof b);
	return 0;
}

int64_t fb_signup_day_start_ms(int64_t wall_ms)
{
	const int64_t day = 86400000;
	if (wall_ms < 0)
		wall_ms = 0;
	return wall_ms / day * day;
}

void fb_signup_date(int64_t wall_ms, char out[FB_SIGNUP_DATE_LEN])
{
	time_t t = (time_t)(fb_signup_day_start_ms(wall_ms) / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999) {
		snprintf(out, FB_SIGNUP_DATE_LEN, "1970-01-01");
		return;
	}
	snprintf(out, FB_SIGNUP_DATE_LEN, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

char *fb_signup_body(const char *id, const char *location, const char *date,
		     const char *sealed_b64, fb_err *err)
{
	json_t *o;
	char *out = NULL;

	if (!sealed_b64 || !sealed_b64[0]) {
		fb_err_set(err, FB_ERR_INVALID, "sign-up field 'sealed': required");
		return NULL;
	}
	o = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s}", "kind", FB_SIGNUP_KIND,
		      "v", FB_SIGNUP_VERSION, "id", id, "location", location, "date", date,
		      "sealed", sealed_b64);
	if (!o) {
		fb_err_set(err, FB_ERR_INVALID, "sign-up has a field that is not valid UTF-8");
		return NULL;
	}
	out = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(o);
	if (!out)
		fb_err_set(err, FB_ERR_NOMEM, "out of memory building a sign-up");
	return out;
}

bool fb_record_is_signup(json_t *obj)
{
	json_t *k = json_object_get(obj, "kind");
	return json_is_string(k) && strcmp(json_string_value(k), FB_SIGNUP_KIND) == 0;
}

static bool date_valid(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	int y, m, d;

	if (strlen(s) != 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return false;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return false;
	return y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static const char *str_field(json_t *obj, const char *key, size_t max)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max)
		return NULL;
	return json_string_value(v);
}

int fb_signup_from_json(json_t *obj, fb_signup_in *out, fb_err *err)
{
	static const char *const allowed[] = {"kind", "v", "id", "location", "date", "sealed", "age_ms"};
	const char *key;
	json_t *val, *v;

	memset(out, 0, sizeof *out);
	if (!json_is_object(obj) || !fb_record_is_signup(obj))
		return fb_err_set(err, FB_ERR_INVALID, "sign-up: expected a JSON object of kind \"volunteer\"");
	json_object_foreach(obj, key, val) {
		size_t k;
		for (k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
			if (strcmp(key, allowed[k]) == 0)
				break;
		if (k == sizeof allowed / sizeof allowed[0])
			return fb_err_set(err, FB_ERR_INVALID,
					  "sign-up: unexpected field (a sign-up carries only kind, v, id, location, date and sealed)");
	}
	v = json_object_get(obj, "v");
	if (!json_is_integer(v) || json_integer_value(v) != FB_SIGNUP_VERSION)
		return fb_err_set(err, FB_ERR_INVALID, "sign-up field 'v': expected %d", FB_SIGNUP_VERSION);
	out->id = str_field(obj, "id", 36);
	if (!out->id || !fb_uuid7_valid(out->id))
		return fb_err_set(err, FB_ERR_INVALID, "sign-up field 'id': expected a random id in UUIDv7 form");
	out->location = str_field(obj, "location", FB_LOCATION_MAX - 1);
	if (!out->location || !fb_id_valid(out->location, FB_LOCATION_MAX))
		return fb_err_set(err, FB_ERR_INVALID, "sign-up field 'location': expected a location code");
	out->date = str_field(obj, "date", 10);
	if (!out->date || !date_valid(out->date))
		return fb_err_set(err, FB_ERR_INVALID, "sign-up field 'date': expected YYYY-MM-DD");
	out->sealed_b64 = str_field(obj, "sealed", FB_RECORD_MAX_BYTES);
	if (!out->sealed_b64 || strspn(out->sealed_b64,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != strlen(out->sealed_b64))
		return fb_err_set(err, FB_ERR_INVALID, "sign-up field 'sealed': expected base64");

	json_t *copy = json_copy(obj);
	if (!copy)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a sign-up");
	json_object_del(copy, "age_ms");
	char *canon = json_dumps(copy, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(copy);
	if (!canon)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a sign-up");
	if (fb_sodium_init(err)) {
		free(canon);
		return FB_ERR_CRYPTO;
	}
	crypto_generichash(out->digest, sizeof out->digest, (const unsigned char *)canon,
			   strlen(canon), NULL, 0);
	free(canon);
	return 0;
}
