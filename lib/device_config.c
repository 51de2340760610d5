/* device_config: see device_config.h. Start reading at fb_devconf_accept,
 * the one gate both the sync daemon and feedback-queue import-config pass
 * a document through. The config bundle's keys are spelled here only. */
#include "device_config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey.h"

int fb_devconf_check(const fb_proto_config *c, const fb_config *cfg, fb_err *err)
{
	fb_survey *s = NULL;
	const char *sname;
	int rc = 0;

	if (strcmp(c->location, cfg->location_code) != 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the config is for location '%s' but this "
				"device stands in '%s'; ask the Trust to check the device's "
				"location", c->location, cfg->location_code);
		goto out;
	}
	/* The same checks as --check-config (lib/config's fb_config_check_
	 * files), on the survey and languages that would be in force. */
	if (c->survey_json) {
		sname = "the config's survey";
		rc = fb_survey_parse(c->survey_json, "survey", &s, err);
	} else {
		sname = cfg->survey_file;
		rc = fb_survey_load(cfg->survey_file, &s, err);
	}
	if (rc)
		goto out;
	if (c->has_languages) {
		for (size_t i = 0; i < c->n_languages; i++) {
			if (fb_survey_language_index(s, c->languages[i]) < 0) {
				rc = fb_err_set(err, FB_ERR_INVALID, "languages offers '%s' but "
						"%s has no '%s' text; the Trust must add it to "
						"the survey or take it out of the languages",
						c->languages[i], sname, c->languages[i]);
				goto out;
			}
		}
	} else {
		for (size_t i = 0; i < cfg->n_languages; i++) {
			if (fb_survey_language_index(s, cfg->languages[i]) < 0) {
				rc = fb_err_set(err, FB_ERR_INVALID, "survey: this device offers "
						"'%s' ([kiosk] languages) but %s has no '%s' "
						"text; the Trust must add it to the survey",
						cfg->languages[i], sname, cfg->languages[i]);
				goto out;
			}
		}
	}
out:
	fb_survey_free(s);
	return rc;
}

int fb_devconf_accept(const char *body, size_t len, const fb_config *cfg, fb_proto_config *out,
		      char etag[FB_PROTO_ETAG_LEN + 1], fb_err *err)
{
	int rc = fb_proto_config_read(body, len, out, etag, err);
	if (rc)
		return rc;
	rc = fb_devconf_check(out, cfg, err);
	if (rc)
		fb_proto_config_clear(out);
	return rc;
}

char *fb_devconf_bundle_write(const char *device_id, int64_t now_ms, char *const *docs, size_t n,
			      fb_err *err)
{
	json_t *o = NULL, *list = NULL;
	char *text = NULL;

	if (n > FB_CONFIG_BUNDLE_CONFIGS_MAX) {
		fb_err_set(err, FB_ERR_INVALID, "device '%s' has %zu locations' configs; a config "
			   "bundle holds at most %d", device_id, n, FB_CONFIG_BUNDLE_CONFIGS_MAX);
		goto out;
	}
	list = json_array();
	o = list ? json_pack("{s:s, s:s, s:I}", "protocol", FB_CONFIG_BUNDLE_PROTOCOL,
			     "device_id", device_id, "written_at_ms", (json_int_t)now_ms) : NULL;
	if (!o) {
		fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the config bundle");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		json_error_t je;
		json_t *d = json_loads(docs[i], JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(d)) {
			json_decref(d);
			fb_err_set(err, FB_ERR_INVALID, "config %zu of device '%s' is not a JSON "
				   "object (%s)", i + 1, device_id, d ? "not an object" : je.text);
			goto out;
		}
		if (json_array_append_new(list, d) != 0) {   /* d is freed */
			fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the config bundle");
			goto out;
		}
	}
	if (json_object_set(o, "configs", list) != 0) {
		fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the config bundle");
		goto out;
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text) {
		fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the config bundle");
		goto out;
	}
	if (strlen(text) > FB_CONFIG_BUNDLE_MAX) {
		fb_err_set(err, FB_ERR_INVALID, "the config bundle of device '%s' would be %zu bytes, "
			   "more than a device reads (%d); write one location's with 'device config "
			   "ID --location CODE'", device_id, strlen(text), FB_CONFIG_BUNDLE_MAX);
		free(text);
		text = NULL;
	}
out:
	json_decref(list);
	json_decref(o);
	return text;
}

int fb_devconf_bundle_pick(const char *text, size_t len, const char *file, const char *device_id,
			   const char *location, char **doc, size_t *doc_len, fb_err *err)
{
	json_error_t je;
	json_t *o = NULL, *configs;
	const char *proto, *dev;
	char seen[160] = "";
	size_t used = 0;
	int rc = 0;

	*doc = NULL;
	*doc_len = 0;
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		rc = fb_err_set(err, FB_ERR_INVALID, "config bundle '%s' is not whole JSON (line %d: "
				"%s); it may have been cut short on the way: copy it from the "
				"collector again", file, je.line, je.text);
		goto out;
	}
	proto = json_string_value(json_object_get(o, "protocol"));
	if (!json_is_object(o) || !proto || strcmp(proto, FB_CONFIG_BUNDLE_PROTOCOL) != 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "'%s' is not a config bundle (its protocol is "
				"not " FB_CONFIG_BUNDLE_PROTOCOL "); it is the FILE.config.json "
				"file 'feedback-collector import' writes", file);
		goto out;
	}
	dev = json_string_value(json_object_get(o, "device_id"));
	if (!dev || strcmp(dev, device_id) != 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "config bundle '%s' is for device '%.64s', this "
				"is '%s'; bring this device's own (feedback-collector device config "
				"%s --out FILE)", file, dev ? dev : "(none)", device_id, device_id);
		goto out;
	}
	configs = json_object_get(o, "configs");
	if (!json_is_array(configs)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "config bundle '%s' has no configs list", file);
		goto out;
	}
	for (size_t i = 0; i < json_array_size(configs); i++) {
		json_t *d = json_array_get(configs, i);
		const char *loc = json_string_value(json_object_get(json_object_get(d, "config"),
								    "location"));
		if (loc && strcmp(loc, location) == 0) {
			*doc = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
			if (!*doc)
				rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", file);
			else
				*doc_len = strlen(*doc);
			goto out;
		}
		if (loc && used < sizeof seen) {
			int w = snprintf(seen + used, sizeof seen - used, "%s'%.40s'", used ? ", " : "",
					 loc);
			used += w > 0 ? (size_t)w : 0;
		}
	}
	rc = fb_err_set(err, FB_ERR_INVALID, "config bundle '%s' holds no config for '%s', where "
			"this device stands (it has %s); enrol the device there at the collector "
			"('feedback-collector device locations') and write it again", file, location,
			seen[0] ? seen : "none");
out:
	json_decref(o);
	return rc;
}
