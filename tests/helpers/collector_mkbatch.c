/* collector_mkbatch: writes a push body (fb-sync/1) or an offline bundle
 * (fb-bundle/1) of made-up records to stdout, built with lib/record.c and
 * sealed with lib/seal.c exactly as a device would, for the collector's tests
 * and benchmarks.
 *
 *   collector_mkbatch --device ID --location CODE --count N [--public FILE]
 *       [--fft 1,2,6] [--text WORDS] [--question KEY] [--synthetic] [--bundle]
 *       [--device-time MS] [--submitted MS] [--age MS] [--contact DETAILS]
 *       [--survey ID] [--survey-version N] [--answers JSON]
 * --question names the answer the text is sealed under (default "good").
 * --contact adds a contact_details answer to the sealed text (with --text).
 * --survey, --survey-version and --answers (the clear answers, a JSON object)
 * default to "fft-mh", 1 and {"staff_kind":4}.
 *   collector_mkbatch --signup NAME --contact DETAILS --date YYYY-MM-DD
 *       --public FILE [--count N] [--location CODE] [--bundle]
 * makes N volunteer sign-ups (lib/signup.h) instead, sealed as the kiosk
 * seals them (kiosk/store.c: roles, name, contact, language, consent).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "record.h"
#include "seal.h"
#include "signup.h"
#include "uuid7.h"

static const char *arg(int argc, char **argv, const char *name, const char *dflt)
{
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return dflt;
}

static int flag(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	fb_err err;
	unsigned char pk[FB_KEY_BYTES];
	int ffts[64], n_fft = 0, rc = 1;
	const char *pub = arg(argc, argv, "--public", NULL);
	const char *text = arg(argc, argv, "--text", NULL);
	const char *question = arg(argc, argv, "--question", "good");
	const char *device = arg(argc, argv, "--device", "kiosk-1");
	const char *location = arg(argc, argv, "--location", "WARD1");
	long count = atol(arg(argc, argv, "--count", "1"));
	int64_t now = fb_wall_ms();
	int64_t dtime = atoll(arg(argc, argv, "--device-time", "0"));
	int64_t submitted = atoll(arg(argc, argv, "--submitted", "0"));
	const char *age = arg(argc, argv, "--age", NULL);
	const char *survey = arg(argc, argv, "--survey", "fft-mh");
	int survey_version = atoi(arg(argc, argv, "--survey-version", "1"));
	const char *answers = arg(argc, argv, "--answers", "{\"staff_kind\":4}");
	char fftlist[256];
	json_t *records = json_array(), *top = NULL;

	snprintf(fftlist, sizeof fftlist, "%s", arg(argc, argv, "--fft", "1"));
	for (char *t = strtok(fftlist, ","); t && n_fft < 64; t = strtok(NULL, ","))
		ffts[n_fft++] = atoi(t);
	if (pub && fb_key_read_public(pub, pk, &err)) {
		fprintf(stderr, "collector_mkbatch: %s\n", err.msg);
		goto out;
	}
	for (long i = 0; i < count && arg(argc, argv, "--signup", NULL); i++) {
		char id[FB_ID_LEN], *sealed = NULL, *body = NULL, *plain;
		const char *date = arg(argc, argv, "--date", NULL);
		json_t *p = json_pack("{s:[s], s:s, s:s, s:s, s:s}", "roles", "Expert by Experience partner",
				      "name", arg(argc, argv, "--signup", ""),
				      "contact", arg(argc, argv, "--contact", ""), "language", "en",
				      "consent", "I agree that the Trust may contact me about these roles.");
		char today[FB_SIGNUP_DATE_LEN];
		fb_signup_date(now, today);
		plain = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(p);
		if (!pub || !plain || fb_signup_id_make(id, &err) ||
		    fb_seal(pk, plain, strlen(plain), &sealed, &err)) {
			if (!pub)
				fb_err_set(&err, FB_ERR_INVALID, "--signup needs --public FILE");
			free(plain);
			goto out;
		}
		free(plain);
		body = fb_signup_body(id, location, date ? date : today, sealed, &err);
		free(sealed);
		if (!body)
			goto out;
		json_array_append_new(records, json_loads(body, 0, NULL));
		free(body);
	}
	for (long i = 0; i < count && !arg(argc, argv, "--signup", NULL); i++) {
		char *sealed = NULL, *body = NULL;
		char priv[1024];
		fb_response r;
		memset(&r, 0, sizeof r);
		if (fb_uuid7_make(now, r.id, &err))
			goto out;
		snprintf(r.survey_id, sizeof r.survey_id, "%s", survey);
		r.survey_version = survey_version;
		snprintf(r.location, sizeof r.location, "%s", location);
		snprintf(r.language, sizeof r.language, "en");
		r.mode = FB_MODE_KIOSK;
		r.submitted_at_ms = submitted ? submitted : now;
		r.started_at_ms = r.submitted_at_ms - 30000;
		r.duration_ms = 30000;
		r.fft = ffts[i % n_fft];
		r.flags = flag(argc, argv, "--synthetic") ? FB_FLAG_SYNTHETIC : 0;
		r.answers_json = answers;
		if (pub && text) {
			json_t *p = json_pack("{s:s}", question, text);
			const char *contact = arg(argc, argv, "--contact", NULL);
			if (contact)
				json_object_set_new(p, "contact_details", json_string(contact));
			char *pj = json_dumps(p, JSON_COMPACT);
			snprintf(priv, sizeof priv, "%s", pj);
			free(pj);
			json_decref(p);
			if (fb_seal(pk, priv, strlen(priv), &sealed, &err))
				goto out;
		}
		body = fb_record_body(&r, sealed, &err);
		free(sealed);
		if (!body)
			goto out;
		json_t *rec = json_loads(body, 0, NULL);
		free(body);
		if (age)
			json_object_set_new(rec, "age_ms", json_integer(atoll(age)));
		json_array_append_new(records, rec);
	}
	if (flag(argc, argv, "--bundle"))
		top = json_pack("{s:s, s:s, s:I, s:O}", "protocol", "fb-bundle/1", "device_id", device,
				"exported_at_ms", (json_int_t)now, "records", records);
	else
		top = json_pack("{s:s, s:s, s:I, s:O}", "protocol", "fb-sync/1", "device_id", device,
				"device_time_ms", (json_int_t)(dtime ? dtime : now), "records", records);
	if (json_dumpf(top, stdout, JSON_COMPACT) == 0)
		rc = 0;
out:
	if (rc)
		fprintf(stderr, "collector_mkbatch: %s\n", err.msg);
	json_decref(top);
	json_decref(records);
	return rc;
}
