/* keyboard: the on-screen keyboard's keys, by mode and language. Pure.
 * Owns: which keys exist in each mode (letters, digits and punctuation,
 * accents for the Latin-script languages), their rows, relative widths,
 * widget ids ("key-q", "key-space", ...) and the text each one types.
 * Promises: at most KIOSK_KB_MAX_KEYS keys in at most KIOSK_KB_MAX_ROWS
 * rows; every mode has space and backspace and a way back to letters.
 * Placement on screen is the layout's (kiosk/layout.c). Nothing on disk. */
#ifndef KIOSK_KEYBOARD_H
#define KIOSK_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#define KIOSK_KB_MAX_KEYS 64
#define KIOSK_KB_MAX_ROWS 5

typedef enum kiosk_kb_mode {
	KIOSK_KB_LETTERS = 0,
	KIOSK_KB_DIGITS,         /* digits and punctuation ("?123") */
	KIOSK_KB_ACCENTS,        /* the language's accented letters */
} kiosk_kb_mode;

typedef enum kiosk_key_kind {
	KIOSK_KEY_CHAR = 0,      /* types insert */
	KIOSK_KEY_SPACE,
	KIOSK_KEY_BACKSPACE,
	KIOSK_KEY_SHIFT,
	KIOSK_KEY_ACCENTS,       /* toggles accents mode */
	KIOSK_KEY_DIGITS,        /* toggles digits mode */
} kiosk_key_kind;

typedef struct kiosk_key {
	char id[32];             /* "key-a", "key-ą", "key-space" */
	char label[16];          /* what the key shows ("A" with shift on) */
	char insert[8];          /* UTF-8 typed by a CHAR key; "" otherwise */
	kiosk_key_kind kind;
	int row;                 /* 0 = top */
	int units;               /* width in quarter keys: 4 = one letter key */
	bool active;             /* a toggle that is on (shift, mode) */
} kiosk_key;

/* Whether lang ("pl", "ro", "pt", "es", "cy") has an accents key. */
bool kiosk_kb_has_accents(const char *lang);

/* Fills keys for mode in lang. digit_row adds a row of digits on top of
 * the letters (when the screen has room). Returns the number of keys and
 * sets *rows. Labels of the special keys are symbols or the words given
 * (space_label, letters_label may be NULL for defaults). */
int kiosk_kb_keys(const char *lang, kiosk_kb_mode mode, bool shift,
		  bool digit_row, const char *space_label,
		  kiosk_key *keys, int max, int *rows);

/* The widest row in units, for placing rows on a grid. */
int kiosk_kb_row_units(const kiosk_key *keys, int n, int row);

#endif
