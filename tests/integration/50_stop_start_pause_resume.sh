#!/usr/bin/env bash
# stop-task then start-task resumes from the downstream checkpoint (not from meta), and
# pause-task / resume-task hold and release replication. The table has no key, so a row applied
# twice or missed changes the exact row count.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin stop_start_pause_resume

drop_schemas e
forget_task e_task
up "CREATE DATABASE e; CREATE TABLE e.events (n INT, tag VARCHAR(16))"
down "CREATE DATABASE e; CREATE TABLE e.events (n INT, tag VARCHAR(16))"

sluice_start
start_task_here e_task '["e"]'

# insert_batch TAG FROM TO: one transaction per 10 rows.
insert_batch() {
  local tag=$1 from=$2 to=$3 i
  for ((i = from; i <= to; i++)); do
    if ((i % 10 == from % 10)); then echo "BEGIN;"; fi
    echo "INSERT INTO e.events VALUES ($i, '$tag');"
    if ((i % 10 == (from + 9) % 10 || i == to)); then echo "COMMIT;"; fi
  done | up_pipe
}
down_count() { down "SELECT COUNT(*) FROM e.events"; }
down_count_is() { [[ "$(down_count)" == "$1" ]]; }
expect_count() {
  if wait_until 30 down_count_is "$1"; then
    pass "$2: downstream has exactly $1 rows"
  else
    fail "$2: downstream has $(down_count) rows, expected $1"
  fi
}

insert_batch running 1 100
expect_count 100 "first 100 rows"
wait_synced e_task 30
ctl_ok "stop-task e_task" stop-task e_task
check_eq "stop-task answers op Stop" Stop "$(jq -r .op <<<"$CTL_OUT")"
ctl query-status e_task
check_match "query-status of a stopped task says it is not found" 'not found|not exist' "$CTL_OUT"
check_eq "query-status of a stopped task exits 1" 1 "$CTL_RC"

insert_batch stopped 101 150
sleep 1
check_eq "nothing replicates while the task is stopped" 100 "$(down_count)"

# The same task file again: its meta points at the old start, but the checkpoint wins.
ctl_ok "start-task again" start-task "$T_DIR/e_task.yaml"
expect_count 150 "rows written while stopped arrive, none twice"
check_eq "no row applied twice" 0 "$(down "SELECT COUNT(*) FROM (SELECT n FROM e.events GROUP BY n HAVING COUNT(*) > 1) d")"
wait_synced e_task 30

ctl_ok "pause-task e_task" pause-task e_task
check_eq "pause-task answers op Pause" Pause "$(jq -r .op <<<"$CTL_OUT")"
if wait_until 10 task_stage_is e_task Paused; then pass "stage is Paused"; else fail "stage is not Paused: $FIELD"; fi
insert_batch paused 151 200
sleep 1.5
check_eq "nothing replicates while paused" 150 "$(down_count)"
ctl_ok "resume-task e_task" resume-task e_task
check_eq "resume-task answers op Resume" Resume "$(jq -r .op <<<"$CTL_OUT")"
if wait_until 10 task_stage_is e_task Running; then pass "stage is Running again"; else fail "stage is not Running: $FIELD"; fi
expect_count 200 "rows written while paused arrive, none twice"

# A paused task stays paused across a restart of sluice.
wait_synced e_task 30
ctl_ok "pause-task before restart" pause-task e_task
sluice_stop
insert_batch restart 201 230
sluice_start
if wait_until 10 task_stage_is e_task Paused; then pass "paused task is still Paused after restart"; else fail "after restart stage is $FIELD, expected Paused"; fi
ctl_ok "resume-task after restart" resume-task e_task
expect_count 230 "rows written across the restart arrive, none twice"
check_same_table e.events 10

sluice_stop
t_end
