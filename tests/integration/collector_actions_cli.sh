#!/usr/bin/env bash
# collector_actions_cli: a team's "You said, we did" actions from
# feedback-collector's command line, through the same module as the actions
# pages. An action is made (its number printed), moved to done and published
# for Willow Ward in English and Polish; the audit trail has one row per
# step, as "command line" from "local", and no words. Each refusal (an
# unknown team, a state that does not exist, dropped without a reason, a due
# date that is no date, publishing before done, an unknown location, another
# team's location, a language the kiosks do not offer, dates the wrong way
# round, an action that does not exist) exits 1, says what to do, and changes
# nothing. On SQLite.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"

coll_setup sqlite || { fail "collector set up"; finish; }
printf 'languages = en, pl\n' >>"$COLL_CONF"   # [results] is the config's last section
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
coll_cli location add WARD9 "Oak Ward" --team oak >/dev/null
DB=$COLL_DIR/collector.db
rows() { sqlite3 "$DB" "$1"; }
actions() { rows "SELECT count(*) FROM actions"; }
published() { rows "SELECT count(*) FROM published_items"; }
history() { rows "SELECT count(*) FROM action_history"; }

# refused "what" "message part" ARGS...: exits 1, says the message on
# stderr, prints nothing on stdout, changes no action, item or history row.
refused() {
	local what=$1 want=$2 before
	shift 2
	before="$(actions) $(published) $(history)"
	coll_cli action "$@" >"$FB_TMP/out" 2>"$FB_TMP/err"
	local rc=$?
	if [ "$rc" = 1 ] && grep -qF -- "$want" "$FB_TMP/err" && [ ! -s "$FB_TMP/out" ] &&
		[ "$(actions) $(published) $(history)" = "$before" ]; then
		ok "$what should be refused: $(cat "$FB_TMP/err")"
	else
		fail "$what should be refused with '$want' (exit $rc, said: $(cat "$FB_TMP/err" "$FB_TMP/out"))"
	fi
}

refused "an unknown team" "no team 'wilow'" add --team wilow --you-said "Too hot" --we-will "A fan"
refused "a due date that is no date" "'2027-02-30' is not one" \
	add --team willow --you-said "Too hot" --we-will "A fan" --due 2027-02-30
refused "an empty We will" 'under "We will"' add --team willow --you-said "Too hot" --we-will "  "
refused "a You said over 1000 characters" "1000 characters" \
	add --team willow --you-said "$(printf 'ż%.0s' $(seq 1001))" --we-will "A fan"

id=$(coll_cli action add --team willow --you-said "The waiting room was too hot" \
	--we-will "We fitted blinds and a fan" --owner "Ward manager" --due 2027-01-31 2>"$FB_TMP/err")
check "action add should print the new action's number ($id $(cat "$FB_TMP/err"))" \
	test "$id" -ge 1 2>/dev/null
check "the action should be willow's, proposed, due 31 January" \
	test "$(rows "SELECT team, state, due, created_by FROM actions WHERE id = $id")" = \
	"willow|proposed|2027-01-31|command line"

refused "a state that does not exist" "no state 'finished': choose proposed, planned, doing, done or dropped" \
	state "$id" finished
refused "dropping without a reason" "say why it is dropped" state "$id" dropped
refused "an action that does not exist" "no action 999" state 999 done
refused "publishing before it is done" "only a done action can be shown" \
	publish "$id" --location WARD1 --lang en --you-said "Too hot" --we-did "Blinds"

check "action state should move it to done" \
	bash -c "'$COLL' --config '$COLL_CONF' action state $id done | grep -q 'proposed -> done'"
check "its history should date the move, by the command line" \
	test "$(rows "SELECT state || ' by ' || by_user FROM action_history WHERE action_id = $id ORDER BY id")" = \
	"$(printf 'proposed by command line\ndone by command line')"

refused "an unknown location" "no location 'WARD7'" \
	publish "$id" --location WARD1,WARD7 --lang en --you-said "Too hot" --we-did "Blinds"
refused "another team's location" "location 'WARD9' is team oak's, not willow's" \
	publish "$id" --location WARD9 --lang en --you-said "Too hot" --we-did "Blinds"
refused "a language the kiosks do not offer" "the kiosks do not offer language 'cy'" \
	publish "$id" --location WARD1 --lang cy --you-said "Rhy boeth" --we-did "Bleindiau"
refused "a language with one text of two" "give both --you-said and --we-did for language 'pl'" \
	publish "$id" --location WARD1 --lang en --you-said "Too hot" --we-did "Blinds" --lang pl --you-said "Za gorąco"
refused "a last day before the first" "the last on or after the first" \
	publish "$id" --location WARD1 --lang en --you-said "Too hot" --we-did "Blinds" \
	--from 2026-12-10 --to 2026-12-01
refused "a first day that is no date" "as dates (YYYY-MM-DD)" \
	publish "$id" --location WARD1 --lang en --you-said "Too hot" --we-did "Blinds" --from 10/12/2026
refused "a waiting-room text over 150 characters" "150 characters" \
	publish "$id" --location WARD1 --lang en --you-said "$(printf 'a%.0s' $(seq 151))" --we-did "Blinds"

out=$(coll_cli action publish "$id" --location WARD1 --lang en --you-said "The waiting room was too hot" \
	--we-did "We fitted blinds and a fan" --lang pl --you-said "W poczekalni było za gorąco" \
	--we-did "Zamontowaliśmy rolety i wentylator" --from 2026-12-01 --to 2027-02-28 2>&1)
check "action publish should say where, in which languages and when ($out)" \
	test "$out" = "action $id published for WARD1 in en, pl, shown 2026-12-01 to 2027-02-28"
check "the item should be stored for Willow Ward in English and Polish" \
	test "$(rows "SELECT group_concat(l.location || ':' || t.lang || ':' || t.we_did, ';') FROM published_items i
		JOIN published_locations l ON l.item_id = i.id JOIN published_texts t ON t.item_id = i.id
		WHERE i.action_id = $id ORDER BY t.lang")" = \
	"WARD1:en:We fitted blinds and a fan;WARD1:pl:Zamontowaliśmy rolety i wentylator"
check "action list should show it done and published" \
	bash -c "'$COLL' --config '$COLL_CONF' action list --team willow | grep -qx '$id	done	2027-01-31	published	-	We fitted blinds and a fan'"
refused "listing an unknown team" "no team 'ok'" list --team ok

coll_cli audit --user "command line" >"$FB_TMP/audit.csv"
check "the audit trail should have one row for each step, from local" \
	test "$(grep -c ",command line,local,action-" "$FB_TMP/audit.csv")" = 3
check "the publish row should say where, which languages and when" \
	grep -qF "action-publish,action $id,\"WARD1; en,pl; 2026-12-01 to 2027-02-28\"" "$FB_TMP/audit.csv"
check "the audit trail should hold none of the words" \
	bash -c "! grep -qi 'blinds\|too hot\|rolety' '$FB_TMP/audit.csv'"
check "no sanitizer report" bash -c "! grep -qs Sanitizer '$FB_TMP/err'"
finish
