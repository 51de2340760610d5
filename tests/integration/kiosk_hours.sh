#!/usr/bin/env bash
# kiosk_hours: opening hours on the real feedback-kiosk, on a virtual clock
# (--replay with --clock; TZ=Europe/London). Oak Ward is open Mon-Fri
# 08:00-18:00. From Monday 17:59 the start screen goes blank at 18:00 (a
# black frame, nothing drawn); a touch wakes the closed start screen ("We
# are closed. You can still tell us about your visit."); a person answers
# and the response is queued, with the virtual time; after them the screen
# goes blank, a woken screen goes blank again after the idle timeout, and
# at 08:00 on Tuesday the normal start screen is back. The Trust's
# opening_hours (remote-config.json) replace the local ones; a config
# without the key keeps them. Screenshots of the closed start screen at
# 800x480 with A+ in English and Urdu, and of blank, in $FB_BIN/hours-shots/:
# look at them.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy TZ=Europe/London
kiosk_require
SHOTS=$FB_BIN/hours-shots
rm -rf "$SHOTS"
mkdir -p "$SHOTS"
q() { sqlite3 -batch -noheader "file:$1?mode=ro" "$2" 2>/dev/null; }
# title DUMP: the title on a layout dump; count DUMP: its widgets.
title() { python3 -c 'import json,sys;print("".join(w["label"] for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]=="title"))' "$1"; }
count() { python3 -c 'import json,sys;print(len(json.load(open(sys.argv[1]))["widgets"]))' "$1"; }
# black PNG: every pixel of the shot is black.
black() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h, ct = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ct = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}[ct]
stride = w * bpp
prev = bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]
    row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1:
            row[i] = (row[i] + a) & 255
        elif f == 2:
            row[i] = (row[i] + b) & 255
        elif f == 3:
            row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if any(row[x * bpp + k] for x in range(w) for k in range(3)):
        sys.exit(1)
    prev = row
PY
}

# ---- 1. closing, waking, answering, blank again, opening ---------------------
dir=$FB_TMP/day
mkdir -p "$dir/data" "$dir/shots" "$dir/dumps"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=en, ur" "opening_hours=Mon-Fri 08:00-18:00"
cat >"$dir/script.replay" <<EOF2
expect attract
wait 61000
expect blank
screenshot blank
tap 400 240
expect attract
tap text-size
screenshot closed-en-aplus
tap text-size
$REPLAY_QUICK
expect thanks
wait 20000
expect blank
tap 400 240
expect attract
wait 59000
expect attract
wait 2000
expect blank
wait 51000000
expect attract
EOF2
kiosk_run 800x480 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" \
	--clock 2026-12-07T17:59:00Z --screenshot-dir "$dir/shots" --dump-dir "$dir/dumps"
check "Monday 18:00 blanks the start screen, a touch wakes the closed one, a person answers, it blanks after them and after idle, Tuesday 08:00 opens (exit $RC)" \
	test "$RC" = 0
check "the blank screen is all black" black "$dir/shots/blank.png"
check "the blank screen draws nothing: no widget on it" test "$(count "$dir/dumps/blank.json")" = 0
check "the woken start screen says 'We are closed' (it is '$(title "$dir/dumps/attract-closed.json")')" \
	test "$(title "$dir/dumps/attract-closed.json")" = "We are closed"
check "the closed start screen still offers Start" \
	grep -q '"id": *"start"' "$dir/dumps/attract-closed.json"
check "at opening time the normal start screen is back ('$(title "$dir/run.json")')" \
	test "$(title "$dir/run.json")" = "Tell us about your visit"
check "the response given while closed is queued: rated Very good, complete, sent at Monday 18:0x" \
	test "$(q "$dir/data/queue.db" "SELECT count(*), min(fft), min(flags), min(strftime('%Y-%m-%d %H', json_extract(body,'\$.submitted_at_ms')/1000, 'unixepoch')) FROM records")" = "1|1|0|2026-12-07 18"
cp "$dir/shots/blank.png" "$dir/shots/closed-en-aplus.png" "$SHOTS/" 2>/dev/null

# ---- 2. Urdu: the closed start screen in its own words, A+ -------------------
dir=$FB_TMP/ur
mkdir -p "$dir/data" "$dir/dumps"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=ur, en" "opening_hours=Mon-Fri 08:00-18:00"
printf '%s\n' "expect blank" "tap 400 240" "expect attract" "tap text-size" \
	"screenshot closed-ur-aplus" >"$dir/script.replay"
kiosk_run 800x480 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" \
	--clock 2026-12-07T21:00:00Z --screenshot-dir "$SHOTS" --dump-dir "$dir/dumps"
want=$(sed -n '/msgctxt "closed_title"/,/^$/s/^msgstr "\(.*\)"$/\1/p' "$FB_SRC/po/ur.po")
check "started at night in Urdu: blank, then 'We are closed' in Urdu ($want) (exit $RC)" \
	test "$RC" = 0 -a "$(title "$dir/dumps/closed-ur-aplus.json")" = "$want"

# ---- 3. the Trust's hours win over the tablet's; without the key ours stay --
# remote DIR KEYS_JSON: DIR/remote-config.json as feedback-syncd saves it.
remote() {
	python3 - "$1/remote-config.json" "$2" <<'PY'
import hashlib, json, sys
cfg = {"location": "RXX01-OAK"}
cfg.update(json.loads(sys.argv[2]))
t = json.dumps(cfg, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
etag = hashlib.blake2b(t.encode(), digest_size=16).hexdigest()
json.dump({"protocol": "fb-sync/1", "etag": etag, "config": cfg}, open(sys.argv[1], "w"))
PY
}
for case in "late|{\"opening_hours\": \"Mon-Sun 07:00-23:00\"}|attract" \
	    "unset|{\"idle_timeout_s\": 90}|blank"; do
	IFS='|' read -r name keys want <<<"$case"
	dir=$FB_TMP/remote-$name
	mkdir -p "$dir/data"
	kiosk_conf "$dir/kiosk.conf" "$dir/data" "opening_hours=Mon-Fri 08:00-18:00"
	remote "$dir/data" "$keys"
	printf '%s\n' "expect $want" >"$dir/script.replay"
	kiosk_run 800x480 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" --clock 2026-12-07T20:00:00Z
	check "the Trust's config $keys at Monday 20:00: the $want screen (exit $RC)" test "$RC" = 0
done
dir=$FB_TMP/remote-bad
mkdir -p "$dir/data"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "opening_hours=Mon-Fri 08:00-18:00"
remote "$dir/data" '{"opening_hours": "Mon-Sun 7-23"}'
printf '%s\n' "expect blank" >"$dir/script.replay"
kiosk_run 800x480 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" --clock 2026-12-07T20:00:00Z
check "the Trust's bad opening_hours are refused saying why, and the tablet's stay (exit $RC)" \
	grep -q "opening_hours.*'7-23' is not a time range" "$dir/run.log"

# ---- 4. blank draws nothing: an hour on blank presents no frame -------------
dir=$FB_TMP/idle
mkdir -p "$dir/data"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "opening_hours=Mon-Fri 08:00-18:00"
printf '%s\n' "expect blank" "wait 3600000" "expect blank" >"$dir/script.replay"
kiosk_run 800x480 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" --clock 2026-12-07T20:00:00Z --bench
frames=$(sed -n 's/^bench frames_presented=\([0-9]*\).*/\1/p' "$dir/run.log")
check "an hour on blank presents at most the first frames, not one a drift step ($frames frames)" \
	test -n "$frames" -a "${frames:-99}" -le 3

# ---- 5. --check-config names the line of bad hours ----------------------------
dir=$FB_TMP/check
mkdir -p "$dir/data"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "opening_hours=Mon-Fry 08:00-18:00"
line=$(grep -n '^opening_hours' "$dir/kiosk.conf" | cut -d: -f1)
"$KIOSK" --config "$dir/kiosk.conf" --check-config >"$dir/check.out" 2>&1
check "--check-config refuses 'Mon-Fry' naming line $line: $(head -1 "$dir/check.out")" \
	grep -q "kiosk.conf:$line: \[kiosk\] opening_hours: 'Fry' is not a day" "$dir/check.out"

note "screenshots: $SHOTS/blank.png, $SHOTS/closed-en-aplus.png, $SHOTS/closed-ur-aplus.png"
finish
