/* remote_config: see remote_config.h. Start reading at fb_rconf_fetch: one
 * GET, then by status: 304 nothing; 404 say so once; 200 read, check,
 * write or refuse; anything else is a failure to retry next time. */
#include "remote_config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

void fb_rconf_init(fb_rconf *r, const fb_config *cfg)
{
	fb_proto_config c;
	fb_err ignored = {0};
	char *text = NULL;
	size_t len = 0;

	memset(r, 0, sizeof *r);
	r->cfg = cfg;
	fb_config_data_path(cfg, FB_RCONF_FILE, r->path, sizeof r->path);
	fb_config_data_path(cfg, FB_RCONF_REFUSED_FILE, r->refused_path, sizeof r->refused_path);
	if (fb_read_file(r->path, FB_PROTO_CONFIG_BODY_MAX, "remote config", NULL, &text, &len,
			 &ignored) != 0)
		return;
	if (fb_proto_config_read(text, len, &c, r->etag, &ignored) == 0)
		fb_proto_config_clear(&c);
	else
		r->etag[0] = '\0';
	free(text);
}

const char *fb_rconf_result_name(fb_rconf_result r)
{
	switch (r) {
	case FB_RCONF_NEW: return "new";
	case FB_RCONF_UNCHANGED: return "unchanged";
	case FB_RCONF_REFUSED: return "refused";
	case FB_RCONF_UNAVAILABLE: return "unavailable";
	default: return "failed";
	}
}

/* Keeps the refused document and why, for the staff screen. */
static void write_refused(fb_rconf *r, const fb_http_reply *rep, const char *etag,
			  const char *reason, int64_t now_wall_ms, char *words, size_t words_size)
{
	json_t *o = json_pack("{s:s, s:s, s:I}", "reason", reason, "etag", etag,
			      "refused_ms", (json_int_t)now_wall_ms);
	json_t *doc = rep->body ? json_stringn(rep->body, rep->body_len) : NULL;
	char *text = NULL;
	fb_err err = {0};

	/* A body that is not UTF-8 cannot be a JSON string: the reason is
	 * what matters. */
	if (o && doc)
		json_object_set_new(o, "document", doc);
	else
		json_decref(doc);
	if (o)
		text = json_dumps(o, JSON_SORT_KEYS | JSON_INDENT(1));
	if (!text || fb_write_file_atomic(r->refused_path, text, strlen(text), &err) != 0)
		snprintf(words, words_size, "refused the Trust's config (%s), and could not keep "
			 "it for the staff screen: %s", reason, text ? err.msg : "out of memory");
	free(text);
	json_decref(o);
}

fb_rconf_result fb_rconf_fetch(fb_rconf *r, fb_transport *t, int64_t now_wall_ms,
			       char *words, size_t words_size)
{
	char path[128], inm[FB_PROTO_ETAG_LEN + 3], etag[FB_PROTO_ETAG_LEN + 1] = "";
	fb_http_reply rep = {0};
	fb_proto_config c;
	fb_err err = {0};
	fb_rconf_result res = FB_RCONF_FAILED;
	bool have = false;

	words[0] = '\0';
	snprintf(path, sizeof path, "/v1/config?location=%s", r->cfg->location_code);
	snprintf(inm, sizeof inm, "\"%s\"", r->etag);
	if (fb_transport_get(t, path, r->etag[0] ? inm : NULL, &rep, &err) != 0) {
		snprintf(words, words_size, "config not fetched: %s; will try again", err.msg);
		goto out;
	}
	if (rep.fail != FB_NET_OK) {
		snprintf(words, words_size, "config not fetched: %s", rep.error);
		goto out;
	}
	if (rep.status == 304) {
		res = FB_RCONF_UNCHANGED;
		goto out;
	}
	if (rep.status == 404) {
		res = FB_RCONF_UNAVAILABLE;
		if (!r->said_unavailable)
			snprintf(words, words_size, "the collector has no GET /v1/config (HTTP 404: "
				 "an older collector); using the local config");
		r->said_unavailable = true;
		goto out;
	}
	r->said_unavailable = false;
	if (rep.status != 200 || !rep.marker_header) {
		snprintf(words, words_size, "config not fetched: the collector answered HTTP %ld%s; "
			 "will try again", rep.status,
			 rep.status == 200 ? " without the protocol marker (a proxy's page?)" : "");
		goto out;
	}
	if (fb_devconf_accept(rep.body, rep.body_len, r->cfg, &c, etag, &err) != 0) {
		res = FB_RCONF_REFUSED;
		goto refuse;
	}
	have = true;
	if (fb_write_file_atomic(r->path, rep.body, rep.body_len, &err) != 0) {
		snprintf(words, words_size, "config %.8s not saved: %s; will try again", etag,
			 err.msg);
		goto out;
	}
	snprintf(r->etag, sizeof r->etag, "%s", etag);
	snprintf(words, words_size, "new config %.8s for %s saved; the kiosk applies it at its "
		 "next start screen", etag, c.location);
	res = FB_RCONF_NEW;
	goto out;
refuse:
	snprintf(words, words_size, "refused the Trust's config%s%.8s: %s; the previous config "
		 "stays in force", etag[0] ? " " : "", etag, err.msg);
	write_refused(r, &rep, etag, err.msg, now_wall_ms, words, words_size);
out:
	if (have)
		fb_proto_config_clear(&c);
	fb_http_reply_clear(&rep);
	return res;
}
