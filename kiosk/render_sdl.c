/* render_sdl: draws a kiosk_layout with SDL2 (see render.h). The only file
 * that draws shapes; text goes through kiosk/text_sdl.c, shapes are
 * kiosk/faces.c meshes handed to SDL_RenderGeometry, and kiosk/platform_sdl.c
 * owns the window (the *_sdl.c files are the kiosk's only SDL users).
 * Colours are the NHS identity's: dark blue band, grey page, white cards,
 * one green action, warm yellow for You said we did, yellow focus. Every
 * text is 7:1 or more against what it is drawn on (WCAG AAA: NHS dark blue
 * #003087, a dark green, dark greys) and every edge a person needs to see
 * (cards, keys, buttons, faces) 3:1 or more (WCAG 1.4.11);
 * tests/integration/kiosk_contrast.sh measures it on the screenshots. */
#include "render.h"

#include <png.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "faces.h"
#include "platform_sdl.h"
#include "text_bidi.h"

#define C_BLUE      0x003087FFu   /* NHS dark blue: 11.9:1 with white */
#define C_PAGE      0xF0F4F5FFu
#define C_WHITE     0xFFFFFFFFu
#define C_TEXT      0x212B32FFu
#define C_SECOND    0x3B4D5AFFu   /* 7.9:1 on the page, 7.4:1 on C_OFF */
#define C_GREEN     0x005A2BFFu   /* 8.4:1 with white */
#define C_GREEN_DK  0x00401EFFu
#define C_EDGE      0x5C6F7CFFu   /* 3.8:1 on the key bed, 4.7:1 on the page */
#define C_KEYBED    0xD8DDE0FFu
#define C_OFF       0xE8EDEEFFu   /* a greyed button */
#define C_SELECTED  0xE8F1F8FFu
#define C_FOCUS     0xFFEB3BFFu
#define C_PRESSED   0x0000001Fu

#define MESH_CAP 60000

_Static_assert(sizeof(kiosk_vertex) == sizeof(SDL_Vertex),
	       "kiosk_vertex must match SDL_Vertex");

typedef struct rs_ctx {
	SDL_Renderer *ren;
	kiosk_text *text;
	const kiosk_paint *paint;
	kiosk_mesh mesh;
	float s;                    /* corner radius scale */
} rs_ctx;

static kiosk_vertex rs_storage[MESH_CAP];

static void rs_flush(rs_ctx *c)
{
	if (c->mesh.n > 0)
		SDL_RenderGeometry(c->ren, NULL, (const SDL_Vertex *)c->mesh.v,
				   c->mesh.n, NULL, 0);
	kiosk_mesh_reset(&c->mesh);
}

static void rs_fill(rs_ctx *c, int x, int y, int w, int h, uint32_t rgba)
{
	if (w <= 0 || h <= 0)
		return;
	rs_flush(c);
	/* Opaque fills copy (memset speed on the software renderer). */
	SDL_SetRenderDrawBlendMode(c->ren, (rgba & 0xFF) == 0xFF ?
				   SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(c->ren, (Uint8)(rgba >> 24), (Uint8)(rgba >> 16),
			       (Uint8)(rgba >> 8), (Uint8)rgba);
	SDL_Rect r = { x, y, w, h };
	SDL_RenderFillRect(c->ren, &r);
	SDL_SetRenderDrawBlendMode(c->ren, SDL_BLENDMODE_BLEND);
}

static void rs_room(rs_ctx *c)
{
	if (c->mesh.n > MESH_CAP - 4000)
		rs_flush(c);
}

#define RS_PI 3.14159265f

/* A rounded rectangle: the straight parts as three rectangles (fast), the
 * corners as feathered quarter discs; nothing overlaps, so translucent
 * colours blend once. */
static void rs_rrect(rs_ctx *c, float xf, float yf, float wf, float hf,
		     float radf, uint32_t rgba)
{
	int x = (int)lroundf(xf), y = (int)lroundf(yf);
	int w = (int)lroundf(xf + wf) - x, h = (int)lroundf(yf + hf) - y;
	int r = (int)lroundf(radf);
	if (w <= 0 || h <= 0)
		return;
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	if (r < 1) {
		rs_fill(c, x, y, w, h, rgba);
		return;
	}
	rs_fill(c, x + r, y, w - 2 * r, h, rgba);
	rs_fill(c, x, y + r, r, h - 2 * r, rgba);
	rs_fill(c, x + w - r, y + r, r, h - 2 * r, rgba);
	rs_room(c);
	float fr = (float)r;
	kiosk_mesh_sector(&c->mesh, (float)(x + r), (float)(y + r), fr, RS_PI,
			  1.5f * RS_PI, rgba);
	kiosk_mesh_sector(&c->mesh, (float)(x + w - r), (float)(y + r), fr,
			  1.5f * RS_PI, 2 * RS_PI, rgba);
	kiosk_mesh_sector(&c->mesh, (float)(x + w - r), (float)(y + h - r), fr,
			  0, 0.5f * RS_PI, rgba);
	kiosk_mesh_sector(&c->mesh, (float)(x + r), (float)(y + h - r), fr,
			  0.5f * RS_PI, RS_PI, rgba);
}

/* The border of a rounded rectangle, bw wide, drawn the same way. */
static void rs_frame(rs_ctx *c, float xf, float yf, float wf, float hf,
		     float radf, float bwf, uint32_t rgba)
{
	int x = (int)lroundf(xf), y = (int)lroundf(yf);
	int w = (int)lroundf(xf + wf) - x, h = (int)lroundf(yf + hf) - y;
	int r = (int)lroundf(radf), bw = (int)lroundf(bwf);
	if (w <= 0 || h <= 0)
		return;
	if (bw < 1)
		bw = 1;
	if (r < bw)
		r = bw;
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	rs_fill(c, x + r, y, w - 2 * r, bw, rgba);
	rs_fill(c, x + r, y + h - bw, w - 2 * r, bw, rgba);
	rs_fill(c, x, y + r, bw, h - 2 * r, rgba);
	rs_fill(c, x + w - bw, y + r, bw, h - 2 * r, rgba);
	rs_room(c);
	float fr = (float)r, fb = (float)bw;
	kiosk_mesh_ring_sector(&c->mesh, (float)(x + r), (float)(y + r), fr, fb,
			       RS_PI, 1.5f * RS_PI, rgba);
	kiosk_mesh_ring_sector(&c->mesh, (float)(x + w - r), (float)(y + r), fr, fb,
			       1.5f * RS_PI, 2 * RS_PI, rgba);
	kiosk_mesh_ring_sector(&c->mesh, (float)(x + w - r), (float)(y + h - r), fr,
			       fb, 0, 0.5f * RS_PI, rgba);
	kiosk_mesh_ring_sector(&c->mesh, (float)(x + r), (float)(y + h - r), fr, fb,
			       0.5f * RS_PI, RS_PI, rgba);
}

/* A large opaque disc: rows of rectangles inside, a feathered ring at the
 * edge (the software renderer fills rectangles far faster than
 * triangles). */
static void rs_disc(rs_ctx *c, float cx, float cy, float r, uint32_t rgba)
{
	SDL_Rect rows[512];
	int n = 0;
	float ri = r - 1.2f;
	if (r < 12 || (rgba & 0xFF) != 0xFF || ri * 2 > 500) {
		rs_room(c);
		kiosk_mesh_disc(&c->mesh, cx, cy, r, rgba);
		return;
	}
	for (int dy = -(int)ri; dy <= (int)ri && n < 512; dy++) {
		float hw = sqrtf(ri * ri - (float)(dy * dy));
		int x0 = (int)lroundf(cx - hw), x1 = (int)lroundf(cx + hw);
		rows[n++] = (SDL_Rect){ x0, (int)lroundf(cy) + dy, x1 - x0, 1 };
	}
	rs_flush(c);
	SDL_SetRenderDrawBlendMode(c->ren, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(c->ren, (Uint8)(rgba >> 24), (Uint8)(rgba >> 16),
			       (Uint8)(rgba >> 8), 0xFF);
	SDL_RenderFillRects(c->ren, rows, n);
	SDL_SetRenderDrawBlendMode(c->ren, SDL_BLENDMODE_BLEND);
	kiosk_mesh_ring(&c->mesh, cx, (float)lroundf(cy), r, 2.4f, rgba);
}

/* The widget's bold runs that fall in the paragraph of src, as offsets
 * into that paragraph (at most max). */
static size_t rs_bold_spans(const kiosk_widget *w, const kiosk_line_src *src,
			    kiosk_text_span *out, size_t max)
{
	size_t n = 0;
	if (w->n_bold_runs <= 0 || !w->bold_runs || !w->label)
		return 0;
	size_t label_len = strlen(w->label);
	if (src->para < w->label || src->para + src->para_len > w->label + label_len)
		return 0;
	size_t p0 = (size_t)(src->para - w->label), p1 = p0 + src->para_len;
	for (int k = 0; k < w->n_bold_runs && n < max; k++) {
		size_t s0 = w->bold_runs[k].off, s1 = s0 + w->bold_runs[k].len;
		if (s1 <= p0 || s0 >= p1)
			continue;
		if (s0 < p0)
			s0 = p0;
		if (s1 > p1)
			s1 = p1;
		out[n++] = (kiosk_text_span){ s0 - p0, s1 - s0 };
	}
	return n;
}

/* The widget's lines, each placed by its alignment, each in the order its
 * whole paragraph gives it (w->line_src). Returns the x where the last
 * line's text ends in its own direction: its right edge for left-to-right
 * text, its left edge for right-to-left (where the caret goes); *end_rtl
 * (may be NULL) says which. */
static int rs_lines(rs_ctx *c, const kiosk_widget *w, uint32_t rgba,
		    bool *end_rtl)
{
	rs_flush(c);
	const char *p = w->lines ? w->lines : "";
	int font_h = kiosk_text_line_height(c->text, w->px);
	int end_x = w->x + w->text_x;
	/* key labels ("?123", "⌫") and "A+" are symbols: left to right */
	bool rtl = c->paint->rtl && w->role != KIOSK_ROLE_KEY &&
		   w->role != KIOSK_ROLE_ROUND;
	bool text_rtl = rtl;
	for (int i = 0; i < w->n_lines && *p; i++) {
		char line[1024];
		size_t n = strcspn(p, "\n");
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		int y = w->y + w->text_y + i * w->line_h + (w->line_h - font_h) / 2;
		int x = w->x + w->text_x, lw;
		const kiosk_line_src *src = w->line_src ? &w->line_src[i] : NULL;
		if (src && src->len == n && memcmp(src->para + src->off, line, n) == 0) {
			kiosk_text_span bs[32];
			size_t n_bs = rs_bold_spans(w, src, bs, sizeof bs / sizeof bs[0]);
			lw = kiosk_text_draw_spans(c->text, src->para, src->para_len,
						   src->off, src->len, bs, n_bs,
						   w->px, w->bold, rtl, rgba, x, y,
						   w->text_w, (int)w->align);
			text_rtl = kiosk_bidi_para_rtl(src->para, src->para_len, rtl);
		} else {   /* cut with "…", or made without the layout's wrap */
			lw = kiosk_text_draw_in(c->text, line, w->px, w->bold, rtl,
						rgba, x, y, w->text_w, (int)w->align);
			text_rtl = kiosk_bidi_para_rtl(line, n, rtl);
		}
		if (lw < 0)
			lw = 0;
		int left = x;
		if (w->align == KIOSK_ALIGN_CENTER)
			left = x + (w->text_w - lw) / 2;
		else if (w->align == KIOSK_ALIGN_END)
			left = x + w->text_w - lw;
		end_x = text_rtl ? left : left + lw;
		p += n;
		if (*p == '\n')
			p++;
	}
	if (end_rtl)
		*end_rtl = text_rtl;
	return end_x;
}

static float rs_radius(const rs_ctx *c, float base)
{
	return base * c->s;
}

static void rs_button(rs_ctx *c, const kiosk_widget *w, bool pressed)
{
	float x = (float)w->x, y = (float)w->y, ww = (float)w->w, hh = (float)w->h;
	float rad = rs_radius(c, 8), sh = 4 * c->s;
	uint32_t text = C_BLUE;
	switch (w->role) {
	case KIOSK_ROLE_PRIMARY:
		if (w->disabled) {
			/* greyed: flat, a grey edge, dark grey words (still
			 * readable: they say what it will do) */
			rs_rrect(c, x, y, ww, hh, rad, C_OFF);
			rs_frame(c, x, y, ww, hh, rad, 2 * c->s, C_EDGE);
			text = C_SECOND;
			break;
		}
		rs_rrect(c, x, y + sh, ww, hh - sh, rad, C_GREEN_DK);
		rs_rrect(c, x, y + (pressed ? sh : 0), ww, hh - sh, rad, C_GREEN);
		text = C_WHITE;
		break;
	case KIOSK_ROLE_KEY: {
		/* an edge all round; a key that is on (Shift) is filled dark
		 * blue with white letters, so on and off differ in more than
		 * a tint */
		float up = pressed ? 3 * c->s : 0, kr = rad * 0.75f;
		rs_rrect(c, x, y + 3 * c->s, ww, hh - 3 * c->s, kr, C_EDGE);
		rs_rrect(c, x, y + up, ww, hh - 3 * c->s, kr,
			 w->selected ? C_BLUE : C_WHITE);
		rs_frame(c, x, y + up, ww, hh - 3 * c->s, kr, SDL_max(1.0f, 1.5f * c->s),
			 w->selected ? C_BLUE : C_EDGE);
		text = w->selected ? C_WHITE : C_TEXT;
		break;
	}
	case KIOSK_ROLE_LANGUAGE:
		rs_rrect(c, x, y, ww, hh, rad, w->selected ? C_SELECTED : C_WHITE);
		rs_frame(c, x, y, ww, hh, rad, w->selected ? 4 * c->s : 2 * c->s,
			 C_BLUE);
		break;
	default:   /* BUTTON: white with a blue outline; filled when on */
		rs_rrect(c, x, y, ww, hh, rad, w->selected ? C_BLUE : C_WHITE);
		rs_frame(c, x, y, ww, hh, rad, 3 * c->s,
			 w->on_dark ? C_WHITE : C_BLUE);
		text = w->selected ? C_WHITE : C_BLUE;
		break;
	}
	if (pressed && (w->role != KIOSK_ROLE_PRIMARY || w->disabled))
		rs_rrect(c, x, y, ww, hh, rad, C_PRESSED);
	int dy = pressed && w->role == KIOSK_ROLE_PRIMARY && !w->disabled ?
		 (int)sh : 0;
	kiosk_widget moved = *w;
	moved.y += dy;
	if (w->role == KIOSK_ROLE_PRIMARY || w->role == KIOSK_ROLE_KEY)
		moved.text_y -= (int)(sh / 2);
	rs_lines(c, &moved, text, NULL);
}

static void rs_answer(rs_ctx *c, const kiosk_widget *w, bool pressed)
{
	float x = (float)w->x, y = (float)w->y, ww = (float)w->w, hh = (float)w->h;
	float rad = rs_radius(c, 10);
	rs_rrect(c, x, y, ww, hh, rad, w->selected ? C_SELECTED : C_WHITE);
	if (w->selected)
		rs_frame(c, x, y, ww, hh, rad, 6 * c->s, C_BLUE);
	else
		rs_frame(c, x, y, ww, hh, rad, 2 * c->s, C_EDGE);
	if (pressed)
		rs_rrect(c, x, y, ww, hh, rad, C_PRESSED);
	float fx = x + (float)w->face_x, fy = y + (float)w->face_y;
	float r = (float)w->face_r;
	if (w->role == KIOSK_ROLE_ANSWER) {
		rs_disc(c, fx, fy, r, kiosk_face_colour(w->code));
		rs_room(c);
		/* a dark outline: the pale faces (yellow, grey) on a white
		 * card are 1.3:1 without it */
		kiosk_mesh_ring(&c->mesh, fx, fy, r, SDL_max(3.0f, 4 * c->s), C_TEXT);
		kiosk_face_features_mesh(&c->mesh, w->code, fx, fy, r);
		if (w->selected) {
			/* a tick badge on the chosen face: not colour alone */
			float br = r * 0.32f + 6 * c->s;
			/* the face's top end corner: top left on a mirrored page */
			float bx = fx + (c->paint->rtl ? -r : r) * 0.75f;
			float by = fy - r * 0.75f;
			kiosk_mesh_disc(&c->mesh, bx, by, br, C_BLUE);
			kiosk_mesh_tick(&c->mesh, bx, by, br, br * 0.28f, C_WHITE);
		}
	} else if (w->picture) {            /* easy read: a picture */
		rs_room(c);
		kiosk_picture_mesh(&c->mesh, w->picture, fx, fy, r);
		kiosk_mesh_ring(&c->mesh, fx, fy, r, SDL_max(3.0f, 4 * c->s), C_TEXT);
		if (w->selected) {
			/* chosen: the tick badge the faces get, not colour alone */
			float br = r * 0.32f + 6 * c->s;
			float bx = fx + (c->paint->rtl ? -r : r) * 0.75f;
			float by = fy - r * 0.75f;
			kiosk_mesh_disc(&c->mesh, bx, by, br, C_BLUE);
			kiosk_mesh_tick(&c->mesh, bx, by, br, br * 0.28f, C_WHITE);
		}
	} else if (w->code == 2) {          /* multiple choice: a box */
		float sz = r * 2;
		if (w->selected) {
			kiosk_mesh_round_rect(&c->mesh, fx - r, fy - r, sz, sz,
					      4 * c->s, C_BLUE);
			kiosk_mesh_tick(&c->mesh, fx, fy, r, r * 0.3f, C_WHITE);
		} else {
			kiosk_mesh_round_frame(&c->mesh, fx - r, fy - r, sz, sz,
					       4 * c->s, 3 * c->s, C_TEXT);
		}
	} else {                            /* single choice: a radio */
		kiosk_mesh_ring(&c->mesh, fx, fy, r, 3 * c->s,
				w->selected ? C_BLUE : C_TEXT);
		if (w->selected)
			kiosk_mesh_disc(&c->mesh, fx, fy, r * 0.55f, C_BLUE);
	}
	rs_lines(c, w, C_TEXT, NULL);
}

static void rs_card(rs_ctx *c, const kiosk_widget *w)
{
	float x = (float)w->x, y = (float)w->y, ww = (float)w->w, hh = (float)w->h;
	float rad = rs_radius(c, 10), bar = 10 * c->s;
	if (bar < 6)
		bar = 6;
	if (w->accent) {
		rs_rrect(c, x, y, ww, hh, rad, w->accent);
		if (c->paint->rtl)
			rs_rrect(c, x, y, ww - bar, hh, rad, C_WHITE);
		else
			rs_rrect(c, x + bar, y, ww - bar, hh, rad, C_WHITE);
		/* square off the inner corners next to the bar */
		float sx = c->paint->rtl ? x + ww - bar - rad : x + bar;
		rs_flush(c);
		rs_fill(c, (int)sx, (int)y, (int)rad + 1, (int)hh, C_WHITE);
	} else {
		rs_rrect(c, x, y, ww, hh, rad, C_WHITE);
	}
}

static void rs_field(rs_ctx *c, const kiosk_widget *w, bool focused)
{
	float x = (float)w->x, y = (float)w->y, ww = (float)w->w, hh = (float)w->h;
	float rad = rs_radius(c, 6);
	rs_rrect(c, x, y, ww, hh, rad, C_WHITE);
	rs_frame(c, x, y, ww, hh, rad, 3 * c->s, C_TEXT);
	kiosk_widget shown = *w;
	int cw = (int)(3 * c->s + 0.5f) | 1, gap = (int)(4 * c->s + 0.5f) + 1;
	if (!w->code && c->paint->caret) {
		/* the caret sits before the hint, on the page's start side */
		shown.text_w -= cw + gap;
		if (!c->paint->rtl)
			shown.text_x += cw + gap;
	}
	if (w->code && c->paint->caret && w->n_lines > 0) {
		/* words against the page's direction (English on an Urdu page)
		 * end on the page's far side: keep the caret's room there */
		const kiosk_line_src *src = w->line_src ?
					    &w->line_src[w->n_lines - 1] : NULL;
		bool text_rtl = src ? kiosk_bidi_para_rtl(src->para, src->para_len,
							  c->paint->rtl)
				    : c->paint->rtl;
		if (text_rtl != c->paint->rtl) {
			shown.text_w -= cw + gap;
			if (!c->paint->rtl)
				shown.text_x += cw + gap;
		}
	}
	bool end_rtl = false;
	int end = rs_lines(c, &shown, w->code ? C_TEXT : C_SECOND, &end_rtl);
	if (c->paint->caret) {
		int font_h = kiosk_text_line_height(c->text, w->px);
		int last = w->code ? (w->n_lines > 0 ? w->n_lines - 1 : 0) : 0;
		int cy = w->y + w->text_y + last * w->line_h +
			 (w->line_h - font_h) / 2;
		/* after the last letter in the text's own direction: right of
		 * English, left of Urdu, never over a letter */
		int cx = w->code ? (end_rtl ? end - gap - cw : end + gap) :
			 (c->paint->rtl ? w->x + w->text_x + w->text_w - cw :
			  w->x + w->text_x);
		rs_fill(c, cx, cy + font_h / 8, cw, font_h * 3 / 4, C_BLUE);
	}
}

static void rs_keybed(rs_ctx *c, const kiosk_layout *l)
{
	int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
	for (size_t i = 0; i < kiosk_layout_count(l); i++) {
		const kiosk_widget *w = kiosk_layout_get(l, i);
		if (w->role != KIOSK_ROLE_KEY)
			continue;
		x0 = SDL_min(x0, w->x);
		y0 = SDL_min(y0, w->y);
		x1 = SDL_max(x1, w->x + w->w);
		y1 = SDL_max(y1, w->y + w->h);
	}
	if (x1 < 0)
		return;
	float m = 8 * c->s;
	rs_rrect(c, (float)x0 - m, (float)y0 - m, (float)(x1 - x0) + 2 * m,
		 (float)(y1 - y0) + 2 * m, rs_radius(c, 8), C_KEYBED);
}

static void rs_focus(rs_ctx *c, const kiosk_widget *w)
{
	float o = 6 * c->s + 2;
	rs_frame(c, (float)w->x - o, (float)w->y - o, (float)w->w + 2 * o,
		 (float)w->h + 2 * o, rs_radius(c, 12), o, C_FOCUS);
	rs_frame(c, (float)w->x - 2, (float)w->y - 2, (float)w->w + 4,
		 (float)w->h + 4, rs_radius(c, 9), 4 * c->s, C_TEXT);
}

static void rs_widget(rs_ctx *c, const kiosk_widget *w)
{
	bool pressed = c->paint->pressed_id && w->target &&
		       strcmp(c->paint->pressed_id, w->id) == 0;
	bool focused = c->paint->focus_id && strcmp(c->paint->focus_id, w->id) == 0;
	switch (w->role) {
	case KIOSK_ROLE_HEADER:
		rs_fill(c, w->x, w->y, w->w, w->h, C_BLUE);
		rs_lines(c, w, C_WHITE, NULL);
		break;
	case KIOSK_ROLE_TITLE:
	case KIOSK_ROLE_TEXT:
		rs_lines(c, w, w->on_dark ? C_WHITE : C_TEXT, NULL);
		break;
	case KIOSK_ROLE_HINT:
		if (w->on_dark && w->selected) {
			/* a marker on the band (touch and hear is on): a white
			 * pill with dark words, seen at a glance */
			rs_rrect(c, (float)w->x, (float)w->y, (float)w->w,
				 (float)w->h, (float)w->h / 2, C_WHITE);
			rs_lines(c, w, C_TEXT, NULL);
			break;
		}
		rs_lines(c, w, w->on_dark ? 0xE8F1F8FFu : C_SECOND, NULL);
		break;
	case KIOSK_ROLE_CARD:
		rs_card(c, w);
		break;
	case KIOSK_ROLE_PRIMARY:
	case KIOSK_ROLE_BUTTON:
	case KIOSK_ROLE_LANGUAGE:
	case KIOSK_ROLE_KEY:
		rs_button(c, w, pressed);
		break;
	case KIOSK_ROLE_ROUND: {
		/* white on the band; inverted (with a white ring) when on */
		float r = (float)w->w / 2, cx = (float)w->x + r, cy = (float)w->y + r;
		rs_disc(c, cx, cy, r, C_WHITE);
		if (w->selected) {
			rs_disc(c, cx, cy, r - SDL_max(4.0f, 5 * c->s), C_BLUE);
		}
		if (pressed) {
			rs_room(c);
			kiosk_mesh_disc(&c->mesh, cx, cy, r, C_PRESSED);
		}
		if (w->code == KIOSK_ROUND_SPEAKER) {
			/* reading: the disc inverts and the speaker becomes a
			 * stop square (shape as well as colour) */
			rs_room(c);
			kiosk_mesh_speaker(&c->mesh, cx, cy, r * 0.72f, w->selected,
					   w->selected ? C_WHITE : C_BLUE);
			break;
		}
		rs_lines(c, w, w->selected ? C_WHITE : C_BLUE, NULL);
		break;
	}
	case KIOSK_ROLE_ANSWER:
	case KIOSK_ROLE_OPTION:
		rs_answer(c, w, pressed);
		break;
	case KIOSK_ROLE_FIELD:
		rs_field(c, w, focused);
		break;
	case KIOSK_ROLE_DOTS: {
		float r = (float)w->h / 2;
		for (int i = 0; i < w->value && i < 64; i++) {
			float cx = (float)w->x + r + (float)i * r * 3.2f;
			if (c->paint->rtl)
				cx = (float)(w->x + w->w) - r - (float)i * r * 3.2f;
			kiosk_mesh_disc(&c->mesh, cx, (float)w->y + r, r,
					i == w->code ? C_BLUE : C_EDGE);
		}
		break;
	}
	case KIOSK_ROLE_PIN: {
		int n = w->code > 4 ? w->code : 4;
		float r = (float)w->h / 2, step = r * 3.2f;
		float x0 = (float)w->x + ((float)w->w - step * (float)(n - 1)) / 2;
		if (w->align == KIOSK_ALIGN_START)
			x0 = (float)w->x + r;
		else if (w->align == KIOSK_ALIGN_END)
			x0 = (float)(w->x + w->w) - r - step * (float)(n - 1);
		for (int i = 0; i < n && i < 32; i++) {
			if (i < w->code)
				kiosk_mesh_disc(&c->mesh, x0 + step * (float)i,
						(float)w->y + r, r, C_TEXT);
			else
				kiosk_mesh_ring(&c->mesh, x0 + step * (float)i,
						(float)w->y + r, r, 3 * c->s,
						C_SECOND);
		}
		break;
	}
	case KIOSK_ROLE_TICK: {
		float r = (float)w->w / 2;
		rs_disc(c, (float)w->x + r, (float)w->y + r, r, C_GREEN);
		kiosk_mesh_tick(&c->mesh, (float)w->x + r, (float)w->y + r, r,
				r * 0.16f, C_WHITE);
		break;
	}
	default:
		break;
	}
}

void kiosk_render_frame(kiosk_platform *pf, kiosk_text *text,
			const kiosk_layout *l, const kiosk_paint *p)
{
	SDL_Renderer *ren = kiosk_platform_sdl_renderer(pf);
	int w = 0, h = 0;
	kiosk_platform_size(pf, &w, &h);
	rs_ctx c = { .ren = ren, .text = text, .paint = p };
	float big = (float)(w > h ? w : h), little = (float)(w > h ? h : w);
	c.s = SDL_min(big / 1280.0f, little / 800.0f);
	if (c.s < 0.6f)
		c.s = 0.6f;
	kiosk_mesh_init(&c.mesh, rs_storage, MESH_CAP);
	SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
	if (p->blank) {
		SDL_SetRenderDrawColor(ren, 0, 0, 0, 0xFF);
		SDL_RenderClear(ren);
		return;
	}
	if (p->clip_w > 0 && p->clip_h > 0) {
		/* Only the part that changed, everything in it drawn again in
		 * order (the same pixels a whole frame would have there): a
		 * new "You said" item is a card's worth of pixels, not the
		 * screen's. SDL_RenderClear ignores the clip: a fill instead. */
		SDL_Rect r = { p->clip_x, p->clip_y, p->clip_w, p->clip_h };
		SDL_RenderSetClipRect(ren, &r);
		rs_fill(&c, r.x, r.y, r.w, r.h, C_PAGE);
	} else {
		SDL_SetRenderDrawColor(ren, 0xF0, 0xF4, 0xF5, 0xFF);
		SDL_RenderClear(ren);
	}
	bool bed = false;
	const kiosk_widget *focus = NULL;
	for (size_t i = 0; i < kiosk_layout_count(l); i++) {
		const kiosk_widget *wd = kiosk_layout_get(l, i);
		if (wd->role == KIOSK_ROLE_KEY && !bed) {
			rs_keybed(&c, l);
			bed = true;
		}
		rs_widget(&c, wd);
		if (p->focus_id && strcmp(p->focus_id, wd->id) == 0)
			focus = wd;
	}
	if (focus)
		rs_focus(&c, focus);
	rs_flush(&c);
	if (p->dim > 0.01f) {
		int a = (int)(p->dim * 0.12f * 255.0f);   /* gentle */
		rs_fill(&c, 0, 0, w, h, (uint32_t)(a > 255 ? 255 : a));
	}
	if (p->clip_w > 0)
		SDL_RenderSetClipRect(ren, NULL);
}

void kiosk_render_present(kiosk_platform *pf)
{
	SDL_RenderPresent(kiosk_platform_sdl_renderer(pf));
}

int kiosk_render_save_png(kiosk_platform *pf, const char *path, fb_err *err)
{
	SDL_Renderer *ren = kiosk_platform_sdl_renderer(pf);
	int rc = 0, w = 0, h = 0;
	char tmp[4096];
	SDL_Surface *s = NULL;
	if (SDL_GetRendererOutputSize(ren, &w, &h) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read the frame size: %s",
				SDL_GetError());
		goto out;
	}
	s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s || SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888,
				       s->pixels, s->pitch) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read the frame: %s",
				SDL_GetError());
		goto out;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	/* libpng's own simple API, not SDL_image's IMG_SavePNG: FreeType maps
	 * libpng already, and SDL_image would bring its TIFF, JPEG and WebP
	 * decoders (and libstdc++) into every kiosk for the screenshots of
	 * tests. ARGB8888 is B, G, R, A in memory on little-endian machines;
	 * SDL_PIXELFORMAT_BGRA32 names that order on either. */
	png_image img = { .version = PNG_IMAGE_VERSION, .width = (png_uint_32)w,
			  .height = (png_uint_32)h, .format = PNG_FORMAT_BGRA };
	if (SDL_PIXELFORMAT_BGRA32 != SDL_PIXELFORMAT_ARGB8888)
		img.format = PNG_FORMAT_ARGB;
	if (!png_image_write_to_file(&img, tmp, 0, s->pixels, s->pitch, NULL)) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to write screenshot '%s': %s "
				"(check --screenshot-dir exists and is writable)",
				tmp, img.message);
		png_image_free(&img);
		goto out;
	}
	if (rename(tmp, path) != 0)
		rc = fb_err_set(err, FB_ERR_IO, "unable to rename '%s' to '%s': %s",
				tmp, path, strerror(errno));
out:
	if (s)
		SDL_FreeSurface(s);
	return rc;
}
