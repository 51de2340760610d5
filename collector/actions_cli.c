/* actions_cli: see actions_cli.h. Start reading at coll_actions_cli. */
#include "actions_cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "team_actions.h"
#include "users.h"

#define PROG "feedback-collector"
#define DAY_MS (24LL * 3600 * 1000)

/* The command line as an actor: the shell's administrator, from this host
 * (as users.h's admin commands). */
static coll_actor cli_actor(void)
{
	return (coll_actor){"command line", "local", fb_wall_ms()};
}

static int usage(const char *what)
{
	fprintf(stderr, PROG ": action %s; try '" PROG " --help'\n", what);
	return -2;
}

/* Copies an argument into a buffer of size bytes; false when it does not fit. */
static bool copy(char *dst, size_t size, const char *src)
{
	return (size_t)snprintf(dst, size, "%s", src) < size;
}

/* The action number ID, or -1. */
static int64_t id_of(const char *s)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	return s[0] >= '1' && s[0] <= '9' && *end == '\0' && v > 0 ? (int64_t)v : -1;
}

/* Action id into a; a refusal naming it when there is none. */
static int action_of(coll_store *st, const char *arg, coll_store_action *a, fb_err *err)
{
	int64_t id = id_of(arg);
	if (id < 0)
		return fb_err_set(err, FB_ERR_INVALID, "'%s' is not an action number (as 'action add'"
				  " printed, or 'action list --team TEAM' shows)", arg);
	int rc = coll_store_action_get(st, id, a, err);
	if (rc == FB_ERR_NOTFOUND)
		return fb_err_set(err, FB_ERR_NOTFOUND, "no action %lld; 'action list --team TEAM' shows"
				  " a team's actions", (long long)id);
	return rc;
}

/* The themes framework, loaded only when a command names a theme: NULL
 * when [themes] framework_file is not set (team_actions then refuses any
 * theme). *fw is the caller's to free. */
static int framework_of(const coll_config *cfg, coll_themes_framework **fw, fb_err *err)
{
	*fw = NULL;
	if (!cfg->themes_framework_file[0])
		return 0;
	*fw = malloc(sizeof **fw);
	if (!*fw)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	int rc = coll_themes_framework_load(cfg->themes_framework_file, cfg->themes_extra_file, *fw, err);
	if (rc) {
		free(*fw);
		*fw = NULL;
	}
	return rc;
}

/* action add --team TEAM --you-said TEXT --we-will TEXT [--owner NAME]
 * [--due YYYY-MM-DD] [--comment ID[,ID...]] [--theme CODE[,CODE...]] */
static int cmd_add(const coll_config *cfg, coll_store *st, int argc, char **argv, FILE *out,
		   fb_err *err)
{
	const char *themes = NULL;
	coll_themes_framework *fw = NULL;
	char ids[COLL_STORE_ACTION_COMMENTS_MAX][COLL_STORE_COMMENT_ID_MAX];
	const char *idp[COLL_STORE_ACTION_COMMENTS_MAX];
	size_t n = 0;
	bool team = false, said = false, will = false, fits = true;
	int64_t id = 0;
	coll_actor who = cli_actor();
	coll_store_action *a = calloc(1, sizeof *a);
	int rc = 0;
	if (!a)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	for (int i = 2; i < argc && rc == 0; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v) {
			rc = usage("add: every option needs a value");
		} else if (strcmp(k, "--team") == 0) {
			team = copy(a->team, sizeof a->team, v);
			fits = fits && team;
		} else if (strcmp(k, "--you-said") == 0) {
			said = true;
			fits = fits && copy(a->you_said, sizeof a->you_said, v);
		} else if (strcmp(k, "--we-will") == 0) {
			will = true;
			fits = fits && copy(a->we_will, sizeof a->we_will, v);
		} else if (strcmp(k, "--owner") == 0) {
			fits = fits && copy(a->owner, sizeof a->owner, v);
		} else if (strcmp(k, "--due") == 0) {
			fits = fits && copy(a->due, sizeof a->due, v);
		} else if (strcmp(k, "--comment") == 0) {
			for (const char *p = v; *p && rc == 0;) {
				size_t len = strcspn(p, ",");
				if (len == 0 || len >= COLL_STORE_COMMENT_ID_MAX ||
				    n >= COLL_STORE_ACTION_COMMENTS_MAX)
					rc = fb_err_set(err, FB_ERR_INVALID, "--comment takes up to %d"
							" response ids, comma-separated",
							COLL_STORE_ACTION_COMMENTS_MAX);
				else
					snprintf(ids[n++], sizeof ids[0], "%.*s", (int)len, p);
				p += len;
				p += *p == ',';
			}
		} else if (strcmp(k, "--theme") == 0) {
			themes = v;
		} else {
			rc = usage("add takes --team, --you-said, --we-will, --owner, --due, --comment and"
				   " --theme");
		}
	}
	if (rc == 0 && (!team || !said || !will))
		rc = usage("add needs --team TEAM --you-said TEXT --we-will TEXT");
	if (rc == 0 && !fits)
		rc = fb_err_set(err, FB_ERR_INVALID, "keep \"You said\" and \"We will\" to %d characters"
				" or fewer each, the owner to %d and the team to %d",
				COLL_ACTIONS_TEXT_CHARS, COLL_ACTIONS_OWNER_CHARS, COLL_STORE_ID_MAX - 1);
	for (size_t i = 0; i < n; i++)
		idp[i] = ids[i];
	if (rc == 0 && themes)
		rc = framework_of(cfg, &fw, err);
	if (rc == 0 && themes)
		rc = coll_actions_themes_set(fw, a, themes, err);
	if (rc == 0)
		rc = coll_actions_add(st, &who, a, idp, n, &id, err);
	if (rc == 0)
		fprintf(out, "%lld\n", (long long)id);
	free(fw);
	free(a);
	return rc;
}

/* action themes ID CODE[,CODE...]: the themes the action answers, replacing
 * those it had ("" for none); audited as an edit. */
static int cmd_themes(const coll_config *cfg, coll_store *st, int argc, char **argv, FILE *out,
		      fb_err *err)
{
	coll_actor who = cli_actor();
	coll_themes_framework *fw = NULL;
	coll_store_action *a;
	int rc;
	if (argc != 4)
		return usage("themes needs ID CODE[,CODE...] (\"\" for none)");
	a = calloc(1, sizeof *a);
	if (!a)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	rc = action_of(st, argv[2], a, err);
	if (rc == 0)
		rc = framework_of(cfg, &fw, err);
	if (rc == 0)
		rc = coll_actions_themes_set(fw, a, argv[3], err);
	if (rc == 0)
		rc = coll_actions_edit(st, &who, a, err);
	if (rc == 0)
		fprintf(out, "action %lld answers %s\n", (long long)a->id, a->themes[0] ? a->themes :
			"no theme");
	free(fw);
	free(a);
	return rc;
}

/* action state ID STATE [--reason TEXT] */
static int cmd_state(coll_store *st, int argc, char **argv, FILE *out, fb_err *err)
{
	char reason[COLL_STORE_ACTION_TEXT_MAX + 1] = "";
	bool changed = false;
	coll_actor who = cli_actor();
	coll_store_action *a;
	int rc;
	if (argc == 6 && strcmp(argv[4], "--reason") == 0) {
		if (!copy(reason, sizeof reason, argv[5]))
			return fb_err_set(err, FB_ERR_INVALID, "keep the reason to %d characters or fewer",
					  COLL_ACTIONS_REASON_CHARS);
	} else if (argc != 4) {
		return usage("state needs ID STATE [--reason TEXT]");
	}
	a = calloc(1, sizeof *a);
	if (!a)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	rc = action_of(st, argv[2], a, err);
	if (rc == 0)
		rc = coll_actions_set_state(st, &who, a, argv[3], reason, &changed, err);
	if (rc == 0)
		fprintf(out, changed ? "action %lld: %s -> %s\n" : "action %lld is %s already%.0s\n",
			(long long)a->id, coll_action_state_name(a->state), argv[3]);
	free(a);
	return rc;
}

/* action publish ID --location CODE[,CODE...] --lang LANG --you-said TEXT
 * --we-did TEXT [--lang ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]: the
 * publishing form of an action's page, a --lang for each language written. */
static int cmd_publish(const coll_config *cfg, coll_store *st, int argc, char **argv, FILE *out,
		       fb_err *err)
{
	char from[16] = "", to[16] = "";
	bool fits = true, locations = false;
	coll_actor who = cli_actor();
	coll_store_publish_text *t = NULL;
	coll_store_action *a = calloc(1, sizeof *a);
	coll_store_publish *p = calloc(1, sizeof *p);
	int rc = 0;
	if (!a || !p) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (argc < 3) {
		rc = usage("publish needs ID --location CODE[,CODE...] --lang LANG --you-said TEXT"
			   " --we-did TEXT");
		goto out;
	}
	for (int i = 3; i < argc && rc == 0; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v) {
			rc = usage("publish: every option needs a value");
		} else if (strcmp(k, "--location") == 0) {
			locations = true;
			for (const char *q = v; *q && rc == 0;) {
				size_t len = strcspn(q, ",");
				if (len == 0 || len >= COLL_STORE_ID_MAX ||
				    p->n_locations >= COLL_STORE_DEVICE_LOCATIONS_MAX)
					rc = fb_err_set(err, FB_ERR_INVALID, "--location takes up to %d"
							" location codes, comma-separated",
							COLL_STORE_DEVICE_LOCATIONS_MAX);
				else
					snprintf(p->locations[p->n_locations++], COLL_STORE_ID_MAX, "%.*s",
						 (int)len, q);
				q += len;
				q += *q == ',';
			}
		} else if (strcmp(k, "--lang") == 0) {
			if (p->n_texts >= COLL_STORE_PUBLISH_LANGS_MAX) {
				rc = fb_err_set(err, FB_ERR_INVALID, "at most %d languages",
						COLL_STORE_PUBLISH_LANGS_MAX);
				break;
			}
			t = &p->texts[p->n_texts++];
			fits = fits && copy(t->lang, sizeof t->lang, v);
		} else if (strcmp(k, "--you-said") == 0 || strcmp(k, "--we-did") == 0) {
			if (!t) {
				rc = usage("publish: give --lang LANG before its --you-said and --we-did");
				break;
			}
			bool said = strcmp(k, "--you-said") == 0;
			if ((said ? t->you_said : t->we_did)[0]) {
				rc = usage("publish: one --you-said and one --we-did for each --lang");
				break;
			}
			fits = fits && copy(said ? t->you_said : t->we_did, sizeof t->you_said, v);
		} else if (strcmp(k, "--from") == 0) {
			fits = fits && copy(from, sizeof from, v);
		} else if (strcmp(k, "--to") == 0) {
			fits = fits && copy(to, sizeof to, v);
		} else {
			rc = usage("publish takes --location, --lang, --you-said, --we-did, --from and --to");
		}
	}
	if (rc)
		goto out;
	if (!locations || p->n_texts == 0) {
		rc = usage("publish needs ID --location CODE[,CODE...] and at least one --lang LANG"
			   " --you-said TEXT --we-did TEXT");
		goto out;
	}
	for (size_t i = 0; i < p->n_texts && rc == 0; i++)
		if (!p->texts[i].you_said[0] || !p->texts[i].we_did[0])
			rc = fb_err_set(err, FB_ERR_INVALID, "give both --you-said and --we-did for"
					" language '%s'", p->texts[i].lang);
	if (rc == 0 && !fits)
		rc = fb_err_set(err, FB_ERR_INVALID, "keep each waiting-room text to %d characters or"
				" fewer, a language code to %d and a date to YYYY-MM-DD",
				COLL_ACTIONS_SHORT_CHARS, COLL_STORE_LANG_MAX - 1);
	if (rc)
		goto out;
	/* the page's defaults: from today to COLL_ACTIONS_DEFAULT_DAYS days on */
	if (!from[0])
		coll_actions_date_iso(who.now_ms, from);
	if (!to[0]) {
		int64_t f = coll_actions_date_parse(from);
		coll_actions_date_iso((f < 0 ? who.now_ms : f) + COLL_ACTIONS_DEFAULT_DAYS * DAY_MS +
				      DAY_MS / 2, to);
	}
	rc = action_of(st, argv[2], a, err);
	if (rc == 0)
		rc = coll_actions_publish(st, &who, a, p, from, to, cfg->languages, err);
	if (rc == 0) {
		fprintf(out, "action %lld published for", (long long)a->id);
		for (size_t i = 0; i < p->n_locations; i++)
			fprintf(out, "%s%s", i ? ", " : " ", p->locations[i]);
		fprintf(out, " in");
		for (size_t i = 0; i < p->n_texts; i++)
			fprintf(out, "%s%s", i ? ", " : " ", p->texts[i].lang);
		fprintf(out, ", shown %s to %s\n", from, to);
	}
out:
	free(a);
	free(p);
	return rc;
}

#define LIST_MAX 1000   /* actions one listing prints */

/* What a listing prints of one action (the store is not called again
 * inside its walk). */
typedef struct list_line {
	int64_t id;
	coll_action_state state;
	char due[16];
	char we_will[COLL_STORE_ACTION_TEXT_MAX + 1];
	char themes[COLL_STORE_ACTION_THEMES_MAX];
} list_line;

typedef struct list_ctx {
	list_line *v;
	size_t n;
	bool more;
} list_ctx;

static int list_row(void *ctx, const coll_store_action *a)
{
	list_ctx *c = ctx;
	if (c->n >= LIST_MAX) {
		c->more = true;
		return 0;
	}
	list_line *l = &c->v[c->n++];
	l->id = a->id;
	l->state = a->state;
	snprintf(l->due, sizeof l->due, "%s", a->due[0] ? a->due : "-");
	snprintf(l->we_will, sizeof l->we_will, "%s", a->we_will);
	snprintf(l->themes, sizeof l->themes, "%s", a->themes[0] ? a->themes : "-");
	return 0;
}

/* action list --team TEAM: every action of the team, open ones first. */
static int cmd_list(coll_store *st, int argc, char **argv, FILE *out, fb_err *err)
{
	coll_store_team t;
	list_ctx c = {0};
	coll_store_publish *p = NULL;
	if (argc != 4 || strcmp(argv[2], "--team") != 0)
		return usage("list needs --team TEAM");
	int rc = coll_store_team_get(st, argv[3], &t, err);
	if (rc == FB_ERR_NOTFOUND)
		return fb_err_set(err, FB_ERR_INVALID, "no team '%s'; check the spelling", argv[3]);
	if (rc)
		return rc;
	c.v = calloc(LIST_MAX, sizeof *c.v);
	p = calloc(1, sizeof *p);
	if (!c.v || !p) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = coll_store_actions_each(st, argv[3], NULL, 0, INT64_MAX, list_row, &c, err);
	for (size_t i = 0; i < c.n && rc == 0; i++) {
		int got = coll_store_publish_get(st, c.v[i].id, p, err);
		if (got != 0 && got != FB_ERR_NOTFOUND) {
			rc = got;
			break;
		}
		fprintf(out, "%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)c.v[i].id,
			coll_action_state_name(c.v[i].state), c.v[i].due,
			got == 0 ? "published" : "-", c.v[i].themes, c.v[i].we_will);
	}
	if (rc == 0 && c.n == 0)
		fprintf(stderr, PROG ": team %s has no actions yet\n", argv[3]);
	if (rc == 0 && c.more)
		fprintf(stderr, PROG ": only the first %d of team %s's actions are listed\n", LIST_MAX,
			argv[3]);
out:
	free(c.v);
	free(p);
	return rc;
}

int coll_actions_cli(const coll_config *cfg, coll_store *st, int argc, char **argv, FILE *out,
		     fb_err *err)
{
	const char *sub = argc > 1 ? argv[1] : "";
	if (strcmp(sub, "add") == 0)
		return cmd_add(cfg, st, argc, argv, out, err);
	if (strcmp(sub, "themes") == 0)
		return cmd_themes(cfg, st, argc, argv, out, err);
	if (strcmp(sub, "state") == 0)
		return cmd_state(st, argc, argv, out, err);
	if (strcmp(sub, "publish") == 0)
		return cmd_publish(cfg, st, argc, argv, out, err);
	if (strcmp(sub, "list") == 0)
		return cmd_list(st, argc, argv, out, err);
	return usage("takes add, themes, state, publish or list");
}
