/* render: the seam between the kiosk and the screen. No SDL type here:
 * like microui's renderer (r_draw_rect, r_draw_text, r_get_text_width, ...)
 * the kiosk above it hands over what to show and never touches a pixel.
 * Behind it: kiosk/render_sdl.c (shapes and colours, SDL_RenderGeometry),
 * kiosk/text_sdl.c (shaping with SDL2_ttf, HarfBuzz and fribidi) and
 * kiosk/platform_sdl.c (the window). Only files named *_sdl.c and *_sdl.h
 * include SDL (tests/tools/check_layers.py checks it).
 * Owns: drawing a laid-out screen (kiosk/layout.h) with the NHS identity's
 * colours, the focus ring, the pressed state and burn-in dimming; showing
 * it; and saving what is shown as a PNG.
 * Promises: equal layouts and paints draw equal pixels; a screenshot is
 * replaced atomically (path.tmp, then rename). */
#ifndef KIOSK_RENDER_H
#define KIOSK_RENDER_H

#include <stdbool.h>

#include "fb_err.h"
#include "layout.h"
#include "platform.h"
#include "text.h"

/* What the frame shows besides the layout. */
typedef struct kiosk_paint {
	const char *focus_id;        /* draw the focus ring here; NULL none */
	const char *pressed_id;      /* finger down on this one; NULL none */
	float dim;                   /* [0, 1]: burn-in dimming */
	bool rtl;                    /* the page's direction */
	bool caret;                  /* show the caret in the text field */
	bool blank;                  /* closed: black, nothing drawn (SDL cannot
	                              * turn a backlight off portably) */
	int clip_x, clip_y, clip_w, clip_h; /* draw only this part, the rest
	                              * kept from the frame before (see
	                              * kiosk_platform_keeps_frame); clip_w 0:
	                              * the whole frame */
} kiosk_paint;

/* Draws the frame (or its clip) into p's window, text through text (not shown until
 * kiosk_render_present). */
void kiosk_render_frame(kiosk_platform *p, kiosk_text *text,
			const kiosk_layout *l, const kiosk_paint *paint);
/* Shows what was drawn. */
void kiosk_render_present(kiosk_platform *p);
/* Writes what the window holds now as a PNG (path.tmp, then rename). */
int kiosk_render_save_png(kiosk_platform *p, const char *path, fb_err *err);

/* Measuring (microui's r_get_text_width) is kiosk_text_measure in
 * kiosk/text.h: the layout's kiosk_measure_fn, usable without a window. */

#endif
