#!/usr/bin/env python3
"""survey_add_languages.py IN OUT CODE=NAME...: writes the survey IN to OUT
with each language CODE added under its NAME, its words copied from the
English (a test of scripts, fonts or voices needs the names, not a
translation). Used by tests/bench/bench_kiosk.sh and kiosk_speech.sh."""
import json
import sys


def add_words(o, codes):
    """Gives every {"en": ...} text in o the English words for codes."""
    if isinstance(o, dict):
        if "en" in o and all(isinstance(v, str) for v in o.values()):
            for code in codes:
                o.setdefault(code, o["en"])
        for v in o.values():
            add_words(v, codes)
    elif isinstance(o, list):
        for v in o:
            add_words(v, codes)


def main(argv):
    if len(argv) < 4 or not all("=" in a for a in argv[3:]):
        sys.exit("usage: survey_add_languages.py IN OUT CODE=NAME...")
    extra = [a.split("=", 1) for a in argv[3:]]
    with open(argv[1], encoding="utf-8") as f:
        s = json.load(f)
    # a language the survey has already keeps its own words and name
    have = {lang["code"] for lang in s["languages"]}
    extra = [(c, n) for c, n in extra if c not in have]
    add_words(s["questions"], [code for code, _ in extra])
    s["languages"] += [{"code": c, "name": n} for c, n in extra]
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(s, f, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
