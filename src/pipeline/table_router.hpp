#pragma once
// DM's table routing (task.yaml `routes`, tidb pkg/util/table-router): where an upstream table
// goes downstream, and the extra columns a shard merge fills from the source names.
//
// Semantics, as DM's router.go:
//  - a rule with an empty table-pattern is schema-level, otherwise table-level; patterns are DM
//    wildcards ('*' last only, '?', [a-z], [!a-z]) or "~regex"; names and patterns are folded to
//    lower case unless the task is case-sensitive;
//  - for a table, a matching table-level rule wins over schema-level rules; for a database name
//    (empty table) only schema-level rules apply; two matches at the deciding level are an error;
//  - no match keeps the name; an empty target-schema or target-table keeps that part;
//  - extract-table / extract-schema / extract-source: the target column gets the concatenation of
//    the capture groups of the first match of the regexp in the table name / schema name /
//    source-id, as written upstream (not folded); no match gives the empty string.
// Two rules with the same patterns are refused when built (DM refuses the second insert).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "config/rules.hpp"
#include "pipeline/table_ref.hpp"
#include "pipeline/wildcard.hpp"

namespace sluice::pipeline {

/// A column a route adds to every row of the target table, with its value for this source table.
struct extra_column {
  std::string name;
  std::string value;
  friend bool operator==(const extra_column&, const extra_column&) = default;
};

struct routed_table {
  table_name target;
  /// extract-table, extract-schema, extract-source values, in that order, for those set on the rule.
  std::vector<extra_column> extra_columns;
};

/// Compiled route rules for one source. Built once per subtask, then only read: the const
/// methods may be called from several threads at once. route() costs one pattern match per
/// rule: callers on the row path cache its result per table.
class table_router {
 public:
  /// Fails on an invalid rule, naming it: empty schema-pattern or target-schema, a bad pattern or
  /// regexp, an extractor without target-column, two extractors writing one column, or two
  /// rules with the same schema-pattern and table-pattern.
  static tl::expected<table_router, std::string> create(std::vector<config::route_rule> rules,
                                                       bool case_sensitive, std::string source_id);

  /// Where `source` goes. `source.table` empty asks for a database name (schema-level rules only).
  /// Fails when two rules of the deciding level match, naming both.
  tl::expected<routed_table, std::string> route(const table_name& source) const;
  /// route() without the extra columns, in the shape rewrite_ddl()'s name_router wants.
  tl::expected<table_name, std::string> target(const table_name& source) const;

  /// Pairs of rules that are certain to collide on a table one of them names literally (e.g.
  /// "store"."t_1" and "store"."t_*"): DM accepts such rules and fails only when that table is
  /// routed, so these are warnings to log at start, one message per pair.
  std::vector<std::string> conflicts() const;

  bool empty() const noexcept { return rules_.empty(); }

 private:
  struct extractor {
    std::string column;
    std::shared_ptr<const std::regex> regex;
  };
  struct compiled_rule {
    config::route_rule rule;
    std::string folded_schema_pattern;
    std::string folded_table_pattern;
    name_pattern schema;
    std::optional<name_pattern> table;  // empty for a schema-level rule
    std::optional<extractor> extract_table;
    std::optional<extractor> extract_schema;
    std::optional<extractor> extract_source;
  };

  table_router() = default;
  static std::string describe(std::size_t index, const config::route_rule& rule);
  static tl::expected<compiled_rule, std::string> compile(const config::route_rule& rule, bool case_sensitive);
  static std::string extract(const extractor& e, std::string_view text);

  std::vector<compiled_rule> rules_;
  bool case_sensitive_ = false;
  std::string source_id_;
};

}  // namespace sluice::pipeline
