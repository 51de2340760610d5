#!/usr/bin/env bash
# sync_backlog: 10,000 responses queued while the collector is down all
# arrive exactly once when it comes up, without anyone prodding the daemon
# (it finds out by itself within its backoff cap, 10 s here).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"

N=${FB_BACKLOG:-10000}
sync_setup
t0=$SECONDS
fill "$N" || fail "queued $N"
note "queued $N in $((SECONDS - t0)) s"
start_syncd
check "with the collector down the daemon should back off" wait_for 15 status_is state backing_off
check "with the collector down nothing should be acknowledged" test "$(q_count acked)" = 0
start_collector || fail "collector started"
t0=$SECONDS
check "all $N should arrive within 90 s of the collector coming up" wait_for 90 queue_empty
note "drained in about $((SECONDS - t0)) s (including the backoff wait)"
check "every record exactly once" exactly_once "collector down for a backlog of $N"
note "server holds $(srv_records) records from $(srv_stored_deliveries) stored replies, $(srv_dupes) duplicates"
check "status should show the queue empty" wait_for 5 status_is queue_depth 0
stop_syncd
check "SIGTERM should exit 0" test "$SYNCD_RC" = 0
finish
