/* frame: a laid-out screen as a fingerprint and as the --layout-dump file.
 * Pure of SDL. Owns: the hash that says whether two frames would draw the
 * same pixels (so the app draws only when what is shown changed), the
 * per-widget fingerprint that says where they differ (so it draws only
 * there), and the JSON dump of the widgets tests and replays read.
 * Promises: equal hashes for equal layouts, paints and sizes; the dump
 * never holds what a person typed (the text field's label is left out) and
 * is replaced atomically (path.tmp, then rename). */
#ifndef KIOSK_FRAME_H
#define KIOSK_FRAME_H

#include <stdint.h>

#include "layout.h"
#include "render.h"     /* kiosk_paint */

/* Equal values draw equal pixels. */
uint64_t kiosk_frame_hash(const kiosk_layout *l, const kiosk_paint *p,
			  int w, int h);

/* A box in window pixels. */
typedef struct kiosk_frame_box {
	int x, y, w, h;
} kiosk_frame_box;

/* What a frame drew, widget by widget (a fingerprint and a box each), so
 * the next can draw only the part that changed. n 0: nothing drawn. */
typedef struct kiosk_frame_sig {
	size_t n;
	uint64_t paint;                             /* paint and size */
	uint64_t widget[KIOSK_LAYOUT_MAX_WIDGETS];
	kiosk_frame_box box[KIOSK_LAYOUT_MAX_WIDGETS];
} kiosk_frame_sig;

void kiosk_frame_sig_make(kiosk_frame_sig *sig, const kiosk_layout *l,
			  const kiosk_paint *p, int w, int h);

typedef enum kiosk_frame_change {
	KIOSK_FRAME_SAME,   /* the same pixels */
	KIOSK_FRAME_PART,   /* only in *out */
	KIOSK_FRAME_ALL,    /* draw the whole frame (*out is the window) */
} kiosk_frame_change;

/* What differs between the frame was drew and the one now would: ALL when
 * the paint, the size or the number of widgets changed (or nothing was
 * drawn yet), else the union of the old and new boxes of the widgets that
 * changed, widened by margin pixels and cut to the w x h window (PART), or
 * SAME. A part larger than half the window is ALL. Widgets draw inside
 * their boxes (plus margin) for this to hold: the focus ring, drawn
 * outside, is part of the paint. */
kiosk_frame_change kiosk_frame_damage(const kiosk_frame_sig *was,
				      const kiosk_frame_sig *now, int margin,
				      int w, int h, kiosk_frame_box *out);

/* Writes {screen, language, width, height, widgets: [...]} to path.
 * Returns 0, or -1 with the reason on stderr. */
int kiosk_frame_dump(const char *path, const kiosk_layout *l,
		     const char *screen, const char *language, int w, int h);

#endif
