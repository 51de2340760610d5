/* html: the text the results pages are built from.
 * Owns: a growing page buffer with a hard cap (lib/buf.h), HTML escaping,
 * URL-component encoding, and the page frame on the NHS.UK frontend (its
 * header with the service name, navigation and the sign-out form carrying
 * the session's CSRF token; width container; the frontend's CSS and
 * feedback.css linked from /assets/, no inline style, no script).
 * Promises: escaping is the default. coll_html_printf escapes every %s, and
 * coll_html_text and coll_html_attr escape & < > " ' , so stored or typed text
 * can never become markup, in element text or in a quoted attribute value.
 * Raw markup is written only with coll_html_raw, which takes only a string
 * literal (anything else does not compile). Once the cap is reached the
 * buffer is emptied and stops growing, and coll_html_failed says so (the
 * caller answers an error page, never a cut page). */
#ifndef COLL_HTML_H
#define COLL_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define COLL_HTML_PAGE_MAX (4u * 1024 * 1024)   /* one page at most */

/* On the stack or in a struct; only the functions below touch b. */
typedef struct coll_html {
	fb_buf b;
} coll_html;

/* An empty page of at most max bytes (0: COLL_HTML_PAGE_MAX). */
void coll_html_init(coll_html *h, size_t max);
void coll_html_free(coll_html *h);        /* leaves h empty and usable; safe twice */
/* Gives the buffer to the caller (free(3) it); h is left empty. */
char *coll_html_take(coll_html *h, size_t *len);
bool coll_html_failed(const coll_html *h);

/* printf into the page with every %s HTML-escaped (NULL prints nothing; a
 * precision, %.20s or %.*s, limits the bytes; a width is ignored). Numbers
 * (%d %u %ld %lld %zu %x %f %.1f ...) are written as printf would; %c is
 * escaped like %s. Any other conversion (%p, %n, %ls) fails the page. */
void coll_html_printf(coll_html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void coll_html_text(coll_html *h, const char *s);  /* escaped; NULL prints nothing */
void coll_html_textn(coll_html *h, const char *s, size_t n);  /* at most n bytes, escaped */
/* s escaped for a quoted attribute value (value="..."); NULL prints nothing. */
void coll_html_attr(coll_html *h, const char *s);
/* Percent-encodes s for a URL path segment or query value. */
void coll_html_url(coll_html *h, const char *s);

/* Markup written by us: lit must be a string literal ("" lit "" does not
 * compile otherwise). Never pass data here; use coll_html_printf. */
#define coll_html_raw(h, lit) coll_html_raw_literal_((h), "" lit "")
void coll_html_raw_literal_(coll_html *h, const char *lit);  /* only through coll_html_raw */

/* Appends part (built with these calls, so already escaped) to h; when part
 * failed, h fails too. part is left as it was. */
void coll_html_add_html(coll_html *h, const coll_html *part);

/* Who the page is for: NULL on the sign-in page. */
typedef struct coll_html_user {
	const char *name, *team, *csrf;
	const char *role;       /* users.h's role name; NULL is results (the admin link shows for admin) */
	bool themes;            /* may code comments: the menu has Themes */
} coll_html_user;

/* <!doctype> .. the header band and navigation .. <main>. title is text. */
void coll_html_page_begin(coll_html *h, const char *title, const coll_html_user *u);
void coll_html_page_end(coll_html *h);     /* </main> .. </html> */

/* A hidden CSRF field for a POST form. */
void coll_html_csrf_field(coll_html *h, const char *csrf);

#endif
