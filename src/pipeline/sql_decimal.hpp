#pragma once
// Exact decimal numbers for SQL expression evaluation: MySQL DECIMAL arithmetic.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::pipeline {

/// An exact decimal: a sign, decimal digits and a scale (how many of the digits follow the point).
/// Value type. Like MySQL's DECIMAL it holds at most 65 integer digits and 30 fraction digits:
/// a result with more integer digits is refused (std::nullopt, MySQL's "out of range" error); more
/// fraction digits are rounded away.
class sql_decimal {
 public:
  static constexpr int max_integer_digits = 65;
  static constexpr int max_scale = 30;

  sql_decimal() = default;  // 0

  /// "[+-]digits[.digits]" (".5" and "5." too), surrounding spaces allowed: a DECIMAL cell or literal.
  static std::optional<sql_decimal> parse(std::string_view text);
  static sql_decimal from_int(std::int64_t value);
  static sql_decimal from_uint(std::uint64_t value);
  /// The shortest decimal that reads back as `value`; nullopt for NaN, infinities and huge values.
  static std::optional<sql_decimal> from_double(double value);

  bool negative() const noexcept { return negative_; }
  bool is_zero() const noexcept;
  int scale() const noexcept { return scale_; }
  /// "-12.340": every digit of the scale is kept.
  std::string to_string() const;
  double to_double() const;
  /// The value when it is a whole number that fits.
  std::optional<std::int64_t> to_int64() const;
  std::optional<std::uint64_t> to_uint64() const;

  sql_decimal negated() const;
  sql_decimal abs() const;
  /// Half away from zero to `digits` fraction digits; a negative count rounds to tens, hundreds...
  sql_decimal round(int digits) const;
  sql_decimal truncate(int digits) const;
  sql_decimal floor() const;
  sql_decimal ceil() const;

  static std::optional<sql_decimal> add(const sql_decimal& a, const sql_decimal& b);
  static std::optional<sql_decimal> subtract(const sql_decimal& a, const sql_decimal& b);
  static std::optional<sql_decimal> multiply(const sql_decimal& a, const sql_decimal& b);
  /// a / b with scale(a) + `extra_scale` fraction digits (MySQL's div_precision_increment),
  /// rounded half up; nullopt when b is zero or the quotient overflows.
  static std::optional<sql_decimal> divide(const sql_decimal& a, const sql_decimal& b, int extra_scale);
  /// a - b * TRUNCATE(a / b): the sign of a; nullopt when b is zero.
  static std::optional<sql_decimal> remainder(const sql_decimal& a, const sql_decimal& b);

  friend std::strong_ordering operator<=>(const sql_decimal& a, const sql_decimal& b);
  friend bool operator==(const sql_decimal& a, const sql_decimal& b) { return (a <=> b) == 0; }

 private:
  sql_decimal(bool negative, std::string digits, int scale);
  static std::optional<sql_decimal> checked(bool negative, std::string digits, int scale);
  sql_decimal drop_digits(int digits, bool round_half_up) const;

  // The magnitude's digits, most significant first, at least scale_ + 1 of them and no leading
  // zeros beyond that (0.05 is "005" with scale 2). Zero is never negative.
  bool negative_ = false;
  std::string digits_ = "0";
  int scale_ = 0;
};

}  // namespace sluice::pipeline
