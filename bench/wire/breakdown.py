"""Where one short CLI call's CPU goes, in instructions (callgrind: exact and
repeatable, unlike time on a shared machine). Called by bench_wire.py while
its mock portal runs; each case is one process of one GetRoleCredentials.

Each process's instructions are split by the inclusive cost of a few
functions, so the parts add up to the total:
  process start   everything outside main (dynamic loader, libc, exit)
  CA load         sso_tls_ca_parse_file, or mbedTLS's loader in the floor
  RNG set-up      mbedtls_entropy_init + mbedtls_ctr_drbg_seed (+ psa_crypto_init)
  key exchange    ECDHE: the client's key pair and the shared secret
  server auth     the certificate chain and the handshake signature
  rest of TLS     the rest of mbedtls_ssl_handshake (hashes, key schedule,
                  record layer, the session ticket)
  request         the HTTP request and response over TLS, parsing included
  other           argument and config handling, output, clean-up"""
import os
import subprocess
import tempfile

import bench_report

# ECDHE through PSA (TLS 1.3, or 1.2 with MBEDTLS_USE_PSA_CRYPTO) calls the
# legacy ECDH code underneath, so only one of the two lists counts.
KEY_EXCHANGE_PSA = ["psa_generate_key", "psa_export_public_key", "psa_raw_key_agreement"]
KEY_EXCHANGE_LEGACY = ["mbedtls_ecdh_make_public", "mbedtls_ecdh_calc_secret"]
RNG = ["mbedtls_entropy_init", "mbedtls_ctr_drbg_seed", "psa_crypto_init"]
PARTS = ["process start", "CA load", "RNG set-up", "key exchange", "server auth", "rest of TLS",
         "request", "other"]


def profile(argv, env):
    """callgrind over the whole process: (total, {function: inclusive})."""
    with tempfile.TemporaryDirectory() as tmp:
        total, inc, _ = bench_report.callgrind(argv[0], None, argv[1:], tmp, env=env)
    return total, inc


def total_of(inc, names):
    """Sum of the inclusive costs of functions that never call each other."""
    return sum(inc.get(n, 0) for n in names)


def split(total, inc, request_fn, ca_fn):
    main = inc.get("main", 0)
    handshake = inc.get("mbedtls_ssl_handshake", 0)
    kx = total_of(inc, KEY_EXCHANGE_PSA) or total_of(inc, KEY_EXCHANGE_LEGACY)
    # pk_verify runs inside parse_certificate too: count it only outside.
    auth = inc.get("mbedtls_ssl_parse_certificate", 0) + \
        inc.get("mbedtls_ssl_tls13_process_certificate", 0) + \
        inc.get("mbedtls_ssl_tls13_process_certificate_verify", 0)
    if "mbedtls_ssl_tls13_process_certificate_verify" not in inc:
        chain_sigs = inc.get("mbedtls_x509_crt_verify_restartable", 0)
        all_sigs = inc.get("mbedtls_pk_verify_restartable", 0) or inc.get("mbedtls_pk_verify_ext", 0)
        auth += max(0, all_sigs - min(all_sigs, chain_sigs))  # the ServerKeyExchange signature
    auth = min(auth, handshake - kx)
    # The CLI's run includes the connect; the floor's replay() does not.
    request = inc.get(request_fn, 0) - (handshake if request_fn == "sso_cli_run" else 0)
    parts = {
        "process start": total - main,
        "CA load": inc.get(ca_fn, 0),
        "RNG set-up": total_of(inc, RNG),
        "key exchange": kx,
        "server auth": auth,
        "rest of TLS": max(0, handshake - kx - auth),
        "request": max(0, request),
    }
    parts["other"] = max(0, total - sum(parts.values()))
    return parts


def cases(opts, url, port, ca, floor_files, base_env, home):
    """(label, argv, env, request function, CA-load function) per case."""
    grc = ["get-role-credentials", "--account-id", "100000000000", "--role-name", "ReadOnly",
           "--endpoint-url", url, "--region", "us-east-1", "--access-token", "test-token",
           "--ca-bundle", ca]
    out = []
    for _, ver, b in opts.variants:
        cli = os.path.join(b, "bin", "tinysso")
        floor = os.path.join(b, "bin", "bench_floor")
        cache_env = dict(base_env, HOME=os.path.join(home, "cg-cache-" + ver),
                         TINYSSO_TLS_SESSION_CACHE="1")
        fl = [floor, "localhost", str(port), ca, floor_files["procs"]]
        out += [
            ("floor, mbedTLS %s, mbedTLS's PEM loader" % ver, fl + ["default", "mbedtls-pem"],
             base_env, "replay", "mbedtls_x509_crt_parse_file"),
            ("floor, mbedTLS %s, X25519 first" % ver, fl + ["x25519"], base_env, "replay",
             "sso_tls_ca_parse_file"),
            ("floor, mbedTLS %s, P-256 first" % ver, fl + ["p256"], base_env, "replay",
             "sso_tls_ca_parse_file"),
            ("tinysso CLI, mbedTLS %s, full handshake" % ver, [cli] + grc, base_env,
             "sso_cli_run", "sso_tls_ca_parse_file"),
            ("tinysso CLI, mbedTLS %s, resumed (session cache)" % ver, [cli] + grc, cache_env,
             "sso_cli_run", "sso_tls_ca_parse_file"),
        ]
    return out


def run(opts, mock, url, ca, floor_files, base_env, home):
    """Markdown lines of the breakdown table, and the figures per case."""
    rows, figures = [], {}
    for label, argv, env, req_fn, ca_fn in cases(opts, url, mock.port, ca, floor_files, base_env,
                                                 home):
        if opts.smoke and not label.startswith("tinysso CLI"):
            continue  # the smoke test proves the parts add up, on the CLI alone
        if env.get("TINYSSO_TLS_SESSION_CACHE"):
            os.makedirs(env["HOME"], exist_ok=True)
            subprocess.run(argv, env=env, check=True, timeout=120, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)  # saves the session to resume
        before = mock.stats()
        total, inc = profile(argv, env)
        after = mock.stats()
        resumed = after["tls_resumed"] - before["tls_resumed"]
        parts = split(total, inc, req_fn, ca_fn)
        figures[label] = (total, parts, resumed)
    head = "| process (one GetRoleCredentials) | total | " + " | ".join(PARTS) + " | resumed |"
    rows = [head, "|---|---:|" + "---:|" * len(PARTS) + "---|"]
    for label, (total, parts, resumed) in figures.items():
        rows.append("| %s | **%s** | %s | %s |" % (
            label, mill(total), " | ".join(mill(parts[p]) for p in PARTS),
            "yes" if resumed else "no"))
    return rows, figures


def mill(v):
    return "%.1fM" % (v / 1e6) if v >= 50000 else "%.2fM" % (v / 1e6)
