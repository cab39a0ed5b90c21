# What bench/replicate.sh measures, and how: positions, row counts, process CPU and memory,
# "has this consumer reached that position" waits, lag percentiles and table checksums.
# Sourced; needs mariadb_sql (tests/lib/mariadb.sh) and the ports PRIMARY_PORT, A_PORT, B_PORT.
#
# Waits run inside the downstream server, as stored procedures in a schema `bench_ctl` that is
# never replicated (created with sql_log_bin=0), so that a poll costs no process start:
#   A: bench_ctl.wait_sluice(file, pos, timeout)   polls Sluice's global checkpoint row every 10 ms
#   B: bench_ctl.wait_replica(file, pos, timeout)  MASTER_POS_WAIT, repeated until the SQL thread runs
# Both answer "reached unix_time" with the server's clock (SYSDATE(6)) at the moment they saw it.

CLK_TCK=$(getconf CLK_TCK)
declare -A WAITER_PID=()

# install_wait_procedures PORT CHECKPOINT_TABLE SOURCE_ID
install_wait_procedures() {
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uroot <<EOF
SET SESSION sql_log_bin = 0;
CREATE DATABASE IF NOT EXISTS bench_ctl;
DELIMITER //
CREATE OR REPLACE PROCEDURE bench_ctl.wait_sluice(f VARCHAR(128), p BIGINT UNSIGNED, timeout_s DOUBLE)
BEGIN
  DECLARE deadline DOUBLE DEFAULT UNIX_TIMESTAMP(SYSDATE(6)) + timeout_s;
  DECLARE reached INT DEFAULT 0;
  WHILE reached = 0 AND UNIX_TIMESTAMP(SYSDATE(6)) < deadline DO
    -- the checkpoint table appears with the task's first flush
    IF EXISTS (SELECT 1 FROM information_schema.tables
               WHERE CONCAT(table_schema, '.', table_name) = '$2') THEN
      SELECT COUNT(*) INTO reached FROM $2
        WHERE id = '$3' AND is_global = 1 AND (binlog_name > f OR (binlog_name = f AND binlog_pos >= p));
    END IF;
    IF reached = 0 THEN DO SLEEP(0.01); END IF;
  END WHILE;
  SELECT reached, UNIX_TIMESTAMP(SYSDATE(6));
END//
CREATE OR REPLACE PROCEDURE bench_ctl.wait_replica(f VARCHAR(128), p BIGINT UNSIGNED, timeout_s DOUBLE)
BEGIN
  DECLARE deadline DOUBLE DEFAULT UNIX_TIMESTAMP(SYSDATE(6)) + timeout_s;
  DECLARE r INT DEFAULT NULL;
  REPEAT
    -- NULL while the SQL thread is not (yet) running, -1 on this round's timeout
    SET r = MASTER_POS_WAIT(f, p, 1);
    IF r IS NULL THEN DO SLEEP(0.01); END IF;
  UNTIL r >= 0 OR UNIX_TIMESTAMP(SYSDATE(6)) >= deadline END REPEAT;
  SELECT IF(r >= 0, 1, 0), UNIX_TIMESTAMP(SYSDATE(6));
END//
DELIMITER ;
EOF
}

now() { date +%s.%N; }

# "FILE POS" of the primary's SHOW MASTER STATUS.
primary_pos() {
  mariadb_sql "$PRIMARY_PORT" 'SHOW MASTER STATUS' | awk '{print $1, $2}'
}

# Rows the primary wrote, updated and deleted since it started (MariaDB 10.11 has no Innodb_rows_*;
# the Handler_ counters count each changed row once, internal temporary tables apart: Handler_tmp_*).
primary_rows() {
  mariadb_sql "$PRIMARY_PORT" "SHOW GLOBAL STATUS WHERE Variable_name IN
      ('Handler_write', 'Handler_update', 'Handler_delete')" |
    awk '{s += $2} END {print s + 0}'
}

binlog_bytes() {
  mariadb_sql "$PRIMARY_PORT" 'SHOW BINARY LOGS' | awk '{s += $2} END {print s + 0}'
}

# User + system CPU seconds of a process so far.
proc_cpu() {
  # Fields after "pid (comm)": state is the 1st, utime the 12th, stime the 13th.
  awk -v tck="$CLK_TCK" '{sub(/^.*\) /, ""); split($0, f, " "); printf "%.3f\n", (f[12] + f[13]) / tck}' \
    "/proc/$1/stat" 2>/dev/null || echo 0
}

# Peak resident set (VmHWM) in MB since the process started or since proc_reset_peak.
proc_peak_mb() {
  awk '/^VmHWM:/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status" 2>/dev/null
}

proc_reset_peak() {
  echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true
}

# "sluice A-server B-server" CPU seconds.
cpu_snapshot() {
  echo "$(proc_cpu "$(sluice_pid)") $(proc_cpu "$A_PID") $(proc_cpu "$B_PID")"
}

# waiter_start NAME FILE POS TIMEOUT: NAME is A (Sluice's checkpoint) or B (the replica). In the
# background; writes "reached unix_time cpu_sluice cpu_A cpu_B" to $WORK/wait.NAME when done.
waiter_start() {
  local name=$1 file=$2 pos=$3 timeout=$4 port call
  case "$name" in
    A) port=$A_PORT call=wait_sluice ;;
    B) port=$B_PORT call=wait_replica ;;
  esac
  rm -f "$WORK/wait.$name"
  (
    local answer
    answer=$(mariadb_sql "$port" "CALL bench_ctl.$call('$file', $pos, $timeout)" 2>/dev/null) || answer="0 0"
    echo "$answer $(cpu_snapshot)" >"$WORK/wait.$name.tmp"
    mv "$WORK/wait.$name.tmp" "$WORK/wait.$name"
  ) &
  WAITER_PID[$name]=$!
}

# Ends a waiter early: kills its procedure server-side (its client then reports "0 0").
waiter_cancel() {
  local port id
  case "$1" in A) port=$A_PORT ;; B) port=$B_PORT ;; esac
  for id in $(mariadb_sql "$port" "SELECT id FROM information_schema.processlist
                                    WHERE info LIKE 'CALL bench_ctl.wait%'"); do
    mariadb_sql "$port" "KILL $id" 2>/dev/null
  done
}

# waiters_await NAME...: until every named waiter has written its answer. Every second it asks
# the pending consumers whether they failed (Sluice's task error, the replica's thread error);
# a failed one is cancelled and its reason kept in $WORK/problem.NAME.
waiters_await() {
  local name pending problem tick=0
  rm -f "$WORK"/problem.*
  while :; do
    pending=()
    for name in "$@"; do [[ -f "$WORK/wait.$name" ]] || pending+=("$name"); done
    ((${#pending[@]})) || break
    if ((++tick % 10 == 0)); then
      for name in "${pending[@]}"; do
        [[ -f "$WORK/problem.$name" ]] && continue
        if [[ "$name" == A ]]; then problem=$(sluice_problem); else problem=$(replica_problem "$B_PORT"); fi
        if [[ -n "$problem" ]]; then
          echo "$problem" >"$WORK/problem.$name"
          say "$name failed: $problem"
          waiter_cancel "$name"
        fi
      done
    fi
    sleep 0.1
  done
  for name in "$@"; do wait "${WAITER_PID[$name]}" 2>/dev/null; done
  return 0
}

# wait_both_at FILE POS TIMEOUT: both downstreams reach the position (untimed); 1 if either failed.
wait_both_at() {
  waiter_start A "$1" "$2" "$3"
  waiter_start B "$1" "$2" "$3"
  waiters_await A B
  local a b
  read -r a _ <"$WORK/wait.A"
  read -r b _ <"$WORK/wait.B"
  ((a == 1)) || say "downstream A (Sluice) did not reach ($1, $2) within $3 s: $(cat "$WORK/problem.A" 2>/dev/null || sluice_problem)"
  ((b == 1)) || say "downstream B (replica) did not reach ($1, $2) within $3 s: $(cat "$WORK/problem.B" 2>/dev/null || replica_problem "$B_PORT")"
  ((a == 1 && b == 1))
}
