/* proto_config: see proto_config.h. The keys of GET /v1/config's body are
 * spelled here only. */
#include "proto_config.h"

#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "seal.h"
#include "utf8.h"

_Static_assert(FB_PROTO_CONFIG_KEY_BYTES == FB_KEY_BYTES, "a config's key is a sealing key");

/* A JSON string as C text: present, no NUL inside, valid UTF-8, at most
 * max bytes, not empty. Returns NULL and sets err otherwise. */
static const char *text_of(json_t *v, const char *what, size_t max, fb_err *err)
{
	if (!json_is_string(v)) {
		fb_err_set(err, FB_ERR_INVALID, "%s must be a string", what);
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n != strlen(s) || !fb_utf8_valid(s, n)) {
		fb_err_set(err, FB_ERR_INVALID, "%s is not valid UTF-8 text", what);
		return NULL;
	}
	if (n == 0 || n > max) {
		fb_err_set(err, FB_ERR_INVALID, "%s must be 1 to %zu bytes (it is %zu)", what, max, n);
		return NULL;
	}
	return s;
}

/* A code (language, location, item id): 1..max bytes of letters, digits,
 * '-', '_' and '.', so it is safe in a file name, a log line and a URL. */
static bool code_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

static int code_into(json_t *v, const char *what, size_t max, char *out, fb_err *err)
{
	const char *s = text_of(v, what, max, err);
	if (!s)
		return FB_ERR_INVALID;
	if (!code_ok(s, max))
		return fb_err_set(err, FB_ERR_INVALID,
				  "%s '%.40s' may hold only letters, digits, '-', '_' and '.'", what, s);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

static int text_into(json_t *v, const char *what, size_t max, char *out, fb_err *err)
{
	const char *s = text_of(v, what, max, err);
	if (!s)
		return FB_ERR_INVALID;
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

void fb_proto_config_init(fb_proto_config *c, const char *location)
{
	memset(c, 0, sizeof *c);
	snprintf(c->location, sizeof c->location, "%s", location ? location : "");
}

void fb_proto_config_clear(fb_proto_config *c)
{
	free(c->survey_json);
	memset(c, 0, sizeof *c);
}

/* ---- reading ------------------------------------------------------------ */

static int read_languages(json_t *v, fb_proto_config *c, fb_err *err)
{
	size_t i;
	json_t *e;
	char what[48];
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > FB_PROTO_CONFIG_LANGS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "\"languages\" must be a list of 1 to %d language codes",
				  FB_PROTO_CONFIG_LANGS_MAX);
	json_array_foreach(v, i, e) {
		snprintf(what, sizeof what, "\"languages\" entry %zu", i + 1);
		int rc = code_into(e, what, FB_PROTO_CONFIG_LANG_MAX, c->languages[i], err);
		if (rc)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->languages[j], c->languages[i]) == 0)
				return fb_err_set(err, FB_ERR_INVALID, "\"languages\" lists '%s' twice",
						  c->languages[i]);
	}
	c->n_languages = json_array_size(v);
	c->has_languages = true;
	return 0;
}

bool fb_proto_config_extra_mode_ok(const char *name)
{
	return name && (strcmp(name, FB_MODE_EASY_READ) == 0 || strcmp(name, FB_MODE_CHILDREN) == 0);
}

/* "modes": [kiosk] modes' rule, "standard" first, then any of "easy_read"
 * and "children", each once. */
static int read_modes(json_t *v, fb_proto_config *c, fb_err *err)
{
	size_t i;
	json_t *e;
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > FB_PROTO_CONFIG_MODES_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "\"modes\" must be a list of 1 to %d modes,"
				  " \"" FB_MODE_STANDARD "\" first, then any of \"" FB_MODE_EASY_READ
				  "\" and \"" FB_MODE_CHILDREN "\"", FB_PROTO_CONFIG_MODES_MAX);
	json_array_foreach(v, i, e) {
		const char *m = json_is_string(e) ? json_string_value(e) : NULL;
		bool ok = m && strlen(m) == json_string_length(e) && strlen(m) < FB_MODE_NAME_MAX;
		if (i == 0 && (!ok || strcmp(m, FB_MODE_STANDARD) != 0))
			return fb_err_set(err, FB_ERR_INVALID, "\"modes\" must start with \""
					  FB_MODE_STANDARD "\" (the base survey)");
		if (i > 0 && (!ok || !fb_proto_config_extra_mode_ok(m)))
			return fb_err_set(err, FB_ERR_INVALID, "\"modes\" entry %zu must be \""
					  FB_MODE_EASY_READ "\" or \"" FB_MODE_CHILDREN "\"", i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->modes[j], m) == 0)
				return fb_err_set(err, FB_ERR_INVALID, "\"modes\" lists '%s' twice", m);
		snprintf(c->modes[i], sizeof c->modes[i], "%s", m);
	}
	c->n_modes = json_array_size(v);
	c->has_modes = true;
	return 0;
}

static int read_crisis(json_t *v, fb_proto_config *c, fb_err *err)
{
	const char *lang;
	json_t *t;
	char what[64];
	if (!json_is_object(v) || json_object_size(v) > FB_PROTO_CONFIG_LANGS_MAX)
		return fb_err_set(err, FB_ERR_INVALID,
				  "\"crisis_text\" must be an object of at most %d languages, each with its text",
				  FB_PROTO_CONFIG_LANGS_MAX);
	json_object_foreach(v, lang, t) {
		fb_proto_config_crisis *cr = &c->crisis[c->n_crisis];
		if (!code_ok(lang, FB_PROTO_CONFIG_LANG_MAX))
			return fb_err_set(err, FB_ERR_INVALID,
					  "\"crisis_text\" has '%.20s', which is not a language code", lang);
		snprintf(cr->lang, sizeof cr->lang, "%s", lang);
		snprintf(what, sizeof what, "\"crisis_text\" for '%s'", lang);
		int rc = text_into(t, what, FB_PROTO_CONFIG_CRISIS_MAX, cr->text, err);
		if (rc)
			return rc;
		c->n_crisis++;
	}
	c->has_crisis = true;
	return 0;
}

static int read_time(json_t *o, const char *key, const char *what, int64_t *out, fb_err *err)
{
	json_t *v = json_object_get(o, key);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return fb_err_set(err, FB_ERR_INVALID, "%s \"%s\" must be a time in ms since 1970, or absent",
				  what, key);
	*out = json_integer_value(v);
	return 0;
}

static int read_items(json_t *v, fb_proto_config *c, fb_err *err)
{
	size_t i;
	json_t *e;
	char what[64];
	if (!json_is_array(v) || json_array_size(v) > FB_PROTO_CONFIG_ITEMS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "\"you_said_we_did\" must be a list of at most %d items",
				  FB_PROTO_CONFIG_ITEMS_MAX);
	json_array_foreach(v, i, e) {
		fb_proto_config_item *it = &c->items[i];
		int rc;
		snprintf(what, sizeof what, "\"you_said_we_did\" item %zu", i + 1);
		if (!json_is_object(e))
			return fb_err_set(err, FB_ERR_INVALID, "%s must be an object", what);
		char k[96];
		snprintf(k, sizeof k, "%s \"id\"", what);
		rc = code_into(json_object_get(e, "id"), k, FB_PROTO_CONFIG_ID_MAX, it->id, err);
		snprintf(k, sizeof k, "%s \"lang\"", what);
		rc = rc ? rc : code_into(json_object_get(e, "lang"), k, FB_PROTO_CONFIG_LANG_MAX, it->lang, err);
		snprintf(k, sizeof k, "%s \"you_said\"", what);
		rc = rc ? rc : text_into(json_object_get(e, "you_said"), k, FB_PROTO_CONFIG_TEXT_MAX, it->you_said, err);
		snprintf(k, sizeof k, "%s \"we_did\"", what);
		rc = rc ? rc : text_into(json_object_get(e, "we_did"), k, FB_PROTO_CONFIG_TEXT_MAX, it->we_did, err);
		rc = rc ? rc : read_time(e, "from_ms", what, &it->from_ms, err);
		rc = rc ? rc : read_time(e, "to_ms", what, &it->to_ms, err);
		if (rc)
			return rc;
		if (it->from_ms && it->to_ms && it->to_ms <= it->from_ms)
			return fb_err_set(err, FB_ERR_INVALID, "%s ends (\"to_ms\") before it starts (\"from_ms\")",
					  what);
	}
	c->n_items = json_array_size(v);
	c->has_items = true;
	return 0;
}

static int read_config(json_t *cfg, fb_proto_config *c, fb_err *err)
{
	json_t *v;
	int rc;
	if (!json_is_object(cfg))
		return fb_err_set(err, FB_ERR_INVALID, "\"config\" must be an object");
	rc = code_into(json_object_get(cfg, "location"), "\"location\"", FB_PROTO_CONFIG_ID_MAX,
		       c->location, err);
	if (rc)
		return rc;
	if ((v = json_object_get(cfg, "languages")) && (rc = read_languages(v, c, err)))
		return rc;
	if ((v = json_object_get(cfg, "idle_timeout_s"))) {
		if (!json_is_integer(v) || json_integer_value(v) < FB_PROTO_CONFIG_IDLE_MIN ||
		    json_integer_value(v) > FB_PROTO_CONFIG_IDLE_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "\"idle_timeout_s\" must be %d to %d seconds",
					  FB_PROTO_CONFIG_IDLE_MIN, FB_PROTO_CONFIG_IDLE_MAX);
		c->idle_timeout_s = (int)json_integer_value(v);
		c->has_idle_timeout = true;
	}
	if ((v = json_object_get(cfg, "opening_hours"))) {
		fb_hours h;
		fb_err herr;

		if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
			return fb_err_set(err, FB_ERR_INVALID, "\"opening_hours\" must be a string "
					  "such as \"Mon-Fri 08:00-18:00; Sat 09:00-12:00\"");
		if (fb_hours_parse(json_string_value(v), &h, &herr) != 0)
			return fb_err_set(err, FB_ERR_INVALID, "\"opening_hours\": %s", herr.msg);
		snprintf(c->opening_hours, sizeof c->opening_hours, "%s", json_string_value(v));
		c->has_opening_hours = true;
	}
	if ((v = json_object_get(cfg, "modes")) && (rc = read_modes(v, c, err)))
		return rc;
	if ((v = json_object_get(cfg, "trust_public_key"))) {
		size_t len = 0;
		if (!json_is_string(v) ||
		    sodium_base642bin(c->trust_key, sizeof c->trust_key, json_string_value(v),
				      json_string_length(v), NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    len != sizeof c->trust_key || sodium_is_zero(c->trust_key, len))
			return fb_err_set(err, FB_ERR_INVALID, "\"trust_public_key\" must be the base64"
					  " of a 32-byte public key (44 characters ending in '='), not"
					  " all zeros");
		c->has_trust_key = true;
	}
	if ((v = json_object_get(cfg, "crisis_text")) && (rc = read_crisis(v, c, err)))
		return rc;
	if ((v = json_object_get(cfg, "you_said_we_did")) && (rc = read_items(v, c, err)))
		return rc;
	if ((v = json_object_get(cfg, "survey"))) {
		if (!json_is_object(v))
			return fb_err_set(err, FB_ERR_INVALID, "\"survey\" must be a survey's JSON object");
		c->survey_json = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		if (!c->survey_json)
			return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the survey");
		if (strlen(c->survey_json) > FB_PROTO_CONFIG_SURVEY_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "\"survey\" is over %d bytes",
					  FB_PROTO_CONFIG_SURVEY_MAX);
	}
	return 0;
}

/* The ETag of a config object: hex BLAKE2b-128 of its canonical text. */
static int etag_of(json_t *cfg, char etag[FB_PROTO_ETAG_LEN + 1], fb_err *err)
{
	unsigned char h[FB_PROTO_ETAG_LEN / 2];
	char *text = json_dumps(cfg, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text || sodium_init() < 0) {
		free(text);
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory making the config's ETag");
	}
	crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
	free(text);
	sodium_bin2hex(etag, FB_PROTO_ETAG_LEN + 1, h, sizeof h);
	return 0;
}

int fb_proto_config_read(const char *body, size_t len, fb_proto_config *out,
			 char etag[FB_PROTO_ETAG_LEN + 1], fb_err *err)
{
	json_error_t je;
	json_t *doc = NULL, *v;
	char want[FB_PROTO_ETAG_LEN + 1];
	int rc = 0;

	fb_proto_config_init(out, NULL);
	etag[0] = '\0';
	if (len > FB_PROTO_CONFIG_BODY_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the config is over %d bytes", FB_PROTO_CONFIG_BODY_MAX);
		goto out;
	}
	doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(doc)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the config is not a JSON object (line %d: %s)",
				je.line, doc ? "not an object" : je.text);
		goto out;
	}
	v = json_object_get(doc, "protocol");
	if (!json_is_string(v) || strcmp(json_string_value(v), FB_PROTOCOL) != 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the config's \"protocol\" is not \"" FB_PROTOCOL "\"");
		goto out;
	}
	rc = read_config(json_object_get(doc, "config"), out, err);
	if (rc)
		goto out;
	rc = etag_of(json_object_get(doc, "config"), want, err);
	if (rc)
		goto out;
	v = json_object_get(doc, "etag");
	if (!json_is_string(v) || strcmp(json_string_value(v), want) != 0) {
		/* a saved file cut short or edited by hand, or a collector at fault */
		rc = fb_err_set(err, FB_ERR_INVALID, "the config's \"etag\" does not match its contents");
		goto out;
	}
	memcpy(etag, want, sizeof want);
out:
	json_decref(doc);
	if (rc)
		fb_proto_config_clear(out);
	return rc;
}

/* ---- writing ------------------------------------------------------------ */

static json_t *config_json(const fb_proto_config *c)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = json_object_set_new(o, "location", json_string(c->location));
	if (c->has_languages) {
		json_t *a = json_array();
		for (size_t i = 0; a && i < c->n_languages; i++)
			bad |= json_array_append_new(a, json_string(c->languages[i]));
		bad |= json_object_set_new(o, "languages", a);
	}
	if (c->has_idle_timeout)
		bad |= json_object_set_new(o, "idle_timeout_s", json_integer(c->idle_timeout_s));
	if (c->has_opening_hours)
		bad |= json_object_set_new(o, "opening_hours", json_string(c->opening_hours));
	if (c->has_modes) {
		json_t *a = json_array();
		for (size_t i = 0; a && i < c->n_modes && i < FB_PROTO_CONFIG_MODES_MAX; i++)
			bad |= json_array_append_new(a, json_string(c->modes[i]));
		bad |= json_object_set_new(o, "modes", a);
	}
	if (c->has_trust_key) {
		char b64[sodium_base64_ENCODED_LEN(FB_PROTO_CONFIG_KEY_BYTES,
						    sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof b64, c->trust_key, sizeof c->trust_key,
				  sodium_base64_VARIANT_ORIGINAL);
		bad |= json_object_set_new(o, "trust_public_key", json_string(b64));
	}
	if (c->has_crisis) {
		json_t *m = json_object();
		for (size_t i = 0; m && i < c->n_crisis; i++)
			bad |= json_object_set_new(m, c->crisis[i].lang, json_string(c->crisis[i].text));
		bad |= json_object_set_new(o, "crisis_text", m);
	}
	if (c->has_items) {
		json_t *a = json_array();
		for (size_t i = 0; a && i < c->n_items; i++) {
			const fb_proto_config_item *it = &c->items[i];
			json_t *e = json_pack("{s:s, s:s, s:s, s:s}", "id", it->id, "lang", it->lang,
					      "you_said", it->you_said, "we_did", it->we_did);
			if (e && it->from_ms)
				bad |= json_object_set_new(e, "from_ms", json_integer(it->from_ms));
			if (e && it->to_ms)
				bad |= json_object_set_new(e, "to_ms", json_integer(it->to_ms));
			bad |= json_array_append_new(a, e);
		}
		bad |= json_object_set_new(o, "you_said_we_did", a);
	}
	if (c->survey_json) {
		json_t *s = json_loads(c->survey_json, JSON_REJECT_DUPLICATES, NULL);
		bad |= json_object_set_new(o, "survey", s);
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

char *fb_proto_config_write(const fb_proto_config *c, char etag[FB_PROTO_ETAG_LEN + 1],
			    fb_err *err)
{
	json_t *cfg = config_json(c), *doc = NULL;
	char *body = NULL;
	fb_proto_config back;
	char again[FB_PROTO_ETAG_LEN + 1];

	etag[0] = '\0';
	if (!cfg) {
		fb_err_set(err, FB_ERR_INVALID, "the config for '%s' could not be written: a text is"
			   " not valid UTF-8, the survey is not JSON, or memory ran out", c->location);
		return NULL;
	}
	if (etag_of(cfg, etag, err))
		goto out;
	doc = json_pack("{s:s, s:s, s:O}", "protocol", FB_PROTOCOL, "etag", etag, "config", cfg);
	body = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (!body) {
		fb_err_set(err, FB_ERR_NOMEM, "out of memory writing the config");
		goto out;
	}
	/* Never send what a device would refuse: read it back with its checks. */
	if (fb_proto_config_read(body, strlen(body), &back, again, err)) {
		free(body);
		body = NULL;
		etag[0] = '\0';
		goto out;
	}
	fb_proto_config_clear(&back);
out:
	json_decref(cfg);
	json_decref(doc);
	return body;
}

/* ---- using it ------------------------------------------------------------ */

size_t fb_proto_config_items_for(const fb_proto_config *c, const char *lang, int64_t now_ms,
				 size_t idx[FB_PROTO_CONFIG_ITEMS_MAX])
{
	size_t n = 0;
	for (size_t i = 0; lang && i < c->n_items && n < FB_PROTO_CONFIG_ITEMS_MAX; i++) {
		const fb_proto_config_item *it = &c->items[i];
		if (strcmp(it->lang, lang) != 0)
			continue;
		if ((it->from_ms && now_ms < it->from_ms) || (it->to_ms && now_ms >= it->to_ms))
			continue;
		idx[n++] = i;
	}
	return n;
}

const char *fb_proto_config_crisis_for(const fb_proto_config *c, const char *lang)
{
	for (size_t i = 0; lang && i < c->n_crisis; i++)
		if (strcmp(c->crisis[i].lang, lang) == 0)
			return c->crisis[i].text;
	return NULL;
}
