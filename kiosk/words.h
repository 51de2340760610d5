/* words: every word the kiosk itself shows a patient (Next, Back, the
 * crisis card...), in English here and in the other languages from GNU
 * gettext catalogues (po/LANG.po, compiled by make into
 * LOCALEDIR/LANG/LC_MESSAGES/feedback-kiosk.mo), plus the staff screens'
 * words (English only).
 * Owns: the English source strings (each with a stable key, the PO msgctxt),
 * the catalogues' loading and the fall-back rule (a language or key with no
 * translation falls back to English; never NULL). Promises: --check-config
 * fails for a survey language missing any kiosk word (fb_words_check), so
 * the fall-back never reaches a patient unannounced; a catalogue is read
 * once per language and its strings live until the process ends. Question
 * wording itself lives in the survey file (lib/survey), not here. */
#ifndef FB_KIOSK_WORDS_H
#define FB_KIOSK_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "fb_err.h"
#include "survey.h"

typedef enum fb_str_id {
	/* Patient-facing: translated into every built-in language. */
	FB_STR_START = 0,           /* "Start" */
	FB_STR_ATTRACT_TITLE,       /* "Tell us about your visit" */
	FB_STR_ATTRACT_HINT,        /* "Tap anywhere to start..." */
	FB_STR_CHOOSE_LANGUAGE,     /* "Choose your language" */
	FB_STR_NEXT,
	FB_STR_BACK,
	FB_STR_SKIP,
	FB_STR_SEND,                /* Next on the last question */
	FB_STR_FINISH,
	FB_STR_PROGRESS,            /* "Question {n} of {m}" */
	FB_STR_CHOOSE_ONE,          /* hint under single choice */
	FB_STR_CHOOSE_ANY,          /* hint under multiple choice */
	FB_STR_TYPE_HERE,           /* placeholder in an empty text field */
	FB_STR_CHARS_LEFT,          /* "{n} characters left" */
	FB_STR_STILL_THERE,         /* "Are you still there?" */
	FB_STR_STILL_HERE,          /* "Yes, I'm still here" */
	FB_STR_STILL_THERE_COUNTDOWN, /* "We will start again in {n} seconds" */
	FB_STR_STILL_THERE_KEPT,    /* words typed, partial = keep */
	FB_STR_STILL_THERE_DELETED, /* words typed, partial = discard */
	FB_STR_BACK_TO_START,       /* thanks, sorry: "We will go back to the
	                             * start in {n} seconds" */
	FB_STR_THANKS,              /* "Thank you" */
	FB_STR_THANKS_BODY,
	FB_STR_CRISIS,              /* Samaritans 116 123, NHS 111 option 2, 999 */
	FB_STR_CRISIS_CHILDREN,     /* the same with Childline 0800 1111 first */
	FB_STR_SORRY_TITLE,         /* "Sorry, we could not save your answers" */
	FB_STR_SORRY_BODY,          /* what now (does not repeat the title) */
	FB_STR_YOU_SAID,            /* "You said" */
	FB_STR_WE_DID,              /* "We did" */
	FB_STR_YSW_HEADING,         /* the card's heading: "You said, we did" */
	FB_STR_KEY_SPACE,           /* keyboard labels */
	FB_STR_KEY_BACKSPACE,
	FB_STR_KEY_SHIFT,
	FB_STR_KEY_ACCENTS,
	FB_STR_KEY_DIGITS,
	FB_STR_KEY_LETTERS,
	FB_STR_READ_ALOUD,          /* the round button: "Read aloud" */
	FB_STR_READ_ALOUD_STOP,     /* the same while reading: "Stop reading aloud" */
	FB_STR_SEND_NOW,            /* the comment screen: "Send now" */
	FB_STR_TELL_US_MORE,        /* Next on the comment screen */
	FB_STR_SKIP_SECTION,        /* "Skip these questions" (About you) */
	FB_STR_DELETE_TITLE,        /* "Delete what you wrote?" */
	FB_STR_DELETE_YES,
	FB_STR_DELETE_NO,
	FB_STR_OUT_OF_ORDER,        /* the attract screen when answers cannot
	                             * be stored */
	FB_STR_OUT_OF_ORDER_BODY,
	FB_STR_MODE_EASY_READ,      /* start screen, [kiosk] modes: "Easy read" */
	FB_STR_MODE_CHILDREN,       /* the same: "For children" */
	FB_STR_TOUCH_HEAR,          /* the band's marker while touch and hear is on */
	FB_STR_TOUCH_HEAR_ON,       /* spoken (and the marker's) when it turns on */
	FB_STR_TOUCH_HEAR_OFF,      /* spoken when it turns off */
	FB_STR_CHOSEN,              /* touch and hear: after a chosen answer's words */
	FB_STR_VOLUNTEER_TITLE,     /* "Would you like to help us improve our services?" */
	FB_STR_VOLUNTEER_BODY,      /* what it means; kept apart from the answers */
	FB_STR_VOLUNTEER_YES,
	FB_STR_VOLUNTEER_NO,
	FB_STR_VOLUNTEER_ROLES,     /* "How would you like to help?" */
	FB_STR_VOLUNTEER_ROLES_HINT,
	FB_STR_VOLUNTEER_NAME,      /* "What is your name?" */
	FB_STR_VOLUNTEER_CONTACT,   /* "Your phone number or email address" */
	FB_STR_VOLUNTEER_CONSENT_TITLE,
	FB_STR_VOLUNTEER_CONSENT,   /* the consent sentence (kept with the sign-up) */
	FB_STR_VOLUNTEER_AGREE,     /* the consent's tick box: "I agree" */
	FB_STR_CLOSED_TITLE,        /* the attract screen outside opening hours */
	FB_STR_CLOSED_BODY,
	FB_STR_PATIENT_COUNT,       /* (marker: keys above are translated) */
	/* Staff screens: English only. */
	FB_STR_STAFF_PIN_TITLE = FB_STR_PATIENT_COUNT, /* "Staff PIN" */
	FB_STR_STAFF_PIN_OK,
	FB_STR_STAFF_PIN_CLEAR,
	FB_STR_STAFF_PIN_LOCKED,    /* "Too many wrong PINs. Try again in {t}." ({t}: "5 minutes") */
	FB_STR_STAFF_TITLE,
	FB_STR_STAFF_DEVICE,
	FB_STR_STAFF_LOCATION,
	FB_STR_STAFF_VERSION,
	FB_STR_STAFF_QUEUE_DEPTH,
	FB_STR_STAFF_OLDEST_UNSENT,
	FB_STR_STAFF_QUARANTINED,
	FB_STR_STAFF_LAST_SYNC,
	FB_STR_STAFF_LAST_ERROR,
	FB_STR_STAFF_DISK_FREE,
	FB_STR_STAFF_SYNC,
	FB_STR_STAFF_CLEANING,
	FB_STR_STAFF_ASSISTED,
	FB_STR_STAFF_ASSISTED_ON,   /* "The next response is marked assisted" */
	FB_STR_STAFF_CHANGE_LOCATION, /* heading over the location buttons */
	FB_STR_STAFF_EXIT,
	FB_STR_STAFF_CLOSE,
	FB_STR_CLEANING_TITLE,      /* "Cleaning mode" */
	FB_STR_CLEANING_BODY,       /* "The screen ignores touches for {t}." */
	FB_STR_STAFF_ENROL,         /* the staff action and the screen's title */
	FB_STR_STAFF_ENROL_HINT,    /* what to type, from where */
	FB_STR_STAFF_ENROL_SEND,
	FB_STR_STAFF_ENROL_BACK,
	FB_STR_STAFF_ENROL_DELETE,  /* the code pad's backspace */
	FB_STR_STAFF_ENROLMENT,     /* the staff screen's line: "Enrolment" */
	FB_STR_STAFF_OPEN,          /* "Open": the opening hours' line */
	FB_STR_STAFF_OPEN_ALWAYS,   /* the same line with no hours set */
	FB_STR_STAFF_CLOSED_NOW,    /* outside the hours: what the screen does */
	FB_STR_STAFF_SPEAKS_FOR,    /* "Speaks for": the locations it may send for */
	FB_STR_STAFF_CURRENT,       /* after the location in use: "(current)" */
	FB_STR_STAFF_MORE,          /* the staff screen's next page */
	FB_STR_STAFF_PAGE_BACK,     /* its page before */
	FB_STR_COUNT
} fb_str_id;

#define FB_STR_MAX_LANGUAGES 32      /* "en" and po/LINGUAS */
#define FB_WORDS_DOMAIN "feedback-kiosk" /* the .mo files' name */

/* The string for id in lang ("pl"); English when lang or the string is
 * missing; "" for an id out of range. Never NULL. */
const char *fb_str(const char *lang, fb_str_id id);
/* The string only if lang has its own (NULL otherwise): for checks. */
const char *fb_str_lookup(const char *lang, fb_str_id id);
/* Stable key name, e.g. "next", "still_here" (for dumps and tests). */
const char *fb_str_key(fb_str_id id);
bool fb_str_is_patient_facing(fb_str_id id);

/* The built-in languages, "en" first. */
size_t fb_str_language_count(void);
const char *fb_str_language(size_t i);
bool fb_str_has_language(const char *lang);

/* The crisis card: override (the config's fb_config_crisis_text for lang)
 * when not empty, else the built-in text in lang; the children's (with
 * Childline) when children. */
const char *fb_str_crisis(const char *lang, const char *override,
			  bool children);

/* Reads every built-in language's catalogue now. Reading one sets
 * $LANGUAGE for a moment, which is safe only while the process has one
 * thread: the kiosk calls this first thing in main, before SDL, the speech
 * thread or the audio thread start. Later lookups only read the cache. */
void fb_words_preload(void);

/* The directory holding LANG/LC_MESSAGES/feedback-kiosk.mo: $FB_LOCALEDIR,
 * else beside the program (build/locale, build/san/locale, or an installed
 * PREFIX/share/locale), else /usr/share/locale. */
void fb_words_dir(char *out, size_t out_size);

/* For --check-config: every language of survey other than English has
 * every patient-facing kiosk word in dir's catalogues, and the children's
 * crisis card when the survey is for children. Fails naming each language
 * that lacks any and which words (never a silent English fall-back).
 * Writes to warn, one line a language, the kiosk words and the survey's
 * questions that no native speaker has checked yet (PO "fuzzy" entries;
 * the survey's "unchecked"). */
int fb_words_check(const char *dir, const fb_survey *survey, FILE *warn,
		   fb_err *err);

/* Copies tmpl into out replacing "{n}" with n and "{m}" with m; always
 * NUL-terminates; truncates at a UTF-8 boundary. Returns out. */
char *fb_str_format(const char *tmpl, long n, long m, char *out,
		    size_t out_size);

#endif
