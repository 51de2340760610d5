/* sync_status: see sync_status.h. */
#include "sync_status.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static int write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, s, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

static void fsync_dir_of(const char *path)
{
	char copy[4096];
	int fd;

	snprintf(copy, sizeof copy, "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int fb_sync_status_write(const char *path, const fb_sync_status *st,
			 fb_err *err)
{
	json_t *o = NULL;
	char *text = NULL, tmp[4096];
	int fd = -1, rc = 0;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return fb_err_set(err, FB_ERR_INVALID, "status path '%s' is too long", path);
	o = json_pack("{s:i, s:s, s:b, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I,"
		      " s:I, s:I, s:I, s:I, s:I, s:i}",
		      "version", 1, "state", st->state, "authorised", st->authorised,
		      "updated_ms", (json_int_t)st->updated_ms,
		      "last_attempt_ms", (json_int_t)st->last_attempt_ms,
		      "last_success_ms", (json_int_t)st->last_success_ms,
		      "next_try_ms", (json_int_t)st->next_try_ms,
		      "last_error", st->last_error,
		      "queue_depth", (json_int_t)st->queue_depth,
		      "oldest_unsent_ms", (json_int_t)st->oldest_unsent_ms,
		      "quarantined", (json_int_t)st->quarantined,
		      "consecutive_failures", (json_int_t)st->consecutive_failures,
		      "sent_total", (json_int_t)st->sent_total,
		      "stored_total", (json_int_t)st->stored_total,
		      "duplicate_total", (json_int_t)st->duplicate_total,
		      "quarantined_total", (json_int_t)st->quarantined_total,
		      "last_heartbeat_ms", (json_int_t)st->last_heartbeat_ms,
		      "pid", st->pid);
	if (o && (json_object_set_new(o, "config_state", json_string(st->config_state)) ||
		  json_object_set_new(o, "config_etag", json_string(st->config_etag)) ||
		  json_object_set_new(o, "config_fetched_ms",
				      json_integer((json_int_t)st->config_fetched_ms)) ||
		  json_object_set_new(o, "config_error", json_string(st->config_error)))) {
		json_decref(o);
		o = NULL;
	}
	if (o)
		text = json_dumps(o, JSON_SORT_KEYS | JSON_INDENT(1));
	if (!text) {
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to write the sync status: a field is not valid UTF-8");
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = fb_err_set(err, errno == ENOSPC ? FB_ERR_FULL : FB_ERR_IO,
				"unable to create '%s': %s; check data_dir is writable",
				tmp, strerror(errno));
		goto out;
	}
	if (write_all(fd, text, strlen(text)) || write_all(fd, "\n", 1) || fsync(fd)) {
		rc = fb_err_set(err, errno == ENOSPC ? FB_ERR_FULL : FB_ERR_IO,
				"unable to write '%s': %s; check free space in data_dir",
				tmp, strerror(errno));
		goto out;
	}
	if (close(fd)) {
		fd = -1;
		rc = fb_err_set(err, FB_ERR_IO, "unable to write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path)) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to rename '%s' to '%s': %s",
				tmp, path, strerror(errno));
		goto out;
	}
	fsync_dir_of(path);
out:
	if (fd >= 0)
		close(fd);
	if (rc)
		unlink(tmp);
	free(text);
	json_decref(o);
	return rc;
}

static int64_t get_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static void get_str(json_t *o, const char *key, char *out, size_t out_size)
{
	json_t *v = json_object_get(o, key);

	snprintf(out, out_size, "%s", json_is_string(v) ? json_string_value(v) : "");
}

int fb_sync_status_read(const char *path, fb_sync_status *st, fb_err *err)
{
	json_error_t jerr;
	json_t *o = NULL;
	int rc = 0;

	memset(st, 0, sizeof *st);
	if (access(path, F_OK) != 0)
		return fb_err_set(err, FB_ERR_NOTFOUND,
				  "no sync status at '%s': the sync daemon has not run yet; "
				  "check feedback-syncd is running", path);
	o = json_load_file(path, 0, &jerr);
	if (!o || !json_is_object(o)) {
		rc = fb_err_set(err, FB_ERR_CORRUPT, "unable to read '%s': %s", path,
				o ? "not a JSON object" : jerr.text);
		goto out;
	}
	get_str(o, "state", st->state, sizeof st->state);
	st->authorised = json_is_true(json_object_get(o, "authorised"));
	st->updated_ms = get_int(o, "updated_ms");
	st->last_attempt_ms = get_int(o, "last_attempt_ms");
	st->last_success_ms = get_int(o, "last_success_ms");
	st->next_try_ms = get_int(o, "next_try_ms");
	get_str(o, "last_error", st->last_error, sizeof st->last_error);
	st->queue_depth = get_int(o, "queue_depth");
	st->oldest_unsent_ms = get_int(o, "oldest_unsent_ms");
	st->quarantined = get_int(o, "quarantined");
	st->consecutive_failures = get_int(o, "consecutive_failures");
	st->sent_total = get_int(o, "sent_total");
	st->stored_total = get_int(o, "stored_total");
	st->duplicate_total = get_int(o, "duplicate_total");
	st->quarantined_total = get_int(o, "quarantined_total");
	st->last_heartbeat_ms = get_int(o, "last_heartbeat_ms");
	st->pid = (int)get_int(o, "pid");
	get_str(o, "config_state", st->config_state, sizeof st->config_state);
	get_str(o, "config_etag", st->config_etag, sizeof st->config_etag);
	st->config_fetched_ms = get_int(o, "config_fetched_ms");
	get_str(o, "config_error", st->config_error, sizeof st->config_error);
out:
	json_decref(o);
	return rc;
}
