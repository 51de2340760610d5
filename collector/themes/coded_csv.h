/* coded_csv: a Trust's earlier coding, read from CSV (RFC 4180, by libcsv):
 * a header naming the columns "comment", "question", "sentiment" and one
 * column per sub-category code of the framework (in any order), then one
 * comment a row: its text (UTF-8), the question it answered ("good",
 * "better", "other" or a survey question id such as "do_better"), 0 or 1 per
 * sub-category, and a sentiment 1 (very positive) to 5 (very negative).
 * Owns: checking every row before anything is used, so a file with a bad row
 * is refused whole (nothing half-imported); err names the first bad lines,
 * each with what to fix.
 * Promises: at most COLL_THEMES_CSV_MAX_ROWS rows of at most
 * COLL_THEMES_TEXT_MAX bytes of comment. */
#ifndef COLL_THEMES_CODED_CSV_H
#define COLL_THEMES_CODED_CSV_H

#include <stddef.h>

#include "fb_err.h"
#include "framework.h"

#define COLL_THEMES_CSV_MAX_ROWS 200000

typedef struct coll_themes_coded {
	char *text;                       /* malloc'd */
	coll_themes_question question;
	unsigned char labels[COLL_THEMES_MAX_CATEGORIES];   /* by fw index */
	int sentiment;                    /* 1..5 */
	int line;                         /* where the row starts in the file */
} coll_themes_coded;

typedef struct coll_themes_coded_set {
	coll_themes_coded *v;
	size_t n, cap;
} coll_themes_coded_set;

/* Reads path into out (empty on error). FB_ERR_INVALID lists up to five bad
 * lines ("FILE:LINE: what; fix") and how many more there are; FB_ERR_IO when
 * it cannot be read. */
int coll_themes_csv_read(const coll_themes_framework *fw, const char *path, coll_themes_coded_set *out,
			 fb_err *err);
void coll_themes_coded_set_free(coll_themes_coded_set *set);

#endif
