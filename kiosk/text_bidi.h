/* text_bidi: the pure half of kiosk/text.h: the direction of text, resolved
 * once per paragraph with libfribidi, then each wrapped line of it put in
 * visual order. No SDL: tests drive it with no window and no fonts.
 * Owns: a paragraph's characters, bidi types and embedding levels (UAX #9
 * through fribidi_get_par_embedding_levels_ex), its base direction (its own
 * first strong character; the language's only when it has none), and
 * phone numbers ("116 123", "0800 1111") held together as a left-to-right
 * isolate, so a line never shows "123 116".
 * Promises: a line's order comes from its paragraph's levels
 * (fribidi_reorder_line), never from the line alone. Paragraphs longer than
 * KIOSK_BIDI_MAX_CHARS characters, or not UTF-8, are refused (-1).
 * Nothing on disk. */
#ifndef KIOSK_TEXT_BIDI_H
#define KIOSK_TEXT_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fribidi.h>

#define KIOSK_BIDI_MAX_CHARS 4096

/* One paragraph, resolved. Big (about 220 KB, nothing allocated per
 * call): callers keep one as scratch. */
typedef struct kiosk_bidi_para {
	FriBidiChar cp[KIOSK_BIDI_MAX_CHARS];       /* logical order */
	FriBidiCharType types[KIOSK_BIDI_MAX_CHARS];
	FriBidiLevel levels[KIOSK_BIDI_MAX_CHARS];  /* the paragraph's */
	size_t byte_of[KIOSK_BIDI_MAX_CHARS + 1];   /* cp[i] starts here */
	int n;                                      /* characters */
	bool rtl;                                   /* resolved base direction */
	struct kiosk_bidi_work {  /* kiosk_bidi_resolve's: the text with its marks */
		FriBidiChar cp[KIOSK_BIDI_MAX_CHARS * 2];
		FriBidiCharType types[KIOSK_BIDI_MAX_CHARS * 2];
		FriBidiBracketType brackets[KIOSK_BIDI_MAX_CHARS * 2];
		FriBidiLevel levels[KIOSK_BIDI_MAX_CHARS * 2];
		int real[KIOSK_BIDI_MAX_CHARS * 2]; /* index into cp; -1 a mark */
	} work;
} kiosk_bidi_para;

/* Resolves the paragraph utf8 (len bytes, no '\n' inside). rtl is the
 * language's direction, used only when the paragraph has no strong
 * character of its own ("116 123", "..."). 0, or -1 on bad or long input. */
int kiosk_bidi_resolve(kiosk_bidi_para *p, const char *utf8, size_t len,
		       bool rtl);

/* The line of p starting at character first, count characters long, in
 * visual order: vis[k] is the logical index (into p->cp) shown k-th from
 * the left; levels[i] (may be NULL) is character first + i's level after
 * the line's own rule L1 (its trailing spaces take the paragraph's level).
 * vis and levels have room for count. 0, or -1 on a bad range. */
int kiosk_bidi_line(const kiosk_bidi_para *p, int first, int count,
		    int *vis, FriBidiLevel *levels);

/* The character index of byte offset off in p (off on a character start,
 * or p's length: p->n), or -1. */
int kiosk_bidi_index(const kiosk_bidi_para *p, size_t off);

/* The line [off, off + len) of the paragraph utf8 as it reads on screen,
 * left to right, as UTF-8 into out (n bytes; cut to fit): what a tester
 * compares against ("116 123 ...", "... saved."). rtl as for
 * kiosk_bidi_resolve. Returns the bytes written, or -1. */
int kiosk_bidi_visual(const char *utf8, size_t para_len, size_t off,
		      size_t len, bool rtl, char *out, size_t n);

/* Whether the paragraph utf8 (len bytes) reads right to left: its first
 * strong character's direction, else rtl. */
bool kiosk_bidi_para_rtl(const char *utf8, size_t len, bool rtl);

#endif
