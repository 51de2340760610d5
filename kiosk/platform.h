/* platform: the window, the event pump and the sound device, with no SDL
 * type in sight (kiosk/platform_sdl.c is the SDL side; kiosk/render.h draws
 * into the window). Modelled on suckless st's win.h: the kiosk above it
 * asks for events and plays samples; only the file behind it knows SDL.
 * Owns: SDL's video and audio start and stop, the window and its renderer
 * (full screen, or a window for development), turning SDL's touches, mouse
 * buttons, keys and typed text into kiosk_input_event (window pixels), a
 * sound output plugged in after start (KIOSK_IN_HEADPHONES), the
 * events a replay injects, and the one audio device read-aloud plays on
 * (open only while it plays: an open device wakes a thread).
 * Promises: a finger and the left mouse button look the same above the
 * seam (SDL's mouse events made from touches are dropped, so nothing is
 * pressed twice); injected events come back from the pump in the order they
 * were pushed, as real ones would. Nothing on disk. */
#ifndef KIOSK_PLATFORM_H
#define KIOSK_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "input.h"      /* kiosk_input_event */
#include "text.h"

typedef struct kiosk_platform kiosk_platform;

typedef struct kiosk_platform_options {
	bool windowed;      /* a window instead of full screen */
	int width, height;  /* the window's size; 0: 1280x800, or full screen */
} kiosk_platform_options;

/* Starts SDL video, opens the window and its renderer, and points text at
 * it (text is borrowed: free it before kiosk_platform_free, as it owns
 * textures of this renderer). Typed text is switched on. err says what to
 * try when there is no display. */
int kiosk_platform_new(kiosk_platform **out, const kiosk_platform_options *o,
		       kiosk_text *text, fb_err *err);
/* Closes the sound device, the renderer and the window, and stops SDL.
 * NULL is a no-op. */
void kiosk_platform_free(kiosk_platform *p);

/* Makes the window w x h (a replay's `size`) and reads the size back. */
void kiosk_platform_resize(kiosk_platform *p, int w, int h);

/* The drawable size in pixels (kept up to date on KIOSK_IN_RESIZED). */
void kiosk_platform_size(const kiosk_platform *p, int *w, int *h);

/* Whether what was drawn stays in the window from one frame to the next,
 * so a frame may draw only what changed: SDL's software renderer draws
 * into the window's own framebuffer, which does; a GL renderer's back
 * buffer after a swap holds nothing to count on. */
bool kiosk_platform_keeps_frame(const kiosk_platform *p);

/* Waits for one event, at most timeout_ms (< 0: for ever). Returns false
 * when the time ran out. An event the kiosk does not listen to comes back
 * as KIOSK_IN_NONE (true: something happened). */
bool kiosk_platform_wait(kiosk_platform *p, int64_t timeout_ms,
			 kiosk_input_event *ev);
/* The next queued event without waiting; false when there is none. */
bool kiosk_platform_poll(kiosk_platform *p, kiosk_input_event *ev);
/* Sleeps ms of real time (replay's `sleep`). */
void kiosk_platform_delay(int64_t ms);

/* ---- replay: events pushed as the devices would send them ---- */
void kiosk_platform_push_finger(kiosk_platform *p, bool down, int x, int y);
/* Key down (with the space typed, for Space, as SDL does while text input
 * is on) and key up. */
void kiosk_platform_push_key(kiosk_platform *p, kiosk_input_key key);
/* A sound output plugged in (SDL_AUDIODEVICEADDED), as headphones are. */
void kiosk_platform_push_headphones(kiosk_platform *p);
/* Typed text of at most KIOSK_INPUT_TEXT_MAX - 1 bytes, cut by the caller
 * at a character boundary. */
void kiosk_platform_push_text(kiosk_platform *p, const char *s, size_t n);

/* ---- sound ---- */
/* At start: whether any sound device opens (it is closed again at once).
 * Says on stderr why not, and what to check. */
bool kiosk_platform_audio_probe(kiosk_platform *p);

typedef enum kiosk_audio_result {
	KIOSK_AUDIO_PLAYING = 0,
	KIOSK_AUDIO_NO_DEVICE,      /* the device would not open: no sound */
	KIOSK_AUDIO_FAILED,         /* it opened but would not take the samples */
} kiosk_audio_result;
/* Opens the device and plays n mono 16-bit samples at rate (stderr says
 * why not). */
kiosk_audio_result kiosk_platform_audio_play(kiosk_platform *p,
					     const int16_t *samples, size_t n,
					     int rate);
/* Bytes still queued to play (0 when nothing is playing). */
size_t kiosk_platform_audio_queued(const kiosk_platform *p);
/* Stops and closes the device; a no-op when nothing plays. */
void kiosk_platform_audio_stop(kiosk_platform *p);

#endif
