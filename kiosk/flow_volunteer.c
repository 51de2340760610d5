/* flow_volunteer.c: the volunteer offer after a stored response (see
 * flow.h, "Volunteering"): the roles chosen, a name and a phone or email
 * typed (capped, valid UTF-8 only), consent ticked, and the sign-up handed
 * to the signup callback. Everything here is wiped at every reset. */
#include <string.h>

#include "flow_impl.h"
#include "utf8.h"

bool fb_screen_is_volunteer(fb_screen s)
{
	return s >= FB_SCREEN_VOLUNTEER_ASK && s <= FB_SCREEN_VOLUNTEER_CONSENT;
}

void flow_volunteer_wipe(fb_flow *f)
{
	/* volatile: the person's name must not linger in memory for the next */
	volatile char *p = f->vol_name;
	for (size_t i = 0; i < sizeof f->vol_name; i++)
		p[i] = 0;
	p = f->vol_contact;
	for (size_t i = 0; i < sizeof f->vol_contact; i++)
		p[i] = 0;
	f->vol_roles = 0;
	f->vol_consent = false;
}

/* The field on this screen and its cap in code points; NULL elsewhere. */
static char *vol_field(fb_flow *f, size_t *cap, size_t *size)
{
	if (f->screen == FB_SCREEN_VOLUNTEER_NAME) {
		*cap = FB_FLOW_VOLUNTEER_NAME_MAX;
		*size = sizeof f->vol_name;
		return f->vol_name;
	}
	if (f->screen == FB_SCREEN_VOLUNTEER_CONTACT) {
		*cap = FB_FLOW_VOLUNTEER_CONTACT_MAX;
		*size = sizeof f->vol_contact;
		return f->vol_contact;
	}
	return NULL;
}

/* Something other than spaces typed. */
static bool has_words(const char *s)
{
	return s[strspn(s, " ")] != '\0';
}

static bool vol_insert(fb_flow *f, const char *in)
{
	size_t cap, size, in_len = in ? strlen(in) : 0;
	char *t = vol_field(f, &cap, &size);
	size_t len, have;

	if (!t || in_len == 0 || !fb_utf8_valid(in, in_len))
		return false;
	len = strlen(t);
	have = fb_utf8_count(t, len);
	bool changed = false;
	for (size_t i = 0; i < in_len && have < cap;) {
		size_t n = fb_utf8_next(in, in_len, i) - i;
		if (n == 0 || len + n >= size)
			break;
		/* one line: a newline or tab becomes nothing */
		if (!(n == 1 && (in[i] == '\n' || in[i] == '\r' || in[i] == '\t'))) {
			memcpy(t + len, in + i, n);
			len += n;
			have++;
			changed = true;
		}
		i += n;
	}
	t[len] = '\0';
	return changed;
}

static bool vol_backspace(fb_flow *f)
{
	size_t cap, size;
	char *t = vol_field(f, &cap, &size);
	size_t len = t ? strlen(t) : 0;

	if (len == 0)
		return false;
	len = fb_utf8_prev(t, len);
	memset(t + len, 0, size - len);
	return true;
}

bool fb_flow_volunteer_can_next(const fb_flow *f)
{
	switch (f->screen) {
	case FB_SCREEN_VOLUNTEER_ROLES:
		return f->vol_roles != 0;
	case FB_SCREEN_VOLUNTEER_NAME:
		return has_words(f->vol_name);
	case FB_SCREEN_VOLUNTEER_CONTACT:
		return has_words(f->vol_contact);
	case FB_SCREEN_VOLUNTEER_CONSENT:
		return f->vol_consent;
	default:
		return false;
	}
}

/* Hands the sign-up over; thanks when it is stored, sorry otherwise. */
static void vol_send(fb_flow *f, int64_t now)
{
	fb_flow_signup s;
	fb_err err;
	int rc;

	memset(&s, 0, sizeof s);
	fb_err_clear(&err);
	for (size_t i = 0; i < f->o.n_roles && i < FB_VOLUNTEER_MAX_ROLES; i++)
		if (f->vol_roles & (1u << i))
			s.roles[s.n_roles++] = f->o.roles[i];
	s.name = f->vol_name;
	s.contact = f->vol_contact;
	s.language = fb_flow_language_current(f);
	s.location = f->location;
	rc = f->o.signup(f->o.signup_ctx, &s, &err);
	if (rc) {
		f->last_err = err;
		if (f->last_err.code == FB_OK)
			f->last_err.code = FB_ERR_IO;
	}
	flow_volunteer_wipe(f);
	f->screen = rc ? FB_SCREEN_SORRY : FB_SCREEN_THANKS;
	f->screen_since = now;
}

bool flow_on_volunteer(fb_flow *f, const fb_event *ev, int64_t now)
{
	fb_screen sc = f->screen;

	if (sc == FB_SCREEN_VOLUNTEER_ASK) {
		if (ev->kind == FB_EV_CONFIRM_YES) {
			f->screen = FB_SCREEN_VOLUNTEER_ROLES;
		} else if (ev->kind == FB_EV_CONFIRM_NO || ev->kind == FB_EV_FINISH) {
			f->screen = FB_SCREEN_THANKS;
			f->screen_since = now;
		} else {
			return false;
		}
		return true;
	}
	switch (ev->kind) {
	case FB_EV_TOGGLE_OPTION:
		if (sc == FB_SCREEN_VOLUNTEER_ROLES && ev->index >= 0 &&
		    (size_t)ev->index < f->o.n_roles) {
			f->vol_roles ^= 1u << ev->index;
			return true;
		}
		if (sc == FB_SCREEN_VOLUNTEER_CONSENT && ev->index == 0) {
			f->vol_consent = !f->vol_consent;
			return true;
		}
		return false;
	case FB_EV_TEXT_INSERT:
		return vol_insert(f, ev->text);
	case FB_EV_TEXT_BACKSPACE:
		return vol_backspace(f);
	case FB_EV_NEXT:
		if (!fb_flow_volunteer_can_next(f))
			return false;
		if (sc == FB_SCREEN_VOLUNTEER_CONSENT)
			vol_send(f, now);
		else
			f->screen = (fb_screen)(sc + 1);
		return true;
	case FB_EV_BACK:
		f->screen = (fb_screen)(sc - 1);
		return true;
	default:
		return false;
	}
}

size_t fb_flow_volunteer_role_count(const fb_flow *f)
{
	return f->o.signup ? f->o.n_roles : 0;
}

bool fb_flow_volunteer_role_chosen(const fb_flow *f, size_t i)
{
	return i < f->o.n_roles && (f->vol_roles >> i) & 1u;
}

const char *fb_flow_volunteer_text(const fb_flow *f)
{
	if (f->screen == FB_SCREEN_VOLUNTEER_NAME)
		return f->vol_name;
	if (f->screen == FB_SCREEN_VOLUNTEER_CONTACT)
		return f->vol_contact;
	return "";
}

size_t fb_flow_volunteer_text_max(const fb_flow *f)
{
	return f->screen == FB_SCREEN_VOLUNTEER_NAME ? FB_FLOW_VOLUNTEER_NAME_MAX :
	       f->screen == FB_SCREEN_VOLUNTEER_CONTACT ? FB_FLOW_VOLUNTEER_CONTACT_MAX : 0;
}

bool fb_flow_volunteer_consent(const fb_flow *f)
{
	return f->vol_consent;
}
