/* layout: screens as rectangles. See layout.h.
 * Everything is laid out left to right in reading order and mirrored at
 * the end for right-to-left languages, so no screen code thinks about
 * direction. Sizes come from one scale factor: 1.0 at 1280x800. */
#include "layout.h"

#include "faces.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAY_MAX_LINES 64

struct kiosk_layout {
	kiosk_widget w[KIOSK_LAYOUT_MAX_WIDGETS];
	size_t n;
	char text[KIOSK_LAYOUT_TEXT_BYTES];
	size_t used;
	bool truncated;
	/* for one build */
	const kiosk_view *v;
	int W, H;
	float s;
	bool landscape, rtl;
	int gap, margin, target, body, small, title_px, q_px, header_h, pad;
	int top, bottom;             /* content area between header and edge */
	kiosk_measure_fn measure;
	void *mctx;
};

static const char *role_names[KIOSK_ROLE_COUNT] = {
	"header", "title", "text", "hint", "card", "primary", "button",
	"answer", "option", "language", "key", "field", "dots", "pin", "tick",
	"corner", "round",
};

const char *kiosk_role_name(kiosk_role r)
{
	return r < KIOSK_ROLE_COUNT ? role_names[r] : "unknown";
}

int kiosk_layout_new(kiosk_layout **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? 0 : -1;
}

void kiosk_layout_free(kiosk_layout *l)
{
	free(l);
}

/* ---- metrics -------------------------------------------------------- */

static float lay_scale(int w, int h)
{
	float big = (float)(w > h ? w : h), little = (float)(w > h ? h : w);
	float a = big / 1280.0f, b = little / 800.0f;
	return a < b ? a : b;
}

static int imax(int a, int b) { return a > b ? a : b; }
static int imin(int a, int b) { return a < b ? a : b; }
static int sc(float s, float v) { return (int)lroundf(s * v); }

int kiosk_layout_min_target(int w, int h)
{
	return imax(56, sc(lay_scale(w, h), 72));
}

int kiosk_layout_gap(int w, int h)
{
	return imax(16, sc(lay_scale(w, h), 16));
}

int kiosk_layout_body_px(int w, int h)
{
	return imax(22, sc(lay_scale(w, h), 28));
}

static int line_h(int px)
{
	return (int)lroundf((float)px * 1.38f);
}

/* ---- text ----------------------------------------------------------- */

static const char *lay_copy(kiosk_layout *l, const char *s, size_t len)
{
	if (l->used + len + 1 > sizeof l->text) {
		l->truncated = true;
		return "";
	}
	char *p = l->text + l->used;
	memcpy(p, s, len);
	p[len] = '\0';
	l->used += len + 1;
	return p;
}

static int lay_width(kiosk_layout *l, const char *s, size_t len, int px,
		     bool bold)
{
	char buf[1024];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return l->measure(l->mctx, buf, px, bold, l->rtl);
}

static size_t utf8_next(const char *s, size_t i, size_t end)
{
	i++;
	while (i < end && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/* Breaks text into lines no wider than maxw (greedy, at spaces; a word
 * wider than a line is broken between characters). At most max_lines
 * lines; the rest is cut with "…". Returns the arena copy. */
static const char *lay_wrap(kiosk_layout *l, const char *text, int px,
			    bool bold, int maxw, int max_lines, int *n_lines,
			    int *widest)
{
	char out[16384];
	size_t o = 0, len = strlen(text);
	int lines = 0, wmax = 0;
	size_t i = 0;
	if (max_lines > LAY_MAX_LINES)
		max_lines = LAY_MAX_LINES;
	while (i < len && lines < max_lines) {
		size_t para_end = i;
		while (para_end < len && text[para_end] != '\n')
			para_end++;
		/* The longest prefix of [i, para_end) that fits: whole words
		 * (one measurement a word), letter by letter only for a word
		 * wider than the line. */
		size_t cut = i, resume = i, pos = i;
		while (pos < para_end) {
			size_t we = pos;
			while (we < para_end && text[we] != ' ')
				we++;
			if (lay_width(l, text + i, we - i, px, bold) > maxw)
				break;
			cut = we;
			if (we == para_end)
				break;
			pos = we + 1;
		}
		if (cut > i) {
			resume = cut < para_end ? cut + 1 : cut;
		} else {
			size_t end = i;
			while (end < para_end) {
				size_t nx = utf8_next(text, end, para_end);
				if (lay_width(l, text + i, nx - i, px, bold) > maxw &&
				    end > i)
					break;
				end = nx;
			}
			cut = resume = end;
		}
		if (lines + 1 == max_lines && cut < len &&
		    !(cut == para_end && para_end == len)) {
			/* last allowed line and more text follows: mark the cut */
			l->truncated = true;
			while (cut > i && lay_width(l, text + i, cut - i, px, bold) +
			       l->measure(l->mctx, "…", px, bold, l->rtl) > maxw) {
				size_t p = cut - 1;
				while (p > i && ((unsigned char)text[p] & 0xC0) == 0x80)
					p--;
				cut = p;
			}
		}
		size_t n = cut - i;
		if (o + n + 6 >= sizeof out)
			break;
		if (lines > 0)
			out[o++] = '\n';
		memcpy(out + o, text + i, n);
		o += n;
		wmax = imax(wmax, lay_width(l, text + i, n, px, bold));
		lines++;
		if (lines == max_lines && resume < len && l->truncated) {
			memcpy(out + o, "…", strlen("…"));
			o += strlen("…");
		}
		i = resume;
		if (i == para_end && para_end < len)
			i++;             /* the newline itself */
	}
	if (lines == 0)
		lines = 1;
	*n_lines = lines;
	if (widest)
		*widest = wmax;
	return lay_copy(l, out, o);
}

/* ---- widgets -------------------------------------------------------- */

static kiosk_widget *lay_add(kiosk_layout *l, const char *id, kiosk_role role,
			     const char *label, int x, int y, int w, int h)
{
	if (l->n >= KIOSK_LAYOUT_MAX_WIDGETS) {
		l->truncated = true;
		static kiosk_widget sink;  /* swallows writes past the cap */
		memset(&sink, 0, sizeof sink);
		return &sink;
	}
	kiosk_widget *wd = &l->w[l->n++];
	memset(wd, 0, sizeof *wd);
	snprintf(wd->id, sizeof wd->id, "%s", id);
	wd->role = role;
	label = label ? label : "";
	wd->label = lay_copy(l, label, strlen(label));
	wd->lines = wd->label;
	wd->n_lines = *label ? 1 : 0;
	wd->x = x;
	wd->y = y;
	wd->w = w;
	wd->h = h;
	wd->px = l->body;
	wd->line_h = line_h(wd->px);
	wd->text_w = w;
	wd->target = role == KIOSK_ROLE_PRIMARY || role == KIOSK_ROLE_BUTTON ||
		     role == KIOSK_ROLE_ANSWER || role == KIOSK_ROLE_OPTION ||
		     role == KIOSK_ROLE_LANGUAGE || role == KIOSK_ROLE_KEY ||
		     role == KIOSK_ROLE_FIELD || role == KIOSK_ROLE_CORNER ||
		     role == KIOSK_ROLE_ROUND;
	return wd;
}

/* A block of wrapped text; its height is its lines. */
static kiosk_widget *lay_text(kiosk_layout *l, const char *id, kiosk_role role,
			      const char *text, int px, bool bold, int x, int y,
			      int maxw, kiosk_align align, int max_lines)
{
	int n = 0, widest = 0;
	kiosk_widget *wd = lay_add(l, id, role, text, x, y, maxw, 0);
	wd->px = px;
	wd->bold = bold;
	wd->line_h = line_h(px);
	wd->lines = lay_wrap(l, text ? text : "", px, bold, maxw, max_lines, &n,
			     &widest);
	wd->n_lines = n;
	wd->h = n * wd->line_h;
	wd->align = align;
	return wd;
}

/* A button with its label centred, wrapped to at most two lines. */
static kiosk_widget *lay_button(kiosk_layout *l, const char *id, kiosk_role role,
				const char *label, int x, int y, int w, int h)
{
	kiosk_widget *wd = lay_add(l, id, role, label, x, y, w, h);
	int n = 0, pad = l->pad;
	wd->px = l->body;
	wd->bold = true;
	wd->lines = lay_wrap(l, label ? label : "", wd->px, true, w - 2 * pad, 2,
			     &n, NULL);
	wd->n_lines = n;
	wd->line_h = line_h(wd->px);
	wd->align = KIOSK_ALIGN_CENTER;
	wd->text_x = pad;
	wd->text_w = w - 2 * pad;
	wd->text_y = (h - n * wd->line_h) / 2;
	return wd;
}

/* How wide a button must be for its label on one line. */
static int lay_button_w(kiosk_layout *l, const char *label, int min_w)
{
	int tw = l->measure(l->mctx, label ? label : "", l->body, true, l->rtl);
	return imax(min_w, tw + 2 * l->pad + 2 * l->gap);
}

static void lay_shift(kiosk_layout *l, size_t from, int dx, int dy)
{
	for (size_t i = from; i < l->n; i++) {
		l->w[i].x += dx;
		l->w[i].y += dy;
	}
}

static int lay_bottom(kiosk_layout *l, size_t from)
{
	int b = 0;
	for (size_t i = from; i < l->n; i++)
		b = imax(b, l->w[i].y + l->w[i].h);
	return b;
}

/* Centres widgets [from, n) vertically in [top, bottom) when they fit. */
static void lay_center_v(kiosk_layout *l, size_t from, int top, int bottom)
{
	if (from >= l->n)
		return;
	int t = l->w[from].y;
	for (size_t i = from; i < l->n; i++)
		t = imin(t, l->w[i].y);
	int used = lay_bottom(l, from) - t;
	int dy = top + (bottom - top - used) / 2 - t;
	if (dy > 0)
		lay_shift(l, from, 0, dy);
}

/* ---- pieces shared by screens --------------------------------------- */

/* How much of the band's end the round buttons take (with their gaps). */
static int lay_round_room(const kiosk_layout *l)
{
	int n = (l->v->text_size ? 1 : 0) + (l->v->read_aloud ? 1 : 0);
	return n * (l->target + l->gap);
}

static void lay_header(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int hpx = imax(24, sc(l->s, 30)), opx = imax(22, sc(l->s, 22));
	kiosk_widget *hd = lay_add(l, "header", KIOSK_ROLE_HEADER, v->service, 0,
				   0, l->W, l->header_h);
	int n = 0;
	bool org = v->organisation && *v->organisation &&
		   l->header_h >= line_h(hpx) + line_h(opx);
	hd->px = hpx;
	hd->bold = true;
	hd->line_h = line_h(hpx);
	hd->on_dark = true;
	hd->text_x = l->margin;
	/* the band's end holds "A+" and read-aloud, or Close and the title on
	 * the staff screen */
	hd->text_w = l->W - 2 * l->margin -
		     (lay_round_room(l) > 0 ? lay_round_room(l) :
		      v->screen == FB_SCREEN_STAFF ? l->W / 2 - l->margin : 0);
	hd->lines = lay_wrap(l, v->service ? v->service : "", hpx, true,
			     hd->text_w, 1, &n, NULL);
	hd->n_lines = n;
	int block = hd->line_h + (org ? line_h(opx) : 0);
	hd->text_y = (l->header_h - block) / 2;
	if (org) {
		kiosk_widget *o = lay_text(l, "organisation", KIOSK_ROLE_HINT,
					   v->organisation, opx, false,
					   l->margin, hd->text_y + hd->line_h,
					   hd->text_w, KIOSK_ALIGN_START, 1);
		o->on_dark = true;
	}
	/* Round buttons at the band's end, read-aloud last (the corner a
	 * hand finds), text size before it; mirrored with the page. */
	int d = l->target, end = l->W - l->margin;
	if (v->read_aloud) {
		kiosk_widget *b = lay_add(l, "read-aloud", KIOSK_ROLE_ROUND,
					  v->read_aloud_label, end - d,
					  (l->header_h - d) / 2, d, d);
		b->code = KIOSK_ROUND_SPEAKER;
		b->selected = v->reading;
		b->n_lines = 0;          /* an icon: the words are the label */
		end -= d + l->gap;
	}
	if (v->text_size) {
		/* Larger text, for anyone. */
		kiosk_widget *b = lay_button(l, "text-size", KIOSK_ROLE_ROUND, "A+",
					     end - d, (l->header_h - d) / 2, d, d);
		int nl = 0;
		b->code = KIOSK_ROUND_TEXT;
		b->selected = v->large_text;
		b->text_x = 0;
		b->text_w = d;
		b->px = imax(22, d * 2 / 5);
		b->line_h = line_h(b->px);
		b->lines = lay_wrap(l, "A+", b->px, true, d, 1, &nl, NULL);
		b->n_lines = nl;
		b->text_y = (d - b->line_h) / 2;
	}
}

/* Back, Skip and Next along the bottom (or down the end side when
 * side is set: short screens with a keyboard). Returns the top of the row
 * (or the start x of the column). */
static int lay_nav(kiosk_layout *l, bool side, int side_w)
{
	const kiosk_view *v = l->v;
	int h = l->target, y = l->H - l->gap - h;
	if (side) {
		int x = l->W - l->margin - side_w, yy = l->bottom - l->gap - h;
		kiosk_widget *n = lay_button(l, "next", KIOSK_ROLE_PRIMARY,
					     v->next_label, x, yy, side_w, h);
		n->disabled = !v->can_next;
		if (v->can_skip) {
			yy -= h + l->gap;
			lay_button(l, "skip", KIOSK_ROLE_BUTTON, v->skip_label, x, yy,
				   side_w, h);
		}
		if (v->can_back) {
			yy -= h + l->gap;
			lay_button(l, "back", KIOSK_ROLE_BUTTON, v->back_label, x, yy,
				   side_w, h);
		}
		return x;
	}
	int bw = lay_button_w(l, v->back_label, sc(l->s, 190));
	int nw = lay_button_w(l, v->next_label, sc(l->s, 190));
	int kw = lay_button_w(l, v->skip_label, sc(l->s, 150));
	int avail = l->W - 2 * l->margin - 2 * l->gap;
	if (bw + nw + (v->can_skip ? kw : 0) > avail) {
		int each = (avail - (v->can_skip ? 0 : l->gap)) / (v->can_skip ? 3 : 2);
		bw = nw = kw = each;
	}
	if (v->can_back)
		lay_button(l, "back", KIOSK_ROLE_BUTTON, v->back_label, l->margin, y,
			   bw, h);
	int nx = l->W - l->margin - nw;
	kiosk_widget *n = lay_button(l, "next", KIOSK_ROLE_PRIMARY, v->next_label,
				     nx, y, nw, h);
	n->disabled = !v->can_next;
	if (v->can_skip)
		lay_button(l, "skip", KIOSK_ROLE_BUTTON, v->skip_label,
			   nx - l->gap - kw, y, kw, h);
	return y;
}

/* A row (or rows) of buttons flowing across [x, x + maxw). */
static int lay_flow_buttons(kiosk_layout *l, int x, int y, int maxw, int h,
			    kiosk_role role, size_t n, const char *const *ids,
			    const char *const *labels, const bool *selected,
			    bool equal)
{
	int cx = x, cy = y, wmax = 0;
	for (size_t i = 0; i < n; i++)
		wmax = imax(wmax, lay_button_w(l, labels[i], sc(l->s, 150)));
	for (size_t i = 0; i < n; i++) {
		int bw = equal ? wmax : lay_button_w(l, labels[i], sc(l->s, 150));
		bw = imin(bw, maxw);
		if (cx > x && cx + bw > x + maxw) {
			cx = x;
			cy += h + l->gap;
		}
		kiosk_widget *b = lay_button(l, ids[i], role, labels[i], cx, cy, bw, h);
		b->selected = selected ? selected[i] : false;
		cx += bw + l->gap;
	}
	return n ? cy + h : y;
}

static void lay_languages(kiosk_layout *l, int x, int y, int maxw, int h)
{
	const kiosk_view *v = l->v;
	char ids[KIOSK_VIEW_MAX_ITEMS][KIOSK_WIDGET_ID_MAX];
	const char *idp[KIOSK_VIEW_MAX_ITEMS], *labels[KIOSK_VIEW_MAX_ITEMS];
	bool sel[KIOSK_VIEW_MAX_ITEMS];
	size_t n = imin((int)v->n_langs, KIOSK_VIEW_MAX_ITEMS);
	for (size_t i = 0; i < n; i++) {
		snprintf(ids[i], sizeof ids[i], "lang-%s", v->langs[i].code);
		idp[i] = ids[i];
		labels[i] = v->langs[i].name;
		sel[i] = v->language && strcmp(v->language, v->langs[i].code) == 0;
	}
	size_t first = l->n;
	lay_flow_buttons(l, x, y, maxw, h, KIOSK_ROLE_LANGUAGE, n, idp, labels,
			 sel, false);
	for (size_t i = first; i < l->n; i++)
		l->w[i].bold = false;
}

static int lay_flow_bottom_languages(kiosk_layout *l, int x, int y, int maxw)
{
	size_t first = l->n;
	lay_languages(l, x, y, maxw, l->target);
	return lay_bottom(l, first);
}

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
			     y, lw, KIOSK_ALIGN_START, 3);
		y += t->h;
	}
	y += space;
	int sh = imax(l->target, sc(l->s, 88));
	lay_button(l, "start", KIOSK_ROLE_PRIMARY, v->primary, x, y,
		   imin(lw, lay_button_w(l, v->primary, sc(l->s, 260))), sh);
	l->w[l->n - 1].px = imax(l->body, sc(l->s, 36));
	l->w[l->n - 1].line_h = line_h(l->w[l->n - 1].px);
	l->w[l->n - 1].text_y = (sh - l->w[l->n - 1].line_h) / 2;
	y += sh + space;
	/* Level 2 leaves the languages to the next screen (Start leads to
	 * them); the page must fit first. */
	if (v->n_langs > 1 && level < 2)
		y = lay_flow_bottom_languages(l, x, y, lw);
	return y;
}

static void lay_attract(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	bool card = v->ysw_count > 0;
	int M = l->margin, G = l->gap;
	int avail_w = l->W - 2 * M;
	int lw, rx = 0, rw = 0;
	if (!card) {
		lw = imin(avail_w, sc(l->s, 900));
	} else if (l->landscape) {
		lw = (avail_w - 3 * G) / 2;
		rx = M + lw + 3 * G;
		rw = l->W - M - rx;
	} else {
		lw = avail_w;
	}
	int x = card || !l->landscape ? M : (l->W - lw) / 2;
	size_t first = l->n, mark = l->used;
	int col_bottom = 0;
	for (int level = 0; level < 3; level++) {
		/* Too tall (a 7-inch panel, large text): without the small
		 * words, then without the languages. */
		l->n = first;
		l->used = mark;
		col_bottom = lay_attract_column(l, x, lw, level);
		if (col_bottom <= l->bottom)
			break;
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

static void lay_language(kiosk_layout *l)
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
		b->line_h = line_h(b->px);
		b->text_y = (h - b->n_lines * b->line_h) / 2;
	}
	lay_center_v(l, first, l->top, nav_top - G);
	if (v->can_back)
		lay_button(l, "back", KIOSK_ROLE_BUTTON, v->back_label, M, nav_top,
			   lay_button_w(l, v->back_label, sc(l->s, 190)), l->target);
}

/* Fills in one answer card: face above the words, or beside them. */
static void lay_answer_card(kiosk_layout *l, kiosk_widget *b, int face_code,
			    bool beside, int r, int lines_max)
{
	int pad = l->pad, n = 0;
	b->px = l->body;
	b->bold = true;
	b->line_h = line_h(b->px);
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
		b->n_lines = n;
		b->text_y = (b->h - n * b->line_h) / 2;
	} else {
		b->text_x = pad;
		b->text_w = b->w - 2 * pad;
		b->align = KIOSK_ALIGN_CENTER;
		b->lines = lay_wrap(l, b->label, b->px, true, b->text_w, 3, &n, NULL);
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
				if (lines * line_h(l->body) > ch - pad)
					continue;
			} else {
				int eh = imin(ch, cw * 3 / 2);
				if (cw - 2 * pad < word)
					continue;
				lines = lay_label_lines(l, cw - 2 * pad, true);
				r = (eh - 3 * pad - lines * line_h(l->body)) / 2;
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
		r = imin((ch - 3 * pad - lines * line_h(l->body)) / 2, cw * 2 / 5);
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
	int n = (int)v->n_options, G = l->gap, pad = l->pad, lh = line_h(l->body);
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
		b->n_lines = nl;
		b->text_y = (bh - nl * b->line_h) / 2;
	}
}

/* The free-text box and the keyboard under it. */
static void lay_text_entry(kiosk_layout *l, int x, int y, int w, int bottom)
{
	const kiosk_view *v = l->v;
	int G = l->gap, pad = l->pad, lh = line_h(l->body);
	int counter_h = line_h(l->small);
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
	bool digit_row = (kh_room - 4 * KG) / 5 >= l->target;
	kiosk_key keys[KIOSK_KB_MAX_KEYS];
	int rows = 0;
	int nk = kiosk_kb_keys(v->language, v->kb_mode, v->shift, digit_row,
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
			start--;
			if (((unsigned char)text[start] & 0xC0) != 0x80)
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
		for (int skip = nl - field_lines; skip > 0; skip--) {
			const char *nx = strchr(p, '\n');
			if (!nx)
				break;
			p = nx + 1;
		}
		f->lines = p;
		f->n_lines = imin(nl, field_lines);
	}
	kiosk_widget *c = lay_text(l, "counter", KIOSK_ROLE_HINT, v->counter, cpx,
				   false, x + pad, y + fh - counter_h - pad / 4,
				   w - 2 * pad, KIOSK_ALIGN_END, 1);
	if (field_lines == 1)   /* beside the text, at the end */
		c->y = y + (fh - c->h) / 2;
	if (rows <= 0)
		return;
	/* One grid: a letter key is 4 units; gaps between keys. */
	int max_units = 0, max_keys = 0;
	for (int r = 0; r < rows; r++) {
		int u = kiosk_kb_row_units(keys, nk, r), k = 0;
		for (int i = 0; i < nk; i++)
			k += keys[i].row == r;
		if (u * 1000 + k > max_units * 1000 + max_keys) {
			max_units = u;
			max_keys = k;
		}
	}
	float unit = (float)(kbw - (max_keys - 1) * KG) / (float)max_units;
	unit = fminf(unit, (float)key_h * 1.6f / 4.0f);
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
			b->line_h = line_h(b->px);
			b->text_x = 4;
			b->text_w = kw - 8;
			b->lines = lay_wrap(l, b->label, b->px, false, b->text_w, 1,
					    &nl, NULL);
			b->n_lines = nl;
			b->text_y = (key_h - b->n_lines * b->line_h) / 2;
			b->selected = keys[i].active;
			kx += (float)kw + (float)KG;
		}
	}
}

static void lay_question(kiosk_layout *l)
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
			     false, l->W / 2, (l->header_h - line_h(l->small)) / 2,
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

/* Title, words, a card and buttons, centred: still there, thanks, sorry,
 * cleaning. level 0 is the full page; 1 drops the tick and tightens the
 * spacing; 2 also drops the words under the title (short screens: the
 * crisis card, the countdown and Finish always stay). Returns the bottom. */
static int lay_message_at(kiosk_layout *l, bool tick, int level)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	int cw = imin(l->W - 2 * M, sc(l->s, 1000));
	int x = (l->W - cw) / 2;
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
				   KIOSK_ALIGN_CENTER, 2);
	y += t->h + G / 2;
	if (level < 2 && v->body && *v->body) {
		t = lay_text(l, "body", KIOSK_ROLE_HINT, v->body, l->body, false, x,
			     y, cw, KIOSK_ALIGN_CENTER, 4);
		y += t->h;
	}
	if (v->card_title || v->card_body) {
		int pad = level ? l->pad : sc(l->s, 32), bar = imax(6, sc(l->s, 10));
		int kw = imin(cw, sc(l->s, 900)), kx = (l->W - kw) / 2;
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
		if (v->card_body) {
			t = lay_text(l, "crisis-body", KIOSK_ROLE_TEXT, v->card_body,
				     l->body, false, kx + bar + pad, ty,
				     kw - bar - 2 * pad, KIOSK_ALIGN_START, 8);
			ty += t->h;
		}
		l->w[card].h = ty + pad * 3 / 4 - y;
		y = ty + pad * 3 / 4;
	}
	if (v->hint && *v->hint) {
		y += space;
		t = lay_text(l, "countdown", KIOSK_ROLE_HINT, v->hint, l->small, false,
			     x, y, cw, KIOSK_ALIGN_CENTER, 2);
		y += t->h;
	}
	y += 2 * space;
	int bh = imax(l->target, sc(l->s, 84));
	if (v->primary) {
		int bw = imin(cw, lay_button_w(l, v->primary, sc(l->s, 360)));
		const char *id = v->screen == FB_SCREEN_STILL_THERE ? "still-here" :
				 "finish";
		lay_button(l, id, KIOSK_ROLE_PRIMARY, v->primary, (l->W - bw) / 2, y,
			   bw, bh);
		y += bh + G;
	}
	if (v->secondary) {
		int bw = imin(cw, lay_button_w(l, v->secondary, sc(l->s, 260)));
		lay_button(l, "finish", KIOSK_ROLE_BUTTON, v->secondary,
			   (l->W - bw) / 2, y, bw, l->target);
	}
	return lay_bottom(l, first);
}

static void lay_message(kiosk_layout *l, bool tick)
{
	size_t first = l->n, mark = l->used;
	for (int level = 0; level < 3; level++) {
		l->n = first;
		l->used = mark;
		if (lay_message_at(l, tick, level) <= l->bottom)
			break;
	}
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
		b->line_h = line_h(b->px);
		b->text_y = (k - b->n_lines * b->line_h) / 2;
	}
}

static void lay_staff_pin(kiosk_layout *l)
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

/* The staff screen's buttons from y: the actions in rows, then the
 * locations under their heading, with "Exit to maintenance" at the end of
 * the last row when it fits there. Returns the bottom. */
static int lay_staff_actions(kiosk_layout *l, int y)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap, cw = l->W - 2 * M;
	const char *ids[KIOSK_VIEW_MAX_ITEMS] = { 0 };
	const char *labels[KIOSK_VIEW_MAX_ITEMS] = { 0 };
	bool sel[KIOSK_VIEW_MAX_ITEMS] = { 0 };
	size_t n = 0, exit_i = KIOSK_VIEW_MAX_ITEMS;
	size_t nv = imin((int)v->n_actions, KIOSK_VIEW_MAX_ITEMS);
	for (size_t i = 0; i < nv; i++) {
		if (v->actions[i].location)
			continue;
		if (strcmp(v->actions[i].id, "staff-exit") == 0) {
			exit_i = i;
			continue;
		}
		ids[n] = v->actions[i].id;
		labels[n] = v->actions[i].label;
		sel[n++] = v->actions[i].selected;
	}
	int bottom = lay_flow_buttons(l, M, y, cw, l->target, KIOSK_ROLE_BUTTON,
				      n, ids, labels, sel, false);
	size_t nloc = 0;
	for (size_t i = 0; i < nv; i++) {
		if (!v->actions[i].location)
			continue;
		ids[nloc] = v->actions[i].id;
		labels[nloc] = v->actions[i].label;
		sel[nloc++] = v->actions[i].selected;
	}
	size_t first_loc = l->n;
	if (nloc > 0) {
		int ty = n ? bottom + G : y;
		if (v->location_heading && *v->location_heading) {
			kiosk_widget *t = lay_text(l, "location-heading",
						   KIOSK_ROLE_TEXT,
						   v->location_heading, l->small,
						   true, M, ty, cw,
						   KIOSK_ALIGN_START, 2);
			ty += t->h + G / 2;
		}
		bottom = lay_flow_buttons(l, M, ty, cw, l->target,
					  KIOSK_ROLE_BUTTON, nloc, ids, labels,
					  sel, false);
	}
	if (exit_i < nv) {
		const char *label = v->actions[exit_i].label;
		int ew = imin(cw, lay_button_w(l, label, sc(l->s, 150)));
		int right = M, row = bottom - l->target;
		for (size_t i = first_loc; nloc > 0 && i < l->n; i++)
			if (l->w[i].y == row)
				right = imax(right, l->w[i].x + l->w[i].w);
		int ex = M, ey = bottom + G;
		if ((nloc > 0 || n > 0) && right > M && right + 2 * G + ew <= M + cw) {
			/* the row's far end, apart from the buttons before it */
			ex = M + cw - ew;
			ey = row;
		} else if (nloc == 0 && n == 0) {
			ey = y;
		}
		lay_button(l, "staff-exit", KIOSK_ROLE_BUTTON, label, ex, ey, ew,
			   l->target);
		bottom = imax(bottom, ey + l->target);
	}
	return bottom;
}

/* The staff screen. Close sits at the band's end (where patient screens
 * have "A+"), so the page keeps its rows for what staff read and press;
 * on a short screen the title goes up into the band as well. Then the
 * figures in columns, the last error in full under them (it is what staff
 * most need to read: wrapped, never cut while the page has room), the
 * last action's words, and the buttons. */
static void lay_staff(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int M = l->margin, G = l->gap;
	int cw = l->W - 2 * M;
	int spx = l->small, lh = line_h(spx);
	bool band_title = l->H < 600;
	kiosk_widget *t;
	int bw = imin(l->W / 3, lay_button_w(l, v->secondary, sc(l->s, 150)));
	int bx = l->W - M - bw;
	lay_button(l, "staff-close", KIOSK_ROLE_BUTTON, v->secondary, bx,
		   (l->header_h - l->target) / 2, bw, l->target);
	int y = l->top;
	if (band_title) {
		int tpx = imax(22, sc(l->s, 30));
		int tx = l->W / 2, tw = bx - G - tx;
		t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title, tpx, true, tx,
			     (l->header_h - line_h(tpx)) / 2, tw, KIOSK_ALIGN_END,
			     1);
		t->on_dark = true;
	} else {
		t = lay_text(l, "title", KIOSK_ROLE_TITLE, v->title, l->q_px, true,
			     M, l->top, cw, KIOSK_ALIGN_START, 1);
		y = t->y + t->h + G / 2;
	}
	/* Two columns when every figure fits its column on one line; else
	 * one, each figure wrapped: a figure cut short would hide its value. */
	int cols = 2, colw = (cw - G) / 2;
	for (size_t i = 0; i < v->n_status; i++)
		if (l->measure(l->mctx, v->status[i] ? v->status[i] : "", spx,
			       false, l->rtl) > colw)
			cols = 1;
	if (cols == 1)
		colw = cw;
	int rows = ((int)v->n_status + cols - 1) / cols, fy = y;
	for (size_t i = 0; i < v->n_status; i++) {
		char id[KIOSK_WIDGET_ID_MAX];
		snprintf(id, sizeof id, "status-%zu", i);
		int c = (int)i / (rows ? rows : 1);
		if (c > 0 && (int)i % rows == 0)
			fy = y;          /* the next column starts at the top */
		t = lay_text(l, id, KIOSK_ROLE_TEXT, v->status[i], spx, false,
			     M + c * (colw + G), fy, colw, KIOSK_ALIGN_START, 2);
		fy += t->h;
	}
	y = imax(y, lay_bottom(l, l->n - imin((int)l->n, (int)v->n_status)))
	    + G / 2;
	/* How tall the buttons are, laid out once and taken away again. */
	size_t mark_n = l->n, mark_used = l->used;
	bool mark_cut = l->truncated;
	int act_h = lay_staff_actions(l, 0);
	l->n = mark_n;
	l->used = mark_used;
	l->truncated = mark_cut;
	kiosk_widget *msg = NULL;
	int msg_h = 0;
	if (v->body && *v->body) {
		msg = lay_text(l, "message", KIOSK_ROLE_HINT, v->body, spx, true, M,
			       y, cw, KIOSK_ALIGN_START, 2);
		msg_h = msg->h + G / 2;
	}
	if (v->status_error && *v->status_error) {
		int room = l->bottom - act_h - G - msg_h - y;
		t = lay_text(l, "status-error", KIOSK_ROLE_TEXT, v->status_error,
			     spx, false, M, y, cw, KIOSK_ALIGN_START,
			     imax(1, imin(8, room / lh)));
		y += t->h + G / 2;
	}
	if (msg) {
		msg->y = y;
		y += msg_h;
	}
	lay_staff_actions(l, y + G / 2);
}

/* Mirrors the page for right-to-left languages and makes every text
 * alignment physical. */
static void lay_finish(kiosk_layout *l)
{
	/* The keyboard moves across as a block but keeps its key order: QWERTY
	 * reads left to right whatever the page does. */
	int kb0 = l->W, kb1 = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->w[i].role == KIOSK_ROLE_KEY) {
			kb0 = imin(kb0, l->w[i].x);
			kb1 = imax(kb1, l->w[i].x + l->w[i].w);
		}
	for (size_t i = 0; i < l->n; i++) {
		kiosk_widget *w = &l->w[i];
		if (!l->rtl)
			continue;
		if (w->role == KIOSK_ROLE_KEY) {
			w->x = l->W - kb1 + (w->x - kb0);
			continue;
		}
		w->x = l->W - w->x - w->w;
		w->text_x = w->w - w->text_x - w->text_w;
		if (w->face_r > 0)
			w->face_x = w->w - w->face_x;
		if (w->align == KIOSK_ALIGN_START)
			w->align = KIOSK_ALIGN_END;
		else if (w->align == KIOSK_ALIGN_END)
			w->align = KIOSK_ALIGN_START;
	}
	/* Keep everything on the screen, whatever the words did. */
	for (size_t i = 0; i < l->n; i++) {
		kiosk_widget *w = &l->w[i];
		w->w = imin(w->w, l->W);
		w->h = imin(w->h, l->H);
		w->x = imax(0, imin(w->x, l->W - w->w));
		w->y = imax(0, imin(w->y, l->H - w->h));
	}
}

void kiosk_layout_build(kiosk_layout *l, const kiosk_view *view, int w, int h,
			kiosk_measure_fn measure, void *measure_ctx)
{
	l->n = 0;
	l->used = 0;
	l->truncated = false;
	l->v = view;
	l->W = imax(w, 320);
	l->H = imax(h, 240);
	l->s = lay_scale(l->W, l->H);
	l->landscape = l->W >= l->H;
	l->rtl = view->rtl;
	l->measure = measure;
	l->mctx = measure_ctx;
	l->gap = kiosk_layout_gap(l->W, l->H);
	l->target = kiosk_layout_min_target(l->W, l->H);
	l->body = kiosk_layout_body_px(l->W, l->H);
	l->small = imax(22, sc(l->s, 24));
	l->title_px = imax(30, sc(l->s, 56));
	l->q_px = imax(26, sc(l->s, 42));
	if (view->large_text) {
		/* A quarter larger; headlines grow less, they are big already. */
		l->body = l->body * 5 / 4;
		l->small = l->small * 5 / 4;
		l->q_px = l->q_px * 9 / 8;
	}
	l->margin = imax(24, sc(l->s, 56));
	l->pad = imax(8, sc(l->s, 16));
	l->header_h = imax(l->target + 8, sc(l->s, 88));
	l->top = l->header_h + imax(12, sc(l->s, 28));
	l->bottom = l->H - l->gap;

	lay_header(l);
	switch (view->screen) {
	case FB_SCREEN_ATTRACT:
		if (view->staff_corner) {
			int cw = l->target + l->gap;
			/* the start corner: the end one holds the round buttons */
			lay_add(l, "staff-corner", KIOSK_ROLE_CORNER, "", 0, 0, cw,
				l->header_h);
		}
		lay_attract(l);
		break;
	case FB_SCREEN_LANGUAGE:
		lay_language(l);
		break;
	case FB_SCREEN_QUESTION:
		lay_question(l);
		break;
	case FB_SCREEN_THANKS:
		lay_message(l, true);
		break;
	case FB_SCREEN_STILL_THERE:
	case FB_SCREEN_SORRY:
	case FB_SCREEN_CLEANING:
		lay_message(l, false);
		break;
	case FB_SCREEN_STAFF_PIN:
		lay_staff_pin(l);
		break;
	case FB_SCREEN_STAFF:
		lay_staff(l);
		break;
	default:
		break;
	}
	lay_finish(l);
	l->v = NULL;
}

size_t kiosk_layout_count(const kiosk_layout *l)
{
	return l->n;
}

const kiosk_widget *kiosk_layout_get(const kiosk_layout *l, size_t i)
{
	return i < l->n ? &l->w[i] : NULL;
}

const kiosk_widget *kiosk_layout_find(const kiosk_layout *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->w[i].id, id) == 0)
			return &l->w[i];
	return NULL;
}

const kiosk_widget *kiosk_layout_hit(const kiosk_layout *l, int x, int y)
{
	for (size_t i = l->n; i-- > 0;) {
		const kiosk_widget *w = &l->w[i];
		if (w->target && x >= w->x && x < w->x + w->w && y >= w->y &&
		    y < w->y + w->h)
			return w;
	}
	return NULL;
}

/* Whether widget a comes before b in reading order: rows top to bottom,
 * then along the row in the page's direction. */
static bool lay_reads_before(const kiosk_layout *l, const kiosk_widget *a,
			     const kiosk_widget *b)
{
	if (a->y != b->y)
		return a->y < b->y;
	return l->rtl ? a->x > b->x : a->x < b->x;
}

static bool lay_focusable(const kiosk_widget *w)
{
	return w->target && w->role != KIOSK_ROLE_CORNER && !w->disabled;
}

int kiosk_layout_next_target(const kiosk_layout *l, int from, int dir)
{
	/* The nearest focusable widget after (or before) from in reading
	 * order, wrapping round at the ends. */
	const kiosk_widget *cur = from >= 0 && (size_t)from < l->n ? &l->w[from]
								   : NULL;
	int best = -1, wrap = -1;
	for (size_t i = 0; i < l->n; i++) {
		const kiosk_widget *w = &l->w[i];
		if (!lay_focusable(w) || (int)i == from)
			continue;
		bool ahead = !cur || (dir > 0 ? lay_reads_before(l, cur, w)
					      : lay_reads_before(l, w, cur));
		if (ahead && cur) {
			if (best < 0 || (dir > 0 ? lay_reads_before(l, w, &l->w[best])
						 : lay_reads_before(l, &l->w[best], w)))
				best = (int)i;
		}
		/* the first (or last) of all: where a wrap or a start lands */
		if (wrap < 0 || (dir > 0 ? lay_reads_before(l, w, &l->w[wrap])
					 : lay_reads_before(l, &l->w[wrap], w)))
			wrap = (int)i;
	}
	if (best < 0 && wrap < 0 && cur && lay_focusable(cur))
		return from;            /* the only one */
	return best >= 0 ? best : wrap;
}

bool kiosk_layout_truncated(const kiosk_layout *l)
{
	return l->truncated;
}
