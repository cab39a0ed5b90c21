#pragma once
// The runtime value of a SQL expression, and MySQL's conversions and comparison between value
// types ("Type Conversion in Expression Evaluation" in the MySQL manual).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "pipeline/sql_datetime.hpp"
#include "pipeline/sql_decimal.hpp"

namespace sluice::pipeline {

/// One value during expression evaluation. Value type. Booleans are the integers 1 and 0.
/// `number` is set on strings that also have a numeric meaning: an ENUM's index, a SET's bitmap,
/// a hex or bit literal's value. Such a value is its string, except where it meets a number.
struct sql_value {
  using storage =
      std::variant<std::monostate, std::int64_t, std::uint64_t, sql_decimal, double, std::string, sql_datetime>;
  storage data;
  std::optional<std::uint64_t> number;

  sql_value() = default;  // NULL
  sql_value(std::int64_t v) : data(v) {}
  sql_value(std::uint64_t v) : data(v) {}
  sql_value(sql_decimal v) : data(std::move(v)) {}
  sql_value(double v) : data(v) {}
  sql_value(std::string v) : data(std::move(v)) {}
  sql_value(sql_datetime v) : data(v) {}
  static sql_value boolean(bool b) { return sql_value(std::int64_t{b ? 1 : 0}); }
  static sql_value dual(std::string text, std::uint64_t number);

  bool is_null() const noexcept { return std::holds_alternative<std::monostate>(data); }
  bool is_string() const noexcept { return std::holds_alternative<std::string>(data); }
  bool is_temporal() const noexcept { return std::holds_alternative<sql_datetime>(data); }
  bool is_number() const noexcept { return !is_null() && !is_string() && !is_temporal(); }
  bool is_integer() const noexcept {
    return std::holds_alternative<std::int64_t>(data) || std::holds_alternative<std::uint64_t>(data);
  }
};

/// A number for arithmetic and numeric comparison.
using sql_number = std::variant<std::int64_t, std::uint64_t, sql_decimal, double>;

/// MySQL's numeric reading of a non-NULL value: a string by its longest numeric prefix, as a
/// double ("12abc" is 12, "abc" is 0); a dual value by its number; a temporal value as
/// YYYYMMDD[hhmmss][.ffffff].
sql_number to_number(const sql_value& value);
double to_double(const sql_number& number);
double to_double(const sql_value& value);
/// The leading number of a string, as MySQL reads it in numeric context.
double string_to_double(std::string_view text);
/// A whole-number argument (LEFT's length, ROUND's digits): rounded half away from zero, saturated.
std::int64_t to_int64(const sql_value& value);
/// The text MySQL shows for a non-NULL value.
std::string to_text(const sql_value& value);
/// The text of a double as MySQL prints it: shortest round-trip digits, "1e20" exponents.
std::string double_text(double value);
/// A value as a condition: nullopt for NULL, else whether it is non-zero.
std::optional<bool> truth(const sql_value& value);
/// The DATE/DATETIME a date function reads from a value: temporals as they are, strings parsed,
/// numbers read as YYYYMMDD[hhmmss]. nullopt (the function returns NULL) when there is none.
std::optional<sql_datetime> to_datetime(const sql_value& value);
sql_value from_number(sql_number number);

/// Orders two numbers exactly: integers of either sign, decimals, and doubles when one side is one.
int compare_numbers(const sql_number& a, const sql_number& b);
/// MySQL's comparison of two values; nullopt when either is NULL. Strings compare byte-wise (the
/// binary collation DM's evaluator uses); a temporal value against a string parses the string as
/// a temporal value; a string against a number compares as doubles; numbers compare exactly.
std::optional<int> compare_values(const sql_value& a, const sql_value& b);

}  // namespace sluice::pipeline
