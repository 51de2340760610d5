#!/usr/bin/env bash
# Roles, users and the audit trail on a real collector, on SQLite and then on
# a real PostgreSQL 15 server started here: the first admin made on the
# command line, a results user refused the admin pages, a disabled user's
# session refused at once, a one-time password link that works once, and
# exactly one audit row per step with no password in any row. Sign-in is by
# curl over TLS, as a browser posts the form.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
PW="correct horse battery"
NEWPW="a brand new passphrase"

# sign_in NAME PASSWORD JAR: the sign-in form's token and cookie, then the
# form posted; prints the status (303 when signed in).
sign_in() {
	local body tok
	rm -f "$3"
	body=$(curl -s --cacert "$COLL_CA" -c "$3" "$COLL_URL/login")
	tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$body" | head -1)
	curl -s -o /dev/null -w '%{http_code}' --cacert "$COLL_CA" -b "$3" -c "$3" \
		--data-urlencode "csrf=$tok" --data-urlencode "user=$1" --data-urlencode "password=$2" \
		"$COLL_URL/login"
}

# page PATH JAR: the status of a GET with the jar's session.
page() {
	curl -s -o "$FB_TMP/page.html" -w '%{http_code}' --cacert "$COLL_CA" -b "$2" "$COLL_URL$1"
}

# rows ACTION: audit rows of that action.
rows() {
	coll_cli audit --action "$1" 2>/dev/null | tail -n +2 | wc -l
}

run_backend() {
	local be=$1
	rm -rf "$FB_TMP/coll"
	coll_setup "$be" || { fail "$be: test set-up (CA, config)"; return; }
	"$COLL" keygen --public "$COLL_DIR/trust.pub" --secret "$COLL_DIR/trust.key" >/dev/null 2>&1
	coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
	echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
	check "$be: the first admin should be made on the command line" \
		bash -c "echo '$PW' | '$COLL' --config '$COLL_CONF' user add ada --team it --role admin"
	check "$be: user list should show each user's role and state" \
		bash -c "'$COLL' --config '$COLL_CONF' user list | grep -q \$'^ada\tteam it\trole admin\tenabled'"
	local tok1
	tok1=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
	coll_start || { fail "$be: the collector should start"; return; }
	# ten kiosk answers in English on Willow Ward, for the Trust report
	"$MKBATCH" --public "$COLL_DIR/trust.pub" --device kiosk-1 --location WARD1 --count 10 \
		--fft 1,1,1,1,1,2,2,2,2,2 >"$FB_TMP/b1.json"
	check "$be: ten responses should be pushed for the Trust report" \
		test "$(coll_post /v1/responses "$FB_TMP/b1.json" "$tok1" gzip)" = 200

	local w=$FB_TMP/wendy.jar a=$FB_TMP/ada.jar
	check "$be: wendy should sign in" test "$(sign_in wendy "$PW" "$w")" = 303
	check "$be: a results user should get 403 on the admin pages" test "$(page /admin "$w")" = 403
	check "$be: the 403 page should say why in plain words" \
		grep -q "This page is for people with the Admin role" "$FB_TMP/page.html"
	check "$be: the admin should sign in" test "$(sign_in ada "$PW" "$a")" = 303
	check "$be: the admin should see the users page" test "$(page /admin/users "$a")" = 200
	check "$be: a results user should get 403 on the Trust report" test "$(page /report "$w")" = 403
	check "$be: the Trust report should render for the admin" test "$(page /report "$a")" = 200
	check "$be: the Trust report should count the ten by team, mode and language (100% positive)" \
		bash -c "grep -q 'All teams' '$FB_TMP/page.html' && grep -q '>100%' '$FB_TMP/page.html' &&
			 grep -q 'Kiosk (the person answered on their own)</td><td[^>]*>10</td>' '$FB_TMP/page.html' &&
			 grep -q 'English (en)</td><td[^>]*>10</td>' '$FB_TMP/page.html'"
	check "$be: the Trust report's CSV should hold the same figures" \
		bash -c "[ \$(curl -s -o '$FB_TMP/report.csv' -w '%{http_code}' --cacert '$COLL_CA' -b '$a' '$COLL_URL/report.csv') = 200 ] &&
			 grep -q '^% positive,All teams,Responses,10,' '$FB_TMP/report.csv' &&
			 grep -q '^Responses by mode,,Kiosk (the person answered on their own),10,' '$FB_TMP/report.csv'"
	check "$be: wendy's session should work before she is disabled" test "$(page / "$w")" = 200

	coll_cli user disable wendy >/dev/null
	check "$be: a disabled user's session should stop at once" test "$(page / "$w")" = 303
	check "$be: a disabled user should not sign in" test "$(sign_in wendy "$PW" "$w")" = 401
	coll_cli user enable wendy >/dev/null

	local link tok
	link=$(coll_cli user reset wendy 2>/dev/null)
	tok=${link##*token=}
	check "$be: the reset link's page should open" test "$(page "/reset?token=$tok" "$w")" = 200
	st=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$COLL_CA" --data-urlencode "token=$tok" \
		--data-urlencode "password=$NEWPW" --data-urlencode "again=$NEWPW" "$COLL_URL/reset")
	check "$be: the link should set the new password ($st)" test "$st" = 303
	check "$be: wendy should sign in with the new password" test "$(sign_in wendy "$NEWPW" "$w")" = 303
	st=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$COLL_CA" --data-urlencode "token=$tok" \
		--data-urlencode "password=$PW$PW" --data-urlencode "again=$PW$PW" "$COLL_URL/reset")
	check "$be: the link should not work twice ($st)" test "$st" = 410
	check "$be: the old password should no longer sign in" test "$(sign_in wendy "$PW" "$w")" = 401

	coll_cli team rename willow "Willow adult wards" >/dev/null
	sign_in wendy "$NEWPW" "$w" >/dev/null
	check "$be: a team renamed on the command line should show its name on its pages" \
		bash -c "[ \$(curl -s -o '$FB_TMP/home.html' -w '%{http_code}' --cacert '$COLL_CA' -b '$w' '$COLL_URL/') = 200 ] && grep -q 'Willow adult wards' '$FB_TMP/home.html'"
	check "$be: a team with a location in use should not be retired" \
		bash -c "! '$COLL' --config '$COLL_CONF' team retire willow 2>'$FB_TMP/retire.err' && grep -q 'still has 1 location in use' '$FB_TMP/retire.err'"
	coll_cli team add rowan "Rowan older adults" >/dev/null
	check "$be: an empty team should be retired" coll_cli team retire rowan
	coll_cli export --format responses --out "$FB_TMP/r.csv" >/dev/null 2>&1
	check "$be: one audit row each: disable, enable, reset, password set; two exports (report, responses)" \
		test "$(rows user-disable):$(rows user-enable):$(rows user-reset):$(rows password-set):$(rows export)" = "1:1:1:1:2"
	check "$be: one audit row each: team rename, add, retire (none for the refused retire)" \
		test "$(rows team-rename):$(rows team-add):$(rows team-retire)" = "1:1:1"
	check "$be: the audit should hold the sign-ins and the failed ones (4 and 2)" \
		test "$(rows sign-in):$(rows sign-in-failed)" = "4:2"
	coll_cli audit >"$FB_TMP/audit-$be.csv" 2>/dev/null
	check "$be: no audit row should hold a password or the reset link" \
		bash -c "! grep -qiF -e '$PW' -e '$NEWPW' -e '$tok' '$FB_TMP/audit-$be.csv'"
	check "$be: the audit should filter by user and day (ada's sign-in and report download)" \
		test "$(coll_cli audit --user ada --from "$(date +%F)" --to "$(date +%F)" 2>/dev/null | tail -n +2 | wc -l)" = 2
	coll_stop
	check "$be: the collector log should hold no password" \
		bash -c "! grep -qF -e '$PW' -e '$NEWPW' '$FB_TMP/collector.log'"
}

run_backend sqlite

# The stop-gap [results] safeguarding_team still works for one release, and
# the collector says what to do instead.
sed -i 's/^\[results\]$/[results]\nsafeguarding_team = safeguarding/' "$COLL_CONF"
coll_cli --check-config >"$FB_TMP/check.out" 2>&1
check "[results] safeguarding_team should be read, with a message saying which command gives the role" \
	grep -q "safeguarding_team is deprecated.*user role NAME safeguarding" "$FB_TMP/check.out"
pg_start || { fail "a PostgreSQL server should start"; finish; }
run_backend postgresql
finish
