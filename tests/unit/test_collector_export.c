/* export: the CSV files a ward team takes to its Quality Board and to NHS
 * England, read back as a spreadsheet would: the published and submission
 * FFT files against golden files (tests/golden/, FB_GOLDEN_UPDATE=1 rewrites
 * them), small numbers, the responses file's columns, cells and cuts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "../../collector/export.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"

typedef struct fixture {
	char dir[64];
	coll_store *st;
	coll_config cfg;
} fixture;

/* 2026-10-15T12:00:00Z */
#define OCT15 1792065600000LL

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fb_err err;
	char path[128];
	snprintf(f->dir, sizeof f->dir, "/tmp/fb-cexp.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof path, "%s/c.db", f->dir);
	coll_config_defaults(&f->cfg);
	snprintf(f->cfg.org_code, sizeof f->cfg.org_code, "RXT");
	snprintf(f->cfg.site_code, sizeof f->cfg.site_code, "RXT01");
	snprintf(f->cfg.site_codes, sizeof f->cfg.site_codes, "WARD2=RXT02");
	if (coll_store_open_sqlite(path, &f->st, &err) ||
	    coll_store_location_add(f->st, "WARD1", "Willow Ward", "willow", &err) ||
	    coll_store_location_add(f->st, "WARD2", "Oak, Ward", "oak", &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char cmd[128];
	coll_store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc;
}

/* n responses with this rating (ids made from seq), clear answers answers
 * ("{}" when NULL) and free text text */
static void put_full(fixture *f, const char *loc, int fft, int n, const char *answers,
		     const char *text, unsigned flags)
{
	static int seq;
	fb_err err;
	unsigned char digest[COLL_STORE_HASH_LEN] = {0};
	for (int i = 0; i < n; i++) {
		char id[40];
		coll_store_outcome o;
		snprintf(id, sizeof id, "019a0000-0000-7000-8000-%012d", ++seq);
		coll_store_response r = {
			.id = id, .digest = digest, .device_id = "kiosk-1", .location = loc,
			.survey_id = "fft", .survey_version = 1, .language = "en", .mode = "kiosk",
			.started_at_ms = OCT15, .submitted_at_ms = OCT15, .received_at_ms = OCT15,
			.duration_ms = 61400, .fft = fft, .flags = flags,
			.answers_json = answers ? answers : "{}", .free_text_json = text,
		};
		assert_int_equal(coll_store_responses_put(f->st, &r, 1, &o, &err), 0);
		assert_int_equal(o, COLL_STORE_STORED);
	}
}

static void put(fixture *f, const char *loc, int fft, int n, const char *text, unsigned flags)
{
	put_full(f, loc, fft, n, NULL, text, flags);
}

/* October 2026's export, for team (NULL = all). */
static char *export_of(fixture *f, coll_export_format fmt, const char *team, bool restricted)
{
	char *buf = NULL;
	size_t len = 0;
	fb_err err;
	coll_export_request rq = {.format = fmt, .team = team, .restricted = restricted};
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(coll_months_range("2026-10", &rq.from_ms, &rq.to_ms, &err), 0);
	assert_int_equal(coll_export_run(f->st, &f->cfg, &rq, m, &err), 0);
	fclose(m);
	return buf;
}

static char *export_text(fixture *f, coll_export_format fmt)
{
	return export_of(f, fmt, NULL, false);
}

/* git's test_cmp: the file must equal tests/golden/name byte for byte.
 * FB_GOLDEN_UPDATE=1 writes it instead (then read the diff before
 * committing). */
static void golden_cmp(const char *name, const char *got)
{
	char path[1024], *want = NULL;
	const char *src = getenv("FB_SRC");
	size_t len = 0;
	snprintf(path, sizeof path, "%s/tests/golden/%s", src && src[0] ? src : ".", name);
	if (getenv("FB_GOLDEN_UPDATE")) {
		FILE *o = fopen(path, "wb");
		assert_non_null(o);
		fputs(got, o);
		fclose(o);
		return;
	}
	FILE *g = fopen(path, "rb");
	if (!g)
		fail_msg("golden file %s is missing: run with FB_GOLDEN_UPDATE=1 to write it", path);
	FILE *m = open_memstream(&want, &len);
	int ch;
	while ((ch = fgetc(g)) != EOF)
		fputc(ch, m);
	fclose(g);
	fclose(m);
	if (strcmp(want, got) != 0) {
		size_t i = 0;
		while (want[i] && want[i] == got[i])
			i++;
		fail_msg("%s differs at byte %zu:\n--- want ---\n%.200s\n--- got ---\n%.200s", name, i,
			 want + i, got + i);
	}
	free(want);
}

/* One CSV record read back as a spreadsheet does (RFC 4180): its cells into
 * cells (malloc'd, NUL-terminated; free each), their count returned; *at
 * moves past the record. */
static size_t csv_record(const char **at, char **cells, size_t max)
{
	const char *p = *at;
	size_t n = 0;
	while (*p && n < max) {
		char *cell = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&cell, &len);
		if (*p == '"') {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"')
					fputc(*p++, m);
				else if (*p == '"')
					break;
				else
					fputc(*p, m);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != '\r')
				fputc(*p++, m);
		}
		fclose(m);
		cells[n++] = cell;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
		break;
	}
	*at = p;
	return n;
}

/* The cells of row `row` (0 = the header) of csv, after the BOM. */
static size_t csv_row(const char *csv, int row, char **cells, size_t max)
{
	const char *p = csv + 3;
	size_t n = 0;
	for (int r = 0; r <= row; r++) {
		for (size_t i = 0; i < n; i++)
			free(cells[i]);
		n = csv_record(&p, cells, max);
	}
	return n;
}

static void cells_free(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
}

/* The index of the header cell named name, or -1. */
static int column_of(const char *csv, const char *name)
{
	char *h[256];
	size_t n = csv_row(csv, 0, h, 256);
	int at = -1;
	for (size_t i = 0; i < n; i++)
		if (at < 0 && strcmp(h[i], name) == 0)
			at = (int)i;
	cells_free(h, n);
	return at;
}

/* Willow, October, as in finding 2: 81 + 54 + 1 + 0 + 1 + 1 = 138 at Willow
 * Ward, a few at Ash Ward; Oak has one location with 7. */
static void put_small_numbers(fixture *f)
{
	fb_err err;
	assert_int_equal(coll_store_location_add(f->st, "WARD3", "Ash Ward", "willow", &err), 0);
	put(f, "WARD1", 1, 81, NULL, 0);
	put(f, "WARD1", 2, 54, NULL, 0);
	put(f, "WARD1", 3, 1, NULL, 0);
	put(f, "WARD1", 5, 1, NULL, 0);
	put(f, "WARD1", 6, 1, NULL, 0);
	put(f, "WARD3", 1, 6, NULL, 0);
	put(f, "WARD3", 4, 2, NULL, 0);
	put(f, "WARD2", 2, 7, NULL, 0);
	put(f, "WARD1", 5, 9, NULL, 4u /* synthetic: never counted */);
}

static void test_submission_should_carry_real_counts_and_the_published_file_none_below_5(void **state)
{
	fixture *f = *state;
	char *cells[64];
	put_small_numbers(f);
	char *sub = export_text(f, COLL_EXPORT_FFT_SUBMISSION);
	char *pub = export_text(f, COLL_EXPORT_FFT_PUBLISHED);
	/* the return: the real counts, with Don't know in the total */
	assert_non_null(strstr(sub, "2026-10,RXT,RXT01,WARD1,Willow Ward,willow,81,54,1,0,1,1,138,"
				    "0.9783,0.0072,0,0,0,0,0,0,0,138\r\n"));
	assert_non_null(strstr(sub, "2026-10,RXT,RXT01,WARD3,Ash Ward,willow,6,0,0,2,0,0,8,0.7500,"
				    "0.2500,0,0,0,0,0,0,0,8\r\n"));
	assert_null(strchr(sub, '*'));
	/* published: no count from 1 to 4 anywhere, and no row with a single
	 * hidden count (it would be its total minus the rest) */
	int first = column_of(pub, "Very Good"), total = column_of(pub, "Total Responses");
	assert_true(first > 0 && total == first + 6);
	for (int r = 1; r < 6; r++) {
		size_t n = csv_row(pub, r, cells, 64);
		assert_int_equal(n, 4 + 6 + 3 + 8);
		int hidden = 0;
		for (int k = first; k <= total; k++) {
			char *end = NULL;
			long v = strtol(cells[k], &end, 10);
			if (strcmp(cells[k], "*") == 0)
				hidden++;
			else
				assert_true(*end == '\0' && (v == 0 || v >= 5));
		}
		assert_true(hidden == 0 || hidden >= 2);
		cells_free(cells, n);
	}
	/* and the published Willow Ward cannot be its real 1s */
	assert_null(strstr(pub, ",81,54,1,0,1,1,"));
	free(sub);
	free(pub);
}

static void test_published_file_should_match_its_golden_file(void **state)
{
	fixture *f = *state;
	put_small_numbers(f);
	char *pub = export_text(f, COLL_EXPORT_FFT_PUBLISHED);
	assert_memory_equal(pub, "\xEF\xBB\xBF" "Period,Team,Location Code,Location Name,Very Good,Good,"
			    "Neither Good nor Poor,Poor,Very Poor,Don't Know,Total Responses,"
			    "Percentage Positive,Percentage Negative,Mode SMS,Mode Electronic Discharge,"
			    "Mode Electronic Home,Mode Paper Discharge,Mode Paper Home,Mode Telephone,"
			    "Mode Online,Mode Other\r\n", 3 + 245);
	golden_cmp("fft-published.csv", pub);
	free(pub);
}

static void test_submission_file_should_match_its_golden_file(void **state)
{
	fixture *f = *state;
	put_small_numbers(f);
	f->cfg.fft_mode = 1;   /* Electronic Discharge */
	char *sub = export_text(f, COLL_EXPORT_FFT_SUBMISSION);
	assert_memory_equal(sub, "\xEF\xBB\xBF" "Period,Org Code,Site Code,Location Code,Location Name,Team,"
			    "1 Very Good,2 Good,3 Neither Good nor Poor,4 Poor,5 Very Poor,6 Dont Know,"
			    "Total Responses,Prop_Pos,Prop_Neg,Mode SMS,Mode Electronic Discharge,", 3 + 164);
	golden_cmp("fft-submission.csv", sub);
	free(sub);
}

static void test_submission_without_org_code_should_say_which_key_to_set(void **state)
{
	fixture *f = *state;
	char *buf = NULL;
	size_t len = 0;
	fb_err err;
	coll_export_request rq = {.format = COLL_EXPORT_FFT_SUBMISSION};
	f->cfg.org_code[0] = '\0';
	assert_int_equal(coll_months_range("2026-10", &rq.from_ms, &rq.to_ms, &err), 0);
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(coll_export_run(f->st, &f->cfg, &rq, m, &err), FB_ERR_INVALID);
	fclose(m);
	assert_non_null(strstr(err.msg, "set [results] org_code"));
	free(buf);
}

#define ANSWERS "{\"age\":\"25-34\",\"contact_opt_in\":\"yes\",\"helped_by\":[\"nurse\",\"reception\"],\"staff_kind\":4}"
#define TEXT "{\"do_better\":\"more chairs\",\"what_was_good\":\"kind staff\"," \
	     "\"contact_name\":\"Sam Jones\",\"contact_details\":\"07700 900123\"}"

static void test_responses_file_should_match_its_golden_file(void **state)
{
	fixture *f = *state;
	put_full(f, "WARD1", 1, 1, ANSWERS, TEXT, 0);
	put_full(f, "WARD2", 0, 1, "{\"age\":\"65+\"}", NULL, 1u /* partial */);
	put_full(f, "WARD1", 6, 1, NULL, "{\"what_was_good\":\"the garden\"}", 2u);
	char *csv = export_text(f, COLL_EXPORT_RESPONSES);
	golden_cmp("responses.csv", csv);
	free(csv);
	csv = export_of(f, COLL_EXPORT_RESPONSES, NULL, true);
	golden_cmp("responses-restricted.csv", csv);
	free(csv);
}

static void test_responses_should_put_times_in_uk_time_and_the_rating_as_code_and_words(void **state)
{
	fixture *f = *state;
	char *cells[64];
	put_full(f, "WARD1", 5, 1, NULL, NULL, 0);
	char *csv = export_text(f, COLL_EXPORT_RESPONSES);
	size_t n = csv_row(csv, 1, cells, 64);
	/* 12:00 UTC on 15 October is 13:00 in London (summer time) */
	assert_string_equal(cells[column_of(csv, "Submitted (Europe/London)")], "2026-10-15 13:00:00");
	assert_string_equal(cells[column_of(csv, "Received (Europe/London)")], "2026-10-15 13:00:00");
	assert_string_equal(cells[column_of(csv, "FFT Code")], "5");
	assert_string_equal(cells[column_of(csv, "FFT Answer")], "Very poor");
	assert_string_equal(cells[column_of(csv, "Duration (s)")], "61");
	assert_string_equal(cells[column_of(csv, "Location Name")], "Willow Ward");
	cells_free(cells, n);
	free(csv);
}

static void test_contact_details_should_be_only_in_the_restricted_file_in_their_own_columns(void **state)
{
	fixture *f = *state;
	char *cells[64];
	put_full(f, "WARD1", 1, 1, ANSWERS, TEXT, 0);
	char *open_csv = export_text(f, COLL_EXPORT_RESPONSES);
	assert_null(strstr(open_csv, "Sam Jones"));
	assert_null(strstr(open_csv, "07700"));
	assert_null(strstr(open_csv, "contact_name"));
	assert_non_null(strstr(open_csv, "kind staff"));
	char *csv = export_of(f, COLL_EXPORT_RESPONSES, NULL, true);
	size_t n = csv_row(csv, 1, cells, 64);
	assert_string_equal(cells[column_of(csv, "Contact: contact_name")], "Sam Jones");
	assert_string_equal(cells[column_of(csv, "Contact: contact_details")], "07700 900123");
	assert_string_equal(cells[column_of(csv, "what_was_good")], "kind staff");
	cells_free(cells, n);
	free(csv);
	free(open_csv);
}

/* More question ids than COLL_EXPORT_QUESTIONS_MAX, spread over the rows:
 * the first hundred met get columns (in every row that answered them, also
 * rows walked before the table filled), the rest and an id too long for a
 * column go to "Other answers" as JSON, in the rows that have them only. */
static void test_answers_past_the_hundredth_question_should_go_in_other_answers(void **state)
{
	fixture *f = *state;
	char answers[4096], *cells[COLL_EXPORT_QUESTIONS_MAX + 32];
	/* row 1: q000..q059; row 2: q000 and q060..q109; row 3: q105 and a long id */
	int used = snprintf(answers, sizeof answers, "{");
	for (int i = 0; i < 60; i++)
		used += snprintf(answers + used, sizeof answers - (size_t)used, "%s\"q%03d\":%d",
				 i ? "," : "", i, i);
	snprintf(answers + used, sizeof answers - (size_t)used, "}");
	put_full(f, "WARD1", 1, 1, answers, NULL, 0);
	used = snprintf(answers, sizeof answers, "{\"q000\":\"again\"");
	for (int i = 60; i < 110; i++)
		used += snprintf(answers + used, sizeof answers - (size_t)used, ",\"q%03d\":%d", i, i);
	snprintf(answers + used, sizeof answers - (size_t)used, "}");
	put_full(f, "WARD1", 2, 1, answers, NULL, 0);
	char longid[128];
	memset(longid, 'x', 100);
	longid[100] = '\0';
	snprintf(answers, sizeof answers, "{\"q105\":\"late\",\"%s\":\"long\"}", longid);
	put_full(f, "WARD1", 3, 1, answers, NULL, 0);
	char *csv = export_text(f, COLL_EXPORT_RESPONSES);
	assert_true(column_of(csv, "q099") > 0);
	assert_int_equal(column_of(csv, "q100"), -1);
	int other = column_of(csv, "Other answers");
	assert_true(other > column_of(csv, "q099"));
	for (int r = 1; r <= 3; r++) {
		size_t n = csv_row(csv, r, cells, COLL_EXPORT_QUESTIONS_MAX + 32);
		const char *fft = cells[column_of(csv, "FFT Code")];
		assert_int_equal(n, other + 1);                       /* every row as wide */
		if (strcmp(fft, "1") == 0) {
			assert_string_equal(cells[column_of(csv, "q000")], "0");
			assert_string_equal(cells[column_of(csv, "q059")], "59");
			assert_string_equal(cells[other], "");
		} else if (strcmp(fft, "2") == 0) {
			assert_string_equal(cells[column_of(csv, "q000")], "again");
			assert_string_equal(cells[column_of(csv, "q099")], "99");
			assert_string_equal(cells[other], "{\"q100\":100,\"q101\":101,\"q102\":102,"
					    "\"q103\":103,\"q104\":104,\"q105\":105,\"q106\":106,"
					    "\"q107\":107,\"q108\":108,\"q109\":109}");
		} else {
			assert_string_equal(fft, "3");
			assert_string_equal(cells[column_of(csv, "q000")], "");
			char want[160];
			snprintf(want, sizeof want, "{\"q105\":\"late\",\"%s\":\"long\"}", longid);
			assert_string_equal(cells[other], want);
		}
		cells_free(cells, n);
	}
	free(csv);
}

static void test_question_columns_should_come_in_their_documented_order(void **state)
{
	fixture *f = *state;
	char *cells[64];
	put_full(f, "WARD1", 1, 1, "{\"zeta\":\"z\"}", "{\"zz_note\":\"n\"}", 0);
	put_full(f, "WARD1", 1, 1, ANSWERS, TEXT, 0);
	char *csv = export_of(f, COLL_EXPORT_RESPONSES, NULL, true);
	size_t n = csv_row(csv, 0, cells, 64);
	const char *want[] = {"Safeguarding", "what_was_good", "do_better", "zz_note", "age",
			      "contact_opt_in", "helped_by", "staff_kind", "zeta",
			      "Contact: contact_name", "Contact: contact_details"};
	size_t at = (size_t)column_of(csv, "Safeguarding");
	assert_int_equal(n, at + sizeof want / sizeof want[0]);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_string_equal(cells[at + i], want[i]);
	cells_free(cells, n);
	n = csv_row(csv, 2, cells, 64);
	assert_string_equal(cells[column_of(csv, "helped_by")], "nurse; reception");
	assert_string_equal(cells[column_of(csv, "staff_kind")], "4");
	cells_free(cells, n);
	free(csv);
}

static void test_a_hostile_long_comment_should_stay_in_one_defused_cell_cut_under_excels_limit(void **state)
{
	fixture *f = *state;
	char *cells[64];
	size_t big = 40000;
	char *words = malloc(big + 1), *json = malloc(big + 100);
	const char *start = "=HYPERLINK(\"http://x\"), then\na new line";
	memset(words, 'x', big);
	memcpy(words, start, strlen(start));
	words[big] = '\0';
	/* JSON-escape the quote and the newline */
	size_t o = (size_t)snprintf(json, big + 100, "{\"what_was_good\":\"");
	for (size_t i = 0; i < big; i++) {
		if (words[i] == '"' || words[i] == '\n')
			json[o++] = '\\';
		json[o++] = words[i] == '\n' ? 'n' : words[i];
	}
	snprintf(json + o, big + 100 - o, "\"}");
	put_full(f, "WARD1", 2, 1, NULL, json, 0);
	put(f, "WARD1", 1, 1, "{\"what_was_good\":\"next one\"}", 0);
	char *csv = export_text(f, COLL_EXPORT_RESPONSES);
	size_t n = csv_row(csv, 1, cells, 64);
	int col = column_of(csv, "what_was_good");
	assert_int_equal(n, (size_t)col + 1);
	const char *cell = cells[col];
	/* a spreadsheet shows it as text, not a formula: the apostrophe */
	assert_memory_equal(cell, "'=HYPERLINK(\"http://x\"), then\na new line", 40);
	assert_true(strlen(cell) < 32767);
	assert_non_null(strstr(cell, "[cut: first 32000 of 40000 characters]"));
	assert_null(strstr(csv, ",=HYPERLINK"));
	cells_free(cells, n);
	/* the next row is whole: the cut cell did not swallow it */
	n = csv_row(csv, 2, cells, 64);
	assert_string_equal(cells[col], "next one");
	cells_free(cells, n);
	free(csv);
	free(words);
	free(json);
}

static void test_urdu_text_should_survive_whole_and_be_cut_only_between_characters(void **state)
{
	fixture *f = *state;
	char *cells[64];
	static const char urdu[] = "عملہ بہت مہربان تھا، شکریہ";   /* "the staff were very kind, thank you" */
	char json[256];
	snprintf(json, sizeof json, "{\"what_was_good\":\"%s\"}", urdu);
	put(f, "WARD1", 1, 1, json, 0);
	/* 20,000 two-byte letters: 40,000 bytes, cut at 32,000 bytes must not split one */
	size_t n_letters = 20001;
	char *big = malloc(n_letters * 2 + 64);
	size_t o = (size_t)sprintf(big, "{\"do_better\":\"x");
	for (size_t i = 0; i < n_letters - 1; i++)
		o += (size_t)sprintf(big + o, "ب");
	sprintf(big + o, "\"}");
	put(f, "WARD1", 1, 1, big, 0);
	char *csv = export_text(f, COLL_EXPORT_RESPONSES);
	size_t n = csv_row(csv, 1, cells, 64);
	assert_string_equal(cells[column_of(csv, "what_was_good")], urdu);
	cells_free(cells, n);
	n = csv_row(csv, 2, cells, 64);
	const char *cut = cells[column_of(csv, "do_better")];
	assert_true(fb_utf8_valid(cut, strlen(cut)));
	assert_non_null(strstr(cut, "[cut: first 16000 of 20001 characters]"));
	cells_free(cells, n);
	free(csv);
	free(big);
}

static void test_quality_board_should_show_no_count_below_5(void **state)
{
	fixture *f = *state;
	put_small_numbers(f);
	char *csv = export_of(f, COLL_EXPORT_QUALITY_BOARD, "willow", false);
	assert_non_null(strstr(csv, "Period,Location Code,Location Name,Team,Responses,"));
	assert_null(strstr(csv, ",1,"));
	assert_null(strstr(csv, ",2,"));
	assert_null(strstr(csv, ",81,54,1,"));
	free(csv);
}

static void test_responses_csv_should_quote_text_and_defuse_formulas(void **state)
{
	fixture *f = *state;
	put(f, "WARD1", 1, 1, "{\"good\":\"kind, \\\"really\\\" kind\"}", 0);
	put(f, "WARD1", 2, 1, "{\"good\":\"=HYPERLINK(\\\"http://x\\\")\"}", 0);
	put(f, "WARD1", 2, 1, "{\"good\":\"@SUM(1)\"}", 0);
	put(f, "WARD1", 2, 1, "{\"good\":\"\\tx\"}", 0);
	char *csv = export_text(f, COLL_EXPORT_RESPONSES);
	assert_non_null(strstr(csv, ",\"kind, \"\"really\"\" kind\"\r\n"));
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"));
	assert_non_null(strstr(csv, ",\"'@SUM(1)\"\r\n"));
	assert_non_null(strstr(csv, ",\"'\tx\"\r\n"));
	assert_null(strstr(csv, ",=HYPERLINK"));
	free(csv);
}

static void test_month_range_should_refuse_anything_but_year_and_month(void **state)
{
	int64_t from, to;
	fb_err err;
	assert_int_equal(coll_months_range("2026-13", &from, &to, &err), FB_ERR_INVALID);
	assert_int_equal(coll_months_range("2026-1", &from, &to, &err), FB_ERR_INVALID);
	assert_int_equal(coll_months_range("2026-10x", &from, &to, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "expected YYYY-MM"));
	assert_int_equal(coll_months_range("2026-12", &from, &to, &err), 0);
	assert_int_equal(from, 1796083200000LL);   /* 2026-12-01 */
	assert_int_equal(to, 1798761600000LL);     /* 2027-01-01 */
}

static void test_locations_list_should_stop_at_its_cap_and_say_more_were_left_out(void **state)
{
	fixture *f = *state;
	fb_err err;
	coll_store_location_list l = {0};
	assert_int_equal(coll_store_location_add(f->st, "WARD3", "Ash Ward", "willow", &err), 0);
	assert_int_equal(coll_store_location_add(f->st, "WARD4", "Elm Ward", "willow", &err), 0);

	assert_int_equal(coll_store_locations_list(f->st, "willow", 2, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.truncated);
	assert_string_equal(l.v[0].code, "WARD1");
	assert_string_equal(l.v[1].code, "WARD3");
	free(l.v);

	assert_int_equal(coll_store_locations_list(f->st, "willow", 3, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_false(l.truncated);
	assert_string_equal(l.v[2].code, "WARD4");
	assert_string_equal(l.v[2].name, "Elm Ward");
	assert_string_equal(l.v[2].team, "willow");
	free(l.v);

	assert_int_equal(coll_store_locations_list(f->st, NULL, SIZE_MAX, &l, &err), 0);
	assert_int_equal(l.n, 4);
	assert_false(l.truncated);
	free(l.v);

	assert_int_equal(coll_store_locations_list(f->st, "nobody", SIZE_MAX, &l, &err), 0);
	assert_int_equal(l.n, 0);
	assert_false(l.truncated);
	free(l.v);
}

int main(void)
{
	fb_err err;
	if (coll_months_use_zone("Europe/London", &err)) {   /* as main sets it */
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_submission_should_carry_real_counts_and_the_published_file_none_below_5),
		T(test_published_file_should_match_its_golden_file),
		T(test_submission_file_should_match_its_golden_file),
		T(test_submission_without_org_code_should_say_which_key_to_set),
		T(test_responses_file_should_match_its_golden_file),
		T(test_responses_should_put_times_in_uk_time_and_the_rating_as_code_and_words),
		T(test_contact_details_should_be_only_in_the_restricted_file_in_their_own_columns),
		T(test_answers_past_the_hundredth_question_should_go_in_other_answers),
		T(test_question_columns_should_come_in_their_documented_order),
		T(test_a_hostile_long_comment_should_stay_in_one_defused_cell_cut_under_excels_limit),
		T(test_urdu_text_should_survive_whole_and_be_cut_only_between_characters),
		T(test_quality_board_should_show_no_count_below_5),
		T(test_responses_csv_should_quote_text_and_defuse_formulas),
		cmocka_unit_test(test_month_range_should_refuse_anything_but_year_and_month),
		T(test_locations_list_should_stop_at_its_cap_and_say_more_were_left_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
