/* transport: dispatch through the seam (see transport.h). */
#include "transport.h"

int fb_transport_post(fb_transport *t, const char *path, const void *body,
		      size_t body_len, bool gzipped, fb_http_reply *reply,
		      fb_err *err)
{
	return t->ops->post(t, path, body, body_len, gzipped, reply, err);
}

int fb_transport_get(fb_transport *t, const char *path_query, const char *if_none_match,
		     fb_http_reply *reply, fb_err *err)
{
	return t->ops->get(t, path_query, if_none_match, reply, err);
}

void fb_transport_free(fb_transport *t)
{
	if (t)
		t->ops->free(t);
}
