/* flow_staff: the PIN pad and the staff screen (see flow_impl.h and
 * kiosk/staff.h). Every action's outcome is said in words on the staff
 * screen (staff_msg), including the store's or sync daemon's error. */
#include "flow_impl.h"

#include <stdio.h>
#include <string.h>

#include "staff.h"

static void staff_say(fb_flow *f, const char *what, const fb_err *err)
{
	if (err && err->code != FB_OK)
		snprintf(f->staff_msg, sizeof f->staff_msg, "%s", err->msg);
	else
		snprintf(f->staff_msg, sizeof f->staff_msg, "%s", what);
}

static int staff_action(fb_flow *f, fb_flow_action act, fb_err *err)
{
	fb_err_clear(err);
	if (!f->o.action)
		return 0;
	return f->o.action(f->o.action_ctx, act, err);
}

bool flow_on_staff_pin(fb_flow *f, const fb_event *ev, int64_t now)
{
	fb_staff *st = f->o.staff;
	fb_err err;

	switch (ev->kind) {
	case FB_EV_PIN_DIGIT:
		if (ev->index < 0 || ev->index > 9)
			return false;
		return fb_staff_pin_digit(st, ev->index, now);
	case FB_EV_PIN_CLEAR:
		fb_staff_pin_clear(st);
		return true;
	case FB_EV_PIN_OK:
		switch (fb_staff_pin_check(st, now)) {
		case FB_STAFF_PIN_OK:
			f->screen = FB_SCREEN_STAFF;
			f->staff_page = 0;
			f->staff_msg[0] = '\0';
			if (staff_action(f, FB_FLOW_ACTION_STAFF_OPENED, &err))
				staff_say(f, "", &err);
			break;
		case FB_STAFF_PIN_WRONG:
			snprintf(f->staff_msg, sizeof f->staff_msg,
				 "wrong PIN: %d %s left before the pad locks",
				 fb_staff_tries_left(st),
				 fb_staff_tries_left(st) == 1 ? "try" : "tries");
			break;
		case FB_STAFF_PIN_LOCKED:
			snprintf(f->staff_msg, sizeof f->staff_msg,
				 "too many wrong PINs: the pad is locked for %d minutes",
				 (int)(FB_STAFF_LOCKOUT_MS / 60000));
			break;
		case FB_STAFF_PIN_DISABLED:
			snprintf(f->staff_msg, sizeof f->staff_msg,
				 "staff access is off: set staff_pin_hash in the config");
			break;
		}
		return true;
	case FB_EV_STAFF_CLOSE:
		flow_reset(f, now);
		return true;
	default:
		return false;
	}
}

/* Between the staff screen and its enrolment screen: no code typed, no old
 * message, and the status read afresh. */
static void staff_switch(fb_flow *f, fb_screen to)
{
	fb_err err;
	memset(f->enrol_code, 0, sizeof f->enrol_code);
	f->staff_msg[0] = '\0';
	f->screen = to;          /* the staff page stays: Back returns to it */
	if (staff_action(f, FB_FLOW_ACTION_STAFF_OPENED, &err))
		staff_say(f, "", &err);
}

bool flow_on_staff_enrol(fb_flow *f, const fb_event *ev, int64_t now)
{
	fb_err err;
	size_t n = strlen(f->enrol_code);

	switch (ev->kind) {
	case FB_EV_TEXT_INSERT:
		/* the code's letters only, in capitals; '-' and spaces are
		 * how it is shown, not part of it */
		for (const char *p = ev->text ? ev->text : ""; *p; p++) {
			char ch = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
			if (n < FB_ENROL_CODE_LEN && ch && strchr(FB_ENROL_ALPHABET, ch))
				f->enrol_code[n++] = ch;
		}
		f->enrol_code[n] = '\0';
		f->staff_msg[0] = '\0';
		return true;
	case FB_EV_TEXT_BACKSPACE:
		if (n > 0)
			f->enrol_code[n - 1] = '\0';
		return true;
	case FB_EV_STAFF_ENROL_SEND:
		if (n != FB_ENROL_CODE_LEN) {
			snprintf(f->staff_msg, sizeof f->staff_msg,
				 "type all %d characters of the code (%zu so far)",
				 FB_ENROL_CODE_LEN, n);
			return true;
		}
		fb_err_clear(&err);
		if (!f->o.enrol)
			fb_err_set(&err, FB_ERR_INVALID, "enrolling is not available here");
		else
			f->o.enrol(f->o.action_ctx, f->enrol_code, &err);
		memset(f->enrol_code, 0, sizeof f->enrol_code);
		staff_say(f, "code sent: the tablet is asking the collector; the answer shows here", &err);
		return true;
	case FB_EV_BACK:
		staff_switch(f, FB_SCREEN_STAFF);
		return true;
	case FB_EV_STAFF_CLOSE:
		flow_reset(f, now);
		return true;
	default:
		return false;
	}
}

bool flow_on_staff(fb_flow *f, const fb_event *ev, int64_t now)
{
	fb_err err;

	switch (ev->kind) {
	case FB_EV_STAFF_SYNC:
		staff_action(f, FB_FLOW_ACTION_SYNC_NOW, &err);
		staff_say(f, "sync requested: the sync daemon will try now", &err);
		return true;
	case FB_EV_STAFF_ENROL:
		staff_switch(f, FB_SCREEN_STAFF_ENROL);
		return true;
	case FB_EV_STAFF_PAGE:
		if (ev->index < 0 || ev->index >= FB_FLOW_STAFF_PAGES_MAX)
			return false;
		f->staff_page = ev->index;
		return true;
	case FB_EV_STAFF_CLEANING:
		f->staff_msg[0] = '\0';
		f->screen = FB_SCREEN_CLEANING;
		f->screen_since = now;
		return true;
	case FB_EV_STAFF_ASSISTED:
		f->assisted = !f->assisted;
		staff_say(f, f->assisted ?
			  "the next response will be marked assisted" :
			  "the next response will not be marked assisted", NULL);
		return true;
	case FB_EV_STAFF_LOCATION:
		if (ev->index < 0 || (size_t)ev->index >= f->n_locations)
			return false;
		snprintf(f->location, sizeof f->location, "%s",
			 f->locations[ev->index]);
		staff_action(f, FB_FLOW_ACTION_LOCATION_CHANGED, &err);
		/* by its name, as the buttons say it; the code when it has none */
		snprintf(f->staff_msg, sizeof f->staff_msg, "location is now %s",
			 f->location_names[ev->index][0] ? f->location_names[ev->index] :
			 f->location);
		if (err.code != FB_OK)
			staff_say(f, "", &err);
		return true;
	case FB_EV_STAFF_EXIT:
		if (!f->o.allow_maintenance_exit) {
			staff_say(f, "exit to maintenance is turned off: set "
				  "allow_maintenance_exit in the config", NULL);
			return true;
		}
		f->exit_requested = true;
		staff_action(f, FB_FLOW_ACTION_EXIT, &err);
		staff_say(f, "leaving for maintenance", &err);
		return true;
	case FB_EV_STAFF_CLOSE:
		flow_reset(f, now);
		return true;
	default:
		return false;
	}
}
