#!/usr/bin/env bash
# collector_enrolment_code: a tablet enrolled with a one-time code, end to
# end over TLS with the throwaway CA. An admin makes a code on the Devices
# page (curl, with its CSRF field); the tablet's staff screen leaves it in
# data_dir/enrol-request (written here as the kiosk writes it); the real
# feedback-syncd sends it to POST /v1/enrol, keeps the token it gets 0600,
# writes "enrolled" for the staff screen, and pushes the tablet's queue with
# it: the collector counts the records. A used code, an out-of-date one
# (device code --valid-seconds 1) and another tablet's are refused with one
# clear reason; guessing is slowed to 429 after a few; no code or token is
# in a log or the audit trail.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
PW="correct horse battery"
SYNCD=$FB_BIN/feedback-syncd
FILL=$FB_BIN/tests/sync_fill

# the page helpers of collector_lib.sh, under this script's names
web() { coll_web "$@"; }
csrf_of_page() { coll_csrf; }
db_count() { python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$COLL_DIR/collector.db" "$1"; }
enrol() { # enrol DEVICE CODE: POST /v1/enrol as a tablet would; prints the status
	printf '{"protocol":"fb-sync/1","device_id":"%s","code":"%s"}' "$1" "$2" >"$FB_TMP/enrol.json"
	coll_post /v1/enrol "$FB_TMP/enrol.json" "" identity
}
quiet_ok() { "$@" >/dev/null 2>&1; }
reason() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("error",""))' "$COLL_OUT"; }

coll_setup sqlite || { fail "test set-up (CA, config)"; finish; }
d=$COLL_DIR
JAR=$COLL_JAR
PAGE=$COLL_PAGE
coll_cli keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add OAK "Oak Ward" --team oak >/dev/null
coll_cli location add WILLOW "Willow Ward" --team willow >/dev/null
echo "$PW" | coll_cli user add ada --team estates --role admin >/dev/null 2>&1
coll_start || { fail "the collector should start"; finish; }

# The admin makes a code on the Devices page.
web GET /login >/dev/null
web POST /login --data-urlencode "csrf=$(csrf_of_page)" --data-urlencode "user=ada" \
	--data-urlencode "password=$PW" >/dev/null
st=$(web GET /admin/devices)
check "the Devices page should offer Enrol a tablet, with the locations to choose" \
	bash -c "[ '$st' = 200 ] && grep -qF 'Enrol a tablet' '$PAGE' && grep -qF 'name=\"loc_OAK\"' '$PAGE'"
st=$(web POST /admin/devices/enrol --data-urlencode "csrf=$(csrf_of_page)" \
	--data-urlencode "device_id=kiosk-oak" --data-urlencode "loc_OAK=on")
cp "$PAGE" "$FB_TMP/code-page.html"
code=$(python3 -c 'import re,sys
m=re.search(r"id=\"enrol-code\">([A-Z0-9-]+)<", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$PAGE")
check "the page should show a one-time code of 8 unambiguous characters, grouped ABCD-EFGH" \
	bash -c "[ '$st' = 200 ] && [[ '$code' =~ ^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$ ]]"
st=$(web POST /admin/devices/enrol --data-urlencode "device_id=kiosk-x" --data-urlencode "loc_OAK=on")
n=$(db_count "SELECT count(*) FROM enrol_codes")
check "a form without its CSRF field should make no code" bash -c "[ '$st' = 403 ] && [ '$n' = 1 ]"
check "the database should hold the code's hash only" \
	bash -c "! grep -qa '${code/-/}' '$d/collector.db' && ! grep -qa '$code' '$d/collector.db'"

# The tablet: no token yet, two answers waiting in its queue.
dev=$FB_TMP/device
mkdir -p "$dev/data"
echo '{}' >"$dev/survey.json"
cat >"$dev/kiosk.conf" <<CONF
[device]
id = kiosk-oak
location_code = OAK
data_dir = $dev/data
trust_public_key = $(tr -d ' \n' <"$d/trust.pub")

[kiosk]
survey_file = $dev/survey.json

[sync]
collector_url = $COLL_URL
ca_file = $COLL_CA
token_file = $dev/data/token
backoff_cap = 10
heartbeat_interval = 30
CONF
pk=$(tr -d ' \n' <"$d/trust.pub")
"$FILL" "$dev/data/queue.db" 2 --pk "$pk" --location OAK --real 1 >/dev/null
# What the staff screen writes when the code is typed (in small letters, spaced)
lower=$(echo "$code" | tr 'A-Z-' 'a-z ')
( umask 077; printf '%s\n' "$lower" >"$dev/data/enrol-request" )
check "feedback-syncd --check-config should pass for a tablet waiting for its code" \
	quiet_ok "$SYNCD" --config "$dev/kiosk.conf" --check-config
timeout 60 "$SYNCD" --config "$dev/kiosk.conf" --once 2>"$FB_TMP/syncd.log"
check "feedback-syncd should have written the token file, mode 0600" \
	bash -c "[ -s '$dev/data/token' ] && [ \"\$(stat -c %a '$dev/data/token')\" = 600 ]"
check "the request should be gone, the result saying enrolled for Oak Ward" \
	bash -c "[ ! -e '$dev/data/enrol-request' ] && [ \"\$(head -1 '$dev/data/enrol-result')\" = enrolled ] &&
		grep -qx 'Oak Ward' '$dev/data/enrol-result'"
check "the tablet's records should be counted at the collector, for Oak" \
	test "$(db_count "SELECT count(*) FROM responses WHERE location = 'OAK' AND device_id = 'kiosk-oak'")" = 2
check "the device should be enrolled for Oak only" \
	test "$(db_count "SELECT group_concat(location) FROM device_locations WHERE device_id = 'kiosk-oak'")" = OAK
coll_cli audit >"$FB_TMP/audit.csv" 2>/dev/null
check "the audit trail should have the code made by ada and used by the tablet, without the code" \
	bash -c "grep -q 'ada,.*device-code,kiosk-oak' '$FB_TMP/audit.csv' && grep -q 'device kiosk-oak,.*device-enrol,kiosk-oak' '$FB_TMP/audit.csv' &&
		! grep -qF '$code' '$FB_TMP/audit.csv'"
tok=$(cat "$dev/data/token")
check "neither the code nor the token should be in a log" \
	bash -c "! grep -qF '$tok' '$FB_TMP/collector.log' '$FB_TMP/syncd.log' && ! grep -qiF '${code/-/}' '$FB_TMP/collector.log' '$FB_TMP/syncd.log' &&
		! grep -qF '$code' '$FB_TMP/collector.log' '$FB_TMP/syncd.log'"

# Used once only.
st=$(enrol kiosk-oak "$code")
check "a used code should be refused, in words" \
	bash -c "[ '$st' = 403 ] && [ \"\$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"error\"])' '$COLL_OUT')\" = \"that enrolment code is wrong, used or out of date; ask for a new one on the collector's Devices page\" ]"

# Out of date: a code valid one second.
short=$(coll_cli device code kiosk-willow --location WILLOW --valid-seconds 1 2>/dev/null)
check "device code should print a grouped code" bash -c "[[ '$short' =~ ^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$ ]]"
sleep 2
st=$(enrol kiosk-willow "$short")
check "an out-of-date code should be refused with the same words" \
	bash -c "[ '$st' = 403 ] && grep -qF 'wrong, used or out of date' '$COLL_OUT'"
check "and nothing enrolled" test "$(db_count "SELECT count(*) FROM devices WHERE id = 'kiosk-willow'")" = 0

# Another tablet's code does not enrol this one; a fresh code does.
good=$(coll_cli device code kiosk-willow --location WILLOW 2>/dev/null)
st=$(enrol kiosk-elm "$good")
check "a code typed on another tablet should be refused" bash -c "[ '$st' = 403 ]"

# Guessing: a few wrong codes from one address (the used, out-of-date and
# other tablet's codes above count too), then 429 with Retry-After, even for
# the right one.
codes=()
for i in 1 2 3 4 5; do codes+=("$(enrol kiosk-willow AAAA-AAA$((i + 1)))"); done
note "wrong codes: ${codes[*]}"
check "after a few wrong codes the collector should answer 429 with Retry-After" \
	bash -c "[[ '${codes[*]}' =~ ^(403\ )*429(\ 429)*$ ]] && [[ '${codes[*]}' =~ ^(403\ ){0,3}429 ]]"
check "the 429 should say how long to wait" \
	bash -c "grep -qi '^Retry-After: [1-9]' '$COLL_HDR' && grep -qF 'too many wrong enrolment codes' '$COLL_OUT'"
st=$(enrol kiosk-willow "$good")
check "while the wait lasts even the right code waits" bash -c "[ '$st' = 429 ]"
check "the right code should still work once the wait is over (it was never tried)" \
	test "$(db_count "SELECT count(*) FROM enrol_codes WHERE device_id = 'kiosk-willow' AND used_ms IS NOT NULL")" = 0

# A tablet with no token and no request waits, saying why.
dev2=$FB_TMP/device2
mkdir -p "$dev2/data"
sed -e "s|$dev|$dev2|g" -e 's/kiosk-oak/kiosk-ash/' "$dev/kiosk.conf" >"$dev2/kiosk.conf"
timeout 30 "$SYNCD" --config "$dev2/kiosk.conf" --once 2>"$FB_TMP/syncd2.log"
check "without a token feedback-syncd should say the tablet is not enrolled yet" \
	grep -qF 'not enrolled yet' "$dev2/data/sync-status.json"

# Provisioning a tablet that will be enrolled with a code: no token file.
root=$FB_TMP/tablet
mkdir -p "$root/usr/share/feedback-kiosk/surveys"
cp "$FB_SRC/config/surveys/fft.json" "$root/usr/share/feedback-kiosk/surveys/"
cp "$FB_SRC/assets/fonts.list" "$root/usr/share/feedback-kiosk/"
printf '1234\n' >"$FB_TMP/pin"
check "provision-device --enrol-with-code should set a tablet up without a token, its checks passing" \
	bash -c "'$FB_SRC/deploy/provision-device.sh' --root '$root' --collector-url '$COLL_URL' --ca-file '$COLL_CA' \
		--trust-key '$d/trust.pub' --device-id kiosk-birch --location OAK --location-name 'Oak Ward' \
		--pin-file '$FB_TMP/pin' --prefix /usr --enrol-with-code >'$FB_TMP/provision.log' 2>&1"
check "its config should keep the token in data_dir, where feedback-syncd may write, and none be there yet" \
	bash -c "grep -qx 'token_file = /var/lib/feedback/token' '$root/etc/feedback/kiosk.conf' &&
		[ ! -e '$root/etc/feedback/token' ] && [ ! -e '$root/var/lib/feedback/token' ] &&
		grep -q 'Enrol this tablet, type the code' '$FB_TMP/provision.log'"
check "provision-device should refuse --enrol-with-code with --token-file" \
	bash -c "'$FB_SRC/deploy/provision-device.sh' --root '$root' --force --collector-url '$COLL_URL' --ca-file '$COLL_CA' \
		--trust-key '$d/trust.pub' --device-id kiosk-birch --location OAK --location-name 'Oak Ward' \
		--pin-file '$FB_TMP/pin' --prefix /usr --enrol-with-code --token-file '$d/trust.pub' 2>&1 | grep -q 'choose one'"

coll_stop
check "the collector and feedback-syncd should have run without a sanitizer report" \
	bash -c "! grep -qE 'Sanitizer|runtime error' '$FB_TMP/collector.log' '$FB_TMP/syncd.log' '$FB_TMP/syncd2.log'"
finish
