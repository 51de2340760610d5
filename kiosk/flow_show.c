/* flow_show: what the flow shows now, the getters of flow.h (see
 * flow_impl.h). Read only: nothing here changes the flow. */
#include "flow_impl.h"

#include <math.h>
#include <string.h>

#include "utf8.h"

fb_screen fb_flow_screen(const fb_flow *f)
{
	return f->screen;
}

size_t fb_flow_mode_count(const fb_flow *f)
{
	return f->n_modes;
}

const char *fb_flow_mode_name(const fb_flow *f, size_t i)
{
	if (i == 0)
		return FB_MODE_STANDARD;
	if (i >= f->n_modes)
		return NULL;
	return f->o.modes[i - 1].name;
}

size_t fb_flow_mode(const fb_flow *f)
{
	return f->mode;
}

const fb_survey *fb_flow_survey(const fb_flow *f)
{
	return f->sv;
}

size_t fb_flow_language_count(const fb_flow *f)
{
	return f->n_lang;
}

const char *fb_flow_language_code(const fb_flow *f, size_t i)
{
	if (i >= f->n_lang)
		return NULL;
	return f->sv->languages[f->lang_idx[i]];
}

size_t fb_flow_language_survey_index(const fb_flow *f, size_t i)
{
	if (i >= f->n_lang)
		return f->lang_idx[0];
	return f->lang_idx[i];
}

size_t fb_flow_language(const fb_flow *f)
{
	return f->lang;
}

const char *fb_flow_language_current(const fb_flow *f)
{
	return f->sv->languages[f->lang];
}

static bool has_question(const fb_flow *f)
{
	return f->q >= 0 && (f->screen == FB_SCREEN_QUESTION ||
			     f->screen == FB_SCREEN_STILL_THERE ||
			     f->screen == FB_SCREEN_CONFIRM_DELETE);
}

const fb_question *fb_flow_question(const fb_flow *f)
{
	return has_question(f) ? &f->sv->questions[f->q] : NULL;
}

int fb_flow_question_index(const fb_flow *f)
{
	return has_question(f) ? f->q : -1;
}

const fb_answer *fb_flow_answer(const fb_flow *f)
{
	return has_question(f) ? &f->answers[f->q] : NULL;
}

void fb_flow_progress(const fb_flow *f, size_t *n, size_t *m)
{
	size_t total = 0;

	if (has_question(f)) {
		/* counted as the question was entered (flow_go_question) */
		if (n)
			*n = f->prog_n;
		if (m)
			*m = f->prog_m;
		return;
	}
	for (size_t i = 0; i < f->sv->n_questions; i++)
		if (f->sv->questions[i].kind != FB_Q_INFO &&
		    fb_survey_visible(f->sv, i, f->answers))
			total++;
	if (n)
		*n = 0;
	if (m)
		*m = total;
}

bool fb_flow_has_typed(const fb_flow *f)
{
	for (size_t i = 0; f->session && i < f->sv->n_questions; i++)
		if (f->sv->questions[i].kind == FB_Q_TEXT && f->answers[i].text &&
		    f->answers[i].text[0])
			return true;
	return false;
}

bool fb_flow_can_next(const fb_flow *f)
{
	return f->screen == FB_SCREEN_QUESTION && flow_q_can_next(f);
}

bool fb_flow_can_skip(const fb_flow *f)
{
	return f->screen == FB_SCREEN_QUESTION &&
	       f->sv->questions[f->q].optional;
}

bool fb_flow_can_send_now(const fb_flow *f)
{
	return f->screen == FB_SCREEN_QUESTION && flow_q_send_now(f);
}

bool fb_flow_can_skip_section(const fb_flow *f)
{
	return f->screen == FB_SCREEN_QUESTION && flow_q_skip_section(f);
}

bool fb_flow_out_of_order(const fb_flow *f)
{
	return f->out_of_order;
}

bool fb_flow_is_last(const fb_flow *f)
{
	return has_question(f) && flow_next_visible(f, f->q) < 0;
}

size_t fb_flow_text_length(const fb_flow *f)
{
	const fb_answer *a = fb_flow_answer(f);
	return a && a->text ? fb_utf8_count(a->text, strlen(a->text)) : 0;
}

size_t fb_flow_text_max(const fb_flow *f)
{
	const fb_question *qu = fb_flow_question(f);
	return qu ? flow_text_cap(qu) : 0;
}

int fb_flow_countdown_s(const fb_flow *f, int64_t now_ms)
{
	int64_t end = flow_countdown_end(f);
	if (end < 0)
		return -1;
	if (end <= now_ms)
		return 0;
	return (int)((end - now_ms + 999) / 1000);
}

int fb_flow_yousaid_index(const fb_flow *f)
{
	if (f->o.n_yousaid == 0 || f->screen != FB_SCREEN_ATTRACT)
		return -1;
	if (f->o.yousaid_period_ms <= 0)
		return 0;
	return (int)(((f->now - f->attract_since) / f->o.yousaid_period_ms) %
		     (int64_t)f->o.n_yousaid);
}

void fb_flow_drift(const fb_flow *f, float *x, float *y, float *dim)
{
	/* Three slow, unrelated periods (7, 11 and 13 minutes) so the picture
	 * never sits still long enough to burn in, stepping every
	 * drift_step_ms so the screen is redrawn rarely. */
	const double tau = 6.283185307179586;
	double t = 0;

	if (f->o.drift_step_ms > 0)
		t = (double)(((f->now - f->t0) / f->o.drift_step_ms) *
			     f->o.drift_step_ms);
	if (x)
		*x = (float)sin(tau * t / (7 * 60000.0));
	if (y)
		*y = (float)sin(tau * t / (11 * 60000.0));
	if (dim)
		*dim = (float)((1 - cos(tau * t / (13 * 60000.0))) / 2);
}

const fb_err *fb_flow_last_error(const fb_flow *f)
{
	return &f->last_err;
}

struct fb_staff *fb_flow_staff(const fb_flow *f)
{
	return f->o.staff;
}

const char *fb_flow_staff_message(const fb_flow *f)
{
	return f->staff_msg;
}

const char *fb_flow_enrol_code(const fb_flow *f)
{
	return f->enrol_code;
}

const char *fb_flow_location(const fb_flow *f)
{
	return f->location;
}

size_t fb_flow_location_count(const fb_flow *f)
{
	return f->n_locations;
}

const char *fb_flow_location_code(const fb_flow *f, size_t i)
{
	return i < f->n_locations ? f->locations[i] : NULL;
}

bool fb_flow_assisted(const fb_flow *f)
{
	return f->assisted;
}

int fb_flow_staff_page(const fb_flow *f)
{
	return f->staff_page;
}

const fb_hours *fb_flow_hours(const fb_flow *f)
{
	return &f->o.hours;
}

bool fb_flow_maintenance_allowed(const fb_flow *f)
{
	return f->o.allow_maintenance_exit;
}

bool fb_flow_exit_requested(const fb_flow *f)
{
	return f->exit_requested;
}

void fb_flow_counts_get(const fb_flow *f, fb_flow_counts *out)
{
	*out = f->counts;
}

bool fb_flow_touch_hear(const fb_flow *f)
{
	return f->hear;
}
