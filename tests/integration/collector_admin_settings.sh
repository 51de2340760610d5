#!/usr/bin/env bash
# collector_admin_settings: the Trust sets a location's tablet settings on
# the collector's pages and a real feedback-syncd puts them on the tablet.
# An admin signs in (curl over TLS, as a browser posts the form), chooses the
# survey, English and Polish, a 90-second idle timeout, opening hours, Easy
# read and a Polish crisis-help text on Willow Ward's settings page, confirms; the device's
# sync daemon fetches GET /v1/config over verified TLS and saves for the
# kiosk exactly those values; the page then says the tablet has the current
# settings. Bad values (an idle timeout of 5 seconds, a crisis text over the
# limit, a broken survey file) are refused on the page in words, the old
# settings stay, and the tablet's saved config is not touched. On SQLite,
# then on a real PostgreSQL 15 server started here.
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
PW="correct horse battery"
SURVEYS=$FB_TMP/surveys
JAR=$FB_TMP/ada.jar
URL=

# The collector's config, with the survey folder the settings page offers.
eval "$(declare -f _real_collector_conf | sed '1s/_real_collector_conf/_sync_lib_conf/')"
_real_collector_conf() {
	_sync_lib_conf "$@"
	printf '\n[devices]\nsurveys_dir = %s\n' "$SURVEYS" >>"$CCONF"
}


# sign_in: the sign-in form's token and cookie, then the form; prints the status.
sign_in() {
	local body tok
	rm -f "$JAR"
	body=$(curl -s --cacert "$TLS/ca/ca.pem" -c "$JAR" "$URL/login")
	tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$body" | head -1)
	curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca/ca.pem" -b "$JAR" -c "$JAR" \
		--data-urlencode "csrf=$tok" --data-urlencode "user=ada" --data-urlencode "password=$PW" \
		"$URL/login"
}
# page PATH: GET with the session into page.html; prints the status.
page() { curl -s -o "$FB_TMP/page.html" -w '%{http_code}' --cacert "$TLS/ca/ca.pem" -b "$JAR" "$URL$1"; }
# send FIELD=VALUE...: POSTs the settings form (with the page's CSRF token)
# into page.html; prints the status.
send() {
	local tok args=() kv
	tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$FB_TMP/form.html" | head -1)
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	curl -s -o "$FB_TMP/page.html" -w '%{http_code}' --cacert "$TLS/ca/ca.pem" -b "$JAR" \
		--data-urlencode "csrf=$tok" "${args[@]}" "$URL/settings/ward-7"
}
# db SQL: one value from the collector's database, on either backend
db() {
	if [ "$BE" = postgresql ]; then psql "$PG_CONNINFO" -Atc "$1" 2>/dev/null; else _sql "$CDB" "$1"; fi
}
saved() { db "SELECT coalesce(languages, '') || '|' || coalesce(CAST(idle_timeout_s AS TEXT), '') || '|' || coalesce(survey_file, '') FROM location_settings WHERE location = 'ward-7'"; }
has() { grep -qF -- "$1" "$FB_TMP/page.html"; }
# remote KEY: a key of the config the daemon saved for the kiosk, as JSON
remote() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["config"]; print(json.dumps(c.get(sys.argv[2]), ensure_ascii=False, sort_keys=True))' "$DATA/remote-config.json" "$1" 2>/dev/null; }
remote_is() { [ "$(remote "$1")" = "$2" ]; }

PL_CRISIS="Potrzebujesz pomocy teraz? Zadzwoń pod 111 i wybierz opcję 2."
HOURS="Mon-Fri 08:00-18:00; Sat 09:00-12:00"

run_backend() {
BE=$1
rm -rf "$DATA" "$TLS" "$SURVEYS" "$FB_TMP/ids.txt" "$CDB" "$CDB"-* "$FB_TMP/syncd.log" "$TOKEN" "$FB_TMP/trust.key" "$FB_TMP/trust.pub"
mkdir -p "$SURVEYS"
cp "$FB_SRC/config/surveys/fft.json" "$SURVEYS/fft.json"
printf '{"id": "broken", "version": 1, "languages": [' >"$SURVEYS/broken.json"
sync_setup
cp "$FB_SRC/config/surveys/fft.json" "$FB_TMP/survey.json"   # the tablet's own survey
URL=https://127.0.0.1:$PORT
c() { "$FB_BIN/feedback-collector" --config "$CCONF" "$@"; }
c location rename ward-7 "Willow Ward" >/dev/null 2>>"$FB_TMP/collector.log"
echo "$PW" | c user add ada --team it --role admin >/dev/null 2>>"$FB_TMP/collector.log" ||
	{ fail "$BE: an admin made on the command line"; return; }
start_collector || { fail "$BE: collector started"; return; }
check "$BE: the admin should sign in" test "$(sign_in)" = 303
check "$BE: Willow Ward's settings page should open" test "$(page /settings/ward-7)" = 200
cp "$FB_TMP/page.html" "$FB_TMP/form.html"
check "$BE: it should offer the folder's good survey" has '<option value="fft.json">fft.json (fft, version'
check "$BE: and list the broken one with why it is refused" has '<strong>broken.json</strong>: '
check "$BE: and say the tablet has not asked for its settings yet" has "Has not asked for its settings yet"
check "$BE: sending the change should first ask for confirmation" \
	test "$(send survey=fft.json lang_en=1 lang_pl=1 idle=90 "crisis_pl=$PL_CRISIS" "hours=$HOURS" modes=set mode_easy_read=1)" = 200
check "$BE: the confirmation should list the idle timeout in words" has "<li>Back to the first screen after: 1 minute 30 seconds (was: the tablet&#39;s own)</li>"
check "$BE: and nothing should be saved before it is confirmed" \
	test "$(db "SELECT count(*) FROM location_settings")" = 0
check "$BE: confirming should save and go back to the page" \
	test "$(send survey=fft.json lang_en=1 lang_pl=1 idle=90 "crisis_pl=$PL_CRISIS" "hours=$HOURS" modes=set mode_easy_read=1 confirm=yes)" = 303
check "$BE: the store should hold en,pl, 90 seconds and fft.json" test "$(saved)" = "en,pl|90|fft.json"
check "$BE: and the opening hours and modes (schema 13)" \
	test "$(db "SELECT opening_hours || '|' || modes FROM location_settings WHERE location = 'ward-7'")" = "$HOURS|standard,easy_read"
check "$BE: one audit row should name the change" \
	bash -c "'$FB_BIN/feedback-collector' --config '$CCONF' audit --action location-settings | grep -q 'idle timeout the tablet.s own -> 1 minute 30 seconds'"

fill 1
start_syncd
check "$BE: the daemon should save the Trust's config for the kiosk" \
	wait_for 30 remote_is languages '["en", "pl"]'
check "$BE: with the 90-second idle timeout" remote_is idle_timeout_s 90
check "$BE: with the opening hours" remote_is opening_hours "\"$HOURS\""
check "$BE: and Standard and Easy read" remote_is modes '["standard", "easy_read"]'
check "$BE: with the Polish crisis text and no other" remote_is crisis_text "{\"pl\": \"$PL_CRISIS\"}"
check "$BE: with the survey's id fft" \
	bash -c "python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))[\"config\"][\"survey\"][\"id\"] != \"fft\")' '$DATA/remote-config.json'"
check "$BE: the daemon should not have refused it" bash -c "! grep -q 'refused the Trust' '$FB_TMP/syncd.log'"
etag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["etag"])' "$DATA/remote-config.json")
fetched() { [ "$(db "SELECT count(*) FROM device_config_fetch WHERE device_id = 'kiosk-0042' AND etag = '$etag'")" = 1 ]; }
check "$BE: the collector should record that the tablet fetched it" wait_for 10 fetched
page /settings/ward-7 >/dev/null
cp "$FB_TMP/page.html" "$FB_TMP/form.html"
check "$BE: the page should say the tablet has the current settings" has "Tablets with the current settings: 1 of 1."
check "$BE: and show the settings in words" has '<dd class="nhsuk-summary-list__value">1 minute 30 seconds</dd>'
before=$(stat -c %Y.%s "$DATA/remote-config.json")

# bad values: refused in words, the old settings kept
check "$BE: an idle timeout of 5 seconds should be refused" \
	test "$(send survey=fft.json lang_en=1 lang_pl=1 idle=5 confirm=yes)" = 400
check "$BE: in words" has "The idle timeout must be between 10 seconds and 1 hour; 5 seconds is too short."
long=$(python3 -c 'print("ń" * 300)')
check "$BE: a crisis text over the limit should be refused" \
	test "$(send survey=fft.json lang_en=1 lang_pl=1 idle=90 "crisis_pl=$long" confirm=yes)" = 400
check "$BE: in words" has "The crisis-help text for Polski is 600 bytes long; it can be at most 511 bytes"
check "$BE: the refused page should give back the text as typed, to shorten rather than retype" \
	has "aria-describedby=\"crisis_pl-hint\">$long</textarea>"
check "$BE: with the languages ticked as sent" \
	has '<input class="nhsuk-checkboxes__input" id="lang_pl" name="lang_pl" type="checkbox" value="1" checked>'
EN_TYPED='Call 111 & press 2 <now>'
check "$BE: a refusal of the idle timeout should not lose a crisis text typed beside it" \
	test "$(send survey=fft.json lang_en=1 idle=5 "crisis_en=$EN_TYPED" confirm=yes)" = 400
check "$BE: the typed text comes back escaped" has '>Call 111 &amp; press 2 &lt;now&gt;</textarea>'
check "$BE: and Polish unticked, as sent" \
	has '<input class="nhsuk-checkboxes__input" id="lang_pl" name="lang_pl" type="checkbox" value="1">'
check "$BE: a broken survey file should be refused" \
	test "$(send survey=broken.json lang_en=1 idle=90 confirm=yes)" = 400
check "$BE: in words" has "The survey broken.json cannot be used: "
check "$BE: each refusal should keep the old settings" test "$(saved)" = "en,pl|90|fft.json"
check "$BE: and the Polish crisis text" \
	test "$(db "SELECT count(*) FROM location_crisis WHERE location = 'ward-7' AND lang = 'pl'")" = 1
kill -USR1 "$SYNCD_PID"   # sync now: fetches again
check "$BE: the tablet's next fetch should find nothing changed (304)" wait_for 10 status_is config_state unchanged
check "$BE: and leave its saved config alone" test "$(stat -c %Y.%s "$DATA/remote-config.json")" = "$before"
stop_syncd
kill_collector TERM
}

run_backend sqlite
if pg_start; then
	REAL_COLLECTOR_DB="backend = postgresql
pg_conninfo = $PG_CONNINFO"
	run_backend postgresql
else
	fail "a PostgreSQL server should start"
fi
finish
