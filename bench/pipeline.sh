#!/usr/bin/env bash
# Pipeline CPU cost per row: decode, + transaction building and the task's rules, + causality
# keys, + SQL text, on a recorded binlog with no downstream (issue 5: <= 1.5 us of CPU per row for
# the whole of it).
#
#   bench/pipeline.sh [--size MB] [--build DIR] [--binlog FILE]... [--keep DIR] [--runs N]
#                     [--row-metadata FULL|MINIMAL|NO_LOG] [--task FILE] [--safe-mode] [--compact]
#                     [--workers N] [--batch N] [--in-flight N] [--perf] [--no-record]
#
#   --size MB      binlog to generate (default 100)
#   --build DIR    meson build dir (relative to the repository root) for pipeline_bench;
#                  configured as a release build if absent (default build-release)
#   --binlog FILE  measure this existing file instead of generating one (repeatable; no server),
#                  e.g. one kept by bench/decode.sh --keep
#   --keep DIR     copy the generated binlog file(s) into DIR for later --binlog runs
#   --runs N       passes per stage inside pipeline_bench, the fastest counts (default 5)
#   --row-metadata binlog_row_metadata of the generating server (default FULL: the TABLE_MAPs
#                  carry column names and the primary key, from which the bench makes each
#                  downstream table definition; otherwise columns are c1..cN, key = first column)
#   --task FILE    a DM task.yaml whose first instance's rules apply (default: pipeline_bench's
#                  built-in task: do-dbs sbtest, route sbtest.sbtest* -> sbtest_down, one filter)
#   --safe-mode    measure with DM safe mode on (REPLACE; UPDATE -> REPLACE or DELETE + REPLACE)
#   --compact      measure with the syncer's compact on (one statement per row per batch)
#   --workers N    apply workers (default: the task's syncer worker-count, DM's 16)
#   --batch N      rows per worker commit (default: the task's syncer batch, DM's 100)
#   --in-flight N  reader credits: rows in flight before every worker commits (default as the
#                  reader: 4 x workers x batch within [1024, 65536])
#   --perf         also profile the full pipeline with perf and print the top symbols
#   --no-record    do not append the figures to bench/RESULTS.md
#
# Generation: a throwaway MariaDB (tests/lib/mariadb.sh: own datadir under a temp dir, loopback
# port 34306-34406, ROW binlog, FULL images, CRC32, ANNOTATE_ROWS on as MariaDB's default) is
# loaded by sysbench: oltp_write_only prepare on 4 tables x 10000 rows (bulk WRITE_ROWS),
# 5-second oltp_insert runs (single-row autocommit INSERTs) until the file holds 30% of
# --size, then 5-second oltp_write_only runs (transactions of UPDATE, UPDATE, DELETE, INSERT)
# until it reaches --size. The server is stopped on exit.
#
# Measured, pinned to CPU 0 (taskset -c 0), file in memory: BUILD/bench/pipeline_bench runs the
# four cumulative stages --runs times each and reports the fastest, in CPU microseconds per
# decoded row (bench/pipeline_bench.cpp says exactly what each covers):
#   decode  frames split, CRC32 checked, every value decoded
#   rules   + transaction_builder, block-allow-list, event filter / expression filter / routes,
#           checkpoint filter
#   keys    + causality keys (the rest of the filter stage)
#   sql     + safe-mode policy, the dispatcher's scheduler and checkpoint tracker, each apply
#           worker's column mapping, rewrite_row, compact and build_statements (the SQL text it
#           would send)
# CPU time is inflated by a loaded machine: compare before/after in one sitting on one file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../tests/lib/mariadb.sh
source "$root/tests/lib/mariadb.sh"

args=("$@")
size_mb=100
build_dir=build-release
binlogs=()
keep_dir=
record=1
runs=5
row_metadata=FULL
perf_profile=0
task_name=
bench_opts=()
while (($#)); do
  case "$1" in
    --size) size_mb=$2; shift 2 ;;
    --build) build_dir=$2; shift 2 ;;
    --binlog) binlogs+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --keep) keep_dir=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --row-metadata) row_metadata=$2; shift 2 ;;
    --task) bench_opts+=(--task "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); task_name=$2; shift 2 ;;
    --safe-mode) bench_opts+=(--safe-mode); shift ;;
    --compact) bench_opts+=(--compact); shift ;;
    --workers) bench_opts+=(--workers "$2"); shift 2 ;;
    --batch) bench_opts+=(--batch "$2"); shift 2 ;;
    --in-flight) bench_opts+=(--in-flight "$2"); shift 2 ;;
    --perf) perf_profile=1; shift ;;
    --no-record) record=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "pipeline.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
case "$row_metadata" in FULL|MINIMAL|NO_LOG) ;; *) echo "pipeline.sh: --row-metadata FULL|MINIMAL|NO_LOG" >&2; exit 2 ;; esac

say() { echo "pipeline.sh: $*" >&2; }

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

install_missing util-linux
((${#binlogs[@]})) || install_missing sysbench mariadb-server mariadb-client
((perf_profile == 0)) || command -v perf >/dev/null || install_missing linux-perf

if [[ ! -f "$build_dir/build.ninja" ]]; then
  say "configuring $build_dir (release)"
  meson setup "$build_dir" "$root" --buildtype=release >/dev/null
fi
if ! built=$(ninja -C "$build_dir" bench/pipeline_bench 2>&1); then
  echo "$built" >&2
  exit 1
fi
pipeline_bench="$build_dir/bench/pipeline_bench"

# --- generation --------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/sluice-pipeline-bench.XXXXXX")
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

binlog_bytes() {
  mariadb_sql "$port" "SHOW BINARY LOGS" | awk '{s += $2} END {print s + 0}'
}

generate() {
  port=$(free_port) || { say "no free port in 34306-34406"; return 1; }
  say "starting MariaDB on 127.0.0.1:$port (datadir $server/data, binlog_row_metadata=$row_metadata)"
  mariadb_start "$server" "$port" upstream
  mariadb_sql "$port" "SET GLOBAL binlog_row_metadata = $row_metadata; SET GLOBAL max_binlog_size = 1073741824;
    CREATE DATABASE sbtest;"
  local sb=(sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root
    --mysql-password= --mysql-db=sbtest --tables=4 --table-size=10000)
  say "sysbench oltp_write_only prepare (4 tables x 10000 rows)"
  "${sb[@]}" --threads=2 oltp_write_only prepare >"$work/prepare.log"
  local target=$((size_mb * 1000000)) have
  have=$(binlog_bytes)
  while ((have < target * 3 / 10)); do
    say "oltp_insert run: binlog at $((have / 1000000)) MB of $((size_mb * 3 / 10)) MB"
    "${sb[@]}" --threads=4 --time=5 --events=0 --report-interval=0 oltp_insert run >"$work/insert.log"
    have=$(binlog_bytes)
  done
  while ((have < target)); do
    say "oltp_write_only run: binlog at $((have / 1000000)) MB of $size_mb MB"
    "${sb[@]}" --threads=4 --time=5 --events=0 --report-interval=0 oltp_write_only run >"$work/run.log"
    have=$(binlog_bytes)
  done
  mariadb_sql "$port" "FLUSH BINARY LOGS" >/dev/null
  mariadb_stop "$server"
  local index="$server/data/mysql-bin.index" f
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
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }

bytes=0
for f in "${binlogs[@]}"; do bytes=$((bytes + $(stat -c %s "$f"))); done
cat "${binlogs[@]}" >/dev/null  # page cache warm
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "running pipeline_bench on $((bytes / 1000000)) MB (4 stages x $runs runs, CPU 0)"
out=$(taskset -c 0 "$pipeline_bench" --runs "$runs" "${bench_opts[@]}" "${binlogs[@]}")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

decode=$(grep '^stage=decode ' <<<"$out")
rules=$(grep '^stage=rules ' <<<"$out")
keys=$(grep '^stage=keys ' <<<"$out")
sql=$(grep '^stage=sql ' <<<"$out")
setup=$(grep '^workers=' <<<"$out")
rows=$(field rows "$decode")
target_us=1.5
line() {  # name stage-line previous-stage-line
  local cpu us prev_us
  cpu=$(field cpu_seconds "$2")
  us=$(field us_per_row "$2")
  prev_us=${3:+$(field us_per_row "$3")}
  printf '%-8s %8s %10s %10s %12.0f\n' "$1" "$cpu" "$us" \
    "$(awk -v a="$us" -v b="${prev_us:-0}" 'BEGIN {printf "%+.3f", a - b}')" \
    "$(awk -v n="$rows" -v s="$cpu" 'BEGIN {print n / s}')"
}
verdict=$(awk -v u="$(field us_per_row "$sql")" -v t="$target_us" \
  'BEGIN {printf "%s: %.3f us per row against a target of <= %.1f", (u <= t ? "met" : "NOT met"), u, t}')
report=$(
  echo "file(s): ${binlogs[*]##*/}: $bytes bytes, $(field events "$decode") events, $rows rows" \
       "($(field inserts "$decode") inserts, $(field updates "$decode") updates, $(field deletes "$decode") deletes)," \
       "$(field txns "$sql") transactions; best of $runs runs, CPU 0"
  echo "pipeline: $(field workers "$setup") workers, batch $(field batch "$setup"), $(field in_flight "$setup") rows" \
       "in flight (reader credits), safe mode $( (($(field safe_mode "$setup"))) && echo on || echo off)," \
       "compact $( (($(field compact "$setup"))) && echo on || echo off); task: ${task_name:-built-in}"
  echo "load average before/after: $load_before / $load_after"
  printf '%-8s %8s %10s %10s %12s\n' stage "cpu s" "us/row" "added" "rows/s"
  line decode "$decode"
  line +rules "$rules" "$decode"
  line +keys "$keys" "$rules"
  line +sql "$sql" "$keys"
  echo "rows kept by the rules: $(field kept_rows "$sql"); $(field dmls "$sql") row changes in $(field batches "$sql")" \
       "commits, $(field statements "$sql") statements, $(awk -v b="$(field sql_bytes "$sql")" 'BEGIN {printf "%.1f", b / 1e6}') MB of SQL"
  echo "target (issue 5, whole pipeline without downstream): $verdict"
)
echo "$report"

if ((perf_profile)); then
  say "perf record of the full pipeline (1 run)"
  perf record -q -o "$work/perf.data" -- taskset -c 0 "$pipeline_bench" --runs 1 --stage sql \
    "${bench_opts[@]}" "${binlogs[@]}" >/dev/null 2>"$work/perf.err" || { cat "$work/perf.err" >&2; exit 1; }
  perf report -i "$work/perf.data" --stdio --percent-limit 1 2>/dev/null |
    grep -v '^#' | grep -v '^$' | head -40
fi

if ((record)); then
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') pipeline.sh"
    echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "command: bench/pipeline.sh ${args[*]}"
    echo '```'
    echo "$report"
    echo '```'
  } >>"$here/RESULTS.md"
  say "appended to bench/RESULTS.md"
fi
