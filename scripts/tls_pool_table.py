#!/usr/bin/env python3
"""Measures mbedTLS 3.6's static pool for one CLI-like call (load the CA,
connect, GetRoleCredentials, close; then again with the saved session) over
TLS 1.2 and TLS 1.3 against the mock portal on 127.0.0.1, and writes the
table into port/mbedtls/README.md and the summary line into README.md
(between their tls-pool markers), with the date and the commit.

    scripts/tls_pool_table.py [--build build/host-mbedtls36] [--print]

Needs the 3.6 tree built (-DTINYSSO_MBEDTLS36=ON, target sso_tls_pool). The
smallest pool is found by bisection: the call is repeated with smaller
pools until it fails (pool headers are 8 words, so 64-bit host figures are
an upper bound for a 32-bit MCU)."""
import argparse
import datetime
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from itest_lib import ensure_certs, kv, mock_portal  # noqa: E402

ROWS = [
    ("after `sso_tls_init` (one CA, DRBG, PSA)", "after_init_bytes"),
    ("peak of the full handshake", "full_handshake_peak_bytes"),
    ("connection open after the call (kept alive)", "full_open_bytes"),
    ("peak of the whole call", "full_call_peak_bytes"),
    ("idle: closed, session saved", "full_idle_bytes"),
    ("peak of the resumed handshake", "resumed_handshake_peak_bytes"),
    ("most pool blocks in use during the call", "full_call_peak_blocks"),
    ("after `sso_tls_free` (PSA's own state)", "after_free_bytes"),
    ("`sizeof(sso_tls_t)` (static, not in the pool)", "sizeof_sso_tls_t"),
]


def run_pool(exe, ca, port, version, pool=None):
    cmd = [exe] + (["--pool", str(pool)] if pool else []) + (
        ["--tls12"] if version == "1.2" else []) + [ca, "localhost", str(port), "test-token"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    return p.returncode, kv(p.stdout.decode(errors="replace"))


def measure(exe, certs, version):
    ca = os.path.join(certs, "ca.pem")
    with mock_portal(certs, extra=["--tls-max", version]) as m:
        rc, r = run_pool(exe, ca, m.port, version)
        if rc != 0 or r.get("full_tls_version") != version or r.get("resumed_resumed") != "1":
            sys.exit("sso_tls_pool failed over TLS %s: %s" % (version, r))
        lo, hi = 4096, int(r["pool"])  # lo fails, hi works
        while hi - lo > 256:
            mid = (lo + hi) // 2 // 64 * 64
            ok = run_pool(exe, ca, m.port, version, mid)[0] == 0
            lo, hi = (lo, mid) if ok else (mid, hi)
        r["smallest_pool"] = str(hi)
    return r


def kib(n):
    return "%.1f KiB" % (int(n) / 1024.0)


def replace_between(path, begin, end, text):
    with open(path) as f:
        s = f.read()
    i, j = s.find(begin), s.find(end)
    if i < 0 or j < i:
        sys.exit("%s: markers %s ... %s not found" % (path, begin, end))
    s = s[:i + len(begin)] + "\n" + text + s[j:]
    with open(path, "w") as f:
        f.write(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "host-mbedtls36"))
    ap.add_argument("--print", action="store_true", help="print, do not write the READMEs")
    a = ap.parse_args()
    exe = os.path.join(a.build, "bin", "sso_tls_pool")
    if not os.path.exists(exe):
        sys.exit("%s missing: build the 3.6 tree (-DTINYSSO_MBEDTLS36=ON)" % exe)
    certs = ensure_certs(os.path.join(a.build, "tls-pool-certs"))
    r12, r13 = measure(exe, certs, "1.2"), measure(exe, certs, "1.3")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            stdout=subprocess.PIPE, text=True).stdout.strip()
    date = datetime.date.today().isoformat()
    lines = ["Measured %s at commit %s by `scripts/tls_pool_table.py` (mbedTLS %s, "
             "`sso_mbedtls_config_host36.h`: %s B records each way, RSA-2048 server "
             "certificate, x86-64; bytes are mbedTLS's payload; the 1.2 column offers 1.2 "
             "alone, as after the port's 1.2 fallback):" %
             (date, commit, r13["mbedtls"], r13["ssl_in_content_len"]), "",
             "| mbedTLS 3.6 pool | TLS 1.2 | TLS 1.3 |", "|---|---|---|"]
    for label, key in ROWS:
        lines.append("| %s | %s | %s |" % (label, format(int(r12[key]), ","),
                                           format(int(r13[key]), ",")))
    lines.append("| smallest pool both calls succeed with (64-bit headers) | %s | %s |" %
                 (format(int(r12["smallest_pool"]), ","), format(int(r13["smallest_pool"]), ",")))
    lines.append("")
    table = "\n".join(lines)
    summary = ("mbedTLS 3.6 pool peak for one CLI call (host config, 16 KiB records, measured "
               "%s at %s): **%s over TLS 1.2, %s over TLS 1.3** (smallest working pool %s / "
               "%s); see port/mbedtls/README.md.\n" %
               (date, commit, kib(r12["full_call_peak_bytes"]), kib(r13["full_call_peak_bytes"]),
                kib(r12["smallest_pool"]), kib(r13["smallest_pool"])))
    if a.print:
        print(table)
        print(summary)
        return
    replace_between(os.path.join(ROOT, "port", "mbedtls", "README.md"),
                    "<!-- tls-pool:begin -->", "<!-- tls-pool:end -->", table)
    # README: inside a list item, so indented (the end marker too).
    replace_between(os.path.join(ROOT, "README.md"),
                    "<!-- tls-pool:begin -->", "<!-- tls-pool:end -->",
                    "  " + summary + "  ")
    print(table)
    print(summary)


if __name__ == "__main__":
    main()
