/* kiosk_contrast: measures contrast on the kiosk's own screenshots, where
 * its layout dump (--dump-dir) says each widget is. For tests
 * (tests/integration/kiosk_contrast.sh).
 *
 *   kiosk_contrast [--text MIN] [--edge MIN] SHOT.png DUMP.json...
 *
 * Text: in each text's ink box (the dump's "ink") the background is the
 * commonest colour and the text the pixel that differs from it most; their
 * WCAG contrast ratio must be MIN (7, AAA) or more. Edges: a card, button,
 * key, field or round button must stand out from what is around it: at the
 * middle of each side, the pixel on its edge against the pixel 3 px outside,
 * at least MIN (3, WCAG 1.4.11). Faces: the rating faces' outline against
 * their card, at the top and the start side of the disc, the same.
 * Prints one line a failure ("SHOT: id: text 6.48:1 (#005EB8 on #FFFFFF)")
 * and a summary; exits 1 on any failure, 2 when a file cannot be read. */
#include <SDL.h>
#include <SDL_image.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kc_img {
	SDL_Surface *s;         /* ARGB8888 */
	int w, h;
} kc_img;

static uint32_t kc_px(const kc_img *im, int x, int y)
{
	const uint8_t *row = (const uint8_t *)im->s->pixels + (size_t)y * im->s->pitch;
	return ((const uint32_t *)row)[x] & 0xFFFFFFu;
}

static double kc_lin(unsigned c)
{
	double v = c / 255.0;
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance of 0xRRGGBB */
static double kc_lum(uint32_t rgb)
{
	return 0.2126 * kc_lin((rgb >> 16) & 0xFF) + 0.7152 * kc_lin((rgb >> 8) & 0xFF) +
	       0.0722 * kc_lin(rgb & 0xFF);
}

static double kc_ratio(uint32_t a, uint32_t b)
{
	double la = kc_lum(a), lb = kc_lum(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static bool kc_in(const kc_img *im, int x, int y)
{
	return x >= 0 && y >= 0 && x < im->w && y < im->h;
}

/* The commonest colour in the box and the one that stands out from it
 * most. Returns false for an empty box. */
static bool kc_text_colours(const kc_img *im, int x0, int y0, int w, int h,
			    uint32_t *bg, uint32_t *fg)
{
	enum { SLOTS = 4096 };
	static uint32_t key[SLOTS], cnt[SLOTS];
	memset(cnt, 0, sizeof cnt);
	int x1 = x0 + w, y1 = y0 + h, seen = 0;
	if (x0 < 0) x0 = 0;
	if (y0 < 0) y0 = 0;
	if (x1 > im->w) x1 = im->w;
	if (y1 > im->h) y1 = im->h;
	uint32_t best = 0, best_n = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++) {
			uint32_t c = kc_px(im, x, y);
			uint32_t s = (c * 2654435761u) >> 20;
			while (cnt[s] && key[s] != c)
				s = (s + 1) % SLOTS;
			key[s] = c;
			if (++cnt[s] > best_n) {
				best_n = cnt[s];
				best = c;
			}
			seen++;
		}
	if (!seen)
		return false;
	double far = 0;
	*bg = best;
	*fg = best;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++) {
			uint32_t c = kc_px(im, x, y);
			double r = kc_ratio(c, best);
			if (r > far) {
				far = r;
				*fg = c;
			}
		}
	return true;
}

static int kc_int(json_t *arr, size_t i)
{
	return (int)json_integer_value(json_array_get(arr, i));
}

static bool kc_edged(const char *role)
{
	static const char *roles[] = { "answer", "option", "button", "primary",
				       "language", "key", "field", "round" };
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(role, roles[i]) == 0)
			return true;
	return false;
}

/* One screenshot against its dump; returns the failures. */
static int kc_check(const char *shot, const char *dump, double min_text,
		    double min_edge, int *checked)
{
	int bad = 0;
	json_error_t je;
	json_t *root = json_load_file(dump, 0, &je);
	SDL_Surface *raw = IMG_Load(shot);
	kc_img im = { 0 };
	if (!root || !raw) {
		fprintf(stderr, "kiosk_contrast: unable to read %s: %s\n",
			root ? shot : dump, root ? IMG_GetError() : je.text);
		bad = -1;
		goto out;
	}
	im.s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	if (!im.s) {
		bad = -1;
		goto out;
	}
	im.w = im.s->w;
	im.h = im.s->h;
	const char *base = strrchr(shot, '/') ? strrchr(shot, '/') + 1 : shot;
	size_t i;
	json_t *wd;
	json_array_foreach(json_object_get(root, "widgets"), i, wd) {
		const char *id = json_string_value(json_object_get(wd, "id"));
		const char *role = json_string_value(json_object_get(wd, "role"));
		json_t *ink = json_object_get(wd, "ink");
		if (!id || !role)
			continue;
		if (ink && kc_int(ink, 2) > 1 && kc_int(ink, 3) > 1) {
			uint32_t bg, fg;
			if (kc_text_colours(&im, kc_int(ink, 0), kc_int(ink, 1),
					    kc_int(ink, 2), kc_int(ink, 3), &bg, &fg)) {
				double r = kc_ratio(bg, fg);
				(*checked)++;
				if (r < min_text) {
					printf("%s: %s: text %.2f:1 (#%06X on #%06X)\n",
					       base, id, r, fg, bg);
					bad++;
				}
			}
		}
		int x = (int)json_integer_value(json_object_get(wd, "x"));
		int y = (int)json_integer_value(json_object_get(wd, "y"));
		int w = (int)json_integer_value(json_object_get(wd, "w"));
		int h = (int)json_integer_value(json_object_get(wd, "h"));
		if (kc_edged(role) && w > 8 && h > 8) {
			/* middle of each side: on the edge, and 3 px outside */
			int ex[4] = { x + w / 2, x + w / 2, x, x + w - 1 };
			int ey[4] = { y, y + h - 1, y + h / 2, y + h / 2 };
			int ox[4] = { x + w / 2, x + w / 2, x - 3, x + w + 2 };
			int oy[4] = { y - 3, y + h + 2, y + h / 2, y + h / 2 };
			if (strcmp(role, "round") == 0) {   /* a disc */
				ey[0] = y + 1; ey[1] = y + h - 2;
				ex[2] = x + 1; ex[3] = x + w - 2;
			}
			for (int k = 0; k < 4; k++) {
				if (!kc_in(&im, ox[k], oy[k]) || !kc_in(&im, ex[k], ey[k]))
					continue;
				uint32_t e = kc_px(&im, ex[k], ey[k]);
				uint32_t o = kc_px(&im, ox[k], oy[k]);
				double r = kc_ratio(e, o);
				(*checked)++;
				if (r < min_edge) {
					printf("%s: %s: edge %.2f:1 (#%06X against #%06X "
					       "at %d,%d)\n", base, id, r, e, o, ex[k], ey[k]);
					bad++;
					break;
				}
			}
		}
		json_t *face = json_object_get(wd, "face");
		/* the faces, and easy read's pictures beside its choices */
		if (face && (strcmp(role, "answer") == 0 ||
			     json_object_get(wd, "picture"))) {
			int cx = kc_int(face, 0), cy = kc_int(face, 1), fr = kc_int(face, 2);
			/* the outline at the disc's top and start side, against
			 * the card 3 px outside it */
			int px[2] = { cx, cx - fr + 2 }, py[2] = { cy - fr + 2, cy };
			int qx[2] = { cx, cx - fr - 3 }, qy[2] = { cy - fr - 3, cy };
			for (int k = 0; k < 2; k++) {
				if (!kc_in(&im, px[k], py[k]) || !kc_in(&im, qx[k], qy[k]))
					continue;
				uint32_t e = kc_px(&im, px[k], py[k]);
				uint32_t o = kc_px(&im, qx[k], qy[k]);
				double r = kc_ratio(e, o);
				(*checked)++;
				if (r < min_edge) {
					printf("%s: %s: face outline %.2f:1 (#%06X "
					       "against #%06X)\n", base, id, r, e, o);
					bad++;
					break;
				}
			}
		}
	}
out:
	if (im.s)
		SDL_FreeSurface(im.s);
	if (raw)
		SDL_FreeSurface(raw);
	json_decref(root);
	return bad;
}

int main(int argc, char **argv)
{
	double min_text = 7.0, min_edge = 3.0;
	int i = 1, bad = 0, pairs = 0, checked = 0, rc = 0;
	while (i + 1 < argc && argv[i][0] == '-' && argv[i][1] == '-') {
		if (strcmp(argv[i], "--text") == 0)
			min_text = atof(argv[i + 1]);
		else if (strcmp(argv[i], "--edge") == 0)
			min_edge = atof(argv[i + 1]);
		else
			break;
		i += 2;
	}
	if (argc - i < 2 || (argc - i) % 2) {
		fprintf(stderr, "usage: kiosk_contrast [--text MIN] [--edge MIN] "
			"SHOT.png DUMP.json...\n");
		return 2;
	}
	for (; i + 1 < argc; i += 2) {
		int b = kc_check(argv[i], argv[i + 1], min_text, min_edge, &checked);
		if (b < 0) {
			rc = 2;
			goto out;
		}
		bad += b;
		pairs++;
	}
	printf("kiosk_contrast: %d screens, %d measurements, %d below %.1f:1 "
	       "(text) or %.1f:1 (edges, faces)\n", pairs, checked, bad, min_text,
	       min_edge);
	rc = bad ? 1 : 0;
out:
	return rc;
}
