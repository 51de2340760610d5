#!/usr/bin/env bash
# collector_logs: the collector's log answers "who did what, from where,
# when" and holds no secret and no patient's words, against a real
# feedback-collector over TLS. Drives each event a Trust's IT security team
# asks about (sign-in, a wrong password, the lockout, sign-out, a forged
# form, another team's page, a wrong device token, a push, a wrong and a
# right enrolment code, the enrolment lockout, a reset link, a trusted and
# an untrusted X-Forwarded-For) and then reads the log:
#  - each request has one access line with the time (ISO-8601 UTC), the
#    client, the user or device, method, path, status and milliseconds;
#  - each event has its one security line with the user and client;
#  - no password, token, code, cookie, CSRF value, comment text or contact
#    details used here is anywhere in it, and a name cannot forge a line.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
PW="correct horse battery"
BAD="Wr0ng-Guess-5521"
TEXT="wordsecret the night nurse sang to me"
CONTACT="contact-07700-900123@example.org"
BOGUS_CSRF="forged-csrf-Q8v2kT"
BOGUS_TOKEN="forged-token-Zr4w9LmX"
TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z'
LOG=$FB_TMP/collector.log

coll_setup sqlite || { fail "test set-up (CA, config)"; finish; }
d=$COLL_DIR
# 127.0.0.5 stands for the Trust's reverse proxy
sed -i 's/^request_time_limit_s = 5$/&\ntrusted_proxies = 127.0.0.5/' "$COLL_CONF"
coll_cli keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
coll_cli location add OAK1 "Oak Ward" --team oak >/dev/null
echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
TOKEN=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
CODE=$(coll_cli device code kiosk-new --location WARD1 2>/dev/null)
RESET=$(coll_cli user reset wendy 2>/dev/null)
RESET_TOKEN=${RESET##*token=}
check "set-up: a device token, an enrolment code and a reset link" \
	bash -c "[ -n '$TOKEN' ] && [ -n '$CODE' ] && [ -n '$RESET_TOKEN' ]"
"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 1 \
	--text "$TEXT" --contact "$CONTACT" >"$d/batch.json"
coll_start || { fail "the collector should start"; finish; }

# ---- staff ---------------------------------------------------------------------
check "wendy signs in" coll_sign_in wendy "$PW"
SESSION=$(awk '$6 == "fb_session" { print $7 }' "$COLL_JAR")
LOGIN_COOKIE=$(awk '$6 == "fb_login" { print $7 }' "$COLL_JAR")
st=$(coll_web GET /team)
CSRF=$(coll_csrf)
check "her team's page opens, with a form token" bash -c "[ '$st' = 200 ] && [ -n '$CSRF' ] && [ -n '$SESSION' ]"
check "another team's location is refused" test "$(coll_web GET /location/OAK1)" = 403
check "a form with a forged token is refused" \
	test "$(coll_web POST /logout --data-urlencode "csrf=$BOGUS_CSRF")" = 403
check "she signs out" test "$(coll_web POST /logout --data-urlencode "csrf=$CSRF")" = 303
check "the reset link opens its form" test "$(coll_web GET "/reset?token=$RESET_TOKEN")" = 200

# a wrong password, then tries until the throttle refuses them unchecked
rm -f "$COLL_JAR"
coll_web GET /login >/dev/null
check "a wrong password is refused" test "$(coll_web POST /login --data-urlencode "csrf=$(coll_csrf)" \
	--data-urlencode "user=wendy" --data-urlencode "password=$BAD")" = 401
locked=0
for _ in $(seq 1 12); do
	st=$(coll_web POST /login --data-urlencode "csrf=$(coll_csrf)" --data-urlencode "user=wendy" \
		--data-urlencode "password=$BAD")
	[ "$st" = 429 ] && { locked=1; break; }
done
check "wrong passwords end in the lockout (429)" test "$locked" = 1
# a name made to forge a log line of its own
coll_web GET /login >/dev/null
coll_web POST /login --data-urlencode "csrf=$(coll_csrf)" --data-urlencode $'user=eve\nforged-line client=9.9.9.9' \
	--data-urlencode "password=$BAD" >/dev/null

# ---- devices ---------------------------------------------------------------------
check "the device's push is stored" \
	test "$(coll_post /v1/responses "$d/batch.json" "$TOKEN")" = 200
check "a wrong token is refused" test "$(coll_post /v1/heartbeat "$d/batch.json" "$BOGUS_TOKEN")" = 401
enrol() { # enrol DEVICE CODE: prints the status
	printf '{"protocol":"fb-sync/1","device_id":"%s","code":"%s"}' "$1" "$2" >"$FB_TMP/enrol.json"
	coll_post /v1/enrol "$FB_TMP/enrol.json" "" identity
}
check "a wrong enrolment code is refused" test "$(enrol kiosk-new WXYZ-2345)" = 403
check "the right code enrols the tablet" test "$(enrol kiosk-new "$CODE")" = 201
NEW_TOKEN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$COLL_OUT")
locked=0
for _ in $(seq 1 12); do
	[ "$(enrol kiosk-guess ABCD-EFGH)" = 429 ] && { locked=1; break; }
done
check "wrong codes end in the enrolment lockout (429)" test "$locked" = 1

# ---- behind the proxy, and a client pretending to be behind it ---------------------
coll_web GET /login --interface 127.0.0.5 -H "X-Forwarded-For: 198.51.100.4, 203.0.113.9" >/dev/null
coll_web GET /login -H "X-Forwarded-For: 192.0.2.66" >/dev/null

coll_stop

# ---- the log ---------------------------------------------------------------------
grep -E ' feedback-collector: (access|security) ' "$LOG" | sed -n '1,6p;/forbidden\|csrf\|enrol-code\|device-refused/p' |
	sed 's/^/#   /' | head -20
has() { grep -Eq "^$TS feedback-collector: $1" "$LOG"; }
A='access client=127.0.0.1'
S='security event='
check "every access and security line starts with its ISO-8601 UTC time" \
	bash -c "! grep -E ' feedback-collector: (access|security) ' '$LOG' | grep -Evq '^$TS feedback-collector: '"
check "the sign-in's access line: client, user, method, path, status, ms" \
	has "$A user=wendy method=POST path=/login status=303 ms=[0-9]+$"
check "a page's access line names the signed-in user" has "$A user=wendy method=GET path=/team status=200 ms=[0-9]+$"
check "a sign-in line" has "${S}sign-in client=127.0.0.1 user=wendy$"
check "a 403 line for another team's page" has "${S}forbidden client=127.0.0.1 user=wendy path=/location/OAK1$"
check "a CSRF refusal line" has "${S}csrf-refused client=127.0.0.1 user=wendy path=/logout reason="
check "a sign-out line" has "${S}sign-out client=127.0.0.1 user=wendy$"
check "a sign-in failure line" has "${S}sign-in-failed client=127.0.0.1 user=wendy reason=\"wrong password\"$"
check "a lockout line" has "${S}sign-in-locked client=127.0.0.1 user=wendy reason=\"too many wrong passwords"
check "the reset link's access line without its query string" has "$A user=- method=GET path=/reset status=200 ms="
check "the push's access line names the device" has "$A device=kiosk-1 method=POST path=/v1/responses status=200 ms="
check "a wrong device token's line" has "${S}device-refused client=127.0.0.1 user=- path=/v1/heartbeat reason=\"device token not recognised\"$"
check "a wrong enrolment code's line names the device claimed" has "${S}enrol-code-wrong client=127.0.0.1 device=kiosk-new "
check "the code's use is logged" has "${S}enrol-code-used client=127.0.0.1 device=kiosk-new "
check "the enrolment's access line names the new device" has "$A device=kiosk-new method=POST path=/v1/enrol status=201 "
check "the enrolment lockout is logged" has "${S}enrol-locked client=127.0.0.1 device=kiosk-guess "
check "behind the trusted proxy the client is the forwarded address" \
	has "access client=203.0.113.9 via=127.0.0.5 user=- method=GET path=/login status=200 "
check "from anyone else X-Forwarded-For is ignored" \
	bash -c "! grep -qF -e '192.0.2.66' -e '198.51.100.4' '$LOG'"
check "a name cannot forge a line or a field" \
	bash -c "! grep -Eq '^forged-line|client=9\.9\.9\.9' '$LOG' && grep -Fq 'user=eve?forged-line?client?9.9.9.9' '$LOG'"
check "no password, token, code, cookie, CSRF value, comment or contact details in the log" \
	bash -c "! grep -qF -e '$PW' -e '$BAD' -e '$TOKEN' -e '$NEW_TOKEN' -e '$BOGUS_TOKEN' -e '$CODE' \
		-e '${CODE/-/}' -e '$RESET_TOKEN' -e '$SESSION' -e '$LOGIN_COOKIE' -e '$CSRF' -e '$BOGUS_CSRF' \
		-e 'wordsecret' -e 'night nurse' -e '$CONTACT' -e '07700' '$LOG'"
check "no sanitizer report" bash -c "! grep -qE 'Sanitizer|runtime error' '$LOG'"
finish
