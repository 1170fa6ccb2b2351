"""Shared helpers of the integration runners: start/stop the mock portal and
nginx, read the mock's counters, run a program with a hard time limit.

Every server started here is stopped by the context manager that started it,
on success and on failure alike."""
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK = os.path.join(HERE, "mock_portal.py")
GEN_CERTS = os.path.join(HERE, "gen_certs.sh")


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)
    print("ok: " + what, flush=True)


def ensure_certs(certs):
    subprocess.run(["bash", GEN_CERTS, certs], check=True, timeout=120)
    return certs


def wait_file(path, timeout=10.0, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


class Mock:
    def __init__(self, workdir, port, stats_file, proc):
        self.workdir, self.port, self.stats_file, self.proc = workdir, port, stats_file, proc

    def stats(self):
        with open(self.stats_file) as f:
            return json.load(f)


@contextlib.contextmanager
def mock_portal(certs=None, cert="server", extra=(), host="127.0.0.1", prefix=(), script=MOCK):
    """Starts mock_portal.py (or script: mock_oidc.py); certs=None means plain
    HTTP. prefix runs it under another command (e.g. `ip netns exec NS`)."""
    workdir = tempfile.mkdtemp(prefix="sso-mock-")
    port_file = os.path.join(workdir, "port")
    stats_file = os.path.join(workdir, "stats.json")
    cmd = list(prefix) + [sys.executable, script, "--host", host, "--port-file", port_file,
                          "--stats-file", stats_file]
    if certs is None:
        cmd.append("--plain")
    else:
        cmd += ["--cert", os.path.join(certs, cert + "-chain.pem"),
                "--key", os.path.join(certs, cert + ".key")]
    cmd += list(extra)
    log = open(os.path.join(workdir, "mock.log"), "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        if not wait_file(port_file, proc=proc):
            log.flush()
            with open(os.path.join(workdir, "mock.log")) as f:
                sys.stdout.write(f.read())
            raise Fail("mock portal did not start")
        with open(port_file) as f:
            port = int(f.read())
        yield Mock(workdir, port, stats_file, proc)
    finally:
        stop(proc)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


class Proxy:
    """A running connect_proxy.py: its port and what it recorded."""

    def __init__(self, port, stats_file):
        self.port, self.stats_file = port, stats_file

    def url(self, userinfo=""):
        return "http://%s127.0.0.1:%d" % (userinfo, self.port)

    def stats(self):
        with open(self.stats_file) as f:
            return json.load(f)

    def tunnels(self):
        return self.stats()["tunnels"]


@contextlib.contextmanager
def connect_proxy(*extra):
    """Starts connect_proxy.py (an HTTP CONNECT proxy) on 127.0.0.1."""
    workdir = tempfile.mkdtemp(prefix="sso-proxy-")
    port_file = os.path.join(workdir, "port")
    stats_file = os.path.join(workdir, "stats.json")
    log = open(os.path.join(workdir, "proxy.log"), "w")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "connect_proxy.py"),
                             "--port-file", port_file, "--stats-file", stats_file] + list(extra),
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        if not wait_file(port_file, proc=proc):
            raise Fail("connect_proxy.py did not start")
        with open(port_file) as f:
            yield Proxy(int(f.read()), stats_file)
    finally:
        stop(proc)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    log_format sso '$connection $connection_requests $ssl_session_reused "$request" $status';
    access_log {dir}/access.log sso;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream portal {{
        server 127.0.0.1:{upstream};
        keepalive 4;
    }}
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {certs}/server-chain.pem;
        ssl_certificate_key {certs}/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:sso:1m;
        keepalive_requests 1000;
        # The portal's header is x-amz-sso_bearer_token; nginx silently drops
        # header names with underscores unless told otherwise.
        underscores_in_headers on;
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@contextlib.contextmanager
def nginx_front(certs, upstream_port):
    """nginx-light with its own prefix, config and pid file, terminating TLS
    on 127.0.0.1 and proxying to the mock over keep-alive HTTP/1.1. Yields
    (port, access log path); the log line starts with the connection serial,
    its request count and $ssl_session_reused ("r" when resumed)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    workdir = tempfile.mkdtemp(prefix="sso-nginx-")
    proc = None
    try:
        for attempt in range(5):  # free_port() can race with another test
            port = free_port()
            conf = os.path.join(workdir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(NGINX_CONF.format(dir=workdir, port=port, upstream=upstream_port,
                                          certs=os.path.abspath(certs)))
            proc = subprocess.Popen([nginx, "-p", workdir, "-c", conf],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            if wait_port(port, proc):
                break
            stop(proc)
            proc = None
        if proc is None:
            with open(os.path.join(workdir, "error.log")) as f:
                sys.stdout.write(f.read())
            raise Fail("nginx did not start")
        yield port, os.path.join(workdir, "access.log")
    finally:
        stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


def wait_port(port, proc, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def run(cmd, timeout=60, env=None):
    """Runs cmd; returns (exit code, stdout as text). Output is echoed."""
    print("+ " + " ".join(cmd), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout, env=env)
    out = p.stdout.decode(errors="replace")
    sys.stdout.write(out)
    return p.returncode, out


def proves_tls11(port):
    """True when the server at 127.0.0.1:port completes a TLS 1.1 handshake
    with OpenSSL, i.e. a refusal by our client is about the version."""
    p = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-tls1_1",
                        "-cipher", "DEFAULT:@SECLEVEL=0", "-brief"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    return b"Protocol version: TLSv1.1" in p.stdout


def results(out):
    """One dict per op, in order."""
    ops, cur = [], None
    for line in out.splitlines():
        if line.startswith("op="):
            cur = {}
            ops.append(cur)
        if cur is not None and "=" in line:
            k, v = line.split("=", 1)
            cur[k] = v
    return ops


def kv(out):
    """key=value lines of a driver's output (last value wins)."""
    d = {}
    for line in out.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            d[k.strip()] = v.strip()
    return d


def main_wrapper(fn):
    try:
        fn()
    except Fail as e:
        print("FAIL: %s" % e, flush=True)
        sys.exit(1)
    print("PASS", flush=True)
    sys.exit(0)
