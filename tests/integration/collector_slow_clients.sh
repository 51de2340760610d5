#!/usr/bin/env bash
# collector_slow_clients: slow clients cannot stop real devices (finding 4).
# The real collector with a throwaway CA; the real sync daemon pushes 10,000
# responses twice: once with nobody else about (the baseline), and once
# while 1,000 slow connections from 127.0.0.1 and 200 from 127.0.0.2 ...
# 127.0.0.201 (half with the TLS handshake left half done, half trickling a
# header a byte a second) hold on for 60 s. Every record arrives exactly
# once, the drain under attack is at most a few seconds slower, and the
# slow connections are cut at the header deadline.
export FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/sync_lib.sh"

N=${FB_SLOW_N:-10000}
ATTACK_S=${FB_SLOW_ATTACK_S:-60}
# "A few seconds" more than the baseline: 5 s, or half the baseline when
# that is more. The slack is for this shared 2-core box, where the
# collector's own share of the attack (accepting 100-odd connections a
# second and their TLS handshakes: about 0.6 of a core, printed below)
# competes with the pushes for the same cores and the baseline alone
# varies by several seconds from run to run.
SLACK_S=${FB_SLOW_SLACK_S:-5}
# Under AddressSanitizer (make test) the collector spends about three times
# the CPU on each connection it accepts, so timings say little there: they
# are printed, and asserted on a release build (FB_BIN=build, as make bench
# runs). What is asserted either way: every record once, the slow
# connections cut, none living anywhere near the attack's 60 s.
SANITIZED=0
ldd "$FB_BIN/feedback-collector" 2>/dev/null | grep -q libasan && SANITIZED=1
LIFE_S=10; [ "$SANITIZED" = 1 ] && LIFE_S=20
SLOW=$FB_SRC/tests/helpers/slow_clients.py
STATS=$FB_TMP/slow.json

now() { date +%s.%N; }
# CPU seconds (user + system) used so far by process $1.
cpu_of() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
secs() { python3 -c 'import sys;print("%.1f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

sync_setup batch_max_records=500
# The daemon pushes as fast as the collector answers; its backoff cap stays
# at 10 s, so one refused connection costs at most that.
start_collector || { fail "collector started"; finish; }

# ---- baseline: nobody else about ----------------------------------------------
fill "$N" || fail "queued $N (baseline)"
c0=$(cpu_of "$COLLECTOR_PID")
t0=$(now)
start_syncd
check "baseline: all $N should arrive within 120 s" wait_for 120 queue_empty
t1=$(now)
base=$(secs "$t0" "$t1")
c1=$(cpu_of "$COLLECTOR_PID")
stop_syncd
note "baseline drain of $N: $base s; the collector used $(secs "$c0" "$c1") s of CPU; load average $(cut -d' ' -f1 /proc/loadavg)"

# ---- under attack ---------------------------------------------------------------
fill "$N" || fail "queued $N more (attack)"
# nice 19: the attacker's own CPU would be on another machine; on this
# shared box it should not be what slows the collector. The collector still
# does all of its share of the attack: accepting, handshakes, cutting.
nice -n 19 python3 "$SLOW" --port "$PORT" --ca "$TLS/ca/ca.pem" --seconds "$ATTACK_S" \
	--from 127.0.0.1:1000 --spread 127.0.0.2:200 --stats "$STATS" 2>>"$FB_TMP/slow.log" &
ATTACK_PID=$!
_pids+=("$ATTACK_PID")
sleep 5                                  # let the flood build up first
open_now=$(ss -Htn state established "( sport = :$PORT )" 2>/dev/null | wc -l)
note "connections to the collector 5 s into the attack: $open_now"
t0=$(now)
c0=$(cpu_of "$COLLECTOR_PID")
start_syncd
check "under attack: all $N should still arrive (within 120 s)" wait_for 120 queue_empty
t1=$(now)
att=$(secs "$t0" "$t1")
c1=$(cpu_of "$COLLECTOR_PID")
stop_syncd
slack=$(python3 -c 'import sys;print("%.1f" % max(float(sys.argv[1]), float(sys.argv[2]) / 2))' "$SLACK_S" "$base")
ratio=$(python3 -c 'import sys;print("%.2f" % (float(sys.argv[2]) / max(float(sys.argv[1]), 0.1)))' "$base" "$att")
note "drain of $N under attack: $att s (baseline $base s, ratio $ratio); the collector used $(secs "$c0" "$c1") s of CPU; load average $(cut -d' ' -f1 /proc/loadavg)"
late_ok() { python3 -c 'import sys;sys.exit(0 if float(sys.argv[2]) <= float(sys.argv[1]) + float(sys.argv[3]) else 1)' "$base" "$att" "$slack"; }
if [ "$SANITIZED" = 1 ]; then
	ok "under attack the drain should take at most $slack s more than without ($att s vs $base s) # SKIP sanitizer build: measured, not asserted"
else
	check "under attack the drain should take at most $slack s more than without ($att s vs $base s)" late_ok
fi
check "every record of both runs exactly once" exactly_once

# The attack runs its full time, bounded: it exits on its own.
end=$((SECONDS + ATTACK_S + 20))
while kill -0 "$ATTACK_PID" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.5; done
kill "$ATTACK_PID" 2>/dev/null
wait "$ATTACK_PID" 2>/dev/null
check "the slow clients ran and wrote their figures" test -s "$STATS"
if [ -s "$STATS" ]; then
	python3 - "$STATS" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
held = s["held"] or [0]
print("# slow clients: %d slots, %d connections opened, cut by the server: %d half-done "
      "handshakes + %d trickled headers; %d closed within 0.2 s (refused at a cap or made "
      "way at once); longest-lived cut connection %.1f s from connect() (accept queue "
      "included), %.1f s from its TLS handshake; open at once: max %d, mean %d"
      % (s["slots"], s["opened"], s["cut"]["tls-half"], s["cut"]["trickle"], s["refused"],
         s["oldest_cut_s"], s["oldest_trickle_after_tls_s"], max(held), sum(held) // len(held)))
EOF
	cut=$(python3 -c 'import json,sys;s=json.load(open(sys.argv[1]));print(s["cut"]["tls-half"]+s["cut"]["trickle"])' "$STATS")
	oldest=$(python3 -c 'import json,sys;print("%.1f" % json.load(open(sys.argv[1]))["oldest_trickle_after_tls_s"])' "$STATS")
	queued=$(python3 -c 'import json,sys;print("%.1f" % json.load(open(sys.argv[1]))["oldest_cut_s"])' "$STATS")
	trickled=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["cut"]["trickle"])' "$STATS")
	check "the server should have cut the slow connections ($cut cut)" test "$cut" -ge 1200
	check "trickled headers among them ($trickled cut)" test "$trickled" -ge 600
	# header_deadline_s is 5 and the watchdog looks four times a second;
	# without the deadline these would live the whole 60 s. The bounds leave
	# room for scheduling on a loaded box (the helper runs at nice 19 and
	# notices late), and from connect() for the kernel's accept queue,
	# which is not the server's to cut.
	check "no trickled header should have lived $LIFE_S s after its handshake (longest $oldest s; deadline 5 s)" \
		python3 -c 'import sys;sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$oldest" "$LIFE_S"
	check "no slow connection should have lived $((2 * LIFE_S)) s, accept queue included (longest $queued s)" \
		python3 -c 'import sys;sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$queued" "$((2 * LIFE_S))"
fi

# A device still gets in once the flood is over, and the guard's own count.
kill_collector TERM
guard_line=$(grep "the header deadline cut" "$FB_TMP/collector.log" | tail -1)
note "collector: ${guard_line#feedback-collector: }"
check "the collector should log how many connections its header deadline cut" test -n "$guard_line"
finish
