/* pages_coding.c: "Code comments one by one" (GET /themes/next), the
 * quick way through a team's comments: the newest answer ("what was good",
 * "what could be better") that no person has coded yet, its whole comment,
 * and the coding form open, with its keys (coding.js), "Save and show the
 * next" and "Skip this one". Saving goes through /themes/code like every
 * coding (pages_themes.c), and comes back here for the next.
 * Promises: only the team's own comments (any team's, chosen, for the
 * patient experience role); an answer a person has coded is never offered
 * again; a suggestion is ticked on the form but stays a suggestion until
 * saved; the newest QUEUE_SCAN_MAX comments with words are looked through
 * per page, and the page says when there are more. */
#include "pages_shared.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_SCAN_MAX 1000   /* comments looked through per page: the page stays quick */
#define QUEUE_SKIP_MAX 100000

/* One comment's answers that the models learn from: [0] what was good,
 * [1] what could be better; waiting = has words and no person's coding. */
typedef struct queue_entry {
	char id[COLL_STORE_ID_MAX];
	bool has[2], waiting[2];
} queue_entry;

typedef struct queue_scan {
	const coll_themes_framework *fw;
	queue_entry *v;
	int n, max;
	bool more;         /* stopped at max: older comments not looked at */
} queue_scan;

static int answer_index(const coll_themes_framework *fw, const char *key)
{
	coll_themes_question q = coll_themes_question_of(fw, key);
	return q == COLL_THEMES_Q_GOOD ? 0 : q == COLL_THEMES_Q_BETTER ? 1 : -1;
}

static int scan_row(void *ctx, const coll_store_row *r)
{
	queue_scan *s = ctx;
	json_error_t jerr;
	if (s->n >= s->max) {
		s->more = true;
		return COLL_PAGE_WALK_STOP;
	}
	json_t *o = r->free_text_json ? json_loads(r->free_text_json, 0, &jerr) : NULL;
	queue_entry *e = &s->v[s->n];
	const char *key;
	json_t *v;
	memset(e, 0, sizeof *e);
	if (json_is_object(o)) {
		json_object_foreach(o, key, v) {
			int k = answer_index(s->fw, key);
			if (k >= 0 && json_is_string(v) && json_string_length(v) > 0)
				e->has[k] = true;
		}
	}
	json_decref(o);
	if (e->has[0] || e->has[1]) {
		snprintf(e->id, sizeof e->id, "%s", r->id);
		s->n++;
	}
	return 0;
}

/* The newest comments with words, and which of their answers wait. */
static int queue_load(const coll_web_ctx *c, queue_scan *s, fb_err *err)
{
	coll_store_query q = {.team = c->user.team, .from_ms = 0, .to_ms = INT64_MAX, .with_text_only = true};
	s->fw = c->fw;
	s->max = QUEUE_SCAN_MAX;
	s->v = calloc(QUEUE_SCAN_MAX, sizeof *s->v);
	if (!s->v)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory looking for comments to code");
	/* the rows first, then their coding: the store takes one query at a time */
	int rc = coll_store_responses_each(c->st, &q, scan_row, s, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	for (int i = 0; rc == 0 && i < s->n; i++)
		for (int k = 0; rc == 0 && k < 2; k++) {
			bool coded = false;
			if (!s->v[i].has[k])
				continue;
			rc = coll_page_theme_coded(c, s->v[i].id, k == 0 ? "good" : "better", &coded, err);
			s->v[i].waiting[k] = !coded;
		}
	return rc;
}

static void empty_queue(coll_html *h, int waiting, bool more)
{
	if (waiting > 0) {
		coll_html_printf(h, "<p>You have skipped all %d answer%s waiting to be coded%s.</p>"
				 "<p><a href=\"/themes/next\">Start again from the newest</a></p>",
				 waiting, waiting == 1 ? "" : "s", more ? " among the newest comments" : "");
		return;
	}
	coll_html_printf(h, "<p>%s</p>", more ?
			 "Every answer among the newest comments is coded. Older comments can be coded"
			 " from their location's page." :
			 "Every comment with words is coded. New comments will wait here as they arrive.");
	coll_html_raw(h, "<p><a href=\"/\">Back to your locations</a> &middot; <a href=\"/themes\">Themes</a></p>");
}

int coll_page_coding_queue(const coll_web_ctx *c, coll_html *h)
{
	queue_scan s = {0};
	coll_store_location_list names = {0};
	fb_err err;
	int status = 200, waiting = 0, target = -1, target_k = 0;
	const char *arg = coll_page_arg(c, "skip");
	long skip = arg ? strtol(arg, NULL, 10) : 0;
	if (skip < 0 || skip > QUEUE_SKIP_MAX)
		skip = 0;
	int refused = coll_page_coding_refused(c, h, "comments cannot be coded", "Coding comments", "");
	if (refused)
		return refused;
	if (queue_load(c, &s, &err) ||
	    coll_store_locations_list(c->st, c->user.team, COLL_STORE_DEVICE_LOCATIONS_MAX * 8, &names, &err))
		goto fail;
	for (int i = 0; i < s.n; i++)
		for (int k = 0; k < 2; k++)
			if (s.v[i].waiting[k] && waiting++ == skip) {
				target = i;
				target_k = k;
			}

	coll_html_page_begin(h, "Code comments", &c->user);
	coll_html_raw(h, "<span class=\"nhsuk-caption-l\">");
	coll_html_text(h, coll_page_team_name(c));
	coll_html_raw(h, " &middot; Themes</span><h1>Code comments one by one</h1>");
	if (target < 0) {
		empty_queue(h, waiting, s.more);
		coll_html_page_end(h);
		goto out;
	}
	coll_html_printf(h, "<p class=\"nhsuk-lede-text fb-queue-count\">%s%d answer%s waiting to be coded,"
			 " newest first.</p>", s.more ? "At least " : "", waiting, waiting == 1 ? "" : "s");
	if (skip > 0)
		coll_html_printf(h, "<p class=\"nhsuk-body-s\">You skipped %ld. <a href=\"/themes/next\">Back to"
				 " the newest</a></p>", skip);

	/* the whole comment, as on its location's page */
	const char *ids[1] = {s.v[target].id};
	coll_page_comment_walk w = {.c = c, .h = h, .max = 1, .show_location = true, .names = &names};
	int rc = coll_store_comments_of_team(c->st, c->user.team, ids, 1, coll_page_comment_out, &w, &err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	const char *question = target_k == 0 ? "good" : "better";
	char cats[COLL_STORE_THEMES_CATS_MAX];
	int sentiment = 0;
	bool suggested = false;
	if (rc == 0)
		rc = coll_page_theme_suggestion(c, s.v[target].id, question, cats, sizeof cats, &sentiment,
						&suggested, &err);
	if (rc) {
		coll_html_free(h);
		goto fail;
	}
	coll_html_printf(h, "<h2 class=\"nhsuk-heading-m\">Coding: %s</h2>",
			 target_k == 0 ? "What was good" : "What could be better");
	if (suggested) {
		coll_html_raw(h, "<p class=\"nhsuk-body-s\"><strong class=\"nhsuk-tag nhsuk-tag--grey\">Suggested</strong> ");
		coll_page_theme_names(c, h, cats);
		coll_html_raw(h, ", ticked below: untick what is wrong, tick what is missing.</p>");
	}
	char back[64], next[64];
	snprintf(back, sizeof back, "/themes/next?skip=%ld", skip);
	snprintf(next, sizeof next, "/themes/next?skip=%ld", skip + 1);
	coll_page_coding_form(c, h, s.v[target].id, question, back, suggested ? cats : NULL, sentiment, next);
	coll_html_page_end(h);
	goto out;
fail:
	status = coll_page_store_failed(c, h, &err);
out:
	free(names.v);
	free(s.v);
	return status;
}
