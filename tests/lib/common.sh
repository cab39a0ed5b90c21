# Helpers shared by tests/integration/*.sh. Sourced; needs bash, curl and jq.
#
# tests/run.sh exports UP_PORT / DOWN_PORT (the shared upstream and downstream MariaDB), RUN_DIR
# (scratch space) and SLUICE_PORT_BASE. A test calls t_begin, then uses:
#   up SQL / down SQL            run SQL on the upstream / downstream (root over TCP, -N -B)
#   sluice_start / sluice_stop / sluice_kill9   its own sluice on its own port and data dir
#   ctl ARGS...                  sluicectl against that sluice; sets CTL_OUT (stdout+stderr) and CTL_RC
#   http GET|POST PATH [BODY]    sets HTTP_CODE and HTTP_BODY
#   pass / fail / check / check_eq   record one assertion each (printed as PASS/FAIL lines)
#   t_end                        prints the tally and exits non-zero on any failure

TESTS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SLUICE_ROOT=$(cd "$TESTS_LIB_DIR/../.." && pwd)
SLUICE_BUILD_DIR=${SLUICE_BUILD_DIR:-build}
[[ "$SLUICE_BUILD_DIR" == /* ]] || SLUICE_BUILD_DIR="$SLUICE_ROOT/$SLUICE_BUILD_DIR"
SLUICE_BIN=${SLUICE_BIN:-$SLUICE_BUILD_DIR/sluice}
SLUICECTL_BIN=${SLUICECTL_BIN:-$SLUICE_BUILD_DIR/sluicectl}
# shellcheck source=tests/lib/mariadb.sh
source "$TESTS_LIB_DIR/mariadb.sh"

: "${UP_PORT:?UP_PORT is not set: run through tests/run.sh}"
: "${DOWN_PORT:?DOWN_PORT is not set: run through tests/run.sh}"
RUN_DIR=${RUN_DIR:-$SLUICE_ROOT/tests/.run}
SLUICE_PORT_BASE=${SLUICE_PORT_BASE:-18261}

T_NAME=""
T_DIR=""
T_PASSED=0
T_FAILED=0
SLUICE_PID=""
SLUICE_PORT=""
CTL_OUT=""
CTL_RC=0
FIELD=""
HTTP_CODE=""
HTTP_BODY=""

log() { printf '[%s] %s\n' "$T_NAME" "$*"; }

pass() { T_PASSED=$((T_PASSED + 1)); printf 'PASS %s: %s\n' "$T_NAME" "$*"; }
fail() {
  T_FAILED=$((T_FAILED + 1))
  printf 'FAIL %s: %s\n' "$T_NAME" "$*"
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
  if [[ "$2" == "$3" ]]; then
    pass "$1"
  else
    fail "$1: expected [$2], got [$3]"
  fi
}

# check_match DESCRIPTION EXTENDED-REGEX TEXT
check_match() {
  if grep -Eq -- "$2" <<<"$3"; then
    pass "$1"
  else
    fail "$1: /$2/ not found in: $(head -c 600 <<<"$3")"
  fi
}

up() { mariadb_sql "$UP_PORT" "$@"; }
down() { mariadb_sql "$DOWN_PORT" "$@"; }
# SQL statements on stdin to the upstream, one client session.
up_pipe() {
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$UP_PORT" -uroot --default-character-set=utf8mb4
}

# First free loopback TCP port at or after $1.
free_port() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

# t_begin NAME: scratch dir, a free port for this test's sluice, cleanup on exit.
t_begin() {
  T_NAME=$1
  T_DIR="$RUN_DIR/$T_NAME"
  rm -rf "$T_DIR"
  mkdir -p "$T_DIR"
  SLUICE_PORT=$(free_port "$SLUICE_PORT_BASE")
  trap t_cleanup EXIT
  trap "exit 143" TERM INT
  log "sluice port $SLUICE_PORT, upstream $UP_PORT, downstream $DOWN_PORT, dir $T_DIR"
}

t_cleanup() {
  if [[ -n "$SLUICE_PID" ]] && kill -0 "$SLUICE_PID" 2>/dev/null; then
    kill -TERM "$SLUICE_PID" 2>/dev/null
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$SLUICE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SLUICE_PID" 2>/dev/null || true
  fi
  local job
  for job in $(jobs -p); do kill "$job" 2>/dev/null; done
  wait 2>/dev/null
  return 0
}

t_end() {
  if ((T_FAILED > 0)) && [[ -f "$T_DIR/sluice.log" ]]; then
    echo "----- last 40 lines of $T_DIR/sluice.log -----"
    tail -n 40 "$T_DIR/sluice.log"
    echo "-----"
  fi
  printf '%s: %d passed, %d failed\n' "$T_NAME" "$T_PASSED" "$T_FAILED"
  ((T_FAILED == 0))
  exit $?
}

# Stops the test at once (an assertion that later steps depend on failed).
t_abort() {
  fail "$*"
  t_end
}

# ---- sluice -------------------------------------------------------------------------------

# sluice_start [EXTRA_ARGS...]: extra arguments go to sluice (e.g. --secret-key-path FILE).
sluice_start() {
  [[ -x "$SLUICE_BIN" ]] || t_abort "sluice binary missing: $SLUICE_BIN (build first)"
  mkdir -p "$T_DIR/sluice-data"
  echo "=== start $(date +%T) ===" >>"$T_DIR/sluice.log"
  "$SLUICE_BIN" --listen "127.0.0.1:$SLUICE_PORT" --data-dir "$T_DIR/sluice-data" "$@" \
    </dev/null >>"$T_DIR/sluice.log" 2>&1 &
  SLUICE_PID=$!
  echo "$SLUICE_PID" >"$T_DIR/sluice.pid"
  local i
  for ((i = 0; i < 150; i++)); do
    if curl -s -o /dev/null "http://127.0.0.1:$SLUICE_PORT/healthz"; then
      return 0
    fi
    kill -0 "$SLUICE_PID" 2>/dev/null || t_abort "sluice exited during startup (see $T_DIR/sluice.log)"
    sleep 0.1
  done
  t_abort "sluice did not answer /healthz on 127.0.0.1:$SLUICE_PORT within 15 s"
}

# Clean stop with SIGTERM; fails the test unless the process exits 0 within 20 s.
sluice_stop() {
  [[ -n "$SLUICE_PID" ]] || return 0
  kill -TERM "$SLUICE_PID"
  local i
  for ((i = 0; i < 200; i++)); do kill -0 "$SLUICE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SLUICE_PID" 2>/dev/null; then
    fail "sluice did not exit within 20 s of SIGTERM; killing it"
    kill -9 "$SLUICE_PID"
  fi
  local rc=0
  wait "$SLUICE_PID" || rc=$?
  check_eq "sluice exits 0 on SIGTERM" 0 "$rc"
  SLUICE_PID=""
}

sluice_kill9() {
  kill -9 "$SLUICE_PID"
  wait "$SLUICE_PID" 2>/dev/null
  SLUICE_PID=""
}

# ctl ARGS...: sluicectl against this test's sluice.
ctl() {
  CTL_RC=0
  CTL_OUT=$("$SLUICECTL_BIN" --master-addr="127.0.0.1:$SLUICE_PORT" "$@" 2>&1) || CTL_RC=$?
}

# ctl_ok DESCRIPTION ARGS...: runs sluicectl, passes when it exits 0 with "result": true.
ctl_ok() {
  local what=$1; shift
  ctl "$@"
  if [[ "$CTL_RC" == 0 ]] && [[ "$(jq -r .result <<<"$CTL_OUT" 2>/dev/null)" == true ]]; then
    pass "$what"
  else
    fail "$what: sluicectl $* exited $CTL_RC: $(head -c 800 <<<"$CTL_OUT")"
    return 1
  fi
}

# http METHOD PATH [BODY]
http() {
  local method=$1 path=$2 body=${3:-}
  local out
  if [[ -n "$body" ]]; then
    out=$(curl -s -X "$method" -H 'Content-Type: application/json' --data-binary "$body" \
      -w '\n%{http_code}' "http://127.0.0.1:$SLUICE_PORT$path") || true
  else
    out=$(curl -s -X "$method" -w '\n%{http_code}' "http://127.0.0.1:$SLUICE_PORT$path") || true
  fi
  HTTP_CODE=${out##*$'\n'}
  HTTP_BODY=${out%$'\n'*}
  [[ "$out" == *$'\n'* ]] || HTTP_BODY=""
}

# ---- waiting ------------------------------------------------------------------------------

# wait_until SECONDS COMMAND...: polls every 0.2 s; returns 1 on timeout.
wait_until() {
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# task_field TASK JQ_PATH: sets FIELD to that field of query-status TASK, below
# .sources[0].subTaskStatus[0] (and CTL_OUT to the whole answer).
task_field() {
  ctl query-status "$1"
  FIELD=$(jq -r ".sources[0].subTaskStatus[0]$2" <<<"$CTL_OUT" 2>/dev/null) || FIELD=""
}

task_synced() { task_field "$1" .sync.synced; [[ "$FIELD" == true ]]; }
task_stage_is() { task_field "$1" .stage; [[ "$FIELD" == "$2" ]]; }

# The last query-status in one line: stage, errors, positions (or the raw answer).
task_summary() {
  jq -c '.sources[0].subTaskStatus[0] | {stage, unit, errors: [.result.errors[]?.Message],
    masterBinlog: .sync.masterBinlog, syncerBinlog: .sync.syncerBinlog, synced: .sync.synced}' \
    <<<"$CTL_OUT" 2>/dev/null || head -c 1500 <<<"$CTL_OUT"
}

# wait_synced TASK [SECONDS]: records one assertion.
wait_synced() {
  local task=$1 limit=${2:-60}
  if wait_until "$limit" task_synced "$task"; then
    pass "task $task reports synced: true"
  else
    fail "task $task not synced within ${limit}s: $(task_summary)"
    return 1
  fi
}

# ---- upstream / downstream ----------------------------------------------------------------

# Prints "FILE POS" of the upstream's SHOW MASTER STATUS.
master_status() {
  up 'SHOW MASTER STATUS' | awk '{print $1, $2}'
}

# drop_schemas NAME...: on both servers.
drop_schemas() {
  local s
  for s in "$@"; do
    up "DROP DATABASE IF EXISTS \`$s\`"
    down "DROP DATABASE IF EXISTS \`$s\`"
  done
}

# forget_task TASK [META_SCHEMA]: drops the task's checkpoint tables downstream.
forget_task() {
  local task=$1 meta=${2:-dm_meta} t
  for t in $(down "SELECT table_name FROM information_schema.tables
                   WHERE table_schema='$meta' AND table_name LIKE '${task}\\_%'"); do
    down "DROP TABLE IF EXISTS \`$meta\`.\`$t\`"
  done
}

# Rows of a table in a stable order, as text.
table_dump() {
  mariadb_sql "$1" "SELECT * FROM $2 ORDER BY 1,2"
}

table_checksum() {
  mariadb_sql "$1" "CHECKSUM TABLE $2 EXTENDED" | awk '{print $2}'
}

table_count() {
  mariadb_sql "$1" "SELECT COUNT(*) FROM $2"
}

# True when downstream TABLE has the same rows as upstream TABLE (CHECKSUM TABLE).
same_checksum() {
  local up_sum down_sum
  up_sum=$(table_checksum "$UP_PORT" "$1" 2>/dev/null) || return 1
  down_sum=$(table_checksum "$DOWN_PORT" "$1" 2>/dev/null) || return 1
  [[ -n "$up_sum" && "$up_sum" != NULL && "$up_sum" == "$down_sum" ]]
}

# check_same_table TABLE [SECONDS]: waits until downstream equals upstream, records one assertion.
check_same_table() {
  local table=$1 limit=${2:-30}
  if wait_until "$limit" same_checksum "$table"; then
    pass "$table: downstream equals upstream ($(table_count "$UP_PORT" "$table") rows, checksum $(table_checksum "$UP_PORT" "$table"))"
  else
    fail "$table: downstream differs after ${limit}s: upstream $(table_count "$UP_PORT" "$table" 2>&1) rows/$(table_checksum "$UP_PORT" "$table" 2>&1), downstream $(table_count "$DOWN_PORT" "$table" 2>&1) rows/$(table_checksum "$DOWN_PORT" "$table" 2>&1)"
    diff <(table_dump "$UP_PORT" "$table" 2>&1) <(table_dump "$DOWN_PORT" "$table" 2>&1) | cat -v | cut -c1-300 | head -n 20
    return 1
  fi
}

# ---- config files -------------------------------------------------------------------------

# write_source FILE SOURCE_ID [PORT]
write_source() {
  cat >"$1" <<EOF
source-id: "$2"

from:
  host: 127.0.0.1
  port: ${3:-$UP_PORT}
  user: "root"
  password: ""
EOF
}

# write_task FILE NAME SOURCE_ID BINLOG_FILE BINLOG_POS DO_DBS_YAML [SYNCER_YAML]
#   DO_DBS_YAML is the flow list, e.g. '["b_safe"]'; SYNCER_YAML the lines under syncers.global
#   (default "safe-mode: false").
write_task() {
  local file=$1 name=$2 source=$3 bfile=$4 bpos=$5 dbs=$6
  local syncer=${7:-safe-mode: false}
  {
    cat <<EOF
name: $name
task-mode: incremental

target-database:
  host: "127.0.0.1"
  port: $DOWN_PORT
  user: "root"
  password: ""

block-allow-list:
  bw-rule-1:
    do-dbs: $dbs

syncers:
  global:
EOF
    sed 's/^/    /' <<<"$syncer"
    cat <<EOF

mysql-instances:
  - source-id: "$source"
    block-allow-list: "bw-rule-1"
    syncer-config-name: "global"
    meta:
      binlog-name: $bfile
      binlog-pos: $bpos
EOF
  } >"$file"
}

# start_task_here NAME DO_DBS_YAML [SYNCER_YAML]: registers source "mysql-01" if needed and
# starts an incremental task from the upstream's current position. Aborts the test on failure.
start_task_here() {
  local name=$1 dbs=$2 syncer=${3:-safe-mode: false}
  local pos
  read -r -a pos <<<"$(master_status)"
  [[ -f "$T_DIR/source.yaml" ]] || write_source "$T_DIR/source.yaml" mysql-01
  ctl operate-source show
  if ! grep -q '"mysql-01"' <<<"$CTL_OUT"; then
    ctl_ok "operate-source create" operate-source create "$T_DIR/source.yaml" || t_end
  fi
  write_task "$T_DIR/$name.yaml" "$name" mysql-01 "${pos[0]}" "${pos[1]}" "$dbs" "$syncer"
  ctl_ok "start-task $name from (${pos[0]}, ${pos[1]})" start-task "$T_DIR/$name.yaml" || t_end
  wait_until 20 task_stage_is "$name" Running ||
    t_abort "task $name not Running within 20 s: $(task_summary)"
}
