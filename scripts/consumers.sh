#!/usr/bin/env bash
# Proves each way a project takes tinysso, with the tiny consumer in
# tests/consumers (ctest registers each stage as pkg.<stage>, label pkg):
#   make.host        a Makefile project from tinysso.mk: core + POSIX port, run
#   make.cortex-m4   the same for arm-none-eabi (Cortex-M4F, newlib-nano): linked, sized
#   make.rv32imc     the same for riscv64-unknown-elf -march=rv32imc -mabi=ilp32
#                    (picolibc): linked, sized
#   cmake            find_package(tinysso COMPONENTS core posix mbedtls lwip)
#                    from a staging prefix (cmake --install of the build tree,
#                    then moved, to prove it relocatable); an unknown component
#                    is refused with its name
#   pkgconfig        compile and link through pkg-config from a staging prefix;
#                    each installed header compiles alone and pulls in no jsmn.h
#   deb              cpack's .deb: version, dependencies, contents; unpacked with
#                    dpkg -x and its `tinysso --version` run from there
#   options          a tree configured with -DTINYSSO_TESTS=OFF registers no test
#                    and has no test, fuzz or benchmark target (configure only)
# Usage: scripts/consumers.sh [--build DIR] [stage...]
#   DIR: a configured and built host tree (default build/host); no stage: all.
# Each stage works in its own temporary folder and removes it on exit. Exit 77
# when a stage's tool is missing (no cross compiler, no dpkg-deb).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build/host
if [ "${1:-}" = "--build" ]; then
    BUILD=$(cd "$2" && pwd)
    shift 2
fi
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(make.host make.cortex-m4 make.rv32imc cmake pkgconfig deb options)

VERSION=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
[ -n "$VERSION" ] || { echo "consumers: $BUILD is not a configured tinysso build tree" >&2; exit 1; }
# A program linking the tree's libraries needs the tree's instrumentation
# flags too (the ASan tree of scripts/hardening.sh): consumers use them.
TREE_CFLAGS=$(sed -n 's/^CMAKE_C_FLAGS:STRING=//p' "$BUILD/CMakeCache.txt")
TREE_LDFLAGS=$(sed -n 's/^CMAKE_EXE_LINKER_FLAGS:STRING=//p' "$BUILD/CMakeCache.txt")

fail() { echo "consumers: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || { echo "consumers: $1 missing, skipped"; exit 77; }; }

# A folder holding jsmn.h alone, for cross builds.
jsmn_only() {
    local h
    for h in /usr/include/jsmn.h /usr/local/include/jsmn.h; do
        if [ -f "$h" ]; then
            mkdir -p "$1" && cp "$h" "$1/"
            return
        fi
    done
    fail "jsmn.h not found (libjsmn-dev)"
}

install_to() { # prefix
    cmake --install "$BUILD" --prefix "$1" >/dev/null
    # Nothing installed may point back into the source or build tree.
    if grep -rIl -e "$ROOT" -e "$BUILD" "$1" 2>/dev/null; then
        fail "the files above refer to the source or build tree"
    fi
}

stage_make() { # target
    local target=$1
    case $target in
    cortex-m4) need arm-none-eabi-gcc ;;
    rv32imc)
        need riscv64-unknown-elf-gcc
        [ -f /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs ] ||
            { echo "consumers: picolibc-riscv64-unknown-elf missing, skipped"; exit 77; }
        ;;
    esac
    local jsmn=()
    if [ "$target" != host ]; then
        jsmn_only "$TMP/jsmn"
        jsmn=(JSMN_INCLUDE_DIR="$TMP/jsmn")
    fi
    make -s -C "$ROOT/tests/consumers/make" O="$TMP/out" TARGET="$target" "${jsmn[@]}"
    if [ "$target" = host ]; then
        "$TMP/out/consumer.elf"
    else
        # A linked image for the MCU: it must hold the client's entry points.
        local nm=${target/cortex-m4/arm-none-eabi}
        nm=${nm/rv32imc/riscv64-unknown-elf}-nm
        "$nm" "$TMP/out/consumer.elf" >"$TMP/symbols"
        grep -q " T sso_get_role_credentials$" "$TMP/symbols" ||
            fail "$target: sso_get_role_credentials not linked into the image"
        echo "consumers: make.$target linked"
    fi
}

stage_cmake() {
    install_to "$TMP/stage"
    mv "$TMP/stage" "$TMP/moved"
    cmake -S "$ROOT/tests/consumers/cmake" -B "$TMP/build" -DCMAKE_PREFIX_PATH="$TMP/moved" \
        -DCMAKE_C_FLAGS="$TREE_CFLAGS" -DCMAKE_EXE_LINKER_FLAGS="$TREE_LDFLAGS" >"$TMP/log" 2>&1 ||
        { cat "$TMP/log"; fail "cmake: configure failed"; }
    cmake --build "$TMP/build" >"$TMP/log" 2>&1 || { cat "$TMP/log"; fail "cmake: build failed"; }
    "$TMP/build/consumer"
    echo "consumers: find_package from a moved install prefix works"
    # A component that does not exist is refused with its name.
    mkdir -p "$TMP/bad"
    cat >"$TMP/bad/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(bad LANGUAGES C)
find_package(tinysso CONFIG REQUIRED COMPONENTS core nosuchport)
CM
    if cmake -S "$TMP/bad" -B "$TMP/bad/b" -DCMAKE_PREFIX_PATH="$TMP/moved" >"$TMP/log" 2>&1; then
        fail "find_package accepted an unknown component"
    fi
    grep -q "nosuchport: no such component" "$TMP/log" || { cat "$TMP/log"; fail "no reason given"; }
}

stage_pkgconfig() {
    need pkg-config
    local pcdir
    install_to "$TMP/prefix"
    pcdir=$(dirname "$(find "$TMP/prefix" -name tinysso.pc)")
    export PKG_CONFIG_PATH=$pcdir
    local mods=(tinysso tinysso-posix tinysso-mbedtls tinysso-lwip)
    pkg-config --exists --print-errors "${mods[@]}"
    [ "$(pkg-config --modversion tinysso)" = "$VERSION" ] || fail "tinysso.pc version is not $VERSION"
    local m
    for m in "${mods[@]}"; do
        [ "$(pkg-config --variable=prefix "$m")" = "$TMP/prefix" ] ||
            fail "$m.pc does not name the prefix it was installed into"
    done
    # shellcheck disable=SC2046,SC2086
    cc -std=c99 -Wall -Wextra -Werror -DCONSUMER_POSIX -DCONSUMER_MBEDTLS -DCONSUMER_LWIP \
        $TREE_CFLAGS $(pkg-config --cflags "${mods[@]}") "$ROOT/tests/consumers/consumer.c" \
        -o "$TMP/consumer" $TREE_LDFLAGS $(pkg-config --libs "${mods[@]}")
    "$TMP/consumer"
    # Every installed header stands alone, and none needs jsmn (a core build
    # dependency only).
    local h n=0
    for h in "$TMP/prefix/include/tinysso/"*.h; do
        echo "#include <tinysso/$(basename "$h")>" >"$TMP/one.c"
        # shellcheck disable=SC2046
        cc -std=c99 -Wall -Wextra -Werror -fsyntax-only $(pkg-config --cflags "${mods[@]}") \
            "$TMP/one.c" || fail "$(basename "$h") does not compile alone"
        # shellcheck disable=SC2046
        cc -std=c99 -M $(pkg-config --cflags "${mods[@]}") "$TMP/one.c" >"$TMP/deps"
        ! grep -q "jsmn" "$TMP/deps" || fail "$(basename "$h") pulls in jsmn.h"
        n=$((n + 1))
    done
    [ "$n" -ge 6 ] || fail "only $n headers installed"
    echo "consumers: pkg-config build works; $n installed headers compile alone, none includes jsmn.h"
}

stage_deb() {
    need cpack
    need dpkg-deb
    local deb
    (cd "$BUILD" && cpack -G DEB -B "$TMP/pkg" >"$TMP/log" 2>&1) || { cat "$TMP/log"; fail "cpack failed"; }
    deb=$(find "$TMP/pkg" -maxdepth 1 -name '*.deb')
    [ -n "$deb" ] || fail "cpack wrote no .deb"
    echo "consumers: $(basename "$deb")"
    dpkg-deb --field "$deb" Package Version Architecture Depends
    [ "$(dpkg-deb --field "$deb" Version)" = "$VERSION" ] || fail "package version is not $VERSION"
    case $(dpkg-deb --field "$deb" Depends) in
    *libmbedtls*) ;;
    *) fail "Depends lacks libmbedtls" ;;
    esac
    dpkg-deb --contents "$deb" >"$TMP/contents"
    local f
    for f in usr/bin/tinysso usr/include/tinysso/tinysso.h usr/include/tinysso/sso_tls.h \
        usr/lib/libtinysso.a usr/lib/cmake/tinysso/tinyssoConfig.cmake \
        usr/lib/pkgconfig/tinysso.pc usr/share/doc/tinysso/copyright; do
        grep -q " \./$f\$" "$TMP/contents" || fail "$f is not in the package"
    done
    dpkg -x "$deb" "$TMP/root"
    local out
    out=$("$TMP/root/usr/bin/tinysso" --version)
    echo "consumers: unpacked tinysso --version: $out"
    case $out in
    "tinysso/$VERSION "*) ;;
    *) fail "--version does not say tinysso/$VERSION" ;;
    esac
}

stage_options() {
    cmake -S "$ROOT" -B "$TMP/notests" -DTINYSSO_TESTS=OFF >"$TMP/log" 2>&1 ||
        { cat "$TMP/log"; fail "configure with TINYSSO_TESTS=OFF failed"; }
    local n
    n=$(ctest --test-dir "$TMP/notests" -N | sed -n 's/^Total Tests: //p')
    [ "$n" = 0 ] || fail "TINYSSO_TESTS=OFF still registers $n tests"
    cmake --build "$TMP/notests" --target help >"$TMP/targets"
    if grep -E '^\.\.\. (test_|sso_itest|sso_port_probe|sso_tls_|fuzz_|bench_|sso_test_support|sso_core_logged)' \
        "$TMP/targets"; then
        fail "TINYSSO_TESTS=OFF still builds the targets above"
    fi
    grep -q '^\.\.\. tinysso_cli$' "$TMP/targets" || fail "TINYSSO_TESTS=OFF lost the CLI"
    echo "consumers: TINYSSO_TESTS=OFF: no test registered, no test target; the CLI is there"
}

run_stage() { # each stage in a subshell with its own temporary folder
    TMP=$(mktemp -d)
    trap 'rm -rf "$TMP"' EXIT
    "$@"
}

for s in "${stages[@]}"; do
    echo "== consumers: $s"
    case $s in
    make.*) (run_stage stage_make "${s#make.}") ;;
    cmake) (run_stage stage_cmake) ;;
    pkgconfig) (run_stage stage_pkgconfig) ;;
    deb) (run_stage stage_deb) ;;
    options) (run_stage stage_options) ;;
    *) fail "unknown stage $s" ;;
    esac
done
