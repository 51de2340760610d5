/* retention.c: the retention plan, its daily job and its words, and the
 * erasure commands (retention.h). The deleting itself is the store's
 * (store/retain.c), in one transaction per run. */
#include "retention.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "clock.h"
#include "every.h"
#include "months.h"
#include "users.h"



void coll_retention_plan(const coll_config *cfg, int64_t now_ms, bool dry_run,
			 coll_store_retention *out)
{
	out->text_before_ms = coll_months_add(now_ms, -cfg->free_text_months);
	out->ratings_before = coll_months_of(coll_months_add(now_ms, -12 * cfg->ratings_years));
	out->return_safe_through = coll_months_of(coll_months_add(now_ms, -3));
	int signup_month = coll_months_of(coll_months_add(now_ms, -cfg->signup_months));
	int year = signup_month / 100, mon = signup_month % 100;
	if (year < 1970 || year > 9999 || mon < 1 || mon > 12)   /* never: coll_months_of's range */
		year = 1970, mon = 1;
	snprintf(out->signups_before, sizeof out->signups_before, "%04u-%02u-01",
		 (unsigned)year % 10000u, (unsigned)mon % 100u);
	out->dry_run = dry_run;
}

static void month_words(int yyyymm, char out[24])
{
	static const char *const names[12] = {"January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December"};
	int m = yyyymm % 100;
	snprintf(out, 24, "%s %d", names[(m >= 1 && m <= 12) ? m - 1 : 0], yyyymm / 100);
}

int coll_retention_run(const coll_config *cfg, coll_store *st, int64_t now_ms, bool dry_run,
		       FILE *log, coll_store_retention_done *done, fb_err *err)
{
	coll_store_retention plan;
	char text_month[24], rating_month[24], signup_month[24];
	coll_retention_plan(cfg, now_ms, dry_run, &plan);
	int rc = coll_store_retention_run(st, &plan, done, err);
	if (rc)
		return rc;
	month_words(coll_months_of(plan.text_before_ms), text_month);
	month_words(plan.ratings_before, rating_month);
	month_words(coll_months_of(coll_months_add(now_ms, -cfg->signup_months)), signup_month);
	const char *verb = dry_run ? "would delete" : "deleted";
	if (log) {
		fprintf(log, "retention%s: %s the comments and contact details of %lld response%s from"
			" before %s (kept %d months); %s %lld whole response%s, with their monthly"
			" counts, from before %s (kept %d years)",
			dry_run ? " (dry run, nothing changed)" : "", verb, (long long)done->texts,
			done->texts == 1 ? "" : "s", text_month, cfg->free_text_months, verb,
			(long long)done->responses, done->responses == 1 ? "" : "s", rating_month,
			cfg->ratings_years);
		fprintf(log, "; %s %lld volunteer sign-up%s from before %s (kept %d months)", verb,
			(long long)done->signups, done->signups == 1 ? "" : "s", signup_month,
			cfg->signup_months);
		if (done->held > 0)
			fprintf(log, "; kept %lld older rating%s whose month's NHS return is not made yet"
				" (take the fft-submission export for it)", (long long)done->held,
				done->held == 1 ? "" : "s");
		fputc('\n', log);
	}
	if (dry_run)
		return 0;
	if (done->texts > 0 || done->responses > 0 || done->signups > 0) {
		char detail[160];
		snprintf(detail, sizeof detail, "%lld comments and contact details, %lld whole responses,"
			 " %lld volunteer sign-ups deleted", (long long)done->texts,
			 (long long)done->responses, (long long)done->signups);
		fb_err aerr;
		coll_audit_add(st, now_ms, "retention", "local", "retention", "responses", detail, &aerr);
		rc = coll_store_scrub(st, err);    /* the words' bytes out of the files too */
	}
	/* [audit] retention_years: the audit trail's own rows past it go too */
	int64_t gone = 0;
	fb_err perr;
	if (coll_store_audit_prune(st, now_ms - (int64_t)cfg->audit_retention_years * 36525LL * 864000,
				   &gone, &perr))
		fb_log("audit retention: %s", perr.msg);
	else if (gone > 0 && log)
		fprintf(log, "retention: deleted %lld audit rows older than %d years\n", (long long)gone,
			cfg->audit_retention_years);
	if (coll_store_enrol_codes_prune(st, now_ms - 24LL * 3600 * 1000, &gone, &perr))
		fb_log("enrolment codes: %s", perr.msg);
	else if (gone > 0 && log)
		fprintf(log, "retention: deleted %lld enrolment code%s used or out of date a day ago\n",
			(long long)gone, gone == 1 ? "" : "s");
	return rc;
}

/* ---- the daily job ------------------------------------------------------------ */

struct coll_retention {
	const coll_config *cfg;
	coll_store *st;
	coll_every *every;
};

static void retention_job(void *arg)
{
	coll_retention *r = arg;
	coll_store_retention_done done;
	fb_err err;
	fb_err_clear(&err);
	/* the report, then any error, each line a log line */
	char *text = NULL;
	size_t len = 0;
	FILE *log = open_memstream(&text, &len);
	int rc = coll_retention_run(r->cfg, r->st, fb_wall_ms(), false, log, &done, &err);
	if (log)
		fclose(log);
	for (char *line = text, *nl; line && line[0]; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		fb_log("%.*s", nl ? (int)(nl - line) : (int)strlen(line), line);
	}
	if (rc)
		fb_log("retention: %s (the job runs again in a day)", err.msg);
	free(text);
}

int coll_retention_start(const coll_config *cfg, coll_store *st, coll_retention **out,
			 fb_err *err)
{
	coll_retention *r = calloc(1, sizeof *r);
	*out = NULL;
	if (!r)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the retention job");
	r->cfg = cfg;
	r->st = st;
	int rc = coll_every_start("retention job", COLL_RETENTION_EVERY_MS, false, retention_job, r,
				  &r->every, err);
	if (rc) {
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void coll_retention_free(coll_retention *r)
{
	if (!r)
		return;
	coll_every_free(r->every);
	free(r);
}

/* ---- erasure ------------------------------------------------------------------ */

typedef struct hits_ctx {
	FILE *out;
	int n;
} hits_ctx;

static int print_hit(void *ctx, const coll_store_erase_hit *h)
{
	hits_ctx *c = ctx;
	struct tm tm;
	char day[16];
	coll_months_local(h->effective_at_ms, &tm);
	if (strftime(day, sizeof day, "%Y-%m-%d", &tm) == 0)
		day[0] = '\0';
	fprintf(c->out, "%s  %s  %s\n    %s\n", h->id, h->location, day, h->free_text_json);
	c->n++;
	return 0;
}

static int print_action(void *ctx, int64_t action_id, const char *team)
{
	hits_ctx *c = ctx;
	fprintf(c->out, "action %lld of team %s: its \"You said, we did\" words hold this text too;"
		" staff wrote them, so erase does not change them: reword them on the action's page\n",
		(long long)action_id, team);
	return 0;
}

static int print_signup(void *ctx, const coll_store_signup_hit *h)
{
	hits_ctx *c = ctx;
	fprintf(c->out, "%s  %s  %s  volunteer sign-up\n    %s, %s\n", h->id, h->location, h->date,
		h->name, h->contact);
	c->n++;
	return 0;
}

int coll_erase_search(coll_store *st, const char *text, coll_store_open_fn open,
		      const void *open_ctx, FILE *out, fb_err *err)
{
	hits_ctx c = {out, 0}, a = {out, 0}, v = {out, 0};
	int64_t unopened = 0;
	int rc = coll_store_erase_search(st, text, 0, print_hit, &c, err);
	if (rc == 0)
		rc = coll_store_signups_search(st, text, open, open_ctx, print_signup, &v, &unopened,
					       err);
	if (rc == 0)
		rc = coll_store_erase_search_actions(st, text, print_action, &a, err);
	if (rc == 0)
		fprintf(out, "%d response%s hold%s this text in a comment or contact detail%s\n", c.n,
			c.n == 1 ? "" : "s", c.n == 1 ? "s" : "",
			c.n ? "; erase the person's with 'feedback-collector erase ids ID[,ID...] --by"
			      " YOUR-NAME'" : "");
	if (rc == 0)
		fprintf(out, "%d volunteer sign-up%s hold%s this text in a name or contact%s\n", v.n,
			v.n == 1 ? "" : "s", v.n == 1 ? "s" : "",
			v.n ? "; erase the person's with 'feedback-collector erase signups ID[,ID...]"
			      " --by YOUR-NAME'" : "");
	if (rc == 0 && unopened > 0)
		fprintf(out, "%lld volunteer sign-up%s could not be opened with this collector's secret"
			" keys and %s not searched: check [keys] secret_key_file holds every key"
			" (keygen --rotate keeps the old ones)\n", (long long)unopened,
			unopened == 1 ? "" : "s", unopened == 1 ? "was" : "were");
	if (rc == 0) {   /* how many, never the words searched for */
		char detail[96];
		fb_err aerr;
		snprintf(detail, sizeof detail, "%d responses and %d volunteer sign-ups found", c.n,
			 v.n);
		coll_audit_add(st, fb_wall_ms(), "command line", "local", "erasure-search", "responses",
			       detail, &aerr);
	}
	return rc;
}

/* The ids of "ID[,ID...]" into v (pointing into copy, which the caller
 * frees); FB_ERR_INVALID naming the command when none or too many. */
static int parse_ids(char *copy, const char **v, size_t *n, const char *what, fb_err *err)
{
	*n = 0;
	for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		if (*n == COLL_ERASE_IDS_MAX)
			return fb_err_set(err, FB_ERR_INVALID, "more than %d ids: erase them in several"
					  " goes", COLL_ERASE_IDS_MAX);
		v[(*n)++] = t;
	}
	if (*n == 0)
		return fb_err_set(err, FB_ERR_INVALID, "give the ids to erase, from 'feedback-collector"
				  " erase search TEXT': erase %s ID[,ID...] --by YOUR-NAME", what);
	return 0;
}

/* One kind of thing the CLI erases by id: responses' words, or sign-ups. */
typedef struct erase_kind {
	const char *what;        /* "ids" or "signups": the command's word */
	const char *object;      /* the audit row's object, before the id */
	const char *detail;      /* the audit row's detail */
	int (*erase)(coll_store *s, const char *const *ids, size_t n, fb_err *err);
} erase_kind;

/* Erases the ids of "ID[,ID...]" as kind says, one audit row each, by a
 * named person at addr; *n is how many. */
static int erase_each(coll_store *st, const erase_kind *kind, const char *ids, const char *by,
		      const char *addr, size_t *n, fb_err *err)
{
	const char *v[COLL_ERASE_IDS_MAX];
	int rc = 0;
	char *copy = strdup(ids ? ids : "");
	*n = 0;
	if (!copy)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the ids");
	if (!by || !by[0])
		rc = fb_err_set(err, FB_ERR_INVALID, "say who is erasing: --by YOUR-NAME");
	if (rc == 0)
		rc = parse_ids(copy, v, n, kind->what, err);
	if (rc == 0)
		rc = kind->erase(st, v, *n, err);
	for (size_t i = 0; rc == 0 && i < *n; i++) {
		char object[COLL_STORE_ID_MAX + 16];
		fb_err aerr;
		snprintf(object, sizeof object, "%s %s", kind->object, v[i]);
		coll_audit_add(st, fb_wall_ms(), by, addr, COLL_AUDIT_ERASURE, object, kind->detail,
			       &aerr);
	}
	free(copy);
	return rc;
}

static const erase_kind responses_kind = {"ids", "response", "words and contact details",
					  coll_store_erase_ids};

int coll_erase_responses(coll_store *st, const char *ids, const char *by, const char *addr,
			 size_t *n, fb_err *err)
{
	return erase_each(st, &responses_kind, ids, by, addr, n, err);
}

int coll_erase_ids(coll_store *st, const char *ids, const char *by, FILE *out, fb_err *err)
{
	size_t n;
	int rc = coll_erase_responses(st, ids, by, "local", &n, err);
	if (rc == 0)
		fprintf(out, "erased the words and contact details of %zu response%s (by %s); their"
			" ratings stay in their month's counts, no longer linkable to them\n", n,
			n == 1 ? "" : "s", by);
	return rc;
}

int coll_erase_signups(coll_store *st, const char *ids, const char *by, FILE *out, fb_err *err)
{
	static const erase_kind signups = {"signups", "sign-up", COLL_AUDIT_SIGNUP_ERASED,
					   coll_store_signups_erase};
	size_t n;
	int rc = erase_each(st, &signups, ids, by, "local", &n, err);
	if (rc == 0)
		fprintf(out, "erased %zu volunteer sign-up%s (by %s): roles, name, contact and consent;"
			" if one arrives again from a tablet it is not kept\n", n, n == 1 ? "" : "s", by);
	if (rc == 0)
		rc = coll_store_scrub(st, err);    /* their bytes out of the files too */
	return rc;
}
