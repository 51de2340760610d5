/* app: the loop that joins the flow (kiosk/flow.c), the view (kiosk/view.c),
 * the input mapping (kiosk/input.c), the layout (kiosk/layout.c) and the
 * render seam (kiosk/render.h, kiosk/platform.h). See app.h.
 *
 * One pass: wait for an event or the flow's next deadline, hand the event
 * to the input mapping (which feeds the flow), build the view in the
 * person's words, lay it out, and draw only if the result differs from the
 * frame on screen. Replays push real events through the platform and move
 * a virtual clock; nothing else knows it is a replay. No SDL here.
 *
 * The Trust's config: feedback-syncd keeps <data_dir>/remote-config.json
 * (docs/sync.md). On the attract screen only, never while a person
 * answers, app_remote_check looks whether it changed (size, mtime, then
 * the ETag), reads it with lib/proto_config and hands the flow its survey,
 * languages, idle timeout and "You said, we did" count (fb_flow_
 * reconfigure); the view gets the items and crisis text for the language
 * on show. The flow and the view never read a file. */
#include "app.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "device_config.h"
#include "fileio.h"
#include "flow.h"
#include "frame.h"
#include "input.h"
#include "jack.h"
#include "platform.h"
#include "proto_config.h"
#include "render.h"
#include "replay.h"
#include "speech.h"
#include "staff.h"
#include "store.h"
#include "survey.h"
#include "utf8.h"
#include "view.h"
#include "words.h"
#include "yousaid.h"

#define APP_MAX_SHOTS 1024
#define APP_TICKS_PER_WAIT 100000     /* cap on deadlines one `wait` fires */
#define APP_REMOTE_LOOK_MS 5000       /* attract: how often to look for a new config */
#define APP_DAMAGE_MARGIN 4          /* px past a changed widget's box drawn again */
#define APP_ENROL_LOOK_MS 500         /* enrol screen: how often to look for the answer */

typedef struct kiosk_app {
	const kiosk_app_options *o;
	fb_config cfg;
	fb_config view_cfg;          /* cfg, with the crisis text for the language on show */
	fb_survey *survey;           /* in use: survey_remote, else survey_local */
	fb_survey *survey_local;     /* survey_file */
	fb_survey *survey_remote;    /* the Trust's, NULL none */
	fb_survey *survey_modes[FB_FLOW_MAX_MODES - 1]; /* survey_file_<mode>,
	                              * in [kiosk] modes' order after standard */
	fb_yousaid *ys_file;         /* you_said_file, every language */
	fb_yousaid *ys;              /* on the attract screen: its language's only */
	fb_flow_options fo;          /* what the flow was last given */

	/* the Trust's config (remote-config.json) */
	char rc_path[FB_PATH_MAX + 32];
	bool rc_seen;                /* rc_size/rc_mtime describe a file we read */
	off_t rc_size;
	struct timespec rc_mtime;
	bool have_rc;                /* rc is in force */
	fb_proto_config rc;
	char rc_etag[FB_PROTO_ETAG_LEN + 1];
	int64_t rc_applied_wall;
	char rc_note[256];           /* for the staff screen: why not applied */
	fb_staff *staff;
	fb_store *store;
	fb_flow *flow;
	kiosk_text *text;
	kiosk_layout *layout;
	kiosk_view_words *words;     /* what the view points into */
	kiosk_input *input;          /* fingers, keys, focus, keyboard mode */
	kiosk_platform *pf;          /* the window, events, sound */
	kiosk_jack *jack;            /* the 3.5 mm headphone socket, or NULL */

	bool virtual_clock;
	int64_t vnow;
	int64_t vwall0, vnow0;       /* the virtual wall clock: vwall0 at vnow0 */

	/* read-aloud: the engine starts on the first press; the audio device
	 * is open only while reading (an open device wakes a thread) */
	kiosk_speech *speech;
	bool audio_ok;               /* a device opened at start: offer it */
	bool speech_broken;          /* the engine failed: not offered again */
	bool reading;                /* the read-aloud button's words play */
	bool hearing;                /* touch and hear's words play */
	int64_t reading_check_ms;    /* real clock: when to see if it ended */
	/* touch and hear as last seen, and the language it was switched in
	 * (the off cue at attract is said in the person's language) */
	bool hear_on;
	char hear_lang[FB_LANGUAGE_MAX];
	char no_voice_logged[16];

	/* the screen on show */
	char screen_key[128];
	char drawn_key[160];
	uint64_t drawn_hash;
	kiosk_frame_sig drawn_sig;   /* what the window holds (n 0: unknown) */
	kiosk_frame_sig next_sig;    /* the frame being drawn */
	bool force;
	fb_staff_status status;

	char shots[APP_MAX_SHOTS][160];
	int n_shots;
	bool sized;                  /* a replay's `size`: names say the size */

	/* --bench */
	bool first_presented;
	long frames;                 /* presented since start */
	long frames_part;            /* of those, drawn only where they changed */
	bool tap_pending;
	struct timespec tap_t0;

	int64_t health_next_ms;      /* real clock: next look at the queue's health */
	int64_t enrol_next_ms;       /* real clock: next look for the enrolment answer */

	bool quit;
} kiosk_app;

/* ---- clocks ---------------------------------------------------------- */

static int64_t app_now(const kiosk_app *a)
{
	return a->virtual_clock ? a->vnow : fb_mono_ms();
}

/* The wall clock: in a replay it runs with the virtual clock, from
 * --clock (or the real time at start). */
static int64_t app_wall(const kiosk_app *a)
{
	return a->virtual_clock ? a->vwall0 + (a->vnow - a->vnow0) : fb_wall_ms();
}

static int64_t app_wall_cb(void *ctx)
{
	return app_wall(ctx);
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

/* ---- frames ---------------------------------------------------------- */

static void app_view(kiosk_app *a, kiosk_view *v)
{
	const char *lang = fb_flow_language_current(a->flow);
	const char *crisis = a->have_rc && lang ? fb_proto_config_crisis_for(&a->rc, lang) : NULL;

	/* The Trust's crisis text for this language wins over the local ones
	 * (crisis_text.LANG, crisis_text); without it the local ones stand. */
	snprintf(a->view_cfg.crisis_text, sizeof a->view_cfg.crisis_text, "%s",
		 crisis ? crisis : a->cfg.crisis_text);
	a->view_cfg.n_crisis_texts = crisis ? 0 : a->cfg.n_crisis_texts;
	kiosk_view_facts fx = {
		.flow = a->flow, .survey = a->survey, .cfg = &a->view_cfg, .ys = a->ys,
		.status = &a->status,
		.large_text = kiosk_input_large_text(a->input),
		.sound = a->audio_ok && !a->speech_broken, .reading = a->reading,
		.kb_mode = kiosk_input_kb_mode(a->input),
		.shift = kiosk_input_shift(a->input),
		.now_ms = app_now(a), .wall_ms = app_wall(a),
	};
	kiosk_view_build(v, a->words, &fx);
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

/* What a screen's own shot and dump are called: its key, or after a
 * replay's `size` WxH-KEY (WxH-aplus-KEY with larger text), so one process
 * can photograph every size. */
static void app_shot_name(kiosk_app *a, const char *key, int w, int h,
			  char *out, size_t out_size)
{
	if (!a->sized)
		snprintf(out, out_size, "%s", key);
	else
		snprintf(out, out_size, "%dx%d%s-%s", w, h,
			 kiosk_input_large_text(a->input) ? "-aplus" : "", key);
}

/* The layout as DIR/NAME.json (--dump-dir), beside NAME.png. */
static void app_save_dump(kiosk_app *a, const char *name, int w, int h)
{
	char path[4096];
	if (!a->o->dump_dir)
		return;
	snprintf(path, sizeof path, "%s/%s.json", a->o->dump_dir, name);
	kiosk_frame_dump(path, a->layout, fb_screen_name(fb_flow_screen(a->flow)),
			 fb_flow_language_current(a->flow), w, h);
}

static int app_save_shot(kiosk_app *a, const char *name)
{
	char path[4096];
	fb_err e;
	const char *dir = a->o->screenshot_dir ? a->o->screenshot_dir : ".";
	snprintf(path, sizeof path, "%s/%s.png", dir, name);
	if (kiosk_render_save_png(a->pf, path, &e) != 0) {
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
	int w = 0, h = 0;
	kiosk_platform_size(a->pf, &w, &h);
	app_view(a, &v);
	kiosk_layout_build(a->layout, &v, w, h, kiosk_text_measure, a->text);
	kiosk_input_settle(a->input);
	p.focus_id = kiosk_input_focus(a->input);
	p.pressed_id = kiosk_input_pressed(a->input);
	p.rtl = v.rtl;
	p.caret = (v.screen == FB_SCREEN_QUESTION || fb_screen_is_volunteer(v.screen)) &&
		  v.kind == FB_Q_TEXT;
	if (v.screen == FB_SCREEN_ATTRACT)
		fb_flow_drift(a->flow, NULL, NULL, &p.dim);
	p.blank = v.screen == FB_SCREEN_BLANK;
	uint64_t hash = kiosk_frame_hash(a->layout, &p, w, h);
	char key[128], name[160];
	kiosk_view_screen_key(a->flow, key, sizeof key);
	app_shot_name(a, key, w, h, name, sizeof name);
	if (hash == a->drawn_hash && !a->force && !shot)
		return;
	/* Where the window keeps its pixels, only the widgets that changed
	 * are drawn again (a "You said" card on the start screen); a new
	 * screen, paint or size, or a forced frame, is drawn whole. */
	kiosk_frame_sig_make(&a->next_sig, a->layout, &p, w, h);
	kiosk_frame_box box;
	kiosk_frame_change change = KIOSK_FRAME_ALL;
	if (!a->force && kiosk_platform_keeps_frame(a->pf))
		change = kiosk_frame_damage(&a->drawn_sig, &a->next_sig,
					    APP_DAMAGE_MARGIN, w, h, &box);
	if (change == KIOSK_FRAME_PART) {
		p.clip_x = box.x;
		p.clip_y = box.y;
		p.clip_w = box.w;
		p.clip_h = box.h;
	}
	/* --layout-only: laid out (the text module measures) and dumped,
	 * never drawn: what tests of every screen at every size need. SAME
	 * (a screenshot of what is shown): the window holds it already. */
	bool draw = !a->o->layout_only && change != KIOSK_FRAME_SAME;
	if (draw)
		kiosk_render_frame(a->pf, a->text, a->layout, &p);
	a->drawn_sig = a->next_sig;
	if (a->o->layout_only)
		a->drawn_sig.n = 0;
	bool new_screen = strcmp(name, a->drawn_key) != 0;
	if ((a->o->screenshot_dir || a->o->dump_dir) && new_screen &&
	    !app_shot_taken(a, name)) {
		if (a->o->screenshot_dir)
			app_save_shot(a, name);
		app_save_dump(a, name, w, h);
	}
	if (shot) {
		app_save_shot(a, shot);
		app_save_dump(a, shot, w, h);
	}
	if (draw)
		kiosk_render_present(a->pf);
	if (draw && change == KIOSK_FRAME_PART)
		a->frames_part++;
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
	if (a->o->layout_dump && (hash != a->drawn_hash || new_screen))
		kiosk_frame_dump(a->o->layout_dump, a->layout,
				 fb_screen_name(fb_flow_screen(a->flow)),
				 fb_flow_language_current(a->flow), w, h);
	a->drawn_hash = hash;
	a->force = false;
	snprintf(a->drawn_key, sizeof a->drawn_key, "%s", name);
}

/* ---- read-aloud ------------------------------------------------------ */

static void app_speech_stop(kiosk_app *a)
{
	kiosk_platform_audio_stop(a->pf);
	a->reading = false;
	a->hearing = false;
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

/* Says text in lang now, over anything playing. what names it for --bench
 * ("read-aloud", "hear", "cue", "heading"); read_aloud: the button's
 * words (it shows "Stop reading aloud" while they play). Under --bench the
 * words go to stderr too: a touch says what the person touched, which is
 * theirs, so never outside a test. */
static void app_say(kiosk_app *a, const char *lang, const char *text, const char *what,
		    bool read_aloud)
{
	kiosk_pcm pcm;
	fb_err e;
	struct timespec t0;

	app_speech_stop(a);
	if (!text || !*text || !a->audio_ok || a->speech_broken || !lang)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!a->speech && kiosk_speech_new(&a->speech, &e) != 0) {
		fprintf(stderr, "feedback-kiosk: read-aloud: %s\n", e.msg);
		return;
	}
	if (kiosk_speech_say(a->speech, lang, text, &pcm, &e) != 0) {
		fprintf(stderr, "feedback-kiosk: read-aloud: %s (the button is "
			"hidden)\n", e.msg);
		if (e.code != FB_ERR_NOTFOUND)
			a->speech_broken = true;
		return;
	}
	double synth_ms = app_ms_since(&t0);
	kiosk_audio_result r = kiosk_platform_audio_play(a->pf, pcm.samples, pcm.n,
							 pcm.rate);
	if (r == KIOSK_AUDIO_NO_DEVICE)
		a->audio_ok = false;
	if (r != KIOSK_AUDIO_PLAYING) {
		app_speech_stop(a);
		goto out;
	}
	a->reading = read_aloud;
	a->hearing = !read_aloud;
	a->reading_check_ms = fb_mono_ms() +
			      (int64_t)pcm.n * 1000 / (pcm.rate > 0 ? pcm.rate : 1) +
			      250;
	if (a->o->bench) {
		if (read_aloud)
			fprintf(stderr, "bench read_aloud_ms=%.3f synth_ms=%.3f "
				"samples=%zu rate=%d\n", app_ms_since(&t0), synth_ms,
				pcm.n, pcm.rate);
		fprintf(stderr, "bench spoke what=%s lang=%s samples=%zu text=%s\n",
			what, lang, pcm.n, text);
	}
out:
	kiosk_pcm_free(&pcm);
}

/* The read-aloud button: reads this screen's words, or stops. */
static void app_read_aloud(void *ctx)
{
	kiosk_app *a = ctx;
	kiosk_view v;
	char text[KIOSK_SPEECH_TEXT_MAX + 1];

	if (a->reading) {
		app_speech_stop(a);             /* a second press */
		return;
	}
	app_view(a, &v);
	if (!v.read_aloud || kiosk_speech_script(&v, text, sizeof text) == 0)
		return;
	app_say(a, v.language, text, "read-aloud", true);
}

/* Touch and hear: a finger on w says its words. */
static void app_hear(void *ctx, const kiosk_widget *w)
{
	kiosk_app *a = ctx;
	kiosk_view v;
	char text[KIOSK_SPEECH_TEXT_MAX + 1];

	app_view(a, &v);
	if (kiosk_speech_widget(&v, w, text, sizeof text) == 0) {
		app_speech_stop(a);             /* nothing here: quiet */
		return;
	}
	app_say(a, v.language, text, "hear", false);
}

/* Touch and hear switched (cue: "is on ..." or "is off"), or a new screen
 * while it is on (its heading). Called after every flow change. */
static void app_hear_check(kiosk_app *a, bool new_screen)
{
	bool on = fb_flow_touch_hear(a->flow);
	const char *lang = fb_flow_language_current(a->flow);
	kiosk_view v;
	char text[KIOSK_SPEECH_TEXT_MAX + 1];

	if (on != a->hear_on) {
		a->hear_on = on;
		if (on && lang)
			snprintf(a->hear_lang, sizeof a->hear_lang, "%s", lang);
		fprintf(stderr, "feedback-kiosk: touch and hear %s\n", on ? "on" : "off");
		a->force = true;
		/* off at attract: in the language the person used */
		const char *say = on ? a->hear_lang : a->hear_lang[0] ? a->hear_lang : lang;
		app_say(a, say, fb_str(say, on ? FB_STR_TOUCH_HEAR_ON : FB_STR_TOUCH_HEAR_OFF),
			"cue", false);
		return;
	}
	if (!on || !new_screen)
		return;
	if (lang)
		snprintf(a->hear_lang, sizeof a->hear_lang, "%s", lang);
	app_view(a, &v);
	if (kiosk_speech_heading(&v, text, sizeof text) > 0)
		app_say(a, v.language, text, "heading", false);
}

static int64_t app_input_now(void *ctx)
{
	return app_now(ctx);
}

/* Reading ended when the queue has drained: close the device. */
static void app_speech_poll(kiosk_app *a)
{
	if ((!a->reading && !a->hearing) || fb_mono_ms() < a->reading_check_ms)
		return;
	if (kiosk_platform_audio_queued(a->pf) > 0) {
		a->reading_check_ms = fb_mono_ms() + 100;
		return;
	}
	app_speech_stop(a);
}

/* ---- the Trust's config and You said, we did -------------------------- */

/* The attract screen's items: the Trust's when its config has a list, else
 * the file's, only those in lang, only those shown at wall_ms. */
static int app_items_for(const kiosk_app *a, const fb_proto_config *rc, const char *lang,
			 int64_t wall_ms, fb_yousaid **out, fb_err *err)
{
	size_t idx[FB_PROTO_CONFIG_ITEMS_MAX], n;
	int rc_ = 0;

	if (!rc || !rc->has_items)
		return fb_yousaid_for_lang(a->ys_file, lang, out, err);
	rc_ = fb_yousaid_new(out, err);
	if (rc_)
		return rc_;
	n = fb_proto_config_items_for(rc, lang, wall_ms, idx);
	for (size_t i = 0; i < n; i++)
		fb_yousaid_add(*out, rc->items[idx[i]].lang, rc->items[idx[i]].you_said,
			       rc->items[idx[i]].we_did);
	return 0;
}

/* The first offered language: the one the attract screen speaks. */
static const char *app_first_language(const fb_flow_options *fo)
{
	if (fo->n_languages > 0)
		return fo->languages[0];
	return fo->survey && fo->survey->n_languages > 0 ? fo->survey->languages[0] : "en";
}

/* The surveys of the modes on offer after standard (fo's names, from
 * fb_flow_options_from_config), as loaded at start. */
static void app_fill_modes(const kiosk_app *a, fb_flow_options *fo)
{
	for (size_t i = 0; i < fo->n_modes; i++)
		fo->modes[i].survey = a->survey_modes[i];
}

/* The Trust's modes (c's "modes") into fo, each with the survey this tablet
 * loaded for it at start; FB_ERR_INVALID naming a mode it has no survey
 * for ([kiosk] modes and survey_file_<mode> say which it has). */
static int app_remote_modes(const kiosk_app *a, const fb_proto_config *c, fb_flow_options *fo,
			    fb_err *err)
{
	fo->n_modes = 0;
	for (size_t i = 1; i < c->n_modes && fo->n_modes + 1 < FB_FLOW_MAX_MODES; i++) {
		size_t j = 1;
		while (j < a->cfg.n_modes && strcmp(a->cfg.modes[j], c->modes[i]) != 0)
			j++;
		if (j >= a->cfg.n_modes || !a->survey_modes[j - 1])
			/* short: the staff screen's line holds 120 bytes of it */
			return fb_err_set(err, FB_ERR_INVALID, "the Trust offers the %s mode, which "
					  "this tablet has no survey for (%s)", c->modes[i],
					  fb_config_mode_key(c->modes[i]));
		snprintf(fo->modes[fo->n_modes].name, FB_MODE_NAME_MAX, "%s", c->modes[i]);
		fo->modes[fo->n_modes++].survey = a->survey_modes[j - 1];
	}
	return 0;
}

/* Picks the attract screen's items again (a new day may start or end one). */
static void app_yousaid_refresh(kiosk_app *a)
{
	fb_yousaid *y = NULL;
	fb_flow_options fo = a->fo;
	fb_err err = {0};

	if (app_items_for(a, a->have_rc ? &a->rc : NULL, app_first_language(&a->fo), fb_wall_ms(),
			  &y, &err) != 0)
		return;
	fo.n_yousaid = fb_yousaid_count(y);
	if (fo.n_yousaid != a->fo.n_yousaid &&
	    fb_flow_reconfigure(a->flow, &fo, &err) != 0) {
		fb_yousaid_free(y);
		return;
	}
	fb_yousaid_free(a->ys);
	a->ys = y;
	a->fo = fo;
}

/* Puts c (read from remote-config.json, ETag etag) in force, or says why
 * not and keeps what is in force. Takes c either way. */
static void app_remote_apply(kiosk_app *a, fb_proto_config *c, const char *etag)
{
	fb_survey *sv = NULL;
	fb_yousaid *y = NULL;
	fb_flow_options fo;
	fb_err err = {0};

	if (c->survey_json && fb_survey_parse(c->survey_json, "the Trust's survey", &sv, &err) != 0)
		goto refuse;
	fb_flow_options_from_config(&fo, &a->cfg);
	fo.survey = sv ? sv : a->survey_local;
	app_fill_modes(a, &fo);
	fo.submit = a->fo.submit;
	fo.submit_ctx = a->fo.submit_ctx;
	fo.signup = a->fo.signup;
	fo.signup_ctx = a->fo.signup_ctx;
	fo.action = a->fo.action;
	fo.action_ctx = a->fo.action_ctx;
	fo.enrol = a->fo.enrol;
	fo.staff = a->fo.staff;
	fo.wall_ms = a->fo.wall_ms;
	fo.wall_ctx = a->fo.wall_ctx;
	/* the Trust's hours, checked again by the one parser; unset: ours */
	if (c->has_opening_hours && fb_hours_parse(c->opening_hours, &fo.hours, &err) != 0)
		goto refuse;
	if (c->has_languages) {
		fo.n_languages = 0;
		for (size_t i = 0; i < c->n_languages && i < FB_FLOW_MAX_LANGUAGES; i++)
			snprintf(fo.languages[fo.n_languages++], FB_LANGUAGE_MAX, "%s",
				 c->languages[i]);
	}
	if (c->has_idle_timeout)
		fo.idle_timeout_ms = (int64_t)c->idle_timeout_s * 1000;
	/* the Trust's modes, each one this tablet has a survey for; unset: ours */
	if (c->has_modes && app_remote_modes(a, c, &fo, &err) != 0)
		goto refuse;
	if (app_items_for(a, c, app_first_language(&fo), fb_wall_ms(), &y, &err) != 0)
		goto refuse;
	fo.n_yousaid = fb_yousaid_count(y);
	if (fb_flow_reconfigure(a->flow, &fo, &err) != 0)
		goto refuse;
	fb_survey_free(a->survey_remote);     /* the flow now has fo.survey */
	a->survey_remote = sv;
	a->survey = sv ? sv : a->survey_local;
	fb_yousaid_free(a->ys);
	a->ys = y;
	a->fo = fo;
	if (a->have_rc)
		fb_proto_config_clear(&a->rc);
	a->rc = *c;                           /* takes survey_json */
	a->have_rc = true;
	snprintf(a->rc_etag, sizeof a->rc_etag, "%s", etag);
	a->rc_applied_wall = fb_wall_ms();
	a->rc_note[0] = '\0';
	a->force = true;
	if (a->rc.has_trust_key && sodium_memcmp(a->rc.trust_key, a->cfg.trust_public_key,
						 sizeof a->rc.trust_key) != 0) {
		char b64[sodium_base64_ENCODED_LEN(sizeof a->rc.trust_key, sodium_base64_VARIANT_ORIGINAL)];
		fb_store_set_trust_key(a->store, a->rc.trust_key);
		sodium_bin2base64(b64, sizeof b64, a->rc.trust_key, sizeof a->rc.trust_key,
				  sodium_base64_VARIANT_ORIGINAL);
		fprintf(stderr, "feedback-kiosk: new answers are sealed to the Trust's key %.8s... from"
			" its config (kiosk.conf has another)\n", b64);
	}
	fprintf(stderr, "feedback-kiosk: the Trust's config %.8s is in force (%zu You said, we did "
		"item%s in '%s')\n", etag, fb_yousaid_count(a->ys),
		fb_yousaid_count(a->ys) == 1 ? "" : "s", app_first_language(&fo));
	return;
refuse:
	snprintf(a->rc_note, sizeof a->rc_note, "%.8s not applied: %.200s", etag, err.msg);
	fprintf(stderr, "feedback-kiosk: the Trust's config %.8s was not applied: %s (the config "
		"in force stays)\n", etag, err.msg);
	fb_yousaid_free(y);
	fb_survey_free(sv);
	fb_proto_config_clear(c);
}

/* On the attract screen: a remote-config.json that changed is read and
 * applied. Cheap when nothing changed (one stat). */
static void app_remote_check(kiosk_app *a)
{
	struct stat st;
	fb_proto_config c;
	char etag[FB_PROTO_ETAG_LEN + 1], *text = NULL;
	size_t len = 0;
	fb_err err = {0};

	if ((fb_flow_screen(a->flow) != FB_SCREEN_ATTRACT &&
	     fb_flow_screen(a->flow) != FB_SCREEN_BLANK) || stat(a->rc_path, &st) != 0)
		return;   /* no file: the config in force stays */
	if (a->rc_seen && st.st_size == a->rc_size && st.st_mtim.tv_sec == a->rc_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == a->rc_mtime.tv_nsec)
		return;
	a->rc_seen = true;
	a->rc_size = st.st_size;
	a->rc_mtime = st.st_mtim;
	if (fb_read_file(a->rc_path, FB_PROTO_CONFIG_BODY_MAX, "the Trust's config", NULL, &text,
			 &len, &err) != 0 ||
	    fb_proto_config_read(text, len, &c, etag, &err) != 0) {
		snprintf(a->rc_note, sizeof a->rc_note, "unreadable: %.200s", err.msg);
		fprintf(stderr, "feedback-kiosk: %s (the config in force stays)\n", err.msg);
		goto out;
	}
	if (a->have_rc && strcmp(etag, a->rc_etag) == 0)
		fb_proto_config_clear(&c);    /* the same config, written again */
	else
		app_remote_apply(a, &c, etag);
out:
	free(text);
}

/* The staff screen's line about the Trust's config: the daemon's view
 * (fetched, refused) from sync-status.json, with the kiosk's own word when
 * it could not apply one. */
static void app_status_remote(kiosk_app *a)
{
	char mine[200];

	if (a->rc_note[0])
		snprintf(mine, sizeof mine, "%.190s", a->rc_note);
	else if (a->have_rc)
		snprintf(mine, sizeof mine, "%.8s in force", a->rc_etag);
	else
		snprintf(mine, sizeof mine, "none in force");
	if (a->status.remote_config[0]) {
		char both[sizeof a->status.remote_config];

		snprintf(both, sizeof both, "%.120s; %.130s", mine, a->status.remote_config);
		snprintf(a->status.remote_config, sizeof a->status.remote_config, "%s", both);
	} else {
		snprintf(a->status.remote_config, sizeof a->status.remote_config, "%.250s", mine);
	}
}

static void app_status_get(kiosk_app *a)
{
	fb_store_status_get(a->store, fb_wall_ms(), &a->status);
	app_status_remote(a);
}

/* On the attract screen: out of order while the queue cannot take answers
 * (full disk, queue not opening), said before anyone starts; looked at on
 * every return to attract and every APP_REMOTE_LOOK_MS there. */
static void app_health_check(kiosk_app *a, bool now)
{
	char why[512];
	int64_t t = fb_mono_ms();

	if (fb_flow_screen(a->flow) != FB_SCREEN_ATTRACT ||
	    (!now && t < a->health_next_ms))
		return;
	a->health_next_ms = t + APP_REMOTE_LOOK_MS;
	bool ok = fb_store_can_take(a->store, why, sizeof why);
	if (ok != fb_flow_out_of_order(a->flow))
		return;                 /* no change */
	fb_flow_set_out_of_order(a->flow, !ok);
	if (ok)
		fprintf(stderr, "feedback-kiosk: the queue takes answers again: "
			"the start screen is back\n");
	else
		fprintf(stderr, "feedback-kiosk: out of order: %s\n", why);
}

/* ---- flow events ----------------------------------------------------- */

static void app_after_change(kiosk_app *a)
{
	char key[128];
	bool new_screen = false;
	kiosk_view_screen_key(a->flow, key, sizeof key);
	if (strcmp(key, a->screen_key) != 0) {
		new_screen = true;
		snprintf(a->screen_key, sizeof a->screen_key, "%s", key);
		app_speech_stop(a);         /* the words were the last screen's */
		app_speech_log_voice(a);
		kiosk_input_new_screen(a->input);
		if (fb_flow_screen(a->flow) == FB_SCREEN_STAFF ||
		    fb_flow_screen(a->flow) == FB_SCREEN_STAFF_ENROL)
			app_status_get(a);
		if (fb_flow_screen(a->flow) == FB_SCREEN_ATTRACT) {
			app_remote_check(a);
			app_yousaid_refresh(a);
			app_health_check(a, true);
		} else if (fb_flow_screen(a->flow) == FB_SCREEN_BLANK) {
			app_remote_check(a);
		}
	}
	app_hear_check(a, new_screen);
	if (fb_flow_exit_requested(a->flow))
		a->quit = true;
}

static void app_send(kiosk_app *a, fb_event_kind kind, int index, const char *text)
{
	fb_event ev = { kind, index, text };
	fb_flow_event(a->flow, &ev, app_now(a));
	app_after_change(a);
	/* The staff screen's figures after asking for a sync or marking the
	 * next response assisted. */
	if (kind == FB_EV_STAFF_SYNC || kind == FB_EV_STAFF_ASSISTED ||
	    kind == FB_EV_STAFF_ENROL_SEND)
		app_status_get(a);
}

/* The input mapping's host functions. */
static void app_input_send(void *ctx, fb_event_kind kind, int index, const char *text)
{
	app_send(ctx, kind, index, text);
}

static void app_input_refresh(void *ctx)
{
	app_frame(ctx, NULL);
}

static void app_handle(kiosk_app *a, const kiosk_input_event *e)
{
	switch (e->kind) {
	case KIOSK_IN_QUIT:
		a->quit = true;
		break;
	case KIOSK_IN_RESIZED:
	case KIOSK_IN_EXPOSED:
		a->force = true;
		break;
	default:
		kiosk_input_handle(a->input, e);
		break;
	}
}

/* The enrol screen while feedback-syncd has the code: its answer is read
 * every APP_ENROL_LOOK_MS until it comes, then shown. */
static void app_enrol_check(kiosk_app *a)
{
	int64_t t = fb_mono_ms();
	if (fb_flow_screen(a->flow) != FB_SCREEN_STAFF_ENROL || !a->status.enrol_waiting ||
	    t < a->enrol_next_ms)
		return;
	a->enrol_next_ms = t + APP_ENROL_LOOK_MS;
	app_status_get(a);
	a->force = true;
}

/* Handles every queued event, then draws once if anything changed. */
static void app_pump(kiosk_app *a)
{
	kiosk_input_event e;
	int guard = 0;
	while (guard++ < 10000 && kiosk_platform_poll(a->pf, &e))
		app_handle(a, &e);
	app_remote_check(a);
	app_health_check(a, false);
	app_enrol_check(a);
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

static void app_tap(kiosk_app *a, int x, int y)
{
	kiosk_platform_push_finger(a->pf, true, x, y);
	app_pump(a);
	clock_gettime(CLOCK_MONOTONIC, &a->tap_t0);
	a->tap_pending = a->o->bench;
	kiosk_platform_push_finger(a->pf, false, x, y);
	app_pump(a);
	a->tap_pending = false;
}

static kiosk_input_key app_replay_key(fb_replay_key k)
{
	switch (k) {
	case FB_KEY_TAB: return KIOSK_IN_KEY_TAB;
	case FB_KEY_LEFT: return KIOSK_IN_KEY_LEFT;
	case FB_KEY_RIGHT: return KIOSK_IN_KEY_RIGHT;
	case FB_KEY_UP: return KIOSK_IN_KEY_UP;
	case FB_KEY_DOWN: return KIOSK_IN_KEY_DOWN;
	case FB_KEY_RETURN: return KIOSK_IN_KEY_RETURN;
	case FB_KEY_SPACE: return KIOSK_IN_KEY_SPACE;
	case FB_KEY_BACKSPACE: return KIOSK_IN_KEY_BACKSPACE;
	default: return KIOSK_IN_KEY_ESCAPE;
	}
}

/* Typed text arrives in text events of at most 31 bytes, cut at
 * character boundaries. */
static void app_push_text(kiosk_app *a, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t n = fb_utf8_cut(s + i, len - i, KIOSK_INPUT_TEXT_MAX - 1);
		if (n == 0)
			break;
		kiosk_platform_push_text(a->pf, s + i, n);
		app_pump(a);
		i += n;
	}
}

/* The widget a replay line names. On the staff screen it may be on
 * another page: the pages are turned as a person would, Back to the
 * first, then More until it shows (real taps, a few at most). */
static const kiosk_widget *app_replay_widget(kiosk_app *a, const char *id)
{
	const kiosk_widget *w;
	app_frame(a, NULL);
	w = kiosk_layout_find(a->layout, id);
	bool forward = false;
	for (int n = 0; (!w || !w->target) && n < 2 * FB_FLOW_STAFF_PAGES_MAX &&
	     fb_flow_screen(a->flow) == FB_SCREEN_STAFF; n++) {
		const kiosk_widget *turn = forward ? NULL : kiosk_layout_find(a->layout, "staff-back");
		if (!turn) {
			forward = true;
			turn = kiosk_layout_find(a->layout, "staff-more");
		}
		if (!turn)
			break;
		app_tap(a, turn->x + turn->w / 2, turn->y + turn->h / 2);
		app_frame(a, NULL);
		w = kiosk_layout_find(a->layout, id);
	}
	return w;
}

static int app_replay(kiosk_app *a, fb_replay *r)
{
	const char *name = a->o->replay_path;
	for (size_t i = 0; i < fb_replay_count(r) && !a->quit; i++) {
		const fb_replay_cmd *c = fb_replay_get(r, i);
		switch (c->op) {
		case FB_REPLAY_TAP_WIDGET: {
			const kiosk_widget *w = app_replay_widget(a, c->arg);
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
		case FB_REPLAY_PRESS_WIDGET: {
			const kiosk_widget *w = app_replay_widget(a, c->arg);
			if (!w || !w->target) {
				fprintf(stderr, "feedback-kiosk: %s:%d: no widget '%s' to "
					"press on the %s screen (see --layout-dump for the "
					"ids shown)\n", name, c->line, c->arg,
					fb_screen_name(fb_flow_screen(a->flow)));
				return 1;
			}
			int x = w->x + w->w / 2, y = w->y + w->h / 2;
			kiosk_platform_push_finger(a->pf, true, x, y);
			app_pump(a);
			app_advance(a, c->ms);
			kiosk_platform_push_finger(a->pf, false, x, y);
			app_pump(a);
			break;
		}
		case FB_REPLAY_HEADPHONES:
			kiosk_platform_push_headphones(a->pf);
			app_pump(a);
			break;
		case FB_REPLAY_PRESS:
			kiosk_platform_push_finger(a->pf, true, c->x, c->y);
			app_pump(a);
			app_advance(a, c->ms);
			kiosk_platform_push_finger(a->pf, false, c->x, c->y);
			app_pump(a);
			break;
		case FB_REPLAY_KEY:
			kiosk_platform_push_key(a->pf, app_replay_key(c->key));
			app_pump(a);
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
				kiosk_platform_delay(left > 20 ? 20 : left > 0 ? left : 0);
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
		case FB_REPLAY_SIZE:
			kiosk_platform_resize(a->pf, c->x, c->y);
			a->sized = true;
			a->force = true;
			app_frame(a, NULL);
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
		kiosk_input_event e;
		if ((a->reading || a->hearing) && a->reading_check_ms < d)
			d = a->reading_check_ms;   /* same clock: not a replay */
		int64_t wait = -1;             /* no deadline: until an event */
		if (d != FB_FLOW_NO_DEADLINE) {
			wait = d - now;
			if (wait < 0)
				wait = 0;
			if (wait > 60000)
				wait = 60000;
		}
		/* On the attract screen, wake now and then to see whether the
		 * sync daemon brought a new config. */
		if (fb_flow_screen(a->flow) == FB_SCREEN_ATTRACT &&
		    (wait < 0 || wait > APP_REMOTE_LOOK_MS))
			wait = APP_REMOTE_LOOK_MS;
		if (fb_flow_screen(a->flow) == FB_SCREEN_STAFF_ENROL && a->status.enrol_waiting &&
		    (wait < 0 || wait > APP_ENROL_LOOK_MS))
			wait = APP_ENROL_LOOK_MS;
		if (kiosk_platform_wait(a->pf, wait, &e))
			app_handle(a, &e);
		else
			app_send(a, FB_EV_TICK, 0, NULL);
		app_speech_poll(a);
		app_pump(a);
	}
}

/* ---- start and stop --------------------------------------------------- */

/* The jack's thread: headphones in the socket are what a new sound output
 * is (SDL_PushEvent may be called from any thread). */
static void app_jack_plugged(void *ctx)
{
	kiosk_platform_push_headphones(ctx);
}

/* Watches the headphone socket where the panel reports one. A socket that
 * cannot be watched is said in the log and the kiosk goes on without it:
 * the 2 s hold on the speaker still turns touch and hear on. */
static void app_jack_start(kiosk_app *a)
{
	fb_err e;
	if (kiosk_jack_open(a->cfg.headphone_input, &a->jack, &e) != 0) {
		fprintf(stderr, "feedback-kiosk: %s; touch and hear is still turned on by holding the"
			" speaker for 2 seconds\n", e.msg);
		return;
	}
	if (!a->jack)
		return;
	if (kiosk_jack_start(a->jack, app_jack_plugged, a->pf) != 0) {
		fprintf(stderr, "feedback-kiosk: unable to watch the headphone socket %s\n",
			kiosk_jack_path(a->jack));
		kiosk_jack_free(a->jack);
		a->jack = NULL;
		return;
	}
	fprintf(stderr, "feedback-kiosk: watching the headphone socket %s%s\n", kiosk_jack_path(a->jack),
		kiosk_jack_devices(a->jack) > 1 ? " (and others)" : "");
}

static int app_open(kiosk_app *a, fb_err *err)
{
	int rc = 0;
	char fonts[4096];
	fb_flow_options fo;

	rc = fb_config_load(a->o->config_path, &a->cfg, err);
	if (rc)
		goto out;
	a->view_cfg = a->cfg;
	fb_config_data_path(&a->cfg, FB_RCONF_FILE, a->rc_path, sizeof a->rc_path);
	rc = fb_survey_load(a->cfg.survey_file, &a->survey_local, err);
	if (rc)
		goto out;
	a->survey = a->survey_local;
	for (size_t i = 1; i < a->cfg.n_modes; i++) {
		fb_err merr;
		const char *m = a->cfg.modes[i];
		if (fb_survey_load(fb_config_mode_survey_file(&a->cfg, m),
				   &a->survey_modes[i - 1], &merr) != 0) {
			rc = fb_err_set(err, merr.code, "[kiosk] %s (mode %s): %s",
					fb_config_mode_key(m), m, merr.msg);
			goto out;
		}
	}
	fb_err yerr;
	if (fb_yousaid_load(a->cfg.you_said_file, &a->ys_file, &yerr) != 0)
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
	app_fill_modes(a, &fo);
	fo.submit = fb_store_submit;
	fo.submit_ctx = a->store;
	fo.signup = fb_store_signup;
	fo.signup_ctx = a->store;
	fo.action = fb_store_flow_action;
	fo.action_ctx = a->store;
	fo.enrol = fb_store_enrol;
	fo.staff = fb_staff_enabled(a->staff) ? a->staff : NULL;
	fo.wall_ms = app_wall_cb;
	fo.wall_ctx = a;
	/* Only the attract language's items: an item shows in its language. */
	rc = app_items_for(a, NULL, app_first_language(&fo), fb_wall_ms(), &a->ys, err);
	if (rc)
		goto out;
	fo.n_yousaid = fb_yousaid_count(a->ys);
	rc = fb_flow_new(&a->flow, &fo, app_now(a), err);
	if (rc)
		goto out;
	a->fo = fo;
	app_remote_check(a);     /* the Trust's config, when the daemon has one */
	app_health_check(a, true);

	if (a->o->fonts_list)
		snprintf(fonts, sizeof fonts, "%s", a->o->fonts_list);
	else
		kiosk_app_fonts_list(fonts, sizeof fonts);
	rc = kiosk_text_new(&a->text, fonts, err);
	if (rc)
		goto out;
	if (kiosk_layout_new(&a->layout) != 0 ||
	    kiosk_view_words_new(&a->words) != 0) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for the layout");
		goto out;
	}
	kiosk_input_host host = {
		.flow = a->flow, .layout = a->layout, .send = app_input_send,
		.refresh = app_input_refresh, .read_aloud = app_read_aloud,
		.hear = app_hear, .now_ms = app_input_now, .ctx = a,
	};
	if (kiosk_input_new(&a->input, &host) != 0) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for the input");
		goto out;
	}

	kiosk_platform_options po = {
		.windowed = a->o->windowed, .width = a->o->width, .height = a->o->height,
	};
	rc = kiosk_platform_new(&a->pf, &po, a->text, err);
	if (rc)
		goto out;
	app_jack_start(a);
	kiosk_view_screen_key(a->flow, a->screen_key, sizeof a->screen_key);
out:
	return rc;
}

static void app_close(kiosk_app *a)
{
	kiosk_jack_free(a->jack);     /* its thread pushes into the window's events */
	a->jack = NULL;
	if (a->pf)
		app_speech_stop(a);
	kiosk_speech_free(a->speech);   /* espeak_Terminate, if it started */
	kiosk_input_free(a->input);
	kiosk_layout_free(a->layout);
	kiosk_view_words_free(a->words);
	kiosk_text_free(a->text);      /* before the window: it owns textures */
	kiosk_platform_free(a->pf);
	fb_flow_free(a->flow);
	fb_store_free(a->store);
	fb_staff_free(a->staff);
	fb_yousaid_free(a->ys);
	fb_yousaid_free(a->ys_file);
	fb_survey_free(a->survey_remote);
	fb_survey_free(a->survey_local);
	for (size_t i = 0; i < FB_FLOW_MAX_MODES - 1; i++)
		fb_survey_free(a->survey_modes[i]);
	if (a->have_rc)
		fb_proto_config_clear(&a->rc);
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
	if (o->replay_path) {
		if (fb_replay_load(o->replay_path, &replay, err) != 0)
			goto out;
		a->virtual_clock = true;
		a->vnow = 1000000;     /* any start; the flow only sees differences */
		a->vnow0 = a->vnow;
		a->vwall0 = o->clock_ms ? o->clock_ms : fb_wall_ms();
	}
	if (app_open(a, err) != 0)
		goto out;
	a->force = true;
	app_frame(a, NULL);
	/* After the first frame, so finding the sound device never delays it. */
	if (kiosk_platform_audio_probe(a->pf)) {
		a->audio_ok = true;
		a->force = true;            /* the button appears */
	}
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
		fprintf(stderr, "bench frames_presented=%ld frames_part=%ld\n", a->frames,
			a->frames_part);
	fb_replay_free(replay);
	app_close(a);
	free(a);
	return code;
}
