#!/usr/bin/env bash
# Quickstart: the seed scenario (incremental migration of the `log` schema from a binlog position)
# on this machine, from nothing. Installs missing Debian packages, builds Sluice, starts a
# throwaway upstream MariaDB (ROW binlog) and downstream MariaDB under ./.qs/, starts Sluice, and
# runs every step of the scenario with sluicectl, printing what it runs and what comes back.
#
#   deploy/quickstart.sh          (re)run the scenario; leaves the servers running
#   deploy/quickstart.sh stop     stop everything it started and delete ./.qs/
#
# Ports (override with env): QS_UPSTREAM_PORT 13306, QS_DOWNSTREAM_PORT 14000, QS_SLUICE_PORT 8261;
# QS_DIR moves ./.qs/ elsewhere; SLUICE_BUILD_DIR (default build) names the build directory;
# SKIP_BUILD=1 skips installing and building (tests/run.sh has done both).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
qs=${QS_DIR:-$root/.qs}
up_port=${QS_UPSTREAM_PORT:-13306}
down_port=${QS_DOWNSTREAM_PORT:-14000}
sluice_port=${QS_SLUICE_PORT:-8261}
master="127.0.0.1:$sluice_port"

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
say() { printf '\n%s## %s%s\n' "$bold" "$*" "$plain"; }
die() { echo "quickstart: $*" >&2; exit 1; }
# show_run CMD...: print the command the way a user would type it, then run it.
show_run() { printf '$ %s\n' "$*"; "$@"; }

stop_all() {
  if [[ -f "$qs/sluice.pid" ]]; then
    local pid i
    pid=$(cat "$qs/sluice.pid")
    if grep -qF "$qs/" "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM "$pid"
      for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$qs/sluice.pid"
  fi
  if [[ -f tests/lib/mariadb.sh ]]; then
    source tests/lib/mariadb.sh
    mariadb_stop "$qs/upstream"
    mariadb_stop "$qs/downstream"
  fi
}

if [[ "${1:-}" == stop ]]; then
  stop_all
  rm -rf "$qs"
  echo "quickstart: stopped Sluice and both MariaDB servers, removed $qs"
  exit 0
elif [[ $# -gt 0 ]]; then
  echo "usage: deploy/quickstart.sh [stop]" >&2
  exit 2
fi

say "Stopping what a previous quickstart left running"
stop_all
rm -rf "$qs"
mkdir -p "$qs"
qs=$(cd "$qs" && pwd)

build=${SLUICE_BUILD_DIR:-build}
[[ "$build" == /* ]] || build="$root/$build"
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
  say "Using the binaries in $build as they are (SKIP_BUILD=1)"
else
  say "Installing missing Debian packages"
  deploy/install-deps.sh

  say "Building Sluice"
  [[ -f "$build/build.ninja" ]] || meson setup "$build"
  meson compile -C "$build"
fi
sluice="$build/sluice"
sluicectl() { "$build/sluicectl" --master-addr="$master" "$@"; }

source tests/lib/mariadb.sh
say "Starting upstream MariaDB on 127.0.0.1:$up_port (log-bin, binlog_format=ROW, binlog_row_image=FULL)"
mariadb_start "$qs/upstream" "$up_port" upstream || die "upstream MariaDB did not start"
say "Starting downstream MariaDB on 127.0.0.1:$down_port"
mariadb_start "$qs/downstream" "$down_port" downstream || die "downstream MariaDB did not start"
upstream() { printf 'upstream> %s\n' "$*"; mariadb --no-defaults -h127.0.0.1 -P"$up_port" -uroot --table -e "$*"; }
downstream() { printf 'downstream> %s\n' "$*"; mariadb --no-defaults -h127.0.0.1 -P"$down_port" -uroot --table -e "$*"; }

say "Starting Sluice on $master (data dir $qs/sluice-data, log $qs/sluice.log)"
port_in_use "$sluice_port" && die "port $sluice_port is in use; set QS_SLUICE_PORT to a free port"
nohup "$sluice" --listen "$master" --data-dir "$qs/sluice-data" </dev/null >"$qs/sluice.log" 2>&1 &
echo $! >"$qs/sluice.pid"
for ((i = 0; i < 150; i++)); do
  curl -s -o /dev/null "http://$master/healthz" && break
  kill -0 "$(cat "$qs/sluice.pid")" 2>/dev/null || { tail -n 20 "$qs/sluice.log" >&2; die "sluice exited"; }
  sleep 0.1
done
((i < 150)) || die "sluice did not answer on $master within 15 s (see $qs/sluice.log)"

say "Upstream schemas user, store, log and rows 1-3 of log.messages"
upstream "CREATE DATABASE user; CREATE DATABASE store; CREATE DATABASE log;
  CREATE TABLE user.information (id INT PRIMARY KEY, name VARCHAR(64));
  CREATE TABLE user.log (id INT PRIMARY KEY, note VARCHAR(255));
  CREATE TABLE store.store_bj (id INT PRIMARY KEY, item VARCHAR(64));
  CREATE TABLE store.store_tj (id INT PRIMARY KEY, item VARCHAR(64));
  CREATE TABLE log.messages (
    \`id\` int(11) NOT NULL,
    \`message\` varchar(255) DEFAULT NULL,
    PRIMARY KEY (\`id\`)
  );
  INSERT INTO log.messages VALUES (1, 'msg1'), (2, 'msg2'), (3, 'msg3');"

say "Incremental start position: SHOW MASTER STATUS"
upstream "SHOW MASTER STATUS"
read -r binlog_name binlog_pos < <(mariadb_sql "$up_port" 'SHOW MASTER STATUS' | awk '{print $1, $2}')
[[ -n "$binlog_name" && -n "$binlog_pos" ]] || die "the upstream reports no binlog position"

say "Creating log.messages downstream (its CREATE TABLE is before the start position)"
downstream "CREATE DATABASE log;
  CREATE TABLE log.messages (
    \`id\` int(11) NOT NULL,
    \`message\` varchar(255) DEFAULT NULL,
    PRIMARY KEY (\`id\`)
  );"

cat >"$qs/source.yaml" <<EOF
source-id: "mysql-01" # unique source ID, names the source in other commands

from:
  host: 127.0.0.1
  port: $up_port
  user: "root"
  password: ""
EOF
cat >"$qs/task.yaml" <<EOF
name: test             # task name, unique
task-mode: incremental # full, incremental or all

target-database:       # downstream
  host: "127.0.0.1"
  port: $down_port
  user: "root"
  password: ""

block-allow-list:      # which upstream schemas/tables to migrate
  bw-rule-1:
    do-dbs: ["log"]
syncers:               # sync unit settings
  global:
    safe-mode: true    # INSERT -> REPLACE, UPDATE -> DELETE + REPLACE

mysql-instances:
  - source-id: "mysql-01"
    block-allow-list: "bw-rule-1"
    syncer-config-name: "global"
    meta:              # where an incremental task starts when no checkpoint exists downstream
      binlog-name: $binlog_name
      binlog-pos: $binlog_pos
EOF
cd "$qs"

say "source.yaml"
cat source.yaml
show_run sluicectl operate-source create source.yaml
show_run sluicectl operate-source show

say "task.yaml"
cat task.yaml
show_run sluicectl start-task task.yaml
# Give the task a moment to load its start point, as a person typing the next command would.
for ((i = 0; i < 50; i++)); do
  [[ "$(sluicectl query-status test 2>/dev/null)" == *'"synced": true'* ]] && break
  sleep 0.2
done
show_run sluicectl query-status test

say "New rows upstream"
upstream "INSERT INTO log.messages VALUES (4, 'msg4'), (5, 'msg5');"
upstream "SELECT * FROM log.messages"

for ((i = 0; i < 150; i++)); do
  [[ "$(mariadb_sql "$down_port" 'SELECT COUNT(*) FROM log.messages WHERE id IN (4, 5)')" == 2 ]] && break
  sleep 0.2
done
ok=1
if ((i == 150)); then
  echo "quickstart: rows 4 and 5 did not arrive downstream within 30 s (see $qs/sluice.log)" >&2
  ok=0
fi

say "Downstream: the rows after (3, 'msg3') arrived"
downstream "SELECT * FROM log.messages"

say "Status"
for ((i = 0; i < 150; i++)); do
  [[ "$(sluicectl query-status test 2>/dev/null)" == *'"synced": true'* ]] && break
  sleep 0.2
done
show_run sluicectl query-status test || true
((i < 150)) || { echo "quickstart: the task did not report \"synced\": true within 30 s" >&2; ok=0; }
printf '$ curl -s %s/tasks/test/status\n' "$master"
curl -s "http://$master/tasks/test/status"
echo

cat <<EOF

Quickstart is running:
  upstream MariaDB    127.0.0.1:$up_port   (mariadb -h127.0.0.1 -P$up_port -uroot)
  downstream MariaDB  127.0.0.1:$down_port   (mariadb -h127.0.0.1 -P$down_port -uroot)
  Sluice              http://$master   ($build/sluicectl --master-addr=$master query-status test)
  files               $qs/ (source.yaml, task.yaml, sluice.log)
Stop everything with: deploy/quickstart.sh stop
EOF
((ok)) || die "the scenario did not complete; see the messages above and $qs/sluice.log"
