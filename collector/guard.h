/* guard: a deadline on every connection between requests, so slow clients
 * (headers sent a byte a second, a TLS handshake left half done, a request
 * line that never ends) cannot hold the collector's connections.
 * Owns: a list of open connections (socket, and since when it has been
 * waiting for a whole request header), a mutex, and one watchdog thread.
 * Promises: a connection that has not delivered a complete request header
 * within deadline_ms of being accepted, or of its previous request being
 * answered, has its socket shut down (the HTTP server then closes it as it
 * would any dropped connection); one inside a request is never touched.
 * The watchdog only acts on sockets still on its list, and the server takes
 * a socket off the list before it closes it, so a reused number is safe. */
#ifndef COLL_GUARD_H
#define COLL_GUARD_H

#include <stdint.h>

typedef struct coll_guard coll_guard;
typedef struct coll_guard_conn coll_guard_conn;

/* Starts the watchdog. NULL when out of memory or no thread could start. */
coll_guard *coll_guard_new(int64_t deadline_ms);
/* Stops the watchdog and frees what is left; NULL is a no-op. */
void coll_guard_free(coll_guard *g);

/* A connection was accepted on fd: its header clock starts. NULL when out
 * of memory (that connection then goes unguarded, and idle timeouts still
 * apply). */
coll_guard_conn *coll_guard_open(coll_guard *g, int fd);
/* Its request header is complete: the clock stops until coll_guard_idle. */
void coll_guard_busy(coll_guard *g, coll_guard_conn *c);
/* Its request was answered: the clock starts again for the next one. */
void coll_guard_idle(coll_guard *g, coll_guard_conn *c);
/* It is about to be closed: taken off the list and freed (c may be NULL). */
void coll_guard_close(coll_guard *g, coll_guard_conn *c);

/* How many connections the watchdog has cut so far (for logs and tests). */
uint64_t coll_guard_cut_count(coll_guard *g);

#endif
