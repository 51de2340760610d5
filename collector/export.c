#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "months.h"
#include "response.h"

int coll_export_format_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "responses") == 0)
		return COLL_EXPORT_RESPONSES;
	if (strcmp(name, "fft-monthly") == 0)
		return COLL_EXPORT_FFT_MONTHLY;
	if (strcmp(name, "quality-board") == 0)
		return COLL_EXPORT_QUALITY_BOARD;
	return -1;
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

/* A CSV cell: quoted when needed; text a spreadsheet would run as a formula
 * gets a leading apostrophe. */
static void put_cell(FILE *f, const char *s, bool last)
{
	if (!s)
		s = "";
	bool formula = strchr("=+-@\t\r", s[0]) && s[0] != '\0';
	if (formula || strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		if (formula)
			fputc('\'', f);
		for (const char *c = s; *c; c++) {
			if (*c == '"')
				fputc('"', f);
			fputc(*c, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static void put_int(FILE *f, int64_t n, bool last)
{
	fprintf(f, "%lld%s", (long long)n, last ? "\r\n" : ",");
}

static void put_time(FILE *f, int64_t ms, bool last)
{
	char t[32];
	fb_format_utc(ms, t, sizeof t);
	put_cell(f, t, last);
}

static const char *const flag_words[] = {"partial", "rapid_repeat", "synthetic"};

static int row_out(void *ctx, const coll_store_row *r)
{
	FILE *f = ctx;
	char flags[64] = "";
	for (unsigned b = 0; b < 3; b++) {
		if (r->flags & (1u << b)) {
			if (flags[0])
				strcat(flags, " ");
			strcat(flags, flag_words[b]);
		}
	}
	put_cell(f, r->id, false);
	put_cell(f, r->location, false);
	put_cell(f, r->device_id, false);
	put_cell(f, r->survey_id, false);
	put_int(f, r->survey_version, false);
	put_cell(f, r->language, false);
	put_cell(f, r->mode, false);
	put_time(f, r->submitted_at_ms, false);
	put_time(f, r->effective_at_ms, false);
	put_time(f, r->received_at_ms, false);
	put_int(f, r->duration_ms, false);
	put_int(f, r->fft, false);
	put_cell(f, flags, false);
	put_cell(f, r->safeguarding ? "yes" : "no", false);
	put_cell(f, r->answers_json, false);
	put_cell(f, r->free_text_json, true);
	return ferror(f) ? FB_ERR_IO : 0;
}

static void put_count(FILE *f, int64_t n, int sup, bool last)
{
	char t[24];
	coll_export_count_text(n, sup, t, sizeof t);
	put_cell(f, t, last);
}

static void put_prop(FILE *f, int64_t part, int64_t total, int sup, bool pct, bool last)
{
	char t[24];
	if (total == 0)
		snprintf(t, sizeof t, "%s", "");
	else if (coll_export_share_hidden(part, total, sup))
		snprintf(t, sizeof t, "*");
	else if (pct)
		snprintf(t, sizeof t, "%.0f%%", 100.0 * (double)part / (double)total);
	else
		snprintf(t, sizeof t, "%.4f", (double)part / (double)total);
	put_cell(f, t, last);
}

static int write_summary(coll_store *s, const coll_config *cfg, coll_export_format fmt,
			 const char *team, int64_t from_ms, int64_t to_ms, FILE *f,
			 fb_err *err)
{
	coll_store_location_list locs = {0};
	char period[24], m1[8], m2[8];
	int sup = cfg->suppress_below;
	int rc = coll_store_locations_list(s, team, SIZE_MAX, &locs, err);
	if (rc)
		goto out;
	coll_months_name(from_ms, m1);
	coll_months_name(to_ms - 1, m2);
	snprintf(period, sizeof period, strcmp(m1, m2) ? "%s to %s" : "%s", m1, m2);
	if (fmt == COLL_EXPORT_QUALITY_BOARD) {
		/* an NHS financial-year quarter is named as the Quality Board names it */
		char qid[COLL_MONTHS_FYQ_ID];
		int64_t qf = 0, qt = 0;
		fb_err qerr;
		coll_months_fyq_id(from_ms, qid);
		if (coll_months_fyq_range(qid, &qf, &qt, &qerr) == 0 && qf == from_ms && qt == to_ms)
			coll_months_fyq_label(from_ms, period);
	}
	if (fmt == COLL_EXPORT_FFT_MONTHLY)
		fprintf(f, "Period,Location Code,Location Name,Team,1 Very Good,2 Good,"
			   "3 Neither Good nor Poor,4 Poor,5 Very Poor,6 Dont Know,"
			   "Total Responses,Prop_Pos,Prop_Neg,%s\r\n", cfg->fft_mode_column);
	else
		fprintf(f, "Period,Location Code,Location Name,Team,Responses,Percent Positive,"
			   "Percent Negative,Very good,Good,Neither good nor poor,Poor,Very poor,"
			   "Don't know,Comments\r\n");
	for (size_t i = 0; i < locs.n; i++) {
		int64_t c[7], text[7];
		coll_store_query q = {.location = locs.v[i].code, .from_ms = from_ms, .to_ms = to_ms};
		rc = coll_store_fft_counts(s, &q, c, err);
		if (rc)
			goto out;
		int64_t total = c[1] + c[2] + c[3] + c[4] + c[5] + c[6];
		put_cell(f, period, false);
		put_cell(f, locs.v[i].code, false);
		put_cell(f, locs.v[i].name, false);
		put_cell(f, locs.v[i].team, false);
		if (fmt == COLL_EXPORT_FFT_MONTHLY) {
			for (int k = 1; k <= 6; k++)
				put_count(f, c[k], sup, false);
			put_count(f, total, sup, false);
			put_prop(f, c[1] + c[2], total, sup, false, false);
			put_prop(f, c[4] + c[5], total, sup, false, false);
			put_count(f, total, sup, true);
		} else {
			q.with_text_only = true;
			rc = coll_store_fft_counts(s, &q, text, err);
			if (rc)
				goto out;
			int64_t comments = 0;
			for (int k = 0; k <= 6; k++)
				comments += text[k];
			put_count(f, total, sup, false);
			put_prop(f, c[1] + c[2], total, sup, true, false);
			put_prop(f, c[4] + c[5], total, sup, true, false);
			for (int k = 1; k <= 6; k++)
				put_count(f, c[k], sup, false);
			put_count(f, comments, sup, true);
		}
	}
out:
	free(locs.v);
	return rc;
}

int coll_export_write(coll_store *s, const coll_config *cfg, coll_export_format fmt,
		      const char *team, int64_t from_ms, int64_t to_ms, FILE *f,
		      fb_err *err)
{
	int rc = 0;
	fputs("\xEF\xBB\xBF", f);   /* UTF-8 byte-order mark */
	if (fmt == COLL_EXPORT_RESPONSES) {
		fputs("id,location,device,survey,survey_version,language,mode,submitted_at_device,"
		      "submitted_at,received_at,duration_ms,fft,flags,safeguarding,answers,"
		      "free_text\r\n", f);
		coll_store_query q = {.team = team, .from_ms = from_ms, .to_ms = to_ms,
				 .stored_order = true};
		rc = coll_store_responses_each(s, &q, row_out, f, err);
		if (rc && rc != FB_ERR_IO)
			goto out;
	} else {
		rc = write_summary(s, cfg, fmt, team, from_ms, to_ms, f, err);
		if (rc)
			goto out;
	}
	if (rc || fflush(f) != 0 || ferror(f))
		rc = fb_err_set(err, FB_ERR_IO, "unable to write the export; check the disk has room");
out:
	return rc;
}
