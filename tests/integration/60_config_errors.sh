#!/usr/bin/env bash
# Bad input gets a clear error from sluicectl and a non-zero exit: a port that is not a number
# (with file:line:col and the key), a port where nothing listens (naming host:port), a missing
# source-id, a task naming an unknown source, an unreachable sluice, a bad command line.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin config_errors
sluice_start

# expect_error DESCRIPTION REGEX...: the last ctl call failed (exit 1, result false) and its
# output matches every REGEX.
expect_error() {
  local what=$1 re; shift
  check_eq "$what: sluicectl exits 1" 1 "$CTL_RC"
  check_eq "$what: result is false" false "$(jq -r .result <<<"$CTL_OUT" 2>&1)"
  for re in "$@"; do
    check_match "$what: message matches /$re/" "$re" "$CTL_OUT"
  done
}

cat >"$T_DIR/source.yaml" <<'EOF'
source-id: "mysql-01"

from:
  host: 127.0.0.1
  port: "abc"
  user: "root"
  password: ""
EOF
ctl operate-source create "$T_DIR/source.yaml"
echo "$CTL_OUT"
expect_error 'port "abc"' 'source\.yaml:5:[0-9]+' 'from\.port'

dead_port=$(free_port 39000)
write_source "$T_DIR/source.yaml" mysql-01 "$dead_port"
ctl operate-source create "$T_DIR/source.yaml"
echo "$CTL_OUT"
expect_error "port with no server" "127\\.0\\.0\\.1:$dead_port"

cat >"$T_DIR/source.yaml" <<EOF
from:
  host: 127.0.0.1
  port: $UP_PORT
  user: "root"
  password: ""
EOF
ctl operate-source create "$T_DIR/source.yaml"
echo "$CTL_OUT"
expect_error "missing source-id" 'source-id'

ctl operate-source show
check_eq "no source got registered by the failed attempts" "" "$(jq -r '[.sources[]?.source] | join(",")' <<<"$CTL_OUT")"

write_task "$T_DIR/task.yaml" f_task mysql-02 mysql-bin.000001 4 '["f"]'
ctl start-task "$T_DIR/task.yaml"
echo "$CTL_OUT"
expect_error "task naming an unknown source" 'mysql-02'

ctl start-task "$T_DIR/no-such-task.yaml"
check_match "a missing task file is named" 'no-such-task\.yaml' "$CTL_OUT"
check "a missing task file exits non-zero" test "$CTL_RC" != 0

dead_sluice=$(free_port 39100)
CTL_RC=0
CTL_OUT=$("$SLUICECTL_BIN" --master-addr="127.0.0.1:$dead_sluice" query-status 2>&1) || CTL_RC=$?
echo "$CTL_OUT"
expect_error "unreachable sluice" "cannot reach sluice at 127\\.0\\.0\\.1:$dead_sluice"

CTL_RC=0
"$SLUICECTL_BIN" --master-addr="127.0.0.1:$SLUICE_PORT" no-such-command >/dev/null 2>&1 || CTL_RC=$?
check_eq "an unknown command is a usage error (exit 2)" 2 "$CTL_RC"

sluice_stop
t_end
