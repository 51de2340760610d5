#include "collector_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "ini_text.h"
#include "months.h"

#define COLL_CONFIG_MAX_BYTES (64 * 1024)   /* cap on the file itself */
#define COLL_CONFIG_VALUE_MAX 2048          /* a value, continuations joined */

const char *const coll_fft_modes[COLL_FFT_MODES] = {
	"SMS", "Electronic Discharge", "Electronic Home", "Paper Discharge", "Paper Home",
	"Telephone", "Online", "Other",
};

typedef struct load_ctx {
	coll_config *cfg;
	char dir[COLL_PATH_MAX];  /* the config file's directory */
	char why[300];            /* what was wrong with the failing line */
	bool have_cert, have_key, have_secret;
	const fb_ini_text *rd;    /* the line reader, for line_indented */
	char last_key[128];       /* "section\nname" of the key above */
	char joined[COLL_CONFIG_VALUE_MAX];  /* its value, continuations joined */
} load_ctx;

void coll_config_defaults(coll_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->listen_address, sizeof cfg->listen_address, "127.0.0.1");
	cfg->port = 8443;
	cfg->threads = 4;
	cfg->max_body_bytes = 1024 * 1024;
	cfg->max_header_bytes = 32 * 1024;
	cfg->connection_timeout_s = 30;
	cfg->request_time_limit_s = 60;
	cfg->max_connections = 1000;
	cfg->max_connections_per_address = 500;
	cfg->header_deadline_s = 5;
	cfg->backend = COLL_DB_SQLITE;
	snprintf(cfg->sqlite_path, sizeof cfg->sqlite_path, "/var/lib/feedback-collector/collector.db");
	cfg->batch_max_records = 500;
	cfg->fft_mode = COLL_FFT_MODE_OTHER;
	cfg->session_ttl_s = 8 * 3600;
	cfg->suppress_below = 5;
	snprintf(cfg->time_zone, sizeof cfg->time_zone, "%s", COLL_MONTHS_DEFAULT_ZONE);
	snprintf(cfg->static_dir, sizeof cfg->static_dir, "%s", COLL_STATIC_DIR_DEFAULT);
	snprintf(cfg->themes_framework_file, sizeof cfg->themes_framework_file, "%s",
		 COLL_THEMES_FRAMEWORK_DEFAULT);
	cfg->themes_min_positives = 20;
	cfg->themes_retrain_days = 7;
	snprintf(cfg->surveys_dir, sizeof cfg->surveys_dir, "%s", COLL_SURVEYS_DIR_DEFAULT);
	cfg->target_pct = 95;
	snprintf(cfg->languages, sizeof cfg->languages, "en");
	cfg->smtp_tls_required = true;
	cfg->alert_retry_min_s = 60;
	cfg->audit_retention_years = 7;
	cfg->free_text_months = 24;
	cfg->signup_months = 24;
	cfg->ratings_years = 10;
}

static const struct coll_config_team *team_of(const coll_config *cfg, const char *code)
{
	for (int i = 0; code && i < cfg->n_teams; i++)
		if (strcmp(cfg->teams[i].code, code) == 0)
			return &cfg->teams[i];
	return NULL;
}

const char *coll_config_team_name(const coll_config *cfg, const char *code)
{
	const struct coll_config_team *t = team_of(cfg, code);
	return t && t->name[0] ? t->name : code;
}

int coll_config_team_target(const coll_config *cfg, const char *code)
{
	const struct coll_config_team *t = team_of(cfg, code);
	return t && t->target_pct ? t->target_pct : cfg->target_pct;
}

/* "192.0.2.10, 2001:db8::5": each an IPv4 or IPv6 address, kept in the
 * form inet_ntop writes, so it compares with a peer's as text. */
static int set_proxies(load_ctx *c, const char *value)
{
	coll_config *cfg = c->cfg;
	const char *p = value;
	cfg->n_trusted_proxies = 0;
	while (*p) {
		char one[COLL_ADDR_TEXT_MAX + 1];
		unsigned char bin[sizeof(struct in6_addr)];
		size_t n;
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n == 0)
			break;
		if (n >= sizeof one) {
			snprintf(c->why, sizeof c->why, "'%.*s...' is not an IP address", 20, p);
			return 0;
		}
		memcpy(one, p, n);
		one[n] = '\0';
		p += n;
		if (cfg->n_trusted_proxies == COLL_TRUSTED_PROXIES_MAX) {
			snprintf(c->why, sizeof c->why, "at most %d addresses", COLL_TRUSTED_PROXIES_MAX);
			return 0;
		}
		char *dst = cfg->trusted_proxies[cfg->n_trusted_proxies];
		if (inet_pton(AF_INET, one, bin) == 1)
			inet_ntop(AF_INET, bin, dst, COLL_ADDR_TEXT_MAX);
		else if (inet_pton(AF_INET6, one, bin) == 1)
			inet_ntop(AF_INET6, bin, dst, COLL_ADDR_TEXT_MAX);
		else {
			snprintf(c->why, sizeof c->why, "'%s' is not an IP address (no names, no ranges:"
				 " list each proxy's address, separated by commas)", one);
			return 0;
		}
		cfg->n_trusted_proxies++;
	}
	return 1;
}

static int set_str(load_ctx *c, char *dst, size_t size, const char *value)
{
	if (strlen(value) >= size) {
		snprintf(c->why, sizeof c->why, "value longer than %zu characters", size - 1);
		return 0;
	}
	snprintf(dst, size, "%s", value);
	return 1;
}

static int set_path(load_ctx *c, char *dst, size_t size, const char *value)
{
	if (value[0] == '\0' || value[0] == '/' || c->dir[0] == '\0')
		return set_str(c, dst, size, value);
	if ((size_t)snprintf(dst, size, "%s/%s", c->dir, value) >= size) {
		snprintf(c->why, sizeof c->why, "path longer than %zu characters", size - 1);
		return 0;
	}
	return 1;
}

static int set_int(load_ctx *c, long *out, const char *value, long min, long max)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end != '\0' || v < min || v > max) {
		snprintf(c->why, sizeof c->why, "expected a whole number from %ld to %ld", min, max);
		return 0;
	}
	*out = v;
	return 1;
}

static bool is_code(const char *s)
{
	if (!s[0])
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || strchr("-_.", *s)))
			return false;
	return true;
}

/* A team name, or nothing. */
/* 1 to 16 tags of 2 to 15 letters, digits and '-' ("en", "pl", "zh-Hant"),
 * commas or spaces between. */
static bool languages_ok(const char *v)
{
	int n = 0, len = 0;
	for (const char *p = v;; p++) {
		bool tag = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '-';
		if (tag) {
			len++;
			continue;
		}
		if (len) {
			if (len < 2 || len > 15 || ++n > 16)
				return false;
			len = 0;
		}
		if (*p == '\0')
			break;
		if (*p != ',' && *p != ' ')
			return false;
	}
	return n > 0;
}

static bool team_name_ok(const char *v)
{
	return !v[0] || is_code(v);
}

/* "" or 2..10 letters and digits (ODS codes are 3 to 5; a little slack). */
static bool ods_code_ok(const char *v, size_t n)
{
	if (n == 0)
		return true;
	if (n < 2 || n > 10)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z') ||
		      (v[i] >= '0' && v[i] <= '9')))
			return false;
	return true;
}

/* One LOCATION=SITE pair of site_codes at p (n bytes; spaces around either
 * part are allowed): the location at *loc (length *loc_n), the site at
 * *site (length *site_n). */
static bool site_pair(const char *p, size_t n, const char **loc, size_t *loc_n,
		      const char **site, size_t *site_n)
{
	const char *eq = memchr(p, '=', n);
	if (!eq)
		return false;
	const char *a = p, *b = eq, *c = eq + 1, *d = p + n;
	while (a < b && *a == ' ')
		a++;
	while (b > a && b[-1] == ' ')
		b--;
	while (c < d && *c == ' ')
		c++;
	while (d > c && d[-1] == ' ')
		d--;
	*loc = a;
	*loc_n = (size_t)(b - a);
	*site = c;
	*site_n = (size_t)(d - c);
	if (*loc_n == 0 || *site_n == 0 || !ods_code_ok(c, *site_n))
		return false;
	for (const char *q = a; q < b; q++)
		if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
		      (*q >= '0' && *q <= '9') || strchr("-_.", *q)))
			return false;
	return true;
}

static bool site_codes_ok(const char *v)
{
	const char *p = v;
	while (*p) {
		size_t n = strcspn(p, ","), ln, sn;
		const char *loc, *site;
		if (!site_pair(p, n, &loc, &ln, &site, &sn))
			return false;
		p += n;
		if (*p == ',')
			p++;
	}
	return true;
}

void coll_config_site_of(const coll_config *cfg, const char *location, char *out, size_t size)
{
	const char *p = cfg->site_codes;
	snprintf(out, size, "%s", cfg->site_code);
	while (*p) {
		size_t n = strcspn(p, ","), ln, sn;
		const char *loc, *site;
		if (site_pair(p, n, &loc, &ln, &site, &sn) && strlen(location) == ln &&
		    strncmp(loc, location, ln) == 0) {
			snprintf(out, size, "%.*s", (int)sn, site);
			return;
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

/* [team CODE]: the section for CODE, made on its first key. */
static int team_key(load_ctx *c, const char *section, const char *name, const char *value)
{
	coll_config *cfg = c->cfg;
	const char *code = section + 5;
	long v = 0;
	struct coll_config_team *t = NULL;
	for (int i = 0; i < cfg->n_teams; i++)
		if (strcmp(cfg->teams[i].code, code) == 0)
			t = &cfg->teams[i];
	if (!is_code(code) || strlen(code) >= sizeof t->code) {
		snprintf(c->why, sizeof c->why,
			 "expected [team CODE] with the team's code (letters, digits, '-', '_' and '.')");
		return 0;
	}
	if (!t) {
		if (cfg->n_teams >= COLL_CONFIG_TEAMS_MAX) {
			snprintf(c->why, sizeof c->why, "more than %d [team ...] sections", COLL_CONFIG_TEAMS_MAX);
			return 0;
		}
		t = &cfg->teams[cfg->n_teams++];
		snprintf(t->code, sizeof t->code, "%s", code);
	}
	if (strcmp(name, "name") == 0)
		return set_str(c, t->name, sizeof t->name, value);
	if (strcmp(name, "target_pct") == 0) {
		if (!set_int(c, &v, value, 1, 100))
			return 0;
		t->target_pct = (int)v;
		return 1;
	}
	snprintf(c->why, sizeof c->why, "unknown key '%s' in section [%s] (expected name or target_pct)",
		 name, section);
	return 0;
}

#define IS(sec, key) (strcmp(section, sec) == 0 && strcmp(name, key) == 0)

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	load_ctx *c = user;
	coll_config *cfg = c->cfg;
	long v = 0;

	if (IS("server", "listen_address"))
		return set_str(c, cfg->listen_address, sizeof cfg->listen_address, value);
	if (IS("server", "port")) {
		if (!set_int(c, &v, value, 1, 65535))
			return 0;
		cfg->port = (int)v;
		return 1;
	}
	if (IS("server", "tls_cert_file")) {
		c->have_cert = true;
		return set_path(c, cfg->tls_cert_file, sizeof cfg->tls_cert_file, value);
	}
	if (IS("server", "tls_key_file")) {
		c->have_key = true;
		return set_path(c, cfg->tls_key_file, sizeof cfg->tls_key_file, value);
	}
	if (IS("server", "threads")) {
		if (!set_int(c, &v, value, 1, 64))
			return 0;
		cfg->threads = (int)v;
		return 1;
	}
	if (IS("server", "max_body_bytes")) {
		if (!set_int(c, &v, value, 1024, 64L * 1024 * 1024))
			return 0;
		cfg->max_body_bytes = (size_t)v;
		return 1;
	}
	if (IS("server", "max_header_bytes")) {
		if (!set_int(c, &v, value, 4096, 1024L * 1024))
			return 0;
		cfg->max_header_bytes = (size_t)v;
		return 1;
	}
	if (IS("server", "connection_timeout_s")) {
		if (!set_int(c, &v, value, 1, 3600))
			return 0;
		cfg->connection_timeout_s = (int)v;
		return 1;
	}
	if (IS("server", "request_time_limit_s")) {
		if (!set_int(c, &v, value, 1, 3600))
			return 0;
		cfg->request_time_limit_s = (int)v;
		return 1;
	}
	if (IS("server", "max_connections")) {
		if (!set_int(c, &v, value, 1, 10000))
			return 0;
		cfg->max_connections = (int)v;
		return 1;
	}
	if (IS("server", "max_connections_per_address")) {
		if (!set_int(c, &v, value, 1, 10000))
			return 0;
		cfg->max_connections_per_address = (int)v;
		return 1;
	}
	if (IS("server", "header_deadline_s")) {
		if (!set_int(c, &v, value, 1, 300))
			return 0;
		cfg->header_deadline_s = (int)v;
		return 1;
	}
	if (IS("server", "trusted_proxies"))
		return set_proxies(c, value);
	if (IS("database", "backend")) {
		if (strcmp(value, "sqlite") == 0) {
			cfg->backend = COLL_DB_SQLITE;
		} else if (strcmp(value, "postgresql") == 0) {
			cfg->backend = COLL_DB_POSTGRESQL;
		} else {
			snprintf(c->why, sizeof c->why, "expected sqlite or postgresql");
			return 0;
		}
		return 1;
	}
	if (IS("database", "sqlite_path"))
		return set_path(c, cfg->sqlite_path, sizeof cfg->sqlite_path, value);
	if (IS("database", "pg_conninfo"))
		return set_str(c, cfg->pg_conninfo, sizeof cfg->pg_conninfo, value);
	if (IS("ingest", "secret_key_file")) {
		c->have_secret = true;
		return set_path(c, cfg->secret_key_file, sizeof cfg->secret_key_file, value);
	}
	if (IS("ingest", "batch_max_records")) {
		if (!set_int(c, &v, value, 1, 10000))
			return 0;
		cfg->batch_max_records = (int)v;
		return 1;
	}
	if (IS("ingest", "safeguarding_words_file"))
		return set_path(c, cfg->safeguarding_words_file,
				sizeof cfg->safeguarding_words_file, value);
	if (IS("ingest", "safeguarding_lists_dir"))
		return set_path(c, cfg->safeguarding_lists_dir,
				sizeof cfg->safeguarding_lists_dir, value);
	if (IS("results", "fft_mode") || IS("results", "fft_mode_column")) {
		/* fft_mode_column ("Mode Other") is the old spelling, still read */
		const char *m = strncmp(value, "Mode ", 5) == 0 && strcmp(name, "fft_mode_column") == 0 ?
				value + 5 : value;
		for (int i = 0; i < COLL_FFT_MODES; i++) {
			if (strcmp(m, coll_fft_modes[i]) == 0) {
				cfg->fft_mode = i;
				return 1;
			}
		}
		snprintf(c->why, sizeof c->why, "'%s' is not one of NHS England's FFT modes: expected"
			 " SMS, Electronic Discharge, Electronic Home, Paper Discharge, Paper Home,"
			 " Telephone, Online or Other (there is no kiosk mode; see the example config)",
			 value);
		return 0;
	}
	if (IS("results", "session_ttl_s")) {
		if (!set_int(c, &v, value, 60, 7 * 24 * 3600))
			return 0;
		cfg->session_ttl_s = (int)v;
		return 1;
	}
	if (IS("results", "suppress_below")) {
		if (!set_int(c, &v, value, 0, 100))
			return 0;
		cfg->suppress_below = (int)v;
		return 1;
	}
	if (IS("results", "timezone")) {
		if (!coll_months_zone_known(value, c->why, sizeof c->why))
			return 0;
		return set_str(c, cfg->time_zone, sizeof cfg->time_zone, value);
	}
	if (IS("themes", "framework_file"))
		return set_path(c, cfg->themes_framework_file, sizeof cfg->themes_framework_file, value);
	if (IS("themes", "extra_file"))
		return set_path(c, cfg->themes_extra_file, sizeof cfg->themes_extra_file, value);
	if (IS("themes", "min_positives")) {
		if (!set_int(c, &v, value, 2, 100000))
			return 0;
		cfg->themes_min_positives = (int)v;
		return 1;
	}
	if (IS("themes", "retrain_days")) {
		if (!set_int(c, &v, value, 0, 366))
			return 0;
		cfg->themes_retrain_days = (int)v;
		return 1;
	}
	if (IS("results", "static_dir"))
		return set_path(c, cfg->static_dir, sizeof cfg->static_dir, value);
	if (IS("results", "target_pct")) {
		if (!set_int(c, &v, value, 1, 100))
			return 0;
		cfg->target_pct = (int)v;
		return 1;
	}
	if (IS("results", "languages")) {
		if (!languages_ok(value)) {
			snprintf(c->why, sizeof c->why, "expected 1 to 16 language tags separated by commas,"
				 " e.g. en, pl, cy");
			return 0;
		}
		return set_str(c, cfg->languages, sizeof cfg->languages, value);
	}
	if (IS("alerts", "smtp_url"))
		return set_str(c, cfg->smtp_url, sizeof cfg->smtp_url, value);
	if (IS("alerts", "smtp_tls")) {
		if (strcmp(value, "required") != 0 && strcmp(value, "none") != 0) {
			snprintf(c->why, sizeof c->why, "expected required or none");
			return 0;
		}
		cfg->smtp_tls_required = strcmp(value, "required") == 0;
		return 1;
	}
	if (IS("alerts", "smtp_ca_file"))
		return set_path(c, cfg->smtp_ca_file, sizeof cfg->smtp_ca_file, value);
	if (IS("alerts", "smtp_user"))
		return set_str(c, cfg->smtp_user, sizeof cfg->smtp_user, value);
	if (IS("alerts", "smtp_password_file"))
		return set_path(c, cfg->smtp_password_file, sizeof cfg->smtp_password_file, value);
	if (IS("alerts", "from"))
		return set_str(c, cfg->alert_from, sizeof cfg->alert_from, value);
	if (IS("alerts", "to"))
		return set_str(c, cfg->alert_to, sizeof cfg->alert_to, value);
	if (IS("alerts", "link_url"))
		return set_str(c, cfg->alert_link_url, sizeof cfg->alert_link_url, value);
	if (IS("devices", "surveys_dir"))
		return set_path(c, cfg->surveys_dir, sizeof cfg->surveys_dir, value);
	if (IS("audit", "retention_years")) {
		if (!set_int(c, &v, value, 1, 100))
			return 0;
		cfg->audit_retention_years = (int)v;
		return 1;
	}
	if (IS("alerts", "retry_min_s")) {
		if (!set_int(c, &v, value, 1, 3600))
			return 0;
		cfg->alert_retry_min_s = (int)v;
		return 1;
	}
	if (IS("retention", "free_text_months")) {
		if (!set_int(c, &v, value, 1, 1200))
			return 0;
		cfg->free_text_months = (int)v;
		return 1;
	}
	if (IS("retention", "signup_months")) {   /* 0 (never) is refused: the consent promises an end */
		if (!set_int(c, &v, value, 1, 1200))
			return 0;
		cfg->signup_months = (int)v;
		return 1;
	}
	if (IS("retention", "ratings_years")) {
		if (!set_int(c, &v, value, 1, 100))
			return 0;
		cfg->ratings_years = (int)v;
		return 1;
	}
	if (strncmp(section, "team ", 5) == 0)
		return team_key(c, section, name, value);
	if (IS("results", "fleet_team") || IS("results", "submission_team") ||
	    IS("results", "safeguarding_team")) {
		if (!team_name_ok(value)) {
			snprintf(c->why, sizeof c->why,
				 "expected a team name (letters, digits, '-', '_' and '.'), or nothing");
			return 0;
		}
		if (strcmp(name, "fleet_team") == 0)
			return set_str(c, cfg->fleet_team, sizeof cfg->fleet_team, value);
		if (strcmp(name, "safeguarding_team") == 0)
			return set_str(c, cfg->safeguarding_team, sizeof cfg->safeguarding_team, value);
		return set_str(c, cfg->submission_team, sizeof cfg->submission_team, value);
	}
	if (IS("results", "org_code") || IS("results", "site_code")) {
		if (!ods_code_ok(value, strlen(value))) {
			snprintf(c->why, sizeof c->why,
				 "expected an ODS code (2 to 10 letters and digits, e.g. RXT or RXT01), or nothing");
			return 0;
		}
		if (strcmp(name, "org_code") == 0)
			return set_str(c, cfg->org_code, sizeof cfg->org_code, value);
		return set_str(c, cfg->site_code, sizeof cfg->site_code, value);
	}
	if (IS("results", "site_codes")) {
		if (!site_codes_ok(value)) {
			snprintf(c->why, sizeof c->why,
				 "expected LOCATION=SITE pairs separated by commas, e.g. WARD1=RXT01, WARD2=RXT02");
			return 0;
		}
		return set_str(c, cfg->site_codes, sizeof cfg->site_codes, value);
	}
	snprintf(c->why, sizeof c->why, "unknown key '%s' in section [%s]", name, section);
	return 0;
}

/* inih calls the handler again for each indented line below a key (its
 * multi-line values): the value so far and the line are joined with one
 * space and the key is set again with the whole, as the device's config
 * does, so a long pg_conninfo can be written on several lines. */
static int on_line(void *user, const char *section, const char *name, const char *value)
{
	load_ctx *c = user;
	char key[sizeof c->last_key];

	snprintf(key, sizeof key, "%s\n%s", section, name);
	if (c->rd->line_indented && strcmp(key, c->last_key) == 0) {
		size_t n = strlen(c->joined);
		if (n + 1 + strlen(value) >= sizeof c->joined) {
			snprintf(c->why, sizeof c->why, "value longer than %zu characters, lines joined",
				 sizeof c->joined - 1);
			return 0;
		}
		c->joined[n] = ' ';
		snprintf(c->joined + n + 1, sizeof c->joined - n - 1, "%s", value);
		return on_key(user, section, name, c->joined);
	}
	snprintf(c->last_key, sizeof c->last_key, "%s", key);
	snprintf(c->joined, sizeof c->joined, "%s", value);
	return on_key(user, section, name, value);
}

int coll_config_load_text(const char *name, const char *dir, const char *text, size_t len,
			  coll_config *cfg, fb_err *err)
{
	load_ctx c;
	fb_ini_text rd;
	int rc = 0, line;

	memset(&c, 0, sizeof c);
	c.cfg = cfg;
	coll_config_defaults(cfg);
	if ((size_t)snprintf(c.dir, sizeof c.dir, "%s", dir) >= sizeof c.dir)
		return fb_err_set(err, FB_ERR_INVALID, "config path '%s' is too long", name);
	/* inih would split a long line silently: a pg_conninfo cut short */
	rc = fb_ini_text_check(name, text, len, err);
	if (rc)
		goto out;
	fb_ini_text_init(&rd, text, len);
	c.rd = &rd;
	line = ini_parse_stream(fb_ini_text_line, &rd, on_line, &c);
	if (line < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read config '%s'", name);
		goto out;
	}
	if (line > 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: %s", name, line,
				c.why[0] ? c.why : "not a 'key = value' line or [section]");
		goto out;
	}
	if (!c.have_cert || !c.have_key) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s: [server] tls_cert_file and tls_key_file are required (the collector serves HTTPS only)",
				name);
		goto out;
	}
	if (!c.have_secret || cfg->secret_key_file[0] == '\0') {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s: [ingest] secret_key_file is required; make one with 'feedback-collector keygen'",
				name);
		goto out;
	}
	if (cfg->backend == COLL_DB_POSTGRESQL && cfg->pg_conninfo[0] == '\0') {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s: [database] backend = postgresql needs pg_conninfo", name);
		goto out;
	}
	if (cfg->backend == COLL_DB_SQLITE && cfg->sqlite_path[0] == '\0') {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: [database] sqlite_path is empty", name);
		goto out;
	}
out:
	return rc;
}

int coll_config_load(const char *path, coll_config *cfg, fb_err *err)
{
	char dir[COLL_PATH_MAX], *text = NULL;
	size_t len = 0;
	const char *slash = strrchr(path, '/');
	int rc;

	if (slash) {
		size_t n = (size_t)(slash - path);
		if (n == 0)
			n = 1;
		if (n >= sizeof dir)
			return fb_err_set(err, FB_ERR_INVALID, "config path '%s' is too long", path);
		memcpy(dir, path, n);
		dir[n] = '\0';
	} else {
		snprintf(dir, sizeof dir, ".");
	}
	rc = fb_read_text_file(path, COLL_CONFIG_MAX_BYTES, "config", "check --config", &text, &len, err);
	if (rc == 0)
		rc = coll_config_load_text(path, dir, text, len, cfg, err);
	free(text);
	return rc;
}

static int check_readable(const char *what, const char *path, fb_err *err)
{
	if (access(path, R_OK) != 0)
		return fb_err_set(err, FB_ERR_IO, "unable to read %s '%s': %s; check the config",
				  what, path, strerror(errno));
	return 0;
}

int coll_config_check_files(const coll_config *cfg, fb_err *err)
{
	struct stat st;
	int rc = check_readable("tls_cert_file", cfg->tls_cert_file, err);
	if (rc)
		return rc;
	rc = check_readable("tls_key_file", cfg->tls_key_file, err);
	if (rc)
		return rc;
	rc = check_readable("secret_key_file", cfg->secret_key_file, err);
	if (rc)
		return rc;
	if (stat(cfg->secret_key_file, &st) == 0 && (st.st_mode & 077))
		return fb_err_set(err, FB_ERR_INVALID,
				  "secret_key_file '%s' is readable by others (mode %03o); run 'chmod 600 %s'",
				  cfg->secret_key_file, (unsigned)(st.st_mode & 0777), cfg->secret_key_file);
	if (cfg->safeguarding_words_file[0])
		rc = check_readable("safeguarding_words_file", cfg->safeguarding_words_file, err);
	if (rc)
		return rc;
	if (cfg->safeguarding_lists_dir[0] &&
	    (stat(cfg->safeguarding_lists_dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		return fb_err_set(err, FB_ERR_IO, "[ingest] safeguarding_lists_dir '%s' is not a"
				  " directory; point it at the installed lists (config/safeguarding/)"
				  " or leave it empty", cfg->safeguarding_lists_dir);
	if (cfg->smtp_ca_file[0])
		rc = check_readable("[alerts] smtp_ca_file", cfg->smtp_ca_file, err);
	if (rc == 0 && cfg->smtp_password_file[0])
		rc = check_readable("[alerts] smtp_password_file", cfg->smtp_password_file, err);
	if (rc)
		return rc;
	if (cfg->smtp_password_file[0] && stat(cfg->smtp_password_file, &st) == 0 && (st.st_mode & 077))
		return fb_err_set(err, FB_ERR_INVALID,
				  "smtp_password_file '%s' is readable by others (mode %03o); run 'chmod 600 %s'",
				  cfg->smtp_password_file, (unsigned)(st.st_mode & 0777),
				  cfg->smtp_password_file);
	/* the pages are unstyled without it: say so at start-up, not in a browser */
	char css[COLL_PATH_MAX + 32];
	snprintf(css, sizeof css, "%s/nhsuk-frontend.min.css", cfg->static_dir);
	if (stat(cfg->static_dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(css, R_OK) != 0)
		return fb_err_set(err, FB_ERR_IO,
				  "[results] static_dir '%s' has no readable nhsuk-frontend.min.css; "
				  "install the package's static files (make install) or point static_dir "
				  "at build/static", cfg->static_dir);
	return rc;
}
