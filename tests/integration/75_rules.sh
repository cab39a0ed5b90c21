#!/usr/bin/env bash
# DM's rules on real servers: two shards store.store_bj / store.store_tj routed into one
# downstream table with an extract-table column; an Ignore filter for delete events; a
# sql-pattern filter dropping `^DROP`; an expression filter dropping inserted rows.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin rules

drop_schemas r_store r_log r_expr
forget_task r_task
up "CREATE DATABASE r_store; CREATE DATABASE r_log; CREATE DATABASE r_expr;
    CREATE TABLE r_store.store_bj (id INT PRIMARY KEY, name VARCHAR(32));
    CREATE TABLE r_store.store_tj (id INT PRIMARY KEY, name VARCHAR(32));
    CREATE TABLE r_log.events (id INT PRIMARY KEY, what VARCHAR(32));
    CREATE TABLE r_log.scratch (id INT PRIMARY KEY);
    CREATE TABLE r_expr.t (id INT PRIMARY KEY, v INT)"
down "CREATE DATABASE r_store; CREATE DATABASE r_log; CREATE DATABASE r_expr;
      CREATE TABLE r_store.stores (id INT, name VARCHAR(32), c_table VARCHAR(32), PRIMARY KEY (id, c_table));
      CREATE TABLE r_log.events (id INT PRIMARY KEY, what VARCHAR(32));
      CREATE TABLE r_log.scratch (id INT PRIMARY KEY);
      CREATE TABLE r_expr.t (id INT PRIMARY KEY, v INT)"

sluice_start
write_source "$T_DIR/source.yaml" mysql-01
ctl_ok "operate-source create" operate-source create "$T_DIR/source.yaml" || t_end
read -r -a pos <<<"$(master_status)"
cat >"$T_DIR/r_task.yaml" <<EOF
name: r_task
task-mode: incremental

target-database:
  host: "127.0.0.1"
  port: $DOWN_PORT
  user: "root"
  password: ""

block-allow-list:
  bw-rule-1:
    do-dbs: ["r_store", "r_log", "r_expr"]

routes:
  store-route:
    schema-pattern: "r_store"
    table-pattern: "store_*"
    target-schema: "r_store"
    target-table: "stores"
    extract-table:
      table-regexp: "store_(.*)"
      target-column: "c_table"

filters:
  ignore-deletes:
    schema-pattern: "r_log"
    table-pattern: "events"
    events: ["delete"]
    action: Ignore
  no-drops:
    schema-pattern: "r_log"
    sql-pattern: ["^DROP"]
    action: Ignore

expression-filter:
  even-ids:
    schema: "r_expr"
    table: "t"
    insert-value-expr: "id % 2 = 0"

mysql-instances:
  - source-id: "mysql-01"
    block-allow-list: "bw-rule-1"
    route-rules: ["store-route"]
    filter-rules: ["ignore-deletes", "no-drops"]
    expression-filters: ["even-ids"]
    meta:
      binlog-name: ${pos[0]}
      binlog-pos: ${pos[1]}
EOF
ctl_ok "start-task with routes, filters and an expression filter" start-task "$T_DIR/r_task.yaml" || t_end
wait_until 20 task_stage_is r_task Running || t_abort "task not Running: $(task_summary)"

up "INSERT INTO r_store.store_bj VALUES (1, 'bj-1'), (2, 'bj-2');
    INSERT INTO r_store.store_tj VALUES (1, 'tj-1'), (3, 'tj-3');
    UPDATE r_store.store_tj SET name = 'tj-1b' WHERE id = 1;
    DELETE FROM r_store.store_bj WHERE id = 2;
    INSERT INTO r_log.events VALUES (1, 'kept'), (2, 'deleted upstream');
    DELETE FROM r_log.events WHERE id = 2;
    UPDATE r_log.events SET what = 'updated' WHERE id = 1;
    DROP TABLE r_log.scratch;
    INSERT INTO r_expr.t VALUES (1, 10), (2, 20), (3, 30), (4, 40);
    UPDATE r_expr.t SET v = 31 WHERE id = 3;
    CREATE TABLE r_log.marker (id INT PRIMARY KEY); INSERT INTO r_log.marker VALUES (1)"
marker_arrived() { [[ "$(down 'SELECT COUNT(*) FROM r_log.marker' 2>/dev/null)" == 1 ]]; }
wait_until 30 marker_arrived || fail "the marker row did not arrive: $(task_summary)"

check_eq "both shards merged into r_store.stores with their extract-table value" \
  "1 bj bj-1|1 tj tj-1b|3 tj tj-3" \
  "$(down "SELECT CONCAT_WS(' ', id, c_table, name) FROM r_store.stores ORDER BY id, c_table" | paste -sd'|')"
check_eq "the Ignore filter kept the row deleted upstream; other events still apply" \
  "1 updated|2 deleted upstream" \
  "$(down "SELECT CONCAT_WS(' ', id, what) FROM r_log.events ORDER BY id" | paste -sd'|')"
check_eq "the ^DROP sql-pattern filter kept r_log.scratch downstream" \
  "1" "$(down "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'r_log' AND TABLE_NAME = 'scratch'")"
check_eq "the expression filter dropped the even ids at insert" \
  "1 10|3 31" "$(down "SELECT CONCAT_WS(' ', id, v) FROM r_expr.t ORDER BY id" | paste -sd'|')"
task_field r_task .stage
check_eq "the task is still Running" Running "$FIELD"

ctl_ok "stop-task" stop-task r_task
ctl operate-source stop "$T_DIR/source.yaml"
forget_task r_task
drop_schemas r_store r_log r_expr
sluice_stop
t_end
