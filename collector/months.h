/* months: the Trust's calendar. Every month and quarter boundary of the
 * collector (the responses' month key and the response_counts table, page
 * month filters, exports' --month, Quality Board quarters, "this month",
 * year to date) and every time shown on a page is in one IANA time zone,
 * [results] timezone (default Europe/London): a response at 00:30 BST on
 * 1 June counts in June, on SQLite and PostgreSQL alike, because months are
 * worked out here in C (localtime_r/mktime), never by a database's date
 * functions.
 * Owns: the process's TZ. TZ is process-wide, so coll_months_use_zone sets it
 * once at start-up, before any thread starts; nothing else may change it.
 * Promises: coll_months_zone_known reads only the system's zoneinfo
 * ($TZDIR or /usr/share/zoneinfo). */
#ifndef COLL_MONTHS_H
#define COLL_MONTHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "fb_err.h"

#define COLL_MONTHS_ZONE_MAX 64
#define COLL_MONTHS_DEFAULT_ZONE "Europe/London"

/* Whether name is an IANA zone the system's zoneinfo holds (a TZif file,
 * e.g. "Europe/London", "UTC"). When not, why says what is wrong. */
bool coll_months_zone_known(const char *name, char *why, size_t why_size);

/* Sets TZ=name for the whole process (setenv + tzset). Call once at
 * start-up before any thread starts. FB_ERR_INVALID when the zone is not
 * known (then nothing is changed). */
int coll_months_use_zone(const char *name, fb_err *err);

/* The zone coll_months_use_zone set, or "" when it was never called (then the
 * process's own TZ, or /etc/localtime, applies). */
const char *coll_months_zone(void);

/* YYYYMM of the local month holding ms (times before 1970 are taken as
 * 1970-01-01T00:00Z, after 9999 as the end of 9999). */
int coll_months_of(int64_t ms);

/* Start (Unix ms) of local month mon (0..11; overflow either way moves the
 * year) of year: the first instant whose local date is in that month. */
int64_t coll_months_start(int year, int mon);

/* Start of the local month n months after the one holding ms (n may be < 0). */
int64_t coll_months_add(int64_t ms, int n);

/* The local calendar time of ms. */
void coll_months_local(int64_t ms, struct tm *out);

/* Local times for a walk of many rows (an export's three times a response):
 * each UTC day's offset from UTC is looked up once, not per time. Zeroed by
 * coll_months_clock_init; one per walk, not shared between threads. */
#define COLL_MONTHS_CLOCK_DAYS 64
typedef struct coll_months_clock {
	struct {
		int64_t day;      /* UTC day number + 1; 0 = empty */
		int32_t off_s;    /* the zone's offset all that day */
	} days[COLL_MONTHS_CLOCK_DAYS];
} coll_months_clock;
void coll_months_clock_init(coll_months_clock *c);
/* "YYYY-MM-DD HH:MM:SS" of ms in the zone: what strftime of coll_months_local
 * writes, at a fraction of the cost. A day on which the offset changes is
 * worked out time by time, as before. */
void coll_months_clock_format(coll_months_clock *c, int64_t ms, char out[20]);

/* Start and end (exclusive) of the month "YYYY-MM"; FB_ERR_INVALID when
 * month is not that shape or its year is before 2000. */
int coll_months_range(const char *month, int64_t *from_ms, int64_t *to_ms, fb_err *err);
/* "YYYY-MM" of the local month holding ms. */
void coll_months_name(int64_t ms, char out[8]);
/* NHS financial-year quarters, as the Quality Board and its export name
 * them: the year 2026/27 runs from April 2026 to March 2027; Q1 is April to
 * June, Q2 July to September, Q3 October to December, Q4 January to March.
 * A quarter is written "2026-27-Q3" in links and file names, and
 * "Q3 2026/27" for people. */
#define COLL_MONTHS_FYQ_ID 16
/* Start and end (exclusive) of "YYYY-YY-Qn"; FB_ERR_INVALID otherwise. */
int coll_months_fyq_range(const char *quarter, int64_t *from_ms, int64_t *to_ms, fb_err *err);
void coll_months_fyq_id(int64_t ms, char out[COLL_MONTHS_FYQ_ID]);     /* "2026-27-Q3" */
void coll_months_fyq_label(int64_t ms, char out[COLL_MONTHS_FYQ_ID]);  /* "Q3 2026/27" */

/* Half-years of the financial year, as the six-monthly Trust report names
 * them: H1 is April to September (Q1 and Q2), H2 October to March (Q3 and
 * Q4), so a half is two Quality Board quarters. "2026-27-H2" in links and
 * file names, "H2 2026/27" for people. */
int coll_months_fyh_range(const char *half, int64_t *from_ms, int64_t *to_ms, fb_err *err);
void coll_months_fyh_id(int64_t ms, char out[COLL_MONTHS_FYQ_ID]);     /* "2026-27-H2" */
void coll_months_fyh_label(int64_t ms, char out[COLL_MONTHS_FYQ_ID]);  /* "H2 2026/27" */

#endif
