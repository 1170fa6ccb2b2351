#!/usr/bin/env bash
# Builds and runs every test: installs the Debian packages it needs, builds the
# host tree with warnings as errors, runs ctest, then the Cortex-M checks (QEMU
# firmware tests, size/stack/RAM tables), then the hardening checks. A clean
# clone took 6 minutes here with the packages installed (apt adds a few more).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/format_check.sh
# The host preset (CMakePresets.json): build/host, RelWithDebInfo, -Werror.
# Its ctest run includes the packaging consumers (label pkg,
# scripts/consumers.sh): Make fragment for host/Cortex-M4/RV32IMC,
# find_package, pkg-config, the .deb, TINYSSO_TESTS=OFF; 25-50 s of the run.
cmake --preset host
cmake --build --preset host -j"$(nproc)"
ctest --preset host
scripts/embedded_test.sh
# Sanitizers, valgrind, coverage gate, bounded fuzzing, clang-tidy/cppcheck.
scripts/hardening.sh
