#!/usr/bin/env python3
"""connect_proxy: a small HTTP CONNECT proxy on 127.0.0.1 for feedback-syncd's
proxy tests (tests/integration/sync_proxy.sh). It only opens tunnels: the TLS
inside stays between the daemon and the collector, as through a Trust's proxy.

  connect_proxy.py --port P --log FILE [--ready FILE] [--deny]
                   [--lifetime SECONDS]

Each CONNECT it relays is logged to --log as one line, "CONNECT host:port",
flushed at once, before the tunnel opens. It tunnels only to 127.0.0.1 or
localhost (anything else gets 403: a test must never reach the world), and
answers anything but CONNECT with 405. --deny answers every CONNECT with 403
(logged as "DENY host:port"), as a proxy whose rules leave the collector out.
--ready FILE is written once the socket listens.

Bounded: at most 32 tunnels at once, a request head of at most 8 KiB read
within 10 s, an upstream connect within 5 s, a tunnel idle for 60 s is closed,
and the whole process exits after --lifetime seconds (default 900) or on
SIGTERM/SIGINT, closing every socket.
"""
import argparse
import os
import selectors
import signal
import socket
import sys
import threading
import time

MAX_HEAD = 8192
HEAD_TIMEOUT_S = 10
UPSTREAM_TIMEOUT_S = 5
IDLE_TIMEOUT_S = 60
MAX_TUNNELS = 32
ALLOWED_HOSTS = {"127.0.0.1", "localhost"}

LOG_LOCK = threading.Lock()
SLOTS = threading.BoundedSemaphore(MAX_TUNNELS)
ARGS = None


def log(line):
    with LOG_LOCK:
        with open(ARGS.log, "a") as f:
            f.write(line + "\n")
            f.flush()


def read_head(conn):
    """The request head (up to the blank line), or None."""
    conn.settimeout(HEAD_TIMEOUT_S)
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > MAX_HEAD:
            return None
        try:
            chunk = conn.recv(4096)
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


def answer(conn, status, words):
    try:
        conn.sendall(("HTTP/1.1 %d %s\r\nContent-Length: 0\r\n"
                      "Connection: close\r\n\r\n" % (status, words)).encode())
    except OSError:
        pass


def relay(a, b):
    """Copies bytes both ways until either side closes or both idle."""
    sel = selectors.DefaultSelector()
    for s in (a, b):
        s.settimeout(IDLE_TIMEOUT_S)   # bounds a stuck sendall too
    sel.register(a, selectors.EVENT_READ, b)
    sel.register(b, selectors.EVENT_READ, a)
    try:
        while True:
            events = sel.select(IDLE_TIMEOUT_S)
            if not events:
                return
            for key, _ in events:
                try:
                    chunk = key.fileobj.recv(65536)
                    if not chunk:
                        return
                    key.data.sendall(chunk)
                except OSError:
                    return
    finally:
        sel.close()


def serve(conn):
    upstream = None
    try:
        got = read_head(conn)
        if not got:
            return
        head, rest = got
        words = head.split("\r\n", 1)[0].split()
        if len(words) != 3 or words[0] != "CONNECT":
            answer(conn, 405, "Only CONNECT")
            return
        target = words[1]
        host, _, port = target.rpartition(":")
        host = host.strip("[]")
        if host not in ALLOWED_HOSTS or not port.isdigit():
            log("REFUSE %s" % target)
            answer(conn, 403, "Forbidden")
            return
        if ARGS.deny:
            log("DENY %s" % target)
            answer(conn, 403, "Forbidden")
            return
        log("CONNECT %s" % target)
        try:
            upstream = socket.create_connection((host, int(port)),
                                                UPSTREAM_TIMEOUT_S)
        except OSError:
            answer(conn, 502, "Bad Gateway")
            return
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if rest:
            upstream.sendall(rest)
        relay(conn, upstream)
    except OSError:
        pass
    finally:
        for s in (conn, upstream):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass
        SLOTS.release()


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ready")
    ap.add_argument("--deny", action="store_true")
    ap.add_argument("--lifetime", type=float, default=900)
    ARGS = ap.parse_args()

    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", ARGS.port))
    srv.listen(16)
    srv.settimeout(0.5)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if ARGS.ready:
        with open(ARGS.ready + ".tmp", "w") as f:
            f.write("%d\n" % ARGS.port)
        os.replace(ARGS.ready + ".tmp", ARGS.ready)
    end = time.monotonic() + ARGS.lifetime
    while not stop.is_set() and time.monotonic() < end:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        except OSError:
            break
        if not SLOTS.acquire(blocking=False):
            answer(conn, 503, "Too Many Tunnels")
            conn.close()
            continue
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
    srv.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
