#!/usr/bin/env bash
# queue_concurrent: the kiosk and the sync daemon use one queue file from two
# processes at once. Two writers put (the kiosk, and feedback-queue generate
# run by a technician) while a reader takes batches and acks them, for a few
# seconds. No process may see "database is locked"; every record put is acked
# exactly once and the queue ends empty.
. "$FB_SRC/tests/integration/lib.sh"

W=$FB_BIN/tests/queue_writer
Q=$FB_TMP/queue.db
SECS=${QUEUE_CONCURRENT_SECONDS:-3}
PK=$("$W" keygen "$FB_TMP/trust.pub" "$FB_TMP/trust.key") || { fail "keygen"; finish; }
"$W" write "$Q" "$PK" 1 >/dev/null   # create it first, as the kiosk would

spawn timeout 60 "$W" read "$Q" "$((SECS + 1))" >"$FB_TMP/acks" 2>"$FB_TMP/reader.err"
rpid=$!
spawn timeout 60 "$W" write "$Q" "$PK" 0 "$SECS" >"$FB_TMP/puts1" 2>"$FB_TMP/writer1.err"
w1=$!
spawn timeout 60 "$W" write "$Q" "$PK" 0 "$SECS" >"$FB_TMP/puts2" 2>"$FB_TMP/writer2.err"
w2=$!
wait "$w1"; rc1=$?
wait "$w2"; rc2=$?
wait "$rpid"; rcr=$?

cat "$FB_TMP/puts1" "$FB_TMP/puts2" | grep '^PUT ' | cut -d' ' -f2 | sort >"$FB_TMP/put_ids"
grep '^ACK ' "$FB_TMP/acks" | cut -d' ' -f2 | sort >"$FB_TMP/ack_ids"
locked=$(cat "$FB_TMP"/*.err | grep -ci 'locked\|busy')
note "puts: $(wc -l <"$FB_TMP/puts1") + $(wc -l <"$FB_TMP/puts2") in ${SECS}s; acks: $(wc -l <"$FB_TMP/ack_ids"); locked/busy failures: $locked"
check "both writers finished without error (rc $rc1, $rc2)" test "$rc1" = 0 -a "$rc2" = 0
check "the reader finished without error (rc $rcr)" test "$rcr" = 0
check "no process saw 'database is locked' or busy" test "$locked" = 0
check "no record was acked twice" test -z "$(uniq -d "$FB_TMP/ack_ids")"
# the very first record (made before the test) is acked too
first=$(comm -13 "$FB_TMP/put_ids" "$FB_TMP/ack_ids" | wc -l)
check "every record put was acked exactly once (unacked: $(comm -23 "$FB_TMP/put_ids" "$FB_TMP/ack_ids" | wc -l))" \
	test -z "$(comm -23 "$FB_TMP/put_ids" "$FB_TMP/ack_ids")" -a "$first" = 1
summary=$("$W" check "$Q" | tail -1)
check "the queue ends empty ($summary)" bash -c "[[ '$summary' == 'records 0 invalid 0 depth 0 '* ]]"
# keep the evidence only when something failed (the queue grows to MBs)
[ "$_tap_failed" = 0 ] && rm -f "$Q" "$Q"-wal "$Q"-shm
finish
