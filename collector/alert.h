/* alert: an email to the location's configured addresses when a flagged
 * comment arrives, sent with libcurl's SMTP (collector.conf [alerts]).
 * Owns: the sending thread, the message (no word of the comment: only "a
 * comment that may need action today arrived for <location>" and a link to
 * the pages), the recipients list ([alerts] to) and the retry policy.
 * Promises: one alert row per flagged comment (store.h), so a duplicate push
 * never mails twice; a failed send is kept with its error and tried again
 * after coll_alert_backoff_ms; TLS is verified, and with smtp_tls = required
 * (the default) a server that does not offer STARTTLS gets nothing. An alert
 * still unsent COLL_ALERT_GIVE_UP_MS after its comment arrived is not sent
 * (it shows on /safeguarding as not sent). A crash after the mail server
 * took a message but before that was recorded sends it once more. */
#ifndef COLL_ALERT_H
#define COLL_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector_config.h"
#include "store/store.h"
#include "fb_err.h"

#define COLL_ALERT_MAX_RCPT 32
#define COLL_ALERT_ADDR_MAX 254
#define COLL_ALERT_BACKOFF_MAX_MS (3600LL * 1000)
#define COLL_ALERT_GIVE_UP_MS (3LL * 24 * 3600 * 1000)
#define COLL_ALERT_BATCH 20           /* alerts tried per pass */

typedef struct coll_alert coll_alert;

/* Checks the [alerts] keys of cfg (all of smtp_url, from, to and link_url,
 * or none; smtp_tls = none only to a relay on this machine; every address
 * in to well formed). */
int coll_alert_check_config(const coll_config *cfg, fb_err *err);
/* The addresses [alerts] to gives location: its own and those of '*'.
 * Returns how many (at most max), or -1 when to is not understood. */
int coll_alert_recipients(const char *to, const char *location,
			  char out[][COLL_ALERT_ADDR_MAX + 1], int max);
/* The wait before try attempts + 1 after attempts failed sends (>= 1):
 * min_s, doubled each time, at most COLL_ALERT_BACKOFF_MAX_MS. */
int64_t coll_alert_backoff_ms(int attempts, int min_s);
/* The whole message (RFC 5322 headers and body, CRLF lines) into out:
 * 0, or FB_ERR_INVALID when it does not fit. */
int coll_alert_message(const coll_config *cfg, const char *location_name, const char *response_id,
		       const char *const *to, int n_to, int64_t now_ms, char *out, size_t size,
		       fb_err *err);

/* A sender on st for cfg (NULL *out, and 0, when smtp_url is empty). */
int coll_alert_new(const coll_config *cfg, coll_store *st, coll_alert **out, fb_err *err);
void coll_alert_free(coll_alert *a);      /* stops the thread; NULL is a no-op */
/* One pass: tries every due alert (at most COLL_ALERT_BATCH), counting them. */
int coll_alert_run_once(coll_alert *a, int64_t now_ms, int *sent, int *failed, fb_err *err);
/* Runs passes every few seconds on a thread until coll_alert_free. */
int coll_alert_start(coll_alert *a, fb_err *err);

#endif
