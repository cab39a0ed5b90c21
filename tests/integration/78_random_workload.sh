#!/usr/bin/env bash
# A randomized workload on 4 concurrent upstream connections (tests/tools/workload: primary-key
# changes, unique-key swaps through a temporary value, delete + re-insert of the same key, ranges,
# multi-table transactions, a table without any key), replicated with worker-count 4 and no safe
# mode. Half of it runs while the task follows live; the other half runs while the task is
# paused, so the workers then catch up on a backlog with many transactions in flight. After
# catch-up every table downstream must equal upstream row for row (tests/tools/compare_tables).
# The comparer is then shown to notice a lost, a duplicated and a changed row.
#
#   WORKLOAD_SEED=N           replay a seed (the statements; the interleaving still varies)
#   WORKLOAD_TRANSACTIONS=T   default 2000, half live and half as backlog
#   WORKLOAD_KEYS=K           key range size (default 200; smaller collides more)
#   WORKLOAD_SYNCER=YAML      the syncer settings (default below)
#   WORKLOAD_CATCHUP_SECONDS=S  how long catch-up may take (default 90; bench/random_workload.sh)
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin random_workload

db=rw
task=rw_task
seed=${WORKLOAD_SEED:-$((RANDOM * 32768 + RANDOM))}
transactions=${WORKLOAD_TRANSACTIONS:-2000}
keys=${WORKLOAD_KEYS:-200}
syncer=${WORKLOAD_SYNCER:-$'safe-mode: false\nsafe-mode-duration: "0s"\nworker-count: 4\nbatch: 20'}
workload_bin="$SLUICE_BUILD_DIR/tests/tools/workload"
compare_bin="$SLUICE_BUILD_DIR/tests/tools/compare_tables"
[[ -x "$workload_bin" && -x "$compare_bin" ]] || t_abort "test tools missing in $SLUICE_BUILD_DIR/tests/tools (build first)"
log "workload seed $seed (rerun with WORKLOAD_SEED=$seed), $transactions transactions"

workload() {
  local port=$1; shift
  "$workload_bin" --host 127.0.0.1 --port "$port" --user root --schema "$db" --keys "$keys" "$@"
}
compare() {
  "$compare_bin" --up "127.0.0.1:$UP_PORT" --down "127.0.0.1:$DOWN_PORT" --user root --schema "$db" "$@"
}

drop_schemas "$db"
forget_task "$task"
# The same seed gives both sides the same starting rows, before the start position.
workload "$UP_PORT" --seed "$seed" --setup --transactions 0 >/dev/null || t_abort "workload --setup failed upstream"
workload "$DOWN_PORT" --seed "$seed" --setup --transactions 0 >/dev/null || t_abort "workload --setup failed downstream"
out=$(compare 2>&1)
check_eq "the starting rows are equal" 0 "$?"

sluice_start
start_task_here "$task" "[\"$db\"]" "$syncer"

# run_phase NAME SEED: half of the transactions, 4 connections, statements logged to $T_DIR/NAME.
run_phase() {
  local name=$1 phase_seed=$2 out rc committed started=$SECONDS
  mkdir -p "$T_DIR/$name"
  out=$(workload "$UP_PORT" --seed "$phase_seed" --transactions $((transactions / 2)) --connections 4 \
    --log-dir "$T_DIR/$name" 2>&1)
  rc=$?
  log "$name: $out ($((SECONDS - started)) s)"
  check_eq "$name workload exits 0" 0 "$rc"
  committed=$(sed -n 's/.*committed \([0-9]*\),.*/\1/p' <<<"$out")
  check "$name workload committed at least half its transactions (${committed:-none})" \
    test "${committed:-0}" -ge $((transactions / 4))
}

sluice_alive() { kill -0 "$SLUICE_PID" 2>/dev/null; }
run_phase live "$seed"
sluice_alive || t_abort "sluice died during the live workload (seed $seed; see $T_DIR/sluice.log)"
ctl_ok "pause-task $task" pause-task "$task"
wait_until 20 task_stage_is "$task" Paused || fail "task not Paused within 20 s: $(task_summary)"
run_phase backlog $((seed + 1))
ctl_ok "resume-task $task" resume-task "$task"
resumed_at=$SECONDS

read -r mfile mpos <<<"$(master_status)"
caught_up() {
  sluice_alive || return 0
  task_field "$task" .sync.syncerBinlog
  [[ "$FIELD" == "($mfile, $mpos)" ]]
}
wait_until "${WORKLOAD_CATCHUP_SECONDS:-90}" caught_up
if ! sluice_alive; then
  t_abort "sluice died while catching up (seed $seed; see $T_DIR/sluice.log)"
elif caught_up; then
  pass "syncer position reached the upstream's ($mfile, $mpos) $((SECONDS - resumed_at)) s after resume-task"
else
  fail "syncer did not reach ($mfile, $mpos) within ${WORKLOAD_CATCHUP_SECONDS:-90} s: $(task_summary)"
fi

out=$(compare 2>&1)
rc=$?
same=$rc
echo "$out"
check_eq "compare_tables: downstream equals upstream (seed $seed; statements in $T_DIR/{live,backlog}/conn-*.sql)" 0 "$rc"
check_match "compare_tables reports nothing lost or duplicated" 'compared [0-9]+ rows, lost 0, duplicated 0, differing 0' "$out"
task_field "$task" .stage
check_eq "task still Running" Running "$FIELD"
ctl_ok "stop-task $task" stop-task "$task"
sluice_stop

# The comparer itself must see damage: one row lost, one duplicated, one changed.
((same == 0)) || t_end
down "USE $db; DELETE FROM t_pk ORDER BY id LIMIT 1;
      INSERT INTO t_nokey SELECT * FROM t_nokey LIMIT 1;
      UPDATE t_multi_uk SET v = IF(v IS NULL, 1, NULL) ORDER BY id LIMIT 1;"
out=$(compare 2>&1)
rc=$?
echo "$out"
check_eq "compare_tables exits 1 on damaged tables" 1 "$rc"
check_match "compare_tables counts the damage" 'compared [0-9]+ rows, lost 1, duplicated 1, differing 1' "$out"
check_match "compare_tables names the damaged tables" "DIFF $db.t_pk: .*lost 1" "$out"
t_end
