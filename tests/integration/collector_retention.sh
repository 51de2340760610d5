#!/usr/bin/env bash
# collector_retention: retention and erasure on a store with two years of data,
# on SQLite and then on a real PostgreSQL. Each month of the last 24 gets a USB
# bundle of sealed comments (a word unique to the month) and contact details,
# imported as a Trust would. With [retention] free_text_months = 6 and
# ratings_years = 1, a run must leave: no response of a month before the
# ratings cutoff; no words (comments or contact details) before the text
# cutoff, in the database or any export; every other rating, with every
# kept month's fft-submission figures exactly as they were; response_counts
# equal to a recount of the responses. Then an erasure: the words of one
# person go from the database (the SQLite file's own bytes) and every
# export, the rating stays in its month's figures. Last, the serving
# collector's own daily job deletes late-arriving old records at start.
# Volunteer sign-ups ride along: those given before the sign-up limit
# (signup_months, left at its default of 24) go with the run, joined or not,
# the newer stay; an erase search by phone number finds one person's sealed
# sign-up and 'erase signups' removes it, and nothing else.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT

MONTHS=24
PER=6              # responses per month (ffts 1..6)

# sql QUERY: one value from the store under test
sql() {
	if [ "$COLL_BACKEND" = postgresql ]; then
		psql -X -q -t -A "$PG_CONNINFO" -c "$1"
	else
		sqlite3 "$COLL_DIR/collector.db" "$1"
	fi
}

# the cutoffs the run must use: month starts (Europe/London), as YYYYMM
cutoffs() {
	python3 - "$@" <<'PY'
import datetime, zoneinfo
now = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London"))
def back(n):
    y, m = now.year, now.month - n
    while m < 1: y, m = y - 1, m + 12
    return y * 100 + m
print(back(6), back(12))
PY
}

# a submitted time in month offset k (k months before this one), mid-month
month_ms() {
	python3 - "$1" <<'PY'
import datetime, sys, zoneinfo
tz = zoneinfo.ZoneInfo("Europe/London")
now = datetime.datetime.now(tz)
k = int(sys.argv[1]); y, m = now.year, now.month - k
while m < 1: y, m = y - 1, m + 12
day = min(now.day, 10) if k == 0 else 10
print(int(datetime.datetime(y, m, day, 12, 0, tzinfo=tz).timestamp() * 1000))
PY
}

# submission FILE: "YYYY-MM total" of the organisation rows
submission() {
	coll_cli export --format fft-submission --month "$1" --out "$2" >/dev/null 2>&1 || return 1
	python3 -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")))
t=[r for r in rows if r["Location Name"]=="Organisation total"]
print(",".join(t[0][k] for k in ["1 Very Good","2 Good","3 Neither Good nor Poor","4 Poor","5 Very Poor","6 Dont Know","Total Responses"] if k in t[0]) if t else "none")' "$2"
}

# export_all FILE: the responses export (with contact details) of every month
# of the data, one after another
export_all() {
	: >"$1"
	local k ym
	for k in $(seq 0 $((MONTHS - 1))); do
		ym=$(ym_of "$k")
		coll_cli export --format responses --restricted --month "$ym" --out "$FB_TMP/one.csv" \
			>/dev/null 2>&1 || return 1
		cat "$FB_TMP/one.csv" >>"$1"
	done
}

ym_of() {
	python3 - "$1" <<'PY'
import datetime, sys, zoneinfo
now = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London"))
k = int(sys.argv[1]); y, m = now.year, now.month - k
while m < 1: y, m = y - 1, m + 12
print("%04d-%02d" % (y, m))
PY
}

# a sign-up's UTC date in month offset k (k months before this one), the 10th
day_of() {
	python3 - "$1" <<'PY'
import datetime, sys
now = datetime.datetime.now(datetime.timezone.utc)
k = int(sys.argv[1]); y, m = now.year, now.month - k
while m < 1: y, m = y - 1, m + 12
print("%04d-%02d-%02d" % (y, m, min(now.day, 10) if k == 0 else 10))
PY
}

# signup K NAME CONTACT: imports one sign-up given in month offset K
signup() {
	"$MKBATCH" --bundle --public "$COLL_DIR/trust.pub" --device kiosk-1 --location WARD1 \
		--signup "$2" --contact "$3" --date "$(day_of "$1")" >"$COLL_DIR/s$1-$RANDOM.bundle" &&
		coll_cli import "$(ls -t "$COLL_DIR"/s"$1"-*.bundle | head -1)" >/dev/null 2>&1 ||
		note "import of the sign-up of month $1 failed"
}

counts_right() {
	local bad
	bad=$(sql "SELECT count(*) FROM (SELECT location, month, fft, has_text, n FROM response_counts
		EXCEPT SELECT location, month, fft, has_text, count(*) FROM responses WHERE synthetic = 0
		GROUP BY location, month, fft, has_text) a")
	bad2=$(sql "SELECT count(*) FROM (SELECT location, month, fft, has_text, count(*) FROM responses
		WHERE synthetic = 0 GROUP BY location, month, fft, has_text
		EXCEPT SELECT location, month, fft, has_text, n FROM response_counts) a")
	[ "$bad" = 0 ] && [ "$bad2" = 0 ]
}

run_backend() {
	local be=$1
	rm -rf "$FB_TMP/coll"
	coll_setup "$be" || { fail "$be: test set-up (CA, config)"; return; }
	local d=$COLL_DIR
	"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
	printf '[retention]\nfree_text_months = 6\nratings_years = 1\n' >>"$COLL_CONF"
	coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
	coll_cli device add --location WARD1 --id kiosk-1 >/dev/null 2>&1
	local k
	for k in $(seq 0 $((MONTHS - 1))); do
		"$MKBATCH" --bundle --public "$d/trust.pub" --device kiosk-1 --location WARD1 \
			--count $PER --fft 1,2,3,4,5,6 --submitted "$(month_ms "$k")" \
			--text "wordm$k was kind" --contact "phone 0700 900 $k" >"$d/m$k.bundle"
		coll_cli import "$d/m$k.bundle" >/dev/null 2>&1 || note "import of month $k failed"
	done
	check "$be: two years of data should be stored ($((MONTHS * PER)) responses)" \
		test "$(sql 'SELECT count(*) FROM responses')" = $((MONTHS * PER))
	# sign-ups: three from before the 24-month limit (one of them joined),
	# four within it (month 24 is the oldest kept), Priya's among them
	signup 30 "Olive Oldham" "07700 911 030"
	signup 26 "Oscar Oldfield" "oscar@example.org"
	signup 25 "Joan Joined" "07700 911 025"
	signup 24 "Kim Kept" "07700 922 024"
	signup 12 "Lee Kept" "07700 922 012"
	signup 2 "Priya Example" "07700 900 777"
	signup 0 "Sam Today" "07700 922 000"
	sql "UPDATE volunteer_signups SET state = 'joined', state_by = 'pat' WHERE signed_date = '$(day_of 25)'" >/dev/null
	check "$be: seven sign-ups should be stored, one of the old ones joined" \
		test "$(sql "SELECT count(*) FROM volunteer_signups"):$(sql "SELECT count(*) FROM volunteer_signups WHERE state = 'joined'")" = 7:1
	read -r text_cut rating_cut < <(cutoffs)
	# each month's national return before the run
	declare -A before
	for k in $(seq 0 $((MONTHS - 1))); do
		ym=$(ym_of "$k")
		before[$ym]=$(submission "$ym" "$FB_TMP/sub.csv")
	done

	# Staff coded a comment of months 8 (past the text cutoff), 2 (the person
	# who will ask for erasure) and 1: each coding keeps a copy of the
	# comment's words (themes_coding.comment), once corrected (a history row),
	# and the model suggested themes for them.
	for k in 8 2 1; do
		sql "INSERT INTO themes_coding (response_id, question, comment, categories, sentiment, coded_by,
			coded_at_ms, replaced_at_ms) SELECT id, 'good', 'wordm$k was kind', 'staff_manner', 1, 'wendy',
			1, v FROM responses, (SELECT 2 AS v UNION ALL SELECT NULL) h WHERE free_text LIKE '%wordm$k %'" >/dev/null
		sql "INSERT INTO themes_suggestions (response_id, question, categories, sentiment, model_id, made_at_ms)
			SELECT id, 'good', 'staff_manner', 1, 1, 1 FROM responses WHERE free_text LIKE '%wordm$k %'" >/dev/null
	done
	check "$be: the test's coding should be there (2 rows per response of 3 months)" \
		test "$(sql "SELECT count(*) FROM themes_coding")" = $(( 3 * 2 * PER ))
	coll_cli retention run --dry-run >"$FB_TMP/dry.out" 2>&1
	note "$(cat "$FB_TMP/dry.out")"
	check "$be: a dry run should say what would go and change nothing" \
		bash -c "grep -q 'would delete the comments and contact details of $((6 * PER)) responses' '$FB_TMP/dry.out' &&
			grep -q 'would delete 3 volunteer sign-ups from before .* (kept 24 months)' '$FB_TMP/dry.out' &&
			[ '$(sql 'SELECT count(*) FROM responses WHERE free_text IS NOT NULL')' = $((MONTHS * PER)) ] &&
			[ '$(sql 'SELECT count(*) FROM volunteer_signups')' = 7 ]"
	coll_cli retention run >"$FB_TMP/run.out" 2>&1
	note "$(cat "$FB_TMP/run.out")"
	# whole months: a month goes once all of it is older than the limit, so
	# this month and the 6 (12) before it are kept
	local want_gone=$(( (MONTHS - 13) * PER )) want_texts=$(( 6 * PER ))
	check "$be: the run should say in words how many rows of what it deleted" \
		grep -q "deleted the comments and contact details of $want_texts responses from before .*; deleted $want_gone whole responses, with their monthly counts" "$FB_TMP/run.out"
	check "$be: the run should say how many volunteer sign-ups it deleted, from before which month" \
		grep -q "; deleted 3 volunteer sign-ups from before $(python3 -c 'import sys,datetime; y,m=map(int,sys.argv[1].split("-")[:2]); print(datetime.date(y,m,1).strftime("%B %Y"))' "$(day_of 24)") (kept 24 months)" "$FB_TMP/run.out"
	check "$be: sign-ups from before the limit should be gone, the joined one too; the newer four kept" \
		test "$(sql "SELECT count(*) FROM volunteer_signups WHERE signed_date < '$(day_of 24)'"):$(sql "SELECT count(*) FROM volunteer_signups")" = 0:4
	check "$be: no response of a month before the ratings cutoff ($rating_cut) should be left" \
		test "$(sql "SELECT count(*) FROM responses WHERE month < $rating_cut")" = 0
	check "$be: every rating since then should be kept ($(( 13 * PER )))" \
		test "$(sql 'SELECT count(*) FROM responses')" = $(( 13 * PER ))
	check "$be: no comment or contact detail before the text cutoff ($text_cut) should be left" \
		test "$(sql "SELECT count(*) FROM responses WHERE month < $text_cut AND (free_text IS NOT NULL OR has_text = 1)")" = 0
	check "$be: the comments of this month and the 6 before should be kept" \
		test "$(sql "SELECT count(*) FROM responses WHERE free_text IS NOT NULL")" = $(( 7 * PER ))
	check "$be: the coding's copy of a comment past the text cutoff should go with it, history too" \
		test "$(sql "SELECT count(*) FROM themes_coding WHERE comment LIKE 'wordm8 %'")" = 0
	check "$be: the coding of newer comments should be kept" \
		test "$(sql "SELECT count(*) FROM themes_coding WHERE comment LIKE 'wordm1 %'")" = $(( 2 * PER ))
	check "$be: response_counts should equal a recount of the responses" counts_right
	local same=1 ym
	for ym in "${!before[@]}"; do
		local now_sub ymn=${ym/-/}
		now_sub=$(submission "$ym" "$FB_TMP/sub.csv")
		if [ "$ymn" -ge "$rating_cut" ]; then
			[ "$now_sub" = "${before[$ym]}" ] || { same=0; note "$ym: ${before[$ym]} then $now_sub"; }
		else
			case $now_sub in *,0) ;; *) same=0; note "$ym should be empty: $now_sub" ;; esac
		fi
	done
	check "$be: every kept month's national return figures should be as before, deleted months empty" \
		test $same = 1
	export_all "$FB_TMP/all.csv" || note "the exports failed"
	local leaked=0
	for k in $(seq 7 $((MONTHS - 1))); do
		grep -Eq "wordm$k was kind|0700 900 $k([^0-9]|$)" "$FB_TMP/all.csv" && { leaked=1; note "month $k's words are still exported"; }
	done
	check "$be: the responses export (with contact details) should hold no deleted words" \
		bash -c "[ $leaked = 0 ] && grep -q 'wordm6 was kind' '$FB_TMP/all.csv' && grep -q '0700 900 6' '$FB_TMP/all.csv'"

	# Erasure of a volunteer sign-up: Priya gives her phone number.
	local resp_before counts_before sealed_priya sid
	resp_before=$(sql "SELECT count(*) FROM responses WHERE free_text IS NOT NULL")
	counts_before=$(sql "SELECT sum(n) FROM response_counts")
	sealed_priya=$(sql "SELECT sealed FROM volunteer_signups WHERE signed_date = '$(day_of 2)'")
	coll_cli erase search "07700 900 777" >"$FB_TMP/vsearch.out" 2>&1
	note "$(cat "$FB_TMP/vsearch.out")"
	sid=$(awk '/  volunteer sign-up$/ {print $1}' "$FB_TMP/vsearch.out")
	check "$be: erase search by phone number should list Priya's sign-up by id and date, and nothing else" \
		bash -c "[ \$(grep -c '  volunteer sign-up\$' '$FB_TMP/vsearch.out') = 1 ] &&
			grep -q '^$sid  WARD1  $(day_of 2)  volunteer sign-up\$' '$FB_TMP/vsearch.out' &&
			grep -q 'Priya Example, 07700 900 777' '$FB_TMP/vsearch.out' &&
			grep -q '^0 responses hold' '$FB_TMP/vsearch.out' &&
			grep -q '^1 volunteer sign-up holds this text' '$FB_TMP/vsearch.out' &&
			[ -n '$sealed_priya' ]"
	coll_cli erase search "priya EXAMPLE" >"$FB_TMP/vsearch2.out" 2>&1
	check "$be: the name should be found whatever its case" \
		grep -q "^$sid  WARD1 " "$FB_TMP/vsearch2.out"
	check "$be: erase signups without --by should be refused" \
		bash -c "! '$COLL' --config '$COLL_CONF' erase signups '$sid' >/dev/null 2>&1"
	check "$be: and the sign-up should still be there" \
		test "$(sql "SELECT count(*) FROM volunteer_signups WHERE id = '$sid'")" = 1
	coll_cli erase signups "$sid" --by ig-lead >"$FB_TMP/verase.out" 2>&1
	note "$(cat "$FB_TMP/verase.out")"
	check "$be: erase signups should say it erased one sign-up" \
		grep -q "erased 1 volunteer sign-up (by ig-lead)" "$FB_TMP/verase.out"
	check "$be: Priya's sign-up should be gone and the other three kept" \
		test "$(sql "SELECT count(*) FROM volunteer_signups WHERE id = '$sid'"):$(sql "SELECT count(*) FROM volunteer_signups")" = 0:3
	check "$be: erasing a sign-up should change no response and no count" \
		test "$(sql "SELECT count(*) FROM responses WHERE free_text IS NOT NULL"):$(sql "SELECT sum(n) FROM response_counts")" = "$resp_before:$counts_before"
	coll_cli erase search "07700 900 777" >"$FB_TMP/vsearch3.out" 2>&1
	check "$be: a search afterwards should find no sign-up" \
		grep -q "^0 volunteer sign-ups hold" "$FB_TMP/vsearch3.out"
	check "$be: erasing it again should fail (it is gone)" \
		bash -c "! '$COLL' --config '$COLL_CONF' erase signups '$sid' --by ig-lead >/dev/null 2>&1"
	coll_cli import "$(ls "$COLL_DIR"/s2-*.bundle | head -1)" >"$FB_TMP/vreimport.out" 2>&1
	note "$(cat "$FB_TMP/vreimport.out")"
	check "$be: importing Priya's old bundle again should not bring her sign-up back" \
		test "$(sql "SELECT count(*) FROM volunteer_signups"):$(sql "SELECT count(*) FROM volunteer_signups WHERE id = '$sid'")" = 3:0
	coll_cli audit >"$FB_TMP/vaudit.csv" 2>/dev/null
	check "$be: the audit trail should hold one erasure row for the sign-up, by ig-lead, with no words" \
		bash -c "[ \$(grep -c ',ig-lead,local,erasure,sign-up $sid,' '$FB_TMP/vaudit.csv') = 1 ] &&
			grep -q 'erasure-search,responses,0 responses and 1 volunteer sign-ups found' '$FB_TMP/vaudit.csv' &&
			! grep -qi 'priya\|900 777' '$FB_TMP/vaudit.csv'"
	check "$be: the retention run's audit row should count the sign-ups it deleted" \
		grep -q ',retention,local,retention,responses,.*3 volunteer sign-ups deleted' "$FB_TMP/vaudit.csv"
	if [ "$be" = sqlite ]; then
		# (its id stays in the audit trail's erasure row, as a response's does)
		check "sqlite: the database file's bytes should no longer hold the erased sign-up's sealed box" \
			bash -c "! grep -a -F -q -e '${sealed_priya:0:40}' -e '${sealed_priya:80:40}' '$COLL_DIR/collector.db' '$COLL_DIR/collector.db-wal' 2>/dev/null"
	fi

	# Erasure: the person of month 2 asks.
	coll_cli erase search "WORDM2 WAS" >"$FB_TMP/search.out" 2>&1
	check "$be: erase search should list that person's responses by id, location and date" \
		bash -c "[ \$(grep -c '  WARD1  ' '$FB_TMP/search.out') = $PER ] && grep -q '0700 900 2' '$FB_TMP/search.out'"
	ids=$(grep '  WARD1  ' "$FB_TMP/search.out" | awk '{print $1}' | paste -sd, -)
	local ym2; ym2=$(ym_of 2)
	local sub_before; sub_before=$(submission "$ym2" "$FB_TMP/sub.csv")
	check "$be: erase ids without --by should be refused" \
		bash -c "! '$COLL' --config '$COLL_CONF' erase ids '$ids' >/dev/null 2>&1"
	coll_cli erase ids "$ids" --by ig-lead >"$FB_TMP/erase.out" 2>&1
	note "$(cat "$FB_TMP/erase.out")"
	check "$be: erase ids should say how many it erased" grep -q "erased the words and contact details of $PER responses (by ig-lead)" "$FB_TMP/erase.out"
	coll_cli audit >"$FB_TMP/audit.csv" 2>/dev/null
	check "$be: the audit trail should hold one erasure row per response, by ig-lead" \
		test "$(grep -c ',ig-lead,local,erasure,response ' "$FB_TMP/audit.csv")" = "$PER"
	check "$be: and one row for the retention run and one for the search" \
		bash -c "grep -q ',retention,local,retention,responses,' '$FB_TMP/audit.csv' &&
			grep -q 'erasure-search,responses,$PER responses and 0 volunteer sign-ups found' '$FB_TMP/audit.csv'"
	check "$be: no audit row should hold the words searched for or erased" \
		bash -c "! grep -qi 'wordm2\\|0700 900' '$FB_TMP/audit.csv'"
	check "$be: after erasure the month's national return should be unchanged" \
		test "$(submission "$ym2" "$FB_TMP/sub.csv")" = "$sub_before"
	check "$be: response_counts should still equal a recount after erasure" counts_right
	check "$be: erasure should take the words from the coding too, every version, and its suggestions" \
		test "$(sql "SELECT count(*) FROM themes_coding WHERE comment LIKE 'wordm2 %'"):$(sql "SELECT count(*) FROM themes_suggestions WHERE response_id IN ($(sed "s/[^,]*/'&'/g" <<<"$ids"))")" = 0:0
	check "$be: and leave other people's coding alone" \
		test "$(sql "SELECT count(*) FROM themes_coding WHERE comment LIKE 'wordm1 %'")" = $(( 2 * PER ))
	export_all "$FB_TMP/after.csv" || note "the exports failed"
	check "$be: no export should hold the erased words or contact details" \
		bash -c "! grep -Eq 'wordm2 |0700 900 2([^0-9]|$)' '$FB_TMP/after.csv' && grep -q 'wordm1 was kind' '$FB_TMP/after.csv'"
	check "$be: the erased responses should keep their rating and be tied to no device or old id" \
		test "$(sql "SELECT count(*) FROM responses WHERE device_id = 'erased' AND answers = '{}' AND free_text IS NULL")" = $PER
	local id1=${ids%%,*}
	check "$be: no row should carry an erased response's old id" \
		test "$(sql "SELECT count(*) FROM responses WHERE id = '$id1'")" = 0
	coll_cli import "$d/m2.bundle" >"$FB_TMP/reimport.out" 2>&1
	export_all "$FB_TMP/again.csv" || note "the exports failed"
	note "$(cat "$FB_TMP/reimport.out")"
	check "$be: importing the person's old bundle again should store nothing" \
		bash -c "grep -q ': 0 stored, $PER duplicate' '$FB_TMP/reimport.out' && ! grep -q 'wordm2' '$FB_TMP/again.csv'"
	if [ "$be" = sqlite ]; then
		# the database's own bytes: secure_delete zeroed the freed space and
		# the erase's checkpoint emptied the write-ahead log
		check "sqlite: the database file's bytes should hold no erased or deleted word" \
			bash -c "! grep -a -E -q 'wordm2 |0700 900 2[^0-9]|wordm9 was' '$COLL_DIR/collector.db' '$COLL_DIR/collector.db-wal' 2>/dev/null"
	fi

	# The daily job inside the serving collector: it runs at start, then
	# every day. Records of a month past the ratings limit arrive late (an
	# old USB bundle); starting the collector deletes them and logs it.
	"$MKBATCH" --bundle --public "$d/trust.pub" --device kiosk-1 --location WARD1 \
		--count $PER --fft 1,2,3,4,5,6 --submitted "$(month_ms 20)" \
		--text "wordlate was kind" >"$d/late.bundle"
	coll_cli import "$d/late.bundle" >/dev/null 2>&1
	: >"$FB_TMP/collector.log"
	coll_start || fail "$be: the collector should start"
	check "$be: the serving collector's retention job should run at start and say what it deleted" \
		wait_for 20 grep -q "^[0-9T:.-]*Z feedback-collector: retention: deleted the comments and contact details of 0 responses .*; deleted $PER whole responses" "$FB_TMP/collector.log"
	check "$be: the late old records should be gone after the job" \
		test "$(sql "SELECT count(*) FROM responses WHERE month < $rating_cut")" = 0
	coll_stop
}

run_backend sqlite
pg_start || { fail "a PostgreSQL server should start"; finish; }
run_backend postgresql
finish
