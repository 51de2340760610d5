/* offload.c: a ring of jobs under one mutex, two condition variables (work
 * to do; all done). The threads live as long as the pool: starting one per
 * page would cost more than most pages take to make. */
#include "offload.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct job {
	coll_offload_fn *fn;
	void *arg;
} job;

struct coll_offload {
	pthread_mutex_t mu;
	pthread_cond_t work, idle;
	pthread_t *threads;
	int n_threads;              /* started */
	job *ring;
	size_t cap, head, len;      /* waiting jobs: ring[head .. head+len) mod cap */
	int running;                /* jobs taken and not yet finished */
	bool closing, stopping;
};

static void *worker(void *arg)
{
	coll_offload *o = arg;
	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (o->len == 0 && !o->stopping)
			pthread_cond_wait(&o->work, &o->mu);
		if (o->len == 0)
			break;                          /* stopping, nothing left */
		job j = o->ring[o->head];
		o->head = (o->head + 1) % o->cap;
		o->len--;
		o->running++;
		pthread_mutex_unlock(&o->mu);
		j.fn(j.arg);
		pthread_mutex_lock(&o->mu);
		o->running--;
		if (o->len == 0 && o->running == 0)
			pthread_cond_broadcast(&o->idle);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

coll_offload *coll_offload_new(int threads, size_t max_waiting)
{
	coll_offload *o = calloc(1, sizeof *o);
	if (!o || threads < 1 || max_waiting < 1)
		goto fail;
	o->cap = max_waiting;
	o->ring = calloc(max_waiting, sizeof *o->ring);
	o->threads = calloc((size_t)threads, sizeof *o->threads);
	if (!o->ring || !o->threads)
		goto fail;
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->work, NULL);
	pthread_cond_init(&o->idle, NULL);
	for (; o->n_threads < threads; o->n_threads++)
		if (pthread_create(&o->threads[o->n_threads], NULL, worker, o) != 0)
			break;
	if (o->n_threads == threads)
		return o;
	coll_offload_free(o);
	return NULL;
fail:
	if (o) {
		free(o->ring);
		free(o->threads);
	}
	free(o);
	return NULL;
}

bool coll_offload_run(coll_offload *o, coll_offload_fn *fn, void *arg)
{
	bool queued = false;
	pthread_mutex_lock(&o->mu);
	if (!o->closing && o->len < o->cap) {
		o->ring[(o->head + o->len) % o->cap] = (job){fn, arg};
		o->len++;
		queued = true;
		pthread_cond_signal(&o->work);
	}
	pthread_mutex_unlock(&o->mu);
	return queued;
}

void coll_offload_close(coll_offload *o)
{
	pthread_mutex_lock(&o->mu);
	o->closing = true;
	while (o->len > 0 || o->running > 0)
		pthread_cond_wait(&o->idle, &o->mu);
	pthread_mutex_unlock(&o->mu);
}

void coll_offload_free(coll_offload *o)
{
	if (!o)
		return;
	coll_offload_close(o);
	pthread_mutex_lock(&o->mu);
	o->stopping = true;
	pthread_cond_broadcast(&o->work);
	pthread_mutex_unlock(&o->mu);
	for (int i = 0; i < o->n_threads; i++)
		pthread_join(o->threads[i], NULL);
	pthread_cond_destroy(&o->work);
	pthread_cond_destroy(&o->idle);
	pthread_mutex_destroy(&o->mu);
	free(o->threads);
	free(o->ring);
	free(o);
}
