#!/usr/bin/env bash
# run-demo.sh DIR [kiosk options]: the whole product on this machine, from
# the demo set-up make-demo.sh wrote: the Trust's collector, the device's sync
# daemon, and the kiosk in front. Ctrl-C (or leaving the kiosk) stops all three.
set -uo pipefail
dir=${1:?usage: run-demo.sh DIR [kiosk options]}
shift
: "${FB_BIN:?FB_BIN must name the build directory}"
port=$(sed -n 's/^port *= *//p' "$dir/collector.conf")
logs="$dir/logs"
mkdir -p "$logs"

pids=()
stop() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap stop EXIT
trap 'exit 130' INT TERM

"$FB_BIN/feedback-collector" --config "$dir/collector.conf" >>"$logs/collector.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
	curl -s -o /dev/null --cacert "$dir/ca/ca.pem" "https://127.0.0.1:$port/login" && break
	sleep 0.1
done
"$FB_BIN/feedback-syncd" --config "$dir/kiosk.conf" >>"$logs/syncd.log" 2>&1 &
pids+=($!)
# The daemon fetches Willow Ward's config (its "You said, we did" items,
# published on the collector) at start: give it a moment, so the kiosk's
# first start screen has them (it would take them at its next look anyway).
for _ in $(seq 50); do
	[ -s "$dir/device/data/remote-config.json" ] && break
	sleep 0.1
done

cat <<MSG
Demo running.
  Results pages: https://127.0.0.1:$port/  (the CA to trust is $dir/ca/ca.pem)
  Demo login:    $(sed -n 's/^user: //p' "$dir/demo-login.txt") / $(sed -n 's/^password: //p' "$dir/demo-login.txt")
  Staff screen:  hold the top-left corner for 5 seconds, PIN 1234
  Logs:          $logs/
MSG

kiosk_args=("$@")
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${SDL_VIDEODRIVER:-}" ]; then
	echo "  No display here: the kiosk runs headless; each screen is saved in $dir/screens/"
	export SDL_VIDEODRIVER=offscreen    # the kiosk picks its renderer itself
	kiosk_args+=(--screenshot-dir "$dir/screens")
	mkdir -p "$dir/screens"
fi
echo "Press Ctrl-C to stop."
"$FB_BIN/feedback-kiosk" --config "$dir/kiosk.conf" "${kiosk_args[@]}"
