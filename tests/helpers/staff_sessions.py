#!/usr/bin/env python3
"""staff_sessions: N staff signed in to a real collector loading results
pages and CSV downloads for a while, as tests/bench/bench_load.sh drives it.

  staff_sessions.py --url URL --ca FILE --users FILE --seconds S
users: one "name password" per line; one thread (one browser) per line.
Each signs in through the real form (CSRF token and session cookie), then
loads, in turn, the home page, the ward's page, the team page, the Quality
Board and the responses CSV, until the time is up. Prints key=value lines:
requests, errors, and p50/p95/p99 in ms for pages and for downloads."""
import argparse, http.cookiejar, re, ssl, sys, threading, time, urllib.parse, urllib.request

PAGES = ["/", "/location/WARD1", "/team", "/quality-board"]
DOWNLOADS = ["/export/responses.csv"]


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))] if v else 0


def session(url, ctx, name, password, until, out, lock):
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                     urllib.request.HTTPSHandler(context=ctx))
    pages, downloads, errors = [], [], []

    def get(path, bucket):
        t0 = time.monotonic()
        try:
            with op.open(url + path, timeout=30) as r:
                r.read()
                ok = r.status == 200
        except Exception as e:   # an HTTP error or a cut connection counts
            ok = False
            errors.append("%s %s" % (path, e))
        bucket.append((time.monotonic() - t0) * 1000)
        return ok

    try:
        page = op.open(url + "/login", timeout=30).read().decode()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf": csrf, "user": name, "password": password}).encode()
        op.open(url + "/login", data=data, timeout=30).read()
    except Exception as e:
        errors.append("sign-in %s" % e)
    i = 0
    while time.monotonic() < until:
        path = (PAGES + DOWNLOADS)[i % (len(PAGES) + len(DOWNLOADS))]
        get(path, downloads if path in DOWNLOADS else pages)
        i += 1
    with lock:
        out["pages"] += pages
        out["downloads"] += downloads
        out["errors"] += errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--users", required=True)
    ap.add_argument("--seconds", type=float, required=True)
    a = ap.parse_args()
    ctx = ssl.create_default_context(cafile=a.ca)   # verified, never switched off
    users = [l.split() for l in open(a.users) if l.strip()]
    out = {"pages": [], "downloads": [], "errors": []}
    lock = threading.Lock()
    until = time.monotonic() + a.seconds
    ts = [threading.Thread(target=session, args=(a.url, ctx, u, p, until, out, lock)) for u, p in users]
    for t in ts:
        t.start()
    for t in ts:
        t.join(a.seconds + 120)
    for e in out["errors"][:5]:
        print("staff_sessions: %s" % e, file=sys.stderr)
    print("staff_sessions=%d" % len(users))
    print("staff_requests=%d" % (len(out["pages"]) + len(out["downloads"])))
    print("staff_errors=%d" % len(out["errors"]))
    for k in ("pages", "downloads"):
        for p, n in ((0.5, "p50"), (0.95, "p95"), (0.99, "p99")):
            print("%s_%s_ms=%.0f" % (k, n, pct(out[k], p)))


if __name__ == "__main__":
    main()
