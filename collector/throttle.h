/* throttle: slowing down password guessing at the sign-in page without
 * letting anyone lock a real manager out.
 * Owns: two fixed tables of recent sign-in failures, one keyed by user
 * name and one by client address (an IPv6 address counts by its /64); a
 * mutex around them. No I/O.
 * Promises: each failure beyond a few free ones doubles the wait before
 * the next try of that name or from that address (capped); the tables never
 * grow, and a full table never drops an entry that is still making someone
 * wait to make room for a new one (the new one goes untracked instead, and
 * coll_throttle_fail says so). A name's wait applies only to addresses that
 * have used up their own free failures: a manager at a clean address, or
 * one who mistyped once or twice, is never held up by someone guessing her
 * password elsewhere (the price: each fresh address an attacker has gets
 * its few free guesses; an IPv6 /64 counts as one address). */
#ifndef COLL_THROTTLE_H
#define COLL_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct coll_throttle coll_throttle;

#define COLL_THROTTLE_FREE 3                  /* failures before any wait */
#define COLL_THROTTLE_MAX_WAIT_MS (15LL * 60 * 1000)
#define COLL_THROTTLE_FORGET_MS (60LL * 60 * 1000) /* a quiet hour forgets */

/* slots: entries per table (names, addresses); 0 gives the default 4096.
 * NULL when out of memory. */
coll_throttle *coll_throttle_new(int slots);
void coll_throttle_free(coll_throttle *t);    /* NULL is a no-op */

/* How long (ms) this name from this address must still wait; 0: go ahead
 * and check the password. */
int64_t coll_throttle_wait(coll_throttle *t, const char *name, const char *addr, int64_t now_ms);
/* A wrong password (or unknown name). false when a table was full of
 * entries still in force, so this one could not be counted there. */
bool coll_throttle_fail(coll_throttle *t, const char *name, const char *addr, int64_t now_ms);
/* The right password: the name's record is cleared (the address's stays,
 * so one good account does not launder guesses at others). */
void coll_throttle_success(coll_throttle *t, const char *name);

#endif
