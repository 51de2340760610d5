/* guard.c: a doubly linked list under one mutex and a thread that wakes
 * four times a second. shutdown(2), not close(2): the server still owns the
 * socket, sees the connection end, and cleans up as for any client that
 * went away. */
#include "guard.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "clock.h"

#define TICK_MS 250

struct coll_guard_conn {
	coll_guard_conn *prev, *next;
	int fd;
	int64_t waiting_since_ms;    /* 0 while inside a request */
	bool cut;
};

struct coll_guard {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t thread;
	bool stopping;
	int64_t deadline_ms;
	coll_guard_conn *head;
	uint64_t cuts;
};

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
		for (coll_guard_conn *c = g->head; c; c = c->next) {
			if (c->cut || !c->waiting_since_ms || now - c->waiting_since_ms < g->deadline_ms)
				continue;
			shutdown(c->fd, SHUT_RDWR);
			c->cut = true;
			g->cuts++;
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

coll_guard_conn *coll_guard_open(coll_guard *g, int fd)
{
	coll_guard_conn *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->fd = fd;
	c->waiting_since_ms = now_ms();
	pthread_mutex_lock(&g->mu);
	c->next = g->head;
	if (g->head)
		g->head->prev = c;
	g->head = c;
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
