#!/usr/bin/env python3
"""slow_clients: many slow HTTPS clients against one server, for a bounded
time, from chosen source addresses (127.0.0.0/8 aliases need no set-up on
Linux). Half the connections leave the TLS handshake half done (half the
ClientHello at once, then a byte a second); the others finish the handshake
(verified against --ca) and then trickle a request header a byte a second.
A connection the server cuts is counted with its age and reopened after 1-3 s.

  slow_clients.py --port P --ca CA.pem --seconds 60 --from 127.0.0.1:1000 \\
                  --spread 127.0.0.2:200 --stats out.json

--spread A.B.C.D:N: N connections, one each from A.B.C.D and the N-1 next
addresses. Stats (JSON): opened, cut (by kind), refused (closed within 0.2 s
of connecting: refused at a cap, or made way at once), oldest_cut_s (the longest a cut
connection lived, counted from connect(), so including any time in the server's
accept queue), oldest_trickle_after_tls_s (the same from the end of the TLS
handshake, when the server had surely accepted it), held (samples of how many were open), still_open at the
end. Only the standard library: socket, ssl, selectors.
"""
import argparse
import ipaddress
import json
import random
import selectors
import socket
import ssl
import time

HEADER = (b"POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          b"Authorization: Bearer " + b"x" * 4000 + b"\r\n")


class Slot:
    def __init__(self, src, kind):
        self.src, self.kind = src, kind
        self.sock = self.tls = None
        self.state = "down"          # down, handshake, trickle
        self.t_open = self.next_at = 0.0
        self.pending = b""           # bytes still to trickle
        self.sent = 0
        self.t_tls = 0.0             # handshake done (trickle): surely accepted by then


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--ca", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--from", dest="froms", action="append", default=[])
    ap.add_argument("--spread", action="append", default=[])
    ap.add_argument("--stats", required=True)
    a = ap.parse_args()

    ctx = ssl.create_default_context(cafile=a.ca)
    slots = []
    for spec in a.froms:
        addr, n = spec.rsplit(":", 1)
        slots += [Slot(addr, ("tls-half", "trickle")[i % 2]) for i in range(int(n))]
    for spec in a.spread:
        addr, n = spec.rsplit(":", 1)
        base = ipaddress.IPv4Address(addr)
        slots += [Slot(str(base + i), ("tls-half", "trickle")[i % 2]) for i in range(int(n))]

    sel = selectors.DefaultSelector()
    st = {"opened": 0, "cut": {"tls-half": 0, "trickle": 0}, "refused": 0,
          "connect_errors": 0, "oldest_cut_s": 0.0, "oldest_trickle_after_tls_s": 0.0, "held": [], "still_open": 0,
          "slots": len(slots)}
    start = time.monotonic()
    end = start + a.seconds
    # Spread the first connects over two seconds, as a real flood would.
    for s in slots:
        s.next_at = start + random.uniform(0, 2)

    def drop(s, now, by_server):
        if s.sock:
            try:
                sel.unregister(s.sock)
            except (KeyError, ValueError):
                pass
            s.sock.close()
        if by_server:
            age = now - s.t_open
            if age < 0.2:
                st["refused"] += 1
            else:
                st["cut"][s.kind] += 1
                st["oldest_cut_s"] = max(st["oldest_cut_s"], age)
                if s.t_tls:
                    st["oldest_trickle_after_tls_s"] = max(st["oldest_trickle_after_tls_s"],
                                                           now - s.t_tls)
        s.sock = s.tls = None
        s.t_tls = 0.0
        s.state = "down"
        s.next_at = now + random.uniform(1, 3)

    def connect(s, now):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.bind((s.src, 0))
            sock.connect_ex((a.host, a.port))
        except OSError:
            sock.close()
            st["connect_errors"] += 1
            s.next_at = now + 1
            return
        s.sock, s.t_open, s.sent = sock, now, 0
        st["opened"] += 1
        if s.kind == "tls-half":
            # A ClientHello made in memory: half now, the rest a byte a second.
            inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
            obj = ctx.wrap_bio(inc, out, server_hostname=a.host)
            try:
                obj.do_handshake()
            except ssl.SSLWantReadError:
                pass
            hello = out.read()
            s.pending = hello[len(hello) // 2:]
            s.first = hello[:len(hello) // 2]
            s.state = "handshake"
            sel.register(sock, selectors.EVENT_WRITE, s)
        else:
            s.state = "handshake"    # TLS starts once TCP is up (writable)
            s.pending = HEADER
            sel.register(sock, selectors.EVENT_WRITE, s)
        s.next_at = now + 1

    def step_handshake(s, now):
        if s.kind == "tls-half":
            if s.first:
                try:
                    s.sock.send(s.first)
                except BlockingIOError:
                    return
                except OSError:
                    return drop(s, now, True)
                s.first = b""
                s.state = "trickle"
                sel.modify(s.sock, selectors.EVENT_READ, s)
            return
        if s.tls is None:
            if s.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                return drop(s, now, True)
            sel.unregister(s.sock)
            s.tls = ctx.wrap_socket(s.sock, server_hostname=a.host, do_handshake_on_connect=False)
            s.sock = s.tls           # the plain socket is detached now
            sel.register(s.sock, selectors.EVENT_WRITE, s)
        try:
            s.tls.do_handshake()
        except ssl.SSLWantReadError:
            sel.modify(s.sock, selectors.EVENT_READ, s)
            return
        except ssl.SSLWantWriteError:
            sel.modify(s.sock, selectors.EVENT_WRITE, s)
            return
        except (OSError, ssl.SSLError):
            return drop(s, now, True)
        s.state = "trickle"
        s.sent = 1
        s.t_tls = now
        sel.modify(s.sock, selectors.EVENT_READ, s)

    def readable(s, now):
        conn = s.tls if (s.kind == "trickle" and s.state == "trickle") else s.sock
        try:
            data = conn.recv(4096)
        except (BlockingIOError, ssl.SSLWantReadError):
            return
        except (OSError, ssl.SSLError):
            return drop(s, now, True)
        if not data:
            return drop(s, now, True)
        s.sent = 1   # the server answered something (ServerHello): not a refusal

    next_sample = start + 1
    while True:
        now = time.monotonic()
        if now >= end:
            break
        for key, _ in sel.select(timeout=0.05):
            s = key.data
            if s.sock is None:
                continue
            if s.state == "handshake":
                step_handshake(s, now)
            else:
                readable(s, now)
        now = time.monotonic()
        for s in slots:
            if now < s.next_at:
                continue
            if s.state == "down":
                connect(s, now)
            elif s.state == "trickle" and s.pending:
                conn = s.tls if s.kind == "trickle" else s.sock
                try:
                    conn.send(s.pending[:1])
                    s.pending = s.pending[1:]
                except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                    pass
                except (OSError, ssl.SSLError):
                    drop(s, now, True)
                    continue
                s.next_at = now + 1
            elif s.state == "handshake" and now - s.t_open > 10:
                drop(s, now, False)   # our own handshake stuck: start again
        if now >= next_sample:
            st["held"].append(sum(1 for s in slots if s.state != "down"))
            next_sample += 1
    st["still_open"] = sum(1 for s in slots if s.state != "down")
    for s in slots:
        if s.sock:
            s.sock.close()
    with open(a.stats, "w") as f:
        json.dump(st, f)


if __name__ == "__main__":
    main()
