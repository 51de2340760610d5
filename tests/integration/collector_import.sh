#!/usr/bin/env bash
# collector_import: `feedback-collector import` keeps its memory flat whatever
# the bundle. A 6 KB gzip bundle that inflates to 2,000,000 empty records is
# refused by its record cap, naming the cap, with nothing stored and the peak
# memory (/usr/bin/time's maximum resident set) under a bound; a real bundle
# of several thousand records, exported by feedback-queue, is stored exactly
# once, read in bounded chunks, under the same bound; imported again it adds
# nothing.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
FILL=$FB_BIN/tests/sync_fill
N=12000          # records in the real bundle: many chunks of the import
RSS_MAX_KB=$((100 * 1024))
# The sanitizer build keeps freed memory in quarantine (256 MB by default),
# which would hide what the import itself holds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"

db_count() { python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$COLL_DIR/collector.db" "$1"; }
# peak_kb LOG: the maximum resident set /usr/bin/time -v wrote to LOG, in kB
peak_kb() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }

coll_setup sqlite || { fail "test set-up (CA, config)"; finish; }
d=$COLL_DIR
coll_cli keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add OAK "Oak Ward" --team oak >/dev/null
coll_cli device add --location OAK --id kiosk-oak --token-file "$d/oak.token" >/dev/null 2>&1

# The bomb: 2,000,000 empty records from an enrolled device, gzip'd.
python3 - "$FB_TMP/bomb.bundle" <<'PY'
import gzip, sys
n = 2000000
with gzip.open(sys.argv[1], "wb", 9) as f:
    f.write(b'{"protocol":"fb-bundle/1","device_id":"kiosk-oak","exported_at_ms":0,"records":[')
    f.write(b",".join([b"{}"] * n))
    f.write(b"]}")
PY
note "bomb: $(stat -c %s "$FB_TMP/bomb.bundle") bytes gzip'd"
/usr/bin/time -v "$COLL" --config "$COLL_CONF" import "$FB_TMP/bomb.bundle" \
	>"$FB_TMP/bomb.out" 2>"$FB_TMP/bomb.err"
rc=$?
peak=$(peak_kb "$FB_TMP/bomb.err")
note "bomb: rc $rc, peak ${peak:-?} kB"
check "import should refuse a bundle of 2,000,000 records, naming the cap" \
	bash -c "[ $rc != 0 ] && grep -q 'more than 100000 records' '$FB_TMP/bomb.err'"
stored=$(db_count 'SELECT count(*) FROM responses')
check "the refused bundle should store nothing ($stored stored) and write no receipt" \
	bash -c "[ '$stored' = 0 ] && [ ! -e '$FB_TMP/bomb.bundle.receipt.json' ]"
check "refusing it should take under $((RSS_MAX_KB / 1024)) MB (peak ${peak:-?} kB)" \
	test "${peak:-999999999}" -lt "$RSS_MAX_KB"

# A real bundle: N records queued on a tablet, exported by feedback-queue.
dev=$FB_TMP/device
mkdir -p "$dev/data"
echo '{}' >"$dev/survey.json"
pk=$(tr -d ' \n' <"$d/trust.pub")
cat >"$dev/kiosk.conf" <<CONF
[device]
id = kiosk-oak
location_code = OAK
data_dir = $dev/data
trust_public_key = $pk

[kiosk]
survey_file = $dev/survey.json

[sync]
collector_url = $COLL_URL
ca_file = $COLL_CA
token_file = $d/oak.token
CONF
"$FILL" "$dev/data/queue.db" "$N" --pk "$pk" --location OAK --real 1 >/dev/null
"$FB_BIN/feedback-queue" --config "$dev/kiosk.conf" export "$FB_TMP/usb.bundle" >"$FB_TMP/export.out" 2>&1
note "$(cat "$FB_TMP/export.out")"
/usr/bin/time -v "$COLL" --config "$COLL_CONF" import "$FB_TMP/usb.bundle" \
	>"$FB_TMP/import.out" 2>"$FB_TMP/import.err"
rc=$?
peak=$(peak_kb "$FB_TMP/import.err")
note "import: rc $rc, peak ${peak:-?} kB: $(cat "$FB_TMP/import.out")"
check "import should store every one of the $N records" \
	bash -c "[ $rc = 0 ] && grep -q ': $N stored, 0 duplicate, 0 conflict, 0 rejected' '$FB_TMP/import.out'"
rows=$(db_count 'SELECT count(*) FROM responses'):$(db_count 'SELECT count(DISTINCT id) FROM responses')
check "the database should hold each record exactly once (rows:ids $rows)" test "$rows" = "$N:$N"
check "the receipt should answer each record once, by id, in order" \
	python3 - "$FB_TMP/usb.bundle" "$FB_TMP/usb.bundle.receipt.json" <<'PY'
import gzip, json, sys
b = json.loads(gzip.open(sys.argv[1]).read())
r = json.load(open(sys.argv[2]))
ids = [x["id"] for x in b["records"]]
assert r["protocol"] == "fb-receipt/1" and r["device_id"] == "kiosk-oak", r.keys()
assert [x["id"] for x in r["results"]] == ids, len(r["results"])
assert all(x["outcome"] == "stored" for x in r["results"])
PY
check "importing $N records should take under $((RSS_MAX_KB / 1024)) MB (peak ${peak:-?} kB)" \
	test "$rc:${peak:-999999999}" = "0:$peak" -a "${peak:-999999999}" -lt "$RSS_MAX_KB"
coll_cli import "$FB_TMP/usb.bundle" >"$FB_TMP/again.out" 2>&1
rows=$(db_count 'SELECT count(*) FROM responses')
check "importing it again should add nothing ($rows rows)" \
	bash -c "grep -q ': 0 stored, $N duplicate' '$FB_TMP/again.out' && [ '$rows' = $N ]"
finish
