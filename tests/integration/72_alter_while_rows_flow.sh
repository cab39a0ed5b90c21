#!/usr/bin/env bash
# ALTER TABLE while rows flow: one upstream session inserts and updates rows without pause while
# another adds, drops, renames and re-types columns and adds an index; downstream ends equal to
# upstream. Then a rows event that does not fit the downstream table pauses the task with an error
# naming the table and the binlog position, and resume-task after the fix continues exactly.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin alter_while_rows_flow

drop_schemas g_alter
forget_task g_alter_task
up "CREATE DATABASE g_alter"
down "CREATE DATABASE g_alter"

sluice_start
start_task_here g_alter_task '["g_alter"]'

up "CREATE TABLE g_alter.t (id INT PRIMARY KEY, a INT NOT NULL, b VARCHAR(40), gone INT DEFAULT 5)"

# The writer names only id, a and b, which every ALTER below keeps.
writer_sql() {
  local i
  for ((i = 1; i <= 1500; i++)); do
    echo "INSERT INTO g_alter.t (id, a, b) VALUES ($i, $i, 'row $i');"
    if ((i % 7 == 0)); then echo "UPDATE g_alter.t SET a = a + 1, b = CONCAT(b, '+') WHERE id = $((i - 3));"; fi
    if ((i % 50 == 0)); then echo "DELETE FROM g_alter.t WHERE id = $((i - 10));"; fi
  done
}
writer_sql >"$T_DIR/writer.sql"
up_pipe <"$T_DIR/writer.sql" &
writer=$!

alters=(
  "ALTER TABLE g_alter.t ADD COLUMN c INT NOT NULL DEFAULT 3"
  "ALTER TABLE g_alter.t DROP COLUMN gone"
  "ALTER TABLE g_alter.t ADD COLUMN d VARCHAR(20) DEFAULT 'dd' AFTER id"
  "ALTER TABLE g_alter.t ADD INDEX idx_a (a)"
  "ALTER TABLE g_alter.t MODIFY COLUMN c BIGINT NOT NULL DEFAULT 4"
  "ALTER TABLE g_alter.t CHANGE COLUMN d dd VARCHAR(30) DEFAULT 'renamed'"
  "ALTER TABLE g_alter.t DROP COLUMN c, ADD COLUMN e DATETIME NULL"
)
for stmt in "${alters[@]}"; do
  sleep 0.3
  up "$stmt" || fail "upstream refused: $stmt"
done
wait "$writer" || fail "the upstream writer failed"
log "upstream: $(up 'SELECT COUNT(*) FROM g_alter.t') rows, columns $(up "SELECT GROUP_CONCAT(column_name ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema='g_alter' AND table_name='t'")"

check_same_table g_alter.t 60
check_eq "downstream definition equals upstream's" \
  "$(up 'SHOW CREATE TABLE g_alter.t' | cut -f2)" "$(down 'SHOW CREATE TABLE g_alter.t' 2>&1 | cut -f2)"
check_eq "task still Running after the ALTERs" Running "$(task_field g_alter_task .stage; echo "$FIELD")"

# A table whose downstream definition lacks a column (created by hand, before Sluice saw its
# CREATE): its first rows event pauses the task with table and position in the error.
down "CREATE TABLE g_alter.misfit (id INT PRIMARY KEY, v INT)"
up "SET sql_log_bin = 0; CREATE TABLE g_alter.misfit (id INT PRIMARY KEY, v INT, extra VARCHAR(10)); SET sql_log_bin = 1"
read -r -a before <<<"$(master_status)"
up "INSERT INTO g_alter.misfit VALUES (1, 10, 'x'), (2, 20, 'y')"
wait_until 30 task_stage_is g_alter_task Paused || fail "task not Paused by the misfit rows: $(task_summary)"
task_field g_alter_task '.result.errors[0].Message'
check_match "the error names the table" "g_alter\\.misfit" "$FIELD"
check_match "the error says why" "column count mismatch|extra" "$FIELD"
check_match "the error names the binlog position" "at binlog \\(${before[0]}, [0-9]+\\)" "$FIELD"
log "error: $FIELD"

down "ALTER TABLE g_alter.misfit ADD COLUMN extra VARCHAR(10)"
ctl_ok "resume-task after fixing the downstream table" resume-task g_alter_task
up "INSERT INTO g_alter.misfit VALUES (3, 30, 'z')"
check_same_table g_alter.misfit 30
check_same_table g_alter.t 10

sluice_stop
t_end
