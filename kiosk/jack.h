/* jack: the tablet's 3.5 mm headphone socket, where the panel reports it.
 * Many sound cards (HDA, most SoC codecs) report a headphone plug as a
 * switch of a Linux input device (SW_HEADPHONE_INSERT), not as a new sound
 * output, so SDL never hears of it; USB and Bluetooth headsets SDL reports
 * itself (SDL_AUDIODEVICEADDED, kiosk/platform_sdl.c).
 * Owns: finding the input devices with that switch (their capability bits,
 * EVIOCGBIT), watching them on a thread of its own, and calling back once
 * per plug-in. A plug already in at start does not count (as SDL's devices
 * at start do not), nor does pulling it out.
 * Setting ([kiosk] headphone_input): "auto" looks through
 * /dev/input/event*, "off" watches nothing, a path watches that device; a
 * FIFO at that path is read as a stream of input events (how the tests
 * plug headphones in). */
#ifndef KIOSK_JACK_H
#define KIOSK_JACK_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/input.h>

#include "fb_err.h"

#define KIOSK_JACK_MAX_DEVICES 8

typedef struct kiosk_jack kiosk_jack;

/* Called on the jack's thread for each plug-in. */
typedef void (*kiosk_jack_fn)(void *ctx);

/* What one input event says: 1 headphones in, 0 out, -1 nothing of ours. */
int kiosk_jack_event(const struct input_event *ev);

/* Opens the devices setting names. *out is NULL (and 0 returned) when
 * there is nothing to watch ("off", or "auto" finding no socket); a path
 * that cannot be read, or is no input device with a headphone switch, is
 * an error naming it. */
int kiosk_jack_open(const char *setting, kiosk_jack **out, fb_err *err);
/* How many devices it watches, and the first one's path (for the log). */
int kiosk_jack_devices(const kiosk_jack *j);
const char *kiosk_jack_path(const kiosk_jack *j);
/* Starts the thread: fn(ctx) on each plug-in. 0, or -1. */
int kiosk_jack_start(kiosk_jack *j, kiosk_jack_fn fn, void *ctx);
/* Stops the thread (within a second) and closes the devices. NULL: no-op. */
void kiosk_jack_free(kiosk_jack *j);

#endif
