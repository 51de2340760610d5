/* users: the one module that changes users, locations and devices, called
 * by the command line (admin.c, main.c) and the admin pages (web/) alike, so
 * both make the same checks; and the audit trail's entry point (coll_audit_add).
 * Owns: the roles and their names, what each change checks (valid names, a
 * known role, never leaving the Trust without an enabled admin, never
 * enrolling a device for a retired location), one-time password reset links
 * (32 random bytes shown once, only their hash kept, valid COLL_USERS_RESET_HOURS,
 * used once), and writing exactly one audit row for each change made.
 * Promises: no audit row ever holds a password, a reset link or comment text;
 * a disabled user is signed out everywhere in the same transaction. */
#ifndef COLL_USERS_H
#define COLL_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"

/* Roles: what a person may see and do. */
typedef enum coll_role {
	COLL_ROLE_RESULTS = 0,          /* one team's results pages */
	COLL_ROLE_ESTATES,              /* the fleet: every device */
	COLL_ROLE_SAFEGUARDING,         /* flagged comments, Trust-wide */
	COLL_ROLE_PATIENT_EXPERIENCE,   /* every team's results */
	COLL_ROLE_ADMIN,                /* users, teams, locations, devices, the audit trail */
	COLL_ROLES
} coll_role;
/* "results", "estates", "safeguarding", "patient-experience", "admin": the
 * stored and typed names. */
const char *coll_role_name(coll_role r);
/* As a person reads it: "Results", "Estates", ..., "Patient experience". */
const char *coll_role_label(coll_role r);
/* The role named name, or -1. */
int coll_role_parse(const char *name);

/* Audit actions (the action column). */
#define COLL_AUDIT_SIGN_IN "sign-in"
#define COLL_AUDIT_SIGN_IN_FAILED "sign-in-failed"
#define COLL_AUDIT_SIGN_OUT "sign-out"
#define COLL_AUDIT_VIEW_COMMENTS "view-comments"
#define COLL_AUDIT_EXPORT "export"
#define COLL_AUDIT_SAFEGUARDING "safeguarding"
#define COLL_AUDIT_PASSWORD_SET "password-set"
#define COLL_AUDIT_ERASURE "erasure"
/* the detail of a sign-up's erasure row ("sign-up ID"): what went, never its words */
#define COLL_AUDIT_SIGNUP_ERASED "volunteer sign-up: roles, name, contact and consent"
#define COLL_AUDIT_THEME_CODING "theme-coding"
#define COLL_AUDIT_THEME_QUOTE "theme-quote"     /* a Quality Board quote chosen or taken off */
#define COLL_AUDIT_THEMES_TRAIN "themes-train"   /* Train now pressed: a training started */

/* Adds one row to the audit trail: who (a user name, or "command line"),
 * at now_ms, from addr (a client address, "local" for the command line),
 * action (one of COLL_AUDIT_* or a change's name, "user-disable"...), on
 * object, with detail (filters, counts, old -> new). Never comment text or a
 * password. The entry point for every audited step, erasure included:
 *   coll_audit_add(st, now, user, addr, COLL_AUDIT_ERASURE, "response ID", "words and contact")
 * On failure says so on stderr (the step itself is not undone). */
int coll_audit_add(coll_store *s, int64_t now_ms, const char *user, const char *addr,
		   const char *action, const char *object, const char *detail, fb_err *err);

/* Start (Unix ms) of local day "YYYY-MM-DD" in the Trust's zone (months.h);
 * FB_ERR_INVALID when day is not that shape. */
int coll_audit_day_start(const char *day, int64_t *ms, fb_err *err);
/* The same, with the start of the next day in *to_ms (may be NULL). */
int coll_audit_day_range(const char *day, int64_t *from_ms, int64_t *to_ms, fb_err *err);
/* The rows of q as CSV (when, user, address, action, object, detail; a
 * header line first; a field starting = + - @ gets a leading apostrophe, as
 * the exports do); how many rows in *rows. */
int coll_audit_write_csv(coll_store *s, const coll_store_audit_query *q, FILE *f, int64_t *rows,
			 fb_err *err);

/* Who makes a change: a signed-in admin (name, client address) or the
 * command line (name "command line", addr "local"). */
typedef struct coll_actor {
	const char *name;
	const char *addr;
	int64_t now_ms;
} coll_actor;

#define COLL_USERS_RESET_HOURS 24
#define COLL_USERS_TOKEN_TEXT 64      /* a reset link's token (base64url) and its NUL */

/* Adds a user of team with role (a name of coll_role_name). password_hash
 * may be "" (none yet: the admin gives them a reset link to set one). */
int coll_users_add(coll_store *s, const coll_actor *a, const char *name, const char *team,
		   const char *role, const char *password_hash, fb_err *err);
/* Disables (signs out everywhere) or enables again. An admin cannot
 * disable themselves, nor the last enabled admin. */
int coll_users_set_disabled(coll_store *s, const coll_actor *a, const char *name, bool disabled,
			    fb_err *err);
int coll_users_set_team(coll_store *s, const coll_actor *a, const char *name, const char *team,
			fb_err *err);
/* Never takes admin from the last enabled admin. */
int coll_users_set_role(coll_store *s, const coll_actor *a, const char *name, const char *role,
			fb_err *err);
/* A one-time reset link's token for name (show "/reset?token=TOKEN" to the
 * admin once), valid COLL_USERS_RESET_HOURS. */
int coll_users_reset(coll_store *s, const coll_actor *a, const char *name,
		     char token[COLL_USERS_TOKEN_TEXT], fb_err *err);
/* The user a still-usable token is for (FB_ERR_NOTFOUND: unknown, used or
 * expired). */
int coll_users_reset_check(coll_store *s, const char *token, int64_t now_ms, char *user,
			   size_t size, fb_err *err);
/* Sets the password with a token (once): at least COLL_USERS_PASSWORD_MIN
 * characters; audited as the user it was for. */
#define COLL_USERS_PASSWORD_MIN 10
int coll_users_reset_use(coll_store *s, const coll_actor *a, const char *token, const char *password,
			 char *user, size_t size, fb_err *err);

/* Locations (a team is the code its locations share). */
int coll_users_location_add(coll_store *s, const coll_actor *a, const char *code, const char *name,
			    const char *team, fb_err *err);
int coll_users_location_rename(coll_store *s, const coll_actor *a, const char *code,
			       const char *name, fb_err *err);
/* Retired: kept with its responses, shown as retired, no device may be
 * enrolled for it. retire false brings it back. */
int coll_users_location_retire(coll_store *s, const coll_actor *a, const char *code, bool retire,
			       fb_err *err);

/* Teams: add (a name for a new code), rename (names an existing one, over
 * the config's [team CODE] name), retire (only once it has no location in
 * use and no enabled user: its history is kept). retire false brings it back. */
int coll_users_team_add(coll_store *s, const coll_actor *a, const char *code, const char *name,
			fb_err *err);
int coll_users_team_rename(coll_store *s, const coll_actor *a, const char *code, const char *name,
			   fb_err *err);
int coll_users_team_retire(coll_store *s, const coll_actor *a, const char *code, bool retire,
			   fb_err *err);

/* Devices. */
int coll_users_device_revoke(coll_store *s, const coll_actor *a, const char *id, fb_err *err);
/* The locations device id may speak for from now: codes[0..n), each added
 * and not retired. */
int coll_users_device_locations(coll_store *s, const coll_actor *a, const char *id,
				const char *const *codes, size_t n, fb_err *err);

#endif
