/* sync_status: the sync daemon's report to the staff screen, one small JSON
 * file, <data_dir>/sync-status.json (fields in docs/sync.md).
 * Owns: the file's fields, its writing (feedback-syncd) and its reading
 * (feedback-kiosk's staff screen, feedback-queue).
 * Promises: a reader sees either the old file or the new one, never half of
 * either (temp file, fsync, rename, fsync of the directory). Holds no token,
 * no response content. */
#ifndef FB_SYNC_STATUS_H
#define FB_SYNC_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "fb_err.h"

#define FB_SYNC_STATUS_FILE "sync-status.json"

typedef struct fb_sync_status {
	char state[32];             /* "starting", "idle", "sending", "backing_off",
	                             * "waiting" (Retry-After), "not_authorised",
	                             * "not_enrolled" (no token file yet),
	                             * "stopped" */
	bool authorised;            /* false after 401/403 until SIGHUP */
	int64_t updated_ms;         /* wall clock when written */
	int64_t last_attempt_ms;    /* 0 = never */
	int64_t last_success_ms;    /* last 2xx with the protocol marker; 0 = never */
	int64_t next_try_ms;        /* when the next push is due; 0 = now */
	char last_error[512];       /* words for the staff screen; "" = none */
	int64_t queue_depth;        /* unsent records */
	int64_t oldest_unsent_ms;   /* submitted_at of the oldest unsent; 0 = none */
	int64_t quarantined;        /* records held with a reason */
	int64_t consecutive_failures;
	int64_t sent_total;         /* since the daemon started */
	int64_t stored_total;
	int64_t duplicate_total;
	int64_t quarantined_total;
	int64_t last_heartbeat_ms;  /* last heartbeat the collector answered */
	int pid;
	/* GET /v1/config, the last fetch (docs/sync.md "Remote config"). */
	char config_state[16];      /* "" never tried, "new", "unchanged",
	                             * "refused", "unavailable" (404), "failed" */
	char config_etag[40];       /* ETag of remote-config.json in force, "" none */
	int64_t config_fetched_ms;  /* wall clock of the last answer; 0 = never */
	char config_error[512];     /* why refused or failed; "" = none */
} fb_sync_status;

/* Writes st to path atomically. */
int fb_sync_status_write(const char *path, const fb_sync_status *st,
			 fb_err *err);
/* Reads path into st (zeroed first; missing fields stay zero). A missing
 * file is FB_ERR_NOTFOUND ("the sync daemon has not run yet"). */
int fb_sync_status_read(const char *path, fb_sync_status *st, fb_err *err);

#endif
