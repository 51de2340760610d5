#!/usr/bin/env bash
# demo_e2e: the product's promise, end to end, from the same set-up `make run`
# uses. A patient answers on the kiosk (real SDL events through --replay) with
# a comment; the sync daemon pushes it over TLS; the collector opens the sealed
# comment with the Trust's key; the team signs in and reads it on the ward's
# page. Meanwhile the device never holds the comment in the clear.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kiosk_lib.sh"

demo=$FB_TMP/demo
port=$(free_port)
check "make-demo.sh should write a working demo set-up" \
	env FB_DEMO_PORT="$port" "$FB_SRC/deploy/make-demo.sh" "$demo"
conf=$demo/kiosk.conf
queue=$demo/device/data/queue.db
coll_db=$demo/collector/collector.db
comment="The nurses were kind and listened to me"

spawn "$FB_BIN/feedback-collector" --config "$demo/collector.conf" 2>"$FB_TMP/collector.log"
collector_up() { curl -s -o /dev/null --cacert "$demo/ca/ca.pem" "https://127.0.0.1:$port/login"; }
check "the collector should answer over TLS" wait_for 20 collector_up
spawn "$FB_BIN/feedback-syncd" --config "$conf" 2>"$FB_TMP/syncd.log"

cat >"$FB_TMP/patient.replay" <<REPLAY
expect attract
tap start
tap lang-en
tap answer-1
type $comment
tap next
tap skip
$REPLAY_ABOUT_YOU_SKIPPED
expect thanks
REPLAY
kiosk_run 1280x800 "$conf" "$FB_TMP/patient.replay" "$FB_TMP/kiosk"
check "the patient's replay should reach the thank-you screen (exit $RC)" test "$RC" = 0

device_has_record() { [ "$(sqlite3 "$queue" 'SELECT count(*) FROM records' 2>/dev/null)" = 1 ]; }
check "the device's queue should hold the response" device_has_record
check "the device should never hold the comment in the clear" \
	bash -c "! grep -qa 'nurses were kind' '$queue' '$queue-wal' 2>/dev/null"

stored() { [ "$(sqlite3 "$coll_db" "SELECT count(*) FROM responses WHERE fft = 1" 2>/dev/null)" = 1 ]; }
check "the sync daemon should deliver it to the collector within 20 s" wait_for 20 stored
check "the collector should have opened the sealed comment with the Trust's key" \
	bash -c "sqlite3 '$coll_db' 'SELECT free_text FROM responses' | grep -q 'nurses were kind'"
acked() {
	local st
	st=$("$FB_BIN/feedback-queue" --config "$conf" stats 2>/dev/null) || return 1
	grep -qE '^waiting to send: +0$' <<<"$st" &&
		grep -E '^last acknowledgement:' <<<"$st" | grep -vq never
}
check "the device should record the collector's acknowledgement" wait_for 10 acked

# The team signs in and reads the ward's page.
jar=$FB_TMP/cookies page=$FB_TMP/page.html
web() { local m=$1 p=$2; shift 2
	curl -s -o "$page" -w '%{http_code}' --cacert "$demo/ca/ca.pem" -b "$jar" -c "$jar" \
		-X "$m" "https://127.0.0.1:$port$p" "$@"; }
web GET /login >/dev/null
tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page" | head -1)
user=$(sed -n 's/^user: //p' "$demo/demo-login.txt")
pass=$(sed -n 's/^password: //p' "$demo/demo-login.txt")
st=$(web POST /login --data-urlencode "csrf=$tok" --data-urlencode "user=$user" \
	--data-urlencode "password=$pass")
check "the demo login should sign in (HTTP $st)" test "$st" = 303
st=$(web GET /location/WILLOW)
check "Willow Ward's page should answer 200 (HTTP $st)" test "$st" = 200
check "the ward's page should show the patient's comment" grep -q "nurses were kind" "$page"
check "another team's ward should answer 403" test "$(web GET /location/ASH)" = 403
check "no process should have logged the comment" \
	bash -c "! grep -qs 'nurses were kind' '$FB_TMP/collector.log' '$FB_TMP/syncd.log' '$FB_TMP/kiosk.log'"
# Someone guesses a password first; then the logs are searched for every
# secret that passed through: the device token, both passwords, the session.
session=$(awk '$6 == "fb_session" { print $7 }' "$jar" | tail -1)
jar=$FB_TMP/guesser-cookies   # another browser, not signed in
web GET /login >/dev/null
tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$page" | head -1)
guess="Guessed-Pa55word-$RANDOM"
web POST /login --data-urlencode "csrf=$tok" --data-urlencode "user=$user" \
	--data-urlencode "password=$guess" >/dev/null
token_file=$(sed -n 's/^token_file *= *//p' "$conf")
[[ $token_file == /* ]] || token_file=$(dirname "$conf")/$token_file   # relative to the config
device_token=$(cat "$token_file" 2>/dev/null)
check "the test found the device token and the session to look for" \
	test -n "$device_token" -a -n "$session"
logs=("$FB_TMP/collector.log" "$FB_TMP/syncd.log" "$FB_TMP/kiosk.log")
for secret in "device token:$device_token" "password:$pass" "guessed password:$guess" \
	"session cookie:$session"; do
	check "no process should have logged the ${secret%%:*}" \
		bash -c '! grep -qsF -- "$0" "${@}"' "${secret#*:}" "${logs[@]}"
done
check "the failed sign-in should be logged, by name and address only" \
	grep -q "event=sign-in-failed client=127.0.0.1 user=$user " "$FB_TMP/collector.log"
check "no sanitizer report in any log" \
	bash -c "! grep -qs 'Sanitizer' '$FB_TMP/collector.log' '$FB_TMP/syncd.log' '$FB_TMP/kiosk.log'"
finish
