/* replay: a scripted session for feedback-kiosk --replay FILE, parsed here
 * and executed by the app (kiosk/app.c) against a virtual clock.
 * Owns: the script's commands, checked and held in memory (capped at
 * FB_REPLAY_MAX_COMMANDS of at most FB_REPLAY_MAX_LINE bytes each).
 * Promises: a script that loads has only known commands with valid
 * arguments; errors name the file and line ("x.replay:7: ..."). */
#ifndef FB_KIOSK_REPLAY_H
#define FB_KIOSK_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "flow.h"

#define FB_REPLAY_MAX_COMMANDS 10000
#define FB_REPLAY_MAX_LINE 4096
#define FB_REPLAY_MAX_WAIT_MS (24LL * 3600 * 1000)
#define FB_REPLAY_MAX_SLEEP_MS 10000

/* One command a line; '#' starts a comment line; blank lines are skipped.
 *   tap WIDGET_ID         tap the centre of a widget ("next", "answer-1";
 *                         an id is never a bare number)
 *   tap X Y               tap at pixel X Y
 *   press X Y MS          hold at X Y for MS milliseconds (long press)
 *   press WIDGET MS       hold on a widget's centre for MS milliseconds
 *                         (read-aloud 2000: touch and hear)
 *   key NAME              Tab Left Right Up Down Return Space Backspace
 *                         Escape (case-insensitive)
 *   type TEXT             type the rest of the line (UTF-8) as typed text
 *   wait MS               advance the virtual clock by MS
 *   sleep MS              let MS of real time pass (at most 10 s) with the
 *                         virtual clock still: sound plays meanwhile
 *   expect SCREEN         exit 1 unless the current screen is SCREEN
 *   screenshot NAME       save the frame as NAME (letters, digits, - _ .)
 *   size WxH              resize the window (320x240 to 8192x8192): one
 *                         process walks every size; from then on the
 *                         screens' own shots and dumps are named
 *                         WxH-SCREEN (WxH-aplus-SCREEN with larger text)
 *   headphones            a sound output plugged in, as SDL reports one */
typedef enum fb_replay_op {
	FB_REPLAY_TAP_WIDGET,
	FB_REPLAY_TAP_XY,
	FB_REPLAY_PRESS,
	FB_REPLAY_KEY,
	FB_REPLAY_TYPE,
	FB_REPLAY_WAIT,
	FB_REPLAY_SLEEP,
	FB_REPLAY_EXPECT,
	FB_REPLAY_SCREENSHOT,
	FB_REPLAY_SIZE,
	FB_REPLAY_PRESS_WIDGET,
	FB_REPLAY_HEADPHONES,
} fb_replay_op;

typedef enum fb_replay_key {
	FB_KEY_TAB,
	FB_KEY_LEFT,
	FB_KEY_RIGHT,
	FB_KEY_UP,
	FB_KEY_DOWN,
	FB_KEY_RETURN,
	FB_KEY_SPACE,
	FB_KEY_BACKSPACE,
	FB_KEY_ESCAPE,
} fb_replay_key;

typedef struct fb_replay_cmd {
	fb_replay_op op;
	int line;               /* 1-based line in the script */
	char *arg;              /* widget id (TAP_WIDGET, PRESS_WIDGET), TEXT, SCREEN name or NAME;
	                         * NULL for the others; owned by the script */
	int x, y;               /* TAP_XY, PRESS; SIZE: width, height */
	int64_t ms;             /* PRESS, PRESS_WIDGET, WAIT, SLEEP */
	fb_replay_key key;      /* KEY */
	fb_screen screen;       /* EXPECT */
} fb_replay_cmd;

typedef struct fb_replay fb_replay;

/* Reads and parses path. On error *out is NULL and err says
 * "path:LINE: what is wrong". */
int fb_replay_load(const char *path, fb_replay **out, fb_err *err);
/* Parses text; name is used in error messages. */
int fb_replay_parse(const char *text, const char *name, fb_replay **out,
		    fb_err *err);
void fb_replay_free(fb_replay *r);              /* NULL is a no-op */
size_t fb_replay_count(const fb_replay *r);
/* Command i (0-based), or NULL past the end. Valid until fb_replay_free. */
const fb_replay_cmd *fb_replay_get(const fb_replay *r, size_t i);

const char *fb_replay_key_name(fb_replay_key k);   /* "Return" */

#endif
