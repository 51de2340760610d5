/* actions.c: the "You said, we did" loop in the store (schema 5): a team's
 * actions, the comments each came from, their dated state changes, the items
 * published to the waiting room and the devices' config fetches (store.h).
 * Every statement is prepared with $1..$n; writes of more than one row are
 * one transaction. */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[COLL_ACTION_STATES] = {
	"proposed", "planned", "doing", "done", "dropped",
};

const char *coll_action_state_name(coll_action_state st)
{
	return st >= 0 && st < COLL_ACTION_STATES ? state_names[st] : "proposed";
}

int coll_action_state_parse(const char *name)
{
	for (int i = 0; name && i < COLL_ACTION_STATES; i++)
		if (strcmp(name, state_names[i]) == 0)
			return i;
	return -1;
}

bool coll_action_state_open(coll_action_state st)
{
	return st == COLL_ACTION_PROPOSED || st == COLL_ACTION_PLANNED || st == COLL_ACTION_DOING;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* ---- actions ----------------------------------------------------------------- */

static int history_add(coll_store *s, int64_t id, coll_action_state st, const char *reason,
		       const char *user, int64_t now_ms, fb_err *err)
{
	coll_store_param p[] = {P_INT(id), P_TEXT(coll_action_state_name(st)), P_TEXT(reason),
				P_TEXT(user), P_INT(now_ms)};
	return s->be->exec(s->db, "INSERT INTO action_history (action_id, state, reason, by_user, at_ms)"
			   " VALUES ($1, $2, $3, $4, $5)", p, 5, NULL, NULL, err);
}

int coll_store_action_add(coll_store *s, const coll_store_action *a, const char *user,
			  const char *const *ids, size_t n, int64_t now_ms, int64_t *id_out,
			  fb_err *err)
{
	int64_t id = 0;
	if (n > COLL_STORE_ACTION_COMMENTS_MAX)
		return fb_err_set(err, FB_ERR_INVALID, "an action links to at most %d comments",
				  COLL_STORE_ACTION_COMMENTS_MAX);
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int64_t ours = 0;
		coll_store_param p[] = {P_TEXT(ids[i]), P_TEXT(a->team)};
		rc = s->be->exec(s->db, "SELECT count(*) FROM responses r JOIN locations l"
				 " ON l.code = r.location WHERE r.id = $1 AND l.team = $2 AND r.synthetic = 0",
				 p, 2, coll_store_get_int, &ours, err);
		if (rc == 0 && ours == 0)
			rc = fb_err_set(err, FB_ERR_INVALID, "comment %s is not one of team %s's", ids[i],
					a->team);
	}
	if (rc == 0) {
		coll_store_param p[] = {P_TEXT(a->team), P_TEXT(a->you_said), P_TEXT(a->we_will),
					P_TEXT(a->owner), P_TEXT(a->due), P_INT(now_ms), P_TEXT(user),
					P_TEXT(a->themes)};
		rc = s->be->exec(s->db, "INSERT INTO actions (team, you_said, we_will, owner, due, state,"
				 " reason, state_ms, created_ms, created_by, themes) VALUES ($1, $2, $3, $4, $5,"
				 " 'proposed', NULL, $6, $6, $7, $8) RETURNING id", p, 8, coll_store_get_int,
				 &id, err);
	}
	if (rc == 0)
		rc = history_add(s, id, COLL_ACTION_PROPOSED, NULL, user, now_ms, err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		coll_store_param p[] = {P_INT(id), P_TEXT(ids[i])};
		rc = s->be->exec(s->db, "INSERT INTO action_comments (action_id, response_id) VALUES ($1, $2)"
				 " ON CONFLICT (action_id, response_id) DO NOTHING", p, 2, NULL, NULL, err);
	}
	rc = coll_store_tx_end(s, rc, err);
	if (rc == 0)
		*id_out = id;
	return rc;
}

#define ACTION_COLS "a.id, a.team, a.you_said, a.we_will, a.owner, a.due, a.state, a.reason," \
	" a.state_ms, a.created_ms, a.created_by," \
	" (SELECT count(*) FROM action_comments ac WHERE ac.action_id = a.id), a.themes"

typedef struct action_ctx {
	coll_store_action *out;
	int (*fn)(void *ctx, const coll_store_action *a);
	void *ctx;
	bool found;
} action_ctx;

static int get_action(void *ctx, int ncols, const char *const *vals)
{
	action_ctx *c = ctx;
	coll_store_action tmp;
	coll_store_action *a = c->out ? c->out : &tmp;
	int st = coll_action_state_parse(vals[6]);
	a->id = coll_store_i64(vals[0]);
	copy_str(a->team, sizeof a->team, vals[1]);
	copy_str(a->you_said, sizeof a->you_said, vals[2]);
	copy_str(a->we_will, sizeof a->we_will, vals[3]);
	copy_str(a->owner, sizeof a->owner, vals[4]);
	copy_str(a->due, sizeof a->due, vals[5]);
	a->state = st < 0 ? COLL_ACTION_PROPOSED : (coll_action_state)st;
	copy_str(a->reason, sizeof a->reason, vals[7]);
	a->state_ms = coll_store_i64(vals[8]);
	a->created_ms = coll_store_i64(vals[9]);
	copy_str(a->created_by, sizeof a->created_by, vals[10]);
	a->n_comments = (int)coll_store_i64(vals[11]);
	copy_str(a->themes, sizeof a->themes, vals[12]);
	c->found = true;
	return c->fn ? c->fn(c->ctx, a) : 0;
}

int coll_store_action_get(coll_store *s, int64_t id, coll_store_action *out, fb_err *err)
{
	action_ctx c = {out, NULL, NULL, false};
	coll_store_param p[] = {P_INT(id)};
	int rc = coll_store_run(s, "SELECT " ACTION_COLS " FROM actions a WHERE a.id = $1", p, 1,
				get_action, &c, err);
	if (rc == 0 && !c.found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no action %lld", (long long)id);
	return rc;
}

int coll_store_action_update(coll_store *s, const coll_store_action *a, fb_err *err)
{
	coll_store_param p[] = {P_INT(a->id), P_TEXT(a->you_said), P_TEXT(a->we_will),
				P_TEXT(a->owner), P_TEXT(a->due), P_TEXT(a->themes)};
	return coll_store_run(s, "UPDATE actions SET you_said = $2, we_will = $3, owner = $4, due = $5,"
			      " themes = $6 WHERE id = $1", p, 6, NULL, NULL, err);
}

int coll_store_action_set_state(coll_store *s, int64_t id, coll_action_state st,
				const char *reason, const char *user, int64_t now_ms, fb_err *err)
{
	int64_t found = 0;
	if (st < 0 || st >= COLL_ACTION_STATES)
		return fb_err_set(err, FB_ERR_INVALID, "no such action state");
	if (st == COLL_ACTION_DROPPED && (!reason || !reason[0]))
		return fb_err_set(err, FB_ERR_INVALID, "say why the action is dropped");
	if (st != COLL_ACTION_DROPPED)
		reason = NULL;
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	coll_store_param p[] = {P_INT(id), P_TEXT(coll_action_state_name(st)), P_TEXT(reason),
				P_INT(now_ms)};
	rc = s->be->exec(s->db, "UPDATE actions SET state = $2, reason = $3, state_ms = $4"
			 " WHERE id = $1 RETURNING 1", p, 4, coll_store_get_int, &found, err);
	if (rc == 0 && !found)
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no action %lld", (long long)id);
	if (rc == 0)
		rc = history_add(s, id, st, reason, user, now_ms, err);
	return coll_store_tx_end(s, rc, err);
}

int coll_store_actions_each(coll_store *s, const char *team, const char *location,
			    int64_t from_ms, int64_t to_ms,
			    int (*fn)(void *ctx, const coll_store_action *a), void *ctx, fb_err *err)
{
	action_ctx c = {NULL, fn, ctx, false};
	coll_store_param p[] = {P_TEXT(team), P_INT(from_ms), P_INT(to_ms), P_TEXT(location)};
	/* The state each had at to_ms is its last history step before then;
	 * a.state and a.state_ms are replaced by it. */
	return coll_store_run(s,
		"SELECT a.id, a.team, a.you_said, a.we_will, a.owner, a.due, h.state, h.reason,"
		" h.at_ms, a.created_ms, a.created_by,"
		" (SELECT count(*) FROM action_comments ac WHERE ac.action_id = a.id), a.themes"
		" FROM actions a JOIN action_history h ON h.id = (SELECT h2.id FROM action_history h2"
		" WHERE h2.action_id = a.id AND h2.at_ms < $3 ORDER BY h2.at_ms DESC, h2.id DESC LIMIT 1)"
		" WHERE a.team = $1 AND (h.state IN ('proposed', 'planned', 'doing') OR h.at_ms >= $2)"
		" AND ($4 IS NULL OR NOT EXISTS (SELECT 1 FROM action_comments ac WHERE ac.action_id = a.id)"
		" OR EXISTS (SELECT 1 FROM action_comments ac JOIN responses r ON r.id = ac.response_id"
		" WHERE ac.action_id = a.id AND r.location = $4))"
		" ORDER BY CASE h.state WHEN 'done' THEN 1 WHEN 'dropped' THEN 2 ELSE 0 END,"
		" CASE WHEN a.due = '' THEN 1 ELSE 0 END, a.due, a.id",
		p, 4, get_action, &c, err);
}

typedef struct step_ctx {
	int (*fn)(void *ctx, const coll_store_action_step *st);
	void *ctx;
} step_ctx;

static int get_step(void *ctx, int ncols, const char *const *vals)
{
	step_ctx *c = ctx;
	int st = coll_action_state_parse(vals[0]);
	coll_store_action_step step = {st < 0 ? COLL_ACTION_PROPOSED : (coll_action_state)st,
				       vals[1], vals[2], coll_store_i64(vals[3])};
	return c->fn(c->ctx, &step);
}

int coll_store_action_history_each(coll_store *s, int64_t id,
				   int (*fn)(void *ctx, const coll_store_action_step *st),
				   void *ctx, fb_err *err)
{
	step_ctx c = {fn, ctx};
	coll_store_param p[] = {P_INT(id)};
	return coll_store_run(s, "SELECT state, reason, by_user, at_ms FROM action_history"
			      " WHERE action_id = $1 ORDER BY at_ms, id", p, 1, get_step, &c, err);
}

typedef struct ids_ctx {
	char (*ids)[COLL_STORE_COMMENT_ID_MAX];
	size_t max, n;
} ids_ctx;

static int get_id(void *ctx, int ncols, const char *const *vals)
{
	ids_ctx *c = ctx;
	if (c->n < c->max)
		copy_str(c->ids[c->n++], COLL_STORE_COMMENT_ID_MAX, vals[0]);
	return 0;
}

int coll_store_action_comment_ids(coll_store *s, int64_t id, char (*ids)[COLL_STORE_COMMENT_ID_MAX],
				  size_t max, size_t *n, fb_err *err)
{
	ids_ctx c = {ids, max, 0};
	coll_store_param p[] = {P_INT(id)};
	int rc = coll_store_run(s, "SELECT response_id FROM action_comments WHERE action_id = $1"
				" ORDER BY response_id", p, 1, get_id, &c, err);
	*n = c.n;
	return rc;
}

typedef struct comment_ctx {
	int (*fn)(void *ctx, const coll_store_row *row);
	void *ctx;
} comment_ctx;

static int get_comment(void *ctx, int ncols, const char *const *vals)
{
	comment_ctx *c = ctx;
	coll_store_row r = {
		.id = vals[0], .location = vals[1], .language = vals[2],
		.effective_at_ms = coll_store_i64(vals[3]), .fft = (int)coll_store_i64(vals[4]),
		.free_text_json = vals[5], .safeguarding = coll_store_i64(vals[6]) != 0,
	};
	return c->fn(c->ctx, &r);
}

int coll_store_comments_of_team(coll_store *s, const char *team, const char *const *ids, size_t n,
				int (*fn)(void *ctx, const coll_store_row *row), void *ctx,
				fb_err *err)
{
	comment_ctx c = {fn, ctx};
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		coll_store_param p[] = {P_TEXT(ids[i]), P_TEXT(team)};
		rc = coll_store_run(s, "SELECT r.id, r.location, r.language, r.effective_at_ms, r.fft,"
				    " r.free_text, r.safeguarding FROM responses r JOIN locations l"
				    " ON l.code = r.location WHERE r.id = $1 AND l.team = $2 AND r.synthetic = 0",
				    p, 2, get_comment, &c, err);
	}
	return rc;
}

/* ---- published items ----------------------------------------------------------- */

int coll_store_publish_put(coll_store *s, const char *team, coll_store_publish *p, const char *user,
			   int64_t now_ms, fb_err *err)
{
	int64_t id = 0;
	int rc = coll_store_tx_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < p->n_locations && rc == 0; i++) {
		int64_t ours = 0;
		coll_store_param q[] = {P_TEXT(p->locations[i]), P_TEXT(team)};
		rc = s->be->exec(s->db, "SELECT count(*) FROM locations WHERE code = $1 AND team = $2",
				 q, 2, coll_store_get_int, &ours, err);
		if (rc == 0 && ours == 0)
			rc = fb_err_set(err, FB_ERR_INVALID, "location %s is not one of team %s's",
					p->locations[i], team);
	}
	if (rc == 0) {
		coll_store_param q[] = {P_INT(p->action_id), P_TEXT(team), P_INT(p->from_ms),
					P_INT(p->to_ms), P_INT(now_ms), P_TEXT(user)};
		rc = s->be->exec(s->db, "INSERT INTO published_items (action_id, team, from_ms, to_ms,"
				 " updated_ms, updated_by) VALUES ($1, $2, $3, $4, $5, $6)"
				 " ON CONFLICT (action_id) DO UPDATE SET from_ms = excluded.from_ms,"
				 " to_ms = excluded.to_ms, updated_ms = excluded.updated_ms,"
				 " updated_by = excluded.updated_by RETURNING id", q, 6, coll_store_get_int,
				 &id, err);
	}
	coll_store_param qi[] = {P_INT(id)};
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM published_locations WHERE item_id = $1", qi, 1,
				 NULL, NULL, err);
	if (rc == 0)
		rc = s->be->exec(s->db, "DELETE FROM published_texts WHERE item_id = $1", qi, 1,
				 NULL, NULL, err);
	for (size_t i = 0; i < p->n_locations && rc == 0; i++) {
		coll_store_param q[] = {P_INT(id), P_TEXT(p->locations[i])};
		rc = s->be->exec(s->db, "INSERT INTO published_locations (item_id, location) VALUES ($1, $2)"
				 " ON CONFLICT (item_id, location) DO NOTHING", q, 2, NULL, NULL, err);
	}
	for (size_t i = 0; i < p->n_texts && rc == 0; i++) {
		const coll_store_publish_text *t = &p->texts[i];
		coll_store_param q[] = {P_INT(id), P_TEXT(t->lang), P_TEXT(t->you_said), P_TEXT(t->we_did)};
		rc = s->be->exec(s->db, "INSERT INTO published_texts (item_id, lang, you_said, we_did)"
				 " VALUES ($1, $2, $3, $4) ON CONFLICT (item_id, lang) DO UPDATE SET"
				 " you_said = excluded.you_said, we_did = excluded.we_did", q, 4, NULL, NULL, err);
	}
	rc = coll_store_tx_end(s, rc, err);
	if (rc == 0) {
		p->id = id;
		p->updated_ms = now_ms;
		copy_str(p->updated_by, sizeof p->updated_by, user);
	}
	return rc;
}

static int get_item(void *ctx, int ncols, const char *const *vals)
{
	coll_store_publish *p = ctx;
	p->id = coll_store_i64(vals[0]);
	p->action_id = coll_store_i64(vals[1]);
	p->from_ms = coll_store_i64(vals[2]);
	p->to_ms = coll_store_i64(vals[3]);
	p->updated_ms = coll_store_i64(vals[4]);
	copy_str(p->updated_by, sizeof p->updated_by, vals[5]);
	return 0;
}

static int get_item_location(void *ctx, int ncols, const char *const *vals)
{
	coll_store_publish *p = ctx;
	if (p->n_locations < COLL_STORE_DEVICE_LOCATIONS_MAX)
		copy_str(p->locations[p->n_locations++], COLL_STORE_ID_MAX, vals[0]);
	return 0;
}

static int get_item_text(void *ctx, int ncols, const char *const *vals)
{
	coll_store_publish *p = ctx;
	if (p->n_texts < COLL_STORE_PUBLISH_LANGS_MAX) {
		coll_store_publish_text *t = &p->texts[p->n_texts++];
		copy_str(t->lang, sizeof t->lang, vals[0]);
		copy_str(t->you_said, sizeof t->you_said, vals[1]);
		copy_str(t->we_did, sizeof t->we_did, vals[2]);
	}
	return 0;
}

int coll_store_publish_get(coll_store *s, int64_t action_id, coll_store_publish *out, fb_err *err)
{
	memset(out, 0, sizeof *out);
	coll_store_param p[] = {P_INT(action_id)};
	int rc = coll_store_run(s, "SELECT id, action_id, from_ms, to_ms, updated_ms, updated_by"
				" FROM published_items WHERE action_id = $1", p, 1, get_item, out, err);
	if (rc == 0 && out->id == 0)
		return fb_err_set(err, FB_ERR_NOTFOUND, "action %lld was never published",
				  (long long)action_id);
	coll_store_param q[] = {P_INT(out->id)};
	if (rc == 0)
		rc = coll_store_run(s, "SELECT location FROM published_locations WHERE item_id = $1"
				    " ORDER BY location", q, 1, get_item_location, out, err);
	if (rc == 0)
		rc = coll_store_run(s, "SELECT lang, you_said, we_did FROM published_texts"
				    " WHERE item_id = $1 ORDER BY lang", q, 1, get_item_text, out, err);
	return rc;
}

typedef struct shown_ctx {
	int (*fn)(void *ctx, int64_t item_id, const char *lang, const char *you_said,
		  const char *we_did, int64_t from_ms, int64_t to_ms);
	void *ctx;
} shown_ctx;

static int get_shown(void *ctx, int ncols, const char *const *vals)
{
	shown_ctx *c = ctx;
	return c->fn(c->ctx, coll_store_i64(vals[0]), vals[1], vals[2], vals[3],
		     coll_store_i64(vals[4]), coll_store_i64(vals[5]));
}

int coll_store_published_for_location(coll_store *s, const char *location, int64_t now_ms,
				      int (*fn)(void *ctx, int64_t item_id, const char *lang,
						const char *you_said, const char *we_did,
						int64_t from_ms, int64_t to_ms),
				      void *ctx, fb_err *err)
{
	shown_ctx c = {fn, ctx};
	coll_store_param p[] = {P_TEXT(location), P_INT(now_ms)};
	return coll_store_run(s, "SELECT i.id, t.lang, t.you_said, t.we_did, i.from_ms, i.to_ms"
			      " FROM published_items i JOIN published_locations pl ON pl.item_id = i.id"
			      " JOIN published_texts t ON t.item_id = i.id"
			      " WHERE pl.location = $1 AND i.from_ms <= $2 AND $2 < i.to_ms"
			      " AND t.you_said <> '' AND t.we_did <> '' ORDER BY i.id, t.lang",
			      p, 2, get_shown, &c, err);
}

int coll_store_config_fetch_put(coll_store *s, const char *device_id, const char *etag,
				int64_t now_ms, fb_err *err)
{
	coll_store_param p[] = {P_TEXT(device_id), P_TEXT(etag), P_INT(now_ms)};
	return coll_store_run(s, "INSERT INTO device_config_fetch (device_id, etag, fetched_at_ms)"
			      " VALUES ($1, $2, $3) ON CONFLICT (device_id) DO UPDATE SET"
			      " etag = excluded.etag, fetched_at_ms = excluded.fetched_at_ms",
			      p, 3, NULL, NULL, err);
}

typedef struct pickup_ctx {
	int (*fn)(void *ctx, const char *device_id, int64_t fetched_at_ms);
	void *ctx;
} pickup_ctx;

static int get_pickup(void *ctx, int ncols, const char *const *vals)
{
	pickup_ctx *c = ctx;
	return c->fn(c->ctx, vals[0], coll_store_i64(vals[1]));
}

int coll_store_publish_pickups_each(coll_store *s, int64_t item_id,
				    int (*fn)(void *ctx, const char *device_id, int64_t fetched_at_ms),
				    void *ctx, fb_err *err)
{
	pickup_ctx c = {fn, ctx};
	coll_store_param p[] = {P_INT(item_id)};
	return coll_store_run(s, "SELECT f.device_id, f.fetched_at_ms FROM device_config_fetch f"
			      " JOIN published_items i ON i.id = $1"
			      " WHERE f.fetched_at_ms >= i.updated_ms AND EXISTS (SELECT 1 FROM"
			      " device_locations dl JOIN published_locations pl ON pl.location = dl.location"
			      " WHERE dl.device_id = f.device_id AND pl.item_id = i.id)"
			      " ORDER BY f.fetched_at_ms DESC, f.device_id", p, 1, get_pickup, &c, err);
}
