#!/usr/bin/env bash
# valgrind_daemons: the two daemons clean under valgrind (issue 12,
# Hardening). The release build's feedback-collector (TLS on 127.0.0.1,
# SQLite) and feedback-syncd each run under valgrind's memcheck for
# VALGRIND_SECONDS (60 in make test, 600 in make proof) while real traffic
# flows: records are added to the device's queue in waves (sync_fill, the
# kiosk's own fb_queue_put), the daemon pushes them, sends its heartbeats
# and asks for GET /v1/config after each push, is told to sync now
# (SIGUSR1) and to re-read its config (SIGHUP), and a signed-in person
# opens results pages. Then SIGTERM to both (bounded waits) and: each exits
# 0; for each, valgrind counts 0 errors and no definite or indirect leak,
# and no descriptor the daemon opened is left open at exit; every record
# queued arrived at the collector exactly once. Prints
# records pushed, run seconds and each daemon's peak RSS under valgrind.
# Suppressions: tests/valgrind.supp (third-party noise only, each named).
export FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"

RUN_S=${VALGRIND_SECONDS:-60}
PW="correct horse battery"
command -v valgrind >/dev/null || { fail "valgrind is installed (deploy/deps.sh)"; finish; }

# The daemons from a release build: valgrind cannot run a sanitizer build.
# make test's FB_BIN is build/san; make all has just built $FB_SRC/build.
REL=$FB_BIN
if ldd "$FB_BIN/feedback-collector" 2>/dev/null | grep -q libasan; then
	REL=${FB_RELEASE_BIN:-$FB_SRC/build}
fi
for b in feedback-collector feedback-syncd; do
	if [ ! -x "$REL/$b" ] || ldd "$REL/$b" | grep -q libasan; then
		fail "a release build of $b in $REL (make all)"
		finish
	fi
done
COLLECTOR_BIN=$REL/feedback-collector
SYNCD=$REL/feedback-syncd
COLL=$COLLECTOR_BIN
COLLECTOR_START_S=90
vg() { # vg NAME: valgrind's words before one daemon; its report in $FB_TMP/NAME.vg
	echo valgrind --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=yes \
		--num-callers=30 --suppressions="$FB_SRC/tests/valgrind.supp" \
		--log-file="$FB_TMP/$1.vg"
}
read -ra COLLECTOR_WRAP <<<"$(vg collector)"
read -ra SYNCD_WRAP <<<"$(vg syncd)"

sync_setup batch_max_records=20
COLL_CONF=$CCONF
COLL_CA=$TLS/ca/ca.pem
COLL_URL=https://127.0.0.1:$PORT
echo "$PW" | coll_cli user add ada --team ward7 >/dev/null 2>>"$FB_TMP/collector.log" ||
	{ fail "a ward user added"; finish; }

# peak KB: VmHWM of process $1 (valgrind and the program it runs are one).
peak_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
# stop_collector_term: SIGTERM, then up to 120 s for valgrind's leak check
# and exit; KILL after that. Sets COLL_RC.
stop_collector_term() {
	kill -TERM "$COLLECTOR_PID" 2>/dev/null
	local end=$((SECONDS + 120))
	while kill -0 "$COLLECTOR_PID" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.2; done
	kill -KILL "$COLLECTOR_PID" 2>/dev/null
	wait "$COLLECTOR_PID" 2>/dev/null
	COLL_RC=$?
	COLLECTOR_PID=
}
# vg_clean NAME: valgrind's report says 0 errors and no definite/indirect leak.
vg_clean() {
	grep -q 'ERROR SUMMARY: 0 errors' "$FB_TMP/$1.vg" &&
		! grep -qE '(definitely|indirectly) lost: [1-9]' "$FB_TMP/$1.vg"
}
# vg_no_fd_left NAME: every descriptor open at exit was inherited (the test's
# own, valgrind's log): the daemon closed every file and socket it opened.
vg_no_fd_left() {
	awk '/Open (file descriptor|AF_INET|AF_UNIX)/ { fd = $0; getline; if ($0 !~ /inherited from parent/) { print fd; bad = 1 } }
	     END { exit bad }' "$FB_TMP/$1.vg"
}
vg_summary() { grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|FILE DESCRIPTORS' "$FB_TMP/$1.vg" | sed "s/^==[0-9]*==/# $1:/"; }

start_collector || { fail "the collector should start under valgrind"; finish; }
ok "the release collector listens on 127.0.0.1:$PORT under valgrind"
start_syncd
check "the daemon should sign in to the collector under valgrind" wait_for 90 status_is state idle

pages=0 page_fail=0 waves=0
t0=$SECONDS
end=$((SECONDS + RUN_S))
coll_sign_in ada "$PW" || page_fail=$((page_fail + 1))
while [ $SECONDS -lt $end ]; do
	waves=$((waves + 1))
	# a wave of records: half synthetic, half real answers the pages count
	"$FILL" "$QUEUE" 7 --ids "$FB_TMP/ids.txt" --pk "$TRUST_PK" >/dev/null &&
		"$FILL" "$QUEUE" 8 --ids "$FB_TMP/ids.txt" --pk "$TRUST_PK" --real 1 >/dev/null ||
		note "sync_fill failed in wave $waves"
	[ $((waves % 3)) = 0 ] && kill -USR1 "$SYNCD_PID" 2>/dev/null
	[ $((waves % 10)) = 5 ] && kill -HUP "$SYNCD_PID" 2>/dev/null
	for p in /quality-board /location/ward-7 /team; do
		code=$(coll_web GET "$p")
		pages=$((pages + 1))
		[ "$code" = 200 ] || { page_fail=$((page_fail + 1)); note "GET $p: HTTP $code"; }
	done
	sleep 2
done
run_s=$((SECONDS - t0))
check "the queue should drain under valgrind" wait_for 120 queue_empty
check "results pages should answer a signed-in person ($pages requests, $page_fail not 200)" \
	test "$page_fail" = 0 -a "$pages" -gt 0
heartbeats=$(srv_heartbeats)
check "heartbeats should arrive during the run ($heartbeats)" test "$heartbeats" -ge 1 2>/dev/null
check "the daemon should have fetched GET /v1/config" \
	status_ge config_fetched_ms 1

coll_kb=$(peak_kb "$COLLECTOR_PID")
syncd_kb=$(peak_kb "$SYNCD_PID")
stop_syncd TERM
stop_collector_term
check "feedback-syncd should exit 0 on SIGTERM under valgrind (rc $SYNCD_RC)" test "$SYNCD_RC" = 0
check "feedback-collector should exit 0 on SIGTERM under valgrind (rc $COLL_RC)" test "$COLL_RC" = 0
vg_summary syncd
vg_summary collector
check "valgrind: feedback-syncd 0 errors, no definite or indirect leak" vg_clean syncd
check "valgrind: feedback-collector 0 errors, no definite or indirect leak" vg_clean collector
check "feedback-syncd should leave no descriptor of its own open at exit" vg_no_fd_left syncd
check "feedback-collector should leave no descriptor of its own open at exit" vg_no_fd_left collector
check "every record queued should arrive at the collector exactly once" exactly_once "valgrind, ${run_s} s"
pushed=$(_sql "$QUEUE" "SELECT COUNT(*) FROM records")
note "figures: records pushed $pushed in $waves waves, run $run_s s, results pages $pages," \
	"heartbeats $heartbeats, peak RSS under valgrind: collector ${coll_kb:-?} kB," \
	"syncd ${syncd_kb:-?} kB"
finish
