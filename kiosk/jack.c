/* jack.c: the headphone socket's switch. See jack.h.
 * The kernel's input events are read as they are (struct input_event,
 * <linux/input.h>): one type, code and value each, nothing to parse.
 * The thread sleeps in poll() on the devices and on a pipe that
 * kiosk_jack_free writes to, so stopping never waits for a plug. */
#include "jack.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define JACK_PATH_MAX 256
#define BITS_LONG (8 * sizeof(unsigned long))

struct kiosk_jack {
	int fds[KIOSK_JACK_MAX_DEVICES];
	char paths[KIOSK_JACK_MAX_DEVICES][JACK_PATH_MAX];
	int n;
	int stop[2];               /* a byte written to [1] ends the thread */
	pthread_t thread;
	bool running;
	kiosk_jack_fn fn;
	void *ctx;
};

int kiosk_jack_event(const struct input_event *ev)
{
	if (ev->type != EV_SW || ev->code != SW_HEADPHONE_INSERT)
		return -1;
	return ev->value != 0;
}

/* Whether the input device fd has the headphone switch. */
static bool has_headphone_switch(int fd)
{
	unsigned long bits[SW_MAX / BITS_LONG + 1];
	memset(bits, 0, sizeof bits);
	if (ioctl(fd, EVIOCGBIT(EV_SW, sizeof bits), bits) < 0)
		return false;
	return (bits[SW_HEADPHONE_INSERT / BITS_LONG] >> (SW_HEADPHONE_INSERT % BITS_LONG)) & 1;
}

/* Adds path when it is a device with the switch (or a FIFO); 1 added,
 * 0 not one, -1 cannot be opened (errno). */
static int jack_add(kiosk_jack *j, const char *path)
{
	struct stat st;
	if (j->n >= KIOSK_JACK_MAX_DEVICES)
		return 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || has_headphone_switch(fd))) {
		close(fd);
		return 0;
	}
	j->fds[j->n] = fd;
	snprintf(j->paths[j->n], sizeof j->paths[j->n], "%s", path);
	j->n++;
	return 1;
}

int kiosk_jack_open(const char *setting, kiosk_jack **out, fb_err *err)
{
	*out = NULL;
	if (!setting || !setting[0] || strcmp(setting, "off") == 0)
		return 0;
	kiosk_jack *j = calloc(1, sizeof *j);
	if (!j)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory for the headphone socket");
	j->stop[0] = j->stop[1] = -1;
	if (strcmp(setting, "auto") == 0) {
		glob_t g;
		if (glob("/dev/input/event*", 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++)
				jack_add(j, g.gl_pathv[i]);   /* one we may not read is not ours */
			globfree(&g);
		}
	} else {
		int rc = jack_add(j, setting);
		if (rc <= 0) {
			int e = errno;
			free(j);
			if (rc < 0)
				return fb_err_set(err, FB_ERR_IO, "[kiosk] headphone_input '%s' cannot be read: %s",
						  setting, strerror(e));
			return fb_err_set(err, FB_ERR_INVALID, "[kiosk] headphone_input '%s' is no input device"
					  " with a headphone switch; set auto to look for one, or off", setting);
		}
	}
	if (j->n == 0) {
		free(j);
		return 0;
	}
	if (pipe2(j->stop, O_CLOEXEC) != 0) {
		kiosk_jack_free(j);
		return fb_err_set(err, FB_ERR_IO, "unable to watch the headphone socket: %s", strerror(errno));
	}
	*out = j;
	return 0;
}

int kiosk_jack_devices(const kiosk_jack *j)
{
	return j ? j->n : 0;
}

const char *kiosk_jack_path(const kiosk_jack *j)
{
	return j && j->n > 0 ? j->paths[0] : "";
}

/* Reads what fd has; calls back on a plug-in. false once it is gone. */
static bool jack_read(kiosk_jack *j, int fd)
{
	struct input_event ev[16];
	for (;;) {
		ssize_t r = read(fd, ev, sizeof ev);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno == EAGAIN;
		if (r == 0)
			return false;        /* a FIFO's writer went: reopened below */
		for (size_t i = 0; i < (size_t)r / sizeof ev[0]; i++)
			if (kiosk_jack_event(&ev[i]) == 1)
				j->fn(j->ctx);
	}
}

static void *jack_thread(void *arg)
{
	kiosk_jack *j = arg;
	struct pollfd p[KIOSK_JACK_MAX_DEVICES + 1];
	for (;;) {
		int n = 0;
		p[n++] = (struct pollfd){.fd = j->stop[0], .events = POLLIN};
		for (int i = 0; i < j->n; i++)
			p[n++] = (struct pollfd){.fd = j->fds[i], .events = POLLIN};
		int r = poll(p, (nfds_t)n, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			break;
		for (int i = 0; i < j->n; i++) {
			if (!(p[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (jack_read(j, j->fds[i]))
				continue;
			/* a FIFO with no writer left, or a device unplugged: open it
			 * again, or stop watching it */
			close(j->fds[i]);
			j->fds[i] = open(j->paths[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			if (j->fds[i] < 0) {
				j->fds[i] = j->fds[j->n - 1];
				memcpy(j->paths[i], j->paths[j->n - 1], sizeof j->paths[i]);
				j->n--;
				i--;
			}
		}
		if (j->n == 0)
			break;
	}
	return NULL;
}

int kiosk_jack_start(kiosk_jack *j, kiosk_jack_fn fn, void *ctx)
{
	j->fn = fn;
	j->ctx = ctx;
	if (pthread_create(&j->thread, NULL, jack_thread, j) != 0)
		return -1;
	j->running = true;
	return 0;
}

void kiosk_jack_free(kiosk_jack *j)
{
	if (!j)
		return;
	if (j->running) {
		ssize_t w;
		do
			w = write(j->stop[1], "x", 1);
		while (w < 0 && errno == EINTR);
		pthread_join(j->thread, NULL);
	}
	for (int i = 0; i < j->n; i++)
		close(j->fds[i]);
	if (j->stop[0] >= 0)
		close(j->stop[0]);
	if (j->stop[1] >= 0)
		close(j->stop[1]);
	free(j);
}
