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
# The TLS port and all that runs through it again, against mbedTLS 3.6.6 LTS
# (TLS 1.2 + 1.3) compiled from the tarball: only the programs those tests run
# (target tinysso_tls_targets, labels port|integration|hardening|tls: the CLI
# groups on plain HTTP are not repeated). About 1 min of build, 1 min of tests.
cmake --preset host-mbedtls36
if [ -d build/host-mbedtls36/third_party/mbedtls-3.6.6 ]; then
    cmake --build --preset host-mbedtls36 -j"$(nproc)"
    ctest --preset host-mbedtls36
else
    echo "test.sh: no mbedTLS 3.6.6 tarball (TINYSSO_THIRD_PARTY_DIR): 3.6 tests skipped" >&2
fi
scripts/embedded_test.sh
# Sanitizers, valgrind, coverage gate, bounded fuzzing, clang-tidy/cppcheck.
scripts/hardening.sh
