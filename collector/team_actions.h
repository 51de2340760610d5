/* team_actions: the one module that makes and changes a team's "You said,
 * we did" actions, called by the actions pages (web/pages_actions.c) and the
 * command line (main.c, "action ...") alike, so both make the same checks.
 * Owns: what each change checks (texts valid UTF-8 within their character
 * limits, trailing blanks cut; a known team; a due date that is a date; a
 * known state; dropped only with a reason; only a done action published, for
 * the team's own locations, in the languages the kiosks offer, both texts of
 * a language or neither, the last day on or after the first; the themes an
 * action answers are sub-categories of the framework) and one audit
 * row per change made (action-add, action-edit, action-state,
 * action-publish: never the words).
 * Promises: a refused change stores nothing, returns FB_ERR_INVALID and says
 * in err->msg what to do, starting lower case, without a full stop. */
#ifndef COLL_TEAM_ACTIONS_H
#define COLL_TEAM_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "themes/framework.h"
#include "users.h"

#define COLL_ACTIONS_TEXT_CHARS 1000   /* characters of "You said", "We will" */
#define COLL_ACTIONS_OWNER_CHARS 60
#define COLL_ACTIONS_REASON_CHARS 200
#define COLL_ACTIONS_SHORT_CHARS 150   /* a waiting-room text (fits a kiosk screen), and at
					* most COLL_STORE_PUBLISH_TEXT_MAX bytes */
#define COLL_ACTIONS_DEFAULT_DAYS 90   /* shown from today to this many days on unless told */

/* Cuts trailing blanks of s; whether it is then valid UTF-8 of at most
 * max_chars characters. */
bool coll_actions_text_ok(char *s, size_t max_chars);
/* The first instant (local midnight, months.h) of "YYYY-MM-DD", or -1 when
 * it is no date (31 April included). */
int64_t coll_actions_date_parse(const char *s);
/* The first instant of the local day after the one starting at midnight. */
int64_t coll_actions_day_after(int64_t midnight);
/* "YYYY-MM-DD" of the local day holding ms. */
void coll_actions_date_iso(int64_t ms, char out[16]);

/* Puts the theme codes of list (comma-separated, blanks around a code
 * ignored; "" = none) into a->themes, each once, in the framework's order:
 * the themes the action answers, which coll_actions_add and _edit store.
 * FB_ERR_INVALID naming a code that is no sub-category of fw, or when fw is
 * NULL (themes are off) and list is not empty; a->themes is unchanged then.
 * The pages' ticked boxes and the command line's --theme both come here. */
int coll_actions_themes_set(const coll_themes_framework *fw, coll_store_action *a, const char *list,
			    fb_err *err);

/* Makes an action of a->team (a known team) from a's you_said, we_will,
 * owner and due (trimmed in place), proposed by who, linked to the comments
 * ids[0..n) (each one of the team's, else FB_ERR_NOTFOUND naming it and
 * nothing stored); its id in *id. */
int coll_actions_add(coll_store *s, const coll_actor *who, coll_store_action *a,
		     const char *const *ids, size_t n, int64_t *id, fb_err *err);
/* Changes the texts, owner, due date and themes of action a->id (checked
 * as for add). */
int coll_actions_edit(coll_store *s, const coll_actor *who, coll_store_action *a, fb_err *err);
/* Moves action a to the state named state ("proposed" .. "dropped"), with
 * reason (trimmed in place; needed to drop it). Moving to the state it is in
 * changes nothing (*changed false) unless it is dropped again with a new
 * reason. changed may be NULL. */
int coll_actions_set_state(coll_store *s, const coll_actor *who, const coll_store_action *a,
			   const char *state, char *reason, bool *changed, fb_err *err);
/* Publishes (or replaces) done action a's waiting-room item: p's locations
 * (codes, each the team's) and texts (trimmed in place; a language with
 * both texts empty is left out as a missing translation), shown from day
 * from to day to ("YYYY-MM-DD", inclusive). languages is the list the
 * kiosks offer ([results] languages, "en, pl"): a text in another is
 * refused. p->action_id, from_ms, to_ms and the item's id are set here. */
int coll_actions_publish(coll_store *s, const coll_actor *who, const coll_store_action *a,
			 coll_store_publish *p, const char *from, const char *to,
			 const char *languages, fb_err *err);

#endif
