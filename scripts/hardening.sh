#!/usr/bin/env bash
# Hardening checks, each in its own build tree under build/:
#   asan      whole tree with ASan+UBSan (gcc), full ctest suite; any
#             sanitizer report aborts the program and fails its test
#   valgrind  whole tree plain (-O1 -g), full ctest suite with every C program
#             under valgrind memcheck: zero errors, zero definite/indirect
#             leaks (tests/hardening/memcheck.py)
#   coverage  gcov build, unit + hardening tests, gcovr over core/:
#             >= 95% lines and >= 90% branches or it fails
#   fuzz      clang -DTINYSSO_FUZZ=ON: seed/regression replay (ctest -L fuzz),
#             then every fuzz target for FUZZ_SECONDS (default 20) under
#             ASan+UBSan, two at a time; any crash fails
#   lint      clang-tidy (.clang-tidy) and cppcheck on core/ and port/
# Usage: scripts/hardening.sh [stage...]   (default: all, in that order)
# Env: FUZZ_SECONDS, JOBS (default nproc). About 20 minutes on 2 cores from
# cold build trees (valgrind ~7 min of it), a few minutes when they are warm.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(asan valgrind coverage fuzz lint)

step() { printf '\n==== hardening: %s (%s)\n' "$*" "$(date -u +%T)"; }

configure() { # dir, extra cmake args...
    local dir=$1
    shift
    cmake -S . -B "$dir" -DTINYSSO_WERROR=ON "$@" >"$dir.configure.log" 2>&1 ||
        { cat "$dir.configure.log"; return 1; }
}

build() { # dir [target]
    cmake --build "$1" -j"$JOBS" ${2:+--target "$2"}
}

# Both sanitizer stages leave out label bench (bench.wire.smoke): it runs the
# client under callgrind itself, which cannot host an ASan binary or run inside
# memcheck; the host ctest of scripts/test.sh runs it.
stage_asan() {
    step "ASan+UBSan build and ctest"
    mkdir -p build
    local san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    configure build/asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="-O1 -g $san" \
        -DCMAKE_EXE_LINKER_FLAGS="$san"
    build build/asan
    # abort_on_error: a report must fail the test even when a runner ignores
    # the exit status and only looks at the output.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build/asan --output-on-failure -j2 --timeout 900 -LE '^bench$'
}

stage_valgrind() {
    step "valgrind memcheck of the ctest suite"
    mkdir -p build
    configure build/valgrind -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="-O1 -g"
    build build/valgrind
    python3 tests/hardening/memcheck.py build/valgrind -j2 --timeout 1200 -LE '^bench$'
}

stage_coverage() {
    step "coverage of core/ (gcovr)"
    mkdir -p build
    configure build/cov -DCMAKE_BUILD_TYPE=Debug -DTINYSSO_COVERAGE=ON
    build build/cov
    find build/cov -name '*.gcda' -delete
    ctest --test-dir build/cov --output-on-failure -j2 --timeout 900 -R '^(unit|hardening)\.'
    gcovr -r . --filter 'core/' --print-summary --txt build/cov/coverage.txt \
        --fail-under-line 95 --fail-under-branch 90 build/cov
    cat build/cov/coverage.txt
}

stage_fuzz() {
    step "fuzz targets, ${FUZZ_SECONDS}s each"
    mkdir -p build
    configure build/fuzz-ci -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
        -DTINYSSO_FUZZ=ON
    build build/fuzz-ci fuzz_all
    ctest --test-dir build/fuzz-ci --output-on-failure -L fuzz
    local targets=() t pids=() failed=0
    for t in build/fuzz-ci/bin/fuzz_*; do
        targets+=("$(basename "$t" | sed 's/^fuzz_//')")
    done
    [ ${#targets[@]} -gt 0 ] || { echo "no fuzz targets built"; return 1; }
    run_one() { # target
        local t=$1 dirs=(tests/fuzz/corpus/$1)
        local work=build/fuzz-ci/work/$t art=build/fuzz-ci/artifacts/$t
        rm -rf "$work" && mkdir -p "$work" "$art"
        [ -d tests/fuzz/regress/$t ] && dirs+=(tests/fuzz/regress/$t)
        build/fuzz-ci/bin/fuzz_$t -max_total_time="$FUZZ_SECONDS" -timeout=10 -max_len=8192 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art/" "$work" "${dirs[@]}" \
            >"build/fuzz-ci/fuzz_$t.log" 2>&1
    }
    # Two at a time: the CI machines have two cores.
    local i=0
    while [ $i -lt ${#targets[@]} ]; do
        pids=()
        for t in "${targets[@]:$i:2}"; do
            run_one "$t" &
            pids+=("$!:$t")
        done
        for p in "${pids[@]}"; do
            if wait "${p%%:*}"; then
                echo "fuzz_${p#*:}: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' \
                    "build/fuzz-ci/fuzz_${p#*:}.log" | grep -o '[0-9]*$') executions, no crash"
            else
                echo "fuzz_${p#*:}: FAILED (see build/fuzz-ci/fuzz_${p#*:}.log):"
                grep -E -m5 'ERROR|runtime error|invariant|Test unit written' \
                    "build/fuzz-ci/fuzz_${p#*:}.log" || true
                failed=1
            fi
        done
        i=$((i + 2))
    done
    return $failed
}

stage_lint() {
    step "clang-tidy and cppcheck on core/ and port/"
    local db=build/valgrind
    if [ ! -f $db/compile_commands.json ]; then
        db=build/lint
        configure $db -DCMAKE_BUILD_TYPE=Debug
    fi
    local files=(core/src/*.c port/posix/*.c port/mbedtls/sso_tls.c) f
    for f in port/lwip/*.c; do # only when lwIP was found (they need its headers)
        grep -q "\"file\": \"$PWD/$f\"" $db/compile_commands.json && files+=("$f")
    done
    # (its "N warnings generated" count is about system headers: hidden)
    clang-tidy -p $db --quiet "${files[@]}" 2> >(grep -v "warnings\? generated" >&2)
    # style is on, minus what is either taste or a false positive here:
    #   variableScope: C89-style declarations at the top of a block are the
    #     house style; constParameter in sso_tls.c: the verify callback's
    #     signature is mbedTLS's; knownConditionTrueFalse in the unescaper:
    #     cppcheck misses the unsigned wrap of cp - 0xD800 (cp == 0 is live).
    cppcheck --std=c99 --enable=warning,style,performance,portability --error-exitcode=1 \
        --inline-suppr --quiet --library=posix \
        --suppress=variableScope \
        --suppress=constParameter:port/mbedtls/sso_tls.c \
        --suppress=knownConditionTrueFalse:core/src/sso_json_unescape.c \
        -I core/include -I core/src -I port/posix -I port/mbedtls -I port/lwip \
        core/src port
    echo "clang-tidy and cppcheck: clean"
}

for s in "${stages[@]}"; do
    case $s in
    asan | valgrind | coverage | fuzz | lint) "stage_$s" ;;
    *)
        echo "unknown stage: $s" >&2
        exit 2
        ;;
    esac
done
step "all hardening stages passed: ${stages[*]}"
