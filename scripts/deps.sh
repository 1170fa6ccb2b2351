#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the tools need.
# Idempotent; skips apt entirely when everything is already there.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config python3 openssl iproute2
  libjsmn-dev libcmocka-dev libmbedtls-dev liblwip-dev
  nginx-light awscli python3-botocore
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf dpkg-dev file
  clang libclang-rt-14-dev valgrind gcovr cppcheck clang-tidy clang-format-15
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
