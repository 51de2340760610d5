#!/usr/bin/env bash
# collector_lockout: the sign-in throttle neither leaks nor locks (finding 5),
# against a real feedback-collector over TLS, with curl bound to different
# loopback addresses (127.0.0.0/8 needs no set-up on Linux):
#  - "9 tries, 128 junk names, 9 more tries" from one address no longer
#    gets in, not even when the last try has the right password;
#  - ten bad tries from another attacker's address do not stop the real
#    manager signing in from her own;
#  - every failure is in the log with the name and the address, and the
#    password never is.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
PW="correct horse battery"
BAD="Wr0ng-Guess-7781"

# try ADDR USER PASSWORD: a fresh browser at ADDR signs in; prints
# "STATUS RETRY_AFTER" (RETRY_AFTER "-" when none).
try() {
	local addr=$1 user=$2 pw=$3 jar=$FB_TMP/jar.$1 page=$FB_TMP/page.$1 hdr=$FB_TMP/hdr.$1 tok st
	rm -f "$jar"
	curl -s --max-time 20 --interface "$addr" --cacert "$COLL_CA" -c "$jar" -o "$page" "$COLL_URL/login"
	tok=$(python3 -c 'import re,sys
m=re.search(r"name=\"csrf\" value=\"([^\"]+)\"", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$page")
	st=$(curl -s --max-time 20 --interface "$addr" --cacert "$COLL_CA" -b "$jar" -c "$jar" \
		-D "$hdr" -o "$page" -w '%{http_code}' --data-urlencode "csrf=$tok" \
		--data-urlencode "user=$user" --data-urlencode "password=$pw" "$COLL_URL/login")
	local ra
	ra=$(grep -i '^Retry-After:' "$hdr" | tr -dc '0-9')
	echo "$st ${ra:--}"
}

coll_setup sqlite || { fail "test set-up (CA, config)"; finish; }
"$COLL" keygen --public "$COLL_DIR/trust.pub" --secret "$COLL_DIR/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
coll_start || { fail "the collector should start"; finish; }

# ---- 9 tries, 128 junk names, 9 more tries, from 127.0.0.2 --------------------
# The attacker has guessed the password and tries it among the last nine,
# while a wait of 3 s or more is running (a wait that runs out in between is
# the throttle working: throttled, not locked; the unit test, with its own
# clock, pins every step).
signed_in=0 checked=0 refused=0 last_refused=0 waits=() st=0 ra=- right=0
for i in $(seq 1 146); do
	user=wendy pw=$BAD
	[ "$i" -gt 9 ] && [ "$i" -le 137 ] && user=junk$i
	if [ "$i" -gt 137 ] && [ "$right" = 0 ] && [ "$st" = 429 ] && [ "${ra//-/0}" -ge 3 ]; then
		pw=$PW right=1
	fi
	read -r st ra < <(try 127.0.0.2 "$user" "$pw")
	case $st in
	303) signed_in=$((signed_in + 1)) ;;
	401) checked=$((checked + 1)) ;;
	429) refused=$((refused + 1)); waits+=("$ra")
	     [ "$i" -gt 137 ] && last_refused=$((last_refused + 1)) ;;
	esac
done
note "146 tries from 127.0.0.2: $checked checked, $refused refused unchecked (429), $signed_in signed in"
note "Retry-After at the start of each new wait (s): $(printf '%s\n' "${waits[@]:-}" | awk '$1 > p { printf "%s ", $1 } { p = $1 }')(then counting down)"
check "9 tries, 128 junk names and 9 more should not sign in, the right password among them" \
	test "$signed_in:$right" = 0:1
# Waits of 16 s and more by then, and a 429 takes well under a second: at
# most one wait can run out during the last nine.
check "the last nine tries for wendy should be refused unchecked ($last_refused of 9)" test "$last_refused" -ge 8
check "a refusal should carry Retry-After and the wait in words" \
	grep -q "Wait [0-9]* \(second\|minute\)" "$FB_TMP/page.127.0.0.2"

# ---- another attacker, then the real manager from her own PC --------------------
for i in $(seq 1 10); do read -r st ra < <(try 127.0.0.3 wendy "$BAD"); done
note "the tenth bad try from 127.0.0.3: $st (Retry-After ${ra})"
check "ten bad tries from 127.0.0.3 should end refused" test "$st" = 429
read -r st ra < <(try 127.0.0.4 wendy "$PW")
check "wendy with the right password from 127.0.0.4 should still get in ($st)" test "$st" = 303

# ---- the log ---------------------------------------------------------------------
coll_stop
LOG=$FB_TMP/collector.log
note "log lines about sign-in: $(grep -c 'sign-in' "$LOG")"
grep 'sign-in' "$LOG" | awk 'NR <= 3 || /127.0.0.3/ && !s++' | sed 's/^/#   /'
check "failures should be logged with the name and the address" \
	grep -q 'event=sign-in-failed client=127.0.0.2 user=wendy reason="wrong password"' "$LOG"
check "unknown names too" \
	grep -q 'event=sign-in-failed client=127.0.0.2 user=junk[0-9]* reason="unknown or disabled user"' "$LOG"
check "refusals while waiting too" grep -q 'event=sign-in-locked client=127.0.0.3 user=wendy ' "$LOG"
check "the password should never be in the log" bash -c "! grep -qF -e '$BAD' -e '$PW' '$LOG'"
finish
