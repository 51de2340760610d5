/* layout_question: the question page (see layout_impl.h): the rating cards
 * with their faces, single and multiple choices, the text field with its
 * counter and the on-screen keyboard, and Back, Skip and Next. */
#include "layout_impl.h"

#include <stdio.h>
#include <string.h>

#include "faces.h"
#include "utf8.h"

/* Fills in one answer card: face above the words, or beside them; the
 * words at px. */
static void lay_answer_card(kiosk_layout *l, kiosk_widget *b, int face_code,
			    bool beside, int r, int lines_max, int px)
{
	int pad = l->pad, n = 0;
	b->px = px;
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
		b->lines = lay_wrap(l, b->label, b->px, true, b->text_w, 3, &n, NULL);
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

/* Lines the longest label needs at width w and px (LAY_MAX_LINES + 1
 * when one would not fit even those). */
static int lay_label_lines_px(kiosk_layout *l, int w, int px, bool bold)
{
	int most = 1;
	for (size_t i = 0; i < l->v->n_options; i++) {
		int n = 0;
		size_t mark = l->used, cuts = l->n_cuts, spans = l->n_spans;
		bool was = l->truncated;
		lay_wrap(l, l->v->options[i].label, px, bold, w, 3, &n, NULL);
		if (l->n_cuts > cuts)
			n = LAY_MAX_LINES + 1;   /* more than three */
		l->used = mark;          /* measuring only */
		l->n_cuts = cuts;
		l->n_spans = spans;
		l->truncated = was;
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

/* The grid and style that give the largest faces for words at px in a
 * w x h box, preferring faces above words. Returns the face radius, or
 * -1 when no grid holds the words whole. */
static int lay_rating_grid(kiosk_layout *l, int w, int h, int px, int *cols_out,
			   bool *beside_out)
{
	int n = (int)l->v->n_options, G = l->gap, pad = l->pad, lh = lay_line_h(px);
	int best_score = -1, best_r = -1;
	int word = lay_longest_word(l, px, true);
	const int cands[] = { 3, 2, 6, 5, 1 };
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
				lines = lay_label_lines_px(l, cw - 3 * pad - 2 * r, px, true);
				if (lines > 3 || lines * lh > ch - pad)
					continue;
			} else {
				int eh = imin(ch, cw * 3 / 2);
				if (cw - 2 * pad < word)
					continue;
				lines = lay_label_lines_px(l, cw - 2 * pad, px, true);
				if (lines > 3)
					continue;
				r = (eh - 3 * pad - lines * lh) / 2;
				r = imin(r, cw * 2 / 5);
			}
			int score = beside ? r : r * 5 / 4;
			if (r > 8 && score > best_score) {
				best_score = score;
				best_r = r;
				*cols_out = cols;
				*beside_out = beside;
			}
		}
	}
	return best_r;
}

/* Rating answers (FFT and agree5) as cards with faces. With A+ the words
 * grow and the faces never shrink: when the larger words would take the
 * faces' room, the faces keep their normal size and the words grow only as
 * far as they fit whole. */
static void lay_ratings(kiosk_layout *l, int x, int y, int w, int h)
{
	const kiosk_view *v = l->v;
	int n = (int)v->n_options, G = l->gap, pad = l->pad;
	int base = l->base_body, px = l->ans_body;
	int cols = l->landscape ? imin(3, n) : imin(2, n);
	bool beside = true;
	if (n <= 0)
		return;
	int r = lay_rating_grid(l, w, h, px, &cols, &beside);
	if (px > base) {
		int cols0 = cols;
		bool beside0 = beside;
		int r0 = lay_rating_grid(l, w, h, base, &cols0, &beside0);
		if (r0 > r) {
			cols = cols0;
			beside = beside0;
			r = r0;
			px = base;
		}
	}
	int rows = (n + cols - 1) / cols;
	int cw = (w - (cols - 1) * G) / cols, ch = (h - (rows - 1) * G) / rows;
	if (!beside)
		ch = imin(ch, cw * 3 / 2);
	if (r < 0) {
		/* Nothing holds the words whole (a small panel): faces beside
		 * their words, as large as the card allows. */
		r = imin((ch - 2 * pad) / 2, cw / 6);
	}
	r = imax(r, 8);
	/* With A+ and the faces kept: the words as large as still fit. */
	if (px < l->ans_body) {
		for (int p = l->ans_body; p > px; p--) {
			int lines = lay_label_lines_px(l, beside ? cw - 3 * pad - 2 * r :
						       cw - 2 * pad, p, true);
			int need = beside ? lines * lay_line_h(p) + pad :
				   2 * r + 3 * pad + lines * lay_line_h(p);
			if (lines <= 3 && need <= ch) {
				px = p;
				break;
			}
		}
	}
	int lines_max = beside ? 1 : lay_label_lines_px(l, cw - 2 * pad, px, true);
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
		lay_answer_card(l, b, face, beside, r, lines_max, px);
	}
}

/* Lines one label needs at width w and px (4 when more than three). */
static int lay_one_label_lines(kiosk_layout *l, const char *label, int w, int px)
{
	int n = 0;
	size_t mark = l->used, cuts = l->n_cuts, spans = l->n_spans;
	bool was = l->truncated;
	lay_wrap(l, label, px, false, w, 3, &n, NULL);
	if (l->n_cuts > cuts)
		n = 4;
	l->used = mark;
	l->n_cuts = cuts;
	l->n_spans = spans;
	l->truncated = was;
	return n;
}

/* Each row as high as its longest label needs (a target at least), for
 * cols columns cw wide at px. Returns the height of them all, or -1 when
 * a label needs more than three lines. */
static int lay_option_rows(kiosk_layout *l, int cols, int cw, int px, int mark_r,
			   int *row_h)
{
	int n = (int)l->v->n_options, need = 0, lh = lay_line_h(px);
	for (int r = 0; r * cols < n; r++) {
		int most = 1;
		for (int i = r * cols; i < n && i < (r + 1) * cols; i++)
			most = imax(most, lay_one_label_lines(l, l->v->options[i].label,
							      cw - 3 * l->pad - 2 * mark_r, px));
		if (most > 3)
			return -1;
		row_h[r] = imax(imax(l->target, 2 * mark_r + l->pad), most * lh + l->pad);
		need += row_h[r] + (r > 0 ? l->gap : 0);
	}
	return need;
}

/* Single and multiple choice: a list of options with a round or square
 * mark, in as few columns as fit, read along the rows. */
static void lay_options(kiosk_layout *l, int x, int y, int w, int h)
{
	const kiosk_view *v = l->v;
	int n = (int)v->n_options, G = l->gap, pad = l->pad;
	/* easy read: a picture beside each answer, as large as a small face */
	int mark_r = l->target / 6 + 4;
	if (v->easy_read && n > 0)
		/* as large as a small face where the rows leave room */
		mark_r = imax(l->target * 2 / 5,
			      imin(sc(l->s, 48), ((h - (n - 1) * G) / n - pad) / 2));
	int best_need = INT32_MAX, best_cols = 1, best_px = l->ans_body;
	int row_h[KIOSK_VIEW_MAX_ITEMS], best_h[KIOSK_VIEW_MAX_ITEMS];
	if (n <= 0)
		return;
	/* The fewest columns that fit at the body size, the words wrapped
	 * whole; when none does, the same at smaller sizes (never under
	 * LAY_MIN_PX);
	 * then the tightest. Words are never cut. */
	for (int px = l->ans_body; px >= LAY_MIN_PX && best_need > h;
	     px = px > LAY_MIN_PX ? imax(LAY_MIN_PX, px * 9 / 10) : 0) {
		for (int cols = 1; cols <= 4; cols++) {
			int cw = (w - (cols - 1) * G) / cols;
			if (cols == 1)
				cw = imin(cw, sc(l->s, 900));
			int need = lay_option_rows(l, cols, cw, px, mark_r, row_h);
			if (need < 0)
				continue;
			if (need < best_need) {
				best_need = need;
				best_cols = cols;
				best_px = px;
				memcpy(best_h, row_h, sizeof row_h);
			}
			if (need <= h)
				break;
		}
	}
	if (best_need == INT32_MAX) {   /* not even three lines */
		best_cols = imin(n, 2);
		for (int r = 0; r * best_cols < n; r++)
			best_h[r] = l->target;
	}
	int cols = best_cols, px = best_px, lh = lay_line_h(px);
	int cw = (w - (cols - 1) * G) / cols;
	if (cols == 1)
		cw = imin(cw, sc(l->s, 900));
	int ry = y;
	for (int i = 0; i < n; i++) {
		char id[KIOSK_WIDGET_ID_MAX];
		snprintf(id, sizeof id, "option-%s", v->options[i].value);
		/* along the rows: age bands read in order, as text does */
		int c = i % cols, r = i / cols, bh = best_h[r];
		if (c == 0 && r > 0)
			ry += best_h[r - 1] + G;
		kiosk_widget *b = lay_add(l, id, KIOSK_ROLE_OPTION,
					  v->options[i].label, x + c * (cw + G),
					  ry, cw, bh);
		int nl = 0;
		b->selected = v->options[i].selected;
		b->code = v->kind == FB_Q_MULTI ? 2 : 1;
		b->picture = v->easy_read ? kiosk_picture_for(v->options[i].value) :
			     KIOSK_PICTURE_NONE;
		b->px = px;
		b->line_h = lh;
		b->face_r = mark_r;
		b->face_x = pad + b->face_r;
		b->face_y = bh / 2;
		b->text_x = 2 * pad + 2 * b->face_r;
		b->text_w = cw - b->text_x - pad;
		b->lines = lay_wrap(l, b->label, b->px, false, b->text_w, 3, &nl,
				    NULL);
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

/* The text box's least height: a line, or a target on taller screens. */
static int lay_min_field(const kiosk_layout *l, int body)
{
	return imax(lay_line_h(body) + l->pad, l->H < 600 ? 0 : l->target);
}

/* The keyboard for a text question at [x, x + w), above bottom: its keys
 * (in keys, *nk of them, *rows rows, each *key_h high). Returns its
 * height. The keys are one size on every question of a screen size, with
 * or without A+: their room is what a page with a one-line question and a
 * one-line hint at the normal text size leaves, whatever this question's
 * words are. */
static int lay_kb_plan(kiosk_layout *l, int w, int bottom, kiosk_key *keys,
		       int *nk, int *rows, int *key_h)
{
	const kiosk_view *v = l->v;
	int G = l->gap, KG = 16;
	int body = kiosk_layout_body_px(l->W, l->H);
	int kbw = l->landscape ? w : l->W - 32;
	/* (the 7-inch panel: a two-line hint, so a long consent sentence
	 * still fits above keys of the least size) */
	int std_y = l->top + lay_line_h(imax(26, sc(l->s, 42))) +
		    lay_line_h(body) * (l->H < 600 ? 2 : 1) + G +
		    (l->H < 600 ? 0 : lay_line_h(imax(22, sc(l->s, 24))));
	int kh_room = bottom - std_y - lay_min_field(l, body) - G;
	int key_cap = imax(l->target, sc(l->s, 100));
	int min_key = lay_min_key(l);
	kiosk_kb_fit fit = {
		/* as many letter keys across as stay a fingertip wide */
		.per_row = (kbw + KG) / (min_key + KG),
		.max_rows = (kh_room + KG) / (min_key + KG),
		.digit_row = (kh_room - 4 * KG) / 5 >= l->target,
	};
	*rows = 0;
	*nk = kiosk_kb_keys(v->language, v->kb_mode, v->shift, &fit,
			    v->space_label, keys, KIOSK_KB_MAX_KEYS, rows);
	*key_h = *rows > 0 ? (kh_room - (*rows - 1) * KG) / *rows : 0;
	*key_h = imax(imin(*key_h, key_cap), imin(min_key, key_cap));
	return *rows > 0 ? *rows * *key_h + (*rows - 1) * KG : 0;
}

/* The free-text box and the keyboard under it. */
static void lay_text_entry(kiosk_layout *l, int x, int y, int w, int bottom)
{
	const kiosk_view *v = l->v;
	int G = l->gap, pad = l->pad, lh = lay_line_h(l->body);
	int counter_h = lay_line_h(l->small);
	int min_field = lay_min_field(l, l->body);
	/* Keys sit on a dense grid (16 px apart, the least we allow) and, on a
	 * portrait screen, use nearly the whole width so ten fit a row. */
	int KG = 16;
	int kbx = l->landscape ? x : 16, kbw = l->landscape ? w : l->W - 32;
	/* The keyboard takes what it needs (keys as big as a target when
	 * there is room), anchored above the buttons; the text box gets the
	 * rest, one to six lines. */
	kiosk_key keys[KIOSK_KB_MAX_KEYS];
	int rows = 0, nk = 0, key_h = 0;
	int kb_h = lay_kb_plan(l, w, bottom, keys, &nk, &rows, &key_h);
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
	/* the letters page's unit too: an email or phone page's keys are
	 * no wider than the letters' (one key size on every question) */
	kiosk_key letters[KIOSK_KB_MAX_KEYS];
	int lrows = 0, lnk = 0;
	{
		const kiosk_view *shown = l->v;
		kiosk_view as_letters = *shown;
		int unused_h = 0;
		as_letters.kb_mode = KIOSK_KB_LETTERS;
		l->v = &as_letters;
		lay_kb_plan(l, w, bottom, letters, &lnk, &lrows, &unused_h);
		l->v = shown;
	}
	for (int pass = 0; pass < 2; pass++) {
		const kiosk_key *ks = pass ? letters : keys;
		int n_ks = pass ? lnk : nk, n_rows = pass ? lrows : rows;
		for (int r = 0; r < n_rows; r++) {
			int u = kiosk_kb_row_units(ks, n_ks, r), k = 0;
			for (int i = 0; i < n_ks; i++)
				k += ks[i].row == r;
			if (u > 0)
				unit = fminf(unit, (float)(kbw - (k - 1) * KG) / (float)u);
		}
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

/* The progress count, the question and its hint, at pct percent of their
 * sizes (never under LAY_MIN_PX). Returns where the answers start. */
static int lay_question_top(kiosk_layout *l, int pct)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	int least = LAY_MIN_PX;
	/* A rating page keeps its words above the faces at the normal size,
	 * so A+ leaves the faces at least the room they had. */
	bool rating = v->kind == FB_Q_FFT || v->kind == FB_Q_AGREE5;
	int q_px = rating && v->large_text ? l->q_px * 8 / 9 : l->q_px;
	int body = rating ? l->base_body : l->ans_body;
	int small = rating ? imax(22, sc(l->s, 24)) : l->small;
	int cw = l->W - 2 * M;
	kiosk_widget *t;
	int y = l->top;
	/* Short screens and large text: "Question 2 of 5" goes up into the
	 * band, between the ward's name and the round buttons, when it fits
	 * there whole; else it takes a line of the page. */
	int name_w = lay_width(l, v->service ? v->service : "",
			       strlen(v->service ? v->service : ""),
			       imax(24, sc(l->s, 30)), true);
	int band_x = M + name_w + 2 * G;
	int band_w = l->W - M - lay_round_room(l) - band_x;
	bool in_band = v->progress && *v->progress &&
		       (l->H < 600 || (v->large_text && l->landscape)) &&
		       lay_width(l, v->progress, strlen(v->progress), small,
				 false) <= band_w;
	if (!v->progress || !*v->progress) {
		/* an information page: nothing to count */
	} else if (in_band) {
		t = lay_text(l, "progress", KIOSK_ROLE_HINT, v->progress, small,
			     false, band_x, (l->header_h - lay_line_h(small)) / 2,
			     band_w, KIOSK_ALIGN_END, 1);
		t->on_dark = true;
	} else {
		t = lay_text(l, "progress", KIOSK_ROLE_HINT, v->progress, small,
			     false, M, l->top, cw, KIOSK_ALIGN_START, 1);
		y = t->y + t->h;
	}
	t = lay_text(l, "question", KIOSK_ROLE_TITLE, v->question,
		     imax(LAY_MIN_PX, q_px * pct / 100), true, M, y, cw,
		     KIOSK_ALIGN_START, 6);
	y += t->h;
	if (v->help && *v->help) {
		/* Wrapped whole, never cut (the consent sentence is what a
		 * person agrees to); on a screen with a keyboard, smaller
		 * when it would need more than two lines. */
		int hpx = imax(least, body * pct / 100);
		if (v->kind == FB_Q_TEXT) {
			for (int n = 3; hpx > least && n > 2; hpx = hpx * 9 / 10) {
				size_t mark = l->used, cuts = l->n_cuts, spans = l->n_spans;
				lay_wrap(l, v->help, hpx, false, cw, 8, &n, NULL);
				l->used = mark;
				l->n_cuts = cuts;
				l->n_spans = spans;
				if (n <= 2)
					break;
			}
			hpx = imax(hpx, least);
		}
		t = lay_text(l, "help", KIOSK_ROLE_HINT, v->help, hpx, false, M,
			     y, cw, KIOSK_ALIGN_START, 12);
		y += t->h;
	}
	return y + G;
}

void lay_question(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	bool side = v->kind == FB_Q_TEXT && l->landscape && l->H < 600;
	/* Back, Skip and Next down the side: as wide as their words need */
	int side_w = imax(150, sc(l->s, 260));
	{
		/* measured at the A+ size with or without it, so the keyboard
		 * beside them keeps one width */
		const char *labels[] = { v->back_label, v->skip_label,
					 v->next_usual_label ? v->next_usual_label :
					 v->next_label };
		int big = kiosk_layout_body_px(l->W, l->H) * 5 / 4;
		for (int i = 0; i < 3; i++)
			side_w = imax(side_w, l->measure(l->mctx, labels[i] ? labels[i] : "",
							 big, true, l->rtl) + 2 * l->pad);
	}
	side_w = imin(side_w, l->W / 3);
	int cw = l->W - 2 * M;
	int nav_top = lay_nav_top(l);
	int bottom = side ? l->bottom - G : nav_top - G;
	int w = side ? l->W - M - side_w - G - M : cw;
	/* A text question's keyboard is one size (lay_kb_plan): when the
	 * words above would crowd the text box, they get smaller instead. */
	int y_max = l->H;
	if (v->kind == FB_Q_TEXT) {
		kiosk_key keys[KIOSK_KB_MAX_KEYS];
		int nk = 0, rows = 0, key_h = 0;
		int kb_h = lay_kb_plan(l, w, bottom, keys, &nk, &rows, &key_h);
		y_max = bottom - kb_h - G - lay_min_field(l, l->body);
	}
	size_t first = l->n, mark = l->used, cuts = l->n_cuts, spans = l->n_spans;
	bool truncated = l->truncated;
	int y = l->top;
	for (int pct = 100; pct >= 60; pct -= 10) {
		l->n = first;
		l->used = mark;
		l->n_cuts = cuts;
		l->n_spans = spans;
		l->truncated = truncated;
		y = lay_question_top(l, pct);
		if (y <= y_max)
			break;
	}
	lay_nav(l, side, side_w, y);
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
