#!/usr/bin/env bash
# sync_faults: what the collector or the network does wrong, and what the
# device must do about it. Each scenario starts from an empty queue and an
# empty collector store, injects one fault, checks that nothing was
# acknowledged that should not be, clears the fault, and checks every record
# then arrived exactly once.
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=fake # faults are injected into the fake collector only
. "$FB_SRC/tests/integration/sync_lib.sh"

sync_setup batch_max_records=50

fresh() { # fresh N FAULT_JSON [syncd args]: clean slate, N records, fault on
	local n=$1 f=$2; shift 2
	stop_syncd; kill_collector
	rm -f "$STORE"* "$QUEUE"* "$STATUS"
	fill "$n"
	collector_fault "$f"
	start_collector || fail "collector started"
	start_syncd "$@"
}
state_is() { [ "$(status_field state)" = "$1" ]; }
heal() { collector_fault '{"mode": "ok"}'; kill -USR1 "$SYNCD_PID"; }
drained() { # drained NAME: after the fault is gone, everything arrives once
	check "$1: once healed every record should arrive" wait_for 30 queue_empty
	check "$1: exactly once" exactly_once "$1"
}

# 5xx
fresh 60 '{"mode": "status", "status": 500}'
check "500: the daemon should back off" wait_for 10 state_is backing_off
check "500: it should retry (at least 2 attempts)" wait_for 10 status_ge consecutive_failures 2
check "500: nothing acknowledged" test "$(q_count acked)" = 0
check "500: the status should name the server error" grep -q "server error (HTTP 500)" "$STATUS"
heal; drained "500"

# a reply slower than the timeout (the server stores late, the device never hears)
fresh 60 '{"mode": "slow", "delay_s": 3}' --timeout 1
check "slow: the request should time out and back off" wait_for 10 grep -qs "timed out" "$STATUS"
check "slow: nothing acknowledged" test "$(q_count acked)" = 0
heal; drained "slow"

# a Wi-Fi login page answering 200 with HTML
fresh 60 '{"mode": "html200"}'
check "html 200: the daemon should back off" wait_for 10 state_is backing_off
check "html 200: nothing acknowledged" test "$(q_count acked)" = 0
check "html 200: the status should say the marker was missing" grep -q "without the fb-sync/1 marker" "$STATUS"
check "html 200: nothing at the collector" test "$(srv_records)" = 0
heal; drained "html 200"

# 429 with Retry-After: waits as told, then goes by itself (no SIGUSR1)
fresh 60 '{"mode": "status", "status": 429, "retry_after": "2", "times": 1}'
check "429: the daemon should wait as told" wait_for 10 state_is waiting
check "429: nothing acknowledged while waiting" test "$(q_count acked)" = 0
check "429: after Retry-After every record should arrive by itself" wait_for 15 queue_empty
check "429: exactly once" exactly_once "429 with Retry-After"

# 503 with "Retry-After: 0": waits at least the first backoff step, never spins
fresh 20 '{"mode": "status", "status": 503, "retry_after": "0"}'
check "retry-after 0: the daemon should wait" wait_for 10 state_is waiting
sleep 3
tries=$(_sql "$QUEUE" "SELECT MAX(attempts) FROM records")
note "retry-after 0: $tries attempts in about 3 s"
check "retry-after 0: at most about one try a second" test "$tries" -le 8
heal; drained "retry-after 0"

# 401: stop, say so, resume only after SIGHUP
fresh 30 '{"mode": "unauthorised"}'
check "401: the status should say not authorised" wait_for 10 state_is not_authorised
check "401: authorised should be false" test "$(status_field authorised)" = false
check "401: the status should say 'device not authorised'" grep -q "device not authorised" "$STATUS"
collector_fault '{"mode": "ok"}'
kill -USR1 "$SYNCD_PID"; sleep 2
check "401: without a reload nothing should be sent" test "$(q_count acked)" = 0
kill -HUP "$SYNCD_PID"
drained "401 then SIGHUP"
check "401: authorised again after SIGHUP" wait_for 5 status_is authorised true

# the connection cut after the server stored a batch, before the reply
fresh 120 '{"mode": "cut_after_store", "times": 1}'
drained "cut after store"
check "cut after store: the resend should have come back duplicate" test "$(srv_dupes)" -gt 0
note "cut after store: $(srv_dupes) duplicate replies"

# a kept-alive connection closed by the collector (its header deadline cuts
# idle ones) just as the device sends the next batch on it: the device tries
# once more at once on a fresh connection, with no failure and no backing off
failures_logged() { grep -c 'unable to reach the collector' "$FB_TMP/syncd.log"; }
before=$(failures_logged)
fresh 120 '{"mode": "drop_reused", "times": 2}'
check "dropped on a kept connection: every record should arrive within 10 s" wait_for 10 queue_empty
check "dropped on a kept connection: the collector should have dropped a batch" \
	grep -q "dropped a batch sent on a kept connection" "$FB_TMP/collector.log"
check "dropped on a kept connection: no failure should be logged" test "$(failures_logged)" = "$before"
drained "dropped on a kept connection"

# the server dies after storing a batch, and is restarted
fresh 200 '{"mode": "die_after_store"}'
wait_for 10 bash -c "! kill -0 $COLLECTOR_PID 2>/dev/null"
check "die after store: the server should have died holding a batch" test "$(srv_records)" -gt 0
check "die after store: the device should have acked nothing" test "$(q_count acked)" = 0
collector_fault '{"mode": "ok"}'
start_collector
heal; drained "server died after storing"

# the server SIGKILLed at a random moment during a push, then restarted
srv_has() { [ "$(srv_records)" -ge "$1" ] 2>/dev/null; }
fresh 3000 '{"mode": "ok"}'
wait_for 20 srv_has "$((200 + RANDOM % 400))"
kill_collector KILL
stored=$(srv_records); acked=$(q_count acked)
note "server killed with $stored of 3000 stored, $acked acked on the device"
check "server killed mid-push: the kill should land mid-push" test "$acked" -lt 3000
sleep 1
start_collector
heal; drained "server killed mid-push"

# a conflicting and a malformed record are quarantined, the rest go through
fresh 40 '{"mode": "unauthorised"}'
wait_for 10 state_is not_authorised
python3 - "$QUEUE" "$FB_TMP/conflict.json" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
rows = db.execute("SELECT id, body FROM records ORDER BY seq LIMIT 2").fetchall()
# the collector already holds record 0 with different content
r = json.loads(rows[0][1]); r["fft"] = 6 if r["fft"] != 6 else 5
json.dump({"protocol": "fb-sync/1", "device_id": "kiosk-0042", "device_time_ms": 0,
           "records": [r]}, open(sys.argv[2], "w"))
# record 1 on the device is damaged: fft out of range (an old bug, say)
r = json.loads(rows[1][1]); r["fft"] = 9
db.execute("UPDATE records SET body = ? WHERE id = ?", (json.dumps(r, sort_keys=True), rows[1][0]))
db.commit()
PY
collector_fault '{"mode": "ok"}'
curl -sS --cacert "$TLS/ca/ca.pem" -H "Authorization: Bearer $(cat "$TOKEN")" \
	-H 'Content-Type: application/json' --data-binary @"$FB_TMP/conflict.json" \
	"https://127.0.0.1:$PORT/v1/responses" >"$FB_TMP/conflict.reply"
check "conflict: the collector should hold the other version first" grep -q '"stored"' "$FB_TMP/conflict.reply"
kill -HUP "$SYNCD_PID"
check "conflict+malformed: the rest should go through" wait_for 20 queue_empty
check "conflict+malformed: two records quarantined" test "$(q_count quarantined)" = 2
check "conflict+malformed: 38 acked" test "$(q_count acked)" = 38
check "conflict+malformed: the conflict's reason should be kept" \
	test "$(_sql "$QUEUE" "SELECT COUNT(*) FROM records WHERE state='quarantined' AND quarantine_reason LIKE '%different content%'")" = 1
check "conflict+malformed: the malformed one's reason should name the field" \
	test "$(_sql "$QUEUE" "SELECT COUNT(*) FROM records WHERE state='quarantined' AND quarantine_reason LIKE '%fft%'")" = 1
check "conflict+malformed: the status should count 2 quarantined" wait_for 5 status_is quarantined 2
stop_syncd

# SIGTERM while a batch is in flight: the reply is read and applied first
fresh 30 '{"mode": "slow", "delay_s": 2}'
# the first request is now being held by the server for 2 s
sleep 0.7
stop_syncd TERM
check "SIGTERM mid-batch should exit 0" test "$SYNCD_RC" = 0
check "SIGTERM mid-batch: the batch in flight should have been acknowledged" test "$(q_count acked)" = 30
check "SIGTERM mid-batch: exactly once" exactly_once "SIGTERM mid-batch"
finish
