/* svg.c: the trend line and the answer bars (see svg.h). Each chart is
 * drawn twice, once laid out for a wide page and once for a phone, and
 * feedback.css shows one of them (.fb-chart--wide / --narrow): a single
 * drawing scaled to 390 px would shrink its text to unreadable, and one
 * drawn for a phone would be huge on a desk. Both take the page's width;
 * the hidden one is display: none, so a screen reader meets one chart. */
#include "svg.h"

#include <stdio.h>

typedef struct geometry {
	const char *cls;        /* fb-chart--wide / fb-chart--narrow */
	int w, h, left, right, top, bottom, font;
} geometry;

/* the trend: month names below the plot, then a two-line legend */
static const geometry trend_geo[2] = {
	{"fb-chart--wide", 960, 360, 64, 16, 28, 96, 17},
	{"fb-chart--narrow", 360, 300, 44, 8, 24, 92, 14},
};

static double trend_y(const geometry *g, double pct)
{
	double plot = g->h - g->top - g->bottom;
	return g->top + (100.0 - pct) / 100.0 * plot;
}

/* A month under target is a hollow downward triangle, one on or above it a
 * filled circle: the shape says it, not only the colour. */
static void point(coll_html *h, double x, double y, bool under)
{
	if (under)
		coll_html_printf(h, "<path d=\"M%.1f %.1fl-8 -7h16z\" fill=\"#fff\" stroke=\"#D5281B\""
				 " stroke-width=\"3\"/>", x, y + 5);
	else
		coll_html_printf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"#005EB8\"/>", x, y);
}

static void trend_one(coll_html *h, const geometry *g, const char *title, const char *const *labels,
		      const double *pct, int n, double target_pct)
{
	double step = (double)(g->w - g->left - g->right) / n;
	/* month names and values thin out when they would touch */
	int every = step < 2.2 * g->font ? 2 : 1;
	bool values = step >= 2.6 * g->font;

	coll_html_printf(h, "<svg class=\"fb-chart fb-trend %s\" role=\"img\" viewBox=\"0 0 %d %d\""
			 " preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\""
			 " font-family=\"Arial, sans-serif\" font-size=\"%d\">",
			 g->cls, g->w, g->h, g->font);
	coll_html_raw(h, "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, "</title>");
	for (int v = 0; v <= 100; v += 25) {
		double y = trend_y(g, v);
		coll_html_printf(h, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#D8DDE0\"/>"
				 "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#4C6272\">%d%%</text>",
				 g->left, y, g->w - g->right, y, g->left - 6, y + g->font / 3.0, v);
	}
	/* the target: a dashed line, named in the legend below the plot so its
	 * label never sits on the data */
	double ty = trend_y(g, target_pct);
	coll_html_printf(h, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#D5281B\""
			 " stroke-width=\"2\" stroke-dasharray=\"8 5\"/>",
			 g->left, ty, g->w - g->right, ty);
	/* the line: segments only between neighbouring months that both have a value */
	for (int i = 0; i + 1 < n; i++) {
		if (pct[i] < 0 || pct[i + 1] < 0)
			continue;
		coll_html_printf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#005EB8\""
				 " stroke-width=\"3\"/>",
				 g->left + (i + 0.5) * step, trend_y(g, pct[i]),
				 g->left + (i + 1.5) * step, trend_y(g, pct[i + 1]));
	}
	for (int i = 0; i < n; i++) {
		double x = g->left + (i + 0.5) * step;
		if (pct[i] >= 0) {
			double y = trend_y(g, pct[i]);
			/* the value above its point, or below it when above would be
			 * off the top or on the target line */
			double above = y - 12, below = y + g->font + 8;
			bool on_line = above > ty - g->font && above - g->font < ty + 2;
			double ly = (above - g->font < 0 || on_line) ? below : above;
			point(h, x, y, pct[i] < target_pct);
			if (values)
				coll_html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
						 " fill=\"#212B32\">%.0f%%</text>", x, ly, pct[i]);
		} else if (pct[i] == COLL_SVG_TOO_FEW) {
			coll_html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#4C6272\">"
					 "&#8211;</text>", x, trend_y(g, 0) - 8);
		}
		if ((n - 1 - i) % every == 0) {   /* the last month always named */
			coll_html_printf(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#212B32\">", x,
					 g->h - g->bottom + g->font + 8);
			coll_html_text(h, labels[i]);
			coll_html_raw(h, "</text>");
		}
	}
	/* the legend: what the dashes, the triangle and the dash mean */
	int l1 = g->h - g->bottom / 2 + 2, l2 = g->h - 10;
	coll_html_printf(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#D5281B\" stroke-width=\"2\""
			 " stroke-dasharray=\"8 5\"/><text x=\"%d\" y=\"%d\" fill=\"#212B32\">Target %.0f%%</text>",
			 g->left, l1 - g->font / 3, g->left + 30, l1 - g->font / 3, g->left + 36, l1, target_pct);
	int tx = g->left + 36 + 7 * g->font;
	point(h, tx, l1 - g->font / 3 - 2, true);
	coll_html_printf(h, "<text x=\"%d\" y=\"%d\" fill=\"#212B32\">under target</text>", tx + 14, l1);
	coll_html_printf(h, "<text x=\"%d\" y=\"%d\" fill=\"#4C6272\">&#8211; too few responses;"
			 " no point: none</text>", g->left, l2);
	coll_html_raw(h, "</svg>");
}

void coll_svg_trend(coll_html *h, const char *title, const char *const *labels,
		    const double *pct, int n, double target_pct)
{
	if (n < 1)
		return;
	if (n > COLL_SVG_TREND_MAX)
		n = COLL_SVG_TREND_MAX;
	for (int i = 0; i < 2; i++)
		trend_one(h, &trend_geo[i], title, labels, pct, n, target_pct);
}

static const geometry bar_geo[2] = {
	/* left: the answer's label column; right: room for the count */
	{"fb-chart--wide", 720, 0, 220, 60, 0, 0, 17},
	{"fb-chart--narrow", 360, 0, 168, 36, 0, 0, 14},
};

static void bars_one(coll_html *h, const geometry *g, const char *title, const char *const *labels,
		     const int64_t *counts, const bool *hidden_count, int n)
{
	static const char *const colour[] = {"#007F3B", "#78BE20", "#768692", "#ED8B00",
					     "#D5281B", "#AEB7BD"};
	int row = 2 * g->font + 4;
	int64_t max = 0;
	int height = n * row + 10;
	for (int i = 0; i < n; i++)    /* shown bars only: a hidden one must not set the scale */
		if (!hidden_count[i] && counts[i] > max)
			max = counts[i];
	coll_html_printf(h, "<svg class=\"fb-chart fb-bars %s\" role=\"img\" viewBox=\"0 0 %d %d\""
			 " preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\""
			 " font-family=\"Arial, sans-serif\" font-size=\"%d\">",
			 g->cls, g->w, height, g->font);
	coll_html_raw(h, "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, "</title>");
	for (int i = 0; i < n; i++) {
		char t[24];
		int y = 5 + i * row;
		bool hidden = hidden_count[i];
		double w = 0;
		if (hidden)
			snprintf(t, sizeof t, "*");
		else
			snprintf(t, sizeof t, "%lld", (long long)counts[i]);
		if (!hidden && max > 0)
			w = (double)(g->w - g->left - g->right) * (double)counts[i] / (double)max;
		coll_html_printf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#212B32\">", g->left - 8,
				 y + row / 2 + g->font / 3);
		coll_html_text(h, labels[i]);
		coll_html_raw(h, "</text>");
		if (w > 0)
			coll_html_printf(h, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
					 g->left, y + 4, w, row - 8, colour[i % 6]);
		coll_html_printf(h, "<text x=\"%.1f\" y=\"%d\" fill=\"#212B32\" font-weight=\"bold\">%s</text>",
				 g->left + w + 6, y + row / 2 + g->font / 3, t);
	}
	coll_html_raw(h, "</svg>");
}

void coll_svg_bars(coll_html *h, const char *title, const char *const *labels,
		   const int64_t *counts, const bool *hidden_count, int n)
{
	for (int i = 0; i < 2; i++)
		bars_one(h, &bar_geo[i], title, labels, counts, hidden_count, n);
}
