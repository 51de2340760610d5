#!/usr/bin/env bash
# kiosk_crisis: the crisis card is easy to scan, in the real feedback-kiosk,
# headless. On the thank-you screen in English, Urdu, Punjabi and Arabic,
# in the children's survey (Childline 0800 1111) and with a Trust's own
# crisis_text per language (a text code, SHOUT to 85258), at 800x480 with
# larger text (A+) and at 1920x1080: each way to get help is a widget of
# its own (crisis-body-N) below the one before, every number in it is a
# bold run, no bold run is broken across lines, nothing is cut, and the
# numbers read left to right (from the layout dump: its lines and bold
# runs). The PNGs are kept in $FB_BIN/crisis-shots for a person to look at.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
SHOTS=$FB_BIN/crisis-shots
kiosk_require
rm -rf "$SHOTS"
mkdir -p "$SHOTS"

# card DUMP NUMBER...: the crisis card of DUMP is easy to scan and gives
# each NUMBER, bold. Prints what is wrong as TAP comments.
card() {
	python3 - "$@" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
want = sys.argv[2:]
ws = [w for w in d["widgets"] if re.fullmatch(r"crisis-body-\d+", w["id"])]
bad = []
if len(ws) < 3:
    bad.append("only %d ways to get help on the card" % len(ws))
ws.sort(key=lambda w: int(w["id"].rsplit("-", 1)[1]))
bottom, bolds = 0, []
# a number: digit groups (any script's digits) with one space or '-' between
NUM = re.compile(r"(?<![A-Za-z0-9])\+?\d+(?:[ -]\d+)*")
for w in ws:
    label, lines, runs = w["label"], w.get("lines", []), w.get("bold_runs", [])
    if w["y"] < bottom:
        bad.append("%s starts at y %d, over the one before (bottom %d)" % (w["id"], w["y"], bottom))
    bottom = w["y"] + w["h"]
    if w.get("cut"):
        bad.append("%s is cut" % w["id"])
    if "\n" in label:
        bad.append("%s holds two ways to get help" % w["id"])
    if "".join(l.replace(" ", "") for l in lines) != label.replace(" ", ""):
        bad.append("%s: its lines %r are not its words" % (w["id"], lines))
    for m in NUM.finditer(label):
        if m.group(0) not in " ".join(runs) :
            bad.append("%s: %r is not bold (bold: %r)" % (w["id"], m.group(0), runs))
    for r in runs:
        if not any(r in l for l in lines):
            bad.append("%s: bold %r is broken across lines %r" % (w["id"], r, lines))
    bolds += runs
for n in want:
    if not any(n in b for b in bolds):
        bad.append("%s is not bold on the card (bold: %r)" % (n, bolds))
for b in bad[:20]:
    print("#   " + b)
sys.exit(1 if bad else 0)
PY
}

# shoot NAME CONF LANG SIZE APLUS: to the thank-you screen; its PNG in
# $SHOTS/NAME-SIZE[-aplus].png, its dump in $FB_TMP/NAME-SIZE[-aplus].json.
shoot() {
	local name=$1 conf=$2 lang=$3 size=$4 aplus=$5 tag dir
	tag=$name-$size${aplus:+-aplus}
	dir=$FB_TMP/$tag
	mkdir -p "$dir"
	{
		echo "expect attract"
		echo "tap start"
		echo "expect language"
		[ -n "$aplus" ] && echo "tap text-size"
		echo "tap lang-$lang"
		echo "tap answer-1"
		echo "tap send-now"
		echo "expect thanks"
		echo "screenshot card"
	} >"$dir/run.replay"
	kiosk_run "$size" "$conf" "$dir/run.replay" "$dir/run" --screenshot-dir "$dir"
	[ -s "$dir/card.png" ] && cp "$dir/card.png" "$SHOTS/$tag.png"
	cp "$dir/run.json" "$FB_TMP/$tag.json" 2>/dev/null
}

mkdir -p "$FB_TMP/fft" "$FB_TMP/children" "$FB_TMP/trust"
kiosk_conf "$FB_TMP/fft.conf" "$FB_TMP/fft" "languages=en, ur, pa, ar"
kiosk_conf "$FB_TMP/children.conf" "$FB_TMP/children" "languages=en, ur, pa, ar" \
	"survey_file=$FB_SRC/config/surveys/children.json"
kiosk_conf "$FB_TMP/trust.conf" "$FB_TMP/trust" "languages=en, ur"
cat >>"$FB_TMP/trust.conf" <<'EOF'
crisis_text.en = Need to talk to someone now? Call the Black Country crisis line
  free on 0800 008 6516, any time. Or text SHOUT to 85258.
  In an emergency, call 999. Or tell a member of staff.
crisis_text.ur = کیا آپ کو ابھی کسی سے بات کرنی ہے؟
  بلیک کنٹری کرائسس لائن کو 0800 008 6516 پر مفت کال کریں، کسی بھی وقت۔
  یا SHOUT لکھ کر 85258 پر بھیجیں۔
  ایمرجنسی میں 999 پر کال کریں۔ یا عملے کے کسی رکن کو بتائیں۔
EOF

for size in 800x480 1920x1080; do
	for aplus in yes ""; do
		[ "$size" = 1920x1080 ] && [ -n "$aplus" ] && continue
		[ "$size" = 800x480 ] && [ -z "$aplus" ] && continue
		for lang in en ur pa ar; do
			shoot "fft-$lang" "$FB_TMP/fft.conf" "$lang" "$size" "$aplus"
			check "$lang $size${aplus:+ A+}: the thank-you screen shows (exit $RC)" test "$RC" = 0
			check "$lang $size${aplus:+ A+}: each way to get help on lines of its own, 116 123, 111 and 999 bold, none broken or cut" \
				card "$FB_TMP/fft-$lang-$size${aplus:+-aplus}.json" "116 123" 111 999
		done
		for lang in en ur; do
			shoot "children-$lang" "$FB_TMP/children.conf" "$lang" "$size" "$aplus"
			check "children $lang $size${aplus:+ A+}: the thank-you screen shows (exit $RC)" test "$RC" = 0
			check "children $lang $size${aplus:+ A+}: Childline's 0800 1111 and Samaritans' 116 123 bold, each on lines of its own" \
				card "$FB_TMP/children-$lang-$size${aplus:+-aplus}.json" "0800 1111" "116 123"
			shoot "trust-$lang" "$FB_TMP/trust.conf" "$lang" "$size" "$aplus"
			check "the Trust's crisis text, $lang $size${aplus:+ A+}: its line 0800 008 6516, SHOUT and 85258 bold, each on lines of its own" \
				card "$FB_TMP/trust-$lang-$size${aplus:+-aplus}.json" "0800 008 6516" SHOUT 85258 999
		done
	done
done
note "screenshots: $SHOTS"
finish
