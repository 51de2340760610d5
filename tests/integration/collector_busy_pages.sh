#!/usr/bin/env bash
# collector_busy_pages: a ward manager's long download never keeps the
# tablets waiting. A real feedback-collector on one HTTP worker (the worst
# case), over TLS, holding 300,000 responses: while a signed-in person
# downloads the responses CSV, a tablet's heartbeat and push are answered
# at once, and the download still arrives whole.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
ROWS=300000
PW="correct horse battery"
coll_setup sqlite || { fail "test set-up (CA, config)"; finish; }
d=$COLL_DIR
sed -i 's/^threads = .*/threads = 1/' "$COLL_CONF"
grep -q '^threads = 1' "$COLL_CONF" || sed -i 's/^\[server\]$/[server]\nthreads = 1/' "$COLL_CONF"
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
tok=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
# A busy month of responses, straight into the store (as bench_collector_pages
# does), all a minute old; MONTH is theirs in the Trust's time.
MONTH=$(/usr/bin/python3 - "$d/collector.db" "$ROWS" <<'PY'
import datetime, sqlite3, sys, time, zoneinfo
db = sqlite3.connect(sys.argv[1]); n = int(sys.argv[2]); t = int(time.time() * 1000) - 60000
local = datetime.datetime.fromtimestamp(t / 1000, zoneinfo.ZoneInfo("Europe/London"))
month = local.year * 100 + local.month
db.execute("PRAGMA synchronous=OFF")
rows = (("%012x-7000-8000-%012x" % (t, i), "a" * 64, t, month, 1 + i % 6,
         '{"good":"Kind staff","better":"Long evenings"}' if i % 3 == 0 else None) for i in range(n))
db.executemany(
    "INSERT INTO responses (id, digest, device_id, location, survey_id, survey_version, language,"
    " mode, started_at_ms, submitted_at_ms, duration_ms, received_at_ms, corrected_submitted_at_ms,"
    " effective_at_ms, month, fft, flags, synthetic, answers, free_text, safeguarding, has_text)"
    " VALUES (?1, ?2, 'kiosk-1', 'WARD1', 'fft', 1, 'en', 'kiosk', ?3, ?3, 30000, ?3, NULL, ?3, ?4,"
    " ?5, 0, 0, '{}', ?6, 0, ?6 IS NOT NULL)", rows)
db.execute("INSERT INTO response_counts (location, month, fft, has_text, n) SELECT location, month,"
           " fft, has_text, count(*) FROM responses WHERE synthetic = 0 GROUP BY 1, 2, 3, 4")
db.commit()
print("%04d-%02d" % (local.year, local.month))
PY
)
check "the store should hold $ROWS responses" test "$(sqlite3 "$d/collector.db" 'SELECT count(*) FROM responses')" = "$ROWS"
coll_start || { fail "the collector should start"; finish; }
check "a ward manager should sign in" coll_sign_in wendy "$PW"

printf '{"protocol":"fb-sync/1","device_id":"kiosk-1","version":"0.1.0","device_time_ms":%s,"queue_depth":0,"oldest_unsent_age_s":0,"quarantined":0,"last_ack_ms":0,"last_error":"","disk_free_bytes":1000000}' \
	"$(date +%s000)" >"$d/hb.json"
"$FB_BIN/tests/collector_mkbatch" --public "$d/trust.pub" --device kiosk-1 --location WARD1 \
	--count 5 --fft 1 >"$d/batch.json"
# millis_of CMD...: how long CMD took, in ms
millis_of() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo "$(( (t1 - t0) / 1000000 ))"; }

t0=$(date +%s%N)
curl -s --max-time 300 --cacert "$COLL_CA" -b "$COLL_JAR" -o "$FB_TMP/responses.csv" \
	-w '%{http_code}' "$COLL_URL/export/responses.csv?month=$MONTH" >"$FB_TMP/download.status" &
dl=$!
sleep 0.5
hb_ms=$(millis_of coll_post /v1/heartbeat "$d/hb.json" "$tok" identity)
hb_status=$(coll_post /v1/heartbeat "$d/hb.json" "$tok" identity)
push_ms=$(millis_of coll_post /v1/responses "$d/batch.json" "$tok" gzip)
wait "$dl"
dl_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
note "download ${dl_ms} ms; heartbeat ${hb_ms} ms and push ${push_ms} ms while it ran"
check "the download should take long enough to matter (over 1.5 s, took ${dl_ms} ms)" test "$dl_ms" -gt 1500
check "the download should be answered 200" test "$(cat "$FB_TMP/download.status")" = 200
# (the download may or may not hold the 5 pushed while it was being made)
lines=$(/usr/bin/python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))))' "$FB_TMP/responses.csv")
check "the download should hold every response stored before it began ($lines lines)" \
	test "$lines" -ge "$((ROWS + 1))" -a "$lines" -le "$((ROWS + 6))"
check "a heartbeat during the download should be answered 200" test "$hb_status" = 200
check "the heartbeat should be answered within 1 s, not after the download (${hb_ms} ms)" test "$hb_ms" -lt 1000
check "the push should be answered within 1 s, not after the download (${push_ms} ms)" test "$push_ms" -lt 1000
check "the push's records should be stored" \
	test "$(sqlite3 "$d/collector.db" "SELECT count(*) FROM responses WHERE device_id = 'kiosk-1'")" = "$((ROWS + 5))"
coll_stop
check "the collector should stop cleanly with no sanitizer report" \
	bash -c "! grep -q 'Sanitizer' '$FB_TMP/collector.log'"
finish
