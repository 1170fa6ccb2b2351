#!/usr/bin/env python3
"""End-to-end tests of the AWS CLI's configuration rules in tinysso: profiles
in ~/.aws/credentials, profile settings and their precedence (ca_bundle,
max_attempts, retry_mode, region), botocore's config syntax (indented
sub-sections, no inline comments, AWS_CONFIG_FILE expansion), the trust
store search, the cached token's portal region, and get-role-credentials
ids from the profile. /usr/bin/aws is the reference where it is installed.

usage: cli_e2e_config.py --tinysso BIN --mock MOCK --certs DIR GROUP"""
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_e2e as e  # noqa: E402
from cli_e2e import (TOKEN, aws_json, cache_file, check, clean_env, fetch_all,  # noqa: E402
                     have_aws, mock_portal, write)
from mock_portal import fake_credentials  # noqa: E402  (cli_e2e put its folder on the path)


def config(home, text):
    write(os.path.join(home, ".aws", "config"), text)


def both(args, env, what, stderr_too=False):
    """tinysso, and the AWS CLI when installed, with the same result."""
    if have_aws():
        return e.same_as_aws(args, env, what, stderr_too)
    return e.tinysso(args, env)


def group_config_profiles(home):
    """A profile only in ~/.aws/credentials is a profile; config syntax as
    botocore reads it."""
    with mock_portal("--accounts", "3") as m:
        want = aws_json({"accountList": fetch_all(m)})
        base = ["list-accounts", "--endpoint-url", m.url, "--access-token", TOKEN,
                "--region", "us-east-1"]
        config(home, "[profile other]\nregion = us-west-2\n")
        write(os.path.join(home, ".aws", "credentials"),
              "[work]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n")
        env = clean_env(home, {"AWS_PROFILE": "work"})
        r = both(base, env, "AWS_PROFILE=work, [work] only in the credentials file")
        check(r.rc == 0 and r.out == want, "a credentials-only profile works")
        r = both(base + ["--profile", "ghost"], clean_env(home), "a profile nowhere")
        check(r.rc == 255, "a profile in neither file: 255, as the AWS CLI's ProfileNotFound")
        other = os.path.join(home, "creds-elsewhere")
        write(other, "[elsewhere]\n")
        r = both(base + ["--profile", "elsewhere"],
                 clean_env(home, {"AWS_SHARED_CREDENTIALS_FILE": other}),
                 "AWS_SHARED_CREDENTIALS_FILE")
        check(r.rc == 0, "AWS_SHARED_CREDENTIALS_FILE is honoured")
        # Indented lines belong to the key above (a sub-section), not the profile.
        config(home, "[profile nest]\ns3 =\n  region = ap-south-1\n  max_attempts = 0\n"
                     "region = eu-west-3\n")
        r = e.tinysso(base[:-2] + ["--profile", "nest", "--debug"], clean_env(home))
        check(r.rc == 0 and b"region eu-west-3 (from profile region)" in r.err,
              "indented keys of a sub-section are not the profile's")
        # botocore keeps what follows a value: "eu-west-1 # note" is the value.
        config(home, "[profile commented]\nregion = eu-west-1 # note\n# a comment line\n"
                     "; another\n")
        r = both(base[:-2] + ["--profile", "commented"], clean_env(home),
                 "an inline comment is part of the value", stderr_too=True)
        check(r.rc != 0 and b"'eu-west-1 # note'" in r.err, "the region with its comment refused")
        # AWS_CONFIG_FILE: $VAR, ${VAR} and ~ expanded (in that order, as botocore).
        sub = os.path.join(home, "cfgdir")
        write(os.path.join(sub, "config"), "[profile exp]\nregion = ca-central-1\n")
        for path in ("$CFGDIR/config", "${CFGDIR}/config", "~/cfgdir/config"):
            env = clean_env(home, {"AWS_CONFIG_FILE": path, "CFGDIR": sub})
            r = e.tinysso(base[:-2] + ["--profile", "exp", "--debug"], env)
            check(r.rc == 0 and b"region ca-central-1" in r.err,
                  "AWS_CONFIG_FILE=%s is expanded" % path)
            if have_aws():
                check(e.aws(base[:-2] + ["--profile", "exp"], env).rc == 0,
                      "the AWS CLI reads it too")


def group_config_retries(home):
    """max_attempts and retry_mode from the profile, AWS_MAX_ATTEMPTS and
    AWS_RETRY_MODE over them; the AWS CLI's texts for bad values."""
    with mock_portal("--accounts", "2", "--scenario", "throttle", "--throttle", "50",
                     "--throttle-op", "ListAccounts") as m:
        base = ["list-accounts", "--endpoint-url", m.url, "--access-token", TOKEN,
                "--region", "us-east-1"]

        def attempts(env, who=e.tinysso):
            before = m.stats()["ops"].get("ListAccounts", 0)
            r = who(base, env)
            return r, m.stats()["ops"].get("ListAccounts", 0) - before

        config(home, "[default]\nmax_attempts = 2\n")
        r, n = attempts(clean_env(home))
        check(r.rc == 254 and n == 2, "profile max_attempts = 2: two requests")
        check(b"(reached max retries: 1)" in r.err, "and the message counts one retry")
        r, n = attempts(clean_env(home, {"AWS_MAX_ATTEMPTS": "1"}))
        check(r.rc == 254 and n == 1, "AWS_MAX_ATTEMPTS beats the profile")
        if have_aws():
            a, n = attempts(clean_env(home), e.aws)
            check(n == 2, "the AWS CLI also made two requests")
        config(home, "[default]\nretry_mode = adaptive\nmax_attempts = 1\n")
        r, n = attempts(clean_env(home))
        check(r.rc == 254 and n == 1, "retry_mode adaptive runs as standard")
        config(home, "[default]\nretry_mode = legacy\n")
        r, n = attempts(clean_env(home, {"AWS_MAX_ATTEMPTS": "1"}))
        check(r.rc == 254 and n == 1, "retry_mode legacy accepted (a documented extension)")
        for cfg, extra in (("[default]\nretry_mode = bogus\n", {}),
                           ("[default]\n", {"AWS_RETRY_MODE": "sometimes"}),
                           ("[default]\nmax_attempts = 0\n", {}),
                           ("[default]\n", {"AWS_MAX_ATTEMPTS": "abc"}),
                           ("[default]\n", {"AWS_MAX_ATTEMPTS": "-2"})):
            config(home, cfg)
            r = both(base, clean_env(home, extra), "bad retry setting %r %r" % (cfg, extra),
                     stderr_too=True)
            check(r.rc == 255 and r.out == b"", "refused before any request, exit 255")


def group_config_ca(home):
    """The trust store: --ca-bundle, AWS_CA_BUNDLE, profile ca_bundle, then
    SSL_CERT_FILE and SSL_CERT_DIR; earlier ones win."""
    ca = os.path.join(e.OPTS.certs, "ca.pem")
    rogue = os.path.join(e.OPTS.certs, "rogue.pem")
    certdir = os.path.join(home, "certdir")
    os.makedirs(certdir)
    shutil.copy(ca, os.path.join(certdir, "ca-bundle.crt"))
    with mock_portal("--accounts", "2", tls=True) as m:
        base = ["list-accounts", "--endpoint-url", m.url, "--access-token", TOKEN,
                "--region", "us-east-1"]
        config(home, "[default]\nca_bundle = %s\n" % ca)
        r = both(base, clean_env(home), "profile ca_bundle")
        check(r.rc == 0, "the profile's ca_bundle is used")
        r = e.tinysso(base, clean_env(home, {"AWS_CA_BUNDLE": rogue}))
        check(r.rc == 255, "AWS_CA_BUNDLE beats the profile (a CA that did not sign: refused)")
        config(home, "[default]\nca_bundle = %s\n" % rogue)
        r = e.tinysso(base, clean_env(home, {"AWS_CA_BUNDLE": ca}))
        check(r.rc == 0, "AWS_CA_BUNDLE over a wrong profile ca_bundle")
        r = e.tinysso(base + ["--ca-bundle", ca], clean_env(home))
        check(r.rc == 0, "--ca-bundle over a wrong profile ca_bundle")
        config(home, "[default]\n")
        r = e.tinysso(base + ["--debug"], clean_env(home, {"SSL_CERT_FILE": ca}))
        check(r.rc == 0 and b"(from SSL_CERT_FILE)" in r.err, "SSL_CERT_FILE")
        r = e.tinysso(base + ["--debug"], clean_env(home, {"SSL_CERT_DIR": certdir}))
        check(r.rc == 0 and b"(from SSL_CERT_DIR)" in r.err, "a bundle in SSL_CERT_DIR")
        r = e.tinysso(base + ["--debug"], clean_env(home))
        check(r.rc == 255 and b"(from the system bundle)" in r.err,
              "else the system bundle, which does not trust the test CA")


def group_config_sso(home):
    """The cached token goes to its own portal region; get-role-credentials
    takes sso_account_id/sso_role_name from the profile."""
    future = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    config(home, "[profile dev]\nsso_session = corp\nsso_account_id = 100000000001\n"
                 "sso_role_name = ReadOnly\nregion = us-west-2\n\n[sso-session corp]\n"
                 "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n")
    write(cache_file(home, "corp"), json.dumps({"accessToken": TOKEN, "expiresAt": future}))
    with mock_portal("--accounts", "3") as m:
        base = ["--endpoint-url", m.url, "--profile", "dev"]
        for var in ("AWS_DEFAULT_REGION", "AWS_REGION"):
            r = e.tinysso(["list-accounts", "--debug"] + base,
                          clean_env(home, {var: "ap-northeast-1"}))
            check(r.rc == 0 and b"region eu-central-1 (from profile sso_region)" in r.err,
                  "%s does not send the cached token to another portal" % var)
        r = e.tinysso(["list-accounts", "--debug", "--region", "us-east-2"] + base,
                      clean_env(home))
        check(b"region us-east-2 (from --region)" in r.err, "--region still wins")
        r = e.tinysso(["get-role-credentials"] + base, clean_env(home))
        explicit = e.tinysso(["get-role-credentials", "--account-id", "100000000001",
                              "--role-name", "ReadOnly"] + base, clean_env(home))
        check(r.rc == 0 and explicit.rc == 0 and
              json.loads(r.text)["roleCredentials"]["accessKeyId"] ==
              json.loads(explicit.text)["roleCredentials"]["accessKeyId"] ==
              fake_credentials("100000000001", "ReadOnly")[0],
              "get-role-credentials --profile: the profile's account and role")
        r = e.tinysso(["get-role-credentials", "--role-name", "PowerUser"] + base,
                      clean_env(home))
        check(r.rc == 0 and json.loads(r.text)["roleCredentials"]["accessKeyId"] ==
              fake_credentials("100000000001", "PowerUser")[0],
              "--role-name beats the profile's sso_role_name")
        config(home, "[profile bare]\nregion = us-west-2\n")
        r = e.tinysso(["get-role-credentials", "--profile", "bare", "--access-token", TOKEN,
                       "--endpoint-url", m.url], clean_env(home))
        check(r.rc == 252 and b"the following arguments are required: --role-name, --account-id"
              in r.err, "without ids anywhere: argparse's error, 252")


def group_config_options(home):
    """Option prefixes as argparse allows them, and the AWS CLI's global
    options that mean nothing here: same output and exit code."""
    with mock_portal("--accounts", "4") as m:
        base = ["--endpoint-url", m.url, "--region", "us-east-1"]
        for extra in (["list-accounts", "--access-tok", TOKEN],
                      ["list-accounts", "--acc", TOKEN, "--page", "2"],
                      ["list-accounts", "--access-token", TOKEN, "--max", "2"],
                      ["list-account-roles", "--acc", TOKEN, "--account-id", "100000000001"],
                      ["list-accounts", "--access-token", TOKEN, "--color", "off",
                       "--no-sign-request", "--cli-binary-format", "raw-in-base64-out",
                       "--no-cli-auto-prompt"],
                      ["list-accounts", "--access-token", TOKEN, "--color", "pink"]):
            both(extra + base, clean_env(home), " ".join(extra))
        r = e.tinysso(["list-accounts", "--access-token", TOKEN, "--no-verify-ssl"] + base,
                      clean_env(home))
        check(r.rc == 252 and b"always verifies" in r.err,
              "--no-verify-ssl refused (a deliberate difference)")


def group_config_input_json(home):
    """--generate-cli-skeleton and --cli-input-json, compared with the AWS CLI."""
    for cmd in ("list-accounts", "list-account-roles", "get-role-credentials", "logout"):
        r = both([cmd, "--generate-cli-skeleton"], clean_env(home), "%s skeleton" % cmd)
        check(r.rc == (252 if cmd == "logout" else 0), "%s --generate-cli-skeleton" % cmd)
    both(["list-accounts", "--generate-cli-skeleton", "input"], clean_env(home),
         "skeleton input")
    path = os.path.join(home, "input.json")
    write(path, json.dumps({"accessToken": TOKEN, "maxResults": 2}))
    roles = os.path.join(home, "roles.json")
    write(roles, json.dumps({"accessToken": TOKEN, "accountId": "100000000001"}))
    with mock_portal("--accounts", "5", "--roles", "3") as m:
        base = ["--endpoint-url", m.url, "--region", "us-east-1"]
        for args in (["list-accounts", "--cli-input-json", json.dumps({"accessToken": TOKEN})],
                     ["list-accounts", "--cli-input-json", "file://" + path],
                     ["list-account-roles", "--cli-input-json", "file://" + roles],
                     ["list-accounts", "--cli-input-json", '{"accessToken": "wrong"}',
                      "--access-token", TOKEN],
                     ["list-accounts", "--cli-input-json", '{"accessToken": "a"']):
            r = both(args + base, clean_env(home), " ".join(args)[:80])
        check(r.rc == 252 and b"Invalid JSON received" in r.err, "invalid JSON: 252")
        r = both(["list-accounts", "--cli-input-json",
                  '{"accessToken": "x", "bogus": {"a": [1, "}"]}, "accountId": "2"}'] + base,
                 clean_env(home), "unknown keys in --cli-input-json", stderr_too=True)
        check(r.rc == 252 and b'Unknown parameter in input: "accountId"' in r.err,
              "unknown keys refused with botocore's text, 252")
        r = e.tinysso(["list-accounts", "--cli-input-json", json.dumps({"accessToken": TOKEN})]
                      + base, clean_env(home))
        check(r.rc == 0 and len(json.loads(r.text)["accountList"]) == 5,
              "the token from --cli-input-json is used")
        # Credentials carry a time, so compare the key only.
        r = e.tinysso(["get-role-credentials", "--cli-input-json",
                       json.dumps({"accessToken": TOKEN, "accountId": "100000000001",
                                   "roleName": "ReadOnly"})] + base, clean_env(home))
        check(r.rc == 0 and json.loads(r.text)["roleCredentials"]["accessKeyId"] ==
              fake_credentials("100000000001", "ReadOnly")[0],
              "get-role-credentials takes its ids from --cli-input-json")


def group_config_endpoint(home):
    """--endpoint-url with a path prefix and the scheme in any case: the
    request goes to /prefix/<operation path>, as the AWS CLI sends it."""
    seen = []

    def handler(c):
        while True:
            req = e.read_request(c)
            if not req:
                return
            seen.append(req.split("\r\n", 1)[0])
            e.respond(c, json.dumps({"accountList": [{"accountId": "1", "accountName": "a",
                                                      "emailAddress": "a@x"}]}).encode(),
                      close=False)

    with e.raw_server(handler) as port:
        for url in ("http://127.0.0.1:%d/prefix" % port, "HTTP://127.0.0.1:%d/prefix/" % port,
                    "Http://127.0.0.1:%d/a/b" % port):
            args = ["list-accounts", "--endpoint-url", url, "--region", "us-east-1",
                    "--access-token", TOKEN]
            del seen[:]
            r = both(args, clean_env(home), "endpoint %s" % url)
            want = "GET /%s/assignment/accounts" % url.split("/", 3)[3].strip("/")
            check(r.rc == 0 and seen and all(x.startswith(want + "?") or x.startswith(want + " ")
                                             for x in seen),
                  "%s: requests went to %s (%s)" % (url, want, seen))


if __name__ == "__main__":
    sys.exit(e.main({n[6:]: f for n, f in globals().items() if n.startswith("group_")}))
