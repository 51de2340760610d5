#!/usr/bin/env bash
# kiosk_replay_volunteer: volunteering end to end (issue 10). The real
# feedback-kiosk, headless, answers the national survey and then signs up
# as a volunteer on the offer after the questions; the queue holds two
# records, the response and a separate sign-up sealed to the Trust's key
# with nothing that joins them (its own random id, only the location and
# the day); the real feedback-syncd pushes both to the real
# feedback-collector, which keeps the sign-up in its own table, still
# sealed; its /volunteers page shows the opened sign-up to a patient
# experience user, who marks it contacted with the page's CSRF form, and
# refuses a results user. Screenshots of the new screens at 800x480 with
# larger text (A+) in English and Urdu go to $FB_TMP/shots-LANG (kept in
# $FB_VOLUNTEER_SHOTS when set). FB_VOLUNTEER_BACKEND=postgresql runs the
# collector on a real PostgreSQL (kiosk_replay_volunteer_pg.sh).
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"
FB_SYNC_COLLECTOR=real
. "$FB_SRC/tests/integration/sync_lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"

export SDL_AUDIODRIVER=dummy
kiosk_require
PG=0
if [ "${FB_VOLUNTEER_BACKEND:-sqlite}" = postgresql ]; then
	trap 'cleanup; pg_stop' EXIT
	pg_start || { fail "a PostgreSQL server should start"; finish; }
	PG=1
	REAL_COLLECTOR_DB="backend = postgresql
pg_conninfo = $PG_CONNINFO"
fi
# cdb SQL: one value from the collector's database, whichever it is
cdb() {
	if [ "$PG" = 1 ]; then psql "$PG_CONNINFO" -X -q -t -A -c "$1"; else _sql "$CDB" "$1"; fi
}
sync_setup
cp "$FB_SRC/config/surveys/fft.json" "$FB_TMP/survey.json"
cat >>"$CONF" <<'CONF'

[volunteer]
roles = Expert by Experience partner; Quality improvement volunteer; Young people's council
roles.ur = تجربے کی بنیاد پر ماہر شراکت دار; معیار میں بہتری کا رضاکار; نوجوانوں کی کونسل
CONF

# sign_up LANG A+ (yes|no): a whole response, then the sign-up, with a
# screenshot of each new screen.
sign_up() {
	local lang=$1 aplus=$2
	echo "expect attract"
	echo "tap start"
	echo "expect language"
	[ "$aplus" = yes ] && echo "tap text-size"
	echo "tap lang-$lang"
	echo "tap answer-1"
	echo "$REPLAY_REST_SKIPPED"
	cat <<R
expect volunteer_ask
screenshot volunteer-1-ask
tap volunteer-yes
expect volunteer_roles
tap next
expect volunteer_roles
tap option-role0
tap option-role2
screenshot volunteer-2-roles
tap next
expect volunteer_name
type Ann Lee
screenshot volunteer-3-name
tap next
expect volunteer_contact
type ann@example.org
screenshot volunteer-4-contact
tap next
expect volunteer_consent
tap next
expect volunteer_consent
tap option-consent
screenshot volunteer-5-consent
tap next
expect thanks
screenshot volunteer-6-thanks
tap finish
expect attract
R
}

sign_up en yes >"$FB_TMP/en.replay"
mkdir -p "$FB_TMP/shots-en" "$FB_TMP/shots-ur"
kiosk_run 800x480 "$CONF" "$FB_TMP/en.replay" "$FB_TMP/en" --screenshot-dir "$FB_TMP/shots-en"
check "a person answers and signs up at 800x480 with A+ (exit $RC)" test "$RC" = 0

# the queue: a response and a sign-up, apart
check "the queue holds two records: the response and a sign-up of its own" \
	/usr/bin/python3 - "$QUEUE" <<'PY'
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT id, body, boot_id, submitted_at_ms FROM records ORDER BY seq").fetchall()
bodies = [json.loads(b) for _, b, _, _ in rows]
sig = [b for b in bodies if b.get("kind") == "volunteer"]
resp = [b for b in bodies if "kind" not in b]
ok = len(rows) == 2 and len(sig) == 1 and len(resp) == 1
if ok:
    s, r = sig[0], resp[0]
    ok = sorted(s) == ["date", "id", "kind", "location", "sealed", "v"]
    ok = ok and s["location"] == r["location"] and s["id"] != r["id"]
    ok = ok and s["id"].startswith("00000000-0000-7")          # no time in the id
    ok = ok and len(s["date"]) == 10 and "T" not in s["date"]
    raw = [b for _, b, _, _ in rows if '"volunteer"' in b][0]
    ok = ok and "Ann" not in raw and "example.org" not in raw   # sealed
    ok = ok and "Ann" not in json.dumps(r)                      # not in the response
    ok = ok and [g for _, _, g, _ in rows if g == ""] != []     # no boot clock: no age_ms
    ok = ok and [t for _, b, _, t in rows if '"volunteer"' in b][0] % 86400000 == 0
sys.exit(0 if ok else 1)
PY

check "feedback-queue list shows the sign-up as one, by its day, and nothing of the person" \
	bash -c "'$QTOOL' --config '$CONF' list >'$FB_TMP/list.txt' 2>&1 &&
		grep -q 'volunteer sign-up  words sealed' '$FB_TMP/list.txt' && ! grep -q Ann '$FB_TMP/list.txt'"

# pushed by the real daemon to the real collector
start_collector || { fail "collector started"; finish; }
start_syncd
check "the daemon should deliver both records" wait_for 30 queue_empty
stop_syncd
check "the collector should store the response and the sign-up apart" \
	test "$(cdb "SELECT count(*) FROM responses")" = 1 -a \
	     "$(cdb "SELECT count(*) FROM volunteer_signups")" = 1
check "and keep the sign-up sealed at rest" \
	test "$(cdb "SELECT count(*) FROM volunteer_signups WHERE sealed LIKE '%Ann%'")" = 0
check "with nothing of it near the response" \
	test "$(cdb "SELECT count(*) FROM responses WHERE coalesce(free_text, '') LIKE '%Ann%'")" = 0

# the page: patient experience yes, results no
COLL_CONF=$CCONF COLL_CA=$TLS/ca/ca.pem COLL_URL=https://127.0.0.1:$PORT
PW='correct horse battery staple'
echo "$PW" | coll_cli user add pat --team px --role patient-experience >/dev/null 2>&1
echo "$PW" | coll_cli user add wendy --team ward7 >/dev/null 2>&1
check "a results user signs in" coll_sign_in wendy "$PW"
check "and is refused the volunteers page (403)" test "$(coll_web GET /volunteers)" = 403
check "which shows them nothing of the sign-up" bash -c "! grep -q 'Ann Lee' '$COLL_PAGE'"
check "a patient experience user signs in" coll_sign_in pat "$PW"
check "and sees the volunteers page" test "$(coll_web GET /volunteers)" = 200
check "listing the sign-up opened: name, contact, roles, consent words" \
	/usr/bin/python3 - "$COLL_PAGE" <<'PY'
import sys
p = open(sys.argv[1], encoding="utf-8").read()
want = ["Ann Lee", "ann@example.org", "Expert by Experience partner", "Young people&#39;s council",
        "I agree that the Trust keeps my name", "ward-7"]
miss = [w for w in want if w not in p]
for m in miss:
    print("#   missing %r" % m)
sys.exit(1 if miss else 0)
PY
form=$(/usr/bin/python3 -c 'import re,sys
p=open(sys.argv[1]).read()
a=re.search(r"action=\"(/volunteers/[^\"]+/state)\"", p); c=re.search(r"name=\"csrf\" value=\"([^\"]+)\"", p)
print(a.group(1), c.group(1)) if a and c else print("")' "$COLL_PAGE")
read -r action csrf <<<"$form"
check "a state form without the session's token is refused" \
	test "$(coll_web POST "${action:-/volunteers/x/state}" --data "csrf=forged&state=contacted")" = 403
check "the page's form marks it contacted" \
	test "$(coll_web POST "${action:-/volunteers/x/state}" --data-urlencode "csrf=$csrf" --data "state=contacted")" = 303
coll_web GET /volunteers >/dev/null
check "and the list says so" grep -q 'value="contacted" selected' "$COLL_PAGE"
erase=${action%/state}/erase
check "erasing it asks first" test "$(coll_web GET "$erase")" = 200 -a -n "$action"
check "the confirm page's form erases it" \
	test "$(coll_web POST "$erase" --data-urlencode "csrf=$csrf" --data "confirm=yes")" = 303
check "leaving no row and an audited erasure naming no one" \
	test "$(cdb "SELECT count(*) FROM volunteer_signups")" = 0 -a \
	     "$(cdb "SELECT count(*) FROM audit WHERE action = 'erasure' AND user_name = 'pat' AND detail NOT LIKE '%Ann%'")" = 1

# the same screens in Urdu (right to left), for the eyes
rm -f "$QUEUE"*
sign_up ur yes >"$FB_TMP/ur.replay"
kiosk_run 800x480 "$CONF" "$FB_TMP/ur.replay" "$FB_TMP/ur" --screenshot-dir "$FB_TMP/shots-ur"
check "an Urdu speaker signs up at 800x480 with A+ (exit $RC)" test "$RC" = 0
sed '/screenshot volunteer-2-roles/q' "$FB_TMP/ur.replay" >"$FB_TMP/ur-roles.replay"
mkdir -p "$FB_TMP/ur-roles-shots"
kiosk_run 800x480 "$CONF" "$FB_TMP/ur-roles.replay" "$FB_TMP/ur-roles" --screenshot-dir "$FB_TMP/ur-roles-shots"
check "in Urdu the roles are the config's Urdu names, nothing cut" \
	/usr/bin/python3 - "$FB_TMP/ur-roles.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
labels = [w["label"] for w in d["widgets"]]
ok = d["screen"] == "volunteer_roles" and "نوجوانوں کی کونسل" in labels
ok = ok and not [w for w in d["widgets"] if w.get("cut")]
sys.exit(0 if ok else 1)
PY
if [ -n "${FB_VOLUNTEER_SHOTS:-}" ]; then
	mkdir -p "$FB_VOLUNTEER_SHOTS"
	cp "$FB_TMP"/shots-en/volunteer-*.png "$FB_VOLUNTEER_SHOTS/" 2>/dev/null
	for f in "$FB_TMP"/shots-ur/volunteer-*.png; do cp "$f" "$FB_VOLUNTEER_SHOTS/ur-$(basename "$f")"; done
fi
finish
