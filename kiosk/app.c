/* app: the SDL loop that joins the flow (kiosk/flow.c), the layout
 * (kiosk/layout.c) and the renderer (kiosk/render_sdl.c). See app.h.
 *
 * One pass: wait for an event or the flow's next deadline, turn the event
 * into flow events through the widget under the finger (or the focused
 * one), build the view in the person's words, lay it out, and draw only if
 * the result differs from the frame on screen. Replays push real SDL events
 * and move a virtual clock; nothing else knows it is a replay. */
#include "app.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "flow.h"
#include "replay.h"
#include "speech.h"
#include "staff.h"
#include "store.h"
#include "words.h"
#include "survey.h"
#include "yousaid.h"

#define APP_MAX_SHOTS 128
#define APP_TICKS_PER_WAIT 100000     /* cap on deadlines one `wait` fires */
#define APP_TAP_SAMPLES 4096

typedef struct kiosk_app {
	const kiosk_app_options *o;
	fb_config cfg;
	fb_survey *survey;
	fb_yousaid *ys;
	fb_staff *staff;
	fb_store *store;
	fb_flow *flow;
	kiosk_text *text;
	kiosk_layout *layout;
	SDL_Window *win;
	SDL_Renderer *ren;
	int w, h;

	bool virtual_clock;
	int64_t vnow;

	/* what the person is doing */
	char focus[KIOSK_WIDGET_ID_MAX];
	bool show_focus;
	char pressed[KIOSK_WIDGET_ID_MAX];
	bool pointer_down, swallow, corner_down;
	kiosk_kb_mode kb_mode;
	bool shift;
	bool eat_space;
	bool large_text;             /* "A+": until the next person */

	/* read-aloud: the engine starts on the first press; the audio device
	 * is open only while reading (an open device wakes a thread) */
	kiosk_speech *speech;
	bool audio_ok;               /* a device opened at start: offer it */
	bool speech_broken;          /* the engine failed: not offered again */
	SDL_AudioDeviceID audio;     /* 0 when not reading */
	bool reading;
	int64_t reading_check_ms;    /* real clock: when to see if it ended */
	char no_voice_logged[16];

	/* the screen on show */
	char screen_key[128];
	char drawn_key[128];
	uint64_t drawn_hash;
	bool force;
	fb_staff_status status;

	/* view text, kept for the build */
	char progress[160], counter[160], countdown[512], body[512];
	char ysw_heading[160], you_said_label[96], we_did_label[96];
	char crisis_title[512], crisis_body[1024];
	char status_lines[12][320], status_error[320];
	char action_ids[KIOSK_VIEW_MAX_ITEMS][KIOSK_WIDGET_ID_MAX];

	char shots[APP_MAX_SHOTS][128];
	int n_shots;

	/* --bench */
	bool first_presented;
	long frames;                 /* presented since start */
	bool tap_pending;
	struct timespec tap_t0;

	bool quit;
	int exit_code;
	fb_err *err;
} kiosk_app;

/* ---- clocks ---------------------------------------------------------- */

static int64_t app_now(const kiosk_app *a)
{
	return a->virtual_clock ? a->vnow : fb_mono_ms();
}

static double app_ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ---- fonts list ------------------------------------------------------ */

void kiosk_app_fonts_list(char *out, size_t out_size)
{
	const char *env = getenv("FB_FONTS_LIST");
	char exe[PATH_MAX] = "";
	if (env && *env) {
		snprintf(out, out_size, "%s", env);
		return;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* the source tree's build/ and build/san/, then an installed
		 * PREFIX/bin beside PREFIX/share (make install) */
		const char *ups[] = { "/assets/fonts.list", "/../assets/fonts.list",
				      "/../../assets/fonts.list",
				      "/../share/feedback-kiosk/fonts.list" };
		for (size_t i = 0; i < sizeof ups / sizeof ups[0]; i++) {
			snprintf(out, out_size, "%s%s", exe, ups[i]);
			if (access(out, R_OK) == 0)
				return;
		}
	}
	if (access("assets/fonts.list", R_OK) == 0) {
		snprintf(out, out_size, "assets/fonts.list");
		return;
	}
	snprintf(out, out_size, "/usr/share/feedback-kiosk/fonts.list");
}

/* ---- the view in the person's words ---------------------------------- */

static bool app_lang_rtl(const char *code)
{
	static const char *rtl[] = { "ar", "ur", "fa", "he", "ps", "sd", "ug", "yi" };
	for (size_t i = 0; code && i < sizeof rtl / sizeof rtl[0]; i++)
		if (strncmp(code, rtl[i], 2) == 0 && (code[2] == '\0' || code[2] == '-'))
			return true;
	return false;
}

static const char *app_location_name(const kiosk_app *a, const char *code)
{
	for (size_t i = 0; i < a->cfg.n_locations; i++)
		if (code && strcmp(a->cfg.locations[i].code, code) == 0)
			return a->cfg.locations[i].name;
	return a->cfg.location_name;
}

/* "Need to talk to someone now? Call ..." as a title and the rest. */
static void app_split_crisis(kiosk_app *a, const char *text)
{
	const char *q = strstr(text, "? ");
	if (q && q - text < (ptrdiff_t)sizeof a->crisis_title - 2) {
		snprintf(a->crisis_title, sizeof a->crisis_title, "%.*s",
			 (int)(q - text + 1), text);
		snprintf(a->crisis_body, sizeof a->crisis_body, "%s", q + 2);
	} else {
		a->crisis_title[0] = '\0';
		snprintf(a->crisis_body, sizeof a->crisis_body, "%s", text);
	}
}

static void app_view_languages(kiosk_app *a, kiosk_view *v)
{
	size_t n = fb_flow_language_count(a->flow);
	for (size_t i = 0; i < n && i < KIOSK_VIEW_MAX_ITEMS; i++) {
		size_t si = fb_flow_language_survey_index(a->flow, i);
		v->langs[i].code = fb_flow_language_code(a->flow, i);
		v->langs[i].name = si < a->survey->n_languages &&
				   a->survey->language_native_names[si] ?
				   a->survey->language_native_names[si] :
				   v->langs[i].code;
		v->n_langs = i + 1;
	}
}

static void app_view_question(kiosk_app *a, kiosk_view *v, const char *lang)
{
	const fb_question *q = fb_flow_question(a->flow);
	const fb_answer *ans = fb_flow_answer(a->flow);
	size_t li = fb_flow_language(a->flow), n = 0, m = 0;
	if (!q)
		return;
	fb_flow_progress(a->flow, &n, &m);
	fb_str_format(fb_str(lang, FB_STR_PROGRESS), (long)n, (long)m, a->progress,
		      sizeof a->progress);
	v->kind = q->kind;
	v->progress = n > 0 ? a->progress : NULL;   /* none on an info page */
	v->question = fb_text_get(&q->title, li);
	v->help = q->help.s[0] ? fb_text_get(&q->help, li) : NULL;
	for (size_t i = 0; i < q->n_options && i < KIOSK_VIEW_MAX_ITEMS; i++) {
		bool sel = false;
		if (ans && ans->answered) {
			if (q->kind == FB_Q_FFT || q->kind == FB_Q_AGREE5)
				sel = ans->choice == (int)i + 1;
			else if (q->kind == FB_Q_SINGLE)
				sel = ans->choice == (int)i;
			else if (q->kind == FB_Q_MULTI)
				sel = (ans->multi >> i) & 1u;
		}
		v->options[i].value = q->options[i].value;
		v->options[i].label = fb_text_get(&q->options[i].label, li);
		v->options[i].selected = sel;
		v->n_options = i + 1;
	}
	if (q->kind == FB_Q_TEXT) {
		size_t len = fb_flow_text_length(a->flow), max = fb_flow_text_max(a->flow);
		v->text = ans && ans->text ? ans->text : "";
		v->placeholder = fb_str(lang, FB_STR_TYPE_HERE);
		fb_str_format(fb_str(lang, FB_STR_CHARS_LEFT),
			      (long)(max > len ? max - len : 0), (long)max,
			      a->counter, sizeof a->counter);
		v->counter = a->counter;
		v->kb_mode = a->kb_mode;
		v->shift = a->shift;
		v->space_label = fb_str(lang, FB_STR_KEY_SPACE);
	}
	v->can_back = true;
	v->can_next = fb_flow_can_next(a->flow);
	v->can_skip = fb_flow_can_skip(a->flow);
	v->back_label = fb_str(lang, FB_STR_BACK);
	v->skip_label = fb_str(lang, FB_STR_SKIP);
	v->next_label = fb_str(lang, fb_flow_is_last(a->flow) ? FB_STR_SEND : FB_STR_NEXT);
}

static void app_view_staff(kiosk_app *a, kiosk_view *v, int64_t now)
{
	fb_staff_status *st = &a->status;
	char age[64];
	size_t k = 0;
	const char *en = "en";
	/* Every figure has its line, with "unknown" when it cannot be read:
	 * a missing line would look like nothing to worry about. */
#define LINE(...) do { if (k < 12) { snprintf(a->status_lines[k], \
	sizeof a->status_lines[k], __VA_ARGS__); v->status[k] = a->status_lines[k]; \
	k++; } } while (0)
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_DEVICE), st->device_id[0] ?
	     st->device_id : a->cfg.device_id);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_LOCATION),
	     app_location_name(a, fb_flow_location(a->flow)));
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_VERSION), FB_VERSION);
	if (st->queue_depth >= 0)
		LINE("%s: %lld", fb_str(en, FB_STR_STAFF_QUEUE_DEPTH),
		     (long long)st->queue_depth);
	else
		LINE("%s: unknown", fb_str(en, FB_STR_STAFF_QUEUE_DEPTH));
	fb_staff_format_age(st->oldest_unsent_age_ms, age, sizeof age);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_OLDEST_UNSENT),
	     st->oldest_unsent_age_ms >= 0 ? age :
	     st->queue_depth == 0 ? "none waiting" : "unknown");
	if (st->quarantined >= 0)
		LINE("%s: %lld", fb_str(en, FB_STR_STAFF_QUARANTINED),
		     (long long)st->quarantined);
	else
		LINE("%s: unknown", fb_str(en, FB_STR_STAFF_QUARANTINED));
	fb_staff_format_age(st->last_sync_ok_ms > 0 ? fb_wall_ms() -
			    st->last_sync_ok_ms : -1, age, sizeof age);
	LINE("%s: %s", fb_str(en, FB_STR_STAFF_LAST_SYNC),
	     st->last_sync_ok_ms > 0 ? age : "never");
	if (st->disk_free_bytes >= 0)
		LINE("%s: %lld MB", fb_str(en, FB_STR_STAFF_DISK_FREE),
		     (long long)(st->disk_free_bytes / (1024 * 1024)));
	else
		LINE("%s: unknown", fb_str(en, FB_STR_STAFF_DISK_FREE));
#undef LINE
	/* The last error on its own, wrapped in full under the figures. */
	const char *e = st->last_put_error[0] ? st->last_put_error :
			st->last_sync_error[0] ? st->last_sync_error : "none";
	snprintf(a->status_error, sizeof a->status_error, "%s: %s",
		 fb_str(en, FB_STR_STAFF_LAST_ERROR), e);
	v->status_error = a->status_error;
	v->n_status = k;
	size_t n = 0;
	v->actions[n].id = "staff-sync";
	v->actions[n++].label = fb_str(en, FB_STR_STAFF_SYNC);
	v->actions[n].id = "staff-cleaning";
	v->actions[n++].label = fb_str(en, FB_STR_STAFF_CLEANING);
	v->actions[n].id = "staff-assisted";
	v->actions[n].selected = fb_flow_assisted(a->flow);
	v->actions[n++].label = fb_str(en, FB_STR_STAFF_ASSISTED);
	size_t nl = fb_flow_location_count(a->flow);
	for (size_t i = 0; nl > 1 && i < nl && n + 1 < KIOSK_VIEW_MAX_ITEMS; i++) {
		const char *code = fb_flow_location_code(a->flow, i);
		snprintf(a->action_ids[n], sizeof a->action_ids[n],
			 "staff-location-%s", code);
		v->actions[n].id = a->action_ids[n];
		v->actions[n].label = app_location_name(a, code);
		v->actions[n].selected = strcmp(code, fb_flow_location(a->flow)) == 0;
		v->actions[n].location = true;
		n++;
		v->location_heading = fb_str(en, FB_STR_STAFF_CHANGE_LOCATION);
	}
	if (fb_flow_maintenance_allowed(a->flow) && n < KIOSK_VIEW_MAX_ITEMS) {
		v->actions[n].id = "staff-exit";
		v->actions[n++].label = fb_str(en, FB_STR_STAFF_EXIT);
	}
	v->n_actions = n;
	const char *msg = fb_flow_staff_message(a->flow);
	if (fb_flow_assisted(a->flow) && (!msg || !*msg))
		msg = fb_str(en, FB_STR_STAFF_ASSISTED_ON);
	v->body = msg;
	(void)now;
}

static void app_view(kiosk_app *a, kiosk_view *v)
{
	int64_t now = app_now(a);
	fb_screen sc = fb_flow_screen(a->flow);
	const char *lang = fb_flow_language_current(a->flow);
	int cd = fb_flow_countdown_s(a->flow, now);
	memset(v, 0, sizeof *v);
	v->screen = sc;
	v->language = lang;
	v->rtl = app_lang_rtl(lang);
	v->service = app_location_name(a, fb_flow_location(a->flow));
	v->organisation = "";
	v->text_size = sc != FB_SCREEN_STAFF_PIN && sc != FB_SCREEN_STAFF &&
		       sc != FB_SCREEN_CLEANING;
	v->large_text = a->large_text && v->text_size;
	/* Read-aloud on the same screens as text size, in a language with a
	 * voice, when sound works. */
	v->read_aloud = v->text_size && a->audio_ok && !a->speech_broken &&
			kiosk_speech_voice(lang) != NULL;
	v->reading = a->reading && v->read_aloud;
	v->read_aloud_label = fb_str(lang, v->reading ? FB_STR_READ_ALOUD_STOP :
				     FB_STR_READ_ALOUD);
	switch (sc) {
	case FB_SCREEN_ATTRACT: {
		v->title = fb_str(lang, FB_STR_ATTRACT_TITLE);
		v->body = fb_str(lang, FB_STR_ATTRACT_HINT);
		v->primary = fb_str(lang, FB_STR_START);
		v->staff_corner = fb_flow_staff(a->flow) != NULL &&
				  fb_staff_enabled(fb_flow_staff(a->flow));
		app_view_languages(a, v);
		int yi = fb_flow_yousaid_index(a->flow);
		const fb_yousaid_item *it = yi >= 0 ? fb_yousaid_get(a->ys, (size_t)yi) : NULL;
		if (it) {
			snprintf(a->ysw_heading, sizeof a->ysw_heading, "%s",
				 fb_str(lang, FB_STR_YSW_HEADING));
			snprintf(a->you_said_label, sizeof a->you_said_label, "%s:",
				 fb_str(lang, FB_STR_YOU_SAID));
			snprintf(a->we_did_label, sizeof a->we_did_label, "%s:",
				 fb_str(lang, FB_STR_WE_DID));
			v->ysw_heading = a->ysw_heading;
			v->you_said_label = a->you_said_label;
			v->we_did_label = a->we_did_label;
			v->you_said = it->you_said;
			v->we_did = it->we_did;
			v->ysw_index = yi;
			v->ysw_count = (int)fb_yousaid_count(a->ys);
		}
		float dim = 0;
		fb_flow_drift(a->flow, &v->drift_x, &v->drift_y, &dim);
		break;
	}
	case FB_SCREEN_LANGUAGE:
		v->title = fb_str(lang, FB_STR_CHOOSE_LANGUAGE);
		app_view_languages(a, v);
		v->can_back = true;
		v->back_label = fb_str(lang, FB_STR_BACK);
		break;
	case FB_SCREEN_QUESTION:
		app_view_question(a, v, lang);
		break;
	case FB_SCREEN_STILL_THERE:
		v->title = fb_str(lang, FB_STR_STILL_THERE);
		fb_str_format(fb_str(lang, FB_STR_STILL_THERE_COUNTDOWN), cd, 0,
			      a->countdown, sizeof a->countdown);
		v->hint = a->countdown;
		v->primary = fb_str(lang, FB_STR_STILL_HERE);
		break;
	case FB_SCREEN_THANKS:
		v->title = fb_str(lang, FB_STR_THANKS);
		v->body = fb_str(lang, FB_STR_THANKS_BODY);
		app_split_crisis(a, fb_str_crisis(lang, a->cfg.crisis_text));
		v->card_title = a->crisis_title[0] ? a->crisis_title : NULL;
		v->card_body = a->crisis_body;
		fb_str_format(fb_str(lang, FB_STR_BACK_TO_START), cd, 0,
			      a->countdown, sizeof a->countdown);
		v->hint = cd >= 0 ? a->countdown : NULL;
		v->secondary = fb_str(lang, FB_STR_FINISH);
		break;
	case FB_SCREEN_SORRY:
		v->title = fb_str(lang, FB_STR_SORRY_TITLE);
		v->body = fb_str(lang, FB_STR_SORRY_BODY);
		fb_str_format(fb_str(lang, FB_STR_BACK_TO_START), cd, 0,
			      a->countdown, sizeof a->countdown);
		v->hint = cd >= 0 ? a->countdown : NULL;
		v->secondary = fb_str(lang, FB_STR_FINISH);
		break;
	case FB_SCREEN_STAFF_PIN: {
		fb_staff *st = fb_flow_staff(a->flow);
		v->title = fb_str("en", FB_STR_STAFF_PIN_TITLE);
		v->pin_length = st ? (int)fb_staff_pin_length(st) : 0;
		v->pin_locked = st && fb_staff_locked(st, now);
		if (v->pin_locked) {
			fb_str_format(fb_str("en", FB_STR_STAFF_PIN_LOCKED), cd, 0,
				      a->body, sizeof a->body);
			v->body = a->body;
		} else {
			v->body = fb_flow_staff_message(a->flow);
		}
		v->pin_ok_label = fb_str("en", FB_STR_STAFF_PIN_OK);
		v->pin_clear_label = fb_str("en", FB_STR_STAFF_PIN_CLEAR);
		v->secondary = fb_str("en", FB_STR_STAFF_CLOSE);
		break;
	}
	case FB_SCREEN_STAFF:
		v->title = fb_str("en", FB_STR_STAFF_TITLE);
		v->secondary = fb_str("en", FB_STR_STAFF_CLOSE);
		app_view_staff(a, v, now);
		break;
	case FB_SCREEN_CLEANING:
		v->title = fb_str("en", FB_STR_CLEANING_TITLE);
		fb_str_format(fb_str("en", FB_STR_CLEANING_BODY), cd, 0, a->body,
			      sizeof a->body);
		v->body = a->body;
		break;
	default:
		break;
	}
}

/* ---- frames ---------------------------------------------------------- */

static uint64_t app_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

static uint64_t app_hash_str(uint64_t h, const char *s)
{
	return app_hash_bytes(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* What the frame would show: equal hashes draw equal pixels. */
static uint64_t app_frame_hash(const kiosk_app *a, const kiosk_paint *p)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < kiosk_layout_count(a->layout); i++) {
		const kiosk_widget *w = kiosk_layout_get(a->layout, i);
		int nums[] = { (int)w->role, w->x, w->y, w->w, w->h, w->px,
			       w->selected, w->disabled, w->code, w->value,
			       w->text_x, w->text_y, w->face_r, (int)w->align };
		h = app_hash_str(h, w->id);
		h = app_hash_str(h, w->lines);
		h = app_hash_bytes(h, nums, sizeof nums);
	}
	int dim = (int)(p->dim * 32);
	h = app_hash_str(h, p->focus_id);
	h = app_hash_str(h, p->pressed_id);
	h = app_hash_bytes(h, &dim, sizeof dim);
	h = app_hash_bytes(h, &p->caret, sizeof p->caret);
	h = app_hash_bytes(h, &a->w, sizeof a->w);
	h = app_hash_bytes(h, &a->h, sizeof a->h);
	return h;
}

static void app_screen_key(const kiosk_app *a, char *out, size_t n)
{
	fb_screen sc = fb_flow_screen(a->flow);
	const fb_question *q = fb_flow_question(a->flow);
	if (sc == FB_SCREEN_QUESTION && q)
		snprintf(out, n, "question-%s", q->id);
	else
		snprintf(out, n, "%s", fb_screen_name(sc));
}

static int app_write_dump(kiosk_app *a)
{
	int rc = 0;
	char tmp[4096];
	json_t *root = json_object(), *arr = json_array();
	json_object_set_new(root, "screen",
			    json_string(fb_screen_name(fb_flow_screen(a->flow))));
	json_object_set_new(root, "language",
			    json_string(fb_flow_language_current(a->flow)));
	json_object_set_new(root, "width", json_integer(a->w));
	json_object_set_new(root, "height", json_integer(a->h));
	for (size_t i = 0; i < kiosk_layout_count(a->layout); i++) {
		const kiosk_widget *w = kiosk_layout_get(a->layout, i);
		/* What a person typed is theirs: it goes to the queue sealed,
		 * never into a file in the clear, so the dump leaves it out. */
		const char *label = w->role == KIOSK_ROLE_FIELD ? "" :
				    w->label ? w->label : "";
		json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:b, s:b, s:b}",
				      "id", w->id, "role", kiosk_role_name(w->role),
				      "label", label,
				      "x", w->x, "y", w->y, "w", w->w, "h", w->h,
				      "target", w->target, "selected", w->selected,
				      "disabled", w->disabled);
		if (o)
			json_array_append_new(arr, o);
	}
	json_object_set_new(root, "widgets", arr);
	snprintf(tmp, sizeof tmp, "%s.tmp", a->o->layout_dump);
	if (json_dump_file(root, tmp, JSON_INDENT(1) | JSON_ENSURE_ASCII) != 0 ||
	    rename(tmp, a->o->layout_dump) != 0) {
		fprintf(stderr, "feedback-kiosk: unable to write layout dump '%s': %s\n",
			a->o->layout_dump, strerror(errno));
		rc = -1;
	}
	json_decref(root);
	return rc;
}

static bool app_shot_taken(kiosk_app *a, const char *name)
{
	for (int i = 0; i < a->n_shots; i++)
		if (strcmp(a->shots[i], name) == 0)
			return true;
	if (a->n_shots < APP_MAX_SHOTS)
		snprintf(a->shots[a->n_shots++], sizeof a->shots[0], "%s", name);
	return false;
}

static int app_save_shot(kiosk_app *a, const char *name)
{
	char path[4096];
	fb_err e;
	const char *dir = a->o->screenshot_dir ? a->o->screenshot_dir : ".";
	snprintf(path, sizeof path, "%s/%s.png", dir, name);
	if (kiosk_render_save_png(a->ren, path, &e) != 0) {
		fprintf(stderr, "feedback-kiosk: %s\n", e.msg);
		return -1;
	}
	return 0;
}

/* Builds the screen and draws it if it differs from what is shown.
 * shot: also save it as this name. */
static void app_frame(kiosk_app *a, const char *shot)
{
	kiosk_view v;
	kiosk_paint p = { 0 };
	app_view(a, &v);
	kiosk_layout_build(a->layout, &v, a->w, a->h, kiosk_text_measure, a->text);
	if (a->focus[0] && !kiosk_layout_find(a->layout, a->focus))
		a->focus[0] = '\0';
	if (a->show_focus && !a->focus[0]) {
		/* Switch access: a new screen starts with its first button. */
		int first = kiosk_layout_next_target(a->layout, -1, 1);
		if (first >= 0)
			snprintf(a->focus, sizeof a->focus, "%s",
				 kiosk_layout_get(a->layout, (size_t)first)->id);
	}
	p.focus_id = a->show_focus && a->focus[0] ? a->focus : NULL;
	p.pressed_id = a->pressed[0] ? a->pressed : NULL;
	p.rtl = v.rtl;
	p.caret = v.screen == FB_SCREEN_QUESTION && v.kind == FB_Q_TEXT;
	if (v.screen == FB_SCREEN_ATTRACT)
		fb_flow_drift(a->flow, NULL, NULL, &p.dim);
	uint64_t h = app_frame_hash(a, &p);
	char key[128];
	app_screen_key(a, key, sizeof key);
	if (h == a->drawn_hash && !a->force && !shot)
		return;
	kiosk_render_frame(a->ren, a->text, a->layout, &p, a->w, a->h);
	bool new_screen = strcmp(key, a->drawn_key) != 0;
	if (a->o->screenshot_dir && new_screen && !app_shot_taken(a, key))
		app_save_shot(a, key);
	if (shot)
		app_save_shot(a, shot);
	SDL_RenderPresent(a->ren);
	if (a->o->bench) {
		if (!a->first_presented) {
			struct timespec t;
			clock_gettime(CLOCK_REALTIME, &t);
			fprintf(stderr, "bench first_frame_wall_ns=%lld\n",
				(long long)t.tv_sec * 1000000000LL + t.tv_nsec);
		}
		if (a->tap_pending)
			fprintf(stderr, "bench tap_ms=%.3f\n", app_ms_since(&a->tap_t0));
	}
	a->first_presented = true;
	a->tap_pending = false;
	a->frames++;
	if (a->o->layout_dump && (h != a->drawn_hash || new_screen))
		app_write_dump(a);
	a->drawn_hash = h;
	a->force = false;
	snprintf(a->drawn_key, sizeof a->drawn_key, "%s", key);
}

/* ---- read-aloud ------------------------------------------------------ */

/* What espeak-ng hands back: mono, 16-bit (SDL converts for the device). */
static void app_audio_spec(SDL_AudioSpec *want, int rate)
{
	memset(want, 0, sizeof *want);
	want->freq = rate;
	want->format = AUDIO_S16SYS;
	want->channels = 1;
	want->samples = 1024;
}

/* At start, after the first frame: is there sound at all? The device is
 * closed again at once; a press opens it for as long as it reads. */
static void app_audio_probe(kiosk_app *a)
{
	SDL_AudioSpec want, have;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		fprintf(stderr, "feedback-kiosk: no sound: unable to start SDL audio: "
			"%s (read-aloud is hidden; check the speaker, or set "
			"SDL_AUDIODRIVER)\n", SDL_GetError());
		return;
	}
	app_audio_spec(&want, 22050);
	SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (dev == 0) {
		fprintf(stderr, "feedback-kiosk: no sound: unable to open an audio "
			"device with the %s driver: %s (read-aloud is hidden; check "
			"the speaker, or set SDL_AUDIODRIVER)\n",
			SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() :
			"no", SDL_GetError());
		SDL_QuitSubSystem(SDL_INIT_AUDIO);   /* unload what it loaded */
		return;
	}
	SDL_CloseAudioDevice(dev);
	a->audio_ok = true;
	a->force = true;                /* the button appears */
}

static void app_speech_stop(kiosk_app *a)
{
	if (a->audio) {
		SDL_ClearQueuedAudio(a->audio);
		SDL_CloseAudioDevice(a->audio);
		a->audio = 0;
	}
	a->reading = false;
}

/* Says once per language why a patient screen has no read-aloud. */
static void app_speech_log_voice(kiosk_app *a)
{
	const char *lang = fb_flow_language_current(a->flow);
	if (!a->audio_ok || !lang || kiosk_speech_voice(lang) ||
	    strcmp(lang, a->no_voice_logged) == 0)
		return;
	snprintf(a->no_voice_logged, sizeof a->no_voice_logged, "%s", lang);
	fprintf(stderr, "feedback-kiosk: no read-aloud voice for '%s': the button "
		"is hidden in that language (voices: en, pl, ro, pt, es, cy)\n",
		lang);
}

/* The read-aloud button: reads this screen's words, or stops. */
static void app_read_aloud(kiosk_app *a)
{
	kiosk_view v;
	kiosk_pcm pcm;
	fb_err e;
	char text[KIOSK_SPEECH_TEXT_MAX + 1];
	struct timespec t0;

	if (a->reading) {
		app_speech_stop(a);             /* a second press */
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	app_view(a, &v);
	if (!v.read_aloud || kiosk_speech_script(&v, text, sizeof text) == 0)
		return;
	if (!a->speech && kiosk_speech_new(&a->speech, &e) != 0) {
		fprintf(stderr, "feedback-kiosk: read-aloud: %s\n", e.msg);
		return;
	}
	if (kiosk_speech_say(a->speech, v.language, text, &pcm, &e) != 0) {
		fprintf(stderr, "feedback-kiosk: read-aloud: %s (the button is "
			"hidden)\n", e.msg);
		if (e.code != FB_ERR_NOTFOUND)
			a->speech_broken = true;
		return;
	}
	double synth_ms = app_ms_since(&t0);
	SDL_AudioSpec want, have;
	app_audio_spec(&want, pcm.rate);
	a->audio = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (a->audio == 0) {
		fprintf(stderr, "feedback-kiosk: no sound: unable to open the audio "
			"device: %s (read-aloud is hidden; check the speaker)\n",
			SDL_GetError());
		a->audio_ok = false;
		goto out;
	}
	if (SDL_QueueAudio(a->audio, pcm.samples,
			   (Uint32)(pcm.n * sizeof *pcm.samples)) != 0) {
		fprintf(stderr, "feedback-kiosk: read-aloud: unable to queue %zu "
			"samples: %s\n", pcm.n, SDL_GetError());
		app_speech_stop(a);
		goto out;
	}
	SDL_PauseAudioDevice(a->audio, 0);
	a->reading = true;
	a->reading_check_ms = fb_mono_ms() +
			      (int64_t)pcm.n * 1000 / (pcm.rate > 0 ? pcm.rate : 1) +
			      250;
	if (a->o->bench)
		fprintf(stderr, "bench read_aloud_ms=%.3f synth_ms=%.3f "
			"samples=%zu rate=%d\n", app_ms_since(&t0), synth_ms, pcm.n,
			pcm.rate);
out:
	kiosk_pcm_free(&pcm);
}

/* Reading ended when the queue has drained: close the device. */
static void app_speech_poll(kiosk_app *a)
{
	if (!a->reading || fb_mono_ms() < a->reading_check_ms)
		return;
	if (a->audio && SDL_GetQueuedAudioSize(a->audio) > 0) {
		a->reading_check_ms = fb_mono_ms() + 100;
		return;
	}
	app_speech_stop(a);
}

/* ---- flow events ----------------------------------------------------- */

static void app_after_change(kiosk_app *a)
{
	char key[128];
	app_screen_key(a, key, sizeof key);
	if (strcmp(key, a->screen_key) != 0) {
		snprintf(a->screen_key, sizeof a->screen_key, "%s", key);
		app_speech_stop(a);         /* the words were the last screen's */
		app_speech_log_voice(a);
		const fb_question *q = fb_flow_question(a->flow);
		const fb_answer *ans = fb_flow_answer(a->flow);
		a->kb_mode = KIOSK_KB_LETTERS;
		/* A capital to begin with, as a phone does. */
		a->shift = q && q->kind == FB_Q_TEXT && (!ans || !ans->text ||
							 !ans->text[0]);
		a->pressed[0] = '\0';
		a->focus[0] = '\0';
		if (fb_flow_screen(a->flow) == FB_SCREEN_ATTRACT)
			a->large_text = false;      /* the next person chooses */
		if (fb_flow_screen(a->flow) == FB_SCREEN_STAFF)
			fb_store_status_get(a->store, fb_wall_ms(), &a->status);
	}
	if (fb_flow_exit_requested(a->flow))
		a->quit = true;
}

static bool app_send(kiosk_app *a, fb_event_kind kind, int index, const char *text)
{
	fb_event ev = { kind, index, text };
	bool changed = fb_flow_event(a->flow, &ev, app_now(a));
	app_after_change(a);
	return changed;
}

static int app_option_index(kiosk_app *a, const char *value)
{
	const fb_question *q = fb_flow_question(a->flow);
	for (size_t i = 0; q && i < q->n_options; i++)
		if (q->options[i].value && strcmp(q->options[i].value, value) == 0)
			return (int)i;
	return -1;
}

static int app_language_index(kiosk_app *a, const char *code)
{
	for (size_t i = 0; i < fb_flow_language_count(a->flow); i++)
		if (strcmp(fb_flow_language_code(a->flow, i), code) == 0)
			return (int)i;
	return -1;
}

static int app_location_index(kiosk_app *a, const char *code)
{
	for (size_t i = 0; i < fb_flow_location_count(a->flow); i++)
		if (strcmp(fb_flow_location_code(a->flow, i), code) == 0)
			return (int)i;
	return -1;
}

static void app_press_key(kiosk_app *a, const char *id)
{
	kiosk_key keys[KIOSK_KB_MAX_KEYS];
	int rows = 0;
	const char *lang = fb_flow_language_current(a->flow);
	int n = kiosk_kb_keys(lang, a->kb_mode, a->shift, true, NULL, keys,
			      KIOSK_KB_MAX_KEYS, &rows);
	for (int i = 0; i < n; i++) {
		if (strcmp(keys[i].id, id) != 0)
			continue;
		switch (keys[i].kind) {
		case KIOSK_KEY_CHAR:
			app_send(a, FB_EV_TEXT_INSERT, 0, keys[i].insert);
			a->shift = false;           /* one letter, like a phone */
			break;
		case KIOSK_KEY_SPACE:
			app_send(a, FB_EV_TEXT_INSERT, 0, " ");
			break;
		case KIOSK_KEY_BACKSPACE:
			app_send(a, FB_EV_TEXT_BACKSPACE, 0, NULL);
			break;
		case KIOSK_KEY_SHIFT:
			a->shift = !a->shift;
			break;
		case KIOSK_KEY_ACCENTS:
			a->kb_mode = a->kb_mode == KIOSK_KB_ACCENTS ? KIOSK_KB_LETTERS
								    : KIOSK_KB_ACCENTS;
			break;
		case KIOSK_KEY_DIGITS:
			a->kb_mode = a->kb_mode == KIOSK_KB_DIGITS ? KIOSK_KB_LETTERS
								   : KIOSK_KB_DIGITS;
			break;
		}
		return;
	}
}

/* A widget was pressed (tap, click, Enter or Space on the focus). */
static void app_activate(kiosk_app *a, const char *id)
{
	fb_screen sc = fb_flow_screen(a->flow);
	static const struct { const char *id; fb_event_kind kind; } simple[] = {
		{ "start", FB_EV_START }, { "next", FB_EV_NEXT },
		{ "back", FB_EV_BACK }, { "skip", FB_EV_SKIP },
		{ "finish", FB_EV_FINISH }, { "still-here", FB_EV_STILL_HERE },
		{ "pin-ok", FB_EV_PIN_OK }, { "pin-clear", FB_EV_PIN_CLEAR },
		{ "staff-sync", FB_EV_STAFF_SYNC },
		{ "staff-cleaning", FB_EV_STAFF_CLEANING },
		{ "staff-assisted", FB_EV_STAFF_ASSISTED },
		{ "staff-exit", FB_EV_STAFF_EXIT },
		{ "staff-close", FB_EV_STAFF_CLOSE },
	};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(id, simple[i].id) == 0) {
			app_send(a, simple[i].kind, 0, NULL);
			if (simple[i].kind == FB_EV_STAFF_SYNC ||
			    simple[i].kind == FB_EV_STAFF_ASSISTED)
				fb_store_status_get(a->store, fb_wall_ms(), &a->status);
			return;
		}
	if (strcmp(id, "read-aloud") == 0) {
		if (fb_flow_screen(a->flow) != FB_SCREEN_STILL_THERE)
			app_send(a, FB_EV_ACTIVITY, 0, NULL);
		app_read_aloud(a);
		return;
	}
	if (strcmp(id, "text-size") == 0) {
		a->large_text = !a->large_text;
		app_send(a, FB_EV_ACTIVITY, 0, NULL);
		return;
	}
	if (strncmp(id, "lang-", 5) == 0) {
		int li = app_language_index(a, id + 5);
		if (sc == FB_SCREEN_ATTRACT)
			app_send(a, FB_EV_START, 0, NULL);
		if (li >= 0)
			app_send(a, FB_EV_CHOOSE_LANGUAGE, li, NULL);
	} else if (strncmp(id, "answer-", 7) == 0) {
		app_send(a, FB_EV_CHOOSE_ANSWER, atoi(id + 7), NULL);
	} else if (strncmp(id, "option-", 7) == 0) {
		const fb_question *q = fb_flow_question(a->flow);
		int oi = app_option_index(a, id + 7);
		if (q && oi >= 0)
			app_send(a, q->kind == FB_Q_MULTI ? FB_EV_TOGGLE_OPTION :
				 FB_EV_CHOOSE_ANSWER, oi, NULL);
	} else if (strncmp(id, "key-", 4) == 0) {
		app_press_key(a, id);
	} else if (strncmp(id, "pin-", 4) == 0 && id[4] >= '0' && id[4] <= '9') {
		app_send(a, FB_EV_PIN_DIGIT, id[4] - '0', NULL);
	} else if (strncmp(id, "staff-location-", 15) == 0) {
		int li = app_location_index(a, id + 15);
		if (li >= 0)
			app_send(a, FB_EV_STAFF_LOCATION, li, NULL);
	}
}

/* ---- pointer and keys ------------------------------------------------ */

/* On "Are you still there?" any touch means yes, except read-aloud: someone
 * who cannot read it taps the speaker to hear what it asks. */
static bool app_listening(const kiosk_app *a, const kiosk_widget *w)
{
	return w && strcmp(w->id, "read-aloud") == 0 &&
	       fb_flow_screen(a->flow) == FB_SCREEN_STILL_THERE;
}

static void app_pointer_down(kiosk_app *a, int x, int y)
{
	char before[128];
	snprintf(before, sizeof before, "%s", a->screen_key);
	a->pointer_down = true;
	a->swallow = false;
	a->show_focus = false;
	if (!app_listening(a, kiosk_layout_hit(a->layout, x, y)))
		app_send(a, FB_EV_ACTIVITY, 0, NULL);
	if (strcmp(before, a->screen_key) != 0) {
		a->swallow = true;          /* the touch woke the screen */
		return;
	}
	app_frame(a, NULL);             /* hit-test what is on screen now */
	const kiosk_widget *w = kiosk_layout_hit(a->layout, x, y);
	a->pressed[0] = '\0';
	if (!w)
		return;
	snprintf(a->pressed, sizeof a->pressed, "%s", w->id);
	if (w->role == KIOSK_ROLE_CORNER) {
		a->corner_down = true;
		app_send(a, FB_EV_STAFF_CORNER_DOWN, 0, NULL);
	}
}

static void app_pointer_move(kiosk_app *a, int x, int y)
{
	if (!a->pointer_down || !a->pressed[0])
		return;
	const kiosk_widget *w = kiosk_layout_hit(a->layout, x, y);
	if (!w || strcmp(w->id, a->pressed) != 0) {
		if (a->corner_down) {
			a->corner_down = false;
			app_send(a, FB_EV_STAFF_CORNER_UP, 0, NULL);
		}
		a->pressed[0] = '\0';   /* slid off: a cancel, as on phones */
	}
}

static void app_pointer_up(kiosk_app *a, int x, int y)
{
	bool was_down = a->pointer_down;
	char id[KIOSK_WIDGET_ID_MAX];
	snprintf(id, sizeof id, "%s", a->pressed);
	a->pointer_down = false;
	a->pressed[0] = '\0';
	if (!was_down || a->swallow) {
		a->swallow = false;
		return;
	}
	fb_screen sc = fb_flow_screen(a->flow);
	if (a->corner_down) {
		a->corner_down = false;
		app_send(a, FB_EV_STAFF_CORNER_UP, 0, NULL);
		if (fb_flow_screen(a->flow) == FB_SCREEN_ATTRACT)
			app_send(a, FB_EV_START, 0, NULL);  /* a short tap */
		return;
	}
	const kiosk_widget *w = kiosk_layout_hit(a->layout, x, y);
	if (id[0] && w && strcmp(w->id, id) == 0)
		app_activate(a, id);
	else if (!id[0] && sc == FB_SCREEN_ATTRACT)
		app_send(a, FB_EV_START, 0, NULL);   /* anywhere starts */
}

static void app_move_focus(kiosk_app *a, int dir)
{
	int from = -1;
	for (size_t i = 0; a->focus[0] && i < kiosk_layout_count(a->layout); i++)
		if (strcmp(kiosk_layout_get(a->layout, i)->id, a->focus) == 0)
			from = (int)i;
	if (!a->show_focus && from >= 0)
		dir = 0;                    /* first key press shows where it is */
	int next = dir == 0 ? from : kiosk_layout_next_target(a->layout, from, dir);
	if (next >= 0)
		snprintf(a->focus, sizeof a->focus, "%s",
			 kiosk_layout_get(a->layout, (size_t)next)->id);
	a->show_focus = true;
}

static bool app_on_text_question(kiosk_app *a)
{
	const fb_question *q = fb_flow_question(a->flow);
	return fb_flow_screen(a->flow) == FB_SCREEN_QUESTION && q &&
	       q->kind == FB_Q_TEXT;
}

static void app_key(kiosk_app *a, const SDL_KeyboardEvent *k)
{
	bool rtl = app_lang_rtl(fb_flow_language_current(a->flow));
	fb_screen sc = fb_flow_screen(a->flow);
	if (k->repeat && (k->keysym.sym == SDLK_RETURN ||
			  k->keysym.sym == SDLK_KP_ENTER ||
			  k->keysym.sym == SDLK_SPACE)) {
		/* A held switch presses once (and a held Space on a button
		 * types nothing either). */
		a->eat_space = k->keysym.sym == SDLK_SPACE && a->show_focus &&
			       a->focus[0] && strcmp(a->focus, "text-field") != 0;
		return;
	}
	a->eat_space = false;
	app_send(a, FB_EV_ACTIVITY, 0, NULL);
	switch (k->keysym.sym) {
	case SDLK_TAB:
		app_move_focus(a, (k->keysym.mod & KMOD_SHIFT) ? -1 : 1);
		break;
	case SDLK_RIGHT:
		app_move_focus(a, rtl ? -1 : 1);
		break;
	case SDLK_LEFT:
		app_move_focus(a, rtl ? 1 : -1);
		break;
	case SDLK_DOWN:
		app_move_focus(a, 1);
		break;
	case SDLK_UP:
		app_move_focus(a, -1);
		break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
	case SDLK_SPACE:
		if (a->show_focus && a->focus[0] &&
		    strcmp(a->focus, "text-field") != 0) {
			char id[KIOSK_WIDGET_ID_MAX];
			snprintf(id, sizeof id, "%s", a->focus);
			a->eat_space = k->keysym.sym == SDLK_SPACE;
			app_activate(a, id);
		} else if (sc == FB_SCREEN_ATTRACT) {
			app_send(a, FB_EV_START, 0, NULL);
			a->eat_space = k->keysym.sym == SDLK_SPACE;
		}
		break;
	case SDLK_BACKSPACE:
		if (app_on_text_question(a))
			app_send(a, FB_EV_TEXT_BACKSPACE, 0, NULL);
		break;
	case SDLK_ESCAPE:
		if (sc == FB_SCREEN_QUESTION || sc == FB_SCREEN_LANGUAGE)
			app_send(a, FB_EV_BACK, 0, NULL);
		else if (sc == FB_SCREEN_STAFF || sc == FB_SCREEN_STAFF_PIN)
			app_send(a, FB_EV_STAFF_CLOSE, 0, NULL);
		break;
	default:
		break;
	}
}

static void app_text_input(kiosk_app *a, const char *text)
{
	if (a->eat_space && strcmp(text, " ") == 0) {
		a->eat_space = false;
		return;
	}
	a->eat_space = false;
	if (app_on_text_question(a)) {
		app_send(a, FB_EV_TEXT_INSERT, 0, text);
		a->shift = false;
	}
}

static void app_handle(kiosk_app *a, const SDL_Event *e)
{
	switch (e->type) {
	case SDL_QUIT:
		a->quit = true;
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			SDL_GetRendererOutputSize(a->ren, &a->w, &a->h);
			a->force = true;
		} else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
			a->force = true;
		}
		break;
	case SDL_FINGERDOWN:
		app_pointer_down(a, (int)(e->tfinger.x * (float)a->w),
				 (int)(e->tfinger.y * (float)a->h));
		break;
	case SDL_FINGERMOTION:
		app_pointer_move(a, (int)(e->tfinger.x * (float)a->w),
				 (int)(e->tfinger.y * (float)a->h));
		break;
	case SDL_FINGERUP:
		app_pointer_up(a, (int)(e->tfinger.x * (float)a->w),
			       (int)(e->tfinger.y * (float)a->h));
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			app_pointer_down(a, e->button.x, e->button.y);
		break;
	case SDL_MOUSEMOTION:
		if (e->motion.which != SDL_TOUCH_MOUSEID)
			app_pointer_move(a, e->motion.x, e->motion.y);
		break;
	case SDL_MOUSEBUTTONUP:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			app_pointer_up(a, e->button.x, e->button.y);
		break;
	case SDL_KEYDOWN:
		app_key(a, &e->key);
		break;
	case SDL_TEXTINPUT:
		app_text_input(a, e->text.text);
		break;
	default:
		break;
	}
}

/* Handles every queued event, then draws once if anything changed. */
static void app_pump(kiosk_app *a)
{
	SDL_Event e;
	int guard = 0;
	while (guard++ < 10000 && SDL_PollEvent(&e))
		app_handle(a, &e);
	app_frame(a, NULL);
}

/* ---- replay ---------------------------------------------------------- */

/* Moves the virtual clock on by ms, firing each deadline on the way (and
 * drawing, so screens passed through are seen and shot). */
static void app_advance(kiosk_app *a, int64_t ms)
{
	int64_t target = a->vnow + ms;
	for (int i = 0; i < APP_TICKS_PER_WAIT; i++) {
		int64_t d = fb_flow_next_deadline_ms(a->flow);
		if (d == FB_FLOW_NO_DEADLINE || d > target)
			break;
		if (d > a->vnow)
			a->vnow = d;
		app_send(a, FB_EV_TICK, 0, NULL);
		app_frame(a, NULL);
		if (d < a->vnow && fb_flow_next_deadline_ms(a->flow) <= d)
			break;                   /* a stuck timer: never spin */
	}
	a->vnow = target;
	app_send(a, FB_EV_TICK, 0, NULL);
	app_frame(a, NULL);
}

static void app_push_finger(kiosk_app *a, Uint32 type, int x, int y)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = type;
	e.tfinger.timestamp = SDL_GetTicks();
	e.tfinger.touchId = 1;
	e.tfinger.fingerId = 1;
	e.tfinger.x = ((float)x + 0.5f) / (float)a->w;
	e.tfinger.y = ((float)y + 0.5f) / (float)a->h;
	e.tfinger.pressure = 1;
	SDL_PushEvent(&e);
}

static void app_tap(kiosk_app *a, int x, int y)
{
	app_push_finger(a, SDL_FINGERDOWN, x, y);
	app_pump(a);
	clock_gettime(CLOCK_MONOTONIC, &a->tap_t0);
	a->tap_pending = a->o->bench;
	app_push_finger(a, SDL_FINGERUP, x, y);
	app_pump(a);
	a->tap_pending = false;
}

static SDL_Keycode app_keycode(fb_replay_key k)
{
	switch (k) {
	case FB_KEY_TAB: return SDLK_TAB;
	case FB_KEY_LEFT: return SDLK_LEFT;
	case FB_KEY_RIGHT: return SDLK_RIGHT;
	case FB_KEY_UP: return SDLK_UP;
	case FB_KEY_DOWN: return SDLK_DOWN;
	case FB_KEY_RETURN: return SDLK_RETURN;
	case FB_KEY_SPACE: return SDLK_SPACE;
	case FB_KEY_BACKSPACE: return SDLK_BACKSPACE;
	default: return SDLK_ESCAPE;
	}
}

static void app_push_key(kiosk_app *a, fb_replay_key k)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = app_keycode(k);
	e.key.keysym.scancode = SDL_GetScancodeFromKey(e.key.keysym.sym);
	SDL_PushEvent(&e);
	if (k == FB_KEY_SPACE) {    /* as SDL does while text input is on */
		SDL_Event t;
		memset(&t, 0, sizeof t);
		t.type = SDL_TEXTINPUT;
		t.text.text[0] = ' ';
		SDL_PushEvent(&t);
	}
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	SDL_PushEvent(&e);
	app_pump(a);
}

/* Typed text arrives in SDL_TEXTINPUT events of at most 31 bytes, cut at
 * character boundaries. */
static void app_push_text(kiosk_app *a, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t n = len - i;
		if (n > SDL_TEXTINPUTEVENT_TEXT_SIZE - 1)
			n = SDL_TEXTINPUTEVENT_TEXT_SIZE - 1;
		while (n > 0 && i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n--;
		if (n == 0)
			break;
		SDL_Event e;
		memset(&e, 0, sizeof e);
		e.type = SDL_TEXTINPUT;
		memcpy(e.text.text, s + i, n);
		SDL_PushEvent(&e);
		app_pump(a);
		i += n;
	}
}

static int app_replay(kiosk_app *a, fb_replay *r)
{
	const char *name = a->o->replay_path;
	for (size_t i = 0; i < fb_replay_count(r) && !a->quit; i++) {
		const fb_replay_cmd *c = fb_replay_get(r, i);
		switch (c->op) {
		case FB_REPLAY_TAP_WIDGET: {
			app_frame(a, NULL);
			const kiosk_widget *w = kiosk_layout_find(a->layout, c->arg);
			if (!w || !w->target) {
				fprintf(stderr, "feedback-kiosk: %s:%d: no widget '%s' to "
					"tap on the %s screen (see --layout-dump for the "
					"ids shown)\n", name, c->line, c->arg,
					fb_screen_name(fb_flow_screen(a->flow)));
				return 1;
			}
			app_tap(a, w->x + w->w / 2, w->y + w->h / 2);
			break;
		}
		case FB_REPLAY_TAP_XY:
			app_tap(a, c->x, c->y);
			break;
		case FB_REPLAY_PRESS:
			app_push_finger(a, SDL_FINGERDOWN, c->x, c->y);
			app_pump(a);
			app_advance(a, c->ms);
			app_push_finger(a, SDL_FINGERUP, c->x, c->y);
			app_pump(a);
			break;
		case FB_REPLAY_KEY:
			app_push_key(a, c->key);
			break;
		case FB_REPLAY_TYPE:
			app_push_text(a, c->arg ? c->arg : "");
			break;
		case FB_REPLAY_WAIT:
			app_advance(a, c->ms);
			break;
		case FB_REPLAY_SLEEP: {
			int64_t end = fb_mono_ms() + c->ms;
			while (!a->quit && fb_mono_ms() < end) {
				int64_t left = end - fb_mono_ms();
				SDL_Delay((Uint32)(left > 20 ? 20 : left > 0 ? left : 0));
				app_speech_poll(a);
				app_pump(a);
			}
			break;
		}
		case FB_REPLAY_EXPECT:
			app_pump(a);
			if (fb_flow_screen(a->flow) != c->screen) {
				fprintf(stderr, "feedback-kiosk: %s:%d: expected the %s "
					"screen, but the %s screen is showing\n", name,
					c->line, fb_screen_name(c->screen),
					fb_screen_name(fb_flow_screen(a->flow)));
				return 1;
			}
			break;
		case FB_REPLAY_SCREENSHOT:
			app_frame(a, c->arg);
			break;
		}
	}
	return 0;
}

/* ---- the loop -------------------------------------------------------- */

static void app_run_loop(kiosk_app *a)
{
	while (!a->quit) {
		int64_t d = fb_flow_next_deadline_ms(a->flow);
		int64_t now = app_now(a);
		SDL_Event e;
		if (a->reading && a->reading_check_ms < d)
			d = a->reading_check_ms;   /* same clock: not a replay */
		int got;
		if (d == FB_FLOW_NO_DEADLINE) {
			got = SDL_WaitEvent(&e);
		} else {
			int64_t wait = d - now;
			if (wait < 0)
				wait = 0;
			if (wait > 60000)
				wait = 60000;
			got = SDL_WaitEventTimeout(&e, (int)wait);
		}
		if (got)
			app_handle(a, &e);
		else
			app_send(a, FB_EV_TICK, 0, NULL);
		app_speech_poll(a);
		app_pump(a);
	}
}

/* ---- start and stop --------------------------------------------------- */

static int app_open(kiosk_app *a, fb_err *err)
{
	int rc = 0;
	char fonts[4096];
	fb_flow_options fo;

	rc = fb_config_load(a->o->config_path, &a->cfg, err);
	if (rc)
		goto out;
	rc = fb_survey_load(a->cfg.survey_file, &a->survey, err);
	if (rc)
		goto out;
	fb_err yerr;
	if (fb_yousaid_load(a->cfg.you_said_file, &a->ys, &yerr) != 0)
		fprintf(stderr, "feedback-kiosk: %s (the start screen shows no "
			"You said, we did card)\n", yerr.msg);
	rc = fb_staff_new(&a->staff, a->cfg.staff_pin_hash, err);
	if (rc)
		goto out;
	rc = fb_store_open(&a->store, &a->cfg, err);
	if (rc)
		goto out;
	if (fb_store_open_error(a->store))
		fprintf(stderr, "feedback-kiosk: %s (answers will be refused until "
			"it opens)\n", fb_store_open_error(a->store));
	fb_flow_options_from_config(&fo, &a->cfg);
	fo.survey = a->survey;
	fo.submit = fb_store_submit;
	fo.submit_ctx = a->store;
	fo.action = fb_store_flow_action;
	fo.action_ctx = a->store;
	fo.n_yousaid = fb_yousaid_count(a->ys);
	fo.staff = fb_staff_enabled(a->staff) ? a->staff : NULL;
	rc = fb_flow_new(&a->flow, &fo, app_now(a), err);
	if (rc)
		goto out;

	if (a->o->fonts_list)
		snprintf(fonts, sizeof fonts, "%s", a->o->fonts_list);
	else
		kiosk_app_fonts_list(fonts, sizeof fonts);
	rc = kiosk_text_new(&a->text, fonts, err);
	if (rc)
		goto out;
	if (kiosk_layout_new(&a->layout) != 0) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for the layout");
		goto out;
	}

	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to start SDL video: %s "
				"(headless? set SDL_VIDEODRIVER=offscreen)",
				SDL_GetError());
		goto out;
	}
	Uint32 flags = SDL_WINDOW_SHOWN;
	int w = a->o->width > 0 ? a->o->width : 1280;
	int h = a->o->height > 0 ? a->o->height : 800;
	if (!a->o->windowed && a->o->width <= 0)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	a->win = SDL_CreateWindow("Feedback kiosk", SDL_WINDOWPOS_CENTERED,
				  SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (!a->win) {
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to open the window: %s",
				SDL_GetError());
		goto out;
	}
	a->ren = SDL_CreateRenderer(a->win, -1, 0);
	if (!a->ren) {
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to create a renderer: %s "
				"(try SDL_RENDER_DRIVER=software)", SDL_GetError());
		goto out;
	}
	SDL_GetRendererOutputSize(a->ren, &a->w, &a->h);
	kiosk_text_set_renderer(a->text, a->ren);
	if (flags & SDL_WINDOW_FULLSCREEN_DESKTOP)
		SDL_ShowCursor(SDL_DISABLE);
	SDL_StartTextInput();
	app_screen_key(a, a->screen_key, sizeof a->screen_key);
out:
	return rc;
}

static void app_close(kiosk_app *a)
{
	app_speech_stop(a);
	kiosk_speech_free(a->speech);   /* espeak_Terminate, if it started */
	kiosk_layout_free(a->layout);
	kiosk_text_free(a->text);      /* before the renderer: it owns textures */
	if (a->ren)
		SDL_DestroyRenderer(a->ren);
	if (a->win)
		SDL_DestroyWindow(a->win);
	if (SDL_WasInit(SDL_INIT_VIDEO))
		SDL_Quit();
	fb_flow_free(a->flow);
	fb_store_free(a->store);
	fb_staff_free(a->staff);
	fb_yousaid_free(a->ys);
	fb_survey_free(a->survey);
}

int kiosk_app_run(const kiosk_app_options *o, fb_err *err)
{
	int code = 1;
	fb_replay *replay = NULL;
	kiosk_app *a = calloc(1, sizeof *a);
	if (!a) {
		fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		return 1;
	}
	a->o = o;
	a->err = err;
	if (o->replay_path) {
		if (fb_replay_load(o->replay_path, &replay, err) != 0)
			goto out;
		a->virtual_clock = true;
		a->vnow = 1000000;     /* any start; the flow only sees differences */
	}
	if (app_open(a, err) != 0)
		goto out;
	a->force = true;
	app_frame(a, NULL);
	/* After the first frame, so finding the sound device never delays it. */
	app_audio_probe(a);
	app_frame(a, NULL);
	if (replay) {
		code = app_replay(a, replay);
		if (code == 0)
			app_frame(a, NULL);
	} else {
		app_run_loop(a);
		code = 0;
	}
out:
	if (o->bench)
		fprintf(stderr, "bench frames_presented=%ld\n", a->frames);
	fb_replay_free(replay);
	app_close(a);
	free(a);
	return code;
}
