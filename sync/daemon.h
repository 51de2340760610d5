/* daemon: feedback-syncd's loop. Owns the device's side of syncing over time:
 * when to push (as soon as a record is queued: an inotify watch on data_dir,
 * with a poll of the queue each second as the safety net), waiting as
 * sync/retry.h decides (backoff, Retry-After, not authorised), heartbeats,
 * when to ask for the Trust's config (at start, after pushes that sent
 * records, on SIGUSR1, at least hourly: sync/remote_config.h), the purge
 * of old acknowledged records, the status file the staff screen
 * reads, and one log line per event on stderr.
 * Promises: never logs the token or record content; on a stop request the
 * batch in flight is finished (its results applied) before returning. */
#ifndef FB_DAEMON_H
#define FB_DAEMON_H

#include <signal.h>
#include <stdbool.h>

#include "fb_err.h"

typedef struct fb_syncd fb_syncd;

typedef struct fb_syncd_opts {
	const char *config_path;
	long timeout_ms;          /* per request (--timeout); <= 0 = the
	                           * config's [sync] request_timeout */
	bool progress;            /* progress bar on stderr (when a tty) */
	long poll_ms;             /* how often to look at the queue; <= 0 = 1000 */
} fb_syncd_opts;

/* What the signal handlers set; the loop reads and clears them. */
typedef struct fb_syncd_flags {
	volatile sig_atomic_t stop;     /* SIGTERM, SIGINT */
	volatile sig_atomic_t reload;   /* SIGHUP */
	volatile sig_atomic_t sync_now; /* SIGUSR1 */
} fb_syncd_flags;

/* Exit codes of feedback-syncd (docs/sync.md). */
enum {
	FB_SYNCD_EXIT_OK = 0,
	FB_SYNCD_EXIT_CONFIG = 1,       /* config, token, queue or TLS set-up */
	FB_SYNCD_EXIT_USAGE = 2,
	FB_SYNCD_EXIT_UNSENT = 3,       /* --once: records left (reason printed) */
	FB_SYNCD_EXIT_UNAUTHORISED = 4, /* --once: 401/403 */
};

/* Loads the config, reads the token, opens the queue. */
int fb_syncd_new(fb_syncd **out, const fb_syncd_opts *opts, fb_err *err);
void fb_syncd_free(fb_syncd *d);    /* NULL is a no-op; wipes the token */

/* Runs until flags->stop. Returns FB_SYNCD_EXIT_OK. */
int fb_syncd_run(fb_syncd *d, fb_syncd_flags *flags);
/* Pushes until the queue is empty or a push fails; returns an exit code and
 * prints the reason on stderr when records are left. */
int fb_syncd_once(fb_syncd *d, fb_syncd_flags *flags);

/* --check-config: the config, the token file and ca_file, without network. */
int fb_syncd_check_config(const char *config_path, fb_err *err);

#endif
