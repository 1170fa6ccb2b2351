#!/usr/bin/env bash
# What a caller pays per call over TLS, in one run: the tinysso CLI, the
# device example, a raw mbedTLS floor, /usr/bin/aws and botocore against the
# mock portal on 127.0.0.1, plus where one CLI process's instructions go and
# the parse figures (instructions per byte on x86-64 and Cortex-M3, working
# buffer per operation). Prints one table; --write-readme also puts it in
# README.md between the wire-table markers. Not part of the test run (it
# measures, for tens of minutes); ctest's bench.wire.smoke runs the same
# driver with tiny counts so it cannot rot.
#
#   scripts/bench_wire.sh [--write-readme] [--reps N] [--quick]
#
# --quick skips the Cortex-M builds (no M3 instructions per byte, no working
# buffers). Builds go to build/bench-wire*; mbedTLS 3.6 rows (and 3.6 with
# the p256-m driver) appear when the tree has -DTINYSSO_MBEDTLS36 and the
# 3.6.6 tarball is in ../shared/third_party.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ARGS=()
QUICK=0
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --reps) ARGS+=(--reps "$2"); shift ;;
        --write-readme) ARGS+=(--write-readme) ;;
        *) echo "usage: scripts/bench_wire.sh [--write-readme] [--reps N] [--quick]" >&2; exit 2 ;;
    esac
    shift
done

scripts/deps.sh
JOBS=$(nproc)
TARGETS=(tinysso_cli device_posix bench_floor bench_rusage_run)

# mbedTLS 2.28 (Debian), and what the parse figures need from the same tree.
timeout 600 cmake -S . -B build/bench-wire -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTINYSSO_TESTS=OFF -DTINYSSO_BENCH=ON >/dev/null
timeout 1800 cmake --build build/bench-wire -j"$JOBS" --target "${TARGETS[@]}" bench_parse
ARGS+=(--build build/bench-wire)

if grep -q TINYSSO_MBEDTLS36 port/CMakeLists.txt; then
    for v in 36 36-p256m; do
        extra=()
        if [ "$v" = 36-p256m ]; then
            extra=("-DCMAKE_C_FLAGS=-include $ROOT/bench/wire/mbedtls36_p256m.h")
        fi
        if timeout 600 cmake -S . -B "build/bench-wire$v" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DTINYSSO_TESTS=OFF -DTINYSSO_BENCH=ON -DTINYSSO_MBEDTLS36=ON "${extra[@]}" >/dev/null &&
            timeout 1800 cmake --build "build/bench-wire$v" -j"$JOBS" --target "${TARGETS[@]}"; then
            ARGS+=("--build$v" "build/bench-wire$v")
        else
            echo "bench_wire.sh: the mbedTLS 3.6 build ($v) failed; its rows are left out" >&2
        fi
    done
fi

if [ "$QUICK" = 0 ]; then
    # Cortex-M3 instruction counts (as scripts/bench.sh builds them) and the
    # working buffers (the cortex-m4 preset's test firmware, scripts/ram_table.py).
    timeout 300 cmake -S bench/arm -B build/bench-m3 -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/arm-none-eabi.cmake" \
        "-DTINYSSO_CPU_FLAGS=-mcpu=cortex-m3 -mfloat-abi=soft" -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
    timeout 600 cmake --build build/bench-m3 -j"$JOBS" --target bench_fw_insn
    timeout 300 cmake --preset cortex-m4 >/dev/null
    timeout 900 cmake --build build/cortex-m4 -j"$JOBS" --target fw_m4_an386
    ARGS+=(--fw-m3 build/bench-m3/bench_fw_insn.elf --fw-m4 build/cortex-m4/bin/fw_m4_an386.elf)
fi

exec timeout 7200 python3 bench/wire/bench_wire.py --work build/bench-wire/run "${ARGS[@]}"
