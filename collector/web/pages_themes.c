/* pages_themes.c: themes on the results pages: under each comment, its
 * suggested themes (or its coding) and the form that codes it; the coding
 * form's POST; "What people are telling us" on a location's and the team's
 * page; "What you told us" on the Quality Board, with each theme's chosen
 * quote and the actions answering it, and the quote form's POST.
 * Promises: a suggestion is shown as a suggestion until a person codes the
 * comment; coding goes through coll_store_themes_coding_put with the text as
 * stored (never the form's) and leaves one audit row without the comment's
 * words; a theme count of 1..suppress_below-1 is shown as '*'; a theme is
 * counted on the pages only once people have coded [themes] min_positives
 * comments with it (what training needs), until then the page says how many
 * more are needed. A Quality Board quote is a chosen comment's stored words
 * (never a copy), not shown once they are gone or the comment is flagged;
 * choosing one is audited without the words. Nothing here without a
 * framework (c->fw). */
#include "pages_shared.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "log.h"
#include "utf8.h"
#include "../months.h"
#include "../retrain.h"

#define THEMES_SHOWN 5            /* themes listed per kind on a page */
#define THEMES_NEEDED_SHOWN 3     /* themes named in "not enough coding yet" */

/* The sentiment buckets a person picks from, on the framework's 1..5 scale
 * (1 very positive .. 5 very negative): the value stored when a bucket is
 * picked afresh. A suggestion's or coding's own value in the same bucket is
 * kept (a "very positive" stays 1). */
static const struct { const char *label; int lo, hi, value; char key; } buckets[] = {
	{"Positive", 1, 2, 2, '+'}, {"Mixed or neutral", 3, 3, 3, '='}, {"Negative", 4, 5, 4, '-'},
};

static const char *cat_name(const coll_themes_framework *fw, const char *code)
{
	int i = coll_themes_category_find(fw, code);
	return i >= 0 ? fw->cats[i].name : code;
}

/* A theme's key on the coding forms: a..z, then 0..9, in the framework's
 * order; '\0' for the 37th and later (a Trust's own list can be long). */
static char theme_key(int i)
{
	return i < 26 ? (char)('a' + i) : i < 36 ? (char)('0' + i - 26) : '\0';
}

void coll_page_theme_boxes(coll_html *h, const coll_themes_framework *fw, const char *id_prefix,
			   const char *name_prefix, const char *ticked, bool keys)
{
	coll_html_raw(h, "<div class=\"fb-theme-groups\">");
	for (int g = 0; g < fw->n_groups; g++) {
		bool any = false;
		for (int i = 0; i < fw->n_cats && !any; i++)
			any = fw->cats[i].group == g;
		if (!any)
			continue;
		coll_html_raw(h, "<fieldset class=\"nhsuk-fieldset nhsuk-u-margin-bottom-3\"><legend"
			      " class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">");
		coll_html_text(h, fw->groups[g]);
		coll_html_raw(h, "</legend><div class=\"nhsuk-checkboxes nhsuk-checkboxes--small\">");
		for (int i = 0; i < fw->n_cats; i++) {
			const char *code = fw->cats[i].code;
			char key = keys ? theme_key(i) : '\0';
			if (fw->cats[i].group != g)
				continue;
			coll_html_printf(h, "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\""
					 " id=\"%s%s\" name=\"%s%s\" type=\"checkbox\" value=\"1\"%s",
					 id_prefix, code, name_prefix, code,
					 coll_page_list_has(ticked, code) ? " checked" : "");
			if (key)
				coll_html_printf(h, " data-key=\"%c\" aria-keyshortcuts=\"%c\"", key, key);
			coll_html_printf(h, "><label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"%s%s\">",
					 id_prefix, code);
			coll_html_text(h, fw->cats[i].name);
			if (key)
				coll_html_printf(h, " <kbd class=\"fb-key\" aria-hidden=\"true\">%c</kbd>", key);
			coll_html_raw(h, "</label></div>");
		}
		coll_html_raw(h, "</div></fieldset>");
	}
	coll_html_raw(h, "</div>");
}

bool coll_page_list_has(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && strncmp(p, code, n) == 0)
			return true;
		p += k;
		if (*p == ',')
			p++;
	}
	return false;
}

/* The list's names, "A, B and C", escaped into h; "no theme" when empty. */
static void names_out(coll_html *h, const coll_themes_framework *fw, const char *list)
{
	int n = 0, total = 0;
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, ",");
		total += k > 0;
		p += k + (p[k] == ',');
	}
	for (const char *p = list; p && *p;) {
		char code[COLL_THEMES_CODE_MAX + 1];
		size_t k = strcspn(p, ",");
		if (k > 0 && k < sizeof code) {
			memcpy(code, p, k);
			code[k] = '\0';
			if (n > 0)
				coll_html_printf(h, "%s", n == total - 1 ? " and " : ", ");
			coll_html_text(h, cat_name(fw, code));
			n++;
		}
		p += k + (p[k] == ',');
	}
	if (n == 0)
		coll_html_raw(h, "no theme");
}

/* ---- under each comment ----------------------------------------------------------- */

typedef struct found_coding {
	char categories[COLL_STORE_THEMES_CATS_MAX];
	char by[COLL_STORE_NAME_MAX];
	int sentiment;
	bool have;
} found_coding;

static int current_coding(void *ctx, const coll_store_theme_coding *v)
{
	found_coding *f = ctx;
	if (v->replaced_at_ms == 0) {
		snprintf(f->categories, sizeof f->categories, "%s", v->categories ? v->categories : "");
		snprintf(f->by, sizeof f->by, "%s", v->coded_by ? v->coded_by : "");
		f->sentiment = v->sentiment;
		f->have = true;
	}
	return 0;
}

/* One comment's coding and suggestion per question (good, better). */
typedef struct theme_info {
	char id[COLL_STORE_ID_MAX];
	found_coding cur[2], sug[2];
} theme_info;

struct coll_page_themes_map {
	theme_info *v;
	int n, max, skip, seen;
};

static int suggestion_of(void *ctx, const coll_store_theme_suggestion *g)
{
	theme_info *t = ctx;
	int k = strcmp(g->question, "good") == 0 ? 0 : strcmp(g->question, "better") == 0 ? 1 : -1;
	if (k >= 0 && !t->sug[k].have) {
		snprintf(t->sug[k].categories, sizeof t->sug[k].categories, "%s", g->categories ? g->categories : "");
		t->sug[k].sentiment = g->sentiment;
		t->sug[k].have = true;
	}
	return 0;
}

static int map_collect(void *ctx, const coll_store_row *r)
{
	coll_page_themes_map *m = ctx;
	if (m->seen++ < m->skip)
		return 0;
	if (m->n >= m->max)
		return COLL_PAGE_WALK_STOP;
	snprintf(m->v[m->n++].id, sizeof m->v[0].id, "%s", r->id);
	return 0;
}

int coll_page_theme_suggestion(const coll_web_ctx *c, const char *id, const char *question,
			       char *categories, size_t size, int *sentiment, bool *have, fb_err *err)
{
	theme_info t;
	int k = strcmp(question, "good") == 0 ? 0 : 1;
	memset(&t, 0, sizeof t);
	int rc = coll_store_themes_suggestions_each(c->st, id, suggestion_of, &t, err);
	*have = rc == 0 && t.sug[k].have;
	snprintf(categories, size, "%s", *have ? t.sug[k].categories : "");
	*sentiment = *have ? t.sug[k].sentiment : 0;
	return rc;
}

int coll_page_theme_coded(const coll_web_ctx *c, const char *id, const char *question, bool *coded,
			  fb_err *err)
{
	found_coding f = {.have = false};
	int rc = coll_store_themes_coding_history_each(c->st, id, question, current_coding, &f, err);
	*coded = rc == 0 && f.have;
	return rc;
}

int coll_page_themes_map_load(const coll_web_ctx *c, const coll_store_query *q, int skip, int max,
			      coll_page_themes_map **out, fb_err *err)
{
	coll_page_themes_map *m = calloc(1, sizeof *m);
	int rc = 0;
	*out = NULL;
	if (!c->fw)
		goto out;
	if (m)
		m->v = calloc((size_t)(max > 0 ? max : 1), sizeof *m->v);
	if (!m || !m->v) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the comments' themes");
		goto out;
	}
	m->max = max;
	m->skip = skip;
	/* the rows first, then their themes: the store takes one query at a time */
	rc = coll_store_responses_each(c->st, q, map_collect, m, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	for (int i = 0; rc == 0 && i < m->n; i++) {
		rc = coll_store_themes_coding_history_each(c->st, m->v[i].id, "good", current_coding,
							   &m->v[i].cur[0], err);
		if (rc == 0)
			rc = coll_store_themes_coding_history_each(c->st, m->v[i].id, "better", current_coding,
								   &m->v[i].cur[1], err);
		if (rc == 0)
			rc = coll_store_themes_suggestions_each(c->st, m->v[i].id, suggestion_of, &m->v[i], err);
	}
out:
	if (rc == 0 && c->fw)
		*out = m;
	else
		coll_page_themes_map_free(m);
	return rc;
}

void coll_page_themes_map_free(coll_page_themes_map *m)
{
	if (!m)
		return;
	free(m->v);
	free(m);
}

static const char *sentiment_word(int s)
{
	for (size_t b = 0; b < sizeof buckets / sizeof buckets[0]; b++)
		if (s >= buckets[b].lo && s <= buckets[b].hi)
			return buckets[b].label;
	return NULL;
}

bool coll_page_may_code(const coll_web_ctx *c)
{
	return c->fw && (coll_page_has_role(c, COLL_ROLE_RESULTS) ||
			 coll_page_has_role(c, COLL_ROLE_PATIENT_EXPERIENCE));
}

int coll_page_coding_refused(const coll_web_ctx *c, coll_html *h, const char *so, const char *what,
			     const char *outcome)
{
	char text[400];
	if (!c->fw) {
		snprintf(text, sizeof text, "This collector has no themes framework, so %s. Ask the"
			 " collector's administrator to set [themes] framework_file.", so);
		return coll_page_message(h, &c->user, 404, "Themes are off", text);
	}
	if (!coll_page_may_code(c)) {
		snprintf(text, sizeof text, "%s is for people with the results or patient experience role.%s%s",
			 what, outcome[0] ? " " : "", outcome);
		return coll_page_message(h, &c->user, 403, "Not available with your role", text);
	}
	return 0;
}

/* One answer's themes and its form. */
static void answer_coding(const coll_web_ctx *c, coll_html *h, const coll_store_row *r, const char *qname,
			  const char *label, const char *back, const found_coding *curp,
			  const found_coding *sugp)
{
	const coll_themes_framework *fw = c->fw;
	const found_coding *shown = curp->have ? curp : sugp->have ? sugp : NULL;
	coll_html_raw(h, "<div class=\"fb-themes\"><p class=\"nhsuk-body-s nhsuk-u-margin-bottom-2\">");
	if (curp->have) {
		coll_html_printf(h, "<strong class=\"nhsuk-tag nhsuk-tag--green\">Coded</strong> %s: ", label);
		names_out(h, fw, curp->categories);
		if (sentiment_word(curp->sentiment))
			coll_html_printf(h, " &middot; %s", sentiment_word(curp->sentiment));
		coll_html_printf(h, " <span class=\"fb-secondary\">(by %s)</span>", curp->by);
	} else if (sugp->have) {
		coll_html_printf(h, "<strong class=\"nhsuk-tag nhsuk-tag--grey\">Suggested</strong> %s: ", label);
		names_out(h, fw, sugp->categories);
		if (sentiment_word(sugp->sentiment))
			coll_html_printf(h, " &middot; %s", sentiment_word(sugp->sentiment));
		coll_html_raw(h, " <span class=\"fb-secondary\">(not yet confirmed by a person)</span>");
	} else {
		coll_html_printf(h, "%s: not coded yet", label);
	}
	coll_html_raw(h, "</p>");
	if (!coll_page_may_code(c)) {
		coll_html_raw(h, "</div>");
		return;
	}
	coll_html_raw(h, "<details class=\"nhsuk-details fb-noprint fb-code\"><summary class=\"nhsuk-details__summary\">"
		      "<span class=\"nhsuk-details__summary-text\">");
	coll_html_printf(h, "%s", curp->have ? "Correct the coding" : sugp->have ? "Confirm or correct" :
			 "Code this comment");
	coll_html_raw(h, "</span></summary><div class=\"nhsuk-details__text\">");
	coll_page_coding_form(c, h, r->id, qname, back, shown ? shown->categories : NULL,
			      shown ? shown->sentiment : 0, NULL);
	coll_html_raw(h, "</div></details></div>");
}

void coll_page_coding_form(const coll_web_ctx *c, coll_html *h, const char *id, const char *qname,
			   const char *back, const char *categories, int sentiment, const char *skip)
{
	/* the one-by-one page's form takes focus at once, ready for the keys */
	if (skip)
		coll_html_raw(h, "<form class=\"fb-keys\" method=\"post\" action=\"/themes/code\" data-focus=\"1\">");
	else
		coll_html_raw(h, "<form class=\"fb-keys\" method=\"post\" action=\"/themes/code\">");
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<input type=\"hidden\" name=\"id\" value=\"%s\">"
			 "<input type=\"hidden\" name=\"question\" value=\"%s\">"
			 "<input type=\"hidden\" name=\"team\" value=\"%s\">"
			 "<input type=\"hidden\" name=\"back\" value=\"%s\">", id, qname, c->user.team, back);
	char id_prefix[COLL_STORE_ID_MAX + 80];
	snprintf(id_prefix, sizeof id_prefix, "t-%s-%s-", id, qname);
	coll_page_theme_boxes(h, c->fw, id_prefix, "cat_", categories, true);
	coll_html_raw(h, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend"
		      " nhsuk-fieldset__legend--s\">How did they feel?</legend><div class=\"nhsuk-radios"
		      " nhsuk-radios--small nhsuk-radios--inline\">");
	for (size_t b = 0; b < sizeof buckets / sizeof buckets[0]; b++) {
		bool in = sentiment >= buckets[b].lo && sentiment <= buckets[b].hi;
		coll_html_printf(h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\""
				 " id=\"s-%s-%s-%zu\" name=\"sentiment\" type=\"radio\" value=\"%d\"%s required"
				 " data-key=\"%c\" aria-keyshortcuts=\"%c\">"
				 "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"s-%s-%s-%zu\">%s"
				 " <kbd class=\"fb-key\" aria-hidden=\"true\">%c</kbd></label></div>",
				 id, qname, b, in ? sentiment : buckets[b].value, in ? " checked" : "",
				 buckets[b].key, buckets[b].key, id, qname, b, buckets[b].label, buckets[b].key);
	}
	coll_html_raw(h, "</div></fieldset><div class=\"fb-code-buttons\"><button class=\"nhsuk-button"
		      " nhsuk-button--small nhsuk-u-margin-bottom-0\" type=\"submit\">");
	coll_html_printf(h, "%s</button>", skip ? "Save and show the next" : "Save coding");
	if (skip)
		coll_html_printf(h, " <a class=\"fb-skip\" data-skip=\"1\" aria-keyshortcuts=\"]\" href=\"%s\">"
				 "Skip this one <kbd class=\"fb-key\" aria-hidden=\"true\">]</kbd></a>", skip);
	coll_html_raw(h, "</div><p class=\"nhsuk-hint nhsuk-body-s fb-keys-hint\">Keys, while this form has"
		      " focus: the letter or digit beside a theme ticks or unticks it; + Positive, = Mixed or"
		      " neutral, - Negative; Enter saves");
	if (skip)
		coll_html_raw(h, "; ] skips to the next");
	coll_html_raw(h, ". Tab moves on as usual.</p></form>");
}

void coll_page_theme_coding(const coll_web_ctx *c, coll_html *h, const coll_store_row *r, const char *back,
			    const coll_page_themes_map *m)
{
	json_error_t jerr;
	const theme_info *t = NULL;
	for (int i = 0; m && i < m->n && !t; i++)
		if (strcmp(m->v[i].id, r->id) == 0)
			t = &m->v[i];
	if (!c->fw || !r->free_text_json || !t)
		return;
	json_t *o = json_loads(r->free_text_json, 0, &jerr);
	const char *key;
	json_t *v;
	bool done[3] = {false, false, false};
	if (json_is_object(o)) {
		json_object_foreach(o, key, v) {
			coll_themes_question q = coll_themes_question_of(c->fw, key);
			/* the answers the models learn from: what was good, what could be better */
			if (q == COLL_THEMES_Q_OTHER || done[q] || !json_is_string(v) || json_string_length(v) == 0)
				continue;
			done[q] = true;
			int k = q == COLL_THEMES_Q_GOOD ? 0 : 1;
			answer_coding(c, h, r, coll_themes_question_name(q),
				      k == 0 ? "What was good" : "What could be better", back, &t->cur[k], &t->sug[k]);
		}
	}
	json_decref(o);
}

/* ---- the coding form's POST ------------------------------------------------------- */

typedef struct post_row {
	bool found;
	char *text;    /* the stored answer to the question, malloc'd */
	const coll_themes_framework *fw;
	coll_themes_question q;
} post_row;

static int post_row_of(void *ctx, const coll_store_row *r)
{
	post_row *p = ctx;
	json_error_t jerr;
	json_t *o = r->free_text_json ? json_loads(r->free_text_json, 0, &jerr) : NULL;
	const char *key;
	json_t *v;
	p->found = true;
	if (json_is_object(o)) {
		json_object_foreach(o, key, v) {
			if (!p->text && json_is_string(v) && json_string_length(v) > 0 &&
			    coll_themes_question_of(p->fw, key) == p->q)
				p->text = strdup(json_string_value(v));
		}
	}
	json_decref(o);
	return 0;
}

/* Where the form may send the person back to: a page of ours (a path and its
 * query in plain characters, never "//host"), else the home page. */
static void back_of(const char *back, const char *id, char *out, size_t size)
{
	bool ok = back[0] == '/' && back[1] != '/' && back[1] != '\\';
	for (const char *p = back; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     strchr("/-_.?=&%", *p) != NULL;
	snprintf(out, size, "%s#c-%s", ok ? back : "/", id);
}

int coll_page_theme_code_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	const coll_themes_framework *fw = c->fw;
	const char *body = c->req->body;
	char id[COLL_STORE_ID_MAX] = "", qname[16] = "", team[COLL_STORE_ID_MAX] = "", back[200] = "";
	char sent[8] = "", cats[COLL_STORE_THEMES_CATS_MAX] = "", detail[160];
	post_row row = {0};
	fb_err err;
	int status;
	if ((status = coll_page_coding_refused(c, h, "comments cannot be coded", "Coding comments",
					       "Nothing was changed.")) != 0)
		return status;
	if (coll_web_form_get(body, "id", id, sizeof id) || !id[0] ||
	    coll_web_form_get(body, "question", qname, sizeof qname) ||
	    (strcmp(qname, "good") != 0 && strcmp(qname, "better") != 0))
		return coll_page_message(h, &c->user, 400, "Comment not understood",
					 "The form did not say which comment it was for. Go back, reload the"
					 " page and try again. Nothing was changed.");
	if (coll_web_form_get(body, "back", back, sizeof back))
		back[0] = '\0';
	if (coll_web_form_get(body, "team", team, sizeof team) || !team[0] ||
	    !coll_page_has_role(c, COLL_ROLE_PATIENT_EXPERIENCE))
		snprintf(team, sizeof team, "%s", c->user.team);   /* results: their own team only */
	long s = coll_web_form_get(body, "sentiment", sent, sizeof sent) == 0 ? strtol(sent, NULL, 10) : 0;
	if (s < 1 || s > COLL_THEMES_SENTIMENTS)
		return coll_page_message(h, &c->user, 400, "Pick how they felt",
					 "Pick Positive, Mixed or neutral, or Negative, then save. Nothing"
					 " was changed.");
	for (int i = 0; i < fw->n_cats; i++) {
		char name[COLL_THEMES_CODE_MAX + 8], v[4];
		snprintf(name, sizeof name, "cat_%s", fw->cats[i].code);
		if (coll_web_form_get(body, name, v, sizeof v) == 0 && strcmp(v, "1") == 0 &&
		    strlen(cats) + strlen(fw->cats[i].code) + 2 < sizeof cats)
			snprintf(cats + strlen(cats), sizeof cats - strlen(cats), "%s%s", cats[0] ? "," : "",
				 fw->cats[i].code);
	}
	row.fw = fw;
	row.q = coll_themes_question_of(fw, qname);
	const char *ids[1] = {id};
	if (coll_store_comments_of_team(c->st, team, ids, 1, post_row_of, &row, &err)) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	if (!row.found) {
		status = coll_page_message(h, &c->user, 403, "Not your team's comment",
					   "This comment is not one of your team's, so you cannot code it."
					   " Nothing was changed.");
		goto out;
	}
	if (!row.text) {
		status = coll_page_message(h, &c->user, 400, "Nothing to code",
					   "This comment has no words for that question. Nothing was changed.");
		goto out;
	}
	coll_store_theme_coding v = {.response_id = id, .question = qname, .comment = row.text,
				  .categories = cats, .sentiment = (int)s, .coded_by = c->user.name,
				  .coded_at_ms = c->req->now_ms};
	if (coll_store_themes_coding_put(c->st, &v, 1, &err)) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	/* which comment and what it was coded with, never its words */
	snprintf(detail, sizeof detail, "%s: %.100s; sentiment %ld", qname, cats[0] ? cats : "no theme", s);
	coll_audit_add(c->st, c->req->now_ms, c->user.name, c->req->client_addr, COLL_AUDIT_THEME_CODING,
		       id, detail, &err);
	back_of(back, id, redirect, size);
	status = 303;
out:
	free(row.text);
	return status;
}

/* ---- what people are telling us ----------------------------------------------------- */

typedef struct theme_count {
	char code[COLL_THEMES_CODE_MAX + 1];
	int64_t n;
} theme_count;

typedef struct count_list {
	theme_count v[COLL_THEMES_MAX_CATEGORIES];
	int n;
} count_list;

static int count_keep(void *ctx, const char *code, int64_t n)
{
	count_list *l = ctx;
	if (l->n < COLL_THEMES_MAX_CATEGORIES && strlen(code) <= COLL_THEMES_CODE_MAX) {
		snprintf(l->v[l->n].code, sizeof l->v[l->n].code, "%s", code);
		l->v[l->n++].n = n;
	}
	return 0;
}

static int64_t count_of(const count_list *l, const char *code)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i].code, code) == 0)
			return l->v[i].n;
	return 0;
}

/* Per category, how many more coded comments it needs ([themes] min_positives). */
static int needed_of(const coll_web_ctx *c, const count_list *coded, const char *code)
{
	int64_t have = count_of(coded, code);
	return have >= c->cfg->themes_min_positives ? 0 : (int)(c->cfg->themes_min_positives - have);
}

/* The themes a kind of answer (good or better) brought up, with last quarter's. */
static void kind_list(const coll_web_ctx *c, coll_html *h, const count_list *now, const count_list *before,
		      const count_list *coded, const char *heading, const char *href_base)
{
	int shown = 0;
	coll_html_printf(h, "<h3 class=\"nhsuk-heading-s\">%s</h3><ul class=\"nhsuk-list fb-theme-list\">", heading);
	if (now->n == 0) {
		coll_html_raw(h, "<li>No comments with a theme this quarter.</li></ul>");
		return;
	}
	for (int i = 0; i < now->n && shown < THEMES_SHOWN; i++) {
		if (needed_of(c, coded, now->v[i].code) > 0)
			continue;      /* not learnt yet: not counted on a page */
		char n[24], b[24];
		int64_t prev = count_of(before, now->v[i].code);
		coll_page_count_text(c, now->v[i].n, n, sizeof n);
		coll_page_count_text(c, prev, b, sizeof b);
		coll_html_raw(h, "<li class=\"fb-theme\"><a href=\"");
		coll_html_attr(h, href_base);
		coll_html_attr(h, now->v[i].code);
		coll_html_raw(h, "#comments\">");
		coll_html_text(h, cat_name(c->fw, now->v[i].code));
		coll_html_printf(h, "</a>: <strong class=\"fb-theme-count\">%s</strong> <span class=\"fb-secondary\">", n);
		/* a change only between two counts that are both shown */
		if (now->v[i].n >= c->cfg->suppress_below && (prev == 0 || prev >= c->cfg->suppress_below)) {
			int64_t d = now->v[i].n - prev;
			if (d > 0)
				coll_html_printf(h, "(up %lld on last quarter&#39;s %s)", (long long)d, b);
			else if (d < 0)
				coll_html_printf(h, "(down %lld on last quarter&#39;s %s)", (long long)-d, b);
			else
				coll_html_printf(h, "(the same as last quarter)");
		} else {
			coll_html_printf(h, "(last quarter %s)", b);
		}
		coll_html_raw(h, "</span></li>");
		shown++;
	}
	if (shown == 0)
		coll_html_raw(h, "<li>No theme with enough coding yet.</li>");
	coll_html_raw(h, "</ul>");
}

/* "Not enough coding yet": the themes closest to being counted. */
static void needed_out(const coll_web_ctx *c, coll_html *h, const count_list *coded, bool none_ready)
{
	int named = 0, waiting = 0;
	bool used[COLL_THEMES_MAX_CATEGORIES] = {false};
	for (int i = 0; i < c->fw->n_cats; i++)
		waiting += needed_of(c, coded, c->fw->cats[i].code) > 0;
	if (waiting == 0)
		return;
	coll_html_printf(h, "<p class=\"nhsuk-body-s fb-themes-needed\">%s", none_ready ?
			 "Not enough coding yet: " : "Not counted yet: ");
	while (named < THEMES_NEEDED_SHOWN && named < waiting) {
		int best = -1;
		for (int i = 0; i < c->fw->n_cats; i++) {
			int k = needed_of(c, coded, c->fw->cats[i].code);
			if (k > 0 && !used[i] && (best < 0 || k < needed_of(c, coded, c->fw->cats[best].code)))
				best = i;
		}
		used[best] = true;
		int k = needed_of(c, coded, c->fw->cats[best].code);
		coll_html_printf(h, "%s%d more coded comment%s needed for %s", named ? "; " : "", k, k == 1 ? "" : "s",
				 c->fw->cats[best].name);
		named++;
	}
	if (waiting > named)
		coll_html_printf(h, "; and %d more theme%s", waiting - named, waiting - named == 1 ? "" : "s");
	coll_html_printf(h, ". Code the comments below (a theme is counted once people have coded %d"
			 " comments with it).</p>", c->cfg->themes_min_positives);
}

typedef struct themes_data {
	count_list good, better, good_before, better_before, coded;
} themes_data;

static int themes_load(const coll_web_ctx *c, const char *location, int64_t from, int64_t to, int64_t pfrom,
		       themes_data *d, fb_err *err)
{
	int rc = coll_store_themes_coded_counts(c->st, count_keep, &d->coded, err);
	const char *q[2] = {"good", "better"};
	count_list *now[2] = {&d->good, &d->better}, *before[2] = {&d->good_before, &d->better_before};
	for (int k = 0; k < 2 && rc == 0; k++) {
		rc = location ? coll_store_themes_top_location(c->st, location, from, to, q[k], count_keep, now[k], err) :
			       coll_store_themes_top(c->st, c->user.team, from, to, q[k], count_keep, now[k], err);
		if (rc == 0)
			rc = location ? coll_store_themes_top_location(c->st, location, pfrom, from, q[k], count_keep,
								       before[k], err) :
				       coll_store_themes_top(c->st, c->user.team, pfrom, from, q[k], count_keep,
							     before[k], err);
	}
	return rc;
}

static bool any_ready(const coll_web_ctx *c, const count_list *coded)
{
	for (int i = 0; i < c->fw->n_cats; i++)
		if (needed_of(c, coded, c->fw->cats[i].code) == 0)
			return true;
	return false;
}

int coll_page_themes_section(const coll_web_ctx *c, coll_html *h, const char *location, const char *base,
			     int64_t month_from, fb_err *err)
{
	char qid[COLL_MONTHS_FYQ_ID], ql[COLL_MONTHS_FYQ_ID], href[300];
	int64_t from, to, pfrom, pto;
	themes_data *d;
	int rc;
	if (!c->fw)
		return 0;
	coll_months_fyq_id(month_from, qid);
	coll_months_fyq_label(month_from, ql);
	if ((rc = coll_months_fyq_range(qid, &from, &to, err)) != 0)
		return rc;
	{
		char pq[COLL_MONTHS_FYQ_ID];
		coll_months_fyq_id(coll_months_add(from, -1), pq);
		if ((rc = coll_months_fyq_range(pq, &pfrom, &pto, err)) != 0)
			return rc;
	}
	d = calloc(1, sizeof *d);
	if (!d)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory counting themes");
	rc = themes_load(c, location, from, to, pfrom, d, err);
	if (rc)
		goto out;
	coll_html_raw(h, "<div class=\"nhsuk-card\" id=\"themes\"><div class=\"nhsuk-card__content\">"
		      "<h2 class=\"nhsuk-card__heading nhsuk-heading-m\">What people are telling us</h2>");
	coll_html_printf(h, "<p class=\"nhsuk-body-s\">The themes of the comments in %s, from people&#39;s"
			 " coding and, where nobody has coded a comment yet, the suggested themes. * means"
			 " fewer than %d.</p>", ql, c->cfg->suppress_below);
	bool ready = any_ready(c, &d->coded);
	if (ready) {
		snprintf(href, sizeof href, "%s?quarter=%s&theme=", base, qid);
		kind_list(c, h, &d->good, &d->good_before, &d->coded, "What was good", href);
		kind_list(c, h, &d->better, &d->better_before, &d->coded, "What could be better", href);
	}
	needed_out(c, h, &d->coded, !ready);
	if (coll_page_may_code(c))
		coll_html_raw(h, "<p class=\"nhsuk-body-s fb-noprint\"><a href=\"/themes/next\">Code comments one"
			      " by one</a> &middot; <a href=\"/themes\">The themes model:"
			      " when it was last trained, and Train now</a></p>");
	coll_html_raw(h, "</div></div>");
out:
	free(d);
	return rc;
}

/* ---- the Quality Board: what you told us, its quotes and the actions -------------------- */

#define QUOTE_SHOWN_MAX 280       /* bytes of a quote on a sheet (as the board's comments) */
#define QUOTE_CANDIDATES 8        /* comments offered per theme to quote */
#define QUOTE_WALK_MAX 20         /* rows looked at to find them */

/* The stored answer of a response's free text to question q (borrowed from
 * o), or NULL. */
static const char *answer_of(const coll_themes_framework *fw, json_t *o, coll_themes_question q)
{
	const char *key;
	json_t *v;
	if (!json_is_object(o))
		return NULL;
	json_object_foreach(o, key, v) {
		if (json_is_string(v) && json_string_length(v) > 0 && coll_themes_question_of(fw, key) == q)
			return json_string_value(v);
	}
	return NULL;
}

/* Whether answer k (0 good, 1 better) of t has code: a person's coding where
 * there is one, else the model's suggestion (as the counts). */
static bool answer_has(const theme_info *t, int k, const char *code)
{
	return t->cur[k].have ? coll_page_list_has(t->cur[k].categories, code) :
	       t->sug[k].have && coll_page_list_has(t->sug[k].categories, code);
}

static int theme_info_load(const coll_web_ctx *c, theme_info *t, fb_err *err)
{
	int rc = coll_store_themes_coding_history_each(c->st, t->id, "good", current_coding, &t->cur[0], err);
	if (rc == 0)
		rc = coll_store_themes_coding_history_each(c->st, t->id, "better", current_coding, &t->cur[1], err);
	if (rc == 0)
		rc = coll_store_themes_suggestions_each(c->st, t->id, suggestion_of, t, err);
	return rc;
}

void coll_page_theme_names(const coll_web_ctx *c, coll_html *h, const char *list)
{
	static const coll_themes_framework none;
	names_out(h, c->fw ? c->fw : &none, list);
}

/* One chosen quote as the board shows it: the words stored now. */
typedef struct board_quote {
	char code[COLL_THEMES_CODE_MAX + 1];
	char *text;                    /* malloc'd; NULL: nothing to show */
} board_quote;

typedef struct quote_list {
	const coll_themes_framework *fw;
	board_quote v[COLL_THEMES_MAX_CATEGORIES];
	int n;
	bool nomem;
} quote_list;

static int quote_keep(void *ctx, const coll_store_theme_quote *q)
{
	quote_list *l = ctx;
	json_error_t jerr;
	if (l->n >= COLL_THEMES_MAX_CATEGORIES || strlen(q->code) > COLL_THEMES_CODE_MAX ||
	    q->safeguarding || !q->free_text_json)
		return 0;          /* a flagged comment is never for a wall; words gone: no quote */
	json_t *o = json_loads(q->free_text_json, 0, &jerr);
	const char *text = answer_of(l->fw, o, coll_themes_question_of(l->fw, q->question));
	if (text) {
		board_quote *b = &l->v[l->n];
		snprintf(b->code, sizeof b->code, "%s", q->code);
		b->text = strdup(text);
		if (b->text)
			l->n++;
		else
			l->nomem = true;
	}
	json_decref(o);
	return 0;
}

static const char *quote_of(const quote_list *l, const char *code)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i].code, code) == 0)
			return l->v[i].text;
	return NULL;
}

/* How many of the quarter's actions (not dropped) answer each theme. */
typedef struct answer_counts {
	const coll_themes_framework *fw;
	int n[COLL_THEMES_MAX_CATEGORIES];
} answer_counts;

static int answer_count(void *ctx, const coll_store_action *a)
{
	answer_counts *k = ctx;
	if (a->state == COLL_ACTION_DROPPED)
		return 0;
	for (int i = 0; i < k->fw->n_cats; i++)
		k->n[i] += coll_page_list_has(a->themes, k->fw->cats[i].code);
	return 0;
}

/* The comments of location's quarter with code that may be quoted: rows
 * first, then their coding (the store takes one query at a time). */
typedef struct candidate {
	theme_info t;
	char *json;                    /* the response's free text, malloc'd */
} candidate;

typedef struct candidate_walk {
	candidate v[QUOTE_WALK_MAX];
	int n;
	bool nomem;
} candidate_walk;

static int candidate_row(void *ctx, const coll_store_row *r)
{
	candidate_walk *w = ctx;
	if (r->safeguarding || !r->free_text_json)
		return 0;
	if (w->n >= QUOTE_WALK_MAX)
		return COLL_PAGE_WALK_STOP;
	candidate *cd = &w->v[w->n];
	memset(cd, 0, sizeof *cd);
	snprintf(cd->t.id, sizeof cd->t.id, "%s", r->id);
	cd->json = strdup(r->free_text_json);
	if (!cd->json) {
		w->nomem = true;
		return COLL_PAGE_WALK_STOP;
	}
	w->n++;
	return 0;
}

static void quote_text(coll_html *h, const char *text)
{
	size_t n = strlen(text), cut = fb_utf8_cut(text, n, QUOTE_SHOWN_MAX);
	coll_html_textn(h, text, cut);
	if (cut < n)
		coll_html_raw(h, "&hellip;");
}

/* The form choosing code's quote on location's sheet of quarter qid (not
 * printed): up to QUOTE_CANDIDATES of its comments, and "no quote". */
static int quote_form(const coll_web_ctx *c, coll_html *h, const char *location, const char *qid,
		      int64_t from, int64_t to, const char *code, bool has_quote, fb_err *err)
{
	candidate_walk *w = calloc(1, sizeof *w);
	coll_store_query q = {.location = location, .from_ms = from, .to_ms = to, .with_text_only = true,
			      .limit = QUOTE_WALK_MAX, .theme = code};
	int rc, offered = 0;
	if (!w)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory finding comments to quote");
	rc = coll_store_responses_each(c->st, &q, candidate_row, w, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc == 0 && w->nomem)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory finding comments to quote");
	for (int i = 0; rc == 0 && i < w->n; i++)
		rc = theme_info_load(c, &w->v[i].t, err);
	if (rc)
		goto out;
	coll_html_raw(h, "<details class=\"nhsuk-details fb-noprint fb-quote-pick\"><summary"
		      " class=\"nhsuk-details__summary\"><span class=\"nhsuk-details__summary-text\">");
	coll_html_printf(h, "%s the quote for %s</span></summary><div class=\"nhsuk-details__text\">",
			 has_quote ? "Change" : "Choose", cat_name(c->fw, code));
	coll_html_raw(h, "<form method=\"post\" action=\"/quality-board/quote\">");
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<input type=\"hidden\" name=\"location\" value=\"%s\">"
			 "<input type=\"hidden\" name=\"quarter\" value=\"%s\">"
			 "<input type=\"hidden\" name=\"code\" value=\"%s\">"
			 "<input type=\"hidden\" name=\"team\" value=\"%s\">", location, qid, code, c->user.team);
	coll_html_raw(h, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend"
		      " nhsuk-fieldset__legend--s\">Which comment says it best?</legend><div class=\"nhsuk-hint\">"
		      "Comments about this theme this quarter. Leave out anything that could identify"
		      " someone.</div><div class=\"nhsuk-radios nhsuk-radios--small\">");
	for (int i = 0; i < w->n && offered < QUOTE_CANDIDATES; i++) {
		json_error_t jerr;
		json_t *o = json_loads(w->v[i].json, 0, &jerr);
		for (int k = 0; k < 2 && offered < QUOTE_CANDIDATES; k++) {
			coll_themes_question qq = k == 0 ? COLL_THEMES_Q_GOOD : COLL_THEMES_Q_BETTER;
			const char *text = answer_of(c->fw, o, qq);
			if (!text || !answer_has(&w->v[i].t, k, code))
				continue;
			coll_html_printf(h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\""
					 " id=\"q-%s-%s-%d\" name=\"pick\" type=\"radio\" value=\"%s:%s\" required>"
					 "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"q-%s-%s-%d\">",
					 location, code, offered, w->v[i].t.id, coll_themes_question_name(qq),
					 location, code, offered);
			quote_text(h, text);
			coll_html_raw(h, "</label></div>");
			offered++;
		}
		json_decref(o);
	}
	if (offered == 0)
		coll_html_raw(h, "<p class=\"nhsuk-body-s\">No comment with this theme to quote: comments"
			      " the safeguarding team reads are never offered.</p>");
	if (has_quote)
		coll_html_printf(h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\""
				 " id=\"q-%s-%s-none\" name=\"pick\" type=\"radio\" value=\"none\" required>"
				 "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"q-%s-%s-none\">No quote"
				 "</label></div>", location, code, location, code);
	coll_html_raw(h, "</div></fieldset>");
	if (offered > 0 || has_quote)
		coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small"
			      " nhsuk-u-margin-bottom-0\" type=\"submit\">Use as the quote</button>");
	coll_html_raw(h, "</form>");
	coll_html_printf(h, "<p class=\"nhsuk-body-s nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0\">"
			 "<a href=\"/actions/new?theme=%s\">Make an action that answers this theme</a></p>", code);
	coll_html_raw(h, "</div></details>");
out:
	for (int i = 0; i < w->n; i++)
		free(w->v[i].json);
	free(w);
	return rc;
}

int coll_page_themes_board(const coll_web_ctx *c, coll_html *h, const char *location, int64_t from,
			   int64_t to, fb_err *err)
{
	count_list *now = NULL, *coded = NULL;
	quote_list *quotes = NULL;
	answer_counts *answers = NULL;
	char qid[COLL_MONTHS_FYQ_ID], href[160];
	int rc = 0, shown = 0;
	if (!c->fw)
		return 0;
	coll_months_fyq_id(from, qid);
	now = calloc(1, sizeof *now);
	coded = calloc(1, sizeof *coded);
	quotes = calloc(1, sizeof *quotes);
	answers = calloc(1, sizeof *answers);
	if (!now || !coded || !quotes || !answers) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory counting themes");
		goto out;
	}
	quotes->fw = answers->fw = c->fw;
	rc = coll_store_themes_coded_counts(c->st, count_keep, coded, err);
	if (rc == 0)
		rc = coll_store_themes_top_location(c->st, location, from, to, NULL, count_keep, now, err);
	if (rc == 0)
		rc = coll_store_theme_quotes_each(c->st, location, qid, quote_keep, quotes, err);
	if (rc == 0 && quotes->nomem)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the quotes");
	if (rc == 0)
		rc = coll_store_actions_each(c->st, c->user.team, location, from, to, answer_count, answers, err);
	if (rc)
		goto out;
	coll_html_raw(h, "<h3 class=\"nhsuk-heading-m\">What you told us</h3>");
	if (!any_ready(c, coded)) {
		needed_out(c, h, coded, true);
		goto out;
	}
	coll_html_raw(h, "<ul class=\"nhsuk-list fb-theme-list fb-board-themes\">");
	for (int i = 0; i < now->n && shown < THEMES_SHOWN && rc == 0; i++) {
		char n[24];
		const char *code = now->v[i].code;
		int cat = coll_themes_category_find(c->fw, code);
		int k = cat >= 0 ? answers->n[cat] : 0;
		const char *quote = quote_of(quotes, code);
		if (needed_of(c, coded, code) > 0)
			continue;
		coll_page_count_text(c, now->v[i].n, n, sizeof n);
		coll_html_raw(h, "<li class=\"fb-theme\">");
		coll_html_text(h, cat_name(c->fw, code));
		/* "* comments", never "* comment": the word must not give the hidden count away */
		coll_html_printf(h, ": <strong class=\"fb-theme-count\">%s</strong> comment%s", n,
				 now->v[i].n == 1 && c->cfg->suppress_below <= 1 ? "" : "s");
		if (k > 0) {
			snprintf(href, sizeof href, "/actions?quarter=%s", qid);
			coll_html_printf(h, " <span class=\"fb-theme-actions\">&middot; <a href=\"%s\">%d action%s"
					 " answer%s it</a></span>", href, k, k == 1 ? "" : "s", k == 1 ? "s" : "");
		}
		if (quote) {
			coll_html_raw(h, "<blockquote class=\"fb-quote\"><p>&ldquo;");
			quote_text(h, quote);
			coll_html_raw(h, "&rdquo;</p></blockquote>");
		}
		if (coll_page_may_code(c))
			rc = quote_form(c, h, location, qid, from, to, code, quote != NULL, err);
		coll_html_raw(h, "</li>");
		shown++;
	}
	if (shown == 0)
		coll_html_raw(h, "<li>No comments with a counted theme this quarter.</li>");
	coll_html_raw(h, "</ul>");
out:
	for (int i = 0; quotes && i < quotes->n; i++)
		free(quotes->v[i].text);
	free(now);
	free(coded);
	free(quotes);
	free(answers);
	return rc;
}

/* ---- choosing a quote: the form's POST ----------------------------------------------- */

typedef struct quote_row {
	bool found;
	char location[COLL_STORE_ID_MAX];
	int64_t at_ms;
	bool flagged, has_text;
	const coll_themes_framework *fw;
	coll_themes_question q;
} quote_row;

static int quote_row_of(void *ctx, const coll_store_row *r)
{
	quote_row *p = ctx;
	json_error_t jerr;
	json_t *o = r->free_text_json ? json_loads(r->free_text_json, 0, &jerr) : NULL;
	p->found = true;
	snprintf(p->location, sizeof p->location, "%s", r->location);
	p->at_ms = r->effective_at_ms;
	p->flagged = r->safeguarding;
	p->has_text = answer_of(p->fw, o, p->q) != NULL;
	json_decref(o);
	return 0;
}

int coll_page_theme_quote_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	const coll_themes_framework *fw = c->fw;
	const char *body = c->req->body;
	char location[COLL_STORE_ID_MAX] = "", qid[COLL_MONTHS_FYQ_ID + 4] = "", code[COLL_THEMES_CODE_MAX + 1] = "";
	char team[COLL_STORE_ID_MAX] = "", pick[COLL_STORE_ID_MAX + 16] = "", object[160], detail[160];
	coll_store_location loc;
	int64_t from, to;
	fb_err err;
	int rc;
	if ((rc = coll_page_coding_refused(c, h, "there are no themes to quote",
					   "Choosing the Quality Board's quotes", "Nothing was changed.")) != 0)
		return rc;
	if (coll_web_form_get(body, "location", location, sizeof location) || !location[0] ||
	    coll_web_form_get(body, "quarter", qid, sizeof qid) ||
	    coll_web_form_get(body, "code", code, sizeof code) || coll_themes_category_find(fw, code) < 0 ||
	    coll_web_form_get(body, "pick", pick, sizeof pick) || !pick[0] ||
	    coll_months_fyq_range(qid, &from, &to, &err))
		return coll_page_message(h, &c->user, 400, "Quote not understood",
					 "The form did not say which ward, quarter, theme or comment it was"
					 " for. Go back, reload the Quality Board and try again. Nothing was changed.");
	if (coll_web_form_get(body, "team", team, sizeof team) || !team[0] ||
	    !coll_page_has_role(c, COLL_ROLE_PATIENT_EXPERIENCE))
		snprintf(team, sizeof team, "%s", c->user.team);   /* results: their own team only */
	rc = coll_store_location_get(c->st, location, &loc, &err);
	if (rc && rc != FB_ERR_NOTFOUND)
		return coll_page_store_failed(c, h, &err);
	if (rc || strcmp(loc.team, team) != 0)
		return coll_page_message(h, &c->user, 403, "Not your team's ward",
					 "This ward is not one of your team's, so you cannot choose its quotes."
					 " Nothing was changed.");
	snprintf(object, sizeof object, "quote %s %s %s", location, qid, code);
	if (strcmp(pick, "none") == 0) {
		bool removed = false;
		if (coll_store_theme_quote_clear(c->st, location, qid, code, &removed, &err))
			return coll_page_store_failed(c, h, &err);
		if (removed)
			coll_audit_add(c->st, c->req->now_ms, c->user.name, c->req->client_addr,
				       COLL_AUDIT_THEME_QUOTE, object, "taken off", &err);
	} else {
		char *colon = strrchr(pick, ':');
		quote_row row = {.fw = fw};
		if (!colon || (strcmp(colon + 1, "good") != 0 && strcmp(colon + 1, "better") != 0))
			return coll_page_message(h, &c->user, 400, "Quote not understood",
						 "The form did not say which comment to quote. Go back, reload"
						 " the Quality Board and try again. Nothing was changed.");
		*colon = '\0';
		const char *qname = colon + 1, *ids[1] = {pick};
		theme_info t;
		memset(&t, 0, sizeof t);
		snprintf(t.id, sizeof t.id, "%.*s", (int)sizeof t.id - 1, pick);
		row.q = coll_themes_question_of(fw, qname);
		if (coll_store_comments_of_team(c->st, team, ids, 1, quote_row_of, &row, &err) ||
		    (row.found && theme_info_load(c, &t, &err)))
			return coll_page_store_failed(c, h, &err);
		if (!row.found || strcmp(row.location, location) != 0 || row.at_ms < from || row.at_ms >= to)
			return coll_page_message(h, &c->user, 403, "Not this ward's comment",
						 "This comment is not one of this ward's for the quarter, so it"
						 " cannot be its quote. Nothing was changed.");
		if (row.flagged)
			return coll_page_message(h, &c->user, 400, "Not for the Quality Board",
						 "This comment is flagged for safeguarding: it is read on the"
						 " safeguarding page and never put on a wall. Nothing was changed.");
		if (!row.has_text || !answer_has(&t, row.q == COLL_THEMES_Q_GOOD ? 0 : 1, code))
			return coll_page_message(h, &c->user, 400, "Not about this theme",
						 "This comment has no words about this theme to quote. Pick"
						 " another. Nothing was changed.");
		if (coll_store_theme_quote_put(c->st, location, qid, code, pick, qname, c->user.name,
					       c->req->now_ms, &err))
			return coll_page_store_failed(c, h, &err);
		/* which comment, never its words */
		snprintf(detail, sizeof detail, "response %s, %s", pick, qname);
		coll_audit_add(c->st, c->req->now_ms, c->user.name, c->req->client_addr,
			       COLL_AUDIT_THEME_QUOTE, object, detail, &err);
	}
	snprintf(redirect, size, "/quality-board?quarter=%s#board-%s", qid, location);
	return 303;
}

/* ---- the themes page: the model and Train now ---------------------------------------- */

static void summary_row(coll_html *h, const char *key)
{
	coll_html_raw(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">");
	coll_html_text(h, key);
	coll_html_raw(h, "</dt><dd class=\"nhsuk-summary-list__value\">");
}

int coll_page_themes_model(const coll_web_ctx *c, coll_html *h)
{
	coll_store_themes_model_info m;
	coll_retrain_status t;
	int64_t coded = 0, model_at = 0, coding_at = 0;
	char when[64];
	fb_err err;
	int rc;
	if ((rc = coll_page_coding_refused(c, h, "no model is learnt", "The themes model, for those who"
					   " code comments,", "")) != 0)
		return rc;
	rc = coll_store_themes_model_info_get(c->st, &m, &err);
	if (rc == FB_ERR_NOTFOUND) {
		memset(&m, 0, sizeof m);
		rc = 0;
	}
	if (rc == 0)
		rc = coll_store_themes_coding_count(c->st, &coded, &err);
	if (rc == 0)
		rc = coll_store_themes_freshness(c->st, &model_at, &coding_at, &err);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	coll_retrain_status_get(c->trainer, &t);
	coll_html_page_begin(h, "Themes", &c->user);
	coll_html_raw(h, "<h1>Themes</h1><p class=\"nhsuk-lede-text\">The collector learns the themes of"
		      " comments from your Trust&#39;s coding, and suggests them for new comments.</p>"
		      "<dl class=\"nhsuk-summary-list fb-themes-model\">");
	summary_row(h, "Last trained");
	if (m.id) {
		coll_page_time_text(m.trained_at_ms, when, sizeof when);
		coll_html_printf(h, "<span class=\"fb-model-trained\">%s, from %lld coded comment%s</span>"
				 " <span class=\"fb-secondary\">(model %lld, %s)</span>", when,
				 (long long)m.n_comments, m.n_comments == 1 ? "" : "s", (long long)m.id,
				 m.trained_by);
	} else {
		coll_html_raw(h, "<span class=\"fb-model-trained\">Not yet: no model is trained, so new"
			      " comments get no suggested themes</span>");
	}
	coll_html_raw(h, "</dd></div>");
	summary_row(h, "Coded now");
	coll_html_printf(h, "%lld comment%s", (long long)coded, coded == 1 ? "" : "s");
	if (m.id && coding_at > model_at)
		coll_html_raw(h, " <span class=\"fb-secondary\">(some coded since the model was trained)</span>");
	coll_html_raw(h, "</dd></div>");
	summary_row(h, "Retrained by itself");
	if (c->cfg->themes_retrain_days > 0)
		coll_html_printf(h, "Every %d day%s, when comments were coded since", c->cfg->themes_retrain_days,
				 c->cfg->themes_retrain_days == 1 ? "" : "s");
	else
		coll_html_raw(h, "No ([themes] retrain_days = 0): only Train now or the command line");
	coll_html_raw(h, "</dd></div>");
	summary_row(h, "Training");
	if (t.running) {
		coll_page_time_text(t.running_since_ms, when, sizeof when);
		coll_html_printf(h, "<strong class=\"nhsuk-tag nhsuk-tag--blue fb-training\">Running</strong>"
				 " since %s (%s). Reload this page to see when it ends.", when, t.running_by);
	} else if (t.last[0]) {
		coll_page_time_text(t.last_at_ms, when, sizeof when);
		coll_html_printf(h, "Not running. The last training here ended %s: %s", when, t.last);
	} else {
		coll_html_raw(h, "Not running");
	}
	coll_html_raw(h, "</dd></div></dl>"
		      "<h2 class=\"nhsuk-heading-m\">Coding</h2><p class=\"nhsuk-hint\">Your team&#39;s newest"
		      " comments that no one has coded yet, one at a time, with a key for every theme.</p>"
		      "<a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/themes/next\">Code comments one"
		      " by one</a>");
	if (c->trainer) {
		coll_html_raw(h, "<h2 class=\"nhsuk-heading-m\">Training</h2><form method=\"post\" action=\"/themes/train\">");
		coll_html_csrf_field(h, c->user.csrf);
		coll_html_printf(h, "<p class=\"nhsuk-hint\">Training learns from every coded comment (%d or more"
				 " for a theme to be learnt). It runs in the background at a low priority and"
				 " takes a minute or two; the pages keep working, and new comments get the new"
				 " model&#39;s suggestions once it is stored.</p>", c->cfg->themes_min_positives);
		coll_html_raw(h, "<button class=\"nhsuk-button\" type=\"submit\">Train now</button></form>");
	}
	coll_html_page_end(h);
	return 200;
}

int coll_page_themes_train_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	coll_retrain_status t;
	bool started = false;
	char when[64], text[COLL_RETRAIN_TEXT_MAX + 256];
	fb_err err;
	if (!c->fw || !c->trainer)
		return coll_page_message(h, &c->user, 404, "Training is not available here",
					 "This collector trains no themes model (no [themes] framework_file)."
					 " Nothing was started.");
	if (!coll_page_may_code(c))
		return coll_page_message(h, &c->user, 403, "Not available with your role",
					 "Training the themes model is for people with the results or patient"
					 " experience role. Nothing was started.");
	if (coll_retrain_now(c->trainer, c->user.name, &started, &err))
		return coll_page_message(h, &c->user, 503, "Not started just now", err.msg);
	if (!started) {
		coll_retrain_status_get(c->trainer, &t);
		coll_page_time_text(t.running_since_ms, when, sizeof when);
		snprintf(text, sizeof text, "Training is already running (%s, since %s), so no second one"
			 " was started. Reload the themes page to see when it ends.", t.running_by, when);
		return coll_page_message(h, &c->user, 409, "Training is already running", text);
	}
	coll_audit_add(c->st, c->req->now_ms, c->user.name, c->req->client_addr, COLL_AUDIT_THEMES_TRAIN,
		       "themes model", "started", &err);
	fb_log("themes: %s pressed Train now; training in the background", c->user.name);
	snprintf(redirect, size, "/themes");
	return 303;
}
