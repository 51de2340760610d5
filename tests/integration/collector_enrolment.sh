#!/usr/bin/env bash
# collector_enrolment: a tablet speaks only for the locations it is enrolled
# for, end to end. The real feedback-syncd pushes an Oak tablet's queue (whose
# config wrongly offers Willow too) to the real feedback-collector over TLS
# with a throwaway CA: its Willow records end quarantined on the tablet with
# the collector's reason, none is counted for Willow, and the fleet page shows
# estates the refusals and the tablet's quarantined count; a USB bundle from a
# device that is not enrolled is refused whole.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
PW="correct horse battery"
SYNCD=$FB_BIN/feedback-syncd
FILL=$FB_BIN/tests/sync_fill

# the page helpers of collector_lib.sh, under this script's names
web() { coll_web "$@"; }
csrf_of_page() { coll_csrf; }
sign_in() { coll_sign_in "$1" "$PW"; }   # sign_in USER: a fresh cookie jar, signed in as USER
quiet() { local log=$1; shift; "$@" >>"$log" 2>&1; }   # quiet LOG command...
db_count() { python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$COLL_DIR/collector.db" "$1"; }

coll_setup sqlite || { fail "test set-up (CA, config)"; finish; }
d=$COLL_DIR
JAR=$COLL_JAR
PAGE=$COLL_PAGE
coll_cli keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add OAK "Oak Ward" --team oak >/dev/null
coll_cli location add WILLOW "Willow Ward" --team willow >/dev/null
coll_cli device add --location OAK --id kiosk-oak --token-file "$d/oak.token" >/dev/null 2>&1
for u in owen:oak wendy:willow eddie:estates; do
	echo "$PW" | coll_cli user add "${u%%:*}" --team "${u#*:}" >/dev/null 2>&1
done
echo "fleet_team = estates" >>"$COLL_CONF"   # [results] is the config's last section
coll_start || { fail "the collector should start"; finish; }

# The Oak tablet. Its config offers Willow as well (what provisioning must no
# longer write): 3 answers given "at Willow", 2 at Oak.
dev=$FB_TMP/device
mkdir -p "$dev/data"
echo '{}' >"$dev/survey.json"
cat >"$dev/kiosk.conf" <<CONF
[device]
id = kiosk-oak
location_code = OAK
locations = OAK=Oak Ward; WILLOW=Willow Ward
data_dir = $dev/data
trust_public_key = $(tr -d ' \n' <"$d/trust.pub")

[kiosk]
survey_file = $dev/survey.json

[sync]
collector_url = $COLL_URL
ca_file = $COLL_CA
token_file = $d/oak.token
backoff_cap = 10
heartbeat_interval = 30
CONF
pk=$(tr -d ' \n' <"$d/trust.pub")
"$FILL" "$dev/data/queue.db" 3 --pk "$pk" --location WILLOW --real 1 >/dev/null
"$FILL" "$dev/data/queue.db" 2 --pk "$pk" --location OAK --real 1 >/dev/null
check "feedback-syncd --once should push the tablet's queue to the real collector" \
	timeout 60 "$SYNCD" --config "$dev/kiosk.conf" --once 2>"$FB_TMP/syncd.log"
"$FB_BIN/feedback-queue" --config "$dev/kiosk.conf" quarantine >"$FB_TMP/quarantine.txt" 2>&1
check "the three Willow records should be quarantined on the tablet, with the collector's reason" \
	test "$(grep -c 'this device is not enrolled for location WILLOW' "$FB_TMP/quarantine.txt")" = 3
check "the Oak records should have been stored, and only they" \
	test "$(db_count "SELECT count(*) FROM responses WHERE location = 'OAK'"):$(db_count \
		"SELECT count(*) FROM responses WHERE location = 'WILLOW'")" = 2:0
check "none should be counted for Willow" \
	test "$(db_count "SELECT coalesce(sum(n), 0) FROM response_counts WHERE location = 'WILLOW'")" = 0

sign_in wendy
st=$(web GET /location/WILLOW)
check "Willow's page should count no response" \
	bash -c "[ '$st' = 200 ] && grep -qF 'Responses</h2><p class=\"nhsuk-card__description\"><span class=\"fb-figure-n\">0</span>' '$PAGE'"

sign_in eddie
st=$(web GET /fleet)
cp "$PAGE" "$FB_TMP/fleet-estates.html"
check "estates should see the refused records against the Oak tablet, in words" \
	bash -c "[ '$st' = 200 ] && grep -qF '3 records for Willow Ward (WILLOW), which it is not enrolled for' '$PAGE'"
check "estates should see the tablet heard from, enrolled for Oak, with 3 quarantined" \
	python3 - "$PAGE" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*kiosk-oak(?:(?!</tr>).)*</tr>", page, re.S).group(0)
assert "Oak Ward (OAK)" in row, row
assert "Never heard from" not in row and "New" not in row, row
assert "3 quarantined" in row, row
PY
check "estates should be told what to type to change the enrolment" \
	grep -qF 'feedback-collector device locations' "$PAGE"

sign_in owen
web GET /fleet >/dev/null
check "the Oak ward manager should see the refusals but no admin command" \
	bash -c "grep -qF '3 records for Willow Ward (WILLOW)' '$PAGE' && ! grep -qF 'feedback-collector' '$PAGE'"

# A USB bundle from a tablet the Trust never enrolled: refused whole.
"$FILL" "$dev/data/queue.db" 2 --pk "$pk" --location OAK --real 1 >/dev/null
"$FB_BIN/feedback-queue" --config "$dev/kiosk.conf" export "$FB_TMP/usb.bundle" >/dev/null 2>&1
python3 - "$FB_TMP/usb.bundle" "$FB_TMP/stranger.bundle" <<'PY'
import gzip, json, sys
try:
    b = json.loads(gzip.open(sys.argv[1]).read())
except OSError:
    b = json.load(open(sys.argv[1]))
assert len(b["records"]) == 2, len(b["records"])
b["device_id"] = "kiosk-stranger"
gzip.open(sys.argv[2], "wt").write(json.dumps(b))
PY
before=$(db_count "SELECT count(*) FROM responses")
check "import should refuse a bundle from a device that is not enrolled, saying so" \
	bash -c "! '$COLL' --config '$COLL_CONF' import '$FB_TMP/stranger.bundle' 2>'$FB_TMP/import.err' &&
		grep -q \"device 'kiosk-stranger', which is not enrolled; nothing was imported\" '$FB_TMP/import.err'"
check "the refused bundle should store nothing" test "$(db_count "SELECT count(*) FROM responses")" = "$before"

# Provisioning from the enrolment: the staff screen offers exactly the enrolled list.
coll_cli device add --location OAK,WILLOW --id kiosk-both --token-file "$d/both.token" \
	--enrolment "$d/both.enrolment" >/dev/null 2>&1
check "device add --enrolment should write the tablet's [device] lines, locations by name" \
	bash -c "grep -qx 'id = kiosk-both' '$d/both.enrolment' && grep -qx 'location_code = OAK' '$d/both.enrolment' &&
		grep -qx 'locations = OAK=Oak Ward; WILLOW=Willow Ward' '$d/both.enrolment'"
root=$FB_TMP/tablet   # as if the feedback-kiosk package were installed in it
mkdir -p "$root/usr/share/feedback-kiosk/surveys"
cp "$FB_SRC/config/surveys/fft.json" "$root/usr/share/feedback-kiosk/surveys/"
cp "$FB_SRC/assets/fonts.list" "$root/usr/share/feedback-kiosk/"
printf '1234\n' >"$FB_TMP/pin"
provision() { # check's own $d hides ours: name the directory in full
	"$FB_SRC/deploy/provision-device.sh" --root "$root" --collector-url "$COLL_URL" \
		--ca-file "$COLL_CA" --trust-key "$COLL_DIR/trust.pub" --token-file "$COLL_DIR/both.token" \
		--pin-file "$FB_TMP/pin" --prefix /usr "$@"
}
check "provision-device --enrolment should set the tablet up" \
	quiet "$FB_TMP/provision.log" provision --enrolment "$d/both.enrolment"
check "the tablet's config should offer exactly the enrolled locations" \
	bash -c "grep -qx 'id = kiosk-both' '$root/etc/feedback/kiosk.conf' &&
		grep -qx 'locations = OAK=Oak Ward; WILLOW=Willow Ward' '$root/etc/feedback/kiosk.conf'"
check "provision-device should refuse --enrolment together with --locations" \
	bash -c "'$FB_SRC/deploy/provision-device.sh' --root '$root' --force --collector-url '$COLL_URL' \
		--ca-file '$COLL_CA' --trust-key '$d/trust.pub' --token-file '$d/both.token' --no-pin --prefix /usr \
		--enrolment '$d/both.enrolment' --locations 'ASH=Ash Ward' 2>&1 | grep -q 'leave out --device-id'"
coll_cli device locations kiosk-both --location WILLOW --enrolment "$d/both.enrolment" >/dev/null 2>&1
check "device locations --enrolment should write the changed list" \
	grep -qx 'locations = WILLOW=Willow Ward' "$d/both.enrolment"

coll_stop
check "the collector should have run without a sanitizer report" \
	bash -c "! grep -qE 'Sanitizer|runtime error' '$FB_TMP/collector.log' '$FB_TMP/syncd.log'"
finish
