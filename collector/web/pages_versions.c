/* pages_versions.c: "Answers to each question" on the team's results page
 * (only there: a location's breakdown beside the team's would give a small
 * number away by subtraction): the month's responses counted per survey version
 * (collector/versions.h), one group when the versions ask the same
 * questions, else one per group of versions, each headed in words. The FFT
 * is left out (the figures above count every version together). Every count
 * goes through coll_versions_hide: the groups' sizes together (they add up
 * to the responses shown above), then each question's figures. */
#include "pages_shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../months.h"
#include "../versions.h"

static int count_answers(void *ctx, const coll_store_answers *a)
{
	fb_err err;
	return coll_versions_add(ctx, a->survey_id, a->survey_version, a->first_ms, a->answers_json,
				 a->free_text_json, a->n, &err) ? -1 : 0;
}

/* "2 Dec" in the Trust's time zone. */
static void day_text(int64_t ms, char *out, size_t size)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	strftime(out, size, "%-d %b", &tm);
}

/* The group's heading: "Survey 'fft' version 3, from 2 Dec: 41 responses". */
static void group_heading(coll_html *h, const coll_versions *vs, int g, const char *n_text,
			  int64_t n, int64_t first_ms)
{
	size_t members = 0, first = 0;
	bool one_survey = true;
	char day[24];
	for (size_t i = 0; i < vs->n; i++) {
		if (vs->v[i].group != g)
			continue;
		if (members++ == 0)
			first = i;
		else
			one_survey &= strcmp(vs->v[i].survey_id, vs->v[first].survey_id) == 0;
	}
	day_text(first_ms, day, sizeof day);
	coll_html_raw(h, "<h3 class=\"nhsuk-card__heading nhsuk-heading-m fb-version-head\">");
	if (members == 1)
		coll_html_printf(h, "Survey &lsquo;%s&rsquo; version %d", vs->v[first].survey_id,
				 vs->v[first].version);
	else if (one_survey)
		coll_html_printf(h, "Survey &lsquo;%s&rsquo; versions ", vs->v[first].survey_id);
	else
		coll_html_raw(h, "Surveys ");
	for (size_t i = 0, k = 0; members > 1 && i < vs->n; i++) {
		if (vs->v[i].group != g)
			continue;
		k++;
		if (k > 1)
			coll_html_printf(h, "%s", k == members ? " and " : ", ");
		if (one_survey)
			coll_html_printf(h, "%d", vs->v[i].version);
		else
			coll_html_printf(h, "&lsquo;%s&rsquo; version %d", vs->v[i].survey_id,
					 vs->v[i].version);
	}
	coll_html_printf(h, ", from %s: %s response%s</h3>", day, n_text, n == 1 ? "" : "s");
}

/* Answers known only from the stored codes: in the codes' order, the same
 * on every page. */
static int by_value(const void *pa, const void *pb)
{
	const coll_vq_option *a = pa, *b = pb;
	return strcmp(a->value, b->value);
}

static void count_cell_text(int64_t n, bool hidden, char *out, size_t size)
{
	if (hidden)
		snprintf(out, size, "*");
	else
		snprintf(out, size, "%lld", (long long)n);
}

/* One question's table: the people of the group giving each answer. */
static void question_table(const coll_web_ctx *c, coll_html *h, const coll_vq *q, int64_t n)
{
	static const char *const heads[] = {"Answer", "Responses"};
	int64_t v[COLL_VERSIONS_OPTIONS_MAX + 2];
	bool hide[COLL_VERSIONS_OPTIONS_MAX + 2];
	const char *labels[COLL_VERSIONS_OPTIONS_MAX + 2];
	size_t k = 0;
	int t = c->cfg->suppress_below;
	bool multi = q->any_of;
	coll_page_table tb;
	char txt[24];
	if (q->free_text) {
		/* wrote something, or not: the two add up to the group's size */
		int64_t pair[2] = {q->answered, n - q->answered};
		bool ph[2];
		coll_versions_hide(pair, 2, t, false, ph);
		coll_page_table_begin(&tb, h, q->title[0] ? q->title : q->id, heads, 2, 2u, false);
		count_cell_text(pair[0], ph[0], txt, sizeof txt);
		coll_page_row_begin(&tb);
		coll_page_cell(&tb, "Wrote an answer");
		coll_page_cell(&tb, txt);
		coll_page_row_end(&tb);
		count_cell_text(pair[1], ph[1], txt, sizeof txt);
		coll_page_row_begin(&tb);
		coll_page_cell(&tb, "Left it blank or was not asked");
		coll_page_cell(&tb, txt);
		coll_page_row_end(&tb);
		coll_page_table_end(&tb);
		return;
	}
	for (size_t i = 0; i < q->n_options; i++) {
		v[k] = q->options[i].count;
		labels[k++] = q->options[i].label[0] ? q->options[i].label : q->options[i].value;
	}
	if (q->other > 0) {
		v[k] = q->other;
		labels[k++] = "Other answers";
	}
	size_t n_answers = k;
	if (multi) {
		/* any of: the answers do not add up to anything, each stands alone */
		for (size_t i = 0; i < n_answers; i++)
			coll_versions_hide(&v[i], 1, t, false, &hide[i]);
		int64_t pair[2] = {q->answered, n - q->answered};
		bool ph[2];
		coll_versions_hide(pair, 2, t, false, ph);
		v[k] = pair[1];
		hide[k] = ph[1];
	} else {
		v[k] = n - q->answered;
		k++;
		coll_versions_hide(v, k, t, false, hide);
		k--;
	}
	labels[k++] = "No answer (skipped or not asked)";
	coll_page_table_begin(&tb, h, q->title[0] ? q->title : q->id, heads, 2, 2u, false);
	for (size_t i = 0; i < k; i++) {
		count_cell_text(v[i], hide[i], txt, sizeof txt);
		coll_page_row_begin(&tb);
		coll_page_cell(&tb, labels[i]);
		coll_page_cell(&tb, txt);
		coll_page_row_end(&tb);
	}
	coll_page_table_end(&tb);
	if (multi)
		coll_html_raw(h, "<p class=\"nhsuk-body-s\">People could pick more than one answer.</p>");
}

/* The questions of group g, as asked in its first version, then any other
 * version's further ones (none: the group's versions ask the same). The
 * counts are the group's sums. */
static void group_questions(const coll_web_ctx *c, coll_html *h, const coll_versions *vs, int g,
			    int64_t n)
{
	const coll_version *lead = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < vs->n && !lead; i++)
		if (vs->v[i].group == g)
			lead = &vs->v[i];
	for (size_t qi = 0; lead && qi < lead->n_q; qi++) {
		coll_vq sum = lead->q[qi];
		if (!coll_versions_shown(&sum) || (!sum.defined && !sum.seen))
			continue;
		for (size_t i = 0; i < vs->n; i++) {
			const coll_version *v = &vs->v[i];
			if (v->group != g || v == lead)
				continue;
			for (size_t k = 0; k < v->n_q; k++) {
				const coll_vq *o = &v->q[k];
				if (strcmp(o->id, sum.id) != 0)
					continue;
				sum.answered += o->answered;
				sum.any_of |= o->any_of;
				sum.other += o->other;
				for (size_t a = 0; a < o->n_options; a++) {
					size_t j = 0;
					while (j < sum.n_options &&
					       strcmp(sum.options[j].value, o->options[a].value))
						j++;
					if (j < sum.n_options)
						sum.options[j].count += o->options[a].count;
					else if (j < COLL_VERSIONS_OPTIONS_MAX)
						sum.options[sum.n_options++] = o->options[a];
					else
						sum.other += o->options[a].count;
				}
			}
		}
		if (!sum.defined)
			qsort(sum.options, sum.n_options, sizeof sum.options[0], by_value);
		question_table(c, h, &sum, n);
		shown++;
	}
	if (shown == 0)
		coll_html_raw(h, "<p>No questions besides the Friends and Family Test.</p>");
}

/* The survey each location's tablet settings send (the copy kept when they
 * were saved), for the versions no file in surveys_dir names. */
static int define_from_settings(const coll_web_ctx *c, const char *location, coll_versions *vs,
				fb_err *err)
{
	coll_store_location_list l = {0};
	coll_store_location_settings *set = calloc(1, sizeof *set);
	int rc = set ? 0 : fb_err_set(err, FB_ERR_NOMEM, "out of memory reading tablet settings");
	if (rc == 0)
		rc = coll_store_locations_list(c->st, c->user.team, COLL_SUP_ROWS_MAX, &l, err);
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		fb_survey *sv = NULL;
		fb_err perr;
		if (location && strcmp(location, l.v[i].code) != 0)
			continue;
		rc = coll_store_location_settings_get(c->st, l.v[i].code, set, err);
		if (rc == 0 && set->survey_json &&
		    fb_survey_parse(set->survey_json, set->survey_file, &sv, &perr) == 0)
			coll_versions_define(vs, sv);
		fb_survey_free(sv);
		coll_store_location_settings_clear(set);
	}
	free(set);
	free(l.v);
	return rc;
}

int coll_page_versions_section(const coll_web_ctx *c, coll_html *h, const char *location,
			       int64_t from, int64_t to, const coll_sup_row *headline, fb_err *err)
{
	coll_versions vs;
	int64_t gn[COLL_VERSIONS_MAX + 1], gfirst[COLL_VERSIONS_MAX];
	bool ghide[COLL_VERSIONS_MAX + 1];
	coll_store_query q = {.location = location, .team = location ? NULL : c->user.team,
			      .from_ms = from, .to_ms = to};
	coll_versions_init(&vs);
	int rc = coll_store_answers_each(c->st, &q, count_answers, &vs, err);
	if (rc) {
		if (rc < 0)
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory counting survey versions");
		goto out;
	}
	coll_html_raw(h, "<section id=\"questions\" class=\"fb-versions\"><h2 class=\"nhsuk-heading-l\">"
		      "Answers to each question</h2>");
	if (vs.n == 0) {
		coll_html_raw(h, "<p>No responses this month.</p></section>");
		goto out;
	}
	coll_versions_load_dir(&vs, c->cfg->surveys_dir);
	rc = define_from_settings(c, location, &vs, err);
	if (rc)
		goto out;
	int groups = coll_versions_group(&vs);
	for (int g = 0; g < groups; g++) {
		gn[g] = 0;
		gfirst[g] = INT64_MAX;
		for (size_t i = 0; i < vs.n; i++)
			if (vs.v[i].group == g) {
				gn[g] += vs.v[i].n;
				if (vs.v[i].first_ms < gfirst[g])
					gfirst[g] = vs.v[i].first_ms;
			}
	}
	gn[groups] = vs.other_n;   /* the groups add up to the responses above */
	coll_versions_hide(gn, (size_t)groups + (vs.other_n > 0), c->cfg->suppress_below,
			   headline->total_hidden, ghide);
	if (groups == 1) {
		coll_html_raw(h, "<p class=\"nhsuk-body-s fb-versions-note\">");
		if (vs.n == 1)
			coll_html_printf(h, "Every response this month answered survey &lsquo;%s&rsquo;"
					 " version %d.", vs.v[0].survey_id, vs.v[0].version);
		else {
			coll_html_raw(h, "Includes ");
			for (size_t i = 0; i < vs.n; i++)
				coll_html_printf(h, "%s&lsquo;%s&rsquo; version %d", i == 0 ? "" :
						 i + 1 == vs.n ? " and " : ", ", vs.v[i].survey_id,
						 vs.v[i].version);
			coll_html_raw(h, ", which ask the same questions.");
		}
		coll_html_raw(h, "</p>");
	} else {
		coll_html_raw(h, "<p class=\"fb-versions-note\">The survey changed during the month and its"
			      " versions ask different questions, so each is shown on its own. The figures"
			      " at the top of the page count every version together.</p>");
	}
	for (int g = 0; g < groups; g++) {
		char n_text[24];
		coll_html_raw(h, "<div class=\"nhsuk-card fb-version\"><div class=\"nhsuk-card__content\">");
		count_cell_text(gn[g], ghide[g], n_text, sizeof n_text);
		if (groups > 1)
			group_heading(h, &vs, g, n_text, gn[g], gfirst[g]);
		if (ghide[g])
			coll_html_printf(h, "<p>%s</p>", headline->total_hidden ?
					 "Too few responses this month to show the answers to each question." :
					 "Hidden so that a small number cannot be worked out.");
		else
			group_questions(c, h, &vs, g, gn[g]);
		coll_html_raw(h, "</div></div>");
	}
	if (vs.other_n > 0) {
		char n_text[24];
		count_cell_text(vs.other_n, ghide[groups], n_text, sizeof n_text);
		coll_html_printf(h, "<p class=\"nhsuk-body-s\">%s responses from further survey versions are"
				 " not broken down here.</p>", n_text);
	}
	coll_html_printf(h, "<p class=\"nhsuk-body-s\">* means hidden so that nobody can be recognised:"
			 " a count of %d or fewer, or a figure that would let one be worked out.</p>"
			 "</section>", c->cfg->suppress_below - 1);
out:
	coll_versions_free(&vs);
	return rc;
}
