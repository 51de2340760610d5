/* suppress: which published figures are hidden, so that nobody can be
 * recognised from the results (NHS England's rule for published FFT data).
 * Owns: nothing but the table it is given; pure, no I/O, no allocation that
 * outlives a call.
 * Promises: primary suppression hides every count from 1 to threshold-1
 * (cells, totals, and the positive and negative counts a percentage would
 * give away); secondary suppression then hides the fewest small figures
 * needed so that no hidden figure can be worked out from the shown ones by
 * sums along rows (a location's six answers and total), columns (the team's
 * count of each answer) and percentages. Zeros are shown, and hidden only
 * when nothing else protects a neighbour.
 *
 * The table is one period (a month, a quarter) of one team: rows are its
 * locations, the six columns the FFT answers (Very good .. Don't know), and
 * the team row their sums. Every page, chart and published export draws from
 * the same suppressed table, so what one shows cannot undo what another
 * hides. */
#ifndef COLL_SUPPRESS_H
#define COLL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COLL_SUP_ANSWERS 6           /* Very good, Good, Neither, Poor, Very poor, Don't know */
#define COLL_SUP_ROWS_MAX 500        /* locations in one team */

/* One row of published figures: six counts, their total, and the shares
 * positive ((1+2) / total) and negative ((4+5) / total). */
typedef struct coll_sup_row {
	int64_t count[COLL_SUP_ANSWERS];
	int64_t total;                   /* filled in by coll_suppress: sum of count */
	bool hide_total;                 /* in: hide the total whatever it is (it
					  * can be worked out from another table) */
	bool count_hidden[COLL_SUP_ANSWERS];
	bool total_hidden;
	bool positive_hidden;            /* % positive not shown */
	bool negative_hidden;            /* % negative not shown */
} coll_sup_row;

typedef struct coll_sup_table {
	coll_sup_row *rows;              /* the locations */
	size_t n_rows;
	coll_sup_row team;               /* the sums, filled in by coll_suppress */
	bool team_shown;                 /* false: only the rows are ever published */
} coll_sup_table;

/* Fills in totals and the team row, then marks what must be hidden.
 * threshold is [results] suppress_below (counts 1..threshold-1 hidden; 1
 * hides nothing). 0, or -1 when n_rows is over COLL_SUP_ROWS_MAX or out of
 * memory (then everything is marked hidden: failing closed). */
int coll_suppress(coll_sup_table *t, int threshold);

#endif
