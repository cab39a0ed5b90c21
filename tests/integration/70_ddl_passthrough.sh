#!/usr/bin/env bash
# DDL after the start position reaches the downstream: CREATE TABLE (then its rows), ALTER TABLE
# ADD COLUMN (rows after it carry the new column), CREATE DATABASE in do-dbs, DROP TABLE,
# TRUNCATE TABLE and RENAME TABLE.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin ddl_passthrough

drop_schemas g_ddl g_ddl2
forget_task g_task
up "CREATE DATABASE g_ddl"
down "CREATE DATABASE g_ddl"

sluice_start
start_task_here g_task '["g_ddl", "g_ddl2"]'

up "CREATE TABLE g_ddl.created_later (id INT PRIMARY KEY, name VARCHAR(32));
    INSERT INTO g_ddl.created_later VALUES (1, 'a'), (2, 'b');
    UPDATE g_ddl.created_later SET name = 'bb' WHERE id = 2;"
check_same_table g_ddl.created_later 30
check_eq "created_later has the upstream definition downstream" \
  "$(up 'SHOW CREATE TABLE g_ddl.created_later' | cut -f2)" "$(down 'SHOW CREATE TABLE g_ddl.created_later' 2>&1 | cut -f2)"

up "ALTER TABLE g_ddl.created_later ADD COLUMN score INT NOT NULL DEFAULT 7;
    INSERT INTO g_ddl.created_later VALUES (3, 'c', 30);
    UPDATE g_ddl.created_later SET score = 11 WHERE id = 1;
    ALTER TABLE g_ddl.created_later DROP COLUMN name;
    INSERT INTO g_ddl.created_later VALUES (4, 40);"
check_same_table g_ddl.created_later 30
check_eq "rows after ADD/DROP COLUMN" $'1\t11\n2\t7\n3\t30\n4\t40' \
  "$(down 'SELECT * FROM g_ddl.created_later ORDER BY id' 2>&1)"

up "CREATE DATABASE g_ddl2;
    CREATE TABLE g_ddl2.t (id INT PRIMARY KEY, v TEXT);
    INSERT INTO g_ddl2.t VALUES (1, 'in a database created after the start');
    CREATE TABLE g_ddl.dropped (id INT PRIMARY KEY); INSERT INTO g_ddl.dropped VALUES (1);
    DROP TABLE g_ddl.dropped;
    CREATE TABLE g_ddl.truncated (id INT PRIMARY KEY); INSERT INTO g_ddl.truncated VALUES (1), (2);
    TRUNCATE TABLE g_ddl.truncated; INSERT INTO g_ddl.truncated VALUES (3);
    CREATE TABLE g_ddl.old_name (id INT PRIMARY KEY); INSERT INTO g_ddl.old_name VALUES (1);
    RENAME TABLE g_ddl.old_name TO g_ddl.new_name; INSERT INTO g_ddl.new_name VALUES (2);"
check_same_table g_ddl2.t 30
check_same_table g_ddl.truncated 30
check_same_table g_ddl.new_name 30
check_eq "g_ddl tables downstream" $'created_later\nnew_name\ntruncated' \
  "$(down "SELECT table_name FROM information_schema.tables WHERE table_schema = 'g_ddl' ORDER BY 1")"
wait_synced g_task 30
check_eq "task still Running" Running "$(task_field g_task .stage; echo "$FIELD")"

sluice_stop
t_end
