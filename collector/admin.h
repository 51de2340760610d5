/* admin: the collector's command-line administration, one function per
 * subcommand (main.c parses, these act).
 * Owns: making the Trust keypair, enrolling devices for the locations they
 * may speak for and revoking them (a fresh 32-byte random token shown once;
 * only its hash kept), locations, users
 * (passwords hashed with crypto_pwhash_str), importing USB bundles with their
 * receipt, writing exports. Promises: secrets are written 0600 and never
 * printed except the one-time token where asked for. */
#ifndef COLL_ADMIN_H
#define COLL_ADMIN_H

#include <stdio.h>

#include "collector_config.h"
#include "ingest.h"
#include "store/store.h"

#define COLL_ADMIN_PASSWORD_MIN 10
#define COLL_ADMIN_BUNDLE_MAX (64 * 1024 * 1024)

int coll_admin_keygen(const char *public_path, const char *secret_path, FILE *out,
		      fb_err *err);
/* device keys: for each device, the Trust key its latest sealed record was
 * sealed to (current, old N, or one no longer held), then whether the old
 * keys can be retired (seal_keys.h, which the fleet page uses too). */
int coll_admin_device_keys(const coll_config *cfg, coll_store *st, FILE *out, fb_err *err);
/* keygen --rotate: fb_keypair_rotate, the new public key printed to out. */
int coll_admin_keygen_rotate(const char *public_path, const char *secret_path, FILE *out,
			     fb_err *err);
/* locations is the --location list, "CODE[,CODE...]": the locations the
 * device may speak for, each already added. id may be NULL (one is made:
 * "dev-" and 8 hex digits). The token goes to token_path (created 0600, never
 * overwritten) or, when NULL, to out. enrolment_path (may be NULL) gets the
 * tablet's [device] lines for feedback-provision-device --enrolment: its id
 * and exactly the enrolled locations, by code and name. */
int coll_admin_device_add(coll_store *s, const char *locations, const char *id,
			  const char *token_path, const char *enrolment_path, FILE *out,
			  fb_err *err);
/* device code ID --location ...: a one-time enrolment code (enrol.h) for
 * the tablet whose [device] id is id, printed to out, valid valid_s seconds
 * (0: an hour). */
int coll_admin_device_code(coll_store *s, const char *id, const char *locations, int64_t valid_s,
			   FILE *out, fb_err *err);
/* Replaces the locations device id speaks for with the list (as for add),
 * writing enrolment_path as add does. */
int coll_admin_device_locations(coll_store *s, const char *id, const char *locations,
				const char *enrolment_path, FILE *out, fb_err *err);
int coll_admin_device_revoke(coll_store *s, const char *id, FILE *out, fb_err *err);
int coll_admin_location_add(coll_store *s, const char *code, const char *name,
			    const char *team, FILE *out, fb_err *err);
/* The password is the first line of password_path, or of in when NULL.
 * role NULL = results; "admin" makes the first admin (the pages do the rest). */
int coll_admin_user_add(coll_store *s, const char *name, const char *team, const char *role,
			const char *password_path, FILE *in, FILE *out, fb_err *err);
/* The users, one a line: name, team, role, state. */
int coll_admin_user_list(coll_store *s, FILE *out, fb_err *err);
/* One change to user name through users.h (the admin pages' checks):
 * what is "disable", "enable", "role" (value the role), "team" (value the
 * team) or "reset" (prints the one-time link: link_base, the pages' address
 * such as [alerts] link_url, then /reset?token=...). */
int coll_admin_user_change(coll_store *s, const char *what, const char *name, const char *value,
			   const char *link_base, FILE *out, fb_err *err);
/* Renames location code (name) or retires it (name NULL). */
int coll_admin_location_change(coll_store *s, const char *code, const char *name, FILE *out,
			       fb_err *err);
/* team add CODE NAME / rename CODE NAME / retire CODE, through users.h. */
int coll_admin_team(coll_store *s, const char *what, const char *code, const char *name, FILE *out,
		    fb_err *err);
/* The audit trail as CSV, filtered: user, action (NULL = any), from and to
 * "YYYY-MM-DD" days in the Trust's zone (NULL = open), the newest first. */
int coll_admin_audit(coll_store *s, const char *user, const char *action, const char *from,
		     const char *to, FILE *out, fb_err *err);
/* Stores an fb-bundle/1 file and writes path.receipt.json beside it, then
 * the bundle's device's config bundle, path.config.json (as
 * coll_admin_device_config; one that cannot be written is said on stderr
 * and does not fail the import). */
int coll_admin_import(coll_ingest *ig, coll_store *st, const char *path, FILE *out, fb_err *err);
/* Writes device id's fb-config-bundle/1 (coll_ingest_config_bundle: every
 * location it is enrolled for, or only location) to out_path, atomically,
 * for a ward with no network that needs only a config change. */
int coll_admin_device_config(coll_store *st, const char *id, const char *location,
			     const char *out_path, FILE *out, fb_err *err);
/* month "YYYY-MM" or NULL for the current month; out_path NULL = out;
 * restricted: the responses with contact details (their own columns). The
 * command line is the collector's administrator, who may take every file. */
int coll_admin_export(coll_store *s, const coll_config *cfg, const char *format,
		      const char *month, const char *team, const char *out_path,
		      bool restricted, FILE *out, fb_err *err);

#endif
