/* config: the device's INI file, read with inih (see config.h and
 * config/kiosk.conf.example).
 *
 * inih's handler is not told the line it is on, so we feed inih through
 * lib/ini_text.h's line reader (ini_parse_stream), which counts lines: the
 * handler then knows the exact line of every key; it also refuses a line
 * longer than inih reads whole. The first problem stops the handler
 * (it returns 0) and is reported as "FILE:LINE: ...". inih's own syntax
 * errors come back as the line ini_parse_stream returns. An indented line
 * continues the value of the key above it (inih's multi-line values), joined
 * with one space; any other repeated key is an error.
 *
 * Addresses (collector_url, proxy) are taken apart with GLib's g_uri_parse
 * (RFC 3986), not libcurl's curl_url: the kiosk reads this file too, and
 * maps GLib already (HarfBuzz, under SDL_ttf, links it), while libcurl and
 * its tree (OpenSSL, GnuTLS, Kerberos, LDAP, nghttp2, ...) cost it some
 * 3 MB of PSS for two checks. libcurl, in the sync daemon, still has the
 * last word on an address it is handed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <ini.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "ini_text.h"
#include "record.h"
#include "survey.h"

#define CONFIG_MAX_BYTES (64 * 1024)       /* cap on the file itself */
#define CONFIG_VALUE_MAX 1024              /* a value, continuations joined */

enum key_type {
	K_ID,       /* letters, digits, '.', '_', '-' */
	K_STR,      /* any printable text */
	K_PATH,     /* a path; relative = relative to the config file */
	K_INT,
	K_BOOL,     /* yes / no */
	K_URL,      /* https:// only */
	K_SPECIAL,  /* handled by name */
};

typedef struct key_def {
	const char *section;
	const char *name;
	enum key_type type;
	size_t off;         /* offsetof in fb_config */
	size_t size;        /* char buffer size */
	int min, max;       /* K_INT range */
	bool required;
} key_def;

#define STRKEY(sec, nm, ty, field, req) \
	{ sec, nm, ty, offsetof(fb_config, field), \
	  sizeof(((fb_config *)0)->field), 0, 0, req }
#define INTKEY(sec, nm, field, lo, hi) \
	{ sec, nm, K_INT, offsetof(fb_config, field), 0, lo, hi, false }
#define BOOLKEY(sec, nm, field) \
	{ sec, nm, K_BOOL, offsetof(fb_config, field), 0, 0, 0, false }
#define SPECKEY(sec, nm, req) { sec, nm, K_SPECIAL, 0, 0, 0, 0, req }

static const key_def KEYS[] = {
	STRKEY("device", "id", K_ID, device_id, true),
	STRKEY("device", "location_code", K_ID, location_code, true),
	STRKEY("device", "location_name", K_STR, location_name, false),
	SPECKEY("device", "locations", false),
	STRKEY("device", "data_dir", K_PATH, data_dir, true),
	SPECKEY("device", "trust_public_key", true),
	STRKEY("kiosk", "survey_file", K_PATH, survey_file, true),
	SPECKEY("kiosk", "languages", false),
	SPECKEY("kiosk", "modes", false),
	STRKEY("kiosk", "survey_file_easy_read", K_PATH, survey_file_easy_read, false),
	STRKEY("kiosk", "survey_file_children", K_PATH, survey_file_children, false),
	INTKEY("kiosk", "idle_timeout", idle_timeout_s, 10, 3600),
	SPECKEY("kiosk", "opening_hours", false),
	SPECKEY("kiosk", "partial", false),
	SPECKEY("kiosk", "staff_pin_hash", false),
	BOOLKEY("kiosk", "allow_maintenance_exit", allow_maintenance_exit),
	STRKEY("kiosk", "you_said_we_did", K_PATH, you_said_file, false),
	STRKEY("kiosk", "crisis_text", K_STR, crisis_text, false),
	SPECKEY("kiosk", "headphone_input", false),
	STRKEY("sync", "collector_url", K_URL, collector_url, false),
	STRKEY("sync", "ca_file", K_PATH, ca_file, false),
	STRKEY("sync", "token_file", K_PATH, token_file, false),
	SPECKEY("sync", "pinned_pubkey", false),
	SPECKEY("sync", "proxy", false),
	INTKEY("sync", "batch_max_records", batch_max_records, 1, 5000),
	INTKEY("sync", "batch_max_bytes", batch_max_bytes,
	       FB_RECORD_MAX_BYTES, 64 * 1024 * 1024),
	INTKEY("sync", "backoff_cap", backoff_cap_s, 10, 86400),
	INTKEY("sync", "retention_days", retention_days, 0, 3650),
	INTKEY("sync", "heartbeat_interval", heartbeat_interval_s, 30, 86400),
	INTKEY("sync", "request_timeout", request_timeout_s, 1, 3600),
};
#define N_KEYS (sizeof KEYS / sizeof KEYS[0])

typedef struct parse_ctx {
	fb_config *cfg;
	const char *path;       /* as given, for messages */
	char dir[FB_PATH_MAX];  /* absolute directory of the file */
	fb_ini_text rd;         /* line reader over the file's text */
	/* state */
	bool seen[N_KEYS];
	int seen_line[N_KEYS];
	int last_key;           /* index of the previous key, -1 none */
	char value[CONFIG_VALUE_MAX]; /* last key's value, continuations joined */
	int err_line;           /* 0: no handler error */
	fb_code err_code;
	char err_msg[400];
	int crisis_lang;        /* crisis_texts index of the last key, -1 */
} parse_ctx;

/* last_key for a crisis_text.LANG line (not in KEYS: any language). */
#define LAST_KEY_CRISIS ((int)N_KEYS)

void fb_config_defaults(fb_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->idle_timeout_s = 60;
	cfg->keep_partial = true;
	cfg->allow_maintenance_exit = false;
	snprintf(cfg->headphone_input, sizeof cfg->headphone_input, "auto");
	cfg->batch_max_records = 500;
	cfg->batch_max_bytes = 1024 * 1024;
	cfg->backoff_cap_s = 900;
	cfg->retention_days = 30;
	cfg->heartbeat_interval_s = 300;
	cfg->request_timeout_s = 30;
}

static int ctx_fail(parse_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int ctx_fail(parse_ctx *c, const char *fmt, ...)
{
	if (c->err_line == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err_msg, sizeof c->err_msg, fmt, ap);
		va_end(ap);
		c->err_line = c->rd.lineno;
		c->err_code = FB_ERR_INVALID;
	}
	return 0;
}

static bool str_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static int set_string(parse_ctx *c, const key_def *k, const char *v,
		      char *dst, size_t size)
{
	if (strlen(v) >= size)
		return ctx_fail(c, "[%s] %s is too long (at most %zu bytes)",
				k->section, k->name, size - 1);
	if (str_has_control(v))
		return ctx_fail(c, "[%s] %s contains a control character",
				k->section, k->name);
	memcpy(dst, v, strlen(v) + 1);
	return 1;
}

static int set_path(parse_ctx *c, const key_def *k, const char *v,
		    char *dst, size_t size)
{
	int n;

	if (v[0] == '\0') {
		dst[0] = '\0';
		return 1;
	}
	if (str_has_control(v))
		return ctx_fail(c, "[%s] %s contains a control character",
				k->section, k->name);
	if (v[0] == '/')
		n = snprintf(dst, size, "%s", v);
	else
		n = snprintf(dst, size, "%s/%s", c->dir, v);
	if (n < 0 || (size_t)n >= size)
		return ctx_fail(c, "[%s] %s: path too long (at most %zu bytes "
				"once made absolute)", k->section, k->name,
				size - 1);
	return 1;
}

static int set_int(parse_ctx *c, const key_def *k, const char *v, int *dst)
{
	char *endp = NULL;
	long n;

	errno = 0;
	n = strtol(v, &endp, 10);
	if (v[0] == '\0' || *endp != '\0' || errno == ERANGE)
		return ctx_fail(c, "[%s] %s = '%s': expected a whole number "
				"from %d to %d", k->section, k->name, v,
				k->min, k->max);
	if (n < k->min || n > k->max)
		return ctx_fail(c, "[%s] %s = %ld is out of range: use %d to %d",
				k->section, k->name, n, k->min, k->max);
	*dst = (int)n;
	return 1;
}

static int set_bool(parse_ctx *c, const key_def *k, const char *v, bool *dst)
{
	if (strcmp(v, "yes") == 0)
		*dst = true;
	else if (strcmp(v, "no") == 0)
		*dst = false;
	else
		return ctx_fail(c, "[%s] %s = '%s': expected yes or no",
				k->section, k->name, v);
	return 1;
}

/* The scheme and host of url as RFC 3986 reads it: 0, or -1 when it is not
 * an address or has no host. scheme and host are g_free'd by the caller. */
static int url_parts(const char *url, char **scheme, char **host)
{
	GUri *u = NULL;
	int rc = -1;

	*scheme = NULL;
	*host = NULL;
	/* GLib takes a space or a control character in a host as written;
	 * libcurl, which will be handed it, refuses them */
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7F)
			return -1;
	u = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);
	if (!u)
		return -1;
	if (g_uri_get_host(u) && g_uri_get_host(u)[0]) {
		*scheme = g_strdup(g_uri_get_scheme(u));
		*host = g_strdup(g_uri_get_host(u));
		rc = 0;
	}
	g_uri_unref(u);
	return rc;
}

static int set_url(parse_ctx *c, const key_def *k, const char *v,
		   char *dst, size_t size)
{
	char *scheme = NULL, *host = NULL;
	int rc = 1;

	if (v[0] == '\0') {
		dst[0] = '\0';
		goto out;
	}
	if (strncasecmp(v, "http://", 7) == 0) {
		rc = ctx_fail(c, "[%s] %s = '%s': plain http:// would send the "
			      "device token and patients' answers unencrypted; "
			      "use an https:// address", k->section, k->name, v);
		goto out;
	}
	if (strncasecmp(v, "https://", 8) != 0) {
		rc = ctx_fail(c, "[%s] %s = '%s': expected an https:// address "
			      "such as https://feedback.example.nhs.uk",
			      k->section, k->name, v);
		goto out;
	}
	if (url_parts(v, &scheme, &host) != 0) {
		rc = ctx_fail(c, "[%s] %s = '%s': not a valid https:// address",
			      k->section, k->name, v);
		goto out;
	}
	rc = set_string(c, k, v, dst, size);
out:
	g_free(scheme);
	g_free(host);
	return rc;
}

static char *str_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* "CODE=Name; CODE2=Name 2" */
static int set_locations(parse_ctx *c, const key_def *k, const char *v)
{
	char buf[CONFIG_VALUE_MAX];
	char *save = NULL, *item;
	fb_config *cfg = c->cfg;

	cfg->n_locations = 0;
	snprintf(buf, sizeof buf, "%s", v);
	for (item = strtok_r(buf, ";", &save); item;
	     item = strtok_r(NULL, ";", &save)) {
		char *eq, *code, *name;

		item = str_trim(item);
		if (item[0] == '\0')
			continue;
		eq = strchr(item, '=');
		if (!eq)
			return ctx_fail(c, "[%s] %s: '%s' has no '=': write "
					"CODE=Name; CODE2=Name 2", k->section,
					k->name, item);
		*eq = '\0';
		code = str_trim(item);
		name = str_trim(eq + 1);
		if (!fb_id_valid(code, sizeof cfg->locations[0].code))
			return ctx_fail(c, "[%s] %s: location code '%s' must be "
					"1 to %zu letters, digits, '.', '_' or "
					"'-'", k->section, k->name, code,
					sizeof cfg->locations[0].code - 1);
		if (name[0] == '\0' ||
		    strlen(name) >= sizeof cfg->locations[0].name)
			return ctx_fail(c, "[%s] %s: location '%s' needs a name "
					"of 1 to %zu bytes", k->section,
					k->name, code,
					sizeof cfg->locations[0].name - 1);
		for (size_t i = 0; i < cfg->n_locations; i++)
			if (strcmp(cfg->locations[i].code, code) == 0)
				return ctx_fail(c, "[%s] %s: location '%s' is "
						"listed twice", k->section,
						k->name, code);
		if (cfg->n_locations >= FB_MAX_LOCATIONS)
			return ctx_fail(c, "[%s] %s: too many locations (at "
					"most %d)", k->section, k->name,
					FB_MAX_LOCATIONS);
		snprintf(cfg->locations[cfg->n_locations].code,
			 sizeof cfg->locations[0].code, "%s", code);
		snprintf(cfg->locations[cfg->n_locations].name,
			 sizeof cfg->locations[0].name, "%s", name);
		cfg->n_locations++;
	}
	return 1;
}

/* "en, pl, ro" */
static int set_languages(parse_ctx *c, const key_def *k, const char *v)
{
	char buf[CONFIG_VALUE_MAX];
	char *save = NULL, *item;
	fb_config *cfg = c->cfg;
	size_t max = sizeof cfg->languages / sizeof cfg->languages[0];

	cfg->n_languages = 0;
	snprintf(buf, sizeof buf, "%s", v);
	for (item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		item = str_trim(item);
		if (item[0] == '\0')
			continue;
		if (!fb_id_valid(item, sizeof cfg->languages[0]))
			return ctx_fail(c, "[%s] %s: '%s' is not a language "
					"code such as en or pl", k->section,
					k->name, item);
		for (size_t i = 0; i < cfg->n_languages; i++)
			if (strcmp(cfg->languages[i], item) == 0)
				return ctx_fail(c, "[%s] %s: '%s' is listed "
						"twice", k->section, k->name,
						item);
		if (cfg->n_languages >= max)
			return ctx_fail(c, "[%s] %s: too many languages (at "
					"most %zu)", k->section, k->name, max);
		snprintf(cfg->languages[cfg->n_languages],
			 sizeof cfg->languages[0], "%s", item);
		cfg->n_languages++;
	}
	return 1;
}

static const char *const MODE_NAMES[] = { FB_MODE_STANDARD, FB_MODE_EASY_READ,
					  FB_MODE_CHILDREN };

const char *fb_config_mode_key(const char *mode)
{
	if (!mode)
		return NULL;
	if (strcmp(mode, FB_MODE_STANDARD) == 0)
		return "survey_file";
	if (strcmp(mode, FB_MODE_EASY_READ) == 0)
		return "survey_file_easy_read";
	if (strcmp(mode, FB_MODE_CHILDREN) == 0)
		return "survey_file_children";
	return NULL;
}

const char *fb_config_mode_survey_file(const fb_config *cfg, const char *mode)
{
	if (!mode)
		return NULL;
	if (strcmp(mode, FB_MODE_STANDARD) == 0)
		return cfg->survey_file;
	if (strcmp(mode, FB_MODE_EASY_READ) == 0)
		return cfg->survey_file_easy_read;
	if (strcmp(mode, FB_MODE_CHILDREN) == 0)
		return cfg->survey_file_children;
	return NULL;
}

/* "standard, easy_read, children": known modes, each once, standard first
 * (where the next person starts). Their files are checked at the end. */
static int set_modes(parse_ctx *c, const key_def *k, const char *v)
{
	char buf[CONFIG_VALUE_MAX];
	char *save = NULL, *item;
	fb_config *cfg = c->cfg;

	cfg->n_modes = 0;
	snprintf(buf, sizeof buf, "%s", v);
	for (item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		bool known = false;

		item = str_trim(item);
		if (item[0] == '\0')
			continue;
		for (size_t i = 0; i < FB_MAX_MODES; i++)
			known = known || strcmp(item, MODE_NAMES[i]) == 0;
		if (!known)
			return ctx_fail(c, "[%s] %s: '%s' is not a mode; use "
					"standard, easy_read or children",
					k->section, k->name, item);
		for (size_t i = 0; i < cfg->n_modes; i++)
			if (strcmp(cfg->modes[i], item) == 0)
				return ctx_fail(c, "[%s] %s: '%s' is listed "
						"twice", k->section, k->name,
						item);
		if (cfg->n_modes == 0 && strcmp(item, FB_MODE_STANDARD) != 0)
			return ctx_fail(c, "[%s] %s: start the list with "
					"standard (survey_file, where every "
					"person starts), e.g. standard, %s",
					k->section, k->name, item);
		snprintf(cfg->modes[cfg->n_modes], sizeof cfg->modes[0], "%s",
			 item);
		cfg->n_modes++;
	}
	if (cfg->n_modes == 0)
		return ctx_fail(c, "[%s] %s is empty; list the modes on offer "
				"(standard, easy_read, children) or remove the "
				"line to offer survey_file only", k->section,
				k->name);
	return 1;
}

/* Every mode on offer but standard names its survey file. */
static int finish_modes(fb_config *cfg, const char *path, fb_err *err)
{
	for (size_t i = 1; i < cfg->n_modes; i++) {
		const char *f = fb_config_mode_survey_file(cfg, cfg->modes[i]);
		if (f && f[0] == '\0')
			return fb_err_set(err, FB_ERR_INVALID, "%s: [kiosk] modes "
					  "offers %s but %s is not set; add "
					  "%s = surveys/%s.json or take %s "
					  "out of modes", path, cfg->modes[i],
					  fb_config_mode_key(cfg->modes[i]),
					  fb_config_mode_key(cfg->modes[i]),
					  strcmp(cfg->modes[i], FB_MODE_EASY_READ) == 0 ?
					  "easy-read" : cfg->modes[i],
					  cfg->modes[i]);
	}
	return 0;
}

/* "http://proxy.example.nhs.uk:3128" or "host:port" (http assumed), as
 * libcurl takes it. The value may hold a password: never quoted back. */
static int set_proxy(parse_ctx *c, const key_def *k, const char *v)
{
	static const char *const schemes[] = {"http", "https", "socks4", "socks4a",
					      "socks5", "socks5h"};
	char *scheme = NULL, *host = NULL, *with = NULL;
	const char *given = v;
	bool known = false;
	int rc;

	if (v[0] == '\0') {
		c->cfg->proxy[0] = '\0';
		return 1;
	}
	/* No scheme: libcurl takes a proxy's "host:port" as http:// */
	if (!strstr(v, "://"))
		v = with = g_strconcat("http://", v, NULL);
	if (url_parts(v, &scheme, &host) != 0) {
		rc = ctx_fail(c, "[%s] %s is not an address libcurl can use; write it as "
			      "http://proxy.example.nhs.uk:3128 (or leave it empty to use "
			      "https_proxy)", k->section, k->name);
		goto out;
	}
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (strcasecmp(scheme, schemes[i]) == 0)
			known = true;
	if (!known) {
		rc = ctx_fail(c, "[%s] %s: '%s://' is not a proxy type; use http://, "
			      "https://, socks5h:// (or socks4, socks4a, socks5)",
			      k->section, k->name, scheme);
		goto out;
	}
	rc = set_string(c, k, given, c->cfg->proxy, sizeof c->cfg->proxy);
out:
	g_free(scheme);
	g_free(host);
	g_free(with);
	return rc;
}

static int set_special(parse_ctx *c, const key_def *k, const char *v)
{
	fb_config *cfg = c->cfg;

	if (strcmp(k->name, "locations") == 0)
		return set_locations(c, k, v);
	if (strcmp(k->name, "languages") == 0)
		return set_languages(c, k, v);
	if (strcmp(k->name, "modes") == 0)
		return set_modes(c, k, v);
	if (strcmp(k->name, "headphone_input") == 0) {
		/* auto, off, or the input device's path (kiosk/jack.h) */
		if (strcmp(v, "auto") != 0 && strcmp(v, "off") != 0 && v[0] != '/')
			return ctx_fail(c, "[kiosk] headphone_input = '%s': expected auto, off or"
					" the path of the input device, such as /dev/input/event5", v);
		return set_string(c, k, v, cfg->headphone_input, sizeof cfg->headphone_input);
	}
	if (strcmp(k->name, "partial") == 0) {
		if (strcmp(v, "keep") == 0)
			cfg->keep_partial = true;
		else if (strcmp(v, "discard") == 0)
			cfg->keep_partial = false;
		else
			return ctx_fail(c, "[kiosk] partial = '%s': expected "
					"keep or discard", v);
		return 1;
	}
	if (strcmp(k->name, "trust_public_key") == 0) {
		unsigned char key[sizeof cfg->trust_public_key + 8];
		size_t len = 0;

		if (sodium_base642bin(key, sizeof key, v, strlen(v), " ",
				      &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    len != sizeof cfg->trust_public_key)
			return ctx_fail(c, "[device] trust_public_key: expected "
					"the base64 of a 32-byte public key "
					"(44 characters ending in '='), as "
					"'feedback-collector' printed it");
		if (sodium_is_zero(key, len))
			return ctx_fail(c, "[device] trust_public_key is all "
					"zeros, which seals to nobody; use the "
					"Trust's real public key");
		memcpy(cfg->trust_public_key, key, len);
		sodium_memzero(key, sizeof key);
		return 1;
	}
	if (strcmp(k->name, "staff_pin_hash") == 0) {
		/* Never quote the value: it is a secret's hash. */
		if (v[0] != '\0' &&
		    (strlen(v) >= sizeof cfg->staff_pin_hash ||
		     crypto_pwhash_str_needs_rehash(
			     v, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			     crypto_pwhash_MEMLIMIT_INTERACTIVE) == -1))
			return ctx_fail(c, "[kiosk] staff_pin_hash is not a "
					"libsodium password hash (it should "
					"start '$argon2id$'); make one with "
					"'feedback-queue hash-pin' or leave it "
					"empty to turn the staff screen off");
		memcpy(cfg->staff_pin_hash, v, strlen(v) + 1);
		return 1;
	}
	if (strcmp(k->name, "proxy") == 0)
		return set_proxy(c, k, v);
	if (strcmp(k->name, "opening_hours") == 0) {
		fb_err herr;

		if (fb_hours_parse(v, &cfg->hours, &herr) != 0)
			return ctx_fail(c, "[kiosk] opening_hours: %s (or leave it empty: always open)",
					herr.msg);
		snprintf(cfg->opening_hours, sizeof cfg->opening_hours, "%s", v);
		return 1;
	}
	if (strcmp(k->name, "pinned_pubkey") == 0) {
		if (v[0] != '\0' && strncmp(v, "sha256//", 8) != 0)
			return ctx_fail(c, "[sync] pinned_pubkey = '%s': "
					"expected curl's form sha256//BASE64 "
					"(or leave it empty)", v);
		return set_string(c, k, v, cfg->pinned_pubkey,
				  sizeof cfg->pinned_pubkey);
	}
	return ctx_fail(c, "[%s] %s: internal error: no parser", k->section,
			k->name);
}

static int apply_key(parse_ctx *c, const key_def *k, const char *v)
{
	char *base = (char *)c->cfg;

	switch (k->type) {
	case K_ID:
		if (!fb_id_valid(v, k->size))
			return ctx_fail(c, "[%s] %s = '%s': use 1 to %zu "
					"letters, digits, '.', '_' or '-'",
					k->section, k->name, v, k->size - 1);
		return set_string(c, k, v, base + k->off, k->size);
	case K_STR:
		return set_string(c, k, v, base + k->off, k->size);
	case K_PATH:
		return set_path(c, k, v, base + k->off, k->size);
	case K_INT:
		return set_int(c, k, v, (int *)(void *)(base + k->off));
	case K_BOOL:
		return set_bool(c, k, v, (bool *)(void *)(base + k->off));
	case K_URL:
		return set_url(c, k, v, base + k->off, k->size);
	case K_SPECIAL:
		return set_special(c, k, v);
	}
	return 0;
}

/* [kiosk] crisis_text.LANG = ...: one per language, continued like any
 * other value on indented lines. */
static int on_crisis_key(parse_ctx *c, const char *name, const char *value)
{
	fb_config *cfg = c->cfg;
	const char *lang = name + strlen("crisis_text.");
	key_def k = { "kiosk", name, K_STR, 0, 0, 0, 0, false };
	fb_lang_text *t = NULL;
	size_t i;

	for (i = 0; i < cfg->n_crisis_texts; i++)
		if (strcmp(cfg->crisis_texts[i].lang, lang) == 0)
			t = &cfg->crisis_texts[i];
	if (t && c->rd.line_indented && c->last_key == LAST_KEY_CRISIS &&
	    &cfg->crisis_texts[c->crisis_lang] == t) {
		size_t have = strlen(c->value);
		if (have + 1 + strlen(value) >= sizeof c->value)
			return ctx_fail(c, "[kiosk] %s is too long", name);
		c->value[have] = ' ';
		memcpy(c->value + have + 1, value, strlen(value) + 1);
	} else if (t) {
		return ctx_fail(c, "[kiosk] %s is set twice; keep one", name);
	} else {
		if (!fb_id_valid(lang, sizeof t->lang))
			return ctx_fail(c, "[kiosk] %s: '%s' is not a language "
					"code such as ur or pa", name, lang);
		if (cfg->n_crisis_texts >= FB_MAX_CRISIS_TEXTS)
			return ctx_fail(c, "[kiosk] too many crisis_text.LANG "
					"keys (at most %d)", FB_MAX_CRISIS_TEXTS);
		t = &cfg->crisis_texts[cfg->n_crisis_texts++];
		snprintf(t->lang, sizeof t->lang, "%s", lang);
		snprintf(c->value, sizeof c->value, "%s", value);
	}
	c->last_key = LAST_KEY_CRISIS;
	c->crisis_lang = (int)(t - cfg->crisis_texts);
	return set_string(c, &k, c->value, t->text, sizeof t->text);
}

/* "a; b; c" into roles (trimmed, none empty); how many, or -1 with c's
 * error set. */
static int split_roles(parse_ctx *c, const char *name, const char *value,
		       char roles[FB_VOLUNTEER_MAX_ROLES][FB_VOLUNTEER_ROLE_MAX])
{
	int n = 0;
	const char *p = value;

	for (;;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0 || len >= FB_VOLUNTEER_ROLE_MAX || n >= FB_VOLUNTEER_MAX_ROLES) {
			ctx_fail(c, "[volunteer] %s: give 1 to %d roles of 1 to %d characters,"
				 " ';' between them", name, FB_VOLUNTEER_MAX_ROLES,
				 FB_VOLUNTEER_ROLE_MAX - 1);
			return -1;
		}
		memcpy(roles[n], p, len);
		roles[n][len] = '\0';
		n++;
		if (!e)
			return n;
		p = e + 1;
	}
}

/* [volunteer] roles = A; B; C and roles.LANG = the same in LANG, in the
 * same order (each on one line). */
static int on_volunteer_key(parse_ctx *c, const char *name, const char *value)
{
	fb_config *cfg = c->cfg;
	char roles[FB_VOLUNTEER_MAX_ROLES][FB_VOLUNTEER_ROLE_MAX];
	int n;

	if (strcmp(name, "roles") == 0) {
		if (cfg->n_volunteer_roles)
			return ctx_fail(c, "[volunteer] roles is set twice; keep one");
		n = split_roles(c, name, value, cfg->volunteer_roles);
		if (n < 0)
			return 0;
		cfg->n_volunteer_roles = (size_t)n;
		return 1;
	}
	if (strncmp(name, "roles.", 6) != 0)
		return ctx_fail(c, "unknown key '%s' in [volunteer]: expected roles or roles.LANG",
				name);
	if (!fb_id_valid(name + 6, 16))
		return ctx_fail(c, "[volunteer] %s: '%s' is not a language code such as ur or pa",
				name, name + 6);
	for (size_t i = 0; i < cfg->n_volunteer_roles_lang; i++)
		if (strcmp(cfg->volunteer_roles_lang[i].lang, name + 6) == 0)
			return ctx_fail(c, "[volunteer] %s is set twice; keep one", name);
	if (cfg->n_volunteer_roles_lang >= FB_VOLUNTEER_MAX_LANGS)
		return ctx_fail(c, "[volunteer] too many roles.LANG keys (at most %d)",
				FB_VOLUNTEER_MAX_LANGS);
	n = split_roles(c, name, value, roles);
	if (n < 0)
		return 0;
	if (cfg->n_volunteer_roles && (size_t)n != cfg->n_volunteer_roles)
		return ctx_fail(c, "[volunteer] %s names %d roles and roles names %zu; give the"
				" same roles in the same order", name, n, cfg->n_volunteer_roles);
	size_t k = cfg->n_volunteer_roles_lang++;
	snprintf(cfg->volunteer_roles_lang[k].lang, sizeof cfg->volunteer_roles_lang[k].lang,
		 "%s", name + 6);
	memcpy(cfg->volunteer_roles_lang[k].roles, roles, sizeof roles);
	return 1;
}

const char *fb_config_volunteer_role(const fb_config *cfg, const char *lang, size_t i)
{
	if (i >= cfg->n_volunteer_roles)
		return "";
	for (size_t k = 0; lang && k < cfg->n_volunteer_roles_lang; k++)
		if (strcmp(cfg->volunteer_roles_lang[k].lang, lang) == 0 &&
		    cfg->volunteer_roles_lang[k].roles[i][0])
			return cfg->volunteer_roles_lang[k].roles[i];
	return cfg->volunteer_roles[i];
}

const char *fb_config_crisis_text(const fb_config *cfg, const char *lang)
{
	for (size_t i = 0; lang && i < cfg->n_crisis_texts; i++)
		if (strcmp(cfg->crisis_texts[i].lang, lang) == 0)
			return cfg->crisis_texts[i].text;
	return cfg->crisis_text;
}

static int on_key(void *user, const char *section, const char *name,
		  const char *value)
{
	parse_ctx *c = user;
	int idx = -1;
	bool section_known = false;

	if (c->err_line)
		return 0;
	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcmp(KEYS[i].section, section) != 0)
			continue;
		section_known = true;
		if (strcmp(KEYS[i].name, name) == 0) {
			idx = (int)i;
			break;
		}
	}
	if (section[0] == '\0')
		return ctx_fail(c, "'%s' is outside any section; put it under "
				"[device], [kiosk] or [sync]", name);
	if (idx < 0 && strcmp(section, "kiosk") == 0 &&
	    strncmp(name, "crisis_text.", strlen("crisis_text.")) == 0)
		return on_crisis_key(c, name, value);
	if (strcmp(section, "volunteer") == 0)
		return on_volunteer_key(c, name, value);
	if (!section_known)
		return ctx_fail(c, "unknown section [%s]: expected [device], "
				"[kiosk] or [sync]", section);
	if (idx < 0)
		return ctx_fail(c, "unknown key '%s' in [%s]; check the "
				"spelling against kiosk.conf.example",
				name, section);

	if (c->seen[idx] && c->rd.line_indented && c->last_key == idx) {
		/* a continuation line of the value above */
		size_t have = strlen(c->value);
		size_t word = strspn(value, "abcdefghijklmnopqrstuvwxyz_");

		if (word > 0 && (value[word] == '=' ||
				 (value[word] == ' ' &&
				  value[word + strspn(value + word, " ")] == '=')))
			return ctx_fail(c, "this line starts with spaces, so it "
					"continues '%s' above; remove the "
					"spaces before '%.*s'", name,
					(int)word, value);
		if (have + 1 + strlen(value) >= sizeof c->value)
			return ctx_fail(c, "[%s] %s is too long", section,
					name);
		c->value[have] = ' ';
		memcpy(c->value + have + 1, value, strlen(value) + 1);
	} else if (c->seen[idx]) {
		return ctx_fail(c, "[%s] %s is set twice (first on line %d); "
				"keep one", section, name, c->seen_line[idx]);
	} else {
		c->seen[idx] = true;
		c->seen_line[idx] = c->rd.lineno;
		snprintf(c->value, sizeof c->value, "%s", value);
	}
	c->last_key = idx;
	return apply_key(c, &KEYS[idx], c->value);
}

static int finish_locations(fb_config *cfg, const char *path, fb_err *err)
{
	size_t i;

	for (i = 0; i < cfg->n_locations; i++)
		if (strcmp(cfg->locations[i].code, cfg->location_code) == 0)
			break;
	if (i < cfg->n_locations) {
		if (cfg->location_name[0] == '\0')
			snprintf(cfg->location_name, sizeof cfg->location_name,
				 "%s", cfg->locations[i].name);
		return 0;
	}
	if (cfg->n_locations >= FB_MAX_LOCATIONS)
		return fb_err_set(err, FB_ERR_INVALID, "%s: [device] locations "
				  "is full and does not include location_code "
				  "'%s'; add it or remove one", path,
				  cfg->location_code);
	if (cfg->location_name[0] == '\0')
		snprintf(cfg->location_name, sizeof cfg->location_name, "%s",
			 cfg->location_code);
	memmove(&cfg->locations[1], &cfg->locations[0],
		cfg->n_locations * sizeof cfg->locations[0]);
	snprintf(cfg->locations[0].code, sizeof cfg->locations[0].code, "%s",
		 cfg->location_code);
	snprintf(cfg->locations[0].name, sizeof cfg->locations[0].name, "%s",
		 cfg->location_name);
	cfg->n_locations++;
	return 0;
}

/* Parses into a scratch copy: on any error *out is left as it was, so a
 * reload (SIGHUP) that fails keeps the running configuration. */
int fb_config_load_text(const char *name, const char *dir, const char *text, size_t len,
			fb_config *out, fb_err *err)
{
	parse_ctx *c = NULL;
	fb_config *cfg = NULL;
	int rc = 0, line;

	fb_err_clear(err);
	rc = fb_ini_text_check(name, text, len, err);
	if (rc)
		goto out;
	c = calloc(1, sizeof *c);
	cfg = calloc(1, sizeof *cfg);
	if (!c || !cfg) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	fb_config_defaults(cfg);
	c->cfg = cfg;
	c->path = name;
	fb_ini_text_init(&c->rd, text, len);
	c->last_key = -1;
	c->crisis_lang = -1;
	if ((size_t)snprintf(c->dir, sizeof c->dir, "%s", dir) >= sizeof c->dir) {
		rc = fb_err_set(err, FB_ERR_INVALID, "config path '%s' is too long", name);
		goto out;
	}
	line = ini_parse_stream(fb_ini_text_line, &c->rd, on_key, c);
	if (line < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read config '%s'",
				name);
		goto out;
	}
	if (line > 0 && (c->err_line == 0 || line < c->err_line)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: expected "
				"'key = value', '[section]' or a comment", name,
				line);
		goto out;
	}
	if (c->err_line) {
		rc = fb_err_set(err, c->err_code, "%s:%d: %s", name,
				c->err_line, c->err_msg);
		goto out;
	}
	for (size_t i = 0; i < N_KEYS; i++) {
		if (KEYS[i].required && !c->seen[i]) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s: [%s] %s is "
					"missing; it is required (see "
					"kiosk.conf.example)", name,
					KEYS[i].section, KEYS[i].name);
			goto out;
		}
		if (KEYS[i].required && KEYS[i].type == K_PATH &&
		    ((char *)cfg)[KEYS[i].off] == '\0') {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: [%s] %s is "
					"empty; it is required", name,
					c->seen_line[i], KEYS[i].section,
					KEYS[i].name);
			goto out;
		}
	}
	rc = finish_locations(cfg, name, err);
	if (rc)
		goto out;
	rc = finish_modes(cfg, name, err);
	if (rc)
		goto out;
	*out = *cfg;
out:
	if (c)
		sodium_memzero(c, sizeof *c);
	free(c);
	free(cfg);
	return rc;
}

int fb_config_load(const char *path, fb_config *out, fb_err *err)
{
	char *text = NULL;
	char real[PATH_MAX], dir[FB_PATH_MAX];
	size_t len = 0;
	int rc = 0;

	fb_err_clear(err);
	rc = fb_read_text_file(path, CONFIG_MAX_BYTES, "config", "check the --config path",
			       &text, &len, err);
	if (rc)
		goto out;
	if (!realpath(path, real)) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to resolve '%s': %s",
				path, strerror(errno));
		goto out;
	}
	{
		char *slash = strrchr(real, '/');
		if (slash == real)
			snprintf(dir, sizeof dir, "/");
		else if (slash && (size_t)(slash - real) < sizeof dir)
			snprintf(dir, sizeof dir, "%.*s", (int)(slash - real), real);
		else {
			rc = fb_err_set(err, FB_ERR_INVALID, "config path '%s' "
					"is too long", path);
			goto out;
		}
	}
	rc = fb_config_load_text(path, dir, text, len, out, err);
out:
	free(text);
	return rc;
}

void fb_config_data_path(const fb_config *cfg, const char *name, char *out,
			 size_t out_size)
{
	size_t n = strlen(cfg->data_dir);
	const char *sep = (n > 0 && cfg->data_dir[n - 1] == '/') ? "" : "/";
	snprintf(out, out_size, "%s%s%s", cfg->data_dir, sep, name);
}

int fb_config_read_token(const fb_config *cfg, char *out, size_t out_size,
			 fb_err *err)
{
	int rc = 0;
	size_t len = 0;

	if (out_size > 0)
		out[0] = '\0';
	if (cfg->token_file[0] == '\0') {
		rc = fb_err_set(err, FB_ERR_INVALID, "no token_file in [sync]; "
				"set it to the file holding the device token");
		goto out;
	}
	rc = fb_read_small_file(cfg->token_file, true, "token file",
				"check token_file in [sync]", out, out_size, &len, err);
	if (rc)
		goto out;
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r' ||
			   out[len - 1] == ' ' || out[len - 1] == '\t'))
		out[--len] = '\0';
	if (len == 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "token file '%s' is empty; "
				"write the token given at enrolment into it",
				cfg->token_file);
		goto out;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)out[i];
		if (ch <= 0x20 || ch >= 0x7f) {
			rc = fb_err_set(err, FB_ERR_INVALID, "token file '%s' "
					"holds more than one line or odd "
					"characters; it should hold only the "
					"token", cfg->token_file);
			goto out;
		}
	}
out:
	if (rc && out_size > 0)
		sodium_memzero(out, out_size);
	return rc;
}

/* One mode's survey: loads, is for the mode's audience, offers every
 * language of [kiosk] languages. The message names the key to fix. */
static int check_mode_survey(const fb_config *cfg, const char *mode, fb_err *err)
{
	const char *file = fb_config_mode_survey_file(cfg, mode);
	const char *key = fb_config_mode_key(mode);
	fb_survey *s = NULL;
	fb_err e;
	int rc;

	rc = fb_survey_load(file, &s, &e);
	if (rc) {
		rc = fb_err_set(err, e.code, "[kiosk] %s (mode %s): %s", key, mode,
				e.msg);
		goto out;
	}
	if (strcmp(mode, FB_MODE_EASY_READ) == 0 && !s->easy_read) {
		rc = fb_err_set(err, FB_ERR_INVALID, "[kiosk] %s: survey '%s' "
				"(%s) is not an easy-read survey (its \"audience\" "
				"is not \"easy_read\"); point it at "
				"surveys/easy-read.json", key, s->id, file);
		goto out;
	}
	if (strcmp(mode, FB_MODE_CHILDREN) == 0 && !s->for_children) {
		rc = fb_err_set(err, FB_ERR_INVALID, "[kiosk] %s: survey '%s' "
				"(%s) is not a children's survey (its \"audience\" "
				"is not \"children\"); point it at "
				"surveys/children.json", key, s->id, file);
		goto out;
	}
	for (size_t i = 0; i < cfg->n_languages; i++) {
		if (fb_survey_language_index(s, cfg->languages[i]) < 0) {
			rc = fb_err_set(err, FB_ERR_INVALID, "[kiosk] languages "
					"offers '%s' but survey '%s' (%s = %s) has "
					"no '%s' text; remove it or add it to the "
					"survey", cfg->languages[i], s->id, key,
					file, cfg->languages[i]);
			goto out;
		}
	}
out:
	fb_survey_free(s);
	return rc;
}

int fb_config_check_modes(const fb_config *cfg, fb_err *err)
{
	int rc = check_mode_survey(cfg, FB_MODE_STANDARD, err);

	for (size_t i = 1; rc == 0 && i < cfg->n_modes; i++)
		rc = check_mode_survey(cfg, cfg->modes[i], err);
	return rc;
}

int fb_config_check_files(const fb_config *cfg, fb_err *err)
{
	char token[512];
	FILE *f = NULL;
	int rc;

	rc = fb_config_check_modes(cfg, err);
	if (rc)
		goto out;
	if (cfg->ca_file[0]) {
		f = fopen(cfg->ca_file, "r");
		if (!f) {
			rc = fb_err_set(err, FB_ERR_IO, "unable to read ca_file "
					"'%s': %s; check [sync] ca_file",
					cfg->ca_file, strerror(errno));
			goto out;
		}
	}
	if (cfg->token_file[0] && !fb_config_token_awaits_code(cfg)) {
		rc = fb_config_read_token(cfg, token, sizeof token, err);
		sodium_memzero(token, sizeof token);
		if (rc)
			goto out;
	}
out:
	if (f)
		fclose(f);
	return rc;
}

bool fb_config_token_awaits_code(const fb_config *cfg)
{
	size_t n = strlen(cfg->data_dir);
	const char *name;

	while (n > 1 && cfg->data_dir[n - 1] == '/')
		n--;
	if (!cfg->token_file[0] || n == 0 || strncmp(cfg->token_file, cfg->data_dir, n) != 0 ||
	    cfg->token_file[n] != '/')
		return false;
	name = cfg->token_file + n + 1;
	if (!name[0] || strchr(name, '/'))
		return false;
	return access(cfg->token_file, F_OK) != 0 && errno == ENOENT;
}
