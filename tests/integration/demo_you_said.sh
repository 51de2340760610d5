#!/usr/bin/env bash
# demo_you_said: "You said, we did" from the collector to the waiting room,
# from the same set-up `make run` uses. make-demo.sh writes each demo team's
# three actions with 'feedback-collector action' (done, published for its
# ward in English and Polish) and no local items file for the tablet; the
# real collector serves them at GET /v1/config, the real sync daemon saves
# them, and a running kiosk (headless, real SDL events through --replay)
# shows the English ones on its attract screen. Then the ward manager
# rewords one item and publishes a new action on the collector; after one
# "sync now" the same kiosk, never restarted, shows both at its next look.
# A tablet whose first language is Polish shows the Polish texts only, one
# whose first is Welsh no item (none has Welsh). Screenshots (and their
# layout dumps) in $FB_BIN/yswd-shots: attract-en-*.png, attract-en-after-*.png,
# attract-pl-*.png, attract-cy.png.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kiosk_lib.sh"

kiosk_require
demo=$FB_TMP/demo
port=$(free_port)
check "make-demo.sh should write a working demo set-up" \
	env FB_DEMO_PORT="$port" "$FB_SRC/deploy/make-demo.sh" "$demo"
conf=$demo/kiosk.conf
rconf=$demo/device/data/remote-config.json
SHOTS=$FB_BIN/yswd-shots
rm -rf "$SHOTS"
mkdir -p "$SHOTS"
C() { "$FB_BIN/feedback-collector" --config "$demo/collector.conf" "$@"; }

check "the demo tablet's config should name no local items file" \
	bash -c "! grep -q '^you_said_we_did' '$conf'"
check "the demo should write no local items file" test ! -e "$demo/you-said-we-did.txt"
check "the demo collector should hold Willow's three actions, done and published" \
	test "$(C action list --team willow | grep -c $'\tdone\t-\tpublished\t')" = 3
check "and Ash's three" test "$(C action list --team ash | grep -c $'\tdone\t-\tpublished\t')" = 3
check "the demo's actions should be audited as the command line's" \
	test "$(C audit --action action-publish 2>/dev/null | grep -c ',command line,local,action-publish,')" = 6

# saved_has TEXT: the config the daemon saved has an item with TEXT (either side).
saved_has() {
	python3 - "$rconf" "$1" <<'PY' 2>/dev/null
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))["config"].get("you_said_we_did", [])
sys.exit(0 if any(sys.argv[2] in (i["you_said"] + " " + i["we_did"]) for i in items) else 1)
PY
}
# card DUMP: the attract card's words ("you said | we did"), "" when none.
card() {
	python3 -c 'import json,sys
w={x["id"]:x["label"] for x in json.load(open(sys.argv[1],encoding="utf-8"))["widgets"]}
print((w["you-said"]+" | "+w["we-did"]) if "we-did" in w else "")' "$1" 2>/dev/null
}
# cards NAME...: the cards of those screenshots' dumps, one a line.
cards() { local n; for n in "$@"; do card "$SHOTS/$n.json"; done; }
has() { grep -qF -- "$2" <<<"$1"; }      # has TEXT PART
lacks() { ! grep -qF -- "$2" <<<"$1"; }

spawn "$FB_BIN/feedback-collector" --config "$demo/collector.conf" 2>"$FB_TMP/collector.log"
collector_up() { curl -s -o /dev/null --cacert "$demo/ca/ca.pem" "https://127.0.0.1:$port/login"; }
check "the collector should answer over TLS" wait_for 20 collector_up
"$FB_BIN/feedback-syncd" --config "$conf" 2>"$FB_TMP/syncd.log" &
SYNCD_PID=$!
_pids+=("$SYNCD_PID")
check "the sync daemon should save Willow's items for the kiosk" \
	wait_for 20 saved_has "soft lighting next to reception"
check "in Polish too" wait_for 5 saved_has "Obok recepcji urządziliśmy cichy pokój"
check "and none of Ash's (it is another ward's config)" \
	bash -c "python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))[\"config\"]; sys.exit(0 if c[\"location\"] == \"WILLOW\" and len(c[\"you_said_we_did\"]) == 6 else 1)' '$rconf'"

# The English tablet runs throughout: three items (8 s each on its virtual
# clock), then 30 s of real time while the collector changes, then four.
cat >"$FB_TMP/attract.replay" <<'EOF'
expect attract
screenshot attract-en-1
wait 8000
screenshot attract-en-2
wait 8000
screenshot attract-en-3
sleep 10000
sleep 10000
sleep 10000
expect attract
screenshot attract-en-after-1
wait 8000
screenshot attract-en-after-2
wait 8000
screenshot attract-en-after-3
wait 8000
screenshot attract-en-after-4
EOF
kiosk_start 1280x800 "$conf" "$FB_TMP/attract.replay" "$FB_TMP/kiosk.log" \
	--screenshot-dir "$SHOTS" --dump-dir "$SHOTS"
check "the kiosk should photograph its attract screen three times" \
	wait_for 40 test -s "$SHOTS/attract-en-3.json"
before=$(cards attract-en-1 attract-en-2 attract-en-3)
note "English attract: $(tr '\n' '/' <<<"$before")"
check "the English attract screen should show the collector's three English items" \
	bash -c 'has() { grep -qF -- "$2" <<<"$1"; }
		has "$0" "We made a quiet room with soft lighting next to reception." &&
		has "$0" "A screen now shows waiting times" && has "$0" "monthly carers'"'"' group"' "$before"
check "and no Polish text" lacks "$before" "urządziliśmy"
check "the kiosk should say the Trust's config with 3 English items is in force" \
	grep -q "is in force (3 You said, we did items in 'en')" "$FB_TMP/kiosk.log"

# On the collector, as a ward manager would on the action's page: reword item
# 1 in both languages, and publish a new done action.
C action publish 1 --location WILLOW \
	--lang en --you-said "The waiting room was too noisy and bright." \
	--we-did "We made a quiet room with soft lighting and a water fountain." \
	--lang pl --you-said "W poczekalni było za głośno i za jasno." \
	--we-did "Urządziliśmy cichy pokój z łagodnym światłem i poidełkiem." \
	>"$FB_TMP/publish.out" 2>&1
check "the collector should take the reworded item ($(cat "$FB_TMP/publish.out"))" \
	grep -q "^action 1 published for WILLOW in en, pl" "$FB_TMP/publish.out"
new=$(C action add --team willow --you-said "The chairs were hard." \
	--we-will "We bought softer chairs for the waiting room." 2>>"$FB_TMP/publish.out")
C action state "$new" done >>"$FB_TMP/publish.out" 2>&1
C action publish "$new" --location WILLOW \
	--lang en --you-said "The chairs were hard." --we-did "We bought softer chairs for the waiting room." \
	--lang pl --you-said "Krzesła były twarde." --we-did "Kupiliśmy wygodniejsze krzesła do poczekalni." \
	>>"$FB_TMP/publish.out" 2>&1
check "the collector should publish the new action ($(tail -1 "$FB_TMP/publish.out"))" \
	grep -q "^action $new published for WILLOW in en, pl" "$FB_TMP/publish.out"
kill -USR1 "$SYNCD_PID"      # sync now, as after the next push
check "one sync now should bring the new item to the tablet" wait_for 15 saved_has "softer chairs"
check "and the reworded one" saved_has "water fountain"
check "the running kiosk should photograph its attract screen four more times" \
	wait_for 60 test -s "$SHOTS/attract-en-after-4.json"
wait "$KPID"
check "the kiosk's replay should end well, never restarted (exit 0)" test $? = 0
after=$(cards attract-en-after-1 attract-en-after-2 attract-en-after-3 attract-en-after-4)
note "English attract after: $(tr '\n' '/' <<<"$after")"
check "the running kiosk should show the new item" \
	has "$after" "The chairs were hard. | We bought softer chairs for the waiting room."
check "and the reworded one, not its old words" \
	bash -c 'grep -qF "soft lighting and a water fountain." <<<"$0" &&
		! grep -qF "soft lighting next to reception" <<<"$0"' "$after"
check "and the two it showed before" \
	bash -c 'grep -qF "A screen now shows waiting times" <<<"$0" &&
		grep -qF "monthly carers'"'"' group" <<<"$0"' "$after"
check "the kiosk should say the new config with 4 English items came into force" \
	grep -q "is in force (4 You said, we did items in 'en')" "$FB_TMP/kiosk.log"
pickups=$(sqlite3 "$demo/collector/collector.db" "SELECT count(*) FROM device_config_fetch WHERE device_id = 'kiosk-demo-01'" 2>/dev/null)
check "the collector should record that the demo tablet picked its config up" test "${pickups:-0}" = 1

# A tablet whose first language is Polish (the same device, its languages in
# another order), then one whose first is Welsh.
sed 's/^languages = .*/languages = pl, en, ro, pt, es, cy/' "$conf" >"$demo/kiosk-pl.conf"
sed 's/^languages = .*/languages = cy, en, pl, ro, pt, es/' "$conf" >"$demo/kiosk-cy.conf"
printf 'expect attract\nscreenshot attract-pl-1\nwait 8000\nscreenshot attract-pl-2\nwait 8000\nscreenshot attract-pl-3\nwait 8000\nscreenshot attract-pl-4\n' \
	>"$FB_TMP/pl.replay"
kiosk_run 1280x800 "$demo/kiosk-pl.conf" "$FB_TMP/pl.replay" "$FB_TMP/kiosk-pl" \
	--screenshot-dir "$SHOTS" --dump-dir "$SHOTS"
check "the Polish tablet's replay should end well (exit $RC)" test "$RC" = 0
pl=$(cards attract-pl-1 attract-pl-2 attract-pl-3 attract-pl-4)
note "Polish attract: $(tr '\n' '/' <<<"$pl")"
check "a Polish reader should see the collector's Polish items" \
	bash -c 'grep -qF "Kupiliśmy wygodniejsze krzesła do poczekalni." <<<"$0" &&
		grep -qF "Urządziliśmy cichy pokój z łagodnym światłem i poidełkiem." <<<"$0" &&
		grep -qF "Nie wiedzieliście, jak długo będziecie czekać." <<<"$0"' "$pl"
check "and no English text" bash -c '! grep -qiF "waiting" <<<"$0" && ! grep -qF "chairs" <<<"$0"' "$pl"
check "the Polish card should be headed in Polish" \
	bash -c "python3 -c 'import json,sys; w={x[\"id\"]:x[\"label\"] for x in json.load(open(sys.argv[1]))[\"widgets\"]}; sys.exit(0 if w[\"you-said-label\"] != \"You said:\" else 1)' '$SHOTS/attract-pl-1.json'"
printf 'expect attract\nscreenshot attract-cy\nwait 8000\nscreenshot attract-cy-2\n' >"$FB_TMP/cy.replay"
kiosk_run 1280x800 "$demo/kiosk-cy.conf" "$FB_TMP/cy.replay" "$FB_TMP/kiosk-cy" \
	--screenshot-dir "$SHOTS" --dump-dir "$SHOTS"
check "the Welsh tablet's replay should end well (exit $RC)" test "$RC" = 0
check "a Welsh reader should see no item (none is written in Welsh)" \
	test -z "$(cards attract-cy attract-cy-2 | tr -d '\n')"
check "no sanitizer report in any log" \
	bash -c "! grep -qs 'Sanitizer' '$FB_TMP/collector.log' '$FB_TMP/syncd.log' '$FB_TMP/kiosk.log' '$FB_TMP/kiosk-pl.log' '$FB_TMP/kiosk-cy.log'"
note "screenshots: $SHOTS/attract-en-1.png ... attract-en-after-4.png, attract-pl-1.png ..., attract-cy.png"
finish
