#!/usr/bin/env python3
"""Runs sso_tls_secrets against a TLS server on 127.0.0.1 that this script
starts and stops itself.

The server offers TLS 1.2 and 1.3 (--tls-max 1.2: 1.2 only). Connection 1
answers two GetRoleCredentials requests (keep-alive) with fresh
random secrets; connection 2 sends half a response and drops TCP without
close_notify. The server checks the bearer token, so the access token
really travelled through the TLS buffers. Exit status: the program's.
"""
import argparse
import os
import secrets
import socket
import ssl
import subprocess
import sys
import threading

ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'


def token(n):
    return ''.join(ALPHABET[b % 64] for b in secrets.token_bytes(n))


def read_request(conn):
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > 65536:
            return None
    return data


def response(access, secret, session, request):
    if ('x-amz-sso_bearer_token: ' + access + '\r\n').encode() not in request:
        body = b'{"message":"Session token not found or invalid"}'
        status = b'401 Unauthorized'
    else:
        body = ('{"roleCredentials":{"accessKeyId":"ASIATLSSECRETS000001","secretAccessKey":"%s",'
                '"sessionToken":"%s","expiration":1700000000000}}' % (secret, session)).encode()
        status = b'200 OK'
    return (b'HTTP/1.1 ' + status + b'\r\nContent-Type: application/json\r\nConnection: keep-alive'
            b'\r\nContent-Length: ' + str(len(body)).encode() + b'\r\n\r\n' + body)


def serve(listener, ctx, access, secret, session, errors):
    """Two TLS connections. A handshake that fails is not one of them: mbedTLS
    3.6 retries once with a 1.2-only hello against a 1.2-only server
    (port/mbedtls/sso_tls.c), so up to two more accepts are allowed."""
    conn_no = 0
    try:
        for _ in range(4):
            if conn_no == 2:
                break
            raw, _ = listener.accept()
            raw.settimeout(10)
            try:
                conn = ctx.wrap_socket(raw, server_side=True)
            except (OSError, ssl.SSLError):
                raw.close()
                continue
            conn_no += 1
            try:
                for _ in range(2 if conn_no == 1 else 1):
                    req = read_request(conn)
                    if req is None:
                        break
                    resp = response(access, secret, session, req)
                    if conn_no == 2:
                        conn.sendall(resp[:len(resp) // 2])
                        conn.shutdown(socket.SHUT_RDWR)  # no close_notify
                        break
                    conn.sendall(resp)
                if conn_no == 1:
                    read_request(conn)  # the client's close_notify ends it
            except (OSError, ssl.SSLError):
                pass
            finally:
                conn.close()
    except (OSError, ssl.SSLError) as e:
        errors.append(repr(e))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--exe', required=True)
    ap.add_argument('--certs', required=True)
    ap.add_argument('--gen-certs', required=True)
    ap.add_argument('--tls-max', choices=['1.2', '1.3'], default='1.3')
    a = ap.parse_args()
    subprocess.run(['bash', a.gen_certs, a.certs], check=True, timeout=120)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if a.tls_max == '1.2':
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(a.certs, 'server.pem'), os.path.join(a.certs, 'server.key'))
    access, secret, session = token(180), token(40), token(900)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(4)
    listener.settimeout(30)
    port = listener.getsockname()[1]
    errors = []
    th = threading.Thread(target=serve, args=(listener, ctx, access, secret, session, errors),
                          daemon=True)
    th.start()
    try:
        p = subprocess.run([a.exe, os.path.join(a.certs, 'ca.pem'), 'localhost', str(port),
                            access, secret, session], timeout=60)
        rc = p.returncode
    finally:
        listener.close()  # stops the server: accept() fails and the thread ends
        th.join(timeout=15)
    if errors:
        print('server:', errors, file=sys.stderr)
    return rc


if __name__ == '__main__':
    sys.exit(main())
