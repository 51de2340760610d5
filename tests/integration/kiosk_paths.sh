#!/usr/bin/env bash
# kiosk_paths: the real feedback-kiosk, headless (SDL offscreen, software
# renderer), driven by replay scripts over every path a patient or a member
# of staff takes: complete, skip everything, back out, walk away (partial
# kept, and discarded), a full disk, wrong PINs and the lock-out, cleaning
# mode, assisted mode with a changed location. After each, the queue file is
# read with sqlite3 to check what was stored, and nothing more.
# Each path runs in its own data directory so counts are exact. The replay
# clock is virtual: `wait 61000` takes no real time.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software
export SDL_FRAMEBUFFER_ACCELERATION=0 SDL_AUDIODRIVER=dummy
MNT=$FB_TMP/full
trap 'cleanup; umount "$MNT" 2>/dev/null' EXIT
trap 'exit 143' TERM INT        # so the EXIT trap unmounts on a timeout too

kiosk_require

PIN=2468
kiosk_pin_hash "$PIN"

# run_path NAME [PARTIAL] [PREFIX...] < script: runs the kiosk over the
# replay script read from stdin, in a device config of its own (PREFIX goes
# before the program); sets RC, DATA and Q for the checks.
run_path() {
	local name=$1 partial=${2:-keep}
	shift 2
	local dir=$FB_TMP/$name
	# shellcheck disable=SC2034 # read by kiosk_run
	local -a KIOSK_WRAP=("$@")
	DATA=${DATA_OVERRIDE:-$dir/data}
	Q=$DATA/queue.db
	mkdir -p "$dir" "$DATA"
	kiosk_conf "$dir/kiosk.conf" "$DATA" "locations=RXX01-OAK=Oak Ward; RXX01-ASH=Ash Ward" \
		"languages=en, pl, cy" "partial=$partial" "staff_pin_hash=$PIN_HASH" \
		allow_maintenance_exit=no "you_said_we_did=$FB_SRC/config/you-said-we-did.txt"
	cat >"$dir/script.replay"
	kiosk_run 1280x800 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run"
}

# q SQL: one value from the queue of the last path.
q() { sqlite3 -batch -noheader "file:$Q?mode=ro" "$1" 2>/dev/null; }
records() { local n; n=$(q "SELECT count(*) FROM records"); echo "${n:-0}"; }

# Where the staff corner is: asked of the layout, not assumed.
run_path probe keep <<'EOF'
expect attract
EOF
CORNER=$(python3 -c 'import json,sys
w=[w for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]=="staff-corner"][0]
print(w["x"]+w["w"]//2, w["y"]+w["h"]//2)' "$FB_TMP/probe/run.json" 2>/dev/null)
check "the attract screen has a staff corner (at ${CORNER:-nowhere})" test -n "$CORNER"
CORNER=${CORNER:-0 0}

WRONG='tap pin-1
tap pin-1
tap pin-1
tap pin-1
tap pin-ok'
RIGHT=$(for d in $(echo "$PIN" | grep -o .); do echo "tap pin-$d"; done; echo "tap pin-ok")

# ---- 1. complete, in English ----
run_path complete keep <<'EOF'
expect attract
tap start
expect language
tap lang-en
expect question
tap answer-2
expect question
type Kind staff, quiet room
tap next
tap skip
tap next
tap option-25-34
tap next
tap skip
tap skip
tap skip
tap option-no
tap next
expect thanks
tap finish
expect attract
EOF
check "complete: the replay ran to the end (exit $RC)" test "$RC" = 0
check "complete: one response stored" test "$(records)" = 1
check "complete: rated Good (2), flags none, mode kiosk, location Oak" \
	test "$(q "SELECT fft, flags, json_extract(body,'\$.mode'), json_extract(body,'\$.location'), json_extract(body,'\$.language') FROM records")" = "2|0|kiosk|RXX01-OAK|en"
check "complete: the age answer is in the clear" \
	test "$(q "SELECT json_extract(body,'\$.answers.age') FROM records")" = "25-34"
check "complete: the comment is sealed, never in the clear" \
	bash -c "! sqlite3 '$Q' 'SELECT body FROM records' | grep -q 'quiet room' && test -n \"\$(sqlite3 '$Q' \"SELECT json_extract(body,'\\\$.sealed') FROM records\")\""
check "complete: the layout dump is JSON" \
	python3 -c "import json,sys;json.load(open(sys.argv[1]))" "$FB_TMP/complete/run.json"

# ---- 2. skip everything, in Polish ----
run_path skip_all keep <<'EOF'
tap start
tap lang-pl
tap answer-6
tap next
tap skip
tap next
tap skip
tap skip
tap skip
tap skip
tap skip
expect thanks
EOF
check "skip everything: the replay ran to the end (exit $RC)" test "$RC" = 0
check "skip everything: stored with Don't know (6), in Polish, no answers, nothing sealed" \
	test "$(q "SELECT fft, json_extract(body,'\$.language'), json_extract(body,'\$.answers'), json_type(body,'\$.sealed') FROM records")" = "6|pl|{}|null"

# ---- 3. back out of the survey ----
run_path back keep <<'EOF'
tap start
tap lang-cy
tap answer-1
expect question
tap back
expect question
tap back
expect language
tap back
expect attract
EOF
check "back: the replay ran to the end (exit $RC)" test "$RC" = 0
check "back: leaving stores nothing" test "$(records)" = 0

# ---- 4. walk away: partial kept ----
run_path timeout_keep keep <<'EOF'
tap start
tap lang-en
tap answer-4
wait 59000
expect question
wait 2000
expect still_there
tap still-here
expect question
wait 61000
expect still_there
wait 21000
expect attract
EOF
check "walk away (keep): the replay ran to the end (exit $RC)" test "$RC" = 0
check "walk away (keep): one partial response (flag 1) rated Poor (4)" \
	test "$(q "SELECT count(*), fft, flags & 1 FROM records")" = "1|4|1"

# ---- 5. walk away: partial discarded ----
run_path timeout_discard discard <<'EOF'
tap start
tap lang-en
tap answer-5
wait 61000
expect still_there
wait 21000
expect attract
EOF
check "walk away (discard): the replay ran to the end (exit $RC)" test "$RC" = 0
check "walk away (discard): nothing stored" test "$(records)" = 0

# ---- 6. a full disk ----
QUICK=$REPLAY_QUICK
mkdir -p "$MNT"
if mount -t tmpfs -o size=256k tmpfs "$MNT" 2>"$FB_TMP/mount.err"; then
	note "disk full: a real full filesystem (tmpfs of 256 KiB)"
	LIMIT=()
else
	note "disk full: mount not permitted ($(cat "$FB_TMP/mount.err")); using RLIMIT_FSIZE"
	LIMIT=(bash -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' limit)
fi
DATA_OVERRIDE=$MNT/data run_path disk_full_first keep <<EOF
$QUICK
expect thanks
EOF
check "disk full: a first response is stored while there is room (exit $RC)" test "$RC" = 0
if [ ${#LIMIT[@]} = 0 ]; then
	dd if=/dev/zero of="$MNT/ballast" bs=4k 2>/dev/null
fi
if [ ${#LIMIT[@]} = 0 ]; then
	# The disk is full before anyone starts: the start screen says out of
	# order and a tap starts nothing (filled mid-answer, the sorry screen:
	# tests/integration/kiosk_quick.sh).
	DATA_OVERRIDE=$MNT/data run_path disk_full keep <<EOF
expect attract
tap 640 700
expect attract
press $CORNER 5500
$RIGHT
expect staff
EOF
	check "disk full: the start screen is out of order and starts nothing (exit $RC)" test "$RC" = 0
	check "disk full: the kiosk says why in its log" \
		grep -q "out of order: .*storage full" "$FB_TMP/disk_full/run.log"
else
	DATA_OVERRIDE=$MNT/data run_path disk_full keep "${LIMIT[@]}" <<EOF
$QUICK
expect sorry
wait 21000
expect attract
press $CORNER 5500
$RIGHT
expect staff
EOF
	check "disk full: the sorry screen showed and the kiosk went back to attract (exit $RC)" test "$RC" = 0
fi
check "disk full: the staff screen names the full disk as the last error" \
	grep -q "Last error: [^\"]*storage full" "$FB_TMP/disk_full/run.json"
rm -f "$MNT/ballast"
check "disk full: the earlier response is still there, whole" \
	test "$(q "SELECT count(*), fft FROM records")" = "1|1"
umount "$MNT" 2>/dev/null

# ---- 7. wrong PINs and the lock-out ----
run_path pin keep <<EOF
press $CORNER 3000
expect language
tap back
expect attract
press $CORNER 5500
expect staff_pin
$WRONG
expect staff_pin
$WRONG
$WRONG
$WRONG
$WRONG
expect staff_pin
wait 61000
expect attract
press $CORNER 5500
expect staff_pin
tap staff-close
expect attract
wait 240000
press $CORNER 5500
expect staff_pin
$RIGHT
expect staff
tap staff-close
expect attract
EOF
check "PIN: a short corner press is just a tap, five wrong PINs lock the pad, the right PIN works after five minutes (exit $RC)" test "$RC" = 0

# ---- 8. cleaning mode ----
run_path cleaning keep <<EOF
press $CORNER 5500
$RIGHT
expect staff
tap staff-cleaning
expect cleaning
tap 400 300
press $CORNER 5500
expect cleaning
wait 50000
expect cleaning
wait 5000
expect attract
EOF
check "cleaning: touches are ignored for a minute, then attract (exit $RC)" test "$RC" = 0
check "cleaning: nothing stored" test "$(records)" = 0

# ---- 9. assisted mode and a changed location ----
run_path assisted keep <<EOF
press $CORNER 5500
$RIGHT
expect staff
tap staff-location-RXX01-ASH
tap staff-assisted
tap staff-close
expect attract
$QUICK
expect thanks
tap finish
wait 20000
$QUICK
expect thanks
EOF
check "assisted: the replay ran to the end (exit $RC)" test "$RC" = 0
check "assisted: the first response is assisted, the next is not, both at Ash Ward" \
	test "$(q "SELECT group_concat(json_extract(body,'\$.mode') || '@' || json_extract(body,'\$.location'), ' ') FROM (SELECT body FROM records ORDER BY seq)")" = "assisted@RXX01-ASH kiosk@RXX01-ASH"

# ---- 10. two responses seconds apart: both kept, the second flagged ----
run_path rapid keep <<EOF
$QUICK
expect thanks
tap finish
$QUICK
expect thanks
EOF
check "rapid repeat: the replay ran to the end (exit $RC)" test "$RC" = 0
check "rapid repeat: both stored, only the second flagged rapid repeat (2)" \
	test "$(q "SELECT group_concat(flags & 2, ' ') FROM (SELECT flags FROM records ORDER BY seq)")" = "0 2"

# ---- 11. a replay that expects the wrong screen fails ----
run_path expect_fails keep <<'EOF'
tap start
expect thanks
EOF
check "a failed expect exits 1 (got $RC)" test "$RC" = 1

# Queues and configs of passing runs are of no more use; failures keep them.
umount "$MNT" 2>/dev/null
[ "$_tap_failed" = 0 ] && rm -rf "${FB_TMP:?}"/*
finish
