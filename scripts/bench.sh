#!/bin/sh
# Builds and runs the benchmarks (host under callgrind, Cortex-M3 in QEMU with
# an instruction trace) and rewrites bench/RESULTS.md and the README section
# between the bench-table markers. Not part of the test run: it measures, it
# takes minutes. Every step is bounded by a timeout.
#   scripts/bench.sh
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
HOST=build/bench
ARM=build/bench-m3

for tool in cmake valgrind callgrind_annotate qemu-system-arm arm-none-eabi-gcc python3; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 1; }
done

# Host: -O2 with symbols (callgrind names functions); only what the bench needs.
timeout 300 cmake -S . -B "$HOST" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTINYSSO_PORTS=OFF \
    -DTINYSSO_TESTS=OFF -DTINYSSO_BENCH=ON >/dev/null
timeout 600 cmake --build "$HOST" --target bench_parse -j"$(nproc)"

# Cortex-M3 -Os firmware of the same scenarios.
timeout 300 cmake -S bench/arm -B "$ARM" -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/arm-none-eabi.cmake" \
    "-DTINYSSO_CPU_FLAGS=-mcpu=cortex-m3 -mfloat-abi=soft" -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
timeout 600 cmake --build "$ARM" -j"$(nproc)"

timeout 2400 python3 bench/bench_report.py "$HOST/bin/bench_parse" "$ARM/bench_fw_insn.elf" \
    "$ARM/bench_fw_ram.elf"
