#!/usr/bin/env bash
# usb_config_roundtrip: a ward with no network gets the Trust's tablet
# settings on the USB stick that carries its answers. An admin sets Ward 7's
# settings on the collector's /settings page (the survey, English and Polish,
# a 90-second idle timeout, a Polish crisis text); on the tablet, which never
# reaches the collector, feedback-queue exports its answers; the collector
# imports them and writes beside the receipt the device's config bundle,
# byte for byte what GET /v1/config answers that device; feedback-queue
# import-config puts it in force as the sync daemon would (the same
# remote-config.json, mode 0644), and a kiosk running on its attract screen
# offers Polish and no longer Welsh at its next attract screen, without a
# restart. Refused, each in words with remote-config.json left as it was:
# an edited bundle, one that fails the device's checks (a language its
# survey lacks), another device's (from 'device config'), a truncated file
# and an over-size one, before any config is in force and after. The staff
# screen says the stick's config is in force. Screenshots: $FB_TMP/shots
# (attract-before.png, attract-after.png, staff.png).
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"
PW="correct horse battery"
SURVEYS=$FB_TMP/surveys
JAR=$FB_TMP/ada.jar
USB=$FB_TMP/usb
SHOTS=$FB_TMP/shots
RCONF=$DATA/remote-config.json
PL_CRISIS="Potrzebujesz pomocy teraz? Zadzwoń pod 111 i wybierz opcję 2."

# The collector's config, with the survey folder the settings page offers.
eval "$(declare -f _real_collector_conf | sed '1s/_real_collector_conf/_sync_lib_conf/')"
_real_collector_conf() {
	_sync_lib_conf "$@"
	printf '\n[devices]\nsurveys_dir = %s\n' "$SURVEYS" >>"$CCONF"
}
c() { "$FB_BIN/feedback-collector" --config "$CCONF" "$@"; }
q() { "$QTOOL" --config "$CONF" "$@"; }
curl_tls() { curl -s --max-time 20 --cacert "$TLS/ca/ca.pem" "$@"; }
sign_in() {
	local body tok
	rm -f "$JAR"
	body=$(curl_tls -c "$JAR" "$URL/login")
	tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$body" | head -1)
	curl_tls -o /dev/null -w '%{http_code}' -b "$JAR" -c "$JAR" --data-urlencode "csrf=$tok" \
		--data-urlencode "user=ada" --data-urlencode "password=$PW" "$URL/login"
}
send_settings() { # send_settings FIELD=VALUE...: the settings form, with its CSRF token
	local tok args=() kv
	curl_tls -o "$FB_TMP/form.html" -b "$JAR" "$URL/settings/ward-7"
	tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$FB_TMP/form.html" | head -1)
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	curl_tls -o "$FB_TMP/page.html" -w '%{http_code}' -b "$JAR" --data-urlencode "csrf=$tok" \
		"${args[@]}" "$URL/settings/ward-7"
}
# remote KEY: a key of the config in force on the tablet, as JSON
remote() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["config"]; print(json.dumps(c.get(sys.argv[2]), ensure_ascii=False, sort_keys=True))' "$RCONF" "$1" 2>/dev/null; }
remote_is() { [ "$(remote "$1")" = "$2" ]; }
# langs DUMP: the language buttons on a layout dump, space-separated
langs() { python3 -c 'import json,sys; print(" ".join(w["id"][5:] for w in json.load(open(sys.argv[1]))["widgets"] if w["id"].startswith("lang-")))' "$1"; }
# card_text DUMP: the words on a screen's widgets, one line
card_text() { python3 -c 'import json,sys;print(" | ".join(w["label"] for w in json.load(open(sys.argv[1]))["widgets"]))' "$1"; }
staff_says() { card_text "$FB_TMP/layout.json" | grep -q "$1"; }
fingerprint() { if [ -e "$RCONF" ]; then sha256sum <"$RCONF"; else echo none; fi; }

kiosk_require
kiosk_pin_hash 1234
mkdir -p "$SURVEYS" "$USB" "$SHOTS"
cp "$FB_SRC/config/surveys/fft.json" "$SURVEYS/fft.json"
sync_setup
cp "$FB_SRC/config/surveys/fft.json" "$FB_TMP/survey.json"   # the tablet's own survey
URL=https://127.0.0.1:$PORT
# The tablet: its own languages English and Welsh; [sync] is there but the
# ward has no network, so no sync daemon runs.
kiosk_conf "$FB_TMP/device.conf" "$DATA" id=kiosk-0042 location_code=ward-7 "location_name=Ward 7" \
	"languages=en, cy" "trust_public_key=$TRUST_PK" "survey_file=$FB_TMP/survey.json" \
	"staff_pin_hash=$PIN_HASH"
sed -n '/^\[sync\]/,$p' "$CONF" >>"$FB_TMP/device.conf"
mv "$FB_TMP/device.conf" "$CONF"
c location add ward-9 "Ward 9" --team ward9 >/dev/null 2>>"$FB_TMP/collector.log"
c device add --location ward-9 --id kiosk-0099 --token-file "$FB_TMP/other.token" \
	>/dev/null 2>>"$FB_TMP/collector.log"
echo "$PW" | c user add ada --team it --role admin >/dev/null 2>>"$FB_TMP/collector.log" ||
	{ fail "an admin made on the command line"; finish; }
start_collector || { fail "collector started"; finish; }
check "the admin should sign in" test "$(sign_in)" = 303
check "Ward 7's settings should be saved through the settings page" \
	test "$(send_settings survey=fft.json lang_en=1 lang_pl=1 idle=90 "crisis_pl=$PL_CRISIS" confirm=yes)" = 303

# A kiosk on its attract screen throughout, photographed before and after.
cat >"$FB_TMP/attract.replay" <<EOF2
expect attract
screenshot attract-before
sleep 10000
sleep 10000
sleep 5000
expect attract
screenshot attract-after
sleep 5000
$REPLAY_STAFF_1234
screenshot staff
EOF2
kiosk_start 1280x800 "$CONF" "$FB_TMP/attract.replay" "$FB_TMP/kiosk.log" \
	--layout-dump "$FB_TMP/layout.json" --screenshot-dir "$SHOTS"
check "the kiosk should show its attract screen" wait_for 30 test -s "$SHOTS/attract-before.png"
cp "$FB_TMP/layout.json" "$FB_TMP/layout-before.json"
note "languages before: $(langs "$FB_TMP/layout-before.json")"
check "before the stick it should offer its own languages, English and Welsh" \
	test "$(langs "$FB_TMP/layout-before.json")" = "en cy"

# The round trip: export on the tablet, import at the collector.
fill 3
q export "$USB/ward7.bundle" >"$FB_TMP/export.out" 2>&1
check "the tablet should export its 3 answers" grep -q 'exported 3 unsent responses' "$FB_TMP/export.out"
c import "$USB/ward7.bundle" >"$FB_TMP/import.out" 2>"$FB_TMP/import.err"
note "import: $(cat "$FB_TMP/import.out" "$FB_TMP/import.err")"
check "the collector should store them and write the receipt" \
	bash -c "grep -q ': 3 stored' '$FB_TMP/import.out' && [ -s '$USB/ward7.bundle.receipt.json' ]"
check "and write the device's config bundle beside it" test -s "$USB/ward7.bundle.config.json"
check "the import should say where the config bundle is and what to do with it" \
	grep -q "ward7.bundle.config.json'.*feedback-queue import-config" "$FB_TMP/import.out"
curl_tls -o "$FB_TMP/get.json" -H "Authorization: Bearer $(cat "$TOKEN")" "$URL/v1/config?location=ward-7"
check "its config should be byte for byte what GET /v1/config answers the device" \
	python3 - "$USB/ward7.bundle.config.json" "$FB_TMP/get.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
assert b["protocol"] == "fb-config-bundle/1" and b["device_id"] == "kiosk-0042", b.keys()
assert len(b["configs"]) == 1, len(b["configs"])
got = json.dumps(b["configs"][0], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
assert got.encode() == open(sys.argv[2], "rb").read(), "differs from GET /v1/config"
PY

# Refusals first: each in words, nothing changed (no config in force yet).
refused() { # refused NAME FILE PATTERN
	local before
	before=$(fingerprint)
	q import-config "$2" >"$FB_TMP/refuse.out" 2>&1
	local rc=$?
	note "$1: $(cat "$FB_TMP/refuse.out")"
	check "$1 should be refused, saying why ($3)" \
		bash -c "[ $rc = 1 ] && grep -q -- \"$3\" '$FB_TMP/refuse.out' && grep -q 'nothing was changed' '$FB_TMP/refuse.out'"
	check "$1 should leave the config in force as it was" test "$(fingerprint)" = "$before"
}
python3 - "$USB/ward7.bundle.config.json" "$USB/edited.json" "$USB/badlang.json" <<'PY'
import hashlib, json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
b["configs"][0]["config"]["idle_timeout_s"] = 3600          # edited on the way
json.dump(b, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
b = json.load(open(sys.argv[1], encoding="utf-8"))
c = b["configs"][0]["config"]
c["languages"] = ["en", "xx"]                                 # its survey has no 'xx'
t = json.dumps(c, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
b["configs"][0]["etag"] = hashlib.blake2b(t.encode(), digest_size=16).hexdigest()
json.dump(b, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
PY
refused "an edited config bundle" "$USB/edited.json" "etag"
refused "a config offering a language its survey lacks" "$USB/badlang.json" "languages offers 'xx'"
c device config kiosk-0099 --out "$USB/other.json" >"$FB_TMP/devconf.out" 2>&1
check "'device config' should write another device's bundle" \
	grep -q "wrote '$USB/other.json'" "$FB_TMP/devconf.out"
refused "another device's config bundle" "$USB/other.json" "is for device 'kiosk-0099', this is 'kiosk-0042'"
head -c 700 "$USB/ward7.bundle.config.json" >"$USB/cut.json"
refused "a truncated config bundle" "$USB/cut.json" "not whole JSON"
python3 -c 'import sys; open(sys.argv[1], "w").write(" " * (9 * 1024 * 1024))' "$USB/big.json"
refused "an over-size file" "$USB/big.json" "larger than 8388608 bytes"
check "no refusal should leave a temp file behind" test ! -e "$RCONF.tmp"

# The good one.
q import-config "$USB/ward7.bundle.config.json" >"$FB_TMP/good.out" 2>&1
rc=$?
note "import-config: $(cat "$FB_TMP/good.out")"
check "the device should put its own config bundle in force" \
	bash -c "[ $rc = 0 ] && grep -q 'put in force' '$FB_TMP/good.out'"
check "remote-config.json should be the GET /v1/config body, as the sync daemon saves it" \
	cmp -s "$RCONF" "$FB_TMP/get.json"
check "with the mode the sync daemon gives it (0644)" test "$(stat -c %a "$RCONF")" = 644
check "with the Trust's languages" remote_is languages '["en", "pl"]'
check "its 90-second idle timeout" remote_is idle_timeout_s 90
check "and its Polish crisis text" remote_is crisis_text "{\"pl\": \"$PL_CRISIS\"}"
check "the running kiosk should photograph its next attract screen" \
	wait_for 45 test -s "$SHOTS/attract-after.png"
cp "$FB_TMP/layout.json" "$FB_TMP/layout-after.json"
# Refused once a config is in force: it stays, byte for byte.
refused "with a config in force, an edited bundle" "$USB/edited.json" "etag"
refused "with a config in force, another device's bundle" "$USB/other.json" "is for device 'kiosk-0099'"
wait "$KPID"
check "the kiosk's replay should end well (exit 0)" test $? = 0
note "languages after: $(langs "$FB_TMP/layout-after.json")"
check "at its next attract screen it should offer the Trust's English and Polish, not Welsh" \
	test "$(langs "$FB_TMP/layout-after.json")" = "en pl"
etag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["etag"][:8])' "$RCONF")
note "staff: $(card_text "$FB_TMP/layout.json" | tr '|' '\n' | grep 'Trust config')"
check "the staff screen should say the stick's config is in force" \
	staff_says "Trust config: $etag in force"
check "the kiosk should say the Trust's config came into force" \
	grep -qi "the Trust's config .* is in force" "$FB_TMP/kiosk.log"
# Applying the receipt finishes the round trip.
q import-receipt "$USB/ward7.bundle.receipt.json" >"$FB_TMP/receipt.out" 2>&1
check "the receipt should acknowledge the 3 answers" grep -q 'receipt applied: 3 acknowledged' "$FB_TMP/receipt.out"
check "a config bundle fed to import-receipt should be refused, not applied" \
	bash -c "! '$QTOOL' --config '$CONF' import-receipt '$USB/ward7.bundle.config.json' >/dev/null 2>&1"
kill_collector TERM
note "screenshots: $SHOTS/attract-before.png $SHOTS/attract-after.png $SHOTS/staff.png"
finish
