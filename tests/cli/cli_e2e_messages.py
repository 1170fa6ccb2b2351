#!/usr/bin/env python3
"""End-to-end tests of tinysso's error texts against the AWS CLI, byte for
byte: botocore's "(reached max retries: N)" rule, messages taken from
non-JSON error bodies (HTML from a proxy or WAF, plain text, empty),
network errors naming the full URL with its query, and the repeated
pagination token. Scripted responses come from raw sockets on 127.0.0.1.

usage: cli_e2e_messages.py --tinysso BIN --mock MOCK --certs DIR GROUP"""
import json
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_e2e as e  # noqa: E402
from cli_e2e import (TOKEN, check, clean_env, mock_portal, need_aws, raw_server,  # noqa: E402
                     read_request)


def compare(args, env, what):
    """stdout, stderr and exit code identical to the AWS CLI's."""
    return e.same_as_aws(args, env, what, stderr_too=True)


def scripted(status, body, ctype="text/html", extra=""):
    def handler(c):
        while read_request(c):
            c.sendall(("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s"
                       "Connection: keep-alive\r\n\r\n" % (status, ctype, len(body), extra))
                      .encode() + body)
    return handler


def group_messages_retries(home):
    """'(reached max retries: N)' whenever the last allowed attempt failed,
    retryable or not (botocore's MaxAttemptsChecker)."""
    need_aws()
    with mock_portal("--accounts", "2") as m:
        args = ["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
                "--access-token", "wrong"]
        for n in ("1", "2"):
            r = compare(args, clean_env(home, {"AWS_MAX_ATTEMPTS": n}),
                        "401 with AWS_MAX_ATTEMPTS=%s" % n)
            want = b"(reached max retries: 0)" if n == "1" else b"operation: Session"
            check(want in r.err, "AWS_MAX_ATTEMPTS=%s: %r" % (n, want))


def group_messages_bodies(home):
    """The message of an error whose body is not the service's JSON."""
    need_aws()
    html = b"<html><body><h1>403 Forbidden</h1>Request blocked by the WAF.</body></html>\n"
    cases = (
        ("403 Forbidden", html, "text/html", "HTML page from a WAF (< 500: the page itself)"),
        ("502 Bad Gateway", b"<html><body>proxy error</body></html>", "text/html",
         "HTML 502 (>= 500: the reason phrase)"),
        ("503 Service Unavailable", b"Service Unavailable, try later\n", "text/plain",
         "plain-text 503 (the text)"),
        ("401 Unauthorized", b"", "application/json", "401 with an empty body (empty message)"),
        ("500 Internal Server Error", b"   ", "text/plain", "500 with a blank body"),
        ("400 Bad Request", b'{"__type":"x#ValidationException"}', "application/json",
         "JSON without a message"),
        ("400 Bad Request", b"not json at all", "application/json", "a 400 that is not JSON"),
    )
    for status, body, ctype, what in cases:
        with raw_server(scripted(status, body, ctype)) as port:
            args = ["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port,
                    "--region", "us-east-1", "--access-token", TOKEN]
            r = compare(args, clean_env(home, {"AWS_MAX_ATTEMPTS": "1"}), what)
            check(r.rc == 254, what + ": exit 254")
    # Chunked framing of a non-JSON body.
    def chunked(c):
        while read_request(c):
            c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n6\r\nAccess\r\n7\r\n denied\r\n0\r\n\r\n")
    with raw_server(chunked) as port:
        args = ["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port,
                "--region", "us-east-1", "--access-token", TOKEN]
        r = compare(args, clean_env(home, {"AWS_MAX_ATTEMPTS": "1"}), "chunked plain text")
        check(r.err.endswith(b": Access denied\n"), "the chunks joined into the message")


def group_messages_network(home):
    """Network errors name the URL with its query, in botocore's order."""
    need_aws()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead = "http://127.0.0.1:%d" % s.getsockname()[1]
    s.close()
    base = ["--region", "us-east-1", "--access-token", TOKEN, "--cli-connect-timeout", "2"]
    env = clean_env(home, {"AWS_MAX_ATTEMPTS": "1"})
    for args in (["list-accounts"], ["list-accounts", "--page-size", "3"],
                 ["list-accounts", "--max-results", "2", "--next-token", "a+b/c d"],
                 ["list-account-roles", "--account-id", "12", "--page-size", "3"],
                 ["list-account-roles", "--account-id", "12", "--no-paginate"],
                 ["get-role-credentials", "--account-id", "12", "--role-name", "R&D"]):
        r = compare(args + ["--endpoint-url", dead + "/"] + base, env,
                    "connection refused: " + " ".join(args))
        check(r.rc == 255 and b"Could not connect to the endpoint URL" in r.err,
              "names the endpoint URL")


def group_messages_paging(home):
    """A service that sends the same nextToken back: botocore's wording."""
    need_aws()

    def same_token(c):
        while read_request(c):
            body = json.dumps({"accountList": [{"accountId": "1", "accountName": "a",
                                                "emailAddress": "a@x"}],
                               "nextToken": "same+tok/="}).encode()
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      b"%d\r\n\r\n%s" % (len(body), body))

    with raw_server(same_token) as port:
        args = ["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port,
                "--region", "us-east-1", "--access-token", TOKEN]
        r = compare(args, clean_env(home), "repeated nextToken")
        check(r.rc == 255 and b"The same next token was received twice" in r.err,
              "the AWS CLI's pagination error")


def group_messages_limits(home):
    """The CLI's field limits fit real responses (a 12 KB session token, a
    3 KB nextToken: same output as the AWS CLI); a value past them is an
    error that names the field."""
    def serve(body):
        def handler(c):
            while read_request(c):
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        return handler

    def creds(n):
        return json.dumps({"roleCredentials": {
            "accessKeyId": "ASIAEXAMPLE", "secretAccessKey": "s" * 40,
            "sessionToken": "T" * n, "expiration": 1800000000000}}).encode()

    def page(n):
        return json.dumps({"accountList": [{"accountId": "1", "accountName": "a",
                                            "emailAddress": "a@x"}],
                           "nextToken": "N" * n}).encode()

    gr = ["get-role-credentials", "--account-id", "1", "--role-name", "R"]
    la = ["list-accounts", "--max-results", "1"]
    env = clean_env(home, {"AWS_MAX_ATTEMPTS": "1"})
    for args, body, fits, field in ((gr, creds(12 * 1024), True, None),
                                    (gr, creds(16 * 1024 + 1), False,
                                     b"the value of sessionToken is longer than tinysso's "
                                     b"limit for it (16384 bytes)"),
                                    (la, page(3 * 1024), True, None),
                                    (la, page(4 * 1024 + 1), False,
                                     b"the value of nextToken is longer than tinysso's "
                                     b"limit for it (4096 bytes)")):
        with raw_server(serve(body)) as port:
            full = args + ["--endpoint-url", "http://127.0.0.1:%d" % port, "--region",
                           "us-east-1", "--access-token", TOKEN]
            if fits:
                r = e.tinysso(full, env)
                check(r.rc == 0 and len(r.out) > len(body) // 2, "%d bytes fit" % len(body))
                if e.have_aws():
                    check(e.aws(full, env).out == r.out, "same output as the AWS CLI")
            else:
                r = e.tinysso(full, env)
                check(r.rc == 255 and r.out == b"" and field in r.err,
                      "too long: exit 255, the field named (%r)" % field)


if __name__ == "__main__":
    sys.exit(e.main({n[6:]: f for n, f in globals().items() if n.startswith("group_")}))
