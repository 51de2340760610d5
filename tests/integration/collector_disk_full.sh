#!/usr/bin/env bash
# collector_disk_full: the Trust's collector runs out of disk while a device
# pushes. Its database sits on a real small filesystem (a tmpfs, mounted here:
# CI runs as root) with ballast leaving room for only part of the backlog. A
# batch that cannot be stored must be refused with 503 and a Retry-After, so
# the device keeps it; nothing may be acknowledged that the collector did not
# store; the collector must not crash. Once space is freed, every record
# arrives exactly once.
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"

MNT=$FB_TMP/disk
mkdir -p "$MNT"
trap 'cleanup; umount "$MNT" 2>/dev/null' EXIT
if ! mount -t tmpfs -o size=16m tmpfs "$MNT" 2>"$FB_TMP/mount.err"; then
	if [ "$(id -u)" = 0 ]; then fail "mount a 16 MiB tmpfs: $(cat "$FB_TMP/mount.err")"; fi
	note "SKIPPED: mounting a tmpfs is not permitted for this user ($(cat "$FB_TMP/mount.err"))"
	finish
fi
CDB=$MNT/collector.db
sync_setup batch_max_records=50
fill 4000
# leave about 1 MiB: room for some hundreds of responses, not 4,000
head -c $((15 * 1024 * 1024)) /dev/zero >"$MNT/ballast"
start_collector || { fail "collector started on the small disk"; finish; }
start_syncd
# acked_not_stored: records the device counts as delivered that the collector lacks.
acked_not_stored() {
	python3 - "$QUEUE" "$CDB" <<'PY'
import sqlite3, sys
q = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
s = sqlite3.connect("file:%s?mode=ro" % sys.argv[2], uri=True, timeout=10)
have = set(r[0] for r in s.execute("SELECT id FROM responses"))
print(sum(1 for (i,) in q.execute("SELECT id FROM records WHERE state = 'acked'") if i not in have))
PY
}
refused_503() { grep -q 'not stored' "$FB_TMP/collector.log"; }
check "the collector should refuse a batch once its disk is full" wait_for 60 refused_503
note "collector said: $(grep -m1 'not stored' "$FB_TMP/collector.log")"
check "the device should say the collector is busy and wait as it asks" \
	wait_for 10 grep -qs "busy (HTTP 503)" "$STATUS"
sleep 2
acked=$(q_count acked) unsent=$(q_count unsent) stored=$(srv_records)
note "disk full: $stored stored at the collector, $acked acked and $unsent still unsent on the device"
check "the disk filled before the backlog was in (some records still unsent)" test "$unsent" -gt 0
check "nothing acknowledged that the collector did not store" test "$(acked_not_stored)" = 0
check "the collector is still running on a full disk" kill -0 "$COLLECTOR_PID"
rm -f "$MNT/ballast"
kill -USR1 "$SYNCD_PID"   # retry now, not after the collector's Retry-After
check "once space is freed every record should arrive" wait_for 120 queue_empty
check "every record exactly once after the disk was full" exactly_once "collector disk full"
check "the collector's database should pass its integrity check" \
	test "$(_sql "$CDB" "PRAGMA integrity_check")" = ok
stop_syncd
kill_collector TERM
finish
