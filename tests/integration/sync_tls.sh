#!/usr/bin/env bash
# sync_tls: feedback-syncd refuses to talk to a collector it cannot verify.
# A certificate from an unrelated CA, an expired one, one for the wrong host
# name, and a wrong pin: nothing reaches the server and the status file says
# what to check. Then the right certificate (and the right pin): all arrive.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"

sync_setup
fill 10

# refused NAME CERT_PREFIX WORDS: the daemon runs ~3 s against that cert.
refused() {
	local name=$1 cert=$2 words=$3
	rm -f "$STORE" "$STATUS"
	start_collector "$cert" || { fail "$name: collector started"; return; }
	start_syncd
	wait_for 15 grep -qs "backing_off" "$STATUS"
	sleep 1
	check "$name: nothing should reach the collector" test "$(srv_records)" = 0
	check "$name: every record should stay unsent on the device" test "$(q_count unsent)" = 10
	check "$name: the status file should say the push is backing off" \
		test "$(status_field state)" = backing_off
	check "$name: the status error should say '$words'" grep -qi "$words" "$STATUS"
	note "$name: $(status_field last_error)"
	stop_syncd
	kill_collector
}

refused "unrelated CA" "$TLS/other" "check ca_file"
refused "expired certificate" "$TLS/expired" "expired.*renew"
refused "wrong host name" "$TLS/wronghost" "host name is the one on"

PIN_GOOD=$(tls_pubkey_pin "$TLS/server.pem")
PIN_BAD=$(tls_pubkey_pin "$TLS/other.pem")
sync_write_config "pinned_pubkey=$PIN_BAD"
refused "wrong pinned key" "$TLS/server" "pinned_pubkey"

sync_write_config "pinned_pubkey=$PIN_GOOD"
rm -f "$STORE"
start_collector || fail "collector started"
start_syncd
check "with the right certificate and pin every record should arrive" wait_for 20 queue_empty
check "exactly once" exactly_once
check "the status error should be cleared" test -z "$(status_field last_error)"
stop_syncd
finish
