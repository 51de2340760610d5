/* faces: feathered triangle meshes for faces and rounded shapes. See faces.h.
 * Every shape is an opaque core plus a one-pixel band whose alpha falls to
 * zero outside the edge: cheap anti-aliasing on SDL's software renderer. */
#include "faces.h"

#include <math.h>
#include <string.h>

#define FACES_PI 3.14159265358979f
#define FEATHER 0.6f
#define MAX_SEGS 160

void kiosk_mesh_init(kiosk_mesh *m, kiosk_vertex *storage, int cap)
{
	m->v = storage;
	m->cap = cap;
	m->n = 0;
	m->overflow = false;
}

void kiosk_mesh_reset(kiosk_mesh *m)
{
	m->n = 0;
	m->overflow = false;
}

bool kiosk_mesh_full(const kiosk_mesh *m)
{
	return m->overflow;
}

static bool mesh_room(kiosk_mesh *m, int vertices)
{
	if (m->n + vertices > m->cap) {
		m->overflow = true;
		return false;
	}
	return true;
}

static kiosk_vertex vtx(float x, float y, uint32_t rgba, float alpha)
{
	kiosk_vertex v;
	memset(&v, 0, sizeof v);
	v.x = x;
	v.y = y;
	v.r = (uint8_t)(rgba >> 24);
	v.g = (uint8_t)(rgba >> 16);
	v.b = (uint8_t)(rgba >> 8);
	v.a = (uint8_t)((float)(rgba & 0xFF) * alpha);
	return v;
}

static void tri(kiosk_mesh *m, kiosk_vertex a, kiosk_vertex b, kiosk_vertex c)
{
	m->v[m->n++] = a;
	m->v[m->n++] = b;
	m->v[m->n++] = c;
}

/* A quad a-b-c-d (in order round its edge) as two triangles. */
static void quad(kiosk_mesh *m, kiosk_vertex a, kiosk_vertex b, kiosk_vertex c,
		 kiosk_vertex d)
{
	tri(m, a, b, c);
	tri(m, a, c, d);
}

static int segs_for(float r, float sweep)
{
	int n = (int)(r * sweep / 3.0f) + 8;
	return n > MAX_SEGS ? MAX_SEGS : n;
}

/* An annulus sector from r0 to r1 (r0 may be 0), with feathered edges on
 * the sides asked for. */
static void band(kiosk_mesh *m, float cx, float cy, float r0, float r1,
		 float a0, float a1, uint32_t rgba, bool feather_in)
{
	float sweep = a1 - a0;
	int n = segs_for(r1, sweep);
	/* Per segment: core quad (2 tris) + outer feather (2) + inner (2). */
	if (!mesh_room(m, n * 18))
		return;
	float ri = r0 > 0 && feather_in ? r0 + FEATHER / 2 : r0;
	float ro = r1 - FEATHER / 2;
	for (int i = 0; i < n; i++) {
		float t0 = a0 + sweep * (float)i / (float)n;
		float t1 = a0 + sweep * (float)(i + 1) / (float)n;
		float c0 = cosf(t0), s0 = sinf(t0), c1 = cosf(t1), s1 = sinf(t1);
		kiosk_vertex i0 = vtx(cx + ri * c0, cy + ri * s0, rgba, 1);
		kiosk_vertex i1 = vtx(cx + ri * c1, cy + ri * s1, rgba, 1);
		kiosk_vertex o0 = vtx(cx + ro * c0, cy + ro * s0, rgba, 1);
		kiosk_vertex o1 = vtx(cx + ro * c1, cy + ro * s1, rgba, 1);
		if (ri <= 0)
			tri(m, i0, o0, o1);
		else
			quad(m, i0, o0, o1, i1);
		float rf = r1 + FEATHER / 2;
		kiosk_vertex f0 = vtx(cx + rf * c0, cy + rf * s0, rgba, 0);
		kiosk_vertex f1 = vtx(cx + rf * c1, cy + rf * s1, rgba, 0);
		quad(m, o0, f0, f1, o1);
		if (r0 > 0 && feather_in) {
			float rg = r0 - FEATHER / 2;
			kiosk_vertex g0 = vtx(cx + rg * c0, cy + rg * s0, rgba, 0);
			kiosk_vertex g1 = vtx(cx + rg * c1, cy + rg * s1, rgba, 0);
			quad(m, g0, i0, i1, g1);
		}
	}
}

void kiosk_mesh_disc(kiosk_mesh *m, float cx, float cy, float r, uint32_t rgba)
{
	band(m, cx, cy, 0, r, 0, 2 * FACES_PI, rgba, false);
}

void kiosk_mesh_ring(kiosk_mesh *m, float cx, float cy, float r, float width,
		     uint32_t rgba)
{
	band(m, cx, cy, r - width, r, 0, 2 * FACES_PI, rgba, true);
}

void kiosk_mesh_sector(kiosk_mesh *m, float cx, float cy, float r, float a0,
		       float a1, uint32_t rgba)
{
	band(m, cx, cy, 0, r, a0, a1, rgba, false);
}

void kiosk_mesh_ring_sector(kiosk_mesh *m, float cx, float cy, float r,
			    float width, float a0, float a1, uint32_t rgba)
{
	band(m, cx, cy, r - width, r, a0, a1, rgba, true);
}

void kiosk_mesh_arc(kiosk_mesh *m, float cx, float cy, float r, float a0,
		    float a1, float width, uint32_t rgba)
{
	band(m, cx, cy, r - width / 2, r + width / 2, a0, a1, rgba, true);
	kiosk_mesh_disc(m, cx + r * cosf(a0), cy + r * sinf(a0), width / 2, rgba);
	kiosk_mesh_disc(m, cx + r * cosf(a1), cy + r * sinf(a1), width / 2, rgba);
}

void kiosk_mesh_line(kiosk_mesh *m, float x0, float y0, float x1, float y1,
		     float width, uint32_t rgba)
{
	float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
	if (len < 0.01f || !mesh_room(m, 18))
		return;
	float nx = -dy / len, ny = dx / len, h = width / 2 - FEATHER / 2,
	      f = width / 2 + FEATHER / 2;
	kiosk_vertex a = vtx(x0 + nx * h, y0 + ny * h, rgba, 1);
	kiosk_vertex b = vtx(x1 + nx * h, y1 + ny * h, rgba, 1);
	kiosk_vertex c = vtx(x1 - nx * h, y1 - ny * h, rgba, 1);
	kiosk_vertex d = vtx(x0 - nx * h, y0 - ny * h, rgba, 1);
	quad(m, a, b, c, d);
	kiosk_vertex a2 = vtx(x0 + nx * f, y0 + ny * f, rgba, 0);
	kiosk_vertex b2 = vtx(x1 + nx * f, y1 + ny * f, rgba, 0);
	kiosk_vertex c2 = vtx(x1 - nx * f, y1 - ny * f, rgba, 0);
	kiosk_vertex d2 = vtx(x0 - nx * f, y0 - ny * f, rgba, 0);
	quad(m, a2, b2, b, a);
	quad(m, d, c, c2, d2);
	kiosk_mesh_disc(m, x0, y0, width / 2, rgba);
	kiosk_mesh_disc(m, x1, y1, width / 2, rgba);
}

/* The outline of a rounded rectangle at offset d from its edge (d < 0 is
 * inside), as up to 4 * (CORNER + 1) points. */
#define CORNER 10
static int rr_outline(float x, float y, float w, float h, float rad, float d,
		      float *px, float *py)
{
	const float cxs[4] = { x + w - rad, x + rad, x + rad, x + w - rad };
	const float cys[4] = { y + h - rad, y + h - rad, y + rad, y + rad };
	int n = 0;
	for (int c = 0; c < 4; c++)
		for (int i = 0; i <= CORNER; i++) {
			float a = FACES_PI / 2 * ((float)c + (float)i / CORNER);
			px[n] = cxs[c] + (rad + d) * cosf(a);
			py[n] = cys[c] + (rad + d) * sinf(a);
			n++;
		}
	return n;
}

static float rr_clamp_radius(float w, float h, float rad)
{
	float lim = (w < h ? w : h) / 2;
	if (rad > lim)
		rad = lim;
	return rad < 1 ? 1 : rad;
}

void kiosk_mesh_round_rect(kiosk_mesh *m, float x, float y, float w, float h,
			   float radius, uint32_t rgba)
{
	float ix[4 * (CORNER + 1)], iy[4 * (CORNER + 1)];
	float ox[4 * (CORNER + 1)], oy[4 * (CORNER + 1)];
	if (w <= 0 || h <= 0)
		return;
	float rad = rr_clamp_radius(w, h, radius);
	int n = rr_outline(x, y, w, h, rad, -FEATHER / 2, ix, iy);
	rr_outline(x, y, w, h, rad, FEATHER / 2, ox, oy);
	if (!mesh_room(m, n * 9))
		return;
	kiosk_vertex c = vtx(x + w / 2, y + h / 2, rgba, 1);
	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		kiosk_vertex a = vtx(ix[i], iy[i], rgba, 1);
		kiosk_vertex b = vtx(ix[j], iy[j], rgba, 1);
		tri(m, c, a, b);
		quad(m, a, vtx(ox[i], oy[i], rgba, 0), vtx(ox[j], oy[j], rgba, 0), b);
	}
}

void kiosk_mesh_round_frame(kiosk_mesh *m, float x, float y, float w, float h,
			    float radius, float bw, uint32_t rgba)
{
	float p[4][4 * (CORNER + 1)], q[4][4 * (CORNER + 1)];
	if (w <= 0 || h <= 0)
		return;
	float rad = rr_clamp_radius(w, h, radius);
	/* The inner edge follows a smaller radius so the border stays even. */
	const float d[4] = { FEATHER / 2, -FEATHER / 2, -bw + FEATHER / 2,
			     -bw - FEATHER / 2 };
	const float al[4] = { 0, 1, 1, 0 };
	int n = 0;
	for (int k = 0; k < 4; k++)
		n = rr_outline(x, y, w, h, rad, d[k], p[k], q[k]);
	if (!mesh_room(m, n * 18))
		return;
	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		for (int k = 0; k < 3; k++)
			quad(m, vtx(p[k][i], q[k][i], rgba, al[k]),
			     vtx(p[k + 1][i], q[k + 1][i], rgba, al[k + 1]),
			     vtx(p[k + 1][j], q[k + 1][j], rgba, al[k + 1]),
			     vtx(p[k][j], q[k][j], rgba, al[k]));
	}
}

uint32_t kiosk_face_colour(int code)
{
	switch (code) {
	case 1: return 0x78BE20FF;   /* very good: green */
	case 2: return 0xA4D65EFF;   /* good: light green */
	case 3: return 0xFAE100FF;   /* neither: yellow */
	case 4: return 0xFFB81CFF;   /* poor: warm yellow */
	case 5: return 0xE8704FFF;   /* very poor: red-orange */
	default: return 0xD8DDE0FF;  /* don't know: grey */
	}
}

uint32_t kiosk_picture_colour(int picture)
{
	switch (picture) {
	case 1: return kiosk_face_colour(1);     /* yes: Very good's green */
	case 2: return kiosk_face_colour(5);     /* no: Very poor's red-orange */
	default: return kiosk_face_colour(6);    /* not sure: Don't know's grey */
	}
}

void kiosk_picture_mesh(kiosk_mesh *m, int picture, float cx, float cy, float r)
{
	const uint32_t ink = 0x212B32FF;
	float stroke = r * 0.16f;
	if (picture < 1 || picture > 3)
		return;
	kiosk_mesh_disc(m, cx, cy, r, kiosk_picture_colour(picture));
	if (picture == 1) {
		kiosk_mesh_tick(m, cx, cy, r, stroke, ink);
	} else if (picture == 2) {
		float d = r * 0.38f;
		kiosk_mesh_line(m, cx - d, cy - d, cx + d, cy + d, stroke, ink);
		kiosk_mesh_line(m, cx - d, cy + d, cx + d, cy - d, stroke, ink);
	} else {
		kiosk_face_features_mesh(m, 6, cx, cy, r);
	}
}

int kiosk_face_for_agree5(int code)
{
	/* strongly agree (5) is the happiest face; no Don't know. */
	return code >= 1 && code <= 5 ? 6 - code : 3;
}

void kiosk_face_mesh(kiosk_mesh *m, int code, float cx, float cy, float r)
{
	kiosk_mesh_disc(m, cx, cy, r, kiosk_face_colour(code));
	kiosk_face_features_mesh(m, code, cx, cy, r);
}

void kiosk_face_features_mesh(kiosk_mesh *m, int code, float cx, float cy,
			      float r)
{
	const uint32_t ink = 0x212B32FF;
	float stroke = r * 0.09f;
	if (code < 1 || code > 5) {
		/* A question mark: a hook, a stem and a dot. */
		float hr = r * 0.26f;
		float hy = cy - r * 0.22f;
		kiosk_mesh_arc(m, cx, hy, hr, FACES_PI * 1.05f, FACES_PI * 2.45f,
			       stroke * 1.4f, ink);
		float sx = cx + hr * cosf(FACES_PI * 2.45f);
		float sy = hy + hr * sinf(FACES_PI * 2.45f);
		kiosk_mesh_line(m, sx, sy, cx, cy + r * 0.22f, stroke * 1.4f, ink);
		kiosk_mesh_disc(m, cx, cy + r * 0.52f, stroke * 1.0f, ink);
		return;
	}
	float ey = cy - r * 0.22f, ex = r * 0.34f, er = r * 0.1f;
	kiosk_mesh_disc(m, cx - ex, ey, er, ink);
	kiosk_mesh_disc(m, cx + ex, ey, er, ink);
	switch (code) {
	case 1:   /* a wide smile */
		kiosk_mesh_arc(m, cx, cy - r * 0.05f, r * 0.5f, FACES_PI * 0.2f,
			       FACES_PI * 0.8f, stroke, ink);
		break;
	case 2:   /* a small smile */
		kiosk_mesh_arc(m, cx, cy + r * 0.02f, r * 0.42f, FACES_PI * 0.3f,
			       FACES_PI * 0.7f, stroke, ink);
		break;
	case 3:   /* a straight mouth */
		kiosk_mesh_line(m, cx - r * 0.3f, cy + r * 0.38f, cx + r * 0.3f,
				cy + r * 0.38f, stroke, ink);
		break;
	case 4:   /* a small frown */
		kiosk_mesh_arc(m, cx, cy + r * 0.78f, r * 0.42f, FACES_PI * 1.3f,
			       FACES_PI * 1.7f, stroke, ink);
		break;
	default:  /* a deep frown */
		kiosk_mesh_arc(m, cx, cy + r * 0.85f, r * 0.5f, FACES_PI * 1.2f,
			       FACES_PI * 1.8f, stroke, ink);
		break;
	}
}

void kiosk_mesh_tick(kiosk_mesh *m, float cx, float cy, float r, float width,
		     uint32_t rgba)
{
	float x0 = cx - r * 0.42f, y0 = cy + r * 0.02f;
	float x1 = cx - r * 0.12f, y1 = cy + r * 0.32f;
	float x2 = cx + r * 0.45f, y2 = cy - r * 0.3f;
	kiosk_mesh_line(m, x0, y0, x1, y1, width, rgba);
	kiosk_mesh_line(m, x1, y1, x2, y2, width, rgba);
}

void kiosk_mesh_convex(kiosk_mesh *m, const float *xs, const float *ys, int n,
		       uint32_t rgba)
{
	if (n < 3 || n > 16 || !mesh_room(m, n * 9))
		return;
	float cx = 0, cy = 0;
	for (int i = 0; i < n; i++) {
		cx += xs[i];
		cy += ys[i];
	}
	cx /= (float)n;
	cy /= (float)n;
	kiosk_vertex c = vtx(cx, cy, rgba, 1);
	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		float dx = xs[j] - xs[i], dy = ys[j] - ys[i];
		float len = sqrtf(dx * dx + dy * dy);
		if (len < 0.01f)
			continue;
		/* the outward normal: away from the centre */
		float nx = dy / len, ny = -dx / len;
		if (nx * (xs[i] - cx) + ny * (ys[i] - cy) < 0) {
			nx = -nx;
			ny = -ny;
		}
		float h = FEATHER / 2;
		kiosk_vertex a = vtx(xs[i] - nx * h, ys[i] - ny * h, rgba, 1);
		kiosk_vertex b = vtx(xs[j] - nx * h, ys[j] - ny * h, rgba, 1);
		kiosk_vertex a2 = vtx(xs[i] + nx * h, ys[i] + ny * h, rgba, 0);
		kiosk_vertex b2 = vtx(xs[j] + nx * h, ys[j] + ny * h, rgba, 0);
		tri(m, c, a, b);
		quad(m, a, a2, b2, b);
	}
}

void kiosk_mesh_speaker(kiosk_mesh *m, float cx, float cy, float r, bool stop,
			uint32_t rgba)
{
	if (stop) {
		/* the universal stop mark, alone: what a press does now */
		float s = 0.9f * r;
		kiosk_mesh_round_rect(m, cx - s / 2, cy - s / 2, s, s, 0.1f * r,
				      rgba);
		return;
	}
	/* The speaker sits left of centre so speaker and waves balance. */
	float x0 = cx - 0.62f * r, x1 = cx - 0.30f * r, x2 = cx + 0.08f * r;
	float hb = 0.22f * r, hc = 0.56f * r;
	const float bx[4] = { x0, x1, x1, x0 };
	const float by[4] = { cy - hb, cy - hb, cy + hb, cy + hb };
	const float kx[4] = { x1, x2, x2, x1 };
	const float ky[4] = { cy - hb, cy - hc, cy + hc, cy + hb };
	kiosk_mesh_round_rect(m, bx[0], by[0], bx[1] - bx[0], by[2] - by[0],
			      0.06f * r, rgba);
	kiosk_mesh_convex(m, kx, ky, 4, rgba);
	float w = 0.10f * r, a = 0.85f;   /* about 49 degrees either side */
	kiosk_mesh_arc(m, x1, cy, 0.58f * r, -a, a, w, rgba);
	kiosk_mesh_arc(m, x1, cy, 0.86f * r, -a, a, w, rgba);
}
