/* svg.c: the trend line and the answer bars (see svg.h). Both are drawn in
 * a viewBox and take the page's width (feedback.css: .fb-chart), so the
 * text sizes below are in viewBox units chosen to stay readable when a
 * 390 px phone shrinks the chart to about half. */
#include "svg.h"

#include <stdio.h>

#include "../export.h"

#define TREND_W 640
#define TREND_H 340
#define T_LEFT 64
#define T_RIGHT 16
#define T_TOP 28
#define T_BOTTOM 96     /* month names, then the legend on two lines */
#define T_FONT 18

static double trend_y(double pct)
{
	double plot = TREND_H - T_TOP - T_BOTTOM;
	return T_TOP + (100.0 - pct) / 100.0 * plot;
}

/* A month under target is a downward triangle, one on or above it a circle:
 * the shape says it, not only the colour. */
static void point(coll_html *h, double x, double y, bool under)
{
	if (under)
		coll_html_printf(h, "<path d=\"M%.1f %.1fl-8 -7h16z\" fill=\"#fff\" stroke=\"#D5281B\""
				 " stroke-width=\"3\"/>", x, y + 5);
	else
		coll_html_printf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"#005EB8\"/>", x, y);
}

void coll_svg_trend(coll_html *h, const char *title, const char *const *labels,
		    const double *pct, int n, double target_pct)
{
	if (n < 1)
		return;
	if (n > COLL_SVG_TREND_MAX)
		n = COLL_SVG_TREND_MAX;
	double plot_w = TREND_W - T_LEFT - T_RIGHT;
	double step = plot_w / n;
	/* month names thin out when they would touch (12 months on one line fit) */
	int every = step < 40 ? 2 : 1;

	coll_html_printf(h, "<svg class=\"fb-chart fb-trend\" role=\"img\" viewBox=\"0 0 %d %d\""
			 " preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\""
			 " font-family=\"Arial, sans-serif\" font-size=\"%d\">",
			 TREND_W, TREND_H, T_FONT);
	coll_html_raw(h, "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, "</title>");
	/* grid and axis labels */
	for (int g = 0; g <= 100; g += 25) {
		double y = trend_y(g);
		coll_html_printf(h, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#D8DDE0\"/>"
				 "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#4C6272\">%d%%</text>",
				 T_LEFT, y, TREND_W - T_RIGHT, y, T_LEFT - 8, y + 6, g);
	}
	/* the target: a dashed line, named in the legend below the plot so its
	 * label never sits on the data */
	double ty = trend_y(target_pct);
	coll_html_printf(h, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#D5281B\""
			 " stroke-width=\"2\" stroke-dasharray=\"8 5\"/>",
			 T_LEFT, ty, TREND_W - T_RIGHT, ty);
	/* the line: segments only between neighbouring months that both have a value */
	for (int i = 0; i + 1 < n; i++) {
		if (pct[i] < 0 || pct[i + 1] < 0)
			continue;
		coll_html_printf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#005EB8\""
				 " stroke-width=\"3\"/>",
				 T_LEFT + (i + 0.5) * step, trend_y(pct[i]),
				 T_LEFT + (i + 1.5) * step, trend_y(pct[i + 1]));
	}
	for (int i = 0; i < n; i++) {
		double x = T_LEFT + (i + 0.5) * step;
		if (pct[i] >= 0) {
			double y = trend_y(pct[i]);
			bool under = pct[i] < target_pct;
			/* the value above the point, or below it when the point is
			 * near the top or just over the target line */
			double ly = (y - T_TOP < 24 || (y <= ty && ty - y < 24)) ? y + 26 : y - 12;
			point(h, x, y, under);
			if (step >= 40)
				coll_html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#212B32\""
						 " font-size=\"16\">%.0f%%</text>", x, ly, pct[i]);
		} else if (pct[i] == COLL_SVG_TOO_FEW) {
			coll_html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#4C6272\">&#8211;</text>",
					 x, trend_y(0) - 8);
		}
		if (i % every == 0) {
			coll_html_printf(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#212B32\">", x,
					 TREND_H - T_BOTTOM + 24);
			coll_html_text(h, labels[i]);
			coll_html_raw(h, "</text>");
		}
	}
	/* the legend: what the line, the shapes and the dash mean */
	int ly1 = TREND_H - 40, ly2 = TREND_H - 12;
	coll_html_printf(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#D5281B\" stroke-width=\"2\""
			 " stroke-dasharray=\"8 5\"/><text x=\"%d\" y=\"%d\" fill=\"#212B32\">Target %.0f%%</text>",
			 T_LEFT, ly1 - 6, T_LEFT + 36, ly1 - 6, T_LEFT + 44, ly1, target_pct);
	point(h, T_LEFT + 200, ly1 - 6, true);
	coll_html_printf(h, "<text x=\"%d\" y=\"%d\" fill=\"#212B32\">under target</text>", T_LEFT + 214, ly1);
	coll_html_printf(h, "<text x=\"%d\" y=\"%d\" fill=\"#4C6272\">&#8211; too few responses to show;"
			 " no point: no responses</text>", T_LEFT, ly2);
	coll_html_raw(h, "</svg>");
}

#define BAR_W 640
#define BAR_ROW 40
#define B_LABEL 232
#define B_RIGHT 64

void coll_svg_bars(coll_html *h, const char *title, const char *const *labels,
		   const int64_t *counts, int n, int suppress_below)
{
	static const char *const colour[] = {"#007F3B", "#78BE20", "#768692", "#ED8B00",
					     "#D5281B", "#AEB7BD"};
	int64_t max = 0;
	int height = n * BAR_ROW + 10;
	for (int i = 0; i < n; i++)
		if (counts[i] > max)
			max = counts[i];
	coll_html_printf(h, "<svg class=\"fb-chart fb-bars\" role=\"img\" viewBox=\"0 0 %d %d\""
			 " preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\""
			 " font-family=\"Arial, sans-serif\" font-size=\"%d\">",
			 BAR_W, height, T_FONT);
	coll_html_raw(h, "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, "</title>");
	for (int i = 0; i < n; i++) {
		char t[24];
		int y = 5 + i * BAR_ROW;
		bool hidden = coll_export_count_hidden(counts[i], suppress_below);
		double w = 0;
		coll_export_count_text(counts[i], suppress_below, t, sizeof t);
		if (!hidden && max > 0)
			w = (double)(BAR_W - B_LABEL - B_RIGHT) * (double)counts[i] / (double)max;
		coll_html_printf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#212B32\">", B_LABEL - 10,
				 y + 25);
		coll_html_text(h, labels[i]);
		coll_html_raw(h, "</text>");
		if (w > 0)
			coll_html_printf(h, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
					 B_LABEL, y + 5, w, BAR_ROW - 10, colour[i % 6]);
		coll_html_printf(h, "<text x=\"%.1f\" y=\"%d\" fill=\"#212B32\" font-weight=\"bold\">%s</text>",
				 B_LABEL + w + 8, y + 25, t);
	}
	coll_html_raw(h, "</svg>");
}
