#!/usr/bin/env bash
# collector_kill9: the Trust's real feedback-collector SIGKILLed at random
# moments while a device pushes a backlog, restarted each time (systemd does
# this with Restart=on-failure). A kill between the collector's commit and its
# reply means the device sends the batch again: it must be answered
# "duplicate", never stored twice; a kill before the commit must leave
# nothing half-stored. At the end every record is at the collector exactly
# once and acknowledged on the device. 10 kills here; FB_KILLS sets the count
# (make proof: 125).
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"

KILLS=${FB_KILLS:-10}
note "$KILLS kills of the collector (FB_KILLS sets the count)"
# small batches, so the push is many short commits; the backlog is topped up
# to BACKLOG before each kill so a fast machine cannot drain it in the 0.7 s
# window (CI once drained 1,500 records in under 0.7 s on 7 of 10 kills)
BACKLOG=4000
sync_setup batch_max_records=10
fill "$BACKLOG"
start_syncd
mid=0
for ((i = 1; i <= KILLS; i++)); do
	start_collector || { fail "collector restarted (kill $i)"; break; }
	unsent=$(q_count unsent)
	[ "$unsent" -lt "$BACKLOG" ] && fill $((BACKLOG - unsent))
	kill -USR1 "$SYNCD_PID"   # retry now, not at the end of its backoff
	# a random moment 100..700 ms into serving: mid-handshake, mid-batch, mid-commit
	sleep "$(printf '0.%03d' $((100 + RANDOM % 600)))"
	kill_collector KILL
	[ "$(q_count unsent)" -gt 0 ] && mid=$((mid + 1))
done
note "$mid of $KILLS kills landed with records still unsent; $(srv_records) at the collector so far"
check "the kills should land while the device still had records to send" test "$mid" -ge $((KILLS / 2))
start_collector || fail "collector started for the drain"
check "after the last restart everything should drain" wait_for 120 queue_empty
check "every record exactly once despite $KILLS SIGKILLs of the collector" \
	exactly_once "collector kill -9 x$KILLS"
check "the collector's database should pass its integrity check" \
	test "$(_sql "$CDB" "PRAGMA integrity_check")" = ok
stop_syncd
kill_collector TERM
finish
