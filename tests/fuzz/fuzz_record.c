/* fuzz_record: libFuzzer harness for the record codec's collector side
 * (lib/record.c, fb_record_from_json on the JSON a batch carries).
 * Promises under test: whatever the JSON, a record that passes holds only
 * what the store can take as it is: ids of the allowed characters within
 * their caps, with no NUL hidden inside (a C string would cut it), times
 * and ratings in range, an answers object; and its digest, which tells a
 * duplicate from a conflict, is the same whatever the order of its keys and
 * whether age_ms came. A refusal says why. Never a crash or a leak. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The string at key, as the record took it, is the whole JSON string. */
static void check_whole(json_t *obj, const char *key, const char *taken)
{
	json_t *v = json_object_get(obj, key);
	if (!taken || !json_is_string(v) || strlen(taken) != json_string_length(v))
		abort();
}

/* The same record, written back with its keys sorted and without age_ms,
 * has the same digest. */
static void check_digest(json_t *obj, const fb_record_in *rec)
{
	json_t *copy = json_deep_copy(obj), *again;
	char *text;
	fb_record_in rec2;
	fb_err err = {0};

	if (!copy)
		return;
	json_object_del(copy, "age_ms");
	text = json_dumps(copy, JSON_SORT_KEYS);
	json_decref(copy);
	if (!text)
		return;
	again = json_loads(text, 0, NULL);
	free(text);
	if (!again || fb_record_from_json(again, &rec2, &err) != 0 ||
	    memcmp(rec->digest, rec2.digest, FB_DIGEST_LEN) != 0)
		abort();
	json_decref(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *obj;
	fb_record_in rec;
	fb_err err = {0};

	if (size > 2 * FB_RECORD_MAX_BYTES)
		return 0;   /* a batch's records are read under the body's cap */
	obj = json_loadb((const char *)data, size, 0, NULL);   /* as fb_proto_batch_read */
	if (!obj)
		return 0;
	if (fb_record_from_json(obj, &rec, &err) == 0) {
		check_whole(obj, "id", rec.id);
		check_whole(obj, "survey_id", rec.survey_id);
		check_whole(obj, "location", rec.location);
		check_whole(obj, "language", rec.language);
		if (!fb_uuid7_valid(rec.id) || !fb_id_valid(rec.location, FB_LOCATION_MAX) ||
		    rec.fft < 0 || rec.fft > 6 || rec.survey_version < 1 ||
		    !json_is_object(rec.answers) || rec.duration_ms < 0 ||
		    (rec.sealed_b64 && !rec.sealed_b64[0]))
			abort();
		if (rec.sealed_b64)
			check_whole(obj, "sealed", rec.sealed_b64);
		check_digest(obj, &rec);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	json_decref(obj);
	return 0;
}
