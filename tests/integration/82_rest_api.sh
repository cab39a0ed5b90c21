#!/usr/bin/env bash
# The REST API (DM's OpenAPI subset) over real HTTP against a running sluice: every route, every
# error status, issue 4's round trip (tests/data/full-task.yaml, every task key, started with
# sluicectl and read back key by key from GET /api/v1/tasks/full-task), a task created through
# POST /api/v1/tasks that replicates, masked passwords, the bearer token on and off (sluicectl
# included) and HTTPS (certificates made with the openssl tool that ca-certificates brings).
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin rest_api

secret='R3st-Secret-Pw'
token='rest-Token-5f3c9a'
bodies="$T_DIR/bodies.log"  # every answer, searched for secrets at the end
SCHEME=http
AUTH=""
CURL_TLS=()

# api METHOD PATH [BODY | @FILE]: sets HTTP_CODE and HTTP_BODY; sends $AUTH as bearer token.
api() {
  local method=$1 path=$2 body=${3:-} out
  local args=(-s -X "$method" -w '\n%{http_code}' "${CURL_TLS[@]}")
  [[ -n "$AUTH" ]] && args+=(-H "Authorization: Bearer $AUTH")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  out=$(curl "${args[@]}" "$SCHEME://127.0.0.1:$SLUICE_PORT$path") || true
  HTTP_CODE=${out##*$'\n'}
  HTTP_BODY=${out%$'\n'*}
  [[ "$out" == *$'\n'* ]] || HTTP_BODY=""
  printf '%s %s -> %s\n%s\n' "$method" "$path" "$HTTP_CODE" "$HTTP_BODY" >>"$bodies"
}

# expect_status DESCRIPTION CODE METHOD PATH [BODY]
expect_status() {
  local what=$1 code=$2
  shift 2
  api "$@"
  check_eq "$what: HTTP $code" "$code" "$HTTP_CODE"
}

# expect_error DESCRIPTION CODE METHOD PATH [BODY]: also checks DM's ErrorWithMessage shape.
expect_error() {
  expect_status "$@"
  check_eq "$1: {error_code: $2, error_msg}" "$2 true" \
    "$(jq -r '"\(.error_code) \(.error_msg | type == "string" and length > 0)"' <<<"$HTTP_BODY" 2>&1)"
}

# expect_json DOC JQ_PATH EXPECTED_JSON: one value of DOC, compared as normalised JSON.
expect_json() {
  local want got
  want=$(jq -S -c . <<<"$3" 2>&1)
  got=$(jq -S -c "$2" <<<"$1" 2>&1)
  check_eq "$2" "$want" "$got"
}

# wait_stage TASK STAGE: every subtask of GET /api/v1/tasks/TASK/status in STAGE.
all_in_stage() {
  api GET "/api/v1/tasks/$1/status"
  [[ "$(jq -r --arg s "$2" '[.data[].stage] | length > 0 and all(. == $s)' <<<"$HTTP_BODY" 2>/dev/null)" == true ]]
}
wait_stage() {
  if wait_until 20 all_in_stage "$1" "$2"; then
    pass "task $1 is $2"
  else
    fail "task $1 not $2 within 20 s: $HTTP_BODY"
  fi
}

for side in up down; do
  "$side" "CREATE OR REPLACE USER 'rest_user'@'127.0.0.1' IDENTIFIED BY '$secret';
           GRANT ALL PRIVILEGES ON *.* TO 'rest_user'@'127.0.0.1' WITH GRANT OPTION"
done
drop_schemas rest_db full_db
forget_task full-task full_meta
forget_task rest-dm
forget_task rest-yaml
up "CREATE DATABASE rest_db; CREATE TABLE rest_db.t (id INT PRIMARY KEY, v VARCHAR(20))"
down "CREATE DATABASE rest_db; CREATE TABLE rest_db.t (id INT PRIMARY KEY, v VARCHAR(20))"

read -r bfile bpos <<<"$(master_status)"
sed -e "s/port: 3306/port: $UP_PORT/" "$SLUICE_ROOT/tests/data/full-task-source.yaml" >"$T_DIR/source-a.yaml"
sed -e "s/port: 3306/port: $DOWN_PORT/" -e "s/binlog-name: \"mysql-bin.000001\"/binlog-name: \"$bfile\"/" \
  -e "s/binlog-pos: 4\$/binlog-pos: $bpos/" "$SLUICE_ROOT/tests/data/full-task.yaml" >"$T_DIR/full-task.yaml"

log "--- plain HTTP, no token"
sluice_start

expect_status "GET /api/v1/sources (empty)" 200 GET /api/v1/sources
check_eq "no sources yet" '0 []' "$(jq -c -r '"\(.total) \(.data)"' <<<"$HTTP_BODY" 2>&1)"

api POST /api/v1/sources "$(jq -n --rawfile y "$T_DIR/source-a.yaml" '{source_yaml: $y}')"
check_eq "POST /api/v1/sources {source_yaml} is 201" 201 "$HTTP_CODE"
check_eq "it answers DM's Source, password obfuscated" 'full-src-a ******' \
  "$(jq -r '"\(.source_name) \(.password)"' <<<"$HTTP_BODY" 2>&1)"
dm_source=$(jq -n --argjson port "$UP_PORT" --arg pw "$secret" '{source: {source_name: "full-src-b",
  host: "127.0.0.1", port: $port, user: "rest_user", password: $pw, enable_gtid: false, enable: true,
  flavor: "mariadb", purge: {interval: 60}}}')
expect_status "POST /api/v1/sources {source: DM Source}" 201 POST /api/v1/sources "$dm_source"
expect_error "creating an existing source" 409 POST /api/v1/sources "$dm_source"
expect_error "a body that is not JSON" 400 POST /api/v1/sources '{not json'
expect_error "a body that is not an object" 400 POST /api/v1/sources '[1]'
expect_error "a body with neither source nor source_yaml" 400 POST /api/v1/sources '{"other": 1}'
expect_error "a DM Source without source_name" 400 POST /api/v1/sources '{"source": {"host": "h"}}'
expect_error "a source.yaml with a bad port" 400 POST /api/v1/sources '{"source_yaml": "source-id: x\nfrom: {port: 99999}\n"}'
expect_error "a source name that cannot be a path segment" 400 POST /api/v1/sources '{"source_yaml": "source-id: \"a b\"\n"}'
expect_error "an unreachable upstream" 400 POST /api/v1/sources '{"source": {"source_name": "dead", "host": "127.0.0.1", "port": 1}}'

expect_status "GET /api/v1/sources" 200 GET /api/v1/sources
check_eq "two sources, sorted" '2 ["full-src-a","full-src-b"]' \
  "$(jq -c -r '"\(.total) \([.data[].source_name])"' <<<"$HTTP_BODY" 2>&1)"
expect_status "GET /api/v1/sources?with_status=true" 200 GET "/api/v1/sources?with_status=true"
check_eq "with_status adds status_list and task_name_list" "127.0.0.1:$SLUICE_PORT []" \
  "$(jq -c -r '.data[0] | "\(.status_list[0].worker_name) \(.task_name_list)"' <<<"$HTTP_BODY" 2>&1)"

expect_status "GET /api/v1/sources/full-src-a" 200 GET /api/v1/sources/full-src-a
src=$HTTP_BODY
# Issue 4, source side: every key of full-task-source.yaml comes back.
for pair in \
  '.source_name => "full-src-a"' '.host => "127.0.0.1"' ".port => $UP_PORT" '.user => "rest_user"' '.password => "******"' \
  '.enable_gtid => false' '.enable => true' '.flavor => "mariadb"' '.security.cert_allowed_cn => ["sluice-source"]' \
  '.purge => {"interval":1800,"expires":24,"remain_space":20}' \
  '.relay_config => {"enable_relay":false,"relay_binlog_name":"mysql-bin.000001","relay_binlog_gtid":"0-1-1","relay_dir":"./relay-full"}' \
  '.source_config."source-id" => "full-src-a"' '.source_config.enable => true' '.source_config."enable-gtid" => false' \
  '.source_config."enable-relay" => false' '.source_config."relay-binlog-name" => "mysql-bin.000001"' \
  '.source_config."relay-binlog-gtid" => "0-1-1"' '.source_config."relay-dir" => "./relay-full"' \
  '.source_config.flavor => "mariadb"' '.source_config."server-id" => 4242' '.source_config."case-sensitive" => true' \
  '.source_config.from.host => "127.0.0.1"' ".source_config.from.port => $UP_PORT" '.source_config.from.user => "rest_user"' \
  '.source_config.from.password => "******"' '.source_config.from.session => {"net_write_timeout":"120"}' \
  '.source_config.from.security => {"cert-allowed-cn":["sluice-source"]}' \
  '.source_config.purge => {"interval":1800,"expires":24,"remain-space":20}' \
  '.source_config.checker => {"check-enable":false,"backoff-rollback":"3m0s","backoff-max":"4m0s"}' \
  '.source_config.filters => [{"schema-pattern":"full_src_skip","table-pattern":"t_*","events":["all ddl"],"sql-pattern":["^ALTER"],"action":"Ignore"}]' \
  '[.source_config | has("auto-fix-gtid", "meta-dir", "charset", "tracer")] => [false,false,false,false]'; do
  expect_json "$src" "${pair%% => *}" "${pair#* => }"
done
expect_error "GET an unknown source" 404 GET /api/v1/sources/nope
expect_error "a source name with .." 400 GET /api/v1/sources/a..b
expect_status "GET /api/v1/sources/full-src-a/status" 200 GET /api/v1/sources/full-src-a/status
check_eq "source status: served here, upstream reachable" "1 full-src-a 127.0.0.1:$SLUICE_PORT null" \
  "$(jq -r '"\(.total) \(.data[0].source_name) \(.data[0].worker_name) \(.data[0].error_msg)"' <<<"$HTTP_BODY" 2>&1)"
expect_error "status of an unknown source" 404 GET /api/v1/sources/nope/status
expect_error "PUT is not served" 405 PUT /api/v1/sources/full-src-a '{}'

log "--- issue 4: full-task.yaml through sluicectl, read back over REST"
ctl_ok "sluicectl start-task full-task.yaml" start-task "$T_DIR/full-task.yaml" || t_end
wait_stage full-task Running
expect_status "GET /api/v1/tasks/full-task" 200 GET /api/v1/tasks/full-task
task=$HTTP_BODY
meta_a="{\"binlog-name\":\"$bfile\",\"binlog-pos\":$bpos,\"binlog-gtid\":\"\"}"
meta_b="{\"binlog-name\":\"$bfile\",\"binlog-pos\":$bpos,\"binlog-gtid\":\"0-1-1\"}"
for pair in \
  '.task_config.name => "full-task"' '.task_config."task-mode" => "incremental"' '.task_config."shard-mode" => ""' \
  '.task_config."strict-optimistic-shard-mode" => false' '.task_config."meta-schema" => "full_meta"' \
  '.task_config.timezone => "+00:00"' '.task_config."case-sensitive" => true' '.task_config.collation_compatible => "strict"' \
  '.task_config."online-ddl" => false' \
  '.task_config."shadow-table-rules" => ["^_(.+)_(?:new|gho)$","^__(.+)_shadow$"]' \
  '.task_config."trash-table-rules" => ["^_(.+)_(?:ghc|del|old)$","^__(.+)_trash$"]' \
  '.task_config."clean-dump-file" => false' '.task_config."ignore-checking-items" => ["version","auto_increment_ID"]' \
  '.task_config.experimental => {"async-checkpoint-flush":true}' \
  '.task_config.mariadb2tidb => {"mode":"off","enabled-rules":["rule-a"],"disabled-rules":["rule-b"],"strict-mode":false}' \
  '.task_config."target-database".host => "127.0.0.1"' ".task_config.\"target-database\".port => $DOWN_PORT" \
  '.task_config."target-database".user => "rest_user"' '.task_config."target-database".password => "******"' \
  '.task_config."target-database".session => {"foreign_key_checks":"0","innodb_lock_wait_timeout":"50"}' \
  '.task_config."target-database".security => {"cert-allowed-cn":["sluice-target"]}' \
  '.task_config."block-allow-list" => {"ba-main":{"do-dbs":["full_db","~^full_re.*"],"ignore-dbs":["full_skip"],"do-tables":[{"db-name":"full_db","tbl-name":"t_*"}],"ignore-tables":[{"db-name":"full_db","tbl-name":"t_ignored"}]}}' \
  '.task_config.routes."route-schema" => {"schema-pattern":"full_db","target-schema":"full_target"}' \
  '.task_config.routes."route-table" => {"schema-pattern":"full_db","table-pattern":"t_route*","target-schema":"full_target","target-table":"t_routed","extract-table":{"table-regexp":"t_route(.*)","target-column":"c_table"},"extract-schema":{"schema-regexp":"full_(.*)","target-column":"c_schema"},"extract-source":{"source-regexp":"full-src-(.*)","target-column":"c_source"}}' \
  '.task_config.filters."filter-ignore" => {"schema-pattern":"full_db","table-pattern":"t_*","events":["truncate table","drop table"],"sql-pattern":["^DROP\\s+PROCEDURE","^CREATE\\s+PROCEDURE"],"action":"Ignore"}' \
  '.task_config.filters."filter-do" => {"schema-pattern":"full_re*","events":["all dml"],"sql-pattern":[],"action":"Do"}' \
  '.task_config.filters."filter-error" => {"schema-pattern":"full_err","events":["drop database"],"sql-pattern":[],"action":"Error"}' \
  '.task_config."expression-filter"."even-only" => {"schema":"full_db","table":"t_expr","insert-value-expr":"c % 2 = 0"}' \
  '.task_config."expression-filter"."update-rule" => {"schema":"full_db","table":"t_expr2","update-old-value-expr":"c > 1","update-new-value-expr":"c > 2"}' \
  '.task_config."expression-filter"."delete-rule" => {"schema":"full_db","table":"t_expr3","delete-value-expr":"c = 0"}' \
  '.task_config.mydumpers."dump-global" => {"mydumper-path":"./bin/mydumper-x","threads":8,"chunk-filesize":"128","statement-size":1000000,"rows":10000,"where":"id > 0","skip-tz-utc":false,"extra-args":"--consistency none"}' \
  '.task_config.loaders."load-global" => {"pool-size":8,"dir":"./dumped-x","import-mode":"physical","on-duplicate-logical":"error","on-duplicate-physical":"manual","checksum-physical":"optional","analyze":"off","sorting-dir-physical":"./sort-x","disk-quota-physical":"10GB","range-concurrency":4,"compress-kv-pairs":"gz","pd-addr":"127.0.0.1:2379"}' \
  '.task_config.syncers."sync-global" => {"worker-count":4,"batch":50,"queue-size":512,"checkpoint-flush-interval":15,"compact":true,"multiple-rows":true,"safe-mode":false,"safe-mode-duration":"45s"}' \
  '.task_config.validators."check-global" => {"mode":"fast","worker-count":2,"validate-interval":"20s","check-interval":"10s","row-error-delay":"1h0m0s","meta-flush-interval":"2m0s","batch-query-size":50,"max-pending-row-size":"100m","max-pending-row-count":1000}' \
  ".task_config.\"mysql-instances\"[0] => {\"source-id\":\"full-src-a\",\"meta\":$meta_a,\"block-allow-list\":\"ba-main\",\"route-rules\":[\"route-schema\",\"route-table\"],\"filter-rules\":[\"filter-ignore\",\"filter-do\",\"filter-error\"],\"expression-filters\":[\"even-only\",\"update-rule\",\"delete-rule\"],\"syncer-config-name\":\"sync-global\",\"syncer-thread\":6,\"mydumper-config-name\":\"dump-global\",\"mydumper-thread\":12,\"loader-config-name\":\"load-global\",\"loader-thread\":24,\"validator-config-name\":\"check-global\"}" \
  ".task_config.\"mysql-instances\"[1] => {\"source-id\":\"full-src-b\",\"meta\":$meta_b,\"block-allow-list\":\"ba-main\",\"route-rules\":[\"route-table\"],\"filter-rules\":[\"filter-ignore\"],\"expression-filters\":[],\"syncer\":{\"worker-count\":2,\"batch\":20,\"queue-size\":256,\"checkpoint-flush-interval\":10,\"compact\":false,\"multiple-rows\":false,\"safe-mode\":true,\"safe-mode-duration\":\"20s\"},\"mydumper\":{\"mydumper-path\":\"./bin/mydumper\",\"threads\":3,\"chunk-filesize\":\"32\",\"statement-size\":0,\"rows\":0,\"where\":\"\",\"skip-tz-utc\":true,\"extra-args\":\"-B full_db\"},\"loader\":{\"pool-size\":5,\"dir\":\"./dumped-b\",\"import-mode\":\"logical\",\"on-duplicate-logical\":\"ignore\",\"on-duplicate-physical\":\"none\",\"checksum-physical\":\"required\",\"analyze\":\"optional\",\"sorting-dir-physical\":\"\",\"disk-quota-physical\":\"\",\"range-concurrency\":0,\"compress-kv-pairs\":\"\",\"pd-addr\":\"\"}}" \
  '[.task_config | has("is-sharding", "online-ddl-scheme", "enable-heartbeat", "black-white-list", "column-mappings")] => [false,false,false,false,false]' \
  '.name => "full-task"' '.task_mode => "incremental"' '.meta_schema => "full_meta"' '.enhance_online_schema_change => false' \
  '.on_duplicate => "error"' '.target_config.user => "rest_user"' '.target_config.password => "******"' \
  ".target_config.port => $DOWN_PORT" '.ignore_checking_items => ["version","auto_increment_ID"]' \
  '.binlog_filter_rule => {"filter-ignore":{"ignore_event":["truncate table","drop table"],"ignore_sql":["^DROP\\s+PROCEDURE","^CREATE\\s+PROCEDURE"]}}' \
  '.source_config.incr_migrate_conf => {"repl_threads":6,"repl_batch":50}' \
  "[.source_config.source_conf[] | .binlog_name] => [\"$bfile\",\"$bfile\"]" \
  '[.table_migrate_rule[] | select(.target) | [.source.source_name, .target]] => [["full-src-a",{"schema":"full_target"}],["full-src-a",{"schema":"full_target","table":"t_routed"}],["full-src-b",{"schema":"full_target","table":"t_routed"}]]'; do
  expect_json "$task" "${pair%% => *}" "${pair#* => }"
done

expect_status "GET /api/v1/tasks" 200 GET /api/v1/tasks
check_eq "the task list holds full-task" '1 ["full-task"]' "$(jq -c -r '"\(.total) \([.data[].name])"' <<<"$HTTP_BODY" 2>&1)"
expect_status "GET /api/v1/tasks?with_status=true" 200 GET "/api/v1/tasks?with_status=true"
check_eq "with_status: one SubTaskStatus per source" '["full-src-a","full-src-b"]' \
  "$(jq -c '[.data[0].status_list[].source_name] | sort' <<<"$HTTP_BODY" 2>&1)"
api GET "/api/v1/tasks?stage=Running"
check_eq "?stage=Running keeps it" 1 "$(jq .total <<<"$HTTP_BODY" 2>&1)"
api GET "/api/v1/tasks?stage=Paused"
check_eq "?stage=Paused drops it" 0 "$(jq .total <<<"$HTTP_BODY" 2>&1)"
api GET "/api/v1/tasks?source_name_list=full-src-b&source_name_list=full-src-a"
check_eq "?source_name_list naming its sources keeps it" 1 "$(jq .total <<<"$HTTP_BODY" 2>&1)"
api GET "/api/v1/tasks?source_name_list=full-src-a"
check_eq "?source_name_list naming one of two drops it" 0 "$(jq .total <<<"$HTTP_BODY" 2>&1)"
expect_status "GET /api/v1/tasks/full-task?with_status=true" 200 GET "/api/v1/tasks/full-task?with_status=true"
check_eq "status_list stages" '["Running","Running"]' "$(jq -c '[.status_list[].stage]' <<<"$HTTP_BODY" 2>&1)"
expect_status "GET /api/v1/tasks/full-task/status" 200 GET /api/v1/tasks/full-task/status
check_eq "DM's SubTaskStatus shape" "2 Sync true number" \
  "$(jq -r '"\(.total) \(.data[0].unit) \(.data[0].sync_status | has("master_binlog")) \(.data[0].sync_status.total_events | type)"' <<<"$HTTP_BODY" 2>&1)"
expect_status "GET /tasks/full-task/status (dmctl's query-status)" 200 GET /tasks/full-task/status
check_eq "dmctl shape still served" true "$(jq -r .result <<<"$HTTP_BODY" 2>&1)"

expect_status "POST /stop" 200 POST /api/v1/tasks/full-task/stop
wait_stage full-task Paused
expect_status "POST /stop again (idempotent)" 200 POST /api/v1/tasks/full-task/stop '{}'
expect_status "POST /start" 200 POST /api/v1/tasks/full-task/start '{}'
wait_stage full-task Running
expect_status "POST /pause" 200 POST /api/v1/tasks/full-task/pause
wait_stage full-task Paused
expect_status "POST /resume" 200 POST /api/v1/tasks/full-task/resume
wait_stage full-task Running
expect_error "/start with remove_meta" 400 POST /api/v1/tasks/full-task/start '{"remove_meta": true}'
expect_error "/start with start_time" 400 POST /api/v1/tasks/full-task/start '{"start_time": "2024-01-01 00:00:00"}'
expect_error "/start for one source of two" 400 POST /api/v1/tasks/full-task/start '{"source_name_list": ["full-src-a"]}'
expect_status "/start naming every source" 200 POST /api/v1/tasks/full-task/start '{"source_name_list": ["full-src-a", "full-src-b"]}'
expect_error "/stop with timeout_duration" 400 POST /api/v1/tasks/full-task/stop '{"timeout_duration": "10s"}'
expect_error "/stop with a body that is not JSON" 400 POST /api/v1/tasks/full-task/stop '{nope'
expect_error "GET /start" 405 GET /api/v1/tasks/full-task/start
expect_error "DELETE a running task" 409 DELETE /api/v1/tasks/full-task
expect_status "DELETE a running task with ?force=true" 204 DELETE "/api/v1/tasks/full-task?force=true"
check_eq "204 has no body" "" "$HTTP_BODY"
expect_error "the deleted task is gone" 404 GET /api/v1/tasks/full-task
for route in "GET /api/v1/tasks/nope" "GET /api/v1/tasks/nope/status" "POST /api/v1/tasks/nope/start" \
  "POST /api/v1/tasks/nope/stop" "POST /api/v1/tasks/nope/pause" "DELETE /api/v1/tasks/nope"; do
  read -r method path <<<"$route"
  expect_error "$route" 404 "$method" "$path"
done

log "--- a task created with DM's Task JSON"
read -r bfile bpos <<<"$(master_status)"
dm_task=$(jq -n --argjson port "$DOWN_PORT" --arg pw "$secret" --arg f "$bfile" --argjson p "$bpos" '{task: {
  name: "rest-dm", task_mode: "incremental", meta_schema: "dm_meta", enhance_online_schema_change: true,
  on_duplicate: "replace",
  target_config: {host: "127.0.0.1", port: $port, user: "rest_user", password: $pw},
  binlog_filter_rule: {"no-truncate": {ignore_event: ["truncate table"]}},
  table_migrate_rule: [{source: {source_name: "full-src-b", schema: "rest_db", table: ""},
                        binlog_filter_rule: ["no-truncate"]}],
  source_config: {incr_migrate_conf: {repl_threads: 4, repl_batch: 10},
                  source_conf: [{source_name: "full-src-b", binlog_name: $f, binlog_pos: $p}]}}}')
api POST /api/v1/tasks "$dm_task"
check_eq "POST /api/v1/tasks {task} is 201" 201 "$HTTP_CODE"
check_eq "it answers {task, check_result}" "rest-dm ****** true" \
  "$(jq -r '"\(.task.name) \(.task.target_config.password) \(.check_result | startswith("pre-check is passed"))"' <<<"$HTTP_BODY" 2>&1)"
wait_stage rest-dm Paused
expect_error "creating an existing task" 409 POST /api/v1/tasks "$dm_task"
expect_status "POST /start runs the created task" 200 POST /api/v1/tasks/rest-dm/start
wait_stage rest-dm Running
up "INSERT INTO rest_db.t VALUES (1, 'one'), (2, 'two'); UPDATE rest_db.t SET v = 'TWO' WHERE id = 2"
check_same_table rest_db.t 30
up "TRUNCATE TABLE rest_db.t"
up "INSERT INTO rest_db.t VALUES (3, 'three')"
down_rows_are_3() { [[ "$(table_count "$DOWN_PORT" rest_db.t 2>/dev/null)" == 3 ]]; }
if wait_until 30 down_rows_are_3; then
  pass "the Ignore rule from binlog_filter_rule kept the TRUNCATE away"
else
  fail "rest_db.t downstream: $(down 'SELECT * FROM rest_db.t' 2>&1 | tr '\n' ' ')"
fi
expect_status "GET rest-dm" 200 GET /api/v1/tasks/rest-dm
check_eq "its task_config has the converted rules" '["rest_db"] ["truncate table"] 4' \
  "$(jq -c -r '.task_config | "\(.["block-allow-list"][]["do-dbs"]) \(.filters[].events) \(.["mysql-instances"][0].syncer["worker-count"])"' <<<"$HTTP_BODY" 2>&1)"

expect_error "a task with no target_config" 400 POST /api/v1/tasks "$(jq '.task.name = "x" | del(.task.target_config)' <<<"$dm_task")"
expect_error "a task naming an unknown filter" 400 POST /api/v1/tasks \
  "$(jq '.task.name = "x" | .task.table_migrate_rule[0].binlog_filter_rule = ["nope"]' <<<"$dm_task")"
expect_error "a task on an unregistered source" 400 POST /api/v1/tasks \
  "$(jq '.task.name = "x" | .task.source_config.source_conf[0].source_name = "nope" | .task.table_migrate_rule[0].source.source_name = "nope"' <<<"$dm_task")"
expect_error "a body with neither task nor task_yaml" 400 POST /api/v1/tasks '{}'
expect_error "a task.yaml that does not parse" 400 POST /api/v1/tasks '{"task_yaml": "name: x\n"}'
expect_error "a task name that cannot be a path segment" 400 POST /api/v1/tasks \
  "$(jq '.task.name = "a b"' <<<"$dm_task")"
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$T_DIR/big.json"
expect_error "a 2 MiB body" 413 POST /api/v1/tasks "@$T_DIR/big.json"

write_task "$T_DIR/rest-yaml.yaml" rest-yaml full-src-a "$bfile" "$bpos" '["rest_db_yaml"]'
api POST /api/v1/tasks "$(jq -n --rawfile y "$T_DIR/rest-yaml.yaml" '{task_yaml: $y}')"
check_eq "POST /api/v1/tasks {task_yaml} is 201" 201 "$HTTP_CODE"
wait_stage rest-yaml Paused
expect_status "DELETE a stopped task needs no force" 204 DELETE /api/v1/tasks/rest-yaml

expect_error "DELETE a source a task uses" 409 DELETE /api/v1/sources/full-src-b
expect_status "DELETE it with ?force=true" 204 DELETE "/api/v1/sources/full-src-b?force=true"
expect_error "its task went with it" 404 GET /api/v1/tasks/rest-dm
expect_status "DELETE an unused source" 204 DELETE /api/v1/sources/full-src-a
expect_error "DELETE it again" 404 DELETE /api/v1/sources/full-src-a
expect_error "PATCH /api/v1/tasks" 405 PATCH /api/v1/tasks
expect_error "DELETE /api/v1/tasks" 405 DELETE /api/v1/tasks
expect_error "an unknown /api/v1 path" 404 GET /api/v1/nothing
api GET /
check_match "GET / lists the REST routes" '"/api/v1/tasks/\{name\}/start"' "$HTTP_BODY"
sluice_stop

log "--- bearer token"
printf '%s\n' "$token" >"$T_DIR/token"
sluice_start --auth-token-file "$T_DIR/token"
expect_error "no token" 401 GET /api/v1/tasks
expect_error "no token on sluicectl's endpoint" 401 GET /api/v1/ctl/query-status
for path in /healthz /readyz /metrics; do expect_status "$path needs no token" 200 GET "$path"; done
AUTH=wrong-token
expect_error "a wrong token" 401 GET /api/v1/tasks
AUTH=$token
expect_status "the right token" 200 GET /api/v1/tasks
ctl query-status
check_eq "sluicectl without the token fails" 1 "$CTL_RC"
check_match "and says why" 'HTTP 401' "$CTL_OUT"
ctl --auth-token-file "$T_DIR/token" query-status
check_eq "sluicectl --auth-token-file works" "0 true" "$CTL_RC $(jq -r .result <<<"$CTL_OUT" 2>&1)"
sluice_stop
sluice_start --auth-token-file "$T_DIR/token" --auth-exempt ""
AUTH=""
expect_error "--auth-exempt \"\": /healthz needs the token too" 401 GET /healthz
sluice_stop

log "--- HTTPS"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$T_DIR/key.pem" -out "$T_DIR/cert.pem" 2>/dev/null || t_abort "openssl could not make a certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other" \
  -keyout "$T_DIR/other-key.pem" -out "$T_DIR/other.pem" 2>/dev/null
"$SLUICE_BIN" --listen "127.0.0.1:$SLUICE_PORT" --tls-cert "$T_DIR/cert.pem" >"$T_DIR/half.log" 2>&1
check_eq "--tls-cert without --tls-key is a usage error" 2 "$?"
timeout 20 "$SLUICE_BIN" --listen "127.0.0.1:$SLUICE_PORT" --data-dir "$T_DIR/bad-tls" \
  --tls-cert "$T_DIR/nope.pem" --tls-key "$T_DIR/key.pem" >"$T_DIR/bad-tls.log" 2>&1
check_eq "a missing certificate file stops the start" 1 "$?"

"$SLUICE_BIN" --listen "127.0.0.1:$SLUICE_PORT" --data-dir "$T_DIR/sluice-data" --auth-token-file "$T_DIR/token" \
  --tls-cert "$T_DIR/cert.pem" --tls-key "$T_DIR/key.pem" </dev/null >>"$T_DIR/sluice.log" 2>&1 &
SLUICE_PID=$!
echo "$SLUICE_PID" >"$T_DIR/sluice.pid"
wait_until 15 curl -sk -o /dev/null "https://127.0.0.1:$SLUICE_PORT/healthz" ||
  t_abort "sluice did not answer https://127.0.0.1:$SLUICE_PORT/healthz within 15 s"
SCHEME=https
CURL_TLS=(--cacert "$T_DIR/cert.pem")
AUTH=$token
expect_status "HTTPS, certificate verified by curl" 200 GET /api/v1/sources
AUTH=""
expect_error "HTTPS still wants the token" 401 GET /api/v1/sources
check "plain HTTP is not served on the TLS port" \
  bash -c "! curl -s -o /dev/null 'http://127.0.0.1:$SLUICE_PORT/healthz'"
ctl_https() {
  CTL_RC=0
  CTL_OUT=$("$SLUICECTL_BIN" --master-addr="https://127.0.0.1:$SLUICE_PORT" --auth-token-file "$T_DIR/token" "$@" 2>&1) ||
    CTL_RC=$?
}
ctl_https query-status
check_eq "sluicectl over https://" "0 true" "$CTL_RC $(jq -r .result <<<"$CTL_OUT" 2>&1)"
ctl_https --tls-ca "$T_DIR/cert.pem" query-status
check_eq "sluicectl --tls-ca with the server's certificate" "0 true" "$CTL_RC $(jq -r .result <<<"$CTL_OUT" 2>&1)"
ctl_https --tls-ca "$T_DIR/other.pem" query-status
check_eq "sluicectl --tls-ca with another certificate refuses" 1 "$CTL_RC"
sluice_stop

check "no answer carried a password" bash -c "! grep -qF -- '$secret' '$bodies'"
check "the log holds no password and no token" bash -c "! grep -qF -e '$secret' -e '$token' '$T_DIR/sluice.log'"
for side in up down; do "$side" "DROP USER 'rest_user'@'127.0.0.1'"; done
t_end
