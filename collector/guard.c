/* guard.c: a doubly linked list under one mutex and a thread that wakes
 * four times a second. shutdown(2), not close(2): the server still owns the
 * socket, sees the connection end, and cleans up as for any client that
 * went away. Keeping room scans the list on each open: a thousand entries
 * are a few microseconds next to a TLS handshake. */
#include "guard.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "clock.h"

#define TICK_MS 250
#define ADDR_MAX 64                  /* INET6_ADDRSTRLEN and then some */

struct coll_guard_conn {
	coll_guard_conn *prev, *next;
	int fd;
	char addr[ADDR_MAX];
	int64_t waiting_since_ms;    /* 0 while inside a request */
	bool cut;
};

struct coll_guard {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t thread;
	bool stopping;
	int64_t deadline_ms;
	int64_t pressure_deadline_ms;
	int soft_total, soft_per_addr;   /* 0: keep no room */
	int open;                        /* on the list and not yet cut */
	coll_guard_conn *head;
	uint64_t cuts, room_cuts;
};

/* Caller holds g->mu. */
static void cut(coll_guard *g, coll_guard_conn *c)
{
	shutdown(c->fd, SHUT_RDWR);
	c->cut = true;
	g->cuts++;
	g->open--;
}

static bool under_pressure(const coll_guard *g)
{
	return g->soft_total > 0 && g->open >= g->soft_total;
}

static int64_t now_ms(void)
{
	return fb_mono_ms();
}

static void *watchdog(void *arg)
{
	coll_guard *g = arg;
	pthread_mutex_lock(&g->mu);
	while (!g->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->mu, &ts);
		int64_t now = now_ms();
		int64_t deadline = under_pressure(g) ? g->pressure_deadline_ms : g->deadline_ms;
		for (coll_guard_conn *c = g->head; c; c = c->next) {
			if (c->cut || !c->waiting_since_ms || now - c->waiting_since_ms < deadline)
				continue;
			cut(g, c);
		}
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

coll_guard *coll_guard_new(int64_t deadline_ms)
{
	coll_guard *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->deadline_ms = deadline_ms;
	g->pressure_deadline_ms = deadline_ms;
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (pthread_create(&g->thread, NULL, watchdog, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->mu);
		free(g);
		return NULL;
	}
	return g;
}

void coll_guard_free(coll_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stopping = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	while (g->head) {
		coll_guard_conn *c = g->head;
		g->head = c->next;
		free(c);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

void coll_guard_set_room(coll_guard *g, int max_total, int max_per_addr,
			 int64_t pressure_deadline_ms)
{
	pthread_mutex_lock(&g->mu);
	g->soft_total = max_total > 0 ? max_total - max_total / 4 : 0;
	g->soft_per_addr = max_per_addr > 0 ? max_per_addr - max_per_addr / 4 : 0;
	if (g->soft_per_addr < 1 && max_per_addr > 0)
		g->soft_per_addr = 1;
	g->pressure_deadline_ms = pressure_deadline_ms > 0 && pressure_deadline_ms < g->deadline_ms ?
				  pressure_deadline_ms : g->deadline_ms;
	pthread_mutex_unlock(&g->mu);
}

/* Before c joins the list: cut the oldest waiting connection of its address
 * when that address holds its share, and the oldest anywhere when the
 * total does. Caller holds g->mu. */
static void keep_room(coll_guard *g, const coll_guard_conn *c)
{
	coll_guard_conn *oldest = NULL, *oldest_here = NULL;
	int here = 0;
	if (!g->soft_total && !g->soft_per_addr)
		return;
	for (coll_guard_conn *o = g->head; o; o = o->next) {
		if (o->cut)
			continue;
		bool same = strcmp(o->addr, c->addr) == 0;
		here += same;
		if (!o->waiting_since_ms)
			continue;
		if (!oldest || o->waiting_since_ms <= oldest->waiting_since_ms)
			oldest = o;
		if (same && (!oldest_here || o->waiting_since_ms <= oldest_here->waiting_since_ms))
			oldest_here = o;
	}
	if (g->soft_per_addr && here >= g->soft_per_addr && oldest_here) {
		cut(g, oldest_here);
		g->room_cuts++;
		if (oldest == oldest_here)
			oldest = NULL;
	}
	if (g->soft_total && g->open >= g->soft_total && oldest) {
		cut(g, oldest);
		g->room_cuts++;
	}
}

coll_guard_conn *coll_guard_open(coll_guard *g, int fd, const char *addr)
{
	coll_guard_conn *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->fd = fd;
	snprintf(c->addr, sizeof c->addr, "%s", addr ? addr : "");
	c->waiting_since_ms = now_ms();
	pthread_mutex_lock(&g->mu);
	keep_room(g, c);
	c->next = g->head;
	if (g->head)
		g->head->prev = c;
	g->head = c;
	g->open++;
	pthread_mutex_unlock(&g->mu);
	return c;
}

void coll_guard_busy(coll_guard *g, coll_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	c->waiting_since_ms = 0;
	pthread_mutex_unlock(&g->mu);
}

void coll_guard_idle(coll_guard *g, coll_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	c->waiting_since_ms = now_ms();
	pthread_mutex_unlock(&g->mu);
}

void coll_guard_close(coll_guard *g, coll_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (!c->cut)
		g->open--;
	pthread_mutex_unlock(&g->mu);
	free(c);
}

uint64_t coll_guard_cut_count(coll_guard *g)
{
	pthread_mutex_lock(&g->mu);
	uint64_t n = g->cuts;
	pthread_mutex_unlock(&g->mu);
	return n;
}

uint64_t coll_guard_room_cut_count(coll_guard *g)
{
	pthread_mutex_lock(&g->mu);
	uint64_t n = g->room_cuts;
	pthread_mutex_unlock(&g->mu);
	return n;
}

int coll_guard_open_count(coll_guard *g)
{
	pthread_mutex_lock(&g->mu);
	int n = g->open;
	pthread_mutex_unlock(&g->mu);
	return n;
}
