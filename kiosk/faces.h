/* faces: vector geometry for the rating faces and the rounded shapes the
 * kiosk draws (cards, buttons, rings, the thank-you tick). Pure: no SDL.
 * Owns: turning shapes into triangles with a one-pixel feathered edge (so
 * they look smooth on a renderer without anti-aliasing), and each FFT
 * answer's face: colour (green to red, grey for Don't know), eyes, mouth.
 * Promises: never writes past a mesh's cap (shapes that do not fit are
 * dropped whole and kiosk_mesh_full says so); same input, same triangles.
 * kiosk_vertex has SDL_Vertex's layout so the renderer can hand it over. */
#ifndef KIOSK_FACES_H
#define KIOSK_FACES_H

#include <stdbool.h>
#include <stdint.h>

typedef struct kiosk_vertex {
	float x, y;
	uint8_t r, g, b, a;
	float u, v;              /* unused (no texture), zero */
} kiosk_vertex;

/* A list of triangles (three vertices each) in caller-owned storage. */
typedef struct kiosk_mesh {
	kiosk_vertex *v;
	int n, cap;
	bool overflow;           /* a shape did not fit and was left out */
} kiosk_mesh;

void kiosk_mesh_init(kiosk_mesh *m, kiosk_vertex *storage, int cap);
void kiosk_mesh_reset(kiosk_mesh *m);
bool kiosk_mesh_full(const kiosk_mesh *m);

/* Colours are 0xRRGGBBAA. */
void kiosk_mesh_disc(kiosk_mesh *m, float cx, float cy, float r, uint32_t rgba);
void kiosk_mesh_ring(kiosk_mesh *m, float cx, float cy, float r, float width,
		     uint32_t rgba);
/* A stroke along a circle from angle a0 to a1 (radians, y down, 0 = +x),
 * with round ends. */
void kiosk_mesh_arc(kiosk_mesh *m, float cx, float cy, float r, float a0,
		    float a1, float width, uint32_t rgba);
/* A pie slice (a0 to a1) and a slice of a ring r wide, feathered only on
 * their round edges, so they meet straight shapes drawn by others. */
void kiosk_mesh_sector(kiosk_mesh *m, float cx, float cy, float r, float a0,
		       float a1, uint32_t rgba);
void kiosk_mesh_ring_sector(kiosk_mesh *m, float cx, float cy, float r,
			    float width, float a0, float a1, uint32_t rgba);
/* A straight stroke with round ends. */
void kiosk_mesh_line(kiosk_mesh *m, float x0, float y0, float x1, float y1,
		     float width, uint32_t rgba);
void kiosk_mesh_round_rect(kiosk_mesh *m, float x, float y, float w, float h,
			   float radius, uint32_t rgba);
/* The border of a rounded rectangle, bw wide, inside its edge. */
void kiosk_mesh_round_frame(kiosk_mesh *m, float x, float y, float w, float h,
			    float radius, float bw, uint32_t rgba);

/* The face for FFT code 1..6 (Very good .. Don't know) centred at (cx, cy)
 * with radius r. Don't know is a grey face with a question mark. */
void kiosk_face_mesh(kiosk_mesh *m, int code, float cx, float cy, float r);
uint32_t kiosk_face_colour(int code);
/* Only the eyes and mouth (or the question mark): for a renderer that
 * fills the disc itself. */
void kiosk_face_features_mesh(kiosk_mesh *m, int code, float cx, float cy,
			      float r);
/* The face for an agree5 code (1 strongly disagree .. 5 strongly agree). */
int kiosk_face_for_agree5(int code);

/* A convex polygon (points in order round its edge, at most 16), feathered
 * on its outer edges. */
void kiosk_mesh_convex(kiosk_mesh *m, const float *xs, const float *ys, int n,
		       uint32_t rgba);
/* The read-aloud icon in a circle of radius r at (cx, cy): a speaker (box
 * and cone) with two sound waves; when stop is set (reading), a square
 * "stop" mark instead. */
void kiosk_mesh_speaker(kiosk_mesh *m, float cx, float cy, float r, bool stop,
			uint32_t rgba);

/* The picture beside an easy-read choice, in a disc of radius r at
 * (cx, cy), drawn as the faces are (a coloured disc, dark ink):
 * 1 yes, a tick on green; 2 no, a cross on red-orange; 3 not sure, a
 * question mark on grey (Don't know's face). Others: nothing. */
void kiosk_picture_mesh(kiosk_mesh *m, int picture, float cx, float cy, float r);
uint32_t kiosk_picture_colour(int picture);

/* A tick (check mark) inside a circle of radius r at (cx, cy). */
void kiosk_mesh_tick(kiosk_mesh *m, float cx, float cy, float r, float width,
		     uint32_t rgba);

#endif
