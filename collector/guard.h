/* guard: a deadline on every connection between requests, and room kept
 * for real devices, so slow clients (headers sent a byte a second, a TLS
 * handshake left half done, a request line that never ends) cannot hold the
 * collector's connections.
 * Owns: a list of open connections (socket, client address, and since when
 * it has been waiting for a whole request header), a mutex, and one
 * watchdog thread.
 * Promises: a connection that has not delivered a complete request header
 * within deadline_ms of being accepted, or of its previous request being
 * answered, has its socket shut down (the HTTP server then closes it as it
 * would any dropped connection); one inside a request is never touched.
 * The watchdog only acts on sockets still on its list, and the server takes
 * a socket off the list before it closes it, so a reused number is safe.
 *
 * Room for devices (coll_guard_set_room). The HTTP server refuses
 * connections beyond its hard caps (in all, and per address), so on its own
 * an attacker who keeps the caps full of slow connections locks out every
 * tablet. The guard keeps the count below those caps instead of letting it
 * reach them: a connection that is waiting for its header is cheap to
 * drop (a device that was idling on keep-alive just reconnects), one
 * inside a request is not. So
 *  - when a connection opens and its address already holds its soft share
 *    (3/4 of the per-address cap), that address's oldest waiting connection
 *    is cut, and likewise the oldest waiting one anywhere when the total
 *    holds 3/4 of the global cap: a new arrival always finds room, and a
 *    device (whose whole header comes within milliseconds, after which it
 *    is busy and untouchable) is never the oldest waiting;
 *  - while the total is at or above that mark the deadline for a header
 *    may shrink to pressure_deadline_ms (the server does not use this: an
 *    attacker who reconnects at once turns a shorter deadline into more
 *    TLS handshakes for the server, and the first rule already makes room). */
#ifndef COLL_GUARD_H
#define COLL_GUARD_H

#include <stdint.h>

typedef struct coll_guard coll_guard;
typedef struct coll_guard_conn coll_guard_conn;

/* Starts the watchdog. NULL when out of memory or no thread could start. */
coll_guard *coll_guard_new(int64_t deadline_ms);
/* Stops the watchdog and frees what is left; NULL is a no-op. */
void coll_guard_free(coll_guard *g);

/* The server's hard caps (0: none) and the deadline under pressure; call
 * before the first coll_guard_open. Without it no room is kept. */
void coll_guard_set_room(coll_guard *g, int max_total, int max_per_addr,
			 int64_t pressure_deadline_ms);

/* A connection was accepted on fd from addr (text, may be NULL): its header
 * clock starts, and older waiting connections may be cut to keep room (see
 * above). NULL when out of memory (that connection then goes unguarded, and
 * idle timeouts still apply). */
coll_guard_conn *coll_guard_open(coll_guard *g, int fd, const char *addr);
/* Its request header is complete: the clock stops until coll_guard_idle. */
void coll_guard_busy(coll_guard *g, coll_guard_conn *c);
/* Its request was answered: the clock starts again for the next one. */
void coll_guard_idle(coll_guard *g, coll_guard_conn *c);
/* It is about to be closed: taken off the list and freed (c may be NULL). */
void coll_guard_close(coll_guard *g, coll_guard_conn *c);

/* How many connections have been cut so far, in all and of those to make
 * room (for logs and tests). */
uint64_t coll_guard_cut_count(coll_guard *g);
uint64_t coll_guard_room_cut_count(coll_guard *g);
/* Connections on the list now. */
int coll_guard_open_count(coll_guard *g);

#endif
