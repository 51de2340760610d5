/* speech: read-aloud for people who do not read English or do not read
 * well, with libespeak-ng. Pure of SDL: text in, PCM out; kiosk/app.c plays it.
 * Owns: the espeak-ng engine (one per process, as the library is global),
 * started on the first kiosk_speech_say and never before, so start-up stays
 * fast and small; which kiosk languages have a voice; and the words read for
 * a screen (kiosk_speech_script: the flow's and words.c's words only, never
 * what a patient typed).
 * Promises: PCM is mono, signed 16-bit, at most KIOSK_SPEECH_MAX_SECONDS
 * long; text is cut at KIOSK_SPEECH_TEXT_MAX bytes on a character boundary.
 * Reads espeak-ng-data; writes nothing. */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "layout.h"     /* kiosk_view */

#define KIOSK_SPEECH_MAX_SECONDS 60   /* a screen's words take 5-30 s */
#define KIOSK_SPEECH_TEXT_MAX 4096    /* bytes of text read for one press */
#define KIOSK_SPEECH_RATE_WPM 150     /* a little slower than espeak's 175 */

typedef struct kiosk_speech kiosk_speech;

/* Sound for one press. samples is the caller's: kiosk_pcm_free. */
typedef struct kiosk_pcm {
	int16_t *samples;        /* mono */
	size_t n;                /* samples in the buffer */
	int rate;                /* samples a second (22050 with espeak-ng) */
	bool truncated;          /* cut at KIOSK_SPEECH_MAX_SECONDS or the text
	                          * at KIOSK_SPEECH_TEXT_MAX */
} kiosk_pcm;

/* Cheap: the engine starts on the first kiosk_speech_say. Only one may exist
 * at a time (FB_ERR_INVALID otherwise). */
int kiosk_speech_new(kiosk_speech **out, fb_err *err);
/* Stops the engine if it was started (espeak_Terminate). NULL is a no-op. */
void kiosk_speech_free(kiosk_speech *s);
/* Whether the engine has been started (by a kiosk_speech_say). */
bool kiosk_speech_started(const kiosk_speech *s);

/* The espeak-ng voice for a kiosk language ("en" is British English,
 * "en-gb"), or NULL when the kiosk has none for it: then the read-aloud
 * button is not offered. Only the built-in languages (words.c) have one,
 * so everything on a screen is read in one voice. */
const char *kiosk_speech_voice(const char *lang);

/* Speaks text in lang into *out (zeroed first; kiosk_pcm_free it on success).
 * Errors: FB_ERR_NOTFOUND "no voice for language ..." (nothing started),
 * FB_ERR_IO the engine or voice would not start, FB_ERR_NOMEM. */
int kiosk_speech_say(kiosk_speech *s, const char *lang, const char *text,
		     kiosk_pcm *out, fb_err *err);
void kiosk_pcm_free(kiosk_pcm *p);   /* frees samples; NULL is a no-op */

/* The words read aloud for view, as sentences, into out (always
 * NUL-terminated, cut on a character boundary). A question: the question,
 * its help, then each answer's words in order; attract: the invitation;
 * language: its title; still_there: the question and the answer button;
 * thanks: the thanks and the crisis help; sorry: what happened and what to
 * do. Staff screens and cleaning: nothing. view->text (what was typed) is
 * never read. Runs of three or more digits are read one digit at a time
 * ("116 123" as "1 1 6, 1 2 3"): phone numbers. Returns the length; 0 means
 * nothing to read (no button). */
size_t kiosk_speech_script(const kiosk_view *v, char *out, size_t out_size);

/* Touch and hear: the words of one widget of view's layout, as
 * kiosk_speech_script says them: its visible words (an answer's label, a
 * button's, a title, a key's), then "Chosen" on a chosen answer. The text
 * box says its placeholder, never what was typed; the page dots, the tick,
 * cards and the staff corner, and everything on the staff and cleaning
 * screens, say nothing. Returns the length; 0 nothing to say. */
size_t kiosk_speech_widget(const kiosk_view *v, const kiosk_widget *w, char *out,
			   size_t out_size);
/* Touch and hear on a new screen: its heading (the question, or the
 * title) as above. 0: nothing to say. */
size_t kiosk_speech_heading(const kiosk_view *v, char *out, size_t out_size);

#endif
