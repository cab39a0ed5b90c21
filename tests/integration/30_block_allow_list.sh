#!/usr/bin/env bash
# block-allow-list: schemas outside do-dbs never appear downstream, even when they are written
# concurrently with an allowed schema and inside the same transactions; a wildcard do-dbs entry
# and ignore-tables work as in DM.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin block_allow_list

drop_schemas c_keep c_keepx c_skip c_wild_1 c_late
forget_task c_task

up "CREATE DATABASE c_keep; CREATE DATABASE c_skip; CREATE DATABASE c_wild_1;
    CREATE TABLE c_keep.t (id INT PRIMARY KEY, v VARCHAR(32));
    CREATE TABLE c_keep.secret_1 (id INT PRIMARY KEY, v VARCHAR(32));
    CREATE TABLE c_skip.t (id INT PRIMARY KEY, v VARCHAR(32));
    CREATE TABLE c_wild_1.t (id INT PRIMARY KEY, v VARCHAR(32));"
# Downstream only what the task should write to (no c_keep.secret_1: a row for it would fail).
down "CREATE DATABASE c_keep; CREATE DATABASE c_wild_1;
      CREATE TABLE c_keep.t (id INT PRIMARY KEY, v VARCHAR(32));
      CREATE TABLE c_wild_1.t (id INT PRIMARY KEY, v VARCHAR(32));"

read -r bfile bpos <<<"$(master_status)"
sluice_start
write_source "$T_DIR/source.yaml" mysql-01
ctl_ok "operate-source create" operate-source create "$T_DIR/source.yaml" || t_end
cat >"$T_DIR/task.yaml" <<EOF
name: c_task
task-mode: incremental
target-database:
  host: "127.0.0.1"
  port: $DOWN_PORT
  user: "root"
  password: ""
block-allow-list:
  bw-rule-1:
    do-dbs: ["c_keep", "c_wild*"]
    ignore-tables:
    - db-name: "c_keep"
      tbl-name: "secret*"
mysql-instances:
  - source-id: "mysql-01"
    block-allow-list: "bw-rule-1"
    meta:
      binlog-name: $bfile
      binlog-pos: $bpos
EOF
ctl_ok "start-task with do-dbs [c_keep, c_wild*] and ignore-tables c_keep.secret*" \
  start-task "$T_DIR/task.yaml" || t_end

# Two writers at once, plus transactions spanning allowed and filtered schemas.
writer() {
  local db=$1 i
  for ((i = 1; i <= 300; i++)); do
    echo "INSERT INTO $db.t VALUES ($i, 'row $i');"
    if ((i % 3 == 0)); then echo "UPDATE $db.t SET v = 'updated $i' WHERE id = $((i - 1));"; fi
    if ((i % 7 == 0)); then echo "DELETE FROM $db.t WHERE id = $((i - 2));"; fi
  done | up_pipe
}
writer c_keep &
keep_writer=$!
writer c_skip &
skip_writer=$!
up "CREATE DATABASE c_keepx; CREATE TABLE c_keepx.t (id INT PRIMARY KEY);
    INSERT INTO c_keepx.t VALUES (1), (2);
    CREATE DATABASE c_late; CREATE TABLE c_late.t (id INT PRIMARY KEY); INSERT INTO c_late.t VALUES (1);
    INSERT INTO c_keep.secret_1 VALUES (1, 'hidden'), (2, 'hidden');
    INSERT INTO c_wild_1.t VALUES (1, 'wild'), (2, 'card');"
for i in 1 2 3 4 5; do
  up "BEGIN;
      INSERT INTO c_skip.t VALUES (1000 + $i, 'mixed');
      INSERT INTO c_wild_1.t VALUES (1000 + $i, 'mixed');
      UPDATE c_keep.secret_1 SET v = 'still hidden' WHERE id = 1;
      INSERT INTO c_skip.t VALUES (2000 + $i, 'mixed');
      COMMIT;"
done
wait "$keep_writer" || fail "writer for c_keep failed"
wait "$skip_writer" || fail "writer for c_skip failed"

check_same_table c_keep.t 30
check_same_table c_wild_1.t 30
wait_synced c_task 30
check_eq "task still Running" Running "$(task_field c_task .stage; echo "$FIELD")"
check_eq "downstream c_* schemas are exactly c_keep and c_wild_1" $'c_keep\nc_wild_1' \
  "$(down "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'c\\_%' ORDER BY 1")"
check_eq "c_keep has no secret_1 downstream" "t" \
  "$(down "SELECT table_name FROM information_schema.tables WHERE table_schema = 'c_keep'")"

sluice_stop
t_end
