#!/usr/bin/env bash
# The Quality Board's themes end to end, on SQLite and then on a real
# PostgreSQL, through a running collector over TLS: comments pushed by a
# kiosk and coded on the ward's page; the ward manager choosing a theme's
# quote on the board (a form without the session's token changes nothing,
# another team's manager is refused) and seeing it, escaped, in a
# blockquote, with one audit row; actions made on the command line with
# --theme (an unknown code refused) shown on the board and in 'action
# list', the theme's line saying how many answer it; the quote gone from the
# board and the store once its comment is erased, and once retention
# deletes its words; then the themes page's Train now training in the
# background (a second press says it is already running) and the page
# saying when the model was trained and from how many coded comments.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
PW="correct horse battery"

sql() {
	if [ "$COLL_BACKEND" = postgresql ]; then
		psql -X -q -t -A "$PG_CONNINFO" -c "$1"
	else
		sqlite3 "$COLL_DIR/collector.db" "$1"
	fi
}
export -f sql   # the checks' bash -c use it

# push TEXT: one kiosk comment "what was good: TEXT" at WARD1 now; its id.
push() {
	"$MKBATCH" --device kiosk-1 --location WARD1 --count 1 --public "$COLL_DIR/trust.pub" \
		--question what_was_good --text "$1" >"$FB_TMP/one.json"
	[ "$(coll_post /v1/responses "$FB_TMP/one.json" "$TOK")" = 200 ] || return 1
	sql "SELECT id FROM responses WHERE free_text LIKE '%$2%'"
}

# code ID CAT: codes the comment's "what was good" with CAT on the ward's page.
code() {
	coll_web GET /location/WARD1 >/dev/null
	coll_web POST /themes/code --data-urlencode "csrf=$(coll_csrf)" --data-urlencode "id=$1" \
		--data-urlencode "question=good" --data-urlencode "sentiment=2" \
		--data-urlencode "cat_$2=1" --data-urlencode "back=/location/WARD1"
}

# quote CODE PICK: posts the board's quote form; the status.
quote() {
	coll_web GET /quality-board >/dev/null
	coll_web POST /quality-board/quote --data-urlencode "csrf=$(coll_csrf)" --data-urlencode "location=WARD1" \
		--data-urlencode "quarter=$QUARTER" --data-urlencode "code=$1" --data-urlencode "pick=$2"
}

board_suite() {
	local backend=$1 d st a b c id1 id2 n
	FB_TMP=$FB_TMP/$backend
	mkdir -p "$FB_TMP"
	COLL_JAR=$FB_TMP/jar
	COLL_PAGE=$FB_TMP/page.html
	coll_setup "$backend" || { fail "$backend: test set-up (CA, config)"; return; }
	export COLL_BACKEND COLL_DIR PG_CONNINFO
	d=$COLL_DIR
	printf '[themes]\nframework_file = %s\nmin_positives = 2\nretrain_days = 0\n' \
		"$FB_SRC/config/themes/framework.json" >>"$COLL_CONF"
	"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
	coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
	coll_cli location add WARD2 "Oak Ward" --team oak >/dev/null
	TOK=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
	echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
	echo "$PW" | coll_cli user add owen --team oak >/dev/null 2>&1
	QUARTER=$(python3 -c 'import datetime, zoneinfo
t = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London"))
q = (t.month - 4) % 12 // 3 + 1
y = t.year if t.month >= 4 else t.year - 1
print(f"{y}-{(y + 1) % 100:02d}-Q{q}")')
	coll_start || { fail "$backend: the collector should start"; return; }

	a=$(push 'The soup was <b>hot</b> & fresh' 'soup was')
	b=$(push 'Lovely meals every day' 'Lovely meals')
	c=$(push 'Tea at four, said Mrs Example in bed 3' 'Mrs Example')
	check "$backend: three comments should be stored ($a, $b, $c)" \
		bash -c "[ -n '$a' ] && [ -n '$b' ] && [ -n '$c' ]"
	coll_sign_in wendy "$PW" || { fail "$backend: wendy should sign in"; return; }
	st=$(code "$a" food_drink)$(code "$b" food_drink)$(code "$c" food_drink)
	check "$backend: coding the three from the ward's page should work ($st)" test "$st" = 303303303

	st=$(coll_web GET /quality-board)
	check "$backend: the board should list the theme with its comments to choose a quote from ($st)" \
		bash -c "[ '$st' = 200 ] && grep -q 'Food &amp; drink provision &amp; facilities: <strong class=\"fb-theme-count\">\*</strong> comments' '$COLL_PAGE' &&
			grep -q 'Choose the quote for Food' '$COLL_PAGE' && grep -q 'value=\"$a:good\"' '$COLL_PAGE' &&
			! grep -q '<blockquote' '$COLL_PAGE'"
	st=$(coll_web POST /quality-board/quote --data-urlencode "csrf=forged" --data-urlencode "location=WARD1" \
		--data-urlencode "quarter=$QUARTER" --data-urlencode "code=food_drink" --data-urlencode "pick=$a:good")
	check "$backend: a quote form without the session's token should change nothing ($st)" \
		bash -c "[ '$st' = 403 ] && [ \"\$(sql 'SELECT count(*) FROM theme_quotes')\" = 0 ]"
	st=$(quote food_drink "$a:good")
	coll_web GET /quality-board >/dev/null
	check "$backend: the chosen quote should show escaped in a blockquote under its theme ($st)" \
		bash -c "[ '$st' = 303 ] && grep -q '<blockquote class=\"fb-quote\"><p>&ldquo;The soup was &lt;b&gt;hot&lt;/b&gt; &amp; fresh&rdquo;</p></blockquote>' '$COLL_PAGE' &&
			! grep -q '<b>hot</b>' '$COLL_PAGE'"
	n=$(sql "SELECT count(*) FROM audit WHERE action = 'theme-quote' AND detail LIKE '%$a%' AND detail NOT LIKE '%soup%'")
	check "$backend: choosing it should leave one audit row naming the comment, not its words ($n)" test "$n" = 1
	check "$backend: the print stylesheet should keep the quote on the sheet and leave the form off" \
		bash -c "curl -s --cacert '$COLL_CA' '$COLL_URL/assets/feedback.css' | grep -q '.fb-board .fb-quote {' &&
			grep -q 'class=\"nhsuk-details fb-noprint fb-quote-pick\"' '$COLL_PAGE'"

	coll_sign_in owen "$PW" || { fail "$backend: owen should sign in"; return; }
	st=$(coll_web POST /quality-board/quote --data-urlencode "csrf=$(coll_web GET /quality-board >/dev/null; coll_csrf)" \
		--data-urlencode "location=WARD1" --data-urlencode "quarter=$QUARTER" \
		--data-urlencode "code=food_drink" --data-urlencode "pick=none")
	check "$backend: another team's manager should not take Willow's quote off ($st)" \
		bash -c "[ '$st' = 403 ] && [ \"\$(sql 'SELECT count(*) FROM theme_quotes')\" = 1 ]"
	coll_sign_in wendy "$PW"

	# actions answering the theme, from the command line
	coll_cli action add --team willow --you-said "The food is cold" --we-will "Heated trolleys" \
		--theme nonsense >"$FB_TMP/bad.out" 2>&1
	check "$backend: action add --theme should refuse a code the framework lacks, naming it" \
		bash -c "grep -q \"no theme 'nonsense' in the framework\" '$FB_TMP/bad.out' &&
			[ \"\$(sql 'SELECT count(*) FROM actions')\" = 0 ]"
	id1=$(coll_cli action add --team willow --you-said "The food is cold" --we-will "Heated trolleys" \
		--theme food_drink,staff_manner 2>/dev/null)
	id2=$(coll_cli action add --team willow --you-said "Tea is late" --we-will "A tea round at four" 2>/dev/null)
	st=$(coll_cli action themes "$id2" food_drink 2>&1)
	check "$backend: action themes should give an action its themes ($id1, $id2: $st)" \
		test "$st" = "action $id2 answers food_drink"
	coll_cli action list --team willow >"$FB_TMP/list.out" 2>&1
	check "$backend: action list should show each action's themes" \
		grep -qx "$id1	proposed	-	-	staff_manner,food_drink	Heated trolleys" "$FB_TMP/list.out"
	coll_web GET /quality-board >/dev/null
	check "$backend: the board should say two actions answer the theme and name it under each action" \
		bash -c "grep -q '2 actions answer it' '$COLL_PAGE' &&
			grep -q 'Heated trolleys</a> <span class=\"fb-why-inline\">(proposed)</span> <span class=\"fb-action-themes\">Answers: Staff manner &amp; personal attributes and Food' '$COLL_PAGE'"
	coll_web GET /actions >/dev/null
	check "$backend: the action list page should name the themes" \
		grep -q 'Answers: Food &amp; drink provision &amp; facilities' "$COLL_PAGE"

	# the quote goes with its comment's words: erasure
	st=$(quote food_drink "$c:good")
	coll_web GET /quality-board >/dev/null
	check "$backend: the board should quote the newly chosen comment ($st)" \
		bash -c "[ '$st' = 303 ] && grep -q '&ldquo;Tea at four, said Mrs Example in bed 3&rdquo;' '$COLL_PAGE'"
	coll_cli erase ids "$c" --by "IG officer" >"$FB_TMP/erase.out" 2>&1
	coll_web GET /quality-board >/dev/null
	check "$backend: after the comment is erased the board should show no quote and the store keep no pick" \
		bash -c "! grep -q 'Mrs Example' '$COLL_PAGE' && ! grep -q '<blockquote' '$COLL_PAGE' &&
			[ \"\$(sql 'SELECT count(*) FROM theme_quotes')\" = 0 ]"

	# and retention: the quoted comment's words older than [retention] free_text_months
	st=$(quote food_drink "$b:good")
	check "$backend: a quote should be chosen again ($st)" test "$st" = 303
	sql "UPDATE responses SET effective_at_ms = effective_at_ms - $((26 * 31 * 86400000)) WHERE id = '$b'" >/dev/null
	coll_cli retention run >"$FB_TMP/retention.out" 2>&1
	coll_web GET /quality-board >/dev/null
	check "$backend: once retention deletes its words the pick should be gone and nothing quoted" \
		bash -c "[ \"\$(sql 'SELECT count(*) FROM theme_quotes')\" = 0 ] && ! grep -q 'Lovely meals' '$COLL_PAGE' &&
			! grep -q '<blockquote' '$COLL_PAGE'"
	# Train now on the themes page: in the background, one at a time
	coll_cli themes import "$FB_SRC/tests/data/themes/coded.csv" >/dev/null 2>&1
	st=$(coll_web GET /themes)
	check "$backend: the themes page should say no model is trained yet and offer Train now ($st)" \
		bash -c "[ '$st' = 200 ] && grep -q 'Not yet: no model is trained' '$COLL_PAGE' &&
			grep -q '>Train now</button>' '$COLL_PAGE'"
	local tok1 st2
	tok1=$(coll_csrf)
	st=$(coll_web POST /themes/train --data-urlencode "csrf=$tok1")
	st2=$(coll_web POST /themes/train --data-urlencode "csrf=$tok1")
	check "$backend: Train now should answer at once and a second press say training is already running ($st, $st2)" \
		bash -c "[ '$st' = 303 ] && [ '$st2' = 409 ] && grep -q 'Training is already running' '$COLL_PAGE'"
	check "$backend: the training should store a model in the background" \
		wait_for 180 grep -q 'themes train now (Train now by wendy): model 1 stored' "$FB_TMP/collector.log"
	st=$(coll_web GET /themes)
	n=$(sql "SELECT n_comments FROM themes_models ORDER BY id DESC LIMIT 1")
	check "$backend: the themes page should say when the model was trained and from how many coded comments ($n)" \
		bash -c "[ '$st' = 200 ] && grep -q 'from $n coded comments' '$COLL_PAGE' &&
			grep -q 'Train now by wendy' '$COLL_PAGE' && [ '$n' -gt 800 ]"
	n=$(sql "SELECT count(*) FROM audit WHERE action = 'themes-train' AND user_name = 'wendy'")
	check "$backend: one press should be audited, the refused one not ($n)" test "$n" = 1
	coll_stop
	check "$backend: the collector should have stopped with no sanitizer or leak report" \
		bash -c "! grep -qE 'Sanitizer|runtime error' '$FB_TMP'/collector*.log"
	FB_TMP=${FB_TMP%/"$backend"}
}

board_suite sqlite
pg_start || { fail "a PostgreSQL server should start"; finish; }
board_suite postgresql
finish
