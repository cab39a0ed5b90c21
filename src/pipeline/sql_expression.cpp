#include "pipeline/sql_expression.hpp"

#include <algorithm>
#include <array>

#include "pipeline/sql_expression_parser.hpp"

namespace sluice::pipeline {

namespace {

// -literal folded at parse time, so that -9223372036854775808 is a BIGINT and IN lists of
// negative numbers stay lists of literals.
std::optional<sql_value> negated_literal(const sql_value& v) {
  if (v.number)
    return std::nullopt;
  if (auto i = std::get_if<std::int64_t>(&v.data)) {
    if (*i == INT64_MIN)
      return sql_value(std::uint64_t{1} << 63);
    return sql_value(-*i);
  }
  if (auto u = std::get_if<std::uint64_t>(&v.data)) {
    if (*u <= (std::uint64_t{1} << 63))
      return sql_value(static_cast<std::int64_t>(0 - *u));
    return sql_value(sql_decimal::from_uint(*u).negated());
  }
  if (auto d = std::get_if<sql_decimal>(&v.data))
    return sql_value(d->negated());
  if (auto f = std::get_if<double>(&v.data))
    return sql_value(-*f);
  return std::nullopt;
}

}  // namespace

namespace detail {

std::string token_text(const expr_token& t) {
  switch (t.kind) {
    case expr_token_kind::end: return "the end of the expression";
    case expr_token_kind::string: return "string '" + t.text + "'";
    case expr_token_kind::quoted_name: return "`" + t.text + "`";
    case expr_token_kind::hex: return "a hexadecimal literal";
    case expr_token_kind::bits: return "a bit literal";
    default: return "'" + t.text + "'";
  }
}

expression_parser::expression_parser(std::string_view text, std::vector<expr_token> tokens)
    : tokens_(std::move(tokens)), out_(std::make_shared<sql_expression>()) {
  out_->text = std::string(text);
}

tl::expected<std::shared_ptr<const sql_expression>, expression_error> expression_parser::run() {
  const std::uint32_t root = parse_or();
  if (ok() && peek().kind != expr_token_kind::end)
    fail(peek().position, "unexpected " + token_text(peek()));
  if (!ok())
    return tl::unexpected(error_);
  out_->root = root;
  return std::shared_ptr<const sql_expression>(std::move(out_));
}

// Keeps the first error and jumps to the end token, so every loop above stops by itself.
void expression_parser::fail(std::size_t position, std::string message) {
  if (ok())
    error_ = {position, std::move(message)};
  pos_ = tokens_.size() - 1;
}

void expression_parser::expect_symbol(std::string_view s) {
  if (peek_symbol(s))
    advance();
  else
    fail(peek().position, "expected '" + std::string(s) + "', found " + token_text(peek()));
}

void expression_parser::expect_word(std::string_view w) {
  if (peek_word(w))
    advance();
  else
    fail(peek().position, "expected " + std::string(w) + ", found " + token_text(peek()));
}

std::uint32_t expression_parser::make(expr_op op, std::size_t position, const std::vector<std::uint32_t>& kids,
                                      std::uint32_t aux, bool negated) {
  if (!ok())
    return 0;
  expr_node n;
  n.op = op;
  n.aux = aux;
  n.negated = negated;
  n.position = static_cast<std::uint32_t>(position);
  n.first = static_cast<std::uint32_t>(out_->children.size());
  int height = 1;
  for (std::uint32_t kid : kids) {
    const expr_node& k = out_->nodes[kid];
    if ((op == expr_op::logical_and || op == expr_op::logical_or) && k.op == op) {
      for (std::uint32_t i = 0; i < k.count; ++i)  // (a OR b) OR c is one OR of three
        out_->children.push_back(out_->children[k.first + i]);
    } else {
      out_->children.push_back(kid);
    }
    height = std::max(height, heights_[kid] + 1);
  }
  n.count = static_cast<std::uint32_t>(out_->children.size()) - n.first;
  if (height > sql_expression::max_height) {
    fail(position, "expression is nested too deeply (more than " + std::to_string(sql_expression::max_height) +
                       " levels of operators)");
    return 0;
  }
  out_->nodes.push_back(n);
  heights_.push_back(height);
  return static_cast<std::uint32_t>(out_->nodes.size() - 1);
}

std::uint32_t expression_parser::literal(sql_value v, std::size_t position) {
  out_->literals.push_back(std::move(v));
  return make(expr_op::literal, position, {}, static_cast<std::uint32_t>(out_->literals.size() - 1));
}

std::uint32_t expression_parser::column(const std::string& name, std::size_t position) {
  auto& columns = out_->columns;
  auto it =
      std::find_if(columns.begin(), columns.end(), [&](const column_ref& c) { return name_equals(c.name, name); });
  if (it == columns.end())
    it = columns.insert(columns.end(), column_ref{name, static_cast<std::uint32_t>(position)});
  return make(expr_op::column, position, {}, static_cast<std::uint32_t>(it - columns.begin()));
}

std::uint32_t expression_parser::parse_or() {
  depth_guard guard(*this, peek().position);
  return chain(&expression_parser::parse_xor, "OR", "||", expr_op::logical_or);
}

std::uint32_t expression_parser::parse_and() {
  return chain(&expression_parser::parse_not, "AND", "&&", expr_op::logical_and);
}

std::uint32_t expression_parser::chain(std::uint32_t (expression_parser::*next)(), std::string_view word,
                                       std::string_view symbol, expr_op op) {
  std::vector<std::uint32_t> items{(this->*next)()};
  const std::size_t position = peek().position;
  while (ok() && (peek_word(word) || peek_symbol(symbol))) {
    advance();
    items.push_back((this->*next)());
  }
  return items.size() == 1 ? items.front() : make(op, position, items);
}

std::uint32_t expression_parser::parse_xor() {
  std::uint32_t left = parse_and();
  while (ok() && peek_word("XOR")) {
    const std::size_t position = advance().position;
    left = make(expr_op::logical_xor, position, {left, parse_and()});
  }
  return left;
}

std::uint32_t expression_parser::parse_not() {
  if (!peek_word("NOT"))
    return parse_truth();
  const std::size_t position = advance().position;
  depth_guard guard(*this, position);
  const std::uint32_t operand = parse_not();
  return make(expr_op::logical_not, position, {operand});
}

std::uint32_t expression_parser::parse_truth() {
  std::uint32_t left = parse_comparison();
  while (ok() && peek_word("IS")) {
    const std::size_t position = advance().position;
    const bool negated = peek_word("NOT");
    if (negated)
      advance();
    expr_op op = expr_op::is_true;
    if (peek_word("FALSE"))
      op = expr_op::is_false;
    else if (peek_word("UNKNOWN"))
      op = expr_op::is_unknown;
    else if (!peek_word("TRUE"))
      fail(peek().position, "expected NULL, TRUE, FALSE or UNKNOWN after IS, found " + token_text(peek()));
    advance();
    left = make(op, position, {left}, 0, negated);
  }
  return left;
}

std::optional<expr_op> expression_parser::comparison_op() const {
  static constexpr std::array<std::pair<std::string_view, expr_op>, 8> ops = {{{"=", expr_op::eq},
                                                                               {"<=>", expr_op::null_safe_eq},
                                                                               {"!=", expr_op::ne},
                                                                               {"<>", expr_op::ne},
                                                                               {"<", expr_op::lt},
                                                                               {"<=", expr_op::le},
                                                                               {">", expr_op::gt},
                                                                               {">=", expr_op::ge}}};
  for (const auto& [text, op] : ops)
    if (peek_symbol(text))
      return op;
  return std::nullopt;
}

// Comparisons and IS [NOT] NULL, left to right: a = b IS NULL is (a = b) IS NULL.
std::uint32_t expression_parser::parse_comparison() {
  std::uint32_t left = parse_predicate();
  while (ok()) {
    if (peek_word("IS")) {
      const std::size_t k = peek_word("NOT", 1) ? 2 : 1;
      if (!peek_word("NULL", k))
        break;  // IS TRUE / FALSE / UNKNOWN bind looser: parse_truth takes them
      const std::size_t position = advance().position;
      for (std::size_t i = 1; i < k + 1; ++i)
        advance();
      left = make(expr_op::is_null, position, {left}, 0, k == 2);
      continue;
    }
    const auto op = comparison_op();
    if (!op)
      break;
    const std::size_t position = advance().position;
    if ((peek_word("ANY") || peek_word("ALL") || peek_word("SOME")) && peek_symbol("(", 1))
      fail(peek().position, "subqueries are not supported");
    left = make(*op, position, {left, parse_predicate()});
  }
  return left;
}

std::uint32_t expression_parser::parse_predicate() {
  const std::uint32_t left = parse_bit_or();
  bool negated = false;
  if (peek_word("NOT") && (peek_word("IN", 1) || peek_word("BETWEEN", 1) || peek_word("LIKE", 1) ||
                           peek_word("REGEXP", 1) || peek_word("RLIKE", 1))) {
    advance();
    negated = true;
  }
  if (!ok())
    return 0;
  if (peek_word("IN"))
    return parse_in(left, negated);
  if (peek_word("BETWEEN")) {
    const std::size_t position = advance().position;
    const std::uint32_t low = parse_bit_or();
    expect_word("AND");
    const std::uint32_t high = parse_predicate();
    return make(expr_op::between, position, {left, low, high}, 0, negated);
  }
  if (peek_word("LIKE"))
    return parse_like(left, negated);
  if (peek_word("REGEXP") || peek_word("RLIKE"))
    fail(peek().position, "REGEXP is not supported");
  else if (peek_word("SOUNDS"))
    fail(peek().position, "SOUNDS LIKE is not supported");
  else if (peek_word("MEMBER"))
    fail(peek().position, "MEMBER OF is not supported");
  return left;
}

std::uint32_t expression_parser::parse_in(std::uint32_t probe, bool negated) {
  const std::size_t position = advance().position;
  expect_symbol("(");
  if (peek_word("SELECT") || peek_word("WITH"))
    fail(peek().position, "subqueries are not supported");
  std::vector<std::uint32_t> items{probe};
  do {
    items.push_back(parse_or());
  } while (ok() && peek_symbol(",") && (advance(), true));
  expect_symbol(")");
  return make(expr_op::in_list, position, items, lookup_for(items), negated);
}

// Index + 1 of sorted copies of an IN list of literals, or 0 when the list is not all literals of one kind.
std::uint32_t expression_parser::lookup_for(const std::vector<std::uint32_t>& items) {
  if (!ok())
    return 0;
  in_lookup lookup;
  for (std::size_t i = 1; i < items.size(); ++i) {
    const expr_node& n = out_->nodes[items[i]];
    if (n.op != expr_op::literal)
      return 0;
    const sql_value& v = out_->literals[n.aux];
    if (v.is_null()) {
      lookup.has_null = true;
    } else if (auto s = std::get_if<std::int64_t>(&v.data)) {
      lookup.ints.push_back(*s);
    } else if (auto u = std::get_if<std::uint64_t>(&v.data)) {
      if (*u <= static_cast<std::uint64_t>(INT64_MAX))
        lookup.ints.push_back(static_cast<std::int64_t>(*u));
      else
        lookup.big_uints.push_back(*u);
    } else if (v.is_string() && !v.number) {
      lookup.texts.push_back(std::get<std::string>(v.data));
    } else {
      return 0;
    }
  }
  lookup.integers = lookup.texts.empty() && (!lookup.ints.empty() || !lookup.big_uints.empty());
  lookup.strings = lookup.ints.empty() && lookup.big_uints.empty() && !lookup.texts.empty();
  if (!lookup.integers && !lookup.strings)
    return 0;
  std::sort(lookup.ints.begin(), lookup.ints.end());
  std::sort(lookup.big_uints.begin(), lookup.big_uints.end());
  std::sort(lookup.texts.begin(), lookup.texts.end());
  out_->lookups.push_back(std::move(lookup));
  return static_cast<std::uint32_t>(out_->lookups.size());
}

std::uint32_t expression_parser::parse_like(std::uint32_t value, bool negated) {
  const std::size_t position = advance().position;
  const std::uint32_t pattern = parse_bit_or();
  std::uint32_t escape = '\\';
  if (ok() && peek_word("ESCAPE")) {
    advance();
    const expr_token& t = peek();
    if (t.kind != expr_token_kind::string || t.text.size() > 1)
      fail(t.position, "ESCAPE takes a string literal of one character");
    escape = t.text.empty() ? expr_node::no_escape : static_cast<unsigned char>(t.text[0]);
    advance();
  }
  return make(expr_op::like, position, {value, pattern}, escape, negated);
}

std::uint32_t expression_parser::left_assoc(std::uint32_t (expression_parser::*next)(),
                                            std::initializer_list<std::pair<std::string_view, expr_op>> ops) {
  std::uint32_t left = (this->*next)();
  for (;;) {
    if (!ok())
      return left;
    const expr_token& t = peek();
    auto it = std::find_if(ops.begin(), ops.end(), [&](const auto& op) {
      return (t.kind == expr_token_kind::symbol && t.text == op.first) ||
             (t.kind == expr_token_kind::word && name_equals(t.text, op.first));
    });
    if (it == ops.end())
      return left;
    const std::size_t position = advance().position;
    left = make(it->second, position, {left, (this->*next)()});
  }
}

std::uint32_t expression_parser::parse_bit_or() {
  return left_assoc(&expression_parser::parse_bit_and, {{"|", expr_op::bit_or}});
}

std::uint32_t expression_parser::parse_bit_and() {
  return left_assoc(&expression_parser::parse_shift, {{"&", expr_op::bit_and}});
}

std::uint32_t expression_parser::parse_shift() {
  return left_assoc(&expression_parser::parse_additive, {{"<<", expr_op::shift_left}, {">>", expr_op::shift_right}});
}

std::uint32_t expression_parser::parse_additive() {
  return left_assoc(&expression_parser::parse_multiplicative, {{"+", expr_op::add}, {"-", expr_op::subtract}});
}

std::uint32_t expression_parser::parse_multiplicative() {
  return left_assoc(&expression_parser::parse_bit_xor, {{"*", expr_op::multiply},
                                                        {"/", expr_op::divide},
                                                        {"%", expr_op::modulo},
                                                        {"MOD", expr_op::modulo},
                                                        {"DIV", expr_op::int_divide}});
}

std::uint32_t expression_parser::parse_bit_xor() {
  return left_assoc(&expression_parser::parse_unary, {{"^", expr_op::bit_xor}});
}

std::uint32_t expression_parser::parse_unary() {
  const expr_token& t = peek();
  const bool sign =
      t.kind == expr_token_kind::symbol && (t.text == "-" || t.text == "+" || t.text == "~" || t.text == "!");
  if (!sign && !peek_word("BINARY")) {
    const std::uint32_t primary = parse_primary();
    if (ok() && peek_word("COLLATE"))
      fail(peek().position, "COLLATE is not supported (strings compare byte-wise, as in DM)");
    return primary;
  }
  const std::size_t position = advance().position;
  depth_guard guard(*this, position);
  const std::uint32_t operand = parse_unary();
  if (!ok() || t.text == "+")
    return operand;
  if (t.text == "-") {
    expr_node& n = out_->nodes[operand];
    if (n.op == expr_op::literal) {
      if (auto folded = negated_literal(out_->literals[n.aux])) {
        out_->literals[n.aux] = std::move(*folded);
        n.position = static_cast<std::uint32_t>(position);
        return operand;
      }
    }
    return make(expr_op::negate, position, {operand});
  }
  if (t.text == "~")
    return make(expr_op::bit_not, position, {operand});
  if (t.text == "!")
    return make(expr_op::logical_not, position, {operand});
  return make(expr_op::to_binary, position, {operand});
}

}  // namespace detail

tl::expected<std::shared_ptr<const sql_expression>, expression_error> parse_expression(std::string_view text) {
  auto tokens = tokenize_expression(text);
  if (!tokens)
    return tl::unexpected(tokens.error());
  return detail::expression_parser(text, std::move(*tokens)).run();
}

std::string describe(const expression_error& error, std::string_view text) {
  std::string out = error.message + " (at column " + std::to_string(error.position + 1);
  if (error.position < text.size()) {
    std::string_view near = text.substr(error.position, 20);
    out += " near '" + std::string(near) + (error.position + 20 < text.size() ? "...'" : "'");
  } else {
    out += ", at the end";
  }
  return out + ")";
}

}  // namespace sluice::pipeline
