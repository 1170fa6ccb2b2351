#!/usr/bin/env python3
"""End-to-end tests of `tinysso login` / `login --refresh` / `logout`, the
refresh of a cached token before a command, and the token cache shared with
the AWS CLI 2 (/usr/bin/aws, Debian's awscli).

One mock (tests/integration/mock_oidc.py: the OIDC service and the portal in
one TLS server on 127.0.0.1) serves both tools. tinysso reaches it through
--oidc-endpoint-url / --endpoint-url. The AWS CLI 2.9 has no endpoint setting
for SSO OIDC, so it reaches the real host names (oidc.us-east-1.amazonaws.com,
portal.sso.us-east-1.amazonaws.com) through HTTPS_PROXY: a CONNECT proxy in
this script that tunnels every connection to the mock on 127.0.0.1, which
shows a certificate for those names from the test CA (AWS_CA_BUNDLE). Nothing
leaves the machine.

usage: login_e2e.py --tinysso BIN --mock-oidc MOCK --certs DIR GROUP
Exit 0 on success, 1 on a failed check, 77 when the group needs the AWS CLI
and it is not installed."""
import argparse
import contextlib
import hashlib
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from itest_lib import Fail, check, mock_portal  # noqa: E402

AWS = "/usr/bin/aws"
RUN_TIMEOUT = 90
SESSION = "corp"
START_URL = "https://d-1234567890.awsapps.com/start"
OPTS = None
PROMPT_HEAD = b"Browser will not be automatically opened.\nPlease visit the following URL:\n\n"


class Skip(Exception):
    pass


def need_aws():
    if not os.access(AWS, os.X_OK):
        raise Skip(AWS + " is not installed")


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err


def run(cmd, env, timeout=RUN_TIMEOUT):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       timeout=timeout)
    print("+ %s -> %d (%.1fs)" % (" ".join(cmd)[:200], p.returncode, time.monotonic() - t0),
          flush=True)
    if p.returncode != 0:
        sys.stdout.write(p.stderr.decode(errors="replace")[-2000:])
    return Result(p.returncode, p.stdout, p.stderr)


def env_for(home, extra=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and k.lower() not in ("https_proxy", "http_proxy")}
    env.update({"HOME": home, "LC_ALL": "C.UTF-8", "AWS_PAGER": "",
                "AWS_CONFIG_FILE": os.path.join(home, ".aws", "config"),
                "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, ".aws", "credentials")})
    env.update(extra or {})
    return env


def write_config(home):
    os.makedirs(os.path.join(home, ".aws"), exist_ok=True)
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write("[profile dev]\nsso_session = %s\nsso_account_id = 100000000000\n"
                "sso_role_name = ReadOnly\nregion = us-east-1\n\n"
                "[sso-session %s]\nsso_start_url = %s\nsso_region = us-east-1\n"
                "sso_registration_scopes = sso:account:access\n\n"
                "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\n"
                "sso_region = us-east-1\nsso_account_id = 100000000000\n"
                "sso_role_name = ReadOnly\n" % (SESSION, SESSION, START_URL))


def cache_path(home, key):
    return os.path.join(home, ".aws", "sso", "cache",
                        hashlib.sha1(key.encode()).hexdigest() + ".json")


def load(path):
    with open(path) as f:
        return json.load(f)


# --- servers ---------------------------------------------------------------

def aws_names_cert(tmp):
    """A server certificate for the AWS host names (and localhost), from the
    test CA, in a folder mock_portal() can use as its certs folder."""
    conf = os.path.join(tmp, "aws.cnf")
    with open(conf, "w") as f:
        f.write("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = aws\n[leaf]\n"
                "basicConstraints = critical, CA:false\n"
                "keyUsage = critical, digitalSignature, keyEncipherment\n"
                "extendedKeyUsage = serverAuth\nsubjectAltName = "
                "DNS:oidc.us-east-1.amazonaws.com,DNS:portal.sso.us-east-1.amazonaws.com,"
                "DNS:localhost,IP:127.0.0.1\n")
    key, csr, pem = (os.path.join(tmp, n) for n in ("aws.key", "aws.csr", "aws.pem"))
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                    "rsa_keygen_bits:2048", "-out", key], check=True, capture_output=True)
    subprocess.run(["openssl", "req", "-config", conf, "-new", "-key", key, "-out", csr],
                   check=True, capture_output=True)
    subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA",
                    os.path.join(OPTS.certs, "ca.pem"), "-CAkey",
                    os.path.join(OPTS.certs, "ca.key"), "-set_serial",
                    str(int(time.time() * 1000)), "-days", "7", "-extfile", conf,
                    "-extensions", "leaf", "-out", pem], check=True, capture_output=True)
    with open(os.path.join(tmp, "aws-chain.pem"), "w") as out:
        out.write(open(pem).read() + open(os.path.join(OPTS.certs, "ca.pem")).read())
    return tmp


@contextlib.contextmanager
def connect_proxy(port):
    """HTTP CONNECT proxy on 127.0.0.1: every tunnel goes to 127.0.0.1:port,
    whatever host it names (those asked for are recorded). Stopped on exit."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    lsock.settimeout(0.2)
    done = threading.Event()
    asked, socks = [], []

    def pipe(a, b):
        try:
            while True:
                d = a.recv(65536)
                if not d:
                    break
                b.sendall(d)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                b.shutdown(socket.SHUT_WR)

    def tunnel(c):
        buf = b""
        while b"\r\n\r\n" not in buf and len(buf) < 8192:
            d = c.recv(4096)
            if not d:
                return
            buf += d
        asked.append(buf.split(b"\r\n")[0].decode("latin-1"))
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        socks.append(s)
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        t = threading.Thread(target=pipe, args=(c, s), daemon=True)
        t.start()
        pipe(s, c)
        t.join(timeout=30)

    def loop():
        while not done.is_set():
            try:
                c, _ = lsock.accept()
            except (socket.timeout, OSError):
                continue
            c.settimeout(30)
            socks.append(c)
            threading.Thread(target=tunnel, args=(c,), daemon=True).start()

    t = threading.Thread(target=loop, daemon=True)
    t.start()
    try:
        yield "http://127.0.0.1:%d" % lsock.getsockname()[1], asked
    finally:
        done.set()
        for s in socks:
            with contextlib.suppress(OSError):
                s.close()
        lsock.close()
        t.join(timeout=5)


@contextlib.contextmanager
def servers(tmp, *extra):
    """The mock (OIDC + portal) with the AWS-names certificate, and the
    proxy the AWS CLI goes through."""
    with mock_portal(aws_names_cert(tmp), cert="aws", extra=list(extra),
                     script=OPTS.mock_oidc) as m:
        m.url = "https://localhost:%d" % m.port
        with connect_proxy(m.port) as (proxy, asked):
            m.proxy, m.asked = proxy, asked
            yield m


def tinysso(m, args, env, oidc=True):
    extra = ["--ca-bundle", os.path.join(OPTS.certs, "ca.pem")]
    if oidc:
        extra += ["--oidc-endpoint-url", m.url]
    return run([OPTS.tinysso] + list(args) + extra, env)


def aws(m, args, env):
    e = dict(env)
    e.update({"HTTPS_PROXY": m.proxy, "AWS_CA_BUNDLE": os.path.join(OPTS.certs, "ca.pem")})
    return run([AWS] + list(args), e)


def check_cache_file(path, what):
    st = os.stat(path)
    check(stat.S_IMODE(st.st_mode) == 0o600, what + ": cache file mode 0600")
    check(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700,
          what + ": cache directory mode 0700")
    doc = load(path)
    keys = ["startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret",
            "registrationExpiresAt", "refreshToken"]
    check(list(doc) == keys, what + ": the AWS CLI's members in its order")
    left = time.mktime(time.strptime(doc["expiresAt"], "%Y-%m-%dT%H:%M:%SZ")) - time.mktime(
        time.gmtime())
    check(3500 < left <= 3600, what + ": expiresAt is now + expiresIn")
    return doc


# --- groups ----------------------------------------------------------------

def group_login(home, tmp):
    """tinysso login writes the cache; tinysso and the AWS CLI both use it."""
    write_config(home)
    env = env_for(home)
    with servers(tmp, "--polls", "pending,ok") as m:
        r = tinysso(m, ["login", "--profile", "dev", "--no-browser"], env)
        check(r.rc == 0, "login: exit 0")
        check(r.out.startswith(PROMPT_HEAD), "the AWS CLI's prompt text on stdout")
        check(b"\nThen enter the code:\n\n" in r.out and
              b"autofill the code upon loading:\nhttps://device.sso.us-east-1.amazonaws.com/"
              b"?user_code=" in r.out, "user code and complete URI shown")
        check(r.out.endswith(b"Successfully logged into Start URL: %s\n" % START_URL.encode()),
              "success line as the AWS CLI's")
        path = cache_path(home, SESSION)
        doc = check_cache_file(path, "tinysso login")
        check(doc["startUrl"] == START_URL and doc["region"] == "us-east-1", "startUrl, region")
        o = m.stats()["oidc"]
        check(o["last_scopes"] == ["sso:account:access"], "sso_registration_scopes sent")
        r = tinysso(m, ["list-accounts", "--profile", "dev", "--endpoint-url", m.url], env)
        check(r.rc == 0 and len(json.loads(r.out)["accountList"]) == 3,
              "tinysso list-accounts --profile dev uses the cache")
        # The same login once more: the cached registration is reused.
        r = tinysso(m, ["login", "--profile", "dev"], env)
        check(r.rc == 0 and m.stats()["oidc"]["registers"] == 1,
              "second login reuses the cached client registration")
        need_aws()
        tok = load(path)["accessToken"]
        r = aws(m, ["sso", "list-accounts", "--profile", "dev", "--access-token", tok,
                    "--endpoint-url", m.url, "--ca-bundle", os.path.join(OPTS.certs, "ca.pem")],
                env)
        check(r.rc == 0 and len(json.loads(r.out)["accountList"]) == 3,
              "aws sso list-accounts with the cached token")
        # The AWS CLI's SSO credential provider reads tinysso's cache file.
        r = aws(m, ["configure", "export-credentials", "--profile", "dev"], env)
        check(r.rc == 0 and json.loads(r.out)["AccessKeyId"].startswith("ASIA"),
              "aws configure export-credentials --profile dev reads tinysso's cache")
        check(any("portal.sso.us-east-1.amazonaws.com" in a for a in m.asked),
              "the AWS CLI went to the portal host (through the proxy)")


def group_prompt(home, tmp):
    """The prompt and success text, byte for byte against aws sso login."""
    need_aws()
    write_config(home)
    env = env_for(home)
    with servers(tmp, "--polls", "pending,ok") as m:
        a = aws(m, ["sso", "login", "--no-browser", "--profile", "dev"], env)
        check(a.rc == 0, "aws sso login against the mock: exit 0")
        t = tinysso(m, ["login", "--profile", "dev"], env)
        check(t.rc == 0, "tinysso login: exit 0")

        def masked(out):
            # The user codes differ between two logins; nothing else may.
            lines = out.decode().split("\n")
            return [("CODE" if "user_code" not in ln and len(ln) == 9 and ln[4] == "-" else
                     ln.split("?user_code=")[0]) for ln in lines]
        check(masked(t.out) == masked(a.out), "tinysso's stdout is the AWS CLI's")
        check(t.err == a.err == b"", "nothing on stderr from either")


def group_aws_login(home, tmp):
    """aws sso login writes the cache; tinysso uses it and refreshes it."""
    need_aws()
    write_config(home)
    env = env_for(home)
    with servers(tmp, "--polls", "pending,ok") as m:
        r = aws(m, ["sso", "login", "--no-browser", "--profile", "dev"], env)
        check(r.rc == 0, "aws sso login: exit 0")
        path = cache_path(home, SESSION)
        first = load(path)
        r = tinysso(m, ["list-accounts", "--profile", "dev", "--endpoint-url", m.url], env)
        check(r.rc == 0 and m.stats()["oidc"]["refresh_calls"] == 0,
              "tinysso uses the AWS CLI's fresh token as is")
        # Ten minutes left: inside the 15-minute window, so it is refreshed.
        doc = dict(first)
        doc["expiresAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 600))
        with open(path, "w") as f:
            json.dump(doc, f)
        r = tinysso(m, ["list-accounts", "--profile", "dev", "--endpoint-url", m.url], env)
        check(r.rc == 0 and m.stats()["oidc"]["refresh_calls"] == 1,
              "a token near its end is refreshed before the command")
        second = check_cache_file(path, "refreshed by tinysso")
        check(second["accessToken"] != first["accessToken"] and
              second["refreshToken"] != first["refreshToken"],
              "new access token and the rotated refresh token cached")
        check(second["clientId"] == first["clientId"], "registration kept")
        # Expired: refreshed too, and the command succeeds.
        doc = dict(second)
        doc["expiresAt"] = "2020-01-01T00:00:00Z"
        with open(path, "w") as f:
            json.dump(doc, f)
        r = tinysso(m, ["list-accounts", "--profile", "dev", "--endpoint-url", m.url], env)
        check(r.rc == 0 and m.stats()["oidc"]["refresh_calls"] == 2,
              "an expired token with a refresh token is refreshed")
        r = tinysso(m, ["login", "--refresh", "--profile", "dev"], env)
        check(r.rc == 0 and m.stats()["oidc"]["refresh_calls"] == 3 and
              b"Successfully refreshed" in r.out, "login --refresh forces a refresh")
        r = aws(m, ["configure", "export-credentials", "--profile", "dev"], env)
        check(r.rc == 0, "the AWS CLI uses the cache tinysso refreshed")


def group_refresh_errors(home, tmp):
    """A refresh the service refuses leaves the command to the old token."""
    write_config(home)
    env = env_for(home)
    with servers(tmp, "--polls", "ok", "--refresh", "invalid_grant") as m:
        r = tinysso(m, ["login", "--profile", "dev"], env)
        check(r.rc == 0, "login")
        path = cache_path(home, SESSION)
        doc = load(path)
        doc["expiresAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 300))
        with open(path, "w") as f:
            json.dump(doc, f)
        r = tinysso(m, ["list-accounts", "--profile", "dev", "--endpoint-url", m.url], env)
        check(r.rc == 0 and m.stats()["oidc"]["refresh_calls"] == 1,
              "InvalidGrantException on refresh: the still-valid token is used")
        r = tinysso(m, ["login", "--refresh", "--profile", "dev"], env)
        check(r.rc == 254 and b"InvalidGrantException" in r.err and
              b"CreateToken" in r.err, "login --refresh reports InvalidGrantException")
        os.remove(path)
        r = tinysso(m, ["login", "--refresh", "--profile", "dev"], env)
        check(r.rc == 253, "login --refresh without a cache: 253")


def group_login_errors(home, tmp):
    """Denied and expired device codes, and bad configuration."""
    write_config(home)
    env = env_for(home)
    with servers(tmp, "--polls", "pending,denied") as m:
        r = tinysso(m, ["login", "--profile", "dev"], env)
        check(r.rc == 254 and b"AccessDeniedException" in r.err, "denied: 254")
        check(not os.path.exists(cache_path(home, SESSION)), "no cache written")
    with servers(tmp, "--polls", "expired") as m:
        r = tinysso(m, ["login", "--profile", "dev"], env)
        check(r.rc == 255 and b"pending authorization to retrieve an SSO token has expired"
              in r.err, "expired: botocore's text, 255")
        r = tinysso(m, ["login", "--profile", "nope"], env)
        check(r.rc == 253 and b"could not be found" in r.err, "unknown profile: 253")
        r = tinysso(m, ["login", "--start-url", START_URL], env)
        check(r.rc == 252, "--start-url without --region: 252")


def group_legacy(home, tmp):
    """--start-url/--region need no config; legacy profiles key by URL."""
    write_config(home)
    env = env_for(home)
    with servers(tmp, "--polls", "ok") as m:
        url = "https://nocfg.awsapps.com/start"
        r = tinysso(m, ["login", "--start-url", url, "--region", "us-east-1", "--scopes",
                        "sso:account:access, other:scope"], env)
        check(r.rc == 0, "login --start-url --region --scopes")
        check(m.stats()["oidc"]["last_scopes"] == ["sso:account:access", "other:scope"],
              "--scopes split as the AWS CLI splits sso_registration_scopes")
        check_cache_file(cache_path(home, url), "keyed by the start URL")
        r = tinysso(m, ["login", "--profile", "legacy"], env)
        check(r.rc == 0, "legacy profile login")
        check_cache_file(cache_path(home, "https://legacy.awsapps.com/start"), "legacy profile")


def group_logout(home, tmp):
    """logout: Logout for every cached token, expired ones too, then the
    files go; registrations and other files stay."""
    write_config(home)
    env = env_for(home)
    with servers(tmp, "--polls", "ok") as m:
        check(tinysso(m, ["login", "--profile", "dev"], env).rc == 0, "login dev")
        check(tinysso(m, ["login", "--profile", "legacy"], env).rc == 0, "login legacy")
        legacy = cache_path(home, "https://legacy.awsapps.com/start")
        doc = load(legacy)
        doc["expiresAt"] = "2020-01-01T00:00:00Z"
        with open(legacy, "w") as f:
            json.dump(doc, f)
        cache = os.path.dirname(legacy)
        with open(os.path.join(cache, "registration.json"), "w") as f:
            json.dump({"clientId": "x", "clientSecret": "y", "expiresAt": "2030-01-01T00:00:00Z"},
                      f)
        with open(os.path.join(cache, "notes.txt"), "w") as f:
            f.write("keep")
        r = tinysso(m, ["logout", "--endpoint-url", m.url], env)
        check(r.rc == 0 and r.out == b"" and r.err == b"", "logout: exit 0, silent")
        check(m.stats()["ops"].get("Logout") == 2, "Logout called for both tokens, expired too")
        check(sorted(os.listdir(cache)) == ["notes.txt", "registration.json"],
              "token files deleted, the rest kept")
        r = tinysso(m, ["logout"], env)
        check(r.rc == 0 and m.stats()["ops"].get("Logout") == 2, "nothing left: no call, exit 0")


GROUPS = {name[6:]: fn for name, fn in globals().items() if name.startswith("group_")}


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--tinysso", required=True)
    ap.add_argument("--mock-oidc", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("group", choices=sorted(GROUPS))
    OPTS = ap.parse_args()
    OPTS.tinysso = os.path.abspath(OPTS.tinysso)
    home = tempfile.mkdtemp(prefix="login-home-")
    tmp = tempfile.mkdtemp(prefix="login-certs-")
    try:
        GROUPS[OPTS.group](home, tmp)
    except Skip as e:
        print("SKIP: %s" % e)
        return 77
    except Fail as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS: %s" % OPTS.group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
