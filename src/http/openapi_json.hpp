#pragma once
// DM's OpenAPI shapes (dm/openapi/spec/dm.yaml: Task, Source, SubTaskStatus) built from what
// Sluice holds. Pure: no actors, no sockets.

#include <nlohmann/json.hpp>

#include "config/source_config.hpp"
#include "config/task_config.hpp"

namespace sluice::http {

/// DM's `Task` for a registered task, projected as DM's SubTaskConfigsToOpenAPITask does
/// (routes and do-dbs/do-tables become table_migrate_rule; the first instance's unit configs
/// give source_config.full_migrate_conf / incr_migrate_conf; meta gives source_conf). Only
/// filters with action Ignore fit DM's binlog_filter_rule. Passwords read "******" and TLS
/// contents are left empty, as DM returns sources. Sluice adds `task_config`: every key of the
/// task file (config_json.hpp, masked), which DM's lossy shape cannot carry.
nlohmann::ordered_json openapi_task_json(const config::task_config& task);

/// DM's `Source` (source_name, host, port, user, password "******", enable_gtid, enable, flavor,
/// security with cert_allowed_cn only, purge, relay_config) plus Sluice's `source_config`.
nlohmann::ordered_json openapi_source_json(const config::source_config& source);

/// DM's `SubTaskStatus` list from dmctl's query-status answer (status_json.hpp): snake_case
/// names, int64 fields as numbers, errors folded into error_msg as DM's handler writes them.
nlohmann::ordered_json openapi_subtask_statuses(const nlohmann::ordered_json& query_status);

}  // namespace sluice::http
