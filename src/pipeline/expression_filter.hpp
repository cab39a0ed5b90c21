#pragma once
// DM's expression filter (task.yaml `expression-filter`, dm/syncer/expr_filter_group.go): row
// changes of schema.table for which a rule's SQL expression is TRUE are not replicated.
//
// Semantics, as DM applies them (dm/syncer/dml.go genAndFilter*DMLs):
//  - insert-value-expr is evaluated over the inserted row, delete-value-expr over the deleted row.
//  - update-old-value-expr over the before image AND update-new-value-expr over the after image:
//    a rule drops an UPDATE when both hold; an omitted one counts as TRUE. (DM 6.3 ignored rules
//    with only update-new-value-expr, tiflow#7774; that bug is not reproduced.)
//  - The rules of a table are OR-ed: the first rule that matches drops the row.
//  - schema/table are exact upstream names (no wildcards), compared case-insensitively unless the
//    task is case-sensitive.
//  - A row matches when the expression is TRUE; FALSE and NULL keep it. (DM tests GetInt64() == 1,
//    identical for boolean expressions; for a bare numeric expression such as `c`, Sluice keeps
//    MySQL's WHERE meaning: any non-zero value is TRUE.)
// Evaluation is MySQL's (sql_expression*.hpp) with one deliberate DM trait: strings compare
// byte-wise, case-sensitively, because DM's TiDB evaluator runs with new collations disabled,
// which makes every collation binary. Where Sluice is stricter than DM, on purpose:
// non-deterministic functions (NOW(), RAND()...) are refused, and by default an expression naming
// a column the table does not have is an error when the table is bound. DM instead logs a warning
// and lets the rule match nothing until the column exists again (after DROP COLUMN, say);
// options::unknown_columns = never_match does the same, reporting a warning.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "config/rules.hpp"
#include "pipeline/sql_expression_eval.hpp"
#include "pipeline/table_ref.hpp"
#include "pipeline/table_schema.hpp"
#include "pipeline/transaction.hpp"
#include "protocol/events.hpp"

namespace sluice::pipeline {

/// One `expression-filter.<name>` rule as task.yaml gives it (config::expression_filter_rule plus its name).
struct expression_filter_spec {
  std::string name;
  std::string schema;
  std::string table;
  std::string insert_value_expr;
  std::string update_old_value_expr;
  std::string update_new_value_expr;
  std::string delete_value_expr;

  /// The rule `expression-filter.<name>` of task.yaml.
  static expression_filter_spec from_config(std::string name, const config::expression_filter_rule& rule) {
    return {std::move(name),
            rule.schema,
            rule.table,
            rule.insert_value_expr,
            rule.update_old_value_expr,
            rule.update_new_value_expr,
            rule.delete_value_expr};
  }
};

/// The columns of an upstream table as expressions see them: names from the TABLE_MAP when the
/// binlog carries them (binlog_row_metadata=FULL), else from `downstream` by position (as
/// map_columns matches them); types and ENUM/SET members from the TABLE_MAP.
std::vector<expression_column> expression_columns(const protocol::table_map_event& upstream,
                                                  const table_schema* downstream);

/// The rules of one table, bound to its columns. Value type; rebuild it when the columns change.
class table_expression_filter {
 public:
  /// True when the row change must not be replicated. `before` is the update/delete image and
  /// `after` the insert/update image. An error (an out-of-range result, an unreadable cell) names
  /// the rule, the expression and the position in it.
  tl::expected<bool, std::string> drops(row_kind kind, const std::vector<protocol::cell>& before,
                                        const std::vector<protocol::cell>& after) const;
  bool empty() const noexcept { return rules_.empty(); }
  /// Rules that match nothing on this table because a column they name is missing
  /// (options::unknown_columns = never_match): one message each, for a warning log.
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }

 private:
  friend class expression_filter;
  struct bound_rule {
    std::string name;
    std::optional<bound_expression> insert, update_old, update_new, erase;
  };
  std::vector<bound_rule> rules_;
  std::vector<std::string> warnings_;
  table_name table_;
  sql_context context_;
};

/// Every expression-filter rule of one task instance, parsed once. Owned by the filter stage for
/// the life of a task run; not thread-safe (drops() caches bindings per table).
class expression_filter {
 public:
  /// What binding does with a rule that names a column the table does not have.
  enum class unknown_column_policy : std::uint8_t { refuse, never_match };
  struct options {
    bool case_sensitive = false;  // task.yaml case-sensitive
    int time_zone_offset = 0;     // seconds east of UTC that TIMESTAMP values and UNIX_TIMESTAMP use
    unknown_column_policy unknown_columns = unknown_column_policy::refuse;
  };

  /// Parses every expression. Refused with the rule's name, the key, the expression and the position
  /// of the first unsupported token: syntax errors, unsupported operators or functions, a rule with
  /// no expression or with expressions of two kinds (insert and update, ...).
  static tl::expected<expression_filter, std::string> create(std::vector<expression_filter_spec> rules, options opts);

  /// True when some rule names this upstream table.
  bool has_rules_for(const table_name& source) const;
  /// The rules of `source` bound to its columns; an unknown column or an unreadable column type
  /// is an error naming the rule, the expression and the position.
  tl::expected<table_expression_filter, std::string> bind(const table_name& source,
                                                          const std::vector<expression_column>& columns) const;
  /// For the filter stage: whether `row` (its source table and TABLE_MAP) is dropped, binding the
  /// table's rules on first use and again whenever its columns change.
  tl::expected<bool, std::string> drops(const row_op& row, const table_schema* downstream = nullptr);
  /// The warnings of the bindings drops() made since the last call (see table_expression_filter::warnings).
  std::vector<std::string> take_warnings();

 private:
  struct parsed_rule {
    expression_filter_spec spec;
    std::shared_ptr<const sql_expression> insert, update_old, update_new, erase;
  };
  struct binding {
    std::shared_ptr<const protocol::table_map_event> table_map;
    std::vector<expression_column> columns;
    tl::expected<table_expression_filter, std::string> filter;
  };
  bool same_table(const parsed_rule& rule, const table_name& source) const;

  std::vector<parsed_rule> rules_;
  options options_;
  std::map<table_name, binding> bindings_;
  std::vector<std::string> pending_warnings_;
};

}  // namespace sluice::pipeline
