/* pages_admin.c: the admin pages (/admin/...): users, locations, devices
 * and the audit trail, for the admin role only; and the password reset
 * link's pages (/reset). Every change goes through collector/users.h, the
 * module the command line calls too, so both make the same checks and
 * leave one audit row each. Destructive steps (disable, revoke, retire)
 * first answer a confirmation page; the change is made only when that
 * page's form (confirm=yes) is sent. */
#include "pages_shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../enrol.h"
#include "form.h"
#include "record.h"
#include <sodium.h>

#define AUDIT_SHOWN 500               /* rows on the audit page; the CSV has all */
#define ADMIN_NAME_MAX COLL_STORE_ID_MAX

/* ---- page parts ---------------------------------------------------------------- */

static void admin_begin(const coll_web_ctx *c, coll_html *h, const char *title)
{
	coll_html_page_begin(h, title, &c->user);
	coll_html_raw(h, "<nav class=\"nhsuk-breadcrumb fb-noprint\" aria-label=\"Breadcrumb\">"
		      "<ol class=\"nhsuk-breadcrumb__list\"><li class=\"nhsuk-breadcrumb__item\">"
		      "<a class=\"nhsuk-breadcrumb__link\" href=\"/admin\">Admin</a></li></ol></nav>");
}

/* A page saying a change was not made and why (err's words). */
static int admin_refused(const coll_web_ctx *c, coll_html *h, int rc, const fb_err *err)
{
	if (rc != FB_ERR_INVALID && rc != FB_ERR_NOTFOUND)
		return coll_page_store_failed(c, h, err);
	coll_html_free(h);
	admin_begin(c, h, "Not changed");
	coll_html_raw(h, "<h1>Nothing was changed</h1><div class=\"nhsuk-inset-text\"><p>");
	coll_html_text(h, err->msg);
	coll_html_raw(h, "</p></div><p><a href=\"/admin\">Back to admin</a></p>");
	coll_html_page_end(h);
	return rc == FB_ERR_NOTFOUND ? 404 : 400;
}

static void text_input(coll_html *h, const char *id, const char *label, const char *hint,
		       int maxlength)
{
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"%s\">"
			 "%s</label>", id, label);
	if (hint)
		coll_html_printf(h, "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>", id, hint);
	coll_html_printf(h, "<input class=\"nhsuk-input nhsuk-u-width-one-half\" id=\"%s\" name=\"%s\""
			 " type=\"text\" spellcheck=\"false\" maxlength=\"%d\"%s%s%s></div>", id, id,
			 maxlength, hint ? " aria-describedby=\"" : "", hint ? id : "",
			 hint ? "-hint\"" : "");
}

static void role_select(coll_html *h, const char *id, const char *current)
{
	coll_html_printf(h, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"%s\">"
			 "Role</label><select class=\"nhsuk-select\" id=\"%s\" name=\"role\">", id, id);
	for (int r = 0; r < COLL_ROLES; r++)
		coll_html_printf(h, "<option value=\"%s\"%s>%s</option>", coll_role_name((coll_role)r),
				 current && strcmp(current, coll_role_name((coll_role)r)) == 0 ?
				 " selected" : "", coll_role_label((coll_role)r));
	coll_html_raw(h, "</select></div>");
}

/* A POST form of one button to /admin/ACTION (a path of ours). */
/* Field name of the posted form into out: "" when missing or too long (the
 * module's own checks then refuse it in words). */
static void form_field(const coll_web_ctx *c, const char *name, char *out, size_t size)
{
	coll_web_form_get(c->req->body, name, out, size);
}

static void button_form(const coll_web_ctx *c, coll_html *h, const char *action, const char *label,
			bool warning)
{
	coll_html_printf(h, "<form method=\"post\" action=\"/admin/%s\" class=\"fb-inline-form\">", action);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<button class=\"nhsuk-button %s nhsuk-u-margin-bottom-2\" type=\"submit\">"
			 "%s</button></form>", warning ? "nhsuk-button--warning" : "nhsuk-button--secondary",
			 label);
}

/* The confirmation page of a destructive step: what will happen, and a form
 * sending the same POST with confirm=yes. */
static int confirm_page(const coll_web_ctx *c, coll_html *h, const char *title, const char *what,
			const char *action, const char *button, const char *back)
{
	admin_begin(c, h, title);
	coll_html_printf(h, "<h1>%s</h1><div class=\"nhsuk-warning-callout\"><h3"
			 " class=\"nhsuk-warning-callout__label\"><span role=\"text\"><span"
			 " class=\"nhsuk-u-visually-hidden\">Important: </span>Check before you go on"
			 "</span></h3><p>%s</p></div>", title, what);
	coll_html_printf(h, "<form method=\"post\" action=\"/admin/%s\">", action);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
			 "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">%s</button>"
			 "</form><p><a href=\"%s\">No, go back</a></p>", button, back);
	coll_html_page_end(h);
	return 200;
}

static bool confirmed(const coll_web_ctx *c)
{
	char v[8];
	return coll_web_form_get(c->req->body, "confirm", v, sizeof v) == 0 && strcmp(v, "yes") == 0;
}

static coll_actor actor_of(const coll_web_ctx *c)
{
	return (coll_actor){c->user.name, c->req->client_addr && c->req->client_addr[0] ?
			    c->req->client_addr : "unknown address", c->req->now_ms};
}

/* ---- overview -------------------------------------------------------------------- */

static int page_overview(const coll_web_ctx *c, coll_html *h)
{
	fb_err err;
	admin_begin(c, h, "Admin");
	coll_html_raw(h, "<h1>Admin</h1><p>Manage who can see feedback, the wards and clinics, and"
		      " the tablets, and read who did what.</p><ul class=\"nhsuk-list nhsuk-list--bullet\">"
		      "<li><a href=\"/admin/users\">Users</a>: add, disable, reset a password, move"
		      " team, change role</li>"
		      "<li><a href=\"/admin/teams\">Teams</a>: add, rename, retire</li>"
		      "<li><a href=\"/admin/locations\">Locations</a>: add, rename, retire</li>"
		      "<li><a href=\"/admin/devices\">Devices</a>: enrol a tablet with a one-time code,"
		      " move between locations, revoke</li>"
		      "<li><a href=\"/admin/audit\">Audit trail</a>: who signed in, saw comments,"
		      " downloaded or changed anything</li></ul>");
	/* A failed alert is the admin's to fix (the mail server, [alerts]). */
	if (coll_page_alerts_card(c, h, &err))
		return coll_page_store_failed(c, h, &err);
	coll_html_page_end(h);
	return 200;
}

/* ---- users --------------------------------------------------------------------- */

static int user_row(void *ctx, const coll_store_user *u)
{
	coll_page_table *t = ctx;
	coll_html *h = t->h;
	coll_page_row_begin(t);
	coll_page_cell_begin(t);
	coll_html_printf(h, "<a href=\"/admin/users/%s\">%s</a>", u->name, u->name);
	coll_page_cell_end(t);
	coll_page_cell(t, u->team);
	int r = coll_role_parse(u->role);
	coll_page_cell(t, r < 0 ? u->role : coll_role_label((coll_role)r));
	coll_page_cell_begin(t);
	if (u->disabled)
		coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--grey\">Disabled</strong>");
	else if (!u->has_password)
		coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--yellow\">No password yet</strong>");
	else
		coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--green\">Active</strong>");
	coll_page_cell_end(t);
	coll_page_row_end(t);
	return 0;
}

static int page_users(const coll_web_ctx *c, coll_html *h)
{
	static const char *const heads[] = {"User", "Team", "Role", "State"};
	coll_page_table t;
	fb_err err;
	admin_begin(c, h, "Users");
	coll_html_raw(h, "<h1>Users</h1>");
	coll_page_table_begin(&t, h, "Everyone who can sign in", heads, 4, 0, true);
	int rc = coll_store_users_each(c->st, user_row, &t, &err);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	coll_page_table_end(&t);
	coll_html_raw(h, "<h2>Add a user</h2><p>They get no password: after adding them, make a"
		      " one-time link on their page and give it to them; they choose their password"
		      " with it.</p><form method=\"post\" action=\"/admin/users/add\" novalidate>");
	coll_html_csrf_field(h, c->user.csrf);
	text_input(h, "name", "User name", "Letters, digits, '-', '_' and '.', for example j.smith",
		   ADMIN_NAME_MAX - 1);
	text_input(h, "team", "Team", "The team code their locations share, for example willow",
		   ADMIN_NAME_MAX - 1);
	role_select(h, "role", "results");
	coll_html_raw(h, "<button class=\"nhsuk-button\" type=\"submit\">Add user</button></form>");
	coll_html_page_end(h);
	return 200;
}

static int page_user(const coll_web_ctx *c, const char *name, coll_html *h)
{
	coll_store_user u;
	fb_err err;
	char action[ADMIN_NAME_MAX + 32];
	int rc = coll_store_user_find(c->st, name, &u, &err);
	if (rc)
		return admin_refused(c, h, rc, &err);
	admin_begin(c, h, u.name);
	coll_html_printf(h, "<h1>%s</h1><dl class=\"nhsuk-summary-list\">"
			 "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">Team"
			 "</dt><dd class=\"nhsuk-summary-list__value\">%s</dd></div>"
			 "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">Role"
			 "</dt><dd class=\"nhsuk-summary-list__value\">%s</dd></div>"
			 "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">State"
			 "</dt><dd class=\"nhsuk-summary-list__value\">%s</dd></div></dl>", u.name, u.team,
			 coll_role_parse(u.role) < 0 ? u.role : coll_role_label((coll_role)coll_role_parse(u.role)),
			 u.disabled ? "Disabled" : u.has_password ? "Active" : "No password yet");
	coll_html_printf(h, "<h2>Move to another team</h2><form method=\"post\""
			 " action=\"/admin/users/%s/team\">", u.name);
	coll_html_csrf_field(h, c->user.csrf);
	text_input(h, "team", "New team", NULL, ADMIN_NAME_MAX - 1);
	coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">Move"
		      "</button></form>");
	coll_html_printf(h, "<h2>Change role</h2><form method=\"post\" action=\"/admin/users/%s/role\">",
			 u.name);
	coll_html_csrf_field(h, c->user.csrf);
	role_select(h, "role", u.role);
	coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">"
		      "Change role</button></form>");
	coll_html_raw(h, "<h2>Password and access</h2>");
	if (!u.disabled) {
		snprintf(action, sizeof action, "users/%s/reset", u.name);
		button_form(c, h, action, "Make a one-time password link", false);
		snprintf(action, sizeof action, "users/%s/disable", u.name);
		button_form(c, h, action, "Disable this user", true);
	} else {
		snprintf(action, sizeof action, "users/%s/enable", u.name);
		button_form(c, h, action, "Enable this user again", false);
	}
	coll_html_page_end(h);
	return 200;
}

/* The reset link, shown once to the admin. */
static int page_reset_made(const coll_web_ctx *c, const char *name, const char *token, coll_html *h)
{
	const char *base = c->cfg->alert_link_url;
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	admin_begin(c, h, "One-time link made");
	coll_html_printf(h, "<h1>One-time link for %s</h1><div class=\"nhsuk-inset-text\"><p>Give"
			 " this link to %s only, in person or by a message only they read. It sets a"
			 " new password once, within %d hours, and signs them out everywhere. It is"
			 " shown only now.</p></div>", name, name, COLL_USERS_RESET_HOURS);
	coll_html_printf(h, "<p class=\"fb-link-break\"><a id=\"reset-link\" href=\"/reset?token=%s\">%.*s/reset?token=%s</a></p>",
			 token, (int)n, base, token);
	if (n == 0)
		coll_html_raw(h, "<p class=\"nhsuk-hint\">Put the results pages' address in front of it"
			      " ([alerts] link_url in the collector's config puts it there for you).</p>");
	coll_html_printf(h, "<p><a href=\"/admin/users/%s\">Back to %s</a></p>", name, name);
	coll_html_page_end(h);
	return 200;
}

static int post_user(const coll_web_ctx *c, const char *name, const char *what, coll_html *h,
		     char *redirect, size_t size)
{
	coll_actor a = actor_of(c);
	fb_err err;
	char v[ADMIN_NAME_MAX + 1], token[COLL_USERS_TOKEN_TEXT], back[ADMIN_NAME_MAX + 16];
	int rc;
	snprintf(back, sizeof back, "/admin/users/%s", name);
	if (strcmp(what, "team") == 0 || strcmp(what, "role") == 0) {
		if (coll_web_form_get(c->req->body, what, v, sizeof v) != 0)
			v[0] = '\0';
		rc = what[0] == 't' ? coll_users_set_team(c->st, &a, name, v, &err) :
				      coll_users_set_role(c->st, &a, name, v, &err);
	} else if (strcmp(what, "reset") == 0) {
		rc = coll_users_reset(c->st, &a, name, token, &err);
		if (rc == 0)
			return page_reset_made(c, name, token, h);
	} else if (strcmp(what, "disable") == 0) {
		char msg[300], action[ADMIN_NAME_MAX + 32];
		if (!confirmed(c)) {
			snprintf(msg, sizeof msg, "%s will be signed out everywhere at once and cannot sign"
				 " in until enabled again. Nothing they did is removed.", name);
			snprintf(action, sizeof action, "users/%s/disable", name);
			return confirm_page(c, h, "Disable this user?", msg, action, "Yes, disable", back);
		}
		rc = coll_users_set_disabled(c->st, &a, name, true, &err);
	} else if (strcmp(what, "enable") == 0) {
		rc = coll_users_set_disabled(c->st, &a, name, false, &err);
	} else {
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is nothing to send a form to at this address.");
	}
	if (rc)
		return admin_refused(c, h, rc, &err);
	snprintf(redirect, size, "%s", back);
	return 303;
}

static int post_user_add(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	coll_actor a = actor_of(c);
	fb_err err;
	char name[ADMIN_NAME_MAX], team[ADMIN_NAME_MAX], role[COLL_STORE_ROLE_MAX];
	form_field(c, "name", name, sizeof name);
	form_field(c, "team", team, sizeof team);
	form_field(c, "role", role, sizeof role);
	int rc = coll_users_add(c->st, &a, name, team, role, "", &err);
	if (rc)
		return admin_refused(c, h, rc, &err);
	snprintf(redirect, size, "/admin/users/%s", name);
	return 303;
}

/* ---- locations and teams: named, renamed, retired alike ----------------------------- */

/* What differs between the two kinds of thing an admin names and retires. */
typedef struct named_kind {
	const char *path;              /* "locations": /admin/locations/CODE/... */
	const char *id_prefix;         /* of the rename input's id */
	const char *noun;              /* "Location": "Location CODE will be marked retired." */
	const char *retire_title;
	const char *retire_kept;       /* what retiring keeps, in words */
	int (*rename)(coll_store *s, const coll_actor *a, const char *code, const char *name,
		      fb_err *err);
	int (*retire)(coll_store *s, const coll_actor *a, const char *code, bool retire, fb_err *err);
} named_kind;

static const named_kind location_kind = {
	"locations", "name", "Location", "Retire this location?",
	"Its responses are kept and stay on its team's pages; tablets can no longer be enrolled"
	" for it.",
	coll_users_location_rename, coll_users_location_retire,
};

static const named_kind team_kind = {
	"teams", "tname", "Team", "Retire this team?",
	"Its locations' responses and its actions are kept.",
	coll_users_team_rename, coll_users_team_retire,
};

/* The State and Change cells of one row: in use or retired, a rename form,
 * and the retire (or bring back) button. */
static void named_cells(const coll_web_ctx *c, coll_page_table *t, const named_kind *k,
			const char *code, const char *name, bool retired)
{
	coll_html *h = t->h;
	char action[COLL_STORE_ID_MAX + 32];
	coll_page_cell_begin(t);
	if (retired)
		coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--grey\">Retired</strong>");
	else
		coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--green\">In use</strong>");
	coll_page_cell_end(t);
	coll_page_cell_begin(t);
	coll_html_printf(h, "<form method=\"post\" action=\"/admin/%s/%s/rename\""
			 " class=\"fb-inline-form\">", k->path, code);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_printf(h, "<label class=\"nhsuk-label\" for=\"%s-%s\">New name</label>"
			 "<input class=\"nhsuk-input nhsuk-u-width-two-thirds\" id=\"%s-%s\""
			 " name=\"name\" type=\"text\" maxlength=\"%d\" value=\"%s\">"
			 "<button class=\"nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2\""
			 " type=\"submit\">Rename</button></form>", k->id_prefix, code, k->id_prefix, code,
			 COLL_STORE_NAME_MAX - 1, name);
	snprintf(action, sizeof action, "%s/%s/%s", k->path, code, retired ? "unretire" : "retire");
	button_form(c, h, action, retired ? "Bring back into use" : "Retire", !retired);
	coll_page_cell_end(t);
}

/* POST /admin/PATH/CODE/WHAT: rename, retire (after confirmation) or unretire. */
static int post_named(const coll_web_ctx *c, const named_kind *k, const char *code, const char *what,
		      coll_html *h, char *redirect, size_t size)
{
	coll_actor a = actor_of(c);
	fb_err err;
	char name[COLL_STORE_NAME_MAX], list[64];
	int rc;
	snprintf(list, sizeof list, "/admin/%s", k->path);
	if (strcmp(what, "rename") == 0) {
		form_field(c, "name", name, sizeof name);
		rc = k->rename(c->st, &a, code, name, &err);
	} else if (strcmp(what, "retire") == 0) {
		char msg[300], action[COLL_STORE_ID_MAX + 32];
		if (!confirmed(c)) {
			snprintf(msg, sizeof msg, "%s %s will be marked retired. %s", k->noun, code,
				 k->retire_kept);
			snprintf(action, sizeof action, "%s/%s/retire", k->path, code);
			return confirm_page(c, h, k->retire_title, msg, action, "Yes, retire", list);
		}
		rc = k->retire(c->st, &a, code, true, &err);
	} else if (strcmp(what, "unretire") == 0) {
		rc = k->retire(c->st, &a, code, false, &err);
	} else {
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is nothing to send a form to at this address.");
	}
	if (rc)
		return admin_refused(c, h, rc, &err);
	snprintf(redirect, size, "%s", list);
	return 303;
}

/* ---- locations ---------------------------------------------------------------------- */

static int page_locations(const coll_web_ctx *c, coll_html *h)
{
	static const char *const heads[] = {"Code", "Name", "Team", "State", "Change"};
	coll_store_location_list l;
	coll_page_table t;
	fb_err err;
	int rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &l, &err);
	if (rc) {
		free(l.v);
		return coll_page_store_failed(c, h, &err);
	}
	admin_begin(c, h, "Locations");
	coll_html_raw(h, "<h1>Locations</h1><p>A retired location keeps its responses: its results"
		      " stay on its team's pages, marked retired, and no tablet can send for it.</p>");
	coll_page_table_begin(&t, h, "Wards and clinics", heads, 5, 0, true);
	for (size_t i = 0; i < l.n; i++) {
		const coll_store_location *loc = &l.v[i];
		coll_page_row_begin(&t);
		coll_page_cell(&t, loc->code);
		coll_page_cell(&t, loc->name);
		coll_page_cell(&t, loc->team);
		named_cells(c, &t, &location_kind, loc->code, loc->name, loc->retired_ms != 0);
		coll_page_row_end(&t);
	}
	coll_page_table_end(&t);
	free(l.v);
	coll_html_raw(h, "<h2>Add a location</h2><form method=\"post\" action=\"/admin/locations/add\""
		      " novalidate>");
	coll_html_csrf_field(h, c->user.csrf);
	text_input(h, "code", "Code", "Letters, digits, '-', '_' and '.', for example WARD7", 31);
	text_input(h, "name", "Name", "As patients and staff know it, for example Rowan Ward",
		   COLL_STORE_NAME_MAX - 1);
	text_input(h, "team", "Team", "The team whose pages show it", ADMIN_NAME_MAX - 1);
	coll_html_raw(h, "<button class=\"nhsuk-button\" type=\"submit\">Add location</button></form>");
	coll_html_page_end(h);
	return 200;
}

static int post_location_add(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	coll_actor a = actor_of(c);
	fb_err err;
	char code[COLL_STORE_ID_MAX], name[COLL_STORE_NAME_MAX], team[ADMIN_NAME_MAX];
	form_field(c, "code", code, sizeof code);
	form_field(c, "name", name, sizeof name);
	form_field(c, "team", team, sizeof team);
	int rc = coll_users_location_add(c->st, &a, code, name, team, &err);
	if (rc)
		return admin_refused(c, h, rc, &err);
	snprintf(redirect, size, "/admin/locations");
	return 303;
}

/* ---- teams ------------------------------------------------------------------------- */

typedef struct team_walk {
	coll_page_table t;
	const coll_web_ctx *c;
} team_walk;

static int team_row(void *ctx, const coll_store_team *tm)
{
	team_walk *tw = ctx;
	coll_page_table *t = &tw->t;
	char n[80];
	coll_page_row_begin(t);
	coll_page_cell(t, tm->code);
	/* the admin's name, else the config's [team CODE] name, else the code */
	const char *name = tm->name[0] ? tm->name : coll_config_team_name(tw->c->cfg, tm->code);
	coll_page_cell(t, name);
	snprintf(n, sizeof n, "%lld location%s (%lld in use), %lld user%s", (long long)tm->locations,
		 tm->locations == 1 ? "" : "s", (long long)tm->open_locations, (long long)tm->users,
		 tm->users == 1 ? "" : "s");
	coll_page_cell(t, n);
	named_cells(tw->c, t, &team_kind, tm->code, name, tm->retired_ms != 0);
	coll_page_row_end(t);
	return 0;
}

static int page_teams(const coll_web_ctx *c, coll_html *h)
{
	static const char *const heads[] = {"Code", "Name", "Has", "State", "Change"};
	team_walk tw = {.c = c};
	fb_err err;
	admin_begin(c, h, "Teams");
	coll_html_raw(h, "<h1>Teams</h1><p>A team is the code its locations and people share. Its"
		      " name here is what its pages show. A team can be retired once its locations are"
		      " retired and its people moved or disabled; its history is kept.</p>");
	coll_page_table_begin(&tw.t, h, "Teams", heads, 5, 0, true);
	int rc = coll_store_teams_each(c->st, team_row, &tw, &err);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	coll_page_table_end(&tw.t);
	coll_html_raw(h, "<h2>Add a team</h2><form method=\"post\" action=\"/admin/teams/add\" novalidate>");
	coll_html_csrf_field(h, c->user.csrf);
	text_input(h, "code", "Code", "Letters, digits, '-', '_' and '.', for example rowan", ADMIN_NAME_MAX - 1);
	text_input(h, "name", "Name", "As its pages should show it, for example Rowan older adults",
		   COLL_STORE_NAME_MAX - 1);
	coll_html_raw(h, "<button class=\"nhsuk-button\" type=\"submit\">Add team</button></form>");
	coll_html_page_end(h);
	return 200;
}

static int post_team_add(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	coll_actor a = actor_of(c);
	fb_err err;
	char code[COLL_STORE_ID_MAX], name[COLL_STORE_NAME_MAX];
	form_field(c, "code", code, sizeof code);
	form_field(c, "name", name, sizeof name);
	int rc = coll_users_team_add(c->st, &a, code, name, &err);
	if (rc)
		return admin_refused(c, h, rc, &err);
	snprintf(redirect, size, "/admin/teams");
	return 303;
}

/* ---- devices ----------------------------------------------------------------------- */

static int device_row(void *ctx, const coll_store_fleet_row *r)
{
	coll_page_table *t = ctx;
	coll_html *h = t->h;
	coll_page_row_begin(t);
	coll_page_cell_begin(t);
	coll_html_printf(h, "<a href=\"/admin/devices/%s\">%s</a>", r->device_id, r->device_id);
	coll_page_cell_end(t);
	coll_page_cell(t, r->locations[0] ? r->locations : "none");
	coll_page_cell_begin(t);
	if (r->revoked)
		coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--grey\">Revoked</strong>");
	else
		coll_html_raw(h, "<strong class=\"nhsuk-tag nhsuk-tag--green\">Enrolled</strong>");
	coll_page_cell_end(t);
	coll_page_row_end(t);
	return 0;
}

/* "Enrol a tablet": its device id and the locations it may speak for; the
 * answer is a one-time code to type on the tablet's staff screen (enrol.h). */
static int enrol_form(const coll_web_ctx *c, coll_html *h)
{
	coll_store_location_list l = {0};
	fb_err err;
	int rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &l, &err);
	if (rc) {
		free(l.v);
		return coll_page_store_failed(c, h, &err);
	}
	coll_html_printf(h, "<h2 id=\"enrol\">Enrol a tablet</h2><p>You get a one-time code to type"
			 " on the tablet's staff screen (Enrol this tablet). It works once, for %d"
			 " minutes, for that tablet only; the tablet needs its network and the"
			 " collector's address already set.</p><form method=\"post\""
			 " action=\"/admin/devices/enrol\" novalidate>", COLL_ENROL_VALID_S / 60);
	coll_html_csrf_field(h, c->user.csrf);
	text_input(h, "device_id", "Device id", "The id its staff screen shows, for example"
		   " dev-oak-1", COLL_STORE_ID_MAX - 1);
	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\">"
		      "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">Locations it"
		      " may send for</legend><div class=\"nhsuk-checkboxes\">");
	for (size_t i = 0; i < l.n; i++) {
		const coll_store_location *loc = &l.v[i];
		if (loc->retired_ms)
			continue;
		coll_html_printf(h, "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\""
				 " id=\"enrol-loc-%s\" name=\"loc_%s\" type=\"checkbox\" value=\"on\">"
				 "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"enrol-loc-%s\">%s"
				 " (%s)</label></div>", loc->code, loc->code, loc->code, loc->name, loc->code);
	}
	free(l.v);
	coll_html_raw(h, "</div></fieldset></div><button class=\"nhsuk-button\" type=\"submit\">"
		      "Make an enrolment code</button></form>");
	return 0;
}

/* The code, shown once. */
static int page_code_made(const coll_web_ctx *c, const char *id, const char *code,
			  int64_t expires_ms, coll_html *h)
{
	char when[40];
	coll_page_time_text(expires_ms, when, sizeof when);
	admin_begin(c, h, "Enrolment code made");
	coll_html_printf(h, "<h1>Enrolment code for %s</h1><p class=\"nhsuk-heading-xl\""
			 " id=\"enrol-code\">%s</p><div class=\"nhsuk-inset-text\"><p>On the tablet:"
			 " staff screen, Enrol this tablet, type this code. It works once, until %s, for"
			 " device %s only. It is shown only now: if it is lost, make another (this one"
			 " then stops working).</p></div><p><a href=\"/admin/devices\">Back to devices"
			 "</a></p>", id, code, when, id);
	coll_html_page_end(h);
	return 200;
}

static int post_enrol(const coll_web_ctx *c, coll_html *h)
{
	coll_actor a = actor_of(c);
	coll_store_location_list l = {0};
	const char *codes[COLL_STORE_DEVICE_LOCATIONS_MAX];
	char id[COLL_STORE_ID_MAX], code[COLL_ENROL_CODE_TEXT];
	int64_t expires_ms = 0;
	size_t n = 0;
	fb_err err;
	form_field(c, "device_id", id, sizeof id);
	int rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &l, &err);
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		char name[COLL_STORE_ID_MAX + 8], v[8];
		snprintf(name, sizeof name, "loc_%s", l.v[i].code);
		if (coll_web_form_get(c->req->body, name, v, sizeof v) == 0 &&
		    n < COLL_STORE_DEVICE_LOCATIONS_MAX)
			codes[n++] = l.v[i].code;
	}
	if (rc == 0)
		rc = coll_enrol_issue(c->st, &a, id, codes, n, 0, code, &expires_ms, &err);
	free(l.v);
	if (rc)
		return admin_refused(c, h, rc, &err);
	rc = page_code_made(c, id, code, expires_ms, h);
	sodium_memzero(code, sizeof code);
	return rc;
}

static int page_devices(const coll_web_ctx *c, coll_html *h)
{
	static const char *const heads[] = {"Device", "Speaks for", "State"};
	coll_page_table t;
	fb_err err;
	admin_begin(c, h, "Devices");
	coll_html_raw(h, "<h1>Devices</h1><p>Enrol a new tablet below (or with 'feedback-collector"
		      " device add' on the collector). Here you can change the locations a tablet may"
		      " send for, or revoke one that is lost or replaced.</p>");
	coll_page_table_begin(&t, h, "Every enrolled tablet", heads, 3, 0, true);
	int rc = coll_store_fleet_each(c->st, NULL, device_row, &t, &err);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	coll_page_table_end(&t);
	rc = enrol_form(c, h);
	if (rc)
		return rc;
	coll_html_page_end(h);
	return 200;
}

static int page_device(const coll_web_ctx *c, const char *id, coll_html *h)
{
	coll_store_device dev;
	coll_store_location_list l = {0};
	fb_err err;
	char action[COLL_STORE_ID_MAX + 32];
	int rc = coll_store_device_get(c->st, id, &dev, &err);
	if (rc)
		return admin_refused(c, h, rc, &err);
	rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &l, &err);
	if (rc) {
		free(l.v);
		return coll_page_store_failed(c, h, &err);
	}
	admin_begin(c, h, dev.id);
	coll_html_printf(h, "<h1>Device %s</h1>", dev.id);
	if (dev.revoked)
		coll_html_raw(h, "<p><strong class=\"nhsuk-tag nhsuk-tag--grey\">Revoked</strong> It can"
			      " no longer send.</p>");
	coll_html_printf(h, "<form method=\"post\" action=\"/admin/devices/%s/locations\">", dev.id);
	coll_html_csrf_field(h, c->user.csrf);
	coll_html_raw(h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\">"
		      "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">Locations it"
		      " may send for</legend><div class=\"nhsuk-hint\">The tablet's staff screen offers"
		      " these after it is provisioned again. Retired locations cannot be chosen.</div>"
		      "<div class=\"nhsuk-checkboxes\">");
	for (size_t i = 0; i < l.n; i++) {
		const coll_store_location *loc = &l.v[i];
		if (loc->retired_ms && !coll_store_device_speaks_for(&dev, loc->code))
			continue;
		coll_html_printf(h, "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\""
				 " id=\"loc-%s\" name=\"loc_%s\" type=\"checkbox\" value=\"on\"%s>"
				 "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"loc-%s\">%s (%s)%s"
				 "</label></div>", loc->code, loc->code,
				 coll_store_device_speaks_for(&dev, loc->code) ? " checked" : "", loc->code,
				 loc->name, loc->code, loc->retired_ms ? ", retired" : "");
	}
	free(l.v);
	coll_html_raw(h, "</div></fieldset></div><button class=\"nhsuk-button nhsuk-button--secondary\""
		      " type=\"submit\">Save locations</button></form>");
	if (!dev.revoked) {
		coll_html_raw(h, "<h2>Revoke</h2>");
		snprintf(action, sizeof action, "devices/%s/revoke", dev.id);
		button_form(c, h, action, "Revoke this device", true);
	}
	coll_html_page_end(h);
	return 200;
}

static int post_device(const coll_web_ctx *c, const char *id, const char *what, coll_html *h,
		       char *redirect, size_t size)
{
	coll_actor a = actor_of(c);
	fb_err err;
	int rc;
	if (strcmp(what, "locations") == 0) {
		coll_store_location_list l = {0};
		const char *codes[COLL_STORE_DEVICE_LOCATIONS_MAX];
		size_t n = 0;
		rc = coll_store_locations_list(c->st, NULL, COLL_WEB_FLEET_MAX, &l, &err);
		for (size_t i = 0; rc == 0 && i < l.n; i++) {
			char name[COLL_STORE_ID_MAX + 8], v[8];
			snprintf(name, sizeof name, "loc_%s", l.v[i].code);
			if (coll_web_form_get(c->req->body, name, v, sizeof v) == 0 && n < COLL_STORE_DEVICE_LOCATIONS_MAX)
				codes[n++] = l.v[i].code;
		}
		if (rc == 0)
			rc = coll_users_device_locations(c->st, &a, id, codes, n, &err);
		free(l.v);
	} else if (strcmp(what, "revoke") == 0) {
		char msg[300], action[COLL_STORE_ID_MAX + 32], back[COLL_STORE_ID_MAX + 16];
		if (!confirmed(c)) {
			snprintf(msg, sizeof msg, "Device %s will be refused from now on: anything still in"
				 " its queue stays on the tablet. This cannot be undone; a tablet that is"
				 " found again is enrolled afresh.", id);
			snprintf(action, sizeof action, "devices/%s/revoke", id);
			snprintf(back, sizeof back, "/admin/devices/%s", id);
			return confirm_page(c, h, "Revoke this device?", msg, action, "Yes, revoke", back);
		}
		rc = coll_users_device_revoke(c->st, &a, id, &err);
	} else {
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is nothing to send a form to at this address.");
	}
	if (rc)
		return admin_refused(c, h, rc, &err);
	snprintf(redirect, size, "/admin/devices/%s", id);
	return 303;
}

/* ---- audit trail ------------------------------------------------------------------ */

/* The page's filter from ?user= &action= &from= &to= (days); 400 page in h
 * when a day is not understood. */
static int audit_filter(const coll_web_ctx *c, coll_html *h, coll_store_audit_query *q)
{
	fb_err err;
	const char *from = coll_page_arg(c, "from"), *to = coll_page_arg(c, "to");
	memset(q, 0, sizeof *q);
	q->user = coll_page_arg(c, "user");
	q->action = coll_page_arg(c, "action");
	if (from && from[0] && coll_audit_day_start(from, &q->from_ms, &err))
		return coll_page_message(h, &c->user, 400, "Date not understood", err.msg);
	int64_t day;
	if (to && to[0] && coll_audit_day_range(to, &day, &q->to_ms, &err))   /* through that day */
		return coll_page_message(h, &c->user, 400, "Date not understood", err.msg);
	return 0;
}

static int audit_row(void *ctx, const coll_store_audit_row *r)
{
	coll_page_table *t = ctx;
	char when[32];
	coll_page_time_text(r->at_ms, when, sizeof when);
	coll_page_row_begin(t);
	coll_page_cell(t, when);
	coll_page_cell(t, r->user);
	coll_page_cell(t, r->addr);
	coll_page_cell(t, r->action);
	coll_page_cell(t, r->object);
	coll_page_cell(t, r->detail);
	coll_page_row_end(t);
	return 0;
}

static void filter_input(coll_html *h, const char *id, const char *label, const char *value,
			 const char *type)
{
	coll_html_printf(h, "<div class=\"nhsuk-form-group fb-filter-field\"><label class=\"nhsuk-label\""
			 " for=\"%s\">%s</label><input class=\"nhsuk-input\" id=\"%s\" name=\"%s\""
			 " type=\"%s\" value=\"%s\"></div>", id, label, id, id, type, value ? value : "");
}

static int page_audit(const coll_web_ctx *c, coll_html *h)
{
	static const char *const heads[] = {"When", "Who", "From", "What", "On", "Detail"};
	coll_store_audit_query q;
	coll_page_table t;
	fb_err err;
	int status = audit_filter(c, h, &q);
	if (status)
		return status;
	q.limit = AUDIT_SHOWN;
	admin_begin(c, h, "Audit trail");
	coll_html_raw(h, "<h1>Audit trail</h1><p>Every sign-in, view of comments, download and change,"
		      " the newest first. It cannot be changed here. It never holds comments or"
		      " passwords.</p><form method=\"get\" action=\"/admin/audit\" class=\"fb-filter\">");
	filter_input(h, "user", "User", q.user, "text");
	filter_input(h, "action", "Action", q.action, "text");
	filter_input(h, "from", "From (day)", coll_page_arg(c, "from"), "date");
	filter_input(h, "to", "To (day)", coll_page_arg(c, "to"), "date");
	coll_html_raw(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">Filter"
		      "</button></form><p><a class=\"nhsuk-button nhsuk-button--secondary\""
		      " id=\"audit-csv\" href=\"/admin/audit.csv?user=");
	coll_html_url(h, q.user ? q.user : "");
	coll_html_raw(h, "&amp;action=");
	coll_html_url(h, q.action ? q.action : "");
	coll_html_raw(h, "&amp;from=");
	coll_html_url(h, coll_page_arg(c, "from") ? coll_page_arg(c, "from") : "");
	coll_html_raw(h, "&amp;to=");
	coll_html_url(h, coll_page_arg(c, "to") ? coll_page_arg(c, "to") : "");
	coll_html_printf(h, "\">Download as CSV</a></p>");
	coll_page_table_begin(&t, h, "Audit rows (at most 500 here; the CSV has them all)", heads, 6, 0,
			      true);
	int rc = coll_store_audit_each(c->st, &q, audit_row, &t, &err);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	coll_page_table_end(&t);
	coll_html_page_end(h);
	return 200;
}

int coll_page_admin_audit_csv(const coll_web_ctx *c, coll_html *h, FILE *out, int64_t *rows)
{
	coll_store_audit_query q;
	fb_err err;
	int status = coll_page_require_role(c, h, COLL_ROLE_ADMIN);
	if (status == 0)
		status = audit_filter(c, h, &q);
	if (status)
		return status;
	if (coll_audit_write_csv(c->st, &q, out, rows, &err))
		return coll_page_store_failed(c, h, &err);
	return 200;
}

/* ---- routing ---------------------------------------------------------------------- */

/* rest "users/NAME/what" split: kind "users", name, what ("" when none).
 * false when a part is too long or not an id. */
static bool split_rest(const char *rest, char *kind, char *name, char *what, size_t size)
{
	const char *a = strchr(rest, '/');
	kind[0] = name[0] = what[0] = '\0';
	size_t n = a ? (size_t)(a - rest) : strlen(rest);
	if (n >= size)
		return false;
	memcpy(kind, rest, n);
	kind[n] = '\0';
	if (!a)
		return true;
	const char *b = strchr(a + 1, '/');
	n = b ? (size_t)(b - a - 1) : strlen(a + 1);
	if (n >= size)
		return false;
	memcpy(name, a + 1, n);
	name[n] = '\0';
	if (b) {
		if (strlen(b + 1) >= size || strchr(b + 1, '/'))
			return false;
		snprintf(what, size, "%s", b + 1);
	}
	return name[0] == '\0' || fb_id_valid(name, COLL_STORE_ID_MAX);
}

int coll_page_admin_get(const coll_web_ctx *c, const char *rest, coll_html *h)
{
	char kind[COLL_STORE_ID_MAX], name[COLL_STORE_ID_MAX], what[COLL_STORE_ID_MAX];
	int status = coll_page_require_role(c, h, COLL_ROLE_ADMIN);
	if (status)
		return status;
	if (!split_rest(rest, kind, name, what, sizeof kind) || what[0])
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is no admin page at this address. Start again from Admin.");
	if (!kind[0])
		return page_overview(c, h);
	if (strcmp(kind, "users") == 0)
		return name[0] ? page_user(c, name, h) : page_users(c, h);
	if (strcmp(kind, "locations") == 0 && !name[0])
		return page_locations(c, h);
	if (strcmp(kind, "teams") == 0 && !name[0])
		return page_teams(c, h);
	if (strcmp(kind, "devices") == 0)
		return name[0] ? page_device(c, name, h) : page_devices(c, h);
	if (strcmp(kind, "audit") == 0 && !name[0])
		return page_audit(c, h);
	return coll_page_message(h, &c->user, 404, "Page not found",
				 "There is no admin page at this address. Start again from Admin.");
}

int coll_page_admin_post(const coll_web_ctx *c, const char *rest, coll_html *h, char *redirect,
			 size_t size)
{
	char kind[COLL_STORE_ID_MAX], name[COLL_STORE_ID_MAX], what[COLL_STORE_ID_MAX];
	int status = coll_page_require_role(c, h, COLL_ROLE_ADMIN);
	if (status)
		return status;
	if (!split_rest(rest, kind, name, what, sizeof kind))
		return coll_page_message(h, &c->user, 404, "Page not found",
					 "There is nothing to send a form to at this address.");
	if (strcmp(kind, "users") == 0 && strcmp(name, "add") == 0 && !what[0])
		return post_user_add(c, h, redirect, size);
	if (strcmp(kind, "users") == 0 && name[0] && what[0])
		return post_user(c, name, what, h, redirect, size);
	if (strcmp(kind, "locations") == 0 && strcmp(name, "add") == 0 && !what[0])
		return post_location_add(c, h, redirect, size);
	if (strcmp(kind, "locations") == 0 && name[0] && what[0])
		return post_named(c, &location_kind, name, what, h, redirect, size);
	if (strcmp(kind, "teams") == 0 && strcmp(name, "add") == 0 && !what[0])
		return post_team_add(c, h, redirect, size);
	if (strcmp(kind, "teams") == 0 && name[0] && what[0])
		return post_named(c, &team_kind, name, what, h, redirect, size);
	if (strcmp(kind, "devices") == 0 && strcmp(name, "enrol") == 0 && !what[0])
		return post_enrol(c, h);
	if (strcmp(kind, "devices") == 0 && name[0] && what[0])
		return post_device(c, name, what, h, redirect, size);
	return coll_page_message(h, &c->user, 404, "Page not found",
				 "There is nothing to send a form to at this address.");
}

/* ---- the reset link (no session) ---------------------------------------------------- */

static int reset_gone(coll_html *h)
{
	return coll_page_message(h, NULL, 410, "This link no longer works",
				 "A password link works once, for 24 hours. Ask the feedback collector's"
				 " administrator for a new one.");
}

static void reset_form(coll_html *h, const char *user, const char *token, const char *problem)
{
	coll_html_page_begin(h, problem ? "Error: Choose a password" : "Choose a password", NULL);
	if (problem) {
		coll_html_raw(h, "<div class=\"nhsuk-error-summary\" role=\"alert\" tabindex=\"-1\"><h2"
			      " class=\"nhsuk-error-summary__title\">There is a problem</h2><div"
			      " class=\"nhsuk-error-summary__body\"><ul class=\"nhsuk-list"
			      " nhsuk-error-summary__list\"><li><a href=\"#password\">");
		coll_html_text(h, problem);
		coll_html_raw(h, "</a></li></ul></div></div>");
	}
	coll_html_printf(h, "<h1>Choose a password, %s</h1><form method=\"post\" action=\"/reset\""
			 " novalidate><input type=\"hidden\" name=\"token\" value=\"%s\">"
			 "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"password\">"
			 "New password</label><div class=\"nhsuk-hint\">At least %d characters. A few"
			 " words you will remember are good.</div><input class=\"nhsuk-input"
			 " nhsuk-u-width-two-thirds\" id=\"password\" name=\"password\" type=\"password\""
			 " autocomplete=\"new-password\" maxlength=\"255\"></div>"
			 "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"again\">"
			 "The same password again</label><input class=\"nhsuk-input"
			 " nhsuk-u-width-two-thirds\" id=\"again\" name=\"again\" type=\"password\""
			 " autocomplete=\"new-password\" maxlength=\"255\"></div>"
			 "<button class=\"nhsuk-button\" type=\"submit\">Save password</button></form>",
			 user, token, COLL_USERS_PASSWORD_MIN);
	coll_html_page_end(h);
}

int coll_page_reset_get(const coll_web_ctx *c, coll_html *h)
{
	char user[COLL_STORE_ID_MAX];
	fb_err err;
	const char *token = coll_page_arg(c, "token");
	int rc = coll_users_reset_check(c->st, token, c->req->now_ms, user, sizeof user, &err);
	if (rc == FB_ERR_NOTFOUND)
		return reset_gone(h);
	if (rc)
		return coll_page_store_failed(c, h, &err);
	reset_form(h, user, token, NULL);
	return 200;
}

int coll_page_reset_post(const coll_web_ctx *c, coll_html *h, char *redirect, size_t size)
{
	char token[COLL_USERS_TOKEN_TEXT], pw[256], again[256], user[COLL_STORE_ID_MAX];
	fb_err err;
	coll_actor a = {"", c->req->client_addr && c->req->client_addr[0] ? c->req->client_addr :
			"unknown address", c->req->now_ms};
	int status = 0, rc;
	form_field(c, "token", token, sizeof token);
	rc = coll_users_reset_check(c->st, token, c->req->now_ms, user, sizeof user, &err);
	if (rc == FB_ERR_NOTFOUND) {
		status = reset_gone(h);
		goto out;
	}
	if (rc) {
		status = coll_page_store_failed(c, h, &err);
		goto out;
	}
	if (coll_web_form_get(c->req->body, "password", pw, sizeof pw) != 0 ||
	    coll_web_form_get(c->req->body, "again", again, sizeof again) != 0 || strcmp(pw, again) != 0) {
		reset_form(h, user, token, "The two passwords are not the same. Type it twice.");
		status = 400;
		goto out;
	}
	rc = coll_users_reset_use(c->st, &a, token, pw, user, sizeof user, &err);
	if (rc == FB_ERR_INVALID) {
		reset_form(h, user, token, err.msg);
		status = 400;
	} else if (rc == FB_ERR_NOTFOUND) {
		status = reset_gone(h);
	} else if (rc) {
		status = coll_page_store_failed(c, h, &err);
	} else {
		snprintf(redirect, size, "/login");
		status = 303;
	}
out:
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(again, sizeof again);
	return status;
}
