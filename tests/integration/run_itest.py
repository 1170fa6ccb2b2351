#!/usr/bin/env python3
"""Client tests: the real tinysso client (sso_itest) against the mock portal
over TLS, through nginx, and over plain HTTP. Each case starts its servers,
runs the client, asserts on the client's output and on the servers' own
counters, and stops the servers (also on failure).

    run_itest.py --itest BIN --certs DIR CASE
"""
import argparse
import os
import time

from itest_lib import proves_tls11, check, ensure_certs, kv, main_wrapper, mock_portal, nginx_front, results, run

ACCT = "100000000001"


def itest(a, port, *ops, extra=(), host="localhost"):
    cmd = [a.itest, "--ca", a.ca, "--endpoint", "https://%s:%d" % (host, port)]
    rc, out = run(cmd + list(extra) + list(ops), timeout=120)
    check(rc == 0, "sso_itest ran (rc=%d)" % rc)
    return out, kv(out)


def check_creds(r):
    check(r["status"] == "OK", "GetRoleCredentials OK")
    check(r["akid_prefix"] == "ASIA" and r["akid_len"] == "20", "accessKeyId mapped")
    check(r["secret_len"] == "40" and r["token_len"] == "832", "secret and 832-byte token")
    check(3500 <= int(r["expires_in_s"]) <= 3700, "expiration is epoch ms, ~1 h ahead")


def case_creds(a):
    with mock_portal(a.certs) as m:
        out, r = itest(a, m.port, "creds", ACCT, "ReadOnly")
        check_creds(r)
        s = m.stats()
        check(s["ops"] == {"GetRoleCredentials": 1} and s["connections"] == 1,
              "server saw one request on one connection")


def case_walk10(a):
    with mock_portal(a.certs, extra=["--accounts", "100"]) as m:
        out, r = itest(a, m.port, "accounts", "10")
        check(r["status"] == "OK", "ListAccounts walk OK")
        check(r["items"] == "100" and r["dupes"] == "0", "100 accounts, each once")
        check(r["pages"] == "10", "10 pages")
        check(r["first_name"] == "Acct 0 \u00e9quipe \U0001F600", "\\u escapes and a "
              "surrogate pair decoded to UTF-8")
        s = m.stats()
        check(s["ops"].get("ListAccounts") == 10, "server served 10 ListAccounts")
        check(s["connections"] == 1 and s["tls_handshakes"] == 1,
              "the 10-page walk used exactly one TCP connection and one handshake: %s" % s)
        check(s["max_requests_per_connection"] == 10, "10 requests on that connection")


def resume(tls_max):
    """A call, close, a call: the reconnect resumes. Against a 1.2-only
    server mbedTLS 3.6 first falls back to a 1.2-only hello (sso_tls.c):
    one more connection, one failed handshake at the server."""
    def case(a):
        with mock_portal(a.certs, extra=["--tls-max", tls_max]) as m:
            out, r = itest(a, m.port, "creds", ACCT, "ReadOnly", "close", "creds", ACCT,
                           "AdministratorAccess")
            ops = results(out)
            check(ops[0]["status"] == "OK" and ops[2]["status"] == "OK", "both calls OK")
            check(r["tls_handshakes"] == "2" and r["tls_resumptions"] == "1",
                  "client: the reconnect resumed")
            fb = int(r["tls12_only"])
            check(fb == 0 or tls_max == "1.2", "no fallback against a 1.3 server")
            s = m.stats()
            check(s["connections"] == 2 + fb and s["tls_resumed"] == 1 and
                  s["tls_failures"] == fb,
                  "server: %d connections, the last resumed the TLS session: %s" % (2 + fb, s))
    return case


def case_tls13_only(a):
    """The whole client against a TLS 1.3-only portal: 3.6 walks and gets
    credentials over one 1.3 connection; 2.28 (1.2 only) is refused."""
    with mock_portal(a.certs, extra=["--tls-min", "1.3", "--accounts", "30"]) as m:
        out, r = itest(a, m.port, "accounts", "10", "creds", ACCT, "ReadOnly",
                       extra=["--attempts", "1"])
        ops = results(out)
        s = m.stats()
        if r["mbedtls"].startswith("2."):
            check(ops[0]["status"] == "TLS" and ops[1]["status"] == "TLS",
                  "2.28 cannot speak TLS 1.3: SSO_ERR_TLS")
            check(s["http_bytes"] == 0, "nothing sent")
        else:
            check(ops[0]["status"] == "OK" and ops[0]["items"] == "30", "walk over TLS 1.3")
            check_creds(ops[1])
            check(s["connections"] == 1 and s["tls_handshakes"] == 1 and s["tls_failures"] == 0,
                  "one TLS 1.3 connection for all of it: %s" % s)


def case_roles(a):
    with mock_portal(a.certs) as m:
        out, r = itest(a, m.port, "roles", ACCT, "1")
        check(r["status"] == "OK" and r["items"] == "3" and r["pages"] == "3",
              "3 roles over 3 pages")
        check(m.stats()["connections"] == 1, "one connection for the role walk")


def case_one_page(a):
    with mock_portal(a.certs, extra=["--accounts", "5"]) as m:
        out, r = itest(a, m.port, "page", "2")
        check(r["status"] == "OK" and r["items"] == "2", "one page of 2")
        check("+" in r["next_token"] and "/" in r["next_token"] and "=" in r["next_token"],
              "opaque nextToken with + / = came through verbatim")


def case_unauthorized(a):
    with mock_portal(a.certs) as m:
        out, r = itest(a, m.port, "creds", ACCT, "ReadOnly", extra=["--token", "wrong"])
        check(r["status"] == "SERVICE" and r["http_status"] == "401", "401 is SSO_ERR_SERVICE")
        check(r["code"] == "UnauthorizedException", "code from the real 401 body's __type")
        check(r["message"] == "Session token not found or invalid", "message from the body")
        check(m.stats()["unauthorized"] == 1, "not retried")


def case_logout(a):
    with mock_portal(a.certs) as m:
        out, r = itest(a, m.port, "logout", "creds", ACCT, "ReadOnly")
        ops = results(out)
        check(ops[0]["status"] == "OK", "Logout OK")
        check(ops[1]["status"] == "SERVICE" and ops[1]["http_status"] == "401",
              "the token is dead after logout")
        check(m.stats()["logouts"] == 1, "server saw one logout")


def scenario(name, accounts=25):
    def case(a):
        with mock_portal(a.certs, extra=["--scenario", name, "--accounts", str(accounts)]) as m:
            out, r = itest(a, m.port, "accounts", "10", "creds", ACCT, "ReadOnly")
            ops = results(out)
            check(ops[0]["status"] == "OK" and ops[0]["items"] == str(accounts) and
                  ops[0]["dupes"] == "0", "walk OK under '%s'" % name)
            check_creds(ops[1])
            s = m.stats()
            if name == "close":
                check(s["connections"] == 4, "Connection: close -> one connection per "
                      "request (4): %s" % s)
                check(s["tls_resumed"] == 3, "and each reconnect resumed TLS")
            else:
                check(s["connections"] == 1, "kept alive under '%s': %s" % (name, s))
    return case


def case_throttle(a):
    with mock_portal(a.certs, extra=["--scenario", "throttle", "--throttle", "2"]) as m:
        out, r = itest(a, m.port, "creds", ACCT, "ReadOnly")
        check_creds(r)
        check(m.stats()["ops"]["GetRoleCredentials"] == 3, "two 429s retried, third OK")


def case_truncated(a):
    with mock_portal(a.certs, extra=["--scenario", "truncated"]) as m:
        out, r = itest(a, m.port, "creds", ACCT, "ReadOnly")
        check(r["status"] == "TRUNCATED", "body cut short of Content-Length is an error")


def case_error_shapes(a):
    for i in range(11):
        with mock_portal(a.certs, extra=["--scenario", "error-%d" % i]) as m:
            out, r = itest(a, m.port, "creds", ACCT, "ReadOnly")
            check(r["status"] == "SERVICE" and r["code"] == "FooError",
                  "Smithy error shape %d -> FooError" % i)
            check(m.stats()["requests"] == 1, "a 400 is not retried")


def error_case(name, code, http, requests):
    def case(a):
        with mock_portal(a.certs, extra=["--scenario", name]) as m:
            out, r = itest(a, m.port, "creds", ACCT, "ReadOnly")
            check(r["status"] == "SERVICE" and r["code"] == code and r["http_status"] == http,
                  "%s -> %s/%s" % (name, http, code))
            check(m.stats()["requests"] == requests, "%d request(s) sent" % requests)
    return case


def refusal(cert, expect, extra=(), flag=0):
    """Refused for exactly the expected reason (the verify flag alone; for the
    old protocol no flag and the server's fatal alert), on 2.28 and 3.6."""
    def case(a):
        with mock_portal(a.certs, cert=cert, extra=list(extra)) as m:
            out, r = itest(a, m.port, "creds", ACCT, "ReadOnly", extra=["--attempts", "1"])
            check(r["status"] == expect, "client refused the server: %s" % expect)
            check(int(r["verify_flags"], 16) == flag,
                  "for exactly that reason: flags %s == 0x%x" % (r["verify_flags"], flag))
            if flag == 0:
                check(r["mbedtls_error"] == "-0x7780", "the server's fatal alert (%s)"
                      % r["mbedtls_error"])
            s = m.stats()
            check(s["http_bytes"] == 0 and s["requests"] == 0,
                  "server received no HTTP byte (no token left the client): %s" % s)
            if "1.1" in extra:
                check(proves_tls11(m.port), "the server does speak TLS 1.1 (openssl s_client)")
    return case


def case_plain(a):
    with mock_portal(None) as m:
        rc, out = run([a.itest, "--plain", "--endpoint", "http://127.0.0.1:%d" % m.port,
                       "creds", ACCT, "ReadOnly"], timeout=60)
        check(rc == 0, "ran")
        check_creds(kv(out))


def read_log_lines(logfile, want, timeout=5.0):
    """nginx writes an access-log line when it finalizes a request, which can
    be just after the client already has the whole response: poll briefly."""
    deadline = time.monotonic() + timeout
    while True:
        with open(logfile) as f:
            lines = [l.split() for l in f.read().splitlines() if l.strip()]
        if len(lines) >= want or time.monotonic() >= deadline:
            return lines
        time.sleep(0.05)


def case_nginx(a):
    with mock_portal(None, extra=["--accounts", "100"]) as m, \
            nginx_front(a.certs, m.port) as (port, logfile):
        out, r = itest(a, port, "accounts", "10", "creds", ACCT, "ReadOnly", "close",
                       "creds", ACCT, "PowerUser")
        ops = results(out)
        check(ops[0]["status"] == "OK" and ops[0]["items"] == "100" and ops[0]["pages"] == "10",
              "10-page walk through nginx")
        check_creds(ops[1])
        check_creds(ops[3])
        check(r["tls_resumptions"] == "1", "client resumed with nginx")
        lines = read_log_lines(logfile, 12)
        check(len(lines) == 12, "nginx logged 12 requests")
        conns = [l[0] for l in lines]
        check(len(set(conns[:11])) == 1, "walk + first creds on one nginx connection")
        check(conns[11] != conns[0] and lines[11][2] == "r",
              "after close: a new connection that nginx saw resume (r)")
        check(m.stats()["ops"].get("ListAccounts") == 10, "mock behind nginx served the walk")


def case_nginx_chunked(a):
    with mock_portal(None, extra=["--scenario", "chunked", "--accounts", "25"]) as m, \
            nginx_front(a.certs, m.port) as (port, logfile):
        out, r = itest(a, port, "accounts", "10", "creds", ACCT, "ReadOnly")
        ops = results(out)
        check(ops[0]["status"] == "OK" and ops[0]["items"] == "25", "walk via nginx, chunked")
        check_creds(ops[1])


CASES = {
    "creds": case_creds,
    "walk10": case_walk10,
    "resume": resume("1.3"),
    "resume-12": resume("1.2"),
    "tls13-only": case_tls13_only,
    "roles": case_roles,
    "one-page": case_one_page,
    "unauthorized": case_unauthorized,
    "logout": case_logout,
    "chunked": scenario("chunked"),
    "close": scenario("close"),
    "bytewise": scenario("bytewise"),
    "many-headers": scenario("many-headers"),
    "throttle": case_throttle,
    "truncated": case_truncated,
    "error-shapes": case_error_shapes,
    "error-400": error_case("error-400", "InvalidRequestException", "400", 1),
    "error-404": error_case("error-404", "ResourceNotFoundException", "404", 1),
    "error-429": error_case("error-429", "TooManyRequestsException", "429", 3),
    "error-503-bare": error_case("error-503-bare", "503", "503", 3),
    # MBEDTLS_X509_BADCERT_NOT_TRUSTED, _CN_MISMATCH, _EXPIRED, _FUTURE
    "refuse-untrusted": refusal("untrusted", "TLS_VERIFY", flag=0x08),
    "refuse-wrongname": refusal("wrongname", "TLS_VERIFY", flag=0x04),
    "refuse-expired": refusal("expired", "TLS_VERIFY", flag=0x01),
    "refuse-notyet": refusal("notyet", "TLS_VERIFY", flag=0x200),
    "refuse-tls11": refusal("server", "TLS", ["--tls-max", "1.1"]),
    "plain": case_plain,
    "nginx": case_nginx,
    "nginx-chunked": case_nginx_chunked,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--itest", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    ensure_certs(a.certs)
    a.ca = os.path.join(a.certs, "ca.pem")
    CASES[a.case](a)


if __name__ == "__main__":
    main_wrapper(main)
