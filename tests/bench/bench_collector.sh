#!/usr/bin/env bash
# bench_collector.sh: 50 simulated devices push to a real feedback-collector
# over TLS (SQLite, the default backend) at once; responses stored per second
# beside a bare SQLite insert of the same rows (the ceiling). Target: 20,000/s.
# BENCH_DEVICES / BENCH_BATCHES / BENCH_BATCH change the load.
set -u
: "${FB_BIN:?}" "${FB_SRC:?}"
FB_TMP=$(mktemp -d /tmp/fb-bench-coll.XXXXXX)
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; rm -rf "$FB_TMP"' EXIT
devices=${BENCH_DEVICES:-50} batches=${BENCH_BATCHES:-4} batch=${BENCH_BATCH:-500}

coll_setup sqlite || exit 1
d=$COLL_DIR
sed -i -e 's/^max_body_bytes = .*/max_body_bytes = 4194304/' \
	-e 's/^batch_max_records = .*/batch_max_records = 500/' \
	-e 's/^threads = .*/threads = 4/' -e 's/^connection_timeout_s = .*/connection_timeout_s = 30/' \
	-e 's/^request_time_limit_s = .*/request_time_limit_s = 60/' "$COLL_CONF"
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
: >"$d/tokens"
for i in $(seq 1 "$devices"); do
	echo "kiosk-$i $(coll_cli device add --location WARD1 --id "kiosk-$i" 2>/dev/null)" >>"$d/tokens"
done
coll_start || { echo "collector did not start"; cat "$FB_TMP/collector.log"; exit 1; }
out=$("$FB_BIN/tests/collector_loadgen" --url "$COLL_URL/v1/responses" --ca "$COLL_CA" \
	--tokens "$d/tokens" --public "$d/trust.pub" --batches "$batches" --batch "$batch" \
	--bare-db "$d/bare.db")
rc=$?
coll_stop
eval "$(echo "$out" | grep -E '^[a-z_0-9]+=[0-9.]+$')"
printf 'ingest over TLS, %s devices x %s batches x %s records (30%% with sealed text), SQLite:\n' \
	"$devices" "$batches" "$batch"
printf '  collector: %s responses/s (%s stored in %s s; batch p50 %s ms, p99 %s ms)  target >= 20000/s %s\n' \
	"${per_s:-0}" "${responses:-0}" "${seconds:-0}" "${batch_p50_ms:-0}" "${batch_p99_ms:-0}" \
	"$( [ "${per_s:-0}" -ge 20000 ] 2>/dev/null && echo MET || echo MISSED)"
printf '  bare SQLite insert of the same rows: %s rows/s; collector/bare = %s (target >= 0.50) %s\n' "${bare_per_s:-0}" \
	$(python3 -c "import sys; r = float(sys.argv[1]) / max(1.0, float(sys.argv[2])); print('%.2f %s' % (r, 'MET' if r >= 0.5 else 'MISSED'))" "${per_s:-0}" "${bare_per_s:-1}")
exit $rc
