/* text: the one place the kiosk measures and draws text (SDL2_ttf + fribidi,
 * in kiosk/text_sdl.c, behind the render seam: this header has no SDL type;
 * kiosk/text_sdl.h adds the renderer to draw into).
 * Owns: the fonts named in assets/fonts.list (each file mapped once, a
 * TTF_Font per script, weight and pixel size made on first use), splitting a
 * line into bidi and script runs (kiosk/text_bidi.h: fribidi's levels for
 * the line's whole paragraph, then its visual order; the script's font with
 * TTF_SetFontScriptName/TTF_SetFontDirection so HarfBuzz shapes each run),
 * and a capped cache of rendered lines as textures.
 * Promises: any characters draw (a script's font, else the fallback, never a
 * crash); measure and draw agree to the pixel; the cache never holds more
 * than KIOSK_TEXT_CACHE_MAX lines or KIOSK_TEXT_CACHE_BYTES of pixels.
 * Nothing on disk is written. */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"

#define KIOSK_TEXT_MAX_FACES 16          /* scripts in fonts.list */
#define KIOSK_TEXT_MAX_FONTS 96          /* script x weight x size opened */
#define KIOSK_TEXT_MAX_CHARS 4096        /* longest line measured or drawn */
#define KIOSK_TEXT_MAX_RUNS 128          /* bidi/script runs in one line */
#define KIOSK_TEXT_CACHE_MAX 256         /* rendered lines kept */
#define KIOSK_TEXT_CACHE_BYTES (24u * 1024 * 1024)

typedef struct kiosk_text kiosk_text;

/* Reads fonts_list (see assets/fonts.list), maps every font file and checks
 * each opens. Calls TTF_Init. The first script listed is the default; "Zyyy"
 * is the fallback for characters a script's font lacks. */
int kiosk_text_new(kiosk_text **out, const char *fonts_list, fb_err *err);
void kiosk_text_free(kiosk_text *t);          /* NULL is a no-op */

/* Width in pixels of one line of utf8 at px pixels, the line taken as its
 * own paragraph; rtl is the language's direction, the base direction of a
 * paragraph with no strong character of its own (otherwise its first
 * strong character decides: English on an Urdu page is left to right).
 * Matches the layout's measure function. */
int kiosk_text_measure(void *t, const char *utf8, int px, bool bold, bool rtl);
/* Height of a line box at px (the default script's font height). */
int kiosk_text_line_height(kiosk_text *t, int px);

/* Draws one line, into the renderer set with kiosk_text_set_renderer
 * (kiosk/text_sdl.h), with its top-left at (x, y), colour 0xRRGGBBAA. Returns the
 * width drawn, or -1 when the line could not be rendered. */
int kiosk_text_draw(kiosk_text *t, const char *utf8, int px, bool bold,
		    bool rtl, uint32_t rgba, int x, int y);
/* The same inside a box w wide starting at x: align 0 left, 1 centre,
 * 2 right. Returns the line's width. */
int kiosk_text_draw_in(kiosk_text *t, const char *utf8, int px, bool bold,
		       bool rtl, uint32_t rgba, int x, int y, int w, int align);
/* The same for one wrapped line: the bytes [off, off + len) of the
 * paragraph para (para_len bytes, no '\n'), in the order the whole
 * paragraph's bidi levels give it, so a line that starts with "116 123"
 * still reads 116 123. Its width is kiosk_text_measure's of the line alone
 * (what the layout wrapped with) unless a run boundary moves between two
 * letters that kern; tests/unit/test_text.c checks mixed lines agree. */
int kiosk_text_draw_line(kiosk_text *t, const char *para, size_t para_len,
			 size_t off, size_t len, int px, bool bold, bool rtl,
			 uint32_t rgba, int x, int y, int w, int align);

/* Bytes [off, off + len) of a paragraph drawn bold (a run of its own, in
 * the bold font, wherever the bidi order puts it). */
typedef struct kiosk_text_span {
	size_t off, len;
} kiosk_text_span;

/* kiosk_text_draw_line with the spans of the paragraph in bold_spans
 * (n_bold of them, offsets into para, in order) drawn bold and the rest
 * in bold's weight. The width is the sum of each one-weight piece's
 * kiosk_text_measure (what the layout wraps with). */
int kiosk_text_draw_spans(kiosk_text *t, const char *para, size_t para_len,
			  size_t off, size_t len,
			  const kiosk_text_span *bold_spans, size_t n_bold,
			  int px, bool bold, bool rtl, uint32_t rgba, int x,
			  int y, int w, int align);

/* One run of a line, in visual (left to right) order. */
typedef struct kiosk_text_run {
	size_t start;      /* byte offset into the line */
	size_t len;        /* bytes */
	bool rtl;          /* shaped right to left */
	bool bold;         /* in the bold font */
	char script[5];    /* ISO 15924 of the font used, e.g. "Arab" */
} kiosk_text_run;

/* Splits utf8 into runs in visual order; returns how many (at most max), or
 * -1 on bad input. */
int kiosk_text_runs(kiosk_text *t, const char *utf8, bool rtl,
		    kiosk_text_run *runs, int max);
/* The runs of the line [off, off + len) of the paragraph para, as
 * kiosk_text_draw_line draws them; start counts from para. */
int kiosk_text_line_runs(kiosk_text *t, const char *para, size_t para_len,
			 size_t off, size_t len, bool rtl,
			 kiosk_text_run *runs, int max);
/* The same with bold spans, as kiosk_text_draw_spans draws them. */
int kiosk_text_line_runs_spans(kiosk_text *t, const char *para,
			       size_t para_len, size_t off, size_t len,
			       const kiosk_text_span *bold_spans, size_t n_bold,
			       bool rtl, kiosk_text_run *runs, int max);
/* Whether every character of utf8 has a glyph in some loaded font. */
bool kiosk_text_covers(kiosk_text *t, const char *utf8);

typedef struct kiosk_text_stats {
	size_t cached;         /* lines in the cache now */
	size_t cached_bytes;
	uint64_t hits, misses;
	size_t fonts_open;     /* TTF_Font objects made */
} kiosk_text_stats;
void kiosk_text_stats_get(const kiosk_text *t, kiosk_text_stats *st);

#endif
