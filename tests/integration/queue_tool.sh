#!/usr/bin/env bash
# queue_tool: feedback-queue as a technician uses it at a device: generate test
# responses, read the stats, export a USB bundle (fb-bundle/1, gzip), apply the
# collector's receipt (fb-receipt/1) and see the queue change accordingly.
# The receipt is written here as the collector would write it.
. "$FB_SRC/tests/integration/lib.sh"

W=$FB_BIN/tests/queue_writer
F=$FB_BIN/feedback-queue
cd "$FB_TMP" || exit 1
PK=$("$W" keygen trust.pub trust.key) || { fail "keygen"; finish; }
mkdir -p data
sed -e "s|^trust_public_key.*|trust_public_key = $PK|" -e "s|^id = .*|id = kiosk-0042|" \
	"$FB_SRC/config/kiosk.conf.example" >kiosk.conf
# The example names files the tool never reads; they need not exist for it.

check "--version prints the version" bash -c "'$F' --version | grep -q '^feedback-queue [0-9]'"
check "--help lists the commands" bash -c "'$F' --help | grep -q 'import-receipt FILE'"
check "--check-config accepts a good config" "$F" --config kiosk.conf --check-config
check "generate refuses without --synthetic" bash -c "! '$F' --config kiosk.conf generate 3 2>err && grep -q 'add --synthetic' err"
check "generate 40 --synthetic stores 40" bash -c "'$F' --config kiosk.conf generate 40 --synthetic | grep -q 'stored 40 synthetic'"
"$F" --config kiosk.conf stats >stats1
check "stats shows 40 waiting, all synthetic, never acknowledged" \
	bash -c "grep -q 'waiting to send: *40' stats1 && grep -q 'synthetic (test) kept: *40' stats1 && grep -q 'last acknowledgement: *never' stats1"
check "stats says how old the oldest is in words" grep -q 'oldest waiting: *stored less than a minute ago' stats1

check "export writes a bundle" "$F" --config kiosk.conf export bundle.json.gz
cat >inspect.py <<'PY'
import gzip, json, sys
d = json.load(gzip.open(sys.argv[1]))
assert d["protocol"] == "fb-bundle/1", d["protocol"]
assert d["device_id"] == "kiosk-0042", d["device_id"]
recs = d["records"]
assert len(recs) == 40, len(recs)
assert all("synthetic" in r["flags"] for r in recs)
assert all(r["location"] == "RXX01-OAK" for r in recs)
ffts = {r["fft"] for r in recs}
assert len(ffts) >= 2, ffts
sealed = [r for r in recs if r["sealed"]]
assert sealed, "some comments should be sealed"
assert not any("Staff listened" in json.dumps(r) for r in recs), "comment in the clear"
ids = [r["id"] for r in recs]
assert ids == sorted(ids), "oldest first"
# the receipt, as feedback-collector import writes it: 30 stored, 5
# duplicate, 4 rejected, one unreadable (index only)
res = [{"id": i, "outcome": "stored"} for i in ids[:30]]
res += [{"id": i, "outcome": "duplicate"} for i in ids[30:35]]
res += [{"id": i, "outcome": "rejected", "reason": "record field 'fft': expected 0..6"} for i in ids[35:39]]
res += [{"index": 39, "outcome": "rejected", "reason": "unreadable"}]
json.dump({"protocol": "fb-receipt/1", "device_id": "kiosk-0042", "results": res},
          open(sys.argv[1] + ".receipt.json", "w"))
print("%d records, fft codes %s, %d sealed" % (len(recs), sorted(ffts), len(sealed)))
PY
out=$(python3 inspect.py bundle.json.gz 2>&1)
check "the bundle is fb-bundle/1 with every unsent record, comments sealed ($out)" test $? = 0
"$F" --config kiosk.conf import-receipt bundle.json.gz.receipt.json >receipt.out 2>&1
check "import-receipt acks 35, quarantines 4, skips the one without an id ($(cat receipt.out))" \
	grep -q '35 acknowledged, 4 quarantined, 1 entries skipped' receipt.out
"$F" --config kiosk.conf stats >stats2
check "stats now shows 1 waiting, 4 quarantined, 35 sent and a recent acknowledgement" \
	bash -c "grep -q 'waiting to send: *1\$' stats2 && grep -q 'quarantined: *4 ' stats2 && grep -q 'sent, kept until purge: *35' stats2 && grep -q 'last acknowledgement: *less than a minute ago' stats2"
check "quarantine lists the 4 with their reasons" \
	bash -c "'$F' --config kiosk.conf quarantine | grep -c \"rejected: record field 'fft'\" | grep -qx 4"
"$F" --config kiosk.conf import-receipt bundle.json.gz.receipt.json >/dev/null 2>&1
"$F" --config kiosk.conf stats >stats3
check "importing the same receipt twice changes nothing" \
	bash -c "grep -q 'waiting to send: *1\$' stats3 && grep -q 'sent, kept until purge: *35' stats3"
sed 's/kiosk-0042/kiosk-9999/' bundle.json.gz.receipt.json >other.receipt.json
check "a receipt for another device is refused, saying so" \
	bash -c "! '$F' --config kiosk.conf import-receipt other.receipt.json 2>err && grep -q \"for device 'kiosk-9999'\" err"
check "--queue and --public-key work without a config" \
	bash -c "'$F' --queue solo.db --public-key '$PK' generate 3 --synthetic >/dev/null && '$F' --queue solo.db stats | grep -q 'waiting to send: *3'"
finish
