/* web_pages: the results pages themselves, one function per page.
 * Owns: what each page shows and how numbers are worded: counts from 1 to
 * suppress_below-1 as '*', percentages from such totals "too few responses
 * to show", FFT % positive = (Very good + Good) / all six answers.
 * Promises: a page only reads the locations, devices and responses of the
 * team it is given (web.c has already checked the person may see them);
 * every stored or typed text is escaped; lists are capped (comments paged
 * at WEB_COMMENTS_PAGE). Each function fills h with a whole page and returns
 * the HTTP status; a store error gives a 500 page and a line on stderr. */
#ifndef COLL_WEB_PAGES_H
#define COLL_WEB_PAGES_H

#include <stdint.h>

#include "../collector_config.h"
#include "../store/store.h"
#include "web.h"
#include "html.h"

#define WEB_COMMENTS_PAGE 50
#define WEB_COMMENT_PAGES_MAX 200     /* ?page= beyond this is refused */
#define WEB_LOCATIONS_MAX 500         /* per team, on any one page */
#define WEB_FLEET_MAX 2000
#define WEB_UNKNOWN_MAX 200           /* unknown location codes listed on /fleet */
#define WEB_SEARCH_MAX 100            /* bytes of ?q= */
#define WEB_TARGET_PCT 95.0           /* the strategy's % positive target */
#define WEB_SILENT_MS (24LL * 3600 * 1000)   /* a device quiet this long stands out */

typedef struct web_ctx {
	store *st;
	const coll_config *cfg;
	const web_request *req;
	html_user user;               /* the signed-in person; user.team scopes everything */
} web_ctx;

int web_page_home(const web_ctx *c, html *h);
int web_page_location(const web_ctx *c, const store_location *loc, html *h);
int web_page_team(const web_ctx *c, html *h);
int web_page_quality_board(const web_ctx *c, html *h);
/* Devices of the person's team; every device, and the location codes
 * responses came from that were never added, for [results] fleet_team (and
 * for everyone when no fleet_team is set: those codes belong to no team). */
int web_page_fleet(const web_ctx *c, html *h);
/* The sign-in form; message (may be NULL) is shown above it, user refilled. */
int web_page_login(html *h, int status, const char *csrf, const char *message,
		   const char *user);
/* A plain page saying what happened and what to do (u may be NULL). */
int web_page_message(html *h, const html_user *u, int status, const char *title,
		     const char *text);

/* Label of an FFT code 0..6 ("Very good" .. "Don't know", 0 "Not answered"). */
const char *web_fft_label(int fft);
/* The quarter "YYYY-Qn" as its first month's start and the end (exclusive);
 * FB_ERR_INVALID when not that shape. */
int web_quarter_range(const char *quarter, int64_t *from_ms, int64_t *to_ms, fb_err *err);
/* "YYYY-Qn" of the quarter holding ms (in the Trust's time zone, months.h). */
void web_quarter_name(int64_t ms, char out[8]);

#endif
