#!/usr/bin/env bash
# queue_kill: a real writer process (tests/helpers/queue_writer, standing in for
# the kiosk) puts records as fast as it can and prints each id only after
# fb_queue_put has returned; we kill it with SIGKILL at a random moment, 200
# times over, each time reopening the same queue. Afterwards every id a writer
# printed must be in the queue, every record must be whole (its body parses
# and validates as the collector would check it), and nothing may have been
# moved aside as corrupt.
. "$FB_SRC/tests/integration/lib.sh"

W=$FB_BIN/tests/queue_writer
Q=$FB_TMP/queue.db
ROUNDS=${QUEUE_KILL_ROUNDS:-200}
PK=$("$W" keygen "$FB_TMP/trust.pub" "$FB_TMP/trust.key") || { fail "keygen"; finish; }
: >"$FB_TMP/printed"
RANDOM=$(( $(date +%s) % 32768 ))

mid_put=0 before_first=0
for ((i = 1; i <= ROUNDS; i++)); do
	: >"$FB_TMP/round"
	spawn "$W" write "$Q" "$PK" 0 0 >"$FB_TMP/round" 2>>"$FB_TMP/writer.err"
	pid=$!
	# A random moment 5..125 ms after start: some land while it opens the
	# queue, most in the middle of a stream of puts.
	sleep "$(printf '0.%03d' $((5 + RANDOM % 120)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if grep -q '^PUT ' "$FB_TMP/round"; then mid_put=$((mid_put + 1)); else before_first=$((before_first + 1)); fi
	cat "$FB_TMP/round" >>"$FB_TMP/printed"
done
note "$ROUNDS kills: $mid_put while putting, $before_first before the first put returned"

grep -E '^PUT [0-9a-f-]{36}$' "$FB_TMP/printed" | cut -d' ' -f2 | sort >"$FB_TMP/put_ids"
check "the writers reported no queue error before being killed" \
	test ! -s "$FB_TMP/writer.err"
check "no queue was moved aside as corrupt" \
	bash -c "! grep -q '^MOVED' '$FB_TMP/printed' && ! ls '$Q'.corrupt-* >/dev/null 2>&1"

"$W" check "$Q" >"$FB_TMP/check.out" 2>"$FB_TMP/check.err"
rc=$?
summary=$(tail -1 "$FB_TMP/check.out")
check "every stored record is whole: quick_check passes, body parses and validates ($summary)" \
	bash -c "[ $rc = 0 ] && ! grep -q '^MOVED' '$FB_TMP/check.out'"
grep '^HAVE ' "$FB_TMP/check.out" | cut -d' ' -f2 | sort >"$FB_TMP/have_ids"
missing=$(comm -23 "$FB_TMP/put_ids" "$FB_TMP/have_ids" | wc -l)
extra=$(comm -13 "$FB_TMP/put_ids" "$FB_TMP/have_ids" | wc -l)
dups=$(uniq -d "$FB_TMP/have_ids" | wc -l)
note "ids printed after put returned: $(wc -l <"$FB_TMP/put_ids"); stored: $(wc -l <"$FB_TMP/have_ids"); committed but killed before printing: $extra"
note "proof kiosk writer kill -9 x$ROUNDS: submitted $(wc -l <"$FB_TMP/put_ids"), arrived $(( $(wc -l <"$FB_TMP/put_ids") - missing )), lost $missing, duplicated $dups"
check "every id whose put returned is in the queue ($missing missing)" test "$missing" = 0
check "no record is stored twice ($dups duplicates)" test "$dups" = 0
check "the writers stored records at all" test -s "$FB_TMP/put_ids"
# keep the evidence only when something failed (the queue grows to MBs)
[ "$_tap_failed" = 0 ] && rm -f "$Q" "$Q"-wal "$Q"-shm
finish
