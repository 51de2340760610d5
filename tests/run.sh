#!/usr/bin/env bash
# Runs the whole suite: every cmocka unit test binary in $FB_BIN/tests, then
# every integration script in tests/integration (TAP lines: "ok - ..." and
# "not ok - ..."). Prints each result and a final "N passed, N failed" line;
# exits non-zero on any failure. TESTS=pattern runs only matching ones.
set -u
: "${FB_BIN:?FB_BIN must name the build directory}"
: "${FB_SRC:=$(cd "$(dirname "$0")/.." && pwd)}"
export FB_BIN FB_SRC
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$FB_SRC/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export CMOCKA_MESSAGE_OUTPUT=stdout

passed=0 failed=0
failures=()
logdir="$FB_BIN/test-logs"
rm -rf "$logdir"; mkdir -p "$logdir"

# tally NAME PASSED FAILED RC: adds one binary's or script's results to the
# totals and prints its line; a non-zero RC with no failure counted is one
# failure (a crash, a timeout). Returns non-zero when it failed.
tally() {
	local name=$1 p=$2 f=$3 rc=$4
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$f" != 0 ]; then
		failures+=("$name")
		printf 'FAIL  %-40s %d passed, %d failed (rc %d)\n' "$name" "$p" "$f" "$rc"
		return 1
	fi
	printf 'ok    %-40s %d passed\n' "$name" "$p"
}

run_unit() {
	local bin=$1 name log p f
	name=$(basename "$bin")
	log="$logdir/$name.log"
	timeout 300 "$bin" >"$log" 2>&1
	local rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	p=${p:-0}; f=${f:-0}
	tally "$name" "$p" "$f" "$rc" ||
		grep -E '^\[  (FAILED|ERROR) +\]|^\[ +ERROR +\]|runtime error|ERROR: (Address|Leak)Sanitizer|Assertion|error:' "$log" | head -20 | sed 's/^/      /'
}

run_script() {
	local script=$1 name log p f
	name=$(basename "$script" .sh)
	log="$logdir/$name.log"
	local tmp
	tmp=$(mktemp -d "/tmp/fb-$name.XXXXXX")
	FB_TMP=$tmp timeout 1200 bash "$script" >"$log" 2>&1
	local rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if tally "$name" "$p" "$f" "$rc"; then
		rm -rf "$tmp"   # kept on failure, for the post-mortem
	else
		grep -E '^not ok|^#' "$log" | head -20 | sed 's/^/      /'
		tail -5 "$log" | sed 's/^/      | /'
	fi
}

pattern=${TESTS:-}
for bin in "$FB_BIN"/tests/test_*; do
	[ -x "$bin" ] || continue
	[ -n "$pattern" ] && [[ $(basename "$bin") != *$pattern* ]] && continue
	run_unit "$bin"
done
for script in "$FB_SRC"/tests/integration/*.sh; do
	[ -f "$script" ] || continue
	case $(basename "$script") in
	lib.sh | *_lib.sh | *_suite.sh) continue ;; # sourced by the tests, not tests
	esac
	[ -n "$pattern" ] && [[ $(basename "$script") != *$pattern* ]] && continue
	run_script "$script"
done

echo
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]} (logs in $logdir)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
