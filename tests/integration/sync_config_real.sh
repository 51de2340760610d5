#!/usr/bin/env bash
# sync_config_real: the device's sync daemon and the Trust's real
# feedback-collector agree on GET /v1/config. The daemon fetches the
# location's config over verified TLS, checks it and saves it for the
# kiosk; the collector records which device picked up which config (the
# "picked up by" column of a published "You said, we did" item); a second
# fetch with If-None-Match is answered 304 and changes nothing.
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"

sync_setup
cp "$FB_SRC/config/surveys/fft.json" "$FB_TMP/survey.json"   # a real survey to check it against
fill 3
start_collector || { fail "collector started"; finish; }
start_syncd
check "the queued responses should arrive" wait_for 30 queue_empty
check "the daemon should save the Trust's config for the kiosk" \
	wait_for 20 test -s "$DATA/remote-config.json"
check "the saved config should be the location's, with the Trust's (empty) item list and key" \
	grep -q "\"config\":{\"location\":\"ward-7\",\"trust_public_key\":\"$TRUST_PK\",\"you_said_we_did\":\[\]}" \
	"$DATA/remote-config.json"
etag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["etag"])' "$DATA/remote-config.json")
fetched() { [ "$(_sql "$CDB" "SELECT count(*) FROM device_config_fetch WHERE device_id = 'kiosk-0042' AND etag = '$etag'")" = 1 ]; }
check "the collector should record that kiosk-0042 picked up config $etag" wait_for 10 fetched
before=$(stat -c %Y.%s "$DATA/remote-config.json")
kill -USR1 "$SYNCD_PID"   # sync now: pushes and fetches again
check "a second fetch should find it unchanged (304)" wait_for 10 status_is config_state unchanged
check "and leave the saved file alone" test "$(stat -c %Y.%s "$DATA/remote-config.json")" = "$before"
check "the daemon should never have refused the collector's config" \
	bash -c "! grep -q 'refused the Trust' '$FB_TMP/syncd.log'"
stop_syncd
finish
