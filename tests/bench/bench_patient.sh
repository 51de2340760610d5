#!/usr/bin/env bash
# bench_patient: how long the quick path takes a person, through the real
# kiosk (headless, SDL offscreen, the replay's virtual clock), each figure
# beside its target:
#   rating only: the taps from the attract screen to the thank-you screen
#     (a language, a face, Send now), target <= 3;
#   rating plus a short comment ("Kind staff", typed key by key on the
#     on-screen keyboard, every key a tap): the virtual seconds from the
#     first tap to the response stored, target < 30 s.
# The person is a model, said here so the figures can be checked: 2 s to
# find and tap a language (or Start), 3 s to read the question and tap a
# face, 1 s a key (a slow typist), 2 s to find and tap Send now. The time
# is the response's own duration_ms, read back from the queue: the kiosk's
# clock from the first tap to the save, not a sum made here. Each runs at
# 1920x1080 and at 800x480; at both the start screen shows the languages
# (kiosk_fit checks it), so the first tap is the language itself.
set -u
: "${FB_BIN:?}" "${FB_SRC:?}"
KIOSK="$FB_BIN/feedback-kiosk"
TMP=$(mktemp -d /tmp/fb-bench-patient.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software
export SDL_FRAMEBUFFER_ACCELERATION=0 SDL_AUDIODRIVER=dummy
export FB_FONTS_LIST=${FB_FONTS_LIST:-$FB_SRC/assets/fonts.list}

if [ ! -x "$KIOSK" ]; then
	echo "bench_patient: no $KIOSK (build it first: make BUILD=... all)" >&2
	exit 1
fi
PK=$(python3 -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')

# run NAME SIZE: the kiosk over $TMP/NAME.replay at SIZE in a device of its
# own; prints "TAPS SECONDS" (taps in the replay, duration of the record).
run() {
	local name=$1 size=$2 d=$TMP/$1
	mkdir -p "$d/data"
	cat >"$d/kiosk.conf" <<EOF
[device]
id = kiosk-bench-patient
location_code = RXX01-OAK
location_name = Oak Ward
data_dir = $d/data
trust_public_key = $PK

[kiosk]
survey_file = $FB_SRC/config/surveys/fft.json
languages = en, ur, pl
EOF
	if ! timeout 120 "$KIOSK" --config "$d/kiosk.conf" --size "$size" \
		--replay "$TMP/$name.replay" >"$d/log" 2>&1; then
		echo "bench_patient: the $name replay failed at $size:" >&2
		grep -v '^bench' "$d/log" | tail -3 >&2
		return 1
	fi
	local ms
	ms=$(sqlite3 -batch -noheader "file:$d/data/queue.db?mode=ro" \
		"SELECT json_extract(body,'\$.duration_ms') FROM records" 2>/dev/null)
	[ -n "$ms" ] || { echo "bench_patient: nothing stored by $name at $size" >&2; return 1; }
	if [[ $name == comment-* ]] && [ "$(sqlite3 -batch -noheader "file:$d/data/queue.db?mode=ro" \
		"SELECT json_type(body,'\$.sealed') FROM records" 2>/dev/null)" = "" ]; then
		echo "bench_patient: the comment of $name at $size was not stored (nothing sealed)" >&2
		return 1
	fi
	echo "$(grep -c '^tap ' "$TMP/$name.replay") $(awk -v ms="$ms" 'BEGIN{printf "%.1f", ms / 1000}')"
}

# the first tap: straight from the start screen's languages (a replay
# fails, and the figure is not printed, if English is not among them)
first_taps() {
	printf 'expect attract\nwait 2000\ntap lang-en\n'
}

rc=0
for size in 1920x1080 800x480; do
	kind=large
	[ "$size" = 800x480 ] && kind=small
	{
		first_taps $kind
		printf 'wait 3000\ntap answer-2\nwait 2000\ntap send-now\nexpect thanks\n'
	} >"$TMP/rating-$kind.replay"
	{
		first_taps $kind
		printf 'wait 3000\ntap answer-2\n'
		for k in k i n d space s t a f f; do printf 'wait 1000\ntap key-%s\n' "$k"; done
		printf 'wait 2000\ntap send-now\nexpect thanks\n'
	} >"$TMP/comment-$kind.replay"

	if read -r taps secs < <(run "rating-$kind" "$size") && [ -n "${taps:-}" ]; then
		v=MISSED
		[ "$taps" -le 3 ] && v=MET
		[ "$v" = MET ] || rc=1
		echo "RESULT rating only at $size: $taps taps from the attract screen, $secs virtual s from the first tap (target <= 3 taps) $v"
	else
		rc=2
	fi
	if read -r taps secs < <(run "comment-$kind" "$size") && [ -n "${taps:-}" ]; then
		v=$(python3 -c "import sys; print('MET' if float(sys.argv[1]) < 30 else 'MISSED')" "$secs")
		[ "$v" = MET ] || rc=1
		echo "RESULT rating plus a short comment at $size: $taps taps (10 of them keys), $secs virtual s from the first tap (target < 30 s) $v"
	else
		rc=2
	fi
done
exit $rc
