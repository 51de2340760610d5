/* pages_fleet.c: the devices page: each device's last heartbeat, what it is
 * waiting to send, its last error, and the location codes responses came with
 * that were never added (see pages.h). */
#include "pages_shared.h"

#include <stdio.h>
#include <string.h>

/* ---- fleet ---------------------------------------------------------------- */

/* "5 minutes", "3 days": an age given in seconds (negative read as 0). */
static void age_text(int64_t s, char *out, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, size, "%lld seconds", (long long)s);
	else if (s < 2 * 3600)
		snprintf(out, size, "%lld minutes", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(out, size, "%lld hours", (long long)(s / 3600));
	else
		snprintf(out, size, "%lld days", (long long)(s / 86400));
}

typedef struct fleet_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int rows, silent;
	bool truncated;
} fleet_walk;

static int fleet_out(void *ctx, const coll_store_fleet_row *r)
{
	fleet_walk *w = ctx;
	coll_html *h = w->h;
	int64_t now = w->c->req->now_ms;
	char seen[64] = "never", ago[48], oldest[48];
	bool silent = !r->revoked && (r->last_seen_ms == 0 || now - r->last_seen_ms > COLL_WEB_SILENT_MS);
	if (w->rows >= COLL_WEB_FLEET_MAX) {
		w->truncated = true;
		return COLL_PAGE_WALK_STOP;
	}
	w->rows++;
	if (silent)
		w->silent++;
	if (silent)
		coll_html_raw(h, "<tr class=\"flag\"><td>");
	else
		coll_html_raw(h, "<tr><td>");
	if (r->revoked)
		coll_html_raw(h, "<span class=\"label\">Revoked</span>");
	else if (r->last_seen_ms == 0)
		coll_html_raw(h, "<span class=\"label bad\">Never heard from</span>");
	else if (silent)
		coll_html_raw(h, "<span class=\"label bad\">Silent over a day</span>");
	else
		coll_html_raw(h, "OK");
	coll_html_raw(h, "</td><td>");
	coll_html_text(h, r->device_id);
	coll_html_raw(h, "</td><td>");
	coll_html_text(h, r->location);
	coll_html_raw(h, "</td><td>");
	coll_html_text(h, r->version && r->version[0] ? r->version : "unknown");
	coll_html_raw(h, "</td><td>");
	if (r->last_seen_ms) {
		coll_page_time_text(r->last_seen_ms, seen, sizeof seen);
		age_text((now - r->last_seen_ms) / 1000, ago, sizeof ago);
		coll_html_text(h, seen);
		coll_html_raw(h, "<br><span class=\"hint\">");
		coll_html_text(h, ago);
		coll_html_raw(h, " ago</span>");
	} else {
		coll_html_raw(h, "never");
	}
	age_text(r->oldest_unsent_age_s, oldest, sizeof oldest);
	coll_html_printf(h, "</td><td class=\"num\">%lld</td><td>%s</td><td>",
			 (long long)r->queue_depth, r->queue_depth > 0 ? oldest : "nothing waiting");
	coll_html_text(h, r->last_error && r->last_error[0] ? r->last_error : "none");
	coll_html_raw(h, "</td></tr>");
	return 0;
}

typedef struct unknown_walk {
	const coll_web_ctx *c;
	coll_html *h;
	int rows;
	bool truncated;
} unknown_walk;

static int unknown_out(void *ctx, const char *code, int64_t responses)
{
	unknown_walk *w = ctx;
	char n[24];
	if (w->rows >= COLL_WEB_UNKNOWN_MAX) {
		w->truncated = true;
		return COLL_PAGE_WALK_STOP;
	}
	w->rows++;
	coll_page_count_text(w->c, responses, n, sizeof n);
	coll_html_raw(w->h, "<tr><td>");
	coll_html_text(w->h, code);
	coll_html_printf(w->h, "</td><td class=\"num\">%s</td></tr>", n);
	return 0;
}

/* Location codes responses came with that were never added: stored, but on
 * no team's pages until someone adds them. */
static int unknown_card(const coll_web_ctx *c, coll_html *h, fb_err *err)
{
	coll_html rows;
	coll_html_init(&rows, COLL_HTML_PAGE_MAX);
	unknown_walk w = {.c = c, .h = &rows};
	int rc = coll_store_unknown_locations_each(c->st, unknown_out, &w, err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc || w.rows == 0)
		goto out;
	coll_html_raw(h, "<div class=\"card\" id=\"unknown\"><h2>Responses from unknown locations</h2>"
		      "<p>Devices sent responses with these location codes, but no location has"
		      " them, so the responses are stored and shown on no results page. Responses from"
		      " unknown locations: add them with <code>feedback-collector location add CODE"
		      " &quot;Name&quot; --team TEAM</code> (or correct the location in the device's"
		      " config) and they appear on that team's pages.</p><table><thead><tr>"
		      "<th>Location code</th><th class=\"num\">Responses</th></tr></thead><tbody>");
	coll_html_add_html(h, &rows);
	coll_html_raw(h, "</tbody></table>");
	if (w.truncated)
		coll_html_printf(h, "<p class=\"hint\">Only the first %d codes are shown.</p>", COLL_WEB_UNKNOWN_MAX);
	coll_html_raw(h, "</div>");
out:
	coll_html_free(&rows);
	return rc;
}

int coll_page_fleet(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int status = 200;
	coll_html rows;
	const char *fleet = c->cfg->fleet_team;
	bool everything = fleet[0] && strcmp(c->user.team, fleet) == 0;
	bool show_unknown = everything || !fleet[0];
	coll_html_init(&rows, COLL_HTML_PAGE_MAX);
	fleet_walk w = {.c = c, .h = &rows};
	int rc = coll_store_fleet_each(c->st, everything ? NULL : c->user.team, fleet_out, &w, &err);
	if (rc == COLL_PAGE_WALK_STOP)
		rc = 0;
	if (rc) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	coll_html_page_begin(h, "Devices", &c->user);
	if (everything)
		coll_html_raw(h, "<h1>Devices in every location</h1>");
	else
		coll_html_raw(h, "<h1>Devices in your team's locations</h1>");
	if (w.silent)
		coll_html_printf(h, "<div class=\"error\" role=\"status\"><p><strong>%d device%s silent for"
				 " more than a day.</strong> Check the tablet is switched on and on the"
				 " Wi-Fi; its staff screen shows what it last tried.</p></div>",
				 w.silent, w.silent == 1 ? " has been" : "s have been");
	if (w.rows == 0) {
		if (everything)
			coll_html_raw(h, "<div class=\"card\"><p>No devices are enrolled yet.</p></div>");
		else
			coll_html_raw(h, "<div class=\"card\"><p>No devices are enrolled in your team's"
				      " locations.</p></div>");
	} else {
		coll_html_raw(h, "<table><thead><tr><th>Status</th><th>Device</th><th>Location</th><th>Version</th>"
			      "<th>Last seen</th><th class=\"num\">Waiting to send</th><th>Oldest unsent</th>"
			      "<th>Last error</th></tr></thead><tbody>");
		coll_html_add_html(h, &rows);
		coll_html_raw(h, "</tbody></table>");
	}
	if (w.truncated)
		coll_html_printf(h, "<p class=\"hint\">Only the first %d devices are shown.</p>", COLL_WEB_FLEET_MAX);
	if (show_unknown) {
		rc = unknown_card(c, h, &err);
		if (rc) {
			status = coll_page_store_failed(c, h, &err);
			goto out;
		}
	}
	coll_html_page_end(h);
out:
	coll_html_free(&rows);
	return status;
}
