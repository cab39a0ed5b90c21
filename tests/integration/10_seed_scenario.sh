#!/usr/bin/env bash
# The seed scenario (shared/seed/usage-scenario-incremental-migration.md) step by step, with
# sluicectl in place of dmctl: downstream ends with exactly rows 4 and 5 of log.messages.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin seed_scenario

drop_schemas user store log
forget_task test

# Upstream instance: user(information, log), store(store_bj, store_tj), log(messages).
up "CREATE DATABASE user; CREATE DATABASE store; CREATE DATABASE log;
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

read -r bfile bpos <<<"$(master_status)"
log "SHOW MASTER STATUS: ($bfile, $bpos)"
[[ -n "$bfile" && -n "$bpos" ]] || t_abort "upstream has no binlog position"

down "CREATE DATABASE log;
      CREATE TABLE log.messages (
        \`id\` int(11) NOT NULL,
        \`message\` varchar(255) DEFAULT NULL,
        PRIMARY KEY (\`id\`)
      );"

sluice_start

cat >"$T_DIR/source.yaml" <<EOF
source-id: "mysql-01" # 数据源唯一 ID，在其他命令中标识数据源

from:
  host: 127.0.0.1
  port: $UP_PORT
  user: "root"
  password: "" # 推荐使用 dmctl 对上游数据库的用户密码加密之后的密码
EOF

# The seed's complete task file, with this run's ports and start position.
cat >"$T_DIR/task.yaml" <<EOF
name: test             # 任务名称，需要全局唯一
task-mode: incremental # 任务模式，可设为 "full"、"incremental"、"all"

target-database:       # 下游数据库实例配置
  host: "127.0.0.1"
  port: $DOWN_PORT
  user: "root"
  password: ""         # 如果密码不为空，则推荐使用经过 dmctl 加密的密文

## ******** 功能配置集 **********
block-allow-list:   # 上游数据库实例匹配的表的 block-allow-list 过滤规则集，如果 DM 版本早于 v2.0.0-beta.2 则使用 black-white-list
  bw-rule-1:        # 黑白名单配置项 ID
    do-dbs: ["log"] # 迁移哪些库
syncers:            # sync 处理单元的运行配置参数
  global:           # 配置名称
    safe-mode: true # 设置为 true，则将来自上游的 \`INSERT\` 改写为 \`REPLACE\`，将 \`UPDATE\` 改写为 \`DELETE\` 与 \`REPLACE\`，保证在表结构中存在主键或唯一索引的条件下迁移数据时可以重复导入 DML。在启动或恢复增量复制任务的前 5 分钟内 TiDB DM 会自动启动 safe mode

# ----------- 实例配置 -----------
mysql-instances:
  - source-id: "mysql-01"         # 上游实例或者复制组 ID
    block-allow-list: "bw-rule-1" # 黑白名单配置名称，如果 DM 版本早于 v2.0.0-beta.2 则使用 black-white-list
    syncer-config-name: "global"  # syncers 配置的名称
    meta:                         # \`task-mode\` 为 \`incremental\` 且下游数据库的 \`checkpoint\` 不存在时 binlog 迁移开始的位置; 如果 \`checkpoint\` 存在，则以 \`checkpoint\` 为 准
      binlog-name: $bfile
      binlog-pos: $bpos
EOF

# --- operate-source create / show: dmctl's shape
ctl_ok "operate-source create source.yaml" operate-source create "$T_DIR/source.yaml" || t_end
echo "$CTL_OUT"
check_eq "create: msg is empty" "" "$(jq -r .msg <<<"$CTL_OUT")"
check_eq "create: one source entry" 1 "$(jq '.sources | length' <<<"$CTL_OUT")"
check_eq "create: sources[0] is mysql-01 with result true and msg \"\"" 'true||mysql-01' \
  "$(jq -r '.sources[0] | "\(.result)|\(.msg)|\(.source)"' <<<"$CTL_OUT")"
check_match "create: sources[0].worker names a worker" '^[^ ]+:[0-9]+$' "$(jq -r '.sources[0].worker' <<<"$CTL_OUT")"
check_match "create: printed dmctl-style (4-space indent)" '^    "result": true,' "$CTL_OUT"

ctl_ok "operate-source show" operate-source show || t_end
echo "$CTL_OUT"
check_eq "show: lists exactly mysql-01" 'mysql-01' "$(jq -r '[.sources[]?.source] | join(",")' <<<"$CTL_OUT")"
check_eq "show: source entry has result, msg, source, worker" 'msg,result,source,worker' \
  "$(jq -r '.sources[0] | keys | join(",")' <<<"$CTL_OUT")"

# --- start-task / query-status before any new row
ctl_ok "start-task task.yaml" start-task "$T_DIR/task.yaml" || t_end
echo "$CTL_OUT"
check_eq "start-task: sources[0] is mysql-01 with result true" 'true|mysql-01' \
  "$(jq -r '.sources[0] | "\(.result)|\(.source)"' <<<"$CTL_OUT")"

wait_synced test 20
ctl query-status test
echo "$CTL_OUT"
check_eq "query-status exits 0" 0 "$CTL_RC"
st=$(jq -c '.sources[0].subTaskStatus[0]' <<<"$CTL_OUT")
check_eq "query-status: result true, msg empty" 'true|' "$(jq -r '"\(.result)|\(.msg)"' <<<"$CTL_OUT")"
check_eq "query-status: sourceStatus" '{"relayStatus":null,"result":null,"source":"mysql-01"}' \
  "$(jq -cS '.sources[0].sourceStatus | del(.worker)' <<<"$CTL_OUT")"
check_eq "subtask name/stage/unit/result/unresolvedDDLLockID" 'test|Running|Sync|null|' \
  "$(jq -r '"\(.name)|\(.stage)|\(.unit)|\(.result)|\(.unresolvedDDLLockID)"' <<<"$st")"
check_eq "sync has DM's fields" \
  'binlogType,blockingDDLs,masterBinlog,masterBinlogGtid,recentTps,secondsBehindMaster,synced,syncerBinlog,syncerBinlogGtid,totalEvents,totalTps,unresolvedGroups' \
  "$(jq -r '.sync | keys | join(",")' <<<"$st")"
check_eq "int64 sync fields are quoted strings" 'string,string,string,string' \
  "$(jq -r '.sync | [.totalEvents, .totalTps, .recentTps, .secondsBehindMaster] | map(type) | join(",")' <<<"$st")"
check_eq "masterBinlog is the start position" "($bfile, $bpos)" "$(jq -r .sync.masterBinlog <<<"$st")"
check_eq "syncerBinlog is the start position" "($bfile, $bpos)" "$(jq -r .sync.syncerBinlog <<<"$st")"
check_eq "binlogType remote, blockingDDLs and unresolvedGroups empty" 'remote|0|0' \
  "$(jq -r '.sync | "\(.binlogType)|\(.blockingDDLs | length)|\(.unresolvedGroups | length)"' <<<"$st")"
check_match "masterBinlogGtid is the upstream's gtid position" "^$(up 'SELECT @@gtid_binlog_pos')\$" \
  "$(jq -r .sync.masterBinlogGtid <<<"$st")"

# --- new rows upstream
up "INSERT INTO log.messages VALUES (4, 'msg4'), (5, 'msg5');"
has_rows_4_5() { [[ "$(down 'SELECT COUNT(*) FROM log.messages' 2>/dev/null)" == 2 ]]; }
wait_until 30 has_rows_4_5 || fail "downstream log.messages did not reach 2 rows within 30 s"
echo "downstream log.messages:"
down "SELECT * FROM log.messages ORDER BY id"
check_eq "downstream holds exactly rows 4 and 5" $'4\tmsg4\n5\tmsg5' "$(down 'SELECT * FROM log.messages ORDER BY id')"
check_eq "upstream holds rows 1-5" 5 "$(up 'SELECT COUNT(*) FROM log.messages')"
check_eq "user and store schemas never reach downstream" "" \
  "$(down "SHOW DATABASES WHERE \`Database\` IN ('user', 'store')")"

wait_synced test 30
read -r nfile npos <<<"$(master_status)"
ctl query-status test
echo "$CTL_OUT"
st=$(jq -c '.sources[0].subTaskStatus[0]' <<<"$CTL_OUT")
check_eq "after the rows: stage Running, unit Sync, synced true" 'Running|Sync|true' \
  "$(jq -r '"\(.stage)|\(.unit)|\(.sync.synced)"' <<<"$st")"
check_eq "masterBinlog follows the upstream" "($nfile, $npos)" "$(jq -r .sync.masterBinlog <<<"$st")"
check_eq "syncerBinlog caught up" "($nfile, $npos)" "$(jq -r .sync.syncerBinlog <<<"$st")"
check_match "totalEvents counts the new rows" '^[1-9][0-9]*$' "$(jq -r .sync.totalEvents <<<"$st")"

# --- checkpoint in DM's table
cp=$(down "SELECT id, cp_schema, cp_table, binlog_name, binlog_pos, is_global
           FROM dm_meta.test_syncer_checkpoint WHERE is_global = 1" 2>&1)
check_eq "dm_meta.test_syncer_checkpoint global row is at the synced position" \
  "mysql-01"$'\t\t\t'"$nfile"$'\t'"$npos"$'\t1' "$cp"

# --- HTTP status equals query-status (rates and lag may move between the two calls)
no_rates='walk(if type == "object" then del(.totalTps, .recentTps, .secondsBehindMaster) else . end)'
http GET /tasks/test/status
check_eq "GET /tasks/test/status is 200" 200 "$HTTP_CODE"
ctl query-status test
check_eq "GET /tasks/test/status equals query-status test" \
  "$(jq -cS "$no_rates" <<<"$CTL_OUT")" "$(jq -cS "$no_rates" <<<"$HTTP_BODY" 2>&1)"

# --- query-status without a task: the task list
ctl query-status
check_eq "query-status lists task test Running on mysql-01" 'test|Running|mysql-01' \
  "$(jq -r '.tasks[] | "\(.taskName)|\(.taskStatus)|\(.sources | join(","))"' <<<"$CTL_OUT" 2>&1)"

sluice_stop
t_end
