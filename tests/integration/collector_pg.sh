#!/usr/bin/env bash
# The collector end to end on PostgreSQL: the same suite as collector_sqlite.sh
# against a real PostgreSQL 15 server started here (initdb into the scratch
# directory, unix socket only), then two collector processes sharing the one
# database take the same batch at once and store it once.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
. "$FB_SRC/tests/integration/collector_suite.sh"
trap 'cleanup; pg_stop' EXIT
pg_start || { fail "a PostgreSQL server should start"; finish; }
coll_setup postgresql || { fail "test set-up (CA, config)"; finish; }
coll_suite

# A second collector on the same database, another port.
port2=$(free_port)
sed "s/^port = .*/port = $port2/" "$COLL_CONF" >"$COLL_DIR/second.conf"
"$COLL" --config "$COLL_DIR/second.conf" >>"$FB_TMP/collector2.log" 2>&1 &
_pids+=($!)
check "a second collector should start on the same database" \
	wait_for 20 curl -s -o /dev/null --cacert "$COLL_CA" "https://127.0.0.1:$port2/v1/heartbeat"
tok=$(coll_cli device add --location WARD1 --id kiosk-9 2>/dev/null)
"$MKBATCH" --device kiosk-9 --location WARD1 --count 40 >"$COLL_DIR/race.json"
gzip -c "$COLL_DIR/race.json" >"$COLL_DIR/race.gz"
before=$(coll_count)
curls=()
for p in $COLL_PORT $port2 $COLL_PORT $port2; do
	curl -s --max-time 20 --cacert "$COLL_CA" -o /dev/null -H "Authorization: Bearer $tok" \
		-H 'Content-Encoding: gzip' --data-binary "@$COLL_DIR/race.gz" "https://127.0.0.1:$p/v1/responses" &
	curls+=($!)
done
wait "${curls[@]}"   # each curl is bounded by --max-time
check "the same batch sent to two collectors at once should be stored exactly once" \
	test "$(coll_count)" = $((before + 40))

# The database restarts under a running collector: the request that meets the
# dead connection is told 503 (nothing half stored), the next one is stored.
run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
"${run[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m fast -w -t 30 restart >/dev/null 2>&1
"$MKBATCH" --device kiosk-9 --location WARD1 --count 5 >"$COLL_DIR/after.json"
before=$(coll_count)
st1=$(coll_post /v1/responses "$COLL_DIR/after.json" "$tok" gzip)
st2=$(coll_post /v1/responses "$COLL_DIR/after.json" "$tok" gzip)
check "after a database restart the collector should answer 503 or 200, then 200 ($st1, $st2)" \
	bash -c "[[ '$st1' = 503 || '$st1' = 200 ]] && [ '$st2' = 200 ]"
check "after a database restart the batch should be stored once" test "$(coll_count)" = $((before + 5))
coll_stop
coll_check_log
finish
