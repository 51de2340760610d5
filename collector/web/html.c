/* html.c: page buffer, escaping and the page frame (see html.h). The buffer
 * is lib/buf.h's fb_buf; coll_html_printf is a small printf of its own so
 * that %s can escape (the numbers are still formatted by snprintf). */
#include "html.h"

#include <stdarg.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void coll_html_init(coll_html *h, size_t max)
{
	/* the cap counts the NUL, as it always has */
	fb_buf_init(&h->b, (max ? max : COLL_HTML_PAGE_MAX) - 1);
}

void coll_html_free(coll_html *h)
{
	fb_buf_free(&h->b);
	h->b.failed = h->b.over = false;
}

char *coll_html_take(coll_html *h, size_t *len)
{
	return fb_buf_take(&h->b, len);
}

bool coll_html_failed(const coll_html *h)
{
	return h->b.failed;
}

static void put(coll_html *h, const char *s, size_t n)
{
	fb_buf_add(&h->b, s, n);
}

void coll_html_raw_literal_(coll_html *h, const char *lit)
{
	put(h, lit, strlen(lit));
}

void coll_html_add_html(coll_html *h, const coll_html *part)
{
	if (part->b.failed) {
		fb_buf_free(&h->b);
		h->b.failed = true;
		return;
	}
	if (part->b.len)
		put(h, part->b.data, part->b.len);
}

void coll_html_textn(coll_html *h, const char *s, size_t n)
{
	size_t start = 0, i = 0;
	if (!s)
		return;
	for (; i < n && s[i]; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: break;
		}
		if (rep) {
			put(h, s + start, i - start);
			put(h, rep, strlen(rep));
			start = i + 1;
		}
	}
	put(h, s + start, i - start);
}

void coll_html_text(coll_html *h, const char *s)
{
	if (s)
		coll_html_textn(h, s, strlen(s));
}

/* The same escaping serves a quoted attribute value: " and ' are escaped. */
void coll_html_attr(coll_html *h, const char *s)
{
	coll_html_text(h, s);
}

/* One number conversion: spec is "%" flags width .prec length conv, with no
 * '*'. The format is ours (checked by the compiler at the caller's
 * coll_html_printf through its format attribute), not data. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void put_number(coll_html *h, const char *spec, const char *len, char conv, va_list *ap)
{
	char out[128];
	int n = -1;
	bool l1 = strcmp(len, "l") == 0, ll = strcmp(len, "ll") == 0;
	bool z = strcmp(len, "z") == 0, j = strcmp(len, "j") == 0, none = len[0] == '\0';
	bool hh = strcmp(len, "hh") == 0, h1 = strcmp(len, "h") == 0;
	switch (conv) {
	case 'd': case 'i':
		if (none || hh || h1)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, int));
		else if (l1)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, long));
		else if (ll)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, long long));
		else if (z)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, ssize_t));
		else if (j)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, intmax_t));
		break;
	case 'u': case 'x': case 'X': case 'o':
		if (none || hh || h1)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, unsigned));
		else if (l1)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long));
		else if (ll)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long long));
		else if (z)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, size_t));
		else if (j)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, uintmax_t));
		break;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
		if (none || l1)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, double));
		break;
	default:
		break;
	}
	if (n < 0 || (size_t)n >= sizeof out) {
		fb_buf_free(&h->b);
		h->b.failed = true;
		return;
	}
	put(h, out, (size_t)n);
}
#pragma GCC diagnostic pop

void coll_html_printf(coll_html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p && !h->b.failed) {
		const char *pc = strchr(p, '%');
		if (!pc) {
			put(h, p, strlen(p));
			break;
		}
		put(h, p, (size_t)(pc - p));
		const char *q = pc + 1;
		if (*q == '%') {
			put(h, "%", 1);
			p = q + 1;
			continue;
		}
		q += strspn(q, "-+ #0");
		q += strspn(q, "0123456789");
		bool star_prec = false;
		long prec = -1;
		if (*q == '.') {
			q++;
			if (*q == '*') {
				star_prec = true;
				q++;
			} else {
				prec = strtol(q, NULL, 10);
				q += strspn(q, "0123456789");
			}
		}
		const char *lp = q;
		q += strspn(q, "hlzj");
		char len[4] = "", spec[32];
		size_t ln = (size_t)(q - lp), sn = (size_t)(q - pc) + 1;
		char conv = *q;
		if (!conv || ln >= sizeof len || sn >= sizeof spec || (star_prec && conv != 's') ||
		    ((conv == 's' || conv == 'c') && ln)) {
			fb_buf_free(&h->b);
			h->b.failed = true;
			break;
		}
		memcpy(len, lp, ln);
		len[ln] = '\0';
		memcpy(spec, pc, sn);
		spec[sn] = '\0';
		if (conv == 's') {
			if (star_prec)
				prec = va_arg(ap, int);
			const char *s = va_arg(ap, const char *);
			if (s)
				coll_html_textn(h, s, prec >= 0 ? (size_t)prec : strlen(s));
		} else if (conv == 'c') {
			char c = (char)va_arg(ap, int);
			coll_html_textn(h, &c, 1);
		} else {
			put_number(h, spec, len, conv, &ap);
		}
		p = q + 1;
	}
	va_end(ap);
}

void coll_html_url(coll_html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.' || *c == '~') {
			put(h, (const char *)c, 1);
		} else {
			char e[3] = {'%', hex[*c >> 4], hex[*c & 15]};
			put(h, e, 3);
		}
	}
}

void coll_html_csrf_field(coll_html *h, const char *csrf)
{
	coll_html_raw(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
	coll_html_text(h, csrf);
	coll_html_raw(h, "\">");
}

/* The page frame is the NHS.UK frontend's (header, width container, main
 * wrapper), styled by its CSS and ours, both served from /assets/ under a
 * CSP that allows no inline style and no script. FB_VERSION in the links
 * makes an upgrade fetch them again despite their long cache life. */
#ifndef FB_VERSION
#define FB_VERSION "dev"
#endif

static const char nhs_logo[] =
	"<svg class=\"nhsuk-header__logo\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 80\""
	" height=\"40\" width=\"100\" focusable=\"false\" role=\"img\" aria-label=\"NHS\"><title>NHS</title>"
	"<path fill=\"currentcolor\" d=\"M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 "
	"16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 "
	"15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5"
	"-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6"
	"-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z\"/></svg>";

void coll_html_page_begin(coll_html *h, const char *title, const coll_html_user *u)
{
	coll_html_raw(h, "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		      "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, " - Patient feedback results</title>\n"
		      "<link rel=\"stylesheet\" href=\"/assets/nhsuk-frontend.min.css?v=" FB_VERSION "\">\n"
		      "<link rel=\"stylesheet\" href=\"/assets/feedback.css?v=" FB_VERSION "\">\n"
		      "<link rel=\"icon\" href=\"/assets/images/favicon.svg\" type=\"image/svg+xml\">\n");
	if (u && u->themes)   /* the coding forms' keys; the pages work without it */
		coll_html_raw(h, "<script src=\"/assets/coding.js?v=" FB_VERSION "\" defer></script>\n");
	coll_html_raw(h, "</head><body>\n"
		      "<a class=\"nhsuk-skip-link\" href=\"#maincontent\">Skip to main content</a>\n"
		      "<header class=\"nhsuk-header\" role=\"banner\"><div class=\"nhsuk-header__container"
		      " nhsuk-width-container\"><div class=\"nhsuk-header__service\">"
		      "<a class=\"nhsuk-header__service-logo\" href=\"/\" aria-label=\"NHS Patient feedback"
		      " results homepage\">");
	put(h, nhs_logo, sizeof nhs_logo - 1);
	coll_html_raw(h, "<span class=\"nhsuk-header__service-name\">Patient feedback results</span></a></div>");
	if (u) {
		coll_html_raw(h, "<nav class=\"nhsuk-header__account fb-noprint\" aria-label=\"Account\">"
			      "<ul class=\"nhsuk-header__account-list\"><li class=\"nhsuk-header__account-item\">"
			      "Signed in as ");
		coll_html_text(h, u->name);
		coll_html_raw(h, " (team ");
		coll_html_text(h, u->team);
		coll_html_raw(h, ")</li><li class=\"nhsuk-header__account-item\">"
			      "<form class=\"nhsuk-header__account-form\" method=\"post\" action=\"/logout\">");
		coll_html_csrf_field(h, u->csrf);
		coll_html_raw(h, "<button class=\"nhsuk-header__account-button\" type=\"submit\">Sign out"
			      "</button></form></li></ul></nav>");
	}
	coll_html_raw(h, "</div>");
	if (u)
		coll_html_raw(h, "<nav class=\"nhsuk-header__navigation fb-noprint\" aria-label=\"Menu\">"
			      "<div class=\"nhsuk-header__navigation-container nhsuk-width-container\">"
			      "<ul class=\"nhsuk-header__navigation-list fb-nav-list\">"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/\">Your locations</a></li>"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/team\">Whole team</a></li>"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/actions\">Actions</a></li>"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/quality-board\">Quality Board</a></li>"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/safeguarding\">Safeguarding</a></li>"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/fleet\">Devices</a></li>");
	if (u && u->themes)
		coll_html_raw(h, "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/themes\">Themes</a></li>");
	if (u && u->role && (strcmp(u->role, "patient-experience") == 0 || strcmp(u->role, "admin") == 0))
		coll_html_raw(h, "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/report\">Trust report</a></li>"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/settings\">Tablet settings</a></li>");
	if (u && u->role && strcmp(u->role, "patient-experience") == 0)
		coll_html_raw(h, "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/volunteers\">Volunteers</a></li>"
			      "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/erasure\">Erasure</a></li>");
	if (u && u->role && strcmp(u->role, "admin") == 0)
		coll_html_raw(h, "<li class=\"nhsuk-header__navigation-item\"><a class=\"nhsuk-header__navigation-link\""
			      " href=\"/admin\">Admin</a></li>");
	if (u)
		coll_html_raw(h, "</ul></div></nav>");
	coll_html_raw(h, "</header>\n<div class=\"nhsuk-width-container\">"
		      "<main class=\"nhsuk-main-wrapper\" id=\"maincontent\">\n");
}

void coll_html_page_end(coll_html *h)
{
	coll_html_raw(h, "\n</main></div></body></html>\n");
}
