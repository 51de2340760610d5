#!/usr/bin/env python3
"""kiosk_fit_check.py SURVEY DUMP...: what a person would see go wrong in
the kiosk's layout dumps (--dump-dir; the text module's own measurements:
each text's ink box, and `cut` when words were left out for "…").
Checks, per dump: no text cut; every text's ink inside its own widget (a
button's words inside the button, not over its edge); no two things on the
screen overlap (words, buttons, cards' contents; the band and the cards
hold others); every widget inside the window. Across dumps: the
keyboard's letter keys are the same size on every question of one window
size, and 16 px or more from every other button; A+ never makes a rating
face smaller; the age bands read in the survey's order along the rows; at
every size the start screen shows every language in its own script
(the out-of-order one, which cannot start, says so in its title; the one
outside opening hours says "We are closed" in its language and starts).
Prints one line a problem; exits 1 when there is one."""
import json
import os
import re
import sys

CONTAINERS = {"card", "corner", "field"}   # they hold others
KEYS_GAP = 16
RTL = {"ar", "ur"}   # the shipped right-to-left languages (kiosk/view.c)


TEXTS = ("title", "text", "hint", "header")   # the band: its words


def rect(w):
    if w["role"] in TEXTS and "ink" in w:
        return w["ink"]
    return [w["x"], w["y"], w["w"], w["h"]]


def overlap(a, b):
    return (min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 0 and
            min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 0)


def gap(a, b):
    dx = max(b[0] - (a[0] + a[2]), a[0] - (b[0] + b[2]), 0)
    dy = max(b[1] - (a[1] + a[3]), a[1] - (b[1] + b[3]), 0)
    return max(dx, dy)


def po_unquote(lines):
    return "".join(json.loads(x) for x in lines)


def po_string(lang, ctx):
    """The kiosk's words for msgctxt ctx in lang: po/LANG.po's msgstr, or
    the English msgid (kiosk/words.c's NC_ strings)."""
    po = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "po", "%s.po" % (lang or "en"))
    if not os.path.exists(po):
        po = os.path.join(os.path.dirname(po), "feedback-kiosk.pot")
    entry, key, cur = {}, None, []
    for line in open(po, encoding="utf-8").read().splitlines() + [""]:
        m = re.match(r'(msgctxt|msgid|msgstr) (".*")$', line)
        if m:
            if key:
                entry[key] = po_unquote(cur)
            key, cur = m.group(1), [m.group(2)]
        elif line.startswith('"') and key:
            cur.append(line)
        else:
            if key:
                entry[key] = po_unquote(cur)
            if entry.get("msgctxt") == ctx:
                return entry.get("msgstr") or entry.get("msgid")
            entry, key, cur = {}, None, []
    return None


def one(name, d, bad):
    W, H = d["width"], d["height"]
    ws = [w for w in d["widgets"] if w["role"] != "corner"]
    for w in ws:
        if w.get("cut"):
            bad.append("%s: %s is cut: %r" % (name, w["id"], w["label"]))
        if w["x"] < 0 or w["y"] < 0 or w["x"] + w["w"] > W or w["y"] + w["h"] > H:
            bad.append("%s: %s lies outside the window" % (name, w["id"]))
        ink = w.get("ink")
        if ink and w["role"] not in TEXTS:
            if (ink[0] < w["x"] or ink[0] + ink[2] > w["x"] + w["w"] or
                    ink[1] < w["y"] or ink[1] + ink[3] > w["y"] + w["h"]):
                bad.append("%s: %s's words (%dx%d) spill out of it (%dx%d): %r"
                           % (name, w["id"], ink[2], ink[3], w["w"], w["h"],
                              w["label"]))
        if ink and w["role"] in TEXTS and \
                ink[0] + ink[2] > w["x"] + w["w"]:
            bad.append("%s: %s is wider than its room: %r" % (name, w["id"],
                                                              w["label"]))
    solid = [w for w in ws if w["role"] not in CONTAINERS and
             (w.get("ink") or w["role"] not in TEXTS)]
    for i, a in enumerate(solid):
        for b in solid[i + 1:]:
            if overlap(rect(a), rect(b)):
                bad.append("%s: %s and %s overlap: %r, %r" % (
                    name, a["id"], b["id"], a["label"], b["label"]))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    survey = json.load(open(sys.argv[1]))
    dumps = {}
    for p in sys.argv[2:]:
        dumps[os.path.basename(p)[:-5]] = json.load(open(p))
    bad = []
    for name, d in sorted(dumps.items()):
        one(name, d, bad)

    # keys: one size per window size (and text size), on every question
    sizes = {}
    for name, d in dumps.items():
        keys = [w for w in d["widgets"] if w["role"] == "key"
                and re.fullmatch(r"key-.", w["id"])]
        if not keys:
            continue
        m = re.match(r"(\d+x\d+)", name)
        sizes.setdefault(m.group(1) if m else "", {})[name] = \
            sorted({(k["w"], k["h"]) for k in keys})
        others = [w for w in d["widgets"] if w["target"] and
                  w["role"] not in ("key", "corner", "field")]
        for k in [w for w in d["widgets"] if w["role"] == "key"]:
            for o in others:
                if gap(rect(k), rect(o)) < KEYS_GAP:
                    bad.append("%s: key %s is %d px from %s (want %d)" % (
                        name, k["id"], gap(rect(k), rect(o)), o["id"],
                        KEYS_GAP))
                    break
    for size, by in sorted(sizes.items()):
        if len({tuple(v) for v in by.values()}) > 1:
            bad.append("%s: the letter keys differ between questions: %s" % (
                size, "; ".join("%s %s" % (n, v) for n, v in sorted(by.items()))))

    # A+ makes the faces bigger, never smaller
    for name, d in dumps.items():
        if "-aplus-" not in name:
            continue
        plain = dumps.get(name.replace("-aplus-", "-"))
        if not plain:
            continue
        fr = {w["id"]: w["face"][2] for w in plain["widgets"]
              if w["role"] == "answer" and "face" in w}
        for w in d["widgets"]:
            if w["role"] == "answer" and "face" in w and w["id"] in fr and \
                    w["face"][2] < fr[w["id"]]:
                bad.append("%s: A+ makes %s's face smaller (%d < %d)" % (
                    name, w["id"], w["face"][2], fr[w["id"]]))

    # choices read in the survey's order, along the rows
    for q in survey["questions"]:
        want = ["option-" + o["value"] for o in q.get("options", [])]
        for name, d in dumps.items():
            if not name.endswith("-question-" + q["id"]) or not want:
                continue
            rtl = (d["language"] or "")[:2] in RTL
            opts = [w for w in d["widgets"] if w["id"] in want]
            order = [w["id"] for w in sorted(
                opts, key=lambda w: (w["y"], -w["x"] if rtl else w["x"]))]
            if order != want:
                bad.append("%s: the choices read %s, not in order" % (
                    name, ", ".join(o[7:] for o in order)))

    # the start screen: every language, in its own script, when it can
    # start; the out-of-order one (no Start) says so in its title instead
    langs = {"lang-" + l["code"]: l["name"] for l in survey["languages"]}
    for name, d in dumps.items():
        if name.endswith("-attract-closed"):
            want = po_string(d["language"], "closed_title")
            title = [w["label"] for w in d["widgets"] if w["id"] == "title"]
            if title != [want]:
                bad.append("%s: the closed start screen's title is %r, not %r" % (
                    name, title, want))
            if not any(w["id"] == "start" for w in d["widgets"]):
                bad.append("%s: the closed start screen cannot start" % name)
        elif not name.endswith("-attract"):
            continue
        if not any(w["id"] == "start" for w in d["widgets"]):
            want = po_string(d["language"], "out_of_order")
            title = [w["label"] for w in d["widgets"] if w["id"] == "title"]
            if title != [want]:
                bad.append("%s: the start screen cannot start but its title "
                           "is %r, not %r" % (name, title, want))
            continue
        shown = {w["id"]: w["label"] for w in d["widgets"]
                 if w["id"].startswith("lang-")}
        miss = [n for i, n in langs.items() if shown.get(i) != n]
        if miss:
            bad.append("%s: the start screen lacks %s" % (name, ", ".join(miss)))

    for b in bad:
        print(b)
    print("kiosk_fit_check: %d screens, %d problems" % (len(dumps), len(bad)))
    sys.exit(1 if bad else 0)


main()
