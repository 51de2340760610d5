/* enrol.c: one enrolment turn of feedback-syncd (enrol.h). */
#include "enrol.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fileio.h"
#include "protocol.h"

#define TOKEN_TEXT_MAX 256

/* Sends the code; res gets the outcome in words, token the token on success. */
static void ask(const fb_config *cfg, fb_transport *t, const char *code, fb_enrol_result *res,
		char token[TOKEN_TEXT_MAX])
{
	fb_http_reply reply = {0};
	fb_err err = {0};
	char names[FB_ENROL_WORDS_MAX];
	char *body = fb_proto_enrol_write(cfg->device_id, code);
	if (!body) {
		snprintf(res->words, sizeof res->words, "the code or [device] id is not text");
		return;
	}
	int rc = fb_transport_post(t, "/v1/enrol", body, strlen(body), false, &reply, &err);
	sodium_memzero(body, strlen(body));
	free(body);
	if (rc) {
		snprintf(res->words, sizeof res->words, "%s", err.msg);
	} else if (reply.fail != FB_NET_OK) {
		snprintf(res->words, sizeof res->words, "could not reach the collector: %.400s",
			 reply.error);
	} else if (fb_proto_enrol_answer(reply.marker_header, reply.body, reply.body_len, token,
					 TOKEN_TEXT_MAX, names, sizeof names, &err) != 0) {
		snprintf(res->words, sizeof res->words, "%s", err.msg);
	} else if (reply.status != 201 && reply.status != 200) {
		snprintf(res->words, sizeof res->words, "the collector answered HTTP %ld", reply.status);
		sodium_memzero(token, TOKEN_TEXT_MAX);
	} else {
		res->enrolled = true;
		snprintf(res->words, sizeof res->words, "%s", names);
	}
	if (reply.body)
		sodium_memzero(reply.body, reply.body_len);
	fb_http_reply_clear(&reply);
}

/* token_file is a file directly in data_dir (where the unit lets the
 * daemon write): else the token could not be kept once the code is used. */
static bool token_in_data_dir(const fb_config *cfg)
{
	size_t n = strlen(cfg->data_dir);
	while (n > 1 && cfg->data_dir[n - 1] == '/')
		n--;
	return cfg->token_file[0] && n > 0 && strncmp(cfg->token_file, cfg->data_dir, n) == 0 &&
	       cfg->token_file[n] == '/' && cfg->token_file[n + 1] &&
	       !strchr(cfg->token_file + n + 1, '/');
}

int fb_enrol_step(const fb_config *cfg, fb_transport *t, fb_enrol_result *res, fb_err *err)
{
	char code[FB_ENROL_CODE_MAX], token[TOKEN_TEXT_MAX] = "";
	fb_transport *own = NULL;
	int rc = fb_enrol_request_read(cfg->data_dir, code, err);
	memset(res, 0, sizeof *res);
	if (rc == FB_ERR_NOTFOUND)
		return rc;
	if (rc) {
		snprintf(res->words, sizeof res->words, "%s", err->msg);
	} else if (!token_in_data_dir(cfg)) {
		snprintf(res->words, sizeof res->words, "[sync] token_file must be a file directly in"
			 " data_dir (%.200s) for enrolling with a code: feedback-syncd may write only"
			 " there; the code was not sent", cfg->data_dir);
	} else if (!t && !cfg->collector_url[0]) {
		snprintf(res->words, sizeof res->words, "[sync] collector_url is not set; set it to the"
			 " Trust's collector (https://...)");
	} else {
		if (!t) {
			fb_transport_opts to = {0};
			fb_err terr = {0};
			to.base_url = cfg->collector_url;
			to.ca_file = cfg->ca_file;
			to.pinned_pubkey = cfg->pinned_pubkey;
			to.proxy = cfg->proxy;
			to.no_token = true;
			to.timeout_ms = (long)cfg->request_timeout_s * 1000L;
			if (fb_transport_curl_new(&own, &to, &terr) != 0)
				snprintf(res->words, sizeof res->words, "%s", terr.msg);
			t = own;
		}
		if (t)
			ask(cfg, t, code, res, token);
	}
	sodium_memzero(code, sizeof code);
	fb_transport_free(own);
	if (res->enrolled) {
		char line[TOKEN_TEXT_MAX + 2];
		fb_err werr = {0};
		snprintf(line, sizeof line, "%s\n", token);
		if (fb_write_secret_atomic(cfg->token_file, line, strlen(line), &werr) != 0) {
			res->enrolled = false;
			snprintf(res->words, sizeof res->words, "enrolled, but the token could not be"
				 " kept: %.400s; make a new code and try again", werr.msg);
		}
		sodium_memzero(line, sizeof line);
	}
	sodium_memzero(token, sizeof token);
	fb_enrol_request_remove(cfg->data_dir);
	res->at_ms = fb_wall_ms();
	return fb_enrol_result_write(cfg->data_dir, res, err);
}
