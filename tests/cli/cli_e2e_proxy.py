#!/usr/bin/env python3
"""End-to-end tests of tinysso behind an HTTP proxy (HTTPS_PROXY, HTTP_PROXY,
NO_PROXY), with tests/integration/connect_proxy.py on 127.0.0.1 in front of
the mock portal. The proxy records every tunnel it opened, so each test
asserts the path the request took, not only its result. Where the AWS CLI is
installed, its stdout, stderr and exit code are the reference.

usage: cli_e2e_proxy.py --tinysso BIN --mock MOCK --certs DIR GROUP"""
import base64
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_e2e as e  # noqa: E402
from cli_e2e import TOKEN, clean_env, check, have_aws, mock_portal  # noqa: E402
from itest_lib import connect_proxy  # noqa: E402  (cli_e2e put its folder on the path)

def ca():
    return os.path.join(e.OPTS.certs, "ca.pem")


def tls_args(m):
    return ["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
            "--access-token", TOKEN, "--ca-bundle", ca()]


def dead_port():
    """A loopback port with nothing listening (bound, then closed)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def group_proxy_tunnel(home):
    """HTTPS_PROXY: TLS runs inside a CONNECT tunnel; same output as direct
    and as the AWS CLI through the same proxy."""
    with mock_portal("--accounts", "7", tls=True) as m, connect_proxy() as p:
        direct = e.tinysso(tls_args(m), clean_env(home))
        check(direct.rc == 0, "direct call works")
        for var in ("HTTPS_PROXY", "https_proxy"):
            before = len(p.tunnels())
            r = e.tinysso(tls_args(m), clean_env(home, {var: p.url()}))
            check(r.rc == 0 and r.out == direct.out, var + ": same output through the proxy")
            t = p.tunnels()[before:]
            check(len(t) == 1 and t[0]["target"] == "localhost:%d" % m.port
                  and t[0]["host"] == t[0]["target"] and t[0]["auth"] is None,
                  var + ": the proxy saw one CONNECT localhost:%d, no credentials" % m.port)
        # A proxy URL without a scheme is http://, as botocore reads it.
        r = e.tinysso(tls_args(m), clean_env(home, {"HTTPS_PROXY": "127.0.0.1:%d" % p.port}))
        check(r.rc == 0 and len(p.tunnels()) == 3, "a proxy given as host:port")
        # The lowercase variable wins over the uppercase one.
        r = e.tinysso(tls_args(m), clean_env(home, {"HTTPS_PROXY": "http://127.0.0.1:%d"
                                                    % dead_port(), "https_proxy": p.url()}))
        check(r.rc == 0 and len(p.tunnels()) == 4, "https_proxy wins over HTTPS_PROXY")
        # HTTP_PROXY is for http:// endpoints only.
        r = e.tinysso(tls_args(m), clean_env(home, {"HTTP_PROXY": p.url()}))
        check(r.rc == 0 and len(p.tunnels()) == 4, "HTTP_PROXY is not used for https")
        if have_aws():
            a = e.aws(tls_args(m), clean_env(home, {"HTTPS_PROXY": p.url()}))
            check(a.rc == 0 and a.out == direct.out and len(p.tunnels()) == 5,
                  "the AWS CLI through the same proxy prints the same")
        d = e.tinysso(tls_args(m) + ["--debug"], clean_env(home, {"HTTPS_PROXY": p.url()}))
        check(b"through the proxy 127.0.0.1 port %d" % p.port in d.err,
              "--debug names the proxy")


def group_proxy_http(home):
    """HTTP_PROXY for an http:// test endpoint (tinysso tunnels with CONNECT;
    the AWS CLI forwards the absolute-form request: same result)."""
    with mock_portal("--accounts", "3") as m, connect_proxy("--forward") as p:
        args = ["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
                "--access-token", TOKEN]
        direct = e.tinysso(args, clean_env(home))
        r = e.tinysso(args, clean_env(home, {"HTTP_PROXY": p.url()}))
        check(r.rc == 0 and r.out == direct.out, "http:// endpoint through HTTP_PROXY")
        t = p.tunnels()
        check(len(t) == 1 and t[0]["target"] == "127.0.0.1:%d" % m.port, "one CONNECT seen")
        r = e.tinysso(args, clean_env(home, {"HTTPS_PROXY": p.url()}))
        check(r.rc == 0 and len(p.tunnels()) == 1, "HTTPS_PROXY is not used for http://")
        r = e.tinysso(args, clean_env(home, {"HTTP_PROXY": p.url(), "REQUEST_METHOD": "GET"}))
        check(r.rc == 0 and len(p.tunnels()) == 1, "HTTP_PROXY ignored under CGI")
        if have_aws():
            a = e.aws(args, clean_env(home, {"HTTP_PROXY": p.url()}))
            check(a.rc == 0 and a.out == direct.out and len(p.stats()["forwarded"]) == 1,
                  "the AWS CLI forwards through the same proxy and prints the same")


def group_proxy_auth(home):
    """Basic credentials from the proxy URL (percent-decoded); a 407 without
    or with wrong ones, with the AWS CLI's message and exit code."""
    user, password = "al ice", "p@ss:w/rd%"
    with mock_portal("--accounts", "2", tls=True) as m, \
            connect_proxy("--auth", "%s:%s" % (user, password)) as p:
        good = p.url("al%20ice:p%40ss%3Aw%2Frd%25@")
        r = e.tinysso(tls_args(m) + ["--debug"], clean_env(home, {"HTTPS_PROXY": good}))
        check(r.rc == 0, "credentials from the URL open the tunnel")
        want = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        check(p.tunnels()[-1]["auth"] == want, "Proxy-Authorization carries them decoded")
        check(b"p@ss" not in r.err and b"p%40ss" not in r.err and b"al ice" not in r.err
              and b"***:***@127.0.0.1" in r.err, "--debug shows the proxy URL masked")
        for what, url in (("no credentials", p.url()),
                          ("wrong credentials", p.url("alice:wrong-secret@"))):
            env = clean_env(home, {"HTTPS_PROXY": url, "AWS_MAX_ATTEMPTS": "1"})
            r = e.tinysso(tls_args(m), env)
            check(r.rc == 255 and r.out == b"" and p.tunnels()[-1]["answer"].startswith("407"),
                  what + ": the proxy answered 407, exit 255")
            check(b"wrong-secret" not in r.err, what + ": no password in the message")
            if have_aws():
                a = e.aws(tls_args(m), env)
                check(a.err == r.err and a.rc == r.rc, what + ": stderr and exit code as the "
                      "AWS CLI's (%r)" % a.err)
            else:
                check(r.err.startswith(b'\nFailed to connect to proxy URL: "http://'),
                      what + ": botocore's proxy error")


def group_proxy_no_proxy(home):
    """NO_PROXY matches go direct (the proxy is dead, so only a direct call
    can succeed); non-matching entries still use the proxy."""
    with mock_portal("--accounts", "2", tls=True) as m, connect_proxy() as p:
        dead = "http://127.0.0.1:%d" % dead_port()
        for no in ("localhost", ".localhost", "LOCALHOST:%d" % m.port, "foo.example, localhost",
                   "*"):
            r = e.tinysso(tls_args(m), clean_env(home, {"HTTPS_PROXY": dead, "NO_PROXY": no}))
            check(r.rc == 0, "NO_PROXY=%r: direct" % no)
            r = e.tinysso(tls_args(m), clean_env(home, {"HTTPS_PROXY": dead, "no_proxy": no}))
            check(r.rc == 0, "no_proxy=%r: direct" % no)
        for no in ("example.com", "localhost:1", "calhost", "127.0.0.1", "*.localhost"):
            before = len(p.tunnels())
            r = e.tinysso(tls_args(m), clean_env(home, {"HTTPS_PROXY": p.url(), "NO_PROXY": no}))
            check(r.rc == 0 and len(p.tunnels()) == before + 1,
                  "NO_PROXY=%r does not match localhost:%d: through the proxy" % (no, m.port))
        if have_aws():
            env = clean_env(home, {"HTTPS_PROXY": dead, "NO_PROXY": "localhost"})
            check(e.aws(tls_args(m), env).rc == 0, "the AWS CLI also goes direct")


def group_proxy_refuse(home):
    """A proxy that refuses the tunnel (403, 502) or is not there: exit 255
    and botocore's 'Failed to connect to proxy URL' text."""
    with mock_portal("--accounts", "2", tls=True) as m:
        cases = []
        for status in ("403 Forbidden", "502 Bad Gateway"):
            with connect_proxy("--refuse", status) as p:
                env = clean_env(home, {"HTTPS_PROXY": p.url(), "AWS_MAX_ATTEMPTS": "1"})
                r = e.tinysso(tls_args(m), env)
                check(r.rc == 255 and r.out == b"" and
                      r.err == b'\nFailed to connect to proxy URL: "%s"\n' % p.url().encode(),
                      "proxy answers %s: exit 255, the proxy named" % status)
                check(all(t["answer"] == status for t in p.tunnels()), "the proxy refused")
                cases.append((status, env, r))
        dead_env = clean_env(home, {"HTTPS_PROXY": "http://127.0.0.1:%d" % dead_port(),
                                    "AWS_MAX_ATTEMPTS": "1"})
        r = e.tinysso(tls_args(m), dead_env)
        check(r.rc == 255 and b"Failed to connect to proxy URL" in r.err, "no proxy listening")
        cases.append(("dead proxy", dead_env, r))
        r = e.tinysso(tls_args(m), clean_env(home, {"HTTPS_PROXY": "https://127.0.0.1:1"}))
        check(r.rc == 253 and b"https:// proxy" in r.err, "an https:// proxy: a clear 253")
        if have_aws():
            for what, env, t in cases[2:]:
                a = e.aws(tls_args(m), env)
                check(a.rc == t.rc and a.err == t.err, what + ": as the AWS CLI")


def group_proxy_tls(home):
    """The proxy cannot downgrade or substitute: when it tunnels to another
    server (a certificate from another CA, for another name, or plain HTTP),
    TLS inside the tunnel refuses it, exit 255, and no token is sent."""
    with mock_portal("--accounts", "2", tls=True) as real, \
            mock_portal("--accounts", "2", tls=True, cert="untrusted") as rogue, \
            mock_portal("--accounts", "2", tls=True, cert="wrongname") as wrong, \
            mock_portal("--accounts", "2") as plain:
        for what, target in (("a certificate from another CA", rogue),
                             ("a certificate for another name", wrong),
                             ("plain HTTP", plain)):
            with connect_proxy("--substitute", "127.0.0.1:%d" % target.port) as p:
                env = clean_env(home, {"HTTPS_PROXY": p.url()})
                r = e.tinysso(tls_args(real) + ["--cli-read-timeout", "2"],
                              dict(env, AWS_MAX_ATTEMPTS="1"))
                check(r.rc == 255 and r.out == b"" and b"SSL validation failed" in r.err,
                      "proxy substitutes %s: TLS refuses it, exit 255" % what)
                check(len(p.tunnels()) >= 1, "it went through the proxy")
                check(target.stats()["requests"] == 0, "no request reached the substitute")


if __name__ == "__main__":
    sys.exit(e.main({n[6:]: f for n, f in globals().items() if n.startswith("group_")}))
