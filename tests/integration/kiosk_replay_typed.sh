#!/usr/bin/env bash
# kiosk_replay_typed: nothing a patient typed is lost without a word, in the
# real feedback-kiosk, headless, with taps and typing from the replay. Back
# from the comment screen and back to the language screen keeps the words:
# coming forward again shows them (the counter says how many characters are
# left; the dump never holds the words themselves). A Back that would leave
# for the start screen asks "Delete what you wrote?": No returns to the
# screen with the words, Yes leaves and stores nothing. With one language,
# Back on the first question asks the same. "Are you still there?" gives
# the words back at a touch, and when nobody comes back they are kept as a
# partial response (sealed in the queue).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
kiosk_require

# label DUMP ID: the label of widget ID in a layout dump ("" none).
label() {
	python3 -c 'import json,sys
w=[w for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]==sys.argv[2]]
print(w[0]["label"] if w else "")' "$1" "$2" 2>/dev/null
}
q() { sqlite3 -batch -noheader "file:$1?mode=ro" "$2" 2>/dev/null; }

# run NAME CONF LINES...: the replay of LINES, its last layout in NAME.json.
run() {
	local name=$1 conf=$2
	shift 2
	printf '%s\n' "$@" >"$FB_TMP/$name.replay"
	kiosk_run 800x480 "$conf" "$FB_TMP/$name.replay" "$FB_TMP/$name"
}

mkdir -p "$FB_TMP/two" "$FB_TMP/one" "$FB_TMP/idle"
kiosk_conf "$FB_TMP/two.conf" "$FB_TMP/two" "languages=en, ur"
kiosk_conf "$FB_TMP/one.conf" "$FB_TMP/one" "languages=en"
kiosk_conf "$FB_TMP/idle.conf" "$FB_TMP/idle" "languages=en, ur"

# to the comment screen in English, "Kind staff" typed there
TYPED=("expect attract" "tap start" "tap lang-en" "tap answer-2" "expect question"
	"type Kind staff")

# the counter on the comment screen before and after typing ten characters
run fresh "$FB_TMP/two.conf" "${TYPED[@]:0:5}"
run typed "$FB_TMP/two.conf" "${TYPED[@]}"
LEFT_FULL=$(label "$FB_TMP/fresh.json" counter)
LEFT_TYPED=$(label "$FB_TMP/typed.json" counter)
note "counter with nothing typed: '$LEFT_FULL'; with 'Kind staff': '$LEFT_TYPED'"
check "typing shows on the comment screen (the counter moves)" \
	test -n "$LEFT_TYPED" -a "$LEFT_TYPED" != "$LEFT_FULL"

run back "$FB_TMP/two.conf" "${TYPED[@]}" "tap back" "expect question" "tap back" \
	"expect language" "tap lang-en" "expect question" "tap answer-2" "expect question"
check "Back to the faces and the language screen, then forward again: the replay runs (exit $RC)" \
	test "$RC" = 0
check "coming forward again shows what was typed ('$(label "$FB_TMP/back.json" counter)')" \
	test "$(label "$FB_TMP/back.json" counter)" = "$LEFT_TYPED"

run leave_no "$FB_TMP/two.conf" "${TYPED[@]}" "tap back" "tap back" "expect language" \
	"tap back" "expect confirm_delete" "tap delete-no" "expect language" "tap lang-en" \
	"tap answer-2" "expect question"
check "Back on the language screen after typing asks 'Delete what you wrote?'; No keeps the words (exit $RC)" \
	test "$RC" = 0 -a "$(label "$FB_TMP/leave_no.json" counter)" = "$LEFT_TYPED"

run leave_yes "$FB_TMP/two.conf" "${TYPED[@]}" "tap back" "tap back" "tap back" \
	"expect confirm_delete" "tap delete-yes" "expect attract"
check "Yes, delete it: back to the start screen (exit $RC)" test "$RC" = 0
check "Yes, delete it: nothing stored" \
	test "$(q "$FB_TMP/two/queue.db" "SELECT count(*) FROM records")" = 0

run one "$FB_TMP/one.conf" "expect attract" "tap start" "expect question" "tap answer-3" \
	"type Too hot" "tap back" "expect question" "tap back" "expect confirm_delete" \
	"tap delete-no" "expect question" "tap answer-3" "expect question"
check "one language: Back on the first question after typing asks first; No keeps the words (exit $RC)" \
	test "$RC" = 0 -a -n "$(label "$FB_TMP/one.json" counter)" \
	-a "$(label "$FB_TMP/one.json" counter)" != "$LEFT_FULL"

# "Are you still there?" says what becomes of the words (800x480, A+)
mkdir -p "$FB_TMP/discard"
kiosk_conf "$FB_TMP/discard.conf" "$FB_TMP/discard" "languages=en, ur" partial=discard
for c in idle discard; do
	run "ask-$c" "$FB_TMP/$c.conf" "expect attract" "tap start" "tap text-size" "tap lang-en" \
		"tap answer-2" "type Kind staff" "wait 61000" "expect still_there"
done
run ask-none "$FB_TMP/idle.conf" "expect attract" "tap start" "tap lang-en" "tap answer-2" \
	"wait 61000" "expect still_there"
check "'Are you still there?' after typing says the words will be kept (partial = keep)" \
	test "$(label "$FB_TMP/ask-idle.json" body)" = "If nobody answers, what you wrote so far will be kept."
check "'Are you still there?' after typing says the words will be deleted (partial = discard)" \
	test "$(label "$FB_TMP/ask-discard.json" body)" = "If nobody answers, what you wrote will be deleted."
check "'Are you still there?' with nothing typed says nothing of words" \
	test -z "$(label "$FB_TMP/ask-none.json" body)"
# in every language of the survey, at 800x480 with A+: nothing cut or
# overlapping (tests/helpers/kiosk_fit_check.py, as kiosk_fit.sh)
FFT=$FB_SRC/config/surveys/fft.json
mkdir -p "$FB_TMP/ask-all" "$FB_TMP/all"
for lang in $(python3 -c 'import json,sys
print(" ".join(l["code"] for l in json.load(open(sys.argv[1]))["languages"]))' "$FFT"); do
	other=en; [ "$lang" = en ] && other=ur
	kiosk_conf "$FB_TMP/all-$lang.conf" "$FB_TMP/all" "languages=$lang, $other" partial=discard
	run "ask-all/$lang" "$FB_TMP/all-$lang.conf" "expect attract" "tap start" "tap text-size" \
		"tap lang-$lang" "tap answer-2" "type Kind staff" "wait 61000" "expect still_there"
done
python3 "$FB_SRC/tests/helpers/kiosk_fit_check.py" "$FFT" "$FB_TMP"/ask-all/*.json >"$FB_TMP/ask.fit"
check "those words on 'Are you still there?' in every language at 800x480 with A+: nothing cut or overlapping ($(tail -1 "$FB_TMP/ask.fit"))" \
	test "$(grep -c . "$FB_TMP/ask.fit")" = 1 -a "$(ls "$FB_TMP"/ask-all/*.json | wc -l)" -ge 11
sed '$d' "$FB_TMP/ask.fit" | head -10 | sed 's/^/#   /'

run still "$FB_TMP/idle.conf" "${TYPED[@]}" "wait 61000" "expect still_there" \
	"tap still-here" "expect question"
check "'Are you still there?', then Yes: the words are back ('$(label "$FB_TMP/still.json" counter)')" \
	test "$RC" = 0 -a "$(label "$FB_TMP/still.json" counter)" = "$LEFT_TYPED"
run away "$FB_TMP/idle.conf" "${TYPED[@]}" "wait 61000" "expect still_there" "wait 21000" \
	"expect attract"
check "nobody comes back: the kiosk starts again (exit $RC)" test "$RC" = 0
"$QTOOL" --config "$FB_TMP/idle.conf" list >"$FB_TMP/list.out" 2>&1
note "feedback-queue list: $(cat "$FB_TMP/list.out")"
check "nobody comes back: the words are kept, sealed, in a partial response" \
	grep -Eq ' partial +words sealed$' "$FB_TMP/list.out"

finish
