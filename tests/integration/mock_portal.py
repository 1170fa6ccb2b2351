#!/usr/bin/env python3
"""A mock AWS SSO portal (PROTOCOL §2/§3) for integration tests.

Python 3 standard library only. It speaks HTTP/1.1 by hand on raw sockets so
each scenario controls the exact bytes on the wire (framing, header count,
delivery pace, truncation). Counters go to a JSON stats file rewritten on
every change, and to GET /__stats, so a test can assert what the server saw:
connections, TLS handshakes and resumptions, requests per operation.
"""
import argparse
import base64
import hashlib
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
import uuid
from urllib.parse import parse_qs, urlsplit

UNAUTHORIZED_BODY = (
    b'{"message":"Session token not found or invalid",'
    b'"__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}'
)
NS = "aws.protocoltests.restjson#"
CORAL = ":http://internal.amazon.com/coral/com.amazon.coral.validate/"
# The Smithy error-code shapes (PROTOCOL §3): (extra headers, body). Each
# must be read by the client as code "FooError".
ERROR_SHAPES = [
    ({"X-Amzn-ErrorType": "FooError"}, {}),
    ({"X-Amzn-ErrorType": "FooError" + CORAL}, {}),
    ({"X-Amzn-ErrorType": NS + "FooError" + CORAL}, {}),
    ({"X-Amzn-ErrorType": "aws.different.namespace#FooError" + CORAL}, {}),
    ({}, {"code": "FooError"}),
    ({}, {"code": NS + "FooError"}),
    ({}, {"code": NS + "FooError" + CORAL}),
    ({}, {"__type": "FooError"}),
    ({}, {"__type": NS + "FooError"}),
    ({}, {"__type": NS + "FooError" + CORAL}),
    ({}, {"__type": NS + "FooError",
          "ErrorDetails": [{"__type": "com.amazon.internal#ErrorDetails"}]}),
]
MAX_HEAD = 65536
SEPARATORS = (",", ":")
IDLE_TIMEOUT = 30.0


class Stats:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.data = {
            "connections": 0, "tls_handshakes": 0, "tls_resumed": 0,
            "tls_failures": 0, "requests": 0, "http_bytes": 0,
            "unauthorized": 0, "logouts": 0, "ops": {},
            "max_requests_per_connection": 0,
        }

    def bump(self, key, n=1, op=None):
        with self.lock:
            if op is not None:
                self.data["ops"][op] = self.data["ops"].get(op, 0) + n
            else:
                self.data[key] = self.data.get(key, 0) + n
            self._write()

    def peak(self, key, value):
        with self.lock:
            if value > self.data[key]:
                self.data[key] = value
                self._write()

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.data))

    def _write(self):
        if not self.path:
            return
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.data, f)
        os.replace(tmp, self.path)


class Portal:
    """State of the fake directory: accounts, roles, tokens issued."""

    def __init__(self, args):
        self.args = args
        self.token = args.token
        self.logged_out = False
        self.lock = threading.Lock()
        self.throttle_left = args.throttle
        self.accounts = [
            {
                "accountId": "%012d" % (100000000000 + i),
                # \u00e9 and an emoji (a surrogate pair once JSON-escaped).
                "accountName": "Acct %d \u00e9quipe \U0001F600" % i,
                "emailAddress": "aws+acct-%d@example.com" % i,
            }
            for i in range(args.accounts)
        ]
        self.roles = ["ReadOnly", "PowerUser", "AdministratorAccess"][: args.roles]
        self.page_tokens = {}

    def token_for(self, kind, key, offset):
        # Opaque, and deliberately full of characters that need encoding.
        digest = hashlib.sha256(("%s|%s|%d" % (kind, key, offset)).encode()).digest()
        tok = "AAAB+" + base64.b64encode(digest[:10]).decode() + "/pg%d==" % offset
        with self.lock:
            self.page_tokens[tok] = (kind, key, offset)
        return tok

    def offset_of(self, kind, key, tok):
        if tok is None:
            return 0
        with self.lock:
            entry = self.page_tokens.get(tok)
        if entry is None or entry[0] != kind or entry[1] != key:
            return None
        return entry[2]


def fake_credentials(acct, role):
    """Deterministic (access key id, secret, 832-byte session token), so a
    test can check that a client never prints the secret parts."""
    seed = hashlib.sha256((acct + role).encode()).digest()
    secret = base64.b64encode(seed + seed[:2]).decode()[:40]
    token = base64.b64encode(hashlib.sha512(seed).digest() * 10).decode()[:832]
    return "ASIA" + seed.hex()[:16].upper(), secret, token


def dump(obj):
    # Compact like the real service; --spaced-json switches to ", "/": ".
    return json.dumps(obj, separators=SEPARATORS).encode()


def error_body(code, message):
    return dump({"message": message, "__type": "com.amazonaws.switchboard.portal#" + code})


class Conn:
    def __init__(self, server, sock, peer):
        self.server = server
        self.sock = sock
        self.peer = peer
        self.buf = b""
        self.requests = 0
        self.sent = 0  # response bytes, for --record
        self.record_id = None

    # --- I/O -------------------------------------------------------------
    def read_more(self):
        data = self.sock.recv(65536)
        if data:
            self.server.stats.bump("http_bytes", len(data))
        return data

    def read_head(self):
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > MAX_HEAD:
                return None
            data = self.read_more()
            if not data:
                return None
            self.buf += data
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        return head

    def read_body(self, n):
        while len(self.buf) < n:
            data = self.read_more()
            if not data:
                return None
            self.buf += data
        body, self.buf = self.buf[:n], self.buf[n:]
        return body

    def send(self, data):
        self.sent += len(data)
        if self.server.args.scenario == "bytewise":
            for i in range(len(data)):
                self.sock.sendall(data[i:i + 1])
        else:
            self.sock.sendall(data)

    def close(self, clean=True):
        try:
            if clean and isinstance(self.sock, ssl.SSLSocket):
                # close_notify: the client may tell an orderly end from a cut.
                self.sock = self.sock.unwrap()
        except (OSError, ssl.SSLError):
            pass
        try:
            self.sock.close()
        except OSError:
            pass

    # --- HTTP ------------------------------------------------------------
    def respond(self, status, body=b"", headers=None, close=False, raw=None):
        if raw is not None:
            self.send(raw)
            return
        sc = self.server.args.scenario
        lines = ["HTTP/1.1 %d %s" % (status, REASONS.get(status, "Status"))]
        lines.append("Date: " + time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()))
        if body or status != 200:
            lines.append("Content-Type: application/json")
        chunked = sc == "chunked" and body
        truncated = sc == "truncated" and body
        if chunked:
            lines.append("Transfer-Encoding: chunked")
        elif sc != "eof-200-no-notify":  # that one is close-delimited
            lines.append("Content-Length: %d" % (len(body) + (64 if truncated else 0)))
        lines.append("Connection: " + ("close" if close else "keep-alive"))
        lines.append("Access-Control-Expose-Headers: RequestId")
        lines.append("Cache-Control: no-cache")
        lines.append("RequestId: " + str(uuid.uuid4()))
        lines.append("Server: AWS SSO")
        if sc == "many-headers":
            for i in range(self.server.args.header_lines):
                lines.append("X-Filler-%d: %s" % (i, "v" * (i % 50)))
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        head = ("\r\n".join(lines) + "\r\n\r\n").encode()
        if chunked:
            # Odd chunk sizes, an extension and a trailer: real framing.
            out, step = [], 7
            for i in range(0, len(body), step):
                piece = body[i:i + step]
                ext = ";ext=1" if i == 0 else ""
                out.append(b"%x%s\r\n%s\r\n" % (len(piece), ext.encode(), piece))
            out.append(b"0\r\nX-Trailer: done\r\n\r\n")
            self.send(head + b"".join(out))
        else:
            self.send(head + body)

    def handle(self):
        args = self.server.args
        while True:
            head = self.read_head()
            if head is None:
                return
            try:
                text = head.decode("latin-1")
                reqline, *hlines = text.split("\r\n")
                method, target, version = reqline.split(" ")
                headers = {}
                for h in hlines:
                    k, v = h.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            except ValueError:
                self.respond(400, b'{"message":"bad request"}', close=True)
                return
            n = int(headers.get("content-length", "0") or 0)
            request_body = self.read_body(n)
            if request_body is None:
                return
            self.requests += 1
            self.server.stats.bump("requests")
            self.server.stats.peak("max_requests_per_connection", self.requests)
            close = headers.get("connection", "").lower() == "close" or version != "HTTP/1.1"
            close = close or args.scenario in ("close", "close-no-notify", "eof-200-no-notify")
            result = self.dispatch(method, target, headers)
            if result is None:  # the scenario cut the connection
                self.close(clean=True)
                return
            status, body, extra, raw = result
            if raw is not None:
                close = True
            if args.scenario == "truncated" and body:
                close = True
            sent_before = self.sent
            self.respond(status, body, extra, close=close, raw=raw)
            self.server.record(self, head + b"\r\n\r\n" + request_body, self.sent - sent_before)
            if close:
                self.close(clean=not args.scenario.endswith("no-notify"))
                return
            if args.scenario == "late-408":
                # An idle connection timed out by the server: a 408 nobody
                # asked for, then the close (the next request must not read it).
                time.sleep(0.1)
                self.send(b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                          b"Content-Length: 0\r\n\r\n")
                self.close(clean=True)
                return

    def dispatch(self, method, target, headers):
        portal = self.server.portal
        args = self.server.args
        url = urlsplit(target)
        q = parse_qs(url.query, keep_blank_values=True)
        one = {k: v[0] for k, v in q.items()}
        if url.path == "/__stats" and method == "GET":
            return 200, json.dumps(self.server.stats.snapshot()).encode(), None, None
        op = {
            ("GET", "/federation/credentials"): "GetRoleCredentials",
            ("GET", "/assignment/accounts"): "ListAccounts",
            ("GET", "/assignment/roles"): "ListAccountRoles",
            ("POST", "/logout"): "Logout",
        }.get((method, url.path))
        if op is None:
            return 404, error_body("UnknownOperationException", "no such operation"), None, None
        self.server.stats.bump(None, op=op)
        tok = headers.get("x-amz-sso_bearer_token")
        if tok is None or tok != portal.token or portal.logged_out:
            self.server.stats.bump("unauthorized")
            return 401, UNAUTHORIZED_BODY, None, None
        if args.scenario == "throttle" and args.throttle_op in (None, op):
            with portal.lock:
                throttled = portal.throttle_left > 0
                portal.throttle_left -= 1 if throttled else 0
            if throttled:
                return 429, error_body("TooManyRequestsException", "Too many requests"), None, None
        if args.scenario.startswith("error") or args.scenario == "eof-503-no-notify":
            return self.error_scenario(args.scenario)
        return getattr(self, "op_" + op)(one, q)

    def error_scenario(self, name):
        if name == "eof-503-no-notify":  # close-delimited, TCP end without close_notify
            return 503, b"", None, (b"HTTP/1.1 503 Service Unavailable\r\n"
                                    b"Content-Type: application/json\r\n\r\n" +
                                    error_body("ServiceUnavailableException", "down"))
        if name == "error-503-bare":
            return 503, b"", None, b"HTTP/1.1 503\r\n\r\n"
        if name == "error-400":
            return 400, error_body("InvalidRequestException", "bad input"), None, None
        if name == "error-404":
            return 404, error_body("ResourceNotFoundException", "No such role"), None, None
        if name == "error-429":
            return 429, error_body("TooManyRequestsException", "slow down"), None, None
        idx = int(name.split("-", 1)[1])  # error-N: the N-th Smithy shape
        hdrs, body = ERROR_SHAPES[idx]
        body = dict(body)
        body.setdefault("message", "Foo happened")
        return 400, dump(body), hdrs, None

    def op_GetRoleCredentials(self, one, q):
        portal = self.server.portal
        acct, role = one.get("account_id"), one.get("role_name")
        if not acct or not role:
            return 400, error_body("InvalidRequestException", "missing parameter"), None, None
        if acct not in {a["accountId"] for a in portal.accounts} or role not in portal.roles:
            return 404, error_body("ResourceNotFoundException", "No access"), None, None
        akid, secret, token = fake_credentials(acct, role)
        exp = int(time.time() * 1000) + self.server.args.cred_ttl * 1000
        body = {"roleCredentials": {
            "accessKeyId": akid, "secretAccessKey": secret, "sessionToken": token,
            "expiration": exp}}
        return 200, dump(body), None, None

    def page(self, kind, key, items, listname, one):
        portal = self.server.portal
        mr = one.get("max_result")
        if mr is None:
            size = 20
        else:
            if not mr.isdigit() or not 1 <= int(mr) <= 100:
                return 400, error_body("InvalidRequestException", "bad max_result"), None, None
            size = int(mr)
        off = portal.offset_of(kind, key, one.get("next_token"))
        if off is None:
            return 400, error_body("InvalidRequestException", "Invalid nextToken"), None, None
        chunk = items[off:off + size]
        body = {listname: chunk}
        if off + size < len(items):
            body["nextToken"] = portal.token_for(kind, key, off + size)
        elif self.server.args.null_last_token:
            body["nextToken"] = None
        return 200, dump(body), None, None

    def op_ListAccounts(self, one, q):
        return self.page("accounts", "", self.server.portal.accounts, "accountList", one)

    def op_ListAccountRoles(self, one, q):
        portal = self.server.portal
        acct = one.get("account_id")
        if acct not in {a["accountId"] for a in portal.accounts}:
            return 404, error_body("ResourceNotFoundException", "No such account"), None, None
        roles = [{"roleName": r, "accountId": acct} for r in portal.roles]
        return self.page("roles", acct, roles, "roleList", one)

    def op_Logout(self, one, q):
        self.server.stats.bump("logouts")
        self.server.portal.logged_out = True
        return 200, b"", None, None


REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
           429: "Too Many Requests", 503: "Service Unavailable"}


class Server:
    def __init__(self, args):
        self.args = args
        self.stats = Stats(args.stats_file)
        self.portal = Portal(args)
        self.ctx = None
        if not args.plain:
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ctx.load_cert_chain(args.cert, args.key)
            if args.tls_max == "1.1":
                self.ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                self.ctx.minimum_version = ssl.TLSVersion.TLSv1
                self.ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            elif args.tls_max == "1.2":
                self.ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            if args.tls_min == "1.3":  # a TLS 1.3-only server
                self.ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        self.lsock = socket.socket(family, socket.SOCK_STREAM)
        self.lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.lsock.bind((args.host, args.port))
        self.lsock.listen(64)
        self.stats._write()
        self.record_lock = threading.Lock()
        self.next_conn_id = 0

    def record(self, conn, request, response_len):
        """--record: one JSON line per exchange (connection number, the
        request bytes in base64, the response length), so a client that does
        not parse HTTP (bench/wire/floor.c) can replay the same traffic."""
        if not self.args.record:
            return
        with self.record_lock:
            if conn.record_id is None:
                conn.record_id, self.next_conn_id = self.next_conn_id, self.next_conn_id + 1
            cid = conn.record_id
            with open(self.args.record, "a") as f:
                f.write(json.dumps({"conn": cid, "request": base64.b64encode(request).decode(),
                                    "response_len": response_len}) + "\n")

    def serve(self):
        port = self.lsock.getsockname()[1]
        if self.args.port_file:
            tmp = self.args.port_file + ".tmp"
            with open(tmp, "w") as f:
                f.write("%d\n" % port)
            os.replace(tmp, self.args.port_file)
        print("PORT %d" % port, flush=True)
        while True:
            sock, peer = self.lsock.accept()
            self.stats.bump("connections")
            threading.Thread(target=self.run_conn, args=(sock, peer), daemon=True).start()

    def run_conn(self, sock, peer):
        sock.settimeout(IDLE_TIMEOUT)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.ctx is not None:
            try:
                sock = self.ctx.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                self.stats.bump("tls_failures")
                sock.close()
                return
            self.stats.bump("tls_handshakes")
            if sock.session_reused:
                self.stats.bump("tls_resumed")
        conn = Conn(self, sock, peer)
        try:
            conn.handle()
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close(clean=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--stats-file")
    ap.add_argument("--plain", action="store_true", help="HTTP without TLS")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--tls-max", choices=["1.1", "1.2", "1.3"], default="1.3")
    ap.add_argument("--tls-min", choices=["1.2", "1.3"], default="1.2")
    ap.add_argument("--token", default="test-token")
    ap.add_argument("--accounts", type=int, default=3)
    ap.add_argument("--roles", type=int, default=3)
    ap.add_argument("--cred-ttl", type=int, default=3600, help="seconds")
    ap.add_argument("--throttle", type=int, default=2, help="429s before success")
    ap.add_argument("--throttle-op", help="throttle only this operation")
    ap.add_argument("--header-lines", type=int, default=300)
    ap.add_argument("--null-last-token", action="store_true")
    ap.add_argument("--scenario", default="normal", help="normal chunked close close-no-notify bytewise "
                    "many-headers truncated throttle error-400 error-404 error-429 "
                    "error-503-bare error-0..error-10 (Smithy shapes) late-408 "
                    "eof-200-no-notify eof-503-no-notify")
    ap.add_argument("--spaced-json", action="store_true")
    ap.add_argument("--record", help="append each exchange to this file (JSON lines)")
    args = ap.parse_args()
    if args.spaced_json:
        global SEPARATORS
        SEPARATORS = (", ", ": ")
    if not args.plain and not (args.cert and args.key):
        ap.error("--cert and --key are needed unless --plain")
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    try:
        Server(args).serve()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
