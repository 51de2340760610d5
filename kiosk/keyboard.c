/* keyboard: the on-screen keyboard's pages. See keyboard.h.
 * Each language names an xkb layout (the one its speakers type on); its
 * keymap is compiled by libxkbcommon from xkb-data, and the three letter
 * rows (AD01..AD12, AC01..AC11 and BKSL, AB01..AB10) are read at level 1
 * (unshifted) and 2 (shift), turned into UTF-8 with xkb_keysym_to_utf8 and
 * kept: keys with a letter or a mark of the layout's script. What a page
 * shows is arranged here in rows of at most fit->per_row letter keys. */
#include "keyboard.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uniname.h>
#include <uninorm.h>
#include <unistr.h>
#include <xkbcommon/xkbcommon.h>

/* Each language's layout, and where its accented letters are: on the
 * AltGr level (Polish: AltGr+a is ą), or typed with the layout's dead keys
 * (Spanish: ´ then a is á); dead names the accents the language uses, in
 * the order the page shows them, and vowels the letters they go on. */
static const struct kb_spec {
	const char *lang, *layout, *variant;
	bool altgr;
	const char *dead, *vowels;
} kb_specs[] = {
	{ "en", "gb", "", false, NULL, NULL },
	{ "cy", "gb", "extd", false, "circumflex acute grave diaeresis", "aeiouwy" },
	{ "pl", "pl", "", true, NULL, NULL },
	{ "ro", "ro", "std", false, NULL, NULL },      /* ă â î ș ț unshifted */
	{ "es", "es", "", false, "acute diaeresis", "aeiou" },
	{ "pt", "pt", "", false, "acute grave circumflex tilde", "aeiou" },
	{ "ur", "pk", "", false, NULL, NULL },         /* Urdu (Pakistan), phonetic */
	{ "ar", "ara", "", false, NULL, NULL },
	{ "pa", "in", "guru", false, NULL, NULL },     /* Punjabi (Gurmukhi), Inscript */
	{ "bn", "in", "ben", false, NULL, NULL },      /* Bangla (India), Inscript */
	{ "gu", "in", "guj", false, NULL, NULL },
};

/* A dead key's accent as a Unicode combining mark (Unicode's own pairing:
 * composition is libunistring's uc_composition). */
static const struct {
	const char *name;
	xkb_keysym_t sym;
	ucs4_t mark;
} kb_dead[] = {
	{ "acute", XKB_KEY_dead_acute, 0x0301 },
	{ "grave", XKB_KEY_dead_grave, 0x0300 },
	{ "circumflex", XKB_KEY_dead_circumflex, 0x0302 },
	{ "tilde", XKB_KEY_dead_tilde, 0x0303 },
	{ "diaeresis", XKB_KEY_dead_diaeresis, 0x0308 },
};

static const char *const kb_row_keys[3][13] = {
	{ "AD01", "AD02", "AD03", "AD04", "AD05", "AD06", "AD07", "AD08", "AD09",
	  "AD10", "AD11", "AD12", NULL },
	{ "AC01", "AC02", "AC03", "AC04", "AC05", "AC06", "AC07", "AC08", "AC09",
	  "AC10", "AC11", "BKSL", NULL },
	{ "AB01", "AB02", "AB03", "AB04", "AB05", "AB06", "AB07", "AB08", "AB09",
	  "AB10", NULL },
};
static const char *const kb_digit_keys[10] = {
	"AE01", "AE02", "AE03", "AE04", "AE05", "AE06", "AE07", "AE08", "AE09", "AE10",
};

/* When there is no keyboard data: the letters of a UK keyboard. */
static const char *const kb_qwerty[3] = { "qwertyuiop", "asdfghjkl'", "zxcvbnm" };
/* The punctuation on every digits page, the most used first (the
 * script's own go before them; a short screen keeps one row). */
static const char *const kb_ascii_punct[] = {
	".", ",", "?", "!", "'", "-", "/", ":", ";", "(",
	")", "@", "&", "£", "\"", "+", "=", "%", "*",
};

#define KB_ROW_MAX 13
#define KB_ACCENTS_MAX 40
#define KB_PUNCT_MAX 8
#define KB_CACHE_MAX 24
#define KB_CH 16

typedef struct kb_char {
	char lo[KB_CH], up[KB_CH];
} kb_char;

/* One language's keys, read once from its keymap. */
typedef struct kb_lang {
	char lang[16];
	bool used, system, cased;
	kb_char rows[3][KB_ROW_MAX];
	int n_row[3];
	kb_char accents[KB_ACCENTS_MAX];
	int n_accents;
	char digits[10][KB_CH];      /* the layout's own digits (১ ২ ৩), if not 0-9 */
	bool own_digits;
	char punct[KB_PUNCT_MAX][KB_CH];   /* its own punctuation (، ؟ ۔ ।) */
	int n_punct;
	char comma[KB_CH], period[KB_CH];
} kb_lang;

static kb_lang kb_cache[KB_CACHE_MAX];
static int kb_next_slot;
static struct xkb_context *kb_ctx;
static char kb_root[1024];

/* ---- characters --------------------------------------------------------- */

static ucs4_t kb_first(const char *s)
{
	ucs4_t uc = 0;
	if (!s[0])
		return 0;
	u8_mbtouc(&uc, (const uint8_t *)s, strlen(s));
	return uc;
}

static void kb_put(char *out, ucs4_t uc)
{
	uint8_t buf[8];
	int n = u8_uctomb(buf, uc, (int)sizeof buf - 1);
	out[0] = '\0';
	if (n > 0 && n < KB_CH) {
		memcpy(out, buf, (size_t)n);
		out[n] = '\0';
	}
}

static bool kb_is(const char *s, uc_general_category_t cat)
{
	return s[0] && uc_is_general_category(kb_first(s), cat);
}

static bool kb_is_letter(const char *s)
{
	return kb_is(s, UC_CATEGORY_L) || kb_is(s, UC_CATEGORY_M);
}

/* Common and Inherited (marks shared by scripts) belong to every script. */
static bool kb_script_any(const uc_script_t *sc)
{
	return !sc || strcmp(sc->name, "Common") == 0 || strcmp(sc->name, "Inherited") == 0;
}

/* The text a keysym types, NFKC-normalised (the Arabic keyboard's lam-alef
 * key gives the presentation form U+FEFB; a message should hold ل and ا). */
static void kb_sym_text(xkb_keysym_t sym, char *out)
{
	char raw[64];
	size_t len = 0;
	out[0] = '\0';
	if (xkb_keysym_to_utf8(sym, raw, sizeof raw) <= 1 || (unsigned char)raw[0] < 0x20 ||
	    raw[0] == 0x7f)
		return;
	uint8_t *norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)raw, strlen(raw), NULL, &len);
	if (norm && len > 0 && len < KB_CH) {
		memcpy(out, norm, len);
		out[len] = '\0';
	}
	free(norm);
}

static xkb_keysym_t kb_sym(struct xkb_keymap *km, const char *key, int level)
{
	xkb_keycode_t kc = xkb_keymap_key_by_name(km, key);
	const xkb_keysym_t *syms = NULL;
	if (kc == XKB_KEYCODE_INVALID)
		return XKB_KEY_NoSymbol;
	if (xkb_keymap_key_get_syms_by_level(km, kc, 0, (xkb_level_index_t)level, &syms) != 1)
		return XKB_KEY_NoSymbol;
	return syms[0];
}

static bool kb_on_letters(const kb_lang *L, const char *s)
{
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < L->n_row[r]; i++)
			if (strcmp(L->rows[r][i].lo, s) == 0 || strcmp(L->rows[r][i].up, s) == 0)
				return true;
	return false;
}

static bool kb_in_accents(const kb_lang *L, const char *s)
{
	for (int i = 0; i < L->n_accents; i++)
		if (strcmp(L->accents[i].lo, s) == 0)
			return true;
	return false;
}

static void kb_add_accent(kb_lang *L, ucs4_t lo, ucs4_t up)
{
	char s[KB_CH];
	kb_put(s, lo);
	if (!s[0] || L->n_accents >= KB_ACCENTS_MAX || kb_on_letters(L, s) ||
	    kb_in_accents(L, s))
		return;
	snprintf(L->accents[L->n_accents].lo, KB_CH, "%s", s);
	kb_put(L->accents[L->n_accents].up, up ? up : lo);
	L->n_accents++;
}

/* The letter an accented letter is built on, from its Unicode name ("LATIN
 * SMALL LETTER L WITH STROKE": l), for putting ą before ć before ł. */
static char kb_base_letter(ucs4_t uc)
{
	char name[UNINAME_MAX];
	const char *p;
	if (!unicode_character_name(uc, name))
		return 0;
	p = strstr(name, " LETTER ");
	return p ? (char)(p[8] | 0x20) : 0;
}

static int kb_accent_cmp(const void *a, const void *b)
{
	ucs4_t x = kb_first(((const kb_char *)a)->lo), y = kb_first(((const kb_char *)b)->lo);
	char bx = kb_base_letter(x), by = kb_base_letter(y);
	if (bx != by)
		return bx < by ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* ---- reading a keymap --------------------------------------------------- */

/* The letters of a UK keyboard, when there is no keyboard data. */
static void kb_fill_qwerty(kb_lang *L)
{
	for (int r = 0; r < 3; r++) {
		L->n_row[r] = 0;
		for (const char *p = kb_qwerty[r]; *p; p++) {
			kb_char *c = &L->rows[r][L->n_row[r]++];
			snprintf(c->lo, KB_CH, "%c", *p);
			snprintf(c->up, KB_CH, "%c", *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		}
	}
	L->cased = true;
	snprintf(L->comma, KB_CH, ",");
	snprintf(L->period, KB_CH, ".");
}

/* The script most of the unshifted letters are in ("Arabic", "Latin"). */
static const uc_script_t *kb_main_script(struct xkb_keymap *km)
{
	const uc_script_t *seen[40] = { 0 };
	int count[40] = { 0 }, n = 0, best = -1;
	for (int r = 0; r < 3; r++)
		for (int i = 0; kb_row_keys[r][i]; i++) {
			char s[KB_CH];
			kb_sym_text(kb_sym(km, kb_row_keys[r][i], 0), s);
			if (!kb_is(s, UC_CATEGORY_L))
				continue;
			const uc_script_t *sc = uc_script(kb_first(s));
			if (kb_script_any(sc))
				continue;
			int k = 0;
			while (k < n && seen[k] != sc)
				k++;
			if (k == n && n < 40)
				seen[n++] = sc;
			if (k < n)
				count[k]++;
		}
	for (int k = 0; k < n; k++)
		if (best < 0 || count[k] > count[best])
			best = k;
	return best >= 0 ? seen[best] : NULL;
}

/* A letter or mark the page should carry: of the layout's script, or of
 * none (the Inscript layouts leave a Latin z where they have no letter). */
static bool kb_wanted(const char *s, const uc_script_t *script)
{
	return kb_is_letter(s) && (kb_script_any(uc_script(kb_first(s))) ||
				   uc_script(kb_first(s)) == script);
}

static void kb_read_letters(kb_lang *L, struct xkb_keymap *km)
{
	const uc_script_t *script = kb_main_script(km);
	int upper = 0, letters = 0;
	bool apostrophe = false;
	for (int r = 0; r < 3; r++) {
		L->n_row[r] = 0;
		for (int i = 0; kb_row_keys[r][i] && L->n_row[r] < KB_ROW_MAX; i++) {
			char lo[KB_CH], up[KB_CH];
			kb_sym_text(kb_sym(km, kb_row_keys[r][i], 0), lo);
			kb_sym_text(kb_sym(km, kb_row_keys[r][i], 1), up);
			apostrophe = apostrophe || strcmp(lo, "'") == 0;
			if (!kb_wanted(lo, script) && !kb_wanted(up, script))
				continue;
			if (!lo[0] || (kb_is_letter(lo) && !kb_wanted(lo, script)))
				snprintf(lo, sizeof lo, "%s", up);
			if (!up[0] || (kb_is_letter(up) && !kb_wanted(up, script)))
				snprintf(up, sizeof up, "%s", lo);
			if (kb_on_letters(L, lo))
				continue;    /* one key per character: ids are unique */
			kb_char *c = &L->rows[r][L->n_row[r]++];
			snprintf(c->lo, KB_CH, "%s", lo);
			snprintf(c->up, KB_CH, "%s", up);
			if (kb_is(lo, UC_CATEGORY_L)) {
				letters++;
				upper += uc_toupper(kb_first(lo)) == kb_first(up) &&
					 kb_first(up) != kb_first(lo);
			}
		}
	}
	L->cased = letters > 0 && upper * 2 >= letters;
	/* "don't": a cased script's apostrophe goes at the end of the home
	 * row when the layout has one unshifted, as on the keyboard. */
	if (L->cased && apostrophe && L->n_row[1] < KB_ROW_MAX && !kb_on_letters(L, "'")) {
		snprintf(L->rows[1][L->n_row[1]].lo, KB_CH, "'");
		snprintf(L->rows[1][L->n_row[1]++].up, KB_CH, "'");
	}
	kb_sym_text(kb_sym(km, "AB08", 0), L->comma);
	kb_sym_text(kb_sym(km, "AB09", 0), L->period);
	if (!kb_is(L->comma, UC_CATEGORY_P) || kb_on_letters(L, L->comma))
		snprintf(L->comma, KB_CH, "%s", kb_on_letters(L, ",") ? "" : ",");
	if (!kb_is(L->period, UC_CATEGORY_P) || kb_on_letters(L, L->period))
		snprintf(L->period, KB_CH, "%s", kb_on_letters(L, ".") ? "" : ".");
}

/* key's non-ASCII punctuation at levels 1 and 2 (، ؟ ؛ ۔ । ¡ ¿ « »),
 * once each: the script's own, for the digits page. */
static void kb_read_punct(kb_lang *L, struct xkb_keymap *km, const char *key)
{
	for (int lv = 0; lv < 2 && L->n_punct < KB_PUNCT_MAX; lv++) {
		char s[KB_CH];
		bool dup = false;
		kb_sym_text(kb_sym(km, key, lv), s);
		if (!kb_is(s, UC_CATEGORY_P) || (unsigned char)s[0] < 0x80 || kb_on_letters(L, s))
			continue;
		for (int k = 0; k < L->n_punct; k++)
			dup = dup || strcmp(L->punct[k], s) == 0;
		if (!dup)
			snprintf(L->punct[L->n_punct++], KB_CH, "%s", s);
	}
}

/* The layout's own digits (if not 0-9) and punctuation, for the digits
 * page: from the digit row (AE01..AE12), then the letter rows. */
static void kb_read_digits(kb_lang *L, struct xkb_keymap *km)
{
	bool all = true, ascii = true;
	for (int i = 0; i < 10; i++) {
		kb_sym_text(kb_sym(km, kb_digit_keys[i], 0), L->digits[i]);
		all = all && kb_is(L->digits[i], UC_CATEGORY_Nd);
		ascii = ascii && L->digits[i][0] >= '0' && L->digits[i][0] <= '9';
	}
	L->own_digits = all && !ascii;
	L->n_punct = 0;
	for (int i = 0; i < 10; i++)
		kb_read_punct(L, km, kb_digit_keys[i]);
	kb_read_punct(L, km, "AE11");
	kb_read_punct(L, km, "AE12");
	for (int r = 0; r < 3; r++)
		for (int i = 0; kb_row_keys[r][i]; i++)
			kb_read_punct(L, km, kb_row_keys[r][i]);
}

static void kb_read_accents(kb_lang *L, struct xkb_keymap *km, const struct kb_spec *sp)
{
	L->n_accents = 0;
	if (sp && sp->altgr) {
		/* AltGr (level 3) and AltGr+Shift (4): the accented letters only,
		 * not the æ ß þ µ every Latin layout carries there. */
		for (int r = 0; r < 3; r++)
			for (int i = 0; kb_row_keys[r][i]; i++)
				for (int lv = 2; lv < 4; lv++) {
					char s[KB_CH], name[UNINAME_MAX];
					kb_sym_text(kb_sym(km, kb_row_keys[r][i], lv), s);
					ucs4_t uc = kb_first(s);
					if (!kb_is(s, UC_CATEGORY_L) || !unicode_character_name(uc, name) ||
					    !strstr(name, " WITH "))
						continue;
					kb_add_accent(L, uc_tolower(uc), uc_toupper(uc));
				}
		qsort(L->accents, (size_t)L->n_accents, sizeof L->accents[0], kb_accent_cmp);
	}
	if (sp && sp->dead && sp->vowels) {
		/* The accents the layout has a dead key for, on any key and level,
		 * in the order the language lists them. */
		const char *p = sp->dead;
		while (*p) {
			size_t len = strcspn(p, " ");
			for (size_t d = 0; d < sizeof kb_dead / sizeof kb_dead[0]; d++) {
				bool has = false;
				if (strlen(kb_dead[d].name) != len || strncmp(kb_dead[d].name, p, len))
					continue;
				for (xkb_keycode_t kc = xkb_keymap_min_keycode(km);
				     !has && kc <= xkb_keymap_max_keycode(km); kc++)
					for (xkb_level_index_t lv = 0; !has && lv < 4; lv++) {
						const xkb_keysym_t *syms = NULL;
						has = xkb_keymap_key_get_syms_by_level(km, kc, 0, lv, &syms) == 1 &&
						      syms[0] == kb_dead[d].sym;
					}
				for (const char *v = sp->vowels; has && *v; v++) {
					ucs4_t lo = uc_composition((ucs4_t)*v, kb_dead[d].mark);
					ucs4_t up = uc_composition((ucs4_t)(*v - 'a' + 'A'), kb_dead[d].mark);
					if (lo)
						kb_add_accent(L, lo, up);
				}
			}
			p += len;
			while (*p == ' ')
				p++;
		}
	}
}

static const struct kb_spec *kb_spec_for(const char *lang)
{
	size_t n = lang ? strcspn(lang, "-_") : 0;
	for (size_t i = 0; i < sizeof kb_specs / sizeof kb_specs[0]; i++)
		if (n > 0 && strlen(kb_specs[i].lang) == n && strncasecmp(kb_specs[i].lang, lang, n) == 0)
			return &kb_specs[i];
	return NULL;
}

static struct xkb_context *kb_context(void)
{
	if (kb_ctx)
		return kb_ctx;
	kb_ctx = xkb_context_new(XKB_CONTEXT_NO_DEFAULT_INCLUDES |
				 XKB_CONTEXT_NO_ENVIRONMENT_NAMES);
	if (!kb_ctx)
		return NULL;
	/* Our own message says what is missing; xkb's would only add noise. */
	xkb_context_set_log_level(kb_ctx, XKB_LOG_LEVEL_CRITICAL);
	if (kb_root[0])
		xkb_context_include_path_append(kb_ctx, kb_root);
	else
		xkb_context_include_path_append_default(kb_ctx);
	return kb_ctx;
}

/* lang's keys, from the cache or compiled now. Never NULL. */
static const kb_lang *kb_lang_get(const char *lang)
{
	const char *code = lang && *lang ? lang : "en";
	for (int i = 0; i < KB_CACHE_MAX; i++)
		if (kb_cache[i].used && strcmp(kb_cache[i].lang, code) == 0)
			return &kb_cache[i];
	kb_lang *L = &kb_cache[kb_next_slot];
	kb_next_slot = (kb_next_slot + 1) % KB_CACHE_MAX;
	memset(L, 0, sizeof *L);
	L->used = true;
	snprintf(L->lang, sizeof L->lang, "%s", code);
	const struct kb_spec *sp = kb_spec_for(code);
	struct xkb_rule_names names = {
		.rules = "evdev", .model = "pc105",
		.layout = sp ? sp->layout : "gb", .variant = sp ? sp->variant : "",
	};
	struct xkb_context *ctx = kb_context();
	struct xkb_keymap *km = ctx ? xkb_keymap_new_from_names(ctx, &names, 0) : NULL;
	if (!km) {
		fprintf(stderr, "feedback-kiosk: keyboard: no keyboard data for '%s' "
			"(xkb layout %s%s%s) in %s: the on-screen keyboard shows English "
			"letters; install xkb-data\n", code, names.layout,
			names.variant[0] ? "(" : "", names.variant[0] ? ")" : "",
			kb_root[0] ? kb_root : "/usr/share/X11/xkb");
		kb_fill_qwerty(L);
		return L;
	}
	L->system = true;
	kb_read_letters(L, km);
	kb_read_digits(L, km);
	kb_read_accents(L, km, sp);
	xkb_keymap_unref(km);
	return L;
}

void kiosk_kb_set_xkb_root(const char *dir)
{
	snprintf(kb_root, sizeof kb_root, "%s", dir ? dir : "");
	xkb_context_unref(kb_ctx);
	kb_ctx = NULL;
	memset(kb_cache, 0, sizeof kb_cache);
	kb_next_slot = 0;
}

bool kiosk_kb_from_system(const char *lang)
{
	return kb_lang_get(lang)->system;
}

/* ---- pages -------------------------------------------------------------- */

typedef struct kb_build {
	kiosk_key *keys;
	int n, max;
} kb_build;

static kiosk_key *kb_add(kb_build *b, kiosk_key_kind kind, int row, int units,
			 const char *id, const char *label, const char *insert)
{
	if (b->n >= b->max)
		return NULL;
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->keys[i].id, id) == 0)
			return NULL;           /* a key once per page */
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

static void kb_add_char(kb_build *b, int row, int units, const char *id_char,
			const char *shown)
{
	char id[32];
	if (!id_char[0])
		return;
	snprintf(id, sizeof id, "key-%s", id_char);
	kb_add(b, KIOSK_KEY_CHAR, row, units, id, shown, shown);
}

static void kb_add_toggle(kb_build *b, kiosk_key_kind kind, int row, int units,
			  const char *id, const char *label, bool active)
{
	kiosk_key *k = kb_add(b, kind, row, units, id, label, "");
	if (k)
		k->active = active;
}

static int kb_ceil_div(int a, int b)
{
	return (a + b - 1) / b;
}

/* The letters in rows of at most per_row keys, the last row with shift
 * and backspace (a letter key and a half each). The keyboard's own rows
 * when they fit; otherwise the letters in order, in even rows. Returns
 * the next free row. */
static int kb_add_letter_rows(kb_build *b, const kb_lang *L, bool shift, int row,
			      int per_row)
{
	int n = L->n_row[0] + L->n_row[1] + L->n_row[2];
	bool own = L->n_row[0] <= per_row && L->n_row[1] <= per_row &&
		   L->n_row[2] + 3 <= per_row;
	int per = own ? 0 : kb_ceil_div(n + 3, kb_ceil_div(n + 3, per_row));
	int in_row = 0, last_row = row;
	if (!own)   /* rows of per letters; whatever is left with shift */
		last_row = row + kb_ceil_div(n + 3, per) - 1;
	for (int r = 0; r < 3; r++) {
		for (int i = 0; i < L->n_row[r]; i++) {
			const kb_char *c = &L->rows[r][i];
			int at = own ? row + r : row + in_row / per;
			kb_add_char(b, at, 4, c->lo, shift ? c->up : c->lo);
			in_row++;
		}
	}
	if (own)
		last_row = row + 2;
	/* shift first on its row (moved in front of the row's letters),
	 * backspace last */
	int first = 0, before = b->n;
	while (first < b->n && b->keys[first].row != last_row)
		first++;
	kb_add_toggle(b, KIOSK_KEY_SHIFT, last_row, 6, "key-shift", "⇧", shift);
	if (b->n > before && first < before) {
		kiosk_key sk = b->keys[before];
		memmove(&b->keys[first + 1], &b->keys[first],
			(size_t)(before - first) * sizeof sk);
		b->keys[first] = sk;
	}
	kb_add(b, KIOSK_KEY_BACKSPACE, last_row, 6, "key-backspace", "⌫", "");
	return last_row + 1;
}

static int kb_row_of(const kb_build *b, int row)
{
	int u = 0;
	for (int i = 0; i < b->n; i++)
		if (b->keys[i].row == row)
			u += b->keys[i].units;
	return u;
}

static int kb_widest(const kb_build *b, int rows)
{
	int w = 40;
	for (int r = 0; r < rows; r++)
		if (kb_row_of(b, r) > w)
			w = kb_row_of(b, r);
	return w;
}

static void kb_add_digit_row(kb_build *b, int row)
{
	for (char d = '1'; d <= '9' + 1; d++) {
		char s[2] = { d > '9' ? '0' : d, 0 };
		kb_add_char(b, row, 4, s, s);
	}
}

/* A key showing the first three letters of the accents page (ą ć ę). */
static void kb_accents_label(const kb_lang *L, char *out, size_t size)
{
	out[0] = '\0';
	for (int i = 0; i < L->n_accents && i < 3; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s", L->accents[i].lo);
}

/* Too many letters for their own rows and a row under them: every letter
 * in rows of per_row, then the page keys and a short space bar after the
 * last letters (the comma and full stop are on the digits page). */
static int kb_page_letters_packed(kb_build *b, const kb_lang *L, bool shift,
				  const kiosk_kb_fit *fit, const char *space)
{
	int i = 0, per = fit->per_row;
	for (int r = 0; r < 3; r++)
		for (int k = 0; k < L->n_row[r]; k++, i++) {
			const kb_char *c = &L->rows[r][k];
			kb_add_char(b, i / per, 4, c->lo, shift ? c->up : c->lo);
		}
	int last = (i - 1) / per, grid = kb_widest(b, last + 1);
	int used = kiosk_kb_row_units(b->keys, b->n, last);
	kb_add_toggle(b, KIOSK_KEY_DIGITS, last, 6, "key-digits", "?123", false);
	kb_add_toggle(b, KIOSK_KEY_SHIFT, last, 6, "key-shift", "⇧", shift);
	used += 18;
	if (L->n_accents > 0) {
		char label[24];
		kb_accents_label(L, label, sizeof label);
		kb_add_toggle(b, KIOSK_KEY_ACCENTS, last, 6, "key-accents", label, false);
		used += 6;
	}
	int room = grid - used;
	if (room < 8) {   /* no room beside the letters: a row of its own */
		for (int k = b->n - 1; k >= 0 && b->keys[k].kind != KIOSK_KEY_CHAR; k--)
			b->keys[k].row = last + 1;
		last++;
		room = grid - 18 - (L->n_accents > 0 ? 6 : 0);
	}
	kb_add(b, KIOSK_KEY_SPACE, last, room, "key-space", space, " ");
	kb_add(b, KIOSK_KEY_BACKSPACE, last, 6, "key-backspace", "⌫", "");
	return last + 1;
}

static int kb_page_letters(kb_build *b, const kb_lang *L, bool shift,
			   const kiosk_kb_fit *fit, const char *space)
{
	int row = 0;
	if (fit->digit_row)
		kb_add_digit_row(b, row++);
	row = kb_add_letter_rows(b, L, shift, row, fit->per_row);
	if (row + 1 > fit->max_rows && row > 0) {
		b->n = 0;
		return kb_page_letters_packed(b, L, shift, fit, space);
	}
	int grid = kb_widest(b, row), fixed = 6 + (*L->comma ? 4 : 0) + (*L->period ? 4 : 0);
	kb_add_toggle(b, KIOSK_KEY_DIGITS, row, 6, "key-digits", "?123", false);
	if (L->n_accents > 0) {
		char label[24];
		kb_accents_label(L, label, sizeof label);
		kb_add_toggle(b, KIOSK_KEY_ACCENTS, row, 6, "key-accents", label, false);
		fixed += 6;
	}
	kb_add_char(b, row, 4, L->comma, L->comma);
	kb_add(b, KIOSK_KEY_SPACE, row, grid - fixed, "key-space", space, " ");
	kb_add_char(b, row, 4, L->period, L->period);
	return row + 1;
}

static int kb_page_digits(kb_build *b, const kb_lang *L, const kiosk_kb_fit *fit,
			  const char *space)
{
	int row = 0, per = fit->per_row < 10 ? fit->per_row : 10;
	const char *punct[KB_PUNCT_MAX + 20];
	int np = 0;
	kb_add_digit_row(b, row++);
	if (L->own_digits) {
		for (int i = 0; i < 10; i++)
			kb_add_char(b, row, 4, L->digits[i], L->digits[i]);
		row++;
	}
	for (int i = 0; i < L->n_punct; i++)
		punct[np++] = L->punct[i];
	for (size_t i = 0; i < sizeof kb_ascii_punct / sizeof kb_ascii_punct[0]; i++)
		punct[np++] = kb_ascii_punct[i];
	/* Two rows of punctuation (one on a short screen); the least used, at
	 * the end, give way to the script's own. */
	int prow = row + 3 > fit->max_rows ? 1 : 2;
	if (np > prow * per)
		np = prow * per;
	int first = prow == 1 ? np : (np + 1) / 2;
	for (int i = 0; i < np; i++)
		kb_add_char(b, row + (i < first ? 0 : 1), 4, punct[i], punct[i]);
	row += prow;
	int grid = kb_widest(b, row);
	kb_add_toggle(b, KIOSK_KEY_DIGITS, row, 8, "key-digits", "abc", true);
	kb_add(b, KIOSK_KEY_SPACE, row, grid - 16, "key-space", space, " ");
	kb_add(b, KIOSK_KEY_BACKSPACE, row, 8, "key-backspace", "⌫", "");
	return row + 1;
}

static int kb_page_accents(kb_build *b, const kb_lang *L, bool shift,
			   const kiosk_kb_fit *fit, const char *space)
{
	int row = 0, per = fit->per_row < 10 ? fit->per_row : 10;
	for (int i = 0; i < L->n_accents; i++)
		kb_add_char(b, row + i / per, 4, L->accents[i].lo,
			    shift ? L->accents[i].up : L->accents[i].lo);
	row += kb_ceil_div(L->n_accents, per);
	int grid = kb_widest(b, row);
	kb_add_toggle(b, KIOSK_KEY_SHIFT, row, 6, "key-shift", "⇧", shift);
	kb_add_toggle(b, KIOSK_KEY_ACCENTS, row, 6, "key-accents", "abc", true);
	kb_add(b, KIOSK_KEY_SPACE, row, grid - 20, "key-space", space, " ");
	kb_add(b, KIOSK_KEY_BACKSPACE, row, 8, "key-backspace", "⌫", "");
	return row + 1;
}

/* A phone pad, as on a phone: 1 2 3 at the top, + 0 at the bottom; on a
 * screen with room for fewer than four rows, the digits in two rows. */
static int kb_page_phone(kb_build *b, const kiosk_kb_fit *fit, const char *space)
{
	static const char *const pad[3][3] = {
		{ "1", "2", "3" }, { "4", "5", "6" }, { "7", "8", "9" },
	};
	if (fit->max_rows < 4) {
		for (int d = 0; d < 10; d++) {
			char s[2] = { (char)('0' + (d + 1) % 10), 0 };
			kb_add_char(b, d / 5, 6, s, s);
		}
		kb_add_char(b, 0, 6, "+", "+");
		kb_add(b, KIOSK_KEY_BACKSPACE, 0, 6, "key-backspace", "⌫", "");
		kb_add(b, KIOSK_KEY_SPACE, 1, 12, "key-space", space, " ");
		return 2;
	}
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 3; c++)
			kb_add_char(b, r, 12, pad[r][c], pad[r][c]);
	kb_add_char(b, 3, 8, "+", "+");
	kb_add_char(b, 3, 12, "0", "0");
	kb_add(b, KIOSK_KEY_SPACE, 3, 8, "key-space", space, " ");
	kb_add(b, KIOSK_KEY_BACKSPACE, 3, 8, "key-backspace", "⌫", "");
	return 4;
}

/* An email address: Latin letters whatever the language, @ . - _ beside
 * the space bar, never a capital unless asked for. */
static int kb_page_email(kb_build *b, bool shift, const kiosk_kb_fit *fit,
			 const char *space)
{
	const kb_lang *L = kb_lang_get("en");
	int row = 0;
	if (fit->digit_row)
		kb_add_digit_row(b, row++);
	row = kb_add_letter_rows(b, L, shift, row, fit->per_row);
	int grid = kb_widest(b, row);
	kb_add_toggle(b, KIOSK_KEY_DIGITS, row, 6, "key-digits", "?123", false);
	kb_add_char(b, row, 4, "@", "@");
	kb_add_char(b, row, 4, ".", ".");
	kb_add(b, KIOSK_KEY_SPACE, row, grid - 22, "key-space", space, " ");
	kb_add_char(b, row, 4, "-", "-");
	kb_add_char(b, row, 4, "_", "_");
	return row + 1;
}

bool kiosk_kb_has_accents(const char *lang)
{
	return kb_lang_get(lang)->n_accents > 0;
}

kiosk_kb_mode kiosk_kb_mode_for_hint(const char *hint)
{
	if (hint && strcmp(hint, "phone") == 0)
		return KIOSK_KB_PHONE;
	if (hint && (strcmp(hint, "email") == 0 || strcmp(hint, "contact") == 0))
		return KIOSK_KB_EMAIL;
	return KIOSK_KB_LETTERS;
}

bool kiosk_kb_auto_capital(const char *lang, kiosk_kb_mode mode)
{
	return mode == KIOSK_KB_LETTERS && kb_lang_get(lang)->cased;
}

int kiosk_kb_keys(const char *lang, kiosk_kb_mode mode, bool shift,
		  const kiosk_kb_fit *fit, const char *space_label,
		  kiosk_key *keys, int max, int *rows)
{
	kb_build b = { keys, 0, max };
	kiosk_kb_fit f = fit ? *fit : (kiosk_kb_fit){ .per_row = 0 };
	const char *space = space_label && *space_label ? space_label : "space";
	const kb_lang *L = kb_lang_get(lang);
	if (f.per_row <= 0 || f.per_row > KB_ROW_MAX + 3)
		f.per_row = KB_ROW_MAX + 3;
	if (f.per_row < 4)
		f.per_row = 4;
	if (f.max_rows <= 0 || f.max_rows > KIOSK_KB_MAX_ROWS)
		f.max_rows = KIOSK_KB_MAX_ROWS;
	if (mode == KIOSK_KB_ACCENTS && L->n_accents == 0)
		mode = KIOSK_KB_LETTERS;
	switch (mode) {
	case KIOSK_KB_DIGITS:
		*rows = kb_page_digits(&b, L, &f, space);
		break;
	case KIOSK_KB_ACCENTS:
		*rows = kb_page_accents(&b, L, shift, &f, space);
		break;
	case KIOSK_KB_PHONE:
		*rows = kb_page_phone(&b, &f, space);
		break;
	case KIOSK_KB_EMAIL:
		*rows = kb_page_email(&b, shift, &f, space);
		break;
	case KIOSK_KB_LETTERS:
	default:
		*rows = kb_page_letters(&b, L, shift, &f, space);
		break;
	}
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
