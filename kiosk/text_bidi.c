/* text_bidi: bidi per paragraph with libfribidi. See text_bidi.h.
 * A paragraph is resolved once (UAX #9 rules P to I) and every line broken
 * from it is reordered with those levels (rule L), which is what keeps
 * "116 123" and "saved." the right way round whatever the line breaks are.
 * Phone numbers go to fribidi wrapped in LRI ... PDI: inside a right-to-left
 * paragraph the space between digit groups is a neutral between two numbers
 * and would otherwise take the paragraph's direction (UAX #9 rule N1),
 * swapping the groups. The marks are ours, never drawn. */
#include "text_bidi.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

static bool bidi_is_digit(FriBidiChar c)
{
	return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) ||
	       (c >= 0x6F0 && c <= 0x6F9);
}

/* The end of a phone number starting at k (an optional '+', then two or
 * more groups of digits with one space between), or k when there is none. */
static int bidi_phone_end(const FriBidiChar *cp, int n, int k)
{
	int j = k, groups = 0, end = k;
	if (j < n && cp[j] == '+')
		j++;
	while (j < n && bidi_is_digit(cp[j])) {
		while (j < n && bidi_is_digit(cp[j]))
			j++;
		groups++;
		end = j;
		if (j + 1 < n && cp[j] == ' ' && bidi_is_digit(cp[j + 1]))
			j++;
		else
			break;
	}
	return groups >= 2 ? end : k;
}

int kiosk_bidi_resolve(kiosk_bidi_para *p, const char *utf8, size_t len,
		       bool rtl)
{
	int rc = -1;
	struct kiosk_bidi_work *w = &p->work;
	size_t i = 0;
	p->n = 0;
	p->rtl = rtl;
	while (i < len) {
		ucs4_t c;
		int k = u8_mbtoucr(&c, (const uint8_t *)utf8 + i, len - i);
		if (k <= 0 || p->n >= KIOSK_BIDI_MAX_CHARS)
			goto out;
		p->byte_of[p->n] = i;
		p->cp[p->n++] = c;
		i += (size_t)k;
	}
	p->byte_of[p->n] = len;
	if (p->n == 0) {
		rc = 0;
		goto out;
	}
	int m = 0;
	for (int k = 0; k < p->n;) {
		int e = bidi_phone_end(p->cp, p->n, k);
		if (e == k) {
			w->real[m] = k;
			w->cp[m++] = p->cp[k++];
			continue;
		}
		w->real[m] = -1;
		w->cp[m++] = FRIBIDI_CHAR_LRI;
		for (; k < e; k++) {
			w->real[m] = k;
			w->cp[m++] = p->cp[k];
		}
		w->real[m] = -1;
		w->cp[m++] = FRIBIDI_CHAR_PDI;
	}
	/* Weak: the paragraph's own first strong character decides (rule P2);
	 * the language only when there is none. */
	FriBidiParType base = rtl ? FRIBIDI_PAR_WRTL : FRIBIDI_PAR_WLTR;
	fribidi_get_bidi_types(w->cp, m, w->types);
	fribidi_get_bracket_types(w->cp, m, w->types, w->brackets);
	if (!fribidi_get_par_embedding_levels_ex(w->types, w->brackets, m, &base,
						 w->levels))
		goto out;
	p->rtl = FRIBIDI_IS_RTL(base) != 0;
	for (int k = 0; k < m; k++) {
		if (w->real[k] < 0)
			continue;
		p->types[w->real[k]] = w->types[k];
		p->levels[w->real[k]] = w->levels[k];
	}
	rc = 0;
out:
	if (rc)
		p->n = 0;
	return rc;
}

int kiosk_bidi_line(const kiosk_bidi_para *p, int first, int count,
		    int *vis, FriBidiLevel *levels)
{
	FriBidiLevel lv[KIOSK_BIDI_MAX_CHARS];
	if (first < 0 || count < 0 || first + count > p->n)
		return -1;
	if (count == 0)
		return 0;
	memcpy(lv, p->levels + first, (size_t)count * sizeof lv[0]);
	for (int k = 0; k < count; k++)
		vis[k] = first + k;
	if (!fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, p->types + first, count,
				  0, p->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
				  lv, NULL, vis))
		return -1;
	if (levels)
		memcpy(levels, lv, (size_t)count * sizeof lv[0]);
	return 0;
}

int kiosk_bidi_index(const kiosk_bidi_para *p, size_t off)
{
	int lo = 0, hi = p->n;
	while (lo < hi) {                 /* byte_of is increasing */
		int mid = (lo + hi) / 2;
		if (p->byte_of[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return p->byte_of[lo] == off ? lo : -1;
}

int kiosk_bidi_visual(const char *utf8, size_t para_len, size_t off,
		      size_t len, bool rtl, char *out, size_t n)
{
	int rc = -1, o = 0;
	kiosk_bidi_para *p = malloc(sizeof *p);
	int *vis = malloc(KIOSK_BIDI_MAX_CHARS * sizeof *vis);
	FriBidiLevel *lv = malloc(KIOSK_BIDI_MAX_CHARS * sizeof *lv);
	if (!p || !vis || !lv || n == 0 || off + len > para_len)
		goto out;
	if (kiosk_bidi_resolve(p, utf8, para_len, rtl) != 0)
		goto out;
	int first = kiosk_bidi_index(p, off), last = kiosk_bidi_index(p, off + len);
	if (first < 0 || last < 0 || kiosk_bidi_line(p, first, last - first,
						     vis, lv) != 0)
		goto out;
	for (int k = 0; k < last - first; k++) {
		FriBidiChar c = p->cp[vis[k]], mirror;
		uint8_t buf[6];
		/* what HarfBuzz draws: brackets mirrored in right-to-left runs */
		if (FRIBIDI_LEVEL_IS_RTL(lv[vis[k] - first]) &&
		    fribidi_get_mirror_char(c, &mirror))
			c = mirror;
		int b = u8_uctomb(buf, c, sizeof buf);
		if (b <= 0 || (size_t)(o + b) >= n)
			break;
		memcpy(out + o, buf, (size_t)b);
		o += b;
	}
	out[o] = '\0';
	rc = o;
out:
	free(lv);
	free(vis);
	free(p);
	return rc;
}

bool kiosk_bidi_para_rtl(const char *utf8, size_t len, bool rtl)
{
	size_t i = 0;
	int isolates = 0;
	while (i < len) {
		ucs4_t c;
		int k = u8_mbtoucr(&c, (const uint8_t *)utf8 + i, len - i);
		if (k <= 0)
			break;
		i += (size_t)k;
		FriBidiCharType t = fribidi_get_bidi_type(c);
		if (FRIBIDI_IS_ISOLATE(t) && c != FRIBIDI_CHAR_PDI)
			isolates++;
		else if (c == FRIBIDI_CHAR_PDI && isolates > 0)
			isolates--;
		else if (isolates == 0 && FRIBIDI_IS_LETTER(t))
			return FRIBIDI_IS_RTL(t) != 0;
	}
	return rtl;
}
