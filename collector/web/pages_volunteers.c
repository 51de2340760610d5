/* pages_volunteers.c: the volunteer sign-ups page (see pages.h) for the
 * patient experience role. A sign-up is kept sealed (store.h, "volunteer
 * sign-ups") and opened here, one at a time, only to be shown; its opened
 * text is wiped once written into the page. Nothing here links a sign-up to
 * any response: there is nothing to link it with. */
#include "pages_shared.h"
#include "form.h"
#include "log.h"
#include "record.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIGNUPS_SHOWN 500        /* on one page (a page is capped at 4 MB) */

static const char *const state_labels[COLL_SIGNUP_STATE_COUNT] = {
	"New", "Contacted", "Joined", "Declined",
};

typedef struct vol_walk {
	const coll_web_ctx *c;
	coll_html *h;
	coll_page_table t;
	int shown;
	bool more;
} vol_walk;

/* The opened sign-up's parts as cells: roles, contact, consent. */
static void opened_cells(coll_page_table *t, coll_html *h, const char *plain)
{
	json_t *o = json_loads(plain, 0, NULL);
	json_t *roles = json_object_get(o, "roles"), *v;
	size_t i;

	coll_page_cell_begin(t);
	if (json_array_size(roles) > 0) {
		coll_html_raw(h, "<ul class=\"nhsuk-list\">");
		json_array_foreach(roles, i, v) {
			coll_html_raw(h, "<li>");
			coll_html_text(h, json_string_value(v));
			coll_html_raw(h, "</li>");
		}
		coll_html_raw(h, "</ul>");
	}
	coll_page_cell_end(t);
	coll_page_cell_begin(t);
	coll_html_raw(h, "<strong>");
	coll_html_text(h, json_string_value(json_object_get(o, "name")));
	coll_html_raw(h, "</strong><br>");
	coll_html_text(h, json_string_value(json_object_get(o, "contact")));
	coll_page_cell_end(t);
	coll_page_cell_begin(t);
	const char *lang = json_string_value(json_object_get(o, "language"));
	coll_html_raw(h, "&ldquo;");
	coll_html_text(h, json_string_value(json_object_get(o, "consent")));
	coll_html_raw(h, "&rdquo;");
	if (lang && strcmp(lang, "en") != 0) {
		coll_html_raw(h, " <span class=\"nhsuk-body-s\">(in ");
		coll_html_text(h, lang);
		coll_html_raw(h, ")</span>");
	}
	coll_page_cell_end(t);
	json_decref(o);
}

static void state_form(const coll_web_ctx *c, coll_html *h, const coll_store_signup_row *r)
{
	coll_html_printf(h, "<form method=\"post\" action=\"/volunteers/%s/state\">", r->id);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<label class=\"nhsuk-label\" for=\"state-%s\">State</label>"
			 "<select class=\"nhsuk-select\" id=\"state-%s\" name=\"state\">", r->id, r->id);
	for (int s = 0; s < COLL_SIGNUP_STATE_COUNT; s++)
		coll_html_printf(h, "<option value=\"%s\"%s>%s</option>",
				 coll_store_signup_state_name((coll_store_signup_state)s),
				 (int)r->state == s ? " selected" : "", state_labels[s]);
	coll_html_raw(h, "</select> <button class=\"nhsuk-button nhsuk-button--secondary\""
		      " type=\"submit\">Save</button></form>");
	if (r->state_by) {
		char when[64];
		coll_page_time_text(r->state_at_ms, when, sizeof when);
		coll_html_printf(h, "<p class=\"nhsuk-body-s\">By %s, %s.</p>", r->state_by, when);
	}
	coll_html_printf(h, "<a href=\"/volunteers/%s/erase\">Erase this sign-up</a>", r->id);
}

static int vol_row(void *ctx, const coll_store_signup_row *r)
{
	vol_walk *w = ctx;
	coll_page_table *t = &w->t;
	static const char *const heads[] = {"Date", "Location", "Roles", "Contact", "Consent given",
					    "State"};
	char *plain = NULL;
	size_t len = 0;
	fb_err err;

	if (w->shown >= SIGNUPS_SHOWN) {
		w->more = true;
		return COLL_PAGE_WALK_STOP;
	}
	if (w->shown == 0)
		coll_page_table_begin(t, w->h, "Volunteer sign-ups", heads, 6, 0, true);
	coll_page_row_begin(t);
	coll_page_cell(t, r->date);
	coll_page_cell(t, r->location);
	if (w->c->open && w->c->open(w->c->open_ctx, r->sealed_b64, &plain, &len, &err) == 0) {
		opened_cells(t, w->h, plain);
		sodium_memzero(plain, len);
		free(plain);
	} else {
		coll_page_cell(t, "");
		coll_page_cell(t, "Cannot be opened here: the collector does not hold the key it was"
			       " sealed to.");
		coll_page_cell(t, "");
	}
	coll_page_cell_begin(t);
	state_form(w->c, w->h, r);
	coll_page_cell_end(t);
	coll_page_row_end(t);
	w->shown++;
	return 0;
}

typedef struct one_ctx {
	char date[16];
	char location[COLL_STORE_ID_MAX];
	bool found;
} one_ctx;

static int one_row(void *ctx, const coll_store_signup_row *r)
{
	one_ctx *o = ctx;
	snprintf(o->date, sizeof o->date, "%s", r->date);
	snprintf(o->location, sizeof o->location, "%s", r->location);
	o->found = true;
	return 0;
}

/* "ID" of "ID/what" into id (false when it is not a sign-up id). */
static bool rest_id(const char *rest, const char *what, char id[FB_ID_LEN])
{
	size_t n = strlen(what);
	size_t rl = strlen(rest);
	if (rl != 36 + 1 + n || rest[36] != '/' || strcmp(rest + 37, what) != 0)
		return false;
	memcpy(id, rest, 36);
	id[36] = '\0';
	return fb_uuid7_valid(id);
}

static int erase_confirm(const coll_web_ctx *c, const char *id, coll_html *h)
{
	fb_err err;
	one_ctx o = {.found = false};
	int rc = coll_store_signup_get(c->st, id, one_row, &o, &err);
	if (rc == FB_ERR_NOTFOUND)
		return coll_page_message(h, &c->user, 404, "Sign-up not found",
					 "It may have been erased already. Go back to the volunteers page.");
	if (rc)
		return coll_page_store_failed(c, h, &err);
	coll_html_page_begin(h, "Erase a volunteer sign-up", &c->user);
	coll_html_printf(h, "<h1>Erase this sign-up?</h1><p>The sign-up given at %s on %s will be"
			 " deleted for good: its roles, name, contact and consent. If the same"
			 " sign-up arrives again from a tablet it is not kept. The erasure is"
			 " recorded in the audit trail (who and when, never the person's details).</p>",
			 o.location, o.date);
	coll_html_printf(h, "<form method=\"post\" action=\"/volunteers/%s/erase\">", id);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
		      "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">"
		      "Erase it</button></form><p><a href=\"/volunteers\">No, go back</a></p>");
	coll_html_page_end(h);
	return 200;
}

int coll_page_volunteers(const coll_web_ctx *c, const char *rest, coll_html *h)
{
	fb_err err;
	char id[FB_ID_LEN];
	vol_walk w = {.c = c, .h = h};
	int rc = coll_page_require_role(c, h, COLL_ROLE_PATIENT_EXPERIENCE);
	if (rc)
		return rc;
	if (rest[0]) {
		if (rest_id(rest, "erase", id))
			return erase_confirm(c, id, h);
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is no page at this address. Go back to the volunteers page.");
	}
	coll_html_page_begin(h, "Volunteers", &c->user);
	coll_html_raw(h, "<h1>Volunteer sign-ups</h1><p>People who offered, on a kiosk, to help"
		      " the Trust improve its services. Each sign-up is kept apart from the feedback"
		      " answers: it has no link to what the person said, only where and on which day"
		      " it was given. Contact people only for the roles they chose, and erase a"
		      " sign-up when the person asks.</p>");
	rc = coll_store_signups_each(c->st, vol_row, &w, &err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc) {
		coll_html_free(h);
		return coll_page_store_failed(c, h, &err);
	}
	if (w.shown > 0)
		coll_page_table_end(&w.t);
	if (w.more)
		coll_html_printf(h, "<p class=\"nhsuk-inset-text\">Only the newest %d are shown.</p>",
				 SIGNUPS_SHOWN);
	if (w.shown == 0)
		coll_html_raw(h, "<p class=\"nhsuk-inset-text\">No sign-ups yet.</p>");
	coll_html_page_end(h);
	return 200;
}

int coll_page_volunteers_post(const coll_web_ctx *c, const char *rest, coll_html *h,
			      char *redirect, size_t size)
{
	fb_err err;
	char id[FB_ID_LEN], val[32];
	int rc = coll_page_require_role(c, h, COLL_ROLE_PATIENT_EXPERIENCE);
	const char *addr = c->req->client_addr && c->req->client_addr[0] ? c->req->client_addr
									 : "unknown address";
	if (rc)
		return rc;
	if (rest_id(rest, "state", id)) {
		coll_store_signup_state st;
		if (coll_web_form_get(c->req->body, "state", val, sizeof val) != 0 ||
		    coll_store_signup_state_parse(val, &st) != 0)
			return coll_page_message(h, &c->user, 400, "Not saved",
						 "Choose new, contacted, joined or declined.");
		rc = coll_store_signup_set_state(c->st, id, st, c->user.name, c->req->now_ms, &err);
	} else if (rest_id(rest, "erase", id)) {
		if (coll_web_form_get(c->req->body, "confirm", val, sizeof val) != 0 ||
		    strcmp(val, "yes") != 0)
			return coll_page_message(h, &c->user, 400, "Not erased",
						 "Confirm the erasure on its page first.");
		rc = coll_store_signup_erase(c->st, id, &err);
		if (rc == 0) {
			char object[64];
			snprintf(object, sizeof object, "sign-up %s", id);
			fb_err aerr;
			coll_audit_add(c->st, c->req->now_ms, c->user.name, addr, COLL_AUDIT_ERASURE,
				       object, COLL_AUDIT_SIGNUP_ERASED, &aerr);
			/* its bytes out of the database files too; a checkpoint held
			 * up by a busy collector is done by the next erase or scrub */
			if (coll_store_scrub(c->st, &aerr))
				fb_log("volunteer sign-up erased; %s", aerr.msg);
		}
	} else {
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is nothing to send a form to at this address.");
	}
	if (rc == FB_ERR_NOTFOUND)
		return coll_page_message(h, &c->user, 404, "Sign-up not found",
					 "It may have been erased already. Go back to the volunteers page.");
	if (rc)
		return coll_page_store_failed(c, h, &err);
	snprintf(redirect, size, "/volunteers");
	return 303;
}
