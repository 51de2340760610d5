/* flow: the kiosk's survey state machine, from the attract screen through the
 * questions to thank-you, plus the staff screens. Pure logic: no SDL, no
 * drawing, no clock of its own; time comes in with every call (now_ms, a
 * monotonic clock, virtual in replay mode).
 * Owns: the current screen, one person's answers and text (freed and zeroed
 * at every reset: nothing of one person is ever visible to the next), the
 * idle, thank-you, sorry, cleaning and staff timers, rapid-repeat detection,
 * and building the fb_response handed to the submit callback.
 * Promises: never crashes on an event that makes no sense on the current
 * screen (it is ignored, and fb_flow_event returns false); the thank-you
 * screen shows only after the submit callback returned 0; every timer is
 * reported by fb_flow_next_deadline_ms so the app can sleep until then.
 *
 * Screens and how they connect:
 *   attract --start--> language (skipped with one language) --> question 1
 *   question k --next--> question k+1 (only visible ones) ... --next on the
 *   last--> submit --> thanks (or sorry on failure) --> attract.
 *   back on question 1 --> language (answers kept: a language chosen again
 *   shows them), or attract with one language; back on language -->
 *   attract (going back to attract is the person leaving: their answers
 *   are discarded, after confirm_delete when words were typed).
 *   Any question or language screen idle for idle_timeout_ms --> still_there
 *   with a still_there_ms countdown --> reset to attract, keeping the partial
 *   response (flagged FB_FLAG_PARTIAL and submitted) when keep_partial and
 *   anything was answered, else discarding it.
 *   attract --staff corner held staff_press_ms--> staff_pin --right PIN-->
 *   staff --cleaning--> cleaning (touches ignored, countdown) --> attract.
 *   The PIN pad and staff screen go back to attract after staff_timeout_ms
 *   without a touch; five wrong PINs lock the pad (kiosk/staff.h).
 *   Failed submit: sorry for sorry_ms, then attract; the error stays in
 *   fb_flow_last_error for the staff screen. A partial that cannot be
 *   saved goes straight to attract (nobody is there) with the same record.
 *   A submit that failed because the disk is full (FB_ERR_FULL), or the
 *   app's word (fb_flow_set_out_of_order), puts the attract screen out of
 *   order: it says so and does not start until the app clears it.
 *
 * The quick path. The comment screen is the free-text question straight
 * after the rating (FFT): the rating moves on to it by itself, and there
 * "send now" submits at once (offered when every later question is
 * optional); Next there reads "Tell us more". So rating only is three taps
 * from the attract screen: a language (or start), a face, Send now. The
 * free-text question is always shown, as FFT guidance asks. Back on the
 * comment screen returns to the faces with the choice kept, so a slip of
 * the finger is corrected there; every other choice (agree5, single) waits
 * for Next. An information page whose section (the questions up to the
 * next information page) is all optional offers "skip section".
 *
 * Nothing typed is lost without a word: Skip (or skip section) that would
 * delete typed text goes to confirm_delete, "Delete what you wrote?";
 * CONFIRM_YES deletes and moves on, CONFIRM_NO returns with the text. Back
 * keeps every answer (coming forward again shows the words); a Back that
 * leaves for attract (question 1 with one language, or the language
 * screen) asks the same when words were typed on any question: YES leaves,
 * NO returns to the screen Back was pressed on. Idle, "Are you still
 * there?" returns to the screen with everything on it at a touch; its
 * countdown's end keeps the words as a partial response (keep_partial).
 *
 * Modes ([kiosk] modes): with more than one on offer the attract screen
 * shows a button per mode; FB_EV_CHOOSE_MODE starts the session in that
 * mode's survey (then language, questions as above), FB_EV_START in mode 0,
 * the standard one. Every return to attract goes back to mode 0 (the
 * thank-you or sorry screen still shows the mode's crisis card). The
 * response carries the mode's survey id and version.
 *
 * Touch and hear (blind and partially sighted people): the read-aloud
 * button held for hear_press_ms (FB_EV_READ_ALOUD_DOWN to _UP; it fires on
 * a TICK or any event once held long enough, even before the finger
 * lifts), or headphones plugged in (FB_EV_TOUCH_HEAR_ON), turns it on; the
 * same long press turns it off again, and every return to attract turns it
 * off. The flow only keeps the switch: what a finger then hears and how a
 * double tap chooses is kiosk/input.c's. Staff and cleaning screens leave
 * it as it is.
 *
 * Volunteering (issue 10): with roles on offer (n_roles > 0 and a signup
 * callback), a response stored in full goes to volunteer_ask, "Would you
 * like to help us improve our services?", instead of thanks. The response
 * is stored and its answers wiped first, so nothing of it is near the
 * offer. CONFIRM_NO goes to thanks; CONFIRM_YES to volunteer_roles
 * (TOGGLE_OPTION index, NEXT once one is chosen), volunteer_name and
 * volunteer_contact (TEXT_INSERT, TEXT_BACKSPACE, NEXT once something is
 * typed), volunteer_consent (TOGGLE_OPTION 0 ticks the consent; NEXT,
 * "Send", only once ticked) which hands the sign-up to the signup
 * callback, then thanks (sorry when it failed). BACK goes one screen back
 * (from the roles to the offer). These screens go idle like questions;
 * an idle reset keeps nothing of a sign-up not sent.
 *
 * Opening hours (o.hours, lib/hours.h; empty: always open). At closing
 * time the attract screen goes blank (FB_SCREEN_BLANK: nothing drawn, no
 * timer but the next opening); a person answering is never cut off: the
 * flow closes when they finish or idle out (a timer's return to attract
 * while closed goes straight to blank). Any touch on blank wakes the
 * closed attract screen (fb_flow_closed: "We are closed. You can still
 * tell us about your visit."), where a person can start as usual; it goes
 * blank again after idle_timeout_ms without a touch. Opening time turns
 * blank back into the normal attract screen. Local time is the wall clock
 * (wall_ms) through o.local (NULL: fb_local_time, the device's TZ).
 *
 * Countdowns: thanks and sorry give thanks_ms/sorry_ms (20 s or more) and
 * stand still while a finger is on the screen (FB_EV_ACTIVITY to
 * FB_EV_TOUCH_UP; a touch that never lifts counts for idle_timeout_ms at
 * most); each touch starts them again in full (WCAG 2.2.1). */
#ifndef FB_KIOSK_FLOW_H
#define FB_KIOSK_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "fb_err.h"
#include "hours.h"
#include "response.h"
#include "survey.h"

struct fb_staff;

/* What fb_flow_next_deadline_ms returns when no timer is pending. */
#define FB_FLOW_NO_DEADLINE INT64_MAX

typedef enum fb_screen {
	FB_SCREEN_ATTRACT = 0,  /* "Tell us about your visit", You said we did */
	FB_SCREEN_LANGUAGE,     /* one button per offered language */
	FB_SCREEN_QUESTION,     /* the current question (fb_flow_question) */
	FB_SCREEN_STILL_THERE,  /* "Are you still there?" with a countdown */
	FB_SCREEN_THANKS,       /* thank you + crisis-help text, Finish */
	FB_SCREEN_SORRY,        /* could not save: kind apology, back soon */
	FB_SCREEN_STAFF_PIN,    /* PIN pad (or the lock-out countdown) */
	FB_SCREEN_STAFF,        /* device status and staff actions */
	FB_SCREEN_CLEANING,     /* touches ignored, countdown */
	FB_SCREEN_CONFIRM_DELETE, /* "Delete what you wrote?" Yes / No */
	FB_SCREEN_STAFF_ENROL,  /* staff: type the collector's one-time code */
	/* Volunteering (see above), after a stored response when roles are
	 * set: the offer, the roles, a name, a phone or email, consent. */
	FB_SCREEN_VOLUNTEER_ASK,
	FB_SCREEN_VOLUNTEER_ROLES,
	FB_SCREEN_VOLUNTEER_NAME,
	FB_SCREEN_VOLUNTEER_CONTACT,
	FB_SCREEN_VOLUNTEER_CONSENT,
	FB_SCREEN_BLANK,        /* closed: black, nothing drawn; a touch wakes */
	FB_SCREEN_COUNT
} fb_screen;

/* "attract", "language", "question", "still_there", "thanks", "sorry",
 * "staff_pin", "staff", "cleaning", "confirm_delete", "staff_enrol",
 * "blank": the names used by the layout dump and
 * the replay's `expect`. */
const char *fb_screen_name(fb_screen s);
/* 0 and *out set when name is one of the above; -1 otherwise. */
int fb_screen_parse(const char *name, fb_screen *out);

typedef enum fb_event_kind {
	FB_EV_TICK = 0,         /* time passed; nothing touched */
	FB_EV_ACTIVITY,         /* a touch or key anywhere: resets idle timer */
	FB_EV_START,            /* any tap on attract ("start"): mode 0 */
	FB_EV_CHOOSE_MODE,      /* attract: start in mode index (a position
	                         * in fb_flow_mode_name) */
	FB_EV_CHOOSE_LANGUAGE,  /* index: position in fb_flow_language_code */
	FB_EV_CHOOSE_ANSWER,    /* FFT/AGREE5: index is the code (1..6, 1..5);
	                         * SINGLE: index is the option index */
	FB_EV_TOGGLE_OPTION,    /* MULTI: index is the option index */
	FB_EV_TEXT_INSERT,      /* TEXT: text is UTF-8, appended at the end;
	                         * capped at the question's max_length code
	                         * points (what does not fit is dropped);
	                         * invalid UTF-8 is ignored */
	FB_EV_TEXT_BACKSPACE,   /* TEXT: removes the last code point */
	FB_EV_NEXT,             /* question: on, or submit after the last;
	                         * ignored while a required one is unanswered */
	FB_EV_BACK,             /* question: previous visible one, or out */
	FB_EV_SKIP,             /* optional question: clears answer, moves on */
	FB_EV_STILL_HERE,       /* still_there: back to where they were
	                         * (FB_EV_ACTIVITY there does the same) */
	FB_EV_FINISH,           /* thanks/sorry: back to attract now */
	FB_EV_SEND_NOW,         /* comment screen: submit now (quick path) */
	FB_EV_SKIP_SECTION,     /* information page: skip its whole section */
	FB_EV_CONFIRM_YES,      /* confirm_delete: delete it and move on */
	FB_EV_CONFIRM_NO,       /* confirm_delete: keep it, back to the page */
	FB_EV_TOUCH_UP,         /* a finger lifted (thanks/sorry countdowns
	                         * stand still from ACTIVITY until this) */
	/* Touch and hear (above): a finger down on the read-aloud button and
	 * lifted (or slid off it); headphones plugged in. */
	FB_EV_READ_ALOUD_DOWN,
	FB_EV_READ_ALOUD_UP,
	FB_EV_TOUCH_HEAR_ON,
	/* Staff. The corner press: DOWN when a finger lands on "staff-corner"
	 * on the attract screen, UP when it lifts or leaves; the PIN pad opens
	 * once it has been held staff_press_ms (on a TICK or any event). */
	FB_EV_STAFF_CORNER_DOWN,
	FB_EV_STAFF_CORNER_UP,
	FB_EV_PIN_DIGIT,        /* index: 0..9 */
	FB_EV_PIN_CLEAR,
	FB_EV_PIN_OK,           /* checks the PIN (slow: libsodium pwhash) */
	FB_EV_STAFF_SYNC,       /* asks the action callback to sync now */
	FB_EV_STAFF_CLEANING,   /* cleaning screen for cleaning_ms */
	FB_EV_STAFF_ASSISTED,   /* toggles assisted mode for the next response */
	FB_EV_STAFF_LOCATION,   /* index: position in fb_flow_location_code */
	FB_EV_STAFF_EXIT,       /* exit to maintenance (when allowed) */
	FB_EV_STAFF_CLOSE,      /* PIN pad or staff screen: back to attract */
	FB_EV_STAFF_ENROL,      /* staff: the enrol screen (code keys, Send);
	                         * there TEXT_INSERT types the code's letters
	                         * (others ignored, capped at 8), TEXT_BACKSPACE
	                         * removes one, BACK goes back to staff */
	FB_EV_STAFF_ENROL_SEND, /* enrol screen: hands the code to the enrol
	                         * callback (8 characters typed, else says so) */
	FB_EV_STAFF_PAGE,       /* staff screen: index is the page to show
	                         * (0 the first; 0..FB_FLOW_STAFF_PAGES_MAX-1,
	                         * the layout shows its last when there are
	                         * fewer); the last action's words stay */
	FB_EV_COUNT
} fb_event_kind;

typedef struct fb_event {
	fb_event_kind kind;
	int index;              /* see the kind */
	const char *text;       /* FB_EV_TEXT_INSERT; borrowed for the call */
} fb_event;

/* Hands a finished (or partial) response to storage. Returns 0 when it is
 * stored durably; otherwise non-zero with err filled (err->msg is shown on
 * the staff screen). r and the JSON it points to are valid for the call. */
typedef int (*fb_flow_submit_fn)(void *ctx, fb_response *r, fb_err *err);

typedef enum fb_flow_action {
	FB_FLOW_ACTION_STAFF_OPENED,    /* staff screen opened: refresh status */
	FB_FLOW_ACTION_SYNC_NOW,        /* signal feedback-syncd */
	FB_FLOW_ACTION_LOCATION_CHANGED,/* fb_flow_location() is the new one */
	FB_FLOW_ACTION_EXIT,            /* exit to maintenance was chosen */
} fb_flow_action;

/* Staff actions that reach outside the flow. Returns 0 on success, else
 * fills err; either way the flow keeps a line for fb_flow_staff_message. */
typedef int (*fb_flow_action_fn)(void *ctx, fb_flow_action a, fb_err *err);

/* The enrol screen's code (8 characters of FB_ENROL_ALPHABET) for
 * feedback-syncd (lib/enrol_file.h). Returns 0 or fills err. */
typedef int (*fb_flow_enrol_fn)(void *ctx, const char *code, fb_err *err);

/* A volunteer sign-up as the person gave it: the chosen roles' English
 * names (the config's [volunteer] roles), name and phone or email as typed,
 * and the language they used (the app adds the consent words shown in it).
 * Borrowed for the call. */
#define FB_FLOW_VOLUNTEER_NAME_MAX 80      /* code points */
#define FB_FLOW_VOLUNTEER_CONTACT_MAX 120
typedef struct fb_flow_signup {
	const char *roles[FB_VOLUNTEER_MAX_ROLES];
	size_t n_roles;
	const char *name;
	const char *contact;
	const char *language;
	const char *location;
} fb_flow_signup;
/* Stores a sign-up apart from every response (lib/queue.h,
 * fb_queue_put_signup). 0 when stored durably; else fills err. */
typedef int (*fb_flow_signup_fn)(void *ctx, const fb_flow_signup *s, fb_err *err);

/* Wall clock (UTC epoch ms) for started/submitted times; tests fake it. */
typedef int64_t (*fb_flow_wall_fn)(void *ctx);

#define FB_FLOW_MAX_LANGUAGES FB_SURVEY_MAX_LANGUAGES
#define FB_FLOW_MAX_LOCATIONS FB_MAX_LOCATIONS
#define FB_FLOW_LOCATION_NAME_MAX 128
#define FB_FLOW_MAX_MODES FB_MAX_MODES

/* A mode on offer: its name ("easy_read", as in [kiosk] modes) and survey. */
typedef struct fb_flow_mode_def {
	char name[FB_MODE_NAME_MAX];
	const fb_survey *survey;    /* borrowed; must outlive the flow */
} fb_flow_mode_def;

typedef struct fb_flow_options {
	const fb_survey *survey;    /* borrowed; must outlive the flow: the
	                             * standard survey, mode 0 */
	/* Modes on offer after the standard one ([kiosk] modes without
	 * "standard"): each offers the same languages. 0: no choice. */
	fb_flow_mode_def modes[FB_FLOW_MAX_MODES - 1];
	size_t n_modes;
	/* Offered language codes in order (a subset of the survey's);
	 * n_languages 0 offers every survey language. */
	char languages[FB_FLOW_MAX_LANGUAGES][FB_LANGUAGE_MAX];
	size_t n_languages;
	char location[FB_LOCATION_MAX];   /* where the device stands now */
	char locations[FB_FLOW_MAX_LOCATIONS][FB_LOCATION_MAX]; /* staff list */
	/* their names as staff call them ("Ash Ward"), "" = none: what the staff
	 * screen's messages say */
	char location_names[FB_FLOW_MAX_LOCATIONS][FB_FLOW_LOCATION_NAME_MAX];
	size_t n_locations;

	int64_t idle_timeout_ms;    /* 60000: no touch on a question page */
	int64_t still_there_ms;     /* 20000: the "still there?" countdown */
	bool keep_partial;          /* true: idle reset submits a partial */
	int64_t thanks_ms;          /* 20000: thank-you back to attract */
	int64_t sorry_ms;           /* 20000: sorry back to attract */
	int64_t rapid_window_ms;    /* 10000: a submit this soon after the
	                             * previous one is flagged rapid repeat */
	int rapid_same_count;       /* 3: this many submits in a row with the
	                             * same FFT answer, each within */
	int64_t rapid_same_window_ms; /* 60000 of the previous, are flagged */
	int rapid_taps;             /* 5: the same answer tapped this often on
	                             * one page within rapid_window_ms flags
	                             * the response (a child pressing Very poor
	                             * fifty times); never dropped */
	size_t n_yousaid;           /* You said we did items to cycle, 0 none */
	int64_t yousaid_period_ms;  /* 8000: time each item shows */
	int64_t drift_step_ms;      /* 60000: how often the drift moves */

	fb_hours hours;             /* opening hours; n 0: always open */
	fb_hours_local_fn local;    /* wall ms to local time; NULL: fb_local_time */
	void *local_ctx;

	int64_t hear_press_ms;      /* 2000: read-aloud hold that switches
	                             * touch and hear on or off */

	struct fb_staff *staff;     /* borrowed; NULL: staff screens off */
	int64_t staff_press_ms;     /* 5000: corner hold that opens the PIN */
	int64_t staff_timeout_ms;   /* 60000: PIN pad/staff idle to attract */
	int64_t cleaning_ms;        /* 60000: cleaning mode */
	bool allow_maintenance_exit;

	fb_flow_submit_fn submit;   /* required */
	void *submit_ctx;
	fb_flow_action_fn action;   /* NULL: actions only change flow state */
	void *action_ctx;
	fb_flow_enrol_fn enrol;     /* NULL: "Enrol this tablet" says it is off;
	                             * called with action_ctx */
	fb_flow_wall_fn wall_ms;    /* NULL: fb_wall_ms() */
	void *wall_ctx;

	/* Volunteering ([volunteer] roles, English names): n_roles 0 or no
	 * signup callback, no offer. */
	char roles[FB_VOLUNTEER_MAX_ROLES][FB_VOLUNTEER_ROLE_MAX];
	size_t n_roles;
	fb_flow_signup_fn signup;
	void *signup_ctx;
} fb_flow_options;

/* Every field to its default (see the comments above); survey, submit
 * and the lists are left empty. */
void fb_flow_options_defaults(fb_flow_options *o);
/* Defaults, then the [device]/[kiosk] keys of cfg: languages, location and
 * locations, idle_timeout_s, opening_hours, keep_partial,
 * allow_maintenance_exit. */
void fb_flow_options_from_config(fb_flow_options *o, const fb_config *cfg);

typedef struct fb_flow fb_flow;

/* Starts on the attract screen at now_ms. Fails (FB_ERR_INVALID, err says
 * which) without a survey, a submit callback, a survey with no questions,
 * or an offered language the survey lacks. */
int fb_flow_new(fb_flow **out, const fb_flow_options *o, int64_t now_ms,
		fb_err *err);
void fb_flow_free(fb_flow *f);                  /* NULL is a no-op */

/* A new config (issue 10's remote config), taken only on the attract
 * screen with nobody answering: o's survey and modes (borrowed, as for
 * fb_flow_new),
 * languages, idle_timeout_ms (<= 0 keeps the current one), hours and
 * n_yousaid replace the flow's (blank or closed as the new hours say); location, staff state and the rapid-repeat history
 * stay. FB_ERR_INVALID, and nothing changed, while a person is answering
 * or when an offered language is not in the survey. Taken on the blank
 * screen too (nobody is there). */
int fb_flow_reconfigure(fb_flow *f, const fb_flow_options *o, fb_err *err);

/* Feeds one event at now_ms (timers due by now_ms fire first). Returns
 * whether anything visible changed, i.e. whether to redraw. */
bool fb_flow_event(fb_flow *f, const fb_event *ev, int64_t now_ms);
/* When a timer next fires (same clock as now_ms), or FB_FLOW_NO_DEADLINE.
 * Send an FB_EV_TICK at that time. */
int64_t fb_flow_next_deadline_ms(const fb_flow *f);

/* ---- What to show ---- */
fb_screen fb_flow_screen(const fb_flow *f);

/* Modes on offer: count (1 when there is no choice), name of each (0 is
 * "standard"), the one in use now, and its survey (the one the question
 * screens, the language names and the crisis card come from). */
size_t fb_flow_mode_count(const fb_flow *f);
const char *fb_flow_mode_name(const fb_flow *f, size_t i);
size_t fb_flow_mode(const fb_flow *f);
const fb_survey *fb_flow_survey(const fb_flow *f);

/* Offered languages: count, code ("pl") and index into survey->languages
 * (for fb_text_get). fb_flow_language is the survey index in use now. */
size_t fb_flow_language_count(const fb_flow *f);
const char *fb_flow_language_code(const fb_flow *f, size_t i);
size_t fb_flow_language_survey_index(const fb_flow *f, size_t i);
size_t fb_flow_language(const fb_flow *f);
const char *fb_flow_language_current(const fb_flow *f);  /* "en" */

/* The question screen: the question, its index in the survey, and the
 * answer so far (never NULL on the question screen). NULL/-1 elsewhere.
 * On still_there these still name the question the person was on. */
const fb_question *fb_flow_question(const fb_flow *f);
int fb_flow_question_index(const fb_flow *f);
const fb_answer *fb_flow_answer(const fb_flow *f);
/* "Question n of m": position among the visible questions that take an
 * answer (information pages are not counted), 1-based; n is 0 on an
 * information page, which shows no counter. Fixed when the question is
 * entered: an answer that shows or hides later questions changes m on the
 * next screen, never under the person's eyes. */
void fb_flow_progress(const fb_flow *f, size_t *n, size_t *m);
bool fb_flow_can_next(const fb_flow *f);   /* answered, optional or info */
/* Words typed on any question of this session (still_there says what
 * becomes of them). */
bool fb_flow_has_typed(const fb_flow *f);
bool fb_flow_can_skip(const fb_flow *f);   /* optional */
/* The comment screen of the quick path (see above): Send now is offered. */
bool fb_flow_can_send_now(const fb_flow *f);
/* An information page whose section is all optional: skip section. */
bool fb_flow_can_skip_section(const fb_flow *f);
/* Out of order (the queue cannot take answers): the attract screen says so
 * and does not start. The flow sets it on a disk-full submit; the app sets
 * and clears it from the store's health. */
void fb_flow_set_out_of_order(fb_flow *f, bool on);
bool fb_flow_out_of_order(const fb_flow *f);
/* Outside the opening hours now (the attract screen says "We are closed"). */
bool fb_flow_closed(const fb_flow *f);
bool fb_flow_is_last(const fb_flow *f);    /* Next will submit ("Send") */
/* Code points in the current text answer, and its cap. */
size_t fb_flow_text_length(const fb_flow *f);
size_t fb_flow_text_max(const fb_flow *f);

/* Whole seconds left on the screen's countdown (still_there, cleaning,
 * thanks, sorry, and the PIN lock-out), rounded up; -1 when none. */
int fb_flow_countdown_s(const fb_flow *f, int64_t now_ms);

/* Attract: the You said we did item to show (0..n_yousaid-1), -1 none. */
int fb_flow_yousaid_index(const fb_flow *f);
/* Attract: a slow drift against burn-in, x and y in [-1, 1] and dim in
 * [0, 1] (0 full brightness); changes every drift_step_ms. Scale to a few
 * pixels and a little dimming. */
void fb_flow_drift(const fb_flow *f, float *x, float *y, float *dim);

/* The last submit failure (code FB_OK when none since start): the sorry
 * screen's cause and the staff screen's "last error". */
const fb_err *fb_flow_last_error(const fb_flow *f);

/* Staff: the staff module (PIN pad state), the last action's words ("sync
 * requested", "wrong PIN, 3 tries left", ...; "" none), the current
 * location, whether the next response is assisted, and exit requested. */
struct fb_staff *fb_flow_staff(const fb_flow *f);
const char *fb_flow_staff_message(const fb_flow *f);
/* The enrol screen's code as typed so far (capitals, no '-'). */
const char *fb_flow_enrol_code(const fb_flow *f);
const char *fb_flow_location(const fb_flow *f);
size_t fb_flow_location_count(const fb_flow *f);
const char *fb_flow_location_code(const fb_flow *f, size_t i);
bool fb_flow_assisted(const fb_flow *f);
/* The staff screen's page (FB_EV_STAFF_PAGE): 0 each time it opens. */
#define FB_FLOW_STAFF_PAGES_MAX 8
int fb_flow_staff_page(const fb_flow *f);
/* The opening hours in force (n 0: always open). */
const fb_hours *fb_flow_hours(const fb_flow *f);
bool fb_flow_maintenance_allowed(const fb_flow *f);
bool fb_flow_exit_requested(const fb_flow *f);

/* Volunteering: roles on offer (0 none), whether role i is chosen, the
 * name or contact typed so far (on its screen; "" elsewhere), whether
 * consent is ticked, and whether NEXT moves on (volunteer screens only). */
size_t fb_flow_volunteer_role_count(const fb_flow *f);
bool fb_flow_volunteer_role_chosen(const fb_flow *f, size_t i);
const char *fb_flow_volunteer_text(const fb_flow *f);
size_t fb_flow_volunteer_text_max(const fb_flow *f);
bool fb_flow_volunteer_consent(const fb_flow *f);
bool fb_flow_volunteer_can_next(const fb_flow *f);
/* Whether s is one of the volunteer screens. */
bool fb_screen_is_volunteer(fb_screen s);

/* Touch and hear is on (see above). */
bool fb_flow_touch_hear(const fb_flow *f);

/* Counters for tests and the staff screen since the flow began. */
typedef struct fb_flow_counts {
	int64_t submitted;          /* stored, complete or partial */
	int64_t partial_kept;
	int64_t discarded;          /* idle resets with nothing kept */
	int64_t failed;             /* submit callback errors */
} fb_flow_counts;
void fb_flow_counts_get(const fb_flow *f, fb_flow_counts *out);

#endif
