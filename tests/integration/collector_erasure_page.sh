#!/usr/bin/env bash
# collector_erasure_page: a person asks the Trust to erase what they said, and
# the patient experience lead does it on the /erasure page of a real
# feedback-collector, as in a browser (curl with the session cookie and the
# form's token): the search by a phone number written with other spacing and
# capitals finds the person's two responses and their volunteer sign-up but no
# one else's; ticking one of them and confirming erases only that one's words
# and contact details (gone from the pages, the export and the database file's
# bytes), keeps its rating in the month's counts, and leaves one audit row for
# the search (no search words in it) and one for the erasure. A ward manager
# cannot open the page, a form without its token changes nothing, and an id
# that is no hit of the search cannot be slipped in. On SQLite and then on a
# real PostgreSQL 15 server started here: there, no query can read the words
# afterwards and the erasure has vacuumed the table (the bytes of dead rows
# stay on disk until PostgreSQL reuses the space, as docs/collector.md says).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT

# sql QUERY: one value from the store the collector uses.
sql() {
	if [ "$COLL_BACKEND" = postgresql ]; then
		psql "$PG_CONNINFO" -tAqc "$1" 2>/dev/null
	else
		sqlite3 "$COLL_DIR/collector.db" "$1"
	fi
}
run_backend() {
local be=$1
rm -rf "$FB_TMP/coll"
coll_setup "$be" || { fail "$be: test set-up (CA, config) should work"; return; }
d=$COLL_DIR
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
tok=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
PX_PW="correct horse battery"
echo "$PX_PW" | coll_cli user add pat --team px --role patient-experience >/dev/null 2>&1
echo "$PX_PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
coll_start || { fail "$be: the collector should start"; return; }

# the person's two responses (their phone number in the contact details of
# one, in the comment of the other), someone else's, and the person's sign-up
"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 4 \
	--text "The night staff ignored my buzzer" --contact "Sam Jones 07700 900123" >"$d/a.json"
"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 2 \
	--text "Please ring me back on 07700900123 about the parking" >"$d/b.json"
"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 1 \
	--text "Lovely garden, kind nurses" >"$d/c.json"
"$MKBATCH" --device kiosk-1 --signup "Sam Jones" --contact "07700 900123" --date "$(date +%Y-%m-%d)" \
	--public "$d/trust.pub" --location WARD1 >"$d/s.json"
st=""
for f in a b c; do st=$st$(coll_post /v1/responses "$d/$f.json" "$tok" gzip); done
st=$st$(coll_post /v1/responses "$d/s.json" "$tok" gzip)
check "$be: three responses and a sign-up should be pushed" test "$st" = 200200200200
id_a=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["id"])' "$d/a.json")
id_b=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["id"])' "$d/b.json")
id_c=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["id"])' "$d/c.json")

check "$be: a ward manager should sign in" coll_sign_in wendy "$PX_PW"
check "$be: and be refused the erasure page" test "$(coll_web GET '/erasure?q=07700')" = 403
check "$be: the patient experience lead should sign in" coll_sign_in pat "$PX_PW"
page_has() { [ "$(coll_web GET "$1")" = 200 ] && grep -q "$2" "$COLL_PAGE"; }
check "$be: the menu should offer Erasure" page_has / 'href="/erasure">Erasure'

audit_rows() { sql "SELECT count(*) FROM audit WHERE action = '$1'"; }
searches0=$(audit_rows erasure-search)
st=$(coll_web GET '/erasure?q=07700+900123')
check "$be: a search by the phone number as they gave it should answer 200 ($st)" test "$st" = 200
check "$be: it should list the response with it in the contact details" grep -q "r_$id_a" "$COLL_PAGE"
check "$be: and show the contact details to erase" grep -q 'Sam Jones 07700 900123' "$COLL_PAGE"
check "$be: it should not list the comment with the number written without a space" \
	bash -c "! grep -q 'r_$id_b' '$COLL_PAGE'"
check "$be: it should list the person's volunteer sign-up, with a link to erase it" \
	grep -q '/volunteers/[0-9a-f-]*/erase' "$COLL_PAGE"
st=$(coll_web GET '/erasure?q=07700900123')
check "$be: the number as written in the comment should find that response ($st)" grep -q "r_$id_b" "$COLL_PAGE"
st=$(coll_web GET '/erasure?q=BUZZER')
check "$be: words in other capitals should find the first response" grep -q "r_$id_a" "$COLL_PAGE"
check "$be: and no one else's" bash -c "! grep -q -e 'r_$id_b' -e 'r_$id_c' '$COLL_PAGE'"
check "$be: each search should leave one audit row" test "$(audit_rows erasure-search)" = $((searches0 + 3))
check "$be: no audit row should hold the words or number searched for" \
	test "$(sql "SELECT count(*) FROM audit WHERE detail LIKE '%07700%' OR detail LIKE '%uzzer%' OR object LIKE '%07700%'")" = 0
csrf=$(coll_csrf)

st=$(coll_web POST /erasure/confirm --data-urlencode "q=buzzer" --data-urlencode "r_$id_a=1")
check "$be: a confirm without the form's token should be refused ($st)" test "$st" = 403
st=$(coll_web POST /erasure/confirm --data-urlencode "csrf=$csrf" --data-urlencode "q=buzzer" \
	--data-urlencode "r_$id_c=1")
check "$be: an id that is no hit of the search should not be taken ($st)" test "$st" = 400
st=$(coll_web POST /erasure/confirm --data-urlencode "csrf=$csrf" --data-urlencode "q=buzzer" \
	--data-urlencode "r_$id_a=1")
check "$be: ticking the person's response should show it to confirm ($st)" test "$st" = 200
check "$be: the confirm page should carry only that id" grep -q "name=\"ids\" value=\"$id_a\"" "$COLL_PAGE"
check "$be: and say what will go and what stays" grep -q 'ratings stay in their' "$COLL_PAGE"
check "$be: nothing should be erased before it is confirmed" grep -q 'ignored my buzzer' \
	<(sql "SELECT free_text FROM responses WHERE id = '$id_a'")
erasures0=$(audit_rows erasure)
st=$(coll_web POST /erasure/erase --data-urlencode "csrf=$csrf" --data-urlencode "ids=$id_a")
check "$be: an erasure without confirm=yes should change nothing ($st)" test "$st" = 400
st=$(coll_web POST /erasure/erase --data-urlencode "csrf=$csrf" --data-urlencode "confirm=yes" \
	--data-urlencode "ids=$id_a" -D "$FB_TMP/erase.hdr")
check "$be: confirming should erase and go back to the page ($st)" \
	bash -c "[ '$st' = 303 ] && grep -qi '^location: /erasure?done=1' '$FB_TMP/erase.hdr'"
check "$be: the page should then say one response was erased" \
	page_has '/erasure?done=1' 'Erased the words and contact details of 1 response\.'

check "$be: the erasure should leave one audit row, by the lead, naming the response" \
	test "$(sql "SELECT count(*) FROM audit WHERE action = 'erasure' AND user_name = 'pat' AND object = 'response $id_a'")" = 1
check "$be: and only one" test "$(audit_rows erasure)" = $((erasures0 + 1))
coll_web GET '/erasure?q=buzzer' >/dev/null
check "$be: a search for the words should find nothing now" grep -q "No response's comments or contact details hold this text" "$COLL_PAGE"
check "$be: the other two responses should keep their words" \
	test "$(sql "SELECT count(*) FROM responses WHERE free_text LIKE '%parking%' OR free_text LIKE '%garden%'")" = 2
check "$be: the month should still count all three ratings" test "$(coll_count)" = 3
if [ "$be" = postgresql ]; then
	check "$be: the erasure should have vacuumed the responses table" \
		test -n "$(sql "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'responses'")"
	check "$be: no query should read the erased words or number anywhere in the store" \
		test "$(sql "SELECT count(*) FROM responses WHERE free_text LIKE '%buzzer%' OR free_text LIKE '%Sam Jones%'")" = 0
fi
coll_stop
if [ "$be" = sqlite ]; then
	check "$be: no byte of the erased words or number should be left in the database file" \
		bash -c "! grep -aq -e 'ignored my buzzer' -e 'Sam Jones 07700' '$d/collector.db' '$d/collector.db-wal'"
fi
}

run_backend sqlite
pg_start || { fail "a PostgreSQL server should start"; finish; }
run_backend postgresql
finish
