/* store: the kiosk's side of the queue and the staff screen's status (see
 * store.h). The queue is opened lazily again after a failure, so a kiosk
 * started on a full or unmounted disk recovers without a restart. */
#include "store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "enrol_file.h"
#include "queue.h"
#include "words.h"

#ifndef FB_VERSION
#define FB_VERSION "unknown"
#endif

struct fb_store {
	char data_dir[FB_PATH_MAX];
	char path[FB_PATH_MAX + 32];
	unsigned char trust_pk[32];
	char device_id[64];
	fb_queue *q;
	char open_error[512];
	fb_code open_code;              /* why the queue is not open */
	char last_put_error[256];
	bool last_put_full;             /* the last put found the disk full */
	char health_error[512];         /* why it cannot take answers, "" can */
	fb_staff_status cached;         /* refreshed on STAFF_OPENED */
};

static int store_try_open(fb_store *s)
{
	fb_err err;
	int rc;

	if (s->q)
		return 0;
	fb_err_clear(&err);
	rc = fb_queue_open(&s->q, s->path, s->trust_pk, &err);
	if (rc) {
		s->q = NULL;
		s->open_code = err.code != FB_OK ? err.code : FB_ERR_IO;
		snprintf(s->open_error, sizeof s->open_error, "%s", err.msg);
		return rc;
	}
	s->open_error[0] = '\0';
	if (fb_queue_damage(s->q))  /* this kiosk found it damaged and moved it aside */
		fprintf(stderr, "feedback-kiosk: %s\n", fb_queue_damage(s->q));
	return 0;
}

void fb_store_set_trust_key(fb_store *s, const unsigned char *trust_pk)
{
	memcpy(s->trust_pk, trust_pk, sizeof s->trust_pk);
	if (s->q)
		fb_queue_set_trust_key(s->q, s->trust_pk);
}

int fb_store_open(fb_store **out, const fb_config *cfg, fb_err *err)
{
	int rc = 0;
	fb_store *s = NULL;

	*out = NULL;
	if (!cfg || !cfg->data_dir[0]) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"no data_dir: set data_dir in [device]");
		goto out;
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory opening the queue");
		goto out;
	}
	snprintf(s->data_dir, sizeof s->data_dir, "%s", cfg->data_dir);
	snprintf(s->path, sizeof s->path, "%s/%s", cfg->data_dir,
		 FB_QUEUE_FILE);
	memcpy(s->trust_pk, cfg->trust_public_key, sizeof s->trust_pk);
	snprintf(s->device_id, sizeof s->device_id, "%s", cfg->device_id);
	(void)store_try_open(s);        /* a failure is kept, not fatal */
	*out = s;
	s = NULL;
out:
	fb_store_free(s);
	return rc;
}

void fb_store_free(fb_store *s)
{
	if (!s)
		return;
	fb_queue_close(s->q);
	free(s);
}

const char *fb_store_open_error(const fb_store *s)
{
	return s && !s->q ? s->open_error : NULL;
}

int fb_store_submit(void *ctx, fb_response *r, fb_err *err)
{
	fb_store *s = ctx;
	int rc = 0;

	if (!s) {
		rc = fb_err_set(err, FB_ERR_INVALID, "no queue to store the response in");
		goto out;
	}
	if (store_try_open(s) != 0) {
		rc = fb_err_set(err, s->open_code, "queue not open: %.400s",
				s->open_error);
		goto out;
	}
	rc = fb_queue_put(s->q, r, err);
out:
	if (s)
		s->last_put_full = rc && err && err->code == FB_ERR_FULL;
	if (rc && s)
		snprintf(s->last_put_error, sizeof s->last_put_error, "%.250s",
			 err ? err->msg : "the response could not be saved");
	else if (s)
		s->last_put_error[0] = '\0';
	return rc;
}

int fb_store_signup(void *ctx, const fb_flow_signup *su, fb_err *err)
{
	fb_store *s = ctx;
	json_t *o = NULL, *roles = NULL;
	char *plain = NULL;
	int rc = 0;

	if (!s || store_try_open(s) != 0) {
		rc = fb_err_set(err, s ? s->open_code : FB_ERR_INVALID, "queue not open: %.400s",
				s ? s->open_error : "no queue");
		goto out;
	}
	roles = json_array();
	for (size_t i = 0; roles && i < su->n_roles; i++)
		json_array_append_new(roles, json_string(su->roles[i]));
	o = json_pack("{s:O, s:s, s:s, s:s, s:s}", "roles", roles, "name", su->name,
		      "contact", su->contact, "language", su->language,
		      "consent", fb_str(su->language, FB_STR_VOLUNTEER_CONSENT));
	plain = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (!plain) {
		rc = fb_err_set(err, FB_ERR_INVALID, "the sign-up could not be put together");
		goto out;
	}
	rc = fb_queue_put_signup(s->q, su->location, plain, fb_wall_ms(), NULL, err);
out:
	if (plain) {
		sodium_memzero(plain, strlen(plain));
		free(plain);
	}
	json_decref(o);
	json_decref(roles);
	if (rc && s)
		snprintf(s->last_put_error, sizeof s->last_put_error, "%.250s",
			 err ? err->msg : "the sign-up could not be saved");
	return rc;
}

void fb_store_status_get(fb_store *s, int64_t now_wall_ms,
			 fb_staff_status *out)
{
	fb_queue_stats qs;
	fb_err err;

	memset(out, 0, sizeof *out);
	out->queue_depth = -1;
	out->oldest_unsent_age_ms = -1;
	out->quarantined = -1;
	out->disk_free_bytes = -1;
	snprintf(out->version, sizeof out->version, "%s", FB_VERSION);
	if (!s)
		return;
	snprintf(out->device_id, sizeof out->device_id, "%s", s->device_id);
	fb_err_clear(&err);
	if (store_try_open(s) == 0 && fb_queue_stats_get(s->q, &qs, &err) == 0) {
		out->queue_depth = qs.depth;
		out->quarantined = qs.quarantined;
		if (qs.oldest_unsent_ms > 0 && now_wall_ms >= qs.oldest_unsent_ms)
			out->oldest_unsent_age_ms = now_wall_ms - qs.oldest_unsent_ms;
	}
	(void)fb_staff_read_sync_status(s->data_dir, now_wall_ms, out);
	fb_staff_read_enrol(s->data_dir, out);
	out->disk_free_bytes = fb_staff_disk_free(s->data_dir);
	if (s->last_put_error[0])
		snprintf(out->last_put_error, sizeof out->last_put_error, "%s",
			 s->last_put_error);
	else if (s->health_error[0])
		snprintf(out->last_put_error, sizeof out->last_put_error,
			 "%.250s", s->health_error);
	else if (!s->q)
		snprintf(out->last_put_error, sizeof out->last_put_error,
			 "%.250s", s->open_error);
	else
		/* whoever moved it aside (this kiosk or the sync daemon), for
		 * as long as the damaged file is kept */
		(void)fb_queue_damage_note(s->path, true, out->last_put_error,
					   sizeof out->last_put_error);
	s->cached = *out;
}

bool fb_store_can_take(fb_store *s, char *why, size_t why_size)
{
	char dummy[512];
	int64_t free_b;
	bool ok = false;

	if (!why) {
		why = dummy;
		why_size = sizeof dummy;
	}
	why[0] = '\0';
	if (!s) {
		snprintf(why, why_size, "no queue");
		goto out;
	}
	if (store_try_open(s) != 0) {
		snprintf(why, why_size, "the queue does not open: %s", s->open_error);
		goto out;
	}
	free_b = fb_staff_disk_free(s->data_dir);
	if (free_b >= 0 && free_b < FB_STORE_MIN_FREE_BYTES) {
		snprintf(why, why_size, "storage full: %lld KB free in %s; free some "
			 "space", (long long)(free_b / 1024), s->data_dir);
		goto out;
	}
	if (s->last_put_full && free_b >= 0 && free_b < FB_STORE_RECOVER_FREE_BYTES) {
		snprintf(why, why_size, "storage full at the last save: %lld KB free "
			 "in %s; free some space", (long long)(free_b / 1024),
			 s->data_dir);
		goto out;
	}
	s->last_put_full = false;
	ok = true;
out:
	if (s)
		snprintf(s->health_error, sizeof s->health_error, "%s", ok ? "" : why);
	return ok;
}

int fb_store_flow_action(void *ctx, fb_flow_action a, fb_err *err)
{
	fb_store *s = ctx;
	int rc = 0;

	if (!s)
		goto out;
	switch (a) {
	case FB_FLOW_ACTION_SYNC_NOW:
		rc = fb_staff_sync_now(s->data_dir, err);
		break;
	case FB_FLOW_ACTION_STAFF_OPENED:
		fb_store_status_get(s, fb_wall_ms(), &s->cached);
		break;
	default:
		break;
	}
out:
	return rc;
}

int fb_store_enrol(void *ctx, const char *code, fb_err *err)
{
	fb_store *s = ctx;
	if (!s)
		return fb_err_set(err, FB_ERR_INVALID, "no data_dir to leave the code in");
	return fb_enrol_request_write(s->data_dir, code, err);
}

const fb_staff_status *fb_store_status_cached(const fb_store *s)
{
	return s ? &s->cached : NULL;
}
