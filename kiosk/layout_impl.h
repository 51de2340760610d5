/* layout_impl: the inside of the layout, shared by the files that make it
 * up (not for use outside kiosk/layout*.c; everyone else has layout.h).
 *   layout.c           metrics, text wrapping, widgets, the pieces every
 *                      screen shares (header, navigation, button rows),
 *                      the build, mirroring for right-to-left, hit tests;
 *   layout_question.c  the question page: rating cards, choices, the text
 *                      field and keyboard;
 *   layout_screens.c   the other screens: attract, language, the message
 *                      screens (still there, thanks, sorry, cleaning), the
 *                      PIN pad and the staff screen.
 * Everything is laid out in reading order, left to right, and mirrored at
 * the end (layout.c) for right-to-left languages. */
#ifndef KIOSK_LAYOUT_IMPL_H
#define KIOSK_LAYOUT_IMPL_H

#include <math.h>

#include "layout.h"

#define LAY_MAX_LINES 64
#define LAY_MAX_SPANS 4096           /* kiosk_line_src kept for one build */
#define LAY_MAX_CUTS 64              /* wrapped texts cut in one build */
#define LAY_MAX_BOLD 256             /* bold spans kept for one build */
#define LAY_MIN_PX 22                /* no text smaller: what scaling stops at */
/* Easy read: every text this much larger (percent), before A+. */
#define LAY_EASY_READ_PCT 120

struct kiosk_layout {
	kiosk_widget w[KIOSK_LAYOUT_MAX_WIDGETS];
	size_t n;
	char text[KIOSK_LAYOUT_TEXT_BYTES];
	size_t used;
	kiosk_line_src spans[LAY_MAX_SPANS];
	size_t n_spans;
	const kiosk_line_src *wrap_src;  /* the last lay_wrap's lines, or NULL */
	bool truncated;
	kiosk_span bold[LAY_MAX_BOLD];
	size_t n_bold;
	/* lay_wrap's bold spans while it wraps wrap_bold_text (NULL none):
	 * measured in their weight, never broken inside */
	const char *wrap_bold_text;
	const kiosk_span *wrap_bold;
	int n_wrap_bold;
	const char *cuts[LAY_MAX_CUTS];  /* lay_wrap results that were cut */
	size_t n_cuts;
	/* for one build */
	const kiosk_view *v;
	int W, H;
	float s;
	bool landscape, rtl;
	int gap, margin, target, body, small, title_px, q_px, header_h, pad;
	/* the question's help and its answers' words: body, a fifth larger
	 * in easy read (the controls, the text box and keyboard keep body,
	 * so a keyboard page fits the same); base_body is it before A+ */
	int ans_body, base_body;
	int top, bottom;             /* content area between header and edge */
	kiosk_measure_fn measure;
	void *mctx;
};

static inline int imax(int a, int b) { return a > b ? a : b; }
static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int sc(float s, float v) { return (int)lroundf(s * v); }

/* layout.c: text and widgets */
kiosk_widget *lay_add(kiosk_layout *l, const char *id, kiosk_role role,
		      const char *label, int x, int y, int w, int h);
int lay_bottom(kiosk_layout *l, size_t from);
kiosk_widget *lay_button(kiosk_layout *l, const char *id, kiosk_role role,
			 const char *label, int x, int y, int w, int h);
int lay_button_w(kiosk_layout *l, const char *label, int min_w);
void lay_center_v(kiosk_layout *l, size_t from, int top, int bottom);
int lay_flow_bottom_languages(kiosk_layout *l, int x, int y, int maxw);
int lay_flow_buttons(kiosk_layout *l, int x, int y, int maxw, int h,
		     kiosk_role role, size_t n, const char *const *ids,
		     const char *const *labels, const bool *selected,
		     bool equal);
/* the most lines a Back, Skip or Next button's words wrap to */
#define LAY_NAV_LINES 3
int lay_nav(kiosk_layout *l, bool side, int side_w, int side_top);
int lay_nav_top(kiosk_layout *l);
int lay_round_room(kiosk_layout *l);
void lay_shift(kiosk_layout *l, size_t from, int dx, int dy);
int lay_hear_room(kiosk_layout *l);
kiosk_widget *lay_text(kiosk_layout *l, const char *id, kiosk_role role,
		       const char *text, int px, bool bold, int x, int y,
		       int maxw, kiosk_align align, int max_lines);
int lay_width(kiosk_layout *l, const char *s, size_t len, int px,
	      bool bold);
/* Also leaves in l->wrap_src where each line came from (NULL when out of
 * room): give it to the widget's line_src. */
const char *lay_wrap(kiosk_layout *l, const char *text, int px,
		     bool bold, int maxw, int max_lines, int *n_lines,
		     int *widest);
int lay_line_h(int px);
/* Body text whose numbers (digit groups with one space or '-' between, a
 * leading '+') and words in capitals (two letters or more: NHS, SHOUT)
 * are bold and never broken across lines; otherwise as lay_text. */
kiosk_widget *lay_text_numbers(kiosk_layout *l, const char *id,
			       kiosk_role role, const char *text, int px,
			       int x, int y, int maxw, kiosk_align align,
			       int max_lines);
/* The spans of s to make bold, as lay_text_numbers does; at most max. */
int lay_find_numbers(const char *s, kiosk_span *out, int max);

/* layout_question.c */
void lay_question(kiosk_layout *l);

/* layout_screens.c */
void lay_attract(kiosk_layout *l);
void lay_language(kiosk_layout *l);
void lay_message(kiosk_layout *l, bool tick);
void lay_staff(kiosk_layout *l);
void lay_staff_pin(kiosk_layout *l);
void lay_staff_enrol(kiosk_layout *l);

#endif
