#!/usr/bin/python3
"""Walks the collector's results pages in a real Chromium, as a ward manager does,
"You said, we did" actions included.

Run by tests/integration/collector_browser.sh against a collector it started
(a team "willow" with Willow Ward WARD1 and Ash Ward WARD2; comments on
Willow Ward, one flagged for safeguarding, one with markup). Prints one TAP
line per check ("ok - ..." / "not ok - ...") and "# ..." notes; the shell
script numbers them. Exits 0 when the walk ran to the end (whatever the
checks said), non-zero when it could not (no browser, no sign-in).

Needs Debian's /usr/bin/python3 with python3-selenium, /usr/bin/chromium and
/usr/bin/chromedriver. Every wait is a WebDriverWait with a timeout.

Trust: Chromium is started with --ignore-certificate-errors-spki-list set to
the SHA-256 of the test server's public key. That accepts exactly that one key
(any other certificate still fails), and needs no certutil or NSS database;
Chromium honours it only with --user-data-dir, which we give anyway.
"""

import argparse
import re
import base64
import os
import signal
import struct
import sys
import time
import traceback
from urllib.parse import urlparse

from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException,
                                        TimeoutException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT = 15          # seconds for any one page or element
WIDTHS = ((1400, 900, False), (390, 844, True))   # width, height, mobile

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


class Walk:
    def __init__(self, args):
        self.a = args
        self.failed = 0
        self.shots = 0
        self.d = None

    # ---- TAP ----------------------------------------------------------------
    def check(self, desc, cond, detail=""):
        print(("ok - " if cond else "not ok - ") + desc, flush=True)
        if not cond:
            self.failed += 1
            if detail:
                print("# " + " ".join(str(detail).split())[:400], flush=True)
        return cond

    @staticmethod
    def note(text):
        print("# " + text, flush=True)

    # ---- browser --------------------------------------------------------------
    def start(self):
        a = self.a
        o = webdriver.ChromeOptions()
        o.binary_location = "/usr/bin/chromium"
        for f in FLAGS:
            o.add_argument(f)
        o.add_argument("--user-data-dir=" + os.path.join(a.scratch, "chromium-profile"))
        o.add_argument("--ignore-certificate-errors-spki-list=" + a.spki)
        o.add_argument("--window-size=1400,900")
        o.add_experimental_option("prefs", {
            "download.default_directory": a.downloads,
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
        })
        o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        svc = Service("/usr/bin/chromedriver",
                      log_path=os.path.join(a.scratch, "chromedriver.log"))
        self.d = webdriver.Chrome(service=svc, options=o)
        self.d.set_page_load_timeout(WAIT)
        # Headless Chromium ignores the download preference unless told again.
        self.d.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": a.downloads})

    def stop(self):
        if self.d:
            try:
                self.d.quit()
            except WebDriverException:
                pass
            self.d = None

    def wait(self, cond, timeout=WAIT):
        return WebDriverWait(self.d, timeout).until(cond)

    def path(self):
        return urlparse(self.d.current_url).path

    def text(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def h1(self):
        els = self.d.find_elements(By.TAG_NAME, "h1")
        return els[0].text if els else ""

    def loaded(self):
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")

    def open(self, path):
        self.d.get(self.a.url + path)
        self.loaded()

    def click_to_page(self, el):
        """Clicks a link or button and waits for the next page to load."""
        old = self.d.find_element(By.TAG_NAME, "html")
        el.click()

        def gone(_):
            # Chromium answers a look at a node of the page just left either
            # "stale element" or "node does not belong to the document"
            # (an unknown error): both mean the next page is there.
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True
        self.wait(gone)
        self.loaded()

    def console_notes(self, where):
        try:
            for e in self.d.get_log("browser"):
                msg = e.get("message", "")
                # The NHS.UK CSS names its web fonts on assets.nhs.uk; our CSP
                # refuses them on purpose (docs/collector.md), so Arial is used.
                if "assets.nhs.uk/fonts/" in msg and "Content Security Policy" in msg:
                    continue
                if e.get("level") in ("SEVERE", "WARNING"):
                    self.note("browser console, up to the %s page: %s"
                              % (where, e.get("message", "")[:300]))
        except WebDriverException:
            pass

    # ---- screenshots ----------------------------------------------------------
    def screenshot(self, name):
        """The whole page at each width as NAME-WIDTH.png; notes sideways scrolling."""
        saved = []
        for width, height, mobile in WIDTHS:
            self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
            self.wait(lambda d: d.execute_script(
                "return document.documentElement.clientWidth") <= width, 5)
            sw = self.d.execute_script("return document.documentElement.scrollWidth")
            if sw > width:
                self.note("layout: %s at %d px wide is %d px wide (scrolls sideways)"
                          % (name, width, sw))
            # a table or chart wider than a phone scrolls in its own box, never the page
            self.check("the %s page should fit %d px without the page scrolling sideways"
                       % (name, width), sw <= width, "%d px wide" % sw)
            m = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
            w = max(width, int(m["width"]))
            h = min(max(height, int(m["height"])), 12000)
            shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}})
            data = base64.b64decode(shot["data"])
            f = os.path.join(self.a.shots, "%s-%d.png" % (name, width))
            with open(f, "wb") as out:
                out.write(data)
            saved.append((f, data))
        self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        good = all(len(data) > 4000 and data[:8] == b"\x89PNG\r\n\x1a\n" and
                   struct.unpack(">I", data[16:20])[0] >= wd
                   for (f, data), (wd, _, _) in zip(saved, WIDTHS))
        self.shots += len(saved)
        self.check("the %s page should be saved as PNG at 1400 px and 390 px wide" % name, good,
                   ", ".join("%s %d bytes" % (os.path.basename(f), len(x)) for f, x in saved))

    # ---- the walk ---------------------------------------------------------------
    def sign_in(self):
        self.open("/")
        self.wait(EC.presence_of_element_located((By.ID, "user")))
        self.check("a visitor should be sent to the sign-in page", self.path() == "/login",
                   self.d.current_url)
        self.screenshot("sign-in")

        self.d.find_element(By.ID, "user").send_keys(self.a.user)
        self.d.find_element(By.ID, "password").send_keys("not the password")
        self.click_to_page(self.d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        err = self.d.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
        self.check("a wrong password should say so and stay on the sign-in page",
                   bool(err) and "not right" in err[0].text and self.path() == "/login" and
                   bool(self.d.find_elements(By.ID, "password")),
                   "%s: %s" % (self.d.current_url, self.text()[:200]))
        self.screenshot("sign-in-refused")

        u = self.d.find_element(By.ID, "user")
        u.clear()
        u.send_keys(self.a.user)
        self.d.find_element(By.ID, "password").send_keys(self.a.password)
        self.click_to_page(self.d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        ok = self.check("the right password should land on the home page showing who is signed in",
                        self.path() == "/" and ("Signed in as " + self.a.user) in self.text(),
                        "%s: %s" % (self.d.current_url, self.text()[:200]))
        return ok

    def home(self):
        self.open("/")
        t = self.text()
        self.check("the home page should list both of the team's wards and no other team's",
                   "Willow Ward" in t and "Ash Ward" in t and "Oak Ward" not in t, t[:300])
        self.screenshot("home")
        self.console_notes("home")

    def follow(self, link_text, name, want_h1, want_text=(), shot=True):
        """From the home page, click link_text; check the page that opens."""
        self.open("/")
        try:
            link = self.wait(EC.element_to_be_clickable((By.LINK_TEXT, link_text)))
            self.click_to_page(link)
        except TimeoutException:
            self.check("the home page should have a link '%s'" % link_text, False)
            return False
        h = self.h1()
        t = self.text()
        missing = [w for w in want_text if w not in t]
        ok = self.check("the %s page should open from the home page and show %r"
                        % (name, want_h1), want_h1 in h and not missing,
                        "h1 %r, missing %r at %s" % (h, missing, self.d.current_url))
        if shot:
            self.screenshot(name)
        self.console_notes(name)
        return ok

    def team_versions(self):
        """The team's other questions, per survey version: Ash Ward's six
        answered version 2, which added "listened"; the rest version 1."""
        groups = self.d.find_elements(By.CSS_SELECTOR, "#questions .fb-version")
        heads = [g.find_element(By.TAG_NAME, "h3").text if g.find_elements(By.TAG_NAME, "h3")
                 else "" for g in groups]
        listened = [i for i, g in enumerate(groups) if "listened" in g.text]
        self.check("the team page should show the other questions in two groups, one per survey"
                   " version, the new question only in version 2's",
                   len(groups) == 2 and "version 1, from" in heads[0] and
                   heads[1].startswith("Survey \u2018fft-mh\u2019 version 2, from") and
                   heads[1].endswith(": 6 responses") and listened == [1], heads)

    def comments(self):
        """The comments shown on the page now, each as its text."""
        return [c.text for c in self.d.find_elements(By.CSS_SELECTOR, "#comments .fb-comment")]

    def filter_comments(self, rating, words):
        Select(self.d.find_element(By.ID, "fft")).select_by_visible_text(rating)
        q = self.d.find_element(By.ID, "q")
        q.clear()
        if words:
            q.send_keys(words)
        self.click_to_page(self.d.find_element(
            By.CSS_SELECTOR, "#comments form button[type=submit]"))
        return self.comments()

    def location(self):
        if not self.follow("Willow Ward", "willow-ward", "Willow Ward"):
            return
        shown = self.comments()
        joined = "\n".join(shown)
        self.check("Willow Ward should show its five comments", len(shown) == 5, joined)
        first = self.d.find_elements(By.CSS_SELECTOR, "#comments .fb-comment")
        self.check("the safeguarding comment should come first, marked in words",
                   bool(first) and "kill myself" in shown[0] and "Safeguarding" in shown[0] and
                   "fb-flagged" in (first[0].get_attribute("class") or ""), shown[:1])
        self.check("the markup comment should be shown as text, not run or drawn",
                   "<b>bold</b> <script>alert('x')</script> the garden was lovely" in joined and
                   not self.d.find_elements(By.CSS_SELECTOR, "#comments .fb-comment b, "
                                            "#comments .fb-comment script") and
                   not self.alert_open(), joined)

        got = self.filter_comments("Poor", "")
        self.check("filtering by 'Poor' should leave only the poor comment",
                   len(got) == 1 and "food was cold" in got[0], got)
        self.check("the filter should keep its choice on the page it opens",
                   Select(self.d.find_element(By.ID, "fft")).first_selected_option.text == "Poor")
        self.screenshot("willow-ward-poor")
        got = self.filter_comments("Any rating", "garden")
        self.check("searching 'garden' should leave the two garden comments",
                   len(got) == 2 and all("garden" in g for g in got), got)
        self.check("the search should keep its words in the box",
                   self.d.find_element(By.ID, "q").get_attribute("value") == "garden")
        got = self.filter_comments("Very good", "garden")
        self.check("'Very good' and 'garden' together should leave one comment",
                   len(got) == 1 and "garden was lovely" in got[0], got)
        got = self.filter_comments("Any rating", "")
        self.check("clearing the filter should show all five again", len(got) == 5, got)

        self.follow("Ash Ward", "ash-ward", "Ash Ward", ("ash ward quiet room",))

    def themes(self):
        """A comment's suggested themes confirmed from the ward's page (plain forms, no
        script), then the ward's "What people are telling us" and a theme's comments."""
        if not self.follow("Willow Ward", "willow-ward", "Willow Ward", shot=False):
            return
        cards = [c for c in self.d.find_elements(By.CSS_SELECTOR, "#comments .fb-comment")
                 if "nurses were kind" in c.text]
        self.check("the nurses' comment should show the model's themes as suggestions",
                   bool(cards) and "Suggested" in cards[0].text and
                   "not yet confirmed by a person" in cards[0].text,
                   cards[0].text if cards else self.text()[:300])
        if not cards:
            return
        cid = cards[0].get_attribute("id")
        cards[0].find_element(By.CSS_SELECTOR, "details.fb-code summary").click()
        ticked = [b.get_attribute("name") for b in cards[0].find_elements(
            By.CSS_SELECTOR, "details.fb-code input[type=checkbox]") if b.is_selected()]
        self.note("suggested for the nurses' comment: %s" % ", ".join(ticked))
        self.screenshot("willow-ward-coding")
        self.click_to_page(cards[0].find_element(By.CSS_SELECTOR, "details.fb-code button[type=submit]"))
        card = self.d.find_element(By.ID, cid)
        self.check("saving the coding should come back to the same comment, now coded by wendy",
                   self.d.execute_script("return location.hash") == "#" + cid and
                   "Coded" in card.text and "(by wendy)" in card.text and "Suggested" not in card.text,
                   "%s: %s" % (self.d.current_url, card.text[:300]))
        box = self.d.find_elements(By.ID, "themes")
        told = box[0].text if box else ""
        self.check("'What people are telling us' should list the ward's themes, small counts as *",
                   "What people are telling us" in told and "What was good" in told and
                   bool(self.d.find_elements(By.CSS_SELECTOR, "#themes .fb-theme-count")) and
                   all(n.text == "*" for n in self.d.find_elements(
                       By.CSS_SELECTOR, "#themes .fb-theme-count")), told[:500])
        self.screenshot("willow-ward-themes")
        links = self.d.find_elements(By.CSS_SELECTOR, "#themes .fb-theme a")
        if not links:
            return
        name = links[0].text
        self.click_to_page(links[0])
        got = self.comments()
        self.check("a theme should open the comments behind it, only those",
                   ("Comments about " + name) in self.text() and 1 <= len(got) < 5,
                   "%s: %d comments" % (self.d.current_url, len(got)))
        self.screenshot("willow-ward-theme-comments")
        # the themes model, one tap from the card: when it was trained, and Train now
        self.d.back()
        self.loaded()
        model = self.d.find_elements(By.PARTIAL_LINK_TEXT, "The themes model")
        if not self.check("the themes card should link to the themes model's page", bool(model)):
            return
        self.click_to_page(model[0])
        t = self.text()
        self.check("the themes page should say when the model was trained, from how many coded"
                   " comments, and offer Train now",
                   self.h1() == "Themes" and "Last trained" in t and "coded comments" in t and
                   self.button("Train now") is not None, t[:500])
        self.screenshot("themes-model")

    def coding_keys(self):
        """Coding one by one from the menu's Themes, with the keyboard only: the key
        beside a theme ticks it, - picks Negative, Enter saves and the next comment
        comes; ] skips one. Then the ward's page shows the coding, by wendy."""
        self.open("/")
        menu = self.d.find_elements(By.CSS_SELECTOR, "nav[aria-label=Menu] a[href='/themes']")
        if not self.check("the menu should have Themes for a person who codes comments", bool(menu)):
            return
        self.click_to_page(menu[0])
        start = self.d.find_elements(By.LINK_TEXT, "Code comments one by one")
        if not self.check("the themes page should offer 'Code comments one by one'", bool(start),
                          self.text()[:300]):
            return
        self.click_to_page(start[0])

        def waiting():
            m = re.search(r"(\d+) answers? waiting to be coded", self.text())
            return int(m.group(1)) if m else -1
        before = waiting()
        card = self.d.find_elements(By.CSS_SELECTOR, ".fb-comment")
        first = card[0].get_attribute("id") if card else ""
        focused = self.d.execute_script(
            "var a = document.activeElement; return a && a.form && a.form.classList.contains('fb-keys')"
            " ? a.getAttribute('data-key') : null")
        self.check("the one-by-one page should show a comment waiting, with the form ready for keys",
                   self.h1() == "Code comments one by one" and before >= 2 and bool(first) and
                   focused is not None, "h1 %r, %d waiting, card %r, focus key %r"
                   % (self.h1(), before, first, focused))
        self.screenshot("coding-one-by-one")
        boxes = [b for b in self.d.find_elements(By.CSS_SELECTOR, "form.fb-keys input[type=checkbox][data-key]")
                 if not b.is_selected()]
        if not boxes:
            return
        key, code = boxes[0].get_attribute("data-key"), boxes[0].get_attribute("name")[4:]
        label = self.d.find_element(By.CSS_SELECTOR, "label[for='%s']" % boxes[0].get_attribute("id"))
        name = label.text.rsplit(" ", 1)[0]
        active = self.d.switch_to.active_element
        active.send_keys(key)
        self.d.switch_to.active_element.send_keys("-")
        ticked = boxes[0].is_selected()
        negative = self.d.find_element(By.CSS_SELECTOR, "form.fb-keys input[type=radio][data-key='-']")
        self.check("the key %r should tick %r and - should pick Negative" % (key, name),
                   ticked and negative.is_selected(), "ticked %r, negative %r" % (ticked, negative.is_selected()))
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.switch_to.active_element.send_keys(Keys.ENTER)
        self.wait(lambda d: EC.staleness_of(old)(d))
        self.loaded()
        card = self.d.find_elements(By.CSS_SELECTOR, ".fb-comment")
        after = card[0].get_attribute("id") if card else ""
        self.check("Enter should save the coding and show the next comment, one fewer waiting",
                   waiting() == before - 1 and after != first and self.path() == "/themes/next",
                   "%d -> %d waiting, %r -> %r at %s" % (before, waiting(), first, after, self.d.current_url))
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.switch_to.active_element.send_keys("]")
        self.wait(lambda d: EC.staleness_of(old)(d))
        self.loaded()
        card = self.d.find_elements(By.CSS_SELECTOR, ".fb-comment")
        skipped = card[0].get_attribute("id") if card else ""
        self.check("] should skip to the next comment without coding it",
                   ("skip=1" in self.d.current_url and skipped != after and waiting() == before - 1)
                   or (waiting() == 1 and "skipped all" in self.text()),
                   "%r -> %r, %d waiting at %s" % (after, skipped, waiting(), self.d.current_url))
        # the coding is a person's, on the team's page like any other
        if not self.follow("Whole team", "team", "Willow adult wards", shot=False):
            return
        coded = self.d.find_elements(By.ID, first)
        got = coded[0].text if coded else ""
        self.check("the comment coded with the keys should show as coded by wendy, with %r and Negative"
                   % name, "Coded" in got and "(by wendy)" in got and name in got and "Negative" in got,
                   got[:400])

    def safeguarding(self):
        """The flagged comment on /safeguarding: marked seen, then actioned with a note."""
        self.open("/")
        self.check("the home page should say a comment that may need action is not yet seen",
                   "not been seen yet" in self.text(), self.text()[:300])
        if not self.follow("Safeguarding", "safeguarding", "Comments that may need action",
                           ("kill myself", "Not yet seen")):
            return
        buttons = [b for b in self.d.find_elements(By.CSS_SELECTOR, "form button")
                   if b.text == "Mark seen"]
        if not self.check("the flagged comment should have a Mark seen button", len(buttons) == 1):
            return
        self.click_to_page(buttons[0])
        self.check("Mark seen should come back to the safeguarding page saying who saw it",
                   self.path() == "/safeguarding" and "Seen by wendy" in self.text() and
                   "None: every flagged comment has been seen." in self.text(),
                   "%s: %s" % (self.path(), self.text()[:400]))
        self.screenshot("safeguarding-seen")
        note = self.d.find_elements(By.CSS_SELECTOR, "input[name=note]")
        if not self.check("a seen comment should have a note box for the action", len(note) == 1):
            return
        note[0].send_keys("Called the ward manager; referral made")
        self.click_to_page(note[0].find_element(By.XPATH, "ancestor::form//button"))
        self.check("Mark actioned should show the action and its note",
                   "Actioned by wendy" in self.text() and
                   "Called the ward manager; referral made" in self.text(),
                   self.text()[:400])
        self.screenshot("safeguarding-actioned")
        self.open("/")
        self.check("once seen, the home page should no longer call it unseen",
                   "not been seen yet" not in self.text(), self.text()[:300])

    def set_field(self, el_id, value):
        """Sets a form field's value (a date input takes typing in the
        browser's locale; setting it is what a date picker does)."""
        el = self.d.find_element(By.ID, el_id)
        self.d.execute_script("arguments[0].value = arguments[1];", el, value)

    def button(self, label):
        for b in self.d.find_elements(By.CSS_SELECTOR, "form button"):
            if b.text == label:
                return b
        return None

    def actions(self):
        """"You said, we did": an action from a comment, moved to done with a
        dated history (dropping needs a reason), published in the languages
        written; another from the comments a search found; the team's list."""
        if not self.follow("Willow Ward", "willow-ward-actions", "Willow Ward", shot=False):
            return
        cold = [c for c in self.d.find_elements(By.CSS_SELECTOR, "#comments .fb-comment")
                if "food was cold" in c.text]
        links = cold[0].find_elements(By.LINK_TEXT, "Make an action from this comment") if cold else []
        if not self.check("a comment should have a 'Make an action from this comment' button",
                          len(links) == 1, [c.text[:80] for c in cold]):
            return
        self.click_to_page(links[0])
        self.check("the new action should show the comment and start 'You said' with its words",
                   self.h1() == "New action" and "food was cold" in self.text() and
                   "food was cold" in self.d.find_element(By.ID, "you_said").get_attribute("value"),
                   self.text()[:300])
        self.screenshot("action-new")
        y = self.d.find_element(By.ID, "you_said")
        y.clear()
        y.send_keys("The food was often cold")
        self.d.find_element(By.ID, "we_will").send_keys("Serve meals from a heated trolley on the ward")
        self.d.find_element(By.ID, "owner").send_keys("Catering lead")
        self.set_field("due", "2027-01-31")
        self.click_to_page(self.button("Make the action"))
        self.check("making it should open the action, proposed, with its comment",
                   self.h1().startswith("Action ") and "Proposed" in self.h1() and
                   "Serve meals from a heated trolley" in self.text() and
                   "What people said (1 comment)" in self.text(), self.text()[:300])
        here = self.path()
        for state in ("planned", "doing"):
            self.d.find_element(By.ID, "state-" + state).click()
            self.click_to_page(self.button("Save the state"))
        self.d.find_element(By.ID, "state-dropped").click()
        self.click_to_page(self.button("Save the state"))
        self.check("dropping it without a reason should be refused, saying why",
                   "Say why it is dropped" in self.text(), self.text()[:200])
        self.open(here)
        self.d.find_element(By.ID, "state-done").click()
        self.click_to_page(self.button("Save the state"))
        hist = self.d.find_elements(By.CSS_SELECTOR, "table")
        self.check("the history should date each state it went through",
                   self.path() == here and "Done" in self.h1() and
                   any("Proposed" in t.text and "Planned" in t.text and "Doing" in t.text and
                       "Done" in t.text for t in hist), self.text()[:400])
        said = self.d.find_element(By.ID, "said-en")
        said.clear()
        said.send_keys("You said the food was often cold")
        did = self.d.find_element(By.ID, "did-en")
        did.clear()
        did.send_keys("We now serve meals from a heated trolley")
        self.click_to_page(self.button("Publish to the waiting room"))
        t = self.text()
        self.check("publishing in English only should show it published, Polish missing, no kiosk yet",
                   "Published" in t and "Translation missing" in t and "Not yet" in t and
                   "Language: pl (missing)" in t, t[:500])
        self.screenshot("action")

        # from a search
        self.follow("Willow Ward", "willow-ward-search", "Willow Ward", shot=False)
        self.filter_comments("Any rating", "garden")
        links = self.d.find_elements(By.PARTIAL_LINK_TEXT, "Make an action from these 2 comments")
        if not self.check("a search should offer one action from the 2 comments it found",
                          len(links) == 1, self.text()[-600:]):
            return
        self.click_to_page(links[0])
        self.check("the new action should list both comments",
                   "2 comments linked to this action" in self.text(), self.text()[:300])
        self.screenshot("action-from-search")
        self.d.find_element(By.ID, "you_said").send_keys("The garden matters, and its hours are unclear")
        self.d.find_element(By.ID, "we_will").send_keys("Put the garden hours on the door")
        self.click_to_page(self.button("Make the action"))
        self.check("the action from the search should link both comments",
                   "What people said (2 comments)" in self.text(), self.text()[:300])
        if self.follow("Actions", "actions", "Actions, Q",
                       ("Put the garden hours on the door", "Serve meals from a heated trolley",
                        "Done this quarter")):
            self.check("the list should count them by state",
                       "1 proposed, 0 planned, 0 doing, 1 done, 0 dropped" in self.text(),
                       self.text()[-300:])

    def board_themes(self):
        """The Quality Board's quotes and the themes actions answer: the first
        theme's quote chosen from its comments, then the done action edited to
        answer that theme; the board shows the quote in a blockquote and, on
        the theme's line and under the action, that it answers it."""
        items = [li for li in self.d.find_elements(By.CSS_SELECTOR, ".fb-board-themes li.fb-theme")
                 if li.find_elements(By.CSS_SELECTOR, ".fb-quote-pick input[type=radio]")]
        if not self.check("a theme on the Quality Board should offer its comments to quote",
                          bool(items), self.text()[:400]):
            return
        li = items[0]
        name = li.text.split(":")[0]
        ward = li.find_element(By.XPATH, "ancestor::section[contains(@class,'fb-board')]").get_attribute("id")
        li.find_element(By.CSS_SELECTOR, ".fb-quote-pick summary").click()
        radio = li.find_element(By.CSS_SELECTOR, ".fb-quote-pick input[type=radio]")
        words = li.find_element(By.CSS_SELECTOR, "label[for='%s']" % radio.get_attribute("id")).text
        li.find_element(By.CSS_SELECTOR, "label[for='%s']" % radio.get_attribute("id")).click()
        self.click_to_page(li.find_element(By.CSS_SELECTOR, ".fb-quote-pick button"))
        quotes = self.d.find_elements(By.CSS_SELECTOR, "#%s .fb-board-themes blockquote.fb-quote" % ward)
        self.check("the chosen comment should show as the theme's quote on the board (%s: %s)" % (name, words[:60]),
                   self.path() == "/quality-board" and len(quotes) == 1 and
                   words.rstrip("\u2026") in quotes[0].text, [q.text for q in quotes])
        # the done action answers the theme: ticked on its page
        link = self.d.find_element(By.PARTIAL_LINK_TEXT, "Serve meals from a heated trolley")
        self.click_to_page(link)
        self.d.find_element(By.XPATH, "//summary[contains(., 'Change the words, owner, due date or themes')]").click()
        self.d.find_element(By.XPATH, "//summary[contains(., 'Which themes does it answer?')]").click()
        box = [l for l in self.d.find_elements(By.CSS_SELECTOR, ".fb-action-themes-pick label")
               if l.text == name]
        if not self.check("the action's page should offer the theme '%s' to tick" % name, len(box) == 1):
            return
        box[0].click()
        self.screenshot("action-themes")
        self.click_to_page(self.button("Save the changes"))
        self.check("the action should say which themes it answers",
                   "Themes it answers" in self.text() and name in self.text(), self.text()[:400])
        self.open("/quality-board")
        line = [li for li in self.d.find_elements(By.CSS_SELECTOR, "#%s .fb-board-themes li.fb-theme" % ward)
                if li.text.startswith(name + ":")]
        wedid = self.d.find_element(By.CSS_SELECTOR, "#%s .fb-wedid" % ward).text
        self.check("the theme's line should say an action answers it and 'We did' name the theme",
                   len(line) == 1 and "1 action answers it" in line[0].text and
                   ("Answers: " + name) in wedid, [x.text[:200] for x in line] + [wedid[:300]])
        self.screenshot("quality-board-themes")

    def board_print(self):
        """The Quality Board as printed: one A4 sheet per ward, no "Signed in as"."""
        wards = len(self.d.find_elements(By.CSS_SELECTOR, ".fb-board"))
        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        printed = self.text()
        # how it prints, as a picture a person can look at: A4's width at 96 dpi
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 794, "height": 1123, "deviceScaleFactor": 1, "mobile": False})
        m = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 794, "height": min(int(m["height"]), 12000), "scale": 1}})
        with open(os.path.join(self.a.shots, "quality-board-print-794.png"), "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        self.shots += 1
        self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        self.check("the printed Quality Board should not say who is signed in or show the menu",
                   "Signed in as" not in printed and "Sign out" not in printed and
                   "Whole team" not in printed, printed[:200])
        pdf = base64.b64decode(self.d.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True,
            "printBackground": True})["data"])
        with open(os.path.join(self.a.shots, "quality-board-print.pdf"), "wb") as out:
            out.write(pdf)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        self.check("the printed Quality Board should be one A4 page per ward (%d wards)" % wards,
                   wards >= 2 and pages == wards, "%d pages for %d wards" % (pages, wards))

    def alert_open(self):
        try:
            self.d.switch_to.alert
            return True
        except NoAlertPresentException:
            return False

    def downloads(self):
        self.open("/")
        links = self.d.find_elements(By.CSS_SELECTOR, "a[href^='/export/']")
        self.check("the home page should offer CSV downloads", len(links) >= 3,
                   [l.get_attribute("href") for l in links])
        for i in range(len(links)):
            link = self.d.find_elements(By.CSS_SELECTOR, "a[href^='/export/']")[i]
            href = link.get_attribute("href")
            label = link.text
            kind = urlparse(href).path.rsplit("/", 1)[-1]
            # a ward manager's FFT download is the published file (export.h)
            head = {"responses.csv": "Response ID,Location Code,",
                    "quality-board.csv": "Period,Location Code,"}.get(kind, "Period,Team,Location Code,")
            before = set(os.listdir(self.a.downloads))
            link.click()
            f = self.arrived(before)
            first = ""
            body = ""
            if f:
                with open(f, encoding="utf-8-sig", newline="") as csv:
                    body = csv.read()
                first = body.split("\r\n", 1)[0]
            self.check("the download '%s' should arrive and start with the CSV header" % label,
                       f is not None and first.startswith(head) and "WARD1" in body and
                       "WARD9" not in body,
                       "%s -> %s: %r" % (href, f, first[:120]))
            self.check("the page should stay put while '%s' downloads" % label,
                       self.path() == "/", self.d.current_url)

    def arrived(self, before, timeout=WAIT):
        """The new, complete file in the download directory, or None."""
        def done(_):
            new = [n for n in set(os.listdir(self.a.downloads)) - before
                   if not n.endswith(".crdownload") and not n.startswith(".")]
            partial = [n for n in os.listdir(self.a.downloads) if n.endswith(".crdownload")]
            return os.path.join(self.a.downloads, new[0]) if new and not partial else False
        try:
            return WebDriverWait(self.d, timeout, poll_frequency=0.1).until(done)
        except TimeoutException:
            return None

    def sign_out(self):
        self.open("/")
        self.follow("Willow Ward", "willow-ward-again", "Willow Ward", shot=False)
        try:
            self.click_to_page(self.d.find_element(By.XPATH, "//button[text()='Sign out']"))
        except WebDriverException as e:
            self.check("the Sign out button should be on the page", False, e)
            return
        self.check("signing out should go to the sign-in page",
                   self.path() == "/login" and bool(self.d.find_elements(By.ID, "password")),
                   self.d.current_url)
        for step in ("Willow Ward", "home"):
            # A back that did nothing would also leave the sign-in page showing:
            # check that the browser really stepped back in its history.
            before = self.history_index()
            self.d.back()
            try:
                self.loaded()
                self.wait(lambda d: d.find_elements(By.ID, "password") or
                          "Signed in as" in self.text(), 5)
            except TimeoutException:
                pass
            t = self.text()
            self.check("Back after signing out should not show the %s page again" % step,
                       self.history_index() == before - 1 and
                       "Signed in as" not in t and "kill myself" not in t and
                       "Willow Ward" not in t and
                       (self.path() == "/login" or bool(self.d.find_elements(By.ID, "password"))),
                       "%s: %s" % (self.d.current_url, t[:200]))
        self.screenshot("after-sign-out-back")
        self.open("/fleet")
        self.check("a page opened by address after signing out should ask for sign-in",
                   self.path() == "/login", self.d.current_url)

    # ---- the patient experience lead's six-monthly Trust report -------------------
    def report_refused(self):
        """A ward manager (results role) has no Trust report: not in the menu, 403."""
        self.open("/")
        self.check("a ward manager's menu should not offer the Trust report",
                   not self.d.find_elements(By.LINK_TEXT, "Trust report"), self.text()[:200])
        self.open("/report")
        self.check("the Trust report should be refused to a ward manager",
                   "Not available with your role" in self.h1() and
                   "Patient experience role" in self.text() and "All teams" not in self.text(),
                   self.text()[:300])
        self.screenshot("report-refused")

    def report(self):
        """The lead signs in, opens the report from the menu, looks at it and its print."""
        a = self.a
        if not self.check("the patient experience lead should sign in",
                          self.sign_in_as(a.px_user, a.px_password), self.text()[:200]):
            return
        try:
            link = self.wait(EC.element_to_be_clickable((By.LINK_TEXT, "Trust report")))
            self.click_to_page(link)
        except TimeoutException:
            self.check("the lead's menu should have 'Trust report'", False, self.text()[:200])
            return
        t = self.text()
        want = ("You said, we did: actions done", "Serve meals from a heated trolley on the ward",
                "% positive per team", "Willow adult wards", "All teams", "Compliments",
                "Responses by mode", "Responses by language", "People who offered on a kiosk to volunteer")
        missing = [w for w in want if w not in t]
        self.check("the Trust report should show every part, Willow's done action among them",
                   self.h1().startswith("Trust report, H") and not missing,
                   "h1 %r, missing %r" % (self.h1(), missing))
        self.screenshot("report")
        self.console_notes("report")
        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        printed = self.text()
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 794, "height": 1123, "deviceScaleFactor": 1, "mobile": False})
        m = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 794, "height": min(int(m["height"]), 12000), "scale": 1}})
        with open(os.path.join(self.a.shots, "report-print-794.png"), "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        self.shots += 1
        self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        self.check("the printed Trust report should keep its figures and leave out the menu",
                   "All teams" in printed and "Signed in as" not in printed and
                   "Sign out" not in printed and "Previous" not in printed and
                   "as CSV" not in printed, printed[:200])
        links = self.d.find_elements(By.CSS_SELECTOR, "a[href^='/report.csv']")
        before = set(os.listdir(self.a.downloads))
        f = None
        if links:
            links[0].click()
            f = self.arrived(before)
        body = ""
        if f:
            with open(f, encoding="utf-8-sig", newline="") as csv:
                body = csv.read()
        self.check("the Trust report's CSV should arrive with its tables, Willow's done action in it",
                   body.startswith("Part,Team,Figure,Value,Date\r\n") and
                   "Serve meals from a heated trolley on the ward" in body and
                   "% positive,All teams,Responses," in body, "%s: %r" % (f, body[:200]))
        self.sign_out_now()

    # ---- the estates lead's fleet page: which Trust key each tablet seals to ----
    def fleet_keys(self):
        """The key was rotated and the Ash tablet (kiosk-2) sealed its comments to
        the old one: its row says old key 2, the others current key, and the box
        above the table says to keep key line 2 because kiosk-2 still seals to it."""
        a = self.a
        if not self.check("the estates lead should sign in",
                          self.sign_in_as(a.estates_user, a.estates_password), self.text()[:200]):
            return
        self.click_to_page(self.d.find_element(By.LINK_TEXT, "Devices"))
        heads = [th.text for th in self.d.find_elements(By.CSS_SELECTOR, "table thead th")]
        col = heads.index("Seals to") if "Seals to" in heads else -1
        seals = {}
        for tr in self.d.find_elements(By.CSS_SELECTOR, "table tbody tr"):
            cells = tr.find_elements(By.TAG_NAME, "td")
            if col >= 0 and len(cells) == len(heads):
                seals[cells[1].text.split("\n")[0]] = cells[col].text
        self.check("the estates lead's fleet page should have a 'Seals to' column",
                   self.h1() == "Devices in every location" and col >= 0, heads)
        self.check("kiosk-2 should seal to old key 2, by its first 8 characters; kiosk-1 and"
                   " kiosk-9 to the current key",
                   seals.get("kiosk-2", "").startswith("old key 2 (%s…)" % a.old_key) and
                   seals.get("kiosk-1", "").startswith("current key") and
                   seals.get("kiosk-9", "").startswith("current key"), seals)
        box = self.d.find_elements(By.ID, "old-keys")
        t = box[0].text if box else ""
        self.check("the old keys box should say to keep key line 2 while kiosk-2 seals to it",
                   "Key line 2 (%s…): keep it: 1 device still seals to it: kiosk-2"
                   " (its queue not reported yet)." % a.old_key in t and "can be retired" not in t, t)
        tag = box[0].find_elements(By.CSS_SELECTOR, ".nhsuk-tag--orange") if box else []
        self.check("the verdict should be marked Keep, in the frontend's tag",
                   bool(tag) and tag[0].text.lower() == "keep", [x.text for x in tag])
        self.screenshot("fleet-keys")
        self.console_notes("fleet-keys")
        self.sign_out_now()

    # ---- the patient experience lead erases a person's words -------------------
    def erasure(self):
        """Sam asked for what they said to be erased: the lead finds the response by
        the phone number Sam gave, ticks it, is asked to confirm, and erases it."""
        a = self.a
        if not self.check("the patient experience lead should sign in to erase a person's words",
                          self.sign_in_as(a.px_user, a.px_password), self.text()[:200]):
            return
        try:
            self.click_to_page(self.d.find_element(By.LINK_TEXT, "Erasure"))
        except WebDriverException:
            self.check("the lead's menu should have 'Erasure'", False, self.text()[:200])
            return
        self.check("the menu's Erasure should open the erasure page",
                   self.h1() == "Erase a person's words", self.h1())
        self.d.find_element(By.ID, "q").send_keys("07700 900456")
        self.click_to_page(self.button("Search"))
        t = self.text()
        self.check("a search by the phone number should find Sam's response and contact details",
                   "please call me about the car park" in t and "Sam 07700 900456" in t, t[:300])
        self.screenshot("erasure-search")
        boxes = self.d.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name^='r_']")
        self.check("it should be the only response listed", len(boxes) == 1, len(boxes))
        if len(boxes) != 1:
            self.sign_out_now()
            return
        # the frontend draws the box over its label: a person clicks the label
        self.d.find_element(By.CSS_SELECTOR, "label[for='%s']" % boxes[0].get_attribute("id")).click()
        self.click_to_page(self.button("Erase the ticked responses"))
        self.check("the lead should be asked to confirm, the words shown once more",
                   self.h1() == "Erase the words of 1 response?" and "car park" in self.text(),
                   self.h1())
        self.screenshot("erasure-confirm")
        self.click_to_page(self.button("Erase it"))
        self.check("after erasing, the page should say so",
                   "Erased the words and contact details of 1 response." in self.text(),
                   self.text()[:300])
        q = self.d.find_element(By.ID, "q")
        q.clear()
        q.send_keys("car park")
        self.click_to_page(self.button("Search"))
        self.check("a search for Sam's words should find nothing now",
                   "No response's comments or contact details hold this text" in self.text(),
                   self.text()[:300])
        self.screenshot("erasure-done")
        self.console_notes("erasure")
        self.sign_out_now()

    # ---- the admin's walk ------------------------------------------------------
    def sign_in_as(self, user, password):
        self.open("/login")
        self.wait(EC.presence_of_element_located((By.ID, "user")))
        u = self.d.find_element(By.ID, "user")
        u.clear()
        u.send_keys(user)
        self.d.find_element(By.ID, "password").send_keys(password)
        self.click_to_page(self.d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        return self.path() == "/" and ("Signed in as " + user) in self.text()

    def sign_out_now(self):
        self.click_to_page(self.d.find_element(By.XPATH, "//button[text()='Sign out']"))

    def confirm(self, label, name):
        """Presses label, checks the confirmation page, screenshots it, says yes."""
        self.click_to_page(self.button(label))
        ok = self.check("%s should ask first, on a page of its own" % label,
                        "Check before you go on" in self.text() and self.button("Yes, " +
                        label.split()[0].lower()) is not None, self.text()[:300])
        self.screenshot(name)
        if ok:
            self.click_to_page(self.button("Yes, " + label.split()[0].lower()))
        return ok

    def admin(self):
        a = self.a
        self.check("the admin should sign in and see the Admin link",
                   self.sign_in_as(a.admin_user, a.admin_password) and
                   bool(self.d.find_elements(By.LINK_TEXT, "Admin")), self.text()[:200])
        self.click_to_page(self.d.find_element(By.LINK_TEXT, "Admin"))
        self.check("the Admin page should list users, locations, devices and the audit trail",
                   all(w in self.text() for w in ("Users", "Locations", "Devices", "Audit trail")),
                   self.text()[:300])
        self.screenshot("admin")

        # a new user, who sets their own password with the one-time link
        self.click_to_page(self.d.find_element(By.LINK_TEXT, "Users"))
        self.d.find_element(By.ID, "name").send_keys("nina")
        self.d.find_element(By.ID, "team").send_keys("willow")
        Select(self.d.find_element(By.ID, "role")).select_by_visible_text("Results")
        self.click_to_page(self.button("Add user"))
        self.check("adding a user should open their page, with no password yet",
                   self.h1() == "nina" and "No password yet" in self.text(), self.text()[:300])
        self.click_to_page(self.button("Make a one-time password link"))
        link = self.d.find_elements(By.ID, "reset-link")
        self.check("the one-time link should be shown to the admin", bool(link), self.text()[:300])
        self.screenshot("admin-reset-link")
        href = link[0].get_attribute("href") if link else ""
        self.sign_out_now()
        self.d.get(href)
        self.loaded()
        self.check("the link should open a page to choose a password",
                   "Choose a password, nina" in self.h1(), self.text()[:200])
        self.screenshot("reset-password")
        self.d.find_element(By.ID, "password").send_keys(a.new_password)
        self.d.find_element(By.ID, "again").send_keys(a.new_password)
        self.click_to_page(self.button("Save password"))
        self.check("saving the password should lead to the sign-in page", self.path() == "/login",
                   self.d.current_url)
        self.check("the new user should sign in with the password they chose",
                   self.sign_in_as("nina", a.new_password), self.text()[:200])
        self.sign_out_now()
        self.d.get(href)
        self.loaded()
        self.check("the link should not work a second time",
                   "This link no longer works" in self.h1(), self.text()[:200])

        # disable nina: asked first, then done
        self.sign_in_as(a.admin_user, a.admin_password)
        self.open("/admin/users/nina")
        if self.confirm("Disable this user", "admin-confirm-disable"):
            self.check("the user's page should then say Disabled",
                       "Disabled" in self.text() and self.path() == "/admin/users/nina",
                       self.text()[:300])
        self.screenshot("admin-user-disabled")

        # move a device: kiosk-2 speaks for Ash Ward; now Willow Ward too
        self.open("/admin/devices/kiosk-2")
        box = self.d.find_element(By.ID, "loc-WARD1")
        if not box.is_selected():
            box.click()
        self.click_to_page(self.button("Save locations"))
        self.check("the device should then speak for both wards",
                   self.d.find_element(By.ID, "loc-WARD1").is_selected() and
                   self.d.find_element(By.ID, "loc-WARD2").is_selected(), self.text()[:300])
        self.screenshot("admin-device")

        # enrol a new tablet with a one-time code
        self.open("/admin/devices")
        self.d.find_element(By.ID, "device_id").send_keys("kiosk-new")
        self.d.find_element(By.ID, "enrol-loc-WARD1").click()
        self.screenshot("admin-enrol-form")
        self.click_to_page(self.button("Make an enrolment code"))
        code = self.d.find_elements(By.ID, "enrol-code")
        self.check("Enrol a tablet should show a one-time code, grouped ABCD-EFGH",
                   bool(code) and re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}",
                                               code[0].text) is not None, self.text()[:300])
        self.screenshot("admin-enrol-code")

        # retire Oak Ward (another team's): asked first, kept as retired
        self.open("/admin/locations")
        form = self.d.find_element(By.CSS_SELECTOR, "form[action='/admin/locations/WARD9/retire']")
        self.click_to_page(form.find_element(By.TAG_NAME, "button"))
        yes = self.button("Yes, retire")
        self.check("retiring should ask first", yes is not None, self.text()[:300])
        self.screenshot("admin-confirm-retire")
        if yes:
            self.click_to_page(yes)
        row = [r.text for r in self.d.find_elements(By.CSS_SELECTOR, "tr") if "WARD9" in r.text]
        self.check("the retired location should stay listed, marked Retired",
                   bool(row) and "Retired" in row[0], repr(row))
        self.screenshot("admin-locations")

        # the teams: every team with its locations and people
        self.open("/admin/teams")
        t = self.text()
        self.check("the teams page should list willow, oak and it with their locations and people",
                   all(w in t for w in ("willow", "oak", "it", "Willow adult wards")), t[:400])
        self.screenshot("admin-teams")

        # the audit trail, filtered to nina
        self.open("/admin/audit")
        self.d.find_element(By.ID, "user").send_keys("nina")
        self.click_to_page(self.button("Filter"))
        t = self.text()
        rows = t.split("Audit rows")[-1]
        self.check("the audit page filtered to nina should show her setting a password and"
                   " signing in, and no one else's rows",
                   "password-set" in rows and "sign-in" in rows and "wendy" not in rows and
                   "ada" not in rows, rows[:600])
        self.check("the audit page should hold no comment text",
                   "kill myself" not in t and "garden" not in t, t[:300])
        self.screenshot("admin-audit")
        self.open("/admin/audit?action=user-disable")
        rows = self.text().split("Audit rows")[-1]
        self.check("the audit page filtered to user-disable should show ada disabling nina",
                   "ada" in rows and "nina" in rows and "sign-in" not in rows, rows[:600])
        self.sign_out_now()

    def settings(self):
        """The patient experience lead sets Ash Ward's tablets: English and
        Polish, 1 minute 30 seconds, opening hours, Standard and Easy read, a
        Polish crisis text; asked first, then saved. Wrong opening hours are
        refused in the parser's words, the form given back as typed."""
        a = self.a
        self.check("the patient experience lead should sign in for the tablet settings",
                   self.sign_in_as(a.px_user, a.px_password), self.text()[:200])
        self.click_to_page(self.d.find_element(By.LINK_TEXT, "Tablet settings"))
        self.check("Tablet settings should list the locations",
                   self.h1() == "Tablet settings" and "Ash Ward" in self.text(), self.text()[:300])
        self.click_to_page(self.d.find_element(By.LINK_TEXT, "Ash Ward"))
        t = self.text()
        self.check("Ash Ward's settings should show the tablet's own settings and its tablet",
                   self.h1() == "Tablet settings: Ash Ward" and "The tablet's own" in t and
                   "kiosk-2" in t, t[:400])
        self.screenshot("settings-ash-ward")
        for code in ("en", "pl"):
            box = self.d.find_element(By.ID, "lang_" + code)
            if not box.is_selected():
                self.d.find_element(By.CSS_SELECTOR, "label[for='lang_%s']" % code).click()
        Select(self.d.find_element(By.ID, "idle")).select_by_visible_text("1 minute 30 seconds")
        hours = "Mon-Fri 08:00-18:00; Sat 09:00-12:00"
        self.check("the opening hours field should give the format in its hint",
                   hours in self.d.find_element(By.ID, "hours-hint").text and
                   self.d.find_element(By.ID, "modes_own").is_selected() and
                   self.d.find_element(By.ID, "mode_standard").is_selected(),
                   self.d.find_element(By.ID, "hours-hint").text)
        self.d.find_element(By.ID, "hours").send_keys(hours)
        self.d.find_element(By.CSS_SELECTOR, "label[for='modes_set']").click()
        self.d.find_element(By.CSS_SELECTOR, "label[for='mode_easy_read']").click()
        self.d.find_element(By.ID, "crisis_pl").send_keys("Potrzebujesz pomocy teraz? Zadzwoń 111.")
        self.screenshot("settings-hours-modes")
        self.click_to_page(self.button("Check the change"))
        t = self.text()
        self.check("the change should be asked first, in words",
                   "Check before you go on" in t and "1 minute 30 seconds" in t and
                   "Languages offered: English, Polski" in t and "Crisis help in Polski" in t and
                   "Opening hours: " + hours + " (was: the tablet's own)" in t and
                   "Modes a person may choose: Standard, Easy read (was: the tablet's own)" in t, t[:700])
        self.screenshot("settings-confirm")
        self.click_to_page(self.button("Yes, change the settings"))
        t = self.text()
        self.check("the saved settings should show in words",
                   self.path() == "/settings/WARD2" and t.count("Saved.") == 1 and
                   "English, Polski" in t and "1 minute 30 seconds" in t and
                   "Zadzwoń 111" in t and hours in t and "Standard, Easy read" in t and
                   self.d.find_element(By.ID, "mode_easy_read").is_selected() and
                   not self.d.find_element(By.ID, "mode_children").is_selected(), t[:600])
        self.screenshot("settings-saved")
        # a crisis text over the 511 bytes a tablet takes: refused in words, nothing changed
        box = self.d.find_element(By.ID, "crisis_pl")
        box.clear()
        box.send_keys("ń" * 300)
        self.click_to_page(self.button("Check the change"))
        err = self.d.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
        self.check("a crisis text over the limit should be refused in words, the old one kept",
                   bool(err) and "600 bytes long; it can be at most 511 bytes" in err[0].text and
                   "Nothing was changed" in err[0].text and "Zadzwoń 111" in self.text(),
                   self.text()[:500])
        self.screenshot("settings-refused")
        # opening hours a tablet cannot read: refused in the parser's words, as typed
        box = self.d.find_element(By.ID, "crisis_pl")
        box.clear()
        box.send_keys("Potrzebujesz pomocy teraz? Zadzwoń 111.")
        box = self.d.find_element(By.ID, "hours")
        box.clear()
        box.send_keys("Mon-Fry 08:00-18:00")
        self.click_to_page(self.button("Check the change"))
        err = self.d.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
        self.check("wrong opening hours should be refused in words, the text given back as typed",
                   bool(err) and "'Fry' is not a day" in err[0].text and
                   self.d.find_element(By.ID, "hours").get_attribute("value") == "Mon-Fry 08:00-18:00" and
                   hours in self.text(), self.text()[:500])
        self.screenshot("settings-hours-refused")
        self.sign_out_now()

    def history_index(self):
        return self.d.execute_cdp_cmd("Page.getNavigationHistory", {})["currentIndex"]

    def unpinned(self):
        """A second browser without the key pin must refuse the certificate, which
        shows the pin (not something looser) is what made the walk trust it."""
        spki, self.a.spki = self.a.spki, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        main, self.d = self.d, None
        profile = self.a.scratch
        self.a.scratch = os.path.join(profile, "unpinned")
        os.makedirs(self.a.scratch, exist_ok=True)
        try:
            self.start()
            try:
                self.d.get(self.a.url + "/login")
            except TimeoutException:
                pass
            self.check("a browser without the test key's pin should refuse the certificate",
                       not self.d.find_elements(By.ID, "password") and
                       "ERR_CERT_AUTHORITY_INVALID" in self.d.page_source,
                       "%s: %s" % (self.d.current_url, self.text()[:200]))
        finally:
            self.stop()
            self.d, self.a.spki, self.a.scratch = main, spki, profile

    def run(self):
        t0 = time.monotonic()
        self.start()
        self.note("chromium %s, chromedriver %s" % (
            self.d.capabilities.get("browserVersion"),
            self.d.capabilities.get("chrome", {}).get("chromedriverVersion", "?").split()[0]))
        if not self.sign_in():
            return 1
        self.home()
        if self.follow("Whole team", "team", "Willow adult wards", ("garden was lovely",)):
            self.team_versions()
        self.location()
        self.themes()
        self.coding_keys()
        self.safeguarding()
        self.actions()
        if self.follow("Quality Board", "quality-board", "Quality Board",
                       ("You said, we did", "We did: Serve meals from a heated trolley on the ward",
                        "Put the garden hours on the door", "What you told us")):
            counts = [n.text for n in self.d.find_elements(By.CSS_SELECTOR, ".fb-board-themes .fb-theme-count")]
            self.check("the Quality Board's 'What you told us' should list themes with their counts",
                       bool(counts) and all(c == "*" or c.isdigit() for c in counts), counts)
            self.board_themes()
            self.board_print()
        self.follow("Devices", "fleet", "Devices", ("kiosk-1", "Seals to", "current key"))
        self.downloads()
        self.report_refused()
        self.sign_out()
        self.report()
        self.fleet_keys()
        self.erasure()
        self.settings()
        self.admin()
        self.unpinned()
        self.note("%d screenshots, walk took %.1f s" % (self.shots, time.monotonic() - t0))
        return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True, help="https://127.0.0.1:PORT")
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--spki", required=True, help="base64 SHA-256 of the server's public key")
    p.add_argument("--scratch", required=True, help="a directory for the browser profile and logs")
    p.add_argument("--shots", required=True, help="where the PNG screenshots go")
    p.add_argument("--downloads", required=True, help="Chromium's download directory")
    p.add_argument("--admin-user", required=True, help="a user with the admin role")
    p.add_argument("--admin-password", required=True)
    p.add_argument("--px-user", required=True, help="a user with the patient-experience role")
    p.add_argument("--px-password", required=True)
    p.add_argument("--estates-user", required=True, help="a user with the estates role")
    p.add_argument("--estates-password", required=True)
    p.add_argument("--old-key", required=True,
                   help="the first 8 characters of the rotated-out public key (line 2)")
    p.add_argument("--new-password", default="a new passphrase for nina",
                   help="what the user the admin adds chooses")
    a = p.parse_args()
    # The shell's timeout sends SIGTERM: quit the browser rather than leave it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    w = Walk(a)
    try:
        return w.run()
    except (WebDriverException, TimeoutException) as e:
        print("not ok - the browser walk should run to the end", flush=True)
        print("# stopped at %s: %s" % (w.d.current_url if w.d else "start",
                                       " ".join(str(e).split())[:400]), flush=True)
        here = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == __file__]
        if here:
            print("# in walk.py line %d: %s" % (here[-1].lineno, here[-1].line), flush=True)
        return 2
    finally:
        w.stop()


if __name__ == "__main__":
    sys.exit(main())
