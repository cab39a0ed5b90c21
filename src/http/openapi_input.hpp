#pragma once
// DM's OpenAPI request bodies turned into the files Sluice already reads: a `Task` becomes a
// task.yaml and a `Source` a source.yaml, written as JSON text (JSON is YAML), so everything
// after this goes through the same parser, checks and persistence as sluicectl's files.

#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace sluice::http {

/// The task.yaml for DM's `Task`, mapped as DM's OpenAPITaskToSubTaskConfigs does:
///  - table_migrate_rule with a target -> a route (<source>-route-<i>); without a table -> do-dbs,
///    with one -> do-tables (block-allow-list <source>-ba-list);
///  - the binlog_filter_rule names of a migrate rule -> one Ignore filter over that rule's
///    schema/table (<source>-filter-<i>), the named templates' ignore_event / ignore_sql merged;
///  - source_conf -> mysql-instances with meta; incr_migrate_conf -> each instance's syncer;
///    full_migrate_conf and on_duplicate -> mydumper / loader.
/// Only the shape is checked here; values are checked by the task.yaml parser afterwards.
tl::expected<std::string, std::string> task_yaml_from_openapi(const nlohmann::json& task);

/// The source.yaml for DM's `Source` (OpenAPISourceToSourceCfg). `enable` defaults to true.
tl::expected<std::string, std::string> source_yaml_from_openapi(const nlohmann::json& source);

}  // namespace sluice::http
