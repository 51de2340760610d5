/* server: feedback-collector's HTTPS front door (libmicrohttpd with TLS).
 * Owns: the listening socket, the thread pool, per-connection limits (memory,
 * idle timeout, whole-request time, body cap before and after gunzip), token
 * authentication of /v1 requests, and routing: /v1/responses and
 * /v1/heartbeat to ingest, everything else to web (when given), whose pages
 * are made on their own threads (offload.h) while the connection waits.
 * Promises: every /v1 reply carries X-Feedback-Protocol and a JSON body with
 * the protocol marker; an unauthenticated or oversized request is refused
 * before its body is read; a slow page never delays a device's call;
 * each request leaves one access line (seclog.h) naming its client (behind
 * [server] trusted_proxies, the forwarded one), user or device, path
 * without the query string, status and time; tokens are never logged. */
#ifndef COLL_SERVER_H
#define COLL_SERVER_H

#include "collector_config.h"
#include "ingest.h"
#include "store/store.h"
#include "web/web.h"

typedef struct coll_server coll_server;

/* Starts serving; returns once listening. w may be NULL (no pages). */
int coll_server_start(const coll_config *cfg, coll_store *s, coll_ingest *ig, coll_web *w,
		      coll_server **out, fb_err *err);
void coll_server_stop(coll_server *sv);    /* NULL is a no-op; waits for requests */

#endif
