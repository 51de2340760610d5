#!/usr/bin/env bash
# sync_proxy: feedback-syncd through a real HTTP CONNECT proxy on 127.0.0.1
# (tests/helpers/connect_proxy.py) in front of the HTTPS collector.
# With [sync] proxy set, records arrive and the proxy saw the CONNECT, even
# when no_proxy names the collector's host (the config wins). With the proxy
# down, nothing is acked and the status says the proxy could not be reached.
# TLS is still verified end to end: a wrong CA fails through the tunnel. A
# proxy that refuses the tunnel is named as such. Without [sync] proxy the
# https_proxy / HTTPS_PROXY variables are used, and no_proxy is honoured.
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=fake # a slow collector is injected into the fake only
. "$FB_SRC/tests/integration/sync_lib.sh"

PROXY_PY=$FB_SRC/tests/helpers/connect_proxy.py
PROXY_LOG=$FB_TMP/proxy.log
PROXY_PID=
PPORT=$(free_port)
PROXY_URL=http://127.0.0.1:$PPORT
: >"$PROXY_LOG"

# start_proxy [--deny]: the CONNECT proxy on $PPORT; PROXY_PID.
start_proxy() {
	start_ready PROXY_PID proxy "$FB_TMP/proxy.err" \
		"$PROXY_PY" --port "$PPORT" --log "$PROXY_LOG" --lifetime 600 "$@"
}
stop_proxy() {
	[ -n "$PROXY_PID" ] || return 0
	kill -TERM "$PROXY_PID" 2>/dev/null
	wait "$PROXY_PID" 2>/dev/null
	PROXY_PID=
}
# Tunnels the proxy opened to the collector so far.
proxy_connects() { grep -c "^CONNECT 127.0.0.1:$PORT\$" "$PROXY_LOG"; }
proxy_connects_gt() { [ "$(proxy_connects)" -gt "$1" ]; }
unsent_is() { [ "$(q_count unsent)" = "$1" ]; }

sync_setup "proxy=$PROXY_URL"
start_collector || { fail "collector started"; finish; }
start_proxy || { fail "proxy started"; finish; }

# 1. [sync] proxy: through the proxy, even with no_proxy naming 127.0.0.1.
fill 20
export no_proxy=127.0.0.1,localhost
check "--check-config should accept a config with a proxy" "$SYNCD" --config "$CONF" --check-config
start_syncd
check "with [sync] proxy set, 20 records should arrive within 20 s" wait_for 20 queue_empty
check "the proxy should have relayed a CONNECT to the collector" proxy_connects_gt 0
check "every record should be at the server exactly once" exactly_once
note "proxy log: $(sort "$PROXY_LOG" | uniq -c | tr -s ' \n' ' ')"
check "status should say idle with no error" wait_for 10 status_is state idle
unset no_proxy

# 2. The proxy down: nothing acked, and the status names the proxy.
stop_proxy
before=$(srv_records)
fill 5
kill -USR1 "$SYNCD_PID"
check "with the proxy down the status should say backing off" wait_for 15 status_is state backing_off
sleep 1
check "with the proxy down nothing new should reach the collector" test "$(srv_records)" = "$before"
check "with the proxy down all 5 new records should stay unsent" unsent_is 5
check "with the proxy down nothing should be acked" test "$(q_count acked)" = 20
check "the status should say the proxy could not be reached" \
	grep -qF "unable to reach the proxy $PROXY_URL (from [sync] proxy)" "$STATUS"
check "the status should say to check [sync] proxy" grep -qF "check [sync] proxy" "$STATUS"
note "proxy down: $(status_field last_error)"

# 3. The proxy back: the daemon retries on its own and the 5 go.
start_proxy || fail "proxy restarted"
check "with the proxy back the 5 should arrive within 20 s (backoff cap 10 s)" \
	wait_for 20 queue_empty
check "after the outage every record should be at the server exactly once" exactly_once "network cut (proxy down) and restored"
stop_syncd
check "SIGTERM should exit 0" test "$SYNCD_RC" = 0

# 4. TLS is end to end: the proxy opens the tunnel, the wrong CA still fails.
CA_FILE=$TLS/other-ca/ca.pem sync_write_config "proxy=$PROXY_URL"
n0=$(proxy_connects)
before=$(srv_records)
fill 3
start_syncd
check "with a wrong CA through the proxy the status should say backing off" \
	wait_for 15 status_is state backing_off
check "with a wrong CA the proxy should still have opened a tunnel" proxy_connects_gt "$n0"
check "with a wrong CA nothing should reach the collector" test "$(srv_records)" = "$before"
check "with a wrong CA the 3 records should stay unsent" unsent_is 3
check "with a wrong CA the status should say to check ca_file" grep -q "check ca_file" "$STATUS"
note "wrong CA through the proxy: $(status_field last_error)"
stop_syncd

# 5. A proxy that refuses the tunnel is named as the one refusing.
stop_proxy
start_proxy --deny || fail "denying proxy started"
sync_write_config "proxy=$PROXY_URL"
start_syncd
check "with the proxy refusing CONNECT the status should say backing off" \
	wait_for 15 status_is state backing_off
check "the status should say the proxy would not open a tunnel (HTTP 403)" \
	grep -q "would not open a tunnel to the collector: it answered HTTP 403" "$STATUS"
check "with the proxy refusing the 3 records should stay unsent" unsent_is 3
note "proxy refusing: $(status_field last_error)"
stop_syncd
stop_proxy
start_proxy || fail "proxy restarted"

# 6. No [sync] proxy: https_proxy from the environment is used.
sync_write_config
n0=$(proxy_connects)
export https_proxy=$PROXY_URL
start_syncd
check "with https_proxy set the 3 should arrive within 20 s" wait_for 20 queue_empty
check "with https_proxy set they should have gone through the proxy" proxy_connects_gt "$n0"
stop_syncd
unset https_proxy

# 7. HTTPS_PROXY works as well; with the proxy down the words name it.
n0=$(proxy_connects)
fill 2
export HTTPS_PROXY=$PROXY_URL
start_syncd
check "with HTTPS_PROXY set 2 more should arrive within 20 s" wait_for 20 queue_empty
check "with HTTPS_PROXY set they should have gone through the proxy" proxy_connects_gt "$n0"
stop_syncd
stop_proxy
fill 1
start_syncd
check "with HTTPS_PROXY's proxy down the status should say backing off" \
	wait_for 15 status_is state backing_off
check "the status should name the proxy from HTTPS_PROXY" \
	grep -qF "unable to reach the proxy $PROXY_URL (from HTTPS_PROXY)" "$STATUS"
check "the status should say to check HTTPS_PROXY" \
	grep -qF "check [sync] proxy or the HTTPS_PROXY environment variable" "$STATUS"
check "with HTTPS_PROXY's proxy down the record should stay unsent" unsent_is 1
stop_syncd

# 8. no_proxy naming the collector's host: the environment's proxy (down) is
# passed by and the record goes straight to the collector.
export no_proxy=127.0.0.1
start_syncd
check "with no_proxy=127.0.0.1 the record should go direct within 20 s" wait_for 20 queue_empty
stop_syncd
unset HTTPS_PROXY no_proxy

# 9. A slow collector behind a working proxy is a timeout, not the proxy's
# fault: on a fresh tunnel and on one kept alive after a heartbeat.
sync_write_config "proxy=$PROXY_URL" request_timeout=1
start_proxy || fail "proxy restarted"
collector_fault '{"mode": "slow", "delay_s": 3, "times": 3}'
fill 1
log0=$(wc -l <"$FB_TMP/syncd.log")
start_syncd
check "with the collector slow behind the proxy the push should fail twice" \
	wait_for 20 status_ge consecutive_failures 2
check "the status should say the request timed out" grep -qi "timed out" "$STATUS"
check "the status should not blame the proxy for a slow collector" \
	bash -c "! { cat '$STATUS'; tail -n +$((log0 + 1)) '$FB_TMP/syncd.log'; } | grep -q 'reach the proxy'"
note "slow collector behind the proxy: $(status_field last_error)"
check "once the collector is quick again the record should arrive within 30 s" \
	wait_for 30 queue_empty
stop_syncd
stop_proxy

check "every record should be at the server exactly once" exactly_once
check "the log should never hold the token" bash -c "! grep -qF \"\$(cat '$TOKEN')\" '$FB_TMP/syncd.log'"
finish
