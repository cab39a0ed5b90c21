#!/usr/bin/env bash
# Sluice killed with SIGKILL in the middle of a steady insert/update/delete load, twice, and
# restarted: the source and the task come back by themselves from the data dir, and afterwards
# every table downstream equals upstream (CHECKSUM TABLE), so nothing was lost or applied twice.
# k.log has no key at all: a transaction applied twice would show as extra rows there.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin kill9_restart

drop_schemas k
forget_task k_task

ddl="CREATE DATABASE k;
     CREATE TABLE k.acct (id INT PRIMARY KEY, balance BIGINT NOT NULL, note VARCHAR(64), ts DATETIME(6));
     CREATE TABLE k.log (acct INT, delta INT, seq INT);"
up "$ddl"
down "$ddl"

sluice_start
start_task_here k_task '["k"]'

# load ROUNDS: each round is one transaction touching both tables, some single statements in
# autocommit, and a pause now and then so the load lasts a few seconds.
load() {
  local rounds=$1 i
  for ((i = 1; i <= rounds; i++)); do
    echo "BEGIN;"
    echo "INSERT INTO k.acct VALUES ($i, $((i * 10)), 'acct $i', NOW(6));"
    echo "INSERT INTO k.log VALUES ($i, $((i * 10)), $i);"
    if ((i > 5)); then
      echo "UPDATE k.acct SET balance = balance + 1, ts = NOW(6) WHERE id = $((i - 5));"
      echo "INSERT INTO k.log VALUES ($((i - 5)), 1, $i);"
    fi
    echo "COMMIT;"
    if ((i % 10 == 0)); then echo "UPDATE k.acct SET note = CONCAT(note, '+') WHERE id BETWEEN $((i - 9)) AND $i;"; fi
    if ((i % 25 == 0)); then echo "DELETE FROM k.acct WHERE id = $((i - 20));"; fi
    if ((i % 50 == 0)); then echo "INSERT INTO k.log SELECT acct, 0, $i FROM k.log WHERE seq = $((i - 1));"; fi
    if ((i % 20 == 0)); then echo "DO SLEEP(0.05);"; fi
  done | up_pipe
}

load 4000 &
loader=$!

for kill_round in 1 2; do
  sleep 1.5
  applied=$(table_count "$DOWN_PORT" k.log)
  log "kill -9 sluice (round $kill_round) with $applied k.log rows applied downstream"
  sluice_kill9
  sleep 0.5
  sluice_start
  if wait_until 20 task_stage_is k_task Running; then
    pass "after kill -9 #$kill_round the task is Running again without start-task"
  else
    fail "after kill -9 #$kill_round the task did not come back: $(task_summary)"
  fi
done
ctl operate-source show
check_eq "the source is still registered" mysql-01 "$(jq -r '[.sources[]?.source] | join(",")' <<<"$CTL_OUT")"

wait "$loader" || fail "the load generator failed"
log "load done: $(table_count "$UP_PORT" k.acct) acct rows, $(table_count "$UP_PORT" k.log) log rows upstream"
check_same_table k.acct 60
check_same_table k.log 60
check_eq "k.log row count (no duplicates, no loss)" "$(table_count "$UP_PORT" k.log)" "$(table_count "$DOWN_PORT" k.log)"
wait_synced k_task 30

# A clean restart (SIGTERM) also brings the task back, and it keeps replicating.
sluice_stop
up "INSERT INTO k.log VALUES (-1, -1, -1); UPDATE k.acct SET balance = 0 WHERE id = 1;"
sluice_start
wait_until 20 task_stage_is k_task Running || fail "after SIGTERM restart the task is not Running"
check_same_table k.log 30
check_same_table k.acct 30
sluice_stop
t_end
