/* html: the text the results pages are built from.
 * Owns: a growing page buffer with a hard cap, HTML escaping, URL-component
 * encoding, and the page frame (NHS look, print styles, navigation, the
 * sign-out form carrying the session's CSRF token).
 * Promises: coll_html_text and html_attr escape & < > " ' so stored text can
 * never become markup; once the cap is reached the buffer stops growing and
 * coll_html_failed says so (the caller answers an error page, never a cut page). */
#ifndef COLL_HTML_H
#define COLL_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COLL_HTML_PAGE_MAX (4u * 1024 * 1024)   /* one page at most */

typedef struct coll_html {
	char *buf;          /* NUL-terminated when not NULL */
	size_t len, cap, max;
	bool failed;        /* out of memory or over max */
} coll_html;

void coll_html_init(coll_html *h, size_t max);
void coll_html_free(coll_html *h);                 /* leaves h empty; safe twice */
/* Gives the buffer to the caller (free(3) it); h is left empty. */
char *coll_html_take(coll_html *h, size_t *len);
bool coll_html_failed(const coll_html *h);

void coll_html_raw(coll_html *h, const char *s);   /* markup written by us */
void coll_html_rawf(coll_html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void coll_html_text(coll_html *h, const char *s);  /* escaped; NULL prints nothing */
void coll_html_textn(coll_html *h, const char *s, size_t n);
/* Percent-encodes s for a URL path segment or query value. */
void coll_html_url(coll_html *h, const char *s);

/* Who the page is for: NULL on the sign-in page. */
typedef struct coll_html_user {
	const char *name, *team, *csrf;
} coll_html_user;

/* <!doctype> .. the header band and navigation .. <main>. title is text. */
void coll_html_page_begin(coll_html *h, const char *title, const coll_html_user *u);
void coll_html_page_end(coll_html *h);              /* </main> .. </html> */

/* A hidden CSRF field for a POST form. */
void coll_html_csrf_field(coll_html *h, const char *csrf);

#endif
