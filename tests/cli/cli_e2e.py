#!/usr/bin/env python3
"""End-to-end tests of the tinysso command-line tool.

Each group starts its servers on 127.0.0.1 (the project's mock portal, and a
few raw sockets of its own for failures the mock does not script), runs the
built `tinysso` and, where it is installed, the AWS CLI v2 (/usr/bin/aws) with
the same arguments, and asserts stdout bytes, stderr text and exit codes.
Every server is stopped in a finally block; every process has a time limit.

usage: cli_e2e.py --tinysso BIN --mock MOCK --certs DIR GROUP
Exit 0 on success, 1 on a failed check, 77 when the group needs the AWS CLI
and it is not installed."""
import argparse
import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

# One way to stop a server for every test runner: the integration tests' own.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from itest_lib import stop  # noqa: E402

AWS = "/usr/bin/aws"
TOKEN = "test-token"  # what mock_portal.py accepts by default
RUN_TIMEOUT = 60
OPTS = None  # parsed command line


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)
    print("ok: " + what, flush=True)


def have_aws():
    return os.access(AWS, os.X_OK)


def need_aws():
    if not have_aws():
        raise Skip(AWS + " is not installed")


# --- processes -------------------------------------------------------------

def clean_env(home, extra=None):
    """An environment with no AWS, proxy or trust-store settings from outside,
    a private HOME and a UTF-8 locale (the AWS CLI writes its output in the
    locale's encoding)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")
           and not k.lower().endswith("_proxy") and not k.startswith("SSL_CERT_")}
    # AWS_EC2_METADATA_DISABLED: the AWS CLI would otherwise ask 169.254.169.254
    # (off loopback) for credentials it does not need here.
    env.update({"HOME": home, "LC_ALL": "C.UTF-8", "AWS_PAGER": "",
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": os.path.join(home, ".aws", "config"),
                "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, ".aws", "credentials")})
    env.update(extra or {})
    return env


class Result:
    def __init__(self, rc, out, err, secs):
        self.rc, self.out, self.err, self.secs = rc, out, err, secs

    @property
    def text(self):
        return self.out.decode("utf-8")

    @property
    def errtext(self):
        return self.err.decode("utf-8", "replace")


def run(cmd, env, timeout=RUN_TIMEOUT):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       timeout=timeout)
    r = Result(p.returncode, p.stdout, p.stderr, time.monotonic() - t0)
    print("+ %s -> %d (%.1fs)" % (" ".join(cmd)[:220], r.rc, r.secs), flush=True)
    return r


def tinysso(args, env, timeout=RUN_TIMEOUT):
    return run([OPTS.tinysso] + list(args), env, timeout)


def aws(args, env, timeout=RUN_TIMEOUT):
    return run([AWS, "sso"] + list(args), env, timeout)


def same_as_aws(args, env, what, stderr_too=False):
    """Runs both; asserts identical stdout bytes and exit code (and stderr
    when the AWS CLI's text is the one to match). Returns tinysso's result."""
    t = tinysso(args, env)
    a = aws(args, env)
    if t.out != a.out:
        sys.stdout.write("tinysso stdout:\n%s\naws stdout:\n%s\n" % (t.out[:3000], a.out[:3000]))
    check(t.out == a.out, what + ": stdout identical to the AWS CLI")
    check(t.rc == a.rc, what + ": exit code %d as the AWS CLI's %d" % (t.rc, a.rc))
    if stderr_too:
        if t.err != a.err:
            sys.stdout.write("tinysso stderr: %r\naws stderr: %r\n" % (t.err, a.err))
        check(t.err == a.err, what + ": stderr identical to the AWS CLI")
    return t


# --- servers ---------------------------------------------------------------

def wait_for(pred, timeout=15.0, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


class Mock:
    def __init__(self, port, stats_file, tls, host):
        self.port, self.stats_file, self.tls, self.host = port, stats_file, tls, host

    @property
    def url(self):
        if self.tls:  # mbedTLS matches DNS names only; the certificate names localhost.
            return "https://localhost:%d" % self.port
        return "http://%s:%d" % ("[::1]" if self.host == "::1" else self.host, self.port)

    def stats(self):
        with open(self.stats_file) as f:
            return json.load(f)


@contextlib.contextmanager
def mock_portal(*extra, tls=False, cert="server", host="127.0.0.1"):
    work = tempfile.mkdtemp(prefix="cli-mock-")
    port_file = os.path.join(work, "port")
    stats_file = os.path.join(work, "stats.json")
    cmd = [sys.executable, OPTS.mock, "--host", host, "--port-file", port_file,
           "--stats-file", stats_file]
    if tls:
        cmd += ["--cert", os.path.join(OPTS.certs, cert + "-chain.pem"),
                "--key", os.path.join(OPTS.certs, cert + ".key")]
    else:
        cmd.append("--plain")
    cmd += list(extra)
    log = open(os.path.join(work, "log"), "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        if not wait_for(lambda: os.path.exists(port_file) and os.path.getsize(port_file) > 0,
                        proc=proc):
            log.flush()
            sys.stdout.write(open(os.path.join(work, "log")).read())
            raise Fail("mock portal did not start")
        with open(port_file) as f:
            port = int(f.read())
        yield Mock(port, stats_file, tls, host)
    finally:
        stop(proc)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def raw_server(handler):
    """A one-thread TCP server on 127.0.0.1 that gives each connection to
    handler(conn). Stopped (socket closed, thread joined) on exit."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    lsock.settimeout(0.2)
    done = threading.Event()
    conns = []

    def loop():
        while not done.is_set():
            try:
                c, _ = lsock.accept()
            except (socket.timeout, OSError):
                continue
            conns.append(c)
            c.settimeout(10)
            try:
                handler(c)
            except OSError:
                pass

    t = threading.Thread(target=loop, daemon=True)
    t.start()
    try:
        yield lsock.getsockname()[1]
    finally:
        done.set()
        for c in conns:
            try:
                c.close()
            except OSError:
                pass
        lsock.close()
        t.join(timeout=5)


def read_request(c):
    buf = b""
    deadline = time.monotonic() + 10
    while b"\r\n\r\n" not in buf and time.monotonic() < deadline and len(buf) < 65536:
        d = c.recv(4096)
        if not d:
            break
        buf += d
    return buf.decode("latin-1")


def respond(c, body, status="200 OK", close=True):
    c.sendall(("HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
               "Connection: %s\r\n\r\n" % (status, len(body), "close" if close else "keep-alive"))
              .encode() + body)


# --- expectations computed without tinysso ---------------------------------

def fetch_all(mock, path="/assignment/accounts", key="accountList", extra=""):
    """Every item of a listing, read page by page with urllib: the reference
    the tool's merged output is checked against."""
    items, tok = [], None
    for _ in range(1000):
        q = extra + ("&next_token=" + urllib.parse.quote(tok, safe="") if tok else "")
        req = urllib.request.Request(mock.url + path + "?" + q.lstrip("&"),
                                     headers={"x-amz-sso_bearer_token": TOKEN})
        with urllib.request.urlopen(req, timeout=10) as r:
            page = json.load(r)
        items += page.get(key) or []
        tok = page.get("nextToken")
        if not tok:
            return items
    raise Fail("reference listing did not end")


def aws_json(doc):
    """What the AWS CLI prints for a document: json.dumps(indent=4,
    ensure_ascii=False) and a newline."""
    return (json.dumps(doc, indent=4, ensure_ascii=False) + "\n").encode()


def next_token_of(result):
    doc = json.loads(result.text)
    return doc.get("NextToken")


def decode_next(tok):
    return json.loads(base64.b64decode(tok))


# --- groups ----------------------------------------------------------------

def group_compare(home):
    """stdout and exit code identical to /usr/bin/aws for the same calls."""
    need_aws()
    env = clean_env(home)
    with mock_portal("--accounts", "13", "--roles", "3") as m:
        base = ["--endpoint-url", m.url, "--region", "us-east-1", "--access-token", TOKEN]
        acct = "100000000004"
        for extra in ([], ["--page-size", "5"], ["--page-size", "5", "--max-items", "3"],
                      ["--page-size", "5", "--max-items", "5"],
                      ["--page-size", "5", "--max-items", "8"], ["--max-items", "13"],
                      ["--max-items", "12"], ["--page-size", "1", "--max-items", "1"],
                      ["--page-size", "100"], ["--max-results", "2"], ["--no-paginate"]):
            same_as_aws(["list-accounts"] + base + extra, env, "list-accounts " + " ".join(extra))
        # --next-token by hand, from a --no-paginate page.
        first = json.loads(tinysso(["list-accounts", "--max-results", "4"] + base, env).text)
        check("nextToken" in first and list(first)[0] == "nextToken",
              "--no-paginate prints the service's nextToken first")
        same_as_aws(["list-accounts", "--max-results", "4", "--next-token", first["nextToken"]]
                    + base, env, "list-accounts --next-token")
        # Resuming from the AWS CLI's own NextToken, and from ours.
        for size, items in (("5", "3"), ("5", "8"), ("3", "7")):
            a_tok = next_token_of(aws(["list-accounts", "--page-size", size, "--max-items", items]
                                      + base, env))
            same_as_aws(["list-accounts", "--page-size", size, "--max-items", "4",
                         "--starting-token", a_tok] + base, env,
                        "resume from the AWS CLI's NextToken (%s/%s)" % (size, items))
        for size, items in (("5", "3"), ("5", "10"), ("4", "6")):
            t_tok = next_token_of(tinysso(["list-accounts", "--page-size", size, "--max-items",
                                           items] + base, env))
            same_as_aws(["list-accounts", "--page-size", size, "--starting-token", t_tok] + base,
                        env, "the AWS CLI resumes from tinysso's NextToken (%s/%s)" % (size, items))
        for extra in ([], ["--page-size", "1"], ["--page-size", "1", "--max-items", "2"],
                      ["--max-results", "2"]):
            same_as_aws(["list-account-roles", "--account-id", acct] + base + extra, env,
                        "list-account-roles " + " ".join(extra))
        # Service errors: the AWS CLI's exact text on stderr, exit 254.
        same_as_aws(["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
                     "--access-token", "wrong"], env, "401 Unauthorized", stderr_too=True)
        same_as_aws(["list-account-roles", "--account-id", "999"] + base, env,
                    "404 ResourceNotFound", stderr_too=True)
        same_as_aws(["get-role-credentials", "--account-id", acct, "--role-name", "Nope"] + base,
                    env, "get-role-credentials 404", stderr_too=True)
        same_as_aws(["list-accounts", "--next-token", "bogus"] + base, env,
                    "400 InvalidRequest on a bad token", stderr_too=True)
        # Command-line and configuration errors: same exit codes.
        for args, what in ((["list-accounts", "--bogus"] + base, "unknown option"),
                           (["list-accounts", "--page-size", "abc"] + base, "bad number"),
                           (["list-account-roles"] + base, "missing --account-id"),
                           (["get-role-credentials", "--account-id", acct] + base,
                            "missing --role-name"),
                           (["list-accounts", "--no-paginate", "--max-items", "2"] + base,
                            "--no-paginate with --max-items"),
                           (["list-accounts", "--endpoint-url", m.url, "--access-token", TOKEN],
                            "no region")):
            same_as_aws(args, env, what)
        same_as_aws(["list-accounts", "--max-results", "3", "--page-size", "2"] + base, env,
                    "--max-results with --page-size", stderr_too=True)
    # Strings the mock never sends: every JSON escape, controls, surrogate
    # pairs, raw UTF-8, DEL, plus null members and unknown nested fields.
    tricky = (b'{"accountList":[{"accountId":"1","accountName":"q\\"b\\\\s\\/ \\b\\f\\n'
              b'\\r\\t \\u0001\\u001f \\u00e9 \\ud83d\\ude00 \xe2\x98\x83 \x7f",'
              b'"emailAddress":"e@x","extra":{"deep":[1,{"x":null}]}},'
              b'{"accountId":"2","accountName":null,"emailAddress":"f@x"}],"nextToken":null}')

    def fixed(c):
        read_request(c)
        respond(c, tricky)

    with raw_server(fixed) as port:
        same_as_aws(["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port, "--region",
                     "us-east-1", "--access-token", TOKEN], env,
                    "every escape, null members, unknown nested fields")
    with mock_portal("--accounts", "13", "--roles", "3") as m:
        base = ["--endpoint-url", m.url, "--region", "us-east-1", "--access-token", TOKEN]
        acct = "100000000004"
        # Credentials: the same document but for the expiration the mock
        # computes from its clock at each call.
        args = ["get-role-credentials", "--account-id", acct, "--role-name", "ReadOnly"] + base
        t, a = tinysso(args, env), aws(args, env)
        mask = re.compile(rb'"expiration": \d+')
        check(t.rc == 0 and a.rc == 0, "get-role-credentials succeeds in both")
        check(mask.sub(b"E", t.out) == mask.sub(b"E", a.out),
              "get-role-credentials: same document as the AWS CLI but the expiration")
        te = json.loads(t.text)["roleCredentials"]["expiration"]
        ae = json.loads(a.text)["roleCredentials"]["expiration"]
        check(abs(te - ae) < 60000, "expiration within a minute of the AWS CLI's")
        # --output and --query (every format and many more queries:
        # cli_e2e_output.py, the cli.e2e.output_* tests).
        for fmt in ("text", "table", "yaml", "yaml-stream"):
            same_as_aws(["list-accounts", "--query", "accountList[].accountId", "--output", fmt,
                         "--page-size", "5", "--max-items", "7"] + base, env,
                        "--query accountList[].accountId --output %s" % fmt)


def group_paging(home):
    """Merging, --max-items and --starting-token against a reference built
    with urllib, whatever the page size; no AWS CLI needed."""
    env = clean_env(home)
    with mock_portal("--accounts", "23", "--roles", "3") as m:
        base = ["--endpoint-url", m.url, "--region", "us-east-1", "--access-token", TOKEN]
        everything = fetch_all(m)
        check(len(everything) == 23, "reference listing has 23 accounts")
        before = m.stats()["ops"].get("ListAccounts", 0)
        r = tinysso(["list-accounts"] + base, env)
        check(r.rc == 0 and r.out == aws_json({"accountList": everything}),
              "auto-paging merges both service pages (20 + 3) into one list")
        check("\u00e9" in r.text and "\U0001F600" in r.text,
              "non-ASCII is printed as raw UTF-8")
        stats = m.stats()
        check(stats["ops"].get("ListAccounts", 0) - before == 2, "two requests for two pages")
        for size in (1, 4, 7, 23, 100):
            for max_items in (1, 3, 4, 5, 22, 23, 30):
                got, tok, calls = [], None, 0
                while calls < 40:
                    args = ["list-accounts", "--page-size", str(size), "--max-items",
                            str(max_items)] + base
                    if tok:
                        args += ["--starting-token", tok]
                    res = tinysso(args, env)
                    calls += 1
                    if res.rc != 0:
                        raise Fail("paging call failed: %r" % res.err)
                    doc = json.loads(res.text)
                    check(len(doc["accountList"]) <= max_items,
                          "at most --max-items items (size %d, max %d)" % (size, max_items))
                    got += doc["accountList"]
                    tok = doc.get("NextToken")
                    if not tok:
                        break
                    dec = decode_next(tok)
                    check(list(dec)[0] == "nextToken" and
                          set(dec) <= {"nextToken", "boto_truncate_amount"},
                          "NextToken is the AWS CLI's JSON in base64")
                check(got == everything,
                      "chained --starting-token calls return every item exactly once, in order "
                      "(size %d, max %d)" % (size, max_items))
        # The documented shapes of the token (PROTOCOL §8).
        small = ["--page-size", "5"] + base
        t3 = decode_next(next_token_of(tinysso(["list-accounts", "--max-items", "3"] + small, env)))
        check(t3 == {"nextToken": None, "boto_truncate_amount": 3}, "cut inside page 1")
        t5 = decode_next(next_token_of(tinysso(["list-accounts", "--max-items", "5"] + small, env)))
        check(list(t5) == ["nextToken"] and t5["nextToken"], "cut on a page boundary")
        t8 = decode_next(next_token_of(tinysso(["list-accounts", "--max-items", "8"] + small, env)))
        check(t8 == {"nextToken": t5["nextToken"], "boto_truncate_amount": 3},
              "cut inside page 2: page 2's token and 3")
        r = tinysso(["list-accounts", "--max-items", "23"] + small, env)
        check(r.rc == 0 and "NextToken" not in json.loads(r.text),
              "no NextToken when --max-items reaches the end")
        # A raw service token and the legacy form are accepted, as by botocore.
        r = tinysso(["list-accounts", "--starting-token", t5["nextToken"]] + small, env)
        check(json.loads(r.text)["accountList"] == everything[5:],
              "a plain service token as --starting-token")
        r = tinysso(["list-accounts", "--starting-token", "None___2"] + small, env)
        check(json.loads(r.text)["accountList"] == everything[2:], "legacy None___N token")
        # botocore drops the count from the first page only, however large.
        r = tinysso(["list-accounts", "--starting-token", "None___7"] + small, env)
        check(json.loads(r.text)["accountList"] == everything[5:],
              "a count beyond the first page empties that page only")
        r = tinysso(["list-accounts", "--starting-token", "a___b___1"] + small, env)
        check(r.rc == 252 and r.out == b"", "an impossible starting token exits 252")
        # Roles page the same way.
        roles = fetch_all(m, "/assignment/roles", "roleList", "account_id=100000000002")
        r = tinysso(["list-account-roles", "--account-id", "100000000002", "--page-size", "1"]
                    + base, env)
        check(r.out == aws_json({"roleList": roles}), "roles merged over three one-item pages")
    with mock_portal("--accounts", "0") as m:
        r = tinysso(["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
                     "--access-token", TOKEN], env)
        check(r.rc == 0 and r.out == b'{\n    "accountList": []\n}\n', "an empty list")
    with mock_portal("--accounts", "4", "--null-last-token") as m:
        r = tinysso(["list-accounts", "--page-size", "2", "--endpoint-url", m.url, "--region",
                     "us-east-1", "--access-token", TOKEN], env)
        check(r.rc == 0 and len(json.loads(r.text)["accountList"]) == 4,
              "a null nextToken ends paging")
    with mock_portal("--accounts", "250") as m:
        r = tinysso(["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
                     "--access-token", TOKEN], env)
        check(r.rc == 0 and len(json.loads(r.text)["accountList"]) == 250,
              "250 accounts over 13 pages")
        check(m.stats()["connections"] == 1, "all 13 pages over one kept-alive connection")


def group_errors(home):
    """Exit codes 254/255, error texts, and never a byte on stdout after a
    failure; responses the AWS CLI gets wrong handled right."""
    env = clean_env(home)
    base = ["--region", "us-east-1", "--access-token", TOKEN]
    expected = None
    with mock_portal("--accounts", "3") as m:
        expected = tinysso(["list-accounts", "--endpoint-url", m.url] + base, env).out
        check(expected == aws_json({"accountList": fetch_all(m)}), "baseline listing")
    for scenario in ("chunked", "close", "close-no-notify", "bytewise", "many-headers"):
        with mock_portal("--accounts", "3", "--scenario", scenario, "--header-lines", "400") as m:
            r = tinysso(["list-accounts", "--endpoint-url", m.url] + base, env)
            check(r.rc == 0 and r.out == expected, "scenario %s: the same output" % scenario)
    ops = {"list-accounts": "ListAccounts"}
    # Retryable errors name the retries given up after, as botocore does.
    gave_up = " (reached max retries: 2)"
    for scenario, code, msg, retried in (
            ("error-400", "InvalidRequestException", "bad input", ""),
            ("error-404", "ResourceNotFoundException", "No such role", ""),
            ("error-429", "TooManyRequestsException", "slow down", gave_up),
            ("error-503-bare", "503", "Service Unavailable", gave_up)):
        with mock_portal("--scenario", scenario) as m:
            args = ["list-accounts", "--endpoint-url", m.url] + base
            r = tinysso(args, env)
            want = ("\nAn error occurred (%s) when calling the %s operation%s: %s\n"
                    % (code, ops["list-accounts"], retried, msg)).encode()
            if r.err != want:
                print("stderr: %r" % r.err)
            check(r.rc == 254 and r.out == b"" and r.err == want,
                  "%s: exit 254, the AWS CLI's message, no stdout" % scenario)
            if have_aws():
                a = aws(args, env)
                check(a.rc == r.rc and a.err == r.err, "%s: same as the AWS CLI" % scenario)
    with mock_portal("--scenario", "error-429") as m:
        r = tinysso(["list-accounts", "--endpoint-url", m.url] + base,
                    dict(env, AWS_MAX_ATTEMPTS="1"))
        check(r.rc == 254 and b"operation (reached max retries: 0): slow down" in r.err,
              "AWS_MAX_ATTEMPTS=1: no retry")
    for i in range(11):
        with mock_portal("--scenario", "error-%d" % i) as m:
            r = tinysso(["list-accounts", "--endpoint-url", m.url] + base, env)
            check(r.rc == 254 and b"An error occurred (FooError) when calling the ListAccounts "
                  b"operation: Foo happened\n" in r.err, "Smithy error shape %d -> FooError" % i)
    with mock_portal("--scenario", "throttle", "--throttle", "2") as m:
        r = tinysso(["list-accounts", "--endpoint-url", m.url] + base, env)
        check(r.rc == 0 and r.out == expected, "two 429s are retried (3 attempts)")
    with mock_portal("--scenario", "throttle", "--throttle", "2") as m:
        r = tinysso(["list-accounts", "--endpoint-url", m.url] + base,
                    dict(env, AWS_MAX_ATTEMPTS="1"))
        check(r.rc == 254 and r.out == b"", "AWS_MAX_ATTEMPTS=1 turns retries off")
    with mock_portal("--accounts", "3", "--scenario", "truncated") as m:
        r = tinysso(["list-accounts", "--endpoint-url", m.url] + base, env)
        check(r.rc == 255 and r.out == b"", "body shorter than Content-Length: 255, no stdout")
        check(b"Connection was closed before" in r.err, "truncation is reported")

    def bad_json(c):
        read_request(c)
        respond(c, b'{"accountList": [{"accountId": "1"},]}')

    def html(c):
        read_request(c)
        respond(c, b"<html>oops</html>")

    def second_page_fails(c):
        for _ in range(5):
            req = read_request(c)
            if not req:
                return
            if "next_token=" in req:
                respond(c, b'{"message":"Invalid nextToken","__type":"x#InvalidRequestException"}',
                        status="400 Bad Request", close=False)
            else:
                respond(c, b'{"accountList":[{"accountId":"1","accountName":"a",'
                        b'"emailAddress":"a@x"}],"nextToken":"p2"}', close=False)

    for handler, what in ((bad_json, "malformed JSON"), (html, "a body that is not JSON")):
        with raw_server(handler) as port:
            r = tinysso(["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port] + base,
                        env)
            check(r.rc == 255 and r.out == b"", "%s: exit 255, no stdout" % what)
    with raw_server(second_page_fails) as port:
        r = tinysso(["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port] + base, env)
        check(r.rc == 254 and r.out == b"",
              "page 1 fine, page 2 fails: exit 254 and not one byte of page 1 on stdout")

    def silent(c):
        read_request(c)
        time.sleep(4)

    with raw_server(silent) as port:
        r = tinysso(["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port,
                     "--cli-read-timeout", "1"] + base, dict(env, AWS_MAX_ATTEMPTS="1"))
        check(r.rc == 255 and r.out == b"" and b"Read timeout on endpoint URL" in r.err,
              "--cli-read-timeout 1: read timeout, exit 255")
        check(r.secs < 3.5, "the read timeout is honoured (%.1fs)" % r.secs)
    # A listener whose accept queue is full drops further SYNs, so a connect
    # to it hangs: the way to see a connect timeout on loopback.
    lsock = socket.socket()
    fillers = []
    try:
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(0)
        port = lsock.getsockname()[1]
        for _ in range(4):
            f = socket.socket()
            f.setblocking(False)
            try:
                f.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            fillers.append(f)
        time.sleep(0.3)
        r = tinysso(["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port,
                     "--cli-connect-timeout", "1"] + base, dict(env, AWS_MAX_ATTEMPTS="1"))
        check(r.rc == 255 and r.out == b"" and b"Connect timeout on endpoint URL" in r.err,
              "--cli-connect-timeout 1: connect timeout, exit 255")
        check(r.secs < 3.5, "the connect timeout is honoured (%.1fs)" % r.secs)
    finally:
        for f in fillers:
            f.close()
        lsock.close()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    r = tinysso(["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % port] + base, env)
    check(r.rc == 255 and r.out == b"" and b"Could not connect to the endpoint URL" in r.err,
          "connection refused: exit 255")


def group_options(home):
    """Every option, option placement, --debug redaction, and the exit code
    of each kind of command-line and configuration error."""
    env = clean_env(home)
    r = tinysso(["--help"], env)
    check(r.rc == 0 and b"usage: tinysso" in r.out and b"--starting-token" in r.out, "--help")
    r = tinysso(["--version"], env)
    check(r.rc == 0 and r.out.startswith(b"tinysso/"), "--version")
    for args, what in ((["list-accounts", "--bogus"], "unknown option"),
                       (["list-accounts", "--page-size", "abc"], "bad number"),
                       (["list-accounts", "--page-size", "0"], "--page-size 0"),
                       (["list-accounts", "--page-size", "101"], "--page-size over 100"),
                       (["list-accounts", "--max-items", "0"], "--max-items 0"),
                       (["list-accounts", "--cli-read-timeout", "x"], "bad timeout"),
                       (["list-accounts", "--role-name", "x"], "option of another command"),
                       (["get-role-credentials", "--role-name", "x"], "missing --account-id"),
                       (["list-accounts", "--no-paginate", "--starting-token", "x"],
                        "--no-paginate with --starting-token"),
                       (["list-users"], "unknown command"), ([], "no command"),
                       (["list-accounts", "--access-token", ""], "empty token"),
                       (["get-role-credentials", "--account-id", "1", "--role-name", "R",
                         "--format", "yaml"], "bad --format")):
        r = tinysso(args + ["--region", "us-east-1"], env)
        check(r.rc == 252 and r.out == b"", "%s: exit 252" % what)
    with mock_portal("--accounts", "3") as m:
        base = ["--endpoint-url", m.url, "--access-token", TOKEN]
        want = aws_json({"accountList": fetch_all(m)})
        # Options before the command, `sso` like `aws sso`, --opt=value.
        r = tinysso(["--region=us-east-1", "--access-token=" + TOKEN, "sso", "list-accounts",
                     "--endpoint-url=" + m.url, "--output", "json", "--no-cli-pager"], env)
        check(r.rc == 0 and r.out == want, "options anywhere, --opt=value, the sso word")
        r = tinysso(["list-accounts"] + base, env)
        check(r.rc == 253 and r.out == b"" and b"You must specify a region" in r.err,
              "no region anywhere: exit 253")
        for var, source in (("AWS_REGION", "AWS_REGION"), ("AWS_DEFAULT_REGION",
                                                           "AWS_DEFAULT_REGION")):
            r = tinysso(["list-accounts", "--debug"] + base, dict(env, **{var: "eu-west-3"}))
            check(r.rc == 0 and r.out == want and
                  ("region eu-west-3 (from %s)" % source).encode() in r.err,
                  "region from %s" % var)
        r = tinysso(["list-accounts", "--debug"] + base,
                    dict(env, AWS_REGION="eu-west-3", AWS_DEFAULT_REGION="eu-west-1"))
        check(b"region eu-west-3 (from AWS_REGION)" in r.err, "AWS_REGION beats AWS_DEFAULT_REGION")
        r = tinysso(["list-accounts", "--debug", "--region", "ap-south-1"] + base,
                    dict(env, AWS_REGION="eu-west-3"))
        check(b"region ap-south-1 (from --region)" in r.err, "--region beats the environment")
        r = tinysso(["list-accounts", "--region", "us-east-1", "--debug",
                     "--cli-connect-timeout", "7", "--cli-read-timeout", "0"] + base, env)
        check(r.rc == 0 and b"timeout 7000 ms" in r.err, "--cli-connect-timeout in seconds")
        for var in ("AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"):
            r = tinysso(["list-accounts", "--region", "us-east-1"] + base, dict(env, **{var: "true"}))
            check(r.rc == 253 and b"custom endpoint are not supported" in r.err,
                  "%s with --endpoint-url: exit 253" % var)
            r = tinysso(["list-accounts", "--region", "us-east-1"] + base,
                        dict(env, **{var: "false"}))
            check(r.rc == 0, "%s=false is off" % var)
        r = tinysso(["list-accounts", "--region", "us-east-1"] + base,
                    dict(env, AWS_MAX_ATTEMPTS="zero"))
        check(r.rc == 255 and r.err == b"\ninvalid literal for int() with base 10: 'zero'\n",
              "bad AWS_MAX_ATTEMPTS: the AWS CLI's text, exit 255")
        r = tinysso(["list-accounts", "--region", "us east", "--access-token", TOKEN], env)
        check(r.rc == 255 and b"Provided region_name 'us east' doesn't match" in r.err,
              "a region that is not a host label: exit 255 (the AWS CLI's) before any I/O")
        # --debug never shows a secret.
        secret_token = TOKEN
        r = tinysso(["get-role-credentials", "--account-id", "100000000001", "--role-name",
                     "ReadOnly", "--region", "us-east-1", "--debug"] + base, env)
        creds = json.loads(r.text)["roleCredentials"]
        check(r.rc == 0 and b"tinysso debug" in r.err, "--debug writes a trace to stderr")
        for name, value in (("access token", secret_token), ("secret key", creds["secretAccessKey"]),
                            ("session token", creds["sessionToken"][:40])):
            check(value.encode() not in r.err, "--debug does not show the %s" % name)
    r = tinysso(["list-accounts", "--region", "us-east-1", "--access-token", TOKEN,
                 "--endpoint-url", "http://192.0.2.1:80"], env)
    check(r.rc == 252 and b"plain http is for tests" in r.err,
          "plain http to another machine is refused before any I/O")
    try:
        socket.socket(socket.AF_INET6).bind(("::1", 0))
        v6 = True
    except OSError:
        v6 = False
    if v6:
        with mock_portal("--accounts", "2", host="::1") as m:
            r = tinysso(["list-accounts", "--region", "us-east-1", "--access-token", TOKEN,
                         "--endpoint-url", m.url], env)
            check(r.rc == 0 and len(json.loads(r.text)["accountList"]) == 2,
                  "http://[::1]:PORT works")
    else:
        print("note: no IPv6 loopback here, [::1] not checked")
    # The endpoint derived from region, FIPS and dual-stack, seen in the
    # --debug trace inside a network namespace with no network at all (so
    # nothing leaves the machine).
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"],
                                                  timeout=10).returncode == 0:
        for extra, host in (({}, "portal.sso.eu-west-1.amazonaws.com"),
                            ({"AWS_USE_FIPS_ENDPOINT": "true"},
                             "portal.sso-fips.eu-west-1.amazonaws.com"),
                            ({"AWS_USE_DUALSTACK_ENDPOINT": "true"}, "portal.sso.eu-west-1.api.aws"),
                            ({"AWS_USE_FIPS_ENDPOINT": "TRUE", "AWS_USE_DUALSTACK_ENDPOINT": "true"},
                             "portal.sso-fips.eu-west-1.api.aws")):
            r = run(["unshare", "-n", OPTS.tinysso, "list-accounts", "--region", "eu-west-1",
                     "--access-token", TOKEN, "--debug", "--cli-connect-timeout", "2"],
                    dict(env, **extra))
            check(r.rc == 255 and r.out == b"" and ("endpoint host " + host).encode() in r.err,
                  "endpoint %s; no network: exit 255" % host)
    else:
        print("note: unshare -n unavailable, endpoint derivation checked by unit tests only")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def cache_file(home, key):
    return os.path.join(home, ".aws", "sso", "cache", hashlib.sha1(key.encode()).hexdigest()
                        + ".json")


def group_profile(home):
    """The token and region from ~/.aws/config and the AWS CLI's SSO cache."""
    env = clean_env(home)
    future = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    future_utc = time.strftime("%Y-%m-%dT%H:%M:%SUTC", time.gmtime(time.time() + 3600))
    future_ms = time.strftime("%Y-%m-%dT%H:%M:%S.123Z", time.gmtime(time.time() + 3600))
    past = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
    cfg = os.path.join(home, ".aws", "config")
    write(cfg, "[default]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-1\n"
               "\n[profile dev]\nsso_session = corp\nsso_account_id = 100000000001\n"
               "region = eu-west-1\n\n[sso-session corp]\n"
               "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n"
               "\n[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\n"
               "sso_region = ap-south-1\n\n[profile stale]\nsso_session = old\n\n"
               "[sso-session old]\nsso_start_url = https://old.awsapps.com/start\n"
               "sso_region = us-west-2\n\n[profile nocache]\nsso_session = none\n\n"
               "[sso-session none]\nsso_start_url = https://none.awsapps.com/start\n"
               "sso_region = us-west-2\n\n[profile plain]\nregion = us-west-2\n")
    tok = lambda t, e: json.dumps({"startUrl": "x", "region": "r", "accessToken": t,
                                  "expiresAt": e})
    write(cache_file(home, "corp"), tok(TOKEN, future))
    write(cache_file(home, "https://legacy.awsapps.com/start"), tok(TOKEN, future_utc))
    write(cache_file(home, "https://d-1.awsapps.com/start"), tok(TOKEN, future_ms))
    write(cache_file(home, "old"), tok(TOKEN, past))
    with mock_portal("--accounts", "3") as m:
        want = aws_json({"accountList": fetch_all(m)})
        base = ["list-accounts", "--endpoint-url", m.url, "--debug"]
        r = tinysso(base + ["--profile", "dev"], env)
        check(r.rc == 0 and r.out == want, "sso-session profile: token from the cache")
        check(b"region eu-central-1 (from profile sso_region)" in r.err,
              "the portal region is the session's sso_region")
        r = tinysso(base, dict(env, AWS_PROFILE="legacy"))
        check(r.rc == 0 and r.out == want and b"region ap-south-1" in r.err,
              "AWS_PROFILE selects a legacy profile (expiresAt ...UTC)")
        r = tinysso(base, env)
        check(r.rc == 0 and r.out == want, "default profile (expiresAt with milliseconds)")
        r = tinysso(base + ["--profile", "dev", "--region", "us-east-2"], env)
        check(b"region us-east-2 (from --region)" in r.err, "--region beats the profile")
        r = tinysso(base + ["--profile", "stale"], env)
        check(r.rc == 253 and r.out == b"" and b"expired" in r.err and
              b"aws sso login --profile stale" in r.err,
              "expired token: exit 253 and how to log in")
        r = tinysso(base + ["--profile", "nocache"], env)
        check(r.rc == 253 and b"aws sso login --profile nocache" in r.err,
              "no cached token: exit 253 and how to log in")
        r = tinysso(base + ["--profile", "plain"], env)
        check(r.rc == 253 and b"no SSO settings" in r.err, "profile without SSO settings: 253")
        r = tinysso(base + ["--profile", "ghost"], env)
        check(r.rc == 255 and b"The config profile (ghost) could not be found" in r.err,
              "unknown profile: 255, as the AWS CLI's ProfileNotFound")
        r = tinysso(base + ["--profile", "ghost", "--access-token", TOKEN, "--region", "x-1"], env)
        check(r.rc == 255, "a named profile must exist even with --access-token")
        write(cache_file(home, "corp"), tok("other-token", future))
        r = tinysso(base + ["--profile", "dev"], env)
        check(r.rc == 254 and b"UnauthorizedException" in r.err,
              "the cached token is the one sent (a wrong one is refused by the portal)")
        check(b"other-token" not in r.err, "--debug does not show the cached token")
        r = tinysso(base + ["--profile", "dev", "--access-token", TOKEN], env)
        check(r.rc == 0 and r.out == want, "--access-token beats the cache")
        write(cache_file(home, "corp"), '{"accessToken": "x", "expiresAt": ')
        r = tinysso(base + ["--profile", "dev"], env)
        check(r.rc == 253 and b"unusable" in r.err, "a corrupt cache file: 253")
        other = os.path.join(home, "elsewhere.cfg")
        write(other, "[profile dev]\nsso_start_url = https://legacy.awsapps.com/start\n"
                     "sso_region = sa-east-1\n")
        r = tinysso(base + ["--profile", "dev"], dict(env, AWS_CONFIG_FILE=other))
        check(r.rc == 0 and b"region sa-east-1" in r.err, "AWS_CONFIG_FILE is honoured")
        r = tinysso(base, dict(env, HOME=os.path.join(home, "empty")))
        check(r.rc == 253 and r.out == b"", "no config at all: 253")


def group_tls(home):
    """https via mbedTLS: the test CA from --ca-bundle or AWS_CA_BUNDLE,
    refusals, and the same output as the AWS CLI over the same TLS."""
    env = clean_env(home)
    ca = os.path.join(OPTS.certs, "ca.pem")
    with mock_portal("--accounts", "3", tls=True) as m:
        base = ["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
                "--access-token", TOKEN]
        r = tinysso(base + ["--ca-bundle", ca], env)
        check(r.rc == 0 and json.loads(r.text)["accountList"][0]["accountId"] == "100000000000",
              "list-accounts over TLS with --ca-bundle")
        if have_aws():
            a = aws(base + ["--ca-bundle", ca], env)
            check(a.rc == 0 and a.out == r.out, "same output as the AWS CLI over TLS")
        r2 = tinysso(base, dict(env, AWS_CA_BUNDLE=ca))
        check(r2.rc == 0 and r2.out == r.out, "AWS_CA_BUNDLE")
        r = tinysso(base + ["--ca-bundle", os.path.join(OPTS.certs, "rogue.pem")], env)
        check(r.rc == 255 and r.out == b"" and b"SSL validation failed" in r.err,
              "a CA that did not sign the server: exit 255")
        r = tinysso(base, env)
        check(r.rc == 255 and r.out == b"", "the system store does not trust the test CA: 255")
        r = tinysso(base + ["--ca-bundle", os.path.join(home, "missing.pem")], env)
        check(r.rc == 253 and r.out == b"" and b"Unable to read the CA bundle" in r.err,
              "unreadable CA file: exit 253")
        junk = os.path.join(home, "junk.pem")
        write(junk, "not a certificate\n")
        r = tinysso(base + ["--ca-bundle", junk], env)
        check(r.rc == 253 and b"no usable certificate" in r.err, "CA file without a cert: 253")
        r = tinysso(["list-accounts", "--endpoint-url", "http://127.0.0.1:%d" % m.port,
                     "--region", "us-east-1", "--access-token", TOKEN,
                     "--cli-read-timeout", "3"], env)
        check(r.rc == 255 and r.out == b"", "plain HTTP to a TLS server: exit 255")
    with mock_portal("--accounts", "3", tls=True, cert="wrongname") as m:
        r = tinysso(["list-accounts", "--endpoint-url", m.url, "--region", "us-east-1",
                     "--access-token", TOKEN, "--ca-bundle", ca], env)
        check(r.rc == 255 and r.out == b"", "a certificate for another name: exit 255")


def group_credentials(home):
    """get-role-credentials in its three formats, and as a credential_process
    the AWS CLI itself runs."""
    env = clean_env(home)
    with mock_portal("--accounts", "3", "--cred-ttl", "3600") as m:
        base = ["get-role-credentials", "--account-id", "100000000002", "--role-name",
                "PowerUser", "--endpoint-url", m.url, "--region", "us-east-1",
                "--access-token", TOKEN]
        r = tinysso(base, env)
        doc = json.loads(r.text)
        c = doc["roleCredentials"]
        check(r.rc == 0 and list(doc) == ["roleCredentials"] and
              list(c) == ["accessKeyId", "secretAccessKey", "sessionToken", "expiration"],
              "json: roleCredentials with the model's key order")
        check(r.out == aws_json(doc), "json: the AWS CLI's layout")
        check(len(c["sessionToken"]) == 832 and isinstance(c["expiration"], int),
              "an 832-byte session token and an integer expiration")
        r = tinysso(base + ["--format", "process"], env)
        p = json.loads(r.text)
        check(r.rc == 0 and list(p) == ["Version", "AccessKeyId", "SecretAccessKey",
                                        "SessionToken", "Expiration"] and p["Version"] == 1,
              "process: the credential_process keys")
        check(p["AccessKeyId"] == c["accessKeyId"] and p["SecretAccessKey"] ==
              c["secretAccessKey"] and p["SessionToken"] == c["sessionToken"],
              "process: the same credentials")
        exp = time.mktime(time.strptime(p["Expiration"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", p["Expiration"]) and
              abs(exp - (time.time() + 3600)) < 120, "process: ISO-8601 UTC expiration")
        check(r.out.endswith(b"\n") and r.out.count(b"\n") == 1, "process: one line")
        r = tinysso(base + ["--format", "env"], env)
        lines = r.text.splitlines()
        check(r.rc == 0 and [l.split("=", 1)[0] for l in lines] ==
              ["export AWS_ACCESS_KEY_ID", "export AWS_SECRET_ACCESS_KEY",
               "export AWS_SESSION_TOKEN", "export AWS_CREDENTIAL_EXPIRATION"],
              "env: four export lines")
        sh = subprocess.run(["sh", "-c", r.text + 'printf "%s\\n%s\\n%s\\n" "$AWS_ACCESS_KEY_ID" '
                                       '"$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN"'],
                            stdout=subprocess.PIPE, timeout=10, env=env)
        check(sh.stdout.decode().split("\n")[:3] == [c["accessKeyId"], c["secretAccessKey"],
                                                     c["sessionToken"]],
              "env: a shell gets the credentials")
        if have_aws():
            cfg = os.path.join(home, ".aws", "config")
            write(cfg, "[profile cp]\ncredential_process = %s\n" % " ".join(
                [OPTS.tinysso] + base + ["--format", "process"]))
            a = run([AWS, "configure", "export-credentials", "--profile", "cp", "--format",
                     "process"], env)
            check(a.rc == 0 and json.loads(a.out)["AccessKeyId"] == c["accessKeyId"],
                  "the AWS CLI runs tinysso as credential_process")
        r = tinysso(base[:4] + ["Nope"] + base[5:] + ["--format", "process"], env)
        check(r.rc == 254 and r.out == b"" and
              b"when calling the GetRoleCredentials operation" in r.err,
              "a refused role: exit 254, nothing on stdout")


def group_logout(home):
    """logout calls the Logout operation with the access token."""
    env = clean_env(home)
    with mock_portal("--accounts", "3") as m:
        base = ["--endpoint-url", m.url, "--region", "us-east-1"]
        r = tinysso(["logout", "--access-token", "wrong"] + base, env)
        check(r.rc == 254 and r.err == b"\nAn error occurred (UnauthorizedException) when "
              b"calling the Logout operation: Session token not found or invalid\n",
              "logout with a bad token: 254")
        r = tinysso(["logout", "--access-token", TOKEN] + base, env)
        check(r.rc == 0 and r.out == b"" and r.err == b"", "logout: exit 0, no output")
        check(m.stats()["logouts"] == 1 and m.stats()["ops"].get("Logout") == 2,
              "the portal saw the Logout calls")
        r = tinysso(["list-accounts", "--access-token", TOKEN] + base, env)
        check(r.rc == 254 and b"UnauthorizedException" in r.err, "the token is dead after logout")


GROUPS = {name[6:]: fn for name, fn in globals().items() if name.startswith("group_")}


def main(groups=None):
    """Runs one group; other test files (cli_e2e_*.py) pass their own."""
    global OPTS
    groups = groups or GROUPS
    ap = argparse.ArgumentParser()
    ap.add_argument("--tinysso", required=True)
    ap.add_argument("--mock", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("group", choices=sorted(groups))
    OPTS = ap.parse_args()
    OPTS.tinysso = os.path.abspath(OPTS.tinysso)
    home = tempfile.mkdtemp(prefix="cli-home-")
    try:
        groups[OPTS.group](home)
    except Skip as e:
        print("SKIP: %s" % e)
        return 77
    except Fail as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print("PASS: %s" % OPTS.group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
