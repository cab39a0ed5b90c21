#!/usr/bin/env bash
# Binlog decoding speed: Sluice's decoder against mariadb-binlog on the same file, in one run.
#
#   bench/decode.sh [--size MB] [--build DIR] [--binlog FILE]... [--keep DIR] [--runs N] [--decode-bench PATH] [--no-record]
#
#   --size MB      binlog to generate (default 256; the issue asks for >= 200)
#   --build DIR    meson build dir (relative to the repository root) for decode_bench and
#                  sluicectl; configured as a release build if absent (default build-release)
#   --binlog FILE  decode this existing file instead of generating one (repeatable; no server)
#   --keep DIR     copy the generated binlog file(s) into DIR for later --binlog runs
#   --runs N       runs per tool, the fastest counts (default 5)
#   --decode-bench PATH  measure this decode_bench binary instead of building one (e.g. one
#                  built from an older commit, for a before/after on the same file)
#   --no-record    do not append the figures to bench/RESULTS.md
#
# Generation: a throwaway MariaDB (own datadir under a temp dir, loopback port, ROW binlog, FULL
# images, CRC32 checksums, no ANNOTATE_ROWS, max_binlog_size=1G so the run is one file) is loaded
# by sysbench:
# oltp_write_only prepare (bulk WRITE_ROWS), a typed table (DECIMAL, DATETIME(6), TIMESTAMP(3),
# DATE, TIME, DOUBLE, VARCHAR) filled and updated by SQL, then timed oltp_write_only runs
# (UPDATE/DELETE/INSERT transactions) until the file reaches --size. The server is stopped on exit.
#
# Measured, each pinned to CPU 0 (taskset -c 0), best of --runs, on the same file(s):
#   sluice          BUILD/bench/decode_bench: split frames, verify CRC32, decode every value
#                   (its own CPU time of the decoding; the file is read into memory first)
#   mariadb-binlog  mariadb-binlog -v --base64-output=decode-rows FILE > /dev/null
#   sluicectl       BUILD/sluicectl binlog decode FILE > /dev/null (JSON of every value), when
#                   the build has it
# Rates are per CPU second (user + sys): on a shared machine wall time measures the neighbours.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../tests/lib/mariadb.sh
source "$root/tests/lib/mariadb.sh"

args=("$@")
size_mb=256
build_dir=build-release
binlogs=()
keep_dir=
record=1
runs=5
decode_bench_override=
while (($#)); do
  case "$1" in
    --size) size_mb=$2; shift 2 ;;
    --build) build_dir=$2; shift 2 ;;
    --binlog) binlogs+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --keep) keep_dir=$2; shift 2 ;;
    --no-record) record=0; shift ;;
    --runs) runs=$2; shift 2 ;;
    --decode-bench) decode_bench_override=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "decode.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"

say() { echo "decode.sh: $*" >&2; }

# --- tools -------------------------------------------------------------------------------------
install_missing() {
  local missing=() pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  say "installing ${missing[*]}"
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  # As deploy/install-deps.sh: keep mariadb-server's scripts from starting the system service.
  local policy=/usr/sbin/policy-rc.d added=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    added=1
  fi
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  ((added)) && "${sudo[@]}" rm -f "$policy"
  return 0
}

install_missing mariadb-client util-linux
((${#binlogs[@]})) || install_missing sysbench mariadb-server

if [[ ! -f "$build_dir/build.ninja" ]]; then
  say "configuring $build_dir (release)"
  meson setup "$build_dir" "$root" --buildtype=release >/dev/null
fi
if [[ -n "$decode_bench_override" ]]; then
  decode_bench=$decode_bench_override
else
  meson compile -C "$build_dir" bench/decode_bench >/dev/null
  decode_bench="$build_dir/bench/decode_bench"
fi

# --- generation --------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/sluice-decode-bench.XXXXXX")
server="$work/server"
cleanup() {
  mariadb_stop "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for port in $(seq 34306 34406); do
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  return 1
}

start_server() {
  local port=$1 data="$server/data" user_opt=()
  [[ "$(id -u)" == 0 ]] && user_opt=(--user=root)
  mkdir -p "$server"
  local common=(--no-defaults "${user_opt[@]}" --datadir="$data"
    --innodb-buffer-pool-size=512M --innodb-log-file-size=256M)
  mariadb-install-db "${common[@]}" --auth-root-authentication-method=normal --force --skip-test-db \
    >"$server/install.log" 2>&1 || { tail -n 20 "$server/install.log" >&2; return 1; }
  nohup "$(mariadb_daemon)" "${common[@]}" --server-id=1 --log-bin="$data/bench-bin" \
    --binlog-format=ROW --binlog-row-image=FULL --binlog-checksum=CRC32 --max-binlog-size=1G \
    --binlog-annotate-row-events=OFF \
    --sync-binlog=0 --innodb-flush-log-at-trx-commit=0 --performance-schema=OFF \
    --port="$port" --bind-address=127.0.0.1 --socket="$server/sock" --pid-file="$server/pid" \
    --log-error="$server/error.log" --skip-name-resolve </dev/null >/dev/null 2>&1 &
  local i
  for ((i = 0; i < 300; i++)); do
    mariadb --no-defaults -S "$server/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
  done
  ((i < 300)) || { tail -n 20 "$server/error.log" >&2; return 1; }
  mariadb --no-defaults -S "$server/sock" -uroot -e "
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
    CREATE DATABASE sbtest;"
}

binlog_bytes() {  # total size of the server's binlog files
  mariadb_sql "$port" "SHOW BINARY LOGS" | awk '{s += $2} END {print s + 0}'
}

generate() {
  port=$(free_port) || { say "no free port in 34306-34406"; return 1; }
  say "starting MariaDB on 127.0.0.1:$port (datadir $server/data)"
  start_server "$port"
  local sb=(sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root
    --mysql-password= --mysql-db=sbtest --tables=4 --table-size=100000)
  say "sysbench oltp_write_only prepare (4 tables x 100000 rows)"
  "${sb[@]}" --threads=2 oltp_write_only prepare >"$work/prepare.log"

  say "typed table: 100000 inserts, 50000 updates"
  mariadb_sql "$port" "
    CREATE TABLE sbtest.typed (id INT UNSIGNED PRIMARY KEY, price DECIMAL(12,2) NOT NULL,
      ratio DOUBLE, created DATETIME(6) NOT NULL, changed TIMESTAMP(3) NULL, day DATE,
      span TIME, big BIGINT, note VARCHAR(64)) ENGINE=InnoDB;
    SET time_zone = '+00:00';
    INSERT INTO sbtest.typed
      SELECT id, (k % 100000) / 7 - 5000, k / 3.0,
             TIMESTAMP('2020-01-01') + INTERVAL id SECOND + INTERVAL (k % 1000000) MICROSECOND,
             FROM_UNIXTIME(1600000000 + id + (k % 1000) / 1000), DATE('2000-01-01') + INTERVAL (id % 9000) DAY,
             SEC_TO_TIME((k % 1000000) - 500000), k * 1000003 - id, LEFT(c, 20 + id % 40)
      FROM sbtest.sbtest1;
    UPDATE sbtest.typed SET price = price + 1, changed = changed + INTERVAL 1 DAY WHERE id % 2 = 0;"

  local target=$((size_mb * 1000000)) have
  have=$(binlog_bytes)
  while ((have < target)); do
    say "oltp_write_only run: binlog at $((have / 1000000)) MB of $size_mb MB"
    "${sb[@]}" --threads=4 --time=20 --events=0 --report-interval=0 oltp_write_only run >"$work/run.log"
    have=$(binlog_bytes)
  done
  mariadb_sql "$port" "FLUSH BINARY LOGS" >/dev/null
  mariadb_stop "$server"
  # Every file but the empty one FLUSH opened.
  local index="$server/data/bench-bin.index" f
  while read -r f; do
    f="$server/data/$(basename "$f")"
    (($(stat -c %s "$f") > 4096)) && binlogs+=("$f")
  done <"$index"
  if [[ -n "$keep_dir" ]]; then
    mkdir -p "$keep_dir"
    cp "${binlogs[@]}" "$keep_dir"/
    say "kept ${binlogs[*]##*/} in $keep_dir"
  fi
}

((${#binlogs[@]})) || generate

# --- measurement -------------------------------------------------------------------------------
# Every tool runs `runs` times pinned to CPU 0; the fastest run counts (the machine may be shared).
# CPU time (user + sys) is the primary figure: wall time on a loaded machine mostly measures the
# other tenants. decode_bench reports its own CPU time for the decoding alone (file already in
# memory); its whole-process CPU time (reading the file included) is shown beside it.
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
rate() { awk -v n="$1" -v s="$2" -v d="$3" 'BEGIN {printf "%.1f", n / d / s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", a / b}'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN {print (a == "" || b < a) ? b : a}'; }

# timed OUTVAR CMD...: runs CMD pinned to CPU 0, stdout to $work/out; OUTVAR="wall cpu".
timed() {
  local -n timed_result=$1; shift
  local TIMEFORMAT='%R %U %S' timed_raw
  timed_raw=$({ time taskset -c 0 "$@" >"$work/out" 2>"$work/err"; } 2>&1) || { cat "$work/err" >&2; return 1; }
  timed_result=$(awk '{printf "%.3f %.3f", $1, $2 + $3}' <<<"$timed_raw")
}

bytes=0
for f in "${binlogs[@]}"; do bytes=$((bytes + $(stat -c %s "$f"))); done
cat "${binlogs[@]}" >/dev/null  # page cache: every tool reads the file(s) warm
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

say "decoding $((bytes / 1000000)) MB with Sluice's decoder ($runs runs)"
sluice_cpu= sluice_wall= sluice_proc=
for ((i = 0; i < runs; i++)); do
  timed t "$decode_bench" "${binlogs[@]}"
  out=$(cat "$work/out")
  sluice_cpu=$(min "$sluice_cpu" "$(field cpu_seconds "$out")")
  sluice_wall=$(min "$sluice_wall" "$(field seconds "$out")")
  sluice_proc=$(min "$sluice_proc" "${t#* }")
done
rows=$(field rows "$out")
events=$(field events "$out")

say "decoding with mariadb-binlog -v --base64-output=decode-rows ($runs runs)"
mariadb_cpu= mariadb_wall=
for ((i = 0; i < runs; i++)); do
  timed t mariadb-binlog -v --base64-output=decode-rows "${binlogs[@]}"
  mariadb_wall=$(min "$mariadb_wall" "${t% *}")
  mariadb_cpu=$(min "$mariadb_cpu" "${t#* }")
done

sluicectl_cpu= sluicectl_wall=
sluicectl="$build_dir/sluicectl"
meson compile -C "$build_dir" sluicectl >/dev/null 2>&1 || true
if [[ -x "$sluicectl" ]] && "$sluicectl" binlog decode --stop-position 200 "${binlogs[0]}" 2>/dev/null | head -c1 | grep -q '{'; then
  say "decoding with sluicectl binlog decode ($runs runs)"
  for ((i = 0; i < runs; i++)); do
    timed t "$sluicectl" binlog decode "${binlogs[@]}"
    sluicectl_wall=$(min "$sluicectl_wall" "${t% *}")
    sluicectl_cpu=$(min "$sluicectl_cpu" "${t#* }")
  done
else
  say "sluicectl has no 'binlog decode' in $build_dir: skipped"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

line() {  # name cpu wall note
  printf '%-16s %8s %8s %10s %12.0f  %s\n' "$1" "$2" "${3:--}" "$(rate "$bytes" "$2" 1e6)" "$(rate "$rows" "$2" 1)" "${4:-}"
}
report=$(
  echo "file(s): ${binlogs[*]##*/}: $bytes bytes, $events events, $rows rows; best of $runs runs, CPU 0"
  echo "load average before/after: $load_before / $load_after"
  printf '%-16s %8s %8s %10s %12s  %s\n' tool "cpu s" "wall s" "MB/s" "rows/s" "(rates per CPU second)"
  line sluice "$sluice_cpu" "$sluice_wall" "$(ratio "$mariadb_cpu" "$sluice_cpu") mariadb-binlog"
  line "sluice+read" "$sluice_proc" "" "whole decode_bench process, reading the file included"
  line mariadb-binlog "$mariadb_cpu" "$mariadb_wall"
  if [[ -n "$sluicectl_cpu" ]]; then
    line sluicectl "$sluicectl_cpu" "$sluicectl_wall" "$(ratio "$mariadb_cpu" "$sluicectl_cpu") mariadb-binlog (JSON text of every value)"
  fi
)
echo "$report"

if ((record)); then
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') decode.sh"
    echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "command: bench/decode.sh ${args[*]}"
    echo '```'
    echo "$report"
    echo '```'
  } >>"$here/RESULTS.md"
  say "appended to bench/RESULTS.md"
fi
