/* input: what a touch, a click or a key press means to the survey.
 * Pure: no SDL, no clock, no drawing; events come in as kiosk_input_event
 * (kiosk/platform_sdl.c makes them from SDL's) and go out as flow events
 * (kiosk/flow.h) through the host's send.
 * Owns: the person's hands on the screen: the widget under the finger (a
 * press counts when the finger lifts on the widget it went down on; sliding
 * off cancels, as on phones), the staff corner held down, the focus moved
 * with Tab and the arrows for switch access, the on-screen keyboard's page
 * and shift, and the larger text the person asked for.
 * Touch and hear (the flow's switch, kiosk/flow.h): while it is on, a
 * finger speaks the words under it (kiosk_layout_words_at) through the
 * host's hear and presses nothing; sliding speaks each widget it crosses;
 * a second tap on the same widget, going down within
 * KIOSK_INPUT_DOUBLE_TAP_MS of the first lifting, presses it. The
 * read-aloud button keeps its own ways in both: a tap reads the screen,
 * a hold switches touch and hear.
 * Promises: a touch that wakes a screen (it changed what is shown) presses
 * nothing; a held switch presses once; what was typed goes to the flow and
 * is kept nowhere here. Nothing on disk. */
#ifndef KIOSK_INPUT_H
#define KIOSK_INPUT_H

#include <stdbool.h>

#include "flow.h"
#include "keyboard.h"
#include "layout.h"

/* The keys the kiosk listens to (a switch sends Tab/arrows and Enter). */
typedef enum kiosk_input_key {
	KIOSK_IN_KEY_OTHER = 0,  /* any other key: counts as activity only */
	KIOSK_IN_KEY_TAB,
	KIOSK_IN_KEY_LEFT,
	KIOSK_IN_KEY_RIGHT,
	KIOSK_IN_KEY_UP,
	KIOSK_IN_KEY_DOWN,
	KIOSK_IN_KEY_RETURN,     /* Return and keypad Enter */
	KIOSK_IN_KEY_SPACE,
	KIOSK_IN_KEY_BACKSPACE,
	KIOSK_IN_KEY_ESCAPE,
} kiosk_input_key;

typedef enum kiosk_input_kind {
	KIOSK_IN_NONE = 0,       /* nothing the kiosk listens to */
	KIOSK_IN_QUIT,           /* the window was closed (the app's) */
	KIOSK_IN_RESIZED,        /* the window's size changed (the app's) */
	KIOSK_IN_EXPOSED,        /* the window must be drawn again (the app's) */
	KIOSK_IN_DOWN,           /* a finger or the left button went down */
	KIOSK_IN_MOVE,
	KIOSK_IN_UP,
	KIOSK_IN_KEY,            /* a key went down */
	KIOSK_IN_TEXT,           /* typed text (a hardware keyboard) */
	KIOSK_IN_HEADPHONES,     /* a sound output was plugged in after start */
} kiosk_input_kind;

#define KIOSK_INPUT_TEXT_MAX 32  /* bytes of one text event, NUL included */
/* Touch and hear: from the first tap's lift to the second's touch. Phones
 * use 300-500 ms; the longer end for hands that are slower. */
#define KIOSK_INPUT_DOUBLE_TAP_MS 500

typedef struct kiosk_input_event {
	kiosk_input_kind kind;
	int x, y;                /* DOWN/MOVE/UP: window pixels */
	kiosk_input_key key;     /* KEY */
	bool shift;              /* KEY: Shift held (Shift+Tab goes back) */
	bool repeat;             /* KEY: the key is held and repeating */
	char text[KIOSK_INPUT_TEXT_MAX]; /* TEXT: UTF-8 */
} kiosk_input_event;

/* What input drives. flow and layout are borrowed and read only here; every
 * change goes through send. */
typedef struct kiosk_input_host {
	const fb_flow *flow;
	const kiosk_layout *layout;        /* what is on screen */
	/* Feeds one event to the flow (the app then notices a new screen and
	 * calls kiosk_input_new_screen). */
	void (*send)(void *ctx, fb_event_kind kind, int index, const char *text);
	/* Lays out (and draws) the screen as it is now: a finger going down is
	 * hit-tested against what the person sees. */
	void (*refresh)(void *ctx);
	/* The read-aloud button was pressed. */
	void (*read_aloud)(void *ctx);
	/* Touch and hear: say w's words (w is borrowed for the call; it is
	 * in layout). NULL: nothing is said. */
	void (*hear)(void *ctx, const kiosk_widget *w);
	/* The flow's clock (double taps). NULL: no double tap ever. */
	int64_t (*now_ms)(void *ctx);
	void *ctx;
} kiosk_input_host;

typedef struct kiosk_input kiosk_input;

/* host is copied. -1: out of memory. */
int kiosk_input_new(kiosk_input **out, const kiosk_input_host *host);
void kiosk_input_free(kiosk_input *in);        /* NULL is a no-op */

/* One pointer or key event (QUIT, RESIZED, EXPOSED and NONE are ignored). */
void kiosk_input_handle(kiosk_input *in, const kiosk_input_event *ev);
/* A widget was pressed by id ("next", "answer-3", "key-a", ...): what a
 * tap, a click or Enter on the focus ends in. */
void kiosk_input_activate(kiosk_input *in, const char *id);

/* The flow shows a new screen: the keyboard starts on letters (with a
 * capital on an empty text answer), nothing is pressed or focused, and the
 * attract screen forgets the larger text (the next person chooses). */
void kiosk_input_new_screen(kiosk_input *in);
/* After a layout: drop a focus whose widget is gone; in switch mode a new
 * screen starts with its first button focused. */
void kiosk_input_settle(kiosk_input *in);

/* What to draw and show: the focus ring's widget (NULL when none is shown),
 * the widget under the finger (NULL none), the keyboard, larger text. */
const char *kiosk_input_focus(const kiosk_input *in);
const char *kiosk_input_pressed(const kiosk_input *in);
kiosk_kb_mode kiosk_input_kb_mode(const kiosk_input *in);
bool kiosk_input_shift(const kiosk_input *in);
bool kiosk_input_large_text(const kiosk_input *in);

#endif
