/* hours: opening hours (see hours.h). The text becomes day-long spans
 * (a range past midnight becomes two); every question is answered from
 * the spans, so the weekly minute a change can happen is always one of
 * their edges. */
#include "hours.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WEEK_MIN (7 * 1440)

static const char *const DAYS[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

bool fb_hours_always_open(const fb_hours *h)
{
	return !h || h->n == 0;
}

/* Reads a day name at *p (three letters, any case). -1 when none. */
static int read_day(const char **p)
{
	for (int d = 0; d < 7; d++) {
		if (strncasecmp(*p, DAYS[d], 3) == 0 && !isalpha((unsigned char)(*p)[3])) {
			*p += 3;
			return d;
		}
	}
	return -1;
}

/* Reads HH:MM at *p into minutes (24:00 only when end). -1 when none. */
static int read_time(const char **p, bool end)
{
	const char *s = *p;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]) ||
	    isdigit((unsigned char)s[5]))
		return -1;
	int hh = (s[0] - '0') * 10 + (s[1] - '0'), mm = (s[3] - '0') * 10 + (s[4] - '0');
	if (mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !end)))
		return -1;
	*p += 5;
	return hh * 60 + mm;
}

static void skip_spaces(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* The word at p for a message: up to the next space, ';' or ','. */
static void word_at(const char *p, char *out, size_t out_size)
{
	size_t n = strcspn(p, " \t;,");
	if (n == 0)
		n = strcspn(p, " \t");
	if (n == 0)
		n = 1;
	if (n > 20)
		n = 20;
	snprintf(out, out_size, "%.*s", (int)n, p);
}

static int add_span(fb_hours *h, int day, int from, int to, fb_err *err)
{
	if (from == to)
		return 0;
	if (h->n >= FB_HOURS_MAX_SPANS)
		return fb_err_set(err, FB_ERR_INVALID, "too many opening times (at most %d "
				  "day-long pieces): join some ranges", FB_HOURS_MAX_SPANS);
	h->spans[h->n].day = day % 7;
	h->spans[h->n].from = from;
	h->spans[h->n].to = to;
	h->n++;
	return 0;
}

/* One group "DAYS TIMES" at *p, up to ';' or the end. */
static int parse_group(const char **p, fb_hours *h, fb_err *err)
{
	bool days[7] = { false };
	char w[24];
	const char *s = *p;

	for (;;) {
		skip_spaces(&s);
		int a = read_day(&s), b;
		if (a < 0) {
			word_at(s, w, sizeof w);
			return fb_err_set(err, FB_ERR_INVALID, "'%s' is not a day: expected Mon Tue "
					  "Wed Thu Fri Sat Sun, as in 'Mon-Fri 08:00-18:00'", w);
		}
		b = a;
		if (*s == '-') {
			s++;
			b = read_day(&s);
			if (b < 0) {
				word_at(s, w, sizeof w);
				return fb_err_set(err, FB_ERR_INVALID, "'%s' is not a day: expected "
						  "a range of days such as Mon-Fri", w);
			}
		}
		for (int d = a;; d = (d + 1) % 7) {
			days[d] = true;
			if (d == b)
				break;
		}
		if (*s != ',')
			break;
		s++;
	}
	if (*s != ' ' && *s != '\t') {
		word_at(s, w, sizeof w);
		return fb_err_set(err, FB_ERR_INVALID, "expected a space and opening times after "
				  "the days, not '%s' (as in 'Sat 09:00-12:00')", w);
	}
	for (;;) {
		skip_spaces(&s);
		const char *at = s;
		int from = read_time(&s, false), to = -1;
		if (from >= 0 && *s == '-') {
			s++;
			to = read_time(&s, true);
		}
		if (from < 0 || to < 0) {
			word_at(at, w, sizeof w);
			return fb_err_set(err, FB_ERR_INVALID, "'%s' is not a time range: expected "
					  "HH:MM-HH:MM on a 24-hour clock, such as 08:00-18:00", w);
		}
		if (from == to)
			return fb_err_set(err, FB_ERR_INVALID, "'%.11s' opens and closes at the "
					  "same time: give the closing time", at);
		for (int d = 0; d < 7; d++) {
			if (!days[d])
				continue;
			int rc = to > from ? add_span(h, d, from, to, err) :
				 add_span(h, d, from, 1440, err);
			if (!rc && to < from)   /* past midnight: into the next day */
				rc = add_span(h, d + 1, 0, to, err);
			if (rc)
				return rc;
		}
		skip_spaces(&s);
		if (*s != ',')
			break;
		s++;
	}
	skip_spaces(&s);
	if (*s != ';' && *s != '\0') {
		word_at(s, w, sizeof w);
		return fb_err_set(err, FB_ERR_INVALID, "unexpected '%s' after the times: separate "
				  "days with ';', as in 'Mon-Fri 08:00-18:00; Sat 09:00-12:00'", w);
	}
	*p = s;
	return 0;
}

int fb_hours_parse(const char *text, fb_hours *out, fb_err *err)
{
	fb_hours h;
	int rc = 0;
	const char *p = text ? text : "";

	memset(&h, 0, sizeof h);
	memset(out, 0, sizeof *out);
	if (strlen(p) > FB_HOURS_TEXT_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID, "opening hours are longer than %d bytes",
				FB_HOURS_TEXT_MAX);
		goto out;
	}
	for (const char *c = p; *c; c++) {
		if ((unsigned char)*c < 0x20 && *c != '\t') {
			rc = fb_err_set(err, FB_ERR_INVALID, "opening hours hold a control character");
			goto out;
		}
	}
	for (;;) {
		skip_spaces(&p);
		if (*p == '\0')
			break;
		if (*p == ';') {
			p++;
			continue;
		}
		rc = parse_group(&p, &h, err);
		if (rc)
			goto out;
	}
	*out = h;
out:
	return rc;
}

bool fb_hours_open_at(const fb_hours *h, int day, int minute)
{
	if (fb_hours_always_open(h))
		return true;
	for (size_t i = 0; i < h->n; i++)
		if (h->spans[i].day == day && h->spans[i].from <= minute && minute < h->spans[i].to)
			return true;
	return false;
}

static bool open_week(const fb_hours *h, int wm)
{
	wm = ((wm % WEEK_MIN) + WEEK_MIN) % WEEK_MIN;
	return fb_hours_open_at(h, wm / 1440, wm % 1440);
}

int fb_hours_minutes_to_change(const fb_hours *h, int day, int minute)
{
	int cur = day * 1440 + minute, best = -1;
	bool now = open_week(h, cur);

	if (fb_hours_always_open(h))
		return -1;
	/* A change happens only at a span's edge. */
	for (size_t i = 0; i < h->n; i++) {
		int edges[2] = { h->spans[i].day * 1440 + h->spans[i].from,
				 h->spans[i].day * 1440 + h->spans[i].to };
		for (int e = 0; e < 2; e++) {
			int dist = ((edges[e] - cur) % WEEK_MIN + WEEK_MIN) % WEEK_MIN;
			if (dist == 0)
				dist = WEEK_MIN;
			if (open_week(h, cur + dist) != now && (best < 0 || dist < best))
				best = dist;
		}
	}
	return best;
}

static bool open_wall(const fb_hours *h, int64_t t, fb_hours_local_fn local, void *ctx)
{
	int day = 0, minute = 0;
	local(ctx, t, &day, &minute);
	return fb_hours_open_at(h, day, minute);
}

bool fb_hours_open_wall(const fb_hours *h, int64_t wall_ms, fb_hours_local_fn local, void *ctx)
{
	if (fb_hours_always_open(h))
		return true;
	return open_wall(h, wall_ms, local, ctx);
}

int64_t fb_hours_next_change_ms(const fb_hours *h, int64_t wall_ms, fb_hours_local_fn local,
				void *ctx)
{
	if (fb_hours_always_open(h))
		return FB_HOURS_NEVER;
	bool now = open_wall(h, wall_ms, local, ctx);
	int64_t t = wall_ms - ((wall_ms % 60000) + 60000) % 60000;

	/* Local minutes ahead is right on most days; across a clock change it
	 * overshoots (spring) or falls short (autumn): short, step again; over,
	 * search back to the first minute that differs. */
	for (int i = 0; i < 16; i++) {
		int day = 0, minute = 0;
		local(ctx, t, &day, &minute);
		int k = fb_hours_minutes_to_change(h, day, minute);
		if (k < 0)
			return FB_HOURS_NEVER;
		int64_t cand = t + (int64_t)k * 60000;
		if (open_wall(h, cand, local, ctx) == now) {
			t = cand;
			continue;
		}
		int64_t lo = t, hi = cand;
		while (hi - lo > 60000) {
			int64_t mid = lo + (hi - lo) / 120000 * 60000;
			if (open_wall(h, mid, local, ctx) != now)
				hi = mid;
			else
				lo = mid;
		}
		return hi;
	}
	return FB_HOURS_NEVER;
}

/* ---- in words --------------------------------------------------------- */

#define EN_DASH "\xe2\x80\x93"
#define HOURS_DAY_TIMES 160     /* one day's times in words */

/* Day d's open minutes as sorted, joined ranges (overlaps and touching
 * pieces merged). Returns how many, at most max. */
static int day_ranges(const fb_hours *h, int d, int from[], int to[], int max)
{
	unsigned char open[1440];
	int n = 0;

	memset(open, 0, sizeof open);
	for (size_t i = 0; i < h->n; i++)
		if (h->spans[i].day == d)
			memset(open + h->spans[i].from, 1,
			       (size_t)(h->spans[i].to - h->spans[i].from));
	for (int m = 0; m < 1440 && n < max;) {
		if (!open[m]) {
			m++;
			continue;
		}
		int a = m;
		while (m < 1440 && open[m])
			m++;
		from[n] = a;
		to[n++] = m;
	}
	return n;
}

static void put_time(char out[16], int minute)
{
	unsigned m = minute < 0 ? 0u : (unsigned)minute % 1441u;
	snprintf(out, 16, "%02u:%02u", m / 60u, m % 60u);
}

void fb_hours_format(const fb_hours *h, char *out, size_t out_size)
{
	int from[7][FB_HOURS_MAX_SPANS], to[7][FB_HOURS_MAX_SPANS], n[7];
	char times[7][HOURS_DAY_TIMES];
	bool done[7] = { false };
	size_t len = 0;

	if (!out || out_size == 0)
		return;
	out[0] = '\0';
	if (fb_hours_always_open(h))
		return;
	for (int d = 0; d < 7; d++)
		n[d] = day_ranges(h, d, from[d], to[d], FB_HOURS_MAX_SPANS);
	/* A range that runs to midnight and on from the next midnight is one
	 * night: said on the day it starts (not for whole days, which would
	 * chain round the week). */
	for (int d = 0; d < 7; d++) {
		int e = (d + 1) % 7;
		if (n[d] > 0 && n[e] > 0 && to[d][n[d] - 1] == 1440 && from[d][n[d] - 1] > 0 &&
		    from[e][0] == 0 && to[e][0] < 1440) {
			to[d][n[d] - 1] = 1440 + to[e][0];
			memmove(from[e], from[e] + 1, sizeof from[e][0] * (size_t)(n[e] - 1));
			memmove(to[e], to[e] + 1, sizeof to[e][0] * (size_t)(n[e] - 1));
			n[e]--;
		}
	}
	for (int d = 0; d < 7; d++) {
		size_t k = 0;
		times[d][0] = '\0';
		for (int i = 0; i < n[d]; i++) {
			char a[16], b[16];
			put_time(a, from[d][i]);
			put_time(b, to[d][i] > 1440 ? to[d][i] - 1440 : to[d][i]);
			int w = snprintf(times[d] + k, sizeof times[d] - k, "%s%s" EN_DASH "%s",
					 i ? ", " : "", a, b);
			if (w < 0 || (size_t)w >= sizeof times[d] - k) {
				times[d][k] = '\0';
				break;
			}
			k += (size_t)w;
		}
	}
	/* Days with the same times, in one group, named as runs of days. */
	for (int d = 0; d < 7; d++) {
		char group[256];
		size_t g = 0;
		if (done[d] || n[d] == 0)
			continue;
		for (int e = d; e < 7;) {
			if (done[e] || n[e] == 0 || strcmp(times[e], times[d]) != 0) {
				e++;
				continue;
			}
			int f = e;
			while (f + 1 < 7 && !done[f + 1] && n[f + 1] > 0 &&
			       strcmp(times[f + 1], times[d]) == 0)
				f++;
			for (int k = e; k <= f; k++)
				done[k] = true;
			int w = f > e ? snprintf(group + g, sizeof group - g, "%s%s" EN_DASH "%s",
						 g ? ", " : "", DAYS[e], DAYS[f]) :
				snprintf(group + g, sizeof group - g, "%s%s", g ? ", " : "", DAYS[e]);
			if (w > 0 && (size_t)w < sizeof group - g)
				g += (size_t)w;
			e = f + 1;
		}
		char piece[sizeof group + HOURS_DAY_TIMES + 4];
		snprintf(piece, sizeof piece, "%s%.255s %.159s", len ? "; " : "", group, times[d]);
		size_t pl = strlen(piece);
		if (len + pl + 1 > out_size) {
			/* no room for this group: say so, whole characters only */
			const char *more = len ? "; \xe2\x80\xa6" : "\xe2\x80\xa6";
			if (len + strlen(more) + 1 <= out_size)
				memcpy(out + len, more, strlen(more) + 1);
			return;
		}
		memcpy(out + len, piece, pl + 1);
		len += pl;
	}
}
