# Sluice for bench/replicate.sh: one process, one source (the primary), one incremental task
# writing into downstream A. Sourced; needs SLUICE_BIN, SLUICECTL_BIN, SLUICE_DIR, SLUICE_PORT.
#
#   sluice_up                          start the process; returns when it answers sluicectl
#   sluice_down                        SIGTERM, SIGKILL after 20 s
#   sluice_pid                         its pid
#   sluice_ctl ARGS...                 sluicectl against it (JSON on stdout)
#   sluice_task_start PRIMARY_PORT TARGET_PORT FILE POS DO_DBS_YAML SYNCER_YAML
#                                      operate-source create + start-task; waits for Running
#   sluice_pause / sluice_resume       pause-task / resume-task; wait for Paused / Running
#   sluice_stage                       the task's stage (Running, Paused, ...)
#   sluice_problem                     prints why the task cannot progress, if it cannot
#
# The task is named by SLUICE_TASK (default "bench"), its source SLUICE_SOURCE ("primary"); the
# checkpoint table is therefore dm_meta.${SLUICE_TASK}_syncer_checkpoint on downstream A.

SLUICE_TASK=${SLUICE_TASK:-bench}
SLUICE_SOURCE=${SLUICE_SOURCE:-primary}
SLUICE_PID=""

sluice_ctl() {
  "$SLUICECTL_BIN" --master-addr="127.0.0.1:$SLUICE_PORT" "$@"
}

sluice_pid() {
  echo "$SLUICE_PID"
}

sluice_up() {
  mkdir -p "$SLUICE_DIR/data"
  "$SLUICE_BIN" --listen "127.0.0.1:$SLUICE_PORT" --data-dir "$SLUICE_DIR/data" \
    </dev/null >>"$SLUICE_DIR/sluice.log" 2>&1 &
  SLUICE_PID=$!
  local i
  for ((i = 0; i < 150; i++)); do
    sluice_ctl query-status >/dev/null 2>&1 && return 0
    kill -0 "$SLUICE_PID" 2>/dev/null ||
      { echo "sluice.sh: sluice exited during startup (see $SLUICE_DIR/sluice.log)" >&2; return 1; }
    sleep 0.1
  done
  echo "sluice.sh: sluice did not answer on 127.0.0.1:$SLUICE_PORT within 15 s" >&2
  return 1
}

sluice_down() {
  [[ -n "$SLUICE_PID" ]] || return 0
  kill -TERM "$SLUICE_PID" 2>/dev/null
  local i
  for ((i = 0; i < 200; i++)); do kill -0 "$SLUICE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SLUICE_PID" 2>/dev/null
  wait "$SLUICE_PID" 2>/dev/null
  SLUICE_PID=""
}

# json_string KEY: the first "KEY": "value" in the JSON on stdin (sluicectl pretty-prints).
json_string() {
  grep -o "\"$1\": *\"[^\"]*\"" | head -n 1 | sed 's/^[^:]*: *"//; s/"$//'
}

sluice_stage() {
  sluice_ctl query-status "$SLUICE_TASK" 2>/dev/null | json_string stage
}

# Prints a reason when the process died or the task stopped on an error; silent otherwise.
sluice_problem() {
  if ! kill -0 "$SLUICE_PID" 2>/dev/null; then
    echo "sluice exited (see $SLUICE_DIR/sluice.log)"
    return
  fi
  local status message stage
  status=$(sluice_ctl query-status "$SLUICE_TASK" 2>&1)
  message=$(json_string Message <<<"$status")
  stage=$(json_string stage <<<"$status")
  # An error while Running is one Sluice retries by itself; a paused task with one has stopped.
  if [[ -n "$message" && "$stage" != Running ]]; then
    echo "task $stage: $message"
  fi
}

# wait_stage STAGE SECONDS
sluice_wait_stage() {
  local want=$1 limit=$2 i
  for ((i = 0; i < limit * 10; i++)); do
    [[ "$(sluice_stage)" == "$want" ]] && return 0
    sleep 0.1
  done
  echo "sluice.sh: task $SLUICE_TASK not $want within ${limit}s: $(sluice_problem)" >&2
  return 1
}

sluice_task_start() {
  local primary=$1 target=$2 file=$3 pos=$4 dbs=$5 syncer=$6
  cat >"$SLUICE_DIR/source.yaml" <<EOF
source-id: "$SLUICE_SOURCE"
from:
  host: 127.0.0.1
  port: $primary
  user: "root"
  password: ""
EOF
  {
    cat <<EOF
name: $SLUICE_TASK
task-mode: incremental
target-database:
  host: "127.0.0.1"
  port: $target
  user: "root"
  password: ""
block-allow-list:
  bench:
    do-dbs: $dbs
syncers:
  global:
EOF
    sed 's/^/    /' <<<"$syncer"
    cat <<EOF
mysql-instances:
  - source-id: "$SLUICE_SOURCE"
    block-allow-list: "bench"
    syncer-config-name: "global"
    meta:
      binlog-name: $file
      binlog-pos: $pos
EOF
  } >"$SLUICE_DIR/task.yaml"
  local out
  out=$(sluice_ctl operate-source create "$SLUICE_DIR/source.yaml" 2>&1) ||
    { echo "sluice.sh: operate-source create failed: $out" >&2; return 1; }
  out=$(sluice_ctl start-task "$SLUICE_DIR/task.yaml" 2>&1) ||
    { echo "sluice.sh: start-task failed: $out" >&2; return 1; }
  sluice_wait_stage Running 30
}

sluice_pause() {
  local out
  out=$(sluice_ctl pause-task "$SLUICE_TASK" 2>&1) || { echo "sluice.sh: pause-task: $out" >&2; return 1; }
  sluice_wait_stage Paused 30
}

# Returns as soon as sluicectl does: the caller times the catch-up from just before this call.
sluice_resume() {
  local out
  out=$(sluice_ctl resume-task "$SLUICE_TASK" 2>&1) || { echo "sluice.sh: resume-task: $out" >&2; return 1; }
}
