/* team_actions: see team_actions.h. Each change checks everything first,
 * then makes one store call, then writes its audit row. */
#include "team_actions.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "months.h"
#include "utf8.h"

#define DETAIL_MAX 400

bool coll_actions_text_ok(char *s, size_t max_chars)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return fb_utf8_valid(s, n) && fb_utf8_count(s, n) <= max_chars;
}

int64_t coll_actions_date_parse(const char *s)
{
	int y, m, d;
	char tail;
	struct tm tm;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    y < 2000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;        /* noon: never on a clock change */
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		return -1;       /* 31 April became 1 May */
	int64_t noon = (int64_t)t * 1000;
	/* back to midnight in the zone: the day's first instant */
	struct tm back;
	coll_months_local(noon, &back);
	return noon - ((int64_t)back.tm_hour * 3600 + back.tm_min * 60 + back.tm_sec) * 1000;
}

int64_t coll_actions_day_after(int64_t midnight)
{
	struct tm tm;
	int64_t t = midnight + 36 * 3600 * 1000LL;    /* the next day, whatever the clock change */
	coll_months_local(t, &tm);
	return t - ((int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * 1000;
}

void coll_actions_date_iso(int64_t ms, char out[16])
{
	struct tm tm;
	coll_months_local(ms, &tm);
	if (strftime(out, 16, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

/* The change's audit row; the change is made already, so a failed row is
 * said on stderr (coll_audit_add) and not returned as the change's failure. */
static void audit(coll_store *s, const coll_actor *who, const char *action, int64_t id,
		  const char *detail)
{
	fb_err err;
	char object[32];
	snprintf(object, sizeof object, "action %lld", (long long)id);
	coll_audit_add(s, who->now_ms, who->name, who->addr, action, object, detail, &err);
}

/* The checks add and edit share: a's texts, owner and due date. */
static int check_words(coll_store_action *a, fb_err *err)
{
	if (!coll_actions_text_ok(a->you_said, COLL_ACTIONS_TEXT_CHARS) ||
	    !coll_actions_text_ok(a->we_will, COLL_ACTIONS_TEXT_CHARS))
		return fb_err_set(err, FB_ERR_INVALID, "keep \"You said\" and \"We will\" to %d characters"
				  " or fewer each", COLL_ACTIONS_TEXT_CHARS);
	if (!coll_actions_text_ok(a->owner, COLL_ACTIONS_OWNER_CHARS))
		return fb_err_set(err, FB_ERR_INVALID, "keep the owner to %d characters or fewer",
				  COLL_ACTIONS_OWNER_CHARS);
	if (!a->you_said[0])
		return fb_err_set(err, FB_ERR_INVALID, "say what people told you under \"You said\"");
	if (!a->we_will[0])
		return fb_err_set(err, FB_ERR_INVALID, "say what you will change under \"We will\"");
	if (!coll_actions_text_ok(a->due, 10) || (a->due[0] && coll_actions_date_parse(a->due) < 0))
		return fb_err_set(err, FB_ERR_INVALID, "give the due date as a date, for example"
				  " 2027-01-31, or leave it empty ('%s' is not one)", a->due);
	return 0;
}

int coll_actions_themes_set(const coll_themes_framework *fw, coll_store_action *a, const char *list,
			    fb_err *err)
{
	bool on[COLL_THEMES_MAX_CATEGORIES] = {false};
	char out[COLL_STORE_ACTION_THEMES_MAX] = "";
	size_t used = 0;
	for (const char *p = list ? list : ""; *p;) {
		p += strspn(p, ", \t");
		size_t len = strcspn(p, ", \t");
		if (len == 0)
			break;
		if (!fw)
			return fb_err_set(err, FB_ERR_INVALID, "themes are off on this collector, so an"
					  " action cannot answer one: set [themes] framework_file, or"
					  " leave the themes out");
		int i = -1;
		if (len <= COLL_THEMES_CODE_MAX) {
			char code[COLL_THEMES_CODE_MAX + 1];
			memcpy(code, p, len);
			code[len] = '\0';
			i = coll_themes_category_find(fw, code);
		}
		if (i < 0)
			return fb_err_set(err, FB_ERR_INVALID, "no theme '%.*s' in the framework: give"
					  " sub-category codes such as %s (the [themes] framework_file lists them)",
					  (int)(len > 60 ? 60 : len), p, fw->n_cats ? fw->cats[0].code : "");
		on[i] = true;
		p += len;
	}
	for (int i = 0; fw && i < fw->n_cats; i++) {
		if (!on[i])
			continue;
		size_t k = strlen(fw->cats[i].code) + (used ? 1 : 0);
		if (used + k + 1 > sizeof out)
			return fb_err_set(err, FB_ERR_INVALID, "an action answers too many themes: pick"
					  " the few it really answers");
		snprintf(out + used, sizeof out - used, "%s%s", used ? "," : "", fw->cats[i].code);
		used += k;
	}
	snprintf(a->themes, sizeof a->themes, "%s", out);
	return 0;
}

int coll_actions_add(coll_store *s, const coll_actor *who, coll_store_action *a,
		     const char *const *ids, size_t n, int64_t *id, fb_err *err)
{
	coll_store_team t;
	char detail[DETAIL_MAX];
	int rc = check_words(a, err);
	if (rc)
		return rc;
	if (n > COLL_STORE_ACTION_COMMENTS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "an action links to at most %d comments",
				  COLL_STORE_ACTION_COMMENTS_MAX);
	rc = coll_store_team_get(s, a->team, &t, err);
	if (rc == FB_ERR_NOTFOUND)
		return fb_err_set(err, FB_ERR_INVALID, "no team '%s': a team is the code its locations"
				  " share (location add CODE NAME --team TEAM); check the spelling",
				  a->team);
	if (rc)
		return rc;
	if (t.retired_ms)
		return fb_err_set(err, FB_ERR_INVALID, "team '%s' is retired; bring it back first (the"
				  " admin pages' Teams) or pick another team", a->team);
	rc = coll_store_action_add(s, a, who->name, ids, n, who->now_ms, id, err);
	if (rc == FB_ERR_INVALID)
		return fb_err_set(err, FB_ERR_NOTFOUND, "%s, so no action was made", err->msg);
	if (rc)
		return rc;
	snprintf(detail, sizeof detail, "team %s, from %zu comment%s%s%s%s%.200s", a->team, n,
		 n == 1 ? "" : "s", a->due[0] ? ", due " : "", a->due, a->themes[0] ? ", themes " : "",
		 a->themes);
	audit(s, who, "action-add", *id, detail);
	return 0;
}

int coll_actions_edit(coll_store *s, const coll_actor *who, coll_store_action *a, fb_err *err)
{
	char detail[DETAIL_MAX];
	int rc = check_words(a, err);
	if (rc == 0)
		rc = coll_store_action_update(s, a, err);
	if (rc)
		return rc;
	snprintf(detail, sizeof detail, "words, owner, due date or themes%s%s; themes %.200s",
		 a->due[0] ? "; due " : "", a->due, a->themes[0] ? a->themes : "none");
	audit(s, who, "action-edit", a->id, detail);
	return 0;
}

int coll_actions_set_state(coll_store *s, const coll_actor *who, const coll_store_action *a,
			   const char *state, char *reason, bool *changed, fb_err *err)
{
	char detail[DETAIL_MAX];
	int st = coll_action_state_parse(state);
	if (changed)
		*changed = false;
	if (st < 0)
		return fb_err_set(err, FB_ERR_INVALID, "no state '%s': choose proposed, planned, doing,"
				  " done or dropped", state ? state : "");
	if (!coll_actions_text_ok(reason, COLL_ACTIONS_REASON_CHARS))
		return fb_err_set(err, FB_ERR_INVALID, "keep the reason to %d characters or fewer",
				  COLL_ACTIONS_REASON_CHARS);
	if (st == COLL_ACTION_DROPPED && !reason[0])
		return fb_err_set(err, FB_ERR_INVALID, "say why it is dropped: an action is dropped"
				  " only with a reason people can read (for example \"the estates"
				  " team cannot move the window\")");
	if ((coll_action_state)st == a->state && st != COLL_ACTION_DROPPED)
		return 0;        /* nothing changes: no history step */
	int rc = coll_store_action_set_state(s, a->id, (coll_action_state)st,
					     st == COLL_ACTION_DROPPED ? reason : NULL, who->name,
					     who->now_ms, err);
	if (rc)
		return rc;
	if (changed)
		*changed = true;
	snprintf(detail, sizeof detail, "%s -> %s", coll_action_state_name(a->state),
		 coll_action_state_name(st));
	audit(s, who, "action-state", a->id, detail);
	return 0;
}

/* Whether lang is one of the comma- or space-separated languages. */
static bool offered(const char *languages, const char *lang)
{
	size_t want = strlen(lang);
	for (const char *p = languages; *p;) {
		size_t len = strcspn(p, ", ");
		if (len == want && len > 0 && strncmp(p, lang, len) == 0)
			return true;
		p += len;
		p += strspn(p, ", ");
	}
	return false;
}

int coll_actions_publish(coll_store *s, const coll_actor *who, const coll_store_action *a,
			 coll_store_publish *p, const char *from, const char *to,
			 const char *languages, fb_err *err)
{
	char detail[DETAIL_MAX];
	size_t used = 0, kept = 0;
	int rc = 0;
	if (a->state != COLL_ACTION_DONE)
		return fb_err_set(err, FB_ERR_INVALID, "only a done action can be shown in the waiting"
				  " room; action %lld is %s: move it to done first", (long long)a->id,
				  coll_action_state_name(a->state));
	if (p->n_locations == 0)
		return fb_err_set(err, FB_ERR_INVALID, "choose at least one location whose kiosks"
				  " should show it");
	for (size_t i = 0; i < p->n_locations; i++) {
		coll_store_location loc;
		rc = coll_store_location_get(s, p->locations[i], &loc, err);
		if (rc == FB_ERR_NOTFOUND)
			return fb_err_set(err, FB_ERR_INVALID, "no location '%s'; check its code (the"
					  " team's locations are on its home page)", p->locations[i]);
		if (rc)
			return rc;
		if (strcmp(loc.team, a->team) != 0)
			return fb_err_set(err, FB_ERR_INVALID, "location '%s' is team %s's, not %s's:"
					  " an item is shown only at its own team's locations",
					  p->locations[i], loc.team, a->team);
	}
	for (size_t i = 0; i < p->n_texts; i++) {
		coll_store_publish_text *t = &p->texts[i];
		if (!coll_actions_text_ok(t->you_said, COLL_ACTIONS_SHORT_CHARS) ||
		    !coll_actions_text_ok(t->we_did, COLL_ACTIONS_SHORT_CHARS))
			return fb_err_set(err, FB_ERR_INVALID, "keep each waiting-room text to %d"
					  " characters or fewer (about 130 in scripts of wider letters,"
					  " such as Hindi or Chinese)", COLL_ACTIONS_SHORT_CHARS);
		if (!t->you_said[0] && !t->we_did[0])
			continue;      /* a missing translation */
		if (!t->you_said[0] || !t->we_did[0])
			return fb_err_set(err, FB_ERR_INVALID, "give both \"You said\" and \"We did\" in a"
					  " language, or leave both empty (%s)", t->lang);
		if (!offered(languages, t->lang))
			return fb_err_set(err, FB_ERR_INVALID, "the kiosks do not offer language '%s'"
					  " ([results] languages is %s); add it there first or pick"
					  " one of those", t->lang, languages);
		for (size_t k = 0; k < kept; k++)
			if (strcmp(p->texts[k].lang, t->lang) == 0)
				return fb_err_set(err, FB_ERR_INVALID, "language '%s' is given twice",
						  t->lang);
		if (kept != i)
			p->texts[kept] = *t;
		kept++;
	}
	p->n_texts = kept;
	int64_t f = coll_actions_date_parse(from), e = coll_actions_date_parse(to);
	if (f < 0 || e < 0 || e < f)
		return fb_err_set(err, FB_ERR_INVALID, "give the first and last day it is shown as dates"
				  " (YYYY-MM-DD), the last on or after the first");
	if (p->n_texts == 0)
		return fb_err_set(err, FB_ERR_INVALID, "write the texts in at least one language");
	p->action_id = a->id;
	p->from_ms = f;
	p->to_ms = coll_actions_day_after(e);
	rc = coll_store_publish_put(s, a->team, p, who->name, who->now_ms, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < p->n_locations && used < sizeof detail; i++)
		used += (size_t)snprintf(detail + used, sizeof detail - used, "%s%s", i ? "," : "",
					 p->locations[i]);
	for (size_t i = 0; i < p->n_texts && used < sizeof detail; i++)
		used += (size_t)snprintf(detail + used, sizeof detail - used, "%s%s", i ? "," : "; ",
					 p->texts[i].lang);
	if (used < sizeof detail)
		snprintf(detail + used, sizeof detail - used, "; %s to %s", from, to);
	audit(s, who, "action-publish", a->id, detail);
	return 0;
}
