#!/usr/bin/env bash
# Installs the Debian 12 packages Sluice needs to build, test and run its quickstart.
# Idempotent: asks dpkg what is already there and calls apt only for what is missing,
# so a second run takes a fraction of a second.
#
#   deploy/install-deps.sh            build + quickstart packages
#   deploy/install-deps.sh --tests    also the tools tests/ uses (jq; clang + its sanitizer and
#                                     libFuzzer runtimes for tests/fuzz)
#
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  # build
  meson ninja-build g++ pkg-config
  libcaf-dev libyaml-cpp-dev libmariadb-dev nlohmann-json3-dev prometheus-cpp-dev
  libcivetweb-dev doctest-dev libexpected-dev zlib1g-dev libzstd-dev libssl-dev
  # throwaway upstream/downstream servers and the client the scripts drive them with
  mariadb-server mariadb-client
  # quickstart and tests: HTTP probes, process control
  curl ca-certificates procps
)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(jq clang libclang-rt-14-dev prometheus)
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

# mariadb-server's maintainer scripts try to start the system service. Sluice never uses it, and
# on a machine without an init system (container, chroot) that start fails; a temporary
# policy-rc.d tells invoke-rc.d not to start anything during this one install.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  added_policy=1
fi
remove_policy() { if ((added_policy)); then "${sudo[@]}" rm -f "$policy"; fi; }
trap remove_policy EXIT

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
