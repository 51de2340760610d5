/* enrol: feedback-syncd's side of enrolling this tablet with a one-time
 * code (docs/protocol.md, POST /v1/enrol).
 * Owns: one turn of it: the staff screen's request (lib/enrol_file.h) is
 * read, sent with [device] id to the collector over TLS (CA verified, no
 * token yet), and answered on disk: the token into [sync] token_file (0600,
 * temp file and rename), the request removed, the result written for the
 * staff screen ("enrolled" and the locations' names, or the collector's
 * reason).
 * Promises: never logs the code or the token; a request is used once,
 * whatever the answer (a person types the code again rather than the daemon
 * retrying a wrong code). */
#ifndef FB_SYNC_ENROL_H
#define FB_SYNC_ENROL_H

#include "config.h"
#include "enrol_file.h"
#include "fb_err.h"
#include "transport.h"

/* One turn (token_file must lie directly in data_dir, else the code is not
 * sent and the result says why). t: the transport to use, or NULL to make a curl one from cfg
 * without a token. FB_ERR_NOTFOUND when no request is waiting; else 0 with
 * *res filled (and written to the result file), or an error when even the
 * result could not be written. */
int fb_enrol_step(const fb_config *cfg, fb_transport *t, fb_enrol_result *res, fb_err *err);

#endif
