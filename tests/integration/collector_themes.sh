#!/usr/bin/env bash
# Themes end to end, on SQLite and then on a real PostgreSQL: a Trust's
# earlier coding imported from CSV (a file with a bad line imports nothing),
# 'themes evaluate' scoring the synthetic set (tests/data/themes) without
# touching the database, 'themes train' printing its cross-validated scores
# and keeping the model, then the running collector suggesting themes for
# pushed comments and flagging the one that says it did not feel safe.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
DATA=$FB_SRC/tests/data/themes

# micro F1 of the last report printed by evaluate/train (the held-out one)
micro_f1() { sed -n 's/.*, F1 \([0-9.]*\); macro F1.*/\1/p' "$1" | tail -1; }

themes_suite() {
	local backend=$1 d out tok
	FB_TMP=$FB_TMP/$backend
	mkdir -p "$FB_TMP"
	coll_setup "$backend" || { fail "$backend: test set-up (CA, config)"; return; }
	d=$COLL_DIR
	printf '[themes]\nframework_file = %s\n' "$FB_SRC/config/themes/framework.json" >>"$COLL_CONF"
	pub=$("$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" 2>/dev/null)
	coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
	tok=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)

	check "$backend: --help should document themes import, train and evaluate" \
		bash -c "'$COLL' --help 2>&1 | grep -q 'themes import FILE.csv' &&
			'$COLL' --help 2>&1 | grep -q 'themes train' &&
			'$COLL' --help 2>&1 | grep -q 'themes evaluate --labelled FILE.csv'"

	# a bad line: nothing imported, the line named
	{ head -3 "$DATA/coded.csv"; sed -n 4p "$DATA/coded.csv" | sed 's/,[0-9]$/,9/'; } >"$d/bad.csv"
	coll_cli themes import "$d/bad.csv" >"$d/bad.out" 2>&1
	check "$backend: import should refuse a file with a bad sentiment, naming its line" \
		grep -q 'bad.csv:4: sentiment "9" is not 1 (very positive) to 5' "$d/bad.out"
	coll_cli themes train >"$d/train0.out" 2>&1
	check "$backend: after a refused import nothing is coded and train says not enough coding yet" \
		grep -q 'not enough coding yet' "$d/train0.out"

	# evaluate: never opens the database (it may even be unreachable)
	sed 's|^sqlite_path = .*|sqlite_path = /nonexistent/dir/x.db|; s|^pg_conninfo = .*|pg_conninfo = host=/nonexistent|' \
		"$COLL_CONF" >"$d/nodb.conf"
	"$COLL" --config "$d/nodb.conf" themes evaluate --labelled "$DATA/coded.csv" --train-fraction 0.8 \
		--seed 15 >"$d/eval.out" 2>&1
	check "$backend: evaluate should print held-out scores without a database" \
		grep -q 'held out, never seen in training (180 comments)' "$d/eval.out"
	local f1 f1s
	f1=$(micro_f1 "$d/eval.out")
	"$COLL" --config "$d/nodb.conf" themes evaluate --labelled "$DATA/coded-shuffled.csv" --seed 15 \
		>"$d/eval-shuffled.out" 2>&1
	f1s=$(micro_f1 "$d/eval-shuffled.out")
	note "$backend: held-out micro F1 $f1 on the synthetic set, $f1s with shuffled labels"
	check "$backend: held-out micro F1 should be over 0.6 ($f1) and shuffled labels under half of it ($f1s)" \
		python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); sys.exit(not (a > 0.6 and b < a/2))" "$f1" "$f1s"

	out=$(coll_cli themes import "$DATA/coded.csv" 2>&1)
	check "$backend: import should store the coded file" grep -q 'imported 900 rows of coding' <<<"$out"
	coll_cli themes train --seed 15 >"$d/train.out" 2>&1
	check "$backend: train should print cross-validated scores and keep the model" \
		bash -c "grep -q 'five-fold cross-validation on the coded comments in the store' '$d/train.out' &&
			grep -q 'micro precision' '$d/train.out' && grep -q '^model 1 stored' '$d/train.out'"
	check "$backend: a theme with too little coding should say how many more are needed" \
		grep -qE 'Pain management +[0-9]+ +not enough coding yet \([0-9]+ more needed\)' "$d/train.out"
	coll_cli themes import "$DATA/coded.csv" >/dev/null 2>&1
	coll_cli themes train --seed 15 >"$d/train2.out" 2>&1
	check "$backend: importing again corrects rather than doubles the coding" \
		test "$(grep -o '(835 comments)' "$d/train.out" | head -1)" = "$(grep -o '(835 comments)' "$d/train2.out" | head -1)"

	coll_start || { fail "$backend: the collector should start"; return; }
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 1 --public "$d/trust.pub" --question do_better \
		--text "I did not feel safe at night, another patient threatened me" >"$d/unsafe.json"
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 1 --public "$d/trust.pub" --question what_was_good \
		--text "The nurses were so kind and caring, thank you" >"$d/kind.json"
	st1=$(coll_post /v1/responses "$d/unsafe.json" "$tok")
	st2=$(coll_post /v1/responses "$d/kind.json" "$tok")
	check "$backend: the collector should take both pushes ($st1, $st2)" test "$st1$st2" = 200200
	check "$backend: the collector should say which model it uses" grep -q 'themes model 2 in use' "$FB_TMP/collector.log"
	coll_cli export --format responses --out "$d/export.csv" >/dev/null 2>&1
	check "$backend: the comment of feeling unsafe should be flagged for safeguarding, the kind one not" \
		python3 - "$d/export.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
col = [k for k in rows[0] if "safeguard" in k.lower()][0]
def flagged(needle):
    return [r[col] for r in rows if any(needle in (v or "") for v in r.values())]
sys.exit(not (flagged("did not feel safe") == ["yes"] and flagged("kind and caring") == ["no"]))
PY
	if [ "$backend" = sqlite ]; then
		sugg=$(sqlite3 "$d/collector.db" "SELECT question || ':' || categories FROM themes_suggestions ORDER BY question")
		coding=$(sqlite3 "$d/collector.db" "SELECT count(*) FROM themes_coding WHERE response_id NOT LIKE 'import:%'")
	else
		sugg=$(psql -X -A -t "$PG_CONNINFO" -c "SELECT question || ':' || categories FROM themes_suggestions ORDER BY question")
		coding=$(psql -X -A -t "$PG_CONNINFO" -c "SELECT count(*) FROM themes_coding WHERE response_id NOT LIKE 'import:%'")
	fi
	note "$backend: suggestions: $(tr '\n' ' ' <<<"$sugg")"
	check "$backend: the comments should get suggested themes (feeling safe; staff manner)" \
		bash -c "grep -q '^better:.*feeling_safe' <<<'$sugg' && grep -q '^good:.*staff_manner' <<<'$sugg'"
	check "$backend: suggestions should never be stored as coding" test "$coding" = 0
	coll_stop
	check "$backend: the collector should have stopped with no sanitizer or leak report" \
		bash -c "! grep -qE 'Sanitizer|runtime error' '$FB_TMP'/collector*.log"
	FB_TMP=${FB_TMP%/"$backend"}
}

themes_suite sqlite
pg_start || { fail "a PostgreSQL server should start"; finish; }
themes_suite postgresql
finish
