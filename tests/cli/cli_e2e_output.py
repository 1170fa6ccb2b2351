#!/usr/bin/env python3
"""End-to-end tests of tinysso's --output formats and --query against the
AWS CLI v2 (/usr/bin/aws): the same calls through both tools, on the mock
portal or on a one-response server on 127.0.0.1, with stdout bytes, exit
codes and (where the text is the AWS CLI's) stderr required identical.

Groups:
  output_formats  every --output for the four commands, with and without
                  paging, --max-items, --no-paginate
  output_query    the --query scripts users write most, under every format,
                  and query errors (syntax: exit 252; runtime: the AWS CLI's
                  message)
  output_tricky   strings YAML, text and table must quote or measure with
                  care (numbers as strings, booleans, colons, quotes, tabs,
                  CJK, emoji, long lines), and values of every type made by
                  --query literals
  output_config   the format from AWS_DEFAULT_OUTPUT and the profile's
                  `output`, the option first; a bad name from either

usage: cli_e2e_output.py --tinysso BIN --mock MOCK --certs DIR GROUP
Exit 0 on success, 1 on a failed check, 77 when /usr/bin/aws is absent.
The helpers (processes, servers, checks) are cli_e2e.py's."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_e2e as e2e  # noqa: E402
from cli_e2e import check, need_aws, clean_env, mock_portal, raw_server  # noqa: E402
from cli_e2e import read_request, respond, tinysso, aws, TOKEN  # noqa: E402

FORMATS = ("json", "text", "table", "yaml", "yaml-stream")
ACCT = "100000000004"


def same(args, env, what, stderr_too=False):
    return e2e.same_as_aws(args, env, what, stderr_too=stderr_too)


def base_of(url):
    return ["--endpoint-url", url, "--region", "us-east-1", "--access-token", TOKEN]


# --- groups ----------------------------------------------------------------

def group_formats(home):
    """Each format, each command, the paging shapes that change what the
    formats see (several pages, a cut page, one service page)."""
    need_aws()
    env = clean_env(home)
    with mock_portal("--accounts", "7", "--roles", "3") as m:
        base = base_of(m.url)
        for fmt in FORMATS:
            for extra in ([], ["--page-size", "3", "--max-items", "4"], ["--max-results", "2"]):
                same(["list-accounts", "--output", fmt] + base + extra, env,
                     "list-accounts --output %s %s" % (fmt, " ".join(extra)))
            same(["list-account-roles", "--account-id", ACCT, "--output", fmt, "--page-size", "2"]
                 + base, env, "list-account-roles --output %s" % fmt)
            # get-role-credentials: the expiration is the mock's clock at each
            # call, so everything but its digits must match.
            args = ["get-role-credentials", "--account-id", ACCT, "--role-name", "ReadOnly",
                    "--output", fmt] + base
            t, a = tinysso(args, env), aws(args, env)
            mask = re.compile(rb"1[0-9]{12}")  # epoch milliseconds
            if mask.sub(b"E", t.out) != mask.sub(b"E", a.out):
                sys.stdout.write("tinysso:\n%s\naws:\n%s\n" % (t.out[:2000], a.out[:2000]))
            check(t.rc == a.rc == 0 and mask.sub(b"E", t.out) == mask.sub(b"E", a.out),
                  "get-role-credentials --output %s: the AWS CLI's document but the expiration"
                  % fmt)
    # logout: `aws sso logout` is another command (it clears the local
    # cache), so only tinysso's side is checked: an empty result prints
    # nothing in every format. Each call ends the mock's session: a fresh
    # mock each time.
    for fmt in FORMATS:
        with mock_portal("--accounts", "1") as m:
            t = tinysso(["logout", "--output", fmt] + base_of(m.url), env)
            check(t.rc == 0 and t.out == b"", "logout --output %s prints nothing" % fmt)
    # An empty listing.
    with mock_portal("--accounts", "0") as m:
        for fmt in ("text", "table", "yaml-stream"):
            same(["list-accounts", "--output", fmt] + base_of(m.url), env,
                 "an empty list, --output %s" % fmt)


QUERIES = (
    "accountList[].accountId",
    "accountList[?accountName=='Acct 3 \u00e9quipe \U0001F600'].accountId | [0]",
    "sort_by(accountList, &emailAddress)[-2:].[accountId, emailAddress]",
    "length(accountList)",
    "accountList[?contains(accountName, '2')]",
    "accountList[?starts_with(accountId, '10000000000')].{Id: accountId, Name: accountName}",
    "join(', ', accountList[].accountId)",
    "NextToken",
    "accountList[0]",
    "missing",
    "{n: length(accountList), first: accountList[0].accountId, f: `1.5`, t: `true`, z: `null`,"
    " e: `[]`, o: `{}`}",
)


def group_query(home):
    """The common scripts, each under every format, with and without a cut
    page (text applies the query to each page and to the NextToken)."""
    need_aws()
    env = clean_env(home)
    with mock_portal("--accounts", "6", "--roles", "3") as m:
        base = base_of(m.url)
        # Every format for the scripts of the issue; json and text (the two
        # that apply the query differently) for the rest.
        for i, q in enumerate(QUERIES):
            for fmt in FORMATS if i < 3 else ("text",) if i % 2 else ("yaml",):
                same(["list-accounts", "--query", q, "--output", fmt] + base, env,
                     "--query %r --output %s" % (q, fmt))
            if i in (0, 3, 7):
                same(["list-accounts", "--query", q, "--output", "text", "--page-size", "2",
                      "--max-items", "3"] + base, env, "--query %r --output text, paged" % q,
                     stderr_too=True)
                same(["list-accounts", "--query", q, "--page-size", "2", "--max-items", "3"]
                     + base, env, "--query %r --output json, paged" % q)
        for fmt in ("text", "table", "yaml-stream"):
            same(["get-role-credentials", "--account-id", ACCT, "--role-name", "ReadOnly",
                  "--query", "roleCredentials.accessKeyId", "--output", fmt] + base, env,
                 "--query roleCredentials.accessKeyId --output %s" % fmt)
            same(["list-account-roles", "--account-id", ACCT, "--query",
                  "roleList[].roleName | sort(@)", "--output", fmt] + base, env,
                 "list-account-roles --query ... --output %s" % fmt)
        # Runtime errors: the AWS CLI's message and exit code (255).
        for q in ("abs(accountList)", "nofunc(@)", "length(`1`, `2`)", "accountList[::0]",
                  "sort_by(accountList, &`true`)", "max(`[1, \"a\"]`)"):
            same(["list-accounts", "--query", q] + base, env, "query error %r" % q,
                 stderr_too=True)
        # Syntax errors: refused before any request, exit 252, with the AWS
        # CLI's words around jmespath.py's message (caret included).
        for q in ("accountList[", '`"a`', "[?a==]", "a b", "a[0](@)", '"a\\q"', "a = b"):
            t = same(["list-accounts", "--query", q] + base, env, "query syntax error %r" % q,
                     stderr_too=True)
            check(b"Bad value for --query" in t.err, "syntax error %r names --query" % q)
        same(["list-accounts", "--query", ""] + base, env, "an empty query", stderr_too=True)


# Account names and ids the formats must quote, escape or measure.
TRICKY_NAMES = [
    "012345678901", "123", "1.5", "1e3", "0x1F", "1_000", "true", "False", "null", "~", "yes",
    "2024-01-01", " lead", "trail ", "a: b", "a:b", "#hash", "a #b", "- dash", "-", "?",
    "it's", 'say "hi"', "'q'", "tab\there", "line\nbreak", "back\\slash", "100%", "@at",
    "`tick", "a,b", "[x]", "{y}", "*star", "&amp", "!bang", "|pipe", ">gt", "=", "<<",
    "\u65e5\u672c\u8a9e\u30a2\u30ab\u30a6\u30f3\u30c8", "\u00dcn\u00efc\u00f8d\u00e9",
    "\U0001F600 emoji", "\u00e9" * 30, "word " * 24 + "end", "x" * 120, "a  b  c " * 12,
    "nbsp\u00a0here", "del\x7f", "ctl\x01",
]


def tricky_body(names):
    items = []
    for i, n in enumerate(names):
        item = {"accountId": "%012d" % i, "accountName": n}
        if i % 3:
            item["emailAddress"] = "a%d@example.com" % i
        items.append(item)
    return json.dumps({"accountList": items}).encode()


def group_tricky(home):
    need_aws()
    env = clean_env(home)
    body = tricky_body(TRICKY_NAMES)

    def fixed(c):
        read_request(c)
        respond(c, body)

    with raw_server(fixed) as port:
        base = ["--endpoint-url", "http://127.0.0.1:%d" % port, "--region", "us-east-1",
                "--access-token", TOKEN]
        for fmt in FORMATS:
            same(["list-accounts", "--output", fmt] + base, env, "tricky names, --output %s" % fmt)
            same(["list-accounts", "--output", fmt, "--query", "accountList[].accountName"] + base,
                 env, "tricky names as a list, --output %s" % fmt)
            same(["list-accounts", "--output", fmt, "--query",
                  "{nums: [`0`, `-1`, `1.5`, `1e16`, `0.1`, `2.5e-7`, `100000000000000000000`],"
                  " flags: [`true`, `false`, `null`], nested: [{b: `1`, a: []}, {c: [`1`, [`2`]], b: `2`}], ll: [[`1`, [`2`]], [`3`]],"
                  " s: accountList[0].accountName, strs: ['a', '', 'b c']}"] + base,
                 env, "values of every type, --output %s" % fmt)
            same(["list-accounts", "--output", fmt, "--query", "accountList[3].accountName"] + base,
                 env, "a scalar string alone, --output %s" % fmt)
        # Wide tables: more than 80 columns turn one-row sections vertical.
        same(["list-accounts", "--output", "table", "--query",
              "accountList[-5].{a: accountName, b: accountId, c: accountName}"] + base, env,
             "a table wider than the terminal")


def group_config(home):
    """--output, else AWS_DEFAULT_OUTPUT, else the profile's `output`."""
    need_aws()
    cfg_dir = os.path.join(home, ".aws")
    os.makedirs(cfg_dir, exist_ok=True)
    cfg = os.path.join(cfg_dir, "config")
    with mock_portal("--accounts", "3") as m:
        base = base_of(m.url)
        for profile_output, env_output, option in (("text", None, None), ("yaml", "table", None),
                                                   ("text", "yaml", "json"), (None, "text", None),
                                                   ("table", None, "yaml-stream")):
            with open(cfg, "w") as f:
                f.write("[default]\n")
                if profile_output:
                    f.write("output = %s\n" % profile_output)
            extra_env = {"AWS_DEFAULT_OUTPUT": env_output} if env_output else {}
            env = clean_env(home, extra_env)
            args = ["list-accounts"] + base + (["--output", option] if option else [])
            t = same(args, env, "profile %s, env %s, option %s" % (profile_output, env_output,
                                                                    option))
            check(t.rc == 0, "the format is chosen without error")
        with open(cfg, "w") as f:
            f.write("[default]\noutput = bogus\n")
        same(["list-accounts"] + base, clean_env(home), "a bad output in the profile",
             stderr_too=True)
        with open(cfg, "w") as f:
            f.write("[profile dev]\noutput = text\n")
        same(["list-accounts", "--profile", "dev"] + base, clean_env(home),
             "a named profile's output")
        same(["list-accounts"] + base, clean_env(home, {"AWS_DEFAULT_OUTPUT": "bogus"}),
             "a bad AWS_DEFAULT_OUTPUT", stderr_too=True)
        t = same(["list-accounts", "--output", "bogus"] + base, clean_env(home),
                 "a bad --output")
        check(b"argument --output: Invalid choice" in t.err, "a bad --output is named")
        os.remove(cfg)


GROUPS = {"output_formats": group_formats, "output_query": group_query,
          "output_tricky": group_tricky, "output_config": group_config}


if __name__ == "__main__":
    # cli_e2e.py's own runner (arguments, private HOME, exit codes) over
    # these groups.
    sys.exit(e2e.main(GROUPS))
