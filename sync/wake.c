/* wake: see wake.h. One inotify descriptor with one watch on the directory
 * (a file's own watch would be lost when SQLite deletes and re-creates the
 * -wal file), filtered by name. poll(2) does the waiting, so a signal (no
 * SA_RESTART in feedback-syncd) ends it at once, as nanosleep did before. */
#include "wake.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#define WAKE_NAME_MAX 64
#define WAKE_EVENTS (IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | \
		     IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

struct fb_wake {
	int fd;                 /* inotify; -1 once the watch is lost */
	char names[FB_WAKE_MAX_NAMES][WAKE_NAME_MAX];
	size_t n_names;
};

int fb_wake_new(fb_wake **out, const char *dir, const char *const names[],
		fb_err *err)
{
	fb_wake *w = NULL;
	int rc = 0;

	*out = NULL;
	w = calloc(1, sizeof *w);
	if (!w)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	w->fd = -1;
	for (size_t i = 0; names && names[i]; i++) {
		if (i >= FB_WAKE_MAX_NAMES || strlen(names[i]) >= WAKE_NAME_MAX ||
		    strchr(names[i], '/')) {
			rc = fb_err_set(err, FB_ERR_INVALID, "internal error: bad name to watch '%s'",
					names[i]);
			goto out;
		}
		snprintf(w->names[i], sizeof w->names[i], "%s", names[i]);
		w->n_names = i + 1;
	}
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "inotify is unavailable: %s", strerror(errno));
		goto out;
	}
	if (inotify_add_watch(w->fd, dir, WAKE_EVENTS) < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to watch '%s': %s%s", dir, strerror(errno),
				errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
		goto out;
	}
	*out = w;
	w = NULL;
out:
	fb_wake_free(w);
	return rc;
}

void fb_wake_free(fb_wake *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}

bool fb_wake_watching(const fb_wake *w)
{
	return w && w->fd >= 0;
}

static fb_wake_result nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	return nanosleep(&ts, NULL) == 0 ? FB_WAKE_TIMEOUT : FB_WAKE_INTERRUPTED;
}

static bool watched(const fb_wake *w, const char *name)
{
	for (size_t i = 0; i < w->n_names; i++)
		if (strcmp(w->names[i], name) == 0)
			return true;
	return false;
}

/* Reads every pending event. Returns CHANGED, LOST or TIMEOUT (nothing of
 * ours). */
static fb_wake_result drain(fb_wake *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	fb_wake_result res = FB_WAKE_TIMEOUT;

	/* Bounded: the queue of events is finite and we only read. */
	for (int rounds = 0; rounds < 1024; rounds++) {
		ssize_t n = read(w->fd, buf, sizeof buf);

		if (n <= 0)
			break; /* EAGAIN: drained */
		for (char *p = buf; p + sizeof(struct inotify_event) <= buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;

			if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT))
				return FB_WAKE_LOST;
			if ((ev->mask & IN_Q_OVERFLOW) ||
			    (ev->len > 0 && watched(w, ev->name)))
				res = FB_WAKE_CHANGED;
			p += sizeof(struct inotify_event) + ev->len;
		}
	}
	return res;
}

fb_wake_result fb_wake_wait(fb_wake *w, long timeout_ms)
{
	int64_t end;
	fb_wake_result res;

	if (timeout_ms <= 0)
		return FB_WAKE_TIMEOUT;
	if (!fb_wake_watching(w))
		return nap(timeout_ms);
	end = fb_mono_ms() + timeout_ms;
	for (;;) {
		struct pollfd pfd = {.fd = w->fd, .events = POLLIN};
		int64_t left = end - fb_mono_ms();
		int n;

		if (left <= 0)
			return FB_WAKE_TIMEOUT;
		n = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (n < 0)
			return errno == EINTR ? FB_WAKE_INTERRUPTED : nap(left);
		if (n == 0)
			return FB_WAKE_TIMEOUT;
		res = drain(w);
		if (res == FB_WAKE_LOST) {
			close(w->fd);
			w->fd = -1;
			return FB_WAKE_LOST;
		}
		if (res == FB_WAKE_CHANGED)
			return res;
		/* only other files changed: keep napping until end */
	}
}
