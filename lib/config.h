/* config: the device's INI configuration (inih), shared by feedback-kiosk,
 * feedback-syncd and feedback-queue. See config/kiosk.conf.example.
 * Owns: every key, its default and its check. Promises: unknown keys, missing
 * required keys and bad values are errors naming file and line. */
#ifndef FB_CONFIG_H
#define FB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "hours.h"

#define FB_PATH_MAX 1024
#define FB_MAX_LOCATIONS 32

typedef struct fb_location {
	char code[32];
	char name[128];
} fb_location;

#define FB_MAX_CRISIS_TEXTS 16

/* [kiosk] modes: the surveys a person may choose on the start screen.
 * "standard" is survey_file (and where every person starts); the others
 * have their own survey_file_<mode>. */
#define FB_MAX_MODES 3
#define FB_MODE_NAME_MAX 16
#define FB_MODE_STANDARD "standard"
#define FB_MODE_EASY_READ "easy_read"
#define FB_MODE_CHILDREN "children"

/* [kiosk] crisis_text.LANG: the crisis card's words in one language. */
typedef struct fb_lang_text {
	char lang[16];
	char text[512];
} fb_lang_text;

/* [volunteer] roles (and roles.LANG): the Trust's volunteer roles a person
 * may offer to help with after the questions, ';' between them. */
#define FB_VOLUNTEER_MAX_ROLES 8
#define FB_VOLUNTEER_ROLE_MAX 96
#define FB_VOLUNTEER_MAX_LANGS 16

typedef struct fb_config {
	/* [volunteer]: roles in English (what the Trust reads), and per
	 * language the same roles in the same order; n_roles 0: no offer. */
	char volunteer_roles[FB_VOLUNTEER_MAX_ROLES][FB_VOLUNTEER_ROLE_MAX];
	size_t n_volunteer_roles;
	struct {
		char lang[16];
		char roles[FB_VOLUNTEER_MAX_ROLES][FB_VOLUNTEER_ROLE_MAX];
	} volunteer_roles_lang[FB_VOLUNTEER_MAX_LANGS];
	size_t n_volunteer_roles_lang;
	/* [device] */
	char device_id[64];
	char location_code[32];      /* the location this device stands in */
	char location_name[128];
	fb_location locations[FB_MAX_LOCATIONS]; /* staff may switch to these */
	size_t n_locations;          /* always includes location_code */
	char data_dir[FB_PATH_MAX];  /* queue.db, sync status live here */
	unsigned char trust_public_key[32];
	/* [kiosk] */
	char survey_file[FB_PATH_MAX];   /* the standard survey */
	/* modes on offer, in the start screen's order; "standard" first.
	 * n_modes 0 (no modes key): survey_file only, no choice shown. */
	char modes[FB_MAX_MODES][FB_MODE_NAME_MAX];
	size_t n_modes;
	char survey_file_easy_read[FB_PATH_MAX];  /* "" unless set */
	char survey_file_children[FB_PATH_MAX];
	char languages[16][16];      /* offered, in order; subset of the survey */
	size_t n_languages;
	int idle_timeout_s;          /* default 60 */
	char opening_hours[FB_HOURS_TEXT_MAX + 1]; /* lib/hours.h text; "" always open */
	fb_hours hours;              /* opening_hours, parsed */
	bool keep_partial;           /* partial = keep | discard; default keep */
	char staff_pin_hash[256];    /* crypto_pwhash_str; empty = staff off */
	bool allow_maintenance_exit;
	char headphone_input[FB_PATH_MAX]; /* auto | off | an input device's path
					    * (kiosk/jack.h); default auto */
	char you_said_file[FB_PATH_MAX];  /* "You said, we did" items; may be "" */
	char crisis_text[512];       /* crisis card, every language without
				      * its own crisis_text.LANG */
	fb_lang_text crisis_texts[FB_MAX_CRISIS_TEXTS]; /* crisis_text.LANG */
	size_t n_crisis_texts;
	/* [sync] */
	char collector_url[512];
	char ca_file[FB_PATH_MAX];   /* "" = system store */
	char token_file[FB_PATH_MAX];
	char pinned_pubkey[256];     /* curl "sha256//..." or ""; optional */
	char proxy[512];             /* "" = environment variables */
	int batch_max_records;       /* default 500 */
	int batch_max_bytes;         /* default 1 MiB */
	int backoff_cap_s;           /* default 900 */
	int retention_days;          /* purge acked records after; default 30 */
	int heartbeat_interval_s;    /* default 300 */
	int request_timeout_s;       /* one request's limit; default 30 */
} fb_config;

/* Loads path into cfg (defaults first). Relative paths inside the file are
 * taken relative to the file's directory. On error cfg is left unchanged. */
int fb_config_load(const char *path, fb_config *cfg, fb_err *err);
/* The same from text already read (len bytes, no NUL in them): name is the
 * file for messages, dir the absolute directory relative paths are taken
 * from. fb_config_load reads path and calls it. */
int fb_config_load_text(const char *name, const char *dir, const char *text, size_t len,
			fb_config *cfg, fb_err *err);
void fb_config_defaults(fb_config *cfg);
/* data_dir/FB_QUEUE_FILE, data_dir/sync-status.json etc. */
void fb_config_data_path(const fb_config *cfg, const char *name,
			 char *out, size_t out_size);
/* Reads the token file: must be mode 0600 (or stricter); trims the newline. */
int fb_config_read_token(const fb_config *cfg, char *out, size_t out_size,
			 fb_err *err);

/* The crisis card override for lang: crisis_text.LANG when set, else
 * crisis_text; "" when neither is (the kiosk's own words then). */
const char *fb_config_crisis_text(const fb_config *cfg, const char *lang);
/* Volunteer role i in lang: roles.LANG's when set, else the English one. */
const char *fb_config_volunteer_role(const fb_config *cfg, const char *lang, size_t i);

/* The survey file of mode ("standard", "easy_read", "children"):
 * survey_file, survey_file_<mode>, or NULL for an unknown mode. */
const char *fb_config_mode_survey_file(const fb_config *cfg, const char *mode);
/* The config key naming that file ("survey_file_easy_read"), for messages. */
const char *fb_config_mode_key(const char *mode);

/* For --check-config, beyond what fb_config_load checks: every mode's
 * survey loads, is for its audience (easy_read, children) and offers every
 * language in [kiosk] languages (the message names the mode's key); ca_file
 * (when set) can be read; token_file (when set) is readable and 0600, or
 * awaits a code (see below). Names the first problem.
 * (Added by the survey/config work; additive.) */
int fb_config_check_files(const fb_config *cfg, fb_err *err);
/* Only the surveys part of that: survey_file and each mode's file. */
int fb_config_check_modes(const fb_config *cfg, fb_err *err);
/* Whether the tablet waits to be enrolled with a one-time code: token_file
 * does not exist yet and lies directly in data_dir, where feedback-syncd
 * (allowed to write only there) will put the token it is given. A missing
 * token file anywhere else is a mistake --check-config names. */
bool fb_config_token_awaits_code(const fb_config *cfg);

#endif
