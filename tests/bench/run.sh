#!/usr/bin/env bash
# Runs every benchmark: compiled ones ($FB_BIN/bench/bench_*) and scripts
# (tests/bench/*.sh other than this one). Each prints its figures beside
# their targets, each line ending MET or MISSED. BENCH=pattern runs only the
# matching ones.
#
# Ends with every MISSED figure and a count. A noisy machine misses a target
# now and then, so a miss fails the run only with BENCH_STRICT=1; a benchmark
# that could not run at all (it exited non-zero without printing a miss)
# always fails it.
set -u
: "${FB_BIN:?}" "${FB_SRC:?}"
export FB_BIN FB_SRC
broken=() log=$(mktemp /tmp/fb-bench.XXXXXX)
trap 'rm -f "$log"' EXIT
: >"$log.all"
for b in "$FB_BIN"/bench/bench_* "$FB_SRC"/tests/bench/*.sh; do
	[ -e "$b" ] || continue
	name=$(basename "$b")
	[ "$name" = run.sh ] && continue
	[ -n "${BENCH:-}" ] && [[ $name != *$BENCH* ]] && continue
	echo "== $name"
	if [[ $b == *.sh ]]; then bash "$b"; else "$b"; fi 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	sed "s/^/$name: /" "$log" >>"$log.all"
	if [ "$rc" != 0 ] && ! grep -q 'MISSED' "$log"; then broken+=("$name (exit $rc)"); fi
	echo
done
met=$(grep -o '\bMET\b' "$log.all" | wc -l)
missed=$(grep -o '\bMISSED\b' "$log.all" | wc -l)
echo "== summary"
grep 'MISSED' "$log.all" | sed 's/^/MISSED in  /'
for b in "${broken[@]}"; do echo "DID NOT RUN $b"; done
echo "$met figures MET, $missed MISSED, ${#broken[@]} benchmarks did not run"
rm -f "$log.all"
[ ${#broken[@]} = 0 ] || exit 1
if [ "$missed" != 0 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then exit 1; fi
exit 0
