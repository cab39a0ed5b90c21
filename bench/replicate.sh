#!/usr/bin/env bash
# Replication throughput and lag: Sluice against MariaDB's own parallel replica, both following
# the same primary, in one run on loopback (issue 5 item 5).
#
#   bench/replicate.sh [--workloads W1,W2,W3,W4,W5] [--modes catchup,live] [--seconds N]
#                      [--live-seconds N] [--live-rates 50%,80%] [--threads N]
#                      [--catchup together|apart] [--timeout N] [--build DIR] [--no-build]
#                      [--syncer YAML] [--primary-durable] [--keep DIR] [--no-record]
#
#   --workloads LIST   W1 oltp_insert 4x100k, W2 oltp_write_only 4x100k, W3 update_non_index on
#                      one hot table, W4 oltp_write_only on 64 tables, W5 ~2 KB rows (all five)
#   --modes LIST       catchup, live (both)
#   --seconds N        catch-up: seconds of flat-out load while both consumers are stopped (60)
#   --live-seconds N   live: seconds per rate (30)
#   --live-rates LIST  live: sysbench --rate per run; N% of the primary's max (the flat-out TPS of
#                      the catch-up load), or a plain number of transactions/s (50%,80%)
#   --threads N        sysbench threads for the load (8)
#   --catchup MODE     together: start both consumers at once, as the issue says (default);
#                      apart: Sluice first, then the replica, each with the machine to itself
#   --timeout N        seconds a consumer may take to reach a position before it counts as
#                      failed (900)
#   --build DIR        meson build dir for sluice and sluicectl, configured as a release build
#                      when absent (default build-release)
#   --no-build         use the sluice and sluicectl already in the build dir as they are
#   --syncer YAML      the task's syncers.global lines, '\n'-separated (default: worker-count: 16,
#                      batch: 100, safe-mode: false, safe-mode-duration: "0s")
#   --primary-durable  sync_binlog=1 and innodb_flush_log_at_trx_commit=1 on the primary as well
#   --keep DIR         work in DIR (datadirs, logs, sysbench output) and leave it there
#   --no-record        do not append the figures to bench/RESULTS.md
#
# Servers: a primary, downstream A written by Sluice, downstream B a MariaDB replica of the
# primary (slave_parallel_threads=16, slave_parallel_mode=optimistic, slave_run_triggers_for_rbr
# =YES); A and B both durable (sync_binlog=1, innodb_flush_log_at_trx_commit=1) and both writing
# a binlog. See bench/README.md for what each figure means and how it is taken.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BENCH_LIB="$here/lib"
# shellcheck source=../tests/lib/mariadb.sh
source "$root/tests/lib/mariadb.sh"
for part in setup servers sluice measure lag checksum workloads report; do
  # shellcheck source=/dev/null
  source "$BENCH_LIB/$part.sh"
done

args=("$@")
workloads=("${WORKLOADS_ALL[@]}")
modes=(catchup live)
seconds=60
live_seconds=30
live_rates=(50% 80%)
threads=8
catchup_order=together
timeout=900
build_dir="build-release"
build=1
syncer=$'worker-count: 16\nbatch: 100\nsafe-mode: false\nsafe-mode-duration: "0s"'
keep_dir=
record=1
while (($#)); do
  case "$1" in
    --workloads) IFS=, read -r -a workloads <<<"$2"; shift 2 ;;
    --modes) IFS=, read -r -a modes <<<"$2"; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --live-seconds) live_seconds=$2; shift 2 ;;
    --live-rates) IFS=, read -r -a live_rates <<<"$2"; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --catchup) catchup_order=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --build) build_dir=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --syncer) syncer=$(printf '%b' "$2"); shift 2 ;;
    --primary-durable) BENCH_PRIMARY_DURABLE=1; shift ;;
    --keep) keep_dir=$2; shift 2 ;;
    --no-record) record=0; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "replicate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
[[ "$catchup_order" == together || "$catchup_order" == apart ]] ||
  { echo "replicate.sh: --catchup is together or apart" >&2; exit 2; }
for w in "${workloads[@]}"; do workload_def "$w" || exit 2; done

say() { echo "replicate.sh: $(date +%T) $*" >&2; }
die() { say "$*"; exit 1; }
has_mode() { [[ " ${modes[*]} " == *" $1 "* ]]; }

# --- tools, binaries, servers ---------------------------------------------------------------
install_missing sysbench mariadb-server mariadb-client || die "cannot install the tools"
if ((build)); then
  say "building sluice and sluicectl in $build_dir"
  build_sluice "$root" "$build_dir" || die "build failed"
fi
SLUICE_BIN="$build_dir/sluice"
SLUICECTL_BIN="$build_dir/sluicectl"

if [[ -n "$keep_dir" ]]; then
  mkdir -p "$keep_dir" && WORK=$(cd "$keep_dir" && pwd)
  [[ -z "$(ls -A "$WORK")" ]] || die "--keep $keep_dir is not empty"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/sluice-replicate-bench.XXXXXX")
fi
SLUICE_DIR="$WORK/sluice"
mkdir -p "$SLUICE_DIR"

cleanup() {
  sluice_down
  local s
  for s in primary a b; do mariadb_stop "$WORK/$s" 2>/dev/null; done
  [[ -n "$keep_dir" ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_servers() {
  PRIMARY_PORT=$(free_port 34306)
  bench_server_start "$WORK/primary" "$PRIMARY_PORT" primary || return 1
  A_PORT=$(free_port $((PRIMARY_PORT + 1)))
  bench_server_start "$WORK/a" "$A_PORT" target || return 1
  B_PORT=$(free_port $((A_PORT + 1)))
  bench_server_start "$WORK/b" "$B_PORT" replica || return 1
  A_PID=$(bench_server_pid "$WORK/a")
  B_PID=$(bench_server_pid "$WORK/b")
  SLUICE_PORT=$(free_port 18361)
}

# Both consumers follow the primary from its current position; every workload schema and the
# probe schema pass Sluice's block-allow-list, as they pass the replica (which takes everything).
start_replication() {
  local f p dbs="[" w
  read -r f p <<<"$(primary_pos)"
  for w in "${WORKLOADS_ALL[@]}"; do dbs+="\"bench_${w,,}\", "; done
  dbs+='"bench_probe"]'
  install_wait_procedures "$A_PORT" "dm_meta.${SLUICE_TASK}_syncer_checkpoint" "$SLUICE_SOURCE" || return 1
  install_wait_procedures "$B_PORT" "dm_meta.${SLUICE_TASK}_syncer_checkpoint" "$SLUICE_SOURCE" || return 1
  replica_follow "$B_PORT" "$PRIMARY_PORT" "$f" "$p" || return 1
  sluice_up || return 1
  sluice_task_start "$PRIMARY_PORT" "$A_PORT" "$f" "$p" "$dbs" "$syncer" || return 1
  probe_setup_primary || return 1
  read -r f p <<<"$(primary_pos)"
  wait_both_at "$f" "$p" 120 || return 1
  probe_setup_downstream "$A_PORT" && probe_setup_downstream "$B_PORT"
}

# --- one workload ---------------------------------------------------------------------------

# catchup_phase W SCHEMA: sets MAX_TPS.
catchup_phase() {
  local w=$1 schema=$2 rows0 bytes0 rows bytes f p f0 p0
  sluice_pause || { result_row "$w" catch-up "pause-task failed" - - - -; return 1; }
  mariadb_sql "$B_PORT" 'STOP SLAVE' || { sluice_resume; return 1; }
  proc_reset_peak "$(sluice_pid)"
  rows0=$(primary_rows) bytes0=$(binlog_bytes)
  read -r f0 p0 <<<"$(primary_pos)"
  say "$w: catch-up load, $seconds s flat out with both consumers stopped"
  MAX_TPS=$(workload_load "$schema" "$seconds" "$threads") || { MAX_TPS=; consumers_restart; return 1; }
  rows=$(($(primary_rows) - rows0)) bytes=$(($(binlog_bytes) - bytes0))
  ((rows > 0)) || { result_note "$w catch-up load changed no rows"; consumers_restart; return 1; }
  read -r f p <<<"$(primary_pos)"
  result_note "$w catch-up load: $seconds s at $MAX_TPS TPS (the primary's max), $rows rows, $(num %.1f "$bytes / 1e6") MB of binlog, ($f0, $p0) to ($f, $p)"

  local t0a t0b c0a c0b
  if [[ "$catchup_order" == together ]]; then
    say "$w: starting both consumers"
    read -r -a c0a <<<"$(cpu_snapshot)"; c0b=("${c0a[@]}")
    t0a=$(now); sluice_resume; waiter_start A "$f" "$p" "$timeout"
    t0b=$(now); mariadb_sql "$B_PORT" 'START SLAVE'; waiter_start B "$f" "$p" "$timeout"
    waiters_await A B
  else
    say "$w: starting Sluice"
    read -r -a c0a <<<"$(cpu_snapshot)"
    t0a=$(now); sluice_resume; waiter_start A "$f" "$p" "$timeout"
    waiters_await A
    say "$w: starting the replica"
    read -r -a c0b <<<"$(cpu_snapshot)"
    t0b=$(now); mariadb_sql "$B_PORT" 'START SLAVE'; waiter_start B "$f" "$p" "$timeout"
    waiters_await B
  fi

  # wait.X: reached unix_time cpu_sluice cpu_A cpu_B
  local a b secs_a=- secs_b=- rps_a=- rps_b=- cpu_a=- cpu_b=- rss
  read -r -a a <<<"$(cat "$WORK/wait.A")"
  read -r -a b <<<"$(cat "$WORK/wait.B")"
  if ((a[0] == 1)); then
    secs_a=$(num %.2f "${a[1]} - $t0a")
    rps_a=$(num %.0f "$rows / $secs_a")
    cpu_a="$(num %.1f "(${a[2]} - ${c0a[0]}) / $rows * 1e6")+$(num %.1f "(${a[3]} - ${c0a[1]}) / $rows * 1e6")"
  else
    secs_a=$(problem_word A)
  fi
  if ((b[0] == 1)); then
    secs_b=$(num %.2f "${b[1]} - $t0b")
    rps_b=$(num %.0f "$rows / $secs_b")
    cpu_b=$(num %.1f "(${b[4]} - ${c0b[2]}) / $rows * 1e6")
  else
    secs_b=$(problem_word B)
  fi
  rss=$(proc_peak_mb "$(sluice_pid)")
  local r target=
  r=$(ratio "$rps_a" "$rps_b")
  case "$w" in
    W1) target=">= 2x: $(at_least "$r" 2)" ;;
    W2) target=">= 1.5x: $(at_least "$r" 1.5)" ;;
  esac
  result_row "$w" catch-up "rows/s" "$rps_a" "$rps_b" "$r" "$target"
  result_row "$w" catch-up "seconds" "$secs_a" "$secs_b" - ""
  result_row "$w" catch-up "CPU s/Mrow" "$cpu_a" "$cpu_b" - "A: sluice+its server, B: replica server"
  result_row "$w" catch-up "Sluice peak RSS MB" "${rss:--}" - - ""
  ((a[0] == 1 && b[0] == 1)) || wait_both_at "$f" "$p" "$timeout"
}

# After a failed catch-up load: both consumers run again, for what follows.
consumers_restart() {
  sluice_resume
  mariadb_sql "$B_PORT" 'START SLAVE'
}

# "failed" with the reason in the notes, or "timeout".
problem_word() {
  if [[ -f "$WORK/problem.$1" ]]; then
    result_note "$1 failed: $(cat "$WORK/problem.$1")"
    echo failed
  else
    echo "timeout"
  fi
}

# Without a catch-up run, the primary's max comes from a flat-out load with both consumers on.
measure_max() {
  local schema=$1 f p
  say "measuring the primary's max: $seconds s flat out"
  MAX_TPS=$(workload_load "$schema" "$seconds" "$threads") || { MAX_TPS=; return 1; }
  read -r f p <<<"$(primary_pos)"
  result_note "$2 max: $seconds s flat out with both consumers running: $MAX_TPS TPS"
  wait_both_at "$f" "$p" "$timeout"
}

# live_phase W SCHEMA RATE_SPEC
live_phase() {
  local w=$1 schema=$2 spec=$3 rate label phase tps probe_pid f p
  if [[ "$spec" == *% ]]; then
    rate=$(num %.0f "$MAX_TPS * ${spec%\%} / 100")
    label="live ${spec}"
  else
    rate=$spec label="live ${spec}/s"
  fi
  phase="$w $label"
  say "$w: $label: sysbench --rate=$rate for $live_seconds s, a probe row every 20 ms"
  probe_run "$phase" "$live_seconds" &
  probe_pid=$!
  tps=$(workload_load "$schema" "$live_seconds" "$threads" "$rate") || tps=0
  wait "$probe_pid"
  read -r f p <<<"$(primary_pos)"
  wait_both_at "$f" "$p" "$timeout"

  local sent la lb cell_a cell_b target
  sent=$(probe_count "$phase")
  read -r -a la <<<"$(lag_stats "$A_PORT" "$phase")"
  read -r -a lb <<<"$(lag_stats "$B_PORT" "$phase")"
  cell_a="${la[1]}/${la[2]}/${la[3]}" cell_b="${lb[1]}/${lb[2]}/${lb[3]}"
  ((la[0] == sent)) || cell_a+=" (${la[0]}/$sent)"
  ((lb[0] == sent)) || cell_b+=" (${lb[0]}/$sent)"
  if awk -v t="$tps" 'BEGIN { exit !(t >= 3000) }'; then
    target="p99 <= 5 ms at 3k TPS: $(awk -v p="${la[2]}" 'BEGIN { print (p != "-" && p <= 5) ? "met" : "NOT met" }')"
  else
    target="p99 <= 5 ms at 3k TPS: n/a"
  fi
  result_row "$w" "$label" "lag ms p50/p99/max" "$cell_a" "$cell_b" "$(ratio "${la[2]}" "${lb[2]}")" "$target"
  result_row "$w" "$label" "primary TPS asked/got" "$rate/$tps" - - "$sent probes"
}

run_workload() {
  local w=$1 schema f p
  workload_def "$w"
  schema="bench_${w,,}"
  result_note "$w: $WL_DESC"
  say "$w: prepare ($WL_DESC)"
  workload_prepare "$schema" || { result_row "$w" prepare "sysbench prepare failed" - - - ""; return 1; }
  read -r f p <<<"$(primary_pos)"
  local t0=$SECONDS
  wait_both_at "$f" "$p" "$timeout" || { result_row "$w" prepare "not replicated" - - - ""; return 1; }
  say "$w: both downstreams hold the prepared tables ($((SECONDS - t0)) s)"
  result_note "$w prepare: $WL_TABLES x $WL_SIZE rows, on both downstreams $((SECONDS - t0)) s after sysbench prepare ended"

  MAX_TPS=
  if has_mode catchup; then
    catchup_phase "$w" "$schema" || say "$w: catch-up failed"
  fi
  if has_mode live; then
    [[ -n "$MAX_TPS" ]] || measure_max "$schema" "$w"
    local spec
    for spec in "${live_rates[@]}"; do
      if [[ "$spec" == *% && -z "$MAX_TPS" ]]; then say "$w: no max TPS, skipping $spec"; continue; fi
      live_phase "$w" "$schema" "$spec"
    done
  fi

  say "$w: CHECKSUM TABLE on the three servers"
  result_row "$w" checksum "vs primary" "$(checksum_verdict "$A_PORT" "$schema")" \
    "$(checksum_verdict "$B_PORT" "$schema")" - ""

  mariadb_sql "$PRIMARY_PORT" "DROP DATABASE \`$schema\`"
  read -r f p <<<"$(primary_pos)"
  wait_both_at "$f" "$p" "$timeout"
}

# --- the run ----------------------------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "work dir $WORK"
fsyncs=$(fsync_rate "$WORK")
say "disk: $fsyncs synchronous 4 KiB writes per second"
start_servers || die "servers did not start (logs in $WORK)"
say "primary :$PRIMARY_PORT, A :$A_PORT (Sluice :$SLUICE_PORT), B :$B_PORT (replica)"
start_replication || die "replication did not start (logs in $WORK)"

for w in "${workloads[@]}"; do
  run_workload "$w" || say "$w: aborted"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

primary_durability="sync_binlog=0, innodb_flush_log_at_trx_commit=2"
((BENCH_PRIMARY_DURABLE)) && primary_durability="sync_binlog=1, innodb_flush_log_at_trx_commit=1"
report=$(
  echo "MariaDB $(mariadb_sql "$PRIMARY_PORT" 'SELECT VERSION()'), sysbench $(sysbench --version | awk '{print $2}'), $threads threads; Sluice: ${build_dir#"$root"/} ($(build_type "$build_dir"))"
  echo "primary: $primary_durability; A, B: sync_binlog=1, innodb_flush_log_at_trx_commit=1, log-bin; B: slave_parallel_threads=16, optimistic"
  echo "sluice syncers.global: $(tr '\n' ' ' <<<"$syncer")"
  has_mode catchup && echo "catch-up: $seconds s of load with both consumers stopped, then both started $catchup_order"
  has_mode live && echo "live: $live_seconds s per rate (${live_rates[*]}; N% is of the primary's max TPS), a probe row every 20 ms"
  echo "disk under the datadirs: ${fsyncs:-?} synchronous 4 KiB writes/s (dd oflag=dsync, before the run)"
  echo "load average before/after: $load_before / $load_after"
  report_render
)
echo "$report"
if ((record)); then
  results_append "$here/RESULTS.md" "bench/replicate.sh ${args[*]}" "$report"
  say "appended to bench/RESULTS.md"
fi
