#!/usr/bin/env bash
# collector_pg_restart: PostgreSQL crashes and restarts (pg_ctl -m immediate:
# no clean shutdown, as a failover or an OOM kill looks to the collector) in
# the middle of a device's push to the real collector. A batch whose
# transaction dies with the server must be refused (503) and sent again,
# never half stored; once the database is back the collector reconnects by
# itself, and every record arrives exactly once. 4 crashes here; FB_CRASHES
# sets the count (make proof: 20).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"
trap 'cleanup; pg_stop' EXIT

CRASHES=${FB_CRASHES:-4}
pg_start || { fail "a PostgreSQL server should start"; finish; }
# the real collector of sync_lib.sh, on this PostgreSQL instead of SQLite
REAL_COLLECTOR_DB="backend = postgresql
pg_conninfo = $PG_CONNINFO"
sync_setup batch_max_records=20
fill 3000
start_collector || { fail "collector started on PostgreSQL"; finish; }
start_syncd
pg_run=(); [ "$(id -u)" = 0 ] && pg_run=(runuser -u postgres --)
psql_ids() { psql "$PG_CONNINFO" -At -c "SELECT id FROM responses" 2>/dev/null; }
for ((i = 1; i <= CRASHES; i++)); do
	[ "$(q_count unsent)" -lt 1000 ] && fill 1500
	kill -USR1 "$SYNCD_PID"   # push now, not at the end of a backoff
	sleep "$(printf '0.%03d' $((200 + RANDOM % 800)))"
	"${pg_run[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m immediate -w -t 30 \
		restart -o "-k $PG_DIR/sock -p $PG_PORT -c listen_addresses='' -c fsync=off" >/dev/null 2>&1 ||
		{ fail "PostgreSQL restarted (crash $i)"; break; }
done
note "$CRASHES crashes; $(psql_ids | wc -l) responses stored so far, $(q_count unsent) unsent"
check "the device should have been told 503 (busy) while the database was down" \
	grep -q 'busy (HTTP 503)' "$FB_TMP/syncd.log"
check "the collector should still be running" kill -0 "$COLLECTOR_PID"
kill -USR1 "$SYNCD_PID"
check "once the database is back everything should drain" wait_for 120 queue_empty
psql_ids | sort >"$FB_TMP/srv_ids"
python3 - "$QUEUE" "$FB_TMP/srv_ids" "$CRASHES" <<'PY'
import sqlite3, sys
q = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
dev = {r[0]: r[1] for r in q.execute("SELECT id, state FROM records")}
srv = [l.strip() for l in open(sys.argv[2]) if l.strip()]
twice = len(srv) - len(set(srv))
missing = [i for i in dev if i not in set(srv)]
extra = [i for i in set(srv) if i not in dev]
unacked = [i for i, st in dev.items() if st != "acked"]
print("# device %d, collector %d, missing %d, unknown %d, unacked %d"
      % (len(dev), len(srv), len(missing), len(extra), len(unacked)))
print("# proof PostgreSQL crash-restarted x%s mid-push: submitted %d, arrived %d, lost %d, duplicated %d"
      % (sys.argv[3], len(dev), len(set(srv) & set(dev)), len(missing), twice + len(extra)))
open(sys.argv[2] + ".ok", "w").write("1" if dev and not missing and not extra and not twice and not unacked else "0")
PY
check "every record exactly once despite $CRASHES database crashes" test "$(cat "$FB_TMP/srv_ids.ok")" = 1
stop_syncd
kill_collector TERM
finish
