/* test_collector_alert: the email alert of a flagged comment as the ward and
 * the safeguarding team would notice it: who it goes to, what it says (never
 * the comment's words), one per comment however often it is pushed, a failed
 * send kept and tried again later, and shown on /safeguarding. The real SMTP
 * exchange is in tests/integration/collector_alerts.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/alert.h"
#include "../../collector/collector_config.h"
#include "../../collector/months.h"
#include "../../collector/store/store.h"
#include "../../collector/web/web.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */

#include "collector_web_fixture.h"

typedef char addr_t[COLL_ALERT_ADDR_MAX + 1];

/* [alerts] as a Trust would set it, to a mail server that is not there. */
static void alerts_config(coll_config *cfg)
{
	snprintf(cfg->smtp_url, sizeof cfg->smtp_url, "smtp://127.0.0.1:1");
	cfg->smtp_tls_required = false;
	snprintf(cfg->alert_from, sizeof cfg->alert_from, "feedback@example.nhs.uk");
	snprintf(cfg->alert_to, sizeof cfg->alert_to,
		 "WARD1 = willow-nic@example.nhs.uk, willow-lead@example.nhs.uk; WARD2=oak@example.nhs.uk;"
		 " * = safeguarding@example.nhs.uk");
	snprintf(cfg->alert_link_url, sizeof cfg->alert_link_url, "https://feedback.example.nhs.uk");
	cfg->alert_retry_min_s = 60;
}

static void test_a_locations_alert_should_go_to_its_own_addresses_and_everyones(void **state)
{
	coll_config cfg;
	addr_t to[8];
	coll_config_defaults(&cfg);
	alerts_config(&cfg);
	assert_int_equal(coll_alert_recipients(cfg.alert_to, "WARD1", to, 8), 3);
	assert_string_equal(to[0], "willow-nic@example.nhs.uk");
	assert_string_equal(to[1], "willow-lead@example.nhs.uk");
	assert_string_equal(to[2], "safeguarding@example.nhs.uk");
	assert_int_equal(coll_alert_recipients(cfg.alert_to, "WARD9", to, 8), 1);
	assert_string_equal(to[0], "safeguarding@example.nhs.uk");
	/* an address that would add a header or a recipient is refused */
	assert_int_equal(coll_alert_recipients("WARD1=a@b.nhs.uk\r\nBcc: x@evil.example", "WARD1", to, 8), -1);
	assert_int_equal(coll_alert_recipients("WARD1=<a@b.nhs.uk>", "WARD1", to, 8), -1);
	assert_int_equal(coll_alert_recipients("a@b.nhs.uk", "WARD1", to, 8), -1);
}

static void test_the_email_should_name_the_location_and_link_but_hold_no_comment_text(void **state)
{
	coll_config cfg;
	char msg[4096];
	fb_err err;
	const char *to[] = {"willow-nic@example.nhs.uk", "safeguarding@example.nhs.uk"};
	coll_config_defaults(&cfg);
	alerts_config(&cfg);
	assert_int_equal(coll_alert_message(&cfg, "Willow Ward", "019a0000-0000-7000-8000-000000000001",
					    to, 2, NOW, msg, sizeof msg, &err), 0);
	assert_non_null(strstr(msg, "\r\nTo: willow-nic@example.nhs.uk, safeguarding@example.nhs.uk\r\n"));
	assert_non_null(strstr(msg, "\r\nSubject: A comment that may need action today: Willow Ward\r\n"));
	assert_non_null(strstr(msg, "\r\n\r\nA comment that may need action today arrived for"
				    " Willow Ward.\r\n"));
	assert_non_null(strstr(msg, "\r\nhttps://feedback.example.nhs.uk/safeguarding\r\n"));
	/* a location name cannot start a header of its own */
	assert_int_equal(coll_alert_message(&cfg, "Ward\r\nBcc: x@evil.example", "id", to, 1, NOW, msg,
					    sizeof msg, &err), 0);
	assert_null(strstr(msg, "\r\nBcc:"));
}

static void test_a_failed_send_should_wait_longer_each_time_up_to_an_hour(void **state)
{
	assert_int_equal(coll_alert_backoff_ms(1, 60), 60000);
	assert_int_equal(coll_alert_backoff_ms(2, 60), 120000);
	assert_int_equal(coll_alert_backoff_ms(4, 60), 480000);
	assert_int_equal(coll_alert_backoff_ms(7, 60), 3600000);
	assert_int_equal(coll_alert_backoff_ms(1000, 60), 3600000);
}

static void test_alert_settings_that_cannot_work_should_be_refused_with_what_to_do(void **state)
{
	coll_config cfg;
	fb_err err;
	coll_config_defaults(&cfg);
	assert_int_equal(coll_alert_check_config(&cfg, &err), 0);       /* off */
	alerts_config(&cfg);
	assert_int_equal(coll_alert_check_config(&cfg, &err), 0);
	snprintf(cfg.smtp_url, sizeof cfg.smtp_url, "smtp://mail.example.nhs.uk:25");
	assert_int_equal(coll_alert_check_config(&cfg, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "smtp_tls = none sends in the clear"));
	cfg.smtp_tls_required = true;
	assert_int_equal(coll_alert_check_config(&cfg, &err), 0);
	snprintf(cfg.smtp_url, sizeof cfg.smtp_url, "http://mail.example.nhs.uk");
	assert_int_equal(coll_alert_check_config(&cfg, &err), FB_ERR_INVALID);
	alerts_config(&cfg);
	cfg.alert_link_url[0] = '\0';
	assert_int_equal(coll_alert_check_config(&cfg, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "link_url"));
}

static int count_unsent(void *ctx, const coll_store_alert *a)
{
	(*(int *)ctx)++;
	return 0;
}

static void test_one_alert_per_flagged_comment_kept_and_retried_when_the_server_is_down(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_alert *a = NULL;
	int sent, failed, unsent = 0;
	coll_store_outcome o;
	alerts_config(&f->cfg);
	put(f, "WARD1", 5, 1, "I want to hurt myself", true, 0, NOW);
	put(f, "WARD1", 1, 1, "lovely", false, 0, NOW);
	/* the same flagged record pushed again is a duplicate: no second alert */
	char json[] = "{\"what_was_good\": \"again\"}";
	coll_store_response r = fx_response(f, "WARD1", 5, NOW);
	r.free_text_json = json;
	r.safeguarding = true;
	fx_store(f, &r);
	assert_int_equal(coll_store_responses_put(f->st, &r, 1, &o, &err), 0);
	assert_int_equal(o, COLL_STORE_DUPLICATE);
	assert_int_equal(coll_store_alerts_unsent(f->st, 100, count_unsent, &unsent, &err), 0);
	assert_int_equal(unsent, 2);

	assert_int_equal(coll_alert_new(&f->cfg, f->st, &a, &err), 0);
	assert_non_null(a);
	assert_int_equal(coll_alert_run_once(a, NOW + 1000, &sent, &failed, &err), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(failed, 2);
	/* not tried again before its wait is over */
	assert_int_equal(coll_alert_run_once(a, NOW + 30000, &sent, &failed, &err), 0);
	assert_int_equal(failed, 0);
	assert_int_equal(coll_alert_run_once(a, NOW + 62000, &sent, &failed, &err), 0);
	assert_int_equal(failed, 2);
	coll_alert_free(a);

	/* the safeguarding team sees they were not sent, and why */
	add_user(f, "sam", "safeguarding");
	snprintf(f->cfg.safeguarding_team, sizeof f->cfg.safeguarding_team, "safeguarding");
	login(f, "sam");
	get(f, "/safeguarding");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Email alerts</h2>"));
	assert_int_equal(count_of(f, "<li>Willow Ward, comment arrived 15 Nov 2026 12:00: <strong>not sent"
				     " yet</strong> after 2 tries (Couldn"), 2);
	/* a ward's own page does not list the Trust's alerts */
	f->cookie[0] = '\0';
	login(f, "wendy");
	get(f, "/safeguarding");
	assert_null(strstr(f->r.body, "Email alerts"));
}

static void test_an_alert_not_sent_within_three_days_should_be_given_up_and_say_so(void **state)
{
	fx *f = *state;
	fb_err err;
	coll_alert *a = NULL;
	int sent, failed;
	alerts_config(&f->cfg);
	put(f, "WARD1", 5, 1, "I want to hurt myself", true, 0, NOW);
	assert_int_equal(coll_alert_new(&f->cfg, f->st, &a, &err), 0);
	assert_int_equal(coll_alert_run_once(a, NOW + 4 * DAY, &sent, &failed, &err), 0);
	assert_int_equal(failed, 1);
	assert_int_equal(coll_alert_run_once(a, NOW + 30 * DAY, &sent, &failed, &err), 0);
	assert_int_equal(failed, 0);
	coll_alert_free(a);
	add_user(f, "sam", "safeguarding");
	snprintf(f->cfg.safeguarding_team, sizeof f->cfg.safeguarding_team, "safeguarding");
	login(f, "sam");
	get(f, "/safeguarding");
	assert_non_null(strstr(f->r.body, "<strong>not sent</strong> after 1 try (not sent within 3 days"));
}

int main(void)
{
	if (fx_use_trust_zone())
		return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_wards, fx_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_locations_alert_should_go_to_its_own_addresses_and_everyones),
		cmocka_unit_test(test_the_email_should_name_the_location_and_link_but_hold_no_comment_text),
		cmocka_unit_test(test_a_failed_send_should_wait_longer_each_time_up_to_an_hour),
		cmocka_unit_test(test_alert_settings_that_cannot_work_should_be_refused_with_what_to_do),
		T(test_one_alert_per_flagged_comment_kept_and_retried_when_the_server_is_down),
		T(test_an_alert_not_sent_within_three_days_should_be_given_up_and_say_so),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
