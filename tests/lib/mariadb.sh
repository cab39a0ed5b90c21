# Throwaway MariaDB servers on loopback, each with its own datadir, socket and port under one
# directory. Sourced by deploy/quickstart.sh and tests/run.sh; needs bash.
#
#   mariadb_start DIR PORT upstream|downstream   initialise (once) and start; returns when it answers
#   mariadb_stop DIR                             clean shutdown, SIGKILL after 30 s
#   mariadb_cleanup DIR                          stop and delete DIR
#   mariadb_sql PORT SQL...                      run SQL as root over TCP, tab-separated, no headers
#
# An upstream writes a ROW binlog with full images (server-id 1); a downstream has no binlog
# (server-id 2). root@127.0.0.1 and root@'%' have an empty password, as the seed's configs expect.

mariadb_daemon() {
  command -v mariadbd 2>/dev/null || command -v /usr/sbin/mariadbd 2>/dev/null ||
    { echo "mariadb.sh: mariadbd not found (install mariadb-server)" >&2; return 1; }
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

mariadb_sql() {
  local port=$1; shift
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$port" -uroot --default-character-set=utf8mb4 -N -B -e "$*"
}

mariadb_start() {
  local dir=$1 port=$2 flavor=$3
  local data="$dir/data" daemon
  daemon=$(mariadb_daemon) || return 1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  data="$dir/data"

  if [[ -f "$dir/pid" ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "mariadb.sh: a server already runs from $dir (pid $(cat "$dir/pid"))" >&2
    return 1
  fi
  if port_in_use "$port"; then
    echo "mariadb.sh: port $port is already in use; choose another one" >&2
    return 1
  fi

  local user_opt=()
  [[ "$(id -u)" == 0 ]] && user_opt=(--user=root)
  # Small and fast: these servers hold a few test tables. (--force for install-db: do not
  # require the host name to resolve; a minimal system may have no /etc/hosts.)
  local common=(--no-defaults "${user_opt[@]}" --datadir="$data"
    --innodb-buffer-pool-size=32M --innodb-log-file-size=16M)

  if [[ ! -d "$data/mysql" ]]; then
    rm -rf "$data"
    if ! mariadb-install-db "${common[@]}" --auth-root-authentication-method=normal --force \
        --skip-test-db >"$dir/install.log" 2>&1; then
      echo "mariadb.sh: mariadb-install-db failed for $dir:" >&2
      tail -n 20 "$dir/install.log" >&2
      return 1
    fi
  fi

  local role=()
  case "$flavor" in
    upstream)   role=(--server-id=1 --log-bin="$data/mysql-bin" --binlog-format=ROW --binlog-row-image=FULL) ;;
    downstream) role=(--server-id=2) ;;
    *) echo "mariadb.sh: flavor must be upstream or downstream, got '$flavor'" >&2; return 1 ;;
  esac

  nohup "$daemon" "${common[@]}" "${role[@]}" \
    --port="$port" --bind-address=127.0.0.1 --socket="$dir/sock" \
    --pid-file="$dir/pid" --log-error="$dir/error.log" \
    --skip-name-resolve --performance-schema=OFF --innodb-flush-log-at-trx-commit=2 \
    --max-connections=300 </dev/null >/dev/null 2>&1 &
  local launcher=$!

  local i
  for ((i = 0; i < 300; i++)); do
    if mariadb --no-defaults -S "$dir/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
      break
    fi
    if ! kill -0 "$launcher" 2>/dev/null; then
      echo "mariadb.sh: mariadbd ($flavor, port $port) exited during startup:" >&2
      tail -n 20 "$dir/error.log" >&2
      return 1
    fi
    sleep 0.1
  done
  if ((i == 300)); then
    echo "mariadb.sh: mariadbd ($flavor, port $port) did not answer within 30 s" >&2
    tail -n 20 "$dir/error.log" >&2
    return 1
  fi

  # The seed connects as root with an empty password over TCP; make sure that works.
  mariadb --no-defaults -S "$dir/sock" -uroot -e "
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;" || return 1
  mariadb_sql "$port" 'SELECT 1' >/dev/null || {
    echo "mariadb.sh: root cannot log in over TCP on port $port" >&2; return 1; }
}

mariadb_stop() {
  local dir=$1 pid
  [[ -f "$dir/pid" ]] || return 0
  pid=$(cat "$dir/pid")
  if kill -0 "$pid" 2>/dev/null; then
    mariadb-admin --no-defaults -S "$dir/sock" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null
    local i
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "mariadb.sh: mariadbd $pid did not stop within 30 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/pid"
}

mariadb_cleanup() {
  local dir=$1
  mariadb_stop "$dir"
  rm -rf "$dir"
}
