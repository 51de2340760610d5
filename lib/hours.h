/* hours: a location's opening hours ("Mon-Fri 08:00-18:00; Sat 09:00-12:00"),
 * the one parser both kiosk.conf's [kiosk] opening_hours and the Trust's
 * config (lib/proto_config, "opening_hours") use.
 * Owns: the text syntax, its checks and messages, and the questions "is
 * this local time open" and "when does it next open or close".
 * Promises: pure, no clock and no time zone of its own: local times come in
 * as (weekday, minute) or through a caller's wall-to-local function (the
 * kiosk's is fb_local_time, lib/clock.h). Empty text is always open.
 *
 * Syntax: groups separated by ';', each DAYS TIMES. DAYS is a day (Mon Tue
 * Wed Thu Fri Sat Sun, any case), a range (Mon-Fri, Sat-Mon wraps) or a
 * comma list of those (Mon-Wed,Fri). TIMES is one or more HH:MM-HH:MM
 * separated by ','; 24:00 may end a range. A range that ends at or before
 * it starts runs past midnight into the next day: "Fri 22:00-02:00" is open
 * Friday night until 02:00 on Saturday. Days not named are closed. */
#ifndef FB_HOURS_H
#define FB_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"

#define FB_HOURS_TEXT_MAX 255        /* bytes of the text */
#define FB_HOURS_MAX_SPANS 64        /* day-long pieces after splitting */
#define FB_HOURS_NEVER INT64_MAX     /* fb_hours_next_change_ms: no change */

/* One open span within one day: day 0 Monday .. 6 Sunday, minutes
 * from < to, 0..1440. */
typedef struct fb_hours_span {
	int day, from, to;
} fb_hours_span;

/* n 0: always open. */
typedef struct fb_hours {
	size_t n;
	fb_hours_span spans[FB_HOURS_MAX_SPANS];
} fb_hours;

/* Parses text (NULL or "" or only spaces: always open) into *out. On error
 * *out is always open and err says what is wrong and where, without a
 * capital or full stop: "'Fry' is not a day (Mon Tue Wed Thu Fri Sat Sun)". */
int fb_hours_parse(const char *text, fb_hours *out, fb_err *err);
bool fb_hours_always_open(const fb_hours *h);

/* Open at weekday day (0 Monday .. 6 Sunday), minute 0..1439 of the day. */
bool fb_hours_open_at(const fb_hours *h, int day, int minute);
/* Minutes from (day, minute) until open_at changes, counted in local
 * minutes; -1 when it never changes (always open, or never open). */
int fb_hours_minutes_to_change(const fb_hours *h, int day, int minute);

/* Wall clock (Unix epoch ms) to local weekday (0 Monday) and minute. */
typedef void (*fb_hours_local_fn)(void *ctx, int64_t wall_ms, int *day, int *minute);

bool fb_hours_open_wall(const fb_hours *h, int64_t wall_ms, fb_hours_local_fn local,
			void *ctx);
/* The first wall time after wall_ms (to the minute) at which open_wall
 * differs from what it is at wall_ms, or FB_HOURS_NEVER. Right across
 * daylight-saving changes: local minutes are counted, then checked and
 * searched back through the local function. */
int64_t fb_hours_next_change_ms(const fb_hours *h, int64_t wall_ms, fb_hours_local_fn local,
				void *ctx);

/* The hours as a person reads them, for the staff screen: days with the
 * same times grouped ("Mon–Fri 08:00–18:00; Sat 09:00–12:00", en
 * dashes), overlapping times joined, a range past midnight shown on the
 * day it starts ("Fri 22:00–02:00"). "" when always open (the caller
 * has its own words for that). Never cuts inside a character: a group
 * that does not fit out_size is left out whole, "…" said instead. */
void fb_hours_format(const fb_hours *h, char *out, size_t out_size);

#endif
