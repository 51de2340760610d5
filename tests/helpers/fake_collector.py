#!/usr/bin/env python3
"""fake_collector: a real HTTPS server speaking fb-sync/1 (docs/protocol.md)
for feedback-syncd's tests, with faults a test can switch on while it runs.

It is not the product's collector (collector/ is): it stores each record once
in a SQLite file, keyed by id, with a digest of the record without age_ms, and
logs every delivery, so a test can count what arrived and how often.

  fake_collector.py --port P --cert server.pem --key server.key \
      --token-file token --db store.db [--control control.json] [--ready FILE]

--ready FILE is written (with the port) once the socket is listening.

The control file (JSON, re-read on every request; missing = normal service):
  {"mode": "ok"}                     normal service
  {"mode": "status", "status": 503, "retry_after": "2"}
                                     answer every request with that status
                                     (marker included for 4xx/5xx)
  {"mode": "html200"}                200 text/html without the marker (a Wi-Fi
                                     login page)
  {"mode": "slow", "delay_s": 5}     read the request, wait, then serve it
  {"mode": "cut_after_store"}        store the batch, then close the connection
                                     without a reply
  {"mode": "drop_reused"}            a batch sent on a connection that already
                                     carried a request is read and the
                                     connection closed without a reply, as when
                                     the collector cuts an idle kept-alive
                                     connection just as the device reuses it
  {"mode": "die_after_store"}        store the batch, then exit at once (-9 like)
  {"mode": "die_before_store"}       read the batch, then exit at once
  {"mode": "unauthorised"}           401 for everything
  {"mode": "config_garbage"}         GET /v1/config answers 200 with a cut document
  {"mode": "config_slow", "delay_s": 60}
                                     GET /v1/config waits that long first
  optional in any mode: "times": N   apply the fault to the next N requests to
                                     /v1/responses only, then serve normally;
                                     "max_records": N  413 above N records.

GET /v1/config?location=L (docs/protocol.md): with --config-file FILE (a
JSON file holding the "config" object, re-read on every request) it answers
200 with {"protocol", "etag", "config"} and ETag: "<etag>", where etag is the
hex BLAKE2b-128 of the config in canonical form (compact, keys sorted, UTF-8),
or 304 when If-None-Match names it; 403 for another location. Without the
file (or without --config-file) it answers 404, as an older collector does.

Store tables: records(id, digest, body, device_id, received_ms);
deliveries(id, outcome, received_ms); heartbeats(body, received_ms);
config_gets(location, if_none_match, status, received_ms).
"""
import argparse
import gzip
import hashlib
import hmac
import json
import os
import re
import socket
import sqlite3
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROTOCOL = "fb-sync/1"
UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
MAX_BODY = 1024 * 1024          # before compression, as the protocol's default
MAX_WIRE = 8 * 1024 * 1024      # compressed bytes we are willing to read

ARGS = None
TOKEN = None                    # read once at start, as enrolment would
DB_LOCK = threading.Lock()
DB = None
FAULT = {"mtime": None, "used": 0}


def control():
    """The control file's current content, with a count of uses per change."""
    path = ARGS.control
    if not path:
        return {"mode": "ok"}
    try:
        st = os.stat(path)
        with open(path) as f:
            c = json.load(f)
    except (OSError, ValueError):
        return {"mode": "ok"}
    if FAULT["mtime"] != (st.st_mtime_ns, st.st_size):
        FAULT["mtime"] = (st.st_mtime_ns, st.st_size)
        FAULT["used"] = 0
    return c


def check_record(r):
    """None when r is a record we accept, else the reason."""
    want = {"v": int, "id": str, "survey_id": str, "survey_version": int,
            "location": str, "language": str, "mode": str, "started_at_ms": int,
            "submitted_at_ms": int, "duration_ms": int, "flags": list, "fft": int,
            "answers": dict}
    for k, t in want.items():
        if k not in r:
            return "record field '%s': missing" % k
        if not isinstance(r[k], t) or isinstance(r[k], bool):
            return "record field '%s': expected %s" % (k, t.__name__)
    if r["v"] != 1:
        return "record field 'v': expected 1"
    if not UUID7.match(r["id"]):
        return "record field 'id': expected a UUIDv7"
    if not 0 <= r["fft"] <= 6:
        return "record field 'fft': expected 0..6"
    if r["mode"] not in ("kiosk", "assisted"):
        return "record field 'mode': expected kiosk or assisted"
    if "sealed" in r and r["sealed"] is not None and not isinstance(r["sealed"], str):
        return "record field 'sealed': expected a string or null"
    return None


def digest(r):
    r = {k: v for k, v in r.items() if k != "age_ms"}
    text = json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=32).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive
    disable_nagle_algorithm = True  # headers and body go as separate writes
    server_version = "fake-collector/1"

    def log_message(self, fmt, *args):
        if ARGS.verbose:
            sys.stderr.write("fake_collector: " + (fmt % args) + "\n")

    def reply(self, status, obj=None, marker=True, headers=None, raw=None,
              ctype="application/json"):
        body = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if marker:
            self.send_header("X-Feedback-Protocol", PROTOCOL)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def marked(self, status, **kw):
        o = {"protocol": PROTOCOL, "server_time_ms": int(time.time() * 1000)}
        o.update(kw)
        self.reply(status, o)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_WIRE:
            return None, "too large"
        data = self.rfile.read(n)
        if self.headers.get("Content-Encoding", "").lower() == "gzip":
            try:
                d = gzip.GzipFile(fileobj=__import__("io").BytesIO(data))
                data = d.read(MAX_BODY + 1)
            except (OSError, EOFError):
                return None, "body is not gzip"
        if len(data) > MAX_BODY:
            return None, "too large"
        return data, None

    def authorised(self):
        got = self.headers.get("Authorization", "")
        return hmac.compare_digest(got.encode(), ("Bearer " + TOKEN).encode())

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path != "/v1/config":
            self.marked(404, error="not found")
            return
        status = self.get_config(dict(kv.partition("=")[::2] for kv in query.split("&") if kv))
        with DB_LOCK:
            DB.execute("INSERT INTO config_gets VALUES (?, ?, ?, ?)",
                       (query, self.headers.get("If-None-Match", ""), status,
                        int(time.time() * 1000)))
            DB.commit()

    def get_config(self, q):
        """Serves GET /v1/config; returns the status sent."""
        if not self.authorised():
            self.marked(401, error="token unknown or revoked")
            return 401
        if control().get("mode") == "config_slow":
            time.sleep(float(control().get("delay_s", 60)))
        try:
            with open(ARGS.config_file, encoding="utf-8") as f:
                cfg = json.load(f)
        except (TypeError, OSError):
            self.marked(404, error="not found")   # an older collector
            return 404
        if q.get("location") != cfg.get("location"):
            self.marked(403, error="this device is not enrolled for that location")
            return 403
        canon = json.dumps(cfg, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        etag = hashlib.blake2b(canon.encode(), digest_size=16).hexdigest()
        if self.headers.get("If-None-Match", "") == '"%s"' % etag:
            self.send_response(304)
            self.send_header("X-Feedback-Protocol", PROTOCOL)
            self.send_header("ETag", '"%s"' % etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 304
        body = json.dumps({"protocol": PROTOCOL, "etag": etag, "config": cfg},
                          ensure_ascii=False).encode()
        if control().get("mode") == "config_garbage":
            body = body[:len(body) // 2]
        self.reply(200, raw=body, headers={"ETag": '"%s"' % etag})
        return 200

    def handle_one_request(self):
        super().handle_one_request()
        self.served = getattr(self, "served", 0) + 1   # requests on this connection

    def do_POST(self):
        c = control()
        mode = c.get("mode", "ok")
        is_batch = self.path == "/v1/responses"
        if mode == "drop_reused" and getattr(self, "served", 0) == 0:
            mode = "ok"                 # only a kept connection is dropped
        times = c.get("times", -1)
        if is_batch and mode != "ok" and times >= 0:
            if FAULT["used"] >= times:
                mode = "ok"
            else:
                FAULT["used"] += 1
        data, why = self.read_body()
        if mode == "drop_reused" and is_batch:
            sys.stderr.write("fake_collector: dropped a batch sent on a kept connection\n")
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if mode == "unauthorised" or not self.authorised():
            self.marked(401, error="token unknown or revoked")
            return
        if mode == "html200":
            self.reply(200, raw=b"<html><body>Hospital Wi-Fi: please log in</body></html>",
                       marker=False, ctype="text/html")
            return
        if mode == "status":
            st = int(c.get("status", 503))
            hdr = {"Retry-After": str(c["retry_after"])} if "retry_after" in c else {}
            self.reply(st, {"protocol": PROTOCOL, "error": "fault injected"},
                       marker=st >= 400, headers=hdr)
            return
        if why == "too large":
            self.marked(413, error="body too large")
            return
        if why:
            self.marked(400, error=why)
            return
        try:
            req = json.loads(data)
        except ValueError:
            self.marked(400, error="body is not JSON")
            return
        if not isinstance(req, dict) or req.get("protocol") != PROTOCOL:
            self.marked(400, error="not an fb-sync/1 request")
            return
        if self.path == "/v1/heartbeat":
            with DB_LOCK:
                DB.execute("INSERT INTO heartbeats VALUES (?, ?)",
                           (json.dumps(req), int(time.time() * 1000)))
                DB.commit()
            self.marked(200)
            return
        if not is_batch:
            self.marked(404, error="not found")
            return
        recs = req.get("records")
        if not isinstance(recs, list):
            self.marked(400, error="records: expected an array")
            return
        if "max_records" in c and len(recs) > int(c["max_records"]):
            self.marked(413, error="too many records")
            return
        if mode == "slow":
            time.sleep(float(c.get("delay_s", 5)))
        if mode == "die_before_store":
            os._exit(9)
        results = self.store(req.get("device_id", ""), recs)
        if mode == "die_after_store":
            os._exit(9)
        if mode == "cut_after_store":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.marked(200, results=results)

    def store(self, device_id, recs):
        now = int(time.time() * 1000)
        out = []
        with DB_LOCK:
            cur = DB.cursor()
            for i, r in enumerate(recs):
                rid = r.get("id") if isinstance(r, dict) else None
                if not isinstance(rid, str) or not UUID7.match(rid):
                    out.append({"index": i, "outcome": "rejected",
                                "reason": "record field 'id': expected a UUIDv7"})
                    continue
                why = check_record(r)
                if why:
                    out.append({"id": rid, "outcome": "rejected", "reason": why})
                    cur.execute("INSERT INTO deliveries VALUES (?, 'rejected', ?)", (rid, now))
                    continue
                d = digest(r)
                row = cur.execute("SELECT digest FROM records WHERE id = ?", (rid,)).fetchone()
                if row is None:
                    body = json.dumps({k: v for k, v in r.items() if k != "age_ms"}, sort_keys=True)
                    cur.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)",
                                (rid, d, body, device_id, now, r.get("age_ms")))
                    outcome = {"id": rid, "outcome": "stored"}
                elif row[0] == d:
                    outcome = {"id": rid, "outcome": "duplicate"}
                else:
                    outcome = {"id": rid, "outcome": "conflict",
                               "reason": "same id, different content"}
                cur.execute("INSERT INTO deliveries VALUES (?, ?, ?)", (rid, outcome["outcome"], now))
                out.append(outcome)
            DB.commit()
        return out


def main():
    global ARGS, DB, TOKEN
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--token-file", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--control")
    ap.add_argument("--config-file")
    ap.add_argument("--ready")
    ap.add_argument("-v", "--verbose", action="store_true")
    ARGS = ap.parse_args()
    with open(ARGS.token_file) as f:
        TOKEN = f.read().strip()
    DB = sqlite3.connect(ARGS.db, check_same_thread=False, isolation_level="DEFERRED")
    DB.execute("PRAGMA journal_mode = WAL")
    DB.execute("PRAGMA synchronous = FULL")
    DB.executescript("""
        CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, digest TEXT, body TEXT,
            device_id TEXT, received_ms INTEGER, age_ms INTEGER);
        CREATE TABLE IF NOT EXISTS deliveries (id TEXT, outcome TEXT, received_ms INTEGER);
        CREATE TABLE IF NOT EXISTS heartbeats (body TEXT, received_ms INTEGER);
        CREATE TABLE IF NOT EXISTS config_gets (location TEXT, if_none_match TEXT,
            status INTEGER, received_ms INTEGER);
    """)
    DB.commit()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(ARGS.cert, ARGS.key)
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    srv = ThreadingHTTPServer((ARGS.host, ARGS.port), Handler)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    if ARGS.ready:
        tmp = ARGS.ready + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % ARGS.port)
        os.rename(tmp, ARGS.ready)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
