#!/usr/bin/env bash
# check-task runs DM's prechecks on the live servers: a good task passes; a meta position that
# does not exist, and a downstream user who cannot write, fail with the item named; a table
# without a key is a warning only; start-task refuses a task that fails its prechecks.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin check_task
sluice_start

# check_task FILE: POSTs the task file to check-task; the answer lands in HTTP_BODY.
check_task() {
  http POST /api/v1/ctl/check-task "$(jq -n --arg name "$1" --rawfile content "$1" '{name: $name, content: $content}')"
}
item_state() { jq -r --arg n "$1" '[.checkResult.results[]? | select(.name == $n) | .state] | first // "absent"' <<<"$HTTP_BODY"; }

drop_schemas c_task
up "CREATE DATABASE c_task; CREATE TABLE c_task.keyed (id INT PRIMARY KEY); CREATE TABLE c_task.bare (v INT)"
write_source "$T_DIR/source.yaml" mysql-01
ctl_ok "operate-source create" operate-source create "$T_DIR/source.yaml" || t_end
read -r -a pos <<<"$(master_status)"

write_task "$T_DIR/good.yaml" c_good mysql-01 "${pos[0]}" "${pos[1]}" '["c_task"]'
check_task "$T_DIR/good.yaml"
echo "$HTTP_BODY"
check_eq "a good task passes check-task" true "$(jq -r .result <<<"$HTTP_BODY")"
check_match "the pass message is DM's" '^pre-check is passed' "$(jq -r .msg <<<"$HTTP_BODY")"
check_eq "a table without a key is a warning" warn "$(item_state table_structure)"
check_match "the warning names the table" 'c_task`\.`bare` has no primary or unique key' \
  "$(jq -r '.checkResult.results[] | select(.name == "table_structure") | .errors[0].short_error' <<<"$HTTP_BODY")"

ctl_ok "sluicectl check-task passes the good task" check-task "$T_DIR/good.yaml"

write_task "$T_DIR/nofile.yaml" c_nofile mysql-01 "mysql-bin.999999" 4 '["c_task"]'
check_task "$T_DIR/nofile.yaml"
echo "$HTTP_BODY"
check_eq "a meta file the upstream lacks fails" false "$(jq -r .result <<<"$HTTP_BODY")"
check_eq "the failing item is meta_position" fail "$(item_state meta_position)"
check_match "the message names the file" 'mysql-bin\.999999' "$(jq -r .msg <<<"$HTTP_BODY")"
ctl check-task "$T_DIR/nofile.yaml"
check_eq "sluicectl check-task exits 1 on a failed precheck" 1 "$CTL_RC"
ctl start-task "$T_DIR/nofile.yaml"
check_eq "start-task refuses a task failing its prechecks" false "$(jq -r .result <<<"$CTL_OUT" 2>&1)"
ctl query-status c_nofile
check_match "the refused task was not created" 'not exist|no such task|false' "$CTL_OUT"

down "DROP USER IF EXISTS 'c_reader'@'127.0.0.1'; CREATE USER 'c_reader'@'127.0.0.1' IDENTIFIED BY 'pw';
      GRANT SELECT ON *.* TO 'c_reader'@'127.0.0.1'"
sed -e 's/user: "root"/user: "c_reader"/' -e 's/password: ""/password: "pw"/' "$T_DIR/good.yaml" >"$T_DIR/reader.yaml"
# Only the target-database block is changed: the source's credentials live in source.yaml.
check_task "$T_DIR/reader.yaml"
echo "$HTTP_BODY"
check_eq "a downstream user who cannot write fails" false "$(jq -r .result <<<"$HTTP_BODY")"
check_eq "the failing item is target_privilege" fail "$(item_state target_privilege)"
check_match "the error lists what is missing" 'lacks INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX' \
  "$(jq -r '.checkResult.results[] | select(.name == "target_privilege") | .errors[0].short_error' <<<"$HTTP_BODY")"
down "DROP USER 'c_reader'@'127.0.0.1'"

http POST /api/v1/ctl/check-task '{"name": "x.yaml"}'
check_eq "a body without content is a 400" 400 "$HTTP_CODE"

ctl operate-source stop "$T_DIR/source.yaml"
drop_schemas c_task
sluice_stop
t_end
