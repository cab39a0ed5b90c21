#!/bin/sh
# Usage: promtool_check.sh METRICS_DUMP PROMTOOL
# Lints our exposition with promtool. Exit 3 (lint findings) is accepted only for findings on
# names and labels DM chose and dashboards depend on; parse errors and anything else fail.
set -u
text=$("$1") || { echo "$1 failed"; exit 1; }
[ -n "$text" ] || { echo "$1 printed nothing"; exit 1; }
out=$(printf '%s\n' "$text" | "$2" check metrics 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "promtool failed ($rc):"; echo "$out"; exit 1
fi
unexpected=$(printf '%s\n' "$out" | grep -v '^$' \
  | grep -v "^dm_syncer_\(added\|finished\)_jobs_total label names should be written in 'snake_case' not 'camelCase'$" \
  | grep -v '^dm_syncer_exit_with_error_count counter metrics should have "_total" suffix$' \
  | grep -v '^dm_syncer_exit_with_error_count non-histogram and non-summary metrics should not have "_count" suffix$' \
  | grep -v "^dm_syncer_replication_lag_gauge metric name should not include type 'gauge'$")
if [ -n "$unexpected" ]; then
  echo "promtool findings beyond DM's inherited names:"; echo "$unexpected"; exit 1
fi
echo "promtool: ok (only DM-inherited naming findings)"
