#!/usr/bin/env bash
# corrupt_pages: a page in the middle of the device's queue file, then of the
# collector's SQLite file, overwritten with random bytes (dd, while the
# program is stopped), then the program started, as after a failing SD card
# or disk. Nothing may be dropped silently:
#   device: the damaged file is moved aside and never written; every record
#   still readable in it is copied into a fresh queue and pushed, exactly
#   once; the records the page held are counted and named (seq range) in the
#   daemon's log, on the staff screen and by feedback-queue, for as long as
#   the damaged file is kept;
#   collector: it refuses to start, exits non-zero naming the file and what
#   to do (restore the latest backup), and leaves the file as it was; the
#   backup restored into a new file serves again and the device's records
#   pushed since arrive.
# FB_CORRUPT_RECORDS sets the queue's size (1500).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"

N=${FB_CORRUPT_RECORDS:-1500}
kiosk_require
kiosk_pin_hash 1234
sha() { sha256sum "$1" | cut -d' ' -f1; }
# overwrite_page FILE: random bytes over the page in the middle of FILE
overwrite_page() {
	local pages
	pages=$(($(stat -c %s "$1") / 4096))
	dd if=/dev/urandom of="$1" bs=4096 seek=$((pages / 2)) count=1 conv=notrunc 2>/dev/null
}

# --- the device's queue ------------------------------------------------------
sync_setup
fill "$N" || fail "queued $N"
overwrite_page "$QUEUE"
damaged_sha=$(sha "$QUEUE")
start_collector || { fail "collector started"; finish; }
start_syncd
damage_line() { grep -m1 "queue file damaged, moved aside to" "$FB_TMP/syncd.log"; }
check "the daemon should say the queue was damaged, where it went and what to do" \
	wait_for 30 eval 'damage_line | grep -q "corrupt-.*copied to a fresh queue.*keep that file and tell IT"'
line=$(damage_line)
note "${line#*feedback-syncd: }"
copied=$(sed -n 's/.*: \([0-9]*\) unsent or quarantined copied.*/\1/p' <<<"$line")
unreadable=$(sed -n 's/.*, up to \([0-9]*\) (seq [0-9]*-[0-9]*) unreadable.*/\1/p' <<<"$line")
check "every record should be either copied ($copied) or counted unreadable (${unreadable:-0}): $N in all" \
	test "$((${copied:-0} + ${unreadable:-0}))" = "$N"
check "one 4 KiB page should cost only the few records on it" \
	test "${unreadable:-0}" -gt 0 -a "${unreadable:-0}" -lt 60
moved=$(ls "$QUEUE".corrupt-* 2>/dev/null | grep -v -- '-wal$\|-shm$\|\.txt$' | head -1)
check "the damaged file should be kept, never written" test -n "$moved" -a "$(sha "$moved")" = "$damaged_sha"
check "every copied record should be pushed" wait_for 60 queue_empty
check "exactly the copied records should arrive, each once" \
	test "$(srv_records)" = "$copied" -a "$(q_count acked)" = "$copied"
dev_error() { _sql "$CDB" "SELECT last_error FROM devices WHERE id = 'kiosk-0042'"; }
check "the fleet page's last error for the tablet should say its answer store was damaged" \
	wait_for 30 eval 'dev_error | grep -q "answer store damaged: up to [0-9]* lost"'
# lost: silently, i.e. neither arrived nor reported unreadable
echo "# proof a corrupted queue page, its ${unreadable} records reported: submitted $((N - unreadable)), arrived $(srv_records), lost $((N - unreadable - $(srv_records))), duplicated $(($(srv_records) - copied > 0 ? $(srv_records) - copied : 0))"
stop_syncd

# the staff screen says so, whichever program moved the file aside
kiosk_conf "$FB_TMP/kiosk-staff.conf" "$DATA" "staff_pin_hash=$PIN_HASH"
cat >"$FB_TMP/staff.replay" <<'R'
press 20 20 6000
tap pin-1
tap pin-2
tap pin-3
tap pin-4
tap pin-ok
expect staff
screenshot staff-queue-damaged
R
mkdir -p "$FB_TMP/shots"
# at 1920x1080 the staff screen is one page (at 800x480 the last error is on
# a later one: kiosk_staff walks those)
kiosk_run 1920x1080 "$FB_TMP/kiosk-staff.conf" "$FB_TMP/staff.replay" "$FB_TMP/staff" \
	--screenshot-dir "$FB_TMP/shots"
check "the staff screen should say the queue was damaged and to tell IT" \
	bash -c "[ '$RC' = 0 ] && grep -q 'answer store damaged: up to [0-9]* lost, [0-9]* kept; tell IT, keep queue.db.corrupt-' '$FB_TMP/staff.json'"
note "screenshot: $FB_TMP/shots/staff-queue-damaged.png"
"$QTOOL" --config "$CONF" stats >/dev/null 2>"$FB_TMP/qtool.err"
check "feedback-queue should warn that a damaged queue file is kept" \
	grep -q "damaged queue file is kept beside the queue: queue file damaged" "$FB_TMP/qtool.err"

# --- the collector's database ------------------------------------------------
"$FB_BIN/feedback-collector" --config "$CCONF" backup "$FB_TMP/backup.db" >/dev/null 2>>"$FB_TMP/collector.log" ||
	fail "backup taken while it serves"
kill_collector TERM
overwrite_page "$CDB"
cdb_sha=$(sha "$CDB")
timeout 60 "$FB_BIN/feedback-collector" --config "$CCONF" serve >/dev/null 2>"$FB_TMP/serve.err"
rc=$?
note "$(tail -1 "$FB_TMP/serve.err")"
check "the collector should refuse a damaged database with a non-zero exit" test "$rc" != 0 -a "$rc" != 124
check "it should name the file and say to restore the latest backup" \
	grep -q "database '$CDB' is damaged.*restore the latest backup.*feedback-collector restore" "$FB_TMP/serve.err"
check "it should not be listening" eval '! _port_open'
check "the damaged database should be left as it was" test "$(sha "$CDB")" = "$cdb_sha"
"$FB_BIN/feedback-collector" --config "$CCONF" backup "$FB_TMP/backup2.db" >/dev/null 2>"$FB_TMP/backup2.err"
check "a backup of the damaged database should be refused, not made" \
	bash -c "grep -q 'is damaged' '$FB_TMP/backup2.err' && [ ! -e '$FB_TMP/backup2.db' ]"

# what the message says to do: the backup into a new file, then serve
CDB=$FB_TMP/collector-restored.db
_real_collector_conf "$TLS/server"
check "the backup should restore into a new sqlite_path" \
	"$FB_BIN/feedback-collector" --config "$CCONF" restore "$FB_TMP/backup.db"
start_collector || fail "the restored collector started"
fill 200
start_syncd
check "the device's new records should reach the restored collector" wait_for 60 queue_empty
check "the restored collector should hold every record exactly once" \
	test "$(srv_records)" = "$((copied + 200))"
stop_syncd
kill_collector TERM
finish
