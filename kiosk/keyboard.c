/* keyboard: key tables for the on-screen keyboard. See keyboard.h.
 * Rows are 40 units wide (ten letter keys) so they line up on one grid. */
#include "keyboard.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* Accented letters by language, lower and upper case in the same order
 * (space-separated so a letter may be any number of UTF-8 bytes). */
static const struct {
	const char *lang, *lower, *upper;
} kb_accents[] = {
	{ "pl", "ą ć ę ł ń ó ś ź ż", "Ą Ć Ę Ł Ń Ó Ś Ź Ż" },
	{ "ro", "ă â î ș ț", "Ă Â Î Ș Ț" },
	{ "pt", "á à â ã ç é ê í ó ô õ ú", "Á À Â Ã Ç É Ê Í Ó Ô Õ Ú" },
	{ "es", "á é í ó ú ñ ü ¿ ¡", "Á É Í Ó Ú Ñ Ü ¿ ¡" },
	{ "cy", "â ê î ô û ŵ ŷ á é ï", "Â Ê Î Ô Û Ŵ Ŷ Á É Ï" },
};

static const char *kb_rows_letters[] = { "qwertyuiop", "asdfghjkl'", "zxcvbnm" };
static const char *kb_digits = "1234567890";
static const char *kb_punct[] = { "-/:;()£&@\"", ".,?!'+=%*" };

typedef struct kb_build {
	kiosk_key *keys;
	int n, max;
} kb_build;

static kiosk_key *kb_add(kb_build *b, kiosk_key_kind kind, int row, int units,
			 const char *id, const char *label, const char *insert)
{
	if (b->n >= b->max)
		return NULL;
	kiosk_key *k = &b->keys[b->n++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->row = row;
	k->units = units;
	snprintf(k->id, sizeof k->id, "%s", id);
	snprintf(k->label, sizeof k->label, "%s", label);
	snprintf(k->insert, sizeof k->insert, "%s", insert);
	return k;
}

/* One key per UTF-8 character of chars (ASCII upper-cased under shift). */
static void kb_add_chars(kb_build *b, const char *chars, int row, bool shift)
{
	for (const char *p = chars; *p;) {
		size_t len = fb_utf8_next(p, strlen(p), 0);
		char one[8] = { 0 }, id[32], up[8] = { 0 };
		memcpy(one, p, len < 7 ? len : 7);
		snprintf(id, sizeof id, "key-%s", one);
		memcpy(up, one, sizeof up);
		if (shift && len == 1 && up[0] >= 'a' && up[0] <= 'z')
			up[0] = (char)(up[0] - 'a' + 'A');
		kb_add(b, KIOSK_KEY_CHAR, row, 4, id, up, up);
		p += len;
	}
}

/* Splits a space-separated list into keys; ids from lower, text from shown. */
static void kb_add_accents(kb_build *b, const char *lower, const char *upper,
			   bool shift, int first_row)
{
	const char *lo = lower, *up = upper;
	int count = 0;
	while (*lo) {
		size_t ll = strcspn(lo, " "), ul = strcspn(up, " ");
		char id[32], shown[8] = { 0 };
		snprintf(id, sizeof id, "key-%.*s", (int)ll, lo);
		if (shift)
			memcpy(shown, up, ul < 7 ? ul : 7);
		else
			memcpy(shown, lo, ll < 7 ? ll : 7);
		kb_add(b, KIOSK_KEY_CHAR, first_row + count / 10, 4, id, shown, shown);
		count++;
		lo += ll;
		up += ul;
		while (*lo == ' ')
			lo++;
		while (*up == ' ')
			up++;
	}
}

static int kb_accent_index(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof kb_accents / sizeof kb_accents[0]; i++)
		if (strcmp(kb_accents[i].lang, lang) == 0)
			return (int)i;
	return -1;
}

bool kiosk_kb_has_accents(const char *lang)
{
	return kb_accent_index(lang) >= 0;
}

int kiosk_kb_keys(const char *lang, kiosk_kb_mode mode, bool shift,
		  bool digit_row, const char *space_label,
		  kiosk_key *keys, int max, int *rows)
{
	kb_build b = { keys, 0, max };
	int row = 0, acc = kb_accent_index(lang);
	const char *space = space_label && *space_label ? space_label : "space";
	kiosk_key *k;

	if (mode == KIOSK_KB_ACCENTS && acc < 0)
		mode = KIOSK_KB_LETTERS;
	if (mode == KIOSK_KB_LETTERS) {
		if (digit_row)
			kb_add_chars(&b, kb_digits, row++, false);
		kb_add_chars(&b, kb_rows_letters[0], row++, shift);
		kb_add_chars(&b, kb_rows_letters[1], row++, shift);
		k = kb_add(&b, KIOSK_KEY_SHIFT, row, 6, "key-shift", "⇧", "");
		if (k)
			k->active = shift;
		kb_add_chars(&b, kb_rows_letters[2], row, shift);
		kb_add(&b, KIOSK_KEY_BACKSPACE, row++, 6, "key-backspace", "⌫", "");
		kb_add(&b, KIOSK_KEY_DIGITS, row, 6, "key-digits", "?123", "");
		int fill = 40 - 6 - 8;
		if (acc >= 0) {
			kb_add(&b, KIOSK_KEY_ACCENTS, row, 6, "key-accents", "àáâ", "");
			fill -= 6;
		}
		kb_add_chars(&b, ",", row, false);
		kb_add(&b, KIOSK_KEY_SPACE, row, fill, "key-space", space, " ");
		kb_add_chars(&b, ".", row++, false);
	} else if (mode == KIOSK_KB_DIGITS) {
		kb_add_chars(&b, kb_digits, row++, false);
		kb_add_chars(&b, kb_punct[0], row++, false);
		kb_add_chars(&b, kb_punct[1], row++, false);
		k = kb_add(&b, KIOSK_KEY_DIGITS, row, 8, "key-digits", "abc", "");
		if (k)
			k->active = true;
		kb_add(&b, KIOSK_KEY_SPACE, row, 24, "key-space", space, " ");
		kb_add(&b, KIOSK_KEY_BACKSPACE, row++, 8, "key-backspace", "⌫", "");
	} else {
		int n_before = b.n;
		kb_add_accents(&b, kb_accents[acc].lower, kb_accents[acc].upper,
			       shift, row);
		row += (b.n - n_before + 9) / 10;
		k = kb_add(&b, KIOSK_KEY_SHIFT, row, 6, "key-shift", "⇧", "");
		if (k)
			k->active = shift;
		k = kb_add(&b, KIOSK_KEY_ACCENTS, row, 6, "key-accents", "abc", "");
		if (k)
			k->active = true;
		kb_add(&b, KIOSK_KEY_SPACE, row, 20, "key-space", space, " ");
		kb_add(&b, KIOSK_KEY_BACKSPACE, row++, 8, "key-backspace", "⌫", "");
	}
	*rows = row;
	return b.n;
}

int kiosk_kb_row_units(const kiosk_key *keys, int n, int row)
{
	int u = 0;
	for (int i = 0; i < n; i++)
		if (keys[i].row == row)
			u += keys[i].units;
	return u;
}
