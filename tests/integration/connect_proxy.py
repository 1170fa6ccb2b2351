#!/usr/bin/env python3
"""A small HTTP CONNECT proxy for tests (Python stdlib only), on loopback.

For each connection it reads one CONNECT request, records it (target, the
Proxy-Authorization header, the answer) in --stats-file as JSON, and then
either refuses or opens the tunnel and relays bytes both ways until one side
closes. Options script the cases the tests need:

  --auth USER:PASS     answer 407 unless Proxy-Authorization is Basic USER:PASS
  --refuse STATUS      answer STATUS (e.g. "403 Forbidden") to every CONNECT
  --substitute H:P     tunnel to H:P whatever the client asked for (a proxy
                       that tries to put another server behind the name)
  --forward            also answer absolute-form requests ("GET http://...")
                       by forwarding them, as urllib3 does for http:// targets

usage: connect_proxy.py --port-file F --stats-file F [options]"""
import argparse
import base64
import json
import os
import signal
import socket
import sys
import threading

LOCK = threading.Lock()
STATS = {"tunnels": [], "forwarded": []}
OPTS = None


def save():
    tmp = OPTS.stats_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump(STATS, f)
    os.replace(tmp, OPTS.stats_file)


def read_head(c):
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = c.recv(1)  # byte by byte: nothing past the header is taken
        if not d or len(buf) > 65536:
            return None
        buf += d
    return buf.decode("latin-1")


def relay(a, b):
    def pump(src, dst):
        try:
            while True:
                d = src.recv(65536)
                if not d:
                    break
                dst.sendall(d)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    t = threading.Thread(target=pump, args=(b, a), daemon=True)
    t.start()
    pump(a, b)
    t.join(timeout=30)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def split_target(target):
    """host, port of "host:port"; only loopback hosts, so a test can never
    reach the network through this proxy (the AWS CLI asks it for the EC2
    metadata service unless AWS_EC2_METADATA_DISABLED is set)."""
    host, _, port = target.rpartition(":")
    host = host.strip("[]")
    if host not in LOOPBACK or not port.isdigit():
        raise OSError("not a loopback target: " + target)
    return host, int(port)


def handle(c):
    head = read_head(c)
    if head is None:
        return
    lines = head.split("\r\n")
    method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
    headers = {}
    for ln in lines[1:]:
        if ":" in ln:
            k, v = ln.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    rec = {"method": method, "target": target, "auth": headers.get("proxy-authorization"),
           "host": headers.get("host")}
    want = None
    if OPTS.auth:
        want = "Basic " + base64.b64encode(OPTS.auth.encode()).decode()
    if want is not None and rec["auth"] != want:
        answer = "407 Proxy Authentication Required"
        extra = 'Proxy-Authenticate: Basic realm="tinysso-test"\r\n'
    elif OPTS.refuse:
        answer, extra = OPTS.refuse, ""
    elif method == "CONNECT":
        answer, extra = "200 Connection established", ""
    elif OPTS.forward and target.startswith("http://"):
        answer, extra = None, ""
    else:
        answer, extra = "405 Method Not Allowed", ""
    rec["answer"] = answer or "forwarded"
    with LOCK:
        STATS["tunnels" if method == "CONNECT" else "forwarded"].append(rec)
        save()
    if answer is None:  # absolute-form request: forward it, rewritten to origin form
        rest = target[len("http://"):]
        hostport, _, path = rest.partition("/")
        try:
            up = socket.create_connection(split_target(hostport), timeout=10)
        except OSError:
            c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        first = "%s /%s HTTP/1.1\r\n" % (method, path)
        up.sendall(first.encode("latin-1") + head.split("\r\n", 1)[1].encode("latin-1"))
        relay(c, up)
        return
    if not answer.startswith("200"):
        body = b"<html><body>proxy says no</body></html>\n"
        c.sendall(("HTTP/1.1 %s\r\n%sContent-Type: text/html\r\nContent-Length: %d\r\n"
                   "Connection: close\r\n\r\n" % (answer, extra, len(body))).encode() + body)
        return
    dest = OPTS.substitute or target
    try:
        up = socket.create_connection(split_target(dest), timeout=10)
    except OSError:
        c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        return
    c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    relay(c, up)
    up.close()


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--stats-file", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--auth")
    ap.add_argument("--refuse")
    ap.add_argument("--substitute")
    ap.add_argument("--forward", action="store_true")
    OPTS = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    save()
    lsock = socket.socket(socket.AF_INET6 if ":" in OPTS.host else socket.AF_INET)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((OPTS.host, 0))
    lsock.listen(32)
    with open(OPTS.port_file + ".tmp", "w") as f:
        f.write(str(lsock.getsockname()[1]))
    os.replace(OPTS.port_file + ".tmp", OPTS.port_file)
    while True:
        c, _ = lsock.accept()
        c.settimeout(30)

        def run(conn=c):
            try:
                handle(conn)
            except OSError:
                pass
            finally:
                conn.close()

        threading.Thread(target=run, daemon=True).start()


if __name__ == "__main__":
    main()
