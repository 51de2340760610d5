# kiosk_lib.sh: what the kiosk integration scripts share. Source it after
# lib.sh: the kiosk program, a throwaway Trust public key, a test device's
# config, the headless replay runner, and replay lines for walking the
# national survey (config/surveys/fft.json). tests/run.sh does not run it.
# shellcheck shell=bash disable=SC2034 # the REPLAY_* lines are for the scripts

KIOSK=$FB_BIN/feedback-kiosk
QTOOL=$FB_BIN/feedback-queue
export FB_FONTS_LIST=${FB_FONTS_LIST:-$FB_SRC/assets/fonts.list}
TRUST_PK=$(python3 -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')

# kiosk_require: fails, and ends the script, when feedback-kiosk is not built.
kiosk_require() {
	if [ ! -x "$KIOSK" ]; then
		fail "feedback-kiosk is built ($KIOSK missing)"
		finish
	fi
}

# kiosk_pin_hash PIN: sets PIN_HASH to the staff_pin_hash of PIN (a check).
kiosk_pin_hash() {
	PIN_HASH=$(echo "$1" | "$QTOOL" hash-pin 2>"$FB_TMP/hash.err" | sed -n 's/^staff_pin_hash = //p')
	check "feedback-queue hash-pin made a staff PIN hash $(cat "$FB_TMP/hash.err")" test -n "$PIN_HASH"
}

# kiosk_conf FILE DATA_DIR [KEY=VALUE...]: writes a test device's config:
# kiosk-test-01 at Oak Ward (RXX01-OAK), data in DATA_DIR, the throwaway
# Trust key, the national survey, 60 s idle, partial answers kept. Each
# KEY=VALUE sets a key of [device] or [kiosk]; keys not set are left out.
kiosk_conf() {
	local file=$1 kv key
	local -A v=([id]=kiosk-test-01 [location_code]=RXX01-OAK [location_name]="Oak Ward"
		[data_dir]=$2 [trust_public_key]=$TRUST_PK
		[survey_file]=$FB_SRC/config/surveys/fft.json [idle_timeout]=60 [partial]=keep)
	local device="id location_code location_name locations data_dir trust_public_key"
	local kiosk="survey_file modes survey_file_easy_read survey_file_children languages idle_timeout opening_hours partial staff_pin_hash allow_maintenance_exit you_said_we_did headphone_input"
	shift 2
	for kv in "$@"; do
		key=${kv%%=*}
		[[ " $device $kiosk " == *" $key "* ]] || { fail "kiosk_conf: no key '$key'"; return 1; }
		v[$key]=${kv#*=}
	done
	{
		echo "[device]"
		for key in $device; do [ -z "${v[$key]+set}" ] || echo "$key = ${v[$key]}"; done
		printf '\n[kiosk]\n'
		for key in $kiosk; do [ -z "${v[$key]+set}" ] || echo "$key = ${v[$key]}"; done
	} >"$file"
}

# kiosk_run SIZE CONF SCRIPT OUT [OPTION...]: the kiosk, headless, over the
# replay SCRIPT at SIZE with config CONF, for at most 120 s; its output goes
# to OUT.log and its last layout to OUT.json. Sets RC; when the run fails,
# notes the kiosk's last words. KIOSK_WRAP (an array, empty unless a test
# sets it) goes before the program: a resource limit, say.
KIOSK_WRAP=()
kiosk_run() {
	local size=$1 conf=$2 script=$3 out=$4
	shift 4
	timeout 120 "${KIOSK_WRAP[@]}" "$KIOSK" --config "$conf" --size "$size" \
		--replay "$script" --layout-dump "$out.json" "$@" >"$out.log" 2>&1
	RC=$?
	if [ "$RC" != 0 ]; then
		note "${out#"$FB_TMP"/}: feedback-kiosk exited $RC; its last words:"
		grep -v '^bench\|^CRITICAL' "$out.log" | tail -5 | sed 's/^/#   /'
	fi
}

# kiosk_start SIZE CONF SCRIPT LOG [OPTION...]: the kiosk as kiosk_run runs
# it, but in the background while the test goes on (its output to LOG); its
# pid in KPID, for `wait "$KPID"`, and in _pids, which the clean-up kills.
kiosk_start() {
	local size=$1 conf=$2 script=$3 log=$4
	shift 4
	timeout 120 "${KIOSK_WRAP[@]}" "$KIOSK" --config "$conf" --size "$size" \
		--replay "$script" "$@" >"$log" 2>&1 &
	KPID=$!
	_pids+=("$KPID")
}

# Replay lines. ABOUT_YOU_SKIPPED: from the About you page, Next and every
# question skipped, to the thank-you screen. REST_SKIPPED: from the comment
# screen the rating leads to, Tell us more and everything else skipped.
# QUICK: a whole response in English rated Very good (1), everything else
# skipped. SEND_NOW: rating only, the quick path's three taps.
REPLAY_ABOUT_YOU_SKIPPED='tap next
tap skip
tap skip
tap skip
tap skip
tap skip'
REPLAY_REST_SKIPPED="tap next
tap skip
$REPLAY_ABOUT_YOU_SKIPPED"
REPLAY_QUICK="tap start
tap lang-en
tap answer-1
$REPLAY_REST_SKIPPED"
# STAFF_1234: from the attract screen into the staff screen (PIN 1234, as
# kiosk_pin_hash 1234 sets it), by the 6 s press on the band's start corner.
REPLAY_STAFF_1234='press 20 20 6000
expect staff_pin
tap pin-1
tap pin-2
tap pin-3
tap pin-4
tap pin-ok
expect staff'
REPLAY_SEND_NOW='tap lang-en
tap answer-2
tap send-now'

