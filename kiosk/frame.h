/* frame: a laid-out screen as a fingerprint and as the --layout-dump file.
 * Pure of SDL. Owns: the hash that says whether two frames would draw the
 * same pixels (so the app draws only when what is shown changed), and the
 * JSON dump of the widgets tests and replays read.
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

/* Writes {screen, language, width, height, widgets: [...]} to path.
 * Returns 0, or -1 with the reason on stderr. */
int kiosk_frame_dump(const char *path, const kiosk_layout *l,
		     const char *screen, const char *language, int w, int h);

#endif
