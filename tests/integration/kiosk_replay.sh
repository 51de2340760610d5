#!/usr/bin/env bash
# kiosk_replay: the real feedback-kiosk, headless, at the four sizes it ships
# on (800x480, 1280x800, 1920x1080, 1080x1920), over the tour of every screen
# (tests/data/replay/tour.replay). At each size: the replay runs to the end,
# a PNG is written for every screen and every `screenshot`, each PNG is
# really the window's size (read from its IHDR header), and on every screen
# the tour stops to photograph, the layout dump's widgets all lie inside
# the window. The sorry screen (the queue cannot be opened) gets the same
# checks. Then switch access: Tab to move, Enter and Space to press, no
# touch at all, completes a response, and the queue holds exactly it.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

TOUR=$FB_SRC/tests/data/replay/tour.replay
export SDL_AUDIODRIVER=dummy
SIZES="800x480 1280x800 1920x1080 1080x1920"

kiosk_require
kiosk_pin_hash 1234

# write_conf FILE DATA_DIR: two locations and the maintenance exit, so the
# staff screen shows all it can.
write_conf() {
	kiosk_conf "$1" "$2" id=kiosk-replay-01 location_code=RXX01-BROOK "location_name=Brook Ward" \
		"locations=RXX01-BROOK=Brook Ward; RXX01-ASH=Ash Ward" "languages=en, pl, ro, pt, es, cy" \
		"staff_pin_hash=$PIN_HASH" allow_maintenance_exit=yes \
		"you_said_we_did=$FB_SRC/config/you-said-we-did.txt"
}

# pngs_sized DIR W H: every PNG in DIR is W x H (PNG signature, then the
# IHDR chunk: width and height, big-endian, at bytes 16 and 20).
pngs_sized() {
	python3 - "$@" <<'PY'
import glob, os, struct, sys
d, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bad = []
files = sorted(glob.glob(os.path.join(d, "*.png")))
for f in files:
    with open(f, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        bad.append("%s is not a PNG" % os.path.basename(f))
        continue
    pw, ph = struct.unpack(">II", head[16:24])
    if (pw, ph) != (w, h):
        bad.append("%s is %dx%d" % (os.path.basename(f), pw, ph))
for b in bad:
    print("#   " + b)
sys.exit(1 if bad or not files else 0)
PY
}

# inside DUMP W H [SCREEN]: the dump is of a W x H window (showing SCREEN)
# and every widget lies inside it.
inside() {
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
w, h = int(sys.argv[2]), int(sys.argv[3])
want = sys.argv[4] if len(sys.argv) > 4 else None
bad = []
if (d["width"], d["height"]) != (w, h):
    bad.append("the dump is of a %dx%d window" % (d["width"], d["height"]))
if want and d["screen"] != want:
    bad.append("the dump shows %s, not %s" % (d["screen"], want))
for g in d["widgets"]:
    if g["x"] < 0 or g["y"] < 0 or g["x"] + g["w"] > w or g["y"] + g["h"] > h:
        bad.append("%s '%s' at %d,%d %dx%d" % (d["screen"], g["id"], g["x"],
                                                g["y"], g["w"], g["h"]))
for b in bad:
    print("#   " + b)
sys.exit(1 if bad or not d["widgets"] else 0)
PY
}

# The screens the tour passes through, each saved once under its own name.
SCREENS="attract language question-fft question-what_was_good question-do_better
question-about_you question-age question-gender question-ethnicity
question-disability question-contact_opt_in question-contact_name
question-contact_details confirm_delete thanks still_there staff_pin staff cleaning"
SHOTS=$(sed -n 's/^screenshot //p' "$TOUR")
# the screen each `screenshot` line photographs
declare -A SHOT_SCREEN=([00-attract]=attract [01-send-now]=question
	[01-rating-chosen]=question [02-typed]=question [03-digits]=question
	[03-delete]=confirm_delete [03-about-you]=question [04-single]=question
	[05-contact]=question [06-thanks]=thanks [07-still]=still_there
	[08-pin]=staff_pin [09-staff]=staff [10-cleaning]=cleaning
	[11-focus]=attract)

for size in $SIZES; do
	W=${size%x*} H=${size#*x}
	dir=$FB_TMP/$size
	mkdir -p "$dir/data" "$dir/shots" "$dir/steps"
	write_conf "$dir/kiosk.conf" "$dir/data"

	# The staff corner is where the tour presses.
	echo "expect attract" >"$dir/probe.replay"
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/probe.replay" "$dir/probe"
	check "$size: the tour's press at 20,20 lands on the staff corner" \
		python3 -c 'import json,sys
w=[w for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]=="staff-corner"][0]
sys.exit(not (w["x"] <= 20 < w["x"]+w["w"] and w["y"] <= 20 < w["y"]+w["h"]))' "$dir/probe.json"

	kiosk_run "$size" "$dir/kiosk.conf" "$TOUR" "$dir/tour" --screenshot-dir "$dir/shots"
	check "$size: the tour ran to the end (exit $RC)" test "$RC" = 0
	missing=""
	for s in $SCREENS $SHOTS; do
		[ -s "$dir/shots/$s.png" ] || missing="$missing $s"
	done
	check "$size: a PNG for every screen and every screenshot${missing:+ (missing:$missing)}" \
		test -z "$missing"
	check "$size: every PNG is ${W}x${H}" pngs_sized "$dir/shots" "$W" "$H"

	# Each screen the tour photographs, laid out: the tour up to that
	# `screenshot` line, then the dump it leaves.
	n=0 outside=""
	while IFS=: read -r line name; do
		n=$((n + 1))
		head -n "$line" "$TOUR" >"$dir/steps/$name.replay"
		kiosk_run "$size" "$dir/kiosk.conf" "$dir/steps/$name.replay" "$dir/steps/$name" \
			--screenshot-dir "$dir/steps"
		if [ "$RC" != 0 ] || ! inside "$dir/steps/$name.json" "$W" "$H" \
			"${SHOT_SCREEN[$name]:-}"; then
			outside="$outside $name"
		fi
	done < <(grep -n '^screenshot ' "$TOUR" | sed 's/:screenshot /:/')
	check "$size: on all $n screens the tour photographs, every widget lies inside the window${outside:+ (not on:$outside)}" \
		test -z "$outside" -a "$n" -ge 12

	# The staff screen names every figure in words, on one of its pages:
	# the tour up to it, then Exit to maintenance (on its last page, the
	# pages turned on the way), each page's dump kept.
	mkdir -p "$dir/staff-pages"
	{ head -n "$(grep -n '^screenshot 09-staff' "$TOUR" | cut -d: -f1)" "$TOUR"
	  echo "tap staff-exit"; } >"$dir/staff-pages.replay"
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/staff-pages.replay" "$dir/staff-pages" \
		--dump-dir "$dir/staff-pages" --screenshot-dir "$dir/staff-pages"
	check "$size: the staff screen shows device, location, version, queue, oldest unsent, quarantined, last sync, last error, disk free and a location heading" \
		python3 - "$dir/staff-pages" <<'PY'
import glob, json, re, sys
labels = []
for p in glob.glob(sys.argv[1] + "/*.json"):
    if re.search(r"/(staff|staff-page-\d+|09-staff)\.json$", p):
        labels += [w["label"] for w in json.load(open(p))["widgets"]]
want = ["Device: kiosk-replay-01", "Location: Brook Ward", "Version: ",
        "Waiting to send: ", "Oldest unsent: ", "Held back (quarantined): ",
        "Last successful sync: ", "Last error: ", "Disk free: ",
        "Location: choose where this device is"]
miss = [w for w in want if not any(l.startswith(w) for l in labels)]
for m in miss:
    print("#   no '%s'" % m)
sys.exit(1 if miss else 0)
PY

	# ... in plain words: disk in GB, no program's name, no "300 seconds".
	check "$size: the staff screen gives disk free in GB and names no program" \
		python3 - "$dir/staff-pages" <<'PY'
import glob, json, re, sys
labels = []
for p in glob.glob(sys.argv[1] + "/*.json"):
    if re.search(r"/(staff|staff-page-\d+|09-staff)\.json$", p):
        labels += [w["label"] for w in json.load(open(p))["widgets"]]
bad = [l for l in labels if "syncd" in l or re.search(r"\b([6-9]\d|\d{3,}) seconds", l)]
bad += [l for l in labels if l.startswith("Disk free: ") and not re.search(r" GB$|unknown$", l)]
for b in bad:
    print("#   %r" % b)
sys.exit(1 if bad else 0)
PY

	# Out of order: the queue cannot be opened, so nobody is asked to
	# start (the sorry screen itself: tests/integration/kiosk_quick.sh).
	write_conf "$dir/sorry.conf" "/proc/fb-no-such-dir"
	mkdir -p "$dir/sorry-shots"
	printf '%s\n' "expect attract" "screenshot out-of-order" "tap $((W / 2)) $((H / 2))" \
		"expect attract" >"$dir/sorry.replay"
	kiosk_run "$size" "$dir/sorry.conf" "$dir/sorry.replay" "$dir/sorry" \
		--screenshot-dir "$dir/sorry-shots"
	check "$size: a queue that cannot take answers leaves the start screen out of order (exit $RC)" \
		test "$RC" = 0 -a -s "$dir/sorry-shots/out-of-order.png"
	check "$size: it says so" grep -q '"Sorry, this kiosk is out of order"' "$dir/sorry.json"
	sorry_fits() { pngs_sized "$dir/sorry-shots" "$W" "$H" && inside "$dir/sorry.json" "$W" "$H" attract; }
	check "$size: the out-of-order screen's PNGs are ${W}x${H} and its widgets inside" sorry_fits
done

# ---- switch access: Tab, Enter and Space only ----
# Built the way a switch user goes: on each page, Tab until the wanted
# button has the focus (counted from the layout dump, in reading order:
# rows top to bottom, then along the row), then Enter or Space.
dir=$FB_TMP/keys
mkdir -p "$dir/data"
write_conf "$dir/kiosk.conf" "$dir/data"
script=$dir/keys.replay
printf 'expect attract\nkey Return\nexpect language\n' >"$script"
# focus_steps DUMP FROM TO: Tabs from widget FROM ("" none yet, "-" the
# first, as on a new page) to widget TO.
focus_steps() {
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
order = sorted((w for w in d["widgets"] if w["target"] and w["role"] != "corner"
                and not w["disabled"]), key=lambda w: (w["y"], w["x"]))
ids = [w["id"] for w in order]
src, dst = sys.argv[2], sys.argv[3]
if dst not in ids:
    sys.exit("no %s to focus on the %s screen" % (dst, d["screen"]))
here = -1 if src == "" else 0 if src == "-" else ids.index(src)
print((ids.index(dst) - here) % len(ids))
PY
}
# step FROM TO KEY: appends the Tabs and the press, checking the page first.
step_n=0 keys_ok=1
step() {
	step_n=$((step_n + 1))
	kiosk_run 1280x800 "$dir/kiosk.conf" "$script" "$dir/step$step_n"
	local tabs
	if [ "$RC" != 0 ] || ! tabs=$(focus_steps "$dir/step$step_n.json" "$1" "$2"); then
		keys_ok=0
		return
	fi
	for ((i = 0; i < tabs; i++)); do echo "key Tab"; done >>"$script"
	echo "key $3" >>"$script"
}
step "" lang-en Return          # the first Tab shows the focus
step - answer-2 Space           # Good: on to the comment screen
step - next Return              # what was good: Tell us more (nothing typed)
step - next Space               # what could be better
step - next Return              # About you
step - next Space               # age
step - next Return              # gender
step - next Space               # ethnicity
step - next Return              # disability
step - option-no Space          # may we contact you? No
step option-no next Return      # Send
echo "expect thanks" >>"$script"
note "switch access: $(grep -c '^key Tab' "$script") Tabs, $(grep -c '^key \(Return\|Space\)' "$script") presses, no taps"
check "switch access: every page had the button to reach" test "$keys_ok" = 1
check "switch access: the replay has no taps or presses of the screen" \
	bash -c "! grep -qE '^(tap|press|type) ' '$script'"
kiosk_run 1280x800 "$dir/kiosk.conf" "$script" "$dir/keys"
check "switch access: Tab, Enter and Space complete a response (exit $RC)" test "$RC" = 0
Q=$dir/data/queue.db
q() { sqlite3 -batch -noheader "file:$Q?mode=ro" "$1" 2>/dev/null; }
check "switch access: the queue holds one response, rated Good (2), in English, contact declined" \
	test "$(q "SELECT count(*), min(fft), min(json_extract(body,'\$.language')), min(json_extract(body,'\$.answers.contact_opt_in')) FROM records")" = "1|2|en|no"

[ "$_tap_failed" = 0 ] && rm -rf "${FB_TMP:?}"/*
finish
