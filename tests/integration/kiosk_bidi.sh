#!/usr/bin/env bash
# kiosk_bidi: the real feedback-kiosk, headless, in Urdu and Arabic (right
# to left) at 800x480 and 1280x800, and in English at 800x480 to compare.
# Photographs the rating screen with an answer chosen, the text field with
# Urdu or Arabic words, the next one with English words, and the thank-you
# screen's crisis card (tests/data/replay/bidi.replay), then reads the
# pixels where the layout dump puts each widget: the tick badge sits at the
# face's top corner on the page's end side (top left when mirrored), and
# the caret just after the last letter in the words' own direction (left
# of Urdu, right of English), never over a letter. The order of glyphs
# ("116 123", "saved.", "A+") is the unit tests' (test_text, test_text_bidi);
# the PNGs are kept in $FB_BIN/bidi-shots for a person to look at.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
SCRIPT=$FB_SRC/tests/data/replay/bidi.replay
SHOTS=$FB_BIN/bidi-shots

kiosk_require
"$FB_SRC/tests/helpers/survey_add_languages.py" "$FB_SRC/config/surveys/fft.json" \
	"$FB_TMP/survey.json" ur=اردو ar=العربية
rm -rf "$SHOTS"

# upto FILE SHOT LANG: the replay to the line `screenshot SHOT`, in LANG.
upto() {
	sed -e "s/lang-ur/lang-$3/" -e "/^screenshot $2\$/q" "$1"
}

# pixels PNG DUMP WHAT RTL: checks the photograph PNG against the layout
# DUMP of the same screen. WHAT: badge (the chosen face's tick) or caret
# (in the text field). Prints what it found as TAP comments.
pixels() {
	python3 - "$@" <<'PY'
import json, struct, sys, zlib

def png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), "PNG of 8-bit RGB(A) only"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
    stride = w * bpp
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(w)])
        prev = line
    return rows

img_path, dump_path, what, rtl = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
img = png(img_path)
widgets = {g["id"]: g for g in json.load(open(dump_path))["widgets"]}

def near(p, q, tol=24):
    return all(abs(a - b) <= tol for a, b in zip(p, q))

BLUE, GOOD = (0x00, 0x30, 0x87), (0xA4, 0xD6, 0x5E)   # NHS dark blue (render_sdl.c)

def where(g, inset, test):
    pts = []
    for y in range(g["y"] + inset, g["y"] + g["h"] - inset):
        for x in range(g["x"] + inset, g["x"] + g["w"] - inset):
            if test(img[y][x]):
                pts.append((x, y))
    return pts

if what == "badge":
    card = widgets["answer-2"]
    # inside the card's 6 px blue frame: the badge is the only blue there
    badge = where(card, 10, lambda p: near(p, BLUE, 8))
    face = where(card, 10, lambda p: near(p, GOOD, 8))
    if not badge or not face:
        print("#   no badge or no face found in answer-2")
        sys.exit(1)
    bx = sum(x for x, _ in badge) / len(badge)
    fx = sum(x for x, _ in face) / len(face)
    print("#   badge centre x %.0f, face centre x %.0f" % (bx, fx))
    sys.exit(0 if (bx < fx) == rtl else 1)

field = widgets["text-field"]
caret = where(field, 6, lambda p: near(p, BLUE, 8))
# the answer's letters: dark ink #212B32 (the counter beside them is the
# lighter grey #3B4D5A)
ink = where(field, 6, lambda p: max(p) < 0x48)
if not caret or not ink:
    print("#   no caret or no letters found in the text field")
    sys.exit(1)
c0, c1 = min(x for x, _ in caret), max(x for x, _ in caret)
i0, i1 = min(x for x, _ in ink), max(x for x, _ in ink)
print("#   caret x %d..%d, letters x %d..%d" % (c0, c1, i0, i1))
# a clear gap, or the caret covers the letter's edge (the ink it hides
# cannot be seen, so a caret drawn over a letter shows as no gap at all)
gap = i0 - c1 if rtl else c0 - i1
ok = 3 <= gap <= 16
sys.exit(0 if ok else 1)
PY
}

run_one() {
	local size=$1 lang=$2 rtl=$3 dir=$FB_TMP/$1-$2 shot
	mkdir -p "$dir/data" "$dir/shots" "$SHOTS"
	kiosk_conf "$dir/kiosk.conf" "$dir/data" "survey_file=$FB_TMP/survey.json" \
		"languages=en, ur, ar"
	upto "$SCRIPT" end "$lang" >"$dir/all.replay"
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/all.replay" "$dir/all" \
		--screenshot-dir "$dir/shots"
	check "$size $lang: the replay runs to the crisis card" test "$RC" = 0
	for shot in rating field field-en thanks; do
		[ -s "$dir/shots/$shot.png" ] &&
			cp "$dir/shots/$shot.png" "$SHOTS/$lang-$size-$shot.png"
	done
	# each checked screen's own layout dump: the replay cut at its photograph
	for shot in rating field field-en; do
		upto "$SCRIPT" "$shot" "$lang" >"$dir/$shot.replay"
		mkdir -p "$dir/steps-$shot"
		kiosk_run "$size" "$dir/kiosk.conf" "$dir/$shot.replay" "$dir/$shot" \
			--screenshot-dir "$dir/steps-$shot"
	done
	local side=right; [ "$rtl" = 1 ] && side=left
	check "$size $lang: the chosen face's tick badge is at its top $side" \
		pixels "$dir/shots/rating.png" "$dir/rating.json" badge "$rtl"
	# Urdu words read right to left on any page: the caret at their left
	check "$size $lang: the caret is just left of the last letter of Urdu words" \
		pixels "$dir/shots/field.png" "$dir/field.json" caret 1
	check "$size $lang: the caret is just right of the last letter of English words" \
		pixels "$dir/shots/field-en.png" "$dir/field-en.json" caret 0
}

for size in 800x480 1280x800; do
	run_one "$size" ur 1
	run_one "$size" ar 1
done
run_one 800x480 en 0
finish
