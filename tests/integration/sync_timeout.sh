#!/usr/bin/env bash
# sync_timeout: [sync] request_timeout bounds one request. A collector that
# takes 4 s to answer is given up on after 1 s when the config says 1: the
# records stay unsent and the status says the request timed out. --timeout 10
# overrides the config and the same slow collector gets them, exactly once.
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=fake # a slow collector is injected into the fake only
. "$FB_SRC/tests/integration/sync_lib.sh"

sync_setup request_timeout=1
check "--check-config should accept request_timeout = 1" "$SYNCD" --config "$CONF" --check-config
start_collector || { fail "collector started"; finish; }
collector_fault '{"mode": "slow", "delay_s": 4}'
fill 3
t0=$SECONDS
start_syncd
check "the log should say a request may take 1.0 s" \
	wait_for 10 grep -q "a request may take 1.0 s" "$FB_TMP/syncd.log"
check "with request_timeout = 1 the push should fail and back off" \
	wait_for 10 status_is state backing_off
took=$((SECONDS - t0))
check "the first failure should come within 4 s of the start (took ${took} s)" test "$took" -le 4
check "the status should say the request timed out" grep -qi "timed out" "$STATUS"
check "the 3 records should stay unsent" test "$(q_count unsent)" = 3
note "request_timeout = 1: $(status_field last_error)"
stop_syncd

start_syncd --timeout 10
check "the log should say --timeout 10 overrides the config" \
	wait_for 10 grep -q "a request may take 10.0 s" "$FB_TMP/syncd.log"
check "with --timeout 10 the slow collector should get all 3 within 30 s" wait_for 30 queue_empty
check "every record should be at the server exactly once" exactly_once
stop_syncd
check "SIGTERM should exit 0" test "$SYNCD_RC" = 0

sync_write_config request_timeout=0
check "--check-config should refuse request_timeout = 0 saying the range" \
	bash -c "'$SYNCD' --config '$CONF' --check-config 2>&1 | grep -q 'request_timeout = 0 is out of range: use 1 to 3600'"
finish
