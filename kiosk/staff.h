/* staff: the staff side of the kiosk, without any drawing.
 * Owns: the PIN pad's digits (zeroed after every check), checking them with
 * libsodium crypto_pwhash_str_verify against the configured staff_pin_hash,
 * the lock-out after FB_STAFF_MAX_TRIES wrong tries (FB_STAFF_LOCKOUT_MS, on
 * the caller's monotonic clock), reading the sync daemon's status file, and
 * asking feedback-syncd to sync now (SIGUSR1 to the pid in its pid file).
 * Promises: never logs or keeps a PIN; a missing or damaged status file is
 * reported as "unknown", never an error that stops the staff screen. */
#ifndef FB_KIOSK_STAFF_H
#define FB_KIOSK_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "sync_status.h"   /* FB_SYNC_STATUS_FILE, the reader */

#define FB_STAFF_PIN_MAX 12             /* digits the pad accepts */
#define FB_STAFF_MAX_TRIES 5            /* wrong PINs before lock-out */
#define FB_STAFF_LOCKOUT_MS (5 * 60 * 1000)
#define FB_SYNCD_PID_FILE "feedback-syncd.pid"  /* in data_dir */

typedef struct fb_staff fb_staff;

/* pin_hash is a crypto_pwhash_str string; "" or NULL turns staff access
 * off (fb_staff_enabled false, every PIN refused). Copies the hash. */
int fb_staff_new(fb_staff **out, const char *pin_hash, fb_err *err);
void fb_staff_free(fb_staff *st);               /* NULL is a no-op */
bool fb_staff_enabled(const fb_staff *st);

/* The PIN pad. Digits beyond FB_STAFF_PIN_MAX and any digit while locked
 * are ignored (return false). */
bool fb_staff_pin_digit(fb_staff *st, int digit, int64_t now_ms);
void fb_staff_pin_clear(fb_staff *st);
size_t fb_staff_pin_length(const fb_staff *st);  /* dots to draw */

typedef enum fb_staff_pin_result {
	FB_STAFF_PIN_OK = 0,
	FB_STAFF_PIN_WRONG,     /* tries left: fb_staff_tries_left */
	FB_STAFF_PIN_LOCKED,    /* too many wrong tries; wait the lock-out */
	FB_STAFF_PIN_DISABLED,  /* no staff_pin_hash configured */
} fb_staff_pin_result;

/* Checks the entered digits and clears them. The fifth wrong try in a row
 * locks the pad until now_ms + FB_STAFF_LOCKOUT_MS; a right PIN resets the
 * count. While locked, even the right PIN is refused. */
fb_staff_pin_result fb_staff_pin_check(fb_staff *st, int64_t now_ms);
int fb_staff_tries_left(const fb_staff *st);
bool fb_staff_locked(const fb_staff *st, int64_t now_ms);
int64_t fb_staff_locked_until(const fb_staff *st); /* 0 when not locked */

/* What the staff screen shows. Strings are "" when unknown. */
typedef struct fb_staff_status {
	char device_id[64];
	char location[32];
	char version[32];
	int64_t queue_depth;        /* unsent records; -1 unknown */
	int64_t oldest_unsent_age_ms; /* -1 unknown or none */
	int64_t quarantined;        /* -1 unknown */
	bool have_sync_status;      /* sync-status.json was read */
	char sync_state[32];        /* the daemon's state ("idle", ...) or "" */
	int64_t last_sync_ok_ms;    /* wall ms of last successful sync; 0 never */
	char last_sync_error[256];  /* the daemon's last error, in words */
	char last_put_error[320];   /* the kiosk's last failed save, or a damaged
	                             * queue moved aside, in words */
	int64_t disk_free_bytes;    /* in data_dir; -1 unknown */
	char remote_config[256];    /* the Trust's config: etag, fetched, refused */
	bool enrol_waiting;         /* a code is with feedback-syncd */
	char enrol[600];            /* "Enrolled for Oak Ward", "Not enrolled: why",
	                             * "" when no code was ever typed */
} fb_staff_status;

/* Fills the sync daemon's part of st from data_dir/sync-status.json
 * (have_sync_status, last_sync_ok_ms, last_sync_error, remote_config: the
 * last GET /v1/config in words, and queue_depth,
 * oldest_unsent_age_ms, quarantined when still -1; now_wall_ms for the
 * age) through lib/sync_status. Absent or damaged:
 * have_sync_status false and last_sync_error says so; returns 0 anyway. */
int fb_staff_read_sync_status(const char *data_dir, int64_t now_wall_ms,
			      fb_staff_status *st);
/* Fills enrol_waiting and enrol from data_dir's enrolment request and
 * result (lib/enrol_file.h), in words for the staff screen. */
void fb_staff_read_enrol(const char *data_dir, fb_staff_status *st);
/* Free bytes on the file system holding data_dir, or -1. */
int64_t fb_staff_disk_free(const char *data_dir);

/* Sends SIGUSR1 to feedback-syncd: its pid from data_dir/feedback-syncd.pid
 * (one decimal number) when that file exists, else the "pid" in its
 * sync-status.json; sent only when /proc says that pid is feedback-syncd.
 * FB_ERR_NOTFOUND (or FB_ERR_INVALID for a damaged pid file) otherwise,
 * with words for the staff screen. */
int fb_staff_sync_now(const char *data_dir, fb_err *err);

/* "3 minutes ago", "2 hours ago", "never": ages for the staff screen,
 * English, in words. */
void fb_staff_format_age(int64_t age_ms, char *out, size_t out_size);
/* "5 minutes", "1 minute 30 seconds", "45 seconds": a wait in words. */
void fb_staff_format_duration(long seconds, char *out, size_t out_size);
/* "3.2 GB", "41 GB": disk space in gigabytes (10^9 bytes). */
void fb_staff_format_bytes(long long bytes, char *out, size_t out_size);

#endif
