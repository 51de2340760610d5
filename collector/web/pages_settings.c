/* pages_settings.c: the tablet settings of each location (/settings and
 * /settings/CODE), for the admin and patient experience roles: the survey
 * (one of the files in [devices] surveys_dir, each checked with lib/survey as
 * the kiosk checks it, a refused one listed with why), the languages offered
 * (the survey's, in its order), the idle timeout (in words), the opening
 * hours (lib/hours.h's text, checked by its parser), the modes a person may
 * choose (standard, easy read, children's), and a crisis-help text per
 * language (empty: the kiosk's own card). Each may be left as the tablet
 * has it. What is saved
 * is what GET /v1/config serves the location's tablets (ingest.h
 * coll_ingest_config_build); the page shows which of them have picked up
 * the current config.
 * A change is checked here in words first, then with lib/proto_config's own
 * checks (the collector must not serve what a tablet would refuse); a
 * refused change stores nothing and the page says why. A change that passes
 * answers a confirmation page listing what changes; it is saved, with one
 * audit row, only when that page's form (confirm=yes) comes back. */
#include "pages_shared.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "form.h"
#include "hours.h"
#include "proto_config.h"
#include "survey.h"
#include "record.h"
#include "utf8.h"
#include "../ingest.h"

#define SURVEYS_MAX 64                 /* survey files listed */
#define SURVEY_NAME_MAX COLL_STORE_SURVEY_FILE_MAX
#define CRISIS_FIELD_MAX 4096          /* bytes a crisis field may bring (refused over the cap) */
#define DEVICES_SHOWN 200
#define KEPT ":kept"                   /* the survey value "as chosen before" */

#define HOURS_EXAMPLE "Mon-Fri 08:00-18:00; Sat 09:00-12:00"

/* The modes a person may be offered after standard, in the attract
 * screen's order ([kiosk] modes' names), and their words on the page. */
static const struct {
	const char *name, *words;
} extra_modes[] = {
	{FB_MODE_EASY_READ, "Easy read"},
	{FB_MODE_CHILDREN, "Children's"},
};
#define N_EXTRA_MODES (sizeof extra_modes / sizeof extra_modes[0])

/* Idle timeouts offered, in seconds (FB_PROTO_CONFIG_IDLE_MIN..MAX). */
static const int idle_choices[] = {30, 45, 60, 90, 120, 180, 300, 600, 900, 1800, 3600};

/* One survey file of the directory: its name, and either the survey and its
 * compact JSON text or why it is refused. */
typedef struct survey_file {
	char name[SURVEY_NAME_MAX];
	fb_survey *s;
	char *json;
	char why[512];
} survey_file;

typedef struct survey_dir {
	survey_file v[SURVEYS_MAX];
	size_t n;
	bool more;
	/* The saved survey as it was chosen, when its file now differs, is
	 * missing or is refused: offered as KEPT, so a change of something else
	 * never drops or swaps the survey the tablets have. */
	bool has_kept;
	survey_file kept;
	char why[512];                 /* the directory itself could not be read */
} survey_dir;

/* What a form asks for (or what is saved). */
typedef struct wanted {
	coll_store_location_settings v;
	const survey_file *survey;     /* NULL: the tablet's own */
} wanted;

static bool may_set(const coll_web_ctx *c)
{
	return coll_page_has_role(c, COLL_ROLE_ADMIN) || coll_page_has_role(c, COLL_ROLE_PATIENT_EXPERIENCE);
}

/* "1 minute", "1 minute 30 seconds", "1 hour". */
static void duration_words(int s, char *out, size_t size)
{
	int h = s / 3600, m = s % 3600 / 60, r = s % 60;
	size_t n = 0;
	out[0] = '\0';
	if (h)
		n += (size_t)snprintf(out + n, size - n, "%d hour%s", h, h == 1 ? "" : "s");
	if (m && n < size)
		n += (size_t)snprintf(out + n, size - n, "%s%d minute%s", n ? " " : "", m, m == 1 ? "" : "s");
	if ((r || s == 0) && n < size)
		snprintf(out + n, size - n, "%s%d second%s", n ? " " : "", r, r == 1 ? "" : "s");
}

static bool name_ok(const char *n)
{
	size_t len = strlen(n);
	if (len < 6 || len >= SURVEY_NAME_MAX || n[0] == '.' || strcmp(n + len - 5, ".json") != 0)
		return false;
	return strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == len;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const survey_file *)a)->name, ((const survey_file *)b)->name);
}

/* Reads and checks one file into f: the kiosk's loader, then the size the
 * config document carries. */
static void survey_check(const char *dir, survey_file *f)
{
	char path[COLL_PATH_MAX + SURVEY_NAME_MAX + 2];
	fb_err err;
	char *text = NULL;
	size_t len = 0;
	snprintf(path, sizeof path, "%s/%s", dir, f->name);
	if (fb_survey_load(path, &f->s, &err)) {
		/* "fft.json:12:7: ...": the folder is the same for every file */
		size_t n = strlen(path);
		const char *rest = strncmp(err.msg, path, n) == 0 ? err.msg + n : NULL;
		if (rest)
			snprintf(f->why, sizeof f->why, "%s%.400s", f->name, rest);
		else
			snprintf(f->why, sizeof f->why, "%s", err.msg);
		return;
	}
	if (fb_read_file(path, FB_PROTO_CONFIG_SURVEY_MAX * 2, "survey", NULL, &text, &len, &err)) {
		snprintf(f->why, sizeof f->why, "%s", err.msg);
		goto fail;
	}
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	free(text);
	if (j)
		f->json = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (!f->json) {
		snprintf(f->why, sizeof f->why, "the file could not be read as JSON");
		goto fail;
	}
	if (strlen(f->json) > FB_PROTO_CONFIG_SURVEY_MAX) {
		snprintf(f->why, sizeof f->why, "it is over %d KiB, more than a tablet takes in its config",
			 FB_PROTO_CONFIG_SURVEY_MAX / 1024);
		free(f->json);
		f->json = NULL;
		goto fail;
	}
	return;
fail:
	fb_survey_free(f->s);
	f->s = NULL;
}

static const survey_file *survey_named(const survey_dir *d, const char *name);

static void surveys_load(const char *dir, const coll_store_location_settings *saved, survey_dir *d)
{
	memset(d, 0, sizeof *d);
	DIR *dh = opendir(dir);
	if (!dh) {
		snprintf(d->why, sizeof d->why, "the survey folder %s cannot be read; check [devices]"
			 " surveys_dir in the collector's config", dir);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (!name_ok(e->d_name))
			continue;
		if (d->n >= SURVEYS_MAX) {
			d->more = true;
			break;
		}
		memcpy(d->v[d->n++].name, e->d_name, strlen(e->d_name) + 1);   /* name_ok: it fits */
	}
	closedir(dh);
	qsort(d->v, d->n, sizeof d->v[0], by_name);
	for (size_t i = 0; i < d->n; i++)
		survey_check(dir, &d->v[i]);
	if (!saved->survey_json)
		return;
	const survey_file *f = survey_named(d, saved->survey_file);
	if (f && f->s && strcmp(f->json, saved->survey_json) == 0)
		return;
	fb_err err;
	d->has_kept = true;
	snprintf(d->kept.name, sizeof d->kept.name, "%s", saved->survey_file);
	d->kept.json = strdup(saved->survey_json);
	if (!d->kept.json || fb_survey_parse(saved->survey_json, saved->survey_file, &d->kept.s, &err))
		snprintf(d->kept.why, sizeof d->kept.why, "the stored copy cannot be read");
}

static void surveys_free(survey_dir *d)
{
	for (size_t i = 0; i < d->n; i++) {
		fb_survey_free(d->v[i].s);
		free(d->v[i].json);
	}
	fb_survey_free(d->kept.s);
	free(d->kept.json);
}

static const survey_file *survey_named(const survey_dir *d, const char *name)
{
	if (strcmp(name, KEPT) == 0)
		return d->has_kept ? &d->kept : NULL;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].name, name) == 0)
			return &d->v[i];
	return NULL;
}

/* The languages the form offers: the survey's, in its order; with none
 * chosen, those of every usable survey in the folder, first seen first. */
typedef struct lang_list {
	char code[FB_PROTO_CONFIG_LANGS_MAX][COLL_STORE_LANG_MAX];
	char name[FB_PROTO_CONFIG_LANGS_MAX][64];
	size_t n;
} lang_list;

static void langs_add(lang_list *l, const fb_survey *s)
{
	for (size_t i = 0; i < s->n_languages && l->n < FB_PROTO_CONFIG_LANGS_MAX; i++) {
		bool seen = false;
		for (size_t j = 0; j < l->n; j++)
			seen = seen || strcmp(l->code[j], s->languages[i]) == 0;
		if (seen || strlen(s->languages[i]) >= COLL_STORE_LANG_MAX)
			continue;
		snprintf(l->code[l->n], sizeof l->code[0], "%s", s->languages[i]);
		snprintf(l->name[l->n], sizeof l->name[0], "%s",
			 s->language_native_names[i] ? s->language_native_names[i] : s->languages[i]);
		l->n++;
	}
}

static void langs_of(const survey_dir *d, const survey_file *chosen, lang_list *l)
{
	memset(l, 0, sizeof *l);
	if (chosen && chosen->s) {
		langs_add(l, chosen->s);
		return;
	}
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].s)
			langs_add(l, d->v[i].s);
}

static const char *lang_name(const lang_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->code[i], code) == 0)
			return l->name[i];
	return code;
}

static const char *crisis_of(const coll_store_location_settings *v, const char *lang)
{
	for (size_t i = 0; i < v->n_crisis; i++)
		if (strcmp(v->crisis[i].lang, lang) == 0)
			return v->crisis[i].text;
	return NULL;
}

static bool offers(const coll_store_location_settings *v, const char *lang)
{
	for (size_t i = 0; i < v->n_languages; i++)
		if (strcmp(v->languages[i], lang) == 0)
			return true;
	return false;
}

/* What the form shows: the saved settings or, after a refusal, the form as
 * it was sent, so nothing a person ticked or typed (a long crisis text in
 * Urdu, say) is lost to a refusal of something else. */
typedef struct form_shown {
	const coll_store_location_settings *saved;
	const char *sent;                  /* the refused form's body; NULL: saved */
} form_shown;

static bool sent_is(const form_shown *f, const char *field, const char *value)
{
	char val[SURVEY_NAME_MAX];
	return coll_web_form_get(f->sent, field, val, sizeof val) == 0 && strcmp(val, value) == 0;
}

static bool shown_survey_is(const form_shown *f, const char *name)
{
	return f->sent ? sent_is(f, "survey", name) : strcmp(f->saved->survey_file, name) == 0;
}

static bool shown_offers(const form_shown *f, const char *lang)
{
	char field[48];
	snprintf(field, sizeof field, "lang_%s", lang);
	return f->sent ? sent_is(f, field, "1") : offers(f->saved, lang);
}

static int shown_idle(const form_shown *f)
{
	char val[16];
	if (!f->sent)
		return f->saved->idle_timeout_s;
	if (coll_web_form_get(f->sent, "idle", val, sizeof val) != 0)
		return 0;
	return atoi(val);
}

/* The opening hours text as saved or sent, escaped into the field. */
static void shown_hours(coll_html *h, const form_shown *f)
{
	char val[FB_HOURS_TEXT_MAX * 4];
	if (!f->sent) {
		coll_html_text(h, f->saved->opening_hours);
		return;
	}
	if (coll_web_form_get(f->sent, "hours", val, sizeof val) == 0)
		coll_html_text(h, val);
}

static bool saved_has_mode(const coll_store_location_settings *v, const char *mode)
{
	for (size_t i = 0; i < v->n_modes; i++)
		if (strcmp(v->modes[i], mode) == 0)
			return true;
	return false;
}

/* Whether the form shows the modes as set here (not the tablet's own). */
static bool shown_modes_set(const form_shown *f)
{
	return f->sent ? sent_is(f, "modes", "set") : f->saved->n_modes > 0;
}

static bool shown_mode(const form_shown *f, const char *mode)
{
	char field[48];
	snprintf(field, sizeof field, "mode_%s", mode);
	return f->sent ? sent_is(f, field, "1") : saved_has_mode(f->saved, mode);
}

/* "Standard, Easy read" (the page's words), or with codes "standard,easy"
 * (the audit row's); "" when not set. */
static void modes_text(const coll_store_location_settings *v, bool codes, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < v->n_modes && n < size; i++) {
		const char *w = v->modes[i];
		if (!codes && strcmp(w, FB_MODE_STANDARD) == 0)
			w = "Standard";
		for (size_t j = 0; !codes && j < N_EXTRA_MODES; j++)
			if (strcmp(v->modes[i], extra_modes[j].name) == 0)
				w = extra_modes[j].words;
		n += (size_t)snprintf(out + n, size - n, "%s%s", !i ? "" : codes ? "," : ", ", w);
	}
	if (v->n_modes == 1 && !codes)
		snprintf(out, size, "Standard only (no choice on the first screen)");
}

/* The crisis text for lang, escaped into the textarea. */
static void shown_crisis(coll_html *h, const form_shown *f, const char *lang)
{
	if (!f->sent) {
		coll_html_text(h, crisis_of(f->saved, lang));
		return;
	}
	char field[48];
	snprintf(field, sizeof field, "crisis_%s", lang);
	/* any field of the body fits in the body's own length */
	char *val = malloc(strlen(f->sent) + 1);
	if (val && coll_web_form_get(f->sent, field, val, strlen(f->sent) + 1) == 0)
		coll_html_text(h, val);
	free(val);
}

/* CR LF (a browser's textarea) as LF. */
static void unix_lines(char *s)
{
	char *o = s;
	for (const char *p = s; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*o++ = *p;
	*o = '\0';
}

/* The form's values into w, checked; FB_ERR_INVALID with the words why. */
static int form_read(const coll_web_ctx *c, const char *location, const survey_dir *d, wanted *w,
		     fb_err *err)
{
	const char *body = c->req->body;
	char val[CRISIS_FIELD_MAX], field[48], words[64];
	lang_list l;
	memset(w, 0, sizeof *w);
	if (coll_web_form_get(body, "survey", val, SURVEY_NAME_MAX) == 0 && val[0]) {
		w->survey = survey_named(d, val);
		if (!w->survey && strcmp(val, KEPT) == 0)
			return fb_err_set(err, FB_ERR_INVALID, "The survey chosen before has changed since"
					  " this page was opened. Open the page again.");
		if (!w->survey)
			return fb_err_set(err, FB_ERR_INVALID, "There is no survey file called %s in the"
					  " survey folder. Choose one from the list.", val);
		if (!w->survey->s)
			return fb_err_set(err, FB_ERR_INVALID, "The survey %s cannot be used: %s. Mend"
					  " the file or choose another.", w->survey->name, w->survey->why);
		snprintf(w->v.survey_file, sizeof w->v.survey_file, "%s", w->survey->name);
	}
	langs_of(d, w->survey, &l);
	for (size_t i = 0; i < l.n; i++) {
		snprintf(field, sizeof field, "lang_%s", l.code[i]);
		if (coll_web_form_get(body, field, val, 8) == 0 && strcmp(val, "1") == 0)
			snprintf(w->v.languages[w->v.n_languages++], COLL_STORE_LANG_MAX, "%s", l.code[i]);
	}
	/* a language ticked that the survey chosen lacks (it was ticked for another) */
	lang_list all;
	langs_of(d, NULL, &all);
	if (d->has_kept && d->kept.s)
		langs_add(&all, d->kept.s);
	for (size_t i = 0; i < all.n; i++) {
		snprintf(field, sizeof field, "lang_%s", all.code[i]);
		if (coll_web_form_get(body, field, val, 8) != 0 || strcmp(val, "1") != 0)
			continue;
		bool in = false;
		for (size_t j = 0; j < l.n; j++)
			in = in || strcmp(l.code[j], all.code[i]) == 0;
		if (!in)
			return fb_err_set(err, FB_ERR_INVALID, "The survey %s has no %s (%s) words, so the"
					  " tablets cannot offer it. Untick %s, or choose a survey that has"
					  " it.", w->survey ? w->survey->name : "", all.name[i], all.code[i],
					  all.name[i]);
	}
	if (coll_web_form_get(body, "idle", val, 16) == 0 && val[0]) {
		char *end;
		long s = strtol(val, &end, 10);
		if (*end || end == val)
			return fb_err_set(err, FB_ERR_INVALID, "The idle timeout must be a number of seconds.");
		if (s < FB_PROTO_CONFIG_IDLE_MIN || s > FB_PROTO_CONFIG_IDLE_MAX) {
			char lo[32], hi[32];
			duration_words(FB_PROTO_CONFIG_IDLE_MIN, lo, sizeof lo);
			duration_words(FB_PROTO_CONFIG_IDLE_MAX, hi, sizeof hi);
			if (s >= 0 && s < 100000)
				duration_words((int)s, words, sizeof words);
			else
				snprintf(words, sizeof words, "%.20s seconds", val);
			return fb_err_set(err, FB_ERR_INVALID, "The idle timeout must be between %s and %s;"
					  " %s is %s. A tablet would go back to its first screen while"
					  " someone is still reading.", lo, hi, words,
					  s < FB_PROTO_CONFIG_IDLE_MIN ? "too short" : "too long");
		}
		w->v.idle_timeout_s = (int)s;
	}
	int hrc = coll_web_form_get(body, "hours", val, sizeof val);
	if (hrc == FB_ERR_INVALID)
		return fb_err_set(err, FB_ERR_INVALID, "The opening hours are too long: they can be at"
				  " most %d characters, such as " HOURS_EXAMPLE ".", FB_HOURS_TEXT_MAX);
	if (hrc == 0 && strspn(val, " \t\r\n") < strlen(val)) {
		fb_hours hours;
		fb_err herr;
		size_t n = strlen(val);
		/* as typed, without the spaces around it */
		while (n > 0 && strchr(" \t\r\n", val[n - 1]))
			val[--n] = '\0';
		const char *t = val + strspn(val, " \t\r\n");
		if (strlen(t) > FB_HOURS_TEXT_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "The opening hours are too long: they can be"
					  " at most %d characters, such as " HOURS_EXAMPLE ".",
					  FB_HOURS_TEXT_MAX);
		if (!fb_utf8_valid(t, strlen(t)) || fb_hours_parse(t, &hours, &herr) != 0)
			return fb_err_set(err, FB_ERR_INVALID, "The opening hours cannot be used: %s. Write"
					  " them like " HOURS_EXAMPLE ", or leave them empty to keep each"
					  " tablet's own.", fb_utf8_valid(t, strlen(t)) ? herr.msg :
					  "they are not readable text");
		snprintf(w->v.opening_hours, sizeof w->v.opening_hours, "%s", t);
	}
	bool modes_set = coll_web_form_get(body, "modes", val, 8) == 0 && strcmp(val, "set") == 0;
	for (size_t i = 0; i < N_EXTRA_MODES; i++) {
		snprintf(field, sizeof field, "mode_%s", extra_modes[i].name);
		bool ticked = coll_web_form_get(body, field, val, 8) == 0 && strcmp(val, "1") == 0;
		if (ticked && !modes_set)
			return fb_err_set(err, FB_ERR_INVALID, "%s is ticked, but the modes are to stay as"
					  " each tablet has them. Choose \"Only the modes ticked here\" to"
					  " offer it, or untick it.", extra_modes[i].words);
		if (!ticked)
			continue;
		if (w->v.n_modes == 0)
			snprintf(w->v.modes[w->v.n_modes++], COLL_STORE_MODE_MAX, "%s", FB_MODE_STANDARD);
		snprintf(w->v.modes[w->v.n_modes++], COLL_STORE_MODE_MAX, "%s", extra_modes[i].name);
	}
	if (modes_set && w->v.n_modes == 0)   /* standard only: no choice shown */
		snprintf(w->v.modes[w->v.n_modes++], COLL_STORE_MODE_MAX, "%s", FB_MODE_STANDARD);
	for (size_t i = 0; i < l.n; i++) {
		snprintf(field, sizeof field, "crisis_%s", l.code[i]);
		int rc = coll_web_form_get(body, field, val, sizeof val);
		if (rc == FB_ERR_INVALID)
			return fb_err_set(err, FB_ERR_INVALID, "The crisis-help text for %s is too long: it"
					  " can be at most %d bytes (about %d letters of English). Shorten it"
					  " and send it again.", l.name[i], FB_PROTO_CONFIG_CRISIS_MAX,
					  FB_PROTO_CONFIG_CRISIS_MAX);
		unix_lines(val);
		size_t n = strlen(val);
		if (rc != 0 || strspn(val, " \t\r\n") == n)
			continue;
		if (!fb_utf8_valid(val, n))
			return fb_err_set(err, FB_ERR_INVALID, "The crisis-help text for %s is not readable"
					  " text (not UTF-8). Type it again or paste it from another place.",
					  l.name[i]);
		if (n > FB_PROTO_CONFIG_CRISIS_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "The crisis-help text for %s is %zu bytes"
					  " long; it can be at most %d bytes (about %zu of its %zu letters"
					  " fit). Shorten it and send it again.", l.name[i], n,
					  FB_PROTO_CONFIG_CRISIS_MAX,
					  fb_utf8_count(val, fb_utf8_cut(val, n, FB_PROTO_CONFIG_CRISIS_MAX)),
					  fb_utf8_count(val, n));
		struct coll_store_crisis *cr = &w->v.crisis[w->v.n_crisis++];
		snprintf(cr->lang, sizeof cr->lang, "%s", l.code[i]);
		memcpy(cr->text, val, n + 1);
	}
	if (w->survey) {
		w->v.survey_json = strdup(w->survey->json);
		if (!w->v.survey_json)
			return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	}
	/* The document's own checks, on the config these settings make. */
	fb_proto_config *pc = calloc(1, sizeof *pc);
	if (!pc)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	fb_proto_config_init(pc, location);
	pc->has_languages = w->v.n_languages > 0;
	pc->n_languages = w->v.n_languages;
	for (size_t i = 0; i < w->v.n_languages; i++)
		snprintf(pc->languages[i], sizeof pc->languages[i], "%s", w->v.languages[i]);
	pc->has_idle_timeout = w->v.idle_timeout_s > 0;
	pc->idle_timeout_s = w->v.idle_timeout_s;
	pc->has_opening_hours = w->v.opening_hours[0] != '\0';
	snprintf(pc->opening_hours, sizeof pc->opening_hours, "%s", w->v.opening_hours);
	pc->has_modes = w->v.n_modes > 0;
	pc->n_modes = w->v.n_modes;
	for (size_t i = 0; i < w->v.n_modes; i++)
		snprintf(pc->modes[i], sizeof pc->modes[i], "%s", w->v.modes[i]);
	pc->has_crisis = w->v.n_crisis > 0;
	pc->n_crisis = w->v.n_crisis;
	for (size_t i = 0; i < w->v.n_crisis; i++) {
		snprintf(pc->crisis[i].lang, sizeof pc->crisis[i].lang, "%s", w->v.crisis[i].lang);
		snprintf(pc->crisis[i].text, sizeof pc->crisis[i].text, "%s", w->v.crisis[i].text);
	}
	pc->survey_json = w->v.survey_json;
	char etag[FB_PROTO_ETAG_LEN + 1];
	char *doc = fb_proto_config_write(pc, etag, err);
	pc->survey_json = NULL;
	fb_proto_config_clear(pc);
	free(pc);
	if (!doc) {
		fb_err why = *err;
		return fb_err_set(err, FB_ERR_INVALID, "The tablets would refuse these settings: %s.",
				  why.msg);
	}
	free(doc);
	return 0;
}

/* "English, Polski" (the page's words), or with codes "en,pl" (the audit
 * row's); "" when not set. */
static void languages_text(const coll_store_location_settings *v, const lang_list *l, bool codes,
			   char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < v->n_languages && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", !i ? "" : codes ? "," : ", ",
				      codes ? v->languages[i] : lang_name(l, v->languages[i]));
}

/* One change into out at *n: for a person "Label: new (was: old)", ending
 * with a new line (opening hours hold ';'), for the audit row "key old ->
 * new; ". */
static void change_add(char *out, size_t size, size_t *n, bool for_audit, const char *key,
		       const char *label, const char *was, const char *now)
{
	if (*n >= size)
		return;
	if (for_audit)
		*n += (size_t)snprintf(out + *n, size - *n, "%s %s -> %s; ", key, was, now);
	else
		*n += (size_t)snprintf(out + *n, size - *n, "%s: %s (was: %s)\n", label, now, was);
}

static const char tablets_own[] = "the tablet's own";

/* The change from was to now when they differ, "" in either being the
 * tablet's own setting. */
static void change_if_new(char *out, size_t size, size_t *n, bool for_audit, const char *key,
			  const char *label, const char *was, const char *now)
{
	if (strcmp(was, now) != 0)
		change_add(out, size, n, for_audit, key, label, was[0] ? was : tablets_own,
			   now[0] ? now : tablets_own);
}

/* What changes from old to new, in words, for the confirmation page and the
 * audit row; "" when nothing does. */
static void changes_text(const coll_store_location_settings *old, const coll_store_location_settings *nw,
			 const lang_list *l, bool for_audit, char *out, size_t size)
{
	char a[512], b[512];
	size_t n = 0;
	out[0] = '\0';
	change_if_new(out, size, &n, for_audit, "survey", "Survey", old->survey_file, nw->survey_file);
	if (strcmp(old->survey_file, nw->survey_file) == 0 && old->survey_json && nw->survey_json &&
	    strcmp(old->survey_json, nw->survey_json) != 0)
		change_add(out, size, &n, for_audit, "survey", "Survey", for_audit ? old->survey_file :
			   "the version chosen before", "its file as it is now");
	languages_text(old, l, for_audit, a, sizeof a);
	languages_text(nw, l, for_audit, b, sizeof b);
	change_if_new(out, size, &n, for_audit, "languages", "Languages offered", a, b);
	if (old->idle_timeout_s != nw->idle_timeout_s) {
		snprintf(a, sizeof a, "%s", tablets_own);
		snprintf(b, sizeof b, "%s", tablets_own);
		if (old->idle_timeout_s)
			duration_words(old->idle_timeout_s, a, sizeof a);
		if (nw->idle_timeout_s)
			duration_words(nw->idle_timeout_s, b, sizeof b);
		change_add(out, size, &n, for_audit, "idle timeout", "Back to the first screen after", a, b);
	}
	change_if_new(out, size, &n, for_audit, "opening hours", "Opening hours", old->opening_hours,
		      nw->opening_hours);
	modes_text(old, for_audit, a, sizeof a);
	modes_text(nw, for_audit, b, sizeof b);
	change_if_new(out, size, &n, for_audit, "modes", "Modes a person may choose", a, b);
	/* crisis texts, by language (never the text itself in the audit) */
	for (size_t i = 0; i < nw->n_crisis && n < size; i++) {
		const char *lang = nw->crisis[i].lang, *t = crisis_of(old, lang);
		if (t && strcmp(t, nw->crisis[i].text) == 0)
			continue;
		if (for_audit)
			n += (size_t)snprintf(out + n, size - n, "crisis text %s %s; ", lang, t ? "changed" : "set");
		else
			n += (size_t)snprintf(out + n, size - n, "Crisis help in %s: %s\n", lang_name(l, lang),
					      t ? "a changed text" : "the Trust's text, not the kiosk's own card");
	}
	for (size_t i = 0; i < old->n_crisis && n < size; i++) {
		const char *lang = old->crisis[i].lang;
		if (crisis_of(nw, lang))
			continue;
		if (for_audit)
			n += (size_t)snprintf(out + n, size - n, "crisis text %s removed; ", lang);
		else
			n += (size_t)snprintf(out + n, size - n, "Crisis help in %s: the kiosk's own card"
					      " again\n", lang_name(l, lang));
	}
	/* no trailing separator */
	n = strlen(out);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ';' || out[n - 1] == '\n'))
		out[--n] = '\0';
}

/* ---- the page ------------------------------------------------------------------ */

static void settings_begin(const coll_web_ctx *c, coll_html *h, const char *title)
{
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<nav class=\"nhsuk-breadcrumb fb-noprint\" aria-label=\"Breadcrumb\">"
		      "<ol class=\"nhsuk-breadcrumb__list\"><li class=\"nhsuk-breadcrumb__item\">"
		      "<a class=\"nhsuk-breadcrumb__link\" href=\"/settings\">Tablet settings</a></li>"
		      "</ol></nav>");
}

typedef struct dev_ctx {
	coll_page_table *t;
	const char *etag;
	int n, current;
} dev_ctx;

static int device_row(void *ctx, const char *id, const char *etag, int64_t at_ms)
{
	dev_ctx *d = ctx;
	char when[64];
	if (d->n++ >= DEVICES_SHOWN)
		return 0;
	coll_page_row_begin(d->t);
	coll_page_cell(d->t, id);
	if (!etag) {
		coll_page_cell(d->t, "Has not asked for its settings yet");
		coll_page_cell(d->t, "");
	} else {
		bool cur = strcmp(etag, d->etag) == 0;
		d->current += cur;
		coll_page_cell(d->t, cur ? "Has the current settings" :
			       "Has older settings (it picks these up at its next check, at least hourly)");
		coll_page_time_text(at_ms, when, sizeof when);
		coll_page_cell(d->t, when);
	}
	coll_page_row_end(d->t);
	return 0;
}

static void summary_row(coll_html *h, const char *key, const char *value)
{
	coll_html_printf(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">"
			 "%s</dt><dd class=\"nhsuk-summary-list__value\">%s</dd></div>", key, value);
}

/* The page of one location. problem: why the form in sent (its body) was
 * refused, or NULL; the form then shows what was sent. */
static int page_location(const coll_web_ctx *c, const coll_store_location *loc,
			 const coll_store_location_settings *saved, const survey_dir *d,
			 const char *problem, const char *sent, coll_html *h)
{
	fb_err err;
	char text[1024], etag[FB_PROTO_ETAG_LEN + 1] = "";
	lang_list l;
	const form_shown shown = {saved, problem ? sent : NULL};
	const survey_file *chosen = d->has_kept ? &d->kept : survey_named(d, saved->survey_file);
	if (shown.sent) {
		char name[SURVEY_NAME_MAX];
		const survey_file *f = coll_web_form_get(shown.sent, "survey", name, sizeof name) == 0 ?
				       survey_named(d, name) : NULL;
		chosen = f && f->s ? f : chosen;
	}
	langs_of(d, chosen, &l);

	/* the ETag the location's tablets are served now */
	fb_proto_config *pc = calloc(1, sizeof *pc);
	if (!pc)
		return coll_page_store_failed(c, h, &(fb_err){FB_ERR_NOMEM, "out of memory"});
	fb_proto_config_init(pc, loc->code);
	int rc = coll_ingest_config_build(c->st, loc->code, c->req->now_ms, pc, &err);
	char *doc = rc ? NULL : fb_proto_config_write(pc, etag, &err);
	free(doc);
	fb_proto_config_clear(pc);
	free(pc);
	if (rc)
		return coll_page_store_failed(c, h, &err);

	snprintf(text, sizeof text, "%sTablet settings: %s", problem ? "Error: " : "",
		 loc->name[0] ? loc->name : loc->code);
	settings_begin(c, h, text);
	if (problem) {
		coll_html_raw(h, "<div class=\"nhsuk-error-summary\" role=\"alert\" tabindex=\"-1\"><h2"
			      " class=\"nhsuk-error-summary__title\">There is a problem</h2><div"
			      " class=\"nhsuk-error-summary__body\"><p>");
		coll_html_text(h, problem);
		coll_html_raw(h, "</p><p>Nothing was changed: the tablets keep the settings below.</p>"
			      "</div></div>");
	}
	if (!problem && coll_page_arg(c, "saved"))
		coll_html_raw(h, "<div class=\"nhsuk-inset-text\"><p>Saved. The tablets take the new"
			      " settings at their next check (after each sync, at least hourly) and show"
			      " them from their next first screen, never in the middle of someone's"
			      " answers.</p></div>");
	coll_html_printf(h, "<h1>Tablet settings: %s</h1>", loc->name[0] ? loc->name : loc->code);

	/* what is in force */
	coll_html_raw(h, "<h2>Now</h2><dl class=\"nhsuk-summary-list\">");
	if (!saved->survey_file[0]) {
		summary_row(h, "Survey", "The tablet's own");
	} else {
		const survey_file *f = survey_named(d, saved->survey_file);
		snprintf(text, sizeof text, "%s%s", saved->survey_file, !d->has_kept ? "" :
			 f && f->s ? " as it was when chosen: the file has changed since; choose it again"
			 " to send the tablets the new version" :
			 " as it was when chosen: the file is now missing or refused; the tablets keep"
			 " the version they have");
		summary_row(h, "Survey", text);
	}
	if (saved->n_languages) {
		languages_text(saved, &l, false, text, sizeof text);
		summary_row(h, "Languages offered", text);
	} else {
		summary_row(h, "Languages offered", "The tablet's own");
	}
	if (saved->idle_timeout_s) {
		duration_words(saved->idle_timeout_s, text, sizeof text);
		summary_row(h, "Back to the first screen after", text);
	} else {
		summary_row(h, "Back to the first screen after", "The tablet's own setting");
	}
	coll_html_raw(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">"
		      "Opening hours</dt><dd class=\"nhsuk-summary-list__value\">");
	coll_html_text(h, saved->opening_hours[0] ? saved->opening_hours : "The tablet's own");
	coll_html_raw(h, "</dd></div>");
	modes_text(saved, false, text, sizeof text);
	summary_row(h, "Modes a person may choose", saved->n_modes ? text : "The tablet's own");
	coll_html_raw(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">"
		      "Crisis help</dt><dd class=\"nhsuk-summary-list__value\">");
	if (!saved->n_crisis)
		coll_html_raw(h, "The kiosk's own card in every language");
	for (size_t i = 0; i < saved->n_crisis; i++) {
		coll_html_printf(h, "<p><strong>%s</strong>: ", lang_name(&l, saved->crisis[i].lang));
		coll_html_text(h, saved->crisis[i].text);
		coll_html_raw(h, "</p>");
	}
	if (saved->n_crisis)
		coll_html_raw(h, "<p>Other languages: the kiosk's own card.</p>");
	coll_html_raw(h, "</dd></div>");
	if (saved->updated_ms) {
		char when[64];
		coll_page_time_text(saved->updated_ms, when, sizeof when);
		snprintf(text, sizeof text, "%s by %s", when, saved->updated_by);
		summary_row(h, "Last changed", text);
	}
	coll_html_raw(h, "</dl>");

	/* which tablets have it */
	static const char *const heads[] = {"Tablet", "Settings", "Last asked"};
	coll_page_table t;
	coll_html_raw(h, "<h2>Tablets at this location</h2>");
	coll_page_table_begin(&t, h, "Which tablets have picked up the current settings", heads, 3, 0, true);
	dev_ctx dc = {&t, etag, 0, 0};
	rc = coll_store_location_fetches_each(c->st, loc->code, device_row, &dc, &err);
	coll_page_table_end(&t);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	if (dc.n == 0)
		coll_html_raw(h, "<p>No tablet is enrolled for this location yet.</p>");
	else
		coll_html_printf(h, "<p>Tablets with the current settings: %d of %d.</p>", dc.current, dc.n);

	/* the form */
	coll_html_printf(h, "<h2>Change</h2><form method=\"post\" action=\"/settings/%s\" novalidate>",
			 loc->code);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"survey\">"
		      "Survey</label><div class=\"nhsuk-hint\" id=\"survey-hint\">The survey files in"
		      " the collector's survey folder, each checked as a tablet checks it.</div>"
		      "<select class=\"nhsuk-select\" id=\"survey\" name=\"survey\""
		      " aria-describedby=\"survey-hint\"><option value=\"\">The tablet's own survey</option>");
	bool kept_chosen = d->has_kept && (!shown.sent || sent_is(&shown, "survey", KEPT));
	if (d->has_kept && d->kept.s)
		coll_html_printf(h, "<option value=\"" KEPT "\"%s>%s as chosen before (%s, version %d)"
				 "</option>", kept_chosen ? " selected" : "", d->kept.name, d->kept.s->id,
				 d->kept.s->version);
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].s)
			coll_html_printf(h, "<option value=\"%s\"%s>%s%s (%s, version %d)</option>", d->v[i].name,
					 !kept_chosen && shown_survey_is(&shown, d->v[i].name) ?
					 " selected" : "", d->v[i].name,
					 d->has_kept && strcmp(d->v[i].name, d->kept.name) == 0 ?
					 " as the file is now" : "", d->v[i].s->id, d->v[i].s->version);
	coll_html_raw(h, "</select></div>");
	bool refused = false;
	for (size_t i = 0; i < d->n; i++)
		refused = refused || !d->v[i].s;
	if (d->why[0] || refused || d->more) {
		coll_html_raw(h, "<div class=\"nhsuk-warning-callout\"><h3 class=\"nhsuk-warning-callout__label\">"
			      "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
			      "Surveys that cannot be chosen</span></h3><ul>");
		if (d->why[0]) {
			coll_html_raw(h, "<li>");
			coll_html_text(h, d->why);
			coll_html_raw(h, "</li>");
		}
		for (size_t i = 0; i < d->n; i++)
			if (!d->v[i].s)
				coll_html_printf(h, "<li><strong>%s</strong>: %s</li>", d->v[i].name, d->v[i].why);
		if (d->more)
			coll_html_printf(h, "<li>Only the first %d files of the folder are listed.</li>",
					 SURVEYS_MAX);
		coll_html_raw(h, "</ul></div>");
	}

	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\""
		      " aria-describedby=\"langs-hint\"><legend class=\"nhsuk-fieldset__legend"
		      " nhsuk-fieldset__legend--s\">Languages offered</legend><div class=\"nhsuk-hint\""
		      " id=\"langs-hint\">In the order the tablet shows them. None ticked: the tablet"
		      " keeps its own list.</div><div class=\"nhsuk-checkboxes\">");
	for (size_t i = 0; i < l.n; i++)
		coll_html_printf(h, "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\""
				 " id=\"lang_%s\" name=\"lang_%s\" type=\"checkbox\" value=\"1\"%s>"
				 "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"lang_%s\">%s (%s)"
				 "</label></div>", l.code[i], l.code[i], shown_offers(&shown, l.code[i]) ? " checked" : "",
				 l.code[i], l.name[i], l.code[i]);
	coll_html_raw(h, "</div></fieldset></div>");

	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"idle\">"
		      "Go back to the first screen after</label><div class=\"nhsuk-hint\" id=\"idle-hint\">"
		      "How long a tablet waits, untouched, before it leaves someone's answers and"
		      " starts again.</div><select class=\"nhsuk-select\" id=\"idle\" name=\"idle\""
		      " aria-describedby=\"idle-hint\"><option value=\"\">The tablet's own setting</option>");
	bool listed = false;
	int idle = shown_idle(&shown);
	for (size_t i = 0; i < sizeof idle_choices / sizeof idle_choices[0]; i++) {
		duration_words(idle_choices[i], text, sizeof text);
		listed = listed || idle_choices[i] == idle;
		coll_html_printf(h, "<option value=\"%d\"%s>%s</option>", idle_choices[i],
				 idle_choices[i] == idle ? " selected" : "", text);
	}
	if (!listed && idle > 0 && idle < 100000) {
		duration_words(idle, text, sizeof text);
		coll_html_printf(h, "<option value=\"%d\" selected>%s</option>", idle, text);
	}
	coll_html_raw(h, "</select></div>");

	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"hours\">"
		      "Opening hours</label><div class=\"nhsuk-hint\" id=\"hours-hint\">Days and times,"
		      " such as " HOURS_EXAMPLE ". Days not named are closed; outside the hours the"
		      " tablet's screen goes dark and says it is closed. Mon-Sun 00:00-24:00 is open"
		      " all hours. Leave empty to keep each tablet's own hours.</div><input class=\"nhsuk-input\" id=\"hours\" name=\"hours\""
		      " type=\"text\" spellcheck=\"false\" aria-describedby=\"hours-hint\" value=\"");
	shown_hours(h, &shown);
	coll_html_raw(h, "\"></div>");

	bool modes_set = shown_modes_set(&shown);
	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\""
		      " aria-describedby=\"modes-hint\"><legend class=\"nhsuk-fieldset__legend"
		      " nhsuk-fieldset__legend--s\">Modes a person may choose</legend><div"
		      " class=\"nhsuk-hint\" id=\"modes-hint\">The first screen shows a button for each"
		      " mode. A tablet offers a mode only if it has that mode's survey; one without it"
		      " keeps the settings it has and says why on its staff screen.</div>"
		      "<div class=\"nhsuk-radios\">");
	coll_html_printf(h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\""
			 " id=\"modes_own\" name=\"modes\" type=\"radio\" value=\"\"%s><label"
			 " class=\"nhsuk-label nhsuk-radios__label\" for=\"modes_own\">As each tablet has"
			 " them</label></div><div class=\"nhsuk-radios__item\"><input"
			 " class=\"nhsuk-radios__input\" id=\"modes_set\" name=\"modes\" type=\"radio\""
			 " value=\"set\"%s><label class=\"nhsuk-label nhsuk-radios__label\""
			 " for=\"modes_set\">Only the modes ticked here</label></div></div>",
			 modes_set ? "" : " checked", modes_set ? " checked" : "");
	coll_html_raw(h, "<div class=\"nhsuk-checkboxes\"><div class=\"nhsuk-checkboxes__item\"><input"
		      " class=\"nhsuk-checkboxes__input\" id=\"mode_standard\" type=\"checkbox\" checked"
		      " disabled><label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"mode_standard\">"
		      "Standard (always offered)</label></div>");
	for (size_t i = 0; i < N_EXTRA_MODES; i++)
		coll_html_printf(h, "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\""
				 " id=\"mode_%s\" name=\"mode_%s\" type=\"checkbox\" value=\"1\"%s><label"
				 " class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"mode_%s\">%s</label></div>",
				 extra_modes[i].name, extra_modes[i].name,
				 shown_mode(&shown, extra_modes[i].name) ? " checked" : "",
				 extra_modes[i].name, extra_modes[i].words);
	coll_html_raw(h, "</div></fieldset></div>");

	coll_html_raw(h, "<h3>Crisis help</h3><p>What the tablet's \"Need help now?\" card says, in each"
		      " language. Leave a language empty to show the kiosk's own card.</p>");
	for (size_t i = 0; i < l.n; i++) {
		coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\""
				 " for=\"crisis_%s\">Crisis help in %s (%s)</label><div class=\"nhsuk-hint\""
				 " id=\"crisis_%s-hint\">At most %d bytes.</div><textarea class=\"nhsuk-textarea\""
				 " id=\"crisis_%s\" name=\"crisis_%s\" rows=\"3\" aria-describedby=\"crisis_%s-hint\">",
				 l.code[i], l.name[i], l.code[i], l.code[i], FB_PROTO_CONFIG_CRISIS_MAX, l.code[i],
				 l.code[i], l.code[i]);
		shown_crisis(h, &shown, l.code[i]);
		coll_html_raw(h, "</textarea></div>");
	}
	coll_html_raw(h, "<button class=\"nhsuk-button\" type=\"submit\">Check the change</button></form>");
	coll_html_page_end(h);
	return problem ? 400 : 200;
}

static int location_row(void *ctx, const coll_store_location *loc)
{
	coll_page_table *t = ctx;
	if (loc->retired_ms)
		return 0;
	coll_page_row_begin(t);
	coll_page_cell_begin(t);
	coll_html_printf(t->h, "<a href=\"/settings/%s\">%s</a>", loc->code, loc->name[0] ? loc->name : loc->code);
	coll_page_cell_end(t);
	coll_page_cell(t, loc->code);
	coll_page_cell(t, loc->team);
	coll_page_row_end(t);
	return 0;
}

static int page_list(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	static const char *const heads[] = {"Location", "Code", "Team"};
	coll_page_table t;
	coll_html_page_begin(h, "Tablet settings", &c->user);
	coll_html_raw(h, "<h1>Tablet settings</h1><p>Choose a location to set its tablets' survey,"
		      " languages, idle timeout, opening hours, modes and crisis help.</p>");
	coll_page_table_begin(&t, h, "Locations in use", heads, 3, 0, false);
	int rc = coll_store_locations_each(c->st, NULL, location_row, &t, &err);
	coll_page_table_end(&t);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	coll_html_page_end(h);
	return 200;
}

/* The location rest names, or a 403/404 page in h (status returned). */
static int settings_location(const coll_web_ctx *c, const char *rest, coll_store_location *loc,
			     coll_html *h)
{
	fb_err err;
	if (!may_set(c)) {
		int status = coll_page_require_role(c, h, COLL_ROLE_ADMIN);
		return status;
	}
	if (!fb_id_valid(rest, COLL_STORE_ID_MAX))
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is no location with this code. Start again from Tablet settings.");
	int rc = coll_store_location_get(c->st, rest, loc, &err);
	if (rc == FB_ERR_NOTFOUND || (rc == 0 && loc->retired_ms))
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is no location in use with this code. Start again from"
					 " Tablet settings.");
	if (rc)
		return coll_page_store_failed(c, h, &err);
	return 0;
}

int coll_page_settings_get(const coll_web_ctx *c, const char *rest, coll_html *h)
{
	coll_store_location loc;
	coll_store_location_settings saved;
	survey_dir *d;
	fb_err err;
	if (!rest[0]) {
		if (!may_set(c))
			return coll_page_require_role(c, h, COLL_ROLE_ADMIN);
		return page_list(c, h);
	}
	int status = settings_location(c, rest, &loc, h);
	if (status)
		return status;
	if (coll_store_location_settings_get(c->st, loc.code, &saved, &err))
		return coll_page_store_failed(c, h, &err);
	d = malloc(sizeof *d);
	if (!d) {
		coll_store_location_settings_clear(&saved);
		return coll_page_store_failed(c, h, &(fb_err){FB_ERR_NOMEM, "out of memory"});
	}
	surveys_load(c->cfg->surveys_dir, &saved, d);
	status = page_location(c, &loc, &saved, d, NULL, NULL, h);
	surveys_free(d);
	free(d);
	coll_store_location_settings_clear(&saved);
	return status;
}

/* The answer when reading or saving the form failed with rc: the page again,
 * saying why, when the settings were refused (FB_ERR_INVALID), else the
 * store's failure page. */
static int settings_refused(const coll_web_ctx *c, const coll_store_location *loc,
			    const coll_store_location_settings *saved, const survey_dir *d, int rc,
			    const fb_err *err, coll_html *h)
{
	if (rc == FB_ERR_INVALID)
		return page_location(c, loc, saved, d, err->msg, c->req->body, h);
	return coll_page_store_failed(c, h, err);
}

/* The confirmation page: what changes, and the same values again with
 * confirm=yes. */
static int confirm_page(const coll_web_ctx *c, const coll_store_location *loc, const wanted *w,
			const survey_dir *d, const char *changes, coll_html *h)
{
	char title[256];
	snprintf(title, sizeof title, "Change the tablet settings of %s?", loc->name[0] ? loc->name : loc->code);
	settings_begin(c, h, title);
	coll_html_printf(h, "<h1>%s</h1><div class=\"nhsuk-warning-callout\"><h3"
			 " class=\"nhsuk-warning-callout__label\"><span role=\"text\"><span"
			 " class=\"nhsuk-u-visually-hidden\">Important: </span>Check before you go on"
			 "</span></h3><p>Every tablet at this location will take these settings at its"
			 " next check:</p><ul>", title);
	for (const char *p = changes; *p;) {
		size_t n = strcspn(p, "\n");
		coll_html_raw(h, "<li>");
		coll_html_textn(h, p, n);
		coll_html_raw(h, "</li>");
		p += n;
		p += strspn(p, "\n");
	}
	coll_html_printf(h, "</ul></div><form method=\"post\" action=\"/settings/%s\">", loc->code);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<input type=\"hidden\" name=\"survey\" value=\"%s\">",
			 w->survey && w->survey == &d->kept ? KEPT : w->v.survey_file);
	for (size_t i = 0; i < w->v.n_languages; i++)
		coll_html_printf(h, "<input type=\"hidden\" name=\"lang_%s\" value=\"1\">", w->v.languages[i]);
	if (w->v.idle_timeout_s)
		coll_html_printf(h, "<input type=\"hidden\" name=\"idle\" value=\"%d\">", w->v.idle_timeout_s);
	if (w->v.opening_hours[0])
		coll_html_printf(h, "<input type=\"hidden\" name=\"hours\" value=\"%s\">",
				 w->v.opening_hours);
	if (w->v.n_modes)
		coll_html_raw(h, "<input type=\"hidden\" name=\"modes\" value=\"set\">");
	for (size_t i = 1; i < w->v.n_modes; i++)
		coll_html_printf(h, "<input type=\"hidden\" name=\"mode_%s\" value=\"1\">", w->v.modes[i]);
	for (size_t i = 0; i < w->v.n_crisis; i++)
		coll_html_printf(h, "<input type=\"hidden\" name=\"crisis_%s\" value=\"%s\">",
				 w->v.crisis[i].lang, w->v.crisis[i].text);
	coll_html_printf(h, "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
			 "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">Yes, change"
			 " the settings</button></form><p><a href=\"/settings/%s\">No, go back</a></p>",
			 loc->code);
	coll_html_page_end(h);
	return 200;
}

int coll_page_settings_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			    size_t size)
{
	coll_store_location loc;
	coll_store_location_settings saved;
	survey_dir *d = NULL;
	wanted w;
	fb_err err;
	char changes[2048], confirm[8];
	int status = settings_location(c, rest, &loc, h);
	memset(&w, 0, sizeof w);
	memset(&saved, 0, sizeof saved);
	if (status)
		return status;
	if (coll_store_location_settings_get(c->st, loc.code, &saved, &err)) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	d = malloc(sizeof *d);
	if (!d) {
		status = coll_page_store_failed(c, h, &(fb_err){FB_ERR_NOMEM, "out of memory"});
		goto out;
	}
	surveys_load(c->cfg->surveys_dir, &saved, d);
	int rc = form_read(c, loc.code, d, &w, &err);
	if (rc) {
		status = settings_refused(c, &loc, &saved, d, rc, &err, h);
		goto out;
	}
	lang_list l;
	langs_of(d, w.survey, &l);
	changes_text(&saved, &w.v, &l, false, changes, sizeof changes);
	if (!changes[0]) {
		snprintf(redirect, size, "/settings/%s", loc.code);
		status = 303;
		goto out;
	}
	if (coll_web_form_get(c->req->body, "confirm", confirm, sizeof confirm) != 0 ||
	    strcmp(confirm, "yes") != 0) {
		status = confirm_page(c, &loc, &w, d, changes, h);
		goto out;
	}
	changes_text(&saved, &w.v, &l, true, changes, sizeof changes);
	rc = coll_store_location_settings_put(c->st, loc.code, &w.v, c->user.name, c->req->now_ms, &err);
	if (rc) {
		status = settings_refused(c, &loc, &saved, d, rc, &err, h);
		goto out;
	}
	coll_audit_add(c->st, c->req->now_ms, c->user.name,
		       c->req->client_addr && c->req->client_addr[0] ? c->req->client_addr :
		       "unknown address", "location-settings", loc.code, changes, &err);
	snprintf(redirect, size, "/settings/%s?saved=1", loc.code);
	status = 303;
out:
	if (d) {
		surveys_free(d);
		free(d);
	}
	coll_store_location_settings_clear(&w.v);
	coll_store_location_settings_clear(&saved);
	return status;
}
