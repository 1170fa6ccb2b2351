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

# The device image (examples/firmware, its own CMake project): FreeRTOS +
# lwIP + mbedTLS 3.6 + tinysso in QEMU on a TAP device in a network
# namespace (root; the test skips with 77 otherwise). mbedTLS is compiled
# twice, once per P-256 implementation (generic ECP, p256-m).
echo "== embedded: device image"
fw_start=$(date +%s)
cmake -S examples/firmware -B build/firmware --toolchain "$PWD/cmake/arm-none-eabi.cmake" \
      -DTINYSSO_CPU_FLAGS="-mcpu=cortex-m3 -mfloat-abi=soft" >/dev/null
cmake --build build/firmware -j"$(nproc)"
timeout 900 ctest --test-dir build/firmware -L firmware --output-on-failure || status=1
echo "device image: $(( $(date +%s) - fw_start )) s"

echo "== embedded: README tables"
python3 scripts/size_table.py --check || status=1
python3 scripts/stack_report.py --check || status=1
python3 scripts/ram_table.py --check || status=1
python3 scripts/fw_table.py --check || status=1
exit $status
