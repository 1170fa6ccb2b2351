#!/usr/bin/env bash
# The main job, end to end on one machine: install the Debian packages, build,
# make a test PKI, start the mock AWS SSO portal over TLS on 127.0.0.1, and run
# the device example against it once (list accounts and roles, fetch role
# credentials, log out). The mock is stopped on every exit path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
demo=$build/demo
cd "$root"

echo "== dependencies"
bash scripts/deps.sh

echo "== build"
cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" -j"$(nproc)" --target device_posix >/dev/null
device=$build/bin/device_posix

echo "== certificates (test CA + server cert for localhost) in $demo/certs"
mkdir -p "$demo"
bash tests/integration/gen_certs.sh "$demo/certs"

echo "== mock portal"
rm -f "$demo/port" "$demo/stats.json"
python3 tests/integration/mock_portal.py --host 127.0.0.1 --port 0 \
    --cert "$demo/certs/server-chain.pem" --key "$demo/certs/server.key" \
    --port-file "$demo/port" --stats-file "$demo/stats.json" --accounts 12 \
    >"$demo/mock.log" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null; wait "$mock_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do # up to 10 s
    [ -s "$demo/port" ] && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$demo/mock.log"; exit 1; }
    sleep 0.1
done
[ -s "$demo/port" ] || { echo "mock portal did not start"; exit 1; }
port=$(cat "$demo/port")
echo "listening on https://localhost:$port (pid $mock_pid)"

echo "== device_posix --once"
SSO_ACCESS_TOKEN=test-token "$device" --endpoint "https://localhost:$port" \
    --ca "$demo/certs/ca.pem" --once

echo "== what the portal saw"
python3 - "$demo/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("connections %d, TLS handshakes %d (resumed %d), requests %d" % (
    s["connections"], s["tls_handshakes"], s["tls_resumed"], s["requests"]))
for op, n in sorted(s["ops"].items()):
    print("  %-20s %d" % (op, n))
PY
