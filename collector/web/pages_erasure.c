/* pages_erasure.c: /erasure (see pages.h), for the patient experience role.
 * A person who asks to have what they said erased is found by searching the
 * comments and contact details (Unicode case folded, as 'erase search' does),
 * their responses are ticked, confirmed on a second page, and erased: words
 * and contact details go, the rating stays in its month's counts, no longer
 * linkable. The search and the erasure are the command line's own (store.h
 * coll_store_erase_search, retention.h coll_erase_responses). Each search is
 * audited with its counts, never the words searched for; each erasure with
 * the response's id. */
#include "pages_shared.h"
#include "form.h"
#include "../retention.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_MIN 3                       /* bytes: fewer would list nearly everything */
#define HITS_SHOWN COLL_ERASE_IDS_MAX      /* on one page, and what one erasure takes */

/* The hits of one search, kept for the page (ids, places, dates, words). */
typedef struct hit {
	char id[COLL_STORE_ID_MAX];
	char location[COLL_STORE_ID_MAX];
	int64_t at_ms;
	char *words;                           /* the free text JSON, malloc'd */
} hit;

typedef struct hit_list {
	hit v[HITS_SHOWN];
	int n;
	bool more;                             /* the search found more than HITS_SHOWN */
} hit_list;

static int keep_hit(void *ctx, const coll_store_erase_hit *h)
{
	hit_list *l = ctx;
	if (l->n == HITS_SHOWN) {
		l->more = true;
		return 0;
	}
	hit *o = &l->v[l->n];
	snprintf(o->id, sizeof o->id, "%s", h->id);
	snprintf(o->location, sizeof o->location, "%s", h->location);
	o->at_ms = h->effective_at_ms;
	o->words = strdup(h->free_text_json ? h->free_text_json : "");
	if (!o->words)
		return FB_ERR_NOMEM;
	l->n++;
	return 0;
}

static void hits_free(hit_list *l)
{
	for (int i = 0; i < l->n; i++) {
		sodium_memzero(l->v[i].words, strlen(l->v[i].words));
		free(l->v[i].words);
	}
	free(l);
}

/* The search text of ?q= or the form's q, trimmed; "" when none. */
static void search_text(const char *raw, char *out, size_t size)
{
	const char *s = raw ? raw : "";
	while (*s == ' ')
		s++;
	snprintf(out, size, "%s", s);
	for (size_t n = strlen(out); n > 0 && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
}

/* Runs the search into a new list (HITS_SHOWN + whether there were more). */
static int search(const coll_web_ctx *c, const char *q, hit_list **out, fb_err *err)
{
	hit_list *l = calloc(1, sizeof *l);
	if (!l)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory searching");
	int rc = coll_store_erase_search(c->st, q, HITS_SHOWN + 1, keep_hit, l, err);
	if (rc == FB_ERR_NOMEM)
		fb_err_set(err, FB_ERR_NOMEM, "out of memory searching");
	if (rc) {
		hits_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

/* A response's words: each answer of its free text, contact details named. */
static void words_out(coll_html *h, const char *json)
{
	json_t *o = json_loads(json, 0, NULL);
	const char *key;
	json_t *v;
	coll_html_raw(h, "<ul class=\"nhsuk-list fb-erasure-words\">");
	json_object_foreach(o, key, v) {
		if (!json_is_string(v) || !json_string_length(v))
			continue;
		coll_html_raw(h, "<li><span class=\"nhsuk-body-s\">");
		coll_html_text(h, coll_page_answer_label(key));
		coll_html_raw(h, ":</span> ");
		coll_html_text(h, json_string_value(v));
		coll_html_raw(h, "</li>");
	}
	coll_html_raw(h, "</ul>");
	json_decref(o);
}

static void hit_cells(coll_page_table *t, coll_html *h, const hit *x)
{
	char when[64];
	coll_page_time_text(x->at_ms, when, sizeof when);
	coll_page_cell(t, when);
	coll_page_cell(t, x->location);
	coll_page_cell_begin(t);
	words_out(h, x->words);
	coll_page_cell_end(t);
}

static void search_form(const coll_web_ctx *c, coll_html *h, const char *q)
{
	coll_html_raw(h, "<form method=\"get\" action=\"/erasure\" class=\"fb-noprint\">"
		      "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"q\">"
		      "Words the person wrote, or the name, phone number or email address they"
		      " gave</label><div class=\"nhsuk-hint\" id=\"q-hint\">At least 3 characters;"
		      " capitals and accents do not matter.</div>");
	coll_html_printf(h, "<input class=\"nhsuk-input\" id=\"q\" name=\"q\" type=\"search\""
			 " aria-describedby=\"q-hint\" maxlength=\"%d\" value=\"", COLL_WEB_SEARCH_MAX);
	coll_html_attr(h, q);
	coll_html_raw(h, "\"></div><button class=\"nhsuk-button\" type=\"submit\">Search</button>"
		      "</form>");
}

typedef struct signup_walk {
	coll_html *h;
	coll_page_table t;
	int n;
} signup_walk;

static int signup_out(void *ctx, const coll_store_signup_hit *s)
{
	signup_walk *w = ctx;
	static const char *const heads[] = {"Date", "Location", "Name and contact", ""};
	if (w->n == 0)
		coll_page_table_begin(&w->t, w->h, "Volunteer sign-ups with this text", heads, 4, 0,
				      true);
	coll_page_row_begin(&w->t);
	coll_page_cell(&w->t, s->date);
	coll_page_cell(&w->t, s->location);
	coll_page_cell_begin(&w->t);
	coll_html_text(w->h, s->name);
	coll_html_raw(w->h, "<br>");
	coll_html_text(w->h, s->contact);
	coll_page_cell_end(&w->t);
	coll_page_cell_begin(&w->t);
	coll_html_printf(w->h, "<a href=\"/volunteers/%s/erase\">Erase this sign-up</a>", s->id);
	coll_page_cell_end(&w->t);
	coll_page_row_end(&w->t);
	w->n++;
	return 0;
}

typedef struct action_walk {
	coll_html *h;
	int n;
} action_walk;

static int action_out(void *ctx, int64_t action_id, const char *team)
{
	action_walk *w = ctx;
	if (w->n == 0)
		coll_html_raw(w->h, "<h2>\"You said, we did\" actions with this text</h2><p>Staff"
			      " wrote these words, so erasing does not change them: reword each on"
			      " its page.</p><ul class=\"nhsuk-list nhsuk-list--bullet\">");
	coll_html_printf(w->h, "<li><a href=\"/actions/%lld\">Action %lld</a> (team ", (long long)action_id,
			 (long long)action_id);
	coll_html_text(w->h, team);
	coll_html_raw(w->h, ")</li>");
	w->n++;
	return 0;
}

static const char *client_addr(const coll_web_ctx *c)
{
	return c->req->client_addr && c->req->client_addr[0] ? c->req->client_addr
							     : "unknown address";
}

/* The hits as a form whose ticks go to the confirm page. */
static void hits_form(const coll_web_ctx *c, coll_html *h, const hit_list *l, const char *q)
{
	static const char *const heads[] = {"Erase", "Date", "Location", "Words and contact details"};
	coll_page_table t;
	coll_html_raw(h, "<form method=\"post\" action=\"/erasure/confirm\">");
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<input type=\"hidden\" name=\"q\" value=\"");
	coll_html_attr(h, q);
	coll_html_raw(h, "\">");
	coll_page_table_begin(&t, h, "Responses with this text, newest first", heads, 4, 0, true);
	for (int i = 0; i < l->n; i++) {
		const hit *x = &l->v[i];
		coll_page_row_begin(&t);
		coll_page_cell_begin(&t);
		coll_html_printf(h, "<div class=\"nhsuk-checkboxes__item\"><input"
				 " class=\"nhsuk-checkboxes__input\" id=\"r-%s\" name=\"r_%s\""
				 " type=\"checkbox\" value=\"1\"><label class=\"nhsuk-label"
				 " nhsuk-checkboxes__label\" for=\"r-%s\"><span"
				 " class=\"nhsuk-u-visually-hidden\">Erase the response of %s</span>"
				 "</label></div>", x->id, x->id, x->id, x->id);
		coll_page_cell_end(&t);
		hit_cells(&t, h, x);
		coll_page_row_end(&t);
	}
	coll_page_table_end(&t);
	coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">"
		      "Erase the ticked responses</button></form>");
}

int coll_page_erasure(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	char q[COLL_WEB_SEARCH_MAX + 1], detail[96];
	hit_list *l = NULL;
	int rc = coll_page_require_role(c, h, COLL_ROLE_PATIENT_EXPERIENCE);
	if (rc)
		return rc;
	search_text(coll_page_arg(c, "q"), q, sizeof q);
	const char *done = coll_page_arg(c, "done");
	if (q[0] && strlen(q) >= SEARCH_MIN) {
		rc = search(c, q, &l, &err);
		if (rc)
			return coll_page_store_failed(c, h, &err);
	}
	coll_html_page_begin(h, "Erase a person's words", &c->user);
	coll_html_raw(h, "<h1>Erase a person's words</h1><p>When someone asks for what they told"
		      " us to be erased, find their responses here. Erasing deletes their comments"
		      " and any contact details they gave; their rating stays in its month's"
		      " counts, with nothing left to link it to them. It cannot be undone, and it"
		      " is recorded in the audit trail (who, when, which response: never the"
		      " words).</p>");
	if (done && done[0])
		coll_html_printf(h, "<div class=\"nhsuk-inset-text fb-done\" role=\"status\"><p>Erased the"
				 " words and contact details of %d response%s.</p></div>",
				 atoi(done), atoi(done) == 1 ? "" : "s");
	search_form(c, h, q);
	if (q[0] && strlen(q) < SEARCH_MIN)
		coll_html_raw(h, "<p class=\"nhsuk-error-message\">Type at least 3 characters.</p>");
	if (l) {
		signup_walk sw = {.h = h};
		action_walk aw = {.h = h};
		int64_t unopened = 0;
		if (l->n == 0)
			coll_html_raw(h, "<p class=\"nhsuk-inset-text\">No response's comments or contact"
				      " details hold this text.</p>");
		else
			hits_form(c, h, l, q);
		if (l->more)
			coll_html_printf(h, "<p class=\"nhsuk-inset-text\">More than %d responses hold"
					 " this text: only the newest %d are shown. Search for something"
					 " only this person wrote or gave.</p>", HITS_SHOWN, HITS_SHOWN);
		rc = coll_store_signups_search(c->st, q, c->open, c->open_ctx, signup_out, &sw,
					       &unopened, &err);
		if (rc == 0 && sw.n > 0)
			coll_page_table_end(&sw.t);
		if (rc == 0 && unopened > 0)
			coll_html_printf(h, "<p class=\"nhsuk-inset-text\">%lld volunteer sign-up%s could"
					 " not be opened with this collector's keys and %s not searched."
					 "</p>", (long long)unopened, unopened == 1 ? "" : "s",
					 unopened == 1 ? "was" : "were");
		if (rc == 0)
			rc = coll_store_erase_search_actions(c->st, q, action_out, &aw, &err);
		if (rc == 0 && aw.n > 0)
			coll_html_raw(h, "</ul>");
		snprintf(detail, sizeof detail, "%d%s responses and %d volunteer sign-ups found",
			 l->n, l->more ? "+" : "", sw.n);
		hits_free(l);
		if (rc) {
			coll_html_free(h);
			return coll_page_store_failed(c, h, &err);
		}
		fb_err aerr;
		coll_audit_add(c->st, c->req->now_ms, c->user.name, client_addr(c), "erasure-search",
			       "responses", detail, &aerr);
	}
	coll_html_page_end(h);
	return 200;
}

/* POST /erasure/confirm: the ticked hits of the search again, to confirm. */
static int confirm_page(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	char raw[COLL_WEB_SEARCH_MAX + 1] = "", q[COLL_WEB_SEARCH_MAX + 1], name[COLL_STORE_ID_MAX + 4];
	char tick[4];
	hit_list *l = NULL;
	coll_web_form_get(c->req->body, "q", raw, sizeof raw);
	search_text(raw, q, sizeof q);
	if (strlen(q) < SEARCH_MIN)
		return coll_page_message(h, &c->user, 400, "Nothing chosen",
					 "Search for the person's words first, then tick their responses.");
	int rc = search(c, q, &l, &err);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	/* only hits of the search can be ticked: the page shows what it erases */
	bool chosen[HITS_SHOWN] = {false};
	int n = 0;
	for (int i = 0; i < l->n; i++) {
		snprintf(name, sizeof name, "r_%s", l->v[i].id);
		chosen[i] = coll_web_form_get(c->req->body, name, tick, sizeof tick) == 0 &&
			    strcmp(tick, "1") == 0;
		n += chosen[i];
	}
	if (n == 0) {
		hits_free(l);
		return coll_page_message(h, &c->user, 400, "Nothing chosen",
					 "Tick the responses that are the person's, then choose Erase"
					 " the ticked responses.");
	}
	static const char *const heads[] = {"Date", "Location", "Words and contact details"};
	coll_page_table t;
	coll_html_page_begin(h, "Erase these responses?", &c->user);
	coll_html_printf(h, "<h1>Erase the words of %d response%s?</h1><p>Their comments and"
			 " contact details will be deleted for good; the ratings stay in their"
			 " months' counts, no longer linkable. Check with the person that these"
			 " are theirs.</p>", n, n == 1 ? "" : "s");
	coll_page_table_begin(&t, h, "To be erased", heads, 3, 0, true);
	for (int i = 0; i < l->n; i++) {
		if (!chosen[i])
			continue;
		coll_page_row_begin(&t);
		hit_cells(&t, h, &l->v[i]);
		coll_page_row_end(&t);
	}
	coll_page_table_end(&t);
	coll_html_raw(h, "<form method=\"post\" action=\"/erasure/erase\">");
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
		      "<input type=\"hidden\" name=\"ids\" value=\"");
	for (int i = 0, k = 0; i < l->n; i++)
		if (chosen[i]) {
			if (k++)
				coll_html_raw(h, ",");
			coll_html_attr(h, l->v[i].id);
		}
	coll_html_printf(h, "\"><button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">"
			 "Erase %s</button></form>", n == 1 ? "it" : "them");
	coll_html_raw(h, "<form method=\"get\" action=\"/erasure\"><input type=\"hidden\" name=\"q\""
		      " value=\"");
	coll_html_attr(h, q);
	coll_html_raw(h, "\"><button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">"
		      "No, go back</button></form>");
	coll_html_page_end(h);
	hits_free(l);
	return 200;
}

int coll_page_erasure_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			   size_t size)
{
	fb_err err;
	char val[8];
	int rc = coll_page_require_role(c, h, COLL_ROLE_PATIENT_EXPERIENCE);
	if (rc)
		return rc;
	if (strcmp(rest, "confirm") == 0)
		return confirm_page(c, h);
	if (strcmp(rest, "erase") != 0)
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is nothing to send a form to at this address.");
	/* 200 ids of 36 characters and their commas */
	char *ids = malloc(HITS_SHOWN * (COLL_STORE_ID_MAX + 1));
	if (!ids)
		return coll_page_message(h, &c->user, 500, "Not erased", "The server is out of memory:"
					 " nothing was erased. Try again in a minute.");
	if (coll_web_form_get(c->req->body, "confirm", val, sizeof val) != 0 || strcmp(val, "yes") != 0 ||
	    coll_web_form_get(c->req->body, "ids", ids, HITS_SHOWN * (COLL_STORE_ID_MAX + 1)) != 0) {
		free(ids);
		return coll_page_message(h, &c->user, 400, "Not erased",
					 "Confirm the erasure on its page first: nothing was erased.");
	}
	size_t n = 0;
	rc = coll_erase_responses(c->st, ids, c->user.name, client_addr(c), &n, &err);
	free(ids);
	if (rc == FB_ERR_NOTFOUND)
		return coll_page_message(h, &c->user, 404, "Not erased",
					 "One of these responses is no longer stored (erased already, or"
					 " deleted by the retention run), so nothing was erased. Search"
					 " again.");
	if (rc == FB_ERR_INVALID)
		return coll_page_message(h, &c->user, 400, "Not erased", err.msg);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	snprintf(redirect, size, "/erasure?done=%zu", n);
	return 303;
}
