#!/usr/bin/env bash
# Survey versions on the results pages, on SQLite and then on a real
# PostgreSQL: responses pushed through the real collector from two versions
# of a survey whose questions differ (version 2 adds "Did staff listen?")
# show the Friends and Family Test once for all of them and the other
# questions in two groups, each headed with its version and count, the new
# question only in version 2's; two versions asking the same questions
# (version 3 changed only words) show one group saying which versions it
# holds. A count under the threshold stays hidden; a version with no survey
# file is shown by the ids and codes in its answers, escaped.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
trap 'cleanup; pg_stop' EXIT
PW="correct horse battery"

# survey VERSION FILE [extra question JSON] [who's title]: a "kids" survey
survey() {
	cat >"$2" <<JSON
{"id": "kids", "version": $1, "languages": [{"code": "en", "name": "English"}],
 "questions": [
  {"id": "fft", "kind": "fft", "adapted": true, "title": {"en": "How was your visit?"},
   "labels": [{"en": "Really good"}, {"en": "Good"}, {"en": "Not good or bad"}, {"en": "Bad"},
              {"en": "Really bad"}, {"en": "I don't know"}]},
  {"id": "who", "kind": "single", "optional": true, "title": {"en": "${4:-Who is answering?}"},
   "options": [{"value": "child", "label": {"en": "Me"}},
               {"value": "parent_carer", "label": {"en": "My parent or carer"}}]}${3:-}
 ]}
JSON
}

# push LOCATION TOKEN VERSION COUNT ANSWERS: COUNT responses of that version
push() {
	"$MKBATCH" --device "$2" --location "$1" --count "$4" --survey kids --survey-version "$3" \
		--answers "$5" --fft 1,2 >"$FB_TMP/push.json" &&
		coll_post /v1/responses "$FB_TMP/push.json" "$(cat "$COLL_DIR/$2.tok")"
}

# groups: the page's question groups as "heading|questions" lines
groups() {
	/usr/bin/python3 - "$COLL_PAGE" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
sec = re.search(r'<section id="questions".*?</section>', page, re.S)
if not sec:
    print("no section"); sys.exit()
s = sec.group(0)
for g in s.split('<div class="nhsuk-card fb-version">')[1:]:
    head = re.search(r'<h3[^>]*>(.*?)</h3>', g, re.S)
    caps = [html.unescape(c) for c in re.findall(r'<caption[^>]*>(.*?)</caption>', g, re.S)]
    cells = [html.unescape(re.sub(r'<[^>]+>', '', c)).strip()
             for c in re.findall(r'<td[^>]*>(.*?)</td>', g, re.S)]
    print("%s|%s|%s" % (html.unescape(head.group(1)) if head else "", ";".join(caps), ",".join(cells)))
note = re.search(r'<p class="[^"]*fb-versions-note[^"]*">(.*?)</p>', s, re.S)
print("note|" + (html.unescape(re.sub(r'<[^>]+>', '', note.group(1))) if note else ""))
PY
}

versions_suite() {
	local backend=$1 d st out day
	FB_TMP=$FB_TMP/$backend
	mkdir -p "$FB_TMP"
	coll_setup "$backend" || { fail "$backend: test set-up (CA, config)"; return; }
	d=$COLL_DIR
	mkdir -p "$d/surveys"
	survey 1 "$d/surveys/kids-1.json"
	survey 2 "$d/surveys/kids-2.json" ',
  {"id": "listened", "kind": "single", "optional": true, "title": {"en": "Did staff listen to you?"},
   "options": [{"value": "yes", "label": {"en": "Yes"}}, {"value": "no", "label": {"en": "No"}}]}'
	survey 3 "$d/surveys/kids-3.json" "" "Who is filling this in?"
	printf '[devices]\nsurveys_dir = %s\n' "$d/surveys" >>"$COLL_CONF"
	"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
	coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
	coll_cli location add OAK1 "Oak Clinic" --team oak >/dev/null
	coll_cli device add --location WARD1 --id kiosk-1 >"$d/kiosk-1.tok" 2>/dev/null
	coll_cli device add --location OAK1 --id kiosk-2 >"$d/kiosk-2.tok" 2>/dev/null
	coll_cli location add ELM1 "Elm Clinic" --team elm >/dev/null
	coll_cli device add --location ELM1 --id kiosk-3 >"$d/kiosk-3.tok" 2>/dev/null
	echo "$PW" | coll_cli user add eve --team elm >/dev/null 2>&1
	echo "$PW" | coll_cli user add wendy --team willow >/dev/null 2>&1
	echo "$PW" | coll_cli user add olu --team oak >/dev/null 2>&1
	coll_start || { fail "$backend: the collector should start"; return; }

	# Willow: 7 of version 1 (2 "parent or carer", hidden, which hides "No
	# answer" beside it), then 7 of version 2 (4 "yes" to the new question, 3 "no")
	st=$(push WARD1 kiosk-1 1 5 '{"fft":1,"who":"child"}')
	st=$st$(push WARD1 kiosk-1 1 2 '{"fft":2,"who":"parent_carer"}')
	st=$st$(push WARD1 kiosk-1 2 4 '{"fft":1,"who":"child","listened":"yes"}')
	st=$st$(push WARD1 kiosk-1 2 3 '{"fft":2,"who":"child","listened":"no"}')
	# Oak: versions 1 and 3 ask the same questions: 5 and 6 responses
	st=$st$(push OAK1 kiosk-2 1 5 '{"fft":1,"who":"child"}')
	st=$st$(push OAK1 kiosk-2 3 6 '{"fft":1,"who":"parent_carer"}')
	# Elm: a version with no file, whose answers' ids and codes carry markup
	st=$st$(push ELM1 kiosk-3 9 6 '{"fft":1,"<b>q</b>":"<i>a</i>"}')
	check "$backend: the collector should take every push ($st)" test "$st" = 200200200200200200200

	day=$(date +%-d\ %b)
	coll_sign_in wendy "$PW" || fail "$backend: wendy should sign in"
	st=$(coll_web GET /team)
	out=$(groups)
	note "$backend: willow's groups: $(tr '\n' ' ' <<<"$out")"
	check "$backend: the team page should count all 14 responses together at the top ($st)" \
		bash -c "[ '$st' = 200 ] && grep -q 'Responses</h2><p class=\"nhsuk-card__description\"><span class=\"fb-figure-n\">14</span>' '$COLL_PAGE'"
	check "$backend: two versions with different questions should be two groups, each with its count" \
		bash -c "[ \$(grep -c '^Survey' <<<'$out') = 2 ] &&
			grep -qxF 'Survey ‘kids’ version 1, from $day: 7 responses|Who is answering?|Me,5,My parent or carer,*,No answer (skipped or not asked),*' <<<'$out' &&
			grep -qF 'Survey ‘kids’ version 2, from $day: 7 responses|Who is answering?;Did staff listen to you?|Me,7,' <<<'$out'"
	check "$backend: the question only version 2 asks should be shown only in version 2's group" \
		bash -c "[ \$(grep -c 'Did staff listen' <<<'$out') = 1 ] &&
			grep -q 'version 2.*Did staff listen.*Yes,\*,No,\*,' <<<'$out'"
	check "$backend: the page should say the versions are shown apart" \
		grep -q 'versions ask different questions, so each is shown on its own' "$COLL_PAGE"
	st=$(coll_web GET /location/WARD1)
	check "$backend: the ward's page should point to the team's for the other questions, with no breakdown of its own ($st)" \
		bash -c "[ '$st' = 200 ] && ! grep -q 'id=\"questions\"' '$COLL_PAGE' &&
			grep -q 'href=\"/team?month=[0-9-]*#questions\"' '$COLL_PAGE'"

	coll_sign_in olu "$PW" || fail "$backend: olu should sign in"
	st=$(coll_web GET /team)
	out=$(groups)
	note "$backend: oak's groups: $(tr '\n' ' ' <<<"$out")"
	check "$backend: versions asking the same questions should be one group with both counted ($st)" \
		bash -c "[ '$st' = 200 ] && [ \$(grep -c '|' <<<'$out') = 2 ] &&
			grep -qxF '|Who is answering?|Me,5,My parent or carer,6,No answer (skipped or not asked),0' <<<'$out'"
	check "$backend: the one group should say which versions it holds" \
		grep -qx 'note|Includes ‘kids’ version 1 and ‘kids’ version 3, which ask the same questions.' <<<"$out"
	coll_sign_in eve "$PW" || fail "$backend: eve should sign in"
	st=$(coll_web GET /team)
	out=$(groups)
	check "$backend: a question known only from its answers should be shown by its id and codes, escaped ($st)" \
		bash -c "[ '$st' = 200 ] && grep -qxF '|<b>q</b>|<i>a</i>,6,No answer (skipped or not asked),0' <<<'$out' &&
			grep -q '&lt;b&gt;q&lt;/b&gt;' '$COLL_PAGE' && ! grep -q '<b>q</b>' '$COLL_PAGE' &&
			! grep -q '<i>a</i>' '$COLL_PAGE'"
	coll_stop
	check "$backend: the collector should have stopped with no sanitizer or leak report" \
		bash -c "! grep -qE 'Sanitizer|runtime error' '$FB_TMP'/collector*.log"
	FB_TMP=${FB_TMP%/"$backend"}
}

versions_suite sqlite
pg_start || { fail "a PostgreSQL server should start"; finish; }
versions_suite postgresql
finish
