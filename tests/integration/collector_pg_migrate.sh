#!/usr/bin/env bash
# collector_pg_migrate: a Trust on PostgreSQL upgrades from a collector of
# schema 11 (before the Quality Board's quotes and the themes an action
# answers, schema 12, and the tablets' opening hours and modes, schema 13)
# to this one. A real PostgreSQL 15 server started here holds what the old
# collector left: a team's action and a ward's tablet settings (languages,
# idle timeout, crisis help). Opening it once upgrades it in place: the
# schema is 13, the action is still there, answers no theme until one is
# set, and takes one; the ward's tablet settings reach the device's config
# unchanged, with no opening hours or modes (not set); the Quality Board
# page opens. Opening it again changes nothing.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
PW="correct horse battery"

sql() { psql "$PG_CONNINFO" -tAqc "$1" 2>"$FB_TMP/psql.err"; }

pg_start || { fail "a PostgreSQL server should start"; finish; }
coll_setup postgresql || { fail "test set-up (CA, config) should work"; finish; }
d=$COLL_DIR
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
printf '[themes]\nframework_file = %s\n' "$FB_SRC/config/themes/framework.json" >>"$COLL_CONF"
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
coll_cli device add --location WARD1 --id kiosk-1 >/dev/null 2>&1
echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
id=$(coll_cli action add --team willow --you-said "The waiting room was too hot" \
	--we-will "Fit blinds and a fan" --owner "Ward manager" 2>/dev/null)
check "the collector of today should make its store and an action ($id)" test -n "$id"

# what a schema-11 collector left: steps 13 and 12 undone, settings of its day
sql "BEGIN;
 ALTER TABLE location_settings DROP COLUMN opening_hours;
 ALTER TABLE location_settings DROP COLUMN modes;
 DROP TABLE theme_quotes;
 ALTER TABLE actions DROP COLUMN themes;
 DELETE FROM schema_version WHERE version >= 12;
 INSERT INTO location_settings (location, languages, idle_timeout_s, updated_ms, updated_by)
  VALUES ('WARD1', 'en,pl', 90, 1790000000000, 'pat');
 INSERT INTO location_crisis (location, lang, text)
  VALUES ('WARD1', 'en', 'Call the Black Country crisis line on 0800 008 6516.');
 COMMIT;"
check "the store should be back at schema 11 ($(head -c 200 "$FB_TMP/psql.err"))" \
	test "$(sql 'SELECT max(version) FROM schema_version')" = 11

coll_cli action list --team willow >"$FB_TMP/list.txt" 2>"$FB_TMP/list.err"
check "opening it should upgrade it to schema 13" test "$(sql 'SELECT max(version) FROM schema_version')" = 13
check "the action should still be listed, answering no theme ($(cat "$FB_TMP/list.err"))" \
	grep -qx "$id	proposed	-	-	-	Fit blinds and a fan" "$FB_TMP/list.txt"
check "the action should take the themes it answers" \
	bash -c "'$COLL' --config '$COLL_CONF' action themes '$id' environment >/dev/null 2>&1 &&
		 '$COLL' --config '$COLL_CONF' action list --team willow | grep -q \$'\tenvironment\tFit blinds'"
coll_cli device config kiosk-1 --out "$FB_TMP/config.json" >/dev/null 2>"$FB_TMP/config.err"
check "the ward's tablet settings should reach the device's config unchanged ($(cat "$FB_TMP/config.err"))" \
	/usr/bin/python3 -c 'import json,sys
c = json.load(open(sys.argv[1]))["configs"][0]["config"]
ok = c.get("languages") == ["en", "pl"] and c.get("idle_timeout_s") == 90 and \
	"0800 008 6516" in json.dumps(c, ensure_ascii=False)
sys.exit(0 if ok else 1)' "$FB_TMP/config.json"
check "with no opening hours and no modes, as none were set" \
	/usr/bin/python3 -c 'import json,sys
c = json.load(open(sys.argv[1]))["configs"][0]["config"]
sys.exit(1 if c.get("opening_hours") or c.get("modes") else 0)' "$FB_TMP/config.json"

coll_start || { fail "the upgraded collector should start"; finish; }
check "wendy should sign in" coll_sign_in wendy "$PW"
st=$(coll_web GET /quality-board)
check "the Quality Board should open on the upgraded store ($st)" test "$st" = 200
check "and show the action" grep -q "Fit blinds and a fan" "$COLL_PAGE"
coll_stop
coll_cli action list --team willow >/dev/null 2>&1
check "opening it again should change nothing (one row per schema step)" \
	test "$(sql 'SELECT count(*) FROM schema_version WHERE version >= 12')" = 2
finish
