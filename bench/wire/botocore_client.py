#!/usr/bin/python3
"""botocore in-process, the way a long-running Python program calls the
portal: one session, one `sso` client reused for every call (so its
connection pool keeps the TLS connection alive). Run by bench_wire.py under
Debian's /usr/bin/python3 with Debian's python3-botocore.

  botocore_client.py ENDPOINT CA TOKEN list PAGE_SIZE EXPECTED_ACCOUNTS
  botocore_client.py ENDPOINT CA TOKEN creds N ACCOUNT_ID ROLE_NAME
Exit 0 when every call succeeded with what was expected."""
import sys

import botocore.session


def main(argv):
    endpoint, ca, token, what = argv[1:5]
    session = botocore.session.get_session()
    # No credentials are needed: the portal API is called with the bearer token.
    client = session.create_client("sso", region_name="us-east-1", endpoint_url=endpoint,
                                   verify=ca)
    if what == "list":
        page_size, expected = int(argv[5]), int(argv[6])
        pages = client.get_paginator("list_accounts").paginate(
            accessToken=token, PaginationConfig={"PageSize": page_size})
        seen = sum(len(p["accountList"]) for p in pages)
        return 0 if seen == expected else 1
    if what == "creds":
        n, account, role = int(argv[5]), argv[6], argv[7]
        for _ in range(n):
            creds = client.get_role_credentials(accessToken=token, accountId=account,
                                                roleName=role)["roleCredentials"]
            if not creds["accessKeyId"]:
                return 1
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
