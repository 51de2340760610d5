#!/usr/bin/env bash
# kiosk_fit: no word cut, no "…", nothing drawn over anything else, on every
# screen of the real feedback-kiosk: the national survey, the children's
# survey and the easy-read one (chosen on a start screen that offers the
# three modes, in that language), in every language they offer, at 800x480, 1280x800, 1920x1080 and
# 1080x1920, with normal and with larger text (A+), and the staff screens
# and the out-of-order and closed (outside opening hours) start screens. One headless kiosk a survey and language walks all
# four sizes (the replay's `size`); each screen's layout dump holds the text
# module's own measurements (each text's ink, `cut` when words were left
# out), read by tests/helpers/kiosk_fit_check.py, which also checks that
# the keyboard's keys are one size on every question and 16 px from the
# other buttons, that A+ never shrinks the faces, that the age bands read in
# order along the rows and that the start screen shows every language.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
WALK=$FB_SRC/tests/helpers/kiosk_walk.py
CHECK=$FB_SRC/tests/helpers/kiosk_fit_check.py
SIZES="800x480 1280x800 1920x1080 1080x1920"
FIT_KIOSK=()    # more kiosk options for one fits
kiosk_require
kiosk_pin_hash 1234

# survey_langs SURVEY: its language codes.
survey_langs() {
	python3 -c 'import json,sys
print(" ".join(l["code"] for l in json.load(open(sys.argv[1]))["languages"]))' "$1"
}

# fits NAME SURVEY LANG CONF [WALK OPTION...]: the walk at every size; its
# dumps checked. The problems (at most 30) are noted.
fits() {
	local name=$1 survey=$2 lang=$3 conf=$4 dir=$FB_TMP/$1
	shift 4
	mkdir -p "$dir"
	# shellcheck disable=SC2086 # the sizes are words
	"$WALK" "$survey" "$lang" $SIZES "$@" >"$dir.replay"
	kiosk_run 1280x800 "$conf" "$dir.replay" "$dir" --dump-dir "$dir" --layout-only \
		"${FIT_KIOSK[@]}"
	if [ "$RC" != 0 ]; then
		echo "# the walk stopped (exit $RC)"
		return 1
	fi
	python3 "$CHECK" "$survey" "$dir"/*.json >"$dir.fit"
	local rc=$?
	tail -1 "$dir.fit" | sed 's/^/# /'
	sed '$d' "$dir.fit" | head -30 | sed 's/^/#   /'
	return $rc
}

mkdir -p "$FB_TMP/data" "$FB_TMP/cdata"
kiosk_conf "$FB_TMP/fft.conf" "$FB_TMP/data" "staff_pin_hash=$PIN_HASH" \
	"you_said_we_did=$FB_SRC/config/you-said-we-did.txt"
# the volunteer offer after the questions, its roles in Polish and Urdu too
cat >>"$FB_TMP/fft.conf" <<'EOF2'

[volunteer]
roles = Expert by Experience partner; Quality improvement volunteer; Young people's council
roles.pl = Partner z własnym doświadczeniem; Wolontariusz ds. poprawy jakości; Rada młodzieży
roles.ur = تجربے کی بنیاد پر ماہر شراکت دار; معیار میں بہتری کا رضاکار; نوجوانوں کی کونسل
EOF2
kiosk_conf "$FB_TMP/children.conf" "$FB_TMP/cdata" \
	"survey_file=$FB_SRC/config/surveys/children.json"
kiosk_conf "$FB_TMP/sorry.conf" /proc/fb-no-such-dir

FFT=$FB_SRC/config/surveys/fft.json
CHILDREN=$FB_SRC/config/surveys/children.json
for lang in $(survey_langs "$FFT"); do
	extra=(--volunteer)
	[ "$lang" = en ] && extra+=(--staff)
	check "national survey, $lang, and the volunteer sign-up after it: nothing cut or overlapping at any size, with or without A+" \
		fits "fft-$lang" "$FFT" "$lang" "$FB_TMP/fft.conf" "${extra[@]}"
	check "out-of-order start screen, $lang: nothing cut or overlapping at any size" \
		fits "sorry-$lang" "$FFT" "$lang" "$FB_TMP/sorry.conf" --sorry
	# closed: Monday 20:00 in London, the start screen in LANG
	others=$(survey_langs "$FFT" | tr ' ' '\n' | grep -vx "$lang" | paste -sd, -)
	mkdir -p "$FB_TMP/closed-$lang.data"
	kiosk_conf "$FB_TMP/closed-$lang.conf" "$FB_TMP/closed-$lang.data" "languages=$lang,$others" \
		"opening_hours=Mon-Fri 08:00-18:00"
	KIOSK_WRAP=(env TZ=Europe/London)
	FIT_KIOSK=(--clock 2026-12-07T20:00:00Z)
	check "closed start screen (outside opening hours), $lang: nothing cut or overlapping at any size, with or without A+" \
		fits "closed-$lang" "$FFT" "$lang" "$FB_TMP/closed-$lang.conf" --closed
	KIOSK_WRAP=()
	FIT_KIOSK=()
done
for lang in $(survey_langs "$CHILDREN"); do
	check "children's survey, $lang: nothing cut or overlapping at any size, with or without A+" \
		fits "children-$lang" "$CHILDREN" "$lang" "$FB_TMP/children.conf"
done
# [kiosk] modes: the start screen with its three buttons in LANG (the first
# language offered), easy read chosen there, its screens in LANG.
EASY=$FB_SRC/config/surveys/easy-read.json
mkdir -p "$FB_TMP/mdata"
for lang in $(survey_langs "$EASY"); do
	others=$(survey_langs "$EASY" | tr ' ' '\n' | grep -vx "$lang" | paste -sd, -)
	kiosk_conf "$FB_TMP/modes-$lang.conf" "$FB_TMP/mdata" "languages=$lang,$others" \
		"modes=standard, easy_read, children" "survey_file_easy_read=$EASY" \
		"survey_file_children=$CHILDREN"
	check "easy-read survey, $lang, from a start screen with the mode buttons: nothing cut or overlapping at any size, with or without A+" \
		fits "easy-$lang" "$EASY" "$lang" "$FB_TMP/modes-$lang.conf" --mode=easy_read
done

finish
