/* flow_impl: the inside of the survey flow, shared by the files that make
 * it up (not for use outside kiosk/flow*.c; everyone else has flow.h).
 *   flow.c         options, new/free, reset, submit, timers, the event
 *                  dispatch and the next deadline;
 *   flow_answer.c  a question's answers: choices, toggles, typed text
 *                  (capped, valid UTF-8 only, wiped on reset) and taps
 *                  counted for rapid repeats;
 *   flow_staff.c   the PIN pad and the staff screen's actions;
 *   flow_show.c    what to show: the fb_flow_* getters of flow.h;
 *   flow_volunteer.c the volunteer offer and sign-up after a response. */
#ifndef FB_KIOSK_FLOW_IMPL_H
#define FB_KIOSK_FLOW_IMPL_H

#include "enrol_file.h"   /* FB_ENROL_ALPHABET, FB_ENROL_CODE_LEN */
#include "flow.h"

struct fb_flow {
	fb_flow_options o;
	const fb_survey *sv;
	size_t lang_idx[FB_FLOW_MAX_LANGUAGES]; /* offered -> survey index,
	                             * in the mode in use */
	size_t n_lang;
	/* modes: 0 standard (o.survey), then o.modes; each mode's
	 * offered -> survey index */
	const fb_survey *mode_sv[FB_FLOW_MAX_MODES];
	size_t mode_lang[FB_FLOW_MAX_MODES][FB_FLOW_MAX_LANGUAGES];
	size_t n_modes;
	size_t mode;                /* in use: sv is mode_sv[mode] */
	char locations[FB_FLOW_MAX_LOCATIONS][FB_LOCATION_MAX];
	char location_names[FB_FLOW_MAX_LOCATIONS][FB_FLOW_LOCATION_NAME_MAX];
	size_t n_locations;
	char location[FB_LOCATION_MAX];

	fb_screen screen;
	fb_screen before_still;     /* language or question */
	int64_t now;                /* the latest now_ms seen */
	int64_t t0;                 /* flow creation: drift's epoch */
	int64_t screen_since;       /* entry to still_there, thanks, sorry,
	                             * cleaning */
	int64_t attract_since;
	int64_t last_activity;      /* idle timers count from here */

	/* One person's session. */
	bool session;
	size_t lang;                /* survey language index */
	int q;                      /* current question, -1 none */
	fb_answer answers[FB_SURVEY_MAX_QUESTIONS];
	size_t text_cap[FB_SURVEY_MAX_QUESTIONS]; /* bytes allocated */
	int64_t started_mono;
	int64_t started_wall;
	bool rapid;                 /* flagged by repeated taps */
	int tap_q, tap_choice, tap_run;
	int64_t tap_first;

	/* Across sessions. */
	bool have_last_submit;
	int64_t last_submit;
	int last_fft;
	int same_fft_run;

	/* Touch and hear. */
	bool hear;                  /* on */
	bool hear_down;             /* a finger on read-aloud since hear_since */
	bool hear_fired;            /* that press has switched already */
	int64_t hear_since;

	/* Staff. */
	bool corner_down;
	int64_t corner_since;
	bool assisted;
	bool exit_requested;
	int staff_page;             /* FB_EV_STAFF_PAGE; 0 on opening */
	char staff_msg[sizeof ((fb_err *)0)->msg];
	char enrol_code[FB_ENROL_CODE_LEN + 1];   /* the enrol screen's typing */

	/* The quick path and its guards. */
	size_t prog_n, prog_m;      /* "Question n of m", fixed on entry */
	fb_event_kind pending;      /* confirm_delete: SKIP, SKIP_SECTION or
	                             * BACK (leaving with words typed) */
	fb_screen confirm_from;     /* confirm_delete: where No goes back to */
	bool held;                  /* a finger on thanks/sorry */
	bool out_of_order;

	/* Volunteering: one person's sign-up, wiped at every reset. */
	unsigned vol_roles;         /* bit i: role i chosen */
	char vol_name[FB_FLOW_VOLUNTEER_NAME_MAX * 4 + 1];
	char vol_contact[FB_FLOW_VOLUNTEER_CONTACT_MAX * 4 + 1];
	bool vol_consent;
	/* Opening hours. */
	bool closed;                /* outside them as of hours_at */
	int64_t hours_due;          /* when to look again (now_ms clock) */

	fb_err last_err;
	fb_flow_counts counts;
};

/* flow.c */
bool flow_staff_on(const fb_flow *f);               /* staff screens enabled */
void flow_reset(fb_flow *f, int64_t t);             /* back to attract, wiped */
void flow_answer_wipe(fb_flow *f, size_t qi);
int flow_next_visible(const fb_flow *f, int from);  /* -1 none */
int flow_prev_visible(const fb_flow *f, int from);
void flow_go_question(fb_flow *f, int qi, int64_t now);
void flow_finish_survey(fb_flow *f, int64_t now);   /* submit, then thanks/sorry */
int64_t flow_countdown_end(const fb_flow *f);       /* -1 none */

/* flow_answer.c */
bool flow_q_can_next(const fb_flow *f);
size_t flow_text_cap(const fb_question *qu);        /* code points */
bool flow_on_question(fb_flow *f, const fb_event *ev, int64_t now);
bool flow_on_confirm(fb_flow *f, const fb_event *ev, int64_t now);
bool flow_q_send_now(const fb_flow *f);
bool flow_q_skip_section(const fb_flow *f);
/* Back out of the session (to attract) from the screen now showing: asks
 * "Delete what you wrote?" first when words were typed on any question. */
void flow_leave(fb_flow *f, int64_t now);

/* flow_volunteer.c */
void flow_volunteer_wipe(fb_flow *f);
bool flow_on_volunteer(fb_flow *f, const fb_event *ev, int64_t now);

/* flow_staff.c */
bool flow_on_staff_pin(fb_flow *f, const fb_event *ev, int64_t now);
bool flow_on_staff(fb_flow *f, const fb_event *ev, int64_t now);
bool flow_on_staff_enrol(fb_flow *f, const fb_event *ev, int64_t now);

#endif
