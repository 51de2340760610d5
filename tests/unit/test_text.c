/* Text: the real fonts from assets/fonts.list through SDL2_ttf and fribidi,
 * drawn with SDL's software renderer into a surface (no window). What a
 * person would notice: boxes instead of letters, Arabic in the wrong order,
 * numbers jumbled inside right-to-left text, or text that measures one
 * width and draws another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../kiosk/text_sdl.h"
#include "src_path.h"

static kiosk_text *T;
static SDL_Surface *surface;
static SDL_Renderer *ren;

static int group_setup(void **state)
{
	fb_err err;
	(void)state;
	if (kiosk_text_new(&T, test_src_path("assets/fonts.list"), &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	surface = SDL_CreateRGBSurfaceWithFormat(0, 800, 200, 32,
						 SDL_PIXELFORMAT_ARGB8888);
	ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
	if (!ren)
		return -1;
	kiosk_text_set_renderer(T, ren);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	kiosk_text_free(T);          /* its textures first */
	if (ren)
		SDL_DestroyRenderer(ren);
	if (surface)
		SDL_FreeSurface(surface);
	SDL_Quit();
	return 0;
}

static void test_every_language_name_has_real_glyphs_not_boxes(void **state)
{
	const char *names[] = { "English", "Polski", "Română", "Português",
				"Español", "Cymraeg", "ਪੰਜਾਬੀ", "اردو", "বাংলা",
				"ગુજરાતી", "العربية", "हिन्दी", "Łódź ŵŷ ăîșț ãõç ñ¿¡" };
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!kiosk_text_covers(T, names[i]))
			fail_msg("'%s' would show boxes", names[i]);
}

static void test_keyboard_symbols_come_from_the_fallback_font(void **state)
{
	kiosk_text_run runs[8];
	(void)state;
	assert_true(kiosk_text_covers(T, "⌫ ⇧"));
	int n = kiosk_text_runs(T, "⌫", false, runs, 8);
	assert_int_equal(n, 1);
	assert_string_equal(runs[0].script, "Zyyy");
}

static void test_numbers_in_arabic_text_read_left_to_right_in_place(void **state)
{
	/* "call 111" in Arabic, right to left: the number is one left-to-right
	 * run, visually to the left of the word before it. */
	const char *s = "اتصل 111";
	kiosk_text_run runs[8];
	(void)state;
	int n = kiosk_text_runs(T, s, true, runs, 8);
	assert_true(n >= 2);
	assert_false(runs[0].rtl);                         /* leftmost: 111 */
	assert_memory_equal(s + runs[0].start, "111", 3);
	assert_true(runs[n - 1].rtl);                      /* rightmost: Arabic */
	assert_string_equal(runs[n - 1].script, "Arab");
	assert_int_equal(runs[n - 1].start, 0);            /* the first word */
}

static void test_an_arabic_word_in_english_keeps_its_place_and_direction(void **state)
{
	const char *s = "Language: العربية today";
	kiosk_text_run runs[8];
	(void)state;
	int n = kiosk_text_runs(T, s, false, runs, 8);
	assert_int_equal(n, 3);
	assert_false(runs[0].rtl);
	assert_true(runs[1].rtl);
	assert_string_equal(runs[1].script, "Arab");
	assert_false(runs[2].rtl);
	assert_string_equal(runs[2].script, "Latn");
}

static void test_indic_text_is_shaped_with_its_own_font(void **state)
{
	kiosk_text_run runs[8];
	(void)state;
	assert_int_equal(kiosk_text_runs(T, "ਪੰਜਾਬੀ", false, runs, 8), 1);
	assert_string_equal(runs[0].script, "Guru");
	assert_int_equal(kiosk_text_runs(T, "বাংলা", false, runs, 8), 1);
	assert_string_equal(runs[0].script, "Beng");
	assert_int_equal(kiosk_text_runs(T, "ગુજરાતી", false, runs, 8), 1);
	assert_string_equal(runs[0].script, "Gujr");
}

/* The line as the renderer lays it out, read left to right: its runs in
 * visual order, a right-to-left run's characters reversed. */
static const char *drawn_order(const char *para, size_t off, size_t len,
			       bool rtl)
{
	static char out[512];
	kiosk_text_run runs[16];
	size_t o = 0;
	int n = kiosk_text_line_runs(T, para, strlen(para), off, len, rtl, runs, 16);
	assert_true(n > 0);
	for (int r = 0; r < n; r++) {
		const char *s = para + runs[r].start;
		if (!runs[r].rtl) {
			memcpy(out + o, s, runs[r].len);
			o += runs[r].len;
			continue;
		}
		for (size_t e = runs[r].len; e > 0;) {   /* characters, last first */
			size_t b = e - 1;
			while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
				b--;
			memcpy(out + o, s + b, e - b);
			o += e - b;
			e = b;
		}
	}
	out[o] = '\0';
	return out;
}

static const char *drawn_alone(const char *line, bool rtl)
{
	return drawn_order(line, 0, strlen(line), rtl);
}

static void test_a_line_starting_with_the_samaritans_number_draws_116_123(void **state)
{
	/* "Call Samaritans 116 123" in Urdu, wrapped so that the number starts
	 * the second line; then the number on a line by itself */
	const char *para = "اتصل بسامریٹنز 116 123";
	size_t off = (size_t)(strstr(para, "116") - para);
	(void)state;
	assert_string_equal(drawn_order(para, off, strlen(para) - off, true),
			    "116 123");
	assert_string_equal(drawn_alone("116 123", true), "116 123");
	assert_string_equal(drawn_alone("Childline 0800 1111", true),
			    "Childline 0800 1111");
}

/* The runs of a line with bold spans, read left to right as drawn_order
 * does; *n_bold gets how many runs are bold and bold_text the last one. */
static const char *drawn_order_bold(const char *para, size_t off, size_t len,
				    const kiosk_text_span *bs, size_t n_bs,
				    bool rtl, int *n_bold, char *bold_text)
{
	static char out[512];
	kiosk_text_run runs[16];
	size_t o = 0;
	int n = kiosk_text_line_runs_spans(T, para, strlen(para), off, len, bs,
					   n_bs, rtl, runs, 16);
	assert_true(n > 0);
	*n_bold = 0;
	for (int r = 0; r < n; r++) {
		const char *s = para + runs[r].start;
		if (runs[r].bold) {
			(*n_bold)++;
			snprintf(bold_text, 64, "%.*s", (int)runs[r].len, s);
			assert_false(runs[r].rtl);  /* a number reads left to right */
		}
		if (!runs[r].rtl) {
			memcpy(out + o, s, runs[r].len);
			o += runs[r].len;
			continue;
		}
		for (size_t e = runs[r].len; e > 0;) {
			size_t b = e - 1;
			while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
				b--;
			memcpy(out + o, s + b, e - b);
			o += e - b;
			e = b;
		}
	}
	out[o] = '\0';
	return out;
}

/* Draws para at 28 px, black on white, with bold spans; returns its width
 * and puts in *dark the pixels that came out dark. */
static int ink_of(const char *para, const kiosk_text_span *bs, size_t n_bs,
		  int *dark)
{
	size_t len = strlen(para);
	SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
	SDL_RenderClear(ren);
	int w = kiosk_text_draw_spans(T, para, len, 0, len, bs, n_bs, 28, false,
				      true, 0x000000FF, 0, 0, 800, 0);
	SDL_RenderPresent(ren);
	*dark = 0;
	for (int y = 0; y < surface->h; y++) {
		const uint32_t *row = (const uint32_t *)((const uint8_t *)surface->pixels +
							 y * surface->pitch);
		for (int x = 0; x < surface->w; x++)
			if (((row[x] >> 16) & 0xFF) < 128)
				(*dark)++;
	}
	return w;
}

static void test_a_bold_number_in_urdu_is_a_bold_run_of_its_own_reading_116_123(void **state)
{
	const char *para = "سامریٹنز کو 116 123 پر مفت کال کریں";
	size_t at = (size_t)(strstr(para, "116") - para), len = strlen(para);
	kiosk_text_span bs = { at, strlen("116 123") };
	char bold[64] = "", plain[512];
	int n_bold = 0;
	(void)state;
	/* the whole line: only the number is bold, nothing moves */
	snprintf(plain, sizeof plain, "%s", drawn_order(para, 0, len, true));
	assert_string_equal(drawn_order_bold(para, 0, len, &bs, 1, true, &n_bold, bold),
			    plain);
	assert_int_equal(n_bold, 1);
	assert_string_equal(bold, "116 123");
	assert_non_null(strstr(plain, "116 123"));
	/* a line that starts with the number */
	assert_string_equal(drawn_order_bold(para, at, len - at, &bs, 1, true,
					     &n_bold, bold),
			    drawn_order(para, at, len - at, true));
	assert_int_equal(n_bold, 1);
	assert_string_equal(bold, "116 123");
	/* drawn bold: more ink than regular, as wide as its pieces measure */
	int reg_ink = 0, bold_ink = 0;
	int reg = ink_of(para, NULL, 0, &reg_ink);
	int mixed = ink_of(para, &bs, 1, &bold_ink);
	char before[128], after[128];
	snprintf(before, sizeof before, "%.*s", (int)at, para);
	snprintf(after, sizeof after, "%s", para + at + bs.len);
	int pieces = kiosk_text_measure(T, before, 28, false, true) +
		     kiosk_text_measure(T, "116 123", 28, true, true) +
		     kiosk_text_measure(T, after, 28, false, true);
	if (bold_ink <= reg_ink * 105 / 100)
		fail_msg("with the number bold %d dark pixels, all regular %d",
			 bold_ink, reg_ink);
	if (abs(mixed - pieces) > 3 || abs(mixed - reg) > 20)
		fail_msg("drawn %d px (regular %d), its pieces measure %d px",
			 mixed, reg, pieces);
}

/* The crisis card at 800x480 with A+: the Samaritans line wraps after the
 * comma, so the number sits mid-line in a line that is not the whole
 * paragraph (seen drawn as "123 116" on the kiosk). */
static void test_a_wrapped_urdu_crisis_line_draws_116_123(void **state)
{
	const char *para = "سامریٹنز کو 116 123 پر مفت کال کریں، کسی بھی وقت۔";
	size_t at = (size_t)(strstr(para, "116") - para);
	size_t brk = (size_t)(strstr(para, "کسی") - para);
	kiosk_text_span bs = { at, strlen("116 123") };
	char bold[64] = "";
	int n_bold = 0;
	(void)state;
	assert_non_null(strstr(drawn_order(para, 0, brk, true), "116 123"));
	assert_non_null(strstr(drawn_order_bold(para, 0, brk, &bs, 1, true, &n_bold, bold), "116 123"));
	assert_string_equal(bold, "116 123");
}

static void test_an_english_sentence_on_an_urdu_page_keeps_its_full_stop_at_the_end(void **state)
{
	(void)state;
	assert_string_equal(drawn_alone("Your answers have been saved.", true),
			    "Your answers have been saved.");
	assert_string_equal(drawn_alone("Need to talk to someone now?", true),
			    "Need to talk to someone now?");
}

static void test_the_text_size_button_draws_a_plus_on_a_right_to_left_page(void **state)
{
	(void)state;
	assert_string_equal(drawn_alone("A+", true), "A+");
}

static int ink_columns(int *left, int *right)
{
	int count = 0;
	*left = -1;
	*right = -1;
	SDL_LockSurface(surface);
	for (int x = 0; x < surface->w; x++) {
		bool ink = false;
		for (int y = 0; y < surface->h && !ink; y++) {
			Uint32 p = ((Uint32 *)((Uint8 *)surface->pixels +
					       y * surface->pitch))[x];
			ink = (p & 0x00FFFFFF) != 0x00FFFFFF;
		}
		if (ink) {
			if (*left < 0)
				*left = x;
			*right = x;
			count++;
		}
	}
	SDL_UnlockSurface(surface);
	return count;
}

static void clear_white(void)
{
	SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
	SDL_RenderClear(ren);
}

static void test_a_line_drawn_in_its_paragraph_is_as_wide_as_measured_alone(void **state)
{
	/* the layout measures each line alone, the renderer draws it in its
	 * paragraph: the widths must agree, or wrapped lines spill out */
	const char *paras[] = {
		"Call NHS 111 and choose option 2 for mental health crisis support, "
		"or call Samaritans free on 116 123, or tell a member of staff.",
		"اتصل بسامریٹنز 116 123 یا عملے کے کسی رکن کو بتائیں۔",
		"براہ کرم Samaritans کو 116 123 پر فون کریں",
	};
	(void)state;
	for (size_t p = 0; p < sizeof paras / sizeof paras[0]; p++) {
		const char *para = paras[p];
		size_t n = strlen(para);
		/* every split at a space: the line from there to the end */
		for (size_t off = 0; off < n; off++) {
			if (off > 0 && para[off - 1] != ' ')
				continue;
			char line[512];
			memcpy(line, para + off, n - off);
			line[n - off] = '\0';
			int alone = kiosk_text_measure(T, line, 28, false, true);
			clear_white();
			int drawn = kiosk_text_draw_line(T, para, n, off, n - off, 28,
							 false, true, 0x000000FF,
							 0, 0, 800, 0);
			if (alone != drawn)
				fail_msg("'%s' in its paragraph draws %d px, "
					 "measures %d alone", line, drawn, alone);
		}
	}
}

static void test_drawn_text_is_as_wide_as_measured(void **state)
{
	const char *lines[] = { "Overall, how was your experience?", "ਪੰਜਾਬੀ",
				"اتصل 111 الآن", "Ogólnie rzecz biorąc" };
	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		int l, r;
		clear_white();
		int mw = kiosk_text_measure(T, lines[i], 28, false, i == 2);
		int dw = kiosk_text_draw(T, lines[i], 28, false, i == 2, 0x212B32FF,
					 10, 10);
		SDL_RenderPresent(ren);
		assert_true(mw > 20);
		assert_int_equal(dw, mw);
		assert_true(ink_columns(&l, &r) > 10);
		/* the ink lies inside the measured box (glyphs may overhang a
		 * pixel or two) */
		assert_true(l >= 10 - 3);
		assert_true(r <= 10 + mw + 3);
	}
}

static void test_centred_text_is_centred_in_its_box(void **state)
{
	int l, r;
	(void)state;
	clear_white();
	kiosk_text_draw_in(T, "Start", 40, true, false, 0x000000FF, 0, 0, 800, 1);
	SDL_RenderPresent(ren);
	ink_columns(&l, &r);
	int mid = (l + r) / 2;
	assert_true(mid > 400 - 6 && mid < 400 + 6);
}

static void test_the_cache_stays_within_its_cap_and_reuses_lines(void **state)
{
	char s[64];
	kiosk_text_stats st;
	(void)state;
	for (int i = 0; i < KIOSK_TEXT_CACHE_MAX + 200; i++) {
		snprintf(s, sizeof s, "Line number %d", i);
		kiosk_text_draw(T, s, 24, false, false, 0x000000FF, 0, 0);
	}
	kiosk_text_stats_get(T, &st);
	assert_true(st.cached <= KIOSK_TEXT_CACHE_MAX);
	assert_true(st.cached_bytes <= KIOSK_TEXT_CACHE_BYTES);
	uint64_t hits = st.hits;
	kiosk_text_draw(T, s, 24, false, false, 0x000000FF, 0, 0);
	kiosk_text_stats_get(T, &st);
	assert_int_equal(st.hits, hits + 1);   /* the last line is still there */
}

static void test_characters_no_font_has_do_not_crash_the_kiosk(void **state)
{
	(void)state;
	/* Chinese: no font on the device has it (boxes, but no crash) */
	assert_false(kiosk_text_covers(T, "中文"));
	assert_true(kiosk_text_measure(T, "say 中文 please", 24, false, false) > 0);
	kiosk_text_draw(T, "say 中文 please", 24, false, false, 0x000000FF, 0, 0);
	/* broken UTF-8 is refused quietly, not drawn as garbage */
	assert_int_equal(kiosk_text_runs(T, "bad \xC3", false, NULL, 0), -1);
	assert_int_equal(kiosk_text_measure(T, "bad \xC3", 24, false, false), 0);
}

static void test_a_missing_fonts_list_is_an_error_naming_the_file(void **state)
{
	kiosk_text *t = NULL;
	fb_err err;
	(void)state;
	assert_int_not_equal(kiosk_text_new(&t, "/nonexistent/fonts.list", &err), 0);
	assert_null(t);
	assert_non_null(strstr(err.msg, "/nonexistent/fonts.list"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_language_name_has_real_glyphs_not_boxes),
		cmocka_unit_test(test_a_wrapped_urdu_crisis_line_draws_116_123),
		cmocka_unit_test(test_a_bold_number_in_urdu_is_a_bold_run_of_its_own_reading_116_123),
		cmocka_unit_test(test_keyboard_symbols_come_from_the_fallback_font),
		cmocka_unit_test(test_numbers_in_arabic_text_read_left_to_right_in_place),
		cmocka_unit_test(test_an_arabic_word_in_english_keeps_its_place_and_direction),
		cmocka_unit_test(test_indic_text_is_shaped_with_its_own_font),
		cmocka_unit_test(test_a_line_starting_with_the_samaritans_number_draws_116_123),
		cmocka_unit_test(test_an_english_sentence_on_an_urdu_page_keeps_its_full_stop_at_the_end),
		cmocka_unit_test(test_the_text_size_button_draws_a_plus_on_a_right_to_left_page),
		cmocka_unit_test(test_drawn_text_is_as_wide_as_measured),
		cmocka_unit_test(test_a_line_drawn_in_its_paragraph_is_as_wide_as_measured_alone),
		cmocka_unit_test(test_centred_text_is_centred_in_its_box),
		cmocka_unit_test(test_the_cache_stays_within_its_cap_and_reuses_lines),
		cmocka_unit_test(test_characters_no_font_has_do_not_crash_the_kiosk),
		cmocka_unit_test(test_a_missing_fonts_list_is_an_error_naming_the_file),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
