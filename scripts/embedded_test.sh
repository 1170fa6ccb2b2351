#!/usr/bin/env bash
# "Runs on a microcontroller": cross builds both Cortex-M presets, runs their
# firmware tests in QEMU through ctest, and checks that the README's size,
# stack and RAM tables are current and within budget. Called by the main test
# script; needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm
# (scripts/deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
for preset in cortex-m4 cortex-m0plus; do
  echo "== embedded: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build "build/$preset" -j"$(nproc)"
  # ctest has its own per-test timeout (120 s); this bounds the whole run.
  timeout 900 ctest --test-dir "build/$preset" --output-on-failure || status=1
done

echo "== embedded: README tables"
python3 scripts/size_table.py --check || status=1
python3 scripts/stack_report.py --check || status=1
python3 scripts/ram_table.py --check || status=1
exit $status
