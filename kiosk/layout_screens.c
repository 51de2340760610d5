/* layout_screens: every screen but the question page (see layout_impl.h):
 * attract with You said we did, the language choice, the message screens
 * (still there, thanks, sorry, cleaning), the PIN pad and the staff screen. */
#include "layout_impl.h"

#include "enrol_file.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "faces.h"

/* ---- screens -------------------------------------------------------- */

static void lay_yousaid(kiosk_layout *l, int x, int y, int w, int min_h)
{
	const kiosk_view *v = l->v;
	int pad = sc(l->s, 36), bar = imax(6, sc(l->s, 10));
	size_t card = l->n;
	kiosk_widget *c = lay_add(l, "yousaid", KIOSK_ROLE_CARD, v->ysw_heading,
				  x, y, w, min_h);
	c->accent = 0xFFB81CFF;
	c->n_lines = 0;
	int tx = x + pad + bar, tw = w - 2 * pad - bar, cy = y + pad;
	kiosk_widget *t;
	t = lay_text(l, "yousaid-heading", KIOSK_ROLE_HINT, v->ysw_heading,
		     l->small, true, tx, cy, tw, KIOSK_ALIGN_START, 1);
	cy += t->h + l->gap;
	t = lay_text(l, "you-said-label", KIOSK_ROLE_TEXT, v->you_said_label,
		     l->body, true, tx, cy, tw, KIOSK_ALIGN_START, 1);
	cy += t->h;
	t = lay_text(l, "you-said", KIOSK_ROLE_TEXT, v->you_said, l->body, false,
		     tx, cy, tw, KIOSK_ALIGN_START, 4);
	cy += t->h + l->gap;
	t = lay_text(l, "we-did-label", KIOSK_ROLE_TEXT, v->we_did_label, l->body,
		     true, tx, cy, tw, KIOSK_ALIGN_START, 1);
	cy += t->h;
	t = lay_text(l, "we-did", KIOSK_ROLE_TEXT, v->we_did, l->body, false, tx,
		     cy, tw, KIOSK_ALIGN_START, 5);
	cy += t->h + l->gap;
	if (v->ysw_count > 1) {
		kiosk_widget *d = lay_add(l, "yousaid-dots", KIOSK_ROLE_DOTS, "", tx,
					  cy, tw, imax(12, sc(l->s, 14)));
		d->code = v->ysw_index;
		d->value = v->ysw_count;
		cy += d->h;
	}
	l->w[card].h = imax(min_h, cy + pad - y);
}

/* [kiosk] modes: a button per mode beside Start (on the rows under it
 * when the row is full), each as clear as Start is. Returns the top of
 * the last row. */
static int lay_attract_modes(kiosk_layout *l, int x, int y, int lw, int sh,
			     int start_w)
{
	const kiosk_view *v = l->v;
	const char *ids[4], *labels[4];
	size_t n = imin((int)v->n_modes, 4);
	int G = l->gap, need = start_w, minw = sc(l->s, 220);
	for (size_t i = 0; i < n; i++) {
		ids[i] = v->modes[i].id;
		labels[i] = v->modes[i].label;
		need += G + imin(lw, lay_button_w(l, labels[i], minw));
	}
	if (need <= lw) {
		int cx = x + start_w + G;
		for (size_t i = 0; i < n; i++) {
			int bw = imin(lw, lay_button_w(l, labels[i], minw));
			lay_button(l, ids[i], KIOSK_ROLE_BUTTON, labels[i], cx, y, bw, sh);
			cx += bw + G;
		}
		return y;
	}
	size_t first = l->n;
	int bottom = lay_flow_buttons(l, x, y + sh + G, lw, sh, KIOSK_ROLE_BUTTON, n,
				      ids, labels, NULL, false);
	(void)first;
	return bottom - sh;
}

/* The start screen's main column: headline, words, Start, languages.
 * compact drops the words and tightens the spacing (short screens).
 * Returns the column's bottom. */
static int lay_attract_column(kiosk_layout *l, int x, int lw, int level)
{
	const kiosk_view *v = l->v;
	bool compact = level > 0;
	int G = l->gap, space = compact ? G : 2 * G;
	kiosk_widget *t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title,
				   l->title_px, true, x, l->top, lw,
				   KIOSK_ALIGN_START, 3);
	int y = t->y + t->h + G / 2;
	if (!compact && v->body && *v->body) {
		t = lay_text(l, "body", KIOSK_ROLE_HINT, v->body, l->body, false, x,
			     y, lw, KIOSK_ALIGN_START, 8);
		y += t->h;
	}
	y += space;
	int sh = imax(l->target, sc(l->s, 88));
	if (!v->primary)
		return y;               /* out of order: nothing to start */
	int start_w = imin(lw, lay_button_w(l, v->primary, sc(l->s, 260)));
	lay_button(l, "start", KIOSK_ROLE_PRIMARY, v->primary, x, y, start_w, sh);
	l->w[l->n - 1].px = imax(l->body, sc(l->s, 36));
	l->w[l->n - 1].line_h = lay_line_h(l->w[l->n - 1].px);
	l->w[l->n - 1].text_y = (sh - l->w[l->n - 1].line_h) / 2;
	if (v->n_modes > 0)
		y = lay_attract_modes(l, x, y, lw, sh, start_w);
	y += sh + space;
	/* Level 2 leaves the languages to the next screen (Start leads to
	 * them); the page must fit first. */
	if (v->n_langs > 1 && level < 2)
		y = lay_flow_bottom_languages(l, x, y, lw);
	return y;
}

void lay_attract(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	bool card = v->ysw_count > 0;
	int M = l->margin, G = l->gap;
	int avail_w = l->W - 2 * M;
	int lw = 0, rx = 0, rw = 0, x = M;
	size_t first = l->n, mark = l->used, cuts = l->n_cuts, spans = l->n_spans;
	int col_bottom = 0;
	/* Too tall (a 7-inch panel, large text): without the small words;
	 * then without You said, we did, so every language still shows in
	 * its own script (the first thing a person who reads no English
	 * needs); only then without the languages. */
	const struct { bool card; int level; } tries[] = {
		{ true, 0 }, { true, 1 }, { false, 0 }, { false, 1 }, { true, 2 },
	};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		if (tries[i].card && !card)
			continue;
		bool with = card && tries[i].card;
		if (!with) {
			/* the 7-inch panel: the whole width, so the languages
			 * take fewer rows */
			lw = l->H < 600 ? avail_w : imin(avail_w, sc(l->s, 900));
		} else if (l->landscape) {
			lw = (avail_w - 3 * G) / 2;
			rx = M + lw + 3 * G;
			rw = l->W - M - rx;
		} else {
			lw = avail_w;
		}
		x = with || !l->landscape ? M : (l->W - lw) / 2;
		l->n = first;
		l->used = mark;
		l->n_cuts = cuts;
		l->n_spans = spans;
		col_bottom = lay_attract_column(l, x, lw, tries[i].level);
		card = with;
		if (col_bottom <= l->bottom)
			break;
		card = v->ysw_count > 0;
	}
	if (card && l->landscape) {
		size_t cfirst = l->n;
		lay_yousaid(l, rx, l->top, rw,
			    imin(sc(l->s, 420), l->bottom - l->top));
		lay_center_v(l, cfirst, l->top, l->bottom);
		lay_center_v(l, first, l->top, l->bottom);
	} else if (card) {
		lay_yousaid(l, M, col_bottom + 3 * G, avail_w, 0);
		lay_center_v(l, first, l->top, l->bottom);
	} else {
		lay_center_v(l, first, l->top, l->bottom);
	}
	/* Burn-in: the whole page drifts a few pixels. */
	int dx = (int)lroundf(v->drift_x * (float)imin(M / 2, sc(l->s, 10)));
	int dy = (int)lroundf(v->drift_y * (float)imin(G / 2, sc(l->s, 8)));
	lay_shift(l, first, dx, dy);
}

void lay_language(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	size_t first = l->n;
	int cols = l->landscape ? (v->n_langs > 6 ? 3 : 2) : 1;
	if (v->n_langs <= 2)
		cols = 1;
	int cw = (l->W - 2 * M - (cols - 1) * G) / cols;
	cw = imin(cw, sc(l->s, 520));
	int h = imax(l->target, sc(l->s, 84));
	int total_w = cols * cw + (cols - 1) * G;
	int x0 = (l->W - total_w) / 2;
	kiosk_widget *t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title,
				   l->title_px, true, x0, l->top, total_w,
				   KIOSK_ALIGN_START, 2);
	int y = t->y + t->h + 2 * G;
	int nav_top = l->H - l->gap - l->target;
	int rows = ((int)v->n_langs + cols - 1) / cols;
	int room = nav_top - G - y;
	if (rows > 0 && rows * h + (rows - 1) * G > room)
		h = imax((room - (rows - 1) * G) / rows, l->target * 2 / 3);
	for (size_t i = 0; i < v->n_langs && i < KIOSK_VIEW_MAX_ITEMS; i++) {
		char id[KIOSK_WIDGET_ID_MAX];
		snprintf(id, sizeof id, "lang-%s", v->langs[i].code);
		int c = (int)i % cols, r = (int)i / cols;
		kiosk_widget *b = lay_button(l, id, KIOSK_ROLE_LANGUAGE,
					     v->langs[i].name, x0 + c * (cw + G),
					     y + r * (h + G), cw, h);
		b->px = imax(l->body, sc(l->s, 32));
		b->line_h = lay_line_h(b->px);
		b->text_y = (h - b->n_lines * b->line_h) / 2;
	}
	lay_center_v(l, first, l->top, nav_top - G);
	if (v->can_back)
		lay_button(l, "back", KIOSK_ROLE_BUTTON, v->back_label, M, nav_top,
			   lay_button_w(l, v->back_label, sc(l->s, 190)), l->target);
}


/* Title, words, a card and buttons, centred: still there, thanks, sorry,
 * cleaning. level 0 is the full page; 1 drops the tick and tightens the
 * spacing; 2 also drops the words under the title (short screens: the
 * crisis card, the countdown and Finish always stay); two puts the crisis
 * card in a column of its own at the end (a short landscape panel).
 * Returns the bottom. */
static int lay_message_at(kiosk_layout *l, bool tick, int level, bool two)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	int cw = imin(l->W - 2 * M, sc(l->s, 1000));
	int x = (l->W - cw) / 2;
	int card_x = 0, card_w = 0;
	if (two) {
		/* the card's many lines get two thirds of the width */
		cw = (l->W - 2 * M - 2 * G) / 3;
		x = M;
		card_x = M + cw + 2 * G;
		card_w = l->W - M - card_x;
	}
	int space = level ? G / 2 : G;
	size_t first = l->n;
	int y = l->top;
	if (tick && level == 0) {
		int d = imax(64, sc(l->s, 104));
		kiosk_widget *k = lay_add(l, "tick", KIOSK_ROLE_TICK, "", (l->W - d) / 2,
					  y, d, d);
		k->face_r = d / 2;
		y += d + G;
	}
	kiosk_widget *t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title,
				   l->title_px, true, x, y, cw,
				   KIOSK_ALIGN_CENTER, 4);
	y += t->h + G / 2;
	if (level < 2 && v->body && *v->body) {
		t = lay_text(l, "body", KIOSK_ROLE_HINT, v->body, l->body, false, x,
			     y, cw, KIOSK_ALIGN_CENTER, 12);
		y += t->h;
	}
	if (v->card_title || v->card_body) {
		int pad = level ? l->pad : sc(l->s, 32), bar = imax(6, sc(l->s, 10));
		int kw = imin(cw, sc(l->s, 900)), kx = (l->W - kw) / 2;
		int back_y = y;
		if (two) {
			kw = card_w;
			kx = card_x;
			y = l->top - 2 * space;
		}
		y += 2 * space;
		size_t card = l->n;
		kiosk_widget *c = lay_add(l, "crisis", KIOSK_ROLE_CARD, v->card_title,
					  kx, y, kw, 0);
		c->accent = 0x005EB8FF;
		c->n_lines = 0;
		int ty = y + pad * 3 / 4;
		if (v->card_title) {
			t = lay_text(l, "crisis-title", KIOSK_ROLE_TEXT, v->card_title,
				     l->body, true, kx + bar + pad, ty,
				     kw - bar - 2 * pad, KIOSK_ALIGN_START, 2);
			ty += t->h + G / 2;
		}
		/* One way to get help a widget, its number bold, a little
		 * apart from the next, so a person in distress finds it. */
		const char *b = v->card_body;
		for (int k = 0; b && *b;) {
			char id[KIOSK_WIDGET_ID_MAX], para[1024];
			size_t n = strcspn(b, "\n");
			snprintf(para, sizeof para, "%.*s", (int)n, b);
			b += n + (b[n] == '\n');
			if (!para[0])
				continue;
			if (++k > 1)
				ty += imax(4, G / 4);
			snprintf(id, sizeof id, "crisis-body-%d", k);
			t = lay_text_numbers(l, id, KIOSK_ROLE_TEXT, para, l->body,
					     kx + bar + pad, ty, kw - bar - 2 * pad,
					     KIOSK_ALIGN_START, 8);
			ty += t->h;
		}
		l->w[card].h = ty + pad * 3 / 4 - y;
		y = two ? back_y : ty + pad * 3 / 4;
	}
	if (v->hint && *v->hint) {
		y += space;
		t = lay_text(l, "countdown", KIOSK_ROLE_HINT, v->hint, l->small, false,
			     x, y, cw, KIOSK_ALIGN_CENTER, 6);
		y += t->h;
	}
	y += 2 * space;
	int bh = imax(l->target, sc(l->s, 84));
	if (v->primary) {
		int bw = imin(cw, lay_button_w(l, v->primary, sc(l->s, 360)));
		const char *id = v->screen == FB_SCREEN_STILL_THERE ? "still-here" :
				 v->screen == FB_SCREEN_CONFIRM_DELETE ? "delete-no" :
				 v->screen == FB_SCREEN_VOLUNTEER_ASK ? "volunteer-yes" :
				 "finish";
		lay_button(l, id, KIOSK_ROLE_PRIMARY, v->primary,
			   two ? x + (cw - bw) / 2 : (l->W - bw) / 2, y, bw, bh);
		y += bh + G;
	}
	if (v->secondary) {
		int bw = imin(cw, lay_button_w(l, v->secondary, sc(l->s, 260)));
		lay_button(l, v->screen == FB_SCREEN_CONFIRM_DELETE ? "delete-yes" :
			   v->screen == FB_SCREEN_VOLUNTEER_ASK ? "volunteer-no" : "finish", KIOSK_ROLE_BUTTON, v->secondary,
			   two ? x + (cw - bw) / 2 : (l->W - bw) / 2, y, bw, l->target);
	}
	return lay_bottom(l, first);
}

void lay_message(kiosk_layout *l, bool tick)
{
	size_t first = l->n, mark = l->used, cuts = l->n_cuts, spans = l->n_spans;
	size_t bold = l->n_bold;
	int title = l->title_px, body = l->body, small = l->small;
	/* Tighter, then without the tick and the small words, then (on a
	 * landscape panel) the crisis card beside the rest, then the words
	 * smaller (never under LAY_MIN_PX) until the crisis card, the
	 * countdown and Finish all fit, none over another. */
	bool two = false;
	for (int level = 0, pct = 100; pct >= 50;
	     level < 2 ? level++ : !two && l->landscape && l->v->card_body ?
	     (two = true, level = 1) : (pct -= 10)) {
		l->n = first;
		l->used = mark;
		l->n_cuts = cuts;
		l->n_spans = spans;
		l->n_bold = bold;
		l->title_px = imax(22, title * pct / 100);
		l->body = imax(LAY_MIN_PX, body * pct / 100);
		l->small = imax(LAY_MIN_PX, small * pct / 100);
		if (lay_message_at(l, tick, level, two) <= l->bottom)
			break;
	}
	l->title_px = title;
	l->body = body;
	l->small = small;
	lay_center_v(l, first, l->top, l->bottom);
}

/* The twelve keys of the PIN pad in a w x h box at (x, y). */
static void lay_pin_pad(kiosk_layout *l, int x, int y, int w, int h)
{
	const kiosk_view *v = l->v;
	int G = l->gap;
	int k = imin((h - 3 * G) / 4, sc(l->s, 120));
	int kw = imin(imax(k * 2, l->target), (w - 2 * G) / 3);
	int x0 = x + (w - (3 * kw + 2 * G)) / 2;
	const char *ids[12] = { "pin-1", "pin-2", "pin-3", "pin-4", "pin-5",
				"pin-6", "pin-7", "pin-8", "pin-9",
				"pin-clear", "pin-0", "pin-ok" };
	const char *labels[12] = { "1", "2", "3", "4", "5", "6", "7", "8",
				   "9", v->pin_clear_label, "0", v->pin_ok_label };
	for (int i = 0; i < 12; i++) {
		kiosk_widget *b = lay_button(l, ids[i], i == 11 ? KIOSK_ROLE_PRIMARY :
					     KIOSK_ROLE_BUTTON, labels[i],
					     x0 + (i % 3) * (kw + G),
					     y + (i / 3) * (k + G), kw, k);
		b->px = i < 9 || i == 10 ? imax(l->body, sc(l->s, 34)) : l->body;
		b->line_h = lay_line_h(b->px);
		b->text_y = (k - b->n_lines * b->line_h) / 2;
	}
}

void lay_staff_pin(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	/* Short landscape screens: words on one side, the pad on the other,
	 * so its keys stay finger-sized. */
	bool side = l->landscape && l->H < 700;
	int cw = side ? (l->W - 2 * M - 2 * G) / 2 : l->W - 2 * M;
	size_t first = l->n;
	int nav_top = l->H - G - l->target;
	kiosk_align al = side ? KIOSK_ALIGN_START : KIOSK_ALIGN_CENTER;
	kiosk_widget *t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title,
				   l->q_px, true, M, l->top, cw, al, 1);
	int y = t->y + t->h + G / 2;
	int dots_h = imax(24, sc(l->s, 32));
	kiosk_widget *p = lay_add(l, "pin", KIOSK_ROLE_PIN, "", M, y, cw, dots_h);
	p->code = v->pin_length;
	p->align = al;
	y += p->h + G / 2;
	if (v->body && *v->body) {
		t = lay_text(l, "body", KIOSK_ROLE_HINT, v->body, l->small, false, M,
			     y, cw, al, 3);
		y += t->h;
	}
	y += G;
	if (side) {
		lay_button(l, "staff-close", KIOSK_ROLE_BUTTON, v->secondary, M,
			   nav_top, lay_button_w(l, v->secondary, sc(l->s, 190)),
			   l->target);
		if (!v->pin_locked)
			lay_pin_pad(l, M + cw + 2 * G, l->top, cw,
				    l->bottom - l->top);
		return;
	}
	if (!v->pin_locked)
		lay_pin_pad(l, M, y, cw, nav_top - G - y);
	lay_center_v(l, first, l->top, nav_top - G);
	lay_button(l, "staff-close", KIOSK_ROLE_BUTTON, v->secondary, M, nav_top,
		   lay_button_w(l, v->secondary, sc(l->s, 190)), l->target);
}

/* The enrol screen's code pad in a w x h box at (x, y): one key for each
 * character of the code's alphabet (no 0, O, 1 or I to mistake), cols
 * across, then Delete. */
static void lay_enrol_pad(kiosk_layout *l, int x, int y, int w, int h, int cols)
{
	const kiosk_view *v = l->v;
	static const char alphabet[] = FB_ENROL_ALPHABET;
	int n = (int)sizeof alphabet - 1, KG = imax(8, l->gap / 2);
	int rows = (n + cols - 1) / cols + (n % cols == 0 ? 1 : 0);
	int kw = (w - (cols - 1) * KG) / cols;
	int kh = imin((h - (rows - 1) * KG) / rows, imax(kw, l->target));
	char id[KIOSK_WIDGET_ID_MAX], label[4];
	for (int i = 0; i <= n; i++) {
		int r = i / cols, c = i % cols, bw = kw;
		kiosk_widget *b;
		if (i == n) {    /* Delete: the rest of the last row, at least two keys */
			bw = imax(2 * kw + KG, w - c * (kw + KG));
			if (c + 2 > cols) {
				r++;
				c = 0;
				bw = w;
			}
			b = lay_button(l, "enrol-delete", KIOSK_ROLE_BUTTON, v->pin_clear_label,
				       x + c * (kw + KG), y + r * (kh + KG), bw, kh);
		} else {
			snprintf(id, sizeof id, "enrol-key-%c", alphabet[i]);
			snprintf(label, sizeof label, "%c", alphabet[i]);
			b = lay_button(l, id, KIOSK_ROLE_KEY, label, x + c * (kw + KG),
				       y + r * (kh + KG), bw, kh);
			b->px = imax(22, imin(sc(l->s, 34), kh / 2));
			b->line_h = lay_line_h(b->px);
		}
		b->text_y = (kh - b->n_lines * b->line_h) / 2;
	}
}

/* Enrol this tablet: the code typed so far (large), what to do or what
 * came of it, Send and Back; the code pad beside them on a short landscape
 * screen, under them otherwise. */
void lay_staff_enrol(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	bool side = l->landscape && l->H < 700;
	int cw = side ? (l->W - 2 * M - 2 * G) * 2 / 5 : l->W - 2 * M;
	int nav_top = l->H - G - l->target;
	kiosk_widget *t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title, l->q_px, true, M,
				   l->top, cw, KIOSK_ALIGN_START, 2);
	int y = t->y + t->h + G / 2;
	t = lay_text(l, "enrol-code", KIOSK_ROLE_TITLE, v->text, imax(l->q_px, sc(l->s, 44)),
		     true, M, y, cw, KIOSK_ALIGN_START, 1);
	y += t->h + G / 2;
	if (v->body && *v->body) {
		t = lay_text(l, "body", KIOSK_ROLE_TEXT, v->body, l->small, false, M, y, cw,
			     KIOSK_ALIGN_START, 4);
		y += t->h + G / 2;
	}
	if (v->hint && *v->hint) {
		t = lay_text(l, "enrol-status", KIOSK_ROLE_HINT, v->hint, l->small, true, M, y, cw,
			     KIOSK_ALIGN_START, 4);
		y += t->h + G / 2;
	}
	int bw = side ? (cw - G) / 2 : lay_button_w(l, v->primary, sc(l->s, 220));
	lay_button(l, "staff-enrol-back", KIOSK_ROLE_BUTTON, v->secondary, M, nav_top,
		   side ? bw : lay_button_w(l, v->secondary, sc(l->s, 190)), l->target);
	kiosk_widget *send = lay_button(l, "staff-enrol-send", KIOSK_ROLE_PRIMARY, v->primary,
					side ? M + bw + G : l->W - M - bw, nav_top, bw, l->target);
	send->selected = v->can_next;
	if (side)
		lay_enrol_pad(l, M + cw + 2 * G, l->top, l->W - 2 * M - cw - 2 * G,
			      l->bottom - l->top, 6);
	else
		lay_enrol_pad(l, M, y + G, cw, nav_top - 2 * G - y, 8);
}

/* ---- the staff screen ------------------------------------------------ */

/* What is laid out once to be measured and taken away again. */
typedef struct lay_mark {
	size_t n, used, cuts, spans, bold;
	bool truncated;
} lay_mark;

static lay_mark lay_mark_get(const kiosk_layout *l)
{
	lay_mark m = { l->n, l->used, l->n_cuts, l->n_spans, l->n_bold, l->truncated };
	return m;
}

static void lay_mark_back(kiosk_layout *l, lay_mark m)
{
	l->n = m.n;
	l->used = m.used;
	l->n_cuts = m.cuts;
	l->n_spans = m.spans;
	l->n_bold = m.bold;
	l->truncated = m.truncated;
}

/* The staff screen is made of blocks, in reading order: rows of figures
 * (two short ones side by side, a long one alone), the last error, the
 * actions, the locations under their heading, Exit to maintenance. Each
 * block stays whole on one page. */
enum { SB_FIGS, SB_ERROR, SB_ACTIONS, SB_LOCATIONS, SB_EXIT };
#define LAY_STAFF_BLOCKS (KIOSK_VIEW_MAX_ITEMS + 4)
#define LAY_STAFF_ERROR_LINES 8      /* the last error, wrapped */
#define LAY_STAFF_FIG_LINES 4        /* a long figure (many locations) */
#define LAY_STAFF_MSG_LINES 2        /* the last action's words */

typedef struct staff_block {
	int kind;
	int a, b;                /* SB_FIGS: status[a..b) on one row */
	int pane;                /* 0 the figures, 1 the actions (wide) */
	int h, page, y;
} staff_block;

typedef struct staff_plan {
	staff_block b[LAY_STAFF_BLOCKS];
	int n;
	int x[2], w[2];          /* the panes; w[1] 0: one pane */
	int y0, limit;           /* the page's room for blocks */
	int err_lines;
	int pages;
	int msg_pane;            /* one page: the words go under this pane */
} staff_plan;

/* Lays block b at (x, y), w wide; returns its height. */
static int staff_block_lay(kiosk_layout *l, const staff_plan *p, const staff_block *b,
			   int x, int y, int w)
{
	const kiosk_view *v = l->v;
	int G = l->gap, spx = l->small;
	const char *ids[KIOSK_VIEW_MAX_ITEMS] = { 0 };
	const char *labels[KIOSK_VIEW_MAX_ITEMS] = { 0 };
	bool sel[KIOSK_VIEW_MAX_ITEMS] = { 0 };
	size_t first = l->n, n = 0;
	size_t nv = (size_t)imin((int)v->n_actions, KIOSK_VIEW_MAX_ITEMS);
	int ty = y;

	switch (b->kind) {
	case SB_FIGS: {
		int cols = b->b - b->a, colw = cols > 1 ? (w - G) / 2 : w;
		for (int i = b->a; i < b->b; i++) {
			char id[KIOSK_WIDGET_ID_MAX];
			snprintf(id, sizeof id, "status-%d", i);
			lay_text(l, id, KIOSK_ROLE_TEXT, v->status[i] ? v->status[i] : "", spx,
				 false, x + (i - b->a) * (colw + G), y, colw, KIOSK_ALIGN_START,
				 LAY_STAFF_FIG_LINES);
		}
		break;
	}
	case SB_ERROR:
		lay_text(l, "status-error", KIOSK_ROLE_TEXT, v->status_error, spx, false, x, y, w,
			 KIOSK_ALIGN_START, p->err_lines);
		break;
	case SB_ACTIONS:
	case SB_LOCATIONS:
		for (size_t i = 0; i < nv; i++) {
			bool loc = v->actions[i].location;
			if (loc != (b->kind == SB_LOCATIONS) ||
			    strcmp(v->actions[i].id, "staff-exit") == 0)
				continue;
			ids[n] = v->actions[i].id;
			labels[n] = v->actions[i].label;
			sel[n++] = v->actions[i].selected;
		}
		if (b->kind == SB_LOCATIONS && v->location_heading && *v->location_heading) {
			kiosk_widget *t = lay_text(l, "location-heading", KIOSK_ROLE_TEXT,
						   v->location_heading, spx, true, x, ty, w,
						   KIOSK_ALIGN_START, 2);
			ty += t->h + G / 2;
		}
		size_t row0 = l->n;
		int bottom = lay_flow_buttons(l, x, ty, w, l->target, KIOSK_ROLE_BUTTON, n, ids,
					      labels, sel, false);
		if (b->kind == SB_LOCATIONS) {
			/* Exit to maintenance at the far end of the last row when
			 * it fits there apart from the rest, else under it */
			for (size_t i = 0; i < nv; i++) {
				if (strcmp(v->actions[i].id, "staff-exit") != 0)
					continue;
				const char *label = v->actions[i].label;
				int ew = imin(w, lay_button_w(l, label, sc(l->s, 150)));
				int right = x, row = bottom - l->target;
				for (size_t k = row0; k < l->n; k++)
					if (l->w[k].y == row)
						right = imax(right, l->w[k].x + l->w[k].w);
				bool beside = right > x && right + 2 * G + ew <= x + w;
				lay_button(l, "staff-exit", KIOSK_ROLE_BUTTON, label, x + w - ew,
					   beside ? row : bottom + G, ew, l->target);
			}
		}
		break;
	case SB_EXIT:
		for (size_t i = 0; i < nv; i++)
			if (strcmp(v->actions[i].id, "staff-exit") == 0) {
				const char *label = v->actions[i].label;
				int ew = imin(w, lay_button_w(l, label, sc(l->s, 150)));
				/* apart from the rest, at the row's far end */
				lay_button(l, "staff-exit", KIOSK_ROLE_BUTTON, label, x + w - ew, y,
					   ew, l->target);
			}
		break;
	default:
		break;
	}
	return l->n > first ? imax(0, lay_bottom(l, first) - y) : 0;
}

/* The room above a block: none at the top of a page or between rows of
 * figures, a little before the error, more between groups of buttons. */
static int staff_space(const kiosk_layout *l, const staff_block *prev, const staff_block *b)
{
	if (!prev)
		return 0;
	if (b->kind == SB_FIGS && prev->kind == SB_FIGS)
		return 0;
	return b->kind == SB_ERROR ? l->gap / 2 : l->gap;
}

/* The blocks, measured, for panes as p->x/w say (one pane when w[1] is 0). */
static void staff_blocks(kiosk_layout *l, staff_plan *p)
{
	const kiosk_view *v = l->v;
	int G = l->gap;
	int fw = p->w[0], colw = (fw - G) / 2, ap = p->w[1] ? 1 : 0;
	bool acts = false, locs = false, exit = false;
	p->n = 0;
	for (size_t i = 0; i < v->n_status && p->n < LAY_STAFF_BLOCKS - 4;) {
		const char *s = v->status[i] ? v->status[i] : "";
		const char *t = i + 1 < v->n_status && v->status[i + 1] ? v->status[i + 1] : NULL;
		bool pair = t && l->measure(l->mctx, s, l->small, false, l->rtl) <= colw &&
			    l->measure(l->mctx, t, l->small, false, l->rtl) <= colw;
		staff_block *b = &p->b[p->n++];
		*b = (staff_block){ .kind = SB_FIGS, .a = (int)i, .b = (int)i + (pair ? 2 : 1) };
		i += pair ? 2 : 1;
	}
	if (v->status_error && *v->status_error)
		p->b[p->n++] = (staff_block){ .kind = SB_ERROR };
	for (size_t i = 0; i < v->n_actions && i < KIOSK_VIEW_MAX_ITEMS; i++) {
		if (strcmp(v->actions[i].id, "staff-exit") == 0)
			exit = true;
		else if (v->actions[i].location)
			locs = true;
		else
			acts = true;
	}
	if (acts)
		p->b[p->n++] = (staff_block){ .kind = SB_ACTIONS, .pane = ap };
	if (locs)
		p->b[p->n++] = (staff_block){ .kind = SB_LOCATIONS, .pane = ap };
	if (exit && !locs)      /* with locations: at the end of their rows */
		p->b[p->n++] = (staff_block){ .kind = SB_EXIT, .pane = ap };
	lay_mark m = lay_mark_get(l);
	for (int i = 0; i < p->n; i++) {
		staff_block *b = &p->b[i];
		b->h = staff_block_lay(l, p, b, 0, 0, p->w[b->pane]);
		lay_mark_back(l, m);
	}
}

/* Puts the blocks on pages, each pane filled from the top on its own;
 * returns how many pages. */
static int staff_paginate(const kiosk_layout *l, staff_plan *p)
{
	int pages = 1;
	for (int pane = 0; pane < 2; pane++) {
		int page = 0, y = p->y0;
		const staff_block *prev = NULL;
		for (int i = 0; i < p->n; i++) {
			staff_block *b = &p->b[i];
			if (b->pane != pane)
				continue;
			int sp = staff_space(l, prev, b);
			if (prev && y + sp + b->h > p->limit) {
				page++;
				y = p->y0;
				sp = 0;
			}
			b->page = page;
			b->y = y + sp;
			y = b->y + b->h;
			prev = b;
		}
		pages = imax(pages, page + 1);
	}
	return pages;
}

/* The bottom of what pane lays on page 0, or 0 when it has nothing. */
static int staff_pane_bottom(const staff_plan *p, int pane)
{
	int b = 0;
	for (int i = 0; i < p->n; i++)
		if (p->b[i].pane == pane && p->b[i].page == 0)
			b = imax(b, p->b[i].y + p->b[i].h);
	return b;
}

/* The extra room over the foot's row that the last action's words may
 * take on pages: three lines of the smallest words, with the row's own. */
static int staff_msg_extra(const kiosk_layout *l)
{
	return imax(0, (LAY_STAFF_MSG_LINES + 1) * lay_line_h(LAY_MIN_PX) -
		    (l->target + l->gap / 2));
}

/* Measures and pages the blocks for p's panes: one page if it all fits
 * with room under one pane for two lines of the last action's words (so
 * pressing a button never moves the rest); else pages, with the foot's
 * row for More, Back and those words. */
static void staff_plan_make(kiosk_layout *l, staff_plan *p)
{
	int lh = lay_line_h(l->small), G = l->gap;
	int msg_room = LAY_STAFF_MSG_LINES * lh + G / 2;
	p->limit = l->bottom;
	p->err_lines = imax(1, imin(LAY_STAFF_ERROR_LINES, (p->limit - p->y0) / lh));
	staff_blocks(l, p);
	p->pages = staff_paginate(l, p);
	p->msg_pane = 0;
	if (p->pages == 1) {
		int b0 = staff_pane_bottom(p, 0), b1 = p->w[1] ? staff_pane_bottom(p, 1) : INT_MAX;
		p->msg_pane = b1 < b0 ? 1 : 0;
		if (imin(b0, b1) <= l->bottom - msg_room)
			return;
	}
	p->limit = l->bottom - (l->target + G) - staff_msg_extra(l);
	int e = imax(1, imin(LAY_STAFF_ERROR_LINES, (p->limit - p->y0) / lh));
	if (e != p->err_lines) {
		p->err_lines = e;
		staff_blocks(l, p);
	}
	p->pages = imax(2, staff_paginate(l, p));
}

/* The staff screen. Close sits at the band's end with "A+" before it (where
 * patient screens have "A+" and read-aloud), so the page keeps its rows for
 * what staff read and press; on a short screen the title goes up into the
 * band as well. Then the figures, the last error in full under them (what
 * staff most need to read: wrapped, never cut), and the buttons: on a wide
 * screen the buttons have a column of their own beside the figures. What
 * does not fit goes on the next page, "More" and "Back" at the foot (no
 * swiping to learn), each block whole on one page, the last action's words
 * on each. */
void lay_staff(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	int cw = l->W - 2 * M;
	int spx = l->small, lh = lay_line_h(spx);
	bool band_title = l->H < 600;
	kiosk_widget *t;
	int bw = imin(l->W / 3, lay_button_w(l, v->secondary, sc(l->s, 150)));
	int bx = l->W - M - bw;
	kiosk_widget *close = lay_button(l, "staff-close", KIOSK_ROLE_BUTTON,
					 v->secondary, bx,
					 (l->header_h - l->target) / 2, bw, l->target);
	close->on_dark = true;   /* on the band: a white edge shows it */
	int band_end = bx;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->w[i].id, "text-size") == 0) {
			/* "A+" just before Close */
			l->w[i].x = bx - G - l->w[i].w;
			band_end = l->w[i].x;
		}
	/* the band's title leaves the page from just under the band */
	int y = band_title ? l->header_h + G / 2 : l->top;
	if (band_title) {
		int tpx = imax(22, sc(l->s, 30));
		int tx = l->W / 2, tw = band_end - G - tx;
		t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title, tpx, true, tx,
			     (l->header_h - lay_line_h(tpx)) / 2, tw, KIOSK_ALIGN_END,
			     1);
		t->on_dark = true;
	} else {
		t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title, l->q_px, true,
			     M, l->top, cw, KIOSK_ALIGN_START, 1);
		y = t->y + t->h + G / 2;
	}
	/* Wide: the figures on one side, the actions on the other, unless
	 * the whole width takes fewer pages. */
	bool wide = l->landscape && l->W >= 1200;
	staff_plan p = { .y0 = y }, one = { .y0 = y };
	if (wide) {
		p.w[0] = (cw - 2 * G) * 11 / 20;
		p.x[1] = M + p.w[0] + 2 * G;
		p.w[1] = M + cw - p.x[1];
		p.x[0] = M;
		staff_plan_make(l, &p);
	}
	if (!wide || p.pages > 1) {
		one.x[0] = M;
		one.w[0] = cw;
		staff_plan_make(l, &one);
		if (!wide || one.pages < p.pages)
			p = one;
	}
	int page = imax(0, imin(v->staff_page, p.pages - 1));
	for (int i = 0; i < p.n; i++)
		if (p.b[i].page == page)
			staff_block_lay(l, &p, &p.b[i], p.x[p.b[i].pane], p.b[i].y,
					p.w[p.b[i].pane]);
	int nav_top = l->H - G - l->target;
	bool msg = v->body && *v->body;
	if (msg && p.pages < 2) {
		/* under the pane with the room */
		int my = staff_pane_bottom(&p, p.msg_pane);
		my = (my ? my : p.y0) + G / 2;
		lay_text(l, "message", KIOSK_ROLE_HINT, v->body, spx, true, p.x[p.msg_pane], my,
			 p.w[p.msg_pane], KIOSK_ALIGN_START,
			 imax(1, imin(2 * LAY_STAFF_MSG_LINES, (l->bottom - my) / lh)));
	}
	if (p.pages < 2)
		return;
	int nb_w = 0;
	if (page > 0) {
		nb_w = imin(cw / 3, lay_button_w(l, v->page_back_label, sc(l->s, 190)));
		kiosk_widget *b = lay_button(l, "staff-back", KIOSK_ROLE_BUTTON, v->page_back_label,
					     M, nav_top, nb_w, l->target);
		b->value = page - 1;
	}
	int more_x = 0;
	if (page + 1 < p.pages) {
		int mw = imin(cw / 3, lay_button_w(l, v->more_label, sc(l->s, 190)));
		more_x = l->W - M - mw;
		kiosk_widget *b = lay_button(l, "staff-more", KIOSK_ROLE_PRIMARY, v->more_label,
					     more_x, nav_top, mw, l->target);
		b->value = page + 1;
	}
	int dh = imax(12, sc(l->s, 14));
	int mx = M + (nb_w ? nb_w + G : 0), mend = more_x ? more_x - G : l->W - M;
	if (msg) {
		/* The last action's words between Back and More, where the
		 * finger that pressed is (smaller words before a cut), over
		 * the page dots. */
		int room = l->target + G / 2 + staff_msg_extra(l), mpx = spx;
		for (;;) {
			lay_mark m = lay_mark_get(l);
			kiosk_widget *mw = lay_text(l, "message", KIOSK_ROLE_HINT, v->body, mpx,
						    true, mx, 0, mend - mx, KIOSK_ALIGN_CENTER,
						    LAY_STAFF_MSG_LINES + 1);
			bool cut = l->n_cuts > m.cuts;
			if ((mw->h <= room && !cut) || mpx <= LAY_MIN_PX) {
				/* in the row, or up from its foot when taller */
				mw->y = mw->h <= l->target ? nav_top + (l->target - mw->h) / 2 :
					nav_top + l->target - mw->h;
				break;
			}
			lay_mark_back(l, m);
			mpx = imax(LAY_MIN_PX, mpx * 9 / 10);
		}
		dh = imax(8, dh / 2);   /* the dots under the words */
	}
	int dw = p.pages * 3 * dh;
	kiosk_widget *d = lay_add(l, "staff-pages", KIOSK_ROLE_DOTS, "", (l->W - dw) / 2,
				  msg ? l->H - dh - imax(2, G / 4) : nav_top + (l->target - dh) / 2,
				  dw, dh);
	d->code = page;
	d->value = p.pages;
}
