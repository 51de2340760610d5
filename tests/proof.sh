#!/usr/bin/env bash
# make proof: every fault the device and the collector must survive, at full
# strength, on the release build, with real processes. For each fault it
# prints what was submitted, what arrived, what was lost and what arrived
# twice; it fails unless lost and duplicated are 0 everywhere and every
# script passed. make test runs the same scripts at a few kills each.
#
#   kill -9 of the kiosk's writer (tests/helpers/queue_writer, the kiosk's
#   own fb_queue_put) mid-put 250 times, of the sync daemon mid-push 125
#   times, of the collector mid-push 125 times: 500 in all;
#   5xx, slow replies, a Wi-Fi login page, 401, cut connections, a server
#   killed mid-push (sync_faults); the network cut and restored through a
#   proxy (sync_proxy); the collector down for a 10,000 backlog
#   (sync_backlog); PostgreSQL crash-restarted mid-push 20 times
#   (collector_pg_restart); the collector's disk full (collector_disk_full);
#   the device's clock a year back, then a year forward, in the middle of a
#   4,000 backlog (sync_clock_jump: libfaketime in the running syncd and
#   writer; every record also at the time it was really given); a page of
#   the device's queue and of the collector's database overwritten
#   (corrupt_pages: the records on the destroyed page are counted and named,
#   the rest arrive; the collector refuses its damaged file);
#   the collector and the sync daemon ten minutes under valgrind with
#   traffic flowing (valgrind_daemons: 0 errors, no leak, each record once).
set -u
: "${FB_BIN:?}" "${FB_SRC:?}"
export FB_BIN FB_SRC
out=$(mktemp /tmp/fb-proof.XXXXXX)
trap 'rm -f "$out"' EXIT
logs=$FB_BIN/proof-logs
rm -rf "$logs"; mkdir -p "$logs"
failed=0
# run NAME [VAR=VALUE...]: one integration script through tests/run.sh.
run() {
	local name=$1; shift
	echo "== $name $*"
	env "$@" TESTS="$name" "$FB_SRC/tests/run.sh" >"$logs/$name.run" 2>&1
	local rc=$?
	# run.sh empties test-logs/ each time: keep each script's log here
	cp "$FB_BIN/test-logs/$name.log" "$logs/" 2>/dev/null
	grep -E '^(FAIL|ok) ' "$logs/$name.run"
	[ "$rc" = 0 ] || { failed=$((failed + 1)); grep -E '^ +(not ok|#)' "$logs/$name.run" | head -10; }
	grep -h '^# proof ' "$logs/$name.log" | sed 's/^# proof //' | tee -a "$out"
}
run queue_kill QUEUE_KILL_ROUNDS=${PROOF_WRITER_KILLS:-250}
run sync_kill9 FB_KILLS=${PROOF_SYNC_KILLS:-125}
run collector_kill9 FB_KILLS=${PROOF_COLLECTOR_KILLS:-125}
run sync_faults
run sync_proxy
run sync_backlog
run collector_pg_restart FB_CRASHES=${PROOF_PG_CRASHES:-20}
run collector_disk_full
run sync_clock_jump FB_CLOCK_RECORDS=${PROOF_CLOCK_RECORDS:-4000}
run corrupt_pages
run valgrind_daemons VALGRIND_SECONDS=${PROOF_VALGRIND_SECONDS:-600}

echo
echo "== proof: each fault, with what was lost and what arrived twice"
printf '%-46s %10s %10s %6s %11s\n' fault submitted arrived lost duplicated
python3 - "$out" <<'PY'
import re, sys
bad = 0
for line in open(sys.argv[1]):
    m = re.match(r"(.*): submitted (\d+), arrived (\d+), lost (\d+), duplicated (\d+)", line.strip())
    if not m:
        continue
    name, sub, arr, lost, dup = m.group(1), *map(int, m.groups()[1:])
    bad += lost + dup
    print("%-46s %10d %10d %6d %11d" % (name[:46], sub, arr, lost, dup))
print("lost and duplicated in all: %d" % bad)
sys.exit(1 if bad else 0)
PY
sums=$?
echo "$failed scripts failed (logs in $logs)"
[ "$failed" = 0 ] && [ "$sums" = 0 ]
