/* flow: the kiosk's survey state machine (see flow.h for the screens and
 * their connections). Every timer is a time stamp in the struct compared
 * with the now_ms each call brings; run_timers() fires what is due, in
 * order, so a large jump of the clock (a sleeping device, a replay `wait`)
 * passes through the same screens as real time would. A question's answers
 * are kiosk/flow_answer.c's, the staff screens kiosk/flow_staff.c's and the
 * getters kiosk/flow_show.c's; they share the struct in flow_impl.h. */
#include "flow_impl.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "staff.h"


static const char *const SCREEN_NAMES[FB_SCREEN_COUNT] = {
	[FB_SCREEN_ATTRACT] = "attract",
	[FB_SCREEN_LANGUAGE] = "language",
	[FB_SCREEN_QUESTION] = "question",
	[FB_SCREEN_STILL_THERE] = "still_there",
	[FB_SCREEN_THANKS] = "thanks",
	[FB_SCREEN_SORRY] = "sorry",
	[FB_SCREEN_STAFF_PIN] = "staff_pin",
	[FB_SCREEN_STAFF] = "staff",
	[FB_SCREEN_CLEANING] = "cleaning",
	[FB_SCREEN_CONFIRM_DELETE] = "confirm_delete",
	[FB_SCREEN_STAFF_ENROL] = "staff_enrol",
	[FB_SCREEN_VOLUNTEER_ASK] = "volunteer_ask",
	[FB_SCREEN_VOLUNTEER_ROLES] = "volunteer_roles",
	[FB_SCREEN_VOLUNTEER_NAME] = "volunteer_name",
	[FB_SCREEN_VOLUNTEER_CONTACT] = "volunteer_contact",
	[FB_SCREEN_VOLUNTEER_CONSENT] = "volunteer_consent",
	[FB_SCREEN_BLANK] = "blank",
};

const char *fb_screen_name(fb_screen s)
{
	if ((int)s < 0 || s >= FB_SCREEN_COUNT)
		return "unknown";
	return SCREEN_NAMES[s];
}

int fb_screen_parse(const char *name, fb_screen *out)
{
	if (!name)
		return -1;
	for (int i = 0; i < FB_SCREEN_COUNT; i++) {
		if (strcmp(name, SCREEN_NAMES[i]) == 0) {
			*out = (fb_screen)i;
			return 0;
		}
	}
	return -1;
}

void fb_flow_options_defaults(fb_flow_options *o)
{
	memset(o, 0, sizeof *o);
	o->idle_timeout_ms = 60000;
	o->still_there_ms = 20000;
	o->keep_partial = true;
	/* WCAG 2.2.1: 20 s at least to read the thanks and the crisis card. */
	o->thanks_ms = 20000;
	o->sorry_ms = 20000;
	o->rapid_window_ms = 10000;
	o->rapid_same_count = 3;
	o->rapid_same_window_ms = 60000;
	o->rapid_taps = 5;
	o->yousaid_period_ms = 8000;
	o->drift_step_ms = 60000;   /* a slow step: a frame a minute at most */
	o->staff_press_ms = 5000;
	o->hear_press_ms = 2000;
	o->staff_timeout_ms = 60000;
	o->cleaning_ms = 60000;
}

void fb_flow_options_from_config(fb_flow_options *o, const fb_config *cfg)
{
	fb_flow_options_defaults(o);
	for (size_t i = 0; i < cfg->n_languages && i < FB_FLOW_MAX_LANGUAGES;
	     i++)
		snprintf(o->languages[o->n_languages++], FB_LANGUAGE_MAX, "%s",
			 cfg->languages[i]);
	snprintf(o->location, sizeof o->location, "%s", cfg->location_code);
	for (size_t i = 0; i < cfg->n_locations && i < FB_FLOW_MAX_LOCATIONS;
	     i++) {
		snprintf(o->location_names[o->n_locations], FB_FLOW_LOCATION_NAME_MAX, "%s",
			 cfg->locations[i].name);
		snprintf(o->locations[o->n_locations++], FB_LOCATION_MAX, "%s",
			 cfg->locations[i].code);
	}
	if (cfg->idle_timeout_s > 0)
		o->idle_timeout_ms = (int64_t)cfg->idle_timeout_s * 1000;
	o->keep_partial = cfg->keep_partial;
	o->hours = cfg->hours;
	o->allow_maintenance_exit = cfg->allow_maintenance_exit;
	/* the names only: the app loads each mode's survey */
	for (size_t i = 1; i < cfg->n_modes && o->n_modes + 1 < FB_FLOW_MAX_MODES; i++)
		snprintf(o->modes[o->n_modes++].name, FB_MODE_NAME_MAX, "%s",
			 cfg->modes[i]);
	for (size_t i = 0; i < cfg->n_volunteer_roles && i < FB_VOLUNTEER_MAX_ROLES; i++)
		snprintf(o->roles[o->n_roles++], FB_VOLUNTEER_ROLE_MAX, "%s",
			 cfg->volunteer_roles[i]);
}

static int64_t flow_wall(const fb_flow *f)
{
	if (f->o.wall_ms)
		return f->o.wall_ms(f->o.wall_ctx);
	return fb_wall_ms();
}

/* How long a look at the hours holds at most: a wall clock set right
 * (NTP after boot) is seen within this. */
#define HOURS_LOOK_MAX_MS (10 * 60 * 1000)

/* Open or closed at t (the now_ms clock; wall is the wall clock then),
 * and when to look again. */
static void hours_look(fb_flow *f, int64_t t, int64_t wall)
{
	fb_hours_local_fn local = f->o.local ? f->o.local : fb_local_time;

	f->closed = !fb_hours_open_wall(&f->o.hours, wall, local, f->o.local_ctx);
	if (fb_hours_always_open(&f->o.hours)) {
		f->hours_due = FB_FLOW_NO_DEADLINE;
		return;
	}
	int64_t next = fb_hours_next_change_ms(&f->o.hours, wall, local, f->o.local_ctx);
	f->hours_due = t + HOURS_LOOK_MAX_MS;
	if (next != FB_HOURS_NEVER && next - wall < HOURS_LOOK_MAX_MS)
		f->hours_due = t + (next - wall);
}

/* After a look at t: closing blanks an attract screen nobody is using;
 * opening brings blank back to the attract screen. Returns whether what
 * is shown changed. */
static bool hours_apply(fb_flow *f, bool was_closed, int64_t t)
{
	if (f->closed == was_closed)
		return false;
	if (f->closed && f->screen == FB_SCREEN_ATTRACT && !f->session && !f->corner_down) {
		f->screen = FB_SCREEN_BLANK;
		return true;
	}
	if (!f->closed && f->screen == FB_SCREEN_BLANK) {
		f->screen = FB_SCREEN_ATTRACT;
		f->attract_since = t;
		f->last_activity = t;
	}
	return f->screen == FB_SCREEN_ATTRACT || f->screen == FB_SCREEN_BLANK;
}

bool flow_staff_on(const fb_flow *f)
{
	return f->o.staff && fb_staff_enabled(f->o.staff);
}

/* Offered languages -> survey indexes (idx has FB_FLOW_MAX_LANGUAGES). */
static int pick_languages(const fb_survey *sv, const fb_flow_options *o, size_t *idx,
			  size_t *n, fb_err *err)
{
	*n = 0;
	if (o->n_languages == 0) {
		for (size_t i = 0; i < sv->n_languages && i < FB_FLOW_MAX_LANGUAGES; i++)
			idx[(*n)++] = i;
	} else {
		for (size_t i = 0; i < o->n_languages && i < FB_FLOW_MAX_LANGUAGES; i++) {
			int li = fb_survey_language_index(sv, o->languages[i]);

			if (li < 0)
				return fb_err_set(err, FB_ERR_INVALID,
						  "language '%s' is not in survey '%s': "
						  "check languages in the config",
						  o->languages[i], sv->id ? sv->id : "?");
			idx[(*n)++] = (size_t)li;
		}
	}
	if (*n == 0)
		return fb_err_set(err, FB_ERR_INVALID, "survey '%s' offers no language",
				  sv->id ? sv->id : "?");
	return 0;
}

/* The modes' surveys and language maps, into sv/idx (FB_FLOW_MAX_MODES
 * rows): mode 0 the standard survey, the others offering the same
 * language codes. */
static int pick_modes(const fb_flow_options *o, const size_t *std_idx, size_t n_lang,
		      const fb_survey **sv, size_t (*idx)[FB_FLOW_MAX_LANGUAGES],
		      size_t *n_modes, fb_err *err)
{
	sv[0] = o->survey;
	memcpy(idx[0], std_idx, sizeof idx[0]);
	*n_modes = 1;
	for (size_t m = 0; m < o->n_modes && m + 1 < FB_FLOW_MAX_MODES; m++) {
		const fb_survey *ms = o->modes[m].survey;

		if (!ms || ms->n_questions == 0)
			return fb_err_set(err, FB_ERR_INVALID, "mode %s has no survey "
					  "with questions: check its survey_file_%s",
					  o->modes[m].name, o->modes[m].name);
		for (size_t i = 0; i < n_lang; i++) {
			const char *code = o->survey->languages[std_idx[i]];
			int li = fb_survey_language_index(ms, code);

			if (li < 0)
				return fb_err_set(err, FB_ERR_INVALID, "mode %s: survey "
						  "'%s' has no '%s' text, which the "
						  "standard survey offers; add it or "
						  "set [kiosk] languages", o->modes[m].name,
						  ms->id ? ms->id : "?", code);
			idx[m + 1][i] = (size_t)li;
		}
		sv[m + 1] = ms;
		(*n_modes)++;
	}
	return 0;
}

/* Puts mode m in use (its survey and language map), first language. */
static void flow_use_mode(fb_flow *f, size_t m)
{
	if (m >= f->n_modes)
		m = 0;
	f->mode = m;
	f->sv = f->mode_sv[m];
	memcpy(f->lang_idx, f->mode_lang[m], sizeof f->lang_idx);
	f->lang = f->lang_idx[0];
}

int fb_flow_new(fb_flow **out, const fb_flow_options *o, int64_t now_ms,
		fb_err *err)
{
	int rc = 0;
	fb_flow *f = NULL;

	*out = NULL;
	if (!o || !o->survey || !o->submit) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"kiosk flow needs a survey and a submit callback");
		goto out;
	}
	if (o->survey->n_questions == 0) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"survey '%s' has no questions: check survey_file",
				o->survey->id ? o->survey->id : "?");
		goto out;
	}
	f = calloc(1, sizeof *f);
	if (!f) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the kiosk flow");
		goto out;
	}
	f->o = *o;
	f->sv = o->survey;
	rc = pick_languages(f->sv, o, f->lang_idx, &f->n_lang, err);
	if (rc)
		goto out;
	rc = pick_modes(o, f->lang_idx, f->n_lang, f->mode_sv, f->mode_lang,
			&f->n_modes, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < o->n_locations && i < FB_FLOW_MAX_LOCATIONS; i++) {
		snprintf(f->location_names[f->n_locations], FB_FLOW_LOCATION_NAME_MAX, "%s",
			 o->location_names[i]);
		snprintf(f->locations[f->n_locations++], FB_LOCATION_MAX, "%s",
			 o->locations[i]);
	}
	snprintf(f->location, sizeof f->location, "%s", o->location);
	if (f->location[0] == '\0' && f->n_locations > 0)
		snprintf(f->location, sizeof f->location, "%s", f->locations[0]);
	if (f->n_locations == 0 && f->location[0] != '\0')
		snprintf(f->locations[f->n_locations++], FB_LOCATION_MAX, "%s",
			 f->location);
	f->t0 = now_ms;
	f->now = now_ms;
	f->screen = FB_SCREEN_ATTRACT;
	f->attract_since = now_ms;
	f->last_activity = now_ms;
	f->q = -1;
	flow_use_mode(f, 0);
	hours_look(f, now_ms, flow_wall(f));
	if (f->closed)
		f->screen = FB_SCREEN_BLANK;    /* started at night: nobody there */
	*out = f;
	f = NULL;
out:
	free(f);
	return rc;
}

int fb_flow_reconfigure(fb_flow *f, const fb_flow_options *o, fb_err *err)
{
	size_t idx[FB_FLOW_MAX_LANGUAGES], n = 0, n_modes = 0;
	size_t mode_lang[FB_FLOW_MAX_MODES][FB_FLOW_MAX_LANGUAGES];
	const fb_survey *mode_sv[FB_FLOW_MAX_MODES];
	int rc = 0;

	if ((f->screen != FB_SCREEN_ATTRACT && f->screen != FB_SCREEN_BLANK) || f->session) {
		rc = fb_err_set(err, FB_ERR_INVALID, "a person is answering: the new config "
				"waits for the start screen");
		goto out;
	}
	if (!o->survey || o->survey->n_questions == 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the new config's survey has no questions");
		goto out;
	}
	rc = pick_languages(o->survey, o, idx, &n, err);
	if (rc)
		goto out;
	rc = pick_modes(o, idx, n, mode_sv, mode_lang, &n_modes, err);
	if (rc)
		goto out;
	f->o.survey = o->survey;
	memcpy(f->o.modes, o->modes, sizeof f->o.modes);
	f->o.n_modes = o->n_modes;
	memcpy(f->mode_sv, mode_sv, sizeof mode_sv);
	memcpy(f->mode_lang, mode_lang, sizeof mode_lang);
	f->n_modes = n_modes;
	memcpy(f->o.languages, o->languages, sizeof f->o.languages);
	f->o.n_languages = o->n_languages;
	f->n_lang = n;
	flow_use_mode(f, 0);
	if (o->idle_timeout_ms > 0)
		f->o.idle_timeout_ms = o->idle_timeout_ms;
	f->o.n_yousaid = o->n_yousaid;
	f->o.hours = o->hours;
	bool was = f->closed;
	hours_look(f, f->now, flow_wall(f));
	if (f->closed != was)
		(void)hours_apply(f, was, f->now);
	else if (f->closed && f->screen == FB_SCREEN_ATTRACT)
		f->last_activity = f->now;   /* the closed attract idles out */
out:
	return rc;
}

/* Zeroes one text answer's bytes (not just frees them): the next person
 * must not find this one's words, not even in freed memory. */
void flow_answer_wipe(fb_flow *f, size_t qi)
{
	fb_answer *a = &f->answers[qi];
	if (a->text) {
		sodium_memzero(a->text, f->text_cap[qi]);
		free(a->text);
	}
	memset(a, 0, sizeof *a);
	f->text_cap[qi] = 0;
}

/* Every slot, whichever mode's survey filled it. */
static void answers_wipe(fb_flow *f)
{
	for (size_t i = 0; i < FB_SURVEY_MAX_QUESTIONS; i++)
		flow_answer_wipe(f, i);
}

void fb_flow_free(fb_flow *f)
{
	if (!f)
		return;
	answers_wipe(f);
	sodium_memzero(f, sizeof *f);
	free(f);
}

static bool any_answered(const fb_flow *f)
{
	for (size_t i = 0; i < f->sv->n_questions; i++)
		if (f->answers[i].answered)
			return true;
	return false;
}

/* Back to the attract screen at time t, with nothing of the last person
 * left. */
void flow_reset(fb_flow *f, int64_t t)
{
	answers_wipe(f);
	flow_volunteer_wipe(f);
	if (f->session)
		f->assisted = false;    /* it was for that person */
	f->session = false;
	f->q = -1;
	flow_use_mode(f, 0);        /* the next person starts in standard */
	f->rapid = false;
	f->tap_run = 0;
	f->corner_down = false;
	f->hear = false;            /* the next person chooses */
	f->hear_down = false;
	f->staff_msg[0] = '\0';
	memset(f->enrol_code, 0, sizeof f->enrol_code);
	f->pending = FB_EV_TICK;
	f->held = false;
	f->prog_n = f->prog_m = 0;
	if (f->o.staff)
		fb_staff_pin_clear(f->o.staff);
	f->screen = FB_SCREEN_ATTRACT;
	f->attract_since = t;
	f->last_activity = t;
}

/* Back to attract by a timer (nobody touched): blank when closed. */
static void flow_rest(fb_flow *f, int64_t t)
{
	flow_reset(f, t);
	if (f->closed)
		f->screen = FB_SCREEN_BLANK;
}

int flow_next_visible(const fb_flow *f, int from)
{
	for (int i = from + 1; i < (int)f->sv->n_questions; i++)
		if (fb_survey_visible(f->sv, (size_t)i, f->answers))
			return i;
	return -1;
}

int flow_prev_visible(const fb_flow *f, int from)
{
	for (int i = from - 1; i >= 0; i--)
		if (fb_survey_visible(f->sv, (size_t)i, f->answers))
			return i;
	return -1;
}

/* Builds the response and hands it to the submit callback at now. Returns
 * the callback's result; the error is kept in last_err. */
static int flow_submit(fb_flow *f, int64_t now, bool partial)
{
	int rc = 0;
	fb_response r;
	fb_err err;
	char *clear = NULL, *priv = NULL;
	int fft = 0;

	memset(&r, 0, sizeof r);
	fb_err_clear(&err);
	rc = fb_survey_answers_json(f->sv, f->answers, &clear, &priv, &fft,
				    &err);
	if (rc)
		goto out;
	snprintf(r.survey_id, sizeof r.survey_id, "%s",
		 f->sv->id ? f->sv->id : "");
	r.survey_version = f->sv->version;
	snprintf(r.location, sizeof r.location, "%s", f->location);
	snprintf(r.language, sizeof r.language, "%s",
		 f->sv->languages[f->lang] ? f->sv->languages[f->lang] : "");
	r.mode = f->assisted ? FB_MODE_ASSISTED : FB_MODE_KIOSK;
	r.started_at_ms = f->started_wall;
	r.submitted_at_ms = flow_wall(f);
	r.duration_ms = now - f->started_mono;
	if (r.duration_ms < 0)
		r.duration_ms = 0;
	r.fft = fft;
	r.answers_json = clear;
	r.private_json = priv;
	if (partial)
		r.flags |= FB_FLAG_PARTIAL;

	/* Rapid repeats: flagged, never dropped. */
	int run = 1;
	bool soon = f->have_last_submit &&
		    now - f->last_submit < f->o.rapid_window_ms;
	if (f->have_last_submit && fft != 0 && fft == f->last_fft &&
	    now - f->last_submit <= f->o.rapid_same_window_ms)
		run = f->same_fft_run + 1;
	if (f->rapid || soon ||
	    (f->o.rapid_same_count > 0 && run >= f->o.rapid_same_count))
		r.flags |= FB_FLAG_RAPID_REPEAT;

	rc = f->o.submit(f->o.submit_ctx, &r, &err);
	if (rc) {
		if (err.code == FB_OK)
			fb_err_set(&err, FB_ERR_IO, "the response could not be saved");
		/* The next person must not answer into a full disk. */
		if (err.code == FB_ERR_FULL)
			f->out_of_order = true;
		goto out;
	}
	f->have_last_submit = true;
	f->last_submit = now;
	f->last_fft = fft;
	f->same_fft_run = run;
	f->counts.submitted++;
	if (partial)
		f->counts.partial_kept++;
out:
	if (rc) {
		if (err.code == FB_OK)
			fb_err_set(&err, FB_ERR_INVALID, "the answers could not be put together");
		f->last_err = err;
		f->counts.failed++;
	}
	if (clear) {
		sodium_memzero(clear, strlen(clear));
		free(clear);
	}
	if (priv) {
		sodium_memzero(priv, strlen(priv));
		free(priv);
	}
	sodium_memzero(&r, sizeof r);
	return rc;
}

/* The person walked away: keep or discard what they gave, then attract. */
static void flow_idle_reset(fb_flow *f, int64_t t)
{
	if (f->session && any_answered(f)) {
		if (f->o.keep_partial)
			(void)flow_submit(f, t, true);
		else
			f->counts.discarded++;
	}
	flow_rest(f, t);
}

void flow_finish_survey(fb_flow *f, int64_t now)
{
	int rc = flow_submit(f, now, false);
	size_t lang = f->lang, mode = f->mode;
	bool hear = f->hear;

	flow_reset(f, now);
	f->hear = hear;         /* they hear their thanks; off at attract */
	flow_use_mode(f, mode); /* their mode's crisis card (Childline) */
	f->lang = lang;         /* thank them in their own language */
	f->screen = rc ? FB_SCREEN_SORRY : FB_SCREEN_THANKS;
	f->screen_since = now;
	if (rc == 0 && f->o.n_roles > 0 && f->o.signup) {
		f->screen = FB_SCREEN_VOLUNTEER_ASK;   /* the answers are gone */
		f->last_activity = now;
	}
}

/* "Question n of m" for question qi with the answers as they are now. */
static void flow_count_progress(fb_flow *f, int qi)
{
	size_t pos = 0, total = 0;
	bool on_info = f->sv->questions[qi].kind == FB_Q_INFO;

	/* Information pages ("About you") take no answer: they are not
	 * questions to count, and on one there is no position to give. */
	for (size_t i = 0; i < f->sv->n_questions; i++) {
		if (f->sv->questions[i].kind == FB_Q_INFO ||
		    !fb_survey_visible(f->sv, i, f->answers))
			continue;
		total++;
		if (!on_info && (int)i <= qi)
			pos = total;
	}
	f->prog_n = pos;
	f->prog_m = total;
}

void flow_go_question(fb_flow *f, int qi, int64_t now)
{
	f->q = qi;
	f->screen = FB_SCREEN_QUESTION;
	f->tap_run = 0;
	f->last_activity = now;
	flow_count_progress(f, qi);
}

static void start_questions(fb_flow *f, int64_t now)
{
	int first = flow_next_visible(f, -1);
	if (first < 0) {
		flow_finish_survey(f, now);
		return;
	}
	flow_go_question(f, first, now);
}

static void go_staff_pin(fb_flow *f, int64_t t)
{
	f->corner_down = false;
	f->screen = FB_SCREEN_STAFF_PIN;
	f->last_activity = t;
	fb_staff_pin_clear(f->o.staff);
	if (fb_staff_locked(f->o.staff, t))
		snprintf(f->staff_msg, sizeof f->staff_msg,
			 "too many wrong PINs: the pad is locked for a while");
	else
		f->staff_msg[0] = '\0';
}

int64_t flow_countdown_end(const fb_flow *f)
{
	switch (f->screen) {
	case FB_SCREEN_STILL_THERE:
		return f->screen_since + f->o.still_there_ms;
	case FB_SCREEN_THANKS:
		/* A finger on the screen holds the countdown at its full length. */
		return (f->held ? f->now : f->screen_since) + f->o.thanks_ms;
	case FB_SCREEN_SORRY:
		return (f->held ? f->now : f->screen_since) + f->o.sorry_ms;
	case FB_SCREEN_CLEANING:
		return f->screen_since + f->o.cleaning_ms;
	case FB_SCREEN_STAFF_PIN:
		if (f->o.staff && fb_staff_locked(f->o.staff, f->now))
			return fb_staff_locked_until(f->o.staff);
		return -1;
	default:
		return -1;
	}
}

/* The screen's own timer: when it leaves the screen by itself. */
static int64_t screen_deadline(const fb_flow *f)
{
	switch (f->screen) {
	case FB_SCREEN_ATTRACT: {
		int64_t d = FB_FLOW_NO_DEADLINE;
		if (f->corner_down && flow_staff_on(f))
			d = f->corner_since + f->o.staff_press_ms;
		/* closed: blank again when nobody touches it */
		if (f->closed && !f->corner_down && f->last_activity + f->o.idle_timeout_ms < d)
			d = f->last_activity + f->o.idle_timeout_ms;
		return d;
	}
	case FB_SCREEN_LANGUAGE:
	case FB_SCREEN_QUESTION:
	case FB_SCREEN_CONFIRM_DELETE:
	case FB_SCREEN_VOLUNTEER_ASK:
	case FB_SCREEN_VOLUNTEER_ROLES:
	case FB_SCREEN_VOLUNTEER_NAME:
	case FB_SCREEN_VOLUNTEER_CONTACT:
	case FB_SCREEN_VOLUNTEER_CONSENT:
		return f->last_activity + f->o.idle_timeout_ms;
	case FB_SCREEN_THANKS:
	case FB_SCREEN_SORRY:
		/* held: when a touch that never lifted stops counting */
		if (f->held)
			return f->last_activity + f->o.idle_timeout_ms;
		return flow_countdown_end(f);
	case FB_SCREEN_STILL_THERE:
	case FB_SCREEN_CLEANING:
		return flow_countdown_end(f);
	case FB_SCREEN_STAFF_PIN:
	case FB_SCREEN_STAFF:
	case FB_SCREEN_STAFF_ENROL:
		return f->last_activity + f->o.staff_timeout_ms;
	default:
		return FB_FLOW_NO_DEADLINE;
	}
}

/* Fires every timer due by now. Returns whether the screen changed. */
static bool run_timers(fb_flow *f, int64_t now)
{
	bool changed = false;
	int64_t wall_now = flow_wall(f);    /* the wall clock at now */

	/* Each pass moves at most one screen on, or looks at the hours; a
	 * handful of passes covers any chain (question -> still_there ->
	 * attract -> blank). */
	for (int pass = 0; pass < 16; pass++) {
		int64_t due = screen_deadline(f);
		if (f->hours_due <= now && f->hours_due <= due) {
			bool was = f->closed;
			int64_t at = f->hours_due;
			hours_look(f, at, wall_now - (now - at));
			if (f->hours_due <= at)
				f->hours_due = at + 1;   /* never spin */
			changed |= hours_apply(f, was, at);
			continue;
		}
		if (due == FB_FLOW_NO_DEADLINE || due > now)
			break;
		switch (f->screen) {
		case FB_SCREEN_ATTRACT:
			if (f->corner_down && flow_staff_on(f) &&
			    f->corner_since + f->o.staff_press_ms == due)
				go_staff_pin(f, due);
			else
				f->screen = FB_SCREEN_BLANK;
			break;
		case FB_SCREEN_LANGUAGE:
		case FB_SCREEN_QUESTION:
		case FB_SCREEN_CONFIRM_DELETE:
		case FB_SCREEN_VOLUNTEER_ASK:
		case FB_SCREEN_VOLUNTEER_ROLES:
		case FB_SCREEN_VOLUNTEER_NAME:
		case FB_SCREEN_VOLUNTEER_CONTACT:
		case FB_SCREEN_VOLUNTEER_CONSENT:
			f->before_still = f->screen;
			f->screen = FB_SCREEN_STILL_THERE;
			f->screen_since = due;
			break;
		case FB_SCREEN_STILL_THERE:
			flow_idle_reset(f, due);
			break;
		case FB_SCREEN_THANKS:
		case FB_SCREEN_SORRY:
			if (f->held) {
				/* a stuck touch: count down from here */
				f->held = false;
				f->screen_since = due;
			} else {
				flow_rest(f, due);
			}
			break;
		default:
			flow_rest(f, due);
			break;
		}
		changed = true;
	}
	return changed;
}

/* What changes on screen with time alone: countdown seconds, the You said
 * item, the drift step. */
static int64_t clock_view_key(const fb_flow *f, int64_t now)
{
	int64_t key = fb_flow_countdown_s(f, now);
	if (f->screen == FB_SCREEN_ATTRACT) {
		if (f->o.n_yousaid > 1 && f->o.yousaid_period_ms > 0)
			key = key * 1000003 +
			      (now - f->attract_since) / f->o.yousaid_period_ms;
		if (f->o.drift_step_ms > 0)
			key = key * 1000003 + (now - f->t0) / f->o.drift_step_ms;
	}
	return key;
}

/* When a read-aloud press switches touch and hear, or FB_FLOW_NO_DEADLINE. */
static int64_t hear_deadline(const fb_flow *f)
{
	if (!f->hear_down || f->hear_fired)
		return FB_FLOW_NO_DEADLINE;
	return f->hear_since + f->o.hear_press_ms;
}

/* Where touch and hear can be switched: the screens with read-aloud. */
static bool hear_screen(fb_screen s)
{
	return s != FB_SCREEN_STAFF_PIN && s != FB_SCREEN_STAFF &&
	       s != FB_SCREEN_CLEANING;
}

/* The read-aloud press and the headphones. Returns whether it switched. */
static bool hear_event(fb_flow *f, const fb_event *ev, int64_t now)
{
	bool was = f->hear;
	if (hear_deadline(f) <= now) {
		f->hear = !f->hear;
		f->hear_fired = true;
	}
	if (!hear_screen(f->screen)) {
		f->hear_down = false;
	} else if (ev->kind == FB_EV_READ_ALOUD_DOWN) {
		f->hear_down = true;
		f->hear_fired = false;
		f->hear_since = now;
	} else if (ev->kind == FB_EV_READ_ALOUD_UP) {
		f->hear_down = false;
	} else if (ev->kind == FB_EV_TOUCH_HEAR_ON) {
		f->hear = true;
	}
	return f->hear != was;
}

bool fb_flow_event(fb_flow *f, const fb_event *ev, int64_t now_ms)
{
	bool changed = false;
	int64_t key_before;

	if (!f || !ev)
		return false;
	if (now_ms < f->now)
		now_ms = f->now;        /* the clock never runs backwards here */
	key_before = clock_view_key(f, f->now);
	fb_screen before = f->screen;
	changed = run_timers(f, now_ms);
	f->now = now_ms;
	if (!changed && f->screen == before &&
	    clock_view_key(f, now_ms) != key_before)
		changed = true;

	changed |= hear_event(f, ev, now_ms);
	if (ev->kind == FB_EV_TICK)
		return changed;
	if (ev->kind == FB_EV_READ_ALOUD_DOWN || ev->kind == FB_EV_READ_ALOUD_UP ||
	    ev->kind == FB_EV_TOUCH_HEAR_ON) {
		if (f->screen != FB_SCREEN_CLEANING)
			f->last_activity = now_ms;
		return changed;
	}
	if (f->screen == FB_SCREEN_CLEANING)
		return changed;         /* the cloth is not a patient */
	f->last_activity = now_ms;
	if (f->screen == FB_SCREEN_BLANK) {
		/* a touch wakes the closed attract screen; it starts nothing */
		f->screen = FB_SCREEN_ATTRACT;
		f->attract_since = now_ms;
		f->corner_down = false;
		return true;
	}

	switch (f->screen) {
	case FB_SCREEN_ATTRACT:
		if (ev->kind == FB_EV_STAFF_CORNER_DOWN) {
			if (flow_staff_on(f)) {
				f->corner_down = true;
				f->corner_since = now_ms;
			}
		} else if (ev->kind == FB_EV_STAFF_CORNER_UP) {
			f->corner_down = false;
		} else if ((ev->kind == FB_EV_START ||
			    (ev->kind == FB_EV_CHOOSE_MODE && ev->index >= 0 &&
			     (size_t)ev->index < f->n_modes)) && !f->out_of_order) {
			flow_use_mode(f, ev->kind == FB_EV_START ? 0 : (size_t)ev->index);
			f->session = true;
			f->started_mono = now_ms;
			f->started_wall = flow_wall(f);
			f->rapid = false;
			if (f->n_lang > 1) {
				f->screen = FB_SCREEN_LANGUAGE;
			} else {
				f->lang = f->lang_idx[0];
				start_questions(f, now_ms);
			}
			changed = true;
		}
		break;
	case FB_SCREEN_LANGUAGE:
		if (ev->kind == FB_EV_CHOOSE_LANGUAGE && ev->index >= 0 &&
		    (size_t)ev->index < f->n_lang) {
			f->lang = f->lang_idx[ev->index];
			start_questions(f, now_ms);
			changed = true;
		} else if (ev->kind == FB_EV_BACK) {
			flow_leave(f, now_ms);
			changed = true;
		}
		break;
	case FB_SCREEN_QUESTION:
		changed |= flow_on_question(f, ev, now_ms);
		break;
	case FB_SCREEN_STILL_THERE:
		if (ev->kind == FB_EV_STILL_HERE || ev->kind == FB_EV_ACTIVITY) {
			f->screen = f->before_still;
			changed = true;
		}
		break;
	case FB_SCREEN_THANKS:
	case FB_SCREEN_SORRY:
		if (ev->kind == FB_EV_FINISH) {
			flow_reset(f, now_ms);
			changed = true;
		} else if (ev->kind == FB_EV_ACTIVITY || ev->kind == FB_EV_TOUCH_UP) {
			/* still reading: the countdown starts again in full */
			changed = true;
			f->held = ev->kind == FB_EV_ACTIVITY;
			f->screen_since = now_ms;
		}
		break;
	case FB_SCREEN_CONFIRM_DELETE:
		changed |= flow_on_confirm(f, ev, now_ms);
		break;
	case FB_SCREEN_STAFF_PIN:
		changed |= flow_on_staff_pin(f, ev, now_ms);
		break;
	case FB_SCREEN_STAFF:
		changed |= flow_on_staff(f, ev, now_ms);
		break;
	case FB_SCREEN_STAFF_ENROL:
		changed |= flow_on_staff_enrol(f, ev, now_ms);
		break;
	case FB_SCREEN_VOLUNTEER_ASK:
	case FB_SCREEN_VOLUNTEER_ROLES:
	case FB_SCREEN_VOLUNTEER_NAME:
	case FB_SCREEN_VOLUNTEER_CONTACT:
	case FB_SCREEN_VOLUNTEER_CONSENT:
		changed |= flow_on_volunteer(f, ev, now_ms);
		break;
	default:
		break;
	}
	return changed;
}

int64_t fb_flow_next_deadline_ms(const fb_flow *f)
{
	int64_t best = screen_deadline(f);
	int64_t end = flow_countdown_end(f);

	if (f->hours_due < best)
		best = f->hours_due;

	if (hear_deadline(f) < best)
		best = hear_deadline(f);

	if (end > f->now && !f->held) {
		/* Next change of the whole seconds shown. */
		int64_t secs = (end - f->now + 999) / 1000;
		int64_t t = end - (secs - 1) * 1000;
		if (t <= f->now)
			t = end;
		if (t < best)
			best = t;
	}
	if (f->screen == FB_SCREEN_ATTRACT) {
		if (f->o.n_yousaid > 1 && f->o.yousaid_period_ms > 0) {
			int64_t k = (f->now - f->attract_since) /
				    f->o.yousaid_period_ms;
			int64_t t = f->attract_since +
				    (k + 1) * f->o.yousaid_period_ms;
			if (t < best)
				best = t;
		}
		if (f->o.drift_step_ms > 0) {
			int64_t k = (f->now - f->t0) / f->o.drift_step_ms;
			int64_t t = f->t0 + (k + 1) * f->o.drift_step_ms;
			if (t < best)
				best = t;
		}
	}
	return best;
}


bool fb_flow_closed(const fb_flow *f)
{
	return f->closed;
}

void fb_flow_set_out_of_order(fb_flow *f, bool on)
{
	f->out_of_order = on;
}
