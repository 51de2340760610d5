# sync_lib.sh: what the sync integration scripts share. Source it after
# lib.sh. Not a test itself (tests/run.sh runs it too; it then only says so).
#
#   sync_setup                      TLS files, token, data dir, config in $FB_TMP
#   start_collector [CERT_PREFIX]   the HTTPS collector on $PORT (default cert:
#                                   $TLS/server); COLLECTOR_PID. The one place a
#                                   test starts the server: switch it to the
#                                   real feedback-collector here.
#   kill_collector [SIGNAL]         default KILL; waits until it is gone
#   collector_fault JSON            writes the control file (see fake_collector.py)
#   start_syncd [ARGS...]           feedback-syncd in the background; SYNCD_PID,
#                                   log in $FB_TMP/syncd.log
#   stop_syncd [SIGNAL]             default TERM; waits (bounded); sets SYNCD_RC
#   fill N                          N records into the device's queue
#   q_count STATE                   records in the queue in STATE (unsent,
#                                   acked, quarantined)
#   srv_records / srv_stored_deliveries / srv_dupes / srv_ids
#   status_field NAME               a field of sync-status.json
#   exactly_once                    every queued id is at the server, stored
#                                   once, and acked on the device
#
# A script may point COLLECTOR_BIN and SYNCD at other builds of the two
# daemons, and put a command before each (COLLECTOR_WRAP, SYNCD_WRAP: arrays,
# e.g. valgrind and its options; COLLECTOR_START_S: how long the real
# collector may take to listen, default 15 s). valgrind_daemons.sh does.
#
# FB_SYNC_COLLECTOR=real runs a script against the product's feedback-collector
# (SQLite store, enrolled device, real Trust keypair) instead of the fake.
# Faults cannot be injected into it: collector_fault is then a no-op and
# sync_faults.sh always uses the fake.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "ok 1 - sync_lib.sh is sourced by the sync_* tests, nothing to run"
	exit 0
fi

# shellcheck source=tls.sh
. "$FB_SRC/tests/integration/tls.sh"

# The daemon talks to 127.0.0.1 directly unless a test says otherwise: a
# proxy in the caller's environment would otherwise carry the test traffic
# (libcurl skips it for 127.0.0.1 only when no_proxy says so). sync_proxy.sh
# sets these itself.
unset https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

SYNCD=$FB_BIN/feedback-syncd
COLLECTOR_BIN=$FB_BIN/feedback-collector
COLLECTOR_WRAP=() SYNCD_WRAP=()
FILL=$FB_BIN/tests/sync_fill
COLLECTOR_PY=$FB_SRC/tests/helpers/fake_collector.py
TLS=$FB_TMP/tls
DATA=$FB_TMP/data
CONF=$FB_TMP/kiosk.conf
TOKEN=$FB_TMP/token
STORE=$FB_TMP/store.db
CONTROL=$FB_TMP/control.json
QUEUE=$DATA/queue.db
STATUS=$DATA/sync-status.json
COLLECTOR_PID= SYNCD_PID= SYNCD_RC=
PORT=${PORT:-}
REAL_COLLECTOR=0
[ "${FB_SYNC_COLLECTOR:-fake}" = real ] && REAL_COLLECTOR=1
CCONF=$FB_TMP/collector.conf
CDB=$FB_TMP/collector.db

# sync_write_config [KEY=VALUE ...]: [sync] overrides, e.g. batch_max_records=50
sync_write_config() {
	local extra="" kv
	for kv in "$@"; do extra+="${kv%%=*} = ${kv#*=}"$'\n'; done
	cat >"$CONF" <<EOF
[device]
id = kiosk-0042
location_code = ward-7
data_dir = $DATA
trust_public_key = $TRUST_PK

[kiosk]
survey_file = $FB_TMP/survey.json

[sync]
collector_url = ${COLLECTOR_URL:-https://127.0.0.1:$PORT}
ca_file = ${CA_FILE:-$TLS/ca/ca.pem}
token_file = $TOKEN
backoff_cap = 10
heartbeat_interval = 30
$extra
EOF
}

# _real_collector_conf CERT_PREFIX: the real collector's config. Its
# [database] lines are $REAL_COLLECTOR_DB when a test sets it (PostgreSQL),
# else SQLite in $CDB.
_real_collector_conf() {
	cat >"$CCONF" <<EOF
[server]
listen_address = 127.0.0.1
port = $PORT
tls_cert_file = $1.pem
tls_key_file = $1.key

[database]
${REAL_COLLECTOR_DB:-backend = sqlite
sqlite_path = $CDB}

[ingest]
secret_key_file = $FB_TMP/trust.key

[results]
static_dir = $FB_BIN/static
EOF
}

# The real collector: a Trust keypair, the ward, the device and its token.
_real_collector_setup() {
	local c="$COLLECTOR_BIN"
	_real_collector_conf "$TLS/server"
	"$c" --config "$CCONF" keygen --public "$FB_TMP/trust.pub" --secret "$FB_TMP/trust.key" >/dev/null 2>&1 &&
	"$c" --config "$CCONF" location add ward-7 "Ward 7" --team ward7 >/dev/null &&
	"$c" --config "$CCONF" device add --location ward-7 --id kiosk-0042 --token-file "$TOKEN" >/dev/null 2>>"$FB_TMP/collector.log" ||
		{ fail "real collector set up (keypair, location, device)"; finish; }
	chmod 600 "$TOKEN"
	TRUST_PK=$(tr -d ' \n' <"$FB_TMP/trust.pub")
}

sync_setup() {
	mkdir -p "$DATA"
	tls_make_all "$TLS" || { fail "throwaway PKI made"; finish; }
	[ -n "$PORT" ] || PORT=$(free_port)
	if [ "$REAL_COLLECTOR" = 1 ]; then
		_real_collector_setup
	else
		( umask 077; python3 -c 'import secrets;print(secrets.token_urlsafe(32))' >"$TOKEN" )
		TRUST_PK=$(python3 -c 'import os,base64;print(base64.b64encode(os.urandom(32)).decode())')
	fi
	echo '{}' >"$FB_TMP/survey.json"
	echo '{"mode": "ok"}' >"$CONTROL"
	sync_write_config "$@"
}

_port_open() { python3 -c 'import socket,sys;socket.create_connection(("127.0.0.1",int(sys.argv[1])),0.5).close()' "$PORT" 2>/dev/null; }

start_collector() {
	local cert=${1:-$TLS/server}
	if [ "$REAL_COLLECTOR" = 1 ]; then
		_real_collector_conf "$cert"
		"${COLLECTOR_WRAP[@]}" "$COLLECTOR_BIN" --config "$CCONF" serve 2>>"$FB_TMP/collector.log" &
		COLLECTOR_PID=$!
		_pids+=("$COLLECTOR_PID")
		wait_for "${COLLECTOR_START_S:-15}" _port_open ||
			{ note "collector did not start: $(tail -3 "$FB_TMP/collector.log")"; return 1; }
		return 0
	fi
	start_ready COLLECTOR_PID collector "$FB_TMP/collector.log" \
		"$COLLECTOR_PY" --port "$PORT" --cert "$cert.pem" --key "$cert.key" \
		--token-file "$TOKEN" --db "$STORE" --control "$CONTROL"
}

kill_collector() {
	[ -n "$COLLECTOR_PID" ] || return 0
	kill -"${1:-KILL}" "$COLLECTOR_PID" 2>/dev/null
	wait "$COLLECTOR_PID" 2>/dev/null
	COLLECTOR_PID=
}

collector_fault() { echo "$1" >"$CONTROL.tmp" && mv "$CONTROL.tmp" "$CONTROL"; }
[ "$REAL_COLLECTOR" = 1 ] && collector_fault() { :; }

start_syncd() {
	"${SYNCD_WRAP[@]}" "$SYNCD" --config "$CONF" "$@" 2>>"$FB_TMP/syncd.log" &
	SYNCD_PID=$!
	_pids+=("$SYNCD_PID")
}

stop_syncd() {
	[ -n "$SYNCD_PID" ] || return 0
	kill -"${1:-TERM}" "$SYNCD_PID" 2>/dev/null
	local end=$((SECONDS + 60))
	while kill -0 "$SYNCD_PID" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
	kill -KILL "$SYNCD_PID" 2>/dev/null
	wait "$SYNCD_PID" 2>/dev/null
	SYNCD_RC=$?
	SYNCD_PID=
}

fill() { "$FILL" "$QUEUE" "$1" --ids "$FB_TMP/ids.txt" --pk "$TRUST_PK" >/dev/null; }

_sql() { # _sql DB SQL: one value
	python3 - "$1" "$2" <<'EOF'
import sqlite3, sys
try:
    db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
    print(db.execute(sys.argv[2]).fetchone()[0])
except Exception as e:
    print(-1); print(e, file=sys.stderr)
EOF
}
q_count() { _sql "$QUEUE" "SELECT COUNT(*) FROM records WHERE state = '$1'"; }
srv_records() { _sql "$STORE" "SELECT COUNT(*) FROM records"; }
srv_stored_deliveries() { _sql "$STORE" "SELECT COUNT(*) FROM deliveries WHERE outcome = 'stored'"; }
srv_dupes() { _sql "$STORE" "SELECT COUNT(*) FROM deliveries WHERE outcome = 'duplicate'"; }
srv_heartbeats() { _sql "$STORE" "SELECT COUNT(*) FROM heartbeats"; }
if [ "$REAL_COLLECTOR" = 1 ]; then
	srv_records() { _sql "$CDB" "SELECT COUNT(*) FROM responses"; }
	srv_stored_deliveries() { echo "n/a"; }
	srv_dupes() { echo "n/a"; }
	srv_heartbeats() { _sql "$CDB" "SELECT COUNT(*) FROM heartbeats"; }
fi

status_field() {
	python3 -c 'import json,sys;v=json.load(open(sys.argv[1])).get(sys.argv[2]);print(str(v).lower() if isinstance(v,bool) else v)' "$STATUS" "$1" 2>/dev/null
}

# exactly_once [FAULT]: every id ever queued is at the server exactly once
# (stored once) and acknowledged on the device. Prints the counts as a TAP
# note and, with FAULT, the line make proof sums:
#   # proof FAULT: submitted N, arrived N, lost N, duplicated N
exactly_once() {
	python3 - "$QUEUE" "$([ "$REAL_COLLECTOR" = 1 ] && echo "$CDB" || echo "$STORE")" "$REAL_COLLECTOR" "${1:-}" <<'EOF'
import sqlite3, sys
q = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
s = sqlite3.connect("file:%s?mode=ro" % sys.argv[2], uri=True, timeout=10)
real = sys.argv[3] == "1"
dev = {r[0]: r[1] for r in q.execute("SELECT id, state FROM records")}
if real:  # responses.id is the primary key: stored at most once by construction
    ids = [r[0] for r in s.execute("SELECT id FROM responses")]
    srv = set(ids)
    stored = {i: ids.count(i) for i in srv} if len(ids) != len(srv) else {}
    dupes = -1
else:
    srv = set(r[0] for r in s.execute("SELECT id FROM records"))
    stored = dict(s.execute("SELECT id, COUNT(*) FROM deliveries WHERE outcome='stored' GROUP BY id").fetchall())
    dupes = s.execute("SELECT COUNT(*) FROM deliveries WHERE outcome='duplicate'").fetchone()[0]
missing = [i for i in dev if i not in srv]
extra = [i for i in srv if i not in dev]
twice = [i for i, n in stored.items() if n != 1]
unacked = [i for i, st in dev.items() if st != "acked"]
print("# device %d records, server %d, stored twice %d, missing %d, unknown %d, "
      "unacked %d, duplicate replies %d" % (len(dev), len(srv), len(twice),
      len(missing), len(extra), len(unacked), dupes))
if sys.argv[4]:
    print("# proof %s: submitted %d, arrived %d, lost %d, duplicated %d"
          % (sys.argv[4], len(dev), len(srv & set(dev)), len(missing), len(twice) + len(extra)))
sys.exit(0 if dev and not missing and not extra and not twice and not unacked else 1)
EOF
}

queue_empty() { [ "$(q_count unsent)" = 0 ]; }
# For wait_for, which re-runs a command (a "$(...)" argument would be read once):
status_is() { [ "$(status_field "$1")" = "$2" ]; }
status_ge() { local v; v=$(status_field "$1"); [ -n "$v" ] && [ "$v" -ge "$2" ] 2>/dev/null; }
heartbeats_ge() { [ "$(srv_heartbeats)" -ge "$1" ] 2>/dev/null; }
