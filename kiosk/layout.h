/* layout: what is on the screen and where. Pure: no SDL, no clock.
 * Owns: turning a kiosk_view (what the flow says to show, in words already
 * translated) and a window size into a list of widgets {id, role, label,
 * rectangle, text style}, with text already broken into lines by an
 * injected measure function. Sizes scale with the display (800x480 up to
 * 1920x1080 and portrait 1080x1920); right-to-left languages get the whole
 * layout mirrored. Promises: every widget lies inside the window; touch
 * targets are at least kiosk_layout_min_target() high and wide, 16 px or
 * more apart; at most KIOSK_LAYOUT_MAX_WIDGETS widgets and
 * KIOSK_LAYOUT_TEXT_BYTES of label text (what does not fit is cut). */
#ifndef KIOSK_LAYOUT_H
#define KIOSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"       /* fb_screen */
#include "keyboard.h"
#include "survey.h"     /* fb_qkind */

#define KIOSK_LAYOUT_MAX_WIDGETS 192
#define KIOSK_LAYOUT_TEXT_BYTES (48 * 1024)
#define KIOSK_VIEW_MAX_ITEMS 32         /* options, languages, status lines */
#define KIOSK_WIDGET_ID_MAX 48

/* Width in pixels of one line of utf8 (kiosk_text_measure in the app, a
 * fake in tests). */
typedef int (*kiosk_measure_fn)(void *ctx, const char *utf8, int px,
				bool bold, bool rtl);

typedef enum kiosk_role {
	KIOSK_ROLE_HEADER = 0,   /* the blue band with the service name */
	KIOSK_ROLE_TITLE,        /* headline */
	KIOSK_ROLE_TEXT,         /* body text, dark */
	KIOSK_ROLE_HINT,         /* secondary text, grey-blue */
	KIOSK_ROLE_CARD,         /* white card; accent bar when `accent` */
	KIOSK_ROLE_PRIMARY,      /* the one green main action */
	KIOSK_ROLE_BUTTON,       /* secondary action: white, blue outline */
	KIOSK_ROLE_ANSWER,       /* rating card with a face (code) */
	KIOSK_ROLE_OPTION,       /* single/multiple choice */
	KIOSK_ROLE_LANGUAGE,     /* a language, in its own script */
	KIOSK_ROLE_KEY,          /* on-screen keyboard key */
	KIOSK_ROLE_FIELD,        /* the free-text box */
	KIOSK_ROLE_DOTS,         /* page dots (code = current, value = count) */
	KIOSK_ROLE_PIN,          /* PIN entry: code = digits entered */
	KIOSK_ROLE_TICK,         /* the thank-you check mark */
	KIOSK_ROLE_CORNER,       /* invisible staff corner */
	KIOSK_ROLE_ROUND,        /* round button on the band ("text-size",
	                          * "read-aloud"); code says which icon */
	KIOSK_ROLE_COUNT
} kiosk_role;

/* ROUND: what it shows (the label keeps the words, for the dump). */
#define KIOSK_ROUND_TEXT 0       /* its lines ("A+") */
#define KIOSK_ROUND_SPEAKER 1    /* a speaker; selected: reading, a stop mark */

/* OPTION: the picture beside an easy-read answer (kiosk/faces.h draws it). */
#define KIOSK_PICTURE_NONE 0
#define KIOSK_PICTURE_YES 1      /* a tick */
#define KIOSK_PICTURE_NO 2       /* a cross */
#define KIOSK_PICTURE_NOT_SURE 3 /* a question mark */
/* The picture for an easy-read option value ("yes", "no", "not_sure"). */
int kiosk_picture_for(const char *value);

typedef enum kiosk_align { KIOSK_ALIGN_START = 0, KIOSK_ALIGN_CENTER,
			   KIOSK_ALIGN_END } kiosk_align;

/* Where one of a widget's lines came from: the paragraph it was broken
 * from (the words between '\n's) and its bytes in it. The renderer resolves
 * text direction per paragraph (kiosk/text.h), never per line, so a line
 * that starts with "116 123" reads as its paragraph does. */
typedef struct kiosk_line_src {
	const char *para;        /* the paragraph's first byte (layout's copy) */
	uint32_t para_len;       /* its bytes */
	uint32_t off, len;       /* the line's bytes in it (no "…" added) */
} kiosk_line_src;

/* Bytes [off, off + len) of a widget's label drawn bold, whatever the
 * widget's `bold` says: the numbers on the crisis card ("116 123"). */
typedef struct kiosk_span {
	uint32_t off, len;
} kiosk_span;

typedef struct kiosk_widget {
	char id[KIOSK_WIDGET_ID_MAX];   /* "next", "answer-1"; "" never */
	kiosk_role role;
	const char *label;       /* the words as given (layout's copy) */
	const char *lines;       /* label broken into lines with '\n' */
	int n_lines;
	const kiosk_line_src *line_src; /* n_lines entries; NULL: each line
	                          * is a paragraph of its own */
	int x, y, w, h;          /* window pixels */
	int px;                  /* font size */
	int line_h;              /* pixels from one line to the next */
	bool bold;
	const kiosk_span *bold_runs; /* n_bold_runs spans of label drawn bold,
	                          * in order, none across a line break; NULL
	                          * none (the layout's copy) */
	int n_bold_runs;
	kiosk_align align;       /* of text in its box; after the build it is
	                          * physical (START = left), RTL included */
	bool target;             /* can be pressed or focused */
	bool selected;           /* chosen answer, active toggle */
	bool disabled;           /* shown but does nothing yet (Next) */
	int code;                /* ANSWER: face; DOTS: current; PIN: count;
	                          * ROUND: KIOSK_ROUND_* */
	int value;               /* DOTS: count */
	uint32_t accent;         /* CARD: 0xRRGGBBAA of the bar, 0 none */
	int text_x, text_y;      /* the text block, relative to the box */
	int text_w;
	int face_x, face_y, face_r; /* ANSWER/OPTION: face or mark centre,
	                          * relative to the box; face_r 0 none */
	int picture;             /* OPTION: KIOSK_PICTURE_* drawn at the
	                          * mark's place (easy read), 0 none */
	bool on_dark;            /* text on the blue band: draw it white */
	bool cut;                /* its words did not all fit: lines cut,
	                          * "…" added (the --layout-dump says so) */
	int ink_w;               /* its widest line as the text module
	                          * measures it (what draws), 0 no text */
} kiosk_widget;

/* What to show, in words already in the person's language. Pointers are
 * borrowed for the kiosk_layout_build call only (the layout copies). */
typedef struct kiosk_view {
	fb_screen screen;
	const char *language;    /* "en" */
	bool rtl;                /* mirror the layout */
	const char *service;     /* header: ward or service name */
	const char *organisation;/* header second line ("" none) */
	bool text_size;          /* offer the round "A+" button (patient screens) */
	bool large_text;         /* the person asked for larger text */
	bool read_aloud;         /* offer the round read-aloud button */
	bool reading;            /* reading now: the button stops it */
	const char *read_aloud_label; /* "Read aloud" or "Stop reading aloud" */
	/* Touch and hear is on: a marker in the band, before the round
	 * buttons ("touch-hear", these words); NULL off. */
	const char *touch_hear_label;

	/* Headline, body and smaller text of the simple screens (attract,
	 * language, still_there, thanks, sorry, staff_pin, staff, cleaning). */
	const char *title;
	const char *body;
	const char *hint;        /* countdown words, "Question 1 of 5" ... */
	const char *primary;     /* green action label: "Start", "Yes, ..." */
	const char *secondary;   /* outline action label: "Finish", "Close" */
	const char *card_title;  /* thanks: "Need to talk to someone now?" */
	const char *card_body;   /* may hold '\n' for separate lines: each
	                          * its own widget, "crisis-body-1", -2 ...,
	                          * its numbers (and words in capitals, a
	                          * text code: SHOUT) bold and never broken */

	/* easy read: bigger words, fewer of them, and a picture beside every
	 * answer (faces on the rating, KIOSK_PICTURE_* on choices). */
	bool easy_read;
	/* attract: a button per mode on offer beside Start ([kiosk] modes),
	 * ids "mode-easy_read", "mode-children"; n_modes 0 none. */
	struct { const char *id; const char *label; } modes[4];
	size_t n_modes;

	/* attract and language: languages in their own scripts. */
	struct { const char *code; const char *name; } langs[KIOSK_VIEW_MAX_ITEMS];
	size_t n_langs;
	/* attract: You said, we did. */
	const char *ysw_heading, *you_said_label, *you_said, *we_did_label, *we_did;
	int ysw_index, ysw_count;        /* count 0: no card */
	float drift_x, drift_y;          /* [-1, 1]: burn-in drift */
	bool staff_corner;

	/* question */
	fb_qkind kind;
	const char *progress;            /* "Question 2 of 5" */
	const char *question;
	const char *help;
	struct { const char *value; const char *label; bool selected; }
		options[KIOSK_VIEW_MAX_ITEMS];
	size_t n_options;                /* FFT: 6 with codes 1..6 in order */
	const char *text;                /* TEXT answer so far */
	const char *placeholder;
	const char *counter;             /* "43 / 500" */
	kiosk_kb_mode kb_mode;
	bool shift;
	const char *space_label;
	bool can_back, can_next, can_skip;
	const char *back_label, *next_label, *skip_label;
	/* The quick path: "send-now" beside Next on the comment screen (Next
	 * then an outline button), "skip-section" on an information page, and
	 * why a greyed Next does nothing ("next-why"). NULL: none. */
	const char *send_now_label, *skip_section_label, *next_why;
	/* What Next says on the other questions (Next or Send): the side
	 * column is as wide as these words need on every question, so the
	 * comment screen's keyboard is the others' size. NULL: next_label. */
	const char *next_usual_label;

	/* staff_pin: digits entered; locked hides the pad's digits. */
	int pin_length;
	bool pin_locked;
	const char *pin_ok_label, *pin_clear_label;
	/* staff: the figures (one short line each, in columns), the last
	 * error (wrapped in full, under them), actions, and the locations
	 * (location set) under location_heading. */
	const char *status[KIOSK_VIEW_MAX_ITEMS];
	size_t n_status;
	const char *status_error;        /* "Last error: ..." */
	const char *location_heading;    /* "Location: choose where ..." */
	struct { const char *id; const char *label; bool selected;
		 bool location; } actions[KIOSK_VIEW_MAX_ITEMS];
	size_t n_actions;
	/* When all of that does not fit one screen it goes on pages, in the
	 * same order: staff_page is the one asked for (the last when there
	 * are fewer), "staff-back" (page_back_label) and "staff-more"
	 * (more_label) lead to the one before and after (value: its
	 * number), "staff-pages" shows where one is (dots). The last
	 * action's words (body) are on every page, above those buttons. */
	int staff_page;
	const char *more_label, *page_back_label;
} kiosk_view;

typedef struct kiosk_layout kiosk_layout;

int kiosk_layout_new(kiosk_layout **out);
void kiosk_layout_free(kiosk_layout *l);      /* NULL is a no-op */

/* Replaces the widget list with the one for view in a w x h window. */
void kiosk_layout_build(kiosk_layout *l, const kiosk_view *view, int w, int h,
			kiosk_measure_fn measure, void *measure_ctx);

size_t kiosk_layout_count(const kiosk_layout *l);
const kiosk_widget *kiosk_layout_get(const kiosk_layout *l, size_t i);
/* The widget with id, or NULL. */
const kiosk_widget *kiosk_layout_find(const kiosk_layout *l, const char *id);
/* The topmost target containing (x, y), or NULL. */
const kiosk_widget *kiosk_layout_hit(const kiosk_layout *l, int x, int y);
/* Touch and hear: what a finger at (x, y) hears: the topmost target
 * there, else the topmost widget with words there (a title, body text,
 * the band), never a card's background, the page dots or the staff
 * corner. NULL when nothing is said there. */
const kiosk_widget *kiosk_layout_words_at(const kiosk_layout *l, int x, int y);
/* Focus order: the index of the next (dir +1) or previous (-1) target
 * after widget index from (-1: the first or last). -1 when none. */
int kiosk_layout_next_target(const kiosk_layout *l, int from, int dir);
/* Whether the layout had to cut text or drop widgets to fit its caps. */
bool kiosk_layout_truncated(const kiosk_layout *l);

/* Metrics for a window size (what the layout uses; tests check them). */
int kiosk_layout_min_target(int w, int h);
int kiosk_layout_gap(int w, int h);
int kiosk_layout_body_px(int w, int h);

const char *kiosk_role_name(kiosk_role r);   /* "button", "answer", ... */

#endif
