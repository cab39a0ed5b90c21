#!/usr/bin/env bash
# Monitoring end to end: a real Prometheus (a throwaway process with its own TSDB under the test
# dir, scraping every second and loading deploy/prometheus/sluice-alerts.yml) scrapes a Sluice
# that runs a task. Checks that the series arrive with the right values, that
# `promtool check metrics` accepts a live /metrics (only DM's inherited naming findings), that
# the alert rules load, evaluate cleanly and fire on a task paused by an error, and that every
# metric the Grafana dashboard and the alert rules use is exported and every dashboard query
# returns data.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin prometheus

ALERTS="$SLUICE_ROOT/deploy/prometheus/sluice-alerts.yml"
DASHBOARD="$SLUICE_ROOT/deploy/grafana/sluice-dashboard.json"
PROM_EXAMPLE="$SLUICE_ROOT/deploy/prometheus/prometheus.yml"
DM_FINDINGS="$SLUICE_ROOT/tests/unit/metrics/promtool_dm_findings.txt"
command -v prometheus >/dev/null && command -v promtool >/dev/null ||
  t_abort "prometheus and promtool are missing: deploy/install-deps.sh --tests installs them (Debian package prometheus)"

# ---- helpers ------------------------------------------------------------------------------

PROM_PORT=""
PROM_OUT=""

# prom_query EXPR: instant query; sets PROM_OUT to the JSON answer.
prom_query() {
  PROM_OUT=$(curl -s --max-time 5 --data-urlencode "query=$1" "http://127.0.0.1:$PROM_PORT/api/v1/query") || PROM_OUT=""
}

# prom_value EXPR: the value of the first sample of EXPR, or "" when there is none.
prom_value() {
  prom_query "$1"
  jq -r '.data.result[0].value[1] // ""' <<<"$PROM_OUT" 2>/dev/null
}

# prom_is EXPR WANT: true when EXPR's first sample equals WANT.
prom_is() { [[ "$(prom_value "$1")" == "$2" ]]; }

# Metric names (dm_*, sluice_*, process_*) in PromQL text on stdin, one per line, sorted.
metric_names() {
  grep -oE '[a-zA-Z_:][a-zA-Z0-9_:]*' | grep -E '^(dm|sluice|process)_' | sort -u
}

# Names of the samples in the exposition text on stdin.
exported_samples() {
  grep -vE '^(#|$)' | sed -E 's/[{ ].*//' | sort -u
}

alert_state() {
  curl -s --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/alerts" |
    jq -r --arg name "$1" --arg task "$2" \
      '[.data.alerts[] | select(.labels.alertname == $name and .labels.task == $task) | .state] | first // ""' 2>/dev/null
}
alert_is() { [[ "$(alert_state "$1" "$2")" =~ ^($3)$ ]]; }

# ---- a running task -----------------------------------------------------------------------

drop_schemas pm
forget_task pm_task
up "CREATE DATABASE pm; CREATE TABLE pm.t (id INT PRIMARY KEY, v INT); CREATE TABLE pm.u (id INT PRIMARY KEY, s VARCHAR(20))"
down "CREATE DATABASE pm; CREATE TABLE pm.t (id INT PRIMARY KEY, v INT); CREATE TABLE pm.u (id INT PRIMARY KEY, s VARCHAR(20))"

sluice_start
start_task_here pm_task '["pm"]'

# ---- Prometheus ---------------------------------------------------------------------------

PROM_PORT=$(free_port $((SLUICE_PORT + 700)))
mkdir -p "$T_DIR/prom/data"
cat >"$T_DIR/prom/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $ALERTS
scrape_configs:
  - job_name: sluice
    static_configs:
      - targets: ["127.0.0.1:$SLUICE_PORT"]
EOF
prometheus --config.file="$T_DIR/prom/prometheus.yml" --storage.tsdb.path="$T_DIR/prom/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$T_DIR/prometheus.log" 2>&1 &
PROM_PID=$!
prom_ready() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PROM_PORT/-/ready"; }
wait_until 30 prom_ready || t_abort "prometheus not ready on 127.0.0.1:$PROM_PORT within 30 s: $(tail -n 5 "$T_DIR/prometheus.log")"
pass "prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{print $3}') ready on 127.0.0.1:$PROM_PORT"
check "prometheus scrapes sluice (up == 1)" wait_until 20 prom_is 'up{job="sluice"}' 1

# 200 inserts in 4 transactions, 50 updates, 20 deletes: 270 row changes.
for batch in 0 1 2 3; do
  values=""
  for i in $(seq $((batch * 50 + 1)) $((batch * 50 + 50))); do values+="${values:+,}($i, $i)"; done
  up "INSERT INTO pm.t VALUES $values"
done
up "UPDATE pm.t SET v = v + 1 WHERE id <= 50; DELETE FROM pm.t WHERE id > 180;"
check_same_table pm.t 30
wait_synced pm_task 30

# ---- the series arrive, with the right values ---------------------------------------------

jobs_query='sum(dm_syncer_finished_jobs_total{task="pm_task"})'
if wait_until 20 prom_is "$jobs_query" 270; then
  pass "prometheus: $jobs_query == 270 (200 inserts + 50 updates + 20 deletes)"
else
  fail "prometheus: $jobs_query is [$(prom_value "$jobs_query")], expected 270"
fi
check_eq "prometheus: added jobs == finished jobs" 270 "$(prom_value 'sum(dm_syncer_added_jobs_total{task="pm_task"})')"
check_eq "prometheus: 50 update jobs on pm.t" 50 \
  "$(prom_value 'sum(dm_syncer_finished_jobs_total{task="pm_task",type="update",target_schema="pm",target_table="t"})')"
txns=$(prom_value 'sum(dm_syncer_finished_transaction_total{task="pm_task"})')
check "prometheus: dm_syncer_finished_transaction_total between 1 and 6 ($txns)" \
  test "${txns:-0}" -ge 1 -a "${txns:-0}" -le 6
check_eq "prometheus: dm_worker_task_state is 2 (Running)" 2 "$(prom_value 'dm_worker_task_state{task="pm_task"}')"
check_eq "prometheus: sluice_task_has_error is 0" 0 "$(prom_value 'sluice_task_has_error{task="pm_task"}')"
read -r -a master <<<"$(master_status)"
check "prometheus: dm_syncer_binlog_pos{node=syncer} reaches SHOW MASTER STATUS (${master[1]})" \
  wait_until 20 prom_is 'dm_syncer_binlog_pos{task="pm_task",node="syncer"}' "${master[1]}"
check_eq "prometheus: dm_syncer_binlog_pos{node=master} is the upstream position" "${master[1]}" \
  "$(prom_value 'dm_syncer_binlog_pos{task="pm_task",node="master"}')"
check_eq "prometheus: binlog file gap is 0" 0 \
  "$(prom_value 'dm_syncer_binlog_file{task="pm_task",node="master"} - ignoring(node) dm_syncer_binlog_file{task="pm_task",node="syncer"}')"
check "prometheus: seconds behind is 0 once synced" \
  wait_until 10 prom_is 'dm_syncer_replication_lag_gauge{task="pm_task"}' 0
check_eq "prometheus: 6 rows events (4 inserts, 1 update, 1 delete)" 6 \
  "$(prom_value 'dm_syncer_binlog_event_row_count{task="pm_task"}')"
check_eq "prometheus: 270 rows in them" 270 "$(prom_value 'dm_syncer_binlog_event_row_sum{task="pm_task"}')"
check_eq "prometheus: rows in transaction batches add up" 270 \
  "$(prom_value 'sum(dm_syncer_replication_transaction_batch_sum{task="pm_task",type="rows"})')"
check_eq "prometheus: queues drained" 0 "$(prom_value 'sum(dm_syncer_queue_size{task="pm_task"})')"
check_eq "prometheus: no decode or protocol errors" 0 \
  "$(prom_value 'sum(sluice_decode_errors_total{task="pm_task"}) + sum(sluice_protocol_errors_total{task="pm_task"})')"
rss=$(prom_value 'process_resident_memory_bytes{job="sluice"}')
check "prometheus: process_resident_memory_bytes is over 1 MiB ($rss)" test "${rss%.*}" -gt 1048576
start_time=$(prom_value 'process_start_time_seconds{job="sluice"}')
check "prometheus: process_start_time_seconds is within the last 10 minutes ($start_time)" \
  test "${start_time%.*}" -gt $(($(date +%s) - 600)) -a "${start_time%.*}" -le "$(date +%s)"
check "prometheus: sluice_build_info has a version" prom_is 'count(sluice_build_info{version!=""})' 1

# ---- promtool on the live /metrics, the rules and the example config ----------------------

http GET /metrics
check_eq "GET /metrics is 200" 200 "$HTTP_CODE"
printf '%s\n' "$HTTP_BODY" >"$T_DIR/metrics.txt"
lint=$(promtool check metrics <"$T_DIR/metrics.txt" 2>&1)
rc=$?
extra=$(grep -v '^$' <<<"$lint" | grep -vxF -f "$DM_FINDINGS")
if [[ ($rc == 0 || $rc == 3) && -z "$extra" ]]; then
  pass "promtool check metrics: exit $rc, only DM's inherited names ($(grep -c . <<<"$lint") findings)"
else
  fail "promtool check metrics: exit $rc: $extra"
fi
check "promtool check rules deploy/prometheus/sluice-alerts.yml" promtool check rules "$ALERTS"
check "promtool check config deploy/prometheus/prometheus.yml" promtool check config "$PROM_EXAMPLE"

exported=$(exported_samples <"$T_DIR/metrics.txt")
for want in process_cpu_seconds_total process_resident_memory_bytes process_open_fds process_start_time_seconds \
  dm_syncer_replication_lag_gauge dm_syncer_replication_lag_bucket dm_syncer_finished_jobs_total \
  dm_syncer_added_jobs_total dm_syncer_finished_transaction_total dm_syncer_txn_duration_time_bucket \
  dm_syncer_binlog_transform_cost_bucket dm_syncer_queue_size dm_syncer_binlog_pos dm_syncer_binlog_file \
  dm_syncer_exit_with_error_count dm_worker_task_state dm_syncer_read_binlog_duration_bucket \
  dm_syncer_binlog_event_size_bucket dm_syncer_binlog_event_row_bucket dm_syncer_conflict_detect_duration_bucket \
  dm_syncer_replication_transaction_batch_bucket dm_syncer_flush_checkpoints_time_interval_bucket \
  sluice_decode_errors_total sluice_protocol_errors_total sluice_reconnects_total sluice_binlog_bytes_read_total \
  sluice_batch_rows_bucket sluice_credits_in_flight sluice_credits_limit sluice_task_has_error \
  sluice_checkpoint_last_flush_timestamp_seconds sluice_build_info; do
  grep -qxF "$want" <<<"$exported" || fail "/metrics does not export $want"
done
pass "/metrics exports every metric this test expects"

# ---- the alert rules: loaded by Prometheus, evaluated without errors ----------------------

rules_json() { curl -s --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/rules"; }
rules_evaluated() {
  [[ "$(rules_json | jq '[.data.groups[].rules[] | select(.lastEvaluation | startswith("0001"))] | length' 2>/dev/null)" == 0 ]]
}
check "prometheus evaluated every alert rule" wait_until 15 rules_evaluated
rules=$(rules_json)
check_eq "prometheus loaded 5 alert rules" 5 "$(jq '[.data.groups[].rules[]] | length' <<<"$rules")"
bad=$(jq -r '.data.groups[].rules[] | select(.health != "ok") | "\(.name): \(.health) \(.lastError // "")"' <<<"$rules")
check_eq "every alert rule evaluates with health ok" "" "$bad"
for name in SluiceTaskPausedWithError SluiceReplicationLagHigh SluiceBinlogFileGap SluiceNoProgress SluiceSyncExitedWithError; do
  check_eq "alert $name is not active for a healthy task" "" "$(alert_state "$name" pm_task)"
done

# ---- every metric the dashboard and the alert rules use is exported -----------------------

check "deploy/grafana/sluice-dashboard.json is valid JSON" jq -e '.panels | length > 0' "$DASHBOARD"
titles=$(jq -r '.. | objects | select(has("gridPos")) | .title' "$DASHBOARD")
for want in "Task state" "Replication lag p50 / p99" "Rows/s by task and table" "Transactions/s by task" \
  "Exits with error" "Apply queue length" "Flow-control fill" "Checkpoint age" "Binlog file gap (master - syncer)"; do
  grep -qxF "$want" <<<"$titles" || fail "dashboard has no panel \"$want\""
done
pass "dashboard has its panels (tasks by state, lag, rows/s, transactions/s, errors, queues, checkpoint age, file gap)"

dash_exprs=$(jq -r '.. | objects | select(has("expr")) | .expr' "$DASHBOARD")
dash_variables=$(jq -r '.templating.list[] | .definition // empty' "$DASHBOARD")
rule_exprs=$(jq -r '.data.groups[].rules[].query' <<<"$rules")
grep -E '^\s+expr:' "$ALERTS" >/dev/null || fail "no expr: lines in $ALERTS"
for source in dashboard alerts; do
  if [[ $source == dashboard ]]; then exprs="$dash_exprs"$'\n'"$dash_variables"; else exprs=$rule_exprs; fi
  names=$(metric_names <<<"$exprs")
  count=$(grep -c . <<<"$names")
  missing=$(comm -23 <(printf '%s\n' "$names") <(printf '%s\n' "$exported"))
  if [[ $count -ge 5 && -z "$missing" ]]; then
    pass "$source: all $count metric names it uses are exported by /metrics"
  else
    fail "$source: $count names; not exported: $(tr '\n' ' ' <<<"$missing")"
  fi
done

# Every dashboard query, with Grafana's variables filled in, runs and returns data.
empty=0
errors=0
while IFS= read -r expr; do
  [[ -n "$expr" ]] || continue
  q=${expr//\$__rate_interval/30s}
  q=${q//\$instance/.*}
  q=${q//\$task/pm_task}
  q=${q//\$source/.*}
  prom_query "$q"
  if [[ "$(jq -r .status <<<"$PROM_OUT" 2>/dev/null)" != success ]]; then
    errors=$((errors + 1)); fail "dashboard query fails: $q: $(head -c 300 <<<"$PROM_OUT")"
  elif [[ "$(jq '.data.result | length' <<<"$PROM_OUT")" == 0 ]]; then
    empty=$((empty + 1)); fail "dashboard query returns nothing: $q"
  fi
done <<<"$dash_exprs"
check_eq "every dashboard query runs and returns data ($(grep -c . <<<"$dash_exprs") queries)" "0 0" "$errors $empty"

# ---- a stuck apply: the file-gap and no-progress rules see it -----------------------------
# A downstream session holds the lock of pm.t id 1; the upstream updates that row, then rotates
# its binlog twice and writes on. The reader reads on, the checkpoint cannot pass the blocked
# transaction. The rules' expressions run with their windows and thresholds shrunk to seconds
# (their `for:` and 10-minute windows would not fit in a test).

rule_query() { jq -r --arg name "$1" '.data.groups[].rules[] | select(.name == $name) | .query' <<<"$rules"; }
gap_expr=$(rule_query SluiceBinlogFileGap)
stuck_expr=$(rule_query SluiceNoProgress | sed -E 's/\[[0-9]+m\]/[6s]/g; s/> 60([^0-9]|$)/> 3\1/')
[[ "$stuck_expr" == *"[6s]"* && "$stuck_expr" == *"> 3"* ]] || fail "could not shrink SluiceNoProgress: $stuck_expr"
lock_holder() {
  mariadb_sql "$DOWN_PORT" "BEGIN; SELECT id FROM pm.t WHERE id = 1 FOR UPDATE; SELECT SLEEP(40); COMMIT" >/dev/null 2>&1
}
lock_holder &
holder_session() { down "SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(40)%'"; }
holder_running() { [[ -n "$(holder_session)" ]]; }
wait_until 10 holder_running || fail "the downstream lock holder did not start"
up "UPDATE pm.t SET v = -1 WHERE id = 1; FLUSH BINARY LOGS; FLUSH BINARY LOGS; INSERT INTO pm.t VALUES (1000, 1000)"
prom_has() { prom_query "$1"; [[ "$(jq '.data.result | length' <<<"$PROM_OUT" 2>/dev/null)" -gt 0 ]]; }
prom_empty() { prom_query "$1"; [[ "$(jq '.data.result | length' <<<"$PROM_OUT" 2>/dev/null)" == 0 ]]; }
check "SluiceBinlogFileGap's expression holds while stuck two files behind" wait_until 20 prom_has "$gap_expr"
check "SluiceNoProgress's expression (windows shrunk) holds while stuck" wait_until 20 prom_has "$stuck_expr"
session=$(holder_session)
[[ -n "$session" ]] && down "KILL $session"
check_same_table pm.t 60
wait_synced pm_task 30
check "SluiceNoProgress's expression clears once the lock is gone" wait_until 20 prom_empty "$stuck_expr"

# ---- an error pauses the task: the alerts see it ------------------------------------------

down "DROP TABLE pm.u"
up "INSERT INTO pm.u VALUES (1, 'no table downstream')"
if wait_until 20 task_stage_is pm_task Paused; then
  pass "task pm_task paused on the missing downstream table"
else
  fail "task pm_task did not pause: $(task_summary)"
fi
check "prometheus: dm_worker_task_state 3 and sluice_task_has_error 1" \
  wait_until 10 prom_is 'dm_worker_task_state{task="pm_task"} == 3 and on(task) sluice_task_has_error{task="pm_task"} == 1' 3
check "prometheus: a non-resumable exit is counted" \
  wait_until 10 prom_is 'dm_syncer_exit_with_error_count{task="pm_task",resumable_err="false"}' 1
check "alert SluiceSyncExitedWithError fires" wait_until 15 alert_is SluiceSyncExitedWithError pm_task firing
check "alert SluiceTaskPausedWithError is pending (for: 1m)" \
  wait_until 15 alert_is SluiceTaskPausedWithError pm_task 'pending|firing'

ctl_ok "stop-task pm_task" stop-task pm_task
kill "$PROM_PID" 2>/dev/null
wait "$PROM_PID" 2>/dev/null
sluice_stop
t_end
