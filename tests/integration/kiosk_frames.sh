#!/usr/bin/env bash
# kiosk_frames: the idle start screen draws only what changed, and what it
# draws is what a whole frame would show. On the real feedback-kiosk
# (headless, software renderer, virtual clock) at 1280x800: the "You said,
# we did" card moves on every 8 s and only its part of the window is drawn
# again; each such frame, photographed, is byte for byte the PNG of the
# same moment drawn whole (after a resize there and back), also later in
# the day with the burn-in drift and dimming on. Screenshots in
# $FB_BIN/frames-shots/: look at them.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_AUDIODRIVER=dummy
kiosk_require
SHOTS=$FB_BIN/frames-shots
rm -rf "$SHOTS"
mkdir -p "$SHOTS"
cp "$FB_SRC/tests/data/yousaid-three.txt" "$FB_TMP/yousaid.txt"
mkdir -p "$FB_TMP/data"
kiosk_conf "$FB_TMP/k.conf" "$FB_TMP/data" "you_said_we_did=$FB_TMP/yousaid.txt"
cat >"$FB_TMP/frames.replay" <<'R'
expect attract
screenshot item1
wait 8000
screenshot item2-part
size 1279x800
size 1280x800
screenshot item2-whole
wait 400000
wait 8000
screenshot late-part
size 1279x800
size 1280x800
screenshot late-whole
R
kiosk_run 1280x800 "$FB_TMP/k.conf" "$FB_TMP/frames.replay" "$FB_TMP/frames" \
	--bench --screenshot-dir "$SHOTS"
check "the kiosk walked the idle start screen (exit $RC)" test "$RC" = 0
part=$(sed -n 's/^bench frames_presented=[0-9]* frames_part=//p' "$FB_TMP/frames.log")
check "new You said items were drawn in their card alone (${part:-no} frames drawn in part)" \
	test "${part:-0}" -ge 2
check "the card's next item is on screen (item 1 and item 2 differ)" \
	bash -c '! cmp -s "$1" "$2"' _ "$SHOTS/item1.png" "$SHOTS/item2-part.png"
check "a frame drawn in part is the frame drawn whole, pixel for pixel" \
	cmp -s "$SHOTS/item2-part.png" "$SHOTS/item2-whole.png"
check "so it is with the drift and dimming on, minutes later" \
	cmp -s "$SHOTS/late-part.png" "$SHOTS/late-whole.png"
check "the page drifted or dimmed in those minutes" \
	bash -c '! cmp -s "$1" "$2"' _ "$SHOTS/item2-whole.png" "$SHOTS/late-whole.png"
finish
