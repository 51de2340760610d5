/* offload: a few threads that make the staff pages, away from the HTTP
 * server's own workers. A libmicrohttpd worker serves every connection it
 * holds in turn, so a page that takes seconds (a CSV of a year's responses)
 * made on it keeps the tablets on that worker waiting, until the header
 * deadline (guard.h) cuts them and their pushes fail. The server suspends a
 * page's connection, hands the page here, and resumes it when it is made.
 * Owns: the threads, a bounded queue of jobs, and one mutex.
 * Promises: a job runs once, on one of the threads, in the order given; a
 * job is refused (false) when max_waiting jobs are already waiting or the
 * pool is closing, never queued without bound; coll_offload_close returns
 * once every job handed in has run, and refuses new ones from then on. */
#ifndef COLL_OFFLOAD_H
#define COLL_OFFLOAD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct coll_offload coll_offload;
typedef void coll_offload_fn(void *arg);

/* threads >= 1. NULL when out of memory or no thread could start. */
coll_offload *coll_offload_new(int threads, size_t max_waiting);
/* Queues fn(arg); false when full or closing (the caller does it some other way). */
bool coll_offload_run(coll_offload *o, coll_offload_fn *fn, void *arg);
/* Refuses new jobs and waits for every queued and running one; idempotent. */
void coll_offload_close(coll_offload *o);
/* Closes, stops the threads and frees; NULL is a no-op. */
void coll_offload_free(coll_offload *o);

#endif
