/* remote_config: the device's side of GET /v1/config (docs/protocol.md,
 * docs/sync.md "Remote config"). Owns: asking for the location's config
 * with the ETag in force, checking what comes back (lib/device_config's
 * fb_devconf_accept, the same gate a config bundle from a USB stick passes:
 * lib/proto_config, then what it means on this tablet: the survey loads with
 * lib/survey and offers every language), and the two files the kiosk and the
 * staff screen read:
 * <data_dir>/remote-config.json (the config in force) and
 * <data_dir>/remote-config.refused.json (the last one refused, and why).
 * Promises: remote-config.json is only ever replaced whole (fb_write_file_
 * atomic) by a document that passed every check; a refusal, a 404 or a
 * network error leaves it as it was. One request per fetch, bounded by the
 * transport's timeouts; nothing here touches the queue. */
#ifndef FB_SYNC_REMOTE_CONFIG_H
#define FB_SYNC_REMOTE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "device_config.h"   /* FB_RCONF_FILE, FB_RCONF_REFUSED_FILE */
#include "fb_err.h"
#include "proto_config.h"
#include "transport.h"

#define FB_RCONF_EVERY_MS (60LL * 60 * 1000)   /* at least hourly */

typedef enum fb_rconf_result {
	FB_RCONF_NEW = 0,       /* 200, checked, written */
	FB_RCONF_UNCHANGED,     /* 304: what we hold is current */
	FB_RCONF_REFUSED,       /* 200 that failed a check: refused file written */
	FB_RCONF_UNAVAILABLE,   /* 404: a collector without the call */
	FB_RCONF_FAILED,        /* no answer, or one that is not the protocol's */
} fb_rconf_result;

typedef struct fb_rconf {
	const fb_config *cfg;                 /* borrowed: location, survey, languages */
	char path[FB_PATH_MAX + 32];
	char refused_path[FB_PATH_MAX + 32];
	char etag[FB_PROTO_ETAG_LEN + 1];     /* of remote-config.json, "" none */
	bool said_unavailable;                /* the 404 was logged */
} fb_rconf;

/* Starts from what is on disk: the ETag of a remote-config.json that still
 * reads back (else none, so the next fetch gets the whole document). */
void fb_rconf_init(fb_rconf *r, const fb_config *cfg);

/* One GET /v1/config. words gets one line for the log, or "" when there is
 * nothing worth a line (a 304; a 404 after the first). */
fb_rconf_result fb_rconf_fetch(fb_rconf *r, fb_transport *t, int64_t now_wall_ms,
			       char *words, size_t words_size);

/* "new", "unchanged", "refused", "unavailable", "failed". */
const char *fb_rconf_result_name(fb_rconf_result r);

#endif
