#!/usr/bin/env bash
# collector_backup: `feedback-collector backup` while devices push, then
# `restore` into an empty store, on SQLite (the online backup API) and on a
# real PostgreSQL (pg_dump, checked by a restore into a scratch database).
# Four simulated devices push paced batches (tests/helpers/collector_loadgen,
# which writes down every record the collector acknowledged and when); the
# backup is taken in the middle. The restored store must hold every response
# acknowledged before the backup began, its counts must match its responses
# (one consistent snapshot), and a restore into a store that is not empty must
# be refused with a message saying what to do.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
LOADGEN=$FB_BIN/tests/collector_loadgen

# sqlq CONNINFO_OR_FILE QUERY
sqlq() {
	if [ "$COLL_BACKEND" = postgresql ]; then
		psql -X -q -t -A "$1" -c "$2"
	else
		sqlite3 "$1" "$2"
	fi
}

counts_match() {
	local n
	n=$(sqlq "$1" "SELECT count(*) FROM (SELECT location, month, fft, has_text, n FROM response_counts
		EXCEPT SELECT location, month, fft, has_text, count(*) FROM responses WHERE synthetic = 0
		GROUP BY location, month, fft, has_text) a")
	[ "$n" = 0 ]
}

run_backend() {
	local be=$1 d live restored file
	rm -rf "$FB_TMP/coll"
	coll_setup "$be" || { fail "$be: test set-up"; return; }
	d=$COLL_DIR
	"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
	coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
	: >"$d/tokens"
	for i in 1 2 3 4; do
		echo "kiosk-$i $(coll_cli device add --location WARD1 --id "kiosk-$i" 2>/dev/null)" >>"$d/tokens"
	done
	coll_start || { fail "$be: the collector should start"; return; }
	"$LOADGEN" --url "$COLL_URL/v1/responses" --ca "$COLL_CA" --tokens "$d/tokens" \
		--public "$d/trust.pub" --batches 16 --batch 25 --every-ms 400 --text-ratio 0.5 \
		--acked "$d/acked.txt" >"$d/load.out" 2>&1 &
	local lg=$!
	_pids+=($lg)
	sleep 2.5
	local t0; t0=$(date +%s%3N)
	if [ "$be" = postgresql ]; then file=$d/backup.dump; else file=$d/backup.db; fi
	coll_cli backup "$file" >"$d/backup.out" 2>&1
	local brc=$?
	note "$(cat "$d/backup.out")"
	wait "$lg"
	note "load: $(tr '\n' ' ' <"$d/load.out")"
	local before; before=$(awk -v t="$t0" '$1 < t' "$d/acked.txt" | wc -l)
	local total; total=$(wc -l <"$d/acked.txt")
	check "$be: backup should succeed while devices push, and say it restores" \
		bash -c "[ $brc = 0 ] && grep -q 'backed up the database' '$d/backup.out'"
	check "$be: the push should have gone on during the backup ($before of $total acknowledged before it)" \
		bash -c "[ $before -gt 0 ] && [ $total -gt $before ]"
	check "$be: the backup file should be readable only by the collector's user" \
		test "$(stat -c %a "$file")" = 600
	check "$be: backup should refuse to overwrite a file" \
		bash -c "! '$COLL' --config '$COLL_CONF' backup '$file' >/dev/null 2>&1"

	# restore refuses the live (not empty) store
	coll_cli restore "$file" >"$d/refuse.out" 2>&1
	local rrc=$?
	note "$(cat "$d/refuse.out")"
	check "$be: restore into a store that is not empty should be refused, saying so" \
		bash -c "[ $rrc != 0 ] && grep -q 'is not empty' '$d/refuse.out'"

	# an empty store to restore into
	if [ "$be" = postgresql ]; then
		createdb -h "$PG_DIR/sock" -p "$PG_PORT" -U fb restored
		restored="host=$PG_DIR/sock port=$PG_PORT user=fb dbname=restored"
		sed "s|^pg_conninfo = .*|pg_conninfo = $restored|" "$COLL_CONF" >"$d/restore.conf"
	else
		restored=$d/restored.db
		sed "s|^sqlite_path = .*|sqlite_path = restored.db|" "$COLL_CONF" >"$d/restore.conf"
	fi
	"$COLL" --config "$d/restore.conf" restore "$file" >"$d/restore.out" 2>&1
	local src=$?
	note "$(cat "$d/restore.out")"
	check "$be: restore into an empty store should succeed" test $src = 0
	sqlq "$restored" "SELECT id FROM responses" | sort >"$d/have.txt"
	awk -v t="$t0" '$1 < t {print $2}' "$d/acked.txt" | sort -u >"$d/want.txt"
	local missing; missing=$(comm -23 "$d/want.txt" "$d/have.txt" | wc -l)
	check "$be: every response acknowledged before the backup began should be restored ($before; $missing missing)" \
		test "$missing" = 0
	check "$be: the restored store's counts should match its responses (a consistent copy)" \
		counts_match "$restored"
	check "$be: the restored store should serve its devices (tokens and locations came back)" \
		test "$(sqlq "$restored" "SELECT count(*) FROM devices")" = 4
	coll_stop
}

run_backend sqlite
pg_start || { fail "a PostgreSQL server should start"; finish; }
run_backend postgresql
finish
