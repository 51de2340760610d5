#!/usr/bin/env bash
# kiosk_modes: [kiosk] modes in the real feedback-kiosk, headless. The start
# screen offers Start, Easy read and For children; a person taps Easy read,
# answers the easy-read survey (a picture beside every answer) and the
# queued record carries its survey id; the next person, from the next start
# screen, gets the standard survey. --check-config checks every mode's
# survey and names the key that is wrong; a config without modes shows no
# mode buttons, as before. Screenshots land in $FB_BIN/modes-shots/.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software
export SDL_FRAMEBUFFER_ACCELERATION=0 SDL_AUDIODRIVER=dummy
kiosk_require
SHOTS=$FB_BIN/modes-shots
rm -rf "$SHOTS"
mkdir -p "$SHOTS"
EASY=$FB_SRC/config/surveys/easy-read.json
CHILDREN=$FB_SRC/config/surveys/children.json

# ids DUMP: the widget ids of a layout dump, one a line.
ids() {
	python3 -c 'import json,sys
for w in json.load(open(sys.argv[1]))["widgets"]: print(w["id"])' "$1" 2>/dev/null
}
# pictures DUMP: "id=picture" of every widget with a picture.
pictures() {
	python3 -c 'import json,sys
print(" ".join("%s=%s" % (w["id"], w["picture"]) for w in json.load(open(sys.argv[1]))["widgets"] if "picture" in w))' "$1" 2>/dev/null
}
q() { sqlite3 -batch -noheader "file:$1?mode=ro" "$2" 2>/dev/null; }

# ---- 1. --check-config -------------------------------------------------------
dir=$FB_TMP/check
mkdir -p "$dir/data"
MODES=("modes=standard, easy_read, children" "survey_file_easy_read=$EASY"
	"survey_file_children=$CHILDREN")
kiosk_conf "$dir/ok.conf" "$dir/data" "languages=en, ur, pa" "${MODES[@]}"
"$KIOSK" --config "$dir/ok.conf" --check-config >"$dir/ok.out" 2>"$dir/ok.err"
check "check-config: three modes, each with its shipped survey, pass (exit $?)" \
	grep -q "ok (survey fft version 1, 11 languages, .*; modes standard, easy_read, children)" "$dir/ok.out"
check "check-config: it names each mode's survey" \
	grep -q "mode easy_read: survey fft-easy-read version 1 " "$dir/ok.err"
check "check-config: and lists the easy-read survey's machine-made Urdu words" \
	grep -q "warning: ur: the survey's words not yet checked by a native speaker (questions): fft, good, better, listened" "$dir/ok.err"

kiosk_conf "$dir/swapped.conf" "$dir/data" "modes=standard, easy_read" \
	"survey_file_easy_read=$CHILDREN"
"$KIOSK" --config "$dir/swapped.conf" --check-config >/dev/null 2>"$dir/swapped.err"
rc=$?
check "check-config: the children's survey given as easy read fails (exit $rc)" test "$rc" != 0
check "check-config: and says which key is wrong: $(tail -1 "$dir/swapped.err")" \
	grep -q "survey_file_easy_read: survey 'fft-children' .* is not an easy-read survey" "$dir/swapped.err"

kiosk_conf "$dir/missing.conf" "$dir/data" "modes=standard, children"
"$KIOSK" --config "$dir/missing.conf" --check-config >/dev/null 2>"$dir/missing.err"
check "check-config: a mode without its survey file names the key to add" \
	grep -q "modes offers children but survey_file_children is not set" "$dir/missing.err"

kiosk_conf "$dir/gone.conf" "$dir/data" "modes=standard, easy_read" \
	"survey_file_easy_read=$dir/no-such.json"
"$KIOSK" --config "$dir/gone.conf" --check-config >/dev/null 2>"$dir/gone.err"
check "check-config: a mode's survey file that is not there is named with its key" \
	grep -q "survey_file_easy_read (mode easy_read): .*no-such.json" "$dir/gone.err"

# ---- 2. easy read chosen, then the next person -------------------------------
for size in 800x480 1920x1080; do
	dir=$FB_TMP/walk-$size
	mkdir -p "$dir/data" "$dir/dumps" "$SHOTS/$size"
	kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=en, ur" "${MODES[@]}"
	cat >"$dir/script.replay" <<'EOF'
expect attract
screenshot start
tap mode-easy_read
expect language
tap lang-en
expect question
screenshot easy-fft
tap answer-1
expect question
type Kind staff
tap next
expect question
tap skip
expect question
screenshot easy-listened
tap option-yes
tap next
expect thanks
tap finish
expect attract
tap start
expect language
tap lang-en
expect question
tap answer-2
expect question
tap send-now
expect thanks
EOF
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" \
		--screenshot-dir "$SHOTS/$size" --dump-dir "$dir/dumps"
	check "$size: Easy read on the start screen, answered, then Start for the next person (exit $RC)" \
		test "$RC" = 0
	check "$size: the start screen shows Start, Easy read and For children" \
		test "$(ids "$dir/dumps/attract.json" | grep -E '^(start|mode-easy_read|mode-children)$' | tr '\n' ' ')" = "start mode-easy_read mode-children "
	check "$size: easy read's yes/no answers each have a picture: $(pictures "$dir/dumps/question-listened.json")" \
		test "$(pictures "$dir/dumps/question-listened.json")" = "option-yes=yes option-no=no option-not_sure=not_sure"
	check "$size: easy read's rating has its six faces" \
		test "$(ids "$dir/dumps/question-fft.json" | grep -c '^answer-[1-6]$')" = 6
	check "$size: the first record answered the easy-read survey (Very good, yes, words sealed)" \
		test "$(q "$dir/data/queue.db" "SELECT json_extract(body,'\$.survey_id'), json_extract(body,'\$.survey_version'), fft, json_extract(body,'\$.answers.listened'), json_extract(body,'\$.sealed') IS NOT NULL FROM records ORDER BY seq LIMIT 1")" = "fft-easy-read|1|1|yes|1"
	check "$size: the next person answered the standard survey" \
		test "$(q "$dir/data/queue.db" "SELECT json_extract(body,'\$.survey_id'), fft FROM records ORDER BY seq LIMIT 1 OFFSET 1")" = "fft|2"
done

# ---- 3. no modes key: one survey, no mode buttons, as before ------------------
dir=$FB_TMP/plain
mkdir -p "$dir/data" "$dir/dumps"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=en, ur"
printf '%s\n' "expect attract" "tap start" "tap lang-en" "expect question" >"$dir/script.replay"
kiosk_run 1280x800 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" --dump-dir "$dir/dumps" --layout-only
check "no modes key: the kiosk runs as before (exit $RC)" test "$RC" = 0
check "no modes key: the start screen has Start and no mode buttons" \
	test "$(ids "$dir/dumps/attract.json" | grep -c '^mode-')" = 0
check "no modes key: the national question is asked" \
	grep -q '"Overall, how was your experience of our service?"' "$dir/dumps/question-fft.json"

finish
