/* platform_sdl: the window, the events and the sound device with SDL2.
 * See platform.h. The layout is made for the renderer's output size, read
 * again on every resize; pointer positions arrive in window units and touches
 * as SDL_FINGER* in [0, 1] of the window, and both are scaled to output
 * pixels here, so a click lands on the widget drawn under it. SDL's mouse
 * events synthesised from touches (SDL_TOUCH_MOUSEID) are dropped so a tap
 * is seen once. */
#include "platform_sdl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_sdl.h"

#define PF_WIDTH_DEFAULT 1280
#define PF_HEIGHT_DEFAULT 800

struct kiosk_platform {
	SDL_Window *win;
	SDL_Renderer *ren;
	int w, h;                    /* the renderer's output: what is laid out */
	int win_w, win_h;            /* the window in SDL's units (mouse events) */
	bool fullscreen;             /* full screen was asked for */
	bool keeps_frame;            /* the software renderer: see platform.h */
	int logged_w, logged_h;      /* the size last said to be not full screen */
	SDL_AudioDeviceID audio;     /* 0 when not playing */
};

SDL_Renderer *kiosk_platform_sdl_renderer(kiosk_platform *p)
{
	return p->ren;
}

/* The light path, picked before SDL_Init: SDL's software renderer drawing
 * straight into the window's own framebuffer (an XImage on x11, memory on
 * offscreen), so neither Mesa's GL nor its EGL is loaded: under Xvfb at
 * 1920x1080, 22 to 24 MB PSS against 82 to 97 for SDL's default. At default
 * priority, so an SDL_* variable in the environment still wins. */
static void pf_hints_light(void)
{
	SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0",
				SDL_HINT_DEFAULT);
	SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software",
				SDL_HINT_DEFAULT);
}

/* After SDL_Init, when the driver is known. x11 and offscreen have a window
 * framebuffer of their own: EGL is never needed (SDL reads this variable,
 * there is no hint for it; 0: the environment's value stays). kmsdrm has
 * none (SDL draws there only through GBM and EGL: the software renderer
 * without GL would find no surface, and without EGL no window opens), so
 * SDL's own choice, its GLES renderer, is the light path there and the
 * hints go back to what the environment says. */
static void pf_hints_for_driver(const char *driver)
{
	if (strcmp(driver, "x11") == 0 || strcmp(driver, "offscreen") == 0) {
		setenv("SDL_VIDEO_EGL_DRIVER", "none", 0);
		return;
	}
	SDL_ResetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION);
	SDL_ResetHint(SDL_HINT_RENDER_DRIVER);
}

/* Reads the sizes that can change under the kiosk: the window's in SDL's
 * units (mouse events come in those) and the renderer's output in pixels
 * (what is laid out and drawn). */
static void pf_read_size(kiosk_platform *p)
{
	SDL_GetWindowSize(p->win, &p->win_w, &p->win_h);
	if (SDL_GetRendererOutputSize(p->ren, &p->w, &p->h) != 0 || p->w <= 0 ||
	    p->h <= 0) {
		p->w = p->win_w;
		p->h = p->win_h;
	}
}

/* Full screen asked for but the window is not the display's size (a window
 * manager that would not, a display that changed): say so, once a size. */
static void pf_check_fullscreen(kiosk_platform *p)
{
	SDL_Rect b;
	int d = SDL_GetWindowDisplayIndex(p->win);
	if (!p->fullscreen || SDL_GetDisplayBounds(d < 0 ? 0 : d, &b) != 0)
		return;
	if ((p->win_w == b.w && p->win_h == b.h) ||
	    (p->win_w == p->logged_w && p->win_h == p->logged_h))
		return;
	p->logged_w = p->win_w;
	p->logged_h = p->win_h;
	fprintf(stderr, "feedback-kiosk: full screen not granted: the window is "
		"%dx%d on a %dx%d display; laying out for the window as it is "
		"(check the window manager lets it go full screen)\n",
		p->win_w, p->win_h, b.w, b.h);
}

int kiosk_platform_new(kiosk_platform **out, const kiosk_platform_options *o,
		       kiosk_text *text, fb_err *err)
{
	int rc = 0;
	SDL_RendererInfo ri;
	kiosk_platform *p = calloc(1, sizeof *p);
	*out = NULL;
	if (!p)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
	pf_hints_light();
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to start SDL video: %s "
				"(headless? set SDL_VIDEODRIVER=offscreen)",
				SDL_GetError());
		goto out;
	}
	pf_hints_for_driver(SDL_GetCurrentVideoDriver());
	Uint32 flags = SDL_WINDOW_SHOWN;
	int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
	int w = o->width > 0 ? o->width : PF_WIDTH_DEFAULT;
	int h = o->height > 0 ? o->height : PF_HEIGHT_DEFAULT;
	p->fullscreen = !o->windowed && o->width <= 0;
	if (p->fullscreen) {
		/* The window is made the display's size at its corner before full
		 * screen is asked for: with no window manager to grant it (a bare
		 * xinit-style X server) the window is what it was made, and this
		 * way that is the whole display still. */
		SDL_Rect b;
		if (SDL_GetDisplayBounds(0, &b) == 0 && b.w > 0 && b.h > 0) {
			x = b.x;
			y = b.y;
			w = b.w;
			h = b.h;
		}
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
	}
	p->win = SDL_CreateWindow("Feedback kiosk", x, y, w, h, flags);
	if (!p->win) {
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to open the window: %s",
				SDL_GetError());
		goto out;
	}
	p->ren = SDL_CreateRenderer(p->win, -1, 0);
	if (!p->ren) {
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to create a renderer: %s "
				"(try SDL_RENDER_DRIVER=software)", SDL_GetError());
		goto out;
	}
	pf_read_size(p);
	p->keeps_frame = SDL_GetRendererInfo(p->ren, &ri) == 0 &&
			 strcmp(ri.name, "software") == 0;
	fprintf(stderr, "feedback-kiosk: %s video, %s renderer, laying out for "
		"%dx%d%s\n", SDL_GetCurrentVideoDriver(),
		SDL_GetRendererInfo(p->ren, &ri) == 0 ? ri.name : "an unknown",
		p->w, p->h, p->fullscreen ? ", full screen" : " in a window");
	pf_check_fullscreen(p);
	kiosk_text_set_renderer(text, p->ren);
	if (p->fullscreen)
		SDL_ShowCursor(SDL_DISABLE);
	SDL_StartTextInput();
out:
	/* Even on failure: the caller frees it (after the text) as on success. */
	*out = p;
	return rc;
}

bool kiosk_platform_keeps_frame(const kiosk_platform *p)
{
	return p->keeps_frame;
}

void kiosk_platform_free(kiosk_platform *p)
{
	if (!p)
		return;
	kiosk_platform_audio_stop(p);
	if (p->ren)
		SDL_DestroyRenderer(p->ren);
	if (p->win)
		SDL_DestroyWindow(p->win);
	if (SDL_WasInit(SDL_INIT_VIDEO))
		SDL_Quit();
	free(p);
}

void kiosk_platform_resize(kiosk_platform *p, int w, int h)
{
	SDL_SetWindowSize(p->win, w, h);
	/* the renderer makes its new surface on the size-changed event */
	SDL_PumpEvents();
	SDL_FlushEvent(SDL_WINDOWEVENT);
	pf_read_size(p);
}

void kiosk_platform_size(const kiosk_platform *p, int *w, int *h)
{
	*w = p->w;
	*h = p->h;
}

/* ---- events ---------------------------------------------------------- */

static kiosk_input_key pf_key(SDL_Keycode k)
{
	switch (k) {
	case SDLK_TAB: return KIOSK_IN_KEY_TAB;
	case SDLK_LEFT: return KIOSK_IN_KEY_LEFT;
	case SDLK_RIGHT: return KIOSK_IN_KEY_RIGHT;
	case SDLK_UP: return KIOSK_IN_KEY_UP;
	case SDLK_DOWN: return KIOSK_IN_KEY_DOWN;
	case SDLK_RETURN:
	case SDLK_KP_ENTER: return KIOSK_IN_KEY_RETURN;
	case SDLK_SPACE: return KIOSK_IN_KEY_SPACE;
	case SDLK_BACKSPACE: return KIOSK_IN_KEY_BACKSPACE;
	case SDLK_ESCAPE: return KIOSK_IN_KEY_ESCAPE;
	default: return KIOSK_IN_KEY_OTHER;
	}
}

static void pf_pointer(kiosk_input_event *ev, kiosk_input_kind kind, int x, int y)
{
	ev->kind = kind;
	ev->x = x;
	ev->y = y;
}

/* A mouse position in window units, in output pixels: the transform the
 * drawing has (they differ on a high-density display). */
static void pf_mouse(kiosk_platform *p, kiosk_input_event *ev,
		     kiosk_input_kind kind, int x, int y)
{
	if (p->win_w > 0 && p->win_h > 0 && (p->win_w != p->w || p->win_h != p->h)) {
		x = (int)((int64_t)x * p->w / p->win_w);
		y = (int)((int64_t)y * p->h / p->win_h);
	}
	pf_pointer(ev, kind, x, y);
}

/* A touch is a fraction of the window, in [0, 1]. */
static void pf_finger(kiosk_platform *p, kiosk_input_event *ev,
		      kiosk_input_kind kind, const SDL_TouchFingerEvent *f)
{
	pf_pointer(ev, kind, (int)(f->x * (float)p->w), (int)(f->y * (float)p->h));
}

/* One SDL event as the kiosk sees it. */
static void pf_translate(kiosk_platform *p, const SDL_Event *e, kiosk_input_event *ev)
{
	memset(ev, 0, sizeof *ev);
	switch (e->type) {
	case SDL_QUIT:
		ev->kind = KIOSK_IN_QUIT;
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
		    e->window.event == SDL_WINDOWEVENT_RESIZED) {
			pf_read_size(p);
			pf_check_fullscreen(p);
			ev->kind = KIOSK_IN_RESIZED;
		} else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
			ev->kind = KIOSK_IN_EXPOSED;
		}
		break;
	case SDL_FINGERDOWN:
		pf_finger(p, ev, KIOSK_IN_DOWN, &e->tfinger);
		break;
	case SDL_FINGERMOTION:
		pf_finger(p, ev, KIOSK_IN_MOVE, &e->tfinger);
		break;
	case SDL_FINGERUP:
		pf_finger(p, ev, KIOSK_IN_UP, &e->tfinger);
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			pf_mouse(p, ev, KIOSK_IN_DOWN, e->button.x, e->button.y);
		break;
	case SDL_MOUSEMOTION:
		if (e->motion.which != SDL_TOUCH_MOUSEID)
			pf_mouse(p, ev, KIOSK_IN_MOVE, e->motion.x, e->motion.y);
		break;
	case SDL_MOUSEBUTTONUP:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			pf_mouse(p, ev, KIOSK_IN_UP, e->button.x, e->button.y);
		break;
	case SDL_KEYDOWN:
		ev->kind = KIOSK_IN_KEY;
		ev->key = pf_key(e->key.keysym.sym);
		ev->shift = (e->key.keysym.mod & KMOD_SHIFT) != 0;
		ev->repeat = e->key.repeat != 0;
		break;
	case SDL_AUDIODEVICEADDED:
		/* A new output after start: headphones or a headset (USB,
		 * Bluetooth). The devices there at start came before the probe
		 * flushed them. A jack on the same sound card is often a port
		 * change that SDL does not report: then nothing comes. */
		if (!e->adevice.iscapture)
			ev->kind = KIOSK_IN_HEADPHONES;
		break;
	case SDL_TEXTINPUT:
		ev->kind = KIOSK_IN_TEXT;
		_Static_assert(sizeof ev->text >= sizeof e->text.text,
			       "a text event must fit");
		memcpy(ev->text, e->text.text, sizeof e->text.text);
		ev->text[sizeof ev->text - 1] = '\0';
		break;
	default:
		break;
	}
}

bool kiosk_platform_wait(kiosk_platform *p, int64_t timeout_ms,
			 kiosk_input_event *ev)
{
	SDL_Event e;
	int got = timeout_ms < 0 ? SDL_WaitEvent(&e) :
		  SDL_WaitEventTimeout(&e, (int)timeout_ms);
	if (!got)
		return false;
	pf_translate(p, &e, ev);
	return true;
}

bool kiosk_platform_poll(kiosk_platform *p, kiosk_input_event *ev)
{
	SDL_Event e;
	if (!SDL_PollEvent(&e))
		return false;
	pf_translate(p, &e, ev);
	return true;
}

void kiosk_platform_delay(int64_t ms)
{
	SDL_Delay((Uint32)(ms > 0 ? ms : 0));
}

/* ---- replay ---------------------------------------------------------- */

void kiosk_platform_push_finger(kiosk_platform *p, bool down, int x, int y)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
	e.tfinger.timestamp = SDL_GetTicks();
	e.tfinger.touchId = 1;
	e.tfinger.fingerId = 1;
	e.tfinger.x = ((float)x + 0.5f) / (float)p->w;
	e.tfinger.y = ((float)y + 0.5f) / (float)p->h;
	e.tfinger.pressure = 1;
	SDL_PushEvent(&e);
}

static SDL_Keycode pf_keycode(kiosk_input_key k)
{
	switch (k) {
	case KIOSK_IN_KEY_TAB: return SDLK_TAB;
	case KIOSK_IN_KEY_LEFT: return SDLK_LEFT;
	case KIOSK_IN_KEY_RIGHT: return SDLK_RIGHT;
	case KIOSK_IN_KEY_UP: return SDLK_UP;
	case KIOSK_IN_KEY_DOWN: return SDLK_DOWN;
	case KIOSK_IN_KEY_RETURN: return SDLK_RETURN;
	case KIOSK_IN_KEY_SPACE: return SDLK_SPACE;
	case KIOSK_IN_KEY_BACKSPACE: return SDLK_BACKSPACE;
	default: return SDLK_ESCAPE;
	}
}

void kiosk_platform_push_key(kiosk_platform *p, kiosk_input_key key)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = pf_keycode(key);
	e.key.keysym.scancode = SDL_GetScancodeFromKey(e.key.keysym.sym);
	SDL_PushEvent(&e);
	if (key == KIOSK_IN_KEY_SPACE) {    /* as SDL does while text input is on */
		SDL_Event t;
		memset(&t, 0, sizeof t);
		t.type = SDL_TEXTINPUT;
		t.text.text[0] = ' ';
		SDL_PushEvent(&t);
	}
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	SDL_PushEvent(&e);
}

void kiosk_platform_push_headphones(kiosk_platform *p)
{
	SDL_Event e;
	(void)p;
	memset(&e, 0, sizeof e);
	e.type = SDL_AUDIODEVICEADDED;
	e.adevice.which = 1;
	e.adevice.iscapture = 0;
	SDL_PushEvent(&e);
}

void kiosk_platform_push_text(kiosk_platform *p, const char *s, size_t n)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = SDL_TEXTINPUT;
	if (n > SDL_TEXTINPUTEVENT_TEXT_SIZE - 1)
		n = SDL_TEXTINPUTEVENT_TEXT_SIZE - 1;
	memcpy(e.text.text, s, n);
	SDL_PushEvent(&e);
}

/* ---- sound ----------------------------------------------------------- */

/* What espeak-ng hands back: mono, 16-bit (SDL converts for the device). */
static void pf_audio_spec(SDL_AudioSpec *want, int rate)
{
	memset(want, 0, sizeof *want);
	want->freq = rate;
	want->format = AUDIO_S16SYS;
	want->channels = 1;
	want->samples = 1024;
}

bool kiosk_platform_audio_probe(kiosk_platform *p)
{
	SDL_AudioSpec want, have;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		fprintf(stderr, "feedback-kiosk: no sound: unable to start SDL audio: "
			"%s (read-aloud is hidden; check the speaker, or set "
			"SDL_AUDIODRIVER)\n", SDL_GetError());
		return false;
	}
	pf_audio_spec(&want, 22050);
	SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (dev == 0) {
		fprintf(stderr, "feedback-kiosk: no sound: unable to open an audio "
			"device with the %s driver: %s (read-aloud is hidden; check "
			"the speaker, or set SDL_AUDIODRIVER)\n",
			SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() :
			"no", SDL_GetError());
		SDL_QuitSubSystem(SDL_INIT_AUDIO);   /* unload what it loaded */
		return false;
	}
	SDL_CloseAudioDevice(dev);
	/* The devices SDL found at start are not plugged in now. */
	SDL_PumpEvents();
	SDL_FlushEvent(SDL_AUDIODEVICEADDED);
	return true;
}

kiosk_audio_result kiosk_platform_audio_play(kiosk_platform *p,
					     const int16_t *samples, size_t n,
					     int rate)
{
	SDL_AudioSpec want, have;
	pf_audio_spec(&want, rate);
	p->audio = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (p->audio == 0) {
		fprintf(stderr, "feedback-kiosk: no sound: unable to open the audio "
			"device: %s (read-aloud is hidden; check the speaker)\n",
			SDL_GetError());
		return KIOSK_AUDIO_NO_DEVICE;
	}
	if (SDL_QueueAudio(p->audio, samples, (Uint32)(n * sizeof *samples)) != 0) {
		fprintf(stderr, "feedback-kiosk: read-aloud: unable to queue %zu "
			"samples: %s\n", n, SDL_GetError());
		kiosk_platform_audio_stop(p);
		return KIOSK_AUDIO_FAILED;
	}
	SDL_PauseAudioDevice(p->audio, 0);
	return KIOSK_AUDIO_PLAYING;
}

size_t kiosk_platform_audio_queued(const kiosk_platform *p)
{
	return p->audio ? SDL_GetQueuedAudioSize(p->audio) : 0;
}

void kiosk_platform_audio_stop(kiosk_platform *p)
{
	if (p->audio) {
		SDL_ClearQueuedAudio(p->audio);
		SDL_CloseAudioDevice(p->audio);
		p->audio = 0;
	}
}
