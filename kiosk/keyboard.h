/* keyboard: the on-screen keyboard's keys, by page and language.
 * Owns: which keys exist on each page (the language's letters, digits and
 * punctuation, the language's accented letters, a phone pad, an email
 * page), their rows, relative widths, widget ids ("key-q", "key-ض",
 * "key-space", ...) and the text each one types. The letters come from the
 * system's keyboard data (xkb-data, read through libxkbcommon): the rows a
 * person already types on at home, level 1 unshifted and level 2 with
 * shift; accents from the layout's AltGr level or its dead keys.
 * Promises: at most KIOSK_KB_MAX_KEYS keys in at most KIOSK_KB_MAX_ROWS
 * rows, no row wider than the fit allows; ids are unique on a page; every
 * page has backspace and every page but the phone pad space and a way back.
 * Each language's keymap is compiled once (a few ms) and kept for the
 * process; without xkb-data the letters are QWERTY, said once on stderr.
 * Placement on screen is the layout's (kiosk/layout_question.c). Reads
 * /usr/share/X11/xkb; writes nothing. Main thread only (the cache). */
#ifndef KIOSK_KEYBOARD_H
#define KIOSK_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#define KIOSK_KB_MAX_KEYS 72
#define KIOSK_KB_MAX_ROWS 7

typedef enum kiosk_kb_mode {
	KIOSK_KB_LETTERS = 0,
	KIOSK_KB_DIGITS,         /* digits and punctuation ("?123") */
	KIOSK_KB_ACCENTS,        /* the language's accented letters */
	KIOSK_KB_PHONE,          /* a phone pad: 0-9, +, space, backspace */
	KIOSK_KB_EMAIL,          /* Latin letters, digits, @ . - _ */
} kiosk_kb_mode;

typedef enum kiosk_key_kind {
	KIOSK_KEY_CHAR = 0,      /* types insert */
	KIOSK_KEY_SPACE,
	KIOSK_KEY_BACKSPACE,
	KIOSK_KEY_SHIFT,
	KIOSK_KEY_ACCENTS,       /* toggles accents page */
	KIOSK_KEY_DIGITS,        /* toggles digits page (back to the field's own) */
} kiosk_key_kind;

typedef struct kiosk_key {
	char id[32];             /* "key-a", "key-ą", "key-space" */
	char label[24];          /* what the key shows ("A" with shift on) */
	char insert[16];         /* UTF-8 typed by a CHAR key; "" otherwise */
	kiosk_key_kind kind;
	int row;                 /* 0 = top */
	int units;               /* width in quarter keys: 4 = one letter key */
	bool active;             /* a toggle that is on (shift, page) */
} kiosk_key;

/* How much room the layout has: at most per_row letter keys (4 units and
 * a gap each) fit across and max_rows rows down; digit_row adds a row of
 * digits above the letters when the screen is tall enough. 0: no limit.
 * A page with more letters than the rows hold puts the space bar and the
 * page keys on the last letter row (Arabic's 33 letters at 800x480). */
typedef struct kiosk_kb_fit {
	int per_row;
	int max_rows;
	bool digit_row;
} kiosk_kb_fit;

/* Whether lang ("pl", "es", ...) has an accents page. */
bool kiosk_kb_has_accents(const char *lang);

/* The page a text field opens on, from its input_hint ("phone" gets the
 * phone pad; "email" and "contact", which may be either, the email page;
 * anything else the letters). */
kiosk_kb_mode kiosk_kb_mode_for_hint(const char *hint);

/* Whether an empty field starts with a capital, as a phone does: only on
 * the letters page of a script with capitals (never for email, Arabic,
 * Urdu or the Indic scripts, whose shift level is other letters). */
bool kiosk_kb_auto_capital(const char *lang, kiosk_kb_mode mode);

/* Fills keys for mode in lang. fit may be NULL (no limit, no digit row).
 * Returns the number of keys and sets *rows. The space key shows
 * space_label (NULL or "": "space"). */
int kiosk_kb_keys(const char *lang, kiosk_kb_mode mode, bool shift,
		  const kiosk_kb_fit *fit, const char *space_label,
		  kiosk_key *keys, int max, int *rows);

/* The width of a row in units, for placing rows on a grid. */
int kiosk_kb_row_units(const kiosk_key *keys, int n, int row);

/* Whether lang's letters came from xkb-data (false: the QWERTY fallback).
 * Compiles lang's keymap if it is not cached yet. */
bool kiosk_kb_from_system(const char *lang);

/* Test seam: where xkb-data is looked for (NULL: the system's). Drops the
 * cache, so the next use compiles again. */
void kiosk_kb_set_xkb_root(const char *dir);

#endif
