/* svg: the charts on the results pages, drawn by the server as inline
 * SVG (no JavaScript, prints as it shows).
 * Owns: chart geometry, colours and the text a screen reader hears.
 * Promises: every label is escaped; a month whose total is suppressed is a
 * gap marked "–", never a point; a month under the target is a triangle,
 * one on or above it a circle (shape, not colour alone); a suppressed answer count has no bar (its
 * length would give the number away). */
#ifndef COLL_SVG_H
#define COLL_SVG_H

#include <stdbool.h>
#include <stdint.h>

#include "html.h"

#define COLL_SVG_TREND_MAX 24
#define COLL_SVG_NO_DATA (-1.0)     /* no responses that month */
#define COLL_SVG_TOO_FEW (-2.0)     /* responses, but too few to show a percentage */

/* % positive per month (0..100, or COLL_SVG_NO_DATA / COLL_SVG_TOO_FEW), n <= COLL_SVG_TREND_MAX,
 * with target_pct drawn as a dashed line labelled "Target N%". */
void coll_svg_trend(coll_html *h, const char *title, const char *const *labels,
		    const double *pct, int n, double target_pct);

/* One horizontal bar per answer; a hidden count (collector/suppress.h) is
 * written '*' with no bar, and the scale is set by the shown bars alone. */
void coll_svg_bars(coll_html *h, const char *title, const char *const *labels,
		   const int64_t *counts, const bool *hidden, int n);

#endif
