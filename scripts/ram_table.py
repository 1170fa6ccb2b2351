#!/usr/bin/env python3
"""RAM budget of the core, measured on the target: runs the cortex-m4
preset's test firmware in QEMU (MPS2 AN386, Cortex-M4) and turns what it
prints (struct sizes, the smallest working buffer each operation succeeded
with on realistic responses, stack depths) into the README table between the
ram-table markers.

  scripts/ram_table.py           regenerate the README table
  scripts/ram_table.py --check   fail if the table is stale
Needs the firmware built first: cmake --preset cortex-m4 && cmake --build build/cortex-m4"""
import argparse
import os
import re
import subprocess
import sys

from readme_table import ROOT, update

DEFAULT_ELF = os.path.join(ROOT, "build/cortex-m4/bin/fw_m4_an386.elf")

WORK_ROWS = [
    ("GetRoleCredentials", "GetRoleCredentials (832-byte session token)"),
    ("ListAccounts", "ListAccounts (a page of 20 accounts, ~150-byte items)"),
    ("ListAccountRoles", "ListAccountRoles (a page of 20 roles)"),
    ("Logout", "Logout"),
]
STRUCT_ROWS = [
    ("sso_client_t", "client context"),
    ("sso_role_credentials_t", "GetRoleCredentials output (SSO_SESSION_TOKEN_MAX 4096)"),
    ("sso_account_t", "one account (delivered from inside sso_client_t)"),
    ("sso_role_t", "one role (delivered from inside sso_client_t)"),
    ("sso_next_token_t", "one page's nextToken (SSO_NEXT_TOKEN_MAX 2048)"),
    ("sso_walk_state_t", "state of a walk, sso_walk_* and sso_list_all_* (two tokens, counts)"),
]


def run_firmware(elf, machine):
    if not os.path.exists(elf):
        sys.exit("%s missing: build the cortex-m4 preset first" % elf)
    try:
        out = subprocess.run(["qemu-system-arm", "-M", machine, "-nographic", "-semihosting-config",
                              "enable=on,target=native", "-kernel", elf],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             timeout=120)
    except subprocess.TimeoutExpired:
        sys.exit("firmware did not finish within 120 s")
    # Semihosting SYS_WRITE0 output arrives on QEMU's stderr.
    return out.returncode, out.stdout + out.stderr


def table(text):
    sizes = dict(re.findall(r"^ram sizeof\((\w+)\) (\d+)$", text, re.M))
    work = dict(re.findall(r"^ram work_min (\w+) (\d+)$", text, re.M))
    floor = re.search(r"^ram work_floor (\d+)$", text, re.M)
    hwm = re.search(r"^stack high-water mark \(whole run\) (\d+) bytes$", text, re.M)
    ops = [(n, int(b)) for n, b in re.findall(r"^stack (sso_\w+)\s+(\d+) bytes", text, re.M)]
    missing = [n for n, _ in STRUCT_ROWS if n not in sizes] + \
              [n for n, _ in WORK_ROWS if n not in work]
    if missing or not hwm or not ops or not floor:
        sys.exit("firmware output lacks figures: %s" % (missing or "stack"))
    deepest = max(ops, key=lambda x: x[1])
    lines = [
        "Measured on the target: the cortex-m4 preset's test firmware in QEMU (MPS2 AN386,",
        "Cortex-M4), default settings of `sso_config_defaults.h`; by `scripts/ram_table.py`.",
        "Working buffer: the smallest `work_len` each operation succeeded with, found by",
        "walking it down byte by byte on a realistic response (%s bytes is the floor,"
        % floor.group(1),
        "`SSO_WORK_MIN`). List operations need room for one item, not the page.",
        "",
        "| what | bytes |",
        "|---|---:|",
    ]
    lines.append("| `sso_client_t` (client context) | %s |" % format(int(sizes["sso_client_t"]), ","))
    for key, label in WORK_ROWS:
        lines.append("| working buffer, %s | %s |" % (label, format(int(work[key]), ",")))
    for key, label in STRUCT_ROWS[1:]:
        lines.append("| `%s`: %s | %s |" % (key, label, format(int(sizes[key]), ",")))
    lines.append("| stack, deepest operation (`%s`, with the scripted transport and callbacks) "
                 "| %s |" % (deepest[0], format(deepest[1], ",")))
    lines.append("| stack high-water mark of the whole QEMU test run (harness included) | %s |"
                 % format(int(hwm.group(1)), ","))
    lines.append("| mbedTLS (recommended config) | see port/mbedtls/README.md |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare only; never write")
    ap.add_argument("--elf", default=DEFAULT_ELF)
    ap.add_argument("--machine", default="mps2-an386")
    args = ap.parse_args()
    rc, out = run_firmware(args.elf, args.machine)
    ok = update("ram-table", table(out), args.check)
    if rc != 0 or "RESULT: PASS" not in out:
        sys.stderr.write("ram: the firmware run failed (exit %d); figures are from a failing run\n"
                         % rc)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
