#!/usr/bin/env bash
# Themes end to end, on SQLite and then on a real PostgreSQL: a Trust's
# earlier coding imported from CSV (a file with a bad line imports nothing),
# 'themes evaluate' scoring the synthetic set (tests/data/themes) without
# touching the database, 'themes train' printing its cross-validated scores
# and keeping the model, then the running collector suggesting themes for
# pushed comments and flagging the one that says it did not feel safe; the
# ward's page showing them, a theme's comments, and coding one from the page.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
DATA=$FB_SRC/tests/data/themes
PW="correct horse battery"

# micro F1 of the last report printed by evaluate/train (the held-out one)
micro_f1() { sed -n 's/.*, F1 \([0-9.]*\); macro F1.*/\1/p' "$1" | tail -1; }

# sign_in USER JAR: signs in over TLS as a browser posts the form; the status.
sign_in() {
	local body tok
	rm -f "$2"
	body=$(curl -s --cacert "$COLL_CA" -c "$2" "$COLL_URL/login")
	tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$body" | head -1)
	curl -s -o /dev/null -w '%{http_code}' --cacert "$COLL_CA" -b "$2" -c "$2" \
		--data-urlencode "csrf=$tok" --data-urlencode "user=$1" --data-urlencode "password=$PW" \
		"$COLL_URL/login"
}

# page PATH JAR: the status of a GET with the jar's session, the page in $FB_TMP/page.html.
page() {
	curl -s -o "$FB_TMP/page.html" -w '%{http_code}' --cacert "$COLL_CA" -b "$2" "$COLL_URL$1"
}

# theme_pages BACKEND DIR: the ward's page shows the suggestions and the
# themes card, a theme's link lists only its comments, and coding a comment
# from the page stores it and audits it (each query on this backend).
theme_pages() {
	local backend=$1 d=$2 jar=$2/jar st href id csrf n
	echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
	st=$(sign_in wendy "$jar")
	check "$backend: wendy should sign in ($st)" test "$st" = 303
	st=$(page /location/WARD1 "$jar")
	check "$backend: the ward's page should show suggested themes and the themes card ($st)" \
		bash -c "[ '$st' = 200 ] && grep -q 'Suggested</strong>' '$FB_TMP/page.html' &&
			grep -q 'What people are telling us' '$FB_TMP/page.html'"
	href=$(grep -o 'href="/location/WARD1?quarter=[^"]*theme=staff_manner#comments"' "$FB_TMP/page.html" |
		head -1 | sed 's/^href="//; s/#comments"$//; s/&amp;/\&/g')
	check "$backend: staff manner should be listed with a link to its comments ($href)" test -n "$href"
	st=$(page "$href" "$jar")
	check "$backend: the theme's link should list only its comments ($st)" \
		bash -c "[ '$st' = 200 ] && grep -q 'kind and caring' '$FB_TMP/page.html' &&
			! grep -q 'did not feel safe' '$FB_TMP/page.html'"
	id=$(grep -o 'name="id" value="[^"]*"' "$FB_TMP/page.html" | head -1 | sed 's/.*value="//; s/"$//')
	csrf=$(grep -o 'name="csrf" value="[^"]*"' "$FB_TMP/page.html" | head -1 | sed 's/.*value="//; s/"$//')
	st=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$COLL_CA" -b "$jar" \
		--data-urlencode "csrf=$csrf" --data-urlencode "id=$id" --data-urlencode "question=good" \
		--data-urlencode "sentiment=1" --data-urlencode "cat_staff_manner=1" \
		--data-urlencode "back=/location/WARD1" "$COLL_URL/themes/code")
	if [ "$backend" = sqlite ]; then
		n=$(sqlite3 "$d/collector.db" "SELECT count(*) FROM themes_coding WHERE response_id = '$id' AND
			categories = 'staff_manner' AND coded_by = 'wendy'")
		n=$n:$(sqlite3 "$d/collector.db" "SELECT count(*) FROM audit WHERE action = 'theme-coding' AND object = '$id'")
	else
		n=$(psql -X -A -t "$PG_CONNINFO" -c "SELECT count(*) FROM themes_coding WHERE response_id = '$id' AND
			categories = 'staff_manner' AND coded_by = 'wendy'")
		n=$n:$(psql -X -A -t "$PG_CONNINFO" -c "SELECT count(*) FROM audit WHERE action = 'theme-coding' AND object = '$id'")
	fi
	check "$backend: coding the comment from the page should store it and leave one audit row ($st, $n)" \
		test "$st:$n" = "303:1:1"
}

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
	check "$backend: the collector should not retrain a model that saw all the coding" \
		wait_for 10 grep -q 'themes retrain: not now: nothing was coded since the newest model' \
		"$FB_TMP/collector.log"
	theme_pages "$backend" "$d"
	coll_stop
	# A week on (the newest model's training time moved 8 days back), with a
	# comment coded on the page since: the collector retrains by itself.
	local sql="UPDATE themes_models SET trained_at_ms = trained_at_ms - 8 * 86400000"
	if [ "$backend" = sqlite ]; then sqlite3 "$d/collector.db" "$sql"; else psql -X -q "$PG_CONNINFO" -c "$sql"; fi
	coll_start || { fail "$backend: the collector should start again"; return; }
	check "$backend: a week after the last model, with new coding, it should retrain by itself" \
		wait_for 60 grep -q 'themes retrain (comments were coded since the newest model, 8 days old): model 3 stored' \
		"$FB_TMP/collector.log"
	local by
	if [ "$backend" = sqlite ]; then
		by=$(sqlite3 "$d/collector.db" "SELECT trained_by || ':' || n_comments FROM themes_models ORDER BY id DESC LIMIT 1")
	else
		by=$(psql -X -A -t "$PG_CONNINFO" -c "SELECT trained_by || ':' || n_comments FROM themes_models ORDER BY id DESC LIMIT 1")
	fi
	check "$backend: the new model should say it was the weekly retrain, on the page's coding too ($by)" \
		test "$by" = "weekly retrain:836"
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 1 --public "$d/trust.pub" --question what_was_good \
		--text "Lovely garden to sit in" >"$d/garden.json"
	st1=$(coll_post /v1/responses "$d/garden.json" "$tok")
	check "$backend: the next push should be suggested themes by the new model ($st1)" \
		bash -c "[ '$st1' = 200 ] && grep -q 'themes model 3 in use' '$FB_TMP/collector.log'"
	coll_stop
	check "$backend: the collector should have stopped with no sanitizer or leak report" \
		bash -c "! grep -qE 'Sanitizer|runtime error' '$FB_TMP'/collector*.log"
	FB_TMP=${FB_TMP%/"$backend"}
}

themes_suite sqlite
pg_start || { fail "a PostgreSQL server should start"; finish; }
themes_suite postgresql
finish
