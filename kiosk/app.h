/* app: feedback-kiosk's SDL program around the pure parts.
 * Owns: the window and renderer, the event loop (asleep in
 * SDL_WaitEventTimeout until the flow's next deadline; a frame only when
 * what is shown changed), turning touches, clicks and keys into flow events
 * through the same widgets (focus moves with Tab and the arrows for switch
 * access), the keyboard's mode, read-aloud playback (the sound device is
 * open only while kiosk/speech.c's words play), screenshots, the layout
 * dump, replay scripts on a virtual clock, and --bench timings.
 * Promises: a replay exits 0 only when every command ran and every expect
 * held; the layout dump is replaced atomically (write, then rename).
 * Also declares the renderer seam (kiosk/render_sdl.c), the only other
 * place that draws. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <SDL.h>
#include <stdbool.h>

#include "fb_err.h"
#include "layout.h"
#include "text.h"

typedef struct kiosk_app_options {
	const char *config_path;     /* required */
	const char *fonts_list;      /* NULL: search (see kiosk_app_fonts_list) */
	bool windowed;               /* a window instead of full screen */
	int width, height;           /* --size; 0 = the display's */
	const char *screenshot_dir;  /* PNG of each screen when first shown */
	const char *layout_dump;     /* JSON of the widgets at each change */
	const char *replay_path;     /* run this script, then exit */
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

/* ---- the renderer seam (kiosk/render_sdl.c) ---- */

/* What the frame shows besides the layout. */
typedef struct kiosk_paint {
	const char *focus_id;        /* draw the focus ring here; NULL none */
	const char *pressed_id;      /* finger down on this one; NULL none */
	float dim;                   /* [0, 1]: burn-in dimming */
	bool rtl;                    /* the page's direction */
	bool caret;                  /* show the caret in the text field */
} kiosk_paint;

/* Draws the whole frame (does not present). */
void kiosk_render_frame(SDL_Renderer *ren, kiosk_text *text,
			const kiosk_layout *l, const kiosk_paint *p,
			int w, int h);
/* Writes what the renderer holds now as a PNG (path.tmp, then rename). */
int kiosk_render_save_png(SDL_Renderer *ren, const char *path, fb_err *err);

#endif
