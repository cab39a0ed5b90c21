#pragma once
// Task-level rule sets that instances refer to by name: table routes, binlog event
// filters and expression filters. Parsed and validated here; applied in src/pipeline.

#include <optional>
#include <string>
#include <vector>

namespace sluice::config {

/// `extract-table` / `extract-schema` / `extract-source` of a route: the concatenated
/// capture groups of `regexp` go into `target_column` of the downstream table.
struct route_extractor {
  std::string regexp;
  std::string target_column;
  friend bool operator==(const route_extractor&, const route_extractor&) = default;
};

/// `routes.<name>` (tidb pkg/util/table-router). Patterns are DM wildcards; an empty
/// table_pattern makes a schema-level rule; an empty target keeps the original name.
struct route_rule {
  std::string schema_pattern;
  std::string table_pattern;
  std::string target_schema;
  std::string target_table;
  std::optional<route_extractor> extract_table;
  std::optional<route_extractor> extract_schema;
  std::optional<route_extractor> extract_source;
  friend bool operator==(const route_rule&, const route_rule&) = default;
};

/// What a matching binlog event filter rule does (DM's "Do", "Ignore", "Error").
enum class filter_action { do_, ignore, error };

/// `filters.<name>` in task.yaml or `filters[i]` in source.yaml (tiflow pkg/binlog-filter).
struct event_filter_rule {
  std::string schema_pattern;
  std::string table_pattern;
  /// Lower-case event names ("all dml", "truncate table", ...); aliases such as
  /// "create schema" are stored under their canonical name ("create database").
  std::vector<std::string> events;
  /// Regular expressions OR-ed together and matched case-insensitively against the query.
  std::vector<std::string> sql_patterns;
  filter_action action = filter_action::do_;
  friend bool operator==(const event_filter_rule&, const event_filter_rule&) = default;
};

/// `expression-filter.<name>`: rows of schema.table for which the SQL expression is true
/// are dropped. At most one of insert / update (old and/or new) / delete is set.
struct expression_filter_rule {
  std::string schema;
  std::string table;
  std::string insert_value_expr;
  std::string update_old_value_expr;
  std::string update_new_value_expr;
  std::string delete_value_expr;
  friend bool operator==(const expression_filter_rule&, const expression_filter_rule&) = default;
};

}  // namespace sluice::config
