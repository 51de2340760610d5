/* speech: read-aloud with libespeak-ng. See speech.h.
 * espeak-ng runs in AUDIO_OUTPUT_SYNCHRONOUS mode: espeak_ng_Synthesize
 * returns when the whole text is spoken, having handed the samples to our
 * callback in short chunks; the callback appends them to a capped buffer and
 * stops the synthesis when the cap is reached. It is fast (a screen's words,
 * about 8 s of speech, take a few milliseconds), so the app calls it on its
 * loop thread. The library keeps its state in globals: one engine a process. */
#include "speech.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "words.h"      /* "Chosen" */

struct kiosk_speech {
	bool started;
	int rate;                    /* the engine's samples a second */
	const char *voice;           /* the voice loaded now; NULL none */
};

static bool speech_exists;       /* the library is global: one at a time */

/* The one buffer being filled (the callback has no context of its own). */
static struct {
	kiosk_pcm *pcm;              /* n counts the samples in buf */
	fb_buf buf;                  /* the samples' bytes, capped at max */
	size_t max;                  /* the hard cap, in samples */
	bool nomem;
} sink;

/* Kiosk language → espeak-ng language for SetVoiceByProperties. British
 * English for English; Portuguese is Portugal's, Spanish Spain's (the
 * kiosk's translations are European). Punjabi is espeak-ng's Gurmukhi
 * voice, as the kiosk writes it; Arabic is Modern Standard Arabic. */
static const struct { const char *lang, *voice; } VOICES[] = {
	{ "en", "en-gb" }, { "pl", "pl" }, { "ro", "ro" },
	{ "pt", "pt" }, { "es", "es" }, { "cy", "cy" },
	{ "pa", "pa" }, { "ur", "ur" }, { "bn", "bn" },
	{ "gu", "gu" }, { "ar", "ar" },
};

const char *kiosk_speech_voice(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof VOICES / sizeof VOICES[0]; i++)
		if (strcmp(lang, VOICES[i].lang) == 0)
			return VOICES[i].voice;
	return NULL;
}

int kiosk_speech_new(kiosk_speech **out, fb_err *err)
{
	*out = NULL;
	if (speech_exists)
		return fb_err_set(err, FB_ERR_INVALID, "speech: one engine a process "
				  "(espeak-ng is global); free the other first");
	*out = calloc(1, sizeof **out);
	if (!*out)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory for speech");
	speech_exists = true;
	return 0;
}

void kiosk_speech_free(kiosk_speech *s)
{
	if (!s)
		return;
	if (s->started)
		espeak_ng_Terminate();
	speech_exists = false;
	free(s);
}

bool kiosk_speech_started(const kiosk_speech *s)
{
	return s && s->started;
}

void kiosk_pcm_free(kiosk_pcm *p)
{
	if (!p)
		return;
	free(p->samples);
	p->samples = NULL;
	p->n = 0;
}

static int speech_status(fb_err *err, espeak_ng_STATUS st, const char *what)
{
	char msg[256] = "";
	espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
	return fb_err_set(err, FB_ERR_IO, "unable to %s: %s (check the "
			  "espeak-ng-data package is installed)", what, msg);
}

/* Appends espeak's chunk to the sink; 1 stops the synthesis. */
static int speech_collect(short *wav, int n, espeak_EVENT *events)
{
	(void)events;
	if (!wav || n <= 0 || !sink.pcm)
		return 0;
	kiosk_pcm *p = sink.pcm;
	size_t want = (size_t)n;
	if (p->n + want > sink.max) {
		want = sink.max - p->n;
		p->truncated = true;
	}
	if (fb_buf_add(&sink.buf, wav, want * sizeof *wav) != 0) {
		sink.nomem = true;           /* the buffer freed itself */
		return 1;
	}
	p->n += want;
	return p->n >= sink.max ? 1 : 0;    /* full: stop the synthesis */
}

static int speech_start(kiosk_speech *s, fb_err *err)
{
	espeak_ng_ERROR_CONTEXT ctx = NULL;
	espeak_ng_STATUS st;

	espeak_ng_InitializePath(NULL);   /* ESPEAK_DATA_PATH, else the package's */
	st = espeak_ng_Initialize(&ctx);
	if (st != ENS_OK) {
		espeak_ng_ClearErrorContext(&ctx);
		return speech_status(err, st, "start espeak-ng");
	}
	s->started = true;                /* from here on, Terminate it */
	st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
	if (st != ENS_OK)
		return speech_status(err, st, "set espeak-ng to hand back its sound");
	espeak_SetSynthCallback(speech_collect);
	s->rate = espeak_ng_GetSampleRate();
	if (s->rate <= 0)
		return fb_err_set(err, FB_ERR_IO, "espeak-ng reports a sample rate "
				  "of %d", s->rate);
	return 0;
}

static int speech_set_voice(kiosk_speech *s, const char *voice, fb_err *err)
{
	espeak_VOICE spec;
	espeak_ng_STATUS st;
	char what[96];

	if (s->voice && strcmp(s->voice, voice) == 0)
		return 0;
	memset(&spec, 0, sizeof spec);
	spec.languages = voice;
	st = espeak_ng_SetVoiceByProperties(&spec);
	if (st != ENS_OK) {
		s->voice = NULL;
		snprintf(what, sizeof what, "load the espeak-ng voice '%s'", voice);
		return speech_status(err, st, what);
	}
	espeak_ng_SetParameter(espeakRATE, KIOSK_SPEECH_RATE_WPM, 0);
	s->voice = voice;
	return 0;
}

int kiosk_speech_say(kiosk_speech *s, const char *lang, const char *text,
		     kiosk_pcm *out, fb_err *err)
{
	int rc = 0;
	char buf[KIOSK_SPEECH_TEXT_MAX + 1];
	const char *voice = kiosk_speech_voice(lang);

	memset(out, 0, sizeof *out);
	if (!voice) {
		rc = fb_err_set(err, FB_ERR_NOTFOUND, "no voice for language '%s' "
				"(read-aloud speaks en, pl, ro, pt, es and cy)",
				lang ? lang : "");
		goto out;
	}
	if (!s->started) {
		rc = speech_start(s, err);
		if (rc)
			goto out;
	}
	rc = speech_set_voice(s, voice, err);
	if (rc)
		goto out;

	/* The text, cut at the cap on a character boundary. */
	size_t len = strlen(text ? text : "");
	if (len > KIOSK_SPEECH_TEXT_MAX) {
		len = fb_utf8_cut(text, len, KIOSK_SPEECH_TEXT_MAX);
		out->truncated = true;
	}
	if (len)
		memcpy(buf, text, len);
	buf[len] = '\0';

	out->rate = s->rate;
	sink.pcm = out;
	sink.max = (size_t)s->rate * KIOSK_SPEECH_MAX_SECONDS;
	fb_buf_init(&sink.buf, sink.max * sizeof *out->samples);
	sink.nomem = false;
	espeak_ng_STATUS st = espeak_ng_Synthesize(buf, len + 1, 0, POS_CHARACTER,
						   0, espeakCHARS_UTF8, NULL, NULL);
	sink.pcm = NULL;
	if (sink.buf.len > 0) {
		/* malloc's block is aligned for any type: int16_t included */
		out->samples = (int16_t *)(void *)fb_buf_take(&sink.buf, NULL);
		if (!out->samples)
			sink.nomem = true;
	}
	fb_buf_free(&sink.buf);
	if (sink.nomem) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory for %zu samples "
				"of speech", out->n);
		goto out;
	}
	/* Stopped at the cap on purpose: espeak-ng reports it as stopped. */
	if (st != ENS_OK && out->n < sink.max)
		rc = speech_status(err, st, "speak the text");
out:
	if (rc)
		kiosk_pcm_free(out);
	return rc;
}

/* ---- what is read ------------------------------------------------------ */

typedef struct speech_buf {
	char *out;
	size_t size, len;
} speech_buf;

static void sb_bytes(speech_buf *b, const char *s, size_t n)
{
	if (b->size == 0)
		return;
	n = fb_utf8_cut(s, n, b->size - 1 - b->len);
	memcpy(b->out + b->len, s, n);
	b->len += n;
	b->out[b->len] = '\0';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether a sentence ends here: . ! ? : ; … ؟ ۔ । */
static bool ends_sentence(const char *s, size_t n)
{
	if (n == 0)
		return true;
	char c = s[n - 1];
	if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';')
		return true;
	/* … and the Arabic-script and Indic stops: ؟ ۔ । */
	static const char *const stops[] = { "\xE2\x80\xA6", "\xD8\x9F", "\xDB\x94",
					     "\xE0\xA5\xA4" };
	for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
		size_t k = strlen(stops[i]);
		if (n >= k && memcmp(s + n - k, stops[i], k) == 0)
			return true;
	}
	return false;
}

/* One line of words, digits spelt out in long runs, closed as a sentence. */
static void sb_line(speech_buf *b, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return;
	if (b->len > 0)
		sb_bytes(b, " ", 1);
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		while (i + k < n && is_digit(s[i + k]))
			k++;
		if (k >= 3) {
			for (size_t d = 0; d < k; d++) {
				sb_bytes(b, s + i + d, 1);
				if (d + 1 < k)
					sb_bytes(b, " ", 1);
			}
			i += k;
			/* "116 123": a pause between the groups */
			if (i + 1 < n && s[i] == ' ' && is_digit(s[i + 1]))
				sb_bytes(b, ",", 1);
			continue;
		}
		size_t j = i + (k ? k : 1);
		while (j < n && !is_digit(s[j]))
			j++;
		sb_bytes(b, s + i, j - i);
		i = j;
	}
	if (!ends_sentence(s, n))
		sb_bytes(b, ".", 1);
}

/* A piece of the screen; each of its lines is a sentence. */
static void sb_piece(speech_buf *b, const char *s)
{
	if (!s)
		return;
	while (*s) {
		size_t n = strcspn(s, "\n");
		sb_line(b, s, n);
		s += n;
		if (*s == '\n')
			s++;
	}
}

size_t kiosk_speech_script(const kiosk_view *v, char *out, size_t out_size)
{
	speech_buf b = { out, out_size, 0 };
	if (out_size == 0)
		return 0;
	out[0] = '\0';
	switch (v->screen) {
	case FB_SCREEN_ATTRACT:
		sb_piece(&b, v->title);
		sb_piece(&b, v->body);
		break;
	case FB_SCREEN_LANGUAGE:
		sb_piece(&b, v->title);
		break;
	case FB_SCREEN_QUESTION:
	case FB_SCREEN_VOLUNTEER_ROLES:
	case FB_SCREEN_VOLUNTEER_NAME:
	case FB_SCREEN_VOLUNTEER_CONTACT:
	case FB_SCREEN_VOLUNTEER_CONSENT:
		/* v->text is what the person typed: never read out */
		sb_piece(&b, v->question);
		sb_piece(&b, v->help);
		for (size_t i = 0; i < v->n_options && i < KIOSK_VIEW_MAX_ITEMS; i++)
			sb_piece(&b, v->options[i].label);
		break;
	case FB_SCREEN_STILL_THERE:
		sb_piece(&b, v->title);
		sb_piece(&b, v->body);
		sb_piece(&b, v->primary);
		break;
	case FB_SCREEN_THANKS:
		sb_piece(&b, v->title);
		sb_piece(&b, v->body);
		sb_piece(&b, v->card_title);
		sb_piece(&b, v->card_body);
		break;
	case FB_SCREEN_SORRY:
		sb_piece(&b, v->title);
		sb_piece(&b, v->body);
		sb_piece(&b, v->card_title);
		sb_piece(&b, v->card_body);
		break;
	case FB_SCREEN_CONFIRM_DELETE:
		sb_piece(&b, v->title);
		sb_piece(&b, v->primary);
		sb_piece(&b, v->secondary);
		break;
	case FB_SCREEN_VOLUNTEER_ASK:
		sb_piece(&b, v->title);
		sb_piece(&b, v->body);
		sb_piece(&b, v->primary);
		sb_piece(&b, v->secondary);
		break;
	default:
		break;     /* staff and cleaning: nothing for a patient */
	}
	return b.len;
}

/* Touch and hear, on the screens read-aloud reads. */
static bool speech_patient_screen(fb_screen s)
{
	return s != FB_SCREEN_STAFF_PIN && s != FB_SCREEN_STAFF &&
	       s != FB_SCREEN_CLEANING && s < FB_SCREEN_COUNT;
}

size_t kiosk_speech_widget(const kiosk_view *v, const kiosk_widget *w, char *out,
			   size_t out_size)
{
	speech_buf b = { out, out_size, 0 };
	if (out_size == 0)
		return 0;
	out[0] = '\0';
	if (!w || !speech_patient_screen(v->screen))
		return 0;
	switch (w->role) {
	case KIOSK_ROLE_FIELD:
		/* what was typed is never read out: the box's own words */
		sb_piece(&b, v->placeholder);
		break;
	case KIOSK_ROLE_DOTS:
	case KIOSK_ROLE_PIN:
	case KIOSK_ROLE_TICK:
	case KIOSK_ROLE_CORNER:
	case KIOSK_ROLE_CARD:
		break;
	default:
		sb_piece(&b, w->label);
		if ((w->role == KIOSK_ROLE_ANSWER || w->role == KIOSK_ROLE_OPTION) &&
		    w->selected && b.len > 0)
			sb_piece(&b, fb_str(v->language, FB_STR_CHOSEN));
		break;
	}
	return b.len;
}

size_t kiosk_speech_heading(const kiosk_view *v, char *out, size_t out_size)
{
	speech_buf b = { out, out_size, 0 };
	if (out_size == 0)
		return 0;
	out[0] = '\0';
	if (!speech_patient_screen(v->screen))
		return 0;
	sb_piece(&b, v->screen == FB_SCREEN_QUESTION || v->question ? v->question : v->title);
	return b.len;
}
