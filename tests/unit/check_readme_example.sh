#!/bin/sh
# Compiles the README's C example against the real headers, so the
# documentation cannot drift from the API.
set -eu
root="$1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$root/README.md" "$out/example.c" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("```c\n") + 5
end = text.index("```", start)
open(sys.argv[2], "w").write("#include <stdio.h>\n" + text[start:end])
PY
cc -std=c99 -Wall -Wextra -Werror -Wno-unused-parameter -c "$out/example.c" \
   -I"$root/core/include" -I"$root/port/posix" -I"$root/port/mbedtls" -o "$out/example.o"
echo "README example compiles"
