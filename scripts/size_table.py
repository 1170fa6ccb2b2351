#!/usr/bin/env python3
"""Code size of the core on MCUs: compiles every core/src/*.c (jsmn
included, through core/src/sso_jsmn.c) with arm-none-eabi-gcc for Cortex-M4F
and Cortex-M0+, at -Os and -O2, with the flags of the CMake presets, and with
riscv64-unknown-elf-gcc for RV32IMC at -Os (Debian's picolibc; the core of
ESP32-C3/C6-class parts), and writes text+data per object file into README.md
(size-table markers).

  scripts/size_table.py           regenerate the README table
  scripts/size_table.py --check   fail if the README table is stale, or if the
                                  M4 -Os total is over the ceiling

The project's target is 8,192 bytes at M4 -Os. The core does not meet it yet
(README says where the bytes go), so CI asserts a ceiling just above today's
total instead: the size can only come down from here, never creep up.

The SSO OIDC login (TINYSSO_LOGIN_SOURCES in cmake/tinyssoFilePaths.cmake) is
optional and reported on lines of its own below the core's total: a firmware
that does not log in links none of it, so the ceiling applies to the core.

Object files hold every function compiled; a linked firmware drops those it
never calls (--gc-sections), so these totals are the upper bound."""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

from readme_table import ROOT, update

BUDGET_M4_OS = 8192  # the target
CEILING_M4_OS = 12000  # raised from 10,600 by issue 9 (wire fixes, plain tables), the path prefix, the OIDC hooks and naming the field that did not fit (README); lower it as the core shrinks
COREHTTP_FIGURE = 24797  # PROTOCOL §9: coreHTTP + llhttp + coreJSON, M4 -Os

# The presets' flags (cmake/arm-none-eabi.cmake, CMakePresets.json,
# CMAKE_BUILD_TYPE=MinSizeRel adds -DNDEBUG) with the optimisation level varied;
# for RISC-V the flags of tests/consumers/make/Makefile (TARGET=rv32imc).
SECTIONS = ["-std=c99", "-DNDEBUG", "-ffunction-sections", "-fdata-sections"]
TOOLCHAINS = {
    "arm": ("arm-none-eabi-gcc", "arm-none-eabi-size", SECTIONS + ["-mthumb", "--specs=nano.specs"]),
    "rv32": ("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-size",
             SECTIONS + ["-march=rv32imc", "-mabi=ilp32", "--specs=picolibc.specs"]),
}
TARGETS = [
    ("M4 -Os", "arm", ["-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-Os"]),
    ("M4 -O2", "arm", ["-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-O2"]),
    ("M0+ -Os", "arm", ["-mcpu=cortex-m0plus", "-mfloat-abi=soft", "-Os"]),
    ("M0+ -O2", "arm", ["-mcpu=cortex-m0plus", "-mfloat-abi=soft", "-O2"]),
    ("RV32IMC -Os", "rv32", ["-Os"]),
]


def jsmn_dir(tmp):
    """jsmn.h alone in a directory: -I/usr/include would put glibc's headers
    in front of newlib's."""
    for d in ("/usr/include", "/usr/local/include"):
        if os.path.exists(os.path.join(d, "jsmn.h")):
            dst = os.path.join(tmp, "jsmn-only")
            os.makedirs(dst, exist_ok=True)
            shutil.copy(os.path.join(d, "jsmn.h"), dst)
            return dst
    sys.exit("jsmn.h not found: install libjsmn-dev")


def measure(tmp, sources, toolchain, flags):
    """{object name: text+data} for one target."""
    cc, size, common = TOOLCHAINS[toolchain]
    inc = ["-I" + os.path.join(ROOT, "core/include"), "-I" + os.path.join(ROOT, "core/src"),
           "-I" + jsmn_dir(tmp)]
    sizes = {}
    for src in sources:
        obj = os.path.join(tmp, os.path.basename(src)[:-2] + ".o")
        subprocess.run([cc] + common + flags + inc + ["-c", src, "-o", obj], check=True)
        out = subprocess.run([size, "-B", obj], check=True, capture_output=True, text=True)
        text, data = (int(x) for x in out.stdout.splitlines()[1].split()[:2])
        sizes[os.path.basename(obj)] = text + data
    return sizes


def compiler_version(toolchain):
    cc = TOOLCHAINS[toolchain][0]
    out = subprocess.run([cc, "--version"], check=True, capture_output=True, text=True)
    return out.stdout.splitlines()[0]


def login_objects():
    """Object names of TINYSSO_LOGIN_SOURCES, read from the CMake list."""
    with open(os.path.join(ROOT, "cmake/tinyssoFilePaths.cmake"), encoding="utf-8") as f:
        text = f.read()
    start = text.find("set(TINYSSO_LOGIN_SOURCES")
    if start < 0:
        return set()
    block = text[start:text.find(")", start)]
    return {os.path.basename(w)[:-2] + ".o" for w in block.split() if w.endswith(".c")}


def row(name, vals):
    return "| %s | " % name + " | ".join(vals) + " |"


def table():
    sources = sorted(glob.glob(os.path.join(ROOT, "core/src/*.c")))
    if not sources:
        sys.exit("no core sources")
    cols = []
    with tempfile.TemporaryDirectory() as tmp:
        for _, toolchain, flags in TARGETS:
            cols.append(measure(tmp, sources, toolchain, flags))
    login = login_objects()
    names = sorted(n for n in cols[0] if n not in login)
    extra = sorted(n for n in cols[0] if n in login)
    totals = [sum(v for n, v in c.items() if n not in login) for c in cols]
    login_totals = [sum(v for n, v in c.items() if n in login) for c in cols]
    lines = [
        "Bytes of text+data per object file of the core (jsmn included, as `sso_jsmn.o`),",
        "built by `scripts/size_table.py` with %s and the presets' flags" % compiler_version("arm"),
        "(`-std=c99 -mthumb --specs=nano.specs -ffunction-sections -fdata-sections`;",
        "M4: `-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16`, M0+: `-mcpu=cortex-m0plus`),",
        "and for RV32IMC (the core of ESP32-C3/C6-class parts) with %s," % compiler_version("rv32"),
        "`-march=rv32imc -mabi=ilp32 --specs=picolibc.specs` (Debian's picolibc) and the same",
        "section flags.",
        "Every compiled function counts, so this is the upper bound: a linked firmware",
        "drops what it never calls. Target: %s bytes for M4 -Os, not met yet; CI fails above"
        % format(BUDGET_M4_OS, ","),
        "a ceiling of %s bytes so that the size only comes down. For scale,"
        % format(CEILING_M4_OS, ","),
        "coreHTTP + llhttp + coreJSON measure %s bytes with the same compiler and M4 -Os flags."
        % format(COREHTTP_FIGURE, ","),
        "",
        "| object | " + " | ".join(t[0] for t in TARGETS) + " |",
        "|---|" + "---:|" * len(TARGETS),
    ]
    for n in names:
        lines.append(row("`%s`" % n, [format(c[n], ",") for c in cols]))
    lines.append(row("**total**", ["**%s**" % format(t, ",") for t in totals]))
    if extra:
        lines.append(row("*SSO OIDC login (optional, linked only when used):*",
                         [""] * len(cols)))
        for n in extra:
            lines.append(row("`%s`" % n, [format(c[n], ",") for c in cols]))
        lines.append(row("**login total**", ["**%s**" % format(t, ",") for t in login_totals]))
        lines.append(row("**core + login**",
                         ["**%s**" % format(a + b, ",") for a, b in zip(totals, login_totals)]))
    return "\n".join(lines) + "\n", totals[0], login_totals[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare only; never write")
    args = ap.parse_args()
    text, m4_os, login_m4_os = table()
    ok = update("size-table", text, args.check)
    print("size: M4 -Os total %d bytes (target %d, ceiling %d); SSO OIDC login %d more"
          % (m4_os, BUDGET_M4_OS, CEILING_M4_OS, login_m4_os))
    if m4_os > BUDGET_M4_OS:
        print("size: over the %d-byte target by %d bytes" % (BUDGET_M4_OS, m4_os - BUDGET_M4_OS))
    if m4_os > CEILING_M4_OS:
        sys.stderr.write("size: M4 -Os total %d exceeds the %d-byte ceiling\n"
                         % (m4_os, CEILING_M4_OS))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
