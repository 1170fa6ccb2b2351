#!/usr/bin/env python3
"""What a caller pays per call over TLS: tinysso against the AWS CLI, botocore
and a raw mbedTLS floor, all in one run against the mock portal on loopback.
Run by scripts/bench_wire.sh (which builds first); the ctest smoke run uses
--smoke (one repetition, tiny counts) and asserts that every row is there.

  bench_wire.py --build DIR [--build36 DIR] [--build36-p256m DIR] [--reps N]
                [--smoke] [--work DIR]
                [--fw-m3 ELF] [--fw-m4 ELF] [--write-readme]

Every client talks to the same mock (one RSA-2048 certificate, TLS 1.3 and
1.2 offered) as https://localhost:PORT with the test CA. For each workload
and client the run takes the median of --reps repetitions; the repetitions
are interleaved (rep 1 of every client, then rep 2, ...) so a noisy
neighbour slows every client alike and the ratios hold. Client CPU is user +
system time of the child processes from wait4(2); peak RSS is the largest
ru_maxrss among them; TLS handshakes (full and resumed) are the mock's own
counters around the run. One unmeasured warm-up run per client and workload
goes first (page cache, and the session cache where it is on)."""
import argparse
import base64
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from itest_lib import ensure_certs, mock_portal  # noqa: E402

import breakdown  # noqa: E402  (bench/wire/breakdown.py)

AWS = "/usr/bin/aws"
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with Debian's python3-botocore
TOKEN = "test-token"
ACCOUNT, ROLE = "100000000000", "ReadOnly"
RUN_TIMEOUT = 600
BEGIN, END = "<!-- wire-table:begin -->", "<!-- wire-table:end -->"

# Workloads: (key, label, accounts walked, page size, calls, shape).
# shape: "walk" one process lists every account; "procs" one process per
# GetRoleCredentials call; "keepalive" every call in one process.
FULL = {"accounts": 1000, "calls": 100}
SMOKE = {"accounts": 12, "calls": 2}


def workloads(sz):
    a, c = sz["accounts"], sz["calls"]
    p10, p25 = max(1, a // 10), max(1, a // 25)
    return [
        ("list", "list %s accounts, pages of %d (%d pages)" % (fmt(a), p10, -(-a // p10)), a,
         p10, 0, "walk"),
        ("walk25", "list %s accounts, pages of %d (%d pages)" % (fmt(a), p25, -(-a // p25)), a,
         p25, 0, "walk"),
        ("procs", "%d GetRoleCredentials, one process each" % c, 0, 0, c, "procs"),
        ("keepalive", "%d GetRoleCredentials in one process" % c, 0, 0, c, "keepalive"),
    ]


def fmt(v):
    return "{:,}".format(v)


class Client:
    """One row family: how to run each workload shape, or None if the
    client cannot (the CLIs make one call per process)."""

    def __init__(self, key, label, argv_for, env=None, reference=False):
        self.key, self.label, self.argv_for, self.env = key, label, argv_for, env or {}
        self.reference = reference


def clients(opts, url, port, ca, token_file, home, floor_files):
    common = ["--endpoint-url", url, "--region", "us-east-1", "--access-token", TOKEN,
              "--ca-bundle", ca]

    def cli(binary):
        def argv_for(w):
            key, _, _, page, calls, shape = w
            if shape == "walk":
                return [[binary, "list-accounts", "--page-size", str(page)] + common]
            if shape == "procs":
                return [[binary, "get-role-credentials", "--account-id", ACCOUNT,
                         "--role-name", ROLE] + common] * calls
            return None
        return argv_for

    def device(binary):
        base = [binary, "--endpoint", url, "--ca", ca, "--token-file", token_file]

        def argv_for(w):
            key, _, _, page, calls, shape = w
            if shape == "walk":
                return [base + ["--phase", "list", "--page-size", str(page)]]
            if shape == "keepalive":
                return [base + ["--phase", "creds", "--account", ACCOUNT, "--role", ROLE,
                                "--cycles", str(calls), "--refresh-margin", "100000000"]]
            return None
        return argv_for

    def aws(w):
        key, _, _, page, calls, shape = w
        base = [AWS, "sso"]
        if shape == "walk":
            return [base + ["list-accounts", "--page-size", str(page)] + common]
        if shape == "procs":
            return [base + ["get-role-credentials", "--account-id", ACCOUNT, "--role-name", ROLE]
                    + common] * calls
        return None

    def botocore(w):
        key, _, accounts, page, calls, shape = w
        base = [SYSTEM_PYTHON, os.path.join(HERE, "botocore_client.py"), url, ca, TOKEN]
        if shape == "walk":
            return [base + ["list", str(page), str(accounts)]]
        if shape == "keepalive":
            return [base + ["creds", str(calls), ACCOUNT, ROLE]]
        return None

    def floor(binary):
        def argv_for(w):
            key, _, _, page, calls, shape = w
            f = floor_files[key]
            return [[binary, "localhost", str(port), ca, f]] * (calls if shape == "procs" else 1)
        return argv_for

    out = []
    for suffix, ver, b in opts.variants:
        if suffix == "36p":
            # p256-m is a Cortex-M design: on a 64-bit host it is the slowest
            # (see the breakdown), so it is measured in instructions only.
            continue
        mb = "" if not suffix else ", mbedTLS " + ver
        cache_env = {"TINYSSO_TLS_SESSION_CACHE": "1",
                     "HOME": os.path.join(home, "cache" + suffix)}
        out += [Client("tinysso" + suffix, "tinysso CLI" + mb, cli(os.path.join(b, "bin", "tinysso")),
                       reference=not suffix),
                Client("tinysso%s-cache" % suffix, "tinysso CLI%s, TLS session cache on" % mb,
                       cli(os.path.join(b, "bin", "tinysso")), cache_env),
                Client("device" + suffix, "device example (examples/device)" + mb,
                       device(os.path.join(b, "bin", "device_posix")), reference=not suffix)]
        out.append(Client("floor" + suffix, "floor: raw mbedTLS (bench/wire/floor.c)" + mb,
                          floor(os.path.join(b, "bin", "bench_floor"))))
    out += [Client("aws", "AWS CLI v2 (/usr/bin/aws)", aws),
            Client("botocore", "botocore in-process, one client", botocore)]
    return out


def base_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TINYSSO_"))}
    env.update({"HOME": home, "LC_ALL": "C.UTF-8", "AWS_PAGER": "",
                "AWS_CONFIG_FILE": os.path.join(home, "no-config"),
                "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "no-credentials"),
                "AWS_EC2_METADATA_DISABLED": "true"})
    return env


def run_one(argv, env, errfile):
    """One child through bench_rusage_run: returns (exit code, user+sys
    seconds, wall seconds, maxrss KB)."""
    report = errfile + ".rusage"
    with open(errfile, "wb") as err:
        t0 = time.monotonic()
        try:
            subprocess.run([SPAWNER, report] + list(argv), stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=err, env=env, timeout=RUN_TIMEOUT,
                           check=True)
        except subprocess.SubprocessError as e:
            raise SystemExit("bench_wire: %s: %s" % (argv[0], e))
        wall = time.monotonic() - t0
    with open(report) as f:
        rc, user, system, rss = (int(x) for x in f.read().split())
    return rc, (user + system) / 1e6, wall, rss


SPAWNER = None  # bench_rusage_run of --build, set in main


def measure(mock, argvs, env, errfile):
    """Runs argvs one after the other; the mock's counters around them."""
    before = mock.stats()
    cpu = wall = 0.0
    rss = 0
    for argv in argvs:
        rc, c, w, r = run_one(argv, env, errfile)
        if rc != 0:
            with open(errfile, errors="replace") as f:
                raise SystemExit("bench_wire: %s exited %d:\n%s" % (" ".join(argv)[:300], rc,
                                                                    f.read()[-2000:]))
        cpu, wall, rss = cpu + c, wall + w, max(rss, r)
    after = mock.stats()
    ops = {k: after["ops"].get(k, 0) - before["ops"].get(k, 0) for k in after["ops"]}
    full = (after["tls_handshakes"] - before["tls_handshakes"]) - \
        (after["tls_resumed"] - before["tls_resumed"])
    return {"cpu": cpu, "wall": wall, "rss": rss, "full": full,
            "resumed": after["tls_resumed"] - before["tls_resumed"], "ops": ops}


# ---- the floor's script: what tinysso sent and how much came back
def record_exchanges(opts, certs, ca, work, wls):
    """Runs the tinysso CLI once per workload against a recording mock and
    writes, per workload, the exchanges file bench_floor replays."""
    files = {}
    tinysso = os.path.join(opts.build, "bin", "tinysso")
    for w in wls:
        key, _, accounts, page, calls, shape = w
        rec = os.path.join(work, "record-%s.jsonl" % key)
        with mock_portal(certs, extra=("--accounts", str(accounts or 1), "--record", rec)) as m:
            url = "https://localhost:%d" % m.port
            common = ["--endpoint-url", url, "--region", "us-east-1", "--access-token", TOKEN,
                      "--ca-bundle", ca]
            if shape == "walk":
                argv = [tinysso, "list-accounts", "--page-size", str(page)] + common
            else:
                argv = [tinysso, "get-role-credentials", "--account-id", ACCOUNT, "--role-name",
                        ROLE] + common
            rc, _, _, _ = run_one(argv, base_env(work), os.path.join(work, "record.err"))
            if rc != 0:
                raise SystemExit("bench_wire: recording run of %s failed" % key)
        with open(rec) as f:
            ex = [json.loads(line) for line in f]
        if len({e["conn"] for e in ex}) != 1:
            raise SystemExit("bench_wire: tinysso used %d connections for %s" %
                             (len({e["conn"] for e in ex}), key))
        if shape == "keepalive":
            ex = ex * calls
        path = os.path.join(work, "floor-%s.bin" % key)
        with open(path, "wb") as f:
            for e in ex:
                req = base64.b64decode(e["request"])
                f.write(b"%d %d\n" % (len(req), e["response_len"]) + req)
        files[key] = path
    return files


# ---- parse figures (bench/bench_report.py and scripts/ram_table.py do the work)
PARSE_ROWS = [("creds_832", "GetRoleCredentials"), ("accounts_100_cl", "ListAccounts"),
              ("roles_20_cl", "ListAccountRoles")]


def parse_figures(opts):
    import bench_report
    binary = os.path.join(opts.build, "bin", "bench_parse")
    order, rows = bench_report.host_info(binary)
    wanted = [n for n, _ in PARSE_ROWS]
    bench_report.host_measure(binary, [n for n in order if n in wanted], rows)
    if opts.fw_m3:
        bench_report.arm_trace(opts.fw_m3, rows)
    work = {}
    if opts.fw_m4:
        import ram_table
        rc, out = ram_table.run_firmware(opts.fw_m4, "mps2-an386")
        if rc != 0 or "RESULT: PASS" not in out:
            raise SystemExit("bench_wire: the RAM firmware failed")
        work = {k: int(v) for k, v in re.findall(r"^ram work_min (\w+) (\d+)$", out, re.M)}
    out = []
    for name, op in PARSE_ROWS:
        r = rows[name]
        out.append({"what": r["what"], "resp": r["resp"],
                    "x86": r["host_total"] / r["resp"],
                    "m3": r["arm_total"] / r["resp"] if "arm_total" in r else None,
                    "work": work.get(op)})
    return out


# ---- output
def median(runs, key):
    return statistics.median(r[key] for r in runs)


def span(runs, key):
    lo, hi = min(r[key] for r in runs), max(r[key] for r in runs)
    return str(lo) if lo == hi else "%d-%d" % (lo, hi)


def ms(v):
    if v >= 100:
        return fmt(int(round(v * 1000)))
    return "%.1f" % (v * 1000) if v < 0.1 else fmt(int(round(v * 1000)))


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    r = a / b
    return "%.0f×" % r if r >= 10 else "%.2f×" % r


def table(wls, cls, results, parse):
    lines = ["| workload | client | client CPU, ms | wall, ms | CPU vs tinysso | AWS CLI CPU ÷ this "
             "| TLS handshakes full / resumed | peak RSS, MB |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for w in wls:
        key = w[0]
        ref = None
        for c in cls:
            if c.reference and (c.key, key) in results:
                ref = median(results[(c.key, key)], "cpu")
                break
        aws = results.get(("aws", key))
        aws_cpu = median(aws, "cpu") if aws else None
        first = True
        for c in cls:
            runs = results.get((c.key, key))
            if not runs:
                continue
            cpu = median(runs, "cpu")
            lines.append("| %s | %s | %s | %s | %s | %s | %s / %s | %.1f |" % (
                w[1] if first else "", c.label, ms(cpu), ms(median(runs, "wall")),
                ratio(cpu, ref), ratio(aws_cpu, cpu) if c.key != "aws" else "1",
                span(runs, "full"), span(runs, "resumed"), max(r["rss"] for r in runs) / 1024.0))
            first = False
    for p in parse:
        lines.append("| parse: %s (%s response bytes) | tinysso core | x86-64 -O2: %.1f instr/byte "
                     "| Cortex-M3 -Os: %s instr/byte | | | | working buffer: %s bytes |" % (
                         p["what"], fmt(p["resp"]), p["x86"],
                         "%.1f" % p["m3"] if p["m3"] is not None else "-",
                         fmt(p["work"]) if p["work"] else "-"))
    return lines


def environment(opts):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "machine": "%s %s, %d CPU(s), %s" % (platform.system(), platform.machine(),
                                             os.cpu_count(), cpu),
        "load": "%.1f / %.1f / %.1f" % load,
        "reps": opts.reps,
    }


def write_readme(text):
    readme = os.path.join(ROOT, "README.md")
    with open(readme) as f:
        old = f.read()
    block = BEGIN + "\n" + text + END + "\n"
    if BEGIN in old:
        new = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n", lambda _: block, old,
                     count=1, flags=re.S)
    else:
        new = old.replace("\n## Size\n", "\n" + block + "\n## Size\n", 1)
    with open(readme, "w") as f:
        f.write(new)


def mbedtls_version(build):
    """"2.28.3", "3.6.6": what the build's tinysso says it was linked with."""
    out = subprocess.run([os.path.join(build, "bin", "tinysso"), "--version"],
                         capture_output=True, text=True, timeout=30).stdout
    m = re.search(r"mbedTLS/(\S+)", out)
    if not m:
        raise SystemExit("bench_wire: %s/bin/tinysso --version names no mbedTLS" % build)
    return m.group(1)


def trust_store(opts, certs, work):
    """What a real call verifies against: the system bundle (as the AWS CLI
    and tinysso use by default), with the test CA appended so the mock's
    certificate verifies. --ca-only gives the test CA alone."""
    test_ca = os.path.join(certs, "ca.pem")
    if opts.ca_only:
        return test_ca
    path = os.path.join(work, "trust.pem")
    with open(path, "wb") as out:
        for src in (SYSTEM_BUNDLE, test_ca):
            with open(src, "rb") as f:
                out.write(f.read())
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True, help="host build with libmbedtls-dev (2.28)")
    ap.add_argument("--build36", help="host build with -DTINYSSO_MBEDTLS36=ON")
    ap.add_argument("--build36-p256m", help="the same with bench/wire/mbedtls36_p256m.h")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--smoke", action="store_true", help="1 repetition, tiny counts, checks rows")
    ap.add_argument("--work", help="scratch folder (default: a temporary one)")
    ap.add_argument("--fw-m3", help="bench/arm instruction-trace firmware (Cortex-M3)")
    ap.add_argument("--fw-m4", help="cortex-m4 preset test firmware (working buffers)")
    ap.add_argument("--write-readme", action="store_true")
    ap.add_argument("--ca-only", action="store_true",
                    help="trust the test CA alone instead of the system bundle plus it")
    ap.add_argument("--note", default="", help="a sentence added after the heading line")
    ap.add_argument("--only", help="comma-separated client keys (for trying things out)")
    opts = ap.parse_args()
    if opts.smoke:
        opts.reps = 1
    opts.build = os.path.abspath(opts.build)
    # (client-key suffix, mbedTLS label, build folder) of each build measured.
    opts.variants = [("", mbedtls_version(opts.build), opts.build)]
    for suffix, extra, b in (("36", "", opts.build36), ("36p", " + p256-m", opts.build36_p256m)):
        if b and os.path.exists(os.path.join(b, "bin", "tinysso")):
            b = os.path.abspath(b)
            opts.variants.append((suffix, mbedtls_version(b) + extra, b))
        elif b:
            print("bench_wire: %s has no tinysso; skipped" % b, file=sys.stderr)
    global SPAWNER
    SPAWNER = os.path.join(opts.build, "bin", "bench_rusage_run")
    sz = SMOKE if opts.smoke else FULL
    wls = workloads(sz)
    work = os.path.abspath(opts.work or tempfile.mkdtemp(prefix="bench-wire-"))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    certs = ensure_certs(os.path.join(work, "certs"))
    ca = trust_store(opts, certs, work)
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as f:
        f.write(TOKEN)
    env_info = environment(opts)
    floor_files = record_exchanges(opts, certs, ca, work, wls)
    results = {}
    with mock_portal(certs, extra=("--accounts", str(sz["accounts"]))) as mock:
        url = "https://localhost:%d" % mock.port
        cls = clients(opts, url, mock.port, ca, token_file, work, floor_files)
        if opts.only:
            keep = set(opts.only.split(","))
            cls = [c for c in cls if c.key in keep]
        plan = [(c, w, c.argv_for(w)) for c in cls for w in wls]
        plan = [p for p in plan if p[2] is not None]
        for c in cls:
            os.makedirs(c.env.get("HOME", work), exist_ok=True)
        errfile = os.path.join(work, "child.err")
        # The deterministic parts first, so a run cut short still has them.
        bd_rows, bd = breakdown.run(opts, mock, url, ca, floor_files, base_env(work), work)
        parse = parse_figures(opts)
        for c, w, argvs in plan if not opts.smoke else []:  # warm-up, not measured
            env = dict(base_env(work), **c.env)
            measure(mock, argvs[:1], env, errfile)
        vers = [(suffix, ver) for suffix, ver, _ in opts.variants]
        for rep in range(opts.reps):
            for c, w, argvs in plan:
                env = dict(base_env(work), **c.env)
                r = measure(mock, argvs, env, errfile)
                results.setdefault((c.key, w[0]), []).append(r)
                print("rep %d %-16s %-9s cpu %8.1f ms wall %8.1f ms tls %d+%d" % (
                    rep + 1, c.key, w[0], r["cpu"] * 1000, r["wall"] * 1000, r["full"],
                    r["resumed"]), file=sys.stderr, flush=True)
            # Every repetition leaves a complete table behind (a long run
            # that has to be stopped keeps the medians so far).
            head = ("Measured %s at commit %s by `scripts/bench_wire.sh` on a shared machine "
                    "(%s; load average %s at the start), median of %d runs per cell. Rows that "
                    "name no mbedTLS version use mbedTLS %s; workloads go against a mock with %s "
                    "accounts.\n\n" % (env_info["date"], env_info["commit"], env_info["machine"],
                                        env_info["load"], rep + 1, opts.variants[0][1],
                                        fmt(sz["accounts"])))
            if opts.note:
                head = head.rstrip("\n") + " " + opts.note + "\n\n"
            text = head + "\n".join(table(wls, cls, results, parse)) + "\n\n" + \
                "\n".join(summary(results, bd, vers)) + "\n\n" + BREAKDOWN_INTRO + "\n\n" + \
                "\n".join(bd_rows) + "\n"
            problems = check(wls, cls, results, parse, sz) + check_breakdown(bd)
            if problems:
                raise SystemExit("bench_wire: " + "; ".join(problems))
            if opts.write_readme:
                write_readme(text)
    print(text)
    if not opts.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


BREAKDOWN_INTRO = (
    "Where one GetRoleCredentials process's CPU goes, in instructions (callgrind; exact, so "
    "comparable across runs and machines; M = million). Parts by the inclusive cost of the "
    "functions named in bench/wire/breakdown.py; the floor loads the CA bundle with mbedTLS's "
    "own PEM reader, the CLI with port/mbedtls/sso_tls_ca.c.")


def summary(results, bd, vers):
    """The figures the issue asks about, computed from the tables above."""
    def cpu(client, w):
        runs = results.get((client, w))
        return median(runs, "cpu") if runs else None

    out = []
    for suffix, ver in vers:
        over = []
        for w, client in (("list", "tinysso"), ("walk25", "tinysso"), ("procs", "tinysso"),
                          ("keepalive", "device")):
            a, b = cpu(client + suffix, w), cpu("floor" + suffix, w)
            if a and b:
                over.append("%s %.2f×" % (w, a / b))
        cli = bd.get("tinysso CLI, mbedTLS %s, full handshake" % ver)
        # The floor with the group order the CLI offers (examples/cli/cli_net.c).
        p256 = ver.startswith("3.") and "p256-m" not in ver
        flo = bd.get("floor, mbedTLS %s, %s first" % (ver, "P-256" if p256 else "X25519"))
        figs = []
        if over:
            figs.append("CPU time (medians) " + ", ".join(over))
        if cli and flo:
            figs.append("instructions of one GetRoleCredentials process %.2f×" % (cli[0] / flo[0]))
        if figs:
            out.append("- tinysso over the floor, mbedTLS %s: %s; target at most 1.2×." % (
                ver, "; ".join(figs)))
    for suffix, ver in vers:
        for key, label in (("tinysso" + suffix, "full handshake every process"),
                           ("tinysso%s-cache" % suffix, "TLS session cache on")):
            parts = []
            for w, what in (("walk25", "25-page walk"),
                            ("procs", "per GetRoleCredentials process")):
                a, b = cpu("aws", w), cpu(key, w)
                if a and b:
                    parts.append("%s %.0f×" % (what, a / b))
            if parts:
                out.append("- AWS CLI CPU ÷ tinysso CLI (mbedTLS %s, %s): %s; target at least "
                           "100×." % (ver, label, ", ".join(parts)))
    return out


def check_breakdown(bd):
    problems = []
    for label, (total, parts, resumed) in bd.items():
        if total <= 0 or parts["CA load"] <= 0 or parts["request"] <= 0:
            problems.append("breakdown %s: parts missing %s" % (label, parts))
        if ("resumed" in label) != bool(resumed):
            problems.append("breakdown %s: resumed=%d" % (label, resumed))
        if "resumed" not in label and parts["key exchange"] <= 0:
            problems.append("breakdown %s: no key exchange counted" % label)
    return problems


def check(wls, cls, results, parse, sz):
    """Every planned cell is there and every client did exactly the work."""
    problems = []
    for c in cls:
        for w in wls:
            argvs = c.argv_for(w)
            if argvs is None:
                continue
            runs = results.get((c.key, w[0]))
            if not runs:
                problems.append("no figures for %s / %s" % (c.key, w[0]))
                continue
            for r in runs:
                if w[5] == "walk":
                    pages = -(-w[2] // w[3])
                    if r["ops"].get("ListAccounts") != pages:
                        problems.append("%s / %s: %s ListAccounts calls, expected %d" % (
                            c.key, w[0], r["ops"].get("ListAccounts"), pages))
                elif r["ops"].get("GetRoleCredentials") != w[4]:
                    problems.append("%s / %s: %s GetRoleCredentials calls, expected %d" % (
                        c.key, w[0], r["ops"].get("GetRoleCredentials"), w[4]))
                if r["full"] + r["resumed"] < 1:
                    problems.append("%s / %s: no TLS handshake counted" % (c.key, w[0]))
    if len(parse) != len(PARSE_ROWS) or any(p["x86"] <= 0 for p in parse):
        problems.append("parse figures missing")
    return problems


if __name__ == "__main__":
    sys.exit(main())
