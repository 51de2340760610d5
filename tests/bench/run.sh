#!/usr/bin/env bash
# Runs every benchmark: compiled ones ($FB_BIN/bench/bench_*) and scripts
# (tests/bench/*.sh other than this one). Each prints its own figures beside
# its targets. BENCH=pattern runs only the matching ones.
set -u
: "${FB_BIN:?}" "${FB_SRC:?}"
export FB_BIN FB_SRC
rc=0
for b in "$FB_BIN"/bench/bench_* "$FB_SRC"/tests/bench/*.sh; do
	[ -e "$b" ] || continue
	[ "$(basename "$b")" = run.sh ] && continue
	[ -n "${BENCH:-}" ] && [[ $(basename "$b") != *$BENCH* ]] && continue
	echo "== $(basename "$b")"
	if [[ $b == *.sh ]]; then bash "$b" || rc=1; else "$b" || rc=1; fi
	echo
done
exit $rc
