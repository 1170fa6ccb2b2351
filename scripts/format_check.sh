#!/usr/bin/env bash
# Fails when a tracked C file differs from what clang-format-15 makes of it
# (.clang-format; InsertBraces needs clang-format 15 or later).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h')
clang-format-15 --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} C files match .clang-format"
