/* layout_question: the question page (see layout_impl.h): the rating cards
 * with their faces, single and multiple choices, the text field with its
 * counter and the on-screen keyboard, and Back, Skip and Next. */
#include "layout_impl.h"

#include <stdio.h>
#include <string.h>

#include "faces.h"
#include "utf8.h"

/* Fills in one answer card: face above the words, or beside them. */
static void lay_answer_card(kiosk_layout *l, kiosk_widget *b, int face_code,
			    bool beside, int r, int lines_max)
{
	int pad = l->pad, n = 0;
	b->px = l->body;
	b->bold = true;
	b->line_h = lay_line_h(b->px);
	b->code = face_code;
	b->face_r = r;
	if (beside) {
		b->face_x = pad + r;
		b->face_y = b->h / 2;
		b->text_x = 2 * pad + 2 * r;
		b->text_w = b->w - b->text_x - pad;
		b->align = KIOSK_ALIGN_START;
		b->lines = lay_wrap(l, b->label, b->px, true, b->text_w,
				    imax(1, imin(3, (b->h - pad / 2) / b->line_h)),
				    &n, NULL);
		b->line_src = l->wrap_src;
		b->n_lines = n;
		b->text_y = (b->h - n * b->line_h) / 2;
	} else {
		b->text_x = pad;
		b->text_w = b->w - 2 * pad;
		b->align = KIOSK_ALIGN_CENTER;
		b->lines = lay_wrap(l, b->label, b->px, true, b->text_w, 3, &n, NULL);
		b->line_src = l->wrap_src;
		b->n_lines = n;
		/* Faces line up along a row whatever their words' length. */
		int block = 2 * r + pad + imax(n, lines_max) * b->line_h;
		int top = (b->h - block) / 2;
		b->face_x = b->w / 2;
		b->face_y = top + r;
		b->text_y = top + 2 * r + pad;
	}
}

/* Lines the longest label needs at width w. */
static int lay_label_lines(kiosk_layout *l, int w, bool bold)
{
	int most = 1;
	for (size_t i = 0; i < l->v->n_options; i++) {
		int n = 0;
		size_t mark = l->used;
		lay_wrap(l, l->v->options[i].label, l->body, bold, w, 3, &n, NULL);
		l->used = mark;          /* measuring only */
		most = imax(most, n);
	}
	return most;
}

/* The widest single word of any option label: a label column narrower
 * than this would break words between letters. */
static int lay_longest_word(kiosk_layout *l, int px, bool bold)
{
	int most = 0;
	for (size_t i = 0; i < l->v->n_options; i++) {
		const char *p = l->v->options[i].label ? l->v->options[i].label : "";
		while (*p) {
			size_t n = strcspn(p, " ");
			if (n > 0)
				most = imax(most, lay_width(l, p, n, px, bold));
			p += n;
			while (*p == ' ')
				p++;
		}
	}
	return most;
}

/* Rating answers (FFT and agree5) as cards with faces: picks the grid and
 * style that give the largest faces, preferring faces above words. */
static void lay_ratings(kiosk_layout *l, int x, int y, int w, int h)
{
	const kiosk_view *v = l->v;
	int n = (int)v->n_options, G = l->gap, pad = l->pad;
	int best_cols = 1, best_r = -1;
	bool best_beside = false;
	int word = lay_longest_word(l, l->body, true);
	const int cands[] = { 3, 2, 6, 5, 1 };
	if (n <= 0)
		return;
	for (size_t c = 0; c < sizeof cands / sizeof cands[0]; c++) {
		int cols = imin(cands[c], n), rows = (n + cols - 1) / cols;
		int cw = (w - (cols - 1) * G) / cols, ch = (h - (rows - 1) * G) / rows;
		if (cw < l->target || ch < l->target)
			continue;
		for (int beside = 0; beside < 2; beside++) {
			int r, lines;
			if (beside) {
				r = (ch - 2 * pad) / 2;
				r = imin(r, cw / 6);
				if (cw - 3 * pad - 2 * r < word)
					continue;
				lines = lay_label_lines(l, cw - 3 * pad - 2 * r, true);
				if (lines * lay_line_h(l->body) > ch - pad)
					continue;
			} else {
				int eh = imin(ch, cw * 3 / 2);
				if (cw - 2 * pad < word)
					continue;
				lines = lay_label_lines(l, cw - 2 * pad, true);
				r = (eh - 3 * pad - lines * lay_line_h(l->body)) / 2;
				r = imin(r, cw * 2 / 5);
			}
			int score = beside ? r : r * 5 / 4;
			if (r > 8 && score > best_r) {
				best_r = score;
				best_cols = cols;
				best_beside = beside;
			}
		}
	}
	if (best_r < 0) {
		/* Nothing fits whole (a small panel with large text): faces
		 * beside their words in a grid, the words cut with "…". */
		best_cols = l->landscape ? imin(3, n) : imin(2, n);
		best_beside = true;
	}
	int cols = best_cols, rows = (n + cols - 1) / cols;
	int cw = (w - (cols - 1) * G) / cols, ch = (h - (rows - 1) * G) / rows;
	if (!best_beside)
		ch = imin(ch, cw * 3 / 2);
	int r = best_beside ? imin((ch - 2 * pad) / 2, cw / 6) : 0;
	if (!best_beside) {
		int lines = lay_label_lines(l, cw - 2 * pad, true);
		r = imin((ch - 3 * pad - lines * lay_line_h(l->body)) / 2, cw * 2 / 5);
	}
	r = imax(r, 8);
	int lines_max = best_beside ? 1 : lay_label_lines(l, cw - 2 * pad, true);
	int gy = y + (h - (rows * ch + (rows - 1) * G)) / 2;
	for (int i = 0; i < n; i++) {
		char id[KIOSK_WIDGET_ID_MAX];
		int code = i + 1;
		snprintf(id, sizeof id, "answer-%d", code);
		int c = i % cols, rr = i / cols;
		kiosk_widget *b = lay_add(l, id, KIOSK_ROLE_ANSWER,
					  v->options[i].label, x + c * (cw + G),
					  gy + rr * (ch + G), cw, ch);
		b->selected = v->options[i].selected;
		int face = v->kind == FB_Q_AGREE5 ? kiosk_face_for_agree5(code) : code;
		lay_answer_card(l, b, face, best_beside, r, lines_max);
	}
}

/* Single and multiple choice: a list of options with a round or square
 * mark, in as few columns as fit. */
static void lay_options(kiosk_layout *l, int x, int y, int w, int h)
{
	const kiosk_view *v = l->v;
	int n = (int)v->n_options, G = l->gap, pad = l->pad, lh = lay_line_h(l->body);
	int mark_r = l->target / 6 + 4;
	int cols = 1, bh = l->target, best_need = INT32_MAX, best_cols = 1;
	int best_bh = l->target;
	/* The fewest columns that fit; when none does, the tightest, with
	 * rows squeezed (never under three quarters of a target). */
	for (cols = 1; cols <= 4; cols++) {
		int rows = (n + cols - 1) / cols;
		int cw = (w - (cols - 1) * G) / cols;
		int lines = lay_label_lines(l, cw - 3 * pad - 2 * mark_r, false);
		bh = imax(l->target, lines * lh + pad);
		int need = rows * bh + (rows - 1) * G;
		if (need < best_need) {
			best_need = need;
			best_cols = cols;
			best_bh = bh;
		}
		if (need <= h)
			break;
	}
	cols = best_cols;
	bh = best_bh;
	int rows = (n + cols - 1) / cols;
	if (best_need > h && rows > 0)
		bh = imax((h - (rows - 1) * G) / rows, l->target * 3 / 4);
	int cw = (w - (cols - 1) * G) / cols;
	if (cols == 1)
		cw = imin(cw, sc(l->s, 900));
	for (int i = 0; i < n; i++) {
		char id[KIOSK_WIDGET_ID_MAX];
		snprintf(id, sizeof id, "option-%s", v->options[i].value);
		int c = i / rows, r = i % rows;   /* fill down columns */
		kiosk_widget *b = lay_add(l, id, KIOSK_ROLE_OPTION,
					  v->options[i].label, x + c * (cw + G),
					  y + r * (bh + G), cw, bh);
		int nl = 0;
		b->selected = v->options[i].selected;
		b->code = v->kind == FB_Q_MULTI ? 2 : 1;
		b->px = l->body;
		b->line_h = lh;
		b->face_r = mark_r;
		b->face_x = pad + b->face_r;
		b->face_y = bh / 2;
		b->text_x = 2 * pad + 2 * b->face_r;
		b->text_w = cw - b->text_x - pad;
		b->lines = lay_wrap(l, b->label, b->px, false, b->text_w,
				    imax(1, imin(3, (bh - pad / 2) / lh)), &nl, NULL);
		b->line_src = l->wrap_src;
		b->n_lines = nl;
		b->text_y = (bh - nl * b->line_h) / 2;
	}
}

/* The least a key may be across and high: a fingertip (the touch target,
 * at most 90 px), or 40 px on the 7-inch panel, where ten keys and their
 * 16 px gaps must fit a row. */
static int lay_min_key(const kiosk_layout *l)
{
	return l->W * l->H < 500000 ? 40 : imin(l->target, 90);
}

/* The free-text box and the keyboard under it. */
static void lay_text_entry(kiosk_layout *l, int x, int y, int w, int bottom)
{
	const kiosk_view *v = l->v;
	int G = l->gap, pad = l->pad, lh = lay_line_h(l->body);
	int counter_h = lay_line_h(l->small);
	int min_field = imax(lh + pad, l->H < 600 ? 0 : l->target);
	/* Keys sit on a dense grid (16 px apart, the least we allow) and, on a
	 * portrait screen, use nearly the whole width so ten fit a row. */
	int KG = 16;
	int kbx = l->landscape ? x : 16, kbw = l->landscape ? w : l->W - 32;
	/* The keyboard takes what it needs (keys as big as a target when
	 * there is room), anchored above the buttons; the text box gets the
	 * rest, one to six lines. */
	int kh_room = bottom - y - min_field - G;
	int key_cap = imax(l->target, sc(l->s, 100));
	int min_key = lay_min_key(l);
	kiosk_kb_fit fit = {
		/* as many letter keys across as stay a fingertip wide */
		.per_row = (kbw + KG) / (min_key + KG),
		.max_rows = (kh_room + KG) / (min_key + KG),
		.digit_row = (kh_room - 4 * KG) / 5 >= l->target,
	};
	kiosk_key keys[KIOSK_KB_MAX_KEYS];
	int rows = 0;
	int nk = kiosk_kb_keys(v->language, v->kb_mode, v->shift, &fit,
			       v->space_label, keys, KIOSK_KB_MAX_KEYS, &rows);
	int key_h = rows > 0 ? (kh_room - (rows - 1) * KG) / rows : 0;
	key_h = imin(key_h, key_cap);
	int kb_h = rows * key_h + (rows - 1) * KG;
	int field_room = bottom - y - kb_h - G;
	int field_lines = imax(1, imin(6, (field_room - pad - counter_h) / lh));
	int fh = field_lines > 1 ? field_lines * lh + pad + counter_h
				 : imax(min_field, lh + pad);
	fh = imax(fh, imin(l->target, field_room));   /* it is a target too */
	int cpx = l->small;
	int cw = l->measure(l->mctx, v->counter ? v->counter : "", cpx, false,
			    l->rtl);
	kiosk_widget *f = lay_add(l, "text-field", KIOSK_ROLE_FIELD,
				  v->text && *v->text ? v->text : v->placeholder,
				  x, y, w, fh);
	f->code = v->text && *v->text ? 1 : 0;
	f->px = l->body;
	f->line_h = lh;
	f->text_x = pad;
	f->text_y = pad / 2;
	f->text_w = w - 2 * pad - (field_lines == 1 ? cw + pad : 0);
	{
		/* Show the end of the text: the last lines that fit. Only a
		 * tail is broken into lines (an answer may be 2,000 characters):
		 * one line more than shows, of the narrowest letters, starting
		 * at a space so its first line breaks where the whole would. */
		int nl = 0;
		const char *text = f->label;
		size_t len = strlen(text), cps = 0;
		size_t tail = (size_t)(field_lines + 1) *
			      (size_t)(f->text_w / imax(1, f->px / 4) + 1);
		size_t start = len;
		while (start > 0 && cps < tail) {
			start = fb_utf8_prev(text, start);
			cps++;
		}
		if (start > 0) {
			size_t sp = start;
			while (sp < len && text[sp] != ' ' && text[sp] != '\n')
				sp++;
			start = sp < len ? sp + 1 : start;
		}
		const char *all = lay_wrap(l, text + start, f->px, false, f->text_w,
					   LAY_MAX_LINES, &nl, NULL);
		const char *p = all;
		int skipped = 0;
		for (int skip = nl - field_lines; skip > 0; skip--) {
			const char *nx = strchr(p, '\n');
			if (!nx)
				break;
			p = nx + 1;
			skipped++;
		}
		f->lines = p;
		f->line_src = l->wrap_src ? l->wrap_src + skipped : NULL;
		f->n_lines = imin(nl, field_lines);
	}
	kiosk_widget *c = lay_text(l, "counter", KIOSK_ROLE_HINT, v->counter, cpx,
				   false, x + pad, y + fh - counter_h - pad / 4,
				   w - 2 * pad, KIOSK_ALIGN_END, 1);
	if (field_lines == 1)   /* beside the text, at the end */
		c->y = y + (fh - c->h) / 2;
	if (rows <= 0)
		return;
	/* One grid: a letter key is 4 units, gaps between keys; the unit is
	 * the one the fullest row allows. */
	float unit = (float)key_h * 1.6f / 4.0f;
	for (int r = 0; r < rows; r++) {
		int u = kiosk_kb_row_units(keys, nk, r), k = 0;
		for (int i = 0; i < nk; i++)
			k += keys[i].row == r;
		if (u > 0)
			unit = fminf(unit, (float)(kbw - (k - 1) * KG) / (float)u);
	}
	int kb_top = bottom - kb_h;
	for (int r = 0; r < rows; r++) {
		int u = 0, k = 0;
		for (int i = 0; i < nk; i++)
			if (keys[i].row == r) {
				u += keys[i].units;
				k++;
			}
		float row_w = (float)u * unit + (float)((k - 1) * KG);
		float kx = (float)kbx + ((float)kbw - row_w) / 2;
		for (int i = 0; i < nk; i++) {
			if (keys[i].row != r)
				continue;
			int kw = (int)((float)keys[i].units * unit);
			kiosk_widget *b = lay_button(l, keys[i].id, KIOSK_ROLE_KEY,
						     keys[i].label, (int)ceilf(kx),
						     kb_top + r * (key_h + KG), kw, key_h);
			int nl = 0;
			b->bold = false;
			b->px = imax(22, imin(sc(l->s, 30), key_h * 2 / 5));
			b->line_h = lay_line_h(b->px);
			b->text_x = 4;
			b->text_w = kw - 8;
			b->lines = lay_wrap(l, b->label, b->px, false, b->text_w, 1,
					    &nl, NULL);
			b->line_src = l->wrap_src;
			b->n_lines = nl;
			b->text_y = (key_h - b->n_lines * b->line_h) / 2;
			b->selected = keys[i].active;
			kx += (float)kw + (float)KG;
		}
	}
}

void lay_question(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	bool side = v->kind == FB_Q_TEXT && l->landscape && l->H < 600;
	int side_w = sc(l->s, 260) > 150 ? sc(l->s, 260) : 150;
	int cw = l->W - 2 * M;
	kiosk_widget *t;
	int y = l->top;
	if (!v->progress || !*v->progress) {
		/* an information page: nothing to count */
	} else if (l->H < 600 || v->large_text) {
		/* Short screens and large text: "Question 2 of 5" goes up into
		 * the band, leaving the room to the answers. */
		int pw = l->W / 2 - M - lay_round_room(l);
		t = lay_text(l, "progress", KIOSK_ROLE_HINT, v->progress, l->small,
			     false, l->W / 2, (l->header_h - lay_line_h(l->small)) / 2,
			     pw, KIOSK_ALIGN_END, 1);
		t->on_dark = true;
	} else {
		t = lay_text(l, "progress", KIOSK_ROLE_HINT, v->progress, l->small,
			     false, M, l->top, cw, KIOSK_ALIGN_START, 1);
		y = t->y + t->h;
	}
	t = lay_text(l, "question", KIOSK_ROLE_TITLE, v->question, l->q_px, true,
		     M, y, cw, KIOSK_ALIGN_START, 3);
	y += t->h;
	if (v->help && *v->help) {
		/* an information page is all words: give them the page */
		t = lay_text(l, "help", KIOSK_ROLE_HINT, v->help, l->body, false, M,
			     y, cw, KIOSK_ALIGN_START, v->kind == FB_Q_INFO ? 8 : 2);
		y += t->h;
	}
	y += G;
	int nav = lay_nav(l, side, side_w);
	int bottom = side ? l->bottom - G : nav - G;
	int w = side ? nav - G - M : cw;
	switch (v->kind) {
	case FB_Q_FFT:
	case FB_Q_AGREE5:
		lay_ratings(l, M, y, w, bottom - y);
		break;
	case FB_Q_SINGLE:
	case FB_Q_MULTI:
		lay_options(l, M, y, w, bottom - y);
		break;
	case FB_Q_TEXT:
		lay_text_entry(l, M, y, w, bottom);
		break;
	case FB_Q_INFO:
	default:
		break;
	}
}
