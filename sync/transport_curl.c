/* transport_curl: the real transport (see transport.h). One libcurl easy
 * handle for the daemon's life, so the TLS session and connection are reused
 * (keep-alive; HTTP/2 when the server offers it through ALPN). Peer and host
 * verification are set explicitly on and nothing here can turn them off.
 *
 * Proxy: [sync] proxy, when set, is used for the collector whatever the
 * environment says (no_proxy included: the config is the estates engineer's
 * explicit choice). Otherwise libcurl reads https_proxy / HTTPS_PROXY (then
 * all_proxy / ALL_PROXY) and honours no_proxy / NO_PROXY itself. Either way
 * the tunnel is a CONNECT: TLS still runs end to end with the collector and
 * is verified against ca_file as without a proxy. We remember which proxy
 * may be in use, without its credentials, only to word failures. */
#include "transport.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clock.h"

enum proxy_use {
	PROXY_NONE = 0,   /* direct */
	PROXY_SURE,       /* every connection goes to the proxy */
	PROXY_MAYBE,      /* from the environment, but no_proxy may exempt us */
};

typedef struct curl_transport {
	fb_transport base;
	CURL *h;
	char *base_url;
	char *auth_header;           /* "Authorization: Bearer ..."; wiped on free */
	struct curl_slist *headers_plain;
	struct curl_slist *headers_gzip;
	char errbuf[CURL_ERROR_SIZE];
	enum proxy_use proxy_use;
	char proxy_label[320];        /* "http://host:port", never credentials */
	const char *proxy_from;       /* "[sync] proxy" or the variable's name */
	long timeout_ms;              /* a POST's whole exchange */
} curl_transport;

/* A GET (the Trust's config) can wait for the next try; the pushes behind
 * it should not wait long on a link that hangs. */
#define GET_TIMEOUT_MAX_MS 15000L

static int curl_inited;

void fb_http_reply_clear(fb_http_reply *r)
{
	if (!r)
		return;
	free(r->body);
	memset(r, 0, sizeof *r);
}

/* The reply body as it arrives, capped at FB_REPLY_MAX_BYTES. */
typedef struct rx {
	fb_http_reply *reply;
	fb_buf body;
} rx;

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
	rx *x = userp;
	size_t len = size * n;

	if (fb_buf_add(&x->body, data, len) != 0) {
		if (x->body.over)
			x->reply->fail = FB_NET_TOO_BIG;
		return 0; /* aborts the transfer */
	}
	return len;
}

/* "Name: value\r\n" -> copies a trimmed value when the name matches. */
static int header_value(const char *line, size_t len, const char *name,
			char *out, size_t out_size)
{
	size_t nl = strlen(name), vlen;
	const char *v, *end = line + len;

	if (len <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return 0;
	v = line + nl + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	vlen = (size_t)(end - v);
	if (vlen >= out_size)
		vlen = out_size - 1;
	memcpy(out, v, vlen);
	out[vlen] = '\0';
	return 1;
}

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
	fb_http_reply *r = userp;
	size_t len = size * n;
	char v[128];

	/* A new status line (after a 100 Continue or a redirect) starts over. */
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		r->marker_header = false;
		r->retry_after[0] = '\0';
		r->etag[0] = '\0';
		return len;
	}
	if (header_value(data, len, FB_PROTOCOL_HEADER, v, sizeof v))
		r->marker_header = strcmp(v, FB_PROTOCOL) == 0;
	else if (!header_value(data, len, "Retry-After", r->retry_after, sizeof r->retry_after))
		header_value(data, len, "ETag", r->etag, sizeof r->etag);
	return len;
}

static fb_net_fail classify(CURLcode c)
{
	switch (c) {
	case CURLE_OK:
		return FB_NET_OK;
	case CURLE_OPERATION_TIMEDOUT:
		return FB_NET_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return FB_NET_TLS;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return FB_NET_CONNECT;
	default:
		return FB_NET_OTHER;
	}
}

/* What to do about failure c, into clock (at least 32 bytes) when it names
 * this device's clock: a certificate "expired" or "not yet valid" is most
 * often a wall clock a long way off, so the words say what it reads. */
static const char *advice(CURLcode c, const char *detail, char *clock, size_t clock_size)
{
	switch (c) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ISSUER_ERROR:
		if (strstr(detail, "expired") || strstr(detail, "not yet valid")) {
			char now[32];

			fb_format_utc(fb_wall_ms(), now, sizeof now);
			now[10] = '\0';  /* the day is enough to see a wrong year */
			snprintf(clock, clock_size, "check this device's clock is right (it reads %s;"
				 " NTP), then ask the Trust to renew the collector's certificate", now);
			return clock;
		}
		if (strstr(detail, "name"))
			return "check collector_url's host name is the one on the collector's certificate";
		return "check ca_file names the Trust's CA and the collector's certificate "
		       "is signed by it";
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return "the collector's key does not match pinned_pubkey; check the pin";
	case CURLE_SSL_CACERT_BADFILE:
		return "check ca_file exists and holds PEM certificates";
	case CURLE_COULDNT_RESOLVE_HOST:
		return "check collector_url's host name and the network's DNS";
	case CURLE_COULDNT_RESOLVE_PROXY:
		return "check the proxy setting";
	case CURLE_COULDNT_CONNECT:
		return "check the collector is running and reachable from this network";
	case CURLE_OPERATION_TIMEDOUT:
		return "the collector or network is slow; will retry";
	default:
		return "will retry";
	}
}

/* Words for a failure when a proxy is or may be in the way: returns
 * snprintf's count (non-zero) when it wrote them into out, 0 when the failure
 * has nothing to do with the proxy (the caller words it then). */
static int proxy_failure(curl_transport *t, CURLcode c, const char *detail,
			 char *out, size_t out_size)
{
	long connect_code = 0;
	curl_off_t connected_us = 0, sending_us = 0;
	char check[96];

	if (t->proxy_use == PROXY_NONE)
		return 0;
	if (strcmp(t->proxy_from, "[sync] proxy") == 0)
		snprintf(check, sizeof check, "check [sync] proxy");
	else
		snprintf(check, sizeof check, "check [sync] proxy or the %s environment variable",
			 t->proxy_from);
	curl_easy_getinfo(t->h, CURLINFO_HTTP_CONNECTCODE, &connect_code);
	/* Neither connected nor sending: we never got past the proxy. (A kept-
	 * alive tunnel shows no connect time but does show the sending.) */
	curl_easy_getinfo(t->h, CURLINFO_CONNECT_TIME_T, &connected_us);
	curl_easy_getinfo(t->h, CURLINFO_PRETRANSFER_TIME_T, &sending_us);
	if (connect_code >= 300) {
		return snprintf(out, out_size, "the proxy %s (from %s) would not open a tunnel to the "
			 "collector: it answered HTTP %ld; check the proxy lets this device reach "
			 "collector_url's host over https, and that the collector is running",
			 t->proxy_label, t->proxy_from, connect_code);
	}
	if (c == CURLE_COULDNT_RESOLVE_PROXY ||
	    (t->proxy_use == PROXY_SURE && connected_us == 0 && sending_us == 0 &&
	     (c == CURLE_COULDNT_CONNECT || c == CURLE_OPERATION_TIMEDOUT))) {
		return snprintf(out, out_size, "unable to reach the proxy %s (from %s): %s; %s and that "
			 "the proxy is running", t->proxy_label, t->proxy_from, detail, check);
	}
	if (t->proxy_use == PROXY_MAYBE && c == CURLE_COULDNT_CONNECT) {
		return snprintf(out, out_size, "unable to reach the collector or the proxy %s (from %s, "
			 "unless no_proxy exempts the collector): %s; %s, no_proxy, and that the "
			 "proxy and the collector are running", t->proxy_label, t->proxy_from,
			 detail, check);
	}
	return 0;
}

/* "scheme://host[:port]" of a proxy URL, leaving out any user:password. */
static void proxy_label(const char *url, char *out, size_t out_size)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;

	snprintf(out, out_size, "(unreadable address)");
	if (!u || curl_url_set(u, CURLUPART_URL, url,
			       CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK)
		port = NULL;
	snprintf(out, out_size, "%s://%s%s%s", scheme, host, port ? ":" : "", port ? port : "");
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

/* Which proxy libcurl will use, as far as we can tell without it. */
static void proxy_pick(curl_transport *t, const char *configured)
{
	static const char *const vars[] = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
	const char *url = NULL, *no = NULL;

	t->proxy_use = PROXY_NONE;
	t->proxy_from = "";
	if (configured && configured[0]) {
		url = configured;
		t->proxy_from = "[sync] proxy";
		t->proxy_use = PROXY_SURE;
	} else {
		for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !url; i++) {
			const char *v = getenv(vars[i]);

			if (v && v[0]) {
				url = v;
				t->proxy_from = vars[i];
			}
		}
		if (!url)
			return;
		no = getenv("no_proxy");
		if (!no || !no[0])
			no = getenv("NO_PROXY");
		t->proxy_use = no && no[0] ? PROXY_MAYBE : PROXY_SURE;
	}
	proxy_label(url, t->proxy_label, sizeof t->proxy_label);
}

/* Runs the request set up on t->h and fills reply (see transport.h). */
static int perform(curl_transport *t, fb_http_reply *reply, fb_err *err)
{
	rx x = {.reply = reply};
	CURLcode c;
	char clock[160];
	int rc = 0;

	fb_buf_init(&x.body, FB_REPLY_MAX_BYTES);
	t->errbuf[0] = '\0';
	curl_easy_setopt(t->h, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(t->h, CURLOPT_HEADERDATA, reply);
	c = curl_easy_perform(t->h);
	if (c != CURLE_OK) {
		fb_net_fail f = reply->fail == FB_NET_TOO_BIG ? FB_NET_TOO_BIG : classify(c);

		reply->status = 0;
		reply->fail = f == FB_NET_OK ? FB_NET_OTHER : f;
		if (f == FB_NET_TOO_BIG)
			snprintf(reply->error, sizeof reply->error,
				 "the collector's reply is longer than %d bytes; will retry",
				 FB_REPLY_MAX_BYTES);
		else if (!proxy_failure(t, c, t->errbuf[0] ? t->errbuf : curl_easy_strerror(c),
				       reply->error, sizeof reply->error))
			snprintf(reply->error, sizeof reply->error, "unable to reach the collector: %s; %s",
				 t->errbuf[0] ? t->errbuf : curl_easy_strerror(c),
				 advice(c, t->errbuf, clock, sizeof clock));
		goto out;
	}
	curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &reply->status);
	/* Never NULL: an empty reply is "". */
	reply->body = fb_buf_take(&x.body, &reply->body_len);
	if (!reply->body)
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory reading a reply");
out:
	fb_buf_free(&x.body);
	return rc;
}

static int curl_post(fb_transport *base, const char *path, const void *body,
		     size_t body_len, bool gzipped, fb_http_reply *reply,
		     fb_err *err)
{
	curl_transport *t = (curl_transport *)base;
	char url[1024];
	int rc;

	fb_http_reply_clear(reply);
	if ((size_t)snprintf(url, sizeof url, "%s%s", t->base_url, path) >= sizeof url)
		return fb_err_set(err, FB_ERR_INVALID, "collector_url is too long; check the config");
	curl_easy_setopt(t->h, CURLOPT_URL, url);
	curl_easy_setopt(t->h, CURLOPT_POST, 1L);
	curl_easy_setopt(t->h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(t->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	curl_easy_setopt(t->h, CURLOPT_HTTPHEADER, gzipped ? t->headers_gzip : t->headers_plain);
	rc = perform(t, reply, err);
	/* Never keep a pointer to the caller's body past the call. */
	curl_easy_setopt(t->h, CURLOPT_POSTFIELDS, NULL);
	return rc;
}

static int curl_get(fb_transport *base, const char *path_query, const char *if_none_match,
		    fb_http_reply *reply, fb_err *err)
{
	curl_transport *t = (curl_transport *)base;
	struct curl_slist *h = NULL, *n;
	char url[1024], inm[160];
	int rc = 0;

	fb_http_reply_clear(reply);
	if ((size_t)snprintf(url, sizeof url, "%s%s", t->base_url, path_query) >= sizeof url)
		return fb_err_set(err, FB_ERR_INVALID, "collector_url is too long; check the config");
	/* The same headers as a POST (the token among them), plus the ETag. */
	for (struct curl_slist *l = t->headers_plain; l; l = l->next) {
		n = curl_slist_append(h, l->data);
		if (!n) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
			goto out;
		}
		h = n;
	}
	if (if_none_match && if_none_match[0]) {
		snprintf(inm, sizeof inm, "If-None-Match: %s", if_none_match);
		n = curl_slist_append(h, inm);
		if (!n) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
			goto out;
		}
		h = n;
	}
	curl_easy_setopt(t->h, CURLOPT_URL, url);
	curl_easy_setopt(t->h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(t->h, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(t->h, CURLOPT_TIMEOUT_MS,
			 t->timeout_ms < GET_TIMEOUT_MAX_MS ? t->timeout_ms : GET_TIMEOUT_MAX_MS);
	rc = perform(t, reply, err);
	curl_easy_setopt(t->h, CURLOPT_TIMEOUT_MS, t->timeout_ms);
	curl_easy_setopt(t->h, CURLOPT_HTTPHEADER, NULL);
out:
	/* The list holds the token: wipe it before it goes. */
	for (struct curl_slist *l = h; l; l = l->next)
		sodium_memzero(l->data, strlen(l->data));
	curl_slist_free_all(h);
	return rc;
}

static void ct_free(fb_transport *base)
{
	curl_transport *t = (curl_transport *)base;

	if (!t)
		return;
	if (t->h)
		curl_easy_cleanup(t->h);
	curl_slist_free_all(t->headers_plain);
	curl_slist_free_all(t->headers_gzip);
	if (t->auth_header) {
		sodium_memzero(t->auth_header, strlen(t->auth_header));
		free(t->auth_header);
	}
	free(t->base_url);
	free(t);
}

static const fb_transport_ops curl_ops = {curl_post, curl_get, ct_free};

static struct curl_slist *make_headers(const char *auth, bool gzipped)
{
	struct curl_slist *l = NULL, *n;
	const char *lines[] = {
		"Content-Type: application/json",
		"Accept: application/json",
		"Expect:",   /* no 100-continue round trip */
		gzipped ? "Content-Encoding: gzip" : NULL,
	};

	n = curl_slist_append(l, auth);
	if (!n)
		return NULL;
	l = n;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		if (!lines[i])
			continue;
		n = curl_slist_append(l, lines[i]);
		if (!n) {
			curl_slist_free_all(l);
			return NULL;
		}
		l = n;
	}
	return l;
}

int fb_transport_curl_new(fb_transport **out, const fb_transport_opts *o,
			  fb_err *err)
{
	curl_transport *t = NULL;
	size_t n;
	int rc = 0;

	*out = NULL;
	if (!curl_inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return fb_err_set(err, FB_ERR_NETWORK, "unable to start libcurl");
		curl_inited = 1;
	}
	if (!o->base_url || strncmp(o->base_url, "https://", 8) != 0)
		return fb_err_set(err, FB_ERR_INVALID,
				  "collector_url '%s' must start with https://; check the config",
				  o->base_url ? o->base_url : "");
	if (!o->no_token && (!o->token || !o->token[0]))
		return fb_err_set(err, FB_ERR_INVALID, "the device token is empty; check token_file");
	const char *tok = o->no_token ? "" : o->token;
	t = calloc(1, sizeof *t);
	if (!t)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory");
	t->base.ops = &curl_ops;
	t->base_url = strdup(o->base_url);
	n = strlen("Authorization: Bearer ") + strlen(tok) + 1;
	t->auth_header = malloc(n);
	t->h = curl_easy_init();
	if (!t->base_url || !t->auth_header || !t->h) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory setting up libcurl");
		goto out;
	}
	/* No trailing slash: paths start with one. */
	n = strlen(t->base_url);
	while (n > 8 && t->base_url[n - 1] == '/')
		t->base_url[--n] = '\0';
	/* "Authorization:" with nothing after it is a header curl does not send */
	if (o->no_token)
		snprintf(t->auth_header, strlen("Authorization: Bearer ") + 1, "Authorization:");
	else
		snprintf(t->auth_header, strlen("Authorization: Bearer ") + strlen(tok) + 1,
			 "Authorization: Bearer %s", tok);
	t->headers_plain = make_headers(t->auth_header, false);
	t->headers_gzip = make_headers(t->auth_header, true);
	if (!t->headers_plain || !t->headers_gzip) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory setting up libcurl");
		goto out;
	}
	curl_easy_setopt(t->h, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(t->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->h, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(t->h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(t->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(t->h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(t->h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(t->h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(t->h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(t->h, CURLOPT_USERAGENT, "feedback-syncd/" FB_VERSION);
	t->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 30000L;
	curl_easy_setopt(t->h, CURLOPT_TIMEOUT_MS, t->timeout_ms);
	curl_easy_setopt(t->h, CURLOPT_CONNECTTIMEOUT_MS,
			 o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
	curl_easy_setopt(t->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(t->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(t->h, CURLOPT_POST, 1L);
	if (o->ca_file && o->ca_file[0])
		curl_easy_setopt(t->h, CURLOPT_CAINFO, o->ca_file);
	if (o->pinned_pubkey && o->pinned_pubkey[0] &&
	    curl_easy_setopt(t->h, CURLOPT_PINNEDPUBLICKEY, o->pinned_pubkey) != CURLE_OK) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"pinned_pubkey is not supported by this libcurl; check the config");
		goto out;
	}
	/* Without a proxy setting libcurl reads https_proxy / no_proxy itself.
	 * With one, no_proxy must not quietly send us around it: NOPROXY "". */
	proxy_pick(t, o->proxy);
	if (o->proxy && o->proxy[0] &&
	    (curl_easy_setopt(t->h, CURLOPT_PROXY, o->proxy) != CURLE_OK ||
	     curl_easy_setopt(t->h, CURLOPT_NOPROXY, "") != CURLE_OK)) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory setting up libcurl");
		goto out;
	}
	*out = &t->base;
	t = NULL;
out:
	ct_free(t ? &t->base : NULL);
	return rc;
}
