#!/usr/bin/env python3
"""lwIP end to end: the client over lwIP sockets + mbedTLS, through a TAP
device, to the mock portal on the kernel side of that device.

Everything lives in a network namespace this test creates and deletes, so
the only addresses used are 10.77.0.1 (kernel, mock) and 10.77.0.2 (lwIP).
Needs root; without it the test prints SKIP and exits 77 (SKIP_RETURN_CODE).

    run_lwip.py --itest BIN --certs DIR [--device device_lwip]
"""
import argparse
import os
import subprocess
import sys

from itest_lib import Fail, check, ensure_certs, kv, main_wrapper, mock_portal, results, run

SKIP = 77
KERNEL_IP, LWIP_IP = "10.77.0.1", "10.77.0.2"
HOST = "portal.sso.test"  # in the server cert; mapped to KERNEL_IP by --map


def sh(*cmd):
    p = subprocess.run(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    if p.returncode != 0:
        raise Fail("%s: %s" % (" ".join(cmd), p.stdout.decode(errors="replace").strip()))


SILENT = """
import socket, sys, time
s = socket.socket(); s.bind((sys.argv[1], 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
held = []
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    s.settimeout(1.0)
    try:
        held.append(s.accept()[0])  # accept, never answer
    except OSError:
        pass
"""


def lwip_failures(a, inside):
    """lwIP transport failure paths: a silent server times out, a closed port
    is refused; both as the client reports them, with retries off."""
    env = dict(os.environ, PRECONFIGURED_TAPIF="tap0")
    silent = subprocess.Popen(inside + [sys.executable, "-c", SILENT, KERNEL_IP],
                              stdout=subprocess.PIPE)
    try:
        port = int(silent.stdout.readline())
        base = inside + [a.itest, "--ca", os.path.join(a.certs, "ca.pem"), "--ip", LWIP_IP,
                         "--gw", KERNEL_IP, "--map", "%s=%s" % (HOST, KERNEL_IP),
                         "--attempts", "1", "--timeout", "700"]
        rc, out = run(base + ["--endpoint", "https://%s:%d" % (HOST, port),
                              "creds", "1", "R"], timeout=60, env=env)
        check(kv(out).get("status") == "TIMEOUT", "lwIP: silent server -> SSO_ERR_TIMEOUT")
        silent.terminate()
        silent.wait(timeout=10)
        rc, out = run(base + ["--endpoint", "https://%s:%d" % (HOST, port),
                              "creds", "1", "R"], timeout=60, env=env)
        check(kv(out).get("status") == "CONNECT", "lwIP: closed port -> SSO_ERR_CONNECT")
    finally:
        if silent.poll() is None:
            silent.kill()
        silent.wait(timeout=10)


def test(a, ns):
    ensure_certs(a.certs)
    sh("ip", "netns", "add", ns)
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "-n", ns, "tuntap", "add", "dev", "tap0", "mode", "tap")
    # Debian's liblwip 2.1.3 tapif writes frames longer than ~590 bytes past
    # the pool pbuf it allocates (valgrind: invalid write in pbuf_take). An
    # MTU of 576 on the kernel side keeps every segment within it.
    sh("ip", "-n", ns, "link", "set", "tap0", "mtu", "576")
    sh("ip", "-n", ns, "addr", "add", KERNEL_IP + "/24", "dev", "tap0")
    sh("ip", "-n", ns, "link", "set", "tap0", "up")
    inside = ["ip", "netns", "exec", ns]
    # The mock offers TLS 1.2 and 1.3: 2.28 resumes by 1.2 ticket, 3.6 by 1.3 ticket.
    with mock_portal(a.certs, host=KERNEL_IP, prefix=inside, extra=["--accounts", "100"]) as m:
        env = dict(os.environ, PRECONFIGURED_TAPIF="tap0")
        rc, out = run(inside + [a.itest, "--ca", os.path.join(a.certs, "ca.pem"),
                                "--ip", LWIP_IP, "--gw", KERNEL_IP,
                                "--map", "%s=%s" % (HOST, KERNEL_IP),
                                "--endpoint", "https://%s:%d" % (HOST, m.port),
                                "creds", "100000000001", "ReadOnly", "accounts", "10",
                                "close", "creds", "100000000002", "PowerUser"],
                      timeout=120, env=env)
        check(rc == 0, "lwIP client ran (rc=%d)" % rc)
        check(kv(out).get("lwip_start") == "OK", "lwIP up on tapif with " + LWIP_IP)
        ops = results(out)
        check(len(ops) == 4, "all four ops ran")
        check(ops[0]["status"] == "OK" and ops[0]["token_len"] == "832",
              "GetRoleCredentials over lwIP + mbedTLS")
        check(ops[1]["status"] == "OK" and ops[1]["items"] == "100" and
              ops[1]["pages"] == "10" and ops[1]["dupes"] == "0",
              "10-page ListAccounts over lwIP")
        check(ops[3]["status"] == "OK", "credentials again after a reconnect")
        s = m.stats()
        check(s["ops"].get("ListAccounts") == 10 and s["ops"].get("GetRoleCredentials") == 2,
              "mock served the walk and both credential calls")
        check(s["connections"] == 2, "creds + walk on one connection, one reconnect: %s" % s)
        check(s["tls_resumed"] == 1, "the reconnect resumed the TLS session")
    lwip_failures(a, inside)
    if a.device:
        with mock_portal(a.certs, host=KERNEL_IP, prefix=inside, extra=["--accounts", "3"]) as m:
            env = dict(os.environ, PRECONFIGURED_TAPIF="tap0", SSO_ACCESS_TOKEN="test-token")
            rc, out = run(inside + [a.device, "--ca", os.path.join(a.certs, "ca.pem"),
                                    "--ip", LWIP_IP, "--gw", KERNEL_IP,
                                    "--map", "%s=%s" % (HOST, KERNEL_IP),
                                    "--endpoint", "https://%s:%d" % (HOST, m.port), "--once"],
                          timeout=120, env=env)
            check(rc == 0 and "logout: ok" in out, "device_lwip ran its cycle and logged out")
            s = m.stats()
            check(s["ops"].get("GetRoleCredentials") == 1 and s["logouts"] == 1,
                  "mock saw device_lwip's credentials call and logout")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--itest", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("--device", help="device_lwip, run after the client test")
    a = ap.parse_args()
    if os.geteuid() != 0:
        print("SKIP: the lwIP test needs root (ip netns, TAP device)", flush=True)
        sys.exit(SKIP)
    ns = "ssolwip%d" % os.getpid()
    try:
        test(a, ns)
    finally:
        # Deleting the namespace removes tap0 with it.
        subprocess.run(["ip", "netns", "del", ns], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)


if __name__ == "__main__":
    main_wrapper(main)
