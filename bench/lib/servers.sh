# The three MariaDB servers of bench/replicate.sh, each with its own datadir, socket and loopback
# port under one directory. Sourced after tests/lib/mariadb.sh (mariadb_daemon, port_in_use,
# mariadb_sql, mariadb_stop).
#
#   bench_server_start DIR PORT primary|target|replica   initialise, start, create root@127.0.0.1
#   bench_server_pid DIR                                  pid of a running server
#   replica_follow REPLICA_PORT PRIMARY_PORT FILE POS     CHANGE MASTER TO ... ; START SLAVE
#   replica_field PORT FIELD                              one field of SHOW SLAVE STATUS
#   replica_problem PORT                                  prints why replication stopped, if it did
#
# Every server: ROW binlog with FULL images, the same buffer pool and redo log size. The primary
# is not durable (sync_binlog=0, innodb_flush_log_at_trx_commit=2) unless BENCH_PRIMARY_DURABLE=1,
# so that it can generate load faster than the downstreams apply it. The two downstreams get
# identical durable settings (sync_binlog=1, innodb_flush_log_at_trx_commit=1), both write a
# binlog (the replica logs what it applies: log_slave_updates), and they differ only in role:
#   target   downstream A, written by Sluice over SQL (server-id 2)
#   replica  downstream B, MariaDB's parallel replica of the primary (server-id 3):
#            slave_parallel_threads=16, slave_parallel_mode=optimistic,
#            slave_run_triggers_for_rbr=YES (the lag probe's trigger fires for replicated rows)

BENCH_POOL=${BENCH_POOL:-512M}
BENCH_PRIMARY_DURABLE=${BENCH_PRIMARY_DURABLE:-0}

bench_server_start() {
  local dir=$1 port=$2 role=$3
  local data="$dir/data" daemon user_opt=()
  daemon=$(mariadb_daemon) || return 1
  [[ "$(id -u)" == 0 ]] && user_opt=(--user=root)
  if port_in_use "$port"; then
    echo "servers.sh: port $port is already in use" >&2
    return 1
  fi
  mkdir -p "$dir"
  local common=(--no-defaults "${user_opt[@]}" --datadir="$data"
    --innodb-buffer-pool-size="$BENCH_POOL" --innodb-log-file-size=512M)
  mariadb-install-db "${common[@]}" --auth-root-authentication-method=normal --force --skip-test-db \
    >"$dir/install.log" 2>&1 || { tail -n 20 "$dir/install.log" >&2; return 1; }

  local binlog=(--log-bin="$data/$role-bin" --binlog-format=ROW --binlog-row-image=FULL
    --max-binlog-size=1G)
  local durable=(--sync-binlog=1 --innodb-flush-log-at-trx-commit=1)
  local role_opts=()
  case "$role" in
    primary)
      role_opts=(--server-id=1)
      ((BENCH_PRIMARY_DURABLE)) || durable=(--sync-binlog=0 --innodb-flush-log-at-trx-commit=2) ;;
    target) role_opts=(--server-id=2) ;;
    replica)
      role_opts=(--server-id=3 --log-slave-updates --relay-log="$data/relay-bin" --skip-slave-start
        --slave-parallel-threads=16 --slave-parallel-mode=optimistic --slave-run-triggers-for-rbr=YES) ;;
    *) echo "servers.sh: role must be primary, target or replica, got '$role'" >&2; return 1 ;;
  esac

  nohup "$daemon" "${common[@]}" "${binlog[@]}" "${durable[@]}" "${role_opts[@]}" \
    --port="$port" --bind-address=127.0.0.1 --socket="$dir/sock" --pid-file="$dir/pid" \
    --log-error="$dir/error.log" --skip-name-resolve --performance-schema=OFF \
    --max-connections=500 </dev/null >/dev/null 2>&1 &
  local launcher=$! i
  for ((i = 0; i < 600; i++)); do
    mariadb --no-defaults -S "$dir/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
    if ! kill -0 "$launcher" 2>/dev/null; then
      echo "servers.sh: mariadbd ($role, port $port) exited during startup:" >&2
      tail -n 20 "$dir/error.log" >&2
      return 1
    fi
    sleep 0.1
  done
  ((i < 600)) || { echo "servers.sh: mariadbd ($role) did not answer within 60 s" >&2; return 1; }
  # Not in the binlog: nothing downstream needs these.
  mariadb --no-defaults -S "$dir/sock" -uroot -e "
    SET SESSION sql_log_bin = 0;
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
}

bench_server_pid() {
  cat "$1/pid"
}

replica_follow() {
  local replica=$1 primary=$2 file=$3 pos=$4
  mariadb_sql "$replica" "
    CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = $primary, MASTER_USER = 'root',
      MASTER_PASSWORD = '', MASTER_LOG_FILE = '$file', MASTER_LOG_POS = $pos, MASTER_USE_GTID = no;
    START SLAVE;"
}

replica_field() {
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uroot -e 'SHOW SLAVE STATUS\G' |
    awk -v f="$2" '$1 == f ":" { sub(/^[^:]*: ?/, ""); print; exit }'
}

# Prints why replication stopped (the SQL thread's error, or the I/O thread's once that thread
# gave up); silent while both run or after a plain STOP SLAVE.
replica_problem() {
  local status
  status=$(mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uroot -e 'SHOW SLAVE STATUS\G' 2>&1) ||
    { echo "replica unreachable: $status"; return; }
  awk '{ f = $1; sub(/^ *[^:]*: ?/, ""); v[f] = $0 }
       END { if (v["Last_SQL_Error:"] != "") print "SQL thread: " v["Last_SQL_Error:"]
             else if (v["Slave_IO_Running:"] == "No" && v["Last_IO_Error:"] != "") print "I/O thread: " v["Last_IO_Error:"] }' <<<"$status"
}
