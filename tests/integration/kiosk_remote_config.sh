#!/usr/bin/env bash
# kiosk_remote_config: the Trust's config from the collector to the waiting
# room, with real processes: feedback-syncd fetches GET /v1/config from the
# fake collector over TLS (404 first, as an older collector answers: said
# once), saves remote-config.json, and a running feedback-kiosk shows the
# published "You said, we did" item on its next attract screen without a
# restart, only in the item's language: the English item while English is
# the attract language, the Polish one once the Trust puts Polish first,
# nothing when it puts Welsh first (no Welsh item). A cut document is
# refused with its reason and the config in force stays; a config fetch
# that hangs holds the pushes up 15 s at most. Screenshots in
# $FB_TMP/shots (attract-en.png, attract-pl.png, attract-cy.png).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

kiosk_require
kiosk_pin_hash 1234
sync_setup
SHOTS=$FB_TMP/shots
RCONF=$DATA/remote-config.json
PUBLISHED=$FB_TMP/published.json
mkdir -p "$SHOTS"
# One config for both programs, as on a tablet: [device] and [kiosk] from
# kiosk_conf, then the [sync] section sync_setup wrote.
# The tablet's own file holds one item, in Polish only.
printf 'lang: pl\nYou said: Krzesła były niewygodne\nWe did: Kupiliśmy nowe krzesła\n' \
	>"$FB_TMP/local-ysw.txt"
kiosk_conf "$FB_TMP/device.conf" "$DATA" location_code=RXX01-OAK "languages=en, pl, cy" \
	"trust_public_key=$TRUST_PK" "you_said_we_did=$FB_TMP/local-ysw.txt" \
	"staff_pin_hash=$PIN_HASH"
sed -n '/^\[sync\]/,$p' "$CONF" >>"$FB_TMP/device.conf"
mv "$FB_TMP/device.conf" "$CONF"

# publish LANG...: the Trust's config for Oak Ward offering LANG... in that
# order, with one item in English and one in Polish, shown today.
publish() {
	python3 - "$PUBLISHED" "$@" <<'PY'
import json, os, sys, time
now = int(time.time() * 1000)
day = 86400000
cfg = {"location": "RXX01-OAK", "languages": sys.argv[2:], "idle_timeout_s": 90,
       "crisis_text": {"en": "Need to talk to someone now? Call the Oak Ward crisis line on 01234 567890."},
       "you_said_we_did": [
           {"id": "action-12", "lang": "en", "you_said": "The waiting room was too hot",
            "we_did": "We fitted blinds and a fan", "from_ms": now - day, "to_ms": now + day},
           {"id": "action-12", "lang": "pl", "you_said": "W poczekalni było za gorąco",
            "we_did": "Zamontowaliśmy rolety i wentylator", "from_ms": now - day,
            "to_ms": now + day}]}
tmp = sys.argv[1] + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    json.dump(cfg, f, ensure_ascii=False)
os.rename(tmp, sys.argv[1])
PY
}
# etag_of FILE: the "etag" of a saved config, "" when none.
etag_of() { python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("etag",""))' "$1" 2>/dev/null; }
published_etag() {
	python3 -c 'import hashlib,json,sys
c=json.load(open(sys.argv[1],encoding="utf-8"))
t=json.dumps(c,sort_keys=True,separators=(",",":"),ensure_ascii=False)
print(hashlib.blake2b(t.encode(),digest_size=16).hexdigest())' "$PUBLISHED"
}
saved_is_published() { [ -s "$RCONF" ] && [ "$(etag_of "$RCONF")" = "$(published_etag)" ]; }
# card_text DUMP: the words on the attract screen's widgets, one line.
card_text() { python3 -c 'import json,sys;print(" | ".join(w["label"] for w in json.load(open(sys.argv[1]))["widgets"]))' "$1"; }
# gets_ge STATUS N: the collector answered GET /v1/config with STATUS at least N times.
gets_ge() { [ "$(_sql "$STORE" "SELECT COUNT(*) FROM config_gets WHERE status = $1")" -ge "$2" ] 2>/dev/null; }
shows() { card_text "$1" | grep -q "$2"; }      # shows DUMP PATTERN
lacks() { ! card_text "$1" | grep -q "$2"; }
no_blinds_yet() { ! grep -q 'blinds' "$FB_TMP/layout.json"; }

start_ready COLLECTOR_PID collector "$FB_TMP/collector.log" \
	"$COLLECTOR_PY" --port "$PORT" --cert "$TLS/server.pem" --key "$TLS/server.key" \
	--token-file "$TOKEN" --db "$STORE" --control "$CONTROL" --config-file "$PUBLISHED" ||
	{ fail "collector started"; finish; }
start_syncd
check "at start the daemon should ask for its config (404: nothing published)" \
	wait_for 15 status_is config_state unavailable
kill -USR1 "$SYNCD_PID"
check "sync now should ask again" wait_for 10 gets_ge 404 2
check "the 404 should be logged once, not at every fetch" \
	test "$(grep -c 'has no GET /v1/config' "$FB_TMP/syncd.log")" = 1

# The kiosk runs throughout; the shell publishes while it sleeps on the
# attract screen.
cat >"$FB_TMP/attract.replay" <<EOF2
expect attract
screenshot attract-before
sleep 8000
screenshot attract-en
sleep 8000
screenshot attract-pl
sleep 8000
screenshot attract-cy
expect attract
$REPLAY_STAFF_1234
screenshot staff
EOF2
kiosk_start 1280x800 "$CONF" "$FB_TMP/attract.replay" "$FB_TMP/kiosk.log" \
	--layout-dump "$FB_TMP/layout.json" --screenshot-dir "$SHOTS"
check "the kiosk should show its attract screen" wait_for 30 test -s "$SHOTS/attract-before.png"
check "before any config no item should show" no_blinds_yet
check "the file's Polish item should not show on the English attract screen" \
	lacks "$FB_TMP/layout.json" 'krzesła'

step() { # step NAME LANG...: publish, sync now, wait for the kiosk's screenshot
	local name=$1; shift
	publish "$@"
	fill 1
	kill -USR1 "$SYNCD_PID"
	check "$name: the daemon should save the published config" wait_for 10 saved_is_published
	check "$name: the kiosk should photograph its next attract screen" \
		wait_for 20 test -s "$SHOTS/attract-$name.png"
	cp "$FB_TMP/layout.json" "$FB_TMP/layout-$name.json"
	note "$name attract: $(card_text "$FB_TMP/layout-$name.json")"
}
step en en pl cy
check "English first: the English item shows" shows "$FB_TMP/layout-en.json" 'We fitted blinds and a fan'
check "English first: the Polish item does not" lacks "$FB_TMP/layout-en.json" 'Zamontowali'
step pl pl en cy
check "Polish first: the Polish item shows" shows "$FB_TMP/layout-pl.json" 'Zamontowali'
check "Polish first: the English item does not" lacks "$FB_TMP/layout-pl.json" 'We fitted blinds'
step cy cy en pl
check "Welsh first: no item shows (none in Welsh)" lacks "$FB_TMP/layout-cy.json" 'blinds\|Zamontowali'
wait "$KPID"
check "the kiosk's replay should end well (exit 0)" test $? = 0
check "the staff screen should say which Trust config is in force and when it came" \
	shows "$FB_TMP/layout.json" "Trust config: $(published_etag | cut -c1-8) in force; $(published_etag | cut -c1-8) fetched"
note "staff: $(card_text "$FB_TMP/layout.json" | tr '|' '\n' | grep 'Trust config')"
check "the kiosk should say each config came into force" \
	test "$(grep -c "The Trust's config .* is in force\|the Trust's config .* is in force" "$FB_TMP/kiosk.log")" -ge 3
kill -USR1 "$SYNCD_PID"
check "an unchanged config should cost a 304 (asked with its ETag)" wait_for 10 gets_ge 304 1

# A cut document is refused; the config in force stays.
before=$(etag_of "$RCONF")
publish en pl
collector_fault '{"mode": "config_garbage"}'
kill -USR1 "$SYNCD_PID"
check "a cut document should be refused and kept with its reason" \
	wait_for 10 test -s "$DATA/remote-config.refused.json"
check "the refusal should be logged in one line" grep -q "refused the Trust's config" "$FB_TMP/syncd.log"
check "the config in force should stay" test "$(etag_of "$RCONF")" = "$before"
check "sync-status.json should say refused" wait_for 5 status_is config_state refused
note "refused: $(status_field config_error)"
# A collector that hangs on the config holds the pushes up 15 s at most
# (request_timeout is 30 s here).
collector_fault '{"mode": "config_slow", "delay_s": 60}'
kill -USR1 "$SYNCD_PID"
sleep 1
fill 1
t0=$SECONDS
check "a hanging config fetch should hold a new record up less than 25 s" wait_for 25 queue_empty
note "record sent $((SECONDS - t0)) s after it was queued behind a hanging config fetch"
check "the hanging fetch should be logged as not fetched" grep -q "config not fetched" "$FB_TMP/syncd.log"
collector_fault '{"mode": "ok"}'
# A kiosk started later takes the config in force at once; its English
# thank-you screen has the Trust's crisis line, the Welsh one the built-in.
printf '%s\n' "$REPLAY_QUICK" "expect thanks" "screenshot thanks-en" >"$FB_TMP/thanks.replay"
kiosk_run 1280x800 "$CONF" "$FB_TMP/thanks.replay" "$FB_TMP/thanks" --screenshot-dir "$SHOTS"
check "an English response should reach the thank-you screen" test "$RC" = 0
check "the English thank-you screen should give the Trust's crisis line" \
	shows "$FB_TMP/thanks.json" '01234 567890'
sed 's/lang-en/lang-cy/; s/thanks-en/thanks-cy/' "$FB_TMP/thanks.replay" >"$FB_TMP/thanks-cy.replay"
kiosk_run 1280x800 "$CONF" "$FB_TMP/thanks-cy.replay" "$FB_TMP/thanks-cy" --screenshot-dir "$SHOTS"
check "the Welsh thank-you screen should keep the built-in crisis card (116 123)" \
	bash -c "grep -q '116 123' '$FB_TMP/thanks-cy.json' && ! grep -q '01234 567890' '$FB_TMP/thanks-cy.json'"
check "their responses should be sent" wait_for 20 queue_empty
stop_syncd TERM
check "pushing went on throughout: every record arrived exactly once" exactly_once
note "screenshots: $SHOTS/attract-before.png attract-en.png attract-pl.png attract-cy.png staff.png thanks-en.png thanks-cy.png"
finish
