# collector_lib.sh: shared by the collector's integration scripts. Source it
# after lib.sh. Makes a throwaway CA and server certificate (tls.sh), the
# Trust keypair, a config for the chosen backend, and starts/stops a real
# feedback-collector (and, for PostgreSQL, a real PostgreSQL server).
#
#   coll_setup BACKEND          sqlite | postgresql; sets COLL_* variables
#   coll_start [CONF]           starts the collector, waits until it answers
#   coll_cli ARGS...            runs feedback-collector --config $COLL_CONF ARGS
#   coll_post PATH FILE TOKEN [gzip|identity] [extra curl args]
#                               POSTs FILE; prints the status; body in $COLL_OUT
#   coll_count                  stored (non-synthetic) responses this month
#   pg_start / pg_stop          a private PostgreSQL on a unix socket

# shellcheck source=tls.sh
. "$FB_SRC/tests/integration/tls.sh"

COLL=$FB_BIN/feedback-collector
MKBATCH=$FB_BIN/tests/collector_mkbatch
COLL_OUT=$FB_TMP/reply.json
COLL_HDR=$FB_TMP/reply.hdr

pg_start() {
	local bin=/usr/lib/postgresql/15/bin
	PG_DIR=$FB_TMP/pg
	PG_PORT=$(free_port)
	mkdir -p "$PG_DIR/data" "$PG_DIR/sock"
	local run=()
	if [ "$(id -u)" = 0 ]; then
		chown -R postgres "$PG_DIR"
		chmod 755 "$FB_TMP"
		run=(runuser -u postgres --)
	fi
	"${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U fb --auth=trust -E UTF8 >"$FB_TMP/initdb.log" 2>&1 ||
		{ note "initdb failed: $(tail -3 "$FB_TMP/initdb.log")"; return 1; }
	"${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
		-o "-k $PG_DIR/sock -p $PG_PORT -c listen_addresses='' -c fsync=off" start >/dev/null ||
		{ note "pg_ctl start failed: $(tail -3 "$PG_DIR/log")"; return 1; }
	PG_STARTED=1
	PG_CONNINFO="host=$PG_DIR/sock port=$PG_PORT user=fb dbname=postgres"
}

pg_stop() {
	[ "${PG_STARTED:-0}" = 1 ] || return 0
	local run=()
	[ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
	"${run[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1
	PG_STARTED=0
}

coll_setup() {
	COLL_BACKEND=$1
	COLL_DIR=$FB_TMP/coll
	mkdir -p "$COLL_DIR"
	tls_make_ca "$COLL_DIR/ca" && tls_make_server_cert "$COLL_DIR/ca" "$COLL_DIR/server" || return 1
	COLL_CA=$COLL_DIR/ca/ca.pem
	COLL_PORT=$(free_port)
	COLL_URL=https://127.0.0.1:$COLL_PORT
	printf 'kill myself\nabuse\n# a comment\n\nhurt me\n' >"$COLL_DIR/words.txt"
	local db
	if [ "$COLL_BACKEND" = postgresql ]; then
		db="backend = postgresql
pg_conninfo = $PG_CONNINFO"
	else
		db="backend = sqlite
sqlite_path = collector.db"
	fi
	COLL_CONF=$COLL_DIR/collector.conf
	cat >"$COLL_CONF" <<CONF
[server]
listen_address = 127.0.0.1
port = $COLL_PORT
tls_cert_file = server.pem
tls_key_file = server.key
threads = 2
max_body_bytes = 65536
connection_timeout_s = 3
request_time_limit_s = 5
[database]
$db
[ingest]
secret_key_file = trust.key
batch_max_records = 50
safeguarding_words_file = words.txt
[results]
fft_mode = Other
org_code = RXT
static_dir = $FB_BIN/static
CONF
}

coll_cli() { "$COLL" --config "$COLL_CONF" "$@"; }

# coll_web GET|POST PATH [curl args...]: a page as a signed-in person sees it
# (cookies in $COLL_JAR); prints the status, leaves the body in $COLL_PAGE.
COLL_JAR=${FB_TMP:-/tmp}/coll-cookies.txt
COLL_PAGE=${FB_TMP:-/tmp}/coll-page.html
coll_web() {
	local method=$1 path=$2
	shift 2
	curl -s --max-time 20 --cacert "$COLL_CA" -b "$COLL_JAR" -c "$COLL_JAR" -o "$COLL_PAGE" \
		-w '%{http_code}' -X "$method" "$@" "$COLL_URL$path"
}
# coll_csrf: the form token of the page in $COLL_PAGE ("" when none).
coll_csrf() {
	/usr/bin/python3 -c 'import re,sys
m=re.search(r"name=\"csrf\" value=\"([^\"]+)\"", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$COLL_PAGE"
}
# coll_sign_in USER PASSWORD: a fresh cookie jar, signed in through /login's form.
coll_sign_in() {
	rm -f "$COLL_JAR"
	coll_web GET /login >/dev/null
	[ "$(coll_web POST /login --data-urlencode "csrf=$(coll_csrf)" --data-urlencode "user=$1" \
		--data-urlencode "password=$2")" = 303 ]
}

coll_start() {
	local conf=${1:-$COLL_CONF}
	"$COLL" --config "$conf" >>"$FB_TMP/collector.log" 2>&1 &
	_pids+=($!)
	COLL_PID=$!
	wait_for 20 curl -s -o /dev/null --cacert "$COLL_CA" "$COLL_URL/v1/heartbeat"
}

coll_stop() {
	[ -n "${COLL_PID:-}" ] || return 0
	kill "$COLL_PID" 2>/dev/null
	local end=$((SECONDS + 10))
	while kill -0 "$COLL_PID" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
	wait "$COLL_PID" 2>/dev/null
	COLL_PID=
}

# coll_post PATH FILE TOKEN [gzip|identity] [curl args...]
coll_post() {
	local path=$1 file=$2 token=$3 enc=${4:-gzip}
	shift 4 2>/dev/null || shift $#
	local body=$file hdrs=(-H "Content-Type: application/json")
	if [ "$enc" = gzip ]; then
		body=$FB_TMP/body.gz
		gzip -c "$file" >"$body"
		hdrs+=(-H "Content-Encoding: gzip")
	fi
	[ -n "$token" ] && hdrs+=(-H "Authorization: Bearer $token")
	curl -s --max-time 20 --cacert "$COLL_CA" -D "$COLL_HDR" -o "$COLL_OUT" \
		-w '%{http_code}' "${hdrs[@]}" --data-binary "@$body" "$@" "$COLL_URL$path"
}

# the reply's results as "outcome" words, one per line
coll_outcomes() {
	python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(r["outcome"])' "$COLL_OUT"
}

coll_has_marker() {
	grep -qi '^X-Feedback-Protocol: fb-sync/1' "$COLL_HDR" &&
		python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])).get("protocol") != "fb-sync/1")' "$COLL_OUT"
}

coll_count() {
	coll_cli export --format responses --out "$FB_TMP/count.csv" >/dev/null 2>&1 || { echo -1; return; }
	python3 -c 'import csv,sys
rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig")))
print(len(rows)-1)' "$FB_TMP/count.csv"
}
