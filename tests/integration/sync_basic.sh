#!/usr/bin/env bash
# sync_basic: feedback-syncd against a real HTTPS collector on 127.0.0.1 with
# a throwaway CA: records queued before and while it runs arrive exactly once,
# the status file says so, heartbeats go out, SIGTERM exits 0, --once works.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"

sync_setup batch_max_records=50
check "--check-config should accept the test config" "$SYNCD" --config "$CONF" --check-config
fill 120
start_collector || { fail "collector started"; finish; }
start_syncd
check "a backlog of 120 should drain within 30 s" wait_for 30 queue_empty
fill 5
check "records queued while running should go within 10 s" wait_for 10 queue_empty
check "every record should be at the server exactly once" exactly_once
[ "$REAL_COLLECTOR" = 1 ] ||
check "every record should have carried age_ms (same boot)" \
	test "$(_sql "$STORE" "SELECT COUNT(*) FROM records WHERE age_ms IS NULL OR age_ms < 0")" = 0
check "the collector should have had a heartbeat" wait_for 10 heartbeats_ge 1
check "status should say authorised" test "$(status_field authorised)" = true
check "status should show a last success" test "$(status_field last_success_ms)" -gt 0
check "status should show an empty queue" wait_for 5 status_is queue_depth 0
check "status should show 125 sent" wait_for 5 status_is sent_total 125
# a broken reload keeps the previous config running and says so
mv "$TOKEN" "$TOKEN.away"
kill -HUP "$SYNCD_PID"
check "a failed reload should be reported in the status" wait_for 10 grep -qs "config reload failed, still using the previous" "$STATUS"
fill 3
check "after a failed reload records should still go" wait_for 10 queue_empty
mv "$TOKEN.away" "$TOKEN"
kill -HUP "$SYNCD_PID"
check "a good reload should be logged" wait_for 10 grep -q "config reloaded" "$FB_TMP/syncd.log"
stop_syncd TERM
check "SIGTERM should exit 0" test "$SYNCD_RC" = 0
check "status should say stopped" test "$(status_field state)" = stopped
check "the log should never hold the token" bash -c "! grep -qF \"\$(cat '$TOKEN')\" '$FB_TMP/syncd.log'"
fill 7
check "--once should push all and exit 0" "$SYNCD" --config "$CONF" --once 2>>"$FB_TMP/syncd.log"
check "after --once every record should be at the server exactly once" exactly_once
kill_collector
fill 1
"$SYNCD" --config "$CONF" --once 2>"$FB_TMP/once.err"
rc=$?
check "--once with the collector down should exit 3" test "$rc" = 3
check "--once should say why on stderr" grep -q "records not sent" "$FB_TMP/once.err"
note "once: $(tail -1 "$FB_TMP/once.err")"
start_collector
sync_write_config retention_days=0
"$SYNCD" --config "$CONF" --once 2>>"$FB_TMP/syncd.log"
check "with retention_days = 0 the 135 acknowledged earlier should be purged" \
	grep -q "purged 135 acknowledged records" "$FB_TMP/syncd.log"
check "only the record sent in that run should be left" test "$(q_count acked)" = 1
finish
