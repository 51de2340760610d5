#!/usr/bin/env bash
# The results pages end to end: a real feedback-collector over TLS with a
# throwaway CA, data pushed as a device would, and curl as the browser (cookie
# jar, form posts): sign-in, cookie flags, CSRF, counts, small numbers,
# comment order and escaping, charts, access control, downloads, fleet (and
# the estates team's whole fleet with unknown locations), months in UK time.
# Runs once on SQLite and once on a real PostgreSQL (when one starts).
# WEB_SCREENSHOT_DIR=DIR: also save screenshots of the pages there (needs chromium).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
PW="correct horse battery"

# web GET|POST PATH [curl args...]: prints the status; body in $PAGE, headers in $HDR
web() {
	local method=$1 path=$2
	shift 2
	curl -s --max-time 20 --cacert "$COLL_CA" -b "$JAR" -c "$JAR" -D "$HDR" -o "$PAGE" \
		-w '%{http_code}' -X "$method" "$@" "$COLL_URL$path"
}
has()    { grep -qF -- "$1" "$PAGE"; }
hasnt()  { ! grep -qF -- "$1" "$PAGE"; }
header() { grep -i "^$1:" "$HDR" | tr -d '\r'; }
csrf_of_page() { python3 -c 'import re,sys
m=re.search(r"name=\"csrf\" value=\"([^\"]+)\"", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$PAGE"; }

# web_suite BACKEND: everything below against a fresh collector on BACKEND.
web_suite() {
	coll_setup "$1" || { fail "test set-up (CA, config) for $1"; return; }
	note "backend: $1"
	local d=$COLL_DIR tok tok1 tok2 st b pushed cookie csrf p browser
	JAR=$FB_TMP/cookies.txt
	PAGE=$FB_TMP/page.html
	HDR=$FB_TMP/page.hdr

	# --- a Trust with two teams ---------------------------------------------------
	"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
	coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
	coll_cli location add WARD2 "Oak Ward" --team oak >/dev/null
	check "user add should take the password on stdin" \
		bash -c "echo '$PW' | '$COLL' --config '$COLL_CONF' user add wendy --team willow >/dev/null 2>&1"
	echo "$PW" | coll_cli user add owen --team oak >/dev/null 2>&1
	tok1=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
	tok2=$(coll_cli device add --location WARD2 --id kiosk-2 2>/dev/null)
	coll_cli device add --location WARD1 --id kiosk-3 >/dev/null 2>&1
	echo "$PW" | coll_cli user add eddie --team estates >/dev/null 2>&1
	echo "fleet_team = estates" >>"$COLL_CONF"   # [results] is the config's last section
	echo "submission_team = estates" >>"$COLL_CONF"

	coll_start || { fail "the collector should start"; return; }
	ok "the collector should start and answer over TLS"

	# Willow Ward: 8 very good, 6 good, 5 poor, 1 don't know; then a comment with
	# markup (very good) and a safeguarding one (very poor): 22 answers,
	# 15 positive (68%), 6 negative (27%). Synthetic ones must not count.
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 20 \
		--fft 1,1,1,1,1,1,1,1,2,2,2,2,2,2,4,4,4,4,4,6 >"$d/a.json"
	"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 1 \
		--text "<script>alert('x')</script> the garden was lovely" >"$d/b.json"
	"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 5 \
		--text "nobody listened and I want to kill myself" >"$d/c.json"
	"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 10 --fft 5 \
		--synthetic --text "synthetic test text" >"$d/s.json"
	"$MKBATCH" --public "$d/trust.pub" --device kiosk-2 --location WARD2 --count 6 --fft 1 \
		--text "oak private words" >"$d/o.json"
	pushed=1
	for b in a b c s; do
		[ "$(coll_post /v1/responses "$d/$b.json" "$tok1" gzip)" = 200 ] || pushed=0
	done
	[ "$(coll_post /v1/responses "$d/o.json" "$tok2" gzip)" = 200 ] || pushed=0
	# 00:30 BST on 1 June 2026, and a location code nobody added (refused: kiosk-1 is
	# enrolled for WARD1 only)
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 5 --fft 1 --submitted 1780270200000 >"$d/june.json"
	"$MKBATCH" --device kiosk-1 --location NOWARD9 --count 6 --fft 1 >"$d/unknown.json"
	[ "$(coll_post /v1/responses "$d/june.json" "$tok1" gzip)" = 200 ] || pushed=0
	[ "$(coll_post /v1/responses "$d/unknown.json" "$tok1" gzip)" = 200 ] || pushed=0
	check "the test responses should be pushed over TLS" test "$pushed" = 1
	printf '{"protocol":"fb-sync/1","device_id":"kiosk-1","version":"0.1.0","device_time_ms":%s,"queue_depth":2,"oldest_unsent_age_s":40,"quarantined":0,"last_ack_ms":0,"last_error":"","disk_free_bytes":1000000}' \
		"$(date +%s000)" >"$d/hb.json"
	coll_post /v1/heartbeat "$d/hb.json" "$tok1" identity >/dev/null

	# --- signing in -----------------------------------------------------------------
	st=$(web GET /)
	check "a visitor who is not signed in should be sent to the sign-in page" \
		test "$st:$(header Location)" = "303:Location: /login"
	st=$(web GET /login)
	check "the sign-in page should answer 200 with a form" test "$st" = 200
	check "the sign-in form should carry a token" test -n "$(csrf_of_page)"
	tok=$(csrf_of_page)
	st=$(web POST /login --data-urlencode "csrf=$tok" --data-urlencode "user=wendy" \
		--data-urlencode "password=not the password")
	check "a wrong password should be refused with 401" test "$st" = 401
	check "a wrong password should say so plainly" has "The user name or password is not right"
	cp "$PAGE" "$FB_TMP/login.html"
	check "a refused sign-in should give no session cookie" bash -c "! grep -qi '^Set-Cookie: fb_session' '$HDR'"
	tok=$(csrf_of_page)
	st=$(web POST /login --data-urlencode "csrf=forged" --data-urlencode "user=wendy" \
		--data-urlencode "password=$PW")
	check "a sign-in without the form's token should be refused" test "$st" = 403
	tok=$(csrf_of_page)
	st=$(web POST /login --data-urlencode "csrf=$tok" --data-urlencode "user=wendy" \
		--data-urlencode "password=$PW")
	check "the right password should sign in and go to the home page" \
		test "$st:$(header Location)" = "303:Location: /"
	cookie=$(header Set-Cookie)
	check "the session cookie should be Secure, HttpOnly, SameSite=Strict, Path=/" \
		bash -c "grep -q 'fb_session=' <<<'$cookie' && grep -q 'Secure' <<<'$cookie' &&
			 grep -q 'HttpOnly' <<<'$cookie' && grep -q 'SameSite=Strict' <<<'$cookie' &&
			 grep -q 'Path=/;' <<<'$cookie'"

	# --- pages ----------------------------------------------------------------------
	st=$(web GET /)
	check "the home page should list the team's own location" test "$st" = 200 -a -n "$(has 'Willow Ward' && echo y)"
	check "the home page should not list another team's location" hasnt "Oak Ward"
	check "pages should be sent with a content security policy and no-store" \
		bash -c "grep -qi '^Content-Security-Policy: default-src' '$HDR' && grep -qi '^Cache-Control: no-store' '$HDR'"
	check "the page CSP should allow styles only from the collector itself (no inline style)" \
		bash -c "grep -i '^Content-Security-Policy:' '$HDR' | grep -q \"style-src 'self';\" && ! grep -qi unsafe-inline '$HDR'"
	check "the page CSP should allow scripts only from the collector itself (no inline script, no eval)" \
		bash -c "grep -i '^Content-Security-Policy:' '$HDR' | grep -q \"script-src 'self';\" && ! grep -qi unsafe-eval '$HDR'"
	csrf=$(csrf_of_page)
	cp "$PAGE" "$FB_TMP/home.html"

	# --- the NHS.UK styles, as a browser fetches them ---------------------------------
	st=$(curl -s --max-time 20 --cacert "$COLL_CA" -D "$HDR" -o "$PAGE" -w '%{http_code}' \
		"$COLL_URL/assets/nhsuk-frontend.min.css?v=1")
	check "the NHS.UK CSS should be served as text/css, cached long, with no cookie and no sign-in" \
		bash -c "[ '$st' = 200 ] && grep -qi '^Content-Type: text/css' '$HDR' &&
			 grep -qi '^Cache-Control: public, max-age=31536000' '$HDR' && ! grep -qi '^Set-Cookie' '$HDR' &&
			 cmp -s '$PAGE' '$FB_BIN/static/nhsuk-frontend.min.css'"
	st=$(curl -s --max-time 20 --cacert "$COLL_CA" -D "$HDR" -o "$PAGE" -w '%{http_code}' \
		"$COLL_URL/assets/coding.js?v=1")
	check "the coding forms' keys (coding.js) should be served as JavaScript, cached long, no sign-in" \
		bash -c "[ '$st' = 200 ] && grep -qi '^Content-Type: text/javascript' '$HDR' &&
			 grep -qi '^Cache-Control: public, max-age=31536000' '$HDR' &&
			 cmp -s '$PAGE' '$FB_BIN/static/coding.js'"
	st=$(curl -s --max-time 20 --cacert "$COLL_CA" -o /dev/null -w '%{http_code}' \
		"$COLL_URL/assets/images/nhsuk-icon-arrow-down.svg")
	check "an icon the CSS names should be served" test "$st" = 200
	bad=""
	for p in "/assets/%2e%2e/feedback-collector" "/assets/..%2ffeedback-collector" "/assets/../feedback-collector" \
		"/assets/images%2f..%2f..%2ffeedback-collector" "/assets/images" "/assets/nope.css"; do
		st=$(curl -s --max-time 20 --path-as-is --cacert "$COLL_CA" -o "$PAGE" -w '%{http_code}' "$COLL_URL$p")
		[ "$st" = 404 ] && ! grep -qa ELF "$PAGE" || bad="$bad $p($st)"
	done
	check "asset paths with dots, encoded slashes or a directory should get 404${bad:+:$bad}" test -z "$bad"

	st=$(web GET /location/WARD1)
	cp "$PAGE" "$FB_TMP/ward1.html"
	check "the location page should answer 200" test "$st" = 200
	check "the location page should count 22 responses, leaving synthetic ones out" \
		has 'Responses</h2><p class="nhsuk-card__description"><span class="fb-figure-n">22</span>'
	# 27% negative would give away the one "don't know" (22 - 15 - 6 = 1)
	check "the location page should show 68% positive, and hide the negative share that would give a small count away" \
		bash -c "grep -qF '<span class=\"fb-figure-n\">68%</span>' '$PAGE' && ! grep -qF '27%' '$PAGE' &&
			 grep -qF 'hidden so that a small number cannot be worked out' '$PAGE'"
	check "counts from 1 to 4 should show as *" has '<td class="nhsuk-table__cell">Very poor</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">*</td>'
	check "the page should draw the trend and answer charts with the 95% target line" \
		bash -c "grep -qF '<svg class=\"fb-chart fb-trend fb-chart--wide\"' '$PAGE' && grep -qF '<svg class=\"fb-chart fb-bars fb-chart--wide\"' '$PAGE' && grep -qF 'Target 95%' '$PAGE'"
	check "a comment's markup should be shown as text, never run" \
		bash -c "grep -qF '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; the garden was lovely' '$PAGE' && ! grep -qF '<script>' '$PAGE'"
	check "the safeguarding comment should come first and be marked" python3 -c '
import sys; b = open(sys.argv[1]).read()
f = b.find("kill myself"); g = b.find("the garden was lovely"); m = b.find("Safeguarding concern</strong> Read and act")
sys.exit(not (0 < m < f < g))' "$PAGE"
	check "synthetic responses' text should never be shown" hasnt "synthetic test text"
	st=$(web GET "/location/WARD1?fft=1&q=GARDEN")
	check "filtering by rating and words should keep only matching comments" \
		bash -c "grep -qF 'the garden was lovely' '$PAGE' && ! grep -qF 'kill myself' '$PAGE'"
	st=$(web GET /location/WARD2)
	check "another team's location should answer 403" test "$st" = 403
	check "the 403 page should not show the other team's comments" hasnt "oak private words"
	st=$(web GET /team)
	check "the team page should show the team's comments and no one else's" \
		bash -c "[ '$st' = 200 ] && grep -qF 'the garden was lovely' '$PAGE' && ! grep -qF 'oak private' '$PAGE'"
	st=$(web GET /quality-board)
	check "the Quality Board should show the location with a We did space and no safeguarding text" \
		bash -c "[ '$st' = 200 ] && grep -qF 'Willow Ward: You said, we did' '$PAGE' && grep -qF 'class=\"fb-wedid\"' '$PAGE' && ! grep -qF 'kill myself' '$PAGE'"
	# --- a flagged comment: new until marked seen, then actioned with a note -------
	st=$(web GET /safeguarding)
	check "the safeguarding page should list the flagged comment as not yet seen" \
		bash -c "[ '$st' = 200 ] && grep -qF 'kill myself' '$PAGE' && grep -qF 'Not yet seen.' '$PAGE'"
	local fid
	fid=$(python3 -c 'import re,sys
m=re.search(r"name=\"id\" value=\"([^\"]+)\"", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$PAGE")
	csrf=$(csrf_of_page)
	st=$(web POST /safeguarding/seen --data-urlencode "csrf=$csrf" --data-urlencode "id=$fid" \
		--data-urlencode "back=/location/WARD1")
	check "Mark seen should answer 303 back to the location page" \
		bash -c "[ '$st' = 303 ] && grep -qi '^location: /location/WARD1' '$HDR'"
	st=$(web POST /safeguarding/actioned --data-urlencode "csrf=$csrf" --data-urlencode "id=$fid" \
		--data-urlencode "note=talked to the ward manager" --data-urlencode "back=/safeguarding")
	st=$(web GET /safeguarding)
	check "the comment should then show who saw it and the action's note" \
		bash -c "grep -qF 'Seen by <strong>wendy</strong>' '$PAGE' && grep -qF 'talked to the ward manager' '$PAGE' && grep -qF 'None: every flagged comment has been seen.' '$PAGE'"
	# --- "You said, we did": an action from a comment, done, published ----------------
	local cid aid
	web GET "/location/WARD1" >/dev/null
	cid=$(python3 -c 'import re,sys
m=re.search(r"/actions/new\?comment=([0-9a-f-]+)", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$PAGE")
	st=$(web GET "/actions/new?comment=$cid")
	check "a comment's button should open a new action with the comment's words" \
		bash -c "[ '$st' = 200 ] && [ -n '$cid' ] && grep -qF 'From this comment' '$PAGE'"
	csrf=$(csrf_of_page)
	st=$(web POST /actions/new --data-urlencode "csrf=$csrf" --data-urlencode "comments=$cid" \
		--data-urlencode "you_said=The garden matters to you" --data-urlencode "we_will=Open the garden every afternoon" \
		--data-urlencode "owner=Ward manager" --data-urlencode "due=")
	aid=$(header Location | sed -n 's|^Location: /actions/\([0-9]*\)$|\1|p')
	check "making the action should answer 303 to its page" test "$st" = 303 -a -n "$aid"
	st=$(web POST "/actions/$aid/state" --data-urlencode "csrf=$csrf" --data-urlencode "state=dropped" --data-urlencode "reason=")
	check "dropping an action without a reason should be refused" test "$st" = 400
	st=$(web POST "/actions/$aid/state" --data-urlencode "csrf=$csrf" --data-urlencode "state=done" --data-urlencode "reason=")
	check "moving it to done should answer 303" test "$st" = 303
	st=$(web POST "/actions/$aid/publish" --data-urlencode "csrf=$csrf" --data-urlencode "loc_WARD1=on" \
		--data-urlencode "from=$(date +%F)" --data-urlencode "to=$(date -d '+30 days' +%F)" \
		--data-urlencode "said_en=You said the garden matters" --data-urlencode "did_en=We open it every afternoon")
	check "publishing the done action should answer 303" test "$st" = 303
	st=$(web GET "/actions/$aid")
	check "the action page should show it published, its history, and no kiosk yet" \
		bash -c "[ '$st' = 200 ] && grep -qF 'at Willow Ward.' '$PAGE' && grep -qF 'History: each change of state' '$PAGE' && grep -qF 'Not yet: no kiosk' '$PAGE'"
	# GET /v1/config: the item to Willow's kiosk, with an ETag; then 304; then picked up
	local cfg_hdr=$FB_TMP/config.hdr cfg_body=$FB_TMP/config.json etag
	st=$(curl -s --max-time 20 --cacert "$COLL_CA" -D "$cfg_hdr" -o "$cfg_body" -w '%{http_code}' \
		-H "Authorization: Bearer $tok1" "$COLL_URL/v1/config?location=WARD1")
	etag=$(grep -i '^etag:' "$cfg_hdr" | tr -d '\r' | sed 's/^[Ee][Tt][Aa][Gg]: *//')
	check "GET /v1/config should give the kiosk the published item with an ETag" \
		bash -c "[ '$st' = 200 ] && [ -n '$etag' ] && grep -qF 'We open it every afternoon' '$cfg_body' && grep -qiF 'X-Feedback-Protocol' '$cfg_hdr'"
	rm -f "$cfg_body"    # curl makes the file only when a body comes
	st=$(curl -s --max-time 20 --cacert "$COLL_CA" -o "$cfg_body" -w '%{http_code}' \
		-H "Authorization: Bearer $tok1" -H "If-None-Match: $etag" "$COLL_URL/v1/config?location=WARD1")
	check "GET /v1/config with the same ETag should be 304 with no body" \
		bash -c "[ '$st' = 304 ] && ! [ -s '$cfg_body' ]"
	st=$(curl -s --max-time 20 --cacert "$COLL_CA" -o /dev/null -w '%{http_code}' \
		-H "Authorization: Bearer $tok2" "$COLL_URL/v1/config?location=WARD1")
	check "GET /v1/config for a location the device is not enrolled for should be 403" test "$st" = 403
	st=$(curl -s --max-time 20 --cacert "$COLL_CA" -o /dev/null -w '%{http_code}' "$COLL_URL/v1/config?location=WARD1")
	check "GET /v1/config without a token should be 401" test "$st" = 401
	st=$(web GET "/actions/$aid")
	check "the action page should then say kiosk-1 picked it up" \
		bash -c "[ '$st' = 200 ] && grep -qF 'kiosk-1, fetched' '$PAGE' && ! grep -qF 'Not yet: no kiosk' '$PAGE'"
	st=$(web GET /quality-board)
	check "the Quality Board should list the action under We did" \
		bash -c "[ '$st' = 200 ] && grep -qF '>Open the garden every afternoon</a></li>' '$PAGE' && grep -qF 'We did:</strong>' '$PAGE'"
	cp "$PAGE" "$FB_TMP/board.html"
	st=$(web GET /fleet)
	check "the fleet page should show the heartbeat's queue depth and version" \
		bash -c "[ '$st' = 200 ] && grep -qF 'kiosk-1' '$PAGE' && grep -qF '0.1.0' '$PAGE' && ! grep -qF 'kiosk-2' '$PAGE'"
	check "a device enrolled moments ago and not heard from should be labelled new, not silent" \
		bash -c "grep -qF 'not heard from yet' '$PAGE' && ! grep -qF 'Never heard from' '$PAGE'"
	check "the ward team should see its device's refused records in words, and no admin command" \
		bash -c "grep -qF '6 records for NOWARD9, which it is not enrolled for' '$PAGE' && ! grep -qF 'feedback-collector' '$PAGE'"
	check "a ward team should not get the unknown locations list when estates have it" \
		hasnt "unknown locations"
	cp "$PAGE" "$FB_TMP/fleet.html"

	# --- downloads -------------------------------------------------------------------
	st=$(web GET /export/responses.csv)
	check "the responses download should be a CSV attachment" \
		bash -c "[ '$st' = 200 ] && grep -qi '^Content-Type: text/csv' '$HDR' && grep -qi '^Content-Disposition: attachment' '$HDR'"
	check "the responses download should hold the team's 22 responses and nothing of the other team" \
		python3 -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))
sys.exit(not (len(rows)==22 and all(r["Location Code"]=="WARD1" for r in rows)))' "$PAGE"
	st=$(web GET "/export/fft-monthly.csv?month=$(TZ=Europe/London date +%Y-%m)")
	check "a ward manager's FFT download should be the published file: the location, the team, no 1s" \
		python3 -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))
sys.exit(not (len(rows)==2 and rows[0]["Location Code"]=="WARD1" and rows[0]["Total Responses"]=="22"
	      and rows[0]["Very Poor"]=="*" and rows[1]["Location Name"]=="Team total"))' "$PAGE"
	st=$(web GET "/export/fft-submission.csv?month=$(TZ=Europe/London date +%Y-%m)")
	check "a ward manager asking for the submission should get the published file instead" \
		bash -c "[ '$st' = 200 ] && grep -qi 'filename=\"fft-published-willow-' '$HDR' && ! grep -q Prop_Pos '$PAGE'"
	st=$(web GET "/export/fft-monthly.csv?month=soon")
	check "a bad month should be answered 400 saying the shape" test "$st" = 400 -a -n "$(has 'YYYY-MM' && echo y)"

	# --- months in UK time ------------------------------------------------------------
	st=$(web GET "/location/WARD1?month=2026-06")
	check "a response at 00:30 BST on 1 June should count in June on the page" \
		bash -c "[ '$st' = 200 ] && grep -qF 'Willow Ward, June 2026' '$PAGE' && grep -qF 'Responses</h2><p class=\"nhsuk-card__description\"><span class=\"fb-figure-n\">5</span>' '$PAGE'"
	st=$(web GET "/location/WARD1?month=2026-05")
	check "May's page should not count it" has 'Responses</h2><p class="nhsuk-card__description"><span class="fb-figure-n">0</span>'
	st=$(web GET "/export/fft-monthly.csv?month=2026-06")
	check "June's FFT return download should count it" \
		python3 -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))
sys.exit(not (len(rows)==2 and rows[0]["Period"]=="2026-06" and rows[0]["Total Responses"]=="5"))' "$PAGE"

	# --- estates ----------------------------------------------------------------------
	cp "$JAR" "$FB_TMP/wendy.jar"
	rm -f "$JAR"
	web GET /login >/dev/null
	tok=$(csrf_of_page)
	web POST /login --data-urlencode "csrf=$tok" --data-urlencode "user=eddie" \
		--data-urlencode "password=$PW" >/dev/null
	st=$(web GET /fleet)
	check "the fleet team should see every team's devices" \
		bash -c "[ '$st' = 200 ] && grep -qF 'Devices in every location' '$PAGE' && grep -qF 'kiosk-1' '$PAGE' && grep -qF 'kiosk-2' '$PAGE'"
	check "the fleet team should see the records refused for a location never added, and what to type" \
		bash -c "grep -qF '6 records for NOWARD9, which it is not enrolled for' '$PAGE' && grep -qF 'feedback-collector device locations' '$PAGE'"
	cp "$PAGE" "$FB_TMP/fleet-estates.html"
	st=$(web GET "/export/fft-submission.csv?month=$(TZ=Europe/London date +%Y-%m)")
	check "the submission team should download the return with the real counts of every location" \
		python3 -c 'import csv,sys
rows={r["Location Code"]: r for r in csv.DictReader(open(sys.argv[1],encoding="utf-8-sig"))}
w=rows["WARD1"]
sys.exit(not (w["5 Very Poor"]=="1" and w["6 Dont Know"]=="1" and w["Total Responses"]=="22"
	      and rows["WARD2"]["1 Very Good"]=="6" and w["Org Code"]=="RXT"))' "$PAGE"
	st=$(web GET /location/WARD1)
	check "the fleet team should still not see a ward's results" test "$st" = 403
	check "the collector log should name the refused location once" \
		test "$(grep -c "for location 'NOWARD9': it is not enrolled there" "$FB_TMP/collector.log")" = 1
	cp "$FB_TMP/wendy.jar" "$JAR"

	# --- another team's person --------------------------------------------------------
	cp "$JAR" "$FB_TMP/wendy.jar"
	rm -f "$JAR"
	web GET /login >/dev/null
	tok=$(csrf_of_page)
	web POST /login --data-urlencode "csrf=$tok" --data-urlencode "user=owen" \
		--data-urlencode "password=$PW" >/dev/null
	st=$(web GET /location/WARD1)
	check "the other team's person should get 403 for Willow Ward" test "$st" = 403
	st=$(web GET /location/WARD2)
	check "the other team's person should see their own ward" test "$st" = 200 -a -n "$(has 'oak private words' && echo y)"
	st=$(web GET "/actions/$aid")
	check "the other team's person should get 403 for Willow's action" \
		bash -c "[ '$st' = 403 ] && ! grep -qF 'Open the garden' '$PAGE'"
	cp "$FB_TMP/wendy.jar" "$JAR"

	# --- signing out ------------------------------------------------------------------
	st=$(web POST /logout --data-urlencode "csrf=wrong")
	check "sign-out without the session's token should be refused" test "$st" = 403
	st=$(web GET /)
	check "a refused sign-out should leave the person signed in" test "$st" = 200
	st=$(web POST /logout --data-urlencode "csrf=$csrf")
	check "sign-out with the token should end the session" test "$st:$(header Location)" = "303:Location: /login"
	st=$(web GET /)
	check "after signing out the home page should ask for sign-in again" test "$st" = 303

	# --- a look at the page -----------------------------------------------------------
	browser=$(command -v chromium || command -v chromium-browser || true)
	if [ -n "$browser" ] && [ -n "${WEB_SCREENSHOT_DIR:-}" ]; then
		for p in login home ward1 board fleet fleet-estates; do
			timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
				--screenshot="$WEB_SCREENSHOT_DIR/$p.png" --window-size=1280,2400 \
				"file://$FB_TMP/$p.html" >/dev/null 2>&1
		done
		note "screenshots in $WEB_SCREENSHOT_DIR"
	fi

	coll_stop
	check "the collector log should hold no password or session cookie" \
		bash -c "! grep -qF '$PW' '$FB_TMP/collector.log' && ! grep -q 'fb_session=' '$FB_TMP/collector.log'"
	check "the collector should have run without a sanitizer report" \
		bash -c "! grep -q 'Sanitizer' '$FB_TMP/collector.log'"
}

top=$FB_TMP
pg_ok=0
pg_start && pg_ok=1        # in $top: pg_start opens it to the postgres user
FB_TMP=$top/sqlite
mkdir -p "$FB_TMP"
web_suite sqlite
if [ "$pg_ok" = 1 ]; then
	FB_TMP=$top/postgresql
	mkdir -p "$FB_TMP"
	web_suite postgresql
	pg_stop
else
	fail "a PostgreSQL server should start for the PostgreSQL run"
fi
finish
