#!/bin/sh
# Compiles each of the README's C examples against the real headers, so the
# documentation cannot drift from the API.
set -eu
root="$1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$root/README.md" "$out" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start, n = text.find("```c\n"), 0
while start >= 0:
    end = text.index("```", start + 5)
    with open("%s/example%d.c" % (sys.argv[2], n), "w") as f:
        f.write("#define _POSIX_C_SOURCE 200809L\n#include <stdio.h>\n" + text[start + 5:end])
    n += 1
    start = text.find("```c\n", end + 3)
if n == 0:
    sys.exit("no C example in README.md")
PY
for src in "$out"/example*.c; do
    cc -std=c99 -Wall -Wextra -Werror -Wno-unused-parameter -c "$src" \
       -I"$root/core/include" -I"$root/port/posix" -I"$root/port/mbedtls" -o "${src%.c}.o"
done
echo "README examples compile: $(ls "$out"/example*.c | wc -l)"
