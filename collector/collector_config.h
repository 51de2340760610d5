/* collector_config: feedback-collector's INI configuration (inih).
 * Owns: every key of config/collector.conf.example, its default and its check.
 * Promises: unknown sections or keys, bad values and missing required keys are
 * errors naming the file and line, and so is a line longer than inih reads
 * whole (lib/ini_text.h); relative paths in the file are taken
 * relative to the file's directory. Reads nothing but the config file itself
 * and, for [results] timezone, the system's zoneinfo (coll_config_check_files
 * looks at the files and the static directory it names). */
#ifndef COLL_CONFIG_H
#define COLL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "fb_err.h"

#define COLL_PATH_MAX 1024
#define COLL_CONFIG_TEAMS_MAX 64      /* [team CODE] sections */
#define COLL_STATIC_DIR_DEFAULT "/usr/share/feedback-collector/static"
#define COLL_THEMES_FRAMEWORK_DEFAULT "/usr/share/feedback-collector/themes/framework.json"
#define COLL_SURVEYS_DIR_DEFAULT "/usr/share/feedback-kiosk/surveys"

/* NHS England's FFT modes of collection, in the order of the published data's
 * "Mode ..." columns (Mode SMS .. Mode Other; checked against NHS England's own
 * FFT publication pipeline, github.com/nhsengland/fft_pipeline, config.py
 * MODE_COLS). There is no kiosk mode: [results] fft_mode picks one. */
#define COLL_FFT_MODES 8
#define COLL_FFT_MODE_OTHER 7
extern const char *const coll_fft_modes[COLL_FFT_MODES];   /* "SMS" .. "Other" */
#define COLL_SITE_CODES_MAX 1024
#define COLL_ALERT_TO_MAX 4096
#define COLL_TRUSTED_PROXIES_MAX 8
#define COLL_ADDR_TEXT_MAX 46         /* INET6_ADDRSTRLEN */

typedef enum coll_db_backend {
	COLL_DB_SQLITE = 0,
	COLL_DB_POSTGRESQL = 1,
} coll_db_backend;

typedef struct coll_config {
	/* [server] */
	char listen_address[64];      /* default 127.0.0.1 */
	int port;                     /* default 8443 */
	char tls_cert_file[COLL_PATH_MAX];
	char tls_key_file[COLL_PATH_MAX];
	int threads;                  /* MHD thread pool; default 4 */
	size_t max_body_bytes;        /* after gunzip; default 1 MiB */
	size_t max_header_bytes;      /* per-connection memory; default 32 KiB */
	int connection_timeout_s;     /* idle connection closed after; default 30 */
	int request_time_limit_s;     /* whole request body within; default 60 */
	int max_connections;          /* all addresses together; default 1000 */
	int max_connections_per_address; /* default 500 (tablets behind one NAT) */
	int header_deadline_s;        /* whole request header within; default 5 */
	/* Proxies whose X-Forwarded-For names the client in the log, the audit
	 * trail and the per-address throttles; none by default (the header is
	 * then ignored). Normalised addresses (inet_ntop). */
	char trusted_proxies[COLL_TRUSTED_PROXIES_MAX][COLL_ADDR_TEXT_MAX];
	int n_trusted_proxies;
	/* [database] */
	coll_db_backend backend;      /* default sqlite */
	char sqlite_path[COLL_PATH_MAX];
	char pg_conninfo[1024];
	/* [ingest] */
	char secret_key_file[COLL_PATH_MAX];   /* Trust secret key, mode 0600 */
	int batch_max_records;        /* default 500 */
	char safeguarding_words_file[COLL_PATH_MAX]; /* the Trust's own list; "" = none */
	char safeguarding_lists_dir[COLL_PATH_MAX];  /* <lang>.txt lists; "" = none */
	char themes_framework_file[COLL_PATH_MAX];   /* [themes] framework_file */
	char themes_extra_file[COLL_PATH_MAX];       /* the Trust's own sub-categories; "" = none */
	int themes_min_positives;     /* coded comments a theme needs before it is learnt; default 20 */
	int themes_retrain_days;      /* retrain when coding is newer than a model this old; 0 = never */
	/* [results] */
	int fft_mode;                 /* index into coll_fft_modes the kiosk's responses
				       * are counted in; default Other */
	int session_ttl_s;            /* login lasts; default 8 h */
	int suppress_below;           /* counts 1..this-1 shown as '*'; default 5 */
	char time_zone[64];           /* IANA name for months and page times; default Europe/London */
	char fleet_team[64];          /* this team's users see every device; "" = none */
	char submission_team[64];     /* this team's users may take the unsuppressed
				       * FFT submission and contact details, for every
				       * location, on the web; "" = none */
	char safeguarding_team[64];   /* deprecated (the safeguarding role replaces it;
				       * read for one release): this team's users see
				       * flagged comments of every location; "" = none */
	char org_code[16];            /* the Trust's ODS code for the submission; "" = not set */
	char site_code[16];           /* ODS site code of every location; "" = none */
	char site_codes[COLL_SITE_CODES_MAX]; /* "LOC=SITE, ..." exceptions to site_code */
	char static_dir[COLL_PATH_MAX]; /* page styles and icons served at /assets/ */
	int target_pct;               /* % positive a team aims for; default 95 */
	char languages[128];          /* languages the kiosks offer, for "You said, we did"
				       * items: tags, ',' or ' ' between; default "en" */
	/* [alerts]: an email when a flagged comment arrives (collector/alert.h) */
	char smtp_url[512];           /* smtp://host:587 or smtps://host:465; "" = no email */
	bool smtp_tls_required;       /* smtp_tls = required (default): STARTTLS or no send */
	char smtp_ca_file[COLL_PATH_MAX];      /* "" = the system's CAs */
	char smtp_user[128];
	char smtp_password_file[COLL_PATH_MAX]; /* mode 0600; "" = no sign-in */
	char alert_from[256];
	char alert_to[COLL_ALERT_TO_MAX];      /* "LOC=addr addr; *=addr" */
	char alert_link_url[512];     /* the pages' address, for the link in the email */
	int alert_retry_min_s;        /* first wait after a failed send; default 60 */
	/* [devices] */
	char surveys_dir[COLL_PATH_MAX];      /* survey files the settings pages offer */
	/* [audit] */
	int audit_retention_years;    /* audit rows kept this long; default 7 */
	/* [retention]: what the daily job deletes (collector/retention.h) */
	int free_text_months;         /* comments and contact details kept; default 24 */
	int ratings_years;            /* whole responses and their counts kept; default 10 */
	int signup_months;            /* volunteer sign-ups kept (any state); default 24 */
	/* [team CODE]: a team's name on the pages and its own target */
	struct coll_config_team {
		char code[64];
		char name[128];
		int target_pct;           /* 0 = the [results] target_pct */
	} teams[COLL_CONFIG_TEAMS_MAX];
	int n_teams;
} coll_config;

/* The name pages show for team code (the code itself when none is set). */
const char *coll_config_team_name(const coll_config *cfg, const char *code);
/* The % positive target of team code ([team CODE] target_pct, else [results]). */
int coll_config_team_target(const coll_config *cfg, const char *code);

void coll_config_defaults(coll_config *cfg);
/* Loads path over the defaults and checks every value. */
int coll_config_load(const char *path, coll_config *cfg, fb_err *err);
/* The same from text already read (len bytes): name is the file for
 * messages, dir the directory relative paths are taken from. */
int coll_config_load_text(const char *name, const char *dir, const char *text, size_t len,
			  coll_config *cfg, fb_err *err);
/* Checks that the files the config names exist and are usable (certificate
 * and key readable, secret key 0600, word list readable). */
int coll_config_check_files(const coll_config *cfg, fb_err *err);
/* The ODS site code of location: its entry in site_codes, else site_code
 * ("" when neither). Written into out (size >= 16). */
void coll_config_site_of(const coll_config *cfg, const char *location, char *out, size_t size);

#endif
