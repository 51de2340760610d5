#!/usr/bin/env bash
# bench_load: a Trust's busy morning. 200 simulated devices push a batch of 10
# every 5 s and a heartbeat after every batch, to a real feedback-collector
# over TLS (SQLite), for BENCH_LOAD_S seconds (default 300), while 20 staff
# signed in through the real form load results pages and the responses CSV.
# A push that fails is sent again once after a second, as a device would.
# Targets: no errors at all; the collector's memory flat (RSS at the end
# within 20 MB of its RSS after the first 30 s); latency percentiles printed
# for pushes, heartbeats, pages and downloads. BENCH_LOAD_DEVICES and
# BENCH_LOAD_STAFF change the load.
set -u
: "${FB_BIN:?}" "${FB_SRC:?}"
FB_TMP=$(mktemp -d /tmp/fb-bench-load.XXXXXX)
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; rm -rf "$FB_TMP"' EXIT
secs=${BENCH_LOAD_S:-300} devices=${BENCH_LOAD_DEVICES:-200} staff=${BENCH_LOAD_STAFF:-20}
every_ms=5000 batches=$(( secs * 1000 / 5000 ))

coll_setup sqlite || exit 1
d=$COLL_DIR
sed -i -e 's/^threads = .*/threads = 4/' -e 's/^connection_timeout_s = .*/connection_timeout_s = 30/' \
	-e 's/^request_time_limit_s = .*/request_time_limit_s = 60/' "$COLL_CONF"
# every simulated device shares 127.0.0.1, as tablets behind one NAT address
# do: docs/collector.md says to set the per-address cap above their number
sed -i 's/^\[server\]$/[server]\nmax_connections_per_address = 1000/' "$COLL_CONF"
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
: >"$d/tokens" ; : >"$d/users"
for i in $(seq 1 "$devices"); do
	echo "kiosk-$i $(coll_cli device add --location WARD1 --id "kiosk-$i" 2>/dev/null)" >>"$d/tokens"
done
for i in $(seq 1 "$staff"); do
	pw="load-test-password-$i"
	echo "$pw" | coll_cli user add "staff$i" --team willow >/dev/null 2>&1
	echo "staff$i $pw" >>"$d/users"
done
coll_start || { echo "collector did not start"; cat "$FB_TMP/collector.log"; exit 1; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$COLL_PID/status" 2>/dev/null; }
echo "load: $devices devices (a batch of 10 every 5 s, a heartbeat after each) and $staff staff, for $secs s"
"$FB_BIN/tests/collector_loadgen" --url "$COLL_URL/v1/responses" --ca "$COLL_CA" \
	--tokens "$d/tokens" --public "$d/trust.pub" --batches "$batches" --batch 10 \
	--every-ms "$every_ms" --heartbeat-every 1 >"$FB_TMP/devices.out" 2>"$FB_TMP/devices.err" &
dev_pid=$!
/usr/bin/python3 "$FB_SRC/tests/helpers/staff_sessions.py" --url "$COLL_URL" --ca "$COLL_CA" \
	--users "$d/users" --seconds "$secs" >"$FB_TMP/staff.out" 2>"$FB_TMP/staff.err" &
staff_pid=$!
sleep 30
rss0=$(rss_kb)
wait "$dev_pid" "$staff_pid"
rss1=$(rss_kb)
coll_stop
in_db=$(sqlite3 "$d/collector.db" "SELECT count(*) FROM responses" 2>/dev/null)
want=$(( devices * batches * 10 ))
eval "$(grep -hE '^[a-z_0-9]+=[0-9.]+$' "$FB_TMP/devices.out" "$FB_TMP/staff.out")"
head -3 "$FB_TMP/devices.err" "$FB_TMP/staff.err" | grep -v '^==>' | grep . | sed 's/^/  error: /'
errs=$(( ${failed_batches:-1} + ${failed_heartbeats:-1} + ${staff_errors:-1} ))
verdict() { [ "$1" = 1 ] && echo MET || echo MISSED; }
echo "RESULT pushes: ${responses:-0} responses stored, batch p50 ${batch_p50_ms:-?} ms, p99 ${batch_p99_ms:-?} ms, ${more_tries:-?} sent a second time, ${failed_batches:-?} failed twice"
echo "RESULT heartbeats: ${heartbeats:-0}, p50 ${heartbeat_p50_ms:-?} ms, p99 ${heartbeat_p99_ms:-?} ms, ${failed_heartbeats:-?} failed"
echo "RESULT staff: ${staff_requests:-0} requests; pages p50 ${pages_p50_ms:-?} / p95 ${pages_p95_ms:-?} / p99 ${pages_p99_ms:-?} ms; CSV p50 ${downloads_p50_ms:-?} / p99 ${downloads_p99_ms:-?} ms; ${staff_errors:-?} errors"
echo "RESULT stored at the collector: ${in_db:-?} of the $want sent (target: all) $(verdict "$([ "${in_db:-0}" = "$want" ] && echo 1)")"
echo "RESULT errors under load: $errs (target 0) $(verdict "$([ "$errs" = 0 ] && echo 1)")"
grow=$(( (${rss1:-0} - ${rss0:-0}) / 1024 ))
echo "RESULT collector RSS: $(( ${rss0:-0} / 1024 )) MB after 30 s, $(( ${rss1:-0} / 1024 )) MB at the end, growth $grow MB (target <= 20 MB) $(verdict "$([ -n "$rss1" ] && [ "$grow" -le 20 ] && echo 1)")"
[ "$errs" = 0 ] && [ "${in_db:-0}" = "$want" ]
