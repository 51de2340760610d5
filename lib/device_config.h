/* device_config: the Trust's config on the device, however it came: by
 * GET /v1/config (feedback-syncd) or on a USB stick as a config bundle
 * (feedback-queue import-config). Owns: the device's own checks of a config
 * document, one function both ways, so a document the sync daemon would
 * refuse is refused from a stick too; the names of the files it goes to
 * (<data_dir>/remote-config.json, read by the kiosk at its attract screen,
 * and remote-config.refused.json); and fb-config-bundle/1, the file
 * feedback-collector import and 'device config' write (docs/protocol.md
 * "Offline bundles"), both sides.
 * Promises: no I/O but loading a survey file; what it accepts is exactly
 * what the collector would serve and the device may put in force; a
 * refusal names the problem and what to do. */
#ifndef FB_DEVICE_CONFIG_H
#define FB_DEVICE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "fb_err.h"
#include "proto_config.h"

#define FB_RCONF_FILE "remote-config.json"
#define FB_RCONF_REFUSED_FILE "remote-config.refused.json"
#define FB_CONFIG_BUNDLE_PROTOCOL "fb-config-bundle/1"
#define FB_CONFIG_BUNDLE_CONFIGS_MAX 32               /* one per location */
#define FB_CONFIG_BUNDLE_MAX (8 * 1024 * 1024)        /* the whole file */

/* The device's own checks of a config that fb_proto_config_read accepted:
 * it is for this location; its survey (else the local survey_file) loads;
 * every language it offers (else [kiosk] languages) is in that survey.
 * Names the first problem. */
int fb_devconf_check(const fb_proto_config *c, const fb_config *cfg, fb_err *err);

/* fb_proto_config_read then fb_devconf_check on a document (a 200 body of
 * GET /v1/config, or one taken from a config bundle): 0 when this device
 * may put it in force as it is, with *out (fb_proto_config_clear it) and
 * etag; otherwise err says why and *out is left cleared. */
int fb_devconf_accept(const char *body, size_t len, const fb_config *cfg, fb_proto_config *out,
		      char etag[FB_PROTO_ETAG_LEN + 1], fb_err *err);

/* Collector side: a config bundle for device_id holding docs[0..n) (each a
 * whole GET /v1/config 200 body, n at most FB_CONFIG_BUNDLE_CONFIGS_MAX),
 * written at now_ms. malloc'd text (free(3) it), or NULL with err when a
 * document is not JSON, there are too many, or the whole would be larger
 * than FB_CONFIG_BUNDLE_MAX. */
char *fb_devconf_bundle_write(const char *device_id, int64_t now_ms, char *const *docs, size_t n,
			      fb_err *err);

/* Device side: from a config bundle's text (file names it in messages), the
 * document for device_id standing in location, as the bytes the collector
 * serves (malloc'd into *doc, its length in *doc_len). Refused
 * (FB_ERR_INVALID) when the text is not a whole fb-config-bundle/1, is for
 * another device, or holds no config for location. The document itself is
 * not checked here: fb_devconf_accept does that. */
int fb_devconf_bundle_pick(const char *text, size_t len, const char *file, const char *device_id,
			   const char *location, char **doc, size_t *doc_len, fb_err *err);

#endif
