#pragma once
// Evaluating a parsed expression over one row image: columns are resolved against the table once
// (bind), then each row's cells are read as SQL values and the tree is evaluated with MySQL's
// semantics, three-valued logic included (NULL AND FALSE is FALSE, NULL OR TRUE is TRUE, anything
// else with NULL is NULL; a row matches only when the result is TRUE).
//
// How cells read (protocol/cell.hpp): integers by signedness; FLOAT/DOUBLE as doubles; DECIMAL
// exactly; strings as bytes; DATE/DATETIME/TIME text as temporal values and YEAR as an integer;
// TIMESTAMP (UTC epoch) as the DATETIME shown at the context's UTC offset; BIT as an unsigned
// integer; ENUM as its member (its index where it meets a number) and SET as its comma-separated
// members (its bitmap where it meets a number), both named by expression_column. JSON and
// GEOMETRY columns cannot be referenced: binding refuses them.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/sql_expression.hpp"
#include "protocol/cell.hpp"

namespace sluice::pipeline {

/// One column of the table an expression reads, in row-image order.
struct expression_column {
  std::string name;                      // "" when unknown: the column cannot be referenced
  std::uint8_t type = 0;                 // protocol::column_real_type(); 0 when unknown
  std::vector<std::string> enum_values;  // ENUM members, index 1 first
  std::vector<std::string> set_values;   // SET members, bit 0 first
  friend bool operator==(const expression_column&, const expression_column&) = default;
};

/// An expression resolved against one table's columns. Value type, cheap to copy (the parsed
/// tree is shared); rebuild it when the table's columns change.
class bound_expression {
 public:
  /// Resolves every column the expression names (case-insensitively). Refused: unknown columns,
  /// JSON and GEOMETRY columns, ENUM/SET columns whose members are not known.
  static tl::expected<bound_expression, expression_error> bind(std::shared_ptr<const sql_expression> expression,
                                                               const std::vector<expression_column>& columns);

  /// The expression's value for one row image (one cell per table column). Errors are data
  /// errors MySQL would also raise: an integer result out of range, a cell that cannot be read.
  tl::expected<sql_value, expression_error> evaluate(const std::vector<protocol::cell>& row,
                                                     const sql_context& context) const;
  /// True when the expression is TRUE for the row (not FALSE, not NULL).
  tl::expected<bool, expression_error> matches(const std::vector<protocol::cell>& row,
                                               const sql_context& context) const;

  const sql_expression& expression() const noexcept { return *expression_; }

  /// Where each column the expression names sits in the row, and its ENUM/SET members.
  struct slot {
    std::size_t cell = 0;
    std::string name;
    std::vector<std::string> enum_values;
    std::vector<std::string> set_values;
  };

 private:
  std::shared_ptr<const sql_expression> expression_;
  std::vector<slot> slots_;  // parallel to expression_->columns
};

}  // namespace sluice::pipeline
