/* test_retry: the retry policy as a table (sync/retry.h): each way a send
 * can end, with what the daemon must do next and when. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "../../sync/backoff.h"
#include "../../sync/retry.h"

#define CAP (15 * 60 * 1000)
#define RANDOM 123456789u

typedef struct row {
	const char *what;
	fb_send_end end;
	fb_retry_action action;
	int failures_after;      /* from 3 before; -1: backoff step 4 */
	int64_t wait_ms;         /* -1: the backoff's wait for step 4 */
	bool at_once;
} row;

#define REPLY(st, mk, ans) {.kind = FB_SENT_REPLY, .status = (st), .marked = (mk), \
			    .answered = (ans), .records = 10}

static const row table[] = {
	{"the queue was empty", {.kind = FB_SENT_NOTHING}, FB_RETRY_NOTHING, 3, 0, false},
	{"every record taken was damaged and parked", {.kind = FB_SENT_PARKED},
	 FB_RETRY_NEXT, 0, 0, true},
	{"the queue failed", {.kind = FB_SENT_LOCAL}, FB_RETRY_BACKOFF, 4, -1, false},
	{"no reply (refused, DNS, TLS, timeout)", {.kind = FB_SENT_NO_REPLY},
	 FB_RETRY_BACKOFF, 4, -1, false},
	{"200 with the marker, records answered", REPLY(200, true, true), FB_RETRY_NEXT, 0, 0, true},
	{"201 with the marker, records answered", REPLY(201, true, true), FB_RETRY_NEXT, 0, 0, true},
	{"200 with the marker, no record answered", REPLY(200, true, false),
	 FB_RETRY_BACKOFF, 4, -1, false},
	{"200 without the marker (a Wi-Fi login page)", REPLY(200, false, true),
	 FB_RETRY_BACKOFF, 4, -1, false},
	{"302 (a captive portal)", REPLY(302, false, false), FB_RETRY_BACKOFF, 4, -1, false},
	{"400 with the marker", REPLY(400, true, false), FB_RETRY_BACKOFF, 4, -1, false},
	{"401", REPLY(401, true, false), FB_RETRY_STOP, 3, 0, false},
	{"403 without the marker", REPLY(403, false, false), FB_RETRY_STOP, 3, 0, false},
	{"404 (a wrong URL)", REPLY(404, false, false), FB_RETRY_BACKOFF, 4, -1, false},
	{"413 for ten records", REPLY(413, true, false), FB_RETRY_HALVE, 3, 0, true},
	{"413 for one record alone",
	 {.kind = FB_SENT_REPLY, .status = 413, .marked = true, .records = 1},
	 FB_RETRY_PARK, 3, 0, true},
	{"429 with Retry-After: 120",
	 {.kind = FB_SENT_REPLY, .status = 429, .marked = true, .has_retry_after = true,
	  .retry_after_ms = 120000, .records = 10},
	 FB_RETRY_WAIT, 4, 120000, false},
	{"503 with Retry-After: 0 (never sooner than a second)",
	 {.kind = FB_SENT_REPLY, .status = 503, .marked = true, .has_retry_after = true,
	  .retry_after_ms = 0, .records = 10},
	 FB_RETRY_WAIT, 4, FB_BACKOFF_BASE_MS, false},
	{"503 without a readable Retry-After", REPLY(503, true, false),
	 FB_RETRY_BACKOFF, 4, -1, false},
	{"429 without Retry-After", REPLY(429, true, false), FB_RETRY_BACKOFF, 4, -1, false},
	{"500 with Retry-After (ignored)",
	 {.kind = FB_SENT_REPLY, .status = 500, .marked = true, .has_retry_after = true,
	  .retry_after_ms = 60000, .records = 10},
	 FB_RETRY_BACKOFF, 4, -1, false},
	{"502 from a proxy", REPLY(502, false, false), FB_RETRY_BACKOFF, 4, -1, false},
};

static void test_each_way_a_send_ends_should_lead_to_its_written_down_action(void **state)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const row *r = &table[i];
		fb_retry got = fb_retry_decide(&r->end, 3, CAP, RANDOM);
		int64_t want_wait = r->wait_ms < 0 ? fb_backoff_delay_ms(4, CAP, RANDOM) : r->wait_ms;

		print_message("%s -> %s\n", r->what, fb_retry_action_name(got.action));
		assert_string_equal(fb_retry_action_name(got.action), fb_retry_action_name(r->action));
		assert_int_equal(got.failures, r->failures_after < 0 ? 4 : r->failures_after);
		assert_int_equal(got.wait_ms, want_wait);
		assert_int_equal(got.at_once, r->at_once);
	}
}

static void test_backoff_should_grow_with_each_failure_in_a_row_and_reset_on_success(void **state)
{
	fb_send_end down = {.kind = FB_SENT_NO_REPLY};
	fb_send_end ok = REPLY(200, true, true);
	unsigned failures = 0;
	int64_t last = 0;

	for (int i = 1; i <= 8; i++) {
		fb_retry r = fb_retry_decide(&down, failures, CAP, UINT32_MAX);

		assert_int_equal(r.failures, (unsigned)i);
		assert_true(r.wait_ms > last);
		last = r.wait_ms;
		failures = r.failures;
	}
	fb_retry r = fb_retry_decide(&ok, failures, CAP, UINT32_MAX);
	assert_int_equal(r.failures, 0);
	assert_int_equal(r.wait_ms, 0);
	r = fb_retry_decide(&down, r.failures, CAP, UINT32_MAX);
	assert_int_equal(r.wait_ms, FB_BACKOFF_BASE_MS);
}

static void test_retry_after_should_never_wait_past_what_the_collector_asked(void **state)
{
	fb_send_end busy = {.kind = FB_SENT_REPLY, .status = 503, .marked = true,
			    .has_retry_after = true, .retry_after_ms = 45000, .records = 3};

	/* however many failures came before: the collector's word, not the backoff */
	for (unsigned f = 0; f < 20; f++)
		assert_int_equal(fb_retry_decide(&busy, f, CAP, UINT32_MAX).wait_ms, 45000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_way_a_send_ends_should_lead_to_its_written_down_action),
		cmocka_unit_test(test_backoff_should_grow_with_each_failure_in_a_row_and_reset_on_success),
		cmocka_unit_test(test_retry_after_should_never_wait_past_what_the_collector_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
