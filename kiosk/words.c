/* words: the kiosk's own words (see words.h). Translations are plain words
 * a person reads in a waiting room, not a computer's: "Choose your
 * language", never "Select locale". Numbers go in with {n} and {m}; counts
 * are written so no plural forms are needed ("Characters left: 7").
 *
 * The PO files (po/LANG.po) use the English text as msgid and the key as
 * msgctxt: Poedit and Weblate show translators the English sentence to
 * translate (not "still_there_countdown"), msgmerge marks a translation
 * fuzzy ("needs review") when its English changes, and the context keeps
 * two equal English texts apart. make pot rebuilds po/feedback-kiosk.pot
 * from the NC_() entries below with xgettext.
 *
 * Loading: glibc's gettext picks a catalogue by $LANGUAGE only when the
 * LC_MESSAGES locale is not "C", and a kiosk may have no locales generated
 * but glibc's built-in C.UTF-8. So each language is read once, under a
 * thread-local C.UTF-8 locale (uselocale), with LANGUAGE set to it for the
 * read and put back after; textdomain() tells gettext its cache is stale.
 * No ll_CC locale need exist, and nothing else in the process sees either.
 * To add a language: po/LANG.po, its code in po/LINGUAS. */
#include "words.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utf8.h"

#ifndef FB_WORDS_LINGUAS
#error "FB_WORDS_LINGUAS (po/LINGUAS) comes from the Makefile"
#endif

/* xgettext --keyword=NC_:1c,2: the key is the msgctxt, the text the msgid. */
#define NC_(key, text) { key, text }

typedef struct word_src {
	const char *key;
	const char *en;
} word_src;

static const word_src SRC[FB_STR_COUNT] = {
	[FB_STR_START] = NC_("start", "Start"),
	[FB_STR_ATTRACT_TITLE] = NC_("attract_title", "Tell us about your visit"),
	[FB_STR_ATTRACT_HINT] = NC_("attract_hint", "Touch the screen to start. It takes about a minute."),
	[FB_STR_CHOOSE_LANGUAGE] = NC_("choose_language", "Choose your language"),
	[FB_STR_NEXT] = NC_("next", "Next"),
	[FB_STR_BACK] = NC_("back", "Back"),
	[FB_STR_SKIP] = NC_("skip", "Skip"),
	[FB_STR_SEND] = NC_("send", "Send"),
	[FB_STR_FINISH] = NC_("finish", "Finish"),
	[FB_STR_PROGRESS] = NC_("progress", "Question {n} of {m}"),
	[FB_STR_CHOOSE_ONE] = NC_("choose_one", "Choose one answer"),
	[FB_STR_CHOOSE_ANY] = NC_("choose_any", "Choose all that apply"),
	[FB_STR_TYPE_HERE] = NC_("type_here", "Type your answer here"),
	[FB_STR_CHARS_LEFT] = NC_("chars_left", "Characters left: {n}"),
	[FB_STR_STILL_THERE] = NC_("still_there", "Are you still there?"),
	[FB_STR_STILL_HERE] = NC_("still_here", "Yes, I'm still here"),
	[FB_STR_STILL_THERE_COUNTDOWN] = NC_("still_there_countdown", "We will start again in {n} seconds."),
	[FB_STR_STILL_THERE_KEPT] = NC_("still_there_kept", "If nobody answers, what you wrote so far will be kept."),
	[FB_STR_STILL_THERE_DELETED] = NC_("still_there_deleted", "If nobody answers, what you wrote will be deleted."),
	[FB_STR_BACK_TO_START] = NC_("back_to_start", "We will go back to the start in {n} seconds."),
	[FB_STR_THANKS] = NC_("thanks", "Thank you"),
	[FB_STR_THANKS_BODY] = NC_("thanks_body", "Your answers have been saved. They help us make our service better."),
	[FB_STR_CRISIS] = NC_("crisis", "Need to talk to someone now? Call Samaritans free on 116 123, "
		"any time. For urgent mental health help, call NHS 111 and "
		"choose option 2. In an emergency, call 999. Or tell a member "
		"of staff."),
	[FB_STR_CRISIS_CHILDREN] = NC_("crisis_children", "Need to talk to someone now? Call Childline free on "
		"0800 1111, any time. Or call Samaritans free on 116 123, any "
		"time. For urgent mental health help, call NHS 111 and choose "
		"option 2. In an emergency, call 999. Or tell a member of staff."),
	[FB_STR_SORRY_TITLE] = NC_("sorry_title", "Sorry, we could not save your answers"),
	[FB_STR_SORRY_BODY] = NC_("sorry_body", "This is our fault, not yours. A member of staff "
		"can help you give your feedback another way."),
	[FB_STR_YOU_SAID] = NC_("you_said", "You said"),
	[FB_STR_WE_DID] = NC_("we_did", "We did"),
	[FB_STR_YSW_HEADING] = NC_("ysw_heading", "You said, we did"),
	[FB_STR_KEY_SPACE] = NC_("key_space", "space"),
	[FB_STR_KEY_BACKSPACE] = NC_("key_backspace", "delete"),
	[FB_STR_KEY_SHIFT] = NC_("key_shift", "Shift"),
	[FB_STR_KEY_ACCENTS] = NC_("key_accents", "àé"),
	[FB_STR_KEY_DIGITS] = NC_("key_digits", "123"),
	[FB_STR_KEY_LETTERS] = NC_("key_letters", "ABC"),
	[FB_STR_READ_ALOUD] = NC_("read_aloud", "Read aloud"),
	[FB_STR_READ_ALOUD_STOP] = NC_("read_aloud_stop", "Stop reading aloud"),
	[FB_STR_SEND_NOW] = NC_("send_now", "Send now"),
	[FB_STR_TELL_US_MORE] = NC_("tell_us_more", "Tell us more"),
	[FB_STR_SKIP_SECTION] = NC_("skip_section", "Skip these questions"),
	[FB_STR_DELETE_TITLE] = NC_("delete_title", "Delete what you wrote?"),
	[FB_STR_DELETE_YES] = NC_("delete_yes", "Yes, delete it"),
	[FB_STR_DELETE_NO] = NC_("delete_no", "No, keep it"),
	[FB_STR_OUT_OF_ORDER] = NC_("out_of_order", "Sorry, this kiosk is out of order"),
	[FB_STR_OUT_OF_ORDER_BODY] = NC_("out_of_order_body", "Please ask a member of staff how to give your feedback today."),
	[FB_STR_MODE_EASY_READ] = NC_("mode_easy_read", "Easy read"),
	[FB_STR_MODE_CHILDREN] = NC_("mode_children", "For children"),
	[FB_STR_TOUCH_HEAR] = NC_("touch_hear", "Touch and hear"),
	[FB_STR_TOUCH_HEAR_ON] = NC_("touch_hear_on", "Touch and hear is on. Touch the screen to hear what is there. Tap twice to choose."),
	[FB_STR_TOUCH_HEAR_OFF] = NC_("touch_hear_off", "Touch and hear is off."),
	[FB_STR_CHOSEN] = NC_("chosen", "Chosen"),
	[FB_STR_VOLUNTEER_TITLE] = NC_("volunteer_title", "Would you like to help us improve our services?"),
	[FB_STR_VOLUNTEER_BODY] = NC_("volunteer_body", "People who use our services can work with our teams as volunteers and partners. "
		"This is kept apart from your answers."),
	[FB_STR_VOLUNTEER_YES] = NC_("volunteer_yes", "Yes, tell me more"),
	[FB_STR_VOLUNTEER_NO] = NC_("volunteer_no", "No thanks"),
	[FB_STR_VOLUNTEER_ROLES] = NC_("volunteer_roles", "How would you like to help?"),
	[FB_STR_VOLUNTEER_ROLES_HINT] = NC_("volunteer_roles_hint", "Choose one or more."),
	[FB_STR_VOLUNTEER_NAME] = NC_("volunteer_name", "What is your name?"),
	[FB_STR_VOLUNTEER_CONTACT] = NC_("volunteer_contact", "Your phone number or email address"),
	[FB_STR_VOLUNTEER_CONSENT_TITLE] = NC_("volunteer_consent_title", "Can we contact you?"),
	[FB_STR_VOLUNTEER_CONSENT] = NC_("volunteer_consent", "I agree that the Trust keeps my name and contact details to contact me "
		"about the roles I chose. I can ask for them to be deleted at any time."),
	[FB_STR_VOLUNTEER_AGREE] = NC_("volunteer_agree", "I agree"),
	[FB_STR_CLOSED_TITLE] = NC_("closed_title", "We are closed"),
	[FB_STR_CLOSED_BODY] = NC_("closed_body", "You can still tell us about your visit."),
	/* Staff screens: English only (staff all read it), so not in the PO
	 * files. */
	[FB_STR_STAFF_PIN_TITLE] = { "staff_pin_title", "Staff PIN" },
	[FB_STR_STAFF_PIN_OK] = { "staff_pin_ok", "OK" },
	[FB_STR_STAFF_PIN_CLEAR] = { "staff_pin_clear", "Clear" },
	[FB_STR_STAFF_PIN_LOCKED] = { "staff_pin_locked", "Too many wrong PINs. Try again in {t}." },
	[FB_STR_STAFF_TITLE] = { "staff_title", "Staff" },
	[FB_STR_STAFF_DEVICE] = { "staff_device", "Device" },
	[FB_STR_STAFF_LOCATION] = { "staff_location", "Location" },
	[FB_STR_STAFF_VERSION] = { "staff_version", "Version" },
	[FB_STR_STAFF_QUEUE_DEPTH] = { "staff_queue_depth", "Waiting to send" },
	[FB_STR_STAFF_OLDEST_UNSENT] = { "staff_oldest_unsent", "Oldest unsent" },
	[FB_STR_STAFF_QUARANTINED] = { "staff_quarantined", "Held back (quarantined)" },
	[FB_STR_STAFF_LAST_SYNC] = { "staff_last_sync", "Last successful sync" },
	[FB_STR_STAFF_LAST_ERROR] = { "staff_last_error", "Last error" },
	[FB_STR_STAFF_DISK_FREE] = { "staff_disk_free", "Disk free" },
	[FB_STR_STAFF_SYNC] = { "staff_sync", "Sync now" },
	[FB_STR_STAFF_CLEANING] = { "staff_cleaning", "Cleaning mode" },
	[FB_STR_STAFF_ASSISTED] = { "staff_assisted", "Assisted response" },
	[FB_STR_STAFF_ASSISTED_ON] = { "staff_assisted_on", "The next response will be marked assisted" },
	[FB_STR_STAFF_CHANGE_LOCATION] = { "staff_change_location", "Location: choose where this device is" },
	[FB_STR_STAFF_EXIT] = { "staff_exit", "Exit to maintenance" },
	[FB_STR_STAFF_CLOSE] = { "staff_close", "Close" },
	[FB_STR_CLEANING_TITLE] = { "cleaning_title", "Cleaning mode" },
	[FB_STR_CLEANING_BODY] = { "cleaning_body", "The screen ignores touches for {t}." },
	[FB_STR_STAFF_ENROL] = { "staff_enrol", "Enrol this tablet" },
	[FB_STR_STAFF_ENROL_HINT] = { "staff_enrol_hint", "Type the 8-character code from the collector's Devices page (Enrol a tablet)." },
	[FB_STR_STAFF_ENROL_SEND] = { "staff_enrol_send", "Send code" },
	[FB_STR_STAFF_ENROL_BACK] = { "staff_enrol_back", "Back" },
	[FB_STR_STAFF_ENROL_DELETE] = { "staff_enrol_delete", "Delete" },
	[FB_STR_STAFF_ENROLMENT] = { "staff_enrolment", "Enrolment" },
	[FB_STR_STAFF_OPEN] = { "staff_open", "Open" },
	[FB_STR_STAFF_OPEN_ALWAYS] = { "staff_open_always", "Open all hours" },
	[FB_STR_STAFF_CLOSED_NOW] = { "staff_closed_now", "Closed now: the screen is blank until touched" },
	[FB_STR_STAFF_SPEAKS_FOR] = { "staff_speaks_for", "Speaks for" },
	[FB_STR_STAFF_CURRENT] = { "staff_current", "(current)" },
	[FB_STR_STAFF_MORE] = { "staff_more", "More" },
	[FB_STR_STAFF_PAGE_BACK] = { "staff_page_back", "Back" },
};

/* One language's catalogue, read once. */
typedef struct lang_words {
	char code[16];
	bool loaded;
	bool found;                       /* its .mo was there */
	char *s[FB_STR_PATIENT_COUNT];    /* NULL: not translated */
	char *unchecked;                  /* "X-Unchecked:" keys, or NULL */
} lang_words;

static pthread_mutex_t words_lock = PTHREAD_MUTEX_INITIALIZER;
static lang_words words_cache[FB_STR_MAX_LANGUAGES];
static size_t words_n_cache;
static char words_codes[FB_STR_MAX_LANGUAGES][16];
static size_t words_n_codes;

/* "en" and the codes of po/LINGUAS, once. Called under words_lock. */
static void words_parse_linguas(void)
{
	const char *p = FB_WORDS_LINGUAS;

	if (words_n_codes > 0)
		return;
	snprintf(words_codes[words_n_codes++], sizeof words_codes[0], "en");
	while (*p && words_n_codes < FB_STR_MAX_LANGUAGES) {
		size_t n;
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n > 0 && n < sizeof words_codes[0])
			snprintf(words_codes[words_n_codes++],
				 sizeof words_codes[0], "%.*s", (int)n, p);
		p += n;
	}
}

void fb_words_dir(char *out, size_t out_size)
{
	const char *env = getenv("FB_LOCALEDIR");
	char exe[1024] = "";
	ssize_t n;

	if (env && *env) {
		snprintf(out, out_size, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;
		/* build/ and build/san/ (their programs), build/san/tests/
		 * (unit tests), then an installed PREFIX/bin. */
		static const char *const ups[] = { "/locale", "/../locale",
						   "/../share/locale" };
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (size_t i = 0; i < sizeof ups / sizeof ups[0]; i++) {
			char probe[1200];
			snprintf(out, out_size, "%s%s", exe, ups[i]);
			snprintf(probe, sizeof probe, "%s/pl/LC_MESSAGES/%s.mo",
				 out, FB_WORDS_DOMAIN);
			if (access(probe, R_OK) == 0)
				return;
		}
	}
	snprintf(out, out_size, "/usr/share/locale");
}

/* The "X-Unchecked: key key" line make adds to a catalogue's header. */
static char *words_header_unchecked(const char *header)
{
	const char *p = strstr(header, "X-Unchecked:");
	size_t n;

	if (!p)
		return NULL;
	p += strlen("X-Unchecked:");
	p += strspn(p, " ");
	n = strcspn(p, "\n");
	return strndup(p, n);
}

/* Reads lang's catalogue from dir into w (see the file comment). Never
 * fails: what is not there stays NULL, and the checks say so. */
static void words_read(const char *dir, const char *lang, lang_words *w)
{
	char key[640], mo[1200];
	char *old_language = NULL;
	const char *env;
	locale_t loc = (locale_t)0, prev = (locale_t)0;

	memset(w, 0, sizeof *w);
	snprintf(w->code, sizeof w->code, "%s", lang);
	w->loaded = true;
	if (strcmp(lang, "en") == 0)
		goto out;
	snprintf(mo, sizeof mo, "%s/%s/LC_MESSAGES/%s.mo", dir, lang,
		 FB_WORDS_DOMAIN);
	w->found = access(mo, R_OK) == 0;
	if (!w->found)
		goto out;
	loc = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
	if (loc == (locale_t)0)
		goto out;
	env = getenv("LANGUAGE");
	old_language = env ? strdup(env) : NULL;
	prev = uselocale(loc);
	bindtextdomain(FB_WORDS_DOMAIN, dir);
	bind_textdomain_codeset(FB_WORDS_DOMAIN, "UTF-8");
	setenv("LANGUAGE", lang, 1);
	textdomain(textdomain(NULL));   /* gettext: forget cached lookups */
	for (int id = 0; id < FB_STR_PATIENT_COUNT; id++) {
		const char *t;
		snprintf(key, sizeof key, "%s\004%s", SRC[id].key, SRC[id].en);
		t = dgettext(FB_WORDS_DOMAIN, key);
		/* gettext hands back its argument when it has no translation */
		if (t != key && t[0] != '\0')
			w->s[id] = strdup(t);
	}
	w->unchecked = words_header_unchecked(dgettext(FB_WORDS_DOMAIN, ""));
	if (old_language)
		setenv("LANGUAGE", old_language, 1);
	else
		unsetenv("LANGUAGE");
	textdomain(textdomain(NULL));
	uselocale(prev);
out:
	if (loc != (locale_t)0)
		freelocale(loc);
	free(old_language);
}

static void words_release(lang_words *w)
{
	for (int id = 0; id < FB_STR_PATIENT_COUNT; id++)
		free(w->s[id]);
	free(w->unchecked);
	memset(w, 0, sizeof *w);
}

/* The cached catalogue of lang (read from fb_words_dir on first use), or
 * NULL when lang is not a built-in language. */
static const lang_words *words_get(const char *lang)
{
	const lang_words *found = NULL;
	char dir[1024];
	bool known = false;

	if (!lang)
		return NULL;
	pthread_mutex_lock(&words_lock);
	words_parse_linguas();
	for (size_t i = 0; i < words_n_codes; i++)
		known = known || strcmp(words_codes[i], lang) == 0;
	for (size_t i = 0; known && !found && i < words_n_cache; i++)
		if (strcmp(words_cache[i].code, lang) == 0)
			found = &words_cache[i];
	if (known && !found && words_n_cache < FB_STR_MAX_LANGUAGES) {
		fb_words_dir(dir, sizeof dir);
		words_read(dir, lang, &words_cache[words_n_cache]);
		found = &words_cache[words_n_cache++];
	}
	pthread_mutex_unlock(&words_lock);
	return found;
}

void fb_words_preload(void)
{
	for (size_t i = 0; i < fb_str_language_count(); i++)
		(void)words_get(fb_str_language(i));
}

const char *fb_str_lookup(const char *lang, fb_str_id id)
{
	const lang_words *w;

	if ((int)id < 0 || id >= FB_STR_COUNT || !lang)
		return NULL;
	if (strcmp(lang, "en") == 0)
		return SRC[id].en;
	if (id >= FB_STR_PATIENT_COUNT)
		return NULL;
	w = words_get(lang);
	return w ? w->s[id] : NULL;
}

const char *fb_str(const char *lang, fb_str_id id)
{
	const char *s = fb_str_lookup(lang, id);

	if (!s)
		s = fb_str_lookup("en", id);
	return s ? s : "";
}

const char *fb_str_key(fb_str_id id)
{
	if ((int)id < 0 || id >= FB_STR_COUNT || !SRC[id].key)
		return "";
	return SRC[id].key;
}

bool fb_str_is_patient_facing(fb_str_id id)
{
	return (int)id >= 0 && id < FB_STR_PATIENT_COUNT;
}

size_t fb_str_language_count(void)
{
	size_t n;

	pthread_mutex_lock(&words_lock);
	words_parse_linguas();
	n = words_n_codes;
	pthread_mutex_unlock(&words_lock);
	return n;
}

const char *fb_str_language(size_t i)
{
	return i < fb_str_language_count() ? words_codes[i] : NULL;
}

bool fb_str_has_language(const char *lang)
{
	for (size_t i = 0; lang && i < fb_str_language_count(); i++)
		if (strcmp(words_codes[i], lang) == 0)
			return true;
	return false;
}

const char *fb_str_crisis(const char *lang, const char *override,
			  bool children)
{
	if (override && override[0] != '\0')
		return override;
	return fb_str(lang, children ? FB_STR_CRISIS_CHILDREN : FB_STR_CRISIS);
}

/* Appends "key, " to list (capped; "..." when full). */
static void words_list_add(char *list, size_t size, const char *key)
{
	size_t len = strlen(list);

	if (len + strlen(key) + 8 >= size) {
		if (len + 4 < size && !strstr(list, "..."))
			strcat(list, "...");
		return;
	}
	snprintf(list + len, size - len, "%s%s", len ? ", " : "", key);
}

int fb_words_check(const char *dir, const fb_survey *survey, FILE *warn,
		   fb_err *err)
{
	char problems[480] = "";
	lang_words w;
	int rc = 0;

	for (size_t li = 0; li < survey->n_languages; li++) {
		const char *lang = survey->languages[li];
		char missing[320] = "";
		size_t n_missing = 0;

		if (warn && survey->unchecked[li])
			fprintf(warn, "feedback-kiosk: warning: %s: the survey's "
				"words not yet checked by a native speaker "
				"(questions): %s\n", lang, survey->unchecked[li]);
		if (strcmp(lang, "en") == 0)
			continue;
		words_read(dir, lang, &w);
		for (int id = 0; id < FB_STR_PATIENT_COUNT; id++) {
			if (id == FB_STR_CRISIS_CHILDREN && !survey->for_children)
				continue;
			if (!w.s[id]) {
				words_list_add(missing, sizeof missing,
					       SRC[id].key);
				n_missing++;
			}
		}
		if (!w.found)
			snprintf(missing, sizeof missing, "all (no %s/%s/"
				 "LC_MESSAGES/%s.mo)", dir, lang,
				 FB_WORDS_DOMAIN);
		if (n_missing > 0) {
			size_t len = strlen(problems);
			snprintf(problems + len, sizeof problems - len,
				 "%s%s lacks %s", len ? "; " : "", lang,
				 missing);
		} else if (warn && w.unchecked && w.unchecked[0]) {
			size_t n = 1;
			for (const char *p = w.unchecked; *p; p++)
				n += *p == ' ';
			fprintf(warn, "feedback-kiosk: warning: %s: %zu of the "
				"kiosk's %d words not yet checked by a native "
				"speaker (fuzzy in po/%s.po): %s\n", lang, n,
				(int)FB_STR_PATIENT_COUNT, lang, w.unchecked);
		}
		words_release(&w);
	}
	if (problems[0])
		rc = fb_err_set(err, FB_ERR_INVALID, "the survey offers "
				"languages without all the kiosk's own words "
				"(they would show in English): %s; add them to "
				"po/LANG.po (docs/kiosk.md, Languages) and "
				"rebuild", problems);
	return rc;
}

/* Appends src (n bytes) to out at *len, never splitting a UTF-8 sequence. */
static void put_bytes(char *out, size_t out_size, size_t *len, const char *src,
		      size_t n)
{
	n = fb_utf8_cut(src, n, out_size - 1 - *len);
	memcpy(out + *len, src, n);
	*len += n;
	out[*len] = '\0';
}

char *fb_str_format(const char *tmpl, long n, long m, char *out,
		    size_t out_size)
{
	size_t len = 0;
	char num[24];

	if (!out || out_size == 0)
		return out;
	out[0] = '\0';
	for (const char *p = tmpl ? tmpl : ""; *p;) {
		if (p[0] == '{' && (p[1] == 'n' || p[1] == 'm') && p[2] == '}') {
			int d = snprintf(num, sizeof num, "%ld",
					 p[1] == 'n' ? n : m);
			put_bytes(out, out_size, &len, num, (size_t)d);
			p += 3;
			continue;
		}
		const char *q = p + 1;
		while (*q && *q != '{')
			q++;
		put_bytes(out, out_size, &len, p, (size_t)(q - p));
		p = q;
	}
	return out;
}
