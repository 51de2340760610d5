#!/usr/bin/env bash
# sync_clock_jump: the device's wall clock jumps a year back, then a year
# forward, then is right again, in the middle of a backlog being pushed over
# real TLS to the Trust's real feedback-collector. The jump is made for real
# in the running processes (libfaketime, preloaded into feedback-syncd and
# the kiosk's writer, tests/helpers/queue_writer, reading its offset from a
# file the test rewrites; the boot clocks are left alone, DONT_FAKE_MONOTONIC)
# and never on the machine. The collector's clock is right throughout.
#
# What must happen: the connection already open goes on (TLS checked the
# certificate when it opened); those batches carry the wrong device time and
# the collector corrects them. The collector then restarts: to a new
# connection its certificate (valid for 30 days, like a real one for a few
# months) is "not yet valid", then "expired"; the daemon says so in its log
# and status file with the date its clock reads; nothing is acknowledged,
# nothing is lost, the kiosk keeps storing responses; once the clock is right
# everything is pushed without anyone prodding the daemon, exactly once, and
# the collector stores every record under the time it was really given (from
# the boot clock, age_ms), so the month's counts hold them all and no month a
# year away gains any. Before fb_proto_record_clock_off the records stored
# during the jump and sent after it were counted a year back and forward.
# FB_CLOCK_RECORDS sets the backlog (make test 600; make proof 4000);
# FB_CLOCK_PHASE_S how long the clock stays each way (8 s; the writer adds a
# response every 20 ms or so throughout).
. "$FB_SRC/tests/integration/lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"

N=${FB_CLOCK_RECORDS:-600}
FAKETIME_LIB=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -1)
if [ -z "$FAKETIME_LIB" ]; then
	fail "libfaketime should be installed (deploy/deps.sh installs libfaketime)"
	finish
fi
CLOCK=$FB_TMP/device-clock
# set_clock OFFSET: what the device's wall clock reads, as libfaketime's
# offset ("+0", "-365d"); renamed into place so a reader never sees half.
set_clock() { echo "$1" >"$CLOCK.tmp" && mv "$CLOCK.tmp" "$CLOCK"; }
set_clock +0
# on_device: runs a program with the device's clock. The sanitizer build's
# runtime must come first in the library list; libfaketime now does, so the
# check is turned off for these two programs only.
cat >"$FB_TMP/on-device" <<EOF
#!/bin/sh
exec env LD_PRELOAD="$FAKETIME_LIB" FAKETIME_TIMESTAMP_FILE="$CLOCK" FAKETIME_NO_CACHE=1 \
	DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS="\${ASAN_OPTIONS:-}:verify_asan_link_order=0" "\$@"
EOF
chmod +x "$FB_TMP/on-device"
cat >"$FB_TMP/syncd" <<EOF
#!/bin/sh
exec "$FB_TMP/on-device" "$FB_BIN/feedback-syncd" "\$@"
EOF
chmod +x "$FB_TMP/syncd"
SYNCD=$FB_TMP/syncd

check "libfaketime should move the device's wall clock a year back and leave its boot clock alone" \
	python3 - "$FB_TMP/on-device" "$CLOCK" <<'EOF'
import subprocess, sys, time
run, clock = sys.argv[1], sys.argv[2]
open(clock, "w").write("-365d\n")
out = subprocess.run([run, "python3", "-c",
    "import time;print(time.time(), time.clock_gettime(time.CLOCK_BOOTTIME))"],
    capture_output=True, text=True).stdout.split()
open(clock, "w").write("+0\n")
wall, boot = float(out[0]), float(out[1])
sys.exit(0 if abs(time.time() - 365 * 86400 - wall) < 60
         and abs(time.clock_gettime(time.CLOCK_BOOTTIME) - boot) < 60 else 1)
EOF

# small batches: the push of the backlog is many short requests, so the
# jump lands between and inside them
sync_setup batch_max_records=10
t_start_ms=$(date +%s%3N)
fill "$N" || fail "queued a backlog of $N"
start_collector || { fail "collector started"; finish; }
start_syncd
check "the push of the backlog should be under way" wait_for 30 eval '[ "$(q_count acked)" -gt 0 ]'
note "$(q_count acked) of $N acknowledged when the clock jumps"

# The kiosk's writer, on the device's clock: a response every 20 ms or so
# for the whole jump (3 phases of PHASE seconds, then a few at the right time).
PHASE=${FB_CLOCK_PHASE_S:-8}
QW_PAUSE_MS=20 "$FB_TMP/on-device" "$FB_BIN/tests/queue_writer" write "$QUEUE" "$TRUST_PK" 0 \
	$((3 * PHASE + 2)) >"$FB_TMP/writer.out" 2>>"$FB_TMP/writer.log" &
WRITER_PID=$!
_pids+=("$WRITER_PID")
puts() { grep -c '^PUT ' "$FB_TMP/writer.out"; }
log_lines() { grep -c "$1" "$FB_TMP/syncd.log"; }
# grew PATTERN BEFORE: the daemon's log has more lines matching PATTERN than BEFORE
grew() { [ "$(log_lines "$1")" -gt "$2" ]; }
ADVICE="check this device's clock is right"
year_back=$(date -u -d "@$(($(date +%s) - 365 * 86400))" +%Y)
year_fwd=$(date -u -d "@$(($(date +%s) + 365 * 86400))" +%Y)

wait_for 30 eval '[ "$(puts)" -gt 0 ]' || fail "the writer started"
nv=$(log_lines "push failed.*not yet valid.*$ADVICE")
set_clock -365d
t_phase=$SECONDS
# The connection the daemon already has goes on (TLS checked the certificate
# when it was opened): those batches carry the device's wrong time and the
# collector corrects them. Then the collector restarts, as after an update:
# a new connection must check the certificate against the wrong clock.
sleep $((PHASE / 4))
kill_collector TERM
start_collector || fail "collector restarted during the jump"
check "a year back: a push should fail saying the certificate is not yet valid and to check the clock, which reads $year_back" \
	wait_for $((PHASE * 2)) grew "push failed.*not yet valid.*$ADVICE (it reads $year_back-" "$nv"
check "a year back: the status file should say so too" \
	wait_for 10 eval 'grep -qs "not yet valid.*$ADVICE" "$STATUS"'
acked_wrong=$(q_count acked)
sleep $((PHASE - (SECONDS - t_phase) > 0 ? PHASE - (SECONDS - t_phase) : 0))
ex=$(log_lines "push failed.*expired.*$ADVICE")
set_clock +365d
t_phase=$SECONDS
check "a year forward: a push should fail saying the certificate has expired and to check the clock, which reads $year_fwd" \
	wait_for $((PHASE * 2)) grew "push failed.*expired.*$ADVICE (it reads $year_fwd-" "$ex"
sleep $((PHASE - (SECONDS - t_phase) > 0 ? PHASE - (SECONDS - t_phase) : 0))
check "while the clock is a year off and the certificate cannot be checked, nothing should be acknowledged" \
	test "$(q_count acked)" = "$acked_wrong"
unsent_wrong=$(q_count unsent)
check "the responses stored meanwhile should wait on the device" test "$unsent_wrong" -gt 0
set_clock +0
note "clock right again with $unsent_wrong unsent; the writer has put $(puts)"

wait "$WRITER_PID"
check "the kiosk's writer should store every response whatever the clock says" test "$?" = 0
note "the writer put $(puts) responses"
sed -n 's/^PUT //p' "$FB_TMP/writer.out" >>"$FB_TMP/ids.txt"
# no SIGUSR1: the daemon must find out by itself within its backoff cap (10 s)
check "once the clock is right everything should be pushed" wait_for 120 queue_empty
check "the daemon should say the collector is answering again" grep -q "answering again" "$FB_TMP/syncd.log"
check "the status error should be cleared" wait_for 10 eval '[ -z "$(status_field last_error)" ]'
check "every record exactly once despite the clock jumping a year back and forward" \
	exactly_once "device clock a year back and forward mid-backlog"

# What the collector stored as each record's time, against the ids the
# writer and the fill say were put: none lost, none twice, each at the time
# it was really given, and the month's counts hold every one.
check "the collector should store every record at the time it was given, not a year off" \
	python3 - "$CDB" "$FB_TMP/ids.txt" "$t_start_ms" <<'EOF'
import sqlite3, sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
put = [l.strip() for l in open(sys.argv[2]) if l.strip()]
t0, now = int(sys.argv[3]), int(time.time() * 1000)
rows = db.execute("SELECT id, submitted_at_ms, corrected_submitted_at_ms, effective_at_ms,"
                  " received_at_ms, month FROM responses").fetchall()
year = 300 * 86400 * 1000
back = [r for r in rows if r[1] < r[4] - year]
fwd = [r for r in rows if r[1] > r[4] + year]
# a record's time: from when the test began to when it arrived
wrong = [r for r in rows if not (t0 - 60000 <= r[3] <= r[4] + 1000)]
uncorrected = [r for r in back + fwd if r[2] is None]
zone = ZoneInfo("Europe/London")
month = lambda ms: int(datetime.fromtimestamp(ms / 1000, zone).strftime("%Y%m"))
months = {month(t0), month(now)}
counts = dict(db.execute("SELECT month, SUM(n) FROM response_counts GROUP BY month").fetchall())
in_months = sum(n for m, n in counts.items() if m in months)
real = db.execute("SELECT COUNT(*) FROM responses WHERE synthetic = 0").fetchone()[0]
print("# %d records put, %d at the collector; %d written while the device clock read a year"
      " back, %d a year forward; %d of those stored with a corrected time" %
      (len(put), len(rows), len(back), len(fwd), len(back) + len(fwd) - len(uncorrected)))
print("# monthly counts (the %d not synthetic): %s (this month: %s)" % (real, counts, sorted(months)))
for r in (wrong + uncorrected)[:5]:
    print("# wrong time: id %s device %d corrected %s effective %d received %d month %d" % r)
ok = (len(set(put)) == len(put) and set(put) == {r[0] for r in rows}
      and back and fwd and not wrong and not uncorrected
      and real > 0 and in_months == real and all(m in months for m in counts))
sys.exit(0 if ok else 1)
EOF
check "the collector's database should pass its integrity check" \
	test "$(_sql "$CDB" "PRAGMA integrity_check")" = ok
stop_syncd
check "SIGTERM should exit 0" test "$SYNCD_RC" = 0
kill_collector TERM
finish
