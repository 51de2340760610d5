/* pages_safeguarding.c: flagged comments and their state (see pages.h): the
 * state line and the "Mark seen" / "Mark actioned" forms of one flagged
 * comment wherever it is shown, the notice of those not yet seen at the top
 * of a results page, and the /safeguarding page (the person's team's
 * flagged comments; every location's for [results] safeguarding_team). */
#include "pages_shared.h"

#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define FLAGS_NEW_SHOWN 200      /* not yet seen, on one page (a page is capped at 4 MB) */
#define FLAGS_SEEN_SHOWN 100     /* seen or actioned comments listed under the new ones */

void coll_page_flag_state(const coll_web_ctx *c, coll_html *h, const coll_store_row *r)
{
	char when[64];
	const char *back = c->req && c->req->path ? c->req->path : "/safeguarding";
	if (r->flag_state == COLL_FLAG_NONE)
		return;
	coll_html_raw(h, "<div class=\"fb-flag-state\">");
	if (r->flag_state == COLL_FLAG_NEW) {
		coll_html_raw(h, "<p><strong>Not yet seen.</strong> Mark it seen once you have read it;"
			      " it stays at the top of the page until then.</p>"
			      "<form class=\"fb-flag-form\" method=\"post\" action=\"/safeguarding/seen\">");
		coll_html_csrf_field(h, c->user.csrf);
		coll_html_printf(h, "<input type=\"hidden\" name=\"id\" value=\"%s\">"
				 "<input type=\"hidden\" name=\"back\" value=\"%s\">", r->id, back);
		coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">"
			      "Mark seen</button></form>");
	} else {
		coll_page_time_text(r->flag_seen_at_ms, when, sizeof when);
		coll_html_printf(h, "<p>Seen by <strong>%s</strong> on %s.</p>",
				 r->flag_seen_by ? r->flag_seen_by : "", when);
	}
	if (r->flag_state == COLL_FLAG_ACTIONED) {
		coll_page_time_text(r->flag_actioned_at_ms, when, sizeof when);
		coll_html_printf(h, "<p><strong class=\"nhsuk-tag nhsuk-tag--green\">Actioned</strong>"
				 " by <strong>%s</strong> on %s: %s</p>",
				 r->flag_actioned_by ? r->flag_actioned_by : "", when,
				 r->flag_note ? r->flag_note : "");
	} else {
		coll_html_raw(h, "<form class=\"fb-flag-form\" method=\"post\""
			      " action=\"/safeguarding/actioned\">");
		coll_html_csrf_field(h, c->user.csrf);
		coll_html_printf(h, "<input type=\"hidden\" name=\"id\" value=\"%s\">"
				 "<input type=\"hidden\" name=\"back\" value=\"%s\">", r->id, back);
		coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\""
				 " for=\"note-%s\">What was done (a few words, no names)</label>"
				 "<input class=\"nhsuk-input\" id=\"note-%s\" name=\"note\" type=\"text\""
				 " maxlength=\"%d\" required></div>", r->id, r->id,
				 COLL_WEB_FLAG_NOTE_CHARS);
		coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">"
			      "Mark actioned</button></form>");
	}
	coll_html_raw(h, "</div>");
}

int coll_page_flag_notice(const coll_web_ctx *c, coll_html *h, const char *location, fb_err *err)
{
	int64_t n = 0;
	/* the safeguarding team's pages count every location's, as its /safeguarding lists */
	const char *team = location || coll_page_in_safeguarding_team(c) ? NULL : c->user.team;
	int rc = coll_store_flags_count_new(c->st, location, team, &n, err);
	if (rc || n == 0)
		return rc;
	coll_html_printf(h, "<div class=\"nhsuk-error-summary fb-flag-notice\" role=\"alert\">"
			 "<h2 class=\"nhsuk-error-summary__title\">%lld comment%s that may need action"
			 " today %s not been seen yet</h2><div class=\"nhsuk-error-summary__body\"><p>",
			 (long long)n, n == 1 ? "" : "s", n == 1 ? "has" : "have");
	coll_html_printf(h, "<a href=\"/safeguarding\">Read and mark %s on the safeguarding page</a>."
			 " This notice stays until someone marks %s seen.</p></div></div>",
			 n == 1 ? "it" : "them", n == 1 ? "it" : "them");
	return 0;
}

bool coll_page_in_safeguarding_team(const coll_web_ctx *c)
{
	if (coll_page_has_role(c, COLL_ROLE_SAFEGUARDING))
		return true;
	/* the deprecated [results] safeguarding_team, read for one release */
	return c->cfg->safeguarding_team[0] && strcmp(c->user.team, c->cfg->safeguarding_team) == 0;
}

typedef struct alert_walk {
	coll_html *h;
	const coll_store_location_list *names;
	int n;
} alert_walk;

static int alert_row(void *ctx, const coll_store_alert *al)
{
	alert_walk *w = ctx;
	char arrived[64], next[64];
	const char *name = al->location;
	for (size_t i = 0; i < w->names->n; i++)
		if (strcmp(w->names->v[i].code, al->location) == 0)
			name = w->names->v[i].name;
	coll_page_time_text(al->created_ms, arrived, sizeof arrived);
	coll_page_time_text(al->next_attempt_ms, next, sizeof next);
	coll_html_printf(w->h, "<li>%s, comment arrived %s: ", name, arrived);
	if (al->attempts == 0)
		coll_html_raw(w->h, "waiting to be sent.");
	else if (al->next_attempt_ms >= INT64_MAX / 4)
		coll_html_printf(w->h, "<strong>not sent</strong> after %d tr%s (%s).", al->attempts,
				 al->attempts == 1 ? "y" : "ies", al->last_error ? al->last_error : "");
	else
		coll_html_printf(w->h, "<strong>not sent yet</strong> after %d tr%s (%s); tried again"
				 " from %s.", al->attempts, al->attempts == 1 ? "y" : "ies",
				 al->last_error ? al->last_error : "", next);
	coll_html_raw(w->h, "</li>");
	w->n++;
	return 0;
}

int coll_page_alerts_card(const coll_web_ctx *c, coll_html *h, fb_err *err)
{
	coll_html part;
	coll_store_location_list names = {0};
	alert_walk w = {&part, &names, 0};
	int rc = 0;
	coll_html_raw(h, "<div class=\"nhsuk-card fb-alerts\"><div class=\"nhsuk-card__content\">"
		      "<h2 class=\"nhsuk-card__heading nhsuk-heading-m\">Email alerts</h2>");
	if (!c->cfg->smtp_url[0]) {
		coll_html_raw(h, "<p>Email alerts are off: the collector's config has no [alerts]"
			      " smtp_url. Ask the collector's administrator to set one up.</p></div></div>");
		return 0;
	}
	rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &names, err);
	if (rc)
		return rc;
	coll_html_init(&part, 0);
	rc = coll_store_alerts_unsent(c->st, COLL_WEB_ALERTS_SHOWN, alert_row, &w, err);
	if (rc == 0 && w.n == 0)
		coll_html_raw(h, "<p>Every alert has been sent.</p>");
	if (rc == 0 && w.n > 0) {
		coll_html_raw(h, "<p>Alerts not sent yet (each is tried again, waiting longer each"
			      " time; the collector's log says why):</p><ul>");
		coll_html_add_html(h, &part);
		coll_html_raw(h, "</ul>");
	}
	coll_html_raw(h, "</div></div>");
	coll_html_free(&part);
	free(names.v);
	return rc;
}

int coll_page_safeguarding(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int rc = 0;
	bool trust_wide = coll_page_in_safeguarding_team(c);
	const char *team = trust_wide ? NULL : c->user.team;
	coll_store_location_list names = {0};
	coll_page_comment_walk w = {.c = c, .h = h, .max = FLAGS_NEW_SHOWN, .show_location = true,
				    .names = &names};
	rc = coll_store_locations_list(c->st, team, COLL_WEB_FLEET_MAX, &names, &err);
	if (rc)
		goto failed;
	coll_html_page_begin(h, "Safeguarding", &c->user);
	coll_html_raw(h, "<h1>Comments that may need action</h1>");
	if (trust_wide)
		coll_html_raw(h, "<p>Every location's comments that matched a safeguarding word list.</p>");
	else
		coll_html_printf(h, "<p>Your team's comments that matched a safeguarding word list"
				 " (%s).</p>", coll_page_team_name(c));
	if (trust_wide) {
		rc = coll_page_alerts_card(c, h, &err);
		if (rc)
			goto failed;
	}
	coll_html_raw(h, "<p class=\"nhsuk-body-s\">A word list misses what is said in other words"
		      " and flags what only looks alike: read every comment on your results pages"
		      " too.</p><h2 class=\"nhsuk-heading-m\">Not yet seen</h2>");
	rc = coll_store_flags_each(c->st, team, true, FLAGS_NEW_SHOWN + 1, coll_page_comment_out, &w,
				   &err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc)
		goto failed;
	if (w.more)
		coll_html_printf(h, "<p class=\"nhsuk-inset-text\">Only the newest %d are shown: mark"
				 " them seen to see the older ones.</p>", FLAGS_NEW_SHOWN);
	if (w.shown == 0)
		coll_html_raw(h, "<p class=\"nhsuk-inset-text\">None: every flagged comment has been"
			      " seen.</p>");
	coll_html_printf(h, "<h2 class=\"nhsuk-heading-m\">Seen or actioned (the latest %d)</h2>",
			 FLAGS_SEEN_SHOWN);
	w.shown = w.seen = 0;
	w.more = false;
	w.max = FLAGS_SEEN_SHOWN;
	rc = coll_store_flags_each(c->st, team, false, FLAGS_SEEN_SHOWN, coll_page_comment_out, &w,
				   &err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc)
		goto failed;
	if (w.shown == 0)
		coll_html_raw(h, "<p class=\"nhsuk-inset-text\">None yet.</p>");
	coll_html_page_end(h);
	free(names.v);
	return 200;
failed:
	free(names.v);
	coll_html_free(h);
	return coll_page_store_failed(c, h, &err);
}
