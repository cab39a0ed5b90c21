#include "pipeline/sql_functions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include "pipeline/sql_arithmetic.hpp"
#include "pipeline/sql_lexer.hpp"

namespace sluice::pipeline {

namespace {

using f = sql_function;
constexpr std::uint8_t any = function_info::any_count;

constexpr std::array<function_info, 51> catalogue = {{
    {"IF", f::if_, 3, 3},
    {"IFNULL", f::ifnull, 2, 2},
    {"COALESCE", f::coalesce, 1, any},
    {"NULLIF", f::nullif, 2, 2},
    {"LENGTH", f::length, 1, 1},
    {"OCTET_LENGTH", f::length, 1, 1},
    {"CHAR_LENGTH", f::char_length, 1, 1},
    {"CHARACTER_LENGTH", f::char_length, 1, 1},
    {"UPPER", f::upper, 1, 1},
    {"UCASE", f::upper, 1, 1},
    {"LOWER", f::lower, 1, 1},
    {"LCASE", f::lower, 1, 1},
    {"CONCAT", f::concat, 1, any},
    {"CONCAT_WS", f::concat_ws, 2, any},
    {"SUBSTRING", f::substring, 2, 3},
    {"SUBSTR", f::substring, 2, 3},
    {"MID", f::substring, 3, 3},
    {"TRIM", f::trim_both, 1, 2},
    {"LTRIM", f::trim_leading, 1, 1},
    {"RTRIM", f::trim_trailing, 1, 1},
    {"LEFT", f::left, 2, 2},
    {"RIGHT", f::right, 2, 2},
    {"REPLACE", f::replace, 3, 3},
    {"INSTR", f::instr, 2, 2},
    {"LOCATE", f::locate, 2, 3},
    {"STRCMP", f::strcmp, 2, 2},
    {"ABS", f::abs, 1, 1},
    {"ROUND", f::round, 1, 2},
    {"TRUNCATE", f::truncate, 2, 2},
    {"FLOOR", f::floor, 1, 1},
    {"CEIL", f::ceil, 1, 1},
    {"CEILING", f::ceil, 1, 1},
    {"MOD", f::mod, 2, 2},
    {"SIGN", f::sign, 1, 1},
    {"DATE", f::date, 1, 1},
    {"YEAR", f::year, 1, 1},
    {"MONTH", f::month, 1, 1},
    {"DAY", f::day, 1, 1},
    {"DAYOFMONTH", f::day, 1, 1},
    {"HOUR", f::hour, 1, 1},
    {"MINUTE", f::minute, 1, 1},
    {"SECOND", f::second, 1, 1},
    {"MICROSECOND", f::microsecond, 1, 1},
    {"DAYOFWEEK", f::dayofweek, 1, 1},
    {"WEEKDAY", f::weekday, 1, 1},
    {"DAYOFYEAR", f::dayofyear, 1, 1},
    {"QUARTER", f::quarter, 1, 1},
    {"DATEDIFF", f::datediff, 2, 2},
    {"DATE_FORMAT", f::date_format, 2, 2},
    {"UNIX_TIMESTAMP", f::unix_timestamp, 1, 1},
    {"FROM_UNIXTIME", f::from_unixtime, 1, 2},
}};

constexpr std::array<std::string_view, 37> nondeterministic = {"NOW",
                                                               "SYSDATE",
                                                               "CURDATE",
                                                               "CURTIME",
                                                               "CURRENT_DATE",
                                                               "CURRENT_TIME",
                                                               "CURRENT_TIMESTAMP",
                                                               "LOCALTIME",
                                                               "LOCALTIMESTAMP",
                                                               "UTC_DATE",
                                                               "UTC_TIME",
                                                               "UTC_TIMESTAMP",
                                                               "RAND",
                                                               "RANDOM_BYTES",
                                                               "UUID",
                                                               "UUID_SHORT",
                                                               "CONNECTION_ID",
                                                               "LAST_INSERT_ID",
                                                               "ROW_COUNT",
                                                               "FOUND_ROWS",
                                                               "USER",
                                                               "CURRENT_USER",
                                                               "SESSION_USER",
                                                               "SYSTEM_USER",
                                                               "DATABASE",
                                                               "SCHEMA",
                                                               "VERSION",
                                                               "SLEEP",
                                                               "BENCHMARK",
                                                               "GET_LOCK",
                                                               "RELEASE_LOCK",
                                                               "IS_FREE_LOCK",
                                                               "IS_USED_LOCK",
                                                               "MASTER_POS_WAIT",
                                                               "SOURCE_POS_WAIT",
                                                               "NEXTVAL",
                                                               "LASTVAL"};

bool any_null(std::span<const sql_value> args) {
  return std::any_of(args.begin(), args.end(), [](const sql_value& v) { return v.is_null(); });
}

sql_value out_of_range(std::string& error, const char* type) {
  if (error.empty())
    error = std::string(type) + " value is out of range";
  return {};
}

// 10^n for 0 <= n <= 19.
std::uint64_t power_of_ten(int n) {
  std::uint64_t p = 1;
  while (n-- > 0)
    p *= 10;
  return p;
}

// ROUND / TRUNCATE of an integer to `digits` (< 0: tens, hundreds...).
sql_value round_integer(const sql_number& n, std::int64_t digits, bool round, std::string& error) {
  if (digits >= 0)
    return from_number(n);
  if (digits < -19)
    return std::holds_alternative<std::uint64_t>(n) ? sql_value(std::uint64_t{0}) : sql_value(std::int64_t{0});
  const __int128 p = power_of_ten(static_cast<int>(-digits));
  const __int128 v = std::holds_alternative<std::int64_t>(n) ? __int128{std::get<std::int64_t>(n)}
                                                             : __int128{std::get<std::uint64_t>(n)};
  __int128 q = v / p;
  const __int128 rest = v % p;
  if (round && (rest < 0 ? -rest : rest) * 2 >= p)
    q += v < 0 ? -1 : 1;
  const __int128 r = q * p;
  if (std::holds_alternative<std::uint64_t>(n)) {
    if (r > static_cast<__int128>(UINT64_MAX))
      return out_of_range(error, "BIGINT UNSIGNED");
    return sql_value(static_cast<std::uint64_t>(r));
  }
  if (r > INT64_MAX || r < INT64_MIN)
    return out_of_range(error, "BIGINT");
  return sql_value(static_cast<std::int64_t>(r));
}

sql_value round_number(const sql_value& x, std::int64_t digits, bool round, std::string& error) {
  const sql_number n = to_number(x);
  digits = std::clamp<std::int64_t>(digits, -100, 100);
  if (auto d = std::get_if<sql_decimal>(&n)) {
    const int places = static_cast<int>(std::min<std::int64_t>(digits, sql_decimal::max_scale));
    if (places < -sql_decimal::max_integer_digits)
      return sql_value(sql_decimal{});
    return sql_value(round ? d->round(places) : d->truncate(places));
  }
  if (auto v = std::get_if<double>(&n)) {
    const double scale = std::pow(10.0, static_cast<double>(digits));
    // Approximate values round half to even (the C library's rint), as MySQL documents.
    const double r = round ? std::nearbyint(*v * scale) / scale : std::trunc(*v * scale) / scale;
    return sql_value(std::isfinite(r) ? r : *v);
  }
  return round_integer(n, digits, round, error);
}

sql_value whole_number(const sql_decimal& d) {
  if (auto i = d.to_int64())
    return sql_value(*i);
  if (auto u = d.to_uint64())
    return sql_value(*u);
  return sql_value(d);
}

sql_value numeric_function(sql_function id, std::span<const sql_value> args, std::string& error) {
  const sql_number n = to_number(args[0]);
  switch (id) {
    case f::abs: {
      if (auto i = std::get_if<std::int64_t>(&n)) {
        if (*i == INT64_MIN)
          return out_of_range(error, "BIGINT");
        return sql_value(*i < 0 ? -*i : *i);
      }
      if (auto d = std::get_if<sql_decimal>(&n))
        return sql_value(d->abs());
      if (auto v = std::get_if<double>(&n))
        return sql_value(std::fabs(*v));
      return from_number(n);
    }
    case f::sign: {
      const int s = compare_numbers(n, sql_number{std::int64_t{0}});
      return sql_value(std::int64_t{s});
    }
    case f::floor:
    case f::ceil: {
      if (auto d = std::get_if<sql_decimal>(&n))
        return whole_number(id == f::floor ? d->floor() : d->ceil());
      if (auto v = std::get_if<double>(&n))
        return sql_value(id == f::floor ? std::floor(*v) : std::ceil(*v));
      return from_number(n);
    }
    case f::round: return round_number(args[0], args.size() > 1 ? to_int64(args[1]) : 0, true, error);
    case f::truncate: return round_number(args[0], to_int64(args[1]), false, error);
    case f::mod: return arithmetic(arith_op::modulo, args[0], args[1], error);
    default: return {};
  }
}

// The integer prefix of a string, as CAST(s AS SIGNED/UNSIGNED) reads it ("12.9x" is 12).
sql_value string_integer(std::string_view s, bool unsigned_target) {
  std::size_t pos = 0;
  while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos])))
    ++pos;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+'))
    negative = s[pos++] == '-';
  std::uint64_t magnitude = 0;
  bool saturated = false;
  for (; pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])); ++pos) {
    const std::uint64_t digit = static_cast<std::uint64_t>(s[pos] - '0');
    if (magnitude > (UINT64_MAX - digit) / 10)
      saturated = true;
    else
      magnitude = magnitude * 10 + digit;
  }
  if (saturated)
    magnitude = UINT64_MAX;
  if (unsigned_target)
    return sql_value(negative ? 0 - magnitude : magnitude);
  if (!negative)
    return sql_value(magnitude > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX
                                                                       : static_cast<std::int64_t>(magnitude));
  return sql_value(magnitude > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MIN
                                                                     : static_cast<std::int64_t>(0 - magnitude));
}

sql_value cast_integer(const sql_value& v, bool unsigned_target) {
  if (v.is_string() && !v.number)
    return string_integer(std::get<std::string>(v.data), unsigned_target);
  const sql_number n = to_number(v);
  std::uint64_t bits = 0;
  if (auto u = std::get_if<std::uint64_t>(&n))
    bits = *u;
  else if (auto d = std::get_if<sql_decimal>(&n); d && !d->negative() && d->round(0).to_uint64())
    bits = *d->round(0).to_uint64();
  else if (auto r = std::get_if<double>(&n); r && *r >= 9223372036854775808.0)
    bits = *r >= 18446744073709551616.0 ? UINT64_MAX : static_cast<std::uint64_t>(*r);
  else
    bits = static_cast<std::uint64_t>(to_int64(from_number(n)));
  if (unsigned_target)
    return sql_value(bits);
  return sql_value(static_cast<std::int64_t>(bits));
}

sql_value cast_decimal(const sql_value& v, const cast_spec& spec) {
  std::optional<sql_decimal> d;
  if (v.is_string() && !v.number)
    d = sql_decimal::parse(std::get<std::string>(v.data));
  if (!d) {
    const sql_number n = to_number(v);
    if (auto i = std::get_if<std::int64_t>(&n))
      d = sql_decimal::from_int(*i);
    else if (auto u = std::get_if<std::uint64_t>(&n))
      d = sql_decimal::from_uint(*u);
    else if (auto x = std::get_if<sql_decimal>(&n))
      d = *x;
    else
      d = sql_decimal::from_double(std::get<double>(n));
  }
  const std::string nines(static_cast<std::size_t>(spec.length - spec.scale), '9');
  const std::string fraction(static_cast<std::size_t>(spec.scale), '9');
  const sql_decimal max = *sql_decimal::parse((nines.empty() ? "0" : nines) + (fraction.empty() ? "" : "." + fraction));
  if (!d)  // out of double's range: the clamped extreme, as MySQL clamps
    return sql_value(max);
  sql_decimal r = d->round(spec.scale);
  if (r.abs() > max)
    r = r.negative() ? max.negated() : max;
  if (r.scale() < spec.scale)
    r = *sql_decimal::add(r, *sql_decimal::parse("0." + std::string(static_cast<std::size_t>(spec.scale), '0')));
  return sql_value(r);
}

std::optional<sql_datetime> cast_time(const sql_value& v) {
  if (auto t = std::get_if<sql_datetime>(&v.data)) {
    sql_datetime out = *t;
    if (out.type != sql_datetime::kind::time) {
      out = sql_datetime{sql_datetime::kind::time, false, 0, 0, 0, t->hour, t->minute, t->second, t->micros, t->fsp};
    }
    return out;
  }
  const std::string text = to_text(v);
  if (auto t = parse_time(text))
    return t;
  if (auto dt = parse_datetime(text); dt && dt->type == sql_datetime::kind::datetime)
    return sql_datetime{
        sql_datetime::kind::time, false, 0, 0, 0, dt->hour, dt->minute, dt->second, dt->micros, dt->fsp};
  return std::nullopt;
}

void set_fsp(sql_datetime& t, int fsp) {
  int drop = 1;
  for (int i = fsp; i < 6; ++i)
    drop *= 10;
  t.micros = t.micros / drop * drop;
  t.fsp = static_cast<std::uint8_t>(fsp);
}

std::size_t utf8_prefix_bytes(std::string_view s, std::size_t chars) {
  std::size_t i = 0;
  while (i < s.size() && chars > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
      ++i;
    --chars;
  }
  return i;
}

}  // namespace

const function_info* find_function(std::string_view name) {
  for (const auto& info : catalogue)
    if (name_equals(info.name, name))
      return &info;
  return nullptr;
}

bool is_nondeterministic_function(std::string_view name) {
  return std::any_of(nondeterministic.begin(), nondeterministic.end(),
                     [&](std::string_view n) { return name_equals(n, name); });
}

sql_value cast_value(const sql_value& value, const cast_spec& spec) {
  using target = cast_spec::target;
  switch (spec.type) {
    case target::signed_int: return cast_integer(value, false);
    case target::unsigned_int: return cast_integer(value, true);
    case target::double_: return sql_value(to_double(value));
    case target::decimal: return cast_decimal(value, spec);
    case target::char_: {
      std::string text = to_text(value);
      if (spec.length >= 0)
        text.resize(utf8_prefix_bytes(text, static_cast<std::size_t>(spec.length)));
      return sql_value(std::move(text));
    }
    case target::binary: {
      std::string text = to_text(value);
      if (spec.length >= 0)
        text.resize(static_cast<std::size_t>(spec.length), '\0');  // BINARY(n) pads with zero bytes
      return sql_value(std::move(text));
    }
    case target::date:
    case target::datetime: {
      auto t = to_datetime(value);
      if (!t)
        return {};
      if (spec.type == target::date) {
        *t = sql_datetime{sql_datetime::kind::date, false, t->year, t->month, t->day, 0, 0, 0, 0, 0};
      } else {
        t->type = sql_datetime::kind::datetime;
        set_fsp(*t, spec.scale);
      }
      return sql_value(*t);
    }
    case target::time: {
      auto t = cast_time(value);
      if (!t)
        return {};
      set_fsp(*t, spec.scale);
      return sql_value(*t);
    }
  }
  return {};
}

sql_value call_function(sql_function id, std::span<const sql_value> args, const sql_context& context,
                        std::string& error) {
  if (id >= f::length && id <= f::strcmp)
    return detail::call_string_function(id, args);
  if (id >= f::date && id <= f::from_unixtime)
    return detail::call_date_function(id, args, context);
  if (any_null(args))
    return {};
  return numeric_function(id, args, error);
}

}  // namespace sluice::pipeline
