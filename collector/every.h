/* every: a job the serving collector runs on its own thread, once at start
 * and then every period until stopped (the retention job, the themes
 * retrain).
 * Owns: the thread, and the wait between runs. Promises: runs never overlap;
 * coll_every_free returns only after the run in progress ends, and a stop
 * interrupts the wait at once. The job gets its ctx and does its own logging. */
#ifndef COLL_EVERY_H
#define COLL_EVERY_H

#include <stdbool.h>
#include <stdint.h>

#include "fb_err.h"

typedef struct coll_every coll_every;

/* Starts job(ctx) now and then every period_ms, on a thread named name (in
 * messages). background: the thread runs at a lower CPU priority (nice 10),
 * so a long job gives way to ingest and the pages. */
int coll_every_start(const char *name, int64_t period_ms, bool background, void (*job)(void *ctx),
		     void *ctx, coll_every **out, fb_err *err);
void coll_every_free(coll_every *e);    /* stops and joins; NULL is a no-op */

#endif
