#include "pipeline/sql_arithmetic.hpp"

#include <cmath>

namespace sluice::pipeline {

namespace {

using int128 = __int128;

bool is_unsigned(const sql_number& n) { return std::holds_alternative<std::uint64_t>(n); }

int128 wide(const sql_number& n) {
  if (auto i = std::get_if<std::int64_t>(&n))
    return *i;
  return static_cast<int128>(std::get<std::uint64_t>(n));
}

sql_decimal decimal_of(const sql_number& n) {
  if (auto i = std::get_if<std::int64_t>(&n))
    return sql_decimal::from_int(*i);
  if (auto u = std::get_if<std::uint64_t>(&n))
    return sql_decimal::from_uint(*u);
  return std::get<sql_decimal>(n);
}

sql_value out_of_range(std::string& error, const char* type) {
  if (error.empty())
    error = std::string(type) + " value is out of range";
  return {};
}

sql_value integer_result(int128 r, bool unsigned_result, std::string& error) {
  if (unsigned_result) {
    if (r < 0 || r > static_cast<int128>(UINT64_MAX))
      return out_of_range(error, "BIGINT UNSIGNED");
    return sql_value(static_cast<std::uint64_t>(r));
  }
  if (r < INT64_MIN || r > INT64_MAX)
    return out_of_range(error, "BIGINT");
  return sql_value(static_cast<std::int64_t>(r));
}

sql_value integer_arithmetic(arith_op op, const sql_number& x, const sql_number& y, std::string& error) {
  const int128 a = wide(x), b = wide(y);
  const bool unsigned_result = is_unsigned(x) || is_unsigned(y);
  int128 r = 0;
  switch (op) {
    case arith_op::add: r = a + b; break;
    case arith_op::subtract: r = a - b; break;
    case arith_op::multiply:
      if (__builtin_mul_overflow(a, b, &r))
        return out_of_range(error, unsigned_result ? "BIGINT UNSIGNED" : "BIGINT");
      break;
    case arith_op::int_divide:
      if (b == 0)
        return {};
      r = a / b;
      break;
    case arith_op::modulo:
      if (b == 0)
        return {};
      return integer_result(a % b, is_unsigned(x), error);
    case arith_op::divide: break;  // never here: '/' is decimal
  }
  return integer_result(r, unsigned_result, error);
}

sql_value decimal_arithmetic(arith_op op, const sql_decimal& a, const sql_decimal& b, std::string& error) {
  std::optional<sql_decimal> r;
  switch (op) {
    case arith_op::add: r = sql_decimal::add(a, b); break;
    case arith_op::subtract: r = sql_decimal::subtract(a, b); break;
    case arith_op::multiply: r = sql_decimal::multiply(a, b); break;
    case arith_op::divide:
      if (b.is_zero())
        return {};
      r = sql_decimal::divide(a, b, 4);
      break;
    case arith_op::modulo:
      if (b.is_zero())
        return {};
      r = sql_decimal::remainder(a, b);
      break;
    case arith_op::int_divide: {
      if (b.is_zero())
        return {};
      // (a - a MOD b) / b divides exactly, so no rounding creeps into the truncated quotient.
      auto whole = sql_decimal::subtract(a, *sql_decimal::remainder(a, b));
      auto q = whole ? sql_decimal::divide(*whole, b, 0) : std::nullopt;
      if (q) {
        if (auto i = q->to_int64())
          return sql_value(*i);
        if (auto u = q->to_uint64())
          return sql_value(*u);
      }
      return out_of_range(error, "BIGINT");
    }
  }
  if (!r)
    return out_of_range(error, "DECIMAL");
  return sql_value(std::move(*r));
}

}  // namespace

sql_value arithmetic(arith_op op, const sql_value& a, const sql_value& b, std::string& error) {
  const sql_number x = to_number(a), y = to_number(b);
  const bool real = std::holds_alternative<double>(x) || std::holds_alternative<double>(y);
  if (real && op != arith_op::int_divide) {
    const double p = to_double(x), q = to_double(y);
    double r = 0;
    switch (op) {
      case arith_op::add: r = p + q; break;
      case arith_op::subtract: r = p - q; break;
      case arith_op::multiply: r = p * q; break;
      case arith_op::divide:
        if (q == 0)
          return {};
        r = p / q;
        break;
      case arith_op::modulo:
        if (q == 0)
          return {};
        r = std::fmod(p, q);
        break;
      case arith_op::int_divide: break;
    }
    if (!std::isfinite(r))
      return out_of_range(error, "DOUBLE");
    return sql_value(r);
  }
  if (real) {  // DIV of doubles: through DECIMAL, as MySQL does
    auto p = sql_decimal::from_double(to_double(x)), q = sql_decimal::from_double(to_double(y));
    if (!p || !q)
      return out_of_range(error, "BIGINT");
    return decimal_arithmetic(op, *p, *q, error);
  }
  const bool exact_integers = !std::holds_alternative<sql_decimal>(x) && !std::holds_alternative<sql_decimal>(y);
  if (exact_integers && op != arith_op::divide)
    return integer_arithmetic(op, x, y, error);
  return decimal_arithmetic(op, decimal_of(x), decimal_of(y), error);
}

sql_value negate(const sql_value& a, std::string& error) {
  const sql_number n = to_number(a);
  if (auto i = std::get_if<std::int64_t>(&n))
    return integer_result(-static_cast<int128>(*i), false, error);
  if (auto u = std::get_if<std::uint64_t>(&n))
    return integer_result(-static_cast<int128>(*u), false, error);
  if (auto d = std::get_if<sql_decimal>(&n))
    return sql_value(d->negated());
  return sql_value(-std::get<double>(n));
}

std::uint64_t to_bits(const sql_value& a) {
  const sql_number n = to_number(a);
  if (auto i = std::get_if<std::int64_t>(&n))
    return static_cast<std::uint64_t>(*i);
  if (auto u = std::get_if<std::uint64_t>(&n))
    return *u;
  if (auto d = std::get_if<sql_decimal>(&n)) {
    const sql_decimal r = d->round(0);
    if (auto i = r.to_int64())
      return static_cast<std::uint64_t>(*i);
    if (auto u = r.to_uint64())
      return *u;
    return r.negative() ? static_cast<std::uint64_t>(INT64_MIN) : UINT64_MAX;
  }
  const double r = std::round(std::get<double>(n));
  if (r >= 18446744073709551616.0)
    return UINT64_MAX;
  if (r >= 9223372036854775808.0)
    return static_cast<std::uint64_t>(r);
  if (r <= -9223372036854775808.0)
    return static_cast<std::uint64_t>(INT64_MIN);
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(r));
}

sql_value bitwise(bit_op op, const sql_value& a, const sql_value& b) {
  const std::uint64_t x = to_bits(a), y = to_bits(b);
  switch (op) {
    case bit_op::bit_or: return sql_value(x | y);
    case bit_op::bit_and: return sql_value(x & y);
    case bit_op::bit_xor: return sql_value(x ^ y);
    case bit_op::shift_left: return sql_value(y >= 64 ? std::uint64_t{0} : x << y);
    case bit_op::shift_right: return sql_value(y >= 64 ? std::uint64_t{0} : x >> y);
  }
  return {};
}

}  // namespace sluice::pipeline
