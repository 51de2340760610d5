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
		coll_html_printf(h, "%s <span class=\"hint\">%s</span>", v, why);
	else
		coll_html_printf(h, "%s", v);
}

void coll_page_share_figure(coll_html *h, const coll_results *r, const coll_sup_row *row,
			    bool positive)
{
	char v[16];
	const char *why = "";
	coll_results_share_text(r, row, positive, v, sizeof v, &why);
	coll_html_printf(h, "<span class=\"n\">%s</span>", v);
	if (why[0])
		coll_html_printf(h, "<span class=\"hint\">%s</span>", why);
}

/* Times and months are shown in the Trust's zone (months.h set TZ). */
void coll_page_time_text(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%d %b %Y %H:%M", &tm) == 0 && size)
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
	fprintf(stderr, "feedback-collector: results page %s: %s\n",
		c->req && c->req->path ? c->req->path : "?", err->msg);
	coll_html_free(h);
	return coll_page_message(h, &c->user, 500, "Results not available just now",
				 "The results database did not answer. Try again in a minute; if this "
				 "keeps happening, tell the IT service desk that the feedback collector "
				 "cannot read its database.");
}

int coll_page_message(coll_html *h, const coll_html_user *u, int status, const char *title,
		      const char *text)
{
	coll_html_page_begin(h, title, u);
	coll_html_raw(h, "<h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1><div class=\"card\"><p>");
	coll_html_text(h, text);
	coll_html_raw(h, "</p>");
	if (u)
		coll_html_raw(h, "<p><a href=\"/\">Back to your locations</a></p>");
	else
		coll_html_raw(h, "<p><a href=\"/login\">Sign in</a></p>");
	coll_html_raw(h, "</div>");
	coll_html_page_end(h);
	return status;
}

int coll_page_login(coll_html *h, int status, const char *csrf, const char *message,
		    const char *user)
{
	coll_html_page_begin(h, "Sign in", NULL);
	coll_html_raw(h, "<h1>Sign in to see your team's feedback</h1>");
	if (message) {
		coll_html_raw(h, "<div class=\"error\" role=\"alert\"><p>");
		coll_html_text(h, message);
		coll_html_raw(h, "</p></div>");
	}
	coll_html_raw(h, "<div class=\"card\"><form method=\"post\" action=\"/login\">");
	coll_html_csrf_field(h, csrf);
	coll_html_raw(h, "<p><label for=\"user\">User name</label><br><input id=\"user\" name=\"user\""
		      " autocomplete=\"username\" required maxlength=\"63\" value=\"");
	coll_html_text(h, user ? user : "");
	coll_html_raw(h, "\"></p><p><label for=\"password\">Password</label><br><input id=\"password\""
		      " name=\"password\" type=\"password\" autocomplete=\"current-password\" required"
		      " maxlength=\"255\"></p><p><button type=\"submit\">Sign in</button></p></form>"
		      "<p class=\"hint\">Forgotten your password? Ask the person who looks after the"
		      " feedback collector to set a new one.</p></div>");
	coll_html_page_end(h);
	return status;
}

/* ---- comments ------------------------------------------------------------ */

/* Prints the answers of one free-text object; contact details are left to
 * the CSV (they are for follow-up, not for reading out). */
static void comment_text(coll_html *h, const char *json, bool *had_contact)
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
	json_object_foreach(o, key, v) {
		const char *label = key;
		if (strncmp(key, "contact", 7) == 0) {
			*had_contact = true;
			continue;
		}
		if (!json_is_string(v) || json_string_length(v) == 0)
			continue;
		if (strcmp(key, "what_was_good") == 0 || strcmp(key, "good") == 0)
			label = "What was good";
		else if (strcmp(key, "do_better") == 0 || strcmp(key, "better") == 0)
			label = "What could be better";
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		bool cut = n > COMMENT_SHOW_MAX;
		n = fb_utf8_cut(s, n, COMMENT_SHOW_MAX);   /* never split a character */
		coll_html_raw(h, "<p><strong>");
		coll_html_text(h, label);
		coll_html_raw(h, ":</strong> ");
		coll_html_textn(h, s, n);
		if (cut)
			coll_html_raw(h, " &hellip; (shortened; the whole text is in the CSV)");
		coll_html_raw(h, "</p>");
	}
	json_decref(o);
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
	coll_page_time_text(r->received_at_ms, when, sizeof when);
	if (r->safeguarding)
		coll_html_raw(h, "<div class=\"comment flag\">");
	else
		coll_html_raw(h, "<div class=\"comment\">");
	if (r->safeguarding)
		coll_html_raw(h, "<p><span class=\"label bad\">Safeguarding: read and act on this"
			      " today</span></p>");
	coll_html_raw(h, "<p class=\"meta\">");
	coll_html_text(h, coll_page_fft_label(r->fft));
	coll_html_raw(h, " &middot; received ");
	coll_html_text(h, when);
	if (w->show_location) {
		coll_html_raw(h, " &middot; ");
		coll_html_text(h, r->location);
	}
	coll_html_raw(h, "</p>");
	comment_text(h, r->free_text_json, &contact);
	if (contact && !w->hide_flagged)
		coll_html_raw(h, "<p class=\"hint\">This person left contact details: see the"
			      " responses CSV.</p>");
	coll_html_raw(h, "</div>");
	return 0;
}
