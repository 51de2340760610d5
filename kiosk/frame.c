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

uint64_t kiosk_frame_hash(const kiosk_layout *l, const kiosk_paint *p,
			  int w, int h)
{
	uint64_t x = 1469598103934665603ull;
	for (size_t i = 0; i < kiosk_layout_count(l); i++) {
		const kiosk_widget *wd = kiosk_layout_get(l, i);
		int nums[] = { (int)wd->role, wd->x, wd->y, wd->w, wd->h, wd->px,
			       wd->selected, wd->disabled, wd->code, wd->value,
			       wd->text_x, wd->text_y, wd->face_r, (int)wd->align,
			       wd->picture };
		x = frame_hash_str(x, wd->id);
		x = frame_hash_str(x, wd->lines);
		x = frame_hash_bytes(x, nums, sizeof nums);
		for (int k = 0; k < wd->n_bold_runs && wd->bold_runs; k++)
			x = frame_hash_bytes(x, &wd->bold_runs[k],
					     sizeof wd->bold_runs[k]);
	}
	int dim = (int)(p->dim * 32);
	x = frame_hash_str(x, p->focus_id);
	x = frame_hash_str(x, p->pressed_id);
	x = frame_hash_bytes(x, &dim, sizeof dim);
	x = frame_hash_bytes(x, &p->caret, sizeof p->caret);
	x = frame_hash_bytes(x, &p->blank, sizeof p->blank);
	x = frame_hash_bytes(x, &w, sizeof w);
	x = frame_hash_bytes(x, &h, sizeof h);
	return x;
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
