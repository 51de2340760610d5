#!/usr/bin/env bash
# kiosk_contrast: contrast measured on the real feedback-kiosk's own
# screenshots. Headless, every screen a patient or staff member sees (the
# national survey in English and in Urdu, mirrored; the children's survey;
# the easy-read survey with its pictures, from a start screen offering the
# three modes; the out-of-order start screen), with normal and larger text, at 800x480 and 1080x1920.
# Each screenshot is read with its layout dump (tests/helpers/kiosk_contrast.c):
# every text is at least 7:1 against its background (WCAG AAA, the buttons'
# words included), and every card, button, key and field edge and every
# rating face's outline at least 3:1 against what is around it (WCAG
# 1.4.11). The screenshots land in $FB_BIN/contrast-shots/.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
CONTRAST=$FB_BIN/tests/kiosk_contrast
WALK=$FB_SRC/tests/helpers/kiosk_walk.py
SHOTS=$FB_BIN/contrast-shots
kiosk_require
check "the contrast meter is built ($CONTRAST)" test -x "$CONTRAST"
kiosk_pin_hash 1234
rm -rf "$SHOTS"

# shoot NAME SURVEY LANG CONF [WALK OPTION...]: the walk of SURVEY in LANG
# at both sizes; PNGs and dumps in $SHOTS/NAME.
shoot() {
	local name=$1 survey=$2 lang=$3 conf=$4 dir=$SHOTS/$1
	shift 4
	mkdir -p "$dir"
	"$WALK" "$survey" "$lang" 800x480 1080x1920 "$@" >"$FB_TMP/$name.replay"
	kiosk_run 1280x800 "$conf" "$FB_TMP/$name.replay" "$FB_TMP/$name" \
		--screenshot-dir "$dir" --dump-dir "$dir"
	check "$name: the walk ran to the end (exit $RC)" test "$RC" = 0
}

# measure NAME: every screenshot of NAME against its dump.
measure() {
	local dir=$SHOTS/$1 f args=()
	for f in "$dir"/*.json; do
		[ -f "${f%.json}.png" ] && args+=("${f%.json}.png" "$f")
	done
	[ ${#args[@]} -ge 2 ] || { echo "# no screenshots in $dir"; return 1; }
	"$CONTRAST" "${args[@]}" >"$FB_TMP/$1.contrast" 2>&1
	local rc=$?
	tail -1 "$FB_TMP/$1.contrast" | sed 's/^/# /'
	sed '$d' "$FB_TMP/$1.contrast" | head -25 | sed 's/^/#   /'
	return $rc
}

mkdir -p "$FB_TMP/data" "$FB_TMP/children-data"
kiosk_conf "$FB_TMP/fft.conf" "$FB_TMP/data" "staff_pin_hash=$PIN_HASH" \
	"you_said_we_did=$FB_SRC/config/you-said-we-did.txt"
kiosk_conf "$FB_TMP/children.conf" "$FB_TMP/children-data" \
	"survey_file=$FB_SRC/config/surveys/children.json"
kiosk_conf "$FB_TMP/sorry.conf" /proc/fb-no-such-dir

FFT=$FB_SRC/config/surveys/fft.json
shoot fft-en "$FFT" en "$FB_TMP/fft.conf" --staff
shoot fft-ur "$FFT" ur "$FB_TMP/fft.conf"
shoot children-en "$FB_SRC/config/surveys/children.json" en "$FB_TMP/children.conf"
shoot sorry-en "$FFT" en "$FB_TMP/sorry.conf" --sorry
mkdir -p "$FB_TMP/easy-data"
kiosk_conf "$FB_TMP/modes.conf" "$FB_TMP/easy-data" "modes=standard, easy_read, children" \
	"survey_file_easy_read=$FB_SRC/config/surveys/easy-read.json" \
	"survey_file_children=$FB_SRC/config/surveys/children.json"
shoot easy-en "$FB_SRC/config/surveys/easy-read.json" en "$FB_TMP/modes.conf" --mode=easy_read

for name in fft-en fft-ur children-en sorry-en easy-en; do
	check "$name: every text at least 7:1 and every edge and face outline at least 3:1, on every screen" \
		measure "$name"
done

finish
