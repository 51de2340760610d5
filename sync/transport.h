/* transport: the one seam between feedback-syncd and the network.
 * Owns: sending one POST (or one GET, for GET /v1/config) to the collector
 * and handing back what came back (status, the protocol marker header,
 * Retry-After, ETag, a capped body) or, when
 * no HTTP reply arrived, an error in words a person can act on.
 * Promises: never logs or returns the bearer token or request bodies; TLS
 * verification cannot be switched off (there is no option for it).
 * Variants: transport_curl.c (the real one: one reused libcurl easy handle,
 * keep-alive, HTTP/2 when offered) and transport_fake.c (unit tests). */
#ifndef FB_TRANSPORT_H
#define FB_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "fb_err.h"
#include "protocol.h"   /* FB_PROTOCOL, FB_PROTOCOL_HEADER: the marker */

#define FB_REPLY_MAX_BYTES (4 * 1024 * 1024)   /* cap on a reply body */

typedef enum fb_net_fail {
	FB_NET_OK = 0,        /* an HTTP reply arrived: see status */
	FB_NET_CONNECT,       /* refused, reset, DNS, proxy */
	FB_NET_TLS,           /* certificate not trusted, expired, wrong name, pin */
	FB_NET_TIMEOUT,
	FB_NET_TOO_BIG,       /* reply longer than FB_REPLY_MAX_BYTES */
	FB_NET_OTHER,
} fb_net_fail;

typedef struct fb_http_reply {
	fb_net_fail fail;
	char error[512];         /* words when fail != FB_NET_OK */
	long status;             /* HTTP status, 0 when none */
	bool marker_header;      /* X-Feedback-Protocol: fb-sync/1 present */
	char retry_after[128];   /* Retry-After header value, "" when absent */
	char etag[128];          /* ETag header value as sent (quotes kept), "" */
	char *body;              /* NUL-terminated; owned, see fb_http_reply_clear */
	size_t body_len;
} fb_http_reply;

void fb_http_reply_clear(fb_http_reply *r);    /* frees body, zeroes r */

typedef struct fb_transport fb_transport;

/* POSTs body (body_len bytes, Content-Type application/json) to the
 * collector's base URL + path ("/v1/responses"). gzipped says the body is
 * gzip (Content-Encoding: gzip). Fills reply (cleared first). Returns 0 when
 * the exchange was attempted (look at reply->fail and status), or an error
 * code when it could not even be tried. */
int fb_transport_post(fb_transport *t, const char *path, const void *body,
		      size_t body_len, bool gzipped, fb_http_reply *reply,
		      fb_err *err);
/* GETs base URL + path_query ("/v1/config?location=WARD1") with the same
 * token, TLS checks and timeouts as a POST; if_none_match (NULL or "": none)
 * is sent as If-None-Match. Fills reply as fb_transport_post does (a 304
 * has an empty body). */
int fb_transport_get(fb_transport *t, const char *path_query, const char *if_none_match,
		     fb_http_reply *reply, fb_err *err);
void fb_transport_free(fb_transport *t);       /* NULL is a no-op */

/* The real transport. */
typedef struct fb_transport_opts {
	const char *base_url;       /* "https://collector.example.nhs.uk" */
	const char *ca_file;        /* NULL or "" = the system store */
	const char *pinned_pubkey;  /* NULL or "" = no pin */
	const char *proxy;          /* NULL or "" = http(s)_proxy environment */
	const char *token;          /* bearer token; copied, wiped on free */
	bool no_token;              /* no token yet: POST /v1/enrol only, no
	                             * Authorization header */
	long timeout_ms;            /* whole exchange; <= 0 = 30 s */
	long connect_timeout_ms;    /* <= 0 = 10 s */
} fb_transport_opts;

int fb_transport_curl_new(fb_transport **out, const fb_transport_opts *opts,
			  fb_err *err);

/* The fake: calls reply_fn with the request as the collector would see it
 * (body already gunzipped, NUL-terminated) and returns what it fills in.
 * reply_fn sets reply->fail/status/marker_header/retry_after and may set
 * reply->body to a malloc'd string (the transport takes ownership). */
typedef void (*fb_fake_reply_fn)(void *ctx, const char *path,
				 const char *body, size_t body_len,
				 bool was_gzipped, fb_http_reply *reply);
int fb_transport_fake_new(fb_transport **out, fb_fake_reply_fn reply_fn,
			  void *ctx, fb_err *err);
/* The fake's GETs go to get_fn (same ctx), with the If-None-Match value
 * ("" when none); without one a GET answers 404. */
typedef void (*fb_fake_get_fn)(void *ctx, const char *path_query,
			       const char *if_none_match, fb_http_reply *reply);
void fb_transport_fake_on_get(fb_transport *t, fb_fake_get_fn get_fn);

/* For implementations only: the seam itself. */
typedef struct fb_transport_ops {
	int (*post)(fb_transport *t, const char *path, const void *body,
		    size_t body_len, bool gzipped, fb_http_reply *reply,
		    fb_err *err);
	int (*get)(fb_transport *t, const char *path_query, const char *if_none_match,
		   fb_http_reply *reply, fb_err *err);
	void (*free)(fb_transport *t);
} fb_transport_ops;

struct fb_transport {
	const fb_transport_ops *ops;
};

#endif
