/* Tests for kiosk/keyboard.c and the keyboard's place on the screen: each
 * language's own letters from the system's keyboard data (xkb-data through
 * libxkbcommon), the accents, digits, phone and email pages, the QWERTY
 * fallback without keyboard data, and every key a fingertip wide at the
 * sizes the kiosk ships on. What a patient would notice: a keyboard in
 * their own letters, a phone pad for a phone number, no capital forced on
 * an email address, and no key too small to hit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../kiosk/flow.h"
#include "../../kiosk/input.h"
#include "../../kiosk/keyboard.h"
#include "../../kiosk/layout.h"
#include "../../kiosk/text_sdl.h"
#include "../../kiosk/view.h"
#include "config.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "input_rig.h"
#include "src_path.h"

static kiosk_key keys[KIOSK_KB_MAX_KEYS];
static int n_keys, n_rows;

static void page(const char *lang, kiosk_kb_mode mode, bool shift)
{
	kiosk_kb_fit fit = { .per_row = 10 };
	n_keys = kiosk_kb_keys(lang, mode, shift, &fit, NULL, keys, KIOSK_KB_MAX_KEYS,
			       &n_rows);
}

/* The key that types text (or shows it), or NULL. */
static const kiosk_key *typing(const char *text)
{
	for (int i = 0; i < n_keys; i++)
		if (keys[i].kind == KIOSK_KEY_CHAR && strcmp(keys[i].insert, text) == 0)
			return &keys[i];
	return NULL;
}

static const kiosk_key *of_kind(kiosk_key_kind kind)
{
	for (int i = 0; i < n_keys; i++)
		if (keys[i].kind == kind)
			return &keys[i];
	return NULL;
}

/* Each letter of the space-separated list, on the page unshifted or with
 * shift. */
static void assert_types(const char *lang, kiosk_kb_mode mode, const char *letters)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", letters);
	for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
		page(lang, mode, false);
		bool found = typing(t) != NULL;
		page(lang, mode, true);
		found = found || typing(t) != NULL;
		if (!found)
			fail_msg("%s: no key types '%s'", lang, t);
	}
}

static void test_the_urdu_keyboard_has_urdu_letters(void **state)
{
	(void)state;
	assert_true(kiosk_kb_from_system("ur"));
	assert_types("ur", KIOSK_KB_LETTERS, "ا ب پ ت ٹ ث ج چ ڈ ڑ ک گ ں ھ ے ی");
	page("ur", KIOSK_KB_LETTERS, false);
	assert_null(typing("q"));
	assert_non_null(typing("۔"));        /* the Urdu full stop by the space */
}

static void test_the_arabic_keyboard_has_arabic_letters(void **state)
{
	(void)state;
	assert_types("ar", KIOSK_KB_LETTERS, "ض ص ث ق ف غ ع ه خ ح ج د ش س ي ب ل ا ت ن م ك ط");
	page("ar", KIOSK_KB_LETTERS, false);
	assert_null(typing("q"));
	/* the lam-alef key types the two letters, not a presentation form */
	assert_non_null(typing("لا"));
}

static void test_the_punjabi_keyboard_has_gurmukhi_letters(void **state)
{
	(void)state;
	assert_types("pa", KIOSK_KB_LETTERS, "ਕ ਖ ਗ ਘ ਚ ਜ ਟ ਡ ਤ ਦ ਨ ਪ ਬ ਮ ਰ ਲ ਵ ਸ ਹ ਅ ਆ ਇ ਉ ਾ ਿ ੀ");
	page("pa", KIOSK_KB_LETTERS, false);
	assert_null(typing("z"));            /* Inscript's spare Latin key is not shown */
}

static void test_the_bengali_keyboard_has_bengali_letters(void **state)
{
	(void)state;
	assert_types("bn", KIOSK_KB_LETTERS, "ক খ গ চ জ ট ড ত দ ন প ব ম র ল স হ অ আ ই উ এ া ি");
}

static void test_the_gujarati_keyboard_has_gujarati_letters(void **state)
{
	(void)state;
	assert_types("gu", KIOSK_KB_LETTERS, "ક ખ ગ ચ જ ટ ડ ત દ ન પ બ મ ર લ વ સ હ અ આ ઇ ા િ");
}

static void test_the_polish_accents_key_shows_and_types_polish_letters(void **state)
{
	(void)state;
	page("pl", KIOSK_KB_LETTERS, false);
	const kiosk_key *acc = of_kind(KIOSK_KEY_ACCENTS);
	assert_non_null(acc);
	assert_non_null(strstr(acc->label, "ą"));
	assert_null(strstr(acc->label, "à"));
	assert_types("pl", KIOSK_KB_ACCENTS, "ą ć ę ł ń ó ś ź ż Ą Ę Ł Ż");
	page("pl", KIOSK_KB_ACCENTS, false);
	assert_null(typing("ß"));            /* AltGr's other letters are not Polish */
	assert_null(typing("æ"));
	assert_null(typing("à"));
}

static void test_romanian_has_its_letters_on_the_letters_page(void **state)
{
	(void)state;
	assert_types("ro", KIOSK_KB_LETTERS, "ă â î ș ț Ș Ț");
	assert_false(kiosk_kb_has_accents("ro"));
}

static void test_spanish_portuguese_and_welsh_accents_come_from_their_dead_keys(void **state)
{
	(void)state;
	assert_types("es", KIOSK_KB_LETTERS, "ñ");
	assert_types("es", KIOSK_KB_ACCENTS, "á é í ó ú ü");
	assert_types("pt", KIOSK_KB_LETTERS, "ç");
	assert_types("pt", KIOSK_KB_ACCENTS, "á â ã à é ê í ó ô õ ú");
	assert_types("cy", KIOSK_KB_ACCENTS, "â ê î ô û ŵ ŷ");
}

static void test_english_is_qwerty_with_a_capital_to_begin(void **state)
{
	(void)state;
	page("en", KIOSK_KB_LETTERS, false);
	const char *top = "qwertyuiop";
	for (int i = 0; i < 10; i++) {
		char s[2] = { top[i], 0 };
		const kiosk_key *k = typing(s);
		assert_non_null(k);
		assert_int_equal(k->row, 0);
	}
	assert_non_null(typing("'"));
	assert_false(kiosk_kb_has_accents("en"));
	assert_true(kiosk_kb_auto_capital("en", KIOSK_KB_LETTERS));
	assert_true(kiosk_kb_auto_capital("pl", KIOSK_KB_LETTERS));
	/* no capitals in these scripts: shift is other letters */
	assert_false(kiosk_kb_auto_capital("ur", KIOSK_KB_LETTERS));
	assert_false(kiosk_kb_auto_capital("ar", KIOSK_KB_LETTERS));
	assert_false(kiosk_kb_auto_capital("pa", KIOSK_KB_LETTERS));
}

static void test_the_digits_page_has_digits_and_punctuation_and_the_scripts_own(void **state)
{
	(void)state;
	page("en", KIOSK_KB_DIGITS, false);
	assert_types("en", KIOSK_KB_DIGITS, "1 2 3 4 5 6 7 8 9 0 . , ? ! ' - ( ) @ £");
	assert_non_null(of_kind(KIOSK_KEY_SPACE));
	assert_non_null(of_kind(KIOSK_KEY_BACKSPACE));
	assert_non_null(of_kind(KIOSK_KEY_DIGITS));         /* back to the letters */
	assert_types("ur", KIOSK_KB_DIGITS, "1 0 ؟ ؛ ،");
	assert_types("bn", KIOSK_KB_DIGITS, "১ ২ ০ 1 2 ।");
}

static void test_the_phone_pad_has_digits_plus_space_and_backspace_only(void **state)
{
	(void)state;
	assert_int_equal(kiosk_kb_mode_for_hint("phone"), KIOSK_KB_PHONE);
	page("ur", KIOSK_KB_PHONE, false);
	assert_types("ur", KIOSK_KB_PHONE, "0 1 2 3 4 5 6 7 8 9 +");
	assert_non_null(of_kind(KIOSK_KEY_SPACE));
	assert_non_null(of_kind(KIOSK_KEY_BACKSPACE));
	assert_null(of_kind(KIOSK_KEY_SHIFT));
	assert_int_equal(n_keys, 13);
	assert_false(kiosk_kb_auto_capital("en", KIOSK_KB_PHONE));
}

static void test_the_email_page_has_at_and_no_capital(void **state)
{
	(void)state;
	assert_int_equal(kiosk_kb_mode_for_hint("email"), KIOSK_KB_EMAIL);
	assert_int_equal(kiosk_kb_mode_for_hint("contact"), KIOSK_KB_EMAIL);
	assert_int_equal(kiosk_kb_mode_for_hint("name"), KIOSK_KB_LETTERS);
	assert_int_equal(kiosk_kb_mode_for_hint(NULL), KIOSK_KB_LETTERS);
	/* Latin letters for an address, whatever the language */
	assert_types("ar", KIOSK_KB_EMAIL, "@ . - _ a z");
	assert_false(kiosk_kb_auto_capital("en", KIOSK_KB_EMAIL));
}

static void test_every_page_has_unique_ids_and_a_backspace(void **state)
{
	static const char *langs[] = { "en", "cy", "pl", "ro", "es", "pt", "ur",
				       "ar", "pa", "bn", "gu", "xx" };
	(void)state;
	for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++)
		for (int m = KIOSK_KB_LETTERS; m <= KIOSK_KB_EMAIL; m++)
			for (int s = 0; s < 2; s++) {
				page(langs[l], (kiosk_kb_mode)m, s);
				assert_non_null(of_kind(KIOSK_KEY_BACKSPACE));
				assert_true(n_rows <= KIOSK_KB_MAX_ROWS);
				for (int i = 0; i < n_keys; i++) {
					assert_true(keys[i].row < n_rows);
					for (int j = i + 1; j < n_keys; j++)
						if (strcmp(keys[i].id, keys[j].id) == 0)
							fail_msg("%s page %d: two keys '%s'",
								 langs[l], m, keys[i].id);
					if (keys[i].kind == KIOSK_KEY_CHAR && !keys[i].insert[0])
						fail_msg("%s page %d: '%s' types nothing",
							 langs[l], m, keys[i].id);
				}
			}
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* A language's keymap is compiled once: the first keyboard in a language
 * costs a few ms (once, when the person chooses it), every later one
 * nothing. Prints the figures. */
static void test_a_keymap_is_compiled_once_and_a_language_switch_is_instant(void **state)
{
	static const char *langs[] = { "en", "ur", "ar", "pa", "bn", "gu", "pl", "ro",
				       "es", "pt", "cy" };
	struct timespec t0;
	double worst = 0, total = 0;
	(void)state;
	kiosk_kb_set_xkb_root(NULL);     /* an empty cache */
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		page(langs[i], KIOSK_KB_LETTERS, false);
		double ms = ms_since(&t0);
		total += ms;
		worst = ms > worst ? ms : worst;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int r = 0; r < 100; r++)
		for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
			page(langs[i], KIOSK_KB_LETTERS, r & 1);
	double cached = ms_since(&t0) / (100.0 * (double)(sizeof langs / sizeof langs[0]));
	print_message("keyboard: first use of a language %.1f ms at worst, %.1f ms for all "
		      "11; cached %.3f ms a page\n", worst, total, cached);
	assert_true(worst < 200.0);      /* generous: sanitizer builds are slow */
	assert_true(cached < worst / 5.0);
}

static void test_without_keyboard_data_the_keyboard_is_qwerty_and_says_so(void **state)
{
	(void)state;
	kiosk_kb_set_xkb_root("/nonexistent/xkb");
	assert_false(kiosk_kb_from_system("ur"));
	page("ur", KIOSK_KB_LETTERS, false);
	assert_non_null(typing("q"));
	assert_non_null(of_kind(KIOSK_KEY_SPACE));
	page("pl", KIOSK_KB_ACCENTS, false);     /* no accents page: the letters */
	assert_non_null(typing("q"));
	kiosk_kb_set_xkb_root(NULL);
	assert_true(kiosk_kb_from_system("ur"));
}

/* Every key of every page draws with real glyphs from the fonts the kiosk
 * ships (assets/fonts.list), never a box: a lone shared character such as
 * the danda । on the Bengali digits page included. */
static void test_every_key_label_has_real_glyphs_not_boxes(void **state)
{
	static const char *langs[] = { "en", "ur", "ar", "pa", "bn", "gu", "pl", "ro",
				       "es", "pt", "cy" };
	kiosk_text *t = NULL;
	fb_err err;
	(void)state;
	if (kiosk_text_new(&t, test_src_path("assets/fonts.list"), &err) != 0)
		fail_msg("%s", err.msg);
	for (size_t g = 0; g < sizeof langs / sizeof langs[0]; g++)
		for (int m = KIOSK_KB_LETTERS; m <= KIOSK_KB_EMAIL; m++)
			for (int s = 0; s < 2; s++) {
				page(langs[g], (kiosk_kb_mode)m, s);
				for (int i = 0; i < n_keys; i++)
					if (!kiosk_text_covers(t, keys[i].label))
						fail_msg("%s page %d: '%s' (%s) would show a box",
							 langs[g], m, keys[i].label, keys[i].id);
			}
	kiosk_text_free(t);
}

/* ---- on the screen ------------------------------------------------------- */

static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1920, 1080 },
				{ 1080, 1920 } };

static void view_text(kiosk_view *v, const char *lang, kiosk_kb_mode mode, bool large)
{
	memset(v, 0, sizeof *v);
	v->screen = FB_SCREEN_QUESTION;
	v->language = lang;
	v->rtl = kiosk_view_rtl(lang);
	v->service = "Brook Ward";
	v->organisation = "";
	v->text_size = true;
	v->large_text = large;
	v->read_aloud = true;
	v->read_aloud_label = "Read aloud";
	v->kind = FB_Q_TEXT;
	v->progress = "Question 2 of 5";
	v->question = "What could we do better?";
	v->help = "You can skip this question.";
	v->text = "";
	v->placeholder = "Type your answer here";
	v->counter = "Characters left: 500";
	v->space_label = "space";
	v->can_back = v->can_next = v->can_skip = true;
	v->back_label = "Back";
	v->next_label = "Next";
	v->skip_label = "Skip";
	v->kb_mode = mode;
}

static int min_key(int W, int H)
{
	/* the rule of tests/unit/test_layout.c */
	return W * H < 500000 ? 40 : kiosk_layout_min_target(W, H) < 90 ?
	       kiosk_layout_min_target(W, H) : 90;
}

static void test_every_key_is_a_fingertip_wide_in_every_language_and_size(void **state)
{
	static const char *langs[] = { "en", "ur", "ar", "pa", "bn", "gu", "pl", "ro",
				       "es", "pt", "cy" };
	static kiosk_layout *l;   /* kept: a failure leaves the test here */
	(void)state;
	if (!l)
		assert_int_equal(kiosk_layout_new(&l), 0);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
		for (size_t g = 0; g < sizeof langs / sizeof langs[0]; g++)
			for (int m = KIOSK_KB_LETTERS; m <= KIOSK_KB_EMAIL; m++)
				for (int large = 0; large < 2; large++) {
					int W = sizes[s][0], H = sizes[s][1], keys_seen = 0;
					kiosk_view v;
					view_text(&v, langs[g], (kiosk_kb_mode)m, large);
					kiosk_layout_build(l, &v, W, H, kiosk_fixture_measure, NULL);
					for (size_t k = 0; k < kiosk_layout_count(l); k++) {
						const kiosk_widget *w = kiosk_layout_get(l, k);
						if (w->role != KIOSK_ROLE_KEY)
							continue;
						keys_seen++;
						if (w->w < min_key(W, H) || w->h < min_key(W, H))
							fail_msg("%dx%d %s page %d%s: '%s' is %dx%d, under %d",
								 W, H, langs[g], m, large ? " A+" : "",
								 w->id, w->w, w->h, min_key(W, H));
						if (w->x < 0 || w->y < 0 || w->x + w->w > W ||
						    w->y + w->h > H)
							fail_msg("%dx%d %s page %d: '%s' is off the screen",
								 W, H, langs[g], m, w->id);
						if (w->n_lines < 1 && strcmp(w->label, "") != 0)
							fail_msg("%dx%d %s page %d: '%s' shows nothing",
								 W, H, langs[g], m, w->id);
						/* the label whole on its key, never cut with "…" */
						if (kiosk_fixture_measure(NULL, w->label, w->px, false,
									  false) > w->text_w)
							fail_msg("%dx%d %s page %d: '%s' does not fit its key",
								 W, H, langs[g], m, w->id);
					}
					if (keys_seen < 13)
						fail_msg("%dx%d %s page %d: %d keys", W, H, langs[g],
							 m, keys_seen);
				}
	kiosk_layout_free(l);
	l = NULL;
}

/* Under the contact question's two lines of consent there is room for
 * three rows of keys at 800x480: the phone pad goes to two rows. */
static void test_the_phone_pad_fits_under_a_long_question(void **state)
{
	kiosk_layout *l = NULL;
	(void)state;
	assert_int_equal(kiosk_layout_new(&l), 0);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		int W = sizes[s][0], H = sizes[s][1], seen = 0;
		kiosk_view v;
		view_text(&v, "en", KIOSK_KB_PHONE, false);
		v.question = "Phone number or email";
		v.help = "By giving these details you agree that the team may contact you "
			 "about your feedback. We keep them private, use them only for "
			 "this, and you can ask us to delete them at any time.";
		kiosk_layout_build(l, &v, W, H, kiosk_fixture_measure, NULL);
		for (size_t k = 0; k < kiosk_layout_count(l); k++) {
			const kiosk_widget *w = kiosk_layout_get(l, k);
			if (w->role != KIOSK_ROLE_KEY)
				continue;
			seen++;
			if (w->w < min_key(W, H) || w->h < min_key(W, H))
				fail_msg("%dx%d: '%s' is %dx%d, under %d", W, H, w->id, w->w,
					 w->h, min_key(W, H));
		}
		assert_int_equal(seen, 13);
	}
	kiosk_layout_free(l);
}

/* ---- on a real flow ------------------------------------------------------- */

/* A phone number, then an email address, then a comment, in en and ur. */
static const char *SURVEY =
"{\"id\": \"kbtest\", \"version\": 1,\n"
" \"languages\": [{\"code\": \"en\", \"name\": \"English\"},\n"
"                {\"code\": \"ur\", \"name\": \"اردو\"}],\n"
" \"questions\": [\n"
"  {\"id\": \"phone\", \"kind\": \"text\", \"optional\": true, \"input_hint\": \"phone\",\n"
"   \"title\": {\"en\": \"Your phone number\", \"ur\": \"فون\"}},\n"
"  {\"id\": \"email\", \"kind\": \"text\", \"optional\": true, \"input_hint\": \"email\",\n"
"   \"title\": {\"en\": \"Your email\", \"ur\": \"ای میل\"}},\n"
"  {\"id\": \"comments\", \"kind\": \"text\", \"optional\": true,\n"
"   \"title\": {\"en\": \"Anything else?\", \"ur\": \"کچھ اور؟\"}}\n"
" ]}\n";

typedef input_rig fixture;

static int setup(void **state)
{
	const input_rig_options o = {.width = 800, .height = 480, .step_ms = 100, .sound = false};
	return input_rig_setup(state, sizeof(fixture), SURVEY, "kbtest.json", &o);
}

static void tap(fixture *fx, const char *id)
{
	const kiosk_widget *w = kiosk_layout_find(fx->layout, id);
	if (!w)
		fail_msg("no '%s' on the screen", id);
	kiosk_input_event ev = { .kind = KIOSK_IN_DOWN, .x = w->x + w->w / 2,
				 .y = w->y + w->h / 2 };
	kiosk_input_handle(fx->in, &ev);
	input_rig_refresh(fx);
	ev.kind = KIOSK_IN_UP;
	kiosk_input_handle(fx->in, &ev);
	input_rig_refresh(fx);
}

static void test_a_phone_field_gets_the_phone_pad(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-ur");
	assert_string_equal(fb_flow_question(fx->flow)->id, "phone");
	assert_int_equal(kiosk_input_kb_mode(fx->in), KIOSK_KB_PHONE);
	assert_null(kiosk_layout_find(fx->layout, "key-ق"));     /* no letters */
	assert_null(kiosk_layout_find(fx->layout, "key-shift"));
	tap(fx, "key-0");
	tap(fx, "key-7");
	tap(fx, "key-backspace");
	tap(fx, "key-1");
	tap(fx, "key-+");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "01+");
}

static void test_an_email_field_has_at_and_no_capital(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-en");
	tap(fx, "skip");
	assert_string_equal(fb_flow_question(fx->flow)->id, "email");
	assert_int_equal(kiosk_input_kb_mode(fx->in), KIOSK_KB_EMAIL);
	assert_false(kiosk_input_shift(fx->in));
	tap(fx, "key-a");
	tap(fx, "key-@");
	tap(fx, "key-b");
	tap(fx, "key-.");
	tap(fx, "key-digits");
	tap(fx, "key-1");
	tap(fx, "key-digits");                    /* back to the email page */
	assert_int_equal(kiosk_input_kb_mode(fx->in), KIOSK_KB_EMAIL);
	tap(fx, "key-_");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "a@b.1_");
	tap(fx, "skip");
	/* typed words go only when the person says so */
	assert_int_equal(fb_flow_screen(fx->flow), FB_SCREEN_CONFIRM_DELETE);
	tap(fx, "delete-yes");
	/* the comment after it: letters again, a capital first */
	assert_int_equal(kiosk_input_kb_mode(fx->in), KIOSK_KB_LETTERS);
	assert_true(kiosk_input_shift(fx->in));
}

static void test_an_urdu_comment_starts_without_shift_and_types_urdu(void **state)
{
	fixture *fx = *state;
	tap(fx, "lang-ur");
	tap(fx, "skip");
	tap(fx, "skip");
	assert_string_equal(fb_flow_question(fx->flow)->id, "comments");
	assert_false(kiosk_input_shift(fx->in));
	tap(fx, "key-ب");
	tap(fx, "key-ا");
	assert_string_equal(fb_flow_answer(fx->flow)->text, "با");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_urdu_keyboard_has_urdu_letters),
		cmocka_unit_test(test_the_arabic_keyboard_has_arabic_letters),
		cmocka_unit_test(test_the_punjabi_keyboard_has_gurmukhi_letters),
		cmocka_unit_test(test_the_bengali_keyboard_has_bengali_letters),
		cmocka_unit_test(test_the_gujarati_keyboard_has_gujarati_letters),
		cmocka_unit_test(test_the_polish_accents_key_shows_and_types_polish_letters),
		cmocka_unit_test(test_romanian_has_its_letters_on_the_letters_page),
		cmocka_unit_test(test_spanish_portuguese_and_welsh_accents_come_from_their_dead_keys),
		cmocka_unit_test(test_english_is_qwerty_with_a_capital_to_begin),
		cmocka_unit_test(test_the_digits_page_has_digits_and_punctuation_and_the_scripts_own),
		cmocka_unit_test(test_the_phone_pad_has_digits_plus_space_and_backspace_only),
		cmocka_unit_test(test_the_email_page_has_at_and_no_capital),
		cmocka_unit_test(test_every_page_has_unique_ids_and_a_backspace),
		cmocka_unit_test(test_a_keymap_is_compiled_once_and_a_language_switch_is_instant),
		cmocka_unit_test(test_without_keyboard_data_the_keyboard_is_qwerty_and_says_so),
		cmocka_unit_test(test_every_key_label_has_real_glyphs_not_boxes),
		cmocka_unit_test(test_every_key_is_a_fingertip_wide_in_every_language_and_size),
		cmocka_unit_test(test_the_phone_pad_fits_under_a_long_question),
		cmocka_unit_test_setup_teardown(test_a_phone_field_gets_the_phone_pad, setup, input_rig_teardown),
		cmocka_unit_test_setup_teardown(test_an_email_field_has_at_and_no_capital, setup, input_rig_teardown),
		cmocka_unit_test_setup_teardown(test_an_urdu_comment_starts_without_shift_and_types_urdu,
						setup, input_rig_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
