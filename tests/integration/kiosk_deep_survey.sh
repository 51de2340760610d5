#!/usr/bin/env bash
# Issue 12, finding 1: a 77-byte survey ({"comment": 32 [, 1, 32 ], }) is
# valid JSON nested 33 deep; it used to spin feedback-kiosk at 100% CPU for
# ever, both at start and with --check-config, because the scan that finds
# a mistake's line and column stopped moving past 32 levels. Now the kiosk
# refuses it at once, naming the file, line and column.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"
kiosk_require

deep=$FB_TMP/deep.json
python3 -c "import sys; open(sys.argv[1],'w').write('{\"comment\":' + '['*32 + '1' + ']'*32 + '}')" "$deep"
check "the survey of the issue is 77 bytes" test "$(wc -c <"$deep")" = 77
kiosk_conf "$FB_TMP/kiosk.conf" "$FB_TMP/data" survey_file="$deep"

timeout 20 "$KIOSK" --config "$FB_TMP/kiosk.conf" --check-config >"$FB_TMP/check.log" 2>&1
rc=$?
check "--check-config should end within 20 s (rc $rc; 124 is the timeout)" test "$rc" != 124
check "--check-config should refuse the survey (rc $rc)" test "$rc" != 0 -a "$rc" != 124
check "--check-config should name the file, line and column: $(head -c 300 "$FB_TMP/check.log")" \
	grep -q "deep.json:1:1: \"id\" must be" "$FB_TMP/check.log"

# At start: the same refusal, never a hang in front of a patient.
printf 'tap next\n' >"$FB_TMP/replay.txt"
timeout 20 "$KIOSK" --config "$FB_TMP/kiosk.conf" --size 800x1280 --replay "$FB_TMP/replay.txt" \
	>"$FB_TMP/start.log" 2>&1
rc=$?
check "starting the kiosk on it should end within 20 s (rc $rc)" test "$rc" != 124
check "starting the kiosk on it should say which file is wrong: $(head -c 300 "$FB_TMP/start.log")" \
	grep -q "deep.json:1:1:" "$FB_TMP/start.log"

# Deeper still (jansson's own limit is 2048): refused as quickly.
python3 -c "import sys; open(sys.argv[1],'w').write('{\"comment\":' + '['*2000 + '1' + ']'*2000 + '}')" "$deep"
timeout 20 "$KIOSK" --config "$FB_TMP/kiosk.conf" --check-config >"$FB_TMP/check2.log" 2>&1
rc=$?
check "--check-config on a survey 2000 deep should end and refuse it (rc $rc)" test "$rc" != 124 -a "$rc" != 0
finish
