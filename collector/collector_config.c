#include "collector_config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "months.h"

typedef struct load_ctx {
	coll_config *cfg;
	char dir[COLL_PATH_MAX];  /* the config file's directory */
	char why[300];            /* what was wrong with the failing line */
	bool have_cert, have_key, have_secret;
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
	snprintf(cfg->fft_mode_column, sizeof cfg->fft_mode_column, "Mode Other");
	cfg->session_ttl_s = 8 * 3600;
	cfg->suppress_below = 5;
	snprintf(cfg->time_zone, sizeof cfg->time_zone, "%s", COLL_MONTHS_DEFAULT_ZONE);
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
	if (IS("results", "fft_mode_column")) {
		if (strncmp(value, "Mode ", 5) != 0 || strpbrk(value, ",\"\r\n")) {
			snprintf(c->why, sizeof c->why,
				 "expected a column name starting \"Mode \" (e.g. \"Mode Other\") without commas or quotes");
			return 0;
		}
		return set_str(c, cfg->fft_mode_column, sizeof cfg->fft_mode_column, value);
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
	if (IS("results", "fleet_team")) {
		for (const char *t = value; *t; t++) {
			if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') ||
			      (*t >= '0' && *t <= '9') || strchr("-_.", *t))) {
				snprintf(c->why, sizeof c->why,
					 "expected a team name (letters, digits, '-', '_' and '.'), or nothing");
				return 0;
			}
		}
		return set_str(c, cfg->fleet_team, sizeof cfg->fleet_team, value);
	}
	snprintf(c->why, sizeof c->why, "unknown key '%s' in section [%s]", name, section);
	return 0;
}

int coll_config_load(const char *path, coll_config *cfg, fb_err *err)
{
	load_ctx c;
	int rc = 0;

	memset(&c, 0, sizeof c);
	c.cfg = cfg;
	coll_config_defaults(cfg);
	const char *slash = strrchr(path, '/');
	if (slash) {
		size_t n = (size_t)(slash - path);
		if (n == 0)
			n = 1;
		if (n >= sizeof c.dir)
			return fb_err_set(err, FB_ERR_INVALID, "config path '%s' is too long", path);
		memcpy(c.dir, path, n);
		c.dir[n] = '\0';
	} else {
		snprintf(c.dir, sizeof c.dir, ".");
	}

	FILE *f = fopen(path, "r");
	if (!f)
		return fb_err_set(err, FB_ERR_IO, "unable to open config '%s': %s; check --config",
				  path, strerror(errno));
	int line = ini_parse_file(f, on_key, &c);
	fclose(f);
	if (line < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read config '%s'", path);
		goto out;
	}
	if (line > 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: %s", path, line,
				c.why[0] ? c.why : "not a 'key = value' line or [section]");
		goto out;
	}
	if (!c.have_cert || !c.have_key) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s: [server] tls_cert_file and tls_key_file are required (the collector serves HTTPS only)",
				path);
		goto out;
	}
	if (!c.have_secret || cfg->secret_key_file[0] == '\0') {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s: [ingest] secret_key_file is required; make one with 'feedback-collector keygen'",
				path);
		goto out;
	}
	if (cfg->backend == COLL_DB_POSTGRESQL && cfg->pg_conninfo[0] == '\0') {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"%s: [database] backend = postgresql needs pg_conninfo", path);
		goto out;
	}
	if (cfg->backend == COLL_DB_SQLITE && cfg->sqlite_path[0] == '\0') {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: [database] sqlite_path is empty", path);
		goto out;
	}
out:
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
	return rc;
}
