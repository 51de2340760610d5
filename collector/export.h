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

typedef enum coll_export_format {
	COLL_EXPORT_RESPONSES,
	COLL_EXPORT_FFT_MONTHLY,
	COLL_EXPORT_QUALITY_BOARD,
} coll_export_format;

/* "responses" / "fft-monthly" / "quality-board"; -1 when none. */
int coll_export_format_parse(const char *name);

/* Writes the export of [from, to) for team (NULL = every location) to f. */
int coll_export_write(coll_store *s, const coll_config *cfg, coll_export_format fmt,
		      const char *team, int64_t from_ms, int64_t to_ms, FILE *f,
		      fb_err *err);

/* A count as shown to people: "*" for 1..suppress_below-1, else the number. */
void coll_export_count_text(int64_t n, int suppress_below, char *out, size_t size);
/* True when a count is one coll_export_count_text writes as "*". */
bool coll_export_count_hidden(int64_t n, int suppress_below);
/* True when the share part/total (total > 0) must not be shown: the total or
 * the part is too few (pages and exports alike). */
bool coll_export_share_hidden(int64_t part, int64_t total, int suppress_below);

#endif
