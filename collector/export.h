/* export: the CSV files teams take away (UTF-8 with a byte-order mark so
 * spreadsheet programs read the accents right).
 * Owns: the column sets: every response; NHS England's monthly FFT return
 * ("1 Very Good" .. "6 Dont Know", "Total Responses", "Prop_Pos", "Prop_Neg",
 * the configured "Mode ..." column); the quarterly Quality Board summary.
 * Promises: summary counts from 1 to suppress_below-1 are written '*' (and so
 * are the proportions made from them); synthetic responses never appear;
 * cells a spreadsheet would run as a formula are quoted harmless. */
#ifndef COLL_EXPORT_H
#define COLL_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "collector_config.h"
#include "store/store.h"

typedef enum export_format {
	EXPORT_RESPONSES,
	EXPORT_FFT_MONTHLY,
	EXPORT_QUALITY_BOARD,
} export_format;

/* "responses" / "fft-monthly" / "quality-board"; -1 when none. */
int export_format_parse(const char *name);

/* Start and end (exclusive) of the month "YYYY-MM" in the Trust's time zone
 * (months.h); FB_ERR_INVALID when month is not that shape. */
int export_month_range(const char *month, int64_t *from_ms, int64_t *to_ms,
		       fb_err *err);
/* "YYYY-MM" of the local month containing ms (months.h). */
void export_month_name(int64_t ms, char out[8]);
/* Start of the local month n months after the one containing ms (n may be <0). */
int64_t export_month_add(int64_t ms, int n);

/* Writes the export of [from, to) for team (NULL = every location) to f. */
int export_write(store *s, const coll_config *cfg, export_format fmt,
		 const char *team, int64_t from_ms, int64_t to_ms, FILE *f,
		 fb_err *err);

/* A count as shown to people: "*" for 1..suppress_below-1, else the number. */
void export_count_text(int64_t n, int suppress_below, char *out, size_t size);
/* True when a count is one export_count_text writes as "*". */
bool export_count_hidden(int64_t n, int suppress_below);
/* True when the share part/total (total > 0) must not be shown: the total or
 * the part is too few (pages and exports alike). */
bool export_share_hidden(int64_t part, int64_t total, int suppress_below);

#endif
