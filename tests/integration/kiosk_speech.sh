#!/usr/bin/env bash
# kiosk_speech: read-aloud in the real feedback-kiosk, headless, with SDL's
# disk audio driver (SDL_DISKAUDIOFILE: what a speaker would have played,
# as raw mono 16-bit samples at 22050 Hz). `sleep` in a replay lets real
# time pass so the sound plays; the flow's clock does not move.
# Paths: a press on the rating screen is heard, and a second press stops
# it; moving to the next screen stops it; the button says it is reading
# (label and state); a short screen is read to its end and the button goes
# back; Welsh on the thank-you screen is heard, and so are Punjabi, Urdu,
# Bengali, Gujarati and Arabic; a language with no voice and a kiosk with
# no sound device hide the button and say why. Each path still
# completes the survey and stores exactly one response.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=disk
RATE=22050

kiosk_require

# The national survey plus Somali (English words under a Somali name): a
# language espeak-ng, and so the kiosk, has no voice for.
"$FB_SRC/tests/helpers/survey_add_languages.py" "$FB_SRC/config/surveys/fft.json" \
	"$FB_TMP/survey.json" so=Soomaali

# run NAME [SIZE] < script: one kiosk over the replay on stdin, in its own
# data directory; the sound goes to $FB_TMP/NAME/audio.raw. Sets RC, DIR.
run() {
	local name=$1 size=${2:-1280x800}
	DIR=$FB_TMP/$name
	mkdir -p "$DIR/data" "$DIR/shots"
	kiosk_conf "$DIR/kiosk.conf" "$DIR/data" id=kiosk-speech-01 \
		"survey_file=$FB_TMP/survey.json" "languages=${LANGS:-en, cy, so}"
	cat >"$DIR/script.replay"
	SDL_DISKAUDIOFILE=$DIR/audio.raw kiosk_run "$size" "$DIR/kiosk.conf" "$DIR/script.replay" \
		"$DIR/run" --screenshot-dir "$DIR/shots" --bench
}

# heard FILE MIN_S MAX_S: FILE holds between MIN_S and MAX_S seconds of
# sound, and it is speech, not silence (a loud enough RMS and peaks).
heard() {
	python3 - "$@" "$RATE" <<'PY'
import array, math, sys
path, lo, hi, rate = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
try:
    a = array.array("h", open(path, "rb").read())
except OSError as e:
    print("#   no sound file: %s" % e); sys.exit(1)
secs = len(a) / rate
loud = sum(1 for x in a if abs(x) > 2000)
rms = math.sqrt(sum(x * x for x in a) / len(a)) if a else 0
print("#   %s: %.2f s, rms %.0f, %d samples over 2000" % (path.split("/")[-2], secs, rms, loud))
sys.exit(0 if lo <= secs <= hi and rms > 300 and loud > rate // 20 else 1)
PY
}

# widget DUMP ID: "label|selected" of widget ID, or nothing.
widget() {
	python3 -c 'import json,sys
for w in json.load(open(sys.argv[1]))["widgets"]:
    if w["id"] == sys.argv[2]: print("%s|%s" % (w["label"], str(w["selected"]).lower()))' "$1" "$2" 2>/dev/null
}

records() {
	local n
	n=$(sqlite3 -batch -noheader "file:$DIR/data/queue.db?mode=ro" \
		"SELECT count(*) FROM records" 2>/dev/null)
	echo "${n:-0}"
}

# From the rating screen (answer given or not) to the thank-you screen.
REST="$REPLAY_REST_SKIPPED
expect thanks"

# ---- 1. a press on the rating screen is heard; a second press stops it ----
run toggle <<EOF
tap start
tap lang-en
expect question
tap read-aloud
sleep 1500
tap read-aloud
sleep 1000
tap answer-2
$REST
EOF
check "toggle: the replay ran to the end (exit $RC)" test "$RC" = 0
# The whole rating screen takes about 10 s to say; stopped after 1.5 s the
# file holds about that much, and the second second of sleep added nothing.
check "toggle: tapping read-aloud on the rating screen is heard (speech in the sound file)" \
	heard "$DIR/audio.raw" 0.8 2.6
check "toggle: one response stored after listening" test "$(records)" = 1
check "toggle: the engine took $(sed -n 's/^bench read_aloud_ms=\([0-9.]*\).*/\1/p' "$DIR/run.log" | head -1) ms from the press to the sound queued" \
	grep -q '^bench read_aloud_ms=' "$DIR/run.log"

# ---- 2. the next screen stops the reading ----
run next_screen <<EOF
tap start
tap lang-en
tap read-aloud
sleep 1000
tap answer-1
sleep 500
tap next
expect question
sleep 1500
screenshot after-next
tap back
$REST
EOF
check "next screen: the replay ran to the end (exit $RC)" test "$RC" = 0
check "next screen: choosing an answer keeps reading; Next stops it (about 1.5 s heard, not 10)" \
	heard "$DIR/audio.raw" 0.8 2.8
check "next screen: one response stored" test "$(records)" = 1

# ---- 3. the button says it is reading: words and state, not colour ----
run playing <<'EOF'
tap start
tap lang-en
tap read-aloud
sleep 300
screenshot reading
EOF
check "playing: the replay ran to the end (exit $RC)" test "$RC" = 0
check "playing: while reading, the button's label is 'Stop reading aloud' and it is selected" \
	test "$(widget "$DIR/run.json" read-aloud)" = "Stop reading aloud|true"
check "playing: the header still has text size beside it" \
	test -n "$(widget "$DIR/run.json" text-size)"

# ---- 4. a short screen is read to its end; the button goes back ----
run still_there <<'EOF'
tap start
tap lang-en
wait 61000
expect still_there
tap read-aloud
sleep 5000
expect still_there
screenshot still-read
EOF
check "still there: the replay ran to the end (exit $RC)" test "$RC" = 0
check "still there: 'Are you still there? Yes, I'm still here.' is heard to its end" \
	heard "$DIR/audio.raw" 1.5 4.5
check "still there: tapping read-aloud reads the question instead of counting as 'yes'" \
	python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["screen"] != "still_there")' "$DIR/run.json"
check "still there: when the words end, the button reads 'Read aloud' again" \
	test "$(widget "$DIR/run.json" read-aloud)" = "Read aloud|false"

# ---- 5. Welsh, on the thank-you screen: the thanks and the crisis help ----
run welsh <<EOF
tap start
tap lang-cy
tap answer-1
$REST
tap read-aloud
sleep 2500
EOF
check "welsh: the replay ran to the end (exit $RC)" test "$RC" = 0
check "welsh: the thank-you screen is heard in Welsh" heard "$DIR/audio.raw" 1.5 3.6
check "welsh: the button is labelled in Welsh while it reads" \
	test "$(widget "$DIR/run.json" read-aloud)" = "Stopio darllen|true"
check "welsh: one response stored" test "$(records)" = 1

# ---- 5b. the Black Country's languages, on the thank-you screen ----
# Each is heard, and the button is labelled in the language (po/LANG.po).
declare -A STOP=([pa]="ਪੜ੍ਹਨਾ ਬੰਦ ਕਰੋ" [ur]="پڑھنا بند کریں" [bn]="পড়া বন্ধ করুন"
	[gu]="વાંચવાનું બંધ કરો" [ar]="إيقاف القراءة")
for l in pa ur bn gu ar; do
	LANGS="en, $l" run "speech_$l" <<EOF
tap start
tap lang-$l
tap answer-1
$REST
tap read-aloud
sleep 2500
EOF
	check "$l: the replay ran to the end (exit $RC)" test "$RC" = 0
	check "$l: the thank-you screen is heard" heard "$DIR/audio.raw" 1.5 3.6
	check "$l: the button is labelled in the language while it reads" \
		test "$(widget "$DIR/run.json" read-aloud)" = "${STOP[$l]}|true"
done

# ---- 6. no voice for the language: no button, a log line, the survey works ----
run no_voice <<EOF
tap start
tap lang-so
expect question
tap answer-3
$REST
EOF
check "no voice: the replay ran to the end (exit $RC)" test "$RC" = 0
check "no voice: the Somali screens have no read-aloud button" \
	test -z "$(widget "$DIR/run.json" read-aloud)"
check "no voice: the log says why" grep -q "no read-aloud voice for 'so'" "$DIR/run.log"
check "no voice: one response stored" test "$(records)" = 1

# ---- 7. no sound device: no button, a log line, the survey works ----
SDL_AUDIODRIVER=no-such-driver run no_sound <<EOF
tap start
tap lang-en
expect question
tap answer-1
$REST
EOF
check "no sound: the replay ran to the end (exit $RC)" test "$RC" = 0
check "no sound: no read-aloud button" test -z "$(widget "$DIR/run.json" read-aloud)"
check "no sound: the log says why and what to check" \
	grep -q "no sound: .*read-aloud is hidden" "$DIR/run.log"
check "no sound: one response stored" test "$(records)" = 1

finish
