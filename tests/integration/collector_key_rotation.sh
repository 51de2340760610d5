#!/usr/bin/env bash
# collector_key_rotation: a Trust rotates its key (keygen --rotate) and the
# tablets follow with no visit. The real feedback-collector, restarted on
# the new key, says which key it sends; the real feedback-syncd's next
# config names it; the real feedback-kiosk (headless), whose kiosk.conf
# still holds the old key, seals the next person's answers to the new one.
# A record queued before the rotation (sealed to the old key) and the new
# one both arrive and open, exactly once, and `device keys` says the tablet
# now seals to the current key. The fleet page, as the estates lead reads
# it, follows the tablet too: its "Seals to" column says current key, then
# old key 2 once the collector serves with the new one (and the old key is
# to be kept), then current key again once it seals to the new key (and the
# old key can be retired).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"

export SDL_AUDIODRIVER=dummy
kiosk_require
sync_setup
cp "$FB_SRC/config/surveys/fft.json" "$FB_TMP/survey.json"
c() { "$FB_BIN/feedback-collector" --config "$CCONF" "$@"; }
# sent_key: the trust_public_key of the config the daemon saved, "" when none
sent_key() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"].get("trust_public_key", ""))' \
		"$DATA/remote-config.json" 2>/dev/null
}
sent_key_is() { [ "$(sent_key)" = "$1" ]; }
OLD=$TRUST_PK
PW="correct horse battery"
echo "$PW" | c user add eddie --team estates --role estates >/dev/null 2>&1
COLL_CA=$TLS/ca/ca.pem
COLL_URL=https://127.0.0.1:$PORT
# fleet: /fleet as the estates lead sees it, as text (tags gone) in
# $FB_TMP/fleet.txt, and kiosk-0042's row alone in $FB_TMP/fleet-row.txt
fleet() {
	coll_sign_in eddie "$PW" && [ "$(coll_web GET /fleet)" = 200 ] || return 1
	/usr/bin/python3 - "$COLL_PAGE" "$FB_TMP/fleet.txt" "$FB_TMP/fleet-row.txt" <<'EOF'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
text = lambda s: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", s)).split())
open(sys.argv[2], "w", encoding="utf-8").write(text(page) + "\n")
rows = [r for r in re.findall(r"<tr.*?</tr>", page, re.S) if "kiosk-0042" in r]
open(sys.argv[3], "w", encoding="utf-8").write((text(rows[0]) if rows else "") + "\n")
EOF
}
in_fleet() { grep -qF -- "$1" "$FB_TMP/fleet.txt"; }
in_row() { grep -qF -- "$1" "$FB_TMP/fleet-row.txt"; }

start_collector || { fail "collector started"; finish; }
check "the collector should say which key tablets seal to" \
	grep -q "tablets seal new answers to Trust key ${OLD:0:8}" "$FB_TMP/collector.log"
fill 1                                  # a person's answers, sealed to the old key
start_syncd
check "the daemon's saved config should name the Trust's current key" wait_for 30 sent_key_is "$OLD"
check "the record sealed before the rotation should arrive" wait_for 30 queue_empty
fleet
note "fleet row: $(cat "$FB_TMP/fleet-row.txt")"
check "the fleet page should say the tablet seals to the current key, with no old keys to weigh" \
	bash -c "grep -q '<th>Seals to</th>' '$COLL_PAGE' && grep -qF 'current key latest sealed record' '$FB_TMP/fleet-row.txt' &&
		! grep -q 'Old Trust keys' '$FB_TMP/fleet.txt'"

kill_collector TERM
fill 1                                  # queued while the collector was down, old key
c keygen --rotate --public "$FB_TMP/trust.pub" --secret "$FB_TMP/trust.key" >"$FB_TMP/rotate.out" 2>&1
NEW=$(tr -d ' \n' <"$FB_TMP/trust.pub")
check "keygen --rotate should make a new key" bash -c "[ -n '$NEW' ] && [ '$NEW' != '$OLD' ]"
start_collector || { fail "collector restarted on the new key"; finish; }
check "the restarted collector should send the new key" \
	grep -q "tablets seal new answers to Trust key ${NEW:0:8}" "$FB_TMP/collector.log"
kill -USR1 "$SYNCD_PID"
check "the daemon's next config should carry the new key" wait_for 30 sent_key_is "$NEW"
check "the tablet's own kiosk.conf still holds the old key" grep -q "trust_public_key = $OLD" "$CONF"
check "the record queued while the collector was down (old key) should arrive" wait_for 30 queue_empty
c device keys >"$FB_TMP/keys-old.out" 2>&1
check "device keys should say the tablet still seals to the old key, now line 2, and to keep it" \
	bash -c "grep -q 'kiosk-0042  OLD key 1 (line 2 of the secret key file)' '$FB_TMP/keys-old.out' &&
		grep -q '^1 device still seals to an old key: keep it' '$FB_TMP/keys-old.out'"
fleet
note "fleet row: $(cat "$FB_TMP/fleet-row.txt")"
check "the fleet page's row should say the tablet seals to old key 2, by its first characters" \
	in_row "old key 2 (${OLD:0:8}…)"
check "the fleet page should say to keep key line 2: the tablet still seals to it" \
	in_fleet "Key line 2 (${OLD:0:8}…): keep it: 1 device still seals to it: kiosk-0042 ("
check "the fleet page should show no secret key, nor more than 8 characters of a public key" \
	bash -c "! grep -qF \"\$(head -c 16 '$FB_TMP/trust.key')\" '$COLL_PAGE' && ! grep -qF '${OLD:0:9}' '$COLL_PAGE' &&
		! grep -qF '${NEW:0:9}' '$COLL_PAGE'"

# a rating and a comment (only what is sealed names the key it was sealed to)
printf 'expect attract\ntap start\nexpect language\ntap lang-en\ntap answer-1\nexpect question\ntype The nurses were kind\n%s\nexpect thanks\ntap finish\nexpect attract\n' \
	"$REPLAY_REST_SKIPPED" >"$FB_TMP/one.replay"
kiosk_run 1280x800 "$CONF" "$FB_TMP/one.replay" "$FB_TMP/kiosk"
check "a person answers on the kiosk (exit $RC)" test "$RC" = 0
check "the kiosk should say it seals new answers to the Trust's new key" \
	grep -q "new answers are sealed to the Trust's key ${NEW:0:8}" "$FB_TMP/kiosk.log"
kill -USR1 "$SYNCD_PID"
check "the queue should drain" wait_for 30 queue_empty
check "all three answers should be stored once and open (old key twice, new key once)" \
	test "$(_sql "$CDB" "SELECT count(*) FROM responses")" = 3
check "the kiosk's comment, sealed to the new key, should have opened at the collector" \
	test "$(_sql "$CDB" "SELECT count(*) FROM responses WHERE free_text LIKE '%nurses were kind%'")" = 1
c device keys >"$FB_TMP/keys.out" 2>&1
note "$(cat "$FB_TMP/keys.out")"
check "device keys should say the tablet seals to the current key, and the old key can go" \
	bash -c "grep -q 'kiosk-0042  the current key' '$FB_TMP/keys.out' &&
		grep -q 'no device.s latest sealed record uses an old key' '$FB_TMP/keys.out'"
fleet
note "fleet row: $(cat "$FB_TMP/fleet-row.txt")"
check "the fleet page's row should say the tablet now seals to the current key" \
	bash -c "grep -qF 'current key latest sealed record' '$FB_TMP/fleet-row.txt' && ! grep -qF 'old key' '$FB_TMP/fleet-row.txt'"
check "the fleet page should say key line 2 can be retired" \
	in_fleet "Key line 2 (${OLD:0:8}…) can be retired: no device seals to it and every device not yet on a newer key has nothing waiting to send."
check "the collector should have logged no failure to open a sealed record" \
	bash -c "! grep -qi 'sealed for another key\|could not open' '$FB_TMP/collector.log'"
stop_syncd
kill_collector TERM
finish
