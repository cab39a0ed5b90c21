#pragma once
// DM's block-allow list (task.yaml `block-allow-list`): which upstream schemas and tables
// a task replicates. Semantics of tidb pkg/util/filter (filter.go) plus DM's rule that
// system schemas are never replicated (dm/syncer/filter.go skipByTable).

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/wildcard.hpp"

namespace sluice::pipeline {

/// One `do-tables` / `ignore-tables` entry. Each side is a wildcard or "~regex".
struct table_pattern {
  std::string db_name;
  std::string tbl_name;
  friend bool operator==(const table_pattern&, const table_pattern&) = default;
};

/// The rule as written in task.yaml. An empty rule allows every non-system table.
struct block_allow_rule {
  std::vector<std::string> do_dbs{};
  std::vector<std::string> ignore_dbs{};
  std::vector<table_pattern> do_tables{};
  std::vector<table_pattern> ignore_tables{};

  bool empty() const noexcept {
    return do_dbs.empty() && ignore_dbs.empty() && do_tables.empty() && ignore_tables.empty();
  }
  friend bool operator==(const block_allow_rule&, const block_allow_rule&) = default;
};

/// A compiled block_allow_rule. Built once per subtask, then only read: the const methods
/// may be called from several threads at once. Decisions are:
///  - system schemas (mysql, sys, information_schema, performance_schema, metrics_schema,
///    inspection_schema, dm_heartbeat; any case) are always dropped;
///  - schema: if do-dbs is non-empty the schema must match one of them, otherwise a schema
///    matching an ignore-dbs entry is dropped;
///  - table: a do-tables match keeps it, else an ignore-tables match drops it, else it is
///    kept only when do-tables is empty.
/// Names are folded to lower case first unless the task is case-sensitive.
/// One deliberate difference from tidb: a do/ignore-tables entry whose schema is a regex and
/// whose table is a wildcard matches its own table pattern only (tidb's trie lets it match
/// the table pattern of any other such entry).
class block_allow_list {
 public:
  /// Throws std::invalid_argument naming the bad entry; the config parser validates first.
  block_allow_list(block_allow_rule rule, bool case_sensitive);

  /// The non-throwing constructor: the error names the entry, e.g. `do-dbs[1] "a*b": ...`.
  static tl::expected<block_allow_list, std::string> create(block_allow_rule rule, bool case_sensitive);

  /// For schema-level events (CREATE/ALTER/DROP DATABASE): only the schema check applies.
  bool allows_schema(std::string_view db) const;
  /// For row events and table DDL. An empty `table` means the schema-level check.
  bool allows_table(std::string_view db, std::string_view table) const;

  static bool is_system_schema(std::string_view db);
  const block_allow_rule& rule() const noexcept { return rule_; }
  bool case_sensitive() const noexcept { return case_sensitive_; }

 private:
  struct compiled_table {
    name_pattern db;
    name_pattern table;
  };
  block_allow_list() = default;

  bool schema_passes(std::string_view folded_db) const;
  bool table_passes(std::string_view folded_db, std::string_view folded_table) const;
  static bool any_matches(const std::vector<name_pattern>& patterns, std::string_view name);
  static bool any_matches(const std::vector<compiled_table>& patterns, std::string_view db,
                          std::string_view table);

  block_allow_rule rule_;
  bool case_sensitive_ = false;
  std::vector<name_pattern> do_dbs_;
  std::vector<name_pattern> ignore_dbs_;
  std::vector<compiled_table> do_tables_;
  std::vector<compiled_table> ignore_tables_;
};

}  // namespace sluice::pipeline
