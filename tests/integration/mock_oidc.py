#!/usr/bin/env python3
"""A mock AWS SSO OIDC service (PROTOCOL §7) in the same process as the mock
portal (mock_portal.py), for the device-login tests.

Python 3 standard library only. The portal's server, TLS and HTTP code are
reused; this adds the three OIDC routes:

  POST /client/register        RegisterClient
  POST /device_authorization   StartDeviceAuthorization
  POST /token                  CreateToken (device-code and refresh-token grants)

An access token this service issues is accepted by the portal routes as well,
so one server plays both hosts. What the client does is recorded in the stats
file under "oidc": the monotonic time of every device-code poll, so a test can
assert that no poll came sooner than the interval, and 5 s more after each
slow_down (--time-scale divides both for fast tests).

Scenario controls:
  --polls LIST      answers to device-code polls in order, the last repeating:
                    pending, slow_down, expired, denied, 500, ok (default "ok")
  --refresh MODE    rotate (new refresh token), keep (none returned),
                    invalid_grant, 500-once (one 500, then rotate)
  --interval S, --code-ttl S, --token-ttl S, --reg-ttl S
"""
import argparse
import base64
import hashlib
import json
import os
import signal
import sys
import threading
import time

import mock_portal

ERR_NS = ":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/"
OAUTH_ERRORS = {  # exception -> (HTTP status, OAuth "error")
    "AuthorizationPendingException": (400, "authorization_pending"),
    "SlowDownException": (400, "slow_down"),
    "ExpiredTokenException": (400, "expired_token"),
    "AccessDeniedException": (400, "access_denied"),
    "InvalidGrantException": (400, "invalid_grant"),
    "InvalidClientException": (401, "invalid_client"),
    "InvalidRequestException": (400, "invalid_request"),
    "InternalServerException": (500, "server_error"),
}
POLL_ANSWERS = {
    "pending": "AuthorizationPendingException",
    "slow_down": "SlowDownException",
    "expired": "ExpiredTokenException",
    "denied": "AccessDeniedException",
    "500": "InternalServerException",
}
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def secret(tag, n):
    """Deterministic opaque text of length n, with '+', '/' and '='."""
    raw = hashlib.sha512(tag.encode()).digest() * (n // 64 + 2)
    return base64.b64encode(raw).decode()[: n - 2] + "=="


class Oidc:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.clients = {}  # clientId -> (secret, expires_at)
        self.codes = {}  # deviceCode -> {"client", "polls", "used"}
        self.refresh_tokens = {}  # refresh token -> clientId
        self.access_tokens = set()
        self.serial = 0
        self.refresh_500_left = 1 if args.refresh == "500-once" else 0

    def next_serial(self):
        with self.lock:
            self.serial += 1
            return self.serial


class OidcConn(mock_portal.Conn):
    """The portal's connection handler with the OIDC routes in front."""

    def read_body(self, n):
        self.body = super().read_body(n)
        return self.body

    def oidc_stats(self, key, value=None, append=None):
        st = self.server.stats
        with st.lock:
            o = st.data.setdefault("oidc", {"polls": [], "refresh_calls": 0, "registers": 0,
                                            "authorizations": []})
            if append is not None:
                o[key].append(append)
            elif value is None:
                o[key] += 1
            else:
                o[key] = value
            st._write()

    def error(self, code, desc):
        status, oauth = OAUTH_ERRORS[code]
        body = mock_portal.dump({"error": oauth, "error_description": desc})
        return status, body, {"x-amzn-ErrorType": code + ERR_NS}, None

    def dispatch(self, method, target, headers):
        route = {"/client/register": self.register_client,
                 "/device_authorization": self.start_device_authorization,
                 "/token": self.create_token}.get(target)
        oidc = self.server.oidc
        if route is None:
            # A portal call: the OIDC service's access tokens are valid there.
            tok = headers.get("x-amz-sso_bearer_token")
            if tok in oidc.access_tokens:
                headers["x-amz-sso_bearer_token"] = self.server.portal.token
            return super().dispatch(method, target, headers)
        self.server.stats.bump(None, op=route.__name__)
        if method != "POST":
            return self.error("InvalidRequestException", "POST only")
        if headers.get("content-type", "") != "application/json":
            return self.error("InvalidRequestException", "Content-Type must be application/json")
        try:
            doc = json.loads((self.body or b"").decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self.error("InvalidRequestException", "body is not JSON")
        if not isinstance(doc, dict):
            return self.error("InvalidRequestException", "body is not an object")
        self.server.stats.bump("oidc_bodies")
        with self.server.stats.lock:
            self.server.stats.data["last_oidc_body"] = doc
        return route(doc)

    def client_ok(self, doc):
        c = self.server.oidc.clients.get(doc.get("clientId"))
        return c is not None and c[0] == doc.get("clientSecret") and c[1] > time.time()

    def register_client(self, doc):
        args = self.server.args
        if doc.get("clientType") != "public" or not doc.get("clientName"):
            return self.error("InvalidRequestException", "clientName and clientType=public")
        scopes = doc.get("scopes", [])
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            return self.error("InvalidRequestException", "scopes must be a list of strings")
        n = self.server.oidc.next_serial()
        cid = "cid-%d-%s" % (n, secret("cid%d" % n, 22))
        csecret = secret("secret%d" % n, 1200)
        now = int(time.time())
        self.server.oidc.clients[cid] = (csecret, now + args.reg_ttl)
        self.oidc_stats("registers")
        self.oidc_stats("last_client_name", doc["clientName"])
        self.oidc_stats("last_scopes", scopes)
        return 200, mock_portal.dump({"clientId": cid, "clientSecret": csecret,
                                      "clientIdIssuedAt": now,
                                      "clientSecretExpiresAt": now + args.reg_ttl}), None, None

    def start_device_authorization(self, doc):
        args = self.server.args
        if not self.client_ok(doc):
            return self.error("InvalidClientException", "unknown client")
        if not doc.get("startUrl"):
            return self.error("InvalidRequestException", "startUrl is required")
        n = self.server.oidc.next_serial()
        code = secret("device%d" % n, 100)
        user = "%04X-%04X" % (n * 7919 % 65536, n * 104729 % 65536)
        self.server.oidc.codes[code] = {"client": doc["clientId"], "polls": 0, "used": False,
                                        "expires": time.time() + args.code_ttl}
        self.oidc_stats("authorizations", append=time.monotonic())
        self.oidc_stats("start_url", doc["startUrl"])
        uri = "https://device.sso.us-east-1.amazonaws.com/"
        return 200, mock_portal.dump({
            "deviceCode": code, "userCode": user, "verificationUri": uri,
            "verificationUriComplete": uri + "?user_code=" + user,
            "expiresIn": args.code_ttl, "interval": args.interval}), None, None

    def issue(self, client, with_refresh):
        oidc = self.server.oidc
        n = oidc.next_serial()
        access = "oidc-at-%d-%s" % (n, secret("at%d" % n, 600))
        oidc.access_tokens.add(access)
        body = {"accessToken": access, "tokenType": "Bearer",
                "expiresIn": self.server.args.token_ttl,
                "idToken": "eyJ" + secret("id%d" % n, 200)}
        if with_refresh:
            refresh = "oidc-rt-%d-%s" % (n, secret("rt%d" % n, 500))
            oidc.refresh_tokens[refresh] = client
            body["refreshToken"] = refresh
        self.oidc_stats("last_access_token", access)
        return 200, mock_portal.dump(body), None, None

    def create_token(self, doc):
        if not self.client_ok(doc):
            return self.error("InvalidClientException", "unknown client")
        grant = doc.get("grantType")
        if grant == DEVICE_GRANT:
            return self.device_grant(doc)
        if grant == "refresh_token":
            return self.refresh_grant(doc)
        return self.error("InvalidRequestException", "unsupported grantType")

    def device_grant(self, doc):
        oidc, args = self.server.oidc, self.server.args
        entry = oidc.codes.get(doc.get("deviceCode"))
        self.oidc_stats("polls", append=time.monotonic())
        if entry is None or entry["used"] or entry["client"] != doc["clientId"]:
            return self.error("InvalidGrantException", "unknown device code")
        answers = args.polls.split(",")
        answer = answers[min(entry["polls"], len(answers) - 1)]
        entry["polls"] += 1
        if answer == "ok":
            if time.time() > entry["expires"]:
                return self.error("ExpiredTokenException", "device code expired")
            entry["used"] = True
            return self.issue(doc["clientId"], True)
        return self.error(POLL_ANSWERS[answer], "poll answer " + answer)

    def refresh_grant(self, doc):
        oidc, args = self.server.oidc, self.server.args
        self.oidc_stats("refresh_calls")
        rt = doc.get("refreshToken")
        if args.refresh == "invalid_grant" or oidc.refresh_tokens.get(rt) != doc["clientId"]:
            return self.error("InvalidGrantException", "refresh token is invalid or expired")
        with oidc.lock:
            fail = oidc.refresh_500_left > 0
            oidc.refresh_500_left -= 1 if fail else 0
        if fail:
            return self.error("InternalServerException", "try again")
        rotate = args.refresh != "keep"
        if rotate:
            del oidc.refresh_tokens[rt]  # a rotated refresh token is spent
        return self.issue(doc["clientId"], rotate)


class PortalArgs(argparse.Namespace):
    """The portal's own settings this mock does not take: None (off) unless
    set below, so a setting the portal gains later needs no change here."""

    def __getattr__(self, name):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--stats-file")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--polls", default="ok")
    ap.add_argument("--refresh", default="rotate",
                    choices=["rotate", "keep", "invalid_grant", "500-once"])
    ap.add_argument("--interval", type=int, default=1)
    ap.add_argument("--code-ttl", type=int, default=600)
    ap.add_argument("--token-ttl", type=int, default=3600)
    ap.add_argument("--reg-ttl", type=int, default=90 * 86400)
    ap.add_argument("--token", default="test-token")
    ap.add_argument("--accounts", type=int, default=3)
    ap.add_argument("--cred-ttl", type=int, default=3600, help="role credentials, seconds")
    args = PortalArgs(**vars(ap.parse_args()))
    if not (args.cert and args.key):
        ap.error("--cert and --key are needed")
    for a in args.polls.split(","):
        if a != "ok" and a not in POLL_ANSWERS:
            ap.error("unknown poll answer: " + a)
    # The portal's own settings, at their defaults.
    for k, v in (("plain", False), ("tls_max", "1.3"), ("roles", 3), ("throttle", 0), ("throttle_op", None), ("header_lines", 0),
                 ("null_last_token", False), ("scenario", "normal")):
        setattr(args, k, v)
    mock_portal.Conn = OidcConn  # the server makes its connections from this name
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server = mock_portal.Server(args)
    server.oidc = Oidc(args)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
