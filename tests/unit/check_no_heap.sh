#!/bin/sh
# Proves from the archive's symbol table that the core references no heap
# function. It first checks that nm sees undefined symbols at all (memcpy),
# so an empty or unreadable archive cannot pass by accident.
lib="$1"
undef=$(nm -u "$lib") || { echo "nm failed on $lib"; exit 1; }
echo "$undef" | grep -qw memcpy || { echo "no undefined memcpy seen: nm output unusable"; exit 1; }
bad=$(echo "$undef" | grep -wE 'malloc|calloc|realloc|free|strdup|strndup' || true)
if [ -n "$bad" ]; then
  echo "heap functions referenced by $lib:"; echo "$bad"; exit 1
fi
echo "no heap function referenced by $lib"
