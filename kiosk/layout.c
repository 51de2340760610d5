/* layout: screens as rectangles. See layout.h.
 * Everything is laid out left to right in reading order and mirrored at
 * the end for right-to-left languages, so no screen code thinks about
 * direction. Sizes come from one scale factor: 1.0 at 1280x800. */
#include "layout_impl.h"

#include "faces.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int lay_line_h(int px)
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

int lay_width(kiosk_layout *l, const char *s, size_t len, int px,
	      bool bold)
{
	char buf[1024];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return l->measure(l->mctx, buf, px, bold, l->rtl);
}

/* Width of text[from, to) with the spans of text in sp drawn bold: each
 * piece of one weight measured alone, as the renderer shapes them. */
static int lay_mixed_width(kiosk_layout *l, const char *text, size_t from,
			   size_t to, int px, bool bold, const kiosk_span *sp,
			   int n)
{
	int w = 0;
	size_t pos = from;
	for (int k = 0; k < n && pos < to; k++) {
		size_t s0 = sp[k].off, s1 = (size_t)sp[k].off + sp[k].len;
		if (s1 <= pos)
			continue;
		if (s0 >= to)
			break;
		if (s0 > pos) {
			w += lay_width(l, text + pos, s0 - pos, px, bold);
			pos = s0;
		}
		size_t e = s1 < to ? s1 : to;
		w += lay_width(l, text + pos, e - pos, px, true);
		pos = e;
	}
	if (pos < to)
		w += lay_width(l, text + pos, to - pos, px, bold);
	return w;
}

/* What lay_wrap measures: text[from, to), its bold spans in their weight. */
static int lay_wrap_width(kiosk_layout *l, const char *text, size_t from,
			  size_t to, int px, bool bold)
{
	if (l->wrap_bold_text == text && l->n_wrap_bold > 0)
		return lay_mixed_width(l, text, from, to, px, bold, l->wrap_bold,
				       l->n_wrap_bold);
	return lay_width(l, text + from, to - from, px, bold);
}

/* Whether a line may not break at byte at of text (inside a bold span:
 * "116 123" stays on one line). */
static bool lay_no_break(const kiosk_layout *l, const char *text, size_t at)
{
	if (l->wrap_bold_text != text)
		return false;
	for (int k = 0; k < l->n_wrap_bold; k++)
		if (l->wrap_bold[k].off < at &&
		    at < (size_t)l->wrap_bold[k].off + l->wrap_bold[k].len)
			return true;
	return false;
}

/* Breaks text into lines no wider than maxw (greedy, at spaces; a word
 * wider than a line is broken between characters). At most max_lines
 * lines; the rest is cut with "…". Returns the arena copy. */
const char *lay_wrap(kiosk_layout *l, const char *text, int px,
		     bool bold, int maxw, int max_lines, int *n_lines,
		     int *widest)
{
	char out[16384];
	size_t o = 0, len = strlen(text);
	int lines = 0, wmax = 0;
	size_t i = 0, para_start = 0;
	bool cut_here = false;
	/* the spans point into the layout's own copy of text */
	uintptr_t at = (uintptr_t)text, arena = (uintptr_t)l->text;
	const char *src = at >= arena && at < arena + sizeof l->text ? text :
			  lay_copy(l, text, len);
	kiosk_line_src *spans = l->spans + l->n_spans;
	bool spans_ok = len == 0 || *src != '\0';
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
			while (we < para_end &&
			       (text[we] != ' ' || lay_no_break(l, text, we)))
				we++;
			if (lay_wrap_width(l, text, i, we, px, bold) > maxw)
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
				size_t nx = fb_utf8_next(text, para_end, end);
				if (lay_wrap_width(l, text, i, nx, px, bold) > maxw &&
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
			cut_here = true;
			while (cut > i && lay_wrap_width(l, text, i, cut, px, bold) +
			       l->measure(l->mctx, "…", px, bold, l->rtl) > maxw) {
				size_t p = fb_utf8_prev(text, cut);
				cut = p > i ? p : i;
			}
		}
		size_t n = cut - i;
		if (o + n + 6 >= sizeof out)
			break;
		if (lines > 0)
			out[o++] = '\n';
		memcpy(out + o, text + i, n);
		o += n;
		wmax = imax(wmax, lay_wrap_width(l, text, i, i + n, px, bold));
		if (l->n_spans + (size_t)lines >= LAY_MAX_SPANS)
			spans_ok = false;
		else
			spans[lines] = (kiosk_line_src){ src + para_start,
				(uint32_t)(para_end - para_start),
				(uint32_t)(i - para_start), (uint32_t)n };
		lines++;
		if (lines == max_lines && resume < len && l->truncated) {
			memcpy(out + o, "…", strlen("…"));
			o += strlen("…");
		}
		i = resume;
		if (i == para_end && para_end < len) {
			i++;             /* the newline itself */
			para_start = i;
		}
	}
	l->wrap_src = NULL;
	if (spans_ok && lines > 0) {
		l->wrap_src = spans;
		l->n_spans += (size_t)lines;
	}
	if (i < len && !cut_here)
		cut_here = true;         /* out of room in out[] */
	if (lines == 0)
		lines = 1;
	*n_lines = lines;
	if (widest)
		*widest = wmax;
	const char *copy = lay_copy(l, out, o);
	if (cut_here && l->n_cuts < LAY_MAX_CUTS)
		l->cuts[l->n_cuts++] = copy;
	return copy;
}

/* ---- widgets -------------------------------------------------------- */

kiosk_widget *lay_add(kiosk_layout *l, const char *id, kiosk_role role,
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
	wd->line_h = lay_line_h(wd->px);
	wd->text_w = w;
	wd->target = role == KIOSK_ROLE_PRIMARY || role == KIOSK_ROLE_BUTTON ||
		     role == KIOSK_ROLE_ANSWER || role == KIOSK_ROLE_OPTION ||
		     role == KIOSK_ROLE_LANGUAGE || role == KIOSK_ROLE_KEY ||
		     role == KIOSK_ROLE_FIELD || role == KIOSK_ROLE_CORNER ||
		     role == KIOSK_ROLE_ROUND;
	return wd;
}

static void lay_text_fill(kiosk_layout *l, kiosk_widget *wd, int px,
			  bool bold, int maxw, kiosk_align align,
			  int max_lines);

/* A block of wrapped text; its height is its lines. */
kiosk_widget *lay_text(kiosk_layout *l, const char *id, kiosk_role role,
		       const char *text, int px, bool bold, int x, int y,
		       int maxw, kiosk_align align, int max_lines)
{
	kiosk_widget *wd = lay_add(l, id, role, text, x, y, maxw, 0);
	lay_text_fill(l, wd, px, bold, maxw, align, max_lines);
	return wd;
}

/* A digit (0-9, Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali,
 * Gurmukhi, Gujarati) at s[i]: its length in bytes, else 0. */
static size_t lay_digit_at(const char *s, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t left = len - i;
	if (left >= 1 && u[0] >= '0' && u[0] <= '9')
		return 1;
	if (left >= 2 && ((u[0] == 0xD9 && u[1] >= 0xA0 && u[1] <= 0xA9) ||
			  (u[0] == 0xDB && u[1] >= 0xB0 && u[1] <= 0xB9)))
		return 2;
	if (left >= 3 && u[0] == 0xE0 &&
	    (u[1] == 0xA5 || u[1] == 0xA7 || u[1] == 0xA9 || u[1] == 0xAB) &&
	    u[2] >= 0xA6 && u[2] <= 0xAF)
		return 3;
	return 0;
}

static bool lay_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

int lay_find_numbers(const char *s, kiosk_span *out, int max)
{
	size_t len = s ? strlen(s) : 0, i = 0;
	int n = 0;
	while (i < len && n < max) {
		unsigned char c = (unsigned char)s[i];
		bool word_start = i == 0 || !lay_ascii_alnum((unsigned char)s[i - 1]);
		size_t d = lay_digit_at(s, len, i);
		if (d && i > 0 && lay_ascii_alnum((unsigned char)s[i - 1])) {
			/* part of a word or a code ("A4"), not a number */
			while (i < len && (d = lay_digit_at(s, len, i)) > 0)
				i += d;
			continue;
		}
		if (d || (c == '+' && word_start && i + 1 < len &&
			  lay_digit_at(s, len, i + 1))) {
			/* digit groups, one space or '-' between them */
			size_t j = c == '+' ? i + 1 : i, end = j;
			for (;;) {
				while (j < len && (d = lay_digit_at(s, len, j)) > 0)
					j += d;
				end = j;
				if (j + 1 < len && (s[j] == ' ' || s[j] == '-') &&
				    lay_digit_at(s, len, j + 1)) {
					j++;
					continue;
				}
				break;
			}
			out[n++] = (kiosk_span){ (uint32_t)i, (uint32_t)(end - i) };
			i = end;
			continue;
		}
		if (c >= 'A' && c <= 'Z' && word_start) {
			size_t j = i;
			while (j < len && s[j] >= 'A' && s[j] <= 'Z')
				j++;
			if (j - i >= 2 && (j == len ||
			    (!lay_ascii_alnum((unsigned char)s[j]) &&
			     (unsigned char)s[j] < 0x80)))
				out[n++] = (kiosk_span){ (uint32_t)i, (uint32_t)(j - i) };
			i = j;
			continue;
		}
		i++;
	}
	/* "NHS 111": one span, never broken */
	int m = 0;
	for (int k = 0; k < n; k++) {
		if (m > 0 && out[m - 1].off + out[m - 1].len + 1 == out[k].off &&
		    s[out[k].off - 1] == ' ') {
			out[m - 1].len = out[k].off + out[k].len - out[m - 1].off;
			continue;
		}
		out[m++] = out[k];
	}
	return m;
}

kiosk_widget *lay_text_numbers(kiosk_layout *l, const char *id,
			       kiosk_role role, const char *text, int px,
			       int x, int y, int maxw, kiosk_align align,
			       int max_lines)
{
	kiosk_widget *wd = lay_add(l, id, role, text, x, y, maxw, 0);
	kiosk_span *sp = l->bold + l->n_bold;
	int n = lay_find_numbers(wd->label, sp, (int)(LAY_MAX_BOLD - l->n_bold));
	l->n_bold += (size_t)n;
	wd->bold_runs = n > 0 ? sp : NULL;
	wd->n_bold_runs = n;
	l->wrap_bold_text = wd->label;
	l->wrap_bold = sp;
	l->n_wrap_bold = n;
	lay_text_fill(l, wd, px, false, maxw, align, max_lines);
	l->wrap_bold_text = NULL;
	l->wrap_bold = NULL;
	l->n_wrap_bold = 0;
	return wd;
}

static void lay_text_fill(kiosk_layout *l, kiosk_widget *wd, int px,
			  bool bold, int maxw, kiosk_align align,
			  int max_lines)
{
	int n = 0, widest = 0;
	wd->px = px;
	wd->bold = bold;
	wd->line_h = lay_line_h(px);
	wd->lines = lay_wrap(l, wd->label, px, bold, maxw, max_lines, &n,
			     &widest);
	wd->line_src = l->wrap_src;
	wd->n_lines = n;
	wd->h = n * wd->line_h;
	wd->align = align;
}

/* A button with its label centred, wrapped to at most two lines. */
kiosk_widget *lay_button(kiosk_layout *l, const char *id, kiosk_role role,
			 const char *label, int x, int y, int w, int h)
{
	kiosk_widget *wd = lay_add(l, id, role, label, x, y, w, h);
	int n = 0, pad = l->pad;
	wd->px = l->body;
	wd->bold = true;
	/* a button grown for its words (lay_nav_button_h) wraps to more */
	int max_lines = imax(2, imin(LAY_NAV_LINES, h / lay_line_h(wd->px)));
	wd->lines = lay_wrap(l, wd->label, wd->px, true, w - 2 * pad, max_lines,
			     &n, NULL);
	wd->line_src = l->wrap_src;
	wd->n_lines = n;
	wd->line_h = lay_line_h(wd->px);
	wd->align = KIOSK_ALIGN_CENTER;
	wd->text_x = pad;
	wd->text_w = w - 2 * pad;
	/* Words that would spill over the top and bottom (two lines of A+
	 * in a narrow button) get smaller, down to LAY_MIN_PX, never cut. */
	while (n * wd->line_h > h && wd->px > LAY_MIN_PX) {
		wd->px = imax(LAY_MIN_PX, wd->px * 9 / 10);
		wd->line_h = lay_line_h(wd->px);
		wd->lines = lay_wrap(l, wd->label, wd->px, true, w - 2 * pad,
				     max_lines, &n, NULL);
		wd->line_src = l->wrap_src;
		wd->n_lines = n;
	}
	wd->text_y = (h - n * wd->line_h) / 2;
	return wd;
}

/* How wide a button must be for its label on one line. */
int lay_button_w(kiosk_layout *l, const char *label, int min_w)
{
	int tw = l->measure(l->mctx, label ? label : "", l->body, true, l->rtl);
	return imax(min_w, tw + 2 * l->pad + 2 * l->gap);
}

void lay_shift(kiosk_layout *l, size_t from, int dx, int dy)
{
	for (size_t i = from; i < l->n; i++) {
		l->w[i].x += dx;
		l->w[i].y += dy;
	}
}

int lay_bottom(kiosk_layout *l, size_t from)
{
	int b = 0;
	for (size_t i = from; i < l->n; i++)
		b = imax(b, l->w[i].y + l->w[i].h);
	return b;
}

/* Centres widgets [from, n) vertically in [top, bottom) when they fit. */
void lay_center_v(kiosk_layout *l, size_t from, int top, int bottom)
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
int lay_round_room(kiosk_layout *l)
{
	int n = (l->v->text_size ? 1 : 0) + (l->v->read_aloud ? 1 : 0);
	return n * (l->target + l->gap) + lay_hear_room(l);
}

/* The touch and hear marker: its words' size, and its width with its
 * outline's padding and the gap after it (0 when off). */
static int lay_hear_px(const kiosk_layout *l)
{
	return imax(20, sc(l->s, 22));
}

int lay_hear_room(kiosk_layout *l)
{
	const char *t = l->v->touch_hear_label;
	if (!t || !*t)
		return 0;
	return lay_width(l, t, strlen(t), lay_hear_px(l), true) + 2 * l->pad + l->gap;
}

static void lay_header(kiosk_layout *l)
{
	const kiosk_view *v = l->v;
	int hpx = imax(24, sc(l->s, 30)), opx = imax(22, sc(l->s, 22));
	kiosk_widget *hd = lay_add(l, "header", KIOSK_ROLE_HEADER, v->service, 0,
				   0, l->W, l->header_h);
	int n = 0;
	bool org = v->organisation && *v->organisation &&
		   l->header_h >= lay_line_h(hpx) + lay_line_h(opx);
	hd->px = hpx;
	hd->bold = true;
	hd->line_h = lay_line_h(hpx);
	hd->on_dark = true;
	hd->text_x = l->margin;
	/* the band's end holds "A+" and read-aloud, or Close and the title on
	 * the staff screen */
	hd->text_w = l->W - 2 * l->margin -
		     (v->screen == FB_SCREEN_STAFF ? l->W / 2 - l->margin :
		      lay_round_room(l));
	hd->lines = lay_wrap(l, v->service ? v->service : "", hpx, true,
			     hd->text_w, 1, &n, NULL);
	hd->line_src = l->wrap_src;
	hd->n_lines = n;
	int block = hd->line_h + (org ? lay_line_h(opx) : 0);
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
		b->line_h = lay_line_h(b->px);
		b->lines = lay_wrap(l, "A+", b->px, true, d, 1, &nl, NULL);
		b->line_src = l->wrap_src;
		b->n_lines = nl;
		b->text_y = (d - b->line_h) / 2;
		end -= d + l->gap;
	}
	if (lay_hear_room(l) > 0) {
		/* Touch and hear is on: said in words, outlined, so it is not
		 * only a colour (kiosk/render_sdl.c draws the "touch-hear"
		 * marker's outline). */
		int px = lay_hear_px(l), mw = lay_hear_room(l) - l->gap;
		int mh = imin(l->header_h - 8, lay_line_h(px) + l->pad);
		kiosk_widget *m = lay_text(l, "touch-hear", KIOSK_ROLE_HINT,
					   v->touch_hear_label, px, true, end - mw,
					   (l->header_h - mh) / 2, mw,
					   KIOSK_ALIGN_CENTER, 1);
		m->on_dark = true;
		m->h = mh;
		m->text_y = (mh - m->line_h) / 2;
		m->selected = true;
	}
}

/* How high a button of width w must be for label: a target, or more
 * when its words need more lines than a target holds (up to
 * LAY_NAV_LINES), so long words wrap and the button grows, never cut. */
static int lay_nav_button_h(kiosk_layout *l, const char *label, int w)
{
	size_t mark = l->used, cuts = l->n_cuts, spans = l->n_spans;
	int n = 0, lh = lay_line_h(l->body);
	lay_wrap(l, label ? label : "", l->body, true, w - 2 * l->pad,
		 LAY_NAV_LINES, &n, NULL);
	l->used = mark;
	l->n_cuts = cuts;
	l->n_spans = spans;
	return n * lh > l->target ? n * lh + l->pad : l->target;
}

/* The bottom row's buttons: the one in Skip's place (id, label, role),
 * and the widths and the one height of Back, it and Next. */
struct lay_nav_row {
	const char *mid_id, *mid_label;
	kiosk_role mid_role, next_role;
	int bw, kw, nw, h;
};

static void lay_nav_plan(kiosk_layout *l, struct lay_nav_row *r)
{
	const kiosk_view *v = l->v;
	/* On the comment screen Send now takes Skip's place and is the green
	 * one; on an information page "skip section" does. */
	r->mid_id = v->send_now_label ? "send-now" :
		    v->skip_section_label ? "skip-section" :
		    v->can_skip ? "skip" : NULL;
	r->mid_label = v->send_now_label ? v->send_now_label :
		       v->skip_section_label ? v->skip_section_label :
		       v->skip_label;
	r->next_role = v->send_now_label ? KIOSK_ROLE_BUTTON : KIOSK_ROLE_PRIMARY;
	r->mid_role = v->send_now_label ? KIOSK_ROLE_PRIMARY : KIOSK_ROLE_BUTTON;
	r->bw = lay_button_w(l, v->back_label, sc(l->s, 190));
	r->nw = lay_button_w(l, v->next_label, sc(l->s, 190));
	r->kw = r->mid_id ? lay_button_w(l, r->mid_label, sc(l->s, 150)) : 0;
	int avail = l->W - 2 * l->margin - 2 * l->gap;
	if (r->bw + r->nw + r->kw > avail) {
		int each = (avail - (r->mid_id ? 0 : l->gap)) / (r->mid_id ? 3 : 2);
		if (r->mid_id && r->bw + r->nw <= avail - each) {
			/* Back and Next keep their one line; the long one
			 * in the middle takes the rest and wraps */
			r->kw = avail - r->bw - r->nw;
		} else {
			r->bw = r->nw = each;
			r->kw = r->mid_id ? each : 0;
		}
	}
	r->h = imax(lay_nav_button_h(l, v->next_label, r->nw),
		    v->can_back ? lay_nav_button_h(l, v->back_label, r->bw) : 0);
	if (r->mid_id)
		r->h = imax(r->h, lay_nav_button_h(l, r->mid_label, r->kw));
}

/* The top of the bottom row of buttons (lay_nav without side). */
int lay_nav_top(kiosk_layout *l)
{
	struct lay_nav_row r;
	lay_nav_plan(l, &r);
	return l->H - l->gap - r.h;
}

/* Back, Skip and Next along the bottom (or down the end side when
 * side is set: short screens with a keyboard, the column never above
 * side_top, where the question's words end). A greyed Next has its
 * reason over it. Returns the top of the row (or the start x of the
 * column). */
int lay_nav(kiosk_layout *l, bool side, int side_w, int side_top)
{
	const kiosk_view *v = l->v;
	struct lay_nav_row r;
	lay_nav_plan(l, &r);
	int why_h = v->next_why ? lay_line_h(l->small) * 2 : 0;   /* side: room */
	if (side) {
		int x = l->W - l->margin - side_w, yy = l->bottom - l->gap;
		/* each as high as its words need, unless the column would then
		 * reach the question's words: then two lines at most, and the
		 * words smaller (lay_button) */
		int hn = lay_nav_button_h(l, v->next_label, side_w);
		int hm = r.mid_id ? lay_nav_button_h(l, r.mid_label, side_w) : 0;
		int hb = v->can_back ? lay_nav_button_h(l, v->back_label, side_w) : 0;
		bool grow = yy - hn - why_h - (hm ? hm + l->gap : 0) - (hb ? hb + l->gap : 0) >= side_top;
		if (!grow) {
			/* two lines at the smallest size at most */
			int two = imax(l->target, 2 * lay_line_h(LAY_MIN_PX) + l->pad / 2);
			hn = imin(hn, two);
			hm = imin(hm, two);
			hb = imin(hb, two);
		}
		int h = hn;
		yy -= h;
		kiosk_widget *n = lay_button(l, "next", r.next_role,
					     v->next_label, x, yy, side_w, h);
		n->disabled = !v->can_next;
		if (why_h) {
			yy -= why_h;
			lay_text(l, "next-why", KIOSK_ROLE_HINT, v->next_why, l->small,
				 false, x, yy, side_w, KIOSK_ALIGN_CENTER, 2);
		}
		if (r.mid_id) {
			h = hm;
			yy -= h + l->gap;
			lay_button(l, r.mid_id, r.mid_role, r.mid_label, x, yy,
				   side_w, h);
		}
		if (v->can_back) {
			h = hb;
			yy -= h + l->gap;
			lay_button(l, "back", KIOSK_ROLE_BUTTON, v->back_label, x, yy,
				   side_w, h);
		}
		return x;
	}
	int h = r.h, y = l->H - l->gap - h;
	if (v->can_back)
		lay_button(l, "back", KIOSK_ROLE_BUTTON, v->back_label, l->margin, y,
			   r.bw, h);
	int nx = l->W - l->margin - r.nw;
	kiosk_widget *n = lay_button(l, "next", r.next_role, v->next_label,
				     nx, y, r.nw, h);
	n->disabled = !v->can_next;
	if (r.mid_id)
		lay_button(l, r.mid_id, r.mid_role, r.mid_label,
			   nx - l->gap - r.kw, y, r.kw, h);
	if (why_h && !r.mid_id) {
		/* in the row beside Next, where Skip would be: the answers
		 * above keep all their room */
		int x0 = v->can_back ? l->margin + r.bw + l->gap : l->margin;
		int ww = nx - l->gap - x0;
		if (ww > 0) {
			kiosk_widget *t = lay_text(l, "next-why", KIOSK_ROLE_HINT,
						   v->next_why, l->small, false, x0, y,
						   ww, KIOSK_ALIGN_END, 2);
			t->y = y + (h - t->h) / 2;
		}
	}
	return y;
}

/* A row (or rows) of buttons flowing across [x, x + maxw). */
int lay_flow_buttons(kiosk_layout *l, int x, int y, int maxw, int h,
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

int lay_flow_bottom_languages(kiosk_layout *l, int x, int y, int maxw)
{
	size_t first = l->n;
	lay_languages(l, x, y, maxw, l->target);
	return lay_bottom(l, first);
}

/* Says of each widget whether its words were cut and how wide its widest
 * line draws: what the --layout-dump gives tests that look for cut and
 * overlapping text. */
static void lay_mark_ink(kiosk_layout *l)
{
	for (size_t i = 0; i < l->n; i++) {
		kiosk_widget *w = &l->w[i];
		for (size_t c = 0; c < l->n_cuts; c++)
			if (w->lines == l->cuts[c] && w->n_lines > 0)
				w->cut = true;
		const char *p = w->lines ? w->lines : "";
		size_t label_len = w->label ? strlen(w->label) : 0;
		for (int k = 0; k < w->n_lines && *p; k++) {
			size_t n = strcspn(p, "\n");
			const kiosk_line_src *src = w->line_src ? &w->line_src[k] : NULL;
			if (w->n_bold_runs > 0 && src && src->len == n &&
			    src->para >= w->label &&
			    src->para + src->para_len <= w->label + label_len) {
				size_t at = (size_t)(src->para - w->label) + src->off;
				w->ink_w = imax(w->ink_w, lay_mixed_width(l, w->label,
					at, at + n, w->px, w->bold, w->bold_runs,
					w->n_bold_runs));
			} else {
				w->ink_w = imax(w->ink_w, lay_width(l, p, n, w->px,
								    w->bold));
			}
			p += n;
			if (*p == '\n')
				p++;
		}
	}
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

int kiosk_picture_for(const char *value)
{
	if (!value)
		return KIOSK_PICTURE_NONE;
	if (strcmp(value, "yes") == 0)
		return KIOSK_PICTURE_YES;
	if (strcmp(value, "no") == 0)
		return KIOSK_PICTURE_NO;
	if (strcmp(value, "not_sure") == 0)
		return KIOSK_PICTURE_NOT_SURE;
	return KIOSK_PICTURE_NONE;
}

void kiosk_layout_build(kiosk_layout *l, const kiosk_view *view, int w, int h,
			kiosk_measure_fn measure, void *measure_ctx)
{
	l->n = 0;
	l->used = 0;
	l->n_spans = 0;
	l->n_cuts = 0;
	l->n_bold = 0;
	l->wrap_bold_text = NULL;
	l->n_wrap_bold = 0;
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
	l->ans_body = l->body;
	if (view->easy_read) {
		/* Easy read: bigger words (and fewer: the survey's job) in
		 * the questions, their answers and the headlines. */
		l->ans_body = l->body * LAY_EASY_READ_PCT / 100;
		l->q_px = l->q_px * LAY_EASY_READ_PCT / 100;
		l->title_px = l->title_px * LAY_EASY_READ_PCT / 100;
	}
	l->base_body = l->ans_body;
	if (view->large_text) {
		/* A quarter larger; headlines grow less, they are big already. */
		l->ans_body = l->ans_body * 5 / 4;
		l->body = l->body * 5 / 4;
		l->small = l->small * 5 / 4;
		l->q_px = l->q_px * 9 / 8;
	}
	l->margin = imax(24, sc(l->s, 56));
	l->pad = imax(8, sc(l->s, 16));
	l->header_h = imax(l->target + 8, sc(l->s, 88));
	l->top = l->header_h + imax(12, sc(l->s, 28));
	l->bottom = l->H - l->gap;

	if (view->screen == FB_SCREEN_BLANK) {
		l->v = NULL;            /* closed: nothing at all on screen */
		return;
	}
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
	case FB_SCREEN_VOLUNTEER_ROLES:
	case FB_SCREEN_VOLUNTEER_NAME:
	case FB_SCREEN_VOLUNTEER_CONTACT:
	case FB_SCREEN_VOLUNTEER_CONSENT:
		lay_question(l);
		break;
	case FB_SCREEN_THANKS:
		lay_message(l, true);
		break;
	case FB_SCREEN_STILL_THERE:
	case FB_SCREEN_SORRY:
	case FB_SCREEN_CLEANING:
	case FB_SCREEN_CONFIRM_DELETE:
	case FB_SCREEN_VOLUNTEER_ASK:
		lay_message(l, false);
		break;
	case FB_SCREEN_STAFF_ENROL:
		lay_staff_enrol(l);
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
	lay_mark_ink(l);
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

/* Roles whose words a finger hears in touch and hear. */
static bool lay_has_words(const kiosk_widget *w)
{
	switch (w->role) {
	case KIOSK_ROLE_CARD:
	case KIOSK_ROLE_DOTS:
	case KIOSK_ROLE_PIN:
	case KIOSK_ROLE_TICK:
	case KIOSK_ROLE_CORNER:
		return false;
	default:
		return w->label && *w->label;
	}
}

const kiosk_widget *kiosk_layout_words_at(const kiosk_layout *l, int x, int y)
{
	const kiosk_widget *t = kiosk_layout_hit(l, x, y);
	if (t)
		return t;
	for (size_t i = l->n; i-- > 0;) {
		const kiosk_widget *w = &l->w[i];
		if (lay_has_words(w) && x >= w->x && x < w->x + w->w &&
		    y >= w->y && y < w->y + w->h)
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

