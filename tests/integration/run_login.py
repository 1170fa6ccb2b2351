#!/usr/bin/env python3
"""The device login end to end over TLS: sso_login_itest (the real OIDC
operations and login helpers on POSIX sockets and mbedTLS) against
mock_oidc.py, one scenario per run. Besides what the driver prints, each
scenario asserts on the mock's own record: the bodies it received, and the
time of every poll, so that no poll came sooner than the interval, nor
sooner than interval + 5 s after a slow_down (both divided by the driver's
--scale, the test-only speed-up).

usage: run_login.py --itest BIN --certs DIR SCENARIO"""
import argparse
import os
import sys

from itest_lib import Fail, check, ensure_certs, kv, main_wrapper, mock_portal, run

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK_OIDC = os.path.join(HERE, "mock_oidc.py")
SCALE = 20
INTERVAL = 1  # seconds, as the mock announces it
OPTS = None


def drive(m, *steps, extra=()):
    cmd = [OPTS.itest, "--ca", os.path.join(OPTS.certs, "ca.pem"),
           "--endpoint", "https://localhost:%d" % m.port, "--scale", str(SCALE)]
    rc, out = run(cmd + list(extra) + list(steps), timeout=120)
    check(rc == 0, "driver exit 0")
    return kv(out), out


def poll_gaps(m, answers):
    """Asserts the pacing of the polls from the mock's timestamps: the first
    poll waits the interval after StartDeviceAuthorization, every later one
    the interval in force, which grows by 5 s at each slow_down. A retry
    after a 5xx is the operation's own retry (backoff, not the interval)."""
    o = m.stats()["oidc"]
    times = [o["authorizations"][-1]] + o["polls"]
    interval = INTERVAL
    check(len(o["polls"]) >= len(answers), "%d polls made" % len(o["polls"]))
    for n, gap in enumerate(b - a for a, b in zip(times, times[1:])):
        prev = answers[n - 1] if n > 0 else None
        if prev == "500":
            continue
        if prev == "slow_down":
            interval += 5
        want = interval / SCALE
        check(gap >= want * 0.98, "poll %d came %.3f s after the last (>= %.3f)" % (n + 1, gap,
                                                                                     want))


def login_ok(m, answers, *more, extra=()):
    d, out = drive(m, "login", *more, extra=extra)
    check(d.get("login") == "OK", "device login succeeded")
    check(d.get("user_code", "").count("-") == 1, "the user code reached the prompt")
    check(d.get("verification_uri_complete", "").endswith("?user_code=" + d.get("user_code")),
          "the complete URI reached the prompt")
    check(d.get("access_prefix") == "oidc-at-", "access token mapped")
    check(d.get("token_type") == "Bearer" and d.get("expires_in") == "3600", "tokenType, expiresIn")
    check(int(d.get("secret_len", 0)) == 1200, "1,200-byte client secret kept whole")
    check(85 * 86400 < int(d.get("reg_expires_in", 0)) <= 90 * 86400,
          "clientSecretExpiresAt mapped (epoch seconds)")
    poll_gaps(m, answers)
    return d, out


def sc_pending_slow_down():
    answers = ["pending", "slow_down", "pending", "slow_down", "ok"]
    with mock_portal(OPTS.certs, extra=["--polls", ",".join(answers)], script=MOCK_OIDC) as m:
        d, out = login_ok(m, answers, "list", extra=["--scopes"])
        intervals = [int(line.split("=")[1]) for line in out.splitlines()
                     if line.startswith("prompt_interval=")]
        # Before each of the 5 polls: 1 s, 1 s, then +5 s after each slow_down.
        check(intervals == [1, 1, 6, 6, 11], "the prompt saw the interval grow: %s" % intervals)
        o = m.stats()["oidc"]
        check(o["registers"] == 1 and o["last_client_name"] == "tinysso-itest", "one RegisterClient")
        check(o["last_scopes"] == ["sso:account:access", "codewhisperer:\"x\"\n\u00e9"],
              "scopes sent as a JSON list, escaped and UTF-8 intact")
        check(o["start_url"] == "https://d-1234567890.awsapps.com/start", "startUrl sent")
        check(d.get("list") == "OK" and d.get("accounts") == "3",
              "the portal accepts the token the login got")


def sc_expired():
    with mock_portal(OPTS.certs, extra=["--polls", "pending,expired"], script=MOCK_OIDC) as m:
        d, _ = drive(m, "login")
        check(d.get("login_error") == "ExpiredTokenException", "ExpiredTokenException stops it")
        check(d.get("login_message") == "poll answer expired",
              "message from error_description")
        check(len(m.stats()["oidc"]["polls"]) == 2, "no poll after the expiry")


def sc_denied():
    with mock_portal(OPTS.certs, extra=["--polls", "pending,pending,denied"],
                     script=MOCK_OIDC) as m:
        d, _ = drive(m, "login")
        check(d.get("login_error") == "AccessDeniedException", "AccessDeniedException stops it")
        check(d.get("login_http") == "400", "HTTP 400")
        check(len(m.stats()["oidc"]["polls"]) == 3, "no poll after the denial")


def sc_server_error():
    answers = ["pending", "500", "ok"]
    with mock_portal(OPTS.certs, extra=["--polls", ",".join(answers)], script=MOCK_OIDC) as m:
        login_ok(m, answers)
        check(len(m.stats()["oidc"]["polls"]) == 3, "the 500 was retried, then success")


def sc_refresh(mode):
    with mock_portal(OPTS.certs, extra=["--refresh", mode], script=MOCK_OIDC) as m:
        d, out = drive(m, "login", "refresh", "refresh", "list")
        results = [line.split("=", 1)[1] for line in out.splitlines()
                   if line.startswith("refresh=")]
        kept = [line.split("=", 1)[1] for line in out.splitlines()
                if line.startswith("refresh_kept=")]
        check(results == ["OK", "OK"], "two refreshes succeeded")
        check(kept == (["0", "0"] if mode == "rotate" else ["1", "1"]),
              "refresh token %s" % ("rotated" if mode == "rotate" else "kept when none returned"))
        check(m.stats()["oidc"]["refresh_calls"] == 2, "two refresh-token grants")
        check(d.get("list") == "OK", "the refreshed token works on the portal")
        check(m.stats()["last_oidc_body"]["grantType"] == "refresh_token", "grantType refresh_token")


def sc_invalid_grant():
    with mock_portal(OPTS.certs, extra=["--refresh", "invalid_grant"], script=MOCK_OIDC) as m:
        d, _ = drive(m, "login", "refresh")
        check(d.get("refresh_error") == "InvalidGrantException",
              "InvalidGrantException (from x-amzn-ErrorType, text before ':')")
        check(d.get("refresh_message") == "refresh token is invalid or expired",
              "message from error_description")
        check(d.get("life_state") == "3", "the lifecycle helper asks for a new device login")


def sc_refresh_500():
    with mock_portal(OPTS.certs, extra=["--refresh", "500-once"], script=MOCK_OIDC) as m:
        d, _ = drive(m, "login", "refresh")
        check(d.get("refresh") == "OK" and d.get("life_state") == "1",
              "a 500 on refresh is retried")
        check(m.stats()["oidc"]["refresh_calls"] == 2, "two calls: the 500 and the retry")


def sc_body_too_large():
    with mock_portal(OPTS.certs, script=MOCK_OIDC) as m:
        d, _ = drive(m, "login", extra=["--work", "4096", "--start-url",
                                        "https://d-1.awsapps.com/start/" + "x" * 5000])
        check(d.get("login_code") == "-2", "a body larger than the buffer: BUFFER_TOO_SMALL")
        s = m.stats()
        check(s["ops"].get("register_client") == 1 and
              "start_device_authorization" not in s["ops"],
              "nothing of the request that does not fit was sent")


SCENARIOS = {
    "pending-slow-down": sc_pending_slow_down,
    "expired": sc_expired,
    "denied": sc_denied,
    "server-error": sc_server_error,
    "refresh-rotate": lambda: sc_refresh("rotate"),
    "refresh-keep": lambda: sc_refresh("keep"),
    "invalid-grant": sc_invalid_grant,
    "refresh-500": sc_refresh_500,
    "body-too-large": sc_body_too_large,
}


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--itest", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    OPTS = ap.parse_args()
    ensure_certs(OPTS.certs)
    SCENARIOS[OPTS.scenario]()


if __name__ == "__main__":
    main_wrapper(main)
