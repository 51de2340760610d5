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

/* NHS colours: blue #005EB8 band, grey-blue #F0F4F5 page, white cards,
 * #212B32 text. Print: no navigation or forms, black on white. */
static const char style[] =
	"<style>\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:#F0F4F5;color:#212B32;font-family:Arial,'Noto Sans',sans-serif;"
	"font-size:19px;line-height:1.45}\n"
	"a{color:#005EB8}a:visited{color:#330072}a:focus{outline:3px solid #FFEB3B;background:#FFEB3B;color:#212B32}\n"
	"header{background:#005EB8;color:#fff;padding:12px 24px;display:flex;flex-wrap:wrap;"
	"align-items:center;gap:8px 24px}\n"
	"header .service{font-weight:bold;font-size:22px;color:#fff;text-decoration:none}\n"
	"header nav a{color:#fff;margin-right:16px}\n"
	"header .who{margin-left:auto;font-size:16px}\n"
	"header form{display:inline;margin-left:8px}\n"
	"main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}\n"
	"h1{font-size:32px;margin:16px 0}h2{font-size:24px;margin:24px 0 8px}\n"
	".card{background:#fff;padding:16px 24px;margin:16px 0;border-bottom:4px solid #D8DDE0}\n"
	".figures{display:flex;flex-wrap:wrap;gap:16px}\n"
	".figure{background:#fff;padding:12px 20px;min-width:200px;border-bottom:4px solid #D8DDE0}\n"
	".figure .n{font-size:36px;font-weight:bold;display:block}\n"
	"table{border-collapse:collapse;width:100%;background:#fff}\n"
	"th,td{text-align:left;padding:8px;border-bottom:1px solid #D8DDE0;vertical-align:top}\n"
	"td.num,th.num{text-align:right}\n"
	".hint{color:#4C6272;font-size:16px}\n"
	".error{border-left:8px solid #D5281B;background:#fff;padding:12px 16px;margin:16px 0}\n"
	".flag{border-left:8px solid #D5281B}\n"
	".label{display:inline-block;font-weight:bold;padding:2px 8px;border:2px solid #212B32;"
	"font-size:16px}\n"
	".label.warn{background:#FFEB3B}\n"
	".label.bad{background:#D5281B;color:#fff;border-color:#D5281B}\n"
	".comment{background:#fff;padding:12px 16px;margin:12px 0}\n"
	".comment .meta{color:#4C6272;font-size:16px}\n"
	"input,select,button{font:inherit;padding:6px 8px;border:2px solid #212B32}\n"
	"button{background:#007F3B;color:#fff;border-color:#007F3B;font-weight:bold;cursor:pointer}\n"
	"header button{background:#fff;color:#005EB8;border-color:#fff;font-size:16px;padding:2px 8px}\n"
	"label{font-weight:bold;margin-right:8px}\n"
	"svg{max-width:100%;height:auto;background:#fff}\n"
	".wedid{border:2px dashed #4C6272;min-height:160px;padding:8px 12px;background:#fff}\n"
	".board{page-break-after:always;break-after:page}\n"
	"@media print{header nav,header form,form.filter,.noprint{display:none}"
	"body{background:#fff;font-size:12pt}header{background:#fff;color:#000;border-bottom:3px solid #005EB8}"
	"header .service{color:#000}.card,.figure,.comment{border:1px solid #999}}\n"
	"</style>\n";

void coll_html_page_begin(coll_html *h, const char *title, const coll_html_user *u)
{
	coll_html_raw(h, "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		      "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, " - Patient feedback results</title>\n");
	put(h, style, sizeof style - 1);
	coll_html_raw(h, "</head><body>\n<header><a class=\"service\" href=\"/\">Patient feedback results</a>");
	if (u) {
		coll_html_raw(h, "<nav aria-label=\"Main\"><a href=\"/\">Your locations</a>"
			      "<a href=\"/team\">Whole team</a><a href=\"/quality-board\">Quality Board</a>"
			      "<a href=\"/fleet\">Devices</a></nav><span class=\"who\">Signed in as ");
		coll_html_text(h, u->name);
		coll_html_raw(h, " (team ");
			      coll_html_text(h, u->team);
			      coll_html_raw(h, ")<form method=\"post\" action=\"/logout\">");
		coll_html_csrf_field(h, u->csrf);
		coll_html_raw(h, "<button type=\"submit\">Sign out</button></form></span>");
	}
	coll_html_raw(h, "</header>\n<main>\n");
}

void coll_html_page_end(coll_html *h)
{
	coll_html_raw(h, "\n</main></body></html>\n");
}
