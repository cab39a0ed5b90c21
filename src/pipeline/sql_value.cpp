#include "pipeline/sql_value.hpp"

#include <charconv>
#include <cstdlib>
#include <cmath>
#include <cctype>

namespace sluice::pipeline {

namespace {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

sql_number temporal_number(const sql_datetime& v) {
  const std::int64_t whole = datetime_whole_number(v);
  if (v.fsp == 0 || v.type == sql_datetime::kind::date)
    return whole;
  std::string text =
      std::to_string(whole < 0 ? -whole : whole) + "." + std::to_string(1000000 + v.micros).substr(1, v.fsp);
  auto d = sql_decimal::parse(text);
  return v.negative ? d->negated() : *d;
}

int compare_integers(const sql_number& a, const sql_number& b) {
  // Only int64/uint64 here; a negative int64 is below every uint64.
  auto as_pair = [](const sql_number& n) -> std::pair<bool, std::uint64_t> {
    if (auto i = std::get_if<std::int64_t>(&n))
      return {*i < 0, static_cast<std::uint64_t>(*i)};
    return {false, std::get<std::uint64_t>(n)};
  };
  const auto [an, av] = as_pair(a);
  const auto [bn, bv] = as_pair(b);
  if (an != bn)
    return an ? -1 : 1;
  return av < bv ? -1 : (av > bv ? 1 : 0);
}

sql_decimal to_decimal(const sql_number& n) {
  return std::visit(
      overloaded{[](std::int64_t v) { return sql_decimal::from_int(v); },
                 [](std::uint64_t v) { return sql_decimal::from_uint(v); }, [](const sql_decimal& v) { return v; },
                 [](double v) { return sql_decimal::from_double(v).value_or(sql_decimal{}); }},
      n);
}

int compare_strings(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// A temporal value against a string: the string read as the same kind of value, else the two texts.
int compare_temporal_with_string(const sql_datetime& t, const std::string& s) {
  auto parsed = t.type == sql_datetime::kind::time ? parse_time(s) : parse_datetime(s);
  if (parsed)
    return compare_datetime(t, *parsed);
  return compare_strings(format_datetime(t), s);
}

}  // namespace

sql_value sql_value::dual(std::string text, std::uint64_t number) {
  sql_value v(std::move(text));
  v.number = number;
  return v;
}

double string_to_double(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
    ++pos;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+'))
    negative = text[pos++] == '-';
  const std::size_t number_start = pos;
  std::size_t digits = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
    ++pos, ++digits;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
      ++pos, ++digits;
  }
  if (digits == 0)
    return 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    std::size_t e = pos + 1;
    if (e < text.size() && (text[e] == '-' || text[e] == '+'))
      ++e;
    if (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e]))) {
      while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e])))
        ++e;
      pos = e;
    }
  }
  // strtod rather than from_chars: it saturates to HUGE_VAL or 0 where from_chars gives up.
  const std::string digits_text(text.substr(number_start, pos - number_start));
  const double value = std::strtod(digits_text.c_str(), nullptr);
  return negative ? -value : value;
}

sql_number to_number(const sql_value& value) {
  if (value.number)
    return *value.number;
  return std::visit(
      overloaded{[](std::monostate) -> sql_number { return std::int64_t{0}; },
                 [](std::int64_t v) -> sql_number { return v; }, [](std::uint64_t v) -> sql_number { return v; },
                 [](const sql_decimal& v) -> sql_number { return v; }, [](double v) -> sql_number { return v; },
                 [](const std::string& v) -> sql_number { return string_to_double(v); },
                 [](const sql_datetime& v) -> sql_number { return temporal_number(v); }},
      value.data);
}

double to_double(const sql_number& number) {
  return std::visit(overloaded{[](std::int64_t v) { return static_cast<double>(v); },
                               [](std::uint64_t v) { return static_cast<double>(v); },
                               [](const sql_decimal& v) { return v.to_double(); }, [](double v) { return v; }},
                    number);
}

double to_double(const sql_value& value) { return to_double(to_number(value)); }

std::int64_t to_int64(const sql_value& value) {
  const sql_number n = to_number(value);
  if (auto i = std::get_if<std::int64_t>(&n))
    return *i;
  if (auto u = std::get_if<std::uint64_t>(&n))
    return *u > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(*u);
  if (auto d = std::get_if<sql_decimal>(&n)) {
    if (auto i = d->round(0).to_int64())
      return *i;
    return d->negative() ? INT64_MIN : INT64_MAX;
  }
  const double r = std::round(std::get<double>(n));
  if (r >= 9223372036854775807.0)
    return INT64_MAX;
  if (r <= -9223372036854775808.0)
    return INT64_MIN;
  return static_cast<std::int64_t>(r);
}

std::string double_text(double value) {
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  std::string text(buf, end);
  const auto e = text.find('e');
  if (e == std::string::npos)
    return text;
  std::string exponent = text.substr(e + 1);
  const bool negative = !exponent.empty() && exponent.front() == '-';
  if (!exponent.empty() && (exponent.front() == '-' || exponent.front() == '+'))
    exponent.erase(0, 1);
  while (exponent.size() > 1 && exponent.front() == '0')
    exponent.erase(0, 1);
  return text.substr(0, e) + "e" + (negative ? "-" : "") + exponent;
}

std::string to_text(const sql_value& value) {
  return std::visit(
      overloaded{[](std::monostate) { return std::string(); }, [](std::int64_t v) { return std::to_string(v); },
                 [](std::uint64_t v) { return std::to_string(v); }, [](const sql_decimal& v) { return v.to_string(); },
                 [](double v) { return double_text(v); }, [](const std::string& v) { return v; },
                 [](const sql_datetime& v) { return format_datetime(v); }},
      value.data);
}

std::optional<bool> truth(const sql_value& value) {
  if (value.is_null())
    return std::nullopt;
  if (auto t = std::get_if<sql_datetime>(&value.data))
    return datetime_whole_number(*t) != 0 || t->micros != 0;
  const sql_number n = to_number(value);
  return std::visit(overloaded{[](std::int64_t v) { return v != 0; }, [](std::uint64_t v) { return v != 0; },
                               [](const sql_decimal& v) { return !v.is_zero(); }, [](double v) { return v != 0; }},
                    n);
}

std::optional<sql_datetime> to_datetime(const sql_value& value) {
  if (value.is_null())
    return std::nullopt;
  if (auto t = std::get_if<sql_datetime>(&value.data)) {
    if (t->type == sql_datetime::kind::time)
      return std::nullopt;  // MySQL would add today's date: not deterministic
    return *t;
  }
  if (auto s = std::get_if<std::string>(&value.data))
    return parse_datetime(*s);
  const sql_number n = to_number(value);
  if (auto i = std::get_if<std::int64_t>(&n))
    return *i < 0 ? std::nullopt : datetime_from_number(static_cast<std::uint64_t>(*i));
  if (auto u = std::get_if<std::uint64_t>(&n))
    return datetime_from_number(*u);
  const sql_decimal whole = to_decimal(n).truncate(0);
  if (auto u = whole.to_uint64())
    return datetime_from_number(*u);
  return std::nullopt;
}

sql_value from_number(sql_number number) {
  return std::visit([](auto&& v) { return sql_value(std::move(v)); }, std::move(number));
}

int compare_numbers(const sql_number& a, const sql_number& b) {
  if (std::holds_alternative<double>(a) || std::holds_alternative<double>(b)) {
    const double x = to_double(a), y = to_double(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (!std::holds_alternative<sql_decimal>(a) && !std::holds_alternative<sql_decimal>(b))
    return compare_integers(a, b);
  const auto c = to_decimal(a) <=> to_decimal(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::optional<int> compare_values(const sql_value& a, const sql_value& b) {
  if (a.is_null() || b.is_null())
    return std::nullopt;
  if (a.is_string() && b.is_string())
    return compare_strings(std::get<std::string>(a.data), std::get<std::string>(b.data));
  const auto* at = std::get_if<sql_datetime>(&a.data);
  const auto* bt = std::get_if<sql_datetime>(&b.data);
  if (at && bt) {
    if ((at->type == sql_datetime::kind::time) == (bt->type == sql_datetime::kind::time))
      return compare_datetime(*at, *bt);
    return compare_numbers(to_number(a), to_number(b));
  }
  if (at && b.is_string())
    return compare_temporal_with_string(*at, std::get<std::string>(b.data));
  if (bt && a.is_string())
    return -compare_temporal_with_string(*bt, std::get<std::string>(a.data));
  return compare_numbers(to_number(a), to_number(b));
}

}  // namespace sluice::pipeline
