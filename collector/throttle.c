/* throttle.c: two small tables of failures with doubling waits. Lookups
 * are linear: sign-ins are rare next to the cost of checking a password
 * (argon2), and a fixed array cannot be made to grow. */
#include "throttle.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SLOTS 4096
#define KEY_MAX 64

typedef struct entry {
	char key[KEY_MAX];
	int fails;
	int64_t last_ms;             /* the latest failure */
	int64_t until_ms;            /* no try before this */
} entry;

typedef struct table {
	entry *e;
	int n;
} table;

struct coll_throttle {
	pthread_mutex_t mu;
	table names, addrs;
};

coll_throttle *coll_throttle_new(int slots)
{
	coll_throttle *t = calloc(1, sizeof *t);
	int n = slots > 0 ? slots : DEFAULT_SLOTS;
	if (!t)
		return NULL;
	t->names.e = calloc((size_t)n, sizeof *t->names.e);
	t->addrs.e = calloc((size_t)n, sizeof *t->addrs.e);
	if (!t->names.e || !t->addrs.e) {
		coll_throttle_free(t);
		return NULL;
	}
	t->names.n = t->addrs.n = n;
	pthread_mutex_init(&t->mu, NULL);
	return t;
}

void coll_throttle_free(coll_throttle *t)
{
	if (!t)
		return;
	if (t->names.n)
		pthread_mutex_destroy(&t->mu);
	free(t->names.e);
	free(t->addrs.e);
	free(t);
}

/* An address as counted: IPv4 as written, IPv6 by its first 64 bits (one
 * household or office gets a whole /64), an IPv4-mapped IPv6 as IPv4. */
static void addr_key(const char *addr, char out[KEY_MAX])
{
	unsigned char b[16];
	if (addr && inet_pton(AF_INET6, addr, b) == 1) {
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(b, mapped, sizeof mapped) == 0)
			snprintf(out, KEY_MAX, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
		else
			snprintf(out, KEY_MAX, "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1],
				 b[2], b[3], b[4], b[5], b[6], b[7]);
		return;
	}
	snprintf(out, KEY_MAX, "%s", addr && addr[0] ? addr : "unknown");
}

static bool expired(const entry *e, int64_t now)
{
	return !e->key[0] || (now >= e->until_ms && now - e->last_ms >= COLL_THROTTLE_FORGET_MS);
}

static entry *find(table *tb, const char *key, int64_t now)
{
	for (int i = 0; i < tb->n; i++)
		if (tb->e[i].key[0] && strcmp(tb->e[i].key, key) == 0)
			return expired(&tb->e[i], now) ? NULL : &tb->e[i];
	return NULL;
}

/* A slot for a new key: a free or forgotten one, else the oldest entry
 * that no longer makes anyone wait; NULL when every entry is in force. */
static entry *make_room(table *tb, const char *key, int64_t now)
{
	entry *best = NULL;
	for (int i = 0; i < tb->n; i++) {
		entry *e = &tb->e[i];
		if (e->key[0] && strcmp(e->key, key) == 0)
			return e;           /* its own old, forgotten entry */
		if (expired(e, now))
			return e;
		if (now >= e->until_ms && (!best || e->last_ms < best->last_ms))
			best = e;
	}
	return best;
}

static int64_t wait_of(const entry *e, int64_t now)
{
	return e && e->until_ms > now ? e->until_ms - now : 0;
}

int64_t coll_throttle_wait(coll_throttle *t, const char *name, const char *addr, int64_t now_ms)
{
	char ak[KEY_MAX];
	addr_key(addr, ak);
	pthread_mutex_lock(&t->mu);
	const entry *a = find(&t->addrs, ak, now_ms);
	const entry *n = find(&t->names, name, now_ms);
	int64_t w = wait_of(a, now_ms);
	/* The name's wait only for an address past its own free failures: a
	 * manager who mistypes once or twice is not held up by someone else's
	 * run on her name. */
	if (a && a->fails >= COLL_THROTTLE_FREE && wait_of(n, now_ms) > w)
		w = wait_of(n, now_ms);
	pthread_mutex_unlock(&t->mu);
	return w;
}

static bool count_failure(table *tb, const char *key, int64_t now)
{
	entry *e = find(tb, key, now);
	if (!e) {
		e = make_room(tb, key, now);
		if (!e)
			return false;
		memset(e, 0, sizeof *e);
		snprintf(e->key, sizeof e->key, "%s", key);
	}
	e->fails++;
	e->last_ms = now;
	if (e->fails > COLL_THROTTLE_FREE) {
		int doublings = e->fails - COLL_THROTTLE_FREE - 1;
		int64_t wait = doublings >= 20 ? COLL_THROTTLE_MAX_WAIT_MS : 1000LL << doublings;
		e->until_ms = now + (wait < COLL_THROTTLE_MAX_WAIT_MS ? wait : COLL_THROTTLE_MAX_WAIT_MS);
	}
	return true;
}

bool coll_throttle_fail(coll_throttle *t, const char *name, const char *addr, int64_t now_ms)
{
	char ak[KEY_MAX];
	addr_key(addr, ak);
	pthread_mutex_lock(&t->mu);
	bool by_name = count_failure(&t->names, name, now_ms);
	bool by_addr = count_failure(&t->addrs, ak, now_ms);
	pthread_mutex_unlock(&t->mu);
	return by_name && by_addr;
}

void coll_throttle_success(coll_throttle *t, const char *name)
{
	pthread_mutex_lock(&t->mu);
	for (int i = 0; i < t->names.n; i++)
		if (t->names.e[i].key[0] && strcmp(t->names.e[i].key, name) == 0)
			memset(&t->names.e[i], 0, sizeof t->names.e[i]);
	pthread_mutex_unlock(&t->mu);
}
