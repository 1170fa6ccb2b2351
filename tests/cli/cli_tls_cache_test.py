#!/usr/bin/env python3
"""The CLI's opt-in TLS session cache (examples/cli/cli_tls_cache.c), end to
end against the mock portal over TLS. The mock's own counters say whether a
process resumed or did a full handshake.

  cli_tls_cache_test.py --tinysso BIN --certs DIR

Proves: off unless TINYSSO_TLS_SESSION_CACHE=1; the second process resumes;
the file is mode 0600 (even under umask 000) in ~/.aws/sso/cache; another CA
bundle (another path, or the same path with other content) never uses it;
a damaged, truncated, foreign or too-open file means a full handshake and a
successful call, never a crash; a session whose secret was altered (checksum
made to match) fails to resume and the call still succeeds."""
import argparse
import glob
import hashlib
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from itest_lib import Fail, check, ensure_certs, main_wrapper, mock_portal  # noqa: E402

TOKEN = "test-token"
OPTS = None


def call(m, home, ca, cache=True, umask=None):
    """One get-role-credentials process; returns (exit code, stderr, the
    mock's full and resumed handshakes during it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TINYSSO_"))}
    env["HOME"] = home
    if cache:
        env["TINYSSO_TLS_SESSION_CACHE"] = "1"
    before = m.stats()
    p = subprocess.run([OPTS.tinysso, "get-role-credentials", "--account-id", "100000000000",
                        "--role-name", "ReadOnly", "--endpoint-url",
                        "https://localhost:%d" % m.port, "--region", "us-east-1",
                        "--access-token", TOKEN, "--ca-bundle", ca, "--debug"],
                       env=env, capture_output=True, timeout=60,
                       preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)
    after = m.stats()
    hs = after["tls_handshakes"] - before["tls_handshakes"]
    res = after["tls_resumed"] - before["tls_resumed"]
    if p.returncode != 0:
        sys.stdout.write(p.stderr.decode(errors="replace")[-3000:])
    return p.returncode, p.stderr.decode(errors="replace"), hs - res, res


def cache_files(home):
    return sorted(glob.glob(os.path.join(home, ".aws", "sso", "cache", "tinysso-tls-*.bin")))


def rewrite_sum(data):
    """The file's SHA-1 trailer recomputed, as a careless editor would not."""
    return data[:-20] + hashlib.sha1(data[:-20]).digest()


def run(opts):
    global OPTS
    OPTS = opts
    certs = ensure_certs(opts.certs)
    work = tempfile.mkdtemp(prefix="cli-tls-cache-")
    try:
        ca = os.path.join(work, "ca.pem")
        shutil.copy(os.path.join(certs, "ca.pem"), ca)
        with mock_portal(certs, extra=("--accounts", "1")) as m:
            home = os.path.join(work, "home")
            os.makedirs(home)

            rc, _, full, res = call(m, home, ca, cache=False)
            check(rc == 0 and full == 1 and res == 0, "cache off by default: a full handshake")
            check(cache_files(home) == [], "cache off by default: no file written")

            rc, err, full, res = call(m, home, ca, umask=0)
            check(rc == 0 and full == 1 and res == 0, "first process: full handshake")
            files = cache_files(home)
            check(len(files) == 1, "first process saved one session file")
            mode = stat.S_IMODE(os.stat(files[0]).st_mode)
            check(mode == 0o600, "session file mode is 0600 under umask 000 (got %o)" % mode)
            check(stat.S_IMODE(os.stat(os.path.dirname(files[0])).st_mode) & 0o077 == 0,
                  "cache directory it created is private")
            check(TOKEN not in err, "the debug log never shows the token")

            rc, _, full, res = call(m, home, ca)
            check(rc == 0 and full == 0 and res == 1, "second process resumed the session")

            # Another CA setting: the same certificate at another path...
            other = os.path.join(work, "other-ca.pem")
            shutil.copy(ca, other)
            rc, _, full, res = call(m, home, other)
            check(rc == 0 and full == 1 and res == 0, "another CA bundle path: full handshake")
            check(len(cache_files(home)) == 2, "another CA bundle path: its own session file")
            # ...and the same path with other content.
            time.sleep(0.01)
            with open(ca, "a") as f:
                f.write("\n")
            rc, _, full, res = call(m, home, ca)
            check(rc == 0 and full == 1 and res == 0, "CA bundle changed in place: full handshake")

            # Damage: each variant written over the current file, then a call.
            rc, _, full, res = call(m, home, ca)
            check(res == 1, "resumes again once the new setting has its session")
            target = max(cache_files(home), key=os.path.getmtime)
            with open(target, "rb") as f:
                good = f.read()
            variants = [
                ("empty file", b""),
                ("random bytes", os.urandom(len(good))),
                ("truncated to half", good[: len(good) // 2]),
                ("truncated by one byte", good[:-1]),
                ("one flipped byte in the header", good[:9] + bytes([good[9] ^ 1]) + good[10:]),
                ("one flipped byte in the session", good[:60] + bytes([good[60] ^ 0x80]) +
                 good[61:]),
                ("a longer session length", rewrite_sum(good[:8 + 8 + 2 + 1 + good[18] + 3] +
                                                        b"\xff" + good[8 + 8 + 2 + 1 + good[18] + 4:])),
                ("saved in the future", rewrite_sum(good[:8] + struct.pack(">Q", int(time.time()) +
                                                                          86400) + good[16:])),
                ("older than 12 hours", rewrite_sum(good[:8] + struct.pack(">Q", int(time.time()) -
                                                                          13 * 3600) + good[16:])),
            ]
            for what, data in variants:
                with open(target, "wb") as f:
                    f.write(data)
                os.chmod(target, 0o600)
                rc, _, full, res = call(m, home, ca)
                check(rc == 0 and full == 1 and res == 0, "%s: call succeeds, full handshake" % what)

            # One byte of the session altered and the checksum made to
            # match, at offsets that cover the session's secret: mbedTLS
            # accepts the file, the server rejects the resumption, and the
            # CLI retries with a full handshake. Every call must succeed.
            retried = 0
            for off in range(24, 120, 4):
                rc, _, full, res = call(m, home, ca)  # a fresh good session first
                with open(target, "rb") as f:
                    good = f.read()
                blob_at = 8 + 8 + 2 + 1 + good[18] + 4
                if blob_at + off >= len(good) - 20:
                    break
                at = blob_at + off
                with open(target, "wb") as f:
                    f.write(rewrite_sum(good[:at] + bytes([good[at] ^ 0x5A]) + good[at + 1:]))
                rc, err, full, res = call(m, home, ca)
                if rc != 0:
                    raise Fail("session byte %d altered: the call failed" % off)
                retried += "resuming the cached TLS session failed" in err
            check(retried > 0, "an altered session secret: resumption failed, the CLI retried "
                  "with a full handshake and the call succeeded (%d offsets)" % retried)

            # Too open, or not ours: ignored.
            rc, _, full, res = call(m, home, ca)
            os.chmod(target, 0o644)
            rc, _, full, res = call(m, home, ca)
            check(rc == 0 and full == 1 and res == 0, "group/world-readable file: ignored")
            check(stat.S_IMODE(os.stat(target).st_mode) == 0o600,
                  "the rewritten file is 0600 again")
            if os.geteuid() == 0:
                os.chown(target, 1, 1)
                rc, _, full, res = call(m, home, ca)
                check(rc == 0 and full == 1 and res == 0, "file owned by another user: ignored")
            # A symlink in its place is not followed.
            rc, _, full, res = call(m, home, ca)
            os.unlink(target)
            os.symlink(files[0] if files[0] != target else other, target)
            rc, _, full, res = call(m, home, ca)
            check(rc == 0 and full == 1 and res == 0, "a symlink in place of the file: ignored")
            check(not os.path.islink(target), "the symlink was replaced by a regular file")
            # Unwritable cache folder: the call still succeeds.
            cache_dir = os.path.dirname(target)
            shutil.rmtree(cache_dir)
            with open(cache_dir, "w") as f:
                f.write("not a folder")
            rc, _, full, res = call(m, home, ca)
            check(rc == 0 and full == 1, "no usable cache folder: the call succeeds")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tinysso", required=True)
    ap.add_argument("--certs", required=True)
    return run(ap.parse_args())


if __name__ == "__main__":
    main_wrapper(main)
