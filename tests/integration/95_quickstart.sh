#!/usr/bin/env bash
# deploy/quickstart.sh end to end on ports and a directory of its own: it must end by printing
# downstream log.messages with rows 4 and 5 and a status with "synced": true; `stop` must stop
# everything it started.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin quickstart

export QS_DIR="$T_DIR/qs"
export QS_UPSTREAM_PORT QS_DOWNSTREAM_PORT QS_SLUICE_PORT
QS_UPSTREAM_PORT=$(free_port 33306)
QS_DOWNSTREAM_PORT=$(free_port $((QS_UPSTREAM_PORT + 1)))
QS_SLUICE_PORT=$(free_port $((QS_DOWNSTREAM_PORT + 1)))
stop_quickstart() { "$SLUICE_ROOT/deploy/quickstart.sh" stop >/dev/null 2>&1; }
trap 'stop_quickstart; t_cleanup' EXIT

rc=0
"$SLUICE_ROOT/deploy/quickstart.sh" >"$T_DIR/quickstart.out" 2>&1 || rc=$?
out=$(sed 's/\x1b\[[0-9;]*m//g' "$T_DIR/quickstart.out")
tail -n 80 "$T_DIR/quickstart.out"
check_eq "quickstart exits 0" 0 "$rc"
rows=$(sed -n '/^## Downstream: the rows after/,/^## Status/p' <<<"$out")
check_match "downstream table shows row 4" '^\| +4 \| msg4 +\|$' "$rows"
check_match "downstream table shows row 5" '^\| +5 \| msg5 +\|$' "$rows"
if grep -Eq '^\| +[123] \| msg' <<<"$rows"; then fail "downstream shows rows 1-3"; else pass "downstream has no rows 1-3"; fi
# The last query-status the script printed, up to the curl line.
status=$(awk '/^\$ sluicectl query-status test$/ { buf = "" } { buf = buf $0 "\n" } /^\$ curl/ { print buf; exit }' <<<"$out")
check_match "query-status says \"synced\": true" '"synced": true' "$status"
check_match "query-status says stage Running" '"stage": "Running"' "$status"
check_match "the curl of /tasks/test/status is printed" '"syncerBinlog"' "$(sed -n '/^\$ curl/,$p' <<<"$out")"
check_eq "downstream server holds rows 4 and 5" $'4\tmsg4\n5\tmsg5' \
  "$(mariadb_sql "$QS_DOWNSTREAM_PORT" 'SELECT * FROM log.messages ORDER BY id' 2>&1)"

"$SLUICE_ROOT/deploy/quickstart.sh" stop
for p in "$QS_UPSTREAM_PORT" "$QS_DOWNSTREAM_PORT" "$QS_SLUICE_PORT"; do
  if port_in_use "$p"; then fail "port $p still answers after quickstart.sh stop"; else pass "port $p is free after stop"; fi
done
check "quickstart.sh stop removed its directory" test ! -e "$QS_DIR"
t_end
