# Tools and binaries for bench/replicate.sh. Sourced.
#
#   install_missing PKG...    apt-get install the Debian packages that are not installed
#   build_sluice ROOT DIR     meson setup DIR --buildtype=release when absent; compile sluice, sluicectl
#   free_port FROM            first loopback port at or after FROM that nobody listens on

install_missing() {
  local missing=() pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  echo "setup.sh: installing ${missing[*]}" >&2
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  # As deploy/install-deps.sh: keep mariadb-server's scripts from starting the system service.
  local policy=/usr/sbin/policy-rc.d added=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    added=1
  fi
  "${sudo[@]}" apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  local rc=$?
  ((added)) && "${sudo[@]}" rm -f "$policy"
  return $rc
}

build_sluice() {
  local root=$1 dir=$2
  if [[ ! -f "$dir/build.ninja" ]]; then
    echo "setup.sh: configuring $dir (release)" >&2
    meson setup "$dir" "$root" --buildtype=release >/dev/null || return 1
  fi
  meson compile -C "$dir" sluice sluicectl >"$dir/bench-compile.log" 2>&1 ||
    { tail -n 30 "$dir/bench-compile.log" >&2; return 1; }
}

free_port() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

# build_type DIR: meson's buildtype of a configured build dir (release, debug, ...).
build_type() {
  grep -o '"name": "buildtype", "value": "[^"]*"' "$1/meson-info/intro-buildoptions.json" 2>/dev/null |
    sed 's/.*"value": "//; s/"$//'
}

# fsync_rate DIR: synchronous 4 KiB writes per second in DIR (dd oflag=dsync, ~1-2 s): what a
# durable commit costs on this disk, printed beside the figures.
fsync_rate() {
  local file="$1/fsync-probe" out
  out=$(LC_ALL=C dd if=/dev/zero of="$file" bs=4k count=300 oflag=dsync 2>&1 | tail -n 1)
  rm -f "$file"
  awk '{ for (i = 1; i <= NF; i++) if ($i == "s,") { printf "%.0f\n", 300 / $(i - 1); exit } }' <<<"$out"
}
