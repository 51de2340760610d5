/* view: the flow's state in the person's words. See view.h.
 * Each screen takes its words from kiosk/words.c in the chosen language
 * (the staff screens are English only, laid out left to right) and the question's from the survey;
 * the countdowns and counters are formatted here, into kiosk_view_words. */
#include "view.h"

#include "enrol_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech.h"
#include "utf8.h"
#include "words.h"

#define VIEW_STATUS_LINES 16

struct kiosk_view_words {
	char progress[160], counter[160], countdown[512], body[512];
	char ysw_heading[160], you_said_label[96], we_did_label[96];
	char crisis_title[512], crisis_body[1024];
	char status_lines[VIEW_STATUS_LINES][320], status_error[360];
	char action_ids[KIOSK_VIEW_MAX_ITEMS][KIOSK_WIDGET_ID_MAX];
	char enrol_code[16];
	char speaks_for[280], hours[280];
	char role_ids[KIOSK_VIEW_MAX_ITEMS][16];
};

/* No figures at all: every line says "unknown". */
static const fb_staff_status view_no_status = {
	.queue_depth = -1, .oldest_unsent_age_ms = -1, .quarantined = -1,
	.disk_free_bytes = -1,
};

int kiosk_view_words_new(kiosk_view_words **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? 0 : -1;
}

void kiosk_view_words_free(kiosk_view_words *w)
{
	free(w);
}

void kiosk_view_screen_key(const fb_flow *f, char *out, size_t out_size)
{
	fb_screen sc = fb_flow_screen(f);
	const fb_question *q = fb_flow_question(f);
	if (sc == FB_SCREEN_QUESTION && q)
		snprintf(out, out_size, "question-%s", q->id);
	else if (sc == FB_SCREEN_ATTRACT && fb_flow_closed(f))
		snprintf(out, out_size, "attract-closed");
	else if (sc == FB_SCREEN_STAFF && fb_flow_staff_page(f) > 0)
		snprintf(out, out_size, "staff-page-%d", fb_flow_staff_page(f) + 1);
	else
		snprintf(out, out_size, "%s", fb_screen_name(sc));
}

bool kiosk_view_rtl(const char *code)
{
	static const char *rtl[] = { "ar", "ur", "fa", "he", "ps", "sd", "ug", "yi" };
	for (size_t i = 0; code && i < sizeof rtl / sizeof rtl[0]; i++)
		if (strncmp(code, rtl[i], 2) == 0 && (code[2] == '\0' || code[2] == '-'))
			return true;
	return false;
}

static const char *view_location_name(const fb_config *cfg, const char *code)
{
	for (size_t i = 0; i < cfg->n_locations; i++)
		if (code && strcmp(cfg->locations[i].code, code) == 0)
			return cfg->locations[i].name;
	return cfg->location_name;
}

/* "Need to talk to someone now? Call ..." as a title and the rest (Arabic
 * and Urdu ask with U+061F, two bytes). */
static void view_split_crisis(kiosk_view_words *w, const char *text)
{
	const char *q = strstr(text, "? ");
	size_t qlen = 1;
	const char *aq = strstr(text, "\xd8\x9f ");
	if (aq && (!q || aq < q)) {
		q = aq;
		qlen = 2;
	}
	if (q && q - text < (ptrdiff_t)sizeof w->crisis_title - 3) {
		snprintf(w->crisis_title, sizeof w->crisis_title, "%.*s",
			 (int)(q - text + (ptrdiff_t)qlen), text);
		snprintf(w->crisis_body, sizeof w->crisis_body, "%s",
			 q + qlen + 1);
	} else {
		w->crisis_title[0] = '\0';
		snprintf(w->crisis_body, sizeof w->crisis_body, "%s", text);
	}
	/* One way to get help a line: a new line after each sentence
	 * (". ", Urdu's "۔ ", the danda "। " of Punjabi and Bengali), so a
	 * person in distress finds the number without reading a paragraph. */
	static const char *const ends[] = { ". ", "\xdb\x94 ", "\xe0\xa5\xa4 " };
	for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
		size_t n = strlen(ends[e]);
		for (char *p = strstr(w->crisis_body, ends[e]); p;
		     p = strstr(p + n, ends[e]))
			p[n - 1] = '\n';
	}
}

/* The survey of the mode in use (the facts' one when the flow has none). */
static const fb_survey *view_survey(const kiosk_view_facts *fx)
{
	const fb_survey *s = fb_flow_survey(fx->flow);
	return s ? s : fx->survey;
}

/* Attract: a button per mode on offer after standard, in its words. */
static void view_modes(const kiosk_view_facts *fx, kiosk_view *v, const char *lang)
{
	size_t n = fb_flow_mode_count(fx->flow);
	for (size_t i = 1; i < n && v->n_modes < sizeof v->modes / sizeof v->modes[0]; i++) {
		const char *m = fb_flow_mode_name(fx->flow, i);
		if (m && strcmp(m, FB_MODE_EASY_READ) == 0) {
			v->modes[v->n_modes].id = "mode-easy_read";
			v->modes[v->n_modes++].label = fb_str(lang, FB_STR_MODE_EASY_READ);
		} else if (m && strcmp(m, FB_MODE_CHILDREN) == 0) {
			v->modes[v->n_modes].id = "mode-children";
			v->modes[v->n_modes++].label = fb_str(lang, FB_STR_MODE_CHILDREN);
		}
	}
}

static void view_languages(const kiosk_view_facts *fx, kiosk_view *v)
{
	size_t n = fb_flow_language_count(fx->flow);
	const fb_survey *sv = view_survey(fx);
	for (size_t i = 0; i < n && i < KIOSK_VIEW_MAX_ITEMS; i++) {
		size_t si = fb_flow_language_survey_index(fx->flow, i);
		v->langs[i].code = fb_flow_language_code(fx->flow, i);
		v->langs[i].name = si < sv->n_languages &&
				   sv->language_native_names[si] ?
				   sv->language_native_names[si] :
				   v->langs[i].code;
		v->n_langs = i + 1;
	}
}

static void view_question(const kiosk_view_facts *fx, kiosk_view_words *w,
			  kiosk_view *v, const char *lang)
{
	const fb_question *q = fb_flow_question(fx->flow);
	const fb_answer *ans = fb_flow_answer(fx->flow);
	size_t li = fb_flow_language(fx->flow), n = 0, m = 0;
	if (!q)
		return;
	fb_flow_progress(fx->flow, &n, &m);
	fb_str_format(fb_str(lang, FB_STR_PROGRESS), (long)n, (long)m, w->progress,
		      sizeof w->progress);
	v->kind = q->kind;
	v->progress = n > 0 ? w->progress : NULL;   /* none on an info page */
	v->question = fb_text_get(&q->title, li);
	v->help = q->help.s[0] ? fb_text_get(&q->help, li) : NULL;
	for (size_t i = 0; i < q->n_options && i < KIOSK_VIEW_MAX_ITEMS; i++) {
		bool sel = false;
		if (ans && ans->answered) {
			if (q->kind == FB_Q_FFT || q->kind == FB_Q_AGREE5)
				sel = ans->choice == (int)i + 1;
			else if (q->kind == FB_Q_SINGLE)
				sel = ans->choice == (int)i;
			else if (q->kind == FB_Q_MULTI)
				sel = (ans->multi >> i) & 1u;
		}
		v->options[i].value = q->options[i].value;
		v->options[i].label = fb_text_get(&q->options[i].label, li);
		v->options[i].selected = sel;
		v->n_options = i + 1;
	}
	if (q->kind == FB_Q_TEXT) {
		size_t len = fb_flow_text_length(fx->flow), max = fb_flow_text_max(fx->flow);
		v->text = ans && ans->text ? ans->text : "";
		v->placeholder = fb_str(lang, FB_STR_TYPE_HERE);
		fb_str_format(fb_str(lang, FB_STR_CHARS_LEFT),
			      (long)(max > len ? max - len : 0), (long)max,
			      w->counter, sizeof w->counter);
		v->counter = w->counter;
		v->kb_mode = fx->kb_mode;
		v->shift = fx->shift;
		v->space_label = fb_str(lang, FB_STR_KEY_SPACE);
	}
	v->can_back = true;
	v->can_next = fb_flow_can_next(fx->flow);
	v->can_skip = fb_flow_can_skip(fx->flow);
	v->back_label = fb_str(lang, FB_STR_BACK);
	v->skip_label = fb_str(lang, FB_STR_SKIP);
	v->next_label = fb_str(lang, fb_flow_is_last(fx->flow) ? FB_STR_SEND : FB_STR_NEXT);
	v->next_usual_label = v->next_label;
	if (fb_flow_can_send_now(fx->flow)) {
		v->send_now_label = fb_str(lang, FB_STR_SEND_NOW);
		v->next_label = fb_str(lang, FB_STR_TELL_US_MORE);
		v->can_skip = false;    /* Send now and Tell us more say it all */
	}
	if (fb_flow_can_skip_section(fx->flow))
		v->skip_section_label = fb_str(lang, FB_STR_SKIP_SECTION);
	if (!v->can_next)
		v->next_why = fb_str(lang, q->kind == FB_Q_TEXT ? FB_STR_TYPE_HERE :
				     FB_STR_CHOOSE_ONE);
}

/* The volunteer screens (flow.h, "Volunteering"): the roles and the
 * consent as choices, the name and the contact as text fields, each laid
 * out as a question is (the roles in the person's language: roles.LANG). */
static void view_volunteer(const kiosk_view_facts *fx, kiosk_view_words *w,
			   kiosk_view *v, const char *lang)
{
	fb_screen sc = fb_flow_screen(fx->flow);
	bool consent = sc == FB_SCREEN_VOLUNTEER_CONSENT;

	if (sc == FB_SCREEN_VOLUNTEER_ASK) {
		v->title = fb_str(lang, FB_STR_VOLUNTEER_TITLE);
		v->body = fb_str(lang, FB_STR_VOLUNTEER_BODY);
		v->primary = fb_str(lang, FB_STR_VOLUNTEER_YES);
		v->secondary = fb_str(lang, FB_STR_VOLUNTEER_NO);
		return;
	}
	v->can_back = true;
	v->back_label = fb_str(lang, FB_STR_BACK);
	v->can_next = fb_flow_volunteer_can_next(fx->flow);
	v->next_label = fb_str(lang, consent ? FB_STR_SEND : FB_STR_NEXT);
	v->next_usual_label = v->next_label;
	/* never offered, but measured: the keyboard beside Back, Skip and Next
	 * is the survey's size (what a greyed Next waits for is said above it:
	 * "Choose one or more", the empty field, the tick box) */
	v->skip_label = fb_str(lang, FB_STR_SKIP);
	if (sc == FB_SCREEN_VOLUNTEER_ROLES || consent) {
		v->kind = FB_Q_MULTI;
		if (consent) {
			/* the sentence wraps as help does; the box says "I agree" */
			v->question = fb_str(lang, FB_STR_VOLUNTEER_CONSENT_TITLE);
			v->help = fb_str(lang, FB_STR_VOLUNTEER_CONSENT);
			v->options[0].value = "consent";
			v->options[0].label = fb_str(lang, FB_STR_VOLUNTEER_AGREE);
			v->options[0].selected = fb_flow_volunteer_consent(fx->flow);
			v->n_options = 1;
		} else {
			v->question = fb_str(lang, FB_STR_VOLUNTEER_ROLES);
			v->help = fb_str(lang, FB_STR_VOLUNTEER_ROLES_HINT);
			for (size_t i = 0; i < fb_flow_volunteer_role_count(fx->flow) &&
			     i < KIOSK_VIEW_MAX_ITEMS; i++) {
				snprintf(w->role_ids[i], sizeof w->role_ids[i], "role%zu", i);
				v->options[i].value = w->role_ids[i];
				v->options[i].label = fb_config_volunteer_role(fx->cfg, lang, i);
				v->options[i].selected = fb_flow_volunteer_role_chosen(fx->flow, i);
				v->n_options = i + 1;
			}
		}
		return;
	}
	size_t max = fb_flow_volunteer_text_max(fx->flow);
	const char *t = fb_flow_volunteer_text(fx->flow);
	size_t len = strlen(t);
	v->kind = FB_Q_TEXT;
	v->question = fb_str(lang, sc == FB_SCREEN_VOLUNTEER_NAME ? FB_STR_VOLUNTEER_NAME :
			     FB_STR_VOLUNTEER_CONTACT);
	v->text = t;
	v->placeholder = fb_str(lang, FB_STR_TYPE_HERE);
	len = fb_utf8_count(t, len);
	fb_str_format(fb_str(lang, FB_STR_CHARS_LEFT), (long)(max > len ? max - len : 0),
		      (long)max, w->counter, sizeof w->counter);
	v->counter = w->counter;
	v->kb_mode = fx->kb_mode;
	v->shift = fx->shift;
	v->space_label = fb_str(lang, FB_STR_KEY_SPACE);
}

/* tmpl with "{t}" replaced by seconds in words ("5 minutes"): staff
 * screens say waits as people do, not "300 seconds". */
static void view_fill_duration(const char *tmpl, long seconds, char *out,
			       size_t out_size)
{
	char d[64];
	const char *at = strstr(tmpl, "{t}");
	fb_staff_format_duration(seconds, d, sizeof d);
	if (!at)
		snprintf(out, out_size, "%s", tmpl);
	else
		snprintf(out, out_size, "%.*s%s%s", (int)(at - tmpl), tmpl, d, at + 3);
}

/* The locations this device may send answers for (the config's list,
 * the one enrolment or provisioning gave it), by name, the one in use
 * marked: "Brook Ward (current), Ash Ward". Whole names only: one that
 * does not fit is left out and "…" says so. */
static void view_speaks_for(const kiosk_view_facts *fx, char *out, size_t out_size)
{
	size_t n = fb_flow_location_count(fx->flow), len = 0;
	const char *here = fb_flow_location(fx->flow);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *code = fb_flow_location_code(fx->flow, i);
		char one[200];
		bool cur = here && code && strcmp(code, here) == 0;
		snprintf(one, sizeof one, "%s%.150s%s%s", len ? ", " : "",
			 view_location_name(fx->cfg, code), cur ? " " : "",
			 cur ? fb_str("en", FB_STR_STAFF_CURRENT) : "");
		size_t ol = strlen(one);
		if (len + ol + 1 > out_size - 8) {
			snprintf(out + len, out_size - len, "%s\xe2\x80\xa6", len ? ", " : "");
			return;
		}
		memcpy(out + len, one, ol + 1);
		len += ol;
	}
	if (!len)
		snprintf(out, out_size, "%s", view_location_name(fx->cfg, here));
}

static void view_staff(const kiosk_view_facts *fx, kiosk_view_words *w,
		       kiosk_view *v)
{
	const fb_staff_status *st = fx->status ? fx->status : &view_no_status;
	char age[64];
	size_t k = 0;
	const char *en = "en";
	/* Every figure has its line, with "unknown" when it cannot be read:
	 * a missing line would look like nothing to worry about. */
#define LINE(...) do { if (k < VIEW_STATUS_LINES) { snprintf(w->status_lines[k], \
	sizeof w->status_lines[k], __VA_ARGS__); v->status[k] = w->status_lines[k]; \
	k++; } } while (0)
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_DEVICE), st->device_id[0] ?
	     st->device_id : fx->cfg->device_id);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_LOCATION),
	     view_location_name(fx->cfg, fb_flow_location(fx->flow)));
	view_speaks_for(fx, w->speaks_for, sizeof w->speaks_for);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_SPEAKS_FOR), w->speaks_for);
	fb_hours_format(fb_flow_hours(fx->flow), w->hours, sizeof w->hours);
	if (w->hours[0])
		LINE("%s: %s", fb_str(en, FB_STR_STAFF_OPEN), w->hours);
	else
		LINE("%s", fb_str(en, FB_STR_STAFF_OPEN_ALWAYS));
	if (fb_flow_closed(fx->flow))
		LINE("%s", fb_str(en, FB_STR_STAFF_CLOSED_NOW));
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_VERSION), FB_VERSION);
	if (st->queue_depth >= 0)
		LINE("%s: %lld", fb_str(en, FB_STR_STAFF_QUEUE_DEPTH),
		     (long long)st->queue_depth);
	else
		LINE("%s: unknown", fb_str(en, FB_STR_STAFF_QUEUE_DEPTH));
	fb_staff_format_age(st->oldest_unsent_age_ms, age, sizeof age);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_OLDEST_UNSENT),
	     st->oldest_unsent_age_ms >= 0 ? age :
	     st->queue_depth == 0 ? "none waiting" : "unknown");
	if (st->quarantined >= 0)
		LINE("%s: %lld", fb_str(en, FB_STR_STAFF_QUARANTINED),
		     (long long)st->quarantined);
	else
		LINE("%s: unknown", fb_str(en, FB_STR_STAFF_QUARANTINED));
	fb_staff_format_age(st->last_sync_ok_ms > 0 ? fx->wall_ms -
			    st->last_sync_ok_ms : -1, age, sizeof age);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_LAST_SYNC),
	     st->last_sync_ok_ms > 0 ? age : "never");
	fb_staff_format_bytes(st->disk_free_bytes, age, sizeof age);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_DISK_FREE), age);
	if (st->remote_config[0])
		LINE("Trust config: %s", st->remote_config);
	if (st->enrol[0])
		LINE("%s: %.280s", fb_str(en, FB_STR_STAFF_ENROLMENT), st->enrol);
#undef LINE
	/* The last error on its own, wrapped in full under the figures. */
	const char *e = st->last_put_error[0] ? st->last_put_error :
			st->last_sync_error[0] ? st->last_sync_error : "none";
	snprintf(w->status_error, sizeof w->status_error, "%s: %s",
		 fb_str(en, FB_STR_STAFF_LAST_ERROR), e);
	v->status_error = w->status_error;
	v->n_status = k;
	size_t n = 0;
	v->actions[n].id = "staff-sync";
	v->actions[n++].label = fb_str(en, FB_STR_STAFF_SYNC);
	v->actions[n].id = "staff-cleaning";
	v->actions[n++].label = fb_str(en, FB_STR_STAFF_CLEANING);
	v->actions[n].id = "staff-enrol";
	v->actions[n++].label = fb_str(en, FB_STR_STAFF_ENROL);
	v->actions[n].id = "staff-assisted";
	v->actions[n].selected = fb_flow_assisted(fx->flow);
	v->actions[n++].label = fb_str(en, FB_STR_STAFF_ASSISTED);
	size_t nl = fb_flow_location_count(fx->flow);
	for (size_t i = 0; nl > 1 && i < nl && n + 1 < KIOSK_VIEW_MAX_ITEMS; i++) {
		const char *code = fb_flow_location_code(fx->flow, i);
		snprintf(w->action_ids[n], sizeof w->action_ids[n],
			 "staff-location-%s", code);
		v->actions[n].id = w->action_ids[n];
		v->actions[n].label = view_location_name(fx->cfg, code);
		v->actions[n].selected = strcmp(code, fb_flow_location(fx->flow)) == 0;
		v->actions[n].location = true;
		n++;
		v->location_heading = fb_str(en, FB_STR_STAFF_CHANGE_LOCATION);
	}
	if (fb_flow_maintenance_allowed(fx->flow) && n < KIOSK_VIEW_MAX_ITEMS) {
		v->actions[n].id = "staff-exit";
		v->actions[n++].label = fb_str(en, FB_STR_STAFF_EXIT);
	}
	v->n_actions = n;
	v->staff_page = fb_flow_staff_page(fx->flow);
	v->more_label = fb_str(en, FB_STR_STAFF_MORE);
	v->page_back_label = fb_str(en, FB_STR_STAFF_PAGE_BACK);
	const char *msg = fb_flow_staff_message(fx->flow);
	if (fb_flow_assisted(fx->flow) && (!msg || !*msg))
		msg = fb_str(en, FB_STR_STAFF_ASSISTED_ON);
	v->body = msg;
}

void kiosk_view_build(kiosk_view *v, kiosk_view_words *w,
		      const kiosk_view_facts *fx)
{
	int64_t now = fx->now_ms;
	fb_screen sc = fb_flow_screen(fx->flow);
	const char *lang = fb_flow_language_current(fx->flow);
	int cd = fb_flow_countdown_s(fx->flow, now);
	memset(v, 0, sizeof *v);
	v->screen = sc;
	v->language = lang;
	v->rtl = kiosk_view_rtl(lang);
	v->service = view_location_name(fx->cfg, fb_flow_location(fx->flow));
	v->organisation = "";
	v->easy_read = view_survey(fx)->easy_read;
	bool staff = sc == FB_SCREEN_STAFF_PIN || sc == FB_SCREEN_STAFF ||
		     sc == FB_SCREEN_CLEANING || sc == FB_SCREEN_STAFF_ENROL;
	bool patient = !staff && sc != FB_SCREEN_BLANK;
	if (staff) {
		/* The staff screens are in English (words.h), so they read
		 * left to right whatever the patient's language was. */
		v->language = "en";
		v->rtl = false;
	}
	/* Larger text on every patient screen, and on the staff screen (its
	 * figures are small print); until the next person. */
	v->text_size = patient || sc == FB_SCREEN_STAFF;
	v->large_text = fx->large_text && v->text_size;
	/* Read-aloud on the patient screens, in a language with a voice,
	 * when sound works. */
	v->read_aloud = patient && fx->sound &&
			kiosk_speech_voice(lang) != NULL;
	v->reading = fx->reading && v->read_aloud;
	v->read_aloud_label = fb_str(lang, v->reading ? FB_STR_READ_ALOUD_STOP :
				     FB_STR_READ_ALOUD);
	if (fb_flow_touch_hear(fx->flow) && patient)
		v->touch_hear_label = fb_str(lang, FB_STR_TOUCH_HEAR);
	switch (sc) {
	case FB_SCREEN_ATTRACT: {
		if (fb_flow_out_of_order(fx->flow)) {
			/* Say so before anyone starts: nothing could be kept. */
			v->title = fb_str(lang, FB_STR_OUT_OF_ORDER);
			v->body = fb_str(lang, FB_STR_OUT_OF_ORDER_BODY);
			v->staff_corner = fb_flow_staff(fx->flow) != NULL &&
					  fb_staff_enabled(fb_flow_staff(fx->flow));
			break;
		}
		/* closed: said first, and that answers are still welcome */
		v->title = fb_str(lang, fb_flow_closed(fx->flow) ? FB_STR_CLOSED_TITLE :
				  FB_STR_ATTRACT_TITLE);
		v->body = fb_str(lang, fb_flow_closed(fx->flow) ? FB_STR_CLOSED_BODY :
				 FB_STR_ATTRACT_HINT);
		v->primary = fb_str(lang, FB_STR_START);
		view_modes(fx, v, lang);
		v->staff_corner = fb_flow_staff(fx->flow) != NULL &&
				  fb_staff_enabled(fb_flow_staff(fx->flow));
		view_languages(fx, v);
		int yi = fb_flow_yousaid_index(fx->flow);
		const fb_yousaid_item *it = yi >= 0 ? fb_yousaid_get(fx->ys, (size_t)yi) : NULL;
		if (it) {
			snprintf(w->ysw_heading, sizeof w->ysw_heading, "%s",
				 fb_str(lang, FB_STR_YSW_HEADING));
			snprintf(w->you_said_label, sizeof w->you_said_label, "%s:",
				 fb_str(lang, FB_STR_YOU_SAID));
			snprintf(w->we_did_label, sizeof w->we_did_label, "%s:",
				 fb_str(lang, FB_STR_WE_DID));
			v->ysw_heading = w->ysw_heading;
			v->you_said_label = w->you_said_label;
			v->we_did_label = w->we_did_label;
			v->you_said = it->you_said;
			v->we_did = it->we_did;
			v->ysw_index = yi;
			v->ysw_count = (int)fb_yousaid_count(fx->ys);
		}
		float dim = 0;
		fb_flow_drift(fx->flow, &v->drift_x, &v->drift_y, &dim);
		break;
	}
	case FB_SCREEN_LANGUAGE:
		v->title = fb_str(lang, FB_STR_CHOOSE_LANGUAGE);
		view_languages(fx, v);
		v->can_back = true;
		v->back_label = fb_str(lang, FB_STR_BACK);
		break;
	case FB_SCREEN_QUESTION:
		view_question(fx, w, v, lang);
		break;
	case FB_SCREEN_STILL_THERE:
		v->title = fb_str(lang, FB_STR_STILL_THERE);
		fb_str_format(fb_str(lang, FB_STR_STILL_THERE_COUNTDOWN), cd, 0,
			      w->countdown, sizeof w->countdown);
		v->hint = w->countdown;
		v->primary = fb_str(lang, FB_STR_STILL_HERE);
		/* nothing typed goes without a word */
		if (fb_flow_has_typed(fx->flow))
			v->body = fb_str(lang, fx->cfg->keep_partial ?
					 FB_STR_STILL_THERE_KEPT :
					 FB_STR_STILL_THERE_DELETED);
		break;
	case FB_SCREEN_THANKS:
		v->title = fb_str(lang, FB_STR_THANKS);
		v->body = fb_str(lang, FB_STR_THANKS_BODY);
		view_split_crisis(w, fb_str_crisis(lang,
				     fb_config_crisis_text(fx->cfg, lang),
				     view_survey(fx)->for_children));
		v->card_title = w->crisis_title[0] ? w->crisis_title : NULL;
		v->card_body = w->crisis_body;
		fb_str_format(fb_str(lang, FB_STR_BACK_TO_START), cd, 0,
			      w->countdown, sizeof w->countdown);
		v->hint = cd >= 0 ? w->countdown : NULL;
		v->secondary = fb_str(lang, FB_STR_FINISH);
		break;
	case FB_SCREEN_SORRY:
		v->title = fb_str(lang, FB_STR_SORRY_TITLE);
		v->body = fb_str(lang, FB_STR_SORRY_BODY);
		/* the person may need help more than the survey */
		view_split_crisis(w, fb_str_crisis(lang,
				     fb_config_crisis_text(fx->cfg, lang),
				     view_survey(fx)->for_children));
		v->card_title = w->crisis_title[0] ? w->crisis_title : NULL;
		v->card_body = w->crisis_body;
		fb_str_format(fb_str(lang, FB_STR_BACK_TO_START), cd, 0,
			      w->countdown, sizeof w->countdown);
		v->hint = cd >= 0 ? w->countdown : NULL;
		v->secondary = fb_str(lang, FB_STR_FINISH);
		break;
	case FB_SCREEN_CONFIRM_DELETE:
		v->title = fb_str(lang, FB_STR_DELETE_TITLE);
		v->primary = fb_str(lang, FB_STR_DELETE_NO);    /* the safe one */
		v->secondary = fb_str(lang, FB_STR_DELETE_YES);
		break;
	case FB_SCREEN_STAFF_PIN: {
		fb_staff *st = fb_flow_staff(fx->flow);
		v->title = fb_str("en", FB_STR_STAFF_PIN_TITLE);
		v->pin_length = st ? (int)fb_staff_pin_length(st) : 0;
		v->pin_locked = st && fb_staff_locked(st, now);
		if (v->pin_locked) {
			view_fill_duration(fb_str("en", FB_STR_STAFF_PIN_LOCKED), cd,
					   w->body, sizeof w->body);
			v->body = w->body;
		} else {
			v->body = fb_flow_staff_message(fx->flow);
		}
		v->pin_ok_label = fb_str("en", FB_STR_STAFF_PIN_OK);
		v->pin_clear_label = fb_str("en", FB_STR_STAFF_PIN_CLEAR);
		v->secondary = fb_str("en", FB_STR_STAFF_CLOSE);
		break;
	}
	case FB_SCREEN_STAFF:
		v->title = fb_str("en", FB_STR_STAFF_TITLE);
		v->secondary = fb_str("en", FB_STR_STAFF_CLOSE);
		view_staff(fx, w, v);
		break;
	case FB_SCREEN_STAFF_ENROL: {
		/* the code as typed, grouped as the collector shows it, a '_'
		 * for each character still to come */
		const char *code = fb_flow_enrol_code(fx->flow);
		const fb_staff_status *st = fx->status ? fx->status : &view_no_status;
		size_t n = strlen(code), j = 0;
		for (size_t i = 0; i < FB_ENROL_CODE_LEN && j + 2 < sizeof w->enrol_code; i++) {
			if (i == FB_ENROL_CODE_LEN / 2)
				w->enrol_code[j++] = '-';
			w->enrol_code[j++] = i < n ? code[i] : '_';
		}
		w->enrol_code[j] = '\0';
		v->title = fb_str("en", FB_STR_STAFF_ENROL);
		v->text = w->enrol_code;
		v->body = fb_flow_staff_message(fx->flow)[0] ? fb_flow_staff_message(fx->flow) :
			  fb_str("en", FB_STR_STAFF_ENROL_HINT);
		v->hint = st->enrol[0] ? st->enrol : NULL;
		v->primary = fb_str("en", FB_STR_STAFF_ENROL_SEND);
		v->secondary = fb_str("en", FB_STR_STAFF_ENROL_BACK);
		v->pin_clear_label = fb_str("en", FB_STR_STAFF_ENROL_DELETE);
		v->can_next = n == FB_ENROL_CODE_LEN;
		break;
	}
	case FB_SCREEN_VOLUNTEER_ASK:
	case FB_SCREEN_VOLUNTEER_ROLES:
	case FB_SCREEN_VOLUNTEER_NAME:
	case FB_SCREEN_VOLUNTEER_CONTACT:
	case FB_SCREEN_VOLUNTEER_CONSENT:
		view_volunteer(fx, w, v, lang);
		break;
	case FB_SCREEN_CLEANING:
		v->title = fb_str("en", FB_STR_CLEANING_TITLE);
		view_fill_duration(fb_str("en", FB_STR_CLEANING_BODY), cd, w->body,
				   sizeof w->body);
		v->body = w->body;
		break;
	default:
		break;
	}
}
