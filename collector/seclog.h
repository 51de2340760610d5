/* seclog: the collector's access and security lines, the "who did what,
 * from where, when" a Trust's IT security team reads from the journal
 * (docs/security.md, "What the logs hold"). Each is one log.h line:
 *   access client=A [via=P] user=U|device=D method=M path=P status=S ms=N [end=E]
 *   security event=E client=A user=U|device=D [path=P] [reason="..."]
 * Owns: those two formats, and nothing else.
 * Promises: every value that came from a request (names, ids, paths) is
 * cleaned (fb_log_clean), so none forges a line or a field; a query string
 * is never passed; callers pass no password, token, code, cookie, CSRF
 * value, comment text or contact details, and the reason is our own words. */
#ifndef COLL_SECLOG_H
#define COLL_SECLOG_H

#include <stdint.h>

/* Who made a request: the client's address (peer, or as forwarded by a
 * trusted proxy), the proxy ("" or NULL none), and the signed-in person or
 * the device (either, both or neither; NULL or "" unknown). */
typedef struct coll_seclog_who {
	const char *client;
	const char *via;
	const char *user;
	const char *device;
} coll_seclog_who;

/* One access line. status 0: no reply was sent; end NULL when the request
 * completed, else why it ended ("client-abort", "timeout", ...). */
void coll_seclog_access(const coll_seclog_who *who, const char *method, const char *path,
			int status, int64_t ms, const char *end);
/* One security event line (event: a fixed word such as "sign-in-failed");
 * path NULL for none; reason_fmt NULL for no reason. */
void coll_seclog_event(const coll_seclog_who *who, const char *event, const char *path,
		       const char *reason_fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
