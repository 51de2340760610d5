/* svg.c: the trend line and the answer bars (see svg.h). */
#include "svg.h"

#include <stdio.h>


#define TREND_W 680
#define TREND_H 280
#define T_LEFT 56
#define T_RIGHT 16
#define T_TOP 20
#define T_BOTTOM 44

static double trend_y(double pct)
{
	double plot = TREND_H - T_TOP - T_BOTTOM;
	return T_TOP + (100.0 - pct) / 100.0 * plot;
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

	coll_html_printf(h, "<svg class=\"trend\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
			 " xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Arial, sans-serif\" font-size=\"13\">",
			 TREND_W, TREND_H, TREND_W, TREND_H);
	coll_html_raw(h, "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, "</title>");
	/* grid and axis labels */
	for (int g = 0; g <= 100; g += 25) {
		double y = trend_y(g);
		coll_html_printf(h, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#D8DDE0\"/>"
				 "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#4C6272\">%d%%</text>",
				 T_LEFT, y, TREND_W - T_RIGHT, y, T_LEFT - 6, y + 4, g);
	}
	/* the target */
	double ty = trend_y(target_pct);
	coll_html_printf(h, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#D5281B\""
			 " stroke-width=\"2\" stroke-dasharray=\"8 5\"/>"
			 "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#D5281B\" font-weight=\"bold\">"
			 "Target %.0f%%</text>",
			 T_LEFT, ty, TREND_W - T_RIGHT, ty, TREND_W - T_RIGHT, ty - 5, target_pct);
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
			coll_html_printf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#005EB8\"/>"
					 "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#212B32\">%.0f%%</text>",
					 x, trend_y(pct[i]), x, trend_y(pct[i]) - 10, pct[i]);
		} else if (pct[i] == COLL_SVG_TOO_FEW) {
			coll_html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#4C6272\">*</text>",
					 x, trend_y(0) - 6);
		}
		coll_html_printf(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#212B32\">", x,
				 TREND_H - T_BOTTOM + 18);
		coll_html_text(h, labels[i]);
		coll_html_raw(h, "</text>");
	}
	coll_html_printf(h, "<text x=\"%d\" y=\"%d\" fill=\"#4C6272\">* too few responses to show; no point: no responses</text>",
			 T_LEFT, TREND_H - 8);
	coll_html_raw(h, "</svg>");
}

#define BAR_W 680
#define BAR_ROW 34
#define B_LABEL 190
#define B_RIGHT 70

void coll_svg_bars(coll_html *h, const char *title, const char *const *labels,
		   const int64_t *counts, const bool *hidden_count, int n)
{
	static const char *const colour[] = {"#007F3B", "#78BE20", "#768692", "#ED8B00",
					     "#D5281B", "#AEB7BD"};
	int64_t max = 0;
	int height = n * BAR_ROW + 10;
	for (int i = 0; i < n; i++)    /* shown bars only: a hidden one must not set the scale */
		if (!hidden_count[i] && counts[i] > max)
			max = counts[i];
	coll_html_printf(h, "<svg class=\"bars\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
			 " xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Arial, sans-serif\" font-size=\"15\">",
			 BAR_W, height, BAR_W, height);
	coll_html_raw(h, "<title>");
	coll_html_text(h, title);
	coll_html_raw(h, "</title>");
	for (int i = 0; i < n; i++) {
		char t[24];
		int y = 5 + i * BAR_ROW;
		bool hidden = hidden_count[i];
		double w = 0;
		if (hidden)
			snprintf(t, sizeof t, "*");
		else
			snprintf(t, sizeof t, "%lld", (long long)counts[i]);
		if (!hidden && max > 0)
			w = (double)(BAR_W - B_LABEL - B_RIGHT) * (double)counts[i] / (double)max;
		coll_html_printf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#212B32\">", B_LABEL - 8,
				 y + 21);
		coll_html_text(h, labels[i]);
		coll_html_raw(h, "</text>");
		if (w > 0)
			coll_html_printf(h, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
					 B_LABEL, y + 4, w, BAR_ROW - 8, colour[i % 6]);
		coll_html_printf(h, "<text x=\"%.1f\" y=\"%d\" fill=\"#212B32\" font-weight=\"bold\">%s</text>",
				 B_LABEL + w + 6, y + 21, t);
	}
	coll_html_raw(h, "</svg>");
}
