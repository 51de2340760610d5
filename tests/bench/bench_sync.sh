#!/usr/bin/env bash
# bench_sync: feedback-syncd pushing 100,000 queued responses to a local HTTPS
# collector (tests/helpers/fake_collector.py) in batches on one kept-alive
# connection, against sending each record in its own HTTPS request on a new
# connection (a sample of 2,000, extrapolated to 100,000: said so below).
# Targets: batched push of 100,000 in at most 20 s; at least 20x faster than
# one request per record. Then the SIGKILL test with its full 100 kills.
# FB_BENCH_N / FB_BENCH_SAMPLE change the counts.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"
trap 'cleanup; rm -rf "$FB_TMP"' EXIT

N=${FB_BENCH_N:-100000}
SAMPLE=${FB_BENCH_SAMPLE:-2000}
now() { date +%s.%N; }
secs() { python3 -c "import sys;print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }

sync_setup
t0=$(now); fill "$N" || { fail "queued $N"; finish; }; t1=$(now)
echo "fill: $N responses queued through lib/queue in $(secs "$t0" "$t1") s (not part of the figure)"
start_collector || { fail "collector started"; finish; }

t0=$(now)
"$SYNCD" --config "$CONF" --once 2>"$FB_TMP/once.log"
rc=$?
t1=$(now)
batched=$(secs "$t0" "$t1")
check "batched: --once should exit 0 with the queue empty" test "$rc" = 0
check "batched: every record at the collector exactly once" exactly_once
python3 - "$FB_TMP/once.log" <<'PY'
import datetime, statistics, sys
ts = []
for line in open(sys.argv[1]):
    if " batch of " in line:
        t = datetime.datetime.strptime(line.split()[0], "%Y-%m-%dT%H:%M:%S.%fZ")
        ts.append(t.timestamp() * 1000)
gaps = sorted(b - a for a, b in zip(ts, ts[1:]))
if gaps:
    p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))]
    print("batched: %d batches; per batch (request, reply, ack) median %.0f ms, p99 %.0f ms"
          % (len(ts), statistics.median(gaps), p99))
PY

fill "$SAMPLE" >/dev/null
single_line=$("$FB_BIN/tests/sync_single" "$CONF" "$SAMPLE" 2>&1)
check "single: every sampled record should be answered" test "$(q_count unsent)" = 0
single_ms=$(sed -n 's/^sent [0-9]* in \([0-9]*\) ms.*/\1/p' <<<"$single_line")
echo "single: $single_line"
python3 - "$N" "$batched" "$SAMPLE" "${single_ms:-0}" <<'PY'
import sys
n, batched, sample, single_ms = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
single = single_ms / 1000.0 * n / sample if sample else 0
ratio = single / batched if batched > 0 else 0
print("RESULT batched push of %d: %.2f s (target <= 20 s) %s" % (n, batched, "MET" if batched <= 20 else "MISSED"))
print("RESULT one request per record on a new connection: %.2f s for %d measured, "
      "extrapolated to %.1f s for %d" % (single_ms / 1000.0, sample, single, n))
print("RESULT ratio %.1fx (target >= 20x) %s" % (ratio, "MET" if ratio >= 20 else "MISSED"))
PY
cleanup
if [ "${FB_BENCH_KILL9:-1}" = 1 ]; then
	echo "kill -9: the full run (FB_FULL=1, 100 kills)"
	ktmp=$(mktemp -d /tmp/fb-bench-kill9.XXXXXX)
	FB_FULL=1 FB_TMP=$ktmp bash "$FB_SRC/tests/integration/sync_kill9.sh" | sed 's/^/  /'
	k=${PIPESTATUS[0]}
	rm -rf "$ktmp"
	check "kill -9 x100: every record exactly once" test "$k" = 0
fi
finish
