// The primaries of the expression grammar: literals, column names, function calls (with the
// special argument forms of TRIM and SUBSTRING), CASE, CAST/CONVERT and typed literals.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "pipeline/sql_expression_parser.hpp"

namespace sluice::pipeline::detail {

namespace {

// Words that cannot be a bare column name here (backtick them to use them as names).
constexpr std::array<std::string_view, 24> reserved_words = {
    "AND",  "OR",   "XOR",  "NOT",  "IN",  "IS",       "NULL",   "TRUE",    "FALSE",  "LIKE",  "BETWEEN", "DIV",
    "CASE", "WHEN", "THEN", "ELSE", "END", "INTERVAL", "BINARY", "COLLATE", "REGEXP", "RLIKE", "SOUNDS",  "MATCH"};

// Keywords that read the clock or the session without parentheses.
constexpr std::array<std::string_view, 9> clock_keywords = {"CURRENT_DATE", "CURRENT_TIME",   "CURRENT_TIMESTAMP",
                                                            "LOCALTIME",    "LOCALTIMESTAMP", "UTC_DATE",
                                                            "UTC_TIME",     "UTC_TIMESTAMP",  "CURRENT_USER"};

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return name_equals(word, w); });
}

sql_value integer_literal(const std::string& digits) {
  std::uint64_t value = 0;
  auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec == std::errc{})
    return value <= static_cast<std::uint64_t>(INT64_MAX) ? sql_value(static_cast<std::int64_t>(value))
                                                          : sql_value(value);
  if (auto d = sql_decimal::parse(digits))
    return *d;
  return std::strtod(digits.c_str(), nullptr);
}

sql_value hex_literal(std::string bytes) {
  std::uint64_t number = 0;
  for (unsigned char b : bytes)
    number = number > (UINT64_MAX >> 8) ? UINT64_MAX : (number << 8) | b;
  return sql_value::dual(std::move(bytes), number);
}

sql_value bit_literal(const std::string& digits) {
  std::uint64_t number = 0;
  std::string bytes((digits.size() + 7) / 8, '\0');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const int bit = digits[i] - '0';
    number = number > (UINT64_MAX >> 1) ? UINT64_MAX : (number << 1) | static_cast<std::uint64_t>(bit);
    const std::size_t from_right = digits.size() - 1 - i;
    if (bit)
      bytes[bytes.size() - 1 - from_right / 8] =
          static_cast<char>(bytes[bytes.size() - 1 - from_right / 8] | (1 << (from_right % 8)));
  }
  return sql_value::dual(std::move(bytes), number);
}

}  // namespace

std::uint32_t expression_parser::parse_primary() {
  const expr_token& t = peek();
  switch (t.kind) {
    case expr_token_kind::integer: advance(); return literal(integer_literal(t.text), t.position);
    case expr_token_kind::decimal: {
      advance();
      if (auto d = sql_decimal::parse(t.text))
        return literal(*d, t.position);
      return literal(std::strtod(t.text.c_str(), nullptr), t.position);
    }
    case expr_token_kind::real: {
      advance();
      const double v = std::strtod(t.text.c_str(), nullptr);
      if (!std::isfinite(v))
        fail(t.position, "number out of range");
      return literal(v, t.position);
    }
    case expr_token_kind::string: advance(); return literal(sql_value(t.text), t.position);
    case expr_token_kind::hex: advance(); return literal(hex_literal(t.text), t.position);
    case expr_token_kind::bits: advance(); return literal(bit_literal(t.text), t.position);
    case expr_token_kind::quoted_name: advance(); return column_reference(t);
    case expr_token_kind::word: return parse_word();
    case expr_token_kind::symbol:
      if (t.text == "(")
        return parse_parenthesized();
      break;
    case expr_token_kind::end: break;
  }
  fail(t.position, "expected an expression, found " + token_text(t));
  return 0;
}

std::uint32_t expression_parser::column_reference(const expr_token& name) {
  if (peek_symbol("."))
    fail(peek().position, "qualified column names are not supported: write the bare column name");
  return column(name.text, name.position);
}

std::uint32_t expression_parser::parse_parenthesized() {
  advance();
  if (peek_word("SELECT") || peek_word("WITH"))
    fail(peek().position, "subqueries are not supported");
  const std::uint32_t inner = parse_or();
  if (ok() && peek_symbol(","))
    fail(peek().position, "row constructors are not supported");
  expect_symbol(")");
  return inner;
}

std::uint32_t expression_parser::parse_word() {
  const expr_token& t = advance();
  const bool call = peek_symbol("(");
  if (name_equals(t.text, "NULL"))
    return literal(sql_value(), t.position);
  if (name_equals(t.text, "TRUE") || name_equals(t.text, "FALSE"))
    return literal(sql_value::boolean(name_equals(t.text, "TRUE")), t.position);
  if (!call && peek().kind == expr_token_kind::string &&
      (name_equals(t.text, "DATE") || name_equals(t.text, "TIME") || name_equals(t.text, "TIMESTAMP")))
    return typed_literal(t);
  if (name_equals(t.text, "CASE"))
    return parse_case(t.position);
  if (call && (name_equals(t.text, "CAST") || name_equals(t.text, "CONVERT")))
    return parse_cast(t);
  if (name_equals(t.text, "SELECT") || name_equals(t.text, "EXISTS") || name_equals(t.text, "WITH"))
    fail(t.position, "subqueries are not supported");
  else if ((call && is_nondeterministic_function(t.text)) || one_of(t.text, clock_keywords))
    fail(t.position, t.text + " is not deterministic: a filter must decide the same way whenever a row is replayed");
  else if (call)
    return parse_call(t);
  else if (one_of(t.text, reserved_words))
    fail(t.position, "unexpected keyword " + t.text);
  return column_reference(t);
}

std::uint32_t expression_parser::typed_literal(const expr_token& type) {
  const expr_token& text = advance();
  std::optional<sql_datetime> value;
  if (name_equals(type.text, "TIME")) {
    value = parse_time(text.text);
  } else {
    value = parse_datetime(text.text);
    if (value && name_equals(type.text, "DATE") && value->type != sql_datetime::kind::date)
      value.reset();
    if (value && name_equals(type.text, "TIMESTAMP"))
      value->type = sql_datetime::kind::datetime;
  }
  if (!value)
    fail(text.position, "invalid " + type.text + " literal '" + text.text + "'");
  return literal(value.value_or(sql_datetime{}), type.position);
}

std::uint32_t expression_parser::parse_case(std::size_t position) {
  std::vector<std::uint32_t> kids;
  const bool simple = !peek_word("WHEN");
  if (simple)
    kids.push_back(parse_or());
  if (ok() && !peek_word("WHEN"))
    fail(peek().position, "expected WHEN, found " + token_text(peek()));
  while (ok() && peek_word("WHEN")) {
    advance();
    kids.push_back(parse_or());
    expect_word("THEN");
    kids.push_back(parse_or());
  }
  const bool has_else = ok() && peek_word("ELSE");
  if (has_else) {
    advance();
    kids.push_back(parse_or());
  }
  expect_word("END");
  const std::uint32_t node = make(simple ? expr_op::case_simple : expr_op::case_searched, position, kids);
  if (ok())
    out_->nodes[node].has_else = has_else;
  return node;
}

std::uint32_t expression_parser::parse_call(const expr_token& name) {
  advance();  // (
  const function_info* f = find_function(name.text);
  if (!f) {
    fail(name.position, "unknown or unsupported function " + name.text + "()");
    return 0;
  }
  std::vector<std::uint32_t> args;
  sql_function id = f->id;
  if (name_equals(name.text, "TRIM"))
    id = parse_trim_arguments(args);
  else if (id == sql_function::substring)
    parse_substring_arguments(args);
  else if (!peek_symbol(")"))
    do {
      args.push_back(parse_or());
    } while (ok() && peek_symbol(",") && (advance(), true));
  expect_symbol(")");
  if (!ok())
    return 0;
  if (args.size() < f->min_args || (f->max_args != function_info::any_count && args.size() > f->max_args)) {
    if (id == sql_function::unix_timestamp && args.empty())
      fail(name.position, "UNIX_TIMESTAMP() without an argument is not deterministic");
    else
      fail(name.position, name.text + "() takes " + arity_text(*f) + ", not " + std::to_string(args.size()));
    return 0;
  }
  if (id == sql_function::date_format || (id == sql_function::from_unixtime && args.size() == 2))
    check_format_argument(args[1]);
  return make(expr_op::function, name.position, args, static_cast<std::uint32_t>(id));
}

std::string expression_parser::arity_text(const function_info& f) {
  if (f.max_args == function_info::any_count)
    return "at least " + std::to_string(f.min_args) + " argument(s)";
  if (f.min_args == f.max_args)
    return std::to_string(f.min_args) + " argument(s)";
  return std::to_string(f.min_args) + " to " + std::to_string(f.max_args) + " arguments";
}

void expression_parser::check_format_argument(std::uint32_t arg) {
  const expr_node& n = out_->nodes[arg];
  if (n.op != expr_op::literal || !out_->literals[n.aux].is_string())
    return fail(n.position, "the format of DATE_FORMAT/FROM_UNIXTIME must be a string literal");
  if (!valid_date_format(std::get<std::string>(out_->literals[n.aux].data)))
    fail(n.position, "week specifiers (%U %u %V %v %X %x) are not supported in date formats");
}

// TRIM([BOTH | LEADING | TRAILING] [remove] FROM s) and TRIM([remove FROM] s): args = {s[, remove]}.
sql_function expression_parser::parse_trim_arguments(std::vector<std::uint32_t>& args) {
  sql_function id = sql_function::trim_both;
  const bool mode = peek_word("BOTH") || peek_word("LEADING") || peek_word("TRAILING");
  if (mode) {
    id = peek_word("LEADING") ? sql_function::trim_leading
                              : (peek_word("TRAILING") ? sql_function::trim_trailing : sql_function::trim_both);
    advance();
    if (peek_word("FROM")) {
      advance();
      args.push_back(parse_or());
      return id;
    }
  }
  const std::uint32_t first = parse_or();
  if (ok() && peek_word("FROM")) {
    advance();
    args.push_back(parse_or());
    args.push_back(first);
  } else if (mode) {
    fail(peek().position, "expected FROM, found " + token_text(peek()));
  } else {
    args.push_back(first);
  }
  return id;
}

// SUBSTRING(s, pos[, len]) and SUBSTRING(s FROM pos [FOR len]).
void expression_parser::parse_substring_arguments(std::vector<std::uint32_t>& args) {
  args.push_back(parse_or());
  if (ok() && peek_word("FROM")) {
    advance();
    args.push_back(parse_or());
    if (ok() && peek_word("FOR")) {
      advance();
      args.push_back(parse_or());
    }
    return;
  }
  while (ok() && peek_symbol(",")) {
    advance();
    args.push_back(parse_or());
  }
}

// CAST(x AS type) and CONVERT(x, type).
std::uint32_t expression_parser::parse_cast(const expr_token& name) {
  advance();  // (
  const std::uint32_t value = parse_or();
  if (name_equals(name.text, "CONVERT")) {
    if (ok() && peek_word("USING"))
      fail(peek().position, "CONVERT ... USING is not supported");
    expect_symbol(",");
  } else {
    expect_word("AS");
  }
  const cast_spec spec = parse_cast_type();
  expect_symbol(")");
  out_->casts.push_back(spec);
  return make(expr_op::cast, name.position, {value}, static_cast<std::uint32_t>(out_->casts.size() - 1));
}

// "(n)" or "(m, d)" after a type name; -1 when absent.
std::pair<int, int> expression_parser::type_arguments() {
  if (!peek_symbol("("))
    return {-1, -1};
  advance();
  auto number = [&]() {
    const expr_token& t = peek();
    int v = -1;
    if (t.kind == expr_token_kind::integer && t.text.size() < 6)
      v = std::stoi(t.text);
    else
      fail(t.position, "expected a length, found " + token_text(t));
    advance();
    return v;
  };
  const int first = number();
  int second = -1;
  if (ok() && peek_symbol(",")) {
    advance();
    second = number();
  }
  expect_symbol(")");
  return {first, second};
}

cast_spec expression_parser::parse_cast_type() {
  cast_spec spec;
  const expr_token& t = peek();
  if (t.kind != expr_token_kind::word) {
    fail(t.position, "expected a type, found " + token_text(t));
    return spec;
  }
  advance();
  using target = cast_spec::target;
  if (name_equals(t.text, "SIGNED") || name_equals(t.text, "UNSIGNED")) {
    spec.type = name_equals(t.text, "SIGNED") ? target::signed_int : target::unsigned_int;
    if (peek_word("INTEGER") || peek_word("INT"))
      advance();
  } else if (name_equals(t.text, "CHAR") || name_equals(t.text, "NCHAR") || name_equals(t.text, "BINARY")) {
    spec.type = name_equals(t.text, "BINARY") ? target::binary : target::char_;
    spec.length = type_arguments().first;
    if (peek_word("CHARACTER") || peek_word("CHARSET") || peek_word("COLLATE"))
      fail(peek().position, "character sets and collations are not supported in CAST");
  } else if (name_equals(t.text, "DECIMAL") || name_equals(t.text, "DEC") || name_equals(t.text, "NUMERIC")) {
    spec.type = target::decimal;
    const auto [m, d] = type_arguments();
    spec.length = m < 0 ? 10 : m;
    spec.scale = d < 0 ? 0 : d;
    if (ok() && (spec.length < 1 || spec.length > 65 || spec.scale > 30 || spec.scale > spec.length))
      fail(t.position, "DECIMAL(M, D) needs 1 <= M <= 65, D <= 30 and D <= M");
  } else if (name_equals(t.text, "DATE")) {
    spec.type = target::date;
  } else if (name_equals(t.text, "DATETIME") || name_equals(t.text, "TIME")) {
    spec.type = name_equals(t.text, "TIME") ? target::time : target::datetime;
    spec.scale = std::max(type_arguments().first, 0);
    if (spec.scale > 6)
      fail(t.position, "fractional seconds precision is at most 6");
  } else if (name_equals(t.text, "DOUBLE") || name_equals(t.text, "REAL") || name_equals(t.text, "FLOAT")) {
    spec.type = target::double_;
    if (name_equals(t.text, "FLOAT"))
      type_arguments();
  } else {
    fail(t.position, "CAST to " + t.text + " is not supported");
  }
  return spec;
}

}  // namespace sluice::pipeline::detail
