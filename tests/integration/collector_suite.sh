# collector_suite.sh: the collector's ingest and admin tests, run once per
# backend by collector_sqlite.sh and collector_pg.sh (source lib.sh,
# collector_lib.sh and this, then call coll_suite). Defines functions only.

coll_suite() {
	local d=$COLL_DIR tok pub

	# --- keys and config ---------------------------------------------------
	pub=$("$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" 2>/dev/null)
	check "keygen should print the public key as base64" \
		python3 -c 'import base64,sys; sys.exit(len(base64.b64decode(sys.argv[1])) != 32)' "$pub"
	check "keygen should write the secret key mode 0600" test "$(stat -c %a "$d/trust.key")" = 600
	check "keygen should refuse to overwrite a secret key" \
		bash -c "! '$COLL' keygen --public '$d/x.pub' --secret '$d/trust.key' 2>/dev/null"
	check "--check-config should accept the test config" coll_cli --check-config
	chmod 644 "$d/trust.key"
	check "--check-config should refuse a secret key readable by others, saying chmod 600" \
		bash -c "'$COLL' --config '$COLL_CONF' --check-config 2>&1 | grep -q 'chmod 600'"
	chmod 600 "$d/trust.key"
	sed 's/^threads = 2/thread = 2/' "$COLL_CONF" >"$d/bad.conf"
	check "--check-config should name the line of an unknown key" \
		bash -c "'$COLL' --config '$d/bad.conf' --check-config 2>&1 | grep -q 'bad.conf:6: unknown key'"
	# a long line inih would cut in two: a 300-byte pg_conninfo line
	sed "s|^\[database\]\$|[database]\npg_conninfo = host=db sslrootcert=$(printf 'x%.0s' $(seq 280))|" "$COLL_CONF" >"$d/long.conf"
	check "--check-config should refuse a line over 198 bytes, naming file and line" \
		bash -c "'$COLL' --config '$d/long.conf' --check-config 2>&1 |
			grep -q \"long.conf:$(grep -n '^pg_conninfo' "$d/long.conf" | cut -d: -f1): line is longer than 198 characters\""

	# --- admin --------------------------------------------------------------
	check "location add should add a ward" coll_cli location add WARD1 "Willow Ward" --team willow
	coll_cli location add WARD2 "Oak Ward" --team oak >/dev/null
	check "location add should refuse a duplicate code" bash -c "! '$COLL' --config '$COLL_CONF' location add WARD1 X --team t 2>/dev/null"
	check "device add should refuse an unknown location" \
		bash -c "! '$COLL' --config '$COLL_CONF' device add --location NOPE 2>/dev/null"
	tok=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
	check "device add should print a one-time token" test "${#tok}" -ge 40
	coll_cli device add --location WARD2 --id kiosk-2 --token-file "$d/kiosk-2.token" >/dev/null 2>&1
	check "device add --token-file should write the token mode 0600" test "$(stat -c %a "$d/kiosk-2.token")" = 600
	local tok2; tok2=$(cat "$d/kiosk-2.token")
	check "device add without --location should be refused, saying what to type" \
		bash -c "'$COLL' --config '$COLL_CONF' device add --id kiosk-8 2>&1 | grep -q 'device add --location CODE\[,CODE...\]'"
	check "device add should refuse a list with an unknown location, naming it and nothing enrolled" \
		bash -c "'$COLL' --config '$COLL_CONF' device add --location WARD1,NOPE --id kiosk-8 2>&1 | grep -q \"no location 'NOPE'\" &&
			! '$COLL' --config '$COLL_CONF' device locations kiosk-8 --location WARD1 2>/dev/null"
	check "device add should say which locations the device speaks for, by name" \
		bash -c "'$COLL' --config '$COLL_CONF' device add --location WARD1,WARD2 --id kiosk-8 2>&1 >/dev/null |
			grep -q \"enrolled device 'kiosk-8' for 2 locations: WARD1 (Willow Ward), WARD2 (Oak Ward)\""
	check "device locations should change what a device speaks for" \
		bash -c "'$COLL' --config '$COLL_CONF' device locations kiosk-8 --location WARD2 2>&1 >/dev/null |
			grep -q \"changed device 'kiosk-8' for 1 location: WARD2 (Oak Ward)\""

	coll_start || { fail "the collector should start"; return; }
	ok "the collector should start and answer over TLS"

	# --- TLS ------------------------------------------------------------------
	check "a client without the Trust CA should fail verification" \
		bash -c "! curl -s -o /dev/null '$COLL_URL/v1/heartbeat'"

	# --- slow clients ----------------------------------------------------------
	python3 - "$COLL_PORT" >"$d/slow.out" 2>&1 <<'PY' &
import socket, sys, time
socks = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(8)]
for s in socks:
    s.sendall(b"\x16\x03\x01")   # the start of a TLS hello, then nothing more
    s.settimeout(10)
def was_closed(s):
    try:
        while s.recv(100):   # a TLS alert may come first
            pass
        return True
    except socket.timeout:
        return False
    except OSError:          # reset by the server
        return True
t0 = time.time()
closed = sum(was_closed(s) for s in socks)
print("closed", closed, "in", round(time.time() - t0, 1))
sys.exit(0 if closed == len(socks) else 1)
PY
	local slow=$!
	sleep 0.5
	check "a request should be served while stalled connections are open" \
		curl -s -o /dev/null --max-time 3 --cacert "$COLL_CA" "$COLL_URL/v1/heartbeat"
	check "stalled connections should be closed after connection_timeout_s" wait "$slow"

	# --- push -----------------------------------------------------------------
	"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 10 \
		--fft 1,2,2,3,4,5,6,1,1,0 --text "staff were kind" >"$d/b1.json"
	local st; st=$(coll_post /v1/responses "$d/b1.json" "$tok" gzip)
	check "a gzip'd batch of 10 should be answered 200" test "$st" = 200
	check "the reply should carry the protocol header and JSON marker" coll_has_marker
	check "every record should be answered stored" test "$(coll_outcomes | sort | uniq -c | xargs)" = "10 stored"
	check "10 responses should be stored" test "$(coll_count)" = 10

	st=$(coll_post /v1/responses "$d/b1.json" "$tok" gzip)
	check "a replayed batch should be answered duplicate for every record" \
		test "$st:$(coll_outcomes | sort | uniq -c | xargs)" = "200:10 duplicate"
	check "a replayed batch should store nothing new" test "$(coll_count)" = 10

	python3 - "$d/b1.json" "$d/b1c.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["records"] = b["records"][:2]
b["records"][0]["fft"] = 5 if b["records"][0]["fft"] != 5 else 4
b["records"][1]["fft"] = "bad"
json.dump(b, open(sys.argv[2], "w"))
PY
	coll_post /v1/responses "$d/b1c.json" "$tok" identity >/dev/null
	check "same id with different content should be answered conflict, a bad field rejected" \
		test "$(coll_outcomes | xargs)" = "conflict rejected"
	check "the rejection should name the field" grep -q "record field 'fft'" "$COLL_OUT"
	check "a conflict should store nothing" test "$(coll_count)" = 10

	"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 3 \
		--text "I want to kill myself" >"$d/sg.json"
	coll_post /v1/responses "$d/sg.json" "$tok" gzip >/dev/null
	coll_cli export --format responses --out "$d/all.csv" 2>/dev/null
	check "records with a listed phrase should be flagged for safeguarding, others not" \
		python3 -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))
f=[r for r in rows if r["Safeguarding"]=="yes"]
sys.exit(not (len(rows)==13 and len(f)==3 and "kill myself" in f[0]["good"]))' "$d/all.csv"
	check "the sealed free text should be opened and stored" grep -q "staff were kind" "$d/all.csv"

	# --- refusals: nothing stored -------------------------------------------
	"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 2 >"$d/b2.json"
	st=$(coll_post /v1/responses "$d/b2.json" "" gzip)
	check "a request without a token should be refused 401" test "$st" = 401
	check "the 401 should carry the protocol header and JSON marker" coll_has_marker
	st=$(coll_post /v1/responses "$d/b2.json" "not-a-real-token" gzip)
	check "a request with an unknown token should be refused 401" test "$st" = 401
	st=$(coll_post /v1/responses "$d/b2.json" "$tok2" gzip)
	check "a token of another device should be refused 403 (device id mismatch)" test "$st" = 403
	printf 'this is not gzip' >"$d/notgz"
	st=$(curl -s --cacert "$COLL_CA" -o "$COLL_OUT" -w '%{http_code}' -H "Authorization: Bearer $tok" \
		-H 'Content-Encoding: gzip' --data-binary "@$d/notgz" "$COLL_URL/v1/responses")
	check "a body that is not gzip should be refused 400 with the marker" \
		bash -c "test '$st' = 400 && grep -q fb-sync/1 '$COLL_OUT'"
	printf '{"protocol": "fb-sync/1", "records": [' >"$d/notjson"
	st=$(coll_post /v1/responses "$d/notjson" "$tok" gzip)
	check "a body that is not JSON should be refused 400" test "$st" = 400
	head -c 200000 /dev/zero | tr '\0' 'a' >"$d/big"
	# Expect: 100-continue lets the collector refuse before the body is sent
	st=$(coll_post /v1/responses "$d/big" "$tok" identity -H "Expect: 100-continue")
	check "a body over max_body_bytes should be refused 413" test "$st" = 413
	python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.compress(b"{" + b" "*5000000 + b"}"))' >"$d/bomb.gz"
	st=$(curl -s --cacert "$COLL_CA" -o "$COLL_OUT" -w '%{http_code}' -H "Authorization: Bearer $tok" \
		-H 'Content-Encoding: gzip' --data-binary "@$d/bomb.gz" "$COLL_URL/v1/responses")
	check "a small gzip body that inflates past the cap should be refused 413" test "$st" = 413
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 51 >"$d/b51.json"
	st=$(coll_post /v1/responses "$d/b51.json" "$tok" gzip)
	check "more records than batch_max_records should be refused 413" test "$st" = 413
	check "none of the refused requests should have stored anything" test "$(coll_count)" = 13

	# --- heartbeat and clocks -----------------------------------------------
	printf '{"protocol":"fb-sync/1","device_id":"kiosk-1","version":"0.1.0","device_time_ms":%s,"queue_depth":12,"oldest_unsent_age_s":340,"quarantined":0,"last_ack_ms":0,"last_error":"","disk_free_bytes":1}' \
		"$(date +%s000)" >"$d/hb.json"
	st=$(coll_post /v1/heartbeat "$d/hb.json" "$tok" gzip)
	check "a heartbeat should be answered 200 with the marker" bash -c "test '$st' = 200 && grep -q server_time_ms '$COLL_OUT'"

	"$MKBATCH" --device kiosk-1 --location WARD1 --count 1 --device-time 3600000 \
		--submitted 3000000 --age 60000 >"$d/clock.json"
	coll_post /v1/responses "$d/clock.json" "$tok" gzip >/dev/null
	coll_cli export --format responses --out "$d/all.csv" 2>/dev/null
	check "a record from a device whose clock reads 1970 should get a corrected time near now" \
		python3 -c 'import csv,sys,datetime,zoneinfo
uk=zoneinfo.ZoneInfo("Europe/London")
rows=[r for r in csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")) if r["Device Clock (Europe/London)"].startswith("1970")]
t=datetime.datetime.strptime(rows[0]["Submitted (Europe/London)"],"%Y-%m-%d %H:%M:%S").replace(tzinfo=uk)
sys.exit(not (len(rows)==1 and abs((datetime.datetime.now(uk)-t).total_seconds()-60) < 120))' "$d/all.csv"

	# --- revocation -----------------------------------------------------------
	coll_cli device revoke kiosk-2 >/dev/null
	"$MKBATCH" --device kiosk-2 --location WARD2 --count 1 >"$d/k2.json"
	st=$(coll_post /v1/responses "$d/k2.json" "$tok2" gzip)
	check "a revoked device should be refused 403" test "$st" = 403

	# --- import ----------------------------------------------------------------
	"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 4 --fft 2 \
		--text "nice garden" --bundle | gzip -c >"$d/usb.bundle"
	check "import should store a bundle" coll_cli import "$d/usb.bundle"
	check "import should write a receipt saying stored for each record" \
		python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
sys.exit(not (r["protocol"]=="fb-receipt/1" and [x["outcome"] for x in r["results"]]==["stored"]*4))' "$d/usb.bundle.receipt.json"
	coll_cli import "$d/usb.bundle" >/dev/null
	check "importing the same bundle twice should add nothing" \
		bash -c "test \"\$(python3 -c 'import json,sys; print(sorted(set(x[\"outcome\"] for x in json.load(open(sys.argv[1]))[\"results\"])))' '$d/usb.bundle.receipt.json')\" = \"['duplicate']\""
	check "18 responses should be stored in all" test "$(coll_count)" = 18
	"$MKBATCH" --device kiosk-stolen --location WARD1 --count 3 --bundle | gzip -c >"$d/stolen.bundle"
	check "import should refuse a bundle from a device that is not enrolled, saying so" \
		bash -c "! '$COLL' --config '$COLL_CONF' import '$d/stolen.bundle' 2>'$d/stolen.err' &&
			grep -q \"device 'kiosk-stolen', which is not enrolled; nothing was imported\" '$d/stolen.err'"
	check "a refused bundle should store nothing and get no receipt" \
		test "$(coll_count):$(ls "$d/stolen.bundle.receipt.json" 2>/dev/null)" = 18:
	"$MKBATCH" --device kiosk-1 --location WARD2 --count 2 --bundle | gzip -c >"$d/oak.bundle"
	coll_cli import "$d/oak.bundle" >/dev/null 2>&1
	check "import should reject each record for a location the device is not enrolled for" \
		python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))["results"]
sys.exit(not ([x["outcome"] for x in r]==["rejected"]*2 and
	all(x["reason"]=="this device is not enrolled for location WARD2" for x in r)))' "$d/oak.bundle.receipt.json"
	check "the rejected records should not be stored" test "$(coll_count)" = 18

	# synthetic records are stored apart and never counted
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 5 --synthetic >"$d/syn.json"
	coll_post /v1/responses "$d/syn.json" "$tok" gzip >/dev/null
	check "synthetic records should be accepted as stored" test "$(coll_outcomes | sort -u)" = stored
	check "the count should not include synthetic records" test "$(coll_count)" = 18

	# --- FFT monthly files: the return and the published one ------------------
	coll_cli export --format fft-submission --out "$d/fft.csv" 2>/dev/null
	coll_cli export --format fft-published --out "$d/fft-pub.csv" 2>/dev/null
	check "the FFT return should be UTF-8 with a BOM" bash -c "head -c 3 '$d/fft.csv' | od -An -tx1 | grep -q 'ef bb bf'"
	check "the FFT return should carry NHS England's collection columns and the real counts" \
		python3 - "$d/fft.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
w = [r for r in rows if r["Location Code"] == "WARD1"][0]
# WARD1: fft 1,2,2,3,4,5,6,1,1 (+1 unanswered) + 3 x 1 (safeguarding) + 1 x 1 (clock) + 4 x 2 (import)
want = {"Org Code": "RXT", "1 Very Good": "7", "2 Good": "6", "3 Neither Good nor Poor": "1",
        "4 Poor": "1", "5 Very Poor": "1", "6 Dont Know": "1", "Total Responses": "17",
        "Mode Other": "17", "Mode SMS": "0"}
bad = {k: (w.get(k), v) for k, v in want.items() if w.get(k) != v}
assert not bad, bad
assert abs(float(w["Prop_Pos"]) - 13 / 17) < 1e-3, w["Prop_Pos"]
assert abs(float(w["Prop_Neg"]) - 2 / 17) < 1e-3, w["Prop_Neg"]
assert "*" not in open(sys.argv[1], encoding="utf-8-sig").read()
PY
	check "the published FFT file should show no count from 1 to 4, from the same data" \
		python3 - "$d/fft-pub.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
w = [r for r in rows if r["Location Code"] == "WARD1"][0]
cols = ["Very Good", "Good", "Neither Good nor Poor", "Poor", "Very Poor", "Don't Know",
        "Total Responses"] + [k for k in w if k.startswith("Mode ")]
for r in rows:
    for k in cols:
        assert r[k] == "*" or int(r[k]) == 0 or int(r[k]) >= 5, (r["Location Code"], k, r[k])
assert w["Neither Good nor Poor"] == "*" and w["Total Responses"] == "17", w
PY
	coll_cli export --format fft-monthly --out "$d/old.csv" 2>"$d/old.err"
	check "the old fft-monthly format should be refused, naming the two that replace it" \
		grep -q "fft-submission (the return to NHS England, real counts) or fft-published" "$d/old.err"
	coll_cli export --format responses --restricted --out "$d/restricted.csv" 2>/dev/null
	check "export --restricted should write the responses" \
		python3 -c 'import csv,sys
sys.exit(len(list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))) != 18)' "$d/restricted.csv"
	check "--restricted should be refused for a file that holds no contact details" \
		bash -c "'$COLL' --config '$COLL_CONF' export --format fft-published --restricted 2>&1 >/dev/null |
			 grep -q 'is for --format responses'"

	# --- months in UK time ---------------------------------------------------------
	# 2026-05-31T23:30Z is 00:30 BST on 1 June; 2026-12-01T00:30Z is 00:30 GMT.
	coll_cli location add WARD3 "Birch Ward" --team birch >/dev/null
	"$MKBATCH" --device kiosk-1 --location WARD3 --count 1 >"$d/birch.json"
	st=$(coll_post /v1/responses "$d/birch.json" "$tok" gzip)
	check "a record for a location the device is not enrolled for should be rejected, saying so" \
		test "$st:$(coll_outcomes):$(grep -c 'this device is not enrolled for location WARD3' "$COLL_OUT")" = 200:rejected:1
	coll_cli device locations kiosk-1 --location WARD1,WARD3 >/dev/null 2>&1
	"$MKBATCH" --device kiosk-1 --location WARD3 --count 5 --fft 1 --submitted 1780270200000 >"$d/june.json"
	"$MKBATCH" --device kiosk-1 --location WARD3 --count 5 --fft 2 --submitted 1796085000000 >"$d/dec.json"
	st=$(coll_post /v1/responses "$d/june.json" "$tok" gzip)
	st=$st:$(coll_post /v1/responses "$d/dec.json" "$tok" gzip)
	check "responses either side of a month boundary should be stored" test "$st" = 200:200
	local m
	for m in 2026-05 2026-06 2026-11 2026-12; do
		coll_cli export --format fft-submission --month $m --team birch --out "$d/fft-$m.csv" 2>/dev/null
	done
	check "a response at 00:30 BST on 1 June should be in June's FFT return, not May's" \
		python3 - "$d/fft-2026-05.csv" "$d/fft-2026-06.csv" <<'PY'
import csv, sys
may, june = ([r for r in csv.DictReader(open(p, encoding="utf-8-sig"))][0] for p in sys.argv[1:3])
assert may["Total Responses"] == "0", may
assert june["Period"] == "2026-06" and june["1 Very Good"] == "5" and june["Total Responses"] == "5", june
PY
	check "a response at 00:30 GMT on 1 December should be in December's FFT return" \
		python3 - "$d/fft-2026-11.csv" "$d/fft-2026-12.csv" <<'PY'
import csv, sys
nov, dec = ([r for r in csv.DictReader(open(p, encoding="utf-8-sig"))][0] for p in sys.argv[1:3])
assert nov["Total Responses"] == "0", nov
assert dec["2 Good"] == "5" and dec["Total Responses"] == "5", dec
PY
	coll_cli export --format responses --month 2026-06 --team birch --out "$d/resp-june.csv" 2>/dev/null
	check "June's responses CSV should hold the five sent at 23:30 UTC on 31 May" \
		python3 -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))
sys.exit(not (len(rows)==5 and all(r["Submitted (Europe/London)"]=="2026-06-01 00:30:00" for r in rows)))' "$d/resp-june.csv"
	coll_cli export --format quality-board --month 2026-06 --team birch --out "$d/qb.csv" 2>/dev/null
	check "the Quality Board for April to June (Q1 2026/27, an NHS financial quarter) should count them" \
		python3 -c 'import csv,sys
r=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))[0]
sys.exit(not (r["Period"]=="Q1 2026/27" and r["Responses"]=="5"))' "$d/qb.csv"

	# --- responses for a location that was never added -------------------------------
	# A device is enrolled only for added locations, so these are refused.
	"$MKBATCH" --device kiosk-1 --location NOWARD9 --count 2 >"$d/unk1.json"
	"$MKBATCH" --device kiosk-1 --location NOWARD9 --count 3 >"$d/unk2.json"
	st=$(coll_post /v1/responses "$d/unk1.json" "$tok" gzip)
	st=$st:$(coll_post /v1/responses "$d/unk2.json" "$tok" gzip)
	check "responses for a location that was never added should be rejected, not stored" \
		test "$st:$(coll_outcomes | sort -u)" = "200:200:rejected"
	check "the collector log should say a device's records were refused and what to type" \
		test "$(grep -c "refused 3 records from device 'kiosk-1' for location 'NOWARD9'.*device locations kiosk-1" "$FB_TMP/collector.log")" = 1

	# --- [results] timezone changed: months worked out again on opening ------------------
	sed '/^\[results\]$/a timezone = America/New_York' "$COLL_CONF" >"$d/ny.conf"
	"$COLL" --config "$d/ny.conf" export --format fft-submission --month 2026-11 --team birch \
		--out "$d/ny-nov.csv" 2>"$d/ny.err"
	check "with timezone America/New_York, 00:30 GMT on 1 December should count in November" \
		python3 -c 'import csv,sys
r=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))[0]
sys.exit(not (r["2 Good"]=="5" and r["Total Responses"]=="5"))' "$d/ny-nov.csv"
	check "changing the zone should say in the log that the months were worked out again" \
		grep -q "worked out again in America/New_York (they were in Europe/London)" "$d/ny.err"
	coll_cli export --format fft-submission --month 2026-12 --team birch --out "$d/back.csv" 2>/dev/null
	check "back in Europe/London, it should count in December again" \
		python3 -c 'import csv,sys
r=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))[0]
sys.exit(not (r["2 Good"]=="5" and r["Total Responses"]=="5"))' "$d/back.csv"
	sed 's/^\[results\]$/[results]\ntimezone = Europe\/Londn/' "$COLL_CONF" >"$d/badtz.conf"
	check "--check-config should refuse a zone the system does not know, naming the line" \
		bash -c "'$COLL' --config '$d/badtz.conf' --check-config 2>&1 | grep -q \"badtz.conf:[0-9]*: unknown time zone 'Europe/Londn'\""
}

# After coll_stop: the collector's log has no sanitizer report.
coll_check_log() {
	check "the collector should have stopped with no sanitizer or leak report" \
		bash -c "! grep -qE 'Sanitizer|runtime error' '$FB_TMP'/collector*.log"
}
