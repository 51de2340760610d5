/* queue_salvage: what is still readable in a queue file that was moved aside
 * as damaged goes into the fresh queue (see queue.h, fb_queue_damage, and
 * docs/queue.md, "A damaged file"). The damaged file is opened read-only and
 * never written; rows are read one seq at a time, so one bad page costs only
 * the rows on it. */
#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "queue_impl.h"

/* Consecutive unreadable seqs after which the rest is given up as lost
 * (a damaged interior page can hide a long run; past this, the end): no
 * more than the file could hold (a record row is well over 64 bytes, so a
 * page holds fewer than 64), and never more than this. */
#define SALVAGE_MAX_MISSES 200000
#define SALVAGE_ROWS_PER_PAGE 64

typedef struct salvage {
	int64_t copied, acked, unreadable;
	int64_t first_bad, last_bad;   /* seqs; 0 when none */
	char open_error[160];          /* the damaged file would not even open */
} salvage;

/* Whether body is a JSON object whose "id" is id: a record as it was put. */
static bool body_whole(const char *id, const char *body, int len)
{
	json_t *o = body ? json_loadb(body, (size_t)len, 0, NULL) : NULL;
	const char *bid = o ? json_string_value(json_object_get(o, "id")) : NULL;
	bool ok = json_is_object(o) && bid && id && strcmp(bid, id) == 0;

	json_decref(o);
	return ok;
}

static void note_bad(salvage *s, int64_t seq)
{
	s->unreadable++;
	if (!s->first_bad)
		s->first_bad = seq;
	s->last_bad = seq;
}

/* Copies rows of the read-only old database into q (in the caller's
 * transaction).
 * Returns an SQLite code for a failure of the fresh queue; the old file's
 * failures are counted in s, not returned. */
static int copy_rows(fb_queue *q, sqlite3 *old, salvage *s)
{
	static const char *const read_sql =
		"SELECT seq, id, body, submitted_at_ms, submitted_mono_ms, boot_id, fft, flags,"
		" state, attempts, last_error, acked_at_ms, quarantine_reason, quarantined_at_ms"
		" FROM records WHERE seq > ?1 ORDER BY seq";
	static const char *const put_sql =
		"INSERT OR IGNORE INTO records (id, body, submitted_at_ms, submitted_mono_ms,"
		" boot_id, fft, flags, state, attempts, last_error, acked_at_ms,"
		" quarantine_reason, quarantined_at_ms, synthetic)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, (?7 & 4) != 0)";
	sqlite3_stmt *rd = NULL, *wr = NULL;
	int64_t next = 0, misses = 0, pages = 0, max_misses, last_seq = 0;
	int rc;

	if (sqlite3_prepare_v2(old, "PRAGMA page_count", -1, &rd, NULL) == SQLITE_OK &&
	    sqlite3_step(rd) == SQLITE_ROW)
		pages = sqlite3_column_int64(rd, 0);
	sqlite3_finalize(rd);
	/* The last seq, from the (state, seq) index when that is whole: no
	 * stepping over seqs that never were past the end. */
	if (sqlite3_prepare_v2(old, "SELECT max(seq) FROM records INDEXED BY records_state",
			       -1, &rd, NULL) == SQLITE_OK && sqlite3_step(rd) == SQLITE_ROW)
		last_seq = sqlite3_column_int64(rd, 0);
	sqlite3_finalize(rd);
	rd = NULL;
	max_misses = pages > 0 && pages < SALVAGE_MAX_MISSES / SALVAGE_ROWS_PER_PAGE
		     ? pages * SALVAGE_ROWS_PER_PAGE : SALVAGE_MAX_MISSES;

	rc = sqlite3_prepare_v2(old, read_sql, -1, &rd, NULL);
	if (rc != SQLITE_OK) {
		snprintf(s->open_error, sizeof s->open_error, "%s", sqlite3_errmsg(old));
		return SQLITE_OK;
	}
	rc = sqlite3_prepare_v2(q->db, put_sql, -1, &wr, NULL);
	while (rc == SQLITE_OK) {
		sqlite3_bind_int64(rd, 1, next);
		int step = sqlite3_step(rd);

		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			/* the seek to seq > next hit a page it cannot read: that
			 * seq is lost (or never was); try past it */
			sqlite3_reset(rd);
			if (last_seq > 0 && next >= last_seq)
				break;
			next++;
			note_bad(s, next);
			if (++misses > max_misses)
				break;
			continue;
		}
		for (; step == SQLITE_ROW; step = sqlite3_step(rd)) {
			int64_t seq = sqlite3_column_int64(rd, 0);
			const char *id = (const char *)sqlite3_column_text(rd, 1);
			const char *body = (const char *)sqlite3_column_text(rd, 2);
			const char *state = (const char *)sqlite3_column_text(rd, 8);

			next = seq;
			misses = 0;
			if (state && strcmp(state, "acked") == 0) {
				s->acked++;  /* at the collector already: nothing to keep */
				continue;
			}
			if (!state || !body_whole(id, body, sqlite3_column_bytes(rd, 2)) ||
			    (strcmp(state, "unsent") != 0 && strcmp(state, "quarantined") != 0)) {
				note_bad(s, seq);
				continue;
			}
			for (int c = 1; c <= 13; c++)
				sqlite3_bind_value(wr, c, sqlite3_column_value(rd, c));
			rc = fbq_step(q, wr);
			sqlite3_reset(wr);
			sqlite3_clear_bindings(wr);
			if (rc != SQLITE_DONE)
				break;
			rc = SQLITE_OK;
			if (sqlite3_changes(q->db) > 0)
				s->copied++;
		}
		sqlite3_reset(rd);
		if (rc != SQLITE_OK || step == SQLITE_DONE)
			break;
		/* a row past next could not be read: step over it */
		if (last_seq > 0 && next >= last_seq)
			break;
		next++;
		note_bad(s, next);
		if (++misses > max_misses)
			break;
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	return rc;
}

/* Appends to the string in buf (size bytes), cutting what does not fit. */
__attribute__((format(printf, 3, 4)))
static void addf(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* Writes "<moved>.txt": the staff screen's words on the first line, the
 * whole words on the second (what fb_queue_damage_note reads back); best
 * effort. */
static void write_note(const char *moved, const char *staff, const char *words)
{
	char path[4300];
	FILE *f;

	snprintf(path, sizeof path, "%s.txt", moved);
	f = fopen(path, "wx");  /* never over an earlier note */
	if (!f)
		return;
	fprintf(f, "%s\n%s\n", staff, words);
	fclose(f);
}

int fbq_salvage(fb_queue *q, const char *why, fb_err *err)
{
	salvage s = {0};
	sqlite3 *old = NULL;
	char words[1024], staff[320];
	const char *base = strrchr(q->moved_aside ? q->moved_aside : "", '/');
	int rc = SQLITE_OK, frc = 0;

	if (!q->moved_aside)
		return 0;
	rc = sqlite3_open_v2(q->moved_aside, &old, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(old, 2000);
		rc = fbq_begin(q);
		if (rc == SQLITE_OK)
			frc = fbq_end(q, copy_rows(q, old, &s),
				      "copying what was readable from the damaged file", err);
		else
			frc = fbq_fail(q, rc, "copying what was readable from the damaged file", err);
	} else {
		snprintf(s.open_error, sizeof s.open_error, "%s",
			 old ? sqlite3_errmsg(old) : sqlite3_errstr(rc));
	}
	sqlite3_close(old);
	if (frc)
		s.copied = 0;

	/* Short enough for the staff screen's error line; why (SQLite's words)
	 * last, where a cut hurts least. */
	words[0] = '\0';
	addf(words, sizeof words, "queue file damaged, moved aside to '%s':", q->moved_aside);
	if (s.open_error[0])
		addf(words, sizeof words, " nothing in it could be read (%s);", s.open_error);
	else if (frc)
		addf(words, sizeof words, " its records could not be copied to the fresh queue (%.200s);",
		     err->msg);
	else
		addf(words, sizeof words, " %lld unsent or quarantined copied to a fresh queue,"
		     " %lld sent already", (long long)s.copied, (long long)s.acked);
	if (!s.open_error[0] && !frc && s.unreadable)
		addf(words, sizeof words, ", up to %lld (seq %lld-%lld) unreadable;",
		     (long long)s.unreadable, (long long)s.first_bad, (long long)s.last_bad);
	else if (!s.open_error[0] && !frc)
		addf(words, sizeof words, ", none lost;");
	addf(words, sizeof words,
	     " keep that file and tell IT, the storage may be failing (docs/queue.md)");
	addf(words, sizeof words, ". Damage: %s", why);
	for (char *c = words; *c; c++)  /* quick_check's words span lines */
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	/* The staff screen shows one line: what happened, what to do, first. */
	base = base ? base + 1 : q->moved_aside;
	if (s.open_error[0] || frc)
		snprintf(staff, sizeof staff, "answer store damaged and could not be read; tell IT,"
			 " keep %s", base);
	else if (s.unreadable)
		snprintf(staff, sizeof staff, "answer store damaged: up to %lld lost, %lld kept; tell"
			 " IT, keep %s", (long long)s.unreadable, (long long)s.copied, base);
	else
		snprintf(staff, sizeof staff, "answer store damaged: none lost, %lld kept; tell IT,"
			 " keep %s", (long long)s.copied, base);
	free(q->damage);
	q->damage = strdup(words);
	write_note(q->moved_aside, staff, words);
	return frc;
}

const char *fb_queue_damage(const fb_queue *q)
{
	return q ? q->damage : NULL;
}

int fb_queue_damage_note(const char *path, bool staff, char *out, size_t out_size)
{
	char dir[4096], prefix[512], best[512] = "", note[4700], line[1100];
	const char *slash = strrchr(path, '/');
	DIR *d;
	struct dirent *e;
	FILE *f;

	out[0] = '\0';
	if (slash) {
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
		snprintf(prefix, sizeof prefix, "%s.corrupt-", slash + 1);
	} else {
		snprintf(dir, sizeof dir, ".");
		snprintf(prefix, sizeof prefix, "%s.corrupt-", path);
	}
	d = opendir(dir[0] ? dir : "/");
	if (!d)
		return 0;
	/* The latest damaged file (names sort by their UTC stamp). */
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (len > 4 && (strcmp(e->d_name + len - 4, "-wal") == 0 ||
				strcmp(e->d_name + len - 4, "-shm") == 0 ||
				strcmp(e->d_name + len - 4, ".txt") == 0))
			continue;
		if (strcmp(e->d_name, best) > 0)
			snprintf(best, sizeof best, "%s", e->d_name);
	}
	closedir(d);
	if (!best[0])
		return 0;
	snprintf(note, sizeof note, "%s/%s.txt", dir, best);
	f = fopen(note, "r");
	/* line 1 the staff screen's, line 2 the whole words */
	for (int i = 0; f && i < (staff ? 1 : 2) && fgets(line, sizeof line, f); i++) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(out, out_size, "%s", line);
	}
	if (f)
		fclose(f);
	if (!out[0])
		snprintf(out, out_size, "answer store damaged; tell IT, keep %s", best);
	return 1;
}
