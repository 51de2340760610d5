# Shared by integration scripts: TAP output, a scratch directory, bounded
# waits. Source it; then call ok/fail/check and finish at the end.
set -u
: "${FB_BIN:?}" "${FB_SRC:?}"
# The kiosk runs headless in tests. Without SDL_VIDEO_EGL_DRIVER=none SDL loads
# Mesa, whose start-up allocations LeakSanitizer cannot attribute.
export SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0 SDL_VIDEO_EGL_DRIVER=none
# Sound (read-aloud) through SDL's dummy driver unless a test picks another
# (kiosk_speech uses disk): the real ones would try PulseAudio and ALSA, whose
# unloaded libraries' allocations LeakSanitizer cannot attribute either.
export SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
FB_TMP=${FB_TMP:-$(mktemp -d /tmp/fb-test.XXXXXX)}
_tap_n=0 _tap_failed=0
_pids=()

ok()   { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
fail() { _tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1)); echo "not ok $_tap_n - $*"; }
# check "description" command...: ok when the command succeeds.
check() { local d=$1; shift; if "$@"; then ok "$d"; else fail "$d"; fi; }
note() { echo "# $*"; }

# Starts a command in the background and remembers it for cleanup.
spawn() { "$@" & _pids+=($!); }
cleanup() {
	local p
	for p in "${_pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap cleanup EXIT

# wait_for SECONDS command...: polls every 0.1 s, bounded.
wait_for() {
	local limit=$1; shift
	local end=$((SECONDS + limit))
	while [ $SECONDS -lt $end ]; do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# start_ready PIDVAR NAME LOG command...: starts a helper that creates a
# file once it serves (the --ready option, added here: $FB_TMP/NAME.ready),
# its stderr appended to LOG, and remembers it for cleanup. Sets PIDVAR to
# its pid; waits up to 10 s for it, else notes why and returns 1.
start_ready() {
	local pidvar=$1 name=$2 log=$3; shift 3
	rm -f "$FB_TMP/$name.ready"
	"$@" --ready "$FB_TMP/$name.ready" 2>>"$log" &
	printf -v "$pidvar" %s $!
	_pids+=($!)
	wait_for 10 test -e "$FB_TMP/$name.ready" ||
		{ note "$name did not start: $(tail -3 "$log")"; return 1; }
}

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }

finish() { [ "$_tap_failed" = 0 ]; exit $?; }
