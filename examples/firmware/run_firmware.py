#!/usr/bin/env python3
"""ctest driver of the device image: boots it in QEMU (mps2-an385) on a TAP
device inside a network namespace this test creates, with the mock portal
(over TLS, the test CA) and an SNTP server on the namespace's side of the
TAP, and checks the firmware's results against the mock's data and
counters. Needs root and /dev/net/tun; without them it exits 77 (skip).

    run_firmware.py --qemu QEMU --image ELF --certs DIR [--metrics OUT.json]

Addresses: 10.77.0.1 (namespace: mocks, SNTP), 10.77.0.2 (the image).
Ports (fixed: the namespace is the test's own): 8443 TLS 1.3 walk,
8444 TLS 1.2 only, 8445 untrusted certificate, 8446 wrong host name.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from itest_lib import Fail, check, ensure_certs, kv, main_wrapper, mock_portal, stop  # noqa: E402
import mock_portal as mock_mod  # noqa: E402

SKIP = 77
NS_IP = "10.77.0.1"
ACCOUNTS = 250
QEMU_TIMEOUT = 240


def sh(*cmd):
    p = subprocess.run(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    if p.returncode != 0:
        raise Fail("%s: %s" % (" ".join(cmd), p.stdout.decode(errors="replace").strip()))


def fnv(h, data):
    for b in data + b"\xff":
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def expected_accounts():
    portal = mock_mod.Portal(types.SimpleNamespace(token="test-token", throttle=0,
                                                   accounts=ACCOUNTS, roles=3))
    h = 2166136261
    for a in portal.accounts:
        for k in ("accountId", "accountName", "emailAddress"):
            h = fnv(h, a[k].encode())
    return portal, h


def expect_creds(out, label, acct, role):
    akid, secret, token = mock_mod.fake_credentials(acct, role)
    h = fnv(fnv(2166136261, secret.encode()), token.encode())
    check(out.get(label + ".status") == "ok", "%s: GetRoleCredentials OK" % label)
    check(out.get(label + ".akid") == akid, "%s: access key id of %s/%s" % (label, acct, role))
    check(out.get(label + ".secret_len") == str(len(secret)) and
          out.get(label + ".token_len") == str(len(token)) and
          out.get(label + ".secret_digest") == "%08x" % h,
          "%s: secret and session token as the mock issued them" % label)


def boot(a, inside):
    cmd = inside + [a.qemu, "-M", "mps2-an385", "-nographic", "-icount", "shift=0",
                    "-semihosting-config", "enable=on,target=native",
                    "-nic", "tap,ifname=tap0,script=no,downscript=no,model=lan9118",
                    "-kernel", a.image]
    print("+ " + " ".join(cmd), flush=True)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=QEMU_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        sys.stdout.write((e.stdout or b"").decode(errors="replace"))
        raise Fail("the image did not exit within %d s (QEMU killed)" % QEMU_TIMEOUT)
    out = p.stdout.decode(errors="replace")
    sys.stdout.write(out)
    return p.returncode, out


def save_metrics(a, out):
    """The firmware's figures (metric.* lines) for scripts/fw_table.py."""
    if not a.metrics:
        return
    metrics = {k[7:]: int(v) for k, v in out.items() if k.startswith("metric.")}
    metrics["image"] = os.path.basename(a.image)
    metrics["date"] = datetime.date.today().isoformat()
    with open(a.metrics, "w") as f:
        json.dump(metrics, f, indent=1, sort_keys=True)


def test(a, ns):
    ensure_certs(a.certs)
    with open(os.path.join(a.certs, "ca.pem"), "rb") as f:
        ca = f.read()
    with open(a.image, "rb") as f:
        check(ca in f.read(), "the image embeds the test CA of %s (else rebuild it)" % a.certs)
    sh("ip", "netns", "add", ns)
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "-n", ns, "tuntap", "add", "dev", "tap0", "mode", "tap")
    sh("ip", "-n", ns, "addr", "add", NS_IP + "/24", "dev", "tap0")
    sh("ip", "-n", ns, "link", "set", "tap0", "up")
    inside = ["ip", "netns", "exec", ns]
    sntp = subprocess.Popen(inside + [sys.executable, os.path.join(HERE, "sntp_server.py"),
                                      NS_IP, "--lifetime", str(QEMU_TIMEOUT + 30)],
                            stdout=subprocess.PIPE)
    try:
        check(sntp.stdout.readline().strip() == b"READY", "SNTP server up on %s:123" % NS_IP)
        common = dict(host=NS_IP, prefix=inside)
        with mock_portal(a.certs, extra=["--port", "8443", "--accounts", str(ACCOUNTS)],
                         **common) as m13, \
                mock_portal(a.certs, extra=["--port", "8444", "--tls-max", "1.2"],
                            **common) as m12, \
                mock_portal(a.certs, cert="untrusted", extra=["--port", "8445"],
                            **common) as mu, \
                mock_portal(a.certs, cert="wrongname", extra=["--port", "8446"],
                            **common) as mw:
            rc, text = boot(a, inside)
            out = kv(text)
            save_metrics(a, out)
            check(rc == 0 and "RESULT: PASS" in text, "the image ran and passed (QEMU exit %d)" % rc)
            check(int(out.get("lan9118.irqs", "0")) > 0 and out.get("lan9118.rx_dropped") == "0" and
                  out.get("lan9118.tx_errors") == "0",
                  "LAN9118: frames received on interrupts, none dropped, no TX error")
            portal, digest = expected_accounts()
            check(out.get("walk.status") == "ok" and out.get("walk.accounts") == str(ACCOUNTS) and
                  out.get("walk.pages") == "3", "ListAccounts: %d accounts in 3 pages" % ACCOUNTS)
            check(out.get("walk.digest") == "%08x" % digest,
                  "every account id, name (UTF-8) and email as the mock has them")
            roles = [ln.split()[0][5:] for ln in text.splitlines() if ln.startswith("role=")]
            check(roles == portal.roles, "ListAccountRoles: %s" % roles)
            first = portal.accounts[0]["accountId"]
            expect_creds(out, "creds", first, "ReadOnly")
            expect_creds(out, "creds2", first, "PowerUser")
            expect_creds(out, "tls12", "100000000001", "ReadOnly")
            expect_creds(out, "tls12r", "100000000001", "ReadOnly")
            s = m13.stats()
            check(s["ops"].get("ListAccounts") == 3 and s["ops"].get("ListAccountRoles") == 1 and
                  s["ops"].get("GetRoleCredentials") == 2 and s["logouts"] == 1,
                  "the TLS 1.3 mock served the walk, two credentials calls and the logout")
            check(s["connections"] == 2 and s["max_requests_per_connection"] >= 5,
                  "walk on one connection, then one reconnect: %s" % s)
            check(s["tls_resumed"] == 1, "the reconnect resumed the TLS 1.3 session")
            expect_creds(out, "tls12fb", "100000000002", "PowerUser")
            check(out.get("walk.tls_version") == "0304" and
                  out.get("tls12fb.tls_version") == "0303", "TLS 1.3 walk, TLS 1.2 fallback")
            s = m12.stats()
            check(s["connections"] == 4 and s["tls_handshakes"] == 3 and
                  s["tls_failures"] == 1 and s["tls_resumed"] == 1,
                  "TLS 1.2: full, resumed, then a refused 1.2+1.3 hello and its 1.2 retry: %s" % s)
            for name, mk in (("untrusted", mu), ("wrongname", mw)):
                s = mk.stats()
                check(out.get(name + ".status") == "TLS certificate rejected",
                      "%s certificate refused with SSO_ERR_TLS_VERIFY" % name)
                check(s["requests"] == 0 and s["tls_handshakes"] == 0,
                      "%s: no request reached the mock: %s" % (name, s))
    finally:
        stop(sntp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("--metrics")
    a = ap.parse_args()
    if os.geteuid() != 0 or not os.path.exists("/dev/net/tun"):
        print("SKIP: needs root and /dev/net/tun (network namespace + TAP device)")
        sys.exit(SKIP)
    ns = "ssofw%d" % os.getpid()

    def run():
        try:
            test(a, ns)
        finally:
            subprocess.run(["ip", "netns", "del", ns], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    main_wrapper(run)


if __name__ == "__main__":
    main()
