/* form.c: the Cookie header and form body parsers of the results pages
 * (form.h). */
#include "form.h"

#include <string.h>

#include "fb_err.h"

/* The value of cookie name in a Cookie header; false when absent or too long. */
bool coll_web_cookie_get(const char *header, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = header;
	if (!p)
		return false;
	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			size_t vlen = len - nlen - 1;
			while (vlen > 0 && p[nlen + 1 + vlen - 1] == ' ')
				vlen--;
			if (vlen == 0 || vlen >= size)
				return false;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return true;
		}
		p += len;
	}
	return false;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A field of an application/x-www-form-urlencoded body, decoded into out
 * (form.h). out is "" unless the field is found and fits: a caller that
 * shows it after a refusal shows nothing, never a part or what was there. */
int coll_web_form_get(const char *body, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = body;
	if (size == 0)
		return FB_ERR_INVALID;
	out[0] = '\0';
	if (!p)
		return FB_ERR_NOTFOUND;
	while (*p) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len >= nlen && strncmp(p, name, nlen) == 0 && (len == nlen || p[nlen] == '=')) {
			size_t o = 0;
			for (size_t i = nlen + 1; i < len; i++) {
				char ch = p[i];
				if (ch == '+') {
					ch = ' ';
				} else if (ch == '%' && i + 2 < len && hexval(p[i + 1]) >= 0 &&
					   hexval(p[i + 2]) >= 0) {
					ch = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
					i += 2;
				}
				/* %00 would end the value as a string, cutting the rest */
				if (o + 1 >= size || ch == '\0') {
					out[0] = '\0';
					return FB_ERR_INVALID;
				}
				out[o++] = ch;
			}
			out[o] = '\0';
			return 0;
		}
		p += len;
		if (*p == '&')
			p++;
	}
	return FB_ERR_NOTFOUND;
}
