/* test_jack: the headphone socket (kiosk/jack.c). What an input event says
 * (only the headphone switch counts, in or out); "off" and "auto" on a
 * machine with no socket watch nothing; a path that is not there, or is no
 * input device, is refused by name; through a FIFO standing in for the
 * device, a plug-in calls back once on the jack's thread, pulling it out
 * and other switches do not, a writer going away and coming back is
 * followed, and freeing stops the thread at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../kiosk/jack.h"
#include "tmpdir.h"

static struct input_event ev_of(int type, int code, int value)
{
	struct input_event e;
	memset(&e, 0, sizeof e);
	e.type = (unsigned short)type;
	e.code = (unsigned short)code;
	e.value = value;
	return e;
}

static void test_only_the_headphone_switch_counts(void **state)
{
	(void)state;
	struct input_event in = ev_of(EV_SW, SW_HEADPHONE_INSERT, 1);
	struct input_event out = ev_of(EV_SW, SW_HEADPHONE_INSERT, 0);
	struct input_event mic = ev_of(EV_SW, SW_MICROPHONE_INSERT, 1);
	struct input_event key = ev_of(EV_KEY, KEY_VOLUMEUP, 1);
	struct input_event sync = ev_of(EV_SYN, SYN_REPORT, 0);
	assert_int_equal(kiosk_jack_event(&in), 1);
	assert_int_equal(kiosk_jack_event(&out), 0);
	assert_int_equal(kiosk_jack_event(&mic), -1);
	assert_int_equal(kiosk_jack_event(&key), -1);
	assert_int_equal(kiosk_jack_event(&sync), -1);
}

static void test_settings(void **state)
{
	(void)state;
	kiosk_jack *j = (kiosk_jack *)1;
	fb_err err;
	assert_int_equal(kiosk_jack_open("off", &j, &err), 0);
	assert_null(j);
	/* auto: whatever this machine has; never an error */
	assert_int_equal(kiosk_jack_open("auto", &j, &err), 0);
	kiosk_jack_free(j);
	assert_int_not_equal(kiosk_jack_open("/nonexistent/event7", &j, &err), 0);
	assert_null(j);
	assert_non_null(strstr(err.msg, "headphone_input '/nonexistent/event7' cannot be read"));
	/* a file that is no input device */
	assert_int_not_equal(kiosk_jack_open("/etc/hostname", &j, &err), 0);
	assert_non_null(strstr(err.msg, "is no input device with a headphone switch"));
}

typedef struct seen {
	pthread_mutex_t lock;
	int plugs;
	pthread_t on;
} seen;

static void plugged(void *ctx)
{
	seen *s = ctx;
	pthread_mutex_lock(&s->lock);
	s->plugs++;
	s->on = pthread_self();
	pthread_mutex_unlock(&s->lock);
}

/* Waits up to 2 s for want plug-ins; the count. */
static int plugs_after(seen *s, int want)
{
	int n = 0;
	for (int i = 0; i < 200; i++) {
		pthread_mutex_lock(&s->lock);
		n = s->plugs;
		pthread_mutex_unlock(&s->lock);
		if (n >= want)
			break;
		usleep(10000);
	}
	return n;
}

static void put(int fd, int type, int code, int value)
{
	struct input_event e[2] = {ev_of(type, code, value), ev_of(EV_SYN, SYN_REPORT, 0)};
	assert_int_equal(write(fd, e, sizeof e), (ssize_t)sizeof e);
}

static void test_a_plug_in_through_a_fifo_calls_back_once(void **state)
{
	(void)state;
	char dir[64], path[96];
	fb_err err;
	kiosk_jack *j = NULL;
	seen s = {.lock = PTHREAD_MUTEX_INITIALIZER};
	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "jack"), 0);
	snprintf(path, sizeof path, "%s/event", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(kiosk_jack_open(path, &j, &err), 0);
	assert_non_null(j);
	assert_int_equal(kiosk_jack_devices(j), 1);
	assert_string_equal(kiosk_jack_path(j), path);
	assert_int_equal(kiosk_jack_start(j, plugged, &s), 0);

	int w = open(path, O_WRONLY);
	assert_true(w >= 0);
	put(w, EV_SW, SW_MICROPHONE_INSERT, 1);    /* not ours */
	put(w, EV_SW, SW_HEADPHONE_INSERT, 0);     /* pulled out: nothing */
	usleep(100000);
	assert_int_equal(plugs_after(&s, 1), 0);
	put(w, EV_SW, SW_HEADPHONE_INSERT, 1);
	assert_int_equal(plugs_after(&s, 1), 1);
	assert_false(pthread_equal(s.on, pthread_self()));
	/* the writer goes and comes back (a relay restarted): still heard */
	close(w);
	usleep(100000);
	w = open(path, O_WRONLY);
	assert_true(w >= 0);
	put(w, EV_SW, SW_HEADPHONE_INSERT, 0);
	put(w, EV_SW, SW_HEADPHONE_INSERT, 1);
	assert_int_equal(plugs_after(&s, 2), 2);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kiosk_jack_free(j);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 1000);
	close(w);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_the_headphone_switch_counts),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_a_plug_in_through_a_fifo_calls_back_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
