#!/usr/bin/env bash
# kiosk_remote_modes: the Trust sets a ward's opening hours and the modes a
# person may choose on the collector's tablet settings page, and a running
# tablet shows them, with the real feedback-collector, feedback-syncd and
# feedback-kiosk (headless, on a virtual clock from Monday 12:00, London).
# A patient experience lead signs in and sets Mon-Fri 08:00-18:00 and Easy
# read only (a wrong hours text is refused in the parser's words, the form
# given back as sent); the daemon fetches GET /v1/config; the tablet, which
# has its own Start, Easy read and For children, shows Start and Easy read
# on its next attract screen, and at 18:00 goes blank (closed). Then, on a
# tablet without a children's survey, the Trust's Standard-only config is in
# force; the Trust offers Children's: the tablet refuses it, says why on its
# staff screen and in its log, and the config in force stays.
# The USB config bundle ('device config') carries the same document.
# Screenshots in $FB_BIN/remote-modes-shots/ (trust.png: the attract screen
# with the Trust's modes; staff.png: the refusal).
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"

export SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
export SDL_AUDIODRIVER=dummy TZ=Europe/London
kiosk_require
kiosk_pin_hash 1234
SHOTS=$FB_BIN/remote-modes-shots
DUMPS=$FB_TMP/dumps
RCONF=$DATA/remote-config.json
PW="correct horse battery"
EASY=$FB_SRC/config/surveys/easy-read.json
CHILDREN=$FB_SRC/config/surveys/children.json
rm -rf "$SHOTS"
mkdir -p "$SHOTS" "$DUMPS"

sync_setup
COLL_CA=$TLS/ca/ca.pem
COLL_URL=https://127.0.0.1:$PORT
SYNC_PART=$FB_TMP/sync-part.conf
sed -n '/^\[sync\]/,$p' "$CONF" >"$SYNC_PART"
# tablet CONF_OUT [KEY=VALUE...]: the device's one config (kiosk-0042 at
# ward-7), [device] and [kiosk] from kiosk_conf, then the daemon's [sync].
tablet() {
	local out=$1
	shift
	kiosk_conf "$out" "$DATA" id=kiosk-0042 location_code=ward-7 location_name="Ward 7" \
		"trust_public_key=$TRUST_PK" "staff_pin_hash=$PIN_HASH" "languages=en" "$@"
	printf '\n' >>"$out"
	cat "$SYNC_PART" >>"$out"
}
tablet "$CONF" "modes=standard, easy_read, children" "survey_file_easy_read=$EASY" \
	"survey_file_children=$CHILDREN"

# ids DUMP: the widget ids of a layout dump, on one line.
ids() { python3 -c 'import json,sys;print(" ".join(w["id"] for w in json.load(open(sys.argv[1]))["widgets"]))' "$1" 2>/dev/null; }
modes_of() { ids "$1" | tr ' ' '\n' | grep -E '^(start|mode-.*)$' | tr '\n' ' '; }
words() { python3 -c 'import json,sys;print(" | ".join(w["label"] for w in json.load(open(sys.argv[1]))["widgets"]))' "$1" 2>/dev/null; }
title() { python3 -c 'import json,sys;print("".join(w["label"] for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]=="title"))' "$1" 2>/dev/null; }
# modes_kiosk NAME: the tablet over $FB_TMP/NAME.replay in the background,
# from Monday 12:00; its log in $FB_TMP/kiosk-NAME.log.
modes_kiosk() {
	kiosk_start 1280x800 "$CONF" "$FB_TMP/$1.replay" "$FB_TMP/kiosk-$1.log" \
		--clock 2026-12-07T12:00:00Z --layout-dump "$FB_TMP/$1.json" --screenshot-dir "$SHOTS" \
		--dump-dir "$DUMPS"
}
# remote KEY: a key of the config the daemon saved for the kiosk, as JSON
remote() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["config"]; print(json.dumps(c.get(sys.argv[2])))' "$RCONF" "$1" 2>/dev/null; }
remote_is() { [ "$(remote "$1")" = "$2" ]; }
etag_of() { python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("etag",""))' "$RCONF" 2>/dev/null; }
has() { grep -qF -- "$1" "$COLL_PAGE"; }
# set_settings FIELD=VALUE...: the settings form sent, then confirmed; prints
# the confirmation's status and the save's, "200 303" when both went well.
set_settings() {
	local args=() kv a b
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	coll_web GET /settings/ward-7 >/dev/null
	a=$(coll_web POST /settings/ward-7 --data-urlencode "csrf=$(coll_csrf)" "${args[@]}")
	b=$(coll_web POST /settings/ward-7 --data-urlencode "csrf=$(coll_csrf)" "${args[@]}" \
		--data-urlencode confirm=yes)
	echo "$a $b"
}

c() { "$FB_BIN/feedback-collector" --config "$CCONF" "$@"; }
echo "$PW" | c user add pat --team it --role patient-experience >/dev/null 2>>"$FB_TMP/collector.log" ||
	{ fail "a patient experience lead made on the command line"; finish; }
start_collector || { fail "collector started"; finish; }
start_syncd
check "the daemon should save the ward's first config (no hours, no modes)" \
	wait_for 30 bash -c "[ -s '$RCONF' ] && grep -q '\"location\":\"ward-7\"' '$RCONF'"
check "without the Trust's modes the config has no \"modes\" key" remote_is modes null
check "the patient experience lead should sign in" coll_sign_in pat "$PW"
check "the settings page should open" test "$(coll_web GET /settings/ward-7)" = 200
check "with the opening hours field and the modes" \
	bash -c "grep -q 'name=\"hours\"' '$COLL_PAGE' && grep -q 'name=\"mode_children\"' '$COLL_PAGE'"

# ---- 1. a running tablet takes the Trust's hours and modes ---------------------
cat >"$FB_TMP/one.replay" <<'EOF'
expect attract
screenshot own
sleep 9000
sleep 9000
sleep 9000
expect attract
screenshot trust
wait 21600000
expect blank
screenshot blank
tap 640 400
expect attract
screenshot closed
EOF
modes_kiosk one
check "the tablet should show its attract screen" wait_for 30 test -s "$SHOTS/own.png"
check "before the Trust sets modes it offers its own: Start, Easy read, For children" \
	test "$(modes_of "$DUMPS/own.json")" = "start mode-easy_read mode-children "

check "a wrong opening hours text should be refused on the page (400)" \
	test "$(set_settings "hours=Mon-Fry 08:00-18:00" modes=set mode_easy_read=1 | cut -d' ' -f1)" = 400
check "in the parser's words" has "The opening hours cannot be used: &#39;Fry&#39; is not a day"
check "with the text given back as sent" has 'value="Mon-Fry 08:00-18:00"'
check "and Easy read still ticked" has 'id="mode_easy_read" name="mode_easy_read" type="checkbox" value="1" checked'
before=$(etag_of)
check "the Trust sets Mon-Fri 08:00-18:00 and Easy read (confirmed, saved)" \
	test "$(set_settings "hours=Mon-Fri 08:00-18:00" modes=set mode_easy_read=1)" = "200 303"
c audit --action location-settings >"$FB_TMP/audit.txt" 2>>"$FB_TMP/collector.log"
check "one audit row should name both changes" \
	bash -c "grep 'opening hours the tablet.s own -> Mon-Fri 08:00-18:00' '$FB_TMP/audit.txt' | grep -q 'modes the tablet.s own -> standard,easy_read'"
kill -USR1 "$SYNCD_PID"
check "the daemon should save the Trust's modes" wait_for 15 remote_is modes '["standard", "easy_read"]'
check "and its opening hours" remote_is opening_hours '"Mon-Fri 08:00-18:00"'
check "under a new ETag" test "$(etag_of)" != "$before"
# the USB stick's bundle is made by the same function: the same config, the same ETag
c device config kiosk-0042 --out "$FB_TMP/bundle.json" >/dev/null 2>>"$FB_TMP/collector.log"
bundled() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["configs"][0]
print(d["etag"], json.dumps(d["config"].get("modes")), d["config"].get("opening_hours"))' "$FB_TMP/bundle.json" 2>/dev/null
}
check "the USB config bundle should carry them under the same ETag ($(bundled))" \
	test "$(bundled)" = "$(etag_of) [\"standard\", \"easy_read\"] Mon-Fri 08:00-18:00"
check "the tablet should photograph its next attract screen" wait_for 40 test -s "$SHOTS/trust.png"
check "the attract screen offers exactly the Trust's modes: Start and Easy read ($(modes_of "$DUMPS/trust.json"))" \
	test "$(modes_of "$DUMPS/trust.json")" = "start mode-easy_read "
wait "$KPID"
check "at 18:00 the tablet goes blank, and a touch wakes the closed screen (exit $?)" \
	test -s "$DUMPS/closed.json"
check "the woken screen says 'We are closed' ('$(title "$DUMPS/closed.json")')" \
	test "$(title "$DUMPS/closed.json")" = "We are closed"
check "the kiosk should log the Trust's config in force" \
	grep -q "the Trust's config $(etag_of | cut -c1-8) is in force" "$FB_TMP/kiosk-one.log"

# ---- 2. a mode the tablet has no survey for is refused ------------------------
tablet "$CONF" "modes=standard, easy_read" "survey_file_easy_read=$EASY"
check "the Trust sets Standard only (none ticked)" test "$(set_settings modes=set)" = "200 303"
kill -USR1 "$SYNCD_PID"
check "the daemon should save Standard only" wait_for 15 remote_is modes '["standard"]'
in_force=$(etag_of)
cat >"$FB_TMP/two.replay" <<EOF
expect attract
screenshot standard-only
sleep 9000
sleep 9000
sleep 9000
expect attract
screenshot after-children
$REPLAY_STAFF_1234
screenshot staff
EOF
modes_kiosk two
check "the restarted tablet should show its attract screen" wait_for 30 test -s "$SHOTS/standard-only.png"
check "with its own Easy read it shows the Trust's Standard only: Start, no mode buttons ($(modes_of "$DUMPS/standard-only.json"))" \
	test "$(modes_of "$DUMPS/standard-only.json")" = "start "
check "the Trust offers Easy read and Children's" \
	test "$(set_settings modes=set mode_easy_read=1 mode_children=1)" = "200 303"
kill -USR1 "$SYNCD_PID"
check "the daemon should save them (it is the tablet that lacks the survey)" \
	wait_for 15 remote_is modes '["standard", "easy_read", "children"]'
wait "$KPID"
check "the tablet's replay should end well (exit $?)" test -s "$DUMPS/staff.json"
check "the tablet should refuse the config, saying it has no children's survey" \
	grep -q "was not applied: the Trust offers the children mode, which this tablet has no survey for (survey_file_children)" \
	"$FB_TMP/kiosk-two.log"
check "the config in force stays: still Start only ($(modes_of "$DUMPS/after-children.json"))" \
	test "$(modes_of "$DUMPS/after-children.json")" = "start "
staff_says() { words "$DUMPS/staff.json" | grep -q "$1"; }
check "the staff screen says why: $(words "$DUMPS/staff.json" | tr '|' '\n' | grep 'Trust config' | head -1)" \
	staff_says "not applied: the Trust offers the children mode, which this tablet has no survey for (survey_file_children);"
check "the kiosk should have said the Standard-only config $(echo "$in_force" | cut -c1-8) came into force" \
	grep -q "the Trust's config $(echo "$in_force" | cut -c1-8) is in force" "$FB_TMP/kiosk-two.log"
check "the daemon should never have refused the collector's config" \
	bash -c "! grep -q 'refused the Trust' '$FB_TMP/syncd.log'"
stop_syncd
kill_collector TERM
note "screenshots: $SHOTS/own.png trust.png blank.png closed.png standard-only.png after-children.png staff.png"
finish
