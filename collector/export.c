/* export.c: the four CSV files (see export.h). Cells go through put_cell,
 * which caps, quotes and defuses them; summaries read their figures from
 * results.h (published, Quality Board) or from the store's counts
 * (submission); the responses export walks the rows once, into a working
 * file, and writes them out once the question columns are known. */
#include "export.h"


#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "doc_cache.h"
#include "months.h"
#include "results.h"
#include "utf8.h"

static const char *const format_names[] = {"responses", "fft-published", "fft-submission",
					   "quality-board"};

int coll_export_format_parse(const char *name)
{
	for (int i = 0; name && i < 4; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

const char *coll_export_format_name(coll_export_format fmt)
{
	return (unsigned)fmt < 4 ? format_names[fmt] : "";
}

bool coll_export_count_hidden(int64_t n, int suppress_below)
{
	return n > 0 && n < suppress_below;
}

bool coll_export_share_hidden(int64_t part, int64_t total, int suppress_below)
{
	return total < suppress_below || coll_export_count_hidden(part, suppress_below);
}

void coll_export_count_text(int64_t n, int suppress_below, char *out, size_t size)
{
	if (coll_export_count_hidden(n, suppress_below))
		snprintf(out, size, "*");
	else
		snprintf(out, size, "%lld", (long long)n);
}

/* ---- cells ------------------------------------------------------------------ */

/* A CSV cell of n bytes: quoted when needed; text a spreadsheet would run as
 * a formula (= + - @ tab CR first) gets a leading apostrophe (OWASP's advice
 * for CSV injection); past COLL_EXPORT_CELL_MAX it is cut on a character
 * boundary and says so. */
static void put_text(FILE *f, const char *s, size_t n)
{
	bool cut = n > COLL_EXPORT_CELL_MAX;
	size_t keep = cut ? fb_utf8_cut(s, n, COLL_EXPORT_CELL_MAX) : n;
	bool formula = n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	bool quote = formula || cut;
	for (size_t i = 0; !quote && i < keep; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote) {
		fwrite(s, 1, keep, f);
	} else {
		fputc('"', f);
		if (formula)
			fputc('\'', f);
		for (size_t i = 0; i < keep; i++) {
			if (s[i] == '"')
				fputc('"', f);
			fputc(s[i], f);
		}
		if (cut)
			fprintf(f, " [cut: first %zu of %zu characters]", fb_utf8_count(s, keep),
				fb_utf8_count(s, n));
		fputc('"', f);
	}
}

static void put_cell_n(FILE *f, const char *s, size_t n, bool last)
{
	put_text(f, s, n);
	fputs(last ? "\r\n" : ",", f);
}

static void put_cell(FILE *f, const char *s, bool last)
{
	put_cell_n(f, s ? s : "", s ? strlen(s) : 0, last);
}

void coll_export_cell(FILE *f, const char *s, bool last)
{
	put_cell(f, s, last);
}

static void put_int(FILE *f, int64_t n, bool last)
{
	char d[24], *o = d + sizeof d;      /* digits from the right: no printf per cell */
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	do {
		*--o = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		*--o = '-';
	fwrite(o, 1, (size_t)(d + sizeof d - o), f);
	fputs(last ? "\r\n" : ",", f);
}

/* A time as Excel reads a date: "2026-11-15 12:00:00" in the Trust's zone. */
static void put_time(FILE *f, coll_months_clock *clock, int64_t ms, bool last)
{
	char t[20];
	coll_months_clock_format(clock, ms, t);
	fwrite(t, 1, sizeof t - 1, f);
	fputs(last ? "\r\n" : ",", f);
}

/* ---- responses -------------------------------------------------------------- */

static const char *const fft_words[7] = {"Not answered", "Very good", "Good",
					 "Neither good nor poor", "Poor", "Very poor",
					 "Don't know"};
static const char *const flag_words[] = {"partial", "rapid_repeat", "synthetic"};

/* Where a question column's answers are: the clear answers, the free text,
 * or the free text's contact details (question ids starting "contact", the
 * rule the pages use too). Columns are in this order, then by the shipped
 * surveys' order (below), then by id. */
enum { SRC_TEXT, SRC_CLEAR, SRC_CONTACT };
static const char *const known_order[] = {
	"what_was_good", "do_better", "liked", "better",             /* comments */
	"age", "gender", "ethnicity", "disability", "who",           /* about you */
	"contact_opt_in", "contact_name", "contact_details",
};
#define QID_MAX 64

typedef struct qcol {
	char id[QID_MAX];
	int src;
	int rank;
} qcol;

typedef struct resp_ctx {
	FILE *f;
	bool restricted;
	qcol cols[COLL_EXPORT_QUESTIONS_MAX];
	size_t n_cols;
	bool overflow;                 /* some answers go in "Other answers" */
	const coll_store_location_list *locs;
	coll_doc_cache *answers;       /* the clear answers, parsed once per distinct text */
	coll_months_clock clock;
	FILE *spool;                   /* the rows as walked, before the columns are known */
	int rc;
} resp_ctx;

static bool is_contact(const char *key)
{
	return strncmp(key, "contact", 7) == 0;
}

static const qcol *col_find(const resp_ctx *c, const char *id, int src)
{
	for (size_t i = 0; i < c->n_cols; i++)
		if (c->cols[i].src == src && strcmp(c->cols[i].id, id) == 0)
			return &c->cols[i];
	return NULL;
}

/* The column of (id, src), made when new; -1 when there is no room (or the
 * id is too long): its answers go in "Other answers". */
static int col_add(resp_ctx *c, const char *id, int src)
{
	const qcol *have = col_find(c, id, src);
	if (have)
		return (int)(have - c->cols);
	if (strlen(id) >= QID_MAX || c->n_cols >= COLL_EXPORT_QUESTIONS_MAX) {
		c->overflow = true;
		return -1;
	}
	qcol *q = &c->cols[c->n_cols++];
	snprintf(q->id, sizeof q->id, "%s", id);
	q->src = src;
	q->rank = (int)(sizeof known_order / sizeof known_order[0]);
	for (size_t k = 0; k < sizeof known_order / sizeof known_order[0]; k++)
		if (strcmp(id, known_order[k]) == 0)
			q->rank = (int)k;
	return (int)(c->n_cols - 1);
}

static int col_cmp(const void *a, const void *b)
{
	const qcol *x = a, *y = b;
	if (x->src != y->src)
		return x->src - y->src;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->id, y->id);
}

/* The source a key of a row's free text (text) or clear answers belongs to;
 * -1 when it is left out (contact details, unless restricted). */
static int src_of(const resp_ctx *c, const char *key, bool text)
{
	if (!text)
		return SRC_CLEAR;
	if (is_contact(key))
		return c->restricted ? SRC_CONTACT : -1;
	return SRC_TEXT;
}

static json_t *object_of(const char *json)
{
	json_t *o = json && json[0] ? json_loads(json, 0, NULL) : NULL;
	if (o && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* An answer as a cell: text as it is, numbers as numbers, a multiple choice
 * as its values joined by "; ", anything else as compact JSON. */
static void put_answer(FILE *f, json_t *v)
{
	char num[32];
	if (!v || json_is_null(v)) {
		return;
	} else if (json_is_string(v)) {
		put_text(f, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		put_text(f, num, strlen(num));
	} else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%g", json_real_value(v));
		put_text(f, num, strlen(num));
	} else if (json_is_boolean(v)) {
		put_text(f, json_is_true(v) ? "yes" : "no", json_is_true(v) ? 3 : 2);
	} else {
		char *s = NULL;
		if (json_is_array(v)) {
			size_t i;
			json_t *e;
			bool plain = true;
			json_array_foreach(v, i, e)
				plain = plain && (json_is_string(e) || json_is_integer(e));
			if (plain) {
				size_t len = 0;
				FILE *m = open_memstream(&s, &len);
				json_array_foreach(v, i, e) {
					if (!m)
						break;
					if (i)
						fputs("; ", m);
					if (json_is_string(e))
						fputs(json_string_value(e), m);
					else
						fprintf(m, "%lld", (long long)json_integer_value(e));
				}
				if (m)
					fclose(m);
			}
		}
		if (!s)
			s = json_dumps(v, JSON_COMPACT);
		put_text(f, s ? s : "", s ? strlen(s) : 0);
		free(s);
	}
}

static const char *location_name(const coll_store_location_list *l, const char *code)
{
	for (size_t i = 0; code && i < l->n; i++)
		if (strcmp(l->v[i].code, code) == 0)
			return l->v[i].name;
	return "";
}

static void put_header(resp_ctx *c)
{
	FILE *f = c->f;
	const char *zone = coll_months_zone()[0] ? coll_months_zone() : "local time";
	fputs("Response ID,Location Code,Location Name,Device,Survey,Survey Version,Language,Mode,", f);
	fprintf(f, "Submitted (%s),Device Clock (%s),Received (%s),", zone, zone, zone);
	fputs("Duration (s),FFT Code,FFT Answer,Flags,Safeguarding", f);
	for (size_t i = 0; i < c->n_cols; i++) {
		char h[QID_MAX + 16];
		snprintf(h, sizeof h, "%s%s", c->cols[i].src == SRC_CONTACT ? "Contact: " : "",
			 c->cols[i].id);
		fputc(',', f);
		put_text(f, h, strlen(h));
	}
	if (c->overflow)
		fputs(",Other answers", f);
	fputs("\r\n", f);
}

/* The walk, in one pass over the rows: each row goes to the spool as its
 * fixed cells (each ending ","), a NUL, then one "INDEX=CELL" NUL per answer
 * it has ("o=" for Other answers), then a NUL. No cell holds a NUL (SQLite
 * text and jansson strings cannot), so NUL frames them. The question
 * columns are known only when the walk ends: spool_out then writes the
 * header and each row with its answers in the columns' order. */
_Static_assert(COLL_EXPORT_QUESTIONS_MAX < 1000, "a spooled column tag has three digits");

static void spool_answer(resp_ctx *c, int col, json_t *v)
{
	char tag[8] = {(char)('0' + col / 100 % 10), (char)('0' + col / 10 % 10),
		       (char)('0' + col % 10), '='};
	fwrite(tag, 1, 4, c->spool);          /* the column (< 1000), fixed width */
	put_answer(c->spool, v);
	fputc('\0', c->spool);
}

static int row_spool(void *ctx, const coll_store_row *r)
{
	resp_ctx *c = ctx;
	FILE *f = c->spool;
	char flags[64] = "";
	json_t *docs[2] = {coll_doc_cache_object(c->answers, r->answers_json),  /* shared: read only */
			   object_of(r->free_text_json)};
	json_t *rest = NULL;
	for (unsigned b = 0; b < 3; b++) {
		if (r->flags & (1u << b)) {
			if (flags[0])
				strcat(flags, " ");
			strcat(flags, flag_words[b]);
		}
	}
	put_cell(f, r->id, false);
	put_cell(f, r->location, false);
	put_cell(f, location_name(c->locs, r->location), false);
	put_cell(f, r->device_id, false);
	put_cell(f, r->survey_id, false);
	put_int(f, r->survey_version, false);
	put_cell(f, r->language, false);
	put_cell(f, r->mode, false);
	put_time(f, &c->clock, r->effective_at_ms, false);
	put_time(f, &c->clock, r->submitted_at_ms, false);
	put_time(f, &c->clock, r->received_at_ms, false);
	put_int(f, (r->duration_ms + 500) / 1000, false);
	if (r->fft >= 1 && r->fft <= 6)
		put_int(f, r->fft, false);
	else
		put_cell(f, "", false);
	put_cell(f, fft_words[r->fft >= 1 && r->fft <= 6 ? r->fft : 0], false);
	put_cell(f, flags, false);
	put_cell(f, r->safeguarding ? "yes" : "no", false);
	fputc('\0', f);
	for (int d = 0; d < 2; d++) {
		const char *key;
		json_t *v;
		json_object_foreach(docs[d], key, v) {
			int src = src_of(c, key, d == 1);
			if (src < 0)
				continue;
			int col = col_add(c, key, src);
			if (col >= 0) {
				spool_answer(c, col, v);
			} else {
				/* no column for it: with the rest, as JSON (contact
				 * details only when restricted) */
				if (!rest)
					rest = json_object();
				if (rest)
					json_object_set(rest, key, v);
			}
		}
	}
	if (rest && json_object_size(rest)) {
		char *s = json_dumps(rest, JSON_COMPACT | JSON_SORT_KEYS);
		fputs("o=", f);
		put_text(f, s ? s : "", s ? strlen(s) : 0);
		fputc('\0', f);
		free(s);
	}
	fputc('\0', f);
	json_decref(rest);
	json_decref(docs[0]);
	json_decref(docs[1]);
	return ferror(f) ? FB_ERR_IO : 0;
}

/* The header, then each spooled row with its answers in the sorted columns'
 * order (an empty cell where it has none). */
static int spool_out(resp_ctx *c, fb_err *err)
{
	FILE *f = c->f;
	int pos_of[COLL_EXPORT_QUESTIONS_MAX];
	size_t at[COLL_EXPORT_QUESTIONS_MAX + 1], len[COLL_EXPORT_QUESTIONS_MAX + 1];
	char *piece = NULL, *row = NULL;
	size_t piece_cap = 0, row_cap = 0;
	int rc = 0;
	/* the walk numbered the columns as it met them: sort, keeping the way back */
	qcol walked[COLL_EXPORT_QUESTIONS_MAX];
	memcpy(walked, c->cols, c->n_cols * sizeof walked[0]);
	qsort(c->cols, c->n_cols, sizeof c->cols[0], col_cmp);
	for (size_t i = 0; i < c->n_cols; i++)
		for (size_t k = 0; k < c->n_cols; k++)
			if (c->cols[k].src == walked[i].src && strcmp(c->cols[k].id, walked[i].id) == 0)
				pos_of[i] = (int)k;
	put_header(c);
	if (fflush(c->spool) != 0 || fseek(c->spool, 0, SEEK_SET) != 0)
		return fb_err_set(err, FB_ERR_IO, "reading back the export's working file: %s",
				  strerror(errno));
	bool last_fixed = c->n_cols == 0 && !c->overflow;
	for (;;) {
		ssize_t n = getdelim(&piece, &piece_cap, '\0', c->spool);
		if (n <= 0)
			break;                                  /* the end (or a read error: below) */
		/* the fixed cells: their last "," becomes the row's end when no
		 * column follows */
		fwrite(piece, 1, (size_t)n - 2, f);
		fputs(last_fixed ? "\r\n" : ",", f);
		for (size_t i = 0; i <= c->n_cols; i++)
			at[i] = len[i] = 0;
		size_t used = 0;
		while ((n = getdelim(&piece, &piece_cap, '\0', c->spool)) > 1) {
			size_t k = c->n_cols;                       /* "o=": Other answers */
			char *eq = strchr(piece, '=');
			if (!eq)
				continue;
			if (piece[0] != 'o') {
				long col = strtol(piece, NULL, 10);
				if (col < 0 || (size_t)col >= c->n_cols)
					continue;
				k = (size_t)pos_of[col];
			}
			size_t cell = (size_t)(n - 1) - (size_t)(eq + 1 - piece);
			if (used + cell > row_cap) {
				size_t cap = (used + cell) * 2;
				char *grown = realloc(row, cap);
				if (!grown) {
					rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory making the export");
					goto out;
				}
				row = grown;
				row_cap = cap;
			}
			memcpy(row + used, eq + 1, cell);
			at[k] = used;
			len[k] = cell;
			used += cell;
		}
		for (size_t i = 0; i <= c->n_cols; i++) {
			if (i == c->n_cols && !c->overflow)
				break;
			if (len[i])
				fwrite(row + at[i], 1, len[i], f);
			fputs(i + 1 >= c->n_cols + c->overflow ? "\r\n" : ",", f);
		}
		if (ferror(f))
			break;                                  /* coll_export_run says so */
	}
	if (ferror(c->spool))
		rc = fb_err_set(err, FB_ERR_IO, "reading back the export's working file");
out:
	free(piece);
	free(row);
	return rc;
}

static int write_responses(coll_store *s, const coll_export_request *rq, FILE *f, fb_err *err)
{
	coll_store_location_list locs = {0};
	resp_ctx *c = calloc(1, sizeof *c);
	int rc = 0;
	if (!c)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory making the export");
	c->f = f;
	c->restricted = rq->restricted;
	c->locs = &locs;
	coll_months_clock_init(&c->clock);
	c->answers = coll_doc_cache_new();
	if (!c->answers) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory making the export");
		goto out;
	}
	/* unlinked at once: gone however the collector stops */
	c->spool = tmpfile();
	if (c->spool)
		setvbuf(c->spool, NULL, _IOFBF, 1 << 16);   /* fewer, larger writes and reads */
	if (!c->spool) {
		rc = fb_err_set(err, FB_ERR_IO, "no room for the export's working file in the temporary"
				" directory: %s", strerror(errno));
		goto out;
	}
	rc = coll_store_locations_list(s, rq->team, SIZE_MAX, &locs, err);
	if (rc)
		goto out;
	coll_store_query q = {.team = rq->team, .from_ms = rq->from_ms, .to_ms = rq->to_ms,
			      .stored_order = true};
	rc = coll_store_responses_each(s, &q, row_spool, c, err);
	if (rc == FB_ERR_IO)
		rc = fb_err_set(err, FB_ERR_IO, "writing the export's working file: %s",
				strerror(errno));
	if (rc == 0)
		rc = spool_out(c, err);
out:
	if (c->spool)
		fclose(c->spool);
	free(locs.v);
	coll_doc_cache_free(c->answers);
	free(c);
	return rc;
}

/* ---- summaries ---------------------------------------------------------------- */

static const char *const published_counts[6] = {"Very Good", "Good", "Neither Good nor Poor",
						"Poor", "Very Poor", "Don't Know"};
/* NHS England's FFT collection extract ("1 Very Good SUM" .. "6 Dont Know
 * SUM", "Total Responses", "Total Eligible", "Prop_Pos", "Prop_Neg", then the
 * collection modes), as read by NHS England's own publication pipeline
 * (github.com/nhsengland/fft_pipeline, src/fft/config.py COLUMN_MAPS and
 * AGGREGATION_COLUMNS), without the " SUM" its extract tool adds. "Total
 * Eligible" is left out: a kiosk on a wall has no count of the people who
 * could have answered, and mental health returns do not ask for it. */
static const char *const submission_counts[6] = {"1 Very Good", "2 Good",
						 "3 Neither Good nor Poor", "4 Poor",
						 "5 Very Poor", "6 Dont Know"};

/* Months from the one holding from to the one holding to - 1 (1..12). */
static int months_in(int64_t from, int64_t to)
{
	int a = coll_months_of(from), b = coll_months_of(to > from ? to - 1 : from);
	int n = (b / 100 - a / 100) * 12 + (b % 100 - a % 100) + 1;
	return n < 1 ? 1 : n > COLL_RESULTS_MONTHS_MAX ? COLL_RESULTS_MONTHS_MAX : n;
}

/* The teams to write: team, or every team that has a location, by name. */
static int teams_of(coll_store *s, const char *team, coll_store_location_list *teams, fb_err *err)
{
	coll_store_location_list all = {0};
	int rc = 0;
	memset(teams, 0, sizeof *teams);
	if (team) {
		teams->v = calloc(1, sizeof *teams->v);
		if (!teams->v)
			return fb_err_set(err, FB_ERR_NOMEM, "out of memory making the export");
		snprintf(teams->v[0].team, sizeof teams->v[0].team, "%s", team);
		teams->n = 1;
		return 0;
	}
	rc = coll_store_locations_list(s, NULL, SIZE_MAX, &all, err);
	if (rc)
		goto out;
	teams->v = calloc(all.n ? all.n : 1, sizeof *teams->v);
	if (!teams->v) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory making the export");
		goto out;
	}
	for (size_t i = 0; i < all.n; i++) {
		bool seen = false;
		for (size_t k = 0; k < teams->n && !seen; k++)
			seen = strcmp(teams->v[k].team, all.v[i].team) == 0;
		if (!seen)
			teams->v[teams->n++] = all.v[i];
	}
	for (size_t i = 1; i < teams->n; i++)   /* few teams: insertion sort by name */
		for (size_t k = i; k > 0 && strcmp(teams->v[k - 1].team, teams->v[k].team) > 0; k--) {
			coll_store_location t = teams->v[k];
			teams->v[k] = teams->v[k - 1];
			teams->v[k - 1] = t;
		}
out:
	free(all.v);
	return rc;
}

/* One published row: figures only as results.h writes them. */
static void put_published(FILE *f, const coll_config *cfg, const coll_results *res,
			  const coll_sup_row *row, const char *period, const char *team,
			  const char *code, const char *name)
{
	char t[8][32], total[32];
	const char *cells[4] = {period, team, code, name};
	for (int i = 0; i < 4; i++)
		put_cell(f, cells[i], false);
	for (int a = 0; a < 6; a++) {
		coll_results_count_text(row, a, t[a], sizeof t[a]);
		put_cell(f, t[a], false);
	}
	coll_results_count_text(row, COLL_RESULTS_TOTAL, total, sizeof total);
	put_cell(f, total, false);
	coll_results_share_text(res, row, true, t[6], sizeof t[6], NULL);
	coll_results_share_text(res, row, false, t[7], sizeof t[7], NULL);
	put_cell(f, t[6], false);
	put_cell(f, t[7], false);
	/* every response came from the kiosk, counted in one mode: that column
	 * is the total (hidden when it is), the others none */
	for (int m = 0; m < COLL_FFT_MODES; m++)
		put_cell(f, m == cfg->fft_mode ? total : "0", m + 1 == COLL_FFT_MODES);
}

static void put_mode_header(FILE *f)
{
	for (int m = 0; m < COLL_FFT_MODES; m++)
		fprintf(f, ",Mode %s", coll_fft_modes[m]);
	fputs("\r\n", f);
}

/* Published: per team, per month, its locations then the team's row, each
 * figure from the team's suppressed table, the very one its pages show. */
static int write_published(coll_store *s, const coll_config *cfg, const coll_export_request *rq,
			   FILE *f, fb_err *err)
{
	coll_store_location_list teams = {0};
	int n_months = months_in(rq->from_ms, rq->to_ms);
	int rc = teams_of(s, rq->team, &teams, err);
	if (rc)
		goto out;
	fputs("Period,Team,Location Code,Location Name", f);
	for (int a = 0; a < 6; a++)
		fprintf(f, ",%s", published_counts[a]);
	fputs(",Total Responses,Percentage Positive,Percentage Negative", f);
	put_mode_header(f);
	for (size_t t = 0; t < teams.n; t++) {
		coll_results res;
		const char *team = teams.v[t].team;
		rc = coll_results_load(s, cfg, team, rq->from_ms, n_months, false, &res, err);
		for (int m = 0; rc == 0 && m < res.n_months; m++) {
			char period[8];
			coll_months_name(res.month_from[m], period);
			for (size_t i = 0; i < res.locs.n; i++)
				put_published(f, cfg, &res, coll_results_row(&res, m, res.locs.v[i].code),
					      period, team, res.locs.v[i].code, res.locs.v[i].name);
			put_published(f, cfg, &res, coll_results_team(&res, m), period, team, "",
				      "Team total");
		}
		coll_results_free(&res);
		if (rc)
			goto out;
	}
out:
	free(teams.v);
	return rc;
}

static void put_prop(FILE *f, int64_t part, int64_t total, bool last)
{
	char t[24] = "";
	if (total > 0)
		snprintf(t, sizeof t, "%.4f", (double)part / (double)total);
	put_cell(f, t, last);
}

static void put_submission(FILE *f, const coll_config *cfg, const char *period,
			   const char *site, const char *code, const char *name,
			   const char *team, const int64_t c[7])
{
	int64_t total = c[1] + c[2] + c[3] + c[4] + c[5] + c[6];
	const char *cells[6] = {period, cfg->org_code, site, code, name, team};
	for (int i = 0; i < 6; i++)
		put_cell(f, cells[i], false);
	for (int k = 1; k <= 6; k++)
		put_int(f, c[k], false);
	put_int(f, total, false);
	put_prop(f, c[1] + c[2], total, false);
	put_prop(f, c[4] + c[5], total, false);
	for (int m = 0; m < COLL_FFT_MODES; m++)
		put_int(f, m == cfg->fft_mode ? total : 0, m + 1 == COLL_FFT_MODES);
}

/* Submission: the real counts, per location per month, then the total of
 * the locations written (the organisation, or the team with --team). */
static int write_submission(coll_store *s, const coll_config *cfg, const coll_export_request *rq,
			    FILE *f, fb_err *err)
{
	coll_store_location_list locs = {0};
	int64_t (*months)[7] = NULL, (*sums)[7] = NULL;
	int n_months = months_in(rq->from_ms, rq->to_ms);
	int rc = 0;
	if (!cfg->org_code[0])
		return fb_err_set(err, FB_ERR_INVALID,
				  "the FFT submission needs the Trust's ODS code: set [results] org_code"
				  " (e.g. org_code = RXT) in the collector's config");
	months = calloc((size_t)n_months, sizeof *months);
	sums = calloc((size_t)n_months, sizeof *sums);
	if (!months || !sums) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory making the export");
		goto out;
	}
	rc = coll_store_locations_list(s, rq->team, SIZE_MAX, &locs, err);
	if (rc)
		goto out;
	fputs("Period,Org Code,Site Code,Location Code,Location Name,Team", f);
	for (int a = 0; a < 6; a++)
		fprintf(f, ",%s", submission_counts[a]);
	fputs(",Total Responses,Prop_Pos,Prop_Neg", f);
	put_mode_header(f);
	for (int m = 0; m < n_months; m++) {
		char period[8];
		int64_t from = coll_months_add(rq->from_ms, m);
		coll_months_name(from, period);
		for (size_t i = 0; i < locs.n; i++) {
			char site[16];
			coll_store_query q = {.location = locs.v[i].code, .from_ms = from,
					      .to_ms = coll_months_add(from, 1)};
			rc = coll_store_fft_monthly(s, &q, months, 1, err);
			if (rc)
				goto out;
			for (int k = 0; k < 7; k++)
				sums[m][k] += months[0][k];
			coll_config_site_of(cfg, locs.v[i].code, site, sizeof site);
			put_submission(f, cfg, period, site, locs.v[i].code, locs.v[i].name,
				       locs.v[i].team, months[0]);
		}
		put_submission(f, cfg, period, cfg->site_code, "",
			       rq->team ? "Team total" : "Organisation total",
			       rq->team ? rq->team : "", sums[m]);
	}
out:
	free(months);
	free(sums);
	free(locs.v);
	return rc;
}

/* The Quality Board summary: the quarter per location, from the same
 * suppressed quarter table the Quality Board page shows. A comment count is
 * hidden when it is from 1 to suppress_below-1, or when the location's total
 * is (it could narrow the total down). */
static int write_quality_board(coll_store *s, const coll_config *cfg,
			       const coll_export_request *rq, FILE *f, fb_err *err)
{
	coll_store_location_list teams = {0};
	char period[24], m1[8], m2[8];
	int n_months = months_in(rq->from_ms, rq->to_ms);
	int rc = teams_of(s, rq->team, &teams, err);
	if (rc)
		goto out;
	coll_months_name(rq->from_ms, m1);
	coll_months_name(rq->to_ms - 1, m2);
	snprintf(period, sizeof period, strcmp(m1, m2) ? "%s to %s" : "%s", m1, m2);
	{	/* an NHS financial-year quarter is named as the Quality Board names it */
		char qid[COLL_MONTHS_FYQ_ID];
		int64_t qf = 0, qt = 0;
		fb_err qerr;
		coll_months_fyq_id(rq->from_ms, qid);
		if (coll_months_fyq_range(qid, &qf, &qt, &qerr) == 0 && qf == rq->from_ms &&
		    qt == rq->to_ms)
			coll_months_fyq_label(rq->from_ms, period);
	}
	fprintf(f, "Period,Location Code,Location Name,Team,Responses,Percent Positive,"
		   "Percent Negative,Very good,Good,Neither good nor poor,Poor,Very poor,"
		   "Don't know,Comments\r\n");
	for (size_t t = 0; t < teams.n; t++) {
		coll_results res;
		rc = coll_results_load(s, cfg, teams.v[t].team, rq->from_ms, n_months, true, &res, err);
		for (size_t i = 0; rc == 0 && i < res.locs.n; i++) {
			const coll_store_location *l = &res.locs.v[i];
			const coll_sup_row *row = coll_results_row(&res, -1, l->code);
			char txt[32];
			int64_t text[7], comments = 0;
			coll_store_query q = {.location = l->code, .from_ms = rq->from_ms,
					      .to_ms = rq->to_ms, .with_text_only = true};
			rc = coll_store_fft_counts(s, &q, text, err);
			if (rc)
				break;
			for (int k = 0; k <= 6; k++)
				comments += text[k];
			put_cell(f, period, false);
			put_cell(f, l->code, false);
			put_cell(f, l->name, false);
			put_cell(f, l->team, false);
			coll_results_count_text(row, COLL_RESULTS_TOTAL, txt, sizeof txt);
			put_cell(f, txt, false);
			coll_results_share_text(&res, row, true, txt, sizeof txt, NULL);
			put_cell(f, txt, false);
			coll_results_share_text(&res, row, false, txt, sizeof txt, NULL);
			put_cell(f, txt, false);
			for (int a = 0; a < 6; a++) {
				coll_results_count_text(row, a, txt, sizeof txt);
				put_cell(f, txt, false);
			}
			if (row->total_hidden || coll_export_count_hidden(comments, cfg->suppress_below))
				snprintf(txt, sizeof txt, "*");
			else
				snprintf(txt, sizeof txt, "%lld", (long long)comments);
			put_cell(f, txt, true);
		}
		coll_results_free(&res);
		if (rc)
			goto out;
	}
out:
	free(teams.v);
	return rc;
}

/* The submission of every location is the national return: each month of it
 * that has ended is recorded as made (retention keeps a month's ratings until
 * then, retention.h). */
static int mark_returns_made(coll_store *s, const coll_export_request *rq, fb_err *err)
{
	int rc = 0;
	int64_t now = fb_wall_ms();
	for (int64_t m = rq->from_ms; rc == 0 && m < rq->to_ms; m = coll_months_add(m, 1))
		if (coll_months_add(m, 1) <= now)
			rc = coll_store_return_made(s, coll_months_of(m), now, err);
	return rc;
}

int coll_export_run(coll_store *s, const coll_config *cfg, const coll_export_request *rq,
		    FILE *f, fb_err *err)
{
	int rc = 0;
	fputs("\xEF\xBB\xBF", f);   /* UTF-8 byte-order mark: Excel then reads UTF-8 */
	switch (rq->format) {
	case COLL_EXPORT_RESPONSES:
		rc = write_responses(s, rq, f, err);
		break;
	case COLL_EXPORT_FFT_PUBLISHED:
		rc = write_published(s, cfg, rq, f, err);
		break;
	case COLL_EXPORT_FFT_SUBMISSION:
		rc = write_submission(s, cfg, rq, f, err);
		if (rc == 0 && !rq->team)
			rc = mark_returns_made(s, rq, err);
		break;
	case COLL_EXPORT_QUALITY_BOARD:
		rc = write_quality_board(s, cfg, rq, f, err);
		break;
	default:
		rc = fb_err_set(err, FB_ERR_INVALID, "unknown export format");
	}
	if (rc)
		goto out;
	if (fflush(f) != 0 || ferror(f))
		rc = fb_err_set(err, FB_ERR_IO, "unable to write the export; check the disk has room");
out:
	return rc;
}

int coll_export_write(coll_store *s, const coll_config *cfg, coll_export_format fmt,
		      const char *team, int64_t from_ms, int64_t to_ms, FILE *f,
		      fb_err *err)
{
	coll_export_request rq = {.format = fmt, .team = team, .from_ms = from_ms, .to_ms = to_ms};
	return coll_export_run(s, cfg, &rq, f, err);
}
