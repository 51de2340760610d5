#!/usr/bin/env bash
# kiosk_languages: the Black Country's languages in the real feedback-kiosk.
# --check-config passes on the shipped surveys, listing (exit 0) the words no
# native speaker has checked, and fails naming a survey language the kiosk
# has no words for. Then, headless, in Urdu, Arabic, Punjabi, Bengali and
# Gujarati at 800x480 and 1280x800: the rating question and the thank-you
# screen with its crisis card hold no English word (the ward's name, from
# the config, aside), and the card gives 116 123; the children's survey's
# card gives Childline. Screenshots land in $FB_BIN/lang-shots/: look at them.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/kiosk_lib.sh"

kiosk_require
# The words must come from the person's choice alone: on a machine with no
# locale generated but C.UTF-8, under the C locale and another LANGUAGE.
export LC_ALL=C LANGUAGE=pl
note "locales here: $(locale -a 2>/dev/null | tr '\n' ' ')"

# logged LOG COMMAND...: COMMAND's output (both streams) into LOG.
logged() { local log=$1; shift; "$@" >"$log" 2>&1; }
SHOTS=$FB_BIN/lang-shots
rm -rf "$SHOTS"
mkdir -p "$SHOTS" "$FB_TMP/data"

# ---- 1. --check-config --------------------------------------------------------
# the kiosk's own words: one msgctxt each in the template
N_WORDS=$(grep -c '^msgctxt ' "$FB_SRC/po/feedback-kiosk.pot")
kiosk_conf "$FB_TMP/fft.conf" "$FB_TMP/data"
check "check-config: the shipped survey in 11 languages passes" \
	logged "$FB_TMP/check.log" "$KIOSK" --config "$FB_TMP/fft.conf" --check-config
check "check-config: it lists Urdu's unchecked kiosk words as a warning" \
	grep -q "warning: ur: $N_WORDS of the kiosk's $N_WORDS words not yet checked by a native speaker (fuzzy in po/ur.po): start " "$FB_TMP/check.log"
check "check-config: and the survey's unchecked Urdu questions" \
	grep -q "warning: ur: the survey's words not yet checked by a native speaker (questions): fft, " "$FB_TMP/check.log"
kiosk_conf "$FB_TMP/children.conf" "$FB_TMP/data" "survey_file=$FB_SRC/config/surveys/children.json"
check "check-config: the children's survey passes" \
	logged "$FB_TMP/check-children.log" "$KIOSK" --config "$FB_TMP/children.conf" --check-config

"$FB_SRC/tests/helpers/survey_add_languages.py" "$FB_SRC/config/surveys/fft.json" \
	"$FB_TMP/somali.json" so=Soomaali
kiosk_conf "$FB_TMP/somali.conf" "$FB_TMP/data" "survey_file=$FB_TMP/somali.json"
"$KIOSK" --config "$FB_TMP/somali.conf" --check-config >"$FB_TMP/somali.log" 2>&1
rc=$?
check "check-config: a survey language with no kiosk words fails (exit $rc)" test "$rc" = 1
check "check-config: and says which language lacks them" \
	grep -q "so lacks all (no .*/so/LC_MESSAGES/feedback-kiosk.mo)" "$FB_TMP/somali.log"

# A crisis_text for all is English to an Urdu reader: said, per language.
kiosk_conf "$FB_TMP/crisis.conf" "$FB_TMP/data"
printf 'crisis_text = Call the ward on 01234 567890.\ncrisis_text.ur = 01234 567890 \xd9\xbe\xd8\xb1\n' >>"$FB_TMP/crisis.conf"
logged "$FB_TMP/crisis.log" "$KIOSK" --config "$FB_TMP/crisis.conf" --check-config
rc=$?
check "check-config: one crisis_text for every language still passes (exit $rc)" test "$rc" = 0
check "check-config: and warns that Punjabi readers see it as written" \
	grep -q "warning: pa readers see crisis_text as written; add crisis_text.pa" "$FB_TMP/crisis.log"
check "check-config: but not for Urdu, which has its own crisis_text.ur" \
	bash -c "! grep -q 'warning: ur readers' '$FB_TMP/crisis.log'"

# english DUMP: the labels on screen with an English word (two or more Latin
# letters in a row), the header (the config's ward name) aside.
english() {
	python3 - "$1" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
for w in d["widgets"]:
    if w["id"] != "header" and re.search(r"[A-Za-z]{2,}", w.get("label") or ""):
        print("%s=%r" % (w["id"], w["label"]))
PY
}

# label DUMP ID: the label of widget ID (a glob: crisis-body-* gives each
# way to get help on the crisis card, a line each).
label() {
	python3 -c 'import fnmatch,json,sys
for w in json.load(open(sys.argv[1]))["widgets"]:
    if fnmatch.fnmatchcase(w["id"], sys.argv[2]): print(w["label"])' "$1" "$2"
}

# shoot NAME LANG SIZE CONF REPLAY: one run; its screenshots and last layout
# as $SHOTS/NAME-LANG-SIZE-<screen>.png and $FB_TMP/NAME-LANG-SIZE.json.
shoot() {
	local name=$1 lang=$2 size=$3 conf=$4 dir=$FB_TMP/$1-$2-$3
	mkdir -p "$dir/shots"
	printf '%s\n' "$5" >"$dir/script.replay"
	kiosk_run "$size" "$conf" "$dir/script.replay" "$dir/run" --screenshot-dir "$dir/shots"
	for f in "$dir"/shots/question-fft.png "$dir"/shots/thanks.png; do
		[ -f "$f" ] && cp "$f" "$SHOTS/$name-$lang-$size-$(basename "$f")"
	done
	DUMP=$dir/run.json
}

# ---- 2. every screen a patient sees, in each language -----------------------
for lang in ur ar pa bn gu; do
	for size in 800x480 1280x800; do
		shoot fft "$lang" "$size" "$FB_TMP/fft.conf" "tap start
tap lang-$lang
expect question"
		check "$lang $size: the rating question shows (exit $RC)" test "$RC" = 0
		bad=$(english "$DUMP")
		check "$lang $size: no English on the rating question${bad:+: $bad}" test -z "$bad"
		shoot fft-thanks "$lang" "$size" "$FB_TMP/fft.conf" "tap start
tap lang-$lang
tap answer-1
$REPLAY_REST_SKIPPED
expect thanks"
		check "$lang $size: the thank-you screen shows (exit $RC)" test "$RC" = 0
		bad=$(english "$DUMP")
		check "$lang $size: no English on the thank-you screen and crisis card${bad:+: $bad}" test -z "$bad"
		check "$lang $size: the crisis card gives Samaritans' 116 123" \
			grep -q "116 123" <<<"$(label "$DUMP" 'crisis-body-*')"
		check "$lang $size: the card's question is its title (Urdu and Arabic ask with ؟)" \
			test -n "$(label "$DUMP" crisis-title)"
	done
done

# ---- 3. the children's crisis card: Childline ---------------------------------
for lang in ur pa; do
	shoot children "$lang" 800x480 "$FB_TMP/children.conf" "tap start
tap lang-$lang
tap answer-1
tap next
tap skip
tap skip
expect thanks"
	check "children $lang: the thank-you screen shows (exit $RC)" test "$RC" = 0
	check "children $lang: the crisis card gives Childline's 0800 1111" \
		grep -q "0800 1111" <<<"$(label "$DUMP" 'crisis-body-*')"
	bad=$(english "$DUMP")
	check "children $lang: no English on the thank-you screen${bad:+: $bad}" test -z "$bad"
done
note "screenshots: $SHOTS"
finish
