#!/usr/bin/env python3
"""The device example (examples/device) against the mock portal over TLS:
it must list, fetch and refresh credentials, log out, use one connection,
and never print a secret.

    run_device.py --device BIN --certs DIR CASE
"""
import argparse
import os
import tempfile

from itest_lib import HERE, check, connect_proxy, ensure_certs, main_wrapper, mock_portal, run
from mock_portal import fake_credentials


def device(a, port, token, *extra):
    with tempfile.NamedTemporaryFile("w", suffix=".token", delete=False) as f:
        f.write(token + "\n")
    try:
        env = dict(os.environ)
        env.pop("SSO_ACCESS_TOKEN", None)
        return run([a.device, "--token-file", f.name, "--endpoint", "https://localhost:%d" % port,
                    "--ca", os.path.join(a.certs, "ca.pem")] + list(extra), timeout=120, env=env)
    finally:
        os.unlink(f.name)


def case_refresh(a):
    # Credentials live 602 s and are refreshed 600 s early: cycles 2 s apart.
    with mock_portal(a.certs, extra=["--accounts", "7", "--cred-ttl", "602"]) as m:
        rc, out = device(a, m.port, "test-token", "--cycles", "2")
        check(rc == 0, "device exited 0")
        check("static RAM" in out, "printed its RAM use")
        check(out.count("  account ") == 7 and out.count("  role ") == 15,
              "listed 7 accounts and the roles of the first 5")
        check("cycle 2: credentials" in out, "refreshed once")
        check("logout: ok" in out, "logged out on exit")
        _, secret, token = fake_credentials("100000000000", "ReadOnly")
        check(secret not in out and token[:40] not in out and "test-token" not in out,
              "no secret, session token or access token in the output")
        s = m.stats()
        check(s["ops"] == {"ListAccounts": 1, "ListAccountRoles": 5, "GetRoleCredentials": 2,
                           "Logout": 1}, "server saw exactly the expected calls: %s" % s["ops"])
        check(s["connections"] == 1, "all of it on one kept-alive connection")


def case_unauthorized(a):
    with mock_portal(a.certs) as m:
        rc, out = device(a, m.port, "expired-token", "--once")
        check(rc == 1, "device exits 1 when the token is refused")
        check("HTTP 401 UnauthorizedException" in out, "and says why")
        check("expired-token" not in out, "without printing the token")


def case_backoff(a):
    # Three 429s exhaust the client's 3 attempts in cycle 1; the app backs off
    # and cycle 2 succeeds.
    with mock_portal(a.certs, extra=["--scenario", "throttle", "--throttle", "3",
                                     "--throttle-op", "GetRoleCredentials"]) as m:
        rc, out = device(a, m.port, "test-token", "--cycles", "2")
        check("GetRoleCredentials failed" in out and "TooManyRequestsException" in out,
              "cycle 1 failed on throttling")
        check("cycle 1: retry in 1 s" in out, "the app backed off (first step: 1 s)")
        check("cycle 2: credentials" in out and rc == 0, "cycle 2 got credentials")
        check(m.stats()["ops"]["GetRoleCredentials"] == 4, "3 throttled + 1 good request")


def case_proxy(a):
    # Through an HTTP CONNECT proxy that demands credentials: TLS inside the
    # tunnel, the proxy sees only CONNECT and ciphertext.
    with mock_portal(a.certs) as m, connect_proxy("--auth", "dev:pr0xy-secret") as p:
        rc, out = device(a, m.port, "test-token", "--once", "--proxy", "127.0.0.1:%d" % p.port,
                         "--proxy-auth", "dev:pr0xy-secret")
        check(rc == 0 and "cycle 1: credentials" in out, "device works through the proxy")
        t = p.tunnels()
        check(len(t) == 1 and t[0]["target"] == "localhost:%d" % m.port and
              t[0]["answer"].startswith("200"), "one authenticated tunnel to the portal")
        check("pr0xy-secret" not in out, "the proxy password is not printed")
        rc, out = device(a, m.port, "test-token", "--once", "--proxy", "127.0.0.1:%d" % p.port)
        check(rc == 1 and p.tunnels()[-1]["answer"].startswith("407"),
              "without credentials the proxy answers 407 and the device fails")


def case_login(a):
    # Login mode: the device flow, then 5 turns of the loop. The access token
    # lives 605 s and is refreshed 600 s early; credentials live 303 s and are
    # renewed 300 s early: both come due within seconds.
    with mock_portal(a.certs, extra=["--polls", "pending,ok", "--token-ttl", "605",
                                     "--cred-ttl", "303"],
                     script=os.path.join(HERE, "mock_oidc.py")) as m:
        url = "https://localhost:%d" % m.port
        rc, out = run([a.device, "--login", "https://d-1234567890.awsapps.com/start",
                       "--oidc-endpoint", url, "--endpoint", url, "--ca",
                       os.path.join(a.certs, "ca.pem"), "--cycles", "5"], timeout=120)
        check(rc == 0, "device exited 0")
        check("login: open https://device.sso.us-east-1.amazonaws.com/ and enter the code " in out,
              "the device showed the code")
        s = m.stats()
        o = s["oidc"]
        check(o["registers"] == 1 and len(o["polls"]) == 2, "registered once, polled twice")
        check(o["refresh_calls"] >= 1 and "access token refreshed" in out,
              "the access token was refreshed by the lifecycle helper")
        check(s["ops"].get("GetRoleCredentials", 0) >= 2 and out.count("credentials for ") >= 2,
              "credentials fetched, then renewed before they expired")
        check("logout: ok" in out, "logged out with the refreshed token")
        check(o["last_access_token"][:40] not in out, "no access token in the output")


CASES = {"refresh": case_refresh, "unauthorized": case_unauthorized, "backoff": case_backoff,
         "proxy": case_proxy, "login": case_login}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    ensure_certs(a.certs)
    CASES[a.case](a)


if __name__ == "__main__":
    main_wrapper(main)
