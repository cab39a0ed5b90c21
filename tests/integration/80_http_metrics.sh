#!/usr/bin/env bash
# The HTTP side: /healthz, /metrics with DM's metric names counting this task's jobs, the route
# list, and the status codes for unknown tasks, unknown paths, wrong methods and bad bodies.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin http_metrics

drop_schemas h
forget_task h_task
up "CREATE DATABASE h; CREATE TABLE h.t (id INT PRIMARY KEY, v INT)"
down "CREATE DATABASE h; CREATE TABLE h.t (id INT PRIMARY KEY, v INT)"

sluice_start
http GET /healthz
check_eq "GET /healthz is 200" 200 "$HTTP_CODE"
check_eq "GET /healthz body" '{"status":"ok"}' "$(jq -c . <<<"$HTTP_BODY" 2>&1)"

start_task_here h_task '["h"]'
up "INSERT INTO h.t VALUES (1, 1), (2, 2), (3, 3); UPDATE h.t SET v = 0; DELETE FROM h.t WHERE id = 3;"
check_same_table h.t 30
wait_synced h_task 30

http GET /metrics
check_eq "GET /metrics is 200" 200 "$HTTP_CODE"
check_match "/metrics has dm_syncer_finished_jobs_total" '^dm_syncer_finished_jobs_total[{ ]' "$HTTP_BODY"
check_match "/metrics has dm_syncer_replication_lag_gauge" '^dm_syncer_replication_lag_gauge[{ ]' "$HTTP_BODY"
check_match "/metrics has HELP and TYPE lines" '^# TYPE dm_syncer_finished_jobs_total counter' "$HTTP_BODY"
finished=$(grep -E '^dm_syncer_finished_jobs_total\{[^}]*task="h_task"' <<<"$HTTP_BODY" |
  awk '{s += $NF} END {print s + 0}')
check "dm_syncer_finished_jobs_total for task h_task counts the jobs ($finished)" test "${finished%.*}" -gt 0

http GET /
check_eq "GET / is 200" 200 "$HTTP_CODE"
check_match "GET / lists the routes" '/tasks/' "$HTTP_BODY"

http GET /tasks/no_such_task/status
check_eq "status of an unknown task is 404" 404 "$HTTP_CODE"
check_eq "status of an unknown task: result false" false "$(jq -r .result <<<"$HTTP_BODY" 2>&1)"
check_match "status of an unknown task: msg names it" "task no_such_task (not found|has no source or not exist)" \
  "$(jq -r .msg <<<"$HTTP_BODY" 2>&1)"

http GET /no/such/path
check_eq "unknown path is 404" 404 "$HTTP_CODE"
http GET /api/v1/ctl/start-task
check_eq "GET on a POST route is 405" 405 "$HTTP_CODE"
http POST /api/v1/ctl/start-task '{not json'
check_eq "malformed body is 400" 400 "$HTTP_CODE"

http GET "/api/v1/ctl/query-status?task=h_task"
check_eq "REST query-status is 200" 200 "$HTTP_CODE"
check_eq "REST query-status: Running, synced" 'Running|true' \
  "$(jq -r '.sources[0].subTaskStatus[0] | "\(.stage)|\(.sync.synced)"' <<<"$HTTP_BODY" 2>&1)"

sluice_stop
t_end
