#!/usr/bin/env bash
# fuzz_replay: every seed of every fuzz harness (tests/fuzz/corpus/TARGET/) and
# every past finding (tests/fuzz/crashes/TARGET/) once through the harness,
# built without libFuzzer on this (sanitizer) build ($FB_BIN/tests/replay_TARGET,
# tests/fuzz/replay.c), so a fixed bug stays fixed. One line per target.
. "$FB_SRC/tests/integration/lib.sh"

for src in "$FB_SRC"/tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	bin=$FB_BIN/tests/replay_$t
	files=()
	for f in "$FB_SRC/tests/fuzz/corpus/$t"/* "$FB_SRC/tests/fuzz/crashes/$t"/*; do
		[ -f "$f" ] && files+=("$f")
	done
	if [ ! -x "$bin" ]; then
		fail "$t: no replay binary $bin (make test builds it)"
		continue
	fi
	if [ ${#files[@]} = 0 ]; then
		fail "$t: no seeds in tests/fuzz/corpus/$t/"
		continue
	fi
	# a hang is a finding too: each file gets at most 10 s
	timeout $((10 * ${#files[@]} + 30)) "$bin" "${files[@]}" >"$FB_TMP/$t.out" 2>"$FB_TMP/$t.err"
	rc=$?
	check "$t: each of its ${#files[@]} seeds and past findings should replay cleanly (rc $rc)" \
		bash -c "[ $rc = 0 ] && grep -qx 'replayed ${#files[@]}' '$FB_TMP/$t.out'"
	[ $rc = 0 ] || tail -15 "$FB_TMP/$t.err" | sed 's/^/# /'
done
finish
