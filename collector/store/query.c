/* query.c: the reads behind the pages and exports (counts, monthly counts,
 * responses, devices, unknown locations), written once like store.c's, with
 * $1..$n placeholders. Counts for whole months come from response_counts, the
 * rest of a range from the responses themselves. */
#include "backend.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../months.h"

#define LAST_MS 253402300799999LL   /* 9999-12-31T23:59:59.999Z */

/* The WHERE clause shared by the response queries, in three scopes so each
 * can use the (location, synthetic, ...) indexes: $1 location or team (or
 * NULL for all), $2 from, $3 to, $4 fft, $5 search (lower-case), $6
 * with_text_only, $7 limit. */
#define RESP_REST \
	" AND synthetic = 0 AND effective_at_ms >= $2 AND effective_at_ms < $3" \
	" AND ($4 = 0 OR fft = $4)" \
	" AND ($5 IS NULL OR lower(free_text) LIKE '%' || $5 || '%' ESCAPE '!')" \
	" AND ($6 = 0 OR has_text = 1)"
#define SCOPE_LOC " location = $1" RESP_REST
#define SCOPE_TEAM " location IN (SELECT code FROM locations WHERE team = $1)" RESP_REST
#define SCOPE_ALL " $1 IS NULL" RESP_REST
#define SCOPED(pre, post) { pre SCOPE_LOC post, pre SCOPE_TEAM post, pre SCOPE_ALL post }

static int scope_of(const coll_store_query *q, const char **value)
{
	*value = q->location ? q->location : q->team;
	return q->location ? 0 : q->team ? 1 : 2;
}

/* Search text made safe for LIKE: lower-case ASCII, wildcards escaped. */
static char *like_pattern(const char *search)
{
	if (!search || !search[0])
		return NULL;
	size_t n = strlen(search);
	char *out = malloc(n * 2 + 1);
	if (!out)
		return NULL;
	char *o = out;
	for (const char *c = search; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '!')
			*o++ = '!';
		*o++ = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
	}
	*o = '\0';
	return out;
}

/* A text search matches only what the person wrote: the stored free text is
 * a JSON object ({"what_was_good": "...", "contact_phone": "..."}), so LIKE
 * on it alone would match field names and contact details. LIKE stays as a
 * cheap first pass (the words are somewhere in the JSON text); each row it
 * lets through is then checked here on its answers, contact ones left out,
 * case-insensitively for ASCII as LIKE on lower() was. */
#define SEARCH_LIMIT_REACHED 0x5EA4C4   /* a row callback's private "enough" */

static char *search_needle(const char *search)
{
	if (!search || !search[0])
		return NULL;
	char *out = strdup(search);
	for (char *c = out; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return out;
}

static bool contains_folded(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; m <= n && i <= n - m; i++) {
		size_t j = 0;
		for (; j < m; j++) {
			char c = hay[i + j];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[j])
				break;
		}
		if (j == m)
			return true;
	}
	return false;
}

static bool words_match(const char *free_text, const char *needle)
{
	json_error_t jerr;
	json_t *o = free_text ? json_loads(free_text, 0, &jerr) : NULL;
	const char *key;
	json_t *v;
	bool found = false;
	if (json_is_object(o)) {
		json_object_foreach(o, key, v) {
			if (strncmp(key, "contact", 7) == 0 || !json_is_string(v))
				continue;
			if (contains_folded(json_string_value(v), json_string_length(v), needle)) {
				found = true;
				break;
			}
		}
	}
	json_decref(o);
	return found;
}

typedef struct search_counts_ctx {
	const char *needle;
	bool by_month;
	coll_store_row_fn fn;   /* add_count or add_month, given one row at a time */
	void *ctx;
} search_counts_ctx;

static int search_count_row(void *ctx, int ncols, const char *const *vals)
{
	search_counts_ctx *c = ctx;
	if (!words_match(vals[2], c->needle))
		return 0;
	if (c->by_month) {
		const char *one[3] = {vals[0], vals[1], "1"};
		return c->fn(c->ctx, 3, one);
	}
	const char *one[2] = {vals[1], "1"};
	return c->fn(c->ctx, 2, one);
}

/* Counts of a text search, from the rows that match in the person's words. */
static int search_counts(coll_store *s, const coll_store_query *q, const char *pat, bool by_month,
			 void *ctx, coll_store_row_fn fn, fb_err *err)
{
	static const char *const sql[3] = SCOPED("SELECT month, fft, free_text FROM responses WHERE", "");
	const char *scope;
	int k = scope_of(q, &scope);
	char *needle = search_needle(q->search);
	search_counts_ctx c = {needle, by_month, fn, ctx};
	if (!needle)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory searching the comments");
	coll_store_param p[] = {P_TEXT(scope), P_INT(q->from_ms), P_INT(q->to_ms), P_INT(q->fft),
			   P_TEXT(pat), P_INT(q->with_text_only)};
	int rc = q->from_ms < q->to_ms ? coll_store_run(s, sql[k], p, 6, search_count_row, &c, err) : 0;
	free(needle);
	return rc;
}

typedef struct counts_ctx {
	int64_t *counts;
} counts_ctx;

static int add_count(void *ctx, int ncols, const char *const *vals)
{
	counts_ctx *c = ctx;
	int64_t fft = coll_store_i64(vals[0]);
	if (fft >= 0 && fft <= 6)
		c->counts[fft] += coll_store_i64(vals[1]);
	return 0;
}

/* Summary rows (response_counts, kept in step at insert) for whole months
 * [$2, $3) as YYYYMM; $4 fft, $5 with_text_only. */
#define SUM_REST " AND month >= $2 AND month < $3 AND ($4 = 0 OR fft = $4) AND ($5 = 0 OR has_text = 1)"
#define SUM_SCOPED(pre, post) { \
	pre " location = $1" SUM_REST post, \
	pre " location IN (SELECT code FROM locations WHERE team = $1)" SUM_REST post, \
	pre " $1 IS NULL" SUM_REST post }

/* Splits [from, to) into a head before the first whole month, whole months
 * [*m_from, *m_to) and a tail; false when there is no whole month. */
static bool whole_months(int64_t from, int64_t to, int64_t *m_from, int64_t *m_to)
{
	struct tm tm;
	if (from < 0 || to <= from)
		return false;
	if (to > LAST_MS)
		to = LAST_MS;
	coll_months_local(from, &tm);
	int64_t first = coll_months_start(tm.tm_year + 1900, tm.tm_mon);
	if (first < from)
		first = coll_months_start(tm.tm_year + 1900, tm.tm_mon + 1);
	coll_months_local(to, &tm);
	int64_t last = coll_months_start(tm.tm_year + 1900, tm.tm_mon);
	if (first >= last)
		return false;
	*m_from = first;
	*m_to = last;
	return true;
}

static int rows_counts(coll_store *s, const coll_store_query *q, const char *pat, int64_t from,
		       int64_t to, bool by_month, void *ctx, coll_store_row_fn fn, fb_err *err)
{
	static const char *const sql[3] = SCOPED("SELECT fft, count(*) FROM responses WHERE",
						 " GROUP BY fft");
	static const char *const msql[3] = SCOPED("SELECT month, fft, count(*) FROM responses WHERE",
						  " GROUP BY month, fft");
	const char *scope;
	int k = scope_of(q, &scope);
	if (from >= to)
		return 0;
	coll_store_param p[] = {P_TEXT(scope), P_INT(from), P_INT(to), P_INT(q->fft),
			   P_TEXT(pat), P_INT(q->with_text_only)};
	return coll_store_run(s, by_month ? msql[k] : sql[k], p, 6, fn, ctx, err);
}

static int summary_counts(coll_store *s, const coll_store_query *q, int64_t m_from, int64_t m_to,
			  bool by_month, void *ctx, coll_store_row_fn fn, fb_err *err)
{
	static const char *const sql[3] = SUM_SCOPED("SELECT fft, sum(n) FROM response_counts WHERE",
						     " GROUP BY fft");
	static const char *const msql[3] = SUM_SCOPED("SELECT month, fft, sum(n) FROM response_counts WHERE",
						      " GROUP BY month, fft");
	const char *scope;
	int k = scope_of(q, &scope);
	coll_store_param p[] = {P_TEXT(scope), P_INT(coll_months_of(m_from)), P_INT(coll_months_of(m_to)),
			   P_INT(q->fft), P_INT(q->with_text_only)};
	return coll_store_run(s, by_month ? msql[k] : sql[k], p, 5, fn, ctx, err);
}

/* Counts of q, from the summary for whole months and from the rows (covering
 * index) for the part-months at either end; a text search reads rows. */
static int counts_any(coll_store *s, const coll_store_query *q, bool by_month, void *ctx,
		      coll_store_row_fn fn, fb_err *err)
{
	int64_t m_from, m_to;
	char *pat = like_pattern(q->search);
	int rc;
	if (q->search && q->search[0] && !pat) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory searching the comments");
	} else if (pat) {
		rc = search_counts(s, q, pat, by_month, ctx, fn, err);
	} else if (!whole_months(q->from_ms, q->to_ms, &m_from, &m_to)) {
		rc = rows_counts(s, q, NULL, q->from_ms, q->to_ms, by_month, ctx, fn, err);
	} else {
		rc = rows_counts(s, q, NULL, q->from_ms, m_from, by_month, ctx, fn, err);
		if (rc == 0)
			rc = summary_counts(s, q, m_from, m_to, by_month, ctx, fn, err);
		if (rc == 0)
			rc = rows_counts(s, q, NULL, m_to, q->to_ms, by_month, ctx, fn, err);
	}
	free(pat);
	return rc;
}

int coll_store_fft_counts(coll_store *s, const coll_store_query *q, int64_t counts[7], fb_err *err)
{
	counts_ctx c = {counts};
	memset(counts, 0, 7 * sizeof counts[0]);
	return counts_any(s, q, false, &c, add_count, err);
}

typedef struct monthly_ctx {
	int64_t (*months)[7];
	int n;
	int first;   /* YYYYMM */
} monthly_ctx;

static int add_month(void *ctx, int ncols, const char *const *vals)
{
	monthly_ctx *c = ctx;
	int m = (int)coll_store_i64(vals[0]);
	int idx = (m / 100 - c->first / 100) * 12 + (m % 100 - c->first % 100);
	int64_t fft = coll_store_i64(vals[1]);
	if (idx >= 0 && idx < c->n && fft >= 0 && fft <= 6)
		c->months[idx][fft] += coll_store_i64(vals[2]);
	return 0;
}

int coll_store_fft_monthly(coll_store *s, const coll_store_query *q, int64_t (*months)[7],
			   int n_months, fb_err *err)
{
	monthly_ctx c = {months, n_months, coll_months_of(q->from_ms)};
	memset(months, 0, (size_t)n_months * sizeof months[0]);
	return counts_any(s, q, true, &c, add_month, err);
}

typedef struct rows_ctx {
	int (*fn)(void *ctx, const coll_store_row *row);
	void *ctx;
	int64_t seen;
	const char *needle;   /* a text search, checked here (SQL's LIMIT is off) */
	int64_t limit;
} rows_ctx;

static int emit_row(void *ctx, int ncols, const char *const *vals)
{
	rows_ctx *c = ctx;
	if (c->needle && !words_match(vals[14], c->needle))
		return 0;
	coll_store_row r = {
		.id = vals[0], .device_id = vals[1], .location = vals[2], .survey_id = vals[3],
		.survey_version = (int)coll_store_i64(vals[4]), .language = vals[5], .mode = vals[6],
		.submitted_at_ms = coll_store_i64(vals[7]), .effective_at_ms = coll_store_i64(vals[8]),
		.received_at_ms = coll_store_i64(vals[9]), .duration_ms = coll_store_i64(vals[10]),
		.fft = (int)coll_store_i64(vals[11]), .flags = (unsigned)coll_store_i64(vals[12]),
		.answers_json = vals[13], .free_text_json = vals[14],
		.safeguarding = coll_store_i64(vals[15]) != 0,
	};
	if (ncols > 20) {      /* ROW_COLS; ROW_COLS_BASE (exports) leaves the state out */
		r.flag_seen_by = vals[16];
		r.flag_seen_at_ms = coll_store_i64(vals[17]);
		r.flag_actioned_by = vals[18];
		r.flag_actioned_at_ms = coll_store_i64(vals[19]);
		r.flag_note = vals[20];
		r.flag_state = !r.safeguarding ? COLL_FLAG_NONE : vals[19] ? COLL_FLAG_ACTIONED :
			       vals[17] ? COLL_FLAG_SEEN : COLL_FLAG_NEW;
	}
	c->seen++;
	int rc = c->fn(c->ctx, &r);
	if (rc == 0 && c->needle && c->seen >= c->limit)
		rc = SEARCH_LIMIT_REACHED;
	return rc;
}

#define ROW_COLS_BASE "id, device_id, location, survey_id, survey_version, language, mode," \
	" submitted_at_ms, effective_at_ms, received_at_ms, duration_ms, fft, flags," \
	" answers, free_text, safeguarding"
/* with a flagged comment's state (schema 4); each column read costs in a full
 * export, which has no use for it */
#define ROW_COLS ROW_COLS_BASE ", flag_seen_by, flag_seen_at_ms, flag_actioned_by," \
	" flag_actioned_at_ms, flag_note"

/* A response with sub-category $8 (a LIKE pattern, theme_pattern): in its
 * current coding, else in the model's suggestion for a comment nobody coded
 * (as coll_store_themes_top counts). */
#define THEME_FILTER \
	" AND (CAST($8 AS TEXT) IS NULL OR id IN (SELECT c.response_id FROM themes_coding c" \
	" WHERE c.replaced_at_ms IS NULL AND ',' || c.categories || ',' LIKE '%,' || $8 || ',%'" \
	" ESCAPE '!') OR id IN (SELECT g.response_id FROM themes_suggestions g WHERE" \
	" ',' || g.categories || ',' LIKE '%,' || $8 || ',%' ESCAPE '!' AND NOT EXISTS" \
	" (SELECT 1 FROM themes_coding c WHERE c.response_id = g.response_id AND" \
	" c.question = g.question AND c.replaced_at_ms IS NULL)))"
#define THEME_PATTERN_CODE_MAX 64

/* A sub-category code for LIKE: '_' (in codes) and the wildcards escaped
 * with '!'; cut short rather than overrun. */
static void theme_pattern(const char *code, char *out, size_t size)
{
	size_t o = 0;
	for (const char *c = code ? code : ""; *c && o + 3 < size; c++) {
		if (*c == '_' || *c == '%' || *c == '!')
			out[o++] = '!';
		out[o++] = *c;
	}
	out[o] = '\0';
}

int coll_store_responses_each(coll_store *s, const coll_store_query *q,
			      int (*fn)(void *ctx, const coll_store_row *row), void *ctx,
			      fb_err *err)
{
	char *pat = like_pattern(q->search);
	char *needle = search_needle(q->search);
	int64_t limit = q->limit > 0 ? q->limit : INT64_MAX;
	rows_ctx c = {fn, ctx, 0, needle, limit};
	static const char *const flagged[3] = SCOPED("SELECT " ROW_COLS " FROM responses WHERE",
		THEME_FILTER " AND flag_new = 1 ORDER BY effective_at_ms DESC LIMIT $7");
	static const char *const rest[3] = SCOPED("SELECT " ROW_COLS " FROM responses WHERE",
		THEME_FILTER " AND flag_new = 0 ORDER BY effective_at_ms DESC LIMIT $7");
	static const char *const plain[3] = SCOPED("SELECT " ROW_COLS_BASE " FROM responses WHERE",
		" LIMIT $7");
	const char *scope;
	int k = scope_of(q, &scope);
	/* with a search, rows LIKE lets through may still not match: the limit
	 * is counted in emit_row instead */
	char theme[2 * THEME_PATTERN_CODE_MAX + 1];
	theme_pattern(q->theme, theme, sizeof theme);
	coll_store_param p[] = {P_TEXT(scope), P_INT(q->from_ms), P_INT(q->to_ms), P_INT(q->fft),
			   P_TEXT(pat), P_INT(q->with_text_only), P_INT(needle ? INT64_MAX : limit),
			   P_TEXT(q->theme && q->theme[0] ? theme : NULL)};
	int rc = 0;
	if (q->search && q->search[0] && (!pat || !needle)) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory searching the comments");
		goto out;
	}
	if (q->stored_order) {
		rc = coll_store_run(s, plain[k], p, 7, emit_row, &c, err);
		goto out;
	}
	/* Flagged and not yet seen first (few), then the rest newest first: two
	 * queries so each can walk the (location, synthetic, flag_new, effective)
	 * index. */
	rc = coll_store_run(s, flagged[k], p, 8, emit_row, &c, err);
	if (rc == 0 && c.seen < limit) {
		if (!needle)
			p[6] = P_INT(limit - c.seen);
		rc = coll_store_run(s, rest[k], p, 8, emit_row, &c, err);
	}
out:
	if (rc == SEARCH_LIMIT_REACHED)
		rc = 0;
	free(pat);
	free(needle);
	return rc;
}

typedef struct answers_ctx {
	int (*fn)(void *ctx, const coll_store_answers *a);
	void *ctx;
} answers_ctx;

static int emit_answers(void *ctx, int ncols, const char *const *vals)
{
	answers_ctx *c = ctx;
	coll_store_answers a = {.survey_id = vals[0] ? vals[0] : "",
				.survey_version = (int)coll_store_i64(vals[1]),
				.answers_json = vals[2], .free_text_json = vals[3],
				.n = coll_store_i64(vals[4]), .first_ms = coll_store_i64(vals[5])};
	return c->fn(c->ctx, &a);
}

int coll_store_answers_each(coll_store *s, const coll_store_query *q,
			    int (*fn)(void *ctx, const coll_store_answers *a), void *ctx, fb_err *err)
{
	answers_ctx c = {fn, ctx};
	/* responses without free text are counted by the database, one row per
	 * (version, clear answers); those with it come one by one, as which
	 * text questions were answered is only in their JSON */
#define ANSWERS_RANGE " AND synthetic = 0 AND effective_at_ms >= $2 AND effective_at_ms < $3"
#define ANSWERS_SCOPED(pre, post) { pre " location = $1" ANSWERS_RANGE post, \
	pre " location IN (SELECT code FROM locations WHERE team = $1)" ANSWERS_RANGE post, \
	pre " $1 IS NULL" ANSWERS_RANGE post }
	/* only the range, so that the (location, synthetic, effective_at_ms)
	 * index is the one walked */
	static const char *const grouped[3] = ANSWERS_SCOPED("SELECT survey_id, survey_version,"
		" answers, NULL, count(*), min(effective_at_ms) FROM responses WHERE",
		" AND free_text IS NULL GROUP BY survey_id, survey_version, answers");
	static const char *const texts[3] = ANSWERS_SCOPED("SELECT survey_id, survey_version,"
		" answers, free_text, 1, effective_at_ms FROM responses WHERE",
		" AND free_text IS NOT NULL");
	const char *scope;
	int k = scope_of(q, &scope);
	coll_store_param p[] = {P_TEXT(scope), P_INT(q->from_ms), P_INT(q->to_ms)};
	int rc = coll_store_run(s, grouped[k], p, 3, emit_answers, &c, err);
	if (rc == 0)
		rc = coll_store_run(s, texts[k], p, 3, emit_answers, &c, err);
	return rc;
#undef ANSWERS_SCOPED
#undef ANSWERS_RANGE
}

/* A (device, location) pair read before the devices themselves: enrolments
 * and refusals, sorted by device in C (the databases' collations differ). */
typedef struct dev_pair {
	char device_id[COLL_STORE_ID_MAX];
	char location[COLL_STORE_ID_MAX];
	int64_t n, last_ms;
} dev_pair;

typedef struct pair_list {
	dev_pair *v;
	size_t n, cap;
} pair_list;

static int pair_add(void *ctx, int ncols, const char *const *vals)
{
	pair_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		dev_pair *nv = realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return FB_ERR_NOMEM;
		l->v = nv;
		l->cap = cap;
	}
	dev_pair *d = &l->v[l->n++];
	snprintf(d->device_id, sizeof d->device_id, "%s", vals[0] ? vals[0] : "");
	snprintf(d->location, sizeof d->location, "%s", vals[1] ? vals[1] : "");
	d->n = ncols > 2 ? coll_store_i64(vals[2]) : 0;
	d->last_ms = ncols > 3 ? coll_store_i64(vals[3]) : 0;
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	const dev_pair *x = a, *y = b;
	int c = strcmp(x->device_id, y->device_id);
	return c ? c : strcmp(x->location, y->location);
}

/* The first pair of device id in l, and how many there are. */
static const dev_pair *pairs_of(const pair_list *l, const char *id, size_t *count)
{
	size_t lo = 0, hi = l->n;
	*count = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(l->v[mid].device_id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + *count < l->n && strcmp(l->v[lo + *count].device_id, id) == 0)
		(*count)++;
	return *count ? &l->v[lo] : NULL;
}

typedef struct fleet_ctx {
	int (*fn)(void *ctx, const coll_store_fleet_row *row);
	void *ctx;
	pair_list enrolled, refused;
} fleet_ctx;

static int emit_fleet(void *ctx, int ncols, const char *const *vals)
{
	fleet_ctx *c = ctx;
	char locs[COLL_STORE_DEVICE_LOCATIONS_MAX * (COLL_STORE_ID_MAX + 2)] = "";
	coll_store_fleet_refusal refused[COLL_STORE_DEVICE_LOCATIONS_MAX * 2];
	size_t n_locs = 0, n_ref = 0, used = 0;
	const char *id = vals[0] ? vals[0] : "";
	const dev_pair *e = pairs_of(&c->enrolled, id, &n_locs);
	const dev_pair *r = pairs_of(&c->refused, id, &n_ref);
	for (size_t i = 0; i < n_locs; i++)
		used += (size_t)snprintf(locs + used, sizeof locs - used, "%s%s", i ? ", " : "",
					 e[i].location);
	if (n_ref > sizeof refused / sizeof refused[0])
		n_ref = sizeof refused / sizeof refused[0];
	for (size_t i = 0; i < n_ref; i++)
		refused[i] = (coll_store_fleet_refusal){r[i].location, r[i].n, r[i].last_ms};
	int64_t hb = coll_store_i64(vals[5]), push = coll_store_i64(vals[9]);
	coll_store_fleet_row row = {
		.device_id = id, .locations = locs, .version = vals[2],
		.last_error = vals[3], .revoked = coll_store_i64(vals[4]) != 0,
		.last_heartbeat_ms = hb, .last_push_ms = push, .last_seen_ms = hb > push ? hb : push,
		.has_heartbeat = vals[5] != NULL,
		.queue_depth = coll_store_i64(vals[6]),
		.oldest_unsent_age_s = coll_store_i64(vals[7]), .quarantined = coll_store_i64(vals[8]),
		.enrolled_at_ms = coll_store_i64(vals[10]), .disk_free_bytes = coll_store_i64(vals[11]),
		.refused = n_ref ? refused : NULL, .n_refused = n_ref,
	};
	return c->fn(c->ctx, &row);
}

int coll_store_fleet_each(coll_store *s, const char *team,
			  int (*fn)(void *ctx, const coll_store_fleet_row *row), void *ctx,
			  fb_err *err)
{
	fleet_ctx c = {.fn = fn, .ctx = ctx};
	coll_store_param p[] = {P_TEXT(team)};
	int rc = coll_store_run(s, "SELECT device_id, location FROM device_locations", NULL, 0,
				pair_add, &c.enrolled, err);
	if (rc == 0)
		rc = coll_store_run(s, "SELECT device_id, location, n, last_ms FROM device_refusals",
				    NULL, 0, pair_add, &c.refused, err);
	if (rc == FB_ERR_NOMEM)
		fb_err_set(err, rc, "out of memory listing devices");
	if (rc)
		goto out;
	if (c.enrolled.n)
		qsort(c.enrolled.v, c.enrolled.n, sizeof *c.enrolled.v, cmp_pair);
	if (c.refused.n)
		qsort(c.refused.v, c.refused.n, sizeof *c.refused.v, cmp_pair);
	/* the longest silent first: contact is the later of heartbeat and push */
	rc = coll_store_run(s, "SELECT id, location, version, last_error, revoked, last_seen_ms,"
		      " queue_depth, oldest_unsent_age_s, quarantined, last_push_ms, enrolled_at_ms,"
		      " disk_free_bytes FROM devices"
		      " WHERE $1 IS NULL OR id IN (SELECT device_id FROM device_locations"
		      " WHERE location IN (SELECT code FROM locations WHERE team = $1))"
		      " ORDER BY CASE WHEN coalesce(last_seen_ms, 0) > coalesce(last_push_ms, 0)"
		      " THEN coalesce(last_seen_ms, 0) ELSE coalesce(last_push_ms, 0) END, id",
		   p, 1, emit_fleet, &c, err);
out:
	free(c.enrolled.v);
	free(c.refused.v);
	return rc;
}

int coll_store_count_responses(coll_store *s, bool with_synthetic, int64_t *out, fb_err *err)
{
	coll_store_param p[] = {P_INT(with_synthetic ? 1 : 0)};
	*out = 0;
	return coll_store_run(s, "SELECT count(*) FROM responses WHERE $1 = 1 OR synthetic = 0", p, 1,
		   coll_store_get_int, out, err);
}

typedef struct unknown_ctx {
	int (*fn)(void *ctx, const char *code, int64_t responses);
	void *ctx;
} unknown_ctx;

static int emit_unknown(void *ctx, int ncols, const char *const *vals)
{
	unknown_ctx *c = ctx;
	return c->fn(c->ctx, vals[0] ? vals[0] : "", coll_store_i64(vals[1]));
}

int coll_store_unknown_locations_each(coll_store *s,
				      int (*fn)(void *ctx, const char *code, int64_t responses),
				      void *ctx, fb_err *err)
{
	unknown_ctx c = {fn, ctx};
	/* from the month counters (small, and synthetic responses are left out
	 * of them already), not from the responses themselves */
	return coll_store_run(s, "SELECT location, sum(n) FROM response_counts"
		      " WHERE location NOT IN (SELECT code FROM locations)"
		      " GROUP BY location ORDER BY location",
		   NULL, 0, emit_unknown, &c, err);
}

/* ---- flagged comments (schema 4) --------------------------------------------- */

#define FLAG_TEAM " location IN (SELECT code FROM locations WHERE team = $1)"

int coll_store_flags_each(coll_store *s, const char *team, bool new_only, int limit,
			  int (*fn)(void *ctx, const coll_store_row *row), void *ctx, fb_err *err)
{
	rows_ctx c = {fn, ctx, 0, NULL, INT64_MAX};
	/* [team?][new_only?] */
	static const char *const sql[2][2] = {
		{"SELECT " ROW_COLS " FROM responses WHERE $1 IS NULL AND synthetic = 0"
		 " AND safeguarding = 1 AND flag_new = 0 ORDER BY effective_at_ms DESC LIMIT $2",
		 "SELECT " ROW_COLS " FROM responses WHERE $1 IS NULL AND synthetic = 0"
		 " AND flag_new = 1 ORDER BY effective_at_ms DESC LIMIT $2"},
		{"SELECT " ROW_COLS " FROM responses WHERE" FLAG_TEAM " AND synthetic = 0"
		 " AND safeguarding = 1 AND flag_new = 0 ORDER BY effective_at_ms DESC LIMIT $2",
		 "SELECT " ROW_COLS " FROM responses WHERE" FLAG_TEAM " AND synthetic = 0"
		 " AND flag_new = 1 ORDER BY effective_at_ms DESC LIMIT $2"},
	};
	coll_store_param p[] = {P_TEXT(team), P_INT(limit > 0 ? limit : INT64_MAX)};
	return coll_store_run(s, sql[team != NULL][new_only], p, 2, emit_row, &c, err);
}

int coll_store_flags_count_new(coll_store *s, const char *location, const char *team,
			       int64_t *out, fb_err *err)
{
	static const char *const sql[3] = {
		"SELECT count(*) FROM responses WHERE location = $1 AND synthetic = 0 AND flag_new = 1",
		"SELECT count(*) FROM responses WHERE" FLAG_TEAM " AND synthetic = 0 AND flag_new = 1",
		"SELECT count(*) FROM responses WHERE $1 IS NULL AND synthetic = 0 AND flag_new = 1",
	};
	coll_store_param p[] = {P_TEXT(location ? location : team)};
	*out = 0;
	return coll_store_run(s, sql[location ? 0 : team ? 1 : 2], p, 1, coll_store_get_int, out, err);
}

typedef struct flag_ctx {
	char *location;
	size_t size;
	bool found;
} flag_ctx;

static int get_flag(void *ctx, int ncols, const char *const *vals)
{
	flag_ctx *c = ctx;
	snprintf(c->location, c->size, "%s", vals[0] ? vals[0] : "");
	c->found = true;
	return 0;
}

int coll_store_flag_location(coll_store *s, const char *id, char *location, size_t size,
			     fb_err *err)
{
	flag_ctx c = {location, size, false};
	coll_store_param p[] = {P_TEXT(id)};
	int rc = coll_store_run(s, "SELECT location FROM responses WHERE id = $1 AND safeguarding = 1"
				" AND synthetic = 0", p, 1, get_flag, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no flagged comment %s", id);
	return rc;
}

/* ---- email alerts (schema 4) ------------------------------------------------- */

typedef struct alert_ctx {
	int (*fn)(void *ctx, const coll_store_alert *a);
	void *ctx;
} alert_ctx;

static int emit_alert(void *ctx, int ncols, const char *const *vals)
{
	alert_ctx *c = ctx;
	coll_store_alert a = {
		.response_id = vals[0], .location = vals[1], .created_ms = coll_store_i64(vals[2]),
		.attempts = (int)coll_store_i64(vals[3]), .next_attempt_ms = coll_store_i64(vals[4]),
		.last_error = vals[5], .sent_ms = coll_store_i64(vals[6]),
	};
	return c->fn(c->ctx, &a);
}

#define ALERT_COLS "response_id, location, created_ms, attempts, next_attempt_ms, last_error, sent_ms"

int coll_store_alerts_due(coll_store *s, int64_t now_ms, int limit,
			  int (*fn)(void *ctx, const coll_store_alert *a), void *ctx, fb_err *err)
{
	alert_ctx c = {fn, ctx};
	coll_store_param p[] = {P_INT(now_ms), P_INT(limit)};
	return coll_store_run(s, "SELECT " ALERT_COLS " FROM alerts WHERE sent_ms IS NULL"
			      " AND next_attempt_ms <= $1 ORDER BY next_attempt_ms LIMIT $2",
			      p, 2, emit_alert, &c, err);
}

int coll_store_alerts_unsent(coll_store *s, int limit,
			     int (*fn)(void *ctx, const coll_store_alert *a), void *ctx, fb_err *err)
{
	alert_ctx c = {fn, ctx};
	coll_store_param p[] = {P_INT(limit)};
	return coll_store_run(s, "SELECT " ALERT_COLS " FROM alerts WHERE sent_ms IS NULL"
			      " ORDER BY created_ms DESC LIMIT $1", p, 1, emit_alert, &c, err);
}

typedef struct by_ctx {
	int (*fn)(void *ctx, const char *key, int fft, int64_t n);
	void *ctx;
} by_ctx;

static int emit_by(void *ctx, int ncols, const char *const *vals)
{
	by_ctx *c = ctx;
	(void)ncols;
	return c->fn(c->ctx, vals[0] ? vals[0] : "", (int)coll_store_i64(vals[1]), coll_store_i64(vals[2]));
}

int coll_store_fft_by(coll_store *s, coll_store_by by, int from_month, int to_month,
		      int (*fn)(void *ctx, const char *key, int fft, int64_t n), void *ctx, fb_err *err)
{
	/* the month key, as response_counts and so every results page counts */
#define BY_SQL(col) "SELECT " col ", fft, count(*) FROM responses WHERE synthetic = 0" \
	" AND month >= $1 AND month < $2 AND location IN (SELECT code FROM locations)" \
	" GROUP BY " col ", fft ORDER BY " col ", fft"
	static const char *const sql[2] = {BY_SQL("mode"), BY_SQL("language")};
#undef BY_SQL
	by_ctx c = {fn, ctx};
	coll_store_param p[] = {P_INT(from_month), P_INT(to_month)};
	return coll_store_run(s, sql[by == COLL_STORE_BY_LANGUAGE], p, 2, emit_by, &c, err);
}
