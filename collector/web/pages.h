/* pages: the results pages themselves, one function per page.
 * Owns: what each page shows and how it is worded, on the NHS.UK frontend's
 * components: figures as collector/results.h gives them ('*' for a hidden
 * count, "–" and the reason in words for a share not shown), FFT % positive =
 * (Very good + Good) / all six answers, a month under the team's target
 * ([results] target_pct, [team CODE] target_pct) marked in words and shape,
 * teams and locations by name, quarters of the NHS financial year.
 * Promises: a page only reads the locations, devices and responses of the
 * team it is given (web.c has already checked the person may see them);
 * every stored or typed text is escaped; lists are capped (comments paged
 * at COLL_WEB_COMMENTS_PAGE). Each function fills h with a whole page and returns
 * the HTTP status; a store error gives a 500 page and a line on stderr. */
#ifndef COLL_PAGES_H
#define COLL_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../collector_config.h"
#include "../store/store.h"
#include "../users.h"
#include "../themes/framework.h"
#include "web.h"
#include "html.h"

#define COLL_WEB_COMMENTS_PAGE 50
#define COLL_WEB_COMMENT_PAGES_MAX 200     /* ?page= beyond this is refused */
#define COLL_WEB_FLEET_MAX 2000
#define COLL_WEB_UNKNOWN_MAX 200           /* unknown location codes listed on /fleet */
#define COLL_WEB_SEARCH_MAX 100            /* bytes of ?q= */
#define COLL_WEB_FLAG_NOTE_CHARS 200      /* maxlength of an action's note */
#define COLL_WEB_ALERTS_SHOWN 50          /* unsent email alerts listed on /safeguarding */
#define COLL_WEB_SILENT_MS (24LL * 3600 * 1000)   /* a device quiet this long stands out */

typedef struct coll_web_ctx {
	coll_store *st;
	const coll_config *cfg;
	const coll_web_request *req;
	coll_html_user user;               /* the signed-in person; user.team scopes everything */
	char team_name[COLL_STORE_NAME_MAX]; /* user.team's name from the admin pages; "" = none */
	const coll_themes_framework *fw;   /* the themes framework; NULL = no themes shown */
	coll_web_open_fn open;             /* opens sealed sign-ups; NULL = cannot here */
	const void *open_ctx;
	const struct coll_seal_keys *seal_keys;  /* the Trust's public keys; NULL = /fleet shows none */
	struct coll_retrain *trainer;      /* Train now (retrain.h); NULL = no button */
} coll_web_ctx;

/* /volunteers (pages_volunteers.c), for the patient experience role (403
 * otherwise): the volunteer sign-ups, newest first, each opened to show
 * roles, contact and the consent the person gave; rest "" the list, or
 * "ID/erase" the erasure's confirm page. POST /volunteers/ID/state (state=new,
 * contacted, joined, declined) and /volunteers/ID/erase (confirm=yes; audited
 * as an erasure): 303 back to the list with redirect set, or a page's status. */
int coll_page_volunteers(const coll_web_ctx *c, const char *rest, coll_html *h);
int coll_page_volunteers_post(const coll_web_ctx *c, const char *rest, coll_html *h,
			      char *redirect, size_t size);

/* /erasure (pages_erasure.c), for the patient experience role (403
 * otherwise): ?q= searches comments and contact details (at least 3
 * characters) and lists the responses, newest first, to tick, then the
 * volunteer sign-ups and "You said, we did" actions holding the text;
 * ?done=N says N were erased. POST /erasure/confirm (q, r_ID=1 for each
 * ticked hit of q) shows what will be erased; POST /erasure/erase
 * (confirm=yes, ids=ID,...) erases them all or none (retention.h), then 303
 * to /erasure?done=N with redirect set. Searches and erasures are audited. */
int coll_page_erasure(const coll_web_ctx *c, coll_html *h);
int coll_page_erasure_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			   size_t size);

int coll_page_home(const coll_web_ctx *c, coll_html *h);
int coll_page_location(const coll_web_ctx *c, const coll_store_location *loc, coll_html *h);
int coll_page_team(const coll_web_ctx *c, coll_html *h);
int coll_page_quality_board(const coll_web_ctx *c, coll_html *h);
/* POST /themes/code (pages_themes.c; the CSRF token already checked): codes
 * one comment's answer (id, question, a cat_CODE=1 per sub-category ticked,
 * sentiment 1..5), for the person's own team (the patient experience role:
 * the form's team), and audits it; 303 back to the comment with redirect
 * set, or the status of the page in h. */
int coll_page_theme_code_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size);
/* POST /quality-board/quote (pages_themes.c; the CSRF token already
 * checked): location, quarter ("2026-27-Q3"), code and pick ("ID:good",
 * "ID:better", or "none" to take the quote off) choose the comment a
 * location's sheet quotes for a theme, for the results role (their own
 * team's) and the patient experience role (the form's team). The comment
 * must be of that location and quarter, have words for that question and
 * that theme, and not be flagged. Audited (theme-quote, never the words);
 * 303 back to the board with redirect set, or the status of the page in h. */
int coll_page_theme_quote_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size);
/* GET /themes (pages_themes.c), for those who may code (403 otherwise):
 * the themes model, when it was last trained, by whom and from how many
 * coded comments, how many are coded now, the schedule, whether a training
 * is running and how the last one here ended, and the Train now button.
 * POST /themes/train (the CSRF token already checked) starts a training in
 * the background (retrain.h), audited (themes-train), and answers 303 back
 * to /themes; one already running answers 409 "Training is already
 * running", nothing started. */
int coll_page_themes_model(const coll_web_ctx *c, coll_html *h);
int coll_page_themes_train_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size);
/* GET /themes/next[?skip=N] (pages_coding.c), for those who may code: the
 * team's newest answer that no person has coded (after skipping N), with
 * its comment and the coding form (keys, "Save and show the next", "Skip
 * this one"); says so when none waits. */
int coll_page_coding_queue(const coll_web_ctx *c, coll_html *h);
/* Devices of the person's team; every device, and the location codes
 * responses came from that were never added, for [results] fleet_team (and
 * for everyone when no fleet_team is set: those codes belong to no team). */
int coll_page_fleet(const coll_web_ctx *c, coll_html *h);
/* Flagged comments, the not yet seen first, with their state and forms: of
 * the person's team, or of every location for [results] safeguarding_team. */
int coll_page_safeguarding(const coll_web_ctx *c, coll_html *h);
/* Whether the person has the safeguarding role (or is in the deprecated
 * [results] safeguarding_team): sees and marks every location's flagged
 * comments. */
bool coll_page_in_safeguarding_team(const coll_web_ctx *c);
/* Whether the signed-in person has role r. */
bool coll_page_has_role(const coll_web_ctx *c, coll_role r);
/* Whether the person may code comments (the results role, for their own
 * team's; the patient experience role, any team's) and there is a framework
 * (pages_themes.c). */
bool coll_page_may_code(const coll_web_ctx *c);
/* The one check a page makes before showing what only role r may see: 0
 * when the person has it, else h is a 403 page saying in plain words who
 * may see it and who to ask, and 403 is returned. */
int coll_page_require_role(const coll_web_ctx *c, coll_html *h, coll_role r);
/* The admin pages (pages_admin.c), for the admin role only (403 otherwise):
 * GET /admin/REST (rest "" is /admin) and POST /admin/REST, which answers 303
 * with redirect set (a path of ours) or a page in h. */
int coll_page_admin_get(const coll_web_ctx *c, const char *rest, coll_html *h);
int coll_page_admin_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			 size_t size);
/* GET /admin/audit.csv: the filtered audit trail as CSV into out (403 page
 * in h when not an admin, 400 for a bad filter); rows in *rows. */
int coll_page_admin_audit_csv(const coll_web_ctx *c, coll_html *h, FILE *out, int64_t *rows);
/* The tablet settings pages (pages_settings.c), for the admin and patient
 * experience roles (403 otherwise): GET /settings/REST (rest "" is the list
 * of locations, else a location's code) and POST /settings/CODE, which
 * answers a confirmation page, then (confirm=yes) saves, audits and answers
 * 303 with redirect set, or a page in h saying in words why nothing changed. */
int coll_page_settings_get(const coll_web_ctx *c, const char *rest, coll_html *h);
int coll_page_settings_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			    size_t size);
/* The password reset link's pages (no session): GET /reset?token= and POST
 * /reset. */
int coll_page_reset_get(const coll_web_ctx *c, coll_html *h);
int coll_page_reset_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size);
/* "You said, we did" actions (pages_actions.c), of the person's team only:
 * GET /actions (?quarter=), GET /actions/REST (REST "new" with ?comment=ID,
 * or ?q= and the comments page's filters; or an action's number), and the
 * POSTs to /actions/new, /actions/ID/edit, /state and /publish, which answer
 * 303 with redirect set (a path of ours) or a page in h. Another team's
 * action answers 403. */
int coll_page_actions(const coll_web_ctx *c, coll_html *h);
int coll_page_action_get(const coll_web_ctx *c, const char *rest, coll_html *h);
int coll_page_action_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			  size_t size);
/* GET /report (pages_report.c): the six-monthly Trust report for the
 * Quality and Safety Steering Group, of every team, for the half-year
 * ?half=2026-27-H2 (the one holding now when none); the patient experience
 * and admin roles only (403 otherwise). */
int coll_page_report(const coll_web_ctx *c, coll_html *h);
/* GET /report.csv?half=: the report's tables as CSV into out (part, team,
 * figure, value, date; the same hidden figures), the half's id into half_id;
 * 200, or the status of the 403/400/500 page in h. Rows in *rows. */
int coll_page_report_csv(const coll_web_ctx *c, coll_html *h, FILE *out, char half_id[16],
			 int64_t *rows);
/* The sign-in form; message (may be NULL) is shown above it, user refilled. */
int coll_page_login(coll_html *h, int status, const char *csrf, const char *message,
		    const char *user);
/* A plain page saying what happened and what to do (u may be NULL). */
int coll_page_message(coll_html *h, const coll_html_user *u, int status, const char *title,
		      const char *text);

/* Label of an FFT code 0..6 ("Very good" .. "Don't know", 0 "Not answered"). */
const char *coll_page_fft_label(int fft);

#endif
