#pragma once
// Helpers for the expression tests: a small table (a INT, b BIGINT UNSIGNED, s VARCHAR,
// d DECIMAL, f DOUBLE, n NULL) and shortcuts that parse, bind and evaluate in one call.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/sql_expression.hpp"
#include "pipeline/sql_expression_eval.hpp"
#include "protocol/column_type.hpp"

namespace expression_fixtures {

using namespace sluice::pipeline;
namespace p = sluice::protocol;
inline std::vector<expression_column> columns() {
  return {{"a", p::column_type::long_, {}, {}},   {"b", p::column_type::longlong, {}, {}},
          {"s", p::column_type::varchar, {}, {}}, {"d", p::column_type::newdecimal, {}, {}},
          {"f", p::column_type::double_, {}, {}}, {"n", p::column_type::long_, {}, {}}};
}
inline std::vector<p::cell> row() {
  return {std::int64_t{7},      std::uint64_t{18446744073709551615ULL},
          std::string("Hello"), p::decimal_cell{"12.50"},
          double{2.5},          p::null_cell{}};
}

inline tl::expected<sql_value, std::string> run(std::string_view text, const std::vector<expression_column>& cols,
                                                const std::vector<p::cell>& cells, int tz = 0) {
  auto parsed = parse_expression(text);
  if (!parsed)
    return tl::unexpected("parse: " + describe(parsed.error(), text));
  auto bound = bound_expression::bind(*parsed, cols);
  if (!bound)
    return tl::unexpected("bind: " + describe(bound.error(), text));
  auto v = bound->evaluate(cells, sql_context{tz});
  if (!v)
    return tl::unexpected("eval: " + describe(v.error(), text));
  return *v;
}

// The value as text, "NULL" for NULL, or the error.
inline std::string ev(std::string_view text) {
  auto v = run(text, columns(), row());
  if (!v)
    return v.error();
  return v->is_null() ? "NULL" : to_text(*v);
}

// The value's type, to check MySQL's result types.
inline std::string type_of(std::string_view text) {
  auto v = run(text, columns(), row());
  REQUIRE(v);
  static const char* names[] = {"null", "int", "uint", "decimal", "double", "string", "temporal"};
  return names[v->data.index()];
}

// The error of a refused expression (parse or bind), "" when it is accepted.
inline std::string refused(std::string_view text) {
  auto parsed = parse_expression(text);
  if (!parsed)
    return describe(parsed.error(), text);
  auto bound = bound_expression::bind(*parsed, columns());
  return bound ? "" : describe(bound.error(), text);
}

inline std::size_t error_position(std::string_view text) {
  auto parsed = parse_expression(text);
  REQUIRE_FALSE(parsed);
  return parsed.error().position;
}

}  // namespace expression_fixtures
