#!/usr/bin/env bash
# kiosk_x11: the kiosk as shipped (no SDL_* variable set, full screen, the
# renderer it picks itself) on a real X server, Xvfb at 1920x1080, clicked
# with real X input: xdotool moves the pointer to screen coordinates (the
# window's position from xwininfo plus a widget's centre from the layout
# dump) and clicks, through a whole response: start, English, Very good,
# every other question skipped, the thank-you screen, Finish. Run twice: on
# a bare X server (no window manager, as an xinit-style kiosk is) and under
# matchbox-window-manager. Each time: the window covers the display, no GL
# or EGL library is loaded, the layout is for the window it got with every
# widget inside it, the clicks complete the response and the queue holds
# exactly it. On the bare server a resize from outside is laid out again,
# logged and clicked. Pictures of the whole X screen are left in
# $FB_BIN/kiosk-x11-shots/ to look at.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

# As shipped: lib.sh's headless settings are not the kiosk's; it picks its
# own path. Sound through the dummy driver (lib.sh says why).
unset SDL_VIDEODRIVER SDL_RENDER_DRIVER SDL_FRAMEBUFFER_ACCELERATION SDL_VIDEO_EGL_DRIVER
export SDL_AUDIODRIVER=dummy
SHOTS=$FB_BIN/kiosk-x11-shots
mkdir -p "$SHOTS"

kiosk_require
for tool in Xvfb xdotool xwininfo matchbox-window-manager; do
	if ! command -v "$tool" >/dev/null; then
		fail "$tool is installed (deploy/deps.sh installs it)"
		finish
	fi
done

XVFB_PID="" WM_PID="" KIOSK_PID=""
x11_stop() {
	local p
	for p in "$KIOSK_PID" "$WM_PID" "$XVFB_PID"; do
		[ -n "$p" ] || continue
		kill "$p" 2>/dev/null
		wait_for 5 bash -c "! kill -0 $p 2>/dev/null" || kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	KIOSK_PID="" WM_PID="" XVFB_PID=""
}
trap 'x11_stop; cleanup' EXIT

# x11_start DIR: Xvfb on a free display (it picks one and says which),
# 1920x1080, its framebuffer kept as DIR/Xvfb_screen0 (XWD) for the picture.
x11_start() {
	local dir=$1
	rm -f "$dir/display"
	Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp -fbdir "$dir" \
		3>"$dir/display" 2>"$dir/xvfb.log" &
	XVFB_PID=$!
	wait_for 10 test -s "$dir/display" || { note "Xvfb did not start: $(tail -3 "$dir/xvfb.log")"; return 1; }
	DISPLAY=:$(head -1 "$dir/display")
	export DISPLAY
}

# dump_get DUMP EXPR: a value from the layout dump, by a Python expression
# over d (the dump); fails while the dump is not there or half written.
dump_get() {
	python3 - "$@" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1]))
w = {x["id"]: x for x in d["widgets"]}
print(eval(sys.argv[2]))
PY
}

# Sets WX WY WW WH: the kiosk window's absolute position and size.
win_geometry() {
	local info
	info=$(xwininfo -name "Feedback kiosk" 2>/dev/null) || return 1
	WX=$(sed -n 's/^ *Absolute upper-left X: *//p' <<<"$info")
	WY=$(sed -n 's/^ *Absolute upper-left Y: *//p' <<<"$info")
	WW=$(sed -n 's/^ *Width: *//p' <<<"$info")
	WH=$(sed -n 's/^ *Height: *//p' <<<"$info")
	[ -n "$WX" ] && [ -n "$WW" ] && [ "$(sed -n 's/^ *Map State: *//p' <<<"$info")" = IsViewable ]
}

# dump_state DUMP: what a click must change: the screen and its widgets.
dump_state() { dump_get "$1" 'json.dumps([d["screen"], d["widgets"]], sort_keys=True)'; }
screen_is() { [ "$(dump_get "$1" 'd["screen"]')" = "$2" ]; }

# click DUMP ID: a real click at the screen position of widget ID's centre
# (the window's corner plus the widget's place in the layout), then waits
# up to 10 s for the screen to change. Fails, saying why, when the widget is
# not shown or nothing changed.
click() {
	local dump=$1 id=$2 before cx cy
	before=$(dump_state "$dump")
	if ! cx=$(dump_get "$dump" "w['$id']['x'] + w['$id']['w'] // 2") ||
		! cy=$(dump_get "$dump" "w['$id']['y'] + w['$id']['h'] // 2"); then
		note "no widget '$id' on the $(dump_get "$dump" 'd["screen"]') screen"
		return 1
	fi
	xdotool mousemove $((WX + cx)) $((WY + cy)) click 1 ||
		{ note "xdotool could not click at $((WX + cx)),$((WY + cy))"; return 1; }
	# shellcheck disable=SC2016 # expanded by the inner bash
	wait_for 10 bash -c '[ "$(dump_state "$0")" != "$1" ]' "$dump" "$before" ||
		{ note "clicking '$id' at $((WX + cx)),$((WY + cy)) changed nothing on the $(dump_get "$dump" 'd["screen"]') screen"; return 1; }
}
export -f dump_get dump_state
# click_to DUMP ID SCREEN: click ID, and the SCREEN screen shows.
click_to() { click "$1" "$2" && screen_is "$1" "$3"; }

# shot DIR NAME: the whole X screen (Xvfb's framebuffer, XWD) as
# $SHOTS/NAME.png, for a person to look at.
shot() {
	python3 - "$1/Xvfb_screen0" "$SHOTS/$2.png" <<'PY'
import struct, sys, zlib
raw = open(sys.argv[1], "rb").read()
hsize, = struct.unpack(">I", raw[:4])
(_, _, _, depth, w, h, _, _, _, _, _, bpp, bpl, _, _, _, _, _, _, ncolors,
 _, _, _, _, _) = struct.unpack(">25I", raw[:100])
off = hsize + ncolors * 12
rows = []
for y in range(h):
    line = raw[off + y * bpl: off + y * bpl + w * 4]
    px = bytearray(w * 3)          # 32 bpp, little-endian BGRX
    px[0::3], px[1::3], px[2::3] = line[2::4], line[1::4], line[0::4]
    rows.append(b"\0" + bytes(px))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
open(sys.argv[2], "wb").write(png)
PY
}

# run_case NAME WM: a whole response clicked through, on a bare X server
# (WM empty) or under the window manager WM.
run_case() {
	local name=$1 wm=$2 dir=$FB_TMP/$1
	mkdir -p "$dir/data"
	kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=en, pl, ro, pt, es, cy"
	x11_start "$dir" || { fail "$name: Xvfb starts"; return; }
	if [ -n "$wm" ]; then
		"$wm" >"$dir/wm.log" 2>&1 &
		WM_PID=$!
		sleep 1      # the manager takes the root window before the kiosk maps
	fi
	"$KIOSK" --config "$dir/kiosk.conf" --layout-dump "$dir/layout.json" \
		>"$dir/kiosk.log" 2>&1 &
	KIOSK_PID=$!
	local dump=$dir/layout.json
	if ! wait_for 20 win_geometry || ! wait_for 20 screen_is "$dump" attract; then
		fail "$name: the kiosk opens its window and shows the start screen"
		note "its last words: $(tail -3 "$dir/kiosk.log")"
		x11_stop
		return
	fi
	sleep 1      # a window manager's last move or resize, then the re-layout
	win_geometry
	local lw lh
	lw=$(dump_get "$dump" 'd["width"]') lh=$(dump_get "$dump" 'd["height"]')
	note "$name: window ${WW}x${WH} at $WX,$WY; layout for ${lw}x${lh}"
	check "$name: the full-screen window covers the 1920x1080 display" \
		test "$WX,$WY,$WW,$WH" = "0,0,1920,1080"
	check "$name: the layout is for the window the kiosk got (${WW}x${WH})" \
		test "$lw,$lh" = "$WW,$WH"
	local mesa
	mesa=$(awk '$6 ~ /libEGL|libGL|_dri\.so|libLLVM/ {n = split($6, p, "/"); print p[n]}' \
		"/proc/$KIOSK_PID/maps" | sort -u | tr '\n' ' ')
	check "$name: as shipped it draws with no GL or EGL loaded (the light path)${mesa:+ (loaded: $mesa)}" \
		test -z "$mesa"
	local outside
	outside=$(dump_get "$dump" "' '.join(x['id'] for x in d['widgets'] if x['x'] < 0 or x['y'] < 0 or x['x'] + x['w'] > $WW or x['y'] + x['h'] > $WH)")
	check "$name: every widget on the start screen lies inside the window${outside:+ (not: $outside)}" \
		test -z "$outside"

	local steps="start lang-en answer-1 next skip next skip skip skip skip skip finish"
	local id done=0 t0=$SECONDS
	for id in $steps; do
		click "$dump" "$id" || break
		done=$((done + 1))
		if [ "$id" = start ]; then
			shot "$dir" "$name-language"
		elif [ "$id" = skip ] && screen_is "$dump" thanks; then
			shot "$dir" "$name-thanks"
		fi
	done
	note "$name: $done clicks in $((SECONDS - t0)) s; the X screen is in $SHOTS/$name-*.png"
	check "$name: real clicks at screen positions go through a whole response, to Finish ($done of $(wc -w <<<"$steps") clicks)" \
		test "$done" = "$(wc -w <<<"$steps")"
	check "$name: Finish goes back to the start screen" wait_for 10 screen_is "$dump" attract
	local stats
	stats=$("$QTOOL" --config "$dir/kiosk.conf" stats 2>&1)
	check "$name: the queue holds exactly the one response clicked through" \
		grep -qE '^waiting to send: +1$' <<<"$stats"
	if [ -z "$wm" ]; then
		# With no window manager nothing holds the window full screen: a
		# resize from outside is followed, said in the log, and clicked.
		xdotool search --name "Feedback kiosk" windowsize 1280 800
		# shellcheck disable=SC2016 # expanded by the inner bash
		check "$name: the window resized to 1280x800 from outside is laid out again for 1280x800" \
			wait_for 10 bash -c '[ "$(dump_get "$0" "(d[\"width\"], d[\"height\"])")" = "(1280, 800)" ]' "$dump"
		check "$name: the log says full screen was not granted, with both sizes" \
			grep -q 'full screen not granted: the window is 1280x800 on a 1920x1080 display' "$dir/kiosk.log"
		win_geometry
		check "$name: a real click on Start in the smaller window opens the language screen" \
			click_to "$dump" start language
		shot "$dir" "$name-resized"
	fi
	kill -TERM "$KIOSK_PID" 2>/dev/null     # SDL makes it a quit
	wait_for 10 bash -c "! kill -0 $KIOSK_PID 2>/dev/null"
	wait "$KIOSK_PID"
	local rc=$?
	KIOSK_PID=""
	check "$name: the kiosk quits cleanly on SIGTERM (rc $rc)" test "$rc" = 0
	[ "$rc" = 0 ] || grep -v '^bench' "$dir/kiosk.log" | tail -8 | sed 's/^/#   /'
	x11_stop
}

run_case bare ""
run_case matchbox matchbox-window-manager
finish
