/* transport_fake: a transport for unit tests (see transport.h). It hands the
 * request, gunzipped, to a callback that plays the collector, so tests can
 * pair a canned reply with the queue state it must lead to. */
#include "transport.h"

#include <stdlib.h>
#include <string.h>

#include "gz.h"

typedef struct fake_transport {
	fb_transport base;
	fb_fake_reply_fn fn;
	fb_fake_get_fn get_fn;
	void *ctx;
} fake_transport;

static int fake_post(fb_transport *base, const char *path, const void *body,
		     size_t body_len, bool gzipped, fb_http_reply *reply,
		     fb_err *err)
{
	fake_transport *t = (fake_transport *)base;
	char *plain = NULL;
	size_t plain_len = 0;
	int rc = 0;

	fb_http_reply_clear(reply);
	if (gzipped) {
		rc = fb_gunzip(body, body_len, 64u * 1024 * 1024, &plain, &plain_len, err);
		if (rc)
			goto out;
	} else {
		plain = malloc(body_len + 1);
		if (!plain) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
			goto out;
		}
		memcpy(plain, body, body_len);
		plain[body_len] = '\0';
		plain_len = body_len;
	}
	t->fn(t->ctx, path, plain, plain_len, gzipped, reply);
	if (reply->body)
		reply->body_len = strlen(reply->body);
out:
	free(plain);
	return rc;
}

static int fake_get(fb_transport *base, const char *path_query, const char *if_none_match,
		    fb_http_reply *reply, fb_err *err)
{
	fake_transport *t = (fake_transport *)base;

	(void)err;
	fb_http_reply_clear(reply);
	if (!t->get_fn) {
		reply->status = 404;
		return 0;
	}
	t->get_fn(t->ctx, path_query, if_none_match ? if_none_match : "", reply);
	if (reply->body)
		reply->body_len = strlen(reply->body);
	return 0;
}

void fb_transport_fake_on_get(fb_transport *base, fb_fake_get_fn get_fn)
{
	((fake_transport *)base)->get_fn = get_fn;
}

static void fake_free(fb_transport *base)
{
	free(base);
}

static const fb_transport_ops fake_ops = {fake_post, fake_get, fake_free};

int fb_transport_fake_new(fb_transport **out, fb_fake_reply_fn fn, void *ctx,
			  fb_err *err)
{
	fake_transport *t = calloc(1, sizeof *t);

	*out = NULL;
	if (!t)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	t->base.ops = &fake_ops;
	t->fn = fn;
	t->ctx = ctx;
	*out = &t->base;
	return 0;
}
