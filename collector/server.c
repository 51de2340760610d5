/* server.c: libmicrohttpd in thread-pool mode with epoll, TLS only.
 *
 * Limits per client. libmicrohttpd's own idle timeout restarts on every
 * byte, so a client that trickles its header a byte a second (or stops
 * half-way through the TLS handshake and sends a byte now and then) would
 * hold its connection for ever. So:
 *  - guard.h puts a deadline on the whole request header from the first
 *    byte: the connection is registered when libmicrohttpd accepts it
 *    (MHD_OPTION_NOTIFY_CONNECTION, STARTED, before any TLS), marked busy
 *    when the access handler first sees a request and idle again when the
 *    request completes (MHD_OPTION_NOTIFY_COMPLETED);
 *  - MHD_OPTION_PER_IP_CONNECTION_LIMIT and MHD_OPTION_CONNECTION_LIMIT are
 *    the hard caps, and the guard keeps room below them by cutting waiting
 *    connections first (see guard.h), so a device that connects gets in.
 *    libmicrohttpd splits CONNECTION_LIMIT evenly between its workers, and
 *    a worker at its share closes a new connection even while the others
 *    have room; so it gets twice max_connections, and the guard (which sees
 *    every worker) holds the total to max_connections' 3/4 mark.
 * Checked in libmicrohttpd 0.9.75 (Debian 12), src/microhttpd/daemon.c:
 * MHD_cleanup_connections() and the failure path of
 * new_connection_process_() call notify_connection(...CLOSED) before
 * MHD_socket_close_chk_(socket_fd); MHD_connection_close_() only shuts the
 * socket down. So the guard drops a socket from its list while the number
 * is still ours, and never shuts down a reused descriptor. STARTED comes in
 * new_connection_process_(), right after accept and before the TLS
 * handshake. The per-address counts live in the master daemon (shared by
 * every worker); the global cap is split evenly between the workers. */
#include "server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "buf.h"
#include "enrol.h"
#include "clock.h"
#include "gz.h"
#include "guard.h"
#include "offload.h"
#include "seclog.h"
#include "throttle.h"

#define PEM_MAX (1024 * 1024)
#define TOKEN_MAX 256
#define ENROL_BODY_MAX 1024
#define FD_SPARE 128                /* descriptors beyond connections: db, logs, files */
#define PAGES_WAITING_MAX 256       /* staff pages queued for the page threads */
#define WEB_ARGS_MAX 32             /* query-string arguments a page is given */
#define LOG_PATH_MAX 96             /* a path as logged, at most */

struct coll_server {
	struct MHD_Daemon *d;
	const coll_config *cfg;
	coll_store *st;
	coll_ingest *ig;
	coll_web *w;
	coll_guard *guard;
	coll_offload *pages;        /* makes the staff pages off the HTTP workers */
	coll_throttle *enrol_throttle;   /* wrong enrolment codes, by address and device id */
	char *cert_pem;
	char *key_pem;     /* sodium_malloc'd: wiped on stop */
	size_t key_len;
};

typedef enum route {
	ROUTE_RESPONSES,
	ROUTE_HEARTBEAT,
	ROUTE_CONFIG,              /* GET /v1/config: no body */
	ROUTE_ENROL,               /* POST /v1/enrol: a one-time code, no token yet */
	ROUTE_V1_OTHER,
	ROUTE_WEB,
} route;

typedef struct req {
	route r;
	int early_status;          /* decided before the body: answer at the end */
	char early_msg[200];
	coll_store_device dev;
	bool gzip;
	bool too_big;
	fb_buf body;               /* capped at limit; data NULL until a byte came */
	size_t limit;
	int64_t started_ms;
	/* ROUTE_WEB: the page is made on sv->pages while the connection is
	 * suspended; the worker sends it when resumed. */
	coll_server *sv;
	struct MHD_Connection *conn;
	enum { PAGE_NONE, PAGE_MAKING, PAGE_MADE, PAGE_BUSY } page;
	coll_web_request wr;
	coll_web_reply rep;
	/* the access line (one per request, written when it completes) */
	char addr[INET6_ADDRSTRLEN];   /* the client: the peer, or behind a trusted proxy
					* the address it forwarded */
	char via[INET6_ADDRSTRLEN];    /* the trusted proxy it came through, "" none */
	char method[12];
	char path[LOG_PATH_MAX];       /* cleaned (log.h); never the query string */
	char user[COLL_STORE_ID_MAX];  /* signed-in person, cleaned; "" none */
	int status;                    /* 0 until a reply was queued */
	size_t n_args;
	struct { char *name, *value; } args[WEB_ARGS_MAX];
} req;

static char *read_pem(const char *path, bool secret, size_t *len_out, fb_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	if (!f) {
		fb_err_set(err, FB_ERR_IO, "unable to open '%s'; check tls_cert_file and tls_key_file", path);
		return NULL;
	}
	buf = secret ? sodium_malloc(PEM_MAX + 1) : malloc(PEM_MAX + 1);
	if (buf) {
		n = fread(buf, 1, PEM_MAX, f);
		buf[n] = '\0';
	}
	fclose(f);
	if (!buf || n == 0) {
		fb_err_set(err, FB_ERR_IO, "unable to read '%s' (empty or unreadable)", path);
		if (buf && secret)
			sodium_free(buf);
		else
			free(buf);
		return NULL;
	}
	*len_out = n;
	return buf;
}

/* Queues the reply and remembers its status for the access line. */
static enum MHD_Result queue(req *rq, struct MHD_Connection *c, int status, struct MHD_Response *resp)
{
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
	if (ret == MHD_YES)
		rq->status = status;
	return ret;
}

static enum MHD_Result send_reply(req *rq, struct MHD_Connection *c, int status, char *body,
				  size_t len, const char *type, bool v1, int retry_after)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	if (v1)
		MHD_add_response_header(resp, FB_PROTOCOL_HEADER, FB_PROTOCOL);
	if (retry_after > 0) {
		char ra[16];
		snprintf(ra, sizeof ra, "%d", retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	enum MHD_Result ret = queue(rq, c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result send_v1_error(req *rq, struct MHD_Connection *c, int status, const char *msg)
{
	char *body = fb_proto_error_body(msg);
	if (!body)
		return MHD_NO;
	return send_reply(rq, c, status, body, strlen(body), "application/json", true,
			  status == 503 ? 30 : 0);
}

/* The client's address as text ("192.0.2.7", "2001:db8::1"); "" when
 * libmicrohttpd does not know it. */
static void client_address(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	out[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
			  (socklen_t)size);
}

/* Who is asking, for the log, the audit trail and the throttles: the peer,
 * unless the peer is one of [server] trusted_proxies and says in
 * X-Forwarded-For whom it speaks for (the last address there, the one it
 * added itself); then that address, and the proxy in rq->via. From anyone
 * else the header is ignored: a client cannot choose its own address. */
static void client_of(const coll_server *sv, struct MHD_Connection *c, req *rq)
{
	char peer[INET6_ADDRSTRLEN];
	client_address(c, peer, sizeof peer);
	snprintf(rq->addr, sizeof rq->addr, "%s", peer);
	rq->via[0] = '\0';
	bool trusted = false;
	/* on an IPv6 socket an IPv4 proxy is "::ffff:192.0.2.10" */
	const char *v4 = strncmp(peer, "::ffff:", 7) == 0 && strchr(peer, '.') ? peer + 7 : peer;
	for (int i = 0; i < sv->cfg->n_trusted_proxies && peer[0] && !trusted; i++)
		trusted = strcmp(peer, sv->cfg->trusted_proxies[i]) == 0 ||
			  strcmp(v4, sv->cfg->trusted_proxies[i]) == 0;
	const char *xff = trusted ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
	if (!xff)
		return;
	const char *last = strrchr(xff, ',');
	char one[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof one)
		return;
	memcpy(one, last, n);
	one[n] = '\0';
	if (inet_pton(AF_INET, one, bin) == 1)
		inet_ntop(AF_INET, bin, rq->addr, sizeof rq->addr);
	else if (inet_pton(AF_INET6, one, bin) == 1)
		inet_ntop(AF_INET6, bin, rq->addr, sizeof rq->addr);
	else
		return;
	snprintf(rq->via, sizeof rq->via, "%s", peer);
}

static coll_seclog_who who_of(const req *rq)
{
	return (coll_seclog_who){rq->addr, rq->via, rq->user, rq->dev.id};
}

/* Looks the bearer token up; sets early_status when it is not good, and
 * logs the refusal (the token never). */
static void authenticate(coll_server *sv, struct MHD_Connection *c, req *rq)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	unsigned char hash[COLL_STORE_HASH_LEN];
	fb_err err;
	const char *token;
	size_t len;

	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0) {
		rq->early_status = 401;
		snprintf(rq->early_msg, sizeof rq->early_msg,
			 "no device token; send Authorization: Bearer <token>");
		coll_seclog_event(&(coll_seclog_who){rq->addr, rq->via, NULL, NULL}, "device-refused",
				  rq->path, "no device token");
		return;
	}
	token = auth + 7;
	len = strlen(token);
	if (len == 0 || len > TOKEN_MAX) {
		rq->early_status = 401;
		snprintf(rq->early_msg, sizeof rq->early_msg, "device token not recognised");
		coll_seclog_event(&(coll_seclog_who){rq->addr, rq->via, NULL, NULL}, "device-refused",
				  rq->path, "device token not recognised");
		return;
	}
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token, len, NULL, 0);
	int rc = coll_store_device_by_token(sv->st, hash, &rq->dev, &err);
	if (rc == FB_ERR_NOTFOUND) {
		rq->early_status = 401;
		snprintf(rq->early_msg, sizeof rq->early_msg,
			 "device token not recognised; enrol the device with 'feedback-collector device add'");
		/* a wrong token names no device: the claim is in the body, not read */
		coll_seclog_event(&(coll_seclog_who){rq->addr, rq->via, NULL, NULL}, "device-refused",
				  rq->path, "device token not recognised");
	} else if (rc) {
		fb_log("token lookup failed: %s", err.msg);
		rq->early_status = 503;
		snprintf(rq->early_msg, sizeof rq->early_msg, "the collector cannot check tokens just now; retry later");
	} else if (rq->dev.revoked) {
		rq->early_status = 403;
		snprintf(rq->early_msg, sizeof rq->early_msg,
			 "device '%s' has been revoked; re-enrol it to send again", rq->dev.id);
		coll_seclog_event(&(coll_seclog_who){rq->addr, rq->via, NULL, rq->dev.id},
				  "device-refused", rq->path, "the device's token was revoked");
	}
}

static req *req_new(coll_server *sv, struct MHD_Connection *c, const char *url, const char *method)
{
	req *rq = calloc(1, sizeof *rq);
	if (!rq)
		return NULL;
	rq->started_ms = fb_mono_ms();
	rq->limit = sv->cfg->max_body_bytes;
	client_of(sv, c, rq);
	snprintf(rq->method, sizeof rq->method, "%s", method);
	fb_log_clean(url, rq->path, sizeof rq->path);   /* MHD's url has no query string */
	if (strncmp(url, "/v1/", 4) != 0) {
		rq->r = ROUTE_WEB;
		rq->limit = 64 * 1024;   /* forms are small */
		if (!sv->w)
			rq->early_status = 404;
		return rq;
	}
	rq->r = strcmp(url, "/v1/responses") == 0 ? ROUTE_RESPONSES :
		strcmp(url, "/v1/heartbeat") == 0 ? ROUTE_HEARTBEAT :
		strcmp(url, "/v1/config") == 0 ? ROUTE_CONFIG :
		strcmp(url, "/v1/enrol") == 0 ? ROUTE_ENROL : ROUTE_V1_OTHER;
	if (rq->r == ROUTE_V1_OTHER) {
		rq->early_status = 404;
		snprintf(rq->early_msg, sizeof rq->early_msg, "no such endpoint: %s", url);
		return rq;
	}
	if (rq->r == ROUTE_CONFIG) {
		rq->limit = 0;   /* a GET carries no body */
		if (strcmp(method, "GET") != 0) {
			rq->early_status = 405;
			snprintf(rq->early_msg, sizeof rq->early_msg, "use GET");
			return rq;
		}
		authenticate(sv, c, rq);
		return rq;
	}
	if (strcmp(method, "POST") != 0) {
		rq->early_status = 405;
		snprintf(rq->early_msg, sizeof rq->early_msg, "use POST");
		return rq;
	}
	if (rq->r == ROUTE_ENROL) {
		rq->limit = ENROL_BODY_MAX;   /* no token yet: a small body only */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > rq->limit) {
			rq->early_status = 413;
			snprintf(rq->early_msg, sizeof rq->early_msg, "body larger than %zu bytes",
				 rq->limit);
		}
		return rq;
	}
	authenticate(sv, c, rq);
	if (rq->early_status)
		return rq;
	const char *enc = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Encoding");
	if (enc && strcasecmp(enc, "gzip") == 0) {
		rq->gzip = true;
	} else if (enc && strcasecmp(enc, "identity") != 0) {
		rq->early_status = 400;
		snprintf(rq->early_msg, sizeof rq->early_msg, "Content-Encoding must be gzip or identity");
		return rq;
	}
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (cl && strtoull(cl, NULL, 10) > rq->limit) {
		rq->early_status = 413;
		snprintf(rq->early_msg, sizeof rq->early_msg,
			 "body larger than %zu bytes; send fewer records", rq->limit);
	}
	return rq;
}

static void req_free(req *rq)
{
	if (!rq)
		return;
	fb_buf_free(&rq->body);
	coll_web_reply_clear(&rq->rep);     /* a page made for a client that left */
	for (size_t i = 0; i < rq->n_args; i++) {
		free(rq->args[i].name);
		free(rq->args[i].value);
	}
	free(rq);
}

static coll_guard_conn *guard_conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* STARTED: right after accept, before the TLS handshake. CLOSED: before
 * libmicrohttpd closes the socket (see the top of this file). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	coll_server *sv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		char addr[INET6_ADDRSTRLEN];
		client_address(c, addr, sizeof addr);
		*socket_context = ci ? coll_guard_open(sv->guard, ci->connect_fd, addr) : NULL;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		coll_guard_close(sv->guard, *socket_context);
		*socket_context = NULL;
	}
}

/* Why a request ended, for its access line; NULL when it completed. */
static const char *end_word(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK: return NULL;
	case MHD_REQUEST_TERMINATED_WITH_ERROR: return "error";
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: return "timeout";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: return "shutdown";
	case MHD_REQUEST_TERMINATED_READ_ERROR: return "read-error";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT: return "client-abort";
	}
	return "error";
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	coll_server *sv = cls;
	req *rq = *con_cls;
	if (rq) {          /* the access handler saw this request */
		coll_guard_idle(sv->guard, guard_conn_of(c));
		coll_seclog_who who = who_of(rq);
		coll_seclog_access(&who, rq->method, rq->path, rq->status,
				   fb_mono_ms() - rq->started_ms, end_word(toe));
	}
	req_free(*con_cls);
	*con_cls = NULL;
}

/* Past the limit the rest of the body is dropped and 413 answered at the
 * end; false only when out of memory. */
static bool body_append(req *rq, const char *data, size_t n)
{
	if (fb_buf_add(&rq->body, data, n) == 0)
		return true;
	rq->too_big = rq->body.over;
	return rq->body.over;
}

/* GET /v1/config: 200 with the document and its ETag, or 304 with neither
 * body nor cost. */
static enum MHD_Result finish_config(coll_server *sv, struct MHD_Connection *c, req *rq)
{
	coll_ingest_config_reply rep;
	const char *loc = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "location");
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	char etag[48];
	coll_ingest_config(sv->ig, &rq->dev, loc, inm, fb_wall_ms(), &rep);
	if (rep.status != 200 && rep.status != 304) {
		if (!rep.body)
			return send_v1_error(rq, c, 500, "out of memory");
		return send_reply(rq, c, rep.status, rep.body, strlen(rep.body), "application/json", true,
				  rep.retry_after_s);
	}
	snprintf(etag, sizeof etag, "\"%s\"", rep.etag);
	struct MHD_Response *resp = rep.body ?
		MHD_create_response_from_buffer(strlen(rep.body), rep.body, MHD_RESPMEM_MUST_FREE) :
		MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(rep.body);
		return MHD_NO;
	}
	if (rep.body)
		MHD_add_response_header(resp, "Content-Type", "application/json");
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	MHD_add_response_header(resp, FB_PROTOCOL_HEADER, FB_PROTOCOL);
	enum MHD_Result ret = queue(rq, c, rep.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result finish_v1(coll_server *sv, struct MHD_Connection *c, req *rq)
{
	coll_ingest_reply rep;
	char *plain = NULL;
	size_t plain_len = 0;
	fb_err err;
	const char *body = rq->body.data ? rq->body.data : "";
	size_t len = rq->body.len;

	if (rq->too_big) {
		char msg[120];
		snprintf(msg, sizeof msg, "body larger than %zu bytes; send fewer records", rq->limit);
		return send_v1_error(rq, c, 413, msg);
	}
	if (rq->gzip) {
		int rc = fb_gunzip(body, len, rq->limit, &plain, &plain_len, &err);
		if (rc) {
			char msg[sizeof err.msg + 40];
			snprintf(msg, sizeof msg, "request body: %s%s", err.msg,
				 rc == FB_ERR_FULL ? "; send fewer records" : "");
			return send_v1_error(rq, c, rc == FB_ERR_FULL ? 413 : 400, msg);
		}
		body = plain;
		len = plain_len;
	}
	int64_t now = fb_wall_ms();
	if (rq->r == ROUTE_RESPONSES)
		coll_ingest_responses(sv->ig, &rq->dev, body, len, now, &rep);
	else
		coll_ingest_heartbeat(sv->ig, &rq->dev, body, len, now, &rep);
	free(plain);
	if (!rep.body)
		return send_v1_error(rq, c, 500, "out of memory");
	char *out = rep.body;
	rep.body = NULL;
	return send_reply(rq, c, rep.status, out, strlen(out), "application/json", true,
			  rep.retry_after_s);
}

/* POST /v1/enrol: a good code for the device id enrols it (enrol.h) and
 * answers 201 with its token, once; a wrong one 403, the same words
 * whatever was wrong, and every wrong one counts against the client's
 * address (and the device id) in enrol_throttle: after a few, 429 with
 * Retry-After, doubling. Neither the code nor the token is logged. */
static enum MHD_Result finish_enrol(coll_server *sv, struct MHD_Connection *c, req *rq)
{
	char device_id[COLL_STORE_ID_MAX], code[32];
	const char *addr = rq->addr;
	char token[COLL_ENROL_TOKEN_TEXT];
	coll_store_device dev;
	coll_store_location locs[COLL_STORE_DEVICE_LOCATIONS_MAX];
	const char *codes[COLL_STORE_DEVICE_LOCATIONS_MAX], *names[COLL_STORE_DEVICE_LOCATIONS_MAX];
	fb_err err;
	int64_t now = fb_wall_ms();
	enum MHD_Result ret;

	if (rq->too_big)
		return send_v1_error(rq, c, 413, "body larger than 1024 bytes");
	if (fb_proto_enrol_read(rq->body.data, rq->body.len, device_id, sizeof device_id, code,
				sizeof code, &err) != 0) {
		sodium_memzero(code, sizeof code);
		return send_v1_error(rq, c, 400, err.msg);
	}
	/* the device id claimed, for the log (checked against the code below) */
	coll_seclog_who who = {rq->addr, rq->via, NULL, device_id};
	int64_t wait = coll_throttle_wait(sv->enrol_throttle, device_id, addr, fb_mono_ms());
	if (wait > 0) {
		char msg[160];
		char *body;
		sodium_memzero(code, sizeof code);
		coll_seclog_event(&who, "enrol-locked", NULL, "too many wrong enrolment codes;"
				  " refused unchecked for %lld s", (long long)((wait + 999) / 1000));
		snprintf(msg, sizeof msg, "too many wrong enrolment codes from here; wait %lld seconds"
			 " and type the code again", (long long)((wait + 999) / 1000));
		body = fb_proto_error_body(msg);
		return body ? send_reply(rq, c, 429, body, strlen(body), "application/json", true,
					 (int)((wait + 999) / 1000)) : MHD_NO;
	}
	char actor_name[COLL_STORE_ID_MAX + 16];
	snprintf(actor_name, sizeof actor_name, "device %s", device_id);
	coll_actor a = {actor_name, addr, now};
	int rc = coll_enrol_redeem(sv->st, &a, code, device_id, token, &dev, &err);
	sodium_memzero(code, sizeof code);
	if (rc == FB_ERR_NOTFOUND) {
		coll_throttle_fail(sv->enrol_throttle, device_id, addr, fb_mono_ms());
		coll_seclog_event(&who, "enrol-code-wrong", NULL, "a wrong, used or out-of-date"
				  " enrolment code");
		return send_v1_error(rq, c, 403, COLL_ENROL_REFUSED);
	}
	if (rc == FB_ERR_INVALID)
		return send_v1_error(rq, c, 400, err.msg);
	if (rc) {
		fb_log("enrolling device '%s' failed: %s", device_id,
			err.msg);
		return send_v1_error(rq, c, 503, "the collector cannot enrol devices just now; retry later");
	}
	coll_throttle_success(sv->enrol_throttle, device_id);
	for (size_t i = 0; i < dev.n_locations; i++) {
		if (coll_store_location_get(sv->st, dev.locations[i], &locs[i], &err) != 0)
			snprintf(locs[i].name, sizeof locs[i].name, "%s", dev.locations[i]);
		codes[i] = dev.locations[i];
		names[i] = locs[i].name;
	}
	coll_seclog_event(&who, "enrol-code-used", NULL, "enrolled with its one-time code");
	snprintf(rq->dev.id, sizeof rq->dev.id, "%s", dev.id);   /* the access line's device */
	char *body = fb_proto_enrol_reply(dev.id, token, codes, names, dev.n_locations);
	sodium_memzero(token, sizeof token);
	if (!body)
		return send_v1_error(rq, c, 500, "out of memory");
	size_t len = strlen(body);
	ret = send_reply(rq, c, 201, body, len, "application/json", true, 0);
	return ret;
}

/* The page threads read the query string from copies, never from the
 * connection (which belongs to its worker). */
static const char *web_arg(void *ctx, const char *name)
{
	const req *rq = ctx;
	for (size_t i = 0; i < rq->n_args; i++)
		if (strcmp(rq->args[i].name, name) == 0)
			return rq->args[i].value;
	return NULL;
}

static enum MHD_Result copy_arg(void *cls, enum MHD_ValueKind kind, const char *name,
				const char *value)
{
	req *rq = cls;
	(void)kind;
	if (rq->n_args == WEB_ARGS_MAX)
		return MHD_NO;                      /* the rest are not for our pages */
	char *n = strdup(name), *v = strdup(value ? value : "");
	if (!n || !v) {
		free(n);
		free(v);
		return MHD_NO;
	}
	rq->args[rq->n_args].name = n;
	rq->args[rq->n_args].value = v;
	rq->n_args++;
	return MHD_YES;
}

/* On a page thread: makes the page, then hands the connection back. */
static void make_page(void *arg)
{
	req *rq = arg;
	coll_web_handle(rq->sv->w, &rq->wr, &rq->rep);
	rq->page = PAGE_MADE;
	MHD_resume_connection(rq->conn);    /* its mutex publishes the page */
}

static enum MHD_Result finish_web(coll_server *sv, struct MHD_Connection *c, req *rq,
				  const char *url, const char *method)
{
	if (rq->too_big) {
		char *b = strdup("request too large\n");
		return b ? send_reply(rq, c, 413, b, strlen(b), "text/plain; charset=utf-8", false, 0) : MHD_NO;
	}
	if (rq->page == PAGE_NONE) {
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, copy_arg, rq);
		/* url, method and the header values live in the connection's pool
		 * until the request ends: the page thread may read them. */
		rq->wr = (coll_web_request){
			.method = method,
			.path = url,
			.cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie"),
			.arg = web_arg,
			.arg_ctx = rq,
			.body = rq->body.data,
			.body_len = rq->body.len,
			.now_ms = fb_wall_ms(),
			.client_addr = rq->addr,
		};
		rq->sv = sv;
		rq->conn = c;
		rq->page = PAGE_MAKING;
		/* Suspended before the job can resume it; resumed at once when
		 * no page thread can take it. */
		MHD_suspend_connection(c);
		if (!coll_offload_run(sv->pages, make_page, rq)) {
			rq->page = PAGE_BUSY;
			MHD_resume_connection(c);
		}
		return MHD_YES;
	}
	if (rq->page == PAGE_MAKING)
		return MHD_YES;                     /* not resumed by us: wait */
	if (rq->page == PAGE_BUSY) {
		char *b = strdup("The results are busy just now. Try again in a minute.\n");
		return b ? send_reply(rq, c, 503, b, strlen(b), "text/plain; charset=utf-8", false, 60) : MHD_NO;
	}
	coll_web_reply rep = rq->rep;
	memset(&rq->rep, 0, sizeof rq->rep);
	snprintf(rq->user, sizeof rq->user, "%s", rep.user);   /* the access line's person */
	struct MHD_Response *resp;
	if (rep.body_file) {
		/* MHD reads the download from its own descriptor and closes it */
		int fd = dup(fileno(rep.body_file));
		resp = fd < 0 ? NULL : MHD_create_response_from_fd64(rep.len, fd);
		if (!resp && fd >= 0)
			close(fd);
	} else {
		resp = MHD_create_response_from_buffer(rep.len, rep.body, MHD_RESPMEM_MUST_FREE);
		if (resp)
			rep.body = NULL;
	}
	if (!resp) {
		coll_web_reply_clear(&rep);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", rep.content_type);
	MHD_add_response_header(resp, "Cache-Control", rep.cache_control[0] ? rep.cache_control : "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	MHD_add_response_header(resp, "Content-Security-Policy",
				/* styles and the one script (coding.js, the coding
				 * forms' keys) only from /assets/: no inline ones, no
				 * fonts (the NHS.UK CSS's web-font URLs are refused and
				 * it falls back to Arial) */
				"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
				" form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	if (rep.set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", rep.set_cookie);
	if (rep.location[0])
		MHD_add_response_header(resp, "Location", rep.location);
	if (rep.disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", rep.disposition);
	if (rep.retry_after_s > 0) {
		char ra[16];
		snprintf(ra, sizeof ra, "%d", rep.retry_after_s);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	enum MHD_Result ret = queue(rq, c, rep.status, resp);
	MHD_destroy_response(resp);
	coll_web_reply_clear(&rep);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	coll_server *sv = cls;
	req *rq = *con_cls;

	if (!rq) {
		coll_guard_busy(sv->guard, guard_conn_of(c));   /* the header is in */
		rq = req_new(sv, c, url, method);
		if (!rq)
			return MHD_NO;
		fb_buf_init(&rq->body, rq->limit);
		*con_cls = rq;
		/* Refuse before reading the body: the device learns at once and
		 * nobody can make us buffer an unauthenticated upload. */
		if (rq->early_status && rq->r != ROUTE_WEB)
			return send_v1_error(rq, c, rq->early_status, rq->early_msg);
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (fb_mono_ms() - rq->started_ms > (int64_t)sv->cfg->request_time_limit_s * 1000)
			return MHD_NO;   /* a slow sender is cut off */
		if (!body_append(rq, upload_data, *upload_data_size))
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->r == ROUTE_WEB) {
		if (rq->early_status) {
			char *b = strdup("not found\n");
			return b ? send_reply(rq, c, 404, b, strlen(b), "text/plain; charset=utf-8", false, 0) : MHD_NO;
		}
		return finish_web(sv, c, rq, url, method);
	}
	if (rq->r == ROUTE_CONFIG)
		return finish_config(sv, c, rq);
	if (rq->r == ROUTE_ENROL)
		return finish_enrol(sv, c, rq);
	return finish_v1(sv, c, rq);
}

__attribute__((format(printf, 2, 0)))
static void on_log(void *cls, const char *fmt, va_list ap)
{
	fb_vlog(fmt, ap);      /* libmicrohttpd's own errors, as our lines */
}

/* GnuTLS priorities: TLS 1.3 and 1.2 only, and in 1.2 only ECDHE key
 * exchange (forward secrecy: a key stolen later opens no recorded session)
 * with AEAD ciphers (no CBC, no RSA key transport, no SHA-1 MACs). Every
 * device's libcurl offers these. Checked by tests/integration/hardening.sh. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2" \
	":-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA" \
	":-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305" \
	":-MAC-ALL:+AEAD"

static unsigned mhd_connection_limit(const coll_config *cfg)
{
	return 2u * (unsigned)cfg->max_connections;
}

/* max_connections sockets need as many descriptors; systemd's default soft
 * limit is 1024. Raised towards the hard limit, never lowered. */
static void raise_fd_limit(const coll_config *cfg)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)mhd_connection_limit(cfg) + FD_SPARE;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		fb_log("only %llu file descriptors for max_connections = %d;"
			" raise LimitNOFILE in the service unit or lower max_connections",
			(unsigned long long)rl.rlim_cur, cfg->max_connections);
}

int coll_server_start(const coll_config *cfg, coll_store *s, coll_ingest *ig, coll_web *w,
		      coll_server **out, fb_err *err)
{
	int rc = 0;
	struct sockaddr_in sa4;
	struct sockaddr_in6 sa6;
	struct sockaddr *sa;
	/* epoll, not select: select cannot watch a socket numbered 1024 or more,
	 * and max_connections may be above that. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TLS |
			 MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	size_t cert_len = 0;

	*out = NULL;
	coll_server *sv = calloc(1, sizeof *sv);
	if (!sv)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting the server");
	sv->cfg = cfg;
	sv->st = s;
	sv->ig = ig;
	sv->w = w;
	memset(&sa4, 0, sizeof sa4);
	memset(&sa6, 0, sizeof sa6);
	if (inet_pton(AF_INET, cfg->listen_address, &sa4.sin_addr) == 1) {
		sa4.sin_family = AF_INET;
		sa4.sin_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sa4;
	} else if (inet_pton(AF_INET6, cfg->listen_address, &sa6.sin6_addr) == 1) {
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"listen_address '%s' is not an IPv4 or IPv6 address; check [server]",
				cfg->listen_address);
		goto out;
	}
	sv->cert_pem = read_pem(cfg->tls_cert_file, false, &cert_len, err);
	if (!sv->cert_pem) {
		rc = FB_ERR_IO;
		goto out;
	}
	sv->key_pem = read_pem(cfg->tls_key_file, true, &sv->key_len, err);
	if (!sv->key_pem) {
		rc = FB_ERR_IO;
		goto out;
	}
	raise_fd_limit(cfg);
	sv->enrol_throttle = coll_throttle_new(0);
	if (!sv->enrol_throttle) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory");
		goto out;
	}
	sv->guard = coll_guard_new((int64_t)cfg->header_deadline_s * 1000);
	if (!sv->guard) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "unable to start the connection watchdog (out of memory or threads)");
		goto out;
	}
	/* No shorter deadline near the cap (0): measured with
	 * collector_slow_clients.sh, a 1 s deadline made the slow clients
	 * reconnect five times as often, and the collector's handshake work
	 * slowed real pushes, while the room made on each new connection
	 * already lets a device in. */
	coll_guard_set_room(sv->guard, cfg->max_connections, cfg->max_connections_per_address, 0);
	/* As many page threads as HTTP workers: pages wait for each other,
	 * never the tablets for a page. */
	sv->pages = coll_offload_new(cfg->threads, PAGES_WAITING_MAX);
	if (!sv->pages) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "unable to start the page threads (out of memory or threads)");
		goto out;
	}
	sv->d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, sv,
		MHD_OPTION_EXTERNAL_LOGGER, on_log, sv,
		MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_HTTPS_MEM_CERT, sv->cert_pem,
		MHD_OPTION_HTTPS_MEM_KEY, sv->key_pem,
		MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITIES,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header_bytes,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->connection_timeout_s,
		MHD_OPTION_CONNECTION_LIMIT, mhd_connection_limit(cfg),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_connections_per_address,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, sv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, sv,
		MHD_OPTION_END);
	if (!sv->d) {
		rc = fb_err_set(err, FB_ERR_IO,
				"unable to listen on %s port %d with the configured certificate; check that the port is free and tls_cert_file/tls_key_file are a matching PEM pair",
				cfg->listen_address, cfg->port);
		goto out;
	}
	*out = sv;
	sv = NULL;
out:
	coll_server_stop(sv);
	return rc;
}

void coll_server_stop(coll_server *sv)
{
	if (!sv)
		return;
	if (sv->pages)
		coll_offload_close(sv->pages);   /* every suspended page resumed */
	if (sv->d) {
		MHD_stop_daemon(sv->d);   /* every CLOSED has been notified */
		fb_log("the header deadline cut %llu slow connections"
			" (%llu of them to make room for others)",
			(unsigned long long)coll_guard_cut_count(sv->guard),
			(unsigned long long)coll_guard_room_cut_count(sv->guard));
	}
	coll_offload_free(sv->pages);
	coll_guard_free(sv->guard);
	coll_throttle_free(sv->enrol_throttle);
	free(sv->cert_pem);
	if (sv->key_pem)
		sodium_free(sv->key_pem);
	free(sv);
}
