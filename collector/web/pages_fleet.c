/* pages_fleet.c: the devices page: each device's locations, when it was last
 * heard from (heartbeat or push), what it is waiting to send and has
 * quarantined, its disk, the records refused for a location it is not
 * enrolled for, its last error, the Trust key it seals to (collector/seal_keys.h),
 * and the location codes responses came with that were never added (see
 * pages.h). Only the fleet team is shown admin commands, and whether each
 * old Trust key can be retired (that needs every device). */
#include "pages_shared.h"
#include "../seal_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fleet ---------------------------------------------------------------- */

/* "5 minutes", "3 days": an age given in seconds (negative read as 0). */
static void age_text(int64_t s, char *out, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, size, "%lld second%s", (long long)s, s == 1 ? "" : "s");
	else if (s < 2 * 3600)
		snprintf(out, size, "%lld minutes", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(out, size, "%lld hours", (long long)(s / 3600));
	else
		snprintf(out, size, "%lld days", (long long)(s / 86400));
}

/* "1.2 GB", "640 MB": a size in bytes, as estates read it. */
static void size_text(int64_t bytes, char *out, size_t size)
{
	if (bytes >= 10LL * 1000 * 1000 * 1000)
		snprintf(out, size, "%lld GB", (long long)(bytes / (1000LL * 1000 * 1000)));
	else if (bytes >= 1000LL * 1000 * 1000)
		snprintf(out, size, "%.1f GB", (double)bytes / 1e9);
	else
		snprintf(out, size, "%lld MB", (long long)(bytes / (1000 * 1000)));
}

/* Below this a tablet's disk is called low: its queue keeps every answer on it. */
#define FLEET_DISK_LOW_BYTES (200LL * 1000 * 1000)

typedef struct fleet_walk {
	const coll_web_ctx *c;
	coll_html *h;
	const coll_store_location_list *names;   /* code -> name, all locations */
	bool estates;                            /* sees the admin commands */
	const coll_seal_map *seals;              /* NULL: no "Seals to" column */
	coll_seal_retire *retire;                /* every device's part in retiring old keys, or NULL */
	int rows, silent, fresh, refusing;
	int on_old_key;                          /* rows tagged old or unknown key */
	bool truncated;
} fleet_walk;

/* A location as people call it: "Willow Ward (WARD1)", or the code alone. */
static void location_words(const fleet_walk *w, const char *code, char *out, size_t size)
{
	for (size_t i = 0; i < w->names->n; i++) {
		if (strcmp(w->names->v[i].code, code) == 0) {
			snprintf(out, size, "%s (%s)", w->names->v[i].name, code);
			return;
		}
	}
	snprintf(out, size, "%s", code[0] ? code : "other locations");
}

/* The enrolled list ("A, B") in words, one location a line. */
static void enrolled_out(const fleet_walk *w, const char *list)
{
	char code[COLL_STORE_ID_MAX], words[COLL_STORE_NAME_MAX + COLL_STORE_ID_MAX + 4];
	if (!list || !list[0]) {
		coll_html_raw(w->h, "none: every record is refused");
		return;
	}
	for (const char *p = list, *end; *p; p = end[0] ? end + 2 : end) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		snprintf(code, sizeof code, "%.*s", (int)(end - p), p);
		location_words(w, code, words, sizeof words);
		if (p != list)
			coll_html_raw(w->h, "<br>");
		coll_html_text(w->h, words);
	}
}

static int fleet_out(void *ctx, const coll_store_fleet_row *r)
{
	fleet_walk *w = ctx;
	coll_html *h = w->h;
	int64_t now = w->c->req->now_ms;
	char seen[64] = "never", ago[48], oldest[48], size[32];
	/* A device never heard from is new, not silent, for a day after enrolment. */
	bool fresh = !r->revoked && r->last_seen_ms == 0 && r->enrolled_at_ms > 0 &&
		     now - r->enrolled_at_ms <= COLL_WEB_SILENT_MS;
	bool silent = !r->revoked && !fresh &&
		      (r->last_seen_ms == 0 || now - r->last_seen_ms > COLL_WEB_SILENT_MS);
	coll_seal_class seal = {0};
	int64_t sealed_ms = 0;
	if (w->seals)
		seal = coll_seal_map_find(w->seals, r->device_id, &sealed_ms);
	/* a retirement verdict needs every device, shown or not */
	if (w->retire && !r->revoked) {
		coll_seal_device d = {.device_id = r->device_id, .cls = seal,
				      .queue_known = r->has_heartbeat, .queue_depth = r->queue_depth};
		coll_seal_retire_add(w->retire, &d);
	}
	if (w->rows >= COLL_WEB_FLEET_MAX) {
		w->truncated = true;
		return w->retire ? 0 : COLL_PAGE_WALK_STOP;
	}
	w->rows++;
	if (silent)
		w->silent++;
	if (fresh)
		w->fresh++;
	if (r->n_refused)
		w->refusing++;
	if (silent || r->n_refused)
		coll_html_raw(h, "<tr class=\"flag\"><td>");
	else
		coll_html_raw(h, "<tr><td>");
	if (r->revoked) {
		coll_html_raw(h, "<span class=\"label\">Revoked</span>");
	} else if (fresh) {
		age_text((now - r->enrolled_at_ms) / 1000, ago, sizeof ago);
		coll_html_printf(h, "<span class=\"label\">New</span><br><span class=\"hint\">enrolled %s"
				 " ago, not heard from yet</span>", ago);
	} else if (r->last_seen_ms == 0) {
		coll_html_raw(h, "<span class=\"label bad\">Never heard from</span>");
	} else if (silent) {
		coll_html_raw(h, "<span class=\"label bad\">Silent over a day</span>");
	} else {
		coll_html_raw(h, "OK");
	}
	coll_html_raw(h, "</td><td>");
	coll_html_text(h, r->device_id);
	coll_html_raw(h, "<br><span class=\"hint\">version ");
	coll_html_text(h, r->version && r->version[0] ? r->version : "unknown");
	coll_html_raw(h, "</span></td><td>");
	enrolled_out(w, r->locations);
	coll_html_raw(h, "</td><td>");
	if (r->last_seen_ms) {
		coll_page_time_text(r->last_seen_ms, seen, sizeof seen);
		age_text((now - r->last_seen_ms) / 1000, ago, sizeof ago);
		coll_html_text(h, seen);
		coll_html_raw(h, "<br><span class=\"hint\">");
		coll_html_text(h, ago);
		coll_html_printf(h, " ago, by %s</span>",
				 r->last_push_ms > r->last_heartbeat_ms ? "sending responses" : "heartbeat");
	} else {
		coll_html_raw(h, "never");
	}
	/* what the tablet says of itself comes only with a heartbeat */
	coll_html_raw(h, "</td><td>");
	if (!r->has_heartbeat) {
		coll_html_raw(h, "not reported yet</td><td>not reported yet");
	} else {
		age_text(r->oldest_unsent_age_s, oldest, sizeof oldest);
		if (r->queue_depth > 0)
			coll_html_printf(h, "%lld, the oldest for %s", (long long)r->queue_depth, oldest);
		else
			coll_html_raw(h, "nothing waiting");
		size_text(r->disk_free_bytes, size, sizeof size);
		coll_html_printf(h, "</td><td>%lld quarantined<br>%s disk free", (long long)r->quarantined,
				 size);
		if (r->disk_free_bytes < FLEET_DISK_LOW_BYTES)
			coll_html_raw(h, " <span class=\"label bad\">Low</span>");
	}
	if (w->seals) {
		char words[COLL_SEAL_WORDS_MAX];
		coll_seal_class_words(&seal, words, sizeof words);
		coll_html_raw(h, "</td><td>");
		if (seal.kind == COLL_SEAL_OLD || seal.kind == COLL_SEAL_UNKNOWN) {
			coll_html_printf(h, "<strong class=\"nhsuk-tag nhsuk-tag--%s\">%s</strong>",
					 seal.kind == COLL_SEAL_OLD ? "orange" : "red", words);
			w->on_old_key++;
		} else
			coll_html_text(h, words);
		if (seal.kind != COLL_SEAL_NOTHING) {
			coll_page_time_text(sealed_ms, seen, sizeof seen);
			coll_html_printf(h, "<br><span class=\"hint\">latest sealed record %s</span>", seen);
		}
	}
	coll_html_raw(h, "</td><td>");
	if (r->n_refused == 0)
		coll_html_raw(h, "none");
	for (size_t i = 0; i < r->n_refused; i++) {
		char where[COLL_STORE_NAME_MAX + COLL_STORE_ID_MAX + 4];
		location_words(w, r->refused[i].location, where, sizeof where);
		coll_page_time_text(r->refused[i].last_ms, seen, sizeof seen);
		if (i)
			coll_html_raw(h, "<br>");
		coll_html_printf(h, "%lld record%s for %s, which it is not enrolled for (last %s)",
				 (long long)r->refused[i].n, r->refused[i].n == 1 ? "" : "s", where, seen);
	}
	coll_html_raw(h, "</td><td>");
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
static int unknown_card(const coll_web_ctx *c, coll_html *h, bool estates, fb_err *err)
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
		      " them, so the responses are stored and shown on no results page.");
	if (estates)
		coll_html_raw(h, " Responses from unknown locations: add them with <code>feedback-collector"
			      " location add CODE &quot;Name&quot; --team TEAM</code> and they appear on"
			      " that team's pages.");
	else
		coll_html_raw(h, " Ask the Trust's estates or IT team to add them; they then appear on"
			      " that team's pages.");
	coll_html_raw(h, "</p><table><thead><tr>"
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

/* Above the table, for those who see every device, when the key file holds
 * old keys: for each, whether it can be retired and, if not, which devices
 * hold it up. */
static void old_keys_box(coll_html *h, const coll_seal_retire *r)
{
	char verdict[COLL_SEAL_VERDICT_MAX];
	coll_html_printf(h, "<div class=\"nhsuk-inset-text\" id=\"old-keys\"><h2 class=\"nhsuk-heading-m\">"
			 "Old Trust keys</h2><p>The secret key file holds %zu old key%s besides the"
			 " current one, kept so that what tablets sealed before the key was changed"
			 " still opens. A tablet takes the current key with its next config; records"
			 " it queued before then stay sealed to the old one.</p><ul class=\"nhsuk-list\">",
			 r->n_keys - 1, r->n_keys == 2 ? "" : "s");
	for (size_t line = 2; line <= r->n_keys; line++) {
		coll_seal_retire_verdict(r, line, verdict, sizeof verdict);
		if (coll_seal_retire_ok(r, line))
			coll_html_raw(h, "<li><strong class=\"nhsuk-tag nhsuk-tag--green\">Can be retired</strong> ");
		else
			coll_html_raw(h, "<li><strong class=\"nhsuk-tag nhsuk-tag--orange\">Keep</strong> ");
		coll_html_text(h, verdict);
		coll_html_raw(h, "</li>");
	}
	coll_html_raw(h, "</ul><p>To retire a key, delete its line from the secret key file"
		      " ([ingest] secret_key_file) and restart the collector; <code>feedback-collector"
		      " device keys</code> lists the same.</p></div>");
}

int coll_page_fleet(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	int status = 200;
	coll_html rows;
	coll_store_location_list names = {0};
	const char *fleet = c->cfg->fleet_team;
	/* estates keep the tablets running; the admin enrols, moves and revokes them */
	bool everything = coll_page_has_role(c, COLL_ROLE_ESTATES) || coll_page_has_role(c, COLL_ROLE_ADMIN) ||
			  (fleet[0] && strcmp(c->user.team, fleet) == 0);
	bool show_unknown = everything || !fleet[0];
	coll_seal_map *seals = NULL;
	coll_seal_retire *retire = NULL;
	coll_html_init(&rows, COLL_HTML_PAGE_MAX);
	/* names and keys first: the walk below holds the store */
	int rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &names, &err);
	if (rc == 0 && c->seal_keys)
		rc = coll_seal_map_load(c->seal_keys, c->st, &seals, &err);
	if (rc == 0 && seals && everything && c->seal_keys->n > 1) {
		retire = malloc(sizeof *retire);
		if (!retire)
			rc = fb_err_set(&err, FB_ERR_NOMEM, "out of memory for the fleet page");
		else
			coll_seal_retire_init(retire, c->seal_keys);
	}
	fleet_walk w = {.c = c, .h = &rows, .names = &names, .estates = everything, .seals = seals,
			.retire = retire};
	if (rc == 0)
		rc = coll_store_fleet_each(c->st, everything ? NULL : c->user.team, fleet_out, &w, &err);
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
	if (w.refusing) {
		coll_html_printf(h, "<div class=\"error\" role=\"status\"><p><strong>%d device%s sent"
				 " records for a location %s not enrolled for.</strong> Those records were"
				 " refused: they are not counted on any page and wait, quarantined, on the"
				 " tablet.", w.refusing, w.refusing == 1 ? "" : "s",
				 w.refusing == 1 ? "it is" : "they are");
		if (everything)
			coll_html_raw(h, " Check the tablet's location on its staff screen; if the device"
				      " should speak for that location, change its enrolment with"
				      " <code>feedback-collector device locations ID --location"
				      " CODE[,CODE...]</code>.</p></div>");
		else
			coll_html_raw(h, " Check the tablet's location on its staff screen, and tell the"
				      " Trust's estates team.</p></div>");
	}
	if (w.fresh)
		coll_html_printf(h, "<p class=\"hint\">%d device%s enrolled in the last day and not heard"
				 " from yet: shown as new until then.</p>", w.fresh,
				 w.fresh == 1 ? " was" : "s were");
	if (retire)
		old_keys_box(h, retire);
	if (w.rows == 0) {
		if (everything)
			coll_html_raw(h, "<div class=\"card\"><p>No devices are enrolled yet.</p></div>");
		else
			coll_html_raw(h, "<div class=\"card\"><p>No devices are enrolled in your team's"
				      " locations.</p></div>");
	} else {
		coll_html_raw(h, "<table><thead><tr><th>Status</th><th>Device</th><th>Enrolled for</th>"
			      "<th>Last heard from</th><th>Waiting to send</th><th>On the tablet</th>");
		if (seals)
			coll_html_raw(h, "<th>Seals to</th>");
		coll_html_raw(h, "<th>Refused records</th><th>Last error</th></tr></thead><tbody>");
		coll_html_add_html(h, &rows);
		coll_html_raw(h, "</tbody></table>");
	}
	if (w.truncated)
		coll_html_printf(h, "<p class=\"hint\">Only the first %d devices are shown.</p>", COLL_WEB_FLEET_MAX);
	if (w.on_old_key > 0 && !retire)     /* the box above says it to those who retire keys */
		coll_html_raw(h, "<p class=\"hint\" id=\"old-key-why\">An old key means the tablet still"
			      " seals answers to a Trust key that has since been replaced: nothing is"
			      " lost, and it moves to the current key with its next config. An unknown"
			      " key is one this collector no longer holds: tell the Trust's estates"
			      " team.</p>");
	if (show_unknown) {
		rc = unknown_card(c, h, everything, &err);
		if (rc) {
			status = coll_page_store_failed(c, h, &err);
			goto out;
		}
	}
	coll_html_page_end(h);
out:
	coll_html_free(&rows);
	free(names.v);
	coll_seal_map_free(seals);
	free(retire);
	return status;
}
