#!/usr/bin/env bash
# Builds and runs every test: installs the Debian packages it needs, builds the
# host tree with warnings as errors, runs ctest, then the Cortex-M checks (QEMU
# firmware tests, size/stack/RAM tables), then the hardening checks. A clean
# clone took 6 minutes here with the packages installed (apt adds a few more).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/format_check.sh
cmake -S . -B build/host -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTINYSSO_WERROR=ON
cmake --build build/host -j"$(nproc)"
ctest --test-dir build/host --output-on-failure -j2 --timeout 900
scripts/embedded_test.sh
# Sanitizers, valgrind, coverage gate, bounded fuzzing, clang-tidy/cppcheck.
scripts/hardening.sh
