/* store: the collector's database behind one interface (SQLite or PostgreSQL).
 * Owns: the schema (created and migrated on open, schema_version table), every
 * SQL statement (prepared, parameters bound, never spliced), transactions.
 * Promises: a batch of responses is one transaction (all stored or none);
 * inserting an id twice never makes a second row (same digest = duplicate,
 * different digest = conflict); only a token's or password's hash is stored.
 * A handle is safe to share between threads (calls are serialised on it);
 * several processes may share one PostgreSQL database. */
#ifndef COLL_STORE_H
#define COLL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../collector_config.h"
#include "fb_err.h"

#define COLL_STORE_SCHEMA_VERSION 13
#define COLL_STORE_HASH_LEN 32
#define COLL_STORE_ID_MAX 64        /* device ids, location codes, user names */
#define COLL_STORE_NAME_MAX 128
#define COLL_STORE_ROLE_MAX 24          /* "patient-experience" and its NUL */
/* Locations one device may speak for: as many as a kiosk's staff screen can
 * list (lib/config.h FB_MAX_LOCATIONS). */
#define COLL_STORE_DEVICE_LOCATIONS_MAX 32

typedef struct coll_store coll_store;

/* Opens the configured backend, creating or migrating the schema. Month
 * keys are kept in the time zone in use (months.h); when the database's were
 * made in another one (schema 1 kept UTC months, or [results] timezone was
 * changed), every response's month is worked out again and response_counts
 * rebuilt, in the opening transaction, before anything is read. Collectors
 * sharing one PostgreSQL database must all use the same time zone. */
int coll_store_open(const coll_config *cfg, coll_store **out, fb_err *err);
/* backend-specific openers (coll_store_open dispatches to these) */
int coll_store_open_sqlite(const char *path, coll_store **out, fb_err *err);
int coll_store_open_pg(const char *conninfo, coll_store **out, fb_err *err);
void coll_store_close(coll_store *s);                 /* NULL is a no-op */
const char *coll_store_backend_name(const coll_store *s);

typedef enum coll_store_outcome {
	COLL_STORE_STORED = 0,
	COLL_STORE_DUPLICATE = 1,
	COLL_STORE_CONFLICT = 2,
} coll_store_outcome;

/* One response as stored. Strings are borrowed for the call. */
typedef struct coll_store_response {
	const char *id;                  /* UUIDv7 text: the primary key */
	const unsigned char *digest;     /* COLL_STORE_HASH_LEN bytes */
	const char *device_id;
	const char *location;
	const char *survey_id;
	int survey_version;
	const char *language;
	const char *mode;                /* "kiosk" / "assisted" */
	int64_t started_at_ms;           /* device clock, as sent */
	int64_t submitted_at_ms;         /* device clock, as sent */
	int64_t duration_ms;
	int64_t received_at_ms;          /* server clock */
	bool has_corrected;              /* device clock was off: see protocol.md */
	int64_t corrected_submitted_at_ms;
	int fft;                         /* 0..6 */
	unsigned flags;                  /* enum fb_flag */
	const char *answers_json;        /* clear answers, JSON object */
	const char *free_text_json;      /* opened sealed answers; NULL = none */
	bool safeguarding;               /* a listed word appeared in the text, or the
					  * themes model suggested a safeguarding theme */
	const struct coll_store_theme_suggestion *themes;   /* the model's suggestions,
					  * kept when the response is (schema 7) */
	size_t n_themes;
} coll_store_response;

/* Stores n rows in one transaction; outcomes[i] says what happened to
 * rows[i]. On error nothing is stored. */
int coll_store_responses_put(coll_store *s, const coll_store_response *rows, size_t n,
			     coll_store_outcome *outcomes, fb_err *err);

/* Devices. The token itself is never given to the store, only its hash. A
 * device speaks only for the locations it is enrolled for (schema 3; a device
 * enrolled before then was carried over with the one location it was enrolled
 * at). */
typedef struct coll_store_device {
	char id[COLL_STORE_ID_MAX];
	char locations[COLL_STORE_DEVICE_LOCATIONS_MAX][COLL_STORE_ID_MAX];  /* by code */
	size_t n_locations;
	bool revoked;
} coll_store_device;
/* Whether dev is enrolled for location. */
bool coll_store_device_speaks_for(const coll_store_device *dev, const char *location);
/* Enrols id for locations[0..n) (1 to COLL_STORE_DEVICE_LOCATIONS_MAX, each
 * an added location, FB_ERR_INVALID naming the first that is not), all in one
 * transaction; now_ms is kept as its enrolment time. */
int coll_store_device_add(coll_store *s, const char *id, const char *const *locations, size_t n,
			  const unsigned char token_hash[COLL_STORE_HASH_LEN], int64_t now_ms,
			  fb_err *err);
/* Replaces the locations id is enrolled for (checked as for add).
 * FB_ERR_NOTFOUND when no such device. */
int coll_store_device_locations_set(coll_store *s, const char *id, const char *const *locations,
				    size_t n, fb_err *err);
/* FB_ERR_NOTFOUND when no such device. */
int coll_store_device_revoke(coll_store *s, const char *id, fb_err *err);
/* FB_ERR_NOTFOUND when no device has this token hash. */
int coll_store_device_by_token(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			       coll_store_device *out, fb_err *err);
/* A one-time enrolment code for device_id (which must not exist yet) and
 * locations[0..n) (checked as for device_add), kept as its hash only, usable
 * once until expires_ms; any code still waiting for that device stops
 * working. made_by: who made it (for the record). */
int coll_store_enrol_code_add(coll_store *s, const unsigned char code_hash[COLL_STORE_HASH_LEN],
			      const char *device_id, const char *const *locations, size_t n,
			      const char *made_by, int64_t now_ms, int64_t expires_ms, fb_err *err);
/* Uses the code with this hash for device_id and enrols the device with
 * token_hash, in one transaction; out gets its id and locations.
 * FB_ERR_NOTFOUND when no such code is waiting (unknown, used, expired, or
 * for another device id); nothing changes then. */
int coll_store_enrol_code_redeem(coll_store *s, const unsigned char code_hash[COLL_STORE_HASH_LEN],
				 const char *device_id, int64_t now_ms,
				 const unsigned char token_hash[COLL_STORE_HASH_LEN],
				 coll_store_device *out, fb_err *err);
/* Deletes the codes used, or out of date, before before_ms (the daily
 * retention job passes a day ago: a spent code is worth nothing); *n: how many. */
int coll_store_enrol_codes_prune(coll_store *s, int64_t before_ms, int64_t *n, fb_err *err);
/* FB_ERR_NOTFOUND when no device has this id. */
int coll_store_device_get(coll_store *s, const char *id, coll_store_device *out, fb_err *err);

/* Records refused because the device is not enrolled for their location:
 * counted per device and location so estates see them on the fleet page. */
typedef struct coll_store_refusal {
	char location[COLL_STORE_ID_MAX];
	int64_t n;
} coll_store_refusal;

/* What one batch (a push or a USB bundle) brings besides its responses. */
typedef struct coll_store_batch_note {
	const char *device_id;
	int64_t pushed_at_ms;               /* > 0: a push, so the device was heard from */
	const coll_store_refusal *refused;  /* per location, n > 0 */
	size_t n_refused;
	int64_t at_ms;                      /* when the refusals happened */
	const char *seal_key;               /* public key (base64) the batch's latest sealed
					     * record was sealed to, or NULL: none sealed */
	int64_t seal_submitted_ms;          /* that record's submission time */
} coll_store_batch_note;

/* coll_store_responses_put and the note in the same transaction: the push
 * time and the refusals are kept only when the responses are. note may be
 * NULL. */
int coll_store_batch_put(coll_store *s, const coll_store_response *rows, size_t n,
			 coll_store_outcome *outcomes, const coll_store_batch_note *note,
			 fb_err *err);

typedef struct coll_store_heartbeat {
	const char *device_id;
	const char *version;
	int64_t received_at_ms;
	int64_t device_time_ms;
	int64_t queue_depth;
	int64_t oldest_unsent_age_s;
	int64_t quarantined;
	int64_t last_ack_ms;
	const char *last_error;
	int64_t disk_free_bytes;
} coll_store_heartbeat;
/* Records the heartbeat and the device's latest state; heartbeats older than
 * 30 days are pruned (the cap on that table). */
int coll_store_heartbeat_put(coll_store *s, const coll_store_heartbeat *hb, fb_err *err);

/* Locations and users. FB_ERR_INVALID when the code/name already exists. */
int coll_store_location_add(coll_store *s, const char *code, const char *name,
			    const char *team, fb_err *err);
typedef struct coll_store_location {
	char code[COLL_STORE_ID_MAX];
	char name[COLL_STORE_NAME_MAX];
	char team[COLL_STORE_ID_MAX];
	int64_t retired_ms;      /* 0 = in use; else retired then (its responses kept) */
} coll_store_location;
int coll_store_location_get(coll_store *s, const char *code, coll_store_location *out, fb_err *err);
/* Calls fn for each location (of team, or all when team is NULL), by code. */
int coll_store_locations_each(coll_store *s, const char *team,
			      int (*fn)(void *ctx, const coll_store_location *loc), void *ctx,
			      fb_err *err);
/* The locations of team (all when team is NULL), by code, at most max of them
 * (truncated says more were left out). out->v is malloc'd; the caller frees it
 * with free(3), also on failure. FB_ERR_NOMEM when out of memory. */
typedef struct coll_store_location_list {
	coll_store_location *v;
	size_t n, cap;
	bool truncated;
} coll_store_location_list;
int coll_store_locations_list(coll_store *s, const char *team, size_t max,
			      coll_store_location_list *out, fb_err *err);

int coll_store_user_add(coll_store *s, const char *name, const char *team,
			const char *password_hash, fb_err *err);
/* hash_out gets the crypto_pwhash_str; FB_ERR_NOTFOUND when no such user. */
int coll_store_user_get(coll_store *s, const char *name, char *team_out, size_t team_size,
			char *hash_out, size_t hash_size, fb_err *err);

/* ---- accounts (schema 6, accounts.c) ------------------------------------------
 * A user's role and whether they are disabled; a disabled user has no
 * session (disabling deletes them, and a session of a disabled user is never
 * found). Password reset links are kept as their hash, used once. */
typedef struct coll_store_user {
	char name[COLL_STORE_ID_MAX];
	char team[COLL_STORE_ID_MAX];
	char role[COLL_STORE_ROLE_MAX];
	bool disabled;
	bool has_password;        /* false until a reset link is used (added on the pages) */
} coll_store_user;
/* Adds name (role must be one of coll_users' roles; password_hash "" = none
 * yet: no sign-in until a reset link sets one). FB_ERR_INVALID when taken. */
int coll_store_user_add_role(coll_store *s, const char *name, const char *team, const char *role,
			     const char *password_hash, fb_err *err);
/* FB_ERR_NOTFOUND when no such user. */
int coll_store_user_find(coll_store *s, const char *name, coll_store_user *out, fb_err *err);
/* Every user, by name. */
int coll_store_users_each(coll_store *s, int (*fn)(void *ctx, const coll_store_user *u), void *ctx,
			  fb_err *err);
/* How many enabled users have role. */
int coll_store_users_count_role(coll_store *s, const char *role, int64_t *out, fb_err *err);
/* Each changes one user (FB_ERR_NOTFOUND when no such user). Disabling
 * deletes every session of the user in the same transaction. */
int coll_store_user_set_role(coll_store *s, const char *name, const char *role, fb_err *err);
int coll_store_user_set_team(coll_store *s, const char *name, const char *team, fb_err *err);
int coll_store_user_set_disabled(coll_store *s, const char *name, bool disabled, fb_err *err);
/* A reset link for name, kept as its hash, usable once until expires_ms. */
int coll_store_reset_add(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			 const char *name, int64_t expires_ms, fb_err *err);
/* The user a still-usable link is for; FB_ERR_NOTFOUND when unknown, used,
 * expired, or its user is disabled. */
int coll_store_reset_check(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			   int64_t now_ms, char *user, size_t size, fb_err *err);
/* Uses the link: in one transaction marks it used, sets the user's password
 * hash and ends their sessions; user gets the name. FB_ERR_NOTFOUND as for
 * check (nothing changed). */
int coll_store_reset_use(coll_store *s, const unsigned char token_hash[COLL_STORE_HASH_LEN],
			 int64_t now_ms, const char *password_hash, char *user, size_t size,
			 fb_err *err);
/* Renames location code, or retires it at now_ms (0: brings it back).
 * FB_ERR_NOTFOUND when no such location. */
int coll_store_location_rename(coll_store *s, const char *code, const char *name, fb_err *err);
int coll_store_location_retire(coll_store *s, const char *code, int64_t now_ms, fb_err *err);

/* Teams: every code a location or user has, named by a teams row when one
 * was made (add or rename), and retired there. */
typedef struct coll_store_team {
	char code[COLL_STORE_ID_MAX];
	char name[COLL_STORE_NAME_MAX];   /* "" = no row: the config's name or the code */
	int64_t retired_ms;               /* 0 = in use */
	int64_t locations, open_locations, users;   /* open: not retired; users: enabled */
} coll_store_team;
/* Every team, by code. */
int coll_store_teams_each(coll_store *s, int (*fn)(void *ctx, const coll_store_team *t), void *ctx,
			  fb_err *err);
/* FB_ERR_NOTFOUND when code has no row, location or user. */
int coll_store_team_get(coll_store *s, const char *code, coll_store_team *out, fb_err *err);
/* Makes or renames code's row. add: FB_ERR_INVALID when a row exists. */
int coll_store_team_put(coll_store *s, const char *code, const char *name, bool add, fb_err *err);
/* Retires code at now_ms (0: back in use); FB_ERR_NOTFOUND when no row. */
int coll_store_team_retire(coll_store *s, const char *code, int64_t now_ms, fb_err *err);

/* ---- the audit trail (schema 6, audit.c) ----------------------------------------
 * One append-only table: who, when, from which address, what (action), on
 * what (object) and a short detail. Nothing in the product changes or deletes
 * a row, except coll_store_audit_prune for [audit] retention_years. Callers
 * never put comment text or a password in any field. */
#define COLL_STORE_AUDIT_FIELD_MAX 1024  /* bytes kept of object and detail (a
                                         * settings change names two opening
                                         * hours texts) */
typedef struct coll_store_audit_row {
	int64_t id, at_ms;
	const char *user, *addr, *action, *object, *detail;
} coll_store_audit_row;
int coll_store_audit_add(coll_store *s, int64_t at_ms, const char *user, const char *addr,
			 const char *action, const char *object, const char *detail, fb_err *err);
/* Which rows: each NULL/0 = any; [from_ms, to_ms) by time; at most limit
 * (0 = all), the newest first. */
typedef struct coll_store_audit_query {
	const char *user, *action;
	int64_t from_ms, to_ms;
	int limit;
} coll_store_audit_query;
int coll_store_audit_each(coll_store *s, const coll_store_audit_query *q,
			  int (*fn)(void *ctx, const coll_store_audit_row *r), void *ctx, fb_err *err);
/* Deletes rows older than before_ms (the retention job); how many in *n. */
int coll_store_audit_prune(coll_store *s, int64_t before_ms, int64_t *n, fb_err *err);

/* Sessions: keyed by the hash of the cookie value. Expired ones are
 * deleted whenever a new one is made. */
int coll_store_session_add(coll_store *s, const unsigned char sid_hash[COLL_STORE_HASH_LEN],
			   const char *user, const char *team, const char *csrf,
			   int64_t expires_ms, int64_t now_ms, fb_err *err);
typedef struct coll_store_session {
	char user[COLL_STORE_ID_MAX];
	char team[COLL_STORE_ID_MAX];     /* the user's team now (a move takes effect at once) */
	char role[COLL_STORE_ROLE_MAX];   /* the user's role now */
	char csrf[64];
} coll_store_session;
/* FB_ERR_NOTFOUND when unknown, expired, or the user is disabled. */
int coll_store_session_get(coll_store *s, const unsigned char sid_hash[COLL_STORE_HASH_LEN],
			   int64_t now_ms, coll_store_session *out, fb_err *err);
int coll_store_session_delete(coll_store *s, const unsigned char sid_hash[COLL_STORE_HASH_LEN],
			      fb_err *err);

/* A flagged comment's state (schema 4): new from arrival until someone marks
 * it seen (by whom, when) or actioned (by whom, when, a short note). */
typedef enum coll_flag_state {
	COLL_FLAG_NONE = 0,        /* not flagged */
	COLL_FLAG_NEW,
	COLL_FLAG_SEEN,
	COLL_FLAG_ACTIONED,
} coll_flag_state;
#define COLL_STORE_FLAG_NOTE_MAX 500     /* bytes of an action's note */

/* Which responses a query covers. Synthetic responses are never included. */
typedef struct coll_store_query {
	const char *location;     /* one location, or NULL */
	const char *team;         /* every location of the team, or NULL */
	int64_t from_ms, to_ms;   /* effective submission time in [from, to) */
	int fft;                  /* 0 = any rating, 1..6 = only this one */
	const char *search;       /* substring of the free text, or NULL */
	bool with_text_only;      /* only responses that have free text */
	int limit;                /* 0 = no limit */
	bool stored_order;        /* coll_store_responses_each: storage order, no flag state, no
				   * flagged-first sort (fast full exports) */
	const char *theme;        /* coll_store_responses_each, not stored_order: only responses
				   * with this sub-category code, a person's coding where there
				   * is one, else the model's suggestion (as coll_store_themes_top
				   * counts); NULL = any */
} coll_store_query;

/* counts[0..6]: responses per FFT code (0 = unanswered) within q. */
int coll_store_fft_counts(coll_store *s, const coll_store_query *q, int64_t counts[7], fb_err *err);

/* Per-month counts of q's range: months[m][0..6], m = 0 for the month
 * containing q->from_ms, at most n_months. Month = calendar month in the
 * Trust's time zone (months.h). */
int coll_store_fft_monthly(coll_store *s, const coll_store_query *q, int64_t (*months)[7],
			   int n_months, fb_err *err);

/* A stored response as read back (for pages and exports). Strings valid only
 * during the callback. */
typedef struct coll_store_row {
	const char *id, *device_id, *location, *survey_id, *language, *mode;
	int survey_version;
	int64_t submitted_at_ms, effective_at_ms, received_at_ms, duration_ms;
	int fft;
	unsigned flags;
	const char *answers_json;
	const char *free_text_json;  /* NULL when none */
	bool safeguarding;
	coll_flag_state flag_state;  /* COLL_FLAG_NONE when not flagged, and in
				      * stored_order walks (exports), which skip it */
	const char *flag_seen_by, *flag_actioned_by, *flag_note;   /* NULL until then */
	int64_t flag_seen_at_ms, flag_actioned_at_ms;              /* 0 until then */
} coll_store_row;
/* Rows of q, flagged comments not yet seen first, then newest first. fn returning
 * non-zero stops the walk (that value is returned). */
int coll_store_responses_each(coll_store *s, const coll_store_query *q,
			      int (*fn)(void *ctx, const coll_store_row *row), void *ctx,
			      fb_err *err);

/* The answers of q's responses (location or team, from/to; the other
 * filters are not used), for counting per survey version: fn gets each
 * (survey, version, clear answers) of the responses without free text once
 * with how many share it (n) and the earliest's time, then each response
 * with free text on its own (n 1). Synthetic responses never. Strings valid
 * only during the call; fn returning non-zero stops the walk. */
typedef struct coll_store_answers {
	const char *survey_id;
	int survey_version;
	const char *answers_json;        /* clear answers */
	const char *free_text_json;      /* NULL for a group without free text */
	int64_t n;
	int64_t first_ms;                /* effective submission time of the earliest */
} coll_store_answers;
int coll_store_answers_each(coll_store *s, const coll_store_query *q,
			    int (*fn)(void *ctx, const coll_store_answers *a), void *ctx, fb_err *err);

/* The Trust report's breakdowns: responses of every added location (exactly
 * those the teams' pages count) in the months [from_month, to_month)
 * (YYYYMM, the responses' month key), per mode ("kiosk", "assisted") or
 * language (its tag) and FFT code 0..6: fn gets each key, code and count, by
 * key then code. Synthetic responses never. Suppressing is the caller's job. */
typedef enum coll_store_by { COLL_STORE_BY_MODE = 0, COLL_STORE_BY_LANGUAGE } coll_store_by;
int coll_store_fft_by(coll_store *s, coll_store_by by, int from_month, int to_month,
		      int (*fn)(void *ctx, const char *key, int fft, int64_t n), void *ctx, fb_err *err);

/* Flagged comments of team's locations (every location when team is NULL),
 * newest first: those not yet seen (new_only) or the others (seen or
 * actioned), at most limit (0 = all). Synthetic responses never. */
int coll_store_flags_each(coll_store *s, const char *team, bool new_only, int limit,
			  int (*fn)(void *ctx, const coll_store_row *row), void *ctx, fb_err *err);
/* How many flagged comments of location (else of team, else everywhere) are
 * not yet seen, whatever their date. */
int coll_store_flags_count_new(coll_store *s, const char *location, const char *team,
			       int64_t *out, fb_err *err);
/* The location of flagged comment id; FB_ERR_NOTFOUND when no response id is
 * flagged. */
int coll_store_flag_location(coll_store *s, const char *id, char *location, size_t size,
			     fb_err *err);
/* Marks flagged comment id seen by user at now_ms (the first seer is kept). */
int coll_store_flag_mark_seen(coll_store *s, const char *id, const char *user, int64_t now_ms,
			      fb_err *err);
/* Marks it actioned by user at now_ms with note (and seen, if it was not). */
int coll_store_flag_mark_actioned(coll_store *s, const char *id, const char *user,
				  const char *note, int64_t now_ms, fb_err *err);

/* Email alerts (schema 4): one per comment flagged since schema 4 (never
 * for a duplicate push or a synthetic response), made in the transaction
 * that stores it. Strings valid only during the callback. */
typedef struct coll_store_alert {
	const char *response_id, *location;
	int64_t created_ms;
	int attempts;
	int64_t next_attempt_ms;
	const char *last_error;       /* NULL when none */
	int64_t sent_ms;              /* 0 = not sent */
} coll_store_alert;
/* Unsent alerts due at now_ms, the longest waiting first, at most limit. */
int coll_store_alerts_due(coll_store *s, int64_t now_ms, int limit,
			  int (*fn)(void *ctx, const coll_store_alert *a), void *ctx, fb_err *err);
/* Every unsent alert, the newest first, at most limit (for the pages). */
int coll_store_alerts_unsent(coll_store *s, int limit,
			     int (*fn)(void *ctx, const coll_store_alert *a), void *ctx, fb_err *err);
/* The mail server took it: never sent again. */
int coll_store_alert_sent(coll_store *s, const char *response_id, int64_t now_ms, fb_err *err);
/* A send failed with error: tried again from next_attempt_ms. */
int coll_store_alert_failed(coll_store *s, const char *response_id, const char *error,
			    int64_t next_attempt_ms, fb_err *err);

/* One refused location of a fleet row. */
typedef struct coll_store_fleet_refusal {
	const char *location;
	int64_t n, last_ms;
} coll_store_fleet_refusal;

typedef struct coll_store_fleet_row {
	const char *device_id;
	const char *locations;       /* enrolled codes, ", " between; "" = none */
	const char *version, *last_error;
	bool revoked;
	int64_t enrolled_at_ms;      /* 0 = before schema 3 (not known) */
	int64_t last_heartbeat_ms;   /* 0 = never */
	int64_t last_push_ms;        /* 0 = never */
	int64_t last_seen_ms;        /* latest of the two; 0 = never heard from */
	bool has_heartbeat;          /* the fields below came with one */
	int64_t queue_depth, oldest_unsent_age_s, quarantined, disk_free_bytes;
	const coll_store_fleet_refusal *refused;   /* by location; n_refused of them */
	size_t n_refused;
} coll_store_fleet_row;
/* Devices enrolled for any location of team (all when team is NULL), the
 * longest silent first. Strings valid only during the callback. */
int coll_store_fleet_each(coll_store *s, const char *team,
			  int (*fn)(void *ctx, const coll_store_fleet_row *row), void *ctx,
			  fb_err *err);

/* Location codes that responses arrived with but that were never added
 * (coll_store_location_add), with how many (non-synthetic) responses each has,
 * by code. Such responses are stored but belong to no team's pages. */
int coll_store_unknown_locations_each(coll_store *s,
				      int (*fn)(void *ctx, const char *code, int64_t responses),
				      void *ctx, fb_err *err);

/* Counts stored responses (synthetic ones too when with_synthetic). */
int coll_store_count_responses(coll_store *s, bool with_synthetic, int64_t *out, fb_err *err);


/* ---- "You said, we did" actions (schema 5) ----------------------------------
 * A team's action: what people told us (you_said, linked to the comments it
 * came from), the change (we_will), an owner, a due date and a state. Every
 * state change is kept with who and when (action_history), so a quarter's
 * view shows each action as it stood at the quarter's end: an action is
 * carried from quarter to quarter until it is done or dropped. */
typedef enum coll_action_state {
	COLL_ACTION_PROPOSED = 0,
	COLL_ACTION_PLANNED,
	COLL_ACTION_DOING,
	COLL_ACTION_DONE,
	COLL_ACTION_DROPPED,
	COLL_ACTION_STATES
} coll_action_state;
#define COLL_STORE_ACTION_TEXT_MAX 4000   /* bytes of you_said, we_will, a reason (1000
					   * characters of any script, as the pages allow) */
#define COLL_STORE_ACTION_COMMENTS_MAX 50 /* comments one action links to */
#define COLL_STORE_COMMENT_ID_MAX 40      /* a response id (UUID text) and its NUL */
#define COLL_STORE_ACTION_THEMES_MAX 512  /* bytes of an action's theme codes, comma-separated,
					   * and its NUL (schema 12) */

/* "proposed" .. "dropped"; the stored and posted names. */
const char *coll_action_state_name(coll_action_state st);
/* The state named name, or -1. */
int coll_action_state_parse(const char *name);
/* Whether st is still open (proposed, planned, doing): carried on. */
bool coll_action_state_open(coll_action_state st);

typedef struct coll_store_action {
	int64_t id;
	char team[COLL_STORE_ID_MAX];
	char you_said[COLL_STORE_ACTION_TEXT_MAX + 1];
	char we_will[COLL_STORE_ACTION_TEXT_MAX + 1];
	char owner[COLL_STORE_NAME_MAX];
	char due[16];                        /* "YYYY-MM-DD", "" = none */
	coll_action_state state;             /* now, or at the end of the period asked */
	char reason[COLL_STORE_ACTION_TEXT_MAX + 1];   /* why dropped; "" otherwise */
	int64_t state_ms;                    /* when it took that state */
	int64_t created_ms;
	char created_by[COLL_STORE_ID_MAX];
	int n_comments;
	char themes[COLL_STORE_ACTION_THEMES_MAX];   /* the themes it answers: sub-category
					      * codes of the framework, comma-separated;
					      * "" = none (schema 12) */
} coll_store_action;

/* Makes an action of team (with a's themes), proposed by user at now_ms, linked to the
 * comments ids[0..n) (0 to COLL_STORE_ACTION_COMMENTS_MAX; each must be a
 * response of one of team's locations, else FB_ERR_INVALID naming it and
 * nothing is stored). Reads a's texts, owner and due; its id in *id_out. */
int coll_store_action_add(coll_store *s, const coll_store_action *a, const char *user,
			  const char *const *ids, size_t n, int64_t now_ms, int64_t *id_out,
			  fb_err *err);
/* FB_ERR_NOTFOUND when no action id. */
int coll_store_action_get(coll_store *s, int64_t id, coll_store_action *out, fb_err *err);
/* Changes the texts, owner, due date and themes of action a->id. */
int coll_store_action_update(coll_store *s, const coll_store_action *a, fb_err *err);
/* Moves action id to st by user at now_ms, kept in its history; dropped
 * needs a reason (FB_ERR_INVALID without one; other states keep none). */
int coll_store_action_set_state(coll_store *s, int64_t id, coll_action_state st,
				const char *reason, const char *user, int64_t now_ms, fb_err *err);
/* Actions of team as they stood just before to_ms: those still open then,
 * and those done or dropped in [from_ms, to_ms). location non-NULL: only
 * those linked to one of its comments, or to none. Open ones first (by due
 * date), then done, then dropped. */
int coll_store_actions_each(coll_store *s, const char *team, const char *location,
			    int64_t from_ms, int64_t to_ms,
			    int (*fn)(void *ctx, const coll_store_action *a), void *ctx, fb_err *err);
/* One state change: the state taken, a reason (dropped; else NULL), by whom. */
typedef struct coll_store_action_step {
	coll_action_state state;
	const char *reason, *by;
	int64_t at_ms;
} coll_store_action_step;
/* Action id's state changes, the first first. */
int coll_store_action_history_each(coll_store *s, int64_t id,
				   int (*fn)(void *ctx, const coll_store_action_step *st),
				   void *ctx, fb_err *err);
/* The ids of the comments action id came from, at most max, into ids. */
int coll_store_action_comment_ids(coll_store *s, int64_t id, char (*ids)[COLL_STORE_COMMENT_ID_MAX],
				  size_t max, size_t *n, fb_err *err);
/* The comments ids[0..n) that belong to one of team's locations (others are
 * skipped: the caller compares the count), in the order given. Rows as
 * coll_store_responses_each gives them. */
int coll_store_comments_of_team(coll_store *s, const char *team, const char *const *ids, size_t n,
				int (*fn)(void *ctx, const coll_store_row *row), void *ctx,
				fb_err *err);

/* ---- published "You said, we did" items (schema 5) --------------------------
 * A done action shown in the waiting room: for some of the team's locations,
 * from from_ms until to_ms, with short texts per language. A language with no
 * text is not shown in that language. One item per action; publishing again
 * replaces it. */
#define COLL_STORE_PUBLISH_LANGS_MAX 16
#define COLL_STORE_PUBLISH_TEXT_MAX 400   /* bytes of each short text: the config
					   * document's FB_PROTO_CONFIG_TEXT_MAX */
#define COLL_STORE_LANG_MAX 16
typedef struct coll_store_publish_text {
	char lang[COLL_STORE_LANG_MAX];
	char you_said[COLL_STORE_PUBLISH_TEXT_MAX + 1];
	char we_did[COLL_STORE_PUBLISH_TEXT_MAX + 1];
} coll_store_publish_text;
typedef struct coll_store_publish {
	int64_t id;                          /* the item's (set by put, 0 = none yet) */
	int64_t action_id;
	int64_t from_ms, to_ms;
	int64_t updated_ms;
	char updated_by[COLL_STORE_ID_MAX];
	char locations[COLL_STORE_DEVICE_LOCATIONS_MAX][COLL_STORE_ID_MAX];
	size_t n_locations;
	coll_store_publish_text texts[COLL_STORE_PUBLISH_LANGS_MAX];  /* both texts set */
	size_t n_texts;
} coll_store_publish;
/* Publishes (or replaces) the item of action p->action_id, in one
 * transaction, by user at now_ms; p->id gets the item's id. Each location
 * must be one of team's (FB_ERR_INVALID otherwise, nothing stored). */
int coll_store_publish_put(coll_store *s, const char *team, coll_store_publish *p, const char *user,
			   int64_t now_ms, fb_err *err);
/* The item of action action_id; FB_ERR_NOTFOUND when it was never published. */
int coll_store_publish_get(coll_store *s, int64_t action_id, coll_store_publish *out, fb_err *err);
/* What GET /v1/config serves a device at location: each language of each item
 * published for it and showing at now_ms (from_ms <= now < to_ms), by item id
 * then language. Strings valid only during the callback. */
int coll_store_published_for_location(coll_store *s, const char *location, int64_t now_ms,
				      int (*fn)(void *ctx, int64_t item_id, const char *lang,
						const char *you_said, const char *we_did,
						int64_t from_ms, int64_t to_ms),
				      void *ctx, fb_err *err);
/* Records that device_id fetched its config (etag) at now_ms (the config
 * endpoint's call; the latest fetch per device is kept). */
int coll_store_config_fetch_put(coll_store *s, const char *device_id, const char *etag,
				int64_t now_ms, fb_err *err);
/* Devices enrolled for one of item item_id's locations that fetched their
 * config since it was last published, the latest first. */
int coll_store_publish_pickups_each(coll_store *s, int64_t item_id,
				    int (*fn)(void *ctx, const char *device_id, int64_t fetched_at_ms),
				    void *ctx, fb_err *err);

/* ---- tablet settings per location (schema 10, store/settings.c) -----------
 * What the Trust set for one location's kiosks, served by GET /v1/config
 * beside the published items: languages offered (in order), idle timeout,
 * opening hours and the modes a person may choose (schema 13),
 * crisis-help text per language, the survey (its file's name and the JSON
 * text checked when it was chosen, so a later edit of the file changes
 * nothing until someone chooses it again). Each is unset until set; unset
 * keys stay out of the config and the tablet keeps its own. Checking the
 * values is the caller's (collector/web/pages_settings.c); the store keeps
 * what it is given, capped. */
#define COLL_STORE_SETTINGS_LANGS_MAX 16   /* FB_PROTO_CONFIG_LANGS_MAX */
#define COLL_STORE_CRISIS_MAX 511          /* bytes: FB_PROTO_CONFIG_CRISIS_MAX */
#define COLL_STORE_SURVEY_FILE_MAX 256
#define COLL_STORE_HOURS_MAX 255           /* bytes: FB_HOURS_TEXT_MAX */
#define COLL_STORE_MODES_MAX 3             /* FB_PROTO_CONFIG_MODES_MAX */
#define COLL_STORE_MODE_MAX 16             /* FB_MODE_NAME_MAX */
typedef struct coll_store_location_settings {
	size_t n_languages;                  /* 0 = not set */
	char languages[COLL_STORE_SETTINGS_LANGS_MAX][COLL_STORE_LANG_MAX];
	int idle_timeout_s;                  /* 0 = not set */
	size_t n_crisis;                     /* 0 = none set: the kiosk's own card */
	struct coll_store_crisis {
		char lang[COLL_STORE_LANG_MAX];
		char text[COLL_STORE_CRISIS_MAX + 1];
	} crisis[COLL_STORE_SETTINGS_LANGS_MAX];
	char survey_file[COLL_STORE_SURVEY_FILE_MAX];  /* "" = not set */
	char *survey_json;                   /* malloc'd; NULL = not set */
	/* schema 13: lib/hours.h's text, checked by the caller; "" = not set */
	char opening_hours[COLL_STORE_HOURS_MAX + 1];
	/* schema 13: the modes a person may choose, "standard" first (the
	 * caller checks the rule); 0 = not set */
	size_t n_modes;
	char modes[COLL_STORE_MODES_MAX][COLL_STORE_MODE_MAX];
	int64_t updated_ms;                  /* 0 = never set */
	char updated_by[COLL_STORE_ID_MAX];
} coll_store_location_settings;
/* Location's settings into *out (all unset when none were ever saved);
 * release with coll_store_location_settings_clear. */
int coll_store_location_settings_get(coll_store *s, const char *location,
				     coll_store_location_settings *out, fb_err *err);
/* Frees survey_json and zeroes *v. */
void coll_store_location_settings_clear(coll_store_location_settings *v);
/* Replaces location's settings with *v (every key, in one transaction), by
 * user at now_ms. FB_ERR_INVALID when a value is over its cap (nothing
 * stored). */
int coll_store_location_settings_put(coll_store *s, const char *location,
				     const coll_store_location_settings *v, const char *user,
				     int64_t now_ms, fb_err *err);
/* Each device enrolled for location, with the ETag of the config it last
 * fetched (NULL and 0: never fetched), by device id. */
int coll_store_location_fetches_each(coll_store *s, const char *location,
				     int (*fn)(void *ctx, const char *device_id, const char *etag,
					       int64_t fetched_at_ms),
				     void *ctx, fb_err *err);

/* ---- the Trust's current public key (the settings table) ------------------
 * What the serving collector seals devices' new answers to: the public half
 * of the first key of [ingest] secret_key_file (after keygen --rotate, the
 * new one), written at each start, served to every device in GET /v1/config
 * ("trust_public_key"), so a rotation reaches tablets with their next
 * config. b64 is the key's base64 (44 characters). */
#define COLL_STORE_TRUST_KEY_B64 64
int coll_store_trust_key_put(coll_store *s, const char *b64, fb_err *err);
/* "" when no collector has served with a key yet. */
int coll_store_trust_key_get(coll_store *s, char b64[COLL_STORE_TRUST_KEY_B64], fb_err *err);

/* ---- themes (schema 7) ---------------------------------------------------
 * What people coded each comment with (sub-category codes of the framework,
 * collector/themes/framework.h, and a sentiment 1 very positive .. 5 very
 * negative), what the model suggested, and the trained models themselves.
 * A comment is one text answer of a response: (response_id, question), the
 * question "good", "better" or "other". Imported coding has no response:
 * its response_id is "import:" and a hash of its question and text, so
 * importing the same comment again corrects it rather than adding it twice.
 * Coding again replaces the current coding (the old one is kept, with when
 * it was replaced: the history). Suggestions are never coding: a person's
 * coding wins wherever there is one. Strings are borrowed for the call or
 * valid only during the callback. */
#define COLL_STORE_THEMES_CATS_MAX 4096   /* bytes of a comma-separated list of codes */
#define COLL_STORE_THEMES_MODELS_KEPT 3   /* the newest models kept; older ones deleted */

typedef struct coll_store_theme_coding {
	const char *response_id;
	const char *question;            /* "good", "better", "other" */
	const char *comment;             /* the text that was coded */
	const char *categories;          /* codes, comma-separated; "" = none */
	int sentiment;                   /* 1..5 */
	const char *coded_by;            /* a user name, or "import FILE" */
	int64_t coded_at_ms;
	int64_t replaced_at_ms;          /* 0 = the current coding */
} coll_store_theme_coding;

typedef struct coll_store_theme_suggestion {
	const char *question;
	const char *categories;          /* codes, comma-separated; "" = none */
	int sentiment;                   /* 1..5; 0 = no sentiment model */
	int64_t model_id;
	int64_t made_at_ms;
} coll_store_theme_suggestion;

/* Stores v[0..n) in one transaction, each replacing the current coding of
 * its comment (kept as history). FB_ERR_INVALID (nothing stored) when one
 * has no text, a sentiment outside 1..5 or a list over the cap. */
int coll_store_themes_coding_put(coll_store *s, const coll_store_theme_coding *v, size_t n, fb_err *err);
/* Every current coding, in the order stored (training reads them). */
int coll_store_themes_coding_each(coll_store *s,
				  int (*fn)(void *ctx, const coll_store_theme_coding *c), void *ctx,
				  fb_err *err);
/* Every coding of one comment, the first first, the replaced ones too. */
int coll_store_themes_coding_history_each(coll_store *s, const char *response_id, const char *question,
					  int (*fn)(void *ctx, const coll_store_theme_coding *c),
					  void *ctx, fb_err *err);
/* How many comments have a current coding. */
int coll_store_themes_coding_count(coll_store *s, int64_t *out, fb_err *err);
/* The model's suggestions for a response's comments, by question. */
int coll_store_themes_suggestions_each(coll_store *s, const char *response_id,
				       int (*fn)(void *ctx, const coll_store_theme_suggestion *g),
				       void *ctx, fb_err *err);
/* Keeps a trained model (its text, coll_themes_model_save) with the scores
 * training printed, trained by whom from how many comments; its id (1, 2,
 * ...) in *id_out. Only the newest COLL_STORE_THEMES_MODELS_KEPT are kept. */
int coll_store_themes_model_put(coll_store *s, const char *body, const char *scores, int64_t n_comments,
				const char *by, int64_t now_ms, int64_t *id_out, fb_err *err);
/* The newest model's text (malloc'd into *body: free it) and id;
 * FB_ERR_NOTFOUND when none was trained yet. */
int coll_store_themes_model_latest(coll_store *s, char **body, int64_t *id, int64_t *trained_at_ms,
				   fb_err *err);
/* The newest model's id, 0 when there is none (a cheap check for a newer one). */
int coll_store_themes_model_latest_id(coll_store *s, int64_t *id, fb_err *err);
/* What the themes page says of the newest model: its id, when and by whom
 * it was trained, from how many coded comments. FB_ERR_NOTFOUND when none. */
typedef struct coll_store_themes_model_info {
	int64_t id, trained_at_ms, n_comments;
	char trained_by[COLL_STORE_NAME_MAX];
} coll_store_themes_model_info;
int coll_store_themes_model_info_get(coll_store *s, coll_store_themes_model_info *out, fb_err *err);
/* When the newest model was trained and the newest current coding made
 * (each 0 when there is none): whether coding is newer than the model. */
int coll_store_themes_freshness(coll_store *s, int64_t *model_at_ms, int64_t *coding_at_ms, fb_err *err);
/* For the theme pages and the Quality Board: how many comments of team's
 * locations (every location when team is NULL) submitted in [from_ms, to_ms)
 * answering question ("good", "better"; NULL = any) have each sub-category,
 * counting a person's coding where there is one and else the model's
 * suggestion; fn gets each code with its count, the most mentioned first.
 * Synthetic responses never. Suppressing small counts is the page's job
 * (suppress.h). */
int coll_store_themes_top(coll_store *s, const char *team, int64_t from_ms, int64_t to_ms,
			  const char *question, int (*fn)(void *ctx, const char *code, int64_t n),
			  void *ctx, fb_err *err);
/* The same for one location (a ward's page). */
int coll_store_themes_top_location(coll_store *s, const char *location, int64_t from_ms, int64_t to_ms,
				   const char *question,
				   int (*fn)(void *ctx, const char *code, int64_t n), void *ctx,
				   fb_err *err);
/* Per sub-category code, how many comments people coded with it (current
 * coding, imported too): what training counts against [themes]
 * min_positives. fn gets each code with its count. */
int coll_store_themes_coded_counts(coll_store *s, int (*fn)(void *ctx, const char *code, int64_t n),
				   void *ctx, fb_err *err);

/* ---- the Quality Board's quotes (schema 12, themes_store.c) -----------------
 * For a location's sheet of a quarter ("2026-27-Q3"), one comment a person
 * chose per theme code: kept as the comment's response id and question only,
 * never a copy of its words, so a quote shows what is stored and nothing
 * once the words are gone. Erasure and retention delete the pick with the
 * response's words (store/retain.c). */
typedef struct coll_store_theme_quote {
	const char *code;
	const char *response_id;
	const char *question;            /* "good", "better" */
	const char *chosen_by;
	int64_t chosen_at_ms;
	const char *free_text_json;      /* the response's words now; NULL = gone */
	bool safeguarding;               /* the response is flagged: never shown */
} coll_store_theme_quote;
/* Chooses (or replaces) the quote of code on location's sheet of quarter. */
int coll_store_theme_quote_put(coll_store *s, const char *location, const char *quarter,
			       const char *code, const char *response_id, const char *question,
			       const char *by, int64_t now_ms, fb_err *err);
/* Takes it off; *removed says whether there was one (may be NULL). */
int coll_store_theme_quote_clear(coll_store *s, const char *location, const char *quarter,
				 const char *code, bool *removed, fb_err *err);
/* Each quote of location's sheet of quarter, by code; strings valid only
 * during the callback. */
int coll_store_theme_quotes_each(coll_store *s, const char *location, const char *quarter,
				 int (*fn)(void *ctx, const coll_store_theme_quote *q), void *ctx,
				 fb_err *err);

/* ---- retention and erasure (schema 8, store/retain.c) ----------------------
 * Both keep response_counts right: a response that loses its words moves from
 * the has_text = 1 count to the has_text = 0 one of its month (the rating
 * counts stay as they were); a month whose responses are deleted loses its
 * counts with them. returns_made holds the months whose national return
 * (the fft-submission export of every location) was taken after they ended. */

/* Records that month (YYYYMM) had its national return made at now_ms. */
int coll_store_return_made(coll_store *s, int month, int64_t now_ms, fb_err *err);

typedef struct coll_store_retention {
	int64_t text_before_ms;     /* free text, contact details and flag notes of
				     * responses effective before this are deleted */
	int ratings_before;         /* YYYYMM: whole responses of earlier months are
				     * deleted, with their counts ... */
	int return_safe_through;    /* ... when the month is this one or earlier, or
				     * its return is in returns_made */
	char signups_before[11];    /* "YYYY-MM-DD": volunteer sign-ups given before
				     * this date are deleted, whatever their state */
	bool dry_run;               /* count what would go, change nothing */
} coll_store_retention;
typedef struct coll_store_retention_done {
	int64_t texts;              /* responses whose words went */
	int64_t responses;          /* whole responses deleted */
	int64_t held;               /* old enough, kept: their month's return is not made */
	int64_t signups;            /* volunteer sign-ups deleted */
} coll_store_retention_done;
/* One transaction (rolled back when dry_run). The caller scrubs afterwards
 * (coll_store_scrub) when anything went. */
int coll_store_retention_run(coll_store *s, const coll_store_retention *r,
			     coll_store_retention_done *out, fb_err *err);

/* Erasure for a person who asks. A hit: a response whose comments or contact
 * details (any answer of its free text) hold the search text, compared after
 * Unicode case folding. Strings valid only during the callback. */
typedef struct coll_store_erase_hit {
	const char *id, *location;
	int64_t effective_at_ms;
	const char *free_text_json;
} coll_store_erase_hit;
/* Hits of text, newest first, at most limit (0 = all). */
int coll_store_erase_search(coll_store *s, const char *text, int limit,
			    int (*fn)(void *ctx, const coll_store_erase_hit *h), void *ctx,
			    fb_err *err);
/* "You said, we did" texts staff wrote that hold text (folded as above):
 * each action whose you_said, we_will or reason does, or one of whose
 * published waiting-room texts does, once, by id. Staff words are not
 * erased by coll_store_erase_ids: a person rewords them on the actions page. */
int coll_store_erase_search_actions(coll_store *s, const char *text,
				    int (*fn)(void *ctx, int64_t action_id, const char *team),
				    void *ctx, fb_err *err);
/* Erases responses ids[0..n) in one transaction (FB_ERR_NOTFOUND naming the
 * first id that is no stored response, and nothing changes): their free text
 * and contact details, clear answers, flag note, email alert, links from
 * actions and Quality Board quotes go; the rating stays with its location, month, survey and mode but
 * no longer linkable: a new random id, device 'erased', language 'und', every
 * time set to the start of its month. The old id is kept only as a hash
 * (erased_ids) so a re-sent or re-imported record is a duplicate, never
 * stored again. Then the freed bytes are scrubbed from the database file
 * (coll_store_scrub). */
int coll_store_erase_ids(coll_store *s, const char *const *ids, size_t n, fb_err *err);
/* Whether id was erased (a record with it is a duplicate). */
int coll_store_erased(coll_store *s, const char *id, bool *out, fb_err *err);
/* Makes deleted words unreadable from the database's files: SQLite keeps
 * secure_delete on (freed space zeroed as it is freed) and here checkpoints
 * and truncates its write-ahead log, which still holds the old pages;
 * PostgreSQL VACUUMs responses (its dead row versions). A checkpoint another
 * connection holds up is FB_ERR_IO saying to run it again. */
int coll_store_scrub(coll_store *s, fb_err *err);

/* The public key each device's latest sealed record was sealed to (schema 8,
 * device_seal_keys; kept from the batch note), by device: an old Trust key
 * can be retired once no device still seals to it. */
int coll_store_device_seal_keys_each(coll_store *s,
				     int (*fn)(void *ctx, const char *device_id, const char *public_key,
					       int64_t submitted_ms),
				     void *ctx, fb_err *err);

/* Backups (SQLite; PostgreSQL's go through pg_dump, collector/backup.c).
 * Whether the backend copies itself (coll_store_backup works). */
bool coll_store_can_copy(const coll_store *s);
/* A consistent copy of the whole database into path, a new file (never
 * overwritten; mode 0600), while other connections keep writing. */
int coll_store_backup(coll_store *s, const char *path, fb_err *err);
/* Replaces the database with the copy at path. The caller has checked the
 * store is empty (coll_store_is_empty) and reopens it afterwards (migrating
 * an older copy's schema). */
int coll_store_restore(coll_store *s, const char *path, fb_err *err);
/* Whether the store holds nothing a Trust made: no response, device,
 * location or user. */
int coll_store_is_empty(coll_store *s, bool *out, fb_err *err);

/* ---- volunteer sign-ups (schema 11, volunteers.c) -------------------------------
 * A person's offer to help (lib/signup.h), kept apart from every response:
 * no column names a response, a device or the time it came. The contact is
 * kept sealed as the device sent it and opened only to be shown. Erasing
 * one deletes its row and keeps its id's hash (erased_ids), so a resend is
 * answered stored and nothing comes back. */
typedef enum coll_store_signup_state {
	COLL_SIGNUP_NEW = 0, COLL_SIGNUP_CONTACTED, COLL_SIGNUP_JOINED, COLL_SIGNUP_DECLINED,
	COLL_SIGNUP_STATE_COUNT
} coll_store_signup_state;
const char *coll_store_signup_state_name(coll_store_signup_state st); /* "new", ... */
int coll_store_signup_state_parse(const char *name, coll_store_signup_state *out); /* 0 or -1 */
/* One received sign-up; strings borrowed for the call. */
typedef struct coll_store_signup {
	const char *id;                  /* random, UUIDv7 form */
	const unsigned char *digest;     /* COLL_STORE_HASH_LEN bytes */
	const char *location;
	const char *date;                /* "YYYY-MM-DD" */
	const char *sealed_b64;
} coll_store_signup;
/* Stores n in one transaction; outcomes as for responses. */
int coll_store_signups_put(coll_store *s, const coll_store_signup *rows, size_t n,
			   coll_store_outcome *outcomes, fb_err *err);
/* A stored sign-up as read back; strings valid during the callback. */
typedef struct coll_store_signup_row {
	const char *id, *location, *date, *sealed_b64;
	coll_store_signup_state state;
	const char *state_by;            /* NULL while new */
	int64_t state_at_ms;             /* 0 while new */
} coll_store_signup_row;
/* Newest date first. fn returns non-zero to stop. */
int coll_store_signups_each(coll_store *s, int (*fn)(void *ctx, const coll_store_signup_row *r),
			    void *ctx, fb_err *err);
/* One by id: FB_ERR_NOTFOUND when none. */
int coll_store_signup_get(coll_store *s, const char *id,
			  int (*fn)(void *ctx, const coll_store_signup_row *r), void *ctx,
			  fb_err *err);
int coll_store_signup_set_state(coll_store *s, const char *id, coll_store_signup_state st,
				const char *by, int64_t now_ms, fb_err *err);
/* Erases sign-ups ids[0..n) for good in one transaction: each row goes and
 * its id's hash is kept (erased_ids). FB_ERR_NOTFOUND naming the first id
 * that is no stored sign-up, and nothing changes. The caller audits each and
 * scrubs afterwards (coll_store_scrub). Both the /volunteers page and
 * 'erase signups' use it. */
int coll_store_signups_erase(coll_store *s, const char *const *ids, size_t n, fb_err *err);
int coll_store_signup_erase(coll_store *s, const char *id, fb_err *err);   /* one of them */
/* Opens a sealed box with the collector's keys (coll_ingest_open; the web's
 * coll_web_open_fn has the same form): *plain malloc'd, the caller wipes
 * and frees it; non-zero when no key opens it. */
typedef int (*coll_store_open_fn)(const void *ctx, const char *b64, char **plain, size_t *len,
				  fb_err *err);
/* Erasure search of sign-ups (store/retain.c): each one whose opened name or
 * contact holds text, folded as coll_store_erase_search does, newest date
 * first. Strings valid only during the callback (the opened text is wiped
 * after it). *unopened: sign-ups no key opened (not searched). */
typedef struct coll_store_signup_hit {
	const char *id, *location, *date, *name, *contact;
} coll_store_signup_hit;
int coll_store_signups_search(coll_store *s, const char *text, coll_store_open_fn open,
			      const void *open_ctx,
			      int (*fn)(void *ctx, const coll_store_signup_hit *h), void *ctx,
			      int64_t *unopened, fb_err *err);
/* Sign-ups given on dates in [from_date, to_date) ("YYYY-MM-DD"). */
int coll_store_signups_count(coll_store *s, const char *from_date, const char *to_date,
			     int64_t *n, fb_err *err);

#endif
