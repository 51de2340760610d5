/* every.c: see every.h. */
#include "every.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct coll_every {
	int64_t period_ms;
	bool background;
	void (*job)(void *ctx);
	void *ctx;
	pthread_t thread;
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *every_main(void *arg)
{
	coll_every *e = arg;
	if (e->background)   /* Linux: a thread's own nice value, by its id */
		(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
	pthread_mutex_lock(&e->mu);
	while (!e->stop) {
		pthread_mutex_unlock(&e->mu);
		e->job(e->ctx);
		pthread_mutex_lock(&e->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += e->period_ms / 1000;
		until.tv_nsec += (e->period_ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		while (!e->stop && pthread_cond_timedwait(&e->cv, &e->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&e->mu);
	return NULL;
}

int coll_every_start(const char *name, int64_t period_ms, bool background, void (*job)(void *ctx),
		     void *ctx, coll_every **out, fb_err *err)
{
	coll_every *e = calloc(1, sizeof *e);
	*out = NULL;
	if (!e)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the %s", name);
	e->period_ms = period_ms > 0 ? period_ms : 1000;
	e->background = background;
	e->job = job;
	e->ctx = ctx;
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->cv, NULL);
	if (pthread_create(&e->thread, NULL, every_main, e) != 0) {
		pthread_cond_destroy(&e->cv);
		pthread_mutex_destroy(&e->mu);
		free(e);
		return fb_err_set(err, FB_ERR_IO, "unable to start the %s's thread", name);
	}
	*out = e;
	return 0;
}

void coll_every_free(coll_every *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&e->mu);
	e->stop = true;
	pthread_cond_signal(&e->cv);
	pthread_mutex_unlock(&e->mu);
	pthread_join(e->thread, NULL);
	pthread_cond_destroy(&e->cv);
	pthread_mutex_destroy(&e->mu);
	free(e);
}
