/* test_sync_enrol: feedback-syncd's enrolment turn (sync/enrol.h) against
 * the fake transport: the staff screen's request goes to POST /v1/enrol
 * with [device] id and no token; a 201 leaves the token in token_file, mode
 * 0600, the request removed and "enrolled" with the locations' names for
 * the staff screen; a 403 leaves no token and the collector's words; a
 * Wi-Fi login page is not taken for an answer; no request, no call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../sync/enrol.h"
#include "config.h"
#include "enrol_file.h"
#include "protocol.h"

typedef struct fx {
	char dir[64];
	fb_config cfg;
	fb_transport *t;
	int calls;
	char body[512], path[64];
	long status;
	bool marker;
	const char *reply;
} fx;

static void fake(void *ctx, const char *path, const char *body, size_t len, bool gz,
		 fb_http_reply *r)
{
	fx *f = ctx;
	(void)gz;
	f->calls++;
	snprintf(f->path, sizeof f->path, "%s", path);
	snprintf(f->body, sizeof f->body, "%.*s", (int)len, body);
	r->fail = FB_NET_OK;
	r->status = f->status;
	r->marker_header = f->marker;
	r->body = strdup(f->reply);
	r->body_len = strlen(f->reply);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	fb_err err;
	snprintf(f->dir, sizeof f->dir, "/tmp/test_sync_enrol.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->cfg.device_id, sizeof f->cfg.device_id, "kiosk-oak");
	snprintf(f->cfg.data_dir, sizeof f->cfg.data_dir, "%s", f->dir);
	snprintf(f->cfg.token_file, sizeof f->cfg.token_file, "%s/token", f->dir);
	assert_int_equal(fb_transport_fake_new(&f->t, fake, f, &err), 0);
	f->marker = true;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[128];
	fb_transport_free(f->t);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void test_no_request_should_make_no_call(void **state)
{
	fx *f = *state;
	fb_enrol_result r;
	fb_err err;
	assert_int_equal(fb_enrol_step(&f->cfg, f->t, &r, &err), FB_ERR_NOTFOUND);
	assert_int_equal(f->calls, 0);
}

static void test_a_good_code_should_leave_the_token_0600_and_say_enrolled(void **state)
{
	fx *f = *state;
	fb_enrol_result r, back;
	fb_err err;
	char tok[64] = "";
	struct stat sb;
	f->status = 201;
	f->reply = "{\"protocol\":\"fb-sync/1\",\"device_id\":\"kiosk-oak\",\"token\":\"tok-123\","
		   "\"locations\":[{\"code\":\"OAK\",\"name\":\"Oak Ward\"},{\"code\":\"ELM\",\"name\":\"Elm Ward\"}]}";
	assert_int_equal(fb_enrol_request_write(f->dir, "K7QM-W4HZ", &err), 0);
	assert_true(fb_enrol_request_waiting(f->dir));
	assert_int_equal(fb_enrol_step(&f->cfg, f->t, &r, &err), 0);
	assert_int_equal(f->calls, 1);
	assert_string_equal(f->path, "/v1/enrol");
	assert_non_null(strstr(f->body, "\"device_id\":\"kiosk-oak\""));
	assert_non_null(strstr(f->body, "\"code\":\"K7QM-W4HZ\""));
	assert_true(r.enrolled);
	assert_string_equal(r.words, "Oak Ward, Elm Ward");
	FILE *tf = fopen(f->cfg.token_file, "r");
	assert_non_null(tf);
	assert_non_null(fgets(tok, sizeof tok, tf));
	fclose(tf);
	assert_string_equal(tok, "tok-123\n");
	assert_int_equal(stat(f->cfg.token_file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_false(fb_enrol_request_waiting(f->dir));
	assert_int_equal(fb_enrol_result_read(f->dir, &back, &err), 0);
	assert_true(back.enrolled);
	assert_string_equal(back.words, "Oak Ward, Elm Ward");
	/* the config's token reader takes it */
	char t2[64];
	assert_int_equal(fb_config_read_token(&f->cfg, t2, sizeof t2, &err), 0);
	assert_string_equal(t2, "tok-123");
}

static void test_a_refused_code_should_leave_no_token_and_the_collectors_words(void **state)
{
	fx *f = *state;
	fb_enrol_result r;
	fb_err err;
	f->status = 403;
	f->reply = "{\"protocol\":\"fb-sync/1\",\"error\":\"that enrolment code is wrong, used or out of date\"}";
	assert_int_equal(fb_enrol_request_write(f->dir, "AAAA-BBBB", &err), 0);
	assert_int_equal(fb_enrol_step(&f->cfg, f->t, &r, &err), 0);
	assert_false(r.enrolled);
	assert_string_equal(r.words, "that enrolment code is wrong, used or out of date");
	assert_int_equal(access(f->cfg.token_file, F_OK), -1);
	assert_false(fb_enrol_request_waiting(f->dir));      /* typed again, never retried */
}

static void test_a_login_page_should_not_be_taken_for_an_answer(void **state)
{
	fx *f = *state;
	fb_enrol_result r;
	fb_err err;
	f->status = 200;
	f->marker = false;
	f->reply = "<html>Hotel Wi-Fi: sign in</html>";
	assert_int_equal(fb_enrol_request_write(f->dir, "AAAA-BBBB", &err), 0);
	assert_int_equal(fb_enrol_step(&f->cfg, f->t, &r, &err), 0);
	assert_false(r.enrolled);
	assert_non_null(strstr(r.words, "not the collector's"));
	assert_int_equal(access(f->cfg.token_file, F_OK), -1);
}

static void test_a_token_file_outside_data_dir_should_keep_the_code_unsent(void **state)
{
	fx *f = *state;
	fb_enrol_result r;
	fb_err err;
	snprintf(f->cfg.token_file, sizeof f->cfg.token_file, "/etc/feedback/token");
	assert_false(fb_config_token_awaits_code(&f->cfg));
	assert_int_equal(fb_enrol_request_write(f->dir, "AAAA-BBBB", &err), 0);
	assert_int_equal(fb_enrol_step(&f->cfg, f->t, &r, &err), 0);
	assert_int_equal(f->calls, 0);           /* the code is not used up for nothing */
	assert_false(r.enrolled);
	assert_non_null(strstr(r.words, "token_file must be a file directly in data_dir"));
	/* in data_dir and not there yet: waiting for a code */
	snprintf(f->cfg.token_file, sizeof f->cfg.token_file, "%s/token", f->dir);
	assert_true(fb_config_token_awaits_code(&f->cfg));
	snprintf(f->cfg.token_file, sizeof f->cfg.token_file, "%s/sub/token", f->dir);
	assert_false(fb_config_token_awaits_code(&f->cfg));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_no_request_should_make_no_call),
		T(test_a_good_code_should_leave_the_token_0600_and_say_enrolled),
		T(test_a_refused_code_should_leave_no_token_and_the_collectors_words),
		T(test_a_login_page_should_not_be_taken_for_an_answer),
		T(test_a_token_file_outside_data_dir_should_keep_the_code_unsent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
