#!/usr/bin/env bash
# sync_kill9: feedback-syncd SIGKILLed at random moments during a large push,
# restarted each time; at the end every record is at the collector exactly
# once and acknowledged on the device. 20 kills here (ASan build in make
# test); FB_FULL=1 (or the benchmark) does 100.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"

KILLS=${FB_KILLS:-20}
[ "${FB_FULL:-0}" = 1 ] && KILLS=100
note "$KILLS kills (FB_FULL=1 for 100)"
# small batches, so a push is many short steps and a kill lands inside one
sync_setup batch_max_records=10
fill 3000
# ~15 ms of server time per batch keeps a push going for seconds
collector_fault '{"mode": "slow", "delay_s": 0.015}'
start_collector || { fail "collector started"; finish; }
mid=0
for ((i = 1; i <= KILLS; i++)); do
	[ "$(q_count unsent)" -lt 1500 ] && fill 2000
	start_syncd
	# random moment: 50..650 ms after start (start-up, mid-batch, between batches)
	sleep "$(printf '0.%03d' $((50 + RANDOM % 600)))"
	kill -KILL "$SYNCD_PID"; wait "$SYNCD_PID" 2>/dev/null; SYNCD_PID=
	[ "$(q_count unsent)" -gt 0 ] && mid=$((mid + 1))
done
note "$mid of $KILLS kills landed with records still unsent; $(srv_records) at the server so far"
[ "$REAL_COLLECTOR" = 1 ] || # the real collector cannot be slowed down
check "every kill should have landed during the push" test "$mid" = "$KILLS"
collector_fault '{"mode": "ok"}'
start_syncd
check "after the last restart everything should drain" wait_for 120 queue_empty
check "every record exactly once despite $KILLS SIGKILLs" exactly_once "sync daemon kill -9 x$KILLS"
note "duplicate replies (resends after a kill): $(srv_dupes)"
stop_syncd
finish
