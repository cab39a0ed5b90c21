#!/usr/bin/env bash
# UPDATE and DELETE replicate, including primary-key and unique-key changes, rows without any
# key, NULLs and several changes to one key inside one transaction. Runs once in safe mode and
# once without it (safe-mode-duration "0s": no automatic safe mode after the start).
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin update_delete

ddl="CREATE TABLE pk (id INT PRIMARY KEY, v INT, s VARCHAR(32));
     CREATE TABLE uk (a INT NOT NULL, b INT NOT NULL, v VARCHAR(32), UNIQUE KEY ab (a, b));
     CREATE TABLE nokey (x INT, y VARCHAR(32));
     CREATE TABLE nullable (id INT PRIMARY KEY, v VARCHAR(10) NULL, d DATETIME(3) NULL);"
seed_rows="INSERT INTO pk VALUES (1,1,'one'),(2,2,'two'),(3,3,'three'),(4,4,'four'),(5,5,'five'),(6,6,'six');
           INSERT INTO uk VALUES (1,1,'a'),(1,2,'b'),(2,1,'c'),(2,2,'d');
           INSERT INTO nokey VALUES (7,'seven'),(7,'seven'),(8,'eight');
           INSERT INTO nullable VALUES (1,'x','2024-01-02 03:04:05.678'),(2,NULL,NULL),(3,'z',NULL);"

# run_variant TASK SCHEMA SYNCER_YAML
run_variant() {
  local task=$1 db=$2 syncer=$3
  log "--- variant $task ($syncer)"
  drop_schemas "$db"
  forget_task "$task"
  # The tables and their rows exist on both sides before the start position, as in the seed.
  up "CREATE DATABASE $db; USE $db; $ddl $seed_rows"
  down "CREATE DATABASE $db; USE $db; $ddl $seed_rows"

  start_task_here "$task" "[\"$db\"]" "$syncer"

  up "USE $db;
      INSERT INTO pk VALUES (7,7,'seven'),(8,8,'eight'),(9,9,'nine');
      UPDATE pk SET v = v + 10 WHERE id <= 3;
      UPDATE pk SET id = 100 WHERE id = 1;
      UPDATE pk SET id = id + 1000, s = CONCAT(s, '!') WHERE id IN (4, 5);
      DELETE FROM pk WHERE id = 2;
      UPDATE pk SET id = 2 WHERE id = 3;
      DELETE FROM pk WHERE id = 6;
      BEGIN;
        INSERT INTO pk VALUES (50, 1, 'fifty');
        UPDATE pk SET v = 2 WHERE id = 50;
        DELETE FROM pk WHERE id = 50;
        INSERT INTO pk VALUES (50, 3, 'fifty again');
        UPDATE pk SET id = 51 WHERE id = 50;
      COMMIT;
      UPDATE pk SET s = NULL WHERE id = 7;
      DELETE FROM pk WHERE id IN (8, 9);
      UPDATE uk SET b = b + 10 WHERE a = 1;
      UPDATE uk SET v = 'changed' WHERE a = 2 AND b = 1;
      DELETE FROM uk WHERE a = 2 AND b = 2;
      INSERT INTO nokey VALUES (1,'a'),(1,'a'),(2,'b');
      UPDATE nokey SET y = 'c' WHERE x = 1 LIMIT 1;
      UPDATE nokey SET y = 'seven!' WHERE x = 7;
      DELETE FROM nokey WHERE x = 2;
      DELETE FROM nokey WHERE x = 8 LIMIT 1;
      UPDATE nullable SET v = NULL WHERE id = 1;
      UPDATE nullable SET v = 'was null', d = '2000-01-01 00:00:00.001' WHERE id = 2;
      DELETE FROM nullable WHERE v IS NULL;"

  local t
  for t in pk uk nokey nullable; do
    check_same_table "$db.$t" 30
  done
  check_eq "$db.pk final rows" $'2\t13\tthree\n7\t7\tNULL\n51\t3\tfifty again\n100\t11\tone\n1004\t4\tfour!\n1005\t5\tfive!' \
    "$(down "SELECT * FROM $db.pk ORDER BY id")"
  check_eq "$db.nokey final rows" $'1\ta\n1\tc\n7\tseven!\n7\tseven!' \
    "$(down "SELECT * FROM $db.nokey ORDER BY x, y")"
  wait_synced "$task" 30
  ctl_ok "stop-task $task" stop-task "$task"
}

sluice_start
run_variant b_safe b_safe 'safe-mode: true'
run_variant b_plain b_plain $'safe-mode: false\nsafe-mode-duration: "0s"'
sluice_stop
t_end
