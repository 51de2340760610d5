/* frame: fingerprint and dump of a laid-out screen. See frame.h. */
#include "frame.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static uint64_t frame_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

static uint64_t frame_hash_str(uint64_t h, const char *s)
{
	return frame_hash_bytes(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t frame_widget_hash(uint64_t x, const kiosk_widget *wd)
{
	int nums[] = { (int)wd->role, wd->x, wd->y, wd->w, wd->h, wd->px,
		       wd->selected, wd->disabled, wd->code, wd->value,
		       wd->text_x, wd->text_y, wd->face_r, (int)wd->align,
		       wd->picture };
	x = frame_hash_str(x, wd->id);
	x = frame_hash_str(x, wd->lines);
	x = frame_hash_bytes(x, nums, sizeof nums);
	for (int k = 0; k < wd->n_bold_runs && wd->bold_runs; k++)
		x = frame_hash_bytes(x, &wd->bold_runs[k], sizeof wd->bold_runs[k]);
	return x;
}

/* Everything but the widgets: the paint and the size. */
static uint64_t frame_paint_hash(uint64_t x, const kiosk_paint *p, int w, int h)
{
	int dim = (int)(p->dim * 32);
	x = frame_hash_str(x, p->focus_id);
	x = frame_hash_str(x, p->pressed_id);
	x = frame_hash_bytes(x, &dim, sizeof dim);
	x = frame_hash_bytes(x, &p->caret, sizeof p->caret);
	x = frame_hash_bytes(x, &p->blank, sizeof p->blank);
	x = frame_hash_bytes(x, &p->rtl, sizeof p->rtl);
	x = frame_hash_bytes(x, &w, sizeof w);
	x = frame_hash_bytes(x, &h, sizeof h);
	return x;
}

#define FRAME_HASH_SEED 1469598103934665603ull

uint64_t kiosk_frame_hash(const kiosk_layout *l, const kiosk_paint *p,
			  int w, int h)
{
	uint64_t x = FRAME_HASH_SEED;
	for (size_t i = 0; i < kiosk_layout_count(l); i++)
		x = frame_widget_hash(x, kiosk_layout_get(l, i));
	return frame_paint_hash(x, p, w, h);
}

void kiosk_frame_sig_make(kiosk_frame_sig *sig, const kiosk_layout *l,
			  const kiosk_paint *p, int w, int h)
{
	size_t n = kiosk_layout_count(l);
	if (n > KIOSK_LAYOUT_MAX_WIDGETS)
		n = KIOSK_LAYOUT_MAX_WIDGETS;
	sig->n = n;
	sig->paint = frame_paint_hash(FRAME_HASH_SEED, p, w, h);
	for (size_t i = 0; i < n; i++) {
		const kiosk_widget *wd = kiosk_layout_get(l, i);
		sig->widget[i] = frame_widget_hash(FRAME_HASH_SEED, wd);
		sig->box[i] = (kiosk_frame_box){ wd->x, wd->y, wd->w, wd->h };
	}
}

static void frame_box_add(kiosk_frame_box *u, const kiosk_frame_box *b)
{
	if (b->w <= 0 || b->h <= 0)
		return;
	if (u->w <= 0 || u->h <= 0) {
		*u = *b;
		return;
	}
	int x1 = u->x + u->w > b->x + b->w ? u->x + u->w : b->x + b->w;
	int y1 = u->y + u->h > b->y + b->h ? u->y + u->h : b->y + b->h;
	u->x = u->x < b->x ? u->x : b->x;
	u->y = u->y < b->y ? u->y : b->y;
	u->w = x1 - u->x;
	u->h = y1 - u->y;
}

kiosk_frame_change kiosk_frame_damage(const kiosk_frame_sig *was,
				      const kiosk_frame_sig *now, int margin,
				      int w, int h, kiosk_frame_box *out)
{
	*out = (kiosk_frame_box){ 0, 0, w, h };
	if (was->n == 0 || was->n != now->n || was->paint != now->paint)
		return KIOSK_FRAME_ALL;
	kiosk_frame_box u = { 0, 0, 0, 0 };
	for (size_t i = 0; i < now->n; i++) {
		if (was->widget[i] == now->widget[i])
			continue;
		frame_box_add(&u, &was->box[i]);
		frame_box_add(&u, &now->box[i]);
	}
	if (u.w <= 0 || u.h <= 0) {
		*out = u;
		return KIOSK_FRAME_SAME;
	}
	/* antialiased edges and discs reach a pixel or two past the box */
	u.x -= margin;
	u.y -= margin;
	u.w += 2 * margin;
	u.h += 2 * margin;
	if (u.x < 0) {
		u.w += u.x;
		u.x = 0;
	}
	if (u.y < 0) {
		u.h += u.y;
		u.y = 0;
	}
	if (u.x + u.w > w)
		u.w = w - u.x;
	if (u.y + u.h > h)
		u.h = h - u.y;
	/* more than half the window: as cheap to draw it all */
	if ((int64_t)u.w * u.h * 2 > (int64_t)w * h)
		return KIOSK_FRAME_ALL;
	*out = u;
	return KIOSK_FRAME_PART;
}

/* Where the words sit and whether they all fit: the text box, the ink (the
 * widest line, placed by its alignment, as the text module measures it),
 * cut (words left out, "…" added), the font size; the face or mark. */
static void frame_dump_text(json_t *o, const kiosk_widget *wd)
{
	int bx = wd->x + wd->text_x, by = wd->y + wd->text_y;
	int bh = wd->n_lines * wd->line_h, ix = bx;
	if (wd->align == KIOSK_ALIGN_CENTER)
		ix = bx + (wd->text_w - wd->ink_w) / 2;
	else if (wd->align == KIOSK_ALIGN_END)
		ix = bx + wd->text_w - wd->ink_w;
	json_object_set_new(o, "px", json_integer(wd->px));
	json_object_set_new(o, "bold", json_boolean(wd->bold));
	json_object_set_new(o, "n_lines", json_integer(wd->n_lines));
	json_object_set_new(o, "cut", json_boolean(wd->cut));
	/* the words of each line, and those drawn bold (never what a person
	 * typed: the field has none here) */
	if (wd->n_lines > 0 && wd->role != KIOSK_ROLE_FIELD && wd->lines) {
		json_t *lines = json_array();
		const char *p = wd->lines;
		for (int k = 0; k < wd->n_lines && lines; k++) {
			size_t n = strcspn(p, "\n");
			json_array_append_new(lines, json_stringn(p, n));
			p += n + (p[n] == '\n');
		}
		json_object_set_new(o, "lines", lines);
	}
	if (wd->n_bold_runs > 0 && wd->bold_runs && wd->label) {
		json_t *runs = json_array();
		size_t label_len = strlen(wd->label);
		for (int k = 0; k < wd->n_bold_runs && runs; k++) {
			size_t off = wd->bold_runs[k].off, len = wd->bold_runs[k].len;
			if (off + len <= label_len)
				json_array_append_new(runs, json_stringn(wd->label + off, len));
		}
		json_object_set_new(o, "bold_runs", runs);
	}
	if (wd->n_lines > 0 && wd->role != KIOSK_ROLE_FIELD) {
		json_object_set_new(o, "text", json_pack("[i,i,i,i]", bx, by,
							 wd->text_w, bh));
		json_object_set_new(o, "ink", json_pack("[i,i,i,i]", ix, by,
							wd->ink_w, bh));
	}
	if (wd->face_r > 0)
		json_object_set_new(o, "face", json_pack("[i,i,i]",
							 wd->x + wd->face_x,
							 wd->y + wd->face_y,
							 wd->face_r));
	if (wd->role == KIOSK_ROLE_ANSWER)
		json_object_set_new(o, "code", json_integer(wd->code));
	if (wd->role == KIOSK_ROLE_DOTS) {
		/* page dots: where one is, of how many */
		json_object_set_new(o, "code", json_integer(wd->code));
		json_object_set_new(o, "value", json_integer(wd->value));
	}
	if (strcmp(wd->id, "staff-more") == 0 || strcmp(wd->id, "staff-back") == 0)
		json_object_set_new(o, "value", json_integer(wd->value));   /* the page it leads to */
	if (wd->picture) {
		static const char *const names[] = { "", "yes", "no", "not_sure" };
		json_object_set_new(o, "picture", json_string(
			wd->picture > 0 && wd->picture <= 3 ? names[wd->picture] : "?"));
	}
}

int kiosk_frame_dump(const char *path, const kiosk_layout *l,
		     const char *screen, const char *language, int w, int h)
{
	int rc = 0;
	char tmp[4096];
	json_t *root = json_object(), *arr = json_array();
	json_object_set_new(root, "screen", json_string(screen));
	json_object_set_new(root, "language", json_string(language));
	json_object_set_new(root, "width", json_integer(w));
	json_object_set_new(root, "height", json_integer(h));
	for (size_t i = 0; i < kiosk_layout_count(l); i++) {
		const kiosk_widget *wd = kiosk_layout_get(l, i);
		/* What a person typed is theirs: it goes to the queue sealed,
		 * never into a file in the clear, so the dump leaves it out. */
		const char *label = wd->role == KIOSK_ROLE_FIELD ? "" :
				    wd->label ? wd->label : "";
		json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:b, s:b, s:b}",
				      "id", wd->id, "role", kiosk_role_name(wd->role),
				      "label", label,
				      "x", wd->x, "y", wd->y, "w", wd->w, "h", wd->h,
				      "target", wd->target, "selected", wd->selected,
				      "disabled", wd->disabled);
		if (o)
			frame_dump_text(o, wd);
		if (o)
			json_array_append_new(arr, o);
	}
	json_object_set_new(root, "widgets", arr);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (json_dump_file(root, tmp, JSON_INDENT(1) | JSON_ENSURE_ASCII) != 0 ||
	    rename(tmp, path) != 0) {
		fprintf(stderr, "feedback-kiosk: unable to write layout dump '%s': %s\n",
			path, strerror(errno));
		rc = -1;
	}
	json_decref(root);
	return rc;
}
