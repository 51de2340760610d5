#!/usr/bin/env bash
# kiosk_speech_hear: touch and hear in the real feedback-kiosk, headless,
# for blind and partially sighted people. A replay holds the read-aloud
# button for 2 s (touch and hear turns on, the cue is spoken, the band shows
# the marker), touches an answer (its words are spoken, it is not chosen),
# taps it twice (chosen), double-taps Send now (one response queued), and
# waits for the next attract screen (off, and the off cue spoken). In
# English, Urdu (right to left) and Bengali, with SDL's dummy audio driver:
# what was spoken, and how many samples it made, come from the --bench
# lines; one run with the disk driver checks the last cue really is sound.
# Then headphones plugged in turn it on, and the rating screen with touch
# and hear on is photographed at 800x480 with A+ in English and Urdu, into
# $FB_BIN/hear-shots/ to look at.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
RATE=22050

kiosk_require

# run NAME LANGS [SIZE [KEY=VALUE...]] < script: one kiosk over the replay
# on stdin, with those config keys. Sets RC, DIR; shots and their dumps in
# $DIR/shots.
run() {
	local name=$1 langs=$2 size=${3:-1280x800}
	shift 3 2>/dev/null || shift $#
	DIR=$FB_TMP/$name
	mkdir -p "$DIR/data" "$DIR/shots"
	kiosk_conf "$DIR/kiosk.conf" "$DIR/data" id=kiosk-hear-01 "languages=$langs" "$@"
	cat >"$DIR/script.replay"
	SDL_DISKAUDIOFILE=$DIR/audio.raw kiosk_run "$size" "$DIR/kiosk.conf" "$DIR/script.replay" \
		"$DIR/run" --screenshot-dir "$DIR/shots" --dump-dir "$DIR/shots" --bench
}

# widget DUMP ID FIELD: a field of widget ID in a layout dump ("" none).
widget() {
	python3 -c 'import json,sys
for w in json.load(open(sys.argv[1]))["widgets"]:
    if w["id"] == sys.argv[2]: print(str(w[sys.argv[3]]).lower() if isinstance(w[sys.argv[3]], bool) else w[sys.argv[3]])' "$1" "$2" "$3" 2>/dev/null
}

# spoke WHAT LANG TEXT: the log has a "bench spoke" line of WHAT in LANG
# that made samples and whose words begin with TEXT.
spoke() {
	python3 - "$DIR/run.log" "$@" <<'PY'
import re, sys
log, what, lang, text = sys.argv[1:5]
for line in open(log, encoding="utf-8"):
    m = re.match(r"bench spoke what=(\S+) lang=(\S+) samples=(\d+) text=(.*)$", line.rstrip("\n"))
    if m and m.group(1) == what and m.group(2) == lang and int(m.group(3)) > 2205 \
            and m.group(4).startswith(text):
        sys.exit(0)
print("#   no '%s' in %s starting %r with sound" % (what, lang, text))
sys.exit(1)
PY
}

# po LANG KEY: the kiosk's word KEY in LANG, from po/LANG.po (English: the .pot's msgid).
po() {
	python3 - "$FB_SRC/po" "$1" "$2" <<'PY'
import sys
d, lang, key = sys.argv[1:4]
path = d + ("/feedback-kiosk.pot" if lang == "en" else "/%s.po" % lang)
lines = open(path, encoding="utf-8").read().split("\n")
field = "msgid " if lang == "en" else "msgstr "
for i, l in enumerate(lines):
    if l == 'msgctxt "%s"' % key:
        j = i + 1
        while j < len(lines) and not lines[j].startswith(field):
            j += 1
        out = lines[j][len(field) + 1:-1]
        j += 1
        while j < len(lines) and lines[j].startswith('"'):   # a wrapped string
            out += lines[j][1:-1]
            j += 1
        print(out); sys.exit(0)
sys.exit(1)
PY
}

records() {
	local n
	n=$(sqlite3 -batch -noheader "file:$DIR/data/queue.db?mode=ro" \
		"SELECT count(*) FROM records" 2>/dev/null)
	echo "${n:-0}"
}

for l in en ur bn; do
	driver=dummy
	[ "$l" = en ] && driver=disk
	langs="en, $l"
	[ "$l" = en ] && langs="en, pl"
	SDL_AUDIODRIVER=$driver run "hear_$l" "$langs" <<EOF
tap lang-$l
expect question
press read-aloud 2000
screenshot on
tap answer-2
screenshot touched
wait 1000
tap answer-2
tap answer-2
expect question
screenshot comment
wait 1000
tap back
tap back
screenshot chosen
wait 1000
tap answer-2
tap answer-2
wait 1000
tap send-now
tap send-now
expect thanks
screenshot thanks
wait 25000
expect attract
screenshot after
sleep 3000
EOF
	S=$DIR/shots
	check "$l: the replay ran to the end (exit $RC)" test "$RC" = 0
	check "$l: a 2 s hold on read-aloud turned touch and hear on (log)" \
		grep -q 'touch and hear on' "$DIR/run.log"
	check "$l: the on cue was spoken in the language" \
		spoke cue "$l" "$(po "$l" touch_hear_on | cut -c1-12)"
	check "$l: the band shows the marker in the language" \
		test "$(widget "$S/on.json" touch-hear label)" = "$(po "$l" touch_hear)"
	check "$l: the hold did not read the screen aloud" \
		bash -c "! grep -q 'what=read-aloud' '$DIR/run.log'"
	label=$(widget "$S/touched.json" answer-2 label)
	check "$l: a touch on answer 2 spoke its words ('$label')" spoke hear "$l" "$label"
	check "$l: ... and did not choose it (still the rating, not selected)" \
		test "$(widget "$S/touched.json" answer-2 selected)" = false
	check "$l: a double tap chose it: the comment screen shows, Send now on it" \
		test -n "$(widget "$S/comment.json" send-now id)"
	check "$l: ... and Back shows answer 2 chosen" \
		test "$(widget "$S/chosen.json" answer-2 selected)" = true
	check "$l: the new screen's question was spoken" grep -q "what=heading lang=$l" "$DIR/run.log"
	check "$l: a double tap on Send now queued exactly one response" test "$(records)" = 1
	check "$l: the marker is still there on the thank-you screen" \
		test -n "$(widget "$S/thanks.json" touch-hear id)"
	check "$l: the next attract screen turned it off (log, no marker)" \
		bash -c "grep -q 'touch and hear off' '$DIR/run.log' && ! grep -q touch-hear '$S/after.json'"
	check "$l: the off cue was spoken in the person's language" \
		spoke cue "$l" "$(po "$l" touch_hear_off | cut -c1-12)"
	if [ "$l" = en ]; then
		# the disk driver: the last thing said ("Touch and hear is off.")
		check "en: the off cue is real sound (disk driver: 1 to 3 s of speech)" \
			python3 - "$DIR/audio.raw" "$RATE" <<'PY'
import array, math, sys
a = array.array("h", open(sys.argv[1], "rb").read())
rate = int(sys.argv[2]); secs = len(a) / rate
rms = math.sqrt(sum(x * x for x in a) / len(a)) if a else 0
print("#   %.2f s, rms %.0f" % (secs, rms))
sys.exit(0 if 0.8 <= secs <= 3.5 and rms > 300 else 1)
PY
	fi
done

# ---- headphones plugged in (SDL_AUDIODEVICEADDED) turn it on ----
run headphones "en, pl" <<'EOF'
tap lang-en
expect question
headphones
screenshot plugged
tap answer-1
screenshot touched
EOF
check "headphones: the replay ran to the end (exit $RC)" test "$RC" = 0
check "headphones: plugging in turned touch and hear on, with the marker" \
	bash -c "grep -q 'touch and hear on' '$DIR/run.log' && grep -q touch-hear '$DIR/shots/plugged.json'"
check "headphones: a touch then speaks and does not choose" \
	test "$(widget "$DIR/shots/touched.json" answer-1 selected)" = false

# ---- the 3.5 mm socket, a switch of a Linux input device that SDL never
# reports: a FIFO stands in for /dev/input/eventN and gets the kernel's
# events (EV_SW SW_HEADPHONE_INSERT 1, then EV_SYN) two seconds in ----
mkfifo "$FB_TMP/jack.fifo"
timeout 30 /usr/bin/python3 -c 'import struct, sys, time
time.sleep(2)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("llHHi", 0, 0, 5, 2, 1) + struct.pack("llHHi", 0, 0, 0, 0, 0))' "$FB_TMP/jack.fifo" &
jack_writer=$!
run jack "en, pl" 1280x800 "headphone_input=$FB_TMP/jack.fifo" <<'EOF'
tap lang-en
expect question
sleep 6000
screenshot plugged
tap answer-1
screenshot touched
EOF
wait "$jack_writer"
check "the socket: the replay ran to the end (exit $RC)" test "$RC" = 0
check "the socket: the kiosk said it watches it" grep -q "watching the headphone socket $FB_TMP/jack.fifo" "$DIR/run.log"
check "the socket: headphones plugged in turned touch and hear on, with the marker" \
	bash -c "grep -q 'touch and hear on' '$DIR/run.log' && grep -q touch-hear '$DIR/shots/plugged.json'"
check "the socket: a touch then speaks and does not choose" \
	test "$(widget "$DIR/shots/touched.json" answer-1 selected)" = false
run jack_gone "en, pl" 1280x800 "headphone_input=$FB_TMP/no-such-device" <<'EOF'
tap lang-en
expect question
EOF
check "a socket that is not there: the kiosk says so and runs on (exit $RC)" \
	bash -c "[ '$RC' = 0 ] && grep -q \"headphone_input '$FB_TMP/no-such-device' cannot be read\" '$DIR/run.log'"

# ---- the rating screen with touch and hear on, 800x480, A+ ----
for l in en ur; do
	langs="en, $l"
	[ "$l" = en ] && langs="en, pl"
	run "shot_$l" "$langs" 800x480 <<EOF
tap lang-$l
tap text-size
press read-aloud 2000
wait 1000
tap answer-2
screenshot rating-hear-800x480-aplus-$l
EOF
	D=$DIR/shots/rating-hear-800x480-aplus-$l.json
	check "shot $l: the replay ran to the end (exit $RC)" test "$RC" = 0
	check "shot $l: the marker and every widget lie inside the 800x480 window, nothing cut" \
		python3 - "$D" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [w["id"] for w in d["widgets"]
       if w["x"] < 0 or w["y"] < 0 or w["x"] + w["w"] > 800 or w["y"] + w["h"] > 480 or w.get("cut")]
ids = [w["id"] for w in d["widgets"]]
if "touch-hear" not in ids: bad.append("no touch-hear marker")
print("#   %s" % (bad or "all inside"))
sys.exit(1 if bad else 0)
PY
	mkdir -p "$FB_BIN/hear-shots"
	cp "$DIR/shots/rating-hear-800x480-aplus-$l.png" "$FB_BIN/hear-shots/" 2>/dev/null
	note "screenshot: $FB_BIN/hear-shots/rating-hear-800x480-aplus-$l.png"
done

finish
