#!/usr/bin/env bash
# kiosk_replay_enrol: "Enrol this tablet" on the staff screen, the real
# feedback-kiosk headless at 800x480 and 1080x1920. Staff open the staff
# screen (PIN), press Enrol this tablet, type a code on its code pad (keys
# only for the code's 32 characters, Delete fixing a slip), and Send: the
# kiosk leaves exactly that code in data_dir/enrol-request, mode 0600, and
# says so. With feedback-syncd's answer in data_dir/enrol-result the enrol
# screen and the staff screen say "Enrolled for Oak Ward" (or the
# collector's reason). Every widget lies inside the window; a screenshot of
# the enrol screen is kept in $FB_TMP/<size>/shots.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"
export SDL_AUDIODRIVER=dummy

kiosk_require
kiosk_pin_hash 1234

inside() { # inside DUMP W H SCREEN
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
w, h, want = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
assert d.get("screen") == want, d.get("screen")
bad = [x["id"] for x in d["widgets"] if x["x"] < 0 or x["y"] < 0 or x["x"] + x["w"] > w or x["y"] + x["h"] > h]
assert not bad, bad
ids = {x["id"] for x in d["widgets"]}
keys = {i for i in ids if i.startswith("enrol-key-")}
assert len(keys) == 32, sorted(keys)
assert not keys & {"enrol-key-0", "enrol-key-O", "enrol-key-1", "enrol-key-I"}, keys
for need in ("enrol-delete", "staff-enrol-send", "staff-enrol-back", "enrol-code"):
    assert need in ids, need
PY
}
label_of() { # label_of DUMP ID
	python3 -c 'import json,sys
print([w for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]==sys.argv[2]][0].get("label",""))' "$1" "$2"
}

for size in 800x480 1080x1920; do
	W=${size%x*} H=${size#*x}
	dir=$FB_TMP/$size
	mkdir -p "$dir/data" "$dir/shots"
	kiosk_conf "$dir/kiosk.conf" "$dir/data" "staff_pin_hash=$PIN_HASH"
	cat >"$dir/type.replay" <<R
expect attract
$REPLAY_STAFF_1234
tap staff-enrol
expect staff_enrol
tap enrol-key-K
tap enrol-key-7
tap enrol-key-Q
tap enrol-key-M
tap enrol-key-X
tap enrol-delete
tap enrol-key-W
tap enrol-key-4
tap enrol-key-H
tap enrol-key-Z
screenshot enrol-typed
tap staff-enrol-send
expect staff_enrol
screenshot enrol-sent
R
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/type.replay" "$dir/type" --screenshot-dir "$dir/shots"
	check "$size: the replay should reach the enrol screen and send the code" test "$RC" = 0
	check "$size: the request should hold the code typed, mode 0600" \
		bash -c "[ \"\$(cat '$dir/data/enrol-request')\" = K7QMW4HZ ] && [ \"\$(stat -c %a '$dir/data/enrol-request')\" = 600 ]"
	check "$size: the enrol screen should say the code went, and fit the window" \
		bash -c "label_of() { python3 -c 'import json,sys
print([w for w in json.load(open(sys.argv[1]))[\"widgets\"] if w[\"id\"]==sys.argv[2]][0].get(\"label\",\"\"))' \"\$1\" \"\$2\"; }
			label_of '$dir/type.json' body | grep -q 'code sent' && label_of '$dir/type.json' enrol-code | grep -qx '____-____'"
	check "$size: the enrol screen's widgets should lie inside ${W}x${H}, 32 code keys and no 0, O, 1, I" \
		inside "$dir/type.json" "$W" "$H" staff_enrol
	check "$size: a screenshot of the typed code should be there" test -s "$dir/shots/enrol-typed.png"

	# feedback-syncd's answer, as sync/enrol.c writes it
	rm -f "$dir/data/enrol-request"
	printf 'enrolled\n%s000\nOak Ward\n' "$(date +%s)" >"$dir/data/enrol-result"
	cat >"$dir/done.replay" <<'R'
press 20 20 6000
tap pin-1
tap pin-2
tap pin-3
tap pin-4
tap pin-ok
expect staff
screenshot staff-enrolled
tap staff-enrol
expect staff_enrol
screenshot enrol-enrolled
R
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/done.replay" "$dir/done" --screenshot-dir "$dir/shots"
	check "$size: the enrol screen should say Enrolled for Oak Ward" \
		bash -c "[ '$RC' = 0 ] && python3 -c 'import json,sys
w=[w for w in json.load(open(sys.argv[1]))[\"widgets\"] if w[\"id\"]==\"enrol-status\"]
sys.exit(not w or w[0][\"label\"] != \"Enrolled for Oak Ward\")' '$dir/done.json'"
	printf 'refused\n%s000\nthat enrolment code is wrong, used or out of date; ask for a new one\n' "$(date +%s)" >"$dir/data/enrol-result"
	kiosk_run "$size" "$dir/kiosk.conf" "$dir/done.replay" "$dir/refused" --screenshot-dir "$dir/shots-refused"
	check "$size: a refusal should show the collector's reason" \
		bash -c "[ '$RC' = 0 ] && grep -q 'Not enrolled: that enrolment code is wrong, used or out of date' '$dir/refused.json'"
done
note "screenshots: $FB_TMP/800x480/shots/enrol-typed.png enrol-sent.png enrol-enrolled.png staff-enrolled.png"
finish
