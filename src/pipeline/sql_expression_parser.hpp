#pragma once
// The recursive-descent parser behind parse_expression(), internal to src/pipeline. Two files
// implement it: sql_expression.cpp (operators, loosest binding first) and
// sql_expression_primary.cpp (literals, names, function calls, CASE, CAST).

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/sql_expression.hpp"

namespace sluice::pipeline::detail {

/// How an error message names a token: 'x', string 'x', `x`, the end of the expression.
std::string token_text(const expr_token& t);

/// Builds one sql_expression from one token list. Single use: construct, then run() once.
/// Errors keep the first failure and jump to the end token, so every loop stops by itself.
class expression_parser {
 public:
  expression_parser(std::string_view text, std::vector<expr_token> tokens);
  tl::expected<std::shared_ptr<const sql_expression>, expression_error> run();

 private:
  const expr_token& peek(std::size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }

  bool peek_word(std::string_view w, std::size_t ahead = 0) const {
    return peek(ahead).kind == expr_token_kind::word && name_equals(peek(ahead).text, w);
  }

  bool peek_symbol(std::string_view s, std::size_t ahead = 0) const {
    return peek(ahead).kind == expr_token_kind::symbol && peek(ahead).text == s;
  }

  const expr_token& advance() {
    const expr_token& t = peek();
    pos_ = std::min(pos_ + 1, tokens_.size() - 1);
    return t;
  }

  bool ok() const { return error_.message.empty(); }

  // Keeps the first error and jumps to the end token, so every loop above stops by itself.
  void fail(std::size_t position, std::string message);

  void expect_symbol(std::string_view s);

  void expect_word(std::string_view w);

  struct depth_guard {
    depth_guard(expression_parser& p, std::size_t position) : p_(p) {
      if (++p_.depth_ > sql_expression::max_nesting)
        p_.fail(position, "expression is nested too deeply (more than " + std::to_string(sql_expression::max_nesting) +
                              " levels)");
    }
    ~depth_guard() { --p_.depth_; }
    depth_guard(const depth_guard&) = delete;
    depth_guard& operator=(const depth_guard&) = delete;
    expression_parser& p_;
  };

  std::uint32_t make(expr_op op, std::size_t position, const std::vector<std::uint32_t>& kids, std::uint32_t aux = 0,
                     bool negated = false);

  std::uint32_t literal(sql_value v, std::size_t position);

  std::uint32_t column(const std::string& name, std::size_t position);

  std::uint32_t parse_or();

  std::uint32_t parse_and();

  std::uint32_t chain(std::uint32_t (expression_parser::*next)(), std::string_view word, std::string_view symbol,
                      expr_op op);

  std::uint32_t parse_xor();

  std::uint32_t parse_not();

  std::uint32_t parse_truth();

  std::optional<expr_op> comparison_op() const;

  // Comparisons and IS [NOT] NULL, left to right: a = b IS NULL is (a = b) IS NULL.
  std::uint32_t parse_comparison();

  std::uint32_t parse_predicate();

  std::uint32_t parse_in(std::uint32_t probe, bool negated);

  // Index + 1 of sorted copies of an IN list of literals, or 0 when the list is not all literals of one kind.
  std::uint32_t lookup_for(const std::vector<std::uint32_t>& items);

  std::uint32_t parse_like(std::uint32_t value, bool negated);

  std::uint32_t left_assoc(std::uint32_t (expression_parser::*next)(),
                           std::initializer_list<std::pair<std::string_view, expr_op>> ops);

  std::uint32_t parse_bit_or();

  std::uint32_t parse_bit_and();

  std::uint32_t parse_shift();

  std::uint32_t parse_additive();

  std::uint32_t parse_multiplicative();

  std::uint32_t parse_bit_xor();

  std::uint32_t parse_unary();

  std::uint32_t parse_primary();

  std::uint32_t column_reference(const expr_token& name);

  std::uint32_t parse_parenthesized();

  std::uint32_t parse_word();

  std::uint32_t typed_literal(const expr_token& type);

  std::uint32_t parse_case(std::size_t position);

  std::uint32_t parse_call(const expr_token& name);

  static std::string arity_text(const function_info& f);

  void check_format_argument(std::uint32_t arg);

  // TRIM([BOTH | LEADING | TRAILING] [remove] FROM s) and TRIM([remove FROM] s): args = {s[, remove]}.
  sql_function parse_trim_arguments(std::vector<std::uint32_t>& args);

  // SUBSTRING(s, pos[, len]) and SUBSTRING(s FROM pos [FOR len]).
  void parse_substring_arguments(std::vector<std::uint32_t>& args);

  // CAST(x AS type) and CONVERT(x, type).
  std::uint32_t parse_cast(const expr_token& name);

  // "(n)" or "(m, d)" after a type name; -1 when absent.
  std::pair<int, int> type_arguments();

  cast_spec parse_cast_type();

  std::vector<expr_token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::shared_ptr<sql_expression> out_;
  std::vector<int> heights_;  // per node: the longest path below it, itself included
  expression_error error_;
};

}  // namespace sluice::pipeline::detail
