#!/bin/sh
# Usage: promtool_check.sh METRICS_DUMP PROMTOOL
# Lints our exposition with promtool. Exit 3 (lint findings) is accepted only for the findings
# listed in promtool_dm_findings.txt: names and labels DM chose, which DM's dashboards and alerts
# depend on (queueNo, dm_syncer_exit_with_error_count, dm_syncer_replication_lag_gauge). Parse
# errors and any other finding fail. tests/integration/85_prometheus.sh applies the same list to
# a live /metrics.
set -u
allowed="$(dirname "$0")/promtool_dm_findings.txt"
text=$("$1") || { echo "$1 failed"; exit 1; }
[ -n "$text" ] || { echo "$1 printed nothing"; exit 1; }
out=$(printf '%s\n' "$text" | "$2" check metrics 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "promtool failed ($rc):"; echo "$out"; exit 1
fi
unexpected=$(printf '%s\n' "$out" | grep -v '^$' | grep -vxF -f "$allowed")
if [ -n "$unexpected" ]; then
  echo "promtool findings beyond DM's inherited names:"; echo "$unexpected"; exit 1
fi
echo "promtool: ok (only DM-inherited naming findings)"
