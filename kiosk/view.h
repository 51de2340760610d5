/* view: what the flow's state looks like, in the person's own words.
 * Pure: no SDL, no drawing, no clock of its own (times come in the facts).
 * Owns: turning the survey flow (kiosk/flow.h) and the few facts only the
 * app knows (larger text asked for, sound working, reading aloud now, the
 * keyboard's mode, the staff screen's figures) into a kiosk_view
 * (kiosk/layout.h) in the language the person chose: the survey's texts
 * and kiosk/words.c's, with counts and countdowns filled in. The words it
 * has to format live in a kiosk_view_words the caller keeps.
 * Promises: the view's pointers stay valid until the next build with the
 * same words (or until the flow changes); the staff screen shows every
 * figure, with "unknown" when one cannot be read (a missing line would
 * look like nothing to worry about); what a person typed is passed on only
 * as the text field's contents. Nothing on disk. */
#ifndef KIOSK_VIEW_H
#define KIOSK_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "flow.h"
#include "keyboard.h"
#include "layout.h"     /* kiosk_view */
#include "staff.h"      /* fb_staff_status */
#include "survey.h"
#include "yousaid.h"

/* Everything the view is made from. Pointers are borrowed for one build. */
typedef struct kiosk_view_facts {
	const fb_flow *flow;             /* required */
	const fb_survey *survey;         /* required: native language names */
	const fb_config *cfg;            /* required: location names, crisis text */
	const fb_yousaid *ys;            /* You said we did; NULL none */
	const fb_staff_status *status;   /* the staff screen's figures */
	bool large_text;                 /* the person pressed "A+" */
	bool sound;                      /* a sound device and a working engine:
	                                  * offer read-aloud where there is a voice */
	bool reading;                    /* reading aloud now */
	kiosk_kb_mode kb_mode;           /* the on-screen keyboard's page */
	bool shift;
	int64_t now_ms;                  /* the flow's clock (countdowns) */
	int64_t wall_ms;                 /* the wall clock ("last sync 5 min ago") */
} kiosk_view_facts;

/* The text a view points into (formatted counts, countdowns, status lines). */
typedef struct kiosk_view_words kiosk_view_words;
int kiosk_view_words_new(kiosk_view_words **out);   /* -1: out of memory */
void kiosk_view_words_free(kiosk_view_words *w);    /* NULL is a no-op */

/* Fills *v (zeroed first) with what facts->flow shows now; the formatted
 * words go into w, which must outlive the use of *v. */
void kiosk_view_build(kiosk_view *v, kiosk_view_words *w,
		      const kiosk_view_facts *facts);

/* Whether a language code ("ar", "ur-PK") is written right to left. */
bool kiosk_view_rtl(const char *lang);

/* The name of the screen on show: "question-<id>" on a question,
 * "staff-page-N" on the staff screen's page N after the first, else
 * fb_screen_name ("attract", ...). A new name is a new screen: screenshots
 * are named by it, and read-aloud stops when it changes. */
void kiosk_view_screen_key(const fb_flow *f, char *out, size_t out_size);

#endif
