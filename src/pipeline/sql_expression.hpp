#pragma once
// A MySQL boolean expression over one row's columns, parsed into a flat tree: the language of DM's
// expression-filter rules (insert-value-expr, update-old-value-expr, ...). Parsing refuses, with the
// position of the offending token, everything the evaluator cannot answer exactly: subqueries,
// variables, unknown or non-deterministic functions, unsupported operators.
//
// Grammar, loosest binding first (MySQL's precedence):
//   OR ||  >  XOR  >  AND &&  >  NOT  >  IS [NOT] TRUE|FALSE|UNKNOWN
//   > comparisons = <=> != <> < <= > >= and IS [NOT] NULL (left-associative)
//   > [NOT] IN (list) | [NOT] BETWEEN a AND b | [NOT] LIKE p [ESCAPE 'c']
//   > |  >  &  >  << >>  >  + -  >  * / DIV % MOD  >  ^  >  unary - + ~ ! BINARY
//   > literals, columns, f(args), (expr), CASE, CAST(x AS type), CONVERT(x, type)
// Literals: 12, 1.5, 1e3, 'text' "text" (backslash escapes), X'41' 0x41, b'1' 0b1, NULL, TRUE,
// FALSE, DATE '2024-01-31', TIME '10:00:00', TIMESTAMP '2024-01-31 10:00:00'.
// Columns: bare (c) or backticked (`c`), resolved later against the table (sql_expression_eval).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/sql_functions.hpp"
#include "pipeline/sql_lexer.hpp"
#include "pipeline/sql_value.hpp"

namespace sluice::pipeline {

enum class expr_op : std::uint8_t {
  literal,
  column,  // aux: literal / column index
  negate,
  bit_not,
  logical_not,
  to_binary,  // one child
  add,
  subtract,
  multiply,
  divide,
  int_divide,
  modulo,  // two children
  bit_or,
  bit_and,
  bit_xor,
  shift_left,
  shift_right,
  eq,
  null_safe_eq,
  ne,
  lt,
  le,
  gt,
  ge,
  logical_and,
  logical_or,  // two or more children (chains are flattened)
  logical_xor,
  is_null,
  is_true,
  is_false,
  is_unknown,     // negated: IS NOT ...
  in_list,        // children: probe, items...; aux: lookup index + 1, or 0
  between,        // children: value, low, high
  like,           // children: value, pattern; aux: escape byte, or no_escape
  function,       // aux: sql_function; children: arguments
  case_simple,    // children: value, (when, then)..., [else]
  case_searched,  // children: (when, then)..., [else]
  cast,           // aux: cast index; one child
};

struct expr_node {
  expr_op op = expr_op::literal;
  bool negated = false;   // NOT IN, NOT BETWEEN, NOT LIKE, IS NOT ...
  bool has_else = false;  // CASE ... ELSE
  std::uint32_t aux = 0;
  std::uint32_t first = 0;  // children are children[first, first + count)
  std::uint32_t count = 0;
  std::uint32_t position = 0;  // byte offset of the node's operator or first token
  static constexpr std::uint32_t no_escape = 0x100;
};

/// A column as the expression names it, before it is resolved against a table.
struct column_ref {
  std::string name;
  std::uint32_t position = 0;
};

/// Sorted copies of an IN list made only of literals, for lookups in long lists.
struct in_lookup {
  bool integers = false;  // all items are integers: ints holds them
  bool strings = false;   // all items are strings without a numeric meaning: texts holds them
  bool has_null = false;
  std::vector<std::int64_t> ints;
  std::vector<std::uint64_t> big_uints;  // integers above INT64_MAX
  std::vector<std::string> texts;
};

/// A parsed expression. Immutable once parse_expression() returns it; shared by every table
/// the expression is bound to.
struct sql_expression {
  static constexpr int max_nesting = 100;  // parentheses, NOT and unary operators inside each other
  static constexpr int max_height = 256;   // longest path in the tree (bounds evaluation's recursion)

  std::string text;
  std::vector<expr_node> nodes;
  std::vector<std::uint32_t> children;
  std::vector<sql_value> literals;
  std::vector<column_ref> columns;  // distinct names (case-insensitive), in order of first use
  std::vector<in_lookup> lookups;
  std::vector<cast_spec> casts;
  std::uint32_t root = 0;

  const expr_node& child(const expr_node& parent, std::uint32_t i) const { return nodes[children[parent.first + i]]; }
};

/// Parses one expression. Errors carry the byte offset of the token that could not be accepted.
tl::expected<std::shared_ptr<const sql_expression>, expression_error> parse_expression(std::string_view text);

/// "syntax error at column 7 near '= 0'": an error with its 1-based column and the text there.
std::string describe(const expression_error& error, std::string_view text);

}  // namespace sluice::pipeline
