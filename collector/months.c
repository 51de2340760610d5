/* months.c: local months from Unix milliseconds (see months.h). glibc's
 * localtime_r and mktime read TZ, which coll_months_use_zone sets once. */
#include "months.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAST_MS 253402300799999LL   /* 9999-12-31T23:59:59.999Z */
#define DAY_MS (24LL * 3600 * 1000)

static char zone_in_use[COLL_MONTHS_ZONE_MAX];

bool coll_months_zone_known(const char *name, char *why, size_t why_size)
{
	const char *dir = getenv("TZDIR");
	char path[1024];
	unsigned char magic[4] = {0};
	size_t n = name ? strlen(name) : 0;
	bool ok = false;
	FILE *f = NULL;

	if (n == 0 || n >= COLL_MONTHS_ZONE_MAX) {
		snprintf(why, why_size, "expected an IANA time zone name such as Europe/London");
		goto out;
	}
	for (const char *c = name; *c; c++) {
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || strchr("/_+-", *c))) {
			snprintf(why, why_size, "'%s' is not an IANA time zone name (like Europe/London)",
				 name);
			goto out;
		}
	}
	/* no absolute paths or climbing out of the zoneinfo directory; "right/"
	 * zones count leap seconds, which Unix times do not */
	if (name[0] == '/' || strstr(name, "..") || strncmp(name, "right/", 6) == 0) {
		snprintf(why, why_size, "'%s' is not an IANA time zone name (like Europe/London)", name);
		goto out;
	}
	if (!dir || !dir[0])
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f || fread(magic, 1, 4, f) != 4 || memcmp(magic, "TZif", 4) != 0) {
		snprintf(why, why_size,
			 "unknown time zone '%s': %s has no such zone; use an IANA name such as"
			 " Europe/London (install the tzdata package if none are known)", name, dir);
		goto out;
	}
	ok = true;
out:
	if (f)
		fclose(f);
	return ok;
}

int coll_months_use_zone(const char *name, fb_err *err)
{
	char why[300];
	if (!coll_months_zone_known(name, why, sizeof why))
		return fb_err_set(err, FB_ERR_INVALID, "timezone: %s", why);
	if (setenv("TZ", name, 1) != 0)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory setting the time zone");
	tzset();
	snprintf(zone_in_use, sizeof zone_in_use, "%s", name);
	return 0;
}

const char *coll_months_zone(void)
{
	return zone_in_use;
}

void coll_months_local(int64_t ms, struct tm *out)
{
	if (ms > LAST_MS)
		ms = LAST_MS;
	if (ms < 0)
		ms = 0;
	time_t t = (time_t)(ms / 1000);
	if (!localtime_r(&t, out))
		memset(out, 0, sizeof *out);
}

void coll_months_clock_init(coll_months_clock *c)
{
	memset(c, 0, sizeof *c);
}

/* out = "YYYY-MM-DD HH:MM:SS" of a civil time, digits only (no locale). */
static void format_civil(int y, int mon, int d, int h, int min, int sec, char out[20])
{
	int v[6] = {y, mon, d, h, min, sec};
	static const char sep[6] = {'-', '-', ' ', ':', ':', '\0'};
	char *o = out;
	for (int i = 0; i < 6; i++) {
		if (i == 0) {
			*o++ = (char)('0' + v[0] / 1000 % 10);
			*o++ = (char)('0' + v[0] / 100 % 10);
		}
		*o++ = (char)('0' + v[i] / 10 % 10);
		*o++ = (char)('0' + v[i] % 10);
		*o++ = sep[i];
	}
}

void coll_months_clock_format(coll_months_clock *c, int64_t ms, char out[20])
{
	if (ms > LAST_MS)
		ms = LAST_MS;
	if (ms < 0)
		ms = 0;
	int64_t secs = ms / 1000, day = secs / 86400;
	unsigned slot = (unsigned)(day % COLL_MONTHS_CLOCK_DAYS);
	struct tm tm;
	if (c->days[slot].day != day + 1) {
		/* the offset at both ends of the UTC day: equal means all day (a
		 * zone changes its offset at most once a day) */
		struct tm a, b;
		time_t t0 = (time_t)(day * 86400), t1 = t0 + 86399;
		if (!localtime_r(&t0, &a) || !localtime_r(&t1, &b) || a.tm_gmtoff != b.tm_gmtoff) {
			coll_months_local(ms, &tm);
			format_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				     tm.tm_min, tm.tm_sec, out);
			return;
		}
		c->days[slot].day = day + 1;
		c->days[slot].off_s = (int32_t)a.tm_gmtoff;
	}
	/* days since 1970-01-01 to a civil date (H. Hinnant's days_from_civil, inverted) */
	int64_t local = secs + c->days[slot].off_s;
	int64_t z = (local >= 0 ? local : local - 86399) / 86400, sod = local - z * 86400;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)(yoe + era * 400 + (m <= 2));
	format_civil(y, m, d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), out);
}

int coll_months_of(int64_t ms)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	return (tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
}

int64_t coll_months_start(int year, int mon)
{
	struct tm tm;
	year += mon / 12;
	mon %= 12;
	if (mon < 0) {
		mon += 12;
		year--;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;   /* let the zone say whether summer time applies */
	int64_t t = (int64_t)mktime(&tm) * 1000;
	int want = year * 100 + mon + 1;
	if (t <= 0 || t > LAST_MS)
		return t;
	/* A zone whose clocks jump at midnight has no 00:00 on some days;
	 * mktime then lands an hour off. Find the first instant of the month. */
	if (coll_months_of(t) != want || coll_months_of(t - 1) == want) {
		int64_t lo = t - 3 * DAY_MS, hi = t + 3 * DAY_MS;   /* lo before, hi in */
		while (hi - lo > 1000) {
			int64_t mid = lo + (hi - lo) / 2;
			mid -= mid % 1000;
			if (mid <= lo)
				break;
			if (coll_months_of(mid) >= want)
				hi = mid;
			else
				lo = mid;
		}
		t = hi;
	}
	return t;
}

int64_t coll_months_add(int64_t ms, int n)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	return coll_months_start(tm.tm_year + 1900, tm.tm_mon + n);
}

/* ---- names and ranges: "YYYY-MM" and "YYYY-Qn" ------------------------- */

void coll_months_name(int64_t ms, char out[8])
{
	int m = coll_months_of(ms);
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%04d-%02d", (m / 100) % 10000, m % 100);
	memcpy(out, tmp, 7);
	out[7] = '\0';
}

int coll_months_range(const char *month, int64_t *from_ms, int64_t *to_ms, fb_err *err)
{
	int y = 0, m = 0;
	char extra;
	if (!month || strlen(month) != 7 || sscanf(month, "%4d-%2d%c", &y, &m, &extra) != 2 ||
	    y < 2000 || y > 9999 || m < 1 || m > 12)
		return fb_err_set(err, FB_ERR_INVALID, "month '%s': expected YYYY-MM, e.g. 2026-11",
				  month ? month : "");
	*from_ms = coll_months_start(y, m - 1);
	*to_ms = coll_months_start(y, m);
	return 0;
}

/* The financial year (its April's year) and quarter 1..4 holding ms. */
static void fyq_of(int64_t ms, int *fy, int *q)
{
	struct tm tm;
	coll_months_local(ms, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon;   /* 0 = January */
	*fy = m >= 3 ? y : y - 1;
	*q = (m + 9) % 12 / 3 + 1;
}

int coll_months_fyq_range(const char *quarter, int64_t *from_ms, int64_t *to_ms, fb_err *err)
{
	int y = 0, y2 = 0, n = 0;
	char extra;
	if (!quarter || strlen(quarter) != 10 ||
	    sscanf(quarter, "%4d-%2d-Q%1d%c", &y, &y2, &n, &extra) != 3 || n < 1 || n > 4 ||
	    y < 2000 || y > 9998 || y2 != (y + 1) % 100)
		return fb_err_set(err, FB_ERR_INVALID,
				  "quarter '%s': expected a financial-year quarter such as 2026-27-Q3"
				  " (October to December 2026)", quarter ? quarter : "");
	/* Q1 starts in April of y; Q4 in January of y + 1 */
	*from_ms = coll_months_start(y, 3 + (n - 1) * 3);
	*to_ms = coll_months_add(*from_ms, 3);
	return 0;
}

void coll_months_fyq_id(int64_t ms, char out[COLL_MONTHS_FYQ_ID])
{
	int fy, q;
	fyq_of(ms, &fy, &q);
	snprintf(out, COLL_MONTHS_FYQ_ID, "%04d-%02d-Q%d", fy % 10000, (fy + 1) % 100, q);
}

void coll_months_fyq_label(int64_t ms, char out[COLL_MONTHS_FYQ_ID])
{
	int fy, q;
	fyq_of(ms, &fy, &q);
	snprintf(out, COLL_MONTHS_FYQ_ID, "Q%d %04d/%02d", q, fy % 10000, (fy + 1) % 100);
}

int coll_months_fyh_range(const char *half, int64_t *from_ms, int64_t *to_ms, fb_err *err)
{
	int y = 0, y2 = 0, n = 0;
	char extra;
	if (!half || strlen(half) != 10 ||
	    sscanf(half, "%4d-%2d-H%1d%c", &y, &y2, &n, &extra) != 3 || n < 1 || n > 2 ||
	    y < 2000 || y > 9998 || y2 != (y + 1) % 100)
		return fb_err_set(err, FB_ERR_INVALID,
				  "half-year '%s': expected a financial-year half such as 2026-27-H2"
				  " (October 2026 to March 2027)", half ? half : "");
	/* H1 starts in April of y; H2 in October */
	*from_ms = coll_months_start(y, 3 + (n - 1) * 6);
	*to_ms = coll_months_add(*from_ms, 6);
	return 0;
}

void coll_months_fyh_id(int64_t ms, char out[COLL_MONTHS_FYQ_ID])
{
	int fy, q;
	fyq_of(ms, &fy, &q);
	snprintf(out, COLL_MONTHS_FYQ_ID, "%04d-%02d-H%d", fy % 10000, (fy + 1) % 100, q <= 2 ? 1 : 2);
}

void coll_months_fyh_label(int64_t ms, char out[COLL_MONTHS_FYQ_ID])
{
	int fy, q;
	fyq_of(ms, &fy, &q);
	snprintf(out, COLL_MONTHS_FYQ_ID, "H%d %04d/%02d", q <= 2 ? 1 : 2, fy % 10000, (fy + 1) % 100);
}
