/* pages_shared: what the page files (pages.c, pages_results.c, pages_board.c,
 * pages_fleet.c) share, and nothing else includes.
 * Promises: every FFT count and share a page shows comes from one
 * suppressed coll_results (collector/results.h), through
 * coll_results_count_text and coll_page_share_*; other counts (compliments)
 * through coll_page_count_text; times and months are in the Trust's zone
 * (months.h). */
#ifndef COLL_PAGES_SHARED_H
#define COLL_PAGES_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pages.h"
#include "svg.h"
#include "../results.h"

/* A row callback's "enough, stop" (not an fb_code). */
#define COLL_PAGE_WALK_STOP 1000

/* The query-string argument name, or NULL. */
const char *coll_page_arg(const coll_web_ctx *c, const char *name);
/* A count as shown: '*' for 1..suppress_below-1. */
void coll_page_count_text(const coll_web_ctx *c, int64_t n, char *out, size_t size);
/* All six answers (k[0], not answered, left out). */
int64_t coll_page_fft_total(const int64_t k[7]);
/* A share from r (collector/results.h) in a table cell: "65%", or "–" with
 * the reason in words beside it. */
void coll_page_share_cell(coll_html *h, const coll_results *r, const coll_sup_row *row, bool positive);
void coll_page_time_text(int64_t ms, char *out, size_t size);    /* "5 Nov 2026 14:30" */
void coll_page_month_long(int64_t ms, char *out, size_t size);   /* "November 2026" */
void coll_page_month_short(int64_t ms, char *out, size_t size);  /* "Nov" */
/* Says on stderr what failed and makes h the 500 page; returns 500. */
int coll_page_store_failed(const coll_web_ctx *c, coll_html *h, const fb_err *err);

/* "Answers to each question" (pages_versions.c): the responses of location
 * (else of the signed-in team) in [from, to), per group of survey versions
 * asking the same questions; headline is the period's row shown above (its
 * hidden total hides every figure here too). */
int coll_page_versions_section(const coll_web_ctx *c, coll_html *h, const char *location,
			       int64_t from, int64_t to, const coll_sup_row *headline, fb_err *err);

/* ---- page parts on the NHS.UK frontend's components (pages.c) ---- */

/* The team's name ([team CODE] name) or its code. */
const char *coll_page_team_name(const coll_web_ctx *c);
/* The signed-in team's % positive target. */
int coll_page_target(const coll_web_ctx *c);
/* One headline figure as an nhsuk-card: label, the figure ("65%", "12", or
 * "–") and, when the figure is not shown, why in plain words (not bold);
 * with target > 0, "Target N%" under it and, when pct is shown and below,
 * the under-target mark. */
void coll_page_figure(coll_html *h, const char *label, const char *value, const char *why,
		      double pct, int target);
/* "▼ under the 95% target" in words and shape when pct (0..100) is below
 * target; nothing when it is not, or pct < 0 (not shown). */
void coll_page_target_mark(coll_html *h, double pct, int target);
/* A GET form choosing ?month= among the 24 months up to now's, for the page
 * at base (a path of ours); from is the month shown. */
void coll_page_month_picker(coll_html *h, const char *base, int64_t from, int64_t now_ms);
/* The frontend's pagination: Previous/Next links (href NULL: none) with
 * their labels. */
void coll_page_pagination(coll_html *h, const char *prev_href, const char *prev_label,
			  const char *next_href, const char *next_label);
/* Previous/next quarter links for the page at base (a path of ours, taking
 * ?quarter=), for the quarter [from, to); no next once to is past now. */
void coll_page_quarter_pagination(coll_html *h, const char *base, int64_t from, int64_t to,
				  int64_t now_ms);

/* A table on the frontend's nhsuk-table. responsive: on a phone each row
 * becomes a block with the column's heading beside each value (for tables of
 * more than two or three columns; the frontend's responsive table). Columns
 * whose bit is set in numeric are right-aligned. Cells are written between
 * coll_page_cell_begin and coll_page_cell_end (any escaped content), or with
 * coll_page_cell (text). */
typedef struct coll_page_table {
	coll_html *h;
	const char *const *heads;
	int n, col;
	unsigned numeric;
	bool responsive;
} coll_page_table;
void coll_page_table_begin(coll_page_table *t, coll_html *h, const char *caption,
			   const char *const *heads, int n, unsigned numeric, bool responsive);
void coll_page_row_begin(coll_page_table *t);
void coll_page_cell_begin(coll_page_table *t);
void coll_page_cell_end(coll_page_table *t);
void coll_page_cell(coll_page_table *t, const char *text);
void coll_page_row_end(coll_page_table *t);
void coll_page_table_end(coll_page_table *t);

/* Walks comments into h (a coll_store_responses_each callback, ctx a
 * coll_page_comment_walk): skips skip rows, shows at most max, then sets more
 * and stops with COLL_PAGE_WALK_STOP. */
typedef struct coll_page_comment_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int skip;          /* rows before this page */
	int max;           /* rows to show */
	int seen, shown;
	bool more;
	bool hide_flagged; /* Quality Board: flagged comments are not for a wall */
	bool show_location;
	const coll_store_location_list *names;  /* to name show_location's codes, or NULL */
	size_t text_max;   /* bytes of each answer shown (0: a page's usual 4000) */
	bool action_button;  /* "Make an action from this comment" under each */
	const char *themes_back;  /* non-NULL: each comment's themes (from themes) and
				   * coding form (pages_themes.c), returning to this page */
	const struct coll_page_themes_map *themes;
} coll_page_comment_walk;

int coll_page_comment_out(void *ctx, const coll_store_row *r);
/* What a free-text answer's key is called on the pages: "What was good",
 * "What could be better", "Contact details" (every "contact..." key), else
 * the key itself. */
const char *coll_page_answer_label(const char *key);

/* ---- themes (pages_themes.c) ---- */

/* 0 when there is a framework and the person may code; else h is the page
 * saying so ("This collector has no themes framework, so <so>.", 404; or
 * "<what> is for people with the results or patient experience role.
 * <outcome>", 403) and its status. */
int coll_page_coding_refused(const coll_web_ctx *c, coll_html *h, const char *so, const char *what,
			     const char *outcome);
/* Whether code is in the comma-separated list (NULL: none). */
bool coll_page_list_has(const char *list, const char *code);
/* A tick box per sub-category of fw, under its group's legend: id
 * "<id_prefix>CODE", name "<name_prefix>CODE" (value 1), ticked when CODE is
 * in the comma-separated ticked (NULL: none); with keys, each of the first
 * 36 carries its key (a..z, 0..9, data-key, shown beside the name) for
 * coding.js. The coding form and the action's "Which themes does it
 * answer?" both use it. */
void coll_page_theme_boxes(coll_html *h, const coll_themes_framework *fw, const char *id_prefix,
			   const char *name_prefix, const char *ticked, bool keys);
/* The form coding answer qname ("good", "better") of response id, posting
 * to /themes/code and coming back to back: the theme boxes (categories
 * ticked) and the sentiment (ticked when 1..5), each with its key, and
 * "Save coding"; with skip (a path of ours), "Save and show the next" and a
 * "Skip this one" link to skip. */
void coll_page_coding_form(const coll_web_ctx *c, coll_html *h, const char *id, const char *qname,
			   const char *back, const char *categories, int sentiment, const char *skip);
/* The coding and suggestions of the comments a walk of q will show (rows
 * skip .. skip+max), read before the walk: a row callback cannot query the
 * store. *out NULL (and 0) when themes are off; free with _free. */
typedef struct coll_page_themes_map coll_page_themes_map;
int coll_page_themes_map_load(const coll_web_ctx *c, const coll_store_query *q, int skip, int max,
			      coll_page_themes_map **out, fb_err *err);
void coll_page_themes_map_free(coll_page_themes_map *m);   /* NULL is a no-op */
/* One answer ("good", "better") of response id: the model's suggestion
 * (its categories, comma-separated, into categories, and its sentiment;
 * *have false when none), and whether a person has coded it. */
int coll_page_theme_suggestion(const coll_web_ctx *c, const char *id, const char *question,
			       char *categories, size_t size, int *sentiment, bool *have, fb_err *err);
int coll_page_theme_coded(const coll_web_ctx *c, const char *id, const char *question, bool *coded,
			  fb_err *err);
/* Under comment r: each answer's coding, else its suggested themes (marked
 * as suggestions), from m, and for those who may code the form, posting to
 * /themes/code and coming back to back (a path of ours) at the comment. */
void coll_page_theme_coding(const coll_web_ctx *c, coll_html *h, const coll_store_row *r, const char *back,
			    const coll_page_themes_map *m);
/* "What people are telling us" for the quarter holding month_from, of
 * location (the team when NULL), each theme linking to base?quarter=&theme=. */
int coll_page_themes_section(const coll_web_ctx *c, coll_html *h, const char *location, const char *base,
			     int64_t month_from, fb_err *err);
/* The Quality Board's "What you told us": location's most mentioned themes
 * in [from, to) (a quarter), each with its count, how many of the quarter's
 * actions answer it, and the quote the team chose for it (a blockquote of
 * the stored words, gone with them); for those who may code, a form
 * (not printed) choosing the quote from the theme's comments. */
int coll_page_themes_board(const coll_web_ctx *c, coll_html *h, const char *location, int64_t from,
			   int64_t to, fb_err *err);
/* The names of the theme codes in list (comma-separated), "A, B and C",
 * escaped into h; "no theme" when empty. A code the framework lacks (it
 * changed) is shown as the code. */
void coll_page_theme_names(const coll_web_ctx *c, coll_html *h, const char *list);

/* ---- flagged comments (pages_safeguarding.c) ---- */

/* A flagged comment's state in words, with the "Mark seen" and "Mark
 * actioned" forms it still needs (posting back to the page shown). Nothing
 * for a comment that is not flagged. */
void coll_page_flag_state(const coll_web_ctx *c, coll_html *h, const coll_store_row *r);
/* At the top of a results page: how many flagged comments of location (of
 * the person's team when NULL), of any month, are not yet seen, and where to
 * read them. Nothing when none. */
int coll_page_flag_notice(const coll_web_ctx *c, coll_html *h, const char *location, fb_err *err);
/* Whether the email alerts are going out: off, all sent, or each one not
 * sent yet with its tries and last error (the safeguarding and admin pages). */
int coll_page_alerts_card(const coll_web_ctx *c, coll_html *h, fb_err *err);

#endif
