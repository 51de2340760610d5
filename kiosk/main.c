/* feedback-kiosk: the touch screen a patient, carer or child answers the
 * Friends and Family Test on, full screen, offline.
 *
 * main() reads the command line and hands over to kiosk/app.c, which opens
 * the device config, the survey, the queue (kiosk/store.c) and a window
 * (kiosk/platform.h), then sleeps until a touch, a key or the survey flow's
 * next timer (kiosk/flow.c). A touch or key becomes flow events in
 * kiosk/input.c; each change is put in the person's words (kiosk/view.c),
 * laid out (kiosk/layout.c) and drawn behind the render seam
 * (kiosk/render.h; SDL only in the *_sdl.c files). docs/kiosk.md describes the
 * layers, the screens, the options and replay scripts. Start reading app.c
 * at kiosk_app_run(). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "cli.h"
#include "config.h"
#include "survey.h"
#include "text.h"
#include "words.h"

#define KIOSK_DEFAULT_CONFIG "/etc/feedback/kiosk.conf"

static const char usage[] =
	"  --windowed            a window instead of full screen (development)\n"
	"  --size WxH            window size in pixels, e.g. 1280x800 (implies a window)\n"
	"  --screenshot-dir DIR  save DIR/<screen>.png when each screen first shows\n"
	"  --layout-dump FILE    keep FILE holding the widgets on screen, as JSON\n"
	"  --dump-dir DIR        save DIR/<screen>.json, the widgets of each screen\n"
	"                        when it first shows (named as --screenshot-dir's)\n"
	"  --replay FILE         run a replay script on a virtual clock, then exit\n"
	"                        (0 when every expect held)\n"
	"  --clock TIME          with --replay: the virtual wall clock starts at TIME,\n"
	"                        UTC, e.g. 2026-12-07T17:58:00Z (local time from TZ)\n"
	"  --fonts FILE          the fonts list (default: assets/fonts.list)\n"
	"  --layout-only         lay out and dump each screen, never draw it (tests:\n"
	"                        no screenshots, many times faster)\n"
	"  --bench               print timings to stderr (for tests/bench)\n"
	"Headless: SDL_VIDEODRIVER=offscreen (the renderer is picked for the driver;\n"
	"SDL_RENDER_DRIVER and SDL_FRAMEBUFFER_ACCELERATION in the environment win)\n";

/* "2026-12-07T17:58:00Z" (seconds optional) as Unix ms; -1 when not. */
static int64_t kiosk_parse_clock(const char *s)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &n) != 5)
		return -1;
	s += n;
	if (*s == ':') {
		n = 0;
		if (sscanf(s, ":%2d%n", &tm.tm_sec, &n) != 1)
			return -1;
		s += n;
	}
	if (strcmp(s, "Z") != 0 || tm.tm_year < 1970 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 59)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000;
}

static int kiosk_parse_size(const char *s, int *w, int *h)
{
	char x = 0;
	if (sscanf(s, "%d%c%d", w, &x, h) != 3 || (x != 'x' && x != 'X') ||
	    *w < 320 || *h < 240 || *w > 8192 || *h > 8192)
		return -1;
	return 0;
}

/* A crisis_text for every language is one language's words shown to all:
 * say which languages lack their own crisis_text.LANG. */
static void kiosk_check_crisis_texts(const fb_config *cfg, const fb_survey *s)
{
	if (!cfg->crisis_text[0])
		return;
	for (size_t i = 0; i < s->n_languages; i++)
		if (strcmp(s->languages[i], "en") != 0 &&
		    fb_config_crisis_text(cfg, s->languages[i]) == cfg->crisis_text)
			fprintf(stderr, "feedback-kiosk: warning: %s readers see "
				"crisis_text as written; add crisis_text.%s = "
				"(in %s) to [kiosk], or empty crisis_text to "
				"show the built-in words\n", s->languages[i],
				s->languages[i], s->languages[i]);
}

/* One mode's survey for --check-config: it loads, is for the mode's
 * audience and offers [kiosk] languages (lib/config), and every language
 * it offers has the kiosk's own words; its unchecked words are listed. */
static int kiosk_check_mode(const fb_config *cfg, const char *mode,
			    const char *locales, fb_err *err)
{
	fb_survey *survey = NULL;
	const char *file = fb_config_mode_survey_file(cfg, mode);
	int rc = fb_survey_load(file, &survey, err);
	if (rc) {
		fb_err e = *err;
		fb_err_set(err, e.code, "[kiosk] %s (mode %s): %s",
			   fb_config_mode_key(mode), mode, e.msg);
		goto out;
	}
	if (cfg->n_modes > 0)
		fprintf(stderr, "feedback-kiosk: mode %s: survey %s version %d (%s)\n",
			mode, survey->id, survey->version, file);
	rc = fb_words_check(locales, survey, stderr, err);
	if (rc)
		goto out;
	kiosk_check_crisis_texts(cfg, survey);
out:
	fb_survey_free(survey);
	return rc;
}

/* Loads everything --check-config can check without a screen. */
static int kiosk_check_config(const kiosk_app_options *o)
{
	int rc = 1;
	fb_config cfg;
	fb_survey *survey = NULL;
	kiosk_text *text = NULL;
	fb_err err;
	char fonts[4096], locales[1024];
	if (fb_config_load(o->config_path, &cfg, &err) != 0)
		goto out;
	if (fb_survey_load(cfg.survey_file, &survey, &err) != 0)
		goto out;
	/* every mode's survey: which one is wrong, by its key */
	if (cfg.n_modes > 0 && fb_config_check_modes(&cfg, &err) != 0)
		goto out;
	if (o->fonts_list)
		snprintf(fonts, sizeof fonts, "%s", o->fonts_list);
	else
		kiosk_app_fonts_list(fonts, sizeof fonts);
	if (kiosk_text_new(&text, fonts, &err) != 0)
		goto out;
	fb_words_dir(locales, sizeof locales);
	if (kiosk_check_mode(&cfg, FB_MODE_STANDARD, locales, &err) != 0)
		goto out;
	for (size_t i = 1; i < cfg.n_modes; i++)
		if (kiosk_check_mode(&cfg, cfg.modes[i], locales, &err) != 0)
			goto out;
	printf("%s: ok (survey %s version %d, %zu languages, fonts from %s",
	       o->config_path, survey->id, survey->version, survey->n_languages,
	       fonts);
	if (cfg.n_modes > 0) {
		printf("; modes");
		for (size_t i = 0; i < cfg.n_modes; i++)
			printf("%s %s", i ? "," : "", cfg.modes[i]);
	}
	printf(")\n");
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "feedback-kiosk: %s\n", err.msg);
	kiosk_text_free(text);
	fb_survey_free(survey);
	return rc;
}

int main(int argc, char **argv)
{
	fb_cli cli;
	kiosk_app_options o;
	fb_err err = { 0 };
	int r = fb_cli_parse(&cli, argc, argv, "feedback-kiosk",
			     KIOSK_DEFAULT_CONFIG, usage);
	if (r == FB_CLI_EXIT)
		return 0;
	if (r != FB_CLI_RUN)
		return 2;
	memset(&o, 0, sizeof o);
	o.config_path = cli.config_path;
	for (int i = 1; i < cli.argc; i++) {
		const char *a = cli.argv[i];
		const char *val = i + 1 < cli.argc ? cli.argv[i + 1] : NULL;
		bool takes = strcmp(a, "--size") == 0 ||
			     strcmp(a, "--screenshot-dir") == 0 ||
			     strcmp(a, "--layout-dump") == 0 ||
			     strcmp(a, "--dump-dir") == 0 ||
			     strcmp(a, "--replay") == 0 || strcmp(a, "--fonts") == 0 ||
			     strcmp(a, "--clock") == 0;
		if (takes && !val) {
			fprintf(stderr, "feedback-kiosk: %s needs a value (see --help)\n", a);
			return 2;
		}
		if (strcmp(a, "--windowed") == 0) {
			o.windowed = true;
		} else if (strcmp(a, "--layout-only") == 0) {
			o.layout_only = true;
		} else if (strcmp(a, "--bench") == 0) {
			o.bench = true;
		} else if (strcmp(a, "--size") == 0) {
			if (kiosk_parse_size(val, &o.width, &o.height) != 0) {
				fprintf(stderr, "feedback-kiosk: bad --size '%s': give "
					"WIDTHxHEIGHT, e.g. 1280x800\n", val);
				return 2;
			}
			o.windowed = true;
		} else if (strcmp(a, "--screenshot-dir") == 0) {
			o.screenshot_dir = val;
		} else if (strcmp(a, "--layout-dump") == 0) {
			o.layout_dump = val;
		} else if (strcmp(a, "--dump-dir") == 0) {
			o.dump_dir = val;
		} else if (strcmp(a, "--replay") == 0) {
			o.replay_path = val;
		} else if (strcmp(a, "--fonts") == 0) {
			o.fonts_list = val;
		} else if (strcmp(a, "--clock") == 0) {
			o.clock_ms = kiosk_parse_clock(val);
			if (o.clock_ms <= 0) {
				fprintf(stderr, "feedback-kiosk: bad --clock '%s': give UTC "
					"as 2026-12-07T17:58:00Z\n", val);
				return 2;
			}
		} else {
			fprintf(stderr, "feedback-kiosk: unknown option '%s' (see --help)\n", a);
			return 2;
		}
		if (takes)
			i++;
	}
	if (o.clock_ms && !o.replay_path) {
		fprintf(stderr, "feedback-kiosk: --clock is for --replay only (the kiosk "
			"otherwise keeps the device's own time)\n");
		return 2;
	}
	if (cli.check_config)
		return kiosk_check_config(&o);
	fb_words_preload();   /* while this is the only thread: see words.h */
	int code = kiosk_app_run(&o, &err);
	if (code != 0 && err.msg[0])
		fprintf(stderr, "feedback-kiosk: %s\n", err.msg);
	return code;
}
