#include "record.h"
#include "seal.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	unsigned bit;
	const char *name;
} flag_names[] = {
	{FB_FLAG_PARTIAL, "partial"},
	{FB_FLAG_RAPID_REPEAT, "rapid_repeat"},
	{FB_FLAG_SYNTHETIC, "synthetic"},
};
#define N_FLAGS (sizeof flag_names / sizeof flag_names[0])

bool fb_uuid7_valid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])) {
			return false;
		}
	}
	/* version nibble 7, variant 10xx */
	return s[14] == '7' && strchr("89ab", s[19]) != NULL;
}

char *fb_record_body(const fb_response *r, const char *sealed_b64, fb_err *err)
{
	json_t *answers = NULL, *flags = NULL, *o = NULL;
	char *out = NULL;
	json_error_t jerr;

	if (r->answers_json && r->answers_json[0]) {
		answers = json_loads(r->answers_json, JSON_REJECT_DUPLICATES, &jerr);
		if (!answers || !json_is_object(answers)) {
			fb_err_set(err, FB_ERR_INVALID,
				   "answers must be a JSON object: %s", answers ? "not an object" : jerr.text);
			goto out;
		}
	} else {
		answers = json_object();
	}
	flags = json_array();
	for (size_t i = 0; i < N_FLAGS; i++)
		if (r->flags & flag_names[i].bit)
			json_array_append_new(flags, json_string(flag_names[i].name));

	o = json_pack("{s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:i, s:O, s:o}",
		      "v", FB_RECORD_VERSION, "id", r->id, "survey_id", r->survey_id,
		      "survey_version", r->survey_version, "location", r->location,
		      "language", r->language, "mode", fb_mode_name(r->mode),
		      "started_at_ms", (json_int_t)r->started_at_ms,
		      "submitted_at_ms", (json_int_t)r->submitted_at_ms,
		      "duration_ms", (json_int_t)r->duration_ms, "flags", flags,
		      "fft", r->fft, "answers", answers,
		      "sealed", sealed_b64 ? json_string(sealed_b64) : json_null());
	flags = NULL; /* json_pack "o" stole it */
	if (!o) {
		fb_err_set(err, FB_ERR_INVALID, "record has a field that is not valid UTF-8");
		goto out;
	}
	out = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	if (!out)
		fb_err_set(err, FB_ERR_NOMEM, "out of memory building a record");
out:
	json_decref(o);
	json_decref(flags);
	json_decref(answers);
	return out;
}

static int want_string(json_t *obj, const char *key, size_t max, bool need_nonempty,
		       const char **out, fb_err *err)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		return fb_err_set(err, FB_ERR_INVALID, "record field '%s': expected a string", key);
	size_t len = json_string_length(v);
	if (len > max || (need_nonempty && len == 0))
		return fb_err_set(err, FB_ERR_INVALID,
				  "record field '%s': expected 1 to %zu characters", key, max);
	*out = json_string_value(v);
	return 0;
}

static int want_int(json_t *obj, const char *key, int64_t min, int64_t max,
		    int64_t *out, fb_err *err)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return fb_err_set(err, FB_ERR_INVALID,
				  "record field '%s': expected an integer from %lld to %lld", key,
				  (long long)min, (long long)max);
	*out = json_integer_value(v);
	return 0;
}

bool fb_id_valid(const char *s, size_t size)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n >= size)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return false;
	return true;
}

int fb_record_from_json(json_t *obj, fb_record_in *out, fb_err *err)
{
	int64_t v;
	const char *mode;
	memset(out, 0, sizeof *out);

	if (!json_is_object(obj))
		return fb_err_set(err, FB_ERR_INVALID, "record: expected a JSON object");
	if (want_int(obj, "v", FB_RECORD_VERSION, FB_RECORD_VERSION, &v, err))
		return FB_ERR_INVALID;
	if (want_string(obj, "id", 36, true, &out->id, err))
		return FB_ERR_INVALID;
	if (!fb_uuid7_valid(out->id))
		return fb_err_set(err, FB_ERR_INVALID, "record field 'id': expected a UUIDv7");
	if (want_string(obj, "survey_id", FB_SURVEY_ID_MAX - 1, true, &out->survey_id, err) ||
	    want_string(obj, "location", FB_LOCATION_MAX - 1, true, &out->location, err) ||
	    want_string(obj, "language", FB_LANGUAGE_MAX - 1, true, &out->language, err) ||
	    want_string(obj, "mode", 16, true, &mode, err))
		return FB_ERR_INVALID;
	if (!fb_id_valid(out->survey_id, FB_SURVEY_ID_MAX) ||
	    !fb_id_valid(out->location, FB_LOCATION_MAX) ||
	    !fb_id_valid(out->language, FB_LANGUAGE_MAX))
		return fb_err_set(err, FB_ERR_INVALID,
				  "record: survey_id, location and language take letters, digits, '-', '_' and '.' only");
	if (fb_mode_parse(mode, &out->mode))
		return fb_err_set(err, FB_ERR_INVALID, "record field 'mode': expected \"kiosk\" or \"assisted\"");
	if (want_int(obj, "survey_version", 1, 1000000, &v, err))
		return FB_ERR_INVALID;
	out->survey_version = (int)v;
	/* Times up to year 9999; a device without a clock may send 1970. */
	if (want_int(obj, "started_at_ms", 0, 253402300799999LL, &out->started_at_ms, err) ||
	    want_int(obj, "submitted_at_ms", 0, 253402300799999LL, &out->submitted_at_ms, err) ||
	    want_int(obj, "duration_ms", 0, 7LL * 24 * 3600 * 1000, &out->duration_ms, err) ||
	    want_int(obj, "fft", 0, 6, &v, err))
		return FB_ERR_INVALID;
	out->fft = (int)v;

	json_t *flags = json_object_get(obj, "flags");
	if (!json_is_array(flags))
		return fb_err_set(err, FB_ERR_INVALID, "record field 'flags': expected an array");
	size_t i;
	json_t *f;
	json_array_foreach(flags, i, f) {
		size_t k;
		for (k = 0; k < N_FLAGS; k++)
			if (json_is_string(f) && strcmp(json_string_value(f), flag_names[k].name) == 0)
				break;
		if (k == N_FLAGS)
			return fb_err_set(err, FB_ERR_INVALID,
					  "record field 'flags': expected \"partial\", \"rapid_repeat\" or \"synthetic\"");
		out->flags |= flag_names[k].bit;
	}

	out->answers = json_object_get(obj, "answers");
	if (!json_is_object(out->answers))
		return fb_err_set(err, FB_ERR_INVALID, "record field 'answers': expected an object");

	json_t *sealed = json_object_get(obj, "sealed");
	if (json_is_string(sealed)) {
		const char *b64 = json_string_value(sealed);
		size_t len = json_string_length(sealed);
		if (len == 0 || len > FB_RECORD_MAX_BYTES || strspn(b64,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != len)
			return fb_err_set(err, FB_ERR_INVALID, "record field 'sealed': expected base64");
		out->sealed_b64 = b64;
	} else if (!json_is_null(sealed)) {
		return fb_err_set(err, FB_ERR_INVALID, "record field 'sealed': expected base64 or null");
	}

	json_t *age = json_object_get(obj, "age_ms");
	if (age && !json_is_null(age)) {
		if (want_int(obj, "age_ms", 0, 10LL * 365 * 24 * 3600 * 1000, &out->age_ms, err))
			return FB_ERR_INVALID;
		out->has_age = true;
	}

	/* Digest of the canonical body: the record without its transport-only
	 * age, keys sorted, compact. */
	json_t *copy = json_copy(obj);
	if (!copy)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a record");
	json_object_del(copy, "age_ms");
	char *canon = json_dumps(copy, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(copy);
	if (!canon)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a record");
	if (strlen(canon) > FB_RECORD_MAX_BYTES) {
		free(canon);
		return fb_err_set(err, FB_ERR_INVALID, "record: larger than %d bytes", FB_RECORD_MAX_BYTES);
	}
	if (fb_sodium_init(err)) {
		free(canon);
		return FB_ERR_CRYPTO;
	}
	crypto_generichash(out->digest, sizeof out->digest, (const unsigned char *)canon,
			   strlen(canon), NULL, 0);
	free(canon);
	return 0;
}
