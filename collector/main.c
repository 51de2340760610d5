/* feedback-collector: the Trust's end of docs/protocol.md.
 *
 * Devices push batches of responses over HTTPS (server.c -> ingest.c ->
 * store/); the Trust's secret key opens the sealed free text at ingest and a
 * word list flags comments that need someone's attention. Teams log in to
 * results pages (web/) and take CSV exports (export.c). Staff enrol devices,
 * locations and users with the admin subcommands (admin.c). Storage is SQLite
 * by default or PostgreSQL (store/sqlite.c, store/pg.c behind store/store.h).
 *
 * Time zone: months, quarters and the times pages show are in [results]
 * timezone (months.h). TZ is process-wide, so main sets it once, right after
 * loading the config and before the database is opened or any thread starts;
 * nothing else changes it.
 *
 * Start reading main(). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions_cli.h"
#include "admin.h"
#include "clock.h"
#include "alert.h"
#include "backup.h"
#include "cli.h"
#include "clock.h"
#include "collector_config.h"
#include "ingest.h"
#include "log.h"
#include "months.h"
#include "retention.h"
#include "retrain.h"
#include "safeguard.h"
#include "seal.h"
#include "seal_keys.h"
#include "server.h"
#include "store/store.h"
#include "themes/framework.h"
#include "themes_cli.h"
#include "web/web.h"

#define PROG "feedback-collector"
#define DEFAULT_CONFIG "/etc/feedback/collector.conf"

static const char usage[] =
	"Commands (default: serve):\n"
	"  serve                              serve HTTPS: device pushes and results pages\n"
	"  keygen --public FILE --secret FILE make the Trust keypair (secret written 0600)\n"
	"         [--rotate]                  a new pair in place of the current one; the\n"
	"                                     secret file keeps the old keys too, so what\n"
	"                                     devices sealed to them still opens\n"
	"  device add --location CODE[,CODE...] [--id ID] [--token-file FILE]\n"
	"         [--enrolment FILE]          enrol a device for the locations it may speak\n"
	"                                     for; prints its one-time token; FILE is for\n"
	"                                     feedback-provision-device --enrolment\n"
	"  device locations ID --location CODE[,CODE...] [--enrolment FILE]\n"
	"                                     change the locations a device may speak for\n"
	"  device code ID --location CODE[,CODE...] [--valid-seconds N]\n"
	"                                     a one-time code (ABCD-EFGH) to type on tablet\n"
	"                                     ID's staff screen, 'Enrol this tablet': it\n"
	"                                     enrols it as device add would; valid an hour\n"
	"                                     (or N seconds), once\n"
	"  device revoke ID                   stop a device sending\n"
	"  device config ID --out FILE [--location CODE]\n"
	"                                     write the device's config bundle, what GET\n"
	"                                     /v1/config would answer it, for a ward with\n"
	"                                     no network (feedback-queue import-config)\n"
	"  device keys                        which Trust key each device seals to (after\n"
	"                                     keygen --rotate: may the old key go yet?)\n"
	"  location add CODE NAME --team TEAM add a ward or clinic\n"
	"  location rename CODE NAME          change the name the pages and tablets show\n"
	"  location retire CODE               stop using a location (its responses are kept)\n"
	"  team add|rename CODE NAME          name a team (its pages show the name)\n"
	"  team retire CODE                   once its locations are retired and its\n"
	"                                     people moved or disabled (history kept)\n"
	"  user add NAME --team TEAM [--role ROLE] [--password-file FILE]\n"
	"                                     add a user (password from stdin); ROLE is\n"
	"                                     results (default), estates, safeguarding,\n"
	"                                     patient-experience or admin (the first admin\n"
	"                                     is made here; the admin pages do the rest)\n"
	"  user list                          every user with team, role and state\n"
	"  user disable|enable NAME           disable (signs them out everywhere) or enable\n"
	"  user role NAME ROLE                change a user's role\n"
	"  user team NAME TEAM                move a user to another team\n"
	"  user reset NAME                    print a one-time link that sets a new password\n"
	"  action add --team TEAM --you-said TEXT --we-will TEXT [--owner NAME]\n"
	"         [--due YYYY-MM-DD] [--comment ID[,ID...]] [--theme CODE[,CODE...]]\n"
	"                                     a team's \"You said, we did\" action, proposed;\n"
	"                                     prints its number (the actions pages' checks);\n"
	"                                     --theme: the framework's themes it answers\n"
	"  action themes ID CODE[,CODE...]    the themes it answers, replacing its own (\"\"\n"
	"                                     for none)\n"
	"  action state ID STATE [--reason TEXT]\n"
	"                                     move it: proposed, planned, doing, done or\n"
	"                                     dropped (dropped needs --reason)\n"
	"  action publish ID --location CODE[,CODE...] --lang LANG --you-said TEXT\n"
	"         --we-did TEXT [--lang LANG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	"                                     show a done action on the kiosks of those\n"
	"                                     locations (the team's), a short text pair per\n"
	"                                     language ([results] languages), from today\n"
	"                                     to 90 days on unless told; publishing again\n"
	"                                     replaces it: give every language each time\n"
	"  action list --team TEAM            the team's actions: number, state, due date,\n"
	"                                     published or not, themes, \"We will\"\n"
	"  audit [--user NAME] [--action ACTION] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	"                                     the audit trail as CSV, the newest first\n"
	"  import FILE                        store a USB bundle; writes FILE.receipt.json\n"
	"                                     and the device's config, FILE.config.json\n"
	"  export --format responses|fft-published|fft-submission|quality-board\n"
	"         [--month YYYY-MM] [--team TEAM] [--out FILE] [--restricted]\n"
	"                                     write a CSV export; fft-submission is the\n"
	"                                     return to NHS England (real counts),\n"
	"                                     fft-published the suppressed one to share;\n"
	"                                     --restricted: responses with contact details\n"
	"  themes import FILE.csv             store a Trust's earlier coding: columns comment,\n"
	"                                     question (good|better|other), one 0/1 column\n"
	"                                     per sub-category code of the framework, and\n"
	"                                     sentiment (1 very positive .. 5 very negative);\n"
	"                                     a file with any bad line is not imported\n"
	"  themes train [--seed N]            learn the themes from the coding in the store:\n"
	"                                     prints five-fold cross-validated precision,\n"
	"                                     recall and F1 per sub-category, micro and macro\n"
	"                                     F1, and keeps the model; new comments then get\n"
	"                                     suggested themes (a theme with fewer than\n"
	"                                     [themes] min_positives coded comments is \"not\n"
	"                                     enough coding yet\")\n"
	"  themes evaluate --labelled FILE.csv [--train-fraction 0.8] [--seed N]\n"
	"                                     train on part of a coded file and score the\n"
	"                                     rest; never touches the database\n"
	"  retention run [--dry-run]          delete what [retention] says is too old now\n"
	"                                     (the serving collector does it daily)\n"
	"  erase search TEXT                  list responses whose comments or contact\n"
	"                                     details hold TEXT (id, location, date), and\n"
	"                                     volunteer sign-ups whose name or contact do\n"
	"  erase ids ID[,ID...] --by NAME     erase those responses' words and contact\n"
	"                                     details; their ratings stay, unlinkable\n"
	"  erase signups ID[,ID...] --by NAME erase those volunteer sign-ups for good\n"
	"  erase scrub                        clear erased words from the database files\n"
	"                                     again (when erase said to)\n"
	"  backup FILE                        a consistent copy of the whole database, taken\n"
	"                                     while the collector serves (PostgreSQL: pg_dump,\n"
	"                                     checked by restoring it into a scratch database)\n"
	"  restore FILE                       put a backup into an empty database\n"
	"A device's records for a location it is not enrolled for are refused (the\n"
	"device quarantines them) and shown on the fleet page. Devices enrolled before\n"
	"this rule (database schema 3) speak only for the one location they were\n"
	"enrolled at: add others with 'device locations'.\n";

/* Options of a subcommand: --name VALUE pairs and positionals. */
typedef struct opts {
	const char *pos[8];
	int n_pos;
	const char *names[8];
	const char *values[8];
	int n;
} opts;

static int opts_parse(opts *o, int argc, char **argv, int from)
{
	memset(o, 0, sizeof *o);
	for (int i = from; i < argc; i++) {
		if ((strcmp(argv[i], "--restricted") == 0 || strcmp(argv[i], "--dry-run") == 0 ||
		     strcmp(argv[i], "--rotate") == 0) &&
		    o->n < 8) {
			o->names[o->n] = argv[i];   /* export's one flag: no value */
			o->values[o->n++] = "yes";
		} else if (strncmp(argv[i], "--", 2) == 0) {
			if (i + 1 >= argc || o->n >= 8) {
				fprintf(stderr, PROG ": %s needs a value; try '" PROG " --help'\n", argv[i]);
				return -1;
			}
			o->names[o->n] = argv[i];
			o->values[o->n++] = argv[++i];
		} else if (o->n_pos < 8) {
			o->pos[o->n_pos++] = argv[i];
		} else {
			fprintf(stderr, PROG ": too many arguments; try '" PROG " --help'\n");
			return -1;
		}
	}
	return 0;
}

/* The value of --name, or NULL; complains about options not in allowed. */
static const char *opt(const opts *o, const char *name)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->names[i], name) == 0)
			return o->values[i];
	return NULL;
}

static bool opts_only(const opts *o, const char *const *allowed)
{
	for (int i = 0; i < o->n; i++) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(o->names[i], *a) == 0)
				ok = true;
		if (!ok) {
			fprintf(stderr, PROG ": unknown option '%s'; try '" PROG " --help'\n", o->names[i]);
			return false;
		}
	}
	return true;
}

static volatile sig_atomic_t stop_signal;

/* Turns on ingest's themes suggestions with [themes] framework_file (into
 * *fw: the caller frees it). A framework that will not load is said and
 * themes stay off: responses are still stored and flagged by the word lists. */
static void themes_on(const coll_config *cfg, coll_ingest *ig, coll_themes_framework **fw)
{
	fb_err ferr;
	*fw = malloc(sizeof **fw);
	if (*fw && coll_themes_framework_load(cfg->themes_framework_file, cfg->themes_extra_file, *fw,
					      &ferr) == 0) {
		coll_ingest_set_themes(ig, *fw);
		return;
	}
	fb_log("themes off (no suggested themes for new comments): %s; set [themes]"
		" framework_file", *fw ? ferr.msg : "out of memory");
	free(*fw);
	*fw = NULL;
}

/* A new ingest with every Trust secret key: the current one, then the older
 * ones keygen --rotate kept (sealed boxes open with whichever fits). *out is
 * set even on failure: the caller frees it. */
/* The volunteers page's opener (web.h): the ingest's keys. */
static int open_signup(const void *ctx, const char *b64, char **plain, size_t *len, fb_err *err)
{
	return coll_ingest_open(ctx, b64, plain, len, err);
}

/* The scheduled retrain's hook: ingest takes up the new model at once. */
static void themes_reload(void *ig)
{
	coll_ingest_themes_reload(ig);
}

static int ingest_open(const coll_config *cfg, coll_store *st, const coll_safeguard *sg,
		       int batch_max, coll_ingest **out, fb_err *err)
{
	unsigned char sks[FB_KEYS_MAX][FB_KEY_BYTES];
	size_t n = 0;
	*out = NULL;
	int rc = fb_key_read_secrets(cfg->secret_key_file, sks, FB_KEYS_MAX, &n, err);
	if (rc == 0)
		rc = coll_ingest_new(st, sks[0], sg, batch_max, out, err);
	for (size_t i = 1; i < n && rc == 0; i++)
		rc = coll_ingest_add_key(*out, sks[i], err);
	sodium_memzero(sks, sizeof sks);
	return rc;
}

static int serve(const coll_config *cfg, coll_store *st, fb_err *err)
{
	coll_themes_framework *fw = NULL;
	coll_safeguard *sg = NULL;
	coll_ingest *ig = NULL;
	coll_web *w = NULL;
	coll_store *export_st = NULL;
	coll_server *sv = NULL;
	coll_alert *al = NULL;
	coll_retention *ret = NULL;
	coll_retrain *rt = NULL;
	coll_seal_keys seal_keys;
	sigset_t set;
	int sig = 0;
	int rc = coll_safeguard_load_config(cfg, &sg, err);
	if (rc)
		goto out;
	rc = ingest_open(cfg, st, sg, cfg->batch_max_records, &ig, err);
	if (rc)
		goto out;
	coll_ingest_log_unknown_locations(ig);
	char key[COLL_STORE_TRUST_KEY_B64];
	rc = coll_ingest_publish_key(ig, key, err);
	if (rc)
		goto out;
	fb_log("tablets seal new answers to Trust key %.8s... (sent with their config)", key);
	themes_on(cfg, ig, &fw);
	rc = coll_web_new(cfg, st, &w, err);
	if (rc == 0 && fw)
		coll_web_set_themes(w, fw);
	if (rc == 0)
		rc = coll_store_open(cfg, &export_st, err);
	if (rc)
		goto out;
	coll_web_set_export_store(w, export_st);
	coll_web_set_opener(w, open_signup, ig);
	/* the fleet page's keys: public halves, read once here (the file was just read by ingest) */
	rc = coll_seal_keys_load(cfg->secret_key_file, &seal_keys, err);
	if (rc)
		goto out;
	coll_web_set_seal_keys(w, &seal_keys);
	/* the daily check when due, and the themes page's Train now */
	if (fw)
		rc = coll_retrain_start(cfg, st, themes_reload, ig, &rt, err);
	if (rc)
		goto out;
	coll_web_set_trainer(w, rt);
	/* Signals are taken by sigwait below, not by handlers in MHD's threads. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	rc = coll_server_start(cfg, st, ig, w, &sv, err);
	if (rc)
		goto out;
	rc = coll_alert_new(cfg, st, &al, err);     /* NULL when [alerts] smtp_url is empty */
	if (rc == 0 && al)
		rc = coll_alert_start(al, err);
	if (rc == 0)
		rc = coll_retention_start(cfg, st, &ret, err);   /* now, then daily */
	if (rc)
		goto out;
	fb_log("listening on https://%s:%d/ (%s, %d safeguarding words, months in %s)",
		cfg->listen_address, cfg->port, coll_store_backend_name(st), coll_safeguard_count(sg),
		coll_months_zone());
	sigwait(&set, &sig);
	fb_log("stopping (signal %d)", sig);
out:
	coll_retention_free(ret);
	coll_server_stop(sv);
	coll_retrain_free(rt);    /* after the pages that press Train now; waits for a training */
	coll_alert_free(al);
	coll_web_free(w);
	coll_store_close(export_st);
	coll_ingest_free(ig);
	free(fw);
	coll_safeguard_free(sg);
	return rc;
}

static int run_admin(const coll_config *cfg, int argc, char **argv, fb_err *err)
{
	coll_store *st = NULL;
	coll_ingest *ig = NULL;
	opts o;
	const char *cmd = argv[1];
	const char *sub = argc > 2 ? argv[2] : "";
	int rc = 0;
	bool two = strcmp(cmd, "device") == 0 || strcmp(cmd, "location") == 0 ||
		   strcmp(cmd, "user") == 0 || strcmp(cmd, "retention") == 0 ||
		   strcmp(cmd, "erase") == 0 || strcmp(cmd, "team") == 0;

	if (strcmp(cmd, "restore") == 0) {      /* opens the store itself: it must be empty */
		if (opts_parse(&o, argc, argv, 2) || o.n_pos != 1 || o.n) {
			fprintf(stderr, PROG ": restore needs the backup FILE; try '" PROG " --help'\n");
			return -2;
		}
		return coll_backup_restore(cfg, o.pos[0], stdout, err);
	}
	if (!two && strcmp(cmd, "import") != 0 && strcmp(cmd, "export") != 0 &&
	    strcmp(cmd, "backup") != 0 && strcmp(cmd, "audit") != 0) {
		fprintf(stderr, PROG ": '%s' is not a command; try '" PROG " --help'\n", cmd);
		return -2;
	}
	if (opts_parse(&o, argc, argv, two ? 3 : 2))
		return -2;
	rc = coll_store_open(cfg, &st, err);
	if (rc)
		goto out;
	if (strcmp(cmd, "device") == 0 && (strcmp(sub, "add") == 0 || strcmp(sub, "locations") == 0 ||
					    strcmp(sub, "code") == 0) &&
	    !opt(&o, "--location")) {
		/* said before anything is made: a device that speaks for nothing is no use */
		fprintf(stderr, PROG ": device %s needs the locations the device may speak for:"
			" '" PROG " device %s%s --location CODE[,CODE...]', each code one added"
			" with '" PROG " location add'\n", sub, sub,
			strcmp(sub, "add") == 0 ? "" : " ID");
		rc = -2;
	} else if (strcmp(cmd, "device") == 0 && strcmp(sub, "code") == 0 && o.n_pos == 1 &&
		   opts_only(&o, (const char *const[]){"--location", "--valid-seconds", NULL})) {
		const char *v = opt(&o, "--valid-seconds");
		char *end = NULL;
		long long valid = v ? strtoll(v, &end, 10) : 0;
		if (v && (!*v || *end || valid < 1))
			rc = fb_err_set(err, FB_ERR_INVALID, "--valid-seconds takes a number of seconds,"
					" 1 to 3600");
		else
			rc = coll_admin_device_code(st, o.pos[0], opt(&o, "--location"), valid, stdout,
						    err);
	} else if (strcmp(cmd, "device") == 0 && strcmp(sub, "add") == 0 && o.n_pos == 0 &&
	    opts_only(&o, (const char *const[]){"--location", "--id", "--token-file", "--enrolment", NULL})) {
		rc = coll_admin_device_add(st, opt(&o, "--location"), opt(&o, "--id"),
					   opt(&o, "--token-file"), opt(&o, "--enrolment"), stdout, err);
	} else if (strcmp(cmd, "device") == 0 && strcmp(sub, "locations") == 0 && o.n_pos == 1 &&
		   opts_only(&o, (const char *const[]){"--location", "--enrolment", NULL})) {
		rc = coll_admin_device_locations(st, o.pos[0], opt(&o, "--location"),
						 opt(&o, "--enrolment"), stdout, err);
	} else if (strcmp(cmd, "device") == 0 && strcmp(sub, "config") == 0 && o.n_pos == 1 &&
		   opt(&o, "--out") && opts_only(&o, (const char *const[]){"--out", "--location", NULL})) {
		rc = coll_admin_device_config(st, o.pos[0], opt(&o, "--location"), opt(&o, "--out"),
					      stdout, err);
	} else if (strcmp(cmd, "device") == 0 && strcmp(sub, "keys") == 0 && o.n_pos == 0 && o.n == 0) {
		rc = coll_admin_device_keys(cfg, st, stdout, err);
	} else if (strcmp(cmd, "device") == 0 && strcmp(sub, "revoke") == 0 && o.n_pos == 1 && o.n == 0) {
		rc = coll_admin_device_revoke(st, o.pos[0], stdout, err);
	} else if (strcmp(cmd, "location") == 0 && strcmp(sub, "add") == 0 && o.n_pos == 2 &&
		   opt(&o, "--team") && opts_only(&o, (const char *const[]){"--team", NULL})) {
		rc = coll_admin_location_add(st, o.pos[0], o.pos[1], opt(&o, "--team"), stdout, err);
	} else if (strcmp(cmd, "user") == 0 && strcmp(sub, "add") == 0 && o.n_pos == 1 &&
		   opt(&o, "--team") && opts_only(&o, (const char *const[]){"--team", "--role",
									 "--password-file", NULL})) {
		rc = coll_admin_user_add(st, o.pos[0], opt(&o, "--team"), opt(&o, "--role"),
					 opt(&o, "--password-file"), stdin, stdout, err);
	} else if (strcmp(cmd, "user") == 0 && strcmp(sub, "list") == 0 && o.n_pos == 0 && o.n == 0) {
		rc = coll_admin_user_list(st, stdout, err);
	} else if (strcmp(cmd, "user") == 0 && (o.n_pos == 1 || o.n_pos == 2) && o.n == 0 &&
		   strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0) {
		rc = coll_admin_user_change(st, sub, o.pos[0], o.n_pos == 2 ? o.pos[1] : NULL,
					    cfg->alert_link_url, stdout, err);
	} else if (strcmp(cmd, "location") == 0 && strcmp(sub, "rename") == 0 && o.n_pos == 2 && o.n == 0) {
		rc = coll_admin_location_change(st, o.pos[0], o.pos[1], stdout, err);
	} else if (strcmp(cmd, "location") == 0 && strcmp(sub, "retire") == 0 && o.n_pos == 1 && o.n == 0) {
		rc = coll_admin_location_change(st, o.pos[0], NULL, stdout, err);
	} else if (strcmp(cmd, "team") == 0 && (o.n_pos == 1 || o.n_pos == 2) && o.n == 0) {
		rc = coll_admin_team(st, sub, o.pos[0], o.n_pos == 2 ? o.pos[1] : NULL, stdout, err);
	} else if (strcmp(cmd, "audit") == 0 && o.n_pos == 0 &&
		   opts_only(&o, (const char *const[]){"--user", "--action", "--from", "--to", NULL})) {
		rc = coll_admin_audit(st, opt(&o, "--user"), opt(&o, "--action"), opt(&o, "--from"),
				      opt(&o, "--to"), stdout, err);
	} else if (strcmp(cmd, "import") == 0 && o.n_pos == 1 && o.n == 0) {
		coll_safeguard *sg = NULL;
		coll_themes_framework *fw = NULL;
		rc = coll_safeguard_load_config(cfg, &sg, err);
		if (rc == 0)
			rc = ingest_open(cfg, st, sg, 1000000, &ig, err);
		if (rc == 0) {
			themes_on(cfg, ig, &fw);
			rc = coll_admin_import(ig, st, o.pos[0], stdout, err);
		}
		coll_ingest_free(ig);
		free(fw);
		ig = NULL;
		coll_safeguard_free(sg);
	} else if (strcmp(cmd, "export") == 0 && o.n_pos == 0 && opt(&o, "--format") &&
		   opts_only(&o, (const char *const[]){"--format", "--month", "--team", "--out",
						       "--restricted", NULL})) {
		rc = coll_admin_export(st, cfg, opt(&o, "--format"), opt(&o, "--month"), opt(&o, "--team"),
				       opt(&o, "--out"), opt(&o, "--restricted") != NULL, stdout, err);
	} else if (strcmp(cmd, "backup") == 0 && o.n_pos == 1 && o.n == 0) {
		rc = coll_backup_run(cfg, st, o.pos[0], stdout, err);
	} else if (strcmp(cmd, "retention") == 0 && strcmp(sub, "run") == 0 && o.n_pos == 0 &&
		   opts_only(&o, (const char *const[]){"--dry-run", NULL})) {
		coll_store_retention_done done;
		rc = coll_retention_run(cfg, st, fb_wall_ms(), opt(&o, "--dry-run") != NULL, stdout,
					&done, err);
	} else if (strcmp(cmd, "erase") == 0 && strcmp(sub, "search") == 0 && o.n_pos == 1 && o.n == 0) {
		/* the Trust's keys open the sealed volunteer sign-ups to search them */
		rc = ingest_open(cfg, st, NULL, 1, &ig, err);
		if (rc == 0)
			rc = coll_erase_search(st, o.pos[0], open_signup, ig, stdout, err);
		else {
			char why[sizeof err->msg];
			snprintf(why, sizeof why, "%s", err->msg);
			fb_err_set(err, rc, "cannot open the volunteer sign-ups to search them: %s", why);
		}
		coll_ingest_free(ig);
		ig = NULL;
	} else if (strcmp(cmd, "erase") == 0 && strcmp(sub, "signups") == 0 && o.n_pos == 1 &&
		   opt(&o, "--by") && opts_only(&o, (const char *const[]){"--by", NULL})) {
		rc = coll_erase_signups(st, o.pos[0], opt(&o, "--by"), stdout, err);
	} else if (strcmp(cmd, "erase") == 0 && strcmp(sub, "ids") == 0 && o.n_pos == 1 &&
		   opt(&o, "--by") && opts_only(&o, (const char *const[]){"--by", NULL})) {
		rc = coll_erase_ids(st, o.pos[0], opt(&o, "--by"), stdout, err);
	} else if (strcmp(cmd, "erase") == 0 && strcmp(sub, "scrub") == 0 && o.n_pos == 0 && o.n == 0) {
		rc = coll_store_scrub(st, err);
		if (rc == 0)
			printf("the database files hold no erased or deleted words\n");
	} else {
		fprintf(stderr, PROG ": '%s%s%s' is not a command or lacks something; try '" PROG " --help'\n",
			cmd, two ? " " : "", two ? sub : "");
		rc = -2;
	}
out:
	coll_store_close(st);
	return rc;
}

/* A --seed value: a whole number, else -1 (said). */
static int parse_seed(const char *v, uint64_t *seed)
{
	char *end;
	if (!v)
		return 0;
	errno = 0;
	*seed = strtoull(v, &end, 10);
	if (errno || end == v || *end || v[0] == '-') {
		fprintf(stderr, PROG ": --seed '%s' is not a whole number\n", v);
		return -1;
	}
	return 0;
}

/* themes import|train|evaluate: evaluate opens no database. */
static int run_themes(const coll_config *cfg, int argc, char **argv, fb_err *err)
{
	coll_store *st = NULL;
	opts o;
	const char *sub = argc > 2 ? argv[2] : "";
	uint64_t seed = 1;
	int rc = 0;
	if (opts_parse(&o, argc, argv, 3) || parse_seed(opt(&o, "--seed"), &seed))
		return -2;
	if (strcmp(sub, "evaluate") == 0 && o.n_pos == 0 && opt(&o, "--labelled") &&
	    opts_only(&o, (const char *const[]){"--labelled", "--train-fraction", "--seed", NULL})) {
		const char *f = opt(&o, "--train-fraction");
		char *end = NULL;
		double frac = f ? strtod(f, &end) : 0.8;
		if (f && (end == f || *end)) {
			fprintf(stderr, PROG ": --train-fraction '%s' is not a number such as 0.8\n", f);
			return -2;
		}
		return coll_themes_cli_evaluate(cfg, opt(&o, "--labelled"), frac, seed, stdout, err);
	}
	bool import = strcmp(sub, "import") == 0 && o.n_pos == 1 && o.n == 0;
	bool train = strcmp(sub, "train") == 0 && o.n_pos == 0 &&
		     opts_only(&o, (const char *const[]){"--seed", NULL});
	if (!import && !train) {
		fprintf(stderr, PROG ": 'themes %s' is not a command or lacks something; try '" PROG
			" --help'\n", sub);
		return -2;
	}
	rc = coll_store_open(cfg, &st, err);
	if (rc == 0)
		rc = import ? coll_themes_cli_import(cfg, st, o.pos[0], stdout, err)
			    : coll_themes_train_store(cfg, st, seed, "themes train", stdout, err);
	coll_store_close(st);
	return rc;
}

int main(int argc, char **argv)
{
	fb_cli cli;
	coll_config cfg;
	fb_err err;
	int rc;

	fb_err_clear(&err);
	fb_log_set_program(PROG);
	rc = fb_cli_parse(&cli, argc, argv, PROG, DEFAULT_CONFIG, usage);
	if (rc == FB_CLI_EXIT)
		return 0;
	if (rc != FB_CLI_RUN)
		return 2;
	const char *cmd = cli.argc > 1 ? cli.argv[1] : "serve";

	if (strcmp(cmd, "keygen") == 0) {
		opts o;
		if (opts_parse(&o, cli.argc, cli.argv, 2) || o.n_pos || !opt(&o, "--public") ||
		    !opt(&o, "--secret")) {
			fprintf(stderr, PROG ": keygen needs --public FILE --secret FILE [--rotate]\n");
			return 2;
		}
		if (opt(&o, "--rotate"))
			rc = coll_admin_keygen_rotate(opt(&o, "--public"), opt(&o, "--secret"), stdout, &err);
		else
			rc = coll_admin_keygen(opt(&o, "--public"), opt(&o, "--secret"), stdout, &err);
		goto out;
	}
	rc = coll_config_load(cli.config_path, &cfg, &err);
	if (rc == 0)
		rc = coll_months_use_zone(cfg.time_zone, &err);   /* once, before any thread */
	if (rc == 0 && (cli.check_config || strcmp(cmd, "serve") == 0))
		rc = coll_config_check_files(&cfg, &err);
	if (rc == 0 && cfg.safeguarding_team[0] && (cli.check_config || strcmp(cmd, "serve") == 0))
		fprintf(stderr, PROG ": [results] safeguarding_team is deprecated and goes in the next"
			" release: give each person who needs every location's flagged comments the"
			" safeguarding role with '" PROG " user role NAME safeguarding' ('" PROG " user"
			" list' shows team %s's people), then remove the line; until then team %s"
			" still sees them\n", cfg.safeguarding_team, cfg.safeguarding_team);
	if (rc)
		goto out;
	if (cli.check_config) {
		coll_store *st = NULL;
		coll_safeguard *sg = NULL;
		rc = coll_store_open(&cfg, &st, &err);
		coll_store_close(st);
		if (rc == 0)   /* a bad list line is found now, not at the first push */
			rc = coll_safeguard_load_config(&cfg, &sg, &err);
		if (rc == 0)
			rc = coll_alert_check_config(&cfg, &err);
		coll_safeguard_free(sg);
		if (rc == 0)
			printf("%s: configuration ok (%s database)\n", cli.config_path,
			       cfg.backend == COLL_DB_POSTGRESQL ? "postgresql" : "sqlite");
		goto out;
	}
	if (strcmp(cmd, "serve") == 0) {
		coll_store *st = NULL;
		if (cli.argc > 2) {
			fprintf(stderr, PROG ": serve takes no arguments; try '" PROG " --help'\n");
			return 2;
		}
		rc = coll_store_open(&cfg, &st, &err);
		if (rc == 0)
			rc = serve(&cfg, st, &err);
		coll_store_close(st);
		goto out;
	}
	if (strcmp(cmd, "themes") == 0) {
		rc = run_themes(&cfg, cli.argc, cli.argv, &err);
	} else if (strcmp(cmd, "action") == 0) {
		coll_store *st = NULL;
		rc = coll_store_open(&cfg, &st, &err);
		if (rc == 0)
			rc = coll_actions_cli(&cfg, st, cli.argc - 1, cli.argv + 1, stdout, &err);
		coll_store_close(st);
	} else {
		rc = run_admin(&cfg, cli.argc, cli.argv, &err);
	}
	if (rc == -2)
		return 2;
out:
	if (rc) {
		fprintf(stderr, PROG ": %s\n", err.msg);
		return 1;
	}
	return 0;
}
