/* wake: when feedback-syncd's loop should look at the queue again.
 * Owns: an inotify watch on data_dir for writes to the queue's files (a
 * kiosk's commit lands in queue.db-wal), and the loop's nap between looks.
 * Promises: fb_wake_wait never sleeps longer than asked; it returns early
 * when a watched file changed or a signal arrived. Without a watch (no
 * inotify, out of watches, data_dir gone) it simply sleeps, so the caller's
 * poll stays the safety net. Reads nothing on disk; writes nothing. */
#ifndef FB_WAKE_H
#define FB_WAKE_H

#include <stdbool.h>

#include "fb_err.h"

#define FB_WAKE_MAX_NAMES 4

typedef struct fb_wake fb_wake;

typedef enum fb_wake_result {
	FB_WAKE_TIMEOUT = 0,   /* slept the whole time */
	FB_WAKE_CHANGED,       /* a watched file changed (events drained) */
	FB_WAKE_INTERRUPTED,   /* a signal cut the nap short */
	FB_WAKE_LOST,          /* the watch is gone (data_dir removed or
	                        * moved); said once, then it only sleeps */
} fb_wake_result;

/* Watches directory dir for changes to the files in names (plain names,
 * NULL-terminated, at most FB_WAKE_MAX_NAMES, each under 64 bytes; the files
 * need not exist yet). On error *out is NULL and err says why: the caller
 * goes on with fb_wake_wait(NULL, ...), which only sleeps. */
int fb_wake_new(fb_wake **out, const char *dir, const char *const names[],
		fb_err *err);
void fb_wake_free(fb_wake *w);              /* NULL is a no-op */

/* Sleeps at most timeout_ms (<= 0: returns FB_WAKE_TIMEOUT at once), less
 * when a watched file changes or a signal arrives. Changes to other files in
 * dir are read and ignored without ending the nap. w may be NULL. */
fb_wake_result fb_wake_wait(fb_wake *w, long timeout_ms);

/* True while the watch is in place. */
bool fb_wake_watching(const fb_wake *w);

#endif
