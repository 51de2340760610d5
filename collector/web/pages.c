/* pages.c: what every page shares (numbers and times in words, the store
 * error page, one comment as shown), and the message and sign-in pages (see
 * pages.h). FFT figures come from one suppressed coll_results per page
 * (collector/results.h); shares are written by coll_page_share_*. */
#include "pages_shared.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "../export.h"
#include "../months.h"
#include "utf8.h"

#define COMMENT_SHOW_MAX 4000   /* bytes of one answer shown on a page */

static const char *const fft_labels[7] = {
	"Not answered", "Very good", "Good", "Neither good nor poor", "Poor", "Very poor",
	"Don't know",
};

const char *coll_page_fft_label(int fft)
{
	return (fft >= 0 && fft <= 6) ? fft_labels[fft] : "Unknown";
}

const char *coll_page_arg(const coll_web_ctx *c, const char *name)
{
	const coll_web_request *r = c->req;
	return (r && r->arg) ? r->arg(r->arg_ctx, name) : NULL;
}

void coll_page_count_text(const coll_web_ctx *c, int64_t n, char *out, size_t size)
{
	coll_export_count_text(n, c->cfg->suppress_below, out, size);
}

int64_t coll_page_fft_total(const int64_t k[7])
{
	return k[1] + k[2] + k[3] + k[4] + k[5] + k[6];
}

/* Shares as people see them: the figure, or "–" and why in words. */
void coll_page_share_cell(coll_html *h, const coll_results *r, const coll_sup_row *row, bool positive)
{
	char v[16];
	const char *why = "";
	coll_results_share_text(r, row, positive, v, sizeof v, &why);
	if (why[0])
		coll_html_printf(h, "%s <span class=\"fb-why-inline\">%s</span>", v, why);
	else
		coll_html_printf(h, "%s", v);
}

/* Times and months are shown in the Trust's zone (months.h set TZ). */
void coll_page_time_text(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%-d %b %Y %H:%M", &tm) == 0 && size)
		out[0] = '\0';
}

/* "November 2026" */
void coll_page_month_long(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%B %Y", &tm) == 0 && size)
		out[0] = '\0';
}

void coll_page_month_short(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%b", &tm) == 0 && size)
		out[0] = '\0';
}

int coll_page_store_failed(const coll_web_ctx *c, coll_html *h, const fb_err *err)
{
	fb_log("results page %s: %s",
		c->req && c->req->path ? c->req->path : "?", err->msg);
	coll_html_free(h);
	return coll_page_message(h, &c->user, 500, "Results not available just now",
				 "The results database did not answer. Try again in a minute; if this "
				 "keeps happening, tell the IT service desk that the feedback collector "
				 "cannot read its database.");
}

bool coll_page_has_role(const coll_web_ctx *c, coll_role r)
{
	const char *have = c->user.role && c->user.role[0] ? c->user.role : "results";
	return coll_role_parse(have) == (int)r;
}

int coll_page_require_role(const coll_web_ctx *c, coll_html *h, coll_role r)
{
	char text[300];
	if (coll_page_has_role(c, r))
		return 0;
	snprintf(text, sizeof text, "This page is for people with the %s role, and your account has"
		 " the %s role. If you need it, ask the feedback collector's administrator to change"
		 " your role.", coll_role_label(r),
		 coll_role_label((coll_role)(coll_role_parse(c->user.role) < 0 ? 0 :
					     coll_role_parse(c->user.role))));
	return coll_page_message(h, &c->user, 403, "Not available with your role", text);
}

int coll_page_message(coll_html *h, const coll_html_user *u, int status, const char *title,
		      const char *text)
{
	coll_html_page_begin(h, title, u);
	coll_html_raw(h, "<h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1><div class=\"nhsuk-inset-text\"><p>");
	coll_html_text(h, text);
	coll_html_raw(h, "</p></div>");
	if (u)
		coll_html_raw(h, "<p><a href=\"/\">Back to your locations</a></p>");
	else
		coll_html_raw(h, "<p><a href=\"/login\">Sign in</a></p>");
	coll_html_page_end(h);
	return status;
}

int coll_page_login(coll_html *h, int status, const char *csrf, const char *message,
		    const char *user)
{
	coll_html_page_begin(h, message ? "Error: Sign in" : "Sign in", NULL);
	coll_html_raw(h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
	if (message) {
		/* the frontend's error summary, linked to the first field */
		coll_html_raw(h, "<div class=\"nhsuk-error-summary\" aria-labelledby=\"error-summary-title\""
			      " role=\"alert\" tabindex=\"-1\"><h2 class=\"nhsuk-error-summary__title\""
			      " id=\"error-summary-title\">There is a problem</h2>"
			      "<div class=\"nhsuk-error-summary__body\"><ul class=\"nhsuk-list"
			      " nhsuk-error-summary__list\"><li><a href=\"#user\">");
		coll_html_text(h, message);
		coll_html_raw(h, "</a></li></ul></div></div>");
	}
	coll_html_raw(h, "<h1>Sign in to see your team's feedback</h1>"
		      "<form method=\"post\" action=\"/login\" novalidate>");
	coll_html_csrf_field(h, csrf);
	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"user\">"
		      "User name</label><input class=\"nhsuk-input nhsuk-u-width-two-thirds\" id=\"user\""
		      " name=\"user\" type=\"text\" autocomplete=\"username\" spellcheck=\"false\""
		      " maxlength=\"63\" value=\"");
	coll_html_attr(h, user ? user : "");
	coll_html_raw(h, "\"></div><div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\""
		      " for=\"password\">Password</label><input class=\"nhsuk-input"
		      " nhsuk-u-width-two-thirds\" id=\"password\" name=\"password\" type=\"password\""
		      " autocomplete=\"current-password\" maxlength=\"255\"></div>"
		      "<button class=\"nhsuk-button\" type=\"submit\" data-module=\"nhsuk-button\">Sign in"
		      "</button></form><p class=\"nhsuk-hint\">Forgotten your password? Ask the person who"
		      " looks after the feedback collector to set a new one.</p></div></div>");
	coll_html_page_end(h);
	return status;
}
const char *coll_page_team_name(const coll_web_ctx *c)
{
	/* named on the admin pages, else [team CODE] name, else the code */
	return c->team_name[0] ? c->team_name : coll_config_team_name(c->cfg, c->user.team);
}

int coll_page_target(const coll_web_ctx *c)
{
	return coll_config_team_target(c->cfg, c->user.team);
}

void coll_page_figure(coll_html *h, const char *label, const char *value, const char *why,
		      double pct, int target)
{
	coll_html_raw(h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
		      "<h2 class=\"nhsuk-card__heading nhsuk-heading-xs\">");
	coll_html_text(h, label);
	coll_html_raw(h, "</h2>");
	if (why && why[0]) {
		coll_html_raw(h, "<p class=\"nhsuk-card__description\"><span class=\"fb-figure-n fb-too-few\""
			      " aria-hidden=\"true\">");
		coll_html_text(h, value);
		coll_html_raw(h, "</span><span class=\"fb-why\">");
		coll_html_text(h, why);
		coll_html_raw(h, "</span></p>");
	} else {
		coll_html_raw(h, "<p class=\"nhsuk-card__description\"><span class=\"fb-figure-n\">");
		coll_html_text(h, value);
		coll_html_raw(h, "</span></p>");
	}
	if (target > 0 && pct >= 0 && pct < (double)target) {
		coll_html_raw(h, "<p class=\"nhsuk-body-s nhsuk-u-margin-bottom-0\">");
		coll_page_target_mark(h, pct, target);   /* names the target itself */
		coll_html_raw(h, "</p>");
	} else if (target > 0) {
		coll_html_printf(h, "<p class=\"nhsuk-body-s nhsuk-u-margin-bottom-0\">Target %d%%</p>", target);
	}
	coll_html_raw(h, "</div></div>");
}

void coll_page_target_mark(coll_html *h, double pct, int target)
{
	if (pct < 0 || pct >= (double)target)
		return;
	coll_html_printf(h, " <strong class=\"fb-under\">&#9660; under the %d%% target</strong>", target);
}

void coll_page_month_picker(coll_html *h, const char *base, int64_t from, int64_t now_ms)
{
	char sel[8];
	coll_months_name(from, sel);
	coll_html_raw(h, "<form class=\"fb-month-form fb-noprint nhsuk-u-margin-bottom-5\" method=\"get\""
		      " action=\"");
	coll_html_attr(h, base);
	coll_html_raw(h, "\"><div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"month\">"
		      "Month</label><select class=\"nhsuk-select\" id=\"month\" name=\"month\">");
	for (int i = 0; i < 24; i++) {
		char id[8], name[32];
		int64_t m = coll_months_add(now_ms, -i);
		coll_months_name(m, id);
		coll_page_month_long(m, name, sizeof name);
		coll_html_printf(h, "<option value=\"%s\"%s>%s</option>", id,
				 strcmp(id, sel) == 0 ? " selected" : "", name);
	}
	coll_html_raw(h, "</select></div><button class=\"nhsuk-button nhsuk-button--secondary"
		      " nhsuk-u-margin-bottom-0\" type=\"submit\">Show this month</button></form>");
}

void coll_page_pagination(coll_html *h, const char *prev_href, const char *prev_label,
			  const char *next_href, const char *next_label)
{
	if (!prev_href && !next_href)
		return;
	coll_html_raw(h, "<nav class=\"nhsuk-pagination fb-noprint\" role=\"navigation\""
		      " aria-label=\"Pagination\"><ul class=\"nhsuk-list nhsuk-pagination__list\">");
	if (prev_href) {
		coll_html_raw(h, "<li class=\"nhsuk-pagination-item--previous\"><a class=\"nhsuk-pagination__link"
			      " nhsuk-pagination__link--prev\" rel=\"prev\" href=\"");
		coll_html_attr(h, prev_href);
		coll_html_raw(h, "\"><svg class=\"nhsuk-icon nhsuk-icon--arrow-left\" xmlns=\"http://www.w3.org/2000/svg\""
			      " viewBox=\"0 0 24 24\" width=\"16\" height=\"16\" focusable=\"false\" aria-hidden=\"true\">"
			      "<path d=\"M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0"
			      " 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z\"/></svg>"
			      "<span class=\"nhsuk-pagination__title\">Previous</span>"
			      "<span class=\"nhsuk-u-visually-hidden\">:</span>"
			      "<span class=\"nhsuk-pagination__page\">");
		coll_html_text(h, prev_label);
		coll_html_raw(h, "</span></a></li>");
	}
	if (next_href) {
		coll_html_raw(h, "<li class=\"nhsuk-pagination-item--next\"><a class=\"nhsuk-pagination__link"
			      " nhsuk-pagination__link--next\" rel=\"next\" href=\"");
		coll_html_attr(h, next_href);
		coll_html_raw(h, "\"><svg class=\"nhsuk-icon nhsuk-icon--arrow-right\" xmlns=\"http://www.w3.org/2000/svg\""
			      " viewBox=\"0 0 24 24\" width=\"16\" height=\"16\" focusable=\"false\" aria-hidden=\"true\">"
			      "<path d=\"m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1"
			      " 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z\"/></svg>"
			      "<span class=\"nhsuk-pagination__title\">Next</span>"
			      "<span class=\"nhsuk-u-visually-hidden\">:</span>"
			      "<span class=\"nhsuk-pagination__page\">");
		coll_html_text(h, next_label);
		coll_html_raw(h, "</span></a></li>");
	}
	coll_html_raw(h, "</ul></nav>");
}

void coll_page_quarter_pagination(coll_html *h, const char *base, int64_t from, int64_t to,
				  int64_t now_ms)
{
	char pq[COLL_MONTHS_FYQ_ID], nq[COLL_MONTHS_FYQ_ID], pl[COLL_MONTHS_FYQ_ID], nl[COLL_MONTHS_FYQ_ID];
	char ph[96], nh[96];
	coll_months_fyq_id(coll_months_add(from, -3), pq);
	coll_months_fyq_label(coll_months_add(from, -3), pl);
	coll_months_fyq_id(to, nq);
	coll_months_fyq_label(to, nl);
	snprintf(ph, sizeof ph, "%s?quarter=%s", base, pq);
	snprintf(nh, sizeof nh, "%s?quarter=%s", base, nq);
	coll_page_pagination(h, ph, pl, to <= now_ms ? nh : NULL, nl);
}

void coll_page_table_begin(coll_page_table *t, coll_html *h, const char *caption,
			   const char *const *heads, int n, unsigned numeric, bool responsive)
{
	*t = (coll_page_table){.h = h, .heads = heads, .n = n, .numeric = numeric,
			       .responsive = responsive};
	if (responsive)
		coll_html_raw(h, "<table class=\"nhsuk-table-responsive\">");
	else   /* the frontend's scroll box: a wide table never pushes the page sideways */
		coll_html_raw(h, "<div class=\"nhsuk-table-container fb-scroll\"><table class=\"nhsuk-table\">");
	if (caption && caption[0]) {
		coll_html_raw(h, "<caption class=\"nhsuk-table__caption nhsuk-table__caption--s\">");
		coll_html_text(h, caption);
		coll_html_raw(h, "</caption>");
	}
	coll_html_raw(h, "<thead class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\">");
	for (int i = 0; i < n; i++) {
		if (numeric & (1u << i))
			coll_html_raw(h, "<th class=\"nhsuk-table__header nhsuk-table__header--numeric\""
				      " scope=\"col\">");
		else
			coll_html_raw(h, "<th class=\"nhsuk-table__header\" scope=\"col\">");
		coll_html_text(h, heads[i]);
		coll_html_raw(h, "</th>");
	}
	coll_html_raw(h, "</tr></thead><tbody class=\"nhsuk-table__body\">");
}

void coll_page_row_begin(coll_page_table *t)
{
	t->col = 0;
	coll_html_raw(t->h, "<tr class=\"nhsuk-table__row\">");
}

void coll_page_cell_begin(coll_page_table *t)
{
	coll_html *h = t->h;
	if (t->col < t->n && (t->numeric & (1u << t->col)))
		coll_html_raw(h, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">");
	else
		coll_html_raw(h, "<td class=\"nhsuk-table__cell\">");
	if (t->responsive && t->col < t->n) {
		coll_html_raw(h, "<span class=\"nhsuk-table-responsive__heading\" aria-hidden=\"true\">");
		coll_html_text(h, t->heads[t->col]);
		coll_html_raw(h, " </span>");
	}
}

void coll_page_cell_end(coll_page_table *t)
{
	coll_html_raw(t->h, "</td>");
	t->col++;
}

void coll_page_cell(coll_page_table *t, const char *text)
{
	coll_page_cell_begin(t);
	coll_html_text(t->h, text);
	coll_page_cell_end(t);
}

void coll_page_row_end(coll_page_table *t)
{
	coll_html_raw(t->h, "</tr>");
}

void coll_page_table_end(coll_page_table *t)
{
	if (t->responsive)
		coll_html_raw(t->h, "</tbody></table>");
	else
		coll_html_raw(t->h, "</tbody></table></div>");
}


/* ---- comments ------------------------------------------------------------ */

/* The answers of one free-text object in reading order: "What was good",
 * then "What could be better", then any other question. Contact details are
 * left to the restricted CSV (they are for follow-up, not for reading out).
 * The person's line breaks are kept: the text is escaped and shown with
 * white-space: pre-line (feedback.css), so no markup is ever made from it. */
static const struct { const char *key, *label; } known_answers[] = {
	{"what_was_good", "What was good"}, {"good", "What was good"},
	{"do_better", "What could be better"}, {"better", "What could be better"},
};

static bool is_contact_key(const char *key)
{
	return strncmp(key, "contact", 7) == 0;
}

const char *coll_page_answer_label(const char *key)
{
	for (size_t i = 0; i < sizeof known_answers / sizeof known_answers[0]; i++)
		if (strcmp(key, known_answers[i].key) == 0)
			return known_answers[i].label;
	return is_contact_key(key) ? "Contact details" : key;
}

static void answer_out(coll_html *h, const char *label, json_t *v, size_t max)
{
	if (!json_is_string(v) || json_string_length(v) == 0)
		return;
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	bool cut = n > max;
	n = fb_utf8_cut(s, n, max);   /* never split a character */
	coll_html_raw(h, "<h3 class=\"nhsuk-heading-xs nhsuk-u-margin-bottom-1\">");
	coll_html_text(h, label);
	coll_html_raw(h, "</h3><p class=\"fb-comment-text\">");
	coll_html_textn(h, s, n);
	if (cut)
		coll_html_raw(h, " &hellip; (shortened; the whole text is in the CSV)");
	coll_html_raw(h, "</p>");
}

static void comment_text(coll_html *h, const char *json, size_t max, bool *had_contact)
{
	json_error_t jerr;
	json_t *o = json ? json_loads(json, 0, &jerr) : NULL;
	const char *key;
	json_t *v;
	*had_contact = false;
	if (!json_is_object(o)) {
		json_decref(o);
		return;
	}
	for (size_t i = 0; i < sizeof known_answers / sizeof known_answers[0]; i++)
		answer_out(h, known_answers[i].label, json_object_get(o, known_answers[i].key), max);
	json_object_foreach(o, key, v) {
		bool known = false;
		if (is_contact_key(key)) {
			*had_contact |= json_is_string(v) && json_string_length(v) > 0;
			continue;
		}
		for (size_t i = 0; i < sizeof known_answers / sizeof known_answers[0]; i++)
			known |= strcmp(key, known_answers[i].key) == 0;
		if (!known)
			answer_out(h, key, v, max);
	}
	json_decref(o);
}

/* A location's name from the walk's list, else its code. */
static const char *location_name(const coll_page_comment_walk *w, const char *code)
{
	for (size_t i = 0; w->names && code && i < w->names->n; i++)
		if (strcmp(w->names->v[i].code, code) == 0)
			return w->names->v[i].name;
	return code;
}

int coll_page_comment_out(void *ctx, const coll_store_row *r)
{
	coll_page_comment_walk *w = ctx;
	coll_html *h = w->h;
	char when[64];
	bool contact = false;
	if (w->hide_flagged && r->safeguarding)
		return 0;
	if (w->seen++ < w->skip)
		return 0;
	if (w->shown >= w->max) {
		w->more = true;
		return COLL_PAGE_WALK_STOP;
	}
	w->shown++;
	/* when the person wrote it: the submission time, corrected when the
	 * device's clock was off (not when the collector received it) */
	coll_page_time_text(r->effective_at_ms, when, sizeof when);
	if (r->safeguarding && r->flag_state == COLL_FLAG_NEW)
		coll_html_printf(h, "<div class=\"nhsuk-card nhsuk-card--feature fb-comment fb-flagged\" id=\"c-%s\">"
			      "<div class=\"nhsuk-card__content nhsuk-card__content--feature\">"
			      "<p><strong class=\"nhsuk-tag nhsuk-tag--red\">Safeguarding concern</strong>"
			      " Read and act on this today.</p>", r->id);
	else if (r->safeguarding)
		coll_html_printf(h, "<div class=\"nhsuk-card fb-comment fb-flagged-seen\" id=\"c-%s\">"
			      "<div class=\"nhsuk-card__content\">"
			      "<p><strong class=\"nhsuk-tag nhsuk-tag--orange\">Safeguarding concern</strong></p>",
				 r->id);
	else
		coll_html_printf(h, "<div class=\"nhsuk-card fb-comment\" id=\"c-%s\"><div class=\"nhsuk-card__content\">",
				 r->id);
	coll_html_raw(h, "<p class=\"fb-comment-meta nhsuk-body-s\"><strong>");
	coll_html_text(h, coll_page_fft_label(r->fft));
	coll_html_raw(h, "</strong> &middot; written ");
	coll_html_text(h, when);
	if (w->show_location) {
		coll_html_raw(h, " &middot; ");
		coll_html_text(h, location_name(w, r->location));
	}
	coll_html_raw(h, "</p>");
	comment_text(h, r->free_text_json, w->text_max ? w->text_max : COMMENT_SHOW_MAX, &contact);
	if (contact && !w->hide_flagged)
		coll_html_raw(h, "<p class=\"nhsuk-hint nhsuk-body-s\">This person left contact details:"
			      " see the restricted responses CSV.</p>");
	if (!w->hide_flagged)
		coll_page_flag_state(w->c, h, r);
	if (w->themes_back)
		coll_page_theme_coding(w->c, h, r, w->themes_back, w->themes);
	if (w->action_button && !r->safeguarding)
		coll_html_printf(h, "<a class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small"
				 " fb-action-button fb-noprint\" href=\"/actions/new?comment=%s\">Make an action"
				 " from this comment</a>", r->id);
	coll_html_raw(h, "</div></div>");
	return 0;
}
