#!/usr/bin/env bash
# kiosk_staff: the staff screen of the real feedback-kiosk, headless, with
# everything it can show: three locations it may speak for (from the
# config and enrolment), the Trust's opening hours, a long last error from
# the sending service, the Trust's config, the maintenance exit. At 800x480,
# 1280x800, 1920x1080 and 1080x1920, with and without A+, in every language
# the national survey offers (the patient's language before staff came):
# every page walked with More, each page's layout dump read by
# tests/helpers/kiosk_fit_check.py (nothing cut, nothing over anything
# else). The new lines are on screen ("Open: Mon–Fri ...", "Speaks for:
# ... (current)", "Closed now: ..." outside the hours); the staff screen is
# English and reads left to right in Urdu too (the same layout as in
# English); every staff action is on some page as a finger-sized button and
# does what it says when tapped there (800x480 A+ and 1920x1080).
# Screenshots of English, Urdu and Bengali in $FB_TMP/shots-LANG.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
CHECK=$FB_SRC/tests/helpers/kiosk_fit_check.py
FFT=$FB_SRC/config/surveys/fft.json
SIZES="800x480 1280x800 1920x1080 1080x1920"
OPEN_AT=2026-12-07T12:00:00Z       # Monday noon in London: open
CLOSED_AT=2026-12-07T20:00:00Z     # Monday 20:00: closed
KIOSK_WRAP=(env TZ=Europe/London)
kiosk_require
kiosk_pin_hash 1234

# Into the staff screen by its corner wherever the page puts it (the start
# corner: at the right for Arabic and Urdu), PIN 1234.
STAFF_IN=${REPLAY_STAFF_1234/press 20 20 6000/press staff-corner 6000}

LANGS=$(python3 -c 'import json,sys
print(" ".join(l["code"] for l in json.load(open(sys.argv[1]))["languages"]))' "$FFT")

# staff_conf FILE DATA_DIR LANG: the device, LANG first of the languages,
# and in DATA_DIR what feedback-syncd would have written: its status (a
# long error, the Trust's config fetched) and an enrolment for three wards.
staff_conf() {
	local others
	others=$(echo "$LANGS" | tr ' ' '\n' | grep -vx "$3" | paste -sd, -)
	mkdir -p "$2"
	kiosk_conf "$1" "$2" id=kiosk-staff-01 location_code=RXX01-BROOK "location_name=Brook Ward" \
		"locations=RXX01-BROOK=Brook Ward; RXX01-ASH=Ash Ward; RXX01-WIL=Willow Ward" \
		"languages=$3,$others" "staff_pin_hash=$PIN_HASH" allow_maintenance_exit=yes \
		"opening_hours=Mon-Fri 08:00-18:00; Sat 09:00-12:00"
	python3 - "$2/sync-status.json" <<'PY'
import json, sys
now = 1796644800000   # 2026-12-07 12:00 UTC
json.dump({"version": 1, "state": "backing_off", "authorised": True, "updated_ms": now,
           "last_attempt_ms": now - 60000, "last_success_ms": now - 3 * 3600000,
           "next_try_ms": now + 60000,
           "last_error": "could not reach the collector: Failed to connect to "
                         "feedback.example.nhs.uk port 443 after 30001 ms: Connection timed "
                         "out; the answers are safe on this tablet and go when the network "
                         "is back (check the ward's Wi-Fi)",
           "queue_depth": 12, "oldest_unsent_ms": now - 3 * 3600000, "quarantined": 0,
           "consecutive_failures": 4, "sent_total": 40, "stored_total": 40,
           "duplicate_total": 0, "quarantined_total": 0, "last_heartbeat_ms": now,
           "pid": 0, "config_state": "ok", "config_etag": "3f2a9c1e77",
           "config_fetched_ms": now - 300000, "config_error": ""}, open(sys.argv[1], "w"))
PY
	printf 'enrolled\n1796644000000\nBrook Ward, Ash Ward, Willow Ward\n' >"$2/enrol-result"
}

# pages SIZE APLUS: how many pages the staff screen has (English).
declare -A PAGES
for size in $SIZES; do
	for aplus in 0 1; do
		d=$FB_TMP/probe-$size-$aplus
		staff_conf "$d.conf" "$d.data" en
		{ echo "$STAFF_IN"; [ "$aplus" = 1 ] && echo "tap text-size"; echo "expect staff"; } \
			>"$d.replay"
		kiosk_run "$size" "$d.conf" "$d.replay" "$d" --layout-only --clock "$OPEN_AT"
		PAGES[$size-$aplus]=$(python3 -c 'import json,sys
d=[w for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]=="staff-pages"]
print(d[0]["value"] if d else 1)' "$d.json" 2>/dev/null || echo 0)
	done
done
note "pages: $(for k in "${!PAGES[@]}"; do printf '%s=%s ' "$k" "${PAGES[$k]}"; done)"
check "800x480 with A+ holds what does not fit on more pages (${PAGES[800x480-1]})" \
	test "${PAGES[800x480-1]}" -ge 2 -a "${PAGES[800x480-1]}" -le 8
check "1920x1080 holds the whole staff screen on one page, figures beside actions (${PAGES[1920x1080-0]})" \
	test "${PAGES[1920x1080-0]}" = 1

# walk_replay: every size, without and with A+, every page by More.
walk_replay() {
	local size aplus i
	for size in $SIZES; do
		for aplus in 0 1; do
			echo "size $size"
			echo "$STAFF_IN"
			[ "$aplus" = 1 ] && echo "tap text-size"
			for ((i = 1; i < PAGES[$size-$aplus]; i++)); do
				echo "tap staff-more"
				echo "expect staff"
			done
			echo "tap staff-close"
			echo "expect attract"
		done
	done
}

# fits DIR: the staff dumps in DIR checked; the problems (at most 30) noted.
fits() {
	local files
	shopt -s nullglob
	files=("$1"/*-staff.json "$1"/*-staff-page-*.json)
	shopt -u nullglob
	[ "${#files[@]}" -gt 0 ] || { note "no staff dumps in $1"; return 1; }
	python3 "$CHECK" "$FFT" "${files[@]}" >"$1.fit"
	local rc=$?
	tail -1 "$1.fit" | sed 's/^/# /'
	sed '$d' "$1.fit" | head -30 | sed 's/^/#   /'
	return $rc
}

# same_as_en DIR: each staff dump in DIR is the English one's layout.
same_as_en() {
	python3 - "$FB_TMP/walk-en" "$1" <<'PY'
import glob, json, os, re, sys
en, other = sys.argv[1], sys.argv[2]
STAFF = re.compile(r"-staff(-page-\d+)?\.json$")
def shape(p):
    d = json.load(open(p))
    # the free space may change by a GB between the runs
    return [(w["id"], re.sub(r"^Disk free: .*", "Disk free:", w["label"]), w["x"], w["y"],
             w["w"], w["h"]) for w in d["widgets"]]
bad = []
names = [os.path.basename(p) for p in glob.glob(os.path.join(en, "*-staff*.json"))
         if STAFF.search(p)]
for n in sorted(names):
    p = os.path.join(other, n)
    if not os.path.exists(p):
        bad.append("no %s" % n)
    elif shape(p) != shape(os.path.join(en, n)):
        bad.append("%s differs from English" % n)
for b in bad[:10]:
    print("#   " + b)
sys.exit(1 if bad or not names else 0)
PY
}

walk_replay >"$FB_TMP/walk.replay"
for lang in $LANGS; do
	dir=$FB_TMP/walk-$lang
	mkdir -p "$dir"
	staff_conf "$dir.conf" "$dir.data" "$lang"
	shots=(--layout-only)
	case $lang in en | ur | bn)
		mkdir -p "$FB_TMP/shots-$lang"
		shots=(--screenshot-dir "$FB_TMP/shots-$lang") ;;
	esac
	kiosk_run 1280x800 "$dir.conf" "$FB_TMP/walk.replay" "$dir" --dump-dir "$dir" \
		--clock "$OPEN_AT" "${shots[@]}"
	check "staff screen after a $lang start screen: every page walked at every size, with and without A+ (exit $RC)" \
		test "$RC" = 0
	check "staff screen after a $lang start screen: nothing cut or overlapping on any page at any size, with or without A+" \
		fits "$dir"
	if [ "$lang" != en ]; then
		check "staff screen after a $lang start screen: in English, left to right, the same as after an English one" \
			same_as_en "$dir"
	fi
done

# On screen, on some page of each size: the new lines and every figure.
check "every size: 'Open: Mon–Fri 08:00–18:00; Sat 09:00–12:00', 'Speaks for: Brook Ward (current), Ash Ward, Willow Ward' and every other figure are on a page" \
	python3 - "$FB_TMP/walk-en" $SIZES <<'PY'
import glob, json, os, re, sys
d, sizes = sys.argv[1], sys.argv[2:]
want = ["Open: Mon\u2013Fri 08:00\u201318:00; Sat 09:00\u201312:00",
        "Speaks for: Brook Ward (current), Ash Ward, Willow Ward",
        "Device: kiosk-staff-01", "Location: Brook Ward", "Version: ",
        "Waiting to send: ", "Oldest unsent: ", "Held back (quarantined): 0",
        "Last successful sync: 3 hours ago", "Disk free: ", "Trust config: ",
        "Enrolment: Enrolled for Brook Ward, Ash Ward, Willow Ward",
        "Last error: could not reach the collector", "Location: choose where this device is"]
bad = []
for s in sizes:
    for plus in ("", "-aplus"):
        labels = []
        for p in glob.glob(os.path.join(d, "%s%s-staff*.json" % (s, plus))):
            if not re.search(r"-staff(-page-\d+)?\.json$", p):
                continue
            labels += [w["label"] for w in json.load(open(p))["widgets"]]
        for w in want:
            if not any(l.startswith(w) for l in labels):
                bad.append("%s%s: no '%s'" % (s, plus, w))
        if any(l.startswith("Closed now") for l in labels):
            bad.append("%s%s: says closed at noon on a Monday" % (s, plus))
for b in bad[:20]:
    print("#   " + b)
sys.exit(1 if bad else 0)
PY

# Every action on some page, finger-sized (44 px and more), at every size.
ACTIONS="staff-sync staff-cleaning staff-enrol staff-assisted staff-location-RXX01-BROOK staff-location-RXX01-ASH staff-location-RXX01-WIL staff-exit staff-close text-size"
check "every size, with and without A+: every staff action is on a page as a button at least 44 px each way" \
	python3 - "$FB_TMP/walk-en" "$ACTIONS" $SIZES <<'PY'
import glob, json, os, re, sys
d, acts, sizes = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
bad = []
for s in sizes:
    for plus in ("", "-aplus"):
        seen = {}
        for p in glob.glob(os.path.join(d, "%s%s-staff*.json" % (s, plus))):
            if not re.search(r"-staff(-page-\d+)?\.json$", p):
                continue
            for w in json.load(open(p))["widgets"]:
                seen.setdefault(w["id"], w)
        for a in acts:
            w = seen.get(a)
            if not w:
                bad.append("%s%s: no %s" % (s, plus, a))
            elif not w["target"] or w["w"] < 44 or w["h"] < 44:
                bad.append("%s%s: %s is %dx%d" % (s, plus, a, w["w"], w["h"]))
for b in bad[:20]:
    print("#   " + b)
sys.exit(1 if bad else 0)
PY

# press_replay SIZE APLUS: each action tapped on its page (found in the
# walk's dumps), Back and More to get there, and what it did checked.
press_replay() {
	python3 - "$FB_TMP/walk-en" "$1" "$2" "$STAFF_IN" <<'PY'
import glob, json, os, re, sys
d, size, aplus, enter = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
plus = "-aplus" if aplus else ""
page_of = {}
for p in glob.glob(os.path.join(d, "%s%s-staff*.json" % (size, plus))):
    if not re.search(r"-staff(-page-\d+)?\.json$", p):
        continue
    m = re.search(r"-staff-page-(\d+)\.json$", p)
    pg = int(m.group(1)) - 1 if m else 0
    for w in json.load(open(p))["widgets"]:
        page_of.setdefault(w["id"], pg)
        if w["label"].startswith("Speaks for: "):
            page_of.setdefault("speaks-for", pg)
out = ["size " + size, enter] + (["tap text-size"] if aplus else [])
cur = 0
def go(a):
    global cur
    want = page_of[a]
    while cur < want:
        out.extend(["tap staff-more", "expect staff"]); cur += 1
    while cur > want:
        out.extend(["tap staff-back", "expect staff"]); cur -= 1
for a, after in (("staff-assisted", "screenshot press-assisted"),
                 ("staff-location-RXX01-ASH", None),
                 ("staff-sync", "screenshot press-sync")):
    go(a)
    out += ["tap " + a, "expect staff"]
    if after:
        out.append(after)
    else:
        go("speaks-for")     # where the figures say which location is in use
        out.append("screenshot press-location")
go("staff-enrol")
out += ["tap staff-enrol", "expect staff_enrol", "tap staff-enrol-back", "expect staff"]
go("staff-cleaning")
out += ["tap staff-cleaning", "expect cleaning", "wait 61000", "expect attract", enter]
cur = 0
if aplus:
    out.append("tap text-size")
go("staff-exit")
# the kiosk leaves at once: the replay's next line is never reached
out += ["tap staff-exit", "expect attract"]
print("\n".join(out))
PY
}

# label DUMP PREFIX: the first label in DUMP starting with PREFIX.
label() {
	python3 -c 'import json,sys
print(next((w["label"] for w in json.load(open(sys.argv[1]))["widgets"] if w["label"].startswith(sys.argv[2])), ""))' "$1" "$2" 2>/dev/null
}
for sa in 800x480:1 1920x1080:0; do
	size=${sa%:*} aplus=${sa#*:}
	dir=$FB_TMP/press-$size-$aplus
	mkdir -p "$dir"
	staff_conf "$dir.conf" "$dir.data" en
	if ! press_replay "$size" "$aplus" >"$dir.replay"; then
		fail "$size: a replay that presses every action"
		continue
	fi
	kiosk_run 1280x800 "$dir.conf" "$dir.replay" "$dir" --screenshot-dir "$dir" --dump-dir "$dir" \
		--clock "$OPEN_AT"
	pre=$size
	[ "$aplus" = 1 ] && pre="$size A+"
	check "$pre: Assisted, a location, Sync now, Enrol, Cleaning mode and Exit to maintenance each tapped on its page, and the kiosk left for maintenance (exit $RC)" \
		test "$RC" = 0
	check "$pre: Assisted says so on its page ('$(label "$dir/press-assisted.json" "the next response")')" \
		test "$(label "$dir/press-assisted.json" "the next response")" = "the next response will be marked assisted"
	check "$pre: after Ash Ward the figures say so ('$(label "$dir/press-location.json" "Speaks for")')" \
		test "$(label "$dir/press-location.json" "Speaks for")" = "Speaks for: Brook Ward, Ash Ward (current), Willow Ward"
	check "$pre: with the last action's words on the page, nothing is cut or overlapping" \
		python3 "$CHECK" "$FFT" "$dir"/press-*.json
	check "$pre: Sync now says what came of it ('$(label "$dir/press-sync.json" "the sending service")')" \
		test -n "$(label "$dir/press-sync.json" "the sending service")"
done

# Outside the hours: the figures say it is closed and what the screen does.
dir=$FB_TMP/closed
staff_conf "$dir.conf" "$dir.data" en
mkdir -p "$dir"
{ echo "expect blank"; echo "tap 400 240"; echo "expect attract"; echo "$STAFF_IN"
  for ((i = 1; i < PAGES[800x480-0]; i++)); do echo "tap staff-more"; echo "expect staff"; done
  echo "tap staff-close"; } >"$dir.replay"
kiosk_run 800x480 "$dir.conf" "$dir.replay" "$dir" --dump-dir "$dir" --layout-only --clock "$CLOSED_AT"
check "Monday 20:00: the staff screen says 'Closed now: the screen is blank until touched' and nothing is cut (exit $RC)" \
	bash -c "[ '$RC' = 0 ] && grep -lq '\"Closed now: the screen is blank until touched\"' '$dir'/staff*.json &&
		python3 '$CHECK' '$FFT' '$dir'/staff*.json >'$dir.fit'"

note "screenshots: $FB_TMP/shots-en, shots-ur, shots-bn (800x480-aplus-staff*.png, 1920x1080-staff.png, ...)"
finish
