#!/usr/bin/env python3
"""Worst-case stack depth of each public operation of the core, from GCC's
own numbers: every core/src/*.c is compiled for Cortex-M4 -Os (the cortex-m4
preset's flags) with -fstack-usage (frame of each function) and
-fcallgraph-info=su (who calls whom), and the deepest call chain from each
operation is summed. The table goes into README.md (stack-table markers).

  scripts/stack_report.py           regenerate the README table
  scripts/stack_report.py --check   fail if the table is stale

Both modes fail when an operation's worst path exceeds the budget, when a
function's frame is dynamic (alloca, VLA), when the call graph has a cycle
(recursion), or when a callee is unknown.

Indirect calls:
  - inside the core, the HTTP engine and the JSON splitter call back into the
    client through sink structs (sso_http_sink_t, sso_json_sink_t); the
    functions the core binds to each sink type are read from the sources and
    every indirect call in the engine's/splitter's file may reach any of them;
  - a call through a constant function pointer defined in a core file (the
    volatile memset pointer of the wipe) goes to the function it holds;
  - every other indirect call is in the client and goes to the caller's code
    (transport, platform, item callbacks): 0 bytes here (INDIRECT_ALLOWANCE);
    the table shows the depth at which it is entered, which is what the
    caller's own depth adds to. An indirect call anywhere else fails.
libc (memcpy, strcmp, ...) counts the prologue of newlib-nano's own routine
for this multilib, read from libc_nano.a with objdump."""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

from readme_table import ROOT, update

BUDGET = 1024
INDIRECT_ALLOWANCE = 0
OPERATIONS = ["sso_client_init", "sso_get_role_credentials", "sso_list_accounts",
              "sso_list_account_roles", "sso_walk_accounts", "sso_walk_account_roles",
              "sso_logout"]
CPU = ["-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"]
FLAGS = ["-std=c99", "-DNDEBUG", "-mthumb", "--specs=nano.specs", "-Os",
         "-ffunction-sections", "-fdata-sections", "-fstack-usage", "-fcallgraph-info=su"] + CPU
CC = "arm-none-eabi-gcc"
INDIRECT = "__indirect_call"
# Files whose indirect calls go through a sink struct, and its type.
SINK_FILES = {"sso_http_resp.c": "sso_http_sink_t", "sso_json_split.c": "sso_json_sink_t"}
# The call (transport, platform, item callbacks), the walk (page hook) and
# the request writer (transport send).
CALLER_CODE_FILES = {"sso_call.c", "sso_walk.c", "sso_http_req.c"}

NODE = re.compile(r'^node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'^edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')


FILES = {}  # title -> source file name, from the node labels


class Fail(Exception):
    pass


def compile_core(tmp):
    inc = tmp + "/jsmn-only"
    os.makedirs(inc, exist_ok=True)
    for d in ("/usr/include", "/usr/local/include"):
        if os.path.exists(d + "/jsmn.h"):
            shutil.copy(d + "/jsmn.h", inc)
            break
    else:
        raise Fail("jsmn.h not found: install libjsmn-dev")
    sources = sorted(glob.glob(os.path.join(ROOT, "core/src/*.c")))
    for src in sources:
        obj = os.path.join(tmp, os.path.basename(src)[:-2] + ".o")
        subprocess.run([CC] + FLAGS + ["-I" + os.path.join(ROOT, "core/include"),
                                       "-I" + os.path.join(ROOT, "core/src"), "-I" + inc,
                                       "-c", src, "-o", obj], check=True, cwd=tmp)
    return sorted(glob.glob(os.path.join(tmp, "*.ci")))


def read_graph(ci_files):
    """frames: {title: bytes}; edges: {title: [callee titles or plain names]};
    short: {function name: [titles]} for resolving calls across files."""
    frames, edges, short = {}, {}, {}
    FILES.clear()
    for path in ci_files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = NODE.match(line)
                if m:
                    title, label = m.group(1), m.group(2).replace("\\n", "\n")
                    parts = label.split("\n")
                    if len(parts) >= 3 and "bytes" in parts[2]:
                        nbytes, kind = re.match(r"(\d+) bytes \(([^)]*)\)", parts[2]).groups()
                        if kind != "static":
                            raise Fail("%s: %s stack frame (%s)" % (parts[0], kind, parts[1]))
                        frames[title] = int(nbytes)
                        FILES[title] = os.path.basename(parts[1].split(":")[0])
                        short.setdefault(parts[0], []).append(title)
                    continue
                m = EDGE.match(line)
                if m:
                    edges.setdefault(m.group(1), []).append(m.group(2))
    return frames, edges, short


def libc_frame(name, cache={}):
    """Stack bytes of a newlib-nano routine: its prologue's push / strd-with-
    writeback / sub sp, read from the library this multilib links."""
    if name in cache:
        return cache[name]
    lib = subprocess.run([CC, "--specs=nano.specs", "-mthumb"] + CPU +
                         ["-print-file-name=libc_nano.a"],
                         check=True, capture_output=True, text=True).stdout.strip()
    dis = subprocess.run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn", lib],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"^[0-9a-f]+ <%s>:\n((?:.+\n){1,48})" % re.escape(name), dis, re.M)
    if not m:
        raise Fail("unknown external callee %s (not in the core, not in libc_nano)" % name)
    total = 0
    for line in m.group(1).splitlines():
        p = re.search(r"\b(push|stmdb\s+sp!,)\s*\{([^}]*)\}", line)
        if p:
            total += 4 * sum(1 + (int(b[1:]) - int(a[1:]) if a != b else 0)
                             for a, _, b in (r.strip().partition("-") if "-" in r
                                             else (r.strip(), "", r.strip())
                                             for r in p.group(2).split(","))
                             if a.startswith("r") and a[1:].isdigit() and b[1:].isdigit()) \
                + 4 * sum(1 for r in p.group(2).split(",") if r.strip() in ("lr", "ip", "fp"))
        s = re.search(r"\bsub(?:w|\.w)?\s+sp,\s*(?:sp,\s*)?#(\d+)", line)
        if s:
            total += int(s.group(1))
        d = re.search(r"\bstrd\s+\S+,\s*\S+,\s*\[sp,\s*#-(\d+)\]!", line)
        if d:
            total += int(d.group(1))
        if re.search(r"\b(bx\s+lr|pop\s*\{[^}]*pc)", line):
            break
    cache[name] = total
    return total


def sink_targets(short):
    """{sink type: [core functions bound to it]}, from the core's sources:
    positional initializers (`sso_http_sink_t s = {k, f, g};`) and member
    assignments of a variable of that type (`js.on_item = f;`)."""
    targets = {t: set() for t in SINK_FILES.values()}
    for src in glob.glob(os.path.join(ROOT, "core/src/*.c")):
        with open(src, encoding="utf-8") as f:
            text = f.read()
        for sink in targets:
            for m in re.finditer(r"\b%s\s+(\w+)\s*(=\s*\{([^}]*)\})?\s*;" % sink, text):
                var, init = m.group(1), m.group(3) or ""
                names = re.findall(r"\w+", init)
                names += re.findall(r"\b%s\.\w+\s*=\s*(\w+)\s*;" % re.escape(var), text)
                targets[sink].update(n for n in names if n in short)
    for sink, names in targets.items():
        if not names:
            raise Fail("no function of the core is bound to %s: update SINK_FILES" % sink)
    return {k: sorted(v) for k, v in targets.items()}


def resolve(callee, short):
    if callee in short and len(short[callee]) == 1:
        return short[callee][0]
    if callee in short:
        raise Fail("ambiguous callee %s: %s" % (callee, short[callee]))
    return None


def pointer_targets():
    """{file: [functions]} for calls through a constant function pointer
    defined in that file, such as `static void *(*const volatile f)(...) =
    memset;` (a wipe the compiler may not elide)."""
    found = {}
    pat = re.compile(r"\(\s*\*\s*(?:const\s+)?(?:volatile\s+)?(?:const\s+)?\w+\s*\)"
                     r"\s*\([^)]*\)\s*=\s*&?(\w+)\s*;")
    for src in glob.glob(os.path.join(ROOT, "core/src/*.c")):
        with open(src, encoding="utf-8") as f:
            names = pat.findall(f.read())
        if names:
            found[os.path.basename(src)] = sorted(set(names))
    return found


def indirect_targets(title, short, sinks):
    """Functions an indirect call in title may reach; None: caller's code."""
    src = FILES.get(title, "")
    if src in SINK_FILES:
        return list(sinks[SINK_FILES[src]])
    if src in sinks["pointers"]:
        return list(sinks["pointers"][src])
    if src in CALLER_CODE_FILES:
        return None
    raise Fail("indirect call in %s is not mapped (SINK_FILES / CALLER_CODE_FILES)" % title)


def worst(title, frames, edges, short, memo, stack, sinks):
    """(depth, chain, deepest entry into the caller's code) from title down."""
    if title in memo:
        return memo[title]
    if title in stack:
        raise Fail("recursion: " + " -> ".join(t.split(":")[-1] for t in stack + [title]))
    own = frames[title]
    best, chain, entry = 0, [], -1
    calls = []
    for callee in edges.get(title, []):
        if callee == INDIRECT:
            targets = indirect_targets(title, short, sinks)
            calls += [INDIRECT] if targets is None else targets
        else:
            calls.append(callee)
    for callee in calls:
        if callee == INDIRECT:
            d, c, e = INDIRECT_ALLOWANCE, ["(caller's code)"], 0
        else:
            t = callee if callee in frames else resolve(callee, short)
            if t is None:
                n = libc_frame(callee)
                d, c, e = n, ["%s (libc, %d)" % (callee, n)], -1
            else:
                d, c, e = worst(t, frames, edges, short, memo, stack + [title], sinks)
        if d > best:
            best, chain = d, c
        if e >= 0 and e > entry:
            entry = e
    name = title.split(":")[-1]
    result = (own + best, ["%s (%d)" % (name, own)] + chain, own + entry if entry >= 0 else -1)
    memo[title] = result
    return result


def report():
    with tempfile.TemporaryDirectory() as tmp:
        frames, edges, short = read_graph(compile_core(tmp))
    sinks = sink_targets(short)
    sinks["pointers"] = pointer_targets()
    memo, rows, over = {}, [], []
    for op in OPERATIONS:
        title = resolve(op, short)
        if title is None:
            raise Fail("public operation %s not found in the core" % op)
        depth, chain, entry = worst(title, frames, edges, short, memo, [], sinks)
        rows.append((op, depth, entry, chain))
        if depth > BUDGET:
            over.append("%s: %d bytes" % (op, depth))
    lines = [
        "Worst-case stack per public operation, summed along the deepest call chain from",
        "GCC's `-fstack-usage` frames and `-fcallgraph-info=su` call graph (Cortex-M4, -Os,",
        "the cortex-m4 preset's flags), by `scripts/stack_report.py`. No recursion and no",
        "dynamic frame exist (the script fails on either). The HTTP engine's and JSON",
        "splitter's callbacks into the client are followed; libc routines count their",
        "newlib-nano prologue. The transport, platform and item callbacks are the caller's",
        "code and count %d bytes here: they run on top of the depth in the third column." %
        INDIRECT_ALLOWANCE,
        "Budget: %s bytes per operation, checked in CI." % format(BUDGET, ","),
        "",
        "| operation | worst path, bytes | caller's code entered at | deepest chain |",
        "|---|---:|---:|---|",
    ]
    for op, depth, entry, chain in rows:
        lines.append("| `%s` | %s | %s | %s |" % (
            op, format(depth, ","), format(entry, ",") if entry >= 0 else "-",
            " → ".join(chain)))
    return "\n".join(lines) + "\n", rows, over


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare only; never write")
    args = ap.parse_args()
    try:
        text, rows, over = report()
    except Fail as e:
        sys.stderr.write("stack: %s\n" % e)
        return 1
    ok = update("stack-table", text, args.check)
    for op, depth, entry, _ in rows:
        print("stack: %-28s %5d bytes (caller's code at %d)" % (op, depth, entry))
    if over:
        sys.stderr.write("stack: over the %d-byte budget: %s\n" % (BUDGET, "; ".join(over)))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
