/* pages_actions.c: the team's "You said, we did" actions (see pages.h): the
 * action list (/actions, open ones carried from quarter to quarter), a new
 * action made from one comment or from the comments a search found
 * (/actions/new), an action's page (/actions/ID: edit it, move its state
 * with a dated history, publish it to the waiting room once done) and the
 * forms those pages post. A team sees and changes only its own actions: any
 * other answers 403. */
#include "pages_shared.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "../months.h"
#include "../team_actions.h"
#include "form.h"
#include "utf8.h"

#define OWNER_CHARS COLL_ACTIONS_OWNER_CHARS
#define ACTION_CHARS COLL_ACTIONS_TEXT_CHARS
#define SHORT_CHARS COLL_ACTIONS_SHORT_CHARS
#define DAY_MS (24LL * 3600 * 1000)
#define LIST_TEXT_SHOWN 160   /* bytes of a text in the list's table */

/* ---- small helpers ----------------------------------------------------------- */

static const char *const state_labels[COLL_ACTION_STATES] = {
	"Proposed", "Planned", "Doing", "Done", "Dropped",
};
static const char *const state_tags[COLL_ACTION_STATES] = {
	"nhsuk-tag--grey", "nhsuk-tag--blue", "nhsuk-tag--yellow", "nhsuk-tag--green", "nhsuk-tag--red",
};

static void state_tag(coll_html *h, coll_action_state st)
{
	coll_html_printf(h, "<strong class=\"nhsuk-tag %s\">%s</strong>", state_tags[st], state_labels[st]);
}

/* "5 Nov 2026" */
static void date_text(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, size, "%-d %b %Y", &tm) == 0 && size)
		out[0] = '\0';
}

/* A posted field into out ("" when absent); false when too long. */
static bool field(const coll_web_ctx *c, const char *name, char *out, size_t size)
{
	int rc = coll_web_form_get(c->req->body, name, out, size);
	if (rc == FB_ERR_NOTFOUND)
		out[0] = '\0';
	return rc != FB_ERR_INVALID;
}

/* "Which themes does it answer?": a box per sub-category of the framework,
 * by group, those of selected ticked. Nothing when themes are off. */
static void themes_fieldset(const coll_web_ctx *c, coll_html *h, const char *selected)
{
	const coll_themes_framework *fw = c->fw;
	if (!fw)
		return;
	if (selected && selected[0])
		coll_html_raw(h, "<details class=\"nhsuk-details fb-action-themes-pick\" open>");
	else
		coll_html_raw(h, "<details class=\"nhsuk-details fb-action-themes-pick\">");
	coll_html_raw(h, "<summary class=\"nhsuk-details__summary\"><span class=\"nhsuk-details__summary-text\">"
		      "Which themes does it answer?</span></summary><div class=\"nhsuk-details__text\">"
		      "<div class=\"nhsuk-hint\">The Quality Board shows each theme with the actions that"
		      " answer it.</div>");
	coll_page_theme_boxes(h, fw, "theme-", "theme_", selected, false);
	coll_html_raw(h, "</div></details>");
}

/* The themes the form ticked (theme_CODE=1) into a->themes through
 * team_actions (the command line's --theme goes the same way). Themes off:
 * a->themes is left as it is. */
static int themes_posted(const coll_web_ctx *c, coll_store_action *a, fb_err *err)
{
	char list[COLL_STORE_ACTION_THEMES_MAX * 2] = "";
	if (!c->fw)
		return 0;
	for (int i = 0; i < c->fw->n_cats; i++) {
		char name[COLL_THEMES_CODE_MAX + 8], v[4];
		snprintf(name, sizeof name, "theme_%s", c->fw->cats[i].code);
		if (coll_web_form_get(c->req->body, name, v, sizeof v) == 0 && strcmp(v, "1") == 0 &&
		    strlen(list) + strlen(c->fw->cats[i].code) + 2 < sizeof list)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? "," : "",
				 c->fw->cats[i].code);
	}
	return coll_actions_themes_set(c->fw, a, list, err);
}

/* The languages the kiosks offer ([results] languages), into langs. */
static size_t languages_of(const coll_web_ctx *c, char langs[][COLL_STORE_LANG_MAX], size_t max)
{
	size_t n = 0;
	const char *p = c->cfg->languages;
	while (*p && n < max) {
		size_t len = strcspn(p, ", ");
		if (len > 0 && len < COLL_STORE_LANG_MAX) {
			memcpy(langs[n], p, len);
			langs[n][len] = '\0';
			n++;
		}
		p += len;
		p += strspn(p, ", ");
	}
	if (n == 0)
		snprintf(langs[n++], COLL_STORE_LANG_MAX, "en");
	return n;
}

/* The plain words of a comment (its answers, not contact details) joined
 * with " / ", at most size-1 bytes, never cutting a character. */
static void comment_words(const char *json, char *out, size_t size)
{
	json_error_t jerr;
	json_t *o = json ? json_loads(json, 0, &jerr) : NULL;
	const char *key;
	json_t *v;
	size_t n = 0;
	out[0] = '\0';
	if (json_is_object(o)) {
		json_object_foreach(o, key, v) {
			if (!json_is_string(v) || json_string_length(v) == 0 || strstr(key, "contact"))
				continue;
			const char *s = json_string_value(v);
			size_t len = json_string_length(v);
			const char *sep = n ? " / " : "";
			if (n + strlen(sep) + 1 >= size)
				break;
			memcpy(out + n, sep, strlen(sep));
			n += strlen(sep);
			len = fb_utf8_cut(s, len, size - 1 - n);
			memcpy(out + n, s, len);
			n += len;
			out[n] = '\0';
		}
	}
	json_decref(o);
}

/* Who changes an action on the pages: the signed-in person, from their
 * address (team_actions.h audits it). */
static coll_actor actor_of(const coll_web_ctx *c)
{
	return (coll_actor){c->user.name, c->req->client_addr && c->req->client_addr[0] ?
			    c->req->client_addr : "unknown address", c->req->now_ms};
}

/* A refusal of team_actions.h as a page: title over its message, made a
 * sentence, and what it means ("Nothing was changed."). */
static int refused(const coll_web_ctx *c, coll_html *h, const char *title, const fb_err *err,
		   const char *after)
{
	char msg[sizeof err->msg + 64];
	snprintf(msg, sizeof msg, "%s. %s", err->msg, after);
	if (msg[0] >= 'a' && msg[0] <= 'z')
		msg[0] = (char)(msg[0] - 'a' + 'A');
	return coll_page_message(h, &c->user, 400, title, msg);
}

static int forbidden(const coll_web_ctx *c, coll_html *h)
{
	return coll_page_message(h, &c->user, 403, "Not your team's action",
				 "This action belongs to another team, so it is not shown to you and"
				 " nothing was changed. If you have moved team, ask the collector's"
				 " administrator to move your account.");
}

/* The action id of the person's team, or a 404/403/500 page in h (status
 * in *status). */
static bool own_action(const coll_web_ctx *c, int64_t id, coll_store_action *a, coll_html *h,
		       int *status)
{
	fb_err err;
	int rc = coll_store_action_get(c->st, id, a, &err);
	if (rc == FB_ERR_NOTFOUND) {
		*status = coll_page_message(h, &c->user, 404, "No such action",
					    "There is no action with that number. Start again from your"
					    " team's actions.");
		return false;
	}
	if (rc) {
		*status = coll_page_store_failed(c, h, &err);
		return false;
	}
	if (strcmp(a->team, c->user.team) != 0) {
		*status = forbidden(c, h);
		return false;
	}
	return true;
}

/* ---- the list ------------------------------------------------------------------ */

typedef struct list_walk {
	const coll_web_ctx *c;
	coll_html *h;
	coll_page_table t;
	int n[COLL_ACTION_STATES];
	int shown;
	bool open;             /* a table is open */
	int table_state;       /* -1, or 0 open ones, 3 done, 4 dropped */
} list_walk;

static int table_of(coll_action_state st)
{
	return coll_action_state_open(st) ? 0 : (int)st;
}

static void cell_cut(coll_page_table *t, const char *s)
{
	coll_page_cell_begin(t);
	size_t n = strlen(s);
	size_t cut = fb_utf8_cut(s, n, LIST_TEXT_SHOWN);
	coll_html_textn(t->h, s, cut);
	if (cut < n)
		coll_html_raw(t->h, "&hellip;");
	coll_page_cell_end(t);
}

static int list_row(void *ctx, const coll_store_action *a)
{
	static const char *const heads[] = {"We will", "You said", "Owner", "Due", "State"};
	static const char *const captions[] = {"Open: carried on until done", "", "", "Done this quarter",
					       "Dropped this quarter"};
	list_walk *w = ctx;
	coll_html *h = w->h;
	char due[32] = "", when[32];
	int tab = table_of(a->state);
	w->n[a->state]++;
	if (tab != w->table_state) {
		if (w->open)
			coll_page_table_end(&w->t);
		coll_page_table_begin(&w->t, h, captions[tab], heads, 5, 0, true);
		w->open = true;
		w->table_state = tab;
	}
	coll_page_row_begin(&w->t);
	coll_page_cell_begin(&w->t);
	coll_html_printf(h, "<a href=\"/actions/%lld\">", (long long)a->id);
	{
		size_t n = strlen(a->we_will), cut = fb_utf8_cut(a->we_will, n, LIST_TEXT_SHOWN);
		coll_html_textn(h, a->we_will, cut);
		if (cut < n)
			coll_html_raw(h, "&hellip;");
	}
	coll_html_raw(h, "</a>");
	if (a->themes[0]) {
		coll_html_raw(h, "<br><span class=\"fb-secondary fb-action-themes\">Answers: ");
		coll_page_theme_names(w->c, h, a->themes);
		coll_html_raw(h, "</span>");
	}
	coll_page_cell_end(&w->t);
	cell_cut(&w->t, a->you_said);
	coll_page_cell(&w->t, a->owner[0] ? a->owner : "Not set");
	if (a->due[0]) {
		int64_t d = coll_actions_date_parse(a->due);
		if (d >= 0)
			date_text(d, due, sizeof due);
	}
	coll_page_cell_begin(&w->t);
	coll_html_text(h, due[0] ? due : "Not set");
	if (due[0] && coll_action_state_open(a->state) && coll_actions_date_parse(a->due) + DAY_MS <= w->c->req->now_ms)
		coll_html_raw(h, " <strong class=\"fb-under\">overdue</strong>");
	coll_page_cell_end(&w->t);
	coll_page_cell_begin(&w->t);
	state_tag(h, a->state);
	if (!coll_action_state_open(a->state)) {
		date_text(a->state_ms, when, sizeof when);
		coll_html_printf(h, " %s", when);
	}
	coll_page_cell_end(&w->t);
	coll_page_row_end(&w->t);
	w->shown++;
	return 0;
}

/* The quarter asked for (?quarter=), else now's; false (a 400 page in h)
 * when it is not understood. */
static bool quarter_of(const coll_web_ctx *c, coll_html *h, int64_t *from, int64_t *to, int *status)
{
	fb_err err;
	char qid[COLL_MONTHS_FYQ_ID];
	const char *quarter = coll_page_arg(c, "quarter");
	if (quarter && quarter[0]) {
		if (coll_months_fyq_range(quarter, from, to, &err)) {
			*status = coll_page_message(h, &c->user, 400, "Quarter not understood", err.msg);
			return false;
		}
		return true;
	}
	coll_months_fyq_id(c->req->now_ms, qid);
	coll_months_fyq_range(qid, from, to, &err);
	return true;
}

int coll_page_actions(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int64_t from, to;
	char qlabel[COLL_MONTHS_FYQ_ID], title[160];
	int status = 200;
	if (!quarter_of(c, h, &from, &to, &status))
		return status;
	coll_months_fyq_label(from, qlabel);
	snprintf(title, sizeof title, "Actions, %s", qlabel);
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<span class=\"nhsuk-caption-l\">");
	coll_html_text(h, coll_page_team_name(c));
	coll_html_raw(h, " &middot; You said, we did</span><h1>");
	coll_html_text(h, title);
	coll_html_raw(h, "</h1>");
	coll_page_quarter_pagination(h, "/actions", from, to, c->req->now_ms);
	coll_html_raw(h, "<div class=\"nhsuk-inset-text\"><p>Actions start from what people told you."
		      " On a location's page, use <strong>Make an action from this comment</strong> on a"
		      " comment, or search the comments for a word and make one action from all that"
		      " match. Open actions are carried from quarter to quarter until they are done or"
		      " dropped.</p><p><a href=\"/actions/new\">Start an action without a comment</a></p>"
		      "</div>");
	list_walk w = {.c = c, .h = h, .table_state = -1};
	int rc = coll_store_actions_each(c->st, c->user.team, NULL, from, to, list_row, &w, &err);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	if (w.open)
		coll_page_table_end(&w.t);
	if (w.shown == 0)
		coll_html_raw(h, "<p>No actions in this quarter yet.</p>");
	else
		coll_html_printf(h, "<p class=\"nhsuk-body-s\">%d proposed, %d planned, %d doing, %d done,"
				 " %d dropped.</p>", w.n[0], w.n[1], w.n[2], w.n[3], w.n[4]);
	coll_html_page_end(h);
	return status;
}

/* ---- a new action ---------------------------------------------------------------- */

typedef struct new_walk {
	const coll_web_ctx *c;
	coll_page_comment_walk cw;
	char ids[COLL_STORE_ACTION_COMMENTS_MAX][COLL_STORE_COMMENT_ID_MAX];
	size_t n;
	char said[ACTION_CHARS + 1];   /* the first comment's words: at most ACTION_CHARS bytes */
} new_walk;

static int new_row(void *ctx, const coll_store_row *r)
{
	new_walk *w = ctx;
	if (r->safeguarding)
		return 0;        /* read and acted on through /safeguarding, never an action's source */
	if (w->n >= COLL_STORE_ACTION_COMMENTS_MAX)
		return COLL_PAGE_WALK_STOP;
	snprintf(w->ids[w->n++], COLL_STORE_COMMENT_ID_MAX, "%s", r->id);
	if (!w->said[0])
		comment_words(r->free_text_json, w->said, sizeof w->said);
	return coll_page_comment_out(&w->cw, r);
}

/* Splits "id,id,..." into ids (at most max); false when one is no id. */
static bool ids_split(const char *list, char ids[][COLL_STORE_COMMENT_ID_MAX], size_t max, size_t *n)
{
	*n = 0;
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == 0 || len >= COLL_STORE_COMMENT_ID_MAX || *n >= max)
			return false;
		for (size_t i = 0; i < len; i++)
			if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
			      (p[i] >= 'A' && p[i] <= 'F') || p[i] == '-'))
				return false;
		memcpy(ids[*n], p, len);
		ids[(*n)++][len] = '\0';
		p += len;
		if (*p == ',')
			p++;
	}
	return true;
}

/* The form of a new action (or of one sent back with a mistake: message). */
static void new_form(const coll_web_ctx *c, coll_html *h, const new_walk *w, const char *message,
		     const char *said, const char *will, const char *owner, const char *due,
		     const char *themes)
{
	if (message) {
		coll_html_raw(h, "<div class=\"nhsuk-error-summary\" role=\"alert\"><h2 class=\"nhsuk-error-summary__title\">"
			      "There is a problem</h2><div class=\"nhsuk-error-summary__body\"><p>");
		coll_html_text(h, message);
		coll_html_raw(h, "</p></div></div>");
	}
	coll_html_raw(h, "<form method=\"post\" action=\"/actions/new\" class=\"fb-action-form\">");
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<input type=\"hidden\" name=\"comments\" value=\"");
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			coll_html_raw(h, ",");
		coll_html_attr(h, w->ids[i]);
	}
	coll_html_printf(h, "\"><div class=\"nhsuk-form-group\"><label class=\"nhsuk-label nhsuk-label--s\""
			 " for=\"you_said\">You said</label><div class=\"nhsuk-hint\" id=\"you_said-hint\">"
			 "What people told you, in a sentence. No names.</div><textarea class=\"nhsuk-textarea\""
			 " id=\"you_said\" name=\"you_said\" rows=\"3\" maxlength=\"%d\" required"
			 " aria-describedby=\"you_said-hint\">%s</textarea></div>", ACTION_CHARS,
			 said ? said : "");
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label nhsuk-label--s\""
			 " for=\"we_will\">We will</label><div class=\"nhsuk-hint\" id=\"we_will-hint\">The"
			 " change you will make.</div><textarea class=\"nhsuk-textarea\" id=\"we_will\""
			 " name=\"we_will\" rows=\"3\" maxlength=\"%d\" required aria-describedby=\"we_will-hint\">"
			 "%s</textarea></div>", ACTION_CHARS, will ? will : "");
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label nhsuk-label--s\""
			 " for=\"owner\">Owner</label><input class=\"nhsuk-input nhsuk-input--width-20\""
			 " id=\"owner\" name=\"owner\" type=\"text\" maxlength=\"%d\" value=\"%s\"></div>",
			 OWNER_CHARS, owner ? owner : "");
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label nhsuk-label--s\""
			 " for=\"due\">Due date</label><input class=\"nhsuk-input nhsuk-input--width-10\""
			 " id=\"due\" name=\"due\" type=\"date\" value=\"%s\"></div>", due ? due : "");
	themes_fieldset(c, h, themes);
	coll_html_raw(h, "<button class=\"nhsuk-button\" type=\"submit\">Make the action</button></form>");
}

static int action_new(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int rc = 0, status = 200;
	const char *one = coll_page_arg(c, "comment");
	const char *search = coll_page_arg(c, "q");
	const char *loc = coll_page_arg(c, "location");
	const char *month = coll_page_arg(c, "month");
	const char *s_fft = coll_page_arg(c, "fft");
	coll_store_location_list names = {0};
	new_walk *w = calloc(1, sizeof *w);
	if (!w)
		return coll_page_message(h, &c->user, 500, "Not available just now",
					 "The server is short of memory. Try again in a minute.");
	rc = coll_store_locations_list(c->st, c->user.team, COLL_STORE_DEVICE_LOCATIONS_MAX * 8,
				       &names, &err);
	if (rc)
		goto fail;
	w->c = c;
	w->cw = (coll_page_comment_walk){.c = c, .h = h, .max = COLL_STORE_ACTION_COMMENTS_MAX,
					 .show_location = true, .names = &names, .hide_flagged = true,
					 .text_max = 600};
	coll_html_page_begin(h, "New action", &c->user);
	coll_html_raw(h, "<span class=\"nhsuk-caption-l\">");
	coll_html_text(h, coll_page_team_name(c));
	coll_html_raw(h, " &middot; You said, we did</span><h1>New action</h1>");
	if (one && one[0]) {
		const char *ids[1] = {one};
		coll_html_raw(h, "<h2 class=\"nhsuk-heading-m\">From this comment</h2>");
		rc = coll_store_comments_of_team(c->st, c->user.team, ids, 1, new_row, w, &err);
		if (rc)
			goto fail;
		if (w->n == 0) {
			coll_html_free(h);
			status = coll_page_message(h, &c->user, 403, "Not your team's comment",
						   "That comment is not one of your team's locations', so no"
						   " action can be made from it here.");
			goto out;
		}
	} else if (search && search[0]) {
		int64_t from = 0, to = 0;
		int fft = s_fft && s_fft[0] ? atoi(s_fft) : 0;
		coll_store_location l;
		if (strlen(search) > COLL_WEB_SEARCH_MAX || fft < 0 || fft > 6 ||
		    (month && month[0] && coll_months_range(month, &from, &to, &err))) {
			coll_html_free(h);
			status = coll_page_message(h, &c->user, 400, "Search not understood",
						   "Go back to the comments, search again and use the link"
						   " under the search.");
			goto out;
		}
		if (loc && loc[0]) {
			rc = coll_store_location_get(c->st, loc, &l, &err);
			if (rc == FB_ERR_NOTFOUND || (rc == 0 && strcmp(l.team, c->user.team) != 0)) {
				coll_html_free(h);
				status = coll_page_message(h, &c->user, 403, "Not your team's location",
							   "Those comments are not your team's, so no action"
							   " can be made from them here.");
				goto out;
			}
			if (rc)
				goto fail;
		}
		if (!month || !month[0]) {
			from = coll_months_add(c->req->now_ms, 0);
			to = coll_months_add(c->req->now_ms, 1);
		}
		coll_store_query q = {.location = loc && loc[0] ? loc : NULL,
				      .team = loc && loc[0] ? NULL : c->user.team, .from_ms = from,
				      .to_ms = to, .fft = fft, .search = search, .with_text_only = true,
				      .limit = COLL_STORE_ACTION_COMMENTS_MAX * 2};
		coll_html_raw(h, "<h2 class=\"nhsuk-heading-m\">From the comments that match &ldquo;");
		coll_html_text(h, search);
		coll_html_raw(h, "&rdquo;</h2>");
		rc = coll_store_responses_each(c->st, &q, new_row, w, &err);
		if (rc == COLL_PAGE_WALK_STOP)
			rc = 0;
		if (rc)
			goto fail;
		coll_html_printf(h, "<p>%zu comment%s linked to this action%s.</p>", w->n,
				 w->n == 1 ? "" : "s",
				 w->n >= COLL_STORE_ACTION_COMMENTS_MAX ? " (the newest; at most 50)" : "");
		w->said[0] = '\0';    /* many comments: the team words it */
	} else {
		coll_html_raw(h, "<p>This action is not linked to a comment. To link it, start from a"
			      " comment on a location's page instead.</p>");
	}
	{
		/* from a theme on the Quality Board: that theme ticked */
		const char *theme = coll_page_arg(c, "theme");
		bool known = theme && c->fw && coll_themes_category_find(c->fw, theme) >= 0;
		new_form(c, h, w, NULL, w->said, NULL, NULL, NULL, known ? theme : NULL);
	}
	coll_html_page_end(h);
	goto out;
fail:
	status = coll_page_store_failed(c, h, &err);
out:
	free(names.v);
	free(w);
	return status;
}

/* POST /actions/new */
static int post_new(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	fb_err err;
	int status = 0;
	char list[COLL_STORE_ACTION_COMMENTS_MAX * COLL_STORE_COMMENT_ID_MAX + 1];
	const char *idp[COLL_STORE_ACTION_COMMENTS_MAX];
	coll_store_action *a = calloc(1, sizeof *a);
	new_walk *w = calloc(1, sizeof *w);
	int64_t id = 0;
	if (!a || !w) {
		status = coll_page_message(h, &c->user, 500, "Not saved just now",
					   "The server is short of memory. Try again in a minute.");
		goto out;
	}
	if (!field(c, "comments", list, sizeof list) ||
	    !ids_split(list, w->ids, COLL_STORE_ACTION_COMMENTS_MAX, &w->n)) {
		status = coll_page_message(h, &c->user, 400, "Comments not understood",
					   "The form did not say which comments the action is for. Go back,"
					   " reload the page and try again.");
		goto out;
	}
	snprintf(a->team, sizeof a->team, "%s", c->user.team);
	bool fits = field(c, "you_said", a->you_said, sizeof a->you_said) &&
		    field(c, "we_will", a->we_will, sizeof a->we_will) &&
		    field(c, "owner", a->owner, sizeof a->owner) && field(c, "due", a->due, sizeof a->due);
	for (size_t i = 0; i < w->n; i++)
		idp[i] = w->ids[i];
	coll_actor who = actor_of(c);
	int rc = fits ? themes_posted(c, a, &err) :
		 fb_err_set(&err, FB_ERR_INVALID, "keep \"You said\" and \"We will\" to %d characters"
			    " or fewer each and the owner to %d", ACTION_CHARS, OWNER_CHARS);
	if (rc == 0)
		rc = coll_actions_add(c->st, &who, a, idp, w->n, &id, &err);
	if (rc == FB_ERR_INVALID) {
		char problem[sizeof err.msg + 8];
		snprintf(problem, sizeof problem, "%s.", err.msg);
		problem[0] = (char)(problem[0] >= 'a' && problem[0] <= 'z' ? problem[0] - 'a' + 'A' :
				    problem[0]);
		coll_html_page_begin(h, "New action", &c->user);
		coll_html_raw(h, "<h1>New action</h1>");
		new_form(c, h, w, problem, a->you_said, a->we_will, a->owner, a->due, a->themes);
		coll_html_page_end(h);
		status = 400;
		goto out;
	}
	if (rc == FB_ERR_NOTFOUND) {
		status = coll_page_message(h, &c->user, 403, "Not your team's comment",
					   "One of the comments is not your team's, so no action was made.");
		goto out;
	}
	if (rc) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	fb_log("actions: %s made action %lld from %zu comment%s",
		c->user.name, (long long)id, w->n, w->n == 1 ? "" : "s");
	snprintf(redirect, size, "/actions/%lld", (long long)id);
	status = 303;
out:
	free(a);
	free(w);
	return status;
}

/* ---- one action ------------------------------------------------------------------- */

static int history_row(void *ctx, const coll_store_action_step *st)
{
	coll_page_table *t = ctx;
	char when[64];
	coll_page_time_text(st->at_ms, when, sizeof when);
	coll_page_row_begin(t);
	coll_page_cell(t, when);
	coll_page_cell_begin(t);
	state_tag(t->h, st->state);
	coll_page_cell_end(t);
	coll_page_cell(t, st->by);
	coll_page_cell(t, st->reason ? st->reason : "");
	coll_page_row_end(t);
	return 0;
}

typedef struct pickup_walk {
	coll_html *h;
	int n;
} pickup_walk;

static int pickup_row(void *ctx, const char *device_id, int64_t fetched_at_ms)
{
	pickup_walk *w = ctx;
	char when[64];
	coll_page_time_text(fetched_at_ms, when, sizeof when);
	coll_html_printf(w->h, "<li>%s, fetched %s</li>", device_id, when);
	w->n++;
	return 0;
}

static const coll_store_publish_text *text_of(const coll_store_publish *p, const char *lang)
{
	for (size_t i = 0; i < p->n_texts; i++)
		if (strcmp(p->texts[i].lang, lang) == 0)
			return &p->texts[i];
	return NULL;
}

static bool published_at(const coll_store_publish *p, const char *code)
{
	for (size_t i = 0; i < p->n_locations; i++)
		if (strcmp(p->locations[i], code) == 0)
			return true;
	return false;
}

/* The publishing section of a done action. */
static int publish_section(const coll_web_ctx *c, coll_html *h, const coll_store_action *a,
			   const coll_store_location_list *names, fb_err *err)
{
	char langs[COLL_STORE_PUBLISH_LANGS_MAX][COLL_STORE_LANG_MAX];
	size_t nl = languages_of(c, langs, COLL_STORE_PUBLISH_LANGS_MAX);
	coll_store_publish *p = calloc(1, sizeof *p);
	char from[16], to[16];
	int rc = 0;
	if (!p)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory showing action %lld", (long long)a->id);
	coll_html_raw(h, "<h2 class=\"nhsuk-heading-l\" id=\"publish\">Show it in the waiting room</h2>");
	if (a->state != COLL_ACTION_DONE) {
		coll_html_raw(h, "<p>Once the action is done, you can publish it here as a &ldquo;You said,"
			      " we did&rdquo; item for your locations' kiosks.</p>");
		goto out;
	}
	rc = coll_store_publish_get(c->st, a->id, p, err);
	bool have = rc == 0;
	if (rc == FB_ERR_NOTFOUND)
		rc = 0;
	if (rc)
		goto out;
	if (have) {
		static const char *const heads[] = {"Language", "Shown on the kiosks"};
		coll_page_table t;
		char f[32], e[32], upd[64];
		date_text(p->from_ms, f, sizeof f);
		date_text(p->to_ms - 1, e, sizeof e);
		coll_page_time_text(p->updated_ms, upd, sizeof upd);
		coll_html_printf(h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
				 "<h3 class=\"nhsuk-card__heading\">Published</h3><p>From %s to %s, at ", f, e);
		for (size_t i = 0; i < p->n_locations; i++) {
			const char *nm = p->locations[i];
			for (size_t k = 0; k < names->n; k++)
				if (strcmp(names->v[k].code, nm) == 0)
					nm = names->v[k].name;
			coll_html_printf(h, "%s%s", i ? ", " : "", nm);
		}
		coll_html_printf(h, ". Last changed by %s on %s.</p>", p->updated_by, upd);
		coll_page_table_begin(&t, h, "Translations", heads, 2, 0, false);
		for (size_t i = 0; i < nl; i++) {
			coll_page_row_begin(&t);
			coll_page_cell(&t, langs[i]);
			coll_page_cell_begin(&t);
			if (text_of(p, langs[i]))
				coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--green\">Yes</strong>");
			else
				coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--orange\">Translation"
					      " missing</strong> not shown to people reading this language");
			coll_page_cell_end(&t);
			coll_page_row_end(&t);
		}
		coll_page_table_end(&t);
		coll_html_raw(h, "<h3 class=\"nhsuk-heading-s\">Picked up by</h3><ul class=\"fb-pickups\">");
		pickup_walk pw = {h, 0};
		rc = coll_store_publish_pickups_each(c->st, p->id, pickup_row, &pw, err);
		if (rc)
			goto out;
		if (pw.n == 0)
			coll_html_raw(h, "<li>Not yet: no kiosk at these locations has fetched its settings"
				      " since this was published.</li>");
		coll_html_raw(h, "</ul></div></div>");
	}
	if (have)
		coll_html_raw(h, "<h3 class=\"nhsuk-heading-m\">Change what is shown</h3>");
	coll_actions_date_iso(have ? p->from_ms : c->req->now_ms, from);
	coll_actions_date_iso(have ? p->to_ms - 1 : c->req->now_ms + COLL_ACTIONS_DEFAULT_DAYS * DAY_MS, to);
	coll_html_printf(h, "<form method=\"post\" action=\"/actions/%lld/publish\" class=\"fb-action-form\">",
			 (long long)a->id);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\">"
		      "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">Locations</legend>"
		      "<div class=\"nhsuk-checkboxes\">");
	for (size_t i = 0; i < names->n; i++) {
		const coll_store_location *l = &names->v[i];
		coll_html_printf(h, "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\""
				 " id=\"loc-%s\" name=\"loc_%s\" type=\"checkbox\" value=\"on\"%s>"
				 "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"loc-%s\">%s</label></div>",
				 l->code, l->code, !have || published_at(p, l->code) ? " checked" : "",
				 l->code, l->name);
	}
	coll_html_raw(h, "</div></fieldset></div>");
	coll_html_printf(h, "<div class=\"fb-date-pair\"><div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\""
			 " for=\"from\">First day shown</label><input class=\"nhsuk-input nhsuk-input--width-10\""
			 " id=\"from\" name=\"from\" type=\"date\" value=\"%s\" required></div>"
			 "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"to\">Last day"
			 " shown</label><input class=\"nhsuk-input nhsuk-input--width-10\" id=\"to\" name=\"to\""
			 " type=\"date\" value=\"%s\" required></div></div>", from, to);
	for (size_t i = 0; i < nl; i++) {
		const coll_store_publish_text *t = have ? text_of(p, langs[i]) : NULL;
		coll_html_printf(h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\">"
				 "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">Language: %s%s"
				 "</legend>", langs[i], t || !have ? "" : " (missing)");
		coll_html_printf(h, "<label class=\"nhsuk-label\" for=\"said-%s\">You said</label>"
				 "<input class=\"nhsuk-input\" id=\"said-%s\" name=\"said_%s\" type=\"text\""
				 " maxlength=\"%d\" value=\"%s\">", langs[i], langs[i], langs[i], SHORT_CHARS,
				 t ? t->you_said : i == 0 && !have ? a->you_said : "");
		coll_html_printf(h, "<label class=\"nhsuk-label\" for=\"did-%s\">We did</label>"
				 "<input class=\"nhsuk-input\" id=\"did-%s\" name=\"did_%s\" type=\"text\""
				 " maxlength=\"%d\" value=\"%s\"></fieldset></div>", langs[i], langs[i], langs[i],
				 SHORT_CHARS, t ? t->we_did : i == 0 && !have ? a->we_will : "");
	}
	coll_html_printf(h, "<p class=\"nhsuk-hint\">Short words a person reads on the kiosk: at most %d"
			 " characters each (about 130 in Hindi or Chinese). Leave a language empty and the item is not shown in it.</p>"
			 "<button class=\"nhsuk-button\" type=\"submit\">%s</button></form>", SHORT_CHARS,
			 have ? "Publish the changes" : "Publish to the waiting room");
out:
	free(p);
	return rc;
}

static int action_page(const coll_web_ctx *c, int64_t id, coll_html *h)
{
	fb_err err;
	int status = 200, rc = 0;
	char title[64], due[32] = "", when[64];
	char (*ids)[COLL_STORE_COMMENT_ID_MAX] = NULL;
	const char *idp[COLL_STORE_ACTION_COMMENTS_MAX];
	size_t n = 0;
	coll_store_location_list names = {0};
	coll_store_action *a = calloc(1, sizeof *a);
	ids = calloc(COLL_STORE_ACTION_COMMENTS_MAX, sizeof *ids);
	if (!a || !ids) {
		status = coll_page_message(h, &c->user, 500, "Not available just now",
					   "The server is short of memory. Try again in a minute.");
		goto out;
	}
	if (!own_action(c, id, a, h, &status))
		goto out;
	rc = coll_store_locations_list(c->st, c->user.team, COLL_STORE_DEVICE_LOCATIONS_MAX, &names, &err);
	if (rc)
		goto fail;
	snprintf(title, sizeof title, "Action %lld", (long long)id);
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<span class=\"nhsuk-caption-l\">");
	coll_html_text(h, coll_page_team_name(c));
	coll_html_raw(h, " &middot; <a href=\"/actions\">Actions</a></span><h1>");
	coll_html_text(h, title);
	coll_html_raw(h, " ");
	state_tag(h, a->state);
	coll_html_raw(h, "</h1><dl class=\"nhsuk-summary-list\">");
	coll_html_printf(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">You said</dt>"
			 "<dd class=\"nhsuk-summary-list__value\">%s</dd></div>", a->you_said);
	coll_html_printf(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">We will</dt>"
			 "<dd class=\"nhsuk-summary-list__value\">%s</dd></div>", a->we_will);
	coll_html_printf(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">Owner</dt>"
			 "<dd class=\"nhsuk-summary-list__value\">%s</dd></div>", a->owner[0] ? a->owner : "Not set");
	if (c->fw || a->themes[0]) {
		coll_html_raw(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">"
			      "Themes it answers</dt><dd class=\"nhsuk-summary-list__value fb-action-themes\">");
		coll_page_theme_names(c, h, a->themes);
		coll_html_raw(h, "</dd></div>");
	}
	if (a->due[0] && coll_actions_date_parse(a->due) >= 0)
		date_text(coll_actions_date_parse(a->due), due, sizeof due);
	coll_html_printf(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">Due</dt>"
			 "<dd class=\"nhsuk-summary-list__value\">%s", due[0] ? due : "Not set");
	if (due[0] && coll_action_state_open(a->state) && coll_actions_date_parse(a->due) + DAY_MS <= c->req->now_ms)
		coll_html_raw(h, " <strong class=\"fb-under\">overdue</strong>");
	coll_html_raw(h, "</dd></div>");
	coll_page_time_text(a->state_ms, when, sizeof when);
	coll_html_printf(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">State</dt>"
			 "<dd class=\"nhsuk-summary-list__value\">%s since %s", state_labels[a->state], when);
	if (a->state == COLL_ACTION_DROPPED)
		coll_html_printf(h, ": %s", a->reason);
	coll_html_raw(h, "</dd></div></dl>");

	/* move the state */
	coll_html_printf(h, "<form method=\"post\" action=\"/actions/%lld/state\" class=\"fb-action-form\">",
			 (long long)id);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\">"
		      "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--m\">Move it on</legend>"
		      "<div class=\"nhsuk-radios nhsuk-radios--inline\">");
	for (int s = 0; s < COLL_ACTION_STATES; s++)
		coll_html_printf(h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\""
				 " id=\"state-%s\" name=\"state\" type=\"radio\" value=\"%s\"%s>"
				 "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"state-%s\">%s</label></div>",
				 coll_action_state_name(s), coll_action_state_name(s),
				 s == (int)a->state ? " checked" : "", coll_action_state_name(s), state_labels[s]);
	coll_html_printf(h, "</div></fieldset></div><div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\""
			 " for=\"reason\">Why it is dropped (needed to drop it)</label><input class=\"nhsuk-input\""
			 " id=\"reason\" name=\"reason\" type=\"text\" maxlength=\"%d\"></div>"
			 "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">Save the state"
			 "</button></form>", 200);

	/* history */
	{
		static const char *const heads[] = {"When", "State", "By", "Reason"};
		coll_page_table t;
		coll_page_table_begin(&t, h, "History: each change of state", heads, 4, 0, true);
		rc = coll_store_action_history_each(c->st, id, history_row, &t, &err);
		coll_page_table_end(&t);
		if (rc)
			goto fail;
	}

	/* the comments it came from */
	rc = coll_store_action_comment_ids(c->st, id, ids, COLL_STORE_ACTION_COMMENTS_MAX, &n, &err);
	if (rc)
		goto fail;
	coll_html_printf(h, "<h2 class=\"nhsuk-heading-m\">What people said (%zu comment%s)</h2>", n,
			 n == 1 ? "" : "s");
	if (n == 0)
		coll_html_raw(h, "<p>This action is not linked to a comment.</p>");
	for (size_t i = 0; i < n; i++)
		idp[i] = ids[i];
	coll_page_comment_walk w = {.c = c, .h = h, .max = COLL_STORE_ACTION_COMMENTS_MAX,
				    .show_location = true, .names = &names, .hide_flagged = true,
				    .text_max = 600};
	rc = coll_store_comments_of_team(c->st, c->user.team, idp, n, coll_page_comment_out, &w, &err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc)
		goto fail;
	if (w.shown < (int)n)
		coll_html_printf(h, "<p class=\"nhsuk-hint\">%d linked comment%s not shown here:"
				 " safeguarding concerns are read on the safeguarding page.</p>",
				 (int)n - w.shown, (int)n - w.shown == 1 ? " is" : "s are");

	/* edit */
	coll_html_printf(h, "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
			 "<span class=\"nhsuk-details__summary-text\">Change the words, owner, due date or themes</span>"
			 "</summary><div class=\"nhsuk-details__text\"><form method=\"post\""
			 " action=\"/actions/%lld/edit\" class=\"fb-action-form\">", (long long)id);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"you_said\">You said"
			 "</label><textarea class=\"nhsuk-textarea\" id=\"you_said\" name=\"you_said\" rows=\"3\""
			 " maxlength=\"%d\" required>%s</textarea></div>", ACTION_CHARS, a->you_said);
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"we_will\">We will"
			 "</label><textarea class=\"nhsuk-textarea\" id=\"we_will\" name=\"we_will\" rows=\"3\""
			 " maxlength=\"%d\" required>%s</textarea></div>", ACTION_CHARS, a->we_will);
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"owner\">Owner"
			 "</label><input class=\"nhsuk-input nhsuk-input--width-20\" id=\"owner\" name=\"owner\""
			 " type=\"text\" maxlength=\"%d\" value=\"%s\"></div>", OWNER_CHARS, a->owner);
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"due\">Due date"
			 "</label><input class=\"nhsuk-input nhsuk-input--width-10\" id=\"due\" name=\"due\""
			 " type=\"date\" value=\"%s\"></div>", a->due);
	themes_fieldset(c, h, a->themes);
	coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">Save the"
		      " changes</button></form></div></details>");

	rc = publish_section(c, h, a, &names, &err);
	if (rc)
		goto fail;
	coll_html_page_end(h);
	goto out;
fail:
	status = coll_page_store_failed(c, h, &err);
out:
	free(names.v);
	free(ids);
	free(a);
	return status;
}

/* The action number at the start of rest ("12", "12/state"), rest moved past
 * it; -1 when there is none. */
static int64_t id_of(const char **rest)
{
	const char *p = *rest;
	int64_t id = 0;
	if (*p < '1' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (id > INT64_MAX / 10 - 10)
			return -1;
		id = id * 10 + (*p - '0');
	}
	*rest = p;
	return id;
}

int coll_page_action_get(const coll_web_ctx *c, const char *rest, coll_html *h)
{
	if (strcmp(rest, "new") == 0)
		return action_new(c, h);
	int64_t id = id_of(&rest);
	if (id < 0 || *rest)
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is no page at this address. Start again from your team's"
					 " actions.");
	return action_page(c, id, h);
}

/* ---- the forms of one action ----------------------------------------------------------- */

static int post_edit(const coll_web_ctx *c, coll_store_action *a, coll_html *h)
{
	fb_err err;
	bool fits = field(c, "you_said", a->you_said, sizeof a->you_said) &&
		    field(c, "we_will", a->we_will, sizeof a->we_will) &&
		    field(c, "owner", a->owner, sizeof a->owner) && field(c, "due", a->due, sizeof a->due);
	coll_actor who = actor_of(c);
	int rc = fits ? themes_posted(c, a, &err) :
		 fb_err_set(&err, FB_ERR_INVALID, "keep \"You said\" and \"We will\" to %d characters"
			    " or fewer each and the owner to %d", ACTION_CHARS, OWNER_CHARS);
	if (rc == 0)
		rc = coll_actions_edit(c->st, &who, a, &err);
	if (rc == FB_ERR_INVALID)
		return refused(c, h, "Not saved", &err, "Nothing was changed.");
	if (rc)
		return coll_page_store_failed(c, h, &err);
	return 303;
}

static int post_state(const coll_web_ctx *c, const coll_store_action *a, coll_html *h)
{
	fb_err err;
	char name[16], reason[COLL_STORE_ACTION_TEXT_MAX + 1];
	bool changed = false;
	coll_actor who = actor_of(c);
	int rc;
	if (!field(c, "state", name, sizeof name))
		name[0] = '\0';
	if (!field(c, "reason", reason, sizeof reason))
		rc = fb_err_set(&err, FB_ERR_INVALID, "keep the reason to %d characters or fewer",
				COLL_ACTIONS_REASON_CHARS);
	else
		rc = coll_actions_set_state(c->st, &who, a, name, reason, &changed, &err);
	if (rc == FB_ERR_INVALID)
		return refused(c, h, coll_action_state_parse(name) < 0 ? "Pick a state" : "Not saved",
			       &err, "Nothing was changed.");
	if (rc)
		return coll_page_store_failed(c, h, &err);
	if (changed)
		fb_log("actions: %s moved action %lld to %s", c->user.name, (long long)a->id, name);
	return 303;
}

static int post_publish(const coll_web_ctx *c, const coll_store_action *a, coll_html *h)
{
	fb_err err;
	char from[16], to[16], name[COLL_STORE_ID_MAX + 8], on[8];
	char langs[COLL_STORE_PUBLISH_LANGS_MAX][COLL_STORE_LANG_MAX];
	size_t nl = languages_of(c, langs, COLL_STORE_PUBLISH_LANGS_MAX);
	coll_store_location_list names = {0};
	coll_store_publish *p = calloc(1, sizeof *p);
	coll_actor who = actor_of(c);
	int status = 303, rc = 0;
	if (!p) {
		status = coll_page_message(h, &c->user, 500, "Not saved just now",
					   "The server is short of memory. Try again in a minute.");
		goto out;
	}
	if (a->state != COLL_ACTION_DONE) {
		status = coll_page_message(h, &c->user, 409, "Not done yet",
					   "Only a done action can be shown in the waiting room. Move it to"
					   " done first. Nothing was published.");
		goto out;
	}
	if (coll_store_locations_list(c->st, c->user.team, COLL_STORE_DEVICE_LOCATIONS_MAX, &names, &err)) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	for (size_t i = 0; i < names.n; i++) {
		snprintf(name, sizeof name, "loc_%s", names.v[i].code);
		if (field(c, name, on, sizeof on) && strcmp(on, "on") == 0)
			snprintf(p->locations[p->n_locations++], COLL_STORE_ID_MAX, "%s", names.v[i].code);
	}
	if (!field(c, "from", from, sizeof from) || !field(c, "to", to, sizeof to))
		from[0] = to[0] = '\0';         /* no date: refused as one */
	for (size_t i = 0; i < nl && rc == 0; i++) {
		coll_store_publish_text *tx = &p->texts[p->n_texts++];
		char said_name[32], did_name[32];
		snprintf(tx->lang, sizeof tx->lang, "%s", langs[i]);
		snprintf(said_name, sizeof said_name, "said_%s", langs[i]);
		snprintf(did_name, sizeof did_name, "did_%s", langs[i]);
		if (!field(c, said_name, tx->you_said, sizeof tx->you_said) ||
		    !field(c, did_name, tx->we_did, sizeof tx->we_did))
			rc = fb_err_set(&err, FB_ERR_INVALID, "keep each waiting-room text to %d characters"
					" or fewer (about 130 in scripts of wider letters, such as Hindi"
					" or Chinese)", SHORT_CHARS);
	}
	if (rc == 0)
		rc = coll_actions_publish(c->st, &who, a, p, from, to, c->cfg->languages, &err);
	if (rc == FB_ERR_INVALID) {
		status = refused(c, h, "Not published", &err, "Nothing was published.");
		goto out;
	}
	if (rc) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	fb_log("actions: %s published action %lld for %zu location%s in"
		" %zu language%s", c->user.name, (long long)a->id, p->n_locations,
		p->n_locations == 1 ? "" : "s", p->n_texts, p->n_texts == 1 ? "" : "s");
out:
	free(names.v);
	free(p);
	return status;
}

int coll_page_action_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			  size_t size)
{
	int status;
	if (strcmp(rest, "new") == 0)
		return post_new(c, h, redirect, size);
	int64_t id = id_of(&rest);
	coll_store_action *a = calloc(1, sizeof *a);
	if (!a)
		return coll_page_message(h, &c->user, 500, "Not saved just now",
					 "The server is short of memory. Try again in a minute.");
	if (id < 0 || (strcmp(rest, "/edit") != 0 && strcmp(rest, "/state") != 0 &&
		       strcmp(rest, "/publish") != 0)) {
		status = coll_page_message(h, &c->user, 404, "Page not found",
					   "There is nothing to send a form to at this address.");
		goto out;
	}
	if (!own_action(c, id, a, h, &status))
		goto out;
	if (strcmp(rest, "/edit") == 0)
		status = post_edit(c, a, h);
	else if (strcmp(rest, "/state") == 0)
		status = post_state(c, a, h);
	else
		status = post_publish(c, a, h);
	if (status == 303)
		snprintf(redirect, size, "/actions/%lld%s", (long long)id,
			 strcmp(rest, "/publish") == 0 ? "#publish" : "");
out:
	free(a);
	return status;
}
