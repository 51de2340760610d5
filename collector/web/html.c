/* html.c: page buffer, escaping and the page frame (see html.h). */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void coll_html_init(coll_html *h, size_t max)
{
	memset(h, 0, sizeof *h);
	h->max = max ? max : COLL_HTML_PAGE_MAX;
}

void coll_html_free(coll_html *h)
{
	size_t max = h->max;
	free(h->buf);
	memset(h, 0, sizeof *h);
	h->max = max;
}

char *coll_html_take(coll_html *h, size_t *len)
{
	char *b = h->buf;
	*len = h->len;
	h->buf = NULL;
	h->len = h->cap = 0;
	return b;
}

bool coll_html_failed(const coll_html *h)
{
	return h->failed;
}

/* Makes room for n more bytes (and the NUL); false once failed. */
static bool reserve(coll_html *h, size_t n)
{
	if (h->failed)
		return false;
	if (h->len + n + 1 > h->max) {
		h->failed = true;
		return false;
	}
	if (h->len + n + 1 <= h->cap)
		return true;
	size_t cap = h->cap ? h->cap : 8192;
	while (cap < h->len + n + 1)
		cap *= 2;
	if (cap > h->max)
		cap = h->max;
	char *nb = realloc(h->buf, cap);
	if (!nb) {
		h->failed = true;
		return false;
	}
	h->buf = nb;
	h->cap = cap;
	return true;
}

static void put(coll_html *h, const char *s, size_t n)
{
	if (!reserve(h, n))
		return;
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void coll_html_raw(coll_html *h, const char *s)
{
	if (s)
		put(h, s, strlen(s));
}

void coll_html_rawf(coll_html *h, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		h->failed = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		put(h, small, (size_t)n);
		return;
	}
	if (!reserve(h, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(h->buf + h->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	h->len += (size_t)n;
}

void coll_html_textn(coll_html *h, const char *s, size_t n)
{
	size_t start = 0;
	if (!s)
		return;
	for (size_t i = 0; i < n && s[i]; i++) {
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
			coll_html_raw(h, rep);
			start = i + 1;
		}
		if (i + 1 == n || !s[i + 1])
			put(h, s + start, i + 1 - start);
	}
}

void coll_html_text(coll_html *h, const char *s)
{
	if (s)
		coll_html_textn(h, s, strlen(s));
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
	coll_html_raw(h, style);
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
