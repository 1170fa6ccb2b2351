#!/usr/bin/env python3
"""Counts executed Cortex-M instructions between the benchmark firmware's
marker calls in a QEMU execution trace.

QEMU 7.2 has no TCG plugins, but with -singlestep every translation block is
one guest instruction, and `-d exec,nochain` logs one line per executed block:

  Trace 0: 0x7f11... [00800400/000004e4/00000110/ff000201] sso_list_accounts
                               ^ guest PC                  ^ symbol of the PC

so the number of lines is the number of executed instructions. A region
starts at the first line of bench_mark_begin and ends at the first line of
bench_mark_end; lines in the markers and in the bench_execute wrapper are not
counted (the wrapper only forwards the call, as an application would).

Inside a region, instructions of the caller's code (the scripted transport,
the fake platform and the item callbacks, with whatever they call, e.g.
memcpy) are counted apart: a call into one of them is entered by a blx/bl
whose address is the previous line, so the code is the caller's until the PC
comes back to that address + 2 (16-bit blx) or + 4 (32-bit bl).

  bench_trace.py TRACE          prints one JSON object per region
"""
import collections
import json
import sys

SKIP = {"bench_mark_begin", "bench_execute"}
CALLER = {"script_connect", "script_send", "script_recv", "script_close", "script_now",
          "script_sleep", "script_random", "bench_on_account", "bench_on_role"}


def regions(stream):
    inside = False
    for line in stream:
        if not line.startswith("Trace "):
            continue
        parts = line.split()
        sym = parts[4] if len(parts) > 4 else "?"
        if not inside:
            if sym == "bench_mark_begin":
                inside = True
                total = caller = 0
                funcs = collections.Counter()
                ret = None
                prev_pc, prev_sym = 0, None
            continue
        if sym == "bench_mark_end":
            inside = False
            yield {"instructions": total, "caller_code": caller,
                   "core": total - caller, "functions": funcs.most_common()}
            continue
        if sym in SKIP:
            continue
        pc = int(parts[3][10:18], 16)
        total += 1
        funcs[sym] += 1
        if ret is None and sym in CALLER and prev_sym not in CALLER:
            ret = (prev_pc + 2, prev_pc + 4)
        if ret is not None:
            if pc in ret:
                ret = None
            else:
                caller += 1
        prev_pc, prev_sym = pc, sym
    if inside:
        raise SystemExit("bench_trace: the trace ended inside a measured region")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with open(sys.argv[1], "r", encoding="ascii", errors="replace", buffering=1 << 20) as f:
        for r in regions(f):
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
