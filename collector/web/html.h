/* web_html: the text the results pages are built from.
 * Owns: a growing page buffer with a hard cap, HTML escaping, URL-component
 * encoding, and the page frame (NHS look, print styles, navigation, the
 * sign-out form carrying the session's CSRF token).
 * Promises: html_text and html_attr escape & < > " ' so stored text can
 * never become markup; once the cap is reached the buffer stops growing and
 * html_failed says so (the caller answers an error page, never a cut page). */
#ifndef COLL_WEB_HTML_H
#define COLL_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTML_PAGE_MAX (4u * 1024 * 1024)   /* one page at most */

typedef struct html {
	char *buf;          /* NUL-terminated when not NULL */
	size_t len, cap, max;
	bool failed;        /* out of memory or over max */
} html;

void html_init(html *h, size_t max);
void html_free(html *h);                 /* leaves h empty; safe twice */
/* Gives the buffer to the caller (free(3) it); h is left empty. */
char *html_take(html *h, size_t *len);
bool html_failed(const html *h);

void html_raw(html *h, const char *s);   /* markup written by us */
void html_rawf(html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_text(html *h, const char *s);  /* escaped; NULL prints nothing */
void html_textn(html *h, const char *s, size_t n);
/* Percent-encodes s for a URL path segment or query value. */
void html_url(html *h, const char *s);

/* Who the page is for: NULL on the sign-in page. */
typedef struct html_user {
	const char *name, *team, *csrf;
} html_user;

/* <!doctype> .. the header band and navigation .. <main>. title is text. */
void html_page_begin(html *h, const char *title, const html_user *u);
void html_page_end(html *h);              /* </main> .. </html> */

/* A hidden CSRF field for a POST form. */
void html_csrf_field(html *h, const char *csrf);

#endif
