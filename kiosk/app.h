/* app: feedback-kiosk's loop around the pure parts, with no SDL of its own.
 * Owns: the life of the window (kiosk/platform.h), the event loop (asleep
 * in kiosk_platform_wait until the flow's next deadline; a frame only when
 * what is shown changed), the clock (real, or virtual in a replay),
 * read-aloud playback (the sound device is open only while
 * kiosk/speech.c's words play), touch and hear's words and its spoken
 * on and off cues, screenshots, the layout dump, replay
 * scripts, --bench timings, and bringing in the Trust's config
 * (<data_dir>/remote-config.json, saved by feedback-syncd) at the attract
 * screen only, with the "You said, we did" items of the attract language. What a touch or key means is kiosk/input.c's;
 * what a screen says is kiosk/view.c's; drawing is behind kiosk/render.h.
 * Promises: a replay exits 0 only when every command ran and every expect
 * held; the layout dump is replaced atomically (write, then rename). */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"

typedef struct kiosk_app_options {
	const char *config_path;     /* required */
	const char *fonts_list;      /* NULL: search (see kiosk_app_fonts_list) */
	bool windowed;               /* a window instead of full screen */
	int width, height;           /* --size; 0 = the display's */
	const char *screenshot_dir;  /* PNG of each screen when first shown */
	const char *layout_dump;     /* JSON of the widgets at each change */
	const char *dump_dir;        /* DIR/<screen>.json when each screen
	                              * first shows, beside its screenshot */
	const char *replay_path;     /* run this script, then exit */
	int64_t clock_ms;            /* with replay_path: the virtual wall clock
	                              * starts here (Unix ms; 0: the real time) */
	bool layout_only;            /* lay out and dump, never draw (tests) */
	bool bench;                  /* print timings to stderr */
} kiosk_app_options;

/* Runs the kiosk until it is closed, the replay ends or staff exit to
 * maintenance. Returns the process exit code (0 fine, 1 a replay failed or
 * the kiosk could not start; err says why). */
int kiosk_app_run(const kiosk_app_options *o, fb_err *err);

/* The fonts list to use: FB_FONTS_LIST from the environment, then
 * assets/fonts.list beside or above the executable, then
 * /usr/share/feedback-kiosk/fonts.list. Writes into out. */
void kiosk_app_fonts_list(char *out, size_t out_size);

#endif
