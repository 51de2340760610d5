/* export: the CSV files teams take away, made to open well in Excel: UTF-8
 * with a byte-order mark, CRLF rows, every cell under Excel's 32,767
 * characters, formulas made harmless.
 * Owns: the column sets of four files:
 *   responses       one row per response: times in the Trust's time zone as
 *                   "YYYY-MM-DD HH:MM:SS", the rating as code and words, one
 *                   column per question (see COLL_EXPORT_QUESTIONS_MAX);
 *                   contact details only when restricted, in their own columns;
 *   fft-published   the monthly FFT summary as it may be shared: NHS England's
 *                   published column names, every figure from results.h, so
 *                   it matches the pages and hides what they hide;
 *   fft-submission  the monthly return to NHS England: the collection's column
 *                   names and the real counts, never suppressed;
 *   quality-board   the quarter per location, suppressed as the pages are.
 * Promises: synthetic responses never appear; no count from 1 to
 * suppress_below-1 appears in a published or Quality Board file; the
 * responses export holds one row in memory at a time (one walk of the rows
 * into an unlinked working file, written out once the question columns are
 * known), besides a bounded cache of parsed clear answers (doc_cache.h). Reads only, but for one mark: the
 * fft-submission of every location records its ended months' returns as made
 * (store.h returns_made), which retention waits for. */
#ifndef COLL_EXPORT_H
#define COLL_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "collector_config.h"
#include "store/store.h"

/* A cell is cut to this many bytes (always under Excel's 32,767 characters,
 * which count UTF-16 units: never more than bytes) and marked as cut. */
#define COLL_EXPORT_CELL_MAX 32000
/* Question columns of the responses export; answers to any further question
 * ids go, as JSON, in one "Other answers" column. */
#define COLL_EXPORT_QUESTIONS_MAX 100

typedef enum coll_export_format {
	COLL_EXPORT_RESPONSES,
	COLL_EXPORT_FFT_PUBLISHED,
	COLL_EXPORT_FFT_SUBMISSION,
	COLL_EXPORT_QUALITY_BOARD,
} coll_export_format;

/* "responses" / "fft-published" / "fft-submission" / "quality-board"; -1
 * when none. */
int coll_export_format_parse(const char *name);
/* The name coll_export_format_parse reads. */
const char *coll_export_format_name(coll_export_format fmt);

typedef struct coll_export_request {
	coll_export_format format;
	const char *team;           /* that team's locations, or NULL for every one */
	int64_t from_ms, to_ms;     /* [from, to); summaries: whole months */
	bool restricted;            /* responses: with contact details. Only for
				     * people allowed to see them (the caller checks) */
} coll_export_request;

/* Writes the export to f. The submission needs [results] org_code
 * (FB_ERR_INVALID saying so when it is not set). */
int coll_export_run(coll_store *s, const coll_config *cfg, const coll_export_request *rq,
		    FILE *f, fb_err *err);

/* coll_export_run without contact details. */
int coll_export_write(coll_store *s, const coll_config *cfg, coll_export_format fmt,
		      const char *team, int64_t from_ms, int64_t to_ms, FILE *f,
		      fb_err *err);

/* One cell as every export writes it (quoted when needed, a formula made
 * harmless, cut past COLL_EXPORT_CELL_MAX), then "," or, when last, CRLF. */
void coll_export_cell(FILE *f, const char *s, bool last);

/* A count as shown to people: "*" for 1..suppress_below-1, else the number.
 * (Primary suppression only: pages still use it; exports use results.h.) */
void coll_export_count_text(int64_t n, int suppress_below, char *out, size_t size);
/* True when a count is one coll_export_count_text writes as "*". */
bool coll_export_count_hidden(int64_t n, int suppress_below);
/* True when the share part/total (total > 0) must not be shown: the total or
 * the part is too few. */
bool coll_export_share_hidden(int64_t part, int64_t total, int suppress_below);

#endif
