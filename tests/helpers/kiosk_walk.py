#!/usr/bin/env python3
"""kiosk_walk.py SURVEY LANG SIZE... [--staff] [--sorry] [--closed] [--mode=MODE]: prints a replay
(kiosk/replay.h) that, at each SIZE (WxH) in turn, walks every patient
screen of SURVEY in LANG twice, with normal and with larger text (A+):
attract, language, every question (a choice made, contact consent given so
the contact questions show, each text question seen with its keyboard),
thanks, then "Are you still there?". --staff adds the staff PIN, staff and
cleaning screens at each size (PIN 1234; the staff corner at 20,20).
--sorry: the queue cannot be opened, so the start screen says the kiosk is
out of order and starts nothing (one look a size, normal text; the sorry
screen itself, after a save that failed: kiosk_quick.sh). --closed: outside
the opening hours, the blank screen woken by a touch to the closed start
screen, with normal and larger text, then blank again after the idle
timeout (the kiosk runs with --clock at a closed time). --mode=MODE
starts each walk with the start screen's button for MODE ([kiosk] modes,
e.g. easy_read; SURVEY is then that mode's survey) instead of Start. With --dump-dir each screen's widgets are saved as
WxH[-aplus]-SCREEN.json, beside WxH[-aplus]-SCREEN.png with
--screenshot-dir. --volunteer: the device offers volunteering ([volunteer]
roles), so each walk signs up after the questions. Used by kiosk_fit.sh and
kiosk_contrast.sh."""
import json
import sys


def walk(survey, lang, aplus, sorry, start="start", volunteer=False):
    if sorry:
        return ["expect attract"]
    out = ["expect attract", "tap %s" % start, "expect language"]
    if aplus:
        out.append("tap text-size")
    out.append("tap lang-%s" % lang)
    qs = survey["questions"]
    for i, q in enumerate(qs):
        kind = q.get("kind")
        out.append("expect question")
        if kind == "fft":
            # the rating moves on by itself when a comment question is next
            out.append("tap answer-3")
            if i + 1 >= len(qs) or qs[i + 1].get("kind") != "text":
                out.append("tap next")
        elif kind == "text":
            # the comment screen the rating leads to has Send now and
            # Tell us more (next) where the others have Skip
            after_rating = i > 0 and qs[i - 1].get("kind") == "fft"
            out += ["tap key-digits", "tap next" if after_rating else "tap skip"]
        elif kind == "single":
            values = [o["value"] for o in q.get("options", [])]
            pick = "yes" if "yes" in values and q["id"].startswith("contact") \
                else values[-1]
            out += ["tap option-%s" % pick, "tap next"]
        else:
            out.append("tap next")
    if volunteer:
        # [volunteer] roles set: the offer, every role, a name, a contact
        # on the contact keyboard's digits, consent, Send
        out += ["expect volunteer_ask", "tap volunteer-yes", "expect volunteer_roles",
                "tap option-role0", "tap option-role2", "tap next",
                "expect volunteer_name", "type Ann Lee", "tap next",
                "expect volunteer_contact", "tap key-digits", "type 07700 900123",
                "tap next", "expect volunteer_consent", "tap option-consent",
                "tap next"]
    out += ["expect thanks", "tap finish", "expect attract",
            "tap %s" % start, "tap lang-%s" % lang]
    if aplus:
        out.append("tap text-size")
    out += ["wait 61000", "expect still_there", "tap still-here",
            "expect question", "tap back", "expect language", "tap back",
            "expect attract"]
    return out


def staff():
    return ["press 20 20 6000", "expect staff_pin", "tap pin-1", "tap pin-2",
            "tap pin-3", "tap pin-4", "tap pin-ok", "expect staff",
            "tap staff-cleaning", "expect cleaning", "wait 70000",
            "expect attract"]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) < 3:
        sys.exit(__doc__)
    survey = json.load(open(args[0]))
    lang, sizes = args[1], args[2:]
    modes = [a[len("--mode="):] for a in sys.argv[1:] if a.startswith("--mode=")]
    start = "mode-%s" % modes[0] if modes else "start"
    lines = []
    for size in sizes:
        lines.append("size %s" % size)
        if "--sorry" in sys.argv:
            lines += walk(survey, lang, False, True)
            continue
        if "--closed" in sys.argv:
            lines += ["expect blank", "tap 40 40", "expect attract", "tap text-size",
                      "expect attract", "tap text-size", "wait 61000", "expect blank"]
            continue
        vol = "--volunteer" in sys.argv
        lines += walk(survey, lang, False, False, start, vol)
        lines += walk(survey, lang, True, False, start, vol)
        if "--staff" in sys.argv:
            lines += staff()
    print("\n".join(lines))


main()
