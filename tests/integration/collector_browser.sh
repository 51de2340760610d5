#!/usr/bin/env bash
# The results pages in a real browser: a real feedback-collector over TLS with
# a throwaway CA, one team with two wards and comments (one safeguarding, one
# with markup), then Debian's Chromium driven by tests/browser/walk.py through
# chromedriver, as a ward manager would use it: sign-in (wrong password, then
# right), every page, the comment filter and search, the CSV downloads, sign
# out and the back button, and each page at 1400 px and 390 px wide as PNG.
# Then the loop closed: the "You said, we did" item the walk published reaches
# Willow Ward's tablet through the real sync daemon and shows on the real
# kiosk's attract screen (chain-attract-en.png). The Trust's key was rotated
# before the collector started, and the Ash tablet's comments were sealed to
# the old key: the estates lead's fleet page says which key each tablet seals
# to and to keep the old one (fleet-keys-*.png).
# curl never asks for /favicon.ico; a browser does, which is why this exists.
#
# Screenshots go to $FB_TMP/shots (deleted by the runner on success) and are
# copied to $FB_SHOTS (default build/browser-shots) for a person to look at.
# Skips only when /usr/bin/chromium is missing (deploy/deps.sh installs it).
. "$FB_SRC/tests/integration/lib.sh"
if [ ! -x /usr/bin/chromium ]; then
	echo "ok - # SKIP chromium not installed"
	exit 0
fi
. "$FB_SRC/tests/integration/collector_lib.sh"
PW="correct horse battery"
SHOTS=${FB_SHOTS:-$FB_SRC/build/browser-shots}
start=$SECONDS

coll_setup sqlite || { fail "test set-up (CA, config) should work"; finish; }
d=$COLL_DIR

# --- a team with two wards, a user, and comments ---------------------------------
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
# the key rotated: the file holds the new key, then the old one (line 2);
# the Ash tablet had not yet heard of the new one when it sealed its comments
cp "$d/trust.pub" "$d/old.pub"
"$COLL" keygen --rotate --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
coll_cli location add WARD2 "Ash Ward" --team willow >/dev/null
coll_cli location add WARD9 "Oak Ward" --team oak >/dev/null
echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
# the first admin, made on the command line as a Trust would
echo "$PW" | coll_cli user add ada --team it --role admin >/dev/null 2>&1
# the patient experience lead, who reads the six-monthly Trust report
echo "$PW" | coll_cli user add pat --team px --role patient-experience >/dev/null 2>&1
# the estates lead, who sees every tablet and which Trust key it seals to
echo "$PW" | coll_cli user add eddie --team estates --role estates >/dev/null 2>&1
tok1=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
tok2=$(coll_cli device add --location WARD2 --id kiosk-2 2>/dev/null)
tok9=$(coll_cli device add --location WARD9 --id kiosk-9 2>/dev/null)
# the team by its name on the pages ([results] is the config's last section)
# the kiosks offer English and Polish: a published item's page says which is missing
sed -i 's/^\[results\]$/[results]\nlanguages = en, pl/' "$COLL_CONF"
printf '[team willow]\nname = Willow adult wards\n' >>"$COLL_CONF"
# the survey files the tablet settings pages offer
printf '[devices]\nsurveys_dir = %s\n' "$FB_SRC/config/surveys" >>"$COLL_CONF"
# themes: the Trust's earlier coding (the synthetic test set) learnt before the
# comments arrive, so each comment gets suggested themes at ingest
printf '[themes]\nframework_file = %s\n' "$FB_SRC/config/themes/framework.json" >>"$COLL_CONF"
coll_cli themes import "$FB_SRC/tests/data/themes/coded.csv" >/dev/null 2>&1
coll_cli themes train --seed 15 >"$d/train.out" 2>&1
check "the Trust's coding should train a themes model before the comments arrive" \
	grep -q '^model 1 stored' "$d/train.out"
coll_start || { fail "the collector should start"; finish; }
ok "the collector should start and answer over TLS"

# batch NAME DEVICE LOCATION COUNT FFT [TEXT [mkbatch args...]]: one encrypted batch file
batch() {
	local args=(--public "$d/${PUB:-trust.pub}" --device "$2" --location "$3" --count "$4" --fft "$5")
	[ -n "${6:-}" ] && args+=(--text "$6")
	"$MKBATCH" "${args[@]}" "${@:7}" >"$d/$1.json"
}
# Willow Ward: 12 without words, then one comment per rating the filter can pick.
batch w0 kiosk-1 WARD1 12 1,1,1,2,2,2,2,4,4,6,1,2
batch w1 kiosk-1 WARD1 1 1 "<b>bold</b> <script>alert('x')</script> the garden was lovely"
batch w2 kiosk-1 WARD1 1 2 "the nurses were kind and patient"
batch w4 kiosk-1 WARD1 1 4 "the food was cold most days"
batch w5 kiosk-1 WARD1 1 5 "nobody listened and I want to kill myself"
batch w6 kiosk-1 WARD1 1 6 "not sure about the garden hours"
# Ash Ward: a few, with words of its own; Oak Ward belongs to another team.
# Its six without words answered version 2 of the survey, which added a
# question: the team's page shows the other questions per version.
PUB=old.pub
batch a0 kiosk-2 WARD2 6 1,1,2,2,3,5 "" --survey-version 2 --answers '{"staff_kind":4,"listened":"yes"}'
batch a1 kiosk-2 WARD2 1 2 "ash ward quiet room was a help"
batch a2 kiosk-2 WARD2 1 3 $'first line of two\nsecond line of two'
PUB=
batch o1 kiosk-9 WARD9 6 1 "oak private words"
# Sam, on Oak Ward, who later asks for their words to be erased (walk.py erasure)
batch e1 kiosk-9 WARD9 1 3 "please call me about the car park" --contact "Sam 07700 900456"
pushed=1
for b in w0 w1 w2 w4 w5 w6; do
	[ "$(coll_post /v1/responses "$d/$b.json" "$tok1" gzip)" = 200 ] || pushed=0
done
for b in a0 a1 a2; do
	[ "$(coll_post /v1/responses "$d/$b.json" "$tok2" gzip)" = 200 ] || pushed=0
done
for b in o1 e1; do
	[ "$(coll_post /v1/responses "$d/$b.json" "$tok9" gzip)" = 200 ] || pushed=0
done
check "the test responses should be pushed over TLS" test "$pushed" = 1
# The Ash tablet sends two for Willow: refused, and on the fleet page in words.
batch x1 kiosk-2 WARD1 2 5
st=$(coll_post /v1/responses "$d/x1.json" "$tok2" gzip)
check "an Ash tablet's Willow records should be rejected" \
	test "$st:$(coll_outcomes | sort -u)" = "200:rejected"
printf '{"protocol":"fb-sync/1","device_id":"kiosk-1","version":"0.1.0","device_time_ms":%s,"queue_depth":0,"oldest_unsent_age_s":0,"quarantined":0,"last_ack_ms":0,"last_error":"","disk_free_bytes":1000000}' \
	"$(date +%s000)" >"$d/hb.json"
coll_post /v1/heartbeat "$d/hb.json" "$tok1" identity >/dev/null

# --- the browser ---------------------------------------------------------------
# Chromium trusts exactly this server's key (walk.py says why this way).
pin=$(tls_pubkey_pin "$d/server.pem")
mkdir -p "$FB_TMP/shots" "$FB_TMP/downloads"
# walk.py prints "ok - ..." / "not ok - ..." / "# ..." lines; they are
# renumbered here so the script's TAP stays one sequence. Debian's python3
# (with python3-selenium), not whichever python3 is first on PATH.
# timeout(1) signals its whole process group, so chromedriver and Chromium
# go too; the EXIT trap (cleanup, lib.sh) stops it if this script is stopped.
timeout 300 /usr/bin/python3 "$FB_SRC/tests/browser/walk.py" \
	--url "$COLL_URL" --user wendy --password "$PW" --spki "${pin#sha256//}" \
	--scratch "$FB_TMP" --shots "$FB_TMP/shots" --downloads "$FB_TMP/downloads" \
	--admin-user ada --admin-password "$PW" --px-user pat --px-password "$PW" \
	--estates-user eddie --estates-password "$PW" \
	--old-key "$(head -c 8 "$d/old.pub")" \
	>"$FB_TMP/walk.out" 2>"$FB_TMP/walk.err" &
walk_pid=$!
_pids+=("$walk_pid")
wait "$walk_pid"
rc=$?
walked=0
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }"; walked=$((walked + 1)) ;;
	"not ok - "*) fail "${line#not ok - }"; walked=$((walked + 1)) ;;
	*) echo "$line" ;;
	esac
done <"$FB_TMP/walk.out"
check "the browser walk should finish (exit 0, rc $rc) with its checks printed" \
	test "$rc" = 0 -a "$walked" -gt 0
[ "$rc" = 0 ] || sed 's/^/# walk.py: /' "$FB_TMP/walk.err" | tail -20

# --- the loop closed: the item published on the page reaches the waiting room ----
# Willow Ward's tablet (kiosk-1, its token from above): the real sync daemon
# fetches GET /v1/config over verified TLS and the real kiosk, headless, shows
# the item walk.py published on its attract screen, in English only.
. "$FB_SRC/tests/integration/kiosk_lib.sh"
tab=$FB_TMP/tablet
mkdir -p "$tab/data"
( umask 077; printf '%s\n' "$tok1" >"$tab/token" )
cat >"$tab/device.conf" <<CONF
[device]
id = kiosk-1
location_code = WARD1
location_name = Willow Ward
data_dir = $tab/data
trust_public_key = $(tr -d ' \n' <"$d/trust.pub")

[kiosk]
survey_file = $FB_SRC/config/surveys/fft.json
languages = en, pl

[sync]
collector_url = $COLL_URL
ca_file = $COLL_CA
token_file = $tab/token
CONF
"$FB_BIN/feedback-syncd" --config "$tab/device.conf" 2>>"$tab/syncd.log" &
syncd_pid=$!
_pids+=("$syncd_pid")
check "the tablet's sync daemon should save the Trust's config with the published item" \
	wait_for 30 grep -q 'heated trolley' "$tab/data/remote-config.json"
check "the collector should record that kiosk-1 picked it up" \
	wait_for 10 bash -c "[ \"\$(sqlite3 '$d/collector.db' \"SELECT count(*) FROM device_config_fetch WHERE device_id = 'kiosk-1'\")\" = 1 ]"
printf 'expect attract\nscreenshot chain-attract-en\n' >"$tab/attract.replay"
timeout 60 "$KIOSK" --config "$tab/device.conf" --size 1280x800 --replay "$tab/attract.replay" \
	--layout-dump "$tab/attract.json" --screenshot-dir "$FB_TMP/shots" >"$tab/kiosk.log" 2>&1
check "the kiosk should start on the Trust's config and photograph its attract screen (rc $?)" \
	test -s "$FB_TMP/shots/chain-attract-en.png"
check "Willow Ward's attract screen should show the published 'You said, we did' item" \
	grep -q 'We now serve meals from a heated trolley' "$tab/attract.json"
kill -TERM "$syncd_pid" 2>/dev/null
wait "$syncd_pid" 2>/dev/null

n=$(find "$FB_TMP/shots" -name '*.png' | wc -l)
mkdir -p "$SHOTS" && rm -f "$SHOTS"/*.png && cp "$FB_TMP"/shots/*.png "$SHOTS"/ 2>/dev/null
note "$n screenshots in $SHOTS"

coll_stop
check "the collector log should hold no password or session cookie" \
	bash -c "! grep -qF '$PW' '$FB_TMP/collector.log' && ! grep -q 'fb_session=' '$FB_TMP/collector.log'"
coll_cli audit >"$FB_TMP/audit.csv" 2>/dev/null
check "the audit trail should have rows, and none with a password or comment text" \
	bash -c "[ \$(wc -l <'$FB_TMP/audit.csv') -gt 10 ] && ! grep -qiF -e '$PW' -e 'new passphrase' -e 'kill myself' -e 'garden' '$FB_TMP/audit.csv'"
check "the collector should have run without a sanitizer report" \
	bash -c "! grep -q 'Sanitizer' '$FB_TMP/collector.log'"
note "took $((SECONDS - start)) s"
finish
