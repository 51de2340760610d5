#!/usr/bin/env bash
# kiosk_quick: the quick path in the real feedback-kiosk, headless (SDL
# offscreen, software renderer). Rating only from the attract screen: a
# language, a face, Send now, and the response is in the queue (feedback-
# queue stats, and the record read back). Then, in English and Urdu at
# 800x480 and 1920x1080, the screens the quick path added or changed: the
# faces with a greyed Next that says why, the comment screen with Send now
# beside Tell us more, "Delete what you wrote?", About you with "Skip these
# questions", the thank-you screen. Last a real full disk (a tmpfs): filled
# while a person answers, Send now gives the sorry screen with the crisis
# card, and the attract screen after it is out of order and starts nothing;
# once space is freed it starts again. Screenshots land in
# $FB_BIN/quick-shots/: look at them.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

export SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software
export SDL_FRAMEBUFFER_ACCELERATION=0 SDL_AUDIODRIVER=dummy
MNT=$FB_TMP/full
WATCH_PID=
trap 'cleanup; [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null; umount "$MNT" 2>/dev/null' EXIT
trap 'exit 143' TERM INT

kiosk_require
SHOTS=$FB_BIN/quick-shots
rm -rf "$SHOTS"
mkdir -p "$SHOTS"

# label DUMP ID: the label of widget ID in a layout dump ("" none); ID a
# glob (crisis-body-*: the crisis card's lines, one a line).
label() {
	python3 -c 'import fnmatch,json,sys
w=[w for w in json.load(open(sys.argv[1]))["widgets"] if fnmatch.fnmatchcase(w["id"], sys.argv[2])]
print("\n".join(x["label"] for x in w))' "$1" "$2" 2>/dev/null
}
# q QUEUE SQL: one value from a queue file.
q() { sqlite3 -batch -noheader "file:$1?mode=ro" "$2" 2>/dev/null; }

# ---- 1. rating only: three taps --------------------------------------------
dir=$FB_TMP/three
mkdir -p "$dir/data"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=en, ur"
printf '%s\n' "expect attract" "$REPLAY_SEND_NOW" "expect thanks" >"$dir/script.replay"
TAPS=$(grep -c '^tap ' "$dir/script.replay")
kiosk_run 1920x1080 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run"
check "three taps: a language, a face and Send now reach the thank-you screen (exit $RC)" test "$RC" = 0
check "three taps: the replay has $TAPS taps from the attract screen" test "$TAPS" = 3
"$QTOOL" --config "$dir/kiosk.conf" stats >"$dir/stats.out" 2>&1
check "three taps: feedback-queue stats counts one response waiting to send" \
	grep -Eq '^waiting to send: +1$' "$dir/stats.out"
"$QTOOL" --config "$dir/kiosk.conf" list >"$dir/list.out" 2>&1
note "feedback-queue list: $(cat "$dir/list.out")"
check "three taps: feedback-queue list shows it: rated Good, in English, complete, no words" \
	grep -Eq '^[0-9a-f-]{36}  .*  fft 2 \(Good\)  en  [0-9.]+s  complete  no words$' "$dir/list.out"
check "three taps: the record is rated Good (2), in English, complete (not partial)" \
	test "$(q "$dir/data/queue.db" "SELECT count(*), min(fft), min(json_extract(body,'\$.language')), min(flags) FROM records")" = "1|2|en|0"

# ---- 2. the screens, in English and Urdu, small and large -------------------
for size in 800x480 1920x1080; do
	for lang in en ur; do
		dir=$FB_TMP/$size-$lang
		mkdir -p "$dir/data" "$dir/shots"
		kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=en, ur"
		cat >"$dir/script.replay" <<EOF
expect attract
tap start
tap lang-$lang
expect question
screenshot fft-next-why
tap answer-2
expect question
screenshot send-now
type Kind
tap next
type x
tap skip
expect confirm_delete
screenshot delete
tap delete-yes
expect question
screenshot about-you
tap skip-section
expect thanks
screenshot thanks
EOF
		kiosk_run "$size" "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" \
			--screenshot-dir "$dir/shots"
		check "$size $lang: faces, comment screen, delete question, About you, thanks (exit $RC)" test "$RC" = 0
		for s in fft-next-why send-now delete about-you thanks; do
			[ -s "$dir/shots/$s.png" ] && cp "$dir/shots/$s.png" "$SHOTS/$size-$lang-$s.png"
		done
		check "$size $lang: one response stored, with the comment sealed" \
			test "$(q "$dir/data/queue.db" "SELECT count(*), min(fft) FROM records")" = "1|2"
	done
done

# The words on the new buttons, from the dump of a run that stops on a screen.
dir=$FB_TMP/words
mkdir -p "$dir/data"
kiosk_conf "$dir/kiosk.conf" "$dir/data" "languages=en, ur"
printf 'tap start\ntap lang-ur\n' >"$dir/fft.replay"
kiosk_run 800x480 "$dir/kiosk.conf" "$dir/fft.replay" "$dir/fft"
check "ur: a greyed Next says why, in Urdu (\"$(label "$dir/fft.json" next-why)\")" \
	test "$(label "$dir/fft.json" next-why)" = "$(sed -n '/^msgctxt "choose_one"/,/^$/s/^msgstr "\(.*\)"$/\1/p' "$FB_SRC/po/ur.po")"
printf 'tap start\ntap lang-ur\ntap answer-1\n' >"$dir/comment.replay"
kiosk_run 800x480 "$dir/kiosk.conf" "$dir/comment.replay" "$dir/comment"
check "ur: the comment screen offers Send now (\"$(label "$dir/comment.json" send-now)\") beside Tell us more" \
	test "$(label "$dir/comment.json" send-now)" = "ابھی بھیجیں" -a "$(label "$dir/comment.json" next)" = "ہمیں مزید بتائیں"

# ---- 3. a full disk ---------------------------------------------------------
mkdir -p "$MNT"
if mount -t tmpfs -o size=1m tmpfs "$MNT" 2>"$FB_TMP/mount.err"; then
	dir=$FB_TMP/full-run
	mkdir -p "$dir/shots" "$MNT/data"
	kiosk_conf "$dir/kiosk.conf" "$MNT/data" "languages=en, ur"
	# The disk fills while the person answers: when the comment screen's
	# screenshot appears, a watcher fills the tmpfs (and nothing else: it
	# checks the mount, and writes at most 2 MiB); the replay sleeps (real
	# time) until it has, then taps Send now.
	printf '%s\n' "expect attract" "tap start" "tap lang-en" "tap answer-3" \
		"screenshot filling" "sleep 1500" "tap send-now" "expect sorry" \
		"screenshot sorry" >"$dir/script.replay"
	(
		for _ in $(seq 1 400); do
			[ -s "$dir/shots/filling.png" ] && break
			sleep 0.05
		done
		mountpoint -q "$MNT" || exit 1
		dd if=/dev/zero of="$MNT/ballast" bs=4k count=512 2>/dev/null
		touch "$dir/filled"
	) &
	WATCH_PID=$!
	kiosk_run 800x480 "$dir/kiosk.conf" "$dir/script.replay" "$dir/run" --screenshot-dir "$dir/shots"
	wait "$WATCH_PID" 2>/dev/null
	WATCH_PID=
	check "full disk: filled while answering, Send now shows the sorry screen (exit $RC)" \
		test "$RC" = 0 -a -e "$dir/filled"
	check "full disk: the sorry screen carries the crisis card (116 123)" \
		grep -q "116 123" <<<"$(label "$dir/run.json" 'crisis-body-*')"
	# The next person: the start screen says so before anyone starts.
	printf '%s\n' "expect attract" "screenshot out-of-order" "tap 400 300" "expect attract" \
		>"$dir/next.replay"
	kiosk_run 800x480 "$dir/kiosk.conf" "$dir/next.replay" "$dir/next" --screenshot-dir "$dir/shots"
	check "full disk: the next start screen starts nothing (exit $RC)" test "$RC" = 0
	for s in sorry out-of-order; do
		[ -s "$dir/shots/$s.png" ] && cp "$dir/shots/$s.png" "$SHOTS/800x480-en-full-$s.png"
	done
	check "full disk: the kiosk says why in its log" grep -q "out of order: storage full" "$dir/next.log"
	check "full disk: the attract screen says out of order" \
		test "$(label "$dir/next.json" title)" = "Sorry, this kiosk is out of order"
	check "full disk: it has no Start and no languages" \
		test -z "$(label "$dir/next.json" start)$(label "$dir/next.json" lang-en)"
	rm -f "$MNT/ballast"
	printf '%s\n' "expect attract" "tap start" "tap lang-en" "tap answer-1" "tap send-now" \
		"expect thanks" >"$dir/again.replay"
	kiosk_run 800x480 "$dir/kiosk.conf" "$dir/again.replay" "$dir/again"
	check "full disk: once space is freed the kiosk starts and stores again (exit $RC)" test "$RC" = 0
	check "full disk: the one that could not be saved is not there, the next is (one, rated 1)" \
		test "$(q "$MNT/data/queue.db" "SELECT count(*), min(fft) FROM records")" = "1|1"
	umount "$MNT" 2>/dev/null
else
	note "full disk: mount not permitted here ($(cat "$FB_TMP/mount.err")); skipped"
fi

[ "$_tap_failed" = 0 ] && rm -rf "${FB_TMP:?}"/*
finish
