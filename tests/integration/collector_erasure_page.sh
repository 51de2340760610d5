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
# that is no hit of the search cannot be slipped in.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
coll_setup sqlite || { fail "test set-up (CA, config) should work"; finish; }
d=$COLL_DIR
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
tok=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
PX_PW="correct horse battery"
echo "$PX_PW" | coll_cli user add pat --team px --role patient-experience >/dev/null 2>&1
echo "$PX_PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
coll_start || { fail "the collector should start"; finish; }

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
check "three responses and a sign-up should be pushed" test "$st" = 200200200200
id_a=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["id"])' "$d/a.json")
id_b=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["id"])' "$d/b.json")
id_c=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["id"])' "$d/c.json")

check "a ward manager should sign in" coll_sign_in wendy "$PX_PW"
check "and be refused the erasure page" test "$(coll_web GET '/erasure?q=07700')" = 403
check "the patient experience lead should sign in" coll_sign_in pat "$PX_PW"
page_has() { [ "$(coll_web GET "$1")" = 200 ] && grep -q "$2" "$COLL_PAGE"; }
check "the menu should offer Erasure" page_has / 'href="/erasure">Erasure'

audit_rows() { sqlite3 "$d/collector.db" "SELECT count(*) FROM audit WHERE action = '$1'"; }
searches0=$(audit_rows erasure-search)
st=$(coll_web GET '/erasure?q=07700+900123')
check "a search by the phone number as they gave it should answer 200 ($st)" test "$st" = 200
check "it should list the response with it in the contact details" grep -q "r_$id_a" "$COLL_PAGE"
check "and show the contact details to erase" grep -q 'Sam Jones 07700 900123' "$COLL_PAGE"
check "it should not list the comment with the number written without a space" \
	bash -c "! grep -q 'r_$id_b' '$COLL_PAGE'"
check "it should list the person's volunteer sign-up, with a link to erase it" \
	grep -q '/volunteers/[0-9a-f-]*/erase' "$COLL_PAGE"
st=$(coll_web GET '/erasure?q=07700900123')
check "the number as written in the comment should find that response ($st)" grep -q "r_$id_b" "$COLL_PAGE"
st=$(coll_web GET '/erasure?q=BUZZER')
check "words in other capitals should find the first response" grep -q "r_$id_a" "$COLL_PAGE"
check "and no one else's" bash -c "! grep -q -e 'r_$id_b' -e 'r_$id_c' '$COLL_PAGE'"
check "each search should leave one audit row" test "$(audit_rows erasure-search)" = $((searches0 + 3))
check "no audit row should hold the words or number searched for" \
	test "$(sqlite3 "$d/collector.db" "SELECT count(*) FROM audit WHERE detail LIKE '%07700%' OR detail LIKE '%uzzer%' OR object LIKE '%07700%'")" = 0
csrf=$(coll_csrf)

st=$(coll_web POST /erasure/confirm --data-urlencode "q=buzzer" --data-urlencode "r_$id_a=1")
check "a confirm without the form's token should be refused ($st)" test "$st" = 403
st=$(coll_web POST /erasure/confirm --data-urlencode "csrf=$csrf" --data-urlencode "q=buzzer" \
	--data-urlencode "r_$id_c=1")
check "an id that is no hit of the search should not be taken ($st)" test "$st" = 400
st=$(coll_web POST /erasure/confirm --data-urlencode "csrf=$csrf" --data-urlencode "q=buzzer" \
	--data-urlencode "r_$id_a=1")
check "ticking the person's response should show it to confirm ($st)" test "$st" = 200
check "the confirm page should carry only that id" grep -q "name=\"ids\" value=\"$id_a\"" "$COLL_PAGE"
check "and say what will go and what stays" grep -q 'ratings stay in their' "$COLL_PAGE"
check "nothing should be erased before it is confirmed" grep -q 'ignored my buzzer' \
	<(sqlite3 "$d/collector.db" "SELECT free_text FROM responses WHERE id = '$id_a'")
erasures0=$(audit_rows erasure)
st=$(coll_web POST /erasure/erase --data-urlencode "csrf=$csrf" --data-urlencode "ids=$id_a")
check "an erasure without confirm=yes should change nothing ($st)" test "$st" = 400
st=$(coll_web POST /erasure/erase --data-urlencode "csrf=$csrf" --data-urlencode "confirm=yes" \
	--data-urlencode "ids=$id_a" -D "$FB_TMP/erase.hdr")
check "confirming should erase and go back to the page ($st)" \
	bash -c "[ '$st' = 303 ] && grep -qi '^location: /erasure?done=1' '$FB_TMP/erase.hdr'"
check "the page should then say one response was erased" \
	page_has '/erasure?done=1' 'Erased the words and contact details of 1 response\.'

check "the erasure should leave one audit row, by the lead, naming the response" \
	test "$(sqlite3 "$d/collector.db" "SELECT count(*) FROM audit WHERE action = 'erasure' AND user_name = 'pat' AND object = 'response $id_a'")" = 1
check "and only one" test "$(audit_rows erasure)" = $((erasures0 + 1))
coll_web GET '/erasure?q=buzzer' >/dev/null
check "a search for the words should find nothing now" grep -q "No response's comments or contact details hold this text" "$COLL_PAGE"
check "the other two responses should keep their words" \
	test "$(sqlite3 "$d/collector.db" "SELECT count(*) FROM responses WHERE free_text LIKE '%parking%' OR free_text LIKE '%garden%'")" = 2
check "the month should still count all three ratings" test "$(coll_count)" = 3
coll_stop
check "no byte of the erased words or number should be left in the database file" \
	bash -c "! grep -aq -e 'ignored my buzzer' -e 'Sam Jones 07700' '$d/collector.db' '$d/collector.db-wal'"
finish
