/* coded_csv.c: libcsv fed line by line, so each row's first line is known
 * for the messages; fields gathered per row and checked at its end. */
#include "coded_csv.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features.h"
#include "utf8.h"

#define MAX_COLS (COLL_THEMES_MAX_CATEGORIES + 8)
#define MAX_SHOWN 5

enum { COL_UNKNOWN = -1, COL_COMMENT = -2, COL_QUESTION = -3, COL_SENTIMENT = -4 };

typedef struct reader {
	const coll_themes_framework *fw;
	const char *path;
	coll_themes_coded_set *out;
	int col_role[MAX_COLS];           /* category index or COL_* */
	int n_cols;                       /* of the header */
	bool header_done;
	char *field[MAX_COLS];            /* this row's, malloc'd */
	int n_field;
	bool too_many;
	int row_line;                     /* line the row started on */
	int line;                         /* line being fed */
	int bad;                          /* rows with errors */
	int n_shown;
	bool header_bad;
	char shown[440];
	bool nomem;
} reader;

static void say(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(reader *r, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	char line[400];
	r->bad++;
	if (r->n_shown >= MAX_SHOWN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t k = strlen(r->shown);
	int n = snprintf(line, sizeof line, "%s%s:%d: %s", k ? "\n  " : "", r->path, r->row_line, msg);
	if (n < 0 || k + (size_t)n >= sizeof r->shown)
		return;                       /* counted, not shown: only whole messages */
	memcpy(r->shown + k, line, (size_t)n + 1);
	r->n_shown++;
}

static void on_field(void *s, size_t len, void *ctx)
{
	reader *r = ctx;
	if (r->n_field >= MAX_COLS) {
		r->too_many = true;
		return;
	}
	char *f = malloc(len + 1);
	if (!f) {
		r->nomem = true;
		return;
	}
	memcpy(f, s ? s : "", len);
	f[len] = '\0';
	r->field[r->n_field++] = f;
}

static void header(reader *r)
{
	bool have[MAX_COLS] = {false};
	bool comment = false, question = false, sentiment = false;
	r->n_cols = r->n_field;
	for (int i = 0; i < r->n_field; i++) {
		const char *h = r->field[i];
		int c = coll_themes_category_find(r->fw, h);
		r->col_role[i] = COL_UNKNOWN;
		if (strcmp(h, "comment") == 0 && !comment) {
			r->col_role[i] = COL_COMMENT;
			comment = true;
		} else if (strcmp(h, "question") == 0 && !question) {
			r->col_role[i] = COL_QUESTION;
			question = true;
		} else if (strcmp(h, "sentiment") == 0 && !sentiment) {
			r->col_role[i] = COL_SENTIMENT;
			sentiment = true;
		} else if (c >= 0 && !have[c]) {
			r->col_role[i] = c;
			have[c] = true;
		} else {
			say(r, "column \"%.60s\" is no sub-category code of the framework (or is there"
			    " twice); rename or remove it", h);
		}
	}
	if (r->too_many)
		say(r, "more than %d columns", MAX_COLS);
	if (!comment || !question || !sentiment)
		say(r, "the header needs the columns comment, question and sentiment");
	for (int c = 0; c < r->fw->n_cats; c++)
		if (!have[c]) {
			say(r, "no column for sub-category \"%s\" (%s); add it (0 or 1 a row)",
			    r->fw->cats[c].code, r->fw->cats[c].name);
			break;
		}
}

static void row(reader *r)
{
	coll_themes_coded c = {0};
	const char *text = NULL;
	bool ok = true;
	if (r->n_field == 1 && r->field[0][0] == '\0')
		return;                               /* a blank line */
	if (r->too_many || r->n_field != r->n_cols) {
		say(r, "%d fields where the header has %d; check the quoting of the comment",
		    r->n_field, r->n_cols);
		return;
	}
	if (r->out->n >= COLL_THEMES_CSV_MAX_ROWS) {
		say(r, "more than %d rows; split the file", COLL_THEMES_CSV_MAX_ROWS);
		return;
	}
	for (int i = 0; i < r->n_field && ok; i++) {
		const char *f = r->field[i];
		int role = r->col_role[i];
		if (role == COL_COMMENT) {
			size_t n = strlen(f);
			if (n == 0) {
				say(r, "the comment is empty; remove the row");
				ok = false;
			} else if (n > COLL_THEMES_TEXT_MAX) {
				say(r, "the comment is longer than %d bytes; shorten it", COLL_THEMES_TEXT_MAX);
				ok = false;
			} else if (!fb_utf8_valid(f, n)) {
				say(r, "the comment is not UTF-8; save the file as UTF-8");
				ok = false;
			}
			text = f;
		} else if (role == COL_QUESTION) {
			c.question = coll_themes_question_of(r->fw, f);
			if (c.question == COLL_THEMES_Q_OTHER && strcmp(f, "other") != 0) {
				say(r, "question \"%.40s\" is not good, better, other or a survey question"
				    " id the framework lists", f);
				ok = false;
			}
		} else if (role == COL_SENTIMENT) {
			if (strlen(f) != 1 || f[0] < '1' || f[0] > '5') {
				say(r, "sentiment \"%.20s\" is not 1 (very positive) to 5 (very negative)", f);
				ok = false;
			}
			c.sentiment = f[0] - '0';
		} else if (role >= 0) {
			if (strcmp(f, "0") != 0 && strcmp(f, "1") != 0) {
				say(r, "column %s holds \"%.20s\"; write 0 or 1", r->fw->cats[role].code, f);
				ok = false;
			}
			c.labels[role] = f[0] == '1';
		}
	}
	if (!ok || r->bad)
		return;                               /* nothing kept once any row is bad */
	if (r->out->n == r->out->cap) {
		size_t cap = r->out->cap ? r->out->cap * 2 : 256;
		coll_themes_coded *v = realloc(r->out->v, cap * sizeof *v);
		if (!v) {
			r->nomem = true;
			return;
		}
		r->out->v = v;
		r->out->cap = cap;
	}
	c.text = strdup(text);
	if (!c.text) {
		r->nomem = true;
		return;
	}
	c.line = r->row_line;
	r->out->v[r->out->n++] = c;
}

static void on_row(int term, void *ctx)
{
	reader *r = ctx;
	if (!r->header_done) {
		header(r);
		r->header_done = true;
		r->header_bad = r->bad > 0;
	} else if (!r->nomem && !r->header_bad) {
		row(r);
	}
	for (int i = 0; i < r->n_field; i++)
		free(r->field[i]);
	r->n_field = 0;
	r->too_many = false;
	r->row_line = r->line + 1;
}

void coll_themes_coded_set_free(coll_themes_coded_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i].text);
	free(set->v);
	memset(set, 0, sizeof *set);
}

int coll_themes_csv_read(const coll_themes_framework *fw, const char *path, coll_themes_coded_set *out,
			 fb_err *err)
{
	struct csv_parser p;
	reader r = {.fw = fw, .path = path, .out = out, .row_line = 1};
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
	f = fopen(path, "r");
	if (!f) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to open '%s': %s", path, strerror(errno));
		goto out;
	}
	while ((got = getline(&line, &cap, f)) > 0) {
		r.line++;
		if (r.line == 1 && got >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			memmove(line, line + 3, (size_t)got - 2);   /* a spreadsheet's BOM */
			got -= 3;
		}
		if (csv_parse(&p, line, (size_t)got, on_field, on_row, &r) != (size_t)got) {
			say(&r, "%s (a quote not closed or a stray quote in an unquoted field)",
			    csv_strerror(csv_error(&p)));
			break;
		}
		if (r.nomem)
			break;
	}
	if (ferror(f)) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (r.bad == 0 && csv_fini(&p, on_field, on_row, &r) != 0)
		say(&r, "the file ends inside a quoted comment; close its quote");
	if (r.nomem) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading '%s'", path);
	} else if (!r.header_done) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: empty; the first line names the columns"
				" (comment, question, one per sub-category code, sentiment)", path);
	} else if (r.bad) {
		rc = fb_err_set(err, FB_ERR_INVALID, "%s%s%d thing%s to fix, nothing imported",
				r.shown, r.bad > r.n_shown ? "\n  ...\n  " : "\n  ", r.bad,
				r.bad == 1 ? "" : "s");
	}
out:
	for (int i = 0; i < r.n_field; i++)
		free(r.field[i]);
	csv_free(&p);
	free(line);
	if (f)
		fclose(f);
	if (rc)
		coll_themes_coded_set_free(out);
	return rc;
}
