/* proto_config: the device's config as the Trust sets it, the body of
 * GET /v1/config (fb-sync/1, docs/protocol.md "GET /v1/config"), both sides.
 * Owns: every key of that document, its canonical form, its ETag, and the
 * checks of its shape (types, lengths, ranges, UTF-8), so a collector and a
 * device agree on what a config is, byte for byte.
 * Promises: no I/O and no clock. A key the Trust did not set is absent and
 * reads back as "not set" (the device keeps its local value), never as a
 * default. fb_proto_config_write's output reads back unchanged, and the same
 * config always writes the same bytes and the same ETag. What it reads is
 * checked, and a refusal names the key and what is wrong with it. Whether a
 * survey is a good survey, or a language has the kiosk's words, is for
 * the device's own checks (lib/survey, the kiosk's --check-config): this
 * module only carries the survey as a JSON object. */
#ifndef FB_PROTO_CONFIG_H
#define FB_PROTO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "fb_err.h"
#include "hours.h"

#define FB_PROTO_CONFIG_LANGS_MAX 16
#define FB_PROTO_CONFIG_LANG_MAX 15          /* bytes of a language code */
#define FB_PROTO_CONFIG_ID_MAX 63            /* a location code or item id */
#define FB_PROTO_CONFIG_ITEMS_MAX 32         /* You said, we did items */
#define FB_PROTO_CONFIG_TEXT_MAX 400         /* bytes of one side of an item */
#define FB_PROTO_CONFIG_CRISIS_MAX 511       /* bytes of one crisis text */
#define FB_PROTO_CONFIG_SURVEY_MAX (256 * 1024) /* the survey's JSON text */
#define FB_PROTO_CONFIG_BODY_MAX (1024 * 1024)  /* the whole document */
#define FB_PROTO_CONFIG_IDLE_MIN 10
#define FB_PROTO_CONFIG_IDLE_MAX 3600
#define FB_PROTO_ETAG_LEN 32                 /* hex of a 16-byte BLAKE2b */
#define FB_PROTO_CONFIG_KEY_BYTES 32         /* a Curve25519 public key (FB_KEY_BYTES) */
#define FB_PROTO_CONFIG_MODES_MAX FB_MAX_MODES /* "standard" and at most two more */

/* One "You said, we did" item in one language, shown while
 * from_ms <= now < to_ms (0: no start, no end). */
typedef struct fb_proto_config_item {
	char id[FB_PROTO_CONFIG_ID_MAX + 1];
	char lang[FB_PROTO_CONFIG_LANG_MAX + 1];
	char you_said[FB_PROTO_CONFIG_TEXT_MAX + 1];
	char we_did[FB_PROTO_CONFIG_TEXT_MAX + 1];
	int64_t from_ms, to_ms;
} fb_proto_config_item;

typedef struct fb_proto_config_crisis {
	char lang[FB_PROTO_CONFIG_LANG_MAX + 1];
	char text[FB_PROTO_CONFIG_CRISIS_MAX + 1];
} fb_proto_config_crisis;

/* What the Trust set for one location. Each has_ flag says whether the key
 * is in the document; a list present and empty is set (an empty "You said,
 * we did" list clears the tablet's). */
typedef struct fb_proto_config {
	char location[FB_PROTO_CONFIG_ID_MAX + 1];   /* always present */

	bool has_languages;
	size_t n_languages;
	char languages[FB_PROTO_CONFIG_LANGS_MAX][FB_PROTO_CONFIG_LANG_MAX + 1];

	bool has_idle_timeout;
	int idle_timeout_s;                          /* FB_PROTO_CONFIG_IDLE_MIN..MAX */

	/* lib/hours.h's text ("Mon-Fri 08:00-18:00; Sat 09:00-12:00"), checked
	 * by fb_hours_parse; "" set and always open */
	bool has_opening_hours;
	char opening_hours[FB_HOURS_TEXT_MAX + 1];

	/* The modes a person may choose on the attract screen, in its order,
	 * as in [kiosk] modes: "standard" first (the base survey), then any
	 * of "easy_read", "children", each once; "standard" alone offers no
	 * choice */
	bool has_modes;
	size_t n_modes;                              /* 1..FB_PROTO_CONFIG_MODES_MAX */
	char modes[FB_PROTO_CONFIG_MODES_MAX][FB_MODE_NAME_MAX];

	bool has_crisis;
	size_t n_crisis;                             /* one per language at most */
	fb_proto_config_crisis crisis[FB_PROTO_CONFIG_LANGS_MAX];

	bool has_items;
	size_t n_items;
	fb_proto_config_item items[FB_PROTO_CONFIG_ITEMS_MAX];

	/* The Trust's current public key, to seal new answers to (after the
	 * collector's keygen --rotate); "trust_public_key", base64 of 32 bytes,
	 * never all zeros */
	bool has_trust_key;
	unsigned char trust_key[FB_PROTO_CONFIG_KEY_BYTES];

	char *survey_json;   /* malloc'd compact JSON object, or NULL: not set */
} fb_proto_config;

/* An empty config for location (not valid until location is set). */
void fb_proto_config_init(fb_proto_config *c, const char *location);
/* Frees survey_json; c may then be reused after fb_proto_config_init. */
void fb_proto_config_clear(fb_proto_config *c);

/* Collector side: the whole 200 body (malloc'd: free(3) it), with the ETag
 * it carries in etag (also its "etag" key). The ETag is over the config
 * only, so it changes exactly when something the device applies changes.
 * NULL with err when c breaks a rule fb_proto_config_read checks (the
 * collector must not send what a device would refuse) or memory ran out. */
char *fb_proto_config_write(const fb_proto_config *c, char etag[FB_PROTO_ETAG_LEN + 1],
			    fb_err *err);

/* Device side: reads and checks a body (or the file the sync daemon saved
 * it to). On success *out holds the config (fb_proto_config_clear it) and
 * etag its ETag; on failure err names the key and the problem and *out is
 * left cleared. Keys this version does not know are ignored, so a newer
 * collector can add some. */
int fb_proto_config_read(const char *body, size_t len, fb_proto_config *out,
			 char etag[FB_PROTO_ETAG_LEN + 1], fb_err *err);

/* The items of c for lang that are shown at now_ms, in the document's order:
 * writes their indexes into idx (room for FB_PROTO_CONFIG_ITEMS_MAX) and
 * returns how many. */
size_t fb_proto_config_items_for(const fb_proto_config *c, const char *lang, int64_t now_ms,
				 size_t idx[FB_PROTO_CONFIG_ITEMS_MAX]);

/* Whether name is a mode the "modes" key may list after "standard"
 * ("easy_read", "children"). */
bool fb_proto_config_extra_mode_ok(const char *name);

/* The crisis text for lang, or NULL when the Trust set none for it. */
const char *fb_proto_config_crisis_for(const fb_proto_config *c, const char *lang);

#endif
