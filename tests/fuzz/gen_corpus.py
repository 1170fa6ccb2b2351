#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/).

The seeds are hand-written canned responses and inputs in the shapes of
docs/PROTOCOL.md, each prefixed with the control bytes its target reads first
(see the comment at the top of each fuzz_<target>.c). Run it again after
changing a target's input layout; the output is committed, small and
deterministic.
"""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CREDS = (b'{"roleCredentials":{"accessKeyId":"ASIAFUZZEXAMPLE00001","secretAccessKey":'
         b'"fuzzsecretfuzzsecretfuzzsecretfuzzsecret","sessionToken":"FwoGZXIvYXdzEFUAZ+/=",'
         b'"expiration":1700000000000}}')
ACCOUNTS = (b'{"accountList":[{"accountId":"111122223333","accountName":"Caf\\u00e9 \\ud83d\\ude00",'
            b'"emailAddress":"a@example.com","extra":{"deep":[1,{"x":null}]}},'
            b'{"accountId":"444455556666","accountName":null}],"nextToken":"ab+c\\/d=="}')
ACCOUNTS_LAST = b'{"accountList":[{"accountId":"777788889999","accountName":"last"}],"nextToken":null}'
ROLES = (b'{"roleList":[{"roleName":"Admin","accountId":"111122223333"},'
         b'{"roleName":"ReadOnly","accountId":"111122223333"}],"nextToken":"r2"}')
ROLES_LAST = b'{"roleList":[{"roleName":"Dev","accountId":"1"}]}'
ERR_401 = (b'{"message":"Session token not found or invalid",'
           b'"__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}')
ERR_CODE = b'{"code":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/x/","Message":"m"}'
ERR_NESTED = b'{"__type":"a#Top","ErrorDetails":[{"__type":"com.amazon.internal#ErrorDetails"}]}'

HDRS = (b'Date: Mon, 03 Jan 2022 19:13:54 GMT\r\nContent-Type: application/json\r\n'
        b'Connection: keep-alive\r\nRequestId: b339b807-25d1-474c-a476-b070e9f350e4\r\n'
        b'Server: AWS SSO\r\n')


def cl(status, body, headers=HDRS):
    return (b'HTTP/1.1 ' + status + b'\r\n' + headers + b'Content-Length: ' +
            str(len(body)).encode() + b'\r\n\r\n' + body)


def chunked(status, body, size=7, headers=b''):
    out = b'HTTP/1.1 ' + status + b'\r\n' + headers + b'Transfer-Encoding: chunked\r\n\r\n'
    for i in range(0, len(body), size):
        part = body[i:i + size]
        ext = b';name="v"' if i == 0 else b''
        out += b'%x' % len(part) + ext + b'\r\n' + part + b'\r\n'
    return out + b'0\r\nTrailer-X: 1\r\n\r\n'


def close_delimited(status, body):
    return b'HTTP/1.0 ' + status + b'\r\nConnection: close\r\n\r\n' + body


RESPONSES = [
    cl(b'200 OK', CREDS),
    cl(b'200', ACCOUNTS),
    cl(b'200 OK', ROLES),
    chunked(b'200 OK', ACCOUNTS),
    chunked(b'200 OK', CREDS, 13, b'X-Amzn-RequestId: abc\r\n'),
    close_delimited(b'200 OK', ROLES_LAST),
    cl(b'401 Unauthorized', ERR_401),
    cl(b'400 Bad Request', ERR_CODE, b'X-Amzn-ErrorType: FooError:http://x/\r\n'),
    cl(b'429 Too Many Requests', b'{"__type":"TooManyRequestsException","message":"slow"}'),
    cl(b'404', ERR_NESTED),
    b'HTTP/1.1 503\r\n\r\n',
    b'HTTP/1.1 100 Continue\r\n\r\n' + cl(b'200 OK', b''),
    cl(b'200 OK', b'', b'Connection: close\r\n'),
    b'\r\nHTTP/1.1 204 No Content\r\nX-Amzn-ErrorType:  \t spaced value \t \r\n\r\n',
    cl(b'502 Bad Gateway', b'<html>proxy</html>', b'Content-Type: text/html\r\n'),
]


def write(target, name, data):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def http_seeds():
    for i, r in enumerate(RESPONSES):
        write('http', 'resp%02d-whole' % i, b'\x00\x00' + r)
        write('http', 'resp%02d-split' % i, bytes([5 + i, i]) + r)
    write('http', 'body-refused', b'\x83\x07' + RESPONSES[0])


def json_seeds():
    bodies = [(0, CREDS), (1, ACCOUNTS), (1, ACCOUNTS_LAST), (2, ROLES), (2, ROLES_LAST),
              (3, ERR_401), (3, ERR_CODE), (3, ERR_NESTED),
              (1, b'{"accountList":[],"nextToken":"\\u00e9\\"\\\\\\/\\b\\f\\n\\r\\t"}'),
              (0, b'{"roleCredentials":{"expiration":-9223372036854775808,"x":[true,false,1.5e3]}}')]
    for i, (op, body) in enumerate(bodies):
        write('json', 'body%02d-whole' % i, bytes([op | 0x3c, 0, 0]) + body)
        write('json', 'body%02d-split' % i, bytes([op | ((i & 3) << 2) | 0x30, 3 + i, i]) + body)


def op_seeds():
    conn, resp = b'#CONN#\n', b'#RESP#\n'
    # [op][cfg][split][seed]: op 0 creds, 1 accounts, 2 roles, 3/4 walks, 5 logout.
    # cfg: attempts (bits 0-1), work size (2-3), max_result (4), next token (5),
    # callback stop (6), timeout instead of EOF at the end (7).
    seeds = {
        'creds': (0, 0x0e, 0, cl(b'200 OK', CREDS)),
        'creds-retry': (0, 0x0a, 3, cl(b'503', b'') + conn + chunked(b'200 OK', CREDS)),
        'creds-401': (0, 0x04, 255, cl(b'401', ERR_401)),
        'accounts': (1, 0x3c, 7, cl(b'200 OK', ACCOUNTS)),
        'roles': (2, 0x18, 0, chunked(b'200 OK', ROLES)),
        'walk-accounts': (3, 0x0e, 255, cl(b'200 OK', ACCOUNTS) + resp + cl(b'200 OK', ACCOUNTS_LAST)),
        'walk-roles': (4, 0x0c, 9, cl(b'200 OK', ROLES) + conn + close_delimited(b'200 OK', ROLES_LAST)),
        'walk-throttle': (3, 0x0f, 0, cl(b'429', b'{"__type":"ThrottlingException"}') + conn +
                          cl(b'200 OK', ACCOUNTS_LAST)),
        'logout': (5, 0x80, 0, cl(b'200 OK', b'')),
        'abort': (1, 0x4c, 1, cl(b'200 OK', ACCOUNTS)),
        'reuse': (0, 0x0c, 0, cl(b'200 OK', CREDS) + resp + cl(b'200 OK', CREDS)),
    }
    for name, (op, cfg, split, body) in seeds.items():
        write('op', name, bytes([op, cfg, split, len(name)]) + body)


def endpoint_seeds():
    cases = [(0, b'us-east-1'), (1, b'us-gov-west-1'), (2, b'cn-north-1'), (3, b'us-isob-east-1'),
             (0, b'eu-isoe-west-1'), (0, b'eusc-de-east-1'), (0, b'us-isof-south-1'),
             (0, b'us-iso-east-1'), (0, b'UPPER'), (0, b'-'), (0, b'a' * 64),
             (4, b'\x00https://example.com'), (4, b'\x00http://127.0.0.1:8080/'),
             (0xc, b'\x00http://[::1]:9'), (0, b'us-east-1\x00https://[::1]:65535'),
             (1, b'us-east-1\x00https://x'), (4, b'\x00https://h:65536'), (4, b'\x00ftp://x')]
    for i, (flags, text) in enumerate(cases):
        write('endpoint', 'case%02d' % i, bytes([flags, 255]) + text)
        write('endpoint', 'case%02d-small' % i, bytes([flags, 20 + i]) + text)


def cli_args_seeds():
    cases = [
        [b'list-accounts', b'--access-token', b'tok', b'--region', b'us-east-1'],
        [b'--region=eu-west-1', b'list-account-roles', b'--account-id', b'1', b'--access-token=t',
         b'--page-size', b'5', b'--max-items', b'3', b'--starting-token', b'eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ=='],
        [b'get-role-credentials', b'--account-id', b'1', b'--role-name', b'R', b'--profile', b'p',
         b'--cli-read-timeout', b'0', b'--cli-connect-timeout', b'5', b'--output', b'json'],
        [b'list-accounts', b'--no-paginate', b'--max-results', b'100', b'--next-token', b'abc___2'],
        [b'logout', b'--endpoint-url', b'https://127.0.0.1:8443', b'--ca-bundle', b'/tmp/ca.pem',
         b'--debug'],
        [b'--help'], [b'--version'], [b'bogus', b'--unknown'], [b'list-accounts', b'--page-size'],
    ]
    for i, argv in enumerate(cases):
        write('cli_args', 'argv%02d' % i, b'\x00'.join(argv))


def config_cache_seeds():
    config = (b'[default]\nregion = us-east-1\n\n[profile dev]\nsso_session = corp\n'
              b'sso_account_id = 111122223333\nsso_role_name = Admin\nregion: eu-west-1\n'
              b's3 =\n  max_concurrent_requests = 20\n# comment\n; other\n'
              b'[sso-session corp]\nsso_start_url = https://d-92671207e4.awsapps.com/start\n'
              b'sso_region = us-east-2\nsso_registration_scopes = sso:account:access\n'
              b'[profile legacy]\nSSO_START_URL=https://x.awsapps.com/start\nsso_region=ap-south-1\n')
    for i, name in enumerate([b'dev', b'default', b'legacy', b'missing']):
        write('config_cache', 'config%02d' % i, b'\x00' + name + b'\n' + config)
    caches = [
        b'{"startUrl": "https://d-92671207e4.awsapps.com/start", "region": "us-east-2", '
        b'"accessToken": "eyJsdGsiOiJhYmMifQ", "expiresAt": "2023-03-16T15:11:53.540Z"}',
        b'{"accessToken":"t\\u00e9\\n","expiresAt":"2019-11-14T04:05:45Z","clientId":"c",'
        b'"refreshToken":null,"registrationExpiresAt":"2021-12-11T07:18:18UTC"}',
        b'{"accessToken":"t","expiresAt":"2021-12-11T07:18:18UTC","n":[1,{"a":-0.5e+3}]}',
        b'{"expiresAt":"x"}', b'[]', b'{"accessToken":"t","expiresAt":1}',
    ]
    for i, c in enumerate(caches):
        write('config_cache', 'cache%02d' % i, b'\x01\n' + c)


def main():
    http_seeds()
    json_seeds()
    op_seeds()
    endpoint_seeds()
    cli_args_seeds()
    config_cache_seeds()
    return 0


if __name__ == '__main__':
    sys.exit(main())
