/* retry: see retry.h. The table, in the order it is read:
 *
 *   nothing sent                         -> nothing (nap)
 *   every record taken parked as damaged -> next batch, at once
 *   the device failed, no reply          -> back off
 *   401, 403                             -> stop until SIGHUP
 *   413, more than one record            -> halve the batch, at once
 *   413, one record                      -> park it, go on at once
 *   429, 503 with a readable Retry-After -> wait as asked
 *   2xx with the marker, answered        -> next batch, at once
 *   anything else (5xx, 400, other 4xx, 2xx without the marker or with no
 *   result for any record)               -> back off
 */
#include "retry.h"

#include "backoff.h"

const char *fb_retry_action_name(fb_retry_action a)
{
	switch (a) {
	case FB_RETRY_NOTHING: return "nothing";
	case FB_RETRY_NEXT: return "next";
	case FB_RETRY_BACKOFF: return "backoff";
	case FB_RETRY_WAIT: return "wait";
	case FB_RETRY_HALVE: return "halve";
	case FB_RETRY_PARK: return "park";
	case FB_RETRY_STOP: return "stop";
	}
	return "unknown";
}

static fb_retry_action action_of(const fb_send_end *e)
{
	switch (e->kind) {
	case FB_SENT_NOTHING:
		return FB_RETRY_NOTHING;
	case FB_SENT_PARKED:
		return FB_RETRY_NEXT;
	case FB_SENT_LOCAL:
	case FB_SENT_NO_REPLY:
		return FB_RETRY_BACKOFF;
	case FB_SENT_REPLY:
		break;
	}
	if (e->status == 401 || e->status == 403)
		return FB_RETRY_STOP;
	if (e->status == 413)
		return e->records <= 1 ? FB_RETRY_PARK : FB_RETRY_HALVE;
	if ((e->status == 429 || e->status == 503) && e->has_retry_after)
		return FB_RETRY_WAIT;
	if (e->status >= 200 && e->status < 300 && e->marked && e->answered)
		return FB_RETRY_NEXT;
	return FB_RETRY_BACKOFF;
}

fb_retry fb_retry_decide(const fb_send_end *end, unsigned failures, int64_t cap_ms,
			 uint32_t random)
{
	fb_retry r = {.action = action_of(end), .failures = failures};

	switch (r.action) {
	case FB_RETRY_NOTHING:
		break;
	case FB_RETRY_NEXT:
		r.failures = 0;
		r.at_once = true;
		break;
	case FB_RETRY_BACKOFF:
		r.failures = failures + 1;
		r.wait_ms = fb_backoff_delay_ms(r.failures, cap_ms, random);
		break;
	case FB_RETRY_WAIT:
		r.failures = failures + 1;
		/* Never sooner than the first backoff step: "Retry-After: 0" (or a
		 * date gone by) would otherwise ask again at once, and the daemon's
		 * own write to the queue ends its nap, so as fast as the collector
		 * answers. */
		r.wait_ms = end->retry_after_ms > FB_BACKOFF_BASE_MS ? end->retry_after_ms
								      : FB_BACKOFF_BASE_MS;
		break;
	case FB_RETRY_HALVE:
	case FB_RETRY_PARK:
		r.at_once = true;
		break;
	case FB_RETRY_STOP:
		break;
	}
	return r;
}
